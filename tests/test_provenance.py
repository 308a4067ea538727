"""Provenance as structure (graph/provenance.py): each report's share in its own REPORTS
relationship or Statement node, aggregates on the event or fact, on both backends."""

from __future__ import annotations

import pytest

from milgraph.graph.provenance import fact_key, modality_order, parse_fact_key, refresh_aggregates
from milgraph.graph.records import Entity, Event, Extraction, Relation, ReportMeta
from milgraph.graph.writer import retract_report, statements_for, write_extraction, write_extractions

EVENT = "event:airlift"
FACT = "OPERATES:actor:northland->base:hill-field"


def told(report: str, modality: str = "reported", publisher: str | None = "North Gazette",
         published: str | None = "2025-01-10", confidence: float = 0.5) -> Extraction:
    """One invented report: Northland runs Hill Field and flew an airlift there."""
    return Extraction(
        report=ReportMeta(id=report, title=f"Made-up report {report}", publisher=publisher, published=published),
        entities=[Entity("actor:northland", "Northland", ["Actor"], "state"),
                  Entity("base:hill-field", "Hill Field", ["Base"], "airbase")],
        relations=[Relation("OPERATES", "actor:northland", "base:hill-field", modality=modality,
                            confidence=confidence, evidence=f"{report}: Northland runs Hill Field.",
                            attributed_to=[f"{publisher} staff"] if publisher else [])],
        events=[Event(EVENT, ["Event", "Flight"], date="2025-01", date_precision="month", modality=modality,
                      confidence=confidence, evidence=f"{report}: an airlift reached Hill Field.",
                      attributed_to=[f"{publisher} staff"] if publisher else [],
                      roles={"BY": ["actor:northland"], "TO": ["base:hill-field"]})])


AGGREGATES = ("RETURN x.source_count AS sources, x.denied_count AS denied, x.publishers AS publishers, "
              "x.unnamed_sources AS unnamed, x.publisher_count AS publisher_count, x.first_reported AS first, "
              "x.last_reported AS last, x.modality AS modality, x.confidence AS confidence, "
              "x.attributed_to AS attributed_to")


def aggregates(store) -> tuple[dict, dict]:
    event = store.read(f"MATCH (x:Event {{id: $id}}) {AGGREGATES}", {"id": EVENT})
    fact = store.read(f"MATCH ()-[x:OPERATES]->() {AGGREGATES}")
    return (event[0] if event else None), (fact[0] if fact else None)


def test_fact_keys_round_trip():
    assert parse_fact_key(fact_key("OPERATES", "actor:northland", "base:hill-field")) == (
        "OPERATES", "actor:northland", "base:hill-field")
    with pytest.raises(ValueError):
        parse_fact_key("NOT A KEY")
    assert modality_order()[0] == "denied" and modality_order()[-1] == "observed"


def test_aggregates_follow_the_shares(store):
    write_extraction(store, told("report:1", "possible", "North Gazette", "2025-01-10", 0.5))
    write_extraction(store, told("report:2", "confirmed", "North Gazette", "2025-01-03", 0.5))
    write_extraction(store, told("report:3", "denied", "Harbour Courier", "2025-02-01", 0.5))
    write_extraction(store, told("report:4", "reported", None, None, 0.5))
    for row in aggregates(store):
        assert row["sources"] == 4 and row["denied"] == 1
        assert row["publishers"] == ["North Gazette"]  # a denial supports nothing
        assert row["unnamed"] == 1 and row["publisher_count"] == 2
        assert (row["first"], row["last"]) == ("2025-01-03", "2025-02-01")
        assert row["modality"] == "confirmed"
        assert row["confidence"] == pytest.approx(1 - 0.5 ** 4)
        assert sorted(row["attributed_to"]) == ["Harbour Courier staff", "North Gazette staff"]


def test_one_batch_of_many_reports_gives_the_same_aggregates_as_one_by_one(store):
    reports = [told(f"report:{i}", ("reported", "confirmed", "denied")[i % 3], f"Outlet {i % 2}",
                    f"2025-01-{10 + i}", 0.3) for i in range(6)]
    write_extractions(store, reports)
    batched = aggregates(store)
    for report in reports:
        retract_report(store, report.report.id)
    assert aggregates(store) == (None, None)
    for report in reports:
        write_extraction(store, report)
    one_by_one = aggregates(store)
    for a, b in zip(batched, one_by_one):
        assert a["confidence"] == pytest.approx(b["confidence"])
        assert {**a, "confidence": 0, "publishers": sorted(a["publishers"])} == {
            **b, "confidence": 0, "publishers": sorted(b["publishers"])}


