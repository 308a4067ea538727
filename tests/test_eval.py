"""The scorer: matching rules and micro-averaging, on tiny hand-made gold files."""

from __future__ import annotations

import json

from click.testing import CliRunner

from milgraph.cli import main
from milgraph.graph.records import Entity, Event, Extraction, Relation, ReportMeta
from milgraph.loaders.evaluate import evaluate, score_file

GOLD = {
    "report": {"file": "r.txt", "title": "t", "url": None, "published": None, "publisher": "x"},
    "entities": [
        {"name": "Russia", "aliases": ["Moscow"], "label": "Actor", "kind": "state"},
        {"name": "Libya", "aliases": [], "label": "Place", "kind": "country"},
        {"name": "S-400", "aliases": [], "label": "Equipment", "kind": "air_defense"},
    ],
    "relations": [{"type": "PRESENT_IN", "start": "Russia", "end": "Libya", "modality": "confirmed", "evidence": "e"}],
    "events": [{"label": "Transfer", "date": None, "count": None, "modality": "reported",
                "roles": {"BY": ["Russia"], "CARRIED": ["S-400"], "TO": ["Libya"]}, "evidence": "e"}],
}


def pred(entities, relations=(), events=()):
    return Extraction(report=ReportMeta(id="r"), entities=list(entities), relations=list(relations), events=list(events))


def test_alias_and_case_insensitive_names_match():
    p = pred([Entity("actor:moscow", "MOSCOW", ["Actor"]), Entity("place:libya", "libya", ["Place"])])
    fs = score_file("r", p, GOLD)
    assert (fs.entities.tp, fs.entities.pred, fs.entities.gold) == (2, 2, 3)


def test_label_must_agree():
    fs = score_file("r", pred([Entity("place:russia", "Russia", ["Place"])]), GOLD)
    assert fs.entities.tp == 0


def test_relation_matches_after_entity_mapping():
    ents = [Entity("actor:moscow", "Moscow", ["Actor"]), Entity("place:libya", "Libya", ["Place"])]
    fs = score_file("r", pred(ents, [Relation("PRESENT_IN", "actor:moscow", "place:libya")]), GOLD)
    assert fs.relations.tp == 1 and fs.rel_modality.right == 1


def test_event_roles_are_tuples():
    ents = [Entity("actor:russia", "Russia", ["Actor"]), Entity("equipment:s-400", "S-400", ["Equipment"]),
            Entity("place:syria", "Syria", ["Place"])]
    ev = Event("e", ["Event", "Transfer"], roles={"BY": ["actor:russia"], "CARRIED": ["equipment:s-400"],
                                                  "FROM": ["place:syria"]}, modality="reported")
    fs = score_file("r", pred(ents, events=[ev]), GOLD)
    assert (fs.events.tp, fs.events.pred, fs.events.gold) == (2, 3, 3)
    assert fs.ev_modality.right == 1 and fs.ev_date.right == 1


def test_eval_command_prints_micro_lines(tmp_path):
    reports, gold = tmp_path / "reports", tmp_path / "gold"
    reports.mkdir(), gold.mkdir()
    (reports / "r.txt").write_text("Russia sends S-400 to Libya\n\nRussia has a presence in Libya.\n", encoding="utf-8")
    (gold / "r.json").write_text(json.dumps(GOLD), encoding="utf-8")
    result = CliRunner().invoke(main, ["eval", str(reports), str(gold)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert any(line.startswith("entities P=") for line in lines)
    assert any(line.startswith("relations P=") for line in lines)
    assert any(line.startswith("event-roles P=") for line in lines)
    r = evaluate(reports, gold)
    assert r.micro.relations.tp == 1


def test_extract_command_prints_json(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text("Jets at Hmeimim\n\nTwo Su-34 jets were seen at Hmeimim.\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["extract", str(f), "--json", "--published", "2025-01-02"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert {"report", "entities", "relations", "events"} <= set(data)
    assert any(e["id"] == "base:khmeimim" for e in data["entities"])
