"""Counts by label and relationship type: what `milgraph stats` shows."""

from __future__ import annotations

from dataclasses import dataclass

from milgraph.graph.store import GraphStore


@dataclass
class GraphStats:
    nodes: int
    relationships: int
    labels: dict[str, int]
    types: dict[str, int]

    def to_json(self) -> dict:
        return {"nodes": self.nodes, "relationships": self.relationships, "labels": self.labels, "types": self.types}


def graph_stats(store: GraphStore) -> GraphStats:
    labels = store.read("MATCH (n) UNWIND labels(n) AS label RETURN label, count(*) AS n ORDER BY label")
    types = store.read("MATCH ()-[r]->() RETURN type(r) AS type, count(*) AS n ORDER BY type")
    return GraphStats(
        nodes=store.read("MATCH (n) RETURN count(n) AS n")[0]["n"],
        relationships=sum(row["n"] for row in types),
        labels={row["label"]: row["n"] for row in labels},
        types={row["type"]: row["n"] for row in types},
    )