def test_a_batch_that_writes_a_report_again_beside_new_ones_counts_each_share_once(store):
    """A report already in the graph takes the statement that tells new shares from old ones;
    the new reports beside it take the one that adds every share: together, the aggregates a
    refresh from the structure gives."""
    write_extraction(store, told("report:1", "reported", "North Gazette", "2025-01-10", 0.5))
    write_extractions(store, [told("report:1", "reported", "North Gazette", "2025-01-10", 0.5),
                              told("report:2", "confirmed", "Harbour Courier", "2025-01-20", 0.4),
                              told("report:3", "possible", None, "2025-01-05", 0.3)])
    written = aggregates(store)
    assert written[0]["sources"] == written[1]["sources"] == 3
    refresh_aggregates(store, event_ids=[EVENT], fact_keys=[FACT])
    assert aggregates(store) == written


def test_new_reports_take_the_statement_without_grouping():
    """A fact or event all of whose reports are new is written by the statement that sets the
    aggregates from the row (no per-share test, no grouping); one whose report may be in the
    graph, by the one that groups the new shares."""
    new = statements_for([told("report:1")], existing_reports=set())
    again = statements_for([told("report:1")], existing_reports={"report:1"})
    unknown = statements_for([told("report:1")])
    for name in ("events", "facts:OPERATES"):
        [fast] = [s.cypher for s in new if s.name == name]
        [slow] = [s.cypher for s in again if s.name == name]
        assert "collect(" not in fast and "collect(" in slow
        assert [s.cypher for s in unknown if s.name == name] == [slow]


def test_refresh_recomputes_from_the_structure_and_deletes_what_nothing_supports(store):
    write_extraction(store, told("report:1", "reported", "North Gazette", "2025-01-10", 0.5))
    write_extraction(store, told("report:2", "confirmed", "Harbour Courier", "2025-01-20", 0.5))
    written = aggregates(store)
    store.write("MATCH (x:Event) SET x.source_count = 99, x.modality = 'denied', x.publishers = []")
    refresh_aggregates(store, event_ids=[EVENT], fact_keys=[FACT])
    refreshed = aggregates(store)
    for a, b in zip(written, refreshed):
        assert {**a, "publishers": sorted(a["publishers"])} == {**b, "publishers": sorted(b["publishers"])}
    store.write("MATCH (:Report)-[x:REPORTS]->(:Event) DELETE x")
    store.write("MATCH (s:Statement) DETACH DELETE s")
    refresh_aggregates(store, event_ids=[EVENT], fact_keys=[FACT])
    assert aggregates(store) == (None, None)
    assert store.read("MATCH (n:Entity) RETURN count(n) AS n") == [{"n": 4}]  # with the two cited Sources


def test_retraction_takes_exactly_its_own_share(store):
    write_extraction(store, told("report:1", "confirmed", "North Gazette", "2025-01-10", 0.9))
    write_extraction(store, told("report:2", "possible", "Harbour Courier", "2025-01-20", 0.5))
    retract_report(store, "report:1")
    for row in aggregates(store):
        assert (row["sources"], row["modality"], row["publishers"], row["first"]) == (
            1, "possible", ["Harbour Courier"], "2025-01-20")
        assert row["confidence"] == pytest.approx(0.5)
    assert store.read("MATCH (s:Statement) RETURN s.report AS r") == [{"r": "report:2"}]


def test_an_event_no_dated_report_states_is_first_reported_at_its_own_date(store):
    write_extraction(store, told("report:1", published=None))
    assert aggregates(store)[0]["first"] == "2025-01"
    write_extraction(store, told("report:2", published="2025-03-01"))
    assert aggregates(store)[0]["first"] == "2025-03-01"


def test_adding_a_source_sends_the_same_work_whatever_the_count():
    """The statements for a new report do not depend on how many sources a fact has: the
    database updates the aggregates from the new shares only (no list is read or rewritten)."""
    one, other = statements_for(told("report:1")), statements_for(told("report:9999"))
    assert [s.cypher for s in one] == [s.cypher for s in other]
    assert "sources" not in " ".join(s.cypher for s in one).replace("source_count", "").replace("unnamed_sources", "")


def test_every_batch_uses_the_same_few_statement_shapes():
    """One statement for the reports, one for all entities, one per fact type, one for all
    events and one for all roles, whatever the batch holds (Neo4j plans each shape once)."""
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).parent))
    from synthetic_reports import synthetic_extraction

    shapes = set()
    for start in range(0, 200, 20):
        batch = [synthetic_extraction(i) for i in range(start, start + 20)]
        statements = statements_for(batch)
        fact_types = {r.type for e in batch for r in e.relations}
        assert len(statements) == 4 + len(fact_types)
        shapes |= {s.cypher for s in statements}
    assert len(shapes) == 4 + 2  # the synthetic reports state OPERATES and LOCATED_IN facts


