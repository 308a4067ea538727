"""The gazetteer: known actors, places, bases, equipment, vessels and sources, and a matcher
that finds their surface forms in text.

Data lives in ``loaders/data/gazetteer/*.yaml``. Each file is a YAML list of entries; the file
name gives the default label (``bases.yaml`` -> Base). An entry::

    - name: Khmeimim              # canonical name (the node id is make_id(prefix, name))
      kind: airbase               # ONTOLOGY kind (Equipment: its category)
      aliases: [Hmeimim, Humaymim, Latakia Air Base]
      case_sensitive: [HMB]       # aliases matched only with this exact case
      salience: low               # optional: only kept when a relation or event uses it
      lat: 35.40                  # anything else goes into Entity.properties
      lon: 35.95
      icao: OSLK
      country: Syria

``countries.yaml`` (list of ``{name, iso2, lat, lon, aliases, adjectives, capital, capital_lat,
capital_lon, region}``) gives each country as a Place of kind ``country`` that may also act as a
state Actor, its demonyms (``Russian``) and its capital (``Moscow``, which may stand for the
state). ``countries_fallback.yaml`` holds the same for the countries of the theatre, used until
(and merged under) ``countries.yaml``.

Matching works on word tokens: the text is folded 1:1 (lower case, accents and typographic
quotes/dashes removed, so offsets stay valid), split into ``[a-z0-9]+`` tokens, and a token trie
finds the longest known surface form at each position. Short aliases (<= 4 characters),
all-capital acronyms and aliases listed under ``case_sensitive`` must also match with their exact
case ("LNA", "Tor", "AP"), so ordinary words do not match them.
"""

from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Iterable

import yaml

from milgraph.errors import InputError, MilgraphError

from milgraph.graph.ids import make_id, match_key

LABEL_PREFIX = {
    "Actor": "actor", "Place": "place", "Base": "base", "Equipment": "equipment",
    "Aircraft": "aircraft", "Vessel": "vessel", "Source": "source",
}

FILE_LABELS = {
    "actors": "Actor", "places": "Place", "bases": "Base", "equipment": "Equipment",
    "aircraft_types": "Equipment", "vessels": "Vessel", "aircraft": "Aircraft", "sources": "Source",
}

_RESERVED = {"name", "kind", "aliases", "case_sensitive", "salience", "label", "adjectives",
             "capital", "capital_lat", "capital_lon", "generic"}


@dataclass
class GazEntry:
    """One known thing. ``id`` follows graph.ids.make_id(label prefix, name)."""

    name: str
    label: str
    kind: str | None = None
    aliases: list[str] = field(default_factory=list)
    case_sensitive: list[str] = field(default_factory=list)
    properties: dict[str, Any] = field(default_factory=dict)
    salience: str = "normal"  # "low": kept only when a relation or event uses it
    generic: bool = False  # a class ("air defense systems"), kept only when moved/deployed

    @property
    def id(self) -> str:
        key = (self.label, self.name)
        eid = _ID_CACHE.get(key)
        if eid is None:
            if len(_ID_CACHE) > 50000:  # names found by patterns accumulate over a long run
                _ID_CACHE.clear()
            eid = _ID_CACHE[key] = make_id(LABEL_PREFIX[self.label], self.name)
        return eid


_ID_CACHE: dict[tuple[str, str], str] = {}


@dataclass
class Country:
    """A country: the Place, the state Actor it can stand for, demonyms and capital."""

    name: str
    place: GazEntry
    actor: GazEntry
    adjectives: list[str] = field(default_factory=list)
    capital: GazEntry | None = None
    theatre: bool = False


@dataclass
class Mention:
    """A gazetteer hit in a text. ``via`` tells how it matched:
    name (the entry's name or alias), adjective (a demonym: "Russian"), capital (a capital city
    that may stand for its state), country (a country name: Place or state Actor by context)."""

    start: int
    end: int
    text: str
    entry: GazEntry
    via: str = "name"
    country: Country | None = None


# ---------------------------------------------------------------------------------- folding

