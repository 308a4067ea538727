"""A small graph with known answers for the canned-query tests, written in our own words.

The story (invented wording; the shape follows the kind of facts the corpus reports):

- Geography (report ``report:geo``, the gazetteer): Khmeimim -> Latakia -> Syria, Tartus ->
  Syria, al-Khadim -> eastern Libya -> Libya, Benghazi -> eastern Libya, al-Jufra -> Libya,
  Tobruk -> eastern Libya, Chkalovsky -> Russia, Bamako -> Mali; Algeria stands alone.
- Four news reports from three publishers: ``report:a`` and ``report:b`` (North Gazette),
  ``report:c`` (Harbour Courier), ``report:d`` (Desert Wire). ``report:geo``, ``report:a`` and
  ``report:b`` are first seen on 2025-01-01, ``report:c`` and ``report:d`` on 2025-02-01.

Events (ids are short on purpose):

====================  ==========  ============  ===============================  ============  =========
id                    label       date          from -> to                       carried       sources
====================  ==========  ============  ===============================  ============  =========
event:s400-lift       Transfer    2024-12-14    Khmeimim -> al-Khadim            S-400, radars a, c
event:airbridge       Flight      2024-12       Khmeimim -> al-Khadim (x3)       -             a, b
event:resupply        Flight      2024-11-20    Chkalovsky -> Khmeimim           ammunition    d
event:late-hop        Flight      2025-03       Chkalovsky -> Khmeimim           -             d
event:sahel-run       Flight      2025-01-10    Libya -> Bamako (x2)             -             d
event:sealift         Voyage      2024-12-20    Tartus -> Tobruk                 Pantsir-S1    b, d(denied)
event:s300-move       Transfer    2024-12       Syria -> al-Khadim / Algeria     S-300         a, c
event:tartus-exit     Withdrawal  2025-01       Tartus -> (none)                 warships      c
event:jufra-2023      Deployment  2023-05       Russia -> al-Jufra               Pantsir-S1    b
event:port-talks      Talks       2025-01-28    -                                -             c
====================  ==========  ============  ===============================  ============  =========
"""

from __future__ import annotations

from milgraph.graph.records import Entity, Event, Extraction, Relation, ReportMeta
from milgraph.graph.writer import write_extraction

# --- entities ------------------------------------------------------------------------------

PLACES = {
    "place:russia": ("Russia", "country"),
    "place:syria": ("Syria", "country"),
    "place:latakia": ("Latakia", "region"),
    "place:libya": ("Libya", "country"),
    "place:eastern-libya": ("eastern Libya", "region"),
    "place:benghazi": ("Benghazi", "city"),
    "place:mali": ("Mali", "country"),
    "place:bamako": ("Bamako", "city"),
    "place:algeria": ("Algeria", "country"),
}
BASES = {
    "base:khmeimim": ("Khmeimim", "airbase"),
    "base:tartus": ("Tartus", "naval_base"),
    "base:al-khadim": ("al-Khadim", "airbase"),
    "base:al-jufra": ("al-Jufra", "airbase"),
    "base:tobruk": ("Tobruk", "port"),
    "base:chkalovsky": ("Chkalovsky", "airbase"),
}
ACTORS = {
    "actor:russia": ("Russia", "state"),
    "actor:khalifa-haftar": ("Khalifa Haftar", "person"),
    "actor:lna": ("Libyan National Army", "armed_forces"),
    "actor:africa-corps": ("Africa Corps", "pmc"),
    "actor:hts": ("Hayat Tahrir al-Sham", "armed_group"),
    "actor:turkey": ("Turkey", "state"),
    "actor:cargo-air": ("Cargo Air", "airline"),
}
EQUIPMENT = {
    "equipment:s-400": ("S-400", "air_defense"),
    "equipment:s-300": ("S-300", "air_defense"),
    "equipment:pantsir-s1": ("Pantsir-S1", "air_defense"),
    "equipment:radars": ("radars", "radar"),
    "equipment:ammunition": ("ammunition", "ammunition"),
    "equipment:warships": ("warships", "vessel"),
}
OTHER = {
    "aircraft:ra-00001": Entity("aircraft:ra-00001", "RA-00001", ["Aircraft"], "Il-76",
                                properties={"registration": "RA-00001", "type": "Il-76"}),
    "vessel:sea-courier": Entity("vessel:sea-courier", "Sea Courier", ["Vessel"], "cargo"),
}

