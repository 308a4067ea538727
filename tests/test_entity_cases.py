"""Entity coverage as data, one case per mechanism (text, the entities it must give and those it
must not): tests/data/entity_cases.yaml (names in general), actors_cases.yaml (formations,
companies, outlets, sources) and things_cases.yaml (places, bases, equipment, aircraft, vessels)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from milgraph.loaders.extract import extract_text
from support import case_param

CASE_FILES = ("entity_cases.yaml", "actors_cases.yaml", "things_cases.yaml", "names_cases.yaml")
CASES = [(name, case) for name in CASE_FILES
         for case in yaml.safe_load((Path(__file__).parent / "data" / name).read_text(encoding="utf-8"))]


@pytest.mark.parametrize("case", [case_param(c, f"{n.split('_')[0]}:{c['rule']}") for n, c in CASES])
def test_entity_case(case):
    entities = extract_text(case["text"], published=case.get("published")).entities
    got = {f"{e.labels[0]}:{e.name}" for e in entities}
    missing = [x for x in case.get("expect", []) if x not in got]
    wrong = [x for x in case.get("reject", []) if x in got]
    assert not missing and not wrong, f"missing {missing}, unwanted {wrong}; got {sorted(got)}"
    aliases = {f"{e.labels[0]}:{e.name}": set(e.aliases) for e in entities}
    for name, forms in (case.get("aliases") or {}).items():  # surface forms the entity must list
        assert set(forms) <= aliases.get(name, set()), f"{name}: aliases {sorted(aliases.get(name, ()))}, want {forms}"
