"""Pictures of the graph: the vis-network graph page, the offline map, and the networkx
analytics that size them (hubs, chokepoints, routes, communities, changes)."""

from __future__ import annotations


def write_graph_page(*args, **kwargs):
    """See :func:`milgraph.viz.page.write_graph_page` (imported lazily: pyvis is slow to load)."""
    from milgraph.viz.page import write_graph_page as impl

    return impl(*args, **kwargs)


def write_map_page(*args, **kwargs):
    """See :func:`milgraph.viz.map.write_map_page`."""
    from milgraph.viz.map import write_map_page as impl

    return impl(*args, **kwargs)


def write_demo_views(store, out_dir):
    """See :func:`milgraph.viz.views.write_demo_views`: ``(graph_html_path, map_html_path)``."""
    from milgraph.viz.views import write_demo_views as impl

    return impl(store, out_dir)
