"""Every option and parameter that takes a date refuses one that is not a calendar date with
one line naming the option and the forms it takes, and exit status 2; nothing is opened or
written first."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from milgraph.cli import main
from milgraph.queries.registry import list_queries

ISO_FORMS = "use YYYY, YYYY-MM or YYYY-MM-DD"
PUBLISHED_FORMS = "use YYYY-MM-DD, YYYY-MM or YYYY"

# (arguments, what the message must start with, the forms it must name); REPORT is a report file.
BAD_DATES = [
    (["ingest", "REPORT", "--published", "2024-02-30"], "error: --published '2024-02-30' is not a date", PUBLISHED_FORMS),
    (["ingest", "REPORT", "--published", "yesterday-ish"], "error: --published 'yesterday-ish'", PUBLISHED_FORMS),
    (["extract", "REPORT", "--published", "2024-13"], "error: --published '2024-13' is not a date", PUBLISHED_FORMS),
    (["extract", "--jsonl", "REPORT", "--published", "soon"], "error: --published 'soon'", PUBLISHED_FORMS),
    (["analyze", "--since", "yesterday-ish"], "error: --since 'yesterday-ish' is not a date", ISO_FORMS),
    (["analyze", "--until", "2024-02-30"], "error: --until '2024-02-30' is not a date", ISO_FORMS),
    (["query", "run", "new_since", "-p", "since=yesterday-ish"], "error: -p since (date): 'yesterday-ish'", ISO_FORMS),
    (["query", "run", "flights_between", "-p", "until=2024-02-30"], "error: -p until (date): '2024-02-30'", ISO_FORMS),
    (["viz", "--query", "corroborated_events", "-p", "since=12/2024"], "error: -p since (date): '12/2024'", ISO_FORMS),
    (["export", "--format", "csv", "-o", "OUT", "--query", "equipment_moved_out", "-p", "since=last week"],
     "error: -p since (date): 'last week'", ISO_FORMS),
]


@pytest.mark.parametrize("args,start,forms", BAD_DATES, ids=[" ".join(a[:2]) + " " + a[-1] for a, _, _ in BAD_DATES])
def test_a_bad_date_is_one_line_naming_the_option_and_exit_2(tmp_path, args, start, forms):
    report = tmp_path / "r.txt"
    report.write_text("A title\n\nA short text about a base.\n")
    args = [str(report) if a == "REPORT" else str(tmp_path / "out") if a == "OUT" else a for a in args]
    result = CliRunner().invoke(main, ["--db", str(tmp_path / "db"), *args], env={"NEO4J_URI": ""})
    assert result.exit_code == 2, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(start) and forms in lines[0], result.output
    assert not (tmp_path / "db").exists()  # refused before the store was opened


def test_every_date_parameter_of_every_canned_query_is_checked():
    from milgraph.errors import BadDateError
    from milgraph.queries.registry import bind_params

    checked = 0
    for query in list_queries():
        for param in (p for p in query.params if p.type == "date"):
            with pytest.raises(BadDateError, match=f"-p {param.name} .*{ISO_FORMS}"):
                bind_params(query, {param.name: "2023-02-29"})
            checked += 1
    assert checked >= 10


@pytest.mark.parametrize("value", ["2024", "2024-12", "2024-02-29"])
def test_good_dates_pass(tmp_path, value):
    result = CliRunner().invoke(main, ["--db", str(tmp_path / "db"), "analyze", "--since", value, "--no-write", "--json"],
                                env={"NEO4J_URI": "", "MILGRAPH_IDLE_TIMEOUT": "0"})
    assert result.exit_code == 0, result.output
