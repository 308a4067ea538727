"""Event frames: which words open an event and how its roles are read from the parse, as data.

The frames live in ``loaders/data/events/<label>.yaml`` (one file per event label) with the
shared role sets and noun lists in ``common.yaml``. They load into the frozen dataclasses
below; an unknown key, label, role, relation, kind or role set is a :class:`FrameError` naming
the file and the entry, so a typo in a rule never silently switches it off.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from milgraph.errors import MilgraphError

LABELS = ("Transfer", "Flight", "Voyage", "Withdrawal", "Deployment", "Talks", "Construction")
ROLES = ("BY", "CARRIED", "FROM", "TO", "VIA", "USING", "OPERATED_BY", "PARTICIPANT", "ABOUT")
# BETWEEN is read as FROM the first place and TO the second (direction from context)
RULE_ROLES = ROLES + ("BETWEEN",)
RELATIONS = ("subject", "passive_subject", "object", "agent", "possessor", "modifier", "recipient")
PREPOSITIONS = ("from", "out of", "away from", "to", "into", "onto", "toward", "towards", "for", "via", "through",
                "across", "over", "aboard", "on board", "on", "by", "with", "between", "at", "in", "near", "around",
                "about", "regarding", "of", "off", "past", "along", "inside", "within", "including")
# kinds of filler a rule may ask for (event_engine.kind_fits)
KINDS = ("actor", "state", "place", "base", "vehicle", "named_vehicle", "cargo", "subject_matter", "any")
# conditions that change a frame's label (event_engine.condition_holds)
# what a frame's requires_object may ask for, and the modalities a trigger may carry itself
# the Equipment kinds of ONTOLOGY.md a generic cargo noun may take
CARGO_CATEGORIES = ("air_defense", "radar", "aircraft", "helicopter", "armor", "artillery", "missile", "ammunition",
                    "vessel", "vehicle", "personnel", "other")
OBJECT_KINDS = ("place", "facility", "forces", "into_facility")
FRAME_MODALITIES = ("planned", "possible")
ALL_MODALITIES = ("confirmed", "reported", "possible", "planned", "denied")
CONDITIONS = ("vehicle_aircraft", "vehicle_ship", "personnel", "personnel_leaving", "personnel_departing",
              "equipment_only", "no_vehicle_cargo")


class FrameError(MilgraphError):
    """An event frame file is malformed."""


@dataclass(frozen=True)
class RoleRule:
    id: str
    rel: str  # one of RELATIONS or "prep:<word>"
    role: str
    when: str = "any"


@dataclass(frozen=True)
class Relabel:
    when: str
    label: str


@dataclass(frozen=True)
class Example:
    text: str
    expect: tuple[dict[str, Any], ...]
    published: str | None = None


@dataclass(frozen=True)
class Frame:
    id: str
    label: str
    file: str
    verbs: tuple[str, ...]
    nouns: tuple[str, ...]
    rules: tuple[RoleRule, ...]
    relabel: tuple[Relabel, ...]
    requires_any: tuple[str, ...]
    requires_subject: str | None
    requires_vehicle_or_cargo: bool
    examples: tuple[Example, ...]
    # what the object (or passive subject) must name: "place" ("handed back the base"),
    # "facility" ("offered a naval base at X"); frames with one are tried first
    requires_object: str | None = None
    # the modality the trigger itself carries ("offered", "is due"): planned or possible
    modality: str | None = None
    # the only modalities at which the frame tells an event ("will be based at X" is a move to
    # come; "is based at X" a standing presence, a relation): empty for all
    only_modalities: tuple[str, ...] = ()
    # the trigger must be told as a repeat ("a second run", "another sailing"): another trip of
    # the vehicle the last trip used; frames with it are tried first
    requires_repeat: bool = False


@dataclass(frozen=True)
class Lexicon:
    vehicle_nouns: dict[str, frozenset[str]]
    cargo_nouns: dict[str, str]  # noun -> category
    personnel_words: frozenset[str]
    cargo_name_keep: frozenset[str]
    not_triggers: frozenset[str] = frozenset()  # phrasal verbs that tell no move ("carry out" a drawdown)
    anaphora_determiners: frozenset[str] = frozenset()  # "the vehicles": cargo named earlier
    anaphora_categories: dict[str, frozenset[str]] = field(default_factory=dict)  # generic -> named categories
    word_classes: dict[str, frozenset[str]] = field(default_factory=dict)  # WORD_CLASSES -> words


@dataclass(frozen=True)
class FrameSet:
    frames: tuple[Frame, ...]
    lexicon: Lexicon
    verb_index: dict[str, tuple[Frame, ...]]  # lemma (or "verb particle") -> frames
    noun_index: dict[str, tuple[Frame, ...]]

    def by_id(self, frame_id: str) -> Frame:
        return next(f for f in self.frames if f.id == frame_id)


_FRAME_KEYS = {"id", "verbs", "nouns", "roles", "role_sets", "relabel", "requires_any", "requires_subject",
               "requires_vehicle_or_cargo", "examples", "requires_object", "modality", "only_modalities",
               "requires_repeat"}
_RULE_KEYS = {"id", "rel", "role", "when"}
_FILE_KEYS = {"label", "frames"}
_COMMON_KEYS = {"role_sets", "vehicle_nouns", "cargo_nouns", "personnel_words", "cargo_name_keep", "not_triggers",
                "cargo_anaphora", "word_classes"}
WORD_CLASSES = ("agreement_nouns", "trip_nouns", "aspect_nouns", "base_nouns", "vehicle_plurals", "return_adverbs",
                "onward_adverbs", "onward_verbs", "work_nouns", "riding_prepositions", "facility_name_words",
                "route_nouns", "posted_participles", "receiving_verbs", "route_adverbs", "stop_verbs", "using_verbs",
                "stop_nouns", "accompanying_participles", "container_nouns", "packaging_nouns", "quantifier_words",
                "convoy_nouns", "operator_participles", "formation_words", "another_words", "repeat_words", "built_things",
                "presence_nouns", "ending_verbs", "on_the_way_participles", "envoy_nouns", "talking_verbs",
                "offer_verbs", "place_nouns", "party_nouns", "facility_nouns", "trip_count_nouns", "repeating_verbs",
                "habit_words", "period_nouns", "showing_verbs", "arrival_forms", "unit_nouns", "state_organ_nouns",
                "facility_plurals", "measure_nouns", "funding_nouns", "evaluative_adjectives", "telling_verbs",
                "completing_verbs")
_ANAPHORA_KEYS = {"determiners", "categories"}
_EXAMPLE_KEYS = {"text", "expect", "published"}


def _check_keys(raw: Any, allowed: set[str], where: str) -> dict:
    if not isinstance(raw, dict):
        raise FrameError(f"{where}: expected a mapping, got {type(raw).__name__}")
    unknown = sorted(set(raw) - allowed)
    if unknown:
        raise FrameError(f"{where}: unknown key(s) {', '.join(unknown)}; allowed: {', '.join(sorted(allowed))}")
    return raw


def _rule(raw: Any, where: str) -> RoleRule:
    raw = _check_keys(raw, _RULE_KEYS, where)
    for key in ("id", "rel", "role"):
        if not raw.get(key):
            raise FrameError(f"{where}: missing {key}")
    where = f"{where} ({raw['id']})"
    rel = str(raw["rel"])
    if rel not in RELATIONS and not (rel.startswith("prep:") and rel[5:] in PREPOSITIONS):
        raise FrameError(f"{where}: unknown relation {rel!r}; use one of {', '.join(RELATIONS)} or "
                         f"prep:<{'|'.join(PREPOSITIONS)}>")
    if raw["role"] not in RULE_ROLES:
        raise FrameError(f"{where}: unknown role {raw['role']!r}; use one of {', '.join(RULE_ROLES)}")
    when = raw.get("when", "any")
    if when not in KINDS:
        raise FrameError(f"{where}: unknown kind {when!r}; use one of {', '.join(KINDS)}")
    return RoleRule(str(raw["id"]), rel, raw["role"], when)


def _strings(raw: Any, where: str) -> tuple[str, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list) or not all(isinstance(x, str) for x in raw):
        raise FrameError(f"{where}: expected a list of words")
    return tuple(x.lower() for x in raw)


def _example(raw: Any, where: str) -> Example:
    raw = _check_keys(raw, _EXAMPLE_KEYS, where)
    if not raw.get("text"):
        raise FrameError(f"{where}: an example needs text")
    expect = raw.get("expect") or []
    for i, ev in enumerate(expect):
        ev = _check_keys(ev, {"label", "roles", "modality", "date", "count"}, f"{where} expect[{i}]")
        if ev.get("label") not in LABELS:
            raise FrameError(f"{where} expect[{i}]: unknown label {ev.get('label')!r}")
        for role in (ev.get("roles") or {}):
            if role not in ROLES:
                raise FrameError(f"{where} expect[{i}]: unknown role {role!r}")
    published = raw.get("published")
    return Example(str(raw["text"]), tuple(expect), str(published) if published else None)


def _frame(raw: Any, label: str, file: str, role_sets: dict[str, tuple[RoleRule, ...]]) -> Frame:
    where = f"{file}: frame {raw.get('id', '?') if isinstance(raw, dict) else '?'}"
    raw = _check_keys(raw, _FRAME_KEYS, where)
    if not raw.get("id"):
        raise FrameError(f"{where}: missing id")
    rules = [_rule(r, f"{where} rule {i}") for i, r in enumerate(raw.get("roles") or [])]
    for name in raw.get("role_sets") or []:
        if name not in role_sets:
            raise FrameError(f"{where}: unknown role set {name!r}; common.yaml defines {', '.join(role_sets)}")
        rules.extend(role_sets[name])
    relabel = []
    for i, r in enumerate(raw.get("relabel") or []):
        r = _check_keys(r, {"when", "label"}, f"{where} relabel {i}")
        if r.get("when") not in CONDITIONS:
            raise FrameError(f"{where} relabel {i}: unknown condition {r.get('when')!r}; use one of {', '.join(CONDITIONS)}")
        if r.get("label") not in LABELS:
            raise FrameError(f"{where} relabel {i}: unknown label {r.get('label')!r}")
        relabel.append(Relabel(r["when"], r["label"]))
    requires = tuple(raw.get("requires_any") or ())
    for role in requires:
        if role not in ROLES:
            raise FrameError(f"{where}: requires_any names unknown role {role!r}")
    subject = raw.get("requires_subject")
    if subject is not None and subject not in ("cargo", "personnel", "vehicle"):
        raise FrameError(f"{where}: requires_subject must be cargo, personnel or vehicle")
    obj = raw.get("requires_object")
    if obj is not None and obj not in OBJECT_KINDS:
        raise FrameError(f"{where}: requires_object must be one of {', '.join(OBJECT_KINDS)}")
    modality = raw.get("modality")
    if modality is not None and modality not in FRAME_MODALITIES:
        raise FrameError(f"{where}: modality must be one of {', '.join(FRAME_MODALITIES)}")
    only = _strings(raw.get("only_modalities"), where)
    for m in only:
        if m not in ALL_MODALITIES:
            raise FrameError(f"{where}: only_modalities: unknown modality {m!r}; use {', '.join(ALL_MODALITIES)}")
    repeat = raw.get("requires_repeat", False)
    if not isinstance(repeat, bool):
        raise FrameError(f"{where}: requires_repeat must be true or false")
    examples = tuple(_example(e, f"{where} example {i}") for i, e in enumerate(raw.get("examples") or []))
    if not examples:
        raise FrameError(f"{where}: every frame needs at least one example")
    return Frame(str(raw["id"]), label, file, _strings(raw.get("verbs"), where), _strings(raw.get("nouns"), where),
                 tuple(rules), tuple(relabel), requires, subject, bool(raw.get("requires_vehicle_or_cargo")), examples,
                 obj, modality, only, repeat)


def _lexicon(common: dict, file: str) -> Lexicon:
    vehicles = {k: frozenset(_strings(v, f"{file}: vehicle_nouns.{k}"))
                for k, v in (common.get("vehicle_nouns") or {}).items()}
    for k in vehicles:
        if k not in ("aircraft", "ship", "land"):
            raise FrameError(f"{file}: vehicle_nouns: unknown vehicle kind {k!r}; use aircraft, ship or land")
    cargo: dict[str, str] = {}
    for category, words in (common.get("cargo_nouns") or {}).items():
        if category not in CARGO_CATEGORIES:
            raise FrameError(f"{file}: cargo_nouns: unknown category {category!r}; use one of {', '.join(CARGO_CATEGORIES)}")
        for w in _strings(words, f"{file}: cargo_nouns.{category}"):
            cargo[w] = category
    return Lexicon(vehicles, cargo, frozenset(_strings(common.get("personnel_words"), f"{file}: personnel_words")),
                   frozenset(_strings(common.get("cargo_name_keep"), f"{file}: cargo_name_keep")),
                   frozenset(_strings(common.get("not_triggers"), f"{file}: not_triggers")),
                   *_cargo_anaphora(common.get("cargo_anaphora") or {}, file),
                   _word_classes(common.get("word_classes") or {}, file))


def _word_classes(data: Any, file: str) -> dict[str, frozenset[str]]:
    data = _check_keys(data, set(WORD_CLASSES), f"{file}: word_classes")
    return {name: frozenset(_strings(data.get(name), f"{file}: word_classes.{name}")) for name in WORD_CLASSES}


def _cargo_anaphora(data: dict, file: str) -> tuple[frozenset[str], dict[str, frozenset[str]]]:
    where = f"{file}: cargo_anaphora"
    data = _check_keys(data, _ANAPHORA_KEYS, where)
    categories: dict[str, frozenset[str]] = {}
    for generic, named in (data.get("categories") or {}).items():
        for c in [generic, *_strings(named, f"{where}.categories.{generic}")]:
            if c not in CARGO_CATEGORIES:
                raise FrameError(f"{where}: unknown category {c!r}; use one of {', '.join(CARGO_CATEGORIES)}")
        categories[generic] = frozenset(named or ())
    return frozenset(_strings(data.get("determiners"), f"{where}.determiners")), categories


def load_frames(folder: Path | None = None) -> FrameSet:
    """All frames of a folder (default: the package's ``loaders/data/events``)."""
    base = Path(folder) if folder is not None else Path(str(resources.files("milgraph.loaders").joinpath("data", "events")))
    common_path = base / "common.yaml"
    common = _check_keys(_read(common_path) or {}, _COMMON_KEYS, common_path.name)
    role_sets = {name: tuple(_rule(r, f"common.yaml: role set {name} rule {i}") for i, r in enumerate(rules or []))
                 for name, rules in (common.get("role_sets") or {}).items()}
    frames: list[Frame] = []
    seen_ids: dict[str, str] = {}
    for path in sorted(base.glob("*.yaml")):
        if path.name == "common.yaml":
            continue
        data = _check_keys(_read(path) or {}, _FILE_KEYS, path.name)
        label = data.get("label")
        if label not in LABELS:
            raise FrameError(f"{path.name}: unknown label {label!r}; use one of {', '.join(LABELS)}")
        for raw in data.get("frames") or []:
            frame = _frame(raw, label, path.name, role_sets)
            if frame.id in seen_ids:
                raise FrameError(f"{path.name}: frame id {frame.id} is also used in {seen_ids[frame.id]}")
            seen_ids[frame.id] = path.name
            frames.append(frame)
    verb_index: dict[str, list[Frame]] = {}
    noun_index: dict[str, list[Frame]] = {}
    for f in frames:
        for v in f.verbs:
            verb_index.setdefault(v, []).append(f)
        for n in f.nouns:
            noun_index.setdefault(n, []).append(f)
    return FrameSet(tuple(frames), _lexicon(common, common_path.name),
                    {k: tuple(v) for k, v in verb_index.items()}, {k: tuple(v) for k, v in noun_index.items()})


def _read(path: Path) -> Any:
    try:
        with path.open(encoding="utf-8") as fh:
            return yaml.safe_load(fh)
    except yaml.YAMLError as exc:
        raise FrameError(f"{path.name}: not valid YAML ({str(exc).splitlines()[0]})") from None


@lru_cache(maxsize=1)
def frames() -> FrameSet:
    """The package's frames, loaded once per process."""
    return load_frames()


def word_class(name: str) -> frozenset[str]:
    """One of the package's word classes (common.yaml word_classes; a name of WORD_CLASSES)."""
    return frames().lexicon.word_classes[name]
