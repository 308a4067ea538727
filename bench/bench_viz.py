"""Benchmark the pictures: page generation time and time until the page is interactive.

    .venv/bin/python bench/bench_viz.py [--runs 3] [--sizes 500,2000,10000] [--no-write]

For synthetic milgraph-shaped graphs (:func:`milgraph.viz.synthetic.synthetic_graph`) of each
size it measures, as medians over ``--runs``:

- generation: building and writing the graph page (selection, layout, pyvis assembly, HTML);
- interactive: milliseconds from navigation start until the page's ready flag
  (``window.milgraph.ready``: first vis-network drawing after the layout has settled), in
  headless Chromium already running (one fresh tab per load);
- baseline, same run: the 2,000-node graph with the layout left to vis-network's physics in
  the browser (what pyvis pages do), and pyvis's own ``Network.write_html`` generation time;
- the map page for the same graphs.

Results replace the ``## Visualisation`` section of bench/RESULTS.md (other sections are kept).
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from browser import CHROMIUM, launch  # noqa: E402

from milgraph.viz import page as page_module  # noqa: E402
from milgraph.viz.map import write_map_page  # noqa: E402
from milgraph.viz.page import write_graph_page  # noqa: E402
from milgraph.viz.synthetic import synthetic_graph  # noqa: E402

RESULTS = ROOT / "bench" / "RESULTS.md"
TARGET_MS = 2000


def interactive_ms(context, path: Path, timeout_ms: int = 120000) -> float:
    page = context.new_page()
    try:
        page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(("file:", "data:", "about:"))
                   else r.abort())
        page.goto(path.resolve().as_uri())
        page.wait_for_function("() => window.milgraph && window.milgraph.ready", timeout=timeout_ms, polling=20)
        return float(page.evaluate("window.milgraph.readyMs"))
    finally:
        page.close()


def timed(fn, runs: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def pyvis_generation(graph, path: Path) -> None:
    """pyvis's own way: Network + write_html (physics in the browser, CDN-free 'local' mode)."""
    from pyvis.network import Network

    net = Network(directed=True, cdn_resources="remote")
    for node in graph.nodes.values():
        net.add_node(node.id, label=node.name, title=node.name)
    for edge in graph.edges:
        net.add_edge(edge.source, edge.target, title=edge.type)
    net.write_html(str(path), notebook=False)


def machine() -> str:
    cpu = "unknown CPU"
    try:
        cpu = next(line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                   if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    try:
        mem_kb = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))
        mem = f"{mem_kb / 1024 / 1024:.0f} GiB RAM"
    except (OSError, AttributeError):
        mem = "RAM unknown"
    try:
        chromium = subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True, timeout=30).stdout.strip()
    except OSError:
        chromium = "Chromium unknown"
    import networkx
    import pyvis

    return (f"{cpu}, {os.cpu_count()} cores, {mem}; {platform.platform()}; Python {platform.python_version()}; "
            f"networkx {networkx.__version__}, pyvis {pyvis.__version__}; {chromium} headless")


def run(sizes: list[int], runs: int) -> str:
    rows, baseline_rows = [], []
    out_dir = Path(tempfile.mkdtemp(prefix="milgraph-bench-viz-"))
    with launch() as context:
        interactive_ms(context, _warm_up(out_dir))  # first load pays Chromium's start-up costs
        for n in sizes:
            graph = synthetic_graph(n, seed=1)
            path = out_dir / f"graph-{n}.html"
            gen_s, result = timed(lambda: write_graph_page(path, graph), runs)
            ready = statistics.median(interactive_ms(context, path) for _ in range(runs))
            map_path = out_dir / f"map-{n}.html"
            map_s, map_result = timed(lambda: write_map_page(map_path, graph), runs)
            map_ready = statistics.median(interactive_ms(context, map_path) for _ in range(runs))
            rows.append((n, len(graph.edges), result, gen_s, ready, path.stat().st_size, map_result, map_s, map_ready))
            print(f"{n}: drawn {result.nodes}/{len(graph.nodes)} nodes, generation {gen_s:.2f} s, "
                  f"interactive {ready:.0f} ms; map {map_result.lines} lines {map_s:.2f} s, {map_ready:.0f} ms",
                  flush=True)
        # Baselines in the same run: the 2,000-node graph laid out by the browser's physics.
        n = 2000 if 2000 in sizes else sizes[0]
        graph = synthetic_graph(n, seed=1)
        saved = page_module.LAYOUT_THRESHOLD
        page_module.LAYOUT_THRESHOLD = 10 ** 9
        try:
            path = out_dir / f"graph-{n}-browser-physics.html"
            gen_s, result = timed(lambda: write_graph_page(path, graph), 1)
            ready = statistics.median(interactive_ms(context, path, timeout_ms=300000) for _ in range(runs))
        finally:
            page_module.LAYOUT_THRESHOLD = saved
        pyvis_s, _ = timed(lambda: pyvis_generation(graph, out_dir / "pyvis.html"), runs)
        baseline_rows.append((n, gen_s, ready, pyvis_s))
        print(f"baseline {n}: browser physics interactive {ready:.0f} ms; pyvis write_html {pyvis_s:.2f} s", flush=True)
    return _section(rows, baseline_rows, runs)


