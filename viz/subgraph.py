"""What a picture shows: a small plain-data graph (:class:`VizGraph`) and the ways to read one.

A :class:`VizGraph` holds nodes (id, labels, properties) and directed edges (source, target,
type, properties). The pages, the map and the analytics are all computed from it, so they
can be built from plain data or a networkx graph (:func:`from_networkx`) without a database.

Reading from a :class:`~milgraph.graph.store.GraphStore`:

- :func:`read_graph` - the whole graph (Report nodes left out unless asked for);
- :func:`read_around` - everything within N hops of one entity (by id, name or alias).
  Events count as the meeting point of their roles: reaching an event also brings in
  everything it joins, so ``--hops 1`` around a base shows its flights and their other ends;
- :func:`graph_from_rows` - the nodes a query's rows name (node values, ids or names), the
  relationships among them and the events that join two or more of them;
- :func:`read_query` - :func:`graph_from_rows` over the rows of a canned query.

All Cypher here is fixed text with parameters; nothing from the graph is formatted into it.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Iterable

import networkx as nx

from milgraph.errors import MilgraphError
from milgraph.graph.ids import match_key
from milgraph.graph.model import load_model

PRIMARY_LABELS = ("Event", "Actor", "Base", "Place", "Equipment", "Aircraft", "Vessel", "Source", "Report")
ACTOR_EXTRA_LABELS = ("State", "Organization", "Person")
MOVEMENT_LABELS = ("Transfer", "Flight", "Voyage", "Withdrawal", "Deployment")


@lru_cache(maxsize=1)
def _event_labels() -> frozenset[str]:
    return frozenset(load_model().event_labels)


@dataclass
class VizNode:
    id: str
    labels: list[str]
    props: dict[str, Any] = field(default_factory=dict)

    @property
    def label(self) -> str:
        """The primary label (Actor, Base, Event, ...), from the labels or else the id prefix."""
        for name in PRIMARY_LABELS:
            if name in self.labels:
                return name
        if any(x in _event_labels() for x in self.labels):
            return "Event"
        return load_model().label_of_id(self.id) or (self.labels[0] if self.labels else "Node")

    @property
    def style_key(self) -> str:
        """What the node is drawn as: the event type for events, State/Organization/Person
        for actors that have one, else the primary label."""
        label = self.label
        if label == "Event":
            return self.event_type
        if label == "Actor":
            return next((x for x in ACTOR_EXTRA_LABELS if x in self.labels), "Actor")
        return label

    @property
    def event_type(self) -> str:
        events = _event_labels()
        for label in self.labels:
            if label in events:
                return label
        return "Event"

    @property
    def is_event(self) -> bool:
        return self.label == "Event"

    @property
    def name(self) -> str:
        name = self.props.get("name")
        if name:
            return str(name)
        if self.is_event:
            date = self.props.get("date")
            return f"{self.event_type} {date}" if date else self.event_type
        if self.label == "Report":
            return str(self.props.get("title") or self.id)
        return self.id

    @property
    def coords(self) -> tuple[float, float] | None:
        """Where to draw the node: a country's label point (its capital) when it has one, so
        Russia is drawn at Moscow rather than in Siberia; else its coordinates."""
        lat, lon = self.props.get("label_lat"), self.props.get("label_lon")
        if not (_is_number(lat) and _is_number(lon)):
            lat, lon = self.props.get("lat"), self.props.get("lon")
        if _is_number(lat) and _is_number(lon) and -90 <= lat <= 90 and -180 <= lon <= 180:
            return float(lat), float(lon)
        return None


@dataclass
class VizEdge:
    source: str
    target: str
    type: str
    props: dict[str, Any] = field(default_factory=dict)


@dataclass
class ReportInfo:
    id: str
    title: str = ""
    publisher: str = ""
    published: str = ""
    url: str = ""

    def describe(self) -> str:
        bits = [b for b in (self.publisher, self.published) if b]
        head = self.title or self.id
        return f"{head} ({', '.join(bits)})" if bits else head


@dataclass
class VizGraph:
    nodes: dict[str, VizNode] = field(default_factory=dict)
    edges: list[VizEdge] = field(default_factory=list)
    reports: dict[str, ReportInfo] = field(default_factory=dict)  # report id -> title etc. for tooltips
    mentions: dict[str, list[str]] = field(default_factory=dict)  # node id -> ids of reports naming it
    title: str = ""
    notes: list[str] = field(default_factory=list)  # shown on the page (what was selected, left out)

    def add_node(self, node_id: str, labels: Iterable[str] = (), **props: Any) -> VizNode:
        node = self.nodes.get(node_id)
        if node is None:
            node = self.nodes[node_id] = VizNode(node_id, list(labels), {"id": node_id, **props})
        else:
            node.labels = list(dict.fromkeys([*node.labels, *labels]))
            node.props.update(props)
        return node

    def add_edge(self, source: str, target: str, type: str, **props: Any) -> VizEdge:
        edge = VizEdge(source, target, type, props)
        self.edges.append(edge)
        return edge

    def degree(self) -> Counter:
        counts: Counter = Counter()
        for edge in self.edges:
            counts[edge.source] += 1
            counts[edge.target] += 1
        return counts

    def subgraph(self, ids: Iterable[str]) -> VizGraph:
        keep = set(ids) & set(self.nodes)
        return VizGraph(
            nodes={k: v for k, v in self.nodes.items() if k in keep},
            edges=[e for e in self.edges if e.source in keep and e.target in keep],
            reports=self.reports, mentions=self.mentions, title=self.title, notes=list(self.notes))

    def without_dangling_edges(self) -> VizGraph:
        self.edges = [e for e in self.edges if e.source in self.nodes and e.target in self.nodes]
        return self

    def to_networkx(self) -> nx.MultiDiGraph:
        graph = nx.MultiDiGraph()
        for node in self.nodes.values():
            graph.add_node(node.id, labels=list(node.labels), **{k: v for k, v in node.props.items() if k != "labels"})
        for edge in self.edges:
            graph.add_edge(edge.source, edge.target, key=None, type=edge.type, **edge.props)
        return graph


def from_networkx(graph: nx.Graph, title: str = "") -> VizGraph:
    """A VizGraph from a networkx graph. Node attributes: ``labels`` (list) or ``label``,
    everything else becomes properties; edge attributes: ``type`` (default RELATED), the rest
    properties. Node keys become ids (as strings)."""
    out = VizGraph(title=title)
    for node_id, data in graph.nodes(data=True):
        data = dict(data)
        labels = data.pop("labels", None) or ([data.pop("label")] if data.get("label") else [])
        data.pop("label", None)
        data.pop("id", None)
        out.add_node(str(node_id), labels, **data)
    edges = graph.edges(data=True)
    for source, target, data in edges:
        data = dict(data)
        out.add_edge(str(source), str(target), str(data.pop("type", "RELATED")), **data)
    return out


def as_viz_graph(graph: VizGraph | nx.Graph) -> VizGraph:
    return graph if isinstance(graph, VizGraph) else from_networkx(graph)


# ---------------------------------------------------------------------------------------
# Reading from a store
# ---------------------------------------------------------------------------------------

# curations and per-report Statements are not the picture (a fact's shares come with it: read_provenance)
_ALL_NODES = "MATCH (n) WHERE NOT n:Curation AND NOT n:Statement RETURN n AS props, labels(n) AS labels"
_ALL_NODES_WITH_REPORTS = "MATCH (n) WHERE NOT n:Curation RETURN n AS props, labels(n) AS labels"
_ALL_EDGES = ("MATCH (a)-[r]->(b) WHERE NOT a:Report AND NOT b:Report "
              "RETURN a.id AS source, b.id AS target, type(r) AS type, r AS props")
_ALL_EDGES_WITH_REPORTS = "MATCH (a)-[r]->(b) RETURN a.id AS source, b.id AS target, type(r) AS type, r AS props"
_REPORTS = ("MATCH (r:Report) RETURN r.id AS id, r.title AS title, r.publisher AS publisher, "
            "r.published AS published, r.url AS url")
_OUT_EDGES = ("MATCH (a)-[r]->(b) WHERE a.id IN $ids AND NOT b:Report "
              "RETURN a.id AS source, b.id AS target, type(r) AS type, r AS props, b AS other, labels(b) AS other_labels")
_IN_EDGES = ("MATCH (b)-[r]->(a) WHERE a.id IN $ids AND NOT b:Report "
             "RETURN b.id AS source, a.id AS target, type(r) AS type, r AS props, b AS other, labels(b) AS other_labels")
_NODES_BY_ID = "MATCH (n) WHERE n.id IN $ids RETURN n AS props, labels(n) AS labels"
_NODES_BY_NAME = "MATCH (n) WHERE n.name IN $names AND NOT n:Report RETURN n AS props, labels(n) AS labels"
_EDGES_AMONG = ("MATCH (a)-[r]->(b) WHERE a.id IN $ids AND b.id IN $ids "
                "RETURN a.id AS source, b.id AS target, type(r) AS type, r AS props")
_EVENTS_TOUCHING = ("MATCH (e:Event)-[r]->(x) WHERE x.id IN $ids "
                    "RETURN e.id AS source, x.id AS target, type(r) AS type, r AS props, e AS event, labels(e) AS labels")
_MENTIONS = ("MATCH (r:Report)-[:MENTIONS]->(n) WHERE n.id IN $ids "
             "RETURN n.id AS id, collect(r.id) AS reports")
_NAMES = "MATCH (n) WHERE NOT n:Report AND NOT n:Event RETURN n.id AS id, n.name AS name, n.aliases AS aliases"
# The first shares (by report id) of events and facts, for tooltips and the details panel.
SHARES_SHOWN = 20
_EVENT_SHARES = ("UNWIND $ids AS id MATCH (r:Report)-[x:REPORTS]->(:Event {id: id}) "
                 "WITH id, r, x ORDER BY r.id "
                 "WITH id, collect({report: r.id, modality: x.modality, evidence: x.evidence}) AS shares "
                 "RETURN id, shares[0..$limit] AS shares")
_FACT_SHARES = ("UNWIND $ids AS id MATCH (:Report)-[:STATES]->(s:Statement {fact: id}) "
                "WITH id, s ORDER BY s.report "
                "WITH id, collect({report: s.report, modality: s.modality, evidence: s.evidence}) AS shares "
                "RETURN id, shares[0..$limit] AS shares")


def read_reports(store) -> dict[str, ReportInfo]:
    return {row["id"]: ReportInfo(row["id"], row.get("title") or "", row.get("publisher") or "",
                                  str(row.get("published") or ""), row.get("url") or "")
            for row in store.read(_REPORTS) if row.get("id")}


def read_mentions(store, graph: VizGraph) -> VizGraph:
    """Fill ``graph.mentions``: which reports name each entity (for tooltips and popups)."""
    ids = [n.id for n in graph.nodes.values() if not n.is_event and n.label != "Report"]
    if ids:
        for row in store.read(_MENTIONS, {"ids": ids}):
            graph.mentions[row["id"]] = sorted(r for r in row.get("reports") or [] if r)
    return graph


def read_provenance(store, graph: VizGraph) -> VizGraph:
    """Fill the mentions, and on each event and fact the first :data:`SHARES_SHOWN` of its
    shares as ``sources``, ``modalities`` and ``evidence`` (aligned lists, by report id; the
    aggregates, ``source_count`` among them, come with the item)."""
    read_mentions(store, graph)
    events = {n.id: n.props for n in graph.nodes.values() if n.is_event}
    facts = {str(e.props["fact"]): e.props for e in graph.edges if e.props.get("fact")}
    for cypher, items in ((_EVENT_SHARES, events), (_FACT_SHARES, facts)):
        if not items:
            continue
        for row in store.read(cypher, {"ids": list(items), "limit": SHARES_SHOWN}):
            shares = row.get("shares") or []
            props = items.get(row["id"])
            if props is not None:
                props["sources"] = [s.get("report") for s in shares]
                props["modalities"] = [s.get("modality") for s in shares]
                props["evidence"] = [s.get("evidence") or "" for s in shares]
    return graph


def _add_node_row(graph: VizGraph, props: dict, labels: list[str]) -> str | None:
    node_id = props.get("id") if isinstance(props, dict) else None
    if not node_id:
        return None
    graph.add_node(str(node_id), labels or [], **{k: v for k, v in props.items() if k != "id"})
    return str(node_id)


def read_graph(store, *, include_reports: bool = False, title: str = "Whole graph") -> VizGraph:
    """Every node (Report and Statement nodes only with ``include_reports``) and every
    relationship among them."""
    graph = VizGraph(title=title, reports=read_reports(store))
    for row in store.read(_ALL_NODES_WITH_REPORTS if include_reports else _ALL_NODES):
        labels = row.get("labels") or []
        if "Report" in labels and not include_reports:
            continue
        _add_node_row(graph, row.get("props") or {}, labels)
    for row in store.read(_ALL_EDGES_WITH_REPORTS if include_reports else _ALL_EDGES):
        if row.get("source") and row.get("target"):
            graph.add_edge(row["source"], row["target"], row["type"], **(row.get("props") or {}))
    return read_provenance(store, graph.without_dangling_edges())


def resolve_entity(store, query: str) -> str:
    """The id of the node ``query`` names: an id, else a name or alias (case, accents and
    punctuation ignored). Raises MilgraphError when nothing or several things match."""
    query = query.strip()
    if store.read("MATCH (n) WHERE n.id = $id RETURN n.id AS id", {"id": query}):
        return query
    rows = store.read(_NAMES)
    return _pick_by_name(query, rows)


def _pick_by_name(query: str, rows: list[dict]) -> str:
    key = match_key(query)
    by_name = [r["id"] for r in rows if r.get("name") and match_key(str(r["name"])) == key]
    by_alias = [r["id"] for r in rows
                if any(match_key(str(a)) == key for a in (r.get("aliases") or []))]
    found = list(dict.fromkeys(by_name or by_alias))
    if not found:
        raise MilgraphError(f"no entity is called {query!r} (give a name, an alias or an id such as base:khmeimim)")
    if len(found) > 1:
        raise MilgraphError(f"{query!r} names several entities ({', '.join(sorted(found)[:8])}); give one id")
    return found[0]


def read_around(store, entity: str, hops: int = 1, *, title: str | None = None) -> VizGraph:
    """Everything within ``hops`` relationships of ``entity`` (Report nodes left out).

    An event reached on the way brings in all its roles in the same hop: an event is the
    meeting point of what it joins, not a step away from it."""
    if hops < 0:
        raise MilgraphError("--hops must be 0 or more")
    start = resolve_entity(store, entity)
    graph = VizGraph(reports=read_reports(store))
    for row in store.read(_NODES_BY_ID, {"ids": [start]}):
        _add_node_row(graph, row.get("props") or {}, row.get("labels") or [])
    graph.title = title or f"Around {graph.nodes[start].name} ({hops} hop{'s' if hops != 1 else ''})"
    seen_edges: set[tuple[str, str, str]] = set()
    expanded: set[str] = set()

    def expand(ids: list[str]) -> list[str]:
        expanded.update(ids)
        new: list[str] = []
        for cypher in (_OUT_EDGES, _IN_EDGES):
            for row in store.read(cypher, {"ids": ids}):
                key = (row["source"], row["target"], row["type"])
                other = row.get("other") or {}
                other_id = other.get("id")
                if not other_id:
                    continue
                if other_id not in graph.nodes:
                    _add_node_row(graph, other, row.get("other_labels") or [])
                    new.append(other_id)
                if key not in seen_edges:
                    seen_edges.add(key)
                    graph.add_edge(row["source"], row["target"], row["type"], **(row.get("props") or {}))
        return new

    frontier = [start]
    if graph.nodes[start].is_event:  # an event's roles come with it
        frontier = [start, *expand([start])]
    for _ in range(hops):
        todo = [n for n in frontier if n not in expanded]
        if not todo:
            break
        reached = expand(todo)
        events = [n for n in reached if graph.nodes[n].is_event and n not in expanded]
        while events:  # events pull in their roles within the same hop
            more = expand(events)
            reached += more
            events = [n for n in more if graph.nodes[n].is_event and n not in expanded]
        frontier = [n for n in reached if n not in expanded]
    return read_provenance(store, graph.without_dangling_edges())


def ids_in_rows(rows: Iterable[Any]) -> tuple[list[str], list[str]]:
    """The node ids (dicts with an ``id``; strings shaped like ``prefix:slug``) and the other
    short strings (possible names) that query rows contain, in order of appearance."""
    ids: dict[str, None] = {}
    names: dict[str, None] = {}
    prefixes = {label.id_prefix for label in load_model().nodes.values()}

    def walk(value: Any) -> None:
        if isinstance(value, dict):
            node_id = value.get("id")
            if isinstance(node_id, str) and node_id:
                ids[node_id] = None
            for key, item in value.items():
                if key != "id" and key not in ("sources", "evidence", "modalities", "attributed_to"):
                    walk(item)
        elif isinstance(value, (list, tuple)):
            for item in value:
                walk(item)
        elif isinstance(value, str) and 0 < len(value) <= 200:
            prefix, sep, rest = value.partition(":")
            if sep and prefix in prefixes and rest and " " not in value:
                ids[value] = None
            else:
                names[value] = None

    for row in rows:
        walk(row)
    return list(ids), list(names)


def graph_from_rows(store, rows: list[Any], *, title: str = "", extra_ids: Iterable[str] = ()) -> VizGraph:
    """The picture of a query's answer: the nodes its rows name (node values, ids, or names of
    entities) and ``extra_ids`` (e.g. the entities the query was asked about), the
    relationships among them, and the events joining two or more of them."""
    ids, names = ids_in_rows(rows)
    ids = list(dict.fromkeys([*extra_ids, *ids]))
    graph = VizGraph(title=title, reports=read_reports(store))
    if ids:
        for row in store.read(_NODES_BY_ID, {"ids": ids}):
            _add_node_row(graph, row.get("props") or {}, row.get("labels") or [])
    if names:
        for row in store.read(_NODES_BY_NAME, {"names": names}):
            _add_node_row(graph, row.get("props") or {}, row.get("labels") or [])
    found = list(graph.nodes)
    if not found:
        graph.notes.append("The query's rows name no node of the graph.")
        return graph
    seen: set[tuple[str, str, str]] = set()
    for row in store.read(_EDGES_AMONG, {"ids": found}):
        key = (row["source"], row["target"], row["type"])
        if key not in seen:
            seen.add(key)
            graph.add_edge(row["source"], row["target"], row["type"], **(row.get("props") or {}))
    joined: dict[str, list[dict]] = {}
    for row in store.read(_EVENTS_TOUCHING, {"ids": found}):
        if row["source"] not in graph.nodes:
            joined.setdefault(row["source"], []).append(row)
    for event_id, event_rows in joined.items():
        if len({r["target"] for r in event_rows}) < 2:
            continue
        _add_node_row(graph, event_rows[0].get("event") or {}, event_rows[0].get("labels") or [])
        for row in event_rows:
            key = (row["source"], row["target"], row["type"])
            if key not in seen:
                seen.add(key)
                graph.add_edge(row["source"], row["target"], row["type"], **(row.get("props") or {}))
    return read_provenance(store, graph.without_dangling_edges())


def read_query(store, name: str, raw_params: dict[str, str] | None = None) -> VizGraph:
    """Run the canned query ``name`` and picture what its rows name."""
    return query_graph(store, name, raw_params)[0]


def query_graph(store, name: str, raw_params: dict[str, str] | None = None) -> tuple[VizGraph, list[dict[str, Any]]]:
    """Run the canned query ``name`` once: the picture of what its rows name, and the rows."""
    from milgraph.queries import registry

    query = registry.get_query(name)
    values = registry.resolve_entities(store, query, registry.bind_params(query, raw_params or {}))
    rows = store.read(query.cypher, values)
    asked_about, _ = ids_in_rows([values])  # entity parameters, resolved to ids
    shown = ", ".join(f"{k}={v}" for k, v in (raw_params or {}).items())
    graph = graph_from_rows(store, rows, title=f"Query {name}" + (f" ({shown})" if shown else ""),
                            extra_ids=asked_about)
    return graph, rows


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and value == value
