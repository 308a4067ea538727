"""The tracking queries, on both backends, over a graph built by `milgraph ingest` from two
real sample tracks (the USAF C-40C and the Delta 737) and three own-words claims."""

from __future__ import annotations

import pytest

from milgraph.pipeline import ingest
from milgraph.queries.registry import run_query
from tests.test_tracking import _claims_file
from tests.tracking_samples import sample_file


@pytest.fixture
def tracked(store, tmp_path):
    store.clear()
    store.init_schema()
    summary = ingest(store, [sample_file("c40", tmp_path), sample_file("b737", tmp_path), _claims_file(tmp_path)])
    assert summary.ok, summary.failed
    yield store
    store.clear()


def test_flights_per_week_counts_observed_and_reported_apart(tracked):
    rows = run_query(tracked, "flights_per_week", {})
    assert rows == [
        {"week": "2022-08-01", "origin": "Kuala Lumpur", "destination": "Taipei", "observed": 0, "reported": 1, "events": 1},
        {"week": "2022-08-01", "origin": "Kuala Lumpur", "destination": "Tokyo", "observed": 0, "reported": 1, "events": 1},
        {"week": "2022-08-01", "origin": "Sultan Abdul Aziz Shah International Airport",
         "destination": "Taipei Songshan Airport", "observed": 1, "reported": 0, "events": 1},
        {"week": "2022-09-12", "origin": "Kuala Lumpur", "destination": "Taipei", "observed": 0, "reported": 1, "events": 1},
        {"week": "2025-02-03", "origin": "?", "destination": "Minneapolis-St Paul International/Wold-Chamberlain Airport",
         "observed": 2, "reported": 0, "events": 2},
        {"week": "2025-02-03", "origin": "Minneapolis-St Paul International/Wold-Chamberlain Airport", "destination": "?",
         "observed": 1, "reported": 0, "events": 1},
        {"week": "2025-02-03", "origin": "Minneapolis-St Paul International/Wold-Chamberlain Airport",
         "destination": "Denver International Airport", "observed": 1, "reported": 0, "events": 1},
    ]


def test_claimed_not_observed_lists_the_claim_for_a_day_with_no_track(tracked):
    rows = run_query(tracked, "claimed_not_observed", {})
    assert [(r["date"], r["status"], r["covered"], r["craft"], r["origin"], r["destination"]) for r in rows] == [
        ("2022-09-14", "not observed", False, ["09-0540"], ["Kuala Lumpur"], ["Taipei"])]


def test_observed_not_reported_lists_the_legs_no_claim_touches(tracked):
    rows = run_query(tracked, "observed_not_reported", {})
    assert [(r["craft"], r["origin"], r["destination"], r["departed_at"], r["gaps"]) for r in rows] == [
        ("N899DN", "not observed", "Minneapolis-St Paul International/Wold-Chamberlain Airport", "2025-02-04T21:13:42Z", 1),
        ("N899DN", "Minneapolis-St Paul International/Wold-Chamberlain Airport", "not observed", "2025-02-05T03:43:47Z", 2),
        ("N899DN", "not observed", "Minneapolis-St Paul International/Wold-Chamberlain Airport", "2025-02-05T14:47:03Z", 2),
        ("N899DN", "Minneapolis-St Paul International/Wold-Chamberlain Airport", "Denver International Airport",
         "2025-02-05T18:14:35Z", 0),
    ]
    assert {r["provider"] for r in rows} == {"readsb / tar1090"}


def test_observed_airframe_gives_its_legs_and_the_claims_they_meet(tracked):
    rows = run_query(tracked, "observed_airframe", {"craft": "09-0540"})
    assert len(rows) == 1
    row = rows[0]
    assert (row["origin"], row["destination"], row["departed_at"], row["arrived_at"], row["points"]) == (
        "Sultan Abdul Aziz Shah International Airport", "Taipei Songshan Airport", "2022-08-02T07:41:42Z",
        "2022-08-02T14:44:01Z", 834)
    assert row["provider"] == "Flightradar24" and len(row["corroborates"]) == 1 and len(row["contradicts"]) == 1
    everything = run_query(tracked, "observed_airframe", {})
    assert [r["craft"] for r in everything] == ["09-0540"] + ["N899DN"] * 4


def test_corroborated_events_count_a_track_as_an_independent_kind_of_source(tracked):
    rows = run_query(tracked, "corroborated_events", {"min_sources": "2"})
    assert [(r["type"], r["date"], r["independent"], r["publishers"]) for r in rows] == [
        ("Flight", "2022-08-02", 2, ["test desk", "tracking: Flightradar24"])]


def test_single_source_claims_leave_out_observations_and_tracked_claims(tracked):
    rows = run_query(tracked, "single_source_claims", {})
    assert [(r["kind"], r["summary"], r["publisher"]) for r in rows] == [
        ("event", "Flight 2022-08-02", "test desk"),  # to Tokyo: contradicted, still one source
        ("event", "Flight 2022-09-14", "test desk"),
    ]
