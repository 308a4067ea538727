"""The loaded data leaves the garbage collector's full passes once, after a process's first report."""

import gc

from milgraph.loaders.extract import extract_text, heap


def test_the_first_report_freezes_what_is_loaded_and_later_ones_do_not():
    extract_text("A cargo ship left the port of Velmora for the northern depot on Monday.")
    frozen = gc.get_freeze_count()
    assert heap._frozen and frozen > 0
    extract_text("Two lorries reached the depot the next day.")
    assert gc.get_freeze_count() == frozen  # not frozen again: what later reports make is collected as usual


def test_garbage_made_after_the_freeze_is_still_collected():
    class Node:
        pass

    heap.freeze_loaded()
    a, b = Node(), Node()
    a.other, b.other = b, a  # a cycle only the collector frees
    del a, b
    assert gc.collect() >= 2


def test_the_young_threshold_is_raised_once_and_never_lowered():
    heap.freeze_loaded()
    assert gc.get_threshold()[0] >= heap.YOUNG_THRESHOLD
