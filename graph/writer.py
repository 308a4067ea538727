"""Write an Extraction to a GraphStore: validate first, then idempotent batched upserts.

Every statement is ``UNWIND $rows AS row ... MERGE`` with all values as parameters; labels
and relationship types (which Cypher cannot take as parameters) come only from the graph
model files, after validation. One Extraction is written as one batch (one transaction).

Provenance merge rules (the same on both backends):
- ``sources`` grows without duplicates; ``evidence`` and ``modalities`` stay aligned with it,
  one entry per source. Writing the same report again changes nothing.
- ``modality`` is the first source's, unless a later source confirms the fact;
  ``confidence`` is the highest seen; ``attributed_to`` is the union.
- An event's ``date`` keeps the most precise value seen; ``count`` the highest.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from milgraph.errors import ValidationError
from milgraph.graph.ids import make_id
from milgraph.graph.model import GraphModel, load_model
from milgraph.graph.records import Entity, Event, Extraction, Relation
from milgraph.graph.store import GraphStore, Statement

_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
ISO_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_PRECISION_BY_LENGTH = {4: "year", 7: "month", 10: "day"}

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
    return problems


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
        if value is not None and not ISO_DATE.match(value):
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

_PROVENANCE_SET = """
WITH f, row, row.source IN f.sources AS known
SET f.evidence = CASE WHEN known THEN f.evidence ELSE f.evidence + row.evidence END,
    f.modalities = CASE WHEN known THEN f.modalities ELSE f.modalities + row.modality END,
    f.sources = CASE WHEN known THEN f.sources ELSE f.sources + row.source END,
    f.modality = CASE WHEN f.modality IS NULL OR row.modality = 'confirmed' THEN row.modality ELSE f.modality END,
    f.confidence = CASE WHEN f.confidence IS NULL OR row.confidence > f.confidence THEN row.confidence ELSE f.confidence END,
    f.attributed_to = f.attributed_to + [x IN row.attributed_to WHERE NOT x IN f.attributed_to]"""

_PROVENANCE_INIT = ("ON CREATE SET f.first_seen = $now, f.sources = [], f.evidence = [], f.modalities = [], "
                    "f.attributed_to = []")


@dataclass
class WriteSummary:
    report: str
    entities: int
    relations: int
    events: int


def statements_for(extraction: Extraction, now: str | None = None) -> list[Statement]:
    """The batch that writes one validated Extraction. Pure: builds Cypher and parameters only."""
    now = now or datetime.now(timezone.utc).strftime("%Y-%m-%d")
    model = load_model()
    report = extraction.report
    entities = _dedupe_entities(extraction.entities + _sources_from_attributions(extraction))
    statements = [_report_statement(extraction, now)]
    statements += _entity_statements(entities, model, report.id, now)
    statements += _relation_statements(extraction.relations, report.id, now)
    statements += _event_statements(extraction.events, report.id, now)
    source_ids = [e.id for e in entities if e.label == "Source"]
    if source_ids:
        statements.append(Statement(
            "MATCH (r:Report {id: $report}) UNWIND $ids AS id MATCH (s:Source {id: id}) MERGE (r)-[:CITES]->(s)",
            {"report": report.id, "ids": source_ids}))
    return [Statement(s.cypher, _clean(s.params)) for s in statements]


def _report_statement(extraction: Extraction, now: str) -> Statement:
    report = extraction.report
    props = {k: v for k, v in {
        "title": report.title, "url": report.url, "publisher": report.publisher, "published": report.published,
        "sha256": report.sha256, "path": report.path}.items() if v is not None}
    return Statement(
        "MERGE (r:Report {id: $id}) ON CREATE SET r.ingested_at = $ingested_at SET r += $props",
        {"id": report.id, "props": props, "ingested_at": report.ingested_at or now})


def _entity_statements(entities: list[Entity], model: GraphModel, report_id: str, now: str) -> list[Statement]:
    groups: dict[tuple[str, str | None], list[dict]] = defaultdict(list)
    for entity in entities:
        label = model.nodes[entity.label]
        extra = label.extra_label(entity.kind)
        props = {k: v for k, v in entity.properties.items() if v is not None}
        if entity.kind is not None:
            props[label.kind_property] = entity.kind
            props.setdefault("kind", entity.kind)
        groups[(entity.label, extra)].append({
            "id": entity.id, "name": entity.name, "aliases": _unique(entity.aliases),
            "props": props, "mentions": entity.mentions})
    statements = []
    for (label, extra), rows in groups.items():
        set_extra = f" SET n:{extra}" if extra else ""
        statements.append(Statement(
            f"UNWIND $rows AS row MERGE (n:Entity:{label} {{id: row.id}}) "
            f"ON CREATE SET n.first_seen = $now, n.aliases = []{set_extra} "
            "SET n.name = row.name, n += row.props, "
            "n.aliases = n.aliases + [a IN row.aliases WHERE NOT a IN n.aliases] "
            "WITH n, row MATCH (r:Report {id: $report}) MERGE (r)-[m:MENTIONS]->(n) SET m.count = row.mentions",
            {"rows": rows, "report": report_id, "now": now}))
    return statements


def _relation_statements(relations: list[Relation], report_id: str, now: str) -> list[Statement]:
    groups: dict[str, list[dict]] = defaultdict(list)
    for rel in _dedupe_relations(relations):
        groups[rel.type].append({
            "start": rel.start, "end": rel.end, "source": report_id, "evidence": rel.evidence or "",
            "modality": rel.modality, "confidence": float(rel.confidence),
            "attributed_to": _unique(rel.attributed_to),
            "props": {k: v for k, v in rel.properties.items() if v is not None}})
    return [Statement(
        f"UNWIND $rows AS row MATCH (a:Entity {{id: row.start}}) MATCH (b:Entity {{id: row.end}}) "
        f"MERGE (a)-[f:{rel_type}]->(b) {_PROVENANCE_INIT} SET f += row.props {_PROVENANCE_SET}",
        {"rows": rows, "now": now}) for rel_type, rows in groups.items()]


def _event_statements(events: list[Event], report_id: str, now: str) -> list[Statement]:
    by_label: dict[str, list[dict]] = defaultdict(list)
    roles: dict[str, list[dict]] = defaultdict(list)
    for event in _dedupe_events(events):
        by_label[event.label].append({
            "id": event.id, "source": report_id, "evidence": event.evidence or "", "modality": event.modality,
            "confidence": float(event.confidence), "attributed_to": _unique(event.attributed_to),
            "date": event.date, "date_precision": event.date_precision if event.date else "unknown",
            "end_date": event.end_date, "count": event.count})
        for role, fillers in event.roles.items():
            roles[role] += [{"event": event.id, "target": t} for t in _unique(fillers)]
    statements = [Statement(
        f"UNWIND $rows AS row MERGE (f:Event {{id: row.id}}) "
        f"{_PROVENANCE_INIT}, f.date_precision = 'unknown' SET f:{label} "
        "WITH f, row, row.date IS NOT NULL AND (f.date IS NULL OR size(row.date) > size(f.date)) AS better_date "
        "SET f.date = CASE WHEN better_date THEN row.date ELSE f.date END, "
        "f.date_precision = CASE WHEN better_date THEN row.date_precision ELSE f.date_precision END, "
        "f.end_date = coalesce(f.end_date, row.end_date), "
        "f.count = CASE WHEN f.count IS NULL OR row.count > f.count THEN row.count ELSE f.count END "
        f"{_PROVENANCE_SET} "
        "WITH f MATCH (r:Report {id: $report}) MERGE (r)-[:REPORTS]->(f)",
        {"rows": rows, "now": now, "report": report_id}) for label, rows in by_label.items()]
    statements += [Statement(
        f"UNWIND $rows AS row MATCH (e:Event {{id: row.event}}) MATCH (n:Entity {{id: row.target}}) MERGE (e)-[:{role}]->(n)",
        {"rows": rows}) for role, rows in roles.items()]
    return statements


def _sources_from_attributions(extraction: Extraction) -> list[Entity]:
    """A Source entity for every name in ``attributed_to`` the extraction did not declare."""
    declared = {e.name for e in extraction.entities if e.label == "Source"}
    declared |= {a for e in extraction.entities if e.label == "Source" for a in e.aliases}
    names = {n for item in (*extraction.relations, *extraction.events) for n in item.attributed_to}
    return [Entity(id=make_id("source", n), name=n, labels=["Source"]) for n in sorted(names - declared)]


def _dedupe_entities(entities: list[Entity]) -> list[Entity]:
    merged: dict[str, Entity] = {}
    for entity in entities:
        if entity.id in merged:
            seen = merged[entity.id]
            seen.aliases = _unique(seen.aliases + entity.aliases)
            seen.mentions += entity.mentions
            seen.properties = {**entity.properties, **seen.properties}
        else:
            merged[entity.id] = Entity(entity.id, entity.name, list(entity.labels), entity.kind,
                                       list(entity.aliases), dict(entity.properties), entity.mentions)
    return list(merged.values())


def _dedupe_relations(relations: list[Relation]) -> list[Relation]:
    """One row per (type, start, end) within a report: the most confident reading wins."""
    best: dict[tuple[str, str, str], Relation] = {}
    for rel in relations:
        key = (rel.type, rel.start, rel.end)
        if key not in best or rel.confidence > best[key].confidence:
            best[key] = rel
    return list(best.values())


def _dedupe_events(events: list[Event]) -> list[Event]:
    best: dict[str, Event] = {}
    for event in events:
        if event.id not in best or event.confidence > best[event.id].confidence:
            best[event.id] = event
    return list(best.values())


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(x for x in items if x))


def _clean(value: Any) -> Any:
    """Strip control characters (NUL makes FalkorDB reject a whole query) from every string."""
    if isinstance(value, str):
        return _CONTROL_CHARS.sub("", value)
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_clean(v) for v in value]
    return value


# ---------------------------------------------------------------------------------------
# Entry points
# ---------------------------------------------------------------------------------------


def write_extraction(store: GraphStore, extraction: Extraction, now: str | None = None) -> WriteSummary:
    """Validate, then write the whole extraction as one batch. On a refused batch, the
    report's partial contributions are retracted so the graph is as it was before."""
    validate(extraction)
    statements = statements_for(extraction, now)
    try:
        store.write_batch(statements)
    except Exception:
        if store.backend == "falkordb":  # MULTI/EXEC applies statements before a failing one
            retract_report(store, extraction.report.id)
        raise
    return WriteSummary(extraction.report.id, len(extraction.entities), len(extraction.relations), len(extraction.events))


