"""`first_reported` is report time: the earliest publication date of the reports that state a
fact, whatever order they are ingested in; `first_seen` stays the day milgraph wrote it."""

from milgraph.graph.records import Entity, Event, Extraction, Relation, ReportMeta
from milgraph.graph.writer import write_extraction

RUSSIA = Entity("actor:russia", "Russia", ["Actor"], "state")
KHMEIMIM = Entity("base:khmeimim", "Khmeimim", ["Base"], "airbase")


def told(report: str, published: str | None, event_date: str | None = "2024-12-10") -> Extraction:
    return Extraction(ReportMeta(id=report, title=report, published=published), entities=[RUSSIA, KHMEIMIM],
                      relations=[Relation("OPERATES", RUSSIA.id, KHMEIMIM.id)],
                      events=[Event("event:lift", ["Event", "Flight"], date=event_date, date_precision="day",
                                    roles={"TO": [KHMEIMIM.id]})])


def first_reported(store) -> dict[str, str]:
    rows = store.read("MATCH (n) WHERE n.first_reported IS NOT NULL RETURN n.id AS id, n.first_reported AS d")
    rel = store.read("MATCH ()-[f:OPERATES]->() RETURN f.first_reported AS d")[0]["d"]
    return {**{r["id"]: r["d"] for r in rows}, "OPERATES": rel}


def test_the_earliest_publication_wins_in_any_ingest_order(store):
    for report, published in (("report:late", "2025-01-20"), ("report:early", "2024-12-15")):
        write_extraction(store, told(report, published), now="2025-02-01")
    assert set(first_reported(store).values()) == {"2024-12-15"}
    assert store.read("MATCH (e:Event) RETURN e.first_seen AS s")[0]["s"] == "2025-02-01"


def test_an_undated_report_keeps_the_dates_others_gave(store):
    write_extraction(store, told("report:dated", "2024-12-15"))
    write_extraction(store, told("report:undated", None))
    assert first_reported(store)["actor:russia"] == "2024-12-15"


def test_an_event_no_dated_report_states_counts_from_its_own_date(store):
    write_extraction(store, told("report:undated", None, event_date="2024-12-10"))
    reported = first_reported(store)
    assert reported["event:lift"] == "2024-12-10" and "actor:russia" not in reported
