"""Date expressions normalised against a report's publication date.

``find_dates(text, published)`` returns ``DateHit(start, end, value, precision)`` for every date
expression: absolute ("13 December 2024", "Dec. 8", "June 10th", "in December 2024",
"Back in 2020", "from 17 to 19 February" -> the 17th, "between March and May" and seasons ("in the
autumn") at year precision), relative to the publication date ("last night", "yesterday",
"tomorrow", "two days ago", "Wednesday", "late Thursday", "last week", "last month", "earlier this
year", "over the weekend", "in recent days" and "over the next few days" at month precision; "over
the past three weeks" at month precision, or the year when it reaches into an earlier month;
"next week", "next month" at month and "next year" at year precision) and vague past markers
("in the past", "previously", precision ``unknown``). A day and month inside a name ("the boat
Unaizah May 6") and the modal "may" are no dates.

:func:`event_date` chooses which of its sentence's dates an event takes (guide 9);
:func:`anchor_date` gives an undated report the latest full date its text states. ``value`` is ISO at its precision
(2024-12-13 / 2024-12 / 2024) or None when the expression cannot be placed (a month with no
year in an undated report). ``precision`` is one of day, month, year, unknown.

Year of a day or month with no year: the publication year, or the year before when that would
put the date more than 60 days after publication ("in early December" in a January report).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING, Iterator

from milgraph.loaders.extract.event_frames import word_class
from milgraph.loaders.extract.modality import REPORTING
from milgraph.loaders.extract.word_gate import WordGate

if TYPE_CHECKING:
    from spacy.tokens import Token

    from milgraph.graph.records import Event
    from milgraph.loaders.extract.mentions import DocAnalysis
    from milgraph.loaders.extract.parsed import ParsedSentence

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

_M2 = _M.replace("?P<mon>", "?P<mon2>")
_SEASON = r"(?P<season>spring|summer|autumn|fall|winter)"
_WD = r"monday|tuesday|wednesday|thursday|friday|saturday|sunday"

_PATTERNS: list[tuple[str, re.Pattern]] = [
    # "From 17 to 19 February", "17-19 February": the first day
    ("drange", re.compile(rf"\b{_DAY}\s*(?:-|\u2013|to|and|,|until)\s*[0-3]?\d(?:st|nd|rd|th)?\s+(?:of\s+)?{_M}(?:,?\s+{_YEAR})?\b", re.I)),
    ("dmy", re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_M}(?:,?\s+{_YEAR})?\b", re.I)),
    ("mdy", re.compile(rf"\b{_M}\s+{_DAY}(?![\d:])(?:,?\s+{_YEAR})?\b", re.I)),
    ("iso", re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<mnum>[01]\d)-(?P<day>[0-3]\d)\b")),
    # "between March and May", "from June to August 2024", "in June and (in) August 2023", "April or May":
    # a span or pair of months, told at year precision
    ("mrange", re.compile(rf"\b(?:(?:between|from|in|during)\s+)?{_M}\s+(?:and|or|to|until|through)\s+(?:in\s+)?{_M2}(?:\s+(?:of\s+)?{_YEAR})?\b", re.I)),
    ("my", re.compile(rf"\b(?:(?:early|mid|late|the end of|end of|the beginning of|beginning of|the start of)[\s-]+)?{_M}(?:\s+(?:of\s+)?{_YEAR})?\b", re.I)),
    ("y", re.compile(r"\b(?:(?:in|since|back in|during|through|throughout|by|of|until|from|between|early|late|mid|for)\s+|mid-)(?P<year>(?:19|20)\d\d)\b", re.I)),
    ("rel_night", re.compile(r"\b(?:last night|overnight|yesterday)\b", re.I)),
    ("tomorrow", re.compile(r"\b(?:tomorrow|the day after tomorrow)\b", re.I)),
    ("rel_today", re.compile(r"\b(?:today|tonight|this morning|this afternoon|this evening|earlier today)\b", re.I)),
    # "on Monday and Tuesday", "between Sunday and Wednesday": two days, so the month of the first
    ("weekday_pair", re.compile(rf"\b(?:(?:on|between|from)\s+)?(?P<wd>{_WD})\s*(?:and|to|through|until|or|,|-|\u2013)\s*"
                                rf"(?:on\s+)?(?:{_WD})\b", re.I)),
    ("weekday", re.compile(rf"\b(?:on\s+|late\s+|early\s+|last\s+)?(?P<wd>{_WD})\b", re.I)),
    # "on the 13th", "around the 25th": a day of the month the report is written in, or of the month
    # before when that day has not yet come
    ("ordinal_day", re.compile(r"\b(?:on|by|from|until|since|before|after|around|of)\s+the\s+(?P<day>[1-9]|[12]\d|3[01])(?:st|nd|rd|th)\b(?!\s+(?:of\s+)?(?-i:[A-Z]))", re.I)),
    ("last_week", re.compile(r"\b(?:last week|earlier this week|this week|past week)\b", re.I)),
    ("next", re.compile(r"\b(?:next|the coming)\s+(?P<unit>week|month|year)\b", re.I)),
    ("last_month", re.compile(r"\blast month\b", re.I)),
    ("this_month", re.compile(r"\b(?:this month|earlier this month)\b", re.I)),
    ("last_year", re.compile(r"\blast year\b", re.I)),
    # "before the end of the year", "by year-end": the year it closes; "by the end of the month": that month
    ("period_end", re.compile(r"\b(?:the\s+)?end\s+of\s+(?:the|this)\s+(?P<unit>year|month)\b|\b(?P<ye>year)[- ]end\b", re.I)),
    ("this_year", re.compile(r"\b(?:this year|earlier this year)\b", re.I)),
    # "over the past three weeks", "in the last ten days": the month they fall in, or the year when they reach into another month
    ("span_back", re.compile(r"\b(?:over|in|during|within|for)\s+the\s+(?:past|last|previous)\s+"
                             r"(?P<n>two|three|four|five|six|seven|eight|nine|ten|\d{1,2})\s+(?P<unit>days|weeks)\b", re.I)),
    ("recent", re.compile(r"\b(?:over the weekend|at the weekend|this weekend|this past weekend|last weekend|in recent (?:days|weeks)|"
                          r"in the (?:past|last) few (?:days|weeks))\b", re.I)),
    ("season", re.compile(rf"\b(?:(?P<rel>in the|this|last|next|during the|over the|by the)\s+)?{_SEASON}(?:\s+(?:of\s+)?{_YEAR})?\b", re.I)),
    ("soon", re.compile(r"\b(?:(?:over|in|within|during) the (?:next|coming) (?:few |several |two |three )?(?:days|weeks)|"
                        r"in (?:the )?coming (?:days|weeks))\b", re.I)),
    ("ago", re.compile(r"\b(?P<n>an?|one|two|three|four|five|six|seven|eight|nine|ten|\d{1,2})\s+(?P<unit>days?|weeks?|months?)\s+ago\b", re.I)),
    ("past", re.compile(r"\b(?:in the past|previously|in recent years|years ago|in earlier years)\b", re.I)),
]
# What each pattern cannot match without (a cheap test per text skips the patterns that
# cannot match): "digit", "month" (a month-name prefix) or plain lower-case substrings.
_NEEDS: dict[str, tuple[str, ...]] = {
    "drange": ("digit", "month"), "mrange": ("month",), "season": ("|spring|summer|autumn|fall|winter",),
    "soon": ("|coming|next",), "ago": ("|ago",), "dmy": ("digit", "month"), "mdy": ("digit", "month"), "iso": ("digit",), "my": ("month",),
    "y": ("digit",), "rel_night": ("|night|yesterday|day",), "rel_today": ("|today|tonight|this",), "tomorrow": ("|tomorrow",),
    "weekday": ("|day",), "weekday_pair": ("|day",), "ordinal_day": ("digit",), "last_week": ("|week",), "next": ("|week|month|year",), "last_month": ("|month",),
    "this_month": ("|month",), "last_year": ("|year",), "this_year": ("|year",), "period_end": ("|end",),
    "past": ("|past|previously|year",), "span_back": ("|past|last|previous",), "recent": ("|weekend|recent|few",),
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


_DAY_LIST = re.compile(r"[0-3]?\d(?:st|nd|rd|th)?\s*(?:,|and)\s*[0-3]?\d", re.I)
_NAMED_YEAR = re.compile(r"\s+(last|this|next)\s+year\b", re.I)
_PAIRED_YEAR = re.compile(r"\s*(?:/|-|\u2013|or|and|to)\s*[A-Z][a-z]{2,8}\.?,?\s+((?:19|20)\d\d)\b")
_MAY_VERB = re.compile(r"\bmay\s+(?:be|have|not|also|well|soon|still|[a-z]+ed|[a-z]+)\b", re.I)


@dataclass(frozen=True)
class DateHit:
    start: int
    end: int
    value: str | None
    precision: str  # day, month, year, unknown
    kind: str
    # False for a day or month whose year was inferred from the publication date ("on 3 March"):
    # a plan told with one may fall in the next year
    year_given: bool = True
    # the first month of a span of months with no year ("in July and in October"): a past span
    # that would begin after publication lies in the year before
    first_month: int | None = None


def month_name(t: Token) -> bool:
    """A capitalised month name token ("March", "Sept.")."""
    return t.text[:1].isupper() and t.lower_.rstrip(".") in MONTHS


def day_of_month(t: Token) -> bool:
    """A number that a month name follows ('6' in 'On 6 March two C-17s flew'): a date, whatever
    noun the parser hangs it on, not a number of things."""
    return t.like_num and any(month_name(x) for x in t.doc[t.i + 1:t.i + 3])


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


def dates_in(an: DocAnalysis, text: str, published: str | date | None) -> list[DateHit]:
    """``find_dates`` of one of the report's texts, remembered for the report (on ``an``): the
    events read the sentences before each event again (the caller must not change the hits)."""
    memo = an.date_hits
    key = (text, published)
    known = memo.get(key)
    if known is None:
        known = memo[key] = tuple(find_dates(text, published))
    return list(known)


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
            hits.append(DateHit(s, e, hit[0], hit[1], kind, _year_given(kind, m, text), _first_month(kind, m)))
    hits.sort(key=lambda h: h.start)
    return hits


def _first_month(kind: str, m: re.Match) -> int | None:
    return MONTHS[m.group("mon").lower().rstrip(".")] if kind == "mrange" else None


def _year_given(kind: str, m: re.Match, text: str) -> bool:
    """Does the expression name its year ("3 March 2025", "March last year", "June/July 2024")?"""
    if kind not in ("dmy", "mdy", "my", "drange", "mrange"):
        return True
    if m.groupdict().get("year"):
        return True
    return kind == "my" and bool(_PAIRED_YEAR.match(text, m.end()) or _NAMED_YEAR.match(text, m.end()))


def _resolve(kind: str, m: re.Match, pub: date | None, text: str) -> tuple[str | None, str] | None:
    """A matched date expression's value and precision; None when the match is no date after all
    ("march" the verb, "the boat Rosa May 4"); (None, "unknown") when it is a date the report's
    own date is needed for and lacks."""
    g = m.groupdict()
    if kind in ("dmy", "mdy", "my", "drange", "mrange") and not g["mon"][0].isupper():
        return None  # "march", "may": verbs; month names are capitalised
    if kind in ("dmy", "mdy", "drange") and _inside_a_name(text, m.start()):
        return None  # "the supply boat Rosa May 4": a name, not a date
    if kind == "mrange":
        return _month_range(g, pub)
    if kind == "season":
        return _season(g, pub, text, m.start())
    if kind in ("dmy", "mdy", "iso", "drange"):
        return _day_date(kind, m, g, pub, text)
    if kind == "my":
        return _month_date(m, g, pub, text)
    if kind == "y":
        return g["year"], "year"
    if pub is None:
        return None, "unknown"
    return _relative_date(kind, m, g, pub)


def _month_range(g: dict, pub: date | None) -> tuple[str | None, str]:
    """"March-April 2024": the month when both ends are one, else the year."""
    first, last = MONTHS[g["mon"].lower().rstrip(".")], MONTHS[g["mon2"].lower().rstrip(".")]
    year = int(g["year"]) if g.get("year") else _year_for(first, None, pub)
    if year is None:
        return None, "unknown"
    return (f"{year:04d}-{first:02d}", "month") if first == last else (str(year), "year")


def _day_date(kind: str, m: re.Match, g: dict, pub: date | None, text: str) -> tuple[str | None, str] | None:
    """"3 March 2024", "March 3", "2024-03-03", "on 10 and 12 November"."""
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
        value = date(year, month, day).isoformat()
    except ValueError:
        return None
    if kind == "drange" and _DAY_LIST.match(m.group()):
        return value[:7], "month"  # "on 10 and 12 November": two days, so the month they share
    return value, "day"


def _month_date(m: re.Match, g: dict, pub: date | None, text: str) -> tuple[str | None, str] | None:
    """"March 2024", "in June", "June/July 2024", "in March last year"."""
    if _inside_a_name(text, m.start()) and text[m.end():m.end() + 2].strip()[:1].isdigit():
        return None  # "the boat Marlin June 4"
    mon = g["mon"].lower().rstrip(".")
    later = _PAIRED_YEAR.match(text, m.end())  # "June/July 2024", "March or April 2023"
    if mon == "may" and not g.get("year") and later is None and not (
            m.group().lower() != "may" or _TIME_WORD_BEFORE.search(text, max(0, m.start() - 12), m.start())):
        return None  # the modal verb, far more often than the month ("in May", "early May": the month)
    month = MONTHS[mon]
    year = int(g["year"]) if g.get("year") else int(later.group(1)) if later else _year_for(month, None, pub)
    named_year = _NAMED_YEAR.match(text, m.end())  # "in March last year"
    if named_year and pub is not None and not g.get("year"):
        year = pub.year + {"last": -1, "this": 0, "next": 1}[named_year.group(1).lower()]
    if year is None:
        return None, "unknown"
    return f"{year:04d}-{month:02d}", "month"


def _relative_date(kind: str, m: re.Match, g: dict, pub: date) -> tuple[str | None, str] | None:
    """Dates told from the report's own date: "yesterday", "last Thursday", "next month", "two weeks ago"."""
    if kind == "rel_night":
        return (pub - timedelta(days=1)).isoformat(), "day"
    if kind == "rel_today":
        return pub.isoformat(), "day"
    if kind == "tomorrow":
        return (pub + timedelta(days=2 if m.group().lower().startswith("the day after") else 1)).isoformat(), "day"
    if kind in ("weekday", "weekday_pair"):
        wd = WEEKDAYS[g["wd"].lower()]
        delta = (pub.weekday() - wd) % 7  # the publication's own weekday is that day
        if delta == 0 and m.group().lower().startswith("last"):
            delta = 7  # "last Thursday" in a Thursday report: a week before
        day = pub - timedelta(days=delta)
        return (day.isoformat(), "day") if kind == "weekday" else (f"{day.year:04d}-{day.month:02d}", "month")
    if kind == "ordinal_day":
        day = _day_of_month(pub, int(g["day"]), ahead=False)
        return (day, "day") if day else None
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
    if kind == "period_end":
        if (m.group("unit") or "year").lower() == "month":
            return f"{pub.year:04d}-{pub.month:02d}", "month"
        return str(pub.year), "year"
    if kind == "this_year":
        return str(pub.year), "year"
    if kind == "past":
        return None, "unknown"
    if kind == "span_back":
        return _span_back(pub, g)
    if kind == "soon":  # "over the next few days", "in the coming weeks": the month of publication
        return f"{pub.year:04d}-{pub.month:02d}", "month"
    if kind == "ago":  # "two days ago": that day; "three weeks ago", "two months ago": that month
        n = g["n"].lower()
        k = int(n) if n.isdigit() else _NUM[n]
        unit = g["unit"].lower()
        if unit.startswith("day"):
            return (pub - timedelta(days=k)).isoformat(), "day"
        ref = pub - timedelta(days=7 * k) if unit.startswith("week") else _months_before(pub, k)
        return f"{ref.year:04d}-{ref.month:02d}", "month"
    return None


