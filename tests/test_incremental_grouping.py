"""After an ingest, new claims are grouped from the claims already in the store without
reading every REPORTS link of a busy bucket (graph.happening_store.add_claims), and the graph
is still what a whole re-cluster makes and the same in any ingest order, on both backends."""

from __future__ import annotations

import random

from milgraph.graph import happening_store
from milgraph.graph.ids import event_id
from milgraph.graph.records import Entity, Event, Extraction, Relation, ReportMeta
from milgraph.graph.writer import complete_reports, write_extractions

from test_happening_store import differences, fresh, snapshot

REGIONS = [Entity(f"place:upland-{i}", f"Upland {i}", ["Place"], "region") for i in range(3)]
BASES = [Entity(f"base:field-{i}", f"Field {i}", ["Base"], "airbase") for i in range(6)]
CARGO = [Entity(f"equipment:lifter-{i}", f"Lifter {i}", ["Equipment"], "air_defense") for i in range(2)]
MODALITIES = ["confirmed", "reported", "possible", "denied"]


def _flight(rng: random.Random, number: int) -> tuple[Event, list[Entity], list[Relation]]:
    """One of a few flights, told with more or less detail: a day or only its month, the
    field it reached or only the region around it, with or without its cargo."""
    flight = rng.choice([0, 0, 0, 1, 1, 1, 2, 2, 3, 4, 5, 6, 7])
    origin, destination = BASES[flight % 6], BASES[(flight + 2) % 6]
    region = REGIONS[(flight + 2) % 6 % 3]
    day = f"2024-{1 + flight:02d}-{10 + flight:02d}"  # each flight a month of its own
    date = day if rng.random() < 0.8 else day[:7]
    roles = {"FROM": [origin.id], "TO": [destination.id if rng.random() < 0.85 else region.id]}
    if rng.random() < 0.15:
        roles["CARRIED"] = [CARGO[flight % 2].id]
    modality = rng.choice(MODALITIES) if rng.random() < 0.15 else "reported"
    event = Event(event_id("Flight", date, roles), ["Event", "Flight"], date,
                  "day" if len(date) == 10 else "month", modality=modality, confidence=rng.choice([0.5, 0.7, 0.9]),
                  roles=roles, evidence=f"Item {number} tells of a flight from {origin.name}.")
    located = [Relation("LOCATED_IN", destination.id, region.id, confidence=0.9,
                        evidence=f"Item {number} places {destination.name} in {region.name}.")]
    return event, [origin, destination, region, *CARGO], located


def varied_extraction(number: int) -> Extraction:
    rng = random.Random(number)
    report = ReportMeta(id=f"report:varied-{number:04d}", title=f"Varied item {number}",
                        publisher=rng.choice(["Desk A", "Desk B", "Desk C", None]),
                        published=f"2024-0{1 + number % 4}-{1 + number % 27:02d}")
    events, entities, relations = [], {}, []
    for _ in range(rng.choice([1, 1, 2])):
        event, found, located = _flight(rng, number)
        if event.id not in {e.id for e in events}:
            events.append(event)
        entities.update((e.id, e) for e in found)
        relations += [r for r in located if rng.random() < 0.2 and (r.type, r.start, r.end) not in
                      {(x.type, x.start, x.end) for x in relations}]
    return Extraction(report=report, entities=list(entities.values()), relations=relations, events=events)


def ingest_runs(store, extractions: list[Extraction], run: int) -> list[dict]:
    """Write as ``milgraph ingest`` does, ``run`` reports per ingest run; the after-ingest counts."""
    counts = []
    for low in range(0, len(extractions), run):
        batch = extractions[low:low + run]
        write_extractions(store, batch)
        complete_reports(store, [e.report.id for e in batch])
        counts.append(happening_store.after_ingest(store, [e.report.id for e in batch]))
    return counts


