"""Specification of the readers: files and folders in, cleaned Documents (or ReadFailures) out."""

from __future__ import annotations

import hashlib
import json
import socket
from pathlib import Path

import pytest

from milgraph.errors import InputError
from milgraph.graph.records import Document
from milgraph.loaders.read_meta import normalise_date
from milgraph.loaders.readers import MetaOverrides, ReadFailure, iter_documents, read_documents, read_path

TITLE = "Fuel convoy reaches river port"
P1 = "A convoy of twelve fuel trucks reached the river port of Eastbank on Tuesday, harbour staff said."
P2 = "The trucks had left the southern depot two days earlier and travelled mostly at night."


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def docs_of(*paths, overrides=None) -> list[Document]:
    docs, failures = read_documents(list(paths), overrides)
    assert not failures, failures
    return docs


def one_doc(path, overrides=None) -> Document:
    docs = docs_of(path, overrides=overrides)
    assert len(docs) == 1
    return docs[0]


def failures_of(*paths, overrides=None) -> list[ReadFailure]:
    return read_documents(list(paths), overrides)[1]


# ----------------------------------------------------------------------------- plain text


def test_text_file_first_line_is_title_and_rest_is_body(tmp_path):
    doc = one_doc(write(tmp_path / "r.txt", f"{TITLE}\n\n{P1}\n\n{P2}\n"))
    assert doc.meta.title == TITLE
    assert doc.text == f"{P1}\n\n{P2}"


def test_text_file_without_blank_second_line_has_no_title(tmp_path):
    doc = one_doc(write(tmp_path / "r.txt", f"{P1}\n{P2}\n"))
    assert doc.meta.title == ""
    assert doc.text.startswith(P1)


def test_paragraph_offsets_index_into_the_text(tmp_path):
    doc = one_doc(write(tmp_path / "r.txt", f"{TITLE}\n\n{P1}\n\n{P2}\n"))
    assert [doc.text[s:e] for s, e in doc.paragraphs] == [P1, P2]


def test_title_repeated_at_top_of_body_is_removed(tmp_path):
    doc = one_doc(write(tmp_path / "r.txt", f"{TITLE}\n\n{TITLE}\n{P1}\n"))
    assert doc.text == P1


# ----------------------------------------------------------------------------- ids and metadata


def test_report_id_is_prefix_of_sha256_of_cleaned_text(tmp_path):
    doc = one_doc(write(tmp_path / "r.txt", f"{TITLE}\n\n{P1}\n"))
    digest = hashlib.sha256(doc.text.encode("utf-8")).hexdigest()
    assert doc.meta.sha256 == digest
    assert doc.meta.id == "report:" + digest[:16]


def test_same_text_in_two_files_gets_the_same_id(tmp_path):
    a = write(tmp_path / "a.txt", f"{TITLE}\n\n{P1}\n")
    b = write(tmp_path / "b.md", f"# {TITLE}\n\n{P1}\n")
    doc_a, doc_b = docs_of(a, b)
    assert doc_a.meta.id == doc_b.meta.id


def test_document_records_its_path(tmp_path):
    path = write(tmp_path / "r.txt", f"{TITLE}\n\n{P1}\n")
    assert one_doc(path).meta.path == str(path)


def test_sidecar_json_supplies_missing_metadata(tmp_path):
    path = write(tmp_path / "r.txt", f"{TITLE}\n\n{P1}\n")
    write(tmp_path / "r.meta.json", json.dumps({"url": "https://news.example/convoy", "published": "5 March 2024",
                                                "publisher": "River Times"}))
    meta = one_doc(path).meta
    assert (meta.url, meta.published, meta.publisher) == ("https://news.example/convoy", "2024-03-05", "River Times")


def test_sidecar_named_after_full_file_name_is_found(tmp_path):
    path = write(tmp_path / "r.txt", f"{TITLE}\n\n{P1}\n")
    write(tmp_path / "r.txt.meta.yaml", "publisher: River Times\n")
    assert one_doc(path).meta.publisher == "River Times"


def test_broken_sidecar_is_reported_and_the_report_still_loads(tmp_path):
    path = write(tmp_path / "r.txt", f"{TITLE}\n\n{P1}\n")
    write(tmp_path / "r.meta.json", "{not json")
    docs, failures = read_documents([path])
    assert len(docs) == 1
    assert failures[0].path.endswith("r.meta.json") and "JSON" in failures[0].reason


