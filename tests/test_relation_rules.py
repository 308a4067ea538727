"""The relation rule files (loaders/data/relations/*.yaml): every rule's own examples, run
through the whole extractor, and the schema that rejects what it does not know."""

from __future__ import annotations

import pytest

from milgraph.loaders.extract import extract_text
from support import relations_by_ends
from milgraph.loaders.extract.relation_rules import RuleError, inflections, load_file, load_rules

EXAMPLES = [(rule, n, ex) for rule in load_rules().rules for n, ex in enumerate(rule.examples)]


@pytest.mark.parametrize("rule,n,example", EXAMPLES, ids=[f"{r.id}#{n}" for r, n, _ in EXAMPLES])
def test_rule_example(rule, n, example):
    got = relations_by_ends(extract_text(example.text, published=example.published).relations)
    for fact in example.expect:
        kind, start, end, *mod = fact.split()
        rel = got.get((kind, start, end))
        assert rel is not None, f"{rule.id}: missing {fact}; got {sorted(got)}"
        assert rule.id in rel.rules, f"{fact} came from {rel.rules}"
        if mod:
            assert rel.modality == mod[0]
    for fact in example.absent:
        assert tuple(fact.split()[:3]) not in got, f"{rule.id}: unexpected {fact}"


def test_rule_ids_are_unique_and_every_type_is_covered():
    rules = load_rules().rules
    assert len({r.id for r in rules}) == len(rules)
    assert {r.type for r in rules} >= {"BACKS", "ALLIED_WITH", "OPPOSES", "LEADS", "MEMBER_OF", "CONTROLS",
                                      "OPERATES", "PRESENT_IN", "DEPLOYED_AT", "LOCATED_IN", "BASED_IN"}


GOOD = """
lexicons: {back: [back]}
rules:
  - id: t.one
    type: BACKS
    path: "<nsubj @back >dobj"
    examples: [{text: "Iran backs Hezbollah.", expect: ["BACKS actor:iran actor:hezbollah"]}]
"""


def _with(line: str) -> str:
    """GOOD with one more line in its rule."""
    return GOOD.replace("    type: BACKS", "    type: BACKS\n    " + line)


@pytest.mark.parametrize("bad,needle", [
    (_with("colour: red"), "rule t.one: unknown key(s) ['colour']"),
    (GOOD.replace("type: BACKS", "type: FUNDS"), "rule t.one: unknown relation type 'FUNDS'"),
    (_with("start: {tags: [TANK]}"), "rule t.one start: unknown tag(s) ['TANK']"),
    (GOOD.replace("@back", "@backing"), "rule t.one: path '<nsubj @backing >dobj': unknown lexicon '@backing'"),
    (GOOD.replace("<nsubj @back >dobj", "<nsubj @back"), "must alternate arcs and tokens"),
    (_with("checks: [lucky]"), "rule t.one: unknown check(s) ['lucky']"),
    (GOOD.replace("examples: [{", "examples: []\n    old: [{"), "unknown key(s) ['old']"),
    (GOOD.replace("examples: [{", "examples: []\n    note: [{"), "needs at least one example"),
    ("rule: []\n", "unknown top-level key(s) ['rule']"),
    (_with("type: OPPOSES"), "key 'type' given twice"),
    (_with("scope: document"), "rule t.one: scope must be one of ['path', 'sentence', 'report']"),
    (_with("scope: sentence"), "rule t.one: a rule of scope sentence has no path"),
    (GOOD.replace('    path: "<nsubj @back >dobj"\n', ""), "rule t.one: a rule needs path: or paths:"),
])
def test_schema_errors_name_file_and_rule(tmp_path, bad, needle):
    path = tmp_path / "bad.yaml"
    path.write_text(bad, encoding="utf-8")
    with pytest.raises(RuleError) as err:
        load_file(path)
    assert str(path) in str(err.value) and needle in str(err.value)


def test_a_good_file_loads(tmp_path):
    path = tmp_path / "good.yaml"
    path.write_text(GOOD, encoding="utf-8")
    (rule,) = load_file(path)
    assert rule.id == "t.one" and rule.file == "good.yaml"


def test_a_scoped_rule_loads_without_a_path(tmp_path):
    path = tmp_path / "scoped.yaml"
    path.write_text(GOOD.replace('    path: "<nsubj @back >dobj"', "    scope: sentence"), encoding="utf-8")
    (rule,) = load_file(path)
    assert rule.scope == "sentence" and rule.paths == ()


def test_hull_prefixes_must_map_prefix_to_state(tmp_path):
    (tmp_path / "ships.yaml").write_text(GOOD + "hull_prefixes: [JS, HMS]\n", encoding="utf-8")
    with pytest.raises(RuleError) as err:
        load_rules(str(tmp_path))
    assert "ships.yaml" in str(err.value) and "hull_prefixes maps a prefix" in str(err.value)


