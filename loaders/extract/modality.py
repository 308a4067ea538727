"""Modality and attribution of a proposition, from cue words in its sentence and clause.

- ``reported``: the sentence credits a Source ("X told WSJ", "HUR said", "according to US
  officials", "the agency noted" -> the last source named) or says "reportedly";
- ``possible``: a hedge in the clause ("likely", "unclear whether", "suspicion");
- ``planned``: an intention or schedule in the clause ("plans", "scheduled", "expected to",
  "considering", "offered", "want");
- ``denied``: a denial in the clause;
- ``confirmed``: otherwise (the article's own voice).

:func:`clause_modality` reads the same from the dependency parse for one trigger: only the
clause that governs it counts (a hedge in another clause does not), a reporting verb above it
makes it ``reported`` unless what speaks is data ("satellite images show" stays confirmed),
and a negation that is no denial tells no fact.

A hedge or a plan beats attribution (the attribution is kept in ``attributed_to``). A hedge
that qualifies one filler ("likely ammunition", ", presumably removed from Syria,") does not
count. A coordinated clause with its own subject keeps its own modality; a plan noun above the
trigger ("the idea of ...") plans it, a clause of time under a future one is planned, a trip sent
to do something is planned (guide D8); the circumstance of a telling ("told reporters after
meeting X") and a clause before a semicolon are not what is told. Beyond one clause:
:func:`interview_answers` (a question-and-answer report's answers are reported) and
:func:`body_reading_wins` (a headline-only event merged with the body takes the body's
modality). Cue lists: ``loaders/data/patterns.yaml``.
"""

from __future__ import annotations

import re
from functools import lru_cache

from typing import TYPE_CHECKING

from milgraph.loaders.gazetteer import _read_yaml

if TYPE_CHECKING:
    from spacy.tokens import Token

    from milgraph.loaders.extract.mentions import DocAnalysis
    from milgraph.loaders.extract.parsed import ParsedSentence


def _alt(words: list[str]) -> str:
    return "|".join(sorted((w.replace(" ", r"\s+") for w in words), key=len, reverse=True))


@lru_cache(maxsize=1)
def _cues() -> dict[str, re.Pattern]:
    d = _read_yaml("patterns.yaml") or {}
    return {
        "attrib": re.compile(r"\b(?:" + _alt(d.get("attribution_verbs", [])) + r")\b"),
        "reported": re.compile(r"\b(?:" + _alt(d.get("reported_cues", [])) + r")\b"),
        "possible": re.compile(r"\b(?:" + _alt(d.get("possible_cues", [])) + r")\b"),
        "planned": re.compile(r"\b(?:" + _alt(d.get("planned_cues", [])) + r")\b"),
        "denied": re.compile(r"\b(?:" + _alt(d.get("denied_cues", [])) + r")\b"),
        "negation": re.compile(r"\b(?:" + _alt(d.get("negation_cues", [])) + r")\b"),
        "filler_hedge": re.compile(d.get("filler_hedge_pattern", r"(?!x)x")),
        "unnamed": re.compile(r"\b(?:(?:according to|told by)\s+(?:the\s+|a\s+|two\s+|several\s+)?(?:[a-z-]+\s+){0,2}(?:"
                              + _alt(d.get("unnamed_source_nouns", [])) + r")\b|(?:"
                              + _alt(d.get("unnamed_source_nouns", [])) + r")\b(?:\s+[^,.;]{0,60}?)?,?\s+(?:"
                              + _alt(d.get("unnamed_source_verbs", [])) + r")\b)"),
        "anaphora": re.compile(r"\b(?:the agency|these officials|those officials|the officials|officials said|the report|the newspaper|the journal|the outlet|the ministry said|the same sources?|the analysts?|the think tank|the broadcaster|it reported)\b"),
    }


_MONTH_MAY = re.compile(r"\b(?:(?:in|on|early|late|mid|since|until|till|by|from|through|last|next|this|between|of|and|or)\s+(?:-\s*)?may\b|\d{1,2}(?:st|nd|rd|th)?\s+may\b|may\s+\d{1,4}\b|may-)")


@lru_cache(maxsize=4096)
def hedge(text: str) -> str | None:
    """'possible', 'planned', 'denied' or None for a (tagged, folded) clause (cached: the
    relation and event rules ask about the same clause many times)."""
    c = _cues()
    clean = c["filler_hedge"].sub(" ", text)
    if "may" in clean:  # the month is no hedge ("in May", "on 3 May", "May 2025")
        clean = _MONTH_MAY.sub(" ", clean)
    if c["possible"].search(clean):
        return "possible"
    if c["planned"].search(clean):
        return "planned"
    if c["denied"].search(clean) and not c["negation"].search(clean):
        return "denied"
    return None


