"""Copy the graph from one store (the embedded FalkorDB) into another (a Neo4j database).

Idempotent and batched: nodes are MERGEd by ``id`` and get exactly the source's labels and
properties (``SET n = $props``); relationships are MERGEd by (start id, type, end id) and get
the source's properties. Pushing twice leaves the target as after the first push. Nothing
the source lacks is deleted from the target, and parallel relationships of one type between
the same two nodes become one. Provenance is structure (graph/provenance.py), so it travels as
it is: REPORTS relationships with their properties, Statement nodes with their STATES links,
and the aggregates on events and facts.

Every value travels as a parameter. Labels and relationship types cannot be parameters in
Cypher, so they are written into the statements only after checking them against the graph
model's known names (:mod:`milgraph.graph.model`); anything else stops the push.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from typing import Any, Callable

from milgraph.errors import MilgraphError
from milgraph.graph.model import load_model
from milgraph.graph.store import GraphStore, Statement

DEFAULT_BATCH = 5_000
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
# The label a node is MERGEd on: the one its uniqueness constraint is on, in this order.
_MERGE_ORDER = ("Entity", "Event", "Report", "Statement")


@dataclass
class PushSummary:
    nodes: int  # nodes read from the source and written
    relationships: int
    target_nodes: int  # totals in the target afterwards
    target_relationships: int
    skipped_nodes: int = 0  # nodes without an id cannot be matched again, so are not copied


def known_labels() -> set[str]:
    model = load_model()
    labels = set(model.nodes) | set(model.event_labels) | {"Entity"}
    labels |= {extra for node in model.nodes.values() for extra in node.kinds.values() if extra}
    return labels


def known_types() -> set[str]:
    model = load_model()
    return set(model.relationships) | set(model.roles) | set(model.provenance)


def _checked(name: str, allowed: set[str], what: str) -> str:
    if name not in allowed or not _NAME.match(name):
        raise MilgraphError(f"push stopped: the source has a {what} {name!r} that is not in the graph model "
                            f"({', '.join(sorted(allowed))})")
    return name


def merge_label(labels: list[str]) -> str:
    for label in _MERGE_ORDER:
        if label in labels:
            return label
    return sorted(labels)[0] if labels else ""


def push_graph(source: GraphStore, target: GraphStore, batch_size: int = DEFAULT_BATCH,
               progress: Callable[[str, int], None] | None = None) -> PushSummary:
    """Copy every node, then every relationship, of ``source`` into ``target``."""
    if batch_size < 1:
        raise MilgraphError("the batch size must be at least 1")
    labels_ok, types_ok = known_labels(), known_types()
    target.init_schema()
    top = source.read("MATCH (n) RETURN max(id(n)) AS top")[0]["top"]
    nodes = relationships = skipped = 0
    if top is not None:
        for low in range(0, top + 1, batch_size):
            window = {"low": low, "high": low + batch_size}
            rows = source.read("MATCH (n) WHERE id(n) >= $low AND id(n) < $high "
                               "RETURN labels(n) AS labels, n AS props", window)
            written, missing = _write_nodes(target, rows, labels_ok)
            nodes += written
            skipped += missing
            if progress:
                progress("nodes", nodes)
        for low in range(0, top + 1, batch_size):
            window = {"low": low, "high": low + batch_size}
            rows = source.read("MATCH (a)-[r]->(b) WHERE id(a) >= $low AND id(a) < $high "
                               "AND a.id IS NOT NULL AND b.id IS NOT NULL "
                               "RETURN a.id AS start, labels(a) AS start_labels, type(r) AS type, "
                               "b.id AS end, labels(b) AS end_labels, r AS props", window)
            relationships += _write_relationships(target, rows, labels_ok, types_ok, batch_size)
            if progress:
                progress("relationships", relationships)
    totals = target.read("MATCH (n) RETURN count(n) AS c")[0]["c"], \
        target.read("MATCH ()-[r]->() RETURN count(r) AS c")[0]["c"]
    return PushSummary(nodes, relationships, totals[0], totals[1], skipped)


def _write_nodes(target: GraphStore, rows: list[dict[str, Any]], labels_ok: set[str]) -> tuple[int, int]:
    groups: dict[tuple[str, ...], list[dict]] = defaultdict(list)
    missing = 0
    for row in rows:
        props = {k: v for k, v in (row["props"] or {}).items() if v is not None}
        if props.get("id") is None:
            missing += 1
            continue
        labels = tuple(sorted(_checked(x, labels_ok, "label") for x in row["labels"]))
        groups[labels].append({"id": props["id"], "props": props})
    statements = []
    for labels, group in groups.items():
        key = merge_label(list(labels))
        extra = [x for x in labels if x != key]
        set_labels = f" SET n:{':'.join(extra)}" if extra else ""
        statements.append(Statement(
            f"UNWIND $rows AS row MERGE (n:{key} {{id: row.id}}) SET n = row.props{set_labels}",
            {"rows": group}))
    target.write_batch(statements)
    return sum(len(g) for g in groups.values()), missing


def _write_relationships(target: GraphStore, rows: list[dict[str, Any]], labels_ok: set[str],
                         types_ok: set[str], batch_size: int) -> int:
    groups: dict[tuple[str, str, str], list[dict]] = defaultdict(list)
    for row in rows:
        start = merge_label([_checked(x, labels_ok, "label") for x in row["start_labels"]])
        end = merge_label([_checked(x, labels_ok, "label") for x in row["end_labels"]])
        rel_type = _checked(row["type"], types_ok, "relationship type")
        props = {k: v for k, v in (row["props"] or {}).items() if v is not None}
        groups[(start, rel_type, end)].append({"start": row["start"], "end": row["end"], "props": props})
    written = 0
    for (start, rel_type, end), group in groups.items():
        for i in range(0, len(group), batch_size):
            chunk = group[i:i + batch_size]
            target.write_batch([Statement(
                f"UNWIND $rows AS row MATCH (a:{start} {{id: row.start}}) MATCH (b:{end} {{id: row.end}}) "
                f"MERGE (a)-[r:{rel_type}]->(b) SET r = row.props",
                {"rows": chunk})])
            written += len(chunk)
    return written
