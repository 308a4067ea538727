"""Static relations (BACKS, ALLIED_WITH, OPPOSES, LEADS, MEMBER_OF, CONTROLS, OPERATES,
PRESENT_IN, DEPLOYED_AT, LOCATED_IN, BASED_IN) read off tagged sentences (see entities.py).

Two kinds of rules:

- *noun-phrase* rules state what the article itself says and are ``confirmed`` even inside a
  credited sentence: "X-backed Y", "X's <formation>", "<demonym> President <person>",
  "the <demonym> port of <base>", "<base>, <country>", "<city>-based <org>", "Russian landing
  ships <names>";
- *clause* rules take the clause's modality and attribution: "<actor> ... ties with <actor>",
  "<place>, controlled by <actor>", "<actor> ... presence in <place>", "<equipment> will
  remain in <place>".

Subjects are the nearest eligible mention before the cue (possessors, "X-backed" modifiers,
objects of prepositions and relative clauses skipped); objects are the first eligible mention
after the cue plus the ones coordinated with it ("Syria, Libya, Burkina Faso, and Niger").
Cue lexicons: ``loaders/data/patterns.yaml`` (relation_cues).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from milgraph.graph.records import Relation, Span
from milgraph.loaders import modality
from milgraph.loaders.entities import ACTOR_TAGS, DocAnalysis, Item, SentenceView, items_of_sentence
from milgraph.loaders.gazetteer import _read_yaml

TAG_RE = re.compile(r"«(\d+):(\w+)»")
COORD_GAP = re.compile(r"^\s*(?:[a-z-]+\s+)?(?:,|;|:)?\s*(?:(?:and|or|as well as|plus|&|both)\s+)?(?:the\s+)?(?:[a-z-]+\s+){0,1}$")
PREP_BEFORE = re.compile(r"\b(?:in|into|to|from|with|at|of|for|by|on|toward|towards|across|through|via|near|between|against|over|under|than)\s+(?:the\s+)?(?:[a-z-]+\s+){0,1}$")


_OPERATED_BY = re.compile(r"«(\d+):(?:AC|VES)»,?\s+(?:(?:is|was|are|were|has been|had been)\s+)?(?:operated|flown|chartered|leased|run|owned|managed)\s+by\s+(?:the\s+)?(?:[a-z-]+\s+){0,2}«(\d+):ORG»")
_ACTOR_NOUN = re.compile(r"«(\d+):(?:ORG|STATE)»\s+$")
_FORCE_NOUNS = {"units", "unit", "troops", "forces", "contingent", "contingents", "detachment", "detachments",
                "garrison", "garrisons"}
_RELATIVE = re.compile(r"\b(?:which|who|whom|whose|that|where)\b")
_PREP_WORD = re.compile(r"\b(?:on|of|against|by|with|for|from|to|toward|towards|after|over)\b")
_HEAD = re.compile(r"«(\d+):(\w+)»,\s+(?:(?:which|who)\b|(?:the|a|an)\s+[^«,]{0,40}?\b(?:that|who|which)\b)[^«,;]{0,60}$")
_REL = re.compile(r",\s+(?:who|which|whose|where)\b[^,]*,")


@lru_cache(maxsize=1)
def _cues() -> dict[str, re.Pattern]:
    d = (_read_yaml("patterns.yaml") or {}).get("relation_cues", {})

    def alt(key: str) -> str:
        return "|".join(sorted(d.get(key, []), key=len, reverse=True))
    return {k: re.compile(r"\b(?:" + alt(k) + r")\b") for k in d} | {
        "LEADS_TITLE_ALT": alt("LEADS_TITLE"), "MEMBER_TITLE_ALT": alt("MEMBER_TITLE"),
        "WHO_LEADS": re.compile(r",?\s+(?:who|which)\s+(?:also\s+)?(?:has\s+|had\s+|have\s+)?(?:also\s+)?(" + alt("LEADS_VERB") + r")\s+(?:the\s+)?"),
        # any cue of the cue-driven rules (_CUE_RULES): a sentence without one skips them
        "ANY": re.compile(r"\b(?:backed|supported|sponsored|" + "|".join(alt(k) for k in _CUE_KEYS if d.get(k)) + r")\b"),
    }


_CUE_KEYS = ("BACKS", "ALLIED_WITH", "OPPOSES", "CONTROLS_ACTIVE", "CONTROLS_PASSIVE", "PRESENT_IN", "DEPLOYED_AT")


@dataclass
class Ctx:
    """One tagged sentence with helpers to find subjects and objects around a cue."""

    view: SentenceView
    an: DocAnalysis
    tags: list[tuple[int, int, Item]]  # (start, end in tagged, item)

    @classmethod
    def of(cls, view: SentenceView, an: DocAnalysis) -> "Ctx":
        tags = view.__dict__.get("_tags")  # the relation and event passes read the same view
        if tags is None:
            tags = view.__dict__["_tags"] = [(m.start(), m.end(), an.items[int(m.group(1))])
                                             for m in TAG_RE.finditer(view.tagged)]
        return cls(view, an, tags)

    @property
    def t(self) -> str:
        return self.view.tagged

    def item_at(self, pos: int) -> Item | None:
        for s, e, it in self.tags:
            if s == pos:
                return it
        return None

    def clause_bounds(self, pos: int) -> tuple[int, int]:
        t = self.t
        start, end = 0, len(t)
        for m in re.finditer(r";|, while |, whereas | rather than |, but |\bwhile\b", t):
            if m.end() <= pos:
                start = m.end()
            elif m.start() >= pos:
                end = min(end, m.start())
                break
        return start, end

    def _relative_spans(self) -> list[tuple[int, int]]:
        cached = self.__dict__.get("_rel")
        if cached is None:
            cached = [m.span() for m in _REL.finditer(self.t)]
            self.__dict__["_rel"] = cached
        return cached

    def subject(self, pos: int, tags: tuple[str, ...], allow_prep: bool = False,
                clause: bool = True) -> Item | None:
        lo = self.clause_bounds(pos)[0] if clause else 0
        # "X, which has close ties with", "X, the rebel group that ousted": X is the subject
        head = _HEAD.search(self.t, max(0, pos - 120), pos) if ", " in self.t else None
        if head and head.group(2) in tags:
            return self.an.items[int(head.group(1))]
        rel = [r for r in self._relative_spans() if not (r[0] <= pos <= r[1])]
        for s, e, it in reversed(self.tags):
            if e > pos or s < lo:
                continue
            if it.tag not in tags:
                continue
            if it.tag in ("CTRY", "CAP") and it.default == "Place" and "PLACE" not in tags:
                continue  # "flown to Bamako and Niamey": places, not the actor of what follows
            if any(a <= s < b for a, b in rel):
                continue
            if it.modifier or (it.possessor and self._next_is_item(e)):
                continue
            if not allow_prep and PREP_BEFORE.search(self.t[max(0, s - 30):s]):
                continue
            return it
        return None

    def _next_is_item(self, e: int) -> bool:
        return bool(re.match(r"'s?\s+(?:[a-z-]+\s+){0,2}«", self.t[e:e + 40]))

    def objects(self, pos: int, tags: tuple[str, ...], max_gap: int = 40, first_only: bool = False,
                skip_modifiers: bool = True) -> list[Item]:
        hi = self.clause_bounds(pos)[1]
        out: list[Item] = []
        last_end = None
        for s, e, it in self.tags:
            if s < pos or s >= hi:
                continue
            if it.tag not in tags:
                if last_end is not None and it.tag not in ("ADJ",):
                    # a different kind of mention interrupts a list only if not coordinated
                    pass
                continue
            if skip_modifiers and (it.modifier or (it.possessor and self._next_is_item(e) and
                                                  self._next_item_tag(e) in tags)):
                continue
            if last_end is None:
                if s - pos > max_gap or re.search(r"[;.]", self.t[pos:s]):
                    break
                out.append(it)
            else:
                gap = self.t[last_end:s]
                gap = TAG_RE.sub("", gap) if re.fullmatch(r"(?:\s*«\d+:\w+»(?:'s)?\s*)*[^«]*", gap) else gap
                if _RELATIVE.search(gap):
                    break  # "the RSF, which Khartoum accuses": a new clause, not a list
                if COORD_GAP.match(self.t[last_end:s]) or COORD_GAP.match(gap):
                    out.append(it)
                else:
                    break
            last_end = e
            if first_only:
                break
        return out

    def _next_item_tag(self, e: int) -> str | None:
        m = TAG_RE.search(self.t, e)
        return m.group(2) if m else None

    def sources(self) -> list[str]:
        return [it.ids["Source"] for _, _, it in self.tags if it.tag == "SRC"]

    def span(self) -> Span | None:
        v = self.view
        return Span(v.start, v.end) if v.start is not None else None


def actor_id(it: Item) -> str | None:
    return it.id_for("Actor")


def place_id(it: Item) -> str | None:
    return it.id_for("Base", "Place")


class _Out:
    def __init__(self, an: DocAnalysis):
        self.an = an
        self.rels: list[Relation] = []
        self.last_sources: list[str] = []

    def add(self, ctx: Ctx, rtype: str, start: str | None, end: str | None, verbal: bool,
            pos: int | None = None, props: dict | None = None) -> None:
        if not start or not end or start == end:
            return
        cached = ctx.__dict__.get("_attribution")
        if cached is None:  # one reading per sentence (last_sources only changes between them)
            cached = ctx.__dict__["_attribution"] = modality.attribution(ctx.t, ctx.sources(), self.last_sources)
        reported, srcs = cached
        if verbal:
            lo, hi = ctx.clause_bounds(pos or 0)
            mod = modality.decide(ctx.t[lo:hi], reported)
        else:
            mod = "confirmed"
        attributed = srcs if (verbal and reported) else []
        names = [self.an.specs[s].name for s in attributed if s in self.an.specs]
        self.rels.append(Relation(type=rtype, start=start, end=end, modality=mod,
                                  confidence=modality.CONFIDENCE[mod], evidence=ctx.view.text,
                                  attributed_to=names, properties=dict(props or {}), span=ctx.span()))


def extract_relations(an: DocAnalysis) -> list[Relation]:
    out = _Out(an)
    for view in an.sentences:
        ctx = Ctx.of(view, an)
        if not ctx.tags:
            continue
        cue_free = _cues()["ANY"].search(ctx.t) is None
        for rule in _RULES:
            if cue_free and rule in _CUE_RULES:
                continue
            rule(ctx, out)
        srcs = ctx.sources()
        if srcs:
            out.last_sources = srcs
    return out.rels


# ----------------------------------------------------------------------------- the rules

ACT = ACTOR_TAGS
ACT_ADJ = ACTOR_TAGS + ("ADJ",)
LOC = ("CTRY", "CAP", "PLACE", "BASE")


def _org_kind(it: Item) -> str | None:
    return it.entry.kind if it.entry is not None else None


def rule_backs(ctx: Ctx, out: _Out) -> None:
    t = ctx.t
    # "X-backed Y" (noun phrase)
    for m in re.finditer(r"«(\d+):(\w+)»-(?:backed|supported|sponsored)\s+", t):
        a = ctx.an.items[int(m.group(1))]
        objs = ctx.objects(m.end(), ("PER", "ORG", "STATE", "CTRY", "CAP"), max_gap=30, skip_modifiers=True,
                           first_only=True)
        for b in objs:
            out.add(ctx, "BACKS", actor_id(a), actor_id(b), False)
    # "A ... supports B" (clause)
    for m in _cues()["BACKS"].finditer(t):
        if t[max(0, m.start() - 1):m.start()] == "-":
            continue
        word = m.group(0)
        if word.startswith("back") and word != "backs" and not re.match(r"\s+(?:by|«)", t[m.end():m.end() + 5]):
            continue
        if re.match(r"\s+by\b", t[m.end():]):
            b = ctx.subject(m.start(), ACT)
            a_objs = ctx.objects(m.end(), ACT_ADJ, max_gap=20)
            if b and a_objs:
                out.add(ctx, "BACKS", actor_id(a_objs[0]), actor_id(b), True, m.start())
            continue
        a = ctx.subject(m.start(), ACT, allow_prep=False)
        objs = [o for o in ctx.objects(m.end(), ACT, max_gap=25) if not _after_loc_prep(ctx, o)]
        for b in objs:
            if a:
                out.add(ctx, "BACKS", actor_id(a), actor_id(b), True, m.start())


_TURNED_TO = re.compile(r"\b(?:turned|turning|turns|turn|looked|looks|looking|look|relies|rely|relied|relying|leaned|leans|leaning)\s+(?:on|to)\s+(?:the\s+)?«(\d+):(?:CTRY|STATE|CAP|ORG)»\s+for\s+(?:[a-z-]+\s+){0,2}(?:assistance|support|help|aid|backing|protection|weapons|arms|training)\b")
_GUARDS = re.compile(r"\b(?:guards?|guarding|guarded|protects?|protecting|protected|shields?|shielding)\s+(?:the\s+)?(?:[a-z-]+\s+){0,2}«(\d+):(?:PER|STATE|CTRY|ORG)»")
_GUARDS_SITE = re.compile(r"\b(?:guards?|guarding|guarded|secures?|securing|secured|patrols?|patrolling|protects?|protecting)\s+(?:the\s+)?(?:«(\d+):BASE»|(?:perimeter|runway|airfield|airstrip|base|site|facility|compound|hangars))\b")
_FORCE_OF_ADJ = re.compile(r"«(\d+):(?:ADJ|CTRY|STATE|ORG)»(?:'s)?\s+(?:[a-z-]+\s+){0,1}(?:forces|troops|soldiers|contingent|units|mercenaries|instructors|personnel|fighters|guards|bodyguards|detachment|«\d+:EQ»)\s+(?:that|which|who)\s+(?:(?:has|have|had|now|also|still)\s+)*$")


def rule_backs_more(ctx: Ctx, out: _Out) -> None:
    """'A turned to B for security assistance' (B backs A); 'the Russian contingent that guards
    President X' (Russia backs X)."""
    t = ctx.t
    for m in (_TURNED_TO.finditer(t) if " for " in t else ()):
        b = ctx.an.items[int(m.group(1))]
        lo = ctx.clause_bounds(m.start())[0]
        a = next((it for s, e, it in ctx.tags if lo <= s < m.start() and it.tag in ACT and not it.modifier
                  and not (it.tag in ("CTRY", "CAP") and it.default == "Place")
                  and not PREP_BEFORE.search(t[max(0, s - 30):s])), None)
        if a is not None:
            out.add(ctx, "BACKS", actor_id(b), actor_id(a), True, m.start())
    for m in (_GUARDS_SITE.finditer(t) if ("guard" in t or "secur" in t or "patrol" in t or "protect" in t) else ()):
        # "The LNA's 128th Brigade guards the perimeter": present at the base named last
        a = ctx.subject(m.start(), ("ORG", "STATE"))
        if a is None:
            continue
        if m.group(1):
            bse = ctx.an.items[int(m.group(1))]
        else:
            here = ctx.view.index
            bse = next((it for i in (here, here - 1, here - 2) for it in reversed(items_of_sentence(ctx.an, i))
                        if it.tag == "BASE" and not (it.sent == here and it.start > m.start())), None)
        if bse is not None:
            out.add(ctx, "PRESENT_IN", actor_id(a), bse.id_for("Base"), True, m.start())
    for m in (_GUARDS.finditer(t) if ("guard" in t or "protect" in t or "shield" in t) else ()):
        obj = ctx.an.items[int(m.group(1))]
        head = _FORCE_OF_ADJ.search(t, max(0, m.start() - 80), m.start())
        a = ctx.an.items[int(head.group(1))] if head else None
        if a is None:
            continue
        aid = actor_id(a) if a.tag != "ADJ" else a.id_for("Actor")
        if obj.tag == "CTRY" and obj.default == "Place":
            continue
        out.add(ctx, "BACKS", aid, actor_id(obj), True, m.start())


