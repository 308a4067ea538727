"""Each sentence of a report parsed once, with the mentions found by the gazetteer and
patterns laid over the parse's tokens.

Relation and event rules read grammatical relations (subject, object, prepositional object,
apposition, compound) from the spaCy parse, and entities from the mentions
(:class:`milgraph.loaders.extract.mentions.Item`): :class:`ParsedSentence` joins the two, so a rule can
ask "which mention is this token part of?" and "which token heads this mention?".

A report is parsed once: :func:`parsed_sentences` reuses a parse the entity stage kept on a
sentence (``SentenceView.doc``) and keeps the result on the
:class:`~milgraph.loaders.extract.mentions.DocAnalysis` it was asked for.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING

from milgraph.loaders.extract import nlp

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

    from milgraph.loaders.extract.mentions import DocAnalysis, Item, SentenceView


@dataclass
class ParsedSentence:
    view: SentenceView
    doc: Doc
    mention_by_token: list[Item | None] = field(default_factory=list)
    span_by_mention: dict[int, Span] = field(default_factory=dict)  # Item.k -> its tokens

    def mention(self, token: Token) -> Item | None:
        """The mention the token is part of, if any."""
        return self.mention_by_token[token.i]

    def span(self, item: Item) -> Span | None:
        """The mention's tokens (None if the mention is not in this sentence)."""
        return self.span_by_mention.get(item.k)

    def head(self, item: Item) -> Token | None:
        """The token that heads the mention in the parse (its grammatical position)."""
        span = self.span(item)
        return span.root if span is not None else None

    def mentions(self) -> list[Item]:
        return list(self.view.items)


def parsed_sentences(an: DocAnalysis) -> list[ParsedSentence]:
    """Every sentence of the analysis (title first), parsed and aligned; cached on ``an``."""
    if an.parsed is not None:
        return an.parsed
    unparsed = [view for view in an.sentences if getattr(view, "doc", None) is None]
    fresh = dict(zip((view.index for view in unparsed), nlp.parse(view.text for view in unparsed)))
    parsed = [_align(view, fresh.get(view.index) or view.doc) for view in an.sentences]
    an.parsed = parsed
    return parsed


def _align(view: SentenceView, doc: Doc) -> ParsedSentence:
    """Lay the sentence's mentions (character offsets in ``view.text``) over the tokens. A
    mention boundary inside a token ("Moscow-backed" parsed as one token) expands to the
    whole token."""
    sentence = ParsedSentence(view, doc, [None] * len(doc))
    parsed_length = len(doc.text)  # Doc.text joins the tokens each time it is read
    by_token = sentence.mention_by_token
    expand = getattr(doc, "expanded_span", None) or partial(doc.char_span, alignment_mode="expand")  # a FrozenDoc's is quicker
    for item in view.items:
        if item.start >= parsed_length:  # beyond what was parsed
            continue
        span = expand(item.start, min(item.end, parsed_length))
        if span is None or len(span) == 0:
            continue
        sentence.span_by_mention[item.k] = span
        for i in range(span.start, span.end):  # the span's token indices (no token objects made)
            if by_token[i] is None:
                by_token[i] = item
    return sentence
