"""Tracking data: readers, legs, observed events and fusion with claims, on real sample tracks
(read from the traffic wheel, see tests/tracking_samples.py) and on AIS built with pyais."""

from __future__ import annotations

import json
from pathlib import Path

import pyais
import pytest
import yaml

from milgraph.loaders.legs import split_legs
from milgraph.loaders.places_by_coords import place_finder
from milgraph.loaders.read_ais import read_nmea
from milgraph.loaders.read_tracks import read_track_file, track_format
from milgraph.loaders.track_events import iso_time, track_extraction
from milgraph.pipeline import ingest
from tests.tracking_samples import sample_file


def legs_of(path: Path):
    track_file = read_track_file(path)
    assert len(track_file.tracks) == 1
    track = track_file.tracks[0]
    if track.legs is not None:  # streamed while read
        return track, track.legs
    return track, list(split_legs(track.points, track.kind, place_finder()))


def icao(endpoint):
    return endpoint.place.site.icao if endpoint.place else None


# ----------------------------------------------------------------------------- real tracks


def test_readsb_737_trace_gives_four_legs_with_their_airports_and_gaps(tmp_path):
    path = sample_file("b737", tmp_path)
    assert track_format(path) == "readsb"
    track, legs = legs_of(path)
    assert track.ids["icao24"] == "ac671b" and track.ids["registration"] == "N899DN"
    assert track.ids["type_icao"] == "B739" and track.ids["military"] is False
    assert track.count == 2500
    ends = [(leg.start.observed, icao(leg.start), leg.end.observed, icao(leg.end)) for leg in legs]
    assert ends == [
        (False, None, True, "KMSP"),  # first seen at cruise over Yucatan: the departure was not observed
        (True, "KMSP", False, None),  # lost descending near Spokane, seen again 8 hours later
        (False, None, True, "KMSP"),
        (True, "KMSP", True, "KDEN"),
    ]
    assert legs[1].end.likely is not None  # a hint only: never a FROM/TO
    assert [g.minutes for g in legs[0].gaps] == [48]  # over the Gulf of Mexico
    assert legs[1].ended_by_gap is not None and legs[1].ended_by_gap.minutes == 503
    assert len(legs[1].gaps) == 2 and len(legs[2].gaps) == 2 and legs[3].gaps == []


def test_carrier_flight_lands_at_sea_with_no_airport_endpoint(tmp_path):
    """The US Navy flight out of North Island traps on a carrier off San Diego: those legs end
    observed, at sea, with no airfield. (In this sample the airframe later flies back to North
    Island, so the file's last leg ends at KNZY.)"""
    track, legs = legs_of(sample_file("carrier", tmp_path))
    assert icao(legs[0].start) == "KNZY"
    at_sea = [leg for leg in legs if leg.end.observed and leg.end.place is None]
    assert at_sea, "no leg ends on the carrier"
    first = at_sea[0]
    assert first is legs[0] and iso_time(first.end.point.t) == "2020-09-14T22:26:09Z"
    assert round(first.end.point.lat, 2) == 31.39 and round(first.end.point.lon, 2) == -117.87
    assert place_finder().resolve(first.end.point.lat, first.end.point.lon, "aircraft", 50) is None
    assert icao(legs[-1].end) == "KNZY"


def test_records_format_and_unobserved_start(tmp_path):
    track, legs = legs_of(sample_file("refuelling", tmp_path))
    assert track.ids["icao24"] == "3b7777" and track.ids.get("callsign") == "FAF4011"
    assert len(legs) == 1 and not legs[0].start.observed and icao(legs[0].end) == "LFMI"


def test_fr24_c40_leg_ignores_the_filed_airports(tmp_path):
    path = sample_file("c40", tmp_path)
    track, legs = legs_of(path)
    assert track.ids["registration"] == "09-0540" and track.ids["icao24"] == "ae503d"
    assert [(icao(leg.start), icao(leg.end)) for leg in legs] == [("WMSA", "RCSS")]
    assert iso_time(legs[0].start.point.t).startswith("2022-08-02")


