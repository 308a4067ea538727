"""What the command modules share: the configured store, and ``-p key=value`` parsing."""

from __future__ import annotations

import json

import click

from milgraph.config import DEFAULT_MAX_INPUT_MB, StoreConfig
from milgraph.errors import MilgraphError
from milgraph.queries.registry import INT64_MAX, INT64_MIN, check_int64


def config_of(ctx: click.Context) -> StoreConfig:
    """The store configuration the root command resolved from flags and environment."""
    return ctx.find_root().obj["config"]


def open_configured_store(ctx: click.Context):
    from milgraph.graph.store import open_store

    return open_store(config_of(ctx))


def parse_pairs(pairs: tuple[str, ...]) -> dict[str, str]:
    """``-p key=value`` options as text values (canned queries type them from their headers)."""
    params: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise MilgraphError(f"parameter {pair!r} must look like key=value")
        params[key.strip()] = value
    return params


def parse_json_pairs(pairs: tuple[str, ...]) -> dict:
    """``-p key=value`` for raw Cypher: the value is read as JSON when it parses, else as text.
    Integers must fit in 64 bits (both databases store no larger ones)."""
    params = {}
    for key, value in parse_pairs(pairs).items():
        try:
            params[key] = json.loads(value)
        except json.JSONDecodeError:
            params[key] = value
        except ValueError:  # an integer of more than 4300 digits
            raise MilgraphError(f"parameter {key}: the number is outside the 64-bit integer range "
                                f"{INT64_MIN}..{INT64_MAX}; pass it as text in quotes if it is not a number") from None
        check_int64(key, params[key])
    return params


def _set_max_input(ctx: click.Context, param: click.Parameter, value: float | None) -> None:
    from milgraph.loaders.readers import set_max_input_mb

    set_max_input_mb(value)
    ctx.call_on_close(lambda: set_max_input_mb(None))  # for this command only (tests run many in one process)


max_input_option = click.option(
    "--max-input-mb", type=click.FloatRange(min=0), envvar="MILGRAPH_MAX_INPUT_MB", expose_value=False,
    callback=_set_max_input, metavar="MB",
    help=f"Refuse a report whose text is longer than MB million characters (default {DEFAULT_MAX_INPUT_MB:g}; "
         "0: no limit). A longer report fails with a message; the other inputs still load.")


def meta_overrides(paths, published, publisher, url, fields=()):
    """--published/--publisher/--url/--field as the readers' MetaOverrides, checked: a date that
    is no calendar date, or a URL given for many reports, is a clear error."""
    if not any((published, publisher, url, fields)):
        return None
    from milgraph.loaders.read_meta import normalise_date
    from milgraph.loaders.readers import MetaOverrides

    from pathlib import Path

    if url and (len(paths) > 1 or Path(paths[0]).is_dir()):
        raise MilgraphError("--url names one report: give it with a single file, not a folder or several paths")
    if published and not normalise_date(published):
        raise MilgraphError(f"--published {published!r} is not a date; use YYYY-MM-DD")
    published = normalise_date(published) if published else None
    bad = [f for f in fields if "=" not in f]
    if bad:
        raise MilgraphError(f"--field {bad[0]!r} must look like NAME=FIELD, e.g. text=article_body")

    field_map = dict(f.split("=", 1) for f in fields if "=" in f)
    return MetaOverrides(published=published, publisher=publisher, url=url, field_map=field_map or None)
