"""Sign-in, CSRF and roles of the pages, over HTTP against the real app (no browser needed)."""

from __future__ import annotations

import dataclasses

import httpx

from api.auth import create_token, hash_token
from tests.web.conftest import WebServer, csrf_from, login


def test_pages_redirect_to_login_without_a_session(web_server: WebServer) -> None:
    with web_server.client() as c:
        r = c.get("/gemeente/GM0228")
        assert r.status_code == 303
        assert r.headers["location"] == "/login?next=%2Fgemeente%2FGM0228"
        assert "Chantal" not in r.text  # no contact details without signing in


def test_login_sets_signed_httponly_lax_cookie_and_returns_to_next(web_server: WebServer) -> None:
    with web_server.client() as c:
        form = c.get("/login?next=/gemeente/GM0228")
        r = c.post("/login", data={"token": web_server.tokens["professional"], "csrf": csrf_from(form.text),
                                   "next": "/gemeente/GM0228"})
        assert r.status_code == 303 and r.headers["location"] == "/gemeente/GM0228"
        cookie = next(h for h in r.headers.get_list("set-cookie") if h.startswith("jbnet_session="))
        assert "HttpOnly" in cookie and "SameSite=lax" in cookie.replace("Lax", "lax")
        assert web_server.tokens["professional"] not in cookie  # the token itself never goes in the cookie
        page = c.get("/gemeente/GM0228")
        assert page.status_code == 200 and "Wie bel ik in Ede?" in page.text


def test_login_refuses_unknown_token_and_forged_cookie(web_server: WebServer) -> None:
    with web_server.client() as c:
        form = c.get("/login")
        r = c.post("/login", data={"token": "jbnet_nope", "csrf": csrf_from(form.text), "next": "/"})
        assert r.status_code == 401 and "onbekend of ingetrokken" in r.text
        c.cookies.set("jbnet_session", "eyJ0IjoiYWJjIn0.forged.sig")
        assert c.get("/zoeken").status_code == 303


def test_login_form_needs_its_csrf_token_and_next_stays_on_site(web_server: WebServer) -> None:
    with web_server.client() as c:
        c.get("/login")
        r = c.post("/login", data={"token": web_server.tokens["admin"], "csrf": "wrong", "next": "/"})
        assert r.status_code == 400 and "verlopen" in r.text
        form = c.get("/login")
        r = c.post("/login", data={"token": web_server.tokens["admin"], "csrf": csrf_from(form.text),
                                   "next": "//evil.example/"})
        assert r.headers["location"] == "/"


def test_post_without_csrf_token_is_refused(web_server: WebServer) -> None:
    with web_server.client("professional") as c:
        r = c.post("/logout", data={})
        assert r.status_code == 403 and "CSRF" in r.text
        assert c.get("/zoeken").status_code == 200  # still signed in


def test_logout_ends_the_session(web_server: WebServer) -> None:
    with web_server.client("professional") as c:
        token = csrf_from(c.get("/").text)
        assert c.post("/logout", data={"csrf": token}).status_code == 303
        assert c.get("/zoeken").status_code == 303


def test_vendor_files_are_served_locally_and_nothing_else(web_server: WebServer) -> None:
    with web_server.client() as c:
        assert c.get("/static/vendor/htmx.min.js").status_code == 200
        assert "utrecht" in c.get("/static/vendor/utrecht-components.css").text
        assert c.get("/static/vendor/package.json").status_code == 404
        assert c.get("/static/jbnet.css").status_code == 200


def test_coordinator_of_another_region_is_denied(web_server: WebServer) -> None:
    with web_server.client("other_coordinator") as c:
        r = c.get("/regio/JZ21")
        assert r.status_code == 403 and "coördinator van JZ28" in r.text
        page = c.get("/regio/JZ28").text
        r = c.post("/regio/JZ21/bevestig", data={"csrf": csrf_from(page), "key": "prof-demo-0384"})
        assert r.status_code == 403


def test_revoking_the_token_ends_its_web_sessions(web_server: WebServer) -> None:
    store = web_server.service.store
    raw = create_token(store, role="professional", name="Wordt ingetrokken")
    with httpx.Client(base_url=web_server.base_url, follow_redirects=False) as c:
        login(c, raw)
        assert c.get("/zoeken").status_code == 200
        token = store.get_token(hash_token(raw))
        assert token is not None
        store.put_token(dataclasses.replace(token, revoked=True))
        assert c.get("/zoeken").status_code == 303  # back to the login page at once


def test_unknown_gemeente_says_what_was_meant(web_server: WebServer) -> None:
    with web_server.client("professional") as c:
        r = c.get("/gemeente/GM0229")
        assert r.status_code == 404 and "Geen gemeente &#39;GM0229&#39; gevonden. Bedoelt u GM0" in r.text
        assert "no gemeente" not in r.text and "did you mean" not in r.text
        r = c.get("/gemeente?q=apeldorn")  # a typo in the name still finds the gemeente
        assert r.status_code == 303 and r.headers["location"] == "/gemeente/GM0200"


def test_network_diff_dates_in_the_wrong_order_say_so_in_dutch(web_server: WebServer) -> None:
    with web_server.client("admin") as c:
        r = c.get("/netwerk", params={"code": "PV25", "van": "2026-03-03", "tot": "2025-01-01"})
        assert r.status_code == 400 and "Van (di 3 maart 2026) ligt na Tot (wo 1 januari 2025)." in r.text


def test_user_text_is_html_escaped_on_pages(web_server: WebServer) -> None:
    # Templates are named *.html.j2: autoescaping must not depend on the ".html" extension check.
    with web_server.client("professional") as c:
        r = c.get("/zoeken", params={"q": "<b>x</b>"})
        assert r.status_code == 200 and "<b>x</b>" not in r.text and "&lt;b&gt;x&lt;/b&gt;" in r.text


def test_case_reference_must_be_pseudonymous(web_server: WebServer) -> None:
    with web_server.client("professional") as c:
        r = c.get("/casus?ref=Jan Jansen")
        assert r.status_code == 400 and "JB-XXXX-XXXX" in r.text
