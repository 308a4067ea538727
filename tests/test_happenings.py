"""Which claims describe one happening (milgraph.graph.happenings), as cases in
tests/data/happenings_cases.yaml; every case also in reversed and shuffled order."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
import yaml

from milgraph.errors import MilgraphError
from milgraph.graph.happenings import Claim, Containment, cluster, compatible, dates_agree, parse_rules

CASES = yaml.safe_load((Path(__file__).parent / "data" / "happenings_cases.yaml").read_text(encoding="utf-8"))["cases"]


def _claims(case) -> list[Claim]:
    return [Claim.of(c["id"], c["report"], c["label"], c.get("date"), c.get("roles") or {},
                     c.get("modality", "confirmed")) for c in case["claims"]]


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_clusters(case):
    containment = Containment.from_parents(case.get("parents") or {}, case.get("vague") or ())
    claims = _claims(case)
    happenings = cluster(claims, containment)
    got = {h.id: sorted({c.id for c in h.claims}) for h in happenings}
    assert got == {ids[0]: sorted(ids) for ids in case["expect"]}
    for event_id, roles in (case.get("roles") or {}).items():
        happening = next(h for h in happenings if h.id == event_id)
        assert dict(happening.roles) == {r: tuple(sorted(f)) for r, f in roles.items()}
    for event_id, reports in (case.get("reports") or {}).items():
        assert next(h for h in happenings if h.id == event_id).reports == tuple(reports)
    for seed in range(5):  # the order claims come in never matters
        shuffled = list(reversed(claims)) if seed == 0 else random.Random(seed).sample(claims, len(claims))
        assert cluster(shuffled, containment) == happenings


def test_pairwise_compatibility():
    containment = Containment.from_parents({"base:a": ["place:x"], "place:x": ["place:c"]})
    day = Claim.of("1", "r1", "Flight", "2024-12-13", {"TO": ["base:a"]})
    month = Claim.of("2", "r2", "Flight", "2024-12", {"TO": ["place:c"]})
    other = Claim.of("3", "r3", "Flight", "2024-12", {"TO": ["place:y"]})
    assert compatible(day, month, containment) and compatible(month, day, containment)
    assert not compatible(day, other, containment)
    assert dates_agree("2024", "2024-12-13") and not dates_agree("2024-12-13", "2024-12-14")
    assert not dates_agree(None, "2024") and dates_agree(None, None)


def test_rules_file_errors_name_the_file():
    with pytest.raises(MilgraphError, match="rules.yaml: expected the keys"):
        parse_rules({"compared_roles": {"default": []}, "typo": 1}, "rules.yaml")
    with pytest.raises(MilgraphError, match="rules.yaml: contradicting_modalities entry 0"):
        parse_rules({"compared_roles": {"default": []}, "contradicting_modalities": [["denied"]]}, "rules.yaml")
    with pytest.raises(MilgraphError, match="rules.yaml: compared_roles: unknown event label 'Flihgt'"):
        parse_rules({"compared_roles": {"default": [], "Flihgt": ["TO"]}}, "rules.yaml")
    with pytest.raises(MilgraphError, match="rules.yaml: compared_roles default: unknown roles DESTINATION"):
        parse_rules({"compared_roles": {"default": ["DESTINATION"]}}, "rules.yaml")


def _every_group_checked(claims, containment):
    """The grouping by its definition: each unit, most specific first, is compared with every
    group so far and joins the one group it fits (the index in cluster() must not change it)."""
    from milgraph.graph.happenings import _happening, _specificity, anchored, conflict, load_rules, units_of
    rules, members = load_rules(), {}
    for claim in set(claims):
        members.setdefault(claim.id, []).append(claim)
    groups = []
    for unit in sorted(units_of(claims), key=lambda u: _specificity(u, containment, rules)):
        date = unit.date or ""
        fits = [] if unit.modality in rules.unjoined else [
            g for g in groups if g[0].label == unit.label
            and ((g[0].date or "").startswith(date) if date else not g[0].date)
            and g[0].modality not in rules.unjoined
            and all(conflict(unit, m, containment, rules) is None for m in g)
            and any(anchored(unit, m, containment, rules) for m in g)]
        if len(fits) == 1:
            fits[0].append(unit)
        else:
            groups.append([unit])
    return sorted((_happening(g, members, containment) for g in groups), key=lambda h: h.id)


@pytest.mark.parametrize("seed", range(40))
def test_clustering_with_the_index_groups_as_checking_every_group_does(seed):
    parents = {f"base:b{i}": [f"place:r{i % 4}"] for i in range(12)}
    parents.update({f"place:r{i}": ["place:c0" if i < 2 else "place:c1"] for i in range(4)})
    containment = Containment.from_parents(parents, ["equipment:cargo"])
    fillers = [*parents, "place:c0", "place:c1", "equipment:cargo", "actor:a", "actor:b", "equipment:x"]
    rng = random.Random(seed)
    claims = [Claim.of(f"c{rng.randint(0, 15)}" if rng.random() < 0.3 else f"u{i}", f"report:{i}",
                       rng.choice(["Flight", "Transfer", "Talks"]),
                       rng.choice([None, "2024", "2024-05", "2024-05-03", "2024-05-04"]),
                       {role: rng.sample(fillers, rng.randint(1, 2))
                        for role in rng.sample(["FROM", "TO", "BY", "CARRIED", "USING", "PARTICIPANT"], rng.randint(0, 3))},
                       rng.choice(["confirmed", "reported", "possible", "denied", "planned"]))
              for i in range(60)]
    assert cluster(claims, containment) == _every_group_checked(claims, containment)