# ----------------------------------------------------------------------------- ingest and fusion


def _claims_file(folder: Path) -> Path:
    data = {
        "report": {"title": "Desk notes on a USAF C-40C", "publisher": "test desk"},
        "entities": [
            {"name": "09-0540", "label": "Aircraft", "kind": "C-40C", "registration": "09-0540"},
            {"name": "Kuala Lumpur", "label": "Place", "kind": "city", "lat": 3.139, "lon": 101.687},
            {"name": "Taipei", "label": "Place", "kind": "city", "lat": 25.033, "lon": 121.565},
            {"name": "Tokyo", "label": "Place", "kind": "city", "lat": 35.68, "lon": 139.77},
        ],
        "events": [
            {"label": "Flight", "date": "2022-08-02", "modality": "reported",
             "roles": {"USING": ["09-0540"], "FROM": ["Kuala Lumpur"], "TO": ["Taipei"]}},
            {"label": "Flight", "date": "2022-08-02", "modality": "reported",
             "roles": {"USING": ["09-0540"], "FROM": ["Kuala Lumpur"], "TO": ["Tokyo"]}},
            {"label": "Flight", "date": "2022-09-14", "modality": "reported",
             "roles": {"USING": ["09-0540"], "FROM": ["Kuala Lumpur"], "TO": ["Taipei"]}},
        ],
    }
    path = folder / "claims.facts.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    return path


def _fusion(store):
    return store.read(
        "MATCH (c:Event)-[r]->(o:Event) WHERE type(r) IN ['CORROBORATED_BY', 'CONTRADICTED_BY'] "
        "MATCH (c)-[:TO]->(to) RETURN type(r) AS type, c.date AS date, to.name AS claimed_to, r.matched AS matched, "
        "r.conflicts AS conflicts, r.identity AS identity, r.to_km AS to_km, o.departed_at AS departed_at "
        "ORDER BY date, claimed_to")


@pytest.mark.parametrize("tracks_first", [True, False])
def test_c40_claims_corroborated_contradicted_and_not_observed(falkordb_store, tmp_path, tracks_first):
    track = sample_file("c40", tmp_path)
    claims = _claims_file(tmp_path)
    for paths in ([track], [claims]) if tracks_first else ([claims], [track]):
        summary = ingest(falkordb_store, paths)
        assert summary.ok, summary.failed
    rows = _fusion(falkordb_store)
    assert [(r["type"], r["date"], r["claimed_to"], r["conflicts"]) for r in rows] == [
        ("CORROBORATED_BY", "2022-08-02", "Taipei", []),
        ("CONTRADICTED_BY", "2022-08-02", "Tokyo", ["TO"]),
    ]
    assert rows[0]["matched"] == ["date", "FROM", "TO"] and rows[0]["to_km"] < 10
    assert rows[1]["to_km"] > 2000 and rows[0]["departed_at"] == "2022-08-02T07:41:42Z"
    track_node = falkordb_store.read("MATCH (t:Track)-[:TRACK_OF]->(a:Aircraft) RETURN t, a")[0]
    assert track_node["t"]["point_count"] == 871 and track_node["t"]["provider"] == "Flightradar24"
    assert len(track_node["t"]["sha256"]) == 64 and track_node["a"]["icao24"] == "ae503d"
    source = falkordb_store.read("MATCH (s:Source {kind: 'tracking'}) RETURN s.name AS name, s.licence AS licence")
    assert source == [{"name": "Flightradar24", "licence": "Flightradar24 terms: not for redistribution"}]
    # ingesting the track again changes nothing
    again = ingest(falkordb_store, [track])
    assert again.loaded == [] and len(_fusion(falkordb_store)) == 2


