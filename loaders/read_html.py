"""HTML pages to report text and metadata.

The main text comes from trafilatura (boilerplate removal, no network: it is handed the page
as a string and never fetches anything); when it finds nothing, a small tolerant parser takes
the text of the page's block elements instead. Title, canonical URL, publisher (site name)
and publication date come from trafilatura's metadata with the page's own ``<meta>``/``<link>``
tags filling gaps.
"""

from __future__ import annotations

import json
import logging
import re
import warnings
from html import unescape
from html.parser import HTMLParser

from milgraph.loaders.read_text import RawDoc

_SKIP = {"script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form",
         "button", "svg", "iframe", "select", "textarea", "figure", "object", "canvas", "menu"}
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
         "track", "wbr", "param", "keygen"}
_BLOCK = {"p", "div", "section", "article", "main", "h1", "h2", "h3", "h4", "h5", "h6", "li",
          "blockquote", "pre", "table", "tr", "ul", "ol", "dl", "dt", "dd", "address", "body",
          "figcaption", "details", "summary"}
_DATE_META = ("article:published_time", "og:published_time", "datepublished", "date", "pubdate",
              "publishdate", "publish-date", "publish_date", "dc.date", "dc.date.issued",
              "dcterms.date", "dcterms.created", "citation_publication_date", "sailthru.date",
              "parsely-pub-date", "article.published", "published_time", "release_date")
_SITE_META = ("og:site_name", "application-name", "publisher", "dc.publisher", "dcterms.publisher",
              "citation_publisher", "article:publisher")
_URL_META = ("og:url", "twitter:url")
_TITLE_META = ("og:title", "twitter:title", "dc.title", "citation_title", "headline")


