"""Events (Transfer, Flight, Voyage, Withdrawal, Deployment, Talks, Construction) with roles,
date, count and modality, read off tagged sentences.

A trigger word (lexicons in ``loaders/data/patterns.yaml``: event_triggers) opens an event in
its clause (clauses split at ";", ", while", "rather than", ", but"); one event per label and
clause. The label is refined by context: a movement verb whose subject is a single aircraft
("a Rubistar aircraft carried") is a Flight, a single ship a Voyage; "arrive" is a Voyage with
named ships, a Flight with an aircraft, a Deployment with troops or instructors. A Transfer
gives way to a more specific movement in the same clause. Negated clauses ("never before")
open no event.

Roles: BY (the acting state/organisation: the clause subject, a demonym on the vehicle or
force, "the Russian Air Force"), CARRIED (equipment in the clause; components map to their
system), FROM/TO/VIA (mentions after "from", "to/into", "at/in" after arrival verbs, "via",
"stopover in", "X-Y trips", "between A and B"), USING (ships, airframes, "the pair", an aircraft
type whose airframe the report names), OPERATED_BY (airlines, named formations), PARTICIPANT
(talks: subject plus "with"/"between" objects, "A-B agreement"), ABOUT (bases, places and
equipment discussed or built).
"""

from __future__ import annotations

import re
from functools import lru_cache

from milgraph.graph.records import Event
from milgraph.loaders import modality
from milgraph.loaders.dates import REL_OFFSET, find_dates, offset_days, report_month, shift_day
from milgraph.loaders.entities import DocAnalysis, Item, _plain_map, first_airframe_of_type, items_of_sentence
from milgraph.loaders.gazetteer import _read_yaml
from milgraph.loaders.relations import ACT, Ctx, actor_id

LABEL_ORDER = ["Flight", "Voyage", "Withdrawal", "Deployment", "Transfer", "Talks", "Construction"]
MOVEMENT = ("Flight", "Voyage", "Withdrawal", "Deployment")
PERSONNEL = re.compile(r"\b(?:troops|soldiers|instructors?|trainers?|personnel|mercenaries|forces|fighters|contingent|contractors|men|units?|advis[eo]rs|servicemen|specialists|units|engineers|technicians)\b|«\d+:EQ»")
# "a smaller An-26 carries them", "the Il-76 brought": a named aircraft type as the subject
AIR_TYPE_SUBJECT = re.compile(r"\b(?:a|an|the|one|this|that|two|three|\d{1,2})\s+(?:(?:[a-z-]+|«\d+:ADJ»(?:-[a-z]+)?)\s+){0,2}«(\d+):(?:EQ|AC)»\s+(?:(?:was|were|is|are|been|being|seen|photographed|spotted|filmed|observed)\s+){0,2}(?:[a-z]+\s+){0,1}$")
# "the outgoing group was flown back to Russia": personnel going home is a withdrawal
PERSONNEL_HOME = re.compile(r"\b(?:troops|soldiers|instructors|personnel|mercenaries|fighters|contingents?|group|units?|servicemen|advis[eo]rs|trainers)\b[^;]{0,40}?\b(?:back|home)\b")
# a Construction trigger that is only a noun ("a naval logistics point at X"): a planned facility
# when the sentence is about a deal
FACILITY_NOUN = re.compile(r"(?:naval |military )?logistics |(?:naval|military) (?:supply|support) ")
DEAL_CUE = re.compile(r"\b(?:deal|agreement|negotiat\w*|talks|signed? off|sign|proposal|proposed|offer\w*|plan\w*|pursu\w*|ratif\w*|would|seek\w*|accord)\b")
REQUEST = re.compile(r"(?:want|request|ask|seek|sought)")
# "unloaded from an Antonov An-124", "aboard an Il-76": the aircraft is the vehicle
AIR_VEHICLE = re.compile(r"\b(?:from|aboard|on board|on|off|onto)\s+(?:(?:a|an|the|one|two|three|\d+)\s+)?(?:(?:[a-z-]+|«\d+:ADJ»)\s+){0,2}«(\d+):(?:EQ|AC)»")
# "vehicles offloaded from the cargo ship X": the ship is the vehicle
SEA_VEHICLE = re.compile(r"\b(?:from|aboard|on board|off|onto)\s+(?:the\s+|an?\s+)?(?:[a-z-]+\s+){0,2}«\d+:VES»")
# "the landing ships X and Y carried": named vehicles as the subject
NAMED_SUBJECT = re.compile(r"(?<!\bto use )(?<!\busing )(?<!\bwith )«(\d+):(VES|AC)»(?:\s*(?:,|and|, and)\s*«\d+:(?:VES|AC)»)*\s+(?:(?!to\s)[a-z]+\s+){0,1}$")
_ARRIVING = r"\b(?:troops|soldiers|forces|instructors|personnel|mercenaries|engineers|technicians|advis[eo]rs|trainers|contractors|unit|units|men|contingents?)\b"
# "One of them carried ...", "it brought ...": the vehicle of the flight or voyage just told
PRONOUN_SUBJECT = re.compile(r"^\s*(?:\d+/\s*)?(?:it|they|one of them|both of them|each of them|the other)\s+(?:[a-z]+\s+){0,5}$")
ARRIVE = re.compile(r"\b(?:arriv(?:e|es|ed|ing|al)|reach(?:ed|es)?|landed)\b")


@lru_cache(maxsize=1)
def _lex() -> dict:
    d = _read_yaml("patterns.yaml") or {}
    trig = {}
    every: list[str] = []
    for label, alts in (d.get("event_triggers") or {}).items():
        trig[label] = re.compile(r"\b(?:" + "|".join(alts) + r")")
        every.extend(alts)
    air = "|".join(re.escape(w) for w in sorted(d.get("aircraft_nouns", []), key=len, reverse=True))
    sea = "|".join(re.escape(w) for w in sorted(d.get("vessel_nouns", []), key=len, reverse=True))
    nums = {k: v for k, v in (d.get("number_words") or {}).items() if v}
    count_nouns = "|".join(sorted(d.get("count_nouns", []), key=len, reverse=True))
    return {
        "trig": trig,
        "any_trig": re.compile(r"\b(?:" + "|".join(every) + r")"),
        "air_noun": re.compile(rf"\b(?:{air})\b"),
        "air_subject": re.compile(rf"\b(?:a|an|the|one|this)\s+(?:«\d+:\w+»\s+)?(?:[a-z-]+\s+){{0,2}}(?:{air})\s+(?:\([^)]*\)\s+)?(?:[a-z]+\s+){{0,1}}$"),
        "sea_subject": re.compile(rf"\b(?:a|an|the|one|two|three|four|five|several|both|\d{{1,2}})\s+(?:[a-z-]+\s+)?(?:«\d+:\w+»\s+)?(?:[a-z-]+\s+){{0,2}}(?:{sea})\s+(?:[a-z]+\s+){{0,1}}$"),
        "sea_noun": re.compile(rf"\b(?:{sea})\b"),
        "to_verbs": re.compile(r"\b" + d.get("to_verbs_at", "(?!x)x") + r"\b"),
        "count": re.compile(r"\b(" + "|".join(sorted(nums, key=len, reverse=True)) + r"|\d{1,3})\s+(?:(?:[a-z-]+|«\d+:\w+»-«\d+:\w+»|«\d+:\w+»)\s+){0,2}(?:" + count_nouns + r")\b"),
        "nums": nums,
    }


