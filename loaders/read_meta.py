"""Report metadata helpers: date normalisation, sidecar files and folder indexes."""

from __future__ import annotations

import calendar
import datetime as dt
import json
import logging
import re
from email.utils import parsedate_tz
from pathlib import Path
from typing import Any

import yaml

from milgraph.loaders.clean import strip_control_chars
from milgraph.loaders.read_records import FIELD_ALIASES, _as_text, _get
from milgraph.loaders.read_text import ReadProblem

_MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
_MONTHS["sept"] = 9
_MON = r"(" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"

_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:$|[T ]\d)")
_ISO_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_YEAR = re.compile(r"^(\d{4})$")
_YMD_SLASH = re.compile(r"^(\d{4})[/.](\d{1,2})[/.](\d{1,2})\b")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_DMY_TEXT = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+" + _MON + r",?\s+(\d{4})\b", re.I)
_MDY_TEXT = re.compile(r"\b" + _MON + r"\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b", re.I)
_MY_TEXT = re.compile(r"^" + _MON + r",?\s+(\d{4})$", re.I)
_RFC822 = re.compile(r"^([A-Za-z]{3},?\s+)?\d{1,2}\s+[A-Za-z]{3}\s+\d{2,4}\s+\d{1,2}:\d{2}")
_NUMERIC = re.compile(r"^(\d{1,2})([./-])(\d{1,2})\2(\d{4})\b")


def _ymd(y: int, m: int, d: int) -> str | None:
    try:
        return dt.date(y, m, d).isoformat()
    except ValueError:
        return None


def normalise_date(value: Any) -> str | None:
    """An ISO date string (``YYYY-MM-DD``, or ``YYYY-MM`` / ``YYYY`` when that is all there is).

    Accepts ISO dates and timestamps, RFC 822 dates (feeds), "3 May 2024", "May 3, 2024",
    "May 2024", "03.05.2024" (day first), "2024/05/03", Unix timestamps, ``date``/``datetime``.
    Ambiguous numeric dates like 03/05/2024 and anything unparseable give ``None``.
    """
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (int, float)):
        try:
            seconds = float(value)
            if seconds > 1e11:  # milliseconds
                seconds /= 1000
            day = dt.datetime.fromtimestamp(seconds, tz=dt.timezone.utc).date()
        except (ValueError, OverflowError, OSError):
            return None
        return day.isoformat() if 1900 <= day.year <= 2200 else None
    if not isinstance(value, str):
        return None
    s = " ".join(strip_control_chars(value).split())[:200]
    if not s:
        return None
    if m := _ISO.match(s):
        return _ymd(int(m[1]), int(m[2]), int(m[3]))
    if m := _ISO_MONTH.match(s):
        return s if 1 <= int(m[2]) <= 12 else None
    if m := _YEAR.match(s):
        return s
    if m := _COMPACT.match(s):
        return _ymd(int(m[1]), int(m[2]), int(m[3]))
    if m := _YMD_SLASH.match(s):
        return _ymd(int(m[1]), int(m[2]), int(m[3]))
    parsed = parsedate_tz(s) if _RFC822.match(s) else None
    if parsed and parsed[0] > 0:
        return _ymd(parsed[0], parsed[1], parsed[2])
    if m := _DMY_TEXT.search(s):
        return _ymd(int(m[3]), _MONTHS[m[2].lower()], int(m[1]))
    if m := _MDY_TEXT.search(s):
        return _ymd(int(m[3]), _MONTHS[m[1].lower()], int(m[2]))
    if m := _MY_TEXT.match(s):
        return f"{int(m[2]):04d}-{_MONTHS[m[1].lower()]:02d}"
    if m := _NUMERIC.match(s):
        a, sep, b, y = int(m[1]), m[2], int(m[3]), int(m[4])
        if a > 12:
            return _ymd(y, b, a)
        if b > 12:
            return _ymd(y, a, b)
        if sep == "." or a == b:
            return _ymd(y, b, a)
    return None


_DATELINE = re.compile(
    r"^(by\s|published\b|posted\b|dated?\b|\d{1,2}(st|nd|rd|th)?\s+[a-z]{3,9}\.?,?\s+\d{4}\b|[a-z]{3,9}\.?\s+\d{1,2}(st|nd|rd|th)?,?\s+\d{4}\b|\d{4}-\d{2}-\d{2}\b)",
    re.I,
)


