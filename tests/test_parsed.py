"""Sentences parsed once per report, with the gazetteer's mentions laid over the tokens."""

from milgraph.graph.records import Document, ReportMeta
from milgraph.loaders.extract.mentions import analyse
from milgraph.loaders.extract.parsed import parsed_sentences
from milgraph.loaders.extract.sentences import split_sentences

TEXT = "Russia flew S-400 radars from Khmeimim to Benghazi on Monday."


def _analysis(text: str, title: str = ""):
    return analyse(title, text, tuple(split_sentences(text)), "2024-12-18", None)


def test_each_mention_is_found_at_its_head_token():
    (sentence,) = parsed_sentences(_analysis(TEXT))
    heads = {sentence.head(item).text: item.text for item in sentence.mentions()}
    assert heads["Russia"] == "Russia" and heads["Khmeimim"] == "Khmeimim"
    assert sentence.head(next(i for i in sentence.mentions() if i.text == "Russia")).dep_ == "nsubj"


def test_a_token_knows_its_mention():
    (sentence,) = parsed_sentences(_analysis(TEXT))
    benghazi = next(t for t in sentence.doc if t.text == "Benghazi")
    assert sentence.mention(benghazi).text == "Benghazi"
    assert sentence.mention(next(t for t in sentence.doc if t.text == "flew")) is None


def test_a_report_is_parsed_once():
    analysis = _analysis(TEXT)
    assert parsed_sentences(analysis) is parsed_sentences(analysis)


def test_the_title_is_parsed_like_a_sentence():
    title, *_ = parsed_sentences(_analysis(TEXT, title="Russia moves radars to Libya"))
    assert title.view.is_title and [t.dep_ for t in title.doc if t.text == "moves"] == ["ROOT"]
