"""One event per happening, in the store: after each ingest (and each retraction or curation)
the claims of the buckets it touched are clustered again (:mod:`milgraph.graph.happenings`)
and their events rewritten, so the graph depends only on which reports are in it, never on
their order.

Each report's claim lives on its ``REPORTS`` link beside its share (``graph/provenance.py``):
``claim_id``, ``claim_label``, ``claim_date``, ``claim_precision``, ``claim_roles`` (text:
``FROM=place:a;TO=place:b,place:c``), ``claim_name``, ``claim_end_date``, ``claim_count``; a
report that told one happening more than once keeps one link to its event, with its most
specific claim as above and the others in ``claim_others`` (JSON texts ``{"claim", "share"}``),
so they can part again when later reports split the happening. An event is what its claims
make: the id, date and precision of its most specific claim, the union of the claims' roles (a
containing place dropped beside a place inside it; rejected roles never come back), and
aggregates of its links (order-independent; ``refresh_aggregates`` when links move); events left
with no link go. Each event keeps ``claim_units`` (:func:`unit_signatures`): after an ingest,
:func:`add_claims` groups the new claims against these units, and a bucket is re-clustered from
all its links (:func:`recluster`) only when a claim already there would change event.
Containment comes from the graph (LOCATED_IN paths, a place's ``country``) and the gazetteer
(country names, generic equipment classes, aircraft type designators).
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime, timezone

from milgraph.graph.curation import CurationRules
from milgraph.graph.happenings import (Claim, Containment, Happening, bucket_of, cluster, innermost, joint_modality,
                                       load_rules)
from milgraph.graph.ids import make_id, match_key
from milgraph.graph.model import load_model
from milgraph.graph.provenance import (AGGREGATES_INIT, SHARE_FROM_STRUCTURE, SHARE_PROPERTIES, aggregates_update,
                                       modality_order, parse_fact_key, refresh_statements)
from milgraph.graph.records import Event
from milgraph.graph.store import GraphStore, Statement
from milgraph.graph.writer import claim_roles_text, event_name

Bucket = tuple[str, str]  # (event label, year or "undated")


@dataclass(frozen=True, slots=True)
class StoredClaim:
    """A claim as read from its REPORTS link, with what rewriting the link needs."""

    claim: Claim
    event: str  # the event node holding it now
    fields: dict  # the claim_* values of this claim (without the prefix): id, label, date, ...
    share: dict  # the report's share for this claim (SHARE_PROPERTIES)
    first_seen: str | None
    own: bool = False  # the link's own claim (its share is the link's properties), not one of claim_others


# ----------------------------------------------------------------------------- reading


def parse_roles(text: str | None) -> dict[str, list[str]]:
    """``FROM=place:a;TO=place:b,place:c`` -> {"FROM": ["place:a"], "TO": ["place:b", "place:c"]}."""
    roles: dict[str, list[str]] = {}
    for part in (text or "").split(";"):
        role, _, fillers = part.partition("=")
        if role and fillers:
            roles[role] = [sys.intern(f) for f in fillers.split(",") if f]
    return roles


def report_buckets(store: GraphStore, report_ids: Iterable[str]) -> set[Bucket]:
    """The buckets holding the claims of these reports."""
    ids = sorted(set(report_ids))
    if not ids:
        return set()
    rows = store.read("UNWIND $ids AS rid MATCH (:Report {id: rid})-[x:REPORTS]->(e:Event) "
                      "RETURN DISTINCT labels(e) AS labels, coalesce(x.claim_date, e.date) AS date", {"ids": ids})
    return {bucket_of(_event_label(row["labels"]), row["date"]) for row in rows}


def pending_buckets(store: GraphStore) -> set[Bucket]:
    """The buckets of the reports an interrupted run left pending (about to be taken back)."""
    return report_buckets(store, [row["id"] for row in store.read(
        "MATCH (r:Report) WHERE r.pending = true RETURN r.id AS id")])


def geography_buckets(store: GraphStore, report_ids: Iterable[str]) -> set[Bucket]:
    """Buckets whose containment these reports may change: events with a role filled by a place
    (or a place inside it) that the reports put inside another with a LOCATED_IN fact no other
    report stated before (a fact stated again changes nothing; found from the fact's
    ``source_count``, so a busy fact costs no more than a rare one)."""
    ids = sorted(set(report_ids))
    if not ids:
        return set()
    stated: dict[str, int] = defaultdict(int)
    # filtered here, not in Cypher: FalkorDB would walk the index on Statement.fact (every share
    # of every LOCATED_IN fact) instead of the reports' own statements
    for row in store.read("UNWIND $ids AS rid MATCH (:Report {id: rid})-[:STATES]->(s:Statement) "
                          "RETURN s.fact AS fact", {"ids": ids}):
        if row["fact"].startswith("LOCATED_IN:"):
            stated[row["fact"]] += 1
    rows = []
    for key, count in sorted(stated.items()):
        _, start, end = parse_fact_key(key)
        rows.append({"start": start, "end": end, "count": count})
    if not rows:
        return set()
    inner = [row["id"] for row in store.read(
        "UNWIND $rows AS row MATCH (a:Entity {id: row.start})-[f:LOCATED_IN]->(:Entity {id: row.end}) "
        "WHERE coalesce(f.source_count, 0) <= row.count RETURN DISTINCT a.id AS id", {"rows": rows})]
    if not inner:
        return set()
    rows = store.read(
        "UNWIND $ids AS id MATCH (a:Entity {id: id}) "
        "MATCH (d:Entity)-[:LOCATED_IN*0..6]->(a) WITH DISTINCT d MATCH (e:Event)-[]->(d) "
        "RETURN DISTINCT labels(e) AS labels, e.date AS date", {"ids": sorted(inner)})
    return {bucket_of(_event_label(row["labels"]), row["date"]) for row in rows}


def _event_label(labels: list[str]) -> str:
    return next((x for x in labels if x != "Event"), "Event")


CLAIM_FIELDS = ("id", "label", "date", "precision", "roles", "name", "end_date", "count")


@dataclass
class EventState:
    """An event node as it is now: its links (report -> REPORTS properties), role edges and the
    properties a happening sets."""

    links: dict[str, dict]
    roles: set[tuple[str, str]]
    props: dict
    first_seen: str | None


def read_claims(store: GraphStore, buckets: Iterable[Bucket]) -> tuple[list[StoredClaim], dict[str, EventState]]:
    """The claims of the buckets' events, and each such event as it is now."""
    model = load_model()
    event_labels = set(model.event_labels)
    by_label: dict[str, list[str]] = defaultdict(list)
    for label, year in buckets:
        if label in event_labels:  # labels reach Cypher only from the model
            by_label[label].append(year)
    claims: list[StoredClaim] = []
    events: dict[str, EventState] = {}
    roles = set(model.roles)
    for label, years in sorted(by_label.items()):
        dated = sorted(y for y in years if y != "undated")
        where = "(e.date IS NOT NULL AND left(e.date, 4) IN $years)"
        if "undated" in years:
            where += " OR e.date IS NULL"
        found: dict[str, EventState] = {}
        for row in store.read(f"MATCH (e:{label}) WHERE {where} " + _EVENT_COLUMNS, {"years": dated}):
            props = {k: row[k] if row[k] not in ("", None) else None for k in NODE_PROPS}
            props["count"] = int(props["count"]) if props["count"] else None
            props["claim_units"] = list(row["units"]) if row["units"] is not None else None
            found[row["event"]] = EventState({}, set(), props, row["first_seen"] or None)
        for row in store.read(f"MATCH (e:{label}) WHERE {where} " + _LINK_COLUMNS, {"years": dated}):
            link = {k: row[k] for k in _LINK_KEYS if row[k] not in ("", None)}
            if "claim_count" in link:
                link["claim_count"] = int(link["claim_count"])
            link["claim_others"] = [o for o in row["others"] or () if o]
            found[row["event"]].links[row["report"]] = link
        for row in store.read("UNWIND $ids AS id MATCH (e:Event {id: id})-[r]->(n:Entity) "
                              "RETURN e.id AS event, type(r) AS role, n.id AS filler", {"ids": sorted(found)}):
            if row["role"] in roles:
                found[row["event"]].roles.add((row["role"], row["filler"]))
        for event_id, state in found.items():
            claims += [c for report, link in sorted(state.links.items())
                       for c in _link_claims(report, link, event_id, label, state)]
        events.update(found)
    return claims, events