def find_dateline(text: str, max_lines: int = 5) -> str | None:
    """A day-precision date from a byline or dateline near the top ("By Agency | 3 May 2024").

    Looks at the first ``max_lines`` non-empty lines; only short lines that start like a
    byline or a date count, so dates inside the story are never taken for the publication date.
    """
    seen = 0
    for line in text.split("\n", 50)[:50]:
        line = line.strip()
        if not line:
            continue
        seen += 1
        if seen > max_lines:
            break
        if len(line) <= 120 and _DATELINE.match(line):
            date = normalise_date(line)
            if date and len(date) == 10:
                return date
    return None


def clean_meta_string(value: Any) -> str | None:
    """A metadata value as one clean line: control characters out, whitespace collapsed, '' -> None."""
    if value is None:
        return None
    if not isinstance(value, str):
        value = _as_text(value)
        if value is None:
            return None
    s = " ".join(strip_control_chars(value).split())
    return s or None


META_FIELDS = ("title", "url", "publisher", "published")


def meta_from_mapping(data: dict[str, Any]) -> dict[str, Any]:
    """title/url/publisher/published from a mapping, accepting the same alternates as JSON records."""
    out: dict[str, Any] = {}
    for canon in META_FIELDS:
        for name in FIELD_ALIASES[canon]:
            v = _get(data, name)
            if v is not None and v != "":
                out[canon] = v
                break
    return out


def _load_mapping_file(path: Path) -> Any:
    text = path.read_bytes().decode("utf-8-sig", errors="replace")
    try:
        if path.suffix.lower() == ".json":
            return json.loads(text)
        return yaml.safe_load(text)
    except RecursionError:
        raise ReadProblem("nested too deeply to read") from None
    except (ValueError, yaml.YAMLError) as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise ReadProblem(f"not valid {'JSON' if path.suffix.lower() == '.json' else 'YAML'}: {first}") from None


SIDECAR_SUFFIXES = (".meta.json", ".meta.yaml", ".meta.yml")


def is_sidecar(path: Path) -> bool:
    return path.name.lower().endswith(SIDECAR_SUFFIXES)


def sidecar_for(path: Path) -> Path | None:
    """``<file>.meta.json|yaml`` (full name, e.g. ``a.txt.meta.json``) or ``<stem>.meta.json|yaml``."""
    for base in (path.name, path.stem):
        for suffix in SIDECAR_SUFFIXES:
            candidate = path.with_name(base + suffix)
            if candidate != path and candidate.is_file():
                return candidate
    return None


log = logging.getLogger("milgraph.read")


def _warn_undated(meta: dict[str, Any], where: str) -> None:
    """A ``published`` value that is no date is dropped; say so, since the report then has no
    date to resolve "on Sunday" or "last week" against."""
    value = meta.get("published")
    if value not in (None, "") and normalise_date(value) is None:
        log.warning("%s: published %r is not a date (write YYYY-MM-DD); the report is read without "
                    "a publication date, so its relative dates stay unresolved", where, str(value)[:80])


def read_sidecar(path: Path) -> dict[str, Any]:
    data = _load_mapping_file(path)
    if not isinstance(data, dict):
        raise ReadProblem("metadata sidecar must be a mapping with title/url/published/publisher")
    meta = meta_from_mapping(data)
    _warn_undated(meta, str(path))
    return meta


INDEX_NAME = "index.json"


def is_index_record_list(data: Any) -> bool:
    return (
        isinstance(data, list)
        and bool(data)
        and all(isinstance(x, dict) and isinstance(x.get("file") or x.get("path") or x.get("filename"), str) for x in data)
    )


def read_index(path: Path) -> dict[str, dict[str, Any]]:
    """A folder index: ``[{file, title, url, publisher, published}, ...]`` (or ``{file: {...}}``).

    Returns metadata keyed by the file's path relative to the index's folder (POSIX form).
    """
    data = _load_mapping_file(path)
    out: dict[str, dict[str, Any]] = {}
    if isinstance(data, dict) and all(isinstance(v, dict) for v in data.values()):
        items = [dict(v, file=k) for k, v in data.items()]
    elif isinstance(data, list):
        items = data
    else:
        raise ReadProblem("folder index must be a list of {file, title, url, publisher, published} records")
    for n, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            raise ReadProblem(f"folder index entry {n} is not an object")
        name = item.get("file") or item.get("path") or item.get("filename")
        if not isinstance(name, str) or not name.strip():
            raise ReadProblem(f"folder index entry {n} has no 'file'")
        meta = meta_from_mapping(item)
        _warn_undated(meta, f"{path} (entry {n}, {name.strip()})")
        out[Path(name.strip()).as_posix()] = meta
    return out
