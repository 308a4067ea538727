"""The relation rules' end index answers as the end specs do, for every rule and every kind of mention."""

from __future__ import annotations

from types import SimpleNamespace

from milgraph.loaders.extract.relation_rules import load_rules
from milgraph.loaders.extract.relations import _end_fits
from milgraph.loaders.extract.rule_index import end_index


def _items(rules):
    """One item per tag and kind any rule names, and a few none names."""
    tags = {t for r in rules.rules for spec in (r.start, r.end) for t in spec.tags} | {"SRC", "DATE", "none"}
    kinds = {k for r in rules.rules for spec in (r.start, r.end) for k in (*spec.kinds, *spec.not_kinds)} | {None, "other"}
    return [SimpleNamespace(tag=t, kind=k) for t in sorted(tags) for k in sorted(kinds, key=str)]


def test_masks_say_which_rules_take_an_item_at_each_end():
    rules = load_rules()
    index = end_index(rules, _end_fits)
    for item in _items(rules):
        starts, ends = index.masks(item)
        for rule in rules.rules:
            bit = index.bit(rule)
            assert bool(starts & bit) == _end_fits(rule.start, item), (rule.id, item)
            assert bool(ends & bit) == _end_fits(rule.end, item), (rule.id, item)


def test_the_index_is_built_once_per_rule_set():
    rules = load_rules()
    assert end_index(rules, _end_fits) is end_index(rules, _end_fits)
    other = load_rules()
    if other is not rules:
        assert end_index(other, _end_fits) is not end_index(rules, _end_fits)


def test_a_rule_outside_the_set_has_no_bit():
    rules = load_rules()
    stranger = SimpleNamespace(start=None, end=None)
    assert end_index(rules, _end_fits).bit(stranger) == 0


def test_trigger_words_answer_no_only_for_words_no_frame_can_take():
    from milgraph.loaders.extract.event_engine import _lemma_candidates, triggered_frames
    from milgraph.loaders.extract.event_frames import frames
    from milgraph.loaders.extract.rule_index import TriggerWords, trigger_words

    fs = frames()
    words = trigger_words(fs, _lemma_candidates)
    assert words is trigger_words(fs, _lemma_candidates)  # built once per frame set
    for key in list(fs.verb_index):
        assert words.may_open(key.split()[0])
    for key in fs.noun_index:  # a noun trigger is one token's word
        assert " " in key or words.may_open(key)
    assert not words.may_open("the") and not words.may_open("quickly")
    own = TriggerWords({"pull out": ()}, {"convoy": ()}, _lemma_candidates)
    assert own.may_open("pulled") and own.may_open("convoys") and not own.may_open("out")
    from milgraph.loaders.extract import nlp  # every token the gate turns away opens no frame
    (doc,) = nlp.parse_syntax(["The freighter flew the crates and two convoys out of Gao quickly, officials said."])
    assert [t.text for t in doc if triggered_frames(t, fs)]
