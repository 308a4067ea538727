"""Canned-query p50 on a 10,000-report graph whose busiest facts have over 5,000 sources
(issue 9's query target), on both backends.

The store is filled the way ``milgraph ingest`` fills it (bench_provenance.write_range: the
writer in batches of 50, the after-ingest grouping once per run of 2,000 reports) with the
synthetic reports of tests/synthetic_reports.py at a Zipf exponent that concentrates the
reporting (1.4 by default: the busiest story is told by about 5,400 of 10,000 reports). Every
canned query then runs once to warm up and ``--reps`` times; the median is reported, with the
node-by-id read measured in the same run as the baseline.

    .venv/bin/python bench/bench_busy_queries.py                 # embedded store only
    .venv/bin/python bench/bench_busy_queries.py --neo4j         # and Neo4j (CLEARED: a scratch server)

Neo4j: MILGRAPH_TEST_NEO4J_URI / _USER / _PASSWORD (or NEO4J_*). Results replace the section
"## Canned queries on a busy graph" of bench/RESULTS.md (``--no-write`` prints only).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))

from bench_provenance import FILL_RUN, busiest, open_store, query_params, run_queries, write_range  # noqa: E402
from results import machine, replace_section  # noqa: E402

from milgraph.loaders.gazetteer import load_gazetteer  # noqa: E402

SECTION = "## Canned queries on a busy graph"
TARGET_MS = 200.0


def baseline_ms(store, entity_id: str, reps: int) -> float:
    """Median of one node read by id: the cheapest query, measured in the same run."""
    times = []
    for _ in range(reps + 1):
        started = time.perf_counter()
        store.read("MATCH (n:Entity {id: $id}) RETURN n.id AS id", {"id": entity_id})
        times.append(time.perf_counter() - started)
    return statistics.median(times[1:]) * 1000


def bench(backend: str, reports: int, exponent: float, reps: int) -> dict:
    with tempfile.TemporaryDirectory(prefix="milgraph-bench-busy-") as tmp:
        store = open_store(backend, Path(tmp))
        try:
            store.clear()
            store.init_schema()
            load_gazetteer()
            started = time.perf_counter()
            write_range(store, 0, reports, run=FILL_RUN, zipf_exponent=exponent)
            fill = time.perf_counter() - started
            top = busiest(store)
            print(f"{backend}: {reports} reports in {fill:.0f} s; busiest event {top['event']['n']} sources, "
                  f"fact {top['fact']['n']}", flush=True)
            base = baseline_ms(store, top["destination"], reps)
            queries = run_queries(store, reps, query_params(top))
        finally:
            store.clear()
            store.close()
            if backend == "falkordb":
                store.server.stop()
    return {"fill": fill, "top": top, "baseline": base, "queries": queries, "load": os.getloadavg()[0]}


def report(args, results: dict) -> str:
    lines = [SECTION, "",
             f"`{' '.join(['.venv/bin/python', 'bench/bench_busy_queries.py', *sys.argv[1:]])}` "
             f"({time.strftime('%Y-%m-%d %H:%M')}); {machine()}.", "",
             f"{args.reports:,} synthetic reports (tests/synthetic_reports.py, Zipf exponent {args.zipf_exponent} "
             f"over 400 stories) written as `milgraph ingest` writes them (batches of 50, after-ingest grouping "
             f"every {FILL_RUN:,} reports). Each canned query: one warm-up run, then the median of {args.reps}; "
             "parameters name the busiest story's places, actor and cargo. Baseline: one node read by id, "
             f"same run. Target (issue 9): every canned query p50 <= {TARGET_MS:.0f} ms.", "",
             "| backend | fill s | busiest event (sources) | busiest fact (sources) | baseline ms | load (1 min) at the end |",
             "|---|---:|---:|---:|---:|---:|"]
    for backend, r in results.items():
        lines.append(f"| {backend} | {r['fill']:.0f} | {r['top']['event']['n']:,} | {r['top']['fact']['n']:,} "
                     f"| {r['baseline']:.2f} | {r['load']:.1f} |")
    lines += ["", "| query | " + " | ".join(f"{b} ms (rows)" for b in results) + " |",
              "|---|" + "---:|" * len(results)]
    for name in sorted({n for r in results.values() for n in r["queries"]}):
        cells = [f"{r['queries'][name][0] * 1000:.1f} ({r['queries'][name][1]})" for r in results.values()]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    over = sorted({f"{name} ({backend})" for backend, r in results.items()
                   for name, (seconds, _) in r["queries"].items() if seconds * 1000 > TARGET_MS})
    lines += ["", f"Over {TARGET_MS:.0f} ms: " + (", ".join(over) if over else "none") + "."]
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reports", type=int, default=10_000)
    parser.add_argument("--zipf-exponent", type=float, default=1.4)
    parser.add_argument("--reps", type=int, default=5)
    parser.add_argument("--neo4j", action="store_true", help="also on Neo4j (the database is cleared)")
    parser.add_argument("--no-falkordb", action="store_true")
    parser.add_argument("--no-write", action="store_true", help="print only; leave bench/RESULTS.md alone")
    args = parser.parse_args()
    backends = ([] if args.no_falkordb else ["falkordb"]) + (["neo4j"] if args.neo4j else [])
    results = {backend: bench(backend, args.reports, args.zipf_exponent, args.reps) for backend in backends}
    text = report(args, results)
    print(text)
    if not args.no_write:
        replace_section(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
