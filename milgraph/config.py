"""Where the graph lives: the embedded store's data directory, or a Neo4j server.

Resolution order for each setting: command-line flag, then environment variable, then
default. A Neo4j URI (``--uri`` or ``NEO4J_URI``) selects Neo4j; otherwise the embedded
FalkorDB store in the data directory (``--db`` or ``MILGRAPH_DB``, default a per-user
data directory) is used.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from milgraph.errors import MilgraphError

DEFAULT_MAX_INPUT_MB = 1.0
"""Largest report text read, in MB (millions of characters); ~100 times a long report."""


def max_input_mb(value: float | None = None) -> float:
    """The report size limit: ``value`` (``--max-input-mb``), else ``MILGRAPH_MAX_INPUT_MB``, else
    :data:`DEFAULT_MAX_INPUT_MB`; 0 means no limit."""
    if value is not None:
        return value
    raw = os.environ.get("MILGRAPH_MAX_INPUT_MB")
    if raw:
        try:
            mb = float(raw)
        except ValueError:
            raise MilgraphError(f"MILGRAPH_MAX_INPUT_MB={raw!r} is not a number of MB; "
                                "set it to e.g. 10, or 0 for no limit") from None
        if mb < 0:
            raise MilgraphError(f"MILGRAPH_MAX_INPUT_MB={raw!r} is negative; set it to e.g. 10, or 0 for no limit")
        return mb
    return DEFAULT_MAX_INPUT_MB


@dataclass(frozen=True)
class StoreConfig:
    data_dir: Path
    neo4j_uri: str | None = None
    neo4j_user: str = "neo4j"
    neo4j_password: str | None = None
    neo4j_database: str | None = None
    graph_name: str = "milgraph"

    @property
    def backend(self) -> str:
        return "neo4j" if self.neo4j_uri else "falkordb"

    def describe(self) -> str:
        """Where the graph is, for messages (never the password)."""
        if self.neo4j_uri:
            db = f" database {self.neo4j_database}" if self.neo4j_database else ""
            return f"Neo4j at {redact_uri(self.neo4j_uri)}{db}"
        return f"embedded FalkorDB in {self.data_dir}"


# scheme://user:password@  (the password part is what is hidden; any scheme, anywhere in a text)
_URI_CREDENTIALS = re.compile(r"(\b[A-Za-z][A-Za-z0-9+.-]*://[^\s/@:'\"]*):[^\s/'\"]*@")


def redact_uri(text: str) -> str:
    """``text`` with the password of every ``scheme://user:password@host`` in it replaced by
    ``***``: for a URI, or a message or log line that may quote one."""
    return _URI_CREDENTIALS.sub(r"\1:***@", text) if text else text


def default_data_dir() -> Path:
    return Path(platformdirs.user_data_dir("milgraph", appauthor=False))


def resolve_config(
    db: str | os.PathLike | None = None,
    uri: str | None = None,
    user: str | None = None,
    password: str | None = None,
    database: str | None = None,
) -> StoreConfig:
    env = os.environ
    data_dir = Path(db or env.get("MILGRAPH_DB") or default_data_dir()).expanduser()
    return StoreConfig(
        data_dir=data_dir,
        neo4j_uri=uri or env.get("NEO4J_URI") or None,
        neo4j_user=user or env.get("NEO4J_USER") or "neo4j",
        neo4j_password=password or env.get("NEO4J_PASSWORD"),
        neo4j_database=database or env.get("NEO4J_DATABASE") or None,
    )