def _build_fold_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for code in range(0x80, 0x250):
        ch = chr(code)
        base = unicodedata.normalize("NFKD", ch)
        base = "".join(c for c in base if not unicodedata.combining(c))
        low = base.lower()
        if len(low) == 1:
            table[code] = low
    extra = {"\u2018": "'", "\u2019": "'", "\u02bc": "'", "\u00b4": "'", "`": "'",
             "\u201c": '"', "\u201d": '"', "\u2010": "-", "\u2011": "-", "\u2012": "-",
             "\u2013": "-", "\u2014": "-", "\u2212": "-", "\u00a0": " ", "\u00df": "s",
             "\u00e6": "a", "\u00f8": "o", "\u0142": "l", "\u0131": "i", "\u00f0": "d"}
    for code, low in list(table.items()):  # capitals fold like their small letters ("Łask", "Ørland")
        if low in extra:
            table[code] = extra[low]
    for ch, rep in extra.items():
        table[ord(ch)] = rep
    for code in range(ord("A"), ord("Z") + 1):
        table[code] = chr(code).lower()
    return table


_FOLD = _build_fold_table()
_TOKEN = re.compile(r"[a-z0-9]+")
_ABBREVIATIONS = frozenset({"st", "mt", "ft", "ste", "gen", "col", "adm", "lt", "sgt", "dr", "jr"})  # "St. Petersburg"
_GAP_OK = re.compile(r"[ \t\n\-'./]{0,3}")


def fold(text: str) -> str:
    """Lower case, accents and typographic punctuation removed, same length as ``text``."""
    folded = text.translate(_FOLD)
    if len(folded) != len(text):  # a multi-char mapping slipped in; fall back char by char
        folded = "".join(c if len(c.translate(_FOLD)) != 1 else c.translate(_FOLD) for c in text)
    return folded


def tokens(text: str, folded: str | None = None) -> list[tuple[int, int, str]]:
    """Word tokens ``(start, end, folded_token)`` of ``text``."""
    folded = fold(text) if folded is None else folded
    return [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(folded)]


def _alias_tokens(alias: str) -> tuple[str, ...]:
    return tuple(t for _, _, t in tokens(alias))


def _needs_case(alias: str) -> bool:
    letters = [c for c in alias if c.isalpha()]
    if len(alias.replace(" ", "")) <= 4:
        return True
    return len(letters) >= 2 and all(c.isupper() for c in letters) and len(letters) <= 6


# ---------------------------------------------------------------------------------- matcher

class Matcher:
    """Longest-match lookup of surface forms over word tokens, through a token trie."""

    def __init__(self) -> None:
        self._trie: dict = {}

    def add(self, surface: str, payload: Any, case_sensitive: bool | None = None) -> None:
        toks = _alias_tokens(surface)
        if not toks:
            return
        if case_sensitive is None:
            case_sensitive = _needs_case(surface)
        exact = tuple(re.findall(r"[A-Za-z0-9]+", unicodedata.normalize("NFKD", surface)
                                 .encode("ascii", "ignore").decode())) if case_sensitive else None
        node = self._trie
        for tok in toks:
            node = node.setdefault(tok, {})
        bucket = node.setdefault(None, [])
        item = (exact, payload)
        if item not in bucket:
            bucket.append(item)

    def find(self, text: str, toks: list[tuple[int, int, str]] | None = None
             ) -> list[tuple[int, int, Any]]:
        """Non-overlapping longest matches ``(start, end, payload)``, left to right."""
        if toks is None:  # token strings and spans from two C-level passes
            folded = fold(text)
            words = _TOKEN.findall(folded)
            spans = [m.span() for m in _TOKEN.finditer(folded)]
        else:
            words = [t[2] for t in toks]
            spans = [(t[0], t[1]) for t in toks]
        toks = spans
        out: list[tuple[int, int, Any]] = []
        i, n = 0, len(words)
        while i < n:
            best = self._longest(text, words, toks, i)
            if best is not None and words[i] == "the" and i + 1 < n:
                # "the Mediterranean Sea": the longer name after the article wins over "the Mediterranean"
                after = self._longest(text, words, toks, i + 1)
                if after is not None and after[0] > best[0]:
                    i += 1
                    best = after
            if best is not None:
                j_end, payload = best
                out.append((toks[i][0], toks[j_end][1], payload))
                i = j_end + 1
            else:
                i += 1
        return out

    def _longest(self, text: str, words: list[str], toks, i: int):
        """(last token index, payload) of the longest known form starting at token ``i``."""
        node = self._trie.get(words[i])
        best = None
        j, n = i, len(words)
        while node is not None:
            if None in node:
                for exact, payload in node[None]:
                    if exact is None or self._exact_ok(text, toks, i, j, exact):
                        best = (j, payload)
                        break
            j += 1
            if j >= n:
                break
            gap = text[toks[j - 1][1]:toks[j][0]]
            if not _GAP_OK.fullmatch(gap) or ("." in gap and toks[j - 1][1] - toks[j - 1][0] > 1
                                              and words[j - 1] not in _ABBREVIATIONS):
                break
            node = node.get(words[j])
        return best

    @staticmethod
    def _exact_ok(text: str, toks, i: int, j: int, exact: tuple[str, ...]) -> bool:
        if j - i + 1 != len(exact):
            return False
        for k, want in enumerate(exact):
            s, e = toks[i + k][0], toks[i + k][1]
            got = text[s:e]
            if got != want and unicodedata.normalize("NFKD", got).encode("ascii", "ignore").decode() != want:
                return False
        return True


