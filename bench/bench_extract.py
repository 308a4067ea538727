"""Extraction speed: reports per second on one core, on synthetic ~800-word reports.

The reports are built from the project's own sentence templates (no third-party text), filled
with names of the theatre, so the matcher and the rules do realistic work. Each run extracts
every report once; the figure is the median over several runs. Writes the numbers into
bench/RESULTS.md under "## Extraction speed" (other sections of that file are left alone).

    .venv/bin/python bench/bench_extract.py [--reports 60] [--runs 5] [--no-write]
"""

from __future__ import annotations

import argparse
import os
import random
import re
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from results import machine, replace_section  # noqa: E402

from milgraph.graph.records import Document, ReportMeta
from milgraph.loaders.extract import extract_document
from milgraph.loaders.gazetteer import load_gazetteer

TEMPLATES = [
    "{state} is moving {eq} from {base} to {region}, {src} reported on {date}.",
    "A {adj} {actype} cargo plane made {n} {c1}-{c2} trips within a week, according to {data}.",
    "An {actype} ({reg}) operated by {airline} landed at {base2} last night after leaving {base}.",
    "The landing ship {ship} and the tanker {ship2} are expected to arrive at {port} on {date}.",
    "{person}, who heads {org}, held a telephone conversation with {leader} on {date}.",
    "{src} said {org} maintains a presence in {c1}, {c2} and {c3}.",
    "The {adj} port of {port} has been controlled by {org} since the war began.",
    "{state} is considering upgrading facilities at {base2} to host more aircraft, {officials} said.",
    "Satellite imagery shows new hangars and a longer runway at {base}, which lies south of {city}.",
    "Moscow-backed {leader} met {adj} officials to discuss deliveries of {eq} and {eq2}.",
    "It remains unclear whether the {eq} batteries will stay in {c1} or return to Russia.",
    "Analysts note that the airport handled {n} flights by {airline} in {month}.",
    "{org} fighters were seen near {city}, where local residents described armoured convoys.",
    "The report added that the logistics hub would shorten routes to {c2} and {c3}.",
    "Residents said the convoy carried fuel, spare parts and food for the garrison.",
    "Officials in {city} declined to comment on the reports of new deliveries.",
]


def build_reports(count: int, words: int = 800, seed: int = 7) -> list[Document]:
    gaz = load_gazetteer()
    rnd = random.Random(seed)
    pick = {
        "state": ["Russia", "Moscow", "The Kremlin"],
        "adj": ["Russian", "Libyan", "Sudanese", "Malian", "Syrian"],
        "eq": ["S-400", "S-300", "Pantsir-S1", "Buk-M2", "Tor-M2", "T-72 tanks", "BTR-82A", "Krasukha"],
        "eq2": ["ammunition", "Orlan drones", "Ka-52 helicopters", "Su-24 jets", "radars"],
        "base": ["Khmeimim", "Hmeimim", "Tartus", "al-Khadim", "al-Jufra", "Brak al-Shati", "Benina"],
        "base2": ["Maaten al-Sarra", "Ghardabiya", "Bamako airport", "Niamey airport", "Bangui airport", "Port Sudan"],
        "port": ["Tobruk", "Tartus", "Port Sudan", "Alexandria"],
        "region": ["eastern Libya", "Cyrenaica", "the Fezzan", "southern Libya", "Darfur"],
        "city": ["Benghazi", "Sirte", "Gao", "Agadez", "Sabha", "Latakia"],
        "c1": ["Libya", "Mali", "Niger", "Sudan", "Syria", "Burkina Faso"],
        "c2": ["Mali", "Niger", "Chad", "the Central African Republic", "Sudan"],
        "c3": ["Burkina Faso", "Belarus", "Egypt", "Algeria"],
        "src": ["Reuters", "The Wall Street Journal", "TASS", "HUR", "the Institute for the Study of War", "Le Monde"],
        "data": ["flight data", "flight-tracking data", "satellite imagery"],
        "officials": ["US officials", "Libyan officials", "French officials"],
        "actype": ["Il-76", "An-124", "Il-76TD", "Tu-154"],
        "reg": ["RA-78765", "RA-82038", "EW-78843", "RA-76502"],
        "airline": ["Rubistar", "Cham Wings", "Aviacon Zitotrans", "the 224th Flight Unit"],
        "ship": ["Ivan Gren", "Alexander Otrakovsky", "Sparta IV"],
        "ship2": ["Ivan Skoblev", "Akademik Pashin", "Vyazma"],
        "person": ["Abdourahamane Tiani", "Assimi Goita", "Ibrahim Traore", "Abdel Fattah al-Burhan"],
        "org": ["the Libyan National Army", "Wagner", "Africa Corps", "the Rapid Support Forces", "the LNA"],
        "leader": ["Khalifa Haftar", "Vladimir Putin", "Yunus-Bek Yevkurov", "Saddam Haftar"],
        "n": ["two", "three", "four", "five"],
        "date": ["13 December", "Jan. 5", "March 26", "Wednesday", "June 10th"],
        "month": ["December 2024", "January", "early March"],
    }
    assert gaz.entries
    docs = []
    for i in range(count):
        parts: list[str] = []
        n = 0
        while n < words:
            tpl = rnd.choice(TEMPLATES)
            sent = re.sub(r"\{(\w+)\}", lambda m: rnd.choice(pick[m.group(1)]), tpl)
            sent = sent[0].upper() + sent[1:]
            parts.append(sent)
            n += len(sent.split())
        paras = [" ".join(parts[j:j + 4]) for j in range(0, len(parts), 4)]
        docs.append(Document(text="\n\n".join(paras),
                             meta=ReportMeta(id=f"bench-{i}", title="Russian logistics update", published="2025-01-15")))
    return docs


