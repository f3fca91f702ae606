"""Regional services of a gemeente and neighbouring tafels (§5.1 stories 5, 6, 7, 9, 11)."""

from __future__ import annotations

import pytest

from graph.messages import msg
from graph.projection import Projection
from graph.queries.index import QueryError
from graph.queries.network import neighbouring_tafels, region_services
from graph.queries.turnover import mark_inactive
from graph.schema import Label
from graph.service import GraphService

ON = "2026-04-01"


def test_ret_boeg_jbt_with_chairs(p: Projection) -> None:
    s = region_services(p, "GM0228", on=ON)
    assert s.ret and s.ret.name == "RET Food Valley" and s.ret.local_name == "Expertteam Food Valley"
    assert [c.name for c in s.ret.chairs] == ["Xander de Wit"]
    assert s.ret.note and "aanmeldformulier" in s.ret.note
    assert s.boeg and s.boeg.key == "body-boeg" and s.boeg.reason == msg(
        "body.covers", gemeente="Ede", level="Provincie", region="Gelderland")
    assert s.jbt and s.jbt.key == "body-jbt-food-valley" and s.jbt.chairs == ()
    assert s.jbt_max_wait_days == 14


def test_aanmeldroute_known_or_said_unknown(p: Projection) -> None:
    assert region_services(p, "GM0202", on=ON).aanmeldroute == "315"
    ede = region_services(p, "GM0228", on=ON)
    assert ede.aanmeldroute is None and ede.aanmeldroute_text == msg("aanmeldroute.unknown")


def test_backoffice_own_gemeente_else_centrale_gemeente(p: Projection) -> None:
    ede = region_services(p, "GM0228", on=ON).backoffice
    assert [c.professional.name for c in ede.contacts] == ["Tom Prins"]
    assert ede.found_via.code == "service.found.own_gemeente" and ede.found_via.args["role"] == "backoffice"
    # Wageningen has no municipal organisation on record: the centrale gemeente (Ede) answers.
    wag = region_services(p, "GM0289", on=ON).backoffice
    assert [c.professional.name for c in wag.contacts] == ["Tom Prins"]
    assert wag.found_via.code == "service.found.centrale"
    assert wag.found_via.args["gemeenten"] == ("Ede",)
    arnhem = region_services(p, "GM0202", on=ON).backoffice
    assert [c.professional.name for c in arnhem.contacts] == ["Wim Meijer"]


def test_zorgbemiddelaar_and_aangewezen_functionaris(p: Projection) -> None:
    s = region_services(p, "GM0228", on=ON)
    assert [c.professional.name for c in s.zorgbemiddelaar.contacts] == ["Sara Koster"]
    assert [c.professional.name for c in s.aangewezen_functionaris.contacts] == ["Ulla Vos"]
    arnhem = region_services(p, "GM0202", on=ON)
    assert arnhem.zorgbemiddelaar.contacts == () and arnhem.zorgbemiddelaar.found_via.code == "service.found.none"


def test_neighbouring_tafel_shares_a_veiligheidsregio(p: Projection) -> None:
    near = neighbouring_tafels(p, "JZ21", on=ON)
    assert [n.jeugdhulpregio for n in near] == ["JZ28"]
    assert near[0].tafel.local_name == "Beschermingstafel" and [c.name for c in near[0].tafel.chairs] == ["Zoë Maas"]
    assert near[0].reason.code == "tafel.shares_veiligheidsregio"
    assert any("Gelderland-Midden" in r for r in near[0].reason.args["regions"])
    # Noordoost-Brabant shares no veiligheidsregio with anyone: the nearest tafels are offered instead.
    far = neighbouring_tafels(p, "JZ31", on=ON)
    assert {n.jeugdhulpregio for n in far} == {"JZ21", "JZ28"} and far[0].reason == msg("tafel.nearest")
    with pytest.raises(QueryError):
        neighbouring_tafels(p, "GM0228")


def test_neighbouring_tafels_memoised_until_the_next_write(service: GraphService) -> None:
    """The answer (every region's tafel looked at) is kept with the day's contact index: the same answer in a
    fresh list each time, and a write that changes a neighbour's tafel is seen at once."""
    p = service.projection
    first = neighbouring_tafels(p, "JZ21", on=ON)
    first.clear()  # a caller's change to its list is not the next caller's answer
    again = neighbouring_tafels(p, "JZ21", on=ON)
    assert [c.name for c in again[0].tafel.chairs] == ["Zoë Maas"]
    chair = next(k for k in p.keys(Label.PROFESSIONAL) if (p.node(k) or {}).get("name") == "Zoë Maas")
    mark_inactive(service, chair, actor="test", on="2026-03-01")
    assert neighbouring_tafels(service.projection, "JZ21", on=ON)[0].tafel.chairs == ()


def test_region_services_memoised_per_graph_version(service: GraphService) -> None:
    """The region's services (~15 % of a gemeente page's render) are worked out once per graph version, day and
    rules: the same answer object until a write, which is seen at once; other rules get their own answer."""
    p = service.projection
    first = region_services(p, "GM0228", on=ON)
    assert region_services(p, "GM0228", on=ON) is first
    assert [c.professional.name for c in first.backoffice.contacts if c.professional] == ["Tom Prins"]
    stricter = service.settings.rules.model_copy(update={"jbt_max_wait_days": 7})
    assert region_services(p, "GM0228", on=ON, rules=stricter).jbt_max_wait_days == 7
    assert region_services(p, "GM0228", on=ON) is first
    tom = next(k for k in p.keys(Label.PROFESSIONAL) if (p.node(k) or {}).get("name") == "Tom Prins")
    mark_inactive(service, tom, actor="test", on="2026-03-01")
    after = region_services(service.projection, "GM0228", on=ON)
    assert after is not first
    assert "Tom Prins" not in [c.professional.name for c in after.backoffice.contacts if c.professional]
