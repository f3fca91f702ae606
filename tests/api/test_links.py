"""api/links: purpose-bound signed links, expiry (with the subject kept for a new link), single use in the store."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from api.links import Link, LinkError, link_secret, make_link, read_link, use_link
from graph.settings import Settings
from graph.store.sqlite_store import SQLiteStore


def test_round_trip_keeps_subject_and_params() -> None:
    token = make_link("s3cret", "update_request", "prof-1", round="r7")
    link = read_link("s3cret", token, "update_request")
    assert (link.purpose, link.subject, link.params) == ("update_request", "prof-1", {"round": "r7"})
    assert link.expires > link.issued
    assert make_link("s3cret", "update_request", "prof-1") != make_link("s3cret", "update_request", "prof-1")


@pytest.mark.parametrize("mangle", [
    lambda t: t[:-2] + ("AA" if not t.endswith("AA") else "BB"),  # signature changed
    lambda t: "x" + t,  # payload changed
    lambda t: "not-a-token",
    lambda t: "",
])
def test_forged_or_damaged_token_is_invalid(mangle: object) -> None:
    token = make_link("s3cret", "update_request", "prof-1")
    with pytest.raises(LinkError) as err:
        read_link("s3cret", mangle(token), "update_request")  # type: ignore[operator]
    assert err.value.code == "link.invalid" and err.value.subject is None


def test_other_secret_or_purpose_is_invalid() -> None:
    token = make_link("s3cret", "update_request", "prof-1")
    for secret, purpose in (("other", "update_request"), ("s3cret", "login")):
        with pytest.raises(LinkError) as err:
            read_link(secret, token, purpose)
        assert err.value.code == "link.invalid"
    with pytest.raises(LinkError) as err:
        read_link("s3cret", token, "no-such-purpose")
    assert err.value.code == "link.purpose"


def test_expired_token_names_its_subject() -> None:
    token = make_link("s3cret", "login", "prof-9")
    time.sleep(1.1)
    with pytest.raises(LinkError) as err:
        read_link("s3cret", token, "login", max_age=0)
    assert (err.value.code, err.value.subject) == ("link.expired", "prof-9")


def test_single_use_across_threads(tmp_path: object) -> None:
    store = SQLiteStore(tmp_path / "s.sqlite")  # type: ignore[operator]
    link = read_link("s3cret", make_link("s3cret", "update_request", "prof-1"), "update_request")

    def attempt(_: int) -> str:
        try:
            use_link(store, link)
            return "ok"
        except LinkError as exc:
            return exc.code

    with ThreadPoolExecutor(6) as pool:
        results = sorted(pool.map(attempt, range(6)))
    assert results == ["link.used"] * 5 + ["ok"]
    other: Link = read_link("s3cret", make_link("s3cret", "update_request", "prof-1"), "update_request")
    use_link(store, other)  # a new link for the same person is a new token id


def test_secret_from_settings_or_one_shared_in_the_store(tmp_path: object) -> None:
    store = SQLiteStore(tmp_path / "s.sqlite")  # type: ignore[operator]
    assert link_secret(Settings(secret_key="configured"), store) == "configured"
    first = link_secret(Settings(), store)
    again = link_secret(Settings(), SQLiteStore(tmp_path / "s.sqlite"))  # type: ignore[operator]  # other process
    assert first == again and len(first) > 30
