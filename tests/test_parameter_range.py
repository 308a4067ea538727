"""Integers a database cannot store are refused before they reach it, naming the parameter:
Neo4j failed on them with a traceback and FalkorDB silently clamped them to 2**63 - 1."""

from __future__ import annotations

import json

import pytest
from support import cli_against

INT64_MAX = 2**63 - 1


@pytest.fixture
def cli(store, falkordb_config):
    return cli_against(store, falkordb_config)


@pytest.mark.parametrize("value", [str(2**63), str(-(2**63) - 1), "9" * 40, "9" * 5000, f"[1, {2**64}]",
                                   f'{{"n": {2**70}}}'],
                         ids=["2^63", "-2^63-1", "40-digits", "5000-digits", "inside-a-list", "inside-a-map"])
def test_cypher_refuses_an_integer_beyond_64_bits_naming_the_parameter(cli, value):
    result = cli("cypher", "RETURN $big AS big", "-p", f"big={value}")
    assert result.exit_code == 1
    line = result.stderr.strip()
    assert "\n" not in line and line.startswith("error: parameter big:") and "64-bit" in line


@pytest.mark.parametrize("value", [INT64_MAX, -(2**63)])
def test_cypher_returns_the_largest_and_smallest_64_bit_integers_exactly(cli, value):
    result = cli("cypher", "RETURN $n AS n", "-p", f"n={value}", "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == [{"n": value}]


def test_query_run_refuses_an_integer_beyond_64_bits_naming_the_parameter(cli):
    result = cli("query", "run", "corroborated_events", "-p", f"min_sources={2**64}")
    assert result.exit_code == 1
    assert result.stderr.strip().startswith("error: parameter min_sources") and "64-bit" in result.stderr
