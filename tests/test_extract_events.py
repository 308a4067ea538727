"""Events: the frame examples and the case file (one parametrized test each), the frame
schema, and what holds for every extraction (ids, entities behind roles, determinism)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from milgraph.graph.records import Document, ReportMeta
from milgraph.loaders.extract import event_frames
from milgraph.loaders.extract.event_frames import FrameError, frames, load_frames
from milgraph.loaders.extract import extract_document, extract_text
from milgraph.graph.happenings import Claim, Containment, compatible
from milgraph.loaders.extract.resolve import event_id
from support import case_param

CASES = yaml.safe_load((Path(__file__).parent / "data" / "events" / "cases.yaml").read_text(encoding="utf-8"))
FRAME_DIR = Path(event_frames.__file__).parent.parent / "data" / "events"


def _extract(text: str, title: str = "", published: str | None = None, publisher: str | None = None):
    doc = Document(text=text, meta=ReportMeta(id="case", title=title, published=published, publisher=publisher))
    return extract_document(doc)


def _matches(ev, want: dict) -> bool:
    if ev.label != want["label"]:
        return False
    for role, fillers in (want.get("roles") or {}).items():
        if sorted(ev.roles.get(role, [])) != sorted(fillers):
            return False
    return all(getattr(ev, key) == want[key] for key in ("modality", "date", "count") if key in want)


def _check(events, case: dict) -> None:
    for want in case.get("expect") or []:
        found = [ev for ev in events if _matches(ev, want)]
        assert found, f"no event {want}; got {[(e.label, e.roles, e.modality, e.date, e.count) for e in events]}"
        rule = case.get("rule")
        if rule:
            assert any(rule in ev.rules for ev in found) or any(rule in ev.rules for ev in events), \
                f"rule {rule} not among {[ev.rules for ev in found]}"
    for label in case.get("absent") or []:
        assert not [e for e in events if e.label == label], f"unexpected {label}"
    for label, n in (case.get("count_of") or {}).items():
        assert len([e for e in events if e.label == label]) == n, f"expected {n} {label} events"


@pytest.mark.parametrize("case", [case_param(c) for c in CASES])
def test_event_case(case):
    ex = _extract(case["text"], case.get("title", ""), case.get("published"), case.get("publisher"))
    _check(ex.events, case)


EXAMPLES = [pytest.param(f, ex, id=f"{f.id}-{i}") for f in frames().frames for i, ex in enumerate(f.examples)]


@pytest.mark.parametrize(("frame", "example"), EXAMPLES)
def test_frame_example(frame, example):
    events = extract_text(example.text, published=example.published).events
    _check(events, {"expect": list(example.expect), "rule": frame.id})


def test_every_frame_and_rule_id_is_unique():
    ids = [f.id for f in frames().frames]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize(("patch", "message"), [
    ("  - id: flight.fly\n    colour: red\n", "unknown key(s) colour"),
    ("  - id: flight.fly\n    roles:\n      - {id: x, rel: subject, role: PILOT}\n", "unknown role 'PILOT'"),
    ("  - id: flight.fly\n    roles:\n      - {id: x, rel: 'prep:beside', role: TO}\n", "unknown relation 'prep:beside'"),
    ("  - id: flight.fly\n    relabel:\n      - {when: vehicle_aircraft, label: Parade}\n", "unknown label 'Parade'"),
    ("  - id: flight.fly\n    requires_repeat: twice\n", "requires_repeat must be true or false"),
])
def test_a_bad_frame_file_is_an_error_naming_file_and_entry(tmp_path, patch, message):
    (tmp_path / "common.yaml").write_text((FRAME_DIR / "common.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "flight.yaml").write_text("label: Flight\nframes:\n" + patch, encoding="utf-8")
    with pytest.raises(FrameError) as err:
        load_frames(tmp_path)
    assert "flight.yaml" in str(err.value) and "flight.fly" in str(err.value) and message in str(err.value)


def test_an_unknown_label_names_the_file(tmp_path):
    (tmp_path / "common.yaml").write_text((FRAME_DIR / "common.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "parade.yaml").write_text("label: Parade\nframes: []\n", encoding="utf-8")
    with pytest.raises(FrameError, match="parade.yaml: unknown label 'Parade'"):
        load_frames(tmp_path)


@pytest.mark.parametrize(("patch", "message"), [
    ("cargo_anaphora:\n  determiners: [the]\n  colour: red\n", "cargo_anaphora: unknown key(s) colour"),
    ("cargo_anaphora:\n  categories:\n    vehicle: [tanks]\n", "cargo_anaphora: unknown category 'tanks'"),
    ("word_classes:\n  boat_nouns: [skiff]\n", "word_classes: unknown key(s) boat_nouns"),
])
def test_a_bad_cargo_anaphora_entry_names_the_file(tmp_path, patch, message):
    common = (FRAME_DIR / "common.yaml").read_text(encoding="utf-8").split("cargo_anaphora:")[0]
    (tmp_path / "common.yaml").write_text(common + patch, encoding="utf-8")
    with pytest.raises(FrameError) as err:
        load_frames(tmp_path)
    assert "common.yaml" in str(err.value) and message in str(err.value)


def test_every_word_class_is_filled_and_every_one_the_code_asks_for_is_declared():
    """A class misspelt in common.yaml is rejected by the loader; a class left out would read as
    empty, and one misspelt in the code would fail only on the sentence that reaches it."""
    classes = frames().lexicon.word_classes
    assert [name for name in event_frames.WORD_CLASSES if not classes[name]] == []
    code = "".join(p.read_text(encoding="utf-8") for p in Path(event_frames.__file__).parent.glob("*.py"))
    asked = set(re.findall(r'word_class\("([a-z_]+)"\)', code))
    assert asked and asked <= set(event_frames.WORD_CLASSES), asked - set(event_frames.WORD_CLASSES)


def test_event_id_names_the_claim_and_claims_at_two_precisions_are_one_happening():
    a = next(e for e in extract_text("Russia moved S-400 radars from Syria to Libya on 3 January 2025.").events
             if e.label == "Transfer")
    b = next(e for e in extract_text("In January 2025, Moscow moved S-400 radars out of Syria to Libya.").events
             if e.label == "Transfer")
    assert a.id == event_id(a) and event_id(a) != event_id(b)  # each report's claim keeps its own id
    claims = [Claim.of(e.id, report, e.label, e.date, e.roles, e.modality) for e, report in ((a, "r1"), (b, "r2"))]
    assert compatible(*claims, Containment())  # the graph joins them into one event (graph.happenings)


def test_roles_point_to_entities_and_spans_to_text():
    text = "Russia sent weapons and military instructors to Bamako. Sudan offered Russia a naval base at Port Sudan."
    ex = extract_text(text)
    ents = {e.id for e in ex.entities}
    assert ex.events
    for ev in ex.events:
        assert all(x in ents for ids in ev.roles.values() for x in ids)
        assert text[ev.span.start:ev.span.end] in ev.evidence
        assert ev.rules  # which frame and role rules read it


def test_rules_are_in_the_json_and_not_a_role():
    data = extract_text("Russia moved S-300 launchers to Benghazi.").to_json()
    ev = data["events"][0]
    assert ev["rules"][0] == "transfer.move" and "rules" not in ev["roles"]


def test_extraction_is_deterministic():
    text = "Russia is moving S-300 launchers from Syria to eastern Libya, US officials told Reuters."
    assert extract_text(text).to_json() == extract_text(text).to_json()


def test_extract_explain_lists_each_events_rules(tmp_path):
    from click.testing import CliRunner

    from milgraph.cli.extract_commands import extract

    report = tmp_path / "r.txt"
    report.write_text("Radars on the move\n\nRussia moved S-300 launchers from Tartus to Benghazi.\n", encoding="utf-8")
    result = CliRunner().invoke(extract, [str(report), "--explain"])
    assert result.exit_code == 0, result.output
    assert "Transfer [transfer.move, move.subject, move.object, move.from, move.to]: Russia moved" in result.output
