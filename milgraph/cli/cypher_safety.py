"""What user Cypher may not do without asking: make the database fetch from the network.

``LOAD CSV FROM 'http://...'`` runs on both databases even in a read transaction, and APOC's
procedures and functions (``apoc.load.json``, ``apoc.import.*``, ``apoc.cypher.run`` with a
query in a string, ...) can fetch URLs on Neo4j. :func:`network_access` finds them in a
statement the way the database reads it: comments are dropped (so ``LOAD/**/CSV`` is seen),
backtick-quoted names are unquoted (so ``CALL `apoc.load.json`(...)`` is seen). A string
literal cannot run by itself, but APOC can run a query held in one, so a string that
mentions ``LOAD CSV`` or ``apoc.`` is refused too: a query that merely mentions them in a
string needs ``--allow-network`` (erring on the side of refusing).
"""

from __future__ import annotations

import re

_LOAD_CSV = re.compile(r"\bload\s+csv\b", re.I)
_APOC = re.compile(r"\bapoc\s*\.", re.I)


def _split(cypher: str) -> tuple[str, list[str]]:
    """``(code, strings)``: the statement without comments and with backtick names unquoted
    (strings replaced by a space), and the contents of its string literals."""
    code: list[str] = []
    strings: list[str] = []
    i, n = 0, len(cypher)
    while i < n:
        ch = cypher[i]
        if cypher.startswith("//", i):
            end = cypher.find("\n", i)
            i = n if end == -1 else end
            code.append(" ")
        elif cypher.startswith("/*", i):
            end = cypher.find("*/", i + 2)
            i = n if end == -1 else end + 2
            code.append(" ")
        elif ch in "'\"":
            j, buf = i + 1, []
            while j < n and cypher[j] != ch:
                if cypher[j] == "\\" and j + 1 < n:
                    buf.append(cypher[j:j + 2])
                    j += 2
                    continue
                buf.append(cypher[j])
                j += 1
            strings.append("".join(buf))
            code.append(" ")
            i = j + 1
        elif ch == "`":
            j, buf = i + 1, []
            while j < n:
                if cypher[j] == "`":
                    if cypher.startswith("``", j):  # an escaped backtick inside the name
                        buf.append("`")
                        j += 2
                        continue
                    break
                buf.append(cypher[j])
                j += 1
            code.append("".join(buf))
            i = j + 1
        else:
            code.append(ch)
            i += 1
    return "".join(code), strings


def network_access(cypher: str) -> str | None:
    """What in ``cypher`` could make the database fetch from the network, or None."""
    code, strings = _split(cypher)
    if _LOAD_CSV.search(code):
        return "LOAD CSV"
    if _APOC.search(code):
        return "an APOC procedure or function"
    for text in strings:
        if _LOAD_CSV.search(text) or _APOC.search(text):
            return "a string that holds LOAD CSV or an APOC call"
    return None
