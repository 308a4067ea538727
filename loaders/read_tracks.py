"""Readers for aircraft tracking files: readsb/tar1090 traces, OpenSky state vectors and flight
lists, Flightradar24 flight records, and point records in traffic's column names.

Each reader returns a :class:`TrackFile` or raises :class:`TrackProblem` naming the record (or
line) at fault: a bad file is refused whole, so nothing of it is half-written. Which reader
applies is decided by :func:`track_format` from the file's content (and its name for NMEA and
AIS CSV); ship formats are in :mod:`milgraph.loaders.read_ais`.

Units in the graph-facing :class:`Point` are feet and knots; OpenSky's metres and m/s are
converted here.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import math
from collections.abc import Callable, Iterable
from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path
from typing import Any

from milgraph.loaders.tracks import (
    Point, Track, TrackFile, TrackProblem, file_sha256, normalise_icao24, normalise_registration,
)

FT_PER_M = 3.28084
KT_PER_MS = 1.943844
SNIFF_BYTES = 4096

PROVIDERS = {
    "readsb": ("readsb / tar1090", "as licensed by the feeder network that published it"),
    "fr24": ("Flightradar24", "Flightradar24 terms: not for redistribution"),
    "opensky": ("OpenSky Network", "OpenSky Network terms: research and non-commercial use"),
    "records": ("ADS-B point records", "as licensed by the publisher of the file"),
    "opensky_flights": ("OpenSky Network", "OpenSky Network terms: research and non-commercial use"),
}


# ----------------------------------------------------------------------------- point sinks


class OutOfOrder(Exception):
    """A point earlier than the one before it for the same airframe: the file must be read
    whole and sorted instead of streamed."""


class StreamSink:
    """Points per airframe or ship, split into legs as they arrive: memory holds one open leg
    per airframe, not the points. Needs each airframe's points in time order (interleaving
    airframes is fine); a repeated time keeps the first point."""

    def __init__(self, kind: str):
        from milgraph.loaders.legs import LegSplitter
        from milgraph.loaders.places_by_coords import place_finder

        self.kind = kind
        self.tracks: dict[str, Track] = {}
        self._splitters: dict[str, Any] = {}
        self._new_splitter = lambda: LegSplitter(kind, place_finder())

    def track(self, key: str, ids: dict | None = None) -> Track:
        track = self.tracks.get(key)
        if track is None:
            track = self.tracks[key] = Track(self.kind, dict(ids or {}), legs=[])
            self._splitters[key] = self._new_splitter()
        return track

    def add(self, key: str, point: Point) -> None:
        track = self.track(key)
        if track.last_t is not None and point.t <= track.last_t:
            if point.t < track.last_t:
                raise OutOfOrder(key)
            return
        track.legs.extend(self._splitters[key].push(point))
        track.point_count += 1
        if track.first_t is None:
            track.first_t = point.t
        track.last_t = point.t

    def finish(self) -> list[Track]:
        for key, track in self.tracks.items():
            track.legs.extend(self._splitters[key].finish())
        return list(self.tracks.values())


class BufferSink:
    """Points kept per airframe and sorted at the end (for files that cannot be streamed)."""

    def __init__(self, kind: str):
        self.kind = kind
        self.tracks: dict[str, Track] = {}

    def track(self, key: str, ids: dict | None = None) -> Track:
        track = self.tracks.get(key)
        if track is None:
            track = self.tracks[key] = Track(self.kind, dict(ids or {}))
        return track

    def add(self, key: str, point: Point) -> None:
        self.track(key).points.append(point)

    def finish(self) -> list[Track]:
        for track in self.tracks.values():
            track.points.sort(key=lambda p: p.t)
        return list(self.tracks.values())


def read_streamed(read: Callable[[Any], None], kind: str) -> list[Track]:
    """Run ``read(sink)`` streaming; if a file turns out not to be in time order per airframe,
    read it again whole and sort it."""
    try:
        sink: StreamSink | BufferSink = StreamSink(kind)
        read(sink)
    except OutOfOrder:
        sink = BufferSink(kind)
        read(sink)
    return sink.finish()


def open_stream(path: Path):
    """A text stream over the file, gunzipped when it is gzip whatever its name."""
    with open(path, "rb") as handle:
        magic = handle.read(2)
    if magic == b"\x1f\x8b":
        return gzip.open(path, "rt", encoding="utf-8-sig", errors="replace", newline="")
    return open(path, encoding="utf-8-sig", errors="replace", newline="")


# ----------------------------------------------------------------------------- detection


def open_text(path: Path) -> str:
    """The file's text; gzip is recognised by its magic bytes whatever the name says."""
    raw = path.read_bytes()
    if raw[:2] == b"\x1f\x8b":
        try:
            raw = gzip.decompress(raw)
        except (OSError, EOFError) as exc:
            raise TrackProblem(f"broken gzip data ({exc})") from None
    return raw.decode("utf-8-sig", errors="replace")


