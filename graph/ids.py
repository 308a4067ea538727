"""Stable node ids: type prefix + normalised canonical name (``base:khmeimim``)."""

from __future__ import annotations

import hashlib
import re
import unicodedata

_NON_WORD = re.compile(r"[^a-z0-9]+")
# letters Unicode does not decompose into a base letter and an accent ("Ørland", "Łask", "Þórshöfn")
_OWN_LETTERS = str.maketrans({"ø": "o", "Ø": "O", "æ": "ae", "Æ": "Ae", "œ": "oe", "Œ": "Oe", "ß": "ss", "ł": "l",
                              "Ł": "L", "đ": "d", "Đ": "D", "ð": "d", "Ð": "D", "þ": "th", "Þ": "Th", "ı": "i"})


def slug(name: str) -> str:
    """Lower-case ASCII words joined by '-': 'Al-Khadim Air Base' -> 'al-khadim-air-base', 'Ørland' -> 'orland'."""
    ascii_text = unicodedata.normalize("NFKD", name.translate(_OWN_LETTERS)).encode("ascii", "ignore").decode("ascii")
    return _NON_WORD.sub("-", ascii_text.lower()).strip("-")


def match_key(name: str) -> str:
    """The form names are compared in: case, accents and punctuation ignored."""
    return slug(name).replace("-", "")


def publisher_key(name: str | None) -> str:
    """The form publishers are compared in (as names; non-Latin names by their case-folded text)."""
    if not name or not name.strip():
        return ""
    return match_key(name) or " ".join(name.casefold().split())


def make_id(prefix: str, name: str) -> str:
    """``make_id('base', 'Khmeimim') == 'base:khmeimim'``; names with no ASCII letters hash."""
    key = slug(name)
    if not key:
        key = hashlib.sha1(name.encode("utf-8")).hexdigest()[:12]
    return f"{prefix.lower()}:{key}"


def event_id(label: str, date: str | None, roles: dict[str, list[str]]) -> str:
    """The id of one report's claim: ``event:<label>-<yyyy-mm|undated>-<hash>``.

    The hash covers everything the claim says: the label, the date at its precision and the
    sorted fillers of every role, so two reports saying exactly the same thing share an id and
    any difference (a day, a cargo, who did it) gives another. Claims that describe one
    happening at different precision are joined after writing, into one event that takes the
    id of its most specific claim (:mod:`milgraph.graph.happenings`).
    """
    month = (date or "")[:7] or "undated"
    parts = [label, date or "undated"] + [role + "=" + ",".join(sorted(set(fillers)))
                                          for role, fillers in sorted(roles.items()) if fillers]
    digest = hashlib.sha1("|".join(parts).encode("utf-8")).hexdigest()[:12]
    return f"event:{label.lower()}-{month}-{digest}"
