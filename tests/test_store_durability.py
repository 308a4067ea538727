"""The embedded store reopens every time at the size users have, and a crash or a full disk
never loses, doubles or half-writes a report."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from support import clean_env
from synthetic_reports import synthetic_extractions

from milgraph import pipeline
from milgraph.config import StoreConfig
from milgraph.errors import StoreError
from milgraph.graph import falkordb_store as embedded
from milgraph.graph import writer
from milgraph.graph.falkordb_store import EmbeddedServer, FalkorDBStore
from milgraph.graph.stats import graph_stats
from milgraph.graph.writer import write_extractions

REOPENS = 50


def fill(store, count: int, seed: int = 0) -> None:
    extractions = synthetic_extractions(count, seed)
    for start in range(0, count, 50):
        batch = extractions[start:start + 50]
        write_extractions(store, batch)
        writer.complete_reports(store, [e.report.id for e in batch])


def report_count(store) -> int:
    return store.read("MATCH (r:Report) RETURN count(r) AS n")[0]["n"]


@pytest.fixture(scope="module")
def large_store(tmp_path_factory) -> Path:
    """A data directory holding 2,000 reports, closed."""
    data_dir = tmp_path_factory.mktemp("large") / "db"
    store = FalkorDBStore(StoreConfig(data_dir=data_dir))
    try:
        store.init_schema()
        fill(store, 2000)
    finally:
        store.close()
    return data_dir


def test_a_store_of_2000_reports_reopens_50_times_in_a_row(large_store):
    for attempt in range(REOPENS):
        store = FalkorDBStore(StoreConfig(data_dir=large_store))
        try:
            assert report_count(store) == 2000, f"reopen {attempt + 1}"
        finally:
            store.close()


def test_a_clean_shutdown_leaves_an_rdb_base_and_a_short_log(large_store):
    sizes = EmbeddedServer(large_store).data_bytes()
    assert sizes["base"] > 100_000
    assert sizes["log"] < embedded.COMPACT_LOG_BYTES


def test_a_log_of_many_batches_replays_when_the_server_died_without_compacting(tmp_path):
    config = StoreConfig(data_dir=tmp_path / "db")
    store = FalkorDBStore(config)
    store.init_schema()
    fill(store, 600)
    os.kill(int(store.server.pid_file.read_text()), signal.SIGKILL)  # no shutdown, no compaction
    store.keep_running = True
    store.close()
    assert EmbeddedServer(config.data_dir).data_bytes()["log"] > embedded.COMPACT_LOG_BYTES
    reopened = FalkorDBStore(config)
    try:
        assert report_count(reopened) == 600
    finally:
        reopened.close()


def test_loading_a_large_store_says_so(large_store, monkeypatch):
    monkeypatch.setattr(embedded, "PROGRESS_AFTER_S", 0.0)
    said = []
    server = EmbeddedServer(large_store, on_progress=said.append)
    server.ensure_running()
    try:
        assert said and "loading the embedded store" in said[0] and "MB" in said[0]
    finally:
        server.stop()


def test_the_start_limit_grows_with_the_data(large_store, tmp_path):
    assert EmbeddedServer(large_store).start_limit_s() > EmbeddedServer(tmp_path / "empty").start_limit_s()


# -- a crash at the worst moment of replacing a changed report, on both backends --------------

def _changed_report(tmp_path: Path, version: int) -> Path:
    folder = tmp_path / f"v{version}"
    folder.mkdir(exist_ok=True)
    depot = "Depot North" if version == 1 else "Depot South"
    (folder / "notes.facts.yaml").write_text(
        "report: {title: Desk notes, url: 'https://example.org/desk-notes'}\n"
        "entities:\n"
        "  - {name: Russia, label: Actor, kind: state}\n"
        f"  - {{name: {depot}, label: Base, kind: facility}}\n"
        "relations:\n"
        f"  - {{type: OPERATES, start: Russia, end: {depot}}}\n")
    return folder


def _content(store) -> list:
    nodes = store.read("MATCH (n) RETURN n.id AS id, labels(n) AS labels ORDER BY id")
    edges = store.read("MATCH (a)-[r]->(b) RETURN a.id AS a, type(r) AS t, b.id AS b, r.source_count AS s ORDER BY a, t, b")
    return [nodes, edges]


@pytest.mark.parametrize("crash_point", ["_retract_older_versions", "complete_reports"])
def test_a_crash_while_replacing_a_changed_report_is_repaired_by_the_next_run(store, tmp_path, monkeypatch,
                                                                             crash_point):
    pipeline.ingest(store, [_changed_report(tmp_path, 1)])

    def crash(*args, **kwargs):
        raise KeyboardInterrupt("the process dies here")

    with monkeypatch.context() as patch:
        patch.setattr(pipeline, crash_point, crash)
        with pytest.raises(KeyboardInterrupt):
            pipeline.ingest(store, [_changed_report(tmp_path, 2)])
    rerun = pipeline.ingest(store, [_changed_report(tmp_path, 2)])
    assert rerun.ok and len(rerun.repaired) == 1 and rerun.loaded + rerun.replaced
    repaired = _content(store)

    store.clear()
    if store.backend == "falkordb":
        store.init_schema()
    pipeline.ingest(store, [_changed_report(tmp_path, 2)])
    assert repaired == _content(store)


# -- a full disk ------------------------------------------------------------------------------

_INGEST_WITH_A_SMALL_DISK = """
import resource, signal, sys
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)   # a write past the limit fails instead of killing
limit = int(sys.argv[1])
resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))   # inherited by the server it starts
from milgraph.cli import main
main(sys.argv[2:])
"""


def _facts_files(folder: Path, count: int) -> Path:
    folder.mkdir()
    for i in range(count):
        (folder / f"notes-{i:03d}.yaml").write_text(
            "entities:\n"
            "  - {name: Russia, label: Actor, kind: state}\n"
            f"  - {{name: Depot {i}, label: Base, kind: facility, aliases: [{'x' * 400}]}}\n"
            "relations:\n"
            f"  - {{type: OPERATES, start: Russia, end: Depot {i}}}\n")
    return folder


def test_a_full_disk_is_a_clear_error_and_only_durable_reports_count_as_loaded(tmp_path):
    inputs, data_dir = _facts_files(tmp_path / "facts", 120), tmp_path / "db"
    FalkorDBStore(StoreConfig(data_dir=data_dir)).close()  # the server's files exist before the limit
    run = subprocess.run([sys.executable, "-c", _INGEST_WITH_A_SMALL_DISK, "60000", "--db", str(data_dir),
                          "ingest", "--json", str(inputs)], capture_output=True, text=True, env=clean_env(),
                         timeout=300)
    assert run.returncode != 0
    summary = json.loads(run.stdout)
    assert "embedded store" in summary["stopped"] and "not read" in summary["stopped"], summary["stopped"]
    assert summary["failed"], "the inputs of the batch that could not be written are named"
    loaded = set(summary["loaded"])

    store = FalkorDBStore(StoreConfig(data_dir=data_dir))  # restarted with no limit
    try:
        durable = {row["path"] for row in store.read(
            "MATCH (r:Report) WHERE r.pending IS NULL RETURN r.path AS path")}
        assert loaded <= durable  # everything said to be loaded survived the server
        rerun = pipeline.ingest(store, [inputs])
        assert rerun.ok
        stats = graph_stats(store)
    finally:
        store.close()
    assert stats.labels["Report"] == 120 and stats.types["OPERATES"] == 120


# -- the socket's place -------------------------------------------------------------------------

def test_a_folder_where_the_socket_should_be_is_a_clear_error(tmp_path):
    server = EmbeddedServer(tmp_path / "db")
    server.socket.mkdir(parents=True)
    with pytest.raises(StoreError, match="is a folder where the embedded store keeps its socket"):
        FalkorDBStore(StoreConfig(data_dir=tmp_path / "db"))


def _long_data_dir(tmp_path: Path) -> Path:
    return tmp_path / ("deep-" * 20) / "db"  # too long a socket path for AF_UNIX


def test_the_socket_fallback_folder_must_be_a_real_folder_of_the_user(tmp_path, monkeypatch):
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (tmp_path / f"milgraph-{os.getuid()}").symlink_to(elsewhere)
    with pytest.raises(StoreError, match="not a folder owned by you"):
        EmbeddedServer(_long_data_dir(tmp_path))


@pytest.mark.skipif(os.getuid() != 0, reason="giving a folder to another user needs root")
def test_the_socket_fallback_folder_owned_by_someone_else_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))
    folder = tmp_path / f"milgraph-{os.getuid()}"
    folder.mkdir(mode=0o700)
    os.chown(folder, 65534, 65534)
    with pytest.raises(StoreError, match="not a folder owned by you"):
        EmbeddedServer(_long_data_dir(tmp_path))


def test_the_socket_fallback_folder_of_the_user_is_used_and_kept_private(tmp_path, monkeypatch):
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))
    server = EmbeddedServer(_long_data_dir(tmp_path))
    assert server.socket.parent == tmp_path / f"milgraph-{os.getuid()}"
    assert oct(server.socket.parent.stat().st_mode & 0o777) == oct(0o700)


def test_an_ingest_folds_a_long_log_into_the_base_even_while_the_server_stays_up(tmp_path):
    inputs = _facts_files(tmp_path / "facts", 150)
    config = StoreConfig(data_dir=tmp_path / "db")
    store = FalkorDBStore(config, keep_running=True)
    try:
        pipeline.ingest(store, [inputs])
        server = EmbeddedServer(config.data_dir)
        assert embedded._wait_until(lambda: not embedded._rewriting(store._db.connection), 60)
        assert server.data_bytes()["log"] < embedded.COMPACT_LOG_BYTES and server.data_bytes()["base"] > 10_000
    finally:
        store.keep_running = False
        store.close()


def test_a_server_that_does_not_answer_its_first_graph_query_is_restarted(tmp_path, monkeypatch):
    """FalkorDB can deadlock as a graph is first opened; the store kills such a server once."""
    import redis

    config = StoreConfig(data_dir=tmp_path / "db")
    FalkorDBStore(config, keep_running=True)
    first = EmbeddedServer(config.data_dir)._server_pids()
    real = redis.Redis.execute_command
    stuck = {"left": 1}

    def execute_command(self, *args, **kwargs):
        if args[:1] == ("GRAPH.QUERY",) and "RETURN 1" in args and stuck["left"]:
            stuck["left"] -= 1
            raise redis.TimeoutError("no answer")  # what a deadlocked server gives the probe
        return real(self, *args, **kwargs)

    monkeypatch.setattr(redis.Redis, "execute_command", execute_command)
    store = FalkorDBStore(config)
    try:
        assert store.read("RETURN 1 AS one") == [{"one": 1}]
        assert store.server._server_pids() != first  # the stuck one was killed, a new one started
    finally:
        store.close()
