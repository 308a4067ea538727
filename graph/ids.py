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


# Roles that say which movement an event is: two reports that agree on the event label, the
# month, the origin, the destination and the cargo describe the same event, whether or not
# both name who did it or which airframe flew. Events with none of these (talks,
# construction) are keyed on who took part, what they were about, by whom and with what.
IDENTIFYING_ROLES = ("CARRIED", "FROM", "TO")
FALLBACK_ROLES = ("PARTICIPANT", "ABOUT", "BY", "USING")


def event_id(label: str, date: str | None, roles: dict[str, list[str]]) -> str:
    """A deterministic event id: ``event:<label>-<yyyy-mm|undated>-<hash>``.

    Dates are cut to the month so that a report giving the day and one giving only the month
    merge (the writer keeps the most precise date). The hash covers the label, the month and
    the sorted fillers of the identifying roles.
    """
    month = (date or "")[:7] or "undated"
    keyed = IDENTIFYING_ROLES if any(roles.get(r) for r in IDENTIFYING_ROLES) else IDENTIFYING_ROLES + FALLBACK_ROLES
    parts = [label, month] + [role + "=" + ",".join(sorted(roles.get(role, []))) for role in keyed]
    digest = hashlib.sha1("|".join(parts).encode("utf-8")).hexdigest()[:12]
    return f"event:{label.lower()}-{month}-{digest}"