NODE_PROPS = ("date", "date_precision", "name", "end_date", "count")
# Plain columns, not one packed text per row: on a store of a few thousand reports the embedded
# store returned one concatenated text in tens of thousands empty and another shifted. The
# evidence and the rest of a share are read only for the links that are rewritten
# (:func:`_with_shares`).
_LINK_KEYS = ("claim_id", "claim_label", "claim_date", "claim_precision", "claim_roles", "claim_name",
              "claim_end_date", "claim_count", "modality")
_EVENT_COLUMNS = ("RETURN e.id AS event, e.date AS date, e.date_precision AS date_precision, e.name AS name, "
                  "e.end_date AS end_date, e.count AS count, e.first_seen AS first_seen, e.claim_units AS units")
_LINK_COLUMNS = ("MATCH (r:Report)-[x:REPORTS]->(e) RETURN e.id AS event, r.id AS report, "
                 + ", ".join(f"x.{k} AS {k}" for k in _LINK_KEYS) + ", x.claim_others AS others")


def _role_map(pairs: Iterable[tuple[str, str]]) -> dict[str, list[str]]:
    roles: dict[str, list[str]] = defaultdict(list)
    for role, filler in sorted(pairs):
        roles[role].append(filler)
    return dict(roles)


def _link_claims(report: str, link: dict, event_id: str, label: str, state: EventState) -> list[StoredClaim]:
    """The claims one REPORTS link holds: its own, and those in ``claim_others``. A link written
    before claims were kept stands for a claim of the event as it is."""
    share = {k: link[k] for k in SHARE_PROPERTIES if k in link}  # the link's own share: read in full later
    if "claim_id" in link:
        fields = {f: link.get("claim_" + f) for f in CLAIM_FIELDS}
        found = [(fields, share)]
        for text in link.get("claim_others") or []:
            other = json.loads(text)
            found.append((other["claim"], other["share"]))
    else:
        fields = {"id": event_id, "label": label, "date": state.props.get("date"),
                  "precision": state.props.get("date_precision"), "name": state.props.get("name"),
                  "roles": claim_roles_text(_role_map(state.roles)),
                  "end_date": state.props.get("end_date"), "count": state.props.get("count")}
        found = [(fields, share)]
    out = []
    for i, (fields, share) in enumerate(found):
        claim = Claim.of(fields["id"], report, fields.get("label") or label, fields.get("date"),
                         parse_roles(fields.get("roles")), share.get("modality") or "confirmed")
        out.append(StoredClaim(claim, event_id, fields, share, state.first_seen, own=i == 0))
    return out


_ENTITIES = ("UNWIND $ids AS id MATCH (n:Entity {id: id}) RETURN n.id AS id, labels(n) AS labels, n.name AS name, "
             "n.kind AS kind, n.country AS country, n.category AS category, n.type AS type, "
             "n.type_icao AS type_icao, n.designation AS designation")


def read_containment(store: GraphStore, entity_ids: Iterable[str]) -> Containment:
    """What lies inside what, for these fillers: LOCATED_IN paths and ``country`` properties
    (places), aircraft types (airframes), generic classes of a category (equipment)."""
    from milgraph.loaders.gazetteer import load_gazetteer

    ids = sorted(set(entity_ids))
    if not ids:
        return Containment()
    parents: dict[str, set[str]] = defaultdict(set)
    for row in store.read("UNWIND $ids AS id MATCH (a:Entity {id: id})-[:LOCATED_IN*1..6]->(b:Entity) "
                          "RETURN DISTINCT a.id AS child, b.id AS parent", {"ids": ids}):
        parents[row["child"]].add(row["parent"])
    entities = {row["id"]: row for row in store.read(_ENTITIES, {"ids": ids})}
    gazetteer = load_gazetteer()
    for entity_id, entity in entities.items():  # a place inside its country
        if entity.get("country") and "Equipment" not in entity["labels"]:
            country = gazetteer.country(str(entity["country"]))
            parents[entity_id].add(country.place.id if country else make_id("place", str(entity["country"])))
    for parent_set in list(parents.values()):  # the country's own containers (none usually)
        for parent in list(parent_set):
            parent_set |= parents.get(parent, set())
    vague, generic_by_category, designators = set(), defaultdict(set), {}
    for entity_id, entity in entities.items():
        if "Equipment" in entity["labels"]:
            entry = gazetteer.by_id.get(entity_id)
            category = entity.get("category") or entity.get("kind")
            if entry is None or entry.generic:
                (vague.add(entity_id) if category in (None, "other") else generic_by_category[category].add(entity_id))
            designators[entity_id] = _designators(entity.get("name"), entity.get("designation"))
        elif "Aircraft" in entity["labels"] or "Vessel" in entity["labels"]:
            designators[entity_id] = _designators(entity.get("type_icao"), entity.get("type"), entity.get("kind"))
    for entity_id, entity in entities.items():
        if "Equipment" in entity["labels"]:
            category = entity.get("category") or entity.get("kind")
            parents[entity_id] |= generic_by_category.get(category, set()) - {entity_id}
        elif designators.get(entity_id):  # an airframe inside its aircraft type
            parents[entity_id] |= {e for e, d in designators.items()
                                   if d & designators[entity_id] and "Equipment" in entities[e]["labels"]}
    return Containment.from_parents(parents, vague)


