"""`milgraph demo` / `make demo`: the main job on the embedded default, on bundled sample data.

Builds the graph from the sample facts and reports written for the project, prints what it
holds, answers two canned questions and writes the graph page and the map.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from importlib import resources
from pathlib import Path

from milgraph.config import StoreConfig, default_data_dir
from milgraph.graph.stats import graph_stats
from milgraph.graph.store import open_store
from milgraph.pipeline import ingest


def demo_inputs() -> list[Path]:
    root = Path(str(resources.files("milgraph").joinpath("demo")))
    return [p for p in (root / "facts", root / "reports", root / "tracks") if p.exists()]


def demo_config(config: StoreConfig, db_given: bool) -> StoreConfig:
    """The demo's own embedded store (``<data dir>/demo``) unless a store was chosen."""
    if config.backend == "neo4j" or db_given:
        return config
    return dataclasses.replace(config, data_dir=default_data_dir() / "demo")


DEMO_MARK = ".milgraph-demo"  # in a data directory the demo created


def holds_other_graph(config: StoreConfig) -> bool:
    """An embedded store with data that the demo did not create (so the demo must not clear it)."""
    from milgraph.graph.falkordb_store import EmbeddedServer

    if config.backend != "falkordb" or (Path(config.data_dir) / DEMO_MARK).exists():
        return False
    sizes = EmbeddedServer(config.data_dir).data_bytes()
    return sizes["base"] + sizes["log"] > 1000  # an empty store's files are a few hundred bytes


def run_demo(config: StoreConfig, out_dir: Path, fresh: bool = True, echo: Callable[[str], None] = print) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    echo(f"milgraph demo: building the graph in {config.describe()}")
    if config.backend == "falkordb" and not holds_other_graph(config):
        Path(config.data_dir).mkdir(parents=True, exist_ok=True)
        (Path(config.data_dir) / DEMO_MARK).touch()
    with open_store(config) as store:
        if fresh:
            store.clear()
        store.init_schema()
        summary = ingest(store, demo_inputs())
        echo(f"  ingested {len(summary.loaded)} inputs: {summary.entities} entities, {summary.relations} relations, "
             f"{summary.events} events ({len(summary.failed)} failed, {len(summary.skipped)} skipped)")
        for failure in summary.failed:
            echo(f"  FAILED {failure.source}: {failure.reason}")
        stats = graph_stats(store)
        echo(f"  graph: {stats.nodes} nodes, {stats.relationships} relationships")
        echo("  nodes by label: " + ", ".join(f"{k} {v}" for k, v in stats.labels.items()))
        _show_queries(store, echo)
        _write_views(store, out_dir, echo)
    echo(f"done. Outputs are in {out_dir.resolve()}")
    where = f"--db {config.data_dir} " if config.backend == "falkordb" and config.data_dir != default_data_dir() else ""
    echo(f"Next (with .venv/bin on your PATH): `milgraph {where}query list`, "
         f"`milgraph {where}query run flights_between -p from=Khmeimim -p to=Libya`, `milgraph {where}stats`; "
         "open the two pages in a browser.")


def _show_queries(store, echo) -> None:
    from milgraph.cli.output import format_rows
    from milgraph.queries.registry import get_query, run_query

    for name in ("equipment_moved_out", "flights_between"):
        rows = run_query(store, name, {})
        echo(f"\n  query {name} ({get_query(name).title}):\n"
             + "\n".join("    " + line for line in format_rows(rows, "table").splitlines()))


def _write_views(store, out_dir: Path, echo) -> None:
    from milgraph.viz.page import write_demo_views

    graph_page, map_page = write_demo_views(store, out_dir)
    echo(f"\n  graph page: {Path(graph_page).resolve()}\n  map page:   {Path(map_page).resolve()}")