def rule_allied(ctx: Ctx, out: _Out) -> None:
    t = ctx.t
    for m in _cues()["ALLIED_WITH"].finditer(t):
        if "between" in m.group(0):
            objs = ctx.objects(m.end(), ACT, max_gap=40)
            if len(objs) >= 2:
                out.add(ctx, "ALLIED_WITH", actor_id(objs[0]), actor_id(objs[1]), True, m.start())
            continue
        a = ctx.subject(m.start(), ACT)
        if m.group(0).endswith(("alongside", "side by side with")):
            # "fought alongside the Malian army", "alongside his forces" (the person named before)
            objs = ctx.objects(m.end(), ACT, max_gap=20, first_only=True)
            if not objs and re.match(r"\s+(?:his|her)\s+(?:[a-z-]+\s+)?(?:forces|troops|fighters|men|army|militia)\b", t[m.end():m.end() + 40]):
                objs = [it for s, e, it in ctx.tags if e <= m.start() and it.tag == "PER"][-1:]
            if a is not None:
                for b in objs:
                    out.add(ctx, "ALLIED_WITH", actor_id(a), actor_id(b), True, m.start())
            continue
        objs = [o for o in ctx.objects(m.end(), ACT, max_gap=90) if not _after_loc_prep(ctx, o)]
        if a is None:
            continue
        for b in objs:
            out.add(ctx, "ALLIED_WITH", actor_id(a), actor_id(b), True, m.start())


