"""Extraction on very large inputs: time and peak memory of ``milgraph extract`` at 0.1, 0.4,
1.6 and 5 MB, for three shapes of text, to show that both grow linearly with the text.

Shapes: ``lines`` (paragraphs of ordinary sentences), ``one-line`` (the same text with every
line break replaced by a space) and ``no-stops`` (one line in which every full stop is a comma,
so the sentence splitter finds no sentence end at all). The text is built from the
bench_extract templates (the project's own sentences). Each case runs ``milgraph extract
--json --max-input-mb 0`` (no size limit) in a fresh process; the figures are the child's CPU
time (user + system: steadier than wall time on a shared machine), wall time, and peak resident
memory. CPU time per MB should stay flat as the size grows.
Writes the table into bench/RESULTS.md under "## Large inputs".

    .venv/bin/python bench/bench_large_input.py [--sizes 0.1 0.4 1.6 5] [--shapes lines one-line no-stops] [--no-write]
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from results import machine, replace_section  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_extract import build_reports, machine  # noqa: E402

MILGRAPH = Path(sys.executable).with_name("milgraph")
SHAPES = ("lines", "one-line", "no-stops")


def build_text(megabytes: float, shape: str) -> str:
    """About ``megabytes`` MB of report text in the given shape."""
    target = int(megabytes * 1_000_000)
    parts: list[str] = []
    size, seed = 0, 0
    while size < target:
        for doc in build_reports(20, seed=seed):
            parts.append(doc.text)
            size += len(doc.text) + 2
        seed += 1
    text = "\n\n".join(parts)[:target]
    if shape != "lines":
        text = re.sub(r"\s*\n\s*", " ", text)
    if shape == "no-stops":
        text = text.replace(". ", ", ")
    return "Large input\n\n" + text


def measure(path: Path) -> tuple[float, float, float, int]:
    """(CPU seconds, wall seconds, peak MiB, exit status) of one ``milgraph extract`` run on ``path``."""
    t0 = time.perf_counter()
    proc = subprocess.Popen([str(MILGRAPH), "extract", "--json", "--max-input-mb", "0", str(path)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    return usage.ru_utime + usage.ru_stime, seconds, usage.ru_maxrss / 1024, proc.returncode


def run(sizes: list[float], shapes: list[str]) -> list[dict]:
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        tiny = Path(tmp) / "tiny.txt"
        tiny.write_text("Tiny\n\nRussia moved S-400 systems from Khmeimim to Benghazi.\n", encoding="utf-8")
        base_s, _, base_mib, _ = measure(tiny)
        print(f"start-up (a one-sentence report): {base_s:.2f} s CPU, {base_mib:.0f} MiB", flush=True)
        for shape in shapes:
            for mb in sizes:
                path = Path(tmp) / f"{shape}-{mb}.txt"
                path.write_text(build_text(mb, shape), encoding="utf-8")
                seconds, wall, mib, status = measure(path)
                row = {"shape": shape, "mb": mb, "seconds": seconds, "wall": wall, "mib": mib, "status": status,
                       "s_per_mb": max(seconds - base_s, 0.0) / mb, "base_s": base_s, "base_mib": base_mib}
                rows.append(row)
                print(f"{shape:9} {mb:5} MB: {seconds:7.1f} s CPU ({wall:.1f} s wall), {mib:6.0f} MiB, "
                      f"{row['s_per_mb']:.1f} s/MB after start-up, exit {status}", flush=True)
                path.unlink()
    return rows


def write_results(rows: list[dict], path: Path, load: tuple[float, float]) -> None:
    lines = [
        "## Large inputs",
        "",
        "`bench/bench_large_input.py`: `milgraph extract --json` on one file of report text built from the "
        "project's own sentence templates, in three shapes (paragraphs; one line; one line with no full stops), "
        "each run in a fresh process with the size limit off. CPU time per MB is after subtracting the "
        f"start-up of a one-sentence report ({rows[0]['base_s']:.1f} s CPU, {rows[0]['base_mib']:.0f} MiB).",
        "",
        "| shape | MB | CPU s | wall s | CPU s/MB after start-up | peak MiB | exit |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(f"| {r['shape']} | {r['mb']} | {r['seconds']:.1f} | {r['wall']:.1f} | {r['s_per_mb']:.1f} "
                     f"| {r['mib']:.0f} | {r['status']} |")
    lines += ["", f"Machine: {machine()}. 1-minute load average {load[0]:.2f} before and {load[1]:.2f} after "
              "(other jobs share this machine).", ""]
    replace_section("\n".join(lines), path)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=float, nargs="+", default=[0.1, 0.4, 1.6, 5])
    ap.add_argument("--shapes", nargs="+", choices=SHAPES, default=list(SHAPES))
    ap.add_argument("--no-write", action="store_true")
    args = ap.parse_args(argv)
    before = os.getloadavg()[0]
    rows = run(args.sizes, args.shapes)
    if not args.no_write:
        write_results(rows, Path(__file__).resolve().parent / "RESULTS.md", (before, os.getloadavg()[0]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
