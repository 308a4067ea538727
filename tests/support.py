"""Small helpers shared by tests."""

from __future__ import annotations

import os

import pytest


def clean_env() -> dict[str, str]:
    """The environment without NEO4J_* variables, for running the milgraph command in a
    subprocess: NEO4J_URI would select Neo4j whatever the command's --db says."""
    return {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}


def cli_against(store, falkordb_config):
    """A function running `milgraph ...` in-process against the same database as `store`."""
    from click.testing import CliRunner

    from milgraph.cli import main

    if store.backend == "falkordb":
        prefix = ["--db", str(falkordb_config.data_dir)]
        env = {"NEO4J_URI": ""}
    else:
        prefix = ["--uri", store.config.neo4j_uri, "--user", store.config.neo4j_user]
        env = {"NEO4J_PASSWORD": store.config.neo4j_password}

    def run(*args: str):
        return CliRunner().invoke(main, [*prefix, *args], env=env, catch_exceptions=False)

    return run


SYMMETRIC_RELATIONS = {"ALLIED_WITH"}  # as the reference scorer: either direction matches


def relations_by_ends(relations) -> dict[tuple[str, str, str], object]:
    """Relations keyed by (type, start, end); a symmetric one under both orders of its ends."""
    out = {(r.type, r.start, r.end): r for r in relations}
    out.update({(r.type, r.end, r.start): r for r in relations if r.type in SYMMETRIC_RELATIONS})
    return out


def case_param(case: dict, ident: str | None = None):
    """One case of a YAML cases file as a test parameter (id: ``ident`` or the case's ``id``);
    a case with a ``gap`` is a strict xfail, so that it fails the suite once the gap is closed."""
    marks = [pytest.mark.xfail(reason=case["gap"], strict=True)] if case.get("gap") else []
    return pytest.param(case, id=ident or case["id"], marks=marks)
