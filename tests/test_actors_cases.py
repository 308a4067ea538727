"""The unit-name rules in loaders/data/unit_names.yaml: their examples and their loader. The cases
of actors and sources (tests/data/actors_cases.yaml) run in test_entity_cases.py."""

from __future__ import annotations

import pytest

from milgraph.loaders.extract import extract_text
from milgraph.loaders.extract import unit_names

UNIT_EXAMPLES = [(r.id, r.label, text, expect) for r in unit_names.rules()[0] for text, expect in r.examples]


@pytest.mark.parametrize("rule,label,text,expect", UNIT_EXAMPLES, ids=[f"{u[0]}:{u[3]}" for u in UNIT_EXAMPLES])
def test_unit_rule_example(rule, label, text, expect):
    got = {f"{e.labels[0]}:{e.name}" for e in extract_text(text).entities}
    assert f"{label}:{expect}" in got, f"rule {rule}: got {sorted(got)}"


def test_unit_rules_reject_unknown_keys():
    with pytest.raises(unit_names.UnitRulesError, match="rule r1: unknown key"):
        unit_names.parse_rules({"rules": [{"id": "r1", "needs": "name", "nouns": ["Fleet"], "label": "Actor",
                                           "kind": "armed_forces", "colour": "red"}]}, "units.yaml")
    with pytest.raises(unit_names.UnitRulesError, match="units.yaml: rule r2: 'needs'"):
        unit_names.parse_rules({"rules": [{"id": "r2", "needs": "any", "nouns": ["Fleet"], "label": "Actor",
                                           "kind": "armed_forces"}]}, "units.yaml")


def test_name_particles_reject_unknown_uses():
    from milgraph.loaders.extract import names
    with pytest.raises(names.NameRulesError, match="names.yaml: name_particles.al: uses must be"):
        names.parse_rules({"name_particles": {"al": ["person", "street"]}}, "names.yaml")
    got = names.parse_rules({"name_particles": {"de": ["place", "ship"], "de la": ["place"], "d'": ["company"]}}, "x")
    assert got.particles["place"] == r"(?:de\ la|de)" and got.particles["company"] == "(?:d['\u2019])"
    assert got.particles["person"] == "(?:(?!x)x)"  # no word: matches nothing
