"""The graph page: one self-contained HTML file drawn with vis-network.

pyvis's ``Network`` assembles the node and edge records; the page itself comes from our own
template (pyvis's template loads Bootstrap from a CDN and turns every tooltip into raw HTML
as soon as one contains "href"). What the page promises:

- no request leaves the machine: vis-network is inlined from the copy pyvis ships, and the
  page's Content-Security-Policy forbids every other source;
- report text is shown as text only: tooltips and the details panel are built from
  ``[key, value]`` pairs with ``textContent``; the title and notes are HTML-escaped;
- nodes are coloured and shaped per label (legend on the page), sized by importance
  (``hub_score`` when the graph has one, else degree); events are small nodes joined to their
  roles; edges are labelled with their type; tooltips show name, kind, dates, modality,
  sources and evidence;
- over ``LAYOUT_THRESHOLD`` nodes the positions come from :mod:`milgraph.viz.layout` and
  physics is off; over ``max_nodes`` only the best-connected part is drawn and the page says
  what was left out;
- the opening view reads at a glance: the leading entities' names keep a legible on-screen
  size at every zoom, the others are drawn once zoomed in; the details panel is at the top of
  the side panel, where a source with an http(s) address links to it (``noopener noreferrer``);
- filters: legend entries, a time slider over the events' dates, modality boxes and a report
  picker, combined;
- ``window.milgraph`` holds ``nodes``, ``edges``, ``omittedNodes``, ``omittedEdges``,
  ``ready`` (true after the first drawing once the layout has settled) and ``readyMs``.
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

import networkx as nx

from milgraph.viz import htmlsafe
from milgraph.viz.layout import layout_positions
from milgraph.viz.style import UNSURE_MODALITIES, edge_color, node_style, swatch_svg
from milgraph.viz.subgraph import ReportInfo, VizEdge, VizGraph, VizNode, as_viz_graph

DEFAULT_MAX_NODES = 2000
LAYOUT_THRESHOLD = 300
MAX_TEXT = 600
MAX_LABEL = 40

# Shown first in tooltips, in this order; other scalar properties follow.
_FIRST_KEYS = ("kind", "category", "aliases", "date", "date_precision", "end_date", "since", "until", "count",
               "modality", "confidence", "attributed_to", "role", "country", "lat", "lon", "iso2", "icao",
               "designation", "nato_name", "registration", "type", "operator", "imo", "flag",
               "hub_score", "betweenness", "community", "first_seen")
_SKIP_KEYS = {"id", "name", "sources", "evidence", "modalities", "labels", "mentions", "x", "y",
              "legs", "legs_applied"}  # a Track's per-leg JSON is for the map, not for reading


@dataclass
class PageResult:
    path: Path | None
    nodes: int  # drawn
    edges: int  # drawn
    omitted_nodes: int
    omitted_edges: int
    seconds: float

    def describe(self) -> str:
        text = f"{self.nodes} nodes, {self.edges} relationships"
        if self.omitted_nodes:
            text += f" ({self.omitted_nodes} nodes and {self.omitted_edges} relationships left out)"
        return text


# ---------------------------------------------------------------------------------------
# Entry points
# ---------------------------------------------------------------------------------------


def write_graph_page(path: str | Path, graph: VizGraph | nx.Graph | None = None, *, store=None,
                     rows: list[Any] | None = None, extra_ids: Iterable[str] = (), title: str | None = None,
                     max_nodes: int = DEFAULT_MAX_NODES) -> PageResult:
    """Write the graph page to ``path`` and say what it shows.

    What is drawn: ``graph`` (a VizGraph or a networkx graph) when given; else, with a
    ``store``, the nodes the query ``rows`` name plus ``extra_ids`` (e.g. the ids of the
    entities a query was asked about), the relationships among them and the events joining
    them (see :func:`milgraph.viz.subgraph.graph_from_rows`); or the whole graph when
    ``rows`` is None.
    """
    if graph is None:
        if store is None:
            raise ValueError("write_graph_page needs a graph, or a store (with or without rows)")
        from milgraph.viz import subgraph

        graph = (subgraph.read_graph(store) if rows is None
                 else subgraph.graph_from_rows(store, rows, title=title or "", extra_ids=extra_ids))
    started = time.perf_counter()
    text, result = build_graph_html(graph, title=title, max_nodes=max_nodes)
    path = Path(path)
    if path.parent and not path.parent.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    result.path = path
    result.seconds = time.perf_counter() - started
    return result


def build_graph_html(graph: VizGraph | nx.Graph, *, title: str | None = None,
                     max_nodes: int = DEFAULT_MAX_NODES) -> tuple[str, PageResult]:
    """The page as a string, and what it shows."""
    started = time.perf_counter()
    full = as_viz_graph(graph)
    title = title or full.title or "milgraph"
    degree = full.degree()
    shown, notes = select_central(full, max_nodes, degree)
    data = _network_data(shown, degree)
    omitted_nodes = len(full.nodes) - len(shown.nodes)
    omitted_edges = len(full.edges) - len(data["edges"])
    data["counts"] = {"nodes": len(data["nodes"]), "edges": len(data["edges"]),
                      "omittedNodes": omitted_nodes, "omittedEdges": omitted_edges}
    summary = f"{len(data['nodes'])} nodes, {len(data['edges'])} relationships"
    page = _render(title, summary, [*full.notes, *notes], _legend(shown), data)
    result = PageResult(None, len(data["nodes"]), len(data["edges"]), omitted_nodes, omitted_edges,
                        time.perf_counter() - started)
    return page, result


# ---------------------------------------------------------------------------------------
# Choosing what to draw
# ---------------------------------------------------------------------------------------


def select_central(graph: VizGraph, max_nodes: int, degree: Counter | None = None) -> tuple[VizGraph, list[str]]:
    """At most ``max_nodes`` nodes: the best connected (ties: higher hub_score, then id), with
    notes saying what was left out."""
    if len(graph.nodes) <= max_nodes:
        return graph, []
    degree = degree if degree is not None else graph.degree()

    def rank(node: VizNode):
        hub = node.props.get("hub_score")
        return (-degree[node.id], -(hub if isinstance(hub, (int, float)) else 0.0), node.id)

    keep = [n.id for n in sorted(graph.nodes.values(), key=rank)[:max_nodes]]
    shown = graph.subgraph(keep)
    left = Counter(n.label for n in graph.nodes.values() if n.id not in shown.nodes)
    left_edges = len(graph.edges) - len(shown.edges)
    by_label = ", ".join(f"{label} {count:,}" for label, count in left.most_common())
    note = (f"Too large to draw whole: showing the {len(shown.nodes):,} best-connected of {len(graph.nodes):,} nodes. "
            f"Left out: {sum(left.values()):,} nodes ({by_label}) and {left_edges:,} relationships. "
            "Use --around ENTITY or a query to see a part in full.")
    return shown, [note]


# ---------------------------------------------------------------------------------------
# Nodes, edges and options
# ---------------------------------------------------------------------------------------


def _importance(graph: VizGraph, degree: Counter) -> dict[str, float]:
    """0..1 per entity: its degree relative to the largest, raised to its relative
    ``hub_score`` where the analytics gave it one (so logistics hubs stand out)."""
    entities = [n for n in graph.nodes.values() if not n.is_event]
    top_degree = max((degree[n.id] for n in entities), default=0) or 1
    hubs = {n.id: n.props["hub_score"] for n in entities
            if isinstance(n.props.get("hub_score"), (int, float)) and n.props["hub_score"] > 0}
    top_hub = max(hubs.values(), default=0) or 1
    return {n.id: max(degree[n.id] / top_degree, hubs.get(n.id, 0.0) / top_hub) for n in entities}


def _network_data(graph: VizGraph, degree: Counter) -> dict[str, Any]:
    from pyvis.network import Network

    big = len(graph.nodes) > LAYOUT_THRESHOLD
    positions = layout_positions(graph.nodes, ((e.source, e.target) for e in graph.edges)) if big else {}
    importance = _importance(graph, degree)
    leading = _leading(importance)
    names = {n.id: n.name for n in graph.nodes.values()}
    net = Network(directed=True, cdn_resources="local")
    for node in graph.nodes.values():
        legend, color, shape = node_style(node.style_key, node.is_event)
        options: dict[str, Any] = {"color": color, "tip": node_tip(node, graph.reports, graph.mentions),
                                   "mg": node.style_key, **_filter_fields(node.props)}
        if node.is_event:
            label = node.event_type + (f"\n{node.props['date']}" if node.props.get("date") else "")
            options.update(size=5, font={"size": 9, "color": "#566573"}, mgEvent=True,
                           mgDate=str(node.props.get("date") or ""))
        else:
            label = _short(node.name, MAX_LABEL)
            options["size"] = round(9 + 23 * importance.get(node.id, 0.0) ** 0.5, 1)
            # the leading nodes' names are legible at the opening zoom; the rest appear on zooming in
            options["font"] = {"size": OTHER_FONT}
            if node.id in leading:
                options["mgTop"] = True
            if shape == "box":
                options["font"]["color"] = "#ffffff"
        if node.id in positions:
            options["x"], options["y"] = positions[node.id]
        net.add_node(node.id, label=label, shape=shape, **options)
    parallel: Counter = Counter()
    for i, edge in enumerate(graph.edges):
        pair = tuple(sorted((edge.source, edge.target)))
        options = {"id": f"e{i}", "label": edge.type, "color": edge_color(edge.type),
                   "tip": edge_tip(edge, names, graph.reports), **_filter_fields(edge.props)}
        if edge.props.get("modality") in UNSURE_MODALITIES:
            options["dashes"] = True
        if parallel[pair]:  # bend the second and later edges between the same two nodes
            k = parallel[pair]
            options["smooth"] = {"enabled": True, "type": "curvedCW" if k % 2 else "curvedCCW",
                                 "roundness": 0.15 * ((k + 1) // 2)}
        parallel[pair] += 1
        net.add_edge(edge.source, edge.target, **options)
    used = sorted({s for item in (*net.nodes, *net.edges) for s in item.get("mgSrc", [])})
    reports = {r: (graph.reports[r].describe() if r in graph.reports else r) for r in used}
    return {"nodes": net.nodes, "edges": net.edges, "options": _options(len(graph.nodes), big), "physics": not big,
            "reports": reports}


OTHER_FONT = 11
LABEL_THRESHOLD_PX = 9  # labels smaller than this on screen are not drawn


def _leading(importance: dict[str, float]) -> set[str]:
    """The entities whose names show at every zoom (the page keeps them legible on screen): the
    most important ones, a few dozen at most, so the first view reads as a map of the graph
    rather than a hairball; the other names appear on zooming in."""
    count = max(5, min(30, len(importance) // 6))
    ranked = sorted(importance.items(), key=lambda kv: (-kv[1], kv[0]))
    return {node_id for node_id, _ in ranked[:count]}


def _filter_fields(props: dict[str, Any]) -> dict[str, Any]:
    """What the page's filters read: modality and the reports a fact or event rests on."""
    fields: dict[str, Any] = {}
    if props.get("modality"):
        fields["mgMod"] = str(props["modality"])
    if props.get("sources"):
        fields["mgSrc"] = [str(s) for s in _as_list(props["sources"])]
    return fields