GEOGRAPHY = [
    ("base:khmeimim", "place:latakia"), ("place:latakia", "place:syria"), ("base:tartus", "place:syria"),
    ("base:al-khadim", "place:eastern-libya"), ("place:eastern-libya", "place:libya"),
    ("place:benghazi", "place:eastern-libya"), ("base:al-jufra", "place:libya"),
    ("base:tobruk", "place:eastern-libya"), ("base:chkalovsky", "place:russia"),
    ("place:bamako", "place:mali"),
]

ALIASES = {"base:khmeimim": ["Hmeimim"], "actor:khalifa-haftar": ["Haftar"], "actor:hts": ["HTS"]}


def entity(node_id: str) -> Entity:
    if node_id in OTHER:
        return OTHER[node_id]
    for table, label in ((PLACES, "Place"), (BASES, "Base"), (ACTORS, "Actor"), (EQUIPMENT, "Equipment")):
        if node_id in table:
            name, kind = table[node_id]
            return Entity(node_id, name, [label], kind, aliases=list(ALIASES.get(node_id, [])))
    raise KeyError(node_id)


def _extraction(report: ReportMeta, relations: list[Relation], events: list[Event]) -> Extraction:
    ids: list[str] = []
    for rel in relations:
        ids += [rel.start, rel.end]
    for event in events:
        for fillers in event.roles.values():
            ids += fillers
    return Extraction(report=report, entities=[entity(i) for i in dict.fromkeys(ids)],
                      relations=relations, events=events)


def rel(rel_type: str, start: str, end: str, modality: str = "reported", confidence: float = 0.8,
        evidence: str = "", **props) -> Relation:
    return Relation(rel_type, start, end, modality=modality, confidence=confidence,
                    evidence=evidence or f"{start} {rel_type} {end}.", properties=props)


def event(event_id: str, label: str, date: str | None, modality: str = "reported", count: int | None = None,
          evidence: str = "", **roles: list[str]) -> Event:
    precision = {4: "year", 7: "month", 10: "day"}.get(len(date or ""), "unknown")
    return Event(event_id, ["Event", label], date=date, date_precision=precision, count=count,
                 modality=modality, confidence=0.7, evidence=evidence or f"{event_id} happened.",
                 roles={k: v for k, v in roles.items() if v})


# --- reports --------------------------------------------------------------------------------

