"""One event per happening in the store (graph.happening_store), on both backends: the demo's
flight told by three reports is one event, and the graph is the same whatever order the inputs
come in, and after a report is taken back and ingested again."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from milgraph.graph import happening_store
from milgraph.graph.curation import Curation, apply_now
from milgraph.loaders.extraction_lines import SUFFIX, write_lines
from milgraph.pipeline import ingest, iter_items
from milgraph.queries.registry import run_query
from milgraph.quickstart import demo_inputs

INGEST_TIMES = {"first_seen", "ingested_at"}


@pytest.fixture(scope="module")
def demo_parts(tmp_path_factory) -> dict[str, Path]:
    """The demo's inputs one file each, by name: every report extracted once to extraction lines
    (so that many ingests need no language model), the facts file and the tracks as they are."""
    folder = tmp_path_factory.mktemp("demo-parts")
    parts: dict[str, Path] = {}
    for root in demo_inputs():
        if root.name == "reports":
            for item in iter_items([root]):
                path = folder / (Path(item.source).stem + SUFFIX)
                with path.open("w", encoding="utf-8") as out:
                    write_lines([item.extraction], out)
                parts[Path(item.source).stem] = path
        else:
            parts.update({p.name: p for p in sorted(root.iterdir()) if p.is_file() and p.suffix in (".yaml", ".json")})
    return parts


def snapshot(store) -> list:
    """Every node and relationship with its labels and properties, except ingest times."""
    nodes = store.read("MATCH (n) WHERE NOT n:Curation RETURN n.id AS id, labels(n) AS labels, n AS props ORDER BY id")
    rels = store.read("MATCH (a)-[r]->(b) RETURN a.id AS a, type(r) AS t, b.id AS b, r AS props")
    for row in nodes + rels:
        row["props"] = {k: v for k, v in row["props"].items() if k not in INGEST_TIMES}
    for row in nodes:
        row["labels"] = sorted(row["labels"])
    return [nodes, sorted(rels, key=repr)]


def differences(got: list, expected: list, limit: int = 40) -> list[str]:
    """What differs between two snapshots, briefly (for the assertion message)."""
    out = []
    for kind, rows_got, rows_expected in (("node", got[0], expected[0]), ("rel", got[1], expected[1])):
        key = (lambda r: r["id"]) if kind == "node" else (lambda r: (r["a"], r["t"], r["b"], r["props"].get("claim_id")))
        have, want = {key(r): r for r in rows_got}, {key(r): r for r in rows_expected}
        out += [f"extra {kind} {k}" for k in sorted(set(have) - set(want), key=repr)]
        out += [f"missing {kind} {k}" for k in sorted(set(want) - set(have), key=repr)]
        for k in sorted(set(have) & set(want), key=repr):
            a, b = have[k], want[k]
            for prop in sorted(set(a["props"]) | set(b["props"])):
                if a["props"].get(prop) != b["props"].get(prop):
                    out.append(f"{kind} {k} {prop}: {a['props'].get(prop)!r} != {b['props'].get(prop)!r}")
            if a.get("labels") != b.get("labels"):
                out.append(f"{kind} {k} labels: {a['labels']} != {b['labels']}")
    return out[:limit]


def assert_same(got: list, expected: list, what: str) -> None:
    assert got == expected, "\n".join([what, *differences(got, expected)])


def fresh(store) -> None:
    store.clear()
    store.init_schema()


def ingest_ok(store, paths) -> None:
    summary = ingest(store, paths)
    assert summary.ok and not summary.failed, summary.failed


def test_the_demo_flight_told_by_three_reports_is_one_event(store, demo_parts):
    ingest_ok(store, list(demo_parts.values()))
    rows = store.read("MATCH (e:Flight)-[:FROM]->(:Entity {id: 'place:minsk'}) WHERE e.date = '2024-12-13' "
                      "RETURN e.id AS id, e.source_count AS source_count")
    assert len(rows) == 1, rows
    assert rows[0]["source_count"] == 3
    links = store.read("MATCH (r:Report)-[x:REPORTS]->(:Event {id: $id}) RETURN r.id AS id, x.evidence AS evidence",
                       rows[0])
    assert len({link["id"] for link in links}) == 3 and all(link["evidence"] for link in links)
    assert rows[0]["id"] in {r["event"] for r in run_query(store, "corroborated_events", {"min_sources": "2"})}


def test_shuffled_ingest_gives_the_identical_graph(store, demo_parts):
    parts = list(demo_parts.values())
    ingest_ok(store, parts)
    expected = snapshot(store)
    orders = [list(reversed(parts)), random.Random(1).sample(parts, len(parts)), random.Random(2).sample(parts, len(parts))]
    for i, order in enumerate(orders):
        fresh(store)
        if i == 0:
            for path in order:  # one ingest per input: every step re-clusters what it touched
                ingest_ok(store, [path])
        else:
            half = len(order) // 2
            ingest_ok(store, order[:half])
            ingest_ok(store, order[half:])
        got = snapshot(store)
        assert got == expected, "\n".join([f"order {i}: {[p.name for p in order]}", *differences(got, expected)])


def test_retraction_then_reingest_gives_the_same_graph(store, demo_parts):
    victim = demo_parts["02_radars-flown-to-eastern-libya"]
    others = [p for p in demo_parts.values() if p != victim]
    ingest_ok(store, others)
    without = snapshot(store)
    fresh(store)
    ingest_ok(store, list(demo_parts.values()))
    full = snapshot(store)
    report = store.read("MATCH (r:Report) WHERE r.title STARTS WITH 'Officials: Russia flies' RETURN r.id AS id")[0]["id"]
    happening_store.retract_report(store, report)
    assert_same(snapshot(store), without, "retracted")
    ingest_ok(store, [victim])
    assert_same(snapshot(store), full, "ingested again")
    apply_now(store, Curation("retract", report))  # the analyst's retraction: the same, and it sticks
    assert_same(snapshot(store), without, "retracted by the analyst")
    ingest(store, list(demo_parts.values()))
    assert_same(snapshot(store), without, "retracted by the analyst, all ingested again")


DESK = """report: {title: Desk log of December flights, publisher: Desk}
entities:
  - {name: Minsk, label: Place, kind: city, country: Belarus}
  - {name: Libya, label: Place, kind: country}
