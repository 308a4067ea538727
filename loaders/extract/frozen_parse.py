"""A parsed sentence read once into plain Python objects, with spaCy's own API.

The relation, event and name rules walk the dependency tree token by token, tens of thousands
of times per report. A spaCy ``Doc`` makes a new ``Token`` object on every index, ``head`` and
``children`` step, and turns each string attribute (``dep_``, ``lower_``, ``tag_``...) back from
its hash through the string store on every read: about a tenth of the extraction time went
there. :func:`freeze` reads every token's attributes once (one ``to_array`` call and a memo of
strings) into a :class:`FrozenDoc` whose tokens are made once and whose tree is plain tuples.

It answers with spaCy's API and spaCy's values (``Token``: ``i``, ``idx``, ``text``, ``lower_``,
``pos_``, ``tag_``, ``dep_``, ``head``, ``children``, ``lefts``, ``rights``, ``subtree``,
``ancestors``, ``left_edge``, ``right_edge``, ``ent_type_``...; ``Doc``: iteration, indexing,
``text``, ``ents``, ``char_span``, ``user_data``; ``Span``: ``start``, ``end``, ``root``,
``text``, ``label_``...). Less common reads (``sent``, ``nbor``, ``conjuncts``, ``morph``...) are
asked of the underlying spaCy objects and the tokens and spans they return are mapped back, so
any spaCy attribute works and the answers never differ. The named-entity recogniser runs on
the spaCy doc (:func:`milgraph.loaders.extract.nlp.add_names`), which then calls
:meth:`FrozenDoc.refresh_names`.
"""

from __future__ import annotations

import bisect
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Iterator

import numpy

if TYPE_CHECKING:
    from spacy.tokens import Doc

_IOB = ("", "I", "O", "B")
_SPACE = ("", " ")  # a token's trailing whitespace by its SPACY flag
_strings_memo: dict[int, str] = {}  # string-store hash -> string (the same for every doc of a pipeline)
MAX_MEMO = 200_000


