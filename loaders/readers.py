"""Read report files into cleaned :class:`~milgraph.graph.records.Document` objects.

``iter_documents(paths)`` yields one ``Document`` per report and one :class:`ReadFailure` per
input (or record) that could not be read; it never raises for bad input, so one broken file
does not stop a batch. Formats, by file extension:

=====================  =======================================================================
``.txt``, ``.text``    line 1 is the title when a blank line follows it, then the body
``.md``, ``.markdown`` title from the first ``# `` heading (or front matter), markup stripped
``.html``, ``.htm``    main text via trafilatura (no network), title/date/site name/canonical URL
``.json``              one record, a list of records, or ``{"items": [...]}``
``.jsonl``, ``.ndjson`` one record per line (problems name the line)
``.rss``, ``.atom``,   feed items (feedparser): title, summary or content, link, published
``.xml``
folders                recursively, in sorted order; hidden files, YAML files and facts files
                       (``*.facts.json``) are skipped, other unknown types give a ReadFailure
=====================  =======================================================================

Record fields: title, text, url, published, publisher, with common alternates (body, content,
date, source, link, ...) and a ``field_map`` in :class:`MetaOverrides` (``{"text": "article_body"}``,
dotted paths allowed).

Metadata the text lacks comes from ``MetaOverrides``, a sidecar next to the file
(``<name>.meta.json`` / ``.meta.yaml``, also ``<file>.txt.meta.json``) or the folder's
``index.json`` (``[{file, title, url, publisher, published}]``). For a file holding one report,
overrides beat the sidecar, which beats the index, which beats what the file itself says.
For files holding many reports (JSON lists, JSONL, feeds) each record's own values win and the
others only fill gaps. A ``url`` override only applies when a single file is read (never to a
folder, several paths or a many-record file), since one URL cannot name many reports.

The report id is ``report:`` + the first 16 hex digits of the SHA-256 of the cleaned text (with
the publisher, when known, hashed in: see :func:`report_id`), so the same text from the same
publisher read twice has the same id; ``published`` is an ISO date where parseable.
"""

from __future__ import annotations

import hashlib
import logging
import os
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from milgraph.errors import InputError
from milgraph.graph.ids import publisher_key
from milgraph.graph.records import Document, ReportMeta
from milgraph.loaders.clean import clean_text
from milgraph.loaders.read_feeds import read_feed
from milgraph.loaders.read_html import read_html
from milgraph.loaders.read_meta import (
    INDEX_NAME,
    META_FIELDS,
    clean_meta_string,
    find_dateline,
    is_index_record_list,
    is_sidecar,
    normalise_date,
    read_index,
    read_sidecar,
    sidecar_for,
)
from milgraph.loaders.read_records import _loads, read_json, read_jsonl
from milgraph.loaders.read_text import RawDoc, ReadProblem, decode_bytes, decode_report, read_markdown, read_plain, sniff_kind

__all__ = ["Document", "MetaOverrides", "ReadFailure", "iter_documents", "read_documents", "read_path",
           "report_id", "set_max_input_mb", "FORMATS", "MAX_FILE_BYTES"]

FORMATS: dict[str, str] = {
    ".txt": "text", ".text": "text",
    ".md": "markdown", ".markdown": "markdown",
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".json": "json",
    ".jsonl": "jsonl", ".ndjson": "jsonl",
    ".rss": "feed", ".atom": "feed", ".xml": "feed",
}
IGNORED_SUFFIXES = (".yaml", ".yml", ".facts.json")  # facts files: the facts loader reads them
MAX_FILE_BYTES = 200 * 1024 * 1024
log = logging.getLogger("milgraph.read")  # warnings about inputs that were read with repairs
_max_input_mb: float | None = None  # None: milgraph.config.max_input_mb() decides


def set_max_input_mb(mb: float | None) -> None:
    """Refuse reports whose text is longer than ``mb`` MB (millions of characters; 0: no
    limit; None: the configured default). Extraction time grows with the text, so one huge
    input is refused with a message instead of running for minutes."""
    global _max_input_mb
    _max_input_mb = mb


def _too_long(raw: RawDoc, file_bytes: int | None = None) -> str | None:
    """Why this report is refused for its size, or None. With ``file_bytes`` (a file holding
    one report, before it is read): when even at 4 bytes a character its text is too long."""
    from milgraph.config import max_input_mb

    limit = max_input_mb(_max_input_mb)
    if not limit:
        return None
    if file_bytes is not None:
        if file_bytes // 4 <= limit * 1_000_000:
            return None
        size = f"the file is {file_bytes / 1_000_000:.1f} MB"
    elif len(raw.text) <= limit * 1_000_000:
        return None
    else:
        size = f"report text is {len(raw.text) / 1_000_000:.1f} MB"
    what = f"{raw.entry}: " if raw.entry else ""
    return (f"{what}{size}, over the limit of {limit:g} MB of text per report; "
            f"raise it with --max-input-mb (or MILGRAPH_MAX_INPUT_MB), or split the file")