FROM_CUE = re.compile(r"\b(?:from|out of|leave|leaving|left|departing|departed from|away from|removed from|withdrawn from)\s+(?:the\s+|an?\s+)?(?:(?:[a-z-]+\s+){0,3}(?:in|at|near)\s+(?:the\s+)?)?$")
TO_CUE = re.compile(r"\b(?:to|into|toward|towards|destination (?:was|is|of)|on (?:its|their) way (?:north |south |east |west )?to|bound for|destined for|onto|back to|on to|on the way to|on their way to|en route to|reaching|reached)\s+(?:the\s+|an?\s+)?(?:(?:[a-z-]+\s+){0,3}(?:in|at|near)\s+(?:the\s+)?)?$")
TO_AT_CUE = re.compile(r"\b(?:at|in|for|off|around)\s+(?:the\s+|an?\s+)?(?:[a-z-]+\s+){0,2}$")
VIA_CUE = re.compile(r"\b(?:via|through|(?:was|were|is|are) (?:north|south|east|west)\w* of|stop(?:s|ped|ping)? (?:at|in)|pass(?:ed|es|ing)? (?:(?:east|west|north|south)(?:east|west)? of|close to|near|off)|flew over|flying over|overflew|overflying|cross(?:ed|es|ing)|refuel(?:s|l?ed)? (?:at|in)|stopover in|stopover at|stopping in|stop in|stop at|refuell?ing stop in|refuell?ing in|transiting|by way of)\s+(?:the\s+)?(?:(?:eastern|western|northern|southern|central)\s+)?$")
ADJ_OF = re.compile(r"«\d+:ADJ»\s+(?:[a-z-]+\s+){0,2}(?:port|base|airbase|air base|naval base|city|town|airport|airfield)\s+of\s+$")
ADJ_HEADS_AGENT = re.compile(r"\s+(?:(?!(?:before|after|with|and|or|to|from|in|at|of|for|by|on|than|while)\s)[a-z-]+\s+){0,2}(?:«\d+:(?:EQ|AC|VES)»|(?:cargo planes?|planes?|aircraft|transport aircraft|jets?|ships?|vessels?|equipment|hardware|weapons|weaponry|materiel|assets|warships?|landing ships?|tankers?|frigates?|corvettes?|cruisers?|destroyers?|submarines?|freighters?|convoys?|flotillas?|squadrons?|forces|troops|military|navy|air force|personnel|instructors|contingent|engineers|technicians|specialists|advis[eo]rs|trainers)\b)")
PLACE_NOUN_AFTER = re.compile(r"\s+(?:[a-z-]+\s+){0,1}(?:bases?|airbases?|ports?|airfields?|territory|soil|coast)\b")


def extract_events(an: DocAnalysis) -> list[Event]:
    out: list[Event] = []
    last_sources: list[str] = []
    for view in an.sentences:
        ctx = Ctx.of(view, an)
        reported, srcs = modality.attribution(ctx.t, ctx.sources(), last_sources)
        if ctx.sources():
            last_sources = ctx.sources()
        if view.text.rstrip().endswith("?"):
            continue  # "What is Russia moving through Libya?": a question claims nothing
        clauses = _clauses(ctx.t)
        firsts = _first_triggers(ctx.t)
        n0 = len(out)
        for clause_lo, clause_hi in clauses:
            new = _clause_events(ctx, an, clause_lo, clause_hi, reported, srcs, out, firsts)
            if not new and len(out) > n0 and ONWARD.match(ctx.t, clause_lo):
                leg = _onward_leg(ctx, an, out[-1], clause_lo, clause_hi, reported, srcs, out)
                new = [leg] if leg is not None else []
            if new and len(out) > n0 and re.match(r"\s+and\s+(?:then\s+|later\s+|also\s+)?[a-z]+ed\b", ctx.t[clause_lo:clause_hi]):
                # "X delivered vehicles to Tobruk and then returned to Tartus": the same vehicle, from where it was
                before = out[-1]
                for ev in new:
                    if ev.label in ("Voyage", "Flight") and not ev.roles.get("USING") and before.roles.get("USING"):
                        for r in ("USING", "BY", "OPERATED_BY"):
                            if before.roles.get(r) and not ev.roles.get(r):
                                ev.roles[r] = list(before.roles[r])
                        if not ev.roles.get("FROM") and before.roles.get("TO"):
                            ev.roles["FROM"] = [x for x in before.roles["TO"] if x not in ev.roles.get("TO", [])] or before.roles["TO"]
            out.extend(new)
    return out


# "... from Khmeimim to Benina on 21 March and on to Minsk the following day": the next leg
ONWARD = re.compile(r",?\s+and\s+(?:then\s+)?on(?:ward)?\s+to\b")


def _onward_leg(ctx: Ctx, an: DocAnalysis, prev: Event, lo: int, hi: int, reported: bool, srcs: list[str],
                previous: list[Event]) -> Event | None:
    if prev.label not in ("Flight", "Voyage") or not prev.roles.get("TO"):
        return None
    t = ctx.t
    to = [it for ts, te, it in ctx.tags if lo <= ts < hi and it.tag in ("BASE", "PLACE", "CAP", "CTRY")]
    if not to:
        return None
    moved = [x for it in to[:1] for x in [it.id_for("Base", "Place")] if x]
    prev.roles["TO"] = [x for x in prev.roles["TO"] if x not in moved] or prev.roles["TO"]
    roles: dict[str, list[str]] = {"FROM": [prev.roles["TO"][-1]], "TO": moved}
    for r in ("BY", "USING", "OPERATED_BY"):
        if prev.roles.get(r):
            roles[r] = list(prev.roles[r])
    mod = prev.modality
    date, precision = _date(ctx, an, lo, hi, lo, mod, t[lo:hi], previous)
    return Event(id="", labels=["Event", prev.label], date=date, date_precision=precision, count=None,
                 modality=mod, confidence=prev.confidence, roles=roles, evidence=ctx.view.text,
                 attributed_to=list(prev.attributed_to), span=ctx.span())


def _first_triggers(t: str) -> dict[str, re.Match | None]:
    """The first match of each label's trigger (and of ARRIVE) in the whole tagged sentence.

    A label with no match in the sentence has none in any of its clauses (clause cuts fall on
    ";" / "," / " " where no trigger can end differently), so clauses only search again for the
    labels the sentence has; a one-clause sentence reuses these matches as they are.
    """
    lex = _lex()
    trig = lex["trig"]
    if lex["any_trig"].search(t) is None:  # one pass over the sentence for all the labels
        out: dict[str, re.Match | None] = dict.fromkeys(LABEL_ORDER)
    else:
        out = {label: trig[label].search(t) for label in LABEL_ORDER}
    out["_arrive"] = ARRIVE.search(t)
    return out