_TIME_WORD_BEFORE = re.compile(r"\b(?:in|since|from|by|until|till|through|during|between|and|or|to|of|last|next|this|"
                               r"before|after|early|mid|late|around|until|on|for)\s+$", re.I)
_NAME_WORD_BEFORE = re.compile(r"(?<![.!?:;]\s)(?<!^)\b(?P<word>[A-Z][a-z]+)\s+$")
_SEASON_START = {"spring": 3, "summer": 6, "autumn": 9, "fall": 9, "winter": 12}
_SEASON_PREPOSITION = re.compile(r"\b(?:in|since|by|until|during|from|through|before|after)\s+$", re.I)


def _span_back(pub: date, g: dict) -> tuple[str | None, str]:
    """'over the past three weeks': the publication month when the span starts in it; the year when
    it reaches back into an earlier month of that year (guide 9: the precision the text supports)."""
    n = g["n"].lower()
    start = pub - timedelta(days=(int(n) if n.isdigit() else _NUM[n]) * (7 if g["unit"].lower() == "weeks" else 1))
    if (start.year, start.month) == (pub.year, pub.month):
        return f"{pub.year:04d}-{pub.month:02d}", "month"
    return (str(pub.year), "year") if start.year == pub.year else (None, "unknown")


def _months_before(pub: date, k: int) -> date:
    months = pub.year * 12 + pub.month - 1 - k
    return date(months // 12, months % 12 + 1, 1)


def _inside_a_name(text: str, start: int) -> bool:
    """A day and month right after a capitalised word that is no weekday or month, inside the
    sentence ("the boat Unaizah May 6"): part of a name."""
    m = _NAME_WORD_BEFORE.search(text, max(0, start - 30), start)
    if m is None or m.start() == 0:
        return False
    word = m.group("word").lower()
    return word not in WEEKDAYS and word not in MONTHS and word not in _LEADING_WORDS


# capitalised words that open a clause before a date, not part of a name ("1/ On 28 January")
_LEADING_WORDS = frozenset({"on", "in", "by", "since", "from", "until", "till", "through", "during", "between", "to",
                            "of", "last", "next", "this", "before", "after", "early", "mid", "late", "around", "at",
                            "for", "and", "or", "then", "but", "also", "only", "as"})


def _season(g: dict, pub: date | None, text: str, start: int) -> tuple[str | None, str] | None:
    """'in the spring', 'last summer', 'autumn 2024': the year the season falls in."""
    season, rel, year = g["season"], (g.get("rel") or "").lower(), g.get("year")
    if year:
        return year, "year"
    if season[0].isupper() or not (rel or _SEASON_PREPOSITION.search(text, max(0, start - 10), start)):
        return None  # "after the regime's fall", "the Arab Spring"
    if pub is None:
        return None, "unknown"
    first = _SEASON_START[season.lower()]
    if rel == "last":
        return str(pub.year if first + 3 <= pub.month else pub.year - 1), "year"
    if rel == "next":
        return str(pub.year if first > pub.month else pub.year + 1), "year"
    return str(pub.year), "year"


_SOCIAL_SIGNATURE = re.compile(r"\(@\w+\)")


def anchor_date(text: str) -> str | None:
    """For a report with no publication date: the latest full date (day, month and year) the text
    states, which anchors its weekdays and months ("on Tuesday" beside a caption dated
    27 January 2026, guide 9); the date line of an embedded post ("— Name (@handle) 3 May 2025")
    only decorates the story and anchors nothing. None when the text states no full date."""
    latest = None
    for line in text.splitlines():
        if _SOCIAL_SIGNATURE.search(line) or not _DIGIT.search(line):
            continue
        for h in find_dates(line, None):
            if h.precision == "day" and h.value and h.kind in ("dmy", "mdy", "iso", "drange") and h.year_given:
                latest = max(latest or h.value, h.value)
    return latest


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
                        r"(?:later|afterwards|after(?:\s+(?:that|this|the\b))?|on|(?P<back>earlier|before))|"
                        r"the\s+(?:next|following)\s+(?P<next>day|week|morning|afternoon|evening|night)|the\s+(?P<same>same)\s+(?:day|morning|afternoon|evening|night)|"
                        r"(?P<prev>the\s+previous\s+day|the\s+day\s+before))\b", re.I)


