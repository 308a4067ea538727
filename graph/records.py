"""Plain dataclasses passed between pipeline stages (read -> clean -> extract -> resolve -> write).

An :class:`Extraction` is everything one input says: the report it came from, the entities it
names, the static relations between them and the events it describes. Its JSON form is the
extraction format of ONTOLOGY.md (``to_json`` / ``from_json``), so a tool can use the facts
without a database.

Ids are stable (``base:khmeimim``, see :mod:`milgraph.graph.ids`); relations and event roles
refer to entities by id, and every id they use must be among ``entities``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class ReportMeta:
    """One ingested document (a news report, or a curated facts file)."""

    id: str
    title: str = ""
    url: str | None = None
    publisher: str | None = None
    published: str | None = None  # ISO date string, any precision
    sha256: str | None = None
    path: str | None = None  # where it was read from
    ingested_at: str | None = None


@dataclass
class Entity:
    id: str
    name: str
    labels: list[str]  # primary label first: ["Actor"], ["Base"]; extra labels follow from kind
    kind: str | None = None
    aliases: list[str] = field(default_factory=list)
    properties: dict[str, Any] = field(default_factory=dict)  # lat, lon, iso2, icao, ...
    mentions: int = 1  # how often this report names it (MENTIONS.count)

    @property
    def label(self) -> str:
        return self.labels[0]


@dataclass
class Span:
    """Character offsets of the evidence sentence in the cleaned report text."""

    start: int
    end: int


@dataclass
class Relation:
    type: str
    start: str  # entity id
    end: str  # entity id
    modality: str = "confirmed"
    confidence: float = 1.0
    evidence: str = ""
    attributed_to: list[str] = field(default_factory=list)
    properties: dict[str, Any] = field(default_factory=dict)  # role, since, until
    span: Span | None = None
    rules: list[str] = field(default_factory=list)  # ids of the extraction rules that read it (not written to the graph)


@dataclass
class Event:
    id: str
    labels: list[str]  # ["Event", "Transfer"]
    date: str | None = None  # ISO-8601 at its precision: 2024-12-13, 2024-12, 2024
    date_precision: str = "unknown"  # day, month, year, unknown
    end_date: str | None = None
    count: int | None = None
    modality: str = "confirmed"
    confidence: float = 1.0
    roles: dict[str, list[str]] = field(default_factory=dict)  # role -> entity ids
    evidence: str = ""
    attributed_to: list[str] = field(default_factory=list)
    span: Span | None = None
    rules: list[str] = field(default_factory=list)  # ids of the extraction rules that read it (not written to the graph)

    @property
    def label(self) -> str:
        return next((x for x in self.labels if x != "Event"), "Event")


@dataclass
class Extraction:
    report: ReportMeta
    entities: list[Entity] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    text: str | None = None  # the cleaned text the spans point into (not serialised)
    unplaced: list[str] = field(default_factory=list)  # capitalised names no rule could type (not serialised)

    def to_json(self) -> dict[str, Any]:
        data = {
            "report": _drop_none(asdict(self.report)),
            "entities": [_drop_none(asdict(e)) for e in self.entities],
            "relations": [_drop_none(asdict(r)) for r in self.relations],
            "events": [_drop_none(asdict(e)) for e in self.events],
        }
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Extraction:
        return cls(
            report=ReportMeta(**data["report"]),
            entities=[Entity(**e) for e in data.get("entities", [])],
            relations=[Relation(**_with_span(r)) for r in data.get("relations", [])],
            events=[Event(**_with_span(e)) for e in data.get("events", [])],
        )


def _with_span(item: dict[str, Any]) -> dict[str, Any]:
    item = dict(item)
    if isinstance(item.get("span"), dict):
        item["span"] = Span(**item["span"])
    return item


def _drop_none(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if v is not None and v != {} and v != []}


@dataclass
class Document:
    """A read and cleaned input text, before extraction."""

    text: str  # cleaned body, paragraphs separated by blank lines; the title is not repeated here
    meta: ReportMeta
    paragraphs: list[tuple[int, int]] = field(default_factory=list)  # (start, end) offsets in text
