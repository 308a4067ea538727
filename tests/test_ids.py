"""Node ids: a type prefix and the name in lower-case ASCII words, every letter kept."""

import pytest

from milgraph.graph.ids import make_id, match_key

ID_CASES = [
    ("base", "Al-Khadim Air Base", "base:al-khadim-air-base"),
    ("place", "Køge", "place:koge"),
    ("base", "Ørland", "base:orland"),
    ("place", "Łask", "place:lask"),
    ("place", "Þórshöfn", "place:thorshofn"),
    ("actor", "Æro Shipping", "actor:aero-shipping"),
    ("place", "Rønne", "place:ronne"),
]


@pytest.mark.parametrize("prefix, name, expected", ID_CASES)
def test_id_keeps_every_letter(prefix: str, name: str, expected: str) -> None:
    assert make_id(prefix, name) == expected


def test_a_name_without_latin_letters_gets_a_hashed_id() -> None:
    assert make_id("actor", "Вагнер").startswith("actor:") and len(make_id("actor", "Вагнер")) == len("actor:") + 12


def test_names_spelled_with_and_without_accents_match() -> None:
    assert match_key("Rønne") == match_key("Ronne") == match_key("RØNNE")
