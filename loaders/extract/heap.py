"""The extractor's loaded data kept out of the garbage collector's full passes.

A process that extracts holds about 250,000 long-lived objects: the spaCy pipeline, the
gazetteer, the rule files and the tables loaded on first use. Python's cyclic garbage collector
walks all of them in each full collection, which the parse's short-lived cycles (a frozen
parse's tokens point at each other) set off every 20-40 reports: about 0.2 s each, some 5 ms
per report. :func:`freeze_loaded`, called once after a process's first report (when the tables
loaded on first use are in), collects what is garbage by then and moves everything else into
the collector's permanent generation (:func:`gc.freeze`), so later full collections walk only
what was made since: about 15 ms each. Collection itself still runs as usual.
"""

from __future__ import annotations

import gc

_frozen = False


def freeze_loaded() -> None:
    """Freeze the objects alive now, once per process (see the module doc)."""
    global _frozen
    if _frozen:
        return
    _frozen = True
    gc.collect()
    gc.freeze()
