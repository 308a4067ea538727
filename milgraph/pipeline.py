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

from milgraph.errors import MilgraphError, StoreUnavailableError
from milgraph.graph import happening_store
from milgraph.graph.records import Extraction
from milgraph.graph.curation import CurationRules
from milgraph.graph.store import GraphStore
from milgraph.graph.writer import (HeldReports, complete_reports, held_reports, repair_interrupted, retract_report,
                                   write_extractions)
from milgraph.loaders.facts import is_facts_file, load_facts


@dataclass
class Failure:
    source: str
    reason: str


@dataclass
class IngestSummary:
    loaded: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    repaired: list[str] = field(default_factory=list)  # reports an interrupted run left half-written, taken back
    stopped: str | None = None  # why the run stopped early (the database went away or its disk is full)
    skipped: list[Failure] = field(default_factory=list)
    failed: list[Failure] = field(default_factory=list)
    entities: int = 0
    relations: int = 0
    events: int = 0
    seconds: float = 0.0
    # for re-clustering events after the ingest (graph.happening_store): the reports written,
    # and the buckets of the claims of reports taken back (read before they went)
    written_reports: list[str] = field(default_factory=list, repr=False)
    taken_back: set = field(default_factory=set, repr=False)

    @property
    def facts(self) -> int:
        return self.entities + self.relations + self.events

    @property
    def ok(self) -> bool:
        return not self.failed and not self.stopped


@dataclass
class Item:
    """One unit of work: an Extraction ready to write, or why there is none."""

    source: str
    extraction: Extraction | None = None
    skip_reason: str | None = None
    error: str | None = None


def direct_kind(path: Path) -> str | None:
    """What an input read straight to Extractions is (not by the report readers): a curated
    facts file, a tracking file, or extraction JSON lines; None for a report input."""
    from milgraph.loaders.extraction_lines import is_extraction_lines
    from milgraph.loaders.track_events import is_track_file

    if is_extraction_lines(path):
        return "extractions"
    if is_facts_file(path):
        return "facts"
    if is_track_file(path):
        return "track"
    return None


def expand_paths(paths: Iterable[Path | str]) -> tuple[list[tuple[Path, str]], list[Path]]:
    """Split inputs into those read straight to Extractions, with their kind
    (:func:`direct_kind`), and report inputs (files, or folders, for the readers)."""
    from milgraph.loaders.read_meta import INDEX_NAME, is_sidecar
    from milgraph.loaders.track_events import is_tracking_sidecar

    direct, reports = [], []
    for path in map(Path, paths):
        if not path.exists():
            raise MilgraphError(f"{path}: no such file or folder")
        if is_tracking_sidecar(path):
            continue  # options read with the tracking file beside it
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.is_file() and not _hidden(p, path)
                           and not is_tracking_sidecar(p))
            kinds = {p: direct_kind(p) for p in found}
            direct += [(p, kinds[p]) for p in found if kinds[p]]
            unread = [p for p in found if kinds[p] in ("track", "extractions")]  # the readers must not see these
            if unread:  # the report readers get the other files one by one (each still finds its metadata)
                reports += [p for p in found if kinds[p] is None and not is_sidecar(p) and p.name != INDEX_NAME]
            elif any(kinds[p] is None for p in found):
                reports.append(path)  # the readers take the folder whole (its index, its sidecars)
        elif kind := direct_kind(path):
            direct.append((path, kind))
        else:
            reports.append(path)
    return direct, reports


def _hidden(path: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(root).parts)


def iter_items(paths: Iterable[Path | str], overrides=None, workers: int = 1) -> Iterator[Item]:
    """Read and extract every input, lazily and in input order: inputs read straight to
    Extractions first, then reports. With ``workers`` > 1, extraction runs in that many
    processes while this one reads and writes."""
    direct, reports = expand_paths(paths)
    for path, kind in direct:
        yield from _direct_items(path, kind)
    if not reports:
        return
    from milgraph.loaders.readers import iter_documents

    documents = iter_documents(reports, overrides)
    if workers <= 1:
        yield from map(_extract_item, documents)
        return
    import multiprocessing

    with multiprocessing.get_context("fork").Pool(workers) as pool:
        yield from pool.imap(_extract_item, documents, chunksize=4)


