"""Events (Transfer, Flight, Voyage, Withdrawal, Deployment, Talks, Construction) of a report.

Each sentence (the title too) is read once from its dependency parse: the frames in
``loaders/data/events/`` say which words open an event and how its roles are read
(:mod:`event_engine`). This module adds what the governing clause says about each event —
modality and attribution (:mod:`modality`), the date (:mod:`dates`), the trip count — and
continues a trip told over several sentences (the same airframe or ship flies on from where
it was), and completes roles the frame's rules left empty from the clause (guide 7: BY from a
hidden or unnamed subject, "the ministry" named with its state before; Talks ABOUT from what
the talks are about, PARTICIPANT from the clause). Every event lists the ids of the frame and
role rules that produced it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import TYPE_CHECKING

from milgraph.graph.records import Event, Span
from milgraph.loaders.extract import modality
from milgraph.loaders.extract.dates import dates_in, event_date, find_dates, plan_date, story_month
from milgraph.loaders.extract.counts import trip_count
from milgraph.loaders.extract.event_engine import Candidate, candidates, lemma_candidates, vehicle_type
from milgraph.loaders.extract.event_frames import frames, word_class
from milgraph.loaders.extract.parsed import parsed_sentences
from milgraph.loaders.extract.resolve import MODALITY_RANK, MOVEMENT_LABELS, add_new
from milgraph.loaders.extract.mentions import place_country
from milgraph.loaders.gazetteer import load_gazetteer

if TYPE_CHECKING:
    from milgraph.loaders.extract.mentions import DocAnalysis
    from milgraph.loaders.extract.parsed import ParsedSentence

@dataclass(frozen=True)
class _Telling:
    """Where an event was read: its sentence (0 is the headline), whether that is the title, and
    whether its vehicle is "another" one ("a second ship": a trip of its own)."""
    sentence_index: int
    in_title: bool
    another: bool


class _Tellings:
    """The telling of each event extract_events read; an event made later by copying or merging
    has none. Keyed by the event object (Events are not hashable), which is held so that its id
    stays its own."""

    def __init__(self) -> None:
        self._by_id: dict[int, tuple[Event, _Telling]] = {}

    def add(self, ev: Event, telling: _Telling) -> None:
        self._by_id[id(ev)] = (ev, telling)

    def of(self, ev: Event) -> _Telling | None:
        hit = self._by_id.get(id(ev))
        return hit[1] if hit is not None else None

    def sentence(self, ev: Event) -> int | None:
        t = self.of(ev)
        return None if t is None else t.sentence_index


def extract_events(an: DocAnalysis) -> list[Event]:
    fs = frames()
    out: list[Event] = []
    last_sources: list[str] = []
    memory: dict = {}
    published = an.published
    answers = modality.interview_answers(an)
    owners: dict[str, str] = {}  # a state organ's head noun -> the state the report names it with
    tellings = _Tellings()
    for ps in parsed_sentences(an):
        view = ps.view
        _note_organ_owners(ps, owners)
        sources = [it.ids["Source"] for it in view.items if it.tag == "SRC" and "Source" in it.ids]
        told_before = last_sources
        if sources:
            last_sources = sources
        if view.text.rstrip().endswith("?"):
            continue  # a question claims nothing
        found = candidates(ps, fs, an, memory)
        if found:  # the attribution is read only where an event is told
            reported, credited = modality.attribution(view.tagged, sources, told_before)
            reported = reported or view.index in answers  # an interviewee's answer is reported
            if reported and credited and all(modality.data_source(x, an) for x in credited):
                reported = False  # tracking data, imagery: the article's own observation (guide 8)
        hits = None
        made: list[tuple[Candidate, Event]] = []
        for c in found:
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
                hits = dates_in(an, view.text, published)
            date, precision = event_date(ps, c.trigger, hits, an, mod, out, published)
            for folded in c.folded_triggers if date is None else ():
                date, precision = event_date(ps, folded, hits, an, mod, out, published)  # "... that arrived last month"
                if date is not None:
                    break
            if date is None and c.label in MOVEMENT_LABELS:
                date = story_month(c.trigger, mod, hits, out)
                precision = "month" if date else precision
            attributed = [an.specs[x].name for x in credited if x in an.specs] if (
                reported or mod == "confirmed") and mod != "denied" and not party else []
            ev = Event(id="", labels=["Event", c.label], date=date, date_precision=precision,
                       count=trip_count(c), modality=mod, confidence=modality.CONFIDENCE[mod],
                       roles={k: list(v) for k, v in c.roles.items() if v}, evidence=view.text,
                       attributed_to=attributed, span=_span(view), rules=list(c.rules))
            _cargo_told_before(ev, ps, out, an, fs.lexicon, tellings)
            if c.label != "Talks" and not ev.roles.get("BY") and not ev.roles.get("OPERATED_BY"):
                _clause_actor(ev, c, ps, an, owners)
            if c.label == "Talks":
                _talked_about(ev, c, ps, an)
                _talk_parties(ev, c, ps, an)
            _continue_trip(ev, c, out)
            _onward_leg(ev, c, out, view.index, tellings)
            _direction(ev, c, out)
            if _cargo_of_last_trip(ev, c, out, view.index, ps, tellings) or c.frame.id == _CARGO_LISTED:
                continue  # a cargo list with no trip before it tells no move of its own
            tellings.add(ev, _Telling(view.index, view.is_title, c.another))
            out.append(ev)
            made.append((c, ev))
            if c.framed_as:  # the trip of forces is also the deployment or pull-out it serves (D8)
                out.append(replace(ev, labels=["Event", c.framed_as], count=None,
                                   roles={k: list(v) for k, v in ev.roles.items()},
                                   attributed_to=list(ev.attributed_to), rules=[*ev.rules, "trip.framed"]))
            if c.vehicle in ("aircraft", "ship") and (ev.roles.get("USING") or ev.roles.get("BY")):
                memory["vehicle"] = (c.vehicle, ev.roles.get("USING", []), ev.roles.get("BY", []), view.index)
        _share_with_the_trip_it_rides(made)
        _expected_arrival_joins_the_trip(made, out)
        _date_the_work_from_its_start(ps, out, published, tellings)
    return _headline_into_trip(_merge_retold_trips(out, an, tellings), an, tellings)


def _demonym_state(word: str) -> str | None:
    """'Russian' -> actor:russia: the state a demonym of the packaged countries names."""
    country = load_gazetteer().country_by_adjective(word)
    return country.actor.id if country is not None else None


def _note_organ_owners(ps: ParsedSentence, owners: dict[str, str]) -> None:
    """Remember whose organ each state organ the sentence names is ("Japan's defence ministry",
    "the Brazilian Navy": ministry -> Japan, navy -> Brazil), for "the ministry" told later."""
    organs = word_class("state_organ_nouns")
    for it in ps.view.items:
        words = it.text.lower().split()
        if it.tag == "STATE" and len(words) > 1 and words[-1] in organs and "Actor" in it.ids:
            owners.setdefault(words[-1], it.ids["Actor"])  # the first named: the report's own state
    for t in ps.doc:
        if t.lower_ in organs and ps.mention(t) is None:
            for state in _states_on(ps, t, _STATE_TAGS):
                owners.setdefault(t.lower_, state)


_ARMED_SERVICES = frozenset({"army", "navy", "military", "force", "guard"})


def _main_state(an: DocAnalysis, organ: str) -> str | None:
    """The state the report names most often (at least three times and more than any other):
    whose "government" or "navy" an unnamed organ is, when no sentence names its owner; for an
    armed service, else the state most of the report's places lie in, by the same measure ("the
    army" of a report on Colchane, Iquique and Santiago that names Chile once; a ministry may pay
    for moves to places abroad)."""
    named = _leader(_state_mentions(an))
    if named is not None or organ not in _ARMED_SERVICES:
        return named
    counts, countries = _countries_of_places(an)
    leader = _leader(counts)
    if leader is None:
        return None
    an.specs.setdefault(leader, countries[leader].actor)  # a state the report never names itself
    return leader


def _leader(counts: dict[str, int]) -> str | None:
    ranked = sorted(counts.items(), key=lambda kv: -kv[1])
    if not ranked or ranked[0][1] < 3 or len(ranked) > 1 and ranked[1][1] == ranked[0][1]:
        return None
    return ranked[0][0]


def _state_mentions(an: DocAnalysis) -> dict[str, int]:
    counts: dict[str, int] = {}
    for it in an.items:
        if it.tag in ("CTRY", "STATE", "ADJ", "CAP") and "Actor" in it.ids:
            counts[it.ids["Actor"]] = counts.get(it.ids["Actor"], 0) + 1
    return counts


def _countries_of_places(an: DocAnalysis) -> tuple[dict[str, int], dict]:
    """State actor id -> mentions of places and bases that lie in it (and of the country
    itself), and actor id -> its Country."""
    gaz = load_gazetteer()
    counts: dict[str, int] = {}
    countries = {}
    for it in an.items:
        name = None if it.coref else place_country(gaz, it)
        country = gaz.country(name) if name else None
        if country is not None:
            counts[country.actor.id] = counts.get(country.actor.id, 0) + 1
            countries[country.actor.id] = country
    return counts, countries


_TOPIC_PREPS = frozenset({"on", "about", "over", "regarding", "concerning", "for"})
_VENUE_PREPS = frozenset({"in", "at"})


def _topic_roots(trigger) -> list:
    """Where the talks' subject matter is told: the object and its clauses ("negotiating a deal
    to rebuild the runway at X"), a clause the verb takes ("agreed that the ships can use X",
    "met to discuss X"), and on / about / over / regarding phrases ("talks on access to X")."""
    roots = []
    for x in trigger.children:
        if x.dep_ in ("dobj", "xcomp", "ccomp", "advcl", "acl") or (
                x.dep_ == "prep" and x.lower_ in _TOPIC_PREPS):
            roots.append(x)
    if trigger.pos_ in ("NOUN", "PROPN") and trigger.dep_ in ("dobj", "attr"):  # "held talks ... on X"
        roots.extend(x for x in trigger.head.children if x.dep_ == "prep" and x.lower_ in _TOPIC_PREPS)
    return roots


def _talked_about(ev: Event, c: Candidate, ps: ParsedSentence, an: DocAnalysis) -> None:
    """ABOUT from every base or place named inside what the talks are about (guide 7: the bases
    or equipment discussed), not only the word the frame reads: "a deal to rebuild the runway at
    Riyan", "over keeping Tartus and Hmeimim", "a floating dock for Trincomalee". The venue of
    the talks ("met in Moscow") and the parties' own countries are not what is discussed."""
    parties = {x.split(":", 1)[1] for x in ev.roles.get("PARTICIPANT", [])}
    about = ev.roles.setdefault("ABOUT", [])
    seen: set[int] = set()
    added = False
    for root in _topic_roots(c.trigger):
        for t in root.subtree:
            m = ps.mention(t)
            if m is None and t.lower_ in word_class("facility_plurals") and t.i not in seen:
                seen.add(t.i)
                states = _states_on(ps, t, _STATE_TAGS)  # "the fate of China's bases": the bases the report says are China's
                if states:
                    an.bases_discussed[id(ev)] = states[-1]
            if m is None or id(m) in seen or m.tag not in _TOPIC_TAGS:
                continue
            seen.add(id(m))
            if _venue_or_party(t, c.trigger, ps) or _broad_area_in(t, m):
                continue
            for x in m.expand():
                eid = x.id_for("Base", "Place") if x.tag != "EQ" else x.ids.get("Equipment")
                if eid is None or eid in about or (x.tag == "CTRY" and eid.split(":", 1)[1] in parties):
                    continue
                if x.tag == "EQ" and (x.entry is None or x.entry.generic):
                    continue
                about.append(eid)
                added = True
    if not about:
        del ev.roles["ABOUT"]
    elif added:
        ev.rules.append("talks.about-topic")