def _head(path: Path) -> str:
    try:
        with open(path, "rb") as handle:
            raw = handle.read(SNIFF_BYTES)
        if raw[:2] == b"\x1f\x8b":
            with gzip.open(path, "rb") as handle:
                raw = handle.read(SNIFF_BYTES)
    except (OSError, EOFError):
        return ""
    return raw.decode("utf-8-sig", errors="replace")


def track_format(path: Path) -> str | None:
    """Which tracking format a file is in (None: not a tracking file, leave it to the report
    readers). Decided from the first few kilobytes, so a report that merely mentions a word
    like 'icao24' in its text is not taken for a track."""
    from milgraph.loaders.read_ais import ais_csv_columns, looks_like_nmea

    name = path.name.lower()
    if name.endswith((".nmea", ".nmea.gz", ".ais", ".aivdm")):
        return "nmea"
    head = _head(path)
    stripped = head.lstrip()
    if not stripped:
        return None
    if looks_like_nmea(stripped):
        return "nmea"
    if stripped.startswith("{"):
        if '"trace"' in head and '"icao"' in head:
            return "readsb"
        if '"states"' in head and '"time"' in head:
            return "opensky"
        if '"result"' in head and '"response"' in head and '"flight"' in head:
            return "fr24"
        first = _first_record(stripped)
        return _records_format(first) if first else None
    if stripped.startswith("["):
        first = _first_record(stripped[1:].lstrip())
        return _records_format(first) if first else None
    first_line = stripped.splitlines()[0]
    if "," in first_line or "\t" in first_line or ";" in first_line:
        header = _csv_header(first_line)
        if ais_csv_columns(header) is not None:
            return "ais_csv"
        return _records_format({h: None for h in header})
    return None


def _first_record(text: str) -> dict | None:
    """The first JSON object of a list or JSON-lines text, from a truncated head."""
    end = 0
    depth = 0
    for i, ch in enumerate(text):
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
            if depth == 0:
                end = i + 1
                break
    try:
        value = json.loads(text[:end]) if end else None
    except json.JSONDecodeError:
        return None
    return value if isinstance(value, dict) else None


def _csv_header(line: str) -> list[str]:
    delimiter = max((",", "\t", ";"), key=line.count)
    return [h.strip().strip('"') for h in next(csv.reader([line], delimiter=delimiter))]


def _records_format(record: dict) -> str | None:
    keys = {k.lower() for k in record}
    if {"icao24", "firstseen", "lastseen"} <= keys:
        return "opensky_flights"
    if "icao24" in keys and ({"lat", "latitude"} & keys) and ({"lon", "longitude"} & keys):
        return "opensky" if ("baroaltitude" in keys or "velocity" in keys or "geoaltitude" in keys) else "records"
    return None


