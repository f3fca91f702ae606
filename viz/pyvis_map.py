"""Interactive, fully offline HTML maps: pyvis's network model and vis-network, our own page template.

pyvis's own template links Bootstrap from a CDN (even with ``cdn_resources="in_line"``) and its
``add_node`` is quadratic, so node and edge lists are built in one go and assigned to the pyvis
``Network``, and the page is rendered from ``viz/templates/map.html.j2`` with vis-network's JS and CSS
inline. The HTML makes no request to any other host.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import quote

import jinja2
import pyvis
from markupsafe import Markup
from pyvis.network import Network

from graph.messages import msg
from graph.queries.network_map import MapData, MapEdge, MapNode
from graph.schema import Label
from viz.layout import (
    BAND_COLUMN,
    BAND_HEADING,
    band_entry_height,
    band_groups,
    crowding,
    local_nodes,
    map_unit,
    outlines,
    positions,
    wide_nodes,
)

__all__ = [
    "BODY_STYLE",
    "GEMEENTE_LABELS_UP_TO",
    "KIND_STYLE",
    "ORG_COLOURS",
    "REGIONAL_LABELS_UP_TO",
    "STATUS_COLOURS",
    "GeoStyle",
    "legend",
    "render_map_html",
    "vis_lists",
]

_TEMPLATES = Path(__file__).resolve().parent / "templates"

# One colour per organisation type, one shape per node kind: the legend and the filter use the same table.
ORG_COLOURS: dict[str, str] = {
    "lokaal_team": "#2e7d32",
    "gi": "#c62828",
    "veilig_thuis": "#ef6c00",
    "rvdk": "#6a1b9a",
    "zorgaanbieder": "#00838f",
    "gemeente": "#1565c0",
    "politie": "#283593",
    "om": "#4e342e",
    "reclassering": "#5d4037",
    "ggz": "#ad1457",
    "zorg_en_veiligheidshuis": "#827717",
    "jeugdhulpregio": "#0277bd",
    "client_org": "#f9a825",
    "other": "#757575",
}
BODY_STYLE: dict[str, str] = {
    "toekomsttuin": "#43a047",
    "kerngroep": "#7cb342",
    "projectgroep": "#fbc02d",
    "stuurgroep": "#e53935",
    "jeugdbeschermingstafel": "#8e24aa",
    "ret": "#00897b",
    "boeg": "#3949ab",
    "leergroep": "#9e9d24",
    "leerstructuur": "#5e35b1",
    "werkgroep": "#6d4c41",
    "overleg": "#546e7a",
    "pilot": "#f4511e",
}
KIND_STYLE: dict[str, dict[str, Any]] = {
    "gemeente": {"shape": "dot", "size": 7, "color": "#90a4ae"},
    "region": {"shape": "text", "size": 14, "color": "#37474f"},
    "organisation": {"shape": "square", "size": 13, "color": "#757575"},
    "body": {"shape": "diamond", "size": 18, "color": "#43a047"},
    "professional": {"shape": "dot", "size": 5, "color": "#455a64"},
    "position": {"shape": "triangle", "size": 8, "color": "#8d6e63"},
    "meeting": {"shape": "star", "size": 12, "color": "#5e35b1"},
    "other": {"shape": "dot", "size": 5, "color": "#bdbdbd"},
}
STATUS_COLOURS = {"added": "#2e7d32", "ended": "#c62828", "changed": "#ef6c00"}
DIFF_UNCHANGED = "#cfd8dc"  # a diff map's unchanged links: grey, so the changes stand out
_EDGE_COLOURS = {
    "MEMBER_OF": "#8e24aa",
    "REPORTS_TO": "#e53935",
    "PART_OF": "#fbc02d",
    "SERVES": "#b0bec5",
    "COVERS": "#a5d6a7",
    "WORKS_AT": "#cfd8dc",
}


def _colour(n: MapNode) -> str:
    if n.kind == "organisation":
        return ORG_COLOURS.get(n.group, ORG_COLOURS["other"])
    if n.kind == "body":
        return BODY_STYLE.get(n.group, "#43a047")
    return str(KIND_STYLE.get(n.kind, KIND_STYLE["professional"])["color"])


Say = Callable[[Any], str]  # a catalogue code or Message -> its words (``api.i18n.sayer(locale)``)


def _plain(code: Any) -> str:
    """Without a language layer (tests of the layout): the code or message as written."""
    return str(code)


def _group_name(n: MapNode, say: Say) -> str:
    code = {"organisation": "org_type", "region": "level", "position": "role", "body": "body_kind"}.get(n.kind)
    word = say(f"{code}.{n.group}") if code else n.group
    return n.group.replace("_", " ") if word == f"{code}.{n.group}" else word


def _tooltip(n: MapNode, show_contacts: bool, say: Say = _plain) -> list[str]:
    kind, group = say("map.kind." + n.kind), _group_name(n, say)
    lines = [n.name, kind if group.lower() == kind.lower() else f"{kind}: {group}"]  # not "gemeente: gemeente"
    if n.count is not None:
        lines.append(f"{say('map.tip.professionals' if n.kind == 'organisation' else 'map.tip.members')}: {n.count}")
    if n.role:
        lines.append(f"{say('map.tip.role')}: {n.role}")
    if n.function:
        lines.append(f"{say('map.tip.function')}: {n.function}")
    lines += [say(d) for d in n.details]
    if n.status:
        lines.append(f"{say('map.tip.change')}: {say('map.status.' + n.status)}")
    if show_contacts:
        if n.email:
            lines.append(f"{say('map.tip.email')}: {n.email}")
        if n.phone:
            lines.append(f"{say('map.tip.phone')}: {n.phone}")
    return lines


GEMEENTE_LABELS_UP_TO = 80  # a province has at most ~60 gemeenten: more names than that at once are noise
REGIONAL_LABELS_UP_TO = 20  # more regional organisations and bodies: their names appear as one zooms in
# Geographic maps: sizes in screen pixels at the default zoom, multiplied by the map's unit. Local
# organisations keep a fixed font, so their names appear as one zooms in instead of cluttering the overview.
_GEO_SIZE = {"gemeente": 5.0, "region": 14.0, "organisation": 8.0, "body": 10.0, "position": 6.0, "professional": 4.0}
_LOCAL_SIZE = 5.0
_REGIONAL_SERVES = {"color": "#dde3e7", "width": 0.6}  # many long lines to every gemeente: in the background


@dataclass
class GeoStyle:
    """How a geographic map is drawn: its unit, which nodes sit in the band, which are local."""

    unit: float = 1.0
    wide: set[str] = field(default_factory=set)
    local: set[str] = field(default_factory=set)
    gemeente_labels: bool = True
    quiet: set[str] = field(default_factory=set)  # names that appear only when zoomed in
    crowding: float = 1.0  # below 1 on crowded maps: smaller nodes

    @classmethod
    def of(cls, md: MapData, pos: dict[str, tuple[float, float]]) -> GeoStyle | None:
        if md.mode not in ("region", "diff"):
            return None
        gemeenten = [n.id for n in md.nodes if n.kind == "gemeente"]
        wide, local = wide_nodes(md), local_nodes(md)
        regional = [
            n.id for n in md.nodes if n.kind in ("organisation", "body") and n.id not in wide and n.id not in local
        ]
        quiet = local | (set(regional) if len(regional) > REGIONAL_LABELS_UP_TO else set())
        if len(gemeenten) > GEMEENTE_LABELS_UP_TO:  # the whole country: provinces named, smaller regions on zoom
            quiet |= {n.id for n in md.nodes if n.kind == "region" and n.group != Label.PROVINCIE.value}
        return cls(
            unit=map_unit(list(pos.values())),
            wide=wide,
            local=local,
            quiet=quiet,
            crowding=crowding(md),
            gemeente_labels=len(gemeenten) <= GEMEENTE_LABELS_UP_TO,
        )


def vis_lists(
    md: MapData,
    pos: dict[str, tuple[float, float]],
    *,
    show_contacts: bool,
    geo: GeoStyle | None = None,
    say: Say = _plain,
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """vis-network node and edge dicts, built in one pass (no per-node lookups).

    Names are not vis labels: the page's label layer draws them (``lbl``) at a fixed screen size, the most
    important first (``rank``), and leaves out any that would overlap one already drawn. Only the band's
    boxed entries keep a vis label (the box is sized by it)."""
    nodes: list[dict[str, Any]] = []
    for n in md.nodes:
        style = KIND_STYLE.get(n.kind, KIND_STYLE["professional"])
        x, y = pos.get(n.id, (0.0, 0.0))
        label = n.name if n.count is None or n.kind not in ("organisation", "body") else f"{n.name} ({n.count})"
        colour = _colour(n)
        node: dict[str, Any] = {
            "id": n.id,
            "lbl": label,
            "rank": _rank(n, md, geo),
            "fs": _LABEL_PX.get(n.kind, 11),
            "shape": _VIS_SHAPE.get(n.kind, style["shape"]),
            "size": style["size"],
            "x": x,
            "y": y,
            "color": {"background": colour, "border": STATUS_COLOURS.get(n.status or "", colour)},
            "borderWidth": 4 if n.status else 1,
            "kind": n.kind,
            "group_key": n.group,
            "name": n.name,
            "tip": _tooltip(n, show_contacts, say),
        }
        href = _href(n)
        if href:
            node["href"] = href
        if n.status:
            node["status"] = n.status
        if n.kind == "region":
            node["near"] = n.near  # zoom to region: its gemeenten
            if n.label == Label.PROVINCIE.value:
                node["fs"] = 15
        if geo is not None:
            _geo_node(node, n, geo)
        nodes.append(node)
    edges: list[dict[str, Any]] = []
    for i, e in enumerate(md.edges):
        edge = _edge(i, e, diff=md.mode == "diff")
        if geo is not None:
            if e.type == "SERVES" and not e.status and e.src not in geo.local and md.mode != "diff":
                edge.update(_REGIONAL_SERVES)
            edge["width"] = (2.0 if e.status else 1.0) * geo.unit
            if e.src in geo.wide or e.dst in geo.wide:
                edge["wide"] = True  # hidden until asked for (toggle, or select one of its ends)
        edges.append(edge)
    return nodes, edges


# The label layer: screen pixels per node kind (constant on zoom), and the order in which names get room.
_LABEL_PX = {"region": 14, "gemeente": 12, "body": 12, "organisation": 11, "professional": 11, "position": 11}
_RANK = {"region": 80.0, "body": 70.0, "gemeente": 60.0, "organisation": 50.0, "position": 20.0, "professional": 10.0}
# vis shapes: a region is a small hexagon whose name the label layer draws (a "text" node has no label now)
_VIS_SHAPE = {"region": "hexagon"}


def _rank(n: MapNode, md: MapData, geo: GeoStyle | None) -> float:
    """How important a node's name is: provinces, then regions, bodies, gemeenten, regional organisations,
    local ones, people. More members or professionals weigh a little; what changed weighs more on a diff map."""
    rank = _RANK.get(n.kind, 5.0) + min(n.count or 0, 99) / 100.0
    if n.kind == "region" and n.label == Label.PROVINCIE.value:
        rank += 10.0
    if geo is not None and n.id in geo.quiet:
        rank -= 35.0  # local teams, crowded regional lists, small regions on the national map: on zoom
    if n.kind == "gemeente" and geo is not None and not geo.gemeente_labels:
        rank -= 15.0  # the national map: regions before its 340 gemeenten
    if md.mode == "diff" and n.status:
        rank += 25.0
    return round(rank, 2)


def _href(n: MapNode) -> str | None:
    """The node's own page, where there is one."""
    key = quote(n.id, safe="")
    if n.kind == "gemeente":
        return f"/gemeente/{key}"
    if n.kind == "region" and n.label == Label.JEUGDHULPREGIO.value:
        return f"/regio/{key}"
    if n.kind in ("organisation", "body", "professional", "position"):
        return f"/item/{key}"
    return None


