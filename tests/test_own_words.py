"""The project's own case and rule-example files are written in the project's own words.

Two kinds of report text must not come back in them: the third-party reports of the dev corpus
(../shared/corpus/dev/reports, when it exists next to the repository: not ours to copy), and the
blind sets (tests/data/blind_mixed_*/reports: a case that echoes one fits the extractor to the
text that measures it). No line may share a run of RUN consecutive words with any of them. Words
are lowercased with punctuation stripped, and a run may cross a line break (a folded YAML text);
a hit is reported at the line where it starts. The project's other own-words sets (heldout_like,
the fresh sets) are its own writing and are not checked.
"""
from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RUN = 8  # consecutive words: at 10 about thirty plain copies pass; at 7 and below stock phrasing is flagged

# Official titles and stock phrasing that any writer uses: a run of a report that touches one
# of these does not count (at 8 words they were the only hits that were not copies).
STOCK = ("who asked not to be named",
         "ministry of the armed forces of the republic of",
         "french air and space force",
         "maritime prepositioning ship squadron",
         "libyan national army of khalifa haftar")

_APOSTROPHES = re.compile(r"['\u2019\u2018`]")
_WORD = re.compile(r"\w+")


def _words(text: str) -> list[str]:
    return _WORD.findall(_APOSTROPHES.sub("", text.lower()))


def _report_files() -> list[Path]:
    files = sorted(ROOT.glob("tests/data/blind_mixed_*/reports/*.txt"))
    dev = (ROOT / ".." / "shared" / "corpus" / "dev" / "reports").resolve()
    if dev.is_dir():
        files += sorted(dev.glob("*.txt"))
    return files


def _own_files() -> list[Path]:
    patterns = ("tests/data/*_cases.yaml", "tests/data/events/*.yaml",
                "tests/data/relations*/**/*.yaml", "tests/data/relations*/**/*.yml",
                "loaders/data/**/*.yaml", "loaders/data/**/*.yml")
    seen: dict[Path, None] = {}
    for pattern in patterns:
        for path in sorted(ROOT.glob(pattern)):
            if path.is_file() and "reports" not in path.parts:
                seen.setdefault(path, None)
    return list(seen)


def _stock_positions(words: list[str]) -> set[int]:
    """The positions of `words` inside one of the STOCK phrases."""
    out: set[int] = set()
    for phrase in (tuple(_words(p)) for p in STOCK):
        for i in range(len(words) - len(phrase) + 1):
            if words[i] == phrase[0] and tuple(words[i:i + len(phrase)]) == phrase:
                out.update(range(i, i + len(phrase)))
    return out


def _report_runs() -> dict[int, Path]:
    """The hash of every run of RUN words in a report (but those touching a STOCK phrase)."""
    runs: dict[int, Path] = {}
    for path in _report_files():
        words = _words(path.read_text(encoding="utf-8", errors="replace"))
        stock = _stock_positions(words)
        for i in range(len(words) - RUN + 1):
            if not stock or stock.isdisjoint(range(i, i + RUN)):
                runs.setdefault(hash(tuple(words[i:i + RUN])), path)
    return runs


def _hits(path: Path, runs: dict[int, Path]) -> list[tuple[int, str, Path]]:
    """(line, the shared run, the report) for each line where a shared run starts."""
    stream: list[tuple[str, int]] = []
    for number, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
        stream.extend((word, number) for word in _words(line))
    out: dict[int, tuple[int, str, Path]] = {}
    for i in range(len(stream) - RUN + 1):
        gram = tuple(word for word, _ in stream[i:i + RUN])
        report = runs.get(hash(gram))
        if report is not None and stream[i][1] not in out:
            out[stream[i][1]] = (stream[i][1], " ".join(gram), report)
    return list(out.values())


def _name(path: Path) -> str:
    try:
        return str(path.relative_to(ROOT))
    except ValueError:
        return str(path)


def test_own_files_share_no_run_of_words_with_a_report():
    runs = _report_runs()
    assert runs, "no report texts found under tests/data/*/reports"
    problems = [f"{_name(path)}:{line}: \"{gram}\" also in {_name(report)}"
                for path in _own_files() for line, gram, report in _hits(path, runs)]
    assert not problems, (f"{len(problems)} line(s) share {RUN}+ consecutive words with a report "
                          "(write the example in the project's own words):\n" + "\n".join(problems))