def _clauses(t: str) -> list[tuple[int, int]]:
    cuts = [0]
    for m in re.finditer(r";|, while |, whereas | rather than |,? and (?:then )?(?:an?|one|two|three|four|five|six|seven|\d{1,2}) (?:days?|weeks?) later\b"
                         # "boxes that are driven to X": the relative clause tells the next leg
                         r"| (?:that|which) (?:are|were|is|was|have been|had been) (?=(?:then |later |subsequently )?(?:driven|trucked|moved|taken|transported|shipped|flown|sent|carried|ferried)\b)"
                         # "since Russian forces left Syria": a clause of its own
                         # "the port of X, where their vehicles had been offloaded": what happened at X
                         r"|, where (?=(?:(?:[a-z-]+|«\d+:\w+»)\s+){0,4}(?:had been|have been|were|was|are|is)\s)"
                         r"|,?\s+and\s+(?:then\s+)?on(?:ward)?\s+to\b"
                         # "..., and Sudanese officials say ...": a claim of its own
                         r"|, and (?=(?:the\s+)?(?:«\d+:\w+»|[a-z-]+)\s+(?:[a-z-]+\s+)?(?:say|says|said|told|reported|claim|claims)\b)"
                         # "had delivered cargo to X and evacuated troops from Y": a second movement verb
                         r"| and (?=(?:then\s+|later\s+|also\s+)?(?:evacuated|withdrew|pulled out|delivered|shipped|returned|redeployed)\b)"
                         # "returned to X after a three-month deployment to Y": background of its own
                         r"| after (?=(?:a|an|its|their)\s+(?:[a-z-]+\s+){0,2}(?:deployment|mission|visit|stay|tour|rotation)\b)"
                         # "the air defence units that Russia moved to X": the relative clause's own move
                         r"| (?:that|which) (?=(?:«\d+:(?:STATE|CTRY|CAP|ORG)»|it|they)\s+(?:had\s+|has\s+|have\s+)?(?:moved|shipped|sent|delivered|flew|transferred|deployed|brought)\b)"
                         # ", and several trucks carrying ammunition left the base": another vehicle's move
                         r"|, and (?=(?:several|some|two|three|four|\d+|the|a|an)\s+(?:[a-z-]+\s+){0,2}(?:(?:trucks|convoys?|vehicles|ships|vessels|planes|aircraft|flights|lorries)\b|«\d+:EQ»(?=\s+(?:carrying|loaded|with|left|drove|headed)\b)))"
                         r"| since (?=(?:the |its |their |an? )?(?:«\d+:\w+»\s+)?(?:[a-z-]+\s+){0,2}(?:left|withdrew|pulled|arrived|began|fell|collapsed|seized|ousted|lost)\b)", t):
        cuts.append(m.start())
    cuts.append(len(t))
    return [(cuts[i], cuts[i + 1]) for i in range(len(cuts) - 1)]


def _clause_events(ctx: Ctx, an: DocAnalysis, lo: int, hi: int, reported: bool, srcs: list[str],
                   previous: list[Event], firsts: dict[str, re.Match | None] | None = None) -> list[Event]:
    lex = _lex()
    t = ctx.t
    clause = t[lo:hi]
    if modality.is_negated(clause) and re.search(r"\bnever before\b", clause):
        return []
    whole = lo == 0 and hi == len(t)

    def first(label: str, rx: re.Pattern) -> re.Match | None:
        if firsts is None:
            return rx.search(t, lo, hi)
        m0 = firsts[label]
        if m0 is None or whole:
            return m0
        return rx.search(t, lo, hi)

    found: dict[str, tuple[int, int]] = {}
    for label in LABEL_ORDER:
        m = first(label, lex["trig"][label])
        if m:
            found[label] = (m.start(), m.end())
    am = first("_arrive", ARRIVE)
    if am and not any(a <= am.start() < b for a, b in found.values()):
        found["_arrive"] = (am.start(), am.end())
    events: list[Event] = []
    labels: dict[str, tuple[int, int]] = {}
    items = [it for s, e, it in ctx.tags if lo <= s < hi]
    if re.match(r"\s+and\s+(?:then\s+|later\s+|also\s+)?[a-z]+ed\b", clause):
        # "the landing ship X delivered ... and then returned to Y": the elided subject's vehicle
        vehicle_items = [it for s0, e0, it in ctx.tags if s0 < hi]
    else:
        vehicle_items = items
    has_vessel = any(it.tag == "VES" for it in vehicle_items)
    has_aircraft = any(it.tag == "AC" or _is_aircraft_type(it) for it in vehicle_items) or bool(lex["air_noun"].search(clause))
    for label, (s, e) in sorted(found.items(), key=lambda kv: kv[1][0]):
        real = label
        before = t[max(lo, s - 60):s]
        if label == "_arrive":
            if has_vessel:
                real = "Voyage"
            elif has_aircraft:
                real = "Flight"
            elif _has_cargo(items, clause) and not re.search(_ARRIVING, clause) and not _has_personnel(items) and not has_vessel and not has_aircraft:
                real = "Transfer"  # "Russian weapons had arrived at Tobruk"
            elif PERSONNEL.search(clause) and any(it.tag == "EQ" and it.entry and
                                                   it.entry.properties.get("category") == "personnel" for it in items) \
                    or re.search(_ARRIVING, clause):
                real = "Deployment"
            else:
                continue
        elif label == "Transfer":
            am_t = AIR_TYPE_SUBJECT.search(before)
            av = AIR_VEHICLE.search(clause)
            if lex["air_subject"].search(before) or (am_t is not None and (
                    an.items[int(am_t.group(1))].tag == "AC" or _is_aircraft_type(an.items[int(am_t.group(1))]))):
                real = "Flight"
            elif av is not None and (an.items[int(av.group(1))].tag == "AC" or _is_aircraft_type(an.items[int(av.group(1))])):
                real = "Flight"
            elif NAMED_SUBJECT.search(before) and not an.items[int(NAMED_SUBJECT.search(before).group(1))].coref:
                real = "Voyage" if NAMED_SUBJECT.search(before).group(2) == "VES" else "Flight"
            elif SEA_VEHICLE.search(clause):
                real = "Voyage"
            elif PRONOUN_SUBJECT.search(t[lo:s]) and ctx.view.index > 0:
                # "Two Il-76s landed at X. One of them carried ...": the vehicle of the sentence before
                prev_tags = {("Flight" if (x.tag == "AC" or _is_aircraft_type(x)) else "Voyage")
                             for x in items_of_sentence(an, ctx.view.index - 1) if (x.tag in ("AC", "VES") or _is_aircraft_type(x))}
                if len(prev_tags) == 1:
                    real = prev_tags.pop()
            elif lex["sea_subject"].search(before) and (has_vessel or re.search(
                    r"\b(?:a|the|one)\s+(?:«\d+:ADJ»\s+)?(?:[a-z-]+\s+)?(?:cargo ship|landing ship|tanker|freighter|frigate|corvette|cruiser|destroyer|warship|vessel)\s+(?:[a-z]+\s+)?$", before)):
                real = "Voyage"
        elif label == "Construction" and FACILITY_NOUN.match(t[s:e]) and not DEAL_CUE.search(t):
            continue
        elif label == "Deployment" and re.match(r"deployment", t[s:s + 10]) and \
                re.search(r"\bafter\s+(?:a|an|its|their)\s+(?:[a-z-]+\s+){0,2}$", t[max(lo, s - 40):s]):
            continue  # "after a three-month deployment to the Mediterranean": background, not a move
        elif label == "Withdrawal" and re.match(r"(?:flown|airlifted|evacuated|shipped|taken|moved) out of", t[s:e]) \
                and not PERSONNEL.search(t, lo, s):
            continue  # "crates were shipped out of X": cargo, not a force leaving
        elif label == "Deployment" and re.search(r"arriv", t[s:e]):
            if has_vessel:
                real = "Voyage"
            elif has_aircraft:
                real = "Flight"
            elif _has_cargo(items, clause) and not re.search(_ARRIVING, clause) and not _has_personnel(items):
                real = "Transfer"  # "Russian weapons had arrived at Tobruk"
            elif not re.search(_ARRIVING, clause) and not re.search(r"\bmilitary\b", clause) and not _has_personnel(items):
                continue
        elif label == "Voyage" and not (has_vessel or re.search(r"\bthe pair\b|«\d+:VES»", clause)
                                        or lex["sea_subject"].search(before)):
            continue
        elif label == "Flight" and not has_aircraft and not re.search(r"\b(?:trips?|flights?|fl(?:y|ew|own|ying))\b", clause):
            continue
        elif label == "Flight" and not has_aircraft and re.search(r"\b(?:was|were|been|being)\s+(?:[a-z]+ly\s+|later\s+|then\s+|also\s+|again\s+|since\s+)?flown\b", clause) \
                and not re.search(r"\b(?:trips?|flights?)\b", clause):
            real = "Transfer"  # "similar consignments were flown to Bamako": cargo moved by air
        if real not in labels:
            labels[real] = (s, e)
    if "Transfer" in labels and not any(x in labels for x in MOVEMENT) and \
            PERSONNEL_HOME.search(t, lo, labels["Transfer"][1] + 40) and re.search(r"\b(?:back|home)\b", t[labels["Transfer"][0]:hi]):
        labels["Withdrawal"] = labels.pop("Transfer")
    if any(x in labels for x in MOVEMENT) and "Transfer" in labels:
        # a clause about one flight/voyage/deployment: the movement verb belongs to it
        if not ("Flight" in labels and re.search(r"\b(?:cargo planes|planes|aircraft have|aircraft had)\b", clause)):
            del labels["Transfer"]
    for label, (s, e) in labels.items():
        ev = _build(ctx, an, label, s, e, lo, hi, reported, srcs, previous + events)
        if ev is not None:
            events.append(ev)
    return events


