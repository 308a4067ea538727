"""Commands that draw and analyse the graph: viz, map, analyze."""

from __future__ import annotations

import click

from milgraph.cli.common import open_configured_store, parse_pairs
from milgraph.cli.dates import iso_date_option
from milgraph.cli.output import format_option


@click.command()
@click.option("--query", "query", metavar="NAME", help="Draw what a canned query returns (see `milgraph query list`).")
@click.option("-p", "--param", "params", multiple=True, metavar="KEY=VALUE", help="A parameter of the query.")
@click.option("--around", metavar="ENTITY", help="Draw the neighbourhood of an entity (id, name or alias).")
@click.option("--hops", type=click.IntRange(0, 6), default=1, show_default=True, help="How far --around reaches.")
@click.option("--reports", "include_reports", is_flag=True, help="Also draw Report nodes (whole graph only).")
@click.option("--max-nodes", type=click.IntRange(1), default=2000, show_default=True,
              help="Draw at most this many nodes (the best connected); the page says what was left out.")
@click.option("--title", help="Page title.")
@click.option("-o", "--output", default="graph.html", show_default=True, type=click.Path(dir_okay=False),
              help="Where to write the page.")
@click.pass_context
def viz(ctx, query, params, around, hops, include_reports, max_nodes, title, output):
    """Write a self-contained HTML graph page (opens offline in any browser).

    Without --query or --around the whole graph is drawn.
    """
    from milgraph.viz.views import graph_view

    _check_query_params(query, params)
    with open_configured_store(ctx) as store:
        result = graph_view(store, output, query=query, params=parse_pairs(params), around=around, hops=hops,
                            include_reports=include_reports, title=title, max_nodes=max_nodes)
    click.echo(f"wrote {result.path}: {result.describe()}")


@click.command(name="map")
@click.option("--title", default="milgraph map", show_default=True, help="Page title.")
@click.option("-o", "--output", default="map.html", show_default=True, type=click.Path(dir_okay=False),
              help="Where to write the page.")
@click.pass_context
def map_(ctx, title, output):
    """Write a self-contained map page: bases and places, and movements between them."""
    from milgraph.viz.views import map_view

    with open_configured_store(ctx) as store:
        result = map_view(store, output, title=title)
    click.echo(f"wrote {result.path}: {result.describe()}")


@click.command()
@click.option("--route", nargs=2, metavar="FROM TO", help="Shortest chain of movements between two places.")
@iso_date_option("--since", help="Show what changed from this date, in report time (2024, 2024-12, 2024-12-13).")
@iso_date_option("--until", help="Show what changed up to this date.")
@click.option("--top", type=click.IntRange(1), default=15, show_default=True, help="Rows per table.")
@click.option("--no-write", is_flag=True, help="Do not write hub_score, betweenness and community back.")
@click.option("--json", "as_json", is_flag=True, help="Print the results as JSON (as --format json).")
@format_option
@click.pass_context
def analyze(ctx, route, since, until, top, no_write, as_json, fmt):
    """Hubs and chokepoints of the logistics network, actor communities, routes and changes.

    Writes hub_score, betweenness and community onto the nodes (unless --no-write), for
    queries, Cypher and the pages to use.
    """
    from milgraph.viz.analytics import analyze_store, format_tables

    if fmt == "csv":
        raise click.UsageError("analyze prints several tables (hubs, chokepoints, communities, changes); "
                               "--format csv needs one: use --format json")
    with open_configured_store(ctx) as store:
        result = analyze_store(store, route_between=tuple(route) if route else None, since=since, until=until,
                               write=not no_write)
    if as_json or fmt == "json":
        from milgraph.cli.output import strict_json

        click.echo(strict_json(result.to_json()))
    else:
        click.echo(format_tables(result, top=top), nl=False)


@click.command()
@click.option("--format", "fmt", required=True,
              type=click.Choice(["graphml", "gexf", "geojson", "kml", "csv", "neo4j-import"]),
              help="graphml/gexf: Gephi; geojson/kml: QGIS, Google Earth; csv: spreadsheets (a folder); "
                   "neo4j-import: CSV for `neo4j-admin database import` (a folder, with import.sh).")
@click.option("--query", "query", metavar="NAME", help="Export what a canned query returns.")
@click.option("-p", "--param", "params", multiple=True, metavar="KEY=VALUE", help="A parameter of the query.")
@click.option("--around", metavar="ENTITY", help="Export the neighbourhood of an entity (id, name or alias).")
@click.option("--hops", type=click.IntRange(0, 6), default=1, show_default=True, help="How far --around reaches.")
@click.option("--reports", "include_reports", is_flag=True,
              help="Also export Report nodes and their MENTIONS/REPORTS/CITES links (whole graph only).")
@click.option("-o", "--output", required=True, type=click.Path(), help="The file (or folder for csv, neo4j-import).")
@click.pass_context
def export(ctx, fmt, query, params, around, hops, include_reports, output):
    """Write the graph (or a query's result, or an entity's neighbourhood) for another tool."""
    from milgraph.viz.views import export_view

    _check_query_params(query, params)
    with open_configured_store(ctx) as store:
        result = export_view(store, fmt, output, query=query, params=parse_pairs(params), around=around, hops=hops,
                             include_reports=include_reports)
    click.echo(f"wrote {output} ({fmt}): {result.describe()}")


def _check_query_params(query: str | None, params: tuple[str, ...]) -> None:
    """Bad names and values (a date that is none, ...) are reported before the store is opened."""
    if query:
        from milgraph.queries.registry import bind_params, get_query

        bind_params(get_query(query), parse_pairs(params))


COMMANDS = [viz, map_, analyze, export]
