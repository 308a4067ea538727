"""Extractions as JSON lines: the hand-off between extraction and writing when they run apart.

``milgraph extract --jsonl`` writes one extraction (the ONTOLOGY.md JSON) per line for a folder,
a list of files or a JSONL input; ``milgraph ingest`` reads files named ``*.extractions.jsonl``
back and writes them like any other input. So extraction can run anywhere (other processes,
other machines: see :mod:`milgraph.scale.dask_extract`) and the writing stay where the graph is.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO

from milgraph.graph.records import Extraction

SUFFIX = ".extractions.jsonl"


def is_extraction_lines(path: Path) -> bool:
    return Path(path).name.endswith(SUFFIX)


def to_line(extraction: Extraction) -> str:
    """One extraction as one line of strict JSON (no NaN), the report's text left out."""
    return json.dumps(extraction.to_json(), ensure_ascii=False, allow_nan=False, separators=(",", ":"))


def write_lines(extractions: Iterable[Extraction], out: IO[str]) -> int:
    count = 0
    for extraction in extractions:
        out.write(to_line(extraction) + "\n")
        count += 1
    return count


def read_lines(path: Path) -> Iterator[tuple[str, Extraction | None, str | None]]:
    """(``file:line``, extraction, None) per good line, (``file:line``, None, why) per bad one;
    blank lines are skipped. A bad line never stops the others."""
    with open(path, encoding="utf-8", errors="replace") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            where = f"{path}:{number}"
            try:
                data = json.loads(line)
                if not isinstance(data, dict) or "report" not in data:
                    raise ValueError("not an extraction (an object with 'report', 'entities', ...)")
                yield where, Extraction.from_json(data), None
            except (ValueError, TypeError, KeyError) as exc:
                yield where, None, f"bad extraction line: {exc}"
