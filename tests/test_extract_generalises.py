"""The extractor on reports it was not tuned on: the project's own held-out-like set
(tests/data/heldout_like: short own-words reports whose gold was written by hand before the
extractor was run on them, dev-set conventions), scored by ``milgraph eval`` (the reference
scorer's rule). Every report has gold, and micro F1 of entities, relations and event roles stays
at or above bars set just below the set's scores, so that a regression shows. The scores of each
fresh check are in bench/RESULTS.md, "Extraction on own-words held-out-like reports".
"""

from pathlib import Path

import pytest

from milgraph.loaders.evaluate import evaluate

DATA = Path(__file__).parent / "data" / "heldout_like"


@pytest.fixture(scope="module")
def result():
    return evaluate(DATA / "reports", DATA / "gold")


def test_every_report_has_gold(result):
    assert len(result.files) == len(list((DATA / "reports").glob("*.txt"))) >= 4


def test_entities_generalise(result):
    assert result.micro.entities.f1 >= 0.86


def test_relations_generalise(result):
    assert result.micro.relations.f1 >= 0.72


def test_event_roles_generalise(result):
    assert result.micro.events.f1 >= 0.64


def test_event_modality_generalises(result):
    assert result.micro.ev_modality.value >= 0.75


def test_event_date_generalises(result):
    assert result.micro.ev_date.value >= 0.70