def all_buckets(store) -> set[tuple[str, str]]:
    return {(row["label"], row["year"]) for row in store.read(
        "MATCH (e:Event) RETURN DISTINCT [l IN labels(e) WHERE l <> 'Event'][0] AS label, "
        "coalesce(left(e.date, 4), 'undated') AS year")}


def test_claims_added_in_any_order_give_what_a_whole_recluster_gives(store):
    extractions = [varied_extraction(i) for i in range(48)]
    counts = ingest_runs(store, extractions, 1)  # one report per run: most runs add their claims
    assert sum(c["added"] for c in counts) > 0, counts  # some runs took the incremental way
    expected = snapshot(store)
    redo = happening_store.recluster(store, all_buckets(store))
    assert (redo["rewritten"], redo["emptied"]) == (0, 0), redo
    assert snapshot(store) == expected
    for seed, run in ((1, 6), (2, 1)):
        fresh(store)
        ingest_runs(store, random.Random(seed).sample(extractions, len(extractions)), run)
        got = snapshot(store)
        assert got == expected, "\n".join([f"order {seed}", *differences(got, expected)])


def test_repeating_known_claims_reads_no_bucket_whole(store):
    """A run that only repeats what earlier reports said touches the events it joins, not the
    links already there: no bucket is read whole."""
    extractions = [varied_extraction(i) for i in range(40)]
    ingest_runs(store, extractions, 10)
    known = {e.id for x in extractions for e in x.events}
    repeats = [x for x in (varied_extraction(i) for i in range(40, 400))
               if {e.id for e in x.events} <= known and not x.relations][:8]
    assert len(repeats) >= 4
    before = {row["id"]: row["n"] for row in store.read("MATCH (e:Event) RETURN e.id AS id, e.source_count AS n")}
    [counts] = ingest_runs(store, repeats, len(repeats))
    assert counts["claims"] == 0 and counts["added"] == sum(len(x.events) for x in repeats), counts
    after = {row["id"]: row["n"] for row in store.read("MATCH (e:Event) RETURN e.id AS id, e.source_count AS n")}
    assert sum(after.values()) - sum(before.values()) == counts["added"]
    redo = happening_store.recluster(store, all_buckets(store))
    assert (redo["rewritten"], redo["emptied"]) == (0, 0), redo


def _long_named_flight(number: int) -> Extraction:
    """A flight from a field whose name grows by one character per report, so the texts the
    after-ingest step reads back cross every length around 512 bytes."""
    origin = Entity(f"base:field-{'k' * (150 + number)}", f"Field {'K' * (150 + number)}", ["Base"], "airbase")
    roles = {"FROM": [origin.id], "TO": [BASES[0].id]}
    date = f"2024-05-{1 + number % 28:02d}"
    event = Event(event_id("Flight", date, roles), ["Event", "Flight"], date, "day", roles=roles,
                  evidence=f"Item {number} tells of a flight from a field with a very long name.")
    return Extraction(report=ReportMeta(id=f"report:long-{number:03d}", title=f"Long item {number}",
                                        published="2024-06-01"),
                      entities=[origin, BASES[0]], relations=[], events=[event])


def test_claims_with_long_texts_are_read_back_whole(store):
    """The embedded server drops the end of a text built with `+` in Cypher when its left part
    is exactly 512 bytes (FalkorDB 4.16.3), so the after-ingest step reads stored texts as
    plain columns; here every length around that size is read and grouped."""
    extractions = [_long_named_flight(i) for i in range(0, 420, 7)]
    ingest_runs(store, extractions, len(extractions))
    rows = store.read("MATCH (:Report)-[x:REPORTS]->(e:Event) RETURN x.claim_roles AS roles, e.id AS event")
    assert len(rows) == len(extractions) == len({row["event"] for row in rows})
    assert sorted(row["roles"] for row in rows) == sorted(
        f"FROM={x.events[0].roles['FROM'][0]};TO={BASES[0].id}" for x in extractions)
