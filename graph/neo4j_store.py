"""Neo4j through the official driver: bolt://, neo4j:// (routing: Aura, clusters) and
neo4j+s:// URIs; managed transactions, so the driver retries transient failures.

Reads run in read transactions (``execute_read``): the server refuses writes there, which is
what makes ``milgraph cypher`` read-only unless ``--write`` is given.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import unquote, urlsplit, urlunsplit

import neo4j
from neo4j import GraphDatabase
from neo4j.exceptions import AuthError, ConfigurationError, DriverError, Neo4jError, ServiceUnavailable

from milgraph.config import StoreConfig, redact_uri
from milgraph.errors import ReadOnlyError, StoreError
from milgraph.graph.model import load_model
from milgraph.graph.store import SECONDARY_INDEXES, GraphStore, Statement

_CLEAR_BATCH = 10_000
SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")
CONNECT_TIMEOUT_S = 10.0  # a server that accepts but never answers fails after this, not after 60 s


def split_credentials(uri: str) -> tuple[str, str | None, str | None]:
    """``(uri without user:password@, user, password)``: the driver refuses credentials in
    the URI, so they are taken out and used as the user and password."""
    parts = urlsplit(uri)
    if "@" not in parts.netloc:
        return uri, None, None
    userinfo, _, host = parts.netloc.rpartition("@")
    user, sep, password = userinfo.partition(":")
    return urlunsplit(parts._replace(netloc=host)), unquote(user) or None, unquote(password) if sep else None


def _message(exc: Neo4jError) -> str:
    """The server's message for a refused statement, as one line."""
    return redact_uri(re.sub(r"\s+", " ", str(exc.message or exc)).strip())


def _one_line(exc: BaseException) -> str:
    """A driver message as one line, with any password in a quoted URI hidden."""
    return redact_uri(re.sub(r"\s+", " ", f"{type(exc).__name__}: {exc}").strip())