class FrozenToken:
    """One token of a :class:`FrozenDoc` (see the module doc)."""

    __slots__ = ("doc", "i", "idx", "text", "whitespace_", "lower_", "pos_", "tag_", "dep_", "is_punct",
                 "like_num", "is_space", "head", "_children", "_left", "_right", "_subtree", "_ancestors")

    def __init__(self, doc: FrozenDoc, i: int):
        self.doc = doc
        self.i = i

    # -- the recogniser's names (read from the spaCy doc when first asked: most sentences never are)
    @property
    def ent_type_(self) -> str:
        return self.doc._names()[0][self.i]

    @property
    def ent_iob_(self) -> str:
        return self.doc._names()[1][self.i]

    # -- the tree (``head`` is set when the doc is read; the root is its own head)
    @property
    def children(self) -> Iterator[FrozenToken]:
        return iter(self._children)

    @property
    def lefts(self) -> Iterator[FrozenToken]:
        return iter([c for c in self._children if c.i < self.i])

    @property
    def rights(self) -> Iterator[FrozenToken]:
        return iter([c for c in self._children if c.i > self.i])

    @property
    def n_lefts(self) -> int:
        return sum(1 for c in self._children if c.i < self.i)

    @property
    def n_rights(self) -> int:
        return sum(1 for c in self._children if c.i > self.i)

    @property
    def left_edge(self) -> FrozenToken:
        """spaCy's own (it settles non-projective trees its way), asked once."""
        if self._left is None:
            self._left = self.doc.spacy[self.i].left_edge.i
        return self.doc._tokens[self._left]

    @property
    def right_edge(self) -> FrozenToken:
        if self._right is None:
            self._right = self.doc.spacy[self.i].right_edge.i
        return self.doc._tokens[self._right]

    @property
    def subtree(self) -> Iterator[FrozenToken]:
        """As spaCy walks it: each left child's subtree, the token, each right child's subtree
        (with a stack, so a deep tree of a long sentence needs no deep recursion); walked once."""
        if self._subtree is None:
            self._subtree = self._walk_subtree()
        return iter(self._subtree)

    def _walk_subtree(self) -> tuple[FrozenToken, ...]:
        out: list[FrozenToken] = []
        stack: list[tuple[FrozenToken, bool]] = [(self, False)]
        while stack:
            token, reached = stack.pop()
            if reached:
                out.append(token)
                continue
            kids = token._children
            stack.extend((c, False) for c in reversed(kids) if c.i > token.i)
            stack.append((token, True))
            stack.extend((c, False) for c in reversed(kids) if c.i < token.i)
        return tuple(out)

    @property
    def ancestors(self) -> Iterator[FrozenToken]:
        if self._ancestors is None:
            limit = len(self.doc._tokens)
            out = []
            t = self
            while t.head is not t and len(out) < limit:
                t = t.head
                out.append(t)
            self._ancestors = tuple(out)
        return iter(self._ancestors)

    def is_ancestor(self, descendant: FrozenToken) -> bool:
        return any(a is self for a in descendant.ancestors)

    # -- text
    @property
    def text_with_ws(self) -> str:
        return self.text + self.whitespace_

    @property
    def orth_(self) -> str:
        return self.text

    def __len__(self) -> int:
        return len(self.text)

    def __str__(self) -> str:
        return self.text

    def __repr__(self) -> str:
        return self.text

    # spaCy orders tokens by their character offset
    def __lt__(self, other: FrozenToken) -> bool:
        return self.idx < other.idx

    def __le__(self, other: FrozenToken) -> bool:
        return self.idx <= other.idx

    def __gt__(self, other: FrozenToken) -> bool:
        return self.idx > other.idx

    def __ge__(self, other: FrozenToken) -> bool:
        return self.idx >= other.idx

    def __getattr__(self, name: str) -> Any:
        """Anything else is asked of the spaCy token (tokens and spans it returns mapped back)."""
        if name.startswith("__") or name in FrozenToken.__slots__:
            raise AttributeError(name)
        return self.doc._mapped(getattr(self.doc.spacy[self.i], name))


class FrozenSpan:
    """A slice of a :class:`FrozenDoc` (a mention, a recognised name)."""

    __slots__ = ("doc", "start", "end", "label_", "_spacy", "_root")

    def __init__(self, doc: FrozenDoc, start: int, end: int, label_: str = "", spacy_span: Any = None):
        self.doc = doc
        self.start = start
        self.end = end
        self.label_ = label_
        self._spacy = spacy_span
        self._root: FrozenToken | None = None

    @property
    def spacy(self) -> Any:
        if self._spacy is None:
            self._spacy = self.doc.spacy[self.start:self.end]
        return self._spacy

    @property
    def root(self) -> FrozenToken:
        """spaCy's rule: a sentence root inside the span; else, of the tokens whose head lies
        outside it, the first with the fewest steps to the root (a bare space or punctuation
        mark counts as far); else the first token."""
        if self._root is None:
            self._root = self._find_root()
        return self._root

    def _find_root(self) -> FrozenToken:
        tokens = self.doc._tokens[self.start:self.end]
        if not tokens:
            return self.doc._tokens[self.spacy.root.i]
        for t in tokens:
            if t.head is t:
                return t
        limit = len(self.doc._tokens)
        best, found = limit, None
        for t in tokens:
            if self.start <= t.head.i < self.end:
                continue
            if (t.is_space or t.is_punct) and not t._children:
                steps = limit - 1
            else:
                steps, up = 0, t
                while up.head is not up:
                    up = up.head
                    steps += 1
                    if steps >= limit:
                        return self.doc._tokens[self.spacy.root.i]  # spaCy's own error
            if steps < best:
                best, found = steps, t
        return found if found is not None else tokens[0]

    @property
    def start_char(self) -> int:
        if self.end <= self.start:
            return self.spacy.start_char
        return self.doc._tokens[self.start].idx

    @property
    def end_char(self) -> int:
        if self.end <= self.start:
            return self.spacy.end_char
        last = self.doc._tokens[self.end - 1]
        return last.idx + len(last.text)

    @property
    def text(self) -> str:
        if self.end <= self.start:
            return ""
        return self.doc.text[self.start_char:self.end_char]

    def __iter__(self) -> Iterator[FrozenToken]:
        return iter(self.doc._tokens[self.start:self.end])

    def __len__(self) -> int:
        return max(0, self.end - self.start)

    def __getitem__(self, key: int | slice) -> Any:
        if isinstance(key, int) and -len(self) <= key < len(self):
            return self.doc._tokens[self.start + key % len(self)]
        return self.doc._mapped(self.spacy[key])

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, FrozenSpan):
            return NotImplemented
        return other.doc is self.doc and (other.start, other.end, other.label_) == (self.start, self.end, self.label_)

    def __hash__(self) -> int:
        return hash((id(self.doc), self.start, self.end, self.label_))

    def __str__(self) -> str:
        return self.text

    def __repr__(self) -> str:
        return self.text

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__") or name in FrozenSpan.__slots__:
            raise AttributeError(name)
        return self.doc._mapped(getattr(self.spacy, name))


