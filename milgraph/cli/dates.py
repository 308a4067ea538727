"""Date options checked as they are parsed: a value that is no calendar date stops the command
with one line naming the option and the forms it takes (exit status 2), never a silent miss."""

from __future__ import annotations

import click

from milgraph.errors import BadDateError

ISO_FORMS = "YYYY, YYYY-MM or YYYY-MM-DD (e.g. 2024-12-08)"
PUBLISHED_FORMS = "YYYY-MM-DD, YYYY-MM or YYYY (also '3 May 2024', 'May 3, 2024', '03.05.2024')"


def iso_date(option: str, value: str) -> str:
    """``value`` if it is an ISO date of year, month or day precision that exists in the calendar."""
    from milgraph.queries.registry import is_iso_date

    if not is_iso_date(value.strip()):
        raise BadDateError(f"{option} {value!r} is not a date; use {ISO_FORMS}")
    return value.strip()


def _check_iso(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    return None if value is None else iso_date(param.opts[0], value)


def _check_published(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    from milgraph.loaders.read_meta import normalise_date

    if value is None:
        return None
    found = normalise_date(value)
    if not found:
        raise BadDateError(f"{param.opts[0]} {value!r} is not a date; use {PUBLISHED_FORMS}")
    return found


def iso_date_option(*decls: str, help: str):
    """An option taking an ISO date (``--since``, ``--until``), checked when parsed."""
    return click.option(*decls, metavar="DATE", callback=_check_iso, help=help)


def published_option(help: str = "Publication date for inputs that lack one (YYYY-MM-DD)."):
    """``--published``: a date in any form the readers take, normalised to ISO when parsed."""
    return click.option("--published", metavar="DATE", callback=_check_published, help=help)
