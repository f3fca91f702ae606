"""Issue #13, problem 7, in Chromium at 1280 and 375 px: a form that fails keeps what was typed and shows each
error next to its field; a saved action answers POST -> 303 redirect -> GET with a Dutch confirmation, and a
reload shows the page again without sending the form twice. Screenshots in the test's tmp dir."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from graph.schema import Label
from tests.web.conftest import BrowserSession, WebServer
from tests.web.test_coordinator_loop import pick

pytestmark = pytest.mark.browser

SignedIn = Callable[[str], BrowserSession]
TAKEN_BY = "prof-demo-0082"  # a demo professional whose work e-mail a new colleague cannot reuse


def _people_named(web_server: WebServer, name: str) -> list[str]:
    p = web_server.service.projection
    return [k for k in p.keys(Label.PROFESSIONAL) if (p.node(k) or {}).get("name") == name]


def _error_beside(page: Any, label: str) -> str:
    """The error text the field labelled ``label`` points at (aria-describedby), checked to sit in its form field."""
    field = page.get_by_label(label, exact=True)
    assert field.get_attribute("aria-invalid") == "true", f"{label}: not marked invalid"
    error = page.locator(f"#{field.get_attribute('aria-describedby')}")
    assert error.is_visible()
    same_field = error.evaluate("(e, f) => e.closest('.utrecht-form-field') === f.closest('.utrecht-form-field')",
                                field.element_handle())
    assert same_field, f"{label}: the error is not in the field's own form field"
    box, err = field.bounding_box(), error.bounding_box()
    assert box and err and abs(err["y"] - box["y"]) < 120, f"{label}: the error is not next to the field"
    return str(error.inner_text())


@pytest.mark.parametrize("width,height", [(1280, 900), (375, 812)])
def test_a_failed_form_keeps_the_input_and_a_saved_one_redirects_once(
        signed_in: SignedIn, web_server: WebServer, tmp_path: Path, width: int, height: int) -> None:
    s = signed_in("coordinator")
    s.page.set_viewport_size({"width": width, "height": height})
    name, function = f"Noor Formuliertest {width}", "Jeugdconsulent"
    taken = web_server.service.projection.node(TAKEN_BY)["email"]
    posts: list[tuple[str, int]] = []
    s.page.on("response", lambda r: posts.append((r.url, r.status)) if r.request.method == "POST" else None)

    s.goto("/mensen/nieuw")
    s.page.get_by_label("Naam", exact=True).fill(name)
    s.page.get_by_label("Functie", exact=True).fill(function)
    s.page.get_by_label("E-mailadres (werk)", exact=True).fill(taken)
    s.page.get_by_label("Telefoon (werk)", exact=True).fill("12ab")
    pick(s.page, "Organisatie", "Lokaal Team Barneveld")
    s.page.get_by_role("button", name="Toevoegen").click()
    s.page.get_by_role("alert").wait_for()
    assert posts[-1][1] == 422 and not _people_named(web_server, name)
    # What was typed is still there, and the organisation still chosen ...
    assert s.page.get_by_label("Naam", exact=True).input_value() == name
    assert s.page.get_by_label("Functie", exact=True).input_value() == function
    assert s.page.get_by_label("E-mailadres (werk)", exact=True).input_value() == taken
    assert s.page.get_by_label("Telefoon (werk)", exact=True).input_value() == "12ab"
    assert s.page.get_by_role("radio", name="Lokaal Team Barneveld").first.is_checked()
    # ... and each error stands next to its own field, in Dutch.
    assert "al" in _error_beside(s.page, "E-mailadres (werk)")
    assert _error_beside(s.page, "Telefoon (werk)")
    s.page.screenshot(path=str(tmp_path / f"fout-bewaard-{width}.png"), full_page=True)

    s.page.get_by_label("E-mailadres (werk)", exact=True).fill(f"noor.formuliertest.{width}@lt-barneveld.example")
    s.page.get_by_label("Telefoon (werk)", exact=True).fill("0342-123456")
    s.page.get_by_role("button", name="Toevoegen").click()
    confirmation = s.page.get_by_text(f"{name} is toegevoegd bij Lokaal Team Barneveld.")
    confirmation.wait_for()
    assert posts[-1][1] == 303, posts  # POST -> redirect ...
    (key,) = _people_named(web_server, name)
    assert s.page.url == f"{web_server.base_url}/mensen/{key}"  # ... -> GET of the new person's page
    s.page.screenshot(path=str(tmp_path / f"opgeslagen-{width}.png"), full_page=True)

    sent = len(posts)
    response = s.page.reload()
    assert response.request.method == "GET" and response.status == 200
    assert len(posts) == sent, "the reload sent the form again"
    assert confirmation.count() == 0  # the confirmation was shown once
    assert s.page.get_by_role("heading", name=name).first.is_visible()
    assert _people_named(web_server, name) == [key]
    s.page.set_viewport_size({"width": 1280, "height": 900})
    s.check(f"formulier-{width}")
    assert sorted(p.name for p in tmp_path.glob("*.png")) == sorted(
        [f"fout-bewaard-{width}.png", f"opgeslagen-{width}.png"])


@pytest.mark.parametrize("width,height", [(1280, 900), (375, 812)])
def test_a_failed_hand_over_keeps_both_choices_and_the_date(
        signed_in: SignedIn, web_server: WebServer, tmp_path: Path, width: int, height: int) -> None:
    """On the Regio page, a hand-over the domain refuses (nobody holds a position on that date) came back as a
    bare error page, the two people and the date lost; now the form returns with them and the reason beside
    the date."""
    p = web_server.service.projection
    van, naar = (str(p.node(k)["name"]) for k in ("prof-demo-0082", "prof-demo-0083"))
    s = signed_in("coordinator")
    s.page.set_viewport_size({"width": width, "height": height})
    s.goto("/regio/JZ21")
    form = s.page.locator("form[action='/regio/JZ21/overdragen']")
    pick(form, "Van", van)
    pick(form, "Naar", naar)
    form.get_by_label("Per datum").fill("1990-01-01")
    with s.page.expect_response(lambda r: r.request.method == "POST") as answer:
        form.get_by_role("button", name="Overdragen").click()
    assert answer.value.status == 422
    form = s.page.locator("form[action='/regio/JZ21/overdragen']")
    form.wait_for()
    assert form.get_by_role("radio", name=re.compile("^" + re.escape(van))).first.is_checked()
    assert form.get_by_role("radio", name=re.compile("^" + re.escape(naar))).first.is_checked()
    assert form.get_by_label("Per datum").input_value() == "1990-01-01"
    assert "Overdragen lukte niet" in _error_beside(form, "Per datum")
    s.page.screenshot(path=str(tmp_path / f"overdragen-fout-{width}.png"), full_page=True)
    assert (tmp_path / f"overdragen-fout-{width}.png").stat().st_size > 0
    s.page.set_viewport_size({"width": 1280, "height": 900})
    s.check(f"overdragen-fout-{width}")


def test_a_failed_leaving_date_keeps_the_person_and_the_date(web_server: WebServer) -> None:
    """'Vertrokken' with a date the domain cannot read: the form again (422) with the choice and the typed date
    and the reason beside the date field; nothing written."""
    from tests.web.conftest import csrf_from

    key = "prof-demo-0082"
    with web_server.client("coordinator") as client:
        csrf = csrf_from(client.get("/regio/JZ21").text)
        r = client.post("/regio/JZ21/vertrokken", data={"csrf": csrf, "wie": key, "wie_zoek": "x",
                                                         "datum": "31-02-2026"})
    assert r.status_code == 422, r.text[:300]
    assert 'id="vertrek-datum" name="datum" type="date" value="31-02-2026" aria-invalid="true"' in r.text
    assert 'id="vertrek-datum-fout">Als vertrokken markeren lukte niet' in r.text
    assert f'value="{key}" checked' in r.text
    assert web_server.service.projection.node(key).get("active", True) is not False