_SPEAKER_AFTER = re.compile(r",?\s+(?:(?:also|has|have|had|later|then|earlier|officially)\s+)?(?:said|says|say|told|tells|announced|announces|stated|states|noted|claimed|claims|reported|added|confirmed|denied|denies|wrote|insisted|acknowledged|declared)\b")
_SPEAKER_BEFORE = re.compile(r"\b(?:(?:sources?|people|officials?|figures?)\s+close\s+to|according\s+to|a\s+statement\s+(?:from|by))\s+(?:the\s+)?(?:[a-z-]+\s+){0,2}«\d+:\w+»$")
_PASSIVE_AGENT = re.compile(r"\s+by\s+(?:the\s+)?«(\d+):(?:CTRY|CAP|STATE|ORG)»(?!'s?\s)")


def _category(it: Item) -> str | None:
    return (it.entry.properties.get("category") or it.entry.kind) if it.entry is not None else None


def _has_personnel(items) -> bool:
    return any(it.tag == "EQ" and _category(it) == "personnel" for it in items)


def _has_cargo(items, clause: str) -> bool:
    """Equipment named in the clause, or a word for cargo ("weapons", "arms", "ammunition")."""
    return any(it.tag == "EQ" and _category(it) != "personnel" for it in items) or \
        bool(re.search(r"\b(?:weapons|arms|ammunition|munitions|missiles|hardware|cargo|equipment)\b", clause))


def _is_aircraft_type(it: Item) -> bool:
    return it.tag == "EQ" and it.entry is not None and it.entry.properties.get("category") in ("aircraft", "helicopter") \
        and not it.entry.generic


def _add(roles: dict[str, list[str]], role: str, eid: str | None) -> None:
    if eid and eid not in roles.setdefault(role, []):
        roles[role].append(eid)


