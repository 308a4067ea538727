"""The token encoders' first step, memoised per distinct token: same vectors, a fraction of the work.

spaCy's token encoder (``tok2vec``, and the named-entity recogniser's own) starts with an
embedding that looks at each token alone: its features (norm, prefix, suffix, shape, spacing)
are hashed into six tables, the six rows concatenated and mixed by one maxout layer with layer
normalisation. Only the layers after it (the window convolutions) see a token's neighbours. So
the embedding of a token is a function of its six feature values, and a report repeats the same
few hundred tokens ("the", ",", "Russia", "of"...) across its sentences and with the reports
before it: about a third of the encoder's time went into computing the same rows again.

:class:`EmbeddingMemo` replaces that first step in the loaded pipeline with one that keeps each
distinct token's row (up to :data:`MAX_ROWS`, then starts afresh) and runs the original layers
only on the tokens it has not seen, in one batch. Every layer of the embedding works row by row
(table lookups, one matrix product, a per-row normalisation), so the rows are the floats the
original gives wherever the BLAS library's product rounds a row the same in any batch. Where it
does for five rows or more (with fewer it has a path of its own whose last bits differ), the rows
are bit-identical: the new tokens are multiplied in a batch of at least :data:`MIN_BATCH` rows, and
a call with fewer tokens than that runs the original layers. On CPUs whose BLAS kernels round by
batch shape (the AMD EPYC machines here), spaCy's own floats for a sentence already move by about
1e-6 with the sentences batched beside it; the memo's rows are within that spread, and the parse
is unchanged (tests/test_embedding_memo.py).
:func:`install` finds the embeddings of a pipeline and memoises them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable

import numpy

if TYPE_CHECKING:
    from spacy.language import Language
    from thinc.api import Model

MAX_ROWS = 20_000  # distinct tokens remembered per embedding (384 bytes of floats each: ~8 MB, ~11 with the keys)
MIN_BATCH = 64  # new tokens are embedded in batches of at least this many rows (padded)
_EMBED_LAYERS = ("extract_features", "list2ragged", "with_array", "with_array", "ragged2list")


class EmbeddingMemo:
    """One embedding model's rows by token features (see the module doc)."""

    def __init__(self, embed: Model):
        self.embed = embed
        extract, _, self._hash, self._mix, _ = embed.layers
        self.columns = extract.attrs["columns"]
        self.width = embed.get_dim("nO")
        self._rows: dict[bytes, int] = {}
        self._table = numpy.zeros((1024, self.width), dtype="float32")

    def __call__(self, docs: list) -> list:
        """The embedding of each doc's tokens (one array per doc), as the original gives it."""
        features = [doc.to_array(self.columns) for doc in docs]
        lengths = [len(f) for f in features]
        if sum(lengths) < MIN_BATCH:  # the BLAS library multiplies a few rows its own way: as spaCy does
            return self.embed.predict(docs)
        flat = numpy.ascontiguousarray(numpy.concatenate(features).astype("uint64", copy=False).reshape(sum(lengths), -1))
        keys = flat.view(numpy.dtype((numpy.void, flat.shape[1] * 8))).ravel().tolist()
        rows = self._rows
        index = [rows.get(k, -1) for k in keys]
        if -1 in index:
            if len(rows) + len(keys) > MAX_ROWS:
                rows.clear()
                index = [-1] * len(keys)
            self._add(flat, keys, index)
        out = self._table[numpy.array(index, dtype="int64")]
        return numpy.split(out, numpy.cumsum(lengths)[:-1])

    def _add(self, flat: numpy.ndarray, keys: list[bytes], index: list[int]) -> None:
        """Embed the tokens not seen yet (each distinct one once) and remember their rows."""
        rows = self._rows
        new: dict[bytes, int] = {}
        for i, k in enumerate(keys):
            if index[i] == -1 and k not in new:
                new[k] = i
        picked = list(new.values())
        batch = flat[picked + [picked[0]] * max(0, MIN_BATCH - len(picked))]
        vectors = self._mix.predict(self._hash.predict(batch))[:len(picked)]
        start = len(rows)
        if start + len(picked) > len(self._table):
            grown = numpy.zeros((max(2 * len(self._table), start + len(picked)), self.width), dtype="float32")
            grown[:start] = self._table[:start]
            self._table = grown
        self._table[start:start + len(picked)] = vectors
        for n, k in enumerate(new):
            rows[k] = start + n
        for i, k in enumerate(keys):
            if index[i] == -1:
                index[i] = rows[k]


def _memo_forward(model: Model, docs: list, is_train: bool) -> tuple[list, Callable]:
    if is_train:  # training needs the original layers' gradients
        return model.layers[0](docs, is_train)
    return model.attrs["memo"](docs), _no_backprop


def _no_backprop(_: Any) -> Any:  # pragma: no cover - extraction never trains
    raise NotImplementedError("the memoised embedding is for prediction only")


def _is_embedding(model: Model) -> bool:
    """A spaCy MultiHashEmbed: features, ragged, hash tables, maxout mix, back to a list."""
    layers = getattr(model, "layers", ())
    return len(layers) == 5 and tuple(layer.name.split("(")[0] for layer in layers) == _EMBED_LAYERS and \
        layers[2].layers and all(sub.name.endswith("hashembed") for sub in layers[2].layers[0].layers) and \
        layers[3].layers[0].name.startswith("maxout")


class Installed:
    """The memoised embeddings of one pipeline, which can be switched off and on again (the
    benchmark's spaCy-as-shipped baseline); the memos keep their rows meanwhile."""

    def __init__(self, swapped: list[tuple[Any, int, Any, Any]]):
        self._swapped = swapped  # (parent, position, original, memoised)

    def off(self) -> None:
        for parent, i, original, _ in self._swapped:
            parent.layers[i] = original

    def on(self) -> None:
        for parent, i, _, memo in self._swapped:
            parent.layers[i] = memo


def install(nlp: Language) -> Installed:
    """Memoise every token-encoder embedding of the pipeline's components."""
    from thinc.api import Model

    swapped: list[tuple[Any, int, Any, Any]] = []
    for _, component in nlp.components:
        model = getattr(component, "model", None)
        if model is None or not hasattr(model, "walk"):
            continue
        for parent in list(model.walk()):
            for i, child in enumerate(parent.layers):
                if _is_embedding(child):
                    memo = Model(f"memo({child.name})", _memo_forward, layers=[child],
                                 attrs={"memo": EmbeddingMemo(child)}, dims={"nO": child.get_dim("nO")})
                    swapped.append((parent, i, child, memo))
    installed = Installed(swapped)
    installed.on()
    return installed
