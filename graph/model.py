"""The graph model (ONTOLOGY.md) loaded from the YAML files in ``graph/model/``.

The YAML files are the single source of truth for labels, kinds, relationship types with
their allowed endpoints, event labels and roles, and provenance properties. This module
only reads them into small frozen dataclasses and answers questions about them; the
validation of what gets written lives in :mod:`milgraph.graph.validate`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

import yaml


@dataclass(frozen=True)
class NodeLabel:
    name: str
    id_prefix: str
    is_entity: bool
    kinds: dict[str, str | None] = field(default_factory=dict)  # kind -> extra label
    open_kinds: bool = False
    kind_property: str = "kind"
    properties: dict[str, str] = field(default_factory=dict)

    def extra_label(self, kind: str | None) -> str | None:
        return self.kinds.get(kind) if kind else None

    def allows_kind(self, kind: str | None) -> bool:
        return kind is None or self.open_kinds or kind in self.kinds


@dataclass(frozen=True)
class RelType:
    name: str
    from_labels: tuple[str, ...]
    to_labels: tuple[str, ...]
    meaning: str = ""
    properties: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class GraphModel:
    nodes: dict[str, NodeLabel]
    relationships: dict[str, RelType]  # static facts
    provenance: dict[str, RelType]  # MENTIONS, REPORTS, CITES
    event_labels: tuple[str, ...]
    roles: dict[str, RelType]  # from Event
    modalities: tuple[str, ...]
    date_precisions: tuple[str, ...]
    fact_properties: dict[str, str]  # the aggregates on every Event and fact relationship
    share_properties: dict[str, str] = field(default_factory=dict)  # per report, on REPORTS / Statement
    modality_strength: tuple[str, ...] = ()  # weakest first

    @property
    def entity_labels(self) -> tuple[str, ...]:
        return tuple(name for name, label in self.nodes.items() if label.is_entity)

    def label_for_prefix(self, prefix: str) -> NodeLabel | None:
        for label in self.nodes.values():
            if label.id_prefix == prefix:
                return label
        return None

    def label_of_id(self, node_id: str) -> str | None:
        """The primary label of a node, read off its id's type prefix (``base:x`` -> Base)."""
        prefix, sep, _ = node_id.partition(":")
        label = self.label_for_prefix(prefix) if sep else None
        return label.name if label else None


def _rel(name: str, spec: dict, from_default: tuple[str, ...] = ()) -> RelType:
    return RelType(
        name=name,
        from_labels=tuple(spec.get("from", from_default)),
        to_labels=tuple(spec.get("to", ())),
        meaning=spec.get("meaning", ""),
        properties=dict(spec.get("properties") or {}),
    )


def _read_yaml(name: str) -> dict:
    text = resources.files("milgraph.graph").joinpath("model", name).read_text("utf-8")
    return yaml.safe_load(text)


@lru_cache(maxsize=1)
def load_model() -> GraphModel:
    """Read the model files once per process."""
    nodes = {
        name: NodeLabel(
            name=name,
            id_prefix=spec["id_prefix"],
            is_entity=bool(spec.get("entity")),
            kinds=dict(spec.get("kinds") or {}),
            open_kinds=bool(spec.get("open_kinds")),
            kind_property=spec.get("kind_property", "kind"),
            properties=dict(spec.get("properties") or {}),
        )
        for name, spec in _read_yaml("nodes.yaml").items()
    }
    events = _read_yaml("events.yaml")
    provenance = _read_yaml("provenance.yaml")
    return GraphModel(
        nodes=nodes,
        relationships={n: _rel(n, s) for n, s in _read_yaml("relationships.yaml").items()},
        provenance={n: _rel(n, s) for n, s in provenance["relationships"].items()},
        event_labels=tuple(events["labels"]),
        roles={n: _rel(n, s, from_default=("Event",)) for n, s in events["roles"].items()},
        modalities=tuple(provenance["modalities"]),
        date_precisions=tuple(events["date_precisions"]),
        fact_properties=dict(provenance["fact_properties"]),
        share_properties=dict(provenance["share_properties"]),
        modality_strength=tuple(provenance["modality_strength"]),
    )
