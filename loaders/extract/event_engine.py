"""Events read from the dependency parse with the frames of :mod:`event_frames`.

A token whose lemma is a frame's verb (or noun) opens a candidate event. Its arguments are
read from grammatical relations: the subject (inherited through "plans to send", "and then
flew", a relative or participle clause), the object, the passive subject, the agent of a
passive, a possessor or modifier of a noun trigger, and the objects of its prepositions
(also those hanging off the object or chained after another route preposition: "from Syria to
Libya"). Each argument expands to its conjuncts; a noun with no mention of its own may be a
vehicle ("a Russian cargo plane": Russia, aircraft), generic cargo ("military equipment",
named by the text's phrase), personnel, or a place noun whose named place follows ("the port
of Tobruk", "bases in eastern Libya"). The frame's role rules map (relation, kind of filler)
to a role; :func:`coerce` puts a filler that cannot hold its role where it belongs. The label
is the frame's, changed by its ``relabel`` conditions (an aircraft moving: Flight).

This module only builds :class:`Candidate` events; :mod:`events` adds modality, dates and
counts and merges them.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import TYPE_CHECKING

from milgraph.loaders.extract import rule_index
from milgraph.loaders.extract.dates import day_of_month
from milgraph.loaders.extract.event_frames import Frame, FrameSet, RoleRule, word_class
from milgraph.loaders.gazetteer import GazEntry, load_gazetteer

if TYPE_CHECKING:
    from spacy.tokens import Token

    from milgraph.loaders.extract.mentions import DocAnalysis, Item
    from milgraph.loaders.extract.parsed import ParsedSentence

IRREGULAR = {
    "flew": "fly", "flown": "fly", "sent": "send", "brought": "bring", "left": "leave", "went": "go", "gone": "go",
    "came": "come", "drove": "drive", "driven": "drive", "took": "take", "taken": "take", "met": "meet",
    "held": "hold", "began": "begin", "begun": "begin", "built": "build", "rebuilt": "rebuild", "withdrew": "withdraw",
    "withdrawn": "withdraw", "sought": "seek", "made": "make", "overflew": "overfly", "overflown": "overfly",
    "undertook": "undertake", "dealt": "deal", "spoke": "speak", "led": "lead", "set": "set", "put": "put",
    "ran": "run", "got": "get", "hit": "hit", "bore": "bear", "laid": "lay", "lay": "lie", "spent": "spend",
    "was": "be", "were": "be", "is": "be", "are": "be", "been": "be",
}
NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
                "ten": 10, "eleven": 11, "twelve": 12, "dozen": 12, "a dozen": 12, "half a dozen": 6, "twenty": 20}
DIRECTION_PREPS = frozenset({"from", "to", "into", "onto", "toward", "towards", "via", "through", "for", "out of",
                             "away from", "aboard", "on board", "between"})


@dataclass
class Candidate:
    """One event read from one trigger (before modality, date and merging)."""

    frame: Frame
    trigger: "Token"
    label: str
    roles: dict[str, list[str]] = field(default_factory=dict)
    rules: list[str] = field(default_factory=list)
    vehicle: str | None = None  # aircraft, ship or land
    vehicles: int | None = None  # how many vehicles the subject names ("two frigates")
    personnel: bool = False
    negated: bool = False
    between: list[str] = field(default_factory=list)
    subject_types: list[str] = field(default_factory=list)  # aircraft types / classes read as the subject
    subject_personnel: bool = False
    moved_cargo: bool = False  # CARRIED filled from an object, not from the subject
    purpose: bool = False  # the purpose of a trip told in the same sentence ("sent X to evacuate Y")
    framed_as: str | None = None  # the other label the same fillers also tell (guide 7, D8)
    mode: str | None = None  # aircraft, ship or land from "by air", "by sea", "by road"
    another: bool = False  # "another plane", "a second ship": a vehicle other than one told before
    folded_triggers: list["Token"] = field(default_factory=list)  # clauses folded into this one, dated when it is not

    def add(self, role: str, eid: str | None, rule: RoleRule | None = None) -> None:
        if not eid:
            return
        if role == "CARRIED" and rule is not None and rule.rel not in ("subject", "modifier", "possessor"):
            self.moved_cargo = True
        lst = self.roles.setdefault(role, [])
        if eid not in lst:
            lst.append(eid)
        if rule is not None and rule.id not in self.rules:
            self.rules.append(rule.id)


def lemma_candidates(word: str) -> list[str]:
    """Possible lemmas of a word form (the pipeline runs no lemmatizer): 'shipped' -> ship."""
    return list(_lemma_candidates(word.lower()))


@lru_cache(maxsize=20_000)
def _lemma_candidates(w: str) -> tuple[str, ...]:
    out = [w]
    if w in IRREGULAR:
        out.append(IRREGULAR[w])
    for suffix, rep in (("ies", "y"), ("ied", "y"), ("ying", "y"), ("es", ""), ("s", ""), ("ed", ""), ("ed", "e"),
                        ("ing", ""), ("ing", "e"), ("d", "")):
        if w.endswith(suffix) and len(w) - len(suffix) >= 2:
            out.append(w[: len(w) - len(suffix)] + rep)
    for c in list(out):
        if len(c) > 3 and c[-1] == c[-2] and c[-1] not in "aeiouls":
            out.append(c[:-1])
    return tuple(out)


def is_verbal(token: "Token") -> bool:
    """A verb, or a word the tagger took for a noun that has a subject ('contingent flies')."""
    if token.pos_ == "VERB" or (token.pos_ == "AUX" and token.dep_ == "ROOT" and token.tag_ != "MD"):
        return True
    if token.pos_ == "AUX" and token.tag_ != "MD" and any(c.dep_ == "acomp" for c in token.children) and any(
            c.dep_ == "nsubj" for c in token.children):
        return True  # "(said that) the ship is due at X": the copula carries the clause
    if token.pos_ == "AUX" and token.tag_ != "MD" and token.dep_ in ("conj", "ccomp", "advcl") and any(
            c.dep_ == "advmod" and c.lower_ in word_class("return_adverbs") for c in token.children):
        return True  # "left X and was back at Y", "said it was home at Z": being back somewhere is a return
    if token.tag_ == "NNS" and token.dep_ in ("ROOT", "ccomp", "conj") and any(c.dep_ == "nsubj" for c in token.children):
        return True
    return _headline_verb(token)


def _headline_verb(token: "Token") -> bool:
    """'Russian cargo ship docks at Tobruk': a headline the tagger read as one noun phrase, its
    verb as the head noun. The head of a verbless ROOT phrase with nouns before it and a
    preposition after it is the verb."""
    if token.dep_ != "ROOT" or token.tag_ not in ("NNS", "NN") or any(t.pos_ in ("VERB", "AUX") for t in token.doc):
        return False
    return any(c.dep_ in ("compound", "nsubj") and c.i < token.i for c in token.children) and any(
        c.dep_ == "prep" and c.i > token.i for c in token.children)


_MAY_TRIGGER = frozenset({"VERB", "AUX", "NOUN", "PROPN"})  # with the tags NN/NNS: what is_verbal or a noun trigger needs


def triggered_frames(token: "Token", fs: FrameSet) -> tuple[Frame, ...]:
    """The frames a token opens (verbs with their particle first: 'pull out', 'take off')."""
    if token.pos_ not in _MAY_TRIGGER and token.tag_ not in ("NN", "NNS"):
        return ()  # neither verbal (is_verbal) nor a noun: most tokens of a sentence, answered quickly
    hyphenated = _hyphenated_noun(token)
    if hyphenated is not None and hyphenated in fs.noun_index:
        return fs.noun_index[hyphenated]  # "its pull-out from Syria": the tokenizer splits the noun
    if token.pos_ != "AUX" and not rule_index.trigger_words(fs, _lemma_candidates).may_open(token.lower_):
        return ()  # no lemma of the word is a trigger of any frame (an auxiliary may still carry "due")
    if is_verbal(token):
        if token.pos_ == "AUX":  # "the tanker is due at Tobruk": the predicate adjective tells it
            for c in token.children:
                hit = fs.verb_index.get(c.lower_) if c.dep_ == "acomp" else None
                if hit:
                    return hit
        particles = [c.lower_ for c in token.children if c.dep_ == "prt" or (
            c.dep_ == "advmod" and c.lower_ in word_class("return_adverbs"))]
        objects = [c.lower_ for c in token.children if c.dep_ == "dobj"]
        if objects and any(f"{lemma} {o}" in fs.lexicon.not_triggers for lemma in lemma_candidates(token.text) for o in objects):
            return ()  # "flying the Russian flag": an idiom of verb and object
        for lemma in lemma_candidates(token.text):
            for p in particles:
                if f"{lemma} {p}" in fs.lexicon.not_triggers:
                    return ()
                hit = fs.verb_index.get(f"{lemma} {p}")
                if hit:
                    return hit
        for lemma in lemma_candidates(token.text):
            hit = fs.verb_index.get(lemma)
            if hit:
                return hit
        return ()
    if token.pos_ in ("NOUN", "PROPN"):
        word = token.lower_
        hit = fs.noun_index.get(word)
        if hit:
            return hit
        if token.tag_ in ("NNS", "NNPS"):
            for lemma in lemma_candidates(word)[1:]:
                hit = fs.noun_index.get(lemma)
                if hit:
                    return hit
    return ()


def _hyphenated_noun(token: "Token") -> str | None:
    """"pull-out", "hand-over": a noun the tokenizer split at its hyphen, read as one word at its last part."""
    i = token.i
    if i < 2 or token.pos_ not in ("NOUN", "PROPN") or token.doc[i - 1].text != "-" or \
            token.doc[i - 2].whitespace_ or token.doc[i - 1].whitespace_:
        return None
    return f"{token.doc[i - 2].lower_}-{token.lower_}"


# ------------------------------------------------------------------------------ arguments

def _prep_word(prep: "Token") -> str:
    word = prep.lower_
    if word in ("out", "away"):
        for c in prep.children:
            if c.dep_ == "prep" and c.lower_ in ("of", "from"):
                return f"{word} {c.lower_}"
    if word == "on":
        for c in prep.children:
            if c.dep_ == "pobj" and c.lower_ == "board":
                return "on board"
    if word == "by" and _by_way_of(prep):
        return "via"  # "sailed home by way of Colombo"
    if word == "of" and prep.i > 0 and prep.doc[prep.i - 1].lower_ in _COMPASS:
        if prep.i > 1 and prep.doc[prep.i - 2].text == ",":
            return "near"  # "from Nynäshamn, south of Stockholm,": where the place lies, no stop
        return "past"  # "passed east of Malta": on the way, not in it
    if word == "of" and prep.i > 0 and (prep.doc[prep.i - 1].lower_ == "out" or any(
            c.dep_ == "prt" and c.lower_ == "out" for c in prep.head.children)):
        return "out of"  # "pulled out of Syria", "pull U.S. troops out of Syria"
    return word


def _prep_objects(prep: "Token") -> list["Token"]:
    objs = [c for c in prep.children if c.dep_ == "pobj"]
    if not objs:  # "out of Syria": the object hangs off the inner preposition
        for c in prep.children:
            if c.dep_ == "prep":
                objs.extend(x for x in c.children if x.dep_ == "pobj")
    if objs and (objs[0].lower_ == "board" or _by_way_of(prep)):  # "on board the frigate", "by way of Guam"
        inner = [x for c in objs[0].children if c.dep_ == "prep" for x in c.children if x.dep_ == "pobj"]
        return inner
    return objs


def _by_way_of(prep: "Token") -> bool:
    """'by way of X': one preposition, via."""
    return prep.lower_ == "by" and any(c.dep_ == "pobj" and c.lower_ == "way" and any(
        x.dep_ == "prep" and x.lower_ == "of" for x in c.children) for c in prep.children)


MODES = {"air": "aircraft", "sea": "ship", "road": "land", "land": "land", "truck": "land", "rail": "land",
         "ship": "ship", "plane": "aircraft", "train": "land", "lorry": "land"}


def _is_mode(obj: "Token") -> bool:
    """'by air', 'by ship', 'by rail': a bare noun of a means of transport, no ship or plane in
    particular ("by the ship X", "by two planes" name vehicles)."""
    return obj.lower_ in MODES and not any(x.dep_ in ("det", "poss", "nummod", "compound", "amod", "appos")
                                           for x in obj.children)


def _prep_args(prep: "Token", depth: int = 0) -> list[tuple[str, "Token"]]:
    word = _prep_word(prep)
    out = [(f"prep:{word}", obj) for obj in _prep_objects(prep)]
    for c in prep.children:  # "to the CAR, to Mozambique and to Mali"
        if c.dep_ == "conj" and c.pos_ == "ADP" and depth < 3:
            out.extend(_prep_args(c, depth + 1))
    for obj in _prep_objects(prep):  # "on its way to X", "en route from X": the route the noun carries
        if obj.lower_ in word_class("route_nouns") and depth < 3:
            out = [x for x in out if x[1] is not obj]
            for c in obj.children:
                if c.dep_ == "prep" and _prep_word(c) in DIRECTION_PREPS:
                    out.extend(_prep_args(c, depth + 1))
    if word == "by":  # "arrived by air in Ouagadougou": the mode, then the route goes on
        for obj in _prep_objects(prep):
            if _is_mode(obj):
                out = [("mode", obj)]
                for c in obj.children:
                    if c.dep_ == "prep":
                        out.extend(_prep_args(c, depth + 1))
                return out
    if depth < 3 and word == "of":  # "the arrival of Russian forces in Niger"
        for obj in [x for o in _prep_objects(prep) for x in conjuncts(o)]:  # "of troops and arms from X"
            for c in obj.children:
                if c.dep_ == "prep" and (_prep_word(c) in DIRECTION_PREPS or c.lower_ in ("in", "at")):
                    out.extend(_prep_args(c, depth + 1))
    for obj in _prep_objects(prep):  # "gone to Burkina Faso by air" with "by" attached to the place
        for c in obj.children:
            if c.dep_ == "prep" and c.lower_ == "by" and any(_is_mode(o) for o in _prep_objects(c)) and depth < 3:
                out.extend(_prep_args(c, depth + 1))
    for obj in _prep_objects(prep) if depth < 3 and word in ("on", "in", "at", "by", "during") else ():
        if obj.ent_type_ in ("DATE", "TIME"):  # "sailed on 11 July with fuel": the date's preposition is the verb's
            for c in obj.children:
                if c.dep_ == "prep" and c.lower_ in ("with", "from", "to", "for", "via", "carrying", "aboard"):
                    out.extend(_prep_args(c, depth + 1))
    if depth < 3 and word in ("with", "aboard", "on", "in", "using"):
        for obj in _prep_objects(prep):  # "flew sorties with its helicopters from X to Y": the route is the trip's
            if _is_vehicle_noun(obj):
                out.extend(x for c in obj.children if c.dep_ == "prep" and _prep_word(c) in DIRECTION_PREPS
                           for x in _prep_args(c, depth + 1))
    for obj in _prep_objects(prep) if depth < 3 else ():
        # "leaves the depot at Alto Hospicio every Tuesday with water and fuel": a name takes no
        # "with" of its own; the parser hung the verb's cargo on it
        if obj.pos_ != "PROPN":
            continue
        hosts = [obj, *(d for d in obj.children if d.dep_ == "npadvmod" and d.ent_type_ in ("DATE", "TIME"))]
        out.extend(x for h in hosts for c in h.children if c.dep_ == "prep" and c.lower_ == "with"
                   for x in _prep_args(c, depth + 1))  # ... or on the date hung on the name ("every Tuesday")
    if depth < 3 and word in DIRECTION_PREPS:  # "from Syria to Libya" with "to" attached to "Syria"
        for c in prep.children:  # ... or to "from" itself
            if c.dep_ == "prep" and _prep_word(c) in DIRECTION_PREPS:
                out.extend(_prep_args(c, depth + 1))
        for obj in _prep_objects(prep):
            for c in obj.children:
                if c.dep_ == "prep" and (_prep_word(c) in DIRECTION_PREPS or (
                        c.lower_ in ("at", "in") and _is_vehicle_noun(obj))):  # "onto trains at X": where it happened
                    out.extend(_prep_args(c, depth + 1))
                elif c.dep_ == "prep" and c.lower_ in ("on", "aboard") and any(
                        _is_vehicle_noun(x) for o in _prep_objects(c) for x in (o, *(k for k in o.children if k.dep_ == "compound"))):
                    out.extend(_prep_args(c, depth + 1))  # "shipped to the port of X on the ferry Y": how it went
    return out


def _is_vehicle_noun(t: "Token") -> bool:
    from milgraph.loaders.extract.event_frames import frames

    nouns = frames().lexicon.vehicle_nouns
    return any(c in words for c in lemma_candidates(t.text)[:3] for words in nouns.values())


_SUBJ = ("nsubj", "nsubjpass", "csubj")
_PARTICLE_PREPS = frozenset({"over", "through", "across", "into", "past"})
_RELATIVE = frozenset({"that", "which", "who", "whom"})
_COMPASS = frozenset({"east", "west", "north", "south"})


# nouns of a journey; after "after" or "following" they tell the route of the arrival they precede


def arguments(tok: "Token", phrasal: str | None = None) -> list[tuple[str, "Token"]]:
    """(relation, token) pairs around a trigger (``phrasal``: the particle that is part of the
    trigger, "over" in "take over", which then is no preposition of its own)."""
    is_verb = is_verbal(tok)
    headline = is_verb and tok.pos_ in ("NOUN", "PROPN") and _headline_verb(tok)
    args: list[tuple[str, Token]] = []
    for c in tok.children:
        if headline and c.i < tok.i and c.dep_ in ("compound", "amod", "nmod"):
            args.append(("subject", c))  # the words of the headline's subject hang on its verb
        else:
            args.extend(_child_arguments(tok, c, is_verb, phrasal))
    args.extend(_object_read_as_head(tok, is_verb, args))
    args = _clause_arguments(tok, is_verb, args)
    if not is_verb:
        args.extend(_light_verb_arguments(tok, args))
    _add_routes(tok, is_verb, args)
    if not is_verb and tok.dep_ == "pobj" and tok.head.lower_ in ("after", "before", "during", "following"):
        return []  # "returned after a three-month deployment": background, no event of its own
    args.extend(_stopovers(tok))
    if _on_the_way(tok):  # "called at Yokohama on the way": a stop, not the destination
        args = [("prep:via" if rel in ("prep:at", "prep:in") else rel, a) for rel, a in args]
    return args


def _object_read_as_head(tok: "Token", is_verb: bool, args: list) -> list[tuple[str, "Token"]]:
    """"A cargo ship unloaded howitzers at Conakry", parsed with the verb as a modifier of its
    object: with a subject of its own, the verb's head is its object and the head's prepositions
    are the verb's."""
    head = tok.head
    if not is_verb or tok.dep_ != "amod" or head.i <= tok.i or head.pos_ not in ("NOUN", "PROPN") or \
            (tok.i > 0 and tok.doc[tok.i - 1].text == "-"):
        return []  # "Russian-built carriers": a hyphenated modifier is no clause
    # "The cargo ship Baltic Tern unloaded howitzers": the name before the verb hung on it as a modifier
    named = [c for c in tok.children if c.dep_ == "npadvmod" and c.pos_ == "PROPN" and c.i < tok.i]
    if not named and not any(rel == "subject" for rel, _ in args):
        return []
    out: list[tuple[str, Token]] = [("subject", c) for c in named] + [("object", head)]
    for c in head.children:
        if c.dep_ == "prep" and c.i > head.i:
            out.extend(_prep_args(c))
    return out