def read_track_file(path: Path | str, fmt: str | None = None, options: dict[str, Any] | None = None) -> TrackFile:
    """Read one tracking file in whichever format it is in. ``options``: ``provider`` and
    ``licence`` (replace the format's defaults), ``speed_scale`` and ``columns`` (AIS CSV)."""
    from milgraph.loaders.read_ais import read_ais_csv, read_nmea

    path = Path(path)
    options = options or {}
    fmt = fmt or ("ais_csv" if options.get("columns") else track_format(path))
    readers: dict[str, Callable[[Path], TrackFile]] = {
        "readsb": read_readsb, "fr24": read_fr24, "opensky": read_point_records, "records": read_point_records,
        "opensky_flights": read_opensky_flights, "nmea": read_nmea,
        "ais_csv": lambda p: read_ais_csv(p, options.get("speed_scale", 1.0), options.get("columns")),
    }
    if fmt not in readers:
        raise TrackProblem("not a tracking file this reader knows (readsb trace, OpenSky, FR24, AIS CSV or NMEA)")
    try:
        result = readers[fmt](path)
        result.provider = options.get("provider") or result.provider
        result.licence = options.get("licence") or result.licence
        return result
    except OSError as exc:
        raise TrackProblem(f"cannot read file ({exc.strerror or exc})") from None
    except RecursionError:
        raise TrackProblem("input nested too deeply to read") from None


def _new_file(path: Path, fmt: str, provider: str | None = None) -> TrackFile:
    name, licence = PROVIDERS.get(fmt, ("tracking data", "as licensed by its publisher"))
    return TrackFile(str(path), file_sha256(path), provider or name, licence, fmt)


def _load_json(path: Path) -> Any:
    text = open_text(path)
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise TrackProblem(f"invalid JSON: {exc.msg}", exc.lineno) from None


def parse_number(value: Any, what: str, where: str) -> float | None:
    if value is None or value == "":
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise TrackProblem(f"{where}: {what} {value!r} is not a number") from None
    if not math.isfinite(number):
        raise TrackProblem(f"{where}: {what} {value!r} is not a number")
    return number


def parse_position(lat: Any, lon: Any, where: str) -> tuple[float, float] | None:
    la, lo = parse_number(lat, "latitude", where), parse_number(lon, "longitude", where)
    if la is None or lo is None:
        return None
    if not (-90 <= la <= 90 and -180 <= lo <= 180):
        raise TrackProblem(f"{where}: position {la}, {lo} is off the globe")
    return la, lo


# ----------------------------------------------------------------------------- readsb


def read_readsb(path: Path) -> TrackFile:
    """A readsb/tar1090 ``trace_full_<icao>.json`` (plain or gzip): ``timestamp`` plus per-point
    offsets; each point is [seconds, lat, lon, altitude ft or "ground", ground speed kt, track,
    flags, ...]."""
    data = _load_json(path)
    if not isinstance(data, dict) or not isinstance(data.get("trace"), list):
        raise TrackProblem("a readsb trace needs an object with a 'trace' list")
    base = parse_number(data.get("timestamp"), "timestamp", "file")
    if base is None:
        raise TrackProblem("the trace has no 'timestamp'")
    points = []
    for i, row in enumerate(data["trace"], start=1):
        where = f"trace point {i}"
        if not isinstance(row, list) or len(row) < 5:
            raise TrackProblem(f"{where}: expected [seconds, lat, lon, altitude, speed, ...]", i)
        try:
            pos = parse_position(row[1], row[2], where)
            offset = parse_number(row[0], "time offset", where)
            ground = row[3] == "ground"
            alt = None if ground else parse_number(row[3], "altitude", where)
            speed = parse_number(row[4], "ground speed", where)
        except TrackProblem as exc:
            raise TrackProblem(exc.reason, i) from None
        if pos is None or offset is None:
            continue
        points.append(Point(base + offset, pos[0], pos[1], alt, True if ground else (False if alt is not None else None), speed))
    points.sort(key=lambda p: p.t)
    flags = data.get("dbFlags") or 0
    ids = {"icao24": normalise_icao24(data.get("icao")), "registration": normalise_registration(data.get("r")),
           "type_icao": (data.get("t") or None), "operator": data.get("ownOp") or None,
           "military": bool(int(flags) & 1) if isinstance(flags, (int, float)) else False,
           "description": data.get("desc") or None}
    result = _new_file(path, "readsb")
    result.tracks.append(Track("aircraft", {k: v for k, v in ids.items() if v is not None}, points))
    return result


# ----------------------------------------------------------------------------- Flightradar24


