"""Static relations (BACKS, ALLIED_WITH, OPPOSES, LEADS, MEMBER_OF, CONTROLS, OPERATES,
PRESENT_IN, DEPLOYED_AT, LOCATED_IN, BASED_IN) read from the dependency parse.

For every pair of mentions in a sentence (:mod:`milgraph.loaders.extract.parsed`), the grammatical path
between their head tokens is matched against the rules of ``loaders/data/relations/*.yaml``
(language and schema: :mod:`milgraph.loaders.extract.relation_rules`). Coordinated mentions stand where
their first conjunct stands, so "a presence in Mali, Libya and Sudan" gives three relations
from one rule. Each path is also read in the forms that state the same relation
(:func:`path_readings`: through stand-in nouns such as "Russian personnel", a copula as an
apposition, two appositions of one noun), so a rule need not list every variant. Coreferent
mentions that the entity pass resolved ("the base", "its bases", "the two countries") are
ordinary mentions here, each member of a group counting; "its/their/his/her" stand for the owner
named before them.

Modality and attribution: a rule marked ``modality: confirmed`` reads a noun phrase that is the
article's own description ("the Moscow-backed LNA", "Russia's Africa Corps") and stays
confirmed inside a credited sentence. A clause rule takes the modality of the clause that
governs the relation: hedges, plans and denials in that clause and the verbs above it
(``loaders/extract/modality.py`` cue lists), and the sentence's attribution (reporting verbs,
"according to", anaphoric "the agency said").

Rules of ``scope: sentence`` or ``report`` have no path: the gazetteer's containment of a base in
a country named in the same sentence, a navy's ship by its hull prefix. A named ship introduced
as "the tanker" takes the state an earlier sentence gave that noun ("a Russian tanker"), and the
state inside a name ("Russia's Pacific Fleet") stands at the name, each for its own rules only.

Every relation records the ids of the rules that produced it (``Relation.rules``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Callable

from milgraph.graph.records import Relation, Span
from milgraph.loaders.extract import modality, rule_index
from milgraph.loaders.extract.mentions import DocAnalysis, Item
from milgraph.loaders.gazetteer import Country, load_gazetteer
from milgraph.loaders.extract.parsed import ParsedSentence, parsed_sentences
from milgraph.loaders.extract.relation_rules import END_LABELS, EndSpec, Rule, RuleSet, load_rules
from milgraph.loaders.extract.resolve import merge_relations

if TYPE_CHECKING:
    from spacy.tokens import Token

MAX_ARCS = 7
# the verbs above a clause that still decide its modality ("plans to deploy", "said to control")
_GOVERNING = {"xcomp", "ccomp", "relcl", "acl", "pcomp"}
# clauses of their own below the governing verb, left out unless the relation lies in them
_OWN_CLAUSES = {"conj", "cc", "relcl", "advcl", "parataxis", "ccomp", "acl"}
_QUALIFIERS = {"aux", "auxpass", "neg", "advmod", "acomp", "prt", "mark", "nsubj", "nsubjpass", "attr", "npadvmod"}


def _lex(name: str) -> frozenset[str]:
    """A word class of relations/lexicon.yaml (``check_words``), from the cached rule set: cheap
    enough to call per token."""
    return load_rules().check_words[name]


@dataclass
class Mention:
    item: Item  # the entity (a group's member for "both bases")
    token: Token  # the mention's head token
    source: Item  # the mention as written
    span: frozenset[int] = frozenset()  # its token indices
    coref_only: bool = False  # a state standing at "the tanker" of "the tanker X" (vessel_coref rules alone)
    names: int = -1  # for coref_only: the head token of the named ship it introduces
    evidence_before: str = ""  # the earlier sentence that named the state ("a Russian tanker")


@dataclass
class _Recall:
    """What the relation step remembers from sentence to sentence: the last actor, person,
    country and place named, the groups and states named, the equipment types the last sentence
    named, the owner of a list being told, the ships by their type noun, the last sources."""
    last_sources: list[str] = field(default_factory=list)
    last_actor: Item | None = None
    last_person: Item | None = None
    groups_named: list[Item] = field(default_factory=list)  # organised groups in report order, last named last
    states_named: list[Item] = field(default_factory=list)  # the states the last sentence named (not resolved)
    equipment_named: tuple[int, list[Item]] = (-9, [])  # the last sentence naming equipment types, and those types
    last_country: Item | None = None
    last_place: Item | None = None
    list_owner: tuple[Item, str] | None = None
    vessels_by_noun: dict[str, tuple[Item, str]] = field(default_factory=dict)


def extract_relations(an: DocAnalysis, rules: RuleSet | None = None) -> list[Relation]:
    rules = rules or load_rules()
    out: list[Relation] = []
    recall = _Recall()
    sentence_rules, report_rules = rules.scoped("sentence"), rules.scoped("report")
    sentences = parsed_sentences(an)
    report_actors = _report_actors(sentences) if report_rules else []
    end_index = rule_index.end_index(rules, _end_fits)
    named_countries = _named_countries(sentences) if sentence_rules else set()
    for sentence in sentences:
        sources = [it.ids["Source"] for it in sentence.view.items if it.tag == "SRC" and "Source" in it.ids]
        mentions = _sentence_mentions(sentence, recall, an, named_countries)
        masks = [end_index.masks(m.item) for m in mentions]  # which rules take each mention at either end
        out += _path_relations(sentence, mentions, masks, rules, sources, recall.last_sources, an)
        for rule in sentence_rules:
            out += _sentence_rule_relations(rule, end_index.bit(rule), sentence, mentions, masks, an)
        for rule in report_rules:
            for b in (b for b in mentions if _end_fits(rule.end, b.item)):  # _fits checks it again
                for item in report_actors:
                    out += _scoped(rule, Mention(item, b.token, item), b, sentence, an)
        if sources:
            recall.last_sources = sources
    return _with_containment_chains(merge_relations(_ties_of_leaders(out, an)))


def _sentence_mentions(sentence: ParsedSentence, recall: _Recall, an: DocAnalysis,
                       named_countries: set[str]) -> list[Mention]:
    """The sentence's mentions with what stands for an earlier one ("the group", "there", "both
    governments", a list item's owner), and what later sentences will look back to."""
    mentions = _mentions(sentence)
    mentions = _definite_equipment(sentence, mentions, recall.equipment_named)
    recall.equipment_named = _remember_equipment(sentence, mentions, recall.equipment_named)
    mentions += _coreferent(sentence, mentions, recall.last_actor, recall.groups_named, recall.last_country,
                            recall.last_person)
    mentions += _there(sentence, mentions, recall.last_place)
    mentions += _vessel_nationality(sentence, mentions, recall.vessels_by_noun)
    mentions += _states_in_names(mentions, an)
    mentions += _states_of_titled_leaders(mentions, named_countries, an)
    mentions += _described_pair(sentence, mentions, recall.states_named)
    recall.list_owner = _list_owner(sentence, mentions, recall.list_owner)
    if recall.list_owner is not None and _LIST_ITEM.match(sentence.view.text):
        owner, evidence = recall.list_owner
        mentions.append(Mention(owner, sentence.doc[0], owner, frozenset(), coref_only=True,
                                evidence_before=evidence, names=_LISTED))
    recall.last_actor = _subject_actor(mentions) or recall.last_actor
    recall.last_person = _subject_person(mentions) or recall.last_person
    _remember_groups(recall.groups_named, mentions)
    _remember_states(recall.states_named, mentions)
    recall.last_country = _country_spoken_of(mentions) or recall.last_country
    recall.last_place = _last_place(mentions, len(sentence.doc))  # "there" looks back one sentence at most
    return mentions


def _path_relations(sentence: ParsedSentence, mentions: list[Mention], masks: list, rules: RuleSet,
                    sources: list[str], last_sources: list[str], an: DocAnalysis) -> list[Relation]:
    """The relations the path rules read between two mentions of the sentence."""
    out: list[Relation] = []
    attribution: tuple[bool, list[str]] | None = None
    ups: dict[int, tuple[list, dict]] = {}  # each start token's heads, walked once per sentence
    for a, (a_starts, _) in zip(mentions, masks):
        for b, (_, b_ends) in zip(mentions, masks):
            if a.source is b.source or a.token.i == b.token.i or a.coref_only or b.coref_only:
                continue
            if not a_starts & b_ends:
                continue  # no rule takes a as its start and b as its end: nothing matched would be kept
            up = ups.get(a.token.i) or ups.setdefault(a.token.i, _heads_up(a.token))
            path = dep_path(a.token, b.token, a.span, b.span, up)
            if path is None:
                continue
            for rule in _pair_rules(sentence, a, b, path, rules):
                if not _fits(rule, a.item, b.item, sentence, a, b):
                    continue
                if rule.modality == "clause" and (_negated(a.token, b.token) or _intended(a.token, b.token)):
                    continue
                if rule.type == "LOCATED_IN" and b.token.lower_ in _POSSESSIVE_PRONOUNS:
                    continue  # "TURKSOM, its largest base abroad": "its" names the owner, not a place
                if rule.type == "PRESENT_IN" and b.item.tag == "CAP" and _own_capital(a.item, b.item):
                    continue  # "the Russian military in Moscow": a state at home is no presence
                start = a.item.id_for(*END_LABELS[rule.type][0])
                end = b.item.id_for(*END_LABELS[rule.type][1])
                if not start or not end or _same_thing(start, end):
                    continue
                if attribution is None:
                    attribution = modality.attribution(sentence.view.tagged, sources, last_sources)
                out.append(_relation(rule, start, end, sentence, a.token, b.token, attribution, an))
    return out


def _pair_rules(sentence: ParsedSentence, a: Mention, b: Mention, path, rules: RuleSet) -> list[Rule]:
    """The rules the path from a to b matches, read also in the forms that state the same
    relation (a place set off by commas, a split argument, "there", an apposition after "of")."""
    stand_ins = rules.stand_in_nouns if _free_head(sentence, a.token) and _free_head(sentence, b.token) \
        else frozenset()
    gaps = (_object_gap(a.token, path), _end_object_gap(b.token, path))
    matched = _matching_rules(rules, path, stand_ins, gaps)
    for repaired in (_set_off_place(a, b), _split_argument(a, b)):
        if repaired is not None:
            matched = matched + [r for r in _matching_rules(rules, repaired, frozenset()) if r not in matched]
    repaired = _there_as_in(path, b)
    if repaired is not None:
        matched = matched + [r for r in _matching_rules(rules, repaired, stand_ins, gaps) if r not in matched]
    repaired = _apposition_after_of(a, b) or _inverted(_apposition_after_of(b, a))
    if repaired is not None:
        matched = matched + [r for r in _matching_rules(rules, repaired, stand_ins) if r not in matched]
    return matched


def _sentence_rule_relations(rule: Rule, bit: int, sentence: ParsedSentence, mentions: list[Mention],
                             masks: list, an: DocAnalysis) -> list[Relation]:
    """The relations a sentence-scoped rule reads between two mentions it takes as its ends."""
    out: list[Relation] = []
    fit_ends = [b for b, (_, b_ends) in zip(mentions, masks) if b_ends & bit]  # _fits checks them again
    for a in (a for a, (a_starts, _) in zip(mentions, masks) if a_starts & bit):
        for b in fit_ends:
            if a.source is b.source or a.coref_only is not bool(_COREF_CHECKS & set(rule.checks)) or \
                    b.coref_only is not bool(_STANDS_AT_NAME & set(rule.checks)):
                continue
            for rel in _scoped(rule, a, b, sentence, an):
                rel.evidence = (a.evidence_before + " ... " if a.evidence_before else "") + rel.evidence
                out.append(rel)
    return out


def _ties_of_leaders(relations: list[Relation], an: DocAnalysis) -> list[Relation]:
    """"President X has kept up strong ties with Moscow": ties a head of state keeps are his
    state's (guide D3: its leaders act for it), so an ALLIED_WITH end that the report says
    LEADS a state becomes that state."""
    leaders = {r.start: r.end for r in relations if r.type == "LEADS" and r.end in an.specs
               and an.specs[r.end].kind == "state" and r.rules != [_TITLE_RULE]}  # a title alone: he may be gone
    if not leaders:
        return relations
    out = []
    for r in relations:
        if r.type == "ALLIED_WITH" and (r.start in leaders or r.end in leaders):
            r.start, r.end = leaders.get(r.start, r.start), leaders.get(r.end, r.end)
            if _same_thing(r.start, r.end):
                continue
        out.append(r)
    return out


