"""Provenance as structure: each report's support for a fact or event is stored once, in its
own relationship or node, and the fact or event keeps small aggregates of it.

The shape (also in ``graph/model/provenance.yaml`` and the README):

- An event: one ``(:Report)-[:REPORTS]->(:Event)`` relationship per report, carrying that
  report's share (:data:`SHARE_PROPERTIES`: evidence, start, end, modality, confidence,
  attributed_to, reported).
- A static fact (a relationship between two entities cannot point at another relationship):
  the fact relationship carries its key ``fact`` (``TYPE:start-id->end-id``, the form
  ``milgraph reject`` takes), and each report's share is a node
  ``(:Report)-[:STATES]->(:Statement {id, fact, report, ...share})`` found by the index on
  ``Statement.fact``. A Statement's id is ``statement:<report id>|<fact key>``.
- Both the Event and the fact relationship keep the aggregates (:data:`AGGREGATES`), updated
  by each write from the new shares alone, so adding a source costs the same at any count.

:func:`refresh_aggregates` recomputes the aggregates from the structure (after a retraction,
a merge, or anything that moves shares) and deletes events and facts no share supports.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from functools import lru_cache
from typing import Iterable

from milgraph.graph.model import load_model
from milgraph.graph.store import GraphStore, Statement

# One report's share: the properties of a REPORTS relationship or a Statement node.
SHARE_PROPERTIES = ("evidence", "start", "end", "modality", "confidence", "attributed_to", "reported")
# What an Event or fact relationship keeps about its shares.
AGGREGATES = ("source_count", "denied_count", "publishers", "unnamed_sources", "publisher_count",
              "first_reported", "last_reported", "modality", "confidence", "confidence_weight", "attributed_to")
_FACT_KEY = re.compile(r"^(?P<type>[A-Z_]+):(?P<start>.+?)->(?P<end>.+)$", re.S)


@lru_cache(maxsize=1)
def modality_order() -> tuple[str, ...]:
    """Modalities from weakest to strongest (provenance.yaml ``modality_strength``)."""
    return tuple(load_model().modality_strength)


def modality_rank(modality: str) -> int:
    order = modality_order()
    return order.index(modality) if modality in order else -1


def fact_key(rel_type: str, start: str, end: str) -> str:
    """``BACKS:actor:russia->actor:khalifa-haftar``: one fact relationship's key."""
    return f"{rel_type}:{start}->{end}"


def parse_fact_key(key: str) -> tuple[str, str, str]:
    found = _FACT_KEY.match(key)
    if not found or found["type"] not in load_model().relationships:
        raise ValueError(f"{key!r} is not a fact key (TYPE:start-id->end-id)")
    return found["type"], found["start"], found["end"]


def statement_id(report_id: str, key: str) -> str:
    return f"statement:{report_id}|{key}"


# The same id built in Cypher, from expressions for the report id and the fact key.
STATEMENT_ID_CYPHER = "'statement:' + {report} + '|' + {fact}"


# ---------------------------------------------------------------------------------------
# Cypher fragments shared by the writer and the refresh
# ---------------------------------------------------------------------------------------

# Set on a new Event or fact relationship `f`.
AGGREGATES_INIT = ("f.source_count = 0, f.denied_count = 0, f.publishers = [], f.unnamed_sources = 0, "
                   "f.publisher_count = 0, f.confidence = 0.0, f.confidence_weight = 0, f.attributed_to = []")

_RANK_OF_CURRENT = "coalesce([i IN range(0, size($order) - 1) WHERE $order[i] = f.modality][0], -1)"

# Combined confidence 1 - prod(1 - c) is kept as a whole-number sum of weights
# w(c) = floor(-ln(1 - c) * 2^32) (capped at c = 1 - 1e-12): whole numbers add up exactly in
# any order, where a product of floats does not, so the same shares give the same bits
# whatever order they were written in. ``confidence`` is 1 - exp(-sum / 2^32), rounded to six
# decimals (a single share of 0.8 reads back as 0.8).
WEIGHT_SCALE = 4294967296.0
_WEIGHT_CAP = int(-math.log(1e-12) * WEIGHT_SCALE)