def read_fr24(path: Path) -> TrackFile:
    """A Flightradar24 flight record (``result.response.data.flight``): its ``track`` points and
    aircraft identity. The origin and destination it files are ignored: a filed destination is
    a claim, not an observation."""
    data = _load_json(path)
    try:
        flight = data["result"]["response"]["data"]["flight"]
        track = flight["track"]
    except (KeyError, TypeError):
        raise TrackProblem("an FR24 flight record needs result.response.data.flight.track") from None
    if not isinstance(track, list):
        raise TrackProblem("result.response.data.flight.track must be a list")
    points = []
    for i, row in enumerate(track, start=1):
        where = f"track point {i}"
        if not isinstance(row, dict):
            raise TrackProblem(f"{where}: expected an object", i)
        try:
            pos = parse_position(row.get("latitude"), row.get("longitude"), where)
            t = parse_number(row.get("timestamp"), "timestamp", where)
            alt = parse_number((row.get("altitude") or {}).get("feet"), "altitude", where)
            speed = parse_number((row.get("speed") or {}).get("kts"), "speed", where)
        except (TrackProblem, AttributeError) as exc:
            raise TrackProblem(getattr(exc, "reason", f"{where}: malformed"), i) from None
        if pos is None or t is None:
            continue
        ground = alt is not None and alt <= 0 and speed is not None and speed < 60
        points.append(Point(t, pos[0], pos[1], alt, ground, speed))
    points.sort(key=lambda p: p.t)
    aircraft = flight.get("aircraft") or {}
    ident = aircraft.get("identification") or {}
    model = aircraft.get("model") or {}
    owner = (flight.get("owner") or {}).get("name") or (flight.get("airline") or {}).get("name")
    callsign = ((flight.get("identification") or {}).get("callsign")) or None
    ids = {"icao24": normalise_icao24(ident.get("modes")), "registration": normalise_registration(ident.get("registration")),
           "type_icao": model.get("code") or None, "description": model.get("text") or None,
           "operator": owner or None, "callsign": callsign}
    result = _new_file(path, "fr24")
    result.tracks.append(Track("aircraft", {k: v for k, v in ids.items() if v is not None}, points))
    return result


# ----------------------------------------------------------------------------- point records

# Column names -> field, for OpenSky state vectors (its Impala/CSV and REST names; metres, m/s)
# and for traffic's records (feet, knots).
METRIC_COLUMNS = {
    "time": "time", "timestamp": "time", "lastposupdate": "time", "time_position": "time",
    "icao24": "icao24", "callsign": "callsign",
    "lat": "lat", "latitude": "lat", "lon": "lon", "longitude": "lon",
    "baroaltitude": "alt_m", "baro_altitude": "alt_m", "geoaltitude": "geo_alt_m", "geo_altitude": "geo_alt_m",
    "velocity": "speed_ms", "onground": "ground", "on_ground": "ground",
}
IMPERIAL_COLUMNS = {
    "timestamp": "time", "time": "time", "icao24": "icao24", "callsign": "callsign",
    "latitude": "lat", "longitude": "lon", "lat": "lat", "lon": "lon",
    "altitude": "alt_ft", "geoaltitude": "geo_alt_ft", "groundspeed": "speed_kt",
    "onground": "ground", "registration": "registration", "typecode": "type_icao",
}
OPENSKY_STATE_FIELDS = ["icao24", "callsign", "origin_country", "time_position", "last_contact", "longitude",
                        "latitude", "baro_altitude", "on_ground", "velocity", "true_track", "vertical_rate",
                        "sensors", "geo_altitude", "squawk", "spi", "position_source"]


def read_point_records(path: Path) -> TrackFile:
    """OpenSky state vectors (CSV, JSON lines, JSON records or the REST ``{"time", "states"}``
    object) or point records in traffic's names (``timestamp`` in ms or s, ``altitude`` ft,
    ``groundspeed`` kt), grouped by icao24. CSV and JSON lines are streamed."""
    head = _head(path).lstrip()
    state = {"fmt": None}

    def read(sink) -> None:
        with open_stream(path) as stream:
            if head.startswith("{") and '"states"' in head:
                data = _parse_json(stream.read())
                states = data.get("states") if isinstance(data, dict) else None
                if not isinstance(states, list):
                    raise TrackProblem("an OpenSky states object needs a 'states' list")
                records = ((i, dict(zip(OPENSKY_STATE_FIELDS, row)) if isinstance(row, list) else row)
                           for i, row in enumerate(states, start=1))
                state["fmt"] = "opensky"
            elif head.startswith("["):
                records = enumerate(_parse_json(stream.read()), start=1)
            elif head.startswith("{"):
                records = _jsonl_records(stream)
            else:
                records = _csv_stream(stream)
            _feed_records(records, sink, state)

    tracks = read_streamed(read, "aircraft")
    if state["fmt"] is None:
        raise TrackProblem("no records")
    result = _new_file(path, state["fmt"])
    result.tracks = tracks
    return result


