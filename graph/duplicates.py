"""Entities that are probably one thing under two names: proposed, never merged silently.

Two entities of the same label and kind are proposed when some name or alias of one is close
to some name or alias of the other (rapidfuzz's ratio over the forms names are compared in:
case, accents and punctuation ignored), e.g. "Hmeimim" and "Hmeymim". The analyst confirms
with ``milgraph merge``.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from milgraph.graph.generic_names import specific_aliases
from milgraph.graph.ids import match_key
from milgraph.graph.model import load_model
from milgraph.graph.store import GraphStore

DEFAULT_THRESHOLD = 85.0
_NUMBER = re.compile(r"^(?:\d+|[ivxlc]+)$")  # hull numbers, roman numerals: Sparta II is not Sparta IV
MIN_FORM_LENGTH = 5  # shorter forms ("US", "UAE") match too much by accident


@dataclass(frozen=True)
class Candidate:
    score: float
    label: str
    kind: str
    a_id: str
    a_name: str
    b_id: str
    b_name: str
    why: str  # the two forms that matched

    def as_row(self) -> dict:
        return {"score": round(self.score, 1), "label": self.label, "kind": self.kind, "a": self.a_id,
                "a_name": self.a_name, "b": self.b_id, "b_name": self.b_name, "matched": self.why,
                "merge": f"milgraph merge {self.a_id} {self.b_id}"}


def find_duplicates(store: GraphStore, threshold: float = DEFAULT_THRESHOLD, label: str | None = None) -> list[Candidate]:
    """Pairs of entities of one label and kind with a near-identical name or alias, best first."""
    model = load_model()
    rows = store.read("MATCH (n:Entity) RETURN n.id AS id, n.name AS name, n.aliases AS aliases, labels(n) AS labels, "
                      "n.kind AS kind ORDER BY id")
    groups: dict[tuple[str, str], list[tuple[str, str, str]]] = defaultdict(list)  # (label, kind) -> (form, id, surface)
    names = {}
    for row in rows:
        primary = next((x for x in row["labels"] if x in model.entity_labels), None)
        if primary is None or (label and primary != label):
            continue
        names[row["id"]] = row["name"]
        for surface in {row["name"], *specific_aliases(row["aliases"], primary)}:  # "air base" matches nothing
            form = match_key(surface or "")
            if len(form) >= MIN_FORM_LENGTH:
                groups[(primary, row["kind"] or "")].append((form, row["id"], surface))
    best: dict[tuple[str, str], Candidate] = {}
    for (group_label, kind), forms in groups.items():
        keys = [f for f, _, _ in forms]
        scores = process.cdist(keys, keys, scorer=fuzz.ratio, score_cutoff=threshold, workers=1)
        for i, j in zip(*scores.nonzero()):
            (_, a, a_surface), (_, b, b_surface) = forms[i], forms[j]
            if a >= b or _numbers_differ(a_surface, b_surface):
                continue
            candidate = Candidate(float(scores[i, j]), group_label, kind, a, names[a], b, names[b],
                                  f"{a_surface} ~ {b_surface}")
            if (a, b) not in best or candidate.score > best[(a, b)].score:
                best[(a, b)] = candidate
    return sorted(best.values(), key=lambda c: (-c.score, c.a_id, c.b_id))


def _numbers_differ(a: str, b: str) -> bool:
    """Both names carry numbers (digits or roman numerals) and they are not the same ones."""
    def numbers(name: str) -> set[str]:
        return {t for t in re.split(r"[\s\-]+", name.lower()) if _NUMBER.match(t)}

    na, nb = numbers(a), numbers(b)
    return bool(na and nb and na != nb)
