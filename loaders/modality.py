"""Modality and attribution of a proposition, from cue words in its sentence and clause.

- ``reported``: the sentence credits a Source ("X told WSJ", "HUR said", "according to US
  officials", "the agency noted" -> the last source named) or says "reportedly";
- ``possible``: a hedge in the clause ("likely", "unclear whether", "suspicion");
- ``planned``: an intention or schedule in the clause ("plans", "scheduled", "expected to",
  "considering", "offered", "want");
- ``denied``: a denial in the clause;
- ``confirmed``: otherwise (the article's own voice).

A hedge or a plan beats attribution (the attribution is kept in ``attributed_to``). A hedge
that qualifies one filler ("likely ammunition", ", presumably removed from Syria,") does not
count. Cue lists: ``loaders/data/patterns.yaml``.
"""

from __future__ import annotations

import re
from functools import lru_cache

from milgraph.loaders.gazetteer import _read_yaml


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
    return False, []


def decide(clause: str, reported: bool) -> str:
    h = hedge(clause)
    if h:
        return h
    return "reported" if reported else "confirmed"


CONFIDENCE = {"confirmed": 0.9, "reported": 0.75, "planned": 0.6, "possible": 0.5, "denied": 0.3}