def rule_opposes(ctx: Ctx, out: _Out) -> None:
    t = ctx.t
    for m in _cues()["OPPOSES"].finditer(t):
        word = m.group(0)
        if word == "against" and not re.search(r"\b(?:war|fight\w*|campaign|mutiny|coup|insurgency|offensive|struggle|operations?)\s+(?:[a-z-]+\s+){0,2}$", t[max(0, m.start() - 40):m.start()]):
            continue
        if word in ("rival",) or t[max(0, m.start() - 1):m.start()] == "-":
            continue
        if re.match(r"\s+(?:alongside|side by side with)\b", t[m.end():m.end() + 20]):
            continue  # "fought alongside X": allies (rule_allied)
        if re.search(r",\s*having\s+$", t[max(0, m.start() - 12):m.start()]):
            first = next((it for _, _, it in ctx.tags if it.tag in ACT and not it.modifier and not it.possessor), None)
            a = first
        else:
            a = ctx.subject(m.start(), ACT)
        objs = ctx.objects(m.end(), ACT_ADJ, max_gap=35)
        objs = [o for o in objs if not (o.tag == "ADJ" and _adj_heads_actor(ctx, o) is False)]
        for b in objs:
            if a is None:
                continue
            ba, aa = actor_id(b), actor_id(a)
            if ba and aa and ba != aa:
                out.add(ctx, "OPPOSES", aa, ba, True, m.start())


