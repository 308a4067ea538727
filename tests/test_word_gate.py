"""The quick regex helpers change how fast a pattern runs, never what it matches."""

from __future__ import annotations

import re

import pytest

from milgraph.loaders.extract.word_gate import AnyWord, WordGate, has_digit, word_first

TEXTS = [
    "The convoy left the port at dawn; the ships then sailed north.",
    "Bathe the thesis: other words hold 'the' inside them, as do Athens and lathe.",
    "the start of a text, and THE end in capitals",
    "«3:CTRY»'s bases and its bases, both bases, the two bases",
    "Ünïcode wörds: the Ṡea, the ſhip and a Kelvin sign K",
    "",
]


@pytest.mark.parametrize("words", [["the"], ["the", "this", "that"], ["its", "both", "the two"], ["in", "into", "of"]])
def test_word_first_matches_as_a_leading_word_boundary(words):
    old = re.compile(r"\b(?:" + "|".join(words) + r")\s+\w+")
    new = re.compile(word_first(words) + r"\s+\w+")
    for text in TEXTS:
        assert [m.span() for m in new.finditer(text)] == [m.span() for m in old.finditer(text)], text


def test_word_first_refuses_an_alternative_it_cannot_rewrite():
    with pytest.raises(ValueError, match="does not open with a letter"):
        word_first(["(?:x)"])


@pytest.mark.parametrize("words, ignore_case", [(["ship", "Sea"], False), (["ship", "sea", "UAV"], True)])
def test_the_gate_never_refuses_a_text_the_regex_matches(words, ignore_case):
    regex = re.compile(("(?i)" if ignore_case else "") + "|".join(words))
    gate = WordGate(words, ignore_case=ignore_case)
    for text in TEXTS + ["a uav overhead", "no such words here"]:
        if regex.search(text):
            assert gate.may_match(text), text


def test_the_gate_refuses_a_plain_text_without_the_words():
    assert not WordGate(["tanker", "frigate"]).may_match("the convoy left at dawn")
    assert not WordGate(["Tanker"], ignore_case=True).may_match("no such vessel")
    assert WordGate(["Tanker"], ignore_case=True).may_match("a TANKER")
    assert WordGate(["ſhip"], ignore_case=True).may_match("anything")  # a word outside ASCII: the regex decides


def test_has_digit_is_str_isdigit_on_any_character():
    texts = ["", "no digits here", "the 3rd brigade", "Il-76", "area 51.", "x\u00b2 squared",
             "\u0661\u0662 Arabic-Indic", "caf\u00e9 only", "caf\u00e9 9", "\u2460 circled one"]
    for text in texts:
        assert has_digit(text) == any(c.isdigit() for c in text), text


@pytest.mark.parametrize("words", [["port", "portal", "post", "airport"], ["ship", "ships", "vessel", "landing ship"],
                                   ["a.b", "(x)", "c+", "ünï", " "], [""], ["Sea", "sea"], ["the"]])
def test_any_word_answers_as_substring_tests_do(words):
    gate = AnyWord(words)
    for text in TEXTS + ["support the airport", "a+b (x) c+", "Seaside", "aXb", "ports and posts"]:
        assert gate.search(text) == any(w in text for w in words), (words, text)


def test_any_word_of_no_words_finds_nothing():
    assert AnyWord([]).search("anything at all") is False
