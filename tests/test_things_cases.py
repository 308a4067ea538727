"""The equipment-name rules' loader (loaders/data/patterns.yaml, equipment_names); the cases of
places, bases, equipment, aircraft and vessels (tests/data/things_cases.yaml) run in
test_entity_cases.py."""

from __future__ import annotations

import pytest

from milgraph.loaders.extract.equipment_names import EquipmentNamesError, parse_rules

def test_equipment_names_rules_reject_unknown_keys():
    with pytest.raises(EquipmentNamesError, match="unknown key.*nouns"):
        parse_rules({"nouns": {"armor": ["tanks"]}})


def test_equipment_names_plain_nouns_must_be_type_nouns():
    with pytest.raises(EquipmentNamesError, match="name_type_nouns: gadgets"):
        parse_rules({"type_nouns": {"armor": ["tanks"]}, "name_type_nouns": ["gadgets"]})
