"""Relation rules as data: the schema of ``loaders/data/relations/*.yaml``, its loader, and the
path language the rules are written in.

A rule names the grammatical path that links the two mentions of a relation in the
dependency parse, from the start mention's head token to the end mention's head token::

    <nsubj @back >dobj          "Iran backs the rebels": up from the subject to the verb,
                                  down to its object
    <pobj by <agent @control <acl  "the port, controlled by the LNA" (start = the LNA)

Elements alternate: an *arc*, then the *token* it reaches, then an arc ... ending with the arc
that reaches the end mention. An arc is ``<dep`` (up from a token to its head, the token being
``dep`` of it) or ``>dep`` (down to a child that is ``dep``); ``dep`` may list alternatives
(``<nsubj|nsubjpass``) or be ``*``. A token is a word list (``in|at``), a lexicon of the file
(``@back``: its words and their inflections), ``_`` (any token), or a coarse part of speech
(``VERB``, ``NOUN``...). Coordinated mentions take the place of the first conjunct ("in Mali,
Libya and Sudan" -> each of the three), so rules are written for one.

Each rule also says which entities may stand at each end (tags of
:mod:`milgraph.loaders.extract.mentions`, entity kinds, named checks), whether the relation takes its
clause's modality (a verb clause) or is the article's own description (a noun phrase), and
carries examples in its own words that the test suite runs.

A rule without a path reads a wider ``scope``: ``sentence`` (any two mentions of one sentence,
the checks deciding: "the Khmeimim airbase ... in Syria" with the gazetteer placing Khmeimim in
Syria) or ``report`` (a start named anywhere in the report, an end in the sentence: "JS Osumi"
with Japan named elsewhere). A file may map ships' hull prefixes to their navies' states
(``hull_prefixes: {JS: Japan}``), read by the ``hull_prefix_state`` check. The English words the
checks and readings read are classes of words too (``reading_words``, ``check_words``).

Unknown keys, tags, relation types, lexicons or checks are errors naming the file and rule.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from milgraph.errors import InputError

RULES_DIR = Path(__file__).parent.parent / "data" / "relations"

RELATION_TYPES = ("BACKS", "ALLIED_WITH", "OPPOSES", "LEADS", "MEMBER_OF", "CONTROLS", "OPERATES",
                  "PRESENT_IN", "DEPLOYED_AT", "LOCATED_IN", "BASED_IN")
# the labels each end of a relation takes (ONTOLOGY.md), in the order an id is looked up
END_LABELS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "BACKS": (("Actor",), ("Actor",)),
    "ALLIED_WITH": (("Actor",), ("Actor",)),
    "OPPOSES": (("Actor",), ("Actor",)),
    "LEADS": (("Actor",), ("Actor",)),
    "MEMBER_OF": (("Actor",), ("Actor",)),
    "CONTROLS": (("Actor",), ("Base", "Place")),
    "OPERATES": (("Actor",), ("Base", "Vessel", "Aircraft")),
    "PRESENT_IN": (("Actor",), ("Base", "Place")),
    "DEPLOYED_AT": (("Equipment",), ("Base", "Place")),
    "LOCATED_IN": (("Base", "Place"), ("Place",)),
    "BASED_IN": (("Actor",), ("Place",)),
}
TAGS = ("CTRY", "CAP", "STATE", "ADJ", "PER", "ORG", "PLACE", "BASE", "EQ", "AC", "VES", "SRC")
POS = ("VERB", "NOUN", "PROPN", "ADJ", "ADP", "AUX", "PRON", "DET", "NUM", "ADV", "PART", "CCONJ", "PUNCT")
MODALITY = ("clause", "confirmed")
SCOPES = ("path", "sentence", "report")
# named conditions on a pair, implemented in loaders/extract/relations.py (CHECKS there)
CHECK_NAMES = ("same_country", "in_country", "foreign_base", "region_of_country", "state_or_formation",
               "end_not_place_default", "not_former", "start_not_pobj", "forces_start",
               "hull_prefix_state", "place_end", "not_in_name", "vessel_coref", "ties_between", "state_in_name", "not_taken_from", "territory_object", "force_object", "ordered_out", "head_of_state_title", "list_owner", "in_follows_start", "within_a_country", "ties_pair",
               "known_foreign_base", "not_foreign_base", "where_clause",
               "headquarters_subject", "sanctions_list", "state_owned", "not_state_owned",
               "pair_seals_ties", "described_pair_seals_ties", "lesser_title", "not_lesser_title", "vessel_noun_between", "country_named_as_place",
               "capital_abroad", "not_owned_base", "force_head", "clause_shares_subject", "hyphen_backed_before",
               "part_led", "not_part_led", "end_not_stray_conjunct", "leader_of_named_state", "in_right_after",
               "end_outside_start_name", "base_object", "start_verb_forces")
IRREGULAR = {
    "fight": ["fought"], "lead": ["led"], "hold": ["held"], "keep": ["kept"], "lose": ["lost"],
    "run": ["ran"], "seize": ["seized"], "drive": ["drove", "driven"], "overthrow": ["overthrew", "overthrown"],
    "send": ["sent"], "take": ["took", "taken"], "give": ["gave", "given"], "build": ["built"],
    "sell": ["sold"], "win": ["won"], "stand": ["stood"], "have": ["had", "has"], "be": ["is", "was", "were", "are", "been"],
    "begin": ["began", "begun"], "find": ["found"], "buy": ["bought"], "bring": ["brought"],
    "shoot": ["shot"], "beat": ["beaten"], "ally": ["allied", "allies"], "strike": ["struck", "stricken"],
    "withdraw": ["withdrew", "withdrawn"], "fly": ["flew", "flown"], "put": ["put"], "set": ["set"],
    "hit": ["hit"], "tell": ["told"], "lend": ["lent"], "leave": ["left"], "man": ["manned", "manning"],
}


class RuleError(InputError):
    """A relation rule file that does not follow the schema."""


class _UniqueKeyLoader(yaml.SafeLoader):
    """YAML with a key given twice in one mapping rejected (the second would silently win)."""


def _unique_mapping(loader: _UniqueKeyLoader, node: yaml.MappingNode, deep: bool = False) -> dict:
    seen = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise yaml.constructor.ConstructorError(None, None, f"key {key!r} given twice", key_node.start_mark)
        seen.add(key)
    return loader.construct_mapping(node, deep)


_UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _unique_mapping)


def inflections(lemma: str) -> set[str]:
    """The forms a lexicon word matches: regular inflections plus the irregular table
    (the parser runs without a lemmatizer, so rules match word forms)."""
    w = lemma.lower()
    if " " in w:
        return {w}
    forms = {w, w + "s", w + "ed", w + "ing", w + "es", w + "d"}
    if w.endswith("e"):
        forms |= {w[:-1] + "ing", w + "d"}
    if w.endswith("y") and len(w) > 2 and w[-2] not in "aeiou":
        forms |= {w[:-1] + "ies", w[:-1] + "ied"}
    if len(w) >= 3 and w[-1] in "bdglmnprt" and w[-2] in "aeiou" and w[-3] not in "aeiou":
        forms |= {w + w[-1] + "ed", w + w[-1] + "ing"}
    forms.update(IRREGULAR.get(w, []))
    return forms


@dataclass(frozen=True)
class Step:
    """One element of a path: an arc (``up`` is True/False) or a token test (``up`` None)."""
    up: bool | None
    deps: frozenset[str] = frozenset()  # arcs; empty = any
    words: frozenset[str] = frozenset()  # token tests; empty with no pos = any
    pos: str | None = None

    def matches_arc(self, up: bool, dep: str) -> bool:
        return self.up is up and (not self.deps or dep in self.deps)

    def matches_token(self, word: str, pos: str) -> bool:
        if self.pos is not None:
            return pos == self.pos
        return not self.words or word in self.words


@dataclass(frozen=True)
class EndSpec:
    tags: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    not_kinds: tuple[str, ...] = ()


@dataclass(frozen=True)
class Example:
    text: str
    expect: tuple[str, ...] = ()  # "TYPE start-id end-id [modality]"
    absent: tuple[str, ...] = ()  # "TYPE start-id end-id"
    published: str | None = None


@dataclass(frozen=True)
class Rule:
    id: str
    type: str
    paths: tuple[tuple[Step, ...], ...]
    start: EndSpec = EndSpec()
    end: EndSpec = EndSpec()
    modality: str = "clause"
    checks: tuple[str, ...] = ()
    role: str | None = None
    examples: tuple[Example, ...] = ()
    file: str = ""
    path_texts: tuple[str, ...] = ()
    scope: str = "path"


@dataclass(frozen=True)
class RuleSet:
    rules: tuple[Rule, ...]
    hull_prefixes: dict[str, str] = field(default_factory=dict)  # "JS" -> "Japan"
    # nouns a state or group modifier stands for ("Russian personnel", "the LNA command"): see
    # relations.path_readings
    stand_in_nouns: frozenset[str] = frozenset()
    # word classes the readings go through ("loyal to", "800 of", "the coast of"): ``reading_words``
    # of readings.yaml, see relations.path_readings
    reading_words: dict[str, frozenset[str]] = field(default_factory=dict)
    # word classes the checks of relations.py read ("the frigate", "signed a pact"): ``check_words``
    # of lexicon.yaml
    check_words: dict[str, frozenset[str]] = field(default_factory=dict)
    by_length: dict[int, tuple[tuple[Rule, tuple[Step, ...]], ...]] = field(default_factory=dict)
    # (length, up, dep) of a path's first arc -> (position, rule, steps); dep None: any arc
    by_first_arc: dict[tuple, tuple[tuple[int, Rule, tuple[Step, ...]], ...]] = field(default_factory=dict)
    # path -> the candidates that match it: paths recur from sentence to sentence
    matched: dict[tuple, list[tuple[Rule, tuple[Step, ...]]]] = field(default_factory=dict, compare=False, repr=False)

    def matching(self, path: list[tuple]) -> list[tuple[Rule, tuple[Step, ...]]]:
        """The candidates of ``path`` whose steps match it (in file order), remembered per path."""
        key = tuple(path)
        found = self.matched.get(key)
        if found is None:
            if len(self.matched) >= 50_000:
                self.matched.clear()  # bounded memory on a long run
            found = self.matched[key] = [(r, s) for r, s in self.candidates(path) if path_matches(s, path)]
        return found

    def scoped(self, scope: str) -> tuple[Rule, ...]:
        """The rules read without a path, over one sentence or the whole report."""
        return tuple(r for r in self.rules if r.scope == scope)

    def candidates(self, path: list[tuple]) -> list[tuple[Rule, tuple[Step, ...]]]:
        """The rule paths that can match ``path``: its length and first arc agree (in file order)."""
        kind, up, dep = path[0][:3] if path and path[0][0] == "arc" else (None, None, None)
        if kind is None:
            return list(self.by_length.get(len(path), ()))
        found = self.by_first_arc.get((len(path), up, dep), ()) + self.by_first_arc.get((len(path), up, None), ())
        return [(rule, steps) for _, rule, steps in sorted(found, key=lambda x: x[0])]


_RULE_KEYS = {"id", "type", "path", "paths", "start", "end", "modality", "checks", "role", "examples", "note", "scope"}
_END_KEYS = {f.name for f in fields(EndSpec)}
_EXAMPLE_KEYS = {f.name for f in fields(Example)}
_FILE_KEYS = {"lexicons", "rules", "about", "hull_prefixes", "stand_in_nouns", "reading_words", "check_words"}
# the word classes relations.path_readings reads through (readings.yaml ``reading_words``)
READING_WORD_CLASSES = ("loyal", "share", "collective", "roughly", "shore", "part", "site", "instance")
# the word classes the checks and readings of relations.py read (lexicon.yaml ``check_words``)
CHECK_WORD_CLASSES = ("reporting", "vessel_nouns", "any_vessel", "ousting", "group_nouns", "plural_facilities", "be",
                      "become", "state_owned", "state_organs", "force_words", "ties", "territory", "out_words",
                      "head_titles", "lesser_titles", "pair_nouns", "seal_verbs", "sealed_objects", "break_verbs",
                      "lie_verbs", "ship_modifiers", "force_parts", "hyphen_backed", "intent", "headquarters",
                      "blacklists", "sanctions", "pacts", "company_nouns", "formation_nouns", "pair_heads", "equipment_plurals",
                      "base_words")
# classes the checks read as the union of two lexicon classes, bound once when the rules load
CHECK_WORD_UNIONS = {"copulas": ("be", "become"), "pair_ties": ("ties", "pair_nouns"),
                     "ties_objects": ("ties", "sealed_objects"), "ship_words": ("vessel_nouns", "ship_modifiers"),
                     "part_of_force": ("force_words", "force_parts")}


def _fail(path: Path, where: str, msg: str) -> RuleError:
    return RuleError(str(path), f"{where}: {msg}")


def parse_path(text: str, lexicons: dict[str, frozenset[str]], path: Path, where: str) -> tuple[Step, ...]:
    """``<nsubj @back >dobj`` -> steps; arcs and tokens must alternate, arcs at both ends."""
    parts = text.split()
    if not parts or len(parts) % 2 == 0:
        raise _fail(path, where, f"path {text!r} must alternate arcs and tokens, starting and ending with an arc")
    steps: list[Step] = []
    for i, part in enumerate(parts):
        if i % 2 == 0:
            if part[0] not in "<>" or len(part) < 2:
                raise _fail(path, where, f"path {text!r}: {part!r} should be an arc like <nsubj or >pobj")
            deps = frozenset() if part[1:] == "*" else frozenset(part[1:].split("|"))
            steps.append(Step(part[0] == "<", deps))
        elif part == "_":
            steps.append(Step(None))
        elif part in POS:
            steps.append(Step(None, pos=part))
        else:
            words: set[str] = set()
            for alt in part.split("|"):
                if alt.startswith("@"):
                    if alt[1:] not in lexicons:
                        raise _fail(path, where, f"path {text!r}: unknown lexicon {alt!r} (add it under lexicons:)")
                    words |= lexicons[alt[1:]]
                else:
                    words.add(alt.lower())
            steps.append(Step(None, words=frozenset(words)))
    return tuple(steps)


def _end(raw: Any, path: Path, where: str) -> EndSpec:
    if raw is None:
        return EndSpec()
    if not isinstance(raw, dict):
        raise _fail(path, where, "an end must be a mapping with tags/kinds/not_kinds")
    unknown = set(raw) - _END_KEYS
    if unknown:
        raise _fail(path, where, f"unknown key(s) {sorted(unknown)}; allowed: {sorted(_END_KEYS)}")
    tags = tuple(raw.get("tags") or ())
    bad = [t for t in tags if t not in TAGS]
    if bad:
        raise _fail(path, where, f"unknown tag(s) {bad}; allowed: {list(TAGS)}")
    return EndSpec(tags, tuple(raw.get("kinds") or ()), tuple(raw.get("not_kinds") or ()))


def _example(raw: Any, path: Path, where: str) -> Example:
    if not isinstance(raw, dict) or "text" not in raw:
        raise _fail(path, where, "an example needs text: and expect: (or absent:)")
    unknown = set(raw) - _EXAMPLE_KEYS
    if unknown:
        raise _fail(path, where, f"example has unknown key(s) {sorted(unknown)}; allowed: {sorted(_EXAMPLE_KEYS)}")
    for key in ("expect", "absent"):
        for fact in raw.get(key) or ():
            if str(fact).split()[0] not in RELATION_TYPES or len(str(fact).split()) not in (3, 4):
                raise _fail(path, where, f"{key} {fact!r} should read 'TYPE start-id end-id [modality]'")
    return Example(str(raw["text"]), tuple(raw.get("expect") or ()), tuple(raw.get("absent") or ()),
                   str(raw["published"]) if raw.get("published") else None)


def load_file(path: Path) -> list[Rule]:
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_UniqueKeyLoader) or {}
    except OSError as exc:
        raise RuleError(str(path), f"cannot read relation rules: {exc}") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise RuleError(str(path), f"not valid YAML: {getattr(exc, 'problem', None) or exc}",
                        line=mark.line + 1 if mark is not None else None) from None
    if not isinstance(data, dict):
        raise RuleError(str(path), "a relation rule file is a mapping with lexicons: and rules:")
    unknown = set(data) - _FILE_KEYS
    if unknown:
        raise RuleError(str(path), f"unknown top-level key(s) {sorted(unknown)}; allowed: {sorted(_FILE_KEYS)}")
    lexicons: dict[str, frozenset[str]] = {}
    for name, words in (data.get("lexicons") or {}).items():
        forms: set[str] = set()
        for w in words or ():
            forms |= inflections(str(w))
        lexicons[name] = frozenset(forms)
    rules = []
    for n, raw in enumerate(data.get("rules") or (), 1):
        where = f"rule {raw.get('id', '#' + str(n)) if isinstance(raw, dict) else '#' + str(n)}"
        if not isinstance(raw, dict):
            raise _fail(path, where, "a rule is a mapping")
        unknown = set(raw) - _RULE_KEYS
        if unknown:
            raise _fail(path, where, f"unknown key(s) {sorted(unknown)}; allowed: {sorted(_RULE_KEYS)}")
        if not raw.get("id"):
            raise _fail(path, where, "a rule needs an id")
        if raw.get("type") not in RELATION_TYPES:
            raise _fail(path, where, f"unknown relation type {raw.get('type')!r}; allowed: {list(RELATION_TYPES)}")
        texts = list(raw.get("paths") or ()) + ([raw["path"]] if raw.get("path") else [])
        scope = raw.get("scope", "path")
        if scope not in SCOPES:
            raise _fail(path, where, f"scope must be one of {list(SCOPES)}")
        if scope == "path" and not texts:
            raise _fail(path, where, "a rule needs path: or paths: (or a scope: sentence / report)")
        if scope != "path" and texts:
            raise _fail(path, where, f"a rule of scope {scope} has no path")
        if raw.get("modality", "clause") not in MODALITY:
            raise _fail(path, where, f"modality must be one of {list(MODALITY)}")
        checks = tuple(raw.get("checks") or ())
        bad = [c for c in checks if c not in CHECK_NAMES]
        if bad:
            raise _fail(path, where, f"unknown check(s) {bad}; allowed: {list(CHECK_NAMES)}")
        examples = tuple(_example(e, path, where) for e in raw.get("examples") or ())
        if not examples:
            raise _fail(path, where, "a rule needs at least one example (text and expect)")
        rules.append(Rule(
            id=str(raw["id"]), type=raw["type"],
            paths=tuple(parse_path(str(t), lexicons, path, where) for t in texts),
            start=_end(raw.get("start"), path, where + " start"), end=_end(raw.get("end"), path, where + " end"),
            modality=raw.get("modality", "clause"), checks=checks, role=raw.get("role"),
            examples=examples, file=path.name, path_texts=tuple(str(t) for t in texts), scope=scope))
    return rules


def stand_in_nouns(path: Path) -> frozenset[str]:
    """The file's ``stand_in_nouns`` list (words, no inflections added), checked to be strings."""
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=_UniqueKeyLoader) or {}
    raw = data.get("stand_in_nouns") or []
    if not isinstance(raw, list) or not all(isinstance(w, str) for w in raw):
        raise RuleError(str(path), "stand_in_nouns is a list of words, e.g. [troops, forces, command]")
    return frozenset(w.lower() for w in raw)


