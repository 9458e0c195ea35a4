"""Logs carry ids, never lead data: database errors (their statements, parameters and the
driver's DETAIL lines) are logged without the values."""

from __future__ import annotations

import logging

import pytest
from sqlalchemy import insert

from callprep import create_app
from callprep.leads import service as lead_service
from callprep.models import Lead

EMAIL, NAME, COMPANY = "zoe.private@example.com", "Zoewhisper", "Secretcorp"


@pytest.fixture
def logging_app(database_url, app):
    # TESTING propagates exceptions to the test; a real server logs them instead.
    quiet = create_app({"DATABASE_URL": database_url, "TESTING": False, "SECRET_KEY": "t"})
    yield quiet
    quiet.extensions["callprep.engine"].dispose()


def _duplicate_insert(session, data):
    row = {"email": EMAIL, "first_name": NAME, "company": COMPANY}
    session.execute(insert(Lead).values(**row))
    session.execute(insert(Lead).values(**row))  # the unique email index refuses it


def _null_insert(session, data):
    session.execute(insert(Lead).values(email=None, first_name=NAME, company=COMPANY))


def _nul_insert(session, data):
    # PostgreSQL refuses NUL in text (SQLite stores it: no error to provoke there).
    session.execute(insert(Lead).values(email=EMAIL, first_name=NAME + "\x00", company=COMPANY))


@pytest.mark.parametrize("fail", [_duplicate_insert, _null_insert, _nul_insert])
def test_a_database_error_logs_no_lead_data(
    logging_app, make_key, caplog, monkeypatch, fail, database_url
):
    if fail is _nul_insert and database_url.startswith("sqlite"):
        pytest.skip("SQLite stores NUL in text")
    monkeypatch.setattr(lead_service, "create_lead", fail)
    headers = {"Authorization": f"Bearer {make_key('admin')}"}
    caplog.set_level(logging.DEBUG)
    response = logging_app.test_client().post(
        "/api/v1/leads", json={"email": "joe@example.com"}, headers=headers
    )
    assert response.status_code == 500
    logged = caplog.text + "".join(
        logging.Formatter().formatException(r.exc_info) for r in caplog.records if r.exc_info
    )
    assert "Exception on /api/v1/leads" in logged or "error" in logged.lower()
    for secret in (EMAIL, NAME, COMPANY):
        assert secret not in logged, logged[-2000:]


def test_the_engine_hides_parameters(app):
    assert app.extensions["callprep.engine"].hide_parameters