def _scoped(rule: Rule, a: Mention, b: Mention, sentence: ParsedSentence, an: DocAnalysis) -> list[Relation]:
    """A rule read without a path (scope sentence or report): the ends and checks decide."""
    if not _fits(rule, a.item, b.item, sentence, a, b):
        return []
    start = a.item.id_for(*END_LABELS[rule.type][0])
    end = b.item.id_for(*END_LABELS[rule.type][1])
    if not start or not end or _same_thing(start, end):
        return []
    return [_relation(rule, start, end, sentence, a.token, b.token, (False, []), an)]


def _report_actors(sentences: list[ParsedSentence]) -> list[Item]:
    """One item per state or organisation named in the report (as written, not a description)."""
    seen: dict[str, Item] = {}
    for sentence in sentences:
        for item in sentence.view.items:
            actor = item.ids.get("Actor")
            if actor and not item.coref and item.tag in _ACTOR_TAGS + ("ADJ",) and actor not in seen:
                seen[actor] = item
    return list(seen.values())


def _singular(word: str) -> str:
    return word[:-1] if word.endswith("s") and not word.endswith("ss") else word


def _vessel_nationality(sentence: ParsedSentence, mentions: list[Mention],
                        by_noun: dict[str, tuple[Item, str]]) -> list[Mention]:
    """"A Russian tanker and a cargo ship passed Malta. ... The tanker Akademik Pashin refuelled":
    a named ship introduced as "the <noun>" is the ship an earlier sentence gave a state ("a
    Russian tanker", "Chinese navy corvettes"), when its own phrase names none. The state stands
    at the noun, for OPERATES rules only. Nouns with a state are remembered for later sentences."""
    out = []
    owned: dict[int, tuple[Item, str]] = {}  # head token of a named ship -> the state it got
    for m in sorted(mentions, key=lambda x: x.token.i):
        if m.item.tag != "VES":
            continue
        if m.token.dep_ == "conj" and m.token.head.i in owned:  # "the corvettes Wenshan and Yuncheng"
            owner = owned[m.token.head.i]
            out.append(Mention(owner[0], m.token, owner[0], frozenset(), coref_only=True,
                               evidence_before=owner[1], names=m.token.i))
            continue
        noun = _introducing_noun(m)
        if noun is None or any(_names_owner(sentence.mention(c)) for c in noun.children if c.i not in m.span):
            continue  # "the Japanese frigate X": its own phrase names the state
        word = _singular(noun.lower_)
        owner = by_noun.get(word) or (by_noun.get("*") if noun.lower_ in _lex("any_vessel") else None)
        if owner is not None and owner[1] != sentence.view.text:
            owned[m.token.i] = owner
            out.append(Mention(owner[0], noun, owner[0], frozenset({noun.i}), coref_only=True,
                               evidence_before=owner[1], names=m.token.i))
    for m in mentions:
        if m.coref_only or not _is_actor_or_adjective(m.item) or m.source.coref:
            continue
        head = m.token.head
        while head.dep_ == "compound" and head.head.i != head.i and head.lower_ not in _lex("vessel_nouns"):
            head = head.head
        if m.token.dep_ in ("amod", "compound", "poss", "nmod") and head.lower_ in _lex("vessel_nouns"):
            # "a Russian corvette and a naval tanker": the state goes with the coordinated nouns too
            nouns = [head] + [c for c in head.children if c.dep_ == "conj" and c.lower_ in _lex("vessel_nouns") and
                              not any(_names_owner(sentence.mention(x)) for x in c.children)]
            for noun in nouns:
                by_noun[_singular(noun.lower_)] = (m.item, sentence.view.text)
            if head.lower_ in _lex("any_vessel"):  # "a Russian ship" may be named "the tanker X" later
                by_noun["*"] = (m.item, sentence.view.text)
    return out


_OWNER_IN_NAME = re.compile(r"^(.+?)['’]s\s")


def _states_in_names(mentions: list[Mention], an: DocAnalysis) -> list[Mention]:
    """"Russia's Pacific Fleet" matched as one name: the state inside it stands at the name's
    head, for rules that check ``state_in_name`` alone (the state becomes an entity)."""
    out = []
    for m in mentions:
        named = _state_named_in(m)
        if named is None:
            continue
        owner, country = named
        an.specs.setdefault(country.actor.id, country.actor)  # the state is named, as the events pass adds it
        state = Item(k=-1, sent=m.item.sent, start=m.item.start, end=m.item.start + len(owner),
                     text=owner, tag="CTRY", ids={"Actor": country.actor.id}, default="Actor",
                     entry=country.actor, country=country)
        out.append(Mention(state, m.token, state, frozenset(), coref_only=True, names=m.token.i))
    return out


def _state_named_in(m: Mention) -> tuple[str, Country] | None:
    """The words a formation's name opens with and the state they name: "Russia's" in "Russia's
    Pacific Fleet", or a demonym ("a Russian Northern Fleet detachment") for a named armed force."""
    if m.item.tag != "ORG" or m.coref_only:
        return None
    found = _OWNER_IN_NAME.match(m.source.text)
    if found:
        country = load_gazetteer().country(found.group(1))
        return (found.group(1), country) if country is not None else None
    first = m.source.text.split(" ", 1)[0]
    country = load_gazetteer().country_by_adjective(first) if first[:1].isupper() else None
    if country is not None and m.item.kind == "armed_forces" and " " in m.source.text and \
            m.item.entry is not None and not m.item.entry.name.startswith(first):
        return first, country  # not "Libyan National Army": a demonym that is part of the name owns nothing
    return None


_STANDS_AT_NAME = {"state_in_name", "leader_of_named_state", "described_pair_seals_ties"}


def _named_countries(sentences: list[ParsedSentence]) -> set[str]:
    """The countries the report names (as a state or a place), by the gazetteer's name."""
    return {it.country.name for sentence in sentences for it in sentence.view.items
            if it.country is not None and not it.coref and
            (it.tag in ("CTRY", "STATE") or (it.tag == "CAP" and it.default == "Actor"))}  # not "in Minsk"


def _states_of_titled_leaders(mentions: list[Mention], named: set[str], an: DocAnalysis) -> list[Mention]:
    """"President Teodoro Obiang flew to Moscow" in a report that names Equatorial Guinea: a
    person the text titles head of state, whom the gazetteer gives a country the report names,
    leads that country; the state stands at the name for ``leader_of_named_state`` rules only."""
    out = []
    for m in mentions:
        entry = m.item.entry
        country_name = entry.properties.get("country") if m.item.tag == "PER" and entry is not None else None
        if not country_name or country_name not in named or m.coref_only or m.source.coref or not _titled_head(m):
            continue
        country = load_gazetteer().country(country_name)
        if country is None:
            continue
        state = Item(k=-1, sent=m.item.sent, start=m.item.start, end=m.item.end, text=m.item.text, tag="CTRY",
                     ids={"Actor": country.actor.id}, default="Actor", entry=country.actor, country=country)
        out.append(Mention(state, m.token, state, frozenset(), coref_only=True, names=m.token.i))
    return out


_TITLE_RULE = "title.head_of_named_state"


def _titled_head(m: Mention) -> bool:
    """"President X", "King X" (the title inside the name or just before it), not "Vice-President
    X", "former President X" or "rebels toppled President X"."""
    if m.token.dep_ in ("dobj", "nsubjpass") and m.token.head.lower_ in _lex("ousting"):
        return False
    first = min(m.span) if m.span else m.token.i
    doc = m.token.doc
    words = {t.lower_ for t in doc[max(0, first - 3):first]} | {m.source.text.split()[0].lower()}
    words |= {t.lower_ for c in m.token.children if c.dep_ == "compound" for t in c.subtree}
    words = {w for part in words for w in part.replace("-", " ").split()}
    return bool(words & _lex("head_titles")) and not words & _lex("lesser_titles")


def _names_owner(item: Item | None) -> bool:
    return item is not None and item.tag in ("ADJ", "CTRY", "CAP", "STATE", "ORG")


def _is_actor_or_adjective(item: Item) -> bool:
    return item.tag in ("ADJ", "CTRY", "STATE") and "Actor" in item.ids


def _introducing_noun(m: Mention) -> Token | None:
    """"the tanker Akademik Pashin", "the ship, the Mys Zhelaniya", "The Type 056A corvettes
    Wenshan and Yuncheng": the definite vessel noun that introduces the name."""
    token = m.token
    candidates = [c for c in token.children if c.dep_ in ("compound", "nmod") and c.i not in m.span]
    if token.dep_ in ("appos", "compound") and token.head.i not in m.span:
        candidates.append(token.head)
    first = min(m.span) if m.span else token.i
    before = token.doc[first - 1] if first > 0 else None
    if before is not None and before.text == "," and first > 1:
        before = token.doc[first - 2]
    if before is not None and before.lower_ in _lex("vessel_nouns") and before not in candidates:
        candidates.append(before)  # "The tanker Luomahu reached": the parser left both as subjects
    for noun in candidates:
        definite = list(noun.children) + (list(token.children) if noun.head.i == token.i else [])
        if noun.lower_ in _lex("vessel_nouns") and any(c.lower_ == "the" and c.dep_ == "det" for c in definite):
            return noun  # "the corvette Boikiy" (det on the name), not "a second ship, the X"
    return None


def _with_containment_chains(relations: list[Relation]) -> list[Relation]:
    """"an airfield in Homs province, Syria": the airfield is in Syria too (guide D9: chain
    links and direct links alike), when both links are stated in one sentence."""
    located = [r for r in relations if r.type == "LOCATED_IN"]
    have = {(r.start, r.end): r for r in located}
    extra = []
    for first in located:
        for second in located:
            if first.end != second.start or first.evidence != second.evidence or first.start == second.end:
                continue
            known = have.get((first.start, second.end))
            if known is not None:  # read directly too (the gazetteer): the chain's rules join it
                known.rules += [r for r in first.rules + second.rules if r not in known.rules]
                continue
            chain = Relation(type="LOCATED_IN", start=first.start, end=second.end, modality="confirmed",
                             confidence=modality.CONFIDENCE["confirmed"], evidence=first.evidence, span=first.span,
                             rules=first.rules + [r for r in second.rules if r not in first.rules])
            have[(first.start, second.end)] = chain
            extra.append(chain)
    return relations + extra


def _own_capital(state: Item, capital: Item) -> bool:
    """The capital is the start's own (the gazetteer's country of both agree)."""
    own = _country_of(state)
    return own is not None and own == _country_of(capital)


def _same_thing(start: str, end: str) -> bool:
    """One entity, or a state and its own territory (actor:russia, place:russia)."""
    return start.partition(":")[2] == end.partition(":")[2]


def _mentions(sentence: ParsedSentence) -> list[Mention]:
    out = []
    for item in sentence.view.items:
        span = sentence.span(item)
        if span is None:
            continue
        indices = frozenset(t.i for t in span)
        if _negated_adjective(span) or _specified_umbrella(sentence, item, _head_of(span, indices)):
            continue
        for member in item.expand():
            out.append(Mention(member, _head_of(span, indices), item, indices))
    return out


def _specified_umbrella(sentence: ParsedSentence, item: Item, head: Token) -> bool:
    """"two Mi-8 helicopters": a generic equipment noun that a named type modifies gives only
    the type (guide 5, an umbrella the text specifies)."""
    if item.tag != "EQ" or item.entry is None or not item.entry.generic:
        return False
    for child in head.children:
        named = sentence.mention(child) if child.dep_ in ("compound", "amod", "nmod") else None
        if named is not None and named is not item and named.tag == "EQ" and named.entry is not None \
                and not named.entry.generic:
            return True
    return False


def _negated_adjective(span) -> bool:
    """"non-Chinese warships": the adjective denies the state."""
    doc, first = span.doc, span.start
    before = doc[max(0, first - 2):first].text.lower().replace(" ", "")
    return before.endswith("non-")


