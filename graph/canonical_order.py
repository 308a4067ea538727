"""What the writer grows by appending, put in an order that does not depend on the ingest order.

The aggregates of facts and events need nothing here: they are order-independent as they are
written (:func:`milgraph.graph.provenance.aggregates_update`). An entity's new aliases are
appended at the end of its list; after an ingest, :func:`canonicalize` sorts the aliases of the
entities its reports name (a cost in proportion to what the ingest added), so that the same
reports give the same graph whatever order they came in. Events get the same from
:mod:`milgraph.graph.happening_store`. After a retraction, :func:`refresh_first_reported`
gives the entities the report named their report time from the reports that remain.
"""

from __future__ import annotations

from collections.abc import Iterable

from milgraph.graph.ids import match_key
from milgraph.graph.generic_names import specific_aliases
from milgraph.graph.store import GraphStore


def sorted_aliases(aliases: Iterable[str], label: str | None = None) -> list[str]:
    """Sorted, and without generic nouns (a store written before they were kept out)."""
    return sorted(dict.fromkeys(specific_aliases(aliases, label)), key=lambda a: (a.casefold(), a))


def canonicalize(store: GraphStore, report_ids: Iterable[str]) -> dict[str, int]:
    """Sort the aliases of the entities these reports name; returns how many were redone.
    Reads only what the reports link to, however many sources the graph holds."""
    ids = sorted(set(report_ids))
    if not ids:
        return {"entities": 0}
    entities = _entity_rows(store, ids)
    if entities:
        store.write("UNWIND $rows AS row MATCH (n:Entity {id: row.id}) SET n.aliases = row.aliases", {"rows": entities})
    return {"entities": len(entities)}


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


def mentioned_entities(store: GraphStore, report_id: str) -> list[str]:
    return [row["id"] for row in store.read(
        "MATCH (:Report {id: $id})-[:MENTIONS]->(n:Entity) RETURN n.id AS id ORDER BY id", {"id": report_id})]


def refresh_first_reported(store: GraphStore, entity_ids: Iterable[str]) -> int:
    """``first_reported`` of these entities from the reports that still name them (after a
    report was taken back). Returns how many changed."""
    ids = sorted(set(entity_ids))
    if not ids:
        return 0
    rows = store.read("UNWIND $ids AS id MATCH (n:Entity {id: id}) OPTIONAL MATCH (r:Report)-[:MENTIONS]->(n) "
                      "RETURN n.id AS id, n.first_reported AS now, collect(r.published) AS published", {"ids": ids})
    changed = [{"id": row["id"], "first": _earliest(row["published"])} for row in rows
               if _earliest(row["published"]) != row["now"]]
    if changed:
        store.write("UNWIND $rows AS row MATCH (n:Entity {id: row.id}) SET n.first_reported = row.first",
                    {"rows": changed})
    return len(changed)


def refresh_aliases(store: GraphStore, entity_ids: Iterable[str]) -> int:
    """The aliases of these entities from what the reports that still name them called them
    (each report's names ride on its MENTIONS link), plus those added with ``milgraph alias
    add`` and less those removed, after a report was taken back. Entities with a link written
    before links carried names keep their aliases. Returns how many changed."""
    from milgraph.graph.curation import CurationRules, load_curations

    ids = sorted(set(entity_ids))
    if not ids:
        return 0
    curations = load_curations(store)
    added: dict[str, list[str]] = {}
    for c in curations:
        if c.action == "alias":
            added.setdefault(c.subject, []).append(c.value)
    removed = CurationRules(curations).unaliased
    rows = store.read("UNWIND $ids AS id MATCH (n:Entity {id: id}) MATCH (r:Report)-[m:MENTIONS]->(n) "
                      "RETURN n.id AS id, labels(n) AS labels, n.aliases AS now, collect(m.aliases) AS told, "
                      "count(m) AS links", {"ids": ids})
    changed = []
    for row in rows:
        told = [names for names in row["told"] if names is not None]
        if len(told) < row["links"]:
            continue
        label = "Equipment" if "Equipment" in row["labels"] else None
        names = [a for group in told for a in group] + added.get(row["id"], [])
        names = [a for a in names if (row["id"], match_key(a)) not in removed]
        aliases = sorted_aliases(names, label)
        if aliases != sorted_aliases(row["now"] or [], label):
            changed.append({"id": row["id"], "aliases": aliases})
    if changed:
        store.write("UNWIND $rows AS row MATCH (n:Entity {id: row.id}) SET n.aliases = row.aliases", {"rows": changed})
    return len(changed)


def _earliest(dates) -> str | None:
    return min((d for d in dates or () if d), default=None)