class _PageParser(HTMLParser):
    """Tolerant single-pass parser: metadata tags plus the text of block elements."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, str] = {}
        self.canonical: str | None = None
        self.title_parts: list[str] = []
        self.h1: str | None = None
        self.jsonld: list[str] = []
        self.paragraphs: list[str] = []
        self._buf: list[str] = []
        self._skip_depth = 0
        self._skip_stack: list[str] = []
        self._in_title = False
        self._in_h1 = False
        self._h1_buf: list[str] = []
        self._in_jsonld = False
        self._jsonld_buf: list[str] = []

    def _flush(self) -> None:
        text = " ".join("".join(self._buf).split())
        if text:
            self.paragraphs.append(text)
        self._buf = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k.lower(): (v or "") for k, v in attrs}
        if tag == "meta":
            key = (a.get("property") or a.get("name") or a.get("itemprop") or "").strip().lower()
            if key and "content" in a and key not in self.meta:
                self.meta[key] = a["content"]
            return
        if tag == "link":
            if "canonical" in a.get("rel", "").lower().split() and a.get("href") and not self.canonical:
                self.canonical = a["href"]
            return
        if tag == "script" and "ld+json" in a.get("type", "").lower():
            self._in_jsonld, self._jsonld_buf = True, []
        if tag == "title":
            self._in_title = True
        if tag in _SKIP:
            if tag not in _VOID:
                self._skip_stack.append(tag)
            return
        if tag == "time" and "datetime" in a and "time" not in self.meta:
            self.meta.setdefault("time", a["datetime"])
        if tag == "h1" and self.h1 is None and not self._skip_stack:
            self._in_h1, self._h1_buf = True, []
        if tag in _BLOCK or tag == "br":
            self._flush()

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._in_jsonld:
            self._in_jsonld = False
            self.jsonld.append("".join(self._jsonld_buf))
        if tag == "title":
            self._in_title = False
        if self._skip_stack and tag in _SKIP:
            # close up to the matching open tag (tolerates unclosed inner tags)
            if tag in self._skip_stack:
                while self._skip_stack:
                    if self._skip_stack.pop() == tag:
                        break
            return
        if tag == "h1" and self._in_h1:
            self._in_h1 = False
            self.h1 = " ".join("".join(self._h1_buf).split()) or None
        if tag in _BLOCK:
            self._flush()

    def handle_data(self, data: str) -> None:
        if self._in_jsonld:
            if sum(map(len, self._jsonld_buf)) < 1_000_000:
                self._jsonld_buf.append(data)
            return
        if self._in_title:
            self.title_parts.append(data)
            return
        if self._skip_stack:
            return
        if self._in_h1:
            self._h1_buf.append(data)
        self._buf.append(data)

    def close(self) -> None:
        super().close()
        self._flush()


def _jsonld_fields(blobs: list[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for blob in blobs:
        try:
            data = json.loads(blob)
        except (ValueError, RecursionError):
            continue
        items = data if isinstance(data, list) else [data]
        graph = [x for x in items if isinstance(x, dict)]
        for item in list(graph):
            if isinstance(item.get("@graph"), list):
                graph.extend(x for x in item["@graph"] if isinstance(x, dict))
        for item in graph:
            kind = item.get("@type")
            kinds = kind if isinstance(kind, list) else [kind]
            if not any(isinstance(k, str) and ("Article" in k or k in ("Report", "BlogPosting", "WebPage")) for k in kinds):
                continue
            if isinstance(item.get("datePublished"), str):
                out.setdefault("published", item["datePublished"])
            if isinstance(item.get("headline"), str):
                out.setdefault("title", item["headline"])
            pub = item.get("publisher")
            if isinstance(pub, dict) and isinstance(pub.get("name"), str):
                out.setdefault("publisher", pub["name"])
            elif isinstance(pub, str):
                out.setdefault("publisher", pub)
            if isinstance(item.get("url"), str):
                out.setdefault("url", item["url"])
    return out


def parse_page(html: str) -> tuple[list[str], dict[str, str | None]]:
    """The simple parser: block texts and metadata from tags (never raises on malformed HTML)."""
    parser = _PageParser()
    try:
        parser.feed(html)
        parser.close()
    except Exception:  # noqa: BLE001 - keep what was parsed so far
        parser._flush()
    m = parser.meta
    ld = _jsonld_fields(parser.jsonld)
    title = next((m[k] for k in _TITLE_META if m.get(k)), None) or ld.get("title") or parser.h1
    if not title and parser.title_parts:
        title = "".join(parser.title_parts)
    meta = {
        "title": title,
        "url": parser.canonical or next((m[k] for k in _URL_META if m.get(k)), None) or ld.get("url"),
        "publisher": next((m[k] for k in _SITE_META if m.get(k) and not m[k].startswith("http")), None)
        or ld.get("publisher"),
        "published": next((m[k] for k in _DATE_META if m.get(k)), None) or ld.get("published") or m.get("time"),
    }
    meta = {k: (" ".join(unescape(v).split()) if isinstance(v, str) else v) for k, v in meta.items()}
    return parser.paragraphs, meta


def _trafilatura(html: str):
    try:
        import trafilatura
    except ImportError:  # pragma: no cover - a declared dependency
        return None
    logging.getLogger("trafilatura").setLevel(logging.ERROR)
    logging.getLogger("htmldate").setLevel(logging.ERROR)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return trafilatura.bare_extraction(
                html,
                with_metadata=True,
                include_comments=False,
                include_tables=True,
                include_images=False,
                include_links=False,
                date_extraction_params={"extensive_search": False, "original_date": True, "outputformat": "%Y-%m-%d"},
            )
        except (RecursionError, ValueError, TypeError, AttributeError, LookupError):
            return None


_WS = re.compile(r"\s+")
# Embedded social posts (their text is not the report's); the embed markup is one flat blockquote.
_EMBED = re.compile(
    r"<blockquote\b[^>]{0,500}class\s*=\s*[\"']?[^\"'>]{0,200}"
    r"(twitter-tweet|twitter-video|instagram-media|tiktok-embed|telegram-post|fb-xfbml-parse-ignore|bluesky-embed|mastodon-embed)"
    r"[^>]{0,500}>.*?</blockquote\s*>",
    re.I | re.S,
)


def read_html(html: str) -> RawDoc:
    """Main text and metadata of one HTML page (boilerplate removed as far as trafilatura can)."""
    html = _EMBED.sub("", html)
    result = _trafilatura(html) if html.strip() else None
    paragraphs, own = parse_page(html)
    text = ""
    t_meta: dict[str, str | None] = {}
    if result is not None:
        text = (getattr(result, "text", None) or "").strip()
        hostname = getattr(result, "hostname", None)
        sitename = getattr(result, "sitename", None)
        t_meta = {
            "title": getattr(result, "title", None),
            "url": getattr(result, "url", None),
            # trafilatura falls back to the host name; a site name from the page is better
            "publisher": None if sitename and sitename == hostname else sitename,
            "published": getattr(result, "date", None),
        }
    if text:
        # trafilatura puts one paragraph (or heading, list item) per line
        body = "\n\n".join(line.strip() for line in text.split("\n") if line.strip())
    else:
        body = "\n\n".join(paragraphs)
    fields = {k: t_meta.get(k) or own.get(k) for k in ("title", "url", "publisher", "published")}
    if not fields["publisher"] and result is not None:
        fields["publisher"] = getattr(result, "sitename", None)
    doc = RawDoc(
        text=body,
        title=_WS.sub(" ", fields["title"]).strip() if fields["title"] else None,
        url=fields["url"],
        publisher=fields["publisher"],
        published=fields["published"],
        prepared=True,
    )
    doc.drop_lines = [x for x in (doc.title, doc.publisher, own.get("title")) if x]
    return doc


def html_fragment_to_text(fragment: str) -> str:
    """Text of an HTML fragment (a feed item's summary or content), paragraphs separated by blank lines."""
    if "<" not in fragment:
        return unescape(fragment)
    paragraphs, _ = parse_page(fragment)
    return "\n\n".join(paragraphs)