def _options(n: int, big: bool) -> dict[str, Any]:
    return {
        "autoResize": True,
        "layout": {"improvedLayout": n <= 150, "randomSeed": 7},
        # Large graphs: names appear once zoomed in enough to read them (drawing thousands of
        # unreadable labels is most of the first frame's cost).
        "nodes": {"borderWidth": 1, "font": {"size": 12, "face": "sans-serif", "strokeWidth": 3,
                                             "strokeColor": "#ffffff"},
                  "scaling": {"label": {"drawThreshold": LABEL_THRESHOLD_PX}}},
        "edges": {"width": 1, "selectionWidth": 2, "arrows": {"to": {"enabled": True, "scaleFactor": 0.45}},
                  "font": {"size": 8, "color": "#4d5656", "strokeWidth": 2, "align": "middle"},
                  "scaling": {"label": {"drawThreshold": LABEL_THRESHOLD_PX}},
                  "smooth": False if big else {"enabled": True, "type": "continuous", "roundness": 0.2}},
        "interaction": {"hover": True, "tooltipDelay": 120, "hideEdgesOnDrag": big, "hideEdgesOnZoom": big,
                        "navigationButtons": False, "keyboard": False},
        "physics": {"enabled": False} if big else {
            "enabled": True, "solver": "forceAtlas2Based",
            "forceAtlas2Based": {"gravitationalConstant": -60, "springLength": 90, "springConstant": 0.05,
                                 "avoidOverlap": 0.3},
            "stabilization": {"enabled": True, "iterations": 400, "updateInterval": 50, "fit": True},
            "minVelocity": 1.0},
    }


