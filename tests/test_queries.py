"""The canned queries: each one's answer on the fixture graph (tests/fixture_graph.py), the
same rows in the same order on FalkorDB and on Neo4j, and parameters that stay values."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from fixture_graph import write_fixture_graph  # noqa: E402
from milgraph.errors import MilgraphError
from milgraph.graph.model import load_model
from milgraph.queries.registry import bind_params, get_query, list_queries, parse_query, run_query

HOSTILE = "x'}) DETACH DELETE n //"

EXPECTED_QUERIES = {
    "actor_network", "bases_in_country", "capability_shift", "contradictions", "corroborated_events",
    "entity_profile", "equipment_moved_out", "equipment_timeline", "flights_between", "new_since",
    "shortest_connection", "single_source_claims", "supply_routes",
}


@pytest.fixture
def graph(store):
    write_fixture_graph(store)
    return store


def pick(rows, *keys):
    return [tuple(row[k] for k in keys) for row in rows]


# --- the query files ----------------------------------------------------------------------


def test_every_canned_query_is_listed():
    assert {q.name for q in list_queries()} >= EXPECTED_QUERIES


def test_query_files_keep_to_the_common_cypher_subset():
    for query in list_queries():
        text = query.cypher
        assert "=~" not in text and "datetime(" not in text and "EXISTS {" not in text.upper(), query.name
        assert "apoc." not in text and "shortestPath" not in text, query.name
        assert not any(f":{a}|" in text for a in ("Actor", "Place", "Base", "Event", "Entity")), query.name


def test_every_query_has_a_title_description_and_columns():
    for query in list_queries():
        assert query.title and query.description and query.columns, query.name
        assert query.text.splitlines()[0] == f"// {query.title}"


@pytest.mark.parametrize("name", sorted(EXPECTED_QUERIES))
def test_rows_have_exactly_the_declared_columns(graph, name):
    rows = run_query(graph, name, {})
    assert rows, f"{name} returns nothing on the fixture graph with its defaults"
    assert [list(row) for row in rows] == [get_query(name).columns] * len(rows)


# --- one test per question -----------------------------------------------------------------


def test_equipment_moved_out_of_syria_counts_bases_regions_and_the_country_itself(graph):
    rows = run_query(graph, "equipment_moved_out", {})  # Syria since 2024-12-08
    assert pick(rows, "date", "event", "equipment", "origin", "destination") == [
        ("2024-12", "event:s300-move", "S-300", ["Syria"], ["Algeria", "al-Khadim"]),
        ("2024-12-14", "event:s400-lift", "S-400", ["Khmeimim"], ["al-Khadim"]),
        ("2024-12-14", "event:s400-lift", "radars", ["Khmeimim"], ["al-Khadim"]),
        ("2024-12-20", "event:sealift", "Pantsir-S1", ["Tartus"], ["Tobruk"]),
        ("2025-01", "event:tartus-exit", "warships", ["Tartus"], []),
    ]
    assert rows[1]["by"] == ["Russia"] and rows[1]["category"] == "air_defense"
    assert rows[1]["source_count"] == 2 and rows[1]["modality"] == "confirmed"


def test_equipment_moved_out_of_one_base_since_a_later_date(graph):
    rows = run_query(graph, "equipment_moved_out", {"place": "Tartus", "since": "2025-01-01"})
    assert pick(rows, "event", "equipment") == [("event:tartus-exit", "warships")]


def test_a_month_precise_event_counts_when_it_may_fall_after_since(graph):
    rows = run_query(graph, "equipment_moved_out", {"since": "2024-12-31"})
    assert [r["event"] for r in rows] == ["event:s300-move", "event:tartus-exit"]


def test_flights_between_two_countries_both_ways_with_trips_aircraft_and_operators(graph):
    rows = run_query(graph, "flights_between", {"from": "place:libya", "to": "place:syria"})
    assert rows == [{
        "date": "2024-12", "flight": "event:airbridge", "direction": "return", "origin": ["Khmeimim"],
        "destination": ["al-Khadim"], "trips": 3, "aircraft": ["RA-00001"], "operators": ["Cargo Air"],
        "modality": "reported", "source_count": 2}]
    assert run_query(graph, "flights_between", {"from": "Libya", "to": "Syria", "both_ways": "false"}) == []


def test_flights_between_respects_the_date_range(graph):
    assert [r["flight"] for r in run_query(graph, "flights_between", {"from": "Libya", "to": "Mali"})] == [
        "event:sahel-run"]
    assert run_query(graph, "flights_between", {"from": "Libya", "to": "Mali", "until": "2024-12"}) == []
    assert run_query(graph, "flights_between", {"from": "Libya", "to": "Mali", "since": "2025-02"}) == []


def test_equipment_timeline_lists_deployments_and_movements_in_date_order(graph):
    rows = run_query(graph, "equipment_timeline", {"equipment": "Pantsir-S1"})
    assert pick(rows, "date", "what", "event", "destination") == [
        ("2023-05", "Deployment", "event:jufra-2023", ["al-Jufra"]),
        ("2024-12-20", "Voyage", "event:sealift", ["Tobruk"]),
        (None, "DEPLOYED_AT", None, ["al-Jufra"]),
    ]


def test_actor_network_follows_relations_both_ways(graph):
    rows = run_query(graph, "actor_network", {"actor": "Russia"})
    assert pick(rows, "relation", "direction", "other_id") == [
        ("BACKS", "out", "actor:africa-corps"),
        ("BACKS", "out", "actor:khalifa-haftar"),
        ("OPERATES", "out", "base:khmeimim"),
        ("OPERATES", "out", "base:tartus"),
        ("OPERATES", "out", "base:al-khadim"),
        ("OPPOSES", "in", "actor:hts"),
    ]
    backs_haftar = rows[1]
    assert backs_haftar["modality"] == "confirmed" and backs_haftar["attributed_to"] == ["US officials"]


def test_actor_network_can_be_limited_to_some_relation_types(graph):
    rows = run_query(graph, "actor_network", {"actor": "actor:lna", "relations": "LEADS,CONTROLS"})
    assert pick(rows, "relation", "direction", "other") == [
        ("CONTROLS", "out", "al-Khadim"), ("LEADS", "in", "Khalifa Haftar")]


def test_bases_in_libya_with_equipment_and_actors(graph):
    rows = run_query(graph, "bases_in_country", {})
    assert rows == [
        {"base": "Tobruk", "base_id": "base:tobruk", "kind": "port", "located_in": ["eastern Libya"],
         "deployed": [], "delivered": ["Pantsir-S1"], "operators": [], "controllers": [], "present": []},
        {"base": "al-Jufra", "base_id": "base:al-jufra", "kind": "airbase", "located_in": ["Libya"],
         "deployed": ["Pantsir-S1"], "delivered": ["Pantsir-S1"], "operators": [], "controllers": [],
         "present": ["Africa Corps"]},
        {"base": "al-Khadim", "base_id": "base:al-khadim", "kind": "airbase", "located_in": ["eastern Libya"],
         "deployed": [], "delivered": ["S-300", "S-400", "radars"], "operators": ["Russia"],
         "controllers": ["Libyan National Army"], "present": []},
    ]


def test_supply_routes_russia_to_mali_chain_through_syria_and_libya(graph):
    rows = run_query(graph, "supply_routes", {})
    assert pick(rows, "legs", "events") == [
        (3, ["event:resupply", "event:airbridge", "event:sahel-run"]),
        (3, ["event:resupply", "event:s300-move", "event:sahel-run"]),
        (3, ["event:resupply", "event:s400-lift", "event:sahel-run"]),
    ]
    assert rows[1]["stops"] == ["Chkalovsky", "Khmeimim", "Syria", "al-Khadim", "Libya", "Bamako"]
    assert rows[1]["route"] == ["Flight 2024-11-20: Chkalovsky -> Khmeimim", "Transfer 2024-12: Syria -> al-Khadim",
                                "Flight 2025-01-10: Libya -> Bamako"]
    assert rows[1]["source_counts"] == [1, 2, 1]  # reports per leg


def test_supply_routes_honour_max_legs_and_leg_types(graph):
    assert run_query(graph, "supply_routes", {"max_legs": "2"}) == []
    rows = run_query(graph, "supply_routes", {"to": "Libya", "leg_types": "Flight"})
    assert pick(rows, "legs", "events") == [(2, ["event:resupply", "event:airbridge"])]
    one_leg = run_query(graph, "supply_routes", {"to": "Libya", "leg_types": "Deployment", "max_legs": "1"})
    assert pick(one_leg, "legs", "events") == [(1, ["event:jufra-2023"])]


def test_supply_routes_keep_to_the_date_window(graph):
    rows = run_query(graph, "supply_routes", {"since": "2024-12", "to": "Libya", "from": "Syria", "max_legs": "1"})
    assert [r["events"] for r in rows] == [["event:airbridge"], ["event:s300-move"], ["event:s400-lift"],
                                           ["event:sealift"]]
    assert run_query(graph, "supply_routes", {"until": "2024-11"}) == []  # the last leg is in 2025


def test_supply_routes_in_order_refuses_legs_that_go_back_in_time(graph):
    # event:late-hop (2025-03) into Khmeimim comes after every leg out of Syria
    ordered = run_query(graph, "supply_routes", {})
    unordered = run_query(graph, "supply_routes", {"in_order": "false"})
    assert not any("event:late-hop" in r["events"] for r in ordered)
    assert [r["events"][:2] for r in unordered if r["events"][0] == "event:late-hop"] == [
        ["event:late-hop", "event:airbridge"], ["event:late-hop", "event:s300-move"],
        ["event:late-hop", "event:s400-lift"]]
    assert len(unordered) == 6


def test_entity_profile_gives_facts_then_events_with_provenance(graph):
    rows = run_query(graph, "entity_profile", {"entity": "Hmeimim"})  # an alias
    assert pick(rows, "kind", "relation", "direction", "other_id") == [
        ("fact", "DEPLOYED_AT", "in", "equipment:s-400"),
        ("fact", "LOCATED_IN", "out", "place:latakia"),
        ("fact", "OPERATES", "in", "actor:russia"),
        ("event", "TO", "in", "event:resupply"),
        ("event", "FROM", "in", "event:airbridge"),
        ("event", "FROM", "in", "event:s400-lift"),
        ("event", "ABOUT", "in", "event:port-talks"),
        ("event", "TO", "in", "event:late-hop"),
    ]
    lift = rows[5]
    assert lift["other"] == "Transfer" and lift["modalities"] == ["reported", "confirmed"]
    assert lift["sources"] == ["report:a", "report:c"] and len(lift["evidence"]) == 2
    assert lift["source_count"] == 2
    capped = run_query(graph, "entity_profile", {"entity": "Hmeimim", "max_sources": "1"})[5]
    assert (capped["sources"], capped["modalities"], capped["source_count"]) == (["report:a"], ["reported"], 2)


def test_corroborated_events_count_publishers_not_reports(graph):
    rows = run_query(graph, "corroborated_events", {})
    assert pick(rows, "event", "independent", "publishers") == [
        ("event:s300-move", 2, ["Harbour Courier", "North Gazette"]),
        ("event:s400-lift", 2, ["Harbour Courier", "North Gazette"]),
    ]  # event:airbridge has two reports from one publisher; event:sealift is denied by the second
    assert run_query(graph, "corroborated_events", {"min_sources": "3"}) == []
    assert [r["event"] for r in run_query(graph, "corroborated_events", {"since": "2024-12-15"})] == [
        "event:s300-move"]  # a December event may fall after the 15th; the lift was on the 14th


def test_single_source_claims_since_a_first_seen_date(graph):
    rows = run_query(graph, "single_source_claims", {"seen_since": "2025-02-01"})
    assert [r["item"] for r in rows if r["kind"] == "event"] == [
        "event:late-hop", "event:port-talks", "event:resupply", "event:sahel-run", "event:tartus-exit"]
    assert "actor:russia OPERATES base:khmeimim" not in [r["item"] for r in rows]


def test_single_source_claims_include_two_reports_of_one_publisher(graph):
    rows = run_query(graph, "single_source_claims", {})
    events = [r["item"] for r in rows if r["kind"] == "event"]
    assert events == ["event:airbridge", "event:jufra-2023", "event:late-hop", "event:port-talks", "event:resupply",
                      "event:sahel-run", "event:sealift", "event:tartus-exit"]
    facts = {r["item"]: r["publisher"] for r in rows if r["kind"] == "fact"}
    assert facts["actor:russia OPERATES base:al-khadim"] == "North Gazette"  # the denial does not count
    assert "actor:russia BACKS actor:khalifa-haftar" not in facts  # two publishers
    assert not any("LOCATED_IN" in item for item in facts)
    assert len(facts) == 12


def test_contradictions_find_denials_and_incompatible_places(graph):
    rows = run_query(graph, "contradictions", {})
    assert rows == [
        {"kind": "denied", "item": "actor:russia OPERATES base:al-khadim", "summary": "Russia OPERATES al-Khadim",
         "role": None, "places": [], "supported_by": ["report:a"], "denied_by": ["report:d"]},
        {"kind": "denied", "item": "event:sealift", "summary": "Voyage 2024-12-20", "role": None, "places": [],
         "supported_by": ["report:b"], "denied_by": ["report:d"]},
        {"kind": "places", "item": "event:s300-move", "summary": "Transfer 2024-12", "role": "TO",
         "places": ["al-Khadim", "Algeria"], "supported_by": ["report:a", "report:c"], "denied_by": []},
    ]


def test_new_since_lists_what_reports_published_since_then_added(graph):
    rows = run_query(graph, "new_since", {"since": "2025-01-15"})  # report time: c and d were published then
    assert {r["first_reported"] for r in rows} == {"2025-01-15", "2025-01-30"}
    by_kind: dict[str, list[str]] = {}
    for row in rows:
        by_kind.setdefault(row["kind"], []).append(row["item"])
    assert by_kind["report"] == ["report:d", "report:c"]  # in order of publication
    assert sorted(by_kind["event"]) == ["event:late-hop", "event:port-talks", "event:resupply", "event:sahel-run", "event:tartus-exit"]
    assert "actor:hts" in by_kind["entity"] and "place:syria" not in by_kind["entity"]
    assert "actor:lna CONTROLS base:al-khadim" in by_kind["fact"]
    assert "actor:russia BACKS actor:khalifa-haftar" not in by_kind["fact"]  # first reported earlier
    assert run_query(graph, "new_since", {"since": "2025-03"}) == []


def test_shortest_connection_lists_all_shortest_chains_in_either_direction(graph):
    rows = run_query(graph, "shortest_connection", {})  # Africa Corps .. Syria
    assert rows == [
        {"hops": 3, "path": "Africa Corps <-[BACKS]- Russia -[OPERATES]-> Tartus -[LOCATED_IN]-> Syria",
         "nodes": ["actor:africa-corps", "actor:russia", "base:tartus", "place:syria"]},
        {"hops": 3, "path": "Africa Corps <-[BACKS]- Russia <-[BY]- Transfer Syria -> al-Khadim, 2024-12 -[FROM]-> Syria",
         "nodes": ["actor:africa-corps", "actor:russia", "event:s300-move", "place:syria"]},
    ]
    one = run_query(graph, "shortest_connection", {"from": "Khalifa Haftar", "to": "al-Khadim"})
    assert [r["path"] for r in one] == [
        "Khalifa Haftar -[LEADS]-> Libyan National Army -[CONTROLS]-> al-Khadim",
        "Khalifa Haftar <-[BACKS]- Russia -[OPERATES]-> al-Khadim"]
    assert len(run_query(graph, "shortest_connection", {"from": "Khalifa Haftar", "to": "al-Khadim",
                                                        "limit": "1"})) == 1


def test_capability_shift_groups_categories_by_destination_country(graph):
    rows = run_query(graph, "capability_shift", {})
    assert rows == [
        {"category": "air_defense", "destination": "Algeria", "events": 1, "trips": 1, "equipment": ["S-300"],
         "first_date": "2024-12", "last_date": "2024-12"},
        {"category": "air_defense", "destination": "Libya", "events": 3, "trips": 3,
         "equipment": ["Pantsir-S1", "S-300", "S-400"], "first_date": "2024-12", "last_date": "2024-12-20"},
        {"category": "radar", "destination": "Libya", "events": 1, "trips": 1, "equipment": ["radars"],
         "first_date": "2024-12-14", "last_date": "2024-12-14"},
        {"category": "vessel", "destination": None, "events": 1, "trips": 1, "equipment": ["warships"],
         "first_date": "2025-01", "last_date": "2025-01"},
    ]


def test_capability_shift_to_one_destination(graph):
    rows = run_query(graph, "capability_shift", {"to": "eastern Libya"})
    assert pick(rows, "category", "destination", "equipment") == [
        ("air_defense", "eastern Libya", ["Pantsir-S1", "S-300", "S-400"]), ("radar", "eastern Libya", ["radars"])]


# --- parameters ----------------------------------------------------------------------------


def test_names_resolve_to_ids_within_the_parameter_labels(graph):
    # "Russia" is both actor:russia and place:russia; the place parameter only looks at places
    rows = run_query(graph, "supply_routes", {"from": "Russia", "max_legs": "1", "to": "Syria"})
    assert [r["events"] for r in rows] == [["event:late-hop"], ["event:resupply"]]
    with pytest.raises(MilgraphError, match="actor:russia, place:russia"):
        run_query(graph, "entity_profile", {"entity": "russia"})
    with pytest.raises(MilgraphError, match="no Place/Base has the id or name 'Atlantis'"):
        run_query(graph, "equipment_moved_out", {"place": "Atlantis"})


def test_a_hostile_parameter_stays_a_value(graph):
    before = graph.read("MATCH (n) RETURN count(n) AS c")[0]["c"]
    with pytest.raises(MilgraphError, match="no Place/Base"):
        run_query(graph, "equipment_moved_out", {"place": HOSTILE})
    query = get_query("equipment_moved_out")
    assert graph.read(query.cypher, {"place": HOSTILE, "since": HOSTILE}) == []
    assert run_query(graph, "actor_network", {"relations": HOSTILE}) == []
    assert graph.read("MATCH (n) RETURN count(n) AS c")[0]["c"] == before


def test_bind_params_converts_types_and_fills_defaults():
    values = bind_params(get_query("supply_routes"), {"max_legs": "2", "in_order": "no",
                                                      "leg_types": "Flight, Voyage"})
    assert values == {"from": "place:russia", "to": "place:mali", "max_legs": 2,
                      "leg_types": ["Flight", "Voyage"], "in_order": False, "since": "1900", "until": "2100"}


@pytest.mark.parametrize("raw, message", [
    ({"max_legs": "two"}, "not a whole number"),
    ({"in_order": "maybe"}, "not true or false"),
    ({"from": ""}, "needs an entity id or name"),
])
def test_bind_params_rejects_bad_values(raw, message):
    with pytest.raises(MilgraphError, match=message):
        bind_params(get_query("supply_routes"), raw)


def test_bind_params_rejects_bad_dates():
    with pytest.raises(MilgraphError, match="is not a date; use YYYY, YYYY-MM or YYYY-MM-DD"):
        bind_params(get_query("new_since"), {"since": "last week"})
    with pytest.raises(MilgraphError, match="is not a date"):
        bind_params(get_query("new_since"), {"since": "2025-02-30"})


def test_unknown_parameter_lists_the_valid_ones():
    with pytest.raises(MilgraphError, match="no parameter 'country'; its parameters: place, since"):
        bind_params(get_query("equipment_moved_out"), {"country": "Syria"})


def test_unknown_query_lists_the_queries():
    with pytest.raises(MilgraphError, match="no canned query named 'nope'.*supply_routes"):
        get_query("nope")


def test_a_query_file_must_declare_what_it_uses():
    text = "// T\n// description: d\n// columns: a\nMATCH (n {id: $x}) RETURN n.id AS a\n"
    with pytest.raises(MilgraphError, match="used but not declared: x"):
        parse_query("bad", text)
    with pytest.raises(MilgraphError, match="first line"):
        parse_query("bad", "MATCH (n) RETURN n")


# --- relationship types written into patterns (queries/registry.py render_placeholders) -----


def test_fact_types_placeholder_renders_the_model_types_touching_a_label():
    model = load_model()
    actor_types = [name for name, rel in model.relationships.items()
                   if "Actor" in rel.from_labels or "Actor" in rel.to_labels]
    assert f"-[r:{'|'.join(actor_types)}]-" in get_query("actor_network").cypher
    for query in list_queries():
        texts = [query.text, query.cypher] + ([query.graph.cypher] if query.graph else [])
        assert not any("{{" in text for text in texts), query.name


@pytest.mark.parametrize("placeholder, message", [
    ("{{evil(Actor)}}", r"queries/bad.cypher:4: unknown placeholder '\{\{evil\(Actor\)\}\}'"),
    ("{{fact_types(Nope)}}", r"queries/bad.cypher:4: fact_types\(\) takes node labels .* got Nope"),
    ("{{fact_types()}}", r"queries/bad.cypher:4: fact_types\(\) takes node labels .* got none"),
    ("{{$relations}}", r"queries/bad.cypher:4: unknown placeholder"),
])
def test_a_bad_placeholder_is_refused_naming_file_and_line(placeholder, message):
    text = f"// T\n// description: d\n// columns: a\nMATCH (n)-[r:{placeholder}]-(m) RETURN n.id AS a\n"
    with pytest.raises(MilgraphError, match=message):
        parse_query("bad", text)


def test_actor_network_with_typed_pattern_loses_no_relation(graph):
    """Asked for every relationship type there is, the typed pattern finds what following every
    relationship of the actor and filtering by type finds."""
    every_type = [row["t"] for row in graph.read("MATCH ()-[r]->() RETURN DISTINCT type(r) AS t")]
    typed = get_query("actor_network").cypher
    untyped = re.sub(r"-\[r:[A-Z_|]+\]-", "-[r]-", typed, count=1)
    assert untyped != typed
    for actor in ("actor:russia", "actor:lna", "actor:khalifa-haftar", "actor:africa-corps"):
        params = {"actor": actor, "relations": every_type}
        assert graph.read(typed, params) == graph.read(untyped, params), actor
    assert len(graph.read(typed, {"actor": "actor:russia", "relations": every_type})) >= 4