def retract_report(store: GraphStore, report_id: str) -> None:
    """Remove one report and everything only it supports; facts other reports support stay,
    with this report dropped from their ``sources``, ``evidence`` and ``modalities``."""
    keep = ("WITH f, [i IN range(0, size(f.sources) - 1) WHERE f.sources[i] <> $report] AS keep "
            "WITH f, keep, [i IN keep | f.modalities[i]] AS mods "
            "SET f.evidence = [i IN keep | f.evidence[i]], f.modalities = mods, "
            "f.sources = [i IN keep | f.sources[i]], "
            "f.modality = CASE WHEN 'confirmed' IN mods THEN 'confirmed' ELSE mods[0] END")
    params = {"report": report_id}
    mentioned = [row["id"] for row in store.read(
        "MATCH (:Report {id: $report})-[:MENTIONS]->(n:Entity) RETURN n.id AS id", params)]
    store.write_batch([
        Statement("MATCH (:Report {id: $report})-[:MENTIONS]->(:Entity)-[f]->(:Entity) "
                  f"WHERE f.sources IS NOT NULL AND $report IN f.sources {keep}", params),
        Statement("MATCH (:Report {id: $report})-[:MENTIONS]->(:Entity)-[f]->(:Entity) "
                  "WHERE f.sources IS NOT NULL AND size(f.sources) = 0 DELETE f", params),
        Statement(f"MATCH (:Report {{id: $report}})-[:REPORTS]->(f:Event) WHERE $report IN f.sources {keep}", params),
        Statement("MATCH (:Report {id: $report})-[:REPORTS]->(f:Event) WHERE size(f.sources) = 0 DETACH DELETE f",
                  params),
        Statement("MATCH (r:Report {id: $report}) DETACH DELETE r", params),
        Statement("UNWIND $ids AS id MATCH (n:Entity {id: id}) WHERE NOT (n)--() DELETE n", {"ids": mentioned}),
    ])


def precision_of(date: str | None) -> str:
    """The precision an ISO date string carries: '2024-12' -> 'month'."""
    return _PRECISION_BY_LENGTH.get(len(date), "unknown") if date else "unknown"
