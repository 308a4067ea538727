"""The attribute ruler as a table: exactly the ruler's annotations, or no table at all."""

import pytest
from spacy.attrs import DEP, LEMMA, MORPH, POS, TAG

from milgraph.loaders.extract import nlp
from milgraph.loaders.extract.attribute_table import AttributeTable

# written for this test: auxiliaries, "there is", pronouns, negation, "that", spaces, a quote
SENTENCES = [
    "There is a new runway at the base, and there's a second hangar being built.",
    "It wasn't clear whether they had flown the radars out or if the crews did it themselves.",
    "The ship that left Tartus has   docked;  nobody said anything about what it carried.",
    "Officials do not know if she'd go, but he has said that the convoy would've arrived.",
    "I'm told we're moving 'em now, y'all — somethin' like nothin' before.\n\nNew paragraph here.",
    "Does the ministry have plans?  Did it have any?  Being there, having been asked, was enough.",
    "",
]


def _parsed(texts):
    pipe = nlp.pipeline()
    with pipe.select_pipes(disable=[c for c in ("ner", "attribute_ruler") if c in pipe.pipe_names]):
        return list(pipe.pipe(texts))


def test_the_table_sets_what_the_ruler_sets():
    ruler = nlp.pipeline().get_pipe("attribute_ruler")
    table = AttributeTable.compile(ruler)
    assert table is not None
    by_ruler, by_table = _parsed(SENTENCES), _parsed(SENTENCES)
    for a, b in zip(by_ruler, by_table):
        ruler(a)
        table(b)
        columns = [POS, TAG, DEP, LEMMA, MORPH]
        assert a.to_array(columns).tolist() == b.to_array(columns).tolist(), a.text
        assert [str(t.morph) for t in a] == [str(t.morph) for t in b]
    assert any(t.pos_ == "AUX" for t in by_table[1]) and any(t.pos_ == "PART" for t in by_table[1])


def test_a_batch_of_docs_gets_what_the_ruler_sets_on_each():
    """Rules that test a neighbour see their own doc's tokens only, in a batch of docs too."""
    ruler = nlp.pipeline().get_pipe("attribute_ruler")
    table = AttributeTable.compile(ruler)
    texts = SENTENCES + ["'s", "There", "is", "n't it?", ""] + SENTENCES[::-1]
    by_ruler, by_table = _parsed(texts), _parsed(texts)
    for doc in by_ruler:
        ruler(doc)
    table.annotate(by_table)
    columns = [POS, TAG, DEP, LEMMA, MORPH]
    assert [d.to_array(columns).tolist() for d in by_ruler] == [d.to_array(columns).tolist() for d in by_table]


def test_the_parse_functions_apply_the_table():
    (doc,) = nlp.parse_syntax(["The crews were flying the drones to Gao."])
    assert [t.pos_ for t in doc][:4] == ["DET", "NOUN", "AUX", "VERB"]
    assert "attribute_ruler" not in nlp.pipeline().pipe_names  # replaced by the table


@pytest.mark.parametrize("pattern", [
    [{"LOWER": "base", "OP": "+"}],  # operators
    [{"TEXT": {"FUZZY": "basse"}}],  # fuzzy matching
    [{"_": {"custom": True}}],  # extension attributes
])
def test_a_ruler_the_table_cannot_express_keeps_the_ruler(pattern):
    import spacy

    blank = spacy.blank("en")
    ruler = blank.add_pipe("attribute_ruler")
    ruler.add([[{"TAG": "NN"}]], {"POS": "NOUN"})
    ruler.add([pattern], {"POS": "PROPN"})
    assert AttributeTable.compile(ruler) is None


def test_the_memo_stays_bounded(monkeypatch):
    from milgraph.loaders.extract import attribute_table

    table = AttributeTable.compile(nlp.pipeline().get_pipe("attribute_ruler"))
    monkeypatch.setattr(attribute_table, "MAX_CACHED", 5)
    bound = 5
    for doc in _parsed(SENTENCES):
        bound = max(bound, len({tuple(row) for row in doc.to_array(table._attr_ids).tolist()}))
        table(doc)  # starts afresh when a call's new keys would take it past the bound
        assert len(table._cache) <= bound
    assert len(table._cache) < sum(len(doc) for doc in _parsed(SENTENCES))