def test_folder_index_supplies_metadata_by_file_name(tmp_path):
    write(tmp_path / "01_a.txt", f"{TITLE}\n\n{P1}\n")
    write(tmp_path / "index.json", json.dumps([{"file": "01_a.txt", "title": TITLE, "url": "https://x.example/a",
                                                "publisher": "Delta News", "published": "2024-07-02"}]))
    meta = one_doc(tmp_path).meta
    assert (meta.url, meta.publisher, meta.published) == ("https://x.example/a", "Delta News", "2024-07-02")


def test_folder_index_date_that_is_no_date_is_named_in_a_warning(tmp_path, caplog):
    write(tmp_path / "01_a.txt", f"{TITLE}\n\n{P1}\n")
    write(tmp_path / "index.json", json.dumps([{"file": "01_a.txt", "publisher": "2024-07-02",
                                                "published": "Delta News"}]))  # the two fields swapped
    with caplog.at_level("WARNING", logger="milgraph.read"):
        meta = one_doc(tmp_path).meta
    assert meta.published is None
    assert "index.json (entry 1, 01_a.txt): published 'Delta News' is not a date" in caplog.text


def test_sidecar_date_that_is_no_date_is_named_in_a_warning(tmp_path, caplog):
    path = write(tmp_path / "a.txt", f"{TITLE}\n\n{P1}\n")
    write(tmp_path / "a.meta.json", json.dumps({"published": "last Tuesday"}))
    with caplog.at_level("WARNING", logger="milgraph.read"):
        one_doc(path)
    assert "a.meta.json: published 'last Tuesday' is not a date" in caplog.text


def test_folder_index_is_used_when_one_listed_file_is_read_alone(tmp_path):
    path = write(tmp_path / "01_a.txt", f"{TITLE}\n\n{P1}\n")
    write(tmp_path / "index.json", json.dumps([{"file": "01_a.txt", "publisher": "Delta News"}]))
    assert one_doc(path).meta.publisher == "Delta News"


def test_index_json_given_directly_reads_the_files_it_lists(tmp_path):
    write(tmp_path / "01_a.txt", f"{TITLE}\n\n{P1}\n")
    index = write(tmp_path / "index.json", json.dumps([{"file": "01_a.txt", "publisher": "Delta News"}]))
    assert one_doc(index).meta.publisher == "Delta News"


def test_sidecar_beats_folder_index(tmp_path):
    path = write(tmp_path / "a.txt", f"{TITLE}\n\n{P1}\n")
    write(tmp_path / "a.meta.json", json.dumps({"publisher": "From Sidecar"}))
    write(tmp_path / "index.json", json.dumps([{"file": "a.txt", "publisher": "From Index"}]))
    assert one_doc(path).meta.publisher == "From Sidecar"


def test_overrides_fill_metadata_of_a_single_report(tmp_path):
    path = write(tmp_path / "r.txt", f"{TITLE}\n\n{P1}\n")
    meta = one_doc(path, MetaOverrides(published="2024-01-09", publisher="Wire", url="https://w.example/1")).meta
    assert (meta.published, meta.publisher, meta.url) == ("2024-01-09", "Wire", "https://w.example/1")


def test_overrides_beat_the_sidecar_for_a_single_report(tmp_path):
    path = write(tmp_path / "r.txt", f"{TITLE}\n\n{P1}\n")
    write(tmp_path / "r.meta.json", json.dumps({"publisher": "Sidecar Name"}))
    assert one_doc(path, MetaOverrides(publisher="Override Name")).meta.publisher == "Override Name"


def test_url_override_is_not_spread_over_many_records(tmp_path):
    path = write(tmp_path / "r.jsonl", json.dumps({"text": P1}) + "\n" + json.dumps({"text": P2}) + "\n")
    docs = docs_of(path, overrides=MetaOverrides(url="https://one.example/"))
    assert [d.meta.url for d in docs] == [None, None]


def test_url_override_is_not_applied_to_a_folder(tmp_path):
    write(tmp_path / "a.txt", f"T\n\n{P1}\n")
    write(tmp_path / "b.txt", f"T\n\n{P2}\n")
    docs = docs_of(tmp_path, overrides=MetaOverrides(url="https://one.example/", publisher="Wire"))
    assert [(d.meta.url, d.meta.publisher) for d in docs] == [(None, "Wire"), (None, "Wire")]