def _designators(*names: str | None) -> set[str]:
    """The ICAO type designators some type names give (a name no table knows stands for itself)."""
    from milgraph.graph.tracking import type_designators

    keys = {match_key(str(name)) for name in names if name}
    return {type_designators().get(key) or key.upper() for key in keys if key}


# ----------------------------------------------------------------------------- rewriting


def recluster(store: GraphStore, buckets: Iterable[Bucket], curation: CurationRules | None = None,
              now: str | None = None) -> dict[str, int]:
    """Cluster the claims of these buckets again and rewrite the events that changed; the
    aggregates of those are recomputed from their links (the others' are right as written:
    aggregates do not depend on the order of the shares). Returns counts: claims read, events
    kept as they were, events rewritten, events emptied."""
    buckets = set(buckets)
    if not buckets:
        return {"claims": 0, "kept": 0, "rewritten": 0, "emptied": 0}
    curation = CurationRules.of(store) if curation is None else curation
    now = now or datetime.now(timezone.utc).strftime("%Y-%m-%d")
    stored, events = read_claims(store, buckets)
    stored = [_curated(s, curation) for s in stored]
    fillers = sorted({f for s in stored for _, role_fillers in s.claim.roles for f in role_fillers})
    containment = read_containment(store, fillers)
    happenings = cluster([s.claim for s in stored], containment, load_rules())
    names = {row["id"]: row["name"] for row in store.read(
        "UNWIND $ids AS id MATCH (n:Entity {id: id}) RETURN n.id AS id, n.name AS name", {"ids": fillers})}
    by_claim: dict[tuple[str, str], list[StoredClaim]] = defaultdict(list)
    for s in stored:
        by_claim[(s.claim.report, s.claim.id)].append(s)
    plans = [_plan(h, by_claim, curation, names) for h in happenings]
    changed = [p for p in plans if not _in_place(p, events)]
    rewritten = {p.happening.id for p in changed}
    emptied = sorted(set(events) - {p.happening.id for p in plans})
    if rewritten or emptied:
        kept = {(report, p.happening.id): key for p in plans if p.happening.id not in rewritten
                for report, key in p.links.items()}
        # aggregates are order-independent as written: only events whose links moved are recomputed
        store.write_batch(_statements(_with_shares(store, changed), events, now, kept)
                          + refresh_statements(event_ids=rewritten | set(emptied)))
    return {"claims": len(stored), "kept": len(plans) - len(changed), "rewritten": len(changed),
            "emptied": len(emptied)}


def _curated(stored: StoredClaim, curation: CurationRules) -> StoredClaim:
    """A claim's fillers as the analyst's merges have them now (a merged entity's later id)."""
    if not curation.merged:
        return stored
    c = stored.claim
    roles = {role: [_merged_id(f, curation) for f in fillers] for role, fillers in c.roles}
    return StoredClaim(Claim.of(c.id, c.report, c.label, c.date, roles, c.modality), stored.event, stored.fields,
                       stored.share, stored.first_seen, stored.own)


def _merged_id(entity_id: str, curation: CurationRules) -> str:
    seen = {entity_id}
    while entity_id in curation.merged and curation.merged[entity_id][0] not in seen:
        entity_id = curation.merged[entity_id][0]
        seen.add(entity_id)
    return entity_id


@dataclass
class _Plan:
    happening: Happening
    claims: list[StoredClaim]
    links: dict[str, tuple]  # report -> its link's claims: (own claim id, the others' ids)
    roles: set[tuple[str, str]]  # (role, filler) after rejections
    props: dict  # date, date_precision, name, end_date, count


def _plan(happening: Happening, by_claim: dict, curation: CurationRules, names: dict[str, str]) -> _Plan:
    claims = _plan_claims(happening, by_claim)
    roles = happening_roles(happening, curation)
    end_dates = sorted({s.fields.get("end_date") for s in claims} - {None}, key=lambda d: (-len(d), d))
    counts = [s.fields["count"] for s in claims if s.fields.get("count") is not None]
    props = {"date": happening.date, "date_precision": happening.precision,
             "name": happening_name(happening, roles, names),
             "end_date": end_dates[0] if end_dates else None, "count": max(counts) if counts else None,
             "claim_units": unit_signatures(happening.claims)}
    return _Plan(happening, claims, _link_keys(claims), roles, props)


def _plan_claims(happening: Happening, by_claim: dict) -> list[StoredClaim]:
    """The stored claims of a happening's claims, one per (report, claim id), each report's
    most specific first (the one its REPORTS link keeps as its own)."""
    return sorted({(c.report, c.id): s for c in happening.claims for s in by_claim[(c.report, c.id)]}.values(),
                  key=lambda s: (s.claim.report, PRECISION_ORDER.get(s.claim.precision, 9), s.claim.id))


def happening_roles(happening: Happening, curation: CurationRules) -> set[tuple[str, str]]:
    """The (role, filler) edges a happening's event has: its roles less the rejected ones."""
    ids = {happening.id} | {c.id for c in happening.claims}
    return {(role, filler) for role, fillers in happening.roles for filler in fillers
            if not any(f"{event_id}/{role}/{filler}" in curation.rejected for event_id in ids)}