def _direct_items(path: Path, kind: str) -> Iterator[Item]:
    from milgraph.loaders.extraction_lines import read_lines
    from milgraph.loaders.track_events import load_track

    try:
        if kind == "extractions":
            for where, extraction, error in read_lines(path):
                yield Item(where, extraction=extraction, error=error)
            return
        yield Item(str(path), extraction=load_track(path) if kind == "track" else load_facts(path))
    except MilgraphError as exc:
        yield Item(str(path), error=str(exc))
    except Exception as exc:  # a reader bug must not stop the other inputs
        yield Item(str(path), error=_unexpected(exc))


def _extract_item(result) -> Item:
    """One read result -> an Item (runs in a worker process when ingest has several)."""
    from milgraph.loaders.extract import extract_document
    from milgraph.loaders.readers import ReadFailure

    if isinstance(result, ReadFailure):
        where = f"{result.path}:{result.line}" if result.line else str(result.path)
        return Item(where, skip_reason=result.reason) if result.skipped else Item(where, error=result.reason)
    source = result.meta.path or result.meta.url or result.meta.id
    try:
        return Item(source, extraction=extract_document(result))
    except MilgraphError as exc:
        return Item(source, error=str(exc))
    except Exception as exc:  # an extractor bug must not stop the other inputs
        return Item(source, error=_unexpected(exc))


def _unexpected(exc: Exception) -> str:
    return f"unexpected {type(exc).__name__}: {exc} (please report this with the input file; --debug has no more)"


BATCH_SIZE = 50  # reports per write transaction: amortises round trips, bounds a retry


def ingest(store: GraphStore, paths: Iterable[Path | str], overrides=None,
           on_item: Callable[[Item, IngestSummary], None] | None = None, workers: int = 1,
           batch_size: int = BATCH_SIZE) -> IngestSummary:
    """Write every input to the store in batches of up to ``batch_size`` inputs per
    transaction; a bad input is a failure with its reason and never stops the others."""
    summary = IngestSummary()
    started = time.perf_counter()
    pending: list[Item] = []
    with store.exclusive_writer():
        summary.taken_back = happening_store.pending_buckets(store)
        summary.repaired = repair_interrupted(store)
        curation = CurationRules.of(store)
        try:
            for item in iter_items(paths, overrides, workers):
                if _admit(item, summary):
                    if _clashes(item, pending):
                        _flush(store, pending, summary, curation)
                    pending.append(item)
                    if len(pending) >= batch_size:
                        _flush(store, pending, summary, curation)
                if on_item:
                    on_item(item, summary)
            _flush(store, pending, summary, curation)
            if summary.loaded or summary.replaced or summary.repaired:
                # one event per happening across reports, then observed legs: details and fusion
                from milgraph.graph.tracking import after_ingest

                happening_store.after_ingest(store, summary.written_reports, summary.taken_back)
                after_ingest(store)
        except StoreUnavailableError as exc:
            summary.stopped = f"{exc} (the inputs after the ones listed as failed were not read)"
        else:
            store.compact()
    summary.seconds = time.perf_counter() - started
    return summary


def _admit(item: Item, summary: IngestSummary) -> bool:
    """Record failures and skips; an extraction is admitted to the next batch (the writer
    validates it; an invalid one fails alone when the batch is retried input by input)."""
    if item.error:
        summary.failed.append(Failure(item.source, item.error))
    elif item.skip_reason:
        summary.skipped.append(Failure(item.source, item.skip_reason))
    else:
        return True
    return False


