"""Positions for graphs too large to lay out in the browser.

The browser's physics settles a few hundred nodes quickly; past that the page would spend
seconds moving nodes before anyone can use it. So large graphs are laid out here, with
networkx, and drawn with physics off:

- each connected component is laid out on its own and the components are packed in rows,
  the largest first;
- a component of up to ``CORE_SIZE`` nodes gets a networkx spring layout;
- a larger one lays out its ``CORE_SIZE`` best-connected nodes with the spring layout, then
  places the others outwards from them: a node with several placed neighbours goes to their
  middle, the leaves of one placed node go on a ring around it (the force layout of the
  whole component would cost seconds per thousand nodes and look little different);
- every component is scaled so that its median edge is ``EDGE_PX`` pixels long.
"""

from __future__ import annotations

import math
import random
from collections import defaultdict
from typing import Iterable

import networkx as nx

CORE_SIZE = 300
EDGE_PX = 90.0


def layout_positions(nodes: Iterable[str], edges: Iterable[tuple[str, str]], seed: int = 7) -> dict[str, tuple[float, float]]:
    """Pixel positions for every node, deterministic for a given graph and seed."""
    graph = nx.Graph()
    graph.add_nodes_from(nodes)
    graph.add_edges_from((a, b) for a, b in edges if a != b)
    components = sorted((sorted(c) for c in nx.connected_components(graph)), key=lambda c: (-len(c), c[0]))
    placed: list[dict[str, tuple[float, float]]] = []
    for comp in components:
        pos = _component_layout(graph.subgraph(comp), seed)
        placed.append(_scaled(pos, graph.subgraph(comp)))
    return _pack(placed)


def _component_layout(graph: nx.Graph, seed: int) -> dict[str, tuple[float, float]]:
    nodes = list(graph)
    if len(nodes) == 1:
        return {nodes[0]: (0.0, 0.0)}
    if len(nodes) == 2:
        return {nodes[0]: (-0.5, 0.0), nodes[1]: (0.5, 0.0)}
    if len(nodes) <= CORE_SIZE:
        return _spring(graph, seed)
    degree = dict(graph.degree())
    core = sorted(nodes, key=lambda n: (-degree[n], n))[:CORE_SIZE]
    pos = _spring(graph.subgraph(core), seed)
    return _grow(graph, pos, degree, seed)


def _spring(graph: nx.Graph, seed: int) -> dict[str, tuple[float, float]]:
    raw = nx.spring_layout(graph, seed=seed, iterations=50)
    return {n: (float(p[0]), float(p[1])) for n, p in raw.items()}


def _grow(graph: nx.Graph, pos: dict[str, tuple[float, float]], degree: dict, seed: int) -> dict[str, tuple[float, float]]:
    """Place the nodes not in ``pos`` outwards from the placed ones, layer by layer."""
    rng = random.Random(seed)
    pos = dict(pos)
    step = _median_edge(graph, pos) or 0.1
    cx = sum(p[0] for p in pos.values()) / len(pos)
    cy = sum(p[1] for p in pos.values()) / len(pos)
    frontier = {n for p in pos for n in graph[p] if n not in pos}
    while frontier:
        leaves: dict[str, list[str]] = defaultdict(list)
        for node in sorted(frontier):
            anchors = [n for n in graph[node] if n in pos]
            if len(anchors) > 1:
                x = sum(pos[a][0] for a in anchors) / len(anchors)
                y = sum(pos[a][1] for a in anchors) / len(anchors)
                pos[node] = (x + rng.uniform(-0.3, 0.3) * step, y + rng.uniform(-0.3, 0.3) * step)
            else:
                leaves[anchors[0]].append(node)
        for anchor, items in leaves.items():
            ax, ay = pos[anchor]
            away = math.atan2(ay - cy, ax - cx)  # open the ring away from the middle
            radius = step * (0.8 + 0.25 * math.sqrt(len(items)))
            spread = min(2 * math.pi, 0.9 + 0.35 * len(items))
            for i, node in enumerate(items):
                angle = away + spread * ((i + 0.5) / len(items) - 0.5)
                r = radius * (1.0 if i % 2 == 0 else 1.35) if len(items) > 12 else radius
                pos[node] = (ax + r * math.cos(angle), ay + r * math.sin(angle))
        placed_now = set(frontier)
        frontier = {n for p in placed_now for n in graph[p] if n not in pos}
    return pos


def _median_edge(graph: nx.Graph, pos: dict[str, tuple[float, float]]) -> float:
    lengths = sorted(math.dist(pos[a], pos[b]) for a, b in graph.edges() if a in pos and b in pos)
    return lengths[len(lengths) // 2] if lengths else 0.0


def _scaled(pos: dict[str, tuple[float, float]], graph: nx.Graph) -> dict[str, tuple[float, float]]:
    median = _median_edge(graph, pos)
    factor = EDGE_PX / median if median > 0 else EDGE_PX
    return {n: (x * factor, y * factor) for n, (x, y) in pos.items()}


def _pack(components: list[dict[str, tuple[float, float]]]) -> dict[str, tuple[float, float]]:
    """Shelf-pack the components (largest first) in rows about as wide as the largest."""
    boxes = []
    for pos in components:
        xs = [p[0] for p in pos.values()]
        ys = [p[1] for p in pos.values()]
        boxes.append((pos, min(xs), min(ys), max(xs) - min(xs) + EDGE_PX, max(ys) - min(ys) + EDGE_PX))
    total_area = sum(w * h for _, _, _, w, h in boxes)
    row_width = max(max(w for *_, w, _ in boxes), math.sqrt(total_area) * 1.3) if boxes else 0
    out: dict[str, tuple[float, float]] = {}
    x = y = row_height = 0.0
    for pos, x0, y0, w, h in boxes:
        if x > 0 and x + w > row_width:
            x, y, row_height = 0.0, y + row_height, 0.0
        for node, (px, py) in pos.items():
            out[node] = (round(x + px - x0, 1), round(y + py - y0, 1))
        x += w
        row_height = max(row_height, h)
    return out