def happening_name(happening: Happening, roles: set[tuple[str, str]], names: dict[str, str]) -> str:
    kept: dict[str, list[str]] = defaultdict(list)
    for role, filler in sorted(roles):
        kept[role].append(filler)
    return event_name(Event(happening.id, ["Event", happening.label], date=happening.date, roles=dict(kept)), names)


PRECISION_ORDER = {"day": 0, "month": 1, "year": 2, "unknown": 3}


def unit_signatures(claims: Iterable[Claim]) -> list[str]:
    """An event's ``claim_units``: one JSON text per distinct claim id among its claims (what
    clustering sees of them: id, date, the modalities said, the roles' union), sorted. A later
    ingest checks its new claims against these instead of reading every REPORTS link."""
    by_id: dict[str, list[Claim]] = defaultdict(list)
    for claim in claims:
        by_id[claim.id].append(claim)
    out = []
    for claim_id, group in by_id.items():
        roles: dict[str, set[str]] = defaultdict(set)
        for claim in group:
            for role, fillers in claim.roles:
                roles[role] |= set(fillers)
        out.append(json.dumps([claim_id, group[0].date, sorted({c.modality for c in group}),
                               claim_roles_text({r: sorted(f) for r, f in roles.items()})],
                              ensure_ascii=False, separators=(",", ":")))
    return sorted(out)


def _by_report(claims: list[StoredClaim]) -> dict[str, list[StoredClaim]]:
    by_report: dict[str, list[StoredClaim]] = defaultdict(list)
    for s in claims:
        by_report[s.claim.report].append(s)
    return by_report


def _link_keys(claims: list[StoredClaim]) -> dict[str, tuple]:
    return {report: (own[0].claim.id, tuple(sorted(o.claim.id for o in own[1:])))
            for report, own in _by_report(claims).items()}


def _current_key(link: dict) -> tuple:
    others = sorted(json.loads(text)["claim"]["id"] for text in link.get("claim_others") or [])
    return link.get("claim_id"), tuple(others)


def _links(claims: list[StoredClaim]) -> dict[str, dict]:
    """One REPORTS link per report: its most specific claim's share and claim, the others in
    ``claim_others``."""
    links = {}
    for report, own in _by_report(claims).items():
        first, *others = own
        props = {**first.share, **{"claim_" + f: v for f, v in _fields(first).items()}}
        if others:
            props["claim_others"] = [json.dumps({"claim": _fields(o), "share": o.share}, sort_keys=True,
                                                ensure_ascii=False) for o in others]
        links[report] = {k: v for k, v in props.items() if v is not None}
    return links


def _fields(stored: StoredClaim) -> dict:
    c = stored.claim
    return {**{f: stored.fields.get(f) for f in CLAIM_FIELDS}, "id": c.id, "label": c.label, "date": c.date,
            "precision": c.precision, "roles": claim_roles_text(c.role_map())}


def _in_place(plan: _Plan, events: dict[str, EventState]) -> bool:
    """The event already is what the claims make: same links, roles and properties."""
    state = events.get(plan.happening.id)
    return (state is not None and {r: _current_key(link) for r, link in state.links.items()} == plan.links
            and state.roles == plan.roles and all(state.props.get(k) == v for k, v in plan.props.items()))


def _with_shares(store: GraphStore, plans: list[_Plan]) -> list[_Plan]:
    """The plans with each link's own share read in full (evidence and all), for rewriting."""
    pairs = sorted({(s.claim.report, s.event) for p in plans for s in p.claims if s.own})
    shares = {(row["report"], row["event"]): {k: v for k, v in (row["props"] or {}).items()
                                              if k in SHARE_PROPERTIES and v is not None}
              for row in store.read("UNWIND $rows AS row MATCH (:Report {id: row.report})-[x:REPORTS]->"
                                    "(:Event {id: row.event}) RETURN row.report AS report, row.event AS event, "
                                    "properties(x) AS props", {"rows": [{"report": r, "event": e} for r, e in pairs]})}
    out = []
    for p in plans:
        claims = [replace(s, share=shares.get((s.claim.report, s.event), s.share)) if s.own else s for s in p.claims]
        out.append(replace(p, claims=claims))
    return out


def _statements(plans: list[_Plan], events: dict[str, EventState], now: str,
                kept: dict[tuple[str, str], tuple] | None = None) -> list[Statement]:
    """Rewrite the changed events: nodes, REPORTS links, properties and roles (the aggregates
    follow from the links, by ``refresh_statements``). ``kept``: the links of the events left
    as they are, (report, event) -> their claims' key, which must stay."""
    model = load_model()
    return (_event_node_statements(plans, now, model.event_labels) + _link_statements(plans, events, kept)
            + [Statement("UNWIND $rows AS row MATCH (e:Event {id: row.id}) SET e += row.props",
                         {"rows": [{"id": p.happening.id, "props": p.props} for p in plans]})]
            + _role_statements(plans, sorted(model.roles)))


def _event_node_statements(plans: list[_Plan], now: str, event_labels: Iterable[str]) -> list[Statement]:
    """The plans' event nodes, one statement per label; a new one starts with its claims'
    earliest first_seen and empty aggregates."""
    statements = []
    for label in sorted({p.happening.label for p in plans}):
        if label in event_labels:
            rows = [{"id": p.happening.id, "first_seen": min((s.first_seen for s in p.claims if s.first_seen),
                                                             default=now)}
                    for p in plans if p.happening.label == label]
            statements.append(Statement(
                "UNWIND $rows AS row MERGE (f:Event {id: row.id}) "
                f"ON CREATE SET f.first_seen = row.first_seen, f.aliases = [], {AGGREGATES_INIT} SET f:{label}",
                {"rows": rows}))
    return statements