_OFFSET_WORDS = WordGate(("day", "week", "hour", "morning", "afternoon", "evening", "night"), ignore_case=True)


def _offsets(text: str) -> Iterator[re.Match]:
    """REL_OFFSET's matches; a sentence without one of its time words has none (tested first, quicker)."""
    return REL_OFFSET.finditer(text) if _OFFSET_WORDS.may_match(text) else iter(())


def offset_days(m: re.Match) -> int:
    """Days that a REL_OFFSET match ("two days later", "a week after the flight") adds."""
    if m.group("next"):
        return 7 if m.group("next").lower() == "week" else 1  # "the following morning": the next day
    if m.group("same"):
        return 0  # "the same afternoon"
    if m.group("prev"):
        return -1  # "the previous day", "the day before"
    n = m.group("n").lower()
    k = int(n) if n.isdigit() else _NUM[n]
    unit = m.group("unit").lower()
    if unit.startswith("hour"):
        return 0  # "three hours later": the same day (as a day count)
    days = k * (7 if unit.startswith("week") else 1)
    return -days if m.group("back") else days  # "two days earlier"


def shift_day(value: str | None, days: int) -> str | None:
    """A day-precision ISO date moved by ``days`` (None for other precisions)."""
    if not value or len(value) != 10:
        return None
    try:
        return (date.fromisoformat(value) + timedelta(days=days)).isoformat()
    except ValueError:
        return None