# ---------------------------------------------------------------------------------------
# Tooltips: [key, value] pairs of plain text
# ---------------------------------------------------------------------------------------


def node_tip(node: VizNode, reports: dict[str, ReportInfo], mentions: dict[str, list[str]] | None = None
             ) -> list[list[str]]:
    kind = node.style_key if node.style_key != node.label else ""
    pairs = [["name", node.name], ["type", f"{node.label}: {kind}" if kind else node.label], ["id", node.id]]
    pairs += _property_pairs(node.props)
    pairs += _provenance_pairs(node.props, reports)
    named_in = (mentions or {}).get(node.id) or []
    if named_in:
        titles = [reports[r].describe() if r in reports else r for r in named_in[:5]]
        more = f" and {len(named_in) - 5} more" if len(named_in) > 5 else ""
        pairs.append(["mentioned in", _short("; ".join(titles) + more, MAX_TEXT)])
    return pairs


def edge_tip(edge: VizEdge, names: dict[str, str], reports: dict[str, ReportInfo]) -> list[list[str]]:
    pairs = [["relationship", edge.type],
             ["from", names.get(edge.source, edge.source)], ["to", names.get(edge.target, edge.target)]]
    pairs += _property_pairs(edge.props)
    pairs += _provenance_pairs(edge.props, reports)
    return pairs


