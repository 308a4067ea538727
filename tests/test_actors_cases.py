"""Names of actors and sources as data: tests/data/actors_cases.yaml (one case per mechanism:
text, the entities it must give and those it must not) and the examples of the unit-name
rules in loaders/data/unit_names.yaml."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from milgraph.loaders.extract import extract_text
from milgraph.loaders.extract import unit_names

CASES = yaml.safe_load((Path(__file__).parent / "data" / "actors_cases.yaml").read_text(encoding="utf-8"))
UNIT_EXAMPLES = [(r.id, r.label, text, expect) for r in unit_names.rules()[0] for text, expect in r.examples]


@pytest.mark.parametrize("case", CASES, ids=[c["rule"] for c in CASES])
def test_actor_case(case):
    got = {f"{e.labels[0]}:{e.name}" for e in extract_text(case["text"], published=case.get("published")).entities}
    missing = [x for x in case.get("expect", []) if x not in got]
    wrong = [x for x in case.get("reject", []) if x in got]
    assert not missing and not wrong, f"missing {missing}, unwanted {wrong}; got {sorted(got)}"


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
