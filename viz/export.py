"""The graph out to other tools: Gephi (GraphML, GEXF), QGIS and Google Earth (GeoJSON, KML),
spreadsheets (CSV) and a fresh Neo4j (``neo4j-admin database import`` CSV).

Every format is written from the same selection the pages draw (a
:class:`~milgraph.viz.subgraph.VizGraph`: the whole graph, a canned query's rows, or the
neighbourhood of an entity). Lists (sources, evidence, aliases) become ``;``-joined text where
the format has no lists; the Neo4j import files keep them as string arrays. An event or fact
is one row with its aggregates (``source_count``, ``publisher_count``, first and last report
date); ``sources``/``evidence`` list the first shares the selection read (viz.subgraph.SHARES_SHOWN).
"""

from __future__ import annotations

import csv
import json
import xml.etree.ElementTree as ET
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx

from milgraph.errors import MilgraphError
from milgraph.viz.map import map_data
from milgraph.viz.subgraph import VizGraph, VizNode

FORMATS = ("graphml", "gexf", "geojson", "kml", "csv", "neo4j-import")
FOLDER_FORMATS = ("csv", "neo4j-import")
LIST_SEPARATOR = ";"
KML_NS = "http://www.opengis.net/kml/2.2"


@dataclass
class ExportResult:
    format: str
    paths: list[Path] = field(default_factory=list)
    nodes: int = 0
    relationships: int = 0
    features: int = 0  # points and lines, for the geographic formats

    def describe(self) -> str:
        if self.format in ("geojson", "kml"):
            return f"{self.features} features"
        return f"{self.nodes} nodes, {self.relationships} relationships in {len(self.paths)} file(s)"


def export_graph(graph: VizGraph, fmt: str, output: str | Path) -> ExportResult:
    """Write ``graph`` as ``fmt`` to ``output`` (a file, or a folder for csv and neo4j-import)."""
    if fmt not in FORMATS:
        raise MilgraphError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    output = Path(output)
    if fmt in FOLDER_FORMATS:
        if output.exists() and not output.is_dir():
            raise MilgraphError(f"{output} is a file; {fmt} export writes a folder of CSV files")
        output.mkdir(parents=True, exist_ok=True)
    else:
        output.parent.mkdir(parents=True, exist_ok=True)
    writer = {"graphml": _graphml, "gexf": _gexf, "geojson": _geojson, "kml": _kml, "csv": _csv,
              "neo4j-import": _neo4j_import}[fmt]
    result = ExportResult(fmt, nodes=len(graph.nodes), relationships=len(graph.edges))
    writer(graph, output, result)
    return result


# -- values ------------------------------------------------------------------------------

def _text(value: Any) -> str:
    """A property value as one text: lists joined with ';', None as ''."""
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return LIST_SEPARATOR.join(_text(v) for v in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


def _node_props(node: VizNode) -> dict[str, Any]:
    return {k: v for k, v in node.props.items() if k not in ("id", "labels") and v is not None}


# -- Gephi: GraphML and GEXF ----------------------------------------------------------------

def _gephi_graph(graph: VizGraph) -> nx.MultiDiGraph:
    """A networkx graph whose attribute values Gephi reads: numbers where every value of a key
    is a number, text otherwise; the display name as ``label``, the node's label as
    ``category``, the relationship type as ``relationship`` (GEXF reserves ``type``), and
    the graph's own properties prefixed ``p_``."""
    out = nx.MultiDiGraph(name=graph.title or "milgraph")
    node_attrs = {n.id: {"label": n.name, "category": n.label, "labels": LIST_SEPARATOR.join(n.labels),
                         **{f"p_{k}": v for k, v in _node_props(n).items()}} for n in graph.nodes.values()}
    edge_attrs = [{"relationship": e.type, "label": e.type, **{f"p_{k}": v for k, v in e.props.items() if v is not None}}
                  for e in graph.edges]
    _normalise_types(list(node_attrs.values()))
    _normalise_types(edge_attrs)
    for node_id, attrs in node_attrs.items():
        out.add_node(node_id, **attrs)
    for edge, attrs in zip(graph.edges, edge_attrs):
        out.add_edge(edge.source, edge.target, **attrs)
    return out


def _normalise_types(rows: list[dict[str, Any]]) -> None:
    numeric: dict[str, bool] = {}
    for row in rows:
        for key, value in row.items():
            is_number = isinstance(value, (int, float)) and not isinstance(value, bool)
            numeric[key] = numeric.get(key, True) and is_number
    for row in rows:
        for key, value in row.items():
            if numeric[key]:
                row[key] = float(value)
            else:
                row[key] = _text(value)


def _graphml(graph: VizGraph, output: Path, result: ExportResult) -> None:
    nx.write_graphml(_gephi_graph(graph), output, named_key_ids=True)
    result.paths.append(output)


def _gexf(graph: VizGraph, output: Path, result: ExportResult) -> None:
    nx.write_gexf(_gephi_graph(graph), output)
    result.paths.append(output)


# -- QGIS and Google Earth: GeoJSON and KML ---------------------------------------------------

def _geo_features(graph: VizGraph) -> tuple[list[dict], list[dict]]:
    """Points (bases and places with coordinates) and lines (movements between them), with
    the properties an analyst filters on: dates, modality, sources."""
    data = map_data(graph)
    points = []
    for marker in data.markers:
        node = graph.nodes[marker["id"]]
        points.append({"lat": marker["lat"], "lon": marker["lon"],
                       "props": {"id": node.id, "name": node.name, "label": node.label,
                                 **{k: _text(v) for k, v in _node_props(node).items()
                                    if k not in ("name", "lat", "lon")}}})
    lines = []
    for line in data.lines:
        event = graph.nodes[line["id"]]
        props = {"id": event.id, "name": line["title"], "type": line["type"], "date": line["date"],
                 "end_date": line["end"]}
        for key in ("modality", "confidence", "source_count", "publisher_count", "first_reported", "last_reported",
                    "sources", "attributed_to", "count", "date_precision", "first_seen"):
            if event.props.get(key) is not None:
                props[key] = _text(event.props[key])
        props["reports"] = LIST_SEPARATOR.join(graph.reports[s].describe() if s in graph.reports else s
                                               for s in event.props.get("sources") or [])
        lines.append({"points": line["points"], "props": props})
    return points, lines


def _geojson(graph: VizGraph, output: Path, result: ExportResult) -> None:
    points, lines = _geo_features(graph)
    features = [{"type": "Feature", "geometry": {"type": "Point", "coordinates": [p["lon"], p["lat"]]},
                 "properties": p["props"]} for p in points]
    features += [{"type": "Feature",
                  "geometry": {"type": "LineString", "coordinates": [[lon, lat] for lat, lon in line["points"]]},
                  "properties": line["props"]} for line in lines]
    output.write_text(json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False,
                                 allow_nan=False, indent=1), encoding="utf-8")
    result.features = len(features)
    result.paths.append(output)