# ------------------------------------------------------------------------------ the date of an event
# Which date expression of its sentence an event takes (events.py calls :func:`event_date` once
# per event trigger).

_PRESENT = frozenset({"VBZ", "VBP", "VBG"})
_ANCHORS = frozenset({"after", "before", "following", "until", "till", "prior"})
_RANGE_END = re.compile(r"\b(?:between|from)\s+\S+(?:\s+\S+)?\s+(?:and|to)\s+$", re.I)


@dataclass(frozen=True)
class _EventClause:
    """Where an event's trigger sits: its clause (and that clause's character span), the clauses
    governing it, the telling verbs above it, and the event's modality."""
    tok: Token
    clause: Token
    lo: int
    hi: int
    governing: frozenset[int]
    tellers: frozenset[int]
    mod: str
    month: str | None

    def holds(self, start: int) -> bool:
        return self.lo <= start < self.hi


def event_date(ps: ParsedSentence, tok: Token, hits: list[DateHit], an: DocAnalysis, mod: str,
               previous: list[Event], published: str | None) -> tuple[str | None, str]:
    """The date of the event ``tok`` opens, at the precision the text supports (guide 9): a date
    of the trigger's own clause or of a clause governing it, never one of a relative, adverbial or
    coordinated clause beside it; a claim's date ("said on Monday") gives its month; "since X"
    the month of X; else a relative day ("two days later") counted from the day named
    before, else the publication month for ongoing activity."""
    year = _year_on_noun(tok)
    if year is not None:
        return year, "year"
    telling = _telling()
    clause = _clause_head(tok)
    ec = _EventClause(tok, clause, clause.left_edge.idx, clause.right_edge.idx + len(clause.right_edge),
                      frozenset(_governing_clauses(tok)), frozenset(a.i for a in tok.ancestors if a.lower_ in telling),
                      mod, report_month(published))
    own_offset = next((m for m in _offsets(ps.view.text) if ec.holds(m.start())), None)
    if own_offset is not None and clause.dep_ == "conj" and mod != "denied":
        # "flew to X on 14 April, and three days later it went on to Y": counted from that day
        shifted = shift_day(_day_before(ps, own_offset.start(), hits, an, published), offset_days(own_offset))
        if shifted:
            return shifted, "day"
    usable, told = _dates_of_clause(ps.doc, hits, ec)
    from_telling = not usable
    usable = usable or [h for h in told if h.precision == "year"]  # "back in 2019 Trump announced plans to ..."
    if usable:
        return _nearest_date(ps.doc, ps.view.text, usable, ec, from_telling, published)
    if mod == "denied":
        return None, "unknown"  # what did not happen has no date beyond its own clause's
    if tok.dep_ == "pobj" and tok.head.lower_ == "since":
        return None, "unknown"  # "has grown since its pullout from Syria": a past happening the text does not date
    return _date_from_context(ps, hits, an, ec, previous, published)


