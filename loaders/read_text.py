"""Bytes to text: encoding detection, binary sniffing, and the plain-text and Markdown formats.

Helpers of :mod:`milgraph.loaders.readers`; they raise :class:`ReadProblem` for input that
cannot be read, and the reader turns it into a ``ReadFailure`` naming the file.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

import yaml


class ReadProblem(Exception):
    """Input that cannot be read; ``reason`` is a sentence for the user, ``line`` 1-based.

    ``skipped`` marks input that is not a report at all (empty, binary): skipped, not an error.
    """

    def __init__(self, reason: str, line: int | None = None, skipped: bool = False):
        super().__init__(reason)
        self.reason, self.line, self.skipped = reason, line, skipped


@dataclass
class RawDoc:
    """One document as a format reader found it, before metadata merging and cleaning."""

    text: str
    title: str | None = None
    url: str | None = None
    publisher: str | None = None
    published: Any = None  # raw value; normalised later
    line: int | None = None  # where the record starts (JSONL, 1-based)
    entry: str | None = None  # "record 3", "item 2" for containers
    drop_lines: list[str] = field(default_factory=list)  # lines to drop from the body (site name, ...)
    prepared: bool = False  # text is already paragraph-structured (markup removed)


# ----------------------------------------------------------------------------- decoding

_MAGIC = [
    (b"%PDF", "a PDF document"),
    (b"\x89PNG", "a PNG image"),
    (b"GIF8", "a GIF image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"PK\x03\x04", "a ZIP archive (or an Office document)"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"BZh", "a bzip2 archive"),
    (b"\xfd7zXZ", "an xz archive"),
    (b"7z\xbc\xaf", "a 7z archive"),
    (b"\x7fELF", "an executable"),
    (b"MZ", None),  # checked with the control-byte ratio below (plain text may start with "MZ")
    (b"\xd0\xcf\x11\xe0", "an old Office document"),
    (b"SQLite format 3", "an SQLite database"),
    (b"RIFF", "a RIFF media file"),
    (b"OggS", "an Ogg media file"),
    (b"ID3", "an MP3 file"),
]

_BOMS = [
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
]

# bytes that never occur in text files (all C0 controls except \t \n \v \f \r and ESC)
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 11, 12, 13, 27)) + b"\x7f"


def _looks_utf16(data: bytes) -> str | None:
    """UTF-16 without a BOM: NUL in every other byte of mostly-ASCII text."""
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) > 0.8 * len(odd) and even.count(0) < 0.1 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.8 * len(even) and odd.count(0) < 0.1 * len(odd):
        return "utf-16-be"
    return None


@dataclass
class Decoded:
    """Decoded file contents; ``notes`` are warnings for the user (bytes replaced or removed)."""

    text: str
    encoding: str
    notes: list[str] = field(default_factory=list)


def decode_bytes(data: bytes) -> tuple[str, str]:
    """``(text, encoding)`` of file contents (see :func:`decode_report`; its notes are dropped)."""
    decoded = decode_report(data)
    return decoded.text, decoded.encoding


# text with a few stray NUL bytes (at most this many, or this share of the file) is text, not binary
_MAX_STRAY_NULS, _MAX_NUL_SHARE = 8, 0.01


def decode_report(data: bytes) -> Decoded:
    """Decode file contents or raise :class:`ReadProblem`.

    BOMs (UTF-8, UTF-16, UTF-32) decide first; then UTF-8 when the bytes decode cleanly, or
    when they are mostly UTF-8 (its multi-byte characters outnumber the invalid bytes, which
    are replaced by U+FFFD with a note: one bad byte must not turn the whole file into
    mojibake); otherwise charset-normalizer's best guess (cp1251, latin-1, ...). Binary data
    (known file signatures, many NUL or control bytes) is refused; a few stray NUL bytes in
    text are removed with a note.
    """
    if not data.strip():
        raise ReadProblem("empty file (nothing to read)", skipped=True)
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return Decoded(data.decode(enc), enc.replace("-sig", ""))
            except UnicodeDecodeError as exc:
                raise ReadProblem(f"starts with a {enc} byte-order mark but is not valid {enc} ({exc.reason})") from None
    for magic, what in _MAGIC:
        if what and data.startswith(magic):
            raise ReadProblem(f"binary file ({what}), not text; convert it to text, HTML or JSON first", skipped=True)
    notes: list[str] = []
    if b"\x00" in data:
        enc = _looks_utf16(data)
        if enc:
            try:
                return Decoded(data.decode(enc), enc)
            except UnicodeDecodeError:
                pass
        nuls = data.count(b"\x00")
        if nuls > max(_MAX_STRAY_NULS, _MAX_NUL_SHARE * len(data)):
            raise ReadProblem("binary file (contains NUL bytes), not text", skipped=True)
        data = data.replace(b"\x00", b"")
        notes.append(f"{nuls} NUL byte{'s' if nuls != 1 else ''} removed")
        if not data.strip():
            raise ReadProblem("empty file (nothing to read)", skipped=True)
    sample = data[:65536]
    controls = sum(sample.count(bytes([b])) for b in _CONTROL_BYTES)
    if controls > max(2, 0.01 * len(sample)):
        raise ReadProblem("binary file (many control bytes), not text", skipped=True)
    try:
        return Decoded(data.decode("utf-8"), "utf-8", notes)
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    mostly = _mostly_utf8(data, first_bad)
    if mostly is not None:
        return Decoded(mostly[0], "utf-8", notes + [mostly[1]])
    declared = _declared_charset(data)
    if declared:
        try:
            return Decoded(data.decode(declared), declared, notes)
        except (UnicodeDecodeError, LookupError):
            pass
    text, enc = _decode_single_byte(data)
    return Decoded(text, enc, notes)


def _mostly_utf8(data: bytes, first_bad: int) -> tuple[str, str] | None:
    """``(text, note)`` when ``data`` is UTF-8 apart from a few invalid bytes, else None.

    Text in a single-byte encoding (cp1251, latin-1) almost never forms valid multi-byte UTF-8
    sequences, so valid ones outnumbering the invalid bytes mark a UTF-8 file with damage.
    """
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - data.count("\ufffd".encode("utf-8"))
    multibyte = len(text) - len(text.encode("ascii", "ignore")) - text.count("\ufffd")
    if bad <= 0 or multibyte < bad:
        return None
    places = f"{bad} place{'s' if bad != 1 else ''}"
    return text, f"not valid UTF-8 in {places} (first at byte {first_bad}); read as UTF-8 with those bytes replaced by U+FFFD"


_DECLARED = re.compile(rb"""(?:charset|encoding)\s*=\s*["']?([A-Za-z0-9_.:-]{2,40})""", re.I)


