"""The extractor: one report in, one :class:`Extraction` out; this folder holds its steps.

``extract_document(doc)`` is the public entry point. It is offline and deterministic. The
steps, one module each, in the order they run:

1. ``sentences``: page furniture removed, sentences split with offsets (the title is read too);
2. ``nlp`` / ``parsed``: each sentence parsed once by the pinned spaCy pipeline;
3. ``mentions`` (with ``names``, the recogniser fallback): gazetteer and pattern mentions,
   in-text coreference, laid over the parse;
4. ``relations``: static facts (BACKS, CONTROLS, LOCATED_IN, ...) from the rules of
   ``loaders/data/relations/`` (schema and path language in ``relation_rules``);
5. ``events``: Transfer/Flight/Voyage/... from the frames in ``loaders/data/events/``
   (``event_frames``, ``event_engine``), with dates (``dates``) and modality (``modality``)
   from the governing clause;
6. ``resolve``: duplicates merged within the report, deterministic event ids;
7. entities emitted: everything a relation/event uses, plus the salient mentions (background
   geography, generic equipment classes and foreign states only when a relation or event uses them).
"""

from __future__ import annotations

import bisect
from typing import Any

from milgraph.graph.records import Document, Entity, Event, Extraction, Relation, ReportMeta
from milgraph.loaders.extract import events as events_mod
from milgraph.loaders.extract import heap
from milgraph.loaders.extract import relations as relations_mod
from milgraph.loaders.extract import resolve
from milgraph.loaders.extract.dates import anchor_date
from milgraph.loaders.extract.mentions import DocAnalysis, analyse, parsed_role
from milgraph.loaders.extract.sentences import boilerplate_spans, split_sentences

_INTERNAL_PROPS = {"broadcaster", "near", "generic", "theatre", "parent", "region", "guessed", "text_form"}


def extract_document(doc: Document) -> Extraction:
    """Entities, relations and events of one report (title and body)."""
    text = doc.text or ""
    sentences = _outside(split_sentences(text), boilerplate_spans(text))
    published = doc.meta.published or anchor_date(text)  # an undated report's own latest full date
    an = analyse(doc.meta.title or "", text, sentences, published, doc.meta.publisher)
    relations = relations_mod.extract_relations(an)
    events = events_mod.extract_events(an)
    relations = resolve.merge_relations(relations)
    an.operators = resolve.operators(relations)
    an.formation_states = resolve.formation_states(relations, an)
    events = resolve.merge_events(events, an)
    for event in events:
        event.id = resolve.event_id(event, an)
    keep = _kept_ids(an, relations, events)
    extra = resolve.region_links(keep, an, an.sentences)
    if extra:
        relations = resolve.merge_relations(relations + extra)
        keep = _kept_ids(an, relations, events)
    entities = _build_entities(an, keep)
    heap.freeze_loaded()  # once per process: what the first report loaded stays out of full collections
    return Extraction(report=doc.meta, entities=entities, relations=relations, events=events, text=text,
                      unplaced=list(an.unplaced))


def _outside(sentences: list, spans: list[tuple[int, int]]) -> list:
    """The sentences that start outside every span (spans merged and searched, not scanned,
    so a long text with many furniture lines stays linear)."""
    merged: list[list[int]] = []
    for a, b in sorted(spans):
        if merged and a <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    starts = [a for a, _ in merged]
    kept = []
    for s in sentences:
        i = bisect.bisect_right(starts, s.start) - 1
        if i < 0 or s.start >= merged[i][1]:
            kept.append(s)
    return kept


def extract_text(text: str, title: str = "", published: str | None = None,
                 publisher: str | None = None, url: str | None = None, report_id: str = "report") -> Extraction:
    """Convenience wrapper: extract from a plain string."""
    meta = ReportMeta(id=report_id, title=title, published=published, publisher=publisher, url=url)
    return extract_document(Document(text=text, meta=meta))


def _entities(an: DocAnalysis, relations: list[Relation], events: list[Event]) -> list[Entity]:
    return _build_entities(an, _kept_ids(an, relations, events))


def _kept_ids(an: DocAnalysis, relations: list[Relation], events: list[Event]) -> list[str]:
    """Ids of the entities emitted, in order (see the module docstring, step 6)."""
    used: set[str] = set()
    for r in relations:
        used.update((r.start, r.end))
    for e in events:
        for ids in e.roles.values():
            used.update(ids)
    keep: dict[str, None] = {}
    for item in an.items:
        if item.coref or item.default is None:
            continue
        eid = item.ids.get(item.default)
        if eid is None:
            continue
        entry = an.specs.get(eid)
        if entry is None or entry.salience == "never" or entry.generic:
            continue
        if entry.properties.get("guessed") and eid not in used:
            continue  # a capitalised word after a preposition, with nothing else saying it is a place
        if item.tag in ("CTRY", "CAP") and eid not in used and "Place" in item.ids:
            # a country or capital no relation or event uses: the state when it acts, else the place
            role = parsed_role(an.sentences[item.sent], item)
            if role is not None:
                eid = item.ids[role] if role in item.ids else eid
        keep.setdefault(eid, None)
    for eid in sorted(used):
        keep.setdefault(eid, None)
    return list(keep)


def _build_entities(an: DocAnalysis, keep: list[str]) -> list[Entity]:
    seen: dict[str, tuple[int, set[str]]] = {}
    for item in an.items:
        if item.coref or item.tag == "ADJ":
            continue
        for label, eid in item.ids.items():
            if item.tag == "STATE" and label != "Actor":
                continue
            entry = an.specs.get(eid)
            if entry is None or entry.label != label:
                continue
            n, surfaces = seen.get(eid, (0, set()))
            surfaces.add(item.text)
            seen[eid] = (n + 1, surfaces)
    out: list[Entity] = []
    for eid in keep:
        entry = an.specs.get(eid)
        if entry is None:
            continue
        out.append(_entity(eid, entry, seen.get(eid, (0, set()))))
    return out


def _entity(eid: str, entry: Any, seen: tuple[int, set[str]]) -> Entity:
    props = {k: v for k, v in entry.properties.items() if k not in _INTERNAL_PROPS}
    kind = entry.kind
    if entry.label == "Equipment":
        kind = props.get("category") or kind
        props["category"] = kind
    mentions, surfaces = seen
    for extra in ("handle", "text_form"):  # a social handle; a ship class as the text writes it, in the singular
        if extra in entry.properties:
            surfaces = set(surfaces) | {entry.properties[extra]}
    aliases = sorted({a for a in surfaces if a.lower() != entry.name.lower()
                      and not a.lower().startswith(("the ", "a ", "an "))})
    return Entity(id=eid, name=entry.name, labels=[entry.label], kind=kind, aliases=aliases,
                  properties=props, mentions=max(1, mentions))
