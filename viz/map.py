"""The map page: bases and places as markers, movements as dated lines, on an offline basemap.

What is drawn (computed from a :class:`~milgraph.viz.subgraph.VizGraph` by :func:`map_data`):

- a marker for every Base and Place with coordinates (``lat``, ``lon``);
- a line origin -> (stopovers ->) destination for every movement event (Transfer, Flight,
  Voyage, Withdrawal, Deployment) with a FROM and a TO, one line per FROM x TO pair, coloured
  by event type, dashed when possible/planned/denied. An end without coordinates of its own
  takes those of the nearest place it is LOCATED_IN (up to four levels up); movements that
  still have an end without coordinates are counted and named on the page;
- popups (click) and hover titles with the event type, date, what moved, who, the ends,
  modality and provenance (report, modality and evidence per source), all as text;
- observed tracks: every leg a Track node summarises (tracking data, modality ``observed``) as
  its simplified polyline -- straight, thin and dark, unlike the curved coloured lines of
  reported movements -- with coverage gaps as dotted segments and unobserved endpoints as
  hollow rings. Observed events drawn this way are not drawn again as movement lines.

The basemap is Natural Earth's 1:110m country outlines (viz/assets/countries-110m.json, public
domain, TopoJSON from the world-atlas package) drawn as SVG in an equirectangular projection
with pan and zoom in the page's own script: no tiles, no Leaflet, nothing from the network.
``window.milgraph`` holds ``markers``, ``lines``, ``tracks``, ``unplaced``, ``ready`` and ``readyMs``.
"""

from __future__ import annotations

import math

import json
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from milgraph.viz import htmlsafe
from milgraph.viz.page import _provenance_pairs, _text, node_tip
from milgraph.viz.style import EVENT_COLORS, NODE_STYLES, UNSURE_MODALITIES, swatch_svg
from milgraph.viz.subgraph import MOVEMENT_LABELS, VizGraph, VizNode

MAX_LOCATED_IN_DEPTH = 4
TRACK_COLOR = "#1B2631"
GAP_COLOR = "#7F8C8D"
_ROLE_ORDER = ("BY", "CARRIED", "USING", "OPERATED_BY", "VIA")


@dataclass
class MapData:
    markers: list[dict[str, Any]] = field(default_factory=list)
    lines: list[dict[str, Any]] = field(default_factory=list)
    tracks: list[dict[str, Any]] = field(default_factory=list)  # observed legs as polylines
    unplaced: list[str] = field(default_factory=list)  # movements not drawn, with why

    def counts(self) -> dict[str, int]:
        return {"markers": len(self.markers), "lines": len(self.lines), "tracks": len(self.tracks),
                "unplaced": len(self.unplaced)}


@dataclass
class MapResult:
    path: Path | None
    markers: int
    lines: int
    unplaced: int
    seconds: float

    def describe(self) -> str:
        text = f"{self.markers} places, {self.lines} movement lines"
        if self.unplaced:
            text += f" ({self.unplaced} movements without coordinates not drawn)"
        return text


# ---------------------------------------------------------------------------------------
# What to draw
# ---------------------------------------------------------------------------------------


def located_in(graph: VizGraph) -> dict[str, list[str]]:
    parents: dict[str, list[str]] = defaultdict(list)
    for edge in graph.edges:
        if edge.type == "LOCATED_IN":
            parents[edge.source].append(edge.target)
    return parents


def resolve_coords(graph: VizGraph, node_id: str, parents: dict[str, list[str]] | None = None
                   ) -> tuple[tuple[float, float], str] | None:
    """(lat, lon) of the node, else of the nearest place it is LOCATED_IN; with the id of the
    node the coordinates belong to."""
    parents = parents if parents is not None else located_in(graph)
    level = [node_id]
    seen = {node_id}
    for _ in range(MAX_LOCATED_IN_DEPTH + 1):
        for candidate in level:
            node = graph.nodes.get(candidate)
            if node is not None and node.coords:
                return node.coords, candidate
        level = [p for c in level for p in parents.get(c, []) if p not in seen]
        seen.update(level)
        if not level:
            break
    return None