_TOPIC_TAGS = frozenset({"BASE", "PLACE", "EQ"})
_ACTOR_TAGS = ("STATE", "CTRY", "CAP", "ORG", "PER")


def _talk_parties(ev: Event, c: Candidate, ps: ParsedSentence, an: DocAnalysis) -> None:
    """PARTICIPANT from the clause when the frame's roles miss a party (guide 7: the states or
    groups the text names as parties): the subject of the verb that holds "a round of talks";
    officials of a state who negotiate ("Russian officials are negotiating with X": Russia); the
    state whose facility is negotiated ("talks on a Russian naval hub": Russia), unless the talks
    are told as leaders' (a person among the parties: only the persons are listed)."""
    parties = ev.roles.setdefault("PARTICIPANT", [])
    before = len(parties)
    t = c.trigger
    if t.dep_ == "pobj" and t.head.lower_ == "of" and t.head.head.lower_ in word_class("measure_nouns") \
            and t.head.head.dep_ in ("dobj", "attr"):
        verb = t.head.head.head  # "held a round of talks": who held them
        for subj in (x for x in verb.children if x.dep_ == "nsubj"):
            _add_actors(ps, subj, parties)
    subj = _governing_subject(t) if t.pos_ in ("VERB", "AUX") else None
    if subj is not None and subj.lower_ in ("they", "we") and subj.head.dep_ == "ccomp":
        # "Russian officials have said they are negotiating": the speakers are the party
        subj = next((x for x in subj.head.head.children if x.dep_ == "nsubj"), subj)
    m = ps.mention(subj) if subj is not None else None
    if m is not None and m.tag == "SRC":
        state = _demonym_state(m.text.split()[0])
        if state and state not in parties:
            parties.append(state)
    leaders = any(getattr(an.specs.get(x), "kind", None) == "person" for x in parties)
    if not leaders:
        facilities = _facility_words()
        for root in _topic_roots(t):
            for x in root.subtree:
                if x.lower_ in facilities:
                    add_new(parties, _states_on(ps, x, _COUNTRY_TAGS))
    if len(parties) < 2:
        add_new(parties, _host_states(ps, t))
    if len(parties) > before:
        ev.rules.append("talks.parties-from-clause")
    elif not parties:
        del ev.roles["PARTICIPANT"]