def _year_on_noun(tok: Token) -> str | None:
    """"under a 2022 agreement", "their 2024 treaty": a year written on the event's own noun dates it."""
    if tok.pos_ not in ("NOUN", "PROPN"):
        return None
    for c in tok.children:
        if c.i < tok.i and c.dep_ in ("nummod", "compound", "amod", "nmod") and len(c.text) == 4 \
                and c.text.isdigit() and c.text[:2] in ("19", "20"):
            return c.text
    return None


def _dates_of_clause(doc, hits: list[DateHit], ec: _EventClause) -> tuple[list[DateHit], list[DateHit]]:
    """The dates that may be the event's, and (for a plan) the dates when it was told."""
    from milgraph.loaders.extract.event_engine import dateline_end  # the rules engine parses datelines

    end = dateline_end(doc)
    dateline_chars = doc[end].idx if end >= 0 else 0
    subordinate = any(c.dep_ == "mark" and c.lower_ in _ANCHORS | {"once", "since"} for c in ec.clause.children)
    tok, governing, tellers, mod, month = ec.tok, ec.governing, ec.tellers, ec.mod, ec.month
    usable: list[DateHit] = []
    told: list[DateHit] = []  # when a plan was told: its date only when it has none of its own
    for h in hits:
        if h.start >= len(doc.text) or h.start < dateline_chars:
            continue  # "BENGHAZI, Jan 20 -": the dateline dates the report
        if subordinate and not ec.holds(h.start):
            continue  # "made runs last year, before Russia pulled out": the main clause's date
        span = doc.char_span(h.start, min(h.end, len(doc.text)), alignment_mode="expand")
        if span is None:
            continue
        head = span.root
        if _in_another_clause(head, tok, governing):
            continue  # "the units that Russia moved there earlier this year": the relative clause's date
        before = doc.text[max(0, h.start - 12):h.start].lower()
        said = doc.text[h.start:h.end].lower()
        since = before.endswith("since ") or said.startswith("since")
        if since and h.value and h.precision in ("day", "month") and ec.holds(h.start):
            # "64 flights since 10 December", "shipped since January": a run dated at month precision
            # by its start (guide 9; the gold sets date "since X" by X's month 25 times, by publication 6)
            value = h.value[:7]
            usable.append(DateHit(h.start, h.end, value, "month", "since"))
            continue
        if since or any(w in before for w in ("published", "founded", "formed")):
            continue  # "active since 2022": when a state began, not the event
        if _RANGE_END.search(doc.text[max(0, h.start - 30):h.start]):
            continue  # "between 2016 and 2023": the range starts at its first date
        if h.kind != "period_end" and any(a.dep_ == "prep" and a.lower_ in _ANCHORS
                                          for a in [head, *head.ancestors] if a.i not in governing):
            continue  # "after last October's outbreak": another happening's date
        verb = next((a for a in [head, *head.ancestors] if a.pos_ in ("VERB", "AUX")), None)
        ahead = _ahead(h, said, before, month)
        if mod == "planned" and verb is not None and _past_act_above(verb, ec.clause, governing) and not ahead \
                and verb.i not in tellers and not ec.holds(h.start):
            continue  # "in 2019 Lisbon agreed to repair the quay", "met on Monday to discuss a base": not the plan's date
        if mod == "planned" and verb is not None and verb.i in tellers and not ahead:
            told.append(h)  # "last year the ministry said it would refit the depot by 2027": when the plan was told
            continue
        if verb is not None and verb.i != tok.i and verb.i in tellers and _tells_when(verb, head) \
                and h.value and h.precision in ("day", "month") and not ahead:
            # "officials said on Monday (that) ...", "imagery from 23 March showed ...": the day of
            # the claim, the month of the happening; a plan has no date from when it was told
            if mod not in ("planned", "denied"):
                usable.append(DateHit(h.start, h.end, h.value[:7], "month", "claim"))
        elif ec.holds(h.start) or (verb is not None and verb.i in governing and mod != "denied"):
            usable.append(h)
    return usable, told


