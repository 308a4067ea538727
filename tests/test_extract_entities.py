"""Entities: gazetteer matching, aliases, metonymy, patterns for unknown names."""

from __future__ import annotations

import pytest

from milgraph.loaders.extract import extract_text
from milgraph.loaders.gazetteer import load_gazetteer


def ids(text: str, **kw) -> set[str]:
    return {e.id for e in extract_text(text, **kw).entities}


def entity(text: str, eid: str, **kw):
    return next(e for e in extract_text(text, **kw).entities if e.id == eid)


@pytest.mark.parametrize("spelling", ["Khmeimim", "Hmeimim", "Humaymim", "Khmeimim Air Base"])
def test_base_transliterations_map_to_one_base(spelling):
    assert "base:khmeimim" in ids(f"Two transport jets were parked at {spelling} this week.")


def test_base_carries_coordinates_icao_and_country():
    base = entity("Satellite pictures show new hangars at Hmeimim.", "base:khmeimim")
    assert base.labels == ["Base"] and base.kind == "airbase"
    assert base.properties["icao"] == "OSLK" and base.properties["country"] == "Syria"
    assert 35 < base.properties["lat"] < 36


def test_short_acronym_needs_exact_case():
    assert "actor:libyan-national-army" in ids("The LNA paraded its new trucks in Benghazi.")
    assert "actor:libyan-national-army" not in ids("The lna paraded.")


def test_capital_acting_is_the_state():
    got = extract_text("Moscow signed a new arms deal with the junta in Bamako last week.")
    russia = next(e for e in got.entities if e.id == "actor:russia")
    assert "Moscow" in russia.aliases
    assert "place:moscow" not in {e.id for e in got.entities}


def test_capital_as_origin_is_the_city():
    got = ids("An Il-76 flew from Minsk to Benghazi on the night of the vote.", published="2025-02-01")
    assert "place:minsk" in got


def test_kremlin_is_russia():
    assert "actor:russia" in ids("The Kremlin is weighing a new naval presence in the region.")


def test_equipment_category_in_kind_and_properties():
    s400 = entity("Moscow shipped an S-400 battery to the coast.", "equipment:s-400")
    assert s400.kind == "air_defense" and s400.properties["category"] == "air_defense"
    assert s400.properties["nato_name"].startswith("SA-21")


def test_registration_becomes_an_aircraft_with_its_type():
    ac = entity("An Il-76TD (RA-76502) landed at Benina in the evening.", "aircraft:ra-76502")
    assert ac.labels == ["Aircraft"] and ac.kind == "Il-76"


def test_unknown_ship_found_by_ship_type_word():
    ship = entity("The landing ship Pyotr Veliky Junior docked at Tobruk.", "vessel:pyotr-veliky-junior")
    assert ship.kind == "landing_ship"


def test_unknown_air_base_by_suffix():
    base = entity("Cargo flights now stop at Zillah Air Base in central Libya.", "base:zillah")
    assert base.kind == "airbase"


def test_demonym_officials_become_one_source():
    got = ids("A French official said the convoy left at dawn, and French officials later confirmed it.")
    assert "source:french-officials" in got


def test_publisher_is_not_a_source():
    got = ids("Reuters could not verify the footage.", publisher="Reuters")
    assert "source:reuters" not in got


def test_background_geography_is_annotated():
    # guide §1: every named entity counts, background ones included
    assert "place:europe" in ids("Analysts in Europe are worried about the deal.")


def test_donation_appeal_is_ignored():
    text = "Tanks arrived in Bangui.\n\nBecome a patron of our newsroom in Ukraine today."
    assert "place:ukraine" not in ids(text)


def test_countries_file_optional_fallback_has_theatre():
    gaz = load_gazetteer()
    assert gaz.country("Libya") is not None and "Libyan" in gaz.country("Libya").adjectives


def test_twitter_handle_names_an_osint_source():
    src = entity("Spotted today: two Il-76s at Benina.\n— Sky Watcher (@skywatch) March 3, 2025",
                 "source:sky-watcher")
    assert src.kind == "person" and "@skywatch" in src.aliases


@pytest.mark.parametrize("text", [
    "Cargo reached Port Sudan. Then it left.\nPort\nSudan was quiet again.",
    "A convoy left Benghazi\nPort Sudan received two ships on Monday.",
    "The LNA said so. Russian navy ships docked at Tobruk; the Russian\nnavy denied it.",
])
def test_one_gazetteer_pass_finds_what_each_sentence_alone_finds(text):
    # the report is matched once and the hits cut into sentences; a name running across a
    # line break (a sentence boundary) must not leak into either sentence
    from milgraph.loaders.extract.mentions import _hits_by_sentence
    from milgraph.loaders.extract.sentences import split_sentences
    gaz = load_gazetteer()
    sentences = split_sentences(text)
    cut = _hits_by_sentence(gaz.find(text), sentences)
    for s in sentences:
        alone = [(m.start, m.end, m.entry.id) for m in gaz.find(s.text)]
        if s.start in cut:
            assert [(m.start, m.end, m.entry.id) for m in cut[s.start]] == alone


def test_ministry_that_makes_a_claim_is_its_state():
    """Guide §4: a party speaking for itself is no Source; its ministry is the state (§3 D5)."""
    x = extract_text("Chad's defence ministry said on Friday that two Russian jets had landed in Abeche.")
    assert not any("Source" in e.labels for e in x.entities)
    assert "actor:chad" in {e.id for e in x.entities}


def test_ministry_acting_stays_the_state():
    x = extract_text("The Russian defence ministry sent two Il-76s to Bamako.")
    assert not any("Source" in e.labels for e in x.entities)
    assert "actor:russia" in {e.id for e in x.entities}
