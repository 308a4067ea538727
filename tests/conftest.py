"""Shared fixtures: a real embedded FalkorDB and a real Neo4j 5 server.

`store` is an empty GraphStore, parametrised over both backends. The test Neo4j comes from
MILGRAPH_TEST_NEO4J_URI/_USER/_PASSWORD when set (``make test`` starts scripts/neo4j-local and
exports them); otherwise this file starts scripts/neo4j-local itself. The tests never read or
set NEO4J_URI: that variable selects Neo4j for the milgraph command, so a test that runs the
command chooses its database with flags (``clean_env()`` gives subprocesses an environment
without NEO4J_* variables, in support.py). Without Java and Maven
the Neo4j cases skip with one line saying why, except under CI=true, where they fail.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))  # tests import their helper modules by name

import embedded_session
from milgraph.config import StoreConfig

# Tests stop each embedded server when its last command closes; tests of the keeper that holds
# a server up between commands set their own idle time.
os.environ.setdefault("MILGRAPH_IDLE_TIMEOUT", "0")

ROOT = Path(__file__).resolve().parent.parent
NEO4J_SCRIPT = ROOT / "scripts" / "neo4j-local"
IN_CI = os.environ.get("CI", "").lower() == "true"


def _unavailable(reason: str):
    if IN_CI:
        pytest.fail(f"Neo4j is required under CI=true: {reason}")
    pytest.skip(reason)


def pytest_configure(config):
    """The session's embedded FalkorDB fixtures, and its recovery from a server crash, live in
    embedded_session.py (a plugin, so that a test of the recovery can run it in a session of its own)."""
    if not config.pluginmanager.has_plugin("embedded_session"):
        config.pluginmanager.register(embedded_session, "embedded_session")


def _start_neo4j() -> dict[str, str]:
    if os.environ.get("MILGRAPH_TEST_NEO4J_URI"):
        return {k: os.environ[f"MILGRAPH_TEST_{k}"] for k in ("NEO4J_URI", "NEO4J_USER", "NEO4J_PASSWORD")
                if f"MILGRAPH_TEST_{k}" in os.environ}
    if not (shutil.which("java") and shutil.which("mvn")):
        _unavailable("Neo4j tests need Java and Maven to provision a local Neo4j (neither NEO4J_URI set)")
    if not NEO4J_SCRIPT.exists():
        _unavailable("scripts/neo4j-local is missing")
    result = subprocess.run([str(NEO4J_SCRIPT), "start"], capture_output=True, text=True, timeout=900)
    if result.returncode != 0:
        _unavailable(f"scripts/neo4j-local start failed: {(result.stderr or result.stdout).strip()[-500:]}")
    env = dict(line.split("=", 1) for line in result.stdout.splitlines() if line.startswith("NEO4J_") and "=" in line)
    os.environ.update({f"MILGRAPH_TEST_{k}": v for k, v in env.items()})  # for tests in subprocesses
    return env


@pytest.fixture(scope="session")
def _neo4j_settings() -> StoreConfig:
    env = _start_neo4j()
    return StoreConfig(data_dir=Path("/nonexistent"), neo4j_uri=env["NEO4J_URI"],
                       neo4j_user=env.get("NEO4J_USER", "neo4j"), neo4j_password=env.get("NEO4J_PASSWORD"),
                       neo4j_database=os.environ.get("MILGRAPH_TEST_NEO4J_DATABASE"))


@pytest.fixture(scope="session")
def _neo4j_session(_neo4j_settings):
    from milgraph.graph.neo4j_store import Neo4jStore
    from milgraph.errors import StoreError

    try:
        store = Neo4jStore(_neo4j_settings)
    except StoreError as exc:
        _unavailable(str(exc))
    store.init_schema()
    component = store.read("CALL dbms.components() YIELD name, versions, edition "
                           "RETURN name, versions[0] AS version, edition")[0]
    _SERVER_VERSIONS["neo4j"] = (f"{component['name']} {component['version']} {component['edition']} "
                                 f"at {_neo4j_settings.neo4j_uri}")
    yield store
    store.close()


@pytest.fixture(scope="session")
def neo4j_config(_neo4j_settings, _neo4j_session) -> StoreConfig:
    """The test Neo4j's settings, once its server has answered: a test that opens its own
    connection is skipped (failed under CI=true) like the rest when there is no server."""
    return _neo4j_settings


@pytest.fixture(params=["falkordb", "neo4j"])
def store(request):
    """An empty graph store; every test using it runs on FalkorDB and on Neo4j."""
    session_store = request.getfixturevalue(f"_{request.param}_session")
    if request.param == "falkordb":
        embedded_session.mark_server_used(request)
        session_store = session_store.current()  # a new store when the server was started again
    session_store.clear()
    if request.param == "falkordb":
        session_store.init_schema()
    yield session_store
    session_store.clear()


# -- say in the test output which databases the store tests really ran on ------------------
_BACKEND_RUNS: dict[str, dict[str, int]] = {"falkordb": {}, "neo4j": {}}
_SERVER_VERSIONS: dict[str, str] = {}


def pytest_runtest_logreport(report):
    if report.when != "call" and not (report.when == "setup" and report.outcome != "passed"):
        return
    for backend, tally in _BACKEND_RUNS.items():
        if f"[{backend}" in report.nodeid:
            tally[report.outcome] = tally.get(report.outcome, 0) + 1


def pytest_terminal_summary(terminalreporter):
    lines = []
    for backend, tally in _BACKEND_RUNS.items():
        if tally:
            counts = ", ".join(f"{n} {outcome}" for outcome, n in sorted(tally.items()))
            version = _SERVER_VERSIONS.get(backend) or embedded_session.server_version(terminalreporter.config, backend)
            lines.append(f"{backend}: {counts}" + (f" ({version})" if version else ""))
    if lines:
        terminalreporter.write_sep("-", "graph store tests by backend")
        for line in lines:
            terminalreporter.write_line(line)
