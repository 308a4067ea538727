"""One event per happening: which reports' claims describe the same happening, and the event
they make. Pure functions over small frozen values; the store side is
:mod:`milgraph.graph.happening_store`.

A :class:`Claim` is what one report says about an event (its label, date at its precision,
role fillers, modality); its id is :func:`milgraph.graph.ids.event_id`, a hash of all it says,
so reports saying exactly the same thing share a claim id. Claims are joined into a
:class:`Happening` when (rules in ``graph/model/happenings.yaml``):

- the label is the same and the dates agree at the coarser precision ("2024-12" holds
  "2024-12-13"; two different days do not agree; an undated claim only joins undated ones);
- every compared role (places, cargo, vehicle; who, for some labels) agrees: when both claims
  fill it, the fillers of one are each the same as, inside or around a filler of the other,
  through a :class:`Containment` (a base in its city, region and country, an airframe in its
  aircraft type, a named system in a generic class of its category);
- the modalities do not contradict ("denied" against the others);
- and at least one compared role is filled on both sides with agreeing, not vague, fillers.

Clustering (:func:`cluster`) depends only on the set of claims, never on their order: claims
are taken most specific first (precision, then how much they pin down, then id), and each
joins the one happening all of whose claims it agrees with; a claim that fits two happenings
(a coarse "to Libya in December" beside two different December flights to Libya) joins
neither and stays its own event. A happening takes the id, date and name of its most
specific claim; its roles are the union of its claims', a place dropped when a place inside it
fills the same role.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

import yaml

from milgraph.errors import MilgraphError
from milgraph.graph.model import load_model

PRECISION_RANK = {"day": 3, "month": 2, "year": 1, "unknown": 0}
_PRECISION_BY_LENGTH = {4: "year", 7: "month", 10: "day"}
RULES_FILE = "happenings.yaml"


# ----------------------------------------------------------------------------- rules


@dataclass(frozen=True)
class Rules:
    compared_roles: Mapping[str, tuple[str, ...]]
    contradicting: frozenset[frozenset[str]]
    unjoined: frozenset[str]

    def compared(self, label: str) -> tuple[str, ...]:
        return self.compared_roles.get(label, self.compared_roles["default"])


def parse_rules(data: object, where: str) -> Rules:
    """Rules from the YAML data of ``where``; unknown keys and malformed entries are errors
    naming the file and the entry."""
    known = {"compared_roles", "contradicting_modalities", "unjoined_modalities"}
    if not isinstance(data, dict) or set(data) - known or "compared_roles" not in data:
        raise MilgraphError(f"{where}: expected the keys {', '.join(sorted(known))} (compared_roles is required)")
    compared = data["compared_roles"]
    if not isinstance(compared, dict) or "default" not in compared or not all(
            isinstance(v, list) and all(isinstance(r, str) for r in v) for v in compared.values()):
        raise MilgraphError(f"{where}: compared_roles maps event labels (and `default`) to lists of roles")
    model = load_model()
    for label, roles in compared.items():
        if label != "default" and label not in model.event_labels:
            raise MilgraphError(f"{where}: compared_roles: unknown event label {label!r}")
        unknown = [r for r in roles if r not in model.roles]
        if unknown:
            raise MilgraphError(f"{where}: compared_roles {label}: unknown roles {', '.join(unknown)}")
    pairs = data.get("contradicting_modalities") or []
    for i, pair in enumerate(pairs):
        if not isinstance(pair, list) or len(pair) != 2 or set(pair) - set(model.modalities):
            raise MilgraphError(f"{where}: contradicting_modalities entry {i} must be a pair of modalities")
    if set(data.get("unjoined_modalities") or []) - set(model.modalities):
        raise MilgraphError(f"{where}: unjoined_modalities lists an unknown modality")
    return Rules(compared_roles={k: tuple(v) for k, v in compared.items()},
                 contradicting=frozenset(frozenset(p) for p in pairs),
                 unjoined=frozenset(data.get("unjoined_modalities") or []))


@lru_cache(maxsize=1)
def load_rules() -> Rules:
    text = resources.files("milgraph.graph").joinpath("model", RULES_FILE).read_text("utf-8")
    return parse_rules(yaml.safe_load(text), f"graph/model/{RULES_FILE}")


# ----------------------------------------------------------------------------- values


@dataclass(frozen=True, slots=True)
class Claim:
    """What one report says about one event."""

    id: str  # the claim id (graph.ids.event_id of the report's event)
    report: str
    label: str
    date: str | None = None
    roles: tuple[tuple[str, tuple[str, ...]], ...] = ()  # sorted (role, sorted fillers)
    modality: str = "confirmed"

    @classmethod
    def of(cls, id: str, report: str, label: str, date: str | None = None,
           roles: Mapping[str, Iterable[str]] | None = None, modality: str = "confirmed") -> Claim:
        packed = tuple(sorted((role, tuple(sorted(set(fillers)))) for role, fillers in (roles or {}).items()
                              if fillers))
        return cls(id, report, label, date or None, packed, modality)

    @property
    def precision(self) -> str:
        return _PRECISION_BY_LENGTH.get(len(self.date), "unknown") if self.date else "unknown"

    def role_map(self) -> dict[str, tuple[str, ...]]:
        return dict(self.roles)


@dataclass(frozen=True)
class Containment:
    """Which filler lies inside which: ``ancestors`` maps an entity id to every id around it
    (its city, region, country; an airframe's aircraft type; a named system's generic class);
    ``vague`` fillers ("equipment", "cargo") say nothing and agree with anything."""

    ancestors: Mapping[str, frozenset[str]] = field(default_factory=dict)
    vague: frozenset[str] = frozenset()

    @classmethod
    def from_parents(cls, parents: Mapping[str, Iterable[str]], vague: Iterable[str] = ()) -> Containment:
        """From direct parents (child -> parents), closed transitively (cycles are harmless)."""
        direct = {child: set(ps) for child, ps in parents.items()}
        closed: dict[str, frozenset[str]] = {}
        for start in direct:
            seen: set[str] = set()
            stack = list(direct[start])
            while stack:
                node = stack.pop()
                if node not in seen and node != start:
                    seen.add(node)
                    stack.extend(direct.get(node, ()))
            closed[start] = frozenset(seen)
        return cls(closed, frozenset(vague))

    def contains(self, outer: str, inner: str) -> bool:
        return outer == inner or outer in self.vague or outer in self.ancestors.get(inner, ())

    def agree(self, a: str, b: str) -> bool:
        return self.contains(a, b) or self.contains(b, a)

    def depth(self, entity: str) -> int:
        return len(self.ancestors.get(entity, ()))


@dataclass(frozen=True)
class Happening:
    """Claims that describe one happening, and the event they make."""

    id: str
    label: str
    date: str | None
    roles: tuple[tuple[str, tuple[str, ...]], ...]
    claims: tuple[Claim, ...]

    @property
    def precision(self) -> str:
        return _PRECISION_BY_LENGTH.get(len(self.date), "unknown") if self.date else "unknown"

    @property
    def reports(self) -> tuple[str, ...]:
        return tuple(sorted({c.report for c in self.claims}))


def bucket_of(label: str, date: str | None) -> tuple[str, str]:
    """Claims that may describe one happening share a bucket: the label and the year."""
    return label, (date or "")[:4] or "undated"


# ----------------------------------------------------------------------------- agreement


def dates_agree(a: str | None, b: str | None) -> bool:
    """Equal at the coarser precision; undated agrees only with undated."""
    if not a or not b:
        return not a and not b
    return a.startswith(b) if len(a) >= len(b) else b.startswith(a)


def _covered(xs: Iterable[str], ys: Iterable[str], containment: Containment) -> bool:
    """Every x agrees with some y (:meth:`Containment.agree`), in set operations: x is a y
    or around one, or some y is around x; a vague filler agrees with anything."""
    ys = set(ys)
    if not ys:
        return not any(True for _ in xs)
    vague, ancestors = containment.vague, containment.ancestors
    if ys & vague:
        return True
    around_ys = ys.union(*(ancestors.get(y, ()) for y in ys))
    return all(x in vague or x in around_ys or not ys.isdisjoint(ancestors.get(x, ())) for x in xs)


def fillers_agree(xs: tuple[str, ...], ys: tuple[str, ...], containment: Containment) -> bool:
    """One side missing, or every filler of one side agrees with some filler of the other."""
    return not xs or not ys or _covered(xs, ys, containment) or _covered(ys, xs, containment)


def conflict(a: Claim, b: Claim, containment: Containment, rules: Rules | None = None) -> str | None:
    """Why two claims cannot describe one happening, or None when nothing keeps them apart."""
    rules = rules or load_rules()
    if a.label != b.label:
        return "label"
    if not dates_agree(a.date, b.date):
        return "date"
    if a.modality != b.modality and (frozenset((a.modality, b.modality)) in rules.contradicting
                                     or a.modality in rules.unjoined or b.modality in rules.unjoined):
        return "modality"
    ra, rb = a.role_map(), b.role_map()
    for role in rules.compared(a.label):
        if not fillers_agree(ra.get(role, ()), rb.get(role, ()), containment):
            return role
    return None


def anchored(a: Claim, b: Claim, containment: Containment, rules: Rules | None = None) -> bool:
    """Some compared role is filled on both sides with agreeing fillers that say something."""
    rules = rules or load_rules()
    ra, rb = a.role_map(), b.role_map()
    for role in rules.compared(a.label):
        xs = [x for x in ra.get(role, ()) if x not in containment.vague]
        ys = [y for y in rb.get(role, ()) if y not in containment.vague]
        if any(containment.agree(x, y) for x in xs for y in ys):
            return True
    return False


def compatible(a: Claim, b: Claim, containment: Containment, rules: Rules | None = None) -> bool:
    """Two claims describe one happening (when nothing else fits them better)."""
    rules = rules or load_rules()
    return conflict(a, b, containment, rules) is None and anchored(a, b, containment, rules)


# ----------------------------------------------------------------------------- clustering


def _specificity(claim: Claim, containment: Containment, rules: Rules) -> tuple:
    """Sort key, most specific first: precision, then how much the compared roles pin down
    (more fillers, deeper places), then the id (ids are hashes of the content)."""
    roles = claim.role_map()
    pinned = sum(1 + containment.depth(f) for role in rules.compared(claim.label)
                 for f in roles.get(role, ()) if f not in containment.vague)
    return -PRECISION_RANK[claim.precision], -pinned, -len(claim.roles), claim.id


def units_of(claims: Iterable[Claim]) -> list[Claim]:
    """Claims with one id say the same thing: one representative each (the roles' union, in
    case curation left reports of one id with different fillers), with its reports kept."""
    by_id: dict[str, list[Claim]] = defaultdict(list)
    for claim in set(claims):
        by_id[claim.id].append(claim)
    units = []
    for claim_id, group in by_id.items():
        group.sort(key=lambda c: (c.report, c.modality, c.roles, c.date or ""))
        roles: dict[str, set[str]] = defaultdict(set)
        for claim in group:
            for role, fillers in claim.roles:
                roles[role] |= set(fillers)
        modalities = {c.modality for c in group}
        modality = group[0].modality if len(modalities) == 1 else joint_modality(modalities)
        units.append(Claim.of(claim_id, "", group[0].label, group[0].date, roles, modality))
    return units


def joint_modality(modalities: set[str]) -> str:
    """The modality of reports that said the same: a denial only when all deny."""
    kept = sorted(modalities - {"denied"})
    return "confirmed" if "confirmed" in kept else (kept[0] if kept else "denied")


def cluster(claims: Iterable[Claim], containment: Containment, rules: Rules | None = None) -> list[Happening]:
    """The happenings a set of claims (of one bucket, or several) describe; the same set in
    any order gives the same happenings. Sorted by id."""
    rules = rules or load_rules()
    claims = list(set(claims))
    members: dict[str, list[Claim]] = defaultdict(list)
    for claim in claims:
        members[claim.id].append(claim)
    units = sorted(units_of(claims), key=lambda u: _specificity(u, containment, rules))
    groups: list[list[Claim]] = []
    anchors = _AnchorIndex(containment, rules)
    for unit in units:
        fits = [] if unit.modality in rules.unjoined else [
            group for group in anchors.groups_anchoring(unit)
            if _founder_date_fits(unit, group[0]) and group[0].modality not in rules.unjoined
            and all(conflict(unit, m, containment, rules) is None for m in group)
            and any(anchored(unit, m, containment, rules) for m in group)]
        if len(fits) == 1:
            fits[0].append(unit)
            anchors.add(unit, fits[0])
        else:  # nothing fits, or two happenings do: the claim stays its own
            group = [unit]
            groups.append(group)
            anchors.add(unit, group)
    happenings = [_happening(group, members, containment) for group in groups]
    return sorted(happenings, key=lambda h: h.id)


def _founder_date_fits(unit: Claim, founder: Claim) -> bool:
    """Founders come first in the order, so they are at least as precise, and agree when
    their date starts with the unit's."""
    date, founder_date = unit.date or "", founder.date or ""
    return founder.label == unit.label and (founder_date.startswith(date) if date else not founder_date)