@dataclass
class ReadFailure:
    """An input (or one record of it) that was skipped; ``reason`` says why and what to do."""

    path: str
    reason: str
    line: int | None = None
    skipped: bool = False  # not a report at all (empty, binary, unsupported type): skipped, not an error

    def __post_init__(self) -> None:
        self.path = str(self.path)

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        return f"{where}: {self.reason}"

    def to_error(self) -> InputError:
        """The same problem as an :class:`~milgraph.errors.InputError` (for callers that stop on the first)."""
        return InputError(self.path, self.reason, line=self.line)


@dataclass
class MetaOverrides:
    """Metadata given by the user (CLI options). ``field_map`` renames JSON/JSONL record fields."""

    published: str | None = None
    publisher: str | None = None
    url: str | None = None
    field_map: dict[str, str] | None = None
    title: str | None = None


def report_id(text: str, publisher: str | None = None) -> tuple[str, str]:
    """``(id, sha256)`` of a cleaned text: ``sha256`` is the text's SHA-256, and the id is
    ``report:`` + its first 16 hex digits, or with a publisher those of the SHA-256 of the
    publisher (compared as a name) and the text: the same text from two publishers is two
    reports (two sources that corroborate each other), from the same publisher one report."""
    digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    key = publisher_key(publisher)
    if key:
        keyed = hashlib.sha256(f"{key}\n{text}".encode("utf-8", "surrogatepass")).hexdigest()
        return "report:" + keyed[:16], digest
    return "report:" + digest[:16], digest


# ----------------------------------------------------------------------------- metadata


class _MetaContext:
    """Sidecars and folder indexes, read once per run."""

    def __init__(self) -> None:
        self._indexes: dict[Path, dict[str, dict[str, Any]] | None] = {}
        self.failures: list[ReadFailure] = []

    def index(self, folder: Path) -> dict[str, dict[str, Any]] | None:
        if folder not in self._indexes:
            path = folder / INDEX_NAME
            entries = None
            if path.is_file():
                try:
                    entries = read_index(path)
                except ReadProblem as exc:
                    self.failures.append(ReadFailure(path, f"{exc.reason}; its metadata is not used", exc.line))
                except OSError as exc:
                    self.failures.append(ReadFailure(path, f"cannot read folder index ({exc.strerror or exc})"))
            self._indexes[folder] = entries
        return self._indexes[folder]

    def index_meta(self, path: Path, root: Path | None) -> dict[str, Any]:
        folder = path.parent
        stop = root if root is not None else folder
        while True:
            entries = self.index(folder)
            if entries:
                try:
                    rel = path.relative_to(folder).as_posix()
                except ValueError:
                    rel = path.name
                if rel in entries:
                    return entries[rel]
            if folder == stop or folder.parent == folder:
                return {}
            folder = folder.parent

    def sidecar_meta(self, path: Path) -> dict[str, Any]:
        side = sidecar_for(path)
        if side is None:
            return {}
        try:
            return read_sidecar(side)
        except ReadProblem as exc:
            self.failures.append(ReadFailure(side, f"{exc.reason}; this metadata is not used", exc.line))
        except OSError as exc:
            self.failures.append(ReadFailure(side, f"cannot read metadata sidecar ({exc.strerror or exc})"))
        return {}

    def drain(self) -> list[ReadFailure]:
        out, self.failures = self.failures, []
        return out


def _merge(raw: RawDoc, layers: list[dict[str, Any]], overrides: MetaOverrides | None, single: bool) -> dict[str, Any]:
    """Field values by precedence (see module docstring); ``layers`` = [sidecar, index]."""
    own = {"title": raw.title, "url": raw.url, "publisher": raw.publisher,
           "published": raw.published if raw.published is not None else find_dateline(raw.text)}
    ov: dict[str, Any] = {}
    if overrides is not None:
        ov = {"title": overrides.title, "url": overrides.url if single else None,
              "publisher": overrides.publisher, "published": overrides.published}
    order = [ov, *layers, own] if single else [own, *layers, ov]
    out: dict[str, Any] = {}
    for f in META_FIELDS:
        for layer in order:
            v = layer.get(f)
            if f == "published":
                v = normalise_date(v)
            else:
                v = clean_meta_string(v)
            if v:
                out[f] = v
                break
        else:
            out[f] = None
    return out


