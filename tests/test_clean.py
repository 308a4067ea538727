"""Specification of the cleaning stage: milgraph.loaders.clean."""

from __future__ import annotations

import pytest

from milgraph.loaders.clean import (
    BoilerplateRules,
    clean_text,
    load_boilerplate,
    parse_boilerplate,
    strip_control_chars,
)

BODY_A = "A column of fuel trucks left the depot at dawn and reached the river crossing by noon."
BODY_B = "Engineers had repaired the bridge two days earlier, the regional governor told reporters."


def cleaned(raw: str, **kw) -> str:
    return clean_text(raw, **kw)[0]


# ----------------------------------------------------------------------------- characters


def test_strip_control_chars_removes_nul_and_c0_controls():
    assert strip_control_chars("Port\x00 of\x07 Call\x1f") == "Port of Call"


def test_strip_control_chars_keeps_tabs_and_newlines():
    assert strip_control_chars("a\tb\nc") == "a\tb\nc"


def test_strip_control_chars_removes_lone_surrogates_and_bom():
    assert strip_control_chars("\ufeffname\ud800") == "name"


def test_clean_text_never_contains_nul():
    text, _ = clean_text(f"{BODY_A}\x00\n\n{BODY_B}")
    assert "\x00" not in text


def test_unicode_is_normalised_to_nfc():
    decomposed = "Cafe\u0301 owners saw the convoy pass through the square on Friday."
    assert cleaned(decomposed).startswith("Caf\u00e9 ")


def test_curly_quotes_are_kept():
    raw = "The officer said the base \u201cwas never closed\u201d and that it\u2019s still in use today."
    assert cleaned(raw) == raw


def test_whitespace_runs_and_unicode_spaces_collapse():
    assert cleaned("Ships\u00a0 arrived \t at   the port   on Monday.") == "Ships arrived at the port on Monday."


def test_windows_and_old_mac_line_endings_become_newlines():
    assert cleaned(f"{BODY_A}\r\n\r\n{BODY_B}\r") == f"{BODY_A}\n\n{BODY_B}"


# ----------------------------------------------------------------------------- paragraphs


def test_paragraphs_are_separated_by_one_blank_line():
    assert cleaned(f"{BODY_A}\n\n\n\n{BODY_B}") == f"{BODY_A}\n\n{BODY_B}"


def test_offsets_point_at_each_paragraph():
    text, offsets = clean_text(f"  {BODY_A}\n\n{BODY_B}\n")
    assert [text[s:e] for s, e in offsets] == [BODY_A, BODY_B]


def test_hard_wrapped_lines_are_joined():
    raw = "The convoy crossed the bridge\nat night and stopped near\nthe old airfield."
    assert cleaned(raw) == "The convoy crossed the bridge at night and stopped near the old airfield."


def test_lines_ending_a_sentence_stay_separate_lines_of_their_paragraph():
    raw = f"Convoy reaches the coast.\nOfficials confirmed the arrival on Monday.\n\n{BODY_B}"
    assert cleaned(raw) == raw


def test_text_without_blank_lines_has_one_paragraph_per_line():
    text, offsets = clean_text(f"{BODY_A}\n{BODY_B}")
    assert text == f"{BODY_A}\n\n{BODY_B}" and len(offsets) == 2


def test_unwrap_false_keeps_line_breaks():
    raw = f"first item\nsecond item\n\n{BODY_A}"
    assert cleaned(raw, unwrap=False) == raw


def test_paragraph_without_letters_or_digits_is_dropped():
    assert cleaned(f"{BODY_A}\n\n* * *\n\n{BODY_B}") == f"{BODY_A}\n\n{BODY_B}"


def test_repeated_paragraph_is_dropped():
    assert cleaned(f"{BODY_A}\n\n{BODY_A}\n\n{BODY_B}") == f"{BODY_A}\n\n{BODY_B}"


def test_drop_lines_removes_title_repeated_in_body():
    raw = f"Trucks Cross River\n{BODY_A}\n\n{BODY_B}"
    assert cleaned(raw, drop_lines=["Trucks  cross river"]) == f"{BODY_A}\n\n{BODY_B}"


# ----------------------------------------------------------------------------- boilerplate


