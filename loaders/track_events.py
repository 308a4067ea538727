"""A tracking file as an Extraction: observed legs become Flight and Voyage events.

The file is one Report (its sha256 is the content hash that makes a second ingest a no-op);
each airframe or ship in it gets a Track entity (provider, identifiers, first and last point,
point count, gaps, and per leg a JSON summary with a simplified polyline), the Aircraft or
Vessel it follows (``TRACK_OF``), and one event per leg with modality ``observed``, attributed
to a Source of kind ``tracking``. Legs' endpoints are Bases resolved by coordinates; an
unobserved endpoint gives no FROM/TO role.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path

from milgraph.graph.ids import make_id, slug
from milgraph.graph.records import Entity, Event, Extraction, Relation, ReportMeta
from milgraph.loaders.legs import Endpoint, Gap, Leg, split_legs
from milgraph.loaders.places_by_coords import PlaceFinder, Resolved, Site, airports_by_code, place_finder
from milgraph.loaders.tracks import Point, Track, TrackFile

OBSERVED_CONFIDENCE = 0.95  # a track can be wrong (spoofed, mis-decoded), though rarely


def iso_time(t: float) -> str:
    return datetime.fromtimestamp(t, timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def iso_day(t: float) -> str:
    return datetime.fromtimestamp(t, timezone.utc).strftime("%Y-%m-%d")


def track_extraction(track_file: TrackFile, finder: PlaceFinder | None = None) -> Extraction:
    """Everything one tracking file says, ready for the writer."""
    finder = finder or place_finder()
    name = Path(track_file.path).name
    times = [t for track in track_file.tracks for t in track.span if t is not None]
    times += [leg["first_seen"] for t in track_file.tracks for leg in t.listed_legs]
    report = ReportMeta(id=f"report:track-{track_file.sha256[:24]}", title=f"{track_file.provider} tracking data: {name}",
                        publisher=track_file.provider, published=iso_day(min(times)) if times else None,
                        sha256=track_file.sha256, path=track_file.path,
                        url=Path(track_file.path).resolve().as_uri())  # an edited file replaces its own legs
    source = Entity(make_id("source", track_file.provider), track_file.provider, ["Source"], "tracking",
                    properties={"provider": track_file.provider, "licence": track_file.licence})
    extraction = Extraction(report=report, entities=[source])
    for track in track_file.tracks:
        _add_track(extraction, track_file, track, source.name, finder)
    return extraction


def craft_entity(track: Track) -> Entity:
    """The Aircraft or Vessel a track follows, named as reports name it: registration or ship
    name when the file gives one, else its transponder address or MMSI."""
    ids = track.ids
    if track.kind == "vessel":
        name = ids.get("name") or f"MMSI {ids['mmsi']}"
        props = {k: ids.get(k) for k in ("mmsi", "imo", "callsign")}
        props["type"] = ids.get("ship_type")
        return Entity(make_id("vessel", name), name, ["Vessel"], None, properties=_present(props))
    name = ids.get("registration") or f"ICAO {ids.get('icao24', '?').upper()}"
    props = {k: ids.get(k) for k in ("icao24", "registration", "type_icao", "operator", "military", "callsign")}
    props["type"] = ids.get("description") or ids.get("type_icao")
    return Entity(make_id("aircraft", name), name, ["Aircraft"], ids.get("type_icao"), properties=_present(props))


def _present(props: dict) -> dict:
    return {k: v for k, v in props.items() if v is not None and v != ""}


def _add_track(extraction: Extraction, track_file: TrackFile, track: Track, source: str, finder: PlaceFinder) -> None:
    craft = craft_entity(track)
    track_id = make_id("track", f"{slug(track_file.provider)}-{track.key}-{track_file.sha256[:12]}")
    legs = list(_legs(track, finder))
    gaps = [g for leg in legs for g in leg.gaps + ([leg.ended_by_gap] if leg.ended_by_gap else [])]
    first, last = track.span
    if first is None:
        first = min((x["first_seen"] for x in track.listed_legs), default=None)
        last = max((x["last_seen"] for x in track.listed_legs), default=None)
    label = "Voyage" if track.kind == "vessel" else "Flight"
    summaries = []
    for leg in legs:
        event = _leg_event(leg, label, track_id, craft.id, source)
        for endpoint in (leg.start, leg.end):
            if endpoint.place is not None:
                extraction.entities.append(site_entity(endpoint.place.site))
        extraction.events.append(event)
        summaries.append(json.dumps(leg_summary(leg, event.id), separators=(",", ":")))
    track_props = {
        "provider": track_file.provider, "licence": track_file.licence, "format": track_file.format,
        "path": track_file.path, "sha256": track_file.sha256,
        "icao24": track.ids.get("icao24"), "registration": track.ids.get("registration"),
        "mmsi": track.ids.get("mmsi"), "imo": track.ids.get("imo"),
        "first_point_at": iso_time(first) if first is not None else None,
        "last_point_at": iso_time(last) if last is not None else None,
        "point_count": track.count, "leg_count": len(legs), "gap_count": len(gaps),
        "gaps": [gap_text(g) for g in gaps], "legs": summaries,
    }
    day = iso_day(first) if first is not None else "undated"
    extraction.entities += [craft, Entity(track_id, f"Track of {craft.name}, {day}", ["Track"], track.kind,
                                          properties=_present(track_props))]
    extraction.relations.append(Relation(
        "TRACK_OF", track_id, craft.id, modality="observed", confidence=1.0, attributed_to=[source],
        evidence=f"{track_file.provider} points of {craft.name} in {Path(track_file.path).name}"))


def _legs(track: Track, finder: PlaceFinder) -> Iterator[Leg]:
    if track.legs is not None:  # split while the file streamed past
        yield from track.legs
    else:
        yield from split_legs(track.points, track.kind, finder)
    for listed in track.listed_legs:
        yield _listed_leg(track, listed, finder)


def _listed_leg(track: Track, listed: dict, finder: PlaceFinder) -> Leg:
    """A leg from a flight list: its endpoints are the provider's estimated airports, placed by
    their coordinates; a missing airport is an unobserved endpoint."""
    def endpoint(code: str | None, t: float) -> Endpoint:
        site = airports_by_code().get(code.upper()) if code else None
        if site is None:
            return Endpoint(Point(t, math.nan, math.nan), False)
        place = finder.resolve(site.lat, site.lon, track.kind) or Resolved(site, 0.0)
        return Endpoint(Point(t, site.lat, site.lon, None, True), True, place)

    start = endpoint(listed.get("from_code"), listed["first_seen"])
    end = endpoint(listed.get("to_code"), listed["last_seen"])
    path = [(e.point.lat, e.point.lon) for e in (start, end) if e.observed]
    return Leg(track.kind, start, end, 0, [], path)


def site_entity(site: Site) -> Entity:
    props = {"lat": site.lat, "lon": site.lon, "icao": site.icao}
    if site.from_gazetteer and site.country:
        props["country"] = site.country
    return Entity(site.id, site.name, [site.label], site.kind or None, properties=_present(props))


def leg_event_id(track_id: str, leg: Leg) -> str:
    digest = hashlib.sha1(f"{track_id}|{leg.start.point.t:.0f}|{leg.end.point.t:.0f}".encode()).hexdigest()[:16]
    return f"event:observed-{digest}"


def _leg_event(leg: Leg, label: str, track_id: str, craft_id: str, source: str) -> Event:
    start, end = leg.start.point.t, leg.end.point.t
    roles = {"USING": [craft_id], "OBSERVED_IN": [track_id]}
    if leg.start.place is not None:
        roles["FROM"] = [leg.start.place.site.id]
    if leg.end.place is not None:
        roles["TO"] = [leg.end.place.site.id]
    return Event(leg_event_id(track_id, leg), ["Event", label], date=iso_day(start), date_precision="day",
                 end_date=iso_day(end) if iso_day(end) != iso_day(start) else None, modality="observed",
                 confidence=OBSERVED_CONFIDENCE, roles=roles, evidence=leg_evidence(leg), attributed_to=[source])


def _end_text(endpoint: Endpoint) -> str:
    p = endpoint.point
    where = f"{p.lat:.3f}, {p.lon:.3f}" if math.isfinite(p.lat) else "position not given"
    if not endpoint.observed:
        hint = f"; near {endpoint.likely.site.name}, {endpoint.likely.km:.0f} km" if endpoint.likely else ""
        return f"not observed (last seen moving at {where}{hint})"
    if endpoint.place is None:
        return f"{where}, with no airfield or port within reach"
    return f"{endpoint.place.site.name} ({where}, {endpoint.place.km:.1f} km)"


def leg_evidence(leg: Leg) -> str:
    """One sentence saying what the track shows: the evidence of an observed event."""
    text = (f"Track: {iso_time(leg.start.point.t)} from {_end_text(leg.start)}; "
            f"{iso_time(leg.end.point.t)} to {_end_text(leg.end)}")
    if leg.points:
        text += f"; {leg.points} points"
    if leg.gaps:
        text += "; gaps in coverage: " + ", ".join(f"{g.minutes} min" for g in leg.gaps)
    return text + "."


def gap_text(gap: Gap) -> str:
    return f"{iso_time(gap.start)}/{iso_time(gap.end)} {gap.minutes} min {gap.km:.0f} km"


def _coords(p: Point) -> list[float] | None:
    return [round(p.lat, 5), round(p.lon, 5)] if math.isfinite(p.lat) else None


def leg_summary(leg: Leg, event_id: str) -> dict:
    """What fusion, queries and the map need of a leg, beyond its event's roles."""
    def end(endpoint: Endpoint) -> dict:
        out = {"at": iso_time(endpoint.point.t), "observed": endpoint.observed, "coords": _coords(endpoint.point)}
        if endpoint.place is not None:
            out.update(place=endpoint.place.site.id, km=round(endpoint.place.km, 2))
        if endpoint.likely is not None:
            out.update(likely=endpoint.likely.site.name, likely_km=round(endpoint.likely.km, 1))
        return out

    path = [None if not math.isfinite(lat) else [round(lat, 4), round(lon, 4)] for lat, lon in leg.path]
    return {"event": event_id, "from": end(leg.start), "to": end(leg.end), "points": leg.points,
            "gaps": [gap_text(g) for g in leg.gaps], "path": path}