def _after_loc_prep(ctx: Ctx, it: Item) -> bool:
    for s, e, x in ctx.tags:
        if x is it:
            return bool(re.search(r"\b(?:in|into|at|from|across|throughout|near)\s+(?:the\s+)?$", ctx.t[max(0, s - 12):s]))
    return False


def _adj_heads_actor(ctx: Ctx, adj: Item) -> bool:
    """'French forces', 'French and UN troops': a demonym that heads a force noun."""
    for s, e, it in ctx.tags:
        if it is adj:
            return bool(re.match(r"(?:\s+and\s+«\d+:\w+»)?\s+(?:[a-z-]+\s+)?(?:forces|troops|soldiers|army|military|units|contingent|government|regime|officials)\b", ctx.t[e:e + 50]))
    return False


def rule_controls(ctx: Ctx, out: _Out) -> None:
    t = ctx.t
    cues = _cues()
    for m in cues["CONTROLS_PASSIVE"].finditer(t):
        actors = ctx.objects(m.end(), ("PER", "ORG", "STATE", "CTRY", "CAP"), max_gap=40)
        if not actors:
            continue
        loc = ctx.subject(m.start(), ("PLACE", "BASE", "CTRY"), allow_prep=True)
        if loc is not None and loc.tag == "CTRY":
            # "Cyrenaica, the region of Libya that is controlled by": the region, not the country
            for s, e, it in reversed(ctx.tags):
                if e <= m.start() and it.tag == "PLACE" and re.search(
                        r",\s+the\s+(?:region|part|province|area|district)\s+of\s+$", t[e:e + 40] + " ") is None:
                    if re.match(r",\s+the\s+(?:region|part|province|area|district)\s+of\s+«", t[e:]):
                        loc = it
                    break
        if loc is not None and loc.tag in ("PLACE", "BASE", "CTRY"):
            out.add(ctx, "CONTROLS", actor_id(actors[0]), place_id(loc), True, m.start())
    for m in cues["CONTROLS_ACTIVE"].finditer(t):
        if re.match(r"\s+by\b", t[m.end():]) or t[max(0, m.start() - 1):m.start()] == "-":
            continue
        a = ctx.subject(m.start(), ("PER", "ORG", "STATE"), allow_prep=False)
        if a is None:
            continue
        locs = ctx.objects(m.end(), ("PLACE", "BASE"), max_gap=45)
        for loc in locs:
            out.add(ctx, "CONTROLS", actor_id(a), place_id(loc), True, m.start())


def rule_present(ctx: Ctx, out: _Out) -> None:
    t = ctx.t
    for m in _cues()["PRESENT_IN"].finditer(t):
        # "Africa Corps units in Niger": the actor heading the cue noun, wherever it stands
        head = _ACTOR_NOUN.search(t, max(0, m.start() - 24), m.start()) if m.group(0).split()[0] in _FORCE_NOUNS else None
        a = ctx.an.items[int(head.group(1))] if head else ctx.subject(m.start(), ("ORG", "STATE", "CTRY", "CAP"))
        if a is None:
            continue
        # "former Wagner mercenaries" are not the group
        a_pos = next((s for s, e, it in ctx.tags if it is a), 0)
        if re.search(r"\bformer\s+$", t[max(0, a_pos - 10):a_pos]):
            continue
        if a.tag == "CTRY" and a.default == "Place":
            continue
        locs = ctx.objects(m.end() - 0, LOC, max_gap=30)
        # the place must be what the cue's preposition governs, not a later phrase's object
        # ("forces in the offensive on Tripoli")
        if locs and _PREP_WORD.search(t[m.end():next(s for s, e, it in ctx.tags if it is locs[0])]):
            locs = []
        if not locs:
            continue
        # most specific: the base rather than the sea it lies on
        bases = [x for x in locs if x.tag == "BASE"]
        if bases:
            locs = [x for x in locs if x.tag != "PLACE" or (x.entry and x.entry.kind not in ("sea", "continent"))]
        for loc in locs:
            if loc.tag == "PLACE" and loc.entry is not None and loc.entry.kind == "continent":
                continue
            out.add(ctx, "PRESENT_IN", actor_id(a), place_id(loc), True, m.start())
        # "a presence in Libya through the Wagner group": the group is there too
        tail = t[m.end():m.end() + 80]
        mm = re.match(r"\s*«\d+:\w+»\s+through\s+(?:the\s+)?", tail)
        if mm:
            via = ctx.objects(m.end() + mm.end(), ("ORG",), max_gap=5, first_only=True)
            for v in via:
                for loc in locs:
                    out.add(ctx, "PRESENT_IN", actor_id(v), place_id(loc), True, m.start())