def _geo_node(node: dict[str, Any], n: MapNode, geo: GeoStyle) -> None:
    u = geo.unit
    node["size"] = (_LOCAL_SIZE if n.id in geo.local else _GEO_SIZE.get(n.kind, 6.0)) * u * geo.crowding
    if n.kind == "region":
        node["size"] = 3.0 * u
    if n.id in geo.wide and n.kind != "region":
        # A compact list row in the band: the name in a box edged in the type's colour, drawn by vis.
        node.update(shape="box", margin=3.0 * u, borderWidth=1.5, band=True, label=node.pop("lbl"))
        node["font"] = {"size": 9.0 * u, "face": "sans-serif", "color": "#263238"}
        node["widthConstraint"] = {"maximum": (BAND_COLUMN - 20.0) * u}
        node["color"] = {"background": "#ffffff", "border": node["color"]["border"]}


def _edge(i: int, e: MapEdge, diff: bool = False) -> dict[str, Any]:
    # On a diff map only what changed has colour (the legend's added/ended/changed); the rest is grey.
    plain = DIFF_UNCHANGED if diff else _EDGE_COLOURS.get(e.type, "#b0bec5")
    colour = STATUS_COLOURS.get(e.status or "", plain)
    label = e.label if e.type == "MEMBER_OF" and e.label and e.label not in ("lid", "medewerkers") else None
    if e.count and e.count > 1:
        label = f"{label or ''} ×{e.count}".strip()
    edge: dict[str, Any] = {
        "id": f"e{i}",
        "from": e.src,
        "to": e.dst,
        "color": colour,
        "type": e.type,
        "arrows": "to" if e.type in ("REPORTS_TO", "PART_OF", "MEMBER_OF") else "",
        "width": 3 if e.status else 1,
    }
    if label:
        edge["label"] = label
    if e.status:
        edge["status"] = e.status
    if e.status == "ended":
        edge["dashes"] = True
    return edge


