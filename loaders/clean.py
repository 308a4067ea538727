"""Clean report text: normalise Unicode and whitespace, strip control characters, drop boilerplate.

:func:`clean_text` turns raw text (already decoded, markup removed) into the body the extractor
reads: paragraphs separated by one blank line, and the ``(start, end)`` offsets of each
paragraph. Boilerplate (appeals, share prompts, bios, credits, embedded posts, ...) is
recognised by the generic cues in ``data/boilerplate.yaml``; :func:`load_boilerplate` reads them
into typed rules.

:func:`strip_control_chars` removes characters that must never reach the graph store (a NUL in
a query parameter makes the embedded store reject the whole query) and is meant for any
metadata string too.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

# C0 controls except tab/newline/CR, DEL, C1 controls, lone surrogates, BOM/non-characters,
# and invisible format characters that only get in the way of matching.
_CONTROL_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufeff\ufffe\uffff\u200b\u2060\u00ad]")
# Unicode spaces (and tab) that become a plain space.
_SPACE_RE = re.compile("[\t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
_LINE_BREAKS = str.maketrans({"\x0b": "\n", "\x0c": "\n\n", "\x85": "\n", "\u2028": "\n", "\u2029": "\n\n"})
_ENDS_SENTENCE = tuple(".!?:;\"”’)]»…")


def strip_control_chars(s: str) -> str:
    """Remove NUL and other control characters, lone surrogates and invisible format characters.

    Tabs, newlines and carriage returns are kept (collapse them yourself where a single line is
    wanted). Safe on any string: titles, URLs, publisher names, body text.
    """
    if not s:
        return s
    return _CONTROL_RE.sub("", s)


# --------------------------------------------------------------------------- rules


@dataclass(frozen=True)
class CueGroup:
    """One kind of boilerplate: phrases (substrings) and regexes, applied to a line or a paragraph."""

    name: str
    scope: str  # "line" or "paragraph"
    phrases: tuple[str, ...] = ()  # lower-case
    patterns: tuple[re.Pattern[str], ...] = ()
    max_chars: int | None = None

    def matches(self, text: str) -> bool:
        if self.max_chars is not None and len(text) > self.max_chars:
            return False
        if self.phrases:
            low = text.lower()
            if any(p in low for p in self.phrases):
                return True
        return any(p.search(text) for p in self.patterns)


@dataclass(frozen=True)
class BoilerplateRules:
    """The cues of ``data/boilerplate.yaml``, compiled."""

    groups: tuple[CueGroup, ...]
    cut_patterns: tuple[re.Pattern[str], ...] = ()
    cut_min_body_paragraphs: int = 2
    embed_patterns: tuple[re.Pattern[str], ...] = ()
    embed_max_chars: int = 200
    seo_min_words: int = 12
    seo_max_punctuation_ratio: float = 0.02
    crumb_min_items: int = 3
    crumb_max_words_per_item: int = 3
    crumb_separators: tuple[str, ...] = field(default=(">", "›", "»", "/", "|"))

    @property
    def line_groups(self) -> tuple[CueGroup, ...]:
        return tuple(g for g in self.groups if g.scope == "line")

    @property
    def paragraph_groups(self) -> tuple[CueGroup, ...]:
        return tuple(g for g in self.groups if g.scope == "paragraph")


def _compile(patterns: Any, where: str, flags: int) -> tuple[re.Pattern[str], ...]:
    if patterns is None:
        return ()
    if not isinstance(patterns, list) or not all(isinstance(p, str) for p in patterns):
        raise ValueError(f"boilerplate rules: {where} must be a list of strings")
    out = []
    for p in patterns:
        try:
            out.append(re.compile(p, flags))
        except re.error as exc:
            raise ValueError(f"boilerplate rules: bad regex in {where}: {p!r} ({exc})") from exc
    return tuple(out)


def parse_boilerplate(data: dict[str, Any]) -> BoilerplateRules:
    """Build :class:`BoilerplateRules` from the parsed YAML mapping (raises ValueError when malformed)."""
    if not isinstance(data, dict) or not isinstance(data.get("groups"), dict):
        raise ValueError("boilerplate rules: expected a mapping with a 'groups' mapping")
    groups = []
    for name, spec in data["groups"].items():
        if not isinstance(spec, dict):
            raise ValueError(f"boilerplate rules: group {name!r} must be a mapping")
        scope = spec.get("scope", "paragraph")
        if scope not in ("line", "paragraph"):
            raise ValueError(f"boilerplate rules: group {name!r} has scope {scope!r}; use line or paragraph")
        flags = 0 if spec.get("case_sensitive") else re.IGNORECASE
        phrases = spec.get("phrases") or []
        if not isinstance(phrases, list) or not all(isinstance(p, str) for p in phrases):
            raise ValueError(f"boilerplate rules: phrases of group {name!r} must be a list of strings")
        max_chars = spec.get("max_chars")
        if max_chars is not None and not isinstance(max_chars, int):
            raise ValueError(f"boilerplate rules: max_chars of group {name!r} must be an integer")
        groups.append(
            CueGroup(
                name=str(name),
                scope=scope,
                phrases=tuple(p.lower() for p in phrases),
                patterns=_compile(spec.get("patterns"), f"group {name!r}", flags),
                max_chars=max_chars,
            )
        )
    cut = data.get("cut_after") or {}
    embed = data.get("embed_attribution") or {}
    seo = data.get("seo_keyword_line") or {}
    crumbs = data.get("nav_crumbs") or {}
    return BoilerplateRules(
        groups=tuple(groups),
        cut_patterns=_compile(cut.get("patterns"), "cut_after", re.IGNORECASE),
        cut_min_body_paragraphs=int(cut.get("min_body_paragraphs", 2)),
        embed_patterns=_compile(embed.get("patterns"), "embed_attribution", re.IGNORECASE),
        embed_max_chars=int(embed.get("max_chars", 200)),
        seo_min_words=int(seo.get("min_words", 12)),
        seo_max_punctuation_ratio=float(seo.get("max_punctuation_ratio", 0.02)),
        crumb_min_items=int(crumbs.get("min_items", 3)),
        crumb_max_words_per_item=int(crumbs.get("max_words_per_item", 3)),
        crumb_separators=tuple(crumbs.get("separators") or (">", "›", "»", "/", "|")),
    )


def load_boilerplate_file(path: str | Path) -> BoilerplateRules:
    """Read boilerplate rules from a YAML file of the same shape as the packaged one."""
    with open(path, encoding="utf-8") as fh:
        return parse_boilerplate(yaml.safe_load(fh))


@functools.cache
def load_boilerplate() -> BoilerplateRules:
    """The packaged rules (``milgraph/loaders/data/boilerplate.yaml``), read once."""
    text = resources.files("milgraph.loaders").joinpath("data/boilerplate.yaml").read_text(encoding="utf-8")
    return parse_boilerplate(yaml.safe_load(text))


# --------------------------------------------------------------------------- cleaning


def normalise_text(raw: str) -> str:
    """Line breaks to ``\\n``, control characters out, NFC, Unicode spaces to plain spaces.

    Curly quotes, dashes and other typography are kept as they are.
    """
    s = raw.replace("\r\n", "\n").replace("\r", "\n").translate(_LINE_BREAKS)
    s = strip_control_chars(s)
    s = unicodedata.normalize("NFC", s)
    return _SPACE_RE.sub(" ", s)


def _key(s: str) -> str:
    return " ".join(s.split()).casefold()


def _is_seo_line(line: str, rules: BoilerplateRules) -> bool:
    if len(line) > 5000 or any(c.isupper() for c in line):
        return False
    if any(c in ".!?;:" for c in line):
        return False
    words = line.split()
    if len(words) < rules.seo_min_words:
        return False
    punct = sum(1 for c in line if not c.isalnum() and not c.isspace() and c not in "'’-")
    return punct / max(len(line), 1) <= rules.seo_max_punctuation_ratio


def _is_crumb_line(line: str, rules: BoilerplateRules) -> bool:
    if len(line) > 300:
        return False
    for sep in rules.crumb_separators:
        if line.count(sep) + 1 < rules.crumb_min_items:
            continue
        items = [x.strip() for x in line.split(sep)]
        if len(items) < rules.crumb_min_items or any(not x for x in items):
            continue
        if all(len(x.split()) <= rules.crumb_max_words_per_item and not x.endswith((".", "?", "!")) for x in items):
            if sep == "/" and any(any(c.isdigit() for c in x) for x in items):
                continue  # dates like 12/05/2024, ratios
            return True
    return False


def _is_cut_heading(line: str, rules: BoilerplateRules) -> bool:
    return len(line) <= 120 and any(p.search(line) for p in rules.cut_patterns)


def _is_embed_attribution(line: str, rules: BoilerplateRules) -> bool:
    return len(line) <= rules.embed_max_chars and any(p.search(line) for p in rules.embed_patterns)


def _unwrap(lines: list[str]) -> list[str]:
    """Join hard-wrapped lines: a line not ending a sentence followed by one starting lower-case."""
    out: list[str] = []
    for line in lines:
        if out and not out[-1].endswith(_ENDS_SENTENCE) and line[:1].islower():
            out[-1] = out[-1] + " " + line
        else:
            out.append(line)
    return out


def _paragraph(lines: list[str], para_groups: tuple[CueGroup, ...]) -> str | None:
    """The paragraph's text, or None when it is boilerplate or has no letter or digit."""
    if not lines:
        return None
    para = "\n".join(lines)
    if any(g.matches(para) for g in para_groups):
        if len(lines) == 1:
            return None
        remaining = [ln for ln in lines if not any(g.matches(ln) for g in para_groups)]
        if not remaining or len(remaining) == len(lines):
            return None  # the cue spans lines: the whole paragraph is boilerplate
        para = "\n".join(remaining)
    if not any(c.isalnum() for c in para):
        return None
    return para


