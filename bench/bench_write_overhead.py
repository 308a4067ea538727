"""Write overhead (issue 9): milgraph's writer against plain UNWIND-MERGE of the same rows,
in the same run, batch by batch, on the same database.

Plain UNWIND-MERGE (:func:`plain_statements`) writes the rows the writer builds, with the same
nodes, labels, relationships and the properties a user queries (names, dates, each report's
evidence, modality, confidence, attribution on its REPORTS relationship or Statement), and
none of the bookkeeping: no new-share detection, no aggregates (source and publisher counts,
first and last report date, strongest modality, combined confidence), no best-of values, no
claim properties for regrouping, no ``pending`` mark, no validation or cleaning. Its ids are
prefixed (``plain~``) so that both graphs live in one database and see the same server, the
same caches and the same load; the two writes alternate in order batch by batch.

Reports come from tests/synthetic_reports.py (Zipf over 400 stories: a few facts collect
hundreds of sources). The first ``--warm`` reports are written untimed; then every batch of
``--batch`` reports is timed on both sides. Three times per side, as medians over batches,
per 1,000 reports:
- database: what the server reports it spent executing the statements (FalkorDB's "internal
  execution time", Neo4j's result_available_after + result_consumed_after);
- round trips: wall-clock time of the store calls (encoding, socket, fsync or commit);
- whole client: the writer from the extractions on (``write_extractions`` with the
  curations read once, as ``milgraph ingest`` does, then ``complete_reports`` of the reports it
  left pending); plain: its
  store call only (its statements are built before the clock starts).

    .venv/bin/python bench/bench_write_overhead.py                    # embedded FalkorDB
    .venv/bin/python bench/bench_write_overhead.py --neo4j            # and Neo4j (CLEARED)

Neo4j: MILGRAPH_TEST_NEO4J_URI / _USER / _PASSWORD (a scratch server: it is cleared).
Results replace the section "## Write overhead" of bench/RESULTS.md (``--no-write``: print only).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT.parent / "tests"))

from results import machine, replace_section  # noqa: E402
from synthetic_reports import synthetic_extraction  # noqa: E402

from milgraph.graph.curation import CurationRules  # noqa: E402
from milgraph.graph.model import load_model  # noqa: E402
from milgraph.graph.provenance import SHARE_PROPERTIES  # noqa: E402
from milgraph.graph.store import Statement  # noqa: E402
from milgraph.graph.writer import complete_reports, statements_for, write_extractions  # noqa: E402

SECTION = "## Write overhead"
PREFIX = "plain~"
_ID_KEYS = {"id", "report", "start", "end", "event", "target"}


def _labels(var: str, field: str, labels) -> str:
    return "".join(f"FOREACH (one IN CASE WHEN row.{field} = '{label}' THEN [1] ELSE [] END | SET {var}:{label}) "
                   for label in labels)


def plain_cypher(name: str) -> str | None:
    """Plain UNWIND-MERGE for the writer's statement ``name`` (None: the plain write has no such statement)."""
    model = load_model()
    share_set = ", ".join(f"x.{p} = share.{p}" for p in SHARE_PROPERTIES)
    if name == "reports":
        return "UNWIND $rows AS row MERGE (r:Report {id: row.id}) SET r += row.props, r.name = row.props.title"
    if name == "entities":
        extras = sorted({extra for node in model.nodes.values() for extra in node.kinds.values() if extra})
        return ("UNWIND $rows AS row MERGE (n:Entity {id: row.id}) " + _labels("n", "label", model.entity_labels)
                + _labels("n", "extra", extras) + "SET n.name = row.name, n += row.props, n.aliases = row.aliases "
                "FOREACH (c IN row.cites | MERGE (r:Report {id: c}) MERGE (r)-[:CITES]->(n)) "
                "WITH n, row UNWIND row.mentions AS m MATCH (r:Report {id: m.report}) "
                "MERGE (r)-[x:MENTIONS]->(n) SET x.count = m.count, x.aliases = m.aliases")
    if name == "events":
        return ("UNWIND $rows AS row MERGE (f:Event {id: row.id}) " + _labels("f", "label", model.event_labels)
                + "SET f.name = row.name, f.date = row.date, f.date_precision = row.date_precision, "
                "f.end_date = row.end_date, f.count = row.count "
                "WITH f, row UNWIND row.shares AS share MATCH (r:Report {id: share.report}) "
                f"MERGE (r)-[x:REPORTS]->(f) SET {share_set}")
    if name.startswith("facts:"):
        rel_type = name.split(":", 1)[1]
        return ("UNWIND $rows AS row MATCH (a:Entity {id: row.start}) MATCH (b:Entity {id: row.end}) "
                f"MERGE (a)-[f:{rel_type}]->(b) SET f += row.props, f.fact = row.fact "
                "WITH row UNWIND row.shares AS share MATCH (r:Report {id: share.report}) "
                "MERGE (x:Statement {id: share.id}) "
                f"SET x.fact = row.fact, x.report = share.report, {share_set} MERGE (r)-[:STATES]->(x)")
    return None