def _child_arguments(tok: "Token", c: "Token", is_verb: bool, phrasal: str | None) -> list[tuple[str, "Token"]]:
    """What one child of the trigger fills, by its grammatical relation."""
    d = c.dep_
    if d == "nsubj":
        return [("subject", c), *_together_with(c)]
    if d == "nsubjpass":
        return [("passive_subject", c), *_together_with(c)]
    if d == "dative" and c.pos_ == "ADP":  # "sending weapons to Libya" parsed as a dative
        return _prep_args(c)
    if d == "dative" and is_verb and any(x.dep_ == "dobj" for x in tok.children):
        return [("recipient", c)]  # "offered Mogadishu a base", "sent Libya jets": who gets it
    if d in ("dobj", "dative") and is_verb:
        prt = next((p.lower_ for p in tok.children if p.dep_ in ("prt", "advmod") and p.lower_ in _PARTICLE_PREPS
                    and p.i < c.i and p.lower_ != phrasal), None)
        # "flew over Chad": over Chad
        return [(f"prep:{prt}" if prt else "object", _object_antecedent(tok, c)), *_together_with(c)]
    if d == "advmod" and c.lower_ in word_class("route_adverbs"):  # "flown back to Russia", "on its way south to X"
        out = []
        for p in c.children:
            if p.dep_ == "prep" and c.lower_ in _COMPASS and _prep_word(p) == "of":
                out.extend(("prep:past", o) for o in _prep_objects(p))  # "passed east of Malta"
            elif p.dep_ == "prep":
                out.extend(_prep_args(p))
        return out
    if c.lower_ in ("together", "along") and d in ("advmod", "prep") and is_verb and any(
            p.dep_ == "prep" and p.lower_ == "with" for p in c.children):
        # "due at X together with Y", "moved troops along with vehicles"
        return [("prep:with", o) for p in c.children if p.dep_ == "prep" and p.lower_ == "with"
                for o in _prep_objects(p)]
    if d == "agent":
        return _agent_arguments(c)
    if d == "prep" and is_verb and c.lower_ in ("after", "following"):
        # "docked at X after a four-day run from Y": the trip noun behind the arrival tells where it began
        return [a for o in _prep_objects(c) if o.lower_ in word_class("trip_nouns")
                for x in o.children if x.dep_ == "prep" and _prep_word(x) in ("from", "via", "through")
                for a in _prep_args(x)]
    if d == "prep":
        return _prep_args(c)
    if d == "poss" and not is_verb:
        return [("possessor", c)]
    if d in ("amod", "compound", "nmod") and not is_verb:
        return [("modifier", c)]
    if d == "acl" and not is_verb and c.tag_ == "VBN":  # "the talks held with X", "a deal signed in Y"
        out = []
        for p in c.children:
            if p.dep_ == "prep":
                out.extend(_prep_args(p))
            elif p.dep_ == "agent":
                out.extend(("agent", x) for x in p.children if x.dep_ == "pobj")
        return out
    if d in ("acomp", "advcl", "xcomp", "conj") and c.lower_ in ("bound", "destined", "headed", "heading", "en", "due"):
        return [a for p in c.children if p.dep_ == "prep" for a in _prep_args(p)]
    return []


def _together_with(noun: "Token") -> list[tuple[str, "Token"]]:
    """"1,500 soldiers, together with vehicles and fuel, were moved": what goes along with the
    subject or object goes on the same trip."""
    return [("prep:with", o) for p in noun.children if p.dep_ == "prep" and p.lower_ == "with"
            and any(a.lower_ in ("together", "along") for a in p.children) for o in _prep_objects(p)]


def _agent_arguments(agent: "Token") -> list[tuple[str, "Token"]]:
    """"by X": the agent, or the mode with the route that hangs off it ("were moved by rail from X")."""
    out: list[tuple[str, Token]] = []
    for p in (p for p in agent.children if p.dep_ == "pobj"):
        if _is_mode(p):
            out.append(("mode", p))
            out.extend(a for x in p.children if x.dep_ == "prep" for a in _prep_args(x))
        else:
            out.append(("agent", p))
    return out


def _clause_arguments(tok: "Token", is_verb: bool, args: list[tuple[str, "Token"]]) -> list[tuple[str, "Token"]]:
    """The trigger's clause completes its arguments: relative pronouns stand for the noun the
    clause modifies, a participle's noun is its subject or object, a verb with no subject takes
    the one it shares."""
    if tok.dep_ == "relcl":
        args = [(rel, tok.head if a.lower_ in _RELATIVE else a) for rel, a in args]
        if not any(rel in ("subject", "passive_subject") for rel, _ in args):
            args.append(("subject", tok.head))
        elif not any(rel == "object" for rel, _ in args) and tok.tag_ in ("VBD", "VBN") and not any(
                c.dep_ == "auxpass" for c in tok.children):
            args.append(("object", tok.head))  # "a vessel Russia had sent to Syria": the vessel was sent
    elif tok.dep_ == "acl" and is_verb and tok.tag_ == "VB" and tok.head.lower_ in word_class("agreement_nouns") \
            and tok.head.dep_ in ("dobj", "nsubjpass"):
        # "X signed a contract to supply drones": the one who signed supplies, not the contract
        args.extend(("subject", c) for c in tok.head.head.children if c.dep_ == "nsubj" and not _dateline(c))
    elif tok.dep_ == "acl" and is_verb:
        rel = "passive_subject" if tok.tag_ == "VBN" else "subject"
        args.append((rel, _vehicle_of_owner(tok.head)))
    if is_verb and not any(rel in ("subject", "passive_subject") for rel, _ in args):
        args.extend(_inherited_subject(tok))
    return args


def _vehicle_of_owner(t: "Token") -> "Token":
    """'Il-76MD RF-78806 of the Russian Aerospace Forces leaving Chkalovsky': a participle the parser
    hangs on the owner after "of" tells what the vehicle before it did."""
    if t.dep_ == "pobj" and t.head.lower_ == "of" and t.head.head.i < t.i and not _is_vehicle_noun(t):
        vehicle = t.head.head
        if _is_vehicle_noun(vehicle) or any(ch.isdigit() for ch in vehicle.text):
            return vehicle
    return t


_COPULAS = frozenset({"is", "are", "was", "were", "be", "been", "being", "remains", "remain", "remained"})


def _light_verb_arguments(tok: "Token", args: list[tuple[str, "Token"]]) -> list[tuple[str, "Token"]]:
    """A noun trigger's arguments from the verb it hangs on: "made four flights", "held talks",
    "began the withdrawal" (the light verb's subject), "agreed on a deal", "X, on a visit to Y"."""
    out: list[tuple[str, Token]] = []
    if tok.dep_ in ("dobj", "attr") and not any(rel == "possessor" and a.pos_ != "PRON" for rel, a in args):
        verb = tok.head
        receiving_verbs = word_class("receiving_verbs")
        receiving = any(x in receiving_verbs for x in lemma_candidates(verb.text))
        for c in verb.children:
            if c.dep_ in ("nsubj", "nsubjpass") and not _dateline(c):
                if c.lower_ in _RELATIVE and verb.dep_ == "relcl":
                    c = verb.head  # "Yevkurov, who held talks with X": the noun the clause modifies
                # "Mali took delivery of drones": the one who takes a delivery receives it
                out.append(("recipient" if receiving else "subject", c))
            elif c.dep_ == "prep" and (_prep_word(c) in DIRECTION_PREPS or c.lower_ in ("at", "with")):
                out.extend(_prep_args(c))  # "made a call at Port Sudan", "held talks ... with X"
        if not any(c.dep_ in _SUBJ for c in verb.children):
            out.extend(_inherited_subject(verb))
    if tok.dep_ == "pobj" and tok.head.dep_ == "prep" and tok.head.head.pos_ in ("VERB", "AUX"):
        # "agreed on a deal", "took part in talks": the governing verb's subject; "a depot is
        # under construction": what the work is done to
        rel = "passive_subject" if tok.head.lower_ == "under" and tok.head.head.lower_ in _COPULAS else "subject"
        # "the cutter patrols under a 2023 agreement": a vehicle is no party to the agreement it works under
        out.extend((rel, c) for c in tok.head.head.children if c.dep_ == "nsubj" and not (
            tok.head.lower_ == "under" and rel == "subject" and _is_vehicle_noun(c)))
    elif tok.dep_ == "pobj" and tok.head.lower_ == "on" and tok.head.head.pos_ == "PROPN" \
            and not any(rel == "possessor" for rel, _ in args):
        out.append(("subject", tok.head.head))  # "X, on a visit to Israel, thanked ...": X visits
    return out


def _add_routes(tok: "Token", is_verb: bool, args: list[tuple[str, "Token"]]) -> None:
    """Route prepositions the parser hangs elsewhere: on the object ("moved radars from Syria to
    Libya") and its last conjunct, on the mover, on an object's "with" ("discussed the transition
    with X"), vehicles used and stops beside the trigger."""
    for rel, a in list(args):
        if rel in ("object", "passive_subject"):
            args.extend(_object_routes(a))
            for x in conjuncts(a)[1:]:  # where, not how: "sent X and Y aboard ships" stays the object's reading
                args.extend(r for r in _object_routes(x) if r[0] not in _RIDDEN_ON)
    if is_verb:
        args.extend(_mover_routes(tok, args))
        objects = [c for c in tok.children if c.dep_ == "dobj"]
        for x in (c for c in tok.children if c.dep_ == "xcomp"):
            objects.extend(o for o in x.children if o.dep_ == "dobj")
        for o in objects:
            for p in o.children:
                if p.dep_ == "prep" and p.lower_ == "with":
                    args.extend(("prep:with", obj) for obj in _prep_objects(p))
        args.extend(_vehicles_used(tok))
        args.extend(_stops_beside(tok))
    elif tok.dep_ == "dobj":  # "made 11 flights to X, refuelling at Y": the light verb's stops
        args.extend(_stops_beside(tok.head))


def _mover_routes(tok: "Token", args: list[tuple[str, "Token"]]) -> list[tuple[str, "Token"]]:
    """Where the mover was and where its vehicle is bound, told on the noun rather than the verb:
    'gunships stationed at X flew to Y' (FROM X: the place it was posted is where the move
    starts), 'left X aboard a plane bound for Y' (TO Y: the vehicle's destination is the trip's)."""
    out: list[tuple[str, Token]] = []
    for rel, a in args:
        if rel in ("subject", "passive_subject"):
            for x in conjuncts(a):
                out.extend(_posted_at(x, tok))
        elif rel in _RIDDEN_ON:
            for c in a.children:
                if c.dep_ in ("acl", "amod") and c.lower_ in word_class("on_the_way_participles"):
                    out.extend(x for p in c.children if p.dep_ == "prep" and _prep_word(p) in ("for", "to", "towards", "toward")
                               for x in _prep_args(p))
    return out


_RIDDEN_ON = frozenset({"prep:aboard", "prep:on board", "prep:on", "prep:by"})


def _posted_at(t: "Token", trigger: "Token") -> list[tuple[str, "Token"]]:
    """'that were based at X', 'stationed in X' on a mover (not the trigger itself: 'troops
    deployed in X'): (prep:from, X)."""
    out = []
    for c in t.children:
        if c.dep_ not in ("acl", "relcl") or c.i == trigger.i or c.lower_ not in word_class("posted_participles"):
            continue
        out.extend(("prep:from", o) for p in c.children if p.dep_ == "prep" and p.lower_ in ("at", "in")
                   for o in _prep_objects(p))
    return out


def _is_stop_verb(t: "Token") -> bool:
    stop_verbs = word_class("stop_verbs")
    return t.pos_ == "VERB" and any(x in stop_verbs for x in lemma_candidates(t.text)[:6])


def _stops_beside(tok: "Token") -> list[tuple[str, "Token"]]:
    """'left X, refuelled at Y and landed at Z', 'staged through Y': the place of a stop told by
    a verb joined to the trip's verb is on the way (VIA)."""
    near = [c for c in tok.children if c.dep_ in ("conj", "advcl")]
    if tok.dep_ in ("conj", "advcl"):
        near.append(tok.head)
    out: list[tuple[str, Token]] = []
    for v in near:
        if v.i == tok.i or not _is_stop_verb(v):
            continue
        for p in v.children:
            if p.dep_ == "prep" and p.lower_ in ("at", "in", "through", "via", "over"):
                out.extend(("prep:via", o) for o in _prep_objects(p))
    return out