def confidence_weight(value: str) -> str:
    """Cypher for the weight of a confidence expression ``value``."""
    return (f"CASE WHEN {value} >= 1.0 THEN {_WEIGHT_CAP} WHEN {value} <= 0.0 THEN 0 "
            f"ELSE toInteger(-log(1.0 - {value}) * {WEIGHT_SCALE}) END")


def _sorted_insert(acc: str, item: str) -> str:
    """Cypher: the sorted list ``acc`` with ``item`` put in its place (kept sorted as it grows,
    so a list of distinct values does not depend on the order they came in)."""
    return f"[p IN {acc} WHERE p < {item}] + [{item}] + [p IN {acc} WHERE p > {item}]"


# The combined confidence of the weight ``weight`` computed in the same WITH (see confidence_weight).
_CONFIDENCE_SET = ("f.confidence_weight = weight, "
                   f"f.confidence = round((1.0 - exp(-toFloat(weight) / {WEIGHT_SCALE})) * 1000000.0) / 1000000.0")


def _reported_set(earliest: str, latest: str, first: str, last: str, fallback: str) -> str:
    """Cypher: first_reported and last_reported widened to the new shares' ``earliest`` and
    ``latest`` (``first``/``last``: the current values, or null; ``fallback`` when none is dated)."""
    return (f"f.first_reported = CASE WHEN {earliest} IS NOT NULL AND ({last} IS NULL OR {earliest} < {first}) "
            f"THEN {earliest} WHEN {last} IS NULL THEN {fallback} ELSE {first} END, "
            f"f.last_reported = CASE WHEN {latest} IS NOT NULL AND ({last} IS NULL OR {latest} > {last}) "
            f"THEN {latest} ELSE {last} END")


def aggregates_update(event: bool, base: bool = True, carry: str = "", also: str = "",
                      date: str | None = None, before: str = "", fresh: str = "fresh") -> str:
    """Cypher that folds the list ``fresh`` of shares (maps with rank, denied, publisher,
    reported, confidence, attributed_to) into the aggregates of ``f``: on top of the current
    ones (``base``) or from nothing (a refresh). Ends with ``f`` in scope. ``carry``: more
    variables (", row") kept for ``before`` and ``also``, more assignments made in the same SET
    (before and after the aggregates); ``fresh``: the list of new shares, a variable or an
    expression such as ``row.shares`` (read in place: carrying a copy costs a pass); ``date``:
    the event's date expression when the same SET changes it (``first_reported`` falls back
    on it when no share is dated).

    One WITH computes every new value and one SET writes them all: each SET after a WITH is
    one more pass over the rows (on FalkorDB an eager one), the largest cost of a write.

    Every aggregate is order-independent by construction (counts, sums of whole numbers,
    min/max, sorted lists of distinct values), so folding shares in any order, in any number
    of writes, gives the same values as a refresh from all shares: no report-order recompute
    is needed after an ingest. Every expression reads only the value the property had before
    this clause, so both databases give the same result whatever order they evaluate a SET in."""
    def cur(prop: str, empty: str) -> str:
        return f"coalesce(f.{prop}, {empty})" if base else empty

    last = "f.last_reported" if base else "null"
    first = "f.first_reported" if base else "null"
    fallback = (date or "f.date") if event else "null"
    weight = (f"coalesce(f.confidence_weight, {confidence_weight('coalesce(f.confidence, 0.0)')})"
              if base else "0")
    return (
        f"WITH f{', fresh' if fresh == 'fresh' else ''}{carry}, reduce(b = {_RANK_OF_CURRENT if base else '-1'}, s IN {fresh} | "
        "CASE WHEN s.rank > b THEN s.rank ELSE b END) AS best, "
        f"reduce(m = null, s IN {fresh} | CASE WHEN s.reported IS NOT NULL AND (m IS NULL OR s.reported < m) "
        "THEN s.reported ELSE m END) AS earliest, "
        f"reduce(m = null, s IN {fresh} | CASE WHEN s.reported IS NOT NULL AND (m IS NULL OR s.reported > m) "
        "THEN s.reported ELSE m END) AS latest, "
        f"reduce(w = {weight}, s IN {fresh} | w + {confidence_weight('s.confidence')}) AS weight, "
        f"reduce(acc = {cur('publishers', '[]')}, s IN {fresh} | "
        "CASE WHEN s.denied OR s.publisher IS NULL OR s.publisher IN acc THEN acc "
        f"ELSE {_sorted_insert('acc', 's.publisher')} END) AS publishers, "
        f"{cur('unnamed_sources', '0')} + size([s IN {fresh} WHERE NOT s.denied AND s.publisher IS NULL]) AS unnamed "
        f"SET {before + ', ' if before else ''}f.source_count = {cur('source_count', '0')} + size({fresh}), "
        f"f.denied_count = {cur('denied_count', '0')} + size([s IN {fresh} WHERE s.denied]), "
        "f.publishers = publishers, f.unnamed_sources = unnamed, f.publisher_count = size(publishers) + unnamed, "
        f"{_CONFIDENCE_SET}, "
        f"f.attributed_to = reduce(acc = {cur('attributed_to', '[]')}, s IN {fresh} | "
        f"reduce(b = acc, a IN s.attributed_to | CASE WHEN a IN b THEN b ELSE {_sorted_insert('b', 'a')} END)), "
        f"f.modality = CASE WHEN best < 0 THEN {'f.modality' if base else 'null'} ELSE $order[best] END, "
        + _reported_set("earliest", "latest", first, last, fallback) + (f", {also}" if also else "") + " ")


