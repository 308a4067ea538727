"""Curation that sticks: retract, merge, alias, reject, and the list of what was curated."""

from __future__ import annotations

import click
import yaml

from milgraph.cli.common import open_configured_store
from milgraph.cli.output import echo_rows, format_option

_DRY_RUN = click.option("--dry-run", is_flag=True, help="Say what would change; change nothing.")


def _apply(ctx, curation, dry_run: bool) -> None:
    from milgraph.graph.curation import apply_now

    with open_configured_store(ctx) as store:
        click.echo(apply_now(store, curation, dry_run=dry_run).describe())


def _curation(action: str, subject: str, value: str = ""):
    from milgraph.graph.curation import Curation

    return Curation(action, subject, value)


@click.command()
@click.argument("report")
@_DRY_RUN
@click.pass_context
def retract(ctx, report, dry_run):
    """Take a report (its id, e.g. report:3f2a...) out of the graph: the facts only it supports,
    its share of the rest; ingesting it again is skipped."""
    _apply(ctx, _curation("retract", report), dry_run)


@click.command()
@click.argument("gone")
@click.argument("kept")
@_DRY_RUN
@click.pass_context
def merge(ctx, gone, kept, dry_run):
    """Merge entity GONE into entity KEPT (ids): relationships and aliases move to KEPT, and
    later reports naming GONE resolve to KEPT."""
    _apply(ctx, _curation("merge", gone, kept), dry_run)


@click.group()
def alias():
    """Names an entity is known by, for this graph and later ingests."""


@alias.command("add")
@click.argument("entity")
@click.argument("name")
@_DRY_RUN
@click.pass_context
def alias_add(ctx, entity, name, dry_run):
    """ENTITY (an id) is also called NAME; later mentions of NAME resolve to it."""
    _apply(ctx, _curation("alias", entity, name), dry_run)


@alias.command("remove")
@click.argument("entity")
@click.argument("name")
@_DRY_RUN
@click.pass_context
def alias_remove(ctx, entity, name, dry_run):
    """NAME no longer names ENTITY (an id), now or in later ingests."""
    _apply(ctx, _curation("unalias", entity, name), dry_run)


@click.command()
@click.argument("fact")
@_DRY_RUN
@click.pass_context
def reject(ctx, fact, dry_run):
    """Delete a wrong fact that later ingests must never write again: a relation as
    TYPE:start-id->end-id, or an event role as event-id/ROLE/filler-id."""
    _apply(ctx, _curation("reject", fact), dry_run)


@click.command()
@click.option("--all", "show_all", is_flag=True, help="Every curation (retract, merge, alias), not only rejections.")
@click.option("--yaml", "as_yaml", is_flag=True, help="As a YAML file that `milgraph curate FILE` applies to another graph.")
@format_option
@click.pass_context
def rejected(ctx, show_all, as_yaml, fmt):
    """List the rejected facts (or, with --all, every curation)."""
    from milgraph.graph.curation import load_curations

    with open_configured_store(ctx) as store:
        curations = [c for c in load_curations(store) if show_all or c.action == "reject"]
    if as_yaml:
        click.echo(yaml.safe_dump({"curations": [{"action": c.action, "subject": c.subject, "value": c.value,
                                                  "created": c.created} for c in curations]}, sort_keys=False))
        return
    rows = [{"created": c.created, "action": c.action, "subject": c.subject, "value": c.value} for c in curations]
    echo_rows(rows, fmt, ["created", "action", "subject", "value"], table=lambda: _curation_lines(curations))


def _curation_lines(curations) -> str:
    lines = [f"{c.created}  {c.action:8} {c.subject}" + (f"  {c.value}" if c.value else "") for c in curations]
    return "\n".join(lines) or "(none)"


@click.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@_DRY_RUN
@click.pass_context
def curate(ctx, file, dry_run):
    """Apply the curations of a YAML file written by `milgraph rejected --all --yaml`."""
    from milgraph.graph.curation import apply_now, read_curation_file

    with open_configured_store(ctx) as store:
        for curation in read_curation_file(file):
            click.echo(apply_now(store, curation, dry_run=dry_run).describe())


@click.command()
@click.option("--threshold", type=click.FloatRange(50, 100), default=85.0, show_default=True,
              help="How close two names must be (rapidfuzz ratio, 0-100).")
@click.option("--label", help="Only entities of this label (Base, Actor, ...).")
@format_option
@click.pass_context
def duplicates(ctx, threshold, label, fmt):
    """Propose entities that are probably one thing under two names (same label and kind, a
    near-identical name or alias). Nothing is merged: confirm with `milgraph merge A B`."""
    from milgraph.graph.duplicates import find_duplicates

    with open_configured_store(ctx) as store:
        rows = [c.as_row() for c in find_duplicates(store, threshold, label)]
    echo_rows(rows, fmt, ["score", "label", "kind", "a", "a_name", "b", "b_name", "matched", "merge"])


COMMANDS = [retract, merge, alias, reject, rejected, curate, duplicates]
