"""Events (Transfer, Flight, Voyage, Withdrawal, Deployment, Talks, Construction) of a report.

Each sentence (the title too) is read once from its dependency parse: the frames in
``loaders/data/events/`` say which words open an event and how its roles are read
(:mod:`event_engine`). This module adds what the governing clause says about each event —
modality and attribution (:mod:`modality`), the date (:mod:`dates`), the trip count — and
continues a trip told over several sentences (the same airframe or ship flies on from where
it was). Every event lists the ids of the frame and role rules that produced it.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from milgraph.graph.records import Event, Span
from milgraph.loaders.extract import modality
from milgraph.loaders.extract.dates import event_date, find_dates
from milgraph.loaders.extract.counts import trip_count
from milgraph.loaders.extract.event_engine import Candidate, candidates
from milgraph.loaders.extract.event_frames import frames
from milgraph.loaders.extract.parsed import parsed_sentences

if TYPE_CHECKING:
    from milgraph.loaders.extract.mentions import DocAnalysis
    from milgraph.loaders.extract.parsed import ParsedSentence

def extract_events(an: DocAnalysis) -> list[Event]:
    fs = frames()
    out: list[Event] = []
    last_sources: list[str] = []
    memory: dict = {}
    published = an.published
    answers = modality.interview_answers(an)
    for ps in parsed_sentences(an):
        view = ps.view
        sources = [it.ids["Source"] for it in view.items if it.tag == "SRC" and "Source" in it.ids]
        reported, credited = modality.attribution(view.tagged, sources, last_sources)
        reported = reported or view.index in answers  # an interviewee's answer is reported
        if reported and credited and all(modality.data_source(x, an) for x in credited):
            reported = False  # tracking data, imagery: the article's own observation (guide 8)
        if sources:
            last_sources = sources
        if view.text.rstrip().endswith("?"):
            continue  # a question claims nothing
        hits = None
        for c in candidates(ps, fs, an, memory):
            mod = modality.clause_modality(c.trigger, reported, ps, an)
            if mod is None:
                continue
            if (c.purpose or c.label in ("Flight", "Voyage") and modality.sent_for_a_purpose(c.trigger)) \
                    and mod in ("confirmed", "reported"):
                mod = "planned"  # "sent the ship to evacuate the base": what the trip is for
            if c.frame.modality and mod in ("confirmed", "reported"):
                mod = c.frame.modality  # "offered a base", "is due at": the trigger itself plans
            if c.frame.only_modalities and mod not in c.frame.only_modalities:
                continue
            party = mod == "reported" and _party_speaks(c, ps)
            if party:
                mod = "confirmed"  # "Wagner said it was pulling out": a party telling its own act is no Source (guide 4)
            if hits is None:
                hits = find_dates(view.text, published)
            date, precision = event_date(ps, c.trigger, hits, an, mod, out, published)
            attributed = [an.specs[x].name for x in credited if x in an.specs] if (
                reported or mod == "confirmed") and mod != "denied" and not party else []
            ev = Event(id="", labels=["Event", c.label], date=date, date_precision=precision,
                       count=trip_count(c), modality=mod, confidence=modality.CONFIDENCE[mod],
                       roles={k: list(v) for k, v in c.roles.items() if v}, evidence=view.text,
                       attributed_to=attributed, span=_span(view), rules=list(c.rules))
            _continue_trip(ev, c, out)
            _direction(ev, c, out)
            if _cargo_of_last_trip(ev, c, out, view.index):
                continue
            ev.sentence_index = view.index
            out.append(ev)
            if c.framed_as:  # the trip of forces is also the deployment or pull-out it serves (D8)
                out.append(replace(ev, labels=["Event", c.framed_as], count=None,
                                   roles={k: list(v) for k, v in ev.roles.items()},
                                   attributed_to=list(ev.attributed_to), rules=[*ev.rules, "trip.framed"]))
            if c.vehicle in ("aircraft", "ship") and (ev.roles.get("USING") or ev.roles.get("BY")):
                memory["vehicle"] = (c.vehicle, ev.roles.get("USING", []), ev.roles.get("BY", []), view.index)
    return out


def _cargo_of_last_trip(ev: Event, c: Candidate, previous: list[Event], index: int) -> bool:
    """'The ferry X docked at Y. We unloaded food and fuel.': goods moved with no vehicle of
    their own, told just after a named ship's or airframe's trip and going nowhere else, are
    that trip's cargo (one event per trip, guide 7). Adds them to the trip; True when it did."""
    if ev.label != "Transfer" or c.vehicle or ev.roles.get("USING") or not ev.roles.get("CARRIED"):
        return False
    trip = next((p for p in reversed(previous[-4:]) if p.label in ("Flight", "Voyage")), None)
    if trip is None or not any(x.startswith(("vessel:", "aircraft:")) for x in trip.roles.get("USING", [])):
        return False
    told = getattr(trip, "sentence_index", None)  # set when the trip was read (extract_events)
    if told is None or index - told > 2 or ev.modality != trip.modality:
        return False
    places = set(trip.roles.get("FROM", [])) | set(trip.roles.get("TO", [])) | set(trip.roles.get("VIA", []))
    if any(x not in places for r in ("FROM", "TO", "VIA") for x in ev.roles.get(r, [])):
        return False
    if ev.roles.get("BY") and trip.roles.get("BY") and not set(ev.roles["BY"]) & set(trip.roles["BY"]):
        return False
    for role, xs in ev.roles.items():
        lst = trip.roles.setdefault(role, [])
        lst.extend(x for x in xs if x not in lst)
    trip.rules.append("trip.cargo-told-after")
    if ev.evidence not in trip.evidence:
        trip.evidence = f"{trip.evidence} ... {ev.evidence}"
    return True