def rule_deployed(ctx: Ctx, out: _Out) -> None:
    t = ctx.t
    for m in _cues()["DEPLOYED_AT"].finditer(t):
        eq = ctx.subject(m.start(), ("EQ",), allow_prep=True)
        if eq is None or (eq.entry is not None and eq.entry.generic):
            continue
        locs = ctx.objects(m.end(), LOC, max_gap=20, first_only=True)
        for loc in locs:
            out.add(ctx, "DEPLOYED_AT", eq.ids["Equipment"], place_id(loc), True, m.start())


def rule_leads_member(ctx: Ctx, out: _Out) -> None:
    t = ctx.t
    cues = _cues()
    tags = ctx.tags
    for i, (s, e, it) in enumerate(tags):
        nxt = tags[i + 1] if i + 1 < len(tags) else None
        # "Haftar's Libyan National Army"
        if it.tag == "PER" and nxt and nxt[2].tag == "ORG" and re.fullmatch(r"'s?\s+", t[e:nxt[0]]):
            out.add(ctx, "LEADS", actor_id(it), actor_id(nxt[2]), False)
        # "<state>'s <formation>" / "<state>-controlled <formation>" / "<state>'s so-called 'X'"
        if it.tag in ("CTRY", "STATE", "CAP", "ADJ") and it.country is not None:
            for s2, e2, other in tags[i + 1:i + 3]:
                gap = t[e:s2]
                if other.tag != "ORG" or not re.fullmatch(r"(?:'s?|-controlled|-run|-led)?\s+(?:[a-z-]+\s+){0,3}[\"']?", gap):
                    continue
                parent = other.entry.properties.get("parent") if other.entry else None
                kind = _org_kind(other)
                if parent and parent == it.country.name:
                    out.add(ctx, "MEMBER_OF", actor_id(other), actor_id(it), False)
                elif kind in ("pmc", "company") and other.entry.properties.get("country") == it.country.name:
                    out.add(ctx, "BASED_IN", actor_id(other), it.ids.get("Place"), False)
                break
        # "the LNA's 128th Brigade", "Russia's 7th Airborne Division": a numbered unit of its owner
        if it.tag in ("ORG", "STATE", "CTRY", "CAP") and nxt and nxt[2].tag == "ORG" and nxt[2].entry is not None \
                and _NUMBERED_UNIT.match(nxt[2].entry.name) and re.fullmatch(r"'s?\s+", t[e:nxt[0]]):
            out.add(ctx, "MEMBER_OF", actor_id(nxt[2]), it.id_for("Actor"), False)
        # "the Libyan National Army of Khalifa Haftar"
        if it.tag == "ORG" and nxt and nxt[2].tag == "PER" and _org_kind(it) in ("armed_forces", "pmc", "armed_group") \
                and re.fullmatch(r"\s+of\s+", t[e:nxt[0]]):
            out.add(ctx, "LEADS", actor_id(nxt[2]), actor_id(it), False)
        # "the Africa Corps, a force run by Russia's defence ministry"
        if it.tag == "ORG" and nxt and nxt[2].tag in ("STATE", "CTRY", "CAP") and nxt[2].country is not None and \
                it.entry is not None and it.entry.properties.get("parent") == nxt[2].country.name and re.fullmatch(
                    r",\s+(?:the\s+|a\s+)?(?:[a-z-]+\s+){0,2}(?:run|controlled|commanded|overseen|directed|managed|funded)\s+by\s+(?:the\s+)?", t[e:nxt[0]]):
            out.add(ctx, "MEMBER_OF", actor_id(it), actor_id(nxt[2]), False)
        # "X, the Kremlin-controlled force"
        if it.tag == "ORG" and nxt and nxt[2].tag in ("STATE", "CTRY", "CAP") and \
                re.fullmatch(r",\s+(?:the\s+|a\s+)?", t[e:nxt[0]]) and re.match(r"-controlled\b", t[nxt[1]:]):
            out.add(ctx, "MEMBER_OF", actor_id(it), actor_id(nxt[2]), False)
        # "<demonym> President <person>", "<demonym> Deputy Foreign Minister <person>"
        if it.tag in ("ADJ", "CTRY", "STATE") and nxt and nxt[2].tag == "PER":
            gap = t[e:nxt[0]]
            if re.search(r"\bformer\s+$", t[max(0, s - 10):s]):
                continue
            m_lead = re.fullmatch(r"(?:'s\s+)?\s*(" + cues["LEADS_TITLE_ALT"] + r")\s+", gap)
            m_mem = re.fullmatch(r"(?:'s\s+)?\s*((?:[a-z-]+\s+){0,2}(?:" + cues["MEMBER_TITLE_ALT"] + r"))\s+", gap)
            if m_lead and it.country is not None:
                out.add(ctx, "LEADS", actor_id(nxt[2]), it.ids.get("Actor"), False, props={"role": m_lead.group(1)})
            elif m_mem and it.country is not None:
                out.add(ctx, "MEMBER_OF", actor_id(nxt[2]), it.ids.get("Actor"), False, props={"role": m_mem.group(1).strip()})
        # "<org>'s founder, <person>", "<org> leader <person>", "its commander, <person>"
        if it.tag in ("ORG", "STATE", "CTRY") and nxt and nxt[2].tag == "PER":
            m_t = re.fullmatch(r"(?:'s\s+)?\s*(" + cues["LEADS_TITLE_ALT"] + r"),?\s+(?:and\s+its\s+(?:" + cues["LEADS_TITLE_ALT"] + r"),?\s+)?", t[e:nxt[0]])
            if m_t:
                out.add(ctx, "LEADS", actor_id(nxt[2]), actor_id(it), False, props={"role": m_t.group(1)})
        if it.tag == "PER":
            m_its = re.search(r"\bits\s+(" + cues["LEADS_TITLE_ALT"] + r"),?\s+$", t[max(0, s - 30):s])
            if m_its:
                org = next((o for _, _, o in reversed(tags[:i]) if o.tag == "ORG"), None)
                if org is not None:
                    out.add(ctx, "LEADS", actor_id(it), actor_id(org), False, props={"role": m_its.group(1)})
            # "<person>, who heads <actor>"
            m_who = cues["WHO_LEADS"].match(t[e:e + 40])
            if m_who:
                objs = ctx.objects(e + m_who.end(), ("ORG", "STATE", "CTRY", "CAP"), max_gap=5, first_only=True)
                for o in objs:
                    out.add(ctx, "LEADS", actor_id(it), actor_id(o), False, props={"role": "head"})
            # "<person>, (the) leader of <actor>"
            m_of = re.match(r",\s+(?:the\s+)?(" + cues["LEADS_TITLE_ALT"] + r")\s+of\s+(?:the\s+)?", t[e:e + 50])
            if m_of:
                objs = ctx.objects(e + m_of.end(), ("ORG", "STATE", "CTRY"), max_gap=5, first_only=True)
                for o in objs:
                    out.add(ctx, "LEADS", actor_id(it), actor_id(o), False, props={"role": m_of.group(1)})


