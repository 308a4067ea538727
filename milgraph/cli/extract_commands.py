"""``milgraph extract`` and ``milgraph eval``: run the rule-based extractor without a database."""

from __future__ import annotations

import json
from pathlib import Path

import click

from milgraph.errors import InputError


def _read(path: str, published: str | None, publisher: str | None, url: str | None):
    """Documents of one input file, through loaders.readers (all formats) when present."""
    try:
        from milgraph.loaders.readers import MetaOverrides, ReadFailure, read_path
    except ImportError:  # pragma: no cover - the reader module ships with the package
        from milgraph.loaders.evaluate import read_report_file
        doc = read_report_file(Path(path), {"published": published, "publisher": publisher, "url": url})
        return [doc]
    docs = []
    for item in read_path(path, MetaOverrides(published=published, publisher=publisher, url=url)):
        if isinstance(item, ReadFailure):
            if item.skipped:
                continue
            raise InputError(item.path, item.reason, line=item.line)
        docs.append(item)
    if not docs:
        raise InputError(path, "no report could be read from this input")
    return docs


@click.command("extract")
@click.argument("file", type=click.Path(exists=True))
@click.option("--json", "as_json", is_flag=True, help="Print the extraction JSON (the default output).")
@click.option("--published", help="Publication date (YYYY-MM-DD) when the file does not say.")
@click.option("--publisher", help="Publisher name when the file does not say.")
@click.option("--url", help="Address of the report.")
def extract(file, as_json, published, publisher, url):
    """Extract entities, relations and events from one report FILE and print them as the
    extraction JSON of ONTOLOGY.md (no database is touched)."""
    from milgraph.loaders.extract import extract_document

    docs = _read(file, published, publisher, url)
    out = [extract_document(doc).to_json() for doc in docs]
    click.echo(json.dumps(out[0] if len(out) == 1 else out, indent=2, ensure_ascii=False))


@click.command("eval")
@click.argument("reports_dir", type=click.Path(exists=True, file_okay=False))
@click.argument("gold_dir", type=click.Path(exists=True, file_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
@click.option("--errors", is_flag=True, help="Also list missing and spurious items per file.")
def eval_(reports_dir, gold_dir, as_json, errors):
    """Score the extractor on REPORTS_DIR (NN_name.txt: title line, blank line, body; optional
    index.json) against GOLD_DIR (NN_name.json).

    Names are compared ignoring case, accents and punctuation. Entities match on (label, name),
    a gold alias also counts; relations on (type, start, end) after entity matching; events as
    (label, role, filler) tuples. Precision/recall/F1 per file and micro-averaged; modality,
    date and count accuracy are shown separately."""
    from milgraph.loaders.evaluate import evaluate, format_table, iter_missing

    result = evaluate(reports_dir, gold_dir)
    if as_json:
        click.echo(json.dumps(result.to_json(), indent=2))
        return
    if errors:
        for line in iter_missing(result):
            click.echo(line)
        click.echo("")
    click.echo(format_table(result))


eval_.name = "eval"
COMMANDS = [extract, eval_]