def _party_speaks(c: Candidate, ps: ParsedSentence) -> bool:
    """The one who says it is the one who acts (BY, OPERATED_BY or a PARTICIPANT)."""
    who = modality.speaker(c.trigger)
    m = ps.mention(who) if who is not None else None
    if m is None or m.tag not in ("STATE", "CTRY", "CAP", "ORG", "PER"):
        return False
    actors = {x.ids.get("Actor") for x in m.expand()}
    return any(x in actors for role in ("BY", "OPERATED_BY", "PARTICIPANT") for x in c.roles.get(role, []))


def _span(view) -> Span | None:
    if view.start is None:
        return None
    return Span(view.start, view.end)


def _continue_trip(ev: Event, c: Candidate, previous: list[Event]) -> None:
    """A trip of the same airframe or ship told after another starts where that one ended."""
    using = set(ev.roles.get("USING", []))
    if not using or ev.label not in ("Flight", "Voyage") or ev.roles.get("FROM"):
        return
    for prev in reversed(previous[-6:]):
        if prev.label == ev.label and using & set(prev.roles.get("USING", [])):
            to = [x for x in prev.roles.get("TO", []) if x not in ev.roles.get("TO", [])]
            if to and ev.roles.get("TO"):
                ev.roles["FROM"] = to
                ev.rules.append("trip.continues")
            for r in ("BY", "OPERATED_BY"):
                if prev.roles.get(r) and not ev.roles.get(r):
                    ev.roles[r] = list(prev.roles[r])
            if ev.date is None and prev.date and ev.modality == prev.modality:
                ev.date, ev.date_precision = prev.date[:7], "month" if len(prev.date) >= 7 else "year"
            return


def _direction(ev: Event, c: Candidate, previous: list[Event]) -> None:
    """'between A and B': B to A when the report last moved something to A from B (a return)."""
    if len(c.between) < 2 or ev.roles.get("FROM") != [c.between[0]]:
        return
    a, b = c.between[0], c.between[1]
    for prev in reversed(previous):
        if a in prev.roles.get("TO", []) or b in prev.roles.get("FROM", []):
            ev.roles["FROM"], ev.roles["TO"] = [a], [b]
            ev.rules.append("between.after-arrival")
            return
        if b in prev.roles.get("TO", []):
            ev.roles["FROM"], ev.roles["TO"] = [b], [a]
            ev.rules.append("between.return")
            return
