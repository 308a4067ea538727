"""Bounded work on any input: over-long "sentences" are cut, extraction stays linear in the text,
and a report over the size limit is refused with one line naming the file and the limit.

Timings live in bench/bench_large_input.py; here a subprocess timeout only guards against the
runaway cases (minutes) the old code had.
"""

from __future__ import annotations

import random
import subprocess
import sys
from pathlib import Path

import pytest

from milgraph.loaders.extract.sentences import MAX_SENTENCE_CHARS, split_sentences
from support import clean_env, cli_against

MILGRAPH = str(Path(sys.executable).with_name("milgraph"))


def _clauses(count: int, seed: int = 3) -> list[str]:
    """Clauses of our own, varied so that no two sentences repeat."""
    rnd = random.Random(seed)
    who = ["Russia", "Belarus", "the Libyan National Army", "Wagner", "Turkey"]
    what = ["S-400 radars", "Pantsir systems", "T-72 tanks", "Il-76 aircraft", "armoured vehicles"]
    where = ["Minsk", "Benghazi", "Khmeimim", "Bamako", "Tobruk", "Latakia", "Niamey", "Tartus"]
    return [f"{rnd.choice(who)} moved {rnd.randint(2, 90)} {rnd.choice(what)} from {rnd.choice(where)} "
            f"to {rnd.choice(where)} on {rnd.randint(1, 28)} December according to note {i}"
            for i in range(count)]


def _no_stops_line(chars: int) -> str:
    """One line of clauses joined by commas: the sentence splitter finds no sentence end."""
    text, i = "", 0
    while len(text) < chars:
        text += ", ".join(_clauses(200, seed=i)) + ", "
        i += 1
    return text[:chars]


# ----------------------------------------------------------------------------- sentences


def test_an_overlong_sentence_is_cut_into_pieces_no_longer_than_the_maximum():
    text = _no_stops_line(12 * MAX_SENTENCE_CHARS)
    pieces = split_sentences(text)
    assert len(pieces) >= 12
    assert all(len(p.text) <= MAX_SENTENCE_CHARS for p in pieces)


def test_pieces_of_an_overlong_sentence_end_at_clause_punctuation_and_keep_their_offsets():
    text = _no_stops_line(5 * MAX_SENTENCE_CHARS)
    pieces = split_sentences(text)
    assert all(text[p.start:p.end] == p.text for p in pieces)
    assert all(p.text.endswith(",") for p in pieces[:-1])
    assert "".join(p.text for p in pieces).replace(" ", "") == text.replace(" ", "")  # nothing lost


def test_an_overlong_run_without_punctuation_is_cut_at_whitespace():
    text = " ".join(["convoy"] * (MAX_SENTENCE_CHARS // 3))
    pieces = split_sentences(text)
    assert len(pieces) > 1
    assert all(p.text.startswith("convoy") and p.text.endswith("convoy") for p in pieces)


def test_one_unbroken_token_longer_than_the_maximum_is_cut_at_the_maximum():
    pieces = split_sentences("x" * (3 * MAX_SENTENCE_CHARS))
    assert [len(p.text) for p in pieces] == [MAX_SENTENCE_CHARS] * 3


def test_ordinary_sentences_are_not_cut():
    text = "Russia moved S-400 radars from Khmeimim to Benghazi, officials said. Two Il-76s followed."
    assert [s.text for s in split_sentences(text)] == [
        "Russia moved S-400 radars from Khmeimim to Benghazi, officials said.", "Two Il-76s followed."]


# ----------------------------------------------------------------------------- whole inputs


def _extract(path: Path, *options: str, timeout: float) -> subprocess.CompletedProcess:
    return subprocess.run([MILGRAPH, "extract", "--json", *options, str(path)], capture_output=True, text=True,
                          timeout=timeout, env=clean_env())


def test_a_five_megabyte_single_line_is_refused_with_one_line_naming_the_file_and_the_limit(tmp_path):
    huge = tmp_path / "huge.txt"
    huge.write_text("A long line\n\n" + _no_stops_line(5_000_000), encoding="utf-8")
    result = _extract(huge, timeout=120)
    assert result.returncode == 1
    message = result.stderr.strip()
    assert "\n" not in message and "Traceback" not in message
    assert str(huge) in message and "1 MB" in message and "--max-input-mb" in message


def test_a_long_line_without_sentence_ends_is_extracted_in_bounded_time(tmp_path):
    """400 kB without a full stop took over ten minutes before (pairwise rules over one giant sentence)."""
    long_line = tmp_path / "long.txt"
    long_line.write_text("No stops\n\n" + _no_stops_line(400_000), encoding="utf-8")
    result = _extract(long_line, timeout=300)
    assert result.returncode == 0, result.stderr
    assert '"place:benghazi"' in result.stdout


def test_the_limit_can_be_raised_per_command(tmp_path):
    report = tmp_path / "report.txt"
    report.write_text("Short\n\n" + ". ".join(_clauses(30)) + ".", encoding="utf-8")
    refused = _extract(report, "--max-input-mb", "0.001", timeout=120)
    assert refused.returncode == 1 and "over the limit of 0.001 MB" in refused.stderr
    assert _extract(report, "--max-input-mb", "1", timeout=120).returncode == 0


def test_the_limit_is_read_from_the_environment(tmp_path):
    from milgraph.config import max_input_mb

    assert max_input_mb() == 1.0
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("MILGRAPH_MAX_INPUT_MB", "12.5")
        assert max_input_mb() == 12.5
        assert max_input_mb(0) == 0  # the option wins


def test_ingest_fails_only_the_report_over_the_limit_and_loads_the_others(falkordb_store, falkordb_config, tmp_path):
    small = tmp_path / "small.txt"
    small.write_text("Small\n\nRussia moved S-400 radars from Khmeimim to Benghazi on 13 December.\n", encoding="utf-8")
    big = tmp_path / "big.txt"
    big.write_text("Big\n\n" + ". ".join(_clauses(40)) + ".\n", encoding="utf-8")
    run = cli_against(falkordb_store, falkordb_config)
    result = run("ingest", "--max-input-mb", "0.002", str(small), str(big))
    assert result.exit_code == 1
    assert f"{big}: report text is" in result.output and "over the limit of 0.002 MB" in result.output
    assert falkordb_store.read("MATCH (r:Report) RETURN count(r) AS n")[0]["n"] == 1


def test_sentences_inside_page_furniture_are_dropped_by_search_not_by_scanning_every_span():
    from milgraph.loaders.extract import _outside
    from milgraph.loaders.extract.sentences import Sentence

    rnd = random.Random(5)
    spans = [(a, a + rnd.randint(1, 30)) for a in sorted(rnd.sample(range(5000), 300))]
    sentences = [Sentence(i, i + 5, "x" * 5, 0) for i in range(0, 5000, 7)]
    expected = [s for s in sentences if not any(a <= s.start < b for a, b in spans)]
    assert _outside(sentences, spans) == expected


def test_a_fifty_megabyte_text_is_refused_before_it_is_read(tmp_path):
    huge = tmp_path / "huge.txt"
    with huge.open("w", encoding="utf-8") as out:
        for i in range(50):
            out.write(". ".join(_clauses(12_000, seed=i))[:1_000_000])
    result = _extract(huge, timeout=120)
    assert result.returncode == 1
    size = huge.stat().st_size / 1_000_000
    assert size == 50.0
    assert result.stderr.strip() == (f"error: {huge}: the file is {size:.1f} MB, over the limit of 1 MB of text per report; "
                                     "raise it with --max-input-mb (or MILGRAPH_MAX_INPUT_MB), or split the file")
