"""The map's report-time slider: markers, movement lines and tracks carry their report time
(first_reported, else an event's own date) and the slider hides what no report had told by the
chosen day. Checked on the demo's own map in headless Chromium, offline."""

from __future__ import annotations

import pytest
from demo_workspace import DemoCli, make_workspace

from milgraph.viz.map import _report_slider, map_data, report_dates, reported
from milgraph.viz.subgraph import VizGraph


def small_graph() -> VizGraph:
    graph = VizGraph()
    graph.add_node("place:a", ["Entity", "Place"], name="A", lat=10.0, lon=10.0, first_reported="2024-05-02")
    graph.add_node("place:b", ["Entity", "Place"], name="B", lat=12.0, lon=14.0, first_reported="2024-07-01")
    graph.add_node("event:told", ["Event", "Flight"], name="Flight A -> B", date="2024-03", first_reported="2024-07-01")
    graph.add_node("event:undated-report", ["Event", "Flight"], name="Flight B -> A", date="2024-06-20")
    for event, start, end in (("event:told", "place:a", "place:b"), ("event:undated-report", "place:b", "place:a")):
        graph.add_edge(event, start, "FROM")
        graph.add_edge(event, end, "TO")
    return graph


def test_report_time_is_first_reported_else_the_event_date():
    data = map_data(small_graph())
    assert {line["id"]: line["reported"] for line in data.lines} == {
        "event:told": "2024-07-01",  # told in July about March: report time, not event time
        "event:undated-report": "2024-06-20"}  # no report time: its own date
    assert {m["id"]: m["reported"] for m in data.markers} == {"place:a": "2024-05-02", "place:b": "2024-07-01"}
    assert report_dates(data) == ["2024-05-02", "2024-06-20", "2024-07-01"]
    assert reported(None, "2024-01-01") == "2024-01-01"


def test_the_slider_label_is_escaped_and_absent_without_dates():
    assert _report_slider([]) == ""
    html = _report_slider(["2024-01-01", "<b>2025</b>"])
    assert "&lt;b&gt;2025&lt;/b&gt;" in html and "<b>" not in html and 'max="1"' in html


@pytest.fixture(scope="module")
def demo_map(tmp_path_factory):
    root = make_workspace(tmp_path_factory.mktemp("demo-map"))
    cli = DemoCli(root)
    cli.close()
    return root / "out" / "map.html"


MOVE_SLIDER = """(index) => {
  const slider = document.getElementById('reported');
  slider.value = String(index);
  slider.dispatchEvent(new Event('input', {bubbles: true}));
  const shown = sel => Array.from(document.querySelectorAll(sel)).filter(e => e.style.display !== 'none');
  const lines = JSON.parse(document.getElementById('map-data').textContent).lines;
  const visibleIds = shown('#lines > g').map(g => g.getAttribute('data-id'));
  return {day: document.getElementById('reported-label').textContent, markers: milgraph.visibleMarkers,
          lines: milgraph.visibleLines, tracks: milgraph.visibleTracks,
          reported: lines.filter(l => visibleIds.includes(l.id)).map(l => l.reported),
          shapes: shown('#markers .marker').length, names: shown('#markers text').length,
          listed: shown('#movements li').length};
}"""


@pytest.mark.browser
def test_the_report_time_slider_hides_what_was_not_reported_yet(demo_map):
    from browser import open_page

    with open_page(demo_map) as visit:
        page = visit.page
        stops = page.evaluate("JSON.parse(document.getElementById('map-data').textContent).reportDates")
        totals = page.evaluate("[milgraph.markers, milgraph.lines, milgraph.tracks]")
        everything = page.evaluate(MOVE_SLIDER, len(stops) - 1)
        middle_stop = stops.index("2024-12-19")
        middle = page.evaluate(MOVE_SLIDER, middle_stop)
        visit.screenshot("map-page-reported-up-to-2024-12-19")
        first = page.evaluate(MOVE_SLIDER, 0)
        back = page.evaluate(MOVE_SLIDER, len(stops) - 1)
        visit.assert_clean()
    assert len(stops) >= 5 and stops == sorted(stops)
    assert (everything["markers"], everything["lines"], everything["tracks"]) == tuple(totals)
    assert everything["day"] == stops[-1] and back == everything
    assert middle["day"] == "2024-12-19"
    assert first["lines"] < middle["lines"] < everything["lines"]
    assert 0 < first["markers"] < middle["markers"] < everything["markers"]
    assert all(day <= "2024-12-19" for day in middle["reported"]) and len(middle["reported"]) == middle["lines"]
    assert middle["shapes"] == middle["markers"] and middle["names"] <= middle["markers"]
    assert middle["listed"] == middle["lines"] + middle["tracks"]
    assert middle["tracks"] == 1  # the track of 13 December, not the one of the 26th