def _link_statements(plans: list[_Plan], events: dict[str, EventState],
                     kept: dict[tuple[str, str], tuple] | None) -> list[Statement]:
    """The REPORTS links that no longer hold what they held go; the plans' links that differ
    from those there are written anew."""
    wanted = {**(kept or {}), **{(report, p.happening.id): key for p in plans for report, key in p.links.items()}}
    stale, fresh = [], []
    for event_id in sorted({s.event for p in plans for s in p.claims} | {p.happening.id for p in plans}):
        links = events[event_id].links if event_id in events else {}
        # a link goes only when no happening keeps it as it is: a report's link to an event its
        # claim leaves may still hold another claim of that report which stays there
        stale += [{"report": report, "event": event_id} for report, link in sorted(links.items())
                  if wanted.get((report, event_id)) != _current_key(link)]
    for p in plans:
        current = events.get(p.happening.id)
        for report, props in _links(p.claims).items():
            if current is None or report not in current.links or _current_key(current.links[report]) != p.links[report]:
                fresh.append({"report": report, "event": p.happening.id, "props": props})
    return [Statement(
        "UNWIND $rows AS row MATCH (:Report {id: row.report})-[x:REPORTS]->(:Event {id: row.event}) DELETE x",
        {"rows": [dict(t) for t in sorted({tuple(sorted(r.items())) for r in stale})]}),
        Statement("UNWIND $rows AS row MATCH (r:Report {id: row.report}) MATCH (f:Event {id: row.event}) "
                  "CREATE (r)-[x:REPORTS]->(f) SET x += row.props", {"rows": fresh})]


def _role_statements(plans: list[_Plan], roles: list[str]) -> list[Statement]:
    """The plans' events lose every role edge and take those of their happenings."""
    statements = [Statement("UNWIND $ids AS id MATCH (e:Event {id: id})-[r]->(:Entity) WHERE type(r) IN $roles DELETE r",
                            {"ids": [p.happening.id for p in plans], "roles": roles})]
    by_role: dict[str, list[dict]] = defaultdict(list)
    for p in plans:
        for role, filler in sorted(p.roles):
            by_role[role].append({"event": p.happening.id, "target": filler})
    for role in sorted(by_role):
        if role in roles:
            statements.append(Statement(
                f"UNWIND $rows AS row MATCH (e:Event {{id: row.event}}) MATCH (n:Entity {{id: row.target}}) "
                f"MERGE (e)-[:{role}]->(n)", {"rows": by_role[role]}))
    return statements


# ----------------------------------------------------------------------------- hooks


def after_ingest(store: GraphStore, report_ids: Iterable[str], buckets: Iterable[Bucket] = ()) -> dict[str, int]:
    """Group what an ingest added: each bucket its reports' claims fall in is updated from
    those claims alone when they cannot change the grouping of the claims already there
    (:func:`add_claims`); the others, those whose geography the reports changed, and
    ``buckets`` (of reports it took back, read before they went) are re-clustered whole."""
    from milgraph.graph.canonical_order import canonicalize

    report_ids = list(report_ids)
    curation = CurationRules.of(store)
    now = datetime.now(timezone.utc).strftime("%Y-%m-%d")
    whole = set(buckets)
    moved_places = geography_buckets(store, report_ids)
    claims = new_claims(store, report_ids, curation)
    counts = {"claims": 0, "kept": 0, "rewritten": 0, "emptied": 0, "added": 0}
    for bucket in sorted((set(claims) | moved_places) - whole):
        added = add_claims(store, bucket, claims.get(bucket, []), curation, now, geography=bucket in moved_places)
        if added is None:
            whole.add(bucket)
        else:
            counts["added"] += added
    for key, value in recluster(store, whole, curation, now).items():
        counts[key] += value
    canonicalize(store, report_ids)  # aliases in an order of their own
    return counts


# ----------------------------------------------------------------------------- adding claims


@dataclass(slots=True)
class NewClaim:
    """A claim on a REPORTS link an ingest just wrote, with the link as it is."""

    stored: StoredClaim | None  # None: a link without a claim (an older writer)
    link: dict  # every property of the link, once read (:func:`_load_links`)
    bucket: Bucket


_NEW_LINK = ("UNWIND $ids AS rid MATCH (r:Report {id: rid})-[x:REPORTS]->(e:Event) RETURN e.id AS event, "
             "r.id AS report, " + ", ".join(f"x.{k} AS {k}" for k in _LINK_KEYS)
             + ", size(coalesce(x.claim_others, [])) AS others, e.first_seen AS first_seen, labels(e) AS labels")


def new_claims(store: GraphStore, report_ids: list[str], curation: CurationRules) -> dict[Bucket, list[NewClaim]]:
    """The claims on the REPORTS links of these reports, by bucket (the analyst's merges
    applied). Without the evidence and the rest of each share: the links that are rewritten are
    read in full later (:func:`_load_links`)."""
    if not report_ids:
        return {}
    by_bucket: dict[Bucket, list[NewClaim]] = defaultdict(list)
    for row in store.read(_NEW_LINK, {"ids": sorted(set(report_ids))}):
        # one string object per distinct value: a run's claims repeat reports, events, labels,
        # dates, names and fillers, and all of them are held until the grouping ends
        event_id, report = sys.intern(row["event"]), sys.intern(row["report"])
        link = {k: sys.intern(v) if isinstance(v, str) else v for k in _LINK_KEYS if (v := row[k]) not in ("", None)}
        others, first_seen = row["others"] or 0, row["first_seen"] or None
        label = _event_label(list(row["labels"]))
        bucket = bucket_of(link.get("claim_label") or label, link.get("claim_date"))
        if "claim_id" not in link or others:
            by_bucket[bucket].append(NewClaim(None, {}, bucket))
            continue
        if "claim_count" in link:
            link["claim_count"] = int(link["claim_count"])
        fields = {f: link.get("claim_" + f) for f in CLAIM_FIELDS}
        claim = Claim.of(fields["id"], report, fields.get("label") or label, fields.get("date"),
                         parse_roles(fields.get("roles")), link.get("modality") or "confirmed")
        stored = _curated(StoredClaim(claim, event_id, fields, {"modality": link.get("modality")}, first_seen,
                                      own=True), curation)
        by_bucket[bucket].append(NewClaim(stored, {}, bucket))
    return dict(by_bucket)


def _load_links(store: GraphStore, news: list[NewClaim]) -> None:
    """Read in full the links of these new claims (to move or rewrite them): ``link`` gets every
    property, the claim's share all of SHARE_PROPERTIES."""
    rows = [{"report": n.stored.claim.report, "event": n.stored.event} for n in news if not n.link]
    if not rows:
        return
    found = {(row["report"], row["event"]): dict(row["props"] or {}) for row in store.read(
        "UNWIND $rows AS row MATCH (:Report {id: row.report})-[x:REPORTS]->(:Event {id: row.event}) "
        "RETURN row.report AS report, row.event AS event, properties(x) AS props", {"rows": rows})}
    for n in news:
        if not n.link:
            n.link = found.get((n.stored.claim.report, n.stored.event), {})
            n.stored = replace(n.stored, share={k: n.link[k] for k in SHARE_PROPERTIES if k in n.link})