def _vehicles_used(tok: "Token") -> list[tuple[str, "Token"]]:
    """'plans to use the cargo ships X and Y to carry weapons', 'chartered the ferry X to move
    the battalion': the named vehicles put to use are how the move is made (prep:by, USING)."""
    using_verbs = word_class("using_verbs")
    out = [("prep:by", o) for c in tok.children if c.dep_ in ("advcl", "xcomp") and c.tag_ == "VBG"
           and any(x in using_verbs for x in lemma_candidates(c.text)[:4])
           for o in c.children if o.dep_ == "dobj" and _names_a_type(o)]  # "flew 30 sorties, using C-17 aircraft"
    if out:
        return out
    head = tok.head
    if tok.dep_ not in ("xcomp", "advcl") or not any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children):
        return []
    if not any(x in using_verbs for x in lemma_candidates(head.text)[:4]):
        return []
    # a named ship, airframe or type only: "used aircraft to move the guns" tells no trip of
    # one aircraft (guide 7, Transfer)
    return [("prep:by", c) for c in head.children if c.dep_ in ("dobj", "nsubjpass", "npadvmod") and _names_a_type(c)]


def _names_a_type(t: "Token") -> bool:
    """A name or a designator in the phrase ("the ferry X", "C-17 aircraft"), not "aircraft" alone."""
    return any(x.pos_ == "PROPN" or any(ch.isdigit() for ch in x.text) for x in t.subtree)


_PRONOUN_OBJECTS = frozenset({"them", "it"})


def _stopovers(tok: "Token") -> list[tuple[str, "Token"]]:
    """'with a refuelling stop in Dakar', 'after a stopover in Algiers': the place stopped at is
    on the way (VIA)."""
    out: list[tuple[str, Token]] = []
    for c in tok.children:
        if c.dep_ != "prep" or c.lower_ not in ("with", "after", "including", "via"):
            continue
        for obj in _prep_objects(c):
            if obj.lower_ in word_class("stop_nouns"):
                for p in obj.children:
                    if p.dep_ == "prep" and p.lower_ in ("in", "at"):
                        out.extend(("prep:via", o) for o in _prep_objects(p))
    return out


def _on_the_way(tok: "Token") -> bool:
    """The trigger is a stop made on the way ("on the way", "en route", "along the way") with no
    destination of the way itself named."""
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ in ("on", "along") and any(
                o.lower_ in ("way", "route") and not any(x.dep_ == "prep" for x in o.children) for o in _prep_objects(c)):
            return True
        if c.lower_ == "en" and any(x.lower_ == "route" for x in c.subtree) and not any(
                x.dep_ == "prep" and x.lower_ in ("to", "for") for x in c.subtree):
            return True
    return False


def _object_antecedent(tok: "Token", obj: "Token") -> "Token":
    """'removed 200 vehicles and shipped them to X': the pronoun object of a conjoined verb is
    the object of the verb it is joined to."""
    if obj.lower_ not in _PRONOUN_OBJECTS or tok.dep_ != "conj":
        return obj
    return next((c for c in tok.head.children if c.dep_ == "dobj" and c.lower_ not in _PRONOUN_OBJECTS), obj)


def _object_routes(a: "Token", depth: int = 0) -> list[tuple[str, "Token"]]:
    """Route prepositions on the object, also past "of" ("a shipment of missiles through X")."""
    out: list[tuple[str, Token]] = []
    for c in a.children:
        if c.dep_ == "acl" and c.lower_ in word_class("posted_participles") and depth < 2:
            # "withdrawing the personnel stationed at its bases in Syria": where they were
            out.extend(("prep:at" if rel in ("prep:in", "prep:at") else rel, x)
                       for rel, x in _object_routes(c, depth + 1) if rel in ("prep:in", "prep:at"))
            continue
        if c.dep_ != "prep":
            continue
        word = _prep_word(c)
        if word in DIRECTION_PREPS or word == "at":  # "unloaded containers at Tobruk"
            out.extend(_prep_args(c))
        elif word == "of" and depth < 2:
            for obj in _prep_objects(c):
                out.extend(_object_routes(obj, depth + 1))
    return out


_DASHES = ("-", "\u2013", "\u2014", ":")


def dateline_end(doc) -> int:
    """Index of the dash or colon ending a dateline ("GAO, Mali - ...", "LIBYA: ...", and with
    a capitalised place first, a date and a credit: "BENGHAZI, Jan 20 -", "TOBRUK, Libya,
    Sept 18 (Wire) -"), else -1 (found once per parsed sentence: the rules ask it for every
    subject and filler)."""
    end = doc.user_data.get(_DATELINE_END)
    if end is None:
        end = doc.user_data[_DATELINE_END] = _dateline_end(doc)
    return end


_DATELINE_END = "milgraph.dateline_end"


def _dateline_end(doc) -> int:
    capitalised = len(doc) > 0 and doc[0].text.isupper() and len(doc[0].text) > 1
    for t in doc[:7 if not capitalised else 14]:
        if t.text in _DASHES and t.i > 0 and (doc[t.i - 1].whitespace_ or t.text == ":"):
            allowed = ("PROPN", "PUNCT", "NOUN", "NUM") if capitalised else ("PROPN", "PUNCT", "NOUN")
            return t.i if all(x.pos_ in allowed for x in doc[:t.i]) else -1
    return -1


def _dateline(tok: "Token") -> bool:
    """'LATAKIA, Syria - A plane took off', 'LIBYA: Two jets flew': a dateline, not the subject."""
    return tok.i < dateline_end(tok.doc)


def _inherited_subject(tok: "Token") -> list[tuple[str, "Token"]]:
    """The subject of 'send' in 'Russia plans to send', of 'flew' in '... landed and flew on',
    of 'sending' in 'Russia is building up its presence by sending troops'."""
    if tok.dep_ == "pcomp" and tok.head.dep_ == "prep" and tok.tag_ == "VBG":
        verb = tok.head.head
        return [("subject", c) for c in verb.children if c.dep_ == "nsubj" and not _dateline(c)]
    if tok.dep_ == "advcl" and tok.tag_ in ("VBG", "VBN") and not any(c.dep_ == "mark" for c in tok.children):
        # "..., promising to expand deliveries": the participle's subject is the clause's
        verb = tok.head
        return [("subject" if tok.tag_ == "VBG" else "passive_subject", c)
                for c in verb.children if c.dep_ == "nsubj" and not _dateline(c)]
    if told := _subject_told_to(tok):
        return [("subject", x) for x in told]
    h = tok
    for _ in range(4):
        if h.dep_ not in ("xcomp", "conj", "advcl", "ccomp", "acomp") or h.head.i == h.i:  # "is due to call"
            return []
        h = h.head
        subj = [c for c in h.children if c.dep_ in ("nsubj", "nsubjpass") and not _dateline(c)] or _subject_told_to(h)
        if subj:
            passive = subj[0].dep_ == "nsubjpass"
            bare = tok.dep_ == "ccomp" and tok.tag_ == "VB" and not any(c.dep_ == "mark" for c in tok.children)
            completes = tok.dep_ == "advcl" and not word_class("completing_verbs").isdisjoint(
                lemma_candidates(tok.head.text)[:2])  # "took a week to reach X"
            if tok.dep_ == "conj" or tok.dep_ == "xcomp" or bare or completes:  # "helped move": a bare infinitive
                perfect = any(c.dep_ == "aux" and c.lower_ in ("have", "has", "had") for c in tok.children)
                # "France is believed to have provided": the perfect is active, whatever the head's voice
                rel = "passive_subject" if passive and tok.tag_ == "VBN" and not perfect else "subject"
                return [(rel, x) for x in subj]
            if h.dep_ == "ROOT" and tok.dep_ == "advcl":
                return [("subject", x) for x in subj]
            return []
    return []


def _subject_told_to(verb: "Token") -> list["Token"]:
    """"told us his convoy left X": the parser hangs the subject of the clause told on the verb
    of telling, as its object; a clause with no subject of its own takes it back."""
    if verb.dep_ != "ccomp" or verb.head.lower_ not in word_class("telling_verbs") or any(
            c.dep_ in ("nsubj", "nsubjpass") for c in verb.children):
        return []
    return [c for c in verb.head.children if c.dep_ == "dobj" and verb.head.i < c.i < verb.i and c.pos_ != "PRON"][:1]


def conjuncts(tok: "Token") -> list["Token"]:
    """A word and the words listed with it, without a noun the parser listed that only
    modifies the next one ("food and construction material": not "construction")."""
    return [x for x in _listed(tok) if not glued_to_next(x)]


def _listed(tok: "Token") -> list["Token"]:
    out = [tok]
    for c in tok.children:
        if c.dep_ == "conj":
            out.extend(_listed(c))
    return out


def glued_to_next(tok: "Token") -> bool:
    """A listed noun right before another item of the same list, with no comma or "and"
    between them: the parser split one name ("water, food and construction material")."""
    if tok.dep_ != "conj" or tok.pos_ != "NOUN" or tok.i + 1 >= len(tok.doc):
        return False
    nxt = tok.doc[tok.i + 1]
    return nxt.dep_ == "conj" and nxt.pos_ == "NOUN"


# ------------------------------------------------------------------------------ fillers

@dataclass
class Filler:
    """What one argument token names: a mention, or a vehicle / cargo / personnel noun."""

    token: "Token"
    item: "Item | None" = None
    vehicle: str | None = None
    cargo: str | None = None  # generic cargo entity id
    personnel: bool = False
    modifiers: list["Item"] = field(default_factory=list)  # demonyms, airlines, types on the noun
    number: int | None = None
    reading: str | None = None  # the id of the reading that made it, listed with the event's rules


def fillers(ps: "ParsedSentence", tok: "Token", fs: FrameSet, an: "DocAnalysis", position: str) -> list[Filler]:
    out: list[Filler] = []
    end = dateline_end(tok.doc)
    unknown: list["Token"] = []
    for t in (x for c in conjuncts(tok) for y in _unpacked(ps, c) for z in _aspect_of(ps, y)
              for x in (_trip_vehicles(ps, z) if position == "subject" else [z])):
        if t.i < end:
            continue
        listed = _listed_common_noun(ps, t, position)
        f = _filler(ps, t, fs, an, position) if listed else None
        if listed and f is None:  # a common noun no mention or word class reads, in a list
            if not _goes_somewhere(ps, t):  # "... with water and fuel and climbs to X": a verb misread
                unknown.append(t)
            continue
        named = _person_named(ps, t)
        if named is not None:  # "Syria's defence minister, X": the person, not the state
            out.append(named)
            continue
        if not listed:
            f = _filler(ps, t, fs, an, position)
        specific = _specified(ps, t, fs, an, position) if f is not None and f.cargo is not None else []
        if specific:  # "equipment, including Pantsir-S1 systems": only the items specified (guide 5)
            out.extend(specific)
            continue
        if f is not None:
            out.append(f)
            out.extend(_coordinated_types(ps, t, f))
            if f.cargo is not None:
                out.extend(_listed_before_head(ps, t, fs, an, position))
        if f is not None and (f.vehicle or (f.item is not None and f.item.tag in ("AC", "VES"))):
            out.extend(_companions(ps, t))
        if f is not None and f.item is None and f.vehicle and t.dep_ == "appos":
            m = ps.mention(t.head)  # "the Sparta, a cargo vessel ...": the ship named
            if m is not None and m.tag in ("VES", "AC"):
                out.append(Filler(t.head, item=m))
        if f is None and (position == "subject" or t.lower_ in word_class("party_nouns")):
            # "its commander, Khalifa Haftar, held talks", "met Syria's defence minister, X": the one named
            for a in t.children:
                m = ps.mention(a) if a.dep_ == "appos" else None
                if m is not None and m.tag in ("PER", "STATE", "ORG", "CTRY", "CAP"):
                    out.append(Filler(a, item=m))
        if position == "subject" and f is not None and f.item is not None and f.item.tag in ("ORG", "STATE", "CTRY"):
            out.extend(_type_after_owner(ps, t))
        if f is None or f.item is None:  # "two aircraft, registrations RA-76841 and RA-76845"
            for a in t.children:
                if a.dep_ == "appos":
                    for x in conjuncts(a):
                        for tt in [x, *(c for c in x.children if c.dep_ in ("compound", "appos"))]:
                            m = ps.mention(tt)
                            if m is not None and m.tag in ("AC", "VES", "EQ"):
                                # "the freighter X, owned by Y": what is said of the name is said of the vehicle
                                out.append(Filler(tt, item=m, modifiers=_modifier_items(ps, tt, m)))
    if unknown and any(f.cargo is not None or (f.item is not None and f.item.tag == "EQ") for f in out):
        # "medical supplies and spare engines": a common noun listed with cargo is cargo too (guide 5)
        out.extend(Filler(t, cargo=_generic_cargo(t, "other", fs.lexicon, an, ps), reading="cargo.listed-with-cargo")
                   for t in unknown)
    return out


def _goes_somewhere(ps: "ParsedSentence", t: "Token") -> bool:
    """"with water, fuel and tyres and climbs to X": a word no list reads, after a list already
    closed by "and" and followed by "to <a named place>", is a verb of the trip the parser took
    for one more item of the list, not cargo."""
    doc = t.doc
    if t.i + 2 >= len(doc) or doc[t.i + 1].lower_ not in ("to", "into", "towards") or doc[t.i - 1].lower_ != "and":
        return False
    if not any(x.lower_ == "and" for x in doc[max(0, t.i - 8):t.i - 1]):
        return False
    return ps.mention(doc[t.i + 2]) is not None or (doc[t.i + 2].lower_ == "the" and t.i + 3 < len(doc)
                                                   and ps.mention(doc[t.i + 3]) is not None)


def _type_after_owner(ps: "ParsedSentence", t: "Token") -> list[Filler]:
    """"a Ugandan Air Force Y-12 landed": the parser makes the owner the subject and hangs the
    vehicle type right after it as an apposition; the type is the vehicle."""
    out = []
    for a in t.children:
        m = ps.mention(a) if a.dep_ == "appos" and a.i == t.i + 1 else None
        if m is not None and m.tag in ("AC", "VES", "EQ") and _vehicle_type(m):
            out.append(Filler(a, item=m, reading="vehicle.type-after-owner"))
    return out


def _airframe_words(t: "Token") -> list["Token"]:
    """The words by a vehicle type that may name the airframe or ship itself: its own children,
    and those of its operator's name ("an An-124 of the 224th Flight Unit, RA-82077", the
    registration hung on the unit by the parser)."""
    out = list(t.children)
    for prep in out[:]:
        if prep.dep_ == "prep" and prep.lower_ == "of":
            out.extend(a for o in prep.children if o.dep_ == "pobj" for a in o.children if a.dep_ == "appos")
    return out


def _listed_common_noun(ps: "ParsedSentence", t: "Token", position: str) -> bool:
    """A lower-case common noun in a list of things moved, with no mention of its own: cargo when
    nothing else reads it and the list holds cargo."""
    listed = t.dep_ == "conj" or any(c.dep_ == "conj" for c in t.children)
    if position == "subject" or t.pos_ != "NOUN" or not listed or not t.text.islower():
        return False
    if any(c.dep_ in ("det", "poss") or (c.dep_ == "prep" and c.lower_ == "of") for c in t.children):
        return False  # "but not its origin", "a battery of rockets"
    return ps.mention(t) is None


def _unpacked(ps: "ParsedSentence", t: "Token") -> list["Token"]:
    """'380 tonnes of fuel, food and spares', 'crates of ammunition and shells': what a container
    or quantity noun holds, each coordinated item (guide 5: one filler per coordinated head)."""
    word = t.lower_
    if (word in word_class("quantifier_words") or word in word_class("container_nouns")
            or word in word_class("packaging_nouns") or word in word_class("unit_nouns")) and ps.mention(t) is None:
        for c in t.children:
            if c.dep_ == "prep" and c.lower_ == "of":
                objs = _prep_objects(c)
                if objs:
                    return conjuncts(objs[0])
    return [t]