def _host_states(ps: ParsedSentence, t) -> list[str]:
    """The state whose capital the talks are held in ("talks with Moscow would resume in Damascus"):
    the host is a party, for talks that name fewer than two (two parties meeting in a third
    capital are not joined by it)."""
    out = []
    for word in (t, t.head):
        for p in word.children:
            if p.dep_ == "prep" and p.lower_ == "in":
                for o in p.children:
                    m = ps.mention(o) if o.dep_ == "pobj" else None
                    if m is not None and m.tag == "CAP" and "Actor" in m.ids:
                        out.append(m.ids["Actor"])
    return out


def _add_actors(ps: ParsedSentence, t, into: list[str]) -> None:
    for x in [t, *(y for y in t.subtree if y.dep_ == "conj")]:
        m = ps.mention(x)
        if m is not None and m.tag in _ACTOR_TAGS:
            for it in m.expand():
                eid = it.ids.get("Actor")
                if eid and eid not in into:
                    into.append(eid)


def _broad_area_in(t, m) -> bool:
    """'maritime security in the Gulf of Guinea', 'its role in the Sahel': a sea or a broad region
    in an in-phrase is where an activity goes on, not a facility or place discussed (one on or
    at a sea, "a supply point on the Red Sea", still is)."""
    return t.dep_ == "pobj" and t.head.lower_ in ("in", "across", "throughout") and m.entry is not None \
        and m.entry.kind in ("sea", "region")


