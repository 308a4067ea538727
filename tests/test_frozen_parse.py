"""The frozen parse answers every read the rules make exactly as the spaCy doc it was read from."""

import pytest

from milgraph.loaders.extract import nlp
from milgraph.loaders.extract.frozen_parse import FrozenDoc, FrozenSpan, FrozenToken

# written for this test: clauses, lists, apposition, a question, brackets, quotes, numbers,
# hyphenated names, a line with no verb, spaces, and two sentences in one text
SENTENCES = [
    "Two Il-76 freighters left Bamako for Gao on Tuesday, the regional ministry said.",
    "The corvette, which had docked at the northern port, sailed on with fuel and spare parts.",
    "Colonel Ivo Brandt, a logistics officer, told reporters the convoy would reach Kidal by March 3.",
    "Did the tanker Nordic Sun (IMO 9123456) unload diesel at Port Ardent or not?",
    "\"We are not leaving,\" the commander said; the garrison of 1,200 troops stays in the Tessit area.",
    "Moscow-backed forces and Wagner-linked contractors moved radars, trucks and 40 tonnes of ammunition.",
    "FLIGHTS TO THE NORTH  —  a summary",
    "The ship arrived. It carried armour and engineers from the depot at Vardo.",
    "",
]


def _same_token(f: FrozenToken, s) -> None:
    for attr in ("i", "idx", "text", "text_with_ws", "whitespace_", "lower_", "orth_", "pos_", "tag_", "dep_",
                 "is_punct", "like_num", "ent_type_", "ent_iob_", "n_lefts", "n_rights", "lemma_", "norm_"):
        assert getattr(f, attr) == getattr(s, attr), (attr, s.text, s.doc.text)
    for attr in ("head", "left_edge", "right_edge"):
        assert getattr(f, attr).i == getattr(s, attr).i, (attr, s.text)
    for attr in ("children", "lefts", "rights", "subtree", "ancestors", "conjuncts"):
        assert [t.i for t in getattr(f, attr)] == [t.i for t in getattr(s, attr)], (attr, s.text)
    assert (f.sent.start, f.sent.end) == (s.sent.start, s.sent.end)
    assert isinstance(f.head, FrozenToken) and f.head.doc is f.doc
    assert len(f) == len(s) and str(f) == str(s)


def _same_doc(frozen: FrozenDoc) -> None:
    doc = frozen.spacy
    assert frozen.text == doc.text and len(frozen) == len(doc)
    for f, s in zip(frozen, doc):
        _same_token(f, s)
    assert [(e.start, e.end, e.label_, e.start_char, e.end_char, e.text) for e in frozen.ents] == \
        [(e.start, e.end, e.label_, e.start_char, e.end_char, e.text) for e in doc.ents]
    for a in range(-2, len(doc) + 1):
        for b in (a + 1, a + 2, a + 5, None, -1):
            f, s = frozen[a:b], doc[a:b]
            assert (f.start, f.end, f.text, f.start_char, f.end_char) == (s.start, s.end, s.text, s.start_char, s.end_char)
            if len(s):
                assert f.root.i == s.root.i and f[0].i == s[0].i and f[-1].i == s[-1].i
    for start in range(-1, len(doc.text) + 2):  # every character span, found by the frozen doc itself
        for end in range(start, min(start + 40, len(doc.text) + 2)):
            for mode in ("strict", "expand", "contract"):
                try:
                    s = doc.char_span(start, end, alignment_mode=mode)
                except Exception as exc:  # spaCy's error for the impossible ones: the same error
                    with pytest.raises(type(exc)):
                        frozen.char_span(start, end, alignment_mode=mode)
                    continue
                f = frozen.char_span(start, end, alignment_mode=mode)
                if mode == "expand":
                    e = frozen.expanded_span(start, end)
                    assert (e.start, e.end) == (f.start, f.end) if f is not None else e is None, (start, end)
                if s is None:
                    assert f is None, (start, end, mode)
                    continue
                assert isinstance(f, FrozenSpan) and (f.start, f.end, f.text) == (s.start, s.end, s.text), (start, end, mode)
                if len(s):
                    assert f.root.i == s.root.i and f.root is frozen[f.root.i]
                assert [t.i for t in f] == [t.i for t in s] and len(f) == len(s)
    if doc.text:  # the rarer arguments: spaCy's own answer
        assert frozen.char_span(0, len(doc.text), label="GPE").label_ == "GPE"


def test_every_read_matches_spacy():
    docs = nlp.parse(SENTENCES)
    assert all(isinstance(d, FrozenDoc) for d in docs)
    for doc in docs:
        _same_doc(doc)


def test_a_doc_frozen_alone_reads_as_in_a_batch():
    docs = nlp.parse(SENTENCES)
    for batched in docs:
        alone = FrozenDoc(batched.spacy, batched.text)
        assert [(t.i, t.text, t.head.i, t.dep_, t.tag_, t.pos_, t.ent_type_) for t in alone] == \
            [(t.i, t.text, t.head.i, t.dep_, t.tag_, t.pos_, t.ent_type_) for t in batched]


def test_names_added_later_are_seen():
    (doc,) = nlp.parse_syntax(["Colonel Ivo Brandt flew from Gao to Bamako on Monday."])
    assert not doc.ents and all(t.ent_type_ == "" for t in doc)
    nlp.add_names([doc])
    assert {e.label_ for e in doc.ents} & {"PERSON", "GPE"}
    _same_doc(doc)


def test_tokens_are_made_once_and_order_like_spacy():
    (doc,) = nlp.parse(["The ship left Tartus for Tobruk with fuel."])
    assert doc[1] is doc[1] and doc[1].head is doc[2] and doc[-1] is doc[len(doc) - 1]
    assert sorted([doc[3], doc[0], doc[2]]) == [doc[0], doc[2], doc[3]]
    assert doc[2] in list(doc[2].subtree) and doc[1] in list(doc[2].children)
    span = doc[1:3]
    assert isinstance(span, FrozenSpan) and [t.text for t in span] == ["ship", "left"]
    assert span == doc[1:3] and hash(span) == hash(doc[1:3])
    assert doc.user_data is doc.spacy.user_data


def test_other_attributes_come_from_spacy_mapped_back():
    (doc,) = nlp.parse(["Tankers and freighters sailed from Tartus."])
    tankers = doc[0]
    assert [t.text for t in tankers.conjuncts] == ["freighters"]
    assert all(isinstance(t, FrozenToken) for t in tankers.conjuncts)
    assert tankers.nbor(1) is doc[1]
    assert tankers.is_ancestor(doc[2]) is doc.spacy[0].is_ancestor(doc.spacy[2])
    with pytest.raises(AttributeError):
        tankers.no_such_attribute  # noqa: B018


def test_a_deep_tree_is_walked_without_deep_recursion():
    (doc,) = nlp.parse([" ".join(["the convoy of"] * 500) + " the depot."])
    deepest = max(doc, key=lambda t: len(list(t.ancestors)))
    assert len(list(deepest.ancestors)) > 300
    for t in (doc[0], deepest, *(t for t in doc if t.head is t)):
        assert [x.i for x in t.subtree] == [x.i for x in doc.spacy[t.i].subtree]
