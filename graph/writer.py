"""Write an Extraction to a GraphStore: validate first, then idempotent batched upserts.

Every statement is ``UNWIND $rows AS row ... MERGE`` with all values as parameters; labels
and relationship types (which Cypher cannot take as parameters) come only from the graph
model files, after validation. One Extraction is written as one batch (one transaction on
Neo4j; on FalkorDB one pipeline of statements, each atomic on its own).

A report's node is written first and marked ``pending``; every later statement links what it
writes to the report (entities with MENTIONS, events with REPORTS, relations with STATES to
a Statement), so whatever part of a report was written can be found and taken back. The
batch's last statement marks complete the reports that replace no older version; the caller
marks the others complete (:func:`complete_reports`) once it has retracted their older
versions. A run that dies before that is repaired by the next one (:func:`repair_interrupted`).

Provenance (the same on both backends; the shape is in :mod:`milgraph.graph.provenance`):
- each report's share of an event is its REPORTS relationship, of a static fact its
  Statement node; writing the same report again changes nothing;
- the event or fact keeps aggregates (source and publisher counts, first and last report
  date, strongest modality, combined confidence), grown from the new shares only. Which
  shares are new is known per report: one indexed read of the batch's report ids tells which
  reports the graph already holds; a report it does not hold has no share yet, so a fact or
  event told only by new reports sets its aggregates from its row in the same pass that sets
  its own values, before its shares are written (no per-share test, no grouping). A report
  written again takes the statement whose MERGE of each share tells whether it was new;
- an event's ``date`` keeps the most precise value seen; ``count`` the highest.
- ``first_reported`` (entities, facts, events) is report time: the earliest publication date
  of the reports that state it (an event that no dated report states: its own date);
  ``first_seen`` is the day milgraph first wrote it.
"""

from __future__ import annotations

import json
import math
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from typing import TYPE_CHECKING, Any

from milgraph.errors import ValidationError
from milgraph.graph.generic_names import specific_aliases
from milgraph.graph.ids import make_id
from milgraph.graph.model import GraphModel, load_model
from milgraph.graph.provenance import (AGGREGATES_INIT, SHARE_PROPERTIES, aggregates_add_summary, aggregates_update,
                                       fact_key, modality_order, modality_rank, refresh_statements, share_summary,
                                       statement_id)
from milgraph.graph.records import Entity, Event, Extraction, Relation, ReportMeta
from milgraph.graph.store import GraphStore, Statement

if TYPE_CHECKING:
    from milgraph.graph.curation import CurationRules

_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
ISO_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def is_iso_date(value: str) -> bool:
    """YYYY, YYYY-MM or YYYY-MM-DD, and a real calendar date."""
    if not isinstance(value, str) or not ISO_DATE.match(value):
        return False
    try:
        date.fromisoformat((value + "-01-01")[:10] if len(value) < 10 else value)
    except ValueError:
        return False
    return True


# ---------------------------------------------------------------------------------------
# Validation
# ---------------------------------------------------------------------------------------


def validate(extraction: Extraction, model: GraphModel | None = None) -> None:
    """Raise ValidationError listing every way the extraction does not fit the model."""
    model = model or load_model()
    problems: list[str] = []
    labels_by_id: dict[str, str] = {}
    if not extraction.report.id.startswith("report:"):
        problems.append(f"report id {extraction.report.id!r} must start with 'report:'")
    for i, entity in enumerate(extraction.entities):
        problems += [f"entity {i} ({entity.name!r}): {p}" for p in _entity_problems(entity, model)]
        labels_by_id[entity.id] = entity.labels[0] if entity.labels else "?"
    for i, rel in enumerate(extraction.relations):
        problems += [f"relation {i} ({rel.type} {rel.start} -> {rel.end}): {p}"
                     for p in _relation_problems(rel, model, labels_by_id)]
    for i, event in enumerate(extraction.events):
        problems += [f"event {i} ({event.id}): {p}" for p in _event_problems(event, model, labels_by_id)]
    if problems:
        raise ValidationError("nothing was written: " + "; ".join(problems))


def _entity_problems(entity: Entity, model: GraphModel) -> list[str]:
    if not entity.labels or entity.labels[0] not in model.nodes or not model.nodes[entity.labels[0]].is_entity:
        return [f"unknown entity label {entity.labels[:1]}; expected one of {', '.join(model.entity_labels)}"]
    label = model.nodes[entity.labels[0]]
    problems = []
    if not entity.name or not entity.name.strip():
        problems.append("empty name")
    if not entity.id.startswith(label.id_prefix + ":"):
        problems.append(f"id {entity.id!r} must start with '{label.id_prefix}:'")
    if not label.allows_kind(entity.kind):
        problems.append(f"kind {entity.kind!r} is not a {label.name} kind ({', '.join(label.kinds)})")
    for key in ("lat", "lon"):
        value = entity.properties.get(key)
        if value is not None and not isinstance(value, (int, float)):
            problems.append(f"{key} must be a number, not {value!r}")
    for key, value in entity.properties.items():
        if not is_property_value(value):
            problems.append(f"property {key} must be a text, number or boolean, or a list of those")
    return problems


