"""Date expressions normalised against a report's publication date.

``find_dates(text, published)`` returns ``DateHit(start, end, value, precision)`` for every date
expression: absolute ("13 December 2024", "Dec. 8", "June 10th", "in December 2024",
"Back in 2020"), relative to the publication date ("last night", "yesterday", "Wednesday",
"late Thursday", "last week", "last month", "earlier this year", "over the weekend" and "in recent
days" at month precision; "next week", "next month" at month and "next year" at year precision) and vague past markers
("in the past", "previously", precision ``unknown``). ``value`` is ISO at its precision
(2024-12-13 / 2024-12 / 2024) or None when the expression cannot be placed (a month with no
year in an undated report). ``precision`` is one of day, month, year, unknown.

Year of a day or month with no year: the publication year, or the year before when that would
put the date more than 60 days after publication ("in early December" in a January report).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
    "sep": 9, "sept": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}
WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6}

# month names are only dates when capitalised (see _resolve); the case-sensitive look-ahead
# lets the (case-insensitive) patterns skip lower-case words ("may") without trying every name
_M = r"(?P<mon>(?=(?-i:[A-Z]))(?:january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec))\.?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"

_PATTERNS: list[tuple[str, re.Pattern]] = [
    ("dmy", re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_M}(?:,?\s+{_YEAR})?\b", re.I)),
    ("mdy", re.compile(rf"\b{_M}\s+{_DAY}(?![\d:])(?:,?\s+{_YEAR})?\b", re.I)),
    ("iso", re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<mnum>[01]\d)-(?P<day>[0-3]\d)\b")),
    ("my", re.compile(rf"\b(?:(?:early|mid|late|the end of|end of|the beginning of|beginning of|the start of)[\s-]+)?{_M}(?:\s+(?:of\s+)?{_YEAR})?\b", re.I)),
    ("y", re.compile(r"\b(?:in|since|back in|during|by|of|until|from|between|early|late|mid-?)\s+(?P<year>(?:19|20)\d\d)\b", re.I)),
    ("rel_night", re.compile(r"\b(?:last night|overnight|yesterday|the previous day|the day before)\b", re.I)),
    ("rel_today", re.compile(r"\b(?:today|tonight|this morning|this afternoon|this evening|earlier today)\b", re.I)),
    ("weekday", re.compile(r"\b(?:on\s+|late\s+|early\s+|last\s+)?(?P<wd>monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b", re.I)),
    ("last_week", re.compile(r"\b(?:last week|earlier this week|this week|past week)\b", re.I)),
    ("next", re.compile(r"\b(?:next|the coming)\s+(?P<unit>week|month|year)\b", re.I)),
    ("last_month", re.compile(r"\blast month\b", re.I)),
    ("this_month", re.compile(r"\b(?:this month|earlier this month)\b", re.I)),
    ("last_year", re.compile(r"\blast year\b", re.I)),
    ("this_year", re.compile(r"\b(?:this year|earlier this year)\b", re.I)),
    ("recent", re.compile(r"\b(?:over the weekend|at the weekend|this weekend|last weekend|in recent (?:days|weeks)|"
                          r"in the (?:past|last) few (?:days|weeks))\b", re.I)),
    ("past", re.compile(r"\b(?:in the past|previously|in recent years|years ago|in earlier years)\b", re.I)),
]
# What each pattern cannot match without (a cheap test per text skips the patterns that
# cannot match): "digit", "month" (a month-name prefix) or plain lower-case substrings.
_NEEDS: dict[str, tuple[str, ...]] = {
    "dmy": ("digit", "month"), "mdy": ("digit", "month"), "iso": ("digit",), "my": ("month",),
    "y": ("digit",), "rel_night": ("|night|yesterday|day",), "rel_today": ("|today|tonight|this",),
    "weekday": ("|day",), "last_week": ("|week",), "next": ("|week|month|year",), "last_month": ("|month",),
    "this_month": ("|month",), "last_year": ("|year",), "this_year": ("|year",),
    "past": ("|past|previously|year",), "recent": ("|weekend|recent|few",),
}
_SPLIT_NEEDS = {n: frozenset(n[1:].split("|")) for needs in _NEEDS.values() for n in needs if n.startswith("|")}
_DIGIT = re.compile(r"\d")
_MONTH_PREFIX = re.compile(r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)", re.I)


_KEYWORDS = tuple(sorted({w for ws in _SPLIT_NEEDS.values() for w in ws}))


def _possible(kind: str, text: str, low: str, flags: dict[str, bool]) -> bool:
    if "words" not in flags:  # the keywords present, found in one pass
        flags["words"] = {w for w in _KEYWORDS if w in low}  # type: ignore[assignment]
    for need in _NEEDS.get(kind, ()):
        if need == "digit":
            if "digit" not in flags:
                flags["digit"] = _DIGIT.search(text) is not None
            if not flags["digit"]:
                return False
        elif need == "month":
            if "month" not in flags:
                flags["month"] = _MONTH_PREFIX.search(text) is not None
            if not flags["month"]:
                return False
        elif flags["words"].isdisjoint(_SPLIT_NEEDS[need]):  # type: ignore[union-attr]
            return False
    return True


_NAMED_YEAR = re.compile(r"\s+(last|this|next)\s+year\b", re.I)
_PAIRED_YEAR = re.compile(r"\s*(?:/|-|\u2013|or|and|to)\s*[A-Z][a-z]{2,8}\.?,?\s+((?:19|20)\d\d)\b")
_MAY_VERB = re.compile(r"\bmay\s+(?:be|have|not|also|well|soon|still|[a-z]+ed|[a-z]+)\b", re.I)


@dataclass
class DateHit:
    start: int
    end: int
    value: str | None
    precision: str  # day, month, year, unknown
    kind: str
    # False for a day or month whose year was inferred from the publication date ("on 3 March"):
    # a plan told with one may fall in the next year
    year_given: bool = True


def parse_published(published: str | None) -> date | None:
    if not published:
        return None
    m = re.match(r"(\d{4})-(\d{2})-(\d{2})", published)
    if not m:
        return None
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def _year_for(month: int, day: int | None, pub: date | None) -> int | None:
    if pub is None:
        return None
    year = pub.year
    try:
        cand = date(year, month, day or 1)
    except ValueError:
        return year
    if cand - pub > timedelta(days=60):
        year -= 1
    return year


def find_dates(text: str, published: str | date | None) -> list[DateHit]:
    pub = published if isinstance(published, date) else parse_published(published)
    hits: list[DateHit] = []
    taken: list[tuple[int, int]] = []

    def free(s: int, e: int) -> bool:
        return all(e <= a or s >= b for a, b in taken)

    low = text.lower()
    flags: dict[str, bool] = {}
    for kind, rx in _PATTERNS:
        if not _possible(kind, text, low, flags):
            continue
        for m in rx.finditer(text):
            s, e = m.span()
            if not free(s, e):
                continue
            hit = _resolve(kind, m, pub, text)
            if hit is None:
                continue
            taken.append((s, e))
            hits.append(DateHit(s, e, hit[0], hit[1], kind, _year_given(kind, m, text)))
    hits.sort(key=lambda h: h.start)
    return hits


def _year_given(kind: str, m: re.Match, text: str) -> bool:
    """Does the expression name its year ("3 March 2025", "March last year", "June/July 2024")?"""
    if kind not in ("dmy", "mdy", "my"):
        return True
    if m.groupdict().get("year"):
        return True
    return kind == "my" and bool(_PAIRED_YEAR.match(text, m.end()) or _NAMED_YEAR.match(text, m.end()))


def _resolve(kind: str, m: re.Match, pub: date | None, text: str) -> tuple[str | None, str] | None:
    g = m.groupdict()
    if kind in ("dmy", "mdy", "my") and not g["mon"][0].isupper():
        return None  # "march", "may": verbs; month names are capitalised
    if kind in ("dmy", "mdy", "iso"):
        month = int(g["mnum"]) if kind == "iso" else MONTHS[g["mon"].lower().rstrip(".")]
        if kind != "iso" and g["mon"].lower() == "may" and _MAY_VERB.match(text, m.start()):
            return None
        day = int(g["day"])
        if not 1 <= day <= 31:
            return None
        year = int(g["year"]) if g.get("year") else _year_for(month, day, pub)
        if year is None:
            return None, "unknown"
        try:
            return date(year, month, day).isoformat(), "day"
        except ValueError:
            return None
    if kind == "my":
        mon = g["mon"].lower().rstrip(".")
        later = _PAIRED_YEAR.match(text, m.end())  # "June/July 2024", "March or April 2023"
        if mon == "may" and not g.get("year") and later is None:
            return None  # the modal verb, far more often than the month
        month = MONTHS[mon]
        year = int(g["year"]) if g.get("year") else int(later.group(1)) if later else _year_for(month, None, pub)
        named_year = _NAMED_YEAR.match(text, m.end())  # "in March last year"
        if named_year and pub is not None and not g.get("year"):
            year = pub.year + {"last": -1, "this": 0, "next": 1}[named_year.group(1).lower()]
        if year is None:
            return None, "unknown"
        return f"{year:04d}-{month:02d}", "month"
    if kind == "y":
        return g["year"], "year"
    if pub is None:
        return (None, "unknown") if kind != "past" else (None, "unknown")
    if kind == "rel_night":
        return (pub - timedelta(days=1)).isoformat(), "day"
    if kind == "rel_today":
        return pub.isoformat(), "day"
    if kind == "weekday":
        wd = WEEKDAYS[g["wd"].lower()]
        delta = (pub.weekday() - wd) % 7  # the publication's own weekday is that day
        return (pub - timedelta(days=delta)).isoformat(), "day"
    if kind == "last_week":
        ref = pub - timedelta(days=7) if m.group().lower() in ("last week", "past week") else pub
        return f"{ref.year:04d}-{ref.month:02d}", "month"
    if kind == "recent":  # "over the weekend", "in recent days": the month they fall in
        ref = pub - timedelta(days=2) if "weekend" in m.group().lower() else pub
        return f"{ref.year:04d}-{ref.month:02d}", "month"
    if kind == "next":  # "next week", "next month": the month it falls in; "next year": the year
        unit = m.group("unit").lower()
        if unit == "year":
            return str(pub.year + 1), "year"
        ref = pub + timedelta(days=7) if unit == "week" else (pub.replace(day=28) + timedelta(days=4))
        return f"{ref.year:04d}-{ref.month:02d}", "month"
    if kind == "last_month":
        first = pub.replace(day=1) - timedelta(days=1)
        return f"{first.year:04d}-{first.month:02d}", "month"
    if kind == "this_month":
        return f"{pub.year:04d}-{pub.month:02d}", "month"
    if kind == "last_year":
        return str(pub.year - 1), "year"
    if kind == "this_year":
        return str(pub.year), "year"
    if kind == "past":
        return None, "unknown"
    return None


def report_month(published: str | None) -> str | None:
    pub = parse_published(published)
    return f"{pub.year:04d}-{pub.month:02d}" if pub else None


def truncate(value: str | None, precision: str) -> str | None:
    """``truncate('2024-12-13', 'month') == '2024-12'``."""
    if value is None:
        return None
    return {"day": value[:10], "month": value[:7], "year": value[:4]}.get(precision, value)


_NUM = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
        "nine": 9, "ten": 10}
REL_OFFSET = re.compile(r"\b(?:(?P<n>an?|one|two|three|four|five|six|seven|eight|nine|ten|\d{1,2})\s+(?P<unit>days?|weeks?|hours?)\s+"
                        r"(?:later|afterwards|after(?:\s+(?:that|this|the\b))?|on)|the\s+(?:next|following)\s+(?P<next>day|week))\b", re.I)


def offset_days(m: re.Match) -> int:
    """Days that a REL_OFFSET match ("two days later", "a week after the flight") adds."""
    if m.group("next"):
        return 1 if m.group("next").lower() == "day" else 7
    n = m.group("n").lower()
    k = int(n) if n.isdigit() else _NUM[n]
    unit = m.group("unit").lower()
    if unit.startswith("hour"):
        return 0  # "three hours later": the same day (as a day count)
    return k * (7 if unit.startswith("week") else 1)


def shift_day(value: str | None, days: int) -> str | None:
    """A day-precision ISO date moved by ``days`` (None for other precisions)."""
    if not value or len(value) != 10:
        return None
    try:
        return (date.fromisoformat(value) + timedelta(days=days)).isoformat()
    except ValueError:
        return None