def _head_of(span, indices: frozenset[int]) -> Token:
    """The span's grammatical head; a mention cut across a phrase ("The Kremlin" of "The
    Kremlin-backed army") has its article hang elsewhere, so the head is its noun."""
    root = span.root
    if root.pos_ not in ("DET", "PUNCT", "ADP"):
        return root
    outside = [t for t in span if t.head.i not in indices and t.pos_ not in ("DET", "PUNCT", "ADP")]
    return outside[0] if outside else root


_ACTOR_TAGS = ("CTRY", "CAP", "STATE", "ORG")
_PRONOUNS = {"its", "their"}
_POSSESSIVE_PRONOUNS = {"its", "their", "his", "her"}
_GROUP_KINDS = ("armed_forces", "armed_group", "pmc", "company", "airline")


def _is_actor(item: Item) -> bool:
    if item.tag in ("CTRY", "CAP") and item.default == "Place":
        return False
    return item.tag in _ACTOR_TAGS and "Actor" in item.ids


def _is_group(item: Item) -> bool:
    return item.tag == "ORG" and item.kind in _GROUP_KINDS


def _subject_actor(mentions: list[Mention]) -> Item | None:
    """The first state or organisation that is a subject in the sentence."""
    for m in mentions:
        if m.token.dep_ in ("nsubj", "nsubjpass") and _is_actor(m.item):
            return m.item
    return None


def _remember_groups(groups_named: list[Item], mentions: list[Mention]) -> None:
    """Append the sentence's organised groups (named or resolved) to the report's history, an
    earlier mention of the same group dropped, so the list stays short and its end is the latest."""
    for m in mentions:
        if _is_group(m.item):
            groups_named[:] = [g for g in groups_named if g.ids != m.item.ids]
            groups_named.append(m.item)


def _group_head(item: Item) -> str:
    """The head word of a group's name, singular ("Africa Corps" -> corps, "Rapid Support Forces" -> force)."""
    name = (item.entry.name if item.entry else item.text).lower().split()
    return _singular(name[-1]) if name and name[-1] != "corps" else (name[-1] if name else "")


def _agreeing_group(noun: str, groups: list[Item]) -> Item | None:
    """The latest group a bare group noun can stand for: one whose name ends in the noun ("the
    corps" -> Africa Corps, even when another group was named since), else the latest of the
    kind the noun's class names ("the company" a firm or airline, "the brigade" a state's
    formation), else, for a noun of neither class ("the group", "the force"), the latest group."""
    noun = _singular(noun) if noun != "corps" else noun
    named = [g for g in groups if _group_head(g) == noun]
    if named:
        return named[-1]
    if noun in _lex("company_nouns"):
        kinds: tuple[str, ...] = ("company", "airline")
    elif noun in _lex("formation_nouns"):
        kinds = ("armed_forces",)
    else:
        return groups[-1] if groups else None
    fitting = [g for g in groups if g.kind in kinds]
    return fitting[-1] if fitting else None


def _bare_group_noun(token: Token) -> bool:
    """"the group", "the force": a definite group noun with no name or modifier of its own."""
    if token.lower_ not in _lex("group_nouns") or token.pos_ != "NOUN":
        return False
    children = list(token.children)
    return any(c.lower_ == "the" and c.dep_ == "det" for c in children) and \
        not any(c.dep_ in ("compound", "amod", "poss", "nmod") for c in children)


def _speaker(pronoun: Token, mentions: list[Mention]) -> Item | None:
    """"China denied that it had armed Russia": a subject pronoun of a clause that completes a
    verb stands for that verb's subject when it is a state or organisation."""
    verb = pronoun.head
    while verb.dep_ in ("aux", "auxpass") and verb.head.i != verb.i:
        verb = verb.head
    if verb.dep_ != "ccomp":
        return None
    above = verb.head
    for m in mentions:
        if m.token.head.i == above.i and m.token.dep_ in _SUBJECTS and m.item.tag in _ACTOR_TAGS \
                and "Actor" in m.item.ids:
            return m.item
    return None


_LIST_ITEM = re.compile(r"^\s*(?:\(?[a-z0-9]{1,2}\)|[a-z0-9]{1,2}\.|[-•*–])\s")
_LISTED = -2  # Mention.names of a list's owner standing in one of its items
_COREF_CHECKS = {"vessel_coref", "list_owner", "described_pair_seals_ties"}
_PAIRED = -3  # Mention.names of the two states "the two governments" stands for


def _list_owner(sentence: ParsedSentence, mentions: list[Mention],
                current: tuple[Item, str] | None) -> tuple[Item, str] | None:
    """"Moscow has stepped up work at its four main air bases: (a) al-Khadim ...; (b) ...": a
    sentence ending in a colon after "<owner>'s bases" opens a list; each item that follows
    (marked "(a)", "1.", "-") names one of the owner's bases; the first unmarked sentence ends it."""
    text = sentence.view.text.rstrip()
    if text.endswith(":"):
        for m in mentions:
            if m.token.dep_ == "poss" and m.token.head.lower_ in _lex("plural_facilities") and _is_actor(m.item):
                return m.item, sentence.view.text
        return None
    return current if _LIST_ITEM.match(sentence.view.text) else None


_DEFINITE = {"the", "these", "those", "both"}


def _named_type(item: Item) -> bool:
    return item.tag == "EQ" and item.entry is not None and not item.entry.generic and not item.coref


def _remember_equipment(sentence: ParsedSentence, mentions: list[Mention],
                        named: tuple[int, list[Item]]) -> tuple[int, list[Item]]:
    """The equipment types this sentence names, when it names any, else the earlier record."""
    types: list[Item] = []
    for m in mentions:
        if _named_type(m.item) and all(t.ids != m.item.ids for t in types):
            types.append(m.item)
    return (sentence.view.index, types) if types else named


def _definite_equipment(sentence: ParsedSentence, mentions: list[Mention],
                        named: tuple[int, list[Item]]) -> list[Mention]:
    """"The drones are based at X" after "Bayraktar TB2 and Akinci drones", "both systems now
    stand at the airport" after "NASAMS and Patriot launchers": a definite generic equipment noun
    stands for the types of its kind the last sentence naming types named (at most two sentences
    back); "both" or "the two" with a plural of `equipment_plurals` for the last two named."""
    index, types = named
    if not types or sentence.view.index - index > 2:
        return mentions
    out: list[Mention] = []
    for m in mentions:
        det = {c.lower_ for c in m.token.children if c.dep_ in ("det", "predet")}
        if m.item.tag == "EQ" and m.item.entry is not None and m.item.entry.generic and det & _DEFINITE:
            fitting = [t for t in types if t.kind == m.item.kind]
            if fitting:
                out += [Mention(t, m.token, m.source, m.span) for t in fitting]
                continue
        out.append(m)
    if len(types) >= 2:
        for token in sentence.doc:
            if token.lower_ in _lex("equipment_plurals") and sentence.mention(token) is None and \
                    _both_or_the_two(token):
                out += [Mention(t, token, types[-1], frozenset({token.i})) for t in types[-2:]]
    return out


def _both_or_the_two(noun: Token) -> bool:
    """"both systems", "the two governments", never a bare count ("two systems arrived")."""
    words = {c.lower_ for c in noun.children if c.dep_ in ("det", "predet", "nummod")}
    return "both" in words or "two" in words and bool(words & {"the", "these", "those"})


def _is_named_state(m: Mention) -> bool:
    return m.item.tag in ("CTRY", "CAP", "STATE") and "Actor" in m.item.ids and not m.coref_only and not m.source.coref


def _remember_states(states_named: list[Item], mentions: list[Mention]) -> None:
    """Keep the distinct states this sentence names as parties (see _states_as_parties)."""
    states_named[:] = _states_as_parties(mentions)


def _states_as_parties(mentions: list[Mention]) -> list[Item]:
    """The distinct states the mentions name as actors, in order; a capital named as the place of
    something ("met in Nairobi") is a place there, not a party."""
    out: list[Item] = []
    for m in mentions:
        if not _is_named_state(m) or m.item.tag == "CAP" and m.token.dep_ == "pobj":
            continue
        if all(x.ids["Actor"] != m.item.ids["Actor"] for x in out):
            out.append(m.item)
    return out


def _described_pair(sentence: ParsedSentence, mentions: list[Mention], states_named: list[Item]) -> list[Mention]:
    """"The two governments", "both countries": the two states named as parties before the phrase
    in its sentence, else in the sentence before; with one or three there is no pair. One stands
    at the numeral, the other at the noun, both read only by rules with the
    ``described_pair_seals_ties`` check."""
    out: list[Mention] = []
    for token in sentence.doc:
        taken = sentence.mention(token)
        if token.lower_ not in _lex("pair_heads") or (taken is not None and not taken.coref):
            continue
        marker = next((c for c in token.children if c.lower_ in ("two", "both") and c.dep_ in ("nummod", "det", "predet")), None)
        if marker is None:
            continue
        before = _states_as_parties([m for m in mentions if m.token.i < token.i])
        pair = before or states_named  # this sentence's parties, else the last one's
        if len(pair) == 2:  # one state, or three, leave "the two" unresolved
            out.append(Mention(pair[1], marker, pair[1], frozenset({marker.i}), coref_only=True, names=_PAIRED))
            out.append(Mention(pair[0], token, pair[0], frozenset({token.i}), coref_only=True, names=_PAIRED))
    return out


def _is_country(m: Mention) -> bool:
    return m.item.tag == "CTRY" and not m.coref_only and not m.source.coref and "Place" in m.item.ids


def _country_spoken_of(mentions: list[Mention]) -> Item | None:
    """The country a later "the country" most likely means: the last one named as a place
    ("flew arms to Burkina Faso"), else the last one named."""
    countries = [m.item for m in mentions if _is_country(m)]
    places = [it for it in countries if it.default == "Place"]
    return (places or countries or [None])[-1]


def _the_country(token: Token) -> bool:
    """"the country", "the country's east", "the junta-led country": no name of its own."""
    return token.lower_ == "country" and token.pos_ == "NOUN" and \
        any(c.lower_ == "the" and c.dep_ == "det" for c in token.children) and \
        not any(c.dep_ in ("compound", "poss", "nmod") for c in token.children)


def _subject_person(mentions: list[Mention]) -> Item | None:
    """The first named person that is a subject in the sentence."""
    for m in mentions:
        if m.token.dep_ in ("nsubj", "nsubjpass") and m.item.tag == "PER" and not m.source.coref:
            return m.item
    return None


def _coreferent(sentence: ParsedSentence, mentions: list[Mention], last_actor: Item | None,
                groups_named: list[Item], last_country: Item | None = None,
                last_person: Item | None = None) -> list[Mention]:
    """Mentions that point back (read-only use of the entity pass's mentions):

    - "its Hmeimim airbase", "their bases": the nearest state or organisation named before in
      the sentence, else the last sentence's subject;
    - "his forces", "her ally": the nearest person named before in the sentence, else the last
      person who was a subject;
    - "it", "they" as the subject of a clause completing a verb: that verb's subject ("China
      denied that it had armed Russia"); elsewhere a subject "it" is left alone (it stands as
      often for a description, "the junta-led country", as for a name);
    - "the group", "the force", "the company" (no name of its own): the group whose name ends
      in the noun ("the corps": Africa Corps), else the last group of the kind the noun names
      (`company_nouns`, `formation_nouns` of lexicon.yaml), else for any other group noun the last
      group named;
    - "the country", "the country's capital": the last country named, in the sentence before
      it or in an earlier one.
    """
    out = []
    for token in sentence.doc:
        if sentence.mention(token) is not None:
            continue
        owner = None
        if token.lower_ in _PRONOUNS and token.dep_ == "poss":
            actors = [m.item for m in mentions if m.token.i < token.i and _is_actor(m.item)]
            owner = actors[-1] if actors else last_actor
        elif token.lower_ in ("his", "her") and token.dep_ == "poss":
            persons = [m.item for m in mentions if m.token.i < token.i and m.item.tag == "PER"]
            owner = persons[-1] if persons else last_person
        elif token.lower_ in ("it", "they") and token.dep_ in _SUBJECTS:
            owner = _speaker(token, mentions)
        elif _bare_group_noun(token):
            groups = [m.item for m in mentions if m.token.i < token.i and _is_group(m.item)]
            owner = _agreeing_group(token.lower_, groups) or _agreeing_group(token.lower_, groups_named)
        elif _the_country(token):
            countries = [m.item for m in mentions if m.token.i < token.i and _is_country(m)]
            owner = countries[-1] if countries else last_country
        if owner is not None:
            out.append(Mention(owner, token, owner, frozenset({token.i})))
    return out