# ---------------------------------------------------------------------------------- loading

@dataclass
class Gazetteer:
    entries: list[GazEntry]
    countries: list[Country]
    by_id: dict[str, GazEntry]
    by_key: dict[tuple[str, str], GazEntry]  # (label, match_key(name or alias)) -> entry
    country_by_key: dict[str, Country]  # match_key(country name / alias) -> Country
    country_by_actor_id: dict[str, Country]
    country_by_place_id: dict[str, Country]
    matcher: Matcher
    _country_by_code: dict[str, Country] | None = None
    _country_by_adjective: dict[str, Country] | None = None

    def lookup(self, label: str, name: str) -> GazEntry | None:
        return self.by_key.get((label, match_key(name)))

    def country(self, name: str) -> Country | None:
        return self.country_by_key.get(match_key(name))

    def country_by_adjective(self, word: str) -> Country | None:
        """The country a demonym names ("Malian" -> Mali), in any case."""
        if self._country_by_adjective is None:
            self._country_by_adjective = {a.lower(): c for c in self.countries for a in c.adjectives}
        return self._country_by_adjective.get(word.lower())

    def home_country(self, entry: GazEntry) -> str | None:
        """The country a place or base lies in: its own ``country``, else the country of the packaged
        geography's ISO 3166 alpha-2 ``country_code`` ("GR" -> Greece)."""
        if entry.properties.get("country"):
            return entry.properties["country"]
        if self._country_by_code is None:
            self._country_by_code = {c.place.properties["iso2"]: c for c in self.countries if c.place.properties.get("iso2")}
        by_code = self._country_by_code.get(entry.properties.get("country_code") or "")
        return by_code.name if by_code else None

    def find(self, text: str, toks=None) -> list[Mention]:
        out = []
        for start, end, (via, entry, country) in self.matcher.find(text, toks):
            out.append(Mention(start, end, text[start:end], entry, via, country))
        return out


_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@lru_cache(maxsize=None)
def _read_yaml(name: str) -> Any:
    """A data file under loaders/data (parsed once per process; treat the result as read-only)."""
    base = resources.files("milgraph.loaders").joinpath("data")
    for part in name.split("/"):
        base = base.joinpath(part)
    if not base.is_file():
        return None
    with base.open("r", encoding="utf-8") as fh:
        data = yaml.load(fh, Loader=_LOADER)
    check_top_level_keys(name, data)
    return data


# the top-level keys of a data file that the code reads with .get(): a misspelt key would
# silently turn its rule off, so any other key is an error
KNOWN_TOP_LEVEL_KEYS = {
    "patterns.yaml": frozenset({
        "state_metonyms",  # gazetteer.py
        "boilerplate", "boilerplate_lines",  # extract/sentences.py
        "attribution_verbs", "unnamed_source_nouns", "unnamed_source_verbs", "reported_cues", "possible_cues",
        "planned_cues", "denied_cues", "negation_cues", "filler_hedge_pattern",  # extract/modality.py
        "place_prepositions", "person_titles", "generic_ship_words", "ship_cue_words", "vessel_types",
        "registration_pattern", "designation_pattern", "designation_categories", "base_suffixes",
        "numbered_base_pattern", "official_source_pattern", "unknown_place_stopwords", "admin_unit_words",
        "sea_words", "river_pair_words", "island_words", "land_feature_words", "crossing_words", "place_of_words",
        "base_prefixes", "state_services",  # extract/mentions.py
        "equipment_names",  # extract/equipment_names.py
    }),
}


