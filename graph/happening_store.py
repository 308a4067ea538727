"""One event per happening, in the store: after each ingest (and each retraction) the claims of
the buckets it touched are clustered again (:mod:`milgraph.graph.happenings`) and their events
rewritten, so the graph depends only on which reports are in it, never on their order.

Each report's own claim lives on its ``REPORTS`` link (``claim_id``, ``claim_label``,
``claim_date``, ``claim_precision``, ``claim_roles`` as ``FROM=place:a;TO=place:b,place:c``,
``claim_name``, ``claim_end_date``, ``claim_count``, and its share of the provenance:
``claim_modality``, ``claim_evidence``, ``claim_confidence``, ``claim_attribution``). An event
is what its claims make: the id, date and name of its most specific claim, the union of the
claims' roles (a containing place dropped beside a place inside it; rejected roles never come
back), and provenance lists rebuilt from the claims in report-id order. Events left with no
claim go. Containment comes from the graph (LOCATED_IN paths, a place's ``country``) and the
gazetteer (country names, generic equipment classes, aircraft type designators).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timezone

from milgraph.graph.curation import CurationRules
from milgraph.graph.happenings import Claim, Containment, Happening, bucket_of, cluster, load_rules
from milgraph.graph.ids import make_id, match_key
from milgraph.graph.model import load_model
from milgraph.graph.records import Event
from milgraph.graph.store import GraphStore, Statement
from milgraph.graph.writer import event_name

Bucket = tuple[str, str]  # (event label, year or "undated")
ATTRIBUTION_SEPARATOR = " | "


@dataclass(frozen=True)
class StoredClaim:
    """A claim as read from its REPORTS link, with what rebuilding its event needs."""

    claim: Claim
    event: str  # the event node holding it now
    props: dict  # every property of the REPORTS link
    published: str | None
    first_seen: str | None


# ----------------------------------------------------------------------------- reading


def parse_roles(text: str | None) -> dict[str, list[str]]:
    """``FROM=place:a;TO=place:b,place:c`` -> {"FROM": ["place:a"], "TO": ["place:b", "place:c"]}."""
    roles: dict[str, list[str]] = {}
    for part in (text or "").split(";"):
        role, _, fillers = part.partition("=")
        if role and fillers:
            roles[role] = [f for f in fillers.split(",") if f]
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
    (or a place inside it) that the reports put inside another with LOCATED_IN."""
    ids = sorted(set(report_ids))
    if not ids:
        return set()
    rows = store.read(
        "UNWIND $ids AS rid MATCH (:Report {id: rid})-[:MENTIONS]->(a:Entity)-[l:LOCATED_IN]->(:Entity) "
        "WHERE rid IN coalesce(l.sources, []) WITH DISTINCT a "
        "MATCH (d:Entity)-[:LOCATED_IN*0..6]->(a) WITH DISTINCT d MATCH (e:Event)-[]->(d) "
        "RETURN DISTINCT labels(e) AS labels, e.date AS date", {"ids": ids})
    return {bucket_of(_event_label(row["labels"]), row["date"]) for row in rows}


def _event_label(labels: list[str]) -> str:
    return next((x for x in labels if x != "Event"), "Event")


