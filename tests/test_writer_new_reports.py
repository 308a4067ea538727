"""The writer's path for reports new to the graph (links CREATEd from one map per share, the
batch marking its reports complete) gives the same graph as the general path, on both backends."""

from __future__ import annotations

from milgraph.graph.curation import CurationRules
from milgraph.graph.records import ReportMeta
from milgraph.graph.writer import (complete_reports, held_reports, retract_report, statements_for,
                                   write_extractions)

from test_provenance import told

LINKS = ("MATCH (r:Report)-[x:REPORTS]->(e:Event) RETURN r.id AS report, e.id AS event, properties(x) AS props "
         "ORDER BY report, event")
STATEMENTS = ("MATCH (r:Report)-[:STATES]->(s:Statement) RETURN r.id AS report, properties(s) AS props "
              "ORDER BY report, props.id")
NODES = "MATCH (n) WHERE NOT n:Report RETURN labels(n) AS labels, properties(n) AS props ORDER BY props.id"
FACTS = "MATCH (a)-[f:OPERATES]->(b) RETURN a.id AS a, b.id AS b, properties(f) AS props"


def _graph(store) -> list:
    graph = [store.read(query) for query in (LINKS, STATEMENTS, NODES, FACTS)]
    for node in graph[2]:  # FalkorDB lists labels in the order the graph first met them
        node["labels"] = sorted(node["labels"])
    return graph


def _batch() -> list:
    return [told("report:1", "reported", "North Gazette", "2025-01-10", 0.5),
            told("report:2", "confirmed", None, "2025-02-01", 0.9),
            told("report:3", "denied", "South Post", None, 0.3)]


def test_new_reports_give_the_same_graph_as_the_general_statements(store):
    store.write_batch(statements_for(_batch(), now="2025-03-01"))  # not told which reports are new
    general = _graph(store)
    store.clear()
    store.write_batch(statements_for(_batch(), now="2025-03-01", existing_reports=set()))
    assert _graph(store) == general
    assert general[0] and general[1]  # links and Statements were written


def test_a_batch_marks_its_reports_complete_and_a_new_version_stays_pending(store):
    first = told("report:1")
    first.report = ReportMeta(id="report:1", title="First version", url="https://example.org/a", published="2025-01-10")
    assert write_extractions(store, [first]).pending == []
    newer = told("report:2")
    newer.report = ReportMeta(id="report:2", title="Second version", url="https://example.org/a", published="2025-01-11")
    written = write_extractions(store, [newer, told("report:3")])
    assert written.pending == ["report:2"]  # replaces report:1: the caller retracts that one first
    pending = {row["id"]: row["pending"] for row in store.read("MATCH (r:Report) RETURN r.id AS id, r.pending AS pending")}
    assert pending == {"report:1": None, "report:2": True, "report:3": None}
    retract_report(store, "report:1")
    complete_reports(store, written.pending)
    assert store.read("MATCH (r:Report) WHERE r.pending IS NOT NULL RETURN r.id AS id") == []


def test_one_read_tells_what_the_graph_holds_of_a_batch(store, monkeypatch):
    first = told("report:1")
    first.report = ReportMeta(id="report:1", title="First version", url="https://example.org/a", published="2025-01-10")
    write_extractions(store, [first, told("report:2")])
    store.write("MATCH (r:Report {id: 'report:2'}) SET r.pending = true")  # as a run that died leaves it
    newer = told("report:3")
    newer.report = ReportMeta(id="report:3", title="Second version", url="https://example.org/a", published="2025-01-11")
    held = held_reports(store, [first, told("report:2"), newer, told("report:4")])
    assert held.in_graph == {"report:1", "report:2"}
    assert held.complete == {"report:1"}
    assert held.older == (("report:3", "report:1"),) and held.replacing() == {"report:3"}
    curation, reads = CurationRules.of(store), []
    monkeypatch.setattr(store, "read", lambda cypher, params=None: reads.append(cypher))
    written = write_extractions(store, [newer], curation=curation, held=held)
    assert written.pending == ["report:3"] and reads == []  # handed on: the writer reads nothing again


def test_writing_a_new_report_again_adds_no_second_link(store):
    write_extractions(store, [told("report:1")])
    write_extractions(store, [told("report:1")])
    rows = store.read("MATCH (:Report)-[x:REPORTS]->(e:Event) RETURN count(x) AS links, e.source_count AS sources")
    assert rows == [{"links": 1, "sources": 1}]
    assert store.read("MATCH (s:Statement) RETURN count(s) AS n") == [{"n": 1}]
