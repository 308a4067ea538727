"""The canned queries: one ``.cypher`` file each in this folder, read into typed records.

A file starts with a header of ``//`` comments, then the query::

    // Equipment moved out of a place since a date            <- the title (first line)
    // description: What the query answers; it may go on
    //   over indented comment lines.
    // param place: entity(Place,Base) = place:syria — the place (id or name)
    // param since: date = 2024-12-08 — earliest date
    // columns: date, event, equipment
    MATCH ...

Parameter types: ``str``, ``int``, ``float``, ``bool``, ``date`` (ISO: YYYY, YYYY-MM or
YYYY-MM-DD, compared as strings), ``list`` (comma-separated strings) and ``entity`` (a node id,
or a name or alias that :func:`run_query` resolves to the id; ``entity(Place,Base)`` limits
that look-up to those labels). A default of ``""`` means "empty" (for an entity: "any").
The first line doubles as the favourite's name when the file is imported into Neo4j Browser.

A query whose rows describe a subgraph may have a **graph form**, ``NAME.graph.cypher``, that
returns paths, nodes and relationships instead, so the Neo4j Browser draws them with the style
sheet. Its header has a title line and only these keys (any other is refused)::

    // Supply routes as a graph                                 <- the title
    // description: What is drawn.
    // rows: events                                             <- optional, see below

With ``rows: a, b`` the body reads those columns of the query's own rows: it runs as
``CALL { <the query> } WITH a, b <body>``, so the drawing always follows the rows. Without
it the body stands alone. Either way it may use the query's parameters and no others.

Values only ever reach the database as query parameters, never inside the Cypher text.

Cypher takes no parameter where a pattern names relationship types, and a pattern that lists
them lets the database follow only those relationships instead of every one of a busy node
(then filtering by ``type(r)``). So a query file may write ``{{fact_types(Actor)}}`` there: it
becomes ``BACKS|ALLIED_WITH|...``, the fact relationship types of the graph model
(graph/model/relationships.yaml) that can start or end at one of the labels given. The names
come from the model only, each checked to be a plain type name; an unknown placeholder or
label is refused naming the file and line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache
from importlib import resources
from typing import Any

from milgraph.errors import BadDateError, MilgraphError
from milgraph.graph.ids import make_id
from milgraph.graph.model import load_model

PARAM_TYPES = ("str", "int", "float", "bool", "date", "list", "entity")
_PARAM_LINE = re.compile(
    r"^param\s+(?P<name>[A-Za-z_]\w*)\s*:\s*(?P<type>[a-z]+)(?:\((?P<labels>[A-Za-z_, ]*|\d+\.\.\d+)\))?"
    r"\s*(?:=\s*(?P<default>.*?))?\s+(?:—|--)\s+(?P<help>.+)$"
)
_PARAM_REF = re.compile(r"\$([A-Za-z_]\w*)")
_ISO_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_TRUE = {"true", "yes", "y", "1", "on"}
_FALSE = {"false", "no", "n", "0", "off"}


@dataclass(frozen=True)
class QueryParam:
    name: str
    type: str
    default: Any
    help: str
    labels: tuple[str, ...] = ()  # for entity parameters: the labels a name is looked up in
    bounds: tuple[int, int] | None = None  # for int parameters written int(1..3)

    @property
    def type_text(self) -> str:
        if self.bounds:
            return f"{self.type}({self.bounds[0]}..{self.bounds[1]})"
        return f"{self.type}({','.join(self.labels)})" if self.labels else self.type

    @property
    def default_text(self) -> str:
        if isinstance(self.default, bool):
            return "true" if self.default else "false"
        if isinstance(self.default, list):
            return ",".join(self.default)
        return "" if self.default is None else str(self.default)


@dataclass(frozen=True)
class GraphForm:
    """The query as paths, nodes and relationships, for the Neo4j Browser to draw."""

    title: str
    description: str
    rows: tuple[str, ...]  # the query's columns the body reads; empty: the body stands alone
    body: str
    cypher: str  # what runs: the body, wrapped around the query when it reads its rows


@dataclass(frozen=True)
class CannedQuery:
    name: str
    title: str
    description: str
    params: list[QueryParam]
    columns: list[str]
    cypher: str  # the query itself, without the comment header
    text: str = field(default="", repr=False)  # the whole file, header included
    graph: GraphForm | None = None

    def param(self, name: str) -> QueryParam | None:
        return next((p for p in self.params if p.name == name), None)


# ---------------------------------------------------------------------------------------
# Reading the files
# ---------------------------------------------------------------------------------------


_PLACEHOLDER = re.compile(r"\{\{(.*?)\}\}")
_PLACEHOLDER_CALL = re.compile(r"^\s*(?P<function>[a-z_]+)\((?P<labels>[A-Za-z_, ]*)\)\s*$")
_TYPE_NAME = re.compile(r"^[A-Z][A-Z0-9_]*$")


def _fact_types(where: str, labels: tuple[str, ...]) -> list[str]:
    """The model's fact relationship types with one of ``labels`` at either end."""
    model = load_model()
    unknown = [label for label in labels if label not in model.nodes]
    if unknown or not labels:
        raise MilgraphError(f"{where}: fact_types() takes node labels of the graph model "
                            f"({', '.join(model.nodes)}); got {', '.join(unknown) or 'none'}")
    return [rel.name for rel in model.relationships.values()
            if any(label in rel.from_labels or label in rel.to_labels for label in labels)]


