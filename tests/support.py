"""Small helpers shared by tests."""

from __future__ import annotations

import os


def clean_env() -> dict[str, str]:
    """The environment without NEO4J_* variables, for running the milgraph command in a
    subprocess: NEO4J_URI would select Neo4j whatever the command's --db says."""
    return {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}
