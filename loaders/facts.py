"""Curated facts files: what an analyst writes by hand to add what no report says.

A facts file is YAML or JSON in the shape of the evaluation gold format (see the README):
``entities`` (name, label, kind, aliases and extra properties such as lat, lon, icao),
``relations`` (type, start, end by entity name) and ``events`` (label, date, roles by entity
name), each with optional modality, confidence, evidence, attributed_to and source. An
optional ``report`` mapping says what the file is (title, publisher, url, published).

Names in relations and roles are resolved among the file's entities by the label the slot
allows, so one name may be both a state (Actor) and a country (Place). An id such as
``place:russia`` may be used instead of a name.

Every error names the file and the line of the entry at fault; all bad entries of a file are
reported at once, and then nothing of the file is used.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from pathlib import Path
from typing import Any

import yaml

from milgraph.errors import InputError, MilgraphError
from milgraph.graph.ids import event_id, make_id, match_key
from milgraph.graph.model import GraphModel, load_model
from milgraph.graph.records import Entity, Event, Extraction, Relation, ReportMeta
from milgraph.graph.writer import is_iso_date, is_property_value, precision_of

FACTS_SUFFIXES = (".yaml", ".yml", ".json")
_ENTITY_KEYS = {"id", "name", "label", "labels", "kind", "aliases", "__line__"}
_EXTRA_PROPERTIES = {"lat", "lon", "icao", "iso2", "country", "registration", "designation", "nato_name",
                     "type", "operator", "imo", "flag", "category"}


def is_facts_file(path: Path) -> bool:
    """YAML files are facts files; JSON files are when they hold top-level ``entities``."""
    path = Path(path)
    if path.suffix.lower() in (".yaml", ".yml"):
        return not path.name.endswith((".meta.yaml", ".meta.yml"))
    if path.suffix.lower() == ".json" and not path.name.endswith(".meta.json") and path.name != "index.json":
        try:
            head = path.read_text("utf-8", errors="replace")[:4096]
        except OSError:
            return False
        return head.lstrip().startswith("{") and '"entities"' in head
    return False


class _LineLoader(yaml.SafeLoader):
    """A YAML loader that records each mapping's line number under ``__line__``."""


def _mapping_with_line(loader: _LineLoader, node: yaml.MappingNode) -> dict:
    mapping = loader.construct_mapping(node, deep=True)
    mapping["__line__"] = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping_with_line)
# Dates stay ISO strings (YAML 1.1 would turn 2024-12-13 into a date object), and only
# true/false are booleans (YAML 1.1 reads Norway's code NO as false).
_LineLoader.yaml_implicit_resolvers = {
    key: [(tag, rx) for tag, rx in resolvers if tag not in ("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:bool")]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_LineLoader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
                                  list("tTfF"))


def load_facts(path: Path | str) -> Extraction:
    """Read one facts file into an Extraction (not yet validated against the store)."""
    path = Path(path)
    raw = path.read_bytes()
    data = _parse(path, raw)
    return FactsReader(path, data, hashlib.sha256(raw).hexdigest()).read()


def _parse(path: Path, raw: bytes) -> dict:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(path, f"not UTF-8 text (byte {exc.start}); save the file as UTF-8") from None
    json_data = None
    if path.suffix.lower() == ".json":
        try:
            json_data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise InputError(path, f"invalid JSON: {exc.msg}", line=exc.lineno) from None
    try:
        data = yaml.load(text, Loader=_LineLoader)  # JSON is YAML: one loader gives line numbers for both
    except yaml.YAMLError as exc:
        if json_data is not None:  # JSON that YAML cannot read (tabs): the facts, without line numbers
            data = json_data
        else:
            mark = getattr(exc, "problem_mark", None)
            reason = getattr(exc, "problem", None) or str(exc)
            raise InputError(path, f"invalid YAML: {reason}", line=mark.line + 1 if mark else None) from None
    if not isinstance(data, dict) or not any(k in data for k in ("entities", "relations", "events")):
        raise InputError(path, "a facts file is a mapping with 'entities', 'relations' and/or 'events' lists")
    return data


class FactsFileErrors(InputError):
    """Several bad entries in one facts file: the message lists each (file:line (entry): why)."""

    def __init__(self, path: Path, problems: list[InputError]):
        self.problems = problems
        self.path, self.line, self.entry = str(path), problems[0].line, None
        listing = "".join(f"\n  {p}" for p in problems)
        self.reason = f"{len(problems)} entries are wrong, so nothing from this file is written:{listing}"
        MilgraphError.__init__(self, f"{path}: {self.reason}")


