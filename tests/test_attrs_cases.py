"""Attributes of events (date, modality, attribution, count): the cases of
tests/data/attrs_cases.yaml and dates_cases.yaml, own words, one mechanism each, run by one parametrized test."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from milgraph.graph.records import Document, ReportMeta
from milgraph.loaders.extract import extract_document
from milgraph.loaders.extract.dates import find_dates
from support import case_param

CASES = [c for name in ("attrs_cases.yaml", "dates_cases.yaml")
         for c in yaml.safe_load((Path(__file__).parent / "data" / name).read_text(encoding="utf-8"))]
_KEYS = {"id", "mechanism", "text", "published", "title", "expect", "absent", "dates", "gap", "relations"}
_ATTRS = ("modality", "date", "count", "attributed_to")


def test_cases_have_known_keys():
    for case in CASES:
        assert set(case) <= _KEYS, f"attrs_cases.yaml/dates_cases.yaml, case {case.get('id')}: unknown keys {set(case) - _KEYS}"


@pytest.mark.parametrize("case", [case_param(c) for c in CASES])
def test_attrs_case(case):
    if "dates" in case:
        hits = find_dates(case["text"], case.get("published"))
        assert [[h.value, h.precision] for h in hits][:len(case["dates"]) or None] == case["dates"]
        return
    doc = Document(text=case["text"], meta=ReportMeta(id="case", title=case.get("title", ""),
                                                      published=case.get("published")))
    extraction = extract_document(doc)
    events = extraction.events
    rels = [(r.type, r.modality) for r in extraction.relations]
    for want in case.get("relations") or []:
        assert (want["type"], want["modality"]) in rels, f"[{case['mechanism']}] no relation {want}; got {rels}"
    got = [(e.label, {k: getattr(e, k) for k in _ATTRS}) for e in events]
    for want in case.get("expect") or []:
        assert any(e.label == want["label"] and all(getattr(e, k) == want[k] for k in _ATTRS if k in want)
                   for e in events), f"[{case['mechanism']}] no event {want}; got {got}"
    for label in case.get("absent") or []:
        assert not [e for e in events if e.label == label], f"[{case['mechanism']}] unexpected {label}; got {got}"