def reading_words(path: Path) -> dict[str, frozenset[str]]:
    """The file's ``reading_words`` (class -> words, no inflections added): only the classes of
    READING_WORD_CLASSES, each a list of words."""
    return word_classes(path, "reading_words", READING_WORD_CLASSES)


def check_words(path: Path) -> dict[str, frozenset[str]]:
    """The file's ``check_words`` (class -> words, no inflections added): only the classes of
    CHECK_WORD_CLASSES, each a list of words."""
    return word_classes(path, "check_words", CHECK_WORD_CLASSES)


def word_classes(path: Path, key: str, known: tuple[str, ...]) -> dict[str, frozenset[str]]:
    """The file's ``key`` section, class -> lower-cased words; a class not in ``known`` is an
    error naming the file, so a misspelt class cannot silently empty a check."""
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=_UniqueKeyLoader) or {}
    raw = data.get(key) or {}
    if not isinstance(raw, dict):
        raise RuleError(str(path), f"{key} maps a class ({', '.join(known)}) to a list of words")
    out = {}
    for name, words in raw.items():
        if name not in known:
            raise RuleError(str(path), f"{key}: unknown class {name!r}; allowed: {list(known)}")
        if not isinstance(words, list) or not all(isinstance(w, str) for w in words):
            raise RuleError(str(path), f"{key}: {name} is a list of words, e.g. [coast, shore]")
        out[name] = frozenset(w.lower() for w in words)
    return out