def _clashes(item: Item, pending: list[Item]) -> bool:
    """Same content or same URL as an input already in the batch: write that one first."""
    report = item.extraction.report
    return any(p.extraction.report.id == report.id or (report.url and p.extraction.report.url == report.url)
               for p in pending)


def _flush(store: GraphStore, pending: list[Item], summary: IngestSummary, curation: CurationRules) -> None:
    if not pending:
        return
    batch, pending[:] = list(pending), []
    try:
        _write_batch(store, batch, summary, curation)
    except StoreUnavailableError as exc:
        summary.failed += [Failure(item.source, str(exc)) for item in batch
                           if item.source not in summary.loaded and item.source not in summary.replaced]
        raise


def _write_batch(store: GraphStore, batch: list[Item], summary: IngestSummary, curation: CurationRules) -> None:
    """Write one batch: one read of what the graph holds of its reports, handed to the writer
    and to the retraction of the older versions the batch replaces."""
    held = held_reports(store, [item.extraction for item in batch])
    fresh = _to_write(batch, held, curation, summary)
    if not fresh:
        return
    try:
        pending = write_extractions(store, [item.extraction for item in fresh], curation=curation, held=held).pending
        written = fresh
    except StoreUnavailableError:
        raise
    except Exception:  # find the input at fault: retry one by one
        written = _write_one_by_one(store, fresh, summary, curation)
        pending = [item.extraction.report.id for item in written]
    # Only a new version that was written replaces the old one: a failed edit keeps the old facts.
    # The new versions stay pending until the old ones are gone, so a crash in between is
    # repaired by the next run (the new version is taken back and written again).
    replaced = _retract_older_versions(store, held, {item.extraction.report.id for item in written}, summary)
    if written:
        complete_reports(store, pending)  # the batch marked the others complete itself
        summary.written_reports += [item.extraction.report.id for item in written]
    _tally(summary, written, replaced)


def _to_write(batch: list[Item], held: HeldReports, curation: CurationRules, summary: IngestSummary) -> list[Item]:
    """The batch less what is skipped: reports already complete in the graph, and reports the
    analyst retracted."""
    fresh = []
    for item in batch:
        if item.extraction.report.id in held.complete:
            summary.skipped.append(Failure(item.source, "already ingested (same content)"))
        elif item.extraction.report.id in curation.retracted:
            summary.skipped.append(Failure(item.source, "retracted with `milgraph retract`"))
        else:
            fresh.append(item)
    return fresh


def _tally(summary: IngestSummary, written: list[Item], replaced: set[str]) -> None:
    for item in written:
        report = item.extraction.report
        (summary.replaced if report.id in replaced else summary.loaded).append(item.source)
        summary.entities += len(item.extraction.entities)
        summary.relations += len(item.extraction.relations)
        summary.events += len(item.extraction.events)


def _write_one_by_one(store: GraphStore, items: list[Item], summary: IngestSummary,
                      curation: CurationRules) -> list[Item]:
    """A refused batch is retried input by input, so only the bad one fails. Each write reads
    what the graph holds again: taking back a refused batch on FalkorDB may have changed it."""
    written = []
    for item in items:
        try:
            write_extractions(store, [item.extraction], curation=curation)
            written.append(item)
        except StoreUnavailableError:
            raise
        except MilgraphError as exc:
            summary.failed.append(Failure(item.source, str(exc)))
        except Exception as exc:
            summary.failed.append(Failure(item.source, _unexpected(exc)))
    return written


def _retract_older_versions(store: GraphStore, held: HeldReports, written: set[str], summary: IngestSummary) -> set[str]:
    """Reports at the same URL with other content: a changed report replaces its own facts.
    Returns the ids of the new versions that replace an older one."""
    older = [(new, old) for new, old in held.older if new in written]
    summary.taken_back |= happening_store.report_buckets(store, [old for _, old in older])
    for _, old in older:
        retract_report(store, old)
    return {new for new, _ in older}
