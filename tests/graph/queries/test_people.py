"""graph/queries/people.py: the keys the domain makes for new professionals."""

from __future__ import annotations

import itertools

import pytest

import graph.queries.people as people
from graph.privacy import find_problem
from graph.schema import Label
from graph.service import GraphService


def test_a_new_key_never_looks_like_a_bsn(service: GraphService, monkeypatch: pytest.MonkeyPatch) -> None:
    # "Tester 10" + the random suffix 003988 makes "10-003988": a valid BSN in dashed notation, which the
    # store's privacy check refuses, so adding the person failed at random (about 1 in 10^4 for such names).
    suffixes = itertools.chain(["003988"], itertools.repeat("a1b2c3"))
    monkeypatch.setattr(people.secrets, "token_hex", lambda n: next(suffixes))
    org = next(iter(service.projection.keys(Label.ORGANISATION)))
    key = people.add_professional(service, people.PersonInput(name="Replica Tester 10", email="t10@example.org",
                                                              organisation=org), actor="test")
    assert find_problem(key) is None
    assert service.projection.node(key) is not None


def _a_professional(service: GraphService) -> str:
    return next(k for k in sorted(service.projection.keys(Label.PROFESSIONAL))
                if (service.projection.node(k) or {}).get("active", True) is not False)


def test_edit_sets_keeps_and_refuses_a_language(service: GraphService) -> None:
    """A professional's ``language`` (mails follow it) is set by the person update; None keeps it (#15)."""
    key = _a_professional(service)
    name = str(service.projection.node(key)["name"])
    assert people.edit_professional(service, key, people.PersonInput(name=name, language="en"), actor="t") > 0
    assert service.projection.node(key)["language"] == "en"
    people.edit_professional(service, key, people.PersonInput(name=name, function="Nieuwe functie"), actor="t")
    assert service.projection.node(key)["language"] == "en"
    seq = service.store.last_seq()
    with pytest.raises(people.PersonInputError) as caught:
        people.edit_professional(service, key, people.PersonInput(name=name, language="fr"), actor="t")
    assert [(p.field, p.code, p.params) for p in caught.value.problems] == [
        ("language", "person.language_invalid", {"value": "fr"})]
    assert service.store.last_seq() == seq and service.projection.node(key)["language"] == "en"


def test_a_professional_sets_their_own_language_and_nothing_else(service: GraphService) -> None:
    """``set_language``: only the language changes (no ``last_verified``: choosing it confirms nothing); the same
    language again writes nothing; a language jbnet does not speak is refused with nothing written."""
    key = _a_professional(service)
    before = dict(service.projection.node(key) or {})
    assert people.set_language(service, key, "en", actor=f"professional:{key}") is True
    after = dict(service.projection.node(key) or {})
    assert after == before | {"language": "en"}
    seq = service.store.last_seq()
    assert people.set_language(service, key, "en", actor="t") is False
    with pytest.raises(people.PersonInputError) as refused:
        people.set_language(service, key, "de", actor="t")
    assert [(p.field, p.code, p.params) for p in refused.value.problems] == [
        ("language", "person.language_invalid", {"value": "de"})]
    assert service.store.last_seq() == seq
    assert people.set_language(service, key, "nl", actor="t") is True
    assert service.projection.node(key)["language"] == "nl"
