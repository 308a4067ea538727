"""Provenance at scale: write cost per 1,000 reports as the store grows, and canned-query p50
on a store whose busiest facts have thousands of sources (issue 9, items 1 and 5).

Reports come from tests/synthetic_reports.py: each tells one to three of 400 stories drawn
with a Zipf law, so a few events and facts collect thousands of sources while most stay rare.
They are written the way ``milgraph ingest`` writes them (``write_extractions`` in batches,
then ``complete_reports``), and, into a second store, by plain UNWIND-MERGE of the same rows
(:func:`raw_statements`) for comparison. At every size in ``--sizes`` the last 1,000 reports written (or
all, below 1,000) are timed; with provenance as structure the cost per 1,000 should stay
flat as the store grows. At the largest size every canned query runs once to warm up, then
``--reps`` times (median reported), with parameters naming the busiest entities.

    .venv/bin/python bench/bench_provenance.py --sizes 1000 5000            # embedded only, small
    .venv/bin/python bench/bench_provenance.py --sizes 1000 10000 100000 --neo4j   # both backends

Neo4j (``--neo4j``): MILGRAPH_TEST_NEO4J_URI / _USER / _PASSWORD (or NEO4J_*). THE NEO4J
DATABASE IS CLEARED: point it at a scratch server. Results replace the section
"## Provenance at scale" of bench/RESULTS.md (``--no-write`` prints only).
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT.parent / "tests"))

from results import machine, replace_section  # noqa: E402
from synthetic_reports import synthetic_extraction  # noqa: E402
from bench_write_overhead import plain_statements  # noqa: E402

from milgraph.config import StoreConfig  # noqa: E402
from milgraph.graph.curation import CurationRules  # noqa: E402
from milgraph.graph.store import Statement  # noqa: E402
from milgraph.graph import happening_store, tracking  # noqa: E402
from milgraph.graph.writer import complete_reports, statements_for, write_extractions  # noqa: E402
from milgraph.loaders.gazetteer import load_gazetteer  # noqa: E402

SECTION = "## Provenance at scale"
BATCH = 50  # reports per write batch (the pipeline's default batch is of this order)
WINDOW = 1_000
RUN = 250  # reports per timed `milgraph ingest` run (after-ingest once per run)
FILL_RUN = 2_000  # reports per run while filling the store up to a window


def open_store(backend: str, data_dir: Path):
    if backend == "falkordb":
        from milgraph.graph.falkordb_store import FalkorDBStore

        return FalkorDBStore(StoreConfig(data_dir=data_dir))
    from milgraph.graph.neo4j_store import Neo4jStore

    env = {k: os.environ.get(f"MILGRAPH_TEST_NEO4J_{k}") or os.environ.get(f"NEO4J_{k}") for k in ("URI", "USER", "PASSWORD")}
    if not env["URI"]:
        raise SystemExit("--neo4j needs MILGRAPH_TEST_NEO4J_URI (or NEO4J_URI) pointing at a scratch server")
    return Neo4jStore(StoreConfig(data_dir=data_dir, neo4j_uri=env["URI"], neo4j_user=env["USER"] or "neo4j",
                                  neo4j_password=env["PASSWORD"]))


_NEO4J_HEAP = ('CALL dbms.queryJmx("java.lang:type=Memory") YIELD attributes '
               'RETURN attributes.HeapMemoryUsage.value.properties.used AS used')


def server_memory(store) -> int | None:
    """Bytes the server holds: FalkorDB's used_memory; for Neo4j the JVM heap in use (garbage
    not yet collected included, page cache excluded), None where the server hides it."""
    if store.backend == "falkordb":
        return int(store._db.connection.info("memory")["used_memory"])
    try:
        rows = store.read(_NEO4J_HEAP)
    except Exception:  # noqa: BLE001 - a server that refuses JMX (e.g. Aura) has no figure
        return None
    return int(rows[0]["used"]) if rows and rows[0]["used"] is not None else None


class _Timed:
    """Wraps a store's write_batch to add up the time the database takes."""

    def __init__(self, store) -> None:
        self.store, self.seconds = store, 0.0
        self._write_batch = store.write_batch

    def __enter__(self) -> "_Timed":
        def timed(statements):
            started = time.perf_counter()
            try:
                return self._write_batch(statements)
            finally:
                self.seconds += time.perf_counter() - started
        self.store.write_batch = timed
        return self

    def __exit__(self, *exc) -> None:
        del self.store.write_batch