def legend(md: MapData, say: Say = _plain) -> list[dict[str, str]]:
    """Legend entries for what is on this map: node kinds, organisation types, body kinds, relationship types
    (``filter``: ``org``/``body``/``rel`` and ``value``, the checkbox that shows or hides them), change colours."""
    kinds = {n.kind for n in md.nodes}
    out = [
        {
            "label": say(f"map.legend.{k}"),
            "colour": str(style["color"]),
            "shape": _VIS_SHAPE.get(k, str(style["shape"])),
        }
        for k, style in KIND_STYLE.items()
        if k in kinds
    ]
    for t in sorted({n.group for n in md.nodes if n.kind == "organisation"}):
        colour = ORG_COLOURS.get(t, ORG_COLOURS["other"])
        word = say(f"org_type.{t}")
        out.append(
            {
                "label": t.replace("_", " ") if word == f"org_type.{t}" else word,
                "colour": colour,
                "shape": "square",
                "filter": "org",
                "value": t,
            }
        )
    for b in sorted({n.group for n in md.nodes if n.kind == "body"}):
        word = say(f"body_kind.{b}")
        out.append(
            {
                "label": b.replace("_", " ") if word == f"body_kind.{b}" else word,
                "colour": BODY_STYLE.get(b, "#43a047"),
                "shape": "diamond",
                "filter": "body",
                "value": b,
            }
        )
    diff = md.mode == "diff"
    for r in sorted({e.type for e in md.edges}):
        word = say(f"rel_type.{r}")
        out.append(
            {
                "label": r.lower() if word == f"rel_type.{r}" else word,
                "shape": "line",
                "filter": "rel",
                "value": r,
                "colour": DIFF_UNCHANGED if diff else _EDGE_COLOURS.get(r, "#b0bec5"),
            }
        )
    if diff:
        out += [
            {"label": say(f"map.status.{s}"), "colour": c, "shape": "line", "status": s}
            for s, c in STATUS_COLOURS.items()
        ]
        out.append(
            {"label": say("map.diff_unchanged"), "colour": DIFF_UNCHANGED, "shape": "line", "status": "unchanged"}
        )
    return out


