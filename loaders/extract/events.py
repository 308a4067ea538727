"""Events (Transfer, Flight, Voyage, Withdrawal, Deployment, Talks, Construction) of a report.

Each sentence (the title too) is read once from its dependency parse: the frames in
``loaders/data/events/`` say which words open an event and how its roles are read
(:mod:`event_engine`). This module adds what the governing clause says about each event —
modality and attribution (:mod:`modality`), the date (:mod:`dates`), the trip count — and
continues a trip told over several sentences (the same airframe or ship flies on from where
it was). Every event lists the ids of the frame and role rules that produced it.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

from milgraph.graph.records import Event, Span
from milgraph.loaders.extract import modality
from milgraph.loaders.extract.dates import REL_OFFSET, DateHit, find_dates, offset_days, report_month, shift_day
from milgraph.loaders.extract.event_engine import NUMBER_WORDS, Candidate, candidates, dateline_end
from milgraph.loaders.extract.event_frames import frames
from milgraph.loaders.extract.parsed import parsed_sentences

if TYPE_CHECKING:
    from spacy.tokens import Token

    from milgraph.loaders.extract.mentions import DocAnalysis
    from milgraph.loaders.extract.parsed import ParsedSentence

_PRESENT = frozenset({"VBZ", "VBP", "VBG"})
_ANCHORS = frozenset({"after", "before", "following", "until", "till", "prior"})
_RANGE_END = re.compile(r"\b(?:between|from)\s+\S+(?:\s+\S+)?\s+(?:and|to)\s+$", re.I)
_TRIP_NOUNS = frozenset({"trips", "flights", "sorties", "voyages", "rotations", "runs", "shuttles", "visits", "calls"})


def extract_events(an: DocAnalysis) -> list[Event]:
    fs = frames()
    out: list[Event] = []
    last_sources: list[str] = []
    memory: dict = {}
    published = an.published
    for ps in parsed_sentences(an):
        view = ps.view
        sources = [it.ids["Source"] for it in view.items if it.tag == "SRC" and "Source" in it.ids]
        reported, credited = modality.attribution(view.tagged, sources, last_sources)
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
            if c.purpose and mod in ("confirmed", "reported"):
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
            date, precision = _date(ps, c.trigger, hits, an, mod, out, published)
            attributed = [an.specs[x].name for x in credited if x in an.specs] if (
                reported or mod == "confirmed") and mod != "denied" and not party else []
            ev = Event(id="", labels=["Event", c.label], date=date, date_precision=precision,
                       count=_count(c), modality=mod, confidence=modality.CONFIDENCE[mod],
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
    if m is None or m.tag not in ("STATE", "CTRY", "CAP", "ORG"):
        return False
    actors = {x.ids.get("Actor") for x in m.expand()}
    return any(x in actors for role in ("BY", "OPERATED_BY", "PARTICIPANT") for x in c.roles.get(role, []))


def _span(view) -> Span | None:
    if view.start is None:
        return None
    return Span(view.start, view.end)


def _date(ps: ParsedSentence, tok: Token, hits, an: DocAnalysis, mod: str,
          previous: list[Event], published: str | None) -> tuple[str | None, str]:
    if mod == "denied":
        return None, "unknown"  # what did not happen has no date (the denial's own date is not it)
    doc = ps.doc
    ancestors = {tok.i, *(a.i for a in tok.ancestors)}
    clause = _clause_head(tok)
    lo, hi = clause.left_edge.idx, clause.right_edge.idx + len(clause.right_edge)
    own_offset = next((m for m in REL_OFFSET.finditer(ps.view.text) if lo <= m.start() < hi), None)
    if own_offset is not None and clause.dep_ == "conj":
        # "flew to X on 14 April, and two days later it continued to Y": counted from that day
        shifted = shift_day(_day_before(ps, own_offset.start(), hits, an, published), offset_days(own_offset))
        if shifted:
            return shifted, "day"
    end = dateline_end(doc)
    dateline_chars = doc[end].idx if end >= 0 else 0
    subordinate = any(c.dep_ == "mark" and c.lower_ in _ANCHORS | {"once", "since"} for c in clause.children)
    usable = []
    for h in hits:
        if h.start >= len(doc.text) or h.start < dateline_chars:
            continue  # "BENGHAZI, Jan 20 -": the dateline dates the report
        if subordinate and not lo <= h.start < hi:
            continue  # "made runs last year, before Russia pulled out": the main clause's date
        span = doc.char_span(h.start, min(h.end, len(doc.text)), alignment_mode="expand")
        if span is None:
            continue
        before = doc.text[max(0, h.start - 12):h.start].lower()
        said = doc.text[h.start:h.end].lower()
        since = before.endswith("since ") or said.startswith("since")
        if since and h.value and h.precision in ("day", "month") and lo <= h.start < hi:
            # "flights since mid-December", "shipped since January": the month the run began
            usable.append(DateHit(h.start, h.end, h.value[:7], "month", "since"))
            continue
        if since or any(w in before for w in ("published", "founded", "formed")):
            continue  # "active since 2022": when a state began, not the event
        if _RANGE_END.search(doc.text[max(0, h.start - 30):h.start]):
            continue  # "between 2016 and 2023": the range starts at its first date
        head = span.root
        if any(a.dep_ == "prep" and a.lower_ in _ANCHORS for a in [head, *head.ancestors] if a.i not in ancestors):
            continue  # "after last October's outbreak": another happening's date
        verb = next((a for a in [head, *head.ancestors] if a.pos_ in ("VERB", "AUX")), None)
        if verb is not None and verb.i != tok.i and verb.i in ancestors and verb.lower_ in modality.REPORTING \
                and h.value and h.precision in ("day", "month"):
            # "officials said on Monday (that) ...": the day of the claim, the month of the happening;
            # a plan has no date from when it was told
            if mod != "planned":
                usable.append(DateHit(h.start, h.end, h.value[:7], "month", "claim"))
        elif lo <= h.start < hi or (verb is not None and verb.i in ancestors):
            usable.append(h)
    if usable:
        h = min(usable, key=lambda h: abs(h.start - tok.idx))
        if h.value is None:
            return None, "unknown"
        return _planned_ahead(h, mod, published), h.precision
    text = ps.view.text
    off = REL_OFFSET.search(text)
    if off is not None:
        anchor = _day_before(ps, off.start(), hits, an, published) or next(
            (p.date for p in reversed(previous) if p.date and len(p.date) == 10), None)
        shifted = shift_day(anchor, offset_days(off))
        if shifted:
            return shifted, "day"
    if mod != "planned" and _ongoing(tok):
        month = report_month(published)
        if month:
            return month, "month"
    return None, "unknown"


def _planned_ahead(h: DateHit, mod: str, published: str | None) -> str:
    """A plan dated by a day or month with no year that falls before the publication month lies
    in the next year ("instructors are due from January" in a September report)."""
    month = report_month(published)
    if mod != "planned" or h.year_given or month is None or h.value[:7] >= month or len(h.value) < 7:
        return h.value
    return f"{int(h.value[:4]) + 1:04d}{h.value[4:]}"


def _day_before(ps: ParsedSentence, pos: int, hits, an: DocAnalysis, published: str | None) -> str | None:
    """The day a relative date ("two days later") counts from: the last day named before it in
    the sentence, else in the sentence before."""
    days = [h.value for h in hits if h.end <= pos and h.precision == "day" and h.value]
    if days:
        return days[-1]
    index = ps.view.index
    if index > 0:
        before = an.sentences[index - 1]
        days = [h.value for h in find_dates(before.text, published) if h.precision == "day" and h.value]
        if days:
            return days[-1]
    return None


def _clause_head(tok: Token) -> Token:
    h = tok
    while h.pos_ not in ("VERB", "AUX") and h.head.i != h.i:
        h = h.head
    return h


def _ongoing(tok: Token) -> bool:
    """Present or present perfect ("is moving", "has begun", "have landed"): this month; a
    perfect passive with no time word ("have been sent to X") is background with no date."""
    verb = _clause_head(tok)
    for t in [verb, *verb.ancestors][:3]:
        if t.tag_ in _PRESENT:
            return True
        if any(c.dep_ in ("aux", "auxpass") and c.lower_ in ("has", "have", "is", "are") for c in t.children) \
                and not (t.tag_ == "VBN" and any(c.lower_ == "been" for c in t.children) and not any(
                    c.dep_ in ("prep", "npadvmod", "advmod") and c.lower_ in ("since", "recently", "now", "already")
                    for c in t.children)):
            return True  # not "have been sent to X": a completed background fact with no time
    return False


def _count(c: Candidate) -> int | None:
    if c.label not in ("Flight", "Voyage"):
        return None
    tok = c.trigger
    for ch in tok.children:  # "flew there four times", "landed on three occasions", "twice"
        if ch.dep_ == "advmod" and ch.lower_ in _TIMES_WORDS:
            return _TIMES_WORDS[ch.lower_]
        for t in [ch, *(x for x in ch.children if x.dep_ == "pobj")] if ch.dep_ in ("npadvmod", "prep") else []:
            if t.lower_ in ("times", "occasions"):
                n = next((_number_word(x.lower_) for x in t.children if x.dep_ == "nummod"), None)
                if n:
                    return n
    for t in [tok, *(x for x in tok.children if x.dep_ == "dobj" and x.lower_ in _TRIP_NOUNS)]:
        for ch in t.children:  # "four flights", "made three trips"
            if ch.dep_ == "nummod":
                n = ch.lower_
                if n.isdigit():
                    return int(n)
                if n in NUMBER_WORDS:
                    return NUMBER_WORDS[n]
    return c.vehicles


_TIMES_WORDS = {"twice": 2, "thrice": 3}


def _number_word(n: str) -> int | None:
    return int(n) if n.isdigit() else NUMBER_WORDS.get(n)


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