class Neo4jStore(GraphStore):
    backend = "neo4j"

    def __init__(self, config: StoreConfig):
        self.config = config
        uri, uri_user, uri_password = split_credentials(config.neo4j_uri or "")
        shown = redact_uri(config.neo4j_uri or "")
        scheme = uri.partition("://")[0].lower()
        if scheme not in SCHEMES:
            raise StoreError(f"{shown!r} is not a Neo4j URI; give its Bolt address, e.g. bolt://localhost:7687, "
                             "neo4j://host:7687 or neo4j+s://host (not the http:// Browser address)")
        user = uri_user if uri_user and config.neo4j_user == "neo4j" else config.neo4j_user
        password = config.neo4j_password if config.neo4j_password is not None else uri_password
        auth = (user, password) if password is not None else None
        try:
            # Server notifications (deprecations of syntax FalkorDB still needs, unknown property
            # keys in an empty graph) would be logged as warnings on every query.
            self._driver = GraphDatabase.driver(uri, auth=auth, notifications_min_severity="OFF",
                                                connection_timeout=CONNECT_TIMEOUT_S,
                                                connection_acquisition_timeout=CONNECT_TIMEOUT_S)
            self._driver.verify_connectivity()
        except AuthError:
            raise StoreError(
                f"Neo4j at {shown} refused the credentials of user {user!r}; "
                "check NEO4J_USER and NEO4J_PASSWORD (or --user/--password)"
            ) from None
        except (ServiceUnavailable, ConfigurationError, ValueError, DriverError, OSError) as exc:
            raise StoreError(
                f"cannot reach Neo4j at {shown} ({_one_line(exc)}); "
                "check the URI and that the server is running (scripts/neo4j-local start runs one for tests)"
            ) from None

    def _session(self, **options: Any) -> neo4j.Session:
        return self._driver.session(database=self.config.neo4j_database, **options)

    def read(self, cypher: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        return self._managed(cypher, params, write=False)

    def write(self, cypher: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        return self._managed(cypher, params, write=True)

    def _managed(self, cypher: str, params: dict[str, Any] | None, write: bool) -> list[dict[str, Any]]:
        def work(tx: neo4j.ManagedTransaction) -> list[dict[str, Any]]:
            result = tx.run(cypher, params or {})
            keys = result.keys()
            rows = [dict(zip(keys, map(_plain, record))) for record in result]
            if write and self.statement_times is not None:
                self.statement_times.append((cypher, _server_s(result.consume())))
            return rows

        try:
            # fetch_size=-1: every row comes in one PULL (the rows are all read anyway), not one
            # round trip per 1,000.
            with self._session(fetch_size=-1) as session:
                return session.execute_write(work) if write else session.execute_read(work)
        except Neo4jError as exc:
            if not write and exc.code == "Neo.ClientError.Statement.AccessMode":
                raise ReadOnlyError() from None
            raise StoreError(f"Neo4j: {_message(exc)}") from exc
        except DriverError as exc:  # ServiceUnavailable, SessionExpired, ...
            raise StoreError(f"lost the connection to Neo4j at {redact_uri(self.config.neo4j_uri)}: {_one_line(exc)}") from exc

    def write_batch(self, statements: list[Statement]) -> None:
        if not statements:
            return

        times: list[tuple[str, float]] = []

        def work(tx: neo4j.ManagedTransaction) -> None:
            times.clear()  # a retried transaction runs every statement again
            for st in statements:
                summary = tx.run(st.cypher, st.params).consume()
                times.append((st.cypher, _server_s(summary)))

        try:
            with self._session() as session:
                session.execute_write(work)
            if self.statement_times is not None:
                self.statement_times += times
        except Neo4jError as exc:
            raise StoreError(f"Neo4j refused a write batch (nothing of it was applied): {_message(exc)}") from exc
        except DriverError as exc:
            raise StoreError(f"lost the connection to Neo4j at {redact_uri(self.config.neo4j_uri)} during a write "
                             f"batch (nothing of it was applied): {_one_line(exc)}") from exc

    def init_schema(self) -> list[str]:
        made = []
        for label in (*load_model().nodes, "Entity"):
            name = f"milgraph_{label.lower()}_id"
            # Labels cannot be parameters; these come from the graph model files only.
            self.write(f"CREATE CONSTRAINT {name} IF NOT EXISTS FOR (n:{label}) REQUIRE n.id IS UNIQUE")
            made.append(f"uniqueness constraint on :{label}(id)")
        for label, prop in SECONDARY_INDEXES:
            self.write(f"CREATE INDEX milgraph_{label.lower()}_{prop} IF NOT EXISTS FOR (n:{label}) ON (n.{prop})")
            made.append(f"index on :{label}({prop})")
        return made

    def clear(self) -> None:
        """Delete everything in bounded transactions: relationships first, so that a batch of
        nodes never drags along the thousands of links of a much-reported fact (a small server's
        transaction memory limit would refuse it)."""
        while self.write(f"MATCH ()-[r]->() WITH r LIMIT {_CLEAR_BATCH} DELETE r RETURN count(*) AS deleted")[0]["deleted"]:
            pass
        while self.write(f"MATCH (n) WITH n LIMIT {_CLEAR_BATCH} DETACH DELETE n RETURN count(*) AS deleted")[0]["deleted"]:
            pass

    def close(self) -> None:
        self._driver.close()


def _server_s(summary: neo4j.ResultSummary) -> float:
    """Seconds the server spent on one statement: until its first row was ready, plus streaming the rest."""
    return ((summary.result_available_after or 0) + (summary.result_consumed_after or 0)) / 1000


_SCALARS = frozenset((str, int, float, bool, type(None)))
_GRAPH_ITEMS = (neo4j.graph.Node, neo4j.graph.Relationship)


def _plain(value: Any) -> Any:
    """A driver value as plain Python: nodes and relationships become their property dicts,
    paths dicts of those. Scalars, lists and dicts are tested by exact type first: the graph
    types are abstract Mappings, and ``isinstance`` against them costs more than decoding the
    value did (most of the client time of a query returning thousands of rows)."""
    kind = type(value)
    if kind in _SCALARS:
        return value
    if kind is list:
        return [_plain(v) for v in value]
    if kind is dict:
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, _GRAPH_ITEMS):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, neo4j.graph.Path):
        return {"nodes": [_plain(n) for n in value.nodes], "relationships": [_plain(r) for r in value.relationships]}
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value