def is_property_value(value: Any) -> bool:
    """What both databases store as a property: a text, finite number or boolean, or a list of those."""
    if isinstance(value, float):
        return math.isfinite(value)
    if isinstance(value, list):
        return all(not isinstance(v, list) and is_property_value(v) for v in value)
    return value is None or isinstance(value, (str, int, bool))


def _fact_problems(modality: str, confidence: float, model: GraphModel) -> list[str]:
    problems = []
    if modality not in model.modalities:
        problems.append(f"modality {modality!r} is not one of {', '.join(model.modalities)}")
    if not isinstance(confidence, (int, float)) or not 0 <= confidence <= 1:
        problems.append(f"confidence {confidence!r} must be between 0 and 1")
    return problems


def _relation_problems(rel: Relation, model: GraphModel, labels_by_id: dict[str, str]) -> list[str]:
    spec = model.relationships.get(rel.type)
    if spec is None:
        return [f"unknown relationship type; expected one of {', '.join(model.relationships)}"]
    problems = _fact_problems(rel.modality, rel.confidence, model)
    for end, node_id, allowed in (("start", rel.start, spec.from_labels), ("end", rel.end, spec.to_labels)):
        label = labels_by_id.get(node_id)
        if label is None:
            problems.append(f"{end} {node_id!r} is not among the entities")
        elif label not in allowed:
            problems.append(f"{end} is a {label}, but {rel.type} goes {'from' if end == 'start' else 'to'} {'/'.join(allowed)}")
    return problems


def _event_problems(event: Event, model: GraphModel, labels_by_id: dict[str, str]) -> list[str]:
    problems = _fact_problems(event.modality, event.confidence, model)
    if not event.id.startswith("event:"):
        problems.append("id must start with 'event:'")
    kinds = [x for x in event.labels if x != "Event"]
    if "Event" not in event.labels or len(kinds) != 1 or kinds[0] not in model.event_labels:
        problems.append(f"labels {event.labels} must be Event plus one of {', '.join(model.event_labels)}")
    for field_name in ("date", "end_date"):
        value = getattr(event, field_name)
        if value is not None and not is_iso_date(value):
            problems.append(f"{field_name} {value!r} must be an ISO date: YYYY, YYYY-MM or YYYY-MM-DD")
    if event.date_precision not in model.date_precisions:
        problems.append(f"date_precision {event.date_precision!r} is not one of {', '.join(model.date_precisions)}")
    if event.count is not None and (not isinstance(event.count, int) or event.count < 0):
        problems.append(f"count {event.count!r} must be a whole number")
    for role, fillers in event.roles.items():
        spec = model.roles.get(role)
        if spec is None:
            problems.append(f"unknown role {role}; expected one of {', '.join(model.roles)}")
            continue
        for node_id in fillers:
            label = labels_by_id.get(node_id)
            if label is None:
                problems.append(f"{role} {node_id!r} is not among the entities")
            elif label not in spec.to_labels:
                problems.append(f"{role} takes {'/'.join(spec.to_labels)}, not the {label} {node_id!r}")
    return problems


# ---------------------------------------------------------------------------------------
# Statements
# ---------------------------------------------------------------------------------------

@dataclass
class WriteSummary:
    reports: list[str]
    entities: int
    relations: int
    events: int
    # reports left pending: each replaces an older version at its URL, which the caller
    # retracts before marking it complete (complete_reports); the others are complete already
    pending: list[str] = field(default_factory=list)


class _Facts:
    """Rows of one batch, one per fact or event, merged by key in Python first, so that each
    statement MERGEs every node or relationship once however many reports of the batch state
    it. A row's ``shares`` hold each report's support (one per report: the most confident
    reading when a report states the same thing twice)."""

    def __init__(self) -> None:
        self.rows: dict[tuple, dict] = {}

    def add(self, key: tuple, report: ReportMeta, item: Relation | Event, extra: dict,
            statement: str | None = None) -> dict:
        row = self.rows.get(key)
        if row is None:
            row = self.rows[key] = {**extra, "shares": {}}
        elif "props" in extra:  # as across batches: every report's properties, not only the first's
            row["props"] = {**row["props"], **extra["props"]}
        seen = row["shares"].get(report.id)
        if seen is None or item.confidence > seen["confidence"]:
            row["shares"][report.id] = _share(report, item, statement)
        return row

    def as_rows(self) -> list[dict]:
        return [{**row, "shares": list(row["shares"].values())} for row in self.rows.values()]