def check_top_level_keys(name: str, data: Any) -> None:
    """Reject a top-level key of ``loaders/data/<name>`` that no code reads (files without a list
    of known keys pass)."""
    known = KNOWN_TOP_LEVEL_KEYS.get(name)
    if known is None or data is None:
        return
    where = f"loaders/data/{name}"
    if not isinstance(data, dict):
        raise InputError(where, "should be a mapping of named sections")
    unknown = sorted(set(data) - known)
    if unknown:
        raise InputError(where, f"unknown top-level key(s) {unknown}: fix the spelling; known keys: {sorted(known)}")


class GazetteerError(MilgraphError):
    """A gazetteer file (the package's or a user's) is malformed."""


_COMMON_KEYS = {"name", "kind", "aliases", "case_sensitive", "salience", "label", "lat", "lon", "country"}
ALLOWED_KEYS = {
    "actors": _COMMON_KEYS | {"parent"},
    "places": _COMMON_KEYS,
    "bases": _COMMON_KEYS | {"near", "icao", "iata", "sea"},
    "equipment": _COMMON_KEYS | {"category", "designation", "nato_name", "generic"},
    "aircraft_types": _COMMON_KEYS | {"category", "designation", "nato_name", "generic"},
    "vessels": _COMMON_KEYS | {"flag", "operator"},
    "aircraft": _COMMON_KEYS | {"registration", "type", "operator"},
    "sources": _COMMON_KEYS | {"broadcaster"},
}
_LABELS = set(LABEL_PREFIX)
_SALIENCE = {"normal", "low", "never"}
USER_DIRS_ENV = "MILGRAPH_GAZETTEER"  # os.pathsep-separated folders of user gazetteer files
_user_dirs: tuple[Path, ...] = ()


def set_user_dirs(dirs: Iterable[str | os.PathLike]) -> None:
    """Also read the gazetteer files in these folders (``--gazetteer DIR``, ``<data dir>/gazetteer``).
    The folders are put in the environment too, so extraction workers read the same ones."""
    global _user_dirs
    _user_dirs = tuple(dict.fromkeys(Path(d).expanduser() for d in dirs))
    if _user_dirs:
        os.environ[USER_DIRS_ENV] = os.pathsep.join(str(d) for d in _user_dirs)
    else:
        os.environ.pop(USER_DIRS_ENV, None)
    load_gazetteer.cache_clear()


def user_dirs() -> tuple[Path, ...]:
    if _user_dirs:
        return _user_dirs
    env = os.environ.get(USER_DIRS_ENV, "")
    return tuple(Path(p) for p in env.split(os.pathsep) if p)


def validate_entries(data: Any, stem: str, where: str) -> list[dict]:
    """The entries of one gazetteer file, checked: a list of mappings with a name, only the keys
    the file's kind takes, a known label and salience, aliases as a list. Errors name the file
    and the entry."""
    if data is None:
        return []
    if not isinstance(data, list):
        raise GazetteerError(f"{where}: expected a YAML list of entries, got {type(data).__name__}")
    allowed = ALLOWED_KEYS[stem]
    out = []
    for n, raw in enumerate(data, 1):
        if not isinstance(raw, dict) or not str(raw.get("name") or "").strip():
            raise GazetteerError(f"{where}: entry {n} needs a 'name' (each entry is a mapping with name, kind, aliases ...)")
        what = f"{where}: entry {n} ({raw['name']})"
        unknown = sorted(str(k) for k in raw if k not in allowed)
        if unknown:
            raise GazetteerError(f"{what}: unknown key(s) {', '.join(unknown)}; allowed: {', '.join(sorted(allowed))}")
        if raw.get("label") is not None and raw["label"] not in _LABELS:
            raise GazetteerError(f"{what}: label {raw['label']!r} is not one of {', '.join(sorted(_LABELS))}")
        if raw.get("salience") is not None and raw["salience"] not in _SALIENCE:
            raise GazetteerError(f"{what}: salience {raw['salience']!r} is not one of {', '.join(sorted(_SALIENCE))}")
        label = raw.get("label") or FILE_LABELS[stem]
        if raw.get("kind") is not None and not _model_allows_kind(label, raw["kind"]):
            raise GazetteerError(f"{what}: kind {raw['kind']!r} is not a {label} kind in the graph model "
                                 f"(graph/model/nodes.yaml)")
        for key in ("aliases", "case_sensitive"):
            if raw.get(key) is not None and not isinstance(raw[key], list):
                raise GazetteerError(f"{what}: '{key}' must be a list, e.g. {key}: [Hmeimim, Khmeymim]")
        out.append(raw)
    return out


