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