def map_data(graph: VizGraph) -> MapData:
    data = MapData()
    parents = located_in(graph)
    roles: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for edge in graph.edges:
        if edge.source in graph.nodes and graph.nodes[edge.source].is_event:
            roles[edge.source][edge.type].append(edge.target)
    legs = Counter()
    moves_out = Counter(n for r in roles.values() for n in set(r.get("FROM", [])))
    moves_in = Counter(n for r in roles.values() for n in set(r.get("TO", [])))
    for node in graph.nodes.values():
        if node.label in ("Base", "Place") and node.coords:
            data.markers.append(_marker(node, graph, moves_out[node.id], moves_in[node.id]))
    data.markers.sort(key=lambda m: (m["label"] == "Base", m["name"]))  # bases drawn over places
    data.tracks = track_lines(graph)
    drawn_as_tracks = {t["id"] for t in data.tracks}
    checked = _fusion_by_claim(graph)
    events = sorted((n for n in graph.nodes.values() if n.is_event and n.event_type in MOVEMENT_LABELS
                     and n.id not in drawn_as_tracks), key=lambda n: (str(n.props.get("date") or ""), n.id))
    for event in events:
        event_roles = roles.get(event.id, {})
        origins, targets = event_roles.get("FROM", []), event_roles.get("TO", [])
        if not origins or not targets:
            continue
        for origin in origins:
            for target in targets:
                ends = [origin, *event_roles.get("VIA", []), target]
                placed = [resolve_coords(graph, n, parents) for n in ends]
                missing = [graph.nodes[n].name for n, p in zip(ends, placed) if p is None and n in graph.nodes]
                if placed[0] is None or placed[-1] is None:
                    data.unplaced.append(f"{event.name}: no coordinates for {', '.join(missing)}")
                    continue
                points = [p for p in placed if p is not None]
                key = (origin, target)
                line = _line(event, graph, event_roles, ends, placed, points, legs[key])
                line["tip"][-1:-1] = [["tracking", text] for text in checked.get(event.id, [])]
                data.lines.append(line)
                legs[key] += 1
    return data


def _fusion_by_claim(graph: VizGraph) -> dict[str, list[str]]:
    """What tracking data says of each reported movement, for its popup."""
    out: dict[str, list[str]] = defaultdict(list)
    for edge in graph.edges:
        if edge.type in ("CORROBORATED_BY", "CONTRADICTED_BY"):
            leg = graph.nodes.get(edge.target)
            verdict = "corroborated by" if edge.type == "CORROBORATED_BY" else "contradicted by"
            conflicts = edge.props.get("conflicts") or []
            detail = f" (different {', '.join(conflicts)})" if conflicts else ""
            out[edge.source].append(f"{verdict} {leg.name if leg else edge.target}{detail}")
    return out


def track_lines(graph: VizGraph) -> list[dict[str, Any]]:
    """One polyline per observed leg, from the per-leg summaries on Track nodes: segments
    between coverage gaps, the gaps themselves, and the ends the track did not observe."""
    fused: dict[str, list[str]] = defaultdict(list)
    for edge in graph.edges:
        if edge.type in ("CORROBORATED_BY", "CONTRADICTED_BY"):
            claim = graph.nodes.get(edge.source)
            verb = "corroborates" if edge.type == "CORROBORATED_BY" else "contradicts"
            fused[edge.target].append(f"{verb} {claim.name if claim else edge.source}")
    out = []
    for node in graph.nodes.values():
        if node.label != "Track":
            continue
        for text in node.props.get("legs") or []:
            try:
                leg = json.loads(text)
            except (TypeError, ValueError):
                continue
            line = _track_line(leg, node, graph, fused.get(leg.get("event"), []))
            if line is not None:
                out.append(line)
    out.sort(key=lambda t: (t["start"], t["id"]))
    return out


