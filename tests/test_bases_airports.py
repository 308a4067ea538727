"""The gazetteer's airfields checked against airportsdata (MIT): an ICAO code must name an
airport within 5 km of the base's coordinates, and no two bases share a code. Observed legs are
resolved to bases by coordinates, so a wrong coordinate or code puts flights at the wrong base."""

from __future__ import annotations

import airportsdata
import yaml
from importlib import resources

from milgraph.loaders.places_by_coords import SiteIndex, airport_sites, distance_km

MAX_KM = 5.0
# Codes airportsdata does not carry, with the reason the base keeps them; the base must still
# have an airportsdata airfield within MAX_KM under another identifier.
NOT_IN_AIRPORTSDATA = {
    "OSSH": "Shayrat's published military code; airportsdata lists the field as OS65",
    "XRWE": "Engels-2's Russian internal code; airportsdata lists the field as XWSG",
}


def _airfields() -> list[dict]:
    text = resources.files("milgraph.loaders").joinpath("data", "gazetteer", "bases.yaml").read_text("utf-8")
    return [b for b in yaml.safe_load(text) if b.get("kind") in ("airbase", "airport")]


def test_every_icao_code_names_an_airport_within_5_km():
    airports = airportsdata.load("ICAO")
    nearby = SiteIndex(airport_sites())
    problems = []
    for base in _airfields():
        code = base.get("icao")
        if not code:
            continue
        if code in airports:
            km = distance_km(base["lat"], base["lon"], airports[code]["lat"], airports[code]["lon"])
            if km > MAX_KM:
                problems.append(f"{base['name']}: {code} is {airports[code]['name']}, {km:.0f} km away")
        elif code not in NOT_IN_AIRPORTSDATA:
            problems.append(f"{base['name']}: {code} is not in airportsdata (document why, or fix it)")
        elif nearby.nearest(base["lat"], base["lon"], MAX_KM) is None:
            problems.append(f"{base['name']}: no airportsdata airfield within {MAX_KM} km of its coordinates")
    assert problems == []


# Airfields without a code although airportsdata has one (a four-letter ICAO indicator) within
# MAX_KM, with the reason.
NO_CODE_ON_PURPOSE = {
    "Air Base 201": "DRZA is Agadez's civil airport, 2 km away; the drone base is its own field",
    "Ivanovo Severny": "the coordinates are those of Ivanovo South (UUBI), not the northern military field: "
                       "to be checked against a published position",
    "Orenburg airbase": "placed at Orenburg Central (UWOO); which field the reports mean is not settled",
}


def test_an_airfield_next_to_an_icao_airport_carries_its_code_or_says_why_not():
    coded = SiteIndex([s for s in airport_sites() if len(s.icao) == 4 and s.icao.isalpha()])
    missing = []
    for base in _airfields():
        near = coded.nearest(base["lat"], base["lon"], MAX_KM)
        if near and not base.get("icao") and base["name"] not in NO_CODE_ON_PURPOSE:
            missing.append(f"{base['name']}: {near.site.icao} ({near.site.name}) is {near.km:.1f} km away")
    assert missing == []


def test_no_two_bases_share_an_icao_code():
    codes = [b["icao"] for b in _airfields() if b.get("icao")]
    assert sorted(c for c in set(codes) if codes.count(c) > 1) == []


def test_the_known_errors_stay_fixed():
    by_name = {b["name"]: b for b in _airfields()}
    assert by_name["Qamishli airport"]["icao"] == "OSKL"  # OSDZ is Deir ez-Zor's
    assert by_name["al-Jufra"].get("icao") != "HLZA"  # HLZA is Zella 74, 140 km away
    khadim = airportsdata.load("ICAO")["HL59"]  # Al Khadim
    assert distance_km(by_name["al-Khadim"]["lat"], by_name["al-Khadim"]["lon"], khadim["lat"], khadim["lon"]) < 1