def _feed_records(records: Iterable[tuple[int, Any]], sink, state: dict) -> None:
    columns: dict[str, str] | None = None
    fields: dict[str, str | None] = {}  # the file's own key -> field, looked up once per key
    for line, record in records:
        if not isinstance(record, dict):
            raise TrackProblem(f"record {line}: expected an object", line)
        if columns is None:
            keys = {k.lower() for k in record}
            metric = state["fmt"] == "opensky" or bool(keys & {"baroaltitude", "baro_altitude", "velocity", "geoaltitude"})
            state["fmt"] = state["fmt"] or ("opensky" if metric else "records")
            columns = METRIC_COLUMNS if metric else IMPERIAL_COLUMNS
        row = {}
        for key, value in record.items():
            name = fields.get(key, "")
            if name == "":
                name = fields[key] = columns.get(key.lower())
            if name:
                row[name] = value
        try:
            icao, point = _record_point(row, f"record {line}")
        except TrackProblem as exc:
            raise TrackProblem(exc.reason, line) from None
        track = sink.track(icao, {"icao24": icao})
        if row.get("callsign") and "callsign" not in track.ids and str(row["callsign"]).strip():
            track.ids["callsign"] = str(row["callsign"]).strip()
        if point is not None:
            sink.add(icao, point)


def _jsonl_records(stream) -> Iterable[tuple[int, Any]]:
    for number, line in enumerate(stream, start=1):
        if line.strip():
            try:
                yield number, json.loads(line)
            except json.JSONDecodeError as exc:
                raise TrackProblem(f"line {number}: invalid JSON ({exc.msg})", number) from None


def _csv_stream(stream) -> Iterable[tuple[int, dict]]:
    first = stream.readline()
    delimiter = max((",", "\t", ";"), key=first.count)
    header = [h.strip().strip('"') for h in next(csv.reader([first], delimiter=delimiter))]
    reader = csv.reader(stream, delimiter=delimiter)
    width = len(header)
    for row in reader:
        line = reader.line_num + 1
        if not row or not any(cell.strip() for cell in row):
            continue
        if len(row) != width:
            raise TrackProblem(f"line {line}: {len(row)} values for {width} columns", line)
        yield line, dict(zip(header, row))


@lru_cache(maxsize=4096)
def _icao24(value: Any) -> str | None:
    return normalise_icao24(value)


def _record_point(row: dict, where: str) -> tuple[str, Point | None]:
    raw = row.get("icao24")
    icao = _icao24(raw) if isinstance(raw, str) else normalise_icao24(raw)
    if icao is None:
        raise TrackProblem(f"{where}: icao24 {row.get('icao24')!r} is not six hex digits")
    t = parse_time(row.get("time"), where)
    pos = parse_position(row.get("lat"), row.get("lon"), where)
    if pos is None or t is None:
        return icao, None
    if "alt_m" in row or "geo_alt_m" in row:
        alt_m = parse_number(row.get("alt_m"), "altitude", where)
        alt_m = alt_m if alt_m is not None else parse_number(row.get("geo_alt_m"), "altitude", where)
        alt = None if alt_m is None else alt_m * FT_PER_M
        speed_ms = parse_number(row.get("speed_ms"), "velocity", where)
        speed = None if speed_ms is None else speed_ms * KT_PER_MS
    else:
        alt = parse_number(row.get("alt_ft"), "altitude", where)
        alt = alt if alt is not None else parse_number(row.get("geo_alt_ft"), "altitude", where)
        speed = parse_number(row.get("speed_kt"), "ground speed", where)
    return icao, Point(t, pos[0], pos[1], alt, parse_bool(row.get("ground"), where), speed)