def test_bad_track_file_is_named_with_its_record_and_the_rest_loads(falkordb_store, tmp_path):
    good = sample_file("b737", tmp_path)
    bad = tmp_path / "trace_full_bad.json"
    data = json.loads(good.read_text())
    data["icao"] = "abcdef"
    data["trace"] = data["trace"][:5] + [[9.0, "north", -88.0, 32000, 470.0, 330.0, 0]] + data["trace"][5:]
    bad.write_text(json.dumps(data))
    summary = ingest(falkordb_store, [tmp_path])
    assert summary.loaded == [str(good)]
    assert len(summary.failed) == 1 and summary.failed[0].reason.startswith(f"{bad}: trace point 6: latitude 'north' is not a number")
    assert falkordb_store.read("MATCH (t:Track) RETURN t.icao24 AS icao24") == [{"icao24": "ac671b"}]
    assert falkordb_store.read("MATCH (e:Flight {modality: 'observed'}) RETURN count(e) AS n") == [{"n": 4}]


# ----------------------------------------------------------------------------- AIS


def _nmea(data: dict) -> list[str]:
    return pyais.encode_dict(data, talker_id="AI", sentence_type="VDM")


def _sparta_nmea(folder: Path) -> Path:
    """Sentences encoded from known values: a ship moored at Tartus, sailing, moored at Tobruk
    (24-25 December 2024, one report an hour)."""
    mmsi, start = 273123456, 1_735_000_000
    lines = [f"\\c:{start}*00\\{s}" for s in _nmea({"type": 5, "mmsi": mmsi, "imo": 9074729,
                                                    "shipname": "SPARTA IV", "ship_type": 70, "callsign": "UBCF7"})]
    track = [(34.905, 35.873, 0.0, 5)] * 4 + [(34.7, 35.5, 12.0, 0), (34.0, 33.0, 12.0, 0), (33.0, 28.0, 12.0, 0),
                                              (32.3, 24.5, 11.0, 0)] + [(32.08, 23.98, 0.0, 5)] * 4
    for i, (lat, lon, speed, status) in enumerate(track):
        t = start + i * 3600
        for sentence in _nmea({"type": 1, "mmsi": mmsi, "lat": lat, "lon": lon, "speed": speed, "status": status}):
            lines.append(f"{iso_time(t)} {sentence}")
    path = folder / "ships.nmea"
    path.write_text("\n".join(lines) + "\n")
    return path


def test_nmea_positions_and_identity_round_trip_through_pyais(tmp_path):
    path = _sparta_nmea(tmp_path)
    assert track_format(path) == "nmea"
    track_file = read_nmea(path)
    vessel = track_file.tracks[0]
    assert vessel.ids == {"mmsi": "273123456", "imo": "9074729", "name": "SPARTA IV", "ship_type": "Cargo",
                          "callsign": "UBCF7"}
    assert vessel.count == 12 and len(vessel.legs) == 1  # streamed: legs kept, points not
    extraction = track_extraction(track_file)
    voyages = [e for e in extraction.events if e.label == "Voyage"]
    assert [(e.roles.get("FROM"), e.roles.get("TO"), e.modality) for e in voyages] == [
        (["base:tartus"], ["base:tobruk"], "observed")]


def test_nmea_without_time_is_refused_naming_the_line(tmp_path):
    path = tmp_path / "no-time.nmea"
    path.write_text("\n".join(_nmea({"type": 18, "mmsi": 273123457, "lat": 34.9, "lon": 35.8, "speed": 3.0})) + "\n")
    from milgraph.loaders.tracks import TrackProblem

    with pytest.raises(TrackProblem) as info:
        read_nmea(path)
    assert info.value.line == 1 and "no time" in info.value.reason