def _share(report: ReportMeta, item: Relation | Event, statement: str | None) -> dict:
    """One report's support for a fact or event: what REPORTS or a Statement stores, plus what
    the aggregates need (rank and denial of its modality, the report's publisher)."""
    share = {"report": report.id, "publisher": report.publisher or None, "reported": report.published or None,
             "evidence": item.evidence or "", "start": item.span.start if item.span else None,
             "end": item.span.end if item.span else None, "modality": item.modality,
             "rank": modality_rank(item.modality), "denied": item.modality == "denied",
             "confidence": float(item.confidence), "attributed_to": _unique(list(item.attributed_to))}
    if statement is not None:
        share["id"] = statement
    return share


def statements_for(extractions: list[Extraction] | Extraction, now: str | None = None,
                   existing_reports: set[str] | None = None, complete: list[str] | None = None) -> list[Statement]:
    """The batch that writes validated Extractions. Pure: builds Cypher and parameters only.
    ``existing_reports``: which of the batch's reports the graph held before it (None: not
    known, any may); a fact or event whose reports are all new takes the cheaper statement.
    ``complete``: reports the batch's last statement marks complete (nothing is left to do
    for them after it: see :func:`write_extractions`)."""
    if isinstance(extractions, Extraction):
        extractions = [extractions]
    now = now or datetime.now(timezone.utc).strftime("%Y-%m-%d")
    model = load_model()
    batch = _Batch.of(extractions)
    order = list(modality_order())
    statements = [_report_statement(extractions, now)]
    statements += _entity_statements(list(batch.entities.values()), model, now, batch.mentions, batch.cites,
                                     {e.report.id: e.report.published for e in extractions})
    for rel_type, facts in batch.relations.items():
        for new_reports, rows in _by_newness(facts.as_rows(), existing_reports):
            statements.append(Statement(_fact_cypher(rel_type, new_reports), {"rows": rows, "now": now, "order": order},
                                        f"facts:{rel_type}"))
    for new_reports, rows in _by_newness([row for facts in batch.events.values() for row in facts.as_rows()],
                                         existing_reports):
        statements.append(Statement(_event_cypher(model, new_reports), {"rows": rows, "now": now, "order": order},
                                    "events"))
    role_rows = [{"event": e, "target": t, "role": role} for role, pairs in batch.roles.items() for e, t in sorted(pairs)]
    if role_rows:
        statements.append(Statement(_role_cypher(model), {"rows": role_rows}, "roles"))
    if complete:  # last, and only if the rest was applied: otherwise they stay pending
        statements.append(Statement(_COMPLETE, {"ids": complete}, "complete", after_success=True))
    return [Statement(st.cypher, _cleaned(st.params), st.name, st.after_success) for st in statements]


@dataclass
class _Batch:
    """A batch's extractions merged by key, so that each statement writes every entity, fact,
    event and role once however many reports of the batch state it."""

    entities: dict[str, Entity] = field(default_factory=dict)
    mentions: dict[str, list[dict]] = field(default_factory=lambda: defaultdict(list))
    cites: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    relations: dict[str, _Facts] = field(default_factory=lambda: defaultdict(_Facts))
    events: dict[str, _Facts] = field(default_factory=lambda: defaultdict(_Facts))
    roles: dict[str, set[tuple[str, str]]] = field(default_factory=lambda: defaultdict(set))

    @classmethod
    def of(cls, extractions: list[Extraction]) -> _Batch:
        batch = cls()
        for extraction in extractions:
            batch.add(extraction)
        return batch

    def add(self, extraction: Extraction) -> None:
        report = extraction.report
        rid = report.id
        for entity in _dedupe_entities(extraction.entities + _sources_from_attributions(extraction)):
            _merge_entity(self.entities, entity)
            self.mentions[entity.id].append({"report": rid, "count": entity.mentions,
                                             "aliases": specific_aliases(_unique(entity.aliases), entity.label)})
            if entity.label == "Source":
                self.cites[entity.id].append(rid)
        for rel in extraction.relations:
            props = {k: v for k, v in rel.properties.items() if v is not None}
            key = fact_key(rel.type, rel.start, rel.end)
            self.relations[rel.type].add((rel.start, rel.end), report, rel,
                                         {"start": rel.start, "end": rel.end, "fact": key, "props": props},
                                         statement_id(rid, key))
        names = {e.id: e.name for e in extraction.entities}
        for event in extraction.events:
            _add_event(self.events[event.label], event, report, event_name(event, names))
            for role, fillers in event.roles.items():
                self.roles[role] |= {(event.id, target) for target in fillers}


