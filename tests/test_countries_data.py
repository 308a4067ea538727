"""The world gazetteer (loaders/data/gazetteer/countries.yaml) is well-formed and sane."""

from __future__ import annotations

import re
import unicodedata
from importlib import resources

import pytest
import yaml

REGIONS = {"Africa", "Asia", "Europe", "Middle East", "Americas", "Oceania"}
FIELDS = {"name", "iso2", "lat", "lon", "aliases", "adjectives", "capital", "capital_lat",
          "capital_lon", "region"}
# Two-letter aliases that are everyday English words would match ordinary text.
COMMON_TWO_LETTER_WORDS = {"in", "as", "is", "it", "at", "be", "by", "do", "go", "he", "if", "me",
                           "my", "no", "of", "on", "or", "so", "to", "up", "we", "an", "am", "us"}


def _load() -> list[dict]:
    path = resources.files("milgraph.loaders") / "data" / "gazetteer" / "countries.yaml"
    return yaml.safe_load(path.read_text(encoding="utf-8"))


COUNTRIES = _load()
BY_NAME = {c["name"]: c for c in COUNTRIES}
BY_ISO = {c["iso2"]: c for c in COUNTRIES}


def _sort_key(name: str) -> str:
    return unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().casefold()


def test_covers_the_whole_world():
    assert len(COUNTRIES) >= 195


def test_every_entry_has_exactly_the_documented_fields():
    for c in COUNTRIES:
        assert set(c) == FIELDS, c.get("name")


def test_names_and_codes_are_unique():
    assert len(BY_NAME) == len(COUNTRIES)
    assert len(BY_ISO) == len(COUNTRIES)


def test_iso2_codes_are_two_capital_letters_as_strings():
    # guards against YAML 1.1 reading an unquoted NO (Norway) as the boolean false
    for c in COUNTRIES:
        assert isinstance(c["iso2"], str) and re.fullmatch(r"[A-Z]{2}", c["iso2"]), c["name"]


def test_entries_are_sorted_by_name():
    names = [c["name"] for c in COUNTRIES]
    assert names == sorted(names, key=_sort_key)


def test_coordinates_are_in_range():
    for c in COUNTRIES:
        for lat_key, lon_key in (("lat", "lon"), ("capital_lat", "capital_lon")):
            assert isinstance(c[lat_key], float) and isinstance(c[lon_key], float), c["name"]
            assert -90 <= c[lat_key] <= 90, c["name"]
            assert -180 <= c[lon_key] <= 180, c["name"]


def test_every_entry_has_a_capital_and_a_region():
    for c in COUNTRIES:
        assert isinstance(c["capital"], str) and c["capital"].strip(), c["name"]
        assert c["region"] in REGIONS, c["name"]


def test_aliases_and_adjectives_are_lists_of_strings():
    for c in COUNTRIES:
        for key in ("aliases", "adjectives"):
            assert isinstance(c[key], list), c["name"]
            assert all(isinstance(a, str) and a.strip() for a in c[key]), c["name"]


def test_no_alias_is_a_common_two_letter_word():
    # "US" is the one exception: news writes it all the time, and it is matched case-sensitively
    for c in COUNTRIES:
        for alias in c["aliases"]:
            if alias != "US":
                assert alias.casefold() not in COMMON_TWO_LETTER_WORDS, (c["name"], alias)


def test_no_surface_form_points_to_two_countries():
    owner: dict[str, str] = {}
    for c in COUNTRIES:
        for form in [c["name"], *c["aliases"], *c["adjectives"]]:
            key = form.casefold()
            assert owner.setdefault(key, c["name"]) == c["name"], (form, owner[key], c["name"])


@pytest.mark.parametrize("name, iso2", [
    ("Russia", "RU"), ("Libya", "LY"), ("Mali", "ML"), ("Niger", "NE"), ("Syria", "SY"),
    ("Sudan", "SD"), ("Belarus", "BY"), ("Burkina Faso", "BF"), ("Central African Republic", "CF"),
    ("Egypt", "EG"), ("Nigeria", "NG"), ("South Sudan", "SS"), ("Norway", "NO"), ("Kosovo", "XK"),
])
def test_spot_check_codes(name, iso2):
    assert BY_NAME[name]["iso2"] == iso2


# rough bounding boxes (lat_min, lat_max, lon_min, lon_max) of countries in the theatre
BOXES = {
    "Libya": (19.5, 33.2, 9.3, 25.2),
    "Syria": (32.3, 37.4, 35.7, 42.4),
    "Mali": (10.1, 25.0, -12.3, 4.3),
    "Niger": (11.7, 23.5, 0.1, 16.0),
    "Sudan": (8.6, 22.3, 21.8, 38.6),
    "Belarus": (51.2, 56.2, 23.2, 32.8),
    "Burkina Faso": (9.4, 15.1, -5.5, 2.4),
    "Central African Republic": (2.2, 11.0, 14.4, 27.5),
    "Egypt": (22.0, 31.7, 24.7, 36.9),
    "Russia": (41.2, 81.9, 19.6, 180.0),
}


@pytest.mark.parametrize("name", sorted(BOXES))
def test_centre_and_capital_lie_in_the_country(name):
    lat_min, lat_max, lon_min, lon_max = BOXES[name]
    c = BY_NAME[name]
    for lat, lon in ((c["lat"], c["lon"]), (c["capital_lat"], c["capital_lon"])):
        assert lat_min <= lat <= lat_max and lon_min <= lon <= lon_max, (name, lat, lon)


@pytest.mark.parametrize("name, capital", [
    ("Libya", "Tripoli"), ("Syria", "Damascus"), ("Mali", "Bamako"), ("Niger", "Niamey"),
    ("Belarus", "Minsk"), ("Burkina Faso", "Ouagadougou"), ("Russia", "Moscow"),
    ("Sudan", "Khartoum"), ("Central African Republic", "Bangui"),
])
def test_spot_check_capitals(name, capital):
    assert BY_NAME[name]["capital"] == capital


@pytest.mark.parametrize("name, alias", [
    ("United States", "US"), ("United States", "U.S."), ("United States", "USA"),
    ("United States", "America"), ("United Kingdom", "UK"), ("United Kingdom", "Britain"),
    ("United Arab Emirates", "UAE"), ("DR Congo", "DRC"), ("Central African Republic", "CAR"),
    ("Turkey", "Türkiye"), ("Ivory Coast", "Côte d'Ivoire"), ("Russia", "Russian Federation"),
])
def test_spot_check_aliases(name, alias):
    assert alias in BY_NAME[name]["aliases"]


@pytest.mark.parametrize("name, adjective", [
    ("Russia", "Russian"), ("Syria", "Syrian"), ("United States", "American"),
    ("United Arab Emirates", "Emirati"), ("Mali", "Malian"), ("Niger", "Nigerien"),
    ("Nigeria", "Nigerian"), ("Burkina Faso", "Burkinabe"), ("Libya", "Libyan"),
    ("Belarus", "Belarusian"), ("Sudan", "Sudanese"),
])
def test_spot_check_adjectives(name, adjective):
    assert adjective in BY_NAME[name]["adjectives"]


def test_theatre_regions():
    assert BY_NAME["Syria"]["region"] == "Middle East"
    assert BY_NAME["Libya"]["region"] == "Africa"
    assert BY_NAME["Belarus"]["region"] == "Europe"
