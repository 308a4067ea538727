"""Readers for ship tracking: AIS CSV exports and NMEA ``!AIVDM`` sentences (through pyais).

CSV columns are found by name for the common exports (MarineCadastre / NOAA, the Danish
Maritime Authority, and plain ``mmsi,time,lat,lon,...`` files); ``speed_scale`` multiplies the
speed column for exports that give it in tenths of a knot. NMEA sentences carry no date, so
each line needs a time: a tag block (``\\c:1700000000*hh\\``), a leading ISO or epoch time
before the sentence, or an epoch time after its checksum.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path
from typing import Any

from milgraph.loaders.read_tracks import open_stream, parse_number, parse_position, parse_time, read_streamed
from milgraph.loaders.tracks import (
    Point, Track, TrackFile, TrackProblem, file_sha256, normalise_imo, normalise_mmsi,
)

PROVIDER = ("AIS", "as licensed by the publisher of the AIS data")

# lower-cased column name -> field
AIS_COLUMNS = {
    "mmsi": "mmsi", "imo": "imo", "imo number": "imo",
    "vesselname": "name", "name": "name", "shipname": "name", "vessel name": "name", "ship name": "name",
    "basedatetime": "time", "# timestamp": "time", "timestamp": "time", "time": "time", "datetime": "time",
    "lat": "lat", "latitude": "lat", "lon": "lon", "longitude": "lon",
    "sog": "speed", "speed": "speed", "cog": "course", "course": "course",
    "status": "status", "navigational status": "status", "nav_status": "status", "navstat": "status",
    "vesseltype": "ship_type", "ship type": "ship_type", "shiptype": "ship_type", "ship_type": "ship_type",
    "callsign": "callsign", "call sign": "callsign",
}
REQUIRED = ("mmsi", "time", "lat", "lon")
# navigational status 1 (at anchor), 5 (moored), 6 (aground): the ship is stopped
STOPPED_STATUS_CODES = {1, 5, 6}
STOPPED_STATUS_WORDS = ("anchor", "moored", "aground")


def ais_csv_columns(header: list[str]) -> dict[int, str] | None:
    """Column index -> field when the header is an AIS export's, else None."""
    found = {i: AIS_COLUMNS[h.strip().lower()] for i, h in enumerate(header) if h.strip().lower() in AIS_COLUMNS}
    return found if set(REQUIRED) <= set(found.values()) else None


def _stopped(status: Any) -> bool | None:
    if status is None or status == "":
        return None
    text = str(getattr(status, "value", status)).strip().lower()
    if text.isdigit():
        return int(text) in STOPPED_STATUS_CODES if int(text) != 15 else None
    if "not defined" in text or "unknown" in text:
        return None
    return any(word in text for word in STOPPED_STATUS_WORDS)


def _identity(track: Track, imo: Any = None, name: Any = None, ship_type: Any = None, callsign: Any = None) -> None:
    values = {"imo": normalise_imo(imo), "name": _text(name), "ship_type": _text(getattr(ship_type, "name", ship_type)),
              "callsign": _text(callsign)}
    for key, value in values.items():
        if value and key not in track.ids:
            track.ids[key] = value


def _track_file(path: Path, fmt: str, tracks: list[Track]) -> TrackFile:
    return TrackFile(str(path), file_sha256(path), PROVIDER[0], PROVIDER[1], fmt, tracks)