def _list_chain(t: "Token") -> list["Token"]:
    """The items of a list the parser hung before a plural head as a modifier with conjuncts
    ("cement, steel and roofing materials": cement <- nmod, steel and roofing its conjuncts)."""
    for c in t.children:
        if c.dep_ in ("nmod", "compound") and c.i < t.i and c.pos_ == "NOUN":
            chain = _listed(c)
            if len(chain) > 1 and any(x.dep_ == "cc" for y in chain for x in y.children):
                return chain
    return []


def _listed_before_head(ps: "ParsedSentence", t: "Token", fs: FrameSet, an: "DocAnalysis", position: str) -> list[Filler]:
    """Each generic item of such a list is cargo of its own; the last one, next to the head,
    belongs to the head's name (_generic_cargo)."""
    out: list[Filler] = []
    for x in _list_chain(t):
        if x.i == t.i - 1 or ps.mention(x) is not None:
            continue
        f = _filler(ps, x, fs, an, position)
        if f is not None and f.cargo is not None:
            out.append(f)
    return out


def _person_named(ps: "ParsedSentence", t: "Token") -> Filler | None:
    """A title or party noun with a person in apposition ("the minister, X") stands for the person."""
    if t.lower_ not in word_class("party_nouns") or ps.mention(t) is not None:
        return None
    for a in t.children:
        m = ps.mention(a) if a.dep_ == "appos" else None
        if m is not None and m.tag == "PER":
            return Filler(a, item=m)
    return None


def _companions(ps: "ParsedSentence", t: "Token") -> list[Filler]:
    """Named ships or airframes travelling with a vehicle ("the frigate X, accompanied by the
    tanker Y", "X and, with it, Y"): they make the same trip."""
    out: list[Filler] = []
    for c in t.children:
        objs: list[Token] = []
        if c.dep_ == "acl" and c.lower_ in word_class("accompanying_participles"):
            objs = [x for a in c.children if a.dep_ == "agent" for x in a.children if x.dep_ == "pobj"]
        elif c.dep_ == "prep" and c.lower_ == "with":
            objs = _prep_objects(c)
        for obj in (x for o in objs for x in conjuncts(o)):
            m = ps.mention(obj)
            if m is None:  # "the tanker Yelnya": the name may hang off the noun
                m = next((ps.mention(x) for x in obj.children if x.dep_ in ("appos", "compound")
                          and ps.mention(x) is not None and ps.mention(x).tag in ("AC", "VES")), None)
            if m is not None and m.tag in ("AC", "VES"):
                out.append(Filler(obj, item=m))
    return out


def _aspect_of(ps: "ParsedSentence", t: "Token") -> list["Token"]:
    """'the future of Tartus and Khmeimim': what an aspect noun is about, each conjunct."""
    if t.lower_ not in word_class("aspect_nouns") or ps.mention(t) is not None:
        return [t]
    objs = [x for c in t.children if c.dep_ == "prep" and c.lower_ == "of" for o in _prep_objects(c) for x in conjuncts(o)]
    named = [x for x in objs if ps.mention(x) is not None]  # not "the future of Russia's bases": whose they are
    return named or [t]


def _trip_vehicles(ps: "ParsedSentence", t: "Token") -> list["Token"]:
    """'a second sailing of the Drotten carried ...': the ship or airframe a trip noun is of moves."""
    if ps.mention(t) is not None or word_class("trip_nouns").isdisjoint(lemma_candidates(t.lower_)):
        return [t]
    named = [x for c in t.children if c.dep_ == "prep" and c.lower_ == "of" for o in _prep_objects(c)
             for x in conjuncts(o) if (m := ps.mention(x)) is not None and m.tag in ("AC", "VES")]
    return named or [t]


def _specified(ps: "ParsedSentence", t: "Token", fs: FrameSet, an: "DocAnalysis", position: str) -> list[Filler]:
    """The named items an umbrella cargo phrase goes on to list ("gear, including S-300 radars")."""
    out: list[Filler] = []
    for c in t.children:
        if c.dep_ == "prep" and c.lower_ == "including":
            for obj in (x for o in _prep_objects(c) for x in conjuncts(o)):
                f = _filler(ps, obj, fs, an, position)
                if f is not None and f.item is not None and f.item.tag == "EQ":
                    out.append(f)
    return out


def _coordinated_types(ps: "ParsedSentence", t: "Token", f: Filler) -> list[Filler]:
    """'MiG-29 and Su-24 fighters': each coordinated type before the noun is a filler."""
    if f.item is None or f.item.tag != "EQ" or ps.mention(t) is f.item:
        return []
    out = []
    for c in t.children:
        if c.dep_ in ("nmod", "compound", "amod") and ps.mention(c) is f.item:
            for x in conjuncts(c)[1:]:
                m = ps.mention(x)
                if m is not None and m.tag == "EQ" and m is not f.item:
                    out.append(Filler(x, item=m, personnel=f.personnel))
    return out


def _number(t: "Token") -> int | None:
    for c in t.children:
        if c.dep_ == "nummod" and not day_of_month(c):  # "On 6 March two jets": the 6 is a date
            w = c.lower_
            if w.isdigit():
                return int(w)
            if w == "dozen" and any(x.lower_ == "half" for x in c.subtree):
                return 6
            if w in NUMBER_WORDS:
                return NUMBER_WORDS[w]
    for c in t.children:
        if c.dep_ == "det" and c.lower_ in ("a", "an", "one", "the") and t.tag_ in ("NN", "NNP"):
            return 1
    return None


def _group_of_people(t: "Token", lex) -> bool:
    """"a group of engineers and medics": a loose word for a body of people, when its "of" names
    people (not "a group of islands")."""
    return t.lower_ in ("group", "groups") and any(
        c.dep_ == "prep" and c.lower_ == "of" and any(lex.cargo_nouns.get(o.lower_) == "personnel" for o in c.children)
        for c in t.children)


def _filler(ps: "ParsedSentence", t: "Token", fs: FrameSet, an: "DocAnalysis", position: str) -> Filler | None:
    """What one argument token fills: the thing "most of the X" is of, a base named earlier, a
    named item (with its modifiers, personnel or the airframe it names), or an unnamed vehicle,
    cargo, personnel or place."""
    lex = fs.lexicon
    if (t.lower_ in word_class("quantifier_words") or t.lower_ in word_class("container_nouns")
            or t.lower_ in word_class("unit_nouns") or _group_of_people(t, lex)) \
            and ps.mention(t) is None:  # "most of the Il-76s", "part of that hardware", "a company of marines"
        for c in t.children:
            if c.dep_ == "prep" and c.lower_ == "of":
                objs = _prep_objects(c)
                if objs:
                    return _filler(ps, objs[0], fs, an, position)
    item = ps.mention(t)
    if item is not None and item.coref and item.tag == "BASE":
        near = _base_named_before(ps, t)  # a base named earlier in the same sentence is the nearer antecedent
        if near is not None:
            return near
    if item is not None and item.tag in ("PER", "ORG"):
        kind = _named_vehicle_kind(ps, t, lex)  # "the freighter vessel X" guessed a person by the recogniser
        if kind is not None:
            return Filler(t, vehicle=kind, modifiers=_modifier_items(ps, t, item), number=_number(t))
    if item is not None and item.tag != "SRC":
        return _named_filler(ps, t, item, lex, position)
    if item is not None:
        return _officials_of(ps, t, an)
    return _unnamed_filler(ps, t, fs, an, position)


def _officials_of(ps: "ParsedSentence", t: "Token", an: "DocAnalysis") -> Filler | None:
    """"Russian and Malian officials met", "defence secretaries from the two countries": people
    a Source names stand for the states on them (a party to talks), never for themselves."""
    states = [m for m in _modifier_items(ps, t, ps.mention(t)) if m.tag in ("CTRY", "STATE", "ADJ", "CAP")]
    for m in filter(None, map(_demonym_item, _source_demonyms(ps, t))):
        an.specs.setdefault(m.entry.id, m.entry)
        states.append(m)
    states += [m for m in _states_of(ps, t) if m not in states]
    return Filler(t, modifiers=states) if states else None


def _states_of(ps: "ParsedSentence", t: "Token") -> list["Item"]:
    """The states in a people noun's of / from phrase ("officials of Russia and Mali", "envoys from
    the two countries")."""
    out: list[Item] = []
    for p in (c for c in t.children if c.dep_ == "prep" and c.lower_ in ("from", "of")):
        for obj in (x for o in _prep_objects(p) for x in conjuncts(o)):
            m = ps.mention(obj)
            if m is not None and m.tag in ("CTRY", "STATE", "CAP"):
                out.extend(x for x in m.expand() if x not in out)
    return out


def _source_demonyms(ps: "ParsedSentence", t: "Token") -> list["Token"]:
    """The demonyms a Source's name opens with ("Russian and Malian officials"): the recogniser
    keeps them inside the Source, so no state item stands on them."""
    return [x for x in t.doc[t.left_edge.i:t.i] if x.dep_ in ("amod", "conj", "compound")
            and ps.mention(x) is not None and ps.mention(x).tag == "SRC" and x.text[:1].isupper()]


def _demonym_item(x: "Token") -> "Item | None":
    from milgraph.loaders.extract.mentions import Item

    country = load_gazetteer().country_by_adjective(x.text)
    if country is None:
        return None
    return Item(k=-1, sent=-1, start=x.idx, end=x.idx + len(x.text), text=x.text, tag="ADJ",
                ids={"Actor": country.actor.id}, default="Actor", entry=country.actor, country=country)


def _named_filler(ps: "ParsedSentence", t: "Token", item: "Item", lex, position: str) -> Filler:
    """A named item: the system a component is named after ("S-400 radars"), the airframe a type
    names ("an An-124 (RA-82077)"), personnel ("Russian troops") and forces that move themselves."""
    # "S-400 radars": the component maps to the system named on it
    if item.tag == "EQ" and item.entry is not None and item.entry.generic:
        for c in _noun_modifiers(t):
            m = ps.mention(c)
            if m is not None and m.tag == "EQ" and m is not item and m.entry is not None and not m.entry.generic:
                item = m  # also on a word of the generic name: "14 CV90 infantry fighting vehicles"
                break
    f = Filler(t, item=item, number=_number(t))
    f.modifiers = _modifier_items(ps, t, item)
    if _vehicle_type(item) and item.tag == "EQ":  # "an An-124 (RA-82077)": the airframe itself
        for a in _airframe_words(t):
            m = ps.mention(a)
            if a.dep_ in ("appos", "compound", "npadvmod") and m is not None and m.tag in ("AC", "VES"):
                f.item = m
                break
    if item.tag == "EQ" and item.entry is not None and item.entry.properties.get("category") == "personnel":
        f.personnel = True
    last = item.text.lower().split()[-1]
    if item.tag in ("STATE", "ORG") and (last in lex.personnel_words or lex.cargo_nouns.get(last) == "personnel"):
        f.personnel = True  # "Russian troops", "Wagner fighters": a state's or group's personnel
    if position == "subject" and _is_force(item):
        f.personnel = True  # "Wagner is returning home", "the Africa Corps arrived": the force moves itself
    return f


def _noun_modifiers(t: "Token") -> list["Token"]:
    """The compound, adjective and noun modifiers before a noun, and theirs, nearest first."""
    out: list["Token"] = []
    todo = [c for c in t.children if c.dep_ in ("compound", "amod", "nmod")]
    while todo:
        c = todo.pop(0)
        out.append(c)
        todo.extend(x for x in c.children if x.dep_ in ("compound", "amod", "nmod") and x.i < c.i)
    return out


def _unnamed_filler(ps: "ParsedSentence", t: "Token", fs: FrameSet, an: "DocAnalysis", position: str) -> Filler | None:
    """An unnamed word: a vehicle noun, a facility or place noun with its name, a named system
    beside a noun ("Pantsir-S1 systems"), generic cargo, personnel, or just its modifiers."""
    lex = fs.lexicon
    word = t.lower_
    cands = lemma_candidates(word)
    mods = _modifier_items(ps, t, None)
    if word in word_class("party_nouns"):  # "defence secretaries from the two countries"
        mods += [m for m in _states_of(ps, t) if m not in mods]
    vehicle = _vehicle_noun_kind(cands, lex, an)
    if vehicle == "ship" and _subject_of_flying(t):
        vehicle = "aircraft"  # "the tanker flew back to Seoul": no ship flies (a KC-330 tanker)
    if vehicle is None and t.pos_ == "PROPN":
        vehicle = _named_vehicle_kind(ps, t, lex)
    cargo_cat = lex.cargo_nouns.get(word)
    if position == "subject" and vehicle is not None:
        f = Filler(t, vehicle=vehicle, modifiers=mods, number=_number(t))
        _convoy_load(ps, f, fs, an, position)
        _flown_by(ps, f)
        return f
    if word in word_class("facility_nouns") and cargo_cat is None and vehicle is None:
        place = _named_place(ps, t, mods)  # "a drone base at Kismayo": the base, not the drones
        if place is not None:
            return place
    named = [m for m in mods if m.tag == "EQ" and m.entry is not None and not m.entry.generic]
    if not named and (word in lex.personnel_words or cargo_cat is None):  # "radar units"
        named = [m for m in mods if m.tag == "EQ"]
    if named and (vehicle is None or _vehicle_type(named[0])):
        # "Pantsir-S1 systems", "Bayraktar TB2 drones", "two Su-25 jets were handed over": the named system
        rest = [m for m in mods if m is not named[0]]
        # "MiG-29 fighters" are aircraft, not fighting men
        return Filler(t, item=named[0], modifiers=rest,
                      personnel=cargo_cat == "personnel" and _vehicle_type(named[0]) is None)
    if cargo_cat is not None and t.pos_ in ("NOUN", "PROPN") and word not in word_class("container_nouns"):
        eid = _generic_cargo(t, cargo_cat, lex, an, ps)
        return Filler(t, cargo=eid, personnel=cargo_cat == "personnel", modifiers=mods)
    if vehicle is not None:
        return Filler(t, vehicle=vehicle, modifiers=mods, number=_number(t))
    if word in lex.personnel_words or any(c in lex.personnel_words for c in cands):
        return Filler(t, personnel=True, modifiers=mods)
    if not word_class("place_nouns").isdisjoint(cands):
        place = _named_place(ps, t, mods)
        if place is not None:
            return place
    if mods:
        return Filler(t, modifiers=mods)
    return None


def _subject_of_flying(t: "Token") -> bool:
    return t.dep_ == "nsubj" and not {"fly", "land"}.isdisjoint(lemma_candidates(t.head.text)[:2])


def _vehicle_noun_kind(cands: list[str], lex, an: "DocAnalysis") -> str | None:
    """The kind of vehicle a noun names; a noun of two kinds ("freighter") is a ship in a report
    that names ships and no aircraft (airframes or aircraft types), else its first kind."""
    kinds = [kind for kind, nouns in lex.vehicle_nouns.items() if any(c in nouns for c in cands)]
    if len(kinds) > 1 and "ship" in kinds and _names_ships_only(an):
        return "ship"
    return kinds[0] if kinds else None


def _names_ships_only(an: "DocAnalysis") -> bool:
    kinds = {_vehicle_type(it) for it in an.items if it.tag in ("VES", "AC", "EQ")}
    return "ship" in kinds and "aircraft" not in kinds


def _named_vehicle_kind(ps: "ParsedSentence", t: "Token", lex) -> str | None:
    """'the ro-ro vessel MN Pelican', 'the cutter Cabra': a name no list knows, headed by a
    vehicle noun, is a ship or aircraft of that kind (its trip a Voyage or Flight)."""
    for c in t.children:
        if c.dep_ in ("compound", "appos") and c.pos_ == "NOUN" and ps.mention(c) is None:
            kind = next((k for k, nouns in lex.vehicle_nouns.items() if k != "land" and any(
                x in nouns for x in lemma_candidates(c.text)[:3])), None)
            if kind is not None:
                return kind
    return None


def _flown_by(ps: "ParsedSentence", f: Filler) -> None:
    """'64 flights by French military aircraft and chartered An-124 freighters': the aircraft
    named after "by" fly the flights, and their demonyms name the state."""
    for c in f.token.children:
        if c.dep_ == "prep" and c.lower_ == "by":
            for obj in (x for o in _prep_objects(c) for x in conjuncts(o)):
                m = ps.mention(obj)
                found = [m] if m is not None else _modifier_items(ps, obj, None)
                f.modifiers.extend(x for x in found if x not in f.modifiers)