def _kml(graph: VizGraph, output: Path, result: ExportResult) -> None:
    points, lines = _geo_features(graph)
    ET.register_namespace("", KML_NS)
    root = ET.Element(f"{{{KML_NS}}}kml")
    document = _sub(root, "Document")
    _sub(document, "name", graph.title or "milgraph")
    places = _sub(document, "Folder")
    _sub(places, "name", "Bases and places")
    for point in points:
        placemark = _placemark(places, point["props"])
        _sub(_sub(placemark, "Point"), "coordinates", f"{point['lon']},{point['lat']}")
    movements = _sub(document, "Folder")
    _sub(movements, "name", "Movements")
    for line in lines:
        placemark = _placemark(movements, line["props"])
        if line["props"].get("date"):  # Google Earth's time slider: YYYY, YYYY-MM or YYYY-MM-DD
            _sub(_sub(placemark, "TimeStamp"), "when", line["props"]["date"])
        geometry = _sub(placemark, "LineString")
        _sub(geometry, "tessellate", "1")
        _sub(geometry, "coordinates", " ".join(f"{lon},{lat}" for lat, lon in line["points"]))
    ET.ElementTree(root).write(output, encoding="utf-8", xml_declaration=True)
    result.features = len(points) + len(lines)
    result.paths.append(output)


def _sub(parent: ET.Element, tag: str, text: str | None = None) -> ET.Element:
    element = ET.SubElement(parent, f"{{{KML_NS}}}{tag}")
    if text is not None:
        element.text = text
    return element


def _placemark(folder: ET.Element, props: dict[str, str]) -> ET.Element:
    placemark = _sub(folder, "Placemark")
    _sub(placemark, "name", props.get("name", ""))
    extended = _sub(placemark, "ExtendedData")
    for key, value in props.items():
        data = _sub(extended, "Data")
        data.set("name", key)
        _sub(data, "value", _text(value))
    return placemark


# -- spreadsheets and Neo4j's bulk import ------------------------------------------------------

def _by_label(graph: VizGraph) -> dict[str, list[VizNode]]:
    groups: dict[str, list[VizNode]] = defaultdict(list)
    for node in graph.nodes.values():
        groups[node.label].append(node)
    return groups


def _by_type(graph: VizGraph) -> dict[str, list]:
    groups: dict[str, list] = defaultdict(list)
    for edge in graph.edges:
        groups[edge.type].append(edge)
    return groups


