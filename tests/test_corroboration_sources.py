"""The same text from two publishers is two reports (two independent sources for
corroboration); the same text from the same publisher is one report, skipped when read again."""

from __future__ import annotations

import json

from milgraph.loaders.readers import report_id
from milgraph.pipeline import ingest
from milgraph.queries.registry import run_query

TEXT = "Russia moved S-400 radars from Khmeimim to Benghazi on 13 December."


def _records(tmp_path, name, *publishers):
    path = tmp_path / name
    path.write_text("".join(json.dumps({"title": "S-400 move", "text": TEXT, "publisher": p,
                                        "published": "2024-12-18"}) + "\n" for p in publishers), encoding="utf-8")
    return path


def test_the_report_id_depends_on_the_publisher_compared_as_a_name():
    assert report_id(TEXT, "Field Notes")[0] != report_id(TEXT, "Desert Wire")[0]
    assert report_id(TEXT, "Field Notes")[0] == report_id(TEXT, "field notes.")[0]
    assert report_id(TEXT, "Field Notes")[1] == report_id(TEXT, "Desert Wire")[1] == report_id(TEXT)[1]


def test_the_same_text_from_two_publishers_is_two_reports_and_two_sources(store, tmp_path):
    summary = ingest(store, [_records(tmp_path, "wire.jsonl", "Field Notes", "Desert Wire")])
    assert len(summary.loaded) == 2 and not summary.skipped
    rows = run_query(store, "corroborated_events", {"min_sources": "2"})
    assert len(rows) == 1 and rows[0]["independent"] == 2
    assert sorted(rows[0]["publishers"]) == ["Desert Wire", "Field Notes"]


def test_the_same_text_from_the_same_publisher_is_skipped_as_already_ingested(store, tmp_path):
    ingest(store, [_records(tmp_path, "first.jsonl", "Field Notes")])
    again = ingest(store, [_records(tmp_path, "again.jsonl", "Field Notes")])
    assert not again.loaded and [s.reason for s in again.skipped] == ["already ingested (same content)"]
    assert store.read("MATCH (r:Report) RETURN count(r) AS n")[0]["n"] == 1
