"""Network analysis with networkx: hubs, chokepoints, routes, actor communities, changes.

All of it is computed from a :class:`~milgraph.viz.subgraph.VizGraph` (so it works on plain
data), and :func:`write_scores` writes the scores back onto the nodes with parameterised
statements, for Cypher, the canned queries and the pages to use:

- the **logistics network**: one directed edge origin -> destination per movement leg (a
  Transfer, Flight, Voyage, Withdrawal or Deployment goes FROM -> each VIA -> TO), weighted
  by trips (``count`` or 1). ``hub_score`` = trips through a place / the most any place has
  (0..1); ``betweenness`` = networkx betweenness centrality of the leg network (how much of
  the shortest-route traffic passes through the place: chokepoints);
- **routes** between two places (:func:`route`): the shortest chain of legs; a country or
  region stands for every place LOCATED_IN it; direction is kept when possible;
- **actor communities** (:func:`communities`): Louvain communities of actors joined by
  BACKS, ALLIED_WITH, MEMBER_OF, LEADS, and by acting together in one event (BY or
  OPERATED_BY); OPPOSES ties are not bonds, and are listed between and within communities;
- **changes** between two dates (:func:`changes`): events whose date (at its precision, e.g.
  a month) overlaps the window, and nodes and facts first seen (ingested) in the window,
  with the legs that are new in it.
"""

from __future__ import annotations

import calendar
import re
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field
from typing import Any

import networkx as nx

from milgraph.errors import MilgraphError
from milgraph.graph.store import GraphStore, Statement
from milgraph.viz.subgraph import MOVEMENT_LABELS, VizGraph, _pick_by_name

BOND_TYPES = {"BACKS": 1.0, "ALLIED_WITH": 1.0, "MEMBER_OF": 1.0, "LEADS": 1.0}
CO_ACTING_ROLES = ("BY", "OPERATED_BY")
CO_ACTING_WEIGHT = 0.5
PLACE_LABELS = ("Place", "Base")
_ISO = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


# ---------------------------------------------------------------------------------------
# The logistics network
# ---------------------------------------------------------------------------------------


@dataclass
class Leg:
    origin: str
    destination: str
    event: str
    type: str
    date: str
    trips: int


def event_roles(graph: VizGraph) -> dict[str, dict[str, list[str]]]:
    roles: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for edge in graph.edges:
        node = graph.nodes.get(edge.source)
        if node is not None and node.is_event:
            roles[edge.source][edge.type].append(edge.target)
    return roles


def movement_legs(graph: VizGraph) -> list[Leg]:
    legs = []
    for event_id, roles in event_roles(graph).items():
        event = graph.nodes[event_id]
        if event.event_type not in MOVEMENT_LABELS:
            continue
        count = event.props.get("count")
        trips = count if isinstance(count, int) and count > 0 else 1
        for origin in roles.get("FROM", []):
            for target in roles.get("TO", []):
                stops = [origin, *roles.get("VIA", []), target]
                for a, b in zip(stops, stops[1:]):
                    if a != b:
                        legs.append(Leg(a, b, event_id, event.event_type, str(event.props.get("date") or ""), trips))
    return legs


def logistics_network(graph: VizGraph, legs: list[Leg] | None = None) -> nx.DiGraph:
    network = nx.DiGraph()
    for leg in legs if legs is not None else movement_legs(graph):
        if network.has_edge(leg.origin, leg.destination):
            data = network[leg.origin][leg.destination]
            data["trips"] += leg.trips
            data["events"].append(leg.event)
        else:
            network.add_edge(leg.origin, leg.destination, trips=leg.trips, events=[leg.event])
    for node_id in network:
        node = graph.nodes.get(node_id)
        network.nodes[node_id]["name"] = node.name if node else node_id
        network.nodes[node_id]["label"] = node.label if node else ""
    return network


@dataclass
class HubRow:
    id: str
    name: str
    label: str
    legs_out: int
    legs_in: int
    trips: int
    hub_score: float
    betweenness: float


