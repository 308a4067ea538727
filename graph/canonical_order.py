"""Lists in the graph in an order that does not depend on the ingest order.

The writer appends: an entity's new aliases at the end, a fact's new source (with its evidence,
modality, confidence, attribution) at the end. After an ingest, :func:`canonicalize` puts the
aliases of the entities its reports name in sorted order and the per-source lists of the facts
they state in report-id order (with the modality and ``attributed_to`` that order gives), so
that the same reports give the same graph whatever order they came in. Events get the same
from :mod:`milgraph.graph.happening_store`.
"""

from __future__ import annotations

from collections.abc import Iterable

from milgraph.graph.generic_names import specific_aliases
from milgraph.graph.store import GraphStore, Statement

ATTRIBUTION_SEPARATOR = " | "
_ALIGNED = ("sources", "evidence", "modalities", "confidences", "attributions")


def sorted_aliases(aliases: Iterable[str], label: str | None = None) -> list[str]:
    """Sorted, and without generic nouns (a store written before they were kept out)."""
    return sorted(dict.fromkeys(specific_aliases(aliases, label)), key=lambda a: (a.casefold(), a))


def canonicalize(store: GraphStore, report_ids: Iterable[str]) -> dict[str, int]:
    """Sort the lists of what these reports touched; returns how many entities and facts changed."""
    ids = sorted(set(report_ids))
    if not ids:
        return {"entities": 0, "facts": 0}
    entities = _entity_rows(store, ids)
    facts = _fact_rows(store, ids)
    statements = []
    if entities:
        statements.append(Statement("UNWIND $rows AS row MATCH (n:Entity {id: row.id}) SET n.aliases = row.aliases",
                                    {"rows": entities}))
    for rel_type in sorted({row["type"] for row in facts}):
        statements.append(Statement(
            f"UNWIND $rows AS row MATCH (a:Entity {{id: row.start}})-[f:{rel_type}]->(b:Entity {{id: row.end}}) "
            "SET f += row.props", {"rows": [row for row in facts if row["type"] == rel_type]}))
    if statements:
        store.write_batch(statements)
    return {"entities": len(entities), "facts": len(facts)}


def _entity_rows(store: GraphStore, report_ids: list[str]) -> list[dict]:
    rows = store.read("UNWIND $ids AS rid MATCH (:Report {id: rid})-[:MENTIONS]->(n:Entity) "
                      "WITH DISTINCT n WHERE size(coalesce(n.aliases, [])) > 0 "
                      "RETURN n.id AS id, n.aliases AS aliases, labels(n) AS labels", {"ids": report_ids})
    out = []
    for row in rows:
        aliases = sorted_aliases(row["aliases"], "Equipment" if "Equipment" in row["labels"] else None)
        if list(row["aliases"]) != aliases:
            out.append({"id": row["id"], "aliases": aliases})
    return out


def _fact_rows(store: GraphStore, report_ids: list[str]) -> list[dict]:
    from milgraph.graph.model import load_model

    types = set(load_model().relationships)
    rows = store.read(
        "UNWIND $ids AS rid MATCH (:Report {id: rid})-[:MENTIONS]->(a:Entity)-[f]->(b:Entity) "
        "WHERE rid IN coalesce(f.sources, []) AND size(f.sources) > 1 "
        "WITH DISTINCT a, f, b RETURN a.id AS start, type(f) AS type, b.id AS end, f.sources AS sources, "
        "f.evidence AS evidence, f.modalities AS modalities, f.confidences AS confidences, "
        "f.attributions AS attributions, f.modality AS modality, f.attributed_to AS attributed_to",
        {"ids": report_ids})
    out = []
    for row in rows:
        if row["type"] not in types:  # only fact types from the model reach Cypher as labels
            continue
        props = ordered_provenance(row)
        if any(props[k] != row[k] for k in props):
            out.append({"start": row["start"], "type": row["type"], "end": row["end"], "props": props})
    return out


def ordered_provenance(row: dict) -> dict:
    """The per-source lists of a fact in source-id order, and what follows from that order."""
    sources = list(row["sources"])
    lists = {k: list(row.get(k) or []) for k in _ALIGNED}
    order = sorted(range(len(sources)), key=lambda i: sources[i])
    props = {k: [v[i] if i < len(v) else None for i in order] if v else v for k, v in lists.items()}
    modalities = [m for m in props["modalities"] if m]
    props["modality"] = "confirmed" if "confirmed" in modalities else (modalities[0] if modalities else row["modality"])
    attributed: list[str] = []
    for text in props["attributions"] or []:
        attributed += [a for a in (text or "").split(ATTRIBUTION_SEPARATOR) if a and a not in attributed]
    rest = [a for a in (row.get("attributed_to") or []) if a not in attributed]
    props["attributed_to"] = attributed + sorted(rest)
    return props


def mentioned_entities(store: GraphStore, report_id: str) -> list[str]:
    return [row["id"] for row in store.read(
        "MATCH (:Report {id: $id})-[:MENTIONS]->(n:Entity) RETURN n.id AS id ORDER BY id", {"id": report_id})]


def refresh_first_reported(store: GraphStore, entity_ids: Iterable[str]) -> int:
    """``first_reported`` of these entities and of the facts between them, from the reports
    that still name or state them (after a report was taken back). Returns how many changed."""
    ids = sorted(set(entity_ids))
    if not ids:
        return 0
    entities = store.read("UNWIND $ids AS id MATCH (n:Entity {id: id}) OPTIONAL MATCH (r:Report)-[:MENTIONS]->(n) "
                          "RETURN n.id AS id, n.first_reported AS now, collect(r.published) AS published", {"ids": ids})
    entity_rows = [{"id": row["id"], "first": _earliest(row["published"])} for row in entities]
    entity_rows = [row for row, old in zip(entity_rows, entities) if row["first"] != old["now"]]
    facts = store.read("UNWIND $ids AS id MATCH (a:Entity {id: id})-[f]->(b:Entity) WHERE f.sources IS NOT NULL "
                       "UNWIND f.sources AS rid MATCH (r:Report {id: rid}) "
                       "RETURN a.id AS start, type(f) AS type, b.id AS end, f.first_reported AS now, "
                       "collect(r.published) AS published", {"ids": ids})
    statements = []
    if entity_rows:
        statements.append(Statement("UNWIND $rows AS row MATCH (n:Entity {id: row.id}) SET n.first_reported = row.first",
                                    {"rows": entity_rows}))
    from milgraph.graph.model import load_model

    types = set(load_model().relationships)
    changed = [row for row in facts if row["type"] in types and _earliest(row["published"]) != row["now"]]
    for rel_type in sorted({row["type"] for row in changed}):
        statements.append(Statement(
            f"UNWIND $rows AS row MATCH (a:Entity {{id: row.start}})-[f:{rel_type}]->(b:Entity {{id: row.end}}) "
            "SET f.first_reported = row.first",
            {"rows": [{"start": r["start"], "end": r["end"], "first": _earliest(r["published"])}
                      for r in changed if r["type"] == rel_type]}))
    if statements:
        store.write_batch(statements)
    return len(entity_rows) + len(changed)


def _earliest(dates) -> str | None:
    return min((d for d in dates or () if d), default=None)