def _by_newness(rows: list[dict], existing_reports: set[str] | None) -> list[tuple[bool, list[dict]]]:
    """The rows whose every share comes from a report new to the graph, and the others: a
    report that was not in the graph has no share yet, so all its shares are new, and a new
    row carries their summary for the aggregates."""
    if existing_reports is None:
        return [(False, rows)] if rows else []
    new, old = [], []
    for row in rows:
        if any(s["report"] in existing_reports for s in row["shares"]):
            old.append(row)
        else:
            new.append({**row, "summary": share_summary(row["shares"]),
                        "shares": [_stored_part(s) for s in row["shares"]]})
    return [(flag, group) for flag, group in ((True, new), (False, old)) if group]


_FOR_AGGREGATES_ONLY = ("rank", "denied", "publisher")


def _stored_part(share: dict) -> dict:
    """A new share as the properties its new REPORTS link or Statement takes in one
    assignment (``props``; null values left out, as a new link has none), without what only
    the aggregates read (the row sends them in its summary). What every share of a row has
    in common (an event's claim, a Statement's fact) is set from the row, not sent per share."""
    if "id" in share:  # a Statement: its report is one of its properties
        return {k: v for k, v in share.items() if v is not None and k not in _FOR_AGGREGATES_ONLY}
    return {"report": share["report"],
            "props": {k: v for k, v in share.items() if v is not None and k not in _NOT_STORED_AS_SENT}}


_NOT_STORED_AS_SENT = (*_FOR_AGGREGATES_ONLY, "report")


def event_name(event: Event, names: dict[str, str]) -> str:
    """A display name for an event: 'Flight Khmeimim -> al-Khadim, 2024-12-26'."""
    def listed(role: str) -> str:
        return ", ".join(names.get(i, i) for i in event.roles.get(role, []))

    if event.roles.get("FROM") or event.roles.get("TO"):
        what = f"{listed('FROM') or '?'} -> {listed('TO') or '?'}"
    else:
        what = listed("PARTICIPANT") or listed("BY") or listed("ABOUT") or listed("CARRIED")
    return f"{event.label} {what}".strip() + (f", {event.date}" if event.date else "")


def _when(condition: str, update: str) -> str:
    """``update`` only for rows where ``condition`` holds: labels and relationship types cannot
    be parameters, so one statement shape serves every label or type this way."""
    return f"FOREACH (one IN CASE WHEN {condition} THEN [1] ELSE [] END | {update}) "


def _role_cypher(model: GraphModel) -> str:
    """Every event role of a batch in one statement (the same for every batch)."""
    return ("UNWIND $rows AS row MATCH (e:Event {id: row.event}) MATCH (n:Entity {id: row.target}) "
            + "".join(_when(f"row.role = '{role}'", f"MERGE (e)-[:{role}]->(n)") for role in model.roles))


def _add_event(facts: _Facts, event: Event, report: ReportMeta, name: str) -> None:
    extra = {"id": event.id, "label": event.label, "name": name, "date": event.date,
             "date_precision": event.date_precision if event.date else "unknown",
             "end_date": event.end_date, "count": event.count, "claim_roles": claim_roles_text(event.roles)}
    row = facts.rows.get((event.id,))
    added = facts.add((event.id,), report, event, extra)
    # the report's own count and end date go on its REPORTS link (the event takes the best of all)
    added["shares"][report.id].update(claim_count=event.count, claim_end_date=event.end_date)
    if row is not None:  # the same event told by another report of this batch: keep the best date
        if event.date and (row["date"] is None or len(event.date) > len(row["date"])):
            row["date"], row["date_precision"] = event.date, event.date_precision
        row["end_date"] = row["end_date"] or event.end_date
        row["count"] = max(filter(None, (row["count"], event.count)), default=None)


def claim_roles_text(roles: dict[str, list[str]]) -> str:
    """A claim's roles as text: ``FROM=place:a;TO=place:b,place:c`` (roles and fillers sorted)."""
    return ";".join(f"{role}={','.join(sorted(set(fillers)))}" for role, fillers in sorted(roles.items()) if fillers)


# The report's own claim, kept on its REPORTS relationship `x` (graph.happening_store groups
# the claims of one happening into one event after writing).
_CLAIM_SET = ("x.claim_id = row.id, x.claim_label = row.label, x.claim_date = row.date, "
              "x.claim_precision = row.date_precision, x.claim_roles = row.claim_roles, x.claim_name = row.name, "
              "x.claim_end_date = share.claim_end_date, x.claim_count = share.claim_count, x.claim_others = null")

