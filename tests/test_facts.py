"""Curated facts files: read by hand-written YAML/JSON, errors name file and line."""

from __future__ import annotations

import json
import textwrap

import pytest

from milgraph.errors import InputError
from milgraph.graph.stats import graph_stats
from milgraph.loaders.facts import is_facts_file, load_facts
from milgraph.pipeline import ingest

FACTS = textwrap.dedent("""\
    report: {title: Analyst notes on Libya, publisher: test desk}
    entities:
      - {name: Russia, label: Actor, kind: state, aliases: [Moscow]}
      - {name: Russia, label: Place, kind: country, iso2: RU}
      - {name: Libya, label: Place, kind: country, iso2: LY}
      - {name: al-Khadim, label: Base, kind: airbase, lat: 32.35, lon: 20.84, country: Libya}
      - {name: Khalifa Haftar, label: Actor, kind: person}
      - {name: Il-76, label: Equipment, kind: aircraft}
    relations:
      - {type: LOCATED_IN, start: al-Khadim, end: Libya}
      - {type: BACKS, start: Russia, end: Khalifa Haftar, modality: reported, attributed_to: [US officials]}
    events:
      - label: Flight
        date: 2024-12-13
        modality: reported
        count: 2
        roles: {BY: [Russia], FROM: [Russia], TO: [al-Khadim], CARRIED: [Il-76]}
    """)


@pytest.fixture
def facts_file(tmp_path):
    path = tmp_path / "notes.facts.yaml"
    path.write_text(FACTS)
    return path


def test_names_resolve_by_the_label_their_slot_allows(facts_file):
    extraction = load_facts(facts_file)
    event = extraction.events[0]
    assert event.roles["BY"] == ["actor:russia"]
    assert event.roles["FROM"] == ["place:russia"]


def test_dates_stay_iso_strings_with_their_precision(facts_file):
    event = load_facts(facts_file).events[0]
    assert (event.date, event.date_precision, event.count) == ("2024-12-13", "day", 2)


def test_extra_properties_are_kept(facts_file):
    base = next(e for e in load_facts(facts_file).entities if e.id == "base:al-khadim")
    assert base.properties == {"lat": 32.35, "lon": 20.84, "country": "Libya"}


def test_json_facts_are_read_like_yaml(tmp_path):
    import yaml

    path = tmp_path / "notes.json"
    path.write_text(json.dumps(yaml.safe_load(FACTS.replace("2024-12-13", "'2024-12-13'")), indent=1))
    assert is_facts_file(path)
    assert len(load_facts(path).relations) == 2