_RENDERERS = {"fact_types": _fact_types}


def render_placeholders(where: str, text: str) -> str:
    """``text`` with each ``{{function(Label, ...)}}`` replaced by the relationship types it
    names, joined by ``|`` for a pattern; MilgraphError naming the file and line otherwise."""
    def render(match: re.Match, line_no: int) -> str:
        call = _PLACEHOLDER_CALL.match(match[1])
        at = f"{where}:{line_no}"
        if not call or call["function"] not in _RENDERERS:
            raise MilgraphError(f"{at}: unknown placeholder {match[0]!r}; a query may use "
                                f"{', '.join(f'{{{{{f}(Label, ...)}}}}' for f in _RENDERERS)}")
        labels = tuple(x.strip() for x in call["labels"].split(",") if x.strip())
        names = _RENDERERS[call["function"]](at, labels)
        bad = [n for n in names if not _TYPE_NAME.match(n)]
        if bad or not names:
            raise MilgraphError(f"{at}: {match[0]} gives no usable relationship type ({', '.join(bad) or 'none'})")
        return "|".join(names)

    if "{{" not in text:
        return text
    lines = text.split("\n")
    return "\n".join(_PLACEHOLDER.sub(lambda m, n=n: render(m, n), line) for n, line in enumerate(lines, start=1))


def parse_query(name: str, text: str) -> CannedQuery:
    """Read one query file; raises MilgraphError naming the file and what is wrong."""
    where = f"queries/{name}.cypher"
    text = render_placeholders(where, text)
    lines = text.splitlines()
    if not lines or not lines[0].startswith("//") or not lines[0][2:].strip():
        raise MilgraphError(f"{where}: the first line must be '// Title'")
    title = lines[0][2:].strip()
    description_parts: list[str] = []
    params: list[QueryParam] = []
    columns: list[str] = []
    body_start = len(lines)
    in_description = False
    for index, line in enumerate(lines[1:], start=1):
        stripped = line.strip()
        if not stripped.startswith("//"):
            body_start = index
            break
        content = stripped[2:].strip()
        if content.startswith("description:"):
            description_parts.append(content[len("description:"):].strip())
            in_description = True
        elif content.startswith("param "):
            params.append(_parse_param(where, content))
            in_description = False
        elif content.startswith("columns:"):
            columns = [c.strip() for c in content[len("columns:"):].split(",") if c.strip()]
            in_description = False
        elif in_description and content:
            description_parts.append(content)
    cypher = "\n".join(lines[body_start:]).strip()
    if not cypher:
        raise MilgraphError(f"{where}: no query after the header")
    if not columns:
        raise MilgraphError(f"{where}: missing '// columns: a, b, c'")
    declared = {p.name for p in params}
    used = set(_PARAM_REF.findall(cypher))
    if used - declared:
        raise MilgraphError(f"{where}: parameters used but not declared: {', '.join(sorted(used - declared))}")
    if declared - used:
        raise MilgraphError(f"{where}: parameters declared but not used: {', '.join(sorted(declared - used))}")
    return CannedQuery(name, title, " ".join(description_parts), params, columns, cypher, text)