def _build(ctx: Ctx, an: DocAnalysis, label: str, s: int, e: int, lo: int, hi: int, reported: bool,
           srcs: list[str], previous: list[Event]) -> Event | None:
    t = ctx.t
    lex = _lex()
    roles: dict[str, list[str]] = {}
    items = [(ts, te, it) for ts, te, it in ctx.tags if lo <= ts < hi]
    # --- BY / OPERATED_BY / PARTICIPANT
    subj = ctx.subject(s, ACT)
    if subj is not None and subj.tag in ("CTRY", "CAP") and subj.default == "Place" and label != "Talks":
        subj = None
    if label == "Talks":
        if subj is not None:
            _add(roles, "PARTICIPANT", actor_id(subj))
            # "Traore and Vladimir Putin discussed": every actor of a coordinated subject
            sp = next((ts for ts, te, it in items if it is subj), None)
            for ts, te, it in reversed(items):
                if sp is None or te > sp:
                    continue
                if it.tag in ACT and not it.modifier and re.fullmatch(r"(?:\s+and\s+|,\s+|,\s+and\s+)(?:the\s+)?", t[te:sp]):
                    _add(roles, "PARTICIPANT", actor_id(it))
                    sp = ts
                else:
                    break
        for m in re.finditer(r"«(\d+):(?:STATE|PER|ORG|CTRY|CAP)»-«(\d+):(?:STATE|PER|ORG|CTRY|CAP)»\s+(?:[a-z-]+\s+)?(?:agreement|deal|talks|pact|accord|alliance|partnership)", t[lo:hi]):
            for g in (1, 2):
                _add(roles, "PARTICIPANT", actor_id(an.items[int(m.group(g))]))
        for ts, te, it in items:
            if (it.tag == "SRC" or it.tag == "ADJ" and re.match(r"\s+(?:officials|delegation|counterparts|envoys|diplomats)\b", t[te:te + 16])) \
                    and it.country is not None and re.search(r"\b(?:with|met|meet|meeting)\s+(?:the\s+)?$", t[max(lo, ts - 12):ts]):
                # "met Syrian officials": the officials' state takes part
                cid = _country_actor(it.country.name)
                if cid is not None:
                    an.specs.setdefault(cid.id, cid)
                    _add(roles, "PARTICIPANT", cid.id)
        for ts, te, it in items:
            if ts < e or it.tag not in ACT or it.modifier:
                continue
            if it.possessor and re.match(r"'s?\s+«", t[te:te + 4]):
                continue
            gap = t[e:ts]
            if re.search(r"\b(?:with|between|and|to let|let|to|offered|offer|by)\s+(?:the\s+|both\s+)?(?:«\d+:ADJ»\s+)?(?:[a-z-]+\s+){0,3}$", gap) or ts - e < 25:
                _add(roles, "PARTICIPANT", actor_id(it))
        for ts, te, it in items:
            if ts > e and it.tag in ("BASE", "PLACE", "EQ", "VES") and not it.modifier:
                if it.tag == "PLACE" and it.entry is not None and it.entry.kind in ("sea", "continent", "region") \
                        and it.entry.salience == "low":
                    continue
                for x in it.expand():
                    _add(roles, "ABOUT", x.id_for("Base", "Place", "Equipment", "Vessel"))
        if re.search(r"\b(?:it|they)\s+(?:also\s+|then\s+|has\s+|have\s+|had\s+)?$", t[max(lo, s - 20):s]):
            # "Guinea's junta has not commented, but it signed an accord with Russia": the subject before
            prev = ctx.subject(max(lo, s - 20), ACT, clause=False)
            if prev is not None:
                _add(roles, "PARTICIPANT", actor_id(prev))
        if not roles.get("PARTICIPANT") and lo > 0 and re.search(
                r"\bthe\s+(?:[a-z-]+\s+)?(?:agreement|deal|talks|accord|pact|negotiations|treaty)\b", t[lo:hi]):
            # "X is pursuing a facility at Y; officials said the agreement ...": the parties
            # and the subject matter of the clause before
            prev = ctx.subject(lo, ACT, clause=False)
            if prev is not None:
                _add(roles, "PARTICIPANT", actor_id(prev))
                for ts, te, it in ctx.tags:
                    if ts < lo and it.tag == "BASE":
                        for x in it.expand():
                            _add(roles, "ABOUT", x.id_for("Base"))
        if not roles.get("PARTICIPANT"):
            # "negotiations on a Russian naval logistics centre near Port Sudan": the state
            # named by the demonym on the subject matter, and the host of the base discussed
            for ts, te, it in items:
                if ts > e and it.tag == "ADJ" and it.country is not None and it.country.theatre is not None:
                    _add(roles, "PARTICIPANT", actor_id(it))
                    break
            if roles.get("PARTICIPANT"):
                for bid in roles.get("ABOUT", []):
                    spec = an.specs.get(bid)
                    host = spec.properties.get("country") if spec is not None and spec.label == "Base" else None
                    hid = _country_actor(host) if host else None
                    if hid is not None and hid.id not in roles["PARTICIPANT"]:
                        an.specs.setdefault(hid.id, hid)
                        _add(roles, "PARTICIPANT", hid.id)
                        break
        if not roles.get("PARTICIPANT"):
            return None
    else:
        by = None
        recipient = None
        if re.match(r"receiv", t[s:e]):
            subj = None  # "X received ... from Russia": the subject is the recipient
        elif label == "Transfer" and REQUEST.match(t[s:e]):
            recipient, subj = subj, None  # "the junta wants more S-300s": the one asking receives
        elif label == "Construction" and FACILITY_NOUN.match(t[s:e]):
            # "X has not signed off on the Russian naval logistics point": the demonym on the
            # facility builds it, not the subject
            adj = re.search(r"«(\d+):ADJ»\s+$", t[max(lo, s - 20):s])
            subj = an.items[int(adj.group(1))] if adj else None
        if subj is not None:
            # "Niger's defence ministry said the instructors were delivered ...": the speaker of
            # a credited clause is not the agent of what it reports
            se = next((te for ts, te, it in items if it is subj), None)
            sa = _SPEAKER_AFTER.match(t, se) if se is not None else None
            if sa is not None and (re.match(r"\s+(?:that\s+)?(?:it|they|he|she|we)\b", t[sa.end():sa.end() + 12])
                                   or re.match(r"\s+(?:having\s+)?[a-z]+ing\b", t[sa.end():sa.end() + 20])):
                pass  # "Wagner said it was returning home": the speaker's own action
            elif se is not None and (sa or _SPEAKER_BEFORE.search(t[max(0, se - 60):se])):
                subj = None
        if subj is not None:
            # "AL-JUFRA, Libya - Cargo planes ...": a dateline names where, not who
            se = next((te for ts, te, it in items if it is subj), None)
            if se is not None and se < 60 and re.match(r"\s*(?:\([^)]*\)\s*)?(?:[-\u2013\u2014]|:)\s", t[se:se + 40]):
                subj = None
        agent = _PASSIVE_AGENT.match(t, e)
        if agent is not None:  # "air defence systems delivered by Russia"
            subj = an.items[int(agent.group(1))]
        if subj is not None:
            # "X ratified a deal with Moscow, and Russian An-124s have since been spotted":
            # a demonym heading the vehicle or force between the subject and the verb acts
            sp = next((ts for ts, te, it in items if it is subj), None)
            for ts, te, it in items:
                if sp is not None and sp < ts < s and it.tag == "ADJ" and it.country is not None and \
                        ADJ_HEADS_AGENT.match(t[te:te + 40]) and "," in t[sp:ts]:
                    subj = it
                    break
        if subj is not None and subj.tag == "ADJ":
            by = subj
        elif subj is not None and subj.tag in ("CTRY", "CAP", "STATE", "ORG"):
            kind = subj.entry.kind if subj.entry else None
            if kind == "airline":
                _add(roles, "OPERATED_BY", actor_id(subj))
            elif kind == "armed_forces" and subj.entry.properties.get("parent"):
                _add(roles, "OPERATED_BY", actor_id(subj))
                by = None
            else:
                by = subj
        if by is None and not re.match(r"receiv", t[s:e]) and not (label == "Transfer" and REQUEST.match(t[s:e])):
            for ts, te, it in items:
                if it.tag in ("STATE", "ADJ") and (_SPEAKER_AFTER.match(t, te) or
                                                   _SPEAKER_BEFORE.search(t[max(0, te - 60):te])):
                    continue  # the speaker or the one sources are close to
                if re.search(r"\b(?:guarded|escorted|protected|accompanied|met|watched|monitored|for)\s+(?:by\s+)?(?:the\s+)?(?:«\d+:ADJ»\s+)?$", t[max(lo, ts - 30):ts]):
                    continue  # "guarded by Malian troops", "helicopters for the Malian air force": not who moves it
                if it.tag == "STATE" and it.country is not None:
                    by = it
                    break
                if it.tag == "ADJ" and ADJ_HEADS_AGENT.match(t[te:te + 40]):
                    by = it
                    break
        if by is None and subj is None:
            # "instructors from the Africa Corps who had arrived": the force the personnel belong to
            for ts, te, it in items:
                if it.tag == "ORG" and ts < s and re.search(
                        r"(?:«\d+:EQ»|\b(?:troops|soldiers|fighters|instructors|personnel|mercenaries|units|contingent))\s+from\s+(?:the\s+)?$",
                        t[max(0, ts - 40):ts]):
                    kind = it.entry.kind if it.entry else None
                    if kind == "armed_forces" and it.entry.properties.get("parent"):
                        _add(roles, "OPERATED_BY", actor_id(it))
                    else:
                        by = it
                    break
        if by is None and roles.get("OPERATED_BY"):
            # a state formation operating ("Pacific Fleet", "Africa Corps"): on behalf of its state
            spec = an.specs.get(roles["OPERATED_BY"][0])
            parent = spec.properties.get("parent") if spec is not None and spec.kind == "armed_forces" else None
            if parent:
                pid = _country_actor(parent)
                if pid is not None:
                    an.specs.setdefault(pid.id, pid)
                    _add(roles, "BY", pid.id)
        if by is not None:
            _add(roles, "BY", actor_id(by))
        for ts, te, it in items:
            if it.tag == "ORG" and it.entry is not None and it.entry.kind == "airline":
                _add(roles, "OPERATED_BY", actor_id(it))
    # --- CARRIED
    if label in ("Transfer", "Flight", "Voyage", "Deployment"):
        carrier = AIR_VEHICLE.search(t, lo, hi) if label in ("Flight", "Voyage") and \
            sum(1 for _, _, it in items if _is_aircraft_type(it)) > 1 else None  # "Mi-24s arrived aboard an Il-76": the Il-76 carries them
        carrier_item = an.items[int(carrier.group(1))] if carrier is not None else None
        for ts, te, it in items:
            if it.tag != "EQ":
                continue
            if label in ("Flight", "Voyage") and _is_aircraft_type(it) and (carrier_item is None or it is carrier_item):
                continue
            if label == "Transfer" and _is_aircraft_type(it) and ts < s and \
                    not re.search(r"\b(?:was|were|been|being)\b", t[te:s]):
                continue  # the aircraft that carries (a passive subject is the cargo: "Mi-8s were loaded")
            if label == "Transfer" and _is_aircraft_type(it) and ts > s and \
                    re.search(r"\b(?:into|onto|aboard|on board|by|from|on|off)\s+(?:(?:a|an|the|two|three|\d+)\s+)?(?:(?:[a-z-]+|«\d+:ADJ»)\s+){0,2}$", t[max(lo, ts - 40):ts]):
                continue  # "loaded into an An-124": the vehicle
            if it.entry is not None and it.entry.generic and (re.match(r"\s+(?:for|of)\s+«\d+:EQ»", t[te:te + 20])
                                                              or re.search(r"«\d+:EQ»\s+$", t[max(0, ts - 20):ts])):
                continue  # "radars for S-400", "S-400 radars": the system
            _add(roles, "CARRIED", it.ids.get("Equipment"))
    if label == "Construction":
        for ts, te, it in items:
            if ts < s and not (it.tag == "BASE"):
                continue
            if it.tag in ("BASE", "PLACE", "CTRY", "CAP") or (it.tag == "ADJ" and PLACE_NOUN_AFTER.match(t[te:te + 25])):
                if it.tag == "PLACE" and it.entry is not None and it.entry.salience == "low":
                    continue
                if it.tag in ("CTRY", "CAP") and it.default != "Place" and not it.coref:
                    continue
                for x in it.expand():
                    _add(roles, "ABOUT", x.id_for("Base", "Place"))
        if not roles.get("ABOUT"):
            # "engineers arrived to resurface the runway": the base of the sentences before
            recent = [it for i in (ctx.view.index - 2, ctx.view.index - 1) for it in items_of_sentence(an, i)
                      if it.tag == "BASE"]
            if recent:
                for x in recent[-1].expand():
                    _add(roles, "ABOUT", x.id_for("Base"))
        if not roles.get("ABOUT"):
            return None
    # --- FROM / TO / VIA
    if label in ("Transfer", "Flight", "Voyage", "Withdrawal", "Deployment"):
        _route(ctx, an, label, s, e, lo, hi, items, roles)
        if label == "Transfer" and re.match(r"receiv", t[s:e]) and recipient is None:
            recipient = ctx.subject(s, ACT)
        if label == "Transfer" and (REQUEST.match(t[s:e]) or re.match(r"receiv", t[s:e])) and not roles.get("TO"):
            home = recipient.country.name if recipient is not None and recipient.country is not None else (
                recipient.entry.properties.get("country") if recipient is not None and recipient.entry is not None else None)
            place = _country_place(home) if home else None
            if place is not None:
                an.specs.setdefault(place.id, place)
                _add(roles, "TO", place.id)
        if label in ("Voyage", "Flight") and not roles.get("FROM") and re.match(r"sail|left|depart|took off|head", t[s:e]):
            # "anchored off Tartus ... before it sailed west": it left from where it lay
            lay = [it for ts, te, it in items if ts < s and it.tag in ("BASE", "PLACE", "CAP", "CTRY") and
                   re.search(r"\b(?:anchored|moored|docked|berthed|parked|waited|lay|loitered|sat)\s+(?:[a-z]+\s+)?(?:off|at|in|near)\s+(?:the\s+)?$", t[max(lo, ts - 40):ts])]
            if lay:
                _add(roles, "FROM", lay[-1].id_for("Base", "Place"))
        if not roles.get("TO") and not roles.get("FROM") and t.startswith(", where", lo):
            # "... from the port of X, where vehicles were offloaded from Y": at X
            before_items = [it for ts, te, it in ctx.tags if te <= lo and it.tag in ("BASE", "PLACE", "CAP", "CTRY")]
            if before_items:
                _add(roles, "TO", before_items[-1].id_for("Base", "Place"))
        if not roles.get("FROM") and (re.search(r"\bfrom there\b", t[lo:hi]) or (
                label == "Transfer" and re.search(r"\b(?:was|were)\s+then\s+\w+ed\b", t[lo:hi]) and lo == 0)):
            # "From there a smaller An-26 carries them on to X": where the movement before ended
            for prev in reversed(previous[-4:]):
                if prev.roles.get("TO"):
                    roles["FROM"] = [x for x in prev.roles["TO"] if x not in roles.get("TO", [])]
                    if not roles["FROM"]:
                        del roles["FROM"]
                    break
        if re.match(r"receiv", t[s:e]) and not roles.get("BY"):
            # "... had been received from the Russian Federation": the sending state
            for pid in roles.get("FROM", []):
                entry = an.specs.get(pid)
                if entry is not None and entry.kind == "country":
                    _add(roles, "BY", "actor:" + pid.partition(":")[2])
                    an.specs.setdefault("actor:" + pid.partition(":")[2], _country_actor(entry.name))
    # --- USING
    if label in ("Transfer", "Flight", "Voyage"):
        for ts, te, it in items:
            if it.tag in ("VES", "AC"):
                for x in it.expand():
                    _add(roles, "USING", x.id_for("Vessel", "Aircraft"))
            elif _is_aircraft_type(it) and label == "Flight":
                other = first_airframe_of_type(an, it.entry.name)
                if other is not None:
                    _add(roles, "USING", other.ids["Aircraft"])
    if label in ("Flight", "Voyage") and re.match(r"refuel|follow", t[s:e]) and not (roles.get("TO") or roles.get("FROM") or roles.get("VIA")):
        return None  # "the frigate is planning to refuel": no trip without a place
    if label in ("Flight", "Voyage") and not roles.get("USING") and not roles.get("TO") and not roles.get("FROM") and not roles.get("VIA") \
            and not (roles.get("CARRIED") and PRONOUN_SUBJECT.search(t[lo:s])):  # "One of them carried X": the trip just told
        return None
    if label in ("Transfer", "Withdrawal", "Deployment") and not (roles.get("FROM") or roles.get("TO") or roles.get("CARRIED")
                                                                  or roles.get("VIA") or roles.get("USING")):
        return None
    # --- count, date, modality
    count = None
    cm = lex["count"].search(t, lo, hi)
    if cm and label in ("Flight", "Voyage"):
        word = cm.group(1)
        count = int(word) if word.isdigit() else lex["nums"].get(word)
        if count == 1:
            count = None
    clause_text = t[lo:hi]
    mod = modality.decide(clause_text, reported)
    date, precision = _date(ctx, an, lo, hi, s, mod, clause_text, previous)
    attributed = [an.specs[x].name for x in srcs if x in an.specs] if reported else []
    ev = Event(id="", labels=["Event", label], date=date, date_precision=precision, count=count,
               modality=mod, confidence=modality.CONFIDENCE[mod], roles=roles,
               evidence=ctx.view.text, attributed_to=attributed, span=ctx.span())
    _inherit(ev, previous, ctx)
    return ev


