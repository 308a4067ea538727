"""Within-report resolution and the cross-report event id.

- :func:`merge_relations`: one relation per (type, start, end); the first evidence is kept, a
  ``confirmed`` reading wins over hedged ones, attributions are unioned.
- :func:`merge_events`: events of one label whose roles are compatible (same or nested places,
  overlapping or missing actors/vehicles, no two different exact days) are one event told
  twice (the title and the body, a claim and its detail). The merged event keeps the
  strongest modality told (ONTOLOGY: confirmed over reported over planned ...) and the rules
  of both. Roles are unioned, then the most
  specific filler is kept: a place drops out of FROM/TO when a filler inside it is there
  ("Libya" vs "eastern Libya", "Syria" vs "Tartus"), and a generic equipment class drops out
  of CARRIED when a specific system of the same category is carried ("air defense systems" vs
  "S-400"). Events filled from a ship or airframe inherit its operator (OPERATES) as BY or
  OPERATED_BY; talks about a state's unnamed bases ("the fate of China's bases") are ABOUT
  the bases the report says it operates.
- :func:`region_links`: regions named after their country are LOCATED_IN it (a ship's state and
  its named formation both OPERATE it when the text says so: the dev gold keeps both).
- :func:`event_id`: ``event:<label>-<yyyy-mm|undated>-<hash>``, a hash of everything the claim
  says (label, date, every role's fillers); the graph joins claims of one happening told by
  different reports (:mod:`milgraph.graph.happenings`).
"""

from __future__ import annotations

from milgraph.graph import ids
from milgraph.graph.records import Event, Relation
from milgraph.loaders.extract import modality
from milgraph.loaders.extract.mentions import DocAnalysis
from milgraph.loaders.gazetteer import load_gazetteer

MODALITY_RANK = {"confirmed": 0, "reported": 1, "planned": 2, "possible": 3, "denied": 4}


def add_new(into: list, items) -> None:
    """Append the items ``into`` lacks, in order (lists whose order is kept, so not sets)."""
    for x in items:
        if x not in into:
            into.append(x)


def merge_relations(relations: list[Relation]) -> list[Relation]:
    """One relation per (type, start, end): the rules that read it and the attributions
    unioned, the surest modality kept, properties filled in."""
    out: dict[tuple[str, str, str], Relation] = {}
    for r in relations:
        key = (r.type, r.start, r.end)
        have = out.get(key)
        if have is None:
            out[key] = r
            continue
        add_new(have.rules, r.rules)
        add_new(have.attributed_to, r.attributed_to)
        if MODALITY_RANK[r.modality] < MODALITY_RANK[have.modality]:
            have.modality, have.confidence = r.modality, r.confidence
        for k, v in r.properties.items():
            have.properties.setdefault(k, v)
    return list(out.values())


def _container_of(eid: str, an: DocAnalysis) -> set[str]:
    """Ids of places that contain ``eid`` (by the gazetteer's country / region data)."""
    entry = an.specs.get(eid)
    if entry is None:
        return set()
    out = set()
    country = entry.properties.get("country")
    if country and entry.kind != "country":
        out.add("place:" + country.lower().replace(" ", "-"))
    return out


def _inside(a: str, b: str, an: DocAnalysis) -> bool:
    """Is place ``a`` inside place ``b``?"""
    return b in _container_of(a, an)


def _places_compatible(xs: list[str], ys: list[str], an: DocAnalysis) -> bool:
    if not xs or not ys:
        return True
    for x in xs:
        for y in ys:
            if x == y or _inside(x, y, an) or _inside(y, x, an):
                return True
    return False


def _overlap_or_empty(xs: list[str], ys: list[str]) -> bool:
    return not xs or not ys or bool(set(xs) & set(ys))