def _is_place(m: Mention) -> bool:
    return not m.coref_only and m.token.lower_ != "there" and \
        (m.item.tag in ("BASE", "PLACE") or (m.item.tag in ("CTRY", "CAP") and "Place" in m.item.ids))


def _last_place(mentions: list[Mention], before: int) -> Item | None:
    """The last base or place named before token ``before`` (a country or capital counts)."""
    places = [m for m in mentions if m.token.i < before and _is_place(m)]
    return max(places, key=lambda m: m.token.i).item if places else None


def _there(sentence: ParsedSentence, mentions: list[Mention], last_place: Item | None) -> list[Mention]:
    """"Djibouti hosts foreign bases, and Chinese troops are stationed there": the adverb "there"
    names the last base or place named before it, in its sentence or the one before (not the
    "there" of "there are")."""
    out = []
    for token in sentence.doc:
        if token.lower_ == "there" and token.dep_ == "advmod":
            place = _last_place(mentions, token.i) or last_place
            if place is not None:
                out.append(Mention(place, token, place, frozenset({token.i})))
    return out


def _there_as_in(path: list[tuple], b: Mention) -> list[tuple] | None:
    """A path ending at "there" read as ending at "in <place>" (``>advmod`` -> ``>prep in >pobj``)."""
    if b.token.lower_ != "there" or not path or path[-1] != ("arc", False, "advmod"):
        return None
    return list(path[:-1]) + [("arc", False, "prep"), ("tok", "in", "ADP"), ("arc", False, "pobj")]


def _heads_up(a: Token) -> tuple[list, dict]:
    """``a`` and its heads up to the root (at most MAX_ARCS + 1 tokens), each one's position by index."""
    up_a = [a]
    while up_a[-1].head.i != up_a[-1].i and len(up_a) <= MAX_ARCS:
        up_a.append(up_a[-1].head)
    return up_a, {t.i: n for n, t in enumerate(up_a)}


def dep_path(a: Token, b: Token, a_span: frozenset[int] = frozenset(),
             b_span: frozenset[int] = frozenset(), up: tuple[list, dict] | None = None) -> list[tuple] | None:
    """The path from ``a`` to ``b``: ("arc", up?, dep) and ("tok", word, pos) elements
    alternating, arcs at both ends; None when the tokens are the same or too far apart.
    Coordination at either end is dropped: "Mali, Libya and Sudan" each stand where Mali does.
    A path leaves a many-word mention from its last token on the way ("the Government of
    National Unity in Tripoli": from "Unity", where "in Tripoli" hangs)."""
    if a.i == b.i:
        return None
    up_a, index = up or _heads_up(a)  # ``up``: _heads_up(a), when the caller walked it already
    down = [b]
    while down[-1].i not in index:
        if down[-1].head.i == down[-1].i or len(down) > MAX_ARCS:
            return None
        down.append(down[-1].head)
    lca = index[down[-1].i]
    nodes = up_a[:lca + 1] + list(reversed(down[:-1]))
    first = 0
    while first + 1 < len(nodes) - 1 and nodes[first + 1].i in a_span:
        first += 1
    last = len(nodes) - 1
    while last - 1 > first and nodes[last - 1].i in b_span:
        last -= 1
    lca -= first
    nodes = nodes[first:last + 1]
    if len(nodes) - 1 > MAX_ARCS or len(nodes) < 2:
        return None
    path: list[tuple] = []
    for n in range(len(nodes) - 1):
        x, y = nodes[n], nodes[n + 1]
        if n < lca:
            path.append(("arc", True, _arc_label(x)))
        else:
            path.append(("arc", False, _arc_label(y)))
        if n + 1 < len(nodes) - 1:
            path.append(("tok", y.lower_, y.pos_))
    if all(e[0] == "tok" or e[2] == "conj" for e in path) and len(path) > 1:
        return None  # two conjuncts of one list
    return list(_normalised(tuple(path)))


OWN_SUBJECT_CONJ = "conj:own-subject"
WHOSE_NAME_RELCL = "relcl:whose-name"  # a relative clause whose subject is a name owned by "whose"


def _arc_label(child: Token) -> str:
    """The arc's dependency label; a verb coordinated with another that has a subject of its own
    ("Moscow shifted its hardware, and the coast has become its foothold") is marked, so that no
    reading gives it the first verb's subject and no rule's ``conj`` step crosses it. A pronoun
    subject ("..., but it signed an accord") is the first subject again and is not marked."""
    if child.dep_ == "conj" and child.pos_ in ("VERB", "AUX") and \
            any(c.dep_ in _SUBJECTS and c.pos_ != "PRON" for c in child.children):
        return OWN_SUBJECT_CONJ
    if child.dep_ == "relcl" and any(c.dep_ in _SUBJECTS and c.pos_ == "PROPN" and
                                     any(w.lower_ == "whose" for w in c.children) for c in child.children):
        return WHOSE_NAME_RELCL  # "Dagalo, whose Rapid Support Forces hold X": the force holds X, not Dagalo
    return child.dep_


@lru_cache(maxsize=50_000)
def _normalised(path: tuple) -> tuple:
    """A path with its subjects and conjuncts read through (remembered: paths recur)."""
    return tuple(_without_conjuncts(_shared_subject(list(path))))


def _free_head(sentence: ParsedSentence, token: Token) -> bool:
    """The word the mention modifies is no part of another mention ("Haftar's Libyan National
    Army": the army is a name of its own, so Haftar does not stand for it), generic personnel
    ("Africa Corps instructors") aside."""
    token = _list_head(token)  # "Iran, Russia and China back ...": the list's head
    other = sentence.mention(token.head)
    return other is None or (other.tag == "EQ" and other.kind == "personnel")  # generic "instructors"


def _matching_rules(rules: RuleSet, path: list[tuple], stand_ins: frozenset[str],
                    object_gap: tuple[bool, bool] = (False, False)) -> list[Rule]:
    """The rules that match the path or one of its readings (:func:`path_readings`), each once,
    in file order of the first reading that matches. With ``object_gap`` (start, end) one end is
    the subject of a relative clause whose object is the noun it hangs on ("the commander whom
    Moscow armed", "a reef that China turned into a base"): :func:`_gap_readings`."""
    key = ("readings", tuple(path), stand_ins, object_gap)  # remembered beside RuleSet.matching's paths
    remembered = rules.matched.get(key)
    if remembered is None:
        remembered = rules.matched[key] = _rules_of_readings(rules, path, stand_ins, object_gap)
    return remembered


def _rules_of_readings(rules: RuleSet, path: list[tuple], stand_ins: frozenset[str], object_gap: bool) -> list[Rule]:
    found: dict[str, Rule] = {}
    readings = path_readings(path, stand_ins, rules.reading_words)
    readings += [g for r in list(readings) for g in _gap_readings(r, object_gap) if g not in readings]
    for reading in readings:
        for rule, _ in rules.matching(reading):
            found.setdefault(rule.id, rule)
    return list(found.values())


_SET_OFF_PREPS = {"in", "inside"}


def _set_off_place(a: Mention, b: Mention) -> list[tuple] | None:
    """A place set off by commas right after a name ("relied on al-Jufra, in central Libya, as its
    hub") belongs to the name, though the parser hangs the preposition on the verb: read as
    ``>prep in >pobj`` from the name."""
    prep = b.token.head
    if b.token.dep_ != "pobj" or prep.lower_ not in _SET_OFF_PREPS or prep.dep_ != "prep":
        return None
    last = max(a.span) if a.span else a.token.i
    doc = prep.doc
    if prep.i != last + 2 or doc[last + 1].text != "," or prep.head.i == a.token.i:
        return None
    return [("arc", False, "prep"), ("tok", prep.lower_, prep.pos_), ("arc", False, "pobj")]


def _apposition_after_of(a: Mention, b: Mention) -> list[tuple] | None:
    """An apposition set off by a comma right after the object of "of" describes that object,
    though the parser hangs it on the noun before "of" ("a jet of the 224th Flight Unit, the
    ministry's house carrier": the unit is the carrier): read from the object as
    ``>appos`` + the path from the apposition to the end."""
    prep = a.token.head
    if a.token.dep_ != "pobj" or prep.lower_ != "of" or prep.dep_ != "prep":
        return None
    last = max(a.span) if a.span else a.token.i
    doc = prep.doc
    if last + 2 >= len(doc) or doc[last + 1].text != ",":
        return None
    appos = next((c for c in prep.head.children if c.dep_ == "appos" and c.left_edge.i == last + 2), None)
    if appos is None or not (appos.left_edge.i <= b.token.i <= appos.right_edge.i) or appos.i in a.span:
        return None
    if b.token.i == appos.i:
        return [("arc", False, "appos")]
    rest = dep_path(appos, b.token, frozenset(), b.span)
    if rest is None or rest[0][:2] != ("arc", False):
        return None
    return [("arc", False, "appos"), ("tok", appos.lower_, appos.pos_)] + list(rest)


def _inverted(path: list[tuple] | None) -> list[tuple] | None:
    """The same path walked from its other end."""
    if path is None:
        return None
    return [("arc", not e[1], e[2]) if e[0] == "arc" else e for e in reversed(path)]


_SPLIT_ARGUMENTS = {"nsubj", "nsubjpass", "dobj", "attr"}


def _split_argument(a: Mention, b: Mention) -> list[tuple] | None:
    """A common noun and the name right after it that the parser made two arguments of one verb in
    the same role ("Argentina's icebreaker X will sail": ``<nsubj sail >nsubj``; "Chile's tug X
    was towed": ``<nsubjpass towed >nsubjpass``) are the apposition they are: read as ``<poss
    icebreaker >appos`` from the noun's owner."""
    noun = a.token.head
    if a.token.dep_ not in _MODIFIERS or noun.i == a.token.i or noun.dep_ not in _SPLIT_ARGUMENTS or noun.pos_ != "NOUN":
        return None
    if b.token.dep_ != noun.dep_ or b.token.head.i != noun.head.i or min(b.span or {b.token.i}) != noun.i + 1:
        return None
    return [("arc", True, a.token.dep_), ("tok", noun.lower_, noun.pos_), ("arc", False, "appos")]


_RELATIVE_OBJECTS = {"which", "that", "whom", "who"}


def _object_gap(start: Token, path: list[tuple]) -> bool:
    """The start is the subject of a relative clause that lacks its object ("whom Moscow has
    armed", "which China has turned into a base"): no object of its own but the relative
    pronoun, and no "where"/"when" (a clause saying what happens in a place)."""
    if len(path) < 3 or path[0] != ("arc", True, "nsubj") or path[2] != ("arc", True, "relcl"):
        return False
    verb = start.head
    if verb.dep_ != "relcl" or verb.pos_ != "VERB":
        return False
    for child in verb.children:
        if child.dep_ == "dobj" and child.lower_ not in _RELATIVE_OBJECTS:
            return False
        if child.dep_ in ("advmod", "prep") and child.lower_ in ("where", "when", "whereby"):
            return False
        if child.dep_ == "prep" and any(c.lower_ in _RELATIVE_OBJECTS for c in child.children):
            return False  # "in which Wagner is active": the gap is the preposition's
    return True


def _end_object_gap(end: Token, path: list[tuple]) -> bool:
    """The end is (or modifies, as "Rwandan" in "the Rwandan state") the subject of a relative
    clause on the start that lacks its object ("the airline that the Rwandan state owns")."""
    if len(path) < 3 or ("arc", False, "relcl") not in path:
        return False
    token = end
    for _ in range(3):
        if token.dep_ == "nsubj" and token.head.dep_ == "relcl":
            return _object_gap(token, [("arc", True, "nsubj"), None, ("arc", True, "relcl")])
        if token.dep_ not in _MODIFIERS or token.head.i == token.i:
            return False
        token = token.head
    return False


_BY = ("tok", "by", "ADP")