def _parse_param(where: str, content: str) -> QueryParam:
    match = _PARAM_LINE.match(content)
    if not match:
        raise MilgraphError(f"{where}: cannot read '{content}'; expected "
                            "'param name: type = default — help'")
    kind = match["type"]
    if kind not in PARAM_TYPES:
        raise MilgraphError(f"{where}: parameter {match['name']} has unknown type {kind!r}; "
                            f"expected one of {', '.join(PARAM_TYPES)}")
    bounds = None
    if match["labels"] and ".." in match["labels"]:
        if kind != "int":
            raise MilgraphError(f"{where}: parameter {match['name']}: a range (a..b) only fits an int parameter")
        low, high = (int(x) for x in match["labels"].split(".."))
        bounds = (low, high)
    labels = () if bounds else tuple(x.strip() for x in (match["labels"] or "").split(",") if x.strip())
    unknown = [x for x in labels if x not in load_model().entity_labels]
    if unknown or (labels and kind != "entity"):
        raise MilgraphError(f"{where}: parameter {match['name']}: labels {labels} only fit an entity "
                            f"parameter and must be entity labels ({', '.join(load_model().entity_labels)})")
    raw_default = match["default"]
    stub = QueryParam(match["name"], kind, None, match["help"].strip(), labels, bounds)
    if raw_default is None:
        default = None
    elif raw_default.strip() in ('""', "''", ""):
        default = [] if kind == "list" else ""
    else:
        default = convert(stub, raw_default.strip())
    return QueryParam(stub.name, kind, default, stub.help, labels, bounds)


GRAPH_SUFFIX = ".graph.cypher"
GRAPH_KEYS = ("description", "rows")
_HEADER_KEY = re.compile(r"^([A-Za-z_]\w*)\s*:")


def parse_graph_form(query: CannedQuery, text: str) -> GraphForm:
    """Read ``NAME.graph.cypher`` for ``query``; raises MilgraphError naming the file, and the
    line for a header key it does not know."""
    where = f"queries/{query.name}{GRAPH_SUFFIX}"
    text = render_placeholders(where, text)
    lines = text.splitlines()
    if not lines or not lines[0].startswith("//") or not lines[0][2:].strip():
        raise MilgraphError(f"{where}: the first line must be '// Title'")
    description: list[str] = []
    rows: tuple[str, ...] = ()
    body_start, in_description = len(lines), False
    for index, line in enumerate(lines[1:], start=2):
        stripped = line.strip()
        if not stripped.startswith("//"):
            body_start = index - 1
            break
        content = stripped[2:].strip()
        key = _HEADER_KEY.match(content)
        if key and key[1] not in GRAPH_KEYS and not (in_description and line.startswith("//  ")):
            raise MilgraphError(f"{where}:{index}: unknown header key {key[1]!r}; a graph form takes "
                                f"{', '.join(GRAPH_KEYS)}")
        if key and key[1] == "description":
            description.append(content[key.end():].strip())
            in_description = True
        elif key and key[1] == "rows":
            rows = tuple(c.strip() for c in content[key.end():].split(",") if c.strip())
            unknown = [c for c in rows if c not in query.columns]
            if not rows or unknown:
                raise MilgraphError(f"{where}:{index}: rows must name columns of {query.name} "
                                    f"({', '.join(query.columns)}); got {', '.join(unknown) or 'none'}")
            in_description = False
        elif in_description and content:
            description.append(content)
    body = "\n".join(lines[body_start:]).strip()
    if "RETURN" not in body.upper():
        raise MilgraphError(f"{where}: no query returning paths, nodes or relationships after the header")
    unknown = sorted(set(_PARAM_REF.findall(body)) - {p.name for p in query.params})
    if unknown:
        raise MilgraphError(f"{where}: parameters not declared by {query.name}: {', '.join(unknown)}")
    cypher = f"CALL {{\n{query.cypher}\n}}\nWITH {', '.join(rows)}\n{body}" if rows else body
    return GraphForm(lines[0][2:].strip(), " ".join(description), rows, body, cypher)