def test_stand_in_nouns_must_be_a_list_of_words(tmp_path):
    (tmp_path / "readings.yaml").write_text(GOOD + "stand_in_nouns: {troops: 1}\n", encoding="utf-8")
    with pytest.raises(RuleError) as err:
        load_rules(str(tmp_path))
    assert "readings.yaml" in str(err.value) and "stand_in_nouns is a list" in str(err.value)


@pytest.mark.parametrize("file,text,message", [
    ("readings.yaml", "reading_words: {coast: [shore]}\n", "unknown class 'coast'"),
    ("readings.yaml", "reading_words: {shore: coast}\n", "shore is a list of words"),
    ("readings.yaml", "reading_words: [coast]\n", "reading_words maps a class"),
    ("lexicon.yaml", "check_words: {frigates: [frigate]}\n", "check_words: unknown class 'frigates'"),
    ("lexicon.yaml", "check_words: {ties: pact}\n", "ties is a list of words"),
    ("lexicon.yaml", "check_words: [pact]\n", "check_words maps a class"),
])
def test_word_lists_are_known_classes_of_words(tmp_path, file, text, message):
    (tmp_path / file).write_text(GOOD + text, encoding="utf-8")
    with pytest.raises(RuleError) as err:
        load_rules(str(tmp_path))
    assert file in str(err.value) and message in str(err.value)


def test_reading_words_come_from_the_rule_data():
    from milgraph.loaders.extract.relations import path_readings

    words = load_rules().reading_words
    assert {"coast", "shore"} <= words["shore"] and "loyal" in words["loyal"] and "most" in words["share"]
    arc = lambda up, dep: ("arc", up, dep)  # noqa: E731
    tok = lambda word: ("tok", word, "NOUN")  # noqa: E731
    path = [arc(False, "prep"), tok("on"), arc(False, "pobj"), tok("strand"), arc(False, "compound")]
    assert tuple(path[:3]) not in path_readings(path)
    assert tuple(path[:3]) in path_readings(path, words={**words, "shore": frozenset({"strand"})})


def test_every_check_word_class_has_words_in_the_package_data():
    from milgraph.loaders.extract.relation_rules import CHECK_WORD_CLASSES, CHECK_WORD_UNIONS

    words = load_rules().check_words
    assert all(words[name] for name in CHECK_WORD_CLASSES), [n for n in CHECK_WORD_CLASSES if not words[n]]
    for union, (a, b) in CHECK_WORD_UNIONS.items():
        assert words[union] == words[a] | words[b]
    assert "frigate" in words["vessel_nouns"] and "frigate" in words["ship_words"] and "pact" in words["pair_ties"]


def test_paths_are_read_through_stand_in_nouns_copulas_and_sibling_appositions():
    from milgraph.loaders.extract.relations import path_readings

    arc = lambda up, dep: ("arc", up, dep)  # noqa: E731
    tok = lambda word: ("tok", word, "NOUN")  # noqa: E731
    through = path_readings([arc(True, "amod"), tok("personnel"), arc(True, "nsubjpass"), tok("stationed"),
                             arc(False, "prep"), tok("at"), arc(False, "pobj")], frozenset({"personnel"}))
    assert tuple([arc(True, "nsubjpass"), tok("stationed"), arc(False, "prep"), tok("at"), arc(False, "pobj")]) in through
    copula = path_readings([arc(True, "nsubj"), tok("is"), arc(False, "attr"), tok("base"), arc(False, "amod")])
    assert tuple([arc(False, "appos"), tok("base"), arc(False, "amod")]) in copula
    siblings = path_readings([arc(True, "acl"), tok("ruler"), arc(True, "appos"), tok("son"), arc(False, "appos")])
    assert tuple([arc(True, "acl"), tok("ruler"), arc(True, "appos")]) in siblings
    assert "troops" in load_rules().stand_in_nouns


def test_package_hull_prefixes_name_known_states():
    from milgraph.loaders.gazetteer import load_gazetteer

    prefixes = load_rules().hull_prefixes
    assert prefixes["JS"] == "Japan" and prefixes["HMS"] == "United Kingdom"
    assert all(load_gazetteer().country(state) is not None for state in prefixes.values())


def test_lexicon_words_match_their_inflections():
    assert {"back", "backs", "backed", "backing"} <= inflections("back")
    assert {"fought", "fights"} <= inflections("fight")
    assert {"allied", "allies"} <= inflections("ally")
    assert {"struck", "strikes"} <= inflections("strike")


def test_every_named_check_has_an_implementation():
    from milgraph.loaders.extract.relation_rules import CHECK_NAMES
    from milgraph.loaders.extract.relations import CHECKS

    assert set(CHECKS) == set(CHECK_NAMES)