def write_range(store, start: int, stop: int, raw: bool = False, run: int = 0,
                zipf_exponent: float = 1.0) -> tuple[float, float, float]:
    """(seconds in the writer, of which in the database, seconds after ingest) to write reports
    ``start`` to ``stop``: the writer from the extractions on (curations, validation, statement
    building, the database, marking complete); then, every ``run`` reports (one ``milgraph
    ingest`` run) and at the end, what ingest does after writing (grouping the new claims into
    events, weeks and fusion). ``raw``: the same rows by plain UNWIND-MERGE
    (:func:`raw_statements`, built before the clock starts), the rate the writer is measured
    against. ``zipf_exponent``: how concentrated the reporting is (tests/synthetic_reports.py)."""
    elapsed = after = 0.0
    run = run or (stop - start)
    written: list[str] = []
    curation = None if raw else CurationRules.of(store)  # read once per run, as `milgraph ingest` does
    with _Timed(store) as database:
        for low in range(start, stop, BATCH):
            batch = [synthetic_extraction(i, zipf_exponent=zipf_exponent) for i in range(low, min(stop, low + BATCH))]
            plain = raw_statements(statements_for(batch, existing_reports=set())) if raw else None
            started = time.perf_counter()
            if raw:
                store.write_batch(plain)
            else:
                complete_reports(store, write_extractions(store, batch, curation=curation).pending)
                written += [e.report.id for e in batch]
            elapsed += time.perf_counter() - started
            if written and (len(written) >= run or low + BATCH >= stop):
                database.seconds, in_database = 0.0, database.seconds
                started = time.perf_counter()
                happening_store.after_ingest(store, written)
                tracking.after_ingest(store)
                after += time.perf_counter() - started
                database.seconds, written = in_database, []
    return elapsed, database.seconds, after


def raw_statements(statements: list[Statement]) -> list[Statement]:
    """The writer's rows written by plain UNWIND-MERGE (bench_write_overhead.plain_statements:
    the same nodes, labels, relationships and queried properties, without the provenance
    bookkeeping, validation or cleaning). Statement building is not timed."""
    return plain_statements(statements)


def busiest(store) -> dict:
    event = store.read("MATCH (e:Event) RETURN e.id AS id, e.source_count AS n ORDER BY n DESC, id LIMIT 1")[0]
    fact = store.read("MATCH ()-[f]->() WHERE f.fact IS NOT NULL "
                      "RETURN f.fact AS id, f.source_count AS n ORDER BY n DESC, id LIMIT 1")[0]
    ends = store.read("MATCH (o)<-[:FROM]-(e:Event {id: $id})-[:TO]->(d) "
                      "OPTIONAL MATCH (e)-[:BY]->(a) OPTIONAL MATCH (e)-[:CARRIED]->(c) "
                      "OPTIONAL MATCH (d)-[:LOCATED_IN]->(p) "
                      "RETURN o.id AS origin, d.id AS destination, a.id AS actor, c.id AS cargo, p.id AS region "
                      "ORDER BY origin, destination, actor, cargo, region",
                      {"id": event["id"]})[0]
    return {"event": event, "fact": fact, **ends}