_LOCATING_PREPS = frozenset({"near", "outside", "off", "beside", "opposite"})
_COMPASS_WORDS = frozenset({"north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest",
                            "north-east", "north-west", "south-east", "south-west"})


def _venue_or_party(t, trigger, ps: ParsedSentence) -> bool:
    """A name in a with / between phrase is a party's ("cooperation with the government in X"); one
    in an in / at phrase of the talks' own verbs is where they met ("signed in Colombo")."""
    talking = word_class("talking_verbs")
    for a in t.ancestors:
        if a.i == trigger.i:
            return False
        if a.dep_ == "prep" and a.lower_ in ("with", "between"):
            return True
        if a.dep_ == "prep" and (a.lower_ in _LOCATING_PREPS or a.lower_ == "of" and a.head.lower_ in _COMPASS_WORDS):
            return True  # "Suakin, south of Port Sudan": a place that only locates another
        if a.dep_ == "prep" and a.lower_ in _VENUE_PREPS and ps.mention(a.head) is not None \
                and ps.mention(a.head).tag in _ACTOR_TAGS:
            return True  # "met X in Y": the parser hangs the venue on the one met
        if a.dep_ == "prep" and a.lower_ in _VENUE_PREPS and a.head.pos_ in ("VERB", "AUX") and (
                a.head.i in (trigger.i, trigger.head.i) or not talking.isdisjoint(lemma_candidates(a.head.text)[:3])):
            return True
    return False


_SUBJECTS = ("nsubj", "csubj")


def _governing_subject(trigger):
    """The subject of the clause that tells the event: the trigger's own, or that of the verb it
    completes ("plans to build", "helped rebuild"), or the noun a relative clause hangs on
    ("Kenya, which helped rebuild ..."). None for a passive (guide 7: no agent, no BY) or a noun."""
    t = trigger
    if t.pos_ not in ("VERB", "AUX"):
        return None
    for _ in range(3):
        if any(c.dep_ in ("nsubjpass", "auxpass") for c in t.children):
            return None
        subj = next((c for c in t.children if c.dep_ in _SUBJECTS), None)
        if subj is not None:
            if subj.lower_ in ("which", "who", "that") and t.dep_ == "relcl":
                return t.head
            return subj
        if t.dep_ != "xcomp":
            return None
        t = t.head
    return None


def _clause_actor(ev: Event, c: Candidate, ps: ParsedSentence, an: DocAnalysis, owners: dict[str, str]) -> None:
    """BY from the clause when the frame's roles left it empty (guide 7: the state that carries
    the event out, named or clearly implied): a subject an unnamed state organ ("the ministry
    plans to build" after "Japan's defence ministry"), or an actor that a relative clause or a
    completing verb hides ("India, which helped rebuild the runway"); for a Construction, the
    state whose facility it is ("whether a Turkish naval base should be established")."""
    subj = _governing_subject(c.trigger)
    actor = rule = None
    if subj is not None:
        m = ps.mention(subj)
        if m is not None and m.tag in ("STATE", "CTRY", "CAP") and "Actor" in m.ids and c.label == "Construction":
            # (a mover's subject the frames read already; a receiver's is no BY)
            actor, rule = m.ids["Actor"], "by.clause-subject"
        elif m is None and subj.text[:1].isupper() and subj.lower_.endswith("s") \
                and _demonym_state(subj.text[:-1]) is not None:
            actor, rule = _demonym_state(subj.text[:-1]), "by.plural-demonym"  # "the Saudis fly C-130s"
        elif m is None and subj.lower_ in word_class("state_organ_nouns"):
            actor, rule = owners.get(subj.lower_), "by.state-organ"
            if actor is None:
                actor, rule = _main_state(an, subj.lower_), "by.state-organ-main"
    if actor is None and c.label == "Construction":
        facilities = _facility_words()
        for o in (x for x in c.trigger.children if x.dep_ in ("nsubjpass", "dobj") and x.lower_ in facilities):
            states = _states_on(ps, o, _COUNTRY_TAGS)
            if states:
                actor, rule = states[0], "by.facility-owner"
    if actor is None and c.label == "Construction":
        actor, rule = _funded_by(c.trigger, ps), "by.funded-with"
    if actor is not None:
        ev.roles["BY"] = [actor]
        ev.rules.append(rule)


