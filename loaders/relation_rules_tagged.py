"""The tagged-sentence reader that ``loaders/events.py`` still uses (subjects and objects
found around a cue in ``«k:TAG»`` text). Relations no longer use it: they are read from the
dependency parse (``loaders/relations.py``). It goes once events read the parse too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from milgraph.graph.records import Span
from milgraph.loaders.entities import ACTOR_TAGS, DocAnalysis, Item, SentenceView

ACT = ACTOR_TAGS
TAG_RE = re.compile(r"«(\d+):(\w+)»")
COORD_GAP = re.compile(r"^\s*(?:[a-z-]+\s+)?(?:,|;|:)?\s*(?:(?:and|or|as well as|plus|&|both)\s+)?(?:the\s+)?(?:[a-z-]+\s+){0,1}$")
PREP_BEFORE = re.compile(r"\b(?:in|into|to|from|with|at|of|for|by|on|toward|towards|across|through|via|near|between|against|over|under|than)\s+(?:the\s+)?(?:[a-z-]+\s+){0,1}$")
_RELATIVE = re.compile(r"\b(?:which|who|whom|whose|that|where)\b")
_HEAD = re.compile(r"«(\d+):(\w+)»,\s+(?:(?:which|who)\b|(?:the|a|an)\s+[^«,]{0,40}?\b(?:that|who|which)\b)[^«,;]{0,60}$")
_REL = re.compile(r",\s+(?:who|which|whose|where)\b[^,]*,")


@dataclass
class Ctx:
    """One tagged sentence with helpers to find subjects and objects around a cue."""

    view: SentenceView
    an: DocAnalysis
    tags: list[tuple[int, int, Item]]  # (start, end in tagged, item)

    @classmethod
    def of(cls, view: SentenceView, an: DocAnalysis) -> "Ctx":
        tags = view.__dict__.get("_tags")  # the relation and event passes read the same view
        if tags is None:
            tags = view.__dict__["_tags"] = [(m.start(), m.end(), an.items[int(m.group(1))])
                                             for m in TAG_RE.finditer(view.tagged)]
        return cls(view, an, tags)

    @property
    def t(self) -> str:
        return self.view.tagged

    def item_at(self, pos: int) -> Item | None:
        for s, e, it in self.tags:
            if s == pos:
                return it
        return None

    def clause_bounds(self, pos: int) -> tuple[int, int]:
        t = self.t
        start, end = 0, len(t)
        for m in re.finditer(r";|, while |, whereas | rather than |, but |\bwhile\b", t):
            if m.end() <= pos:
                start = m.end()
            elif m.start() >= pos:
                end = min(end, m.start())
                break
        return start, end

    def _relative_spans(self) -> list[tuple[int, int]]:
        cached = self.__dict__.get("_rel")
        if cached is None:
            cached = [m.span() for m in _REL.finditer(self.t)]
            self.__dict__["_rel"] = cached
        return cached

    def subject(self, pos: int, tags: tuple[str, ...], allow_prep: bool = False,
                clause: bool = True) -> Item | None:
        lo = self.clause_bounds(pos)[0] if clause else 0
        # "X, which has close ties with", "X, the rebel group that ousted": X is the subject
        head = _HEAD.search(self.t, max(0, pos - 120), pos) if ", " in self.t else None
        if head and head.group(2) in tags:
            return self.an.items[int(head.group(1))]
        rel = [r for r in self._relative_spans() if not (r[0] <= pos <= r[1])]
        for s, e, it in reversed(self.tags):
            if e > pos or s < lo:
                continue
            if it.tag not in tags:
                continue
            if it.tag in ("CTRY", "CAP") and it.default == "Place" and "PLACE" not in tags:
                continue  # "flown to Bamako and Niamey": places, not the actor of what follows
            if any(a <= s < b for a, b in rel):
                continue
            if it.modifier or (it.possessor and self._next_is_item(e)):
                continue
            if not allow_prep and PREP_BEFORE.search(self.t[max(0, s - 30):s]):
                continue
            return it
        return None

    def _next_is_item(self, e: int) -> bool:
        return bool(re.match(r"'s?\s+(?:[a-z-]+\s+){0,2}«", self.t[e:e + 40]))

    def objects(self, pos: int, tags: tuple[str, ...], max_gap: int = 40, first_only: bool = False,
                skip_modifiers: bool = True) -> list[Item]:
        hi = self.clause_bounds(pos)[1]
        out: list[Item] = []
        last_end = None
        for s, e, it in self.tags:
            if s < pos or s >= hi:
                continue
            if it.tag not in tags:
                if last_end is not None and it.tag not in ("ADJ",):
                    # a different kind of mention interrupts a list only if not coordinated
                    pass
                continue
            if skip_modifiers and (it.modifier or (it.possessor and self._next_is_item(e) and
                                                  self._next_item_tag(e) in tags)):
                continue
            if last_end is None:
                if s - pos > max_gap or re.search(r"[;.]", self.t[pos:s]):
                    break
                out.append(it)
            else:
                gap = self.t[last_end:s]
                gap = TAG_RE.sub("", gap) if re.fullmatch(r"(?:\s*«\d+:\w+»(?:'s)?\s*)*[^«]*", gap) else gap
                if _RELATIVE.search(gap):
                    break  # "the RSF, which Khartoum accuses": a new clause, not a list
                if COORD_GAP.match(self.t[last_end:s]) or COORD_GAP.match(gap):
                    out.append(it)
                else:
                    break
            last_end = e
            if first_only:
                break
        return out

    def _next_item_tag(self, e: int) -> str | None:
        m = TAG_RE.search(self.t, e)
        return m.group(2) if m else None

    def sources(self) -> list[str]:
        return [it.ids["Source"] for _, _, it in self.tags if it.tag == "SRC"]

    def span(self) -> Span | None:
        v = self.view
        return Span(v.start, v.end) if v.start is not None else None


def actor_id(it: Item) -> str | None:
    return it.id_for("Actor")


def place_id(it: Item) -> str | None:
    return it.id_for("Base", "Place")
