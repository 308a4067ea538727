"""Sentence splitting with character offsets, and page-furniture removal.

``split_sentences(text)`` returns ``Sentence(start, end, text, paragraph)`` items whose offsets
point into ``text``. Paragraph and line breaks always end a sentence (headings, datelines and
embedded posts are lines of their own); inside a line a sentence ends at ``.``, ``!`` or ``?``
followed by a space and an upper-case letter, a digit or a quote, except after common
abbreviations ("Jan.", "U.S.", "Gen.", "reg.") and single initials. A "sentence" longer than
:data:`MAX_SENTENCE_CHARS` (a table flattened into one line, a text with no stops) is cut into
pieces at clause punctuation, else at whitespace, so the per-sentence rules downstream (which
compare the mentions of a sentence pairwise) do bounded work and extraction stays linear in
the length of the text.

``boilerplate_lines(text)`` gives the (start, end) spans of lines that are page furniture
(donation appeals, "Related:", "Posted by", "By Reuters | date" datelines): the extractor
skips sentences inside them. The cue lists live in ``loaders/data/patterns.yaml``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from milgraph.loaders.gazetteer import _read_yaml

_ABBREV = {
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "mr", "mrs", "ms", "dr", "gen", "lt", "col", "maj", "capt", "adm", "sgt", "st", "no", "vs",
    "reg", "approx", "est", "etc", "inc", "ltd", "co", "corp", "dept", "gov", "sen", "rep",
    "u.s", "u.k", "u.n", "e.g", "i.e", "a.m", "p.m", "fig", "vol", "ft", "mt",
}
_BOUNDARY = re.compile(r"[.!?]+[\"'\u201d\u2019)]*(?=\s+[\"'\u201c\u2018(]?[A-Z0-9\u00C0-\u024F@#])")
_LINE = re.compile(r"[^\n]+")

MAX_SENTENCE_CHARS = 1_000  # the longest sentence in the dev corpus has 335 characters
_MIN_PIECE_CHARS = MAX_SENTENCE_CHARS // 2  # a cut is looked for in the second half of the window
_CLAUSE_CUT = re.compile(r"[;,:\u2013\u2014)](?=\s)|\s-\s")
_SPACE_CUT = re.compile(r"\s")


@dataclass
class Sentence:
    start: int
    end: int
    text: str
    paragraph: int


def split_sentences(text: str) -> list[Sentence]:
    out: list[Sentence] = []
    paragraph = 0
    last_line_end = 0
    for line in _LINE.finditer(text):
        if text.count("\n", last_line_end, line.start()) >= 2 or not out:
            paragraph += 1 if out else 0
        last_line_end = line.end()
        pos = line.start()
        body = line.group()
        for m in _BOUNDARY.finditer(body):
            cut = line.start() + m.end()
            word = _last_word(body, m.end())
            if word:
                w = word.group(1).rstrip(".").lower()
                if w in _ABBREV or (len(w) == 1 and w.isalpha()):
                    continue
            _add(out, text, pos, cut, paragraph)
            pos = cut
        _add(out, text, pos, line.end(), paragraph)
    return out


_WORD_BEFORE = re.compile(r"([A-Za-z.]+)[.!?]*[\"'\u201d\u2019)]*$")


def _last_word(body: str, end: int) -> re.Match | None:
    """The word before a sentence-final mark; looks at a short window first (a long line
    would otherwise be rescanned from its start at every boundary)."""
    lo = max(0, end - 48)
    m = _WORD_BEFORE.search(body, lo, end)
    if m is not None and (m.start() > lo or lo == 0):
        return m
    return _WORD_BEFORE.search(body, 0, end)


def _add(out: list[Sentence], text: str, start: int, end: int, paragraph: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    while end - start > MAX_SENTENCE_CHARS:
        cut = _cut_point(text, start)
        _add(out, text, start, cut, paragraph)
        start = cut
        while start < end and text[start].isspace():
            start += 1
    if end > start:
        out.append(Sentence(start, end, text[start:end], paragraph))


def _cut_point(text: str, start: int) -> int:
    """Where to end a piece of an over-long sentence starting at ``start``: after the last
    clause mark (``;`` ``,`` ``:`` dash, closing bracket) in the second half of the window,
    else at its last whitespace, else (one unbroken token) at the window's end."""
    lo, hi = start + _MIN_PIECE_CHARS, start + MAX_SENTENCE_CHARS
    for pattern in (_CLAUSE_CUT, _SPACE_CUT):
        last = None
        for last in pattern.finditer(text, lo, hi):
            pass
        if last is not None:
            return last.end() if pattern is _CLAUSE_CUT else last.start()
    return hi


@lru_cache(maxsize=1)
def _boilerplate_rules() -> tuple[tuple[str, ...], tuple[re.Pattern, ...]]:
    data = _read_yaml("patterns.yaml") or {}
    subs = tuple(s.lower() for s in data.get("boilerplate", []))
    lines = tuple(re.compile(p, re.I) for p in data.get("boilerplate_lines", []))
    return subs, lines


_KEYWORD_LINE = re.compile(r"^[a-z0-9' \-]{60,}$")


def boilerplate_spans(text: str) -> list[tuple[int, int]]:
    """Spans of paragraphs/lines that are page furniture, not report content."""
    subs, line_rules = _boilerplate_rules()
    spans: list[tuple[int, int]] = []
    for para in re.finditer(r"[^\n]+(?:\n[^\n]+)*", text):
        low = para.group().lower()
        if any(s in low for s in subs):
            spans.append((para.start(), para.end()))
            continue
        for line in _LINE.finditer(para.group()):
            stripped = line.group().strip()
            if any(rule.search(stripped) for rule in line_rules) or _KEYWORD_LINE.match(stripped):
                spans.append((para.start() + line.start(), para.start() + line.end()))
    return spans
