"""spaCy's attribute ruler applied as a table lookup: the same annotations at a fraction of the cost.

The English pipelines map fine tags to coarse ones (``VBD`` -> ``VERB``) and fix a few words
("'s", "that", pronouns) with an ``AttributeRuler``: about 180 token patterns run through the
generic ``Matcher`` on every sentence, which cost as much as the tagger and parser together on
this project's reports (about 20 ms of a ~120 ms report). Every pattern of those pipelines tests
plain token attributes (``TAG``, ``LOWER``, ``DEP``, ``IS_SPACE``...) with equality, ``IN`` /
``NOT_IN`` or ``REGEX``, so what a token gets depends only on a handful of attribute values of the token and
of its neighbours at fixed offsets. :class:`AttributeTable` compiles the ruler's own patterns
into that function and memoises it per distinct key (a row of the values it sets), so a batch
of sentences costs one array read per sentence, one dictionary lookup per token (the token's
attribute values read as one bytes key), one gather and one array write per sentence.

It is exact: all patterns are matched against the annotations as they were before any is set,
and the attributes of later patterns win, as in ``AttributeRuler.set_annotations``.
:meth:`AttributeTable.compile` returns None for a ruler that uses anything else (operators,
regular expressions, extension attributes...), and the caller then keeps the ruler.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy

if TYPE_CHECKING:
    from spacy.pipeline import AttributeRuler
    from spacy.tokens import Doc

# attributes a pattern may test (read with Doc.to_array) and the ones the ruler may set
_TESTED = ("ORTH", "LOWER", "NORM", "SHAPE", "TAG", "POS", "DEP", "LEMMA", "IS_SPACE", "IS_PUNCT",
           "IS_ALPHA", "IS_DIGIT", "IS_LOWER", "IS_UPPER", "IS_TITLE", "LIKE_NUM")
_SET = ("POS", "TAG", "DEP", "LEMMA", "MORPH")
MAX_CACHED = 100_000  # distinct token keys remembered (a few hundred bytes each)
_BOOLEAN = frozenset(a for a in _TESTED if a.startswith(("IS_", "LIKE_")))



@dataclass(frozen=True)
class _Test:
    """One attribute test of a pattern token, on the attribute's integer value."""
    offset: int  # from the annotated token
    attr: str
    values: frozenset[int]  # "eq" and "in": the accepted values; "not_in": the refused ones
    kind: str  # eq | in | not_in | regex
    regex: re.Pattern | None = None

    def passes(self, value: int | None, strings: Any) -> bool:
        if value is None:  # beyond the doc
            return False
        if self.kind == "not_in":
            return value not in self.values
        if self.kind == "regex":
            return self.regex.search(strings[value]) is not None
        return value in self.values


@dataclass(frozen=True)
class _Rule:
    order: int
    tests: tuple[_Test, ...]
    values: tuple[tuple[int, int], ...]  # (column in _SET, value)
    in_context: bool  # tests a neighbour


