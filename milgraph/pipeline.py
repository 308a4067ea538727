"""The ingest pipeline: read -> clean -> extract -> resolve -> write.

Each stage is its own module with plain dataclasses between them:
- read + clean: :mod:`milgraph.loaders.readers` (reports) and :mod:`milgraph.loaders.facts`
  (curated facts files) give Documents / Extractions;
- extract + resolve: :mod:`milgraph.loaders.extract` turns a Document into an Extraction;
- write: :mod:`milgraph.graph.writer` validates and upserts it, one transaction per input.

This module only routes inputs through the stages and keeps the tally: a bad input is a
failure with its reason, and the rest still load.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from milgraph.errors import MilgraphError
from milgraph.graph.records import Extraction
from milgraph.graph.store import GraphStore
from milgraph.graph.writer import retract_report, write_extraction
from milgraph.loaders.facts import is_facts_file, load_facts


@dataclass
class Failure:
    source: str
    reason: str


@dataclass
class IngestSummary:
    loaded: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    skipped: list[Failure] = field(default_factory=list)
    failed: list[Failure] = field(default_factory=list)
    entities: int = 0
    relations: int = 0
    events: int = 0
    seconds: float = 0.0

    @property
    def facts(self) -> int:
        return self.entities + self.relations + self.events

    @property
    def ok(self) -> bool:
        return not self.failed


@dataclass
class Item:
    """One unit of work: an Extraction ready to write, or why there is none."""

    source: str
    extraction: Extraction | None = None
    skip_reason: str | None = None
    error: str | None = None


def expand_paths(paths: Iterable[Path | str]) -> tuple[list[Path], list[Path]]:
    """Split inputs into facts files and report inputs (files or folders for the readers)."""
    facts, reports = [], []
    for path in map(Path, paths):
        if not path.exists():
            raise MilgraphError(f"{path}: no such file or folder")
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.is_file() and not _hidden(p, path))
            facts += [p for p in found if is_facts_file(p)]
            if any(not is_facts_file(p) for p in found):
                reports.append(path)
        elif is_facts_file(path):
            facts.append(path)
        else:
            reports.append(path)
    return facts, reports


def _hidden(path: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(root).parts)


def iter_items(paths: Iterable[Path | str], overrides=None) -> Iterator[Item]:
    """Read and extract every input, lazily: facts files first, then reports."""
    facts, reports = expand_paths(paths)
    for path in facts:
        try:
            yield Item(str(path), extraction=load_facts(path))
        except MilgraphError as exc:
            yield Item(str(path), error=str(exc))
    if reports:
        yield from _report_items(reports, overrides)


def _report_items(paths: list[Path], overrides) -> Iterator[Item]:
    from milgraph.loaders.extract import extract_document
    from milgraph.loaders.readers import ReadFailure, iter_documents

    for result in iter_documents(paths, overrides):
        if isinstance(result, ReadFailure):
            where = f"{result.path}:{result.line}" if getattr(result, "line", None) else str(result.path)
            skip = getattr(result, "skipped", False)
            yield Item(where, skip_reason=result.reason) if skip else Item(where, error=result.reason)
            continue
        source = result.meta.path or result.meta.url or result.meta.id
        try:
            yield Item(source, extraction=extract_document(result))
        except MilgraphError as exc:
            yield Item(source, error=str(exc))


def ingest(store: GraphStore, paths: Iterable[Path | str], overrides=None,
           on_item: Callable[[Item, IngestSummary], None] | None = None) -> IngestSummary:
    """Write every input to the store; one transaction per input; never stop at a bad one."""
    summary = IngestSummary()
    started = time.perf_counter()
    with store.exclusive_writer():
        for item in iter_items(paths, overrides):
            _ingest_item(store, item, summary)
            if on_item:
                on_item(item, summary)
    summary.seconds = time.perf_counter() - started
    return summary


def _ingest_item(store: GraphStore, item: Item, summary: IngestSummary) -> None:
    if item.error:
        summary.failed.append(Failure(item.source, item.error))
        return
    if item.skip_reason:
        summary.skipped.append(Failure(item.source, item.skip_reason))
        return
    extraction = item.extraction
    report = extraction.report
    if store.read("MATCH (r:Report {id: $id}) RETURN r.id AS id", {"id": report.id}):
        summary.skipped.append(Failure(item.source, "already ingested (same content)"))
        return
    try:
        older = _older_versions(store, extraction)
        for old_id in older:
            retract_report(store, old_id)
        write_extraction(store, extraction)
    except MilgraphError as exc:
        summary.failed.append(Failure(item.source, str(exc)))
        return
    (summary.replaced if older else summary.loaded).append(item.source)
    summary.entities += len(extraction.entities)
    summary.relations += len(extraction.relations)
    summary.events += len(extraction.events)


def _older_versions(store: GraphStore, extraction: Extraction) -> list[str]:
    """Reports at the same URL with other content: a changed report replaces its own facts."""
    url = extraction.report.url
    if not url:
        return []
    rows = store.read("MATCH (r:Report) WHERE r.url = $url AND r.id <> $id RETURN r.id AS id ORDER BY id",
                      {"url": url, "id": extraction.report.id})
    return [row["id"] for row in rows]
