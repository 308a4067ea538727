"""Recipe: extraction on a Dask cluster, writing ``*.extractions.jsonl`` that ``milgraph ingest``
loads into the graph (for large runs, into Neo4j: its clusters and Aura are the scale-out for
the graph itself).

The reports are read here, in order and with all their metadata (folder indexes, sidecars),
in chunks of ``chunk`` documents; each chunk is a ``dask.bag`` whose partitions are extracted
on the cluster's workers (each loads the extractor once); the lines come back and are written
as one part file per chunk. Memory stays bounded by the chunk size however large the corpus.

    pip install 'milgraph[dask]'
    python -m milgraph.loaders.dask_extract reports/ -o parts/ --workers 2   # a local cluster
    python -m milgraph.loaders.dask_extract reports/ -o parts/ --scheduler tcp://10.0.0.5:8786
    milgraph --uri neo4j://graph.example:7687 ingest parts/

Facts files and tracking files are not extraction work: ingest them directly.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

from milgraph.loaders.extraction_lines import SUFFIX, to_line


@dataclass
class DaskRun:
    parts: list[Path] = field(default_factory=list)
    extracted: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)  # (where, why)


def _extract_line(document) -> tuple[str, str]:
    """On a worker: ("ok", JSON line) or ("error", why) for one document."""
    from milgraph.errors import MilgraphError
    from milgraph.loaders.extract import extract_document

    try:
        return "ok", to_line(extract_document(document))
    except MilgraphError as exc:
        return "error", str(exc)
    except Exception as exc:  # noqa: BLE001 - one report must not stop the run
        return "error", f"unexpected {type(exc).__name__}: {exc}"


def extract_with_dask(paths: list[str | Path], out_dir: str | Path, *, workers: int = 2,
                      scheduler: str | None = None, chunk: int = 1000) -> DaskRun:
    """Extract every report of ``paths`` on a Dask cluster (a local one of ``workers``
    processes, or the one at ``scheduler``) into part files in ``out_dir``."""
    from dask import bag
    from distributed import Client, LocalCluster

    from milgraph.loaders.readers import ReadFailure, iter_documents

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    cluster = None if scheduler else LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                                  host="127.0.0.1", dashboard_address=None)
    client = Client(scheduler or cluster)
    run = DaskRun()
    try:
        documents = iter_documents(paths)
        for number in range(sys.maxsize):
            read = list(islice(documents, chunk))
            if not read:
                break
            run.failed += [(_where(r), r.reason) for r in read if isinstance(r, ReadFailure) and not r.skipped]
            docs = [r for r in read if not isinstance(r, ReadFailure)]
            if not docs:
                continue
            partitions = max(1, min(len(docs), workers * 4))
            results = bag.from_sequence(docs, npartitions=partitions).map(_extract_line).compute()
            part = out / f"part-{number:05d}{SUFFIX}"
            with open(part, "w", encoding="utf-8") as handle:
                for doc, (status, value) in zip(docs, results):
                    if status == "ok":
                        handle.write(value + "\n")
                        run.extracted += 1
                    else:
                        run.failed.append((doc.meta.path or doc.meta.id, value))
            run.parts.append(part)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    return run


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
    args = parser.parse_args(argv)
    run = extract_with_dask(args.inputs, args.out, workers=args.workers, scheduler=args.scheduler, chunk=args.chunk)
    print(json.dumps({"parts": [str(p) for p in run.parts], "extracted": run.extracted,
                      "failed": [{"source": w, "reason": r} for w, r in run.failed]}, indent=2))
    return 1 if run.failed else 0


if __name__ == "__main__":
    sys.exit(main())
