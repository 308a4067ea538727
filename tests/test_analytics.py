"""milgraph analyze: hubs, chokepoints, routes, communities, changes, scores written back.

Fixture movements: Hill Field -> Dune Base (a transfer), Dune Base -> River City (two flights),
Probe port -> Dune Base (a voyage). Northland backs the Coastal Army, which opposes Southland.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from viz_fixtures import load, viz_graph  # noqa: E402

from milgraph.errors import MilgraphError  # noqa: E402
from milgraph.viz import analytics  # noqa: E402


def test_movement_legs_run_origin_to_destination_through_stopovers():
    graph = viz_graph()
    graph.add_edge("event:sam-9-move", "place:westria", "VIA")
    legs = {(leg.origin, leg.destination, leg.event) for leg in analytics.movement_legs(graph)}
    assert ("base:hill-field", "place:westria", "event:sam-9-move") in legs
    assert ("place:westria", "base:dune-base", "event:sam-9-move") in legs
    assert ("base:hill-field", "base:dune-base", "event:sam-9-move") not in legs


def test_the_busiest_place_is_the_top_hub():
    rows = analytics.hubs(viz_graph())
    assert [r.id for r in rows][:2] == ["base:dune-base", "place:river-city"]
    top = rows[0]
    assert (top.legs_in, top.legs_out, top.trips, top.hub_score) == (2, 1, 4, 1.0)
    assert rows[1].hub_score == 0.5


def test_a_place_all_routes_pass_through_is_the_chokepoint():
    rows = analytics.chokepoints(analytics.hubs(viz_graph()))
    assert [r.id for r in rows] == ["base:dune-base"]
    assert rows[0].betweenness == pytest.approx(2 / 6, abs=1e-3)  # 2 of the 6 ordered pairs


def test_trip_counts_weigh_in_hub_scores():
    graph = viz_graph()
    graph.nodes["event:sam-9-move"].props["count"] = 10
    rows = {r.id: r for r in analytics.hubs(graph)}
    assert rows["base:hill-field"].trips == 10
    assert rows["base:hill-field"].hub_score > rows["place:river-city"].hub_score


def test_route_between_two_places_follows_the_legs():
    result = analytics.route(viz_graph(), "Hill Field", "River City")
    assert result.found and result.directed
    assert [(s.origin, s.destination) for s in result.steps] == [
        ("base:hill-field", "base:dune-base"), ("base:dune-base", "place:river-city")]
    assert result.steps[1].events == ["event:flight-1", "event:flight-2"] and result.steps[1].trips == 2


def test_route_between_regions_uses_the_places_inside_them():
    result = analytics.route(viz_graph(), "East Province", "Sahelia")
    assert result.found
    assert result.steps[0].origin == "base:hill-field" and result.steps[-1].destination == "place:river-city"


def test_route_against_the_flow_is_found_ignoring_direction_and_says_so():
    result = analytics.route(viz_graph(), "River City", "Hill Field")
    assert result.found and not result.directed
    assert [s.forward for s in result.steps] == [False, False]
    assert "either direction" in result.message


def test_route_to_a_place_without_movements_says_why():
    graph = viz_graph()
    graph.add_node("place:quiet-island", ["Entity", "Place"], name="Quiet Island")
    result = analytics.route(graph, "Hill Field", "Quiet Island")
    assert not result.found and "Quiet Island" in result.message
    with pytest.raises(MilgraphError):
        analytics.route(viz_graph(), "Hill Field", "Atlantis")


def test_actor_communities_follow_bonds_not_opposition():
    groups = analytics.communities(viz_graph())
    assert [sorted(g.ids) for g in groups] == [["actor:coastal-army", "actor:northland"], ["actor:southland"]]
    assert groups[0].opposes == [1] and groups[1].opposes == [0]


def test_acting_together_in_an_event_is_a_bond():
    graph = viz_graph()
    graph.add_edge("event:sam-9-move", "actor:southland", "BY")
    groups = analytics.communities(graph)
    assert len(groups[0].ids) == 3 and groups[0].internal_opposition == 1


@pytest.mark.parametrize("text, expected", [
    ("2024", ("2024-01-01", "2024-12-31")),
    ("2024-02", ("2024-02-01", "2024-02-29")),
    ("2024-12-13", ("2024-12-13", "2024-12-13")),
    ("soon", None),
])
def test_dates_cover_the_days_their_precision_allows(text, expected):
    assert analytics.date_interval(text) == expected


def test_changes_lists_events_in_the_window_and_new_routes():
    result = analytics.changes(viz_graph(), "2025-01", "2025-01")
    assert [e["id"] for e in result["events"]] == ["event:flight-1", "event:flight-2"]
    assert result["events_by_type"] == {"Flight": 2}
    assert result["new_legs"] == [{"from": "Dune Base", "to": "River City", "first": "2025-01-15"}]
    assert result["new_nodes"] == [] and result["new_facts"] == []


def test_a_month_dated_event_overlaps_a_window_inside_that_month():
    result = analytics.changes(viz_graph(), "2024-12-15", "2024-12-20")
    assert [e["id"] for e in result["events"]] == ["event:sam-9-move"]


def test_changes_lists_what_was_first_reported_in_the_window():
    result = analytics.changes(viz_graph(), "2025-02-01", None)
    assert {n["id"] for n in result["new_nodes"]} >= {"base:dune-base", "actor:northland"}
    assert {(f["type"], f["from"]) for f in result["new_facts"]} >= {("BACKS", "Northland")}


def test_bad_windows_are_user_errors():
    with pytest.raises(MilgraphError):
        analytics.changes(viz_graph(), "2025-02", "2025-01")
    with pytest.raises(MilgraphError):
        analytics.changes(viz_graph(), "last week", None)


def test_tables_show_every_section():
    result = analytics.analyze(viz_graph(), route_between=("Hill Field", "River City"), since="2025-01")
    text = analytics.format_tables(result)
    for heading in ("Hubs of the logistics network (4 movement legs)", "Chokepoints", "Actor communities",
                    "Route base:hill-field -> place:river-city", "Events between 2025-01-01 and 9999-12-31"):
        assert heading in text
    assert "Dune Base" in text
    assert result.to_json()["route"]["found"] is True


def test_scores_are_written_back_as_node_properties(store):
    load(store)
    result = analytics.analyze_store(store)
    rows = {r["id"]: r for r in store.read(
        "MATCH (n:Entity) WHERE n.hub_score IS NOT NULL OR n.community IS NOT NULL "
        "RETURN n.id AS id, n.hub_score AS hub, n.betweenness AS b, n.community AS c")}
    assert rows["base:dune-base"]["hub"] == 1.0
    assert rows["base:dune-base"]["b"] == pytest.approx(1 / 3, abs=1e-3)
    assert rows["actor:northland"]["c"] == rows["actor:coastal-army"]["c"] == 0
    assert rows["actor:southland"]["c"] == 1
    assert result.written == len(rows)


def test_writing_again_replaces_old_scores(store):
    load(store)
    analytics.analyze_store(store)
    store.write("MATCH (e:Event) DETACH DELETE e")
    analytics.analyze_store(store)
    left = store.read("MATCH (n:Entity) WHERE n.hub_score IS NOT NULL RETURN n.id AS id")
    assert left == []


def test_analysis_can_leave_the_store_untouched(store):
    load(store)
    result = analytics.analyze_store(store, write=False)
    assert result.written is None
    assert store.read("MATCH (n:Entity) WHERE n.hub_score IS NOT NULL RETURN count(n) AS n")[0]["n"] == 0


def test_route_ends_named_like_an_actor_too_mean_the_place():
    graph = viz_graph()
    graph.add_node("actor:sahelia", ["Entity", "Actor", "State"], name="Sahelia")
    result = analytics.route(graph, "Hill Field", "Sahelia")
    assert result.destination == "place:sahelia" and result.found