def _route(ctx: Ctx, an: DocAnalysis, label: str, s: int, e: int, lo: int, hi: int, items, roles) -> None:
    t = ctx.t
    lex = _lex()
    prev_role = None
    prev_end = None
    for idx, (ts, te, it) in enumerate(items):
        if it.tag not in ("CTRY", "CAP", "PLACE", "BASE", "ADJ"):
            if it.tag not in ("SRC",):
                prev_role, prev_end = (prev_role, prev_end) if it.possessor else (None, None)
            continue
        if it.tag == "ADJ" and not PLACE_NOUN_AFTER.match(t[te:te + 25]):
            continue
        if re.search(r"\baccording to\s+(?:an?\s+|the\s+|two\s+|three\s+|several\s+)?(?:[a-z-]+\s+){0,3}(?:in|at|from)\s+(?:the\s+)?$", t[max(lo, ts - 70):ts]):
            continue  # "according to a diplomat in Khartoum": where the speaker is
        if it.possessor and re.match(r"'s?\s+(?:[a-z-]+\s+)?(?:port|city|capital|town|airport|base|harbou?r) of\b", t[te:te + 40]):
            continue  # "Cameroon's port of Douala": the port is the place
        if it.tag == "PLACE" and it.entry is not None and it.entry.kind == "continent":
            continue
        if it.modifier and not re.match(r"-«", t[te:te + 2]):
            continue
        before = t[max(lo, ts - 45):ts]
        before = ADJ_OF.sub(" ", before) if ADJ_OF.search(before) else before
        if it.tag in ("BASE", "PLACE") and before.endswith("» "):
            before = re.sub(r"«\d+:ADJ»\s+$", "", before)  # "for the Libyan «port of Tobruk»"
        role = None
        # "al-Jufra in central Libya": a place qualifying the one before it fills no role
        if idx > 0 and prev_role is not None and items[idx - 1][2].tag in ("BASE", "PLACE", "CAP") and \
                re.fullmatch(r"\s+(?:in|inside)\s+(?:the\s+)?", t[items[idx - 1][1]:ts]):
            continue
        # "two Libya-Mali trips": X-Y; "Minsk-Benghazi-Bamako": X via Y to Z
        if re.match(r"-«\d+:(?:CTRY|CAP|PLACE|BASE)»-«\d+:(?:CTRY|CAP|PLACE|BASE)»", t[te:te + 24]) and idx + 2 < len(items):
            _add(roles, "FROM", it.id_for("Base", "Place"))
            _add(roles, "VIA", items[idx + 1][2].id_for("Base", "Place"))
            _add(roles, "TO", items[idx + 2][2].id_for("Base", "Place"))
            prev_role, prev_end = None, None
            continue
        if idx > 0 and re.fullmatch(r"-", t[items[idx - 1][1]:ts]) and roles.get("VIA") and \
                items[idx][2].id_for("Base", "Place") in roles.get("VIA", []) + roles.get("TO", []):
            continue
        if re.match(r"-«\d+:(?:CTRY|CAP|PLACE|BASE)»", t[te:te + 12]):
            nxt = items[idx + 1][2] if idx + 1 < len(items) else None
            if nxt is not None:
                _add(roles, "FROM", it.id_for("Base", "Place"))
                _add(roles, "TO", nxt.id_for("Base", "Place"))
                prev_role, prev_end = None, None
                continue
        if idx > 0 and re.fullmatch(r"-", t[items[idx - 1][1]:ts]):
            continue
        if re.search(r"\bbetween\s+$", before) and it.members and len(it.members) == 2:
            _add(roles, "FROM", it.members[0].id_for("Place"))
            _add(roles, "TO", it.members[1].id_for("Place"))
            continue
        if re.search(r"\bbetween\s+(?:the\s+)?$", before):
            nxt = items[idx + 1][2] if idx + 1 < len(items) else None
            if nxt is not None and re.fullmatch(r"\s+and\s+(?:the\s+)?", t[te:items[idx + 1][0]]):
                _add(roles, "FROM", it.id_for("Base", "Place"))
                _add(roles, "TO", nxt.id_for("Base", "Place"))
                continue
        if VIA_CUE.search(before):
            role = "VIA"
        elif FROM_CUE.search(before):
            role = "FROM"
        elif TO_CUE.search(before):
            role = "TO"
        elif TO_AT_CUE.search(before) and lex["to_verbs"].search(t[max(lo, ts - 70):ts]):
            role = "TO"
        elif re.search(r"\b(?:suppl\w+|provid\w+|equipp\w+|arm\w*)\s+$", before) and re.match(r"\s+with\b", t[te:te + 6]):
            role = "TO"
        elif prev_role and prev_end is not None and re.fullmatch(r"(?:'s\s+(?:[a-z-]+\s+){0,2}|,\s+|\s+and\s+|,\s+and\s+)(?:the\s+)?", t[prev_end:ts]):
            role = prev_role
        if role is None:
            prev_role, prev_end = None, None
            continue
        for x in it.expand():
            _add(roles, role, x.id_for("Base", "Place"))
        prev_role, prev_end = role, te
    # "leave/returning home": the home country of the one leaving
    if label == "Withdrawal" and re.search(r"\b(?:returning|return(?:ed|s)?|going|went|back)\s+home\b", t[lo:hi]) and roles.get("BY"):
        who = an.specs.get(roles["BY"][0])
        home = who.properties.get("country") if who is not None else None
        if home:
            _add(roles, "TO", f"place:{home.lower().replace(' ', '-')}")
            an.specs.setdefault(f"place:{home.lower().replace(' ', '-')}", _country_place(home))
    # the place the movement starts from, when only "remain in X ... transported" says it
    if label in ("Transfer", "Withdrawal") and not roles.get("FROM"):
        for ts, te, it in reversed(items):
            if ts < s and it.tag in ("CTRY", "CAP", "PLACE", "BASE") and re.search(r"\bin\s+(?:the\s+)?$", t[max(lo, ts - 6):ts]):
                if it.id_for("Base", "Place") not in roles.get("TO", []):
                    _add(roles, "FROM", it.id_for("Base", "Place"))
                break
    # "thinning out its garrison at the Tartus naval base", "withdrawing troops in Mali":
    # a withdrawal leaves the place its force is at
    if label == "Withdrawal" and not roles.get("FROM") and not roles.get("TO"):
        for ts, te, it in items:
            if ts > e and it.tag in ("CTRY", "CAP", "PLACE", "BASE") and \
                    re.search(r"\b(?:at|in)\s+(?:the\s+)?$", t[max(lo, ts - 8):ts]):
                _add(roles, "FROM", it.id_for("Base", "Place"))
                break
    for r in ("FROM", "TO", "VIA"):
        if r in roles and not roles[r]:
            del roles[r]
    if "VIA" in roles:
        for r in ("FROM", "TO"):
            if r in roles:
                roles[r] = [x for x in roles[r] if x not in roles["VIA"]] or roles.pop(r) and []
                if not roles.get(r):
                    roles.pop(r, None)


