"""Signing in as a person over real HTTP: the e-mail link (real SMTP on loopback) and OpenID Connect (a real
provider on loopback, tests/oidc_provider.py). Rights come from positions: Karin Demoveld holds the
contactbeheer-coördinator position of Food Valley (JZ21) in the demo data.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import httpx
import pytest

from api.app import create_app
from api.links import make_link
from graph.queries.access import ORGANISATION_CONTACT_ROLE
from graph.schema import Edge, Label, Node, RelType
from graph.service import GraphService
from graph.settings import Settings
from graph.store.base import ChangeBatch
from graph.store.sqlite_store import SQLiteStore
from loaders.init import init_store
from tests.mail_server import MailServer, links_in, text_of
from tests.oidc_provider import OidcProvider
from tests.support import free_port, serve
from tests.web.conftest import csrf_from

COORDINATOR = "prof-demo-0294"  # Karin Demoveld, contactbeheer_coordinator position JZ21
OTHER = "prof-demo-0081"  # Gijs Invulsma, Gemeente Ede, no rights beyond reading
ORG = "org-lt-barneveld"  # the organisation whose identity provider is configured
SECRET = "test-secret-for-signin"


@dataclass
class App:
    base_url: str
    service: GraphService
    smtp: MailServer
    idp: OidcProvider

    def client(self) -> httpx.Client:
        return httpx.Client(base_url=self.base_url, follow_redirects=False, timeout=30)

    def email_of(self, key: str) -> str:
        return str(self.service.projection.node(key)["email"])


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[App]:
    tmp = tmp_path_factory.mktemp("signin")
    store = SQLiteStore(tmp / "jbnet.sqlite")
    init_store(store, demo=True)
    smtp = MailServer()
    smtp.start()
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    with OidcProvider.running() as idp:
        idp.register("jbnet-test", "client-secret", [f"{base_url}/login/oidc/{ORG}/callback"])
        config = tmp / "oidc.toml"
        config.write_text(f'[[provider]]\norganisation = "{ORG}"\nissuer = "{idp.issuer}"\nclient_id = "jbnet-test"\n'
                          f'client_secret = "client-secret"\nemail_domains = ["demo.jbnet.example"]\n')
        settings = Settings(db_path=tmp / "jbnet.sqlite", secret_key=SECRET, poll_seconds=0.2, smtp_url=smtp.url,
                            base_url=base_url, mail_from="jbnet <noreply@jbnet.test>", oidc_config=config,
                            outbox_dir=tmp / "outbox",
                            rate_limit_sign_in="")  # the middleware's refused-attempt limit: tested elsewhere
        service = GraphService(store, settings=settings)
        with serve(create_app(settings, service), port=port):
            yield App(base_url, service, smtp, idp)
    smtp.stop()
    store.close()


def _ask(c: httpx.Client, email: str, next_path: str = "/") -> httpx.Response:
    page = c.get("/login")
    return c.post("/login/link", data={"email": email, "csrf": csrf_from(page.text), "next": next_path})


def _answer(html: str) -> str:
    """The page without its one-time CSRF nonce: what a visitor learns from it."""
    return re.sub(r'name="csrf" value="[^"]*"', "", html)


def _sign_in_with(c: httpx.Client, url: str) -> httpx.Response:
    path = url.removeprefix(c.base_url.__str__().rstrip("/"))
    page = c.get(path)
    assert page.status_code == 200 and "U meldt zich aan als" in page.text, page.text[-1500:]
    return c.post(path, data={"csrf": csrf_from(page.text)})


def _wait_mail(app: App, address: str, count: int) -> None:
    import time

    deadline = time.monotonic() + 10
    while len(app.smtp.to(address)) < count:
        assert time.monotonic() < deadline, f"expected {count} mail(s) to {address}"
        time.sleep(0.05)


def test_a_coordinator_signs_in_with_a_mailed_link_and_keeps_their_region(app: App) -> None:
    address = app.email_of(COORDINATOR)
    with app.client() as c:
        r = _ask(c, address.upper(), "/mensen")  # addresses are matched case-insensitively
        assert r.status_code == 200 and "Als dit adres bij ons bekend is" in r.text
        _wait_mail(app, address, 1)
        mail = app.smtp.to(address)[-1]
        assert mail["Subject"] == "Uw inloglink voor jbnet" and "15 minuten" in text_of(mail)
        url = next(u for u in links_in(mail) if "/login/link/" in u)
        assert url.startswith(app.base_url)
        r = _sign_in_with(c, url)
        assert r.status_code == 303 and r.headers["location"] == "/mensen"
        page = c.get("/mensen")
        assert page.status_code == 200 and "Aangemeld als Karin Demoveld (coördinator JZ21)" in page.text
        assert "Food Valley" in page.text
        # the link is single use: a second sign-in with it is refused
        path = url.removeprefix(app.base_url)
        again = httpx.Client(base_url=app.base_url, timeout=30)
        form = again.get(path)
        r = again.post(path, data={"csrf": csrf_from(form.text)})
        assert r.status_code == 410 and "al gebruikt" in r.text and "jbnet_session" not in r.cookies
        again.close()
    history = [e for e in app.service.store.history(COORDINATOR) if e.op == "audit.sign_in"]
    assert history and history[-1].after == {"method": "email_link"}


def test_unknown_addresses_get_the_same_answer_and_no_mail(app: App) -> None:
    before = len(app.smtp.messages)
    with app.client() as c:
        known = _ask(c, app.email_of(OTHER))
        unknown = _ask(c, "niemand.bekend@demo.jbnet.example")
    assert known.status_code == unknown.status_code == 200
    assert _answer(known.text).replace(app.email_of(OTHER), "X") == \
        _answer(unknown.text).replace("niemand.bekend@demo.jbnet.example", "X")
    _wait_mail(app, app.email_of(OTHER), 1)
    assert not app.smtp.to("niemand.bekend@demo.jbnet.example")
    assert len(app.smtp.messages) == before + 1
    with app.client() as c:
        r = _ask(c, "geen-adres")
        assert r.status_code == 422 and "Vul uw werk-e-mailadres in" in r.text


def test_forged_and_expired_links_are_refused(app: App) -> None:
    with app.client() as c:
        forged = make_link("another-secret", "login", COORDINATOR)
        r = c.get(f"/login/link/{forged}")
        assert r.status_code == 400 and "ongeldig" in r.text
        r = c.post(f"/login/link/{forged}", data={"csrf": csrf_from(c.get("/login").text)})
        assert r.status_code == 400 and "jbnet_session" not in r.cookies
        real = make_link(SECRET, "login", COORDINATOR)
        update_link = make_link(SECRET, "update_request", COORDINATOR)  # another purpose is no sign-in link
        assert c.get(f"/login/link/{update_link}").status_code == 400
        page = c.get(f"/login/link/{real}")
        assert page.status_code == 200
    # an expired link: the same token read 16 minutes later (itsdangerous' clock)
    import itsdangerous.timed

    original = itsdangerous.timed.TimestampSigner.get_timestamp
    itsdangerous.timed.TimestampSigner.get_timestamp = lambda self: int(original(self)) - 16 * 60  # type: ignore
    try:
        old = make_link(SECRET, "login", COORDINATOR)
    finally:
        itsdangerous.timed.TimestampSigner.get_timestamp = original  # type: ignore
    with app.client() as c:
        r = c.get(f"/login/link/{old}")
        assert r.status_code == 410 and "verlopen" in r.text
        r = c.post(f"/login/link/{old}", data={"csrf": csrf_from(c.get("/login").text)})
        assert r.status_code == 410 and "jbnet_session" not in r.cookies


def test_sign_in_mails_are_rate_limited_per_address_and_per_ip(app: App) -> None:
    address = app.email_of("prof-demo-0076")
    with app.client() as c:
        codes = [_ask(c, address).status_code for _ in range(4)]
        assert codes == [200, 200, 200, 429]
        r = _ask(c, address)
        assert "te vaak een inloglink aangevraagd" in r.text
        _wait_mail(app, address, 3)
        # per IP: ten requests per quarter hour from one address, whatever e-mail is typed
        statuses = [_ask(c, f"iemand{i}@demo.jbnet.example").status_code for i in range(8)]
    assert 429 in statuses
    assert len(app.smtp.to(address)) == 3


# ------------------------------------------------------------------------------------ OpenID Connect
def _oidc(app: App, user: dict[str, object], next_path: str = "/") -> tuple[httpx.Client, httpx.Response]:
    app.idp.user = user
    c = app.client()
    r = c.get(f"/login/oidc/{ORG}", params={"next": next_path})
    assert r.status_code == 303 and r.headers["location"].startswith(app.idp.issuer + "/authorize"), r.text
    at_idp = httpx.get(r.headers["location"], follow_redirects=False)
    assert at_idp.status_code == 302, at_idp.text
    back = at_idp.headers["location"]
    assert back.startswith(f"{app.base_url}/login/oidc/{ORG}/callback")
    return c, c.get(back.removeprefix(app.base_url))


def _user(key: str | None, email: str | None = None, verified: bool = True) -> dict[str, object]:
    return {"sub": f"sub-{key or email}", "email": email, "email_verified": verified, "name": "Test"}


def test_oidc_signs_in_the_professional_with_the_verified_address(app: App) -> None:
    app.idp.token_issuer, app.idp.expired = None, False
    c, r = _oidc(app, _user(COORDINATOR, app.email_of(COORDINATOR)), "/regio/JZ21")
    assert r.status_code == 303 and r.headers["location"] == "/regio/JZ21", r.text[-2000:]
    page = c.get("/regio/JZ21")
    assert page.status_code == 200 and "Aangemeld als Karin Demoveld (coördinator JZ21)" in page.text
    assert c.get("/regio/JZ28").status_code == 403  # rights from her position only
    c.close()
    history = [e for e in app.service.store.history(COORDINATOR) if e.op == "audit.sign_in"]
    assert history[-1].after == {"method": f"oidc:{ORG}"}
    with app.client() as plain:
        assert "Aanmelden via Lokaal Team Barneveld" in plain.get("/login").text


@pytest.mark.parametrize(("case", "status", "words"), [
    ("wrong_issuer", 401, "andere uitgever"),
    ("expired", 401, "verlopen"),
    ("unknown_email", 403, "staat niet (of niet eenduidig) als professional"),
    ("unverified", 403, "geen bevestigd e-mailadres"),
    ("other_domain", 403, "hoort niet bij deze organisatie"),
])
def test_oidc_refusals(app: App, case: str, status: int, words: str) -> None:
    app.idp.token_issuer = "http://127.0.0.1:1/niet-de-uitgever" if case == "wrong_issuer" else None
    app.idp.expired = case == "expired"
    user = {
        "unknown_email": _user(None, "onbekend@demo.jbnet.example"),
        "unverified": _user(OTHER, app.email_of(OTHER), verified=False),
        "other_domain": _user(None, "gijs@elders.example"),
    }.get(case, _user(OTHER, app.email_of(OTHER)))
    try:
        c, r = _oidc(app, user)
    finally:
        app.idp.token_issuer, app.idp.expired = None, False
    assert r.status_code == status and words in r.text, r.text[-2000:]
    assert "jbnet_session" not in r.cookies
    assert c.get("/mensen").status_code == 303  # not signed in: sent to the login page
    c.close()


def test_a_discovery_document_of_another_issuer_is_refused_before_any_redirect(app: App) -> None:
    app.idp.discovery_issuer = "https://impostor.example"
    try:
        with app.client() as c:
            r = c.get(f"/login/oidc/{ORG}")
    finally:
        app.idp.discovery_issuer = None
    assert r.status_code == 502 and "andere uitgever" in r.text and "location" not in r.headers


def test_oidc_callback_without_its_own_start_is_refused(app: App) -> None:
    with app.client() as c:
        r = c.get(f"/login/oidc/{ORG}/callback", params={"code": "x", "state": "y"})
        assert r.status_code == 401 and "niet hier begonnen" in r.text
        assert c.get("/login/oidc/org-bestaat-niet").status_code == 404



def test_an_organisations_own_contact_person_keeps_its_staff_in_every_region(app: App) -> None:
    """Veilig Thuis Gelderland-Midden serves JZ21 and JZ28: its contact person keeps its staff in both, which
    neither region's coordinator alone may; people of other organisations stay out of reach."""
    svc = app.service
    contact, colleague = "prof-demo-0370", "prof-demo-0371"
    svc.write(ChangeBatch(nodes=[Node(label=Label.POSITION, key="pos-test-vt-gm-contactpersoon", props={
        "name": "Contactpersoon jbnet VT Gelderland-Midden", "role": ORGANISATION_CONTACT_ROLE})], edges=[
        Edge(type=RelType.AT, src="pos-test-vt-gm-contactpersoon", dst="org-vt-gelderland-midden",
             src_label=Label.POSITION, dst_label=Label.ORGANISATION),
        Edge(type=RelType.HOLDS, src=contact, dst="pos-test-vt-gm-contactpersoon", src_label=Label.PROFESSIONAL,
             dst_label=Label.POSITION, props={"priority": "primary", "rank": 1})]), "admin:test")
    with app.client() as c:
        token = make_link(SECRET, "login", contact)
        page = c.get(f"/login/link/{token}")
        r = c.post(f"/login/link/{token}", data={"csrf": csrf_from(page.text)})
        assert r.status_code == 303
        page = c.get(f"/mensen/{colleague}")
        assert page.status_code == 200, page.text[-1500:]
        node = svc.projection.node(colleague)
        r = c.post(f"/mensen/{colleague}", data={"csrf": csrf_from(page.text), "name": node["name"],
                                                 "function": "Aandachtsfunctionaris", "email": node["email"],
                                                 "phone": node.get("phone", "")})
        assert r.status_code == 303 and svc.projection.node(colleague)["function"] == "Aandachtsfunctionaris"
        assert c.get(f"/mensen/{OTHER}").status_code == 403  # Gemeente Ede is not their organisation


def test_a_person_who_leaves_loses_their_session_at_once(app: App) -> None:
    """Person sessions are looked up on every request: marked as left, the next page asks to sign in again."""
    from graph.queries.turnover import mark_inactive

    leaver = "prof-demo-0086"
    with app.client() as c:
        token = make_link(SECRET, "login", leaver)
        c.post(f"/login/link/{token}", data={"csrf": csrf_from(c.get(f"/login/link/{token}").text)})
        assert c.get("/zoeken").status_code == 200
        mark_inactive(app.service, leaver, actor="admin:test", on="2026-01-01")
        r = c.get("/zoeken")
        assert r.status_code == 303 and r.headers["location"].startswith("/login")
        # and a link made before they left no longer signs them in
        again = make_link(SECRET, "login", leaver)
        assert c.get(f"/login/link/{again}").status_code == 400