def share_summary(shares: list[dict]) -> dict:
    """What the aggregates need from a list of new shares (maps as :func:`aggregates_update`
    reads them), folded in Python: the writer sends it with each row so that the database
    adds one summary instead of walking the shares expression by expression. Confidences stay
    a list (its size is the count of shares): their weights are taken in Cypher, as every
    other write and refresh takes them. A count of denials or unnamed sources that is zero and
    an empty attributed_to are left out (Cypher reads them as such): every value sent is one
    more the Neo4j driver encodes in Python."""
    named = [s for s in shares if not s["denied"]]
    reported = [s["reported"] for s in shares if s["reported"] is not None]
    summary = {"publishers": sorted({s["publisher"] for s in named if s["publisher"] is not None}),
               "best": max((s["rank"] for s in shares), default=-1),
               "earliest": min(reported, default=None), "latest": max(reported, default=None),
               "confidences": [s["confidence"] for s in shares]}
    optional = {"denied": len(shares) - len(named), "unnamed": sum(1 for s in named if s["publisher"] is None),
                "attributed_to": sorted({a for s in shares for a in s["attributed_to"]})}
    return summary | {k: v for k, v in optional.items() if v}


def _merged_sorted(current: str, added: str) -> str:
    """Cypher: the sorted list of distinct values ``current`` with the values ``added``, each put
    in its place by the database's own string order (as every other write and refresh does)."""
    return f"reduce(acc = {current}, v IN {added} | CASE WHEN v IN acc THEN acc ELSE {_sorted_insert('acc', 'v')} END)"


