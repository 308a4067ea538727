"""Curation that sticks: retract, merge, alias, reject change the graph at once, and later
ingests (of new reports, and of every input again) never undo them. Both backends."""

from __future__ import annotations

from pathlib import Path

import pytest

from milgraph.errors import MilgraphError
from milgraph.graph.curation import Curation, apply_now, load_curations
from milgraph.pipeline import ingest

DESK = """report: {title: Desk notes}
entities:
  - {name: Russia, label: Actor, kind: state}
  - {name: Khalifa Haftar, label: Actor, kind: person}
  - {name: Khmeimim, label: Base, kind: airbase}
  - {name: Hmeimim, label: Base, kind: airbase}
relations:
  - {type: OPERATES, start: Russia, end: Khmeimim}
  - {type: BACKS, start: Khalifa Haftar, end: Russia}
"""

WIRE = """report: {title: Wire item}
entities:
  - {name: Russia, label: Actor, kind: state}
  - {name: Khalifa Haftar, label: Actor, kind: person}
  - {name: Hmeimim, label: Base, kind: airbase}
  - {name: Latakia air base, label: Base, kind: airbase}
relations:
  - {type: BACKS, start: Khalifa Haftar, end: Russia}
  - {type: BACKS, start: Russia, end: Khalifa Haftar}
  - {type: PRESENT_IN, start: Russia, end: Hmeimim}
  - {type: PRESENT_IN, start: Russia, end: Latakia air base}
"""


@pytest.fixture
def inputs(tmp_path) -> Path:
    folder = tmp_path / "inputs"
    folder.mkdir()
    (folder / "desk.facts.yaml").write_text(DESK)
    return folder


def add_wire(folder: Path) -> None:
    (folder / "wire.facts.yaml").write_text(WIRE)


def ids(store, label: str) -> set[str]:
    return {row["id"] for row in store.read(f"MATCH (n:{label}) RETURN n.id AS id")}


def relations(store) -> set[tuple[str, str, str]]:
    return {(r["a"], r["t"], r["b"]) for r in store.read(
        "MATCH (a:Entity)-[r]->(b:Entity) RETURN a.id AS a, type(r) AS t, b.id AS b")}


def report_id(store, file_name: str) -> str:
    return next(row["id"] for row in store.read("MATCH (r:Report) RETURN r.id AS id, r.path AS path")
                if (row["path"] or "").endswith(file_name))


def test_merge_moves_everything_and_later_reports_resolve_to_the_kept_entity(store, inputs):
    ingest(store, [inputs])
    apply_now(store, Curation("merge", "base:hmeimim", "base:khmeimim"))
    assert "base:hmeimim" not in ids(store, "Base")
    assert "Hmeimim" in store.read("MATCH (b:Base {id: 'base:khmeimim'}) RETURN b.aliases AS a")[0]["a"]
    add_wire(inputs)
    ingest(store, [inputs])  # every input again, and a new report naming Hmeimim
    assert "base:hmeimim" not in ids(store, "Base")
    assert ("actor:russia", "PRESENT_IN", "base:khmeimim") in relations(store)


def test_a_rejected_relation_is_deleted_and_never_written_again(store, inputs):
    ingest(store, [inputs])
    fact = "BACKS:actor:khalifa-haftar->actor:russia"
    change = apply_now(store, Curation("reject", fact))
    assert "1 relationship(s) deleted" in change.describe()
    assert store.read("MATCH (s:Statement {fact: $fact}) RETURN count(s) AS n", {"fact": fact}) == [{"n": 0}]
    add_wire(inputs)
    ingest(store, [inputs])
    assert ("actor:khalifa-haftar", "BACKS", "actor:russia") not in relations(store)
    assert ("actor:russia", "BACKS", "actor:khalifa-haftar") in relations(store)  # only that fact
    assert [c.subject for c in load_curations(store) if c.action == "reject"] == [fact]


def test_an_added_alias_resolves_later_mentions(store, inputs):
    ingest(store, [inputs])
    apply_now(store, Curation("alias", "base:khmeimim", "Latakia air base"))
    add_wire(inputs)
    ingest(store, [inputs])
    assert "base:latakia-air-base" not in ids(store, "Base")
    assert ("actor:russia", "PRESENT_IN", "base:khmeimim") in relations(store)


