"""Named formations and units the gazetteer does not know, found by their unit noun (guide §3
D5: a named formation is its own Actor; "201st Military Base" is a Base).

The rules are data in ``loaders/data/unit_names.yaml``: each lists unit nouns and what must
stand before them (an ordinal, a number with a capitalised qualifier, capitalised words) or
after them (a number). Matching is one precompiled regex per rule over the sentence text, so
the cost does not grow with the gazetteer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from milgraph.errors import MilgraphError, reject_unknown_keys
from milgraph.loaders.extract.word_gate import AnyWord
from milgraph.loaders.extract.word_gate import has_digit as _has_digit

_TOP_KEYS = {"ordinal_words", "count_nouns", "rules"}
_RULE_KEYS = {"id", "needs", "nouns", "label", "kind", "examples", "min_words", "owner_in_name"}
_NEEDS = {"ordinal", "number", "name", "after", "name_number"}
_LABELS = {"Actor", "Base"}
_EXAMPLE_KEYS = {"text", "expect"}
# a capitalised qualifier word of a unit's name ("Panzer", "Air-Assault", "Sealift")
_WORD = r"[A-Z][A-Za-z'\u2019-]*"


class UnitRulesError(MilgraphError):
    """loaders/data/unit_names.yaml is malformed."""


@dataclass(frozen=True)
class UnitRule:
    id: str
    needs: str
    nouns: tuple[str, ...]
    label: str
    kind: str
    examples: tuple[tuple[str, str], ...]
    pattern: re.Pattern
    min_words: int = 1  # capitalised words the name needs before the noun (rules with needs: name)
    owner_in_name: bool = False  # the state that opens the name is part of it ("US Army Europe")


@dataclass(frozen=True)
class UnitName:
    """A formation or base named in a sentence: offsets, the name, its label and kind, and the rule."""

    start: int
    end: int
    name: str
    label: str
    kind: str
    rule: str
    needs: str  # what stood before or after the unit noun (see unit_names.yaml)


def _strings(value: Any, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise UnitRulesError(f"{where}: expected a list of words")
    return tuple(value)


def _pattern(needs: str, nouns: tuple[str, ...], ordinals: tuple[str, ...]) -> re.Pattern:
    noun = "(?P<noun>" + "|".join(re.escape(n) for n in sorted(nouns, key=len, reverse=True)) + ")"
    ordinal = r"(?:\d{1,3}(?:st|nd|rd|th)|" + "|".join(ordinals) + ")"
    if needs == "ordinal":
        body = rf"{ordinal}(?:\s+{_WORD}){{0,3}}\s+{noun}"
    elif needs == "number":
        body = rf"(?<![\d,.])\d{{1,3}}(?:\s+{_WORD}){{1,3}}?\s+{noun}"
    elif needs == "name":
        body = rf"(?P<words>{_WORD}(?:\s+{_WORD}){{0,4}}?)(?P<short>\s+\([A-Z][A-Za-z]{{1,7}}\))?\s+{noun}(?!\s+[A-Z\d])"
    elif needs == "name_number":
        body = rf"(?P<words>{_WORD}(?:\s+{_WORD}){{0,3}}?)\s+{noun}\s+\d{{1,3}}"
    else:
        body = rf"{noun}\s+\d{{1,3}}(?:\.\d{{1,2}})?"
    return re.compile(rf"(?<![\w-]){body}\b(?![-\u2013])")


def parse_rules(data: Any, where: str) -> tuple[tuple[UnitRule, ...], frozenset[str]]:
    """The typed rules of one unit-names file and its count nouns (unknown keys are an error
    naming the file and the rule)."""
    if not isinstance(data, dict) or set(data) - _TOP_KEYS:
        extra = sorted(map(str, set(data) - _TOP_KEYS)) if isinstance(data, dict) else []
        raise UnitRulesError(f"{where}: expected keys {', '.join(sorted(_TOP_KEYS))}"
                             + (f"; unknown: {', '.join(extra)}" if extra else ""))
    ordinals = _strings(data.get("ordinal_words") or [], f"{where}: ordinal_words")
    counts = frozenset(_strings(data.get("count_nouns") or [], f"{where}: count_nouns"))
    out = []
    for n, raw in enumerate(data.get("rules") or []):
        rid = raw.get("id") if isinstance(raw, dict) else None
        at = f"{where}: rule {rid or n + 1}"
        if not isinstance(raw, dict) or not isinstance(rid, str):
            raise UnitRulesError(f"{at}: a rule is a mapping with an 'id'")
        reject_unknown_keys(raw, _RULE_KEYS, at, UnitRulesError)
        if raw.get("needs") not in _NEEDS:
            raise UnitRulesError(f"{at}: 'needs' must be one of {', '.join(sorted(_NEEDS))}")
        if raw.get("label") not in _LABELS:
            raise UnitRulesError(f"{at}: 'label' must be one of {', '.join(sorted(_LABELS))}")
        if not isinstance(raw.get("kind"), str):
            raise UnitRulesError(f"{at}: 'kind' must be a word")
        examples = []
        for ex in raw.get("examples") or []:
            if not isinstance(ex, dict) or set(ex) != _EXAMPLE_KEYS:
                raise UnitRulesError(f"{at}: an example is {{text, expect}}")
            examples.append((str(ex["text"]), str(ex["expect"])))
        nouns = _strings(raw.get("nouns"), f"{at}: nouns")
        min_words = raw.get("min_words", 1)
        if not isinstance(min_words, int) or min_words < 1:
            raise UnitRulesError(f"{at}: 'min_words' must be a whole number of at least 1")
        owner_in_name = raw.get("owner_in_name", False)
        if not isinstance(owner_in_name, bool):
            raise UnitRulesError(f"{at}: 'owner_in_name' must be true or false")
        out.append(UnitRule(rid, raw["needs"], nouns, raw["label"], raw["kind"], tuple(examples),
                            _pattern(raw["needs"], nouns, ordinals), min_words, owner_in_name))
    return tuple(out), counts


@lru_cache(maxsize=1)
def rules() -> tuple[tuple[UnitRule, ...], frozenset[str]]:
    from milgraph.loaders.gazetteer import _read_yaml
    return parse_rules(_read_yaml("unit_names.yaml") or {}, "loaders/data/unit_names.yaml")


_LEADING = re.compile(r"(?:(?:The|A|An|Its|Their|His|Her|Our|Both|All|Some|Two|Three|Several|"
                      r"On|In|At|By|For|From|To|With|After|Before|When|While|But|And|Under)\s+)+")


# stopwords that open a unit's own name when capitalised words follow ("Central Military Command",
# "Islamic Revolutionary Guard Corps Quds Force")
_NAME_OPENERS = frozenset({"Central", "Northern", "Southern", "Eastern", "Western", "Islamic"})


def _name_words(m: re.Match, stopwords: frozenset[str], demonyms: frozenset[str], min_words: int = 1
                ) -> tuple[int, str] | None:
    """Where a unit named by capitalised words starts, and its name: leading articles, words
    that open a sentence and demonyms are cut ("the Russian Ocean Command" -> "Ocean Command")."""
    start = m.start("words")
    words = m.group("words")
    if re.search(r"['\u2019]s?$", words.rstrip()):
        return None  # "the Community's mission": the owner's unit, which the text does not name
    owner = list(re.finditer(r"['\u2019]s?\s+", words))
    if owner:  # "the Navy's Sealift Command": the unit is named after the possessive
        start += owner[-1].end()
        words = words[owner[-1].end():]
    lead = _LEADING.match(words)
    if lead:
        start += lead.end()
        words = words[lead.end():]
    while words:
        first = words.split()[0]
        if first in demonyms or re.search(r"['\u2019]s?$", first) or first in stopwords and first not in _NAME_OPENERS:
            cut = len(first)
            rest = words[cut:].lstrip()
            start += len(words) - len(rest)
            words = rest
            continue
        break
    if not words or words[:1].islower() or len(words.split()) < min_words:
        return None
    return start, words + " " + m.group("noun")  # "X (XYZ) mission" is "X mission" (the short form an alias)


# the name a numbered base honours, right after its number: capitalised words not followed by
# more of a sentence's capitalised words ("Air Base 186 Paul Klein")
_CAPITALISED_NEXT = re.compile(r"\s+[A-Z]")
_HONOURED = re.compile(rf"\s+{_WORD}(?:\s+{_WORD}){{0,2}}(?![\w'\u2019-])")


@lru_cache(maxsize=64)
def _any_noun(nouns: tuple[str, ...]) -> AnyWord:
    return AnyWord(nouns)


def unit_names(text: str, stopwords: frozenset[str] = frozenset(), demonyms: frozenset[str] = frozenset(),
               by_name: bool = True) -> list[UnitName]:
    """Formations and bases named by a unit noun in one sentence, longest first where they overlap
    (``by_name`` False: only those with a number, for a heading in title case)."""
    rule_list, counts = rules()
    found: list[UnitName] = []
    has_digit = _has_digit(text)
    for rule in rule_list:
        if rule.needs in ("number", "after", "name_number") and not has_digit or \
                rule.needs in ("name", "name_number") and not by_name:
            continue
        if not _any_noun(rule.nouns).search(text):  # any(n in text for n in rule.nouns), in one search
            continue
        for m in rule.pattern.finditer(text):
            start, end, name = m.start(), m.end(), m.group()
            if m.group("noun") == "Base" and _CAPITALISED_NEXT.match(text, end):
                continue  # "the 5th Base Hospital": "Base" opens another name here
            if rule.needs == "number":
                after = re.match(r"\s+([a-z]+)", text[end:end + 20])
                if after and after.group(1) in counts:
                    continue  # "300 Marine Corps troops": a count of people
            if rule.needs in ("name", "name_number"):
                cut = _name_words(m, stopwords, frozenset() if rule.owner_in_name else demonyms, rule.min_words)
                if cut is None or len(cut[1].split()) < 2:
                    continue
                start, name = cut[0], cut[1] + text[m.end("noun"):end]
            elif rule.needs == "after" and rule.label == "Base":
                honoured = _HONOURED.match(text, end)  # "Air Base 188 Camp Lemonnier"
                if honoured and honoured.group().split()[0] not in stopwords:
                    end, name = honoured.end(), text[start:honoured.end()]
            found.append(UnitName(start, end, name, rule.label, rule.kind, rule.id, rule.needs))
    found.sort(key=lambda u: (u.start, -(u.end - u.start)))
    out: list[UnitName] = []
    for u in found:
        if out and u.start < out[-1].end:
            continue
        out.append(u)
    return out