def _write_csv(path: Path, header: list[str], rows: list[list[str]]) -> None:
    with open(path, "w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(header)
        out.writerows(rows)


def _csv(graph: VizGraph, output: Path, result: ExportResult) -> None:
    """One file per node label and per relationship type, lists as ';'-joined text; and
    sources.csv, one row per report's share of an event or fact."""
    for label, nodes in sorted(_by_label(graph).items()):
        keys = sorted({k for n in nodes for k in _node_props(n)} - {"name"})
        path = output / f"nodes_{label}.csv"
        _write_csv(path, ["id", "name", "labels", *keys],
                   [[n.id, n.name, _text(n.labels), *(_text(n.props.get(k)) for k in keys)]
                    for n in sorted(nodes, key=lambda n: n.id)])
        result.paths.append(path)
    for rel_type, edges in sorted(_by_type(graph).items()):
        keys = sorted({k for e in edges for k, v in e.props.items() if v is not None})
        path = output / f"relationships_{rel_type}.csv"
        _write_csv(path, ["start_id", "end_id", "type", *keys],
                   [[e.source, e.target, e.type, *(_text(e.props.get(k)) for k in keys)] for e in edges])
        result.paths.append(path)
    shares = _share_rows(graph)
    if shares:
        path = output / "sources.csv"
        _write_csv(path, ["item", "kind", "report", "modality", "evidence"], shares)
        result.paths.append(path)


def _share_rows(graph: VizGraph) -> list[list[str]]:
    """One row per report's share of an event or fact (an event by id, a fact by its key), as
    far as the selection read them (the first shares of each: ``source_count`` gives all)."""
    items = [(n.id, "event", n.props) for n in sorted(graph.nodes.values(), key=lambda n: n.id) if n.is_event]
    items += [(str(e.props["fact"]), "fact", e.props) for e in graph.edges if e.props.get("fact")]
    rows = []
    for item, kind, props in items:
        sources, modalities, evidence = (list(props.get(k) or []) for k in ("sources", "modalities", "evidence"))
        for i, report in enumerate(sources):
            rows.append([item, kind, _text(report), _text(modalities[i] if i < len(modalities) else ""),
                         _text(evidence[i] if i < len(evidence) else "")])
    return rows


def _import_type(values: list[Any]) -> str:
    """The neo4j-admin header type that holds every value of a property."""
    present = [v for v in values if v is not None]
    if present and all(isinstance(v, list) for v in present):
        return "string[]"
    if present and all(isinstance(v, bool) for v in present):
        return "boolean"
    if present and all(isinstance(v, int) and not isinstance(v, bool) for v in present):
        return "long"
    if present and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in present):
        return "double"
    return "string"


def _import_value(value: Any, kind: str) -> str:
    if value is None:
        return ""
    if kind == "string[]":
        return LIST_SEPARATOR.join(_text(v).replace(LIST_SEPARATOR, ",") for v in value)
    return _text(value)


def _neo4j_import(graph: VizGraph, output: Path, result: ExportResult) -> None:
    """CSV with neo4j-admin headers (``id:ID``, ``:LABEL``, ``:START_ID``, ``:END_ID``,
    ``:TYPE``, typed properties, arrays split on ';'), and the command that loads them."""
    node_args, rel_args = [], []
    for label, nodes in sorted(_by_label(graph).items()):
        keys = sorted({k for n in nodes for k in _node_props(n)})
        kinds = {k: _import_type([n.props.get(k) for n in nodes]) for k in keys}
        path = output / f"nodes_{label}.csv"
        _write_csv(path, ["id:ID", *(f"{k}:{kinds[k]}" for k in keys), ":LABEL"],
                   [[n.id, *(_import_value(n.props.get(k), kinds[k]) for k in keys), LIST_SEPARATOR.join(n.labels)]
                    for n in sorted(nodes, key=lambda n: n.id)])
        node_args.append(path.name)
        result.paths.append(path)
    for rel_type, edges in sorted(_by_type(graph).items()):
        keys = sorted({k for e in edges for k, v in e.props.items() if v is not None})
        kinds = {k: _import_type([e.props.get(k) for e in edges]) for k in keys}
        path = output / f"relationships_{rel_type}.csv"
        _write_csv(path, [":START_ID", ":END_ID", ":TYPE", *(f"{k}:{kinds[k]}" for k in keys)],
                   [[e.source, e.target, e.type, *(_import_value(e.props.get(k), kinds[k]) for k in keys)]
                    for e in edges])
        rel_args.append(path.name)
        result.paths.append(path)
    command = ["neo4j-admin database import full", *(f"--nodes={n}" for n in node_args),
               *(f"--relationships={r}" for r in rel_args), f"--array-delimiter='{LIST_SEPARATOR}'",
               "--overwrite-destination neo4j"]
    script = output / "import.sh"
    script.write_text("#!/bin/sh\n# Loads these files into a stopped Neo4j's database 'neo4j' (replacing it).\n"
                      "# Run from this folder with neo4j-admin on the PATH, then start Neo4j.\n"
                      'cd "$(dirname "$0")" && ' + " \\\n  ".join(command) + "\n", encoding="utf-8")
    script.chmod(0o755)
    result.paths.append(script)
