"""How long a user waits for a command on a populated embedded store: `milgraph stats` and
`milgraph query run` on a store of N synthetic reports, as whole processes (interpreter start,
imports, connection, query), with the server already up (kept by its keeper between commands)
and cold (stopped first, so the command starts it and loads the snapshot). Baseline in the same
run: the interpreter importing the CLI and exiting.

    .venv/bin/python bench/bench_commands.py [--reports 10000] [--repeat 5] [--no-write]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from results import machine, replace_section  # noqa: E402

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))

from bench_reopen import fill  # noqa: E402

from milgraph.graph.falkordb_store import EmbeddedServer  # noqa: E402

RESULTS = ROOT / "RESULTS.md"
SECTION = "## Commands on a populated embedded store"
COMMANDS = {"stats": ["stats"], "query run": ["query", "run", "flights_between", "-p", "from=Base 1", "-p", "to=Base 2"]}


def timed(args: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(args, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def run(reports: int, repeat: int) -> dict:
    milgraph = str(Path(sys.executable).with_name("milgraph"))
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(tmp) / "db"
        fill(data_dir, reports)
        env = {**os.environ, "MILGRAPH_IDLE_TIMEOUT": "600"}
        env.pop("NEO4J_URI", None)
        base = [milgraph, "--db", str(data_dir)]
        out = {"reports": reports, "baseline_s": statistics.median(
            timed([sys.executable, "-c", "import milgraph.cli"], env) for _ in range(repeat))}
        for name, args in COMMANDS.items():
            cold = []
            for _ in range(max(3, repeat // 2)):
                EmbeddedServer(data_dir).stop()
                cold.append(timed(base + args, env))
            warm = [timed(base + args, env) for _ in range(repeat)]
            out[name] = {"warm_s": statistics.median(warm), "cold_s": statistics.median(cold)}
        EmbeddedServer(data_dir).stop()
        out["load"] = os.getloadavg()[0]
    return out


def write_section(r: dict) -> None:
    lines = [SECTION, "",
             f"`bench/bench_commands.py`: whole `milgraph` processes on a store of {r['reports']:,} synthetic reports "
             "(tests/synthetic_reports.py). 'Up': the server kept running between commands; 'cold': stopped first. "
             "Medians. Baseline: the interpreter importing the CLI and exiting.", "",
             "| command | server up | cold (start + snapshot load) | baseline (imports only) |", "|---|---|---|---|"]
    for name in COMMANDS:
        lines.append(f"| `milgraph {name}` | {r[name]['warm_s']:.2f} s | {r[name]['cold_s']:.2f} s | "
                     f"{r['baseline_s']:.2f} s |")
    lines += ["", "Targets (issue 9): < 0.5 s with the server up, < 3 s cold, on a 10,000-report store.", "",
              f"Machine: {machine()} (1-minute load {r['load']:.1f} at the end).", ""]
    text = "\n".join(lines)
    replace_section(text)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    result = run(args.reports, args.repeat)
    print(result)
    if not args.no_write:
        write_section(result)


if __name__ == "__main__":
    main()
