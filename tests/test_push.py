"""`milgraph push`: the embedded graph copied into a real Neo4j, idempotently and in batches."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from milgraph.cli import main
from milgraph.errors import MilgraphError
from milgraph.queries.push import push_graph
from milgraph.queries.registry import list_queries, run_query

sys.path.insert(0, str(Path(__file__).resolve().parent))

from fixture_graph import write_fixture_graph  # noqa: E402

HOSTILE = "x'}) DETACH DELETE n //"


@pytest.fixture
def target(neo4j_config):
    from milgraph.graph.neo4j_store import Neo4jStore

    store = Neo4jStore(neo4j_config)
    store.clear()
    yield store
    store.clear()
    store.close()


@pytest.fixture
def source(falkordb_store):
    write_fixture_graph(falkordb_store)
    return falkordb_store


def counts(store) -> tuple[int, int]:
    return (store.read("MATCH (n) RETURN count(n) AS c")[0]["c"],
            store.read("MATCH ()-[r]->() RETURN count(r) AS c")[0]["c"])


def snapshot(store) -> list:
    nodes = store.read("MATCH (n) RETURN n.id AS id, labels(n) AS labels, n AS props ORDER BY id")
    rels = store.read("MATCH (a)-[r]->(b) RETURN a.id AS a, type(r) AS t, b.id AS b, r AS props ORDER BY a, t, b")
    for row in nodes:
        row["labels"] = sorted(row["labels"])
    return [nodes, rels]


def test_push_copies_every_node_and_relationship(source, target):
    summary = push_graph(source, target, batch_size=7)
    assert (summary.nodes, summary.relationships) == counts(source)
    assert counts(target) == counts(source)
    assert (summary.target_nodes, summary.target_relationships) == counts(source)


def test_push_keeps_labels_and_properties(source, target):
    push_graph(source, target, batch_size=7)
    assert snapshot(target) == snapshot(source)


def test_pushing_twice_changes_nothing(source, target):
    push_graph(source, target, batch_size=7)
    first = counts(target), snapshot(target)
    push_graph(source, target, batch_size=50)
    assert (counts(target), snapshot(target)) == first


def test_canned_queries_answer_the_same_after_a_push(source, target):
    push_graph(source, target)
    for query in list_queries():
        assert run_query(target, query.name, {}) == run_query(source, query.name, {}), query.name


def test_values_travel_as_parameters(source, target):
    source.write("MATCH (n:Entity {id: 'place:syria'}) SET n.note = $v", {"v": HOSTILE})
    push_graph(source, target)
    assert target.read("MATCH (n:Entity {id: 'place:syria'}) RETURN n.note AS note") == [{"note": HOSTILE}]
    assert counts(target) == counts(source)


def test_a_label_outside_the_graph_model_stops_the_push(falkordb_store, target):
    falkordb_store.write("CREATE (:Weird {id: 'weird:1'})")
    with pytest.raises(MilgraphError, match="label 'Weird' that is not in the graph model"):
        push_graph(falkordb_store, target)
    assert counts(target) == (0, 0)


def test_push_command_reports_what_it_copied(source, target, falkordb_config, neo4j_config):
    args = ["--db", str(falkordb_config.data_dir), "push", "--to", neo4j_config.neo4j_uri,
            "--user", neo4j_config.neo4j_user]
    env = {"NEO4J_PASSWORD": neo4j_config.neo4j_password or "", "NEO4J_URI": ""}
    first = CliRunner().invoke(main, args, env=env, catch_exceptions=False)
    again = CliRunner().invoke(main, args, env=env, catch_exceptions=False)
    nodes, rels = counts(source)
    assert first.exit_code == 0, first.output
    assert f"copied {nodes} nodes and {rels} relationships" in first.output
    assert f"it now holds {nodes} nodes and {rels} relationships" in again.output