def _declared_charset(data: bytes) -> str | None:
    """The charset an HTML/XML head declares (``<meta charset=...>``, ``<?xml encoding=...?>``)."""
    head = data[:4096]
    if b"<" not in head:
        return None
    m = _DECLARED.search(head)
    if not m:
        return None
    try:
        name = codecs.lookup(m.group(1).decode("ascii")).name
    except (LookupError, UnicodeDecodeError):
        return None
    return None if name in ("utf-8", "utf-16", "utf-32") or name.startswith(("utf-16", "utf-32")) else name


def _script(ch: str) -> str:
    name = unicodedata.name(ch, "")
    return name.split(" ", 1)[0]  # LATIN, CYRILLIC, GREEK, ...


def _plausibility(text: str) -> int:
    """How much a single-byte decoding looks like real words (higher is better).

    Words mixing scripts (``arrivй``), Latin words made mostly of accented letters
    (``Ïðèâåò``: Cyrillic read as cp1252) and stray symbols count against it.
    """
    score = 0
    for word in _WORD.findall(text[:200_000]):
        if word.isascii():
            continue
        scripts = {_script(c) for c in word}
        if len(scripts) > 1:
            score -= 1
        elif scripts == {"LATIN"} and len(word) >= 3 and sum(not c.isascii() for c in word) > len(word) / 2:
            score -= 1
        else:
            score += 1
    score -= sum(1 for c in text[:200_000] if not c.isascii() and not c.isalpha() and c not in _OK_SYMBOLS)
    return score


_WORD = re.compile(r"[^\W\d_]+")
_OK_SYMBOLS = set("’‘“”„–—…«»€°§©®™·•¡¿£¥¢µ¶×÷±½¼¾¹²³ªº¨´¸\u00a0№")


