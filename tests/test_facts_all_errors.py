"""A facts file with several bad entries reports every one of them at once (file, line, entry),
and nothing from that file is written."""

from __future__ import annotations

import pytest

from milgraph.errors import InputError
from milgraph.loaders.facts import load_facts
from milgraph.pipeline import ingest

BAD = """\
entities:
  - {name: Russia, label: Actor, kind: state}
  - {name: Khmeimim, label: Base, kind: airbase}
  - {name: Syria, label: Place, kind: country}
  - {name: Tartus, label: Harbour}
relations:
  - {type: OPERATES, start: Russia, end: Khmeimim}
  - {type: SUPPORTS, start: Russia, end: Syria}
  - {type: LOCATED_IN, start: Khmeimim, end: Latakia}
  - {type: OPERATES, start: Syria, end: Khmeimim}
events:
  - {label: Flight, date: 13 December, roles: {TO: [Khmeimim]}}
"""

EXPECTED = [  # (line, entry, what the message says)
    (5, "entity 'Tartus'", "unknown label 'Harbour'"),
    (8, "relation 2", "unknown relationship type 'SUPPORTS'"),
    (9, "relation 3 LOCATED_IN", "'Latakia' is not among the file's entities"),
    (10, "relation 4 OPERATES", "'Syria' is a Place, but this slot takes Actor"),
    (12, "event 1 Flight", "date '13 December' must be an ISO date"),
]


@pytest.fixture
def bad_file(tmp_path):
    path = tmp_path / "notes.yaml"
    path.write_text(BAD, encoding="utf-8")
    return path


def test_every_bad_entry_is_reported_at_once_with_file_line_and_entry(bad_file):
    with pytest.raises(InputError) as error:
        load_facts(bad_file)
    message = str(error.value)
    assert message.startswith(f"{bad_file}: 5 entries are wrong")
    for line, entry, says in EXPECTED:
        assert f"{bad_file}:{line} ({entry}): {says}" in message


def test_the_problems_are_also_available_one_by_one(bad_file):
    with pytest.raises(InputError) as error:
        load_facts(bad_file)
    assert [(p.line, p.entry) for p in error.value.problems] == [(line, entry) for line, entry, _ in EXPECTED]


def test_a_single_bad_entry_is_still_one_line(tmp_path):
    path = tmp_path / "notes.yaml"
    path.write_text(BAD.split("  - {name: Tartus")[0] + "relations:\n  - {type: SUPPORTS, start: Russia, end: Syria}\n")
    with pytest.raises(InputError) as error:
        load_facts(path)
    assert str(error.value) == (f"{path}:6 (relation 1): unknown relationship type 'SUPPORTS'; use one of "
                                + str(error.value).split("use one of ", 1)[1])
    assert "\n" not in str(error.value)


def test_nothing_from_a_file_with_bad_entries_is_written(store, bad_file):
    summary = ingest(store, [bad_file])
    assert not summary.ok and len(summary.failed) == 1
    assert "5 entries are wrong" in summary.failed[0].reason
    assert store.read("MATCH (n) RETURN count(n) AS n")[0]["n"] == 0
