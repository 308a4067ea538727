"""How things look, shared by the graph page and the map: one colour and shape per kind of
node, one colour per event type and per relationship family. Fixed constants only; nothing
here comes from report text."""

from __future__ import annotations

# style key -> (legend text, colour, vis-network shape)
NODE_STYLES: dict[str, tuple[str, str, str]] = {
    "State": ("State", "#b03a2e", "star"),
    "Organization": ("Organization", "#e67e22", "dot"),
    "Person": ("Person", "#d4ac0d", "diamond"),
    "Actor": ("Actor", "#e74c3c", "dot"),
    "Place": ("Place", "#229954", "triangle"),
    "Base": ("Base", "#2471a3", "square"),
    "Equipment": ("Equipment", "#7d3c98", "hexagon"),
    "Aircraft": ("Aircraft", "#148f77", "triangleDown"),
    "Vessel": ("Vessel", "#1b4f72", "triangleDown"),
    "Source": ("Source", "#808b96", "box"),
    "Report": ("Report", "#aab7b8", "box"),
}
DEFAULT_NODE_STYLE = ("Other", "#95a5a6", "dot")

EVENT_COLORS: dict[str, str] = {
    "Transfer": "#d35400",
    "Flight": "#2e86c1",
    "Voyage": "#138d75",
    "Withdrawal": "#8e44ad",
    "Deployment": "#b7950b",
    "Talks": "#5d6d7e",
    "Construction": "#873600",
    "Event": "#7f8c8d",
}

EDGE_COLORS: dict[str, str] = {
    "BACKS": "#1e8449",
    "ALLIED_WITH": "#52be80",
    "OPPOSES": "#c0392b",
    "LEADS": "#b9770e",
    "MEMBER_OF": "#ca6f1e",
    "CONTROLS": "#6c3483",
    "OPERATES": "#6c3483",
    "PRESENT_IN": "#a569bd",
    "DEPLOYED_AT": "#7d3c98",
    "LOCATED_IN": "#b2babb",
    "BASED_IN": "#b2babb",
}
ROLE_EDGE_COLOR = "#aeb6bf"
DEFAULT_EDGE_COLOR = "#85929e"
UNSURE_MODALITIES = ("possible", "planned", "denied")


def node_style(style_key: str, is_event: bool = False) -> tuple[str, str, str]:
    if is_event:
        return (style_key, EVENT_COLORS.get(style_key, EVENT_COLORS["Event"]), "dot")
    return NODE_STYLES.get(style_key, DEFAULT_NODE_STYLE)


def edge_color(rel_type: str) -> str:
    return EDGE_COLORS.get(rel_type, ROLE_EDGE_COLOR if rel_type.isupper() else DEFAULT_EDGE_COLOR)


# Small SVG pictures of each vis-network shape for the legend (fixed markup, colour from above).
_SWATCH = {
    "dot": '<circle cx="8" cy="8" r="6" fill="{c}"/>',
    "star": '<polygon points="8,1 10,6 15,6 11,9.5 12.5,15 8,11.5 3.5,15 5,9.5 1,6 6,6" fill="{c}"/>',
    "diamond": '<polygon points="8,1 15,8 8,15 1,8" fill="{c}"/>',
    "triangle": '<polygon points="8,1 15,14 1,14" fill="{c}"/>',
    "triangleDown": '<polygon points="1,2 15,2 8,15" fill="{c}"/>',
    "square": '<rect x="2" y="2" width="12" height="12" fill="{c}"/>',
    "hexagon": '<polygon points="4,2 12,2 15,8 12,14 4,14 1,8" fill="{c}"/>',
    "box": '<rect x="1" y="4" width="14" height="8" rx="2" fill="{c}"/>',
    "small": '<circle cx="8" cy="8" r="3.5" fill="{c}"/>',
    "line": '<line x1="1" y1="8" x2="15" y2="8" stroke="{c}" stroke-width="3"/>',
}


def swatch_svg(shape: str, color: str) -> str:
    """An inline 16x16 SVG of a legend entry. ``color`` must be one of the constants above."""
    body = _SWATCH.get(shape, _SWATCH["dot"]).format(c=color)
    return f'<svg class="sw" width="16" height="16" viewBox="0 0 16 16" aria-hidden="true">{body}</svg>'
