"""`--format table|json|csv` on every command that prints rows: strict JSON (a list of objects),
CSV with a header, the same columns in both."""

from __future__ import annotations

import csv
import io
import json

import pytest
from demo_workspace import DemoCli, make_workspace

# Every row-printing command, with the columns its rows have ("..." at the end: and more).
ROW_COMMANDS = [
    (["query", "list"], ["name", "title", "parameters"]),
    (["query", "run", "flights_between", "-p", "from=Khmeimim", "-p", "to=Libya"],
     ["date", "flight", "direction", "origin", "destination", "trips", "aircraft", "operators", "modality", "source_count"]),
    (["cypher", "MATCH (b:Base) RETURN b.id AS id, b.name AS name ORDER BY id"], ["id", "name"]),
    (["stats"], ["kind", "name", "count"]),
    (["duplicates"], ["score", "label", "kind", "a", "a_name", "b", "b_name", "matched", "merge"]),
    (["rejected", "--all"], ["created", "action", "subject", "value"]),
    (["store", "status"], ["data_dir", "running", "..."]),  # more fields while the server runs
    (["extract", "--unplaced", "reports/05_bogdanov-in-damascus.txt"], ["name"]),
    (["eval", "corpus/reports", "corpus/gold"],
     ["file", "entities_p", "entities_r", "entities_f1", "relations_p", "relations_r", "relations_f1",
      "events_p", "events_r", "events_f1"]),
]


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    root = make_workspace(tmp_path_factory.mktemp("formats"))
    cli = DemoCli(root)
    cli(["alias", "add", "base:khmeimim", "Latakia air base"])  # so that `rejected --all` has a row
    yield root, cli
    cli.close()


@pytest.mark.parametrize("args,columns", ROW_COMMANDS, ids=[" ".join(a[:2]) for a, _ in ROW_COMMANDS])
def test_rows_come_as_table_strict_json_and_csv_with_a_header(demo, monkeypatch, args, columns):
    root, cli = demo
    monkeypatch.chdir(root)
    table = cli([*args, "--format", "table"])
    assert table.exit_code == 0 and table.output.strip(), table.output
    as_json = cli([*args, "--format", "json"])
    assert as_json.exit_code == 0, as_json.output
    rows = json.loads(as_json.stdout, parse_constant=lambda c: pytest.fail(f"not strict JSON: {c}"))
    assert isinstance(rows, list) and rows and all(isinstance(r, dict) for r in rows), as_json.stdout[:300]
    known = columns[:-1] if columns[-1] == "..." else columns
    assert list(rows[0])[:len(known)] == known and (columns[-1] == "..." or len(rows[0]) == len(known))
    as_csv = cli([*args, "--format", "csv"])
    assert as_csv.exit_code == 0, as_csv.output
    read = list(csv.reader(io.StringIO(as_csv.stdout)))
    assert read[0] == list(rows[0]) and len(read) == len(rows) + 1


def test_an_unknown_format_is_refused():
    from click.testing import CliRunner

    from milgraph.cli import main

    result = CliRunner().invoke(main, ["stats", "--format", "xml"])
    assert result.exit_code == 2 and "'xml' is not one of 'table', 'json', 'csv'" in result.output


def test_extract_tables_have_no_single_csv_form(demo, monkeypatch):
    root, cli = demo
    monkeypatch.chdir(root)
    refused = cli(["extract", "report.txt", "--format", "csv"])
    assert refused.exit_code == 2 and "use it with --unplaced" in refused.output
    as_json = cli(["extract", "report.txt", "--format", "json"])
    assert as_json.exit_code == 0 and json.loads(as_json.stdout)["entities"]


def test_analyze_prints_its_tables_or_one_strict_json_document(demo):
    _, cli = demo
    as_json = cli(["analyze", "--no-write", "--since", "2024-12", "--format", "json"])
    assert as_json.exit_code == 0 and "hubs" in json.loads(as_json.stdout)
    refused = cli(["analyze", "--format", "csv"])
    assert refused.exit_code == 2 and "--format csv needs one: use --format json" in refused.output
