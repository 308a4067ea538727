"""milgraph viz / map / analyze on the embedded store."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

sys.path.insert(0, str(Path(__file__).resolve().parent))

from viz_fixtures import load  # noqa: E402

from milgraph.cli import main  # noqa: E402


@pytest.fixture(autouse=True)
def embedded_only(monkeypatch):
    """The CLI must pick the embedded store even after the Neo4j fixtures exported NEO4J_*."""
    for name in ("NEO4J_URI", "NEO4J_USER", "NEO4J_PASSWORD", "NEO4J_DATABASE"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def loaded(falkordb_store, falkordb_config):
    load(falkordb_store)
    return ["--db", str(falkordb_config.data_dir)]


def run(args: list[str]):
    return CliRunner().invoke(main, args, catch_exceptions=False)


def drawn(path: Path) -> dict:
    text = path.read_text()
    block = re.search(r'<script type="application/json" id="graph-data">(.*?)</script>', text, re.S)
    return json.loads(block.group(1))


def test_viz_draws_the_whole_graph(loaded, tmp_path):
    result = run([*loaded, "viz", "-o", str(tmp_path / "g.html")])
    assert result.exit_code == 0, result.output
    assert re.match(r"wrote .*g\.html: 17 nodes, \d+ relationships\n$", result.output)
    assert drawn(tmp_path / "g.html")["counts"]["nodes"] == 17


def test_viz_around_an_entity(loaded, tmp_path):
    result = run([*loaded, "viz", "--around", "Hill Field", "--hops", "1", "-o", str(tmp_path / "a.html")])
    assert result.exit_code == 0, result.output
    ids = {n["id"] for n in drawn(tmp_path / "a.html")["nodes"]}
    assert "event:sam-9-move" in ids and "actor:coastal-army" not in ids


def test_viz_of_a_canned_query_includes_the_entity_asked_about(loaded, tmp_path):
    result = run([*loaded, "viz", "--query", "entity_profile", "-p", "entity=Hill Field", "-o", str(tmp_path / "q.html")])
    assert result.exit_code == 0, result.output
    ids = {n["id"] for n in drawn(tmp_path / "q.html")["nodes"]}
    assert {"base:hill-field", "event:sam-9-move", "place:east-province"} <= ids


def test_viz_errors_are_one_line(loaded, tmp_path):
    result = CliRunner().invoke(main, [*loaded, "viz", "--around", "Atlantis", "-o", str(tmp_path / "x.html")])
    assert result.exit_code == 1
    assert result.output.startswith("error: no entity is called 'Atlantis'") and result.output.count("\n") == 1
    both = CliRunner().invoke(main, [*loaded, "viz", "--around", "Hill Field", "--query", "entity_profile"])
    assert both.exit_code == 1 and "either --query or --around" in both.output


def test_map_command(loaded, tmp_path):
    result = run([*loaded, "map", "-o", str(tmp_path / "m.html")])
    assert result.exit_code == 0, result.output
    assert "6 places, 4 movement lines" in result.output


def test_analyze_prints_tables_and_writes_scores(loaded, falkordb_store):
    result = run([*loaded, "analyze", "--route", "Hill Field", "River City", "--since", "2025-01"])
    assert result.exit_code == 0, result.output
    assert "Hubs of the logistics network" in result.output and "Route base:hill-field -> place:river-city" in result.output
    assert "Wrote hub_score, betweenness and community on" in result.output
    hub = falkordb_store.read("MATCH (n:Entity {id: 'base:dune-base'}) RETURN n.hub_score AS h")[0]["h"]
    assert hub == 1.0


def test_analyze_json(loaded):
    result = run([*loaded, "analyze", "--json", "--no-write"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["hubs"][0]["id"] == "base:dune-base" and data["written"] is None


def test_demo_views_write_a_graph_page_sized_by_hub_scores_and_a_map(falkordb_store, tmp_path):
    from milgraph.viz import write_demo_views

    load(falkordb_store)
    graph_html, map_html = write_demo_views(falkordb_store, tmp_path / "demo")
    assert graph_html == tmp_path / "demo" / "graph.html" and map_html == tmp_path / "demo" / "map.html"
    nodes = {n["id"]: n for n in drawn(graph_html)["nodes"]}
    assert any(pair == ["hub score", "1"] for pair in nodes["base:dune-base"]["tip"])
    assert "6 places with coordinates, 4 movement lines" in map_html.read_text()
