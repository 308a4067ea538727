"""Robustness of every reader: any input ends in Documents or clear ReadFailures, never a crash or a hang.

Property-based (hypothesis) over random bytes, truncated pages, garbage feeds, mixed encodings,
plus fixed worst cases (a 1 MB line, 100k levels of nesting). Each case runs under an alarm.
"""

from __future__ import annotations

import re
import signal
import tempfile
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from milgraph.graph.records import Document
from milgraph.loaders.clean import clean_text
from milgraph.loaders.readers import ReadFailure, read_documents, report_id

SECONDS_PER_CASE = 10
EXTENSIONS = [".txt", ".md", ".html", ".json", ".jsonl", ".rss", ".atom", ".xml", ""]
FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
_BAD_CHARS = re.compile("[\x00-\x08\x0b-\x1f\x7f]")


@contextmanager
def time_limit(seconds: int):
    def on_alarm(signum, frame):
        raise TimeoutError(f"reader did not finish within {seconds} s")

    old = signal.signal(signal.SIGALRM, on_alarm)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def check_file(data: bytes, suffix: str) -> list[Document | ReadFailure]:
    """Read one file holding ``data``; assert the outcome is well-formed."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"input{suffix}"
        path.write_bytes(data)
        with time_limit(SECONDS_PER_CASE):
            docs, failures = read_documents([path])
        for doc in docs:
            assert isinstance(doc, Document)
            assert doc.text and not _BAD_CHARS.search(doc.text)
            assert doc.meta.id == report_id(doc.text, doc.meta.publisher)[0]
            assert all(0 <= s < e <= len(doc.text) for s, e in doc.paragraphs)
            for value in (doc.meta.title, doc.meta.url, doc.meta.publisher, doc.meta.published):
                assert value is None or not _BAD_CHARS.search(value)
        for failure in failures:
            assert isinstance(failure, ReadFailure)
            assert failure.reason and isinstance(failure.reason, str)
            assert failure.path == str(path) or failure.path.startswith(tmp)
        assert docs or failures
        return [*docs, *failures]


# ----------------------------------------------------------------------------- generated inputs

PAGE = (
    "<!doctype html><html><head><title>Depot fire at Northfield</title>"
    '<meta property="og:site_name" content="Field Notes"><meta charset="utf-8"></head>'
    "<body><nav>Home | News</nav><article><h1>Depot fire at Northfield</h1>"
    "<p>A fire broke out at the fuel depot in Northfield late on Sunday, local officials said.</p>"
    "<p>Firefighters contained it by morning and no one was hurt, according to the district office.</p>"
    "</article><footer>Share this article</footer></body></html>"
)
FEED = (
    '<?xml version="1.0"?><rss version="2.0"><channel><title>Field Notes</title>'
    "<item><title>Depot fire</title><link>https://fn.example/1</link>"
    "<pubDate>Mon, 04 Mar 2024 10:00:00 GMT</pubDate>"
    "<description>A fire broke out at the depot on Sunday.</description></item></channel></rss>"
)
RECORD = '{"title": "Depot fire", "text": "A fire broke out at the depot on Sunday.", "date": "2024-03-04"}'
SAMPLE_TEXT = "Convoy reached the port.\n\nТанкер прибыл в порт. Le navire est arrivé à midi — «citation»."

random_bytes = st.binary(min_size=0, max_size=2048)
truncated = st.sampled_from([PAGE, FEED, RECORD, RECORD + "\n" + RECORD]).flatmap(
    lambda s: st.integers(0, len(s)).map(lambda n: s[:n].encode("utf-8"))
)
mutated = st.tuples(st.sampled_from([PAGE, FEED, RECORD]), st.lists(st.tuples(st.integers(0, 400), st.binary(max_size=8)), max_size=6)).map(
    lambda t: _mutate(t[0].encode("utf-8"), t[1])
)
mixed_encodings = st.lists(
    st.tuples(st.text(alphabet=SAMPLE_TEXT, min_size=0, max_size=80), st.sampled_from(["utf-8", "cp1251", "latin-1", "utf-16", "cp1252"])),
    min_size=1,
    max_size=6,
).map(lambda parts: b"".join(t.encode(enc, errors="replace") for t, enc in parts))
garbage_xml = st.recursive(
    st.text(alphabet="abc <>&;/\"'=?!-[]\x00é", max_size=20),
    lambda inner: st.tuples(st.sampled_from(["rss", "channel", "item", "title", "feed", "entry", "content", "x"]), st.lists(inner, max_size=3)).map(
        lambda t: f"<{t[0]}>{''.join(t[1])}</{t[0]}>"
    ),
    max_leaves=20,
).map(lambda s: ('<?xml version="1.0"?>' + s).encode("utf-8", errors="replace"))
any_text = st.text(max_size=500).map(lambda s: s.encode("utf-8", errors="surrogatepass"))


def _mutate(data: bytes, edits: list[tuple[int, bytes]]) -> bytes:
    out = bytearray(data)
    for pos, chunk in edits:
        pos = min(pos, len(out))
        out[pos:pos + len(chunk)] = chunk
    return bytes(out)


inputs = st.one_of(random_bytes, truncated, mutated, mixed_encodings, garbage_xml, any_text)


@settings(FUZZ, max_examples=200)
@given(data=inputs, suffix=st.sampled_from(EXTENSIONS))
def test_any_input_ends_in_documents_or_failures(data, suffix):
    check_file(data, suffix)


@FUZZ
@given(data=garbage_xml, suffix=st.sampled_from([".rss", ".atom", ".xml"]))
def test_garbage_feeds_end_in_documents_or_failures(data, suffix):
    check_file(data, suffix)


@FUZZ
@given(data=mixed_encodings)
def test_mixed_encodings_decode_to_some_text_or_fail_cleanly(data):
    check_file(data, ".txt")


@FUZZ
@given(text=st.text(max_size=400) | st.lists(st.sampled_from(
    ["Trucks reached the port.", "share this article", "Related posts", "By Coastal Wire", "\n", "\n\n", " ",
     "\x00", "\u00a0", "e\u0301", "Photo: X", "Home > A > B", "word", "\u2014 A (@a) May 1, 2024"]), max_size=30).map("".join))
def test_cleaning_is_idempotent_and_offsets_are_valid(text):
    cleaned, offsets = clean_text(text)
    assert clean_text(cleaned)[0] == cleaned
    assert not _BAD_CHARS.search(cleaned)
    assert "\n\n".join(cleaned[s:e] for s, e in offsets) == cleaned


# ----------------------------------------------------------------------------- fixed worst cases


@pytest.mark.parametrize("suffix", EXTENSIONS)
def test_one_megabyte_single_line(suffix):
    line = ("convoy depot " * 80_000)[:1_000_000]
    payloads = {
        ".html": f"<html><body><p>{line}</p></body></html>",
        ".json": '{"text": "%s"}' % line,
        ".jsonl": '{"text": "%s"}' % line,
        ".rss": f"<rss version='2.0'><channel><item><title>t</title><description>{line}</description></item></channel></rss>",
    }
    payloads[".atom"] = payloads[".xml"] = payloads[".rss"]
    data = payloads.get(suffix, line).encode("utf-8")
    results = check_file(data, suffix)
    assert any(isinstance(r, Document) for r in results)


@pytest.mark.parametrize("suffix", EXTENSIONS)
def test_deep_nesting_fails_cleanly_or_reads(suffix):
    depth = 100_000
    payloads = {
        ".json": "[" * depth + "]" * depth,
        ".jsonl": "[" * depth + "]" * depth,
        ".html": "<div>" * depth + "deep text" + "</div>" * depth,
        ".rss": "<rss>" + "<item>" * depth + "</item>" * depth + "</rss>",
        ".md": "> " * depth + "deep quote",
    }
    payloads[".atom"] = payloads[".xml"] = payloads[".rss"]
    check_file(payloads.get(suffix, "(" * depth).encode("utf-8"), suffix)


@pytest.mark.parametrize("suffix", [".json", ".jsonl"])
def test_deeply_nested_text_field_fails_cleanly_or_reads(suffix):
    depth = 50_000
    record = '{"text": ' + '{"text": ' * depth + '"x"' + "}" * depth + "}"
    check_file(record.encode("utf-8"), suffix)


def test_huge_integer_in_json_fails_cleanly():
    check_file(('{"text": "a", "date": ' + "9" * 50_000 + "}").encode(), ".json")


def test_a_stray_nul_in_the_middle_of_text_is_removed_and_the_text_kept():
    (doc,) = check_file(b"Title\n\nSome text\x00 more text\n", ".txt")
    assert doc.text == "Some text more text"