def query_params(top: dict) -> dict[str, dict[str, str]]:
    """Parameters that make each canned query look at the busiest part of the synthetic graph."""
    return {
        "entity_profile": {"entity": top["destination"]},
        "actor_network": {"actor": top["actor"]},
        "bases_in_country": {"country": top["region"]},
        "equipment_moved_out": {"place": top["origin"], "since": "2024"},
        "equipment_timeline": {"equipment": top["cargo"]},
        "capability_shift": {"from": top["origin"], "since": "2024"},
        "flights_between": {"from": top["origin"], "to": top["destination"], "since": "2024"},
        "supply_routes": {"from": top["origin"], "to": top["region"], "since": "2024"},
        "new_since": {"since": "2024-12-20"},
        "shortest_connection": {"from": top["actor"], "to": top["region"]},
        "observed_airframe": {},
    }


def run_queries(store, reps: int, params: dict[str, dict[str, str]]) -> dict[str, tuple[float, int]]:
    from milgraph.queries.registry import bind_params, list_queries, resolve_entities

    results = {}
    for query in list_queries():
        values = resolve_entities(store, query, bind_params(query, params.get(query.name, {})))
        rows = store.read(query.cypher, values)
        times = []
        for _ in range(reps):
            started = time.perf_counter()
            store.read(query.cypher, values)
            times.append(time.perf_counter() - started)
        results[query.name] = (statistics.median(times), len(rows))
        print(f"  {store.backend:8s} {query.name:22s} {results[query.name][0] * 1000:9.1f} ms {len(rows):6d} rows",
              flush=True)
    return results


def raw_growth(backend: str, sizes: list[int]) -> list[float]:
    """Seconds per 1,000 reports written by plain UNWIND-MERGE, at the same sizes."""
    with tempfile.TemporaryDirectory(prefix="milgraph-bench-raw-") as tmp:
        store = open_store(backend, Path(tmp))
        try:
            store.clear()
            store.init_schema()
            out, written = [], 0
            for size in sorted(sizes):
                window_start = max(written, size - WINDOW)
                if window_start > written:
                    write_range(store, written, window_start, raw=True)
                out.append(write_range(store, window_start, size, raw=True)[1] * 1000 / (size - window_start))
                written = size
                print(f"{backend} raw: {size} reports, {out[-1]:.1f} s per 1,000", flush=True)
        finally:
            store.clear()
            store.close()
            if backend == "falkordb":
                store.server.stop()
    return out


def bench(backend: str, sizes: list[int], reps: int) -> dict:
    with tempfile.TemporaryDirectory(prefix="milgraph-bench-prov-") as tmp:
        store = open_store(backend, Path(tmp))
        try:
            store.clear()
            store.init_schema()
            load_gazetteer()  # once per process (about a second), as in any `milgraph ingest`; not timed
            growth, written = [], 0
            for size in sorted(sizes):
                window_start = max(written, size - WINDOW)
                if window_start > written:
                    write_range(store, written, window_start, run=FILL_RUN)
                seconds, in_database, after = write_range(store, window_start, size, run=RUN)
                written = size
                top = busiest(store)
                row = {"size": size, "per_1000": seconds * 1000 / (size - window_start),
                       "database_per_1000": in_database * 1000 / (size - window_start),
                       "after_per_1000": after * 1000 / (size - window_start),
                       "event_sources": top["event"]["n"], "fact_sources": top["fact"]["n"],
                       "memory": server_memory(store), "load": os.getloadavg()[0]}
                growth.append(row)
                print(f"{backend}: {size} reports, {row['per_1000']:.1f} s per 1,000 writing, "
                      f"{row['after_per_1000']:.1f} after ingest, busiest event "
                      f"{row['event_sources']} sources, fact {row['fact_sources']}", flush=True)
            queries = run_queries(store, reps, query_params(busiest(store)))
        finally:
            store.clear()
            store.close()
            if backend == "falkordb":
                store.server.stop()
    for row, raw in zip(growth, raw_growth(backend, sizes)):
        row["raw_per_1000"] = raw
    return {"growth": growth, "queries": queries}


