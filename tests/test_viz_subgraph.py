"""Reading what to draw from a store: whole graph, around an entity, a query's rows."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from viz_fixtures import load  # noqa: E402

from milgraph.errors import MilgraphError  # noqa: E402
from milgraph.viz.page import write_graph_page  # noqa: E402
from milgraph.viz.subgraph import graph_from_rows, ids_in_rows, read_around, read_graph, resolve_entity  # noqa: E402

ROLE_TYPES = {"BY", "CARRIED", "FROM", "TO", "USING"}


def test_whole_graph_has_entities_events_and_facts_but_no_reports(store):
    load(store)
    graph = read_graph(store)
    labels = {n.label for n in graph.nodes.values()}
    assert labels == {"Actor", "Base", "Place", "Equipment", "Aircraft", "Event", "Source"}
    assert len([n for n in graph.nodes.values() if n.is_event]) == 4
    types = {e.type for e in graph.edges}
    assert {"BACKS", "OPPOSES", "LOCATED_IN"} | ROLE_TYPES <= types
    assert not types & {"MENTIONS", "REPORTS", "CITES"}
    assert graph.reports["report:airlift"].title == "Air-defence gear moved west"
    assert graph.mentions["base:dune-base"] == ["report:airlift", "report:cargo", "report:probe"]


def test_node_labels_come_back_with_the_node(store):
    load(store)
    graph = read_graph(store)
    assert graph.nodes["actor:northland"].style_key == "State"
    assert graph.nodes["event:sam-9-move"].event_type == "Transfer"
    assert graph.nodes["base:hill-field"].coords == (35.4, 35.9)


def test_around_one_hop_brings_each_event_with_all_its_roles(store):
    load(store)
    graph = read_around(store, "Hill Field", hops=1)
    assert set(graph.nodes) == {"base:hill-field", "place:east-province", "event:sam-9-move",
                                "actor:northland", "equipment:sam-9", "base:dune-base"}
    assert {(e.source, e.type, e.target) for e in graph.edges if e.source == "event:sam-9-move"} == {
        ("event:sam-9-move", "BY", "actor:northland"), ("event:sam-9-move", "CARRIED", "equipment:sam-9"),
        ("event:sam-9-move", "FROM", "base:hill-field"), ("event:sam-9-move", "TO", "base:dune-base")}
    assert graph.title == "Around Hill Field (1 hop)"


def test_more_hops_reach_further(store):
    load(store)
    one = read_around(store, "base:hill-field", hops=1)
    two = read_around(store, "base:hill-field", hops=2)
    assert "actor:coastal-army" not in one.nodes and "actor:coastal-army" in two.nodes
    assert set(one.nodes) < set(two.nodes)
    assert set(read_around(store, "base:hill-field", hops=0).nodes) == {"base:hill-field"}


def test_entities_are_found_by_id_name_or_alias_ignoring_case(store):
    load(store)
    assert resolve_entity(store, "base:dune-base") == "base:dune-base"
    assert resolve_entity(store, "dune base") == "base:dune-base"
    with pytest.raises(MilgraphError, match="no entity is called"):
        resolve_entity(store, "Atlantis")


def test_ids_in_rows_finds_nodes_ids_and_names():
    rows = [{"b": {"id": "base:x", "name": "X"}, "n": 3},
            {"ids": ["place:y", "not an id"], "path": {"nodes": [{"id": "actor:z"}], "relationships": [{}]}}]
    ids, names = ids_in_rows(rows)
    assert ids == ["base:x", "place:y", "actor:z"]
    assert "not an id" in names and "X" in names


def test_query_rows_become_their_nodes_the_relationships_among_them_and_joining_events(store):
    load(store)
    rows = store.read("MATCH (b:Base {id: 'base:dune-base'}) RETURN b, 'River City' AS city")
    graph = graph_from_rows(store, rows, title="Query test")
    assert set(graph.nodes) == {"base:dune-base", "place:river-city", "event:flight-1", "event:flight-2"}
    assert {(e.source, e.type) for e in graph.edges} == {
        ("event:flight-1", "FROM"), ("event:flight-1", "TO"), ("event:flight-2", "FROM"), ("event:flight-2", "TO")}


def test_rows_naming_nothing_give_an_empty_page_that_says_so(store, tmp_path):
    load(store)
    result = write_graph_page(tmp_path / "empty.html", store=store, rows=[{"n": 0}], title="Nothing")
    assert (result.nodes, result.edges) == (0, 0)
    assert "name no node" in result.path.read_text()


def test_whole_graph_page_from_a_store(store, tmp_path):
    load(store)
    result = write_graph_page(tmp_path / "all.html", store=store)
    graph = read_graph(store)
    assert (result.nodes, result.edges) == (len(graph.nodes), len(graph.edges))
