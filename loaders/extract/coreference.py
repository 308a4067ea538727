"""Coreference within a report: descriptions and pronouns that name something the report has
named before become mentions of that thing (general rules, no per-text cases):

- "the Syrian port" / "the Red Sea port" -> the report's base in that country / on that sea;
- "the base", "the airbase", "this facility" -> the last base named ("the airport": the last
  airport or air base); "its bases", "Russia's
  bases", "both bases" -> the bases named so far (of that country);
- "the ship", "the tanker" -> the one ship named last (or the last ship of that type); "the
  pair", "the ships" -> the last ships named;
- "the aircraft", "the jet" and "it flew on to ..." -> the one airframe named so far (or the one
  ship);
- "the two countries", "the country", "the country's east" -> the last countries named;
- "the junta", "the regime" -> the state whose junta or military government was named last.
- "the navy", "an Air Force C-295" -> the state whose service of that name was named first, else
  the country most of the report's places lie in.

mentions.py keeps, per report, the histories these rules read (last countries, bases, ships,
airframes, regimes) and calls :func:`resolve_descriptions` once per sentence after its own
mentions are found.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Callable

from milgraph.loaders.extract.tagged import overlaps, plain_map, tagged_text
from milgraph.loaders.extract.word_gate import AnyWord, word_first

if TYPE_CHECKING:
    from milgraph.loaders.extract.mentions import Item, _Builder
    from milgraph.loaders.gazetteer import Country


# Most patterns open with their words and check the word boundary behind them (word_first): the
# same matches as a leading \b, which stops the regex engine from skipping ahead to the words
# (three times quicker here; not for _DESC_COUNTRY, whose short words are everywhere).
_THE = word_first(["the"])
_DESC_PORT = re.compile(_THE + r"\s+«(\d+):(ADJ|PLACE)»\s+(port|naval base|base|airbase|air base)\b(?!\s+of\b)")
_DESC_BASE = re.compile(word_first(["the", "this", "that"]) + r"\s+(?:[a-z-]+\s+){0,2}?(base|airbase|air base|airfield|airport|facility|site|naval base|port)\b(?!\s+(?:of|in|near|at)\b)|" + _THE + r" airbase project\b")
_DESC_ONE_SHIP = re.compile(word_first(["the", "this", "that"]) + r"\s+(ship|vessel|tanker|freighter|frigate|cruiser|landing ship|cargo ship|warship|corvette|destroyer|submarine)\b(?!\s+(?:type|class)\b)")
# "the Ropucha-class vessel": a definite class-and-ship mention may stand for a ship named before
_DESC_CLASS_SHIP = re.compile(word_first(["the", "this", "that"]) + r"\s+«(\d+):EQ»")
_CLASS_SHIP_NOUN = re.compile(r"-class\s+(ship|vessel|tanker|freighter|frigate|cruiser|landing ship|cargo ship|warship|corvette|destroyer|submarine)$", re.I)
_SHIP_KIND_WORDS = {"tanker": "tanker", "frigate": "frigate", "cruiser": "cruiser", "landing ship": "landing_ship",
                    "cargo ship": "cargo_ship", "freighter": "cargo_ship", "corvette": "corvette", "destroyer": "destroyer",
                    "submarine": "submarine"}
# a verb of flying right after "the tanker" / "the freighter" (an adverb or auxiliary between)
_FLYING_NEXT = re.compile(r"\s+(?:[a-z]+ly\s+|then\s+|later\s+|had\s+|has\s+|was\s+|is\s+|will\s+)?"
                          r"(?:flew|flies|fly|flown|flying|landed|lands|landing|took off|takes off|touched down|"
                          r"refuelled mid-air|airlifted)\b")
_PAIR_WORDS = ("the pair", "the ships", "the vessels", "the warships", "both ships", "both vessels", "the two ships",
               "the two vessels", "the flotilla", "the group")
_DESC_PAIR = re.compile(word_first(list(_PAIR_WORDS)) + r"\b")
# a sentence opening with a bare "Both" before its verb: the two ships named last ("Both had come down from X")
_BOTH_OPENS = re.compile(r"^both(?=\s+(?:had|have|were|are|will|would|then|later|also|left|sailed|arrived|docked|"
                         r"called|came|went|reached|entered|passed|headed|returned|moored|anchored)\b)")
_DESC_AIRFRAME = re.compile(word_first(["the", "this", "that"]) + r"\s+(?:aircraft|plane|jet|airframe|freighter|airlifter)\b(?!\s+(?:type|types|model|class)\b)")
# a word each pattern needs, tested on the tagged sentence before the pattern runs (the gate
# only says "maybe": the pattern decides)
_ONE_SHIP_WORDS = ("ship", "vessel", "tanker", "freighter", "frigate", "cruiser", "corvette", "destroyer", "submarine")
_BASE_WORDS = ("base", "airfield", "facility", "site", "port")
# groups that stand for two states ("the two navies signed", "both governments agreed")
_TWO_STATE_GROUPS = ("countries", "governments", "states", "nations", "navies", "armies", "militaries",
                     "neighbours", "neighbors")
_DESC_TWO_COUNTRIES = re.compile(word_first(["the two", "both"]) + r" (?:" + "|".join(_TWO_STATE_GROUPS) + r")\b")
_DESC_REGIME = re.compile(_THE + r"\s+(?:ruling\s+|new\s+)?(?:military\s+)?(?:junta|regime|military government|military authorities)\b(?!')")
_DESC_COUNTRY = re.compile(r"\b(?:in|to|into|across|throughout|from|of)\s+the country\b(?!'s)")
_DESC_REGION = re.compile(_THE + r" country's (east|west|south|north|northeast|northwest|southeast|southwest)\b")
# (one more alternative inside word_first's group, hence [:-1]; a leading \b before "«" asks for
# a word character before it, which "«(?<=\w«)" keeps)
_DESC_BASES = re.compile(word_first(["its", "both", "the two"])[:-1] + r"|«(?<=\w«)(\d+):(?:CTRY|STATE|CAP)»'s?)\s+(?:[a-z-]+\s+){0,2}?bases\b(?:\s+in\s+«(\d+):CTRY»)?")


# a word every description pattern below needs (tested on the folded sentence first)
_COREF_BASE_WORDS = ("base", "port", "airfield", "facilit", "site")
_COREF_SHIP_WORDS = ("pair", "ship", "vessel", "tanker", "frigate", "cruiser", "freighter", "flotilla", "the group")
_COREF_AIR_WORDS = ("aircraft", "plane", "jet", "airframe", "freighter", "airlifter")
# "it flew on to Bangui", "it left Baltiysk": the one airframe / ship named before
_IT_MOVES = re.compile(r"\bit\s+(?:then\s+|later\s+|also\s+|again\s+|briefly\s+|(?:may|might|could|will|would)\s+(?:instead\s+|also\s+)?)?(?:stop|call at|sail|head|fly|flew|was on its way|is on its way|landed|continued|left|departed|took off|returned|headed|touched down|was seen|was spotted|was photographed|was tracked|made|hopped|sailed|docked|berthed|called at|arrived|reached|turned back|carried on|crossed|passed)\b")


@lru_cache(maxsize=128)
def _any_word(words: tuple[str, ...]) -> AnyWord:
    """The gate of resolve_descriptions for one set of cue words (at most 128 sets kept)."""
    return AnyWord(words)


def _description_gate(b: _Builder, folded: str) -> tuple[tuple[str, ...], bool]:
    """The cue words of the descriptions that have something named before to point to, and
    whether "it" may stand for the one airframe or ship of the report."""
    gate: tuple[str, ...] = ()
    if b.doc_bases or b.last_bases:
        gate += _COREF_BASE_WORDS
    if b.last_countries:
        gate += ("the country",) + _TWO_STATE_GROUPS
    if b.last_vessels:
        gate += _COREF_SHIP_WORDS + (("both",) if len(b.last_vessels) == 2 else ())
    if b.last_regimes:
        gate += ("junta", "regime", "military government", "military authorities")
    if b.services or b.places_by_country:
        gate += b.service_words
    it_moves = bool((b.airframes or b.last_vessels) and "it " in folded and _IT_MOVES.search(folded))
    if it_moves:
        gate += ("it ",)
    if b.airframes:
        gate += _COREF_AIR_WORDS
    return gate, it_moves


@dataclass
class _Descriptions:
    """One sentence's descriptions being resolved: the tagged text they are found in, the spans
    already taken, and the items added for them."""
    b: _Builder
    sidx: int
    text: str
    folded: str
    items: list[Item]
    it_moves: bool
    tagged: str = ""
    positions: Callable[[int], int | None] = field(default=lambda i: None)
    spans_taken: list[tuple[int, int]] = field(default_factory=list)
    new: list[Item] = field(default_factory=list)

    def span(self, start: int, end: int) -> tuple[int, int] | None:
        """The plain-text span of a tagged-text span (None where it falls inside a tag)."""
        s, e = self.positions(start), self.positions(end)
        return None if s is None or e is None else (s, e)

    def add(self, start: int, end: int, tag: str, ids: dict, entry, members=None, country=None) -> None:
        if overlaps(self.spans_taken, start, end):
            return
        self.new.append(self.b.new_item(self.sidx, start, end, self.text[start:end], tag, ids, None, entry,
                                        country, True, members))
        self.spans_taken.append((start, end))


def resolve_descriptions(b: _Builder, sidx: int, text: str, folded: str, items: list[Item]) -> list[Item]:
    """Add items for descriptions that name a thing mentioned elsewhere in the report."""
    gate, it_moves = _description_gate(b, folded)
    if not _any_word(gate).search(folded):
        return items
    d = _Descriptions(b, sidx, text, folded, items, it_moves)
    d.tagged = tagged_text(folded, items)
    d.spans_taken = [(it.start, it.end) for it in items]
    _port_descriptions(d)
    for resolve in _RESOLVERS:
        resolve(d)
    return sorted(d.items + d.new, key=lambda x: x.start)


def _port_descriptions(d: _Descriptions) -> None:
    """"the Syrian port", "the Red Sea port": the report's base in that country or on that sea
    (the described word's own item gives way), then the text is tagged again for the rest."""
    b, folded, items = d.b, d.folded, d.items
    by_k = {it.k: it for it in items}
    pmap = plain_map(folded, items)
    tagged = d.tagged
    for m in (_DESC_PORT.finditer(tagged) if "«" in tagged and ("base" in tagged or "port" in tagged) else ()):
        it = by_k[int(m.group(1))]
        want_country = it.country.name if it.tag == "ADJ" and it.country else None
        want_sea = it.entry.name if it.tag == "PLACE" and it.entry and it.entry.kind == "sea" else None
        for base in b.doc_bases:
            if (want_country and base.properties.get("country") == want_country) or \
                    (want_sea and base.properties.get("sea") == want_sea):
                s0, e0 = pmap(m.start()), pmap(m.end())
                if s0 is None or e0 is None:
                    break
                items = [x for x in items if x.k != it.k]
                d.spans_taken = [(x.start, x.end) for x in items]
                d.add(s0, e0, "BASE", {"Base": b.spec(base)}, base)
                break
    d.items = items
    if d.new or len(by_k) != len(items):
        d.tagged = tagged_text(folded, sorted(items + d.new, key=lambda x: x.start))
        d.positions = plain_map(folded, sorted(items + d.new, key=lambda x: x.start))
    else:  # nothing changed: the same tagged text and offsets
        d.positions = pmap


def _region_descriptions(d: _Descriptions) -> None:
    """"the country's east": the region of the country named last."""
    for m in (_DESC_REGION.finditer(d.tagged) if "country's" in d.tagged else ()):
        if not d.b.last_countries:
            continue
        c = d.b.last_countries[-1].country
        region = d.b.gaz.lookup("Place", f"{m.group(1)}ern {c.name}") if c else None
        span = d.span(m.start(), m.end()) if region is not None else None
        if span is not None:
            d.add(*span, "PLACE", {"Place": d.b.spec(region)}, region)


def _two_country_descriptions(d: _Descriptions) -> None:
    """"the two countries", "both governments": the last two countries named."""
    for m in (_DESC_TWO_COUNTRIES.finditer(d.tagged) if ("two " in d.tagged or "both " in d.tagged) else ()):
        seen: list[Item] = []
        for c in reversed(d.b.last_countries):
            if all(x.country is not c.country for x in seen):
                seen.append(c)
            if len(seen) == 2:
                break
        span = d.span(m.start(), m.end()) if len(seen) == 2 else None
        if span is not None:
            d.add(*span, "CTRY", dict(seen[1].ids), None, members=list(reversed(seen)))


def _country_descriptions(d: _Descriptions) -> None:
    """"the country": the country named last."""
    for m in (_DESC_COUNTRY.finditer(d.tagged) if "the country" in d.tagged else ()):
        if d.b.last_countries:
            c = d.b.last_countries[-1]
            span = d.span(m.end() - len("the country"), m.end())
            if span is not None:
                d.add(*span, "CTRY", dict(c.ids), c.entry)


def _regime_descriptions(d: _Descriptions) -> None:
    """"the junta", "the regime": the state whose junta or military government was named last."""
    for m in (_DESC_REGIME.finditer(d.tagged) if d.b.last_regimes else ()):
        last = d.b.last_regimes[-1]
        span = d.span(m.start(), m.end())
        if span is not None and "Actor" in last.ids:
            d.add(*span, "STATE", {"Actor": last.ids["Actor"]}, last.entry, country=last.country)


def _service_descriptions(d: _Descriptions) -> None:
    """"the navy", "an Air Force C-295", "the army's 4th Battalion": an armed service named
    without its state stands for that state (guide D5). It is the state whose service of that
    name the report named first ("the Hellenic Army", "Senegal's navy"), else the country most
    of the report's places so far lie in (at least two, more than any other): "the army" of a
    report on Mali is Mali's, though Russia's trainers are named more; else the one state whose
    services the report has named ("the Hellenic Army", then "the navy"). A service with a name of
    its own ("Free Syrian Army", "Coast Guard Administration") or a state before it is not one."""
    for m in d.b.service_named.finditer(d.tagged):
        span = d.span(m.start("service"), m.end("service"))
        if span is None or not (m.group("det") or d.text[span[0]].isupper()) \
                or _named_before(d, m.start(), m.group("det") is not None) or _named_after(d, span[1]):
            continue
        owner = _service_owner(d.b, " ".join(m.group("service").split()))
        if owner is not None:
            # the state may be one the report never names itself ("the army" of a report on Iquique)
            d.add(*(d.span(m.start(), m.end()) or span), "STATE", {"Actor": d.b.spec(owner.actor)}, owner.actor,
                  country=owner)


def _named_before(d: _Descriptions, start: int, determined: bool = False) -> bool:
    """A name or a capitalised word right before the service: its owner ("Russia's navy"),
    or the service's own name ("People's Liberation Army"); after a determiner only a name
    tagged or owning it counts ("On Monday the navy": Monday names nothing of it)."""
    before = d.tagged[:start].rstrip()
    if before.endswith("»") or before.endswith("'s") or before.endswith("\u2019s"):
        return True
    if determined:
        return False
    span = d.span(len(before), len(before))
    words = d.text[:span[0]].split() if span is not None else []
    return len(words) > 1 and words[-1][:1].isupper()


def _named_after(d: _Descriptions, end: int) -> bool:
    """A capitalised word that is no mention right after the service: a name it is part of."""
    rest = d.text[end:]
    word = rest.split()[0] if rest[:1] == " " and rest.split() else ""
    return word[:1].isupper() and not any(it.start == end + 1 for it in d.items + d.new)


def _service_owner(b: _Builder, service: str) -> Country | None:
    named = b.services.get(service)
    if named is not None:
        return named.country
    ranked = sorted(b.places_by_country.items(), key=lambda kv: -kv[1])
    if ranked and ranked[0][1] >= 2 and (len(ranked) == 1 or ranked[1][1] < ranked[0][1]):
        return b.gaz.country(ranked[0][0])
    owners = {it.country.name: it.country for it in b.services.values()}
    return next(iter(owners.values())) if len(owners) == 1 else None


def _airframe_descriptions(d: _Descriptions) -> None:
    """"the aircraft", "the jet": the one airframe the report has named so far."""
    b = d.b
    for m in (_DESC_AIRFRAME.finditer(d.tagged) if b.airframes and _any_word(_COREF_AIR_WORDS).search(d.tagged) else ()):
        named = {x.ids.get("Aircraft") for x in b.airframes}
        span = d.span(m.start(), m.end()) if len(named) == 1 else None
        if span is not None:
            d.add(*span, "AC", dict(b.airframes[-1].ids), b.airframes[-1].entry)


def _moving_it(d: _Descriptions) -> None:
    """"it flew on to Bangui": the one airframe named so far, else the one ship named last."""
    b = d.b
    for m in (_IT_MOVES.finditer(d.tagged) if d.it_moves else ()):
        named_ac = {x.ids.get("Aircraft") for x in b.airframes}
        span = d.span(m.start(), m.start() + 2)
        if span is None:
            continue
        if len(named_ac) == 1 and not b.last_vessels:
            d.add(*span, "AC", dict(b.airframes[-1].ids), b.airframes[-1].entry)
        elif len(b.last_vessels) == 1 and not b.airframes:
            d.add(*span, "VES", dict(b.last_vessels[0].ids), b.last_vessels[0].entry)


def _ship_descriptions(d: _Descriptions) -> None:
    """"the ship", "the tanker": the one ship named last; "the frigate": the last ship of that type."""
    b = d.b
    for m in (_DESC_ONE_SHIP.finditer(d.tagged) if b.last_vessels and _any_word(_ONE_SHIP_WORDS).search(d.tagged) else ()):
        if m.group(1) in ("tanker", "freighter") and _FLYING_NEXT.match(d.tagged, m.end()):
            continue  # "the tanker flew back to Seoul": an aircraft (a KC-330, an Il-76 freighter)
        kind = _SHIP_KIND_WORDS.get(m.group(1))
        of_kind = [v for v in b.doc_vessels if kind and v.entry is not None and v.entry.kind == kind]
        if of_kind and len({v.ids.get("Vessel") for v in of_kind}) == 1:
            target = of_kind[-1]
        elif len(b.last_vessels) == 1 and not (kind and of_kind):
            target = b.last_vessels[0]
        else:
            continue
        span = d.span(m.start(), m.end())
        if span is not None:
            d.add(*span, "VES", dict(target.ids), target.entry)


def _class_ship_descriptions(d: _Descriptions) -> None:
    """"the Ropucha-class vessel" after "the landing ship Georgiy Pobedonosets": the ship named
    last (the one of the ship noun's type, when several were); the class keeps the words of its
    name, the ship noun becomes the ship."""
    b = d.b
    for m in (_DESC_CLASS_SHIP.finditer(d.tagged) if b.last_vessels else ()):
        it = next((x for x in d.items if x.k == int(m.group(1))), None)
        noun = _CLASS_SHIP_NOUN.search(it.text) if it is not None and it.entry is not None else None
        if noun is None:
            continue
        kind = _SHIP_KIND_WORDS.get(noun.group(1).lower())
        of_kind = [v for v in b.doc_vessels if kind and v.entry is not None and v.entry.kind == kind]
        named = of_kind or (b.last_vessels if len(b.last_vessels) == 1 else [])
        if len({v.ids.get("Vessel") for v in named}) != 1:
            continue
        cut = it.start + noun.start()
        it.coref = True  # replaced by the two below: no longer counted as a mention of the class
        d.items = [x for x in d.items if x is not it]
        d.items.append(b.new_item(d.sidx, it.start, cut, d.text[it.start:cut], it.tag, dict(it.ids), it.default,
                                  it.entry, it.country))
        d.spans_taken = [sp for sp in d.spans_taken if sp != (it.start, it.end)] + [(it.start, cut)]
        start = cut + len(noun.group()) - len(noun.group(1))
        d.add(start, it.end, "VES", dict(named[-1].ids), named[-1].entry)


def _ship_pair_descriptions(d: _Descriptions) -> None:
    """"both ships", "the pair": the ships named last, as one group."""
    b = d.b
    found = list(_DESC_PAIR.finditer(d.tagged)) if _any_word(_PAIR_WORDS).search(d.tagged) else []
    if len(b.last_vessels) == 2:
        found.extend(_BOTH_OPENS.finditer(d.tagged))
    for m in found:
        span = d.span(m.start(), m.end()) if b.last_vessels else None
        if span is not None:
            d.add(*span, "VES", dict(b.last_vessels[0].ids), b.last_vessels[0].entry, members=list(b.last_vessels))


def _bases_descriptions(d: _Descriptions) -> None:
    """"both bases", "its Syrian bases": the bases named so far (of that country), as one group."""
    for m in (_DESC_BASES.finditer(d.tagged) if "bases" in d.tagged else ()):
        want = None
        if m.group(2):
            ci = next((x for x in d.items if x.k == int(m.group(2))), None)
            want = ci.country.name if ci and ci.country else None
        bases = [x for x in d.b.last_bases if not x.coref and (want is None or x.entry.properties.get("country") == want)]
        uniq: list[Item] = []
        for x in bases:
            if all(u.ids != x.ids for u in uniq):
                uniq.append(x)
        span = d.span(m.start(), m.end() if not m.group(2) else m.start(2) - 1) if uniq else None
        if span is not None:
            kw = d.folded.find("bases", span[0])
            if kw != -1:
                d.add(kw, kw + 5, "BASE", dict(uniq[0].ids), uniq[0].entry, members=uniq)


def _base_descriptions(d: _Descriptions) -> None:
    """"the base", "the airfield": the last base named of that kind."""
    for m in (_DESC_BASE.finditer(d.tagged) if _any_word(_BASE_WORDS).search(d.tagged) else ()):
        if not d.b.last_bases or re.search(r"«\d+:\w+»", m.group(0)):
            continue
        span = d.span(m.start(), m.end())
        if span is None:
            continue
        last = _last_base_for(m.group(1), d.b.last_bases)
        if last is not None:
            d.add(*span, "BASE", dict(last.ids), last.entry)


# in this order: a span one description took is not taken again by a later one
_RESOLVERS = (_region_descriptions, _two_country_descriptions, _country_descriptions, _regime_descriptions,
              _service_descriptions,
              _airframe_descriptions, _moving_it, _class_ship_descriptions, _ship_descriptions, _ship_pair_descriptions,
              _bases_descriptions, _base_descriptions)


_AIR_KINDS = ("airport", "airbase")


def _last_base_for(noun: str, bases: list[Item]) -> Item | None:
    """The base "the <noun>" names: the last base, but for "the airport" the last airport or air
    base (a port named since is not it)."""
    if noun != "airport":
        return bases[-1]
    return next((x for x in reversed(bases) if x.entry is not None and x.entry.kind in _AIR_KINDS), None)


def remember(history: list[Item], item: Item) -> None:
    """Append ``item`` to a report-wide history, dropping an earlier mention of the same thing.

    The rules only ask a history for its latest items and the distinct things in it, which a
    list without repeats answers the same way; kept short, it keeps a long report linear."""
    key = _history_key(item)
    for i in range(len(history) - 1, -1, -1):
        if _history_key(history[i]) == key:
            del history[i]
            break
    history.append(item)


def _history_key(item: Item) -> tuple:
    return (item.tag, item.coref, tuple(sorted(item.ids.items())), id(item.entry), id(item.country),
            tuple(id(m) for m in item.members))
