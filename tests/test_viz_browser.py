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


def _click_node(page, node_id: str) -> None:
    x, y = page.evaluate(NODE_SCREEN_POSITION, node_id)
    page.mouse.click(x, y)


def test_the_opening_view_names_the_leading_nodes_legibly_and_keeps_details_in_view(tmp_path):
    from milgraph.viz.synthetic import synthetic_graph

    result = write_graph_page(tmp_path / "opening.html", synthetic_graph(250, seed=3))
    with open_page(result.path, viewport=(1280, 800)) as visit:
        page = visit.page
        on_screen = page.evaluate("""() => {
          const net = milgraph.network, scale = net.getScale();
          return milgraph.leading.map(id => net.body.data.nodes.get(id).font.size * scale);
        }""")
        others = page.evaluate("""() => {
          const net = milgraph.network, scale = net.getScale();
          return net.body.data.nodes.get().filter(n => !n.mgTop && !n.mgEvent).map(n => n.font.size * scale);
        }""")
        details = page.evaluate("(() => { const b = document.getElementById('details').getBoundingClientRect();"
                                " return [b.top, b.bottom, window.innerHeight]; })()")
        visit.screenshot("graph-page-opening-view")
        visit.assert_clean()
    assert 5 <= len(on_screen) <= 30 and min(on_screen) >= 14  # legible names for the leading nodes
    assert max(others) < 9  # the rest are not drawn until zoomed in (vis-network's label threshold)
    assert details[0] >= 0 and details[0] < details[2] / 3  # the details panel sits at the top, in view


def test_the_time_slider_hides_events_after_the_chosen_date(tmp_path):
    result = write_graph_page(tmp_path / "time.html", viz_graph())
    hidden = "id => milgraph.network.body.data.nodes.get(id).hidden === true"
    with open_page(result.path) as visit:
        page = visit.page
        page.eval_on_selector("#time", "(el) => { el.value = '1'; el.dispatchEvent(new Event('input')); }")
        label = page.text_content("#time-label")
        state = [page.evaluate(hidden, "event:flight-1"), page.evaluate(hidden, "event:flight-2"),
                 page.evaluate(hidden, "event:probe-voyage"), page.evaluate(hidden, "base:dune-base")]
        visit.assert_clean()
    assert label == "2025-01-15"
    assert state == [False, True, True, False]


def test_modality_and_source_filters_hide_what_they_exclude(tmp_path):
    graph = viz_graph()
    result = write_graph_page(tmp_path / "filters.html", graph)
    hidden = "id => milgraph.network.body.data.nodes.get(id).hidden === true"
    with open_page(result.path) as visit:
        page = visit.page
        page.uncheck("#modalities input[value='possible']")
        after_modality = [page.evaluate(hidden, "event:flight-2"), page.evaluate(hidden, "event:flight-1")]
        page.check("#modalities input[value='possible']")
        probe_report = page.evaluate("milgraph.network.body.data.nodes.get('event:probe-voyage').mgSrc[0]")
        page.select_option("#source", probe_report)
        after_source = [page.evaluate(hidden, "event:probe-voyage"), page.evaluate(hidden, "event:flight-1")]
        visit.assert_clean()
    assert after_modality == [True, False]
    assert after_source == [False, True]


def test_web_sources_are_links_that_leak_nothing_and_other_addresses_stay_text(tmp_path):
    graph = viz_graph()
    flight_source = graph.nodes["event:flight-1"].props["sources"][0]
    probe_source = graph.nodes["event:probe-voyage"].props["sources"][0]
    graph.reports[flight_source].url = "https://example.org/story"
    graph.reports[probe_source].url = "javascript:alert(1)"
    result = write_graph_page(tmp_path / "links.html", graph)
    with open_page(result.path) as visit:
        page = visit.page
        _click_node(page, "event:flight-1")
        link = page.evaluate("(() => { const a = document.querySelector('#details-body a');"
                             " return a && [a.getAttribute('href'), a.rel, a.target]; })()")
        _click_node(page, "event:probe-voyage")
        probe_links = page.evaluate("document.querySelectorAll('#details-body a').length")
        visit.assert_clean()
    assert link == ["https://example.org/story", "noopener noreferrer", "_blank"]
    assert probe_links == 0
