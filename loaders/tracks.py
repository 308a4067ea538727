"""Tracking data as read from a file: the records between the track readers and the leg splitter.

A :class:`TrackFile` is one input file (readsb trace, OpenSky export, FR24 flight, AIS CSV or
NMEA log); it holds one :class:`Track` per airframe or ship it covers. A track's points are
plain :class:`Point` tuples sorted by time. Raw points never reach the graph: the leg splitter
(:mod:`milgraph.loaders.legs`) turns them into legs, and the graph gets the legs and a Track
node with the file's sha256 so the points can be found again.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple


class Point(NamedTuple):
    t: float  # seconds since 1970-01-01 UTC
    lat: float
    lon: float
    alt_ft: float | None = None  # barometric altitude in feet; None when unknown
    ground: bool | None = None  # True on the ground (ADS-B flag) or moored / at anchor (AIS status)
    speed_kt: float | None = None  # ground speed in knots


@dataclass
class Track:
    """One airframe or ship in one file. ``ids`` holds what the file says about it: icao24,
    registration, type_icao, operator, military, callsign (aircraft); mmsi, imo, name,
    ship_type, callsign (vessels)."""

    kind: str  # "aircraft" or "vessel"
    ids: dict[str, Any] = field(default_factory=dict)
    points: list[Point] = field(default_factory=list)
    # legs a provider lists without points (OpenSky flight lists): dicts with first/last seen
    # times and the provider's estimated airport codes
    listed_legs: list[dict[str, Any]] = field(default_factory=list)
    # a streamed track keeps no points: its legs were split while the file was read, and only
    # the count and the first and last times remain
    legs: list[Any] | None = None
    point_count: int = 0
    first_t: float | None = None
    last_t: float | None = None

    @property
    def count(self) -> int:
        return len(self.points) if self.legs is None else self.point_count

    @property
    def span(self) -> tuple[float | None, float | None]:
        if self.legs is not None:
            return self.first_t, self.last_t
        return (self.points[0].t, self.points[-1].t) if self.points else (None, None)

    @property
    def key(self) -> str:
        """What names this airframe or ship across files: icao24, else MMSI, else registration or IMO."""
        for name in ("icao24", "mmsi", "registration", "imo"):
            if self.ids.get(name):
                return f"{name}-{self.ids[name]}"
        return "unknown"


@dataclass
class TrackFile:
    path: str
    sha256: str
    provider: str  # e.g. "readsb", "OpenSky Network", "Flightradar24", "AIS"
    licence: str  # what the provider's terms say in a few words
    format: str  # the reader that read it
    tracks: list[Track] = field(default_factory=list)

    @property
    def point_count(self) -> int:
        return sum(t.count for t in self.tracks)


class TrackProblem(Exception):
    """A track file that cannot be read; ``line`` is the line or record number when known."""

    def __init__(self, reason: str, line: int | None = None):
        super().__init__(reason)
        self.reason = reason
        self.line = line


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


_REGISTRATION_JUNK = re.compile(r"[^A-Z0-9-]")


def normalise_registration(value: Any) -> str | None:
    """Upper case, no spaces or dots: ' ra-78765 ' -> 'RA-78765'. None when empty."""
    if value is None:
        return None
    text = _REGISTRATION_JUNK.sub("", str(value).strip().upper())
    return text or None


def normalise_icao24(value: Any) -> str | None:
    """Six lower-case hex digits ('AE503D' -> 'ae503d'); readsb marks non-ICAO addresses with '~'."""
    if value is None:
        return None
    text = str(value).strip().lower().lstrip("~")
    return text if re.fullmatch(r"[0-9a-f]{6}", text) else None


def normalise_mmsi(value: Any) -> str | None:
    """Nine digits as text; None for empty or zero."""
    if value is None or value == "":
        return None
    try:
        number = int(float(value))
    except (TypeError, ValueError):
        return None
    return f"{number:09d}" if 0 < number < 10**9 else None


def normalise_imo(value: Any) -> str | None:
    """Seven digits as text ('IMO 9074729' -> '9074729'); None for empty or zero."""
    if value is None:
        return None
    digits = re.sub(r"\D", "", str(value).split(".")[0])
    return digits if len(digits) == 7 and int(digits) > 0 else None