def _where(raw: RawDoc, path: Path, single: bool) -> str:
    """Where a report was read from: the file, or for one of many records ``file:line``
    (JSONL) or ``file (record 3)`` (JSON lists, feed items), so messages name the record."""
    if single:
        return str(path)
    if raw.line is not None:
        return f"{path}:{raw.line}"
    return f"{path} ({raw.entry})" if raw.entry else str(path)


def _document(raw: RawDoc, path: Path, meta: dict[str, Any], single: bool = True) -> Document | ReadFailure:
    too_long = _too_long(raw)
    if too_long:
        return ReadFailure(path, too_long, raw.line)
    drop = [x for x in (meta["title"], raw.title, meta["publisher"], raw.publisher, *raw.drop_lines) if x]
    text, paragraphs = clean_text(raw.text, drop_lines=drop, unwrap=not raw.prepared)
    if not text:
        what = f"{raw.entry}: " if raw.entry else ""
        return ReadFailure(path, f"{what}no report text (empty, or only boilerplate)", raw.line, skipped=True)
    rid, digest = report_id(text, meta["publisher"])
    return Document(
        text=text,
        meta=ReportMeta(
            id=rid,
            title=meta["title"] or "",
            url=meta["url"],
            publisher=meta["publisher"],
            published=meta["published"],
            sha256=digest,
            path=_where(raw, path, single),
        ),
        paragraphs=paragraphs,
    )


# ----------------------------------------------------------------------------- files


def _is_facts(path: Path) -> bool:
    """YAML and facts files belong to the facts loader (milgraph.loaders.facts)."""
    if path.name.lower().endswith(IGNORED_SUFFIXES) and not is_sidecar(path):
        return True
    try:
        from milgraph.loaders.facts import is_facts_file
    except ImportError:  # pragma: no cover - the facts loader ships with milgraph
        return False
    try:
        return bool(is_facts_file(path))
    except Exception:  # noqa: BLE001
        return False


def _skipped(path: Path) -> bool:
    return path.name.startswith(".") or is_sidecar(path) or _is_facts(path)


def _kind_for(path: Path, in_folder: bool) -> str | None:
    kind = FORMATS.get(path.suffix.lower())
    if kind is None and not in_folder:
        return "sniff"
    if kind is None and path.suffix == "":
        return "sniff"
    return kind


def _raws(path: Path, kind: str, overrides: MetaOverrides | None) -> tuple[list[RawDoc | ReadProblem], bool]:
    """Format readers; returns the raw documents (or per-record problems) and whether the file is one report."""
    info = path.stat()
    if not stat.S_ISREG(info.st_mode):
        raise ReadProblem("not a regular file (a device, pipe or socket)", skipped=True)
    if info.st_size > MAX_FILE_BYTES:
        raise ReadProblem(f"file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB; split it first")
    if kind in ("text", "markdown"):  # one report: refuse before reading when even 4-byte characters are too many
        too_long = _too_long(RawDoc(text=""), file_bytes=info.st_size)
        if too_long:
            raise ReadProblem(too_long)
    data = path.read_bytes()
    if kind == "feed":
        decode_bytes(data)  # refuses empty and binary files with a clear message
        items, _ = read_feed(data)
        return items, False
    decoded = decode_report(data)
    for note in decoded.notes:
        log.warning("%s: %s", path, note)
    text = decoded.text
    if kind == "sniff":
        kind = {"text": "text", "html": "html", "feed": "feed", "json": "json", "jsonl": "jsonl"}[sniff_kind(text)]
        if kind == "feed":
            items, _ = read_feed(data)
            return items, False
    field_map = overrides.field_map if overrides else None
    if kind == "text":
        return [read_plain(text)], True
    if kind == "markdown":
        return [read_markdown(text)], True
    if kind == "html":
        return [read_html(text)], True
    if kind == "json":
        records = read_json(text, field_map)
        stripped = text.lstrip("\ufeff \t\r\n")
        return records, stripped.startswith("{") and len(records) == 1
    if kind == "jsonl":
        return read_jsonl(text, field_map), False
    raise ReadProblem(f"unsupported file type {path.suffix!r}")