def report(args, results: dict) -> str:
    lines = [SECTION, "",
             f"`{' '.join(['.venv/bin/python', 'bench/bench_provenance.py', *sys.argv[1:]])}` "
             f"({time.strftime('%Y-%m-%d')}); {machine()}.", "",
             "Synthetic reports (tests/synthetic_reports.py, Zipf over 400 stories), written as `milgraph ingest` "
             f"writes them ({BATCH} per batch). Write cost: the last {WINDOW:,} reports before each size. "
             "Issue 9's full figures: `bench/bench_provenance.py --sizes 1000 10000 100000 --neo4j` with "
             "MILGRAPH_TEST_NEO4J_URI set (a scratch Neo4j: it is cleared).", "",
             f"Whole ingest: the writer, plus what `milgraph ingest` does once per run after writing "
             f"(`happening_store.after_ingest`: the new claims grouped into events against the units the "
             f"bucket's events keep, a bucket re-clustered from its links only when a new claim would move "
             f"claims already there; entity aliases sorted; then `tracking.after_ingest`), timed in runs of "
             f"{RUN} reports (the store is filled between windows in runs of {FILL_RUN:,}). The gazetteer is "
             "loaded once before timing (about a second per process).", "",
             "Plain UNWIND-MERGE: the same rows written without the provenance bookkeeping (new-share "
             "detection, aggregates), into a store of its own; database time only (statements built beforehand).", "",
             "| backend | reports | writer s per 1,000 | of which database | plain UNWIND-MERGE (database) "
             "| ratio (database) | after ingest s per 1,000 | whole ingest s per 1,000 | busiest event (sources) "
             "| busiest fact (sources) | server memory | memory per report | load (1 min) |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for backend, result in results.items():
        for row in result["growth"]:
            memory = f"{row['memory'] / 2**20:.0f} MiB" if row["memory"] else "n/a"
            per = f"{row['memory'] / row['size'] / 1024:.1f} KiB" if row["memory"] else "n/a"
            lines.append(f"| {backend} | {row['size']:,} | {row['per_1000']:.2f} | {row['database_per_1000']:.2f} "
                         f"| {row['raw_per_1000']:.2f} | {row['database_per_1000'] / row['raw_per_1000']:.2f} "
                         f"| {row['after_per_1000']:.2f} | {row['per_1000'] + row['after_per_1000']:.2f} "
                         f"| {row['event_sources']:,} "
                         f"| {row['fact_sources']:,} | {memory} | {per} | {row['load']:.1f} |")
    lines += [""]
    for backend, result in results.items():
        first, last = result["growth"][0], result["growth"][-1]
        whole = [(r["per_1000"] + r["after_per_1000"]) for r in (first, last)]
        lines.append(f"- {backend}: at {last['size']:,} reports against {first['size']:,}: writer "
                     f"{last['per_1000'] / first['per_1000']:.2f}x, whole ingest {whole[1] / whole[0]:.2f}x "
                     f"(target: within 1.5x).")
    lines += ["", f"Canned queries at {max(args.sizes):,} reports, median of {args.reps} runs after one warm-up "
                  "(parameters name the busiest story's places, actor and cargo):", "",
              "| query | " + " | ".join(f"{b} ms (rows)" for b in results) + " |",
              "|---|" + "---:|" * len(results)]
    names = sorted({name for r in results.values() for name in r["queries"]})
    for name in names:
        cells = [f"{r['queries'][name][0] * 1000:.1f} ({r['queries'][name][1]})" if name in r["queries"] else "-"
                 for r in results.values()]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 5_000])
    parser.add_argument("--reps", type=int, default=5)
    parser.add_argument("--neo4j", action="store_true", help="also on Neo4j (the database is cleared)")
    parser.add_argument("--no-falkordb", action="store_true")
    parser.add_argument("--no-write", action="store_true", help="print only; leave bench/RESULTS.md alone")
    args = parser.parse_args()
    backends = ([] if args.no_falkordb else ["falkordb"]) + (["neo4j"] if args.neo4j else [])
    results = {backend: bench(backend, args.sizes, args.reps) for backend in backends}
    text = report(args, results)
    print(text)
    if not args.no_write:
        replace_section(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