# The part of the claim every report of a row shares (a new link takes its own count and end date with its share).
_ROW_CLAIM_SET = ("x.claim_id = row.id, x.claim_label = row.label, x.claim_date = row.date, "
                  "x.claim_precision = row.date_precision, x.claim_roles = row.claim_roles, x.claim_name = row.name")

# A share's properties, set on its REPORTS relationship or Statement node `x`.
_SHARE_SET = ", ".join(f"x.{p} = share.{p}" for p in SHARE_PROPERTIES)


_BETTER_DATE = "row.date IS NOT NULL AND (f.date IS NULL OR size(row.date) > size(f.date))"
# An event's own values, set with its aggregates: the most precise date seen, the highest count.
_EVENT_OWN_SET = ("f.date = CASE WHEN better_date THEN row.date ELSE f.date END, "
                  "f.date_precision = CASE WHEN better_date THEN row.date_precision "
                  "ELSE coalesce(f.date_precision, 'unknown') END, "
                  "f.end_date = coalesce(f.end_date, row.end_date), "
                  "f.count = CASE WHEN f.count IS NULL OR row.count > f.count THEN row.count ELSE f.count END")


# What a new event gets once (the writer's own values; an existing event keeps its own): set
# ON CREATE, so that an event already there is not written values it has.
_EVENT_FIRST_SET = "f.first_seen = $now, f.name = row.name, f.aliases = []"


def _event_cypher(model: GraphModel, new_reports: bool) -> str:
    """Events, each with its reports' REPORTS relationships, and their aggregates grown by the
    new shares. One statement for every label. ``new_reports``: the rows' reports were not in
    the graph before this batch, so every share is new and the aggregates are set from the
    row before its shares are written (one pass over the rows, no grouping); otherwise each
    share's MERGE tells whether it was new and the new ones are gathered per event."""
    labels = "".join(_when(f"row.label = '{label}'", f"SET f:{label}") for label in model.event_labels)
    carry, date = f", row, {_BETTER_DATE} AS better_date", "CASE WHEN better_date THEN row.date ELSE f.date END"
    if new_reports:  # the summary's SET gives a new event its aggregates: no AGGREGATES_INIT first
        return (f"UNWIND $rows AS row MERGE (f:Event {{id: row.id}}) ON CREATE SET {_EVENT_FIRST_SET} {labels}"
                + aggregates_add_summary(event=True, summary="row.summary", carry=carry, date=date,
                                         also=_EVENT_OWN_SET)
                # a new report has no link yet: CREATE, not MERGE, and one map for all it holds
                + "WITH f, row UNWIND row.shares AS share MATCH (r:Report {id: share.report}) "
                f"CREATE (r)-[x:REPORTS]->(f) SET x = share.props, {_ROW_CLAIM_SET}")
    return ("UNWIND $rows AS row MERGE (f:Event {id: row.id}) ON CREATE SET f.first_seen = $now, "
            f"f.date_precision = 'unknown', f.name = row.name, f.aliases = [], {AGGREGATES_INIT} {labels}"
            "WITH f, row UNWIND row.shares AS share MATCH (r:Report {id: share.report}) MERGE (r)-[x:REPORTS]->(f) "
            + "WITH f, row, share, x, x.modality IS NULL AS is_new "  # a share always has a modality
            f"SET {_SHARE_SET}, {_CLAIM_SET} "
            "WITH f, row, collect(CASE WHEN is_new THEN share END) AS fresh "
            + aggregates_update(event=True, carry=carry, fresh="fresh", date=date, also=_EVENT_OWN_SET))


def _fact_cypher(rel_type: str, new_reports: bool) -> str:
    """Fact relationships of one type, each report's share a Statement node, and their
    aggregates grown by the new shares (``new_reports``: as for :func:`_event_cypher`)."""
    merge = ("UNWIND $rows AS row MATCH (a:Entity {id: row.start}) MATCH (b:Entity {id: row.end}) "
             f"MERGE (a)-[f:{rel_type}]->(b) ")
    head = merge + f"ON CREATE SET f.first_seen = $now, {AGGREGATES_INIT} "
    shares = "UNWIND row.shares AS share MATCH (r:Report {id: share.report}) MERGE (x:Statement {id: share.id}) "
    share_set = f"SET x.fact = row.fact, x.report = share.report, {_SHARE_SET} MERGE (r)-[:STATES]->(x) "
    before = "f += row.props, f.fact = row.fact"
    if new_reports:  # as for events: the summary's SET gives a new fact all its values
        return (merge + "ON CREATE SET f.first_seen = $now, f.fact = row.fact "
                + aggregates_add_summary(event=False, summary="row.summary", carry=", row", before="f += row.props")
                # a new report has no Statement yet: CREATE, not MERGE, and one map for all it holds
                + "WITH row UNWIND row.shares AS share MATCH (r:Report {id: share.report}) "
                "CREATE (r)-[:STATES]->(x:Statement) SET x = share, x.fact = row.fact")
    return (head + "WITH f, row " + shares
            + "WITH f, row, r, share, x, x.report IS NULL AS is_new " + share_set  # new: only an id
            + "WITH f, row, collect(CASE WHEN is_new THEN share END) AS fresh "
            + aggregates_update(event=False, carry=", row", before=before, fresh="fresh"))