@lru_cache(maxsize=1)
def _vis_assets() -> tuple[str, str]:
    lib = Path(pyvis.__file__).resolve().parent / "templates" / "lib" / "vis-9.1.2"
    js = (lib / "vis-network.min.js").read_text(encoding="utf-8")
    return js, (lib / "vis-network.css").read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def _template() -> jinja2.Template:
    # The i18n extension's ``_``/``{% trans %}`` resolve to the ``say`` the page is rendered with.
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(_TEMPLATES)), autoescape=True, extensions=["jinja2.ext.i18n"]
    )
    return env.get_template("map.html.j2")


def _script_json(value: Any) -> str:
    # JSON inside <script>: "</" would end the script element early.
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")


def render_map_html(
    md: MapData,
    *,
    show_contacts: bool = False,
    background: bool = True,
    height: str = "100vh",
    say: Say = _plain,
    locale: str = "nl",
) -> str:
    """A self-contained HTML page for the map: physics off, fixed positions, legend, filter, search, PNG export.

    ``say`` words the catalogue's codes and messages (``api.i18n.sayer(locale)``): the title, legend, tooltips
    and the page's controls come from the catalogue, in ``locale``."""
    pos = md.positions or positions(md)
    geo = GeoStyle.of(md, pos)
    nodes, edges = vis_lists(md, pos, show_contacts=show_contacts, geo=geo, say=say)
    net = Network(height=height, width="100%", directed=True)
    net.nodes, net.edges, net.node_ids = nodes, edges, [n["id"] for n in nodes]  # in one go: add_node is O(n²)
    net.node_map = {n["id"]: n for n in nodes}
    net.toggle_physics(False)
    options = json.loads(net.options.to_json())
    big = len(nodes) + len(edges) > 4000
    options["layout"] = {"improvedLayout": False}
    # Labels vis still draws (band boxes, role labels on links) stop growing past 16 px on zoom.
    clamp = {"label": {"enabled": False, "maxVisible": 16, "drawThreshold": 6}}
    options["edges"] = {
        "smooth": False,
        "font": {"size": 10, "align": "middle"},
        "scaling": clamp,
        "selectionWidth": 2,
        "hoverWidth": 0,
    }  # colours are per edge
    options["nodes"] = {"font": {"size": 12, "face": "sans-serif"}, "scaling": clamp}
    options["interaction"] = {
        **options.get("interaction", {}),
        "hover": not big,
        "tooltipDelay": 150,
        "hideEdgesOnDrag": big,
        "hideEdgesOnZoom": big,
        "keyboard": {"enabled": True, "bindToWindow": False},
    }
    shapes: list[list[list[float]]] = []
    if background and md.mode in ("region", "diff"):
        shapes = outlines({n.id for n in md.nodes if n.kind == "gemeente"})
    headings = _band_headings(md, pos, geo, say)
    js, css = _vis_assets()
    regions = sorted(((n.name, n.id) for n in md.nodes if n.kind == "region"), key=lambda r: (r[0].lower(), r[1]))
    safe_code = "".join(c if c.isalnum() or c in "-_" else "-" for c in md.code)
    items = legend(md, say)
    words = {
        "rel": {i["value"]: i["label"] for i in items if i.get("filter") == "rel"},
        "status": {s: say(f"map.status.{s}") for s in STATUS_COLOURS},
        "more": say("map.panel.more"),
        "links": say("map.panel.links"),
        "found": say("map.found"),
        "of": say("map.list_of"),
        "shown": say("map.list_shown"),
        "as_of": say(msg("map.as_of", date=md.as_of)),
        "legend": say("map.legend"),
    }
    return _template().render(
        title=say(md.title),
        mode=md.mode,
        as_of=say(msg("map.as_of", date=md.as_of)),
        code=md.code,
        node_count=len(nodes),
        edge_count=len(edges),
        legend=items,
        regions=regions,
        unit=geo.unit if geo else 1.0,
        height=height,
        locale=locale,
        png_name=f"jbnet-kaart-{safe_code}-{md.as_of}.png",
        _=say,
        gettext=say,
        vis_js=Markup(js.replace("</script", "<\\/script")),
        vis_css=Markup(css.replace("</style", "<\\/style")),
        nodes_json=Markup(_script_json(net.nodes)),
        edges_json=Markup(_script_json(net.edges)),
        options_json=Markup(_script_json(options)),
        outlines_json=Markup(_script_json(shapes)),
        headings_json=Markup(_script_json(headings)),
        legend_json=Markup(_script_json(items)),
        words_json=Markup(_script_json(words)),
        wide_edges=sum(1 for e in edges if e.get("wide")),
    )


def _band_headings(
    md: MapData, pos: dict[str, tuple[float, float]], geo: GeoStyle | None, say: Say = _plain
) -> list[dict[str, Any]]:
    """A heading (the organisation type or body kind, in the legend's words) above each group in the band."""
    if geo is None or not geo.wide:
        return []
    out = []
    band = [n for n in md.nodes if n.id in geo.wide]
    for heading, ids in band_groups(band):
        if heading and ids[0] in pos:
            x, y = pos[ids[0]]
            first = next(n for n in band if n.id == ids[0])
            top = y - band_entry_height(first, geo.unit) / 2
            out.append({"text": _group_name(first, say), "x": x, "y": top - BAND_HEADING * geo.unit * 0.3,
                        "size": 10.0 * geo.unit})
    return out