def test_merging_two_entities_joins_the_shares_of_their_facts(store):
    """Hill Field and its duplicate 'Hill Airfield' are both run by Northland, told by
    different reports (one report tells both): after the merge one fact holds every report once."""
    from milgraph.graph.curation import Curation, apply_now

    write_extraction(store, told("report:1"))
    both = told("report:2", publisher="Harbour Courier")
    both.entities.append(Entity("base:hill-airfield", "Hill Airfield", ["Base"], "airbase"))
    both.relations.append(Relation("OPERATES", "actor:northland", "base:hill-airfield", modality="confirmed",
                                   evidence="report:2: Northland also runs Hill Airfield."))
    write_extraction(store, both)
    write_extraction(store, Extraction(
        report=ReportMeta(id="report:3", title="Made-up report 3", publisher="Desert Wire", published="2025-02-01"),
        entities=[Entity("actor:northland", "Northland", ["Actor"], "state"),
                  Entity("base:hill-airfield", "Hill Airfield", ["Base"], "airbase")],
        relations=[Relation("OPERATES", "actor:northland", "base:hill-airfield", modality="possible",
                            evidence="report:3: Northland may run Hill Airfield.")]))
    apply_now(store, Curation("merge", "base:hill-airfield", "base:hill-field"))
    shares = store.read("MATCH (r:Report)-[:STATES]->(s:Statement) RETURN r.id AS report, s.fact AS fact, "
                        "s.id AS id ORDER BY report")
    assert [(s["report"], s["fact"]) for s in shares] == [("report:1", FACT), ("report:2", FACT), ("report:3", FACT)]
    assert all(s["id"] == f"statement:{s['report']}|{FACT}" for s in shares)
    fact = aggregates(store)[1]
    assert (fact["sources"], fact["publisher_count"], fact["last"]) == (3, 3, "2025-02-01")
    assert fact["modality"] == "reported"  # report:2 keeps the share it gave Hill Field itself


def _write_old_shape(store) -> None:
    """What an older milgraph wrote: aligned lists on the event and the fact."""
    store.write("CREATE (:Report {id: 'report:1', publisher: 'North Gazette', published: '2025-01-10'}), "
                "(:Report {id: 'report:2', publisher: 'Harbour Courier', published: '2025-01-20'}), "
                "(a:Entity:Actor {id: 'actor:northland', name: 'Northland'}), "
                "(b:Entity:Base {id: 'base:hill-field', name: 'Hill Field'}), "
                "(e:Event:Flight {id: $event, date: '2025-01', sources: ['report:1', 'report:2'], "
                "evidence: ['one', 'two'], modalities: ['reported', 'denied'], confidences: [0.5, 0.5], "
                "attributions: ['North Gazette staff', ''], modality: 'reported', confidence: 0.5}), "
                "(e)-[:TO]->(b), (a)-[:OPERATES {sources: ['report:2'], evidence: ['runs it'], "
                "modalities: ['confirmed'], confidences: [0.9], attributions: [''], modality: 'confirmed'}]->(b)",
                {"event": EVENT})
    store.write("MATCH (r:Report {id: 'report:1'}), (e:Event) CREATE (r)-[:REPORTS]->(e)")


def test_a_store_with_the_old_per_source_lists_is_upgraded(store):
    from milgraph.graph.provenance import upgrade_list_provenance

    _write_old_shape(store)
    assert upgrade_list_provenance(store) == (1, 1)
    assert upgrade_list_provenance(store) == (0, 0)
    event, fact = aggregates(store)
    assert (event["sources"], event["denied"], event["publishers"], event["modality"]) == (
        2, 1, ["North Gazette"], "reported")
    assert event["attributed_to"] == ["North Gazette staff"] and event["last"] == "2025-01-20"
    assert (fact["sources"], fact["modality"], fact["confidence"]) == (1, "confirmed", pytest.approx(0.9))
    assert store.read("MATCH (r:Report)-[x:REPORTS]->(:Event) RETURN r.id AS r, x.evidence AS e ORDER BY r") == [
        {"r": "report:1", "e": "one"}, {"r": "report:2", "e": "two"}]
    assert store.read("MATCH (:Report)-[:STATES]->(s:Statement) RETURN s.id AS id, s.evidence AS e") == [
        {"id": f"statement:report:2|{FACT}", "e": "runs it"}]
    assert store.read("MATCH (e:Event) RETURN e.sources AS s") == [{"s": None}]


def test_the_upgrade_command_upgrades_once_then_finds_nothing_to_do(store, falkordb_config):
    from support import cli_against

    _write_old_shape(store)
    run = cli_against(store, falkordb_config)
    first, second = run("upgrade"), run("upgrade")
    assert first.exit_code == 0 and "upgraded 1 events and 1 facts" in first.output
    assert second.exit_code == 0 and "already in the current shape" in second.output
    assert store.read("MATCH (:Report)-[:STATES]->(s:Statement) RETURN count(s) AS n") == [{"n": 1}]
