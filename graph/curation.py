"""An analyst's corrections, kept in the store so that later ingests respect them.

Five actions, each a :class:`Curation` record stored as a ``:Curation`` node and applied twice:
to the graph at once (:func:`apply_now`), and to every extraction written afterwards
(:class:`CurationRules`, which the writer consults), so re-ingesting inputs never undoes them.

- ``retract REPORT``: the report's share goes (facts only it supported, entities only it
  named); ingesting it again is skipped.
- ``merge A B``: A's relationships, mentions and aliases move to B and A goes; later mentions
  of A resolve to B.
- ``alias ENTITY NAME`` / ``unalias ENTITY NAME``: a name that later mentions resolve by (or
  stop resolving by).
- ``reject FACT``: a relation (``TYPE:start->end``) or an event role (``event-id/ROLE/filler``)
  that is deleted and never written again.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field, replace
from datetime import datetime, timezone
from typing import Any

from milgraph.errors import MilgraphError
from milgraph.graph.generic_names import CLASS_LABELS, is_generic_name, specific_aliases
from milgraph.graph.ids import match_key
from milgraph.graph.model import load_model
from milgraph.graph.provenance import STATEMENT_ID_CYPHER, fact_key, refresh_statements
from milgraph.graph.records import Entity, Event, Extraction, Relation
from milgraph.graph.store import GraphStore, Statement

ACTIONS = ("retract", "merge", "alias", "unalias", "reject")
_RELATION_FACT = re.compile(r"^(?P<type>[A-Z_]+):(?P<start>[^\s>]+)->(?P<end>\S+)$")
_ROLE_FACT = re.compile(r"^(?P<event>event:[^/\s]+)/(?P<role>[A-Z_]+)/(?P<filler>\S+)$")
PROVENANCE_TYPES = ("MENTIONS", "CITES")


@dataclass(frozen=True)
class Curation:
    action: str
    subject: str  # report id (retract), entity id (merge: the one that goes; alias, unalias), fact id (reject)
    value: str = ""  # merge: the entity kept; alias/unalias: the name
    note: str = ""  # merge: the kept entity's name, for later ingests
    created: str = ""

    @property
    def id(self) -> str:
        return f"curation:{self.action}:{self.subject}:{self.value}"


@dataclass
class Change:
    """What an action changed (or, with --dry-run, would change)."""

    action: str
    lines: list[str] = field(default_factory=list)

    def describe(self) -> str:
        return "\n".join(self.lines) or f"{self.action}: nothing to change"


# -- reading and recording ---------------------------------------------------------------

def load_curations(store: GraphStore) -> list[Curation]:
    rows = store.read("MATCH (c:Curation) RETURN c.action AS action, c.subject AS subject, c.value AS value, "
                      "c.note AS note, c.created AS created ORDER BY created, action, subject, value")
    return [Curation(r["action"], r["subject"], r["value"] or "", r["note"] or "", r["created"] or "") for r in rows]


def _record(curation: Curation) -> Statement:
    params = {**asdict(curation), "id": curation.id,
              "created": curation.created or datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")}
    return Statement("MERGE (c:Curation {id: $id}) SET c.action = $action, c.subject = $subject, c.value = $value, "
                     "c.note = $note, c.created = coalesce(c.created, $created)", params)


def parse_fact_id(fact: str) -> tuple[str, dict[str, str]]:
    """('relation', {type, start, end}) or ('role', {event, role, filler}); else a clear error."""
    model = load_model()
    found = _RELATION_FACT.match(fact)
    if found and found["type"] in model.relationships:
        return "relation", found.groupdict()
    found = _ROLE_FACT.match(fact)
    if found and found["role"] in model.roles:
        return "role", found.groupdict()
    raise MilgraphError(f"{fact!r} is not a fact id: give a relation as TYPE:start-id->end-id "
                        "(e.g. BACKS:actor:russia->actor:khalifa-haftar) or an event role as event-id/ROLE/filler-id")


def read_curation_file(path) -> list[Curation]:
    """The curations of a YAML file (``curations: [{action, subject, value}]``); unknown keys or
    actions are errors naming the file and entry."""
    import yaml

    from milgraph.errors import InputError

    try:
        data = yaml.safe_load(open(path, encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise InputError(path, f"not YAML: {exc}") from None
    if not isinstance(data, dict) or set(data) - {"curations"} or not isinstance(data.get("curations"), list):
        raise InputError(path, "expected one key, curations, holding a list")
    out = []
    for i, entry in enumerate(data["curations"]):
        if not isinstance(entry, dict) or set(entry) - {"action", "subject", "value", "created", "note"}:
            raise InputError(path, "each curation has action, subject and value only", entry=f"curation {i}")
        if entry.get("action") not in ACTIONS or not entry.get("subject"):
            raise InputError(path, f"action must be one of {', '.join(ACTIONS)}, with a subject", entry=f"curation {i}")
        out.append(Curation(entry["action"], str(entry["subject"]), str(entry.get("value") or "")))
    return out


# -- applying to the graph now ------------------------------------------------------------

def _entity(store: GraphStore, entity_id: str) -> dict[str, Any]:
    rows = store.read("MATCH (n:Entity {id: $id}) RETURN n.id AS id, n.name AS name, labels(n) AS labels, "
                      "n.aliases AS aliases", {"id": entity_id})
    if not rows:
        raise MilgraphError(f"no entity with id {entity_id!r}; `milgraph cypher \"MATCH (n:Entity) WHERE n.name = "
                            f"'...' RETURN n.id\"` finds ids by name")
    return rows[0]


def _label(entity: dict[str, Any]) -> str:
    return next((x for x in entity["labels"] if x in load_model().entity_labels), "?")


def apply_now(store: GraphStore, curation: Curation, dry_run: bool = False) -> Change:
    """Change the graph as ``curation`` says and record it (unless ``dry_run``)."""
    action = {"retract": _retract, "merge": _merge, "alias": _alias, "unalias": _alias,
              "reject": _reject}.get(curation.action)
    if action is None:
        raise MilgraphError(f"unknown curation action {curation.action!r}; one of {', '.join(ACTIONS)}")
    change, statements, record = action(store, curation)
    if dry_run:
        change.lines.insert(0, "dry run, nothing changed:")
        return change
    from milgraph.graph import happening_store

    scope = happening_store.before_curation(store, curation)
    with store.exclusive_writer():
        store.write_batch([*statements, _record(record)])
        happening_store.after_curation(store, scope)  # one event per happening, as if never ingested
    return change


def _retract(store: GraphStore, curation: Curation) -> tuple[Change, list[Statement], Curation]:
    from milgraph.graph.writer import retraction_statements

    report = curation.subject
    params = {"report": report}
    if not store.read("MATCH (r:Report {id: $report}) RETURN r.id AS id", params):
        raise MilgraphError(f"no report with id {report!r}; `milgraph query run entity_profile` or "
                            "`milgraph cypher 'MATCH (r:Report) RETURN r.id, r.title'` lists them")
    shared = store.read(
        "MATCH (:Report {id: $report})-[:STATES]->(s:Statement) MATCH (other:Statement {fact: s.fact}) "
        "WITH s.fact AS fact, count(other) AS shares "
        "RETURN count(fact) AS n, sum(CASE WHEN shares = 1 THEN 1 ELSE 0 END) AS sole", params)[0]
    events = store.read("MATCH (:Report {id: $report})-[:REPORTS]->(e:Event) "
                        "RETURN count(e) AS n, sum(CASE WHEN e.source_count = 1 THEN 1 ELSE 0 END) AS sole", params)[0]
    change = Change("retract", [
        f"retract {report}:",
        f"  relations: {shared['sole'] or 0} removed, {(shared['n'] or 0) - (shared['sole'] or 0)} keep other sources",
        f"  events: {events['sole'] or 0} removed, {(events['n'] or 0) - (events['sole'] or 0)} keep other sources",
        "  entities no other report names are removed; ingesting this report again is skipped"])
    return change, retraction_statements(store, report), curation


def _merge(store: GraphStore, curation: Curation) -> tuple[Change, list[Statement], Curation]:
    gone, kept = _entity(store, curation.subject), _entity(store, curation.value)
    if gone["id"] == kept["id"]:
        raise MilgraphError("merge needs two different entities")
    if _label(gone) != _label(kept):
        raise MilgraphError(f"{gone['id']} is a {_label(gone)} and {kept['id']} a {_label(kept)}: "
                            "merge joins two entities of one label")
    counts = store.read("MATCH (a:Entity {id: $a})-[r]-() RETURN count(r) AS n", {"a": gone["id"]})[0]["n"]
    aliases = [a for a in specific_aliases([gone["name"], *(gone["aliases"] or [])], _label(kept)) if a != kept["name"]]
    change = Change("merge", [f"merge {gone['id']} ({gone['name']}) into {kept['id']} ({kept['name']}):",
                              f"  {counts} relationships move to {kept['id']}",
                              f"  aliases added: {', '.join(aliases) or 'none'}",
                              f"  later mentions of {gone['id']} resolve to {kept['id']}"])
    facts = store.read("MATCH (a:Entity {id: $a})-[r]-(:Entity) WHERE r.fact IS NOT NULL "
                       "RETURN DISTINCT type(r) AS type, startNode(r).id AS start, endNode(r).id AS end, r.fact AS fact",
                       {"a": gone["id"]})
    return change, _move_statements(gone["id"], kept["id"], aliases, facts), replace(curation, note=kept["name"])


def _move_statements(gone: str, kept: str, aliases: list[str], facts: list[dict]) -> list[Statement]:
    """Every relationship of ``gone`` re-pointed to ``kept``, then ``gone`` deleted. A moved
    fact takes a new key, and so do its Statements (a report that stated the fact about both
    keeps one share); where ``kept`` already had the same fact the two join, and the
    aggregates are recomputed from the joined shares. Facts between the two entities go."""
    model = load_model()
    params = {"a": gone, "b": kept, "aliases": aliases}
    moved: dict[str, list[dict]] = {}
    dropped = []
    for fact in facts:
        start = kept if fact["start"] == gone else fact["start"]
        end = kept if fact["end"] == gone else fact["end"]
        if start == end:
            dropped.append(fact["fact"])
        else:
            moved.setdefault(fact["type"], []).append({**fact, "new_start": start, "new_end": end,
                                                       "new": fact_key(fact["type"], start, end)})
    statements = []
    for rel_type, rows in moved.items():
        if rel_type not in model.relationships:
            continue
        statements.append(Statement(
            f"UNWIND $rows AS row MATCH (:Entity {{id: row.start}})-[r:{rel_type}]->(:Entity {{id: row.end}}) "
            "MATCH (s:Entity {id: row.new_start}) MATCH (e:Entity {id: row.new_end}) "
            f"WITH r, s, e, row, properties(r) AS props MERGE (s)-[f:{rel_type}]->(e) ON CREATE SET f = props "
            "SET f.fact = row.new DELETE r", {"rows": rows}))
    renamed = [{"old": row["fact"], "new": row["new"]} for rows in moved.values() for row in rows]
    statements += [
        Statement("UNWIND $rows AS row MATCH (s:Statement {fact: row.old}) "
                  f"MATCH (dup:Statement {{id: {STATEMENT_ID_CYPHER.format(report='s.report', fact='row.new')}}}) "
                  "DETACH DELETE s", {"rows": renamed}),
        Statement("UNWIND $rows AS row MATCH (s:Statement {fact: row.old}) "
                  f"SET s.fact = row.new, s.id = {STATEMENT_ID_CYPHER.format(report='s.report', fact='row.new')}",
                  {"rows": renamed}),
        Statement("UNWIND $keys AS key MATCH (s:Statement {fact: key}) DETACH DELETE s", {"keys": dropped}),
    ]
    for role in model.roles:
        statements.append(Statement(
            f"MATCH (a:Entity {{id: $a}}) MATCH (b:Entity {{id: $b}}) MATCH (e:Event)-[r:{role}]->(a) "
            f"MERGE (e)-[:{role}]->(b) DELETE r", params))
    statements.append(Statement(
        "MATCH (a:Entity {id: $a}) MATCH (b:Entity {id: $b}) "
        "SET b.aliases = coalesce(b.aliases, []) + [x IN $aliases WHERE NOT x IN coalesce(b.aliases, [])] "
        "WITH a DETACH DELETE a", params))
    return statements + refresh_statements(fact_keys=[row["new"] for row in renamed])


def _alias(store: GraphStore, curation: Curation) -> tuple[Change, list[Statement], Curation]:
    entity, name = _entity(store, curation.subject), curation.value.strip()
    if not name:
        raise MilgraphError("the alias is empty")
    if curation.action == "alias" and is_generic_name(name) and _label(entity) not in CLASS_LABELS:
        raise MilgraphError(f"{name!r} names a kind of thing, not {entity['name']}: give a name only it has")
    params = {"id": entity["id"], "alias": name}
    if curation.action == "alias":
        statement = Statement("MATCH (n:Entity {id: $id}) SET n.aliases = coalesce(n.aliases, []) + "
                              "CASE WHEN $alias IN coalesce(n.aliases, []) THEN [] ELSE [$alias] END", params)
        text = f"alias: {entity['id']} ({entity['name']}) is also called {name!r}; later mentions resolve to it"
    else:
        statement = Statement("MATCH (n:Entity {id: $id}) SET n.aliases = [a IN coalesce(n.aliases, []) WHERE a <> $alias]",
                              params)
        text = f"unalias: {name!r} no longer names {entity['id']} ({entity['name']}), now or in later ingests"
    return Change(curation.action, [text]), [statement], replace(curation, value=name)


def _reject(store: GraphStore, curation: Curation) -> tuple[Change, list[Statement], Curation]:
    kind, parts = parse_fact_id(curation.subject)
    if kind == "relation":
        match = f"MATCH (:Entity {{id: $start}})-[r:{parts['type']}]->(:Entity {{id: $end}})"
        params = {"start": parts["start"], "end": parts["end"]}
    else:
        match = f"MATCH (:Event {{id: $event}})-[r:{parts['role']}]->(:Entity {{id: $filler}})"
        params = {"event": parts["event"], "filler": parts["filler"]}
    found = store.read(f"{match} RETURN count(r) AS n", params)[0]["n"]
    change = Change("reject", [f"reject {curation.subject}: {found} relationship(s) deleted; later ingests never "
                               "write it again"])
    statements = [Statement(f"{match} DELETE r", params)]
    if kind == "relation":  # its per-report shares go with it
        key = fact_key(parts["type"], parts["start"], parts["end"])
        statements.append(Statement("MATCH (s:Statement {fact: $key}) DETACH DELETE s", {"key": key}))
    return change, statements, curation


# -- applying to later extractions ---------------------------------------------------------

class CurationRules:
    """The recorded curations, as the writer applies them to each extraction."""

    def __init__(self, curations: list[Curation]):
        self.retracted = {c.subject for c in curations if c.action == "retract"}
        self.merged = {c.subject: (c.value, c.note) for c in curations if c.action == "merge"}
        self.aliases = {match_key(c.value): c.subject for c in curations if c.action == "alias"
                        and (not is_generic_name(c.value) or c.subject.startswith("equipment:"))}
        self.unaliased = {(c.subject, match_key(c.value)) for c in curations if c.action == "unalias"}
        self.rejected = {c.subject for c in curations if c.action == "reject"}

    @classmethod
    def of(cls, store: GraphStore) -> CurationRules:
        return cls(load_curations(store))

    def __bool__(self) -> bool:
        return bool(self.retracted or self.merged or self.aliases or self.unaliased or self.rejected)

    def apply(self, extraction: Extraction) -> Extraction:
        if not self:
            return extraction
        remap: dict[str, str] = {}
        entities: dict[str, Entity] = {}
        for entity in extraction.entities:
            new = self._curated_entity(entity)
            remap[entity.id] = new.id
            if new.id in entities:
                entities[new.id].aliases = sorted({*entities[new.id].aliases, *new.aliases})
            else:
                entities[new.id] = new
        relations = [replace(r, start=remap.get(r.start, r.start), end=remap.get(r.end, r.end))
                     for r in extraction.relations]
        relations = [r for r in relations if r.start != r.end and f"{r.type}:{r.start}->{r.end}" not in self.rejected]
        events = [self._curated_event(e, remap) for e in extraction.events]
        return replace(extraction, entities=list(entities.values()), relations=relations, events=events)

    def _curated_entity(self, entity: Entity) -> Entity:
        target = self.merged.get(entity.id)
        by_alias = next((self.aliases[k] for k in map(match_key, [entity.name, *entity.aliases]) if k in self.aliases),
                        None)
        if target is None and by_alias and by_alias != entity.id and by_alias.split(":")[0] == entity.id.split(":")[0]:
            target = (by_alias, "")
        aliases = [a for a in entity.aliases if (entity.id, match_key(a)) not in self.unaliased]
        if target is None:
            return replace(entity, aliases=aliases)
        kept_id, kept_name = target
        return replace(entity, id=kept_id, name=kept_name or entity.name,
                       aliases=sorted({*aliases, entity.name} - {kept_name}))

    def _curated_event(self, event: Event, remap: dict[str, str]) -> Event:
        roles = {}
        for role, fillers in event.roles.items():
            kept = [remap.get(f, f) for f in fillers]
            kept = [f for f in dict.fromkeys(kept) if f"{event.id}/{role}/{f}" not in self.rejected]
            if kept:
                roles[role] = kept
        return replace(event, roles=roles)
