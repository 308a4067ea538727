"""Which Base or Place a coordinate is at: the endpoints of observed legs are resolved here,
by distance, never by a code string a provider filed.

Candidates are the gazetteer's bases (and, for ships, its cities on the coast) first, then
every airport in ``airportsdata`` (MIT licence). A grid of one-degree cells keeps a look-up to
a few dozen distance computations.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

from milgraph.graph.ids import make_id

EARTH_KM = 6371.0088
AIR_RADIUS_KM = 8.0  # an aircraft on the ground within this of an airport is at that airport
SEA_RADIUS_KM = 15.0  # a ship stopped within this of a port is in that port
AIR_KINDS = {"airbase", "airport"}
SEA_KINDS = {"port", "naval_base"}


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_KM * math.asin(min(1.0, math.sqrt(h)))


@dataclass(frozen=True)
class Site:
    """A Base or Place with coordinates that an endpoint can resolve to."""

    id: str
    name: str
    label: str  # "Base" or "Place"
    kind: str
    lat: float
    lon: float
    icao: str | None = None
    country: str | None = None  # a country name (gazetteer) or ISO 3166 alpha-2 code (airportsdata)
    from_gazetteer: bool = True
    elevation_ft: float = 0.0
    scheduled: bool = True  # has an IATA code (airportsdata): an airfield airliners use


@dataclass(frozen=True)
class Resolved:
    site: Site
    km: float


class SiteIndex:
    """Sites on a one-degree grid; ``nearest`` looks in the cell and its neighbours."""

    def __init__(self, sites: list[Site]):
        self.cells: dict[tuple[int, int], list[Site]] = {}
        for site in sites:
            self.cells.setdefault((math.floor(site.lat), math.floor(site.lon)), []).append(site)

    def nearest(self, lat: float, lon: float, radius_km: float, scheduled_only: bool = False) -> Resolved | None:
        best: Resolved | None = None
        cy, cx = math.floor(lat), math.floor(lon)
        reach = 1 + int(radius_km // 100)
        for dy in range(-reach, reach + 1):
            for dx in range(-reach, reach + 1):
                for site in self.cells.get((cy + dy, (cx + dx + 180) % 360 - 180), ()):
                    if scheduled_only and not site.scheduled:
                        continue
                    km = distance_km(lat, lon, site.lat, site.lon)
                    if km <= radius_km and (best is None or km < best.km):
                        best = Resolved(site, km)
        return best


class PlaceFinder:
    """Resolve an observed endpoint: gazetteer first (its names are the ones reports use), then
    airportsdata for aircraft."""

    def __init__(self, gazetteer_air: list[Site], gazetteer_sea: list[Site], airports: list[Site]):
        self.gaz_air = SiteIndex(gazetteer_air)
        self.gaz_sea = SiteIndex(gazetteer_sea)
        self.airports = SiteIndex(airports)

    def resolve(self, lat: float, lon: float, kind: str, radius_km: float | None = None) -> Resolved | None:
        if kind == "vessel":
            return self.gaz_sea.nearest(lat, lon, radius_km or SEA_RADIUS_KM)
        radius = radius_km or AIR_RADIUS_KM
        wide = radius > AIR_RADIUS_KM  # a hint from afar: only airfields airliners use
        return self.gaz_air.nearest(lat, lon, radius) or self.airports.nearest(lat, lon, radius, wide)

    def near_airport(self, lat: float, lon: float) -> bool:
        return self.resolve(lat, lon, "aircraft") is not None


@lru_cache(maxsize=1)
def place_finder() -> PlaceFinder:
    """The process-wide finder (gazetteer and airportsdata are read once)."""
    from milgraph.loaders.gazetteer import load_gazetteer

    gazetteer = load_gazetteer()
    air, sea = [], []
    for entry in gazetteer.entries:
        lat, lon = entry.properties.get("lat"), entry.properties.get("lon")
        if lat is None or lon is None or entry.label not in ("Base", "Place"):
            continue
        site = Site(entry.id, entry.name, entry.label, entry.kind or "", float(lat), float(lon),
                    entry.properties.get("icao"), entry.properties.get("country"))
        if entry.label == "Base" and entry.kind in AIR_KINDS:
            air.append(site)
        elif entry.label == "Base" and entry.kind in SEA_KINDS:
            sea.append(site)
    return PlaceFinder(air, sea, airport_sites())


@lru_cache(maxsize=1)
def airport_sites() -> list[Site]:
    import airportsdata

    return [Site(make_id("base", row["name"]), row["name"], "Base", "airport", float(row["lat"]), float(row["lon"]),
                 code, row["country"] or None, from_gazetteer=False, elevation_ft=float(row["elevation"] or 0),
                 scheduled=bool(row["iata"]))
            for code, row in airportsdata.load("ICAO").items()]


@lru_cache(maxsize=1)
def airports_by_code() -> dict[str, Site]:
    """ICAO and IATA codes -> airport (for a provider's airport field: its coordinates are then
    resolved like any other endpoint)."""
    import airportsdata

    sites = {s.icao: s for s in airport_sites()}
    by_code = dict(sites)
    for code, row in airportsdata.load("IATA").items():
        site = sites.get(row["icao"])
        if site is not None:
            by_code.setdefault(code, site)
    return by_code
