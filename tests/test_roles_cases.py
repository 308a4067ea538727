"""Role completion (guide 7, Roles): the cases of tests/data/roles_cases.yaml, own words, one
mechanism each, run by one parametrized test."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from milgraph.loaders.extract import extract_text
from support import case_param

CASES = yaml.safe_load((Path(__file__).parent / "data" / "roles_cases.yaml").read_text(encoding="utf-8"))
_KEYS = {"id", "mechanism", "text", "published", "expect", "absent_roles", "absent_fillers", "gap"}


def test_cases_have_known_keys():
    for case in CASES:
        assert set(case) <= _KEYS, f"roles_cases.yaml, case {case.get('id')}: unknown keys {set(case) - _KEYS}"


def _has(event, want: dict) -> bool:
    return event.label == want["label"] and all(
        x in event.roles.get(role, []) for role, xs in want.get("roles", {}).items() for x in xs)


@pytest.mark.parametrize("case", [case_param(c) for c in CASES])
def test_roles_case(case):
    events = extract_text(case["text"], published=case.get("published", "2026-05-01")).events
    got = [(e.label, e.roles, e.rules) for e in events]
    for want in case.get("expect") or []:
        found = [e for e in events if _has(e, want)]
        assert found, f"[{case['mechanism']}] no event {want}; got {got}"
        assert any(case["mechanism"] in e.rules for e in found), f"[{case['mechanism']}] not read by it; got {got}"
    for label, roles in (case.get("absent_roles") or {}).items():
        for e in events:
            if e.label == label:
                assert not any(e.roles.get(r) for r in roles), f"[{case['mechanism']}] unexpected {roles} on {label}; got {got}"
    for label, roles in (case.get("absent_fillers") or {}).items():
        for e in (e for e in events if e.label == label):
            for role, xs in roles.items():
                wrong = set(xs) & set(e.roles.get(role, []))
                assert not wrong, f"[{case['mechanism']}] unexpected {role} {sorted(wrong)} on {label}; got {got}"
