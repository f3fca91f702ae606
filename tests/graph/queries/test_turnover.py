"""Turnover: successor, leaver (never deleted), bulk reassign in one transaction, vacancies."""

from __future__ import annotations

import pytest

from graph.queries.contacts import counterparts
from graph.queries.index import QueryError
from graph.queries.turnover import assign_successor, bulk_reassign, mark_inactive, vacancies
from graph.schema import RelType
from graph.service import GraphService

DAY = "2026-05-01"


def holders(service: GraphService, position: str, on: str) -> list[str]:
    return sorted(src for src, _ in service.projection.in_edges(position, RelType.HOLDS, on=on))


def test_mark_inactive_closes_roles_keeps_history_and_vacates(service: GraphService) -> None:
    result = mark_inactive(service, "prof-vt3", actor="coordinator-jz21", on=DAY)
    p = service.projection
    node = p.node("prof-vt3")
    assert node and node["active"] is False and node["inactive_since"] == DAY
    assert result.vacated == ("pos-vt-ede",)
    assert p.node("pos-vt-ede")["vacant_since"] == DAY
    assert holders(service, "pos-vt-ede", "2026-04-30") == ["prof-vt3"]  # as-of views still see the past
    assert holders(service, "pos-vt-ede", DAY) == []
    assert service.store.get_node("prof-vt3") is not None  # never deleted
    # Ede now shows the vacancy and then the fallback, never the leaver.
    answer = counterparts(p, "GM0228", "veilig_thuis", on=DAY)
    assert answer.contacts[0].vacant_since == DAY and answer.contacts[0].professional is None
    with pytest.raises(QueryError, match="inactive"):
        mark_inactive(service, "prof-vt3", actor="x", on=DAY)


def test_assign_successor_fills_vacancy_and_adds_employment(service: GraphService) -> None:
    mark_inactive(service, "prof-vt3", actor="c", on=DAY)
    result = assign_successor(service, "pos-vt-ede", "prof-vtm", actor="c", on="2026-05-04")
    p = service.projection
    assert result.filled == ("pos-vt-ede",)
    assert "vacant_since" not in p.node("pos-vt-ede")
    answer = counterparts(p, "GM0228", "veilig_thuis", on="2026-05-04")
    assert [c.professional.name for c in answer.contacts] == ["Eva Visser"]
    # Replacing the primary of a held position closes the previous holder's relationship.
    assign_successor(service, "pos-lt-ede", "prof-lt3", actor="c", on=DAY)
    assert holders(service, "pos-lt-ede", DAY) == ["prof-lt2", "prof-lt3"]
    assert any(o == "org-lt-ede" for o, _ in p.out_edges("prof-lt3", RelType.WORKS_AT, on=DAY))
    with pytest.raises(QueryError, match=r"^turnover\.already_holds\("):
        assign_successor(service, "pos-lt-ede", "prof-lt3", actor="c", on=DAY)


def test_bulk_reassign_is_one_transaction(service: GraphService) -> None:
    before = service.store.last_seq()
    result = bulk_reassign(service, "prof-lt1", "prof-gw-lt", actor="c", on=DAY)
    entries = service.store.changes_since(before)
    assert len({e.ts for e in entries}) == 1  # one batch: one transaction, one timestamp
    assert result.filled == ("pos-lt-ede",) and result.changes == len(entries)
    assert holders(service, "pos-lt-ede", DAY) == ["prof-gw-lt", "prof-lt2"]
    moved = [d for s, d in service.projection.in_edges("pos-lt-ede", RelType.HOLDS, on=DAY) if s == "prof-gw-lt"]
    assert moved[0]["priority"] == "primary"
    with pytest.raises(QueryError, match=r"^turnover\.nothing_to_reassign\("):
        bulk_reassign(service, "prof-lt1", "prof-gw-lt", actor="c", on=DAY)


def test_failed_write_leaves_nothing_half_written(service: GraphService) -> None:
    before = service.store.last_seq()
    with pytest.raises(QueryError):
        bulk_reassign(service, "prof-lt1", "prof-jb-old", actor="c", on=DAY)  # target is inactive
    with pytest.raises(QueryError):
        assign_successor(service, "pos-vt-ede", "prof-nobody", actor="c", on=DAY)
    with pytest.raises(QueryError, match=r"^query\.invalid_date\("):
        mark_inactive(service, "prof-lt1", actor="c", on="1 mei")
    assert service.store.last_seq() == before


def test_vacancies_per_region(service: GraphService) -> None:
    p = service.projection
    assert [v.position.key for v in vacancies(p, "JZ21", on="2026-04-01")] == ["pos-lt-wageningen"]
    assert [v.position.key for v in vacancies(p, "GM0289", on="2026-04-01")] == ["pos-lt-wageningen"]
    assert vacancies(p, "JZ28", on="2026-04-01") == []
    mark_inactive(service, "prof-lt4", actor="c", on=DAY)
    assert [v.position.key for v in vacancies(p, "JZ28", on=DAY)] == ["pos-lt-arnhem-1"]
    assert [v.position.key for v in vacancies(p, "PV25", on=DAY)] == ["pos-lt-wageningen", "pos-lt-arnhem-1"]
    with pytest.raises(QueryError, match=r"^turnover\.unknown_region\("):
        vacancies(p, "prof-lt1")
