"""Small made-up reports for the picture tests (own wording; facts are illustrative).

- ``airlift_report``: a state backs an armed force; air-defence gear goes from one airbase to
  another in December 2024 (bases with coordinates, located in places).
- ``cargo_flight_report``: two flights in January 2025 from that second base onwards to a
  city with no coordinates of its own (it is LOCATED_IN a country that has some).
- ``probe_report``: an entity name and evidence that look like markup (``<img onerror>``) and
  contain the word href, to show that pages print report text as text.
"""

from __future__ import annotations

from milgraph.graph.records import Entity, Event, Extraction, Relation, ReportMeta

PROBE = "<img src=x onerror=alert(1)> href"


def _e(id_, name, label, kind=None, **props):
    return Entity(id=id_, name=name, labels=[label], kind=kind, properties=props)


def airlift_report() -> Extraction:
    return Extraction(
        report=ReportMeta(id="report:airlift", title="Air-defence gear moved west", publisher="Test Wire",
                          published="2024-12-20"),
        entities=[
            _e("actor:northland", "Northland", "Actor", "state"),
            _e("actor:coastal-army", "Coastal Army", "Actor", "armed_forces"),
            _e("actor:southland", "Southland", "Actor", "state"),
            _e("base:hill-field", "Hill Field", "Base", "airbase", lat=35.4, lon=35.9),
            _e("base:dune-base", "Dune Base", "Base", "airbase", lat=32.3, lon=20.9),
            _e("place:east-province", "East Province", "Place", "region", lat=35.5, lon=35.8),
            _e("place:westria", "Westria", "Place", "country", lat=27.0, lon=17.0),
            _e("equipment:sam-9", "SAM-9", "Equipment", "air_defense"),
        ],
        relations=[
            Relation("BACKS", "actor:northland", "actor:coastal-army", modality="reported", confidence=0.9,
                     evidence="Northland is said to back the Coastal Army."),
            Relation("OPPOSES", "actor:coastal-army", "actor:southland", modality="confirmed",
                     evidence="The Coastal Army fights Southland's forces."),
            Relation("LOCATED_IN", "base:hill-field", "place:east-province", evidence="Hill Field lies in the east."),
            Relation("LOCATED_IN", "base:dune-base", "place:westria", evidence="Dune Base is in Westria."),
        ],
        events=[Event(
            id="event:sam-9-move", labels=["Event", "Transfer"], date="2024-12", date_precision="month",
            modality="reported", confidence=0.8, evidence="Officials said SAM-9 units were flown to Dune Base.",
            attributed_to=["Officials"],
            roles={"BY": ["actor:northland"], "CARRIED": ["equipment:sam-9"], "FROM": ["base:hill-field"],
                   "TO": ["base:dune-base"]})],
    )


def cargo_flight_report() -> Extraction:
    return Extraction(
        report=ReportMeta(id="report:cargo", title="Cargo flights continue south", publisher="Test Daily",
                          published="2025-01-20"),
        entities=[
            _e("actor:northland", "Northland", "Actor", "state"),
            _e("base:dune-base", "Dune Base", "Base", "airbase", lat=32.3, lon=20.9),
            _e("place:river-city", "River City", "Place", "city"),
            _e("place:sahelia", "Sahelia", "Place", "country", lat=17.0, lon=-4.0),
            _e("aircraft:ra-1", "RA-1", "Aircraft", "heavy_lifter"),
        ],
        relations=[Relation("LOCATED_IN", "place:river-city", "place:sahelia", evidence="River City, Sahelia.")],
        events=[
            Event(id="event:flight-1", labels=["Event", "Flight"], date="2025-01-15", date_precision="day",
                  modality="confirmed", evidence="Tracking data showed a heavy lifter landing in River City.",
                  roles={"BY": ["actor:northland"], "USING": ["aircraft:ra-1"], "FROM": ["base:dune-base"],
                         "TO": ["place:river-city"]}),
            Event(id="event:flight-2", labels=["Event", "Flight"], date="2025-01-18", date_precision="day",
                  modality="possible", evidence="A second flight may have followed.",
                  roles={"FROM": ["base:dune-base"], "TO": ["place:river-city"]}),
        ],
    )


def probe_report() -> Extraction:
    return Extraction(
        report=ReportMeta(id="report:probe", title=f"Probe {PROBE}", publisher="Probe", published="2025-02-01"),
        entities=[
            _e("base:probe", f"Probe {PROBE}", "Base", "port", lat=30.0, lon=30.0),
            _e("base:dune-base", "Dune Base", "Base", "airbase", lat=32.3, lon=20.9),
        ],
        relations=[],
        events=[Event(id="event:probe-voyage", labels=["Event", "Voyage"], date="2025-02-01", date_precision="day",
                      modality="reported", evidence=f"A ship sailed {PROBE} to Dune Base.",
                      roles={"FROM": ["base:probe"], "TO": ["base:dune-base"]})],
    )


def all_reports() -> list[Extraction]:
    return [airlift_report(), cargo_flight_report(), probe_report()]


def load(store, extractions=None) -> None:
    from milgraph.graph.writer import write_extraction

    for extraction in extractions or all_reports():
        write_extraction(store, extraction, now="2025-02-02")


def viz_graph():
    """The same three reports as a VizGraph, without a database (as the writer would store them)."""
    from milgraph.graph.model import load_model
    from milgraph.viz.subgraph import ReportInfo, VizGraph

    model = load_model()
    graph = VizGraph(title="Fixture graph")
    for extraction in all_reports():
        rep = extraction.report
        graph.reports[rep.id] = ReportInfo(rep.id, rep.title, rep.publisher or "", rep.published or "", rep.url or "")
        for ent in extraction.entities:
            extra = model.nodes[ent.label].extra_label(ent.kind)
            graph.add_node(ent.id, ["Entity", ent.label] + ([extra] if extra else []), name=ent.name,
                           kind=ent.kind, first_seen="2025-02-02", first_reported="2025-02-02", **ent.properties)
        for rel in extraction.relations:
            graph.add_edge(rel.start, rel.end, rel.type, modality=rel.modality, confidence=rel.confidence,
                           sources=[rep.id], evidence=[rel.evidence], modalities=[rel.modality], first_seen="2025-02-02", first_reported="2025-02-02")
        for ev in extraction.events:
            graph.add_node(ev.id, list(ev.labels), date=ev.date, date_precision=ev.date_precision,
                           modality=ev.modality, confidence=ev.confidence, sources=[rep.id], evidence=[ev.evidence],
                           modalities=[ev.modality], attributed_to=ev.attributed_to, first_seen="2025-02-02", first_reported="2025-02-02")
            for role, ids in ev.roles.items():
                for target in ids:
                    graph.add_edge(ev.id, target, role)
    return graph