def _text(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip().strip("@").strip()
    return text or None


# ----------------------------------------------------------------------------- CSV


def read_ais_csv(path: Path, speed_scale: float = 1.0, columns: dict[str, str] | None = None) -> TrackFile:
    """An AIS CSV export, streamed. ``columns`` maps the file's own column names to fields
    (mmsi, imo, name, time, lat, lon, speed, course, status, ship_type, callsign) when they are
    not the common ones; ``speed_scale`` multiplies the speed (0.1 for tenths of a knot)."""
    def read(sink) -> None:
        with open_stream(path) as stream:
            _feed_ais_csv(stream, sink, speed_scale, columns)

    return _track_file(path, "ais_csv", read_streamed(read, "vessel"))


def _feed_ais_csv(stream, sink, speed_scale: float, columns: dict[str, str] | None) -> None:
    first = stream.readline()
    delimiter = max((",", "\t", ";"), key=first.count)
    header = [h.strip().strip('"') for h in next(csv.reader([first], delimiter=delimiter), [])]
    if columns:
        lowered = {k.lower(): v for k, v in columns.items()}
        mapping = {i: lowered[h.lower()] for i, h in enumerate(header) if h.lower() in lowered}
        if not set(REQUIRED) <= set(mapping.values()):
            raise TrackProblem(f"the column map must give {', '.join(REQUIRED)}", 1)
    else:
        mapping = ais_csv_columns(header)
        if mapping is None:
            raise TrackProblem(f"an AIS CSV needs columns for {', '.join(REQUIRED)} (found: {', '.join(header)})", 1)
    reader = csv.reader(stream, delimiter=delimiter)
    for row in reader:
        line = reader.line_num + 1
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            raise TrackProblem(f"line {line}: {len(row)} values for {len(header)} columns", line)
        rec = {field: row[i] for i, field in mapping.items()}
        where = f"line {line}"
        try:
            mmsi = normalise_mmsi(rec["mmsi"])
            if mmsi is None:
                raise TrackProblem(f"{where}: MMSI {rec['mmsi']!r} is not a 9-digit number")
            t = parse_time(rec["time"], where)
            pos = parse_position(rec["lat"], rec["lon"], where)
            speed = parse_number(rec.get("speed"), "speed", where)
        except TrackProblem as exc:
            raise TrackProblem(exc.reason, line) from None
        _identity(sink.track(mmsi, {"mmsi": mmsi}), rec.get("imo"), rec.get("name"), rec.get("ship_type"),
                  rec.get("callsign"))
        if t is None or pos is None or (pos[0] == 91 or pos[1] == 181):
            continue
        speed = None if speed is None or speed * speed_scale >= 102.3 else speed * speed_scale
        sink.add(mmsi, Point(t, pos[0], pos[1], None, _stopped(rec.get("status")), speed))


# ----------------------------------------------------------------------------- NMEA

_SENTENCE = re.compile(r"!(?:AI|BS|AB|SA)VD[MO],(\d),(\d),(\d*),([A-Z0-9]?),([^,]*),(\d)\*([0-9A-Fa-f]{2})")
_TAG_TIME = re.compile(r"\\[^\\]*\bc:(\d{9,13})[^\\]*\\")
_AFTER_TIME = re.compile(r"\*[0-9A-Fa-f]{2}\s*,\s*(\d{9,13}(?:\.\d+)?)\s*$")


def looks_like_nmea(text: str) -> bool:
    first = text.lstrip().splitlines()[0] if text.strip() else ""
    return _SENTENCE.search(first) is not None


def _line_time(line: str, start: int, where: str) -> float | None:
    tag = _TAG_TIME.search(line)
    if tag:
        return parse_time(tag.group(1), where)
    after = _AFTER_TIME.search(line)
    if after:
        return parse_time(after.group(1), where)
    before = line[:start].strip().strip(",;\t ").strip()
    if before and not before.startswith("\\"):
        return parse_time(before, where)
    return None


def read_nmea(path: Path) -> TrackFile:
    """NMEA 0183 AIS sentences, one per line, streamed; position reports (types 1, 2, 3, 18)
    become points, static reports (5, 24) the ship's identity. Multi-part messages are joined."""
    def read(sink) -> None:
        with open_stream(path) as stream:
            _feed_nmea(stream, sink)

    return _track_file(path, "nmea", read_streamed(read, "vessel"))


def _feed_nmea(stream, sink) -> None:
    import pyais
    from pyais.exceptions import AISBaseException

    pending: dict[tuple[str, str], list[str]] = {}
    pending_time: dict[tuple[str, str], float | None] = {}
    for number, line in enumerate(stream, start=1):
        line = line.rstrip("\r\n")
        if not line.strip():
            continue
        where = f"line {number}"
        match = _SENTENCE.search(line)
        if match is None:
            raise TrackProblem(f"{where}: not an AIS sentence (!AIVDM/!AIVDO)", number)
        try:
            t = _line_time(line, match.start(), where)
        except TrackProblem as exc:
            raise TrackProblem(exc.reason, number) from None
        count, part, seq, channel = int(match.group(1)), int(match.group(2)), match.group(3), match.group(4)
        sentence = match.group(0)
        if count > 1:
            key = (seq, channel)
            parts = pending.setdefault(key, [])
            pending_time.setdefault(key, t)
            parts.append(sentence)
            if part < count:
                continue
            sentences, t = pending.pop(key), pending_time.pop(key)
        else:
            sentences = [sentence]
        try:
            message = pyais.decode(*sentences).asdict()
        except (AISBaseException, ValueError, IndexError) as exc:
            raise TrackProblem(f"{where}: cannot decode the AIS message ({type(exc).__name__}: {exc})", number) from None
        kind = message.get("msg_type")
        mmsi = normalise_mmsi(message.get("mmsi"))
        if mmsi is None:
            continue
        if kind in (1, 2, 3, 18):
            if t is None:
                raise TrackProblem(f"{where}: no time for this position report; add a tag block (\\c:<epoch>*hh\\) "
                                   "or a time before the sentence", number)
            lat, lon = message.get("lat"), message.get("lon")
            if lat is None or lon is None or abs(lat) > 90 or abs(lon) > 180:
                continue  # 91 / 181: position not available
            speed = message.get("speed")
            speed = None if speed is None or speed >= 102.3 else float(speed)
            status = _stopped(message.get("status")) if kind != 18 else None
            sink.track(mmsi, {"mmsi": mmsi})
            sink.add(mmsi, Point(t, float(lat), float(lon), None, status, speed))
        elif kind in (5, 24):
            _identity(sink.track(mmsi, {"mmsi": mmsi}), message.get("imo"), message.get("shipname"),
                      message.get("ship_type"), message.get("callsign"))
