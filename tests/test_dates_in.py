"""The report's memo of sentence dates answers as find_dates does, and its answers cannot change it."""

from types import SimpleNamespace

from milgraph.loaders.extract.dates import dates_in, find_dates


def test_dates_in_answers_as_find_dates_and_remembers_per_report():
    an = SimpleNamespace(date_hits={})
    text = "The barge reached the quay on 4 March and left on Friday."
    first = dates_in(an, text, "2025-03-10")
    assert first == find_dates(text, "2025-03-10")
    first.clear()  # a caller's list is its own
    assert dates_in(an, text, "2025-03-10") == find_dates(text, "2025-03-10")
    assert len(an.date_hits) == 1
    assert dates_in(SimpleNamespace(date_hits={}), text, None) == find_dates(text, None)