def _nearest_date(doc, text: str, usable: list[DateHit], ec: _EventClause, from_telling: bool,
                  published: str | None) -> tuple[str | None, str]:
    """Of the usable dates: an arrival's own day, else the one nearest the trigger."""
    arrival = _arrival_day(ec.tok, usable, doc)
    if arrival is not None:
        return arrival.value, "day"  # "left on Saturday evening and reached the shoal on Sunday": the arrival
    later = _arrival_offset(ec.tok, usable, text)
    if later is not None:
        return later, "day"  # "left Tartus on 2 June and reached Tobruk four days later"
    own = [h for h in usable if ec.holds(h.start)]
    if own and ec.clause.dep_ == "conj":
        usable = own  # "flew to X on 3 June and returned on 5 June": the return's own day
    dated = [h for h in own if h.kind != "claim"]
    if dated and len(dated) < len(usable):
        usable = dated  # "told the committee on Tuesday that the army has rotated troops since March": its own date
    h = min(usable, key=lambda h: abs(h.start - ec.tok.idx))
    if h.value is None:
        return None, "unknown"
    value = _in_time(h, ec.mod, published)
    if ec.mod == "planned" and not from_telling and _before_publication(value, published):
        return None, "unknown"  # "signed a contract in 2024 to supply drones": when it was agreed, not the plan's date
    return value, h.precision


def _date_from_context(ps: ParsedSentence, hits: list[DateHit], an: DocAnalysis, ec: _EventClause,
                       previous: list[Event], published: str | None) -> tuple[str | None, str]:
    """An event whose clause gives no date: a relative day counted from the day named before, a
    conjunct's date, the publication month for what is ongoing, or the paragraph's day."""
    off = next(_offsets(ps.view.text), None)
    if off is not None:
        anchor = _day_before(ps, off.start(), hits, an, published) or next(
            (p.date for p in reversed(previous) if p.date and len(p.date) == 10), None)
        shifted = shift_day(anchor, offset_days(off))
        if shifted:
            return shifted, "day"
    shared = _conjunct_date(ps, ec.clause, hits, an, ec.mod, previous, published)
    if shared is not None:
        return shared  # "withdrew in March 2024; the crews drove to the coast and flew back": the flight's too
    if ec.mod != "planned" and _ongoing(ec.tok) and ec.month:
        return ec.month, "month"
    if ec.mod in ("confirmed", "reported") and _told_as_past(ec.tok):
        carried = _paragraph_date(ps, an, published)
        if carried is not None:
            return carried  # "Haftar was in Minsk from 17 to 19 February. He held talks with ...": the visit's day
    return None, "unknown"


_SET_LATER = frozenset({"later", "afterwards", "subsequently", "eventually", "earlier", "previously", "since",
                        "already", "once", "again"})


def _conjunct_date(ps: ParsedSentence, clause: Token, hits: list[DateHit], an: DocAnalysis, mod: str,
                   previous: list[Event], published: str | None) -> tuple[str, str] | None:
    """A past verb coordinated with a dated one, with no date of its own, happened when that one
    did ("left by road on 3 May and flew home from X": the flight is dated too), unless it is set
    at another time ("and later flew on")."""
    head = clause.head
    if not hits or mod not in ("confirmed", "reported") or clause.dep_ != "conj" or clause.tag_ != "VBD" \
            or head.pos_ not in ("VERB", "AUX") or any(c.lower_ in _SET_LATER for c in clause.children):
        return None
    value, precision = event_date(ps, head, hits, an, mod, previous, published)
    return (value, precision) if value else None


def story_month(tok: Token, mod: str, hits: list[DateHit], previous: list[Event]) -> str | None:
    """The month of the last dated event told before, for a move told in the simple past with no
    date of its own nor a vague past ("previously"): a news story tells its moves within one stretch of
    time ("this month's exercise ... Four C-17s flew marines into Evenes"). The gold sets date such
    moves by the story far more often than they leave them undated."""
    if any(h.kind == "past" for h in hits) or mod not in ("confirmed", "reported") or not _told_as_past(tok):
        return None  # "in the past Turkey sent ...": a time of its own, if a vague one
    told = next((p.date for p in reversed(previous) if p.date and len(p.date) >= 7), None)
    return told[:7] if told else None


def _told_as_past(tok: Token) -> bool:
    """The trigger's clause is a main clause in the simple past ("held talks", "was unloaded"), told
    as one happening; not a background clause ("since Russian forces left Syria") nor one set at
    another time ("was later flown on")."""
    verb = _clause_head(tok)
    if verb.dep_ not in ("ROOT", "conj", "ccomp") or any(
            c.dep_ in ("mark", "advmod") and c.lower_ in _OTHER_TIME for c in verb.children):
        return False
    if verb.tag_ == "VBD":
        return True
    return verb.tag_ == "VBN" and any(c.dep_ in ("aux", "auxpass") and c.lower_ in ("was", "were") for c in verb.children)


_OTHER_TIME = frozenset({"since", "after", "before", "once", "until", "till", "because", "as", "while", "when",
                         "later", "afterwards", "subsequently", "eventually", "earlier", "previously", "then",
                         "again", "already"})
_CARRY_BACK = 2  # sentences of the same paragraph a date carries over


def _paragraph_date(ps: ParsedSentence, an: DocAnalysis, published: str | None) -> tuple[str, str] | None:
    """The last date of a happening named in the one or two sentences before, in the same paragraph:
    a paragraph that tells one trip or visit dates it once (guide 9, the date the text supports)."""
    hit = _last_date_before(ps, an, published, _CARRY_BACK, lambda h: h.precision in ("day", "month")
                            and h.kind not in ("next", "soon"), same_paragraph=True)
    return (hit.value, hit.precision) if hit is not None else None


