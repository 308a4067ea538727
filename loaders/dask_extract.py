"""Recipe: extraction on a Dask cluster, writing ``*.extractions.jsonl`` that ``milgraph ingest``
loads into the graph (for large runs, into Neo4j: its clusters and Aura are the scale-out for
the graph itself).

The reports are read here, in order and with all their metadata (folder indexes, sidecars),
in chunks of ``chunk`` documents; each chunk is a ``dask.bag`` of small partitions extracted on
the cluster's workers, and its lines are written as one part file per chunk while the next
chunk is already being extracted. Memory stays bounded by two chunks however large the corpus.

    pip install 'milgraph[dask]'
    python -m milgraph.loaders.dask_extract reports/ -o parts/ --workers 2   # a local cluster
    python -m milgraph.loaders.dask_extract reports/ -o parts/ --scheduler tcp://10.0.0.5:8786
    milgraph --uri neo4j://graph.example:7687 ingest parts/

What keeps a worker as fast as a plain process (measured on 800-word reports, one core):

- the extractor (spaCy pipeline, gazetteer, geography, rules) is loaded once per worker
  process, when the worker joins (:class:`LoadExtractor`, a Dask worker plugin), never per
  task; the local cluster's workers fork from this process once it has loaded it (Dask's
  ``fork`` start method), so they start with it loaded and the load is paid once, not per worker;
- one thread per worker process (spaCy holds the GIL), BLAS and OpenMP held to one thread
  (Dask's default for workers it spawns);
- glibc's memory trimming is left at its default: Dask's nanny sets ``MALLOC_TRIM_THRESHOLD_``,
  which also stops glibc from raising its mmap threshold, so every array the parser allocates
  comes fresh from the kernel (about 9,000 page faults and +45% CPU per report here);
- Dask's statistical profiler is off (it samples the task's deep call stack every 10 ms);
- the reports go out in small partitions (:data:`PARTITION_SIZE`), so no worker idles at
  the end of a chunk while the other finishes a long one, and the next chunk is submitted
  before the lines of the last one are written.

The local cluster gets these settings from :data:`LOCAL_CLUSTER_CONFIG`; workers started elsewhere
(``--scheduler``) need the same two entries in their Dask configuration (a YAML file in
``~/.config/dask/``), or a warning in their log says the trimming is on.

Facts files and tracking files are not extraction work: ingest them directly.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

from milgraph.loaders.extraction_lines import SUFFIX, to_line

try:
    from distributed.diagnostics.plugin import WorkerPlugin
except ImportError:  # the recipe needs milgraph[dask]; the module still imports without it
    WorkerPlugin = object

WORKER_CONFIG = {
    "distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None,  # None unsets it
    "distributed.worker.profile.enabled": False,
}
LOCAL_CLUSTER_CONFIG = {
    **WORKER_CONFIG,
    # workers forked from this process once it has loaded the extractor: they start with it
    # (0.3 s to a loaded cluster here, against 15 s for spawned workers loading it at load 12)
    "distributed.worker.multiprocessing-method": "fork",
}
PARTITION_SIZE = 8  # reports per task: about half a second of work, so both workers stay busy to the end
# extracting this loads every part of the extractor (pipeline, gazetteer, packaged geography, rules)
WARM_UP_TEXT = ("Russian ships sailed from Tartus to Tobruk, officials said. "
                "A transport aircraft flew from the base to the port on Monday.")

log = logging.getLogger(__name__)


@dataclass
class DaskRun:
    parts: list[Path] = field(default_factory=list)
    extracted: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)  # (where, why)


def _extract_lines(documents: list) -> list[tuple[str, str, str]]:
    """On a worker: (where, "ok", JSON line) or (where, "error", why) per document."""
    from milgraph.errors import MilgraphError
    from milgraph.loaders.extract import extract_document

    out = []
    for document in documents:
        where = str(document.meta.path or document.meta.id)
        try:
            out.append((where, "ok", to_line(extract_document(document))))
        except MilgraphError as exc:
            out.append((where, "error", str(exc)))
        except Exception as exc:  # noqa: BLE001 - one report must not stop the run
            out.append((where, "error", f"unexpected {type(exc).__name__}: {exc}"))
    return out


class LoadExtractor(WorkerPlugin):
    """Loads the extractor once per worker process, as the worker joins the cluster."""

    name = "milgraph-load-extractor"
    idempotent = True

    def setup(self, worker) -> None:
        if os.environ.get("MALLOC_TRIM_THRESHOLD_"):
            log.warning("MALLOC_TRIM_THRESHOLD_ is set on this worker, so extraction runs about 1.5x slower: "
                        "set distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_ to null in its Dask config")
        load_extractor()


def load_extractor() -> None:
    """Load the whole extractor in this process (a few ms when it is loaded already)."""
    from milgraph.loaders.extract import extract_text

    extract_text(WARM_UP_TEXT)


def extract_with_dask(paths: list[str | Path], out_dir: str | Path, *, workers: int = 2,
                      scheduler: str | None = None, chunk: int = 1000,
                      partition_size: int = PARTITION_SIZE) -> DaskRun:
    """Extract every report of ``paths`` on a Dask cluster (a local one of ``workers``
    processes, or the one at ``scheduler``) into part files in ``out_dir``."""
    import dask
    from distributed import Client, LocalCluster

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    run = DaskRun()
    with dask.config.set(LOCAL_CLUSTER_CONFIG if scheduler is None else {}):
        if scheduler is None:
            load_extractor()  # before the local workers fork from this process
        cluster = None if scheduler else LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                                      host="127.0.0.1", dashboard_address=None)
        client = Client(scheduler or cluster)
        try:
            client.register_plugin(LoadExtractor())
            in_flight = None  # the chunk being extracted while the one before it is written
            for number, docs in _chunks(paths, chunk, run):
                submitted = (number, _submit(client, docs, partition_size))
                if in_flight is not None:
                    _write_part(out, *in_flight, run)
                in_flight = submitted
            if in_flight is not None:
                _write_part(out, *in_flight, run)
        finally:
            client.close()
            if cluster is not None:
                cluster.close()
    return run


def _chunks(paths: list[str | Path], chunk: int, run: DaskRun) -> Iterator[tuple[int, list]]:
    """(part number, documents) per chunk of read results; read failures go to ``run``."""
    from milgraph.loaders.readers import ReadFailure, iter_documents

    documents = iter_documents(paths)
    for number in range(sys.maxsize):
        read = list(islice(documents, chunk))
        if not read:
            return
        run.failed += [(_where(r), r.reason) for r in read if isinstance(r, ReadFailure) and not r.skipped]
        docs = [r for r in read if not isinstance(r, ReadFailure)]
        if docs:
            yield number, docs


def _submit(client, docs: list, partition_size: int) -> list:
    """One future per partition of the chunk, in order."""
    from dask import bag

    partitions = bag.from_sequence(docs, partition_size=max(1, partition_size))
    return client.compute(partitions.map_partitions(_extract_lines).to_delayed())


def _write_part(out: Path, number: int, futures: list, run: DaskRun) -> None:
    """Write the chunk's lines in input order, each partition as soon as it is done."""
    part = out / f"part-{number:05d}{SUFFIX}"
    with open(part, "w", encoding="utf-8") as handle:
        for index, future in enumerate(futures):
            for where, status, value in future.result():
                if status == "ok":
                    handle.write(value + "\n")
                    run.extracted += 1
                else:
                    run.failed.append((where, value))
            futures[index] = None  # its results leave the worker's memory
    run.parts.append(part)


def _where(failure) -> str:
    return f"{failure.path}:{failure.line}" if failure.line else str(failure.path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m milgraph.loaders.dask_extract",
                                     description="Extract reports on a Dask cluster into *.extractions.jsonl parts.")
    parser.add_argument("inputs", nargs="+", help="report files or folders")
    parser.add_argument("-o", "--out", required=True, help="folder for the part files")
    parser.add_argument("--workers", type=int, default=2, help="worker processes of the local cluster")
    parser.add_argument("--scheduler", help="address of a running Dask scheduler instead of a local cluster")
    parser.add_argument("--chunk", type=int, default=1000, help="documents per part file")
    parser.add_argument("--partition-size", type=int, default=PARTITION_SIZE, help="documents per Dask task")
    args = parser.parse_args(argv)
    run = extract_with_dask(args.inputs, args.out, workers=args.workers, scheduler=args.scheduler, chunk=args.chunk,
                            partition_size=args.partition_size)
    print(json.dumps({"parts": [str(p) for p in run.parts], "extracted": run.extracted,
                      "failed": [{"source": w, "reason": r} for w, r in run.failed]}, indent=2))
    return 1 if run.failed else 0


if __name__ == "__main__":
    sys.exit(main())