def _gap_readings(path: tuple, gaps: tuple[bool, bool]) -> list[tuple]:
    """An object relative clause said the other ways: "the commander whom Moscow armed" as
    "Moscow armed the commander" (``<nsubj V <relcl`` -> ``<nsubj V >dobj``) and as "the
    commander armed by Moscow" (``<pobj by <agent V <acl``); from the noun's side "the airline
    that the state owns" as "the airline owned by the state" (``>relcl V >nsubj`` ->
    ``>acl V >agent by >pobj``), so the passive rules read the active clause too."""
    out = []
    if gaps[0] and len(path) == 3 and path[0] == ("arc", True, "nsubj") and path[2] == ("arc", True, "relcl"):
        out += [path[:2] + (("arc", False, "dobj"),),
                (("arc", True, "pobj"), _BY, ("arc", True, "agent"), path[1], ("arc", True, "acl"))]
    if gaps[1] and len(path) >= 3 and path[-1] == ("arc", False, "nsubj") and path[-3] == ("arc", False, "relcl"):
        out.append(path[:-3] + (("arc", False, "acl"), path[-2], ("arc", False, "agent"), _BY, ("arc", False, "pobj")))
    return out


_MODIFIERS = {"amod", "compound", "poss", "nmod"}
Words = dict[str, frozenset[str]]  # a reading word class (readings.yaml reading_words) -> its words


def path_readings(path: list[tuple], stand_ins: frozenset[str] = frozenset(),
                  words: Words | None = None) -> list[tuple]:
    """The path and the same relation read through words that do not change it, so that one rule
    covers each grammatical variant:

    - a state or group modifying a stand-in noun stands where the noun stands ("Russian
      personnel are stationed at X": ``<amod personnel <nsubjpass stationed`` ->
      ``<nsubjpass stationed``; the nouns are ``stand_in_nouns`` of the rule files);
    - so does a group that a stand-in noun is "loyal to" ("troops loyal to the LNA hold X");
    - a copula is an apposition ("X is the largest US base abroad": ``<nsubj is >attr`` ->
      ``>appos``, as in "X, the largest US base abroad");
    - two appositions of one noun are appositions of each other ("Hafez's son Bashar, a ruler
      backed by Russia": ``<appos son >appos`` -> ``<appos``, as in "Bashar, a ruler ...");
    - a clause on a noun in apposition is a clause on the name ("X, a cargo ship owned by Y":
      ``<pobj by <agent owned <acl ship <appos`` -> ``<pobj by <agent owned <acl``, as in "X,
      owned by Y");
    - a participle the parser made the complement of "is" is a passive ("which is part-owned by
      Y": ``<agent owned <acomp is`` -> ``<agent owned``);
    - a part of a place stands for the place ("used the northern pier of the port of X",
      "parked on the tarmac of X": ``>dobj pier >prep of >pobj`` -> ``>dobj``);
    - a start named in apposition to a common noun stands where the noun stands ("the brigade,
      commanded by his son X": ``<appos son <pobj by`` -> ``<pobj by``, as in "commanded by X");
    - a share of a group stands where the group stands ("800 of its soldiers serve in X",
      "some of the Russian troops": ``<pobj of <prep 800 <nsubj`` -> ``<nsubj``);
    - a shore named by its sea or country stands for it ("a port on Yemen's Red Sea coast":
      ``>prep on >pobj coast >poss`` and ``>compound`` -> ``>prep on >pobj``; guide D9).
    """
    words = load_rules().reading_words if words is None else words  # readings.yaml reading_words
    readings = [path]
    for reading in (_through_stand_ins, _through_loyal_to, _copula_as_apposition, _sibling_appositions, _clause_on_apposition,
                    _through_part_nouns, _participle_after_be, _through_shore_nouns, _name_for_its_noun,
                    _through_quantities, _through_counted_modifiers, _one_of_many, _through_instances):
        for p in list(readings):
            q = reading(p, stand_ins, words)
            if q is not None and q not in readings:
                readings.append(q)
    return [tuple(p) for p in readings]


def _through_loyal_to(path: list[tuple], stand_ins: frozenset[str], words: Words) -> list[tuple] | None:
    """A group stands where the stand-in noun "loyal to" it stands ("Sirte is held by troops
    loyal to the LNA": ``<pobj to <prep loyal <amod troops <pobj by`` -> ``<pobj by``)."""
    p = list(path)
    if len(p) > 7 and p[0] == ("arc", True, "pobj") and p[1][:2] == ("tok", "to") and p[2] == ("arc", True, "prep") \
            and p[3][0] == "tok" and p[3][1] in words["loyal"] and p[4][:2] == ("arc", True) and p[4][2] in ("amod", "acl") \
            and p[5][0] == "tok" and p[5][1] in stand_ins:
        p = p[6:]
    if len(p) > 7 and p[-1] == ("arc", False, "pobj") and p[-2][:2] == ("tok", "to") and p[-3] == ("arc", False, "prep") \
            and p[-4][0] == "tok" and p[-4][1] in words["loyal"] and p[-5][:2] == ("arc", False) and p[-5][2] in ("amod", "acl") \
            and p[-6][0] == "tok" and p[-6][1] in stand_ins:
        p = p[:-6]
    return p if len(p) < len(path) else None


def _through_stand_ins(path: list[tuple], stand_ins: frozenset[str], words: Words) -> list[tuple] | None:
    p = list(path)
    if len(p) > 3 and p[0][:2] == ("arc", True) and p[0][2] in _MODIFIERS and p[1][0] == "tok" and p[1][1] in stand_ins:
        p = p[2:]
    if len(p) > 3 and p[-1][:2] == ("arc", False) and p[-1][2] in _MODIFIERS and p[-2][0] == "tok" \
            and p[-2][1] in stand_ins:
        p = p[:-2]
    return p if len(p) < len(path) else None


def _copula_as_apposition(path: list[tuple], _: frozenset[str], words: Words) -> list[tuple] | None:
    p = list(path)
    if len(p) >= 3 and p[0] == ("arc", True, "nsubj") and p[1][0] == "tok" and p[1][1] in _lex("copulas") and p[2] == ("arc", False, "attr"):
        p = [("arc", False, "appos")] + p[3:]
    if len(p) >= 3 and p[-1] == ("arc", False, "nsubj") and p[-2][0] == "tok" and p[-2][1] in _lex("copulas") and p[-3] == ("arc", True, "attr"):
        p = p[:-3] + [("arc", True, "appos")]
    return p if len(p) < len(path) else None


def _sibling_appositions(path: list[tuple], _: frozenset[str], words: Words) -> list[tuple] | None:
    for n in range(len(path) - 2):
        if path[n] == ("arc", True, "appos") and path[n + 1][0] == "tok" and path[n + 2] == ("arc", False, "appos"):
            return list(path[:n]) + [("arc", True, "appos")] + list(path[n + 3:])
    return None


_CLAUSES_ON_NOUNS = {"acl", "relcl"}


def _participle_after_be(path: list[tuple], _: frozenset[str], words: Words) -> list[tuple] | None:
    for n in range(len(path) - 3):
        if path[n] == ("arc", True, "agent") and path[n + 1][0] == "tok" and path[n + 2] == ("arc", True, "acomp") \
                and path[n + 3][0] == "tok" and path[n + 3][1] in _lex("be"):
            return list(path[:n + 2]) + list(path[n + 4:])
    return None


def _name_for_its_noun(path: list[tuple], _: frozenset[str], words: Words) -> list[tuple] | None:
    if len(path) >= 3 and path[0] == ("arc", True, "appos") and path[1][0] == "tok" and path[1][2] == "NOUN":
        return list(path[2:])
    return None


def _share_or_collection(element: tuple, words: Words) -> bool:
    """"800 of", "most of", "a row of", "a convoy of": the word before "of" counts the thing after it."""
    return element[2] == "NUM" or element[1] in words["share"] or element[1] in words["collective"]


def _through_quantities(path: list[tuple], _: frozenset[str], words: Words) -> list[tuple] | None:
    p = list(path)
    if len(p) >= 5 and p[0] == ("arc", True, "pobj") and p[1][:2] == ("tok", "of") and p[2] == ("arc", True, "prep") \
            and p[3][0] == "tok" and _share_or_collection(p[3], words):
        if len(p) >= 9 and p[4] == ("arc", True, "pobj") and p[5][0] == "tok" and p[5][1] in words["roughly"] \
                and p[6] == ("arc", True, "prep") and _verbal(p[7]):
            p = [("arc", True, "nsubj")] + p[7:]  # "Around 800 of its soldiers serve": the parser made "around" a preposition
        else:
            p = p[4:]
    if len(p) >= 5 and p[-1] == ("arc", False, "pobj") and p[-2][:2] == ("tok", "of") and p[-3] == ("arc", False, "prep") \
            and p[-4][0] == "tok" and _share_or_collection(p[-4], words) and p[-5][0] == "arc":
        p = p[:-4]
    return p if len(p) < len(path) else None


def _counted(elements: list[tuple], words: Words) -> bool:
    """``pobj of prep QUANTITY`` (either direction): "of" after a share or a collection."""
    return elements[0][0] == "arc" and elements[0][2] == "pobj" and elements[1][:2] == ("tok", "of") \
        and elements[2][0] == "arc" and elements[2][2] == "prep" and elements[3][0] == "tok" \
        and _share_or_collection(elements[3], words)


def _one_of_many(path: list[tuple], _: frozenset[str], words: Words) -> list[tuple] | None:
    """"one of the chief suppliers of Y", "several of its bases": a share of a set of things said
    of one thing reads as the thing (``>attr one >prep of >pobj suppliers`` -> ``>attr suppliers``)."""
    for n in range(1, len(path) - 5):
        if path[n][0] == "tok" and _share_or_collection(path[n], words) and path[n + 1] == ("arc", False, "prep") \
                and path[n + 2][:2] == ("tok", "of") and path[n + 3] == ("arc", False, "pobj") and path[n + 4][0] == "tok" \
                and path[n + 4][2] == "NOUN" and path[n - 1][:2] == ("arc", False):
            return list(path[:n]) + list(path[n + 4:])
    return None


def _through_counted_modifiers(path: list[tuple], _: frozenset[str], words: Words) -> list[tuple] | None:
    """A name modifying a counted noun stands as if the count were not there ("a row of Iskander
    launchers stands at X": ``<compound launchers <pobj of <prep row <nsubj`` -> ``<compound
    launchers <nsubj``), as :func:`_through_quantities` reads a bare "800 of its soldiers"."""
    p = list(path)
    if len(p) >= 7 and p[0][:2] == ("arc", True) and p[0][2] in _MODIFIERS and p[1][0] == "tok" and _counted(p[2:6], words):
        p = p[:2] + p[6:]
    if len(p) >= 7 and p[-1][:2] == ("arc", False) and p[-1][2] in _MODIFIERS and p[-2][0] == "tok" \
            and _counted(p[-3:-7:-1], words):
        p = p[:-6] + p[-2:]
    return p if len(p) < len(path) else None


def _through_instances(path: list[tuple], _: frozenset[str], words: Words) -> list[tuple] | None:
    """A name given as an instance of a common noun stands where the noun stands ("supplies militias
    such as the Houthis": ``>dobj militias >prep as >pobj`` -> ``>dobj``; "Russian warships,
    including the frigate X": ``<amod warships >prep including >pobj`` -> ``<amod warships >appos``)."""
    p = list(path)
    if len(p) >= 5 and p[-1] == ("arc", False, "pobj") and p[-2][0] == "tok" and p[-2][1] in words["instance"] \
            and p[-3] == ("arc", False, "prep") and p[-4][0] == "tok" and p[-4][2] == "NOUN":
        p = p[:-4] if p[-5][:2] == ("arc", False) else p[:-3] + [("arc", False, "appos")]
    if len(p) >= 5 and p[0] == ("arc", True, "pobj") and p[1][0] == "tok" and p[1][1] in words["instance"] \
            and p[2] == ("arc", True, "prep") and p[3][0] == "tok" and p[3][2] == "NOUN":
        p = p[4:] if p[4][:2] == ("arc", True) else [("arc", True, "appos")] + p[3:]
    return p if p != list(path) else None


def _through_shore_nouns(path: list[tuple], _: frozenset[str], words: Words) -> list[tuple] | None:
    if len(path) >= 3 and path[-1][:2] == ("arc", False) and path[-1][2] in ("compound", "poss", "amod") \
            and path[-2][0] == "tok" and path[-2][1] in words["shore"] and path[-3] == ("arc", False, "pobj"):
        return list(path[:-2])
    return None


