"""Loaders: read inputs (reports, curated facts) and turn them into Extractions."""