def _model_allows_kind(label: str, kind: str) -> bool:
    from milgraph.graph.model import load_model

    spec = load_model().nodes.get(label)
    return spec is None or spec.allows_kind(kind)


def _user_files() -> list[tuple[str, Path]]:
    """(stem, path) of the user's gazetteer files; a file named after no gazetteer kind is an error."""
    out = []
    for folder in user_dirs():
        if not folder.is_dir():
            raise GazetteerError(f"{folder}: gazetteer folder not found; give a folder of YAML files "
                                 f"named {', '.join(s + '.yaml' for s in FILE_LABELS)}")
        for path in sorted(folder.glob("*.y*ml")):
            if path.stem not in FILE_LABELS:
                raise GazetteerError(f"{path}: unknown gazetteer file name; use one of "
                                     f"{', '.join(s + '.yaml' for s in FILE_LABELS)}")
            out.append((path.stem, path))
    return out


def _read_user_file(path: Path) -> Any:
    try:
        with path.open("r", encoding="utf-8") as fh:
            return yaml.load(fh, Loader=_LOADER)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f" line {mark.line + 1}" if mark is not None else ""
        raise GazetteerError(f"{path}:{line} is not valid YAML ({getattr(exc, 'problem', exc)})") from None


def _entry(raw: dict, label: str) -> GazEntry:
    label = raw.get("label", label)
    props = {k: v for k, v in raw.items() if k not in _RESERVED and v is not None}
    kind = raw.get("kind")
    if label == "Equipment":
        kind = raw.get("category", kind)
        props.setdefault("category", kind)
        props.pop("kind", None)
    return GazEntry(
        name=str(raw["name"]), label=label, kind=kind,
        aliases=[str(a) for a in raw.get("aliases") or []],
        case_sensitive=[str(a) for a in raw.get("case_sensitive") or []],
        properties=props, salience=raw.get("salience", "normal"),
        generic=bool(raw.get("generic", False)),
    )


def _country_records() -> list[dict]:
    """countries.yaml merged over the theatre fallback (by name; aliases/adjectives unioned)."""
    fallback = _read_yaml("gazetteer/countries_fallback.yaml") or []
    main = _read_yaml("gazetteer/countries.yaml") or []
    merged: dict[str, dict] = {}
    order: list[str] = []
    for rec in list(main) + list(fallback):
        if not isinstance(rec, dict) or not rec.get("name"):
            continue
        key = match_key(rec["name"])
        if key not in merged:
            merged[key] = dict(rec)
            order.append(key)
            continue
        have = merged[key]
        for lst in ("aliases", "adjectives", "actor_aliases"):
            vals = list(have.get(lst) or [])
            for v in rec.get(lst) or []:
                if v not in vals:
                    vals.append(v)
            have[lst] = vals
        for k, v in rec.items():
            if have.get(k) in (None, "", []):
                have[k] = v
    return [merged[k] for k in order]


def pycountry_places() -> list[tuple[str, str]]:
    """(name, ISO country code) of pycountry's first-level subdivisions, then of its countries
    and territories (common and official names), each name cut before a comma or a bracket."""
    import pycountry

    def short(name: str) -> str:
        return name.split(",")[0].split(" (")[0].strip()

    places = [(short(sub.name), sub.country_code) for sub in pycountry.subdivisions if not sub.parent_code]
    for country in pycountry.countries:
        places += [(short(full), country.alpha_2)
                   for full in {getattr(country, "common_name", None), country.name} - {None}]
    return places