_FORMED = re.compile(r"\b(?:formed|founded|co-founded|created|set up|established|joined|launched|are members of|is a member of|are founding members of)\s+(?:the\s+)?(?:[a-z-]+\s+){0,1}«(\d+):ORG»")
_NUMBERED_UNIT = re.compile(r"\d{1,3}(?:st|nd|rd|th)\s")
_FORMED_GATE = re.compile(r"formed|founded|created|set up|established|joined|launched|members? of")
_BLOC_WORDS = re.compile(r"\b(?:alliance|union|confederation|league|organi[sz]ation|community|pact|bloc|council|coalition|partnership|states)\b", re.I)
_LED_BY = re.compile(r"«(\d+):(?:ORG|STATE|CTRY)»,?\s+(?:(?:which|that)\s+(?:is|was|has been)\s+|now\s+)?(?:led|headed|ruled|commanded)\s+by\s+(?:[a-z-]+\s+){0,2}«(\d+):PER»")


def rule_member_bloc(ctx: Ctx, out: _Out) -> None:
    """'Niger, Mali and Burkina Faso ... formed the Alliance of Sahel States': each state is a
    member of the bloc; '<actor> led by <person>': the person leads it."""
    t = ctx.t
    for m in (_FORMED.finditer(t) if _FORMED_GATE.search(t) else ()):
        bloc = ctx.an.items[int(m.group(1))]
        if bloc.entry is None or not (_org_kind(bloc) == "government" and _BLOC_WORDS.search(bloc.entry.name)):
            continue
        lo = ctx.clause_bounds(m.start())[0]
        first = ctx.subject(m.start(), ("CTRY", "STATE", "CAP", "ORG"))
        if first is None:
            continue
        # the subject and the states coordinated with it ("Niger, Mali and Burkina Faso")
        members = [first]
        for s, e, it in ctx.tags:
            if s < lo or e > m.start() or it is first or it.tag not in ("CTRY", "STATE"):
                continue
            if PREP_BEFORE.search(t[max(0, s - 30):s]):
                continue
            members.append(it)
        for it in members:
            out.add(ctx, "MEMBER_OF", it.id_for("Actor"), actor_id(bloc), True, m.start())
    for m in (_LED_BY.finditer(t) if " by " in t else ()):
        org, per = ctx.an.items[int(m.group(1))], ctx.an.items[int(m.group(2))]
        out.add(ctx, "LEADS", actor_id(per), org.id_for("Actor"), False)


def rule_based_in(ctx: Ctx, out: _Out) -> None:
    t = ctx.t
    for m in re.finditer(r"«(\d+):(?:PLACE|CAP|CTRY)»-based\s+", t):
        place = ctx.an.items[int(m.group(1))]
        objs = ctx.objects(m.end(), ("ORG",), max_gap=25, first_only=True)
        for o in objs:
            out.add(ctx, "BASED_IN", actor_id(o), place.id_for("Place"), False)
    # "Rubistar, a Minsk-based cargo airline"
    for m in re.finditer(r"«(\d+):ORG»,\s+(?:a|an|the)\s+«(\d+):(?:PLACE|CAP|CTRY)»-based\b", t):
        org, place = ctx.an.items[int(m.group(1))], ctx.an.items[int(m.group(2))]
        out.add(ctx, "BASED_IN", actor_id(org), place.id_for("Place"), False)
    for s, e, it in ctx.tags:
        if it.tag == "ORG" and _org_kind(it) in ("government", "company", "media"):
            mm = re.match(r"\s+in\s+«(\d+):(CAP|PLACE)»", t[e:e + 20])
            if mm:
                place = ctx.an.items[int(mm.group(1))]
                if place.entry is not None and place.entry.kind == "city":
                    out.add(ctx, "BASED_IN", actor_id(it), place.id_for("Place"), False)


