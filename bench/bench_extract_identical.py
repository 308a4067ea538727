"""Speed work must not change what is extracted: snapshot the extraction JSON of every report of
the evaluation sets, and compare two snapshots byte for byte.

    .venv/bin/python bench/bench_extract_identical.py snapshot DIR   # before a change
    .venv/bin/python bench/bench_extract_identical.py check DIR      # after: exit 1 on any difference

The sets are the dev reports (``/work/shared/corpus/dev/reports`` or ``MILGRAPH_DEV_REPORTS``),
the project's own ``tests/data/*/reports`` folders and the synthetic reports of
``bench_extract.py`` (what the speed bench times); a folder that is missing is skipped with a
note. Each report's snapshot is its extraction JSON (as ``milgraph extract --json`` prints it)
followed by the names it could not place (``--unplaced``). Also prints the CPU seconds the
extraction took (a rough speed probe).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_extract import build_reports  # noqa: E402

from milgraph.graph.records import Document  # noqa: E402
from milgraph.loaders.extract import extract_document  # noqa: E402
from milgraph.loaders.readers import ReadFailure, read_path  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
BENCH_REPORTS = 40
SETS = ("heldout_like", "fresh_other_theatres", "fresh_other_theatres_2", "blind_mixed_3", "blind_mixed_4",
        "blind_mixed_5", "blind_mixed_6", "blind_mixed_7", "blind_mixed_8", "blind_mixed_9",
        "blind_mixed_10", "blind_mixed_11", "blind_mixed_12", "blind_mixed_13", "blind_mixed_14", "blind_mixed_15",
        "blind_mixed_16", "blind_mixed_17", "blind_mixed_18", "blind_mixed_19", "blind_mixed_20", "blind_mixed_21",
        "blind_mixed_22", "blind_mixed_23", "blind_mixed_24", "blind_mixed_25")


def report_folders() -> dict[str, Path]:
    folders = {"dev": Path(os.environ.get("MILGRAPH_DEV_REPORTS", "/work/shared/corpus/dev/reports"))}
    folders.update((name, ROOT / "tests" / "data" / name / "reports") for name in SETS)
    return folders


def extractions() -> tuple[dict[str, str], float]:
    """Report key (set/file) -> its extraction JSON, and the CPU seconds extraction took."""
    docs: dict[str, Document] = {}
    for name, folder in report_folders().items():
        if not folder.is_dir():
            print(f"note: {folder} is missing, skipped", file=sys.stderr)
            continue
        for path in sorted(folder.iterdir()):
            if not path.is_file():
                continue
            for n, doc in enumerate(read_path(str(path), None)):
                if not isinstance(doc, ReadFailure):
                    docs[f"{name}/{path.name}#{n}"] = doc
    for n, doc in enumerate(build_reports(BENCH_REPORTS)):
        docs[f"bench/{n:02d}"] = doc
    out: dict[str, str] = {}
    cpu = 0.0
    for key, doc in docs.items():
        c0 = time.process_time()
        extraction = extract_document(doc)
        cpu += time.process_time() - c0
        out[key] = (json.dumps(extraction.to_json(), indent=1, ensure_ascii=False, default=str)
                    + "\nunplaced: " + json.dumps(list(extraction.unplaced), ensure_ascii=False))
    return out, cpu


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("mode", choices=("snapshot", "check"))
    ap.add_argument("folder")
    args = ap.parse_args()
    folder = Path(args.folder)
    current, cpu = extractions()
    print(f"{len(current)} reports extracted in {cpu:.2f} CPU s", file=sys.stderr)
    if args.mode == "snapshot":
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "extractions.json").write_text(json.dumps(current, indent=0, ensure_ascii=False), encoding="utf-8")
        return 0
    saved = json.loads((folder / "extractions.json").read_text(encoding="utf-8"))
    differing = sorted(k for k in saved.keys() | current.keys() if saved.get(k) != current.get(k))
    for key in differing:
        print(f"DIFFERS  {key}")
    print(f"{len(differing)} of {len(saved)} extractions differ" if differing else f"all {len(saved)} identical")
    return 1 if differing else 0


if __name__ == "__main__":
    raise SystemExit(main())
