"""Read-only `milgraph cypher` does not let the database fetch from the network: LOAD CSV and
APOC calls are refused unless --allow-network is given, however they are written (comments
between keywords, backtick names); a string that mentions them is refused too (documented)."""

from __future__ import annotations

import http.server
import threading

import pytest
from support import cli_against

from milgraph.cli.cypher_safety import network_access

REFUSED = [
    "LOAD CSV FROM 'https://example.org/x.csv' AS row RETURN row",
    "load csv with headers from 'http://example.org/x.csv' AS row RETURN row",
    "LOAD/* hidden */CSV FROM 'http://example.org/x.csv' AS row RETURN row",
    "LOAD // a comment\n CSV FROM 'http://example.org/x.csv' AS row RETURN row",
    "MATCH (n) WITH n LIMIT 1 LOAD\tCSV FROM $url AS row RETURN row",
    "CALL apoc.load.json('https://example.org/x.json') YIELD value RETURN value",
    "CALL `apoc.load.json`('https://example.org/x.json') YIELD value RETURN value",
    "CALL `apoc`.`load`.json('https://example.org/x.json') YIELD value RETURN value",
    "RETURN apoc . import . csv([], [], {}) AS x",
    "CALL apoc.cypher.run('LOAD CSV FROM \"http://example.org\" AS r RETURN r', {}) YIELD value RETURN value",
    "RETURN 'LOAD CSV is mentioned in a string' AS x",  # refused on purpose: APOC could run such a string
]
ALLOWED = [
    "MATCH (n:Base) RETURN n.name AS name",
    "MATCH (n) RETURN n.load AS load, n.csv AS csv",
    "// LOAD CSV in a comment only\nMATCH (n) RETURN count(n) AS n",
    "RETURN 'csv, then load' AS x, \"apocalypse\" AS y",
    "MATCH (n {name: 'it''s'}) RETURN n",
]


@pytest.mark.parametrize("cypher", REFUSED, ids=range(len(REFUSED)))
def test_statements_that_can_fetch_urls_are_found(cypher):
    assert network_access(cypher) is not None


@pytest.mark.parametrize("cypher", ALLOWED, ids=range(len(ALLOWED)))
def test_ordinary_statements_are_not_flagged(cypher):
    assert network_access(cypher) is None


@pytest.fixture
def web_server():
    """A local web server that counts the requests it receives."""
    hits = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            hits.append(self.path)
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b"a,b\n1,2\n")

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", hits
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize("write", [False, True], ids=["read", "write"])
def test_cypher_refuses_load_csv_without_allow_network_and_fetches_nothing(store, falkordb_config, web_server, write):
    url, hits = web_server
    cli = cli_against(store, falkordb_config)
    result = cli("cypher", *(["--write"] if write else []), f"LOAD CSV FROM '{url}/x.csv' AS row RETURN row")
    assert result.exit_code == 1
    line = result.stderr.strip()
    assert "\n" not in line and "LOAD CSV" in line and "--allow-network" in line
    assert hits == []


def test_allow_network_hands_the_statement_to_the_database(store, falkordb_config, web_server):
    url, _ = web_server
    cli = cli_against(store, falkordb_config)
    result = cli("cypher", "--allow-network", f"LOAD CSV FROM '{url}/x.csv' AS row RETURN row")
    assert "--allow-network" not in result.output  # the database answered (rows, or its own refusal)


def test_cypher_refuses_load_csv_from_https_which_the_embedded_store_fetches(store, falkordb_config):
    cli = cli_against(store, falkordb_config)
    result = cli("cypher", "LOAD CSV FROM 'https://127.0.0.1:1/x.csv' AS row RETURN row")
    assert result.exit_code == 1 and "--allow-network" in result.stderr