class FactsReader:
    def __init__(self, path: Path, data: dict, sha256: str, model: GraphModel | None = None):
        self.path, self.data, self.sha256 = path, data, sha256
        self.model = model or load_model()
        self.by_name: dict[str, list[Entity]] = {}
        self.by_id: dict[str, Entity] = {}

    def fail(self, item: Any, message: str, what: str) -> InputError:
        line = item.get("__line__") if isinstance(item, dict) else None
        return InputError(self.path, message, line=line, entry=what)

    def read(self) -> Extraction:
        """The file's facts; every bad entry is reported at once (a :class:`FactsFileErrors`
        when there are several), and then nothing of the file is used."""
        report = self._report()
        problems: list[InputError] = []
        entities = self._each("entities", self._entity, problems)
        relations = self._each("relations", self._relation, problems)
        events = self._each("events", self._event, problems)
        if len(problems) == 1:
            raise problems[0]
        if problems:
            raise FactsFileErrors(self.path, problems)
        return Extraction(report=report, entities=entities, relations=relations, events=events)

    def _each(self, key: str, read_one, problems: list[InputError]) -> list:
        out = []
        try:
            items = self._list(key)
        except InputError as exc:
            problems.append(exc)
            return out
        for index, item in enumerate(items):
            try:
                out.append(read_one(index, item))
            except InputError as exc:
                problems.append(exc)
        return out

    def _list(self, key: str) -> list:
        items = self.data.get(key) or []
        if not isinstance(items, list):
            raise self.fail(self.data, f"'{key}' must be a list", key)
        return items

    def _report(self) -> ReportMeta:
        meta = self.data.get("report") or {}
        return ReportMeta(
            id=f"report:{self.sha256[:16]}",
            title=str(meta.get("title") or self.path.name),
            url=meta.get("url") or self.path.resolve().as_uri(),
            publisher=meta.get("publisher"),
            published=_iso(meta.get("published")),
            sha256=self.sha256,
            path=str(self.path),
        )

    def _text(self, item: dict, key: str, what: str, required: bool = False) -> str | None:
        value = item.get(key)
        if value is None and not required:
            return None
        if not isinstance(value, (str, int, float)) or isinstance(value, bool) or str(value).strip() == "":
            raise self.fail(item, f"'{key}' must be a text, not {type(value).__name__} {value!r:.60}", what)
        return str(value)

    def _texts(self, item: dict, key: str, what: str) -> list[str]:
        """A list of texts; a single text is a list of one."""
        value = item.get(key) or []
        if isinstance(value, str):
            return [value]
        if not isinstance(value, list) or not all(isinstance(v, (str, int, float)) for v in value):
            raise self.fail(item, f"'{key}' must be a list of texts", what)
        return [str(v) for v in value]

    def _entity(self, index: int, item: Any) -> Entity:
        what = f"entity {index + 1}"
        if not isinstance(item, dict):
            raise self.fail(item, "an entity is a mapping with at least a name and a label", what)
        name = self._text(item, "name", what, required=True)
        what = f"entity {name!r}"
        if isinstance(item.get("labels"), list) and item["labels"]:
            label_name = item["labels"][0]
        else:
            label_name = item.get("label")
        label = self.model.nodes.get(label_name) if isinstance(label_name, str) else None
        if label is None or not label.is_entity:
            raise self.fail(item, f"unknown label {label_name!r}; use one of {', '.join(self.model.entity_labels)}", what)
        kind = self._text(item, "kind", what)
        if not label.allows_kind(kind):
            raise self.fail(item, f"kind {kind!r} is not a {label.name} kind; use one of {', '.join(label.kinds)}", what)
        unknown = set(item) - _ENTITY_KEYS - _EXTRA_PROPERTIES - set(label.properties)
        if unknown:
            raise self.fail(item, f"unknown field(s) {', '.join(sorted(unknown))}", what)
        properties = {k: item[k] for k in item if k in _EXTRA_PROPERTIES or k in label.properties}
        for key, value in properties.items():
            if not is_property_value(value) or value is None:
                raise self.fail(item, f"'{key}' must be a text, a number or a list of those", what)
        for key in ("lat", "lon"):
            if key in properties and (not isinstance(properties[key], (int, float)) or isinstance(properties[key], bool)):
                raise self.fail(item, f"{key} must be a number", what)
        entity_id = self._text(item, "id", what) or make_id(label.id_prefix, name)
        if not entity_id.startswith(label.id_prefix + ":"):
            raise self.fail(item, f"id {entity_id!r} of a {label.name} must start with '{label.id_prefix}:'", what)
        entity = Entity(
            id=entity_id,
            name=name,
            labels=[label.name],
            kind=kind,
            aliases=self._texts(item, "aliases", what),
            properties=properties,
        )
        if entity.id in self.by_id:
            raise self.fail(item, f"{entity.id} is defined twice in this file", what)
        self.by_id[entity.id] = entity
        for name in (entity.name, *entity.aliases):
            self.by_name.setdefault(match_key(name), []).append(entity)
        return entity

    def _resolve(self, item: dict, name: Any, allowed: tuple[str, ...], what: str) -> str:
        if not isinstance(name, str) or not name:
            raise self.fail(item, f"expected an entity name, got {name!r}", what)
        if name in self.by_id:
            return name
        candidates = self.by_name.get(match_key(name), [])
        fitting = [e for e in candidates if e.label in allowed]
        if not candidates:
            raise self.fail(item, f"{name!r} is not among the file's entities; add it to 'entities'", what)
        if not fitting:
            labels = "/".join(sorted({e.label for e in candidates}))
            raise self.fail(item, f"{name!r} is a {labels}, but this slot takes {'/'.join(allowed)}", what)
        return fitting[0].id

    def _provenance(self, item: dict, what: str) -> dict:
        modality = item.get("modality", "confirmed")
        if modality not in self.model.modalities:
            raise self.fail(item, f"modality {modality!r} is not one of {', '.join(self.model.modalities)}", what)
        confidence = item.get("confidence", 1.0)
        if not isinstance(confidence, (int, float)) or not 0 <= confidence <= 1:
            raise self.fail(item, "confidence must be a number between 0 and 1", what)
        if isinstance(confidence, bool) or not math.isfinite(float(confidence)):
            raise self.fail(item, "confidence must be a number between 0 and 1", what)
        return {"modality": modality, "confidence": float(confidence),
                "evidence": self._text(item, "evidence", what) or "",
                "attributed_to": self._texts(item, "attributed_to", what)}

    def _relation(self, index: int, item: Any) -> Relation:
        what = f"relation {index + 1}"
        if not isinstance(item, dict):
            raise self.fail(item, "a relation is a mapping with type, start and end", what)
        rel_type = item.get("type")
        spec = self.model.relationships.get(rel_type) if isinstance(rel_type, str) else None
        if spec is None:
            raise self.fail(item, f"unknown relationship type {item.get('type')!r}; "
                                  f"use one of {', '.join(self.model.relationships)}", what)
        what = f"relation {index + 1} {spec.name}"
        props = {k: self._text(item, k, what) for k in ("role", "since", "until") if k in item}
        if item.get("source"):
            props["reference"] = self._text(item, "source", what)
        return Relation(type=spec.name, start=self._resolve(item, item.get("start"), spec.from_labels, what),
                        end=self._resolve(item, item.get("end"), spec.to_labels, what),
                        properties=props, **self._provenance(item, what))

    def _event(self, index: int, item: Any) -> Event:
        what = f"event {index + 1}"
        label = item.get("label") if isinstance(item, dict) else None
        if not isinstance(label, str) or label not in self.model.event_labels:
            raise self.fail(item, f"unknown event label {label!r}; use one of {', '.join(self.model.event_labels)}", what)
        what = f"event {index + 1} {item['label']}"
        roles: dict[str, list[str]] = {}
        roles_given = item.get("roles") or {}
        if not isinstance(roles_given, dict):
            raise self.fail(item, "'roles' must be a mapping of role to entity names, e.g. {FROM: [Syria]}", what)
        for role, names in roles_given.items():
            if role == "__line__":
                continue
            spec = self.model.roles.get(role)
            if spec is None:
                raise self.fail(item, f"unknown role {role!r}; use one of {', '.join(self.model.roles)}", what)
            names = [names] if isinstance(names, str) else names or []
            if not isinstance(names, list):
                raise self.fail(item, f"role {role} must list entity names", what)
            roles[role] = [self._resolve(item, n, spec.to_labels, what) for n in names]
        date = _iso(item.get("date"))
        for key, value in (("date", date), ("end_date", _iso(item.get("end_date")))):
            if value is not None and not is_iso_date(value):
                raise self.fail(item, f"{key} {value!r} must be an ISO date: YYYY, YYYY-MM or YYYY-MM-DD", what)
        count = item.get("count")
        if count is not None and (not isinstance(count, int) or count < 0):
            raise self.fail(item, "count must be a whole number of trips", what)
        return Event(
            id=item.get("id") or event_id(item["label"], date, roles),
            labels=["Event", item["label"]],
            date=date, date_precision=precision_of(date), end_date=_iso(item.get("end_date")),
            count=count, roles=roles, **self._provenance(item, what))


def _iso(value: Any) -> str | None:
    return None if value in (None, "") else str(value)
