"""From track points to legs: where an airframe or ship stopped, moved and was not seen.

A leg runs from a stop to the next stop. For aircraft a stop is a point on the ground (the
ADS-B ground flag) or low and slow; for ships, being moored or at anchor (AIS status) or slower
than half a knot for at least half an hour. An endpoint is *observed* when the track saw the
stop (or, for aircraft, a point low over an airfield); a leg that starts or ends airborne or
under way has an unobserved endpoint there, and that endpoint never contradicts a claim.

Time without points is a *gap*: recorded with its length and the distance covered, and never
read as "transponder off" -- receiver coverage explains most gaps. A gap splits a leg only when
the airframe was low on both sides of it (it may have landed unseen) or it is longer than
``split_gap_s``; otherwise the leg runs through it and lists it.

Everything streams: one point at a time per track, so a million points need no more memory
than the legs they make.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from milgraph.loaders.places_by_coords import PlaceFinder, Resolved, distance_km
from milgraph.loaders.tracks import Point


@dataclass(frozen=True)
class LegRules:
    note_gap_s: float  # a silence at least this long is recorded as a gap
    split_gap_s: float  # a silence at least this long always ends the leg
    low_ft: float  # below this (above the field) on both sides, a gap may hide a landing
    slow_kt: float  # at or below this a point counts as stopped (when the ground flag is absent)
    min_stop_s: float  # a stop must last this long to end a leg (ships drift while moored)
    min_leg_s: float  # shorter legs are taxiing or manoeuvring, not movements
    min_leg_km: float
    path_step_km: float  # the simplified polyline keeps a point every this many km


AIRCRAFT_RULES = LegRules(note_gap_s=10 * 60, split_gap_s=12 * 3600, low_ft=10000, slow_kt=40, min_stop_s=0,
                          min_leg_s=4 * 60, min_leg_km=5, path_step_km=25)
VESSEL_RULES = LegRules(note_gap_s=2 * 3600, split_gap_s=48 * 3600, low_ft=0, slow_kt=0.5, min_stop_s=30 * 60,
                        min_leg_s=30 * 60, min_leg_km=2, path_step_km=5)
LOW_SIDE_GAP_S = 30 * 60
FROZEN_S = 60  # a low airframe whose position has not changed for this long has stopped (the
# speed it still reports is a stale value: feeds repeat the last message)
FROZEN_LOW_FT = 500
APPROACH_AGL_FT = 3000  # a last (or first) airborne point this low over an airfield observes the landing
LIKELY_RADIUS_KM = 60  # an unobserved endpoint this near an airliner airfield, and
LIKELY_BELOW_FT = 12000  # this low, names it as a hint (shown, never used to match claims)


@dataclass
class Gap:
    start: float  # time of the last point before it
    end: float  # time of the first point after it
    km: float  # distance between those two points
    lat: float  # where it began
    lon: float
    end_lat: float
    end_lon: float

    @property
    def minutes(self) -> int:
        return round((self.end - self.start) / 60)


@dataclass
class Endpoint:
    point: Point
    observed: bool  # False: the leg started or ended while moving; the place is not known
    place: Resolved | None = None  # the Base or Place at an observed endpoint, if any is near
    likely: Resolved | None = None  # unobserved, but low near this airfield: a hint, never a fact


@dataclass
class Leg:
    kind: str
    start: Endpoint
    end: Endpoint
    points: int = 0
    gaps: list[Gap] = field(default_factory=list)
    path: list[tuple[float, float]] = field(default_factory=list)  # simplified polyline (lat, lon)
    ended_by_gap: Gap | None = None  # the silence that ended the leg, when one did

    @property
    def duration_s(self) -> float:
        return self.end.point.t - self.start.point.t

    @property
    def km(self) -> float:
        return distance_km(self.start.point.lat, self.start.point.lon, self.end.point.lat, self.end.point.lon)


def rules_for(kind: str) -> LegRules:
    return VESSEL_RULES if kind == "vessel" else AIRCRAFT_RULES


class _Builder:
    """The leg being built while points stream past."""

    def __init__(self, kind: str, start: Point, start_observed: bool, rules: LegRules):
        self.kind, self.rules = kind, rules
        self.start, self.start_observed = start, start_observed
        self.last = start
        self.points = 1
        self.gaps: list[Gap] = []
        self.path = [(start.lat, start.lon)]

    def add(self, p: Point, gap: Gap | None) -> None:
        if gap is not None:
            self.gaps.append(gap)
            self.path.append((self.last.lat, self.last.lon))
            self.path.append((float("nan"), float("nan")))  # a break in the polyline
            self.path.append((p.lat, p.lon))
        elif distance_km(self.path[-1][0], self.path[-1][1], p.lat, p.lon) >= self.rules.path_step_km:
            self.path.append((p.lat, p.lon))
        self.last = p
        self.points += 1

    def finish(self, end: Point, observed: bool, finder: PlaceFinder | None, ended_by_gap: Gap | None = None) -> Leg | None:
        if end.t - self.start.t < self.rules.min_leg_s:
            return None
        if distance_km(self.start.lat, self.start.lon, end.lat, end.lon) < self.rules.min_leg_km and not self.gaps:
            return None
        if self.path[-1] != (end.lat, end.lon):
            self.path.append((end.lat, end.lon))
        start_obs, end_obs = self.start_observed, observed
        start_place = _place(self.start, self.kind, finder)
        end_place = _place(end, self.kind, finder)
        if self.kind == "aircraft":  # low over an airfield: the take-off or landing was seen
            start_obs = start_obs or _over_airfield(self.start, start_place)
            end_obs = end_obs or _over_airfield(end, end_place)
        return Leg(self.kind, _endpoint(self.start, start_obs, start_place, self.kind, finder, self.rules),
                   _endpoint(end, end_obs, end_place, self.kind, finder, self.rules), self.points, self.gaps,
                   self.path, ended_by_gap)


def _endpoint(p: Point, observed: bool, place: Resolved | None, kind: str, finder: PlaceFinder | None,
              rules: LegRules) -> Endpoint:
    if observed:
        return Endpoint(p, True, place)
    likely = None
    if finder is not None and kind == "aircraft" and p.alt_ft is not None and p.alt_ft < LIKELY_BELOW_FT:
        likely = finder.resolve(p.lat, p.lon, kind, LIKELY_RADIUS_KM)
    return Endpoint(p, False, None, likely)


def _place(p: Point, kind: str, finder: PlaceFinder | None) -> Resolved | None:
    return finder.resolve(p.lat, p.lon, kind) if finder is not None else None


def _over_airfield(p: Point, place: Resolved | None) -> bool:
    if place is None:
        return False
    return p.alt_ft is None or p.alt_ft - place.site.elevation_ft <= APPROACH_AGL_FT


def is_stopped(p: Point, rules: LegRules) -> bool:
    if p.ground is not None:
        return p.ground or (p.speed_kt is not None and p.speed_kt <= rules.slow_kt and rules.min_stop_s > 0)
    return p.speed_kt is not None and p.speed_kt <= rules.slow_kt and (p.alt_ft is None or rules.min_stop_s > 0)


class LegSplitter:
    """The leg state machine of one airframe or ship: push points in time order, get each leg
    as soon as it ends. Holds one open leg at most, so memory does not grow with points."""

    def __init__(self, kind: str, finder: PlaceFinder | None = None, rules: LegRules | None = None):
        self.kind, self.finder = kind, finder
        self.rules = rules or rules_for(kind)
        self.leg: _Builder | None = None
        self.last: Point | None = None
        self.last_stop: Point | None = None  # the latest stopped point while no leg is open
        self.stop_since: Point | None = None  # while a leg is open: first point of a stop that may end it
        self.frozen: Point | None = None  # first point of a run at one low position

    def push(self, p: Point) -> list[Leg]:
        rules, last, done = self.rules, self.last, []
        if self.kind == "aircraft" and last is not None and (p.lat, p.lon) == (last.lat, last.lon) \
                and p.alt_ft is not None and p.alt_ft < FROZEN_LOW_FT:
            self.frozen = self.frozen or last
            if p.t - self.frozen.t >= FROZEN_S:
                p = p._replace(ground=True)
                if self.leg is not None and self.stop_since is None:
                    self.stop_since = self.frozen
        else:
            self.frozen = None
        gap = None
        if last is not None and p.t - last.t >= rules.note_gap_s:
            gap = Gap(last.t, p.t, distance_km(last.lat, last.lon, p.lat, p.lon), last.lat, last.lon, p.lat, p.lon)
        stopped = is_stopped(p, rules)
        if self.leg is not None and gap is not None and _gap_splits(gap, last, p, rules):
            ended = self.stop_since or last
            done.append(self.leg.finish(ended, self.stop_since is not None, self.finder,
                                        None if self.stop_since else gap))
            self.leg, self.stop_since, self.last_stop = None, None, None
        if self.leg is None:
            if stopped:
                self.last_stop = p
            else:
                observed_start = self.last_stop is not None and gap is None
                self.leg = _Builder(self.kind, self.last_stop if observed_start else p, observed_start, rules)
                if observed_start:
                    self.leg.add(p, None)
                self.last_stop = None
        elif stopped:
            self.stop_since = self.stop_since or p
            if p.t - self.stop_since.t >= rules.min_stop_s:
                done.append(self.leg.finish(self.stop_since, True, self.finder))
                self.leg, self.stop_since, self.last_stop = None, None, p
            else:
                self.leg.add(p, gap)
        else:
            self.stop_since = None
            self.leg.add(p, gap)
        self.last = p
        return [leg for leg in done if leg is not None]

    def finish(self) -> list[Leg]:
        """The leg still open when the points end (its end unobserved unless it had stopped)."""
        if self.leg is None or self.last is None:
            return []
        done = self.leg.finish(self.stop_since or self.last, self.stop_since is not None, self.finder)
        self.leg = None
        return [done] if done else []


def split_legs(points: Iterable[Point], kind: str, finder: PlaceFinder | None = None,
               rules: LegRules | None = None) -> Iterator[Leg]:
    """The legs of one airframe or ship, from its points in time order (streamed)."""
    splitter = LegSplitter(kind, finder, rules)
    for p in points:
        yield from splitter.push(p)
    yield from splitter.finish()


def _gap_splits(gap: Gap, before: Point, after: Point, rules: LegRules) -> bool:
    """A long silence; or, for aircraft, one with the airframe low on both sides, or low on one
    side and silent for over ``LOW_SIDE_GAP_S``: it may have landed unseen."""
    if gap.end - gap.start >= rules.split_gap_s:
        return True
    if rules.low_ft <= 0:
        return False
    low = [bool(p.ground) or (p.alt_ft is not None and p.alt_ft < rules.low_ft) for p in (before, after)]
    return all(low) or (any(low) and gap.end - gap.start >= LOW_SIDE_GAP_S)