def test_override_only_fills_gaps_in_records_with_their_own_values(tmp_path):
    path = write(tmp_path / "r.jsonl", json.dumps({"text": P1, "date": "2024-02-02"}) + "\n" + json.dumps({"text": P2}) + "\n")
    docs = docs_of(path, overrides=MetaOverrides(published="2024-09-09"))
    assert [d.meta.published for d in docs] == ["2024-02-02", "2024-09-09"]


def test_control_characters_are_stripped_from_metadata(tmp_path):
    path = write(tmp_path / "r.json", json.dumps({"title": "Depot\u0000 fire", "text": P1, "source": "Wire\u0007 Co"}))
    meta = one_doc(path).meta
    assert (meta.title, meta.publisher) == ("Depot fire", "Wire Co")


def test_byline_date_near_the_top_becomes_published(tmp_path):
    doc = one_doc(write(tmp_path / "r.txt", f"{TITLE}\n\nBy Coastal Wire | 4 March 2024, 09:30\n\n{P1}\n"))
    assert (doc.meta.published, doc.text) == ("2024-03-04", P1)


def test_date_inside_the_story_is_not_taken_for_published(tmp_path):
    doc = one_doc(write(tmp_path / "r.txt", f"{TITLE}\n\nOn 4 March 2024 the convoy left the depot.\n"))
    assert doc.meta.published is None


def test_json_text_holding_html_is_reduced_to_text(tmp_path):
    doc = one_doc(write(tmp_path / "r.json", json.dumps({"content": f"<p>{P1}</p><p>{P2}</p>"})))
    assert doc.text == f"{P1}\n\n{P2}"


@pytest.mark.parametrize(
    ("raw", "iso"),
    [
        ("2024-12-27", "2024-12-27"),
        ("2024-12-27T18:30:00+02:00", "2024-12-27"),
        ("Fri, 27 Dec 2024 10:00:00 GMT", "2024-12-27"),
        ("27 December 2024", "2024-12-27"),
        ("December 27, 2024", "2024-12-27"),
        ("10 June 2025, 13:15", "2025-06-10"),
        ("27.12.2024", "2024-12-27"),
        ("2024/12/27", "2024-12-27"),
        ("December 2024", "2024-12"),
        ("2024-12", "2024-12"),
        ("2024", "2024"),
        (1735293600, "2024-12-27"),
        ("03/04/2024", None),
        ("sometime last winter", None),
        ("2024-02-30", None),
    ],
)
def test_published_dates_are_normalised_to_iso(raw, iso):
    assert normalise_date(raw) == iso


# ----------------------------------------------------------------------------- Markdown


def test_markdown_title_comes_from_the_first_level_one_heading(tmp_path):
    doc = one_doc(write(tmp_path / "r.md", f"Intro line before.\n\n# {TITLE}\n\n{P1}\n"))
    assert doc.meta.title == TITLE


def test_markdown_markup_is_stripped(tmp_path):
    md = "# T\n\nThe **convoy** used the [northern road](https://maps.example/n) and `Route 7` ![pic](a.png) at _night_.\n"
    assert one_doc(write(tmp_path / "r.md", md)).text == "The convoy used the northern road and Route 7 at night."


def test_markdown_soft_wrapped_lines_join_and_list_items_stay_apart(tmp_path):
    md = "# T\n\nThe trucks crossed\nthe bridge.\n\n- fuel tanker\n- water tanker\n"
    assert one_doc(write(tmp_path / "r.md", md)).text == "The trucks crossed the bridge.\n\nfuel tanker\nwater tanker"


def test_markdown_front_matter_supplies_metadata(tmp_path):
    md = f"---\ntitle: {TITLE}\ndate: 2023-11-04\nurl: https://md.example/x\n---\n{P1}\n"
    meta = one_doc(write(tmp_path / "r.md", md)).meta
    assert (meta.title, meta.published, meta.url) == (TITLE, "2023-11-04", "https://md.example/x")


# ----------------------------------------------------------------------------- HTML

PAGE = f"""<!doctype html><html><head><title>{TITLE} | River Times</title>
<meta property="og:site_name" content="River Times">
<link rel="canonical" href="https://rivertimes.example/convoy">
<meta property="article:published_time" content="2024-03-05T07:00:00Z"></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav>
<article><h1>{TITLE}</h1><p>{P1}</p><p>{P2}</p></article>
<footer><p>Subscribe to our newsletter</p><p>Copyright River Times</p></footer></body></html>"""