def run(reports: int, runs: int) -> dict:
    docs = build_reports(reports)
    extract_document(docs[0])  # warm-up: gazetteer and regexes compiled once per process
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        for d in docs:
            extract_document(d)
        times.append(time.perf_counter() - t0)
    med = statistics.median(times)
    # baseline in the same run: only the gazetteer lookup (tokens + trie) over the same texts
    gaz = load_gazetteer()
    base_times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        for d in docs:
            gaz.find(d.text)
        base_times.append(time.perf_counter() - t0)
    base = statistics.median(base_times)
    words = statistics.mean(len(d.text.split()) for d in docs)
    t0 = time.perf_counter()
    load_gazetteer.cache_clear()
    load_gazetteer()
    gaz_load = time.perf_counter() - t0
    return {"reports": reports, "runs": runs, "words": words, "median_s": med,
            "reports_per_s": reports / med, "ms_per_report": 1000 * med / reports,
            "min_rps": reports / max(times), "max_rps": reports / min(times), "gazetteer_load_s": gaz_load,
            "baseline_rps": reports / base, "ratio": med / base}




def write_results(res: dict, path: Path) -> None:
    section = [
        "## Extraction speed",
        "",
        f"`bench/bench_extract.py`: {res['reports']} synthetic reports of ~{res['words']:.0f} words "
        f"(built from the project's own sentence templates), one process, one core, median of {res['runs']} runs.",
        "",
        "| measure | value |",
        "|---|---|",
        f"| reports/s (median) | {res['reports_per_s']:.1f} |",
        f"| ms per report (median) | {res['ms_per_report']:.1f} |",
        f"| reports/s (slowest / fastest run) | {res['min_rps']:.1f} / {res['max_rps']:.1f} |",
        "| target | >= 50 reports/s (~20 ms/report) |",
        f"| baseline in the same run: gazetteer lookup only, reports/s | {res['baseline_rps']:.1f} |",
        f"| full extraction time / gazetteer-lookup time | {res['ratio']:.1f}x |",
        f"| one-off gazetteer + pattern load | {res['gazetteer_load_s'] * 1000:.0f} ms |",
        "",
        f"Machine: {res['machine']}. 1-minute load average {res['load_before']:.2f} before and "
        f"{res['load_after']:.2f} after the run (other jobs share this machine; a busy core lowers the figures).",
        "",
    ]
    if res.get("note"):
        section += [res["note"], ""]
    replace_section("\n".join(section), path)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reports", type=int, default=60)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--no-write", action="store_true")
    ap.add_argument("--note", default="", help="a paragraph added under the table (e.g. an earlier version's figures)")
    args = ap.parse_args(argv)
    mach = machine()
    try:
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
    except (AttributeError, OSError):
        pass
    load_before = os.getloadavg()[0]
    res = run(args.reports, args.runs)
    res["load_before"], res["load_after"] = load_before, os.getloadavg()[0]
    res["note"] = args.note
    res["machine"] = mach + " (the run is pinned to one core)"
    print(f"{res['reports_per_s']:.1f} reports/s, {res['ms_per_report']:.1f} ms/report "
          f"(~{res['words']:.0f} words, median of {res['runs']} runs; load {load_before:.2f} -> {res['load_after']:.2f}; "
          f"{res['ratio']:.1f}x the gazetteer-lookup baseline)")
    if not args.no_write:
        write_results(res, Path(__file__).resolve().parent / "RESULTS.md")
    return 0


if __name__ == "__main__":
    sys.exit(main())