@lru_cache(maxsize=1)
def _load_all() -> dict[str, CannedQuery]:
    folder = resources.files("milgraph.queries")
    queries, graph_forms = {}, {}
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(GRAPH_SUFFIX):
            graph_forms[entry.name[: -len(GRAPH_SUFFIX)]] = entry.read_text("utf-8")
        elif entry.name.endswith(".cypher"):
            name = entry.name[: -len(".cypher")]
            queries[name] = parse_query(name, entry.read_text("utf-8"))
    for name, text in graph_forms.items():
        if name not in queries:
            raise MilgraphError(f"queries/{name}{GRAPH_SUFFIX}: there is no query {name}.cypher for it to draw")
        queries[name] = replace(queries[name], graph=parse_graph_form(queries[name], text))
    return queries


def list_queries() -> list[CannedQuery]:
    """Every canned query, by name."""
    return list(_load_all().values())


def get_query(name: str) -> CannedQuery:
    queries = _load_all()
    if name not in queries:
        raise MilgraphError(f"no canned query named {name!r}; the queries are: {', '.join(queries)}")
    return queries[name]


# ---------------------------------------------------------------------------------------
# Parameters
# ---------------------------------------------------------------------------------------


INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1


def check_int64(name: str, value: Any) -> None:
    """Refuse an integer (also inside a list or map) that neither database can store: Neo4j
    fails on it and FalkorDB silently clamps it to the largest 64-bit value."""
    if isinstance(value, bool):
        return
    if isinstance(value, int) and not INT64_MIN <= value <= INT64_MAX:
        raise MilgraphError(f"parameter {name}: {_short(value)} is outside the 64-bit integer range "
                            f"{INT64_MIN}..{INT64_MAX}; pass it as text in quotes if it is not a number")
    if isinstance(value, list):
        for item in value:
            check_int64(name, item)
    elif isinstance(value, dict):
        for item in value.values():
            check_int64(name, item)


def _short(value: int) -> str:
    text = str(value)
    return text if len(text) <= 30 else f"{text[:12]}...{text[-6:]} ({len(text)} digits)"


def convert(param: QueryParam, raw: str) -> Any:
    """One command-line string -> the parameter's typed value, or MilgraphError saying why not."""
    text = raw.strip()
    kind = param.type
    problem = f"-p {param.name} ({param.type_text}): " if kind == "date" else f"parameter {param.name} ({param.type_text}): "
    if kind == "int":
        try:
            value = int(text)
        except ValueError:
            if text.lstrip("+-").isdigit():  # more than 4300 digits
                raise MilgraphError(problem + "the number is outside the 64-bit integer range") from None
            raise MilgraphError(problem + f"{raw!r} is not a whole number") from None
        check_int64(param.name, value)
        if param.bounds and not param.bounds[0] <= value <= param.bounds[1]:
            raise MilgraphError(problem + f"{value} is outside {param.bounds[0]}..{param.bounds[1]}")
        return value
    if kind == "float":
        try:
            return float(text)
        except ValueError:
            raise MilgraphError(problem + f"{raw!r} is not a number") from None
    if kind == "bool":
        if text.lower() in _TRUE:
            return True
        if text.lower() in _FALSE:
            return False
        raise MilgraphError(problem + f"{raw!r} is not true or false")
    if kind == "date":
        return _check_date(problem, text)
    if kind == "list":
        return [item.strip() for item in text.split(",") if item.strip()]
    if kind == "entity" and not text and param.default != "":
        raise MilgraphError(problem + "needs an entity id or name")
    return text if kind == "entity" else raw