def _convoy_load(ps: "ParsedSentence", f: Filler, fs: FrameSet, an: "DocAnalysis", position: str) -> None:
    """'a convoy of 120 French army vehicles': the vehicles in the convoy are what it moves,
    and their owner the mover."""
    if f.token.lower_ not in word_class("convoy_nouns"):
        return
    for c in f.token.children:
        if c.dep_ == "prep" and c.lower_ == "of":
            for obj in _prep_objects(c):
                inner = _filler(ps, obj, fs, an, "object")
                if inner is None:
                    continue
                f.cargo = f.cargo or inner.cargo
                f.modifiers.extend(m for m in inner.modifiers if m not in f.modifiers)
                if inner.item is not None and inner.item.tag in ("AC", "VES"):
                    f.modifiers.append(inner.item)


def _named_place(ps: "ParsedSentence", t: "Token", mods: list["Item"]) -> Filler | None:
    """The named place a place noun stands for: "the port of Tobruk", "bases in eastern Libya",
    "an airfield near X", "the Gao base"; a name in apposition first ("China's only base, the
    PLA Support Base": the base, not its owner)."""
    for c in t.children:
        m = ps.mention(c) if c.dep_ == "appos" else None
        if m is not None and m.tag in ("BASE", "PLACE", "CTRY", "CAP"):
            return Filler(c, item=m)
    after = _named_after_comma(ps, t)
    if after is not None:
        return after
    for c in t.children:
        if c.dep_ == "prep" and c.lower_ in ("of", "in", "at", "near", "outside"):
            for obj in _prep_objects(c):
                m = ps.mention(obj)
                if m is not None and m.tag in ("BASE", "PLACE", "CTRY", "CAP"):
                    return Filler(obj, item=m)
    for m in mods:
        if m.tag in ("BASE", "PLACE", "CTRY", "CAP"):
            return Filler(t, item=m)
    if t.dep_ == "appos":  # "Maaten al-Sarra, a disused air base which engineers repaved": the base named
        m = ps.mention(t.head)
        if m is not None and m.tag == "BASE":
            return Filler(t.head, item=m)
    return _base_named_before(ps, t)


def _base_named_before(ps: "ParsedSentence", t: "Token") -> Filler | None:
    """'X was picked as a staging point; the airfield is being repaved': a definite base noun with
    nothing naming it stands for the base named last before it in the same sentence (the
    coreference step links those named in earlier sentences)."""
    if t.lower_ not in word_class("base_nouns") or not any(c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in t.children):
        return None
    if any(c.dep_ in ("compound", "amod", "nmod", "poss") for c in t.children):
        return None  # "the Russian port", "the old airfield": a description the coreference step reads
    own = ps.mention(t)
    for x in reversed(ps.doc[:t.i]):
        m = ps.mention(x)
        if m is not None and m is not own and m.tag == "BASE" and not m.coref:
            return Filler(x, item=m)
    return None


def _named_after_comma(ps: "ParsedSentence", t: "Token") -> Filler | None:
    """'at China's only base abroad, the X Base in Y': a base named right after the comma (the
    parser may hang the name elsewhere than in apposition)."""
    doc = t.doc
    i = t.right_edge.i + 1
    if i >= len(doc) or doc[i].text != ",":
        return None
    i += 1
    while i < len(doc) and doc[i].pos_ == "DET":
        i += 1
    m = ps.mention(doc[i]) if i < len(doc) else None
    if m is not None and m.tag == "BASE":
        return Filler(doc[i], item=m)
    return None


_OPERATOR_PREPS = frozenset({"from", "to"})  # "chartered from X", "belonging to X"


def _head_tokens(ps: "ParsedSentence", t: "Token", own: "Item | None") -> list["Token"]:
    """The token and, when it heads a mention of several tokens, the mention's other tokens:
    a tokenizer that splits "Il-62M" hangs "Russian" on one of its pieces."""
    span = ps.span(own) if own is not None else None
    if span is None or t.i not in range(span.start, span.end):
        return [t]
    return [t, *(x for x in span if x.i != t.i)]


def _modifier_items(ps: "ParsedSentence", t: "Token", own: "Item | None") -> list["Item"]:
    out = []
    end = dateline_end(t.doc)
    inside = {x.i for x in _head_tokens(ps, t, own)}
    for c in (c for h in _head_tokens(ps, t, own) for c in h.children if c.i not in inside):
        if c.i < end:
            continue
        if c.dep_ in ("acl", "relcl") and (c.lower_ in word_class("operator_participles")
                                           or c.lower_ in ("belonging", "belongs")):
            for ag in c.children:  # "a plane operated by Fars Air Qeshm", "chartered from X", "belonging to X"
                if ag.dep_ == "agent" or (ag.dep_ == "prep" and ag.lower_ in _OPERATOR_PREPS):
                    for obj in ag.children:
                        m = ps.mention(obj)
                        if obj.dep_ == "pobj" and m is not None and m.tag in ("STATE", "ORG", "CTRY") and m not in out:
                            out.append(m)
        if c.dep_ in ("prep", "acl") and c.lower_ in ("with", "bearing", "flying", "carrying", "showing"):
            for x in c.subtree:  # "a plane with the Russian flag", "trucks bearing Russian flags"
                if x.lower_ in ("flag", "flags", "markings", "insignia"):
                    for y in x.children:
                        m = ps.mention(y)
                        if m is not None and m.tag in ("ADJ", "CTRY") and m not in out:
                            out.append(m)
        if c.dep_ == "prep" and c.lower_ == "of" and (own is None or own.tag in ("AC", "VES", "EQ")):
            for obj in _prep_objects(c):  # "an Il-76 of the Russian Air Force": its operator
                m = ps.mention(obj)
                if m is not None and m.tag in ("STATE", "ORG", "CTRY") and m not in out:
                    out.append(m)
        if c.dep_ in ("amod", "compound", "nmod", "poss"):
            m = ps.mention(c)
            if m is not None and m is not own and m not in out:
                out.append(m)
            # "Belarusian airline Rubistar's": one level deeper; "C-17 and Il-76 aircraft": each conjunct
            for cc in c.children:
                if cc.dep_ in ("amod", "compound", "nmod", "conj") and cc.i >= end:
                    mm = ps.mention(cc)
                    if mm is not None and mm is not own and mm not in out:
                        out.append(mm)
    return out


_OPERATOR_AT = "milgraph.operator_at"


def _operator_offsets(doc) -> frozenset[int]:
    """Where the sentence names a vehicle's owner or operator ("a vessel owned by X", "chartered
    from X"): the offsets of those objects, read from the whole sentence at once so that no
    filler's roles depend on which filler was read first."""
    cached = doc.user_data.get(_OPERATOR_AT)
    if cached is None:
        end = dateline_end(doc)
        operating = word_class("operator_participles")
        cached = doc.user_data[_OPERATOR_AT] = frozenset(
            obj.idx for c in doc if c.i >= end and c.dep_ in ("acl", "relcl")
            and (c.lower_ in operating or c.lower_ in ("belonging", "belongs"))
            for ag in c.children if ag.dep_ == "agent" or (ag.dep_ == "prep" and ag.lower_ in _OPERATOR_PREPS)
            for obj in ag.children if obj.dep_ == "pobj")
    return cached


def _named_as_operator(doc, m: "Item") -> bool:
    """An organisation the sentence names as a vehicle's owner or operator."""
    return m.tag == "ORG" and "Actor" in m.ids and any(m.start <= i < m.end for i in _operator_offsets(doc))


_CARRIES_OUT = frozenset({"state", "armed_forces", "government", "pmc", "armed_group"})


def _vehicle_actor_roles(m: "Item", f: Filler, an: "DocAnalysis") -> list[tuple[str, str]]:
    """The roles of an actor named on a vehicle: an organisation named as its owner or operator
    ("owned by the shipping firm X", "operated by X") is OPERATED_BY (guide 7), whatever kind the
    recogniser gave it; a state, and a private military company or armed group running its own
    flight or convoy (the organisation that carries the event out), stays BY."""
    roles = _actor_roles(m, an)
    if _named_as_operator(f.token.doc, m):
        entry = an.specs.get(m.ids["Actor"]) or m.entry
        if entry is None or entry.kind not in _CARRIES_OUT:
            return [("OPERATED_BY" if r == "BY" else r, eid) for r, eid in roles]
    return roles


def _generic_cargo(t: "Token", category: str, lex, an: "DocAnalysis", ps: "ParsedSentence") -> str:
    """An Equipment entity for generic cargo named by the text's head phrase (guide §5)."""
    words = [t.lower_]
    i = t.i - 1
    heads = {t.i}
    while i >= 0:
        prev = t.doc[i]
        if i == t.i - 1 and (glued_to_next(prev) or (
                prev.dep_ == "conj" and prev.pos_ == "NOUN" and prev in _list_chain(t))):
            words.insert(0, prev.lower_)  # "fuel, food and building materials": building materials
            break
        if prev.head.i not in heads or prev.dep_ not in ("amod", "compound"):
            break
        heads.add(prev.i)  # "special forces troops": the compound's own modifiers too
        if ps.mention(prev) is not None and not prev.text.islower():
            break
        if not prev.text.replace("-", "").isalpha():
            break
        if prev.dep_ == "amod" and prev.lower_ not in lex.cargo_name_keep and (
                prev.lower_ in word_class("evaluative_adjectives") or prev.tag_ in ("JJR", "JJS")):
            break
        words.insert(0, prev.lower_)
        i -= 1
    name = " ".join(words)
    entry = GazEntry(name=name, label="Equipment", kind=category, properties={"category": category}, generic=True)
    an.specs.setdefault(entry.id, entry)
    return entry.id


# ------------------------------------------------------------------------------ roles

_MAKER_WORDS = frozenset({"made", "built", "designed", "manufactured", "produced", "supplied", "origin"})


def _sender_demonym(c: Candidate, f: Filler, m: "Item") -> bool:
    """'handed over two Russian jets', 'Russian weapons arrived': a state's demonym on moved
    weapons names the state that sends them (guide 7: BY, clearly implied), in a move's frame
    only, and not when it tells where they were made ('Russian-built carriers', 'US-made')."""
    if c.frame.label not in ("Transfer", "Flight", "Voyage"):
        return False
    after = [t for t in f.token.doc if m.end <= t.idx <= m.end + 2]  # "Russian-built": the words joined on
    return not any(t.lower_ in _MAKER_WORDS or t.text == "-" for t in after)


def kind_fits(kind: str, f: Filler) -> bool:
    it = f.item
    if kind == "any":
        return True
    if it is None:
        return {"vehicle": f.vehicle is not None, "cargo": f.cargo is not None or f.personnel,
                "actor": any(m.tag in ("CTRY", "CAP", "STATE", "PER", "ORG", "ADJ") for m in f.modifiers)
                and f.vehicle is None and (f.cargo is None and not f.personnel or _party_people(f.token)),
                }.get(kind, False)
    tag = it.tag
    if kind == "actor":
        return tag in ("CTRY", "CAP", "STATE", "PER", "ORG", "ADJ")
    if kind == "state":
        return tag in ("CTRY", "STATE", "ADJ", "CAP")
    if kind == "place":
        return tag in ("CTRY", "CAP", "PLACE", "BASE")
    if kind == "base":
        return tag == "BASE"
    if kind == "vehicle":
        return tag in ("AC", "VES") or _vehicle_type(it) is not None
    if kind == "named_vehicle":
        return tag in ("AC", "VES")
    if kind == "cargo":
        return tag == "EQ"
    if kind == "subject_matter":
        return tag in ("BASE", "PLACE", "EQ", "CTRY", "CAP", "VES", "AC")
    return False


def _party_people(t: "Token") -> bool:
    """"met Malian officers": people who speak for a state at talks, not forces that move."""
    from milgraph.loaders.extract.event_frames import frames

    return t.lower_ in word_class("party_nouns") and t.lower_ not in frames().lexicon.personnel_words


def _vehicle_type(it: "Item") -> str | None:
    """'aircraft' or 'ship' for an airframe, a ship, or a named aircraft type / ship class."""
    if it.tag == "AC":
        return "aircraft"
    if it.tag == "VES":
        return "ship"
    if it.tag == "EQ" and it.entry is not None and not it.entry.generic:
        cat = it.entry.properties.get("category") or it.entry.kind
        if cat in ("aircraft", "helicopter"):
            return "aircraft"
        if cat == "vessel":
            return "ship"
    return None


vehicle_type = _vehicle_type  # public name for events.py


def _actor_roles(it: "Item", an: "DocAnalysis") -> list[tuple[str, str]]:
    """BY for a state or group; OPERATED_BY for an airline, a company or a named formation
    (whose state is BY)."""
    eid = it.ids.get("Actor")
    if eid is None:
        return []
    entry = an.specs.get(eid) or it.entry
    kind = entry.kind if entry is not None else None
    if kind in ("airline", "company"):
        return [("OPERATED_BY", eid)]
    if kind == "armed_forces" and entry is not None and (entry.properties.get("parent") or _formation_name(entry.name)):
        # a named formation (guide 3: OPERATED_BY, its state BY)
        out = [("OPERATED_BY", eid)]
        parent = load_gazetteer().country(entry.properties["parent"]) if entry.properties.get("parent") else None
        if parent is not None:
            an.specs.setdefault(parent.actor.id, parent.actor)
            out.append(("BY", parent.actor.id))
        return out
    return [("BY", eid)]


def _formation_name(name: str) -> bool:
    """'45th Panzer Brigade', 'Royal Anglian Regiment', 'Amazon Flotilla': a formation named with a
    unit word (not an alliance the gazetteer files under armed forces, "NATO")."""
    words, formation_words = name.lower().split(), word_class("formation_words")
    return any(w in formation_words for w in words)


def _type_flown(c: Candidate, vehicle_type: str | None, position: str) -> bool:
    """'has flown Il-76 freighters from Minsk': an aircraft type as the object of a flight frame's
    verb is the aircraft that flies, not its cargo (cargo needs a transfer verb: 'handed over')."""
    return vehicle_type == "aircraft" and position == "object" and c.label == "Flight" \
        and c.frame.id.startswith("flight.") and c.vehicle is None


def fill(c: Candidate, rule: RoleRule, f: Filler, an: "DocAnalysis", position: str) -> None:
    """Put one filler into the candidate under ``rule.role``, coerced to where it belongs."""
    role = rule.role
    it = f.item
    if f.personnel:
        if position == "subject":
            c.subject_personnel = True  # movers, not yet the moved ("Russian forces used aircraft to move X")
        else:
            c.personnel = True
    if it is None:
        _fill_unnamed(c, rule, f, an, position)
    elif role in ("BY", "USING", "CARRIED", "OPERATED_BY"):
        vt = _vehicle_type(it)
        if role == "USING" and it.tag == "EQ" and vt and c.vehicle and c.vehicle != vt:
            # "the landing ship docked with two Ka-27 helicopters": aircraft a ship brings are its cargo
            _fill_equipment(c, replace(rule, role="CARRIED"), f, an, position)
        elif it.tag in ("AC", "VES") or (vt and role in ("BY", "USING")) or _type_flown(c, vt, position):
            _fill_vehicle(c, rule, f, an, position, vt)
            if f.reading is not None and f.reading not in c.rules:
                c.rules.append(f.reading)
        elif it.tag == "EQ":
            _fill_equipment(c, rule, f, an, position)
        else:
            _fill_mover(c, rule, f, an, position)
    elif role in ("FROM", "TO", "VIA", "BETWEEN"):
        _fill_place(c, rule, it, an)
    elif role == "PARTICIPANT":
        if it.tag in ("CTRY", "CAP", "STATE", "PER", "ORG", "ADJ"):
            for x in it.expand():
                c.add("PARTICIPANT", x.ids.get("Actor"), rule)
    elif role == "ABOUT":
        if it.tag in ("BASE", "PLACE", "CTRY", "CAP", "EQ", "VES", "AC"):
            for x in it.expand():
                c.add("ABOUT", x.id_for("Base", "Place", "Equipment", "Vessel", "Aircraft"), rule)


