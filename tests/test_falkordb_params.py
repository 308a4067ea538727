"""The embedded store encodes a batch's parameters with the C JSON encoder: every value must
reach FalkorDB exactly as the client's own encoder would send it."""

import math

import pytest
from falkordb.helpers import stringify_param_value

from milgraph.graph.falkordb_store import params_header
from milgraph.graph.store import Statement

VALUES = [
    "plain", "", "line one\nline two", "tab\there", "carriage\rreturn", "back\bspace form\ffeed",
    'a "quoted" word', "back\\slash", "\\n is two characters here", "ends with a backslash \\",
    "x\u0001y", "é ü 中文 🚀", "a,\"b\":c", '{"looks": "like json"}', "`backticked`", "\u2028 line separator",
    0, -7, 12345678901234, 0.1, 1e-05, 2.5e300, True, False, None,
    [], [1, "two", None, [3.0]], {}, {"key": "value", "list": [1, 2], "nested": {"deep": "a\nb"}},
    {"evidence": 'He said "yes", then left', "attributed_to": ["a,\"b\":c"]},
]


@pytest.mark.parametrize("value", VALUES, ids=[repr(v)[:30] for v in VALUES])
def test_a_parameter_reaches_the_store_as_the_client_sends_it(falkordb_store, value):
    graph = falkordb_store._graph
    sent = graph.query(params_header({"v": value}) + "RETURN $v AS v").result_set[0][0]
    expected = graph.query("RETURN $v AS v", {"v": value}).result_set[0][0]
    assert sent == expected


def test_values_json_cannot_write_take_the_clients_encoder():
    for value in (math.nan, "x\u0001y", "`tick`"):
        assert params_header({"v": value}) == f"CYPHER `v`={stringify_param_value(value)} "


def test_a_map_key_the_store_cannot_read_is_refused_as_the_client_refuses_it():
    with pytest.raises(ValueError):
        params_header({"v": {"a`b": 1}})
    with pytest.raises(ValueError):
        params_header({"": 1})


def test_a_batch_writes_text_with_every_escape_intact(falkordb_store):
    texts = [v for v in VALUES if isinstance(v, str)]
    falkordb_store.write_batch([Statement("UNWIND $rows AS row CREATE (:Probe {i: row.i, text: row.text})",
                                          {"rows": [{"i": i, "text": t} for i, t in enumerate(texts)]})])
    rows = falkordb_store.read("MATCH (p:Probe) RETURN p.i AS i, p.text AS text ORDER BY i")
    assert [row["text"] for row in rows] == texts


def test_replies_from_the_embedded_store_are_parsed_in_c():
    """hiredis (a dependency) parses the server's replies: the pure-Python parser took about a
    quarter of the client's time grouping a 2,000-report ingest, most of it reading results."""
    import redis.utils

    assert redis.utils.HIREDIS_AVAILABLE
