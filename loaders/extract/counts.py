"""The trip count of a Flight or Voyage (guide 10): one trip per aircraft or ship movement.

Read from the trigger's clause, in this order: a number of times ("four times", "on three
occasions", "twice"); a number on a trip noun the trigger governs ("made three trips",
"64 flights have taken", "received 46 flights", "on two Il-76 flights", "a dozen more sorties");
none for a repeated or ongoing run with no number ("two aircraft have been shuttling",
"planes arrive every week", "twice a week"); else the number of vehicles the subject names ("two frigates
docked") or of named airframes and ships moving; else one for a single vehicle told
("an An-124 touched down", "left aboard an A400M").
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from milgraph.loaders.extract.dates import day_of_month, month_name
from milgraph.loaders.extract.event_engine import NUMBER_WORDS
from milgraph.loaders.extract.event_frames import word_class

if TYPE_CHECKING:
    from spacy.tokens import Token

    from milgraph.loaders.extract.event_engine import Candidate

_TIMES_WORDS = {"twice": 2, "thrice": 3}


def trip_count(c: Candidate) -> int | None:
    """The number of trips the event ``c`` tells, None when it is no trip or the text leaves it open."""
    if c.label not in ("Flight", "Voyage"):
        return None
    tok = c.trigger
    times = _times(tok)
    if times:
        return times
    for t in _trip_nouns(tok):
        n = _number_of(t)
        if n:
            return n
    if _repeated(tok) or any(t.lower_ in (*_TIMES_WORDS, "times") and _a_rate(t) and _same_clause(t, tok) for t in tok.subtree):
        return None  # a run told as ongoing ("the freighters keep shuttling to X"): the trips are not counted
    if c.vehicles:
        return max(c.vehicles, _coordinated_vehicles(tok))
    if (c.subject_types or _vehicle_noun_subject(tok)) and any(x.startswith("equipment:") for x in c.roles.get("USING", [])):
        n = _subject_number(tok)
        if n:
            return n  # "three Il-76s landed": one trip per aircraft
    named = [x for x in c.roles.get("USING", []) if x.startswith(("aircraft:", "vessel:"))]
    if named:
        return len(named)
    if c.roles.get("USING") and _one_vehicle(tok):
        return 1
    return None


def _times(tok: Token) -> int | None:
    """'flew there four times', 'landed on three occasions', 'twice', 'twice this week'; a leg
    hanging on a counted trip with no subject of its own repeats with it ("flew to X four times,
    each time returning to Y")."""
    n = _own_times(tok)
    if n is None and tok.dep_ in ("advcl", "conj", "xcomp") and tok.head.pos_ in ("VERB", "AUX") and not any(
            c.dep_ in ("nsubj", "nsubjpass") for c in tok.children):
        n = _own_times(tok.head)
    return n


def _own_times(tok: Token) -> int | None:
    for t in tok.subtree:  # "twice this week": the parser may hang the adverb on the time noun
        if t.lower_ in _TIMES_WORDS and _same_clause(t, tok) and not _a_rate(t):
            return _TIMES_WORDS[t.lower_]
    for ch in tok.children:
        for t in [ch, *(x for x in ch.children if x.dep_ == "pobj")] if ch.dep_ in ("npadvmod", "prep", "dobj") else []:
            if t.lower_ in ("times", "occasions") and not _a_rate(t):
                n = _number_of(t)
                if n:
                    return n
    return None


_PER = frozenset({"a", "an", "per", "each", "every"})


def _a_rate(t: Token) -> bool:
    """'twice a week', 'three times per month': a frequency, not a number of trips."""
    nxt = t.doc[t.i + 1:t.i + 3]
    return len(nxt) == 2 and nxt[0].lower_ in _PER and nxt[1].lower_ in word_class("period_nouns")


def _same_clause(t: Token, tok: Token) -> bool:
    """No verb stands between ``t`` and the trigger ``tok`` above it."""
    for a in t.ancestors:
        if a.i == tok.i:
            return True
        if a.pos_ in ("VERB", "AUX"):
            return False
    return False


def _trip_nouns(tok: Token) -> list[Token]:
    """The trigger when it is a trip noun, and trip nouns it governs as subject, object or the
    object of a preposition ("on two Il-76 flights")."""
    trip_nouns = word_class("trip_count_nouns")
    out = [tok] if tok.lower_ in trip_nouns else []
    for ch in tok.children:
        if ch.dep_ in ("nsubj", "nsubjpass", "dobj") and ch.lower_ in trip_nouns:
            out.append(ch)
        if ch.dep_ in ("prep", "agent"):
            out.extend(x for x in ch.children if x.dep_ == "pobj" and x.lower_ in trip_nouns)
    return out


def _number_of(t: Token) -> int | None:
    """'four flights', '64 flights', 'a dozen more sorties', 'half a dozen trips'."""
    for left in t.lefts:
        if left.dep_ not in ("nummod", "quantmod", "amod", "det", "npadvmod") and not month_name(left):
            continue  # a month the parser hung on the noun ("On 6 March two C-17 aircraft") may hold the number
        for ch in left.subtree:
            if month_name(ch) or day_of_month(ch):
                continue  # "6 March": a date, not a number of vehicles
            n = _number_word(ch.lower_) if ch.lower_ != "a" else None
            if n is None and ch.lower_ == "single" and ch.dep_ == "amod":
                n = 1  # "for a single flight"
            if n:
                return 6 if ch.lower_ == "dozen" and any(x.lower_ == "half" for x in left.subtree) else n
    return None


_UNITS = {"thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
          "nineteen": 19}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}


