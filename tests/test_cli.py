"""The command line: thin commands, one-line errors, same behaviour on both backends."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from support import cli_against

from milgraph.cli import main

FACTS = """\
entities:
  - {name: Russia, label: Actor, kind: state}
  - {name: Tartus, label: Base, kind: naval_base}
  - {name: Syria, label: Place, kind: country}
relations:
  - {type: OPERATES, start: Russia, end: Tartus}
  - {type: LOCATED_IN, start: Tartus, end: Syria}
"""


@pytest.fixture
def cli(store, falkordb_config):
    """Runs `milgraph ...` against the same (emptied) database as `store`."""
    return cli_against(store, falkordb_config)


@pytest.fixture
def facts_file(tmp_path):
    path = tmp_path / "tartus.yaml"
    path.write_text(FACTS)
    return path


def test_help_works_with_h():
    result = CliRunner().invoke(main, ["ingest", "-h"])
    assert result.exit_code == 0 and "Usage: main ingest" in result.output


def test_init_reports_what_it_created(cli):
    result = cli("init")
    assert result.exit_code == 0 and ("created" in result.output or "already in place" in result.output)


def test_ingest_twice_gives_the_same_stats(cli, facts_file):
    assert cli("ingest", str(facts_file)).exit_code == 0
    once = json.loads(cli("stats", "--json").output)
    again = cli("ingest", str(facts_file))
    assert again.exit_code == 0 and "skipped 1" in again.output
    assert json.loads(cli("stats", "--json").output) == once
    assert once["labels"]["Base"] == 1 and once["types"]["LOCATED_IN"] == 1


def test_ingest_exits_non_zero_when_a_file_fails(cli, facts_file, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("relations:\n  - {type: NEIGHBOURS, start: a, end: b}\n")
    result = cli("ingest", str(bad), str(facts_file))
    assert result.exit_code == 1
    assert "loaded 1" in result.output and "bad.yaml:2" in result.output


def test_cypher_takes_parameters_as_values(cli, facts_file):
    cli("ingest", str(facts_file))
    result = cli("cypher", "MATCH (b:Base {name: $name}) RETURN b.id AS id", "-p", "name=Tartus", "--format", "json")
    assert json.loads(result.output) == [{"id": "base:tartus"}]


def test_cypher_is_read_only_unless_asked(cli):
    result = cli("cypher", "CREATE (:Report {id: 'report:x'})")
    assert result.exit_code == 1
    assert result.output.strip() == ("error: this statement writes to the graph, and reads are read-only; "
                                      "add --write to allow it")
    assert cli("cypher", "CREATE (:Report {id: 'report:x'})", "--write").exit_code == 0


def test_a_bad_query_is_one_line_without_traceback(cli):
    result = cli("cypher", "MATCH (n RETURN n")
    assert result.exit_code == 1 and result.output.startswith("error: ") and "Traceback" not in result.output


def test_debug_shows_the_traceback(cli):
    from milgraph.errors import StoreError

    with pytest.raises(StoreError):
        cli("--debug", "cypher", "MATCH (n RETURN n")


def test_wrong_neo4j_password_is_a_clear_error_that_never_prints_it():
    result = CliRunner().invoke(main, ["--uri", "bolt://127.0.0.1:1", "--password", "s3cret-pw", "stats"])
    assert result.exit_code == 1 and "cannot reach Neo4j at bolt://127.0.0.1:1" in result.output
    assert "s3cret-pw" not in result.output


def test_url_override_with_a_folder_is_refused(tmp_path):
    result = CliRunner().invoke(main, ["--db", str(tmp_path / "db"), "ingest", str(tmp_path), "--url", "https://x.org/a"])
    assert result.exit_code == 1 and "--url names one report" in result.output


def test_published_override_must_be_a_date(tmp_path):
    report = tmp_path / "r.txt"
    report.write_text("Title\n\nBody text about Tartus.\n")
    result = CliRunner().invoke(main, ["--db", str(tmp_path / "db"), "ingest", str(report), "--published", "someday"])
    assert result.exit_code == 2 and "is not a date" in result.output


def test_demo_on_neo4j_refuses_to_clear_without_yes(neo4j_config):
    result = CliRunner().invoke(main, ["--uri", neo4j_config.neo4j_uri, "demo"],
                                env={"NEO4J_PASSWORD": neo4j_config.neo4j_password})
    assert result.exit_code == 1 and "add --yes" in result.output


def test_extract_prints_tables_and_json_on_request(tmp_path):
    report = tmp_path / "r.txt"
    report.write_text("Convoy leaves Tartus\n\nRussian trucks left the port of Tartus for Khmeimim on 3 January 2025.\n")
    tables = CliRunner().invoke(main, ["extract", str(report)])
    as_json = CliRunner().invoke(main, ["extract", str(report), "--json"])
    assert tables.exit_code == 0 and "Entities" in tables.output and "Tartus" in tables.output
    assert json.loads(as_json.output)["report"]["title"] == "Convoy leaves Tartus"


def test_a_broken_pipe_ends_the_command_quietly(tmp_path):
    """`milgraph ... | head -1`: the reader goes away, the command stops without a traceback."""
    import subprocess
    import sys

    from support import clean_env

    run = subprocess.Popen([sys.executable, "-m", "milgraph", "--db", str(tmp_path / "db"), "cypher",
                            "UNWIND range(1, 200000) AS i RETURN i"], stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, env={**clean_env(), "MILGRAPH_IDLE_TIMEOUT": "0"})
    run.stdout.readline()
    run.stdout.close()
    err = run.stderr.read().decode()
    assert run.wait(timeout=120) == 0 and "Traceback" not in err and "Broken pipe" not in err


def test_the_demo_refuses_to_clear_a_store_it_did_not_create(tmp_path):
    from click.testing import CliRunner

    from milgraph.cli import main

    facts = tmp_path / "mine.facts.yaml"
    facts.write_text("entities:\n" + "".join(f"  - {{name: Depot {i}, label: Base, kind: facility}}\n"
                                             for i in range(40)))
    db = str(tmp_path / "db")
    env = {"MILGRAPH_IDLE_TIMEOUT": "0", "NEO4J_URI": ""}
    assert CliRunner().invoke(main, ["--db", db, "ingest", str(facts)], env=env).exit_code == 0
    result = CliRunner().invoke(main, ["--db", db, "demo", "--out", str(tmp_path / "out")], env=env)
    assert result.exit_code == 1 and "which it did not create" in result.output
    stats = CliRunner().invoke(main, ["--db", db, "stats"], env=env)
    assert "40 nodes" in stats.output or "41 nodes" in stats.output
