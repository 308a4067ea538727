"""The map page draws observed tracks beside reported movement lines: polylines with dotted
coverage gaps and hollow rings at unobserved ends (real sample tracks, ingested)."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from browser import open_page  # noqa: E402

from milgraph.pipeline import ingest  # noqa: E402
from milgraph.viz.map import map_data, write_map_page  # noqa: E402
from milgraph.viz.subgraph import read_graph  # noqa: E402
from tests.test_tracking import _claims_file  # noqa: E402
from tests.tracking_samples import sample_file  # noqa: E402


def _graph(store, tmp_path):
    summary = ingest(store, [sample_file("c40", tmp_path), sample_file("b737", tmp_path), _claims_file(tmp_path)])
    assert summary.ok, summary.failed
    return read_graph(store)


def test_tracks_are_polylines_with_gaps_and_open_ends_not_movement_lines(falkordb_store, tmp_path):
    data = map_data(_graph(falkordb_store, tmp_path))
    assert len(data.tracks) == 5
    by_date = {t["date"]: t for t in data.tracks}
    c40 = by_date["2022-08-02"]
    assert c40["gaps"] == [] and c40["open"] == [] and len(c40["segments"]) == 1 and len(c40["segments"][0]) > 20
    tip = dict(c40["tip"])
    assert tip["from"] == "Sultan Abdul Aziz Shah International Airport" and tip["to"] == "Taipei Songshan Airport"
    assert sorted(v for k, v in c40["tip"] if k == "fusion") == [
        "contradicts Flight Kuala Lumpur -> Tokyo, 2022-08-02", "corroborates Flight Kuala Lumpur -> Taipei, 2022-08-02"]
    first_737 = by_date["2025-02-04"]
    assert len(first_737["gaps"]) == 1 and len(first_737["segments"]) == 2
    assert first_737["open"] == [first_737["segments"][0][0]]  # first seen at cruise: an open ring
    assert dict(first_737["tip"])["from"] == "not observed"
    # observed legs are drawn as tracks only; the three claims are ordinary movement lines
    assert {line["id"] for line in data.lines}.isdisjoint({t["id"] for t in data.tracks})
    assert sorted(line["title"].split(": ")[1] for line in data.lines) == [
        "Kuala Lumpur \u2192 Taipei", "Kuala Lumpur \u2192 Taipei", "Kuala Lumpur \u2192 Tokyo"]
    verdicts = sorted((line["date"], v) for line in data.lines for k, v in line["tip"] if k == "tracking")
    assert verdicts == [
        ("2022-08-02", "contradicted by Flight Sultan Abdul Aziz Shah International Airport -> Taipei Songshan Airport, "
                       "2022-08-02 (different TO)"),
        ("2022-08-02", "corroborated by Flight Sultan Abdul Aziz Shah International Airport -> Taipei Songshan Airport, "
                       "2022-08-02")]


def test_map_page_shows_tracks_in_the_browser(falkordb_store, tmp_path):
    result = write_map_page(tmp_path / "map.html", _graph(falkordb_store, tmp_path))
    with open_page(result.path) as visit:
        page = visit.page
        counts = page.evaluate("[milgraph.tracks, document.querySelectorAll('#tracks path.track-leg').length,"
                               " document.querySelectorAll('#tracks path.track-gap').length,"
                               " document.querySelectorAll('#tracks circle.track-open').length,"
                               " Array.from(document.querySelectorAll('#tracks path.track-leg'))"
                               ".every(p => (p.getAttribute('d') || '').length > 10)]")
        page.click("#movements li:has-text('Observed 2022-08-02')")
        popup = page.text_content("#popup-body")
        visit.screenshot("map-page-tracks")
        visit.assert_clean()
    # 737: 1 + 2 + 2 gaps, so 2 + 3 + 3 stretches, plus the C-40C and the last 737 leg
    assert counts == [5, 10, 5, 3, True]  # open ends: 737 legs 1 (start), 2 (end), 3 (start)
    assert "corroborates Flight Kuala Lumpur -> Taipei" in popup and "Flightradar24" in popup