class FrozenDoc:
    """A parsed sentence as plain objects (see the module doc); ``spacy`` is the parsed Doc."""

    __slots__ = ("spacy", "text", "_tokens", "_ents", "_starts", "_ent_columns")

    def __init__(self, doc: Doc, text: str | None = None, read: bool = True):
        self.spacy = doc
        if text is None or not _spans_text(doc, text):
            text = doc.text  # spaCy joins its tokens' texts on every read
        self.text = text
        self._tokens: list[FrozenToken] = []
        self._ents: tuple[FrozenSpan, ...] | None = None
        self._starts: list[int] | None = None
        self._ent_columns: tuple[list[str], list[str]] | None = None
        if read:
            _read([self])

    def refresh_names(self) -> None:
        """Read the recogniser's names again (after it ran on the spaCy doc)."""
        self._ents = None
        self._ent_columns = None

    def _names(self) -> tuple[list[str], list[str]]:
        """Each token's entity type and IOB tag, read from the spaCy doc once (until the names
        are refreshed)."""
        if self._ent_columns is None:
            from spacy.attrs import ENT_IOB, ENT_TYPE

            doc = self.spacy
            if len(doc):
                kinds, iobs = doc.to_array([ENT_TYPE, ENT_IOB]).T.tolist()
                self._ent_columns = (_strings(doc, kinds), [_IOB[iob] for iob in iobs])
            else:
                self._ent_columns = ([], [])
        return self._ent_columns

    @property
    def ents(self) -> tuple[FrozenSpan, ...]:
        if self._ents is None:
            self._ents = tuple(FrozenSpan(self, e.start, e.end, e.label_, e) for e in self.spacy.ents)
        return self._ents

    @property
    def user_data(self) -> dict:
        return self.spacy.user_data

    def char_span(self, start: int, end: int, *args: Any, **kwargs: Any) -> FrozenSpan | None:
        """spaCy's ``Doc.char_span``; a plain span (no label, vector or ids) is found here, by
        spaCy's rules (the tokens cover the text one after another, each with its trailing space)."""
        mode = kwargs.get("alignment_mode", "strict") if not args and kwargs.keys() <= {"alignment_mode"} else None
        if mode not in ("strict", "expand", "contract") or not self._tokens:
            return self._mapped(self.spacy.char_span(start, end, *args, **kwargs))
        first, last = self._token_at(start), self._token_at(end - 1)
        if first is None or last is None:
            return None
        if mode == "strict" and (start != first.idx or end != last.idx + len(last.text)):
            return None
        i, j = first.i, last.i
        if mode == "contract":
            i += first.idx < start
            j -= end < last.idx + len(last.text)
            if j < i:
                return None
        elif mode == "expand" and start == first.idx + len(first.text):
            i += 1  # the previous token's trailing space is not part of it
        if i > j + 1:  # spaCy's own answer (an error) for a span that ends before it starts
            return self._mapped(self.spacy.char_span(start, end, alignment_mode=mode))
        return FrozenSpan(self, i, j + 1)

    def expanded_span(self, start: int, end: int) -> FrozenSpan | None:
        """``char_span(start, end, alignment_mode="expand")`` with the steps of the usual case
        inlined (the mentions of every sentence are laid over its tokens this way)."""
        tokens = self._tokens
        if not tokens or end <= start:
            return self.char_span(start, end, alignment_mode="expand")
        starts = self._starts
        if starts is None:
            starts = self._starts = [t.idx for t in tokens]
        a, b = bisect.bisect_right(starts, start) - 1, bisect.bisect_right(starts, end - 1) - 1
        if a < 0 or b < 0:
            return None
        first, last = tokens[a], tokens[b]
        if start >= first.idx + len(first.text) + len(first.whitespace_) or \
                end - 1 >= last.idx + len(last.text) + len(last.whitespace_):
            return None
        if start == first.idx + len(first.text):
            a += 1  # the previous token's trailing space is not part of it
        if a > b + 1:
            return self.char_span(start, end, alignment_mode="expand")
        return FrozenSpan(self, a, b + 1)

    def _token_at(self, char: int) -> FrozenToken | None:
        """The token whose text or trailing space holds the character (spaCy's token_by_char)."""
        starts = self._starts
        if starts is None:
            starts = self._starts = [t.idx for t in self._tokens]
        n = bisect.bisect_right(starts, char) - 1
        if n < 0:
            return None
        t = self._tokens[n]
        return t if char < t.idx + len(t.text) + len(t.whitespace_) else None

    def __len__(self) -> int:
        return len(self._tokens)

    def __iter__(self) -> Iterator[FrozenToken]:
        return iter(self._tokens)

    def __getitem__(self, key: int | slice) -> Any:
        if isinstance(key, int):
            return self._tokens[key]
        if isinstance(key, slice) and key.step in (None, 1) and isinstance(key.start, (int, type(None))) \
                and isinstance(key.stop, (int, type(None))):
            n = len(self._tokens)
            start = 0 if key.start is None else key.start + n if key.start < 0 else key.start
            start = min(n, max(0, start))
            stop = n if key.stop is None else key.stop + n if key.stop < 0 else key.stop
            return FrozenSpan(self, start, min(n, max(start, stop)))
        return self._mapped(self.spacy[key])

    def __str__(self) -> str:
        return self.text

    def __repr__(self) -> str:
        return self.text

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__") or name in FrozenDoc.__slots__:
            raise AttributeError(name)
        return self._mapped(getattr(self.spacy, name))

    def _mapped(self, value: Any) -> Any:
        """spaCy's tokens and spans of this doc as this doc's; iterables of them element-wise."""
        Token, Span = _spacy_types()
        if isinstance(value, Token):
            return self._tokens[value.i] if value.doc is self.spacy else value
        if isinstance(value, Span):
            if value.doc is not self.spacy:
                return value
            return FrozenSpan(self, value.start, value.end, value.label_, value)
        if isinstance(value, (list, tuple)):
            return type(value)(self._mapped(v) for v in value)
        if hasattr(value, "__next__"):  # a generator of tokens or spans
            return (self._mapped(v) for v in value)
        if callable(value) and getattr(value, "__self__", None) is not None:  # a method: its answer mapped
            return lambda *args, **kwargs: self._mapped(value(*args, **kwargs))
        return value