def hubs(graph: VizGraph, network: nx.DiGraph | None = None) -> list[HubRow]:
    """Every place in the logistics network, busiest first."""
    network = network if network is not None else logistics_network(graph)
    if not network:
        return []
    between = nx.betweenness_centrality(network, normalized=True)
    trips = {n: sum(d["trips"] for *_, d in network.in_edges(n, data=True))
             + sum(d["trips"] for *_, d in network.out_edges(n, data=True)) for n in network}
    top = max(trips.values()) or 1
    rows = [HubRow(n, network.nodes[n]["name"], network.nodes[n]["label"], network.out_degree(n),
                   network.in_degree(n), trips[n], round(trips[n] / top, 4), round(between[n], 4))
            for n in network]
    return sorted(rows, key=lambda r: (-r.hub_score, -r.betweenness, r.name))


def chokepoints(rows: list[HubRow]) -> list[HubRow]:
    """The places routes pass through (betweenness above zero), most first."""
    return sorted((r for r in rows if r.betweenness > 0), key=lambda r: (-r.betweenness, r.name))


# ---------------------------------------------------------------------------------------
# Routes
# ---------------------------------------------------------------------------------------


def find_node(graph: VizGraph, query: str, labels: tuple[str, ...] = ()) -> str:
    """The id of the node ``query`` names in ``graph`` (id, name or alias); when several
    match, those with one of ``labels`` are preferred (``Syria`` the place, not the state)."""
    if query in graph.nodes:
        return query
    nodes = [n for n in graph.nodes.values() if not n.is_event]
    if labels:
        preferred = [n for n in nodes if n.label in labels]
        try:
            return _pick_by_name(query, [_name_row(n) for n in preferred])
        except MilgraphError as exc:
            if "several" in str(exc):
                raise
    return _pick_by_name(query, [_name_row(n) for n in nodes])


def _name_row(node) -> dict[str, Any]:
    return {"id": node.id, "name": node.props.get("name"), "aliases": node.props.get("aliases")}


def contained(graph: VizGraph, node_id: str, depth: int = 4) -> set[str]:
    """The node and everything LOCATED_IN it (up to ``depth`` levels down)."""
    children: dict[str, list[str]] = defaultdict(list)
    for edge in graph.edges:
        if edge.type == "LOCATED_IN":
            children[edge.target].append(edge.source)
    found, level = {node_id}, [node_id]
    for _ in range(depth):
        level = [c for n in level for c in children.get(n, []) if c not in found]
        found.update(level)
    return found


@dataclass
class RouteStep:
    origin: str
    destination: str
    origin_name: str
    destination_name: str
    trips: int
    events: list[str]
    forward: bool = True  # False when the known movement runs the other way


@dataclass
class RouteResult:
    origin: str
    destination: str
    found: bool
    directed: bool = True
    steps: list[RouteStep] = field(default_factory=list)
    message: str = ""

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def route(graph: VizGraph, origin: str, destination: str) -> RouteResult:
    """The shortest chain of movement legs from ``origin`` to ``destination`` (names or ids)."""
    a, b = find_node(graph, origin, PLACE_LABELS), find_node(graph, destination, PLACE_LABELS)
    network = logistics_network(graph)
    starts = contained(graph, a) & set(network)
    ends = contained(graph, b) & set(network)
    result = RouteResult(a, b, found=False)
    if not starts or not ends:
        missing = [graph.nodes[x].name for x, s in ((a, starts), (b, ends)) if not s]
        result.message = f"no movement starts or ends at {' or '.join(missing)} (or anywhere inside it)"
        return result
    for directed in (True, False):
        search = network if directed else network.to_undirected(as_view=True)
        path = _shortest(search, starts, ends)
        if path:
            result.found, result.directed = True, directed
            for x, y in zip(path, path[1:]):
                forward = network.has_edge(x, y)
                data = network[x][y] if forward else network[y][x]
                result.steps.append(RouteStep(x, y, network.nodes[x]["name"], network.nodes[y]["name"],
                                              data["trips"], sorted(data["events"]), forward))
            if not directed:
                result.message = "no route in the direction of travel; this one uses legs in either direction"
            return result
    result.message = "no chain of movements joins them"
    return result


def _shortest(network, starts: set[str], ends: set[str]) -> list[str] | None:
    source, target = ("__start__",), ("__end__",)
    work = nx.DiGraph(network) if network.is_directed() else nx.Graph(network)
    work.add_edges_from((source, s) for s in starts)
    work.add_edges_from((e, target) for e in ends)
    try:
        path = nx.shortest_path(work, source, target)
    except nx.NetworkXNoPath:
        return None
    return [n for n in path if n not in (source, target)]