def _through_part_nouns(path: list[tuple], _: frozenset[str], words: Words) -> list[tuple] | None:
    """"the northern pier of the port of X" stands for X; so does an unnamed site at or in X ("keep
    ships at a facility at X", "a repair pier at X": ``>pobj facility >prep at >pobj`` -> ``>pobj``)."""
    p = list(path)
    while len(p) >= 5 and p[-1] == ("arc", False, "pobj") and p[-3] == ("arc", False, "prep") and p[-4][0] == "tok" \
            and _part_or_site(p[-2], p[-4], words) \
            and p[-5][:2] == ("arc", False) and p[-5][2] in ("pobj", "dobj", "nsubj", "nsubjpass", "attr"):
        p = p[:-4]
    return p if len(p) < len(path) else None


def _part_or_site(prep: tuple, noun: tuple, words: Words) -> bool:
    if prep == ("tok", "of", "ADP"):
        return noun[1] in words["part"]
    return prep[:2] in (("tok", "at"), ("tok", "in"), ("tok", "on")) and noun[1] in words["site"]


def _clause_on_apposition(path: list[tuple], _: frozenset[str], words: Words) -> list[tuple] | None:
    p = list(path)
    if len(p) >= 5 and p[-1] == ("arc", True, "appos") and p[-2][0] == "tok" and p[-2][2] in ("NOUN", "PROPN") \
            and p[-3][:2] == ("arc", True) and p[-3][2] in _CLAUSES_ON_NOUNS:
        p = p[:-2]
    if len(p) >= 5 and p[0] == ("arc", False, "appos") and p[1][0] == "tok" and p[1][2] in ("NOUN", "PROPN") \
            and p[2][:2] == ("arc", False) and p[2][2] in _CLAUSES_ON_NOUNS:
        p = p[2:]
    return p if len(p) < len(path) else None


def _without_conjuncts(path: list[tuple]) -> list[tuple]:
    """A later conjunct stands where the first one stands, at the ends of the path and inside
    it ("controls Tobruk and most of eastern Libya": ``>dobj tobruk >conj most`` -> ``>dobj most``)."""
    while len(path) > 2 and path[0] == ("arc", True, "conj"):
        path = path[2:]
    while len(path) > 2 and path[-1] == ("arc", False, "conj"):
        path = path[:-2]
    if len(path) > 4 and path[-1] == ("arc", True, "conj") and path[-3] == ("arc", True, "appos"):
        path = path[:-2]  # "X and Y, two ships of Z": the apposition on the last conjunct describes each
    out: list[tuple] = []
    n = 0
    while n < len(path):
        if path[n][0] == "tok" and n + 1 < len(path) - 1 and path[n + 1] == ("arc", False, "conj"):
            n += 2  # drop "X >conj": Y takes X's place under the arc before it
            continue
        if path[n] == ("arc", True, "conj") and 0 < n and n + 1 < len(path) and path[n + 1][0] == "tok":
            n += 2  # drop "<conj X": Y takes X's place under the arc above X
            continue
        out.append(path[n])
        n += 1
    return out


_SUBJECTS = {"nsubj", "nsubjpass"}
_SHARING = {"conj", "xcomp"}  # verbs that take their subject from the verb above
_GERUND_PREPS = {"after", "before", "by", "while", "since", "without", "through", "despite"}


def _shared_subject(path: list[tuple]) -> list[tuple]:
    path = _subject_of_auxiliary(path)
    return _subject_shared(path)


def _subject_of_auxiliary(path: list[tuple]) -> list[tuple]:
    """A subject the parser hung on an auxiliary ("that it had armed": it <- had <- armed)
    belongs to the verb."""
    if len(path) >= 4 and path[0][:2] == ("arc", True) and path[0][2] in _SUBJECTS and path[1][0] == "tok" \
            and path[1][2] == "AUX" and path[2] in (("arc", True, "aux"), ("arc", True, "auxpass")):
        path = [path[0]] + path[3:]
    if len(path) >= 4 and path[-1][:2] == ("arc", False) and path[-1][2] in _SUBJECTS and path[-2][0] == "tok" \
            and path[-2][2] == "AUX" and path[-3] in (("arc", False, "aux"), ("arc", False, "auxpass")):
        path = path[:-3] + [path[-1]]
    return path


def _subject_shared(path: list[tuple]) -> list[tuple]:
    """"Russia took over the base and keeps ships there", "Russia is expected to keep ships
    there": the subject of a verb is the subject of the verbs coordinated with it and of its
    open complement (``<nsubj took >conj keeps``, ``<nsubjpass expected >xcomp keep`` ->
    ``<nsubj keeps``). The governing verb still decides the modality (:func:`clause_text`)."""
    while len(path) >= 5 and path[0][0] == "arc" and path[0][1] and path[0][2] in _SUBJECTS \
            and path[2][:2] == ("arc", False) and path[2][2] in _SHARING and _verbal(path[1]) and _verbal(path[3]):
        path = [("arc", True, "nsubj")] + path[3:]
    if len(path) >= 7 and path[0][:2] == ("arc", True) and path[0][2] in _SUBJECTS and _verbal(path[1]) \
            and path[2] == ("arc", False, "prep") and path[3][1] in _GERUND_PREPS and path[4] == ("arc", False, "pcomp") \
            and _verbal(path[5]):
        path = [("arc", True, "nsubj")] + path[5:]  # "formed the alliance after expelling X"
    while len(path) >= 5 and path[-1][0] == "arc" and not path[-1][1] and path[-1][2] in _SUBJECTS \
            and path[-3][:2] == ("arc", True) and path[-3][2] in _SHARING and _verbal(path[-2]) and _verbal(path[-4]):
        # "seized and held by Y": a "by" agent keeps the conjuncts passive
        shared = path[-1] if path[-3][2] == "conj" and ("arc", True, "agent") in path else ("arc", False, "nsubj")
        path = path[:-4] + [path[-2], shared]
    return path


def _verbal(element: tuple) -> bool:
    return element[0] == "tok" and element[2] in ("VERB", "AUX", "ADJ")


def describe_path(path: list[tuple]) -> str:
    """The path in the rule language (for --explain and for writing rules)."""
    return " ".join(("<" if e[1] else ">") + e[2] if e[0] == "arc" else e[1] for e in path)


# ----------------------------------------------------------------------------- conditions

def _end_fits(spec: EndSpec, item: Item) -> bool:
    if spec.tags and item.tag not in spec.tags:
        return False
    kind = item.kind
    if spec.kinds and kind not in spec.kinds:
        return False
    return not (spec.not_kinds and kind in spec.not_kinds)


def _fits(rule: Rule, a: Item, b: Item, sentence: ParsedSentence, ma: Mention, mb: Mention) -> bool:
    if not (_end_fits(rule.start, a) and _end_fits(rule.end, b)):
        return False
    return all(CHECKS[name](a, b, sentence, ma, mb) for name in rule.checks)


def _country_of(item: Item) -> str | None:
    if item.country is not None:
        return item.country.name
    if item.entry is not None:
        if item.entry.kind == "country":
            return item.entry.name
        return item.entry.properties.get("country")
    return None


def _home_country(item: Item) -> str | None:
    """The country the gazetteer, or else the packaged geography's country code, puts the place in."""
    return load_gazetteer().home_country(item.entry) if item.entry is not None else None


def _same_country(a: Item, b: Item, *_) -> bool:
    """The end is the country the start lies in (by the gazetteer), or the start's country is
    not known (``the Libyan port of Tobruk`` read for a port missing from the gazetteer), or the
    end is a region or city the gazetteer places in no country ("Nyala, the capital of South
    Darfur": the apposition is all the text says)."""
    known = _home_country(a)
    where = _country_of(b)
    return known is None or known == where or (where is None and b.tag == "PLACE")


def _in_country(a: Item, b: Item, *_) -> bool:
    """The gazetteer places the start in the end country (stricter than same_country)."""
    known = _home_country(a)
    if a.tag == "CAP" and a.country is not None:
        known = a.country.name
    return known is not None and known == _country_of(b)


def _foreign_base(a: Item, b: Item, *_) -> bool:
    """A state operates a base abroad: its own bases are not worth a relation per mention. A firm
    or group the gazetteer gives no country (a port operator, a militia) is never at home."""
    own = _country_of(a)
    where = b.entry.properties.get("country") if b.entry is not None else None
    return b.tag != "BASE" or (own is None and a.tag == "ORG") or (own is not None and where != own)


def _where_clause(a: Item, b: Item, sentence: ParsedSentence, ma: Mention, mb: Mention) -> bool:
    """The clause that hangs on the place opens with "where" ("Djibouti, where French troops are
    stationed"): what it says happens in that place."""
    clause = next((t for t in [ma.token, *ma.token.ancestors] if t.dep_ == "relcl" and t.head.i == mb.token.i), None)
    return clause is not None and any(c.lower_ == "where" for c in clause.children)


def _headquarters_subject(a: Item, b: Item, sentence: ParsedSentence, ma: Mention, mb: Mention) -> bool:
    """The verb that places the end has "headquarters" (or "seat", "HQ") as its subject."""
    verb = mb.token.head.head
    return any(c.dep_ in _SUBJECTS and c.lower_ in _lex("headquarters") for c in verb.children)


def _sanctions_list(a: Item, b: Item, sentence: ParsedSentence, ma: Mention, mb: Mention) -> bool:
    """The verb puts the end on (or adds it to) a sanctions list or blacklist."""
    verb = next((t for t in mb.token.ancestors if t.pos_ == "VERB"), mb.token.head)
    for prep in (c for c in verb.children if c.dep_ in ("prep", "dative") and c.lower_ in ("on", "to", "onto")):
        for obj in (c for c in prep.children if c.dep_ == "pobj"):
            words = {obj.lower_} | {c.lower_ for c in obj.children}
            if obj.lower_ in _lex("blacklists") or words & _lex("sanctions"):
                return True
    return False


def _state_owned(a: Item, b: Item, sentence: ParsedSentence, ma: Mention, mb: Mention) -> bool:
    """The noun the state owns carries "state"/"state-owned" ("Russia's state arms exporter"), or
    its owner is an organ of the state ("a defence ministry's house carrier")."""
    organ = mb.token if mb.token.lower_ in _lex("state_organs") else mb.token.head  # "the (Russian) defence ministry's"
    if organ.lower_ in _lex("state_organs") and organ.dep_ == "poss":
        return True
    noun = mb.token.head  # "exporter", or the company's own name for "Russia's state-owned X"
    return bool({t.lower_ for t in noun.subtree if t.i < noun.i} & _lex("state_owned"))


def _known_foreign_base(a: Item, b: Item, *_) -> bool:
    """A state acting at a base the gazetteer places in another country (a foreign force there)."""
    if a.tag not in ("CTRY", "CAP", "STATE", "ADJ"):
        return False
    own = _country_of(a)
    where = b.entry.properties.get("country") if b.entry is not None else None
    return b.tag == "BASE" and own is not None and where is not None and where != own


def _region_of_country(a: Item, b: Item, *_) -> bool:
    """The end does not put the start in another country (a sea or region of no country passes)."""
    where = _country_of(b)
    return a.entry is not None and (where is None or a.entry.properties.get("country") in (None, where))


def _state_or_formation(a: Item, b: Item, *_) -> bool:
    return a.tag in ("CTRY", "CAP", "STATE", "ADJ") or a.kind in ("armed_forces", "pmc", "armed_group", "government")


def _end_not_place_default(a: Item, b: Item, *_) -> bool:
    """A country acting (Actor) rather than a country used as a place."""
    return not (b.tag in ("CTRY", "CAP") and b.default == "Place" and b.ids.get("Actor") is None)


def _not_former(a: Item, b: Item, sentence: ParsedSentence, ma: Mention, mb: Mention) -> bool:
    """'former Wagner fighters' are not the group."""
    token = ma.token
    words = {t.lower_ for t in token.children} | {t.lower_ for t in token.head.children}
    return "former" not in words and "ex" not in words


def _start_not_pobj(a: Item, b: Item, sentence: ParsedSentence, ma: Mention, mb: Mention) -> bool:
    """The start is not itself the object of a preposition ("took over from Wagner in Mali")."""
    return ma.token.dep_ != "pobj"


