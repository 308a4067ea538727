"""Reopening the embedded store: how long a command waits for a store of N reports to load.

For each size, synthetic reports (tests/synthetic_reports.py: stories drawn with a Zipf law, so
the busiest facts collect thousands of sources) are written into a fresh store, which is then
closed cleanly (the log is folded into an RDB base) and reopened several times: the time from
opening to the first answered query. The same store is then reopened after its server was
killed without a clean shutdown, so everything since the last base is replayed from the log.
The baseline, measured in the same run, is reopening an empty store.

    .venv/bin/python bench/bench_reopen.py [--sizes 1000 10000 30000] [--repeat 5] [--no-write]
"""

from __future__ import annotations

import argparse
import os
import signal
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from results import machine, replace_section  # noqa: E402

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT.parent / "tests"))
sys.path.insert(0, str(ROOT))

from synthetic_reports import synthetic_extraction  # noqa: E402

from milgraph.config import StoreConfig  # noqa: E402
from milgraph.graph.falkordb_store import EmbeddedServer, FalkorDBStore  # noqa: E402
from milgraph.graph.writer import complete_reports, write_extractions  # noqa: E402

RESULTS = ROOT / "RESULTS.md"
SECTION = "## Reopening the embedded store"
BATCH = 50


def fill(data_dir: Path, count: int) -> float:
    store = FalkorDBStore(StoreConfig(data_dir=data_dir))
    started = time.perf_counter()
    try:
        store.init_schema()
        for start in range(0, count, BATCH):
            batch = synthetic_extractions_slice(start, min(count, start + BATCH))
            write_extractions(store, batch)
            complete_reports(store, [e.report.id for e in batch])
    finally:
        store.close()
    return time.perf_counter() - started


def synthetic_extractions_slice(start: int, stop: int):
    return [synthetic_extraction(i) for i in range(start, stop)]


def reopen_s(data_dir: Path) -> float:
    started = time.perf_counter()
    store = FalkorDBStore(StoreConfig(data_dir=data_dir))
    try:
        store.read("MATCH (r:Report) RETURN count(r) AS n")
        return time.perf_counter() - started
    finally:
        store.close()


def reopen_after_kill_s(data_dir: Path, count: int) -> tuple[float, int]:
    """Write the store again with its server killed at the end, then time the replay."""
    store = FalkorDBStore(StoreConfig(data_dir=data_dir))
    store.init_schema()
    for start in range(0, count, BATCH):
        batch = synthetic_extractions_slice(start, min(count, start + BATCH))
        write_extractions(store, batch)
        complete_reports(store, [e.report.id for e in batch])
    log_bytes = EmbeddedServer(data_dir).data_bytes()["log"]
    os.kill(int(store.server.pid_file.read_text()), signal.SIGKILL)
    store.keep_running = True
    store.close()
    return reopen_s(data_dir), log_bytes


def run(sizes: list[int], repeat: int) -> list[dict]:
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        empty = Path(tmp) / "empty"
        FalkorDBStore(StoreConfig(data_dir=empty)).close()
        baseline = statistics.median(reopen_s(empty) for _ in range(repeat))
        for size in sizes:
            data_dir = Path(tmp) / f"store-{size}"
            write_s = fill(data_dir, size)
            sizes_after = EmbeddedServer(data_dir).data_bytes()
            times = [reopen_s(data_dir) for _ in range(repeat)]
            killed_dir = Path(tmp) / f"killed-{size}"
            replay_s, log_bytes = reopen_after_kill_s(killed_dir, size) if size <= 10_000 else (None, None)
            rows.append({"reports": size, "write_s": write_s, "base_mb": sizes_after["base"] / 1e6,
                         "log_mb": sizes_after["log"] / 1e6, "reopen_s": statistics.median(times),
                         "reopen_max_s": max(times), "baseline_s": baseline, "replay_s": replay_s,
                         "replay_log_mb": log_bytes / 1e6 if log_bytes else None, "load": os.getloadavg()[0]})
            print(rows[-1], flush=True)
    return rows


def write_section(rows: list[dict], repeat: int) -> None:
    lines = [SECTION, "",
             "`bench/bench_reopen.py`: a store of N synthetic reports (Zipf-repeated stories, "
             "tests/synthetic_reports.py) closed cleanly, then reopened "
             f"{repeat} times: time from opening to the first answered query (median, max). Baseline in the "
             "same run: reopening an empty store. 'After a kill' is the same store written again and its "
             "server killed with SIGKILL (no clean shutdown, so the whole log since the last base is replayed).",
             "",
             "| reports | RDB base | log after clean close | reopen median (max) | vs empty store | "
             "after a kill: log replayed, reopen | 1-min load |",
             "|---|---|---|---|---|---|---|"]
    for r in rows:
        replay = (f"{r['replay_log_mb']:.1f} MB, {r['replay_s']:.2f} s" if r["replay_s"] is not None else "not run")
        lines.append(f"| {r['reports']:,} | {r['base_mb']:.1f} MB | {r['log_mb']:.2f} MB | "
                     f"{r['reopen_s']:.2f} s ({r['reopen_max_s']:.2f} s) | {r['reopen_s'] / r['baseline_s']:.1f}x "
                     f"({r['baseline_s']:.2f} s) | {replay} | {r['load']:.1f} |")
    lines += ["", "Target: reopening a 10,000-report store in under 5 s.", "", f"Machine: {machine()}.", ""]
    text = "\n".join(lines)
    replace_section(text)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10_000, 30_000])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    rows = run(args.sizes, args.repeat)
    if not args.no_write:
        write_section(rows, args.repeat)


if __name__ == "__main__":
    main()