def is_negated(text: str) -> bool:
    return bool(_cues()["negation"].search(text))


def attribution(tagged: str, source_ids: list[str], last_sources: list[str]) -> tuple[bool, list[str]]:
    """(reported?, source ids credited) for one tagged sentence."""
    c = _cues()
    if source_ids and c["attrib"].search(tagged):
        return True, source_ids
    if source_ids and re.search(r"«\d+:SRC»\s*\)?\s*$", tagged.rstrip(".")):
        return True, source_ids
    if c["anaphora"].search(tagged) and last_sources:
        return True, list(last_sources)
    if c["reported"].search(tagged):
        return True, source_ids
    if c["unnamed"].search(tagged):  # "residents say", "sources close to the junta said": no Source entity
        return True, []
    if _CLOSING_CREDIT.search(tagged):  # "..., a customs official there said.": however the parser hangs it
        return True, []
    return False, []


# a sentence that closes on its teller ("..., two port agents said.", "..., a customs official there
# told us."): the whole sentence is credited, whatever the teller is called; not a pronoun's ("..., he
# said": whoever he is was named before, and may be the party itself)
_CLOSING_CREDIT = re.compile(r",\s*(?!(?:he|she|they|it|we|i|who|which|that|as)\b)[^,;«»]{2,60}?\s+"
                             r"(?:said|says|say|told\s+[^,;]{1,30}?|reported|added|adds)\s*(?:on\s+\w+\s*)?[.!]?[\"\u201d']?\s*$")


def decide(clause: str, reported: bool) -> str:
    h = hedge(clause)
    if h:
        return h
    return "reported" if reported else "confirmed"


CONFIDENCE = {"confirmed": 0.9, "reported": 0.75, "planned": 0.6, "possible": 0.5, "denied": 0.3}


# ------------------------------------------------------------------------------ from the parse
# The clause that governs a fact: the trigger, the heads above it and their auxiliaries,
# negations, adverbs and markers (spaCy tokens, from milgraph.loaders.extract.parsed).

_MODAL_DEPS = frozenset({"aux", "auxpass", "neg", "advmod", "acomp", "mark", "prt", "npadvmod"})
_BOUNDARIES = frozenset({"advcl", "relcl", "acl", "appos", "parataxis"})
_REPORTING = frozenset({"reckon", "reckons", "believe", "believes", "assess", "assessed", "assesses", "estimate",
                        "estimated", "estimates", "say", "said", "says", "tell", "told", "tells", "report", "reported", "reports", "claim",
                        "claimed", "claims", "announce", "announced", "announces", "state", "stated", "states",
                        "allege", "alleged", "alleges", "write", "wrote", "writes", "add", "added", "adds", "note",
                        "noted", "notes", "insist", "insisted", "insists", "quoted", "cited", "citing", "indicate",
                        "indicated", "indicates", "describe", "described", "describes", "saying", "claiming", "alleging",
                        "stating"})
# verbs of belief: what they govern is someone's reading, a hedge (guide 8: "believed to be")
_EPISTEMIC = frozenset({"believe", "believes", "believed", "think", "thinks", "thought", "suspect", "suspects",
                        "suspected", "assess", "assesses", "assessed", "judge", "judges", "judged", "reckon", "reckons",
                        "reckoned", "presume", "presumes", "presumed", "suppose", "supposes", "supposed"})
_FIRST_PERSON = frozenset({"we", "i"})
_BELIEF = frozenset({"believe", "believes", "believed", "think", "thinks", "thought", "suspect", "suspects", "suspected"})


def _believer(verb: Token, ps: ParsedSentence | None) -> bool:
    """The verb of belief has someone as its subject: the writer ("we assess", "I think": any such
    verb) or a named person or source ("Seitkali believes": believe, think, suspect; others'
    "reckon" or "assess" stay what they are told as)."""
    if verb.pos_ not in ("VERB", "AUX"):
        return False
    subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subj is None:
        return False
    if subj.lower_ in _FIRST_PERSON:
        return True
    if verb.lower_ not in _BELIEF:
        return False
    if subj.lower_ in ("he", "she", "they"):
        return True
    m = ps.mention(subj) if ps is not None else None
    return m is not None and m.tag in ("PER", "SRC")


