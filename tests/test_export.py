"""`milgraph export`: the graph in the formats other tools open (Gephi, QGIS, Google Earth,
spreadsheets, a fresh Neo4j), read back by real readers."""

from __future__ import annotations

import csv
import json
import os
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import pytest
from fixture_graph import write_fixture_graph
from support import cli_against

from milgraph.errors import MilgraphError
from milgraph.queries.push import push_graph
from milgraph.viz.export import KML_NS, export_graph
from milgraph.viz.subgraph import read_graph

ROOT = Path(__file__).resolve().parent.parent
NEO4J_LIB = ROOT / ".neo4j-local" / "lib"


def write_graph_with_coordinates(store) -> None:
    """The query tests' fixture graph, plus coordinates for two bases (an atlas note)."""
    from milgraph.graph.records import Entity, Extraction, ReportMeta
    from milgraph.graph.writer import write_extraction

    write_fixture_graph(store)
    write_extraction(store, Extraction(ReportMeta(id="report:atlas", title="Atlas note"), entities=[
        Entity("base:khmeimim", "Khmeimim", ["Base"], "airbase", properties={"lat": 35.41, "lon": 35.95}),
        Entity("base:al-khadim", "al-Khadim", ["Base"], "airbase", properties={"lat": 32.19, "lon": 20.59})]))


@pytest.fixture
def graph(falkordb_store):
    write_graph_with_coordinates(falkordb_store)
    return read_graph(falkordb_store)


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_gephi_formats_read_back_in_networkx_with_labels_and_attributes(graph, tmp_path, fmt):
    path = tmp_path / f"g.{fmt}"
    export_graph(graph, fmt, path)
    back = (nx.read_graphml if fmt == "graphml" else nx.read_gexf)(path)
    assert back.number_of_nodes() == len(graph.nodes) and back.number_of_edges() == len(graph.edges)
    khmeimim = back.nodes["base:khmeimim"]
    assert khmeimim["label"] == "Khmeimim" and khmeimim["category"] == "Base"
    assert abs(float(khmeimim["p_lat"]) - graph.nodes["base:khmeimim"].props["lat"]) < 1e-9
    lift = [d for _, _, d in back.out_edges("event:s400-lift", data=True) if d["relationship"] == "FROM"]
    assert lift


def test_geojson_is_valid_with_points_and_movement_lines(graph, tmp_path):
    geojson = pytest.importorskip("geojson")
    path = tmp_path / "g.geojson"
    export_graph(graph, "geojson", path)
    collection = geojson.loads(path.read_text())
    assert collection.is_valid, collection.errors()
    kinds = {f["geometry"]["type"] for f in collection["features"]}
    assert kinds == {"Point", "LineString"}
    lift = next(f for f in collection["features"] if f["properties"].get("id") == "event:s400-lift")
    assert lift["properties"]["date"] == "2024-12-14" and "report:a" in lift["properties"]["sources"].split(";")
    lon, lat = lift["geometry"]["coordinates"][0]  # GeoJSON is longitude first
    assert (round(lat), round(lon)) == (35, 36)


def test_kml_has_placemarks_with_time_stamps_and_data(graph, tmp_path):
    path = tmp_path / "g.kml"
    export_graph(graph, "kml", path)
    root = ET.parse(path).getroot()
    ns = {"k": KML_NS}
    names = [p.findtext("k:name", namespaces=ns) for p in root.iter(f"{{{KML_NS}}}Placemark")]
    assert "Khmeimim" in names
    stamps = [w.text for w in root.iter(f"{{{KML_NS}}}when")]
    assert "2024-12-14" in stamps


def test_csv_has_one_file_per_label_and_type_with_lists_as_joined_text(graph, tmp_path):
    result = export_graph(graph, "csv", tmp_path / "csv")
    names = {p.name for p in result.paths}
    assert {"nodes_Base.csv", "nodes_Event.csv", "relationships_FROM.csv"} <= names
    with open(tmp_path / "csv" / "nodes_Event.csv", newline="") as handle:
        lift = next(row for row in csv.DictReader(handle) if row["id"] == "event:s400-lift")
    assert lift["sources"] == "report:a;report:c" and not lift["sources"].startswith("[")
    assert lift["source_count"] == "2"
    with open(tmp_path / "csv" / "sources.csv", newline="") as handle:
        shares = [row for row in csv.DictReader(handle) if row["item"] == "event:s400-lift"]
    assert [(s["kind"], s["report"], s["modality"]) for s in shares] == [
        ("event", "report:a", "reported"), ("event", "report:c", "confirmed")]