def test_ais_csv_with_common_columns_and_speed_scale(tmp_path):
    from milgraph.loaders.read_ais import read_ais_csv

    rows = ["MMSI,BaseDateTime,LAT,LON,SOG,COG,Heading,VesselName,IMO,Status"]
    for i in range(6):
        rows.append(f"273123456,2024-12-20T{i:02d}:00:00,{34.905 - i * 0.2:.3f},35.873,{0 if i in (0, 5) else 120},"
                    f"180,180,SPARTA IV,IMO9074729,{'moored' if i in (0, 5) else 'under way using engine'}")
    path = tmp_path / "ais.csv"
    path.write_text("\n".join(rows) + "\n")
    assert track_format(path) == "ais_csv"
    points = []
    from milgraph.loaders import read_ais
    from milgraph.loaders.read_tracks import BufferSink, open_stream

    sink = BufferSink("vessel")
    with open_stream(path) as stream:
        read_ais._feed_ais_csv(stream, sink, 0.1, None)
    points = sink.finish()[0].points
    assert [p.speed_kt for p in points] == [0.0, 12.0, 12.0, 12.0, 12.0, 0.0]
    assert [p.ground for p in points] == [True, False, False, False, False, True]
    vessel = read_ais_csv(path, speed_scale=0.1).tracks[0]
    assert vessel.ids["imo"] == "9074729" and vessel.ids["name"] == "SPARTA IV"
    assert vessel.count == 6 and [(leg.start.observed, leg.end.observed) for leg in vessel.legs] == [(True, True)]
    bad = tmp_path / "bad.csv"
    bad.write_text(rows[0] + "\n" + rows[1] + "\n273123456,yesterday,34.9,35.8,0,0,0,X,,moored\n")
    from milgraph.loaders.tracks import TrackProblem

    with pytest.raises(TrackProblem) as info:
        read_ais_csv(bad)
    assert info.value.line == 3 and "time 'yesterday'" in info.value.reason


def test_opensky_state_vectors_and_flight_list(tmp_path):
    states = tmp_path / "states.csv"
    lines = ["time,icao24,lat,lon,velocity,heading,vertrate,callsign,onground,alert,spi,squawk,baroaltitude,geoaltitude"]
    # a take-off from Benina and a landing at Khmeimim, in metres and m/s
    pts = [(0, 32.097, 20.270, 0, True, 0), (60, 32.097, 20.270, 60, False, 50)]
    pts += [(600 * i, 32.1 + i * 0.3, 20.3 + i * 1.5, 220, False, 9000) for i in range(1, 10)]
    pts += [(6600, 35.40, 35.94, 70, False, 150), (6700, 35.401, 35.949, 10, True, 0)]
    for t, lat, lon, v, ground, alt in pts:
        lines.append(f"{1735000000 + t},4b1805,{lat},{lon},{v},90,0,RBS123,{str(ground).lower()},false,false,,{alt},{alt}")
    states.write_text("\n".join(lines) + "\n")
    assert track_format(states) == "opensky"
    extraction = track_extraction(read_track_file(states))
    flights = [(e.roles.get("FROM"), e.roles.get("TO")) for e in extraction.events]
    assert flights == [(["base:benina"], ["base:khmeimim"])]
    # rows out of time order cannot stream: the file is read again whole and sorted
    shuffled = tmp_path / "shuffled.csv"
    shuffled.write_text("\n".join([lines[0]] + lines[:0:-1]) + "\n")
    again = track_extraction(read_track_file(shuffled))
    assert [(e.roles.get("FROM"), e.roles.get("TO")) for e in again.events] == flights
    listed = tmp_path / "flights.csv"
    listed.write_text("icao24,callsign,firstSeen,lastSeen,estDepartureAirport,estArrivalAirport\n"
                      "4b1805,RBS123,1735000000,1735007000,HLLB,OSLK\n4b1805,RBS124,1735100000,1735107000,OSLK,\n")
    assert track_format(listed) == "opensky_flights"
    events = track_extraction(read_track_file(listed)).events
    assert [(e.roles.get("FROM"), e.roles.get("TO")) for e in events] == [
        (["base:benina"], ["base:khmeimim"]), (["base:khmeimim"], None)]


