"""Equipment types the gazetteer does not know, named by a model code or a proper name before a
type noun ("M109A7 Paladin howitzers", "Puma infantry fighting vehicles", "K9 howitzers"), or by
a maker before a model number ("Boeing 787"); a variant of a known type ("Leopard 2A8") is that
type with the text's form as an alias, so that a gold set naming either form agrees.

The type noun decides the category; a plain name (no digit) needs a noun that only weapons take
("tanks", "howitzers", "drones"), because "Bundeswehr vehicles" or "Toyota trucks" name an owner
or a brand, not a type. The word lists are data: ``equipment_names`` in
``loaders/data/patterns.yaml``, read by :func:`rules` (an unknown key is an error naming it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Callable

from milgraph.errors import MilgraphError, reject_unknown_keys
from milgraph.loaders.extract.word_gate import WordGate

_KEYS = {"type_nouns", "name_type_nouns", "type_modifiers", "makers"}
_WHERE = "loaders/data/patterns.yaml: equipment_names"


class EquipmentNamesError(MilgraphError):
    """The equipment_names section of patterns.yaml is malformed."""


@dataclass(frozen=True)
class EquipmentNameRules:
    noun_category: dict[str, str]  # type noun (lower case) -> Equipment category
    name_nouns: frozenset[str]  # nouns that type a plain proper name
    maker_category: dict[str, str]  # maker -> category of its models
    typed: re.Pattern  # <name> <type noun>
    made: re.Pattern  # <maker> <model>
    typed_gate: WordGate | None = None  # the type nouns: ``typed`` needs one


def _words(value: Any, where: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(w, str) for w in value):
        raise EquipmentNamesError(f"{where} must be a list of words")
    return value


def _table(data: dict, key: str) -> dict[str, str]:
    table = data.get(key) or {}
    if not isinstance(table, dict):
        raise EquipmentNamesError(f"{_WHERE}.{key} must map a category to a list of words")
    return {w: str(cat) for cat, words in table.items() for w in _words(words, f"{_WHERE}.{key}.{cat}")}


def _alternation(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) or "(?!x)x"


# one word of a name: a capitalised word or a model code, hyphenated parts allowed ("BvS10", "K2PL")
_NAME_WORD = r"[A-Z0-9][A-Za-z0-9]*(?:-[A-Z0-9][A-Za-z0-9]*)*"
# a model code: a word with a digit and a capital, no run of three lower-case letters ("Flightradar24")
_CODE = re.compile(r"(?=[A-Za-z0-9-]*\d)(?=[A-Za-z0-9-]*[A-Z])(?![A-Za-z0-9-]*[a-z]{3})[A-Z0-9][A-Za-z0-9-]{1,11}")


_DIGIT = re.compile(r"\d")  # a code has one: a sentence without is not searched for variants
_VARIANT = re.compile(rf"(?<![\w-])(?:(?P<prev>[A-Z][a-z]+)\s)?(?P<code>{_CODE.pattern})(?![\w-])")


def parse_rules(data: Any) -> EquipmentNameRules:
    """The typed rules of the equipment_names section."""
    if not isinstance(data, dict):
        raise EquipmentNamesError(f"{_WHERE}: expected a mapping of {', '.join(sorted(_KEYS))}")
    reject_unknown_keys(data, _KEYS, _WHERE, EquipmentNamesError)
    nouns = {w.lower(): cat for w, cat in _table(data, "type_nouns").items()}
    name_nouns = frozenset(w.lower() for w in _words(data.get("name_type_nouns") or [], f"{_WHERE}.name_type_nouns"))
    missing = sorted(name_nouns - set(nouns))
    if missing:
        raise EquipmentNamesError(f"{_WHERE}.name_type_nouns: {', '.join(missing)} not in type_nouns; add them there")
    makers = _table(data, "makers")
    modifiers = _words(data.get("type_modifiers") or [], f"{_WHERE}.type_modifiers")
    typed = re.compile(rf"(?<![\w-])(?P<name>{_NAME_WORD}(?:\s{_NAME_WORD}){{0,2}})\s+(?:(?:{_alternation(modifiers)})\s+){{0,2}}"
                       rf"(?P<noun>(?i:{_alternation(nouns)}))(?![\w-])")
    made = re.compile(rf"\b(?P<maker>{_alternation(makers)})[\s-]+(?P<model>[A-Z]{{0,3}}-?\d{{2,4}}[A-Z]{{0,4}})"
                      rf"(?P<variant>-\d{{1,4}}[A-Z]{{0,3}})?(?P<plural>s)?(?![\w-])")
    return EquipmentNameRules(nouns, name_nouns, makers, typed, made, WordGate(nouns, ignore_case=True))


@lru_cache(maxsize=1)
def rules() -> EquipmentNameRules:
    from milgraph.loaders.gazetteer import _read_yaml
    return parse_rules((_read_yaml("patterns.yaml") or {}).get("equipment_names") or {})


@dataclass(frozen=True)
class EquipmentName:
    """A type named in the text: ``known`` is the gazetteer's name when it is a variant of a known
    type, else None and ``name`` / ``category`` say what to create."""

    start: int
    end: int
    name: str
    category: str
    known: str | None = None


def is_code(word: str) -> bool:
    return _CODE.fullmatch(word) is not None


def _variant_base(name: str, lookup: Callable[[str], Any]) -> str | None:
    """The known type a variant belongs to: trailing letters and digits cut from the last code
    word until a known name is left ("Leopard 2A8" -> "Leopard 2", "M109A7" -> "M109")."""
    words = name.split()
    last = words[-1]
    if not is_code(last):
        return None
    if len(words) > 1 and lookup(" ".join(words[:-1])) is not None and not any(c.isdigit() for c in words[-2]):
        return " ".join(words[:-1])  # "Typhoon FGR4", "Merlin HC4": a known type with its mark
    for cut in range(len(last) - 1, 0, -1):
        if not last[cut].isalpha():
            continue  # never inside a number: "K239" is no variant of "K2"
        cand = " ".join(words[:-1] + [last[:cut]])
        if any(c.isdigit() for c in last[:cut]) and lookup(cand) is not None:
            return cand
    return None


def find(text: str, lookup: Callable[[str], Any], refused: Callable[[str], bool],
         proper: Callable[[int, int], bool]) -> list[EquipmentName]:
    """Equipment types named in one sentence.

    ``lookup(name)`` is the gazetteer's Equipment entry for a name (or None); ``refused(word)``
    says a word cannot open a type's name (a stopword, demonym or a name known as something
    else); ``proper(start, end)`` says the parse reads the words there as a proper noun."""
    r = rules()
    out: list[EquipmentName] = []
    for m in (r.typed.finditer(text) if r.typed_gate is None or r.typed_gate.may_match(text) else ()):
        got = _typed_name(m, r, lookup, refused, proper)
        if got is not None:
            out.append(got)
    has_digit = _DIGIT.search(text) is not None  # a code and a maker's model number have one
    for m in (_VARIANT.finditer(text) if has_digit else ()):  # "the Leopard 2A8 arrived": a variant of a known type, no noun needed
        name = m.group()
        base = _variant_base(name, lookup) if lookup(name) is None else None
        if base is None and m.group("prev"):
            name, start = m.group("code"), m.start("code")
            base = _variant_base(name, lookup) if lookup(name) is None else None
        else:
            start = m.start()
        if base is not None:
            out.append(EquipmentName(start, m.end(), name, "other", lookup(base).name))
    for m in (r.made.finditer(text) if has_digit else ()):
        model = m.group("model")
        short = model if model[0].isalpha() else f"{m.group('maker')} {model}"
        known = lookup(short) or lookup(f"{m.group('maker')} {model}")
        out.append(EquipmentName(m.start(), m.end(), short, r.maker_category[m.group("maker")],
                                 getattr(known, "name", None)))
    return out


_OF_NAME_BEFORE = re.compile(r"[A-Z][\w'\u2019-]*\s+of\s+(?:the\s+)?$")


def _with_capitalised_noun(m: re.Match, r: EquipmentNameRules, name: str) -> str | None:
    """The type's name with its noun when the text capitalises the noun right after the name
    inside a sentence ("two Advanced Light Helicopters" -> "Advanced Light Helicopter"), in the
    singular; None when the noun is lower case or a modifier stands between."""
    noun = m.group("noun")
    if not noun[:1].isupper() or noun.isupper() or m.string[m.end("name"):m.start("noun")] != " ":
        return None
    singular = noun[:-1] if noun.endswith("s") and noun[:-1].lower() in r.noun_category else noun
    return f"{name} {singular}"


def _typed_name(m: re.Match, r: EquipmentNameRules, lookup, refused, proper) -> EquipmentName | None:
    words = m.group("name").split()
    start = m.start("name")
    while words and (words[0].isdigit() or refused(words[0])) and not is_code(words[0]):  # "30 Lithuanian Leopard tanks"
        start += len(words[0]) + 1
        words = words[1:]
    if not words or _OF_NAME_BEFORE.search(m.string, max(0, start - 40), start):
        return None  # "Ministry of Emergency Situations aircraft": the end of an owner's name
    name = " ".join(words)
    noun = m.group("noun").lower()
    coded = any(is_code(w) for w in words) or re.match(r"Type \d", name) is not None  # "Type 16 vehicles"
    whole = _with_capitalised_noun(m, r, name) if not coded else None
    if not coded and (noun not in r.name_nouns and whole is None or not proper(start, start + len(name))):
        return None
    category = r.noun_category[noun]
    if lookup(name) is not None:
        return EquipmentName(start, start + len(name), name, category, lookup(name).name)
    if whole is not None:  # "Advanced Light Helicopters": the capitalised noun is part of the type's name
        return EquipmentName(start, m.end("noun"), whole, category, getattr(lookup(whole), "name", None))
    base = _variant_base(name, lookup)
    return EquipmentName(start, start + len(name), name, category, lookup(base).name if base else None)