class _AnchorIndex:
    """The groups a unit could join, found without comparing it with every group of its bucket.

    A unit joins a group only if no member conflicts with it and some member anchors it
    (:func:`conflict`, :func:`anchored`). So for every compared role the unit fills with
    specific (not vague) fillers, a candidate group either lacks that role, has a vague filler
    in it, or has a filler that equals, lies within or contains one of the unit's. The index
    keeps those three sets per role; a unit is checked against the smallest of them, filtered
    by the other roles, and only the groups left get the full pairwise check. The grouping is
    the same; the time no longer grows with the square of a bucket's size."""

    def __init__(self, containment: Containment, rules: Rules) -> None:
        self.containment, self.rules = containment, rules
        self.groups: dict[int, list[Claim]] = {}
        self.fillers: dict[tuple[int, str], set[str]] = defaultdict(set)  # (group, role) -> specific fillers
        self.exact: dict[tuple[str, str, str], set[int]] = defaultdict(set)  # (label, role, filler)
        self.within: dict[tuple[str, str, str], set[int]] = defaultdict(set)  # (label, role, filler or around it)
        self.lacking: dict[tuple[str, str], set[int]] = defaultdict(set)  # (label, role): no member fills it
        self.wild: dict[tuple[str, str], set[int]] = defaultdict(set)  # (label, role): a member's filler is vague

    def _roles(self, unit: Claim) -> list[tuple[str, tuple[str, ...], bool]]:
        """(role, specific fillers, whether a filler is vague) for each compared role."""
        roles = unit.role_map()
        out = []
        for role in self.rules.compared(unit.label):
            fillers = roles.get(role, ())
            out.append((role, tuple(f for f in fillers if f not in self.containment.vague),
                        any(f in self.containment.vague for f in fillers)))
        return out

    def add(self, unit: Claim, group: list[Claim]) -> None:
        gid = id(group)
        new = gid not in self.groups
        self.groups[gid] = group
        for role, specific, vague in self._roles(unit):
            key = (unit.label, role)
            if new and not specific and not vague:
                self.lacking[key].add(gid)
                continue
            if specific or vague:
                self.lacking[key].discard(gid)
            if vague:
                self.wild[key].add(gid)
            for filler in specific:
                self.fillers[(gid, role)].add(filler)
                self.exact[(unit.label, role, filler)].add(gid)
                for around in (filler, *self.containment.ancestors.get(filler, ())):
                    self.within[(unit.label, role, around)].add(gid)

    def _agreeing(self, label: str, role: str, specific: tuple[str, ...]) -> set[int]:
        found: set[int] = set()
        for filler in specific:
            found |= self.within.get((label, role, filler), set())
            for outer in self.containment.ancestors.get(filler, ()):
                found |= self.exact.get((label, role, outer), set())
        return found

    def _passes(self, gid: int, label: str, role: str, around: frozenset[str], within: frozenset[str]) -> bool:
        """The group lacks the role, has a vague filler in it, or a filler that is one of the
        unit's or around one (``around``) or inside one (``within``: the unit's fillers)."""
        if gid in self.lacking.get((label, role), ()) or gid in self.wild.get((label, role), ()):
            return True
        fillers = self.fillers.get((gid, role), set())
        return not fillers.isdisjoint(around) or any(not within.isdisjoint(self.containment.ancestors.get(y, ()))
                                                     for y in fillers)

    def groups_anchoring(self, unit: Claim) -> list[list[Claim]]:
        """A superset of the groups the unit can join (each still gets the full check)."""
        label, roles = unit.label, self._roles(unit)
        anchoring: set[int] = set()  # groups sharing an agreeing specific filler in some role
        options = []
        for role, specific, vague in roles:
            agreeing = self._agreeing(label, role, specific)
            anchoring |= agreeing
            if specific and not vague:  # a filler that can conflict: the role filters
                around = frozenset(specific).union(*(self.containment.ancestors.get(f, ()) for f in specific))
                options.append((agreeing | self.lacking.get((label, role), set()) | self.wild.get((label, role), set()),
                                role, around, frozenset(specific)))
        start = min([o[0] for o in options] + [anchoring], key=len)
        return [self.groups[gid] for gid in start
                if gid in anchoring and all(self._passes(gid, label, r, up, sp) for _, r, up, sp in options)]


def _happening(group: list[Claim], members: dict[str, list[Claim]], containment: Containment) -> Happening:
    founder = group[0]
    roles: dict[str, set[str]] = defaultdict(set)
    for unit in group:
        for role, fillers in unit.roles:
            roles[role] |= set(fillers)
    return Happening(id=founder.id, label=founder.label, date=founder.date,
                     roles=tuple(sorted((role, tuple(sorted(innermost(fillers, containment))))
                                        for role, fillers in roles.items())),
                     claims=tuple(sorted((c for unit in group for c in members[unit.id]),
                                         key=lambda c: (c.report, c.id))))


def innermost(fillers: set[str], containment: Containment) -> set[str]:
    """Drop a filler that strictly contains another of the same role ("Libya" beside
    "al-Khadim"); vague ones go when anything else is there."""
    return {f for f in fillers
            if not any(g != f and containment.contains(f, g) and not containment.contains(g, f) for g in fillers)}
