"""Entity coverage as data: tests/data/entity_cases.yaml, one case per rule (text, the
entities it must give and those it must not)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from milgraph.loaders.extract import extract_text

CASES = yaml.safe_load((Path(__file__).parent / "data" / "entity_cases.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", CASES, ids=[c["rule"] for c in CASES])
def test_entity_case(case):
    got = {f"{e.labels[0]}:{e.name}" for e in extract_text(case["text"], published=case.get("published")).entities}
    missing = [x for x in case.get("expect", []) if x not in got]
    wrong = [x for x in case.get("reject", []) if x in got]
    assert not missing and not wrong, f"missing {missing}, unwanted {wrong}; got {sorted(got)}"