def _funded_by(trigger, ps: ParsedSentence) -> str | None:
    """'is being expanded with US funding', 'rebuilt with Chinese money': the state that pays for
    the works has them built (guide 7: on whose behalf it happens)."""
    for p in (x for x in trigger.children if x.dep_ == "prep" and x.lower_ == "with"):
        for o in (x for x in p.children if x.dep_ == "pobj" and x.lower_ in word_class("funding_nouns")):
            states = _states_on(ps, o, _STATE_TAGS)
            if states:
                return states[0]
    return None


_STATE_TAGS = ("ADJ", "CTRY", "STATE", "CAP")  # mentions that can name a state
_COUNTRY_TAGS = ("ADJ", "CTRY", "STATE")  # the same without a capital


def _states_on(ps: ParsedSentence, t, tags: tuple[str, ...]) -> list[str]:
    """The states a word's modifiers name, in the sentence's order: "China's bases", "a Turkish
    naval base", "with US funding"."""
    out = []
    for x in t.children:
        m = ps.mention(x) if x.dep_ in ("amod", "poss", "compound") else None
        if m is not None and m.tag in tags and "Actor" in m.ids:
            out.append(m.ids["Actor"])
    return out


def _facility_words() -> frozenset[str]:
    return word_class("facility_nouns") | word_class("base_nouns")


# "building is due to start in", "work is planned to start", "the upgrade will begin":
# the start of the works a Construction event tells
@lru_cache(maxsize=1)
def _work_starts() -> re.Pattern[str]:
    """The pattern built once from the work nouns of common.yaml (word_classes.work_nouns)."""
    nouns = "|".join(sorted(map(re.escape, word_class("work_nouns"))))
    return re.compile(rf"\b(?:{nouns})\s+"
                      r"(?:is|are|was|will|would|should|could|has|have|had|to|be|been|being|expected|scheduled|"
                      r"planned|due|set|likely|slated|now|\s)*?(?:to\s+)?(?:begin|start|commence|get under way)\s+$", re.I)


def _date_the_work_from_its_start(ps: ParsedSentence, out: list[Event], published: str | None,
                                  tellings: _Tellings) -> None:
    """A planned construction told with no date of its own takes the date its works are said to
    start, in the same sentence or the next ("plans to lengthen the runway. Work is planned to
    start in 2027"): the date the text supports for the plan (guide 9)."""
    text = ps.view.text
    if "begin" not in text and "start" not in text and "commence" not in text and "under way" not in text:
        return
    index = ps.view.index
    for h in find_dates(text, published):
        before = text[max(0, h.start - 90):h.start]
        before = re.sub(r"\b(?:in|on|by|from|during|early|late|next)\s+$", "", before, flags=re.I)
        if h.value is None or not _work_starts().search(before):
            continue
        work = next((e for e in reversed(out) if e.label == "Construction"
                     and 0 <= index - (_or(tellings.sentence(e), -9)) <= 1), None)
        if work is not None and work.date is None and work.modality == "planned":
            work.date, work.date_precision = plan_date(h, published), h.precision
            work.rules.append("construction.start-date")
        return


_TOLD = ("confirmed", "reported")


def _expected_arrival_joins_the_trip(made: list[tuple[Candidate, Event]], out: list[Event]) -> None:
    """'The ship sailed from X on Monday and should berth at Y within days': a trip under way and
    where it is due are one trip (guide 7), told with the departure's certainty and date; the
    expected arrival gives it its destination."""
    for i, (_, trip) in enumerate(made):
        if trip.label not in _TRIPS or trip.modality not in _TOLD or trip.roles.get("TO") or not trip.roles.get("USING"):
            continue
        for _, due in made[i + 1:]:
            if due.label != trip.label or due.modality != "planned" or not due.roles.get("TO") \
                    or not set(due.roles.get("USING", [])) & set(trip.roles["USING"]) \
                    or any(x not in trip.roles.get("FROM", []) for x in due.roles.get("FROM", [])):
                continue
            for role, xs in due.roles.items():
                add_new(trip.roles.setdefault(role, []), xs)
            trip.rules.extend([*(r for r in due.rules if r not in trip.rules), "trip.due-at"])
            out[:] = [e for e in out if e is not due]
            break


_MOVEMENTS = frozenset({"Deployment", "Withdrawal", "Transfer"})


