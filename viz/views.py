"""What the commands and the demo call: choose what to draw, draw it, say what was drawn."""

from __future__ import annotations

from pathlib import Path

from milgraph.errors import MilgraphError
from milgraph.viz import subgraph
from milgraph.viz.map import MapResult, write_map_page
from milgraph.viz.page import DEFAULT_MAX_NODES, PageResult, write_graph_page


def graph_view(store, output: str | Path, *, query: str | None = None, params: dict[str, str] | None = None,
               around: str | None = None, hops: int = 1, include_reports: bool = False,
               title: str | None = None, max_nodes: int = DEFAULT_MAX_NODES) -> PageResult:
    """``milgraph viz``: the rows of a canned query, the neighbourhood of an entity, or the
    whole graph, as a graph page at ``output``."""
    graph = select_graph(store, query=query, params=params, around=around, hops=hops,
                         include_reports=include_reports)
    return write_graph_page(output, graph, title=title, max_nodes=max_nodes)


def select_graph(store, *, query: str | None = None, params: dict[str, str] | None = None,
                 around: str | None = None, hops: int = 1, include_reports: bool = False) -> subgraph.VizGraph:
    """The rows of a canned query, the neighbourhood of an entity, or the whole graph."""
    if query and around:
        raise MilgraphError("give either --query or --around, not both")
    if params and not query:
        raise MilgraphError("-p/--param goes with --query")
    if include_reports and (query or around):
        raise MilgraphError("--reports draws Report nodes on the whole graph only; drop --query/--around or --reports")
    if query:
        return subgraph.read_query(store, query, params or {})
    if around:
        return subgraph.read_around(store, around, hops)
    return subgraph.read_graph(store, include_reports=include_reports)


def export_view(store, fmt: str, output: str | Path, *, query: str | None = None,
                params: dict[str, str] | None = None, around: str | None = None, hops: int = 1,
                include_reports: bool = False):
    """``milgraph export``: the same selections as ``viz``, written for another tool."""
    from milgraph.viz.export import export_graph

    graph = select_graph(store, query=query, params=params, around=around, hops=hops, include_reports=include_reports)
    return export_graph(graph, fmt, output)


def map_view(store, output: str | Path, *, title: str = "milgraph map") -> MapResult:
    """``milgraph map``: every base and place with coordinates and every movement between them."""
    return write_map_page(output, subgraph.read_graph(store), title=title)


def write_demo_views(store, out_dir: str | Path) -> tuple[Path, Path]:
    """The demo's pictures: the whole graph (sized by the analytics' hub scores, which are
    computed and written first) and the map, as ``graph.html`` and ``map.html`` in ``out_dir``."""
    from milgraph.viz.analytics import analyze_store

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    analyze_store(store)
    graph = subgraph.read_graph(store, title="milgraph demo: the whole graph")
    page = write_graph_page(out / "graph.html", graph)
    world = write_map_page(out / "map.html", graph, title="milgraph demo: bases and movements")
    return page.path, world.path
