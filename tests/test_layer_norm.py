"""The fused layer normalisation: the same floats as thinc's LayerNorm, and only when predicting."""

import numpy
from thinc.api import LayerNorm

from milgraph.loaders.extract import layer_norm, nlp


def _same(a, b):
    return a.shape == b.shape and a.dtype == b.dtype and numpy.array_equal(a.view("uint32"), b.view("uint32"))


def test_the_rows_are_the_floats_thinc_gives():
    rng = numpy.random.default_rng(12)
    for rows, width in ((1, 96), (5, 96), (937, 96), (40, 288), (3, 7)):
        for _ in range(5):
            X = (rng.standard_normal((rows, width)) * rng.uniform(0.01, 50) + rng.uniform(-20, 20)).astype("float32")
            model = LayerNorm(nI=width)
            model.initialize()
            model.set_param("G", rng.standard_normal(width).astype("float32"))
            model.set_param("b", rng.standard_normal(width).astype("float32"))
            expected = model.predict(X)
            model._func = layer_norm._forward
            assert _same(model.predict(X), expected)
            assert _same(X, X.copy())  # the input is left as it was


def test_every_layer_norm_of_the_pipeline_is_fused_and_can_be_switched_off():
    pipe = nlp.pipeline()
    norms = [node for _, c in pipe.components if hasattr(getattr(c, "model", None), "walk")
             for node in c.model.walk() if node.name == "layernorm"]
    assert norms and all(node._func is layer_norm._forward for node in norms)
    with nlp.spacy_defaults():
        assert all(node._func is not layer_norm._forward for node in norms)
    assert all(node._func is layer_norm._forward for node in norms)


def test_training_keeps_thincs_forward():
    model = LayerNorm(nI=4)
    model.initialize()
    model._func = layer_norm._forward
    X = numpy.arange(8, dtype="float32").reshape(2, 4)
    Y, backprop = model.begin_update(X)
    assert backprop(numpy.ones_like(Y)).shape == X.shape
