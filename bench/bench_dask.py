"""The Dask recipe against milgraph's own ``--workers 2``: extraction throughput and the graph.

N synthetic ~800-word reports (the extraction benchmark's own templates) are extracted by both
arms, alternated for a few rounds in the same run, each on two worker processes:

- baseline: milgraph's own worker pool (``milgraph extract --jsonl --workers 2``, the path
  ``ingest --workers 2`` takes), writing one extraction-lines file;
- recipe: :func:`milgraph.loaders.dask_extract.extract_with_dask` on a 2-worker local cluster,
  writing part files (cluster start-up, model load and shut-down counted).

Both outputs are then ingested into two fresh embedded stores and the graphs compared: every
node (id, labels, properties except the ingest-time ``first_seen``) and every relationship
(ends, type, properties) must be identical.

    .venv/bin/python bench/bench_dask.py [--reports 1000] [--rounds 2] [--no-write]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from results import machine, replace_section  # noqa: E402

from bench_ingest import write_reports  # noqa: E402

from milgraph.config import StoreConfig  # noqa: E402
from milgraph.graph.falkordb_store import FalkorDBStore  # noqa: E402
from milgraph.loaders.dask_extract import extract_with_dask  # noqa: E402
from milgraph.loaders.extraction_lines import SUFFIX, write_lines  # noqa: E402
from milgraph.pipeline import ingest, iter_items  # noqa: E402

SECTION = "## Dask recipe against --workers 2"
INGEST_TIME_KEYS = {"first_seen"}


def extract_with_pool(inputs: Path, out: Path, workers: int) -> int:
    with open(out, "w", encoding="utf-8") as handle:
        return write_lines((item.extraction for item in iter_items([inputs], workers=workers)
                            if item.extraction), handle)


def graph_content(path: Path) -> tuple[list, list]:
    """Ingest ``path`` into a fresh embedded store and return its nodes and relationships."""
    with tempfile.TemporaryDirectory() as tmp:
        store = FalkorDBStore(StoreConfig(data_dir=Path(tmp) / "db"))
        try:
            store.init_schema()
            summary = ingest(store, [path])
            assert summary.ok, summary.failed
            nodes = store.read("MATCH (n) RETURN n.id AS id, labels(n) AS labels, properties(n) AS p ORDER BY id")
            edges = store.read("MATCH (a)-[r]->(b) RETURN a.id AS a, type(r) AS t, b.id AS b, properties(r) AS p "
                               "ORDER BY a, t, b")
        finally:
            store.close()
    for row in nodes + edges:
        row["p"] = {k: v for k, v in row["p"].items() if k not in INGEST_TIME_KEYS}
        if "labels" in row:
            row["labels"] = sorted(row["labels"])
    return nodes, sorted(edges, key=repr)


def run(count: int, workers: int, rounds: int) -> dict:
    """``rounds`` alternations of pool then Dask on the same reports; the graphs of the first
    round's outputs are compared."""
    load_before = os.getloadavg()[0]
    pool_times, dask_times, failed = [], [], 0
    with tempfile.TemporaryDirectory() as tmp:
        inputs = Path(tmp) / "reports"
        inputs.mkdir()
        write_reports(inputs, count)
        for number in range(rounds):
            pool_lines = Path(tmp) / f"pool-{number}{SUFFIX}"
            started = time.perf_counter()
            pooled = extract_with_pool(inputs, pool_lines, workers)
            pool_times.append(time.perf_counter() - started)

            started = time.perf_counter()
            dask_run = extract_with_dask([inputs], Path(tmp) / f"parts-{number}", workers=workers, chunk=count)
            dask_times.append(time.perf_counter() - started)
            failed += len(dask_run.failed)
            print(f"round {number + 1}: pool {pool_times[-1]:.1f} s, Dask {dask_times[-1]:.1f} s, "
                  f"load {os.getloadavg()[0]:.1f}", flush=True)
        pool_graph = graph_content(Path(tmp) / f"pool-0{SUFFIX}")
        dask_graph = graph_content(Path(tmp) / "parts-0")
    pool_s, dask_s = statistics.median(pool_times), statistics.median(dask_times)
    return {"reports": count, "workers": workers, "rounds": rounds, "pool_extracted": pooled,
            "dask_extracted": dask_run.extracted, "dask_failed": failed, "pool_times": pool_times,
            "dask_times": dask_times, "pool_s": pool_s, "dask_s": dask_s, "ratio": pool_s / dask_s,
            "identical": pool_graph == dask_graph, "nodes": len(pool_graph[0]),
            "relationships": len(pool_graph[1]), "load_before": load_before, "load_after": os.getloadavg()[0]}


def write_section(r: dict) -> None:
    times = "; ".join(f"{p:.1f} / {d:.1f}" for p, d in zip(r["pool_times"], r["dask_times"]))
    text = f"""{SECTION}

`bench/bench_dask.py`: {r['reports']:,} synthetic ~800-word reports extracted on {r['workers']} worker processes,
{r['rounds']} rounds in the same run, each round milgraph's own pool (`extract --jsonl --workers {r['workers']}`,
the baseline) and then the Dask recipe (`loaders/dask_extract.py`, a local cluster of {r['workers']}
single-thread worker processes, started, loaded and stopped inside each timed run). The first
round's outputs were ingested into fresh embedded stores and compared node by node and
relationship by relationship (all properties except the ingest-time `first_seen`).

| measure | value |
|---|---|
| reports extracted: pool / Dask | {r['pool_extracted']:,} / {r['dask_extracted']:,} (Dask failures: {r['dask_failed']}) |
| wall time per round, pool / Dask | {times} s |
| milgraph pool, median | {r['pool_s']:.1f} s ({r['reports'] / r['pool_s']:.1f} reports/s) |
| Dask recipe, median (cluster start-up and model load included) | {r['dask_s']:.1f} s ({r['reports'] / r['dask_s']:.1f} reports/s) |
| Dask throughput / pool throughput (medians) | {r['ratio']:.2f} |
| identical graph (nodes, relationships, properties) | {'yes' if r['identical'] else 'NO'} ({r['nodes']:,} nodes, {r['relationships']:,} relationships) |
| target (issue 9) | Dask within 20% of the pool's throughput (ratio >= 0.80), identical graph |

Machine: {machine()}; 1-minute load average {r['load_before']:.1f} before and {r['load_after']:.1f} after
(shared; the two arms alternate on the same cores, so load hits both).
"""
    if r.get("note"):
        text += "\n" + r["note"].strip() + "\n"
    replace_section(text)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=2, help="alternations of pool and Dask")
    parser.add_argument("--no-write", action="store_true")
    parser.add_argument("--note", default="", help="a paragraph added under the table")
    args = parser.parse_args()
    result = run(args.reports, args.workers, args.rounds)
    print(result)
    if not args.no_write:
        write_section({**result, "note": args.note})


if __name__ == "__main__":
    main()
