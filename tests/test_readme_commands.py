"""Every `milgraph ...` command in the README's shell blocks runs as written right after
`make demo`: against a fresh demo store (MILGRAPH_DB, as the README's quick start says), in a
folder holding the example files the commands name, in README order; each exits 0 and prints
something. Only commands that need a Neo4j server or the network are skipped, with the reason."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from demo_workspace import DemoCli, make_workspace

README = Path(__file__).resolve().parent.parent / "README.md"
# A command line holding one of these is not run here, for the reason given.
SKIPPED = {
    "--uri neo4j://graph.example": "needs a Neo4j cluster (graph.example is an example address)",
}
# Placeholders the README explains next to the command, and how a user finds the value.
PLACEHOLDERS = {
    "REPORT_ID": "MATCH (r:Report) WHERE r.title STARTS WITH 'An-124' RETURN r.id AS id",
}


def readme_commands(text: str) -> list[str]:
    """The `milgraph ...` lines of the README's ```sh blocks, in order."""
    commands = []
    for block in re.findall(r"^```sh\n(.*?)^```", text, flags=re.S | re.M):
        commands += [line.strip() for line in block.splitlines() if line.strip().startswith("milgraph ")]
    return commands


def split_command(line: str) -> tuple[list[str], str | None]:
    """(arguments after `milgraph`, file of a trailing `> FILE` redirect); comments dropped."""
    words = shlex.split(line, comments=True)
    target = None
    if len(words) > 2 and words[-2] == ">":
        words, target = words[:-2], words[-1]
    return words[1:], target


COMMANDS = readme_commands(README.read_text(encoding="utf-8"))


def test_the_readme_has_commands_for_every_part_and_skips_few():
    assert len(COMMANDS) >= 40
    skipped = [c for c in COMMANDS if any(k in c for k in SKIPPED)]
    assert len(skipped) <= 2, skipped


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    root = make_workspace(tmp_path_factory.mktemp("readme"))
    cli = DemoCli(root)
    yield root, cli
    cli.close()


@pytest.mark.parametrize("line", COMMANDS)
def test_readme_command_runs_as_written(demo, monkeypatch, line):
    reason = next((why for key, why in SKIPPED.items() if key in line), None)
    if reason:
        pytest.skip(reason)
    root, cli = demo
    monkeypatch.chdir(root)
    args, target = split_command(line)
    if "--db" in args:  # a second store: its server is stopped with the demo's
        cli.other_dbs.add(str(root / args[args.index("--db") + 1]))
    for placeholder, cypher in PLACEHOLDERS.items():
        if placeholder in args:
            found = cli(["cypher", cypher, "--format", "csv"]).stdout.splitlines()[1]
            args = [found if a == placeholder else a for a in args]
    result = cli(args)
    assert result.exit_code == 0, f"{line}\n-> exit {result.exit_code}: {result.output[-1500:]}"
    assert result.output.strip(), f"{line} printed nothing"
    if target:
        (root / target).write_text(result.stdout, encoding="utf-8")