def _last_date_before(ps: ParsedSentence, an: DocAnalysis, published: str | None, reach: int, wanted,
                      same_paragraph: bool = False) -> DateHit | None:
    """The last date ``wanted`` accepts in the nearest of the ``reach`` sentences before, not
    past the title (nor, with ``same_paragraph``, the paragraph's start); the day something was
    told is no happening's date."""
    index = ps.view.index
    for back in range(index - 1, max(-1, index - 1 - reach), -1):
        before = an.sentences[back]
        if getattr(before, "is_title", False) or (same_paragraph and before.paragraph != ps.view.paragraph):
            return None
        hits = [h for h in dates_in(an, before.text, published) if h.value and wanted(h)
                and not _date_of_telling(before.text, h)]
        if hits:
            return hits[-1]
    return None


@lru_cache(maxsize=1)
def _telling() -> frozenset[str]:
    """Reporting verbs and the showing verbs of common.yaml (word_classes.showing_verbs), joined once."""
    return REPORTING | word_class("showing_verbs")


_ASIDE_MARKS = frozenset({"as", "because", "while", "whereas", "although", "though", "where"})


def _governing_clauses(tok: Token) -> set[int]:
    """The trigger and the heads above it up to the first relative clause: only their dates can
    be the event's ("India, which helped rebuild the runway, withdrew in 2022": 2022 is not the
    rebuilding's)."""
    out = {tok.i}
    t = tok
    while t.head.i != t.i:
        if t.dep_ == "relcl" and not _infinitive(t) and not _when_of(t):
            break
        t = t.head
        out.add(t.i)
    return out


_PAST_AUX = frozenset({"was", "were", "had"})


def _past_act_above(verb: Token, clause: Token, governing: set[int]) -> bool:
    """A past act that governs a planned event's clause (an agreement, a meeting, a decision): its
    date is when the plan was made, not when the plan is to happen (guide 9: a plan with no date
    of its own is null)."""
    if verb.i == clause.i or verb.i not in governing:
        return False
    return verb.tag_ == "VBD" or verb.tag_ == "VBN" and any(
        c.dep_ in ("aux", "auxpass") and c.lower_ in _PAST_AUX for c in verb.children)


def _when_of(t: Token) -> bool:
    """'in June, when the minister held talks': a relative clause of time on its date tells what
    happened then, so the date it hangs on is its own."""
    return any(c.dep_ == "advmod" and c.lower_ == "when" for c in t.children)


def _in_another_clause(head: Token, tok: Token, governing: set[int]) -> bool:
    """The date hangs in a relative or adverbial clause ("the units Russia moved there earlier this
    year", "as it did in January") that the trigger is not part of; a relative clause on a noun
    trigger's own phrase tells of the event ("the enlargement of the depot, which was completed
    in June")."""
    own = tok.pos_ not in ("VERB", "AUX")
    for a in [head, *head.ancestors]:
        if a.i in governing:
            return False
        if a.dep_ in ("relcl", "acl") and a.head.i != tok.i and not (own and tok.is_ancestor(a)) and not _infinitive(a) \
                and not _trip_participle(a, tok):
            return True
        if a.dep_ == "advcl" and any(c.dep_ in ("mark", "advmod") and c.lower_ in _ASIDE_MARKS for c in a.children):
            return True
    return False


def _trip_participle(clause: Token, tok: Token) -> bool:
    """"Two flights chartered by the ministry on Monday brought ammunition": a participle on the trips
    the trigger's clause tells of dates those trips."""
    return clause.dep_ == "acl" and clause.tag_ == "VBN" and clause.head.head.i == tok.i \
        and clause.head.lower_ in word_class("trip_count_nouns")


def _ahead(h: DateHit, said: str, before: str, month: str | None) -> bool:
    """A date that lies after publication, or 'later this week': a telling cannot be dated there."""
    if said.startswith("later") or before.endswith("later ") or h.kind in ("next", "soon"):
        return True
    return bool(h.value and month and h.value[:7] > month)


def _arrival_day(tok: Token, usable: list[DateHit], doc) -> DateHit | None:
    """A trip told from departure to arrival in one sentence is dated by its arrival (the day a
    conjoined 'reached', 'landed', 'docked' names, however many stops the chain tells between)."""
    for c in _arrivals_after(tok):
        lo, hi = c.left_edge.idx, c.right_edge.idx + len(c.right_edge)
        days = [h for h in usable if h.precision == "day" and h.value and lo <= h.start < hi]
        if days and all(days[0].value >= h.value for h in usable if h.precision == "day" and h.value):
            return days[0]
    return None


def _arrivals_after(tok: Token) -> list[Token]:
    """The arriving verbs coordinated after the trigger: "left X, stopped to refuel at Y and
    landed at Z" (a chain the parser may nest, each verb the conjunct of the one before, or hang on an
    unmarked participle clause: "took off from X on 6 May, refuelled at Y and reached Z on 7 May")."""
    chain = list(tok.conjuncts)
    for c in tok.children:
        if c.dep_ == "advcl" and not any(m.dep_ in ("mark", "advmod") for m in c.children if m.i < c.i):
            chain += [c, *c.conjuncts]
    arriving = word_class("arrival_forms")
    return [c for c in chain if c.i > tok.i and c.lower_ in arriving]


def _arrival_offset(tok: Token, usable: list[DateHit], text: str) -> str | None:
    """A trip whose conjoined arrival is told relative to its departure day ("left on 2 June and
    reached Tobruk four days later"): that day counted on."""
    days = [h for h in usable if h.precision == "day" and h.value and h.start < tok.idx + 200]
    if not days:
        return None
    for c in _arrivals_after(tok):
        lo, hi = c.left_edge.idx, c.right_edge.idx + len(c.right_edge)
        off = next((m for m in _offsets(text) if lo <= m.start() < hi), None)
        if off is not None:
            return shift_day(max(days, key=lambda h: h.start).value, offset_days(off))
    return None


def _infinitive(t: Token) -> bool:
    """'the first warships to tie up there': an infinitive, which the parser may call a relative clause."""
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in t.children)


