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


# Roles that say which movement or meeting an event is; two reports that agree on these,
# on the event label and on the month, describe the same event.
_IDENTIFYING_ROLES = ("BY", "CARRIED", "FROM", "TO", "USING", "PARTICIPANT", "ABOUT")


def event_id(label: str, date: str | None, roles: dict[str, list[str]]) -> str:
    """A deterministic event id: label + month + the identifying role fillers, hashed.

    ``event:flight:2024-12:3f1c...``. Dates are cut to the month so that reports giving
    the day and reports giving only the month merge; a year-only or undated event keys on
    what it has.
    """
    month = (date or "undated")[:7]
    parts = [label.lower(), month] + [
        f"{role}={','.join(sorted(roles.get(role, [])))}" for role in _IDENTIFYING_ROLES if roles.get(role)
    ]
    digest = hashlib.sha1("|".join(parts).encode("utf-8")).hexdigest()[:12]
    return f"event:{label.lower()}:{month}:{digest}"