def is_iso_date(text: str) -> bool:
    """YYYY, YYYY-MM or YYYY-MM-DD naming a day, month or year that exists."""
    match = _ISO_DATE.match(text)
    if not match:
        return False
    year, month, day = match.groups()
    try:
        date(int(year), int(month or 1), int(day or 1))
    except ValueError:
        return False
    return True


def _check_date(problem: str, text: str) -> str:
    if not is_iso_date(text):
        raise BadDateError(problem + f"{text!r} is not a date; use YYYY, YYYY-MM or YYYY-MM-DD (e.g. 2024-12-08)")
    return text


def bind_params(query: CannedQuery, raw: dict[str, str]) -> dict[str, Any]:
    """The query's defaults overlaid with ``raw`` (name -> string), each converted to its type."""
    unknown = [k for k in raw if query.param(k) is None]
    if unknown:
        valid = ", ".join(p.name for p in query.params) or "none"
        raise MilgraphError(f"query {query.name} has no parameter {unknown[0]!r}; its parameters: {valid}")
    values: dict[str, Any] = {}
    for param in query.params:
        if param.name in raw:
            values[param.name] = convert(param, raw[param.name])
        elif param.default is None:
            raise MilgraphError(f"query {query.name} needs -p {param.name}=... ({param.help})")
        else:
            values[param.name] = param.default
    return values


def resolve_entities(store, query: CannedQuery, values: dict[str, Any]) -> dict[str, Any]:
    """Replace each entity parameter given as a name or alias by the id of the one node it names.

    An existing id is kept as it is. Otherwise the candidates are the nodes whose id is the
    name's slug under one of the allowed labels (``Al Khadim`` -> ``base:al-khadim``) or whose
    name or an alias equals it ignoring case; none or several is an error naming them.
    """
    resolved = dict(values)
    model = load_model()
    for param in query.params:
        value = values.get(param.name)
        if param.type != "entity" or not value:
            continue
        labels = list(param.labels or model.entity_labels)
        if store.read("MATCH (n:Entity {id: $id}) RETURN n.id AS id", {"id": value}):
            continue
        guesses = [make_id(model.nodes[label].id_prefix, value) for label in labels]
        rows = store.read(
            "MATCH (n:Entity) WHERE n.id IN $guesses AND any(l IN labels(n) WHERE l IN $labels) "
            "RETURN n.id AS id, n.name AS name "
            "UNION "
            "MATCH (n:Entity) WHERE any(l IN labels(n) WHERE l IN $labels) AND "
            "(toLower(n.name) = toLower($value) "
            " OR any(a IN coalesce(n.aliases, []) WHERE toLower(a) = toLower($value))) "
            "RETURN n.id AS id, n.name AS name",
            {"guesses": guesses, "labels": labels, "value": value},
        )
        ids = sorted({row["id"] for row in rows})
        wanted = "/".join(labels) if param.labels else "entity"
        if not ids:
            raise MilgraphError(f"parameter {param.name}: no {wanted} has the id or name {value!r}")
        if len(ids) > 1:
            raise MilgraphError(f"parameter {param.name}: {value!r} could be {', '.join(ids)}; "
                                "give one of these ids")
        resolved[param.name] = ids[0]
    return resolved


def run_query(store, name: str, raw_params: dict[str, str] | None = None) -> list[dict[str, Any]]:
    """Run a canned query by name with command-line style parameters; rows as plain dicts."""
    query = get_query(name)
    values = resolve_entities(store, query, bind_params(query, raw_params or {}))
    return store.read(query.cypher, values)


def run_graph_form(store, name: str, raw_params: dict[str, str] | None = None) -> list[dict[str, Any]]:
    """Run a query's graph form with the query's parameters (rows of paths, nodes, relationships)."""
    query = get_query(name)
    if query.graph is None:
        with_graph = ", ".join(q.name for q in list_queries() if q.graph) or "none"
        raise MilgraphError(f"query {name} has no graph form; these have one: {with_graph}")
    values = resolve_entities(store, query, bind_params(query, raw_params or {}))
    return store.read(query.graph.cypher, values)
