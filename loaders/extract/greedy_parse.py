"""spaCy's greedy dependency parse with its step loop in Python: the same arithmetic, less overhead.

spaCy's parser (``Parser.greedy_parse``) runs its transition loop in C: at each step it sums
the precomputed feature rows of every unfinished sentence (``sum_state_features``), adds the
bias, takes the maxout, multiplies by the output layer (``blis`` ``sgemm``), adds the output
bias, lowers the scores of unseen classes to the minimum score and applies the best valid
transition. In the compiled wheel that loop gives up and takes back the interpreter's lock
several times per sentence and step, which cost about a third of the parser's time here; and
``Parser.pipe`` parses a batch in sub-batches of a quarter of its size, each paying the loop's
steps again (a sub-batch takes as many steps as its longest sentence needs).

:func:`pipe` parses each batch in one go, with a loop (:func:`greedy_parse`) that makes the same calls per step from Python: the same
``sum_state_features`` (through ``precompute_hiddens``), the same ``blis`` ``sgemm`` with the
same operands for the output layer, the same additions in float32, the same unseen-class rule,
and spaCy's own ``transition_states`` (valid moves, arg-max, transition). Every sentence's
floats are computed row by row, so which other sentences share its batch changes nothing
(a batch of very long sentences is parsed in runs of :data:`MAX_BATCH_TOKENS` tokens).
:func:`pipe` runs a component this way when it is such a parser (spaCy's ``Language.pipe``
calls the component's own ``pipe``, which a compiled parser does not let one replace), and
by its own ``pipe`` otherwise (a beam parser, any other component).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Iterable, Iterator

import numpy

if TYPE_CHECKING:
    from spacy.tokens import Doc

MAX_BATCH_TOKENS = 4_000  # tokens parsed in one loop (their precomputed features: ~16 MB)


def greedy_parse(parser: Any, docs: list[Doc]) -> list:
    """The parse states of the docs, as ``parser.greedy_parse(docs)`` leaves them."""
    from blis.py import gemm

    if not any(len(doc) for doc in docs):
        return parser.moves.init_batch(docs)
    parser._ensure_labels_are_added(docs)  # as spaCy's greedy_parse: labels the docs bring
    states = parser.moves.init_batch(docs)
    step_model = parser.model.predict(docs)
    upper = step_model.vec2scores
    weights, bias = upper.get_param("W"), upper.get_param("b")
    unseen = numpy.flatnonzero(step_model._class_mask == 0)
    todo = [state for state in states if not state.is_final()]
    while todo:
        hidden = step_model.state2vec.predict(step_model.get_token_ids(todo))
        scores = gemm(hidden, weights, trans2=True)  # blis, as the C loop's sgemm
        scores += bias
        if len(unseen):
            scores[:, unseen] = scores.min()
        todo = parser.transition_states(todo, scores)
    step_model.clear_memory()
    return states


def pipe(component: Any, docs: Iterable[Doc], batch_size: int) -> Iterator[Doc]:
    """The component run over the docs: a greedy parser (dependencies or names) a batch at
    a time with :func:`greedy_parse`, any other component by its own ``pipe``."""
    if not greedy(component):
        yield from component.pipe(docs, batch_size=batch_size)
        return
    from spacy.util import minibatch

    for batch in minibatch(docs, size=batch_size):
        batch = list(batch)
        for part in _within_budget(sorted(batch, key=len)):
            component.set_annotations(part, greedy_parse(component, part))
        yield from batch


def _within_budget(docs: list[Doc]) -> Iterator[list[Doc]]:
    """The docs in consecutive runs of at most :data:`MAX_BATCH_TOKENS` tokens (one doc at
    least): the parser's precomputed features take 4 KB per token of a batch."""
    part: list[Doc] = []
    tokens = 0
    for doc in docs:
        if part and tokens + len(doc) > MAX_BATCH_TOKENS:
            yield part
            part, tokens = [], 0
        part.append(doc)
        tokens += len(doc)
    if part:
        yield part


def greedy(component: Any) -> bool:
    """A greedy transition-based parser whose model has the usual upper layer (what
    :func:`greedy_parse` reads); answered once per component."""
    known = _greedy.get(id(component))
    if known is None or known[0] is not component:
        known = _greedy[id(component)] = (component, _is_greedy(component))
    return known[1]


_greedy: dict[int, tuple[Any, bool]] = {}


def _is_greedy(component: Any) -> bool:
    from spacy.pipeline.transition_parser import Parser

    try:
        return isinstance(component, Parser) and component.cfg.get("beam_width", 1) == 1 \
            and component.model.attrs.get("has_upper") is True and "upper" in component.model.ref_names
    except (AttributeError, KeyError, ValueError):
        return False
