"""Layout and HTML of the maps: real positions, hierarchy, offline page, contacts only when allowed."""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from api.i18n import sayer
from graph.projection import Projection
from graph.queries.network_map import MapData, diff_map, ego_map, network_map
from graph.schema import Label, Node
from graph.service import GraphService
from graph.store.base import ChangeBatch
from tests.support import open_demo_service
from viz.layout import cache_info, positions, project
from viz.pyvis_map import GeoStyle, legend, vis_lists
from viz.pyvis_map import render_map_html as _render_map_html


def render_map_html(md: MapData, **kwargs: Any) -> str:
    """The map as the app renders it: words from the Dutch catalogue."""
    return _render_map_html(md, say=sayer("nl"), **kwargs)


FV = "body-toekomsttuin-food-valley"


@pytest.fixture(scope="module")
def svc(tmp_path_factory: pytest.TempPathFactory) -> Iterator[GraphService]:
    service = open_demo_service(Path(tmp_path_factory.mktemp("viz")) / "jbnet.sqlite")
    yield service
    service.close()


@pytest.fixture(scope="module")
def p(svc: GraphService) -> Projection:
    return svc.projection


def test_gemeenten_at_their_real_location_and_organisations_beside_them(p: Projection) -> None:
    md = network_map(p, "JZ21", layout=positions)
    ede, barneveld = md.positions["GM0228"], md.positions["GM0203"]
    assert ede == pytest.approx(project(p.node("GM0228")["lat"], p.node("GM0228")["lon"]), abs=0.1)
    assert ede[0] > barneveld[0]  # Ede lies east of Barneveld
    lt = next(n.id for n in md.nodes if n.kind == "organisation" and n.group == "lokaal_team" and n.near == ["GM0228"])
    assert math.dist(md.positions[lt], ede) < 200
    assert len(md.positions) == len(md.nodes)


def test_governance_layout_is_hierarchical(p: Projection) -> None:
    md = network_map(p, FV, layout=positions)
    y = {n.group: md.positions[n.id][1] for n in md.nodes if n.kind == "body"}
    assert y["stuurgroep"] < y["projectgroep"] < y["toekomsttuin"] < y["kerngroep"]
    org_y = {md.positions[n.id][1] for n in md.nodes if n.kind == "organisation"}
    assert min(org_y) > y["kerngroep"]  # members below the bodies


def test_layout_is_cached_per_projection_version(svc: GraphService) -> None:
    p = svc.projection
    first = positions(network_map(p, "JZ28"))
    hits = cache_info()["hits"]
    assert positions(network_map(p, "JZ28")) is first
    assert cache_info()["hits"] == hits + 1
    body = Node(label=Label.BODY, key="body-viz-test", props={"name": "x", "kind": "werkgroep"})
    svc.write(ChangeBatch(nodes=[body]), "test")
    assert positions(network_map(p, "JZ28")) is not first  # a new graph version lays out again


def test_page_is_offline_with_legend_and_node_count(p: Projection) -> None:
    md = network_map(p, "JZ21", layout=positions)
    html = render_map_html(md)
    assert f'data-node-count="{len(md.nodes)}"' in html
    assert 'id="legend"' in html and "Lokaal Team" in html and "toekomsttuin" in html
    assert not re.search(r"<(script|link|img|iframe)[^>]+(src|href)=", html, re.I)
    assert not re.search(r"<link\b|@import|url\(\s*['\"]?https?:", html, re.I)
    page = re.sub(r"<script>.*?</script>", "", html, flags=re.S)  # vis-network's licence comments name URLs
    assert "http" not in page and "bootstrap" not in page.lower()
    assert "vis.Network" in html and 'id="search"' in html and "toDataURL" in html
    assert 'class="filter orgtype" data-filter="org"' in html


def test_contacts_only_for_allowed_viewers(p: Projection) -> None:
    md = network_map(p, FV, expand=True, contacts=True, layout=positions)
    email = next(n.email for n in md.nodes if n.kind == "professional" and n.email)
    assert email in render_map_html(md, show_contacts=True)
    assert email not in render_map_html(md, show_contacts=False)
    # without contacts=True the data does not even carry them
    assert not any(n.email for n in network_map(p, FV, expand=True).nodes)


