"""The graph page, built from plain data (no database, no browser)."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import networkx as nx
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from viz_fixtures import PROBE, viz_graph  # noqa: E402

from milgraph.viz.page import LAYOUT_THRESHOLD, build_graph_html, write_graph_page  # noqa: E402
from milgraph.viz.style import NODE_STYLES  # noqa: E402
from milgraph.viz.subgraph import VizGraph, from_networkx  # noqa: E402
from milgraph.viz.synthetic import synthetic_graph  # noqa: E402


def page_data(text: str) -> dict:
    block = re.search(r'<script type="application/json" id="graph-data">(.*?)</script>', text, re.S)
    return json.loads(block.group(1))


def tip(item: dict) -> dict:
    return {k: v for k, v in item["tip"]}


@pytest.fixture(scope="module")
def fixture_page():
    text, result = build_graph_html(viz_graph())
    return text, page_data(text), result


def test_page_references_nothing_outside_itself(fixture_page):
    text, _, _ = fixture_page
    assert not re.search(r"""<(script|link|img|iframe)[^>]+(src|href)\s*=""", text, re.I)
    assert "cdn" not in text.lower().replace("cdn_resources", "")
    assert "default-src 'none'" in text


def test_report_text_never_appears_as_markup(fixture_page):
    text, data, _ = fixture_page
    assert "<img" not in text
    names = [tip(n)["name"] for n in data["nodes"]]
    assert f"Probe {PROBE}" in names  # the text is all there, just escaped


def test_title_is_escaped():
    text, _ = build_graph_html(viz_graph(), title=f"Title {PROBE}")
    assert "<title>Title &lt;img src=x onerror=alert(1)&gt; href</title>" in text


def test_counts_are_what_is_drawn(fixture_page):
    _, data, result = fixture_page
    graph = viz_graph()
    assert data["counts"] == {"nodes": len(graph.nodes), "edges": len(graph.edges), "omittedNodes": 0, "omittedEdges": 0}
    assert (result.nodes, result.edges) == (len(graph.nodes), len(graph.edges))


def test_nodes_are_coloured_and_shaped_per_label(fixture_page):
    _, data, _ = fixture_page
    by_id = {n["id"]: n for n in data["nodes"]}
    assert (by_id["actor:northland"]["color"], by_id["actor:northland"]["shape"]) == NODE_STYLES["State"][1:]
    assert (by_id["base:hill-field"]["color"], by_id["base:hill-field"]["shape"]) == NODE_STYLES["Base"][1:]
    assert by_id["actor:coastal-army"]["shape"] == NODE_STYLES["Organization"][2]


def test_legend_lists_the_labels_on_the_page(fixture_page):
    text, _, _ = fixture_page
    legend = re.search(r'<ul class="legend" id="legend-nodes">(.*?)</ul>', text, re.S).group(1)
    for entry in ("State", "Organization", "Base", "Place", "Equipment", "Aircraft", "Transfer event", "Flight event"):
        assert entry in legend


def test_events_are_small_nodes_joined_to_their_roles(fixture_page):
    _, data, _ = fixture_page
    event = next(n for n in data["nodes"] if n["id"] == "event:sam-9-move")
    entity_sizes = [n["size"] for n in data["nodes"] if not n["id"].startswith("event:")]
    assert event["size"] < min(entity_sizes)
    roles = {(e["label"], e["to"]) for e in data["edges"] if e["from"] == "event:sam-9-move"}
    assert roles == {("BY", "actor:northland"), ("CARRIED", "equipment:sam-9"),
                     ("FROM", "base:hill-field"), ("TO", "base:dune-base")}


def test_edges_are_labelled_with_their_type(fixture_page):
    _, data, _ = fixture_page
    assert {"BACKS", "OPPOSES", "LOCATED_IN", "FROM", "TO"} <= {e["label"] for e in data["edges"]}


def test_node_size_follows_degree_without_hub_scores(fixture_page):
    _, data, _ = fixture_page
    size = {n["id"]: n["size"] for n in data["nodes"]}
    assert size["base:dune-base"] > size["equipment:sam-9"]  # many flights vs one transfer


def test_hubs_are_drawn_as_large_as_the_best_connected_node():
    graph = viz_graph()
    graph.nodes["equipment:sam-9"].props["hub_score"] = 1.0  # one relationship, but the top hub
    size = {n["id"]: n["size"] for n in page_data(build_graph_html(graph)[0])["nodes"]}
    assert size["equipment:sam-9"] == max(size.values())
    assert size["base:hill-field"] < size["equipment:sam-9"]


def test_event_tooltip_has_date_modality_source_and_evidence(fixture_page):
    _, data, _ = fixture_page
    t = tip(next(n for n in data["nodes"] if n["id"] == "event:sam-9-move"))
    assert t["type"] == "Event: Transfer"
    assert t["date"] == "2024-12" and t["modality"] == "reported"
    assert t["source 1"].startswith("Air-defence gear moved west (Test Wire, 2024-12-20)")
    assert "SAM-9 units" in t["evidence 1"]
    assert t["attributed to"] == "Officials"


def test_entity_tooltip_has_name_kind_and_first_seen(fixture_page):
    _, data, _ = fixture_page
    t = tip(next(n for n in data["nodes"] if n["id"] == "base:hill-field"))
    assert (t["name"], t["kind"], t["first seen"]) == ("Hill Field", "airbase", "2025-02-02")


def test_relationship_tooltip_has_provenance(fixture_page):
    _, data, _ = fixture_page
    backs = next(e for e in data["edges"] if e["label"] == "BACKS")
    t = tip(backs)
    assert (t["from"], t["to"], t["modality"]) == ("Northland", "Coastal Army", "reported")
    assert "back the Coastal Army" in t["evidence 1"]


def test_unsure_facts_are_dashed(fixture_page):
    _, data, _ = fixture_page
    graph = viz_graph()
    graph.edges[0].props["modality"] = "possible"
    first = page_data(build_graph_html(graph)[0])["edges"][0]
    assert first.get("dashes") is True
    assert not any(e.get("dashes") for e in data["edges"])


def test_small_graphs_use_physics_large_ones_are_laid_out_beforehand():
    small = page_data(build_graph_html(viz_graph())[0])
    assert small["physics"] is True and "x" not in small["nodes"][0]
    large = page_data(build_graph_html(synthetic_graph(LAYOUT_THRESHOLD + 50))[0])
    assert large["physics"] is False and large["options"]["physics"] == {"enabled": False}
    assert all(isinstance(n["x"], float) and isinstance(n["y"], float) for n in large["nodes"])


def test_over_the_cap_only_the_central_part_is_drawn_and_the_page_says_so():
    graph = synthetic_graph(600)
    text, result = build_graph_html(graph, max_nodes=200)
    data = page_data(text)
    assert result.nodes == data["counts"]["nodes"] == 200
    assert data["counts"]["omittedNodes"] == len(graph.nodes) - 200
    assert result.omitted_edges == len(graph.edges) - result.edges > 0
    assert "Too large to draw whole" in text and f"of {len(graph.nodes):,} nodes" in text
    degree = graph.degree()
    kept = {n["id"] for n in data["nodes"]}
    assert min(degree[i] for i in kept) >= max(degree[i] for i in graph.nodes if i not in kept)


def test_parallel_edges_are_bent_apart():
    graph = VizGraph()
    graph.add_node("actor:a", ["Actor"], name="A")
    graph.add_node("actor:b", ["Actor"], name="B")
    graph.add_edge("actor:a", "actor:b", "BACKS")
    graph.add_edge("actor:a", "actor:b", "ALLIED_WITH")
    edges = page_data(build_graph_html(graph)[0])["edges"]
    assert "smooth" not in edges[0] and edges[1]["smooth"]["enabled"] is True


def test_networkx_graphs_can_be_drawn(tmp_path):
    g = nx.DiGraph()
    g.add_node("base:x", labels=["Base"], name="X")
    g.add_node("place:y", label="Place", name="Y")
    g.add_edge("base:x", "place:y", type="LOCATED_IN")
    result = write_graph_page(tmp_path / "nx.html", g, title="From networkx")
    assert (result.nodes, result.edges) == (2, 1)
    data = page_data(result.path.read_text())
    assert {n["id"]: n["shape"] for n in data["nodes"]} == {"base:x": "square", "place:y": "triangle"}
    assert from_networkx(g).nodes["place:y"].label == "Place"


def test_write_graph_page_needs_something_to_draw(tmp_path):
    with pytest.raises(ValueError):
        write_graph_page(tmp_path / "x.html")


def test_a_much_told_fact_shows_its_first_sources_and_how_many_more():
    from milgraph.viz.page import edge_tip
    from milgraph.viz.subgraph import VizEdge

    edge = VizEdge("actor:a", "actor:b", "BACKS", {"modality": "reported", "source_count": 1200,
                                                   "sources": ["report:1", "report:2"],
                                                   "modalities": ["reported", "denied"],
                                                   "evidence": ["A backs B.", "A does not back B."]})
    tip = dict((pair[0], pair[1]) for pair in edge_tip(edge, {}, {}))
    assert tip["source 2"] == "report:2 [denied]" and tip["evidence 1"] == "A backs B."
    assert tip["more sources"] == "1,198 more reports (source count 1,200)"