def aggregates_add_summary(event: bool, summary: str, carry: str = "", also: str = "",
                           date: str | None = None, before: str = "") -> str:
    """Cypher that adds a :func:`share_summary` (the expression ``summary``) to the aggregates of
    ``f``: the same values as :func:`aggregates_update` over the summarised shares, in one
    WITH and one SET. Arguments as there."""
    first, last = "f.first_reported", "f.last_reported"
    fallback = (date or "f.date") if event else "null"
    return (
        f"WITH f{carry}, {summary} AS sum, {_RANK_OF_CURRENT} AS rank_now, "
        f"{_merged_sorted('coalesce(f.publishers, [])', f'{summary}.publishers')} AS publishers, "
        f"reduce(w = coalesce(f.confidence_weight, {confidence_weight('coalesce(f.confidence, 0.0)')}), "
        f"c IN {summary}.confidences | w + {confidence_weight('c')}) AS weight, "
        f"coalesce(f.unnamed_sources, 0) + coalesce({summary}.unnamed, 0) AS unnamed "
        f"SET {before + ', ' if before else ''}f.source_count = coalesce(f.source_count, 0) + size(sum.confidences), "
        "f.denied_count = coalesce(f.denied_count, 0) + coalesce(sum.denied, 0), "
        "f.publishers = publishers, f.unnamed_sources = unnamed, f.publisher_count = size(publishers) + unnamed, "
        f"{_CONFIDENCE_SET}, "
        f"f.attributed_to = {_merged_sorted('coalesce(f.attributed_to, [])', 'coalesce(sum.attributed_to, [])')}, "
        "f.modality = CASE WHEN sum.best > rank_now THEN $order[sum.best] "
        "WHEN rank_now < 0 THEN f.modality ELSE $order[rank_now] END, "
        + _reported_set("sum.earliest", "sum.latest", first, last, fallback) + (f", {also}" if also else "") + " ")


# A share as read back from the structure (`x`: a REPORTS relationship or a Statement; `r`: its Report).
SHARE_FROM_STRUCTURE = (
    "{rank: coalesce([i IN range(0, size($order) - 1) WHERE $order[i] = x.modality][0], -1), "
    "denied: x.modality = 'denied', publisher: r.publisher, reported: x.reported, "
    "confidence: coalesce(x.confidence, 0.0), attributed_to: coalesce(x.attributed_to, [])}")


def refresh_statements(event_ids: Iterable[str] = (), fact_keys: Iterable[str] = ()) -> list[Statement]:
    """The statements of :func:`refresh_aggregates`, to run inside a larger batch."""
    order = list(modality_order())
    statements = []
    event_ids = sorted(set(event_ids))
    if event_ids:
        statements += [
            Statement("UNWIND $ids AS id MATCH (f:Event {id: id}) "
                      "OPTIONAL MATCH (r:Report)-[x:REPORTS]->(f) "
                      "WITH f, r, x ORDER BY r.id "
                      f"WITH f, collect(CASE WHEN x IS NULL THEN null ELSE {SHARE_FROM_STRUCTURE} END) AS fresh "
                      + aggregates_update(event=True, base=False), {"ids": event_ids, "order": order}),
            Statement("UNWIND $ids AS id MATCH (f:Event {id: id}) WHERE f.source_count = 0 DETACH DELETE f",
                      {"ids": event_ids}),
        ]
    by_type: dict[str, list[dict]] = defaultdict(list)
    for key in sorted(set(fact_keys)):
        rel_type, start, end = parse_fact_key(key)
        by_type[rel_type].append({"fact": key, "start": start, "end": end})
    for rel_type, rows in by_type.items():
        match = f"UNWIND $rows AS row MATCH (:Entity {{id: row.start}})-[f:{rel_type}]->(:Entity {{id: row.end}}) "
        statements += [
            Statement(match + "OPTIONAL MATCH (r:Report)-[:STATES]->(x:Statement {fact: row.fact}) "
                      "WITH f, r, x ORDER BY r.id "
                      f"WITH f, collect(CASE WHEN x IS NULL THEN null ELSE {SHARE_FROM_STRUCTURE} END) AS fresh "
                      + aggregates_update(event=False, base=False), {"rows": rows, "order": order}),
            Statement(match + "WHERE f.source_count = 0 DELETE f", {"rows": rows}),
        ]
    return statements


def refresh_aggregates(store: GraphStore, event_ids: Iterable[str] = (), fact_keys: Iterable[str] = ()) -> None:
    """Recompute the aggregates of these events and facts from their REPORTS relationships
    and Statements, in one batch; an event or fact left with no share is deleted (an event
    with its role relationships). Call it after moving or removing shares."""
    statements = refresh_statements(event_ids, fact_keys)
    if statements:
        store.write_batch(statements)