def test_names_cannot_break_out_of_the_script(svc: GraphService) -> None:
    evil = "</script><script>alert(1)</script>"
    svc.write(
        ChangeBatch(nodes=[Node(label=Label.BODY, key="body-viz-evil", props={"name": evil, "kind": "overleg"})]),
        "test",
    )
    from graph.schema import Edge, RelType

    svc.write(
        ChangeBatch(
            edges=[
                Edge(
                    type=RelType.COVERS,
                    src="body-viz-evil",
                    dst="JZ21",
                    src_label=Label.BODY,
                    dst_label=Label.JEUGDHULPREGIO,
                )
            ]
        ),
        "test",
    )
    html = render_map_html(network_map(svc.projection, "JZ21", layout=positions))
    assert evil not in html and "<\\/script><script>alert(1)<\\/script>" in html


def test_ego_and_diff_pages_render(p: Projection) -> None:
    leader = "prof-demo-0449"
    ego = ego_map(p, leader, depth=2, layout=positions)
    assert ego.positions[leader] == (0.0, 0.0)
    html = render_map_html(ego)
    assert 'data-mode="ego"' in html
    dm = diff_map(p, "PV25", "2019-01-01", "2022-01-01", layout=positions)
    html = render_map_html(dm)
    assert 'data-mode="diff"' in html and "added" in html


def test_province_map_is_readable(p: Projection) -> None:
    md = network_map(p, "PV25", layout=positions)
    geo = GeoStyle.of(md, md.positions)
    assert geo is not None and geo.unit > 1  # a province is drawn larger than a jeugdhulpregio
    nodes, edges = vis_lists(md, md.positions, show_contacts=False, geo=geo)
    by_id = {n["id"]: n for n in nodes}
    # every gemeente carries its name for the label layer, drawn at a fixed 12 px whatever the zoom
    gemeenten = [n for n in nodes if n["kind"] == "gemeente"]
    assert len(gemeenten) == 51 and all(n["lbl"] == n["name"] and n["fs"] == 12 for n in gemeenten)
    assert not any("label" in n for n in gemeenten)  # not vis labels: those grow with the zoom
    # no two nodes on one spot
    spots = [(round(x), round(y)) for x, y in md.positions.values()]
    assert len(spots) == len(set(spots)) == len(md.nodes)
    # the province-wide GI sits in the band east of every gemeente, not in a pile at Arnhem
    gi = next(n for n in md.nodes if n.kind == "organisation" and n.group == "gi" and len(n.near) == 51)
    assert gi.id in geo.wide and by_id[gi.id]["shape"] == "box"
    assert md.positions[gi.id][0] > max(md.positions[g["id"]][0] for g in gemeenten)
    band = [md.positions[k] for k in geo.wide]
    assert len({(round(x), round(y)) for x, y in band}) == len(band)
    # its links are marked to be hidden until asked for; a local team's link to its gemeente is not
    wide_edges = [e for e in edges if e.get("wide")]
    assert wide_edges and all(e["from"] in geo.wide or e["to"] in geo.wide for e in wide_edges)
    lt = next(n.id for n in md.nodes if n.group == "lokaal_team" and n.near == ["GM0228"])
    assert lt in geo.local and not any(e.get("wide") for e in edges if e["from"] == lt)
    assert math.dist(md.positions[lt], md.positions["GM0228"]) < 40 * geo.unit  # just above Ede
    html = render_map_html(md)
    assert 'id="wide-links"' in html and f"toon de verbindingen van kaartbrede organisaties ({len(wide_edges)})" in html


def test_names_are_ranked_regional_before_local(p: Projection) -> None:
    """The label layer gives room to names in rank order: on a province, regions and gemeenten before the crowd
    of regional organisations and the local teams, which appear as one zooms in."""
    md = network_map(p, "PV25", layout=positions)
    geo = GeoStyle.of(md, md.positions)
    assert geo is not None
    nodes, _ = vis_lists(md, md.positions, show_contacts=False, geo=geo)
    rank = {n["id"]: n["rank"] for n in nodes}
    by_kind: dict[str, list[float]] = {}
    for n in md.nodes:
        if n.id not in geo.wide:
            by_kind.setdefault("local" if n.id in geo.local else n.kind, []).append(rank[n.id])
    assert min(by_kind["region"]) > max(by_kind["gemeente"]) > max(by_kind["local"])
    assert min(by_kind["gemeente"]) > max(by_kind["organisation"])  # > 20 regional ones: quiet on a province
    small = network_map(p, "JZ21", layout=positions)  # a jeugdhulpregio: its few regional names rank high
    sgeo = GeoStyle.of(small, small.positions)
    assert sgeo is not None
    snodes, _ = vis_lists(small, small.positions, show_contacts=False, geo=sgeo)
    regional = [
        n["rank"]
        for n in snodes
        if n["kind"] in ("organisation", "body") and n["id"] not in sgeo.local and n["id"] not in sgeo.wide
    ]
    assert regional and min(regional) >= 50


