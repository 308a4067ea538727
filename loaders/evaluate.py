"""Score the extractor against hand-made gold annotations.

Inputs: a folder of reports (``NN_name.txt``: line 1 the title, a blank line, then the body;
an optional ``index.json`` list of ``{file, title, url, publisher, published}`` gives the
metadata) and a folder of gold files with the same stem (``NN_name.json``, the format of
``shared/corpus/dev/README.md``).

Matching rule (names compared by graph.ids.match_key: case, accents and punctuation ignored):

- **entities** match on (label, name); a predicted name may equal the gold name or any gold
  alias. Each gold entity matches at most one predicted entity and vice versa.
- **relations** match on (type, start, end) after mapping predicted entities to the gold
  names they matched (an unmatched entity keeps its own name); compared as sets per file.
- **events** are scored as (label, role, filler) tuples, fillers mapped as for relations;
  compared as sets per file, so how a report's events are split or merged does not matter.

Precision, recall and F1 are given per file and micro-averaged (sums of true positives,
predictions and gold items over files). Reported separately: relation modality accuracy on
matched relations, and event date / modality / count accuracy on events aligned to gold
events (same label, most shared role tuples). A date counts as right when the predicted date
cut to the gold precision equals the gold date (both null also counts).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from milgraph.errors import InputError
from milgraph.graph.ids import match_key
from milgraph.graph.records import Document, Extraction, ReportMeta
from milgraph.loaders.extract import extract_document

ROLES = ("BY", "CARRIED", "FROM", "TO", "VIA", "USING", "OPERATED_BY", "PARTICIPANT", "ABOUT")


@dataclass
class PRF:
    tp: int = 0
    pred: int = 0
    gold: int = 0

    @property
    def p(self) -> float:
        return self.tp / self.pred if self.pred else (1.0 if not self.gold else 0.0)

    @property
    def r(self) -> float:
        return self.tp / self.gold if self.gold else (1.0 if not self.pred else 0.0)

    @property
    def f1(self) -> float:
        p, r = self.p, self.r
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: "PRF") -> None:
        self.tp += other.tp
        self.pred += other.pred
        self.gold += other.gold

    def as_dict(self) -> dict[str, float | int]:
        return {"tp": self.tp, "pred": self.pred, "gold": self.gold,
                "p": round(self.p, 4), "r": round(self.r, 4), "f1": round(self.f1, 4)}


@dataclass
class Accuracy:
    right: int = 0
    total: int = 0

    @property
    def value(self) -> float | None:
        return self.right / self.total if self.total else None

    def add(self, other: "Accuracy") -> None:
        self.right += other.right
        self.total += other.total


@dataclass
class FileScore:
    name: str
    entities: PRF = field(default_factory=PRF)
    relations: PRF = field(default_factory=PRF)
    events: PRF = field(default_factory=PRF)
    rel_modality: Accuracy = field(default_factory=Accuracy)
    ev_date: Accuracy = field(default_factory=Accuracy)
    ev_modality: Accuracy = field(default_factory=Accuracy)
    ev_count: Accuracy = field(default_factory=Accuracy)
    missing: dict[str, list] = field(default_factory=dict)
    spurious: dict[str, list] = field(default_factory=dict)


@dataclass
class EvalResult:
    files: list[FileScore]
    micro: FileScore

    def to_json(self) -> dict[str, Any]:
        def one(f: FileScore) -> dict[str, Any]:
            return {"file": f.name, "entities": f.entities.as_dict(), "relations": f.relations.as_dict(),
                    "events": f.events.as_dict(),
                    "relation_modality_accuracy": f.rel_modality.value,
                    "event_date_accuracy": f.ev_date.value, "event_modality_accuracy": f.ev_modality.value,
                    "event_count_accuracy": f.ev_count.value}
        return {"files": [one(f) | {"missing": f.missing, "spurious": f.spurious} for f in self.files],
                "micro": one(self.micro)}


# ------------------------------------------------------------------------------ reading

def read_report_file(path: Path, meta: dict | None = None) -> Document:
    """A report file: line 1 the title, then the body (a leading blank line is skipped)."""
    try:
        raw = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(str(path), f"cannot read report: {exc}") from exc
    title, _, body = raw.partition("\n")
    body = body.lstrip("\n")
    meta = meta or {}
    return Document(text=body, meta=ReportMeta(
        id=path.stem, title=meta.get("title") or title.strip(), url=meta.get("url"),
        publisher=meta.get("publisher"), published=meta.get("published"), path=str(path)))


def _index(reports_dir: Path) -> dict[str, dict]:
    index = reports_dir / "index.json"
    if not index.is_file():
        return {}
    try:
        data = json.loads(index.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InputError(str(index), f"not valid JSON: {exc}") from exc
    return {d["file"]: d for d in data if isinstance(d, dict) and d.get("file")}


def load_gold(path: Path) -> dict[str, Any]:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InputError(str(path), f"not a valid gold file: {exc}") from exc


# ------------------------------------------------------------------------------ scoring

def _name_key(name: str) -> str:
    return match_key(name)


def score_file(name: str, pred: Extraction, gold: dict[str, Any]) -> FileScore:
    fs = FileScore(name)
    # --- entities: one-to-one on (label, name/alias)
    gold_ents = gold.get("entities", [])
    gold_keys = [(g["label"], {_name_key(g["name"])} | {_name_key(a) for a in g.get("aliases", [])}) for g in gold_ents]
    used_gold: set[int] = set()
    pred_to_gold: dict[str, str] = {}  # pred entity id -> gold canonical name key
    for e in pred.entities:
        key = _name_key(e.name)
        hit = None
        for i, (label, keys) in enumerate(gold_keys):
            if i in used_gold or label != e.labels[0]:
                continue
            if key == _name_key(gold_ents[i]["name"]):
                hit = i
                break
        if hit is None:
            for i, (label, keys) in enumerate(gold_keys):
                if i not in used_gold and label == e.labels[0] and key in keys:
                    hit = i
                    break
        if hit is not None:
            used_gold.add(hit)
            pred_to_gold[e.id] = _name_key(gold_ents[hit]["name"])
        else:
            fs.spurious.setdefault("entities", []).append(f"{e.labels[0]}:{e.name}")
    fs.entities = PRF(len(used_gold), len(pred.entities), len(gold_ents))
    fs.missing["entities"] = [f"{g['label']}:{g['name']}" for i, g in enumerate(gold_ents) if i not in used_gold]
    names = {e.id: pred_to_gold.get(e.id, _name_key(e.name)) for e in pred.entities}

    def nm(eid: str) -> str:
        return names.get(eid, _name_key(eid.partition(":")[2]))

    # --- relations
    gold_rel = {}
    for r in gold.get("relations", []):
        gold_rel[(r["type"], _name_key(r["start"]), _name_key(r["end"]))] = r
    pred_rel = {}
    for r in pred.relations:
        pred_rel.setdefault((r.type, nm(r.start), nm(r.end)), r)
    tp = set(gold_rel) & set(pred_rel)
    fs.relations = PRF(len(tp), len(pred_rel), len(gold_rel))
    fs.missing["relations"] = sorted(" ".join(k) for k in set(gold_rel) - tp)
    fs.spurious["relations"] = sorted(" ".join(k) for k in set(pred_rel) - tp)
    for k in tp:
        fs.rel_modality.total += 1
        fs.rel_modality.right += int(gold_rel[k].get("modality") == pred_rel[k].modality)
    # --- events as (label, role, filler) tuples
    def gold_tuples(ev: dict) -> set[tuple[str, str, str]]:
        return {(ev["label"], role, _name_key(f)) for role, fillers in (ev.get("roles") or {}).items()
                for f in fillers}

    def pred_tuples(ev) -> set[tuple[str, str, str]]:
        return {(ev.label, role, nm(f)) for role, fillers in ev.roles.items() for f in fillers}

    g_all: set = set()
    for ev in gold.get("events", []):
        g_all |= gold_tuples(ev)
    p_all: set = set()
    for ev in pred.events:
        p_all |= pred_tuples(ev)
    tp_e = g_all & p_all
    fs.events = PRF(len(tp_e), len(p_all), len(g_all))
    fs.missing["events"] = sorted(" ".join(t) for t in g_all - tp_e)
    fs.spurious["events"] = sorted(" ".join(t) for t in p_all - tp_e)
    # --- event attribute accuracy on aligned events
    free = list(pred.events)
    for gev in gold.get("events", []):
        gt = gold_tuples(gev)
        best, best_n = None, 0
        for pev in free:
            if pev.label != gev["label"]:
                continue
            n = len(gt & pred_tuples(pev))
            if n > best_n:
                best, best_n = pev, n
        if best is None:
            continue
        free.remove(best)
        gdate = gev.get("date")
        pdate = best.date
        fs.ev_date.total += 1
        if gdate is None:
            fs.ev_date.right += int(pdate is None)
        else:
            fs.ev_date.right += int(pdate is not None and pdate[:len(gdate)] == gdate)
        fs.ev_modality.total += 1
        fs.ev_modality.right += int(gev.get("modality") == best.modality)
        fs.ev_count.total += 1
        fs.ev_count.right += int((gev.get("count") or None) == (best.count or None))
    return fs


def evaluate(reports_dir: str | Path, gold_dir: str | Path) -> EvalResult:
    reports_dir, gold_dir = Path(reports_dir), Path(gold_dir)
    if not reports_dir.is_dir():
        raise InputError(str(reports_dir), "not a folder of reports")
    if not gold_dir.is_dir():
        raise InputError(str(gold_dir), "not a folder of gold files")
    index = _index(reports_dir)
    files: list[FileScore] = []
    micro = FileScore("micro")
    gold_files = sorted(gold_dir.glob("*.json"))
    if not gold_files:
        raise InputError(str(gold_dir), "no gold .json files")
    for gpath in gold_files:
        rpath = reports_dir / (gpath.stem + ".txt")
        if not rpath.is_file():
            raise InputError(str(gpath), f"no report file {rpath.name} for this gold file")
        gold = load_gold(gpath)
        meta = dict(index.get(rpath.name, {}))
        for k in ("title", "url", "publisher", "published"):
            if k not in meta and isinstance(gold.get("report"), dict) and k in gold["report"]:
                meta[k] = gold["report"][k]
        doc = read_report_file(rpath, meta)
        pred = extract_document(doc)
        fs = score_file(gpath.stem, pred, gold)
        files.append(fs)
        for attr in ("entities", "relations", "events"):
            getattr(micro, attr).add(getattr(fs, attr))
        for attr in ("rel_modality", "ev_date", "ev_modality", "ev_count"):
            getattr(micro, attr).add(getattr(fs, attr))
    return EvalResult(files, micro)


def format_table(result: EvalResult) -> str:
    def f(x: float | None) -> str:
        return "  -  " if x is None else f"{x:.3f}"
    head = f"{'file':<42} {'ent P':>6} {'ent R':>6} {'ent F1':>6}  {'rel P':>6} {'rel R':>6} {'rel F1':>6}  {'ev P':>6} {'ev R':>6} {'ev F1':>6}"
    lines = [head, "-" * len(head)]
    for fs in result.files + [result.micro]:
        e, r, v = fs.entities, fs.relations, fs.events
        lines.append(f"{fs.name[:42]:<42} {f(e.p):>6} {f(e.r):>6} {f(e.f1):>6}  {f(r.p):>6} {f(r.r):>6} {f(r.f1):>6}  "
                     f"{f(v.p):>6} {f(v.r):>6} {f(v.f1):>6}")
    m = result.micro
    lines.append("")
    lines.append(f"entities P={m.entities.p:.3f} R={m.entities.r:.3f} F1={m.entities.f1:.3f}")
    lines.append(f"relations P={m.relations.p:.3f} R={m.relations.r:.3f} F1={m.relations.f1:.3f}")
    lines.append(f"event-roles P={m.events.p:.3f} R={m.events.r:.3f} F1={m.events.f1:.3f}")
    lines.append(f"relation modality accuracy={f(m.rel_modality.value)} (n={m.rel_modality.total})")
    lines.append(f"event date accuracy={f(m.ev_date.value)} modality accuracy={f(m.ev_modality.value)} "
                 f"count accuracy={f(m.ev_count.value)} (n={m.ev_date.total})")
    return "\n".join(lines)


def iter_missing(result: EvalResult) -> Iterable[str]:
    for fs in result.files:
        for kind in ("entities", "relations", "events"):
            for x in fs.missing.get(kind, []):
                yield f"{fs.name} missing {kind}: {x}"
            for x in fs.spurious.get(kind, []):
                yield f"{fs.name} spurious {kind}: {x}"