def test_html_main_text_without_navigation_or_footer(tmp_path):
    assert one_doc(write(tmp_path / "p.html", PAGE)).text == f"{P1}\n\n{P2}"


def test_html_metadata_title_url_publisher_date(tmp_path):
    meta = one_doc(write(tmp_path / "p.html", PAGE)).meta
    assert (meta.title, meta.url, meta.publisher, meta.published) == (
        TITLE, "https://rivertimes.example/convoy", "River Times", "2024-03-05")


def test_html_is_read_without_network(tmp_path, monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("the reader tried to open a network connection")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    page = PAGE.replace("<p>", '<p><img src="https://img.example/a.png">', 1)
    assert one_doc(write(tmp_path / "p.html", page)).text.startswith(P1)


def test_html_falls_back_to_simple_parser_when_trafilatura_finds_nothing(tmp_path, monkeypatch):
    import milgraph.loaders.read_html as read_html

    monkeypatch.setattr(read_html, "_trafilatura", lambda html: None)
    doc = one_doc(write(tmp_path / "p.html", PAGE))
    assert doc.text == f"{P1}\n\n{P2}"
    assert doc.meta.publisher == "River Times"


def test_html_embedded_tweet_is_dropped(tmp_path):
    tweet = ('<blockquote class="twitter-tweet"><p>Hangar door open again tonight</p>&mdash; Spotter '
             '(@spotter) <a href="#">May 2, 2024</a></blockquote>')
    page = PAGE.replace(f"<p>{P2}</p>", f"{tweet}<p>{P2}</p>")
    assert one_doc(write(tmp_path / "p.html", page)).text == f"{P1}\n\n{P2}"


def test_html_og_url_is_used_without_canonical_link(tmp_path):
    page = PAGE.replace('<link rel="canonical" href="https://rivertimes.example/convoy">',
                        '<meta property="og:url" content="https://rivertimes.example/og">')
    assert one_doc(write(tmp_path / "p.htm", page)).meta.url == "https://rivertimes.example/og"


# ----------------------------------------------------------------------------- JSON and JSONL


def test_json_single_record(tmp_path):
    doc = one_doc(write(tmp_path / "r.json", json.dumps({"title": TITLE, "text": P1, "url": "https://j.example/1"})))
    assert (doc.meta.title, doc.text, doc.meta.url) == (TITLE, P1, "https://j.example/1")


def test_json_list_of_records(tmp_path):
    docs = docs_of(write(tmp_path / "r.json", json.dumps([{"text": P1}, {"text": P2}])))
    assert [d.text for d in docs] == [P1, P2]


def test_json_wrapper_object_with_items_list(tmp_path):
    docs = docs_of(write(tmp_path / "r.json", json.dumps({"articles": [{"text": P1}, {"text": P2}]})))
    assert len(docs) == 2


def test_json_alternate_field_names(tmp_path):
    rec = {"headline": TITLE, "body": P1, "date": "2024-04-01", "source": {"id": "rt", "name": "River Times"}, "link": "https://j.example/2"}
    meta = one_doc(write(tmp_path / "r.json", json.dumps(rec))).meta
    assert (meta.title, meta.published, meta.publisher, meta.url) == (TITLE, "2024-04-01", "River Times", "https://j.example/2")


def test_json_content_as_list_of_paragraphs(tmp_path):
    assert one_doc(write(tmp_path / "r.json", json.dumps({"content": [P1, P2]}))).text == f"{P1}\n\n{P2}"


def test_field_map_names_the_text_field(tmp_path):
    path = write(tmp_path / "r.json", json.dumps({"article_text": P1, "text": "not this one"}))
    assert one_doc(path, MetaOverrides(field_map={"text": "article_text"})).text == P1


def test_field_map_accepts_dotted_paths(tmp_path):
    path = write(tmp_path / "r.json", json.dumps({"story": {"main": P1}, "meta": {"outlet": "Delta"}}))
    doc = one_doc(path, MetaOverrides(field_map={"text": "story.main", "publisher": "meta.outlet"}))
    assert (doc.text, doc.meta.publisher) == (P1, "Delta")


def test_json_record_without_text_fails_and_names_the_record(tmp_path):
    path = write(tmp_path / "r.json", json.dumps([{"text": P1}, {"title": "only a title"}]))
    docs, failures = read_documents([path])
    assert len(docs) == 1
    assert "record 2" in failures[0].reason and "field_map" in failures[0].reason


def test_invalid_json_fails_naming_the_line(tmp_path):
    failure = failures_of(write(tmp_path / "r.json", '[\n{"text": "a"},\n{oops}\n]'))[0]
    assert failure.line == 3 and "invalid JSON" in failure.reason


def test_jsonl_one_document_per_line(tmp_path):
    docs = docs_of(write(tmp_path / "r.jsonl", f'{json.dumps({"text": P1})}\n\n{json.dumps({"text": P2})}\n'))
    assert [d.text for d in docs] == [P1, P2]


def test_jsonl_bad_line_fails_alone_and_names_its_line(tmp_path):
    path = write(tmp_path / "r.jsonl", f'{json.dumps({"text": P1})}\n{{broken\n{json.dumps({"text": P2})}\n')
    docs, failures = read_documents([path])
    assert len(docs) == 2
    assert failures[0].line == 2 and str(failures[0]).startswith(f"{path}:2: ")


def test_deeply_nested_json_fails_cleanly(tmp_path):
    failure = failures_of(write(tmp_path / "r.json", "[" * 100_000 + "]" * 100_000))[0]
    assert "nested too deeply" in failure.reason


# ----------------------------------------------------------------------------- feeds

RSS = f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>River Times</title>
<item><title>{TITLE}</title><link>https://rivertimes.example/1</link>
<pubDate>Tue, 05 Mar 2024 07:00:00 GMT</pubDate><description>&lt;p&gt;{P1}&lt;/p&gt;</description></item>
<item><title>Second</title><link>https://rivertimes.example/2</link><description>{P2}</description></item>
</channel></rss>"""

ATOM = f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Delta Log</title>
<entry><title>{TITLE}</title><link href="https://delta.example/a"/><updated>2024-05-06T10:00:00Z</updated>
<content type="html">&lt;p&gt;{P1}&lt;/p&gt;&lt;p&gt;{P2}&lt;/p&gt;</content></entry></feed>"""


def test_rss_items_become_documents(tmp_path):
    docs = docs_of(write(tmp_path / "f.rss", RSS))
    assert [d.text for d in docs] == [P1, P2]


def test_rss_item_metadata(tmp_path):
    meta = docs_of(write(tmp_path / "f.xml", RSS))[0].meta
    assert (meta.title, meta.url, meta.published, meta.publisher) == (
        TITLE, "https://rivertimes.example/1", "2024-03-05", "River Times")


def test_atom_entry_content_becomes_paragraphs(tmp_path):
    doc = docs_of(write(tmp_path / "f.atom", ATOM))[0]
    assert (doc.text, doc.meta.published, doc.meta.publisher) == (f"{P1}\n\n{P2}", "2024-05-06", "Delta Log")


def test_feed_item_without_text_fails_alone(tmp_path):
    rss = RSS.replace("</channel>", "<item><title>Bare</title></item></channel>")
    docs, failures = read_documents([write(tmp_path / "f.rss", rss)])
    assert len(docs) == 2 and "item 3" in failures[0].reason


def test_xml_that_is_not_a_feed_fails(tmp_path):
    assert failures_of(write(tmp_path / "f.xml", "<inventory><crate id='1'/></inventory>"))


# ----------------------------------------------------------------------------- encodings

RU = "Танкер прибыл в порт в среду утром, сообщили местные власти."
FR = "Le navire est arrivé à Tobrouk après une traversée de trois jours."


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (("\ufeff" + f"{TITLE}\n\n{P1}\n").encode("utf-8"), P1),
        (f"{TITLE}\n\n{RU}\n".encode("utf-16"), RU),
        (f"{TITLE}\n\n{RU}\n".encode("utf-16-be").join([b"\xfe\xff", b""]), RU),
        (f"{TITLE}\n\n{RU}\n".encode("cp1251"), RU),
        (f"{TITLE}\n\n{FR}\n".encode("latin-1"), FR),
        (f"{TITLE}\n\n{FR}\n".encode("utf-8"), FR),
    ],
    ids=["utf8-bom", "utf16-le-bom", "utf16-be-bom", "cp1251", "latin1", "utf8"],
)
def test_encodings_are_detected(tmp_path, data, expected):
    assert one_doc(write(tmp_path / "r.txt", data)).text == expected