_CLAIM_NOUNS = frozenset({"reports", "report", "claims", "claim", "allegations", "accounts"})
REPORTING = _REPORTING
_REPORTED_ADVERBS = frozenset({"reportedly", "allegedly", "purportedly"})
_SEEMING = frozenset({"looked", "looks", "seemed", "seems", "appeared", "apparent", "expected", "anticipated",
                      "suspected", "presumed", "alleged", "purported", "possible", "likely", "probable"})
_SHOWING = frozenset({"show", "shows", "showed", "shown", "reveal", "reveals", "revealed"})
# verbs that offer a reading of evidence rather than state it
_SUGGESTING = frozenset({"suggest", "suggests", "suggested", "suggesting", "hint", "hints", "hinted", "imply",
                         "implies", "implied"})
_DATA_WORDS = frozenset({"images", "imagery", "image", "data", "photos", "photographs", "photo", "footage", "pictures",
                         "tracking", "flightradar24", "tracker", "trackers", "videos", "video", "radar", "ais"})


def _governing(tok: Token) -> list[Token]:
    """The trigger, the heads above it up to the first adverbial or relative clause boundary
    ("pulls out" in "will remain once Wagner pulls out" keeps its own modality), and their
    auxiliaries, negations, adverbs and markers."""
    chain = [tok]
    h = tok
    while not _boundary(h) and not _own_clause(h) and h.head.i != h.i and not _after_a_semicolon(h):
        h = h.head
        chain.append(h)
    seen = {t.i: t for t in chain}
    for h in chain:
        for c in h.children:
            if c.dep_ in _MODAL_DEPS:
                seen.setdefault(c.i, c)
                for cc in c.children:  # "no longer", "more likely", "believed to have flown"
                    if cc.dep_ in ("advmod", "neg", "aux"):
                        seen.setdefault(cc.i, cc)
    return [seen[i] for i in sorted(seen)]


# verbs whose infinitive complement is a future act someone asks for, orders or agrees to
_ASKING = frozenset({"ask", "asks", "asked", "asking", "urge", "urges", "urged", "urging", "order", "orders", "ordered",
                     "request", "requests", "requested", "invite", "invites", "invited", "instruct", "instructs",
                     "instructed", "agree", "agrees", "agreed", "pledge", "pledges", "pledged", "promise", "promises",
                     "promised", "vow", "vows", "vowed", "undertake", "undertook", "commit", "commits", "committed"})


def _asked_or_agreed(tok: Token) -> bool:
    """The trigger is the infinitive a verb of asking, ordering or agreeing governs ("asked Russia
    to withdraw", "ordered the frigate to sail", "agreed to deliver"): the act is still to come."""
    if not any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children):
        return False
    head = tok.head
    if tok.dep_ == "ccomp" and head.dep_ in ("dobj",):  # "asked Russia to withdraw" parsed as a complement of the object
        head = head.head
    return tok.dep_ in ("xcomp", "ccomp", "advcl") and head.lower_ in _ASKING and head.pos_ == "VERB"


def _scheduled(t: Token) -> bool:
    """'is due' (at, in, next week, to arrive): a schedule; not the causal 'due to the weather'."""
    return t.lower_ == "due" and t.dep_ in ("acomp", "amod") and not any(
        c.dep_ == "prep" and c.lower_ == "to" for c in t.children)


def _after_a_semicolon(t: Token) -> bool:
    """The head of ``t`` follows a semicolon that closes t's clause: what comes after the
    semicolon ("...; we cannot confirm that") does not govern what stands before it."""
    head = t.head
    return head.i > t.right_edge.i and any(x.text == ";" for x in t.doc[t.right_edge.i + 1:head.i])


def _own_clause(t: Token) -> bool:
    """A coordinated clause with its own subject keeps its own modality ("the US plans to replace
    the tanks, and UK officials are discussing the work": the talks are no plan)."""
    return t.dep_ == "conj" and t.pos_ in ("VERB", "AUX") and any(
        c.dep_ in ("nsubj", "nsubjpass") for c in t.children)


def _boundary(t: Token) -> bool:
    """Where a clause's own modality starts: an adverbial or relative clause, but not an
    infinitive that completes a noun ("plans to pull out", "a request to set up a base")."""
    if t.dep_ == "acl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in t.children):
        return False
    return t.dep_ in _BOUNDARIES


