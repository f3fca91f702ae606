"""The contactbeheer queries on the Gelderland demo network (loaded by init_store into a real SQLite file)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from graph.projection import Projection
from graph.queries.cases import case_deadlines, overdue_cases
from graph.queries.contacts import counterparts, escalation_path, lokaal_team_contacts
from graph.queries.freshness import responsible_party
from graph.queries.network import neighbouring_tafels, region_services
from graph.queries.search import search
from graph.schema import Label
from graph.store.sqlite_store import SQLiteStore
from loaders.demo import REFERENCE_DATE
from loaders.init import init_store

ON = REFERENCE_DATE.isoformat()
GELDERLAND = ("JZ12", "JZ17", "JZ21", "JZ25", "JZ28", "JZ30", "JZ32")


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Projection]:
    store = SQLiteStore(tmp_path_factory.mktemp("demo") / "jbnet.sqlite")
    init_store(store, demo=True)
    yield Projection.build(store)
    store.close()


def test_every_gelderland_gemeente_has_two_lt_people_and_a_regional_fallback(demo: Projection) -> None:
    gemeenten = [g for g in demo.keys(Label.GEMEENTE)
                 if any(d in GELDERLAND for d, _ in demo.out_edges(g, "IN_JEUGDHULPREGIO", on=ON))]
    assert len(gemeenten) > 40
    for gm in gemeenten:
        lt = lokaal_team_contacts(demo, gm, on=ON, today=ON)
        assert lt.medewerker and lt.koppelgenoot, gm
        assert lt.medewerker.professional.key != lt.koppelgenoot.professional.key
        assert lt.regionale_contactpersoon, gm
        for ot in ("gi", "veilig_thuis", "rvdk"):
            answer = counterparts(demo, gm, ot, on=ON, today=ON)
            assert any(c.professional for c in answer.contacts), (gm, ot)


def test_region_services_of_ede_and_arnhem(demo: Projection) -> None:
    ede = region_services(demo, "GM0228", on=ON)
    assert ede.ret and ede.ret.chairs and ede.jbt and ede.jbt.chairs and ede.boeg
    assert ede.backoffice.contacts
    arnhem = region_services(demo, "GM0202", on=ON)
    assert arnhem.aanmeldroute == "315" and arnhem.ret and arnhem.ret.local_name == "Perspectiefoverleg"
    assert neighbouring_tafels(demo, "JZ21", on=ON)[0].jeugdhulpregio == "JZ28"


def test_escalation_and_responsible_party(demo: Projection) -> None:
    path = escalation_path(demo, "GM0228", "lokaal_team", own_org_type="gi", on=ON)
    for step in path.steps:
        assert step.own_side and step.counterpart_side, step.step
    assert responsible_party(demo, "JZ12", on=ON).organisation.type == "veilig_thuis"
    assert responsible_party(demo, "JZ28", on=ON).organisation.type == "gemeente"


def test_cases_and_search(demo: Projection) -> None:
    overdue = [c for jz in GELDERLAND for c in overdue_cases(demo, jz, today=ON)]
    assert overdue and all(c.overdue for c in overdue)
    one = case_deadlines(demo, overdue[0].ref, today=ON)
    assert one.deadlines[0].who and one.lokaal_team.medewerker
    assert search(demo, "jeugdbescherming gelderland").hits[0].key == "org-jbg"
    assert search(demo, "VT arnhem", kinds=["organisation"]).hits[0].key == "org-vt-gelderland-midden"
    assert search(demo, "s-hertogenbosch").hits[0].key == "GM0796"