# ----------------------------------------------------------------------------- ingest routing

TRACK_SUFFIXES = (".json", ".json.gz", ".gz", ".jsonl", ".csv", ".tsv", ".nmea", ".ais", ".aivdm", ".txt")


TRACKING_SIDECAR = ".tracking.yaml"  # <file>.tracking.yaml: options for one tracking file
SIDECAR_KEYS = {"provider": str, "licence": str, "speed_scale": float, "columns": dict}
AIS_FIELDS = {"mmsi", "imo", "name", "time", "lat", "lon", "speed", "course", "status", "ship_type", "callsign"}


def is_tracking_sidecar(path: Path) -> bool:
    return path.name.lower().endswith(TRACKING_SIDECAR)


def is_track_file(path: Path) -> bool:
    """A tracking file, by its content (and its name for NMEA logs), or any file with a
    ``<file>.tracking.yaml`` beside it; reports are never mistaken for one because the formats
    are recognised by their structure."""
    from milgraph.loaders.read_tracks import track_format

    name = path.name.lower()
    if not name.endswith(TRACK_SUFFIXES) or name.endswith((".meta.json", ".meta.yaml")) or name == "index.json":
        return False
    return path.with_name(path.name + TRACKING_SIDECAR).is_file() or track_format(path) is not None


