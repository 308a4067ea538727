"""The bundled demo data loads cleanly: what `make demo` builds from."""

from __future__ import annotations

from milgraph.graph.writer import validate
from milgraph.loaders.facts import load_facts
from milgraph.quickstart import demo_inputs


def test_the_demo_has_facts_and_reports():
    names = sorted(p.name for p in demo_inputs())
    assert names == ["facts", "reports", "tracks"]


def test_every_demo_facts_file_fits_the_graph_model():
    facts_dir = next(p for p in demo_inputs() if p.name == "facts")
    files = sorted(facts_dir.glob("*.yaml"))
    assert files
    for path in files:
        extraction = load_facts(path)
        validate(extraction)
        assert len(extraction.entities) > 20 and extraction.relations and extraction.events
