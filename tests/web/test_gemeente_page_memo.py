"""The gemeente page's region section is memoised per graph version (graph/queries/network.region_services):
a write that changes it shows on the very next render, over real HTTP against the running server."""

from __future__ import annotations

from graph.queries.network import region_services
from graph.schema import Label
from graph.store.base import ChangeBatch, Node
from tests.web.conftest import WebServer

_SHARED = {"JZ21", "JZ28"}  # Food Valley and Centraal Gelderland: the regions other page tests read


def test_a_write_to_the_region_shows_on_the_next_render(web_server: WebServer) -> None:
    svc = web_server.service
    p = svc.projection
    code, jz = next((g, s.jeugdhulpregio) for g in sorted(p.keys(Label.GEMEENTE))
                    if (s := region_services(p, g)).jeugdhulpregio and s.jeugdhulpregio not in _SHARED
                    and s.aanmeldroute is None)
    with web_server.client("professional") as client:
        before = client.get(f"/gemeente/{code}").text
        assert client.get(f"/gemeente/{code}").text.count("route 301:") == before.count("route 301:") == 0
        svc.write(ChangeBatch(nodes=[Node(label=Label.JEUGDHULPREGIO, key=jz, props={"aanmeldroute": "301"})]),
                  actor="test")
        try:
            after = client.get(f"/gemeente/{code}").text
            assert "route 301: de jeugdbeschermer neemt binnen" in after
        finally:
            svc.write(ChangeBatch(nodes=[Node(label=Label.JEUGDHULPREGIO, key=jz, props={"aanmeldroute": ""})]),
                      actor="test")
        assert "route 301:" not in client.get(f"/gemeente/{code}").text