# ---------------------------------------------------------------------------------------
# Actor communities
# ---------------------------------------------------------------------------------------


@dataclass
class Community:
    community: int
    size: int
    members: list[str]  # names
    ids: list[str]
    opposes: list[int]  # other communities some member opposes
    internal_opposition: int  # OPPOSES ties inside the community


def actor_network(graph: VizGraph) -> nx.Graph:
    bonds = nx.Graph()
    for node in graph.nodes.values():
        if node.label == "Actor":
            bonds.add_node(node.id, name=node.name)

    def bond(x: str, y: str, weight: float) -> None:
        if x != y and x in bonds and y in bonds:
            old = bonds.get_edge_data(x, y, {"weight": 0.0})["weight"]
            bonds.add_edge(x, y, weight=old + weight)

    for edge in graph.edges:
        if edge.type in BOND_TYPES:
            bond(edge.source, edge.target, BOND_TYPES[edge.type])
    for roles in event_roles(graph).values():
        actors = sorted({a for role in CO_ACTING_ROLES for a in roles.get(role, [])})
        for i, x in enumerate(actors):
            for y in actors[i + 1:]:
                bond(x, y, CO_ACTING_WEIGHT)
    return bonds


def communities(graph: VizGraph, seed: int = 7) -> list[Community]:
    """Actor communities, largest first; ids 0, 1, ... in that order (singletons included)."""
    bonds = actor_network(graph)
    if not bonds:
        return []
    groups = nx.community.louvain_communities(bonds, weight="weight", seed=seed)
    names = nx.get_node_attributes(bonds, "name")
    ordered = sorted((sorted(g, key=lambda n: names[n]) for g in groups),
                     key=lambda g: (-len(g), names[g[0]]))
    member_of = {n: i for i, g in enumerate(ordered) for n in g}
    opposes: dict[int, set[int]] = defaultdict(set)
    internal: Counter = Counter()
    for edge in graph.edges:
        if edge.type == "OPPOSES" and edge.source in member_of and edge.target in member_of:
            x, y = member_of[edge.source], member_of[edge.target]
            if x == y:
                internal[x] += 1
            else:
                opposes[x].add(y)
                opposes[y].add(x)
    return [Community(i, len(g), [names[n] for n in g], list(g), sorted(opposes[i]), internal[i])
            for i, g in enumerate(ordered)]


# ---------------------------------------------------------------------------------------
# Changes between two dates
# ---------------------------------------------------------------------------------------


def date_interval(text: str | None) -> tuple[str, str] | None:
    """The first and last day an ISO date at any precision covers: '2024-12' ->
    ('2024-12-01', '2024-12-31')."""
    match = _ISO.match(str(text or "").strip())
    if not match:
        return None
    year, month, day = match.group(1), match.group(2), match.group(3)
    if day:
        return f"{year}-{month}-{day}", f"{year}-{month}-{day}"
    if month:
        last = calendar.monthrange(int(year), int(month))[1]
        return f"{year}-{month}-01", f"{year}-{month}-{last:02d}"
    return f"{year}-01-01", f"{year}-12-31"


def _window(since: str | None, until: str | None) -> tuple[str, str]:
    start = date_interval(since) if since else ("0000-01-01", "0000-01-01")
    end = date_interval(until) if until else ("9999-12-31", "9999-12-31")
    if start is None or end is None:
        raise MilgraphError(f"dates must be ISO dates like 2024, 2024-12 or 2024-12-13 (got {since!r}, {until!r})")
    if start[0] > end[1]:
        raise MilgraphError(f"--since {since} is after --until {until}")
    return start[0], end[1]