@pytest.mark.parametrize(
    "boilerplate",
    [
        "Like our work? Become a patron and support independent journalism for the price of a coffee.",
        "Please consider disabling your ad blocker so we can keep the lights on.",
        "Related:",
        "Read more: Army opens new training range in the north",
        "Share this article",
        "Facebook Twitter LinkedIn WhatsApp",
        "Subscribe to our newsletter for the morning briefing.",
        "Follow us on Telegram for live updates",
        "We use cookies to personalise content. Accept all cookies to continue.",
        "Home > World > Europe",
        "Jane Roe is a journalist at the Coastal Herald covering shipping.",
        "Posted by harbourwatcher, a hobbyist tracking ships along the coast",
        "To suggest a correction, write to the editors here",
        "Highlight the text and press Ctrl + Enter to report a typo.",
        "Photo: Regional Press Office",
        "Map: Open Data Atlas",
        "A satellite image of the pier. Example Agency/AFP",
        "tanker port fuel convoy depot bridge river army logistics supply route north south",
        "By Coastal Wire | 4 March 2024, 09:30",
        "Published on 4 March 2024, 09:30",
        "Advertisement",
    ],
)
def test_boilerplate_is_dropped(boilerplate):
    assert cleaned(f"{BODY_A}\n\n{boilerplate}\n\n{BODY_B}") == f"{BODY_A}\n\n{BODY_B}"


def test_boilerplate_line_inside_a_paragraph_goes_alone():
    raw = f"{BODY_A}\nPhoto: Regional Press Office\n{BODY_B}\n\nMore text follows here."
    assert cleaned(raw) == f"{BODY_A}\n{BODY_B}\n\nMore text follows here."


def test_long_paragraph_mentioning_a_cue_word_is_kept():
    para = ("Officials said the army will follow us on the coastal road, " + BODY_A + " " + BODY_B) * 3
    assert cleaned(para) == para


def test_sentence_starting_with_by_is_kept():
    raw = "By Monday the convoy had reached the port."
    assert cleaned(raw) == raw


def test_sentence_mentioning_a_journalist_inside_the_story_is_kept():
    raw = ("The ministry said the footage was filmed by a local resident, and a journalist at the scene "
           "confirmed that three trucks crossed before the bridge closed.")
    assert cleaned(raw) == raw


def test_embedded_post_text_and_attribution_are_dropped():
    raw = (
        f"{BODY_A}\n\n"
        "New hangar spotted at the field today pic.twitter.com/abc123\n"
        "\u2014 Sky Spotter (@skyspotter) May 2, 2024\n"
        "The runway was lengthened last year.\n\n"
        f"{BODY_B}"
    )
    assert cleaned(raw) == f"{BODY_A}\n\nThe runway was lengthened last year.\n\n{BODY_B}"


def test_embedded_post_in_its_own_paragraph_before_the_attribution_is_dropped():
    raw = f"{BODY_A}\n\nNew hangar at the field today\n\n\u2014 Sky Spotter (@skyspotter) May 2, 2024\n\n{BODY_B}"
    assert cleaned(raw) == f"{BODY_A}\n\n{BODY_B}"


def test_everything_after_a_related_posts_heading_is_dropped():
    raw = f"{BODY_A}\n\n{BODY_B}\n\nRelated Posts\n\nArmy opens new range\n\nNavy buys two tugs"
    assert cleaned(raw) == f"{BODY_A}\n\n{BODY_B}"


def test_related_posts_heading_at_the_top_does_not_cut_the_body():
    raw = f"Related posts\n\n{BODY_A}\n\n{BODY_B}"
    assert cleaned(raw) == f"{BODY_A}\n\n{BODY_B}"


def test_all_boilerplate_gives_empty_text():
    assert clean_text("Share this article\n\nAdvertisement") == ("", [])


# ----------------------------------------------------------------------------- rules file


def test_packaged_rules_load_with_groups_of_both_scopes():
    rules = load_boilerplate()
    assert isinstance(rules, BoilerplateRules)
    assert rules.line_groups and rules.paragraph_groups


def test_every_group_has_at_least_one_cue():
    assert all(g.phrases or g.patterns for g in load_boilerplate().groups)


def test_custom_rules_replace_the_packaged_ones():
    rules = parse_boilerplate({"groups": {"teaser": {"scope": "line", "phrases": ["zebra"]}}})
    assert cleaned(f"{BODY_A}\n\nzebra crossing\n\nShare this article", rules=rules) == f"{BODY_A}\n\nShare this article"


def test_bad_scope_in_rules_is_reported():
    with pytest.raises(ValueError, match="scope"):
        parse_boilerplate({"groups": {"x": {"scope": "page", "phrases": ["a"]}}})


def test_bad_regex_in_rules_is_reported():
    with pytest.raises(ValueError, match="bad regex"):
        parse_boilerplate({"groups": {"x": {"patterns": ["(unclosed"]}}})