def _decode_single_byte(data: bytes) -> tuple[str, str]:
    """Not UTF-8: the most plausible of cp1252 (Western European, latin-1's printable range),
    cp1251 (Cyrillic), charset-normalizer's guess and latin-1 (which decodes anything)."""
    best = None
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
    except Exception:  # noqa: BLE001 - the detector must not take the reader down
        best = None
    decoded: list[tuple[str, str]] = []
    for enc in ("cp1252", "cp1251"):
        try:
            decoded.append((data.decode(enc), enc))
        except UnicodeDecodeError:
            continue
    if best is not None and best.encoding not in ("cp1252", "cp1251"):
        try:
            decoded.append((str(best), str(best.encoding)))
        except Exception:  # noqa: BLE001
            pass
    decoded.append((data.decode("latin-1"), "latin-1"))
    # best plausibility wins; ties go to the earlier (commoner) encoding
    _, _, text, enc = max((_plausibility(t), -rank, t, e) for rank, (t, e) in enumerate(decoded))
    return text, enc


def sniff_kind(text: str) -> str:
    """Guess a format from content: ``html``, ``feed``, ``json``, ``jsonl`` or ``text``."""
    head = text.lstrip()[:2048].lower()
    if head.startswith(("{", "[")):
        first = text.lstrip().split("\n", 1)[0].strip()
        if first.startswith("{") and first.endswith("}") and "\n" in text.strip():
            return "jsonl"
        return "json"
    if head.startswith("<"):
        if "<rss" in head or "<feed" in head or "<rdf:rdf" in head:
            return "feed"
        return "html"
    return "text"


# ----------------------------------------------------------------------------- plain text


def read_plain(text: str) -> RawDoc:
    """Line 1 is the title when a blank line follows it; the rest is the body."""
    text = text.lstrip("\ufeff")
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    while lines and not lines[0].strip():
        lines.pop(0)
    if len(lines) >= 3 and lines[0].strip() and not lines[1].strip() and len(lines[0]) <= 300:
        return RawDoc(text="\n".join(lines[2:]), title=lines[0].strip())
    return RawDoc(text="\n".join(lines))


# ----------------------------------------------------------------------------- Markdown

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
_ATX = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_HR = re.compile(r"^ {0,3}([-*_])([ \t]*\1){2,}[ \t]*$")
_LIST = re.compile(r"^ {0,12}(?:[-*+]|\d{1,9}[.)])[ \t]+(?:\[[ xX]\][ \t]+)?")
_QUOTE = re.compile(r"^ {0,3}(?:>[ \t]?)+")
_REFDEF = re.compile(r"^ {0,3}\[[^\]]{1,200}\]:[ \t]*\S+.*$")
_TABLE_SEP = re.compile(r"^[ \t]*\|?[ \t]*:?-{2,}:?[ \t]*(\|[ \t]*:?-{2,}:?[ \t]*)*\|?[ \t]*$")
_IMAGE = re.compile(r"!\[([^\]\n]{0,500})\]\([^)\n]{0,2000}\)")
_LINK = re.compile(r"\[([^\]\n]{0,1000})\]\([^)\n]{0,2000}\)")
_REFLINK = re.compile(r"\[([^\]\n]{1,1000})\]\[[^\]\n]{0,200}\]")
_AUTOLINK = re.compile(r"<((?:https?|ftp|mailto):[^>\s]{1,2000})>")
_HTML_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]{0,30}(?:\s[^<>]{0,1000})?/?>")
_CODE = re.compile(r"`+([^`\n]{1,2000}?)`+")
_STRONG = re.compile(r"(\*\*|__)(?=\S)([^\n]{1,2000}?)(?<=\S)\1")
_EM = re.compile(r"(?<![\w*])([*_])(?=\S)([^\n*_]{1,2000}?)(?<=\S)\1(?![\w*])")
_STRIKE = re.compile(r"~~(?=\S)([^\n]{1,2000}?)(?<=\S)~~")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~])")


def _inline(s: str) -> str:
    s = _IMAGE.sub("", s)
    s = _LINK.sub(r"\1", s)
    s = _REFLINK.sub(r"\1", s)
    s = _AUTOLINK.sub(r"\1", s)
    s = _HTML_TAG.sub("", s)
    s = _CODE.sub(r"\1", s)
    s = _STRONG.sub(r"\2", s)
    s = _EM.sub(r"\2", s)
    s = _STRIKE.sub(r"\1", s)
    s = _ESCAPE.sub(r"\1", s)
    if s.endswith("\\"):
        s = s[:-1]
    return s.strip()


def _front_matter(text: str) -> tuple[dict[str, Any], str]:
    m = _FRONT_MATTER.match(text)
    if not m:
        return {}, text
    try:
        data = yaml.safe_load(m.group(1))
    except Exception:  # noqa: BLE001 - a broken header is just not metadata
        return {}, text
    if not isinstance(data, dict):
        return {}, text
    return data, text[m.end():]


