"""The rules every generated page follows, in one place.

- Nothing is loaded from the network: scripts and styles are inlined, and the page's
  Content-Security-Policy allows no other source (``default-src 'none'``), so even a mistake
  cannot make the browser fetch anything.
- Report text never becomes markup: it travels inside one JSON ``<script>`` block with
  ``<``, ``>`` and ``&`` written as ``\\u003c``-style escapes (so it cannot close the block),
  and the page's scripts put it into the document with ``textContent`` only. The few bits
  of text written into the HTML itself (title, notes) go through :func:`html.escape`.
"""

from __future__ import annotations

import html
import json
from functools import lru_cache
from importlib import resources
from typing import Any

CSP = ("default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
       "img-src data:; font-src data:; connect-src 'none'; form-action 'none'; base-uri 'none'")


def esc(text: Any) -> str:
    """Text for HTML element content or a quoted attribute."""
    return html.escape("" if text is None else str(text), quote=True)


def json_for_script(data: Any) -> str:
    """JSON that is safe inside ``<script type="application/json">``: no ``<``, ``>`` or ``&``
    characters, and no line separators that old parsers treat as line ends."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), default=str)
    return (text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def head(title: str, css: str) -> str:
    return (
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        f"<meta http-equiv=\"Content-Security-Policy\" content=\"{CSP}\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        f"<title>{esc(title)}</title>\n<style>\n{css}\n</style>\n</head>\n"
    )


def data_block(element_id: str, data: Any) -> str:
    return f'<script type="application/json" id="{esc(element_id)}">{json_for_script(data)}</script>\n'


@lru_cache(maxsize=None)
def asset_text(name: str) -> str:
    """A file shipped in viz/assets/."""
    return resources.files("milgraph.viz").joinpath("assets", name).read_text("utf-8")


@lru_cache(maxsize=1)
def vis_network_js() -> str:
    """vis-network's standalone build, as shipped inside the pyvis package (inlined into pages)."""
    import pyvis

    lib = resources.files(pyvis).joinpath("lib")
    for version in ("vis-9.1.2", "vis-9.0.4"):
        candidate = lib.joinpath(version, "vis-network.min.js")
        if candidate.is_file():
            text = candidate.read_text("utf-8")
            if "</script" in text.lower():  # would end the inline block early
                raise RuntimeError("vis-network build contains '</script' and cannot be inlined")
            return text
    raise RuntimeError("pyvis ships no vis-network build (pyvis/lib/vis-*/vis-network.min.js)")
