"""Tracking data throughput: points read, split into legs and written; fusion of claims with legs.

1. **Ingest**: a synthetic OpenSky state-vector CSV (``--points`` rows, many aircraft
   interleaved in time order, flying between the gazetteer's airfields with ground stops and
   coverage gaps) through ``milgraph ingest`` into a fresh embedded store: read (streamed), legs,
   observed events, Track nodes, leg details. Peak memory of this process (ru_maxrss) is
   reported; run two sizes to see that it does not grow with the points.
2. **Fusion**: ``--claims`` reported flights against ``--legs`` observed legs written straight
   into a fresh store (setup not timed), then ``fuse(store)`` timed: reading both sides,
   matching, and writing the edges. The matching alone (in memory) is timed too.

    .venv/bin/python bench/bench_tracking.py [--points 1000000] [--claims 10000] [--legs 100000] [--no-write]
"""

from __future__ import annotations

import argparse
import csv
import math
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from results import machine, replace_section  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from milgraph.config import StoreConfig  # noqa: E402
from milgraph.graph.falkordb_store import FalkorDBStore  # noqa: E402
from milgraph.graph.store import Statement  # noqa: E402
from milgraph.graph.tracking import fuse, fusion_edges, read_movements  # noqa: E402
from milgraph.loaders.places_by_coords import place_finder  # noqa: E402
from milgraph.pipeline import ingest  # noqa: E402

STEP_S = 10  # seconds between state vectors, as OpenSky's historical data has them


def airfields() -> list[tuple[float, float]]:
    finder = place_finder()
    return sorted({(s.lat, s.lon) for cell in finder.gaz_air.cells.values() for s in cell})


def write_state_vectors(path: Path, points: int, aircraft: int, seed: int = 7) -> None:
    """Exactly ``points`` rows in time order, aircraft interleaved: each aircraft alternates
    ground stops and flights between random airfields, with a coverage gap now and then.
    Generated lazily, so the generator's own memory stays small."""
    rng = random.Random(seed)
    fields = airfields()
    plans = [_plan(random.Random(rng.random()), fields) for _ in range(aircraft)]
    start = 1_735_000_000
    written = 0
    with open(path, "w", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["time", "icao24", "lat", "lon", "velocity", "heading", "vertrate", "callsign", "onground",
                      "alert", "spi", "squawk", "baroaltitude", "geoaltitude"])
        step = 0
        while written < points:
            t = start + step * STEP_S
            step += 1
            for index, plan in enumerate(plans):
                row = next(plan)
                if row is None or written >= points:
                    continue  # a coverage gap
                lat, lon, ground, speed, alt = row
                out.writerow([t, f"{0x400000 + index:06x}", f"{lat:.5f}", f"{lon:.5f}", f"{speed:.1f}", "90", "0",
                              f"BNC{index:04d}", "true" if ground else "false", "false", "false", "",
                              f"{alt:.0f}", f"{alt:.0f}"])
                written += 1


