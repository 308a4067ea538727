"""``milgraph store status|stop``: the embedded store's server, which stays up between commands."""

from __future__ import annotations

import json

import click

from milgraph.cli.common import config_of
from milgraph.cli.output import echo_rows, format_option
from milgraph.errors import MilgraphError


@click.group("store")
def store_group():
    """The embedded store's server: it stays up between commands and stops by itself after
    MILGRAPH_IDLE_TIMEOUT seconds unused (default 600; 0 stops it when the last command ends)."""


@store_group.command("status")
@click.option("--json", "as_json", is_flag=True, help="Print the status as one JSON object.")
@format_option
@click.pass_context
def status(ctx, as_json, fmt):
    """Whether the server is up, its pid, memory, clients, and the size of the data on disk
    (one row; the table lists it one field a line)."""
    info = _server(ctx).status()
    if as_json:
        click.echo(json.dumps(info, indent=2))
        return
    echo_rows([info], fmt, list(info), table=lambda: "\n".join(f"{key:15} {value}" for key, value in info.items()))


@store_group.command("stop")
@click.pass_context
def stop(ctx):
    """Stop the server cleanly (the log is folded into its snapshot first). The next command starts it again."""
    server = _server(ctx)
    running = server.status()["running"]
    server.stop(wait=True)
    click.echo(f"stopped the embedded store in {server.dir.parent}" if running else
               f"the embedded store in {server.dir.parent} was not running")


def _server(ctx):
    config = config_of(ctx)
    if config.backend != "falkordb":
        raise MilgraphError(f"{config.describe()} is a server of its own; `milgraph store` manages the embedded store")
    from milgraph.graph.falkordb_store import EmbeddedServer

    return EmbeddedServer(config.data_dir)


COMMANDS = [store_group]
