"""Names of places, bases, equipment, aircraft and vessels as data: tests/data/things_cases.yaml,
one case per mechanism (text, the entities it must give and those it must not)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from milgraph.loaders.extract import extract_text
from milgraph.loaders.extract.equipment_names import EquipmentNamesError, parse_rules

CASES = yaml.safe_load((Path(__file__).parent / "data" / "things_cases.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", CASES, ids=[c["rule"] for c in CASES])
def test_things_case(case):
    got = {f"{e.labels[0]}:{e.name}" for e in extract_text(case["text"], published=case.get("published")).entities}
    missing = [x for x in case.get("expect", []) if x not in got]
    wrong = [x for x in case.get("reject", []) if x in got]
    assert not missing and not wrong, f"missing {missing}, unwanted {wrong}; got {sorted(got)}"


def test_equipment_names_rules_reject_unknown_keys():
    with pytest.raises(EquipmentNamesError, match="unknown key.*nouns"):
        parse_rules({"nouns": {"armor": ["tanks"]}})


def test_equipment_names_plain_nouns_must_be_type_nouns():
    with pytest.raises(EquipmentNamesError, match="name_type_nouns: gadgets"):
        parse_rules({"type_nouns": {"armor": ["tanks"]}, "name_type_nouns": ["gadgets"]})