class AttributeTable:
    """An attribute ruler's patterns as a memoised per-token function (see the module doc)."""

    def __init__(self, rules: list[_Rule], strings: Any):
        self._strings = strings
        attrs = sorted({t.attr for r in rules for t in r.tests})
        self._columns = {a: i for i, a in enumerate(attrs)}
        self._attr_ids = [_attr_id(a) for a in attrs]
        self._set_ids = [_attr_id(a) for a in _SET]
        # rules indexed by a value their token must have, so a token is checked against a few
        self._by_value: dict[tuple[int, int], list[_Rule]] = {}
        self._unindexed: list[_Rule] = []
        for rule in rules:
            key = next(((self._columns[t.attr], t.values) for t in rule.tests
                        if t.offset == 0 and t.kind in ("eq", "in")), None)
            if key is None:
                self._unindexed.append(rule)
            else:
                for value in key[1]:
                    self._by_value.setdefault((key[0], value), []).append(rule)
        self._reset()

    @classmethod
    def compile(cls, ruler: AttributeRuler) -> AttributeTable | None:
        """The table for this ruler, or None when one of its patterns is not plain attribute tests."""
        strings = ruler.vocab.strings
        rules: list[_Rule] = []
        for key, (attrs, index) in enumerate(zip(ruler.attrs, ruler.indices)):
            values = _values(attrs)
            if values is None:
                return None
            _, patterns = ruler.matcher.get(str(key))
            for pattern in patterns:
                target = index if index >= 0 else len(pattern) + index
                if not 0 <= target < len(pattern):
                    return None
                tests = []
                for position, spec in enumerate(pattern):
                    if not isinstance(spec, dict):
                        return None
                    for attr, want in spec.items():
                        test = _test(position - target, attr, want, strings)
                        if test is None:
                            return None
                        tests.append(test)
                rules.append(_Rule(key, tuple(tests), values, len(pattern) > 1))
        return cls(rules, strings)

    def __call__(self, doc: Doc) -> Doc:
        """Set the ruler's attributes on every token of the parsed doc (in place)."""
        self.annotate([doc])
        return doc

    def annotate(self, docs: list[Doc]) -> list[Doc]:
        """Set the ruler's attributes on every token of the docs (in place), a batch at a time:
        the tokens' keys are read in one array and looked up in one pass, the attributes each
        token gets are gathered from the memo's rows, and only the few tokens whose rules test
        their neighbours are matched one by one (within their own doc)."""
        docs = list(docs)
        lengths = [len(doc) for doc in docs]
        if not any(lengths):
            return docs
        rows = numpy.concatenate([doc.to_array(self._attr_ids).reshape(len(doc), -1) for doc in docs if len(doc)])
        rows = numpy.ascontiguousarray(rows, dtype=numpy.uint64)
        keys = rows.view(numpy.dtype((numpy.void, rows.shape[1] * 8))).ravel().tolist()
        ids = list(map(self._cache.get, keys))
        if None in ids:
            ids = self._remember(keys, ids, rows)
        picked = numpy.array(ids, dtype=numpy.intp)
        current = numpy.concatenate([doc.to_array(self._set_ids).reshape(len(doc), -1) for doc in docs if len(doc)])
        values = numpy.where(self._sets[picked], self._values[picked], current)
        starts = numpy.cumsum([0] + lengths).tolist()
        for g in numpy.flatnonzero(self._context[picked]).tolist():
            d = bisect.bisect_right(starts, g) - 1  # the token's doc: its neighbours stay within it
            for column, value in self._in_context(self._rules_of[ids[g]], rows, g, starts[d], starts[d + 1]):
                values[g, column] = value
        values = numpy.ascontiguousarray(values, dtype=numpy.uint64)
        for doc, start, end in zip(docs, starts, starts[1:]):
            if end > start:
                doc.from_array(self._set_ids, values[start:end])
        return docs

    def _remember(self, keys: list[bytes], ids: list[int | None], rows: numpy.ndarray) -> list[int]:
        """The memo ids of the keys, the missing ones matched and remembered."""
        new = {k for k, i in zip(keys, ids) if i is None}
        if len(self._cache) + len(new) > MAX_CACHED:
            self._reset()  # memory stays bounded on a long run over a large vocabulary
            new = set(keys)
        cache = self._cache
        for g, key in enumerate(keys):
            if key in new and key not in cache:
                values, context = self._matches(rows[g].tolist())
                self._add(key, values, context)
        return [cache[k] for k in keys]

    def _reset(self) -> None:
        width = len(_SET)
        self._cache: dict[bytes, int] = {}
        self._values = numpy.zeros((256, width), dtype=numpy.uint64)  # memo id -> the values set
        self._sets = numpy.zeros((256, width), dtype=bool)  # memo id -> which columns are set
        self._context = numpy.zeros(256, dtype=bool)  # memo id -> rules that test neighbours
        self._rules_of: list[tuple[_Rule, ...]] = []

    def _add(self, key: bytes, values: tuple[tuple[int, int], ...], context: tuple[_Rule, ...]) -> None:
        n = len(self._rules_of)
        if n == len(self._context):
            grow = n * 2
            self._values = numpy.resize(self._values, (grow, len(_SET)))
            self._sets = numpy.resize(self._sets, (grow, len(_SET)))
            self._context = numpy.resize(self._context, grow)
        self._values[n] = 0
        self._sets[n] = False
        for column, value in values:
            self._values[n, column] = value
            self._sets[n, column] = True
        self._context[n] = bool(context)
        self._rules_of.append(context)
        self._cache[key] = n

    def _matches(self, row: list[int]) -> tuple[tuple[tuple[int, int], ...], tuple[_Rule, ...]]:
        """What the one-token rules set on a token with these values, and the rules (in order,
        each kind) still to be checked against its neighbours (none for most tokens)."""
        candidates = list(self._unindexed)
        for column, value in enumerate(row):
            candidates.extend(self._by_value.get((column, value), ()))
        candidates.sort(key=lambda r: r.order)
        own = [t for t in candidates if all(
            x.passes(row[self._columns[x.attr]], self._strings) for x in t.tests if x.offset == 0)]
        if any(r.in_context for r in own):
            return (), tuple(own)
        result: dict[int, int] = {}
        for rule in own:
            result.update(rule.values)
        return tuple(sorted(result.items())), ()

    def _in_context(self, rules: tuple[_Rule, ...], rows: numpy.ndarray, i: int, first: int,
                    end: int) -> tuple[tuple[int, int], ...]:
        """What the rules set on token ``i`` of ``rows``, whose doc holds rows ``first`` to ``end``."""
        result: dict[int, int] = {}
        for rule in rules:
            if all(t.passes(int(rows[i + t.offset, self._columns[t.attr]]) if first <= i + t.offset < end else None,
                            self._strings) for t in rule.tests if t.offset != 0):
                result.update(rule.values)
        return tuple(sorted(result.items()))


def _attr_id(name: str) -> int:
    from spacy.attrs import IDS

    return IDS[name]


def _values(attrs: dict[int, Any]) -> tuple[tuple[int, int], ...] | None:
    """The ruler's normalised attributes (attribute id -> value) as (column, value) pairs."""
    out = []
    for attr_id, value in attrs.items():
        name = next((a for a in _SET if _attr_id(a) == attr_id), None)
        if name is None or not isinstance(value, int):
            return None
        out.append((_SET.index(name), value))
    return tuple(out)


def _test(offset: int, attr: str, want: Any, strings: Any) -> _Test | None:
    """A pattern's test as the Matcher reads it (None: a kind of test this table does not do)."""
    attr = attr.upper()
    if attr not in _TESTED:
        return None
    if attr in _BOOLEAN:
        return _Test(offset, attr, frozenset({int(want)}), "eq") if isinstance(want, bool) else None
    if isinstance(want, str):
        return _Test(offset, attr, frozenset({strings.add(want) if want else 0}), "eq")
    if not (isinstance(want, dict) and len(want) == 1):
        return None
    (op, arg), = want.items()
    if op == "REGEX" and isinstance(arg, str):
        return _Test(offset, attr, frozenset(), "regex", re.compile(arg))
    if op in ("IN", "NOT_IN") and isinstance(arg, list) and all(isinstance(w, str) for w in arg):
        return _Test(offset, attr, frozenset(strings.add(w) if w else 0 for w in arg), op.lower())
    return None
