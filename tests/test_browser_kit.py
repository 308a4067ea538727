"""The Neo4j Browser kit: a favorites zip the Browser imports, and a style sheet it parses."""

from __future__ import annotations

import re
import sys
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from milgraph.cli import main
from milgraph.graph.model import load_model
from milgraph.queries.browser_kit import cypher_literal, favorite_text, favorites_zip_bytes, write_browser_kit
from milgraph.queries.registry import get_query, list_queries, run_graph_form, run_query

sys.path.insert(0, str(Path(__file__).resolve().parent))

from fixture_graph import write_fixture_graph  # noqa: E402

PARAM_LINE = re.compile(r"^:param (\w+) => (.*);$")


def read_zip(data: bytes) -> dict[str, str]:
    with zipfile.ZipFile(__import__("io").BytesIO(data)) as archive:
        return {name: archive.read(name).decode("utf-8") for name in archive.namelist()}


def split_favorite(text: str) -> tuple[str, dict[str, str], str]:
    """What the Browser does with a favorite: its name, its :param commands, the query."""
    lines = text.splitlines()
    params = {}
    rest = []
    for line in lines[1:]:
        match = PARAM_LINE.match(line)
        if match and not rest:
            params[match[1]] = match[2]
        else:
            rest.append(line)
    return lines[0][2:].strip(), params, "\n".join(rest)


def test_zip_holds_one_cypher_file_per_query_and_graph_form_in_a_milgraph_folder():
    files = read_zip(favorites_zip_bytes())
    assert sorted(files) == sorted([f"milgraph/{q.name}.cypher" for q in list_queries()]
                                   + [f"milgraph/{q.name}.graph.cypher" for q in list_queries() if q.graph])


def favorite_query(zip_name: str):
    """(query, is the graph form) for a file of the zip."""
    stem = Path(zip_name).name[: -len(".cypher")]
    return get_query(stem.removesuffix(".graph")), stem.endswith(".graph")


def test_each_favorite_is_named_by_its_first_line():
    for name, text in read_zip(favorites_zip_bytes()).items():
        query, graph = favorite_query(name)
        assert text.splitlines()[0] == f"// {query.graph.title if graph else query.title}"


def test_defaults_come_as_param_lines_before_the_query():
    title, params, rest = split_favorite(favorite_text(get_query("supply_routes")))
    assert title == "Multi-hop supply routes from one place to another"
    assert params == {"from": "'place:russia'", "to": "'place:mali'", "max_legs": "3",
                      "leg_types": "['Flight', 'Transfer', 'Voyage']", "in_order": "true",
                      "since": "'1900'", "until": "'2100'"}
    assert rest.lstrip().startswith("// description:")


def test_the_zip_is_reproducible():
    assert favorites_zip_bytes() == favorites_zip_bytes()


def test_cypher_literals_escape_quotes():
    assert cypher_literal("it's \\ here") == "'it\\'s \\\\ here'"
    assert cypher_literal([1, True, None, 2.5]) == "[1, true, null, 2.5]"


def test_favorites_run_as_the_browser_runs_them(store):
    """Each :param value evaluates to the query's default, and the query then gives the same
    rows as `milgraph query run NAME`."""
    write_fixture_graph(store)
    for name, text in read_zip(favorites_zip_bytes()).items():
        _, params, rest = split_favorite(text)
        values = {key: store.read(f"RETURN {literal} AS value")[0]["value"] for key, literal in params.items()}
        query, graph = favorite_query(name)
        expected = (run_graph_form if graph else run_query)(store, query.name, {})
        got = store.read(rest, values)
        if graph:  # paths come in no set order
            got, expected = sorted(map(repr, got)), sorted(map(repr, expected))
        assert got == expected, name


def parse_grass(text: str) -> dict[str, dict[str, str]]:
    """The Browser's reading of a .grass file: selector { prop: value; ... }, quotes dropped."""
    rules = {}
    for selector, body in re.findall(r"([\w.]+)\s*\{([^{}]*(?:\{[^{}]*\}[^{}]*)*)\}", text):
        props = {}
        for part in body.split(";"):
            key_value = part.split(":")
            if len(key_value) == 2:
                props[key_value[0].strip()] = key_value[1].strip().strip('"')
        rules[selector] = props
    return rules


def test_grass_styles_every_label_with_a_colour_size_and_caption():
    kit_rules = parse_grass((Path(__file__).parent.parent / "queries" / "browser" / "milgraph.grass").read_text())
    model = load_model()
    labels = set(model.nodes) | set(model.event_labels) | {"Entity", "State", "Organization", "Person"}
    for label in labels:
        rule = kit_rules[f"node.{label}"]
        assert re.fullmatch(r"#[0-9A-F]{6}", rule["color"]), label
        assert rule["diameter"].endswith("px") and rule["caption"].startswith("{"), label
    assert kit_rules["node.Actor"]["caption"] == "{name}"
    assert kit_rules["node.Transfer"]["caption"] == "{name}"  # events are named "Transfer A -> B, date"