def rule_located(ctx: Ctx, out: _Out) -> None:
    t = ctx.t
    tags = ctx.tags
    countries_here = [it for _, _, it in tags if it.tag in ("CTRY",) and it.country is not None]
    for i, (s, e, it) in enumerate(tags):
        nxt = tags[i + 1] if i + 1 < len(tags) else None
        # "Syria's Tartus", "Russia's Vladimir Oblast"
        if it.tag == "CTRY" and nxt and nxt[2].tag in ("BASE", "PLACE") and re.fullmatch(r"'s?\s+", t[e:nxt[0]]):
            other = nxt[2]
            known = other.entry.properties.get("country") if other.entry else None
            if known in (None, it.country.name) and not (other.entry and other.entry.kind in ("sea", "continent")):
                out.add(ctx, "LOCATED_IN", place_id(other), it.ids["Place"], False)
        # "the Libyan port of Tobruk"
        if it.tag == "ADJ" and nxt and nxt[2].tag in ("BASE", "PLACE"):
            if re.fullmatch(r"\s+(?:[a-z-]+\s+){0,2}(?:port|base|airbase|air base|naval base|city|town|region|province|oasis|airport|airfield)\s+of\s+", t[e:nxt[0]]):
                out.add(ctx, "LOCATED_IN", place_id(nxt[2]), it.ids["Place"], False)
        # "the Libyan port of Tobruk" read as <demonym> + base "port of Tobruk"
        if it.tag == "ADJ" and nxt and nxt[2].tag == "BASE" and re.fullmatch(r"\s+", t[e:nxt[0]]) and \
                re.match(r"(?:port|naval base|base|air ?base|airport|airfield) of\b", nxt[2].text.lower()):
            out.add(ctx, "LOCATED_IN", place_id(nxt[2]), it.ids.get("Place"), False)
        # "<base> on the <sea>" ("Port Sudan on the Red Sea")
        if it.tag == "BASE" and nxt and nxt[2].tag == "PLACE" and nxt[2].entry is not None and \
                nxt[2].entry.kind == "sea" and re.fullmatch(r"\s+on\s+(?:the\s+)?", t[e:nxt[0]]):
            out.add(ctx, "LOCATED_IN", place_id(it), place_id(nxt[2]), False)
        # "<base> in <region of its country>" ("al-Jufra in central Libya")
        if it.tag == "BASE" and nxt and nxt[2].tag == "PLACE" and it.entry is not None and nxt[2].entry is not None \
                and nxt[2].entry.kind == "region" and it.entry.properties.get("country") is not None \
                and nxt[2].entry.properties.get("country") == it.entry.properties.get("country") \
                and re.fullmatch(r"\s+(?:in|inside)\s+(?:the\s+)?", t[e:nxt[0]]):
            out.add(ctx, "LOCATED_IN", place_id(it), place_id(nxt[2]), False)
        # "<region>, the region of <country>", "<city>, the capital of <country>"
        if it.tag in ("PLACE", "CAP") and nxt and nxt[2].tag == "CTRY" and re.fullmatch(
                r",\s+(?:the|a)\s+(?:[a-z-]+\s+)?(?:region|part|province|area|district|city|town|capital)\s+of\s+", t[e:nxt[0]]):
            out.add(ctx, "LOCATED_IN", place_id(it), nxt[2].ids["Place"], False)
        # "<base> in <city>" ("airbase in Latakia") and "<base> in <country>"
        if it.tag == "BASE" and nxt and nxt[2].tag in ("PLACE", "CAP", "CTRY") and \
                re.fullmatch(r"\s+(?:base\s+|airbase\s+)?(?:in|inside)\s+", t[e:nxt[0]]):
            other = nxt[2]
            near = it.entry.properties.get("near") if it.entry else None
            other_name = other.entry.name if other.entry is not None else (
                other.country.capital.name if other.tag == "CAP" and other.country is not None
                and other.country.capital is not None else None)
            if other_name is not None and (near == other_name or other.tag == "CTRY"):
                if other.tag != "CTRY" or it.entry.properties.get("country") in (None, other.country.name):
                    out.add(ctx, "LOCATED_IN", place_id(it), other.id_for("Place"), False)
        # a base whose known country is named in the same sentence
        # a base with its known country in apposition ("Latakia Air Base, Syria", "al-Khadim,
        # which lies east of Benghazi, Libya") or as possessor of a base word before it ("Libya's
        # southernmost military airbase sits near X"); a country merely named elsewhere in the
        # sentence places nothing
        if it.tag == "BASE" and not it.coref and it.entry is not None:
            c = it.entry.properties.get("country")
            for other in countries_here:
                o_s, o_e = next((a, b) for a, b, x in tags if x is other)
                if o_s > e:
                    ok = bool(re.fullmatch(r"(?:[^«.;]|«\d+:(?:PLACE|CAP)»){0,80}?,\s+", t[e:o_s]) or
                              re.fullmatch(r",\s+(?:a|an|the)\s+[^«.;,]{0,50}\b(?:in|of)\s+", t[e:o_s]))
                else:
                    ok = bool(re.match(r"'s\s+(?:[a-z-]+\s+){0,3}(?:airbase|air base|base|port|naval base|airfield|airport)\b", t[o_e:s]))
                if other.country.name == c and ok:
                    out.add(ctx, "LOCATED_IN", place_id(it), other.ids["Place"], False)
                    break