def _share_with_the_trip_it_rides(made: list[tuple[Candidate, Event]]) -> None:
    """'soldiers started landing at X aboard chartered planes from Y', 'troops left X aboard two ships':
    the movement and the trip it rides on are one happening told as a trip and as its frame
    (guide 7, D8: both annotated with the same fillers), so each takes the other's fillers."""
    for trip_c, trip in made:
        t = trip_c.trigger
        if trip.label not in _TRIPS or t.dep_ != "pobj" or t.head.lower_ not in word_class("riding_prepositions"):
            continue
        for frame_c, frame in made:
            if frame.label not in _MOVEMENTS or frame_c.trigger.i != _verb_above(t.head).i \
                    or not _same_certainty(frame, trip):
                continue
            for a, b in ((frame, trip), (trip, frame)):
                for role, xs in a.roles.items():
                    add_new(b.roles.setdefault(role, []), xs)
            trip.rules.append("trip.ridden")
            if trip.date is None:
                trip.date, trip.date_precision = frame.date, frame.date_precision


def _verb_above(t):
    """The first verb at or above ``t`` ("arriving" for "on 12 April on chartered flights", which the
    parser may hang on the date)."""
    while t.pos_ not in ("VERB", "AUX") and t.head.i != t.i:
        t = t.head
    return t


_LEAD = 3  # the title's story is told again within the first sentences of the body


_ANAPHORA_WINDOW = 4  # sentences back to the items "the vehicles" points to


def _cargo_told_before(ev: Event, ps: ParsedSentence, previous: list[Event], an: DocAnalysis, lex,
                       tellings: _Tellings) -> None:
    """'... delivered BTR-82A and Tigr trucks. The vehicles will be driven to Bamako.': generic
    cargo with a definite determiner stands for the named items the nearest earlier event
    carried, of the categories it can name (guide 5, 7: an umbrella the text specifies gives
    the specific items; a clear coreference is resolved)."""
    carried = ev.roles.get("CARRIED") or []
    for gid in [x for x in carried if _definite_generic(x, ps, an, lex)]:
        allowed = lex.anaphora_categories.get(an.specs[gid].kind)
        named = _named_cargo_before(ps.view.index, previous, an, allowed, tellings)
        if named:
            at = carried.index(gid)
            carried[at:at + 1] = [x for x in named if x not in carried]
            ev.rules.append("cargo.told-before")


def _definite_generic(eid: str, ps: ParsedSentence, an: DocAnalysis, lex) -> bool:
    entry = an.specs.get(eid)
    if entry is None or not entry.generic:
        return False
    head = entry.name.split()[-1]  # "howitzers" is named "artillery": a word of its category names it too
    words = {head} | ({w for w, c in lex.cargo_nouns.items() if c == entry.kind} if entry.kind != "other" else set())
    return any(t.lower_ in words and _names_only(ps, t, eid) and any(
        d.dep_ == "det" and d.lower_ in lex.anaphora_determiners for d in t.children) for t in ps.doc)


def _names_only(ps: ParsedSentence, t, eid: str) -> bool:
    """The word names no item but the generic one ("the howitzers" is the generic artillery)."""
    m = ps.mention(t)
    return m is None or m.ids.get("Equipment") == eid


def _named_cargo_before(index: int, previous: list[Event], an: DocAnalysis, allowed, tellings: _Tellings) -> list[str]:
    """The named equipment the nearest earlier event within the window carried, of the allowed
    categories (None: any)."""
    for p in reversed(previous):
        if not 0 < index - _told_at(p, tellings) <= _ANAPHORA_WINDOW:
            continue
        named = [x for x in p.roles.get("CARRIED") or [] if _named_equipment(x, an, allowed)]
        if named:
            return named
    return []


def _named_equipment(eid: str, an: DocAnalysis, allowed) -> bool:
    entry = an.specs.get(eid)
    if not eid.startswith("equipment:") or entry is None or entry.generic:
        return False
    category = entry.properties.get("category") or entry.kind
    return allowed is None or category in allowed


def _headline_into_trip(events: list[Event], an: DocAnalysis, tellings: _Tellings) -> list[Event]:
    """'Turkey sends drones to Sudan via Port Sudan' over 'the ro-ro X docked at Port Sudan':
    the title's move with no vehicle of its own is the trip the lead tells (guide 7: one
    happening told twice is one event). It joins the first trip of the body, told within three
    sentences, that goes to or through a place the title names, with no other mover."""
    out = list(events)
    for t in [e for e in events if _in_title(e, tellings) and e.label == "Transfer" and not e.roles.get("USING")]:
        places = {_name(x, an) for r in ("TO", "VIA") for x in t.roles.get(r, [])}
        trip = next((e for e in events if e.label in _TRIPS and not _in_title(e, tellings)
                     and _told_at(e, tellings) <= _LEAD
                     and places & {_name(x, an) for r in ("TO", "VIA") for x in e.roles.get(r, [])}
                     and _same_certainty(e, t)), None)
        if trip is None or (t.roles.get("BY") and trip.roles.get("BY") and not set(t.roles["BY"]) & set(trip.roles["BY"])):
            continue
        told = {_name(x, an) for r in ("FROM", "TO", "VIA") for x in trip.roles.get(r, [])}
        for role, xs in t.roles.items():
            if role in ("FROM", "TO", "VIA"):
                xs = [x for x in xs if _name(x, an) not in told]
            add_new(trip.roles.setdefault(role, []), xs)
        trip.rules.append("trip.told-in-title")
        trip.evidence = f"{t.evidence} ... {trip.evidence}"
        out.remove(t)
    return out