def _property_pairs(props: dict[str, Any]) -> list[list[str]]:
    keys = [k for k in _FIRST_KEYS if k in props] + sorted(k for k in props if k not in _FIRST_KEYS)
    pairs = []
    for key in keys:
        if key in _SKIP_KEYS or (key == "kind" and props.get("category") == props.get("kind")):
            continue
        value = _text(props[key])
        if value:
            pairs.append([key.replace("_", " "), value])
    return pairs


def _provenance_pairs(props: dict[str, Any], reports: dict[str, ReportInfo]) -> list[list[str]]:
    sources = _as_list(props.get("sources"))
    evidence = _as_list(props.get("evidence"))
    modalities = _as_list(props.get("modalities"))
    pairs = []
    for i, source in enumerate(sources):
        info = reports.get(str(source))
        label = info.describe() if info else str(source)
        modality = f" [{modalities[i]}]" if i < len(modalities) and modalities[i] else ""
        pair = [f"source {i + 1}", _short(label + modality, MAX_TEXT)]
        if info and _is_web_url(info.url):
            pair.append(info.url)  # the details panel links it; anything but http(s) stays text
        pairs.append(pair)
        if i < len(evidence) and evidence[i]:
            pairs.append([f"evidence {i + 1}", _short(str(evidence[i]), MAX_TEXT)])
    for j in range(len(sources), len(evidence)):
        if evidence[j]:
            pairs.append([f"evidence {j + 1}", _short(str(evidence[j]), MAX_TEXT)])
    total = props.get("source_count")
    if isinstance(total, int) and total > len(sources) and sources:
        pairs.append(["more sources", f"{total - len(sources):,} more reports (source count {total:,})"])
    return pairs


def _is_web_url(url: str | None) -> bool:
    return bool(url) and str(url).lower().startswith(("http://", "https://"))


def _as_list(value: Any) -> list:
    if value is None:
        return []
    return list(value) if isinstance(value, (list, tuple)) else [value]


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.4g}"
    if isinstance(value, (list, tuple)):
        return _short(", ".join(_text(v) for v in value if v is not None and v != ""), MAX_TEXT)
    if isinstance(value, dict):
        return _short(", ".join(f"{k}: {_text(v)}" for k, v in value.items()), MAX_TEXT)
    return _short(str(value), MAX_TEXT)


def _short(text: str, limit: int) -> str:
    text = " ".join(text.split()) if "\n" in text else text
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


# ---------------------------------------------------------------------------------------
# The HTML
# ---------------------------------------------------------------------------------------