def test_demo_tracks_corroborate_demo_claims(falkordb_store):
    """`make demo` ingests two synthetic tracks of its own making: the An-124 RA-82038 leg
    Khmeimim -> al-Khadim on 26 December (the same airframe as report 03 and the facts file)
    and a Rubistar Il-76 leg Minsk -> Benina on 13 December (claims naming the operator, and the
    operator with the aircraft type)."""
    from milgraph.quickstart import demo_inputs

    summary = ingest(falkordb_store, demo_inputs())
    assert summary.ok, summary.failed
    rows = falkordb_store.read(
        "MATCH (c:Event)-[r:CORROBORATED_BY]->(o:Event)-[:USING]->(a:Aircraft) "
        "RETURN DISTINCT a.name AS craft, c.date AS date, r.identity AS identity, r.matched AS matched "
        "ORDER BY craft, identity")
    assert {(r["craft"], r["date"], r["identity"]) for r in rows} >= {("RA-82038", "2024-12-26", "node")}
    rubistar = {r["identity"] for r in rows if r["craft"] == "EW-DEMO1" and r["date"] == "2024-12-13"}
    assert rubistar and rubistar <= {"operator", "type+operator"}
    assert all(r["matched"] == ["date", "FROM", "TO"] for r in rows)


def test_an_edited_track_file_replaces_its_own_legs(falkordb_store, tmp_path):
    path = sample_file("b737", tmp_path)
    assert ingest(falkordb_store, [path]).loaded == [str(path)]
    data = json.loads(path.read_text())
    data["trace"] = data["trace"][:800]  # the first leg, then minutes of taxi and climb (too short a leg)
    path.write_text(json.dumps(data))
    summary = ingest(falkordb_store, [path])
    assert summary.replaced == [str(path)]
    assert falkordb_store.read("MATCH (t:Track) RETURN t.point_count AS n") == [{"n": 800}]
    assert falkordb_store.read("MATCH (e:Flight {modality: 'observed'}) RETURN count(e) AS n") == [{"n": 1}]


def test_gzip_readsb_trace_under_a_json_name_reads_the_same(tmp_path):
    import gzip

    plain = sample_file("b737", tmp_path)
    packed = tmp_path / "trace_full_packed.json"
    packed.write_bytes(gzip.compress(plain.read_bytes()))
    assert track_format(packed) == "readsb"
    _, legs = legs_of(packed)
    _, plain_legs = legs_of(plain)
    assert [(icao(leg.start), icao(leg.end)) for leg in legs] == [(icao(leg.start), icao(leg.end)) for leg in plain_legs]


def test_opensky_rest_states_object(tmp_path):
    path = tmp_path / "states.json"
    states = [["4b1805", "RBS123  ", "Switzerland", 1735000000, 1735000001, 20.27, 32.097, 0.0, True, 3.0, 90.0,
               0.0, None, 10.0, "1000", False, 0],
              ["3c6444", "DLH4AB  ", "Germany", 1735000005, 1735000006, 8.6, 50.0, 10000.0, False, 230.0, 90.0,
               0.0, None, 10100.0, "2000", False, 0]]
    path.write_text(json.dumps({"time": 1735000010, "states": states}))
    assert track_format(path) == "opensky"
    track_file = read_track_file(path)
    tracks = {t.ids["icao24"]: t for t in track_file.tracks}
    assert sorted(tracks) == ["3c6444", "4b1805"] and tracks["4b1805"].ids["callsign"] == "RBS123"
    assert [t.count for t in track_file.tracks] == [1, 1] and track_file.provider == "OpenSky Network"


def test_nmea_class_b_position_and_static_report(tmp_path):
    mmsi, start = 244123456, 1_735_000_000
    lines = [f"\\c:{start}*00\\{s}" for s in _nmea({"type": 24, "mmsi": mmsi, "partno": 0, "shipname": "LITTLE TERN"})]
    for i in range(3):
        for s in _nmea({"type": 18, "mmsi": mmsi, "lat": 35.0 + i * 0.1, "lon": 35.5, "speed": 6.0}):
            lines.append(f"{start + i * 600} {s}")
    path = tmp_path / "class-b.txt"
    path.write_text("\n".join(lines) + "\n")
    assert track_format(path) == "nmea"
    vessel = read_nmea(path).tracks[0]
    assert vessel.ids == {"mmsi": "244123456", "name": "LITTLE TERN"} and vessel.count == 3