def _parse_json(text: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise TrackProblem(f"invalid JSON: {exc.msg}", exc.lineno) from None


def _json_records(text: str) -> Iterable[tuple[int, Any]]:
    stripped = text.lstrip()
    if stripped.startswith("["):
        data = _parse_json(text)
        return enumerate(data, start=1)
    out = []
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip():
            try:
                out.append((number, json.loads(line)))
            except json.JSONDecodeError as exc:
                raise TrackProblem(f"line {number}: invalid JSON ({exc.msg})", number) from None
    return out


def _csv_records(text: str) -> Iterable[tuple[int, dict]]:
    first = text.split("\n", 1)[0]
    delimiter = max((",", "\t", ";"), key=first.count)
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    reader.fieldnames = [(h or "").strip().strip('"') for h in (reader.fieldnames or [])]
    for row in reader:
        if None in row:
            raise TrackProblem(f"line {reader.line_num}: more values than columns", reader.line_num)
        yield reader.line_num, row


def parse_time(value: Any, where: str) -> float | None:
    """Seconds since the epoch from a number (seconds, or milliseconds when that large) or an
    ISO / day-first date-time text (assumed UTC when it has no zone)."""
    if value is None or value == "":
        return None
    if isinstance(value, (int, float)) or _is_number(value):
        number = float(value)
        if not math.isfinite(number):
            raise TrackProblem(f"{where}: time {value!r} is not a time")
        return number / 1000.0 if number > 1e11 else number
    text = str(value).strip().replace("Z", "+00:00")
    for parse in (datetime.fromisoformat, _day_first):
        try:
            moment = parse(text)
        except ValueError:
            continue
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=timezone.utc)
        return moment.timestamp()
    raise TrackProblem(f"{where}: time {value!r} is neither epoch seconds nor an ISO date-time")


def _day_first(text: str) -> datetime:
    return datetime.strptime(text, "%d/%m/%Y %H:%M:%S")


def _is_number(value: Any) -> bool:
    try:
        float(value)
    except (TypeError, ValueError):
        return False
    return True


def parse_bool(value: Any, where: str) -> bool | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("true", "1", "t", "yes"):
        return True
    if text in ("false", "0", "f", "no"):
        return False
    raise TrackProblem(f"{where}: {value!r} is not true or false")


# ----------------------------------------------------------------------------- OpenSky flights


def read_opensky_flights(path: Path) -> TrackFile:
    """An OpenSky flight list (``icao24, callsign, firstSeen, lastSeen, estDepartureAirport,
    estArrivalAirport``, CSV or JSON): legs without points. OpenSky estimates the airports from
    its own observations; they are turned into coordinates (airportsdata) and resolved like
    any other endpoint."""
    text = open_text(path)
    records = _json_records(text) if text.lstrip().startswith(("[", "{")) else _csv_records(text)
    by_icao: dict[str, Track] = {}
    for line, record in records:
        if not isinstance(record, dict):
            raise TrackProblem(f"record {line}: expected an object", line)
        row = {k.lower(): v for k, v in record.items()}
        where = f"record {line}"
        try:
            icao = normalise_icao24(row.get("icao24"))
            if icao is None:
                raise TrackProblem(f"{where}: icao24 {row.get('icao24')!r} is not six hex digits")
            first, last = parse_time(row.get("firstseen"), where), parse_time(row.get("lastseen"), where)
            if first is None or last is None:
                raise TrackProblem(f"{where}: firstSeen and lastSeen are required")
        except TrackProblem as exc:
            raise TrackProblem(exc.reason, line) from None
        track = by_icao.setdefault(icao, Track("aircraft", {"icao24": icao}))
        if row.get("callsign") and "callsign" not in track.ids:
            track.ids["callsign"] = str(row["callsign"]).strip()
        track.listed_legs.append({"first_seen": first, "last_seen": last,
                                  "from_code": (row.get("estdepartureairport") or None),
                                  "to_code": (row.get("estarrivalairport") or None)})
    result = _new_file(path, "opensky_flights")
    result.tracks = list(by_icao.values())
    return result