def changes(graph: VizGraph, since: str | None, until: str | None) -> dict[str, Any]:
    """What happened and what was learnt between ``since`` and ``until`` (inclusive)."""
    lo, hi = _window(since, until)
    names = {n.id: n.name for n in graph.nodes.values()}
    roles = event_roles(graph)

    def in_window(start: str | None, end: str | None = None) -> bool:
        first = date_interval(start)
        if first is None:
            return False
        last = date_interval(end) if end else first
        return first[0] <= hi and (last or first)[1] >= lo

    events = []
    for node in graph.nodes.values():
        if node.is_event and in_window(node.props.get("date"), node.props.get("end_date")):
            r = roles.get(node.id, {})
            events.append({"id": node.id, "type": node.event_type, "date": str(node.props["date"]),
                           "modality": node.props.get("modality"),
                           "from": [names.get(x, x) for x in r.get("FROM", [])],
                           "to": [names.get(x, x) for x in r.get("TO", [])],
                           "by": [names.get(x, x) for x in r.get("BY", [])],
                           "carried": [names.get(x, x) for x in r.get("CARRIED", [])]})
    events.sort(key=lambda e: (e["date"], e["id"]))
    # "New" is report time: the earliest publication date of the reports that state it.
    new_nodes = sorted(({"id": n.id, "name": n.name, "label": n.label, "first_reported": str(n.props["first_reported"])}
                        for n in graph.nodes.values()
                        if in_window(n.props.get("first_reported")) and not n.is_event),
                       key=lambda x: (x["first_reported"], x["id"]))
    new_facts = sorted(({"type": e.type, "from": names.get(e.source, e.source), "to": names.get(e.target, e.target),
                         "first_reported": str(e.props["first_reported"]), "modality": e.props.get("modality")}
                        for e in graph.edges if in_window(e.props.get("first_reported"))),
                       key=lambda x: (x["first_reported"], x["type"], x["from"], x["to"]))
    first_leg: dict[tuple[str, str], str] = {}
    for leg in movement_legs(graph):
        span = date_interval(leg.date)
        if span:
            key = (leg.origin, leg.destination)
            first_leg[key] = min(first_leg.get(key, span[0]), span[0])
    new_legs = sorted(({"from": names.get(a, a), "to": names.get(b, b), "first": d}
                       for (a, b), d in first_leg.items() if lo <= d <= hi),
                      key=lambda x: (x["first"], x["from"], x["to"]))
    return {"since": lo, "until": hi,
            "events": events, "events_by_type": dict(Counter(e["type"] for e in events).most_common()),
            "new_legs": new_legs, "new_nodes": new_nodes, "new_facts": new_facts}


# ---------------------------------------------------------------------------------------
# Writing the scores back
# ---------------------------------------------------------------------------------------

_RESET = ("MATCH (n:Entity) WHERE n.hub_score IS NOT NULL OR n.betweenness IS NOT NULL "
          "OR n.community IS NOT NULL SET n.hub_score = null, n.betweenness = null, n.community = null")
_SET_SCORES = ("UNWIND $rows AS row MATCH (n:Entity {id: row.id}) "
               "SET n.hub_score = row.hub_score, n.betweenness = row.betweenness")
_SET_COMMUNITY = "UNWIND $rows AS row MATCH (n:Entity {id: row.id}) SET n.community = row.community"


def score_rows(hub_rows: list[HubRow], groups: list[Community]) -> tuple[list[dict], list[dict]]:
    scores = [{"id": r.id, "hub_score": r.hub_score, "betweenness": r.betweenness} for r in hub_rows]
    members = [{"id": node_id, "community": c.community} for c in groups for node_id in c.ids]
    return scores, members


def write_scores(store: GraphStore, hub_rows: list[HubRow], groups: list[Community]) -> int:
    """Replace ``hub_score``, ``betweenness`` and ``community`` on the nodes, in one transaction.
    Returns the number of nodes given a value."""
    scores, members = score_rows(hub_rows, groups)
    store.write_batch([Statement(_RESET), Statement(_SET_SCORES, {"rows": scores}),
                       Statement(_SET_COMMUNITY, {"rows": members})])
    return len({r["id"] for r in scores} | {r["id"] for r in members})


# ---------------------------------------------------------------------------------------
# One call for the command line
# ---------------------------------------------------------------------------------------


@dataclass
class Analysis:
    hubs: list[HubRow]
    chokepoints: list[HubRow]
    communities: list[Community]
    legs: int
    route: RouteResult | None = None
    changes: dict[str, Any] | None = None
    written: int | None = None

    def to_json(self) -> dict[str, Any]:
        return {"legs": self.legs, "hubs": [asdict(h) for h in self.hubs],
                "chokepoints": [asdict(h) for h in self.chokepoints],
                "communities": [asdict(c) for c in self.communities],
                "route": self.route.to_json() if self.route else None,
                "changes": self.changes, "written": self.written}