def hull_prefixes(path: Path) -> dict[str, str]:
    """The file's ``hull_prefixes`` mapping (prefix -> state name), checked to be strings."""
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=_UniqueKeyLoader) or {}
    raw = data.get("hull_prefixes") or {}
    if not isinstance(raw, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in raw.items()):
        raise RuleError(str(path), "hull_prefixes maps a prefix to a state's name, e.g. {JS: Japan}")
    return dict(raw)


@lru_cache(maxsize=4)
def load_rules(folder: str | None = None) -> RuleSet:
    """Every rule file of the folder (default: the package's), ids unique across files."""
    root = Path(folder) if folder else RULES_DIR
    rules: list[Rule] = []
    seen: dict[str, str] = {}
    prefixes: dict[str, str] = {}
    stand_ins: set[str] = set()
    words: dict[str, frozenset[str]] = {name: frozenset() for name in READING_WORD_CLASSES}
    checked: dict[str, frozenset[str]] = {name: frozenset() for name in CHECK_WORD_CLASSES}
    for path in sorted(root.glob("*.yaml")):
        file_rules = load_file(path)  # a YAML error is reported here, naming the file
        prefixes.update(hull_prefixes(path))
        stand_ins |= stand_in_nouns(path)
        for name, more in reading_words(path).items():
            words[name] |= more
        for name, more in check_words(path).items():
            checked[name] |= more
        for rule in file_rules:
            if rule.id in seen:
                raise RuleError(str(path), f"rule {rule.id}: id already used in {seen[rule.id]}")
            seen[rule.id] = path.name
            rules.append(rule)
    checked.update({union: checked[a] | checked[b] for union, (a, b) in CHECK_WORD_UNIONS.items()})
    by_length: dict[int, list] = {}
    by_first_arc: dict[tuple, list] = {}
    for rule in rules:
        for steps in rule.paths:
            position = len(by_length.get(len(steps), ()))
            by_length.setdefault(len(steps), []).append((rule, steps))
            first = steps[0]
            for dep in (first.deps or {None}) if first.up is not None else ():
                by_first_arc.setdefault((len(steps), first.up, dep), []).append((position, rule, steps))
    return RuleSet(tuple(rules), prefixes, frozenset(stand_ins), words, checked,
                   {n: tuple(v) for n, v in by_length.items()}, {k: tuple(v) for k, v in by_first_arc.items()})


def path_matches(steps: tuple[Step, ...], path: list[tuple]) -> bool:
    """``path``: [("arc", up, dep), ("tok", word, pos), ...] as built by relations.dep_path."""
    for step, element in zip(steps, path):
        if step.up is None:
            if element[0] != "tok" or not step.matches_token(element[1], element[2]):
                return False
        elif element[0] != "arc" or not step.matches_arc(element[1], element[2]):
            return False
    return True
