"""Whatever the extractor finds, the writer accepts: every extraction of the project's own-words
report sets validates against the graph model (a kind or label the model does not know would
make the whole report fail to load)."""

from __future__ import annotations

from pathlib import Path

import pytest

from milgraph.graph.writer import validate
from milgraph.loaders.extract import extract_document
from milgraph.loaders.readers import iter_documents

DATA = Path(__file__).parent / "data"
REPORT_SETS = ["heldout_like", "fresh_other_theatres", "fresh_other_theatres_2"]


@pytest.mark.parametrize("name", REPORT_SETS)
def test_every_extraction_of_a_report_set_fits_the_model(name):
    documents = list(iter_documents([DATA / name / "reports"]))
    assert documents
    for document in documents:
        validate(extract_document(document))


def test_an_organisation_of_no_known_kind_is_an_actor_the_model_allows(tmp_path):
    report = tmp_path / "r.txt"
    report.write_text("Talks in Minsk\n\nThe Zelvana Concord signed a logistics accord with Belarus "
                      "on Monday, officials said.\n", encoding="utf-8")
    extraction = extract_document(next(iter(iter_documents([report]))))
    validate(extraction)


def test_the_relation_rules_link_only_labels_the_model_allows():
    from milgraph.graph.model import load_model
    from milgraph.loaders.extract.relation_rules import END_LABELS

    model = load_model()
    for rel_type, (starts, ends) in END_LABELS.items():
        spec = model.relationships[rel_type]
        assert set(starts) <= set(spec.from_labels) and set(ends) <= set(spec.to_labels), rel_type
