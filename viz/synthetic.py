"""Made-up graphs shaped like milgraph's (actors, places, bases, equipment, airframes, ships
and events joined to them by roles), for benchmarks and tests of large pictures. Names are
generated ("Base 12"); nothing here describes the real world."""

from __future__ import annotations

import random

from milgraph.viz.subgraph import MOVEMENT_LABELS, VizGraph

_SHARES = (("Actor", "actor", 0.12), ("Place", "place", 0.08), ("Base", "base", 0.08),
           ("Equipment", "equipment", 0.07), ("Aircraft", "aircraft", 0.03), ("Vessel", "vessel", 0.02))


def synthetic_graph(n_nodes: int, seed: int = 1) -> VizGraph:
    """About ``n_nodes`` nodes: 40% entities, 60% events with 3-5 roles each, plus BACKS,
    OPPOSES and LOCATED_IN facts. Popular entities are picked more often (Zipf-like)."""
    rng = random.Random(seed)
    graph = VizGraph(title=f"Synthetic graph ({n_nodes} nodes)")
    pools: dict[str, list[str]] = {}
    for label, prefix, share in _SHARES:
        count = max(2, int(n_nodes * share))
        ids = []
        for i in range(count):
            node_id = f"{prefix}:{prefix}-{i}"
            labels = ["Entity", label] + (["State"] if label == "Actor" and i % 5 == 0 else [])
            props = {"name": f"{label} {i}"}
            if label in ("Place", "Base"):
                props.update(lat=round(rng.uniform(-35, 60), 3), lon=round(rng.uniform(-20, 60), 3))
            graph.add_node(node_id, labels, **props)
            ids.append(node_id)
        pools[label] = ids
    weights = {label: [1.0 / (i + 1) for i in range(len(ids))] for label, ids in pools.items()}

    def pick(label: str) -> str:
        return rng.choices(pools[label], weights=weights[label])[0]

    def fact(a: str, b: str, rel: str) -> None:
        if a != b:
            graph.add_edge(a, b, rel, modality="reported", sources=["report:synthetic"], evidence=["made up"])

    for node_id in pools["Base"]:
        fact(node_id, pick("Place"), "LOCATED_IN")
    for _ in range(len(pools["Actor"])):
        fact(pick("Actor"), pick("Actor"), rng.choice(("BACKS", "ALLIED_WITH", "OPPOSES")))
    n_events = max(1, n_nodes - len(graph.nodes))
    for i in range(n_events):
        kind = rng.choice(MOVEMENT_LABELS)
        year, month = rng.choice((2023, 2024, 2025)), rng.randint(1, 12)
        event_id = f"event:synthetic-{i}"
        graph.add_node(event_id, ["Event", kind], date=f"{year}-{month:02d}", date_precision="month",
                       modality=rng.choice(("reported", "confirmed", "possible")),
                       sources=["report:synthetic"], evidence=["made up"], first_seen="2025-01-01")
        origin, target = pick(rng.choice(("Base", "Place"))), pick(rng.choice(("Base", "Place")))
        roles = [("BY", pick("Actor")), ("FROM", origin), ("TO", target), ("CARRIED", pick("Equipment"))]
        if rng.random() < 0.4:
            roles.append(("USING", pick(rng.choice(("Aircraft", "Vessel")))))
        for role, target_id in roles:
            if not (role == "TO" and target_id == origin):
                graph.add_edge(event_id, target_id, role)
    return graph