def _plan(rng: random.Random, fields: list):
    """One aircraft's rows (one per time step, None while out of coverage), forever."""
    here = rng.choice(fields)
    while True:
        for _ in range(rng.randint(60, 240)):  # 10-40 minutes on the ground
            yield (here[0], here[1], True, 0.0, 0.0)
        there = rng.choice(fields)
        if there == here:
            continue
        km = math.dist(here, there) * 111
        n = max(30, int(km / 2.2))  # ~2.2 km per 10 s at cruise
        gap_at = rng.randint(n // 4, n // 2) if rng.random() < 0.3 else -1
        for i in range(1, n):
            f = i / n
            climb = min(1.0, i / 20, (n - i) / 20)
            if gap_at <= i < gap_at + 120:
                yield None
                continue
            yield (here[0] + (there[0] - here[0]) * f, here[1] + (there[1] - here[1]) * f, False,
                   80 + 140 * climb, max(150.0, 10000 * climb))
        here = there


def bench_ingest(points: int, aircraft: int) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "states.csv"
        write_state_vectors(path, points, aircraft)
        size_mib = path.stat().st_size / 2**20
        store = FalkorDBStore(StoreConfig(data_dir=Path(tmp) / "db"))
        try:
            store.init_schema()
            place_finder()  # the gazetteer and airportsdata, loaded once per process
            started = time.perf_counter()
            summary = ingest(store, [path])
            seconds = time.perf_counter() - started
            assert summary.ok, summary.failed
            legs = store.read("MATCH (e:Event {modality: 'observed'}) RETURN count(e) AS n")[0]["n"]
            tracks = store.read("MATCH (t:Track) RETURN count(t) AS n, sum(t.point_count) AS points")[0]
        finally:
            store.close()
    return {"points": points, "aircraft": aircraft, "file_mib": size_mib, "seconds": seconds, "legs": legs,
            "tracks": tracks["n"], "points_counted": tracks["points"],
            "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def bench_fusion(claims: int, legs: int, seed: int = 11) -> dict:
    rng = random.Random(seed)
    airports = [f"base:bench-{i}" for i in range(200)]
    coords = {a: (rng.uniform(-40, 60), rng.uniform(-20, 120)) for a in airports}
    crafts = [f"aircraft:bench-{i}" for i in range(2000)]
    observed = []
    for i in range(legs):
        a, b = rng.sample(airports, 2)
        day = f"2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        observed.append({"id": f"event:observed-{i}", "date": day, "craft": crafts[i % len(crafts)], "from": a, "to": b,
                         "props": {"modality": "observed", "date": day, "date_precision": "day",
                                   "departed_at": day + "T10:00:00Z", "arrived_at": day + "T13:00:00Z",
                                   "from_observed": True, "to_observed": True,
                                   "from_lat": coords[a][0], "from_lon": coords[a][1],
                                   "to_lat": coords[b][0], "to_lon": coords[b][1]}})
    reported = []
    for i in range(claims):
        leg = observed[rng.randrange(legs)]
        kind = i % 4
        to = leg["to"] if kind < 2 else rng.choice(airports)
        day = leg["date"] if kind != 3 else "2023-06-15"
        reported.append({"id": f"event:claim-{i}", "date": day, "craft": leg["craft"], "from": leg["from"], "to": to,
                         "props": {"modality": "reported", "date": day, "date_precision": "day"}})
    with tempfile.TemporaryDirectory() as tmp:
        store = FalkorDBStore(StoreConfig(data_dir=Path(tmp) / "db"))
        try:
            store.init_schema()
            setup = time.perf_counter()
            _write_bench_graph(store, airports, coords, crafts, observed + reported)
            setup_s = time.perf_counter() - setup
            started = time.perf_counter()
            result = fuse(store)
            fuse_s = time.perf_counter() - started
            started = time.perf_counter()
            data = read_movements(store)
            read_s = time.perf_counter() - started
            started = time.perf_counter()
            fusion_edges(*data)
            match_s = time.perf_counter() - started
        finally:
            store.close()
    return {"claims": claims, "legs": legs, "setup_s": setup_s, "fuse_s": fuse_s, "read_s": read_s,
            "match_s": match_s, **result}


def _write_bench_graph(store, airports, coords, crafts, events) -> None:
    store.write("UNWIND $rows AS row CREATE (:Entity:Base {id: row.id, name: row.id, lat: row.lat, lon: row.lon})",
                {"rows": [{"id": a, "lat": coords[a][0], "lon": coords[a][1]} for a in airports]})
    store.write("UNWIND $rows AS row CREATE (:Entity:Aircraft {id: row.id, name: row.id, registration: row.id})"
                "<-[:TRACK_OF]-(:Entity:Track {id: 'track:' + row.id, name: row.id})",
                {"rows": [{"id": c} for c in crafts]})
    for start in range(0, len(events), 5000):
        chunk = events[start:start + 5000]
        store.write_batch([
            Statement("UNWIND $rows AS row CREATE (e:Event:Flight {id: row.id}) SET e += row.props", {"rows": chunk}),
            Statement("UNWIND $rows AS row MATCH (e:Event {id: row.id}) MATCH (c:Entity {id: row.craft}) "
                      "CREATE (e)-[:USING]->(c)", {"rows": chunk}),
            Statement("UNWIND $rows AS row MATCH (e:Event {id: row.id}) MATCH (a:Entity {id: row.from}) "
                      "CREATE (e)-[:FROM]->(a)", {"rows": chunk}),
            Statement("UNWIND $rows AS row MATCH (e:Event {id: row.id}) MATCH (b:Entity {id: row.to}) "
                      "CREATE (e)-[:TO]->(b)", {"rows": chunk}),
        ])


