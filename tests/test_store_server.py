"""The embedded server stays up between commands, stops by itself when unused, is never
left behind, and `milgraph store status|stop` see and stop it."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from support import clean_env

from milgraph.config import StoreConfig
from milgraph.graph.falkordb_store import EmbeddedServer, FalkorDBStore, _wait_until


def milgraph(data_dir: Path, *args: str, idle: str = "30") -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "milgraph", "--db", str(data_dir), *args], capture_output=True,
                          text=True, timeout=120, env={**clean_env(), "MILGRAPH_IDLE_TIMEOUT": idle})


@pytest.fixture
def kept(monkeypatch, tmp_path):
    """A data directory whose server is run by a keeper (30 s idle time), stopped at the end."""
    monkeypatch.setenv("MILGRAPH_IDLE_TIMEOUT", "30")
    data_dir = tmp_path / "db"
    yield data_dir
    EmbeddedServer(data_dir).stop()


def test_a_second_command_uses_the_server_the_first_left_running(kept):
    assert milgraph(kept, "stats").returncode == 0
    first = EmbeddedServer(kept)._server_pids()
    assert milgraph(kept, "stats").returncode == 0
    assert first and EmbeddedServer(kept)._server_pids() == first


def test_two_commands_at_once_share_one_server(kept):
    a, b = FalkorDBStore(StoreConfig(data_dir=kept)), FalkorDBStore(StoreConfig(data_dir=kept))
    try:
        assert len(a.server._server_pids()) == 1
    finally:
        a.close()
        b.close()


def test_store_status_shows_the_running_server(kept):
    milgraph(kept, "stats")
    status = json.loads(milgraph(kept, "store", "status", "--json").stdout)
    assert status["running"] is True and status["pid"] in EmbeddedServer(kept)._server_pids()
    assert status["idle_timeout_s"] == 30 and status["kept_by"]


def test_store_stop_stops_the_server_and_its_keeper(kept):
    milgraph(kept, "stats")
    keeper = EmbeddedServer(kept).status()["kept_by"]
    result = milgraph(kept, "store", "stop")
    assert result.returncode == 0 and "stopped" in result.stdout
    assert not EmbeddedServer(kept)._server_pids()
    assert _wait_until(lambda: not Path(f"/proc/{keeper}").exists(), 20)
    assert json.loads(milgraph(kept, "store", "status", "--json").stdout)["running"] is False


def test_an_unused_server_stops_by_itself(tmp_path):
    data_dir = tmp_path / "db"
    assert milgraph(data_dir, "stats", idle="1").returncode == 0
    server = EmbeddedServer(data_dir)
    assert server._server_pids()
    assert _wait_until(lambda: not server._server_pids(), 30)
    assert not server.socket.exists()


def test_a_server_whose_data_directory_is_deleted_stops(kept):
    import shutil

    milgraph(kept, "stats")
    pids = EmbeddedServer(kept)._server_pids()
    assert pids
    shutil.rmtree(kept)
    assert _wait_until(lambda: not any(Path(f"/proc/{pid}").exists() for pid in pids), 30)


def test_a_server_is_never_left_behind_when_its_keeper_is_killed(kept):
    milgraph(kept, "stats")
    server = EmbeddedServer(kept)
    os.kill(server.status()["kept_by"], signal.SIGKILL)
    assert _wait_until(lambda: not server._server_pids(), 30)


def test_store_commands_refuse_a_neo4j_configuration(tmp_path):
    result = subprocess.run([sys.executable, "-m", "milgraph", "--uri", "bolt://127.0.0.1:1", "store", "status"],
                            capture_output=True, text=True, timeout=60, env=clean_env())
    assert result.returncode == 1 and "manages the embedded store" in result.stderr


def test_a_bad_idle_time_is_a_clear_error(tmp_path):
    result = milgraph(tmp_path / "db", "stats", idle="ten minutes")
    assert result.returncode == 1 and "MILGRAPH_IDLE_TIMEOUT" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_store_reopens_after_a_server_that_logged_a_declined_fork(kept):
    """A healthy server logs "Can't fork for module" when its garbage-collection fork meets an
    AOF rewrite; the next start must not read that line of the old server as its own failure."""
    FalkorDBStore(StoreConfig(data_dir=kept)).close()
    server = EmbeddedServer(kept)
    server.stop()
    with open(server.log_file, "a", encoding="utf-8") as log:
        log.write("1:M 06 Dec 2026 14:25:20.519 # Can't fork for module: File exists\n"
                  "1:M 06 Dec 2026 14:25:20.519 # <module> fork failed - got errno 17, aborting fork GC\n")
    store = FalkorDBStore(StoreConfig(data_dir=kept))
    try:
        assert store.read("RETURN 1 AS one") == [{"one": 1}]
    finally:
        store.close()


def test_a_start_does_not_take_the_previous_servers_fatal_line_for_its_own(kept):
    FalkorDBStore(StoreConfig(data_dir=kept)).close()
    server = EmbeddedServer(kept)
    server.stop()
    with open(server.log_file, "a", encoding="utf-8") as log:
        log.write("1:M 06 Dec 2026 14:25:20.519 # Fatal error loading the DB: an earlier failure\n")
    store = FalkorDBStore(StoreConfig(data_dir=kept))
    try:
        assert store.read("RETURN 1 AS one") == [{"one": 1}]
    finally:
        store.close()