def _warm_up(out_dir: Path) -> Path:
    path = out_dir / "warm.html"
    write_graph_page(path, synthetic_graph(50, seed=2))
    return path


def _section(rows, baseline_rows, runs: int) -> str:
    lines = ["## Visualisation", "",
             f"`bench/bench_viz.py`, {time.strftime('%Y-%m-%d')}, medians of {runs} runs. Machine: {machine()}.", "",
             "Synthetic milgraph-shaped graphs (40% entities, 60% events with 3-5 roles). *Generation*: select, "
             "lay out (networkx, physics off above 300 nodes), assemble with pyvis and write the page. "
             "*Interactive*: navigation start until the first vis-network drawing after layout "
             "(`window.milgraph.ready`), in an already running headless Chromium. Pages above 2,000 nodes draw "
             "the 2,000 best-connected and say what was left out.", "",
             "| graph nodes | edges | drawn nodes | drawn edges | page size | generation | interactive | "
             "map lines | map generation | map interactive |",
             "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for n, edges, result, gen_s, ready, size, map_result, map_s, map_ready in rows:
        lines.append(f"| {n:,} | {edges:,} | {result.nodes:,} | {result.edges:,} | {size / 1e6:.1f} MB | "
                     f"{gen_s:.2f} s | {ready:,.0f} ms | {map_result.lines:,} | {map_s:.2f} s | {map_ready:,.0f} ms |")
    target = next((r for r in rows if r[0] == 2000), None)
    lines.append("")
    if target:
        verdict = "meets" if target[4] < TARGET_MS else "MISSES"
        lines.append(f"Target: a 2,000-node graph interactive in under {TARGET_MS / 1000:.0f} s: "
                     f"{target[4]:,.0f} ms, {verdict} it.")
    for n, gen_s, ready, pyvis_s in baseline_rows:
        ours = next((r for r in rows if r[0] == n), None)
        lines.append("")
        lines.append(f"Baselines, same run, {n:,} nodes: the same page with the layout left to vis-network's physics in "
                     f"the browser (as pyvis pages do) becomes interactive after {ready:,.0f} ms"
                     + (f" ({ready / ours[4]:.1f}x ours)" if ours else "")
                     + f"; pyvis's own `write_html` takes {pyvis_s:.2f} s to generate"
                     + (f" (ours {ours[3]:.2f} s, {ours[3] / pyvis_s:.1f}x, including the networkx layout)" if ours else "")
                     + ".")
    return "\n".join(lines) + "\n"


def write_section(section: str) -> None:
    text = RESULTS.read_text() if RESULTS.exists() else "# Benchmark results\n"
    pattern = re.compile(r"^## Visualisation\n.*?(?=^## |\Z)", re.S | re.M)
    if pattern.search(text):
        text = pattern.sub(lambda _: section + "\n", text).rstrip() + "\n"
    else:
        text = text.rstrip() + "\n\n" + section
    RESULTS.write_text(text)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--sizes", default="500,2000,10000")
    parser.add_argument("--no-write", action="store_true", help="print the section instead of updating RESULTS.md")
    args = parser.parse_args()
    section = run([int(s) for s in args.sizes.split(",")], args.runs)
    if args.no_write:
        print(section)
    else:
        write_section(section)
        print(f"updated {RESULTS}")


if __name__ == "__main__":
    main()
