"""thinc's layer normalisation for prediction with fewer passes over the rows: the same floats.

The token encoders of the small English pipeline normalise every window layer's output (about
1,000 rows of 96 floats per 800-word report, four layers, and the recogniser's own encoder).
thinc's ``LayerNorm`` forward computes each row's mean with ``X.mean``, then ``X.var`` computes
that mean again and the deviations, then ``(X - mu)`` is computed once more, and the scale and
shift each make a new array; numpy's ``mean`` and ``var`` also pay their Python wrappers on
every call. :func:`install` gives every ``LayerNorm`` of a pipeline a forward that, when
predicting, sums each row once for its mean, keeps the deviations it squares for the variance
and normalises, scales and shifts them in place: the same numpy operations on the same operands
in the same order (``add.reduce`` along the rows, division by the row width as an ``intp``
into a float32 result, ``var + 1e-08``, ``** -0.5``, ``* G``, ``+ b``), so every float is the
one thinc gives. Training keeps thinc's own forward (it needs the backward pass).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable

import numpy

if TYPE_CHECKING:
    from spacy.language import Language
    from thinc.api import Model

_add_reduce = numpy.add.reduce  # numpy's _methods use these ufuncs (numpy._core.umath)
_true_divide = numpy.true_divide
_square = numpy.square


def normalise(X: Any, G: Any, b: Any) -> Any:
    """thinc's LayerNorm output ``((X - mu) * var ** -0.5) * G + b`` with ``mu`` and ``var``
    each row's mean and variance (plus 1e-08), as ``X.mean`` / ``X.var`` compute them."""
    width = numpy.intp(X.shape[1])
    mu = _add_reduce(X, 1, None, None, True)  # numpy's _mean: umr_sum, then divide in place
    _true_divide(mu, width, out=mu, casting="unsafe", subok=False)
    out = X - mu  # numpy's _var: the same mean, the deviations squared, summed, divided
    var = _add_reduce(_square(out), 1, None, None, True)
    _true_divide(var, width, out=var, casting="unsafe", subok=False)
    var += 1e-08
    out *= var ** (-1.0 / 2.0)
    out *= G
    out += b
    return out


def _forward(model: Model, X: Any, is_train: bool) -> tuple[Any, Callable]:
    if is_train or not isinstance(X, numpy.ndarray) or X.ndim != 2 or X.dtype != numpy.float32:
        from thinc.layers.layernorm import forward

        return forward(model, X, is_train)
    return normalise(X, model.get_param("G"), model.get_param("b")), _no_backprop


def _no_backprop(_: Any) -> Any:  # pragma: no cover - extraction never trains
    raise NotImplementedError("the fused layer normalisation is for prediction only")


class Installed:
    """The pipeline's LayerNorm layers with the fused forward, which can be switched off and on
    again (the benchmark's spaCy-as-shipped baseline)."""

    def __init__(self, layers: list[Model], thinc_forward: Callable):
        self._layers = layers
        self._thinc_forward = thinc_forward

    def off(self) -> None:
        for layer in self._layers:
            layer._func = self._thinc_forward

    def on(self) -> None:
        for layer in self._layers:
            layer._func = _forward


def install(nlp: Language) -> Installed:
    """Give every thinc ``LayerNorm`` of the pipeline's components the fused forward."""
    from thinc.layers.layernorm import forward as thinc_forward

    layers: dict[int, Model] = {}
    for _, component in nlp.components:
        model = getattr(component, "model", None)
        for node in model.walk() if model is not None and hasattr(model, "walk") else ():
            if node.name == "layernorm" and node._func in (thinc_forward, _forward):
                layers[id(node)] = node
    installed = Installed(list(layers.values()), thinc_forward)
    installed.on()
    return installed
