"""The greedy parsers' step loop in Python: the same parse and names as spaCy's own loop."""

from milgraph.loaders.extract import greedy_parse, nlp

# written for this test: short and long sentences, a list, a quote, a one-word line and an empty one
SENTENCES = [
    "The convoy left the northern depot at dawn and reached the river crossing before noon.",
    "Go.",
    "",
    "Two cargo aircraft, a tanker and three lorries carried fuel, spare parts and rations to the "
    "garrison at Velmora, which the brigade has held since the spring offensive stalled in the hills.",
    "\"We will not leave,\" the commander of the Ostrava Guard told reporters in Kessen on Tuesday.",
    "Ships.",
    "According to shipping records, the freighter Lady Marren unloaded armoured vehicles at Port Halvic.",
]


def _reading(doc):
    return [(t.i, t.head.i, t.dep_, t.ent_type_, t.ent_iob_) for t in doc]


def _spacy_reading(texts, batch_size):
    pipe = nlp.pipeline()
    with nlp.spacy_defaults():
        docs = list(pipe.pipe(texts, batch_size=batch_size))
    return [_reading(d) for d in docs]


def _own_reading(texts, batch_size):
    pipe = nlp.pipeline()
    docs = list(nlp._pipe(pipe, texts, batch_size))
    return [_reading(d) for d in docs]


def test_the_loaded_parsers_are_run_by_the_own_loop():
    pipe = nlp.pipeline()
    assert greedy_parse.greedy(pipe.get_pipe("parser"))
    assert greedy_parse.greedy(pipe.get_pipe("ner"))
    assert not greedy_parse.greedy(pipe.get_pipe("tagger"))


def test_the_parse_and_names_are_spacys():
    texts = SENTENCES * 3
    assert _own_reading(texts, 64) == _spacy_reading(texts, 64)


def test_a_sentence_parses_alike_whatever_shares_its_batch():
    texts = SENTENCES * 3
    expected = _spacy_reading(texts, 64)
    for batch_size in (1, 2, 5, 64):
        assert _own_reading(texts, batch_size) == expected


def test_only_empty_docs():
    assert _own_reading(["", ""], 64) == [[], []]


def test_a_batch_past_the_token_budget_parses_in_runs_alike(monkeypatch):
    texts = SENTENCES * 3
    expected = _spacy_reading(texts, 64)
    monkeypatch.setattr(greedy_parse, "MAX_BATCH_TOKENS", 12)  # several sentences per run, a long one alone
    assert _own_reading(texts, 64) == expected