@dataclass
class _Unit:
    """A distinct claim of an event as its ``claim_units`` keep it."""

    event: str
    claim: Claim
    modalities: list[str]


def _bucket_where(year: str) -> tuple[str, dict]:
    if year == "undated":
        return "e.date IS NULL", {}
    return "e.date IS NOT NULL AND left(e.date, 4) = $year", {"year": year}


def add_claims(store: GraphStore, bucket: Bucket, new: list[NewClaim], curation: CurationRules, now: str,
               geography: bool = False) -> int | None:
    """Put the new claims of one bucket where a whole re-cluster would, reading the bucket's
    ``claim_units`` (one per distinct claim of an event, not one per report) and writing only
    what changes; None when the links of claims already there would have to move, and the
    bucket must be re-clustered whole from its links.

    The units of the bucket (those of its events, with the new claims added: a claim repeating a
    unit adds its modality, a claim of a new id is a new unit) are clustered as
    :func:`milgraph.graph.happenings.cluster` clusters claims: its result depends only on the
    units. When every happening it finds either holds only new units, or is an existing event
    with all its units and the same id (its founder), plus new ones, no existing link moves:
    the new links join their events (their shares folded into the order-independent
    aggregates), events of new claims only are written as a re-cluster writes them, and the
    roles, name, end date, count and units of the events the new claims reached are updated.
    ``geography``: containment may have changed (a new LOCATED_IN fact), so the roles and name
    of every event of the bucket are checked too."""
    label, year = bucket
    if label not in load_model().event_labels or any(n.stored is None for n in new):
        return None
    stored = _bucket_units(store, label, year, new)
    if stored is None:
        return None
    units, events, writer_nodes = stored
    joined = _join_units(label, units, writer_nodes, new)
    if joined is None:
        return None
    added, same_units = joined
    held: dict[str, set[str]] = defaultdict(set)
    for u in units.values():
        if u.event:
            held[u.event].add(u.claim.id)
    happenings = _unit_happenings(store, label, units, held, added if same_units and not geography else None)
    placed = None if happenings is None else _placed(happenings, units, held, added, geography)
    if placed is None:
        return None
    reached, fresh = placed
    names_of = sorted({f for h in [*fresh, *(h for h, _, new_roles in reached if new_roles)] for _, fs in h.roles for f in fs})
    names = {row["id"]: row["name"] for row in store.read(
        "UNWIND $ids AS id MATCH (n:Entity {id: id}) RETURN n.id AS id, n.name AS name", {"ids": names_of})}
    statements = _reached_statements(store, reached, added, events, curation, names)
    if fresh:
        statements += _fresh_statements(store, fresh, added, curation, names, now)
    if statements:
        store.write_batch(statements)
    return len(new)


def _bucket_units(store: GraphStore, label: str, year: str,
                  new: list[NewClaim]) -> tuple[dict[str, _Unit], dict[str, dict], set[str]] | None:
    """The bucket's units (claim id -> unit), its events (id -> the properties a reached event
    updates) and the event nodes this ingest's writer made (only new links, no units yet); None
    when an event holding claims was written before events kept their units."""
    fresh_links: dict[str, int] = defaultdict(int)
    for n in new:
        fresh_links[n.stored.event] += 1
    where, params = _bucket_where(year)
    units: dict[str, _Unit] = {}
    events: dict[str, dict] = {}
    writer_nodes: set[str] = set()
    for row in store.read(f"MATCH (e:{label}) WHERE {where} RETURN e.id AS id, e.claim_units AS units, "
                          "e.source_count AS sources, e.end_date AS end_date, e.count AS count, e.name AS name",
                          params):
        if row["units"] is None:
            if not row["sources"]:
                continue  # holds no claim (an observed movement)
            if row["sources"] == fresh_links.get(row["id"], 0):
                writer_nodes.add(row["id"])  # made by this ingest's writer: only new links
                continue
            return None  # written before events kept their units
        events[row["id"]] = row
        for text in row["units"]:
            claim_id, date, modalities, roles = json.loads(text)
            units[claim_id] = _Unit(row["id"], Claim.of(claim_id, "", label, date, parse_roles(roles)), list(modalities))
    return units, events, writer_nodes


def _join_units(label: str, units: dict[str, _Unit], writer_nodes: set[str],
                new: list[NewClaim]) -> tuple[dict[str, list[NewClaim]], bool] | None:
    """Fold the new claims into the units (a repeated unit gains the claim's modality, a new id
    is a new unit, in ``units`` itself). Returns each unit's new claims and whether every new
    claim repeats a unit without changing how clustering sees it; None when a claim already
    stored would change event."""
    added: dict[str, list[NewClaim]] = defaultdict(list)  # unit id -> its new claims
    same_units = True
    for n in new:
        c = n.stored.claim
        unit = units.get(c.id)
        if unit is None:
            if n.stored.event not in writer_nodes:
                return None
            unit = units[c.id] = _Unit("", Claim.of(c.id, "", label, c.date, c.role_map()), [])
        elif unit.claim.roles != c.roles:
            return None  # one id, other fillers (a curation since): re-cluster whole
        elif n.stored.event != unit.event and n.stored.event not in writer_nodes:
            return None
        said = joint_modality(set(unit.modalities)) if unit.modalities else None
        unit.modalities = sorted(set(unit.modalities) | {c.modality})
        same_units = same_units and bool(unit.event) and joint_modality(set(unit.modalities)) == said
        added[c.id].append(n)
    return added, same_units


def _unit_happenings(store: GraphStore, label: str, units: dict[str, _Unit], held: dict[str, set[str]],
                     unchanged: dict[str, list[NewClaim]] | None) -> list[Happening] | None:
    """The happenings the units make. ``unchanged``: the new claims, when they repeat units
    without changing how they are seen (and no containment changed): the grouping is as it is,
    so only the events they touch are rebuilt from their units; otherwise all units are
    clustered. None when a touched event's founding unit is missing."""
    if unchanged is not None:
        touched = sorted({units[i].event for i in unchanged})
        containment = read_containment(store, {f for e in touched for i in held[e]
                                               for _, fs in units[i].claim.roles for f in fs})
        happenings = [_as_happening(e, label, [units[i] for i in sorted(held[e])], containment) for e in touched]
        return None if None in happenings else happenings
    unit_claims = [Claim.of(u.claim.id, "", label, u.claim.date, u.claim.role_map(), m)
                   for u in units.values() for m in u.modalities]
    containment = read_containment(store, {f for u in units.values() for _, fs in u.claim.roles for f in fs})
    return cluster(unit_claims, containment, load_rules())