def _told_at(ev: Event, tellings: _Tellings) -> int:
    """The sentence an event was read from (0 is the headline); one read elsewhere counts as late."""
    return _or(tellings.sentence(ev), 99)


def _in_title(ev: Event, tellings: _Tellings) -> bool:
    t = tellings.of(ev)
    return t is not None and t.in_title


def _or(index: int | None, default: int) -> int:
    return default if index is None else index


_TRIPS = ("Flight", "Voyage")
_NEAR = 3  # sentences between two tellings of one trip


def _merge_retold_trips(events: list[Event], an: DocAnalysis, tellings: _Tellings) -> list[Event]:
    """One trip told over a few sentences is one event (guide 7): "a Russian cargo ship has
    delivered armour to X" then "the ro-ro Y berthed at X after a passage from Z" then "the ship
    was carrying W". A trip joins the trip of the same label told up to three sentences before
    when nothing clashes: its vehicle is the same or left unnamed by one of them, every place
    role names the same place (by name: the port and the city of X are one) or is told by one
    only, the movers agree, and neither is "another" vehicle. A trip of a named vehicle that
    starts where that vehicle's last trip ended is a new leg (_continue_trip), not a retelling."""
    out: list[Event] = []
    for ev in events:
        prev = None
        telling = tellings.of(ev)
        if ev.label in _TRIPS and not (telling is not None and telling.another) and "trip.continues" not in ev.rules:
            prev = next((p for p in reversed(out) if p.label == ev.label and _retold(p, ev, an, tellings)), None)
        if prev is None:
            out.append(ev)
            continue
        for role, xs in ev.roles.items():
            lst = prev.roles.setdefault(role, [])
            lst.extend(x for x in xs if x not in lst and not _same_name_in(x, lst, an))
            if role in ("FROM", "TO", "VIA"):  # the port of X rather than the city X: the most specific
                prev.roles[role] = _prefer_bases(prev.roles[role], an)
        prev.rules.extend([*(r for r in ev.rules if r not in prev.rules), "trip.retold"])
        add_new(prev.attributed_to, ev.attributed_to)
        if ev.evidence and ev.evidence not in prev.evidence:
            prev.evidence = f"{prev.evidence} ... {ev.evidence}"
        if ev.date and (prev.date is None or (len(ev.date) > len(prev.date) and ev.date.startswith(prev.date))):
            prev.date, prev.date_precision = ev.date, ev.date_precision  # the more precise telling
        if prev.count is None and ev.count:
            prev.count = ev.count
        if MODALITY_RANK.get(ev.modality, 9) < MODALITY_RANK.get(prev.modality, 9):
            prev.modality, prev.confidence = ev.modality, ev.confidence
    return out


def _name(eid: str, an: DocAnalysis) -> str:
    """A place's name without its facility words: the port of X, X airport and X are one place
    for telling whether two tellings of a trip agree."""
    entry = an.specs.get(eid)
    words = (entry.name if entry is not None else eid.split(":", 1)[-1].replace("-", " ")).lower().split()
    dropped = word_class("facility_name_words")
    return " ".join(w for w in words if w not in dropped) or " ".join(words)


def _same_name_in(eid: str, ids: list[str], an: DocAnalysis) -> bool:
    return any(_name(x, an) == _name(eid, an) for x in ids)


def _prefer_bases(ids: list[str], an: DocAnalysis) -> list[str]:
    bases = {_name(x, an) for x in ids if x.startswith("base:")}
    return [x for x in ids if x.startswith("base:") or _name(x, an) not in bases]


def _same_certainty(a: Event, b: Event) -> bool:
    """Told as fact (confirmed or reported) by both, or hedged, planned or denied alike."""
    told = ("confirmed", "reported")
    return a.modality == b.modality or (a.modality in told and b.modality in told)