def _fill_unnamed(c: Candidate, rule: RoleRule, f: Filler, an: "DocAnalysis", position: str) -> None:
    """A filler no entity names: a vehicle ("a Russian cargo plane"), cargo ("Russian weapons"),
    or forces and parties named by their modifiers ("Russian forces", "the Syrian side")."""
    role = rule.role
    if f.vehicle is not None and role in ("BY", "USING", "CARRIED"):
        c.vehicle = c.vehicle or f.vehicle
        if position == "subject" and not word_class("another_words").isdisjoint(x.lower_ for x in f.token.children):
            c.another = True
        if f.number and position == "subject":
            c.vehicles = f.number
        if any(x.dep_ == "det" and x.lower_ == "no" for x in f.token.children):
            c.negated = True  # "no Russian jet has landed"
        if f.cargo is not None:
            c.add("CARRIED", f.cargo, rule)  # "a convoy of army trucks"
        for m in f.modifiers:
            if m.tag in ("AC", "VES") or _vehicle_type(m):
                c.add("USING", m.id_for("Aircraft", "Vessel", "Equipment"), rule)
            elif m.tag in ("CTRY", "CAP", "STATE", "PER", "ORG", "ADJ"):
                for r, eid in _vehicle_actor_roles(m, f, an):
                    c.add(r, eid, rule)
        return
    if f.cargo is not None and role in ("BY", "CARRIED"):
        if c.frame.label != "Construction":  # "Russian engineers repaved it": the builders' state, no cargo
            c.add("CARRIED", f.cargo, rule)
            if f.reading is not None and f.reading not in c.rules:
                c.rules.append(f.reading)
        if f.personnel:
            for m in f.modifiers:
                if m.tag in ("CTRY", "CAP", "STATE", "ORG", "ADJ"):
                    for r, eid in _actor_roles(m, an):
                        c.add(r, eid, rule)
        else:  # "Russian weapons arrived"
            for m in f.modifiers:
                if m.tag == "ADJ" and "Actor" in m.ids and _sender_demonym(c, f, m):
                    c.add("BY", m.ids["Actor"], rule)
                    c.rules.append("by.cargo-demonym")
        return
    party = role == "PARTICIPANT" and f.token.lower_ in word_class("party_nouns")
    if (f.personnel or role == "BY" or party) and f.modifiers:
        # "Russian forces", "Wagner fighters", "the Syrian side" (not "a Chadian border town")
        for m in f.modifiers:
            if m.tag in ("CTRY", "CAP", "STATE", "PER", "ORG", "ADJ"):
                for r, eid in _actor_roles(m, an):
                    c.add("PARTICIPANT" if role == "PARTICIPANT" else r, eid, rule)


def _fill_vehicle(c: Candidate, rule: RoleRule, f: Filler, an: "DocAnalysis", position: str, vt) -> None:
    """A named ship or airframe, or a vehicle type that flies or sails: USING, with its
    modifiers' states and operators."""
    it = f.item
    tag = it.tag
    c.vehicle = c.vehicle or vt
    if position == "subject" and not word_class("another_words").isdisjoint(x.lower_ for x in f.token.children):
        c.another = True
    c.add("USING", it.id_for("Aircraft", "Vessel", "Equipment"), rule)
    if tag == "EQ" and position == "subject":
        c.subject_types.append(it.ids["Equipment"])
    if tag == "VES" and position == "subject":
        ships = [x for x in c.roles.get("USING", []) if x.startswith("vessel:")]
        c.vehicles = max(c.vehicles or 0, len(it.expand()), len(ships))
    for m in f.modifiers:
        if m.tag in ("CTRY", "CAP", "STATE", "ORG", "ADJ"):
            for r, eid in _vehicle_actor_roles(m, f, an):
                c.add(r, eid, rule)


def _fill_equipment(c: Candidate, rule: RoleRule, f: Filler, an: "DocAnalysis", position: str) -> None:
    """Equipment is cargo (trucks that deliver are the vehicle), and whose it is may move it."""
    role, it = rule.role, f.item
    if role == "USING":
        return
    cat = it.entry.properties.get("category") if it.entry is not None else None
    if position == "subject" and cat == "vehicle" and role == "BY":
        c.vehicle = c.vehicle or "land"  # "trucks delivered ammunition": the trucks carry
        return
    c.add("CARRIED", it.ids.get("Equipment"), rule)
    if f.personnel:  # "Russian military instructors": their state sends them
        for m in f.modifiers:
            if m.tag in ("CTRY", "STATE", "ADJ", "ORG"):
                for r, eid in _actor_roles(m, an):
                    c.add(r, eid, rule)
    else:  # "the tanks of Germany's 45th Brigade", "Russia's S-400s": whose they are moves them
        for m in f.modifiers:
            if m.tag in ("STATE", "ORG") and m.entry is not None and m.entry.kind in ("state", "armed_forces"):
                for r, eid in _actor_roles(m, an):
                    c.add(r, eid, rule)
            elif m.tag == "ADJ" and "Actor" in m.ids and _sender_demonym(c, f, m):
                c.add("BY", m.ids["Actor"], rule)
                c.rules.append("by.cargo-demonym")


def _fill_mover(c: Candidate, rule: RoleRule, f: Filler, an: "DocAnalysis", position: str) -> None:
    """An actor in a mover's role: BY or OPERATED_BY by its kind; a force that is moved is its own agent."""
    role, it = rule.role, f.item
    tag = it.tag
    if tag in ("CTRY", "CAP", "STATE", "PER", "ORG", "ADJ") and role in ("BY", "OPERATED_BY"):
        entry = an.specs.get(it.ids.get("Actor", "")) or it.entry
        if role == "BY" and position == "subject" and c.frame.label == "Transfer" and c.vehicle is None \
                and entry is not None and entry.kind == "company":
            c.add("BY", it.ids["Actor"], rule)  # "the drone maker X supplies drones": the firm itself moves them
            return
        for r, eid in _actor_roles(it, an):
            c.add(r, eid, rule)
    elif role == "CARRIED" and (f.personnel or _is_force(it)) and position != "subject":
        # "sent the Africa Corps", "Russian troops deployed": the force moved is its own agent
        c.personnel = True
        for r, eid in _actor_roles(it, an):
            c.add(r, eid, rule)


def _fill_place(c: Candidate, rule: RoleRule, it: "Item", an: "DocAnalysis") -> None:
    """FROM / TO / VIA / BETWEEN: a place or base (each of a group); a state organ gives its country."""
    role, tag = rule.role, it.tag
    if tag in ("STATE", "ORG", "ADJ") and rule.when in ("actor", "state"):
        c.add(role, _home_place(it, an), rule)  # "the Sudanese army received": to Sudan
        return
    if tag in ("CTRY", "CAP", "PLACE", "BASE"):
        for x in it.expand():
            eid = x.id_for("Base", "Place")
            if role == "BETWEEN":
                if eid and eid not in c.between:
                    c.between.append(eid)
                    if rule.id not in c.rules:
                        c.rules.append(rule.id)
            else:
                c.add(role, eid, rule)


def _is_force(it: "Item") -> bool:
    return it.tag == "ORG" and it.entry is not None and it.entry.kind in ("armed_forces", "pmc", "armed_group")


def _home_place(it: "Item", an: "DocAnalysis") -> str | None:
    """The country Place of a state organ or a group ("the Sudanese army" -> Sudan)."""
    if "Place" in it.ids and it.tag != "ORG":
        return it.ids["Place"]
    entry = it.entry
    country = entry.properties.get("country") if entry is not None else None
    c = load_gazetteer().country(country) if country else (it.country if it.country is not None else None)
    if c is None:
        return None
    an.specs.setdefault(c.place.id, c.place)
    return c.place.id


def read_candidate(ps: "ParsedSentence", tok: "Token", frame: Frame, fs: FrameSet,
                   an: "DocAnalysis", memory: dict | None = None) -> Candidate | None:
    """The event a frame reads around one trigger, or None when it tells none. ``memory``
    holds the vehicle of the last trip told, for "it" and "they"."""
    repeat = _told_as_repeat(tok)
    if frame.requires_repeat and not repeat:
        return None
    c = Candidate(frame, tok, frame.label, rules=[frame.id])
    args = arguments(tok, _particle_of(tok, frame))
    args = _speaker_pronoun(args, ps)
    args = _pronoun_in_sentence(args, ps, fs)
    if frame.label == "Talks":
        args = _their_parties(args, tok)
    if repeat and (frame.requires_repeat or frame.label in ("Flight", "Voyage")):
        _repeated_vehicle(c, ps, memory)  # "a second run", "another sailing" (not "the next resupply")
    elif memory and frame.label not in ("Talks", "Construction"):
        _pronoun_vehicle(c, ps, args, memory)
    args = _route_from_compounds(c, ps, tok, args, frame)
    subject_fillers = _fill_arguments(c, ps, args, frame, fs, an)
    if frame.label == "Talks":
        _agreed_action(c, ps, tok, fs, an)
    if not _frame_requirements_met(ps, tok, frame, fs, an, args, subject_fillers):
        return None
    _between(c)
    if c.subject_personnel and not c.moved_cargo:
        c.personnel = True  # "Russian troops left Mali": the subject itself moves
    if frame.requires_vehicle_or_cargo and not (c.vehicle or c.personnel or c.roles.get("CARRIED") or c.roles.get("USING")):
        return None
    _settle_label(c, frame, an)
    c.framed_as = _framing(c, frame) or _sender_moves_forces(c, subject_fillers)
    if c.negated:
        return None
    _settle_using(c, an)
    return c if _tells_an_event(c, frame, subject_fillers) else None


def _route_from_compounds(c: Candidate, ps: "ParsedSentence", tok: "Token", args: list[tuple[str, "Token"]],
                          frame: Frame) -> list[tuple[str, "Token"]]:
    """"Libya-Mali trips", "the Minsk-Bamako flight": the hyphened places are the route (FROM,
    VIA, TO), not actors modifying the trip."""
    for a in [tok, *(a for rel, a in args if rel == "object" or rel.startswith("prep:"))]:
        route = _route_compound(ps, a) if frame.label not in ("Talks", "Construction") else []
        if route and not c.roles.get("FROM") and not c.roles.get("TO"):
            c.add("FROM", route[0])
            for x in route[1:-1]:
                c.add("VIA", x)
            c.add("TO", route[-1])
            c.rules.append("route.hyphen")
            args = [(rel, x) for rel, x in args if not (rel == "modifier" and ps.mention(x) is not None
                                                        and ps.mention(x).id_for("Base", "Place") in route)]
    return args


def _fill_arguments(c: Candidate, ps: "ParsedSentence", args: list[tuple[str, "Token"]], frame: Frame,
                    fs: FrameSet, an: "DocAnalysis") -> list[Filler]:
    """Each argument's fillers into the first of the frame's role rules that takes them; the
    subject's fillers are returned (the frame's requirements look at them)."""
    subject_fillers: list[Filler] = []
    for rel, a in args:
        if rel == "mode":
            # "by rail" makes trucks or trains the carrier; "by air", "by sea" tell no trip of
            # one aircraft or ship (guide 7), unless forces travel (see _framing)
            c.vehicle = c.vehicle or (MODES[a.lower_] if MODES[a.lower_] == "land" else None)
            c.mode = c.mode or MODES[a.lower_]
            c.rules.append(f"mode.by-{a.lower_}")
            continue
        position = "subject" if rel in ("subject", "modifier", "possessor") else rel
        fl = fillers(ps, a, fs, an, position)
        if rel == "subject":
            subject_fillers.extend(fl)
        for f in fl:
            for rule in frame.rules:
                if rule.rel == rel and kind_fits(rule.when, f):
                    fill(c, rule, f, an, position)
                    break
    return subject_fillers


def _frame_requirements_met(ps: "ParsedSentence", tok: "Token", frame: Frame, fs: FrameSet, an: "DocAnalysis",
                            args: list[tuple[str, "Token"]], subject_fillers: list[Filler]) -> bool:
    """The subject and object the frame requires, and for Construction something built."""
    if frame.requires_subject is not None:
        want = frame.requires_subject
        ok = any((want == "personnel" and f.personnel) or
                 (want == "cargo" and (f.cargo is not None or (f.item is not None and f.item.tag == "EQ"
                                                                and _vehicle_type(f.item) is None)) and not f.personnel) or
                 (want == "vehicle" and (f.vehicle or (f.item is not None and _vehicle_type(f.item))))
                 for f in subject_fillers)
        if not ok:
            return False
    if frame.requires_object is not None and not _object_fits(ps, frame.requires_object, args, fs, an):
        return False
    if frame.label == "Construction" and frame.requires_object is None and _builds_something_else(ps, tok):
        return False  # "widening its footprint in X", "expanding cooperation": no facility built
    if frame.label == "Construction" and tok.dep_ == "acl" and not any(c.dep_ in _SUBJ for c in tok.children) and (
            word_class("facility_nouns").isdisjoint(lemma_candidates(tok.head.text)[:2])
            and word_class("place_nouns").isdisjoint(lemma_candidates(tok.head.text)[:2])):
        return False  # "rocket systems built in Israel": where a thing was made, no construction
    return True


def _settle_label(c: Candidate, frame: Frame, an: "DocAnalysis") -> None:
    """The vehicle a named ship or airframe decides, the frame's relabelling rules, and the label
    the vehicle gives (trucks make no flight; a convoy through a strait is ships)."""
    named = _named_vehicle(c)
    if named is not None:
        c.vehicle = named  # "the fast transport USNS X": the ship named decides, not the noun before it
    for r in frame.relabel:
        if condition_holds(r.when, c, an):
            c.label = r.label
            break
    if c.label in ("Flight", "Voyage") and c.vehicle == "land":
        if frame.label == "Voyage":
            c.vehicle = "ship"  # "the convoy sailed from Baltiysk": a convoy that sails is ships
        else:
            c.label = "Transfer"
    if c.label == "Transfer" and c.vehicle == "land" and _crosses_sea(c, an):
        c.label, c.vehicle = "Voyage", "ship"  # "a convoy passed through the Strait": ships, not trucks


def _settle_using(c: Candidate, an: "DocAnalysis") -> None:
    """Types named as the subject of a trip aboard something are its cargo; an airframe named
    stands without its type."""
    if c.subject_types and any(r in c.rules for r in ("move.aboard", "move.on-board", "move.on")):
        # "Mi-24 helicopters arrived aboard an Il-76": the types named as the subject are cargo
        for x in c.subject_types:
            c.roles["USING"].remove(x)
            c.add("CARRIED", x)
    using = c.roles.get("USING", [])
    if any(x.startswith("aircraft:") for x in using):  # the airframe, not also its type
        c.roles["USING"] = [x for x in using if not (x.startswith("equipment:") and _is_aircraft_type(an, x))]


def _tells_an_event(c: Candidate, frame: Frame, subject_fillers: list[Filler]) -> bool:
    """The roles the frame requires, and no vehicle's trip or person's travel read as talks or trips."""
    if frame.requires_any and not any(c.roles.get(r) for r in frame.requires_any):
        return False
    if c.label == "Talks" and (c.vehicle or c.roles.get("USING") or any(
            f.vehicle or (f.item is not None and _vehicle_type(f.item)) for f in subject_fillers)):
        return False  # "a cargo plane made two trips": a vehicle's trip, no visit for talks
    if c.label == "Talks" and not c.roles.get("PARTICIPANT") and not (
            c.roles.get("ABOUT") and any(r not in _WHERE_RULES for r in c.rules if r.startswith("talks."))):
        return False  # "called at Tobruk": a place where something happened names no party to talks
    if c.label in ("Flight", "Voyage") and not (c.vehicle or c.roles.get("USING") or c.roles.get("CARRIED")) \
            and any(f.item is not None and f.item.tag == "PER" for f in subject_fillers):
        return False  # "Haftar lands in Moscow": a person travelling, no trip of a vehicle told
    return True