def _track_line(leg: dict, track: VizNode, graph: VizGraph, fused: list[str]) -> dict[str, Any] | None:
    segments: list[list[list[float]]] = [[]]
    for point in leg.get("path") or []:
        if point is None:
            segments.append([])
        elif isinstance(point, list) and len(point) == 2:
            segments[-1].append([float(point[0]), float(point[1])])
    segments = [s for s in segments if s]
    if not segments:
        return None
    gaps = [[a[-1], b[0]] for a, b in zip(segments, segments[1:])]
    open_ends = [p for p, end in ((segments[0][0], leg["from"]), (segments[-1][-1], leg["to"])) if not end.get("observed")]

    def end_name(end: dict) -> str:
        if not end.get("observed"):
            hint = f" (near {end['likely']}?)" if end.get("likely") else ""
            return "not observed" + hint
        place = graph.nodes.get(end.get("place") or "")
        return place.name if place else (end.get("place") or "unnamed place (no airfield or port near)")

    event = graph.nodes.get(leg.get("event") or "")
    craft = str(track.props.get("registration") or track.props.get("icao24") or track.props.get("mmsi") or track.name)
    departed, arrived = str(leg["from"].get("at") or ""), str(leg["to"].get("at") or "")
    tip = [["observed", event.event_type if event else "leg"], ["craft", craft],
           ["departed", departed], ["from", end_name(leg["from"])], ["arrived", arrived], ["to", end_name(leg["to"])],
           ["points", str(leg.get("points", ""))], ["coverage gaps", "; ".join(leg.get("gaps") or []) or "none"],
           ["track", track.name], ["provider", str(track.props.get("provider") or "")]]
    tip += [["fusion", text] for text in fused]
    tip.append(["event id", str(leg.get("event") or "")])
    title = f"Observed {departed[:16].replace('T', ' ')}: {craft} {end_name(leg['from'])} \u2192 {end_name(leg['to'])}"
    return {"id": str(leg.get("event") or ""), "date": departed[:10], "end": arrived[:10], "start": departed,
            "segments": segments,
            "gaps": gaps, "open": open_ends, "title": title, "tip": tip, "color": TRACK_COLOR}


def _marker(node: VizNode, graph: VizGraph, out: int, inc: int) -> dict[str, Any]:
    lat, lon = node.coords
    tip = node_tip(node, graph.reports, graph.mentions)
    tip.insert(3, ["movements", f"{out} out, {inc} in"])
    hub = node.props.get("hub_score")
    return {"id": node.id, "name": node.name, "label": node.label, "kind": str(node.props.get("kind") or ""),
            "lat": lat, "lon": lon, "tip": tip, "hub": hub if isinstance(hub, (int, float)) else 0}


def line_width(sources: int) -> float:
    """Stroke width of a movement line: thicker the more reports tell it (2.2 px for one)."""
    return round(2.2 + 1.5 * math.log2(max(1, sources)), 1)


