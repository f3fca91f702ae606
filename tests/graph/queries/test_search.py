"""Search: accents/case, abbreviations, region context, typos, ranking, pagination."""

from __future__ import annotations

import pytest

from graph.projection import Projection
from graph.queries.index import QueryError
from graph.queries.search import normalise, search


def titles(page) -> list[str]:
    return [h.title for h in page.hits]


def test_normalise() -> None:
    assert normalise("'s-Hertogenbosch") == "s hertogenbosch"
    assert normalise("Zoë  MAAS") == "zoe maas"


def test_full_organisation_name_ranks_first(p: Projection) -> None:
    page = search(p, "jeugdbescherming gelderland")
    assert titles(page)[0] == "Jeugdbescherming Gelderland"
    assert page.hits[0].kind == "organisation"


def test_abbreviation_and_served_region(p: Projection) -> None:
    page = search(p, "VT arnhem", kinds=["organisation"])
    assert titles(page) == ["Veilig Thuis Gelderland-Midden"]  # not the Brabant one: it does not serve Arnhem
    assert "VT contactpersoon Gelderland-Midden" in titles(search(p, "vt arnhem"))


def test_accents_apostrophes_and_aliases(p: Projection) -> None:
    assert titles(search(p, "s-hertogenbosch"))[0] == "'s-Hertogenbosch"
    assert titles(search(p, "den bosch"))[0] == "'s-Hertogenbosch"
    assert titles(search(p, "zoe maas")) == ["Zoë Maas"]


def test_misspelt_surname(p: Projection) -> None:
    page = search(p, "Jansen", kinds=["professional"])
    assert titles(page) == ["Pieter Janssen"]


def test_inactive_professionals_are_not_found(p: Projection) -> None:
    assert search(p, "Lars Willems", kinds=["professional"]).total_count == 0


def test_pagination_and_total_count(p: Projection) -> None:
    first = search(p, "ede", first=2)
    assert first.total_count > 4 and len(first.hits) == 2 and first.has_next_page
    second = search(p, "ede", first=2, after=first.end_cursor)
    assert second.has_previous_page
    assert not set(titles(first)) & set(titles(second))
    everything = search(p, "ede", first=100)
    assert titles(everything)[:4] == titles(first) + titles(second)


def test_bad_input(p: Projection) -> None:
    with pytest.raises(QueryError, match="empty"):
        search(p, "  ")
    with pytest.raises(QueryError, match=r"^search\.unknown_kinds\("):
        search(p, "ede", kinds=["meeting"])
    with pytest.raises(QueryError, match="first"):
        search(p, "ede", first=1000)
    with pytest.raises(QueryError, match="cursor"):
        search(p, "ede", after="bm9wZQ==")


def test_bodies_are_found_by_name_local_name_and_covered_region(p: Projection) -> None:
    # A JBT by its kind and region, and by the local name a region gives it (JZ28: "Beschermingstafel").
    page = search(p, "jeugdbeschermingstafel", kinds=["body"])
    assert page.hits and all(h.kind == "body" and h.key.startswith("body-jbt-") for h in page.hits)
    local = search(p, "beschermingstafel", kinds=["body"]).hits
    assert local and all(h.kind == "body" for h in local)
    assert search(p, "RET", kinds=["body"]).hits[0].subtitle == "ret"  # the abbreviation, via the body's kind