def read_claims(store: GraphStore, buckets: Iterable[Bucket]) -> tuple[list[StoredClaim], dict[str, set], dict]:
    """The claims of the buckets' events, each such event's role edges (role, filler), and its
    sources and first_reported as they are now."""
    event_labels = set(load_model().event_labels)
    by_label: dict[str, list[str]] = defaultdict(list)
    for label, year in buckets:
        if label in event_labels:  # labels reach Cypher only from the model
            by_label[label].append(year)
    claims: list[StoredClaim] = []
    edges: dict[str, set] = {}
    state: dict[str, tuple] = {}
    for label, years in sorted(by_label.items()):
        dated = sorted(y for y in years if y != "undated")
        where = "(e.date IS NOT NULL AND left(e.date, 4) IN $years)"
        if "undated" in years:
            where += " OR e.date IS NULL"
        rows = store.read(
            f"MATCH (e:{label}) WHERE {where} OPTIONAL MATCH (r:Report)-[x:REPORTS]->(e) "
            "RETURN e.id AS event, e.date AS date, e.first_seen AS first_seen, e.modality AS modality, "
            "e.sources AS sources, e.first_reported AS first_reported, "
            "r.id AS report, r.published AS published, properties(x) AS props", {"years": dated})
        for row in rows:
            edges.setdefault(row["event"], set())
            state[row["event"]] = (tuple(row["sources"] or ()), row["first_reported"])
            if row["report"] is None:
                continue
            props = dict(row["props"] or {})
            claim = Claim.of(props.get("claim_id") or row["event"], row["report"], label,
                             props.get("claim_date", row["date"]) if "claim_id" in props else row["date"],
                             parse_roles(props.get("claim_roles")),
                             props.get("claim_modality") or row["modality"] or "confirmed")
            claims.append(StoredClaim(claim, row["event"], props, row["published"], row["first_seen"]))
        ids = sorted(edges)
        legacy = {s.event for s in claims if "claim_id" not in s.props}
        roles = set(load_model().roles)
        for row in store.read("UNWIND $ids AS id MATCH (e:Event {id: id})-[r]->(n:Entity) "
                              "RETURN e.id AS event, type(r) AS role, n.id AS filler", {"ids": ids}):
            if row["role"] in roles:
                edges[row["event"]].add((row["role"], row["filler"]))
        claims = [_legacy_roles(s, edges) if s.event in legacy and "claim_id" not in s.props else s for s in claims]
    return claims, edges, state


def _legacy_roles(stored: StoredClaim, edges: dict[str, set]) -> StoredClaim:
    """A REPORTS link written before claims were kept: its event's roles stand for the claim."""
    roles: dict[str, list[str]] = defaultdict(list)
    for role, filler in sorted(edges.get(stored.event, ())):
        roles[role].append(filler)
    c = stored.claim
    return StoredClaim(Claim.of(c.id, c.report, c.label, c.date, roles, c.modality), stored.event, stored.props,
                       stored.published, stored.first_seen)


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
    """Cluster the claims of these buckets again and rewrite the events that changed.
    Returns counts: claims read, events kept in place, events rewritten, events deleted."""
    buckets = set(buckets)
    if not buckets:
        return {"claims": 0, "kept": 0, "rewritten": 0, "deleted": 0}
    curation = CurationRules.of(store) if curation is None else curation
    now = now or datetime.now(timezone.utc).strftime("%Y-%m-%d")
    stored, edges, state = read_claims(store, buckets)
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
    changed = [p for p in plans if not _in_place(p, edges, state, now)]
    emptied = sorted(set(edges) - {p.happening.id for p in plans})
    if changed or emptied:
        store.write_batch(_statements(changed, emptied, now))
    return {"claims": len(stored), "kept": len(plans) - len(changed), "rewritten": len(changed),
            "deleted": len(emptied)}


def _curated(stored: StoredClaim, curation: CurationRules) -> StoredClaim:
    """A claim's fillers as the analyst's merges have them now (a merged entity's later id)."""
    if not curation.merged:
        return stored
    c = stored.claim
    roles = {role: [_merged_id(f, curation) for f in fillers] for role, fillers in c.roles}
    return StoredClaim(Claim.of(c.id, c.report, c.label, c.date, roles, c.modality), stored.event, stored.props,
                       stored.published, stored.first_seen)


def _merged_id(entity_id: str, curation: CurationRules) -> str:
    seen = {entity_id}
    while entity_id in curation.merged and curation.merged[entity_id][0] not in seen:
        entity_id = curation.merged[entity_id][0]
        seen.add(entity_id)
    return entity_id


