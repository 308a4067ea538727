"""Indexes built once that let a rule pass skip work that cannot produce anything.

Which relation rules can take a mention at either end, as bit masks read once per mention
(:class:`EndIndex`), and which words may open an event frame (:class:`TriggerWords`).

The relation pass (:func:`milgraph.loaders.extract.relations.extract_relations`) walks the
dependency path between every two mentions of a sentence and matches it against every rule,
then keeps a matched rule only if its start and end specs (``EndSpec``: tags, kinds) take the
two mentions. More than half of the pairs of a report (two pieces of equipment, a source and a
date place...) fit no rule's ends at all, so nothing they could match would be kept: the pass
asks :meth:`EndIndex.masks` first and skips the path. A spec reads only the mention's tag and
kind, so the masks are worked out once per (tag, kind) and rule set.
"""

from __future__ import annotations

from typing import Any, Callable, Sequence


class EndIndex:
    """Bit ``n`` of a mention's start mask says ``fits(rules[n].start, item)``, of its end mask
    ``fits(rules[n].end, item)``; ``fits`` must read only the item's ``tag`` and ``kind``."""

    def __init__(self, rules: Sequence[Any], fits: Callable[[Any, Any], bool]):
        self.rules = tuple(rules)
        self.fits = fits
        self.bits = {id(rule): 1 << n for n, rule in enumerate(self.rules)}
        self._memo: dict[tuple, tuple[int, int]] = {}

    def masks(self, item: Any) -> tuple[int, int]:
        """(start mask, end mask) of the item."""
        key = (item.tag, item.kind)
        found = self._memo.get(key)
        if found is None:
            start = end = 0
            for n, rule in enumerate(self.rules):
                if self.fits(rule.start, item):
                    start |= 1 << n
                if self.fits(rule.end, item):
                    end |= 1 << n
            found = self._memo[key] = (start, end)
        return found

    def bit(self, rule: Any) -> int:
        """The rule's bit (0 for a rule not in the set: no mention fits it then)."""
        return self.bits.get(id(rule), 0)


_indexes: dict[int, tuple[Any, Callable, EndIndex]] = {}


def end_index(rules: Any, fits: Callable[[Any, Any], bool]) -> EndIndex:
    """The index of a rule set's rules (``rules.rules``), built once per rule set and ``fits``."""
    known = _indexes.get(id(rules))
    if known is None or known[0] is not rules or known[1] is not fits:
        if len(_indexes) > 16:
            _indexes.clear()  # rule sets made in tests come and go
        known = _indexes[id(rules)] = (rules, fits, EndIndex(rules.rules, fits))
    return known[2]


class TriggerWords:
    """Which word forms may open an event frame: ``may_open(word)`` is False only when no
    candidate lemma of the word (``lemmas(word)``, the word itself first) is a noun trigger or
    the verb of a verb trigger ("pull" of "pull out"). The event pass asks every noun and verb
    of a sentence for its frames (:func:`milgraph.loaders.extract.event_engine.triggered_frames`,
    several parse reads per token); most of them are no trigger of any frame, and this answers
    them with one dictionary lookup per distinct word."""

    def __init__(self, verb_keys: Any, noun_keys: Any, lemmas: Callable[[str], Sequence[str]]):
        self.heads = frozenset(key.split(" ", 1)[0] for key in verb_keys) | frozenset(noun_keys)
        self.lemmas = lemmas
        self._memo: dict[str, bool] = {}

    def may_open(self, word: str) -> bool:
        found = self._memo.get(word)
        if found is None:
            if len(self._memo) > 50_000:
                self._memo.clear()  # a long run over a large vocabulary stays bounded
            found = self._memo[word] = any(lemma in self.heads for lemma in self.lemmas(word))
        return found


_trigger_words: dict[int, tuple[Any, TriggerWords]] = {}


def trigger_words(frames: Any, lemmas: Callable[[str], Sequence[str]]) -> TriggerWords:
    """The trigger words of a frame set (``frames.verb_index`` and ``frames.noun_index``), built
    once per frame set."""
    known = _trigger_words.get(id(frames))
    if known is None or known[0] is not frames:
        if len(_trigger_words) > 16:
            _trigger_words.clear()  # frame sets made in tests come and go
        known = _trigger_words[id(frames)] = (frames, TriggerWords(frames.verb_index, frames.noun_index, lemmas))
    return known[1]
