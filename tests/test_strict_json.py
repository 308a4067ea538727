"""`--format json` prints standard JSON that any parser reads: NaN and Infinity (which JSON has
no words for) are printed as null."""

from __future__ import annotations

import json

import pytest
from support import cli_against

from milgraph.cli.output import format_rows, strict_json


def _strict_loads(text: str):
    def refuse(name):
        raise ValueError(f"not JSON: {name}")

    return json.loads(text, parse_constant=refuse)


@pytest.mark.parametrize("value", [float("nan"), float("inf"), float("-inf")], ids=["NaN", "Infinity", "-Infinity"])
def test_non_finite_numbers_print_as_null(value):
    rows = [{"x": value, "nested": [1.5, value, {"y": value}]}]
    assert _strict_loads(format_rows(rows, "json")) == [{"x": None, "nested": [1.5, None, {"y": None}]}]


def test_finite_numbers_and_other_values_are_unchanged():
    assert _strict_loads(strict_json({"a": 1, "b": 2.5, "c": "text", "d": [True, None]})) == {
        "a": 1, "b": 2.5, "c": "text", "d": [True, None]}


def test_cypher_json_output_from_the_database_is_strict(store, falkordb_config):
    cli = cli_against(store, falkordb_config)
    result = cli("cypher", "RETURN 0.0 / 0.0 AS nan, 1.0 / 0.0 AS inf, [2.5, -1.0 / 0.0] AS l", "--format", "json")
    assert result.exit_code == 0, result.output
    assert _strict_loads(result.stdout) == [{"nan": None, "inf": None, "l": [2.5, None]}]
