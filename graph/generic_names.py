"""Generic nouns are never aliases: "air base", "the port", "a ship" name a kind of thing, not
one thing, so a report that says "the air base" after "Khmeimim" must not teach the graph that
"air base" means Khmeimim. The words are data (``graph/model/generic_names.yaml``)."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from importlib import resources

import yaml

from milgraph.errors import MilgraphError

_WORD = re.compile(r"[a-z0-9]+")
DATA_FILE = "generic_names.yaml"


@lru_cache(maxsize=1)
def generic_words() -> frozenset[str]:
    text = resources.files("milgraph.graph").joinpath("model", DATA_FILE).read_text("utf-8")
    return parse_generic_words(yaml.safe_load(text), f"graph/model/{DATA_FILE}")


def parse_generic_words(data: object, where: str) -> frozenset[str]:
    if not isinstance(data, dict) or set(data) != {"determiners", "words"} or not all(
            isinstance(v, list) and all(isinstance(w, str) for w in v) for v in data.values()):
        raise MilgraphError(f"{where}: expected two lists of words, determiners and words")
    return frozenset(w.lower() for v in data.values() for w in v)


def is_generic_name(name: str | None) -> bool:
    """True when every word of the name is a determiner or a generic noun ("the air base")."""
    ascii_text = unicodedata.normalize("NFKD", name or "").encode("ascii", "ignore").decode("ascii").lower()
    words = _WORD.findall(ascii_text)
    return bool(words) and all(w in generic_words() for w in words)


# Equipment entities are often classes themselves ("military aircraft" for fighter jets): their
# aliases are generic by nature and stay.
CLASS_LABELS = ("Equipment",)


def specific_aliases(aliases, label: str | None = None) -> list[str]:
    """The aliases that name one thing (generic ones dropped, unless the entity is a class)."""
    if label in CLASS_LABELS:
        return [a for a in aliases or [] if a]
    return [a for a in aliases or [] if a and not is_generic_name(a)]
