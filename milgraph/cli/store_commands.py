"""Commands that set up, fill and inspect the graph: init, upgrade, ingest, stats, cypher, demo."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import click

from milgraph.cli.common import config_of, max_input_option, meta_overrides, open_configured_store, parse_json_pairs
from milgraph.cli.dates import published_option
from milgraph.cli.extract_commands import configure_extraction, gazetteer_option, nlp_model_option
from milgraph.cli.output import echo_rows, format_option, format_rows
from milgraph.errors import MilgraphError


@click.command()
@click.pass_context
def init(ctx):
    """Create the uniqueness constraints (Neo4j) or indexes (FalkorDB) on node ids."""
    with open_configured_store(ctx) as store:
        made = store.init_schema()
    click.echo(f"{config_of(ctx).describe()}: " + (f"created {len(made)}: " + ", ".join(made) if made else "schema already in place"))


@click.command()
@click.pass_context
def upgrade(ctx):
    """Bring a graph written by an older milgraph to the current shape: per-source lists on
    events and facts (sources, evidence, modalities, ...) become one REPORTS share or Statement
    per report, with the aggregates recomputed. Safe to run again: it then finds nothing to do."""
    from milgraph.graph.provenance import upgrade_list_provenance

    with open_configured_store(ctx) as store:
        events, facts = upgrade_list_provenance(store)
    click.echo(f"{config_of(ctx).describe()}: " + (f"upgraded {events} events and {facts} facts"
                                                   if events or facts else "already in the current shape"))


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@published_option()
@click.option("--publisher", help="Publisher for inputs that lack one.")
@click.option("--url", help="URL for inputs that lack one.")
@click.option("--field", "fields", multiple=True, metavar="NAME=FIELD",
              help="JSON/JSONL field mapping, e.g. --field text=article_body.")
@click.option("--workers", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Extraction processes (for large runs: one per core).")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@max_input_option
@nlp_model_option
@gazetteer_option
@click.pass_context
def ingest(ctx, paths, published, publisher, url, fields, workers, as_json, nlp_model, gazetteer_dirs):
    """Read reports and facts files (folders recursively) and write what they say to the graph.

    Facts files (*.yaml, or *.json with an "entities" list) are curated facts; everything
    else is read as reports (text, Markdown, HTML, JSON/JSONL, RSS/Atom). Exits non-zero if
    any input failed; the others still load.
    """
    from milgraph.pipeline import ingest as run_ingest

    configure_extraction(ctx, nlp_model, gazetteer_dirs)
    overrides = meta_overrides(paths, published, publisher, url, fields)
    with open_configured_store(ctx) as store:
        store.init_schema()
        with _Progress(paths) as progress:
            summary = run_ingest(store, paths, overrides, on_item=progress.update, workers=workers)
    _print_summary(summary, as_json)
    if not summary.ok:
        ctx.exit(1)


class _Progress:
    """A progress bar over input files, showing reports/s and facts found."""

    def __init__(self, paths):
        total = sum(sum(1 for p in Path(path).rglob("*") if p.is_file()) if Path(path).is_dir() else 1
                    for path in paths)
        self.bar = click.progressbar(length=max(total, 1), label="ingesting", file=sys.stderr,
                                     item_show_func=lambda text: text, show_pos=True, hidden=not sys.stderr.isatty())
        self.last_file = None
        self.count = 0
        self.facts = 0
        self.started = time.perf_counter()

    def __enter__(self):
        self.bar.__enter__()
        return self

    def __exit__(self, *exc):
        self.bar.__exit__(*exc)

    def update(self, item, summary):
        self.count += 1
        file = item.source.rsplit(":", 1)[0] if item.source.rsplit(":", 1)[-1].isdigit() else item.source
        found = item.extraction
        if found:  # facts are counted as found; the summary counts them as written
            self.facts += len(found.entities) + len(found.relations) + len(found.events)
        rate = self.count / max(time.perf_counter() - self.started, 1e-6)
        status = f"{rate:.0f} reports/s, {self.facts} facts found, {len(summary.failed)} failed"
        steps = 1 if file != self.last_file else 0
        self.last_file = file
        self.bar.update(steps, status)


def _print_summary(summary, as_json: bool) -> None:
    if as_json:
        click.echo(json.dumps({
            "loaded": summary.loaded, "replaced": summary.replaced, "repaired": summary.repaired,
            "stopped": summary.stopped,
            "skipped": [vars(s) for s in summary.skipped], "failed": [vars(f) for f in summary.failed],
            "entities": summary.entities, "relations": summary.relations, "events": summary.events,
            "seconds": round(summary.seconds, 3)}, indent=2))
        return
    rate = (len(summary.loaded) + len(summary.replaced)) / summary.seconds if summary.seconds else 0
    click.echo(f"loaded {len(summary.loaded)}, replaced {len(summary.replaced)}, skipped {len(summary.skipped)}, "
               f"failed {len(summary.failed)} in {summary.seconds:.1f}s ({rate:.1f} inputs/s); "
               f"{summary.entities} entities, {summary.relations} relations, {summary.events} events")
    if summary.repaired:
        click.echo(f"  took back {len(summary.repaired)} report(s) an interrupted run left half-written "
                   f"(written again if among the inputs): {', '.join(summary.repaired)}")
    for skip in summary.skipped:
        click.echo(f"  skipped {_where(skip)}")
    for failure in summary.failed:
        click.echo(f"  FAILED  {_where(failure)}", err=True)
    if summary.stopped:
        click.echo(f"  STOPPED {summary.stopped}", err=True)


def _where(failure) -> str:
    """'path: reason', without the path twice when the reason already starts with it."""
    return failure.reason if failure.reason.startswith(failure.source) else f"{failure.source}: {failure.reason}"


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print the totals and counts as one JSON object.")
@format_option
@click.pass_context
def stats(ctx, as_json, fmt):
    """Count nodes by label and relationships by type (rows of kind, name, count)."""
    from milgraph.graph.stats import graph_stats

    with open_configured_store(ctx) as store:
        result = graph_stats(store)
    if as_json:
        click.echo(json.dumps(result.to_json(), indent=2))
        return
    rows = ([{"kind": "label", "name": k, "count": v} for k, v in result.labels.items()]
            + [{"kind": "relationship", "name": k, "count": v} for k, v in result.types.items()])
    echo_rows(rows, fmt, ["kind", "name", "count"], table=lambda: _stats_tables(ctx, result))


def _stats_tables(ctx, result) -> str:
    lines = [f"{config_of(ctx).describe()}: {result.nodes} nodes, {result.relationships} relationships"]
    rows = [{"label": k, "nodes": v} for k, v in result.labels.items()]
    lines.append(format_rows(rows, "table") if rows else "(empty graph)")
    rows = [{"type": k, "relationships": v} for k, v in result.types.items()]
    if rows:
        lines.append(format_rows(rows, "table"))
    return "\n".join(lines)


@click.command()
@click.argument("query")
@click.option("-p", "--param", "params", multiple=True, metavar="KEY=VALUE",
              help="A query parameter ($KEY); the value is read as JSON when it parses, else as text.")
@click.option("--write", is_flag=True, help="Allow the query to write (reads run read-only otherwise).")
@format_option
@click.option("--allow-network", is_flag=True,
              help="Allow LOAD CSV and APOC calls, which can make the database fetch URLs (refused otherwise, "
                   "also when they only appear inside a string).")
@click.pass_context
def cypher(ctx, query, params, write, fmt, allow_network):
    """Run one Cypher statement with parameters; read-only unless --write, and without network
    access (LOAD CSV, APOC) unless --allow-network."""
    from milgraph.cli.cypher_safety import network_access

    found = None if allow_network else network_access(query)
    if found:
        raise MilgraphError(f"this statement uses {found}, which can make the database fetch from the network; "
                            "add --allow-network to run it anyway")
    with open_configured_store(ctx) as store:
        rows = store.write(query, parse_json_pairs(params)) if write else store.read(query, parse_json_pairs(params))
    echo_rows(rows, fmt)


@click.command()
@click.option("-o", "--out", "out_dir", type=click.Path(file_okay=False), default="out", show_default=True,
              help="Folder for the generated pages.")
@click.option("--fresh/--keep", default=True, show_default=True, help="Start from an empty graph.")
@click.option("--yes", is_flag=True, help="Allow the demo to clear a graph it did not create (--db with data, or Neo4j).")
@click.pass_context
def demo(ctx, out_dir, fresh, yes):
    """Build the demo graph from the bundled sample reports and facts, and show what it holds.

    Without --db (or MILGRAPH_DB) the demo has an embedded store of its own, so it never
    clears your graph; a --db holding a graph the demo did not make, or a Neo4j database, is
    cleared only with --yes.
    """
    from milgraph.quickstart import demo_config, holds_other_graph, run_demo

    root = ctx.find_root()
    db_given = root.get_parameter_source("db") not in (None, click.core.ParameterSource.DEFAULT)
    config = demo_config(config_of(ctx), db_given)
    if fresh and not yes and (config.backend == "neo4j" or (db_given and holds_other_graph(config))):
        raise MilgraphError(f"the demo starts from an empty graph and would clear {config.describe()}, which it "
                            "did not create; add --yes to go ahead, --keep to add the demo to what is there, "
                            "or leave out --db to use the demo's own store")
    run_demo(config, Path(out_dir), fresh=fresh, echo=click.echo)


COMMANDS = [init, upgrade, ingest, stats, cypher, demo]
