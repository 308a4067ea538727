"""The ``milgraph`` command line. Each command parses its arguments and calls one library
function; the commands live in the modules listed in ``COMMAND_MODULES``."""

from __future__ import annotations

import importlib
import logging
import os
import sys

import click

from milgraph import __version__
from milgraph.config import redact_uri, resolve_config
from milgraph.errors import MilgraphError

COMMAND_MODULES = [
    "milgraph.cli.store_commands",
    "milgraph.cli.query_commands",
    "milgraph.cli.extract_commands",
    "milgraph.cli.viz_commands",
    "milgraph.cli.server_commands",
    "milgraph.cli.curation_commands",
]

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


class MilgraphGroup(click.Group):
    """Turns a MilgraphError into one clear line and exit status 1 (a traceback with --debug)."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except MilgraphError as exc:
            if ctx.obj and ctx.obj.get("debug"):
                raise
            click.echo(f"error: {redact_uri(str(exc))}", err=True)
            sys.exit(getattr(exc, "exit_code", 1))
        except BrokenPipeError:  # `milgraph ... | head`: the reader left; stop quietly
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            sys.exit(0)


class _WarningLine(logging.Handler):
    """Library warnings (an input read with repairs, ...) as ``warning: ...`` lines on stderr."""

    def emit(self, record: logging.LogRecord) -> None:
        click.echo(f"{record.levelname.lower()}: {redact_uri(self.format(record))}", err=True)


def _show_warnings() -> None:
    logger = logging.getLogger("milgraph")
    if not any(isinstance(h, _WarningLine) for h in logger.handlers):
        logger.addHandler(_WarningLine(logging.WARNING))
    if logger.level == logging.NOTSET:
        logger.setLevel(logging.WARNING)


@click.group(cls=MilgraphGroup, context_settings=CONTEXT_SETTINGS)
@click.version_option(__version__, "-V", "--version")
@click.option("--db", type=click.Path(file_okay=False), envvar="MILGRAPH_DB",
              help="Data directory of the embedded graph (default: a per-user data directory).")
@click.option("--uri", envvar="NEO4J_URI", help="Neo4j URI (bolt://, neo4j://, neo4j+s://); selects Neo4j.")
@click.option("--user", envvar="NEO4J_USER", help="Neo4j user (default neo4j).")
@click.option("--password", envvar="NEO4J_PASSWORD", help="Neo4j password (prefer the NEO4J_PASSWORD variable).")
@click.option("--database", envvar="NEO4J_DATABASE", help="Neo4j database name.")
@click.option("--debug", is_flag=True, help="Show tracebacks.")
@click.pass_context
def main(ctx: click.Context, db, uri, user, password, database, debug):
    """milgraph: reports about military logistics -> a knowledge graph you can query and see.

    With no Neo4j URI the graph lives in an embedded FalkorDB store that starts on demand.
    """
    _show_warnings()
    ctx.ensure_object(dict)
    ctx.obj["config"] = resolve_config(db=db, uri=uri, user=user, password=password, database=database)
    ctx.obj["debug"] = debug


for _module_name in COMMAND_MODULES:
    for _command in importlib.import_module(_module_name).COMMANDS:
        main.add_command(_command)
