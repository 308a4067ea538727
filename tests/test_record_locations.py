"""Reports read from a file of many records say which record they came from (``file:line`` for
JSONL, ``file (record N)`` for JSON lists), so every skip and failure message names it."""

from __future__ import annotations

import json

from milgraph.loaders.readers import read_path
from milgraph.pipeline import ingest

TEXT = "Russia moved S-400 radars from Khmeimim to Benghazi on 13 December."
OTHER = "Two Il-76 aircraft flew from Minsk to Bamako on 2 March."


def _jsonl(tmp_path, *texts):
    path = tmp_path / "feed.jsonl"
    path.write_text("".join(json.dumps({"title": f"R{i}", "text": t}) + "\n" for i, t in enumerate(texts)),
                    encoding="utf-8")
    return path


def test_a_jsonl_record_is_located_by_its_line(tmp_path):
    path = _jsonl(tmp_path, TEXT, OTHER)
    assert [doc.meta.path for doc in read_path(path)] == [f"{path}:1", f"{path}:2"]


def test_a_record_of_a_json_list_is_located_by_its_position(tmp_path):
    path = tmp_path / "list.json"
    path.write_text(json.dumps([{"text": TEXT}, {"text": OTHER}]), encoding="utf-8")
    assert [doc.meta.path for doc in read_path(path)] == [f"{path} (record 1)", f"{path} (record 2)"]


def test_a_file_holding_one_report_is_located_by_the_file_alone(tmp_path):
    path = tmp_path / "one.json"
    path.write_text(json.dumps({"text": TEXT}), encoding="utf-8")
    assert [doc.meta.path for doc in read_path(path)] == [str(path)]


def test_skips_inside_a_jsonl_file_name_their_line(store, tmp_path):
    path = _jsonl(tmp_path, TEXT, OTHER, TEXT)
    summary = ingest(store, [path])
    assert [(s.source, s.reason) for s in summary.skipped] == [(f"{path}:3", "already ingested (same content)")]
    again = ingest(store, [path])
    assert sorted(s.source for s in again.skipped) == [f"{path}:1", f"{path}:2", f"{path}:3"]