def test_unknown_relationship_type_names_file_and_line(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text(FACTS.replace("type: BACKS", "type: SUPPORTS"))
    with pytest.raises(InputError) as error:
        load_facts(path)
    assert error.value.line == 11 and "bad.yaml:11" in str(error.value) and "SUPPORTS" in str(error.value)


def test_unknown_entity_name_names_the_entry(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text(FACTS.replace("TO: [al-Khadim]", "TO: [Jufra]"))
    with pytest.raises(InputError, match=r"bad.yaml:13 \(event 1 Flight\): 'Jufra' is not among"):
        load_facts(path)


def test_a_name_in_the_wrong_slot_says_what_the_slot_takes(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text(FACTS.replace("start: al-Khadim, end: Libya", "start: al-Khadim, end: Khalifa Haftar"))
    with pytest.raises(InputError, match="'Khalifa Haftar' is a Actor, but this slot takes Place"):
        load_facts(path)


def test_broken_yaml_names_the_line(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text(FACTS.replace("  - {name: Libya,", "  - {name: Libya"))
    path.write_text("entities:\n  - name: A\n    label: [unclosed\n")
    with pytest.raises(InputError, match=r"bad.yaml:\d+: invalid YAML"):
        load_facts(path)


def test_broken_json_names_the_line(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text('{\n "entities": [\n  {"name": "A",}\n ]\n}\n')
    with pytest.raises(InputError, match=r"bad.json:3: invalid JSON"):
        load_facts(path)


def test_bad_date_names_the_line(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text(FACTS.replace("date: 2024-12-13", "date: 13 December"))
    with pytest.raises(InputError, match=r"bad.yaml:13 .*must be an ISO date"):
        load_facts(path)


def test_ingesting_a_facts_file_twice_gives_the_same_stats(store, facts_file):
    ingest(store, [facts_file])
    once = graph_stats(store)
    summary = ingest(store, [facts_file])
    assert graph_stats(store) == once
    assert [s.reason for s in summary.skipped] == ["already ingested (same content)"]


def test_a_malformed_facts_file_fails_and_leaves_the_graph_unchanged(store, facts_file, tmp_path):
    ingest(store, [facts_file])
    before = graph_stats(store)
    bad = tmp_path / "bad.yaml"
    bad.write_text(FACTS.replace("type: BACKS", "type: SUPPORTS").replace("Libya", "Libia"))
    summary = ingest(store, [bad])
    assert [f.source for f in summary.failed] == [str(bad)] and "bad.yaml:11" in summary.failed[0].reason
    assert graph_stats(store) == before


def test_one_bad_file_does_not_stop_the_others(store, facts_file, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("entities: [")
    summary = ingest(store, [bad, facts_file])
    assert len(summary.failed) == 1 and summary.loaded == [str(facts_file)]


def test_an_edited_facts_file_replaces_its_own_facts(store, facts_file):
    ingest(store, [facts_file])
    facts_file.write_text(FACTS.replace("  - {type: BACKS, start: Russia, end: Khalifa Haftar, modality: reported, "
                                        "attributed_to: [US officials]}\n", ""))
    summary = ingest(store, [facts_file])
    assert summary.replaced == [str(facts_file)]
    assert store.read("MATCH ()-[f:BACKS]->() RETURN count(f) AS n") == [{"n": 0}]
    assert store.read("MATCH (r:Report) RETURN count(r) AS n") == [{"n": 1}]


def test_a_failed_edit_keeps_the_facts_of_the_version_before(store, facts_file):
    ingest(store, [facts_file])
    before = graph_stats(store)
    facts_file.write_text(FACTS.replace("country: Libya}", "country: {name: Libya}}"))
    summary = ingest(store, [facts_file])
    assert len(summary.failed) == 1 and "'country' must be a text" in summary.failed[0].reason
    assert graph_stats(store) == before


@pytest.mark.parametrize("old, new, message", [
    ("{name: al-Khadim, label: Base,", "{name: al-Khadim, label: [Base],", "unknown label"),
    ("{type: LOCATED_IN,", "{type: [LOCATED_IN],", "unknown relationship type"),
    ("roles: {BY: [Russia], FROM: [Russia], TO: [al-Khadim], CARRIED: [Il-76]}", "roles: [BY, Russia]",
     "'roles' must be a mapping"),
])
def test_wrong_types_are_errors_with_a_line_not_crashes(tmp_path, old, new, message):
    path = tmp_path / "bad.yaml"
    path.write_text(FACTS.replace(old, new))
    with pytest.raises(InputError, match=message) as error:
        load_facts(path)
    assert error.value.line is not None


def test_a_single_alias_is_a_list_of_one_and_no_is_norway(tmp_path):
    path = tmp_path / "notes.yaml"
    path.write_text("entities:\n  - {name: Norway, label: Place, kind: country, iso2: NO, aliases: Norge}\n")
    entity = load_facts(path).entities[0]
    assert entity.aliases == ["Norge"] and entity.properties["iso2"] == "NO"


def test_json_with_tabs_and_escaped_emoji_loads(tmp_path, store):
    path = tmp_path / "notes.json"
    path.write_text('{\n\t"entities": [{"name": "Depot \\ud83d\\ude80", "label": "Base", "kind": "facility"}]\n}\n')
    summary = ingest(store, [path])
    assert summary.ok
    assert store.read("MATCH (b:Base) RETURN b.name AS name") == [{"name": "Depot \U0001F680"}]


def test_an_id_with_the_wrong_prefix_names_the_line(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("entities:\n  - {name: Khmeimim, label: Base, id: place:khmeimim}\n")
    with pytest.raises(InputError, match=r"bad.yaml:2 .*must start with 'base:'"):
        load_facts(path)


def test_impossible_dates_are_refused(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text(FACTS.replace("date: 2024-12-13", "date: 2024-13-45"))
    with pytest.raises(InputError, match="must be an ISO date"):
        load_facts(path)