# What each plain statement reads of a row (and of a row's shares): plain sends nothing else.
_PLAIN_ROW_KEYS = {
    "reports": ("id", "props"),
    "entities": ("id", "label", "extra", "name", "props", "aliases", "cites", "mentions"),
    "events": ("id", "label", "name", "date", "date_precision", "end_date", "count", "shares"),
    "facts": ("start", "end", "props", "fact", "shares"),
}
_PLAIN_SHARE_KEYS = ("report", "id", *SHARE_PROPERTIES)


def _plain_row(name: str, row: dict) -> dict:
    kept = {k: row[k] for k in _PLAIN_ROW_KEYS[name.split(":")[0]] if k in row}
    if "shares" in kept:  # the writer's new shares hold their link's properties in one map
        kept["shares"] = [_plain_share(s) for s in kept["shares"]]
    return kept


def _plain_share(share: dict) -> dict:
    """A share as plain sends it: the writer's keys, nulls included (a new share of the writer
    leaves nulls out, and an event's holds its link's properties in ``props``)."""
    flat = {**share.get("props", {}), **{k: v for k, v in share.items() if k != "props"}}
    return {k: flat.get(k) for k in _PLAIN_SHARE_KEYS if k in flat or k in SHARE_PROPERTIES}


def plain_statements(statements: list[Statement]) -> list[Statement]:
    """The writer's batch as plain UNWIND-MERGE statements of the same rows (see the module
    docstring), each row cut to what its plain statement reads."""
    out = []
    for st in statements:
        if st.name == "roles":
            out.append(Statement(st.cypher, st.params, st.name))
            continue
        groups = {st.name: st.params["rows"]}
        if st.name == "facts":  # every type in one statement: one plain statement per type
            groups = defaultdict(list)
            for row in st.params["rows"]:
                groups[f"facts:{row['type']}"].append(row)
        for name, rows in groups.items():
            cypher = plain_cypher(name)
            if cypher is None:
                raise SystemExit(f"no plain statement for the writer's {name!r}; update plain_statements")
            out.append(Statement(cypher, {"rows": [_plain_row(name, row) for row in rows]}, name))
    return out


def prefixed(value, key: str = ""):
    """Every id in the rows with :data:`PREFIX`, so the plain graph is apart from the writer's."""
    if isinstance(value, dict):
        return {k: prefixed(v, k) for k, v in value.items()}
    if isinstance(value, list):
        if key == "cites":
            return [PREFIX + v for v in value]
        return [prefixed(v, key if key in _ID_KEYS else "") for v in value]
    if isinstance(value, str) and key in _ID_KEYS:
        return PREFIX + value
    return value


class Clock:
    """Wall-clock time of a store's write calls (write and write_batch), and the server time
    of each statement (``statement_times``), for one side at a time."""

    def __init__(self, store) -> None:
        self.store, self.wall = store, 0.0
        store.statement_times = []
        for method in ("write", "write_batch"):
            setattr(store, method, self._timed(getattr(store, method)))

    def _timed(self, call):
        def timed(*args, **kwargs):
            started = time.perf_counter()
            try:
                return call(*args, **kwargs)
            finally:
                self.wall += time.perf_counter() - started
        return timed

    def take(self) -> tuple[float, list[tuple[str, float]]]:
        wall, times = self.wall, list(self.store.statement_times)
        self.wall, self.store.statement_times[:] = 0.0, []
        return wall, times


def shape_of(cypher: str, names: dict[str, str]) -> str:
    return names.get(cypher, "complete" if "pending = null" in cypher else "other").split(":")[0]


def run(backend: str, reports: int, warm: int, batch: int, data_dir: Path) -> dict:
    from bench_provenance import open_store

    store = open_store(backend, data_dir)
    try:
        store.clear()
        store.init_schema()
        curation = CurationRules.of(store)  # once per run, as `milgraph ingest` does
        clock = Clock(store)
        samples: dict[str, list[dict]] = {"writer": [], "plain": []}
        loads = [os.getloadavg()[0]]
        for number, low in enumerate(range(0, reports, batch)):
            extractions = [synthetic_extraction(i) for i in range(low, min(reports, low + batch))]
            built = statements_for(extractions, existing_reports=set())  # new reports, as in an ingest
            names = {st.cypher: st.name for st in built}
            plain = [Statement(st.cypher, prefixed(st.params), st.name) for st in plain_statements(built)]
            names.update({st.cypher: st.name for st in plain})
            sides = ("writer", "plain") if number % 2 == 0 else ("plain", "writer")
            for side in sides:
                clock.take()
                started = time.perf_counter()
                if side == "writer":
                    written = write_extractions(store, extractions, curation=curation)
                    complete_reports(store, written.pending)  # as `milgraph ingest` does
                else:
                    store.write_batch(plain)
                client = time.perf_counter() - started
                wall, times = clock.take()
                if low >= warm:
                    by_shape: dict[str, float] = defaultdict(float)
                    for cypher, seconds in times:
                        by_shape[shape_of(cypher, names)] += seconds
                    samples[side].append({"reports": len(extractions), "client": client, "wall": wall,
                                          "database": sum(s for _, s in times), "shapes": dict(by_shape),
                                          "statements": len(times)})
            if low >= warm and number % 10 == 0:
                loads.append(os.getloadavg()[0])
        loads.append(os.getloadavg()[0])
    finally:
        store.statement_times = None
        store.clear()
        store.close()
        if backend == "falkordb":
            store.server.stop()
    return {"samples": samples, "loads": loads}


