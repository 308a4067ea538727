"""Score the extractor against hand-made gold annotations, by the reference scorer's rule.

Inputs: a folder of reports and a folder of gold files (``NN_name.json``, the format of
``shared/corpus/dev/README.md``); each gold file names its report in ``report.file``. Reports are
read exactly as ``milgraph extract`` reads them (readers and cleaning, metadata from the folder's
``index.json`` or a sidecar), so ``milgraph eval`` and the reference scorer run as
``score.py --cmd 'milgraph extract --json {file}'`` see the same extraction.

Matching (the rule of ``shared/tools/score.py``, which scores the hidden sets):

- **names** are compared after :func:`norm`: accents dropped, lower case, a possessive ``'s``
  dropped, the words ``international airport, airport, air base, airbase, airfield, air field,
  naval base, naval facility, military base, base, port, the`` dropped, then everything but
  letters and digits. An entity's forms are its name, its aliases and (predicted entities) the
  part of its id after the colon.
- **entities** match when the labels agree and any forms agree. Gold entities are taken in file
  order, each matched to the first unused predicted entity (greedy, not an optimal assignment);
  ``entities_lenient`` ignores the label.
- **relations** match on type and both ends, the ends compared by forms only (no label): a gold
  end is resolved by name among the gold entities (of two entities with one name, the later in
  the file gives the forms), a predicted end by id among the predicted entities. ``ALLIED_WITH``
  also matches with its ends swapped. Greedy as for entities; duplicates count.
- **event roles** are (event label, role, filler) tuples, fillers compared like relation ends;
  greedy; duplicates count, so how events are split or merged matters only through duplicates.
  ``event_roles_lenient`` ignores the event label.
- **attributes**: relation modality on the matched relation pairs; event modality, date (exact
  string, so the precision must agree) and count on aligned events: a gold and a predicted event
  of the same label align by the number of gold (role, filler) pairs the prediction shares,
  largest first (ties: later gold event, then later prediction), each event used once.

Precision, recall and F1 per file and summed over files (micro): P = tp/pred (1 when nothing is
predicted and nothing is gold), R = tp/gold (1 when there is no gold). Beyond the reference scorer,
the share of gold relations whose two ends are both among the predicted entities (forms shared,
any label) shows how many relations entity extraction leaves within reach.
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Callable, Iterable

from milgraph.errors import InputError
from milgraph.graph.records import Document, Extraction

SUFFIX = re.compile(r"\b(international airport|airport|air ?base|airfield|air field|naval base|"
                    r"naval facility|military base|base|port|the)\b")
SYMMETRIC = {"ALLIED_WITH"}
CORE_LABELS = ("Actor", "Place", "Base", "Equipment", "Aircraft", "Vessel", "Source", "Report", "Event")


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
        return self.tp / self.gold if self.gold else 1.0

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


COUNTS = ("entities", "entities_lenient", "relations", "events", "events_lenient")
ACCURACIES = ("rel_modality", "ev_modality", "ev_date", "ev_count", "rel_ends")


@dataclass
class FileScore:
    name: str
    entities: PRF = field(default_factory=PRF)
    entities_lenient: PRF = field(default_factory=PRF)
    relations: PRF = field(default_factory=PRF)
    events: PRF = field(default_factory=PRF)
    events_lenient: PRF = field(default_factory=PRF)
    rel_modality: Accuracy = field(default_factory=Accuracy)
    ev_date: Accuracy = field(default_factory=Accuracy)
    ev_modality: Accuracy = field(default_factory=Accuracy)
    ev_count: Accuracy = field(default_factory=Accuracy)
    rel_ends: Accuracy = field(default_factory=Accuracy)  # gold relations with both ends among predicted entities
    missing: dict[str, list] = field(default_factory=dict)
    spurious: dict[str, list] = field(default_factory=dict)

    def add(self, other: "FileScore") -> None:
        for attr in COUNTS + ACCURACIES:
            getattr(self, attr).add(getattr(other, attr))


@dataclass
class EvalResult:
    files: list[FileScore]
    micro: FileScore
    failures: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        def one(f: FileScore) -> dict[str, Any]:
            return {"file": f.name, "entities": f.entities.as_dict(), "entities_lenient": f.entities_lenient.as_dict(),
                    "relations": f.relations.as_dict(), "events": f.events.as_dict(),
                    "events_lenient": f.events_lenient.as_dict(),
                    "relation_modality_accuracy": f.rel_modality.value,
                    "event_date_accuracy": f.ev_date.value, "event_modality_accuracy": f.ev_modality.value,
                    "event_count_accuracy": f.ev_count.value,
                    "relations_with_both_ends_extracted": f.rel_ends.value}
        return {"files": [one(f) | {"missing": f.missing, "spurious": f.spurious} for f in self.files],
                "micro": one(self.micro), "failures": self.failures}


# ------------------------------------------------------------------------------ names

def norm(name: Any) -> str:
    """The form names are compared in (the reference scorer's ``norm``)."""
    s = unicodedata.normalize("NFKD", str(name)).encode("ascii", "ignore").decode().lower()
    s = re.sub(r"['\u2019`]s\b", "", s)
    s = SUFFIX.sub(" ", s)
    return re.sub(r"[^a-z0-9]+", "", s)


def forms(name: Any, aliases: Iterable[str] | None = ()) -> set[str]:
    """Normalised name and aliases; for an id-like ``prefix:rest`` also ``rest``."""
    out = {norm(name)} | {norm(a) for a in aliases or ()}
    if ":" in str(name):
        out.add(norm(str(name).split(":", 1)[1]))
    return {f for f in out if f}


def label_of(entity: dict[str, Any]) -> str | None:
    """An entity's label: ``label`` if given, else the first core label among ``labels``."""
    if "label" in entity:
        return entity["label"]
    labels = [x for x in entity.get("labels", []) if x]
    return next((c for c in CORE_LABELS if c in labels), labels[0] if labels else None)


def event_label(event: dict[str, Any]) -> str | None:
    return event.get("label") or next((x for x in event.get("labels", []) if x != "Event"), None)


def _greedy_pairs(gold: list, pred: list, same: Callable[[Any, Any], Any]) -> list[tuple[int, int]]:
    """Each gold item in order takes the first unused predicted item it matches."""
    used: set[int] = set()
    pairs = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(pred):
            if pi not in used and same(g, p):
                used.add(pi)
                pairs.append((gi, pi))
                break
    return pairs


def _prf(pairs: list, pred: list, gold: list) -> PRF:
    return PRF(len(pairs), len(pred), len(gold))


def _unmatched(items: list, pairs: list[tuple[int, int]], side: int, show: Callable[[Any], str]) -> list[str]:
    taken = {pair[side] for pair in pairs}
    return [show(x) for i, x in enumerate(items) if i not in taken]


# ------------------------------------------------------------------------------ scoring

def score_file(name: str, pred: Extraction | dict[str, Any], gold: dict[str, Any]) -> FileScore:
    """One report's scores; ``pred`` is an Extraction or its JSON (ONTOLOGY.md's output format)."""
    pred = pred.to_json() if isinstance(pred, Extraction) else (pred or {})
    fs = FileScore(name)
    gents = gold.get("entities", [])
    pents = [e for e in pred.get("entities", []) if label_of(e) not in ("Report", "Event")]

    def pred_forms(e: dict[str, Any]) -> set[str]:
        own = {norm(e["id"].split(":", 1)[-1])} if e.get("id") else set()
        return forms(e.get("name", e.get("id", "")), e.get("aliases")) | own

    g_ent = [(label_of(e), forms(e["name"], e.get("aliases"))) for e in gents]
    p_ent = [(label_of(e), pred_forms(e)) for e in pents]
    ent_pairs = _greedy_pairs(g_ent, p_ent, lambda g, p: g[0] == p[0] and g[1] & p[1])
    fs.entities = _prf(ent_pairs, p_ent, g_ent)
    fs.entities_lenient = _prf(_greedy_pairs(g_ent, p_ent, lambda g, p: g[1] & p[1]), p_ent, g_ent)
    fs.missing["entities"] = _unmatched(gents, ent_pairs, 0, lambda e: f"{e['label']}:{e['name']}")
    fs.spurious["entities"] = _unmatched(pents, ent_pairs, 1, lambda e: f"{label_of(e)}:{e.get('name', e.get('id'))}")

    by_gold_name = {e["name"]: forms(e["name"], e.get("aliases")) for e in gents}
    by_pred_id = {e["id"]: pred_forms(e) for e in pents if e.get("id")}
    names = {e["id"]: e.get("name", e["id"]) for e in pents if e.get("id")}
    gf = lambda n: by_gold_name.get(n) or forms(n)  # noqa: E731
    pf = lambda i: by_pred_id.get(i) or forms(i)  # noqa: E731

    _score_relations(fs, gold.get("relations", []), pred.get("relations", []), gf, pf, names)
    found = [f for _, f in p_ent]
    extracted = lambda n: any(gf(n) & f for f in found)  # noqa: E731
    fs.rel_ends = Accuracy(sum(extracted(r["start"]) and extracted(r["end"]) for r in gold.get("relations", [])),
                           len(gold.get("relations", [])))
    _score_events(fs, gold.get("events", []), pred.get("events", []), gf, pf, names)
    return fs


def _score_relations(fs: FileScore, grels: list, prels: list, gf, pf, names: dict[str, str]) -> None:
    g_rel = [(r["type"], gf(r["start"]), gf(r["end"])) for r in grels]
    p_rel = [(r.get("type"), pf(r.get("start", "")), pf(r.get("end", ""))) for r in prels]

    def same(g, p) -> bool:
        if g[0] != p[0]:
            return False
        if g[1] & p[1] and g[2] & p[2]:
            return True
        return bool(g[0] in SYMMETRIC and g[1] & p[2] and g[2] & p[1])

    pairs = _greedy_pairs(g_rel, p_rel, same)
    fs.relations = _prf(pairs, p_rel, g_rel)
    fs.rel_modality = Accuracy(sum(grels[gi].get("modality") == prels[pi].get("modality") for gi, pi in pairs),
                               len(pairs))
    fs.missing["relations"] = _unmatched(grels, pairs, 0, lambda r: f"{r['type']} {r['start']} -> {r['end']}")
    fs.spurious["relations"] = _unmatched(
        prels, pairs, 1, lambda r: f"{r.get('type')} {names.get(r.get('start'), r.get('start'))} -> "
                                   f"{names.get(r.get('end'), r.get('end'))}")


def _role_tuples(events: list, f) -> list[tuple[str | None, str, set[str], str]]:
    return [(event_label(ev), role, f(x), x) for ev in events
            for role, fillers in (ev.get("roles") or {}).items() for x in fillers or []]


def _score_events(fs: FileScore, gevs: list, pevs: list, gf, pf, names: dict[str, str]) -> None:
    g_ev, p_ev = _role_tuples(gevs, gf), _role_tuples(pevs, pf)
    pairs = _greedy_pairs(g_ev, p_ev, lambda g, p: g[0] == p[0] and g[1] == p[1] and g[2] & p[2])
    fs.events = _prf(pairs, p_ev, g_ev)
    fs.events_lenient = _prf(_greedy_pairs(g_ev, p_ev, lambda g, p: g[1] == p[1] and g[2] & p[2]), p_ev, g_ev)
    fs.missing["events"] = _unmatched(g_ev, pairs, 0, lambda t: f"{t[0]} {t[1]} {t[3]}")
    fs.spurious["events"] = _unmatched(p_ev, pairs, 1, lambda t: f"{t[0]} {t[1]} {names.get(t[3], t[3])}")

    def overlap(ge: dict, pe: dict) -> int:
        if event_label(ge) != event_label(pe):
            return 0
        n = 0
        for role, fillers in (ge.get("roles") or {}).items():
            pfs = [pf(x) for x in (pe.get("roles") or {}).get(role) or []]
            n += sum(1 for x in fillers or [] if any(gf(x) & q for q in pfs))
        return n

    candidates = sorted(((overlap(ge, pe), gi, pi) for gi, ge in enumerate(gevs) for pi, pe in enumerate(pevs)),
                        reverse=True)
    used_g: set[int] = set()
    used_p: set[int] = set()
    aligned = []
    for n, gi, pi in candidates:
        if n and gi not in used_g and pi not in used_p:
            used_g.add(gi)
            used_p.add(pi)
            aligned.append((gi, pi))
    for attr, key in (("ev_modality", "modality"), ("ev_date", "date"), ("ev_count", "count")):
        setattr(fs, attr, Accuracy(sum(gevs[gi].get(key) == pevs[pi].get(key) for gi, pi in aligned), len(aligned)))


# ------------------------------------------------------------------------------ running

def load_gold(path: Path) -> dict[str, Any]:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InputError(str(path), f"not a valid gold file: {exc}") from exc


def read_report(path: Path, gold_published: str | None = None) -> Document:
    """The report as ``milgraph extract`` reads it. A report the folder gives no publication date
    (no index.json entry, sidecar or dateline) takes the gold file's ``report.published``."""
    from milgraph.loaders.readers import ReadFailure, read_path

    docs = []
    for item in read_path(path):
        if isinstance(item, ReadFailure):
            if not item.skipped:
                raise InputError(str(item.path), item.reason, line=item.line)
            continue
        docs.append(item)
    if len(docs) != 1:
        raise InputError(str(path), f"expected one report in this file, read {len(docs)}")
    doc = docs[0]
    if doc.meta.published is None and gold_published:
        doc = replace(doc, meta=replace(doc.meta, published=gold_published))
    return doc


def _report_path(reports_dir: Path, gpath: Path, gold: dict[str, Any]) -> Path:
    report = gold.get("report") if isinstance(gold.get("report"), dict) else {}
    return reports_dir / (report.get("file") or gpath.stem + ".txt")


def evaluate(reports_dir: str | Path, gold_dir: str | Path) -> EvalResult:
    """Extract every report that has a gold file and score it. A report the extractor fails on
    scores as an empty prediction and is listed in ``failures`` (as the reference scorer does)."""
    from milgraph.loaders.extract import extract_document

    reports_dir, gold_dir = Path(reports_dir), Path(gold_dir)
    if not reports_dir.is_dir():
        raise InputError(str(reports_dir), "not a folder of reports")
    if not gold_dir.is_dir():
        raise InputError(str(gold_dir), "not a folder of gold files")
    gold_files = sorted(gold_dir.glob("*.json"))
    if not gold_files:
        raise InputError(str(gold_dir), "no gold .json files")
    result = EvalResult([], FileScore("micro"))
    for gpath in gold_files:
        gold = load_gold(gpath)
        rpath = _report_path(reports_dir, gpath, gold)
        if not rpath.is_file():
            raise InputError(str(gpath), f"no report file {rpath.name} in {reports_dir} for this gold file")
        try:
            pred: Extraction | dict = extract_document(read_report(rpath, (gold.get("report") or {}).get("published")))
        except Exception as exc:  # noqa: BLE001 - a failed file scores zero and is named, as in score.py
            print(f"{rpath.name}: extractor failed: {exc}", file=sys.stderr)
            result.failures.append(rpath.name)
            pred = {}
        fs = score_file(gpath.stem, pred, gold)
        result.files.append(fs)
        result.micro.add(fs)
    return result


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
    prf_line = lambda label, x: f"{label} P={x.p:.3f} R={x.r:.3f} F1={x.f1:.3f} (tp={x.tp} pred={x.pred} gold={x.gold})"  # noqa: E731
    lines += [prf_line("entities-lenient", m.entities_lenient), prf_line("event-roles-lenient", m.events_lenient),
              f"gold relations with both ends extracted={f(m.rel_ends.value)} (n={m.rel_ends.total})",
              prf_line("entities", m.entities), prf_line("relations", m.relations), prf_line("event-roles", m.events)]
    lines.append(f"relation modality accuracy={f(m.rel_modality.value)} (n={m.rel_modality.total})")
    lines.append(f"event date accuracy={f(m.ev_date.value)} modality accuracy={f(m.ev_modality.value)} "
                 f"count accuracy={f(m.ev_count.value)} (n={m.ev_date.total})")
    if result.failures:
        lines.append(f"files where the extractor failed: {len(result.failures)} ({', '.join(result.failures)})")
    return "\n".join(lines)


def iter_missing(result: EvalResult) -> Iterable[str]:
    for fs in result.files:
        for kind in ("entities", "relations", "events"):
            for x in fs.missing.get(kind, []):
                yield f"{fs.name} missing {kind}: {x}"
            for x in fs.spurious.get(kind, []):
                yield f"{fs.name} spurious {kind}: {x}"
