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


def test_region_filter_keeps_what_lies_in_serves_or_covers_the_region(p: Projection) -> None:
    everything = {h.key for h in search(p, "lokaal team", first=100).hits}
    food_valley = {h.key for h in search(p, "lokaal team", region="JZ21", first=100).hits}
    assert {"org-lt-ede", "org-lt-wageningen"} <= food_valley  # they serve a gemeente of Food Valley
    assert "org-lt-arnhem" in everything and "org-lt-arnhem" not in food_valley  # Arnhem is in JZ28
    assert food_valley < everything
    # A veiligheidsregio spans both jeugdhulpregio's: Arnhem's team is back, a provincie-wide GI too.
    vr07 = {h.key for h in search(p, "jeugd", region="VR07", first=100).hits}
    assert "org-jbg" in vr07  # serves PV25, which overlaps VR07
    assert "GM0796" not in {h.key for h in search(p, "s-hertogenbosch", region="VR07").hits}
    assert "GM0796" in {h.key for h in search(p, "s-hertogenbosch", region="PV30").hits}
    # Professionals are where their positions are: the Ede LT worker is in Food Valley, not in Arnhem e.o.
    people = {h.key for h in search(p, "Pieter Janssen", kinds=["professional"], region="JZ21").hits}
    assert people == {"prof-lt1"}
    assert not search(p, "Pieter Janssen", kinds=["professional"], region="SR-JZ28-arnhem-e-o").hits
    with pytest.raises(QueryError) as err:
        search(p, "ede", region="JZ99")
    assert err.value.message.code == "search.unknown_region"


def test_sort_by_name_freshness_and_organisation_type(p: Projection) -> None:
    relevance = search(p, "vt", first=100)
    by_name = search(p, "vt", first=100, sort="name")
    assert by_name.total_count == relevance.total_count
    assert [normalise(t) for t in titles(by_name)] == sorted(normalise(t) for t in titles(relevance))
    fresh = search(p, "vt", kinds=["professional"], first=100, sort="freshness")
    keys = [h.key for h in fresh.hits]
    assert keys[:2] == ["prof-vt3", "prof-vt4"]  # confirmed 2026-03-15, then 2026-03-01 ...
    assert keys.index("prof-vt1") < keys.index("prof-vt2")  # ... 2026-02-01 before 2025-06-01
    assert keys[-1] == "prof-vtm"  # never confirmed: last
    typed = search(p, "ede", first=100, sort="org_type")
    types = [(p.node(h.key) or {}).get("type") or (p.node(h.subtitle) or {}).get("type") for h in typed.hits
             if h.kind == "organisation"]
    assert types == sorted(types) and len(set(types)) > 1
    untyped = [h.kind in ("gemeente", "body") for h in typed.hits]
    assert untyped[-1] and untyped == sorted(untyped)  # no organisation type (gemeente, overleg): last
    with pytest.raises(QueryError) as err:
        search(p, "ede", sort="newest")
    assert err.value.message.code == "search.unknown_sort"