def test_national_map_names_regions_before_gemeenten(p: Projection) -> None:
    md = network_map(p, "NL", kinds=["organisation", "gemeente", "region"], layout=positions)
    geo = GeoStyle.of(md, md.positions)
    assert geo is not None and not geo.gemeente_labels
    nodes, _ = vis_lists(md, md.positions, show_contacts=False, geo=geo)
    provinces = [n["rank"] for n in nodes if n["kind"] == "region" and n["id"].startswith("PV")]
    gemeenten = [n["rank"] for n in nodes if n["kind"] == "gemeente"]
    assert provinces and min(provinces) > max(gemeenten)
    assert all(n["fs"] == 15 for n in nodes if n["kind"] == "region" and n["id"].startswith("PV"))


def test_diff_map_edges_use_the_legend_colours(p: Projection) -> None:
    dm = diff_map(p, "JZ21", "2019-01-01", "2026-01-01", layout=positions)
    items = legend(dm, sayer("nl"))
    colours = {i["status"]: i["colour"] for i in items if i.get("status")}
    assert set(colours) == {"added", "ended", "changed", "unchanged"}
    nodes, edges = vis_lists(dm, dm.positions, show_contacts=False, geo=GeoStyle.of(dm, dm.positions))
    assert {e["status"] for e in edges if e.get("status")} >= {"added"}
    for e in edges:
        assert e["color"] == colours[e.get("status", "unchanged")], e
    # every relationship type on the map is in the legend with its filter
    assert {i["value"] for i in items if i.get("filter") == "rel"} == {e["type"] for e in edges}
    assert all(n["lbl"] for n in nodes if not n.get("band"))  # the diff map is labelled


def test_legend_sits_beside_the_map_and_folds(p: Projection) -> None:
    html = render_map_html(network_map(p, "JZ21", layout=positions))
    assert '<details id="legend" open>' in html and "<summary>Legenda</summary>" in html
    legend_html = html[html.index('<details id="legend"') : html.index("</details>")]
    for kind in ("org", "body", "rel"):  # the filters are part of the legend
        assert f'data-filter="{kind}"' in legend_html
    assert 'value="lokaal_team"' in legend_html and 'value="toekomsttuin"' in legend_html
    assert html.index('<div id="map"') < html.index('<aside id="panel"') < html.index('<details id="legend"')


# English UI words the maps used to show; none may appear in a Dutch map (the texts come from the catalogue).
_ENGLISH_UI = (
    "Legend",
    "Search name",
    "Search the map",
    "Export PNG",
    "as of ",
    " nodes ",
    " links",
    "Organisation",
    "Filter by",
    "Region (",
    "Body (",
    "Position",
    "members: ",
    "role: ",
    "function: ",
    "phone: ",
    "change: ",
    "Network: ",
    "Governance: ",
    "Ego network",
    "Changes ",
    "local name: ",
    " found",
)


def _visible(html: str) -> str:
    """What the map shows: the page without scripts and styles, plus its node data (tooltips) and the texts its
    script writes (quoted strings), never the code or its comments."""
    page = re.sub(r"<(script|style)>.*?</\1>", "", html, flags=re.S)
    own = html[html.rindex("<script>") :]
    data = re.findall(r"var rawNodes = (.*?);\n", own)
    strings = re.findall(r'"(?:[^"\\\n]|\\.)*"', re.sub(r"var raw\w+ = .*?;\n", "", own))
    return "\n".join([page, *data, *strings])


