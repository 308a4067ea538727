"""Connection problems are one line that never shows a password: credentials in a URI are
hidden everywhere (describe, errors, warnings), a non-Neo4j URI and a server that does not
answer are clear errors, not tracebacks or minute-long waits."""

from __future__ import annotations

import socket
import threading
import time

import pytest
from click.testing import CliRunner

from milgraph.cli import main
from milgraph.config import StoreConfig, redact_uri
from milgraph.graph.neo4j_store import CONNECT_TIMEOUT_S, split_credentials

SECRET = "s3cret-pw"


@pytest.mark.parametrize("text,shown", [
    (f"bolt://neo:{SECRET}@db.example:7687", "bolt://neo:***@db.example:7687"),
    (f"neo4j+s://analyst:{SECRET}@x.databases.neo4j.io", "neo4j+s://analyst:***@x.databases.neo4j.io"),
    (f"Given URI: 'bolt://u:{SECRET}@h:1'.", "Given URI: 'bolt://u:***@h:1'."),
    (f"bolt://u:p@ss{SECRET}@h", "bolt://u:***@h"),  # an unescaped @ in the password
    ("bolt://localhost:7687", "bolt://localhost:7687"),
    ("bolt://neo@localhost", "bolt://neo@localhost"),
], ids=["bolt", "aura", "quoted-in-a-message", "at-sign-in-password", "no-credentials", "user-only"])
def test_redact_uri_hides_the_password_part_of_every_uri(text, shown):
    assert redact_uri(text) == shown


def test_describe_never_shows_a_password_given_in_the_uri():
    config = StoreConfig(data_dir="/x", neo4j_uri=f"bolt://neo:{SECRET}@db.example:7687")
    assert SECRET not in config.describe() and "neo:***@db.example" in config.describe()


def test_credentials_in_the_uri_are_taken_out_and_used_as_user_and_password():
    assert split_credentials(f"neo4j://analyst:{SECRET}@db.example:7687/") == (
        "neo4j://db.example:7687/", "analyst", SECRET)
    assert split_credentials("bolt://db.example") == ("bolt://db.example", None, None)


def _run(*args: str):
    return CliRunner().invoke(main, list(args), env={"NEO4J_URI": "", "NEO4J_PASSWORD": ""})


def _one_clear_line(result) -> str:
    assert result.exit_code == 1
    assert "Traceback" not in result.output and result.exception is None or isinstance(result.exception, SystemExit)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ")
    return lines[0]


def test_an_unreachable_server_error_does_not_print_the_password_of_the_uri():
    line = _one_clear_line(_run("--uri", f"bolt://neo:{SECRET}@127.0.0.1:1", "stats"))
    assert SECRET not in line and "bolt://neo:***@127.0.0.1:1" in line


def test_push_to_a_uri_with_a_password_does_not_print_it(tmp_path):
    line = _one_clear_line(_run("--db", str(tmp_path / "db"), "push", "--to", f"bolt://neo:{SECRET}@127.0.0.1:1"))
    assert SECRET not in line


@pytest.mark.parametrize("uri", ["http://localhost:7474", "https://neo4j.example", "localhost:7687"])
def test_a_uri_that_is_not_a_bolt_or_neo4j_uri_is_one_clear_line(uri):
    line = _one_clear_line(_run("--uri", uri, "stats"))
    assert "is not a Neo4j URI" in line and "bolt://" in line


def test_a_server_that_accepts_but_never_answers_is_one_clear_line_within_the_timeout():
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    accepted = []
    stop = threading.Event()

    def accept_and_stay_silent():
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                accepted.append(listener.accept()[0])
            except OSError:
                pass

    thread = threading.Thread(target=accept_and_stay_silent, daemon=True)
    thread.start()
    try:
        started = time.monotonic()
        line = _one_clear_line(_run("--uri", f"bolt://127.0.0.1:{listener.getsockname()[1]}", "stats"))
        assert time.monotonic() - started < 3 * CONNECT_TIMEOUT_S + 10
        assert "cannot reach Neo4j" in line
    finally:
        stop.set()
        thread.join()
        for conn in accepted:
            conn.close()
        listener.close()
