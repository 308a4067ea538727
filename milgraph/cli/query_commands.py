"""Commands for the canned queries and for taking the graph elsewhere: query, browser-kit, push."""

from __future__ import annotations

import dataclasses

import click

from milgraph.cli.common import config_of, open_configured_store, parse_pairs
from milgraph.cli.output import echo_rows, format_option


@click.group()
def query():
    """The canned questions: list them, read one, run one with parameters."""


@query.command("list")
@format_option
def list_command(fmt):
    """Every canned query with its title and parameters."""
    from milgraph.queries.registry import list_queries

    rows = [{"name": q.name, "title": q.title,
             "parameters": ", ".join(f"{p.name}={p.default_text}" for p in q.params)}
            for q in list_queries()]
    echo_rows(rows, fmt, ["name", "title", "parameters"])


@query.command()
@click.argument("name")
def show(name):
    """Print one query: what it answers, its parameters and its Cypher."""
    from milgraph.queries.registry import get_query

    found = get_query(name)
    click.echo(f"{found.name}: {found.title}\n")
    click.echo(click.wrap_text(found.description, width=100) + "\n")
    if found.params:
        click.echo("Parameters (-p name=value):")
        for p in found.params:
            click.echo(f"  {p.name} ({p.type_text}, default {p.default_text or 'empty'}): {p.help}")
        click.echo("")
    click.echo(f"Columns: {', '.join(found.columns)}\n")
    click.echo(found.cypher)
    if found.graph:
        click.echo(f"\nGraph form ({found.graph.title}; in the browser kit, drawn by the Neo4j Browser):\n")
        click.echo(found.graph.cypher)


@query.command()
@click.argument("name")
@click.option("-p", "--param", "params", multiple=True, metavar="NAME=VALUE",
              help="A query parameter, repeatable; see `milgraph query show NAME`.")
@format_option
@click.option("--viz", "viz_file", type=click.Path(dir_okay=False),
              help="Also draw what the rows name as an interactive HTML graph page in FILE.")
@click.pass_context
def run(ctx, name, params, fmt, viz_file):
    """Run a canned query against the graph, e.g. `milgraph query run supply_routes -p to=Mali`."""
    from milgraph.queries.registry import bind_params, get_query, run_query

    found = get_query(name)
    raw = parse_pairs(params)
    bind_params(found, raw)  # bad names and values are reported before opening the store
    with open_configured_store(ctx) as store:
        if viz_file:
            from milgraph.viz.page import write_graph_page
            from milgraph.viz.subgraph import query_graph

            graph, rows = query_graph(store, name, raw)
            page = write_graph_page(viz_file, graph)
            click.echo(f"wrote {page.describe()}", err=True)
        else:
            rows = run_query(store, name, raw)
    echo_rows(rows, fmt, found.columns)


@click.command("browser-kit")
@click.argument("out_dir", type=click.Path(file_okay=False))
def browser_kit(out_dir):
    """Write the canned queries as a Neo4j Browser favorites zip, and the milgraph.grass style.

    Drag the zip onto an open Neo4j Browser window to add the queries as favorites (folder
    "milgraph"), with a second, graph-drawing favorite for each query that has a graph form;
    drag milgraph.grass onto it to colour and caption the graph.
    """
    from milgraph.queries.browser_kit import write_browser_kit

    kit = write_browser_kit(out_dir)
    click.echo(f"wrote {kit.favorites} ({kit.queries} favorites) and {kit.style}")
    click.echo("Drop both files on the Neo4j Browser window: the zip adds a 'milgraph' favorites folder, "
               "the .grass file sets the graph style.")


@click.command()
@click.option("--to", "uri", required=True, help="The target Neo4j URI (bolt://, neo4j://, neo4j+s://).")
@click.option("--user", default="neo4j", show_default=True, help="Neo4j user.")
@click.option("--password", envvar="NEO4J_PASSWORD", help="Neo4j password (prefer the NEO4J_PASSWORD variable).")
@click.option("--database", help="Neo4j database name (default: the server's default).")
@click.option("--batch-size", default=5000, show_default=True, type=click.IntRange(min=1),
              help="Nodes or relationships per transaction.")
@click.pass_context
def push(ctx, uri, user, password, database, batch_size):
    """Copy the embedded graph into a Neo4j database; running it again changes nothing.

    Nodes are merged by id, relationships by (start, type, end); nothing is deleted from the
    target.
    """
    from milgraph.graph.store import open_store
    from milgraph.queries.push import push_graph

    config = config_of(ctx)
    source_config = dataclasses.replace(config, neo4j_uri=None)
    target_config = dataclasses.replace(config, neo4j_uri=uri, neo4j_user=user, neo4j_password=password,
                                        neo4j_database=database)
    with open_store(source_config) as source, open_store(target_config) as target:
        summary = push_graph(source, target, batch_size=batch_size)
    click.echo(f"copied {summary.nodes} nodes and {summary.relationships} relationships from "
               f"{source_config.describe()} to {target_config.describe()}; it now holds "
               f"{summary.target_nodes} nodes and {summary.target_relationships} relationships")
    if summary.skipped_nodes:
        click.echo(f"skipped {summary.skipped_nodes} nodes without an id", err=True)


COMMANDS = [query, browser_kit, push]