def freeze_all(docs: list[Doc], texts: list[str]) -> list[FrozenDoc]:
    """``FrozenDoc(doc, text)`` for each doc, their tokens read in one batch (see :func:`_read`)."""
    frozen = [FrozenDoc(doc, text, read=False) for doc, text in zip(docs, texts)]
    _read(frozen)
    return frozen


def _read(frozen: list[FrozenDoc]) -> None:
    """Make the tokens of the docs: their attributes read with one ``to_array`` per doc, the
    arrays of the batch joined so that the heads, the strings (through the memo) and the flags
    are converted in one pass each, then each token's attributes set in one loop."""
    from spacy.attrs import DEP, HEAD, IDX, IS_PUNCT, IS_SPACE, LIKE_NUM, LOWER, ORTH, POS, SPACY, TAG

    frozen = [f for f in frozen if len(f.spacy)]
    if not frozen:
        return
    arrays = [f.spacy.to_array([HEAD, ORTH, LOWER, POS, TAG, DEP, SPACY, IS_PUNCT, LIKE_NUM, IS_SPACE, IDX])
              for f in frozen]
    lengths = [len(a) for a in arrays]
    columns = numpy.concatenate(arrays) if len(arrays) > 1 else arrays[0]
    total = len(columns)
    firsts = numpy.repeat(numpy.cumsum([0] + lengths[:-1]), lengths)  # each row's doc's first row
    heads = (columns[:, 0].astype("int64") + numpy.arange(total) - firsts).tolist()  # offsets to the head (stored unsigned)
    strings = _strings(frozen[0].spacy, columns[:, 1:6].T.ravel().tolist())  # five string columns, one after another
    orth, lower, pos, tag, dep = (strings[k * total:(k + 1) * total] for k in range(5))
    space, punct, num, blank, idx = columns[:, 6:].T.tolist()
    new = FrozenToken.__new__
    start = 0
    for f, n in zip(frozen, lengths):
        end = start + n
        tokens = f._tokens = [new(FrozenToken) for _ in range(n)]
        children: list[list[FrozenToken]] = [[] for _ in range(n)]
        for i, t, head, text, low, p, tg, d, x, sp, pu, nu, bl in zip(
                range(n), tokens, heads[start:end], orth[start:end], lower[start:end], pos[start:end],
                tag[start:end], dep[start:end], idx[start:end], space[start:end], punct[start:end],
                num[start:end], blank[start:end]):
            t.doc, t.i, t.text, t.lower_, t.pos_, t.tag_, t.dep_, t.idx = f, i, text, low, p, tg, d, x
            t.whitespace_ = _SPACE[sp]
            t.is_punct, t.like_num, t.is_space = pu == 1, nu == 1, bl == 1
            t._left = t._right = t._subtree = t._ancestors = None
            t.head = tokens[head]
            if head != i:
                children[head].append(t)
        for t, kids in zip(tokens, children):
            t._children = tuple(kids)
        start = end