def test_a_reported_voyage_of_a_named_ship_is_corroborated_by_ais(falkordb_store, tmp_path):
    claims = tmp_path / "voyage.facts.yaml"
    claims.write_text(yaml.safe_dump({
        "report": {"title": "Desk note on the Sparta IV", "publisher": "test desk"},
        "entities": [{"name": "Sparta IV", "label": "Vessel", "kind": "cargo_ship"},
                     {"name": "Tartus", "label": "Base", "kind": "naval_base", "lat": 34.905, "lon": 35.873},
                     {"name": "Tobruk", "label": "Base", "kind": "port", "lat": 32.077, "lon": 23.976},
                     {"name": "Benghazi port", "label": "Base", "kind": "port", "lat": 32.117, "lon": 20.05}],
        "events": [{"label": "Voyage", "date": "2024-12", "modality": "reported",
                    "roles": {"USING": ["Sparta IV"], "FROM": ["Tartus"], "TO": ["Tobruk"]}},
                   {"label": "Voyage", "date": "2024-12-24", "modality": "reported",
                    "roles": {"USING": ["Sparta IV"], "FROM": ["Tartus"], "TO": ["Benghazi port"]}}]}))
    summary = ingest(falkordb_store, [claims, _sparta_nmea(tmp_path)])
    assert summary.ok, summary.failed
    rows = falkordb_store.read(
        "MATCH (c:Voyage)-[r]->(o:Voyage) MATCH (c)-[:TO]->(to) "
        "RETURN type(r) AS type, to.name AS to, r.identity AS identity, r.conflicts AS conflicts ORDER BY to")
    assert rows == [
        {"type": "CONTRADICTED_BY", "to": "Benghazi port", "identity": "node", "conflicts": ["TO"]},
        {"type": "CORROBORATED_BY", "to": "Tobruk", "identity": "node", "conflicts": []},
    ]


def test_tracking_options_beside_a_file_map_columns_scale_speed_and_name_the_provider(falkordb_store, tmp_path):
    folder = tmp_path / "ais"
    folder.mkdir()
    rows = ["ship_id,when,y,x,sog_tenths,nav"]
    for i in range(6):
        rows.append(f"273123456,2024-12-20T{i:02d}:00:00,{34.905 - i * 0.2:.3f},35.873,{0 if i in (0, 5) else 120},"
                    f"{'moored' if i in (0, 5) else 'under way'}")
    (folder / "export.csv").write_text("\n".join(rows) + "\n")
    (folder / "export.csv.tracking.yaml").write_text(yaml.safe_dump({
        "provider": "Coastal receiver network", "licence": "CC BY 4.0", "speed_scale": 0.1,
        "columns": {"ship_id": "mmsi", "when": "time", "y": "lat", "x": "lon", "sog_tenths": "speed", "nav": "status"}}))
    summary = ingest(falkordb_store, [folder])
    assert summary.ok and summary.loaded == [str(folder / "export.csv")], (summary.failed, summary.skipped)
    rows = falkordb_store.read("MATCH (e:Voyage)-[:OBSERVED_IN]->(t:Track) MATCH (s:Source {kind: 'tracking'}) "
                               "RETURN t.provider AS provider, s.licence AS licence, t.point_count AS points")
    assert rows == [{"provider": "Coastal receiver network", "licence": "CC BY 4.0", "points": 6}]
    (folder / "export.csv.tracking.yaml").write_text("speed_scale: 0.1\ncolour: blue\n")
    failed = ingest(falkordb_store, [folder / "export.csv"]).failed
    assert len(failed) == 1 and "export.csv.tracking.yaml: unknown key 'colour'" in failed[0].reason
