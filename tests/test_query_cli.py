"""`milgraph query list|show|run`: the canned queries from the command line, on both backends."""

from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from support import cli_against

from milgraph.cli import main

sys.path.insert(0, str(Path(__file__).resolve().parent))

from fixture_graph import write_fixture_graph  # noqa: E402


@pytest.fixture
def cli(store, falkordb_config):
    """Runs `milgraph ...` against the same database as `store`, holding the fixture graph."""
    write_fixture_graph(store)
    return cli_against(store, falkordb_config)


def offline(*args: str):
    """Commands that need no database."""
    return CliRunner().invoke(main, list(args), env={"NEO4J_URI": ""}, catch_exceptions=False)


def test_list_names_every_query_with_its_parameters():
    result = offline("query", "list")
    assert result.exit_code == 0
    assert "supply_routes" in result.output and "from=place:russia" in result.output
    from milgraph.queries.registry import list_queries

    assert result.output.strip().endswith(f"({len(list_queries())} rows)")


def test_show_prints_description_parameters_and_cypher():
    result = offline("query", "show", "flights_between")
    assert result.exit_code == 0
    assert "both_ways (bool, default true)" in result.output
    assert "Columns: date, flight, direction" in result.output
    assert "MATCH" in result.output


def test_show_unknown_name_is_one_line_listing_the_queries():
    result = offline("query", "show", "nope")
    assert result.exit_code == 1
    assert result.output.startswith("error: no canned query named 'nope'; the queries are: actor_network,")
    assert result.output.count("\n") == 1


def test_run_prints_an_aligned_table_by_default(cli):
    result = cli("query", "run", "equipment_moved_out", "-p", "place=Tartus", "-p", "since=2025")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split() == ["date", "event", "type", "equipment", "category", "origin", "destination", "by",
                                "modality", "source_count"]
    assert set(lines[1]) <= {"-", " "}
    assert lines[2].startswith("2025-01") and "event:tartus-exit" in lines[2]
    assert lines[0].index("event") == lines[2].index("event:tartus-exit")  # aligned
    assert lines[-1] == "(1 row)"


def test_run_json_gives_rows_for_scripts(cli):
    result = cli("query", "run", "corroborated_events", "--format", "json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert [r["event"] for r in rows] == ["event:s300-move", "event:s400-lift"]
    assert rows[0]["publishers"] == ["Harbour Courier", "North Gazette"]


def test_run_csv_has_a_header_and_one_line_per_row(cli):
    result = cli("query", "run", "bases_in_country", "-p", "country=Libya", "--format", "csv")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert [r["base"] for r in rows] == ["Tobruk", "al-Jufra", "al-Khadim"]
    assert json.loads(rows[2]["controllers"]) == ["Libyan National Army"]


def test_run_with_an_unknown_parameter_lists_the_valid_ones(cli):
    result = cli("query", "run", "supply_routes", "-p", "country=Mali")
    assert result.exit_code == 1
    assert result.output == ("error: query supply_routes has no parameter 'country'; "
                             "its parameters: from, to, max_legs, leg_types, in_order, since, until\n")


def test_run_with_a_bad_value_says_which_parameter(cli):
    result = cli("query", "run", "supply_routes", "-p", "max_legs=many")
    assert result.exit_code == 1 and "max_legs (int(1..3)): 'many' is not a whole number" in result.output


def test_run_with_an_unknown_place_says_so(cli):
    result = cli("query", "run", "bases_in_country", "-p", "country=Atlantis")
    assert result.exit_code == 1 and "no Place has the id or name 'Atlantis'" in result.output


def test_parameters_must_be_key_value():
    result = offline("query", "run", "supply_routes", "-p", "Mali")
    assert result.exit_code == 1 and "must look like key=value" in result.output


def test_run_with_viz_draws_what_the_rows_name(cli, tmp_path):
    page = tmp_path / "network.html"
    result = cli("query", "run", "actor_network", "-p", "actor=actor:russia", "--viz", str(page), "--format", "json")
    assert result.exit_code == 0, result.output
    html = page.read_text()
    assert "Khalifa Haftar" in html and "https://" not in html.split("<body", 1)[0]


def test_an_int_outside_its_declared_range_is_refused():
    result = offline("query", "run", "supply_routes", "-p", "max_legs=7")
    assert result.exit_code == 1 and "7 is outside 1..3" in result.output
