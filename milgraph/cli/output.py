"""Rows out: an aligned table for people, JSON or CSV for scripts."""

from __future__ import annotations

import csv
import io
import json
import math
from typing import Any, Callable

import click

FORMATS = ("table", "json", "csv")


def format_option(command):
    """``--format table|json|csv`` for a command that prints rows; its value is ``fmt``."""
    return click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True,
                        help="An aligned table to read, or JSON (a list of objects) or CSV (with a header) "
                             "for scripts.")(command)


def echo_rows(rows: list[dict[str, Any]], fmt: str, columns: list[str] | None = None,
              table: Callable[[], str] | None = None) -> None:
    """Print rows in ``fmt``; ``table`` renders the table form where a command has its own layout."""
    if fmt == "table" and table is not None:
        click.echo(table())
    else:
        click.echo(format_rows(rows, fmt, columns))


def format_rows(rows: list[dict[str, Any]], fmt: str = "table", columns: list[str] | None = None) -> str:
    columns = columns or (list(rows[0]) if rows else [])
    if fmt == "json":
        return strict_json(rows)
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows([[_cell(row.get(c)) for c in columns] for row in rows])
        return buffer.getvalue().rstrip("\n")
    return format_table(rows, columns)


def strict_json(value: Any, indent: int | None = 2) -> str:
    """Standard JSON (RFC 8259) for scripts: NaN and +/-Infinity, which JSON has no words for,
    become ``null``; values JSON has no type for (dates, ...) become strings."""
    return json.dumps(_finite(value), indent=indent, ensure_ascii=False, default=str, allow_nan=False)


def _finite(value: Any) -> Any:
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_finite(v) for v in value]
    return value


def format_table(rows: list[dict[str, Any]], columns: list[str], max_width: int = 60) -> str:
    if not rows:
        return "(no rows)"
    cells = [[_cell(row.get(c), max_width) for c in columns] for row in rows]
    widths = [max(len(c), *(len(r[i]) for r in cells)) for i, c in enumerate(columns)]
    line = "  ".join(c.ljust(w) for c, w in zip(columns, widths))
    rule = "  ".join("-" * w for w in widths)
    body = ["  ".join(v.ljust(w) for v, w in zip(r, widths)).rstrip() for r in cells]
    return "\n".join([line.rstrip(), rule, *body, f"({len(rows)} row{'s' if len(rows) != 1 else ''})"])


def _cell(value: Any, max_width: int | None = None) -> str:
    if value is None:
        text = ""
    elif isinstance(value, (list, dict)):
        text = json.dumps(value, ensure_ascii=False, default=str)
    else:
        text = str(value)
    text = text.replace("\n", " ")
    if max_width and len(text) > max_width:
        text = text[: max_width - 1] + "…"
    return text