def _number_word(n: str) -> int | None:
    """'64', '1,200', 'six', 'a dozen', 'forty', 'twenty-five'."""
    n = n.replace(",", "")
    if n.isdigit():
        return int(n)
    if n in NUMBER_WORDS or n in _UNITS or n in _TENS:
        return NUMBER_WORDS.get(n) or _UNITS.get(n) or _TENS.get(n)
    tens, _, unit = n.partition("-")
    if tens in _TENS and unit in NUMBER_WORDS and NUMBER_WORDS[unit] < 10:
        return _TENS[tens] + NUMBER_WORDS[unit]
    return None


def _repeated(tok: Token) -> bool:
    """A run told as ongoing or habitual: 'have been shuttling', 'arrive every week', 'fly weekly'."""
    if tok.lower_ in word_class("repeating_verbs"):
        return True
    if tok.tag_ == "VBG" and any(c.dep_ == "aux" and c.lower_ == "been" for c in tok.children):
        return True
    habit = word_class("habit_words")
    return any(t.lower_ in habit for c in tok.children if c.dep_ in ("advmod", "npadvmod", "prep") for t in c.subtree)


def _coordinated_vehicles(tok: Token) -> int:
    """'two destroyers and a supply ship arrived': the vehicles of a coordinated subject added up
    (a number, or one for a singular with an article or a name); 0 when the subject is not coordinated."""
    subj = next((c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subj is None:
        return 0
    parts = [subj, *(c for c in subj.conjuncts if c.dep_ == "conj")]
    if len(parts) < 2:
        return 0
    total = 0
    for p in parts:
        n = _number_of(p)
        if n is None and p.tag_ in ("NN", "NNP"):
            n = 1
        if n is None:
            return 0  # "destroyers and tankers": how many is not told
        total += n
    return total


def _subject_number(tok: Token) -> int | None:
    """The number on the trigger's subject ("three Il-76s", "two Udaloy-class destroyers"), not
    on a subject that counts trips or people ("two hundred troops" fill no USING)."""
    subj = next((c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subj is None or subj.lower_ in word_class("trip_count_nouns"):
        return None
    n = _number_of(subj)
    return n if n and n < 100 else None


def _vehicle_noun_subject(tok: Token) -> bool:
    """The subject is a plural vehicle noun that a type names ("two KC-390 aircraft flew", "three
    Type 054A ships sailed"): one trip per vehicle, as for "three Il-76s"."""
    subj = next((c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    return subj is not None and subj.lower_ in word_class("vehicle_plurals")


def _one_vehicle(tok: Token) -> bool:
    """The subject or the 'aboard/on' object is one vehicle: singular, with 'a', 'an', 'one' or
    'the' ("an Antonov An-124 touched down", "flew out aboard an A400M")."""
    cands = [c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")]
    cands += [x for c in tok.children if c.dep_ == "prep" and c.lower_ in ("aboard", "on", "in", "by")
              for x in c.children if x.dep_ == "pobj"]
    for c in cands:
        if c.tag_ in ("NN", "NNP") and any(d.dep_ == "det" and d.lower_ in ("a", "an", "one", "the") for d in c.children):
            return True
    return False
