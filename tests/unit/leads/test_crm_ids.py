"""Salesforce ids: one stored form (18 characters), found by either form."""

from __future__ import annotations

from sqlalchemy import create_engine, text

from callprep.leads.crm_ids import normalise_external_id, salesforce_checksum, salesforce_id18
from callprep.migrate import upgrade


def test_the_checksum_matches_published_conversions():
    # Vectors published with salesforce_id_formatter and salesforce_id_converter.
    assert salesforce_id18("70130000001tcyI") == "70130000001tcyIAAQ"
    assert salesforce_id18("00558000001N0Ke") == "00558000001N0KeAAK"
    assert salesforce_checksum("000000000000000") == "AAA"
    assert salesforce_checksum("ZZZZZZZZZZZZZZZ") == "555"


def test_an_18_character_id_that_lost_its_case_gets_it_back():
    assert salesforce_id18("00558000001N0KeAAK") == "00558000001N0KeAAK"
    assert salesforce_id18("00558000001N0KEAAK".lower()) == "00558000001N0KeAAK"
    assert salesforce_id18("00558000001n0keaak".upper()) == "00558000001N0KeAAK"


def test_values_that_are_not_salesforce_ids_are_kept():
    for value in ("00Q1", "00Q5e00000AbCdE1", "not an id at all", "00558000001N0Ke!!!"):
        assert salesforce_id18(value) == value
    assert normalise_external_id("hubspot", "70130000001tcyI") == "70130000001tcyI"
    assert normalise_external_id("Salesforce", "70130000001tcyI") == "70130000001tcyIAAQ"


def test_the_upgrade_brings_stored_15_character_ids_to_18(tmp_path):
    url = f"sqlite:///{tmp_path / 'old.db'}"
    upgrade(url, "0040")
    engine = create_engine(url)
    with engine.begin() as connection:
        for lead_id, email in ((1, "a@example.com"), (2, "b@example.com"), (3, "c@example.com")):
            connection.execute(
                text(
                    "INSERT INTO leads (id, email, created_at, updated_at)"
                    " VALUES (:id, :email, '2026-01-01 00:00:00', '2026-01-01 00:00:00')"
                ),
                {"id": lead_id, "email": email},
            )
        rows = [
            (1, "salesforce", "70130000001tcyI"),
            (2, "salesforce", "00558000001N0KeAAK"),
            (3, "hubspot", "70130000001tcyI"),
        ]
        for lead_id, system, value in rows:
            connection.execute(
                text(
                    "INSERT INTO lead_external_ids (lead_id, system, external_id)"
                    " VALUES (:lead, :system, :value)"
                ),
                {"lead": lead_id, "system": system, "value": value},
            )
    upgrade(url)
    with engine.connect() as connection:
        stored = dict(
            connection.execute(
                text("SELECT lead_id, external_id FROM lead_external_ids ORDER BY lead_id")
            ).all()
        )
    engine.dispose()
    assert stored == {1: "70130000001tcyIAAQ", 2: "00558000001N0KeAAK", 3: "70130000001tcyI"}