def _line(event: VizNode, graph: VizGraph, roles: dict, ends: list[str], placed: list, points: list,
          parallel: int) -> dict[str, Any]:
    def names(ids):
        return ", ".join(graph.nodes[i].name for i in ids if i in graph.nodes)

    def where(node_id, found):
        name = graph.nodes[node_id].name if node_id in graph.nodes else node_id
        if found and found[1] != node_id:
            return f"{name} (drawn at {graph.nodes[found[1]].name})"
        return name

    date = str(event.props.get("date") or "")
    end_date = event.props.get("end_date")
    tip = [["movement", event.event_type], ["date", date + (f" to {end_date}" if end_date else "") or "unknown"],
           ["from", where(ends[0], placed[0])], ["to", where(ends[-1], placed[-1])]]
    for role in _ROLE_ORDER:
        if roles.get(role):
            tip.append([role.lower().replace("_", " "), names(roles[role])])
    for key in ("count", "modality", "confidence", "attributed_to", "first_seen"):
        value = _text(event.props.get(key))
        if value:
            tip.append([key.replace("_", " "), value])
    tip += _provenance_pairs(event.props, graph.reports)
    tip.append(["event id", event.id])
    title = (f"{event.event_type} {date or '(undated)'}: "
             f"{graph.nodes[ends[0]].name} \u2192 {graph.nodes[ends[-1]].name}")
    return {"id": event.id, "type": event.event_type, "date": date, "end": str(end_date or ""),
            "color": EVENT_COLORS.get(event.event_type, EVENT_COLORS["Event"]),
            "dashed": event.props.get("modality") in UNSURE_MODALITIES,
            "width": line_width(event.props.get("source_count") or len(event.props.get("sources") or [])),
            "points": [[lat, lon] for lat, lon in (p[0] for p in points)],
            "bend": parallel, "title": title, "tip": tip}


# ---------------------------------------------------------------------------------------
# The basemap
# ---------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def country_paths() -> tuple[str, ...]:
    """SVG path data per country in (lon, -lat) degrees, decoded from the shipped TopoJSON."""
    topo = json.loads(htmlsafe.asset_text("countries-110m.json"))
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((round(x * sx + tx, 2), round(-(y * sy + ty), 2)))
        arcs.append(points)

    def ring(indexes: list[int]) -> str:
        points: list[tuple[float, float]] = []
        for index in indexes:
            arc = arcs[index] if index >= 0 else arcs[~index][::-1]
            points.extend(arc if not points else arc[1:])
        if len(points) < 3:
            return ""
        # Rings that cross the antimeridian jump from +180 to -180: keep them continuous
        # (the part beyond the jump is drawn past the map's edge instead of across the world).
        offset, previous, unwrapped = 0.0, points[0][0], [points[0]]
        for x, y in points[1:]:
            if x + offset - previous > 180:
                offset -= 360
            elif x + offset - previous < -180:
                offset += 360
            previous = x + offset
            unwrapped.append((round(x + offset, 2), y))
        points = unwrapped
        return "M" + "L".join(f"{x:g},{y:g}" for x, y in points) + "Z"

    paths = []
    for geometry in topo["objects"]["countries"]["geometries"]:
        polygons = geometry.get("arcs") or []
        if geometry.get("type") == "Polygon":
            polygons = [polygons]
        elif geometry.get("type") != "MultiPolygon":
            continue
        d = "".join(ring(r) for polygon in polygons for r in polygon)
        if d:
            paths.append(d)
    return tuple(paths)


# ---------------------------------------------------------------------------------------
# The page
# ---------------------------------------------------------------------------------------


def write_map_page(path: str | Path, graph: VizGraph | None = None, *, store=None, title: str = "milgraph map") -> MapResult:
    """Write the map page to ``path``: from ``graph``, or the whole graph in ``store``."""
    if graph is None:
        if store is None:
            raise ValueError("write_map_page needs a graph or a store")
        from milgraph.viz.subgraph import read_graph

        graph = read_graph(store)
    started = time.perf_counter()
    text, result = build_map_html(graph, title=title)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    result.path = path
    result.seconds = time.perf_counter() - started
    return result


def build_map_html(graph: VizGraph, *, title: str = "milgraph map") -> tuple[str, MapResult]:
    started = time.perf_counter()
    data = map_data(graph)
    payload = {"markers": data.markers, "lines": data.lines, "tracks": data.tracks, "land": list(country_paths()),
               "counts": data.counts(), "gapColor": GAP_COLOR,
               "styles": {"Base": NODE_STYLES["Base"][1], "Place": NODE_STYLES["Place"][1]}}
    summary = f"{len(data.markers)} places with coordinates, {len(data.lines)} movement lines"
    if data.tracks:
        summary += f", {len(data.tracks)} observed tracks"
    notes = []
    if data.unplaced:
        shown = "; ".join(data.unplaced[:10]) + ("; ..." if len(data.unplaced) > 10 else "")
        notes.append(f"{len(data.unplaced)} movement(s) not drawn for want of coordinates: {shown}")
    if not data.markers and not data.lines:
        notes.append("Nothing to draw: no base or place has coordinates (lat, lon).")
    page = _render(title, summary, notes, _legend(data), payload)
    return page, MapResult(None, len(data.markers), len(data.lines), len(data.unplaced), time.perf_counter() - started)