def _country_actor(name: str):
    from milgraph.loaders.gazetteer import load_gazetteer
    c = load_gazetteer().country(name)
    return c.actor if c is not None else None


def _country_place(name: str):
    from milgraph.loaders.gazetteer import load_gazetteer
    c = load_gazetteer().country(name)
    return c.place if c is not None else None


def _date(ctx: Ctx, an: DocAnalysis, lo: int, hi: int, trig: int, mod: str, clause: str,
          previous: list[Event] | None = None) -> tuple[str | None, str]:
    view = ctx.view
    pmap = _plain_map(view.folded, [it for _, _, it in ctx.tags])
    plo = _near(pmap, lo, ctx.t, forward=True) or 0
    phi = _near(pmap, hi, ctx.t, forward=False) or len(view.text)
    all_hits = getattr(view, "_dates", None)
    if all_hits is None:
        all_hits = find_dates(view.text, an.published)
        view._dates = all_hits
    # "two days later", "a day after the Niamey flight": counted from the date given just
    # before in the sentence, else from the last event dated to the day
    off = REL_OFFSET.search(view.text, 0, phi) if ("day" in view.folded or "week" in view.folded) else None
    if off is not None and not any(off.end() <= h.start < phi and h.precision == "day" for h in all_hits):
        before = [h for h in all_hits if h.end <= off.start() and h.precision == "day"]
        anchor = before[-1].value if before else next(
            (p.date for p in reversed(previous or []) if p.date and len(p.date) == 10), None)
        if anchor is None and view.index > 0:  # "... at Benina on 4 May. Two days later it flew on"
            prev_view = an.sentences[view.index - 1]
            prev_hits = getattr(prev_view, "_dates", None)
            if prev_hits is None:
                prev_hits = prev_view._dates = find_dates(prev_view.text, an.published)
            prev_days = [h for h in prev_hits if h.precision == "day"]
            anchor = prev_days[-1].value if prev_days else None
        shifted = shift_day(anchor, offset_days(off))
        if shifted:
            return shifted, "day"
    hits = [h for h in all_hits if plo <= h.start < phi]
    hits = [h for h in hits if not re.search(r"\b(?:since|published|formed|founded|created)\s+(?:on\s+|in\s+)?$",
                                              view.text[max(0, h.start - 12):h.start].lower())]
    if hits:
        ptrig = _near(pmap, trig, ctx.t, forward=True) or 0
        h = min(hits, key=lambda h: abs(h.start - ptrig))
        if h.value is None:
            return None, "unknown"
        return h.value, h.precision
    if re.search(r"\b(?:in the past|previously|earlier|years ago|once)\b", clause):
        return None, "unknown"
    if mod not in ("planned",) and re.search(r"\b(?:is|are|has|have)\s+(?!to\b|not\b|no\b)(?:been\s+)?(?:[a-z]+ly\s+)?[a-z]+", clause):
        month = report_month(an.published)
        if month:
            return month, "month"
    return None, "unknown"