events:
  - {label: Flight, date: "2024-12", roles: {TO: [Libya]}, evidence: "A cargo flight reached Libya in December."}
  - {label: Flight, date: "2024-12-13", roles: {FROM: [Minsk], TO: [Libya]}, evidence: "A freighter flew Minsk to Libya."}
"""
WIRE = """report: {title: Wire item on a Syria-Libya flight, publisher: Wire}
entities:
  - {name: Khmeimim, label: Base, kind: airbase, country: Syria}
  - {name: al-Khadim, label: Base, kind: airbase, country: Libya}
events:
  - {label: Flight, date: "2024-12-26", roles: {FROM: [Khmeimim], TO: [al-Khadim]}, evidence: "A transport landed at al-Khadim."}
"""


def _flight_links(store) -> list[tuple]:
    return sorted((r["event"], r["report"], r["others"]) for r in store.read(
        "MATCH (r:Report)-[x:REPORTS]->(e:Flight) RETURN e.id AS event, r.name AS report, "
        "size(coalesce(x.claim_others, [])) AS others"))


def test_a_report_telling_one_flight_twice_parts_when_another_flight_makes_it_ambiguous(store, tmp_path):
    desk, wire = tmp_path / "desk.facts.yaml", tmp_path / "wire.facts.yaml"
    desk.write_text(DESK, encoding="utf-8")
    wire.write_text(WIRE, encoding="utf-8")
    ingest_ok(store, [desk])
    alone = snapshot(store)
    links = _flight_links(store)  # "December, to Libya" joins "13 December, Minsk to Libya": one link, two claims
    assert len(links) == 1 and links[0][2] == 1
    ingest_ok(store, [wire])  # a second December flight to Libya: the vague claim fits both, joins neither
    both = snapshot(store)
    assert sorted((report, others) for _, report, others in _flight_links(store)) == [
        ("Desk log of December flights", 0), ("Desk log of December flights", 0), ("Wire item on a Syria-Libya flight", 0)]
    fresh(store)
    ingest_ok(store, [wire, desk])
    assert_same(snapshot(store), both, "wire first")
    report = store.read("MATCH (r:Report {name: 'Wire item on a Syria-Libya flight'}) RETURN r.id AS id")[0]["id"]
    happening_store.retract_report(store, report)
    assert_same(snapshot(store), alone, "wire retracted")


TWO_NAMES = """report: {title: Two notes on one flight, publisher: Desk}
entities:
  - {name: Hmeimim, label: Base, kind: airbase}
  - {name: Khmeimim, label: Base, kind: airbase}
  - {name: Libya, label: Place, kind: country}
events:
  - {label: Flight, date: "2024-12-26", roles: {FROM: [Hmeimim], TO: [Libya]}, evidence: "Left Hmeimim for Libya."}
  - {label: Flight, date: "2024-12-26", roles: {FROM: [Khmeimim], TO: [Libya]}, evidence: "Left Khmeimim for Libya."}
"""


def test_merging_two_entities_joins_the_events_they_kept_apart(store, tmp_path):
    notes = tmp_path / "notes.facts.yaml"
    notes.write_text(TWO_NAMES, encoding="utf-8")
    ingest_ok(store, [notes])
    assert len(store.read("MATCH (e:Flight) RETURN e.id AS id")) == 2  # two origins that do not agree
    apply_now(store, Curation("merge", "base:hmeimim", "base:khmeimim"))
    rows = store.read("MATCH (e:Flight)-[:FROM]->(b) RETURN e.id AS id, b.id AS origin, e.source_count AS n")
    assert len(rows) == 1 and rows[0]["origin"] == "base:khmeimim" and rows[0]["n"] == 1
    merged = snapshot(store)
    ingest(store, [notes])  # already ingested: nothing changes
    assert_same(snapshot(store), merged, "ingested again")