def test_a_removed_alias_is_not_added_back_by_later_reports(store, tmp_path):
    folder = tmp_path / "aliases"
    folder.mkdir()
    (folder / "a.facts.yaml").write_text("entities:\n  - {name: Khmeimim, label: Base, kind: airbase, aliases: [the base]}\n")
    ingest(store, [folder])
    apply_now(store, Curation("unalias", "base:khmeimim", "the base"))
    (folder / "b.facts.yaml").write_text("entities:\n  - {name: Khmeimim, label: Base, kind: airbase, aliases: [the base, Hmeymim]}\n")
    ingest(store, [folder])
    aliases = store.read("MATCH (b:Base {id: 'base:khmeimim'}) RETURN b.aliases AS a")[0]["a"]
    assert "the base" not in aliases and "Hmeymim" in aliases


def test_retract_takes_a_report_out_and_ingesting_it_again_is_skipped(store, inputs):
    add_wire(inputs)
    ingest(store, [inputs])
    wire = report_id(store, "wire.facts.yaml")
    apply_now(store, Curation("retract", wire))
    assert ("actor:russia", "BACKS", "actor:khalifa-haftar") not in relations(store)
    assert ("actor:khalifa-haftar", "BACKS", "actor:russia") in relations(store)  # the desk notes say it too
    assert "base:latakia-air-base" not in ids(store, "Base")
    again = ingest(store, [inputs])
    assert any("retracted" in s.reason for s in again.skipped)
    assert ("actor:russia", "BACKS", "actor:khalifa-haftar") not in relations(store)


def test_a_dry_run_changes_nothing(store, inputs):
    ingest(store, [inputs])
    before = relations(store)
    change = apply_now(store, Curation("merge", "base:hmeimim", "base:khmeimim"), dry_run=True)
    assert change.describe().startswith("dry run") and relations(store) == before
    assert load_curations(store) == []


@pytest.mark.parametrize("curation, message", [
    (Curation("merge", "base:nowhere", "base:khmeimim"), "no entity with id"),
    (Curation("merge", "actor:russia", "base:khmeimim"), "merge joins two entities of one label"),
    (Curation("reject", "not a fact"), "is not a fact id"),
    (Curation("retract", "report:missing"), "no report with id"),
])
def test_bad_curations_are_clear_errors(store, inputs, curation, message):
    ingest(store, [inputs])
    with pytest.raises(MilgraphError, match=message):
        apply_now(store, curation)


def test_curations_export_as_yaml_and_apply_to_another_graph(falkordb_store, falkordb_config, inputs, tmp_path):
    from support import cli_against

    ingest(falkordb_store, [inputs])
    run = cli_against(falkordb_store, falkordb_config)
    assert run("merge", "base:hmeimim", "base:khmeimim").exit_code == 0
    assert run("reject", "BACKS:actor:khalifa-haftar->actor:russia").exit_code == 0
    exported = run("rejected", "--all", "--yaml")
    (tmp_path / "curations.yaml").write_text(exported.output)
    falkordb_store.clear()
    ingest(falkordb_store, [inputs])
    result = run("curate", str(tmp_path / "curations.yaml"))
    assert result.exit_code == 0, result.output
    assert "base:hmeimim" not in ids(falkordb_store, "Base")
    assert ("actor:khalifa-haftar", "BACKS", "actor:russia") not in relations(falkordb_store)


def test_a_curation_file_with_an_unknown_key_names_the_entry(tmp_path):
    from milgraph.errors import InputError
    from milgraph.graph.curation import read_curation_file

    path = tmp_path / "c.yaml"
    path.write_text("curations:\n  - {action: merge, subject: base:a, value: base:b, why: typo}\n")
    with pytest.raises(InputError, match=r"c.yaml \(curation 0\)"):
        read_curation_file(path)


NEAR_DUPLICATES = """entities:
  - {name: Hmeimim, label: Base, kind: airbase}
  - {name: Hmeymim, label: Base, kind: airbase}
  - {name: Khmeimim, label: Base, kind: airbase, aliases: [Hemeimeem]}
  - {name: Tartus, label: Base, kind: port}
  - {name: Tartous, label: Place, kind: city}
  - {name: Sparta II, label: Vessel, kind: cargo_ship}
  - {name: Sparta IV, label: Vessel, kind: cargo_ship}
"""


def test_near_duplicates_are_proposed_within_a_label_and_never_merged(store, tmp_path):
    from milgraph.graph.duplicates import find_duplicates

    (tmp_path / "n.facts.yaml").write_text(NEAR_DUPLICATES)
    ingest(store, [tmp_path / "n.facts.yaml"])
    pairs = {(c.a_id, c.b_id) for c in find_duplicates(store)}
    assert ("base:hmeimim", "base:hmeymim") in pairs
    assert not any("tartous" in a + b for a, b in pairs)  # a city is not a port
    assert ("vessel:sparta-ii", "vessel:sparta-iv") not in pairs  # two ships of one line
    assert {"base:hmeimim", "base:hmeymim", "base:khmeimim"} <= ids(store, "Base")  # nothing merged
