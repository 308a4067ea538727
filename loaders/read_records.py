"""JSON and JSONL report records: field names, alternates and a user ``field_map``."""

from __future__ import annotations

import json
import re
from typing import Any

from milgraph.loaders.read_text import RawDoc, ReadProblem

# Canonical field -> accepted names, first found wins (compared case-insensitively).
FIELD_ALIASES: dict[str, tuple[str, ...]] = {
    "title": ("title", "headline", "name", "subject"),
    "text": ("text", "body", "content", "article", "article_body", "articleBody", "full_text",
             "fulltext", "story", "description", "summary"),
    "url": ("url", "link", "href", "permalink", "canonical_url", "source_url", "uri"),
    "published": ("published", "date", "published_at", "publishedAt", "published_date",
                  "datePublished", "pubDate", "pub_date", "created_at", "created", "timestamp", "time"),
    "publisher": ("publisher", "source", "site", "site_name", "sitename", "outlet", "source_name",
                  "publication", "feed"),
}
CONTAINER_KEYS = ("items", "articles", "records", "documents", "docs", "reports", "entries", "data", "results")
MAX_DEPTH = 20
_HTML_HINT = re.compile(r"<(p|div|br|span|a|h[1-6]|li|ul|ol|strong|em|b|i|blockquote|article|section)\b[^>]*>", re.I)  # nested values deeper than this are not text


def _get(record: dict[str, Any], key: str) -> Any:
    """A (dotted) key, exact first, then case-insensitive."""
    cur: Any = record
    for part in key.split("."):
        if not isinstance(cur, dict):
            return None
        if part in cur:
            cur = cur[part]
            continue
        low = part.lower()
        match = next((k for k in cur if isinstance(k, str) and k.lower() == low), None)
        if match is None:
            return None
        cur = cur[match]
    return cur


def _as_text(value: Any, depth: int = 0) -> str | None:
    """Text of a field value: strings, lists of strings (paragraphs), {"name"|"text"|"value": ...}."""
    if depth > MAX_DEPTH or value is None or isinstance(value, bool):
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, list):
        parts = [p for p in (_as_text(v, depth + 1) for v in value[:10000]) if p and p.strip()]
        return "\n\n".join(parts) if parts else None
    if isinstance(value, dict):
        for k in ("name", "text", "value", "title", "#text", "content"):
            if k in value:
                return _as_text(value[k], depth + 1)
    return None


def record_to_raw(record: Any, field_map: dict[str, str] | None, label: str, line: int | None = None) -> RawDoc:
    """One record to a :class:`RawDoc`; raises :class:`ReadProblem` naming the record when it has no text."""
    if not isinstance(record, dict):
        raise ReadProblem(f"{label} is {type(record).__name__}, expected an object with a text field", line)
    field_map = field_map or {}
    values: dict[str, Any] = {}
    for canon, names in FIELD_ALIASES.items():
        if canon in field_map:
            values[canon] = _get(record, field_map[canon])
            continue
        for name in names:
            v = _get(record, name)
            if v is not None and v != "":
                values[canon] = v
                break
    text = _as_text(values.get("text"))
    if not text or not text.strip():
        if "text" in field_map:
            raise ReadProblem(f"{label}: field {field_map['text']!r} (mapped to text) is missing or empty", line)
        if values.get("text") is not None:
            kind = type(values["text"]).__name__
            raise ReadProblem(f"{label}: the text field holds a {kind}, not text", line)
        raise ReadProblem(
            f"{label} has no text (looked for {', '.join(FIELD_ALIASES['text'][:5])}, ...; "
            "name the field with a field_map, e.g. text=article_body)",
            line,
        )
    if _HTML_HINT.search(text[:5000]):
        from milgraph.loaders.read_html import html_fragment_to_text

        text = html_fragment_to_text(text)
    published = values.get("published")
    if isinstance(published, (dict, list)):
        published = _as_text(published)
    return RawDoc(
        text=text,
        title=_as_text(values.get("title")),
        url=_as_text(values.get("url")),
        publisher=_as_text(values.get("publisher")),
        published=published,
        line=line,
        entry=label,
    )


def _records_of(data: Any) -> list[Any] | None:
    if isinstance(data, list):
        return data
    if isinstance(data, dict):
        for key in CONTAINER_KEYS:
            v = _get(data, key)
            if isinstance(v, list) and v and all(isinstance(x, dict) for x in v):
                return v
        return [data]
    return None


def _loads(text: str, line: int | None = None) -> Any:
    try:
        return json.loads(text)
    except RecursionError:
        raise ReadProblem("JSON nested too deeply to read", line) from None
    except json.JSONDecodeError as exc:
        where = line if line is not None else exc.lineno
        col = f", column {exc.colno}" if line is None else ""
        raise ReadProblem(f"invalid JSON: {exc.msg}{col}", where) from None
    except ValueError as exc:  # e.g. an integer too long to convert
        raise ReadProblem(f"invalid JSON: {exc}", line) from None


def read_json(text: str, field_map: dict[str, str] | None = None) -> list[RawDoc | ReadProblem]:
    """One record, a list of records, or ``{"items": [...]}``-style wrappers."""
    data = _loads(text)
    records = _records_of(data)
    if records is None:
        raise ReadProblem(f"JSON holds a {type(data).__name__}; expected a record or a list of records")
    if not records:
        raise ReadProblem("JSON list is empty (no records)")
    single = len(records) == 1 and isinstance(data, dict)
    out: list[RawDoc | ReadProblem] = []
    for n, record in enumerate(records, start=1):
        label = "record" if single else f"record {n}"
        try:
            out.append(record_to_raw(record, field_map, label))
        except ReadProblem as exc:
            out.append(exc)
    return out


def read_jsonl(text: str, field_map: dict[str, str] | None = None) -> list[RawDoc | ReadProblem]:
    """One JSON record per line; blank lines are skipped; problems name their line."""
    out: list[RawDoc | ReadProblem] = []
    for n, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            record = _loads(line, n)
            out.append(record_to_raw(record, field_map, f"record on line {n}", n))
        except ReadProblem as exc:
            out.append(exc)
    if not out:
        raise ReadProblem("JSONL file has no records")
    return out