def _compatible(a: Event, b: Event, an: DocAnalysis) -> bool:
    if a.label != b.label:
        return False
    ra, rb = a.roles, b.roles
    for role in ("FROM", "TO"):
        if not _places_compatible(ra.get(role, []), rb.get(role, []), an):
            return False
    for role in ("BY", "USING", "PARTICIPANT"):
        if not _overlap_or_empty(ra.get(role, []), rb.get(role, [])):
            return False
    if a.date_precision == "day" and b.date_precision == "day" and a.date != b.date:
        return False
    if a.date and b.date and a.date[:4] != b.date[:4]:
        return False
    if a.date and b.date and len(a.date) >= 7 and len(b.date) >= 7 and a.date[:7] != b.date[:7]:
        return False  # "delivered in March last year" is not the delivery of this January
    if (a.modality == "possible") != (b.modality == "possible"):
        return False
    if (a.modality == "denied") != (b.modality == "denied"):
        return False  # "the Kremlin denies sending weapons" is not the delivery the report tells
    if a.label in ("Flight", "Voyage") and ((a.count or 0) > 1 and b.roles.get("USING") and not a.roles.get("USING")
                                            or (b.count or 0) > 1 and a.roles.get("USING") and not b.roles.get("USING")):
        return False  # "a dozen sorties" and one named airframe's trip are not one trip
    if a.label in ("Flight", "Voyage") and (a.modality == "planned") != (b.modality == "planned"):
        return False  # a trip that happened and one that is only expected are two trips
    # something in common beyond a bare actor
    shared = 0
    for role in ("FROM", "TO", "CARRIED", "USING", "ABOUT", "PARTICIPANT"):
        xa, xb = ra.get(role, []), rb.get(role, [])
        if xa and xb and (set(xa) & set(xb) or (role in ("FROM", "TO") and _places_compatible(xa, xb, an))):
            shared += 1
    if a.label == "Talks" or a.label == "Construction" or a.label == "Withdrawal":
        return shared >= 1 or _overlap_nonempty(ra.get("BY", []), rb.get("BY", []))
    return shared >= 1


def _overlap_nonempty(xs: list[str], ys: list[str]) -> bool:
    return bool(xs and ys and set(xs) & set(ys))


def merge_events(events: list[Event], an: DocAnalysis) -> list[Event]:
    _vehicle_operators(events, an)
    _state_of_the_formation(events, an)
    _bases_discussed(events, an)
    _vehicle_actor_from_report(events)
    _trips_of_the_main_mover(events)
    merged: list[Event] = []
    by_label: dict[str, list[Event]] = {}  # events of different labels never merge
    for ev in events:
        same = by_label.setdefault(ev.label, [])
        target = next((m for m in same if _compatible(m, ev, an)), None)
        if target is None:
            merged.append(ev)
            same.append(ev)
            continue
        for role, fillers in ev.roles.items():
            add_new(target.roles.setdefault(role, []), fillers)
        add_new(target.attributed_to, ev.attributed_to)
        add_new(target.rules, ev.rules)
        if _rank_precision(ev.date_precision) > _rank_precision(target.date_precision):
            target.date, target.date_precision = ev.date, ev.date_precision
        if ev.count and not target.count:
            target.count = ev.count
        if modality.body_reading_wins(target, ev) or MODALITY_RANK[ev.modality] < MODALITY_RANK[target.modality]:
            target.modality, target.confidence = ev.modality, ev.confidence  # the strongest reading (ONTOLOGY)
        if ev.evidence and ev.evidence not in target.evidence:
            target.evidence = (target.evidence + " " + ev.evidence).strip()
        if target.span is None and ev.span is not None:
            target.span = ev.span
    for ev in merged:
        _most_specific(ev, an)
    return merged


def _rank_precision(p: str) -> int:
    return {"unknown": 0, "year": 1, "month": 2, "day": 3}.get(p, 0)