class _Paragraphs:
    """Paragraphs of lines being built: a soft-wrapped line joins the one before it, unless that
    one ended in a hard break (kept as a trailing newline until the next line comes)."""

    def __init__(self) -> None:
        self.paragraphs: list[list[str]] = [[]]

    @property
    def current(self) -> list[str]:
        return self.paragraphs[-1]

    def new(self) -> None:
        if self.paragraphs[-1]:
            self.paragraphs.append([])

    def add(self, line: str, soft: bool) -> None:
        cur = self.paragraphs[-1]
        if soft and cur and not cur[-1].endswith("\n"):
            cur[-1] = cur[-1] + " " + line
        else:
            if cur and cur[-1].endswith("\n"):
                cur[-1] = cur[-1][:-1]
            cur.append(line)

    def text(self) -> str:
        return "\n\n".join("\n".join(x.rstrip("\n") for x in p) for p in self.paragraphs if p)


def read_markdown(text: str) -> RawDoc:
    """Markdown to plain paragraphs; the title is the first level-1 heading (or front matter ``title``).

    Markup goes (emphasis, links keep their text, images, HTML tags, code fences keep their
    content); soft-wrapped lines are joined; headings, list items and table rows become lines
    of their own; blank lines separate paragraphs.
    """
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    meta, text = _front_matter(text)
    title = meta.get("title") if isinstance(meta.get("title"), str) else None
    pars = _Paragraphs()
    in_fence: str | None = None
    for raw in text.split("\n"):
        if in_fence:
            if raw.strip().startswith(in_fence):
                in_fence = None
                pars.new()
            elif raw.strip():
                pars.add(raw.strip(), soft=False)
            continue
        fence = _FENCE.match(raw)
        if fence:
            in_fence = fence.group(1)[0] * 3
            pars.new()
        elif not raw.strip():
            pars.new()
        elif _REFDEF.match(raw) or _TABLE_SEP.match(raw):
            continue
        elif _SETEXT.match(raw) and pars.current:
            title = _setext_heading(pars, raw, title)
        elif _HR.match(raw):
            pars.new()
        elif _ATX.match(raw):
            title = _atx_heading(pars, _ATX.match(raw), title)
        else:
            _add_text_line(pars, raw)
    doc = RawDoc(text=pars.text(), title=title, prepared=True)
    _take_front_matter(doc, meta)
    return doc


def _setext_heading(pars: _Paragraphs, underline: str, title: str | None) -> str | None:
    """The underline turns the paragraph's last line into a heading: the title under "===" when
    there is none yet, else a line of its own."""
    heading = pars.current.pop()
    if pars.current:
        pars.new()
    if underline.strip().startswith("=") and title is None:
        title = heading
    else:
        pars.current.append(heading)
    pars.new()
    return title


def _atx_heading(pars: _Paragraphs, atx: re.Match, title: str | None) -> str | None:
    """"# Title" is the title when there is none yet; other headings are lines of their own."""
    heading = _inline(atx.group(2))
    pars.new()
    if len(atx.group(1)) == 1 and title is None and heading:
        title = heading
    elif heading:
        pars.current.append(heading)
    pars.new()
    return title


def _add_text_line(pars: _Paragraphs, raw: str) -> None:
    """A line of text, a list item (a line of its own) or a table row (its cells joined by " | ")."""
    line = _QUOTE.sub("", raw)
    hard_break = line.endswith("  ") or line.rstrip(" ").endswith("\\")
    item = _LIST.match(line)
    if item:
        line = line[item.end():]
    stripped = line.strip()
    if stripped.startswith("|") or (stripped.count("|") >= 2 and stripped.endswith("|")):
        cells = [_inline(c) for c in stripped.strip("|").split("|")]
        pars.add(" | ".join(c for c in cells if c), soft=False)
        return
    content = _inline(line)
    if content:
        pars.add(content + ("\n" if hard_break else ""), soft=not item)


def _take_front_matter(doc: RawDoc, meta: dict) -> None:
    """The address, date and publisher the front matter gives, under any of their usual keys."""
    for key in ("url", "link", "canonical_url"):
        if isinstance(meta.get(key), str):
            doc.url = meta[key]
            break
    for key in ("published", "date", "published_at", "pubdate"):
        if meta.get(key) is not None:
            doc.published = meta[key]
            break
    for key in ("publisher", "source", "site", "site_name"):
        if isinstance(meta.get(key), str):
            doc.publisher = meta[key]
            break