def _read_file(path: Path, overrides: MetaOverrides | None, ctx: _MetaContext, root: Path | None,
               in_folder: bool) -> Iterator[Document | ReadFailure]:
    kind = _kind_for(path, in_folder)
    if kind is None:
        supported = ", ".join(sorted(FORMATS))
        yield ReadFailure(path, f"unsupported file type {path.suffix!r} (supported: {supported})", skipped=True)
        return
    try:
        raws, single = _raws(path, kind, overrides)
    except ReadProblem as exc:
        yield ReadFailure(path, exc.reason, exc.line, skipped=exc.skipped)
        return
    except OSError as exc:
        yield ReadFailure(path, f"cannot read file ({exc.strerror or exc})")
        return
    except RecursionError:
        yield ReadFailure(path, "input nested too deeply to read")
        return
    layers = [ctx.sidecar_meta(path), ctx.index_meta(path, root)]
    yield from ctx.drain()
    for raw in raws:
        if isinstance(raw, ReadProblem):
            yield ReadFailure(path, raw.reason, raw.line, skipped=raw.skipped)
            continue
        yield _document(raw, path, _merge(raw, layers, overrides, single), single)


def _read_index_file(path: Path, overrides: MetaOverrides | None, ctx: _MetaContext) -> Iterator[Document | ReadFailure] | None:
    """An ``index.json`` given directly: read the files it lists (None when it is not a folder index)."""
    try:
        data = _loads(path.read_bytes().decode("utf-8-sig", errors="replace"))
    except (ReadProblem, OSError):
        return None
    if not is_index_record_list(data):
        return None
    entries = ctx.index(path.parent) or {}

    def gen() -> Iterator[Document | ReadFailure]:
        yield from ctx.drain()
        for rel in entries:
            target = path.parent / rel
            if not target.is_file():
                yield ReadFailure(path, f"lists {rel!r}, which does not exist")
                continue
            yield from _safe(_read_file, target, overrides, ctx, path.parent, False)

    return gen()


def _safe(fn, path: Path, *args) -> Iterator[Document | ReadFailure]:
    """Run one file's reader; an unexpected error becomes a ReadFailure instead of stopping the batch."""
    try:
        yield from fn(path, *args)
    except RecursionError:
        yield ReadFailure(path, "input nested too deeply to read")
    except Exception as exc:  # noqa: BLE001 - one bad file must not stop the others
        yield ReadFailure(path, f"could not read ({type(exc).__name__}: {exc})")


def _walk(folder: Path) -> list[Path]:
    files: list[Path] = []
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        files.extend(Path(dirpath) / f for f in filenames)
    return sorted(files, key=lambda p: p.relative_to(folder).as_posix())


def _read_path(path: Path, overrides: MetaOverrides | None, ctx: _MetaContext) -> Iterator[Document | ReadFailure]:
    if path.is_dir():
        if overrides is not None and overrides.url:
            overrides = replace(overrides, url=None)  # one URL cannot name a folder of reports
        for file in _walk(path):
            if _skipped(file) or file.name == INDEX_NAME:
                continue
            yield from _safe(_read_file, file, overrides, ctx, path, True)
        yield from ctx.drain()
        return
    if not path.exists():
        yield ReadFailure(path, "no such file or folder")
        return
    if not path.is_file():
        yield ReadFailure(path, "not a regular file")
        return
    if is_sidecar(path):
        yield ReadFailure(path, "this is a metadata sidecar; pass the report file next to it instead", skipped=True)
        return
    if _is_facts(path):
        return  # the facts loader reads it
    if path.name == INDEX_NAME:
        listed = _read_index_file(path, overrides, ctx)
        if listed is not None:
            yield from listed
            return
    yield from _safe(_read_file, path, overrides, ctx, None, False)


def read_path(path: Path | str, overrides: MetaOverrides | None = None) -> Iterator[Document | ReadFailure]:
    """Documents and failures from one file or folder (a folder is read recursively, sorted)."""
    yield from _read_path(Path(path), overrides, _MetaContext())


def iter_documents(paths: Iterable[Path | str], overrides: MetaOverrides | None = None) -> Iterator[Document | ReadFailure]:
    """Documents and failures from files and folders, in the order given (folders sorted inside)."""
    ctx = _MetaContext()
    paths = [paths] if isinstance(paths, (str, Path)) else list(paths)
    if overrides is not None and overrides.url and len(paths) > 1:
        overrides = replace(overrides, url=None)  # one URL cannot name many reports
    for p in paths:
        yield from _read_path(Path(p), overrides, ctx)


def read_documents(paths: Iterable[Path | str], overrides: MetaOverrides | None = None) -> tuple[list[Document], list[ReadFailure]]:
    """All of :func:`iter_documents`, split into documents and failures."""
    docs: list[Document] = []
    failures: list[ReadFailure] = []
    for item in iter_documents(paths, overrides):
        (failures if isinstance(item, ReadFailure) else docs).append(item)
    return docs, failures