def _tells_when(verb: Token, head: Token) -> bool:
    """The date is the telling's: "said on Monday", "reported on Tuesday"; for a showing verb only
    when it dates what shows ("imagery from 23 March showed"), not what is shown ("data show the
    jet landing on 2 May")."""
    if verb.lower_ not in word_class("showing_verbs"):
        return True
    subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    return subject is not None and (subject.i == head.i or subject.is_ancestor(head))


def _before_publication(value: str | None, published: str | None) -> bool:
    """The date, at its own precision, lies wholly before the publication date's."""
    pub = parse_published(published)
    return bool(value and pub) and value < pub.isoformat()[:len(value)]


def plan_date(h: DateHit, published: str | None) -> str | None:
    """The date of a plan told by ``h``: a day or month with no year lies ahead of publication."""
    return _in_time(h, "planned", published)


def _in_time(h: DateHit, mod: str, published: str | None) -> str:
    """A date whose year the text leaves open, placed on the right side of publication: a plan's
    day or month before the publication month lies in the next year ("instructors are due from
    January" in a September report), a plan's weekday in the coming week ("a third train is
    scheduled for Thursday"); what already happened in a month after the publication month lies in
    the year before ("since it began pulling out in December", told in October)."""
    value = h.value
    pub = parse_published(published)
    if pub is None or value is None:
        return value
    month = f"{pub.year:04d}-{pub.month:02d}"
    if mod == "planned" and h.kind == "weekday" and len(value) == 10 and value < pub.isoformat():
        return (date.fromisoformat(value) + timedelta(days=7)).isoformat()
    if mod == "planned" and h.kind == "ordinal_day" and value < pub.isoformat():
        return _day_of_month(pub, int(value[8:]), ahead=True) or value
    if h.first_month and not h.year_given and mod in ("confirmed", "reported") and value == str(pub.year) \
            and h.first_month > pub.month:
        return str(pub.year - 1)  # "sailed two times, in July and in October", told in March: last year's
    if h.year_given or len(value) < 7 or h.kind not in ("dmy", "mdy", "my", "drange"):
        return value
    if mod == "planned" and value[:7] < month:
        return f"{int(value[:4]) + 1:04d}{value[4:]}"
    if mod in ("confirmed", "reported") and value[:7] > month:
        return f"{int(value[:4]) - 1:04d}{value[4:]}"
    return value


def _day_of_month(pub: date, day: int, ahead: bool) -> str | None:
    """"The 13th" told on ``pub``: this month's when that day has come (or, ``ahead``, for a
    plan, is still to come), else the month before's (or after's); None for a day the month
    lacks ("the 31st" of a 30-day month)."""
    first = pub.replace(day=1)
    if ahead:
        month = first if day > pub.day else (first + timedelta(days=32)).replace(day=1)
    else:
        month = first if day <= pub.day else (first - timedelta(days=1)).replace(day=1)
    try:
        return date(month.year, month.month, day).isoformat()
    except ValueError:
        return None


def _day_before(ps: ParsedSentence, pos: int, hits, an: DocAnalysis, published: str | None) -> str | None:
    """The day a relative date ("two days later", "the same afternoon") counts from: the last day
    named before it in the sentence, else in the nearest of the few sentences before (the story's
    running day: "On 28 January ... says ... The dhow had sailed two days earlier")."""
    days = [h.value for h in hits if h.end <= pos and h.precision == "day" and h.value]
    if days:
        return days[-1]
    hit = _last_date_before(ps, an, published, _LOOK_BACK, lambda h: h.precision == "day")
    return hit.value if hit is not None else None


def _date_of_telling(text: str, h: DateHit) -> bool:
    """'the ministry said on Sunday': the day something was told, no happening to count from."""
    words = text[max(0, h.start - 24):h.start].lower().split()
    words = [w for w in words if w not in ("on", "late", "early")]
    return bool(words) and words[-1] in _telling()


_LOOK_BACK = 4  # sentences a relative day may count back over


def _clause_head(tok: Token) -> Token:
    h = tok
    while h.pos_ not in ("VERB", "AUX") and h.head.i != h.i:
        h = h.head
    return h


def _ongoing(tok: Token) -> bool:
    """Present or present perfect ("is moving", "has begun", "have landed"): this month; a
    perfect passive with no time word ("have been sent to X") is background with no date."""
    verb = _clause_head(tok)
    aux = {c.lower_ for c in verb.children if c.dep_ == "aux"}
    if verb.tag_ == "VBD" or "had" in aux or {"to", "have"} <= aux:
        return False  # "whether the ship unloaded", "had sent", "is said to have flown": past, whatever governs it
    if "to" in aux and verb.head.pos_ == "ADJ":
        return False  # "is likely to route more cargo", "is ready to ship": a prospect, not under way
    finite = verb.tag_ in ("VBZ", "VBP") or any(c.dep_ in ("aux", "auxpass") and c.lower_ != "to" for c in verb.children)
    telling = _telling()
    for t in [verb] if finite else [verb, *verb.ancestors][:3]:  # a finite verb's own tense decides
        if t is not verb and t.lower_ in telling:
            return False  # "the hardware was flown on, they say": the telling is present, not the flight
        if t.tag_ == "VB" and any(c.dep_ == "aux" and c.tag_ == "MD" for c in t.children):
            return False  # "may stop at Tobruk" (but "may be escorting them" is under way)
        if t.tag_ in _PRESENT:
            return True
        if any(c.dep_ in ("aux", "auxpass") and c.lower_ in ("has", "have", "is", "are") for c in t.children) \
                and not (t.tag_ == "VBN" and any(c.lower_ == "been" for c in t.children) and not any(
                    c.dep_ in ("prep", "npadvmod", "advmod") and c.lower_ in ("since", "recently", "now", "already")
                    for c in t.children)):
            return True  # not "have been sent to X": a completed background fact with no time
    return False
