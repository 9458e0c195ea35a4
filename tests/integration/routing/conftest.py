"""Helpers for routing tests: reps with teams, rules, and leads created the real way."""

from __future__ import annotations

import pytest

from callprep.accounts import users as accounts
from callprep.models import User
from callprep.routing import rules as routing_rules


@pytest.fixture
def make_rep(session):
    def make(email, *, team=None, away=False, pool=None, role="rep", active=True) -> User:
        user = accounts.create_user(session, email=email, role=role, password="password-123")
        user.team, user.away, user.routing_pool, user.active = team, away, pool, active
        session.flush()
        return user

    return make


@pytest.fixture
def add_rule(session):
    def add(**fields):
        return routing_rules.create_rule(session, fields)

    return add
