"""The one interface both graph databases implement.

Rows come back as lists of plain dicts keyed by column name; a node or a relationship in a
row becomes the dict of its properties, a path becomes
``{"nodes": [...], "relationships": [...]}``. Everything else is a plain Python value.

The Cypher both backends share (the "common subset") and that canned queries must keep to:
- no ``=~`` regexes, no ``datetime()``/``date()`` values (dates are ISO strings compared as
  strings), no ``:A|B`` label expressions, no ``EXISTS {}`` subqueries, no APOC;
- ``shortestPath`` only in ``WITH``/``RETURN`` and only directed (FalkorDB);
- one statement per call; parameters for every value (``$name``), never string formatting.
"""

from __future__ import annotations

import contextlib
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import Any

from milgraph.config import StoreConfig


# Indexes besides the one on `id` of every label: (label, property). Report.url finds the
# older version of a changed report; the others serve the canned queries (dates, names,
# what is new since a date: first_reported and Report.published); Statement.fact finds a static
# fact's per-report shares.
SECONDARY_INDEXES = [("Report", "url"), ("Event", "date"), ("Event", "first_seen"), ("Entity", "name"),
                     ("Entity", "first_seen"), ("Statement", "fact"), ("Event", "first_reported"),
                     ("Entity", "first_reported"), ("Report", "published")]


@dataclass
class Statement:
    cypher: str
    params: dict[str, Any] = field(default_factory=dict)
    name: str = ""  # what it writes ("events", "facts", ...): for benchmarks and profiles
    # Run only if every statement before it in the batch was applied. Neo4j runs a batch as one
    # transaction, so this holds anyway; the embedded store pipelines a batch, where a refused
    # statement does not stop the ones after it, so it sends these in a second round trip.
    after_success: bool = False


class GraphStore(ABC):
    backend: str = ""
    # Set to a list to have every write statement's (cypher, seconds the database spent on it)
    # appended to it (benchmarks); None costs nothing.
    statement_times: list[tuple[str, float]] | None = None

    @abstractmethod
    def read(self, cypher: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        """Run one read-only statement (a read transaction where the database has one)."""

    @abstractmethod
    def write(self, cypher: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        """Run one statement that may write, in its own transaction."""

    @abstractmethod
    def write_batch(self, statements: list[Statement]) -> None:
        """Run several statements as one unit. Neo4j: one transaction, all or nothing.
        FalkorDB: MULTI/EXEC, so no other client sees a half-applied batch and a crash drops
        the whole batch, but statements before one the database refuses stay applied;
        :func:`milgraph.graph.writer.write_extractions` retracts them."""

    @abstractmethod
    def init_schema(self) -> list[str]:
        """Create uniqueness constraints (Neo4j) or indexes (FalkorDB) on ``id``; returns what was made."""

    @abstractmethod
    def clear(self) -> None:
        """Delete every node and relationship (tests and ``--fresh`` runs)."""

    @abstractmethod
    def close(self) -> None: ...

    def compact(self) -> None:
        """After a large write: let the database fold its write log into a snapshot (the
        embedded store); a server database manages this itself, so a no-op there."""

    def exclusive_writer(self) -> contextlib.AbstractContextManager:
        """Held for a whole ingest. The embedded store allows one writer per data directory;
        a server database handles concurrent writers itself, so this is a no-op there."""
        return contextlib.nullcontext()

    def __enter__(self) -> GraphStore:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def open_store(config: StoreConfig) -> GraphStore:
    """The store the configuration selects: Neo4j when a URI is set, else embedded FalkorDB."""
    if config.backend == "neo4j":
        from milgraph.graph.neo4j_store import Neo4jStore

        return Neo4jStore(config)
    from milgraph.graph.falkordb_store import FalkorDBStore

    return FalkorDBStore(config)
