"""The Neo4j Browser kit: the canned queries as a favorites zip, and a style sheet.

Neo4j Browser imports a ``.zip`` dropped on its window: every ``*.cypher`` file in it becomes
a favorite (saved script), the folder inside the zip becomes the favorites folder, and the
first line ``// Title`` becomes the favorite's name. A ``.grass`` file dropped the same way
replaces the graph style.

Each favorite holds the query's defaults as ``:param name => value;`` lines ahead of the
query, so it runs as it is: the Browser runs the script statement by statement (its
multi-statement editor, on by default), setting the parameters and then running the query.
Edit the ``:param`` lines before running to ask about something else; the values are Cypher
literals built here from the query headers, and an entity must be given by id there (the
command line's name look-up does not exist in the Browser).

A query with a graph form (``NAME.graph.cypher``, see :mod:`milgraph.queries.registry`) adds a
second favorite, ``NAME.graph.cypher``, with the same ``:param`` lines: it returns paths, which
the Browser draws with the style sheet instead of listing rows.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from milgraph.errors import MilgraphError
from milgraph.queries.registry import CannedQuery, list_queries

FOLDER = "milgraph"
ZIP_NAME = "milgraph-favorites.zip"
GRASS_NAME = "milgraph.grass"
# A fixed timestamp keeps the zip byte-for-byte reproducible.
_ZIP_TIME = (2025, 1, 1, 0, 0, 0)


@dataclass
class BrowserKit:
    favorites: Path
    style: Path
    queries: int


def cypher_literal(value: Any) -> str:
    """A Python value as a Cypher literal for a ``:param`` line."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(cypher_literal(v) for v in value) + "]"
    if isinstance(value, str):
        escaped = value.replace("\\", "\\\\").replace("'", "\\'").replace("\n", "\\n")
        return f"'{escaped}'"
    raise MilgraphError(f"cannot write {value!r} as a Cypher literal")


def favorite_text(query: CannedQuery) -> str:
    """The favorite's script: title line, ``:param`` lines for the defaults, the rest of the file."""
    lines = query.text.splitlines()
    params = [f":param {p.name} => {cypher_literal(p.default)};" for p in query.params if p.default is not None]
    return "\n".join([lines[0], *params, *lines[1:]]).rstrip("\n") + "\n"


def graph_favorite_text(query: CannedQuery) -> str:
    """The graph form's favorite: its title, the query's ``:param`` lines, what it draws, its Cypher."""
    graph = query.graph
    if graph is None:
        raise MilgraphError(f"query {query.name} has no graph form")
    params = [f":param {p.name} => {cypher_literal(p.default)};" for p in query.params if p.default is not None]
    return "\n".join([f"// {graph.title}", *params, f"// description: {graph.description}", graph.cypher]) + "\n"


def favorites(queries: list[CannedQuery] | None = None) -> dict[str, str]:
    """File name in the zip -> favorite script: every query, then every graph form."""
    queries = queries if queries is not None else list_queries()
    scripts = {f"{FOLDER}/{q.name}.cypher": favorite_text(q) for q in queries}
    scripts.update({f"{FOLDER}/{q.name}.graph.cypher": graph_favorite_text(q) for q in queries if q.graph})
    return scripts


def favorites_zip_bytes(queries: list[CannedQuery] | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in favorites(queries).items():
            info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, text.encode("utf-8"))
    return buffer.getvalue()


def grass_text() -> str:
    return resources.files("milgraph.queries").joinpath("browser", GRASS_NAME).read_text("utf-8")


def write_browser_kit(out_dir: str | Path) -> BrowserKit:
    """Write the favorites zip and the style sheet into ``out_dir`` (created if missing)."""
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise MilgraphError(f"{out} exists and is not a folder")
    out.mkdir(parents=True, exist_ok=True)
    queries = list_queries()
    zip_path = out / ZIP_NAME
    zip_path.write_bytes(favorites_zip_bytes(queries))
    style = out / GRASS_NAME
    style.write_text(grass_text(), encoding="utf-8")
    return BrowserKit(zip_path, style, len(queries) + sum(1 for q in queries if q.graph))
