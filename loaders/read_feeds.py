"""RSS and Atom feed files: each item becomes one document (feedparser, no network)."""

from __future__ import annotations

import io
import time
import warnings
from typing import Any

from milgraph.loaders.read_html import html_fragment_to_text
from milgraph.loaders.read_text import RawDoc, ReadProblem


def _struct_to_iso(value: Any) -> str | None:
    if isinstance(value, time.struct_time):
        try:
            return time.strftime("%Y-%m-%d", value)
        except (ValueError, OverflowError):
            return None
    return None


def read_feed(data: bytes) -> tuple[list[RawDoc | ReadProblem], str | None]:
    """Parse a feed; return its items (a :class:`ReadProblem` for an item without text) and the feed title.

    Raises :class:`ReadProblem` when the data is not an RSS/Atom feed at all.
    """
    with warnings.catch_warnings():  # feedparser warns about its own deprecations while reading
        warnings.simplefilter("ignore")
        return _read_feed(data)


def _read_feed(data: bytes) -> tuple[list[RawDoc | ReadProblem], str | None]:
    import feedparser

    try:
        # A stream, never a string: feedparser treats some strings as URLs or file names.
        parsed = feedparser.parse(io.BytesIO(data), resolve_relative_uris=False, sanitize_html=True)
    except RecursionError:
        raise ReadProblem("feed nested too deeply to parse") from None
    except Exception as exc:  # noqa: BLE001 - feedparser's parsers raise many kinds
        raise ReadProblem(f"not a readable RSS/Atom feed ({type(exc).__name__}: {exc})") from None
    feed = parsed.get("feed") or {}
    entries = parsed.get("entries") or []
    version = parsed.get("version") or ""
    if not entries:
        if parsed.get("bozo") and not version:
            exc = parsed.get("bozo_exception")
            detail = f": {exc}" if exc else ""
            raise ReadProblem(f"not a readable RSS/Atom feed{detail}")
        raise ReadProblem("feed has no items")
    publisher = feed.get("title") if isinstance(feed.get("title"), str) else None
    out: list[RawDoc | ReadProblem] = []
    for n, entry in enumerate(entries, start=1):
        label = f"item {n}"
        content = ""
        contents = entry.get("content") or []
        if contents and isinstance(contents, list):
            content = "\n\n".join(
                html_fragment_to_text(c.get("value", "")) for c in contents if isinstance(c, dict) and c.get("value")
            )
        if not content.strip():
            content = html_fragment_to_text(entry.get("summary") or entry.get("description") or "")
        title = entry.get("title") if isinstance(entry.get("title"), str) else None
        if not content.strip():
            what = f" ({title[:60]!r})" if title else ""
            out.append(ReadProblem(f"{label}{what} has no summary or content text"))
            continue
        published = (
            _struct_to_iso(entry.get("published_parsed"))
            or _struct_to_iso(entry.get("updated_parsed"))
            or entry.get("published")
            or entry.get("updated")
        )
        source = entry.get("source") or {}
        item_pub = source.get("title") if isinstance(source, dict) and isinstance(source.get("title"), str) else None
        out.append(
            RawDoc(
                text=content,
                title=title,
                url=entry.get("link") if isinstance(entry.get("link"), str) else None,
                publisher=item_pub or publisher,
                published=published,
                entry=label,
                prepared=True,
            )
        )
    return out, publisher