def analyze(graph: VizGraph, *, route_between: tuple[str, str] | None = None,
            since: str | None = None, until: str | None = None) -> Analysis:
    legs = movement_legs(graph)
    hub_rows = hubs(graph, logistics_network(graph, legs))
    result = Analysis(hub_rows, chokepoints(hub_rows), communities(graph), len(legs))
    if route_between:
        result.route = route(graph, *route_between)
    if since or until:
        result.changes = changes(graph, since, until)
    return result


def analyze_store(store: GraphStore, *, route_between: tuple[str, str] | None = None, since: str | None = None,
                  until: str | None = None, write: bool = True) -> Analysis:
    """Read the whole graph, analyse it and (unless ``write`` is False) write the scores back."""
    from milgraph.viz.subgraph import read_graph

    result = analyze(read_graph(store), route_between=route_between, since=since, until=until)
    if write:
        result.written = write_scores(store, result.hubs, result.communities)
    return result


def format_tables(result: Analysis, top: int = 15) -> str:
    """The analysis as plain-text tables."""
    out: list[str] = []

    def table(title: str, header: list[str], rows: list[list[Any]]) -> None:
        out.append(title)
        if not rows:
            out.append("  (none)\n")
            return
        cells = [header] + [[str(c) for c in r] for r in rows]
        widths = [max(len(row[i]) for row in cells) for i in range(len(header))]
        for j, row in enumerate(cells):
            out.append("  " + "  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip())
            if j == 0:
                out.append("  " + "  ".join("-" * w for w in widths))
        out.append("")

    table(f"Hubs of the logistics network ({result.legs} movement legs)",
          ["place", "kind", "out", "in", "trips", "hub_score", "betweenness"],
          [[h.name, h.label, h.legs_out, h.legs_in, h.trips, f"{h.hub_score:.3f}", f"{h.betweenness:.3f}"]
           for h in result.hubs[:top]])
    table("Chokepoints (share of shortest routes passing through)", ["place", "betweenness"],
          [[h.name, f"{h.betweenness:.3f}"] for h in result.chokepoints[:top]])
    groups = [c for c in result.communities if c.size > 1]
    singles = len(result.communities) - len(groups)
    table(f"Actor communities ({len(groups)} with two or more members, {singles} actors on their own)",
          ["community", "size", "members", "opposes"],
          [[c.community, c.size, _clip(", ".join(c.members), 70), ", ".join(map(str, c.opposes)) or "-"]
           for c in groups[:top]])
    if result.route is not None:
        r = result.route
        if r.found:
            steps = [[i + 1, s.origin_name, s.destination_name, s.trips, ", ".join(s.events)
                      + ("" if s.forward else " (reverse)")] for i, s in enumerate(r.steps)]
            table(f"Route {r.origin} -> {r.destination}" + ("" if r.directed else " (ignoring direction)"),
                  ["leg", "from", "to", "trips", "events"], steps)
        else:
            out.append(f"Route {r.origin} -> {r.destination}: none ({r.message})\n")
    if result.changes is not None:
        c = result.changes
        table(f"Events between {c['since']} and {c['until']}", ["date", "type", "from", "to", "by", "modality"],
              [[e["date"], e["type"], ", ".join(e["from"]) or "-", ", ".join(e["to"]) or "-",
                ", ".join(e["by"]) or "-", e["modality"] or "-"] for e in c["events"]])
        table("New routes (first movement on the leg in the window)", ["from", "to", "first"],
              [[x["from"], x["to"], x["first"]] for x in c["new_legs"]])
        table("Entities first reported in the window", ["first reported", "label", "name"],
              [[x["first_reported"], x["label"], x["name"]] for x in c["new_nodes"]])
        table("Facts first reported in the window", ["first reported", "type", "from", "to"],
              [[x["first_reported"], x["type"], x["from"], x["to"]] for x in c["new_facts"]])
    if result.written is not None:
        out.append(f"Wrote hub_score, betweenness and community on {result.written} nodes.")
    return "\n".join(out).rstrip() + "\n"


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"
