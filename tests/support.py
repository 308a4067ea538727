"""Small helpers shared by tests."""

from __future__ import annotations

import os


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
