"""The memoised token embeddings: the floats spaCy's own layers give (bit for bit where its BLAS product is
batch-invariant, else within the spread its own batching shows), and a parse that does not change."""

import numpy

from milgraph.loaders.extract import nlp
from milgraph.loaders.extract.embedding_memo import MAX_ROWS, EmbeddingMemo, _is_embedding

# written for this test: repeated words, a one-token sentence, odd spacing, digits and a new word
SENTENCES = [
    "The convoy left the port at dawn, and the convoy reached the depot by noon.",
    "Two transport planes landed at the airfield; two more were expected on Friday.",
    "Go.",
    "A  tanker   named Quorvelle-7 unloaded 4,500 tonnes of diesel at the terminal.",
    "",
    "The port, the depot and the airfield were all closed to civilian traffic.",
]


def _embeddings():
    found = []
    for name, component in nlp.pipeline().components:
        model = getattr(component, "model", None)
        for parent in model.walk() if model is not None and hasattr(model, "walk") else ():
            for layer in parent.layers:
                if layer.name.startswith("memo("):
                    found.append((name, layer.layers[0]))
                elif _is_embedding(layer):
                    found.append((name, layer))
    return found


def _same(a, b):
    return a.shape == b.shape and a.dtype == b.dtype and numpy.array_equal(a.view("uint32"), b.view("uint32"))


def _batching_noise(embed, docs) -> float:
    """How far spaCy's own floats for a sentence move when it is embedded alone rather than with the
    others: 0.0 where the BLAS library's product is batch-invariant, about 1e-6 on CPUs whose
    kernels round by batch shape (AMD EPYC here)."""
    together, alone = embed.predict(docs), [embed.predict([d])[0] for d in docs]
    return max((float(numpy.abs(a - b).max()) for a, b in zip(together, alone) if a.size), default=0.0)


def _as_spacy_gives(expected, got, noise: float) -> bool:
    """The memo's rows are the layer's floats: bit for bit where spaCy's own are batch-invariant,
    else within the spread spaCy's own batching shows."""
    if noise == 0.0:
        return all(_same(a, b) for a, b in zip(expected, got))
    return all(a.shape == b.shape and a.dtype == b.dtype and (not a.size or float(numpy.abs(a - b).max()) <= 4 * noise)
               for a, b in zip(expected, got))


def test_the_encoders_embeddings_are_memoised():
    names = [name for name, _ in _embeddings()]
    assert "tok2vec" in names and "ner" in names


def test_the_rows_are_the_floats_the_layers_give():
    pipe = nlp.pipeline()
    for _, embed in _embeddings():
        memo = EmbeddingMemo(embed)
        noise = _batching_noise(embed, [pipe.make_doc(t) for t in SENTENCES])
        # cold, warm, one new word among known ones, a call too small to memoise
        for texts in (SENTENCES * 2, SENTENCES[::-1] * 2, SENTENCES * 2 + ["Zanderwick."], ["Go."], SENTENCES * 2):
            docs = [pipe.make_doc(t) for t in texts]
            expected, got = embed.predict(docs), memo(docs)
            assert len(expected) == len(got)
            assert _as_spacy_gives(expected, got, noise)


def test_a_full_memo_starts_afresh(monkeypatch):
    from milgraph.loaders.extract import embedding_memo

    pipe = nlp.pipeline()
    _, embed = _embeddings()[0]
    memo = EmbeddingMemo(embed)
    monkeypatch.setattr(embedding_memo, "MAX_ROWS", 12)
    docs = [pipe.make_doc(t) for t in SENTENCES * 2]
    noise = _batching_noise(embed, docs)
    assert sum(len(d) for d in docs) >= embedding_memo.MIN_BATCH
    for _ in range(2):
        got = memo(docs)
        assert 12 < len(memo._rows) <= sum(len(d) for d in docs)
        assert _as_spacy_gives(embed.predict(docs), got, noise)
    assert MAX_ROWS > 1000


def test_the_parse_is_the_same_with_spacy_as_shipped():
    texts = SENTENCES + ["Russia moved S-400 batteries from Khmeimim to eastern Libya, officials said."]
    memoised = nlp.parse(texts)
    with nlp.spacy_defaults():
        shipped = nlp.parse(texts)
    assert [[(t.text, t.tag_, t.dep_, t.head.i, t.ent_type_) for t in d] for d in memoised] == \
        [[(t.text, t.tag_, t.dep_, t.head.i, t.ent_type_) for t in d] for d in shipped]
    assert any(name.startswith("memo(") for _, c in nlp.pipeline().components
               for node in (c.model.walk() if hasattr(getattr(c, "model", None), "walk") else ())
               for name in [node.name])