def _places_naming_a_country(country_words: set[str], known: dict[tuple[str, str], GazEntry]) -> list[GazEntry]:
    """pycountry's countries, territories and first-level subdivisions whose name holds a
    country's name or demonym as one of its words: "French Guiana", "Northern Ireland",
    "Western Australia", "New Mexico", "Île-de-France". Registered whole, so that the country's
    word does not take the name (matches are longest first) and leave the rest unknown. (Cities
    are left to the extractor's geography, which is loaded only when a report needs it.)"""
    names = dict(pycountry_places())  # a country's own code over a subdivision's ("American Samoa": AS)
    out = []
    for name, code in sorted(names.items()):
        parts = re.split(r"[ -]", name)
        if len(parts) > 1 and ("Place", match_key(name)) not in known and any(p in country_words for p in parts):
            out.append(GazEntry(name=name, label="Place", kind="region", properties={"country_code": code}))
    return out


@dataclass
class _GazetteerBuild:
    """The gazetteer while its files are read: entries in order, the surface-form matcher, and
    each (label, key) to the first entry registered for it."""
    entries: list[GazEntry] = field(default_factory=list)
    matcher: Matcher = field(default_factory=Matcher)
    by_key: dict[tuple[str, str], GazEntry] = field(default_factory=dict)

    def register(self, entry: GazEntry, via: str = "name", country: Country | None = None,
                 surfaces: Iterable[str] | None = None) -> None:
        """Make ``entry`` found by its surface forms (its name and aliases unless given), with the
        hyphenless and plural forms of a designation ("Il76", "two Il-76s")."""
        matcher, by_key = self.matcher, self.by_key
        names = [entry.name] + entry.aliases if surfaces is None else list(surfaces)
        cs = set(entry.case_sensitive)
        for surface in names:
            matcher.add(surface, (via, entry, country), True if surface in cs else None)
            if any(ch.isdigit() for ch in surface) and "-" in surface:
                matcher.add(surface.replace("-", ""), (via, entry, country),
                            True if surface in cs else None)
                if entry.label == "Equipment" and surface[-1].isdigit():
                    # "two Il-76s", "the An-124s": the plural of a designation
                    matcher.add(surface + "s", (via, entry, country), True if surface in cs else None)
            by_key.setdefault((entry.label, match_key(surface)), entry)
        for surface in entry.case_sensitive:
            if surface not in names:
                matcher.add(surface, (via, entry, country), True)
                by_key.setdefault((entry.label, match_key(surface)), entry)


@lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    """All gazetteer files, compiled once per process."""
    patterns = _read_yaml("patterns.yaml") or {}
    gb = _GazetteerBuild()
    for entry in _curated_entries():
        gb.entries.append(entry)
        if entry.salience == "never":  # found only by patterns ("the landing ship Minsk")
            for surface in [entry.name] + entry.aliases:
                gb.by_key.setdefault((entry.label, match_key(surface)), entry)
            continue
        gb.register(entry)
    countries: list[Country] = []
    country_by_key: dict[str, Country] = {}
    for rec in _country_records():
        country = _country(rec)
        countries.append(country)
        for surface in [country.name] + country.place.aliases:
            country_by_key.setdefault(match_key(surface), country)
        _add_country(gb, country, rec, patterns.get("state_metonyms", []))
    country_words = {w for c in countries for w in (c.name, *c.place.aliases, *c.adjectives) if " " not in w}
    for entry in _places_naming_a_country(country_words, gb.by_key):
        gb.entries.append(entry)
        gb.register(entry)
    by_id: dict[str, GazEntry] = {}
    for entry in gb.entries:
        by_id.setdefault(entry.id, entry)
    return Gazetteer(
        entries=gb.entries, countries=countries, by_id=by_id, by_key=gb.by_key,
        country_by_key=country_by_key,
        country_by_actor_id={c.actor.id: c for c in countries},
        country_by_place_id={c.place.id: c for c in countries},
        matcher=gb.matcher,
    )


