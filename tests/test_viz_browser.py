"""The graph page in headless Chromium: it draws what it says, loads nothing from the network,
logs no errors, and shows markup-looking report text as plain text."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from browser import open_page  # noqa: E402
from viz_fixtures import PROBE, viz_graph  # noqa: E402

from milgraph.viz.page import write_graph_page  # noqa: E402
from milgraph.viz.synthetic import synthetic_graph  # noqa: E402

pytestmark = pytest.mark.browser

NODE_SCREEN_POSITION = """id => {
  const net = window.milgraph.network;
  const p = net.canvasToDOM(net.getPosition(id));
  const box = document.getElementById('graph').getBoundingClientRect();
  return [box.left + p.x, box.top + p.y];
}"""


def hover_tooltip(page, node_id: str) -> str:
    x, y = page.evaluate(NODE_SCREEN_POSITION, node_id)
    page.mouse.move(x - 30, y - 30)
    page.mouse.move(x, y, steps=4)
    page.wait_for_function("() => { const t = document.querySelector('.vis-tooltip');"
                           " return t && t.style.visibility === 'visible' && t.textContent.length > 0; }",
                           timeout=5000)
    return page.evaluate("document.querySelector('.vis-tooltip').textContent")


def test_graph_page_draws_every_node_and_edge_offline(tmp_path):
    graph = viz_graph()
    result = write_graph_page(tmp_path / "graph.html", graph)
    with open_page(result.path) as visit:
        counts = visit.page.evaluate("[milgraph.nodes, milgraph.edges,"
                                     " milgraph.network.body.data.nodes.length, milgraph.network.body.data.edges.length]")
        visit.screenshot("graph-page")
        visit.assert_clean()
    assert counts == [len(graph.nodes), len(graph.edges), len(graph.nodes), len(graph.edges)]


def test_markup_in_report_text_is_shown_as_text(tmp_path):
    result = write_graph_page(tmp_path / "probe.html", viz_graph(), title=f"Probe page {PROBE}")
    with open_page(result.path) as visit:
        page = visit.page
        node_tip = hover_tooltip(page, "base:probe")
        event_tip = hover_tooltip(page, "event:probe-voyage")
        x, y = page.evaluate(NODE_SCREEN_POSITION, "event:probe-voyage")
        page.mouse.click(x, y)
        details = page.text_content("#details-body")
        heading = page.text_content("#title")
        images = page.evaluate("document.querySelectorAll('img').length")
        visit.screenshot("graph-page-probe-tooltip")
        visit.assert_clean()
    assert f"name: Probe {PROBE}" in node_tip
    assert PROBE in event_tip and PROBE in details
    assert heading == f"Probe page {PROBE}"
    assert images == 0


def test_large_graph_shows_the_central_part_and_says_what_was_left_out(tmp_path):
    graph = synthetic_graph(1200, seed=5)
    result = write_graph_page(tmp_path / "large.html", graph, max_nodes=800)
    with open_page(result.path) as visit:
        counts = visit.page.evaluate("[milgraph.nodes, milgraph.omittedNodes, milgraph.network.body.data.nodes.length,"
                                     " milgraph.network.physics.options.enabled]")
        note = visit.page.text_content("#notes")
        visit.screenshot("graph-page-large")
        visit.assert_clean()
    assert counts == [800, len(graph.nodes) - 800, 800, False]
    assert "showing the 800 best-connected" in note


def test_legend_entries_hide_and_show_their_nodes(tmp_path):
    result = write_graph_page(tmp_path / "legend.html", viz_graph())
    hidden = "id => milgraph.network.body.data.nodes.get(id).hidden === true"
    with open_page(result.path) as visit:
        page = visit.page
        page.click("#legend li[data-key='Flight']")
        after_hide = [page.evaluate(hidden, "event:flight-1"), page.evaluate(hidden, "base:dune-base")]
        page.click("#legend li[data-key='Flight']")
        after_show = page.evaluate(hidden, "event:flight-1")
        visit.assert_clean()
    assert after_hide == [True, False] and after_show is False