def clean_text(
    raw: str,
    *,
    drop_lines: Iterable[str] = (),
    rules: BoilerplateRules | None = None,
    unwrap: bool = True,
) -> tuple[str, list[tuple[int, int]]]:
    """Clean ``raw`` into report text; return it with the ``(start, end)`` offsets of its paragraphs.

    Paragraphs are separated by one blank line in the result (a text without any blank line
    has one paragraph per line); lines inside a paragraph stay on their own line. Hard-wrapped
    lines are joined unless ``unwrap=False`` (for text whose line breaks are already meaningful,
    e.g. list items from Markdown). Boilerplate lines and paragraphs are dropped, as are lines equal to one of ``drop_lines`` (e.g. the title repeated in the body,
    the bare site name), paragraphs without a letter or digit, and a paragraph repeating the
    one before it. After a page-tail heading ("Related posts", ...) following the body, the
    rest is dropped.
    """
    rules = rules or load_boilerplate()
    drop = {_key(x) for x in drop_lines if x and x.strip()}
    line_groups = rules.line_groups
    para_groups = rules.paragraph_groups
    text = normalise_text(raw)

    kept: list[str] = []
    cut = False
    blocks = re.split(r"\n[ ]*\n", text.strip("\n "))
    one_block = len(blocks) == 1  # no blank lines anywhere: each (unwrapped) line is a paragraph
    last_kept_block = -1
    for n, block in enumerate(blocks):
        if cut:
            break
        lines: list[str] = []
        first_line = True
        for line in block.split("\n"):
            line = " ".join(line.split())
            if not line:
                continue
            opens_block, first_line = first_line, False
            body = len(kept) + (len(lines) if one_block else bool(lines))
            if _is_cut_heading(line, rules) and body >= rules.cut_min_body_paragraphs:
                cut = True
                break
            if _is_embed_attribution(line, rules):
                # the embedded post's own text came just before: earlier lines of this paragraph,
                # or the paragraph right before when the attribution opens this one
                if opens_block and last_kept_block == n - 1 and kept and len(kept[-1]) <= rules.embed_max_chars * 2:
                    kept.pop()
                lines.clear()
                continue
            if drop and len(line) <= 500 and _key(line) in drop:
                continue
            if any(g.matches(line) for g in line_groups):
                continue
            if _is_seo_line(line, rules) or _is_crumb_line(line, rules):
                continue
            lines.append(line)
        if unwrap:
            lines = _unwrap(lines)
        for group in ([[ln] for ln in lines] if one_block else [lines]):
            para = _paragraph(group, para_groups)
            if para is None or (kept and _key(kept[-1]) == _key(para)):
                continue
            kept.append(para)
            last_kept_block = n

    offsets: list[tuple[int, int]] = []
    pos = 0
    for para in kept:
        offsets.append((pos, pos + len(para)))
        pos += len(para) + 2
    return "\n\n".join(kept), offsets