def _forces_start(a: Item, b: Item, sentence: ParsedSentence, ma: Mention, mb: Mention) -> bool:
    """The start names forces ("French troops") or heads a force noun ("American troops")."""
    words = {w.lower() for w in a.text.split()} if ma.source is a else set()
    return bool(words & _lex("force_words")) or ma.token.head.lower_ in _lex("force_words") or ma.token.lower_ in _lex("force_words")


def _hull_prefix_state(a: Item, b: Item, *_) -> bool:
    """"JS Osumi", "FGS Hessen": the ship's hull prefix names the navy's state, the start."""
    prefix = b.text.split()[0] if b.text.split() else ""
    state = load_rules().hull_prefixes.get(prefix)
    return state is not None and _country_of(a) == state and a.tag in ("CTRY", "CAP", "STATE", "ADJ")


def _place_end(a: Item, b: Item, *_) -> bool:
    """The end country stands as a place in the sentence (not a state acting)."""
    return b.default == "Place" or "Actor" not in b.ids or b.tag == "CTRY"


def _not_in_name(a: Item, b: Item, sentence: ParsedSentence, ma: Mention, mb: Mention) -> bool:
    """Neither end lies inside the other's phrase ("Port Sudan" holds no Sudan)."""
    return not (ma.span & mb.span) and ma.source.text.lower() not in mb.source.text.lower() \
        and mb.source.text.lower() not in ma.source.text.lower()


def _end_outside_start_name(a: Item, b: Item, sentence: ParsedSentence, ma: Mention, mb: Mention) -> bool:
    """The end is no word of the start's full name, though the text used a short form ("NSATU"
    for "Security Assistance and Training for Ukraine" holds no Ukraine)."""
    name = a.entry.name.lower() if a.entry is not None else ma.source.text.lower()
    return re.search(rf"\b{re.escape(mb.source.text.lower())}\b", name) is None


def _ties_between(a: Item, b: Item, sentence: ParsedSentence, ma: Mention, mb: Mention) -> bool:
    """"relations between Iran and Sudan": the two conjuncts are the parties of a ties noun."""
    prep = ma.token.head
    return ma.token.dep_ == "pobj" and prep.lower_ == "between" and prep.head.lower_ in _lex("ties")


def _territory_object(a: Item, b: Item, sentence: ParsedSentence, ma: Mention, mb: Mention) -> bool:
    """The verb that governs "in Y" holds a stretch of land ("holds much of the countryside in Y"),
    not talks or prisoners."""
    verb = mb.token.head.head
    return any(c.dep_ == "dobj" and c.lower_ in _lex("territory") for c in verb.children)


def _force_object(a: Item, b: Item, sentence: ParsedSentence, ma: Mention, mb: Mention) -> bool:
    """The verb that governs "in Y" keeps forces there ("maintains 1,500 troops in Djibouti")."""
    above = mb.token.head.head  # the word "in Y" hangs from: the verb, or its object "troops"
    if above.dep_ == "dobj" and above.lower_ in _lex("force_words"):
        return True
    return any(c.dep_ == "dobj" and c.lower_ in _lex("force_words") for c in above.children)


def _list_head(token: Token) -> Token:
    """The first item of the list the word is in ("Iran, Russia and China": Iran), or the word."""
    while token.dep_ == "conj" and token.head.i != token.i:
        token = token.head
    return token


def _start_verb_object(ma: Mention, words: str) -> bool:
    """The verb of the start (or of the list it is in) has an object of the lexicon class."""
    return any(c.dep_ == "dobj" and c.lower_ in _lex(words) for c in _list_head(ma.token).head.children)


def _base_object(a: Item, b: Item, sentence: ParsedSentence, ma: Mention, mb: Mention) -> bool:
    """The start's verb has a base as its object ("where BATUK has its base", "keeps a camp")."""
    return _start_verb_object(ma, "base_words")


def _start_verb_forces(a: Item, b: Item, sentence: ParsedSentence, ma: Mention, mb: Mention) -> bool:
    """The start's verb has forces as its object ("Chad (and Niger) contribute troops to X")."""
    return _start_verb_object(ma, "force_words")


def _ordered_out(a: Item, b: Item, sentence: ParsedSentence, ma: Mention, mb: Mention) -> bool:
    """The order sends the forces away ("ordered French troops to leave / out of the country")."""
    verb = mb.token.head
    if verb.pos_ != "VERB" and verb.lower_ in _lex("force_words"):  # "ordered French personnel to leave"
        nouns = [verb]
        verb = verb.head
    else:
        nouns = []
    return _forces_start(b, a, sentence, mb, ma) and any(
        c.lower_ in _lex("out_words") and c.dep_ in ("xcomp", "prep", "prt", "advmod", "ccomp", "acl", "relcl")
        for n in [verb, *nouns] for c in n.children)


def _head_of_state_title(a: Item, b: Item, sentence: ParsedSentence, ma: Mention, mb: Mention) -> bool:
    """"Egypt's President Sisi": the person's own title word names the head of the state."""
    titles = [c for c in ma.token.children if c.dep_ == "compound" and c.i not in ma.span]
    words = {t.lower_ for c in titles for t in c.subtree}
    return bool(words & _lex("head_titles")) and not words & _lex("lesser_titles")


def _ties_pair(a: Item, b: Item, sentence: ParsedSentence, ma: Mention, mb: Mention) -> bool:
    """"Algerian-Russian cooperation": the two states are written as one hyphenated word before
    a ties noun (or a programme/pact "of cooperation")."""
    first, second = sorted((ma.token, mb.token), key=lambda t: t.i)
    if second.i != first.i + 2 or sentence.doc[first.i + 1].text not in ("-", "–"):
        return False
    noun = second.head
    while noun.dep_ in ("amod", "compound") and noun.head.i != noun.i and noun.lower_ not in _lex("pair_ties"):
        noun = noun.head
    if noun.lower_ in _lex("ties"):
        return True
    return noun.lower_ in _lex("pair_ties") and any(
        c.dep_ == "prep" and c.lower_ == "of" and any(g.lower_ in _lex("ties") for g in c.children) for c in noun.children) \
        or noun.lower_ in _lex("pacts")


def _pair_seals_ties(a: Item, b: Item, sentence: ParsedSentence, ma: Mention, mb: Mention) -> bool:
    """Two coordinated subjects of a verb that seals ties ("A and B signed a defence pact",
    "A and B agreed to deepen cooperation"); a deal about something else ("a prisoner exchange
    deal") is no alliance."""
    first, second = sorted((ma.token, mb.token), key=lambda t: t.i)
    if first.dep_ not in _SUBJECTS or second.dep_ != "conj" or second.head.i != first.i:
        return False
    return _seals_ties(first.head)


def _described_pair_seals_ties(a: Item, b: Item, sentence: ParsedSentence, ma: Mention, mb: Mention) -> bool:
    """"The two governments signed a defence pact": the two states of one described pair, the
    phrase the subject of a verb that seals ties."""
    return ma.names == _PAIRED and mb.names == _PAIRED and ma.token.head.i == mb.token.i and \
        mb.token.dep_ in _SUBJECTS and _seals_ties(mb.token.head)


def _seals_ties(verb: Token) -> bool:
    """The clause of ``verb`` seals ties: it names them as its subjects' own, or the verb (or one it
    governs) seals an object that is, or is qualified by, a word of ties ("a memorandum on
    defence cooperation", "a cooperation agreement")."""
    if _their_ties(verb):
        return True
    verbs = [verb] + [c for c in verb.children if c.dep_ == "xcomp"]
    for v in verbs:
        if v.lower_ not in _lex("seal_verbs"):
            continue
        for obj in (c for c in v.children if c.dep_ == "dobj"):
            words = {obj.lower_} | {c.lower_ for c in obj.children if c.dep_ in ("compound", "amod")} | \
                {g.lower_ for p in obj.children if p.dep_ == "prep" and p.lower_ in ("on", "for")
                 for o in p.children if o.dep_ == "pobj" for g in (o, *(c for c in o.children if c.dep_ == "compound"))}
            if words & _lex("ties_objects"):
                return True
    return False


def _their_ties(verb: Token) -> bool:
    """The clause of two coordinated subjects names ties as theirs ("A and B call it help under
    their defence treaty", "A and B praised their partnership"): the pair is allied."""
    for token in verb.subtree:
        if token.lower_ in _lex("ties_objects") and any(c.dep_ == "poss" and c.lower_ == "their" for c in token.children):
            return not any(t.lower_ in _lex("break_verbs") for t in [token, *token.ancestors])
    return False


def _in_follows_start(a: Item, b: Item, sentence: ParsedSentence, ma: Mention, mb: Mention) -> bool:
    """"shipped to Visby in Gotland", "called at Naha, on Okinawa": the preposition of the end
    comes right after the start (a comma between allowed), so it says where the start lies even
    when the parser hung it on the verb; "Kidal, in the north of Mali": the preposition of the part."""
    prep = mb.token.head
    if prep.lower_ == "of" and prep.head.dep_ == "pobj":
        prep = prep.head.head
    if prep.head.lower_ in _lex("lie_verbs"):  # "X lies in A, on the Gulf": both say where X lies
        return False
    last = max(ma.span) if ma.span else ma.token.i
    between = [t for t in sentence.doc[last + 1:prep.i]]
    return prep.i > last and all(t.text == "," for t in between) and len(between) <= 1


def _in_right_after(a: Item, b: Item, sentence: ParsedSentence, ma: Mention, mb: Mention) -> bool:
    """"stops at Souda Bay and Al Udeid Air Base in Qatar": the end is the object of "in" or
    "on" right after the start, wherever the parser hung that preposition (read without a path)."""
    if ma.coref_only or mb.coref_only or ma.source.coref or mb.source.coref or mb.token.dep_ != "pobj":
        return False
    return mb.token.head.lower_ in ("in", "on", "inside") and _in_follows_start(a, b, sentence, ma, mb)


def _within_a_country(a: Item, b: Item, *_) -> bool:
    """The start is not a region the gazetteer knows to lie in no single country ("the Sahel")."""
    if a.entry is None or a.entry.properties.get("country"):
        return True
    return load_gazetteer().lookup("Place", a.entry.name) is None


def _lesser_title(a: Item, b: Item, sentence: ParsedSentence, ma: Mention, mb: Mention) -> bool:
    """The person's title is a deputy's or a former one ("Vice President X", "X, the deputy
    head of Y"): a member of the body, not its leader."""
    person = ma.token
    titles = [c for c in person.children if c.dep_ in ("compound", "appos") and c.i not in ma.span]
    if person.dep_ == "appos" or (person.dep_ == "compound" and person.head.i not in ma.span):
        titles.append(person.head)
    titles += [a for c in person.children if c.dep_ == "relcl" for a in c.children if a.dep_ == "attr"]  # "who is deputy head of"
    words = {t.lower_ for c in titles for t in (c.subtree if c.dep_ == "compound" else c.children)} | \
        {c.lower_ for c in titles}
    return bool(words & _lex("lesser_titles"))


def _vessel_noun_between(a: Item, b: Item, sentence: ParsedSentence, ma: Mention, mb: Mention) -> bool:
    """Between the state's word and the ship's name stand only ship words ("Russian navy
    landing ship", "Chinese frigate"), the last of them a ship's noun."""
    if ma.coref_only or mb.coref_only or not ma.span or not mb.span or (ma.source.coref and a.tag != "STATE"):
        return False  # (a description may stand for the state: "the navy patrol boat X")
    between = sentence.doc[max(ma.span) + 1:min(mb.span)]
    words = [t.lower_ for t in between]
    return 0 < len(words) <= 5 and words[-1] in _lex("vessel_nouns") and all(w in _lex("ship_words") for w in words)


def _not_owned_base(a: Item, b: Item, sentence: ParsedSentence, ma: Mention, mb: Mention) -> bool:
    """"Russia's 201st Military Base in Tajikistan": a base the sentence places in another country
    is the possessor's own base abroad, not a place inside the possessor's country."""
    if a.tag != "BASE":
        return True
    for prep in (c for c in ma.token.children if c.dep_ == "prep" and c.lower_ in ("in", "at")):
        for obj in (c for c in prep.children if c.dep_ == "pobj"):
            where = sentence.mention(obj)
            if where is not None and where.tag == "CTRY" and where.ids.get("Place") != b.ids.get("Place"):
                return False
    return True