# ---------------------------------------------------------------------------------------
# Stores written before provenance was structure
# ---------------------------------------------------------------------------------------

_OLD_LISTS = ("sources", "evidence", "modalities", "confidences", "attributions")
_CLEAR_OLD = ", ".join(f"f.{name} = null" for name in _OLD_LISTS)
# share i of the old aligned lists on `f`, for report `r`
_OLD_SHARE_SET = ("x.evidence = coalesce(f.evidence[i], ''), x.modality = coalesce(f.modalities[i], f.modality), "
                  "x.confidence = coalesce(f.confidences[i], f.confidence, 1.0), "
                  "x.attributed_to = CASE WHEN coalesce(f.attributions[i], '') = '' THEN [] "
                  "ELSE split(f.attributions[i], ' | ') END, x.reported = r.published")


def upgrade_list_provenance(store: GraphStore, batch: int = 1_000) -> tuple[int, int]:
    """Move the per-source lists of a store written by an older milgraph (``sources``,
    ``evidence``, ``modalities``, ``confidences``, ``attributions`` on events and facts) into
    REPORTS properties and Statements, recompute the aggregates, and drop the lists. Returns
    (events, facts) upgraded; running it again finds nothing to do."""
    return _upgrade_events(store, batch), _upgrade_facts(store, batch)


def _upgrade_events(store: GraphStore, batch: int) -> int:
    """Each event's old lists become REPORTS properties, ``batch`` events per write."""
    events = 0
    while True:
        ids = [row["id"] for row in store.read(
            "MATCH (f:Event) WHERE f.sources IS NOT NULL RETURN f.id AS id LIMIT $batch", {"batch": batch})]
        if not ids:
            return events
        store.write_batch([
            Statement("UNWIND $ids AS id MATCH (f:Event {id: id}) UNWIND range(0, size(f.sources) - 1) AS i "
                      "MATCH (r:Report {id: f.sources[i]}) MERGE (r)-[x:REPORTS]->(f) "
                      f"SET {_OLD_SHARE_SET}", {"ids": ids}),
            Statement(f"UNWIND $ids AS id MATCH (f:Event {{id: id}}) SET {_CLEAR_OLD}", {"ids": ids}),
            *refresh_statements(event_ids=ids)])
        events += len(ids)


def _upgrade_facts(store: GraphStore, batch: int) -> int:
    """Each fact's old lists become Statements, ``batch`` facts per write."""
    facts = 0
    while True:
        rows = store.read("MATCH (a:Entity)-[f]->(b:Entity) WHERE f.sources IS NOT NULL "
                          "RETURN type(f) AS type, a.id AS start, b.id AS end LIMIT $batch", {"batch": batch})
        rows = [row for row in rows if row["type"] in load_model().relationships]
        if not rows:
            return facts
        keys = [fact_key(row["type"], row["start"], row["end"]) for row in rows]
        statements = []
        for rel_type in sorted({row["type"] for row in rows}):
            group = [{"fact": key, **row} for key, row in zip(keys, rows) if row["type"] == rel_type]
            match = f"UNWIND $rows AS row MATCH (:Entity {{id: row.start}})-[f:{rel_type}]->(:Entity {{id: row.end}}) "
            statements += [
                Statement(match + "SET f.fact = row.fact WITH f, row UNWIND range(0, size(f.sources) - 1) AS i "
                          "MATCH (r:Report {id: f.sources[i]}) "
                          f"MERGE (x:Statement {{id: {STATEMENT_ID_CYPHER.format(report='r.id', fact='row.fact')}}}) "
                          f"SET x.fact = row.fact, x.report = r.id, {_OLD_SHARE_SET} MERGE (r)-[:STATES]->(x)",
                          {"rows": group}),
                Statement(match + f"SET {_CLEAR_OLD}", {"rows": group})]
        store.write_batch(statements + refresh_statements(fact_keys=keys))
        facts += len(keys)