def test_grass_lists_general_rules_before_specific_ones():
    """The Browser applies matching rules in file order, so a State must come after Actor."""
    order = re.findall(r"^(node[\w.]*|relationship[\w.]*) \{", (Path(__file__).parent.parent / "queries" / "browser"
                                                              / "milgraph.grass").read_text(), re.M)
    assert order.index("node.Entity") < order.index("node.Actor") < order.index("node.State")
    assert order.index("node.Event") < order.index("node.Transfer")


def test_browser_kit_command_writes_both_files(tmp_path):
    result = CliRunner().invoke(main, ["browser-kit", str(tmp_path / "kit")], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert (tmp_path / "kit" / "milgraph-favorites.zip").stat().st_size > 0
    assert (tmp_path / "kit" / "milgraph.grass").read_text().startswith("node {")
    assert "milgraph-favorites.zip" in result.output


def test_browser_kit_refuses_a_file_as_folder(tmp_path):
    target = tmp_path / "taken"
    target.write_text("x")
    with pytest.raises(Exception, match="not a folder"):
        write_browser_kit(target)


# --- the real Neo4j Browser (served by the test server) ------------------------------------

DROP_FILE = """([b64, name, type]) => {
  const bytes = Uint8Array.from(atob(b64), c => c.charCodeAt(0));
  const data = new DataTransfer();
  data.items.add(new File([bytes], name, {type}));
  const target = document.querySelector('.filedrop') || document.body;
  for (const kind of ['dragenter', 'dragover', 'drop']) {
    target.dispatchEvent(new DragEvent(kind, {dataTransfer: data, bubbles: true, cancelable: true}));
  }
}"""


@pytest.mark.neo4j
@pytest.mark.browser
def test_neo4j_browser_imports_the_kit_and_runs_a_favorite(neo4j_config, tmp_path):
    """Drop the zip and the .grass on a real Neo4j Browser: a 'milgraph' folder of favorites
    named by their titles appears, a favorite runs its :param lines and its query without an
    error, and the style sheet is taken whole."""
    import base64
    import json
    import os
    import time
    from urllib.parse import urlparse

    from browser import launch
    from milgraph.graph.neo4j_store import Neo4jStore

    http_url = os.environ.get("MILGRAPH_TEST_NEO4J_HTTP_URL")
    if not http_url:
        pytest.skip("MILGRAPH_TEST_NEO4J_HTTP_URL is not set (scripts/run-tests exports what neo4j-local start prints)")
    with Neo4jStore(neo4j_config) as target:
        target.clear()
        write_fixture_graph(target)
    kit = write_browser_kit(tmp_path)
    bolt = urlparse(neo4j_config.neo4j_uri)
    with launch() as context:
        context.route("**/*", lambda r: r.continue_() if urlparse(r.request.url).hostname in (
            "127.0.0.1", "localhost", None) else r.abort())
        page = context.pages[0] if context.pages else context.new_page()
        page.goto(f"{http_url}/browser/", wait_until="networkidle")
        page.fill("[data-testid=boltaddress]", f"{bolt.hostname}:{bolt.port}")
        page.fill("[data-testid=username]", neo4j_config.neo4j_user)
        page.fill("[data-testid=password]", neo4j_config.neo4j_password or "")
        page.click("[data-testid=connect]")
        page.wait_for_selector("text=You are connected as user", timeout=30000)

        page.evaluate(DROP_FILE, [base64.b64encode(kit.favorites.read_bytes()).decode(), kit.favorites.name,
                                  "application/zip"])
        page.click("[data-testid=navigationFavorites]")
        page.click("text=milgraph", timeout=10000)
        page.wait_for_function("() => (localStorage.getItem('neo4j.folders') || '').includes('milgraph')")
        # (the Browser makes one folder entry per imported file; the favorites point at one of them)
        folders = json.loads(page.evaluate("localStorage.getItem('neo4j.folders')"))
        folder_ids = [f["id"] for f in folders if f["name"] == "milgraph"]
        page.wait_for_function("() => (localStorage.getItem('neo4j.documents') || '').includes('// Contradictions')")
        favorites = json.loads(page.evaluate("localStorage.getItem('neo4j.documents')"))
        names = sorted(f["content"].splitlines()[0][3:] for f in favorites if f.get("folder") in folder_ids)
        assert names == sorted([q.title for q in list_queries()] + [q.graph.title for q in list_queries() if q.graph])

        page.click("text=Multi-hop supply routes from one place to another")
        page.click("[data-testid=editor-Run]")
        statements = 1 + len(get_query("supply_routes").params)
        deadline = time.monotonic() + 30
        while page.locator("[data-testid=stream] [title='Status: success']").count() < statements:
            assert time.monotonic() < deadline, page.inner_text("[data-testid=stream]")[:2000]
            time.sleep(0.2)
        assert "error" not in page.inner_text("[data-testid=multi-statement-list]").lower()

        page.evaluate(DROP_FILE, [base64.b64encode(kit.style.read_bytes()).decode(), kit.style.name, "text/plain"])
        page.wait_for_function("() => (localStorage.getItem('neo4j.grass') || '').includes('node.Transfer')")
        grass = json.loads(page.evaluate("localStorage.getItem('neo4j.grass')"))
        assert grass == parse_grass(kit.style.read_text())