def _near(pmap, pos: int, t: str, forward: bool) -> int | None:
    for _ in range(40):
        v = pmap(pos)
        if v is not None:
            return v
        pos = pos + 1 if forward else pos - 1
        if pos < 0 or pos > len(t):
            return None
    return None


def _inherit(ev: Event, previous: list[Event], ctx: Ctx) -> None:
    """Fill what a follow-up sentence leaves implicit from the event it continues."""
    label = ev.label
    using = set(ev.roles.get("USING", []))
    for prev in reversed(previous[-6:]):
        if prev.label != label:
            continue
        same_vehicle = using and using & set(prev.roles.get("USING", []))
        if label == "Flight" and same_vehicle:
            if not ev.roles.get("FROM") and prev.roles.get("TO"):
                ev.roles["FROM"] = list(prev.roles["TO"])
            if not ev.roles.get("BY") and prev.roles.get("BY"):
                ev.roles["BY"] = list(prev.roles["BY"])
            if ev.date is None and prev.date:
                ev.date, ev.date_precision = prev.date[:7], "month"
            return
        if label == "Voyage" and not ev.roles.get("TO") and prev.roles.get("TO") and \
                re.search(r"\b(?:arriv\w+|also)\b", ctx.view.folded):
            ev.roles["TO"] = list(prev.roles["TO"])
            return
        if label == "Construction" and not ev.roles.get("BY") and prev.roles.get("BY"):
            ev.roles["BY"] = list(prev.roles["BY"])
            return