@pytest.mark.parametrize("build", ["region", "governance", "ego", "diff"])
def test_maps_show_only_catalogue_text(p: Projection, build: str) -> None:
    md = {
        "region": lambda: network_map(p, "JZ21", layout=positions),
        "governance": lambda: network_map(p, "body-toekomsttuin-food-valley", layout=positions),
        "ego": lambda: ego_map(p, "prof-demo-0001", depth=1, contacts=True),
        "diff": lambda: diff_map(p, "JZ21", "2021-01-01", "2026-01-01"),
    }[build]()
    html = _visible(render_map_html(md, show_contacts=True))
    found = [w for w in _ENGLISH_UI if re.search(rf"(?<![A-Za-z]){re.escape(w)}(?![a-z])", html)]  # not "Legenda"
    assert not found, f"English UI text on the Dutch {build} map: {found}"
    assert "Zoek naam…" in html and "Exporteer PNG" in html and "Legenda" in html


def test_a_map_in_english_is_the_second_locale(p: Projection) -> None:
    md = network_map(p, "JZ21", layout=positions)
    html = _render_map_html(md, say=sayer("en"), locale="en")
    assert '<html lang="en">' in html and "Search name…" in html and "<summary>Legend</summary>" in html
    assert "Network: Food Valley" in html and "Local Team" in html


def test_date_and_tooltips_read_as_dutch(p: Projection) -> None:
    md = network_map(p, "JZ21", as_of="2026-01-15", layout=positions)
    html = render_map_html(md)
    assert '<span class="meta">stand 15 januari 2026 ·' in html and "stand 2026-01-15" not in html
    nodes, _ = vis_lists(md, positions(md), show_contacts=False, say=sayer("nl"))
    ede = next(n for n in nodes if n["id"] == "GM0228")
    assert ede["tip"][:2] == ["Ede", "gemeente"]  # the kind once, not "gemeente: gemeente"
    lt = next(n for n in nodes if n["group_key"] == "lokaal_team")
    assert lt["tip"][1] == "organisatie: Lokaal Team"


def test_legend_and_band_headings_name_body_kinds_and_types_in_words(p: Projection) -> None:
    """Body kinds in the legend, filter and band headings are the catalogue's names ("Toekomsttuin", "RET"),
    not the data's codes ("toekomsttuin", "jeugdbeschermingstafel"); organisation types likewise ("Veilig Thuis")."""
    from graph.queries.governance import BODY_LEVEL
    from viz.pyvis_map import _band_headings

    say = sayer("nl")
    md = network_map(p, "PV25", layout=positions)
    bodies = [i for i in legend(md, say) if i.get("filter") == "body"]
    assert {i["value"] for i in bodies} >= {"toekomsttuin", "jeugdbeschermingstafel"}
    for item in bodies:
        assert item["label"] == say(f"body_kind.{item['value']}") and item["label"][0].isupper(), item
    assert {say(f"body_kind.{k}") for k in BODY_LEVEL} == {k[0].upper() + k[1:] for k in BODY_LEVEL} - {
        "Ret", "Boeg"} | {"RET", "BOEG"}
    pos = positions(md)
    headings = {h["text"] for h in _band_headings(md, pos, GeoStyle.of(md, pos), say)}
    assert headings, "the province map has a band of organisations and bodies"
    assert all(h[0].isupper() for h in headings), headings
    assert {"Gecertificeerde instelling (GI)", "Leerstructuur"} <= headings, headings  # was "gi", "leerstructuur"


@pytest.mark.parametrize("locale", ["nl", "en"])
def test_every_node_kind_has_words_and_a_legend_entry(locale: str) -> None:
    """A node of each kind the map builder can give (MAP_NODE_KINDS: meetings and 'other' too) is named in the
    tooltip and the legend by the catalogue, never by its code ("map.kind.meeting")."""
    from graph.messages import msg
    from graph.queries.network_map import MAP_NODE_KINDS, MapNode

    say = sayer(locale)
    nodes = [MapNode(id=f"n-{k}", name=f"Naam {k}", kind=k, group=k) for k in MAP_NODE_KINDS]
    md = MapData(mode="ego", code="n-meeting", title=msg("map.title.ego", name="Naam", depth=1), as_of="2026-01-15",
                 nodes=nodes, edges=[])
    drawn, _ = vis_lists(md, positions(md), show_contacts=False, say=say)
    tips = {n["id"]: n["tip"] for n in drawn}
    for k in MAP_NODE_KINDS:
        assert not any("map." in line for line in tips[f"n-{k}"]), (k, tips[f"n-{k}"])
    entries = legend(md, say)
    labels = [e["label"] for e in entries]
    assert not [w for w in labels if w.startswith("map.")], labels
    assert len([e for e in entries if "filter" not in e]) == len(MAP_NODE_KINDS), labels  # one entry per kind
