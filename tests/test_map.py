"""The map page: markers, movement lines, coordinates through LOCATED_IN, offline basemap."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from browser import open_page  # noqa: E402
from viz_fixtures import PROBE, load, viz_graph  # noqa: E402

from milgraph.viz.map import build_map_html, country_paths, map_data, resolve_coords, write_map_page  # noqa: E402
from milgraph.viz.style import EVENT_COLORS  # noqa: E402
from milgraph.viz.subgraph import VizGraph  # noqa: E402


def tip(item: dict) -> dict:
    return {k: v for k, v in item["tip"]}


def payload(text: str) -> dict:
    return json.loads(re.search(r'<script type="application/json" id="map-data">(.*?)</script>', text, re.S).group(1))


def test_markers_are_the_bases_and_places_with_coordinates():
    data = map_data(viz_graph())
    assert {m["id"] for m in data.markers} == {
        "base:hill-field", "base:dune-base", "base:probe", "place:east-province", "place:westria", "place:sahelia"}
    # River City has no coordinates of its own: no marker
    assert "place:river-city" not in {m["id"] for m in data.markers}


def test_each_movement_is_a_dated_line_from_origin_to_destination_coloured_by_type():
    lines = {line["id"]: line for line in map_data(viz_graph()).lines}
    move = lines["event:sam-9-move"]
    assert move["points"] == [[35.4, 35.9], [32.3, 20.9]]
    assert (move["type"], move["date"], move["color"]) == ("Transfer", "2024-12", EVENT_COLORS["Transfer"])
    assert lines["event:flight-1"]["color"] == EVENT_COLORS["Flight"] != move["color"]


def test_an_end_without_coordinates_takes_those_of_what_it_is_located_in():
    graph = viz_graph()
    assert resolve_coords(graph, "place:river-city") == ((17.0, -4.0), "place:sahelia")
    flight = next(line for line in map_data(graph).lines if line["id"] == "event:flight-1")
    assert flight["points"][-1] == [17.0, -4.0]
    assert tip(flight)["to"] == "River City (drawn at Sahelia)"


def test_movements_with_an_end_nowhere_are_counted_not_drawn():
    graph = viz_graph()
    graph.add_node("place:nowhere", ["Entity", "Place"], name="Nowhere")
    graph.add_node("event:lost", ["Event", "Flight"], date="2025-03")
    graph.add_edge("event:lost", "base:dune-base", "FROM")
    graph.add_edge("event:lost", "place:nowhere", "TO")
    data = map_data(graph)
    assert "event:lost" not in {line["id"] for line in data.lines}
    assert data.unplaced == ["Flight 2025-03: no coordinates for Nowhere"]
    text, result = build_map_html(graph)
    assert result.unplaced == 1 and "1 movement(s) not drawn for want of coordinates" in text


def test_stopovers_bend_the_line_through_them():
    graph = viz_graph()
    graph.add_edge("event:flight-1", "place:westria", "VIA")
    flight = next(line for line in map_data(graph).lines if line["id"] == "event:flight-1")
    assert flight["points"] == [[32.3, 20.9], [27.0, 17.0], [17.0, -4.0]]
    assert tip(flight)["via"] == "Westria"


def test_talks_and_other_non_movements_are_not_lines():
    graph = viz_graph()
    graph.add_node("event:talks", ["Event", "Talks"], date="2025-01")
    graph.add_edge("event:talks", "base:dune-base", "FROM")
    graph.add_edge("event:talks", "place:sahelia", "TO")
    assert "event:talks" not in {line["id"] for line in map_data(graph).lines}


def test_unsure_movements_are_dashed():
    lines = {line["id"]: line for line in map_data(viz_graph()).lines}
    assert lines["event:flight-2"]["dashed"] is True and lines["event:flight-1"]["dashed"] is False


def test_popups_carry_provenance_as_text():
    line = next(x for x in map_data(viz_graph()).lines if x["id"] == "event:sam-9-move")
    t = tip(line)
    assert t["modality"] == "reported" and t["carried"] == "SAM-9" and t["by"] == "Northland"
    assert t["source 1"].startswith("Air-defence gear moved west") and "SAM-9 units" in t["evidence 1"]


def test_page_is_self_contained_and_escapes_report_text():
    text, result = build_map_html(viz_graph(), title=f"Map {PROBE}")
    assert (result.markers, result.lines) == (6, 4)
    assert "<img" not in text and "&lt;img src=x onerror=alert(1)&gt; href" in text
    assert not re.search(r"""<(script|link|img|iframe)[^>]+(src|href)\s*=""", text, re.I)
    assert "default-src 'none'" in text
    assert len(payload(text)["land"]) == len(country_paths())


def test_basemap_outlines_do_not_jump_across_the_world():
    paths = country_paths()
    assert len(paths) > 150
    for d in paths:
        for sub in d.split("M")[1:]:
            xs = [float(p.split(",")[0]) for p in sub.rstrip("Z").split("L")]
            assert all(abs(a - b) <= 180 for a, b in zip(xs, xs[1:]))


def test_an_empty_graph_gives_a_page_that_says_so():
    text, result = build_map_html(VizGraph())
    assert (result.markers, result.lines) == (0, 0)
    assert "Nothing to draw" in text


def test_map_from_the_store(store, tmp_path):
    load(store)
    result = write_map_page(tmp_path / "map.html", store=store)
    assert (result.markers, result.lines, result.unplaced) == (6, 4, 0)


@pytest.mark.browser
def test_map_page_in_the_browser(tmp_path):
    result = write_map_page(tmp_path / "map.html", viz_graph(), title=f"Map {PROBE}")
    with open_page(result.path) as visit:
        page = visit.page
        counts = page.evaluate("[milgraph.markers, milgraph.lines, document.querySelectorAll('#markers .marker').length,"
                               " document.querySelectorAll('#lines path.leg').length,"
                               " document.querySelectorAll('#land path').length]")
        visit.screenshot("map-page")
        page.click("#movements li:has-text('Voyage')")
        popup = page.text_content("#popup-body")
        marker_title = page.text_content("#markers rect title >> nth=2")
        images = page.evaluate("document.querySelectorAll('img').length")
        page.mouse.wheel(0, -300)
        page.click("#zoom-fit")
        visit.screenshot("map-page-probe-popup")
        visit.assert_clean()
    assert counts[:4] == [6, 4, 6, 4] and counts[4] > 150
    assert PROBE in popup and "A ship sailed" in popup
    assert marker_title and images == 0


@pytest.mark.browser
def test_map_time_filter_shows_the_movements_of_the_chosen_months(tmp_path):
    result = write_map_page(tmp_path / "when.html", viz_graph())
    with open_page(result.path) as visit:
        page = visit.page
        page.select_option("#from", "2025-01")
        page.select_option("#until", "2025-01")
        shown = page.evaluate("milgraph.visibleLines")
        titles = page.evaluate("Array.from(document.querySelectorAll('#movements li'))"
                               ".filter(li => li.style.display !== 'none').map(li => li.textContent)")
        page.select_option("#until", "")
        later = page.evaluate("milgraph.visibleLines")
        visit.assert_clean()
    assert shown == 2 and all(t.startswith("Flight 2025-01") for t in titles)
    assert later == 3  # the two flights and the February voyage


def test_a_country_is_drawn_at_its_capital_not_its_centroid():
    from milgraph.loaders.extract import extract_text
    from milgraph.viz.map import map_data
    from milgraph.viz.subgraph import VizGraph

    extraction = extract_text("Radars were flown from Russia to Libya.", published="2024-12-18")
    graph = VizGraph()
    for entity in extraction.entities:
        graph.add_node(entity.id, entity.labels, name=entity.name, **entity.properties)
    russia = next(m for m in map_data(graph).markers if m["id"] == "place:russia")
    assert (round(russia["lat"]), round(russia["lon"])) == (56, 38)  # Moscow, not the centroid in Siberia


@pytest.mark.browser
def test_the_opening_view_holds_every_marker_and_no_two_names_overlap(tmp_path):
    from milgraph.viz.synthetic import synthetic_graph

    result = write_map_page(tmp_path / "crowd.html", synthetic_graph(400, seed=11), title="Crowded map")
    with open_page(result.path) as visit:
        page = visit.page
        check = page.evaluate("""() => {
          const box = document.getElementById('map').getBoundingClientRect();
          const markers = Array.from(document.querySelectorAll('#markers .marker')).map(m => m.getBoundingClientRect());
          const inside = markers.every(r => r.left >= box.left - 1 && r.right <= box.right + 1
                                            && r.top >= box.top - 1 && r.bottom <= box.bottom + 1);
          const names = Array.from(document.querySelectorAll('#markers text'))
            .filter(t => t.style.display !== 'none').map(t => t.getBoundingClientRect());
          let overlaps = 0;
          for (let i = 0; i < names.length; i++) for (let j = i + 1; j < names.length; j++) {
            const a = names[i], b = names[j];
            if (a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom) overlaps++;
          }
          return [markers.length, inside, names.length, overlaps];
        }""")
        visit.screenshot("map-page-opening-view")
        visit.assert_clean()
    count, inside, named, overlaps = check
    assert count > 20 and inside and named > 0 and overlaps == 0


def test_a_movement_told_by_more_reports_is_drawn_thicker():
    from milgraph.viz.map import line_width

    assert line_width(1) < line_width(2) < line_width(8) and line_width(0) == line_width(1)
