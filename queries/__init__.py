"""Canned Cypher queries (one per .cypher file) and their loader."""
