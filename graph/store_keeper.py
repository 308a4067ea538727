"""Keeps the embedded server of one data directory up between commands, and stops it when
nobody has used it for a while.

A command that finds no server starts this keeper in a session of its own; the keeper starts
redis-server as its child (so the server dies with it: the kernel sends the child SIGTERM, a
clean shutdown, when the keeper goes, however it goes) and watches it. When no client but the
keeper has been connected and no command has run for the idle time, it stops the server
cleanly (a long log folded into the RDB base first) and exits; SIGTERM to the keeper does the
same, and so does deleting the data directory (a temporary store). So a server is never left behind, there is one per data directory (the start lock), and
``milgraph store status`` / ``milgraph store stop`` see and stop it.

    python -m milgraph.graph.store_keeper DATA_DIR IDLE_SECONDS -- REDIS_ARGS...
"""

from __future__ import annotations

import ctypes
import signal
import subprocess
import sys
import time
from pathlib import Path

import redis

POLL_S = 1.0
_PR_SET_PDEATHSIG = 1


def _die_with_parent() -> None:
    """In the child, before exec: SIGTERM when the keeper exits (Linux prctl)."""
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)


class Keeper:
    def __init__(self, data_dir: Path, idle_s: float, server_args: list[str]):
        from milgraph.graph.falkordb_store import EmbeddedServer

        self.server = EmbeddedServer(data_dir)
        self.idle_s = idle_s
        self.child = subprocess.Popen(server_args, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                      stderr=subprocess.DEVNULL, preexec_fn=_die_with_parent)
        self.stopping = False

    def run(self) -> int:
        signal.signal(signal.SIGTERM, lambda *_: self._request_stop())
        signal.signal(signal.SIGINT, lambda *_: self._request_stop())
        client = None
        last_count, idle_since = None, time.monotonic()
        while self.child.poll() is None:
            if not self.server.dir.exists():  # the store was deleted: nothing left to keep or save
                self.child.terminate()
                break
            if self.stopping:
                self.server.stop(wait=False)
                break
            time.sleep(POLL_S)
            if not self.server._log_says_ready():  # never ask a server anything while it loads
                idle_since = time.monotonic()
                continue
            try:
                client = client or redis.Redis(unix_socket_path=str(self.server.socket), socket_timeout=5)
                clients = client.info("clients")["connected_clients"]
                count = client.info("stats")["total_commands_processed"]
            except (redis.RedisError, OSError):
                client = None  # still loading, or stopping: look again
                idle_since = time.monotonic()
                continue
            busy = clients > 1 or (last_count is not None and count - last_count > 2)  # our own two INFOs
            last_count = count
            if busy:
                idle_since = time.monotonic()
            elif time.monotonic() - idle_since >= self.idle_s:
                self.server.stop(wait=False)
                break
        try:
            return self.child.wait(timeout=120)
        except subprocess.TimeoutExpired:
            self.child.kill()
            return 1

    def _request_stop(self) -> None:
        self.stopping = True


def main(argv: list[str]) -> int:
    split = argv.index("--")
    data_dir, idle_s = Path(argv[0]), float(argv[1])
    return Keeper(data_dir, idle_s, argv[split + 1:]).run()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