def _legend(data: MapData) -> str:
    types = Counter(line["type"] for line in data.lines)
    kinds = Counter(marker["label"] for marker in data.markers)
    items = [f'<li>{swatch_svg("square" if k == "Base" else "dot", NODE_STYLES[k][1])} {htmlsafe.esc(k)} '
             f'<span class="n">{c}</span></li>' for k, c in sorted(kinds.items())]
    items += [f'<li>{swatch_svg("line", EVENT_COLORS.get(t, EVENT_COLORS["Event"]))} {htmlsafe.esc(t)} '
              f'<span class="n">{c}</span></li>' for t, c in sorted(types.items(), key=lambda kv: (-kv[1], kv[0]))]
    if data.tracks:
        items.append(f'<li>{swatch_svg("line", TRACK_COLOR)} Observed track (tracking data) '
                     f'<span class="n">{len(data.tracks)}</span></li>')
        items.append(f'<li>{swatch_svg("line", GAP_COLOR)} Coverage gap (dotted; no points, not "transponder off")</li>')
    return (f'<h2>Legend</h2><ul class="legend">{"".join(items)}</ul>'
            '<p class="hint">Dashed: possible, planned or denied. Lines run origin to destination '
            '(arrow at the destination). Observed tracks are thin straight polylines; a hollow ring '
            'marks an end the track did not observe. Drag to pan, wheel to zoom, click for details.</p>')


def _render(title: str, summary: str, notes: list[str], legend: str, payload: dict[str, Any]) -> str:
    notes_html = "".join(f'<p class="note">{htmlsafe.esc(n)}</p>' for n in notes)
    return (
        htmlsafe.head(title, htmlsafe.asset_text("page_common.css") + htmlsafe.asset_text("map_page.css"))
        + "<body>\n<header>"
        f'<h1 id="title">{htmlsafe.esc(title)}</h1><span id="summary">{htmlsafe.esc(summary)}</span>'
        f'<div id="notes">{notes_html}</div></header>\n'
        '<main><div id="map"><svg id="svg" xmlns="http://www.w3.org/2000/svg" role="img" aria-label="map">'
        '<defs id="defs"></defs><rect id="sea" x="0" y="0" width="100%" height="100%"></rect>'
        '<g id="grid"></g><g id="land"></g><g id="tracks"></g><g id="lines"></g><g id="markers"></g></svg>'
        '<div id="zoom"><button id="zoom-in" title="Zoom in">+</button><button id="zoom-out" title="Zoom out">'
        '\u2212</button><button id="zoom-fit" title="Fit">\u2922</button></div>'
        '<div id="popup" hidden><button id="popup-close" title="Close">\u00d7</button><div id="popup-body"></div></div>'
        '</div>\n<aside id="side">'
        f'<section id="legend">{legend}</section>'
        '<section id="when"><h2>When</h2><label>from <select id="from"></select></label> '
        '<label>until <select id="until"></select></label> <span id="shown" class="hint"></span></section>'
        '<section><h2>Movements</h2><ol id="movements"></ol></section>'
        '<p class="hint">Basemap: Natural Earth 1:110m (public domain).</p>'
        '</aside></main>\n'
        + htmlsafe.data_block("map-data", payload)
        + f"<script>\n{htmlsafe.asset_text('page_common.js')}\n{htmlsafe.asset_text('map_page.js')}\n</script>\n"
        + "</body>\n</html>\n"
    )