def _strings(doc: Doc, keys: list[int]) -> list[str]:
    """The strings of these string-store hashes, through a memo shared by every doc (the
    string store decodes its bytes on every read)."""
    memo = _strings_memo
    try:
        return list(map(memo.__getitem__, keys))  # every string seen before: the usual case
    except KeyError:
        pass
    missing = set(keys).difference(memo)
    if missing:
        if len(memo) > MAX_MEMO:
            memo.clear()
            missing = set(keys)
        store = doc.vocab.strings
        for key in missing:
            memo[key] = store[key]
    return list(map(memo.__getitem__, keys))


@lru_cache(maxsize=1)
def _spacy_types() -> tuple[type, type]:
    from spacy.tokens import Span, Token

    return Token, Span


def _spans_text(doc: Doc, text: str) -> bool:
    """The text the doc was made from ends where its last token does (a cheap check that it
    is the doc's text, not another's)."""
    if not len(doc):
        return text == ""
    last = doc[-1]
    return len(text) == last.idx + len(last.text_with_ws) and text.endswith(last.text_with_ws)


def freeze(doc: Doc | FrozenDoc | None) -> FrozenDoc | None:
    """The parsed doc as a :class:`FrozenDoc` (one already frozen, or None, as it is)."""
    if doc is None or isinstance(doc, FrozenDoc):
        return doc
    return FrozenDoc(doc)