def reports() -> list[tuple[Extraction, str]]:
    """Each extraction with the date it is ingested on (its ``first_seen``)."""
    geo = _extraction(ReportMeta("report:geo", "Gazetteer", publisher="milgraph gazetteer"),
                      [rel("LOCATED_IN", a, b, "confirmed", 1.0) for a, b in GEOGRAPHY], [])
    geo.entities += [entity("place:algeria")]

    report_a = _extraction(
        ReportMeta("report:a", "Air defences leave the coast", publisher="North Gazette", published="2024-12-18"),
        [rel("BACKS", "actor:russia", "actor:khalifa-haftar"),
         rel("LEADS", "actor:khalifa-haftar", "actor:lna", "confirmed", 0.9),
         rel("OPERATES", "actor:russia", "base:khmeimim", "confirmed", 0.9),
         rel("OPERATES", "actor:russia", "base:tartus"),
         rel("OPERATES", "actor:russia", "base:al-khadim"),
         rel("DEPLOYED_AT", "equipment:s-400", "base:khmeimim", "confirmed", 0.9, since="2015")],
        [event("event:s400-lift", "Transfer", "2024-12-14", BY=["actor:russia"],
               CARRIED=["equipment:s-400", "equipment:radars"], FROM=["base:khmeimim"], TO=["base:al-khadim"],
               USING=["aircraft:ra-00001"]),
         event("event:airbridge", "Flight", "2024-12", count=3, BY=["actor:russia"], FROM=["base:khmeimim"],
               TO=["base:al-khadim"], USING=["aircraft:ra-00001"], OPERATED_BY=["actor:cargo-air"]),
         event("event:s300-move", "Transfer", "2024-12", BY=["actor:russia"], CARRIED=["equipment:s-300"],
               FROM=["place:syria"], TO=["base:al-khadim"])])
    report_a.relations[0].attributed_to = ["US officials"]

    report_b = _extraction(
        ReportMeta("report:b", "More flights east", publisher="North Gazette", published="2024-12-28"),
        [rel("DEPLOYED_AT", "equipment:pantsir-s1", "base:al-jufra", "reported", 0.6)],
        [event("event:airbridge", "Flight", "2024-12", count=2, BY=["actor:russia"], FROM=["base:khmeimim"],
               TO=["base:al-khadim"]),
         event("event:sealift", "Voyage", "2024-12-20", BY=["actor:russia"], CARRIED=["equipment:pantsir-s1"],
               FROM=["base:tartus"], TO=["base:tobruk"], USING=["vessel:sea-courier"]),
         event("event:jufra-2023", "Deployment", "2023-05", "confirmed", BY=["actor:russia"],
               CARRIED=["equipment:pantsir-s1"], FROM=["place:russia"], TO=["base:al-jufra"])])

    report_c = _extraction(
        ReportMeta("report:c", "What left Syria", publisher="Harbour Courier", published="2025-01-30"),
        [rel("BACKS", "actor:russia", "actor:khalifa-haftar", "confirmed", 0.9),
         rel("CONTROLS", "actor:lna", "base:al-khadim", "confirmed", 0.9),
         rel("OPPOSES", "actor:hts", "actor:russia"),
         rel("BACKS", "actor:turkey", "actor:hts")],
        [event("event:s400-lift", "Transfer", "2024-12", "confirmed", BY=["actor:russia"],
               CARRIED=["equipment:s-400"], FROM=["base:khmeimim"], TO=["base:al-khadim"]),
         event("event:s300-move", "Transfer", "2024-12", BY=["actor:russia"], CARRIED=["equipment:s-300"],
               FROM=["place:syria"], TO=["place:algeria"]),
         event("event:tartus-exit", "Withdrawal", "2025-01", "confirmed", BY=["actor:russia"],
               CARRIED=["equipment:warships"], FROM=["base:tartus"]),
         event("event:port-talks", "Talks", "2025-01-28", PARTICIPANT=["actor:russia", "actor:hts"],
               ABOUT=["base:tartus", "base:khmeimim"])])

    report_d = _extraction(
        ReportMeta("report:d", "Cargo to the Sahel", publisher="Desert Wire", published="2025-01-15"),
        [rel("OPERATES", "actor:russia", "base:al-khadim", "denied", 0.5),
         rel("BACKS", "actor:russia", "actor:africa-corps"),
         rel("PRESENT_IN", "actor:africa-corps", "place:mali", "confirmed", 0.9),
         rel("PRESENT_IN", "actor:africa-corps", "base:al-jufra")],
        [event("event:resupply", "Flight", "2024-11-20", BY=["actor:russia"], CARRIED=["equipment:ammunition"],
               FROM=["base:chkalovsky"], TO=["base:khmeimim"]),
         event("event:sahel-run", "Flight", "2025-01-10", count=2, BY=["actor:africa-corps"],
               FROM=["place:libya"], TO=["place:bamako"], USING=["aircraft:ra-00001"],
               OPERATED_BY=["actor:cargo-air"]),
         event("event:sealift", "Voyage", "2024-12-20", "denied", FROM=["base:tartus"], TO=["base:tobruk"]),
         event("event:late-hop", "Flight", "2025-03", FROM=["base:chkalovsky"], TO=["base:khmeimim"])])
    report_d.events[1].attributed_to = ["flight-tracking data"]

    first = "2025-01-01"
    second = "2025-02-01"
    return [(geo, first), (report_a, first), (report_b, first), (report_c, second), (report_d, second)]


def write_fixture_graph(store) -> None:
    for extraction, seen in reports():
        write_extraction(store, extraction, now=seen)
