"""The tagged sentence the relation and event rules read: the folded sentence text with every
mention replaced by ``«k:TAG»`` (see mentions.py for the tags), and the way back from an offset
in it to the sentence's own offsets."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from milgraph.loaders.extract.mentions import Item


def tagged_text(folded: str, items: list[Item]) -> str:
    """The folded sentence with each item replaced by ``«k:TAG»``: the text the rules read."""
    parts = []
    pos = 0
    for it in items:
        parts.append(folded[pos:it.start])
        parts.append(f"«{it.k}:{it.tag}»")
        pos = it.end
    parts.append(folded[pos:])
    return "".join(parts)


def overlaps(spans: list[tuple[int, int]], s: int, e: int) -> bool:
    """Whether the span ``s``-``e`` shares a character with one of ``spans``."""
    return any(not (e <= a or s >= b2) for a, b2 in spans)


def plain_map(folded: str, items: list[Item]):
    """A function mapping an offset in the tagged string to the sentence-text offset
    (None when the offset falls inside a tag)."""
    segs = []  # (tagged_start, tagged_end, plain_start)
    t = 0
    p = 0
    for it in items:
        length = it.start - p
        segs.append((t, t + length, p))
        t += length
        t += len(f"«{it.k}:{it.tag}»")
        p = it.end
    segs.append((t, t + len(folded) - p, p))

    def f(pos: int) -> int | None:
        for ts, te, ps in segs:
            if ts <= pos <= te:
                return ps + (pos - ts)
        return None
    return f