def track_options(path: Path) -> dict:
    """The options in ``<file>.tracking.yaml``, checked: ``provider``, ``licence`` (texts),
    ``speed_scale`` (a number; 0.1 when speeds are in tenths of a knot) and ``columns`` (the
    file's column names -> AIS fields)."""
    import yaml

    from milgraph.errors import MilgraphError

    side = path.with_name(path.name + TRACKING_SIDECAR)
    if not side.is_file():
        return {}
    try:
        data = yaml.safe_load(side.read_text("utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise MilgraphError(f"{side}: cannot read tracking options ({exc}); fix the file or remove it") from None
    if not isinstance(data, dict):
        raise MilgraphError(f"{side}: tracking options must be a mapping of {', '.join(SIDECAR_KEYS)}")
    for key, value in data.items():
        kind = SIDECAR_KEYS.get(key)
        if kind is None:
            raise MilgraphError(f"{side}: unknown key {key!r}; expected one of {', '.join(SIDECAR_KEYS)}")
        if not isinstance(value, (int, float) if kind is float else kind) or isinstance(value, bool):
            raise MilgraphError(f"{side}: {key} must be a {kind.__name__}, not {value!r}")
    for column, field_name in (data.get("columns") or {}).items():
        if field_name not in AIS_FIELDS:
            raise MilgraphError(f"{side}: column {column!r} maps to {field_name!r}; fields are {', '.join(sorted(AIS_FIELDS))}")
    return data


def load_track(path: Path) -> Extraction:
    """Read one tracking file into an Extraction; a bad file is refused whole with the line or
    record at fault."""
    from milgraph.errors import MilgraphError
    from milgraph.loaders.read_tracks import read_track_file
    from milgraph.loaders.tracks import TrackProblem

    try:
        return track_extraction(read_track_file(path, options=track_options(path)))
    except TrackProblem as exc:
        where = f"{path}:{exc.line}" if exc.line and f"{exc.line}" not in exc.reason else str(path)
        raise MilgraphError(f"{where}: {exc.reason}; nothing of this file was written") from None
