"""A fresh demo store and a folder holding the example files the README's commands name
(reports/, tracks/, notes.facts.yaml, report.txt, corpus/), for tests that run commands as a
user would right after `make demo`."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from click.testing import CliRunner

from milgraph.cli import main

# A short report and its gold file for `milgraph eval`, written for these tests.
EVAL_REPORT = """Cargo flight reaches Benina

A Russian Il-76 flew from Khmeimim in Syria to Benina in Libya on 3 March 2025, officials said.
"""
EVAL_GOLD = {
    "report": {"file": "01_cargo.txt", "title": "Cargo flight reaches Benina", "url": None,
               "published": "2025-03-05", "publisher": "test desk"},
    "entities": [
        {"name": "Russia", "aliases": [], "label": "Actor", "kind": "state"},
        {"name": "Khmeimim", "aliases": [], "label": "Base", "kind": "airbase"},
        {"name": "Benina", "aliases": [], "label": "Base", "kind": "airport"},
        {"name": "Syria", "aliases": [], "label": "Place", "kind": "country"},
        {"name": "Libya", "aliases": [], "label": "Place", "kind": "country"},
    ],
    "relations": [],
    "events": [{"label": "Flight", "date": "2025-03-03", "count": None, "modality": "reported",
                "roles": {"BY": ["Russia"], "FROM": ["Khmeimim"], "TO": ["Benina"]}, "evidence": "e"}],
}


def demo_files() -> Path:
    import milgraph.demo

    return Path(milgraph.demo.__path__[0])


def make_workspace(root: Path) -> Path:
    """The files the README's examples name, taken from the bundled demo data."""
    demo = demo_files()
    shutil.copytree(demo / "reports", root / "reports")
    shutil.copytree(demo / "tracks", root / "tracks")
    shutil.copy(demo / "facts" / "theatre.facts.yaml", root / "notes.facts.yaml")
    shutil.copy(demo / "reports" / "03_an-124-first-direct-flight.txt", root / "report.txt")
    (root / "corpus" / "reports").mkdir(parents=True)
    (root / "corpus" / "gold").mkdir(parents=True)
    (root / "corpus" / "reports" / "01_cargo.txt").write_text(EVAL_REPORT)
    (root / "corpus" / "reports" / "index.json").write_text(json.dumps([{**EVAL_GOLD["report"]}]))
    (root / "corpus" / "gold" / "01_cargo.json").write_text(json.dumps(EVAL_GOLD))
    return root


class DemoCli:
    """Runs `milgraph ARGS` in-process against a demo store of its own (MILGRAPH_DB). Each
    command starts and stops the store's server (MILGRAPH_IDLE_TIMEOUT=0, as elsewhere in the
    tests); :meth:`close` makes sure none is left running."""

    def __init__(self, root: Path):
        self.db = root / "db"
        self.other_dbs: set[str] = set()  # stores of other --db options the commands used
        self.env = {"MILGRAPH_DB": str(self.db), "NEO4J_URI": "", "MILGRAPH_IDLE_TIMEOUT": "0"}
        result = self(["demo", "--out", str(root / "out")])
        if result.exit_code != 0:
            self.close()
            raise AssertionError(f"milgraph demo failed: {result.output[-2000:]}")

    def __call__(self, args: list[str]):
        return CliRunner().invoke(main, args, env=self.env)

    def close(self) -> None:
        self(["store", "stop"])
        for db in sorted(self.other_dbs):
            self(["--db", db, "store", "stop"])