def _voice(tok: Token, ps: ParsedSentence, an: DocAnalysis) -> str | None:
    """'reported' when a head above the trigger is a reporting verb ("officials said",
    "according to X"), 'confirmed' when what speaks is data ("satellite images show",
    "tracking data showed"), None when nothing above reports it."""
    child = tok
    for h in [tok, *tok.ancestors]:
        word = h.lower_
        if h is not tok and word in _REPORTING and _semicolon_between(child, h):
            return "confirmed"  # "Russia removed its troops; reports said the flags were gone"
        if h is not tok and word in _REPORTING and _circumstance(child):
            return "confirmed"  # "he told reporters after meeting the ambassador": the telling's circumstance
        if h is not tok and h.pos_ == "NOUN" and word in _CLAIM_NOUNS:
            return "reported"  # "reports of Russian troops deployed", "claims that ..."
        if h is not tok and h.pos_ in ("VERB", "AUX") and any(
                c.dep_ == "nsubj" and c.lower_ in _CLAIM_NOUNS for c in h.children):
            return "reported"  # "claims surfaced of marines landing on the island"
        if h is not tok and word in _SUGGESTING and h.pos_ == "VERB" and child.dep_ in ("ccomp", "xcomp"):
            return "possible"  # "satellite images suggest that Russia is moving launchers": a reading (guide 8)
        if h is not tok and word in _EPISTEMIC and child.dep_ in ("ccomp", "xcomp") and _believer(h, ps):
            return "possible"  # "we assess that the jets flew on", "she believes they carried tanks": a reading, not a fact
        if h is not tok and (word in _REPORTING or word in _SHOWING):
            subj = next((c for c in h.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if word in _SHOWING or (subj is not None and _is_data(subj, ps, an)):
                return "confirmed"
            return "reported"
        child = h
        for c in h.children:
            if c.dep_ == "prep" and c.lower_ == "according":
                objs = [x for p in c.children for x in (p.children if p.dep_ == "prep" else [p]) if x.dep_ == "pobj"]
                return "confirmed" if objs and _is_data(objs[0], ps, an) else "reported"
    return None


_CIRCUMSTANCE = frozenset({"after", "before", "while", "during", "following", "when", "upon", "on"})


def _circumstance(child: Token) -> bool:
    """A clause hanging on the reporting verb by a preposition or subordinator of time is when or
    how the telling happened, not what was told."""
    if child.dep_ == "prep":
        return child.lower_ in _CIRCUMSTANCE and any(c.dep_ == "pcomp" for c in child.children)
    return child.dep_ == "advcl" and any(c.dep_ in ("mark", "advmod") and c.lower_ in _CIRCUMSTANCE
                                         for c in child.children)


def _semicolon_between(clause: Token, verb: Token) -> bool:
    """A clause that ends before a semicolon the reporting verb follows is not what it reports."""
    if clause.i > verb.i:
        return False
    return any(t.text == ";" for t in clause.doc[clause.right_edge.i + 1:verb.i])


def speaker(tok: Token) -> Token | None:
    """The subject of the reporting verb above the trigger ("Wagner said it was pulling out":
    Wagner), None when no reporting verb governs it."""
    for h in tok.ancestors:
        if h.lower_ in _REPORTING:
            return next((c for c in h.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    return None


def data_source(eid: str, an: DocAnalysis) -> bool:
    entry = an.specs.get(eid)
    return entry is not None and entry.kind == "data"


def _is_data(t: Token, ps: ParsedSentence, an: DocAnalysis) -> bool:
    m = ps.mention(t)
    if m is not None and m.tag == "SRC":
        entry = an.specs.get(m.ids.get("Source", ""))
        return entry is not None and entry.kind == "data"
    return t.lower_ in _DATA_WORDS or any(c.lower_ in _DATA_WORDS for c in t.children if c.dep_ in ("compound", "amod"))


_DENYING = frozenset({"deny", "denies", "denied", "denying", "dismissed", "dismisses", "rejected", "rejects",
                      "refuted", "refutes"})


def _no_argument(tok: Token) -> bool:
    """'sent no weapons', 'no troops were deployed', 'nothing flew there': the trigger's argument
    is negated."""
    return any(c.dep_ in ("dobj", "nsubj", "nsubjpass") and (
        c.lower_ in _NOTHING or any(d.dep_ == "det" and d.lower_ == "no" for d in c.children)) for c in tok.children)


def _negated_itself(tok: Token) -> bool:
    """The trigger's own verb is negated, or its argument ("we carry no cement", "they do not carry
    our supplies"), not a clause above it."""
    verb = tok
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
        verb = verb.head
    return _no_argument(tok) or any(c.dep_ == "neg" for t in {tok, verb} for c in t.children)


_NOTHING = frozenset({"nothing", "none", "nobody", "noone"})
# intention words whose negation disowns the act ("has no plan to", "does not intend to", "ruled out")
_INTENT_NOUNS = frozenset({"plan", "plans", "intention", "intentions", "intent", "desire", "wish"})
_INTENT_VERBS = frozenset({"plan", "plans", "planned", "planning", "intend", "intends", "intended", "intending",
                           "want", "wants", "wanted", "seek", "seeks", "aim", "aims"})


def _plan_disowned(tok: Token) -> bool:
    """The act completes a negated intention ("has no plan to move ships", "has no intention of
    withdrawing", "does not intend to send troops") or a verb of ruling out ("ruled out sending
    troops"): the party disowns it, an explicit denial (guide 8)."""
    child = tok
    own = tok if tok.pos_ in ("VERB", "AUX") else next((a for a in tok.ancestors if a.pos_ in ("VERB", "AUX")), None)
    for h in tok.ancestors:
        if h.lower_ in _INTENT_NOUNS and h.pos_ == "NOUN" and child.dep_ in ("acl", "prep", "relcl") and (
                any(d.dep_ == "det" and d.lower_ == "no" for d in h.children)
                or any(d.dep_ == "neg" for d in h.head.children) and h.dep_ == "dobj"):
            return True
        if h.pos_ in ("VERB", "AUX") and child.dep_ in ("xcomp", "ccomp", "pcomp", "prep", "dobj"):
            if h.lower_ in _INTENT_VERBS and any(d.dep_ == "neg" for d in h.children):
                return True
            if h.lower_ in _RULING and any(d.dep_ == "prt" and d.lower_ == "out" for d in h.children):
                return True
        if h.pos_ in ("VERB", "AUX") and h is not own and h.lower_ not in _INTENT_VERBS | _HAVING:
            return False
        child = h
    return False


_RULING = frozenset({"rule", "rules", "ruled", "ruling"})
_HAVING = frozenset({"has", "have", "had", "having"})
_CONDITION_MARKS = frozenset({"if", "unless"})


def _conditional(words: list[Token]) -> bool:
    """'would' in a clause that an if-clause (or an inverted 'should ...') conditions: what would
    follow is a possibility, not an intention."""
    if not any(t.lower_ in ("would", "could", "might") for t in words):
        return False
    for t in words:
        for c in t.children:
            if c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in _CONDITION_MARKS for m in c.children):
                return True
            if c.dep_ == "advcl" and c.left_edge.lower_ in ("should", "were", "had") and c.left_edge.i < c.i:
                return True
    return False


_EXPECTING = frozenset({"expect", "expects", "expected", "anticipate", "anticipates", "anticipated", "predict",
                        "predicts", "predicted", "forecast", "forecasts"})
_PARTY_NOUNS = frozenset({"official", "officials", "ministry", "government", "minister", "spokesman", "spokeswoman",
                          "spokesperson", "command", "commander", "navy", "army", "military", "authorities",
                          "administration", "embassy", "ambassador", "envoy"})


def _expectation_above(tok: Token, ps: ParsedSentence | None, an: DocAnalysis | None) -> str | None:
    """A verb of expecting with a subject governs the trigger ("analysts expect a tanker to sail",
    "brokers anticipate that more tanks will cross"): an observer's expectation is only possible; a
    party's own (officials, a ministry, a state, a named person) is its schedule, planned (guide 8)."""
    child = tok
    for h in tok.ancestors:
        if h.lower_ in _EXPECTING and h.pos_ == "VERB" and child.dep_ in ("ccomp", "xcomp", "dobj"):
            subj = next((c for c in h.children if c.dep_ == "nsubj"), None)
            if subj is None:
                return None  # "is expected to": the passive schedule, read elsewhere
            m = ps.mention(subj) if ps is not None else None
            party = subj.lower_ in _PARTY_NOUNS or (
                m is not None and m.tag in ("CTRY", "CAP", "STATE", "ORG", "PER")) or (
                m is not None and m.tag == "SRC" and an is not None
                and getattr(an.specs.get(m.ids.get("Source", "")), "kind", None) == "official")
            return "planned" if party else "possible"
        if h.pos_ in ("VERB", "AUX") and h.dep_ in ("relcl", "advcl"):
            return None
        child = h
    return None


_HEDGE_NOUNS = frozenset({"suspicion", "suspicions", "speculation", "possibility", "likelihood", "rumour", "rumours",
                          "rumor", "rumors", "fears", "guess", "hypothesis", "theory"})


def _hedge_noun_above(tok: Token) -> bool:
    """The trigger's clause completes a hedge noun ("a suspicion that ...", "speculation that ...")."""
    child = tok
    for h in tok.ancestors:
        if h.pos_ == "NOUN" and h.lower_ in _HEDGE_NOUNS and child.dep_ in ("acl", "ccomp", "relcl", "appos"):
            return True
        if h.pos_ == "NOUN" and h.lower_ in _PROOF_NOUNS and child.dep_ in ("acl", "ccomp", "relcl", "appos") and any(
                d.dep_ == "det" and d.lower_ == "no" for d in h.children):
            return True  # "there is no evidence that the ship carried weapons": unproven, so only possible
        if h.pos_ in ("VERB", "AUX") and h.dep_ in ("ROOT", "conj"):
            return False
        child = h
    return False


_PROOF_NOUNS = frozenset({"evidence", "sign", "signs", "indication", "indications", "proof", "confirmation"})
_PLAN_NOUNS = frozenset({"idea", "ideas", "proposal", "proposals", "plan", "plans", "offer", "offers", "intention",
                         "intentions", "request", "requests", "project", "prospect", "option", "scheme",
                         # an agreement's object is an agreed future action (guide 8)
                         "contract", "contracts", "deal", "deals", "agreement", "agreements", "accord", "pact",
                         "memorandum"})


def _plan_noun_above(tok: Token) -> bool:
    """The trigger completes a plan noun ("the idea of turning the bases into hubs for sending aid",
    "a proposal to station ships"): what is only proposed is planned."""
    child = tok
    for h in tok.ancestors:
        if h.pos_ == "NOUN" and h.lower_ in _PLAN_NOUNS and child.dep_ in ("acl", "prep", "relcl", "ccomp"):
            return True
        if h.pos_ in ("VERB", "AUX") and h.dep_ in ("ROOT", "conj", "ccomp", "advcl", "relcl"):
            return False
        child = h
    return False


def _credit_in_a_later_clause(tok: Token, ps: ParsedSentence) -> bool:
    """The sentence's reporting verb heads a clause joined after the trigger's own ("X did A,
    and officials say B"), so what it credits is B, not A."""
    clause = tok
    while clause.pos_ not in ("VERB", "AUX") and clause.head.i != clause.i:
        clause = clause.head
    for t in ps.doc:
        if t.lower_ in _REPORTING and t.dep_ == "conj" and t.head.i == clause.i and t.i > clause.i:
            return not any(c.dep_ in ("ccomp", "xcomp") and clause in c.subtree for c in t.children)
    return False


def _denied_above(tok: Token) -> bool:
    """A denial verb governs the trigger's clause ("denied that ...", "denies reports that ...")."""
    for h in tok.ancestors:
        if h.lower_ in _DENYING and h.pos_ == "VERB":
            return True
        if h.dep_ == "advcl" and h.tag_ == "VBG":
            return False  # "denied that X, saying the ship carried Y": the denier's own account
        if h.dep_ in ("relcl", "advcl") or h.pos_ == "VERB" and h.lower_ not in _REPORTING and h.dep_ != "ccomp":
            if h.lower_ not in _REPORTING:
                return False
    return False


def clause_modality(tok: Token, reported: bool, ps: ParsedSentence | None = None,
                    an: DocAnalysis | None = None) -> str | None:
    """Modality from the clause that governs the trigger; None for a negated event that is no
    denial ("no aircraft landed")."""
    words = _governing(tok)
    # the trigger does not hedge itself ("negotiating", "offered" tell the talks); a hedge on a
    # noun trigger does ("the expected arrival")
    text = " ".join(t.lower_ for t in words if t.i != tok.i)
    if not (tok.pos_ in ("VERB", "AUX") or any(c.dep_ == "nsubj" for c in tok.children)):
        text += " " + " ".join(c.lower_ for c in tok.children if c.dep_ == "amod")
    negated = (any(t.dep_ == "neg" for t in words) or _no_argument(tok)) and not _presupposed(tok)
    if _denied_above(tok) or _denied_aside(tok) or _plan_disowned(tok):
        return "denied"  # "the ministry denies reports that Russia sent instructors", "has no plan to"
    if negated and ps is not None and any(t.lower_ in _FALSE_WORDS for t in ps.doc):
        return "denied"  # "flights will not be routed through X, and reports suggesting otherwise are incorrect"
    if _hedge_noun_above(tok):
        return "possible"  # "there is a suspicion that Russia is moving equipment"
    if _plan_noun_above(tok):
        return "planned"  # "he put forward the idea of turning the bases into hubs for sending aid"
    hedged = _clause_hedge(tok, words, text)
    if negated and hedged != "denied":
        return _negated_modality(tok, words, reported, ps, an)
    hedged = _refined_hedge(tok, words, hedged, ps, an)
    if hedged:
        return hedged
    if any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children) and not _first_to(tok) and (
            tok.dep_ == "ROOT" or tok.head.pos_ not in ("VERB", "AUX") or any(c.dep_ == "nsubj" for c in tok.children)):
        return "planned"  # a headline's "Putin and Sharaa to discuss bases"
    return _told_modality(tok, words, reported, ps, an)


def _clause_hedge(tok: Token, words: list[Token], text: str) -> str | None:
    """A hedge word of the clause, or what makes it a plan or a possibility: "expected in",
    "asked to", "is due", "bound for", "what looked like"."""
    hedged = hedge(text)
    if hedged is None and any(t.lower_ == "expected" and any(c.dep_ == "auxpass" for c in t.children)
                              for t in words if t.i != tok.i):
        hedged = "planned"  # "instructors are expected in Niamey next month": a schedule
    if hedged is None and _asked_or_agreed(tok):
        hedged = "planned"  # "Syria asked Russia to withdraw", "Russia agreed to deliver two jets"
    if hedged is None and any(_scheduled(t) for t in words if t.i != tok.i):
        hedged = "planned"  # "the minister is due in Moscow next week for talks"
    if hedged is None and tok.lower_ == "bound" and any(c.dep_ == "prep" and c.lower_ == "for" for c in tok.children):
        hedged = "planned"  # "the trucks are bound for Tobruk": where they are meant to go
    if hedged is None and any(t.lower_ in _SEEMING and t.i != tok.i
                              for t in [*words, *(c for c in tok.children if c.dep_ == "amod")]):
        hedged = "possible"  # "in what looked like a deployment", "the expected arrival"
    return hedged


def _negated_modality(tok: Token, words: list[Token], reported: bool, ps: ParsedSentence | None,
                      an: DocAnalysis | None) -> str | None:
    """A negated event is denied when a denying word governs it or a party denies its own act;
    otherwise it tells nothing (None)."""
    if any(t.lower_ in _DENYING for t in words):
        return "denied"
    if ps is not None and (_voice(tok, ps, an) == "reported" or reported and _voice(tok, ps, an) is None
                           and _negated_itself(tok)):
        return "denied"  # "Tehran said it had sent no weapons": a party's own denial
    return None


def _refined_hedge(tok: Token, words: list[Token], hedged: str | None, ps: ParsedSentence | None,
                   an: DocAnalysis | None) -> str | None:
    """The clause's hedge corrected: a past habit is no plan, "when X meets Y" is one, a
    condition makes a plan a possibility, and an observer's expectation a reading."""
    if hedged == "planned" and _habitual_would(words):
        hedged = None  # "they would usually carry on to Central Africa": a past habit
    if hedged is None and _when_a_plan_happens(tok):
        hedged = "planned"  # "the question will be taken up when Putin meets Burhan"
    if hedged == "planned" and _conditional(words):
        hedged = "possible"  # "if the imagery is right, Russia would be moving the launchers": a reading
    expecter = _expectation_above(tok, ps, an)
    if expecter == "possible" and hedged in (None, "planned") or expecter == "planned" and hedged is None:
        hedged = expecter  # "analysts expect a tanker to sail": an observer's reading; officials': a schedule
    return hedged


def _told_modality(tok: Token, words: list[Token], reported: bool, ps: ParsedSentence | None,
                   an: DocAnalysis | None) -> str:
    """An unhedged event: the voice that tells it (the article's own, or a source's), a report
    the sentence says is unconfirmed, and "reportedly" or a credit that belongs to another clause."""
    voice = _voice(tok, ps, an) if ps is not None else None
    if (voice == "reported" or voice is None and reported) and ps is not None and _UNCONFIRMED.search(ps.doc.text):
        return "possible"  # "there were reports of flights to Niamey but these could not be confirmed"
    if voice is not None:
        return voice
    if reported and ps is not None and _credit_in_a_later_clause(tok, ps):
        return "confirmed"  # "Russia agreed to X, and officials say jets were handed over": only the second is theirs
    if reported and ps is not None and not any(t.lower_ in _REPORTED_ADVERBS for t in words) and any(
            t.lower_ in _REPORTED_ADVERBS for t in ps.doc) and not any(t.lower_ in _REPORTING for t in ps.doc):
        return "confirmed"  # "reportedly" qualifies another clause of the sentence
    return "reported" if reported else "confirmed"


# a claim the sentence itself says could not be checked is only possible
_UNCONFIRMED = re.compile(r"\b(?:could|can|cannot|can't|couldn't)\s+(?:not\s+)?(?:be\s+)?(?:independently\s+)?"
                          r"(?:confirmed?|verified|verify)\b", re.I)
_FALSE_WORDS = frozenset({"incorrect", "untrue", "false", "baseless", "groundless", "fabricated", "unfounded"})
_LIGHT_VERBS = frozenset({"happen", "happened", "happens", "occur", "occurred", "occurs", "take", "took", "taken",
                          "begin", "began", "begun", "start", "started", "proceed", "proceeded", "go", "went"})
_HABIT_ADVERBS = frozenset({"usually", "often", "always", "typically", "regularly", "normally", "generally", "sometimes"})
_TIME_MARKS = frozenset({"when", "once", "after", "before", "until", "till", "as soon as"})


def _presupposed(tok: Token) -> bool:
    """A noun trigger that is the subject of another verb exists whatever that verb says ("Wagner's
    exit would not bring any changes"), unless the verb only tells whether it happens."""
    return tok.pos_ in ("NOUN", "PROPN") and tok.dep_ in ("nsubj", "nsubjpass") and tok.head.lower_ not in _LIGHT_VERBS


def _denied_aside(tok: Token) -> bool:
    """'an informal understanding between X and Y, something both sides deny': an apposition that
    denies the trigger's phrase."""
    for t in [tok, tok.head]:
        for c in t.children:
            if c.dep_ == "appos" and any(r.dep_ == "relcl" and r.lower_ in _DENYING for r in c.children):
                return True
    return False


def _habitual_would(words: list[Token]) -> bool:
    lowered = {t.lower_ for t in words}
    return "would" in lowered and bool(lowered & _HABIT_ADVERBS)


def _when_a_plan_happens(tok: Token) -> bool:
    """A present-tense clause of time under a future or planned one tells a future event ("will be
    discussed when Putin meets Burhan", "the base will stay once Wagner pulls out")."""
    verb = tok
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
        verb = verb.head
    if verb.dep_ != "advcl" or verb.tag_ not in ("VBZ", "VBP"):
        return False
    if not any(c.dep_ in ("mark", "advmod") and c.lower_ in _TIME_MARKS for c in verb.children):
        return False
    main = verb.head
    return any(c.dep_ == "aux" and c.lower_ in ("will", "shall", "'ll") for c in main.children) or any(
        c.dep_ == "aux" and c.lower_ == "to" for c in main.children)


_ORDINALS = frozenset({"first", "second", "third", "last", "only", "latest", "next"})


def _first_to(tok: Token) -> bool:
    """'the first warships to tie up at the pier': an infinitive that describes a noun by an ordinal
    tells what happened, not a plan."""
    return tok.dep_ in ("relcl", "acl") and any(c.lower_ in _ORDINALS for c in tok.head.children if c.dep_ == "amod")


def sent_for_a_purpose(tok: Token) -> bool:
    """A trip sent to do something ("the ship was sent to evacuate the base's weapons"): the trip
    is told by what it is for, so it is planned (guide D8)."""
    return tok.lower_ in _SENDING and any(
        c.dep_ in ("advcl", "xcomp") and c.pos_ == "VERB" and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)
        for c in tok.children)


_SENDING = frozenset({"send", "sends", "sent", "sending", "dispatch", "dispatches", "dispatched", "dispatching"})


def interview_answers(an: DocAnalysis) -> set[int]:
    """Sentence indices of a question-and-answer report's answers (two or more questions set as
    their own paragraphs): what follows the first question is the interviewee's word, reported."""
    per_paragraph: dict[int, int] = {}
    for v in an.sentences:
        per_paragraph[v.paragraph] = per_paragraph.get(v.paragraph, 0) + 1
    questions = [v.index for v in an.sentences
                 if not v.is_title and v.text.rstrip().endswith("?") and per_paragraph[v.paragraph] == 1]
    if len(questions) < 2:
        return set()
    return {v.index for v in an.sentences if v.index > questions[0] and not v.text.rstrip().endswith("?")}


def body_reading_wins(title_event, body_event) -> bool:
    """A headline states in the article's voice what the body credits, hedges or plans ("Russia
    moves jets to Libya" over "officials said Russia is moving jets"): when a title-only event
    merges with one told in the body, the body's modality is the event's (None spans: the title)."""
    return title_event.span is None and body_event.span is not None and body_event.modality != "denied"
