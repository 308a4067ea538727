"""Mentions of entities in a report: gazetteer hits, pattern hits and names typed by context,
turned into a *tagged sentence* that the relation and event rules read.

Each mention becomes an :class:`Item` with a tag:

====== =====================================================================
tag    meaning
====== =====================================================================
CTRY   a country name: the state Actor or the Place, by the slot it fills
CAP    a capital that may stand for its state ("Moscow") or be the city
STATE  a name that always stands for a state ("the Kremlin", "Russian navy")
ADJ    a demonym ("Russian"): never an entity by itself, fills actor slots
PER    a person; ORG another actor (armed group, PMC, airline, government)
PLACE  region, city, sea; BASE base/port/airport; EQ equipment type
AC     one airframe (registration); VES one ship; SRC a source
====== =====================================================================

The tagged sentence is the folded sentence text with every item replaced by ``«k:TAG»``
(``k`` indexes :attr:`DocAnalysis.items`), e.g. ``«3:CTRY» is relocating «4:EQ» from «5:CTRY»``.
Rules in relations.py / events.py run precompiled regexes over it.

Descriptions that name something named before ("the base", "the ship", "the two countries")
are resolved in coreference.py, called once per sentence after the mentions are found; "state
television" is the broadcaster named in the report (here).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from milgraph.graph.ids import match_key
from milgraph.loaders.gazetteer import (
    Country, GazEntry, Gazetteer, Mention, _read_yaml, fold, load_gazetteer, tokens,
)
from milgraph.loaders.extract import equipment_names
from milgraph.loaders.extract import names as names_mod
from milgraph.loaders.extract import unit_names
from milgraph.loaders.extract import nlp
from milgraph.loaders.extract.dates import MONTHS
from milgraph.loaders.extract import coreference
from milgraph.loaders.extract.sentences import Sentence
from milgraph.loaders.extract.tagged import overlaps, tagged_text
from milgraph.loaders.extract.word_gate import AnyWord, WordGate, has_digit

ACTOR_TAGS = ("CTRY", "CAP", "STATE", "PER", "ORG")
LOC_TAGS = ("CTRY", "CAP", "PLACE", "BASE")


@dataclass
class Item:
    k: int
    sent: int
    start: int  # offsets in the sentence text
    end: int
    text: str
    tag: str
    ids: dict[str, str]  # label -> entity id (a country: Actor and Place)
    default: str | None  # label it is emitted under when no rule uses it (None: not emitted)
    entry: GazEntry | None = None
    country: Country | None = None
    members: list["Item"] = field(default_factory=list)  # a group coreference ("the pair")
    coref: bool = False  # a description resolved to a named thing (not counted as a mention)
    possessor: bool = False  # followed by 's
    modifier: bool = False  # in a compound modifier ("Moscow-backed", "Sirte-based")

    def id_for(self, *labels: str) -> str | None:
        for label in labels:
            if label in self.ids:
                return self.ids[label]
        return None

    def expand(self) -> list["Item"]:
        return self.members or [self]

    @property
    def kind(self) -> str | None:
        return self.entry.kind if self.entry else None


@dataclass
class SentenceView:
    index: int
    text: str
    start: int | None  # offset in doc.text (None for the title)
    end: int | None
    paragraph: int
    items: list[Item]
    tagged: str
    folded: str
    is_title: bool = False
    doc: Any = None  # the sentence parsed by loaders/extract/nlp.py (None when the parse was skipped)


@dataclass
class DocAnalysis:
    sentences: list[SentenceView]
    items: list[Item]
    specs: dict[str, GazEntry]  # entity id -> entry (name, label, kind, properties)
    aliases: dict[str, set[str]]  # entity id -> surface forms seen
    mention_counts: dict[str, int]
    published: str | None
    publisher_keys: set[str]
    unplaced: list[str] = field(default_factory=list)  # capitalised names no rule could type
    # filled once the relations are read: each ship, airframe or base -> the actors the report says operate it
    operators: dict[str, list[str]] = field(default_factory=dict)
    # filled once the relations are read: each named formation -> the states the report says it belongs to
    formation_states: dict[str, list[str]] = field(default_factory=dict)
    # Talks about a state's unnamed bases ("the fate of China's bases"), by id() of the event -> the state's id
    bases_discussed: dict[int, str] = field(default_factory=dict)
    # per report, filled on first use: the parsed sentences, and the dates found in each text
    parsed: list | None = field(default=None, repr=False)
    date_hits: dict = field(default_factory=dict, repr=False)


# ------------------------------------------------------------------------------- patterns

# letters of names in Latin script, accented ones included ("Nováky", "Třinec", "Île"): an
# upper-case letter, then lower-case ones
_UP = "[A-Z\u00c0-\u00d6\u00d8-\u00de]"
_LOW = "[a-z\u00df-\u00f6\u00f8-\u00ff\u0100-\u024f]"


@lru_cache(maxsize=1)
def _pat() -> dict:
    data = _read_yaml("patterns.yaml") or {}
    out: dict = {"raw": data}
    preps = sorted(data.get("place_prepositions", []), key=len, reverse=True)
    out["place_prep"] = re.compile(r"(?:^|\b)(?:" + "|".join(re.escape(p) for p in preps) +
                                   r")\s+(?:the\s+)?(?:[a-z-]+\s+){0,1}$")
    out["place_prep_strict"] = re.compile(r"(?:^|\b)(?:" + "|".join(re.escape(p) for p in preps) +
                                          r")\s+(?:the\s+)?(?:(?:north|south|east|west|central)[a-z-]*\s+)?$")
    out["registration"] = re.compile(data.get("registration_pattern", r"(?!x)x"))
    out["designation"] = re.compile(data.get("designation_pattern", r"(?!x)x"))
    out["numbered_base"] = re.compile(data.get("numbered_base_pattern", r"(?!x)x"))
    out["designation_categories"] = data.get("designation_categories", {})
    vt = []
    for kind, words in (data.get("vessel_types") or {}).items():
        for w in words:
            vt.append((w, kind))
    vt.sort(key=lambda x: len(x[0]), reverse=True)
    out["vessel_kind"] = {w: k for w, k in vt}
    generic = [str(w) for w in data.get("generic_ship_words") or []]
    out["generic_ship_words"] = frozenset(generic)
    types = "|".join(re.escape(w) for w in sorted([w for w, _ in vt] + generic, key=len, reverse=True))
    # a ship's name: capitalised words, with a numeral or a small joining word ("Cabo de Hornos")
    name = r"((?:[A-Z][\w'\u2019-]+)(?:\s+(?:" + names_mod.rules().particles["ship"] + r"\s+(?=[A-Z]))?" r"(?:[A-Z][\w'\u2019-]+|I{1,3}|IV|V|VI|\d{1,4}\b|[A-Z]\b(?!\.))){0,3})"
    # any word of a ship type in the sentence ("ro-ro", "dhow", "oiler" as well as "ship")
    out["ship_words"] = tuple(w.lower() for w in [*generic, *(data.get("ship_cue_words") or []), *(w for w, _ in vt)])
    out["vessel_after"] = re.compile(rf"\b(?:[Tt]he\s+)?((?i:{types}))(?:e?s)?\s+{name}")
    out["ship_word_before"] = re.compile(rf"\b(?i:{types})(?:e?s)?\s+$")  # "the ro-ro " before a name
    out["vessel_before"] = re.compile(rf"\b{name}\s+\(?((?i:{types}))\b")
    # "two ro-ro ships, the Cape Hudson and the Liberty Pride": names set off after a ship word
    out["vessel_listed"] = re.compile(rf"\b((?i:{types}))(?:e?s)?,\s+the\s+{name}(?:,?\s+and\s+the\s+{name})?")
    # "the Turkish-flagged Kaptan Ali": a flag state's modifier right before the name
    out["vessel_flagged"] = re.compile(rf"\b(?:[Tt]he|[Aa]n?)\s+[A-Z][\w.]*-(?:flagged|registered)\s+{name}")
    services = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(data.get("state_services") or [], key=len, reverse=True)) or "(?!x)x"
    out["service_ending"] = re.compile(rf"\b(?P<service>{services})$")  # "hellenic army"
    out["service_after"] = re.compile(rf"(?:['\u2019]s?)?\s+(?P<service>{services})\b")  # "senegal's navy"
    out["service_words"] = tuple(" ".join(w.split()) for w in data.get("state_services") or [])
    out["service_named"] = re.compile(rf"\b(?:(?P<det>the|an?)\s+)?(?P<service>{services})\b(?!\s+of\b)")
    suffixes = data.get("base_suffixes") or {}
    suf = "|".join(re.escape(s) for s in sorted(suffixes, key=len, reverse=True))
    out["base_suffix_kind"] = {k.lower(): v for k, v in suffixes.items()}
    # the last word of every suffix: a sentence with none of them names no base by a suffix
    out["base_suffix_words"] = frozenset(k.lower().split()[-1] for k in suffixes)
    # a word of a name in any alphabet's capitals ("Orléans-Bricy", "Kosseï"), never a suffix's own word
    word = r"(?!(?:Air|Naval|Navy|Force|Base|Station|Airport|Airfield|International|Military|Army)\b)" \
           r"(?![\w-]*-(?:held|backed|controlled|run|led|based|built|operated|owned|allied|linked|funded|made|style)\b)" \
           r"[A-ZÀ-ÖØ-Þ][\w-]*(?:['\u2019]\w{2,}[\w-]*)?"
    # "Sasebo, the US Navy's forward base", "Andøya, the Norwegian air station": a place the
    # apposition after it calls a base denotes the base (guide §2)
    out["appositive_base"] = re.compile(
        rf"\b((?:(?:[Aa]l|[Ee]l)-)?{word}(?:[ -](?:al-|el-)?{word}){{0,2}}),\s+(?:the|an?|its|their|(?:the\s+)?[A-Z][\w.-]*(?:\s[A-Z][\w.-]*){{0,3}}['\u2019]s)\s+(?:[\w-]+\s+){{0,3}}?"
        r"(air base|airbase|naval air station|air station|naval station|naval base|military base|base)\b(?!\s+(?:for|to)\b)")
    out["base_named"] = re.compile(
        rf"\b((?:(?:[Aa]l|[Ee]l|[Aa]s|[Aa]n|[Aa]r)-|(?:[Aa]l|[Ee]l) )?{word}(?:[ -](?:al-|el-)?{word}){{0,2}})\s+((?i:{suf}))\b")
    trade = [w for kind, ws in names_mod.rules().organisation_kinds if kind in ("airline", "company") for w in ws]
    trade_rx = "|".join(re.escape(w) for w in sorted(trade, key=len, reverse=True)) or "(?!x)x"
    out["company"] = re.compile(rf"\b({word}(?:\s+(?:of\s+|&\s+)?{word}){{0,3}}?)\s+({trade_rx})\b(?:(?<=Airways)|(?<=Airlines)|(?!\s+[A-Z]))")
    out["company_words"] = tuple(trade)  # the regex needs one of them: a substring test skips it cheaply
    out["camp"] = re.compile(rf"\bCamp\s+{word}(?:[ -]{word})?")
    # lower case, or capitalised where the word is part of the name ("Kherson Oblast"); never
    # "State Department" or "Bay Region"
    unit_forms = [f for w in data.get("admin_unit_words") or [] for f in
                  ((w, w.capitalize()) if w in ("province", "governorate", "prefecture", "oblast", "krai") else (w,))]
    units = "|".join(re.escape(w) for w in sorted(unit_forms, key=len, reverse=True)) or "(?!x)x"
    out["admin_unit"] = re.compile(
        rf"\b((?:(?:[Aa]l|[Ee]l|[Aa]s|[Aa]n|[Aa]r)-)?{word}(?:[ -](?:al-|el-)?{word}){{0,2}})\s+({units})\b")
    out["admin_unit_words"] = tuple(unit_forms)
    islands = data.get("island_words") or []
    out["feature_kind"] = {**{w: "sea" for w in data.get("sea_words") or []},
                           **{w: "region" for w in islands + (data.get("land_feature_words") or [])},
                           **{w.lower(): "region" for w in islands}}  # "the Sakishima islands", "the Afungi peninsula"
    seas = "|".join(re.escape(w) for w in out["feature_kind"]) or "(?!x)x"
    out["sea_words"] = tuple(out["feature_kind"])
    out["river_pair_words"] = tuple(data.get("river_pair_words") or ())
    rivers = "|".join(re.escape(w) for w in out["river_pair_words"]) or "(?!x)x"
    out["river_pair"] = re.compile(rf"\b(?:the\s+)?(?P<a>{word})\s+and\s+(?:the\s+)?(?P<b>{word})\s+(?:{rivers})\b")
    # not part of a longer name ("Southern Sea Logistics", "Tokyo-based ..."
    sea_word = word
    out["sea_of"] = re.compile(rf"\b(?P<word>{seas})\s+of\s+(?:the\s+)?{sea_word}(?:\s+{sea_word})?(?!\s+[A-Z])")
    # a later word may carry an Arabic article ("Ma'tan as-Sarra Oasis")
    out["sea_named"] = re.compile(rf"\b{sea_word}(?:\s+(?:(?:al|as|an|ar|el|ad|at)-)?{sea_word}){{0,2}}\s+(?P<word>{seas})\b(?!-)(?!\s+[A-Z])")
    place_of = [(w, kind) for kind, ws in (data.get("place_of_words") or {}).items() for w in ws]
    out["place_of_kind"] = dict(place_of)
    pof = "|".join(re.escape(w) for w, _ in sorted(place_of, key=lambda x: -len(x[0]))) or "(?!x)x"
    out["place_of"] = re.compile(rf"\b(?:the|a)\s+(?:(?:small|tiny|remote|northern|southern|eastern|western|central|coastal|"
                                 rf"strategic|key|frontline|front-line|disputed|border)\s+)?(?P<word>{pof})\s+of\s+"
                                 rf"(?P<name>{word}(?:[ -]{word}){{0,2}})")
    crossings = "|".join(re.escape(w) for w in sorted(data.get("crossing_words") or [], key=len, reverse=True)) or "(?!x)x"
    out["crossing"] = re.compile(rf"\b(?:the|a)\s+(?P<name>{word}(?:[ -]{word})?)\s+(?:{crossings})\b")
    prefixes = data.get("base_prefixes") or {}
    out["base_prefix_kind"] = dict(prefixes)
    bpx = "|".join(re.escape(w) for w in sorted(prefixes, key=len, reverse=True)) or "(?!x)x"
    out["base_prefixed"] = re.compile(rf"\b(?P<prefix>{bpx})\s+(?P<name>{word}(?:[ -]{word}){{0,2}})")
    out["base_prefix_gate"] = WordGate(prefixes)
    # "a new base at Rudninkai", "the airfield at Rukla": the base named by its place (guide §2)
    out["base_at"] = re.compile(rf"\b(?P<noun>air ?base|base|airfield|airstrip|garrison|naval base|military base|army base)\s+at\s+"
                                rf"(?P<name>{word}(?:[ -]{word}){{0,2}})", re.I)
    out["base_near"] = re.compile(r"\b(air ?base|airfield|air field|airport)s?\s+(?:in|near|at|outside|close to)\s+", re.I)
    titles = sorted(data.get("person_titles", []), key=len, reverse=True)
    pname = r"[A-Z][a-z]+(?:-[A-Za-z][a-z]+)?"
    # a name never opens with a title ("Shri Arvind Menon" is "Arvind Menon" after the title)
    # the first word of every title ("Prime Minister X" opens at X, never at "Minister")
    one_word = "|".join(sorted({re.escape(t.split()[0]) for t in titles if re.fullmatch(r"[a-z]+", t.split()[0])})) or "(?!x)x"
    out["person_name"] = re.compile(rf"(?<![\w'\u2019-])(?!(?:[A-Za-z]+-)?(?i:{one_word})\s)((?:{pname}\s+){{1,3}}{pname})\b(?!['\u2019]s\b)")
    out["person_title_after"] = re.compile(r"\s*,\s+(?:the\s+|a\s+|an\s+|its\s+|their\s+|his\s+|her\s+)?"
                                           r"(?:[A-Za-z-]+\s+){0,3}?(?:" + "|".join(titles) + r")\b", re.I)
    out["person_title_before"] = re.compile(r"(?:^|\b)(?:" + "|".join(titles) + r")\s+$", re.I)
    # the first word of every title: a sentence with none of them has no titled name
    out["title_first_words"] = frozenset(re.findall(r"[a-z]+", t.lower())[0] for t in titles)
    out["handle"] = re.compile(r"\b([A-Z][a-z]+(?:\s+[A-Z][a-z]+){1,2})\s+\(@(\w+)\)")
    out["officials"] = re.compile(data.get("official_source_pattern", r"(?!x)x"))
    out["unknown_place"] = re.compile(r"\b(?:to|from|via|into|towards?|near|outside|between|past|off|"
                                      r"(?:bound|heading|headed|making|sailed|sailing|left|leaving|departed|steaming)\s+for)\s+"
                                      rf"((?:{_UP}{_LOW}{{2,}}(?:-{_UP}?{_LOW}+)?)(?:\s{_UP}{_LOW}{{2,}})?"
                                      # a particle that runs the name on ("to Foz do Iguacu")
                                      rf"(?:\s{names_mod.rules().particles['place']}\s{_UP}{_LOW}{{2,}})?)"
                                      r"(?=\s*[,.;:)]|\s+(?:and|on|in|at|to|from|after|before|via|for|last|this|where|with|by|over|earlier|later)\b)")
    out["not_places"] = set(data.get("unknown_place_stopwords") or [])
    out["state_tv"] = re.compile(r"\b(?:state(?:-run)? (?:television|tv|broadcaster|media)|public broadcaster|national television)\b", re.I)
    for words in ("ship_words", "base_suffix_words", "company_words", "sea_words", "admin_unit_words"):
        out[words + "_gate"] = AnyWord(out[words])  # any(w in text for w in out[words]), one regex search
    return out


# ------------------------------------------------------------------------------- analysis

class _Builder:
    def __init__(self, gaz: Gazetteer, published: str | None, publisher: str | None):
        self.gaz = gaz
        self.items: list[Item] = []
        self.specs: dict[str, GazEntry] = {}
        self.aliases: dict[str, set[str]] = {}
        self.counts: dict[str, int] = {}
        self.published = published
        self.publisher_keys: set[str] = set()
        self.publisher_names: list[str] = []
        if publisher:
            self.add_publisher(publisher)
        self.last_countries: list[Item] = []
        self.last_regimes: list[Item] = []  # "Niger's military government", "the Malian junta"
        self.services: dict[str, Item] = {}  # "navy" -> the state whose navy was named first ("the Hellenic Navy")
        self.places_by_country: dict[str, int] = {}  # country name -> places named so far that lie in it
        self.service_named = _pat()["service_named"]  # "the navy", "an Air Force" (coreference.py)
        self.service_words: tuple[str, ...] = _pat()["service_words"]
        self.last_bases: list[Item] = []
        self.last_vessels: list[Item] = []
        self.doc_vessels: list[Item] = []  # every ship named so far, for "the frigate" / "the tanker"
        self.airframes: list[Item] = []  # registrations named so far
        self.doc_bases: list[GazEntry] = []
        self.broadcasters: list[GazEntry] = []
        self.seen_bases: list[GazEntry] = []
        self.named_bases: dict[str, GazEntry] = {}  # last word of each base named by a pattern -> base
        self.named_things: dict[str, GazEntry] = {}  # match key -> ship or organisation named so far
        self.sources_by_key: dict[str, GazEntry] = {}  # unnamed sources of the report by their phrase
        self.surnames: dict[str, str] = {}  # last name -> full name of the persons named so far
        self.unplaced: list[str] = []
        self.equipment_names: dict[str, GazEntry] = {}  # "Albatross" -> the "M3 Albatross" named before

    def add_publisher(self, name: str) -> None:
        key = match_key(name)
        if not key:
            return
        self.publisher_keys.add(key)
        if len(name) >= 4 and name not in self.publisher_names:
            self.publisher_names.append(name)
        entry = self.gaz.lookup("Source", name)
        if entry:
            self.publisher_keys.add(match_key(entry.name))
            self.publisher_keys.update(match_key(a) for a in entry.aliases)

    # -- entity registry
    def spec(self, entry: GazEntry) -> str:
        eid = entry.id
        if eid not in self.specs:
            self.specs[eid] = entry
        return eid

    def count(self, eid: str, surface: str) -> None:
        self.counts[eid] = self.counts.get(eid, 0) + 1
        self.aliases.setdefault(eid, set()).add(surface)

    def new_item(self, sent: int, start: int, end: int, text: str, tag: str, ids: dict[str, str],
                 default: str | None, entry: GazEntry | None = None, country: Country | None = None,
                 coref: bool = False, members: list[Item] | None = None) -> Item:
        item = Item(len(self.items), sent, start, end, text, tag, ids, default, entry, country,
                    members or [], coref)
        self.items.append(item)
        return item


def _tag_for(entry: GazEntry) -> str:
    if entry.label == "Actor":
        return {"person": "PER", "state": "STATE"}.get(entry.kind or "", "ORG")
    return {"Place": "PLACE", "Base": "BASE", "Equipment": "EQ", "Aircraft": "AC",
            "Vessel": "VES", "Source": "SRC"}[entry.label]


def analyse(title: str, text: str, sentences: list[Sentence], published: str | None,
            publisher: str | None = None) -> DocAnalysis:
    gaz = load_gazetteer()
    b = _Builder(gaz, published, publisher)
    views: list[SentenceView] = []
    # datelines "By Reuters | ..." name the wire: treat it like the publisher
    for m in re.finditer(r"(?m)^\s*By\s+([^|\n]{2,60}?)\s*\|", text):
        b.add_publisher(m.group(1))
    # prescan: bases and broadcasters named anywhere in the report (for descriptions); the
    # hits of the whole text are reused for its sentences (one gazetteer pass per report)
    title_s = title.strip()
    title_hits = gaz.find(title_s)
    text_hits = gaz.find(text)
    for hits in (title_hits, text_hits):
        for mention in hits:
            e = mention.entry
            if e.label == "Base" and e not in b.doc_bases:
                b.doc_bases.append(e)
            if e.label == "Source" and e.properties.get("broadcaster") and e not in b.broadcasters:
                b.broadcasters.append(e)
    segs: list[tuple[str, int | None, int | None, int, bool]] = []
    if title_s:
        segs.append((title_s, None, None, -1, True))
    for s in sentences:
        segs.append((s.text, s.start, s.end, s.paragraph, False))
    per_sentence = _hits_by_sentence(text_hits, sentences)
    # parse work stays bounded on a huge text: sentences past the budget get no parse
    budget, n_parsed = nlp.MAX_REPORT_PARSE_CHARS, 0
    while n_parsed < len(segs) and budget > 0:
        budget -= min(len(segs[n_parsed][0]), nlp.MAX_PARSE_CHARS)
        n_parsed += 1
    docs = nlp.parse_syntax([seg[0] for seg in segs[:n_parsed]]) + [None] * (len(segs) - n_parsed)
    # the recogniser only where a capitalised name is left that no gazetteer entry covers
    nlp.add_names([docs[i] for i, seg in enumerate(segs[:n_parsed])
                   if not seg[4] and _has_unknown_name(seg[0], per_sentence.get(seg[1]), gaz)])
    for idx, (stext, sstart, send, para, is_title) in enumerate(segs):
        hits = title_hits if is_title else per_sentence.get(sstart)
        items = _sentence_items(b, idx, stext, hits, None if is_title else docs[idx])
        folded = fold(stext)
        tagged = tagged_text(folded, items)
        views.append(SentenceView(idx, stext, sstart, send, para, items, tagged, folded, is_title, docs[idx]))
    _places_that_are_bases(b, views)
    _place_short_forms(b, views)
    _names_that_are_ships(b, views)
    return DocAnalysis(views, b.items, b.specs, b.aliases, b.counts, published, b.publisher_keys,
                       list(dict.fromkeys(b.unplaced)))


def _places_that_are_bases(b: _Builder, views: list[SentenceView]) -> None:
    """A name the report gives a base ("Bardufoss air station", "the Rukla training area") that is
    no town's is that base wherever else the report uses it as a place, before or after ("flights
    to Bardufoss" in the title, "serve in Vilnius and Rukla"); so is a recogniser's guess of an
    institution by that name ("work on the quay at Pointe X" after "the Pointe X naval base")."""
    bases = {match_key(e.name): e for e in b.specs.values() if e.label == "Base" and
             b.gaz.lookup("Place", e.name) is None and names_mod.geo_lookup(e.name) is None}
    if not bases:
        return
    for view in views:
        changed = False
        for it in view.items:
            entry = it.entry
            guessed_org = it.tag == "ORG" and entry is not None and entry.kind == "institution" and \
                b.gaz.lookup("Actor", entry.name) is None
            if not guessed_org and (it.tag != "PLACE" or entry is None) or it.coref or \
                    b.gaz.lookup("Place", entry.name) is not None:
                continue
            base = bases.get(match_key(entry.name))
            if base is None:
                continue
            _retype(b, it, it.ids.get(entry.label), "BASE", base)
            changed = True
        if changed:
            view.tagged = tagged_text(view.folded, view.items)


_KNOWN_AS = re.compile(r"(?:\s+[a-z][\w-]*){0,3},?\s+(?:also\s+|locally\s+|widely\s+)?(?:known|referred\s+to)\s+as\s+"
                       r"(?:the\s+)?(?P<name>[A-Z][\w'\u2019-]*(?:\s+[A-Z][\w'\u2019-]*){0,3})")
_KNOWN_AS_LABELS = frozenset({"Equipment", "Actor", "Base", "Place", "Vessel"})


def _known_as_raw(text: str, raw: list) -> None:
    """"Type 03 missiles known as Chu-SAM", "the Harvest Brigade, also known as the X": the name
    after "known as" is another name of the thing before it (guide §2: an alias), never a second
    entity; whatever else claimed that name gives way."""
    if "known as" not in text and "referred to as" not in text:
        return
    for r in list(raw):
        entry = r[3].get("entry") if r[2] == "entry" else r[3]["mention"].entry if r[2] == "mention" and \
            r[3]["mention"].via == "name" else None
        m = _KNOWN_AS.match(text, r[1]) if entry is not None and entry.label in _KNOWN_AS_LABELS else None
        if m is None or entry.label == "Actor" and entry.kind == "state":
            continue
        s0, e0 = m.span("name")
        raw[:] = [x for x in raw if x[1] <= s0 or x[0] >= e0]
        raw.append((s0, e0, "entry", {"entry": entry, "via": "name"}))


_ISLAND_HEAD = re.compile(r"\s+(?:Island|Isle|Atoll)$")
_PARTICLE_TAIL = re.compile(r"(?<=\w)-(?:du|de|des|sur|en|la|le)-\w.*$")


def _place_short_forms(b: _Builder, views: list[SentenceView]) -> None:
    """An island the report names with its island word ("Wake Island") is the place it names
    without it, before or after ("engineers on Wake"), and a town joined by a particle
    ("Sainte-Odile-du-Fleuve") the place its first part names: one place, the short form its alias."""
    islands = {}
    for e in b.specs.values():
        m = _ISLAND_HEAD.search(e.name) if e.label == "Place" else None
        if m is not None:
            islands[match_key(e.name[:m.start()])] = e
        joined = _PARTICLE_TAIL.search(e.name) if e.label == "Place" else None
        if joined is not None:  # "Sainte-Odile-du-Fleuve" ... "Sainte-Odile": the town's short form
            islands.setdefault(match_key(e.name[:joined.start()]), e)
    for view in views:  # the text's own form of a known island ("Kalo-an Island" for Heron Cay Island)
        for it in view.items:
            m = _ISLAND_HEAD.search(it.text) if it.tag == "PLACE" and it.entry is not None and not it.coref else None
            if m is not None and m.start() > 0:
                islands.setdefault(match_key(it.text[:m.start()]), it.entry)
    if not islands:
        return
    for view in views:
        changed = False
        for it in view.items:
            island = islands.get(match_key(it.entry.name)) if it.tag == "PLACE" and it.entry is not None else None
            if island is not None and island is not it.entry:
                _retype(b, it, it.ids.get("Place"), "PLACE", island)
                changed = True
        if changed:
            view.tagged = tagged_text(view.folded, view.items)


_MADE_BY = re.compile(r"\b(?:made|built|manufactured|produced|developed|designed|assembled)\s+by\s+(?:the\s+)?"
                      r"(?:[A-Z][\w'\u2019]*-[a-z]+\s+)?"  # "built by Yilan-based X": the modifier is not the name
                      r"(?P<name>[A-Z][\w&'\u2019-]*(?:\s+[A-Z][\w&'\u2019-]*){0,3})")


def _makers(gaz: Gazetteer, text: str) -> list[tuple[int, int, str]]:
    """"guns built by Bharat Forge", "radars made by Thales": the agent of a verb of making is a
    company (guide §1) when no gazetteer entry names it whole and it is no stopword or demonym."""
    out = []
    for m in _MADE_BY.finditer(text):
        name = m.group("name")
        words = name.split()
        if words[0] in names_mod.rules().stopwords or words[0] in names_mod.demonyms() or \
                any(h.start == 0 and h.end >= len(name) for h in gaz.find(name)):
            continue
        out.append((m.start("name"), m.end("name"), name))
    return out


_FORCES_ABROAD = re.compile(rf"(?<![\w-])(?:(?P<adj>{_UP}[a-z]+)\s+)?(?:Armed\s+)?Forces\s+(?P<prep>(?:in|of|on)\s+(?:the\s+)?)?"
                            rf"(?P<place>{_UP}[\w'\u2019-]*(?:\s+{_UP}[\w'\u2019-]*){{0,4}})")


def _forces_abroad(gaz: Gazetteer, text: str, doc: Any) -> list[tuple[int, int, str]]:
    """"British Forces Gibraltar", "the Armed Forces in French Polynesia": a state's forces named
    with a land where they serve that is not the state's own are a formation (guide §3: named
    formations are their own Actor); the armed forces of a state are that state (D5)."""
    out = []
    for m in _FORCES_ABROAD.finditer(text):
        if _NAME_RUNS_ON.match(text, m.end()) or not m.group("adj") and re.search(r"[A-Z][\w.]*\s+$", text[:m.start()]):
            continue  # "the Armed Forces of the Republic of X", "US Forces Korea": part of a longer name
        adj, place = m.group("adj"), m.group("place")
        if adj in names_mod.rules().stopwords:
            adj = None  # "The Armed Forces in ..."
        owner = _country_of_word(gaz, adj) if adj and adj != "Armed" else None
        if adj and adj != "Armed" and owner is None or not _is_place_name(gaz, place, doc, m.start("place")):
            continue
        home = _country_of_word(gaz, place)
        if home is not None and (owner is None or home.name == owner.name):
            continue  # "the Armed Forces of Malta": the state itself
        start = m.start("adj") if adj else m.end("adj") + 1 if m.group("adj") else m.start()
        out.append((start, m.end(), text[start:m.end()]))
    return out


def _inside_capitalised_run(text: str, start: int, end: int) -> bool:
    """A capitalised word with capitalised words right before (not an article: "The Hydrographic
    Ship X") and right after it."""
    before = re.search(r"([A-Z][\w'\u2019-]*)\s+$", text[max(0, start - 30):start])
    return text[start:start + 1].isupper() and before is not None and before.group(1) not in names_mod.rules().stopwords \
        and re.match(r"\s+[A-Z]", text[end:end + 3]) is not None


_UPPER_NEXT = re.compile(r"\s+[A-Z]")
_NAME_RUNS_ON = re.compile(r"\s+(?:of|for|and)\s+(?:the\s+)?[A-Z]")


def _country_of_word(gaz: Gazetteer, word: str) -> Country | None:
    """The country a whole word names or whose demonym it is ("British", "Malta"), else None."""
    return gaz.country(word) or next((h.country for h in gaz.find(word) if h.country is not None
                                      and h.start == 0 and h.end == len(word)), None)


def _is_place_name(gaz: Gazetteer, name: str, doc: Any, start: int) -> bool:
    """A name the gazetteer, the packaged geography, its place word or the recogniser calls a place."""
    if gaz.country(name) is not None or gaz.lookup("Place", name) or names_mod.geo_lookup(name) or \
            names_mod.head_kind(name, names_mod.rules().place_words):
        return True
    span = doc.char_span(start, start + len(name), alignment_mode="expand") if doc is not None else None
    return span is not None and any(t.ent_type_ in ("GPE", "LOC") for t in span)


def _retype(b: _Builder, it, old: str | None, tag: str, entry) -> None:
    """Make mention ``it`` one of ``entry`` (tagged ``tag``), counted there instead of at ``old``."""
    if old in b.counts:
        b.counts[old] -= 1
    eid = b.spec(entry)
    b.count(eid, it.text)
    it.tag, it.ids, it.default, it.entry = tag, {entry.label: eid}, entry.label, entry


def _names_that_are_ships(b: _Builder, views: list[SentenceView]) -> None:
    """A name the report gives a ship ("the ro-ro Mys Kanin", "the submarine Novorossiysk") is
    that ship wherever else the report uses it outside a place slot: a heading "Mys Kanin
    unloading" that the recogniser took for a person, "Novorossiysk leaves" for the town."""
    ships = {match_key(e.name): e for e in b.specs.values() if e.label == "Vessel"}
    if not ships:
        return
    for view in views:
        changed = False
        for it in view.items:
            entry = it.entry
            if it.coref or entry is None or it.tag not in ("PER", "ORG", "PLACE"):
                continue
            ship = ships.get(match_key(entry.name))
            if ship is None or it.tag != "PLACE" and b.gaz.lookup("Actor", entry.name) is not None:
                continue
            if it.tag == "PLACE" and (entry.kind != "city" or _pat()["place_prep"].search(view.folded[:it.start])):
                continue  # "sailed to Novorossiysk": the town
            _retype(b, it, next(iter(it.ids.values()), None), "VES", ship)
            changed = True
        if changed:
            view.tagged = tagged_text(view.folded, view.items)


@lru_cache(maxsize=1)
def _name_particle_after() -> re.Pattern:
    """A particle that runs a person's name on ("... al-Burhan", "... van der Berg")."""
    return re.compile(r"\s+" + names_mod.rules().particles["person"] + r"[\s-]+[A-Za-z]")
_NAME_COMMA_TITLE = re.compile(r"[A-Z][a-z]+ [A-Z][a-z]+, (?:the )?[A-Z][a-z]+ (?:of|for)\b")
_EXPERT_PANEL = re.compile(r"\b(?:UN|U\.N\.|United Nations|EU|AU|African Union|IAEA|OPCW|UN Security Council)\s+"
                           r"(?:[Pp]anel|[Cc]ommittee|[Cc]ommission|[Gg]roup|[Tt]eam)\s+of\s+(?:[Ee]xperts|[Ii]nquiry|[Ii]nvestigators)"
                           r"(?:\s+on\s+(?:the\s+)?[A-Z][\w'\u2019-]*(?:\s+[A-Z][\w'\u2019-]*)?)?")
_SOURCE_PLACE_AFTER = re.compile(r"\s+(?:in|at)\s+(?:the\s+)?[A-Z]")
_DATELINE = re.compile(r"[A-Z][A-Z'’.-]{3,}(?: [A-Z][A-Z'’.-]+){0,2}(?:,\s+[A-Z][A-Za-z.]{1,12}(?: [A-Z][a-z.]+)?)?"
                       r"(?:\s+\([A-Za-z ]{2,30}\))?\s+[-–—]{1,2}\s+(?=[A-Z\"“])")
_TITLE_FUNCTION_WORDS = frozenset({"a", "an", "the", "and", "or", "but", "nor", "of", "in", "on", "at", "to", "for", "from",
                                   "by", "with", "as", "via", "into", "onto", "over", "after", "amid", "vs", "per", "off",
                                   "up", "out", "is", "are", "its", "than", "near", "says", "say"})
_CAPITALISED = re.compile(r"(?<![\w'\u2019-])[A-Z][\w'\u2019-]*")
_DAY_AFTER = re.compile(r"\.?\s*\d")


def _has_unknown_name(text: str, hits: list[Mention] | None, gaz: Gazetteer) -> bool:
    """A capitalised word (past the sentence's first) that no gazetteer hit covers."""
    spans = None
    stop = names_mod.rules().stopwords
    for m in _CAPITALISED.finditer(text):
        word = m.group()
        if word in stop or any(c.isdigit() for c in word) or not text[:m.start()].strip() or \
                (len(word) <= 4 and word.isupper()):
            continue
        if word.lower() in MONTHS and _DAY_AFTER.match(text, m.end()):
            continue  # "Jan. 5", "Sept 12": a date, nothing for the recogniser
        if spans is None:
            spans = [(h.start, h.end) for h in (hits if hits is not None else gaz.find(text))]
        if not any(a <= m.start() < b for a, b in spans):
            return True
    return False


def _hits_by_sentence(hits: list[Mention], sentences: list[Sentence]) -> dict[int, list[Mention]]:
    """The whole-text gazetteer hits cut into sentences (offsets made sentence-relative).

    Matching is longest-match left to right over tokens, and no token straddles a sentence
    boundary, so the hits inside a sentence are the ones a sentence-only pass finds, unless a
    hit crosses the sentence's start or end: those sentences are left out (matched on their own).
    """
    out: dict[int, list[Mention]] = {}
    n = len(hits)
    i = 0
    for s in sentences:
        while i < n and hits[i].end <= s.start:
            i += 1
        if i < n and hits[i].start < s.start:
            continue  # a hit runs into this sentence from before
        j = i
        local = []
        ok = True
        while j < n and hits[j].start < s.end:
            h = hits[j]
            if h.end > s.end:
                ok = False
                break
            local.append(Mention(h.start - s.start, h.end - s.start, h.text, h.entry, h.via, h.country))
            j += 1
        if ok:
            out[s.start] = local
    return out


def _guessed_entry(b: _Builder, guess: names_mod.NameGuess, label: str) -> GazEntry:
    """The entry of a name the parse suggests: the thing the report named so before (it keeps its
    type), else the gazetteer's entry under ``label``, else a new one of the guess's kind."""
    return b.named_things.get(match_key(guess.name)) or b.gaz.lookup(label, guess.name) or \
        GazEntry(name=guess.name, label=label, kind=guess.kind)


@dataclass
class _SentenceScan:
    """One sentence while its names are found: each finder adds (start, end, kind, payload) to
    ``raw`` and claims the span, so a later, weaker finder leaves it alone."""
    b: _Builder
    text: str
    doc: Any
    hits: list[Mention] | None
    folded: str = ""
    raw: list[tuple[int, int, str, dict]] = field(default_factory=list)  # (start, end, kind, payload)
    claimed: list[tuple[int, int]] = field(default_factory=list)
    title_case: bool = False
    has_hyphen: bool = False
    has_base_word: Any = None
    has_ship_word: Any = None

    def __post_init__(self) -> None:
        text = self.text
        self.folded = fold(text)
        words = re.findall(r"[A-Za-z][\w'-]*", text)
        # a headline in title case: most words capitalised, the rest function words ("Russia Moves
        # Radars from Syria to Libya"); "Almost everything comes through X Airport" is a sentence
        title_case = len(words) >= 4 and sum(w[0].isupper() for w in words) >= 0.6 * len(words) and \
            sum(not w[0].isupper() and w.lower() not in _TITLE_FUNCTION_WORDS for w in words) <= 1 and \
            not text.rstrip().endswith(":")  # "Question asked by Shri X:" introduces what follows
        self.title_case = title_case
        self.has_hyphen = "-" in text  # registrations and designations have one
        self.has_base_word = _pat()["base_suffix_words_gate"].search(self.folded)
        self.has_ship_word = _pat()["ship_words_gate"].search(self.folded)

    @property
    def low(self) -> str:
        return self.folded

    @property
    def gaz(self) -> Gazetteer:
        return self.b.gaz

    @property
    def pat(self) -> dict:
        return _pat()



def _furniture_claims(s: _SentenceScan) -> None:
    """A dateline opening the story and the publisher's own name hold no entity."""
    b, text, gaz, claimed = s.b, s.text, s.gaz, s.claimed
    # a dateline opening the story ("TAMPA, Fla. -", "DJIBOUTI —") is page furniture (guide §1)
    dateline = _DATELINE.match(text)
    if dateline and not any(gaz.lookup(lab, dateline.group().split(",")[0].split(" (")[0].strip(" -–—"))
                            for lab in ("Actor", "Source")):  # "NATO - the alliance": no dateline
        claimed.append(dateline.span())
    # "spoke to the Harbour Courier": the publisher's own name holds no place or actor
    for name in b.publisher_names:
        if " " in name and name.lower() in text.lower():
            for m in re.finditer(re.escape(name), text, re.I):
                claimed.append(m.span())


def _identifier_items(s: _SentenceScan) -> None:
    """Handles, registrations and serials: the names an identifier's shape gives away."""
    text, gaz, pat, raw, claimed, has_hyphen = s.text, s.gaz, s.pat, s.raw, s.claimed, s.has_hyphen
    for m in (pat["handle"].finditer(text) if "(@" in text else ()):
        raw.append((m.start(1), m.end(), "src_person", {"name": m.group(1), "handle": "@" + m.group(2)}))
        claimed.append((m.start(1), m.end()))
    for m in (pat["registration"].finditer(text) if has_hyphen else ()):
        raw.append((m.start(), m.end(), "registration", {"name": m.group()}))
        claimed.append(m.span())
    # any registry's registration or a military serial, where the text says it is one: after
    # "serial" / "registration" / "tail number", or right after an aircraft type ("A400M 18-0094")
    for m in (_AIRFRAME_ID.finditer(text) if has_hyphen else ()):
        if not overlaps(claimed, *m.span()) and _names_airframe(gaz, text, m.start()):
            raw.append((m.start(), m.end(), "registration", {"name": m.group()}))
            claimed.append(m.span())
    # "registration FAV-0207", "tail number N4512X": after the cue any registry's shape is one airframe
    for m in (_CUED_AIRFRAME_ID.finditer(text) if "regist" in text or "tail" in text or "serial" in text else ()):
        if not overlaps(claimed, *m.span("id")) and any(c.isdigit() for c in m.group("id")):
            raw.append((m.start("id"), m.end("id"), "registration", {"name": m.group("id")}))
            claimed.append(m.span("id"))


def _official_items(s: _SentenceScan) -> None:
    """"Turkish officials", "a Malian diplomat": the state the officials speak for."""
    text, folded, low, doc, gaz, pat, raw, claimed = s.text, s.folded, s.low, s.doc, s.gaz, s.pat, s.raw, s.claimed
    for m in (pat["officials"].finditer(text) if ("official" in low or "diplomat" in low or "intelligence" in low or "media" in low) else ()):
        adj, adj1 = m.group("adj"), m.group("adj1")
        if doc is not None and _SOURCE_PLACE_AFTER.match(text, m.end()):
            continue  # "a Turkish diplomat in Khartoum said": the phrase with its place (names.anonymous_sources)
        country = _official_country(gaz, adj)
        if country is None:
            continue
        pre = folded[max(0, m.start() - 12):m.start()]
        if re.search(r"\b(?:to|with|met|meet|meeting)\s+(?:the\s+)?$", pre) and not re.search(r"according\s+to\s+$", pre):
            continue
        if adj1:
            c1 = _official_country(gaz, adj1)
            if c1 is not None:
                raw.append((m.start("adj1"), m.end("adj1"), "officials", {"country": c1}))
                claimed.append(m.span("adj1"))
        raw.append((m.start("adj"), m.end(), "officials", {"country": country}))
        claimed.append((m.start("adj"), m.end()))


def _organisation_items(s: _SentenceScan) -> None:
    """Makers, forces abroad, formations, expert panels, names with their short form, state TV."""
    b, text, doc, hits, gaz = s.b, s.text, s.doc, s.hits, s.gaz
    pat, raw, claimed, title_case = s.pat, s.raw, s.claimed, s.title_case
    for start, end, name in (_makers(gaz, text) if " by " in text and not title_case else ()):
        if not overlaps(claimed, start, end):
            raw.append((start, end, "entry", {"entry": GazEntry(name=name, label="Actor", kind="company"), "via": "name"}))
            claimed.append((start, end))
    for start, end, name in (_forces_abroad(gaz, text, doc) if "Forces " in text and not title_case else ()):
        if not overlaps(claimed, start, end):
            raw.append((start, end, "entry", {"entry": gaz.lookup("Actor", name) or
                                              GazEntry(name=name, label="Actor", kind="armed_forces"), "via": "name"}))
            claimed.append((start, end))
    # formations and bases named by a unit noun (unit_names.py): "the 128th Brigade", "Task Force 61"
    for u in unit_names.unit_names(text, names_mod.rules().stopwords, names_mod.country_words(), not title_case):
        entry = gaz.lookup(u.label, u.name) or GazEntry(name=u.name, label=u.label, kind=u.kind)
        if u.needs == "name" and any(h.start < u.end and h.end > u.start and
                                     (h.end > u.end or h.start <= u.start and h.end >= u.end or
                                      h.entry.label == "Actor" and h.start > u.start) for h in hits or ()):
            continue  # a name the gazetteer knows ("Russia's Pacific Fleet") keeps its hit; an owner
            # that only opens it ("the US Military Sealift Command") does not
        if not overlaps(claimed, u.start, u.end) and not gaz.lookup("Place", u.name):
            raw.append((u.start, u.end, "entry", {"entry": entry, "via": "name"}))
            claimed.append((u.start, u.end))
    # "the UN Panel of Experts on Sudan", "a UN panel of experts": a body of experts that an
    # organisation appoints reports findings, a Source of its own (guide §4), not the organisation
    for m in (_EXPERT_PANEL.finditer(text) if "xperts" in text else ()):
        if not overlaps(claimed, *m.span()):
            entry = gaz.lookup("Source", m.group()) or GazEntry(name=m.group(), label="Source", kind="official")
            raw.append((m.start(), m.end(), "entry", {"entry": entry, "via": "name"}))
            claimed.append(m.span())
    # "Hellenic Railways Organisation (OSE)", "French Elements in Senegal (EFS)": capitalised
    # words with their short form in brackets are one organisation, demonym and all
    for start, end, entry in (_named_with_short_form(gaz, text, doc, hits) if "(" in text and not title_case else ()):
        if not overlaps(claimed, start, end):
            raw.append((start, end, "entry", {"entry": entry, "via": "name"}))
            claimed.append((start, end))
    for m in (pat["state_tv"].finditer(text) if b.broadcasters else ()):
        if b.broadcasters and not overlaps(claimed, *m.span()):
            raw.append((m.start(), m.end(), "entry", {"entry": b.broadcasters[0], "via": "name"}))
            claimed.append(m.span())


def _base_items(s: _SentenceScan) -> None:
    """Bases named with the word: numbered bases, camps, "X Air Base"."""
    b, text, hits, gaz, pat = s.b, s.text, s.hits, s.gaz, s.pat
    raw, claimed, title_case, has_base_word = s.raw, s.claimed, s.title_case, s.has_base_word
    # "Russia's 201st Military Base": a numbered base keeps its whole name
    for m in (pat["numbered_base"].finditer(text) if "Base" in text else ()):
        if not overlaps(claimed, *m.span()):
            kind = "airbase" if m.group("air") else "naval_base" if m.group("naval") else "army_base"
            entry = gaz.lookup("Base", m.group()) or GazEntry(name=m.group(), label="Base", kind=kind)
            raw.append((m.start(), m.end(), "entry", {"entry": entry, "via": "name"}))
            claimed.append(m.span())
    # "Camp Lemonnier", "Camp Ishigaki": a military camp is a base named with the word (guide §2)
    for m in (pat["camp"].finditer(text) if "Camp " in text and not title_case else ()):
        if not overlaps(claimed, *m.span()) and not gaz.find(m.group()[5:]):
            entry = gaz.lookup("Base", m.group()) or GazEntry(name=m.group(), label="Base", kind="army_base")
            raw.append((m.start(), m.end(), "entry", {"entry": entry, "via": "name"}))
            claimed.append(m.span())
    for m in (pat["appositive_base"].finditer(text) if has_base_word and not title_case else ()):
        name = m.group(1)
        if overlaps(claimed, m.start(1), m.end(1)) or _straddled(hits, m.start()) or not _may_be_base(gaz, name):
            continue
        entry = gaz.lookup("Base", name) or GazEntry(name=name, label="Base", kind=pat["base_suffix_kind"][m.group(2).lower()])
        b.named_bases.setdefault(match_key(entry.name), entry)
        raw.append((m.start(1), m.end(1), "entry", {"entry": entry, "via": "name"}))
        claimed.append((m.start(1), m.end(1)))
    for m in (pat["base_named"].finditer(text) if has_base_word and not title_case else ()):
        name, suffix = m.group(1), m.group(2)
        if overlaps(claimed, *m.span()) or _straddled(hits, m.start()):
            continue
        if not title_case and (pre := pat["base_prefixed"].match(text, m.start())) and pre.end() > m.end():
            continue  # "RAAF Base Amberley": a station prefix before the base's own name
        owner = _named_before(b, name)  # "the IAF base" after "Indian Air Force": whose base, not its name
        entry = _base_from_name(gaz, name, suffix) if owner is None or owner.label != "Actor" else None
        if entry is not None and suffix.lower() == "base":
            entry = _bare_base(b, name, entry)
        if entry is not None:
            if entry.label == "Base":
                b.named_bases.setdefault(match_key(entry.name.split()[-1]), entry)
            raw.append((m.start(), m.end(), "entry", {"entry": entry, "via": "name"}))
            claimed.append(m.span())


def _may_be_base(gaz: Gazetteer, name: str) -> bool:
    """A name an apposition may call a base: no country, region, actor, person or thing the
    gazetteer knows by another label, and no stopword."""
    if name.split()[0] in names_mod.rules().stopwords or gaz.country(name) is not None:
        return False
    if any(gaz.lookup(label, name) for label in ("Actor", "Equipment", "Vessel", "Source")):
        return False
    geo = names_mod.geo_lookup(name)
    return geo is None or geo.kind != "region"


def _company_items(s: _SentenceScan) -> None:
    """Companies and airlines named with the trade word that ends or opens their name."""
    text, hits, gaz, pat, raw, claimed, title_case = s.text, s.hits, s.gaz, s.pat, s.raw, s.claimed, s.title_case
    # companies and airlines named with their trade word: "Southern Sea Logistics", "Turkish
    # Aerospace Industries", "Silk Way Airlines" (an Actor, even when a place opens the name)
    for m in (pat["company"].finditer(text) if not title_case and pat["company_words_gate"].search(text) else ()):
        first = m.group(1).split()[0]
        if overlaps(claimed, *m.span()) or _straddled(hits, m.start()) or \
                (first in names_mod.rules().stopwords and first not in _COMPASS_WORDS):
            continue
        entry = _company(gaz, m.group(), m.group(2))
        if entry is not None:
            raw.append((m.start(), m.end(), "entry", {"entry": entry, "via": "name"}))
            claimed.append(m.span())
    # "Compagnie Maritime du Nord", "Naviera Costa Azul": a company by the word that opens its name
    for m in (names_mod.rules().company_first.finditer(text) if not title_case else ()):
        if not overlaps(claimed, *m.span()):
            entry = _company(gaz, m.group(), "") or GazEntry(name=m.group(), label="Actor", kind="company")
            raw.append((m.start(), m.end(), "entry", {"entry": entry, "via": "name"}))
            claimed.append(m.span())


def _water_and_place_items(s: _SentenceScan) -> None:
    """Waters named with a generic word, rivers, "the town of X", crossings."""
    text, low, hits, gaz = s.text, s.low, s.hits, s.gaz
    pat, raw, claimed, title_case = s.pat, s.raw, s.claimed, s.title_case
    # waters named with a generic word ("Gulf of Thailand", "Sulu Sea"); a longer gazetteer
    # name around it ("Black Sea Fleet") or the same name in the gazetteer wins
    for rx in ((pat["sea_of"], pat["sea_named"]) if not title_case and pat["sea_words_gate"].search(text) else ()):
        for m in rx.finditer(text):
            if overlaps(claimed, *m.span()) or _inside_longer_hit(hits, gaz, text, *m.span()):
                continue
            prefixed = pat["base_prefixed"].search(text, max(0, m.start() - 30), m.end())
            if prefixed is not None and prefixed.start() <= m.start() < prefixed.end():
                continue  # "CFB Goose Bay": a station prefix makes the name a base's
            if pat["ship_word_before"].search(text, max(0, m.start() - 30), m.start()) or \
                    _named_ship(s.b, m.group()) or m.group().split()[0] in names_mod.rules().hull_prefix_words:
                continue  # "the ro-ro Sirius Highway" (and that name later), "ARA Canal de Beagle": a ship's name
            if m.group("word").islower() and not _lower_feature_heads(gaz, text, m):
                continue
            # "Baltra island" is the island Baltra (the mention keeps the word the parse hangs on)
            name = text[m.start():m.start("word")].strip() if m.group("word") == "island" else m.group()
            entry = _sea(gaz, name, pat["feature_kind"].get(m.group("word"), "sea"))
            if entry is not None:
                raw.append((m.start(), m.end(), "entry", {"entry": entry, "via": "name"}))
                claimed.append(m.span())
    raw.extend(_river_pair(gaz, text, claimed, pat))
    # "the island of Margarita", "the town of Medyka": the word says the name is a place
    for m in (pat["place_of"].finditer(text) if " of " in text else ()):
        span = m.span("name")
        if overlaps(claimed, *span) or _inside_longer_hit(hits, gaz, text, *span) or not _unknown_name(gaz, m.group("name")):
            continue
        geo = names_mod.geo_lookup(m.group("name"))
        props = dict(names_mod.geo_properties(geo)) if geo is not None and geo.label == "Place" else {}
        entry = GazEntry(name=m.group("name"), label="Place", kind=pat["place_of_kind"].get(m.group("word").lower(), "city"),
                         properties=props)
        raw.append((span[0], span[1], "entry", {"entry": entry, "via": "name"}))
        claimed.append(span)
    # "the Rafah crossing", "the Kapikule border crossing": the town the crossing is named after
    for m in (pat["crossing"].finditer(text) if "cross" in low or "post" in low or "checkpoint" in low else ()):
        span = m.span("name")
        if overlaps(claimed, *span) or _inside_longer_hit(hits, gaz, text, *span) or not _unknown_name(gaz, m.group("name")) or \
                m.group("name").split()[0] in names_mod.rules().stopwords or m.group("name") in names_mod.country_words():
            continue
        geo = names_mod.geo_lookup(m.group("name"))
        entry = GazEntry(name=m.group("name"), label="Place", kind="city",
                         properties=dict(names_mod.geo_properties(geo)) if geo is not None and geo.label == "Place" else {})
        raw.append((span[0], span[1], "entry", {"entry": entry, "via": "name"}))
        claimed.append(span)


def _station_and_region_items(s: _SentenceScan) -> None:
    """Prefixed stations, plural waters, administrative units, "the base at/near X"."""
    b, text, hits, gaz, pat = s.b, s.text, s.hits, s.gaz, s.pat
    raw, claimed, title_case, has_base_word = s.raw, s.claimed, s.title_case, s.has_base_word
    # "Naval Station Rota", "Joint Base Lewis-McChord": the base, named without the prefix
    for m in (pat["base_prefixed"].finditer(text) if not title_case and pat["base_prefix_gate"].may_match(text) else ()):
        if overlaps(claimed, *m.span()) or _straddled(hits, m.start()):
            continue
        name = m.group("name")
        if name.split()[0] in names_mod.rules().stopwords or _ORG_WORDS.search(name) or \
                not _organisation_words().isdisjoint(name.split()) or gaz.lookup("Equipment", name) or _NO_BASE_AFTER.match(text, m.end()):
            continue  # "RAF Regiment", "RAF Voyager tankers": the service's unit or type, no station
        entry = gaz.lookup("Base", name) or gaz.lookup("Base", m.group()) or \
            GazEntry(name=name, label="Base", kind=pat["base_prefix_kind"].get(m.group("prefix"), "airbase"))
        raw.append((m.start(), m.end(), "entry", {"entry": entry, "via": "name"}))
        claimed.append(m.span())
    # "the North and Baltic Seas", "the Black and Azov seas": one water for each name
    for m in (_PLURAL_WATERS.finditer(text) if not title_case else ()):
        singular = m.group("word")[:-1].capitalize()
        for g in ("first", "second"):
            span = m.span(g) if g == "first" else (m.start("second"), m.end())
            if overlaps(claimed, *span):
                continue
            entry = _sea(gaz, f"{m.group(g)} {singular}")
            if entry is not None:
                raw.append((span[0], span[1], "entry", {"entry": entry, "via": "name"}))
                claimed.append(span)
    # administrative units the gazetteer does not know: "Preah Sihanouk province" -> Preah Sihanouk
    for m in (pat["admin_unit"].finditer(text) if not title_case and pat["admin_unit_words_gate"].search(text)
              else ()):
        if overlaps(claimed, *m.span()):
            continue
        entry = _admin_unit(gaz, m.group(1), m.group(2)) or _unit_of_town(b, m.group(1), m.group(2))
        if entry is not None:
            raw.append((m.start(), m.end(), "entry", {"entry": entry, "via": "name"}))
            claimed.append(m.span())
    for m in (pat["base_at"].finditer(text) if has_base_word and " at " in text else ()):
        # the name is its capitalised words only ("the base at Tindal would be ...": Tindal)
        name = re.match(r"[A-ZÀ-ÖØ-Þ][\w-]*(?:[ -](?:al-|el-)?[A-ZÀ-ÖØ-Þ][\w-]*)*", m.group("name"))
        if name is None:
            continue
        span = (m.start("name"), m.start("name") + len(name.group()))
        if overlaps(claimed, *span) or _inside_longer_hit(hits, gaz, text, *span):
            continue
        entry = _base_at(gaz, name.group(), m.group("noun"))
        if entry is not None:
            raw.append((span[0], span[1], "entry", {"entry": entry, "via": "name"}))
            claimed.append(span)
    for m in (pat["base_near"].finditer(text) if has_base_word else ()):
        after = gaz.find(text[m.end():m.end() + 40])
        if not after or after[0].start != 0:
            continue
        place = after[0].entry if after[0].via != "capital" else after[0].entry
        base = _base_near(gaz, place.name)
        if base is not None and not overlaps(claimed, m.start(1), m.end(1)):
            raw.append((m.start(1), m.end(1), "entry", {"entry": base, "via": "name"}))
            claimed.append((m.start(1), m.end(1)))


def _port_items(s: _SentenceScan) -> None:
    """Ports named by their town: "the port of Algiers", "Bosaso port"."""
    text, low, doc, gaz, raw, claimed = s.text, s.low, s.doc, s.gaz, s.raw, s.claimed
    # a port named by its town: "the port of Algiers", "Bosaso port" (guide §2: the base has no suffix)
    for m in (_port_of_pattern().finditer(text) if "port" in low else ()):
        town = m.group("town1") or m.group("town2")
        span = m.span("town1") if m.group("town1") else m.span()
        if overlaps(claimed, *span):
            continue
        if m.group("town2") and not _may_name_port(town):
            continue
        said = bool(m.group("town1")) or _port_named(doc, text, m.start("town2"), town, m.end())
        entry = _port_of(gaz, town, said_port=said)
        if entry is not None:
            raw.append((span[0], span[1], "entry", {"entry": entry, "via": "name"}))
            claimed.append(span)


def _ship_class_items(s: _SentenceScan) -> None:
    """Ship classes: "Slava class", "River-class patrol ships", "Type 056A corvettes"."""
    text, low, gaz, raw, claimed, has_ship_word = s.text, s.low, s.gaz, s.raw, s.claimed, s.has_ship_word
    # ship classes: "Slava class", "River-class patrol ships", "project 20380 corvettes",
    # "Steregushchy type corvette" (guide §2: named as the text gives it, kind vessel)
    # "Type 056A corvettes", "two Type 052D destroyers": the class is named by its type number
    for m in (_TYPE_CLASS.finditer(text) if has_ship_word and "Type " in text else ()):
        if not overlaps(claimed, m.start(), m.end()):
            name = f"Type {m.group('number')}"
            entry = gaz.lookup("Equipment", name) or GazEntry(name=name, label="Equipment", kind="vessel",
                                                             properties={"category": "vessel",
                                                                         "text_form": f"{name} {m.group('type')}"})
            raw.append((m.start(), m.start() + len("Type ") + len(m.group("number")), "entry", {"entry": entry, "via": "name"}))
            claimed.append((m.start(), m.start() + len("Type ") + len(m.group("number"))))
    for m in (_SHIP_CLASS.finditer(text) if has_ship_word or "class" in low else ()):
        if overlaps(claimed, m.start(), m.end()):
            continue
        entry = _class_entry(m)
        if entry is not None and text[:m.start()].rstrip().endswith("("):
            # "Project 22350 (Admiral Gorshkov-class) frigates": the bracketed form is the same class
            before = len(text[:m.start()].rstrip()) - 1
            same = [r for r in raw if r[2] == "entry" and 0 <= before - r[1] <= 1 and r[3]["entry"].label == "Equipment"
                    and r[3]["entry"].kind == "vessel"]
            entry = same[-1][3]["entry"] if same else entry
        if entry is not None:
            det = re.match(r"(?:The|A|This|That|Its|Same|Another|Each|Every)\s+", m.group())
            start = m.start() + (det.end() if det and m.group("name") and len(m.group("name").split()) > 1 else 0)
            raw.append((start, m.end(), "entry", {"entry": entry, "via": "name"}))
            claimed.append(m.span())


def _named_ship_items(s: _SentenceScan) -> None:
    """Ships named beside their type: "the freighter Polar Star", "the Sea Lion ferry"."""
    text, gaz, pat, raw, claimed = s.text, s.gaz, s.pat, s.raw, s.claimed
    title_case, has_ship_word = s.title_case, s.has_ship_word
    for rx, name_group, type_group in (((pat["vessel_after"], 2, 1), (pat["vessel_before"], 1, 2)) if has_ship_word else ()):
        for m in rx.finditer(text):
            name = m.group(name_group)
            vkind = pat["vessel_kind"].get(m.group(type_group).lower())
            start, end = m.start(name_group), m.end(name_group)
            if name.split()[0] in names_mod.rules().hull_prefix_words:
                continue  # "patrol vessels HMS Mersey and ...": the hull prefix rule names it
            if name_group == 1 and re.search(r"['\u2019]s?$", name):
                continue  # "Argentina's icebreaker X": the owner before the type, never the ship
            if name_group == 1 and re.search(r"-[a-z]+$", name):
                continue  # "the Benghazi-bound freighter", "a Panama-flagged tanker": a modifier, not a name
            if name_group == 1 and _UPPER_NEXT.match(text, m.end(type_group)):
                continue  # "the Maersk freighter Alabama": the ship is named after its type, the name before runs it
            if not title_case and _inside_capitalised_run(text, m.start(type_group), m.end(type_group)) and \
                    m.group(type_group).split()[-1][:1].isupper():
                continue  # "the firm Elbe Ro-Ro Management": a ship word inside a company's name (not "Coast Guard cutter X")
            if m.group(type_group).lower() in pat["generic_ship_words"] and (
                    name_group == 1 or title_case or m.group(0).lower().endswith("s " + name.lower()) or
                    not re.search(r"\b(?:the|a|an|its|their|his|her|our|this|that|\w+['\u2019]s)\s+(?-i:[a-z-]+\s+(?:and\s+)?){0,4}$",
                                  text[:m.start(type_group)], re.I)):
                continue  # "a Maersk vessel": an owner; "Warships Berth at": a headline; "ships Tondar-3": a verb
            # a name right after its ship type is the ship's even when a town has it ("the
            # submarine Novorossiysk", "the ferry Rostock"); before the type it may be an owner
            entry = _ship_class(name, m.group(type_group), name_group == 1) or \
                _vessel(gaz, name, vkind, named_as_ship=name_group == 2 and
                        m.group(type_group).lower() not in pat["generic_ship_words"])
            if entry is not None and entry.label == "Equipment" and name.lower().endswith("-class"):
                end = m.end(type_group)  # "Udaloy-class destroyer" is the class's name (guide §2)
            if entry is None or overlaps(claimed, start, end):
                continue
            raw.append((start, end, "entry", {"entry": entry, "via": "name"}))
            claimed.append((start, end))


def _set_off_ship_items(s: _SentenceScan) -> None:
    """Ships named in a list set off after their type ("two ro-ro ships, the Cape Hudson and the
    Liberty Pride") or right after a flag state's modifier ("the Turkish-flagged Kaptan Ali")."""
    if not s.has_ship_word and "-flagged" not in s.text and "-registered" not in s.text:
        return
    pat = s.pat
    found = [(m, (2, 3), pat["vessel_kind"].get(m.group(1).lower())) for m in pat["vessel_listed"].finditer(s.text)]
    found += [(m, (1,), None) for m in pat["vessel_flagged"].finditer(s.text)]
    for m, groups, vkind in found:
        for g in groups:
            name = m.group(g)
            if name is None or overlaps(s.claimed, m.start(g), m.end(g)) or \
                    s.pat["vessel_before"].match(s.text, m.start(g)):
                continue  # "the Maltese-flagged Maersk freighter": the name before a ship word runs it
            entry = _vessel(s.gaz, name, vkind, named_as_ship=True)
            if entry is not None:
                s.raw.append((m.start(g), m.end(g), "entry", {"entry": entry, "via": "name"}))
                s.claimed.append((m.start(g), m.end(g)))


def _hull_prefix_items(s: _SentenceScan) -> None:
    """Ships named by a hull prefix: "HMS Mersey", "RFS Boikiy"."""
    text, gaz, raw, claimed = s.text, s.gaz, s.raw, s.claimed
    # hull prefixes name a ship: "HMS Mersey", "ITS Virginio Fasan (F591)", "RFS Boikiy"
    for m in (_HULL_PREFIX.finditer(text) if names_mod.rules().hull_prefix_words & set(text.split()) else ()):
        name = m.group(2)
        if overlaps(claimed, m.start(), m.end()) or name.split()[0] in names_mod.rules().stopwords or \
                _ORG_WORDS.search(name) or not _organisation_words().isdisjoint(name.split()):
            continue  # "SS Division": a short form before a word that is no ship's name
        if _names_a_person(text, m.start(), m.end(2)):
            continue  # "analyst MT Anderson, who ...": initials of a person
        entry = gaz.lookup("Vessel", name) or gaz.lookup("Vessel", m.group(0)) or \
            GazEntry(name=name, label="Vessel", kind=_hull_kind(text, m.end(), m.start()))
        raw.append((m.start(), m.end(2), "entry", {"entry": entry, "via": "name"}))
        claimed.append((m.start(), m.end()))


def _person_items(s: _SentenceScan) -> None:
    """Persons the text introduces with a title, and commentators credited with a claim (Sources)."""
    text, folded, gaz, pat, raw, claimed, title_case = s.text, s.folded, s.gaz, s.pat, s.raw, s.claimed, s.title_case
    # an unknown person needs a title before the name ("Former ... officer Gleb Irisov")
    # a heading-like line still names a person with a title after a comma ("... by Jane Roe,
    # Minister of State for ...:"), never one whose words run on in title case
    has_title = (not title_case or _NAME_COMMA_TITLE.search(text) is not None) and \
        not pat["title_first_words"].isdisjoint(_WORD.findall(folded))
    for m in (pat["person_name"].finditer(text) if has_title else ()):
        name = m.group(1)
        if _name_particle_after().match(text, m.end()):
            continue  # "Abdel Fattah al-Burhan": the name runs on past a particle (the recogniser reads it whole)
        if re.match(r"\s+[A-Z]|['\u2019]s\b", text[m.end():m.end() + 3]) or \
                any(pat["person_title_before"].search(w + " ") for w in name.split()):
            continue
        title = pat["person_title_before"].search(text[max(0, m.start() - 40):m.start()]) if not title_case else None
        title_after = None if title else pat["person_title_after"].match(text, m.end())  # "X, Minister of State for ..."
        if title_after is not None and (names_mod.geo_lookup(name) is not None or
                                        any(w in names_mod.rules().stopwords or w.lower() in _TITLE_FUNCTION_WORDS
                                            for w in name.split()) or not _organisation_words().isdisjoint(name.split())):
            continue  # "On Thursday, Deputy Minister ...": no name before the title
        if title_after is not None and not names_mod.rules().commentator_nouns.isdisjoint(_WORD.findall(title_after.group().lower())):
            raw.append((m.start(1), m.end(1), "entry", {"entry": GazEntry(name=name, label="Source", kind="person"), "via": "name"}))
            claimed.append((m.start(1), m.end(1)))  # "X, a transport researcher": a commentator is a Source (guide §4)
            continue
        title = title or title_after
        if not title:
            continue
        if overlaps(claimed, m.start(1), m.end(1)):
            continue
        # a known name is no person, unless it is only part of the titled name ("minister Wellington Koo")
        known = [h for h in gaz.find(name) if h.start == 0 and h.end == len(name) or " " not in name]
        if known or name.split()[0].lower() in ("the", "a", "an"):
            continue
        # an office holder speaks for their side and stays an Actor (guide §4); a commentator's claim is a Source
        speaks_for_office = not names_mod.rules().office_nouns.isdisjoint(_WORD.findall(title.group().lower()))
        if not speaks_for_office and \
                re.search(r"\b(?:said|says|claimed|claims|told|wrote|writes|stated|noted|added|argued|believes)\b", text[m.end():]):
            entry = GazEntry(name=name, label="Source", kind="person")  # credited with a claim
            raw.append((m.start(1), m.end(1), "entry", {"entry": entry, "via": "name"}))
            claimed.append((m.start(1), m.end(1)))
            continue
        entry = GazEntry(name=name, label="Actor", kind="person")
        raw.append((m.start(1), m.end(1), "person", {"entry": entry}))
        claimed.append((m.start(1), m.end(1)))


def _aircraft_type_items(s: _SentenceScan) -> None:
    """Aircraft designators in any spelling ("Ilyushin II-76", "IL-76TDP" -> Il-76)."""
    text, gaz, raw, claimed, has_hyphen = s.text, s.gaz, s.raw, s.claimed, s.has_hyphen
    # aircraft designators in any spelling: "Ilyushin II-76", "IL-76TDP", "Il-76MD-90A" -> Il-76
    for m in (_AIRCRAFT_DESIGNATOR.finditer(text) if has_hyphen else ()):
        if overlaps(claimed, m.start(), m.end()):
            continue
        entry = _aircraft_type(gaz, m)
        if entry is not None:
            raw.append((m.start(), m.end(), "entry", {"entry": entry, "via": "name"}))
            claimed.append(m.span())


def _parsed_name_items(s: _SentenceScan) -> None:
    """Ships, bases, companies, forces and outlets the parse names beside a noun that says what they are."""
    b, text, low, doc, hits = s.b, s.text, s.low, s.doc, s.hits
    gaz, raw, claimed, title_case, has_ship_word = s.gaz, s.raw, s.claimed, s.title_case, s.has_ship_word
    if doc is not None and not title_case and has_ship_word:
        for start, end, name in names_mod.ship_names(doc):
            if overlaps(claimed, start, end):
                continue
            entry = _vessel(gaz, name, _hull_kind(text, end), named_as_ship=True)
            if entry is not None:
                raw.append((start, end, "entry", {"entry": entry, "via": "name"}))
                claimed.append((start, end))
    if doc is not None and not title_case and any(w in low for w in ("base", "airfield", "airport", "port", "garrison", "outpost", "camp")):
        for start, end, name, kind in names_mod.base_names(doc):
            if overlaps(claimed, start, end) or overlaps([(h.start, h.end) for h in hits or ()], start - 4, end) or \
                    not _unknown_name(gaz, name) or name.split()[0] in _pat()["not_places"] or \
                    name.lower() in ("base", "air base", "airbase", "port", "camp", "airport"):
                continue
            raw.append((start, end, "entry", {"entry": GazEntry(name=name, label="Base", kind=kind), "via": "name"}))
            claimed.append((start, end))
    # companies named beside a company noun ("Hanpo, a terminal operator") or before the ship or
    # company noun of what they run ("the Nordwave ferry Stellavik"): names.company_names, owner_names
    if doc is not None and not title_case and (has_ship_word or any(w in low for w in names_mod.rules().company_nouns)):
        for g in names_mod.company_names(doc) + names_mod.owner_names(doc):
            entry = _guessed_entry(b, g, "Actor")
            if not overlaps(claimed, g.start, g.end) and not _inside_longer_hit(hits, gaz, text, g.start, g.end) and \
                    (entry.label == "Actor" or _unknown_name(gaz, g.name)):
                raw.append((g.start, g.end, "entry", {"entry": entry, "via": "name"}))
                claimed.append((g.start, g.end))
    # forces named by a short form before a noun of forces ("ZAMFOR troops"): names.force_names
    if doc is not None and not title_case:
        for g in names_mod.force_names(doc):
            entry = _guessed_entry(b, g, "Actor")
            if not overlaps(claimed, g.start, g.end) and not any(h.start < g.end and h.end > g.start for h in hits or ()) \
                    and entry.label == "Actor":
                raw.append((g.start, g.end, "entry", {"entry": entry, "via": "name"}))
                claimed.append((g.start, g.end))
    # outlets and monitors named beside a noun that says so ("the monitoring group X"): names.outlet_names
    if doc is not None and not title_case:
        for g in names_mod.outlet_names(doc):
            entry = _guessed_entry(b, g, "Source")  # a name the report gave earlier keeps its type
            if not overlaps(claimed, g.start, g.end) and not _inside_longer_hit(hits, gaz, text, g.start, g.end) and \
                    match_key(g.name) not in b.publisher_keys and \
                    (entry.label == "Source" and gaz.lookup("Source", g.name) or _unknown_name(gaz, g.name)):
                raw.append((g.start, g.end, "entry", {"entry": entry, "via": "name"}))
                claimed.append((g.start, g.end))


def _gazetteer_items(s: _SentenceScan) -> None:
    """Gazetteer hits outside the spans the patterns claimed."""
    text, folded, hits, gaz, raw, claimed = s.text, s.folded, s.hits, s.gaz, s.raw, s.claimed
    # 2. gazetteer hits outside claimed spans
    for mention in (hits if hits is not None else gaz.find(text, tokens(text, folded))):
        if overlaps(claimed, mention.start, mention.end):
            continue
        if mention.entry.salience == "never" or _short_form_of_other(text, mention, raw) or \
                _inside_unemitted_name(gaz, text, mention) or _names_a_currency(text, mention):
            continue
        longer = _joined_place_name(text, mention)
        if longer is not None:  # "Mocímboa da Praia": the packaged town, not the capital Praia inside it
            if not overlaps(claimed, longer.start, longer.end):
                raw.append(_guess_raw(longer))
                claimed.append((longer.start, longer.end))
            continue
        if _inside_particle_name(text, mention):
            continue  # "Baie des Nantes": a longer name nothing knows, typed whole by names.py
        opened = _opened_by_place_word(text, mention)
        if opened is not None:  # "Lake Chad", "Mount Lebanon", "Isla Socorro": another place than the one inside
            if not overlaps(claimed, opened.start, opened.end):
                raw.append(_guess_raw(opened))
                claimed.append((opened.start, opened.end))
            continue
        part = _sea_part(text, mention)
        if part is not None:  # "the South Atlantic": the ocean, the phrase its alias
            raw.append(part)
            continue
        region = _directional_region(gaz, text, mention) or _compass_subdivision(text, mention) or \
            _compound_direction(text, mention)
        if region is not None:
            raw.append(region)
            raw.extend(_coordinated_regions(text, region))
            continue
        domain = names_mod._DOMAIN_AFTER.match(text, mention.end) if mention.entry.label == "Source" else None
        if domain:  # "Hetq.am": the outlet named by its address, the address an alias
            mention = Mention(mention.start, domain.end(), text[mention.start:domain.end()], mention.entry, mention.via,
                              mention.country)
        raw.append((mention.start, mention.end, "mention", {"mention": mention}))


def _type_items(s: _SentenceScan) -> None:
    """Designations and equipment types no gazetteer entry covers."""
    b, text, doc, gaz, pat, raw, claimed, has_hyphen = s.b, s.text, s.doc, s.gaz, s.pat, s.raw, s.claimed, s.has_hyphen
    # unknown designations ("Su-57", "BMP-3M") not covered above
    for m in (pat["designation"].finditer(text) if has_hyphen else ()):
        if any(not (m.end() <= s or m.start() >= e) for s, e, _, _ in raw):
            continue
        prefix = m.group().split("-")[0]
        cat = pat["designation_categories"].get(prefix, "other")
        entry = _near_equipment(gaz, m.group()) or GazEntry(
            name=m.group(), label="Equipment", kind=cat, properties={"category": cat, "designation": m.group()})
        end = m.end()
        popular = next((r for r in raw if r[2] == "mention" and r[0] == m.end() + 1 and text[m.end()] == " " and
                        r[3]["mention"].entry.label == "Equipment"), None)
        if popular is not None:  # "CC-177 Globemaster III": the code and its popular name are one type
            raw.remove(popular)
            end = popular[1]
        raw.append((m.start(), end, "entry", {"entry": entry, "via": "name"}))
    # types named by a model code or a name before a type noun, or by a maker ("M109A7 Paladin
    # howitzers", "Puma infantry fighting vehicles", "Boeing 787", "Leopard 2A8")
    raw.extend(_equipment_types(b, text, doc, raw, claimed))
    raw.extend(_coordinated_types(b, text, doc, raw, claimed))


def _unknown_place_items(s: _SentenceScan) -> None:
    """Places nothing knows, named right after a route preposition."""
    text, doc, gaz, pat, raw, title_case = s.text, s.doc, s.gaz, s.pat, s.raw, s.title_case
    # a place the gazetteer does not know, named right after a route preposition ("to Nyala, a
    # city held by ...", "from Douala"): a Place, kept only when an event or relation uses it
    if not title_case:
        for m in pat["unknown_place"].finditer(text):
            name = m.group(1)
            if name.split()[0] in pat["not_places"] or any(not (m.end(1) <= s or m.start(1) >= e) for s, e, _, _ in raw):
                continue
            if any(gaz.lookup(lab, name) for lab in ("Place", "Base", "Actor", "Source", "Equipment", "Vessel")):
                continue
            geo = names_mod.geo_lookup(name) or names_mod.town_in_place_slot(text, m.start(1), name)
            if geo is None and names_mod.recognised_as_person(doc, m.start(1), m.end(1)):
                continue  # "a question from Ingrid Haugland": names.py types the person
            # "making for Nishtun", "bound for X": only a place follows a voyage's "for"
            said = names_mod.place_by_grammar(doc, m.start(1), m.end(1), name) if doc is not None and geo is None else None
            if said in names_mod.BASE_KINDS:  # "flew from X", "landed at X": an airfield or base nothing knows
                raw.append((m.start(1), m.end(1), "entry", {"entry": GazEntry(name=name, label="Base", kind=said), "via": "name"}))
                continue
            sure = geo is not None and geo.label == "Place" or m.group(0)[:-len(m.group(1))].rstrip().endswith(" for") or \
                said == "city"
            entry = GazEntry(name=name, label="Place", kind="city",
                             properties=dict(names_mod.geo_properties(geo)) if geo is not None and geo.label == "Place" else {}) \
                if sure else GazEntry(name=name, label="Place", kind="city", salience="low", properties={"guessed": True})
            raw.append((m.start(1), m.end(1), "entry", {"entry": entry, "via": "name"}))


def _recognised_items(s: _SentenceScan) -> None:
    """Unnamed sources, the recogniser's names and names typed earlier in the report."""
    b, text, doc, raw, claimed, title_case = s.b, s.text, s.doc, s.raw, s.claimed, s.title_case
    if doc is not None and not title_case:
        for g in names_mod.anonymous_sources(doc, text):
            if not overlaps(claimed, g.start, g.end) and match_key(g.name) not in b.publisher_keys:
                if dict(g.properties).get("employer"):  # a named employer: the place in its name is not separate
                    raw[:] = [r for r in raw if r[2] != "mention" or r[1] <= g.start or r[0] >= g.end]
                raw.append(_source_raw(b, g))
                claimed.append((g.start, g.end))
        raw.extend(_recognised_names(b, text, doc, raw, claimed))
        taken = [(s, e) for s, e, _, _ in raw] + claimed
        unplaced = names_mod.unplaced_names(text, taken)
        # a name the report gave a type before: a ship, base, company or an acronym in brackets
        for s0, e0, n0 in unplaced:
            named = b.named_things.get(match_key(n0)) or _described_name(b, doc, s0, e0, n0)
            if named is not None:
                raw.append((s0, e0, "entry", {"entry": named, "via": "name"}))
        for g in names_mod.geo_places(text, unplaced, doc=doc):
            if not any(b.gaz.lookup(lab, g.name) for lab in _NER_LABEL_TAKEN) and not any(r[0] == g.start for r in raw):
                base = _base_named_before(b, g.name) if not g.properties else None
                raw.append((g.start, g.end, "entry", {"entry": base, "via": "name"}) if base else _guess_raw(g, text))
        raw.extend(_coordinated_places(b, text, doc, raw, unplaced))
        b.unplaced.extend(n for s, e, n in unplaced if not any(r[0] == s for r in raw))


def _places_in_organisation_names(s: _SentenceScan) -> None:
    """'US Africa Command', 'the Asia Maritime Transparency Initiative', 'South Taiwan Times': a
    place read inside a name the recogniser calls an organisation, and that an organisation's word
    ends, is part of that name (guide 1: a name inside another entity's name is no entity of its
    own); the place is dropped so that the recogniser's name is typed whole."""
    doc, raw, claimed = s.doc, s.raw, s.claimed
    if doc is None or s.title_case or not raw:
        return
    kinds = names_mod.rules().organisation_kinds
    for ent in doc.ents:
        if ent.label_ != "ORG" or names_mod.head_kind(ent.text, kinds) is None:
            continue
        a, b = ent.start_char, ent.end_char
        inside = [r for r in raw if not (r[1] <= a or r[0] >= b)]
        if not inside or any(r[0] < a or r[1] > b or (r[0], r[1]) == (a, b) or not _names_a_place(r) for r in inside):
            continue
        for r in inside:
            raw.remove(r)
            if (r[0], r[1]) in claimed:
                claimed.remove((r[0], r[1]))


def _names_a_place(r: tuple) -> bool:
    """The raw item is a place or country the gazetteer read by its name (not a demonym: "Norwegian
    Defence Logistics Organisation" is the state's organ, guide 3)."""
    if r[2] == "mention":
        m = r[3]["mention"]
        return m.via != "adjective" and (m.via == "country" or m.entry.label == "Place")
    return r[2] == "entry" and r[3]["entry"].label == "Place"


# the finders in the order they claim spans: patterns first, the gazetteer's hits next, the
# parse's and the recogniser's guesses last
_FINDERS = (_furniture_claims,
            _identifier_items,
            _official_items,
            _organisation_items,
            _base_items,
            _company_items,
            _water_and_place_items,
            _station_and_region_items,
            _port_items,
            _ship_class_items,
            _named_ship_items,
            _set_off_ship_items,
            _hull_prefix_items,
            _person_items,
            _aircraft_type_items,
            _parsed_name_items,
            _gazetteer_items,
            _type_items,
            _unknown_place_items,
            _places_in_organisation_names,
            _recognised_items)


def _sentence_items(b: _Builder, sidx: int, text: str, hits: list[Mention] | None = None,
                    doc: Any = None) -> list[Item]:
    s = _SentenceScan(b, text, doc, hits)
    for find in _FINDERS:
        find(s)
    items = _items_of(s, sidx)
    _remember_items(b, text, items)
    return items


def _items_of(s: _SentenceScan, sidx: int) -> list[Item]:
    """The found names as items: the longest at each start wins, then bases, defaults and
    descriptions ("the ship") are settled."""
    b, text, folded, raw = s.b, s.text, s.folded, s.raw
    _known_as_raw(text, raw)
    _places_named_as_bases(b, raw)
    raw.sort(key=lambda r: (r[0], -(r[1] - r[0])))
    items: list[Item] = []
    last_end = -1
    for start, end, kind, payload in raw:
        if start < last_end:
            continue
        item = _make_item(b, sidx, text, folded, start, end, kind, payload, items)
        if item is not None:
            items.append(item)
            last_end = end
    for it in items:
        if it.tag == "PER" and it.entry is not None and " " in it.entry.name:
            b.surnames.setdefault(it.entry.name.split()[-1], it.entry.name)
    _disambiguate_bases(b, text, items)
    _decide_defaults(items, text, folded)
    items = coreference.resolve_descriptions(b, sidx, text, folded, items)
    return items


def _places_named_as_bases(b: _Builder, raw: list) -> None:
    """A town or city an apposition called a base earlier in the report ("Sasebo, the US Navy's
    forward base") is that base when the text names it again."""
    if not b.named_bases:
        return
    for i, (start, end, kind, payload) in enumerate(raw):
        entry = payload.get("entry") if kind == "entry" else None
        if entry is not None and entry.label == "Place" and entry.kind in ("city", "town", None):
            base = b.named_bases.get(match_key(entry.name))
            if base is not None and base.name == entry.name:
                raw[i] = (start, end, kind, {**payload, "entry": base})


def _remember_items(b: _Builder, text: str, items: list[Item]) -> None:
    """What later sentences look back to: countries, regimes, bases, vessels, airframes and names typed."""
    gaz = b.gaz
    for it in items:
        if it.tag in ("CTRY",) and not it.coref:
            coreference.remember(b.last_countries, it)
        if it.tag in ("STATE", "CTRY") and not it.coref and it.country is not None and _REGIME_WORDS.search(it.text.lower()):
            b.last_regimes.append(it)
        if it.tag == "BASE":
            b.last_bases.append(it)
    _remember_services(b, text, items)
    ves = [it for it in items if it.tag == "VES" and not it.coref]
    for it in items:
        if it.entry is not None and not it.coref and (it.tag in ("VES", "ORG") or it.tag == "BASE" and _not_a_town(gaz, it.entry.name)):
            b.named_things.setdefault(match_key(it.entry.name), it.entry)
    _bracketed_acronyms(b, text, items)
    _initialisms(b, items)
    if ves:
        b.last_vessels = ves
        for it in ves:
            coreference.remember(b.doc_vessels, it)
    for it in items:
        if it.tag == "AC" and not it.coref:
            coreference.remember(b.airframes, it)


def _remember_services(b: _Builder, text: str, items: list[Item]) -> None:
    """Which state each armed service named so far belongs to ("the Hellenic Army", "Senegal's
    navy"; the first named), and how many places each country holds: whom a later "the navy"
    stands for (coreference.py)."""
    pat = _pat()
    for it in items:
        if it.coref:
            continue
        country = place_country(b.gaz, it)
        if country is not None:
            b.places_by_country[country] = b.places_by_country.get(country, 0) + 1
        if it.ids.get("Actor") is None or it.country is None or it.tag not in ("STATE", "CTRY", "ADJ"):
            continue
        m = pat["service_ending"].search(fold(it.text)) if it.tag == "STATE" else None
        m = m or pat["service_after"].match(fold(text[it.end:it.end + 24]))
        if m is not None:
            b.services.setdefault(" ".join(m.group("service").split()), it)


def place_country(gaz: Gazetteer, it: Item) -> str | None:
    """The country a place or base mention lies in (by the gazetteer, else the packaged
    geography's country code); a country named as a place is its own."""
    if it.tag in ("PLACE", "BASE") and it.entry is not None:
        return gaz.home_country(it.entry)
    if it.tag in ("CTRY", "CAP") and it.default == "Place" and it.country is not None:
        return it.country.name
    return None


_NUMBER_WORDS = frozenset({"One", "Two", "Three", "Four", "Five", "Six", "Seven", "Eight", "Nine", "Ten", "Several",
                           "Many", "Some", "Most", "All", "Both", "Other", "Another", "Each", "Every"})


def _may_name_port(name: str) -> bool:
    """No demonym, number, sentence opener, place word or "-era" modifier ("Two port workers",
    "Georgian Black Sea port", "In port", "an Ottoman-era port")."""
    words = name.split()
    r = names_mod.rules()
    return not (words[0] in r.stopwords or words[0] in _NUMBER_WORDS or words[0] in names_mod.country_words() or
                names_mod.head_kind(name, r.place_words) or names_mod._LEADING_WORDS.match(name + " ") or
                re.search(r"-[a-z]+$", name))


def _port_named(doc: Any, text: str, start: int, name: str, end: int) -> bool:
    """"Velmar port": a name before a lowercase port word names a port when the word heads the
    phrase (not "port officials", "port workers", "China Merchants Port Holdings") and the name
    is no demonym, number, sentence opener or place word ("Two port workers", "Georgian Black
    Sea port", "In port")."""
    if not _may_name_port(name) or not text[end - 4:end].islower() and not text[end - 7:end].islower():
        return False
    after = re.match(r"\s*([A-Za-z]+)", text[end:])
    if doc is None:
        return after is None or after.group(1).islower() and len(after.group(1)) <= 3
    tok = next((t for t in doc if t.idx <= end - 1 < t.idx + len(t.text)), None)
    return tok is not None and tok.dep_ not in ("compound", "amod", "nmod")


def _base_named_before(b: _Builder, name: str) -> GazEntry | None:
    """The base the report named before whose name holds ``name`` as a whole part ("Tarsk-Belov
    airport" ... "at Belov"): a short form of a base is that base, not a new town."""
    words = [w for w in re.split(r"[\s-]+", name) if w]
    for it in reversed(b.last_bases):
        entry = it.entry
        if entry is None or entry.label != "Base":
            continue
        for form in (entry.name, *entry.aliases):
            parts = [w for w in re.split(r"[\s-]+", form) if w]
            if len(parts) > len(words) and any(parts[i:i + len(words)] == words for i in range(len(parts))):
                return entry
    return None


def _described_name(b: _Builder, doc: Any, start: int, end: int, name: str) -> GazEntry | None:
    """A name nothing typed, typed by the common noun the parse sets beside it
    (names.describing_noun): a ship type makes it a Vessel, a company noun an Actor, a place
    noun a Place, a port word a Base of kind port (guide §1: every named entity)."""
    said = names_mod.describing_noun(doc, start, end)
    if said is None or name in names_mod.country_words() or any(b.gaz.lookup(lab, name) for lab in _NER_LABEL_TAKEN):
        return None
    noun, mods = said
    r = names_mod.rules()
    phrase = " ".join((*mods[-2:], noun))
    vkind = next((k for w, k in _pat()["vessel_kind"].items() if phrase.endswith(w) or noun == w or noun == _plural(w)), None)
    if vkind is not None or noun in ("ship", "ships", "vessel", "vessels", "boat", "boats"):
        return _vessel(b.gaz, name, vkind, named_as_ship=True)
    if noun in r.company_nouns:
        return GazEntry(name=name, label="Actor", kind=r.company_nouns[noun])
    kind = r.describing_nouns.get(phrase) or r.describing_nouns.get(" ".join(phrase.split()[-2:])) or r.describing_nouns.get(noun)
    if kind is None:
        return None
    if kind == "port" or any(r.describing_nouns.get(m) == "port" for m in mods):
        entry = GazEntry(name=name, label="Base", kind="port")
    else:
        geo = names_mod.geo_lookup(name)
        props = dict(names_mod.geo_properties(geo)) if geo is not None and geo.label == "Place" else {}
        entry = GazEntry(name=name, label="Place", kind=kind, properties=props)
    return b.named_things.setdefault(match_key(name), entry)  # the same name later in the report


@lru_cache(maxsize=1)
def _joined() -> tuple[re.Pattern, re.Pattern]:
    """The parts of a place name before and after a joining particle ("Foz do", "da Praia")."""
    joiner = names_mod.rules().particles["place"]
    return (re.compile(rf"((?:{_UP}[\w'\u2019-]+\s+){{1,2}}{joiner}\s+)$"),
            re.compile(rf"\s+{joiner}\s+{_UP}[\w'\u2019-]+(?:\s+{_UP}[\w'\u2019-]+)?"))


def _joined_place_name(text: str, mention: Mention) -> names_mod.NameGuess | None:
    """A gazetteer hit that is one part of a longer place name joined by a small word, which the
    packaged geography knows as a whole ("Mocímboa da Praia" holds Praia, "Foz do Iguaçu"): that
    whole place, else None."""
    joined_before, joined_after = _joined()
    before = joined_before.search(text, max(0, mention.start - 40), mention.start)
    after = joined_after.match(text, mention.end)
    spans = []
    if before is not None:
        spans.append((before.start(1), mention.end))
    if after is not None:
        spans.append((mention.start, after.end()))
    for start, end in spans:
        words = text[start:end].split()
        for cut in range(len(words), 2, -1):  # the longest known name first, ending on a capitalised word
            name = " ".join(words[:cut]) if start == mention.start else " ".join(words[len(words) - cut:])
            geo = names_mod.geo_lookup(name) or names_mod.towns().get(match_key(name))
            if geo is not None and geo.label == "Place":
                a = start if start == mention.start else end - len(name)
                return names_mod.NameGuess(a, a + len(name), name, "Place", geo.kind, names_mod.geo_properties(geo))
    return None


@lru_cache(maxsize=1)
def _particle_joins() -> tuple[re.Pattern, re.Pattern, re.Pattern]:
    """A Romance particle joining capitalised words by hyphens ("Anse-de-Malta") or spaces
    ("Baie des Nantes"): the hyphen forms before and after a hit, and the spaced form before."""
    joiner = r"(?:de|du|des|da|do|dos|das|del|della|di|la|le|les|en|sur|sous|lès|aux|au|à)"
    word = rf"{_UP}[\w'\u2019]*"
    return (re.compile(rf"{word}(?:-{word})*-{joiner}(?:-{joiner})?-$"),
            re.compile(rf"-{joiner}(?:-{joiner})?-{_UP}"),
            re.compile(rf"(?<![\w'\u2019-])({word})\s+(?:de la|de|du|des|da|do|dos|das|del)\s+$"))


_WORD_BEFORE = re.compile(r"(?<![\w'\u2019.-])([A-Z][\w.]*) $")


def _opened_by_place_word(text: str, mention: Mention) -> names_mod.NameGuess | None:
    """A place or country hit right after a word that opens place names ("Lake", "Mount",
    "Isla", "Puerto", names.yaml place_first_words): the longer name, a place of that word's kind."""
    if mention.entry.label not in ("Place", "Actor") or mention.start < 2:
        return None
    m = _WORD_BEFORE.search(text, max(0, mention.start - 16), mention.start)
    kind = names_mod.rules().place_first_words.get(m.group(1)) if m else None
    if kind is None:
        return None
    return names_mod.NameGuess(m.start(1), mention.end, text[m.start(1):mention.end], "Place", kind)


def _inside_particle_name(text: str, mention: Mention) -> bool:
    """The hit is one part of a longer name joined by a Romance particle that the packaged
    geography does not know as a whole: a hyphenated compound ("Anse-de-Malta" holds Malta),
    or a capitalised word, a particle and the hit ("Baie des Nantes"). The hit is not named there."""
    hyphen_before, hyphen_after, spaced_before = _particle_joins()
    if hyphen_before.search(text, max(0, mention.start - 40), mention.start) or hyphen_after.match(text, mention.end):
        return True
    before = spaced_before.search(text, max(0, mention.start - 40), mention.start)
    return before is not None and before.group(1) not in names_mod.rules().stopwords and \
        text[:before.start()].strip() != ""


def _inside_unemitted_name(gaz: Gazetteer, text: str, mention: Mention) -> bool:
    """The hit ends a longer name the gazetteer lists as never emitted ("Lok Sabha", a
    parliament): the town Sabha is not named there."""
    before = re.findall(r"[\w'\u2019-]+", text[max(0, mention.start - 30):mention.start])[-2:]
    for n in (1, 2):
        if len(before) >= n and before[-n][:1].isupper():
            entry = gaz.lookup("Actor", " ".join(before[-n:]) + " " + mention.text)
            if entry is not None and entry.salience == "never":
                return True
    return False


def _not_a_town(gaz: Gazetteer, name: str) -> bool:
    """A base name that is no town's, so that a later bare mention can only be the base ("Ream")."""
    return " " not in name and gaz.lookup("Place", name) is None and names_mod.geo_lookup(name) is None


_ACRONYM_AFTER = re.compile(r"\s*\(\s*([A-Z][A-Za-z&]{1,9}|[A-Z]{2,}[a-z]?\.?[a-z]{0,3})\s*\)")


def _bracketed_acronyms(b: _Builder, text: str, items: list[Item]) -> None:
    """"Middle East Eye (MEE)", "US Central Command (CENTCOM)": the bracketed short form is
    an alias of the name before it; later bare uses of it are that entity (guide §2)."""
    for it in items:
        if it.entry is None or it.coref or it.tag not in ("ORG", "SRC", "BASE", "PLACE", "EQ", "VES"):
            continue
        m = _ACRONYM_AFTER.match(text, it.end)
        if m is None or not any(c.isupper() for c in m.group(1)[1:]):
            continue
        short = m.group(1)
        if short in names_mod.rules().stopwords or any(h.entry is it.entry for h in b.gaz.find(short)):
            continue
        b.named_things.setdefault(match_key(short), it.entry)
        b.aliases.setdefault(it.ids.get(it.entry.label, ""), set()).add(short)


_INITIALISM_SKIPS = frozenset({"of", "the", "and", "for"})


def _initialisms(b: _Builder, items: list[Item]) -> None:
    """"Indian Air Force transports ... the IAF base": a state's or group's name of three words
    or more is meant by its initials later in the report, brackets or not; initials the gazetteer
    gives something else keep their meaning."""
    for it in items:
        if it.entry is None or it.coref or it.tag not in ("STATE", "ORG") or it.entry.label != "Actor":
            continue
        words = [w for w in re.split(r"[\s-]+", it.text) if w and w.lower() not in _INITIALISM_SKIPS]
        if len(words) < 3 or not all(w[:1].isupper() for w in words):
            continue
        short = "".join(w[0] for w in words)
        if short in names_mod.rules().stopwords or b.gaz.find(short):
            continue
        b.named_things.setdefault(match_key(short), it.entry)


_SHORT_FORM_NAME = re.compile(
    r"(?<![\w'\u2019-])(?:[Tt]he\s+)?(?P<name>[A-Z][\w'\u2019.-]*(?:\s+(?:(?:of|for|in|de|des|du|la|le|and|the|on)\s+)*[A-Z][\w'\u2019.-]*){1,6})"
    r"\s+\((?P<short>[A-Z][A-Za-z&]{1,8})\)")
def _named_with_short_form(gaz: Gazetteer, text: str, doc: Any, hits: list[Mention] | None) -> list[tuple[int, int, GazEntry]]:
    """Organisations named with their short form in brackets that no gazetteer entry names
    whole (guide §1): Actors typed by their head word, or Sources for an outlet. The name needs
    a word of an organisation or the recogniser's ORG over it, so that a system or a treaty with
    its abbreviation is no organisation; places, bases and ships are left to their own rules."""
    r = names_mod.rules()
    out = []
    for m in _SHORT_FORM_NAME.finditer(text):
        name, start, end = m.group("name"), m.start("name"), m.end("name")
        owner = list(re.finditer(r"['\u2019]s?\s+", name))
        if owner:  # "Russia's Coastal Logistics Command (CLC)": the name follows the possessive
            start += owner[-1].end()
            name = name[owner[-1].end():]
        while re.match(r"[\w'\u2019.]+-[a-z]+\s+", name):  # "YPG-led Syrian Democratic Forces": the name follows
            cut = re.match(r"[\w'\u2019.]+-[a-z]+\s+", name).end()
            start, name = start + cut, name[cut:]
        if not text[:start].strip() and doc is not None:  # "Trucks of the X Command (XC)": the name follows
            first = doc.char_span(start, start + len(name.split()[0]), alignment_mode="expand")
            if first is not None and first.root.tag_ not in ("NNP", "NNPS"):
                cut = re.match(r"\S+(?:\s+(?:of|for|in|and|the|on)\b)*\s+", name)
                if cut is None:
                    continue
                start, name = start + cut.end(), name[cut.end():]
        words = name.split()
        if len(words) < 2 or words[0] in r.stopwords and words[0] not in _COMPASS_WORDS or words[-1] in r.thing_heads or \
                r.never_in_name.search(name) or words[0] in r.hull_prefix_words:
            continue
        known = [h for h in hits or () if h.start < end and h.end > start]
        if any(h.start <= start and h.end >= end for h in known) or any(h.start < start or h.end > end for h in known) or \
                any(h.end == end and h.entry.label in ("Actor", "Source") for h in known) or \
                gaz.lookup("Actor", name) or gaz.lookup("Source", name) or gaz.lookup("Place", name) or gaz.lookup("Base", name):
            continue  # the gazetteer names it (its short form becomes an alias in _bracketed_acronyms)
        if names_mod.kind_by_words(name, r.place_words) or names_mod.kind_by_words(name, r.base_words) or \
                names_mod.geo_lookup(name) is not None:
            continue
        kind = names_mod.head_kind(name, r.organisation_kinds) or names_mod.kind_by_words(name, r.organisation_kinds)
        if kind is None:
            span = doc.char_span(start, end, alignment_mode="expand") if doc is not None else None
            if (span is None or sum(t.ent_type_ == "ORG" for t in span) * 2 < len(span)) and \
                    not _initials_spell(name, m.group("short")):
                continue
            kind = "institution"
        label = "Source" if kind == "media" else "Actor"
        out.append((start, end, GazEntry(name=name, label=label, kind=kind)))
    return out


def _short_form_of_other(text: str, mention: Mention, raw: list) -> bool:
    """"the Armed Forces of the Philippines (AFP)": a known short form in brackets right after a
    name of two words or more abbreviates that name, not the other entity the gazetteer gives
    it (the wire AFP); _bracketed_acronyms makes it the name's alias."""
    if not (text[mention.start - 1:mention.start] == "(" and text[mention.end:mention.end + 1] == ")"):
        return False
    before = mention.start - 1
    while before > 0 and text[before - 1] == " ":
        before -= 1
    for r in raw:
        if r[1] != before or r[0] >= before:
            continue
        entry = r[3]["entry"] if r[2] == "entry" else r[3]["mention"].entry if r[2] == "mention" else None
        if entry is not None and entry is not mention.entry and len(text[r[0]:r[1]].split()) >= 2:
            return True
    return False


def _initials_spell(name: str, short: str) -> bool:
    """The short form is spelt by the initials of the name's words, in order and from the first
    ("Northern Heavy Lift Company" -> NHLC): the bracket abbreviates this very name."""
    initials = [w[0].upper() for w in re.split(r"[\s-]+", name) if w[:1].isupper()]
    letters = [c for c in short.upper() if c.isalpha()]
    if len(letters) < 2 or not initials or letters[0] != initials[0]:
        return False
    pos = 0
    for c in letters:
        while pos < len(initials) and initials[pos] != c:
            pos += 1
        if pos == len(initials):
            return False
        pos += 1
    return True


# a word after "RAF X" that makes X an aircraft or a unit of the service, not its station
_NO_BASE_AFTER = re.compile(r"\s+(?:and\s+[A-Z][\w-]*\s+)?(?:aircraft|jets?|planes?|tankers?|transports?|airlifters?|crews?|"
                            r"squadrons?|pilots?|personnel|units?|fighters?|helicopters?|bombers?|drones?)\b")


_WHO_AFTER = re.compile(r"\s*,?\s+who\b")


def _names_a_person(text: str, start: int, end: int) -> bool:
    """Initials and a surname ("analyst MT Anderson, who said"): a person's title or a
    commentator's noun before, or "who" after, makes it a person, not a prefixed ship."""
    r = names_mod.rules()
    before = re.findall(r"[A-Za-z]+", text[max(0, start - 30):start].lower())[-1:]
    return bool(before and (before[0] in r.commentator_nouns or before[0] in r.office_nouns)) or \
        _WHO_AFTER.match(text, end) is not None


_COORD_GAP = re.compile(r"\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+")


def _coordinated_places(b: _Builder, text: str, doc: Any, raw: list, unplaced: list) -> list:
    """An unknown name joined by "and" / "or" / a comma to a town the sentence names ("at Hodeidah
    or Salif") is a town too, unless the recogniser calls it a person or organisation."""
    # (start, end, guessed): a guess's partners are guesses too, kept only when a fact uses them
    towns = [(r[0], r[1], bool(r[3]["entry"].properties.get("guessed"))) for r in raw
             if r[2] == "entry" and r[3]["entry"].label == "Place" and r[3]["entry"].kind == "city"]
    towns += [(r[0], r[1], False) for r in raw if r[2] == "mention" and r[3]["mention"].entry.label == "Place"
              and r[3]["mention"].via in ("name", "capital") and r[3]["mention"].entry.kind == "city"]
    parts = []
    for s0, e0, name in unplaced:  # "Baraawe and Jowhar" is one capitalised run: two names
        pos = s0
        for piece in re.split(r"(\s+and\s+)", name):
            if piece.strip() != "and":
                parts.append((pos, pos + len(piece), piece))
            pos += len(piece)
    out: list = []
    for k in range(4):  # a list grows from the town named in it: "to Kismayo, Baraawe and Jowhar"
        found = False
        for s0, e0, name in parts:
            if sum(w[:1].isupper() for w in name.split()) > 2 or any(r[0] == s0 for r in raw + out) or name.isupper() or \
                    name in names_mod.rules().stopwords or len(name) < 3:
                continue
            town = next(((ts, te, g) for ts, te, g in towns if te <= s0 and _COORD_GAP.fullmatch(text, te, s0) or
                         ts >= e0 and _COORD_GAP.fullmatch(text, e0, ts)), None)
            if town is None:
                continue
            span = doc.char_span(s0, e0, alignment_mode="expand") if doc is not None else None
            if span is not None and any(t.ent_type_ in ("PERSON", "ORG", "NORP") for t in span) and \
                    not names_mod.in_place_slot(text, min(town[0], s0)) and not _known_town(name):
                continue  # "Moscow and Putin": a name the recogniser knows, with no place word before
            entry = GazEntry(name=name, label="Place", kind="city", salience="low" if town[2] else "normal",
                             properties={"guessed": True} if town[2] else {})
            out.append((s0, e0, "entry", {"entry": entry, "via": "name"}))
            towns.append((s0, e0, town[2]))
            found = True
        if not found:
            break
    return out


def _known_town(name: str) -> bool:
    """A town of some size the packaged geography knows by this very name ("Hamhung")."""
    geo = names_mod.geo_lookup(name)
    return geo is not None and geo.kind == "city" and geo.population >= names_mod.MIN_ALTERNATE_POPULATION


def first_airframe_of_type(an: DocAnalysis, kind: str) -> Item | None:
    """The first airframe (``AC`` item) of the report whose type is ``kind``; indexed once per report."""
    first = an.__dict__.get("_first_airframe_of_type")
    if first is None:
        first = an.__dict__["_first_airframe_of_type"] = {}
        for it in an.items:
            if it.tag == "AC" and it.entry is not None:
                first.setdefault(it.entry.kind, it)
    return first.get(kind)


def items_of_sentence(an: DocAnalysis, index: int) -> list[Item]:
    """The items of sentence ``index`` in creation order, from an index built once per report
    (so a rule looking at a neighbouring sentence does not rescan every item of the report)."""
    by_sentence = an.__dict__.get("_items_by_sentence")
    if by_sentence is None:
        by_sentence = an.__dict__["_items_by_sentence"] = {}
        for it in an.items:
            by_sentence.setdefault(it.sent, []).append(it)
    return by_sentence.get(index, [])
_NER_LABEL_TAKEN = ("Place", "Base", "Actor", "Source", "Equipment", "Vessel")


def _source_raw(b: _Builder, g: names_mod.NameGuess) -> tuple:
    """One Source for the singular and plural of a phrase ("US official" / "US officials")."""
    key = " ".join(w[:6].rstrip("s") for w in g.name.lower().split())
    entry = b.sources_by_key.get(key) or b.gaz.lookup("Source", g.name)
    if entry is None:
        entry = b.sources_by_key[key] = GazEntry(name=g.name, label="Source", kind=g.kind)
    return (g.start, g.end, "entry", {"entry": entry, "via": "name"})


@lru_cache(maxsize=1)
def _currency_after() -> re.Pattern:
    """The last word of every currency the packaged ISO 4217 list (pycountry) names, singular or
    plural ("dollars", "roubles", "yuan"), with the common spellings it lacks."""
    import pycountry
    # X.. codes are metals, funds and test codes, "Unidad ..." units of account; "won", "real",
    # "mark", "gold", "sum" ... are also ordinary words after a country's name ("Korea won the tender")
    words = {c.name.split()[-1].lower() for c in pycountry.currencies
             if not c.alpha_3.startswith("X") and not c.name.startswith("Unidad") and c.name.split()[-1].isalpha()}
    words = (words | {"rouble", "euro", "pound", "sterling"}) - {"won", "real", "mark", "som", "gold", "oro", "omani", "uruguayo",
                                                               "mvdol", "sum", "sol", "colon", "soberano"}
    alts = "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))
    return re.compile(rf"\s+(?:{alts})s?\b", re.I)


def _names_a_currency(text: str, mention: Mention) -> bool:
    """"900 million US dollars": a country's name before a currency word names the money, not
    the state or a place (guide §1: a modifier that names no place or actor gives no entity)."""
    return mention.via == "country" and mention.entry.label in ("Place", "Actor") and \
        _currency_after().match(text, mention.end) is not None


def _guess_raw(g: names_mod.NameGuess, text: str = "") -> tuple:
    """The guess as a raw item; a lower-case compass word before a region the packaged geography
    knows names a part of it ("western Amazonas", guide §1), as it does before a known country."""
    props = dict(g.properties)
    m = _DIRECTION_BEFORE.search(text, max(0, g.start - 16), g.start) if g.label == "Place" and g.kind == "region" and \
        props.get("country_code") else None
    if m is not None and text[m.start(1)].islower():
        entry = GazEntry(name=f"{m.group(1)} {g.name}", label="Place", kind="region", properties=props)
        return (m.start(1), g.end, "entry", {"entry": entry, "via": "name"})
    entry = GazEntry(name=g.name, label=g.label, kind=g.kind, properties=props)
    return (g.start, g.end, "entry", {"entry": entry, "via": "name"})


def _recognised_names(b: _Builder, text: str, doc: Any, raw: list, claimed: list) -> list:
    """spaCy's names that no gazetteer entry or pattern holds, typed by names.py (a name the
    gazetteer knows under any label, or the publisher's, is left alone)."""
    taken = [(s, e) for s, e, _, _ in raw] + claimed
    out = []
    for g in names_mod.ner_guesses(doc, text, taken, b.surnames):
        key = match_key(g.name)
        if key in b.publisher_keys or any(b.gaz.lookup(lab, g.name) for lab in _NER_LABEL_TAKEN):
            continue
        named = b.named_things.get(key)
        if named is not None:  # a ship or organisation the report named before keeps its type ("the Jupiter Dawn")
            out.append((g.start, g.end, "entry", {"entry": named, "via": "name"}))
            continue
        if b.gaz.country(g.name) is not None or _official_country(b.gaz, g.name) is not None:
            continue
        town = _capitalised_town(b.gaz, g.name)
        if town is not None:  # "USHUAIA, Argentina, March 18 -": a dateline's town, not an organisation
            out.append((g.start, g.end, "entry", {"entry": town, "via": "name"}))
            continue
        base = _base_named_before(b, g.name) if g.label in ("Place", "Base") and not g.properties else None
        out.append((g.start, g.end, "entry", {"entry": base, "via": "name"}) if base else _guess_raw(g))
        if g.label in ("Actor", "Source") and g.kind == "person" and " " in g.name:
            b.surnames.setdefault(g.name.split()[-1], g.name)
    return out


def _capitalised_town(gaz: Gazetteer, name: str) -> GazEntry | None:
    """A one-word name in capitals that is a known town written in capitals ("USHUAIA")."""
    if " " in name or not name.isupper() or len(name) < 4:
        return None
    known = gaz.lookup("Place", name.title())
    if known is not None:
        return known
    geo = names_mod.geo_lookup(name.title())
    if geo is None or geo.label != "Place":
        return None
    return GazEntry(name=name.title(), label="Place", kind="city", properties=dict(names_mod.geo_properties(geo)))


_ACTING_DEPS = frozenset({"nsubj", "csubj", "agent"})
# prepositions whose object is a party, not a location ("talks with X", "a blow for X"); "for" after
# a word of travel is a destination ("bound for X")
_BORDER_WITH = re.compile(r"\b(?:borders?|frontiers?|boundary|boundaries)\s+with\s+(?:the\s+)?$", re.I)
_PARTY_PREPS = frozenset({"with", "against", "for", "among", "alongside"})
_BOUND_WORDS = frozenset({"bound", "headed", "heading", "sailed", "sailing", "left", "leaving", "departed", "destined",
                          "making", "steaming", "flights", "flight", "cargo", "route", "routes", "course", "set", "set off"})
_PLACE_NOUNS = frozenset({"east", "west", "south", "north", "coast", "territory", "soil", "airspace", "capital",
                          "border", "borders", "port", "ports", "base", "bases", "city", "cities", "region", "regions",
                          "waters", "interior", "desert", "side", "part", "parts", "province", "provinces", "shores",
                          "airbase", "airbases", "airfield", "airfields", "airport", "airports", "harbour", "harbor",
                          "coastline", "island", "islands", "mainland", "frontier", "countryside", "skies", "north-east",
                          "north-west", "south-east", "south-west", "northeast", "northwest", "southeast", "southwest"})
# people a state sends: "troops from X" names the state that contributes them
_FORCE_NOUNS = frozenset({"troops", "soldiers", "police", "policemen", "officers", "personnel", "contingent",
                          "contingents", "forces", "units", "instructors", "advisers", "advisors", "peacekeepers",
                          "marines", "sailors", "airmen", "paratroopers", "commandos", "gendarmes"})
# what a state gives: "support from X" names the giver, not a place
_GIVING_NOUNS = frozenset({"support", "aid", "help", "assistance", "backing", "funding", "financing", "loans", "loan",
                           "credit", "credits", "investment", "pressure", "approval", "permission", "request", "requests",
                           "offer", "offers", "delegation", "delegations", "envoy", "envoys", "officials", "diplomats",
                           "donations", "grants", "subsidies", "guarantees", "sanctions", "threats", "protests"})
# ties between parties: "relations between X and Y" ("the border between X and Y" stays places)
_TIE_NOUNS = frozenset({"relations", "ties", "talks", "agreement", "agreements", "deal", "deals", "understanding",
                        "cooperation", "tensions", "tension", "rift", "dispute", "disputes", "negotiations", "meeting",
                        "meetings", "rapprochement", "alliance", "partnership", "contacts", "treaty", "pact", "war",
                        "conflict", "rivalry", "hostilities", "ceasefire", "truce", "summit", "dialogue", "trade",
                        "accord", "accords", "memorandum", "friendship", "feud", "standoff", "exchange", "exchanges"})
# a state's organs and people: "the government of X" is X acting (guide §3, D4)
_ORGAN_NOUNS = frozenset({"government", "governments", "ministry", "ministries", "president", "leadership", "leaders",
                          "leader", "authorities", "regime", "junta", "embassy", "delegation", "delegations", "parliament",
                          "cabinet", "army", "navy", "military", "minister", "ambassador", "allies", "ally", "partner",
                          "partners", "backers", "prime", "king", "emir", "envoy", "representatives", "officials"})
# a country set beside these nouns is a party: "its allies, Russia and Egypt", "partners such as Turkey"
_PARTY_NOUNS = frozenset({"ally", "allies", "partner", "partners", "backer", "backers", "rival", "rivals", "power",
                          "powers", "adversary", "adversaries", "supporter", "supporters", "patron", "patrons",
                          "sponsor", "sponsors", "enemy", "enemies", "foe", "foes"})
_SENDER_NOUNS = _FORCE_NOUNS | _GIVING_NOUNS  # "troops from X", "aid from X"
# verbs whose "to X" is a party addressed, never a destination ("protested to Moscow")
_ADDRESS_VERBS = names_mod._verb_forms(("protest", "complain", "appeal", "apologise", "apologize", "petition", "plead",
                                        "object", "pledge", "promise", "explain", "express", "convey", "submit", "write"))



def parsed_role(view: SentenceView, item: Item) -> str | None:
    """Actor or Place for a country or capital mention, read from the parse of its sentence
    (guide §3): the subject of a verb (or a subject joined to one by "and"), the agent of a
    passive and the owner of something that is not a part of the land act; any other position
    is a location. None when the sentence was not parsed. (Reading "ties with Moscow" or "a
    delegation of Russia" as the state too scored lower on dev 31-40 and held-out-like.)"""
    doc = view.doc
    if doc is None:
        return None
    if _HYPHEN_ACTOR.match(view.folded, item.end):
        return "Actor"  # "Moscow-backed", "Panama-flagged": the state behind or owning it (guide D10)
    span = doc.char_span(item.start, item.end, alignment_mode="expand")
    if span is None:
        return None
    tok = span.root
    while tok.dep_ == "conj" and tok.head.i != tok.i:
        tok = tok.head
    if tok.dep_ in _ACTING_DEPS:
        return "Actor"
    if tok.dep_ == "appos" and tok.head.lower_ in _PARTY_NOUNS or \
            tok.dep_ == "pobj" and tok.head.lower_ in ("as", "like") and tok.head.head.lower_ in _PARTY_NOUNS:
        return "Actor"
    if tok.dep_ == "pobj" and tok.head.lower_ == "by" and tok.head.head.tag_ == "VBN":
        return "Actor"
    if tok.dep_ == "pobj" and tok.head.lower_ == "from" and tok.head.head.lower_ in _SENDER_NOUNS:
        return "Actor"  # "police and soldiers from Jamaica", "support from Egypt": the state that sent or gave
    if tok.dep_ == "pobj" and tok.head.lower_ == "to" and tok.head.head.lower_ in _ADDRESS_VERBS:
        return "Actor"  # "protested to New Delhi", "appealed to Canberra": the party addressed
    if tok.dep_ == "pobj" and tok.head.lower_ == "between" and tok.head.head.lower_ in _TIE_NOUNS:
        return "Actor"  # "relations between X and Y": the parties
    if tok.dep_ == "pobj" and tok.head.lower_ == "of" and tok.head.head.lower_ in _ORGAN_NOUNS:
        return "Actor"  # "the government of X", "a delegation of X": the state's organ (guide §3)
    if tok.dep_ == "appos" and tok.head.lower_ in ("state", "regime", "government"):
        return "Actor"  # "the terrorist state X"
    if tok.dep_ == "poss" and tok.head.lower_ not in _PLACE_NOUNS and tok.head.ent_type_ not in ("GPE", "LOC", "FAC"):
        return "Actor"
    if tok.dep_ == "compound" and tok.head.lower_ in _FORCE_NOUNS:
        return "Actor"  # "a United States contingent": the state's forces (guide §3)
    if tok.dep_ == "pobj" and tok.head.lower_ in _PARTY_PREPS and \
            not (tok.head.lower_ == "for" and tok.head.head.lower_ in _BOUND_WORDS) and \
            not _BORDER_WITH.search(view.text[max(0, tok.idx - 30):tok.idx]):
        return "Actor"  # "in consultation with the UK", "a decision for the United States": a party
    if tok.dep_ == "poss" and item.possessor and item.default == "Actor" and tok.head.lower_ in ("base", "bases"):
        return "Actor"  # "Russia's 102nd Military Base in Armenia" (_base_abroad)
    return "Place"


_MAKERS = {"ilyushin": "Il", "antonov": "An", "sukhoi": "Su", "tupolev": "Tu", "mikoyan": "MiG", "kamov": "Ka",
           "yakovlev": "Yak", "beriev": "Be", "mil": "Mi"}
_TYPE_PREFIXES = {"il": "Il", "ii": "Il", "an": "An", "su": "Su", "tu": "Tu", "mig": "MiG", "mi": "Mi", "ka": "Ka",
                  "yak": "Yak", "be": "Be"}
_AIRFRAME_ID = re.compile(r"(?<![\w-])(?:(?:[A-Z]{1,2}|[0-9][A-Z]|[A-Z][0-9])-[A-Z0-9]{3,5}|\d{2}-\d{4,5})(?![\w-])")
_AIRFRAME_CUE = re.compile(r"\b(?:serial|registration|registered(?:\s+as)?|tail(?:\s+number)?|tail\s+no\.?)"
                           r"(?:\s+number)?\s*[:#]?\s*$", re.I)


_CUED_AIRFRAME_ID = re.compile(r"\b(?:serial|registration|registered(?:\s+as)?|tail(?:\s+number)?|tail\s+no\.?)(?:\s+number)?"
                               r"\s*[:#]?\s*(?P<id>[A-Z0-9]{1,4}-?[A-Z0-9]{2,6})(?![\w-])")


def _names_airframe(gaz: Gazetteer, text: str, start: int) -> bool:
    """The code at ``start`` is one airframe's: the text calls it a serial or registration, or it
    follows an aircraft type directly ("the A400M Atlas F-RBAQ", "C-17 07-7178")."""
    before = text[max(0, start - 40):start]
    if _AIRFRAME_CUE.search(before):
        return True
    shape = _DESIGNATION_SHAPE.match(text, start)
    if shape is not None and not re.match(r"[\w-]", text[shape.end():shape.end() + 1]):
        return False  # "Su-57, TU-160, CN-235": a list of types, not a type and its airframe
    hits = gaz.find(before)
    last = hits[-1] if hits else None
    return last is not None and last.entry.label == "Equipment" and \
        last.entry.properties.get("category") in ("aircraft", "helicopter") and not before[last.end:].strip(" ,")


_DESIGNATION_SHAPE = re.compile(r"[A-Z]{1,3}-\d{1,3}[A-Z]{0,2}")


_AIRCRAFT_DESIGNATOR = re.compile(
    r"\b(?:(?P<maker>Ilyushin|Antonov|Sukhoi|Tupolev|Mikoyan|Kamov|Yakovlev|Beriev|Mil)(?:[\s-]+|(?=-)))?"
    r"(?:(?P<prefix>I[Ll]|II|A[Nn]|S[Uu]|T[Uu]|Mi[Gg]|MIG|Mi|MI|K[Aa]|Yak|YAK|B[Ee])-|(?<=-)|(?<=[a-z]-))"
    r"(?P<number>\d{1,3})(?P<variant>[A-Z]{0,4}\d?(?:-\d{1,3}[A-Z]{0,2})?)(?![\w-])")


def _aircraft_type(gaz: Gazetteer, m: re.Match) -> GazEntry | None:
    """The aircraft type of a designator in any spelling, by its short designation (guide §2:
    "Il-76" for "Ilyushin-76TD" and "Il-76MD-90A"); a maker alone ("Ilyushin-76") gives the prefix."""
    prefix = m.group("prefix")
    maker = m.group("maker")
    if prefix is None and maker is None:
        return None
    short = _TYPE_PREFIXES.get(prefix.lower()) if prefix else _MAKERS.get(maker.lower())
    if short is None:
        return None
    base = f"{short}-{m.group('number')}"
    known = gaz.lookup("Equipment", base)
    if known is not None:
        return known
    if m.group("variant") and gaz.lookup("Equipment", base + m.group("variant")):
        return gaz.lookup("Equipment", base + m.group("variant"))
    cat = "helicopter" if short in ("Mi", "Ka") else "aircraft"
    return GazEntry(name=base, label="Equipment", kind=cat, properties={"category": cat, "designation": base})


@lru_cache(maxsize=1)
def _equipment_surfaces() -> dict[str, GazEntry]:
    gaz = load_gazetteer()
    out: dict[str, GazEntry] = {}
    for e in gaz.entries:
        if e.label == "Equipment" and not e.generic:
            for surface in [e.name, *e.aliases]:
                if any(c.isdigit() for c in surface):
                    out.setdefault(surface.lower(), e)
    return out


def _near_equipment(gaz: Gazetteer, surface: str) -> GazEntry | None:
    """A known equipment type one or two letters away from an unknown designation ("Pantsyr-S1")."""
    from rapidfuzz import fuzz, process

    table = _equipment_surfaces()
    hit = process.extractOne(surface.lower(), table.keys(), scorer=fuzz.ratio, score_cutoff=88)
    if hit is None:
        return None
    cand = hit[0]
    if re.sub(r"\D", "", cand) != re.sub(r"\D", "", surface.lower()):
        return None  # the numbers must agree: S-300 is not S-400
    code, known = surface.split("-")[0].lower(), cand.split("-")[0]
    if len(code) <= 3 and code != known:
        return None  # a service's own code is its own type: the Canadian CC-130J is not the C-130
    return table[cand]


# number words that open a sentence ("Four Typhoon jets"): a count, never a word of a type's name
_COUNT_WORDS = frozenset({"one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
                          "twelve", "dozens", "several", "some", "many", "few", "both", "all"})


def _equipment_types(b: _Builder, text: str, doc: Any, raw: list, claimed: list) -> list:
    """Equipment types the gazetteer does not know, read by equipment_names.py; a span that a
    gazetteer hit or pattern already holds is left to it. A type named with a code and a name
    ("M3 Albatross") is that type when the report later uses the name alone ("the Albatross UAV")."""
    gaz = b.gaz
    if not has_digit(text) and not (_TYPE_NOUN_GATE.may_match(text) and _TYPE_NOUN_HINT.search(text)):
        return []
    taken = [(s, e) for s, e, _, _ in raw] + claimed

    def lookup(name: str) -> GazEntry | None:
        return gaz.lookup("Equipment", name) or b.equipment_names.get(match_key(name))

    def refused(word: str) -> bool:
        if word.lower() in _COUNT_WORDS or word in names_mod.rules().stopwords or word in names_mod.demonyms() or word.rstrip("s") in names_mod.demonyms():
            return True
        hits = gaz.find(word)
        if hits and hits[0].entry.label != "Equipment":
            return True
        # "Houthi drones": the singular of a group the gazetteer knows ("Houthis") is its owner
        return any(gaz.lookup(label, word + "s") for label in ("Actor", "Place"))

    def proper(start: int, end: int) -> bool:
        if doc is None:
            return False
        span = doc.char_span(start, end, alignment_mode="expand")
        # the recogniser's label is no guide here ("Gepard" a nationality, "Zuzana" a person),
        # nor a small town's name ("Puma"); a large city ("Kharkiv tanks") or a word of an
        # organisation's name ("Marine Corps helicopters") says where or whose, not which
        name = text[start:end]
        geo = names_mod.geo_lookup(name)
        if geo is not None and geo.population >= names_mod.MIN_ALTERNATE_POPULATION or \
                not _organisation_words().isdisjoint(name.split()):
            return False
        # a maker's or programme's word the tagger reads as an adjective ("the Dornier aircraft")
        # counts when it is capitalised inside the sentence (demonyms are refused before)
        return span is not None and all(t.tag_ in ("NNP", "NNPS") or t.is_punct or
                                        t.tag_ == "JJ" and t.is_title and t.i > 0 for t in span)

    out = []
    for got in equipment_names.find(text, lookup, refused, proper):
        if overlaps(taken, got.start, got.end) and not _swallow_generic_noun(raw, taken, got.start, got.end):
            continue
        entry = (lookup(got.known) or lookup(got.name)) if got.known else None
        if entry is None:
            entry = GazEntry(name=got.name, label="Equipment", kind=got.category,
                             properties={"category": got.category, "designation": got.name})
            words = got.name.split()
            if len(words) > 1 and equipment_names.is_code(words[0]) and not any(equipment_names.is_code(w) for w in words[1:]):
                b.equipment_names.setdefault(match_key(" ".join(words[1:])), entry)
        out.append((got.start, got.end, "entry", {"entry": entry, "via": "name"}))
        taken.append((got.start, got.end))
    return out


def _coordinated_types(b: _Builder, text: str, doc: Any, raw: list, claimed: list) -> list:
    """A proper name joined by "and" / "or" / a comma to a known type that a type noun follows
    ("using Atlas and C-130 aircraft", "Bayraktar, Orlan or Shahed drones" once one is known) is a
    type of the same category (guide §1: every named entity); names of anything else are refused."""
    nouns = equipment_names.rules().noun_category
    types = [(r[0], r[1], e) for r in raw if r[2] in ("entry", "mention")
             for e in [r[3]["entry"] if r[2] == "entry" else r[3]["mention"].entry] if e.label == "Equipment"]
    if not types or doc is None:
        return []
    taken = [(s, e) for s, e, _, _ in raw] + claimed
    out = []
    for start, end, entry in types:
        words = _TYPE_NOUN_AFTER.match(text, end).group().lower().split()
        noun = next((n for n in (" ".join(words[:2]), " ".join(words[:1]), " ".join(words[1:3]), " ".join(words[1:2]))
                     if n in nouns), None)
        if noun is None:
            continue
        for m in _NAME_BEFORE_LIST.finditer(text[:start]):
            s0, e0 = m.span("name")
            name = m.group("name")
            span = doc.char_span(s0, e0, alignment_mode="expand")
            if overlaps(taken, s0, e0) or name in names_mod.rules().stopwords or b.gaz.find(name) or \
                    span is None or not all(t.tag_ in ("NNP", "NNPS") for t in span):
                continue
            cat = entry.properties.get("category") or entry.kind or nouns[noun]
            known = b.gaz.lookup("Equipment", name)
            out.append((s0, e0, "entry", {"entry": known or GazEntry(name=name, label="Equipment", kind=cat,
                                                                       properties={"category": cat}), "via": "name"}))
            taken.append((s0, e0))
    return out


def _swallow_generic_noun(raw: list, taken: list, start: int, end: int) -> bool:
    """A type named with its capitalised noun ("Advanced Light Helicopters") takes the span of the
    generic equipment word that a gazetteer hit read inside it; anything else keeps its span."""
    inside = [r for r in raw if not (r[1] <= start or r[0] >= end)]
    if not inside or any(r[0] < start or r[1] > end or r[2] not in ("entry", "mention") or
                         (r[3]["entry"] if r[2] == "entry" else r[3]["mention"].entry).label != "Equipment" or
                         not _is_generic_item(r) for r in inside):
        return False
    if any(not (e <= start or s >= end) for s, e in taken if (s, e) not in {(r[0], r[1]) for r in inside}):
        return False
    for r in inside:
        raw.remove(r)
        taken.remove((r[0], r[1]))
    return True


def _is_generic_item(r: tuple) -> bool:
    """The raw item is a generic word's (its entry names no type: lower-case name)."""
    entry = r[3]["entry"] if r[2] == "entry" else r[3]["mention"].entry
    return entry.name[:1].islower()


_TYPE_NOUN_AFTER = re.compile(r"(?:\s+[A-Za-z-]+){0,3}")
# the last name of a list that ends right before a known type ("Voyager and ", "Orlan, ")
_NAME_BEFORE_LIST = re.compile(r"(?<![\w-])(?P<name>[A-Z][\w-]+(?:\s+[A-Z0-9][\w-]*)?)(?:\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+)$")


@lru_cache(maxsize=1)
def _organisation_words() -> frozenset[str]:
    return frozenset(w for _kind, words in names_mod.rules().organisation_kinds for w in words if " " not in w)


_TYPE_NOUN_HINTS = ("tank", "howitzer", "vehicle", "launcher", "missile", "drone", "jet", "helicopter", "radar", "aircraft",
                    "UAV", "APC", "IFV", "MRAP", "gun")
_TYPE_NOUN_HINT = re.compile("(?i)" + "|".join(_TYPE_NOUN_HINTS))
_TYPE_NOUN_GATE = WordGate(_TYPE_NOUN_HINTS, ignore_case=True)


_DIRECTION_BEFORE = re.compile(r"(?:^|(?<=[\s(\"']))((?:north|south)(?:-?(?:east|west))?(?:ern)?|east(?:ern)?|west(?:ern)?|central)\s+$",
                               re.I)


def _directional_region(gaz: Gazetteer, text: str, mention: Mention) -> tuple | None:
    """"southern Israel", "eastern Ukraine", "central Niger": a region of the country (or of a
    region or continent) named right after, its name as the text gives it with the direction in
    lower case; LOCATED_IN its country follows (resolve.region_links)."""
    entry = mention.entry
    if mention.via not in ("country", "name") or entry.label != "Place" or \
            (mention.via == "name" and entry.kind not in ("continent", "region")):
        return None
    m = _DIRECTION_BEFORE.search(text, max(0, mention.start - 16), mention.start)
    if m is None:
        return None
    if m.start(1) > 0 and text[m.start(1)].isupper() and text[:m.start(1)].strip() and \
            not text[:m.start(1)].rstrip().endswith((".", ":", '"')):
        return None  # "South Sudan", "West Africa" inside a longer name are the gazetteer's
    direction = m.group(1).lower()
    name = f"{direction} {entry.name}"
    known = gaz.lookup("Place", name)
    country = mention.country.name if mention.country is not None else entry.properties.get("country")
    region = known or GazEntry(name=name, label="Place", kind="region",
                               properties={"country": country} if country else {})
    return (m.start(1), mention.end, "entry", {"entry": region, "via": "name"})


def _sea_part(text: str, mention: Mention) -> tuple | None:
    """"the western Mediterranean", "the South Atlantic": a compass word before a sea or ocean
    names a part of it; the mention is the sea's, the whole phrase its alias, so that a text or
    a reader naming either form agrees."""
    if mention.entry.label != "Place" or mention.entry.kind != "sea":
        return None
    m = _DIRECTION_BEFORE.search(text, max(0, mention.start - 16), mention.start)
    if m is None:
        return None
    start = m.start(1)
    return (start, mention.end, "mention", {"mention": Mention(start, mention.end, text[start:mention.end], mention.entry,
                                                                mention.via, mention.country)})


def _compound_direction(text: str, mention: Mention) -> tuple | None:
    """"south-eastern Libya" where the gazetteer knows "eastern Libya": the region as the text
    names it, in the same country."""
    entry = mention.entry
    if entry.label != "Place" or entry.kind != "region" or not re.match(r"(?i)(?:east|west)", mention.text):
        return None
    m = re.search(r"(?<![\w-])((?:north|south)-)$", text[max(0, mention.start - 8):mention.start], re.I)
    if m is None:
        return None
    start = mention.start - len(m.group(1))
    name = (m.group(1) + mention.text).lower().replace(mention.text.split()[-1].lower(), mention.text.split()[-1])
    country = entry.properties.get("country")
    return (start, mention.end, "entry", {"entry": GazEntry(name=name, label="Place", kind="region",
                                                            properties={"country": country} if country else {}),
                                          "via": "name"})


_COMPASS_BEFORE = re.compile(r"\b(North|South|East|West|Central|Northern|Southern|Eastern|Western|Upper|Lower)\s+$")


def _compass_subdivision(text: str, mention: Mention) -> tuple | None:
    """"South Darfur", "North Kordofan": a capitalised compass word before a known place that
    together name a first-level subdivision the packaged geography (pycountry) lists."""
    m = _COMPASS_BEFORE.search(text, max(0, mention.start - 12), mention.start)
    if m is None:
        return None
    geo = names_mod.geo_lookup(f"{m.group(1)} {mention.text}")
    if geo is None or geo.label != "Place" or geo.kind != "region":
        return None
    return (m.start(1), mention.end, "entry",
            {"entry": GazEntry(name=geo.name, label="Place", kind="region", properties=dict(names_mod.geo_properties(geo))),
             "via": "name"})


_DIRECTION_AND_BEFORE = re.compile(r"(?:^|(?<=[\s(\"']))((?:north|south)(?:-?(?:east|west))?(?:ern)?|east(?:ern)?|west(?:ern)?|central)"
                                   r"(?:\s*,\s*|\s+(?:and|or)\s+|\s*,\s*(?:and|or)\s+)$", re.I)


def _coordinated_regions(text: str, region: tuple) -> list[tuple]:
    """"eastern and southern Ukraine": each direction joined to the named region is a region too."""
    start, _end, _kind, payload = region
    entry: GazEntry = payload["entry"]
    place = entry.name.split(" ", 1)[1] if " " in entry.name else None
    out = []
    while place:
        m = _DIRECTION_AND_BEFORE.search(text, max(0, start - 24), start)
        if m is None:
            break
        direction = m.group(1).lower()
        out.append((m.start(1), m.end(1), "entry", {"entry": GazEntry(name=f"{direction} {place}", label="Place", kind="region",
                                                                      properties=dict(entry.properties)), "via": "name"}))
        start = m.start(1)
    return out


def _bases_by_surface(gaz: Gazetteer) -> dict[str, list[GazEntry]]:
    cache = gaz.__dict__.get("_bases_by_surface")
    if cache is None:
        cache = {}
        for e in gaz.entries:
            if e.label == "Base":
                for n in [e.name, *e.aliases]:
                    cache.setdefault(match_key(n), []).append(e)
        gaz.__dict__["_bases_by_surface"] = cache
    return cache


def _disambiguate_bases(b: _Builder, text: str, items: list[Item]) -> None:
    """A base name that several countries use ("Air Base 101" in Bamako and in Niamey): the
    city or country named right after it ("Air Base 101 in Niamey") picks the entry."""
    for i, it in enumerate(items[:-1]):
        if it.tag != "BASE" or it.entry is None:
            continue
        nxt = items[i + 1]
        if nxt.tag not in ("CAP", "PLACE", "CTRY") or not re.fullmatch(r"\s*(?:,|in|at|near|outside|,\s+near)\s*", text[it.end:nxt.start]):
            continue
        where = nxt.entry.name if nxt.tag in ("CAP", "PLACE") and nxt.entry is not None else (
            nxt.country.name if nxt.country is not None else None)
        props = it.entry.properties
        if where is None or where in (props.get("near"), props.get("country")):
            continue
        by_surface = _bases_by_surface(b.gaz)
        pool = by_surface.get(match_key(it.text), []) + by_surface.get(match_key(f"{it.text} {where}"), []) + \
            by_surface.get(match_key(f"{where} {it.text}"), [])
        cands = list({id(e): e for e in pool if e is not it.entry and
                      where in (e.properties.get("near"), e.properties.get("country"))}.values())
        if len(cands) == 1:
            old = it.ids.get("Base")
            if old in b.counts:
                b.counts[old] -= 1
                b.aliases.get(old, set()).discard(it.text)
            it.entry = cands[0]
            eid = b.spec(cands[0])
            b.count(eid, it.text)
            it.ids = {"Base": eid}


def _official_country(gaz: Gazetteer, adj: str) -> Country | None:
    cache = gaz.__dict__.setdefault("_official_cache", {})
    if adj not in cache:
        if len(cache) > 10000:
            cache.clear()
        cache[adj] = _official_country_uncached(gaz, adj)
    return cache[adj]


def _official_country_uncached(gaz: Gazetteer, adj: str) -> Country | None:
    a = adj.replace(".", "").strip()
    if a in ("US", "American", "USA"):
        return gaz.country("United States")
    if a in ("UK", "British"):
        return gaz.country("United Kingdom")
    for c in gaz.countries:
        if a in c.adjectives or a == c.name:
            return c
    return None


def _unknown_name(gaz: Gazetteer, name: str) -> bool:
    """A capitalised name that is no stopword, country, demonym or thing the gazetteer knows."""
    stop = names_mod.rules().stopwords
    words = name.split()
    if not words or words[0] in stop or name in stop or name in names_mod.demonyms():
        return False
    if gaz.country(name) is not None or gaz.find(name):
        return False
    return True


def _bare_base(b: _Builder, name: str, entry: GazEntry) -> GazEntry | None:
    """"the Abéché base": a base only when the name is no actor or equipment ("the Wagner
    base" says whose base it is); a one-word name that ends a base named before in the report
    ("the Ndiaro base" after "Adjudant Paul Ndiaro air base") is that base."""
    clean = re.sub(r"^(?:the)\s+", "", name, flags=re.I)
    if any(b.gaz.lookup(lab, clean) for lab in ("Actor", "Equipment", "Vessel", "Source")):
        return None
    if " " not in clean and "-" not in clean:
        earlier = b.named_bases.get(match_key(clean))
        if earlier is not None:
            return earlier
    return entry


def _straddled(hits: list[Mention] | None, start: int) -> bool:
    """A gazetteer name runs across ``start`` (the pattern caught the tail of a known name)."""
    return any(h.start < start < h.end for h in hits or ())


def _inside_longer_hit(hits: list[Mention] | None, gaz: Gazetteer, text: str, start: int, end: int) -> bool:
    """A gazetteer hit covers the span exactly or runs past it ("Black Sea" in "Black Sea Fleet")."""
    for h in (hits if hits is not None else gaz.find(text)):
        if h.start < end and h.end > start and (h.start < start or h.end > end or (h.start, h.end) == (start, end)):
            return True
    return False


_PLURAL_WATERS = re.compile(r"\b(?P<first>[A-Z][a-z]+)\s+and\s+(?:the\s+)?(?P<second>[A-Z][a-z]+)\s+(?P<word>[Ss]eas|[Oo]ceans)\b")


def _river_pair(gaz: Gazetteer, text: str, claimed: list, pat: dict) -> list:
    """"the Tigris and Euphrates rivers": two waterways named before one plural word, each a
    Place of kind sea by its own name (guide §2), or the gazetteer's entry when it knows it."""
    out = []
    for m in (pat["river_pair"].finditer(text) if pat["river_pair_words"] and any(w in text for w in pat["river_pair_words"]) else ()):
        for g in ("a", "b"):
            span = m.span(g)
            if overlaps(claimed, *span):
                continue
            entry = gaz.lookup("Place", m.group(g)) or GazEntry(name=m.group(g), label="Place", kind="sea")
            out.append((span[0], span[1], "entry", {"entry": entry, "via": "name"}))
            claimed.append(span)
    return out


def _sea(gaz: Gazetteer, name: str, kind: str = "sea") -> GazEntry | None:
    name = re.sub(r"^(?:the)\s+", "", name, flags=re.I)
    if not name[:1].isupper():
        return None  # "The oasis town of ...": the article alone opened the match
    known = gaz.lookup("Place", name)
    if known is not None:
        return known
    water = re.match(r"(?:Strait|Straits|Channel)\s+of\s+(?:the\s+)?(.+)$", name)
    if water:  # "Strait of Bab-el-Mandeb": the strait the gazetteer knows by its own name
        known = gaz.lookup("Place", water.group(1))
        if known is not None and known.kind == "sea":
            return known
    first = name.split()[0]
    if first in names_mod.rules().stopwords and first not in ("Gulf", "Bay", "Sea", "Strait", "Straits", "Channel") and \
            not (kind == "sea" and first in _COMPASS_WORDS and len(name.split()) == 2):  # "East Sea", "West Sea"
        return None
    if first in names_mod.demonyms():
        return None  # "the Russian corridor" says whose, not which
    return GazEntry(name=name, label="Place", kind=kind)


_AFTER_HEAD = re.compile(r"\s*(?:[,.;:)]|$|(?:and|or|in|on|of|to|from|by|at|is|are|was|were|where|which|near|off|with|for|as|"
                         r"that|had|has|have|since|after|before|during|until|while|because|remain|remains|lie|lies)\b)")


def _named_before(b: _Builder, name: str) -> GazEntry | None:
    """What the report has named by this name so far, a leading "the" aside (a ship, a base,
    an organisation or its initials)."""
    return b.named_things.get(match_key(re.sub(r"^[Tt]he\s+", "", name)))


def _named_ship(b: _Builder, name: str) -> bool:
    """The report has named a ship by this name ("The Sirius Highway sailed back")."""
    named = _named_before(b, name)
    return named is not None and named.label == "Vessel"


def _lower_feature_heads(gaz: Gazetteer, text: str, m: re.Match) -> bool:
    """"the Tavolu islands": a lowercase island word makes a Place of the name before it only
    when the word heads the phrase (not "island chain", "island garrison") and the name is no
    place, country or demonym already known ("Taiwan island", "the Greek islands")."""
    name = text[m.start():m.start("word")].strip()
    if not name or re.match(r"(?:the|The)\s", name):
        return False
    if not _AFTER_HEAD.match(text, m.end()) or name.split()[0] in names_mod.country_words():
        return False
    return not gaz.find(name) and names_mod.geo_lookup(name) is None


_COMPASS_WORDS = frozenset({"Western", "Eastern", "Northern", "Southern", "Central", "West", "East", "North", "South"})


def _company(gaz: Gazetteer, name: str, trade_word: str) -> GazEntry | None:
    """A company or airline by its trade word; the gazetteer's entry when it knows the name."""
    for label in ("Actor", "Source"):
        known = gaz.lookup(label, name)
        if known is not None:
            return known
    if gaz.country(name) is not None or gaz.lookup("Place", name) or gaz.lookup("Base", name):
        return None
    kind = names_mod.kind_by_words(name, tuple(t for t in names_mod.rules().organisation_kinds
                                               if t[0] in ("airline", "company"))) or "company"
    return GazEntry(name=name, label="Actor", kind=kind)


def _admin_unit(gaz: Gazetteer, name: str, unit: str = "region") -> GazEntry | None:
    """A region the text names with its unit word, when the name is not known as anything
    (a known name keeps what the gazetteer says it is); the region of a known town keeps the
    word ("Orenburg region", "Moscow region"), so that it stays apart from the town."""
    if name.split()[0] in _pat()["not_places"]:
        return None
    if not _unknown_name(gaz, name):
        return _town_region(gaz, name, unit)
    geo = names_mod.geo_lookup(name)
    props = dict(names_mod.geo_properties(geo)) if geo is not None and geo.label == "Place" else {}
    return GazEntry(name=name, label="Place", kind="region", properties=props)


def _base_at(gaz: Gazetteer, name: str, noun: str) -> GazEntry | None:
    """The base of "a base at X": X itself when neither the gazetteer nor the packaged geography
    knows it; a base at a known town is an unnamed facility in the town ("offered a drone base
    at Kismayo" gives Place Kismayo), while a base at a village is named by it (guide §2)."""
    if not _unknown_name(gaz, name) or name.split()[0] in _pat()["not_places"]:
        return None
    geo = names_mod.geo_lookup(name)
    if geo is not None and geo.label != "Base":
        return None
    kind = _pat()["base_suffix_kind"].get(noun.lower(), "army_base")
    props = dict(names_mod.geo_properties(geo)) if geo is not None else {}
    return GazEntry(name=name, label="Base", kind=kind, properties={k: v for k, v in props.items() if k in ("lat", "lon")})


def _unit_of_town(b: _Builder, name: str, unit: str) -> GazEntry | None:
    """"Homs province", "the Kufra district": the known town's entry over the whole phrase, the
    phrase its alias (guide §6: "an airfield in Homs province" lies in Homs; dev gold agrees,
    one own-words set keeps the unit apart when the town is named too)."""
    if unit.lower() in ("region", "oblast", "krai"):
        return None  # _town_region keeps those apart from the town
    hits = b.gaz.find(name)
    if len(hits) != 1 or (hits[0].start, hits[0].end) != (0, len(name)):
        return None
    entry = hits[0].entry
    if entry.label != "Place" or entry.kind not in ("city", "region") or hits[0].via == "capital":
        return None
    return entry


def _town_region(gaz: Gazetteer, name: str, unit: str) -> GazEntry | None:
    """"Kaliningrad region": the region around a town the gazetteer or the packaged geography
    knows as a town (never a country, a region or anything else it knows)."""
    if unit.lower() not in ("region", "oblast", "krai"):
        return None  # "Latakia province" is read as the town's name (dev gold); "Moscow region" is not the city
    hits = gaz.find(name)
    if len(hits) != 1 or (hits[0].start, hits[0].end) != (0, len(name)):
        return None
    hit = hits[0]
    town = hit.via == "capital" or hit.entry.label == "Place" and hit.entry.kind == "city"
    if not town:
        return None
    country = hit.country.name if hit.country is not None else hit.entry.properties.get("country")
    return GazEntry(name=f"{name} {unit}", label="Place", kind="region", properties={"country": country} if country else {})


def _base_from_name(gaz: Gazetteer, name: str, suffix: str) -> GazEntry | None:
    kind = _pat()["base_suffix_kind"].get(suffix.lower(), "airbase")
    clean = re.sub(r"^(?:the)\s+", "", name, flags=re.I)
    for cand in (f"{clean} {suffix}", clean):
        hit = gaz.lookup("Base", cand)
        if hit:
            return hit
    words = clean.split()
    if words[0].lower() in ("russian", "the", "a", "an", "its", "this", "that", "new", "main", "military", "former", "key"):
        return None
    place = gaz.lookup("Place", clean)
    if place is not None and place.kind in ("sea", "continent", "region"):
        return None  # "a Red Sea naval base" says where the base is, not its name
    country = gaz.country(clean)
    if country is not None and kind == "airport" and suffix[:1].isupper():
        # "Djibouti International Airport", "Bahrain International Airport": a city-state's or
        # capital's airport named after the country keeps the word (guide §2, "Niamey airport")
        return _with_airport_data(GazEntry(name=f"{clean} airport", label="Base", kind="airport"), clean, suffix)
    if country is not None or any(c.adjectives and clean in c.adjectives for c in gaz.countries):
        return None
    owner = gaz.lookup("Actor", clean)
    if owner is not None and owner.kind in ("state", "armed_forces") and place is None:
        return None  # "the RAF airfield", "the Kenya Defence Forces base": whose base, not its name
    town = place is not None or any(c.capital and c.capital.name == clean for c in gaz.countries) or \
        (names_mod.geo_lookup(clean) or names_mod.GeoHit("", "", "", None, None, None)).label == "Place"
    if kind in ("airport", "port") and town:
        base = _base_near(gaz, clean)
        if base is not None and base.kind == kind:
            return base
        if kind == "port":  # "Benghazi port": the town's port keeps the word, the town stays a Place
            return GazEntry(name=f"{clean} port", label="Base", kind="port")
        # guide §2: an airport named after a town keeps the word, so it cannot clash with the town
        return _with_airport_data(GazEntry(name=f"{clean} airport", label="Base", kind="airport"), clean, suffix)
    if place is not None:
        base = _base_near(gaz, place.name)
        if base is not None:
            return base
    return _with_airport_data(GazEntry(name=clean, label="Base", kind=kind), clean, suffix)


def _with_airport_data(entry: GazEntry, name: str, suffix: str) -> GazEntry:
    """Coordinates and ICAO code from the packaged airport list, when it knows the name."""
    hit = names_mod.airports().get(match_key(f"{name} {suffix}")) or names_mod.airports().get(match_key(f"{name} airport"))
    if hit is not None:
        entry.properties.update(dict(names_mod.geo_properties(hit)))
    return entry


def _base_near(gaz: Gazetteer, place_name: str) -> GazEntry | None:
    key = match_key(place_name)
    for e in gaz.entries:
        if e.label == "Base" and match_key(str(e.properties.get("near", ""))) == key:
            return e
    return None


# a ship's name after its hull prefix, with the joining words of ship names ("BRP Davao del Sur",
# "NRP Vasco da Gama")
_HULL_PREFIX = re.compile(r"\b(" + "|".join(names_mod.rules().hull_prefixes) +
                          r")\s+((?:[A-Z][\w'\u2019-]*)(?:\s+(?:[A-Z]\.(?:[A-Z]\.)*|[A-Z][\w'\u2019-]*|\d{1,4}|of(?=\s+[A-Z])|"
                          + names_mod.rules().particles["ship"] + r"(?=\s+[A-Z]))){0,3})"
                          r"(?:\s*\([A-Z]{0,3}-?\d{2,4}\))?")


_SHIP_TYPE_WORDS = r"(?:frigate|corvette|destroyer|cruiser|submarine|landing ship|landing craft|tanker|patrol ship|patrol vessel|" \
                   r"patrol boat|patrol craft|replenishment ship|supply ship|support ship|cutter|ship|vessel|icebreaker|minesweeper)"
_SHIP_CLASS = re.compile(
    rf"\b(?P<name>[A-Z][\w'\u2019]*(?:[ -][A-Z][\w'\u2019]*)?)(?:\s+\([^()]{{1,40}}\))?(?P<sep>-class|\s+[Cc]lass|\s+type)\b"
    rf"(?:\s+(?P<type>{_SHIP_TYPE_WORDS})s?\b)?"
    rf"|\b[Pp]roject\s+(?P<project>\d{{3,5}}[A-Z]?\d?)\b")


_TYPE_CLASS = re.compile(rf"\bType\s+(?P<number>\d{{2,3}}[A-Z]{{0,2}})\s+(?:[a-z-]+\s+){{0,2}}?(?P<type>{_SHIP_TYPE_WORDS})s?\b")


@lru_cache(maxsize=1)
def _port_of_pattern() -> re.Pattern:
    """"the port of Algiers", "the port of Dar es Salaam" (a place's joining particle), "Bosaso port"."""
    joiner = names_mod.rules().particles["place"]
    return re.compile(rf"\bport\s+of\s+(?P<town1>[A-Z][\w'\u2019-]+(?:\s+(?:{joiner}\s+)?[A-Z][\w'\u2019-]+)?)"
                      r"|\b(?P<town2>[A-Z][\w'\u2019-]+(?:\s+[A-Z][\w'\u2019-]+)?)\s+port\b(?!\s+of\b)")


def _port_of(gaz: Gazetteer, town: str, said_port: bool = False) -> GazEntry | None:
    """The port of a town the gazetteer or the packaged geography knows as a place (a base of
    the gazetteer by that name or near it first); with ``said_port`` ("the port of Jask") any
    name that is not a country, demonym or other known thing; None for anything else."""
    for cand in (f"port of {town}", f"{town} port", town):
        hit = gaz.lookup("Base", cand)
        if hit is not None:
            return hit
    near = [e for e in _bases_by_near(gaz).get(match_key(town), []) if e.kind in ("port", "naval_base")]
    if near:
        return near[0]
    place = gaz.lookup("Place", town) or next((c.capital for c in gaz.countries if c.capital and c.capital.name == town), None)
    geo = names_mod.geo_lookup(town) if place is None else None
    if place is None and (geo is None or geo.label != "Place"):
        if not said_port or not _unknown_name(gaz, town):
            return None
        return GazEntry(name=town, label="Base", kind="port")
    props = {k: v for k, v in (place.properties if place is not None else dict(names_mod.geo_properties(geo))).items()
             if k in ("lat", "lon", "country")}
    return GazEntry(name=town, label="Base", kind="port", properties=props)


def _bases_by_near(gaz: Gazetteer) -> dict[str, list[GazEntry]]:
    cache = gaz.__dict__.get("_bases_by_near")
    if cache is None:
        cache = {}
        for e in gaz.entries:
            if e.label == "Base" and e.properties.get("near"):
                cache.setdefault(match_key(str(e.properties["near"])), []).append(e)
        gaz.__dict__["_bases_by_near"] = cache
    return cache


def _class_entry(m: re.Match) -> GazEntry | None:
    if m.group("project"):
        name = f"project {m.group('project')}"
    else:
        base, sep, kind = m.group("name"), m.group("sep"), m.group("type")
        words = base.split()
        if words[0] in ("The", "A", "This", "That", "Its", "New", "Same", "Which", "Another", "Each", "Every"):
            if len(words) == 1:
                return None
            base = " ".join(words[1:])
        if sep.strip() == "type":
            if kind is None:
                return None  # "Russian type" and the like: no class without a ship type after it
            name = base
        else:  # "the Kilo-class submarine" is the Kilo class, its text form an alias (gold sets write both)
            name = f"{base} class" if sep == "-class" else f"{base}{sep}"
            if sep == "-class" and kind:  # "six Kilo-class submarines": the singular text form too
                return GazEntry(name=name, label="Equipment", kind="vessel",
                                properties={"category": "vessel", "text_form": f"{base}-class {kind}"})
    return GazEntry(name=name, label="Equipment", kind="vessel", properties={"category": "vessel"})


def _hull_kind(text: str, end: int, start: int | None = None) -> str | None:
    """The ship type said right after a prefixed name ("HMS Severn, a patrol vessel"), or
    right before it ("the ro-ro vessel MN Pelican")."""
    if start is not None:
        before = text[max(0, start - 40):start].lower()
        for word, kind in sorted(_pat()["vessel_kind"].items(), key=lambda x: -len(x[0])):
            if re.search(rf"\b{re.escape(word)}\s+$", before):
                return kind
    after = text[end:end + 60].lower()
    for word, kind in sorted(_pat()["vessel_kind"].items(), key=lambda x: -len(x[0])):
        if re.search(rf"\b{re.escape(word)}\b", after):
            return kind
    return None


def _ship_class(name: str, type_word: str, name_first: bool) -> GazEntry | None:
    """A class, not a ship: "Udaloy-class destroyer", "the Carlo Bergamini Class frigate"."""
    if not name_first:
        return None
    low = name.lower()
    if low.endswith("-class"):
        return GazEntry(name=f"{name[:-6]} class", label="Equipment", kind="vessel", properties={"category": "vessel"})
    if low.endswith(" class") and len(name.split()) > 1:
        return GazEntry(name=name, label="Equipment", kind="vessel", properties={"category": "vessel"})
    return None


_ORG_WORDS = re.compile(r"\b(?:Navy|Army|Air Force|Force|Forces|Fleet|Guard|Ministry|Command|Corps|Marines?)\b")


def _vessel(gaz: Gazetteer, name: str, vkind: str | None, named_as_ship: bool = False) -> GazEntry | None:
    """A ship's entry; ``named_as_ship``: the sentence itself says the name is a ship's ("two
    landing ships, the Kaliningrad and the Korolev"), so a town's name does not stop it."""
    name = name.strip()
    if not name or name.lower() in ("the", "and", "of", "group", "class"):
        return None
    hit = gaz.lookup("Vessel", name)
    if hit:
        return hit
    # a name that the gazetteer knows as something else is not a ship name ("Orion Star" may be)
    known = gaz.find(name)
    if known and known[0].start == 0 and known[0].end >= len(name) and not (named_as_ship and known[0].via in ("name", "capital")
                                               and known[0].entry.label == "Place"):
        return None
    words = name.split()
    if words[0] in ("The", "A", "An", "Two", "Three", "Another", "Other", "Its", "This", "Large", "Dry", "Universal",
                    "First", "Second", "Third", "Fourth", "Last", "Next", "New", "One"):
        return None
    # "the Korean landing ship", "the Republic of Korea Navy landing ship": an owner, not a name
    if any(w in names_mod.demonyms() for w in re.split(r"[\s-]+", name)) or _ORG_WORDS.search(name) or \
            re.search(r"-(?:flagged|registered|owned|operated|based|built|chartered)\b", name):
        return None
    return GazEntry(name=name, label="Vessel", kind=vkind)


def _plural(word: str) -> str:
    low = word.lower()
    if low in ("intelligence", "media", "staff", "personnel") or low.endswith("s"):
        return word
    return word + "s"


def _make_item(b: _Builder, sidx: int, text: str, folded: str, start: int, end: int, kind: str,
               payload: dict, prev: list[Item]) -> Item | None:
    gaz = b.gaz
    surface = text[start:end]
    if kind == "src_person":
        entry = GazEntry(name=payload["name"], label="Source", kind="person", aliases=[payload["handle"]],
                         properties={"handle": payload["handle"]})
        eid = b.spec(entry)
        b.count(eid, surface)
        b.aliases[eid].add(payload["handle"])
        return b.new_item(sidx, start, end, surface, "SRC", {"Source": eid}, "Source", entry)
    if kind == "registration":
        reg = payload["name"].upper()
        actype = next((it for it in reversed(prev) if it.tag == "EQ" and it.entry and
                       it.entry.properties.get("category") in ("aircraft", "helicopter")), None)
        if actype is None:
            after = [m for m in gaz.find(text[end:end + 60]) if m.entry.label == "Equipment"]
            actype = after[0] if after else None
            type_name = actype.entry.name if actype else None
        else:
            type_name = actype.entry.name
        entry = GazEntry(name=reg, label="Aircraft", kind=type_name,
                         properties={"registration": reg, **({"type": type_name} if type_name else {})})
        eid = b.spec(entry)
        b.count(eid, surface)
        return b.new_item(sidx, start, end, surface, "AC", {"Aircraft": eid}, "Aircraft", entry)
    if kind == "officials":
        c: Country = payload["country"]
        short = {"United States": "US", "United Kingdom": "UK"}.get(c.name, c.adjectives[0] if c.adjectives else c.name)
        words = surface.split()
        # guide §4: the text's phrase ("Syrian security official"), singular and plural one Source
        name = " ".join([short] + words[1:-1] + [_plural(words[-1])]) if len(words) > 1 else f"{short} officials"
        entry = gaz.lookup("Source", name) or GazEntry(name=name, label="Source", kind="official")
        eid = b.spec(entry)
        b.count(eid, surface)
        return b.new_item(sidx, start, end, surface, "SRC", {"Source": eid}, "Source", entry)
    if kind == "person":
        entry = payload["entry"]
        eid = b.spec(entry)
        b.count(eid, surface)
        return b.new_item(sidx, start, end, surface, "PER", {"Actor": eid}, "Actor", entry)
    if kind == "entry":
        entry = payload["entry"]
        eid = b.spec(entry)
        b.count(eid, surface)
        return b.new_item(sidx, start, end, surface, _tag_for(entry), {entry.label: eid}, entry.label, entry)
    mention: Mention = payload["mention"]
    entry = mention.entry
    country = mention.country
    if mention.via == "adjective":
        ids = {"Actor": b.spec(country.actor), "Place": b.spec(country.place)}
        return b.new_item(sidx, start, end, surface, "ADJ", ids, None, entry, country)
    if mention.via == "country":
        ids = {"Actor": b.spec(country.actor), "Place": b.spec(country.place)}
        return b.new_item(sidx, start, end, surface, "CTRY", ids, "Place", entry, country)
    if mention.via == "capital":
        ids = {"Actor": b.spec(country.actor), "Place": b.spec(entry)}
        return b.new_item(sidx, start, end, surface, "CAP", ids, "Place", entry, country)
    if entry.label == "Source":
        key = match_key(entry.name)
        if key in b.publisher_keys or match_key(surface) in b.publisher_keys:
            return None
    eid = b.spec(entry)
    b.count(eid, surface)
    tag = _tag_for(entry)
    if tag == "STATE" and country is not None:
        ids = {"Actor": eid, "Place": b.spec(country.place)}
    else:
        ids = {entry.label: eid}
    return b.new_item(sidx, start, end, surface, tag, ids, entry.label, entry, country)


_WORD = re.compile(r"[a-z]+")
_POSSESSOR = re.compile(r"'s?\b|'(?=\s)")
_HYPHEN_WORD = re.compile(r"-(?!\s)(?:[a-z]+)")
_HYPHEN_BASED = re.compile(r"-(?:based)\b")
_HYPHEN_PLACE = re.compile(r"-(?:based|registered)\b")
_HYPHEN_BACKED = re.compile(r"-(?:backed|controlled|led|allied|run|aligned|supported|linked|friendly)\b")
_ACTOR_OR_ADJ = ACTOR_TAGS + ("ADJ",)
_HYPHEN_ACTOR = re.compile(r"-(?:backed|controlled|led|allied|run|aligned|supported|friendly|flagged)\b")


_REGIME_WORDS = re.compile(r"\b(?:junta|military government|regime|military authorities|transitional government)\b")


def _base_abroad(items: list[Item], i: int, folded: str) -> bool:
    """"Russia's 102nd Military Base in Armenia": a state's base in another country is the
    state's own (guide D10, OPERATES), not a place in it."""
    base, owner = items[i + 1], items[i].country
    if base.tag != "BASE" or owner is None or i + 2 >= len(items):
        return False
    where = items[i + 2]
    if where.tag != "CTRY" or where.country is None or where.country.name == owner.name:
        return False
    return re.fullmatch(r"\s*,?\s*(?:in|at|near)\s+", folded[base.end:where.start]) is not None


def _decide_defaults(items: list[Item], text: str, folded: str) -> None:
    """Country and capital mentions: Place after a locative preposition, in a "X-based" or
    "X's <place>" phrase or an "X-Y" route; otherwise the state acting."""
    pat = _pat()
    prev_default = None
    for i, it in enumerate(items):
        after = folded[it.end:it.end + 12]
        it.possessor = bool(_POSSESSOR.match(after))
        it.modifier = bool(_HYPHEN_WORD.match(after)) and not _HYPHEN_BASED.match(after) \
            if it.tag in _ACTOR_OR_ADJ else bool(_HYPHEN_BACKED.match(after))
        if it.tag not in ("CTRY", "CAP"):
            prev_default = None
            continue
        before = folded[max(0, it.start - 30):it.start]
        label = "Actor"
        if pat["place_prep_strict"].search(before) and not (
                it.possessor and not re.match(r"'s?\s+(?:[a-z-]+\s+)?(?:east|west|south|north|coast|territory|soil|airspace|capital|border|ports?|bases?|cities|regions?|«\d+:(?:PLACE|BASE)»)", after + folded[it.end + 12:it.end + 40])):
            label = "Place"
        elif _HYPHEN_PLACE.match(after) or re.match(r"-(?=«|[a-z]+\s+(?:trips?|flights?|route|corridor|border))", after):
            label = "Place"
        elif re.search(r"-\s*$", before) and i > 0 and items[i - 1].tag in ("CTRY", "CAP", "PLACE"):
            label = "Place"
        elif it.possessor and i + 1 < len(items) and items[i + 1].tag in ("PLACE", "BASE") and \
                items[i + 1].start - it.end <= 4 and not _base_abroad(items, i, folded):
            label = "Place"
        elif it.possessor and re.match(r"'s\s+(?:east|west|south|north|coast|territory|soil|airspace|capital|border|ports?|bases?|cities|regions?)\b", after):
            label = "Place"
        elif prev_default == "Place" and re.fullmatch(r"\s*(?:,|and|or|, and)\s*", folded[items[i - 1].end:it.start]):
            label = "Place"
        if _HYPHEN_ACTOR.match(after):
            label = "Actor"
        if it.tag == "CAP" and label == "Actor" and it.country is not None:
            it.default = "Actor"
        else:
            it.default = label
        prev_default = label
