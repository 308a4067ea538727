"""The test session outlives a crash of its embedded server, and says so: the real server is
sent SIGSEGV (what the upstream crashes are), and the session's recovery is watched."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import embedded_session
import redis
from embedded_session import SessionServer
from support import clean_env

from milgraph.config import StoreConfig
from milgraph.graph.falkordb_store import _wait_until

TESTS = Path(__file__).resolve().parent


def test_a_crashed_server_is_seen_and_started_again_from_its_files(tmp_path):
    server = SessionServer(StoreConfig(data_dir=tmp_path / "db"))
    try:
        server.current().write("CREATE (:Report {id: 'kept'})")
        assert server.crash_lines() is None
        crashed_pid = server.pid
        os.kill(crashed_pid, signal.SIGSEGV)
        assert _wait_until(lambda: not server.server_alive(), 10)

        crash = server.recover_after("the test that was running")
        assert crash is not None and crash.test == "the test that was running"
        assert any("crashed by signal: 11" in line for line in crash.lines)
        assert server.pid != crashed_pid and server.server_alive()
        assert server.current().read("MATCH (r:Report) RETURN r.id AS id") == [{"id": "kept"}]
        assert server.recover_after("the next test") is None  # one crash is recorded once
    finally:
        server.stop()


def test_a_server_stopped_without_crashing_is_not_taken_for_a_crash(tmp_path):
    server = SessionServer(StoreConfig(data_dir=tmp_path / "db"))
    server.stop()
    assert _wait_until(lambda: not server.server_alive(), 10)
    assert server.crash_lines() is None
    assert server.recover_after("a test") is None


def test_a_server_that_leaves_a_client_waiting_while_idle_is_killed_and_started_again(tmp_path, monkeypatch):
    """The lost query of FalkorDB 4.16.3 leaves a blocked client and a sleeping server; a client
    blocked on an empty list (BLPOP, which milgraph never sends) leaves the real server in the
    same state."""
    monkeypatch.setattr(embedded_session, "HANG_S", 3.0)
    monkeypatch.setattr(embedded_session, "WATCH_EVERY_S", 0.5)
    server = SessionServer(StoreConfig(data_dir=tmp_path / "db"))
    waiter = redis.Redis(unix_socket_path=str(server.store.server.socket))
    blocked = threading.Thread(target=lambda: _wait_forever(waiter), daemon=True)
    try:
        server.current().write("CREATE (:Report {id: 'kept'})")
        hung_pid = server.pid
        blocked.start()
        assert _wait_until(lambda: not server.server_alive(), 30)

        crash = server.recover_after("the test that was waiting")
        assert crash is not None and crash.lines[0].startswith("hung: a client waited")
        assert "blpop" in crash.lines[0]
        assert server.pid != hung_pid
        assert server.current().read("MATCH (r:Report) RETURN r.id AS id") == [{"id": "kept"}]
    finally:
        server.stop()
        blocked.join(timeout=10)


def test_a_busy_server_is_not_taken_for_a_hung_one(tmp_path, monkeypatch):
    """A client waits as long, but the server is working (it uses processor time): no kill."""
    monkeypatch.setattr(embedded_session, "HANG_S", 2.0)
    monkeypatch.setattr(embedded_session, "WATCH_EVERY_S", 0.5)
    monkeypatch.setattr(embedded_session, "HANG_CPU_S", 0.0)  # any processor time counts as work
    server = SessionServer(StoreConfig(data_dir=tmp_path / "db"))
    waiter = redis.Redis(unix_socket_path=str(server.store.server.socket))
    blocked = threading.Thread(target=lambda: _wait_forever(waiter), daemon=True)
    try:
        blocked.start()
        assert not _wait_until(lambda: not server.server_alive(), 5)
        assert server.crash_lines() is None
    finally:
        server.stop()
        blocked.join(timeout=10)


def _wait_forever(client: redis.Redis) -> None:
    with contextlib.suppress(redis.RedisError):
        client.blpop(["nothing-ever-arrives"], timeout=0)


INNER_TESTS = '''
    import os
    import signal
    from pathlib import Path

    from milgraph.graph.falkordb_store import _wait_until

    COUNTS = Path(os.environ["INNER_COUNTS"])


    def ran(name):
        with open(COUNTS / name, "a") as handle:
            handle.write("x")


    def test_crashes_the_server_on_its_first_run(falkordb_store):
        ran("crashing")
        falkordb_store.write("CREATE (:Report {id: 'before'})")
        if (COUNTS / "crashing").read_text() == "x":
            pid = falkordb_store.server._server_pids()[0]
            os.kill(pid, signal.SIGSEGV)
            assert _wait_until(lambda: not falkordb_store.server._server_pids(), 10)
        assert falkordb_store.read("RETURN 1 AS one") == [{"one": 1}]


    def test_runs_on_the_restarted_server(falkordb_store):
        falkordb_store.write("CREATE (:Report {id: 'after'})")
        assert falkordb_store.read("MATCH (r:Report) RETURN r.id AS id") == [{"id": "after"}]


    def test_an_ordinary_failure(falkordb_store):
        ran("ordinary")
        assert falkordb_store.read("RETURN 1 AS one") == [{"one": 2}]
'''


def test_a_session_whose_server_crashes_reports_it_reruns_that_test_once_and_goes_on(tmp_path):
    run, counts = _run_inner(tmp_path, INNER_TESTS)
    out = run.stdout
    assert run.returncode == 1, out  # the ordinary failure, and only it
    assert "1 failed, 2 passed" in out, out
    assert "FAILED test_inner.py::test_an_ordinary_failure" in out
    assert (counts / "crashing").read_text() == "xx"  # the crashed test ran once more
    assert (counts / "ordinary").read_text() == "x"  # an ordinary failure is never re-run
    assert "the embedded FalkorDB server crashed or hung 1 time(s)" in out
    assert "during test_inner.py::test_crashes_the_server_on_its_first_run; started again from its files; " \
           "re-run once on the restarted server: passed" in out
    assert "crashed by signal: 11" in out


UNRELATED_FAILURE = '''
    import os
    import signal
    from pathlib import Path

    from milgraph.graph.falkordb_store import _wait_until

    COUNTS = Path(os.environ["INNER_COUNTS"])


    def test_notes_the_server(falkordb_store):
        (COUNTS / "pid").write_text(str(falkordb_store.server._server_pids()[0]))


    def test_fails_without_using_the_server_while_it_crashes():
        with open(COUNTS / "unrelated", "a") as handle:
            handle.write("x")
        pid = int((COUNTS / "pid").read_text())
        os.kill(pid, signal.SIGSEGV)
        assert _wait_until(lambda: not os.path.exists(f"/proc/{pid}/stat") or
                           open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()[0] == "Z", 10)
        assert False, "an ordinary failure"


    def test_runs_on_the_restarted_server(falkordb_store):
        assert falkordb_store.read("RETURN 1 AS one") == [{"one": 1}]
'''


def _run_inner(tmp_path: Path, tests: str) -> tuple[subprocess.CompletedProcess, Path]:
    inner = tmp_path / "inner"
    inner.mkdir()
    (inner / "pytest.ini").write_text("[pytest]\n")
    (inner / "test_inner.py").write_text(textwrap.dedent(tests))
    counts = tmp_path / "counts"
    counts.mkdir()
    env = {**clean_env(), "INNER_COUNTS": str(counts), "MILGRAPH_IDLE_TIMEOUT": "0",
           "PYTHONPATH": os.pathsep.join([str(TESTS), os.environ.get("PYTHONPATH", "")])}
    run = subprocess.run([sys.executable, "-m", "pytest", "-p", "embedded_session", "-p", "no:cacheprovider",
                          "--basetemp", str(tmp_path / "inner-tmp"), "-q", "-rA", str(inner)],
                         cwd=inner, env=env, capture_output=True, text=True, timeout=300)
    return run, counts


def test_a_failing_test_that_never_used_the_server_is_not_re_run_when_the_server_crashes(tmp_path):
    run, counts = _run_inner(tmp_path, UNRELATED_FAILURE)
    out = run.stdout
    assert "1 failed, 2 passed" in out, out
    assert (counts / "unrelated").read_text() == "x"  # run once: it did not use the server
    assert "the embedded FalkorDB server crashed or hung 1 time(s)" in out  # the crash is still told
    assert "during test_inner.py::test_fails_without_using_the_server_while_it_crashes; started again" in out


def test_a_panic_report_is_summarised_like_a_signal_report():
    """The server also stops on a panic ("Guru Meditation"), whose report has no signal line;
    seen once in the store tests (an illegal decrRefCount while unblocking a client)."""
    report = textwrap.dedent("""\
        === REDIS BUG REPORT START: Cut & paste starting from here ===
        61:M 07 Dec 2026 00:49:31.956 # ------------------------------------------------
        61:M 07 Dec 2026 00:49:31.956 # !!! Software Failure. Press left mouse button to continue
        61:M 07 Dec 2026 00:49:31.956 # Guru Meditation: illegal decrRefCount for object #object.c:594

        ------ STACK TRACE ------

        62 thread-pool-thr
        /lib/libc.so.6(pthread_cond_wait+0x1e8)[0x7f51f24a65d8]

        61 redis-server *
        /bin/redis-server(updateStatsOnUnblock+0x2a)[0x4b1c2a]
        /bin/redis-server(moduleHandleBlockedClients+0x11b)[0x4f0a1b]
        /bin/redis-server(aeMain+0x4f)[0x45f04f]

        """)
    assert embedded_session.summarise_crash_report(report) == [
        "Guru Meditation: illegal decrRefCount for object #object.c:594",
        "crashing thread 61 redis-server: updateStatsOnUnblock < moduleHandleBlockedClients < aeMain"]