def test_an_export_folder_that_is_a_file_is_a_clear_error(graph, tmp_path):
    (tmp_path / "taken").write_text("")
    with pytest.raises(MilgraphError, match="is a file"):
        export_graph(graph, "csv", tmp_path / "taken")


def test_report_text_stays_text_in_every_format(falkordb_store, tmp_path):
    from milgraph.graph.records import Entity, Extraction, ReportMeta
    from milgraph.graph.writer import write_extraction

    hostile = '<script>alert(1)</script> & "quotes" ]]>'
    write_extraction(falkordb_store, Extraction(ReportMeta(id="report:x", title="x"), entities=[
        Entity("base:odd", hostile, ["Base"], "airbase", properties={"lat": 10.0, "lon": 20.0})]))
    graph = read_graph(falkordb_store)
    export_graph(graph, "kml", tmp_path / "g.kml")
    export_graph(graph, "graphml", tmp_path / "g.graphml")
    kml_names = [p.findtext(f"{{{KML_NS}}}name") for p in ET.parse(tmp_path / "g.kml").getroot().iter(f"{{{KML_NS}}}Placemark")]
    assert hostile in kml_names  # parsed back as the same text: escaped, never markup
    assert nx.read_graphml(tmp_path / "g.graphml").nodes["base:odd"]["label"] == hostile


def test_the_cli_exports_a_query_result(falkordb_store, falkordb_config, tmp_path):
    write_fixture_graph(falkordb_store)
    run = cli_against(falkordb_store, falkordb_config)
    result = run("export", "--format", "graphml", "--around", "Khmeimim", "-o", str(tmp_path / "k.graphml"))
    assert result.exit_code == 0, result.output
    assert "base:khmeimim" in nx.read_graphml(tmp_path / "k.graphml")


@pytest.mark.neo4j
def test_neo4j_admin_imports_the_files_with_the_counts_push_gives(falkordb_store, neo4j_config, tmp_path):
    if not (NEO4J_LIB.is_dir() and shutil.which("java")):
        pytest.skip("the provisioned Neo4j jars (.neo4j-local/lib) or Java are missing")
    from milgraph.graph.neo4j_store import Neo4jStore

    write_fixture_graph(falkordb_store)
    export_graph(read_graph(falkordb_store, include_reports=True), "neo4j-import", tmp_path / "import")
    target = Neo4jStore(neo4j_config)
    try:
        target.clear()
        push_graph(falkordb_store, target)
        pushed = (target.read("MATCH (n) RETURN count(n) AS c")[0]["c"],
                  target.read("MATCH ()-[r]->() RETURN count(r) AS c")[0]["c"])
        target.clear()
    finally:
        target.close()
    imported = _neo4j_admin_import(tmp_path / "import", tmp_path / "home")
    assert imported == pushed


def _neo4j_admin_import(folder: Path, home: Path) -> tuple[int, int]:
    """Run the import script's command with the provisioned neo4j-admin into a fresh database."""
    (home / "conf").mkdir(parents=True)
    (home / "conf" / "neo4j.conf").write_text(f"server.directories.data={home}/data\n"
                                              f"server.directories.logs={home}/logs\n")
    nodes = sorted(p.name for p in folder.glob("nodes_*.csv"))
    rels = sorted(p.name for p in folder.glob("relationships_*.csv"))
    script = (folder / "import.sh").read_text()
    assert all(f"--nodes={n}" in script for n in nodes) and all(f"--relationships={r}" in script for r in rels)
    result = subprocess.run(
        ["java", "-Xmx512m", "-cp", f"{NEO4J_LIB}/*", "org.neo4j.cli.AdminTool", "database", "import", "full",
         *(f"--nodes={n}" for n in nodes), *(f"--relationships={r}" for r in rels), "--array-delimiter=;",
         "--overwrite-destination", "neo4j"],
        cwd=folder, capture_output=True, text=True, timeout=300,
        env={**os.environ, "NEO4J_HOME": str(home), "NEO4J_CONF": str(home / "conf")})
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    found = re.search(r"Imported:\s+(\d+) nodes\s+(\d+) relationships", result.stdout)
    assert found, result.stdout[-2000:]
    return int(found.group(1)), int(found.group(2))