def _report_statement(extractions: list[Extraction], now: str) -> Statement:
    rows = []
    for extraction in extractions:
        report = extraction.report
        props = {k: v for k, v in {
            "title": report.title, "url": report.url, "publisher": report.publisher, "published": report.published,
            "sha256": report.sha256, "path": report.path}.items() if v is not None}
        rows.append({"id": report.id, "props": props, "ingested_at": report.ingested_at or now})
    return Statement("UNWIND $rows AS row MERGE (r:Report {id: row.id}) "
                     "ON CREATE SET r.ingested_at = row.ingested_at, r.aliases = [] "
                     "SET r += row.props, r.name = row.props.title, r.pending = true", {"rows": rows}, "reports")


def _merge_entity(entities: dict[str, Entity], entity: Entity) -> None:
    seen = entities.get(entity.id)
    if seen is None:
        entities[entity.id] = Entity(entity.id, entity.name, list(entity.labels), entity.kind,
                                     list(entity.aliases), dict(entity.properties), entity.mentions)
    else:  # an entity many reports name is merged many times: only what this one adds
        if entity.aliases:
            seen.aliases = _unique(seen.aliases + entity.aliases)
        if entity.properties:
            seen.properties = {**entity.properties, **seen.properties}
        seen.kind = seen.kind or entity.kind


def _entity_statements(entities: list[Entity], model: GraphModel, now: str, mentions: dict[str, list[dict]],
                       cites: dict[str, list[str]], published: dict[str, str | None]) -> list[Statement]:
    """One statement for every label: the entities, with the MENTIONS (and, for sources, CITES)
    links of the reports that name them, so an entity never exists without its report link."""
    groups: dict[tuple[str, str | None], list[dict]] = defaultdict(list)
    for entity in entities:
        row = _entity_row(entity, model, mentions.get(entity.id, []), cites.get(entity.id, []), published)
        groups[(entity.label, row["extra"])].append(row)
    rows = [row for group in groups.values() for row in group]
    if not rows:
        return []
    extras = sorted({extra for node in model.nodes.values() for extra in node.kinds.values() if extra})
    set_labels = "".join(_when(f"row.label = '{label}'", f"SET n:{label}") for label in model.entity_labels)
    set_labels += "".join(_when(f"row.extra = '{extra}'", f"SET n:{extra}") for extra in extras)
    return [Statement(
        "UNWIND $rows AS row MERGE (n:Entity {id: row.id}) "
        f"ON CREATE SET n.first_seen = $now, n.aliases = [] {set_labels}"
        "SET n.name = row.name, n += row.props, "
        "n.aliases = n.aliases + [a IN row.aliases WHERE NOT a IN n.aliases], "
        "n.first_reported = CASE WHEN row.reported IS NULL THEN n.first_reported "
        "WHEN n.first_reported IS NULL OR row.reported < n.first_reported THEN row.reported "
        "ELSE n.first_reported END "
        # FOREACH, not UNWIND: one row per entity throughout (no DISTINCT to gather them again);
        # the reports were written first in the batch, so these MERGEs find them
        "FOREACH (m IN row.mentions | MERGE (r:Report {id: m.report}) "
        "MERGE (r)-[x:MENTIONS]->(n) SET x.count = m.count, x.aliases = m.aliases) "
        "FOREACH (c IN row.cites | MERGE (r:Report {id: c}) MERGE (r)-[:CITES]->(n))",
        {"rows": rows, "now": now}, "entities")]


def _entity_row(entity: Entity, model: GraphModel, mentions: list[dict], cites: list[str],
                published: dict[str, str | None]) -> dict:
    """One entity as the parameter row of the entity statement."""
    label = model.nodes[entity.label]
    props = {k: v for k, v in entity.properties.items() if v is not None}
    if entity.kind is not None:
        props[label.kind_property] = entity.kind
        props.setdefault("kind", entity.kind)
    return {"id": entity.id, "label": entity.label, "extra": label.extra_label(entity.kind),
            "name": entity.name, "aliases": specific_aliases(_unique(entity.aliases), entity.label),
            "props": props, "mentions": mentions,
            "reported": _earliest(published.get(m["report"]) for m in mentions),
            "cites": cites}