@dataclass
class _Plan:
    happening: Happening
    claims: list[StoredClaim]  # sorted by report, then claim id
    roles: set[tuple[str, str]]  # (role, filler) after rejections
    name: str


def _plan(happening: Happening, by_claim: dict, curation: CurationRules, names: dict[str, str]) -> _Plan:
    claims = sorted({(c.report, c.id): s for c in happening.claims for s in by_claim[(c.report, c.id)]}.values(),
                    key=lambda s: (s.claim.report, s.claim.id, s.event))
    ids = {happening.id} | {c.id for c in happening.claims}
    roles = {(role, filler) for role, fillers in happening.roles for filler in fillers
             if not any(f"{event_id}/{role}/{filler}" in curation.rejected for event_id in ids)}
    kept: dict[str, list[str]] = defaultdict(list)
    for role, filler in sorted(roles):
        kept[role].append(filler)
    event = Event(happening.id, ["Event", happening.label], date=happening.date, roles=dict(kept))
    return _Plan(happening, claims, roles, event_name(event, names))


def _in_place(plan: _Plan, edges: dict[str, set], state: dict[str, tuple], now: str) -> bool:
    """One report's claim, already on the node of its own id with the roles and provenance it
    should have: nothing to rewrite (the writer made it so)."""
    h = plan.happening
    if not (len(plan.claims) == 1 and plan.claims[0].event == h.id and h.id in edges and edges[h.id] == plan.roles):
        return False
    props = aggregates(plan, now)
    return state.get(h.id) == (tuple(props["sources"]), props["first_reported"])


def _statements(plans: list[_Plan], emptied: list[str], now: str) -> list[Statement]:
    model = load_model()
    statements: list[Statement] = []
    for label in sorted({p.happening.label for p in plans}):
        if label in model.event_labels:
            statements.append(Statement(
                f"UNWIND $rows AS row MERGE (f:Event {{id: row.id}}) ON CREATE SET f.aliases = [] SET f:{label}",
                {"rows": [{"id": p.happening.id} for p in plans if p.happening.label == label]}))
    moves = [{"report": s.claim.report, "claim": s.props.get("claim_id"), "from": s.event, "to": p.happening.id,
              "props": {**s.props, "claim_id": s.claim.id}}
             for p in plans for s in p.claims if s.event != p.happening.id]
    statements.append(Statement(
        "UNWIND $rows AS row MATCH (r:Report {id: row.report})-[x:REPORTS]->(old:Event {id: row.from}) "
        "WHERE x.claim_id = row.claim OR (x.claim_id IS NULL AND row.claim IS NULL) "
        "MATCH (f:Event {id: row.to}) MERGE (r)-[y:REPORTS {claim_id: row.props.claim_id}]->(f) "
        "SET y += row.props DELETE x", {"rows": moves}))
    role_types = sorted(model.roles)
    statements.append(Statement(
        "UNWIND $ids AS id MATCH (e:Event {id: id})-[r]->(:Entity) WHERE type(r) IN $roles DELETE r",
        {"ids": [p.happening.id for p in plans], "roles": role_types}))
    by_role: dict[str, list[dict]] = defaultdict(list)
    for p in plans:
        for role, filler in sorted(p.roles):
            by_role[role].append({"event": p.happening.id, "target": filler})
    for role in sorted(by_role):
        if role in model.roles:
            statements.append(Statement(
                f"UNWIND $rows AS row MATCH (e:Event {{id: row.event}}) MATCH (n:Entity {{id: row.target}}) "
                f"MERGE (e)-[:{role}]->(n)", {"rows": by_role[role]}))
    statements.append(Statement("UNWIND $rows AS row MATCH (e:Event {id: row.id}) SET e += row.props",
                                {"rows": [{"id": p.happening.id, "props": aggregates(p, now)} for p in plans]}))
    statements.append(Statement(
        "UNWIND $ids AS id MATCH (e:Event {id: id}) OPTIONAL MATCH (:Report)-[x:REPORTS]->(e) "
        "WITH e, count(x) AS n WHERE n = 0 DETACH DELETE e", {"ids": emptied}))
    return statements


