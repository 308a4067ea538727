"""The extractor's loaded data kept out of the garbage collector's full passes.

A process that extracts holds about 250,000 long-lived objects: the spaCy pipeline, the
gazetteer, the rule files and the tables loaded on first use. Python's cyclic garbage collector
walks all of them in each full collection, which the parse's short-lived cycles (a frozen
parse's tokens point at each other) set off every 20-40 reports: about 0.2 s each, some 5 ms
per report. :func:`freeze_loaded`, called once after a process's first report (when the tables
loaded on first use are in), collects what is garbage by then and moves everything else into
the collector's permanent generation (:func:`gc.freeze`), so later full collections walk only
what was made since: about 15 ms each. Collection itself still runs as usual.

A report's frozen parse (about 1,000 tokens on an 800-word report, with their lists and
tuples) lives until the report is done, so at Python's default first threshold (700 new
objects) most young collections find it alive and move it to the older generations, where it
is walked again before it dies. :func:`freeze_loaded` also raises that threshold to
:data:`YOUNG_THRESHOLD` (never lowers it): the collector's CPU time on the bench's reports fell
from about 2.0 to 1.3 ms per report (timed with ``gc.callbacks``), and a young collection
still frees what a report left behind.
"""

from __future__ import annotations

import gc

_frozen = False
YOUNG_THRESHOLD = 5_000  # new objects between young collections (Python's default: 700)


def freeze_loaded() -> None:
    """Freeze the objects alive now, once per process (see the module doc)."""
    global _frozen
    if _frozen:
        return
    _frozen = True
    gc.collect()
    gc.freeze()
    young, *older = gc.get_threshold()
    if 0 < young < YOUNG_THRESHOLD:  # 0: collection is switched off by the caller; leave it so
        gc.set_threshold(YOUNG_THRESHOLD, *older)
