"""Extractions of made-up reports for tests and benchmarks that need a store of realistic size.

Real reporting repeats itself: a few stories are told by hundreds of reports, most by one or
two. Each report here tells one to three stories drawn with a Zipf law from a fixed pool, so
the busiest facts collect many sources while most stay rare. Names and sentences are invented.
"""

from __future__ import annotations

import random
from functools import lru_cache

from milgraph.graph.ids import make_id
from milgraph.graph.records import Entity, Event, Extraction, Relation, ReportMeta

STORIES = 400
PUBLISHERS = [f"Outlet {i}" for i in range(25)]
MODALITIES = ["confirmed", "reported", "reported", "possible", "planned"]


@lru_cache(maxsize=1)
def _pool() -> dict[str, list[Entity]]:
    def entities(prefix: str, label: str, kind: str, count: int) -> list[Entity]:
        return [Entity(make_id(label.lower(), f"{prefix} {i}"), f"{prefix} {i}", [label], kind) for i in range(count)]

    return {"states": entities("State", "Actor", "state", 12), "bases": entities("Base", "Base", "airbase", 60),
            "places": entities("Region", "Place", "region", 30), "cargo": entities("System", "Equipment", "air_defense", 20)}


def _story(index: int) -> tuple[list[Entity], list[Relation], list[Event]]:
    """One story of the pool: who moved what from where to where, and who operates the base."""
    pool, rng = _pool(), random.Random(index)
    actor, origin, destination = rng.choice(pool["states"]), rng.choice(pool["bases"]), rng.choice(pool["bases"])
    cargo, region = rng.choice(pool["cargo"]), rng.choice(pool["places"])
    label = rng.choice(["Transfer", "Flight", "Voyage", "Deployment"])
    event = Event(id=f"event:story-{index}", labels=["Event", label], date=f"2024-{1 + index % 12:02d}",
                  date_precision="month", roles={"BY": [actor.id], "CARRIED": [cargo.id], "FROM": [origin.id],
                                                 "TO": [destination.id]})
    relations = [Relation("OPERATES", actor.id, destination.id), Relation("LOCATED_IN", destination.id, region.id)]
    return [actor, origin, destination, cargo, region], relations, [event]


def _zipf_story(rng: random.Random, exponent: float) -> int:
    weights = _zipf_weights(exponent)
    return rng.choices(range(STORIES), cum_weights=weights)[0]


@lru_cache(maxsize=4)
def _zipf_weights(exponent: float) -> list[float]:
    total, cumulative = 0.0, []
    for rank in range(1, STORIES + 1):
        total += 1 / rank ** exponent
        cumulative.append(total)
    return cumulative


def synthetic_extraction(number: int, seed: int = 0, zipf_exponent: float = 1.0) -> Extraction:
    """Report ``number`` of a reproducible series: one to three stories, each fact with an
    evidence sentence, a modality and a publisher of its own. A larger ``zipf_exponent``
    concentrates the reporting on fewer stories (1.4 gives the busiest story about 5,400
    sources in 10,000 reports, 1.0 about 2,700)."""
    rng = random.Random(seed * 1_000_003 + number)
    report = ReportMeta(id=f"report:synthetic-{seed}-{number:06d}", title=f"Synthetic report {number}",
                        publisher=rng.choice(PUBLISHERS), published=f"2024-{1 + number % 12:02d}-{1 + number % 28:02d}",
                        url=f"https://example.org/synthetic/{seed}/{number}")
    entities: dict[str, Entity] = {}
    relations, events = [], []
    for story in sorted({_zipf_story(rng, zipf_exponent) for _ in range(rng.randint(1, 3))}):
        story_entities, story_relations, story_events = _story(story)
        entities.update((e.id, e) for e in story_entities)
        modality = rng.choice(MODALITIES)
        sentence = f"Report {number} says story {story} happened ({modality})."
        for relation in story_relations:
            relations.append(Relation(relation.type, relation.start, relation.end, modality=modality,
                                      confidence=0.8, evidence=sentence))
        for event in story_events:
            events.append(Event(event.id, list(event.labels), event.date, event.date_precision,
                                modality=modality, confidence=0.7, roles=dict(event.roles), evidence=sentence))
    return Extraction(report=report, entities=list(entities.values()), relations=relations, events=events)


def synthetic_extractions(count: int, seed: int = 0, zipf_exponent: float = 1.0) -> list[Extraction]:
    return [synthetic_extraction(i, seed, zipf_exponent) for i in range(count)]