def test_html_declared_charset_is_used_when_not_utf8(tmp_path):
    greek = "Το πλοίο έφτασε στο λιμάνι το πρωί της Τρίτης."
    page = f'<html><head><meta charset="iso-8859-7"><title>T</title></head><body><p>{greek}</p></body></html>'
    assert one_doc(write(tmp_path / "p.html", page.encode("iso-8859-7"))).text == greek


def test_binary_file_is_skipped_with_a_clear_message(tmp_path):
    failure = failures_of(write(tmp_path / "r.txt", b"\x00\x01\x02\x03binary\x00\xff" * 20))[0]
    assert failure.skipped and "binary" in failure.reason


def test_pdf_is_named_in_the_message(tmp_path):
    failure = failures_of(write(tmp_path / "r.txt", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj"))[0]
    assert "PDF" in failure.reason


def test_empty_file_is_skipped_with_a_clear_message(tmp_path):
    failure = failures_of(write(tmp_path / "r.txt", b""))[0]
    assert failure.skipped and "empty" in failure.reason


def test_bad_files_do_not_stop_the_good_ones(tmp_path):
    write(tmp_path / "a.txt", b"")
    write(tmp_path / "b.txt", b"\x00\x00\x00\x00")
    write(tmp_path / "c.txt", f"{TITLE}\n\n{P1}\n")
    docs, failures = read_documents([tmp_path])
    assert len(docs) == 1 and len(failures) == 2


# ----------------------------------------------------------------------------- folders and paths


def test_folder_is_read_recursively_in_sorted_order(tmp_path):
    write(tmp_path / "b" / "2.txt", f"T2\n\n{P2}\n")
    write(tmp_path / "a.txt", f"T1\n\n{P1}\n")
    write(tmp_path / "b" / "1.md", "# T3\n\nA third report about the harbour.\n")
    assert [d.meta.title for d in docs_of(tmp_path)] == ["T1", "T3", "T2"]


def test_hidden_files_and_folders_are_skipped(tmp_path):
    write(tmp_path / ".draft.txt", f"T\n\n{P1}\n")
    write(tmp_path / ".git" / "x.txt", f"T\n\n{P2}\n")
    assert read_documents([tmp_path]) == ([], [])


def test_yaml_and_facts_files_are_left_to_the_facts_loader(tmp_path):
    write(tmp_path / "facts.yaml", "entities: []\n")
    write(tmp_path / "more.facts.json", '{"entities": []}')
    write(tmp_path / "r.txt", f"T\n\n{P1}\n")
    docs, failures = read_documents([tmp_path])
    assert len(docs) == 1 and failures == []


def test_index_and_sidecars_are_not_read_as_reports(tmp_path):
    write(tmp_path / "r.txt", f"T\n\n{P1}\n")
    write(tmp_path / "r.meta.json", json.dumps({"publisher": "X"}))
    write(tmp_path / "index.json", json.dumps([{"file": "r.txt"}]))
    assert len(docs_of(tmp_path)) == 1


def test_unknown_file_type_in_a_folder_is_reported(tmp_path):
    write(tmp_path / "photo.png", b"\x89PNG\r\n")
    failure = failures_of(tmp_path)[0]
    assert failure.skipped and "unsupported file type '.png'" in failure.reason


def test_named_pipe_in_a_folder_is_skipped_without_blocking(tmp_path):
    import os

    os.mkfifo(tmp_path / "pipe.txt")
    write(tmp_path / "r.txt", f"T\n\n{P1}\n")
    docs, failures = read_documents([tmp_path])
    assert len(docs) == 1 and "not a regular file" in failures[0].reason


def test_missing_path_is_reported(tmp_path):
    failure = failures_of(tmp_path / "nope.txt")[0]
    assert "no such file" in failure.reason


def test_read_path_reads_one_path(tmp_path):
    path = write(tmp_path / "r.txt", f"T\n\n{P1}\n")
    assert [type(x) for x in read_path(path)] == [Document]


def test_iter_documents_is_lazy(tmp_path):
    write(tmp_path / "a.txt", f"T\n\n{P1}\n")
    it = iter_documents([tmp_path])
    assert isinstance(next(it), Document)


def test_read_failure_converts_to_input_error():
    err = ReadFailure("x.jsonl", "invalid JSON", line=4).to_error()
    assert isinstance(err, InputError) and str(err) == "x.jsonl:4: invalid JSON"


def test_all_boilerplate_file_is_skipped(tmp_path):
    failure = failures_of(write(tmp_path / "r.txt", "T\n\nShare this article\n\nAdvertisement\n"))[0]
    assert failure.skipped and "no report text" in failure.reason
