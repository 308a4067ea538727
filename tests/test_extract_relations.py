"""Static relations read from the parse: the cases of tests/data/relation_cases.yaml and
relation_coref_cases.yaml (each pins
the rule that should produce its facts) and properties every extraction keeps."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from milgraph.loaders.extract import extract_text
from support import relations_by_ends
from milgraph.loaders.extract.relation_rules import load_rules

CASES = [case for name in ("relation_cases.yaml", "relation_coref_cases.yaml")
         for case in yaml.safe_load((Path(__file__).parent / "data" / name).read_text(encoding="utf-8"))["cases"]]


def _facts(text: str, published: str | None = None) -> dict[tuple[str, str, str], object]:
    return relations_by_ends(extract_text(text, published=published).relations)


@pytest.mark.parametrize("case", CASES, ids=[f"{c.get('rule') or 'resolve'}:{c['text'][:40]}" for c in CASES])
def test_relation_case(case):
    got = _facts(case["text"], case.get("published"))
    for fact in case.get("expect", []):
        kind, start, end, *mod = fact.split()
        rel = got.get((kind, start, end))
        assert rel is not None, f"missing {fact}; got {sorted(got)}"
        if mod:
            assert rel.modality == mod[0], f"{fact}: modality {rel.modality}"
        if case.get("rule"):
            assert case["rule"] in rel.rules, f"{fact} came from {rel.rules}, not {case['rule']}"
        if "attributed_to" in case:
            assert rel.attributed_to == case["attributed_to"]
    for fact in case.get("absent", []):
        assert tuple(fact.split()[:3]) not in got, f"unexpected {fact}"


def test_every_case_names_a_known_rule():
    ids = {r.id for r in load_rules().rules}
    assert {c["rule"] for c in CASES if c.get("rule")} <= ids


def test_every_relation_endpoint_is_an_entity():
    ex = extract_text("The Kremlin-backed LNA controls eastern Libya, where Wagner maintains a presence in Sirte.")
    ents = {e.id for e in ex.entities}
    assert ex.relations and all(r.start in ents and r.end in ents for r in ex.relations)


def test_every_relation_names_its_rules():
    ex = extract_text("Russian Foreign Minister Sergei Lavrov met Khalifa Haftar, the commander of the "
                      "Libyan National Army.")
    known = {x.id for x in load_rules().rules}
    read = [r for r in ex.relations if r.rules]
    assert read and all(set(r.rules) <= known for r in read)
    assert "rules" in ex.to_json()["relations"][0]


def test_extract_explain_shows_rules_and_sentence(tmp_path):
    from click.testing import CliRunner

    from milgraph.cli.extract_commands import extract

    report = tmp_path / "note.txt"
    report.write_text("Note\n\nThe Iran-backed Hezbollah moved rockets north.\n", encoding="utf-8")
    out = CliRunner().invoke(extract, [str(report), "--explain"])
    assert out.exit_code == 0, out.output
    assert ("BACKS Iran -> Hezbollah [confirmed]: hyphen.backed | The Iran-backed Hezbollah moved rockets north."
            in out.output)
