"""Stable node ids: type prefix + normalised canonical name (``base:khmeimim``)."""

from __future__ import annotations

import hashlib
import re
import unicodedata

_NON_WORD = re.compile(r"[^a-z0-9]+")


def slug(name: str) -> str:
    """Lower-case ASCII words joined by '-': 'Al-Khadim Air Base' -> 'al-khadim-air-base'."""
    ascii_text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    return _NON_WORD.sub("-", ascii_text.lower()).strip("-")


def match_key(name: str) -> str:
    """The form names are compared in: case, accents and punctuation ignored."""
    return slug(name).replace("-", "")


def make_id(prefix: str, name: str) -> str:
    """``make_id('base', 'Khmeimim') == 'base:khmeimim'``; names with no ASCII letters hash."""
    key = slug(name)
    if not key:
        key = hashlib.sha1(name.encode("utf-8")).hexdigest()[:12]
    return f"{prefix.lower()}:{key}"