def _builds_something_else(ps: "ParsedSentence", tok: "Token") -> bool:
    """A construction verb whose object is neither a facility, a place, a built thing, nor a
    name ("expanding its footprint", "developing ties", "opening talks") tells no construction."""
    if not is_verbal(tok):
        return False
    for o in (c for c in tok.children if c.dep_ == "dobj"):
        for t in conjuncts(o):
            if ps.mention(t) is not None or t.pos_ == "PROPN" or t.lower_ in word_class("built_things"):
                return False
            lemmas = lemma_candidates(t.text)[:3]
            if not word_class("facility_nouns").isdisjoint(lemmas) or not word_class("place_nouns").isdisjoint(lemmas):
                return False
        return True
    return False


def _named_vehicle(c: Candidate) -> str | None:
    """'ship' or 'aircraft' when every named ship or airframe the trip uses is of that kind."""
    kinds = {("ship" if x.startswith("vessel:") else "aircraft") for x in c.roles.get("USING", [])
             if x.startswith(("vessel:", "aircraft:"))}
    return kinds.pop() if len(kinds) == 1 else None


_TALKS_COMPLEMENT = {"object": ("ABOUT", "subject_matter"), "prep:of": ("ABOUT", "subject_matter"),
                     "prep:to": ("PARTICIPANT", "actor"), "recipient": ("PARTICIPANT", "actor"),
                     "prep:with": ("PARTICIPANT", "actor")}


def _agreed_action(c: Candidate, ps: "ParsedSentence", tok: "Token", fs: FrameSet, an: "DocAnalysis") -> None:
    """'agreed to restore Suakin', 'signed a contract to supply drones to the army', 'agreed
    to fund the redevelopment of X with Y': what the parties agree to do is what the talks are
    about (its object, ABOUT), and whom it is done to or with is a party (PARTICIPANT)."""
    heads = [tok, *(x for x in tok.children if x.dep_ == "dobj")]
    for v in (x for h in heads for x in h.children if x.dep_ in ("xcomp", "acl", "advcl") and x.pos_ == "VERB"
              and any(a.dep_ == "aux" and a.lower_ == "to" for a in x.children)):
        for rel, a in arguments(v):
            want = _TALKS_COMPLEMENT.get(rel)
            if want is None:
                continue
            role, kind = want
            for f in fillers(ps, a, fs, an, rel):
                if f.cargo is not None or (f.item is not None and f.item.entry is not None and f.item.entry.generic):
                    continue  # generic cargo is an entity only as CARRIED (guide 5)
                if kind_fits(kind, f):
                    fill(c, RoleRule(f"talks.agreed-{rel}", rel, role, kind), f, an, rel)
                elif role == "PARTICIPANT" and f.item is None and f.modifiers:
                    for m in f.modifiers:  # "to the Sudanese army": the state behind it
                        if m.tag in ("STATE", "CTRY", "ADJ", "CAP"):
                            c.add("PARTICIPANT", m.ids.get("Actor"))


def _framing(c: Candidate, frame: Frame) -> str | None:
    """A trip (Flight, Voyage) read by a deployment or pull-out verb is also that Deployment or
    Withdrawal (guide 7, D8: "the frigates were withdrawn from Tartus" is a Voyage and a
    Withdrawal). A trip that only carries forces is not framed as one by that alone: measured,
    emitting a Deployment for every plane or ferry with troops aboard adds more wrong events
    than right ones (measured again on eight sets, Deployment only, towards a stated place,
    without USING or OPERATED_BY: 11 more true role tuples, 9 of them on one set, for 37 more
    predicted; four sets fell); leaving a home port with troops aboard is no pull-out). Forces that travel "by air" or "by sea" are a Deployment (or Withdrawal)
    and its Flight (or Voyage)."""
    if c.label in ("Flight", "Voyage") and frame.label in ("Deployment", "Withdrawal"):
        return frame.label
    if c.label in ("Deployment", "Withdrawal") and c.mode in ("aircraft", "ship") and c.vehicle is None:
        return "Flight" if c.mode == "aircraft" else "Voyage"  # "a contingent arrived by air": its trip too
    return None


def _sender_moves_forces(c: Candidate, subject_fillers: list[Filler]) -> str | None:
    """A state or organisation that flies or ships its forces to a place ("France flew 300
    paratroopers to Djibouti") sends them there: the trip is also a Deployment (guide 7, D8,
    like "sent 200 instructors"). Only when the subject is the sender, not the vehicle or the
    forces themselves ("an Il-76 flew 80 soldiers", "the troops flew in" stay a trip), and not
    when the place is the sender's own ("flew its soldiers back to Russia": home, no deployment)."""
    if c.label not in ("Flight", "Voyage") or not (c.personnel and c.moved_cargo and c.roles.get("TO")):
        return None
    if not subject_fillers or any(f.vehicle or f.personnel or f.item is None or _vehicle_type(f.item)
                                  or f.item.tag not in _SENDER_TAGS for f in subject_fillers):
        return None
    if {x.split(":", 1)[-1] for x in c.roles["TO"]} & {x.split(":", 1)[-1] for x in c.roles.get("BY", [])}:
        return None
    c.rules.append("trip.forces-sent")
    return "Deployment"


_SENDER_TAGS = ("STATE", "CTRY", "CAP", "ORG", "ADJ")


_PLACE_TAGS = ("CTRY", "CAP", "PLACE", "BASE")


def _object_fits(ps: "ParsedSentence", want: str, args, fs: FrameSet, an: "DocAnalysis") -> bool:
    """Does the object (or passive subject) name what the frame asks for: a place ("handed back
    the base"), or a facility ("offered a naval base at X", "a hub is planned")?"""
    for rel, a in args:
        if want == "into_facility":  # "turned the airfield into a base"
            if rel == "prep:into" and any(not word_class("facility_nouns").isdisjoint(lemma_candidates(t.text)[:2])
                                          for t in conjuncts(a)):
                return True
            continue
        if rel not in ("object", "passive_subject") and not (rel in ("prep:of", "prep:for") and want != "forces"):
            continue  # "the handover of the camp", "plans for a supply point": a noun's object
        for t in conjuncts(a):
            if want == "facility" and not word_class("facility_nouns").isdisjoint(lemma_candidates(t.text)[:2]):
                return True
            if want == "forces" and (t.lower_ in word_class("presence_nouns") or t.lower_ in fs.lexicon.personnel_words
                                     or fs.lexicon.cargo_nouns.get(t.lower_) == "personnel"):
                return True
            if want == "place":
                m = ps.mention(t)
                if m is not None and m.tag in _PLACE_TAGS:
                    return True
                if m is None and t.lower_ in word_class("facility_nouns"):
                    return True
    return False


_WHERE_RULES = frozenset({"talks.at", "talks.in", "talks.meet", "talks.visit"})


def _crosses_sea(c: Candidate, an: "DocAnalysis") -> bool:
    """Does the move go from, to or through a sea or strait (which no land convoy does)?"""
    for role in ("FROM", "TO", "VIA"):
        for x in c.roles.get(role, []):
            entry = an.specs.get(x)
            if entry is not None and entry.kind == "sea":
                return True
    return False


def _route_compound(ps: "ParsedSentence", tok: "Token") -> list[str]:
    """'Syria-Libya trips', 'the Minsk-Benghazi-Bamako route': places joined by hyphens."""
    places: list[list] = []  # [first token, last token, id]
    for t in tok.subtree:
        if t.i > tok.i:
            break
        m = ps.mention(t)
        if m is not None and m.tag in ("CTRY", "CAP", "PLACE", "BASE"):
            eid = m.id_for("Base", "Place")
            if eid and places and places[-1][2] == eid and places[-1][1] == t.i - 1:
                places[-1][1] = t.i
            elif eid:
                places.append([t.i, t.i, eid])
    if len(places) < 2:
        return []
    doc = tok.doc
    for (_, end, _), (start, _, _) in zip(places, places[1:]):
        # only a dash between the two names ("Syria-Libya", "Minsk\u2013Bamako"), not "Bay-class ship from X"
        if start != end + 2 or doc[end + 1].text not in ("-", "\u2013", "\u2014"):
            return []
    return [eid for _, _, eid in places]


def _pronoun_in_sentence(args, ps: "ParsedSentence", fs: FrameSet):
    """'... a Russian corvette and a tanker as they went through the Channel': 'they' is the
    vehicle named before it in the same sentence (the first of a coordination)."""
    out = []
    for rel, a in args:
        if rel == "subject" and a.lower_ in ("they", "it") and ps.mention(a) is None:
            plural = a.lower_ == "they"
            for t in reversed(ps.doc[:a.i]):
                m = ps.mention(t)
                is_vehicle = (m is not None and (m.tag in ("VES", "AC") or _vehicle_type(m))) or (m is None and t.pos_ == "NOUN" and any(
                    x in nouns for x in lemma_candidates(t.text) for k, nouns in fs.lexicon.vehicle_nouns.items()
                    if k != "land"))
                if is_vehicle:
                    while t.dep_ == "conj" and plural:
                        t = t.head
                    if m is not None:
                        t = ps.span(m).root
                    rel, a = rel, t
                    break
        out.append((rel, a))
    return out


def _their_parties(args, tok: "Token"):
    """'Greece and Cyprus widened access under their defence pact': 'their' (or 'its') before an
    agreement noun stands for the subject of the clause that holds the noun, so the parties are
    read there (each conjunct is read by the filler)."""
    out = []
    for rel, a in args:
        if rel == "possessor" and a.lower_ in ("their", "its"):
            h = tok
            while h.pos_ not in ("VERB", "AUX") and h.head is not h:
                h = h.head
            subjects = [c for c in h.children if c.dep_ in ("nsubj", "nsubjpass")] if h.pos_ in ("VERB", "AUX") else []
            if subjects and subjects[0].lower_ not in ("they", "it", "which", "that", "who"):
                a = subjects[0]
        out.append((rel, a))
    return out


def _particle_of(tok: "Token", frame: Frame) -> str | None:
    """The particle of a phrasal trigger ("over" when the frame lists "take over")."""
    for c in tok.children:
        if c.dep_ in ("prt", "advmod") and any(f"{lemma} {c.lower_}" in frame.verbs for lemma in lemma_candidates(tok.text)):
            return c.lower_
    return None


def _speaker_pronoun(args, ps: "ParsedSentence"):
    """'Wagner said it was pulling out': 'it' is the speaker, when an actor says it of itself."""
    out = []
    for rel, a in args:
        if rel == "subject" and a.lower_ in ("it", "they", "we") and ps.mention(a) is None:
            verb = a.head
            speaker = None
            for anc in verb.ancestors:
                subj = [x for x in anc.children if x.dep_ == "nsubj"]
                if subj:
                    m = ps.mention(subj[0])
                    if m is not None and m.tag in ("CTRY", "CAP", "STATE", "ORG", "PER"):
                        speaker = subj[0]
                    break
            if speaker is not None:
                out.append((rel, speaker))
                continue
        out.append((rel, a))
    return out


def _told_as_repeat(tok: "Token") -> bool:
    """'a second run', 'another sailing', 'the fourth trip': a trip noun counted as one more."""
    return not is_verbal(tok) and any(c.dep_ in ("amod", "det", "nummod") and c.lower_ in word_class("repeat_words")
                                      for c in tok.children)


def _repeated_vehicle(c: Candidate, ps: "ParsedSentence", memory: dict | None) -> None:
    """'A second run by the ship is scheduled for June': one more trip of the vehicle the last trip
    told used (within three sentences), and whose it is."""
    last = (memory or {}).get("vehicle")
    if last is None or ps.view.index - last[3] > 3 or c.roles.get("USING"):
        return
    kind, using, by, _ = last
    if {"Flight": "aircraft", "Voyage": "ship"}.get(c.frame.label, kind) != kind:
        return  # "a second sailing" after a flight: another vehicle
    c.vehicle = c.vehicle or kind
    for x in using:
        c.add("USING", x)
    for x in by:
        c.add("BY", x)
    c.rules.append("coref.repeat-trip")


def _pronoun_vehicle(c: Candidate, ps: "ParsedSentence", args, memory: dict) -> None:
    """'It left Tartus', 'they went through the Channel': the vehicle of the trip just told
    (the previous sentence or this one), when the entity coreference left the pronoun open."""
    last = memory.get("vehicle")
    if last is None or ps.view.index - last[3] > 2:  # the trip told up to two sentences before
        return
    kind, using, by, _ = last
    for rel, a in args:
        if rel not in ("subject", "passive_subject") or ps.mention(a) is not None:
            continue
        if a.lower_ in ("it", "they"):
            rule = "coref.pronoun-vehicle"
        elif _same_vehicle_noun(ps, a, kind):
            rule = "coref.the-vehicle"
        else:
            continue
        c.vehicle = kind
        for x in using:
            c.add("USING", x)
        for x in by:
            c.add("BY", x)
        c.rules.append(rule)
        return


def _same_vehicle_noun(ps: "ParsedSentence", a: "Token", kind: str) -> bool:
    """'The same aircraft flew back', 'the vessel would call at X': a bare definite vehicle noun
    of the kind just told ("the plane" after a plane's trip), nothing named on it."""
    from milgraph.loaders.extract.event_frames import frames

    nouns = frames().lexicon.vehicle_nouns.get(kind, frozenset())
    if not any(x in nouns for x in lemma_candidates(a.text)[:3]):
        return False
    if not any(c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in a.children):
        return False
    return not any(c.dep_ in ("compound", "nmod", "poss", "nummod", "appos") or ps.mention(c) is not None
                   for c in a.children)


def _is_aircraft_type(an: "DocAnalysis", eid: str) -> bool:
    entry = an.specs.get(eid)
    return entry is not None and (entry.properties.get("category") or entry.kind) in ("aircraft", "helicopter")


def condition_holds(when: str, c: Candidate, an: "DocAnalysis") -> bool:
    if when == "vehicle_aircraft":
        return c.vehicle == "aircraft"
    if when == "vehicle_ship":
        return c.vehicle == "ship"
    if when == "personnel":
        return c.personnel
    if when == "personnel_leaving":
        return c.personnel and bool(c.roles.get("FROM")) and not c.roles.get("TO")
    if when == "personnel_departing":  # "the units left Kursk for home": the place they left is what is told
        return c.personnel and "depart.object" in c.rules
    if when == "equipment_only":
        return bool(c.roles.get("CARRIED")) and not c.personnel
    if when == "no_vehicle_cargo":  # "the hardware was flown to Bamako": goods moved by air, no trip told
        return c.vehicle is None and not c.roles.get("USING") and bool(c.roles.get("CARRIED")) and not (
            c.personnel or c.subject_personnel) and not any(_is_aircraft_type(an, x) for x in c.roles["CARRIED"])
    return False


def _between(c: Candidate) -> None:
    """'between A and B': FROM A, TO B (events.py may turn it round from context). A list of
    three or more ("flights between Russia, Belarus, Libya and the Sahel") names a network, no
    one trip's ends."""
    if len(c.between) == 2 and c.label not in ("Talks", "Construction") and not c.roles.get("FROM") and not c.roles.get("TO"):
        c.add("FROM", c.between[0])
        c.add("TO", c.between[1])