def per_1000(samples: list[dict], key: str) -> float:
    """Median over batches of ``key``, in seconds per 1,000 reports."""
    return statistics.median(s[key] * 1000 / s["reports"] for s in samples)


def paired_ratio(writer: list[dict], plain: list[dict], key_w: str, key_p: str) -> float:
    """Median over batches of writer / plain for the same batch of reports, written one right
    after the other: steadier than the ratio of the two medians when the load drifts."""
    return statistics.median(w[key_w] / p[key_p] for w, p in zip(writer, plain) if p[key_p] > 0)


def shape_per_1000(samples: list[dict], shape: str) -> float:
    return statistics.median(s["shapes"].get(shape, 0.0) * 1000 / s["reports"] for s in samples)


def report(args, results: dict) -> str:
    lines = [SECTION, "",
             f"`{' '.join(['.venv/bin/python', 'bench/bench_write_overhead.py', *sys.argv[1:]])}` "
             f"({time.strftime('%Y-%m-%d %H:%M')}); {machine()}.", "",
             f"Synthetic reports (tests/synthetic_reports.py, Zipf over 400 stories), {args.batch} per batch; the "
             f"first {args.warm:,} written untimed, then {args.reports - args.warm:,} timed, milgraph's writer and "
             "plain UNWIND-MERGE of the same rows alternating batch by batch in one database (see the bench's "
             "docstring for what plain leaves out). Seconds per 1,000 reports, medians over batches (paired: the "
             "median of each batch's writer / plain); database: "
             "the server's own execution time; round trips: the store calls' wall-clock time; whole client: "
             "the writer from the extractions on, against plain's store call alone.", "",
             "| backend | timed batches | load (1 min) | database: writer / plain (ratio) "
             "| round trips: writer / plain (ratio) | whole client: writer / plain (ratio) | statements per batch |",
             "|---|---:|---:|---:|---:|---:|---:|"]
    for backend, result in results.items():
        w, p = result["samples"]["writer"], result["samples"]["plain"]
        cells = []
        for key_w, key_p in (("database", "database"), ("wall", "wall"), ("client", "wall")):
            a, b = per_1000(w, key_w), per_1000(p, key_p)
            cells.append(f"{a:.2f} / {b:.2f} ({a / b:.2f}x; paired {paired_ratio(w, p, key_w, key_p):.2f}x)")
        load = result["loads"]
        lines.append(f"| {backend} | {len(w)} | {min(load):.1f}-{max(load):.1f} | " + " | ".join(cells)
                     + f" | {statistics.median(s['statements'] for s in w):.0f} / "
                       f"{statistics.median(s['statements'] for s in p):.0f} |")
    lines += ["", "Database time by statement, medians per 1,000 reports (s), writer / plain:", "",
              "| backend | " + " | ".join(SHAPES) + " |", "|---|" + "---:|" * len(SHAPES)]
    for backend, result in results.items():
        w, p = result["samples"]["writer"], result["samples"]["plain"]
        lines.append(f"| {backend} | " + " | ".join(
            f"{shape_per_1000(w, shape):.3f} / {shape_per_1000(p, shape):.3f}" for shape in SHAPES) + " |")
    return "\n".join(lines) + "\n"


SHAPES = ("reports", "entities", "facts", "events", "roles", "complete")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reports", type=int, default=3_000)
    parser.add_argument("--warm", type=int, default=1_000, help="reports written untimed first")
    parser.add_argument("--batch", type=int, default=50)
    parser.add_argument("--neo4j", action="store_true", help="also on Neo4j (the database is cleared)")
    parser.add_argument("--no-falkordb", action="store_true")
    parser.add_argument("--no-write", action="store_true", help="print only; leave bench/RESULTS.md alone")
    args = parser.parse_args()
    backends = ([] if args.no_falkordb else ["falkordb"]) + (["neo4j"] if args.neo4j else [])
    results = {}
    for backend in backends:
        with tempfile.TemporaryDirectory(prefix="milgraph-bench-overhead-") as tmp:
            results[backend] = run(backend, args.reports, args.warm, args.batch, Path(tmp))
        print(report(args, {backend: results[backend]}), flush=True)
    text = report(args, results)
    print(text)
    if not args.no_write:
        replace_section(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
