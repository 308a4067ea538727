"""Ingest throughput and memory: N synthetic ~800-word reports into a fresh embedded store.

The reports come from bench_extract.py's own sentence templates (no third-party text) and
are written as .txt files, so the run covers the whole pipeline: read, clean, extract,
resolve, write. The baseline, measured in the same run on the same files, is the pipeline
without a database (read + extract only), so the ratio shows what the store adds.

Peak memory is the high-water mark of the milgraph process (ru_maxrss) and of the
redis-server process (VmHWM), both reported.

    .venv/bin/python bench/bench_ingest.py [--reports 10000] [--workers 2] [--no-write]
"""

from __future__ import annotations

import argparse
import re
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from results import machine, replace_section  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_extract import build_reports  # noqa: E402

from milgraph.config import StoreConfig  # noqa: E402
from milgraph.graph.falkordb_store import FalkorDBStore  # noqa: E402
from milgraph.pipeline import ingest, iter_items  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"
SECTION = "## Ingest throughput"


def write_reports(folder: Path, count: int) -> None:
    for i, doc in enumerate(build_reports(count)):
        (folder / f"report-{i:05d}.txt").write_text(f"{doc.meta.title} ({i})\n\n{doc.text}\n", encoding="utf-8")


def server_peak_kib(store: FalkorDBStore) -> int:
    pid = int(store.server.pid_file.read_text())
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"VmHWM:\s+(\d+)", status).group(1))


def run(count: int, workers: int) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        inputs = Path(tmp) / "reports"
        inputs.mkdir()
        write_reports(inputs, count)

        started = time.perf_counter()
        extracted = sum(1 for item in iter_items([inputs], workers=workers) if item.extraction)
        baseline_s = time.perf_counter() - started

        store = FalkorDBStore(StoreConfig(data_dir=Path(tmp) / "db"))
        try:
            store.init_schema()
            started = time.perf_counter()
            summary = ingest(store, [inputs], workers=workers)
            ingest_s = time.perf_counter() - started
            server_kib = server_peak_kib(store)
            nodes = store.read("MATCH (n) RETURN count(n) AS n")[0]["n"]
        finally:
            store.close()
    return {
        "reports": count, "extracted": extracted, "loaded": len(summary.loaded), "failed": len(summary.failed),
        "facts": summary.facts, "nodes": nodes, "baseline_s": baseline_s, "ingest_s": ingest_s,
        "client_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "children_mib": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
        "server_mib": server_kib / 1024, "workers": workers,
    }




def write_section(result: dict) -> None:
    r = result
    text = f"""{SECTION}

`bench/bench_ingest.py`: {r['reports']:,} synthetic reports of ~800 words (the extraction benchmark's own
templates) written as .txt files, ingested into a fresh embedded FalkorDB store with
{r['workers']} extraction worker(s). One run (a whole run is the measurement).

| measure | value |
|---|---|
| reports loaded / failed | {r['loaded']:,} / {r['failed']} |
| facts found (entities + relations + events, summed over reports) | {r['facts']:,} |
| nodes in the graph afterwards (the templates reuse names, so facts merge) | {r['nodes']:,} |
| ingest wall time | {r['ingest_s']:.1f} s ({r['reports'] / r['ingest_s']:.1f} reports/s) |
| baseline in the same run: read + extract only, no database | {r['baseline_s']:.1f} s |
| ingest / baseline | {r['ingest_s'] / r['baseline_s']:.2f}x |
| peak memory, milgraph process | {r['client_mib']:.0f} MiB |
| peak memory, extraction workers (largest) | {r['children_mib']:.0f} MiB |
| peak memory, redis-server + FalkorDB | {r['server_mib']:.0f} MiB |
| target | 10,000 reports in under 12 min on 2 cores with the parse (issue 12), peak memory under 1.5 GB |

Machine: {machine()}.
"""
    replace_section(text)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    result = run(args.reports, args.workers)
    print(result)
    if not args.no_write:
        write_section(result)


if __name__ == "__main__":
    main()