def _most_specific(ev: Event, an: DocAnalysis) -> None:
    for role in ("FROM", "TO", "VIA"):
        ids = ev.roles.get(role, [])
        if len(ids) > 1:
            ev.roles[role] = [x for x in ids if not any(y != x and _inside(y, x, an) for y in ids)]
    carried = ev.roles.get("CARRIED", [])
    if len(carried) > 1:
        keep = []
        for x in carried:
            ex = an.specs.get(x)
            if ex is not None and ex.generic:
                cat = ex.properties.get("category")
                if any(not an.specs[y].generic and an.specs[y].properties.get("category") == cat
                       for y in carried if y != x and y in an.specs):
                    continue
                if cat in ("aircraft", "air_defense") and any(not an.specs[y].generic for y in carried if y in an.specs):
                    continue
            keep.append(x)
        ev.roles["CARRIED"] = keep
    for role in list(ev.roles):
        if not ev.roles[role]:
            del ev.roles[role]


def _vehicle_operators(events: list[Event], an: DocAnalysis) -> None:
    """A ship or airframe's formation is OPERATED_BY, its state BY (from the report's OPERATES)."""
    ops = an.operators
    for ev in events:
        if ev.label == "Talks":
            continue
        for v in ev.roles.get("USING", []):
            for op in ops.get(v, []):
                entry = an.specs.get(op)
                if entry is None:
                    continue
                if entry.kind == "armed_forces" and entry.properties.get("parent"):
                    if op not in ev.roles.setdefault("OPERATED_BY", []):
                        ev.roles["OPERATED_BY"].append(op)
                    parent = "actor:" + entry.properties["parent"].lower().replace(" ", "-")
                    if parent in an.specs and parent not in ev.roles.setdefault("BY", []):
                        ev.roles["BY"].append(parent)
                elif entry.kind == "state" and not ev.roles.get("BY"):
                    ev.roles["BY"] = [op]
                elif entry.kind in ("airline", "company") and op not in ev.roles.setdefault("OPERATED_BY", []):
                    # guide 7: an airline or the company owning the ship
                    ev.roles["OPERATED_BY"].append(op)
                elif entry.kind in _OWNER_KINDS and op not in ev.roles.setdefault("OPERATED_BY", []):
                    # an owner the recogniser could not type ("owned by the X Line" read as a person):
                    # who operates a ship or airframe is no state, so its operator (guide 7)
                    ev.roles["OPERATED_BY"].append(op)
                    ev.rules.append("operated-by.relation")


_OWNER_KINDS = frozenset({"person", "institution"})


def _bases_discussed(events: list[Event], an: DocAnalysis) -> None:
    """'talks on the fate of China's bases': the bases are those the report says the state
    operates (its OPERATES relations), each ABOUT (guide 7: the bases discussed)."""
    ops = an.operators
    for ev in events:
        state = an.bases_discussed.get(id(ev))
        if state is None:
            continue
        bases = [b for b, who in ops.items() if b.startswith("base:") and state in who]
        if bases:
            add_new(ev.roles.setdefault("ABOUT", []), bases)
            ev.rules.append("talks.bases-of")


def _vehicle_actor_from_report(events: list[Event]) -> None:
    """A named ship or airframe moves for the same state all through a report: a trip of it told
    without its state ("it left Benghazi") takes BY from another trip of it that names one."""
    actors: dict[str, list[str]] = {}
    for ev in events:
        for v in ev.roles.get("USING", []):
            if v.startswith(("vessel:", "aircraft:")) and ev.roles.get("BY"):
                actors.setdefault(v, list(ev.roles["BY"]))
    for ev in events:
        if ev.label in ("Talks", "Construction") or ev.roles.get("BY"):
            continue
        for v in ev.roles.get("USING", []):
            if v in actors:
                ev.roles["BY"] = list(actors[v])
                ev.rules.append("by.same-vehicle")
                break


MOVEMENT_LABELS = ("Flight", "Voyage", "Transfer", "Withdrawal", "Deployment")


