"""The CRM account ids vendor payloads and export columns carry."""

from __future__ import annotations

from callprep.imports.mappings import LEAD_ROW_FIELDS, parse_mapping, resolve_columns
from callprep.imports.vendor_fields import account_ids_of


def test_vendor_payloads_name_their_crm_accounts():
    assert account_ids_of({"associatedcompanyid": "9001", "email": "a@b.test"}) == (
        ("hubspot", "9001"),
    )
    assert account_ids_of({"sfdcAccountId": "0015e00000XyZaB"}) == (
        ("salesforce", "0015e00000XyZaB"),
    )
    assert account_ids_of({"Account ID": 12345}) == (("salesforce", "12345"),)
    # Placeholders and booleans are no account; the first value per system wins.
    assert account_ids_of({"accountid": "null", "AccountId": True}) == ()
    assert account_ids_of({"accountId": "A"}, {"sfdcAccountId": "B"}) == (("salesforce", "A"),)


def test_presets_map_account_id_columns():
    mapping = parse_mapping("salesforce,hubspot", LEAD_ROW_FIELDS)
    headers = ["Email", "Account ID", "Associated Company ID", "account_ids.mautic"]
    columns, ignored = resolve_columns(headers, mapping, LEAD_ROW_FIELDS)
    assert columns == {
        "Email": "email",
        "Account ID": "account_ids.salesforce",
        "Associated Company ID": "account_ids.hubspot",
        "account_ids.mautic": "account_ids.mautic",
    }
    assert ignored == []