def _force_head(a: Item, b: Item, sentence: ParsedSentence, ma: Mention, mb: Mention) -> bool:
    """The start mention is a state's or group's forces named as one phrase, its head the force
    noun ("French troops", "Wagner fighters"), so it stands where the noun stands."""
    return not ma.coref_only and ma.token.lower_ in _lex("force_words") and ma.token.i in ma.span


def _part_led(a: Item, b: Item, sentence: ParsedSentence, ma: Mention, mb: Mention) -> bool:
    """The end owns the noun led, and a modifier makes that noun a branch of it ("the LNA's
    ground forces", "Russia's naval units")."""
    noun = mb.token.head
    return mb.token.dep_ == "poss" and noun.lower_ in _lex("part_of_force") and \
        any(c.dep_ in ("amod", "compound") and c.i not in mb.span for c in noun.children)


def _clause_shares_subject(a: Item, b: Item, sentence: ParsedSentence, ma: Mention, mb: Mention) -> bool:
    """An adverbial clause on the path has no subject of its own ("Russia sent troops to back
    X"), so the start is its subject; "Wagner operated in Mali since the army expelled Y" is the
    army's act, not Wagner's."""
    for token in [mb.token, *mb.token.ancestors]:
        if token.i == ma.token.head.i:
            break
        if token.dep_ == "advcl" and any(c.dep_ in _SUBJECTS for c in token.children):
            return False
    return True


def _hyphen_backed_before(a: Item, b: Item, sentence: ParsedSentence, ma: Mention, mb: Mention) -> bool:
    """The words between the two names are "-backed" (a hyphen and a backing participle), with
    at most a descriptive word after it ("Moscow-backed militia leader X" aside)."""
    if ma.coref_only or mb.coref_only or not ma.span or not mb.span:
        return False
    between = sentence.doc[max(ma.span) + 1:min(mb.span)]
    words = [t.lower_ for t in between]
    return len(words) == 2 and words[0] in ("-", "–") and words[1] in _lex("hyphen_backed") \
        and between[1].head.i != mb.token.i  # the parse read it right: hyphen.backed has it


def _capital_abroad(a: Item, b: Item, *_) -> bool:
    """A capital standing for its state owns a base abroad ("Moscow's facility in Tartus"); a
    city's own airport ("Mogadishu's airport") is where it lies, not what the state runs."""
    if a.tag != "CAP":
        return True
    where = b.entry.properties.get("country") if b.entry is not None else None
    return where is not None and where != _country_of(a)


def _country_named_as_place(a: Item, b: Item, sentence: ParsedSentence, ma: Mention, mb: Mention) -> bool:
    """The base is named (not a "the base" standing for it) and the country is a place in the
    sentence, not a state acting ("Syria's authorities", "Algeria said"), nor a digest's
    capitalised heading ("LIBYA: two Il-76s flew ...")."""
    if ma.source.coref or b.possessor or mb.token.dep_ in ("nsubj", "nsubjpass", "poss"):
        return False
    return not (mb.source.text.isupper() and len(mb.source.text) > 3)


def _end_not_stray_conjunct(a: Item, b: Item, sentence: ParsedSentence, ma: Mention, mb: Mention) -> bool:
    """The end is not the last of a list headed by a common noun ("armed groups in Iraq and
    Russia received ...", where the parser joined Russia to "groups"): it would stand for the noun."""
    token = mb.token
    while token.dep_ == "conj" and token.head.i != token.i:
        token = token.head
        if sentence.mention(token) is None and token.pos_ == "NOUN":
            return False
    return True


CHECKS: dict[str, Callable[..., bool]] = {
    "end_not_stray_conjunct": _end_not_stray_conjunct,
    "same_country": _same_country, "in_country": _in_country, "foreign_base": _foreign_base,
    "region_of_country": _region_of_country, "state_or_formation": _state_or_formation,
    "end_not_place_default": _end_not_place_default, "not_former": _not_former, "start_not_pobj": _start_not_pobj,
    "forces_start": _forces_start, "hull_prefix_state": _hull_prefix_state, "place_end": _place_end,
    "not_in_name": _not_in_name, "end_outside_start_name": _end_outside_start_name, "ties_between": _ties_between, "territory_object": _territory_object,
    "force_object": _force_object, "base_object": _base_object, "start_verb_forces": _start_verb_forces, "ordered_out": _ordered_out,
    "head_of_state_title": _head_of_state_title, "in_follows_start": _in_follows_start,
    "within_a_country": _within_a_country, "ties_pair": _ties_pair,
    "known_foreign_base": _known_foreign_base, "where_clause": _where_clause,
    "headquarters_subject": _headquarters_subject, "sanctions_list": _sanctions_list, "pair_seals_ties": _pair_seals_ties,
    "described_pair_seals_ties": _described_pair_seals_ties,
    "lesser_title": _lesser_title, "vessel_noun_between": _vessel_noun_between,
    "country_named_as_place": _country_named_as_place, "capital_abroad": _capital_abroad,
    "not_owned_base": _not_owned_base, "force_head": _force_head, "clause_shares_subject": _clause_shares_subject,
    "hyphen_backed_before": _hyphen_backed_before,
    "part_led": _part_led, "not_part_led": lambda *x: not _part_led(*x), "not_lesser_title": lambda *x: not _lesser_title(*x),
    "state_owned": _state_owned, "not_state_owned": lambda *x: not _state_owned(*x),
    "not_foreign_base": lambda a, b, *_: not _known_foreign_base(a, b),
    "list_owner": lambda a, b, sentence, ma, mb: ma.coref_only and ma.names == _LISTED,
    "not_taken_from": lambda a, b, sentence, ma, mb: not (ma.token.dep_ == "pobj" and ma.token.head.lower_ == "from"), "vessel_coref": lambda a, b, sentence, ma, mb: ma.coref_only and ma.names == mb.token.i,
    "state_in_name": lambda a, b, sentence, ma, mb: mb.coref_only and mb.names == ma.token.i and not ma.coref_only,
    "in_right_after": _in_right_after,
    "leader_of_named_state": lambda a, b, sentence, ma, mb: mb.coref_only and mb.names == ma.token.i and not ma.coref_only,
}


# ----------------------------------------------------------------------------- modality

def _lca(a: Token, b: Token) -> Token:
    ancestors = {a.i} | {t.i for t in a.ancestors}
    for t in [b, *b.ancestors]:
        if t.i in ancestors:
            return t
    return a.doc[a.i].sent.root


def _clause_head(a: Token, b: Token) -> Token:
    """The verb whose clause states the relation: above both ends, or, when they meet at a noun,
    the clause on that noun that holds the other end ("the navy, which has kept a team at X,
    plans a visit": "kept", not "plans")."""
    head = _lca(a, b)
    if head.pos_ not in ("VERB", "AUX"):
        for end in (a, b):
            below = [t for t in [end, *end.ancestors] if t.i != head.i and head.i in {x.i for x in t.ancestors}]
            clause = next((t for t in reversed(below) if t.dep_ in ("relcl", "acl") and t.pos_ in ("VERB", "AUX")), None)
            if clause is not None:
                return clause
    while head.pos_ not in ("VERB", "AUX") and head.head.i != head.i:
        head = head.head
    return head


def _intended(a: Token, b: Token) -> bool:
    """"Moscow hopes to secure a foothold on the Red Sea": an aim, not a standing relation (the
    gold sets hold no planned static relation)."""
    on_path = {t.i for t in (a, b)} | {t.i for t in a.ancestors} | {t.i for t in b.ancestors}
    for i in on_path:
        token = a.doc[i]
        if token.lower_ in _lex("intent") and any(c.dep_ == "xcomp" and c.i in on_path for c in token.children):
            return True
    node = _clause_head(a, b)
    while node.dep_ == "xcomp" and node.head.i != node.i:
        node = node.head
        if node.lower_ in _lex("intent"):
            return True
    return False


def _negated(a: Token, b: Token) -> bool:
    """"Pakistan did not back X": a negated verb on the path between the two mentions states no
    relation. A negation elsewhere does not count: "the LNA, which controls the base, did not
    respond"; "the junta has not commented, but it signed an accord with Russia"."""
    top = _lca(a, b)
    below_top: list[Token] = []
    joins_by_conj = False
    for end in (a, b):
        node = end
        while node.i != top.i and node.head.i != node.i:
            below_top.append(node)
            if node.dep_ == "conj" and node.head.i == top.i:
                joins_by_conj = True
            node = node.head
    verbs = [t for t in below_top if t.pos_ in ("VERB", "AUX")] + ([] if joins_by_conj else [top])
    return any(t.pos_ in ("VERB", "AUX") and any(c.dep_ == "neg" for c in t.children) for t in verbs)


def _description(a: Token, b: Token) -> bool:
    """The relation is read inside a noun's modifier, a participle without auxiliaries ("al-Jufra,
    a base held by the LNA"): the article's own description, even in a credited sentence (guide 8)."""
    top = _lca(a, b)
    for end in (a, b):
        node = end
        while node.i != top.i and node.head.i != node.i:
            if node.dep_ == "acl" and node.tag_ in ("VBN", "VBG") and \
                    not any(c.dep_ in ("aux", "auxpass") for c in node.children):
                return True
            if node.dep_ == "relcl" and node.head.pos_ in ("NOUN", "PROPN") and any(
                    c.dep_ in ("nsubj", "nsubjpass") and c.lower_ in ("which", "who", "that") for c in node.children) \
                    and not modality.hedge(" ".join(t.lower_ for t in node.subtree)):
                return True  # "the Boeing, which is operated by X, landed, a source said": a description
            node = node.head
    return False


def reported_by_parse(a: Token, b: Token) -> bool:
    """The clause is what someone said: a reporting verb governs it ("officials said Russia
    keeps...", "Russia keeps..., officials said") or it carries "according to"."""
    head = _clause_head(a, b)
    node = head
    while True:
        if any(c.dep_ == "parataxis" and c.lower_ in _lex("reporting") for c in node.children):
            return True
        if any(c.dep_ == "prep" and c.lower_ == "according" for c in node.children):
            return True
        if node.dep_ not in ("ccomp", "xcomp", "conj", "advcl") or node.head.i == node.i:
            return False
        node = node.head
        if node.lower_ in _lex("reporting") and any(c.dep_ in _SUBJECTS for c in node.children):
            return True


def clause_text(a: Token, b: Token) -> str:
    """The words that decide the modality of a relation between ``a`` and ``b``: the clause
    of the verb that governs both (without the clauses coordinated with it or hanging off
    it: "and it wants...", "if ...", "which ...") and the qualifiers of the verbs above it
    ("plans to", "is said to", "likely")."""
    head = _clause_head(a, b)
    on_path = {t.i for t in (a, b)} | {t.i for t in a.ancestors} | {t.i for t in b.ancestors}
    words: list[Token] = []
    stack = [head]
    while stack:
        token = stack.pop()
        words.append(token)
        stack.extend(c for c in token.children if c.i in on_path or c.dep_ not in _OWN_CLAUSES)
    node = head
    while node.dep_ in _GOVERNING and node.head.i != node.i:
        node = node.head
        words.append(node)
        words.extend(c for c in node.children if c.dep_ in _QUALIFIERS)
    words.sort(key=lambda t: t.i)
    return " ".join(t.lower_ for t in words)


def _relation(rule: Rule, start: str, end: str, sentence: ParsedSentence, a: Token, b: Token,
              attribution: tuple[bool, list[str]], an: DocAnalysis) -> Relation:
    view = sentence.view
    if rule.modality == "confirmed" or rule.type == "LOCATED_IN" or _description(a, b):
        mod, names = "confirmed", []
    else:
        reported, sources = attribution
        # what satellite imagery or tracking data show is the article's own finding (guide §8)
        observed = bool(sources) and all(s in an.specs and an.specs[s].kind == "data" for s in sources)
        reported = reported or reported_by_parse(a, b)
        mod = modality.decide(clause_text(a, b), reported and not observed)
        names = [an.specs[s].name for s in sources if s in an.specs] if reported else []
    props = {"role": rule.role} if rule.role else {}
    return Relation(type=rule.type, start=start, end=end, modality=mod, confidence=modality.CONFIDENCE[mod],
                    evidence=view.text, attributed_to=names, properties=props,
                    span=Span(view.start, view.end) if view.start is not None else None, rules=[rule.id])