def _sources_from_attributions(extraction: Extraction) -> list[Entity]:
    """A Source entity for every name in ``attributed_to`` the extraction did not declare."""
    declared = {e.name for e in extraction.entities if e.label == "Source"}
    declared |= {a for e in extraction.entities if e.label == "Source" for a in e.aliases}
    names = {n for item in (*extraction.relations, *extraction.events) for n in item.attributed_to}
    return [Entity(id=make_id("source", n), name=n, labels=["Source"]) for n in sorted(names - declared)]


def _dedupe_entities(entities: list[Entity]) -> list[Entity]:
    if len({entity.id for entity in entities}) == len(entities):
        return entities  # the usual case: nothing to merge, nothing to copy
    merged: dict[str, Entity] = {}
    for entity in entities:
        if entity.id in merged:
            merged[entity.id].mentions += entity.mentions
        _merge_entity(merged, entity)
    return list(merged.values())


def _earliest(dates) -> str | None:
    """The earliest of some ISO dates (any precision; they compare as text), or None."""
    return min((d for d in dates if d), default=None)


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(x for x in items if x))


# What a parameter needs cleaning for, as it shows in its JSON text: an escaped control
# character (\u0000-\u001f, \b, \f; \t \n \r are kept) or DEL; half a surrogate pair
# makes the text fail to encode.
_NEEDS_CLEANING = ("\\u00", "\\b", "\\f", "\x7f")


def _cleaned(params: dict[str, Any]) -> dict[str, Any]:
    """``params`` cleaned (:func:`_clean`); checked first in one pass of the C JSON encoder,
    so that the usual batch, with nothing to clean, costs no walk in Python."""
    try:
        text = json.dumps(params, ensure_ascii=False, check_circular=False)
        if not any(mark in text for mark in _NEEDS_CLEANING):
            text.encode("utf-8")
            return params
    except (TypeError, ValueError):  # UnicodeEncodeError: a lone surrogate
        pass
    return _clean(params)


def _clean(value: Any) -> Any:
    """Strip control characters (NUL makes FalkorDB reject a whole query) from every string,
    and join UTF-16 surrogate pairs that some JSON/YAML readers leave split."""
    kind = type(value)
    if kind is str:
        return value if value.isprintable() else _clean_text(value)  # printable: no control char, no surrogate
    if kind is dict:
        return {k: _clean(v) for k, v in value.items()}
    if kind is list or kind is tuple:
        return [_clean(v) for v in value]
    if isinstance(value, str):
        return _clean_text(value)
    return value


def _clean_text(value: str) -> str:
    value = _CONTROL_CHARS.sub("", value)
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        value = value.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    return value


# ---------------------------------------------------------------------------------------
# Entry points
# ---------------------------------------------------------------------------------------


def write_extraction(store: GraphStore, extraction: Extraction, now: str | None = None) -> WriteSummary:
    """Validate, then write one extraction as one batch (see :func:`write_extractions`)."""
    return write_extractions(store, [extraction], now)


def write_extractions(store: GraphStore, extractions: list[Extraction], now: str | None = None,
                      curation: CurationRules | None = None, held: HeldReports | None = None) -> WriteSummary:
    """Apply the analyst's curations (merges, aliases, rejections; read from the store unless
    given), validate all, then write them as one batch (one transaction). On a refused batch,
    the reports' partial contributions are retracted so the graph is as it was before.
    ``held``: what the graph held of these reports just before (:func:`held_reports`; read
    here unless given). New shares are told from it, so two processes writing the same new
    report at the same moment would both count it: one ingest at a time per database (the
    embedded store enforces it; on Neo4j, do not run two)."""
    from milgraph.graph.curation import CurationRules

    curation = CurationRules.of(store) if curation is None else curation
    extractions = [curation.apply(extraction) for extraction in extractions]
    for extraction in extractions:
        validate(extraction)
    held = held_reports(store, extractions) if held is None else held
    pending = held.replacing() & {e.report.id for e in extractions}
    complete = [e.report.id for e in extractions if e.report.id not in pending]
    try:
        store.write_batch(statements_for(extractions, now, set(held.in_graph), complete))
    except Exception:
        if store.backend == "falkordb":  # MULTI/EXEC applies the statements before a failing one
            for extraction in extractions:
                retract_report(store, extraction.report.id)
        raise
    return WriteSummary([e.report.id for e in extractions], sum(len(e.entities) for e in extractions),
                        sum(len(e.relations) for e in extractions), sum(len(e.events) for e in extractions),
                        sorted(pending))