def _placed(happenings: list[Happening], units: dict[str, _Unit], held: dict[str, set[str]],
            added: dict[str, list[NewClaim]], geography: bool) -> tuple[list[tuple[Happening, str, bool]],
                                                                        list[Happening]] | None:
    """The events the new claims reach, (happening, its event, whether its roles may change),
    and the happenings of new claims only; None when an existing link would have to move."""
    reached: list[tuple[Happening, str, bool]] = []
    fresh: list[Happening] = []
    for h in happenings:
        ids = {c.id for c in h.claims}
        olds = {units[i].event for i in ids if units[i].event}
        if not olds:
            fresh.append(h)
        elif len(olds) > 1 or h.id not in held or olds != {h.id} or not held[h.id] <= ids:
            return None  # existing claims change events: their links would move
        elif geography or ids & set(added):
            onto = any(n.stored.event == h.id for i in ids for n in added.get(i, []))  # the writer added role edges
            reached.append((h, h.id, geography or onto or not ids <= held[h.id]))  # roles may change
    for h, _, _ in reached:
        reports = [n.stored.claim.report for i in {c.id for c in h.claims} for n in added.get(i, [])]
        if len(set(reports)) < len(reports):
            return None  # a report with two claims of one event: its link packs them (claim_others)
    return reached, fresh


def _as_happening(event_id: str, label: str, event_units: list[_Unit], containment: Containment) -> Happening | None:
    """The happening an event's units make, as :func:`milgraph.graph.happenings.cluster` makes it."""
    founder = next((u for u in event_units if u.claim.id == event_id), None)
    if founder is None:
        return None
    roles: dict[str, set[str]] = defaultdict(set)
    for u in event_units:
        for role, fillers in u.claim.roles:
            roles[role] |= set(fillers)
    return Happening(id=event_id, label=label, date=founder.claim.date,
                     roles=tuple(sorted((role, tuple(sorted(innermost(fillers, containment))))
                                        for role, fillers in roles.items())),
                     claims=tuple(Claim.of(u.claim.id, "", label, u.claim.date, u.claim.role_map(), m)
                                  for u in event_units for m in u.modalities))


def _reached_statements(store: GraphStore, reached: list[tuple[Happening, str, bool]],
                        added: dict[str, list[NewClaim]], events: dict[str, dict], curation: CurationRules,
                        names: dict[str, str]) -> list[Statement]:
    """Events that keep their id and claims and gain new ones: the new links moved onto them
    when the writer put them on a node of their own, their shares folded into the aggregates;
    end date, count and units, and (when they may have changed) roles and name, as the
    happening has them now. Only what differs is written."""
    if not reached:
        return []
    statements = _moved_link_statements(store, reached, added)
    ids = sorted({e for _, e, new_roles in reached if new_roles})
    have: dict[str, set[tuple[str, str]]] = defaultdict(set)
    known_roles = set(load_model().roles)
    for row in store.read("UNWIND $ids AS id MATCH (e:Event {id: id})-[r]->(n:Entity) "
                          "RETURN e.id AS event, type(r) AS role, n.id AS filler", {"ids": ids}) if ids else []:
        if row["role"] in known_roles:
            have[row["event"]].add((row["role"], row["filler"]))
    props, dropped, gained = [], [], defaultdict(list)
    for h, event_id, new_roles in reached:
        mine = [n for c in h.claims for n in added.get(c.id, [])]
        current = events[event_id]
        end_dates = sorted(({current["end_date"]} | {n.stored.fields.get("end_date") for n in mine}) - {None},
                           key=lambda d: (-len(d), d))
        counts = [c for c in [current["count"], *(n.stored.fields.get("count") for n in mine)] if c is not None]
        want = {"end_date": end_dates[0] if end_dates else None, "count": max(counts) if counts else None,
                "claim_units": unit_signatures(h.claims)}
        if new_roles:
            roles = happening_roles(h, curation)
            want["name"] = happening_name(h, roles, names)
            dropped += [{"event": event_id, "role": r, "target": f} for r, f in sorted(have[event_id] - roles)]
            for r, f in sorted(roles - have[event_id]):
                gained[r].append({"event": event_id, "target": f})
        changed = {k: v for k, v in want.items() if (list(current["units"] or []) if k == "claim_units"
                                                    else current.get(k)) != v}
        if changed:
            props.append({"id": event_id, "props": changed})
    if props:
        statements.append(Statement("UNWIND $rows AS row MATCH (e:Event {id: row.id}) SET e += row.props",
                                    {"rows": props}))
    if dropped:
        statements.append(Statement("UNWIND $rows AS row MATCH (e:Event {id: row.event})-[r]->(n:Entity {id: row.target}) "
                                    "WHERE type(r) = row.role DELETE r", {"rows": dropped}))
    for role in sorted(gained):
        if role in known_roles:
            statements.append(Statement(
                f"UNWIND $rows AS row MATCH (e:Event {{id: row.event}}) MATCH (n:Entity {{id: row.target}}) "
                f"MERGE (e)-[:{role}]->(n)", {"rows": gained[role]}))
    return statements