def _curated_entries() -> list[GazEntry]:
    """The packaged files' entries, then the user's: for one surface form the first registered
    entry wins; a user's entry with the name of a packaged one adds its aliases and properties to it."""
    curated: list[GazEntry] = []
    by_name: dict[tuple[str, str], GazEntry] = {}
    sources = [(stem, label, _read_yaml(f"gazetteer/{stem}.yaml"), f"loaders/data/gazetteer/{stem}.yaml", False)
               for stem, label in FILE_LABELS.items()]
    sources += [(stem, FILE_LABELS[stem], _read_user_file(path), str(path), True) for stem, path in _user_files()]
    for stem, label, data, where, is_user in sources:
        for raw in validate_entries(data, stem, where):
            entry = _entry(raw, label)
            key = (entry.label, match_key(entry.name))
            have = by_name.get(key)
            if is_user and have is not None:
                have.aliases.extend(a for a in entry.aliases if a not in have.aliases)
                have.case_sensitive.extend(a for a in entry.case_sensitive if a not in have.case_sensitive)
                have.properties.update(entry.properties)
                continue
            by_name.setdefault(key, entry)
            curated.append(entry)
    return curated


def _country(rec: dict) -> Country:
    """A country record as its Place, its state Actor and its capital."""
    name = str(rec["name"])
    place = GazEntry(name=name, label="Place", kind="country",
                     aliases=[str(a) for a in rec.get("aliases") or []],
                     properties={**{k: rec[k] for k in ("iso2", "lat", "lon", "region") if rec.get(k) is not None},
                                 # where a map puts the country: its capital, not its centroid
                                 **{k2: rec[k1] for k1, k2 in (("capital_lat", "label_lat"), ("capital_lon", "label_lon"))
                                    if rec.get(k1) is not None}},
                     salience="normal" if rec.get("theatre") else "low")
    actor = GazEntry(name=name, label="Actor", kind="state", aliases=list(place.aliases),
                     properties={k: rec[k] for k in ("iso2",) if rec.get(k)},
                     salience=place.salience)
    capital = None
    if rec.get("capital"):
        capital = GazEntry(name=str(rec["capital"]), label="Place", kind="city",
                           properties={"country": name, **{k2: rec[k1] for k1, k2 in
                                       (("capital_lat", "lat"), ("capital_lon", "lon")) if rec.get(k1) is not None}})
    return Country(name=name, place=place, actor=actor, adjectives=[str(a) for a in rec.get("adjectives") or []],
                   capital=capital, theatre=bool(rec.get("theatre")))


def _add_country(gb: _GazetteerBuild, country: Country, rec: dict, state_templates: list[str]) -> None:
    """The country found by its names, demonyms, capital and state metonyms."""
    place, actor, capital = country.place, country.actor, country.capital
    gb.entries.extend([place, actor])
    gb.register(place, "country", country)
    gb.by_key.setdefault(("Actor", match_key(country.name)), actor)
    for alias in place.aliases:
        gb.by_key.setdefault(("Actor", match_key(alias)), actor)
    for adj in country.adjectives:
        gb.matcher.add(adj, ("adjective", place, country), True)
    if capital is not None:
        gb.entries.append(capital)
        # "Washington, D.C." is also named "Washington"
        gb.register(capital, "capital", country, [capital.name] + ([capital.name.split(",")[0]] if "," in capital.name else []))
    for surface in _state_metonyms(country, rec, state_templates):
        gb.matcher.add(surface, ("name", actor, country), None if surface.islower() else False)
        gb.by_key.setdefault(("Actor", match_key(surface)), actor)
        if surface not in actor.aliases and surface in (rec.get("actor_aliases") or []):
            actor.aliases.append(surface)


def _state_metonyms(country: Country, rec: dict, state_templates: list[str]) -> list[str]:
    """"Russian navy", "Niger's military government", "the Kremlin": names that stand for the state."""
    metonyms = [str(a) for a in rec.get("actor_aliases") or []]
    for tpl in state_templates:
        for adj in country.adjectives:
            if "{adj}" in tpl:
                metonyms.append(tpl.replace("{adj}", adj))
        if "{name}" in tpl:
            metonyms.append(tpl.replace("{name}", country.name))
        if "{capital}" in tpl and country.capital is not None:
            metonyms.append(tpl.replace("{capital}", country.capital.name))
    return metonyms
