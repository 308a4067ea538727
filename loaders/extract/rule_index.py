"""Which relation rules can take a mention at either end, as bit masks read once per mention.

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