def _moved_link_statements(store: GraphStore, reached: list[tuple[Happening, str, bool]],
                           added: dict[str, list[NewClaim]]) -> list[Statement]:
    """The new links the writer put on an event of their own, moved onto the event their
    happening keeps (read in full first), and their shares folded into its aggregates."""
    joins = [(n, event_id) for h, event_id, _ in reached for c in h.claims for n in added.get(c.id, [])]
    joins = list({(n.stored.claim.report, n.stored.claim.id): (n, e) for n, e in joins}.values())
    moved = [(n, e) for n, e in joins if n.stored.event != e]
    if not moved:
        return []
    _load_links(store, [n for n, _ in moved])
    rows = [{"report": n.stored.claim.report, "from": n.stored.event, "to": e, "props": n.link} for n, e in moved]
    by_event: dict[str, list[str]] = defaultdict(list)
    for n, e in moved:
        by_event[e].append(n.stored.claim.report)
    return [
        Statement("UNWIND $rows AS row MATCH (:Report {id: row.report})-[x:REPORTS]->(:Event {id: row.from}) "
                  "DELETE x", {"rows": rows}),
        Statement("UNWIND $rows AS row MATCH (r:Report {id: row.report}) MATCH (f:Event {id: row.to}) "
                  "CREATE (r)-[x:REPORTS]->(f) SET x += row.props", {"rows": rows}),
        Statement("UNWIND $ids AS id MATCH (e:Event {id: id}) DETACH DELETE e",
                  {"ids": sorted({n.stored.event for n, _ in moved})}),
        Statement("UNWIND $groups AS g MATCH (f:Event {id: g.event}) UNWIND g.reports AS rid "
                  "MATCH (r:Report {id: rid})-[x:REPORTS]->(f) "
                  f"WITH f, collect({SHARE_FROM_STRUCTURE}) AS fresh " + aggregates_update(event=True),
                  {"groups": [{"event": e, "reports": sorted(rs)} for e, rs in sorted(by_event.items())],
                   "order": list(modality_order())})]


def _fresh_statements(store: GraphStore, happenings: list[Happening], added: dict[str, list[NewClaim]],
                      curation: CurationRules, names: dict[str, str], now: str) -> list[Statement]:
    """Happenings of new claims only: written as a re-cluster writes them (their links are all
    new). Only the links a happening rewrites are read in full (evidence and all): most new
    claims already sit on the node of their happening, under the same claim."""
    news = {h.id: [n for c in h.claims for n in added[c.id]] for h in happenings}
    events: dict[str, EventState] = {}
    for n in (n for group in news.values() for n in group):
        state = events.setdefault(n.stored.event, EventState({}, set(), {}, n.stored.first_seen))
        state.links[n.stored.claim.report] = n.link or {"claim_id": n.stored.fields.get("id")}
    plans = _fresh_plans(happenings, news, curation, names)
    rewritten = {plan.happening.id: _rewritten_reports(plan, events) for plan in plans}
    _load_links(store, [n for h in happenings for n in news[h.id] if n.stored.claim.report in rewritten[h.id]])
    by_claim = _news_by_claim(news)  # the claims again, with the shares just read
    plans = [replace(plan, claims=_plan_claims(plan.happening, by_claim)) for plan in plans]
    emptied = set(events) - {p.happening.id for p in plans}
    return _statements(plans, events, now) + refresh_statements(event_ids={p.happening.id for p in plans} | emptied)


def _fresh_plans(happenings: list[Happening], news: dict[str, list[NewClaim]], curation: CurationRules,
                 names: dict[str, str]) -> list[_Plan]:
    by_claim = _news_by_claim(news)
    plans = []
    for h in happenings:
        claims = tuple(sorted({n.stored.claim for n in news[h.id]}, key=lambda c: (c.report, c.id)))
        plans.append(_plan(replace(h, claims=claims), by_claim, curation, names))
    return plans


def _news_by_claim(news: dict[str, list[NewClaim]]) -> dict[tuple[str, str], list[StoredClaim]]:
    by_claim: dict[tuple[str, str], list[StoredClaim]] = defaultdict(list)
    for n in (n for group in news.values() for n in group):
        by_claim[(n.stored.claim.report, n.stored.claim.id)].append(n.stored)
    return by_claim


def _rewritten_reports(plan: _Plan, events: dict[str, EventState]) -> set[str]:
    """The reports whose link to the plan's event :func:`_statements` writes anew."""
    current = events.get(plan.happening.id)
    return {report for report, key in plan.links.items()
            if current is None or report not in current.links or _current_key(current.links[report]) != key}


@dataclass(frozen=True)
class CurationScope:
    """What a curation may change, read before it is applied."""

    buckets: frozenset = frozenset()
    entities: tuple[str, ...] = ()  # a retracted report's entities (their report times change)


def before_curation(store: GraphStore, curation) -> CurationScope:
    """The buckets an analyst's curation may change: a retracted report's claims (and the
    entities it named); the events a merged entity fills a role of; the event of a rejected role."""
    from milgraph.graph.canonical_order import mentioned_entities

    if curation.action == "retract":
        return CurationScope(frozenset(report_buckets(store, [curation.subject])),
                             tuple(mentioned_entities(store, curation.subject)))
    return CurationScope(frozenset(_curation_buckets(store, curation)))


def _curation_buckets(store: GraphStore, curation) -> set[Bucket]:
    if curation.action == "merge":
        ids = [curation.subject, curation.value]
    elif curation.action == "reject" and curation.subject.startswith("event:"):
        rows = store.read("MATCH (e:Event {id: $id}) RETURN labels(e) AS labels, e.date AS date",
                          {"id": curation.subject.split("/")[0]})
        return {bucket_of(_event_label(row["labels"]), row["date"]) for row in rows}
    else:
        return set()
    rows = store.read("UNWIND $ids AS id MATCH (e:Event)-[]->(:Entity {id: id}) "
                      "RETURN DISTINCT labels(e) AS labels, e.date AS date", {"ids": ids})
    return {bucket_of(_event_label(row["labels"]), row["date"]) for row in rows}


def after_curation(store: GraphStore, scope: CurationScope) -> dict[str, int]:
    """Re-cluster after a curation, then refresh what depends on event nodes (weeks, fusion)."""
    from milgraph.graph import tracking
    from milgraph.graph.canonical_order import refresh_aliases, refresh_first_reported

    if not scope.buckets and not scope.entities:
        return {}
    counts = recluster(store, scope.buckets)
    refresh_first_reported(store, scope.entities)
    refresh_aliases(store, scope.entities)
    tracking.after_ingest(store)
    return counts


def retract_report(store: GraphStore, report_id: str) -> dict[str, int]:
    """Take a report back (:func:`milgraph.graph.writer.retract_report`) and re-cluster the
    buckets its claims were in, so the graph is as if it had never been ingested."""
    from milgraph.graph import tracking, writer
    from milgraph.graph.canonical_order import mentioned_entities, refresh_aliases, refresh_first_reported

    buckets, named = report_buckets(store, [report_id]), mentioned_entities(store, report_id)
    writer.retract_report(store, report_id)
    counts = recluster(store, buckets)
    refresh_first_reported(store, named)
    refresh_aliases(store, named)
    tracking.after_ingest(store)
    return counts