def _legend(graph: VizGraph) -> str:
    entities = Counter(n.style_key for n in graph.nodes.values() if not n.is_event)
    events = Counter(n.style_key for n in graph.nodes.values() if n.is_event)
    edges = Counter(e.type for e in graph.edges)
    items = []
    for key, count in sorted(entities.items(), key=lambda kv: (-kv[1], kv[0])):
        legend, color, shape = node_style(key)
        items.append(f'<li data-key="{htmlsafe.esc(key)}">{swatch_svg(shape, color)} '
                     f'{htmlsafe.esc(legend if legend != "Other" else key)} <span class="n">{count}</span></li>')
    for key, count in sorted(events.items(), key=lambda kv: (-kv[1], kv[0])):
        _, color, _ = node_style(key, is_event=True)
        items.append(f'<li data-key="{htmlsafe.esc(key)}">{swatch_svg("small", color)} {htmlsafe.esc(key)} event '
                     f'<span class="n">{count}</span></li>')
    edge_items = [f'<li data-edge="{htmlsafe.esc(t)}">{swatch_svg("line", edge_color(t))} {htmlsafe.esc(t)} '
                  f'<span class="n">{c}</span></li>'
                  for t, c in sorted(edges.items(), key=lambda kv: (-kv[1], kv[0]))[:24]]
    return (f'<h2>Legend</h2><ul class="legend" id="legend-nodes">{"".join(items)}</ul>'
            f'<p class="hint">Size: importance ({_size_rule(graph)}). Dashed: possible, planned or denied. '
            'Click an entry to hide or show it.</p>'
            f'<ul class="legend" id="legend-edges">{"".join(edge_items)}</ul>')


MODALITIES = ("confirmed", "reported", "possible", "planned", "denied")


def _filters(data: dict[str, Any]) -> str:
    """Time slider over event dates, modality boxes and a report picker (filled by the page)."""
    dates = sorted({n["mgDate"] for n in data["nodes"] if n.get("mgDate")})
    slider = ""
    if dates:
        slider = (f'<label for="time">Events up to <output id="time-label">{htmlsafe.esc(dates[-1])}</output></label>'
                  f'<input id="time" type="range" min="0" max="{len(dates) - 1}" step="1" value="{len(dates) - 1}">'
                  '<label class="box"><input id="undated" type="checkbox" checked> undated events</label>')
    boxes = "".join(f'<label class="box"><input type="checkbox" name="modality" value="{m}" checked> {m}</label>'
                    for m in MODALITIES)
    return ('<section id="filters"><h2>Filters</h2>' + slider
            + f'<div id="modalities">{boxes}</div>'
            '<label for="source">Source</label> <select id="source"><option value="">every report</option></select>'
            '</section>')


def _size_rule(graph: VizGraph) -> str:
    has_hub = any(isinstance(n.props.get("hub_score"), (int, float)) and n.props["hub_score"] > 0
                  for n in graph.nodes.values())
    return "number of relationships, or hub score where larger" if has_hub else "number of relationships"


def _render(title: str, summary: str, notes: list[str], legend: str, data: dict[str, Any]) -> str:
    notes_html = "".join(f'<p class="note">{htmlsafe.esc(n)}</p>' for n in notes)
    return (
        htmlsafe.head(title, htmlsafe.asset_text("page_common.css") + htmlsafe.asset_text("graph_page.css"))
        + "<body>\n<header>"
        f'<h1 id="title">{htmlsafe.esc(title)}</h1><span id="summary">{htmlsafe.esc(summary)}</span>'
        f'<div id="notes">{notes_html}</div></header>\n'
        '<main><div id="graph" aria-label="graph"></div>\n<aside id="side">'
        '<label for="find">Find</label> <input id="find" list="names" placeholder="name" autocomplete="off">'
        '<datalist id="names"></datalist>'
        '<section id="details"><h2>Details</h2><p class="hint">Hover for a summary; click a node or '
        'relationship to keep its details here.</p><div id="details-body"></div></section>'
        f'{_filters(data)}'
        f'<section id="legend">{legend}</section>'
        '</aside></main>\n'
        + htmlsafe.data_block("graph-data", data)
        + f"<script>\n{htmlsafe.vis_network_js()}\n</script>\n"
        + f"<script>\n{htmlsafe.asset_text('page_common.js')}\n{htmlsafe.asset_text('graph_page.js')}\n</script>\n"
        + "</body>\n</html>\n"
    )


def write_demo_views(store, out_dir: str | Path) -> tuple[Path, Path]:
    """See :func:`milgraph.viz.views.write_demo_views` (also importable from here)."""
    from milgraph.viz.views import write_demo_views as impl

    return impl(store, out_dir)
