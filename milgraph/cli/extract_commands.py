"""``milgraph extract`` and ``milgraph eval``: run the rule-based extractor without a database."""

from __future__ import annotations

import json

import click

from milgraph.errors import InputError


def _read(path: str, published: str | None, publisher: str | None, url: str | None):
    """Documents of one input file, through loaders.readers (all formats) when present."""
    from milgraph.loaders.readers import MetaOverrides, ReadFailure, read_path

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
@click.option("--json", "as_json", is_flag=True, help="Print the extraction JSON of ONTOLOGY.md (default: tables).")
@click.option("--published", help="Publication date (YYYY-MM-DD) when the file does not say.")
@click.option("--publisher", help="Publisher name when the file does not say.")
@click.option("--url", help="Address of the report.")
@click.option("--explain", is_flag=True, help="Also list, per event, the ids of the rules that read it and its sentence.")
def extract(file, as_json, published, publisher, url, explain):
    """Extract entities, relations and events from one report FILE (no database is touched):
    tables to read, or with --json the extraction JSON of ONTOLOGY.md."""
    from milgraph.loaders.extract import extract_document

    extractions = [extract_document(doc) for doc in _read(file, published, publisher, url)]
    if as_json:
        out = [e.to_json() for e in extractions]
        click.echo(json.dumps(out[0] if len(out) == 1 else out, indent=2, ensure_ascii=False))
        return
    for extraction in extractions:
        click.echo(_tables(extraction))
        if explain:
            click.echo("\nWhy\n" + _explain(extraction))


def _explain(extraction) -> str:
    """One line per event: label, the rules that produced it, the evidence sentence."""
    lines = []
    for e in extraction.events:
        lines.append(f"{e.label} [{', '.join(getattr(e, 'rules', []) or ['-'])}]: {e.evidence}")
    return "\n".join(lines) or "(no events)"


def _tables(extraction) -> str:
    from milgraph.cli.output import format_rows

    report = extraction.report
    names = {e.id: e.name for e in extraction.entities}
    entities = [{"label": e.label, "kind": e.kind, "name": e.name, "aliases": ", ".join(e.aliases),
                 "mentions": e.mentions} for e in extraction.entities]
    relations = [{"type": r.type, "start": names.get(r.start, r.start), "end": names.get(r.end, r.end),
                  "modality": r.modality, "attributed_to": ", ".join(r.attributed_to)} for r in extraction.relations]
    events = [{"label": e.label, "date": e.date, "modality": e.modality, "count": e.count,
               "roles": "; ".join(f"{role} {', '.join(names.get(i, i) for i in ids)}" for role, ids in e.roles.items())}
              for e in extraction.events]
    return "\n\n".join([
        f"{report.title} ({report.publisher or 'publisher unknown'}, {report.published or 'date unknown'})",
        "Entities\n" + format_rows(entities), "Relations\n" + format_rows(relations), "Events\n" + format_rows(events)])


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