def _retold(p: Event, ev: Event, an: DocAnalysis, tellings: _Tellings) -> bool:
    told, now = tellings.sentence(p), tellings.sentence(ev)
    if told is None or now is None or not 0 <= now - told <= _NEAR or not _same_certainty(p, ev):
        return False
    if p.date and ev.date and p.date[:4] != ev.date[:4]:
        return False  # the days may differ: a voyage leaves on one and docks on another
    pu, eu = p.roles.get("USING", []), ev.roles.get("USING", [])
    if pu and eu and not set(pu) & set(eu):
        return False
    if eu and (p.count or 1) > len(eu) or pu and (ev.count or 1) > len(pu):
        return False  # "a dozen sorties" and one named airframe's trip are not one trip; "two
        # cargo ships docked" and "the Sparta IV and the Ursa Major left Tartus" are
    for role in ("FROM", "TO", "BY", "OPERATED_BY"):
        a, b = p.roles.get(role, []), ev.roles.get(role, [])
        if a and b and not {_name(x, an) for x in a} & {_name(x, an) for x in b}:
            return False
    # the earlier trip ends where the later one starts: a next leg, not the same trip
    if set(p.roles.get("TO", [])) & set(ev.roles.get("FROM", [])):
        return False
    same_end = {_name(x, an) for x in p.roles.get("TO", [])} & {_name(x, an) for x in ev.roles.get("TO", [])}
    return bool(pu or eu or same_end)


_CARGO_LISTED = "transfer.cargo-listed"


def _names_a_vehicle(c: Candidate, ps: ParsedSentence) -> bool:
    """Does the clause name an aircraft or ship of its own ("loaded into an An-124")?"""
    for t in c.trigger.subtree:
        m = ps.mention(t)
        if m is not None and vehicle_type(m) is not None:
            return True
    return False


def _cargo_of_last_trip(ev: Event, c: Candidate, previous: list[Event], index: int, ps: ParsedSentence,
                        tellings: _Tellings) -> bool:
    """'The ferry X docked at Y. We unloaded food and fuel.': goods moved with no vehicle of
    their own, told just after a named ship's or airframe's trip and going nowhere else, are
    that trip's cargo (one event per trip, guide 7). Adds them to the trip; True when it did."""
    if ev.label != "Transfer" or c.vehicle or ev.roles.get("USING") or not ev.roles.get("CARRIED") or (
            c.frame.id != _CARGO_LISTED and _names_a_vehicle(c, ps)):
        return False
    trip = next((p for p in reversed(previous[-4:]) if p.label in ("Flight", "Voyage")), None)
    if trip is None or not any(x.startswith(("vessel:", "aircraft:")) for x in trip.roles.get("USING", [])):
        return False
    told = tellings.sentence(trip)
    if told is None or index - told > 2 or not _same_certainty(ev, trip):
        return False
    places = set(trip.roles.get("FROM", [])) | set(trip.roles.get("TO", [])) | set(trip.roles.get("VIA", []))
    if any(x not in places for r in ("FROM", "TO", "VIA") for x in ev.roles.get(r, [])):
        return False
    if ev.roles.get("BY") and trip.roles.get("BY") and not set(ev.roles["BY"]) & set(trip.roles["BY"]):
        return False
    for role, xs in ev.roles.items():
        add_new(trip.roles.setdefault(role, []), xs)
    trip.rules.extend([*(r for r in ev.rules if r not in trip.rules), "trip.cargo-told-after"])
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


_LEG_REACH = 3  # sentences back to the leg an onward one continues


def _onward_leg(ev: Event, c: Candidate, previous: list[Event], index: int, tellings: _Tellings) -> None:
    """'... landed at Kufra. The aircraft then flew on to Nyala', 'the ships will sail on to X',
    'it flew back to Minsk': a leg told as onward or back, with no start of its own, starts
    where the last trip told in the sentences just before ended; after a named airframe's or
    ship's trip it is that vehicle's leg, and keeps its vehicle and actors when it names none
    (guide 7: FROM, the most specific place)."""
    if ev.label not in _TRIPS + ("Transfer",) or ev.roles.get("FROM") or not ev.roles.get("TO") or not _onward(c.trigger):
        return
    passed = set(ev.roles["TO"]) | set(ev.roles.get("VIA", []))  # "after a stopover in X, on to Y": not from X
    for prev in reversed(previous):
        back = index - _told_at(prev, tellings)
        if back == 0:
            continue  # a leg of the same sentence: the parse told its start already
        if back > _LEG_REACH:
            return
        ends = [x for x in prev.roles.get("TO", []) if x not in passed]
        if prev.label in _TRIPS + ("Transfer",) and ends:
            ev.roles["FROM"] = ends
            if prev.label == ev.label and any(x.startswith(("aircraft:", "vessel:")) for x in prev.roles.get("USING", [])):
                for r in ("USING", "BY", "OPERATED_BY"):
                    if prev.roles.get(r) and not ev.roles.get(r):
                        ev.roles[r] = list(prev.roles[r])
            ev.rules.append("trip.onward-leg")
            return


def _onward(trigger) -> bool:
    """The verb tells an onward or return leg: 'flew on', 'sailed onward', 'went back', 'continued to'."""
    return any(w in word_class("onward_verbs") for w in lemma_candidates(trigger.text)[:2]) or any(
        x.dep_ in ("advmod", "prt") and x.lower_ in word_class("onward_adverbs") for x in trigger.children)


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
