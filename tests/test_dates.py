"""Date expressions normalised against the publication date."""

from __future__ import annotations

import pytest

from milgraph.loaders.extract.dates import find_dates


def first(text: str, published: str | None):
    hits = find_dates(text, published)
    return (hits[0].value, hits[0].precision) if hits else None


@pytest.mark.parametrize("text,published,expected", [
    ("It landed on 13 December.", "2024-12-20", ("2024-12-13", "day")),
    ("Ships are due on Jan. 5.", "2025-01-03", ("2025-01-05", "day")),
    ("The flight came in last night.", "2024-12-27", ("2024-12-26", "day")),
    ("It was filmed on Wednesday night.", "2024-04-12", ("2024-04-10", "day")),
    ("Talks began in early December.", "2025-01-03", ("2024-12", "month")),
    ("Work began in December 2024.", None, ("2024-12", "month")),
    ("Back in 2020, jets were sent.", None, ("2020", "year")),
    ("Flights resumed since Dec. 8.", "2024-12-20", ("2024-12-08", "day")),
    ("The base was offered in October.", None, (None, "unknown")),
    ("It happened last month.", "2025-03-02", ("2025-02", "month")),
    ("It flew there in June/July 2024.", "2025-04-03", ("2024-06", "month")),
    ("It docked on Saturday.", "2024-12-14", ("2024-12-14", "day")),  # published on a Saturday
    ("Drones were delivered in March last year.", "2024-01-04", ("2023-03", "month")),
    ("Two frigates docked over the weekend.", "2025-03-11", ("2025-03", "month")),
    ("Planes have landed there in recent days.", "2025-01-02", ("2025-01", "month")),
])
def test_dates(text, published, expected):
    assert first(text, published) == expected


def test_modal_may_is_not_a_month():
    assert find_dates("Moscow may send more jets.", "2025-05-20") == []


def test_within_a_week_is_a_duration_not_a_date():
    assert find_dates("Two trips within a week.", "2025-05-20") == []


def test_relative_offsets_and_shift():
    from milgraph.loaders.extract.dates import REL_OFFSET, offset_days, shift_day
    assert offset_days(REL_OFFSET.search("Two days later it left")) == 2
    assert offset_days(REL_OFFSET.search("a week after the first flight")) == 7
    assert offset_days(REL_OFFSET.search("on the following day")) == 1
    assert shift_day("2025-04-30", 2) == "2025-05-02"
    assert shift_day("2025-04", 2) is None
