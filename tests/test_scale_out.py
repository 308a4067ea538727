"""Extraction apart from writing: extraction JSON lines that `milgraph ingest` loads, and the
Dask recipe that produces them on a cluster, give the graph a direct ingest gives."""

from __future__ import annotations

from pathlib import Path

import pytest

from importlib import resources

from milgraph.loaders.extraction_lines import SUFFIX, write_lines
from milgraph.pipeline import ingest, iter_items

DEMO_REPORTS = Path(str(resources.files("milgraph").joinpath("demo"))) / "reports"  # written for the project


def content(store) -> list:
    nodes = store.read("MATCH (n) WHERE NOT n:Curation RETURN n.id AS id, labels(n) AS labels ORDER BY id")
    for row in nodes:
        row["labels"] = sorted(row["labels"])
    edges = store.read("MATCH (a)-[r]->(b) RETURN a.id AS a, type(r) AS t, b.id AS b, r.source_count AS s "
                       "ORDER BY a, t, b")
    return [nodes, edges]


def fresh(store) -> None:
    store.clear()
    if store.backend == "falkordb":
        store.init_schema()


@pytest.fixture(scope="module")
def direct_lines(tmp_path_factory) -> Path:
    """The demo reports' extractions as JSON lines, written in this process."""
    path = tmp_path_factory.mktemp("lines") / f"demo{SUFFIX}"
    with open(path, "w", encoding="utf-8") as out:
        write_lines((item.extraction for item in iter_items([DEMO_REPORTS]) if item.extraction), out)
    return path


def test_extraction_lines_load_into_the_graph_a_direct_ingest_gives(store, direct_lines):
    ingest(store, [DEMO_REPORTS])
    expected = content(store)
    fresh(store)
    summary = ingest(store, [direct_lines])
    assert summary.ok and len(summary.loaded) == 12
    assert content(store) == expected


def test_a_bad_extraction_line_is_named_and_the_others_load(store, direct_lines, tmp_path):
    lines = direct_lines.read_text().splitlines()
    broken = tmp_path / f"broken{SUFFIX}"
    broken.write_text("\n".join([lines[0], '{"report": "not an object"}', "not json", *lines[1:3]]) + "\n")
    summary = ingest(store, [broken])
    assert len(summary.loaded) == 3
    assert [f.source for f in summary.failed] == [f"{broken}:2", f"{broken}:3"]


def test_the_dask_recipe_gives_the_graph_a_two_worker_ingest_gives(store, tmp_path):
    pytest.importorskip("distributed")
    from milgraph.loaders.dask_extract import extract_with_dask

    ingest(store, [DEMO_REPORTS], workers=2)
    expected = content(store)
    fresh(store)
    run = extract_with_dask([DEMO_REPORTS], tmp_path / "parts", workers=2, chunk=5)
    assert run.extracted == 12 and not run.failed and len(run.parts) == 3
    summary = ingest(store, [tmp_path / "parts"])
    assert summary.ok and len(summary.loaded) == 12
    assert content(store) == expected


def test_the_local_dask_workers_run_with_the_settings_that_keep_them_fast():
    """Dask's nanny sets MALLOC_TRIM_THRESHOLD_ by default, which made extraction 1.5x slower
    in a worker (bench/RESULTS.md); the recipe's local cluster leaves it unset, keeps BLAS to
    one thread and has the extractor loaded in every worker."""
    pytest.importorskip("distributed")
    import os

    import dask
    from distributed import Client, LocalCluster

    from milgraph.loaders.dask_extract import LOCAL_CLUSTER_CONFIG, LoadExtractor, load_extractor

    def worker_state():
        import sys

        nlp = sys.modules.get("milgraph.loaders.extract.nlp")
        return (os.environ.get("MALLOC_TRIM_THRESHOLD_"), os.environ.get("OPENBLAS_NUM_THREADS"),
                nlp is not None and nlp.pipeline.cache_info().currsize == 1)

    with dask.config.set(LOCAL_CLUSTER_CONFIG):
        load_extractor()
        with LocalCluster(n_workers=1, threads_per_worker=1, processes=True, host="127.0.0.1",
                          dashboard_address=None) as cluster, Client(cluster) as client:
            client.register_plugin(LoadExtractor())
            assert list(client.run(worker_state).values()) == [(None, "1", True)]


def test_extract_jsonl_streams_every_report_of_a_folder(tmp_path, direct_lines):
    from click.testing import CliRunner

    from milgraph.cli import main

    out = tmp_path / f"cli{SUFFIX}"
    result = CliRunner().invoke(main, ["extract", "--jsonl", str(DEMO_REPORTS), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_text().splitlines() == direct_lines.read_text().splitlines()


def test_extract_refuses_a_publication_date_that_is_no_date(tmp_path):
    from click.testing import CliRunner

    from milgraph.cli import main

    report = tmp_path / "r.txt"
    report.write_text("Title\n\nRussia flew radars to Libya.\n")
    result = CliRunner().invoke(main, ["extract", "--published", "2024-02-30", str(report)])
    assert result.exit_code == 2 and "is not a date" in result.output
