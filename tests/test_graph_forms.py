"""Graph forms of the canned queries: NAME.graph.cypher returns paths the Neo4j Browser draws,
built from the query's own rows; the loader refuses what it does not know."""

from __future__ import annotations

from dataclasses import replace

import pytest
from fixture_graph import write_fixture_graph

from milgraph.errors import MilgraphError
from milgraph.queries.registry import get_query, list_queries, parse_graph_form, run_graph_form, run_query

SUBGRAPH_QUERIES = {"supply_routes", "flights_between", "actor_network", "entity_profile", "equipment_moved_out",
                    "corroborated_events", "equipment_timeline", "bases_in_country"}
# Where a query's rows name the events it is about (the graph form must draw exactly those).
EVENT_COLUMNS = {"flights_between": "flight", "equipment_moved_out": "event", "equipment_timeline": "event",
                 "corroborated_events": "event", "supply_routes": "events"}


def test_every_query_whose_rows_describe_a_subgraph_has_a_graph_form():
    assert {q.name for q in list_queries() if q.graph} >= SUBGRAPH_QUERIES




@pytest.mark.parametrize("name", sorted(SUBGRAPH_QUERIES))
def test_graph_form_returns_paths_of_what_the_rows_name(store, name):
    write_fixture_graph(store)
    params = {"from": "place:syria", "to": "place:libya"} if name == "supply_routes" else {}
    rows = run_query(store, name, params)
    drawn = run_graph_form(store, name, params)
    assert drawn, f"{name}: the graph form draws nothing where the query has {len(rows)} rows"
    paths = [value for row in drawn for value in row.values() if value is not None]
    assert paths and all(set(p) == {"nodes", "relationships"} and p["relationships"] for p in paths), drawn[:2]
    assert all(n.get("id") for p in paths for n in p["nodes"])
    if name in EVENT_COLUMNS:
        column = EVENT_COLUMNS[name]
        named = {e for row in rows for e in (row[column] if isinstance(row[column], list) else [row[column]]) if e}
        events = {n["id"] for p in paths for n in p["nodes"] if n["id"].startswith("event:")}
        assert events == named


def graph_text(*header: str, body: str = "MATCH p = (e:Event {id: event})-->() RETURN p") -> str:
    return "\n".join(["// A drawing", *header, body])


@pytest.mark.parametrize("text,message", [
    (graph_text("// colour: red"), r"queries/corroborated_events.graph.cypher:2: unknown header key 'colour'"),
    (graph_text("// rows: nowhere"), r"rows must name columns of corroborated_events .* got nowhere"),
    (graph_text(body="MATCH (n {id: $who}) RETURN n"), r"parameters not declared by corroborated_events: who"),
    (graph_text(body="MATCH (n) WITH n"), r"no query returning"),
    ("MATCH (n) RETURN n", r"the first line must be '// Title'"),
])
def test_the_loader_refuses_bad_graph_forms(text, message):
    with pytest.raises(MilgraphError, match=message):
        parse_graph_form(get_query("corroborated_events"), text)


def test_a_description_may_run_over_indented_lines_that_hold_a_colon():
    form = parse_graph_form(get_query("corroborated_events"),
                            graph_text("// description: What is drawn,", "//   note: over two lines", "// rows: event"))
    assert form.description == "What is drawn, note: over two lines" and form.rows == ("event",)
    assert form.cypher.startswith("CALL {\n") and "\n}\nWITH event\nMATCH p" in form.cypher


def test_a_query_without_a_graph_form_says_which_have_one(store):
    query = replace(get_query("contradictions"), graph=None)
    assert query.graph is None
    with pytest.raises(MilgraphError, match="has no graph form; these have one: actor_network"):
        run_graph_form(store, "contradictions", {})