@dataclass(frozen=True)
class HeldReports:
    """What the graph holds of a batch's reports, read once before the batch is written: the
    pipeline skips the complete ones, the writer tells new shares from the held ones, and the
    pipeline retracts the older versions once the new ones are written."""

    in_graph: frozenset[str]  # in the graph (complete, or left pending by a run that died)
    complete: frozenset[str]  # in the graph and wholly written
    older: tuple[tuple[str, str], ...]  # (new id, old id): a stored report at the new one's URL, other content

    def replacing(self) -> set[str]:
        """The reports that replace an older version (they stay pending until it is retracted)."""
        return {new for new, _ in self.older}


def held_reports(store: GraphStore, extractions: list[Extraction]) -> HeldReports:
    """In one read: which of these reports the graph holds, which of those are complete, and
    which stored reports at their URLs have other content (the versions they replace)."""
    in_graph, complete, older = set(), set(), set()
    for row in store.read("UNWIND $rows AS row OPTIONAL MATCH (r:Report {id: row.id}) "
                          "OPTIONAL MATCH (o:Report {url: row.url}) WHERE o.id <> row.id "
                          "RETURN row.id AS id, r IS NOT NULL AS held, r.pending AS pending, o.id AS old",
                          {"rows": [{"id": e.report.id, "url": e.report.url} for e in extractions]}):
        if row["held"]:
            in_graph.add(row["id"])
            if row["pending"] is None:
                complete.add(row["id"])
        if row["old"] is not None:
            older.add((row["id"], row["old"]))
    return HeldReports(frozenset(in_graph), frozenset(complete), tuple(sorted(older, key=lambda pair: (pair[1], pair[0]))))


_COMPLETE = "UNWIND $ids AS id MATCH (r:Report {id: id}) SET r.pending = null"


def complete_reports(store: GraphStore, report_ids: list[str]) -> None:
    """Mark reports as wholly written. Until then a report is ``pending``: its statements
    (and, for a changed report, the retraction of its older version) may not all have run,
    and :func:`repair_interrupted` takes it back. :func:`write_extractions` marks complete
    in its own batch every report that does not replace an older version (WriteSummary.pending:
    the others)."""
    if report_ids:
        store.write(_COMPLETE, {"ids": report_ids})


def repair_interrupted(store: GraphStore) -> list[str]:
    """Take back every report an earlier run left pending (it died mid-write), so that the
    inputs can be written again whole. Returns their ids."""
    pending = [row["id"] for row in store.read(
        "MATCH (r:Report) WHERE r.pending = true RETURN r.id AS id ORDER BY id")]
    for report_id in pending:
        retract_report(store, report_id)
    return pending


def retract_report(store: GraphStore, report_id: str) -> None:
    """Remove one report and everything only it supports: its REPORTS relationships and
    Statements go, the facts and events it touched get their aggregates recomputed from the
    shares that remain, and those left with none are deleted."""
    store.write_batch(retraction_statements(store, report_id))


def retraction_statements(store: GraphStore, report_id: str) -> list[Statement]:
    """The statements that take one report's share out of the graph (see :func:`retract_report`)."""
    params = {"report": report_id}
    found = store.read("MATCH (r:Report {id: $report}) "
                       "OPTIONAL MATCH (r)-[:MENTIONS]->(n:Entity) WITH r, collect(n.id) AS mentioned "
                       "OPTIONAL MATCH (r)-[:REPORTS]->(e:Event) WITH r, mentioned, collect(e.id) AS events "
                       "OPTIONAL MATCH (r)-[:STATES]->(s:Statement) "
                       "RETURN mentioned, events, collect(s.fact) AS facts", params)
    mentioned, events, facts = (found[0]["mentioned"], found[0]["events"], found[0]["facts"]) if found else ([], [], [])
    return [
        Statement("MATCH (:Report {id: $report})-[:STATES]->(s:Statement) DETACH DELETE s", params),
        Statement("MATCH (r:Report {id: $report}) DETACH DELETE r", params),
        *refresh_statements(events, facts),
        Statement("UNWIND $ids AS id MATCH (n:Entity {id: id}) WHERE NOT (n)--() DELETE n", {"ids": mentioned}),
    ]


_PRECISION_BY_LENGTH = {4: "year", 7: "month", 10: "day"}


def precision_of(date: str | None) -> str:
    """The precision an ISO date string carries: '2024-12' -> 'month'."""
    return _PRECISION_BY_LENGTH.get(len(date), "unknown") if date else "unknown"