def aggregates(plan: _Plan, now: str) -> dict:
    """An event's properties from its claims, in report-id order (so in any ingest order):
    per-report provenance lists (one entry per report, its most confident claim), the modality
    (confirmed when any report confirms, else the first report's), the highest confidence, the
    date and name of the most specific claim, the earliest report time."""
    h = plan.happening
    per_report: dict[str, StoredClaim] = {}
    for s in plan.claims:
        best = per_report.get(s.claim.report)
        if best is None or float(s.props.get("claim_confidence") or 0) > float(best.props.get("claim_confidence") or 0):
            per_report[s.claim.report] = s
    shares = [per_report[r] for r in sorted(per_report)]
    modalities = [s.props.get("claim_modality") or s.claim.modality for s in shares]
    confidences = [float(s.props.get("claim_confidence") or 0.0) for s in shares]
    attributions = [s.props.get("claim_attribution") or "" for s in shares]
    end_dates = sorted({s.props.get("claim_end_date") for s in plan.claims} - {None}, key=lambda d: (-len(d), d))
    counts = [s.props.get("claim_count") for s in plan.claims if s.props.get("claim_count") is not None]
    published = [s.published for s in shares if s.published]
    first_seen = [s.first_seen for s in plan.claims if s.first_seen]
    attributed: list[str] = []
    for text in attributions:
        attributed += [a for a in text.split(ATTRIBUTION_SEPARATOR) if a and a not in attributed]
    return {
        "name": plan.name, "date": h.date, "date_precision": h.precision,
        "end_date": end_dates[0] if end_dates else None, "count": max(counts) if counts else None,
        "sources": [s.claim.report for s in shares],
        "evidence": [s.props.get("claim_evidence") or "" for s in shares],
        "modalities": modalities, "confidences": confidences, "attributions": attributions,
        "modality": "confirmed" if "confirmed" in modalities else modalities[0],
        "confidence": max(confidences), "attributed_to": attributed,
        "first_reported": min(published) if published else h.date,
        "first_seen": min(first_seen) if first_seen else now,
    }


# ----------------------------------------------------------------------------- hooks


def after_ingest(store: GraphStore, report_ids: Iterable[str], buckets: Iterable[Bucket] = ()) -> dict[str, int]:
    """Re-cluster what an ingest touched: the buckets of the reports it wrote, those whose
    geography it changed, and ``buckets`` (of reports it took back, read before they went)."""
    from milgraph.graph.canonical_order import canonicalize

    report_ids = list(report_ids)
    touched = set(buckets) | report_buckets(store, report_ids) | geography_buckets(store, report_ids)
    counts = recluster(store, touched)
    canonicalize(store, report_ids)  # aliases and facts' source lists in an order of their own
    return counts


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
    from milgraph.graph.canonical_order import refresh_first_reported

    if not scope.buckets and not scope.entities:
        return {}
    counts = recluster(store, scope.buckets)
    refresh_first_reported(store, scope.entities)
    tracking.after_ingest(store)
    return counts


def retract_report(store: GraphStore, report_id: str) -> dict[str, int]:
    """Take a report back (:func:`milgraph.graph.writer.retract_report`) and re-cluster the
    buckets its claims were in, so the graph is as if it had never been ingested."""
    from milgraph.graph import tracking, writer
    from milgraph.graph.canonical_order import mentioned_entities, refresh_first_reported

    buckets, named = report_buckets(store, [report_id]), mentioned_entities(store, report_id)
    writer.retract_report(store, report_id)
    counts = recluster(store, buckets)
    refresh_first_reported(store, named)
    tracking.after_ingest(store)
    return counts