def _trips_of_the_main_mover(events: list[Event]) -> None:
    """A report about one state's airlift or sealift names it once and then tells the trips of
    its planes and ships without it: a trip of a named vehicle, or a pull-out, with no BY takes
    the state that carries out most of the report's movements (at least two of them and three in
    five of those with a BY)."""
    counts: dict[str, int] = {}
    with_by = 0
    for ev in events:
        if ev.label in MOVEMENT_LABELS and ev.roles.get("BY") and ev.modality != "denied":
            with_by += 1
            for x in set(ev.roles["BY"]):
                counts[x] = counts.get(x, 0) + 1
    if not counts:
        return
    main, n = max(counts.items(), key=lambda kv: kv[1])
    if n < 2 or n * 5 < with_by * 3:
        return
    for ev in events:
        if ev.roles.get("BY") or ev.roles.get("OPERATED_BY") or ev.modality == "denied":
            continue  # an airline's or a company's trip is not the main mover's
        if ev.label == "Withdrawal" or (ev.label in ("Flight", "Voyage") and ev.roles.get("USING")):
            ev.roles["BY"] = [main]
            ev.rules.append("by.main-mover")


def formation_states(relations: list[Relation], an: DocAnalysis) -> dict[str, list[str]]:
    """Each named armed force -> the states the report says it belongs to (MEMBER_OF)."""
    out: dict[str, list[str]] = {}
    for r in relations:
        start, end = an.specs.get(r.start), an.specs.get(r.end)
        if r.type == "MEMBER_OF" and start is not None and end is not None and start.kind == "armed_forces" \
                and end.kind == "state" and r.modality != "denied":
            add_new(out.setdefault(r.start, []), [r.end])
    return out


def _state_of_the_formation(events: list[Event], an: DocAnalysis) -> None:
    """A formation that carries out an event is OPERATED_BY, its state BY (guide 7): an event
    with no BY takes the state the report says its formation belongs to."""
    for ev in events:
        if ev.roles.get("BY") or ev.label == "Talks":
            continue
        states = [s for f in ev.roles.get("OPERATED_BY", []) for s in an.formation_states.get(f, [])]
        if states:
            ev.roles["BY"] = list(dict.fromkeys(states))
            ev.rules.append("by.formation-state")


def operators(relations: list[Relation]) -> dict[str, list[str]]:
    ops: dict[str, list[str]] = {}
    for r in relations:
        if r.type == "OPERATES":
            ops.setdefault(r.end, []).append(r.start)
    return ops


def region_links(entity_ids: list[str], an: DocAnalysis, sentences) -> list[Relation]:
    """'eastern Libya' LOCATED_IN 'Libya': a region named after its country, when the report
    also names the country on its own (the gold sets give no country the text names only
    inside the region's name or as an adjective)."""
    out = []
    named = {it.ids.get("Place") for it in an.items if it.tag == "CTRY" and not it.coref}
    for eid in entity_ids:
        entry = an.specs.get(eid)
        if entry is None or entry.label != "Place" or entry.kind != "region":
            continue
        country = entry.properties.get("country")
        if not country or country.lower() not in entry.name.lower():
            continue
        cid = "place:" + country.lower().replace(" ", "-")
        if cid not in named:
            continue
        ev = next((v for v in sentences if any(it.ids.get("Place") == eid for it in v.items)), None)
        if cid not in an.specs:
            c = load_gazetteer().country(country)
            if c is None:
                continue
            an.specs[cid] = c.place
        out.append(Relation(type="LOCATED_IN", start=eid, end=cid, modality="confirmed", confidence=0.9,
                            evidence=ev.text if ev else "", span=None))
    return out


def event_id(event: Event, an: DocAnalysis | None = None) -> str:
    """Deterministic claim id (the one rule for reports and facts files, in
    :func:`milgraph.graph.ids.event_id`)."""
    return ids.event_id(event.label, event.date, event.roles)
