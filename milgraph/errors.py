"""Errors a user can act on. The CLI prints them as one line (a traceback only with --debug)."""

from __future__ import annotations


class MilgraphError(Exception):
    """A problem with the user's input or setup, with a message saying what to do next."""


class InputError(MilgraphError):
    """A bad input file; names the file and, where known, the line or entry."""

    def __init__(self, path: str, message: str, line: int | None = None, entry: str | None = None):
        self.path, self.line, self.entry, self.reason = str(path), line, entry, message
        where = self.path
        if line is not None:
            where += f":{line}"
        if entry is not None:
            where += f" ({entry})"
        super().__init__(f"{where}: {message}")


class ValidationError(MilgraphError):
    """Something to be written does not fit the graph model; nothing was written."""


class StoreError(MilgraphError):
    """The graph database could not be reached or refused the work."""


class ReadOnlyError(StoreError):
    """A statement that writes was run as a read."""

    def __init__(self) -> None:
        super().__init__("this statement writes to the graph, and reads are read-only; add --write to allow it")


class StoreUnavailableError(StoreError):
    """The database went away or cannot write to disk: nothing more can be written this run."""


class BadDateError(MilgraphError):
    """A date option or parameter that is no calendar date: a usage error, exit status 2."""

    exit_code = 2


def reject_unknown_keys(data: dict, allowed, where: str, error: type[MilgraphError]) -> None:
    """Raise ``error`` naming ``where`` when ``data`` has a key outside ``allowed`` (the typed
    loaders of rule and data files reject what they do not know)."""
    unknown = set(data) - set(allowed)
    if unknown:
        raise error(f"{where}: unknown key(s) {', '.join(sorted(map(str, unknown)))}; "
                    f"allowed: {', '.join(sorted(allowed))}")