def candidates(ps: "ParsedSentence", fs: FrameSet, an: "DocAnalysis", memory: dict | None = None) -> list[Candidate]:
    """Every event the sentence's triggers read (one per trigger, the first frame that fits).
    Verbs are read first; a noun trigger that is the subject or object of a verb that told an
    event ("received a shipment") adds none of its own."""
    out: list[Candidate] = []
    told: set[int] = set()
    triggers = [(tok, fr) for tok in ps.doc if ps.mention(tok) is None  # not part of a name
                and (fr := triggered_frames(tok, fs))]
    for verbs in (True, False):
        for tok, frames in triggers:
            if is_verbal(tok) != verbs:
                continue
            if not verbs and tok.dep_ in ("dobj", "nsubjpass", "nsubj") and tok.head.i in told:
                continue
            if not verbs and tok.dep_ in ("dobj", "nsubjpass") and not word_class("ending_verbs").isdisjoint(
                    lemma_candidates(tok.head.text)):
                continue  # "Chad ended its cooperation agreement with France": no talks held
            if verbs and tok.tag_ == "VBG" and tok.dep_ in ("nsubj", "csubj", "nsubjpass") and not any(
                    c.dep_ in ("dobj", "nsubj", "nsubjpass") for c in tok.children):
                continue  # "Shipping through the strait has recovered": the trade in general, no move
            if verbs and tok.lower_ in word_class("on_the_way_participles") \
                    and not any(c.dep_ in ("nsubj", "nsubjpass") for c in tok.children):
                continue  # "aboard a plane bound for X": the route of another trigger, read there
            if verbs and any(c.dep_ == "oprd" and c.pos_ != "ADJ" for c in tok.children):
                continue  # "called the port a target", "named it a hub": a naming, not a happening
                # ("left Bangui empty", "sailed back loaded": the state of the mover, a move still)
            if not verbs and tok.dep_ == "compound":
                continue  # "landing ships", "transport aircraft": a noun that classifies another
            for frame in sorted(frames, key=lambda f: f.requires_subject is None and f.requires_object is None
                                and not f.requires_repeat):
                c = read_candidate(ps, tok, frame, fs, an, memory)
                if c is not None:
                    out.append(c)
                    told.add(tok.i)
                    break
    out = [_envoy_sent(c, ps, fs, an) for c in out]
    out.extend(x for x in (_facility_talked_about(c, ps, fs, an) for c in list(out)) if x is not None)
    out.extend(x for x in (_offer_as_talks(c, ps, fs) for c in list(out)) if x is not None)
    out.sort(key=lambda c: c.trigger.i)
    found = _purposes_of_trips(_fold_conjoined_legs(_fold_participles(out)))
    return _return_legs(found)


def _envoy_sent(c: Candidate, ps: "ParsedSentence", fs: FrameSet, an: "DocAnalysis") -> Candidate:
    """'Sudan's army sent an envoy to Benghazi to ask Haftar to close the corridor': an envoy or
    a delegation sent is a visit for talks (guide 7), its parties the sender, the state it goes
    to and whoever it is sent to ask or meet; no Transfer."""
    if c.frame.label not in ("Transfer", "Deployment") or not c.roles.get("BY"):
        return c
    objects = [x for x in c.trigger.children if x.dep_ in ("dobj", "nsubjpass")]
    envoys = word_class("envoy_nouns")
    if not objects or not all(o.lower_ in envoys and ps.mention(o) is None for o in objects):
        return c
    frame = next(f for f in fs.frames if f.id == "talks.meet")
    talks = Candidate(frame, c.trigger, "Talks", rules=[frame.id, "talks.envoy-sent"])
    for x in c.roles["BY"]:
        talks.add("PARTICIPANT", x)
    for x in c.roles.get("TO", []):
        entry = an.specs.get(x)
        if entry is not None and entry.kind == "country":
            talks.add("PARTICIPANT", "actor:" + x.split(":", 1)[1])
    purposes = [x for x in c.trigger.children if x.dep_ in ("advcl", "xcomp")]
    purposes += [x for o in objects for x in o.children if x.dep_ in ("acl", "relcl")]  # "an envoy to ask X"
    for v in purposes:
        if not word_class("talking_verbs").isdisjoint(lemma_candidates(v.text)[:4]):
            for o in v.children:
                m = ps.mention(o) if o.dep_ in ("dobj", "dative") else None
                if m is not None and m.tag in ("PER", "STATE", "CTRY", "CAP", "ORG"):
                    for it in m.expand():
                        talks.add("PARTICIPANT", it.ids.get("Actor"))
    return talks if len(talks.roles.get("PARTICIPANT", [])) >= 2 else c
_TOPIC_RELS = ("object", "prep:on", "prep:about", "prep:over", "prep:for", "prep:regarding", "prep:of")
_PLANNING_FRAME = "construction.plan-facility"


def _facility_talked_about(c: Candidate, ps: "ParsedSentence", fs: FrameSet, an: "DocAnalysis") -> Candidate | None:
    """Talks about a facility not yet there ("negotiations on a Russian naval logistics centre
    near Port Sudan", "discussing a logistics hub in X") also tell its planned construction
    (guide 7: "plans a naval hub", an agreed base): ABOUT the named place, BY its owner."""
    if c.label != "Talks":
        return None
    for rel, a in arguments(c.trigger):
        if rel not in _TOPIC_RELS:
            continue
        for t in conjuncts(a):
            if t.lower_ not in word_class("facility_nouns") or ps.mention(t) is not None or not any(
                    x.dep_ == "det" and x.lower_ in ("a", "an") for x in t.children):
                continue  # "a base", not "the base" (one already there)
            mods = _modifier_items(ps, t, None)
            place = _named_place(ps, t, mods)
            if place is None or place.item is None:
                continue
            frame = fs.by_id(_PLANNING_FRAME)
            out = Candidate(frame, c.trigger, "Construction", rules=[frame.id, "talks.facility-planned"])
            for x in place.item.expand():
                out.add("ABOUT", x.id_for("Base", "Place"))
            for m in mods:
                if m.tag in ("CTRY", "CAP", "STATE", "ADJ", "ORG") and m is not place.item:
                    for role, eid in _actor_roles(m, an):
                        out.add(role, eid)
            return out
    return None


def _offer_as_talks(c: Candidate, ps: "ParsedSentence", fs: FrameSet) -> Candidate | None:
    """'Ankara offered Mogadishu a drone base at Kismayo': an offer to a named party is also
    Talks between the two about the facility (guide 7: offers are Talks)."""
    if c.label != "Construction" or word_class("offer_verbs").isdisjoint(lemma_candidates(c.trigger.text)[:4]):
        return None
    parties = [x for x in c.roles.get("BY", [])]
    for rel, a in arguments(c.trigger):
        if rel in ("recipient", "prep:to"):
            for t in conjuncts(a):
                m = ps.mention(t)
                if m is not None and m.tag in ("CTRY", "CAP", "STATE", "PER", "ORG"):
                    parties.extend(x.ids["Actor"] for x in m.expand() if "Actor" in x.ids)
    if len(set(parties)) < 2:
        return None
    frame = next(f for f in fs.frames if f.label == "Talks")
    talks = Candidate(frame, c.trigger, "Talks", rules=[frame.id, "talks.offer"])
    for x in parties:
        talks.add("PARTICIPANT", x)
    for x in c.roles.get("ABOUT", []):
        talks.add("ABOUT", x)
    return talks


def _and_back(tok: "Token") -> bool:
    """'flew from A to B and back': the trip's own clause ends in "and back"."""
    doc = tok.doc
    for t in tok.subtree:
        if t.lower_ == "back" and t.i > 0 and doc[t.i - 1].lower_ == "and" and (
                t.i + 1 >= len(doc) or doc[t.i + 1].pos_ not in ("VERB", "AUX")):
            return True
    return False


def _return_legs(found: list[Candidate]) -> list[Candidate]:
    """A trip told with its way back ("flew from A to B and back") is two trips, the second
    from B to A with the same vehicle and mover."""
    out: list[Candidate] = []
    for c in found:
        out.append(c)
        if c.label in ("Flight", "Voyage") and c.roles.get("FROM") and c.roles.get("TO") and _and_back(c.trigger):
            roles = {k: list(v) for k, v in c.roles.items() if k not in ("FROM", "TO", "VIA")}
            roles["FROM"], roles["TO"] = list(c.roles["TO"]), list(c.roles["FROM"])
            out.append(replace(c, roles=roles, rules=[*c.rules, "trip.and-back"], framed_as=None))
    return out


def _purposes_of_trips(found: list[Candidate]) -> list[Candidate]:
    """'a vessel Russia had sent to Syria to evacuate equipment': the evacuation is planned, made
    with the vessel sent, by its sender, from where it was sent (guide 7, D8). Goods a trip is
    made to deliver ("is due to call at X to deliver spares") are that trip's cargo, no move of
    their own (one event per trip)."""
    by_token = {c.trigger.i: c for c in found}
    folded: set[int] = set()
    for c in found:
        t = c.trigger
        trip = by_token.get(t.head.i)
        if trip is None or trip is c or t.dep_ not in ("advcl", "xcomp") or not any(
                x.dep_ == "aux" and x.lower_ == "to" for x in t.children):
            continue
        if trip.label not in ("Flight", "Voyage", "Transfer", "Deployment") or c.label in ("Talks", "Construction"):
            continue
        if trip.label in ("Flight", "Voyage") and c.label in ("Transfer", trip.label) and not (
                c.roles.get("FROM") or set(c.roles.get("TO", [])) - set(trip.roles.get("TO", []))):
            for x in c.roles.get("CARRIED", []):
                trip.add("CARRIED", x)
            trip.rules.append("purpose.cargo-of-trip")
            folded.add(id(c))
            continue
        c.purpose = True
        for x in trip.roles.get("USING", []):
            if x.startswith(("vessel:", "aircraft:")):
                c.add("USING", x)
        if not c.roles.get("BY"):
            for x in trip.roles.get("BY", []):
                c.add("BY", x)
        if c.label == "Withdrawal" and not c.roles.get("FROM"):
            for x in trip.roles.get("TO", []):
                c.add("FROM", x)
        c.rules.append("purpose.of-trip")
    return [c for c in found if id(c) not in folded]


_LEG_ROLES = ("FROM", "TO", "VIA")
_ARRIVAL_FRAMES = ("transfer.arrive-cargo", "deployment.arrive", "movement.arrive")


def _legs_clash(a: Candidate, b: Candidate, roles: tuple[str, ...] = _LEG_ROLES) -> bool:
    """Both candidates name places (or vehicles) for one of the roles, and not the same ones."""
    return any(a.roles.get(r) and b.roles.get(r) and set(a.roles[r]) != set(b.roles[r]) for r in roles)


def _mover_of_subject(t: "Token", by_token: dict) -> Candidate | None:
    """The move whose subject the word is, or is "of" ("a convoy of trucks"): its candidate."""
    if t.dep_ == "pobj" and t.head.lower_ == "of" and t.head.head.dep_ in ("nsubj", "nsubjpass"):
        t = t.head.head
    return by_token.get(t.head.i) if t.dep_ in ("nsubj", "nsubjpass") else None


def _folds_into_its_mover(c: Candidate, mover: Candidate | None) -> bool:
    """A participle on the subject of a move tells what that move carried; its places fill
    those the move lacks. Returns whether it was folded."""
    if mover is None or mover is c or mover.label in ("Talks", "Construction") or c.label in ("Talks", "Construction") \
            or _legs_clash(c, mover):
        return False
    _absorb(mover, c, [r for r in c.roles if r == "CARRIED" or not mover.roles.get(r)], "move.vehicle-carrying")
    return True


def _folds_into_its_object(c: Candidate, mover: Candidate | None) -> bool:
    """An arrival told in a relative clause on what another move carried ("provided two
    ambulances that arrived at Cotonou port") adds its places to that move when none of them
    clashes; an onward leg ("crates that were then driven to X") stays a move of its own.
    Returns whether it was folded."""
    if mover is None or mover is c or mover.label in ("Talks", "Construction") or \
            c.label not in ("Transfer", mover.label) or c.roles.get("USING") or not mover.roles.get("CARRIED") or \
            c.frame.id not in _ARRIVAL_FRAMES or _legs_clash(c, mover):
        return False
    _absorb(mover, c, (*_LEG_ROLES, "CARRIED"), "move.cargo-arrival")
    return True


def _absorb(mover: Candidate, c: Candidate, roles, reading: str) -> None:
    """The move takes the clause's fillers of those roles, its rules and the reading's tag; its
    trigger is kept to date the move when the move's own clause gives no date."""
    for role in roles:
        for x in c.roles.get(role, []):
            mover.add(role, x)
    mover.rules.extend(r for r in [*c.rules, reading] if r not in mover.rules)
    mover.folded_triggers.append(c.trigger)


def _fold_conjoined_legs(found: list[Candidate]) -> list[Candidate]:
    """'took off from X and flew south over Y': verbs of one subject joined by "and" tell one
    trip when their places do not clash; "flew to A and went on to B" stays two legs."""
    by_token = {c.trigger.i: c for c in found}
    out = []
    for c in found:
        verb = _verb_of_leg(c.trigger, by_token)
        head = by_token.get(verb.head.i) if verb.dep_ == "conj" else None
        if head is not None and head is not c and head.label == c.label and c.label in ("Flight", "Voyage", "Transfer") \
                and not _legs_clash(c, head, _LEG_ROLES + ("USING",)) \
                and not any(x.dep_ in ("nsubj", "nsubjpass") for x in verb.children):
            for role, xs in c.roles.items():
                for x in xs:
                    head.add(role, x)
            completed = ["trip.completed-leg"] if verb is not c.trigger else []
            head.rules.extend(r for r in [*c.rules, *completed] if r not in head.rules)
            continue
        out.append(c)
    return out


def _verb_of_leg(t: "Token", by_token: dict) -> "Token":
    """The verb that joins a leg to the clause: the trigger itself, or the verb it completes
    when that verb tells no move ("and took eleven days to reach X", "and managed to land")."""
    if t.dep_ in ("xcomp", "advcl") and t.head.i not in by_token and not word_class("completing_verbs").isdisjoint(
            lemma_candidates(t.head.text)[:2]):
        return t.head
    return t


def _fold_participles(found: list[Candidate]) -> list[Candidate]:
    """'instructors arrived in Niger, bringing equipment': what the participle carries is the
    cargo of the move it describes, not a move of its own."""
    by_token = {c.trigger.i: c for c in found}
    out = []
    for c in found:
        head = by_token.get(c.trigger.head.i)
        t = c.trigger
        if t.dep_ == "acl" and t.tag_ == "VBN" and t.head.dep_ in ("nsubj", "nsubjpass"):
            carrier = by_token.get(t.head.head.i)  # "a tanker, escorted by X, passed": one trip
            if carrier is not None and carrier is not c and carrier.label in ("Flight", "Voyage") \
                    and c.label == carrier.label:
                for role in ("USING", "BY", "OPERATED_BY", "CARRIED"):
                    for x in c.roles.get(role, []):
                        carrier.add(role, x)
                carrier.rules.extend(r for r in c.rules if r not in carrier.rules)
                continue
        if t.dep_ == "acl" and t.tag_ == "VBG" and _folds_into_its_mover(c, _mover_of_subject(t.head, by_token)):
            continue  # "a convoy of trucks carrying fuel left X": what the vehicles carry is the trip's cargo
        if t.dep_ == "relcl" and t.head.dep_ == "dobj" and _folds_into_its_object(c, by_token.get(t.head.head.i)):
            continue  # "provided two ambulances that arrived at Cotonou port": where the cargo went is the move's
        if c.trigger.dep_ == "advcl" and c.trigger.tag_ == "VBG" and head is not None and head is not c and \
                c.frame.id == "movement.return" and head.label in ("Flight", "Voyage") and head.roles.get("TO") \
                and c.roles.get("TO") and set(c.roles["TO"]) != set(head.roles["TO"]) and not c.roles.get("FROM"):
            # "flew from A to B, each time returning to C": the way back is a trip of its own, from B
            roles = {k: list(v) for k, v in head.roles.items() if k in ("USING", "BY", "OPERATED_BY")}
            roles["FROM"], roles["TO"] = list(head.roles["TO"]), list(c.roles["TO"])
            out.append(replace(c, label=head.label, roles=roles, vehicle=head.vehicle, rules=[*c.rules, "trip.return-leg"]))
            continue
        if c.trigger.dep_ == "advcl" and c.trigger.tag_ == "VBG" and head is not None and head is not c and \
                head.label not in ("Talks", "Construction") and c.label not in ("Talks", "Construction"):
            for x in c.roles.get("CARRIED", []):
                head.add("CARRIED", x)
            for role in ("FROM", "TO", "VIA", "USING"):  # "..., coming partly from Russia"
                if not head.roles.get(role):
                    for x in c.roles.get(role, []):
                        head.add(role, x)
            head.rules.extend(r for r in c.rules if r not in head.rules)
            continue
        out.append(c)
    return out
