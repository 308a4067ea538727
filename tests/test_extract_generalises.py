"""The extractor on reports it was not tuned on: five short reports written for the project
(wire, OSINT write-up, think-tank brief, local outlet, regional outlet) with gold annotated by
hand before the extractor was run on them (tests/data/heldout_like). First run: entities 0.91,
relations 0.35, event roles 0.40; after the general fixes they showed: 0.96 / 0.77 / 0.87. The
bars sit a little below that, so that a regression shows; the texts are not for tuning."""

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
    assert result.micro.entities.f1 >= 0.90


def test_relations_generalise(result):
    assert result.micro.relations.f1 >= 0.70


def test_event_roles_generalise(result):
    assert result.micro.events.f1 >= 0.80