RESULTS = Path(__file__).resolve().parent / "RESULTS.md"
SECTION = "## Tracking data"




def write_section(small: dict, big: dict, fusion: dict) -> None:
    text = f"""{SECTION}

`bench/bench_tracking.py`: a synthetic OpenSky state-vector CSV ({big['aircraft']} aircraft interleaved in time
order, flying between the gazetteer's airfields with ground stops and coverage gaps) through
`milgraph ingest` into a fresh embedded store, first {small['points']:,} rows then {big['points']:,} (peak memory is
the process's high-water mark after each); then {fusion['claims']:,} reported flights fused with
{fusion['legs']:,} observed legs written straight into another fresh store (that setup, {fusion['setup_s']:.0f} s, is
not timed). One run.

| measure | result | target |
|---|---|---|
| {big['points']:,} points read, split into legs, written ({big['legs']:,} legs, {big['tracks']} Track nodes) | {big['seconds']:.1f} s ({big['points'] / big['seconds']:,.0f} points/s) | under 60 s |
| peak memory of the milgraph process after {small['points']:,} points | {small['peak_mib']:.0f} MiB | |
| peak memory of the milgraph process after {big['points']:,} points | {big['peak_mib']:.0f} MiB | bounded (streamed) |
| `fuse(store)`: {fusion['claims']:,} claims x {fusion['legs']:,} legs, read + match + write | {fusion['fuse_s']:.1f} s (read {fusion['read_s']:.1f} s, match {fusion['match_s']:.1f} s); {fusion['corroborated']:,} corroborated, {fusion['contradicted']:,} contradicted | under 10 s |

The CSV, JSON-lines and NMEA readers stream: each airframe has one open leg in memory, points
are not kept. A file not in time order per airframe is read again whole and sorted (memory then
grows with that file). Fusion reads only the observed legs of airframes a claim can name,
within the claim's date window, so its cost grows with the claims rather than with all legs.
Much of the read time is the FalkorDB client parsing RESP replies in Python (no hiredis), which
is why each event comes back as one packed text value.

Machine: {machine()}.
"""
    replace_section(text)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--points", type=int, default=1_000_000)
    parser.add_argument("--aircraft", type=int, default=200)
    parser.add_argument("--claims", type=int, default=10_000)
    parser.add_argument("--legs", type=int, default=100_000)
    parser.add_argument("--no-write", action="store_true", help="print only; leave bench/RESULTS.md alone")
    args = parser.parse_args()
    runs = []
    for points in (args.points // 5, args.points):  # the smaller first: peak memory only grows
        r = bench_ingest(points, args.aircraft)
        runs.append(r)
        print(f"ingest: {r['points']:,} points ({r['file_mib']:.0f} MiB CSV, {r['aircraft']} aircraft) -> "
              f"{r['legs']:,} legs, {r['tracks']} tracks ({int(r['points_counted']):,} points counted) in "
              f"{r['seconds']:.1f} s ({r['points'] / r['seconds']:,.0f} points/s); peak memory {r['peak_mib']:.0f} MiB")
    fusion = bench_fusion(args.claims, args.legs)
    print(f"fusion: {fusion['claims']:,} claims x {fusion['legs']:,} legs: fuse(store) {fusion['fuse_s']:.1f} s "
          f"(read {fusion['read_s']:.1f} s, match {fusion['match_s']:.2f} s); {fusion['corroborated']:,} corroborated, "
          f"{fusion['contradicted']:,} contradicted; setup {fusion['setup_s']:.1f} s (not timed)")
    if not args.no_write:
        write_section(*runs, fusion)


if __name__ == "__main__":
    main()
