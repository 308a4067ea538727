"""Observed legs in the graph: their details on the events, and fusion with reported movements.

Runs after an ingest (:func:`after_ingest`), over the whole graph, so a report ingested after
the tracks is fused as well as a track ingested after the reports. All Cypher is
``UNWIND $rows`` with parameters, in the subset both backends share.

Fusion rules (a reported Flight/Voyage against observed legs):
- identity agrees: the same Aircraft/Vessel node, or registration, icao24, MMSI or IMO equal,
  or the aircraft type and the operator both agree; a claim that names neither an airframe
  nor a type ("a Rubistar flight") may match on its operator alone, and then only when both
  its origin and its destination match what the track observed;
- the observed departure or arrival day falls within the claim's date at its precision
  (± 1 day for a day, the month for a month, the year for a year); undated claims are not fused;
- ``CORROBORATED_BY`` when at least one claimed endpoint matches an observed one and none
  conflicts; ``CONTRADICTED_BY`` when the track observed a different endpoint (an unobserved
  endpoint never conflicts) and no other observed leg corroborates the claim.
Each edge keeps its evidence: matched fields, conflicts, the identity used, the days apart and
the distances between claimed and observed endpoints. Fusion edges are recomputed each time.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from milgraph.graph.ids import match_key
from milgraph.graph.store import GraphStore, Statement
from milgraph.loaders.places_by_coords import distance_km

MOVEMENT_LABELS = ["Flight", "Voyage"]
# how far an observed endpoint may be from a claimed one and still be "the same place"
MATCH_KM = {"Base": 25.0, "city": 60.0, "region": 400.0, "sea": 600.0, "Place": 60.0}
DAY_TOLERANCE = 1


# ----------------------------------------------------------------------------- leg details


def apply_leg_details(store: GraphStore) -> int:
    """Copy each new Track's per-leg summary onto its observed events (times, coordinates,
    whether each endpoint was observed, gaps), so queries and pages can use them."""
    rows = store.read("MATCH (t:Track) WHERE t.legs IS NOT NULL AND t.legs_applied IS NULL "
                      "RETURN t.id AS id, t.legs AS legs")
    updates = []
    for row in rows:
        for text in row["legs"] or []:
            leg = json.loads(text)
            updates.append({"id": leg["event"], "props": _event_props(leg)})
    if updates or rows:
        store.write_batch([
            Statement("UNWIND $rows AS row MATCH (e:Event {id: row.id}) SET e += row.props", {"rows": updates}),
            Statement("UNWIND $ids AS id MATCH (t:Track {id: id}) SET t.legs_applied = true",
                      {"ids": [r["id"] for r in rows]}),
        ])
    return len(updates)


def _event_props(leg: dict) -> dict:
    props: dict[str, Any] = {"departed_at": leg["from"]["at"], "arrived_at": leg["to"]["at"],
                             "from_observed": leg["from"]["observed"], "to_observed": leg["to"]["observed"],
                             "point_count": leg["points"], "gap_count": len(leg["gaps"])}
    for side in ("from", "to"):
        coords = leg[side].get("coords")
        if coords:
            props[f"{side}_lat"], props[f"{side}_lon"] = coords
        if leg[side].get("likely"):
            props[f"{side}_likely"] = leg[side]["likely"]
    return props


def set_weeks(store: GraphStore) -> int:
    """``week`` (the Monday's ISO date) on every day-dated Flight and Voyage that lacks it, for
    counts per week (Cypher here has no date arithmetic both databases share)."""
    rows = store.read("MATCH (e:Event) WHERE any(l IN labels(e) WHERE l IN $labels) AND e.week IS NULL "
                      "AND e.date_precision = 'day' AND size(e.date) = 10 RETURN e.id AS id, e.date AS date",
                      {"labels": MOVEMENT_LABELS})
    updates = []
    for row in rows:
        try:
            day = date.fromisoformat(row["date"])
        except ValueError:
            continue
        updates.append({"id": row["id"], "week": (day - timedelta(days=day.weekday())).isoformat()})
    if updates:
        store.write("UNWIND $rows AS row MATCH (e:Event {id: row.id}) SET e.week = row.week", {"rows": updates})
    return len(updates)


def after_ingest(store: GraphStore) -> dict[str, int]:
    """Weeks on dated movements; then, when the graph holds any track, leg details and fusion."""
    weeks = set_weeks(store)
    if not store.read("MATCH (t:Track) RETURN t.id AS id LIMIT 1"):
        return {"weeks": weeks}
    details = apply_leg_details(store)
    return {"weeks": weeks, "legs": details, **fuse(store)}


# ----------------------------------------------------------------------------- reading


@dataclass
class Movement:
    id: str
    observed: bool
    date: str | None = None
    precision: str = "unknown"
    end_date: str | None = None
    crafts: list[dict] = field(default_factory=list)  # USING targets (Aircraft, Vessel or Equipment)
    operators: list[str] = field(default_factory=list)
    ends: dict[str, list[str]] = field(default_factory=dict)  # FROM/TO -> entity ids
    props: dict[str, Any] = field(default_factory=dict)  # observed: departed_at, from_observed, ...


# Plain columns (a packed text per row was cheaper to parse, but the embedded store returned
# some concatenated texts empty or shifted on stores of a few thousand reports).
_MOVEMENT_PROPS = ("departed_at", "arrived_at", "from_observed", "to_observed", "from_lat", "from_lon", "to_lat",
                   "to_lon")
_MOVEMENT_ROW = (
    "OPTIONAL MATCH (e)-[r:USING|FROM|TO|OPERATED_BY]->(n:Entity) "
    "WITH e, collect(type(r) + '=' + n.id) AS roles "
    "RETURN e.id AS event, e.modality AS modality, e.date AS date, e.date_precision AS date_precision, "
    "e.end_date AS end_date, " + ", ".join(f"e.{name} AS {name}" for name in _MOVEMENT_PROPS) + ", roles")
_CLAIMS = ("MATCH (e:Event) WHERE any(l IN labels(e) WHERE l IN $labels) "
           "AND NOT coalesce(e.modality, '') IN ['observed', 'denied'] AND e.date IS NOT NULL " + _MOVEMENT_ROW)
# observed legs of the given airframes within the given date windows (strings compare as dates;
# the filter comes after a WITH so that FalkorDB walks from the airframe instead of scanning
# the Event.date index once per row)
_OBSERVED = ("UNWIND $rows AS row MATCH (c:Entity {id: row.craft}) MATCH (c)<-[:USING]-(e) "
             "WITH row, e, e.date AS day WHERE e.modality = 'observed' AND day >= row.lo AND day <= row.hi "
             "WITH DISTINCT e " + _MOVEMENT_ROW)
_TRACKED = ("MATCH (:Track)-[:TRACK_OF]->(c:Entity) RETURN DISTINCT c.id AS id, c.name AS name, labels(c) AS labels, "
            "c.kind AS kind, c.registration AS registration, c.icao24 AS icao24, c.mmsi AS mmsi, c.imo AS imo, "
            "c.type_icao AS type_icao, c.operator AS operator")
_ENTITIES = ("UNWIND $ids AS id MATCH (n:Entity {id: id}) RETURN n.id AS id, n.name AS name, labels(n) AS labels, "
             "n.kind AS kind, n.aliases AS aliases, n.lat AS lat, n.lon AS lon, n.iso2 AS iso2, n.country AS country, "
             "n.registration AS registration, n.icao24 AS icao24, n.mmsi AS mmsi, n.imo AS imo, "
             "n.type_icao AS type_icao, n.operator AS operator, n.designation AS designation")


def _unpack(rows: list[dict]) -> tuple[dict[str, Movement], list[tuple[str, str, str]]]:
    movements, roles = {}, []
    for row in rows:
        event_id = row["event"]
        props = {name: row[name] if row[name] != "" else None for name in _MOVEMENT_PROPS}
        movements[event_id] = Movement(event_id, row["modality"] == "observed", row["date"] or None,
                                       row["date_precision"] or "unknown", row["end_date"] or None, props=props)
        for role_target in row["roles"] or ():
            role, _, target = role_target.partition("=")
            roles.append((event_id, role, target))
    return movements, roles


def read_movements(store: GraphStore) -> tuple[list[Movement], list[Movement], dict[str, dict], dict[str, set[str]]]:
    """Dated claims, the observed legs that may match them (those of the airframes or ships a
    claim can name, within the claim's date window), the entities both point to, and each
    place's ancestors. Reads grow with the claims, not with all the legs in the graph."""
    claims, claim_roles = _unpack(store.read(_CLAIMS, {"labels": MOVEMENT_LABELS}))
    entities = _read_entities(store, {target for _, _, target in claim_roles})
    _attach(claims, claim_roles, entities)
    index = _TrackedIndex(store.read(_TRACKED))
    windows = sorted({(craft, *_window(claim)) for claim in claims.values()
                      for craft in index.candidates(claim, entities)})
    observed, observed_roles = _unpack(store.read(_OBSERVED, {
        "rows": [{"craft": c, "lo": lo, "hi": hi} for c, lo, hi in windows]})) if windows else ({}, [])
    entities.update(_read_entities(store, {t for _, _, t in observed_roles} - set(entities)))
    _attach(observed, observed_roles, entities)
    return list(claims.values()), list(observed.values()), entities, _ancestors(store)


def _read_entities(store: GraphStore, ids: set[str]) -> dict[str, dict]:
    return {row["id"]: row for row in store.read(_ENTITIES, {"ids": sorted(ids)})} if ids else {}


def _attach(movements: dict[str, Movement], roles: list[tuple[str, str, str]], entities: dict[str, dict]) -> None:
    for event_id, role, target in roles:
        movement = movements[event_id]
        if role == "USING":
            movement.crafts.append(entities.get(target, {"id": target}))
        elif role == "OPERATED_BY":
            movement.operators.append(target)
        else:
            movement.ends.setdefault(role, []).append(target)


def _window(claim: Movement) -> tuple[str, str]:
    """The observed departure dates that can fit the claim's date, as string bounds."""
    if claim.precision == "day" and len(claim.date) == 10:
        day = date.fromisoformat(claim.date)
        return (day - timedelta(days=DAY_TOLERANCE + 1)).isoformat(), (day + timedelta(days=DAY_TOLERANCE)).isoformat()
    return claim.date, claim.date + "-99"


class _TrackedIndex:
    """Tracked airframes and ships by every key a claim can name them with."""

    def __init__(self, tracked: list[dict]):
        self.by_key: dict[tuple[str, str], set[str]] = defaultdict(set)
        for craft in tracked:
            for key in identity_keys(craft):
                self.by_key[key].add(craft["id"])
            if craft.get("operator"):
                operator = match_key(craft["operator"])
                designator = _designator(craft.get("type_icao") or craft.get("kind"))
                self.by_key[("type+operator", f"{designator}|{operator}")].add(craft["id"])
                self.by_key[("operator", operator)].add(craft["id"])

    def candidates(self, claim: Movement, entities: dict[str, dict]) -> set[str]:
        """Tracked airframes or ships whose identity the claim's can agree with."""
        keys = [k for craft in claim.crafts if "Equipment" not in (craft.get("labels") or [])
                for k in identity_keys(craft)]
        keys += _type_operator_keys(claim, entities)
        if not keys:
            keys = [("operator", op) for op in _claimed_operators(claim, entities)]
        return {craft for key in keys for craft in self.by_key.get(key, ())}


def _ancestors(store: GraphStore) -> dict[str, set[str]]:
    parents: dict[str, set[str]] = defaultdict(set)
    for row in store.read("MATCH (a:Entity)-[:LOCATED_IN]->(b:Entity) RETURN a.id AS child, b.id AS parent"):
        parents[row["child"]].add(row["parent"])
    out: dict[str, set[str]] = {}

    def walk(node: str) -> set[str]:
        if node in out:
            return out[node]
        out[node] = set()
        found: set[str] = set()
        for parent in parents.get(node, ()):
            found |= {parent} | walk(parent)
        out[node] = found
        return found

    for node in list(parents):
        walk(node)
    return out


# ----------------------------------------------------------------------------- matching


@lru_cache(maxsize=1)
def type_designators() -> dict[str, str]:
    """Aircraft type names -> ICAO type designator (``loaders/data/aircraft_types_icao.yaml``)."""
    text = resources.files("milgraph.loaders").joinpath("data", "aircraft_types_icao.yaml").read_text("utf-8")
    data = yaml.safe_load(text) or {}
    out = {}
    for designator, names in data.items():
        out[match_key(designator)] = designator.upper()
        for name in names or []:
            out[match_key(name)] = designator.upper()
    return out


def _designator(name: str | None) -> str | None:
    if not name:
        return None
    key = match_key(name)
    return type_designators().get(key) or key.upper()


def identity_keys(craft: dict) -> list[tuple[str, str]]:
    """What names an airframe or ship: node id, registration, icao24, MMSI, IMO."""
    keys = [("node", craft["id"])]
    for field_name in ("registration", "icao24", "mmsi", "imo"):
        value = craft.get(field_name)
        if value:
            keys.append((field_name, match_key(str(value))))
    labels = craft.get("labels") or []
    if "Aircraft" in labels and craft.get("name"):
        keys.append(("registration", match_key(craft["name"])))
    return keys


def _claimed_operators(movement: Movement, entities: dict[str, dict]) -> set[str]:
    ops = set()
    for op in movement.operators:
        entity = entities.get(op, {})
        ops |= {match_key(x) for x in [entity.get("name")] + list(entity.get("aliases") or []) if x}
    return ops | {match_key(c["operator"]) for c in movement.crafts if c.get("operator")}


def _claimed_types(movement: Movement) -> set[str]:
    types = {_designator(c.get("designation") or c.get("name")) for c in movement.crafts
             if "Equipment" in (c.get("labels") or [])}
    return {t for t in types | {_designator(c.get("type_icao")) for c in movement.crafts} if t}


def _type_operator_keys(movement: Movement, entities: dict[str, dict]) -> list[tuple[str, str]]:
    """(type, operator) pairs a claim names: an aircraft type used, with an operator."""
    ops = _claimed_operators(movement, entities)
    return [("type+operator", f"{t}|{o}") for t in _claimed_types(movement) for o in ops if o]


def _observed_operators(movement: Movement) -> list[str]:
    return [match_key(c["operator"]) for c in movement.crafts if c.get("operator")]


def _observed_type_operator(movement: Movement) -> list[tuple[str, str]]:
    out = []
    for craft in movement.crafts:
        designator = _designator(craft.get("type_icao") or craft.get("kind"))
        if designator and craft.get("operator"):
            out.append((designator, match_key(craft["operator"])))
    return out


@lru_cache(maxsize=65536)
def _ordinal(day: str) -> int:
    return date.fromisoformat(day[:10]).toordinal()


def _date_ok(claim: Movement, observed: Movement) -> tuple[bool, int | None]:
    if not claim.date:
        return False, None
    days = [d for d in (observed.date, observed.end_date) if d]
    if claim.precision == "day" and len(claim.date) == 10:
        claimed = _ordinal(claim.date)
        apart = min(abs(_ordinal(d) - claimed) for d in days)
        return apart <= DAY_TOLERANCE, apart
    return any(d.startswith(claim.date) for d in days), None


def _place_matches(claimed: dict, observed_place: str | None, coords: tuple[float, float] | None,
                   entities: dict[str, dict], ancestors: dict[str, set[str]]) -> tuple[bool | None, float | None]:
    """True (same place), False (decidably another), None (cannot tell); with the distance."""
    km = None
    if coords and claimed.get("lat") is not None and claimed.get("lon") is not None:
        km = distance_km(coords[0], coords[1], float(claimed["lat"]), float(claimed["lon"]))
    if observed_place and (observed_place == claimed["id"] or claimed["id"] in ancestors.get(observed_place, ())):
        return True, km
    labels = claimed.get("labels") or []
    if claimed.get("kind") == "country" or claimed.get("iso2"):
        country = _country_of(observed_place, entities, ancestors)
        if country is None:
            return None, km
        same = country in {match_key(x) for x in (claimed.get("iso2"), claimed.get("name")) if x}
        return same, km
    if km is None:
        return None, None
    radius = MATCH_KM.get(claimed.get("kind") or "", MATCH_KM["Base"] if "Base" in labels else MATCH_KM["Place"])
    return km <= radius, km


def _country_of(place: str | None, entities: dict[str, dict], ancestors: dict[str, set[str]]) -> str | None:
    if not place:
        return None
    entity = entities.get(place, {})
    if entity.get("country"):
        return match_key(str(entity["country"]))
    for parent in ancestors.get(place, ()):
        parent_entity = entities.get(parent, {})
        if parent_entity.get("iso2"):
            return match_key(parent_entity["iso2"])
    return None


def compare(claim: Movement, observed: Movement, entities: dict[str, dict],
            ancestors: dict[str, set[str]]) -> dict | None:
    """The evidence for one pair whose identity and date agree: matched and conflicting ends."""
    ok, apart = _date_ok(claim, observed)
    if not ok:
        return None
    matched, conflicts, distances = ["date"], [], {}
    for role, side in (("FROM", "from"), ("TO", "to")):
        claimed = [entities.get(i, {"id": i}) for i in claim.ends.get(role, [])]
        if not claimed or not observed.props.get(f"{side}_observed"):
            continue  # nothing claimed, or the track did not see this end: never a conflict
        place = (observed.ends.get(role) or [None])[0]
        lat, lon = observed.props.get(f"{side}_lat"), observed.props.get(f"{side}_lon")
        coords = (lat, lon) if lat is not None and lon is not None else None
        results = [_place_matches(c, place, coords, entities, ancestors) for c in claimed]
        kms = [km for _, km in results if km is not None]
        if kms:
            distances[f"{side}_km"] = round(min(kms), 1)
        if any(r is True for r, _ in results):
            matched.append(role)
        elif results and all(r is False for r, _ in results):
            conflicts.append(role)
    if not conflicts and len(matched) == 1:
        return None  # identity and date alone: no endpoint to compare
    return {"matched": matched, "conflicts": conflicts, "days_apart": apart, **distances,
            "departed_at": observed.props.get("departed_at"), "arrived_at": observed.props.get("arrived_at")}


def fusion_edges(claims: list[Movement], observed: list[Movement], entities: dict[str, dict],
                 ancestors: dict[str, set[str]]) -> tuple[list[dict], list[dict]]:
    """(corroborations, contradictions) as rows for the writer."""
    by_key: dict[tuple[str, str], list[Movement]] = defaultdict(list)
    for obs in observed:
        for craft in obs.crafts:
            for key in identity_keys(craft):
                by_key[key].append(obs)
        for designator, operator in _observed_type_operator(obs):
            by_key[("type+operator", f"{designator}|{operator}")].append(obs)
        for operator in _observed_operators(obs):
            by_key[("operator", operator)].append(obs)
    corroborated, contradicted = [], []
    for claim in claims:
        candidates: dict[str, tuple[Movement, str]] = {}
        keys = [k for craft in claim.crafts if "Equipment" not in (craft.get("labels") or [])
                for k in identity_keys(craft)]
        keys += _type_operator_keys(claim, entities)
        operator_only = not keys  # no airframe and no type named: the operator, if both ends agree
        if operator_only:
            keys = [("operator", op) for op in _claimed_operators(claim, entities)]
        for key in keys:
            for obs in by_key.get(key, ()):
                candidates.setdefault(obs.id, (obs, key[0]))
        found_for, against = [], []
        for obs, identity in candidates.values():
            evidence = compare(claim, obs, entities, ancestors)
            if evidence is None or (operator_only and {"FROM", "TO"} - set(evidence["matched"])):
                continue
            row = {"claim": claim.id, "observed": obs.id, "props": {**evidence, "identity": identity}}
            (against if evidence["conflicts"] else found_for).append(row)
        corroborated += found_for
        if not found_for:
            contradicted += against
    return corroborated, contradicted


def fuse(store: GraphStore) -> dict[str, int]:
    """Recompute every CORROBORATED_BY / CONTRADICTED_BY edge in one batch."""
    claims, observed, entities, ancestors = read_movements(store)
    corroborated, contradicted = fusion_edges(claims, observed, entities, ancestors)
    for row in corroborated + contradicted:
        row["props"] = {k: v for k, v in row["props"].items() if v is not None}
    store.write_batch([
        Statement("MATCH (:Event)-[r:CORROBORATED_BY]->(:Event) DELETE r"),
        Statement("MATCH (:Event)-[r:CONTRADICTED_BY]->(:Event) DELETE r"),
        Statement("UNWIND $rows AS row MATCH (a:Event {id: row.claim}) MATCH (b:Event {id: row.observed}) "
                  "MERGE (a)-[r:CORROBORATED_BY]->(b) SET r += row.props", {"rows": corroborated}),
        Statement("UNWIND $rows AS row MATCH (a:Event {id: row.claim}) MATCH (b:Event {id: row.observed}) "
                  "MERGE (a)-[r:CONTRADICTED_BY]->(b) SET r += row.props", {"rows": contradicted}),
    ])
    return {"corroborated": len(corroborated), "contradicted": len(contradicted)}