def rule_operates(ctx: Ctx, out: _Out) -> None:
    t = ctx.t
    tags = ctx.tags
    explicit = {int(m.group(1)) for m in _OPERATED_BY.finditer(t)}  # "operated by <airline>"
    # named ships/airframes and group descriptions ("the pair"); not "the ship": whose it is
    # was said where it was named
    vehicles = [it for _, _, it in tags if it.tag in ("VES", "AC") and it.k not in explicit
                and (not it.coref or it.members)]
    if vehicles:
        formation = next((it for _, _, it in tags if it.tag == "ORG" and _org_kind(it) == "armed_forces"
                          and it.entry.properties.get("parent")), None)
        state = None
        for s, e, it in tags:
            if it.tag == "ADJ" and re.match(r"\s+(?:[a-z-]+\s+){0,2}(?:ships?|vessels?|warships?|landing ships?|frigates?|cruisers?|tankers?|navy|air force|cargo planes?|aircraft|transport aircraft|planes?|jets?|submarines?|corvettes?|destroyers?|cargo ships?)\b", t[e:e + 40]):
                state = it
                break
            if it.tag == "STATE" and re.search(r"(?:navy|air force|aerospace forces|armed forces|military|defen[cs]e ministry)", it.text.lower()):
                state = it
                break
            if it.tag in ("CTRY", "STATE", "CAP") and re.match(r"\s+(?:[a-z]+\s+){0,2}(?:use|uses|using|operates?|deploy\w*)\s+(?:the\s+)?(?:[a-z-]+\s+){0,3}«\d+:(?:VES|AC)»", t[e:e + 80]):
                state = it
                break
        operator = formation or state
        if operator is not None:
            for v in vehicles:
                for x in v.expand():
                    out.add(ctx, "OPERATES", actor_id(operator), x.id_for("Vessel", "Aircraft"), False)
    # "the aircraft is operated by Rubistar", "a Rubistar-operated Il-76 (EW-78849)"
    for m in _OPERATED_BY.finditer(t):
        v, org = ctx.an.items[int(m.group(1))], ctx.an.items[int(m.group(2))]
        for x in v.expand():
            out.add(ctx, "OPERATES", actor_id(org), x.id_for("Vessel", "Aircraft"), False)
    # "Russia has been thinning out its garrison at Tartus": the clause's subject owns the base
    for m in re.finditer(r"\bits\s+(?:[a-z-]+\s+){0,1}(?:garrison|garrisons|base|bases|naval base|air base|airbase|facility|facilities|camp)\s+(?:at|in)\s+(?:the\s+)?", t):
        owner = ctx.subject(m.start(), ("CTRY", "STATE", "CAP"))
        if owner is None or owner.country is None:
            continue
        for bse in ctx.objects(m.end(), ("BASE",), max_gap=5, first_only=True):
            if bse.entry is not None and bse.entry.properties.get("country") != owner.country.name:
                out.add(ctx, "OPERATES", owner.ids["Actor"], bse.ids["Base"], True, m.start())
    # bases: "the Russian naval base in Syria's Tartus and airbase in Latakia", "Russia's Khmeimim base"
    for i, (s, e, it) in enumerate(tags):
        if it.tag not in ("ADJ", "CTRY", "STATE", "CAP") or it.country is None:
            continue
        after = t[e:e + 60]
        m = re.match(r"(?:'s\s+|-(?:run|operated)\s+|\s+)(?:[a-z-]+\s+){0,2}(?:naval |air |military |training )?(?:base|bases|airbase|airbases|facility|facilities|camp|camps|garrison|garrisons)\b(?:\s+(?:at|in|of)\b)?", after)
        if m:
            bases = ctx.objects(e + m.end(), ("BASE",), max_gap=25)
            for bse in bases:
                if bse.entry is not None and bse.entry.properties.get("country") != it.country.name:
                    for x in bse.expand():
                        out.add(ctx, "OPERATES", it.ids["Actor"], x.ids["Base"], False)
            continue
        m2 = re.match(r"'s\s+«(\d+):BASE»", after)
        if m2:
            bse = ctx.an.items[int(m2.group(1))]
            if bse.entry is not None and bse.entry.properties.get("country") != it.country.name:
                out.add(ctx, "OPERATES", it.ids["Actor"], bse.ids["Base"], False)
            continue
        if it.tag in ("CTRY", "STATE", "CAP"):
            m3 = re.match(r"\s+(?:[a-z]+\s+){0,2}(?:lost|lose|loses|losing|keep|keeps|retains?|retained|maintains?|operates?|uses?|controls?)\s+(?:the\s+|its\s+)?", after)
            if m3:
                bases = ctx.objects(e + m3.end(), ("BASE",), max_gap=5)
                for bse in bases:
                    if bse.entry is not None and bse.entry.properties.get("country") != it.country.name:
                        out.add(ctx, "OPERATES", it.ids["Actor"], bse.ids["Base"], True, e)


_RULES = [rule_backs, rule_backs_more, rule_allied, rule_opposes, rule_controls, rule_present, rule_deployed,
          rule_leads_member, rule_member_bloc, rule_based_in, rule_located, rule_operates]
# rules that only act on a cue of _CUE_KEYS (or "X-backed/-supported/-sponsored")
_CUE_RULES = frozenset({rule_backs, rule_allied, rule_opposes, rule_controls, rule_present, rule_deployed})
