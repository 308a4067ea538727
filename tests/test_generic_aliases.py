"""Generic nouns never become aliases: not from a report, a facts file, a merge or the analyst's
`alias add`, and they never match as one (duplicates, curated aliases). Both backends."""

from __future__ import annotations

import pytest

from milgraph.errors import MilgraphError
from milgraph.graph.curation import Curation, CurationRules, apply_now
from milgraph.graph.duplicates import find_duplicates
from milgraph.graph.generic_names import is_generic_name, parse_generic_words, specific_aliases
from milgraph.pipeline import ingest

GENERIC = ["air base", "the base", "port", "ship", "the airport", "The Air Base", "a naval base", "the ship",
           "airfield", "the port"]
NAMED = ["Khmeimim air base", "Port Sudan", "Port Said", "Russian navy", "An-124", "Tobruk port", "Sparta IV"]

FACTS = """report: {title: Desk notes on two bases}
entities:
  - {name: Khmeimim, label: Base, kind: airbase, aliases: [Hmeimim, air base, the base, Khmeimim air base]}
  - {name: al-Khadim, label: Base, kind: airbase, aliases: [Al Khadim, the airport, air base]}
  - {name: Tartus, label: Base, kind: naval_base, aliases: [port, the port, Tartus naval base]}
  - {name: Sparta IV, label: Vessel, kind: cargo_ship, aliases: [ship, the ship]}
  - {name: Russia, label: Actor, kind: state}
relations:
  - {type: OPERATES, start: Russia, end: Khmeimim}
  - {type: OPERATES, start: Russia, end: Tartus}
  - {type: OPERATES, start: Russia, end: al-Khadim}
  - {type: OPERATES, start: Russia, end: Sparta IV}
"""


@pytest.mark.parametrize("name", GENERIC)
def test_generic_names(name):
    assert is_generic_name(name)


@pytest.mark.parametrize("name", NAMED)
def test_names_of_one_thing(name):
    assert not is_generic_name(name)


def test_an_equipment_class_keeps_its_generic_aliases():
    assert specific_aliases(["military aircraft", "warplanes"], "Equipment") == ["military aircraft", "warplanes"]
    assert specific_aliases(["air base", "Hmeimim"], "Base") == ["Hmeimim"]


def test_a_malformed_word_list_names_the_file():
    with pytest.raises(MilgraphError, match="words.yaml: expected two lists"):
        parse_generic_words({"words": ["base"], "extra": []}, "words.yaml")


def test_generic_aliases_are_never_stored_or_matched(store, tmp_path):
    (tmp_path / "bases.facts.yaml").write_text(FACTS, encoding="utf-8")
    assert ingest(store, [tmp_path]).ok
    aliases = {row["id"]: row["aliases"] for row in store.read(
        "MATCH (n:Entity) RETURN n.id AS id, n.aliases AS aliases")}
    assert aliases["base:khmeimim"] == ["Hmeimim", "Khmeimim air base"]
    assert aliases["base:al-khadim"] == ["Al Khadim"]
    assert aliases["base:tartus"] == ["Tartus naval base"]
    assert aliases["vessel:sparta-iv"] == []
    # two bases both once called "air base" are not proposed as one
    assert not [c for c in find_duplicates(store) if {c.a_id, c.b_id} == {"base:al-khadim", "base:khmeimim"}]
    with pytest.raises(MilgraphError, match="names a kind of thing"):
        apply_now(store, Curation("alias", "base:tartus", "the port"))
    rules = CurationRules([Curation("alias", "base:tartus", "the port")])  # recorded before the rule
    assert not rules.aliases
