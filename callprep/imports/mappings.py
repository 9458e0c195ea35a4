"""Column mappings: which column of an export file feeds which callprep field.

A mapping is written as comma-separated items, each a preset name or `header=field`:
`salesforce`, `hubspot`, `marketo`, or e.g. `E-mail=email,Firma=company,hubspot`. Headers are
matched case-insensitively, ignoring surrounding spaces. Columns named like a field
(`email`, `first_name`, `external_ids.salesforce`, ...) need no mapping; other columns are
ignored and listed in the import report."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping

from callprep.errors import InvalidInput
from callprep.ingest.events import INTERACTION_FIELDS

LEAD_FIELDS = (
    "email",
    "first_name",
    "last_name",
    "company",
    "title",
    "phone",
    "owner_email",
    # Where the lead is: routing's territory rules read these.
    "country",
    "region",
    "state",
)
# Lead rows may also carry `external_ids.<system>` columns, and `account_ids.<system>` for
# the CRM account the person works at (it picks their account; callprep.companies).
LEAD_ROW_FIELDS = (*LEAD_FIELDS, "external_ids", "account_ids")
# An interaction row names its lead by email (unknown: the lead is created, with these extra
# lead fields) or by callprep's lead id.
INTERACTION_ROW_FIELDS = (
    *INTERACTION_FIELDS,
    "email",
    "lead_id",
    "first_name",
    "last_name",
    "company",
    "country",
    "region",
    "state",
    "account_ids",
)
EXTERNAL_ID_PREFIX = "external_ids."
ACCOUNT_ID_PREFIX = "account_ids."

# Header names of the CRMs' standard exports (report labels and API names where they differ).
PRESETS: dict[str, dict[str, str]] = {
    # Salesforce: a Leads report export (labels) or a Data Loader export (API names).
    "salesforce": {
        "Lead ID": "external_ids.salesforce",
        "Id": "external_ids.salesforce",
        "Email": "email",
        "First Name": "first_name",
        "FirstName": "first_name",
        "Last Name": "last_name",
        "LastName": "last_name",
        "Company / Account": "company",
        "Company": "company",
        # A Contacts report: the person's id and the account's name.
        "Contact ID": "external_ids.salesforce",
        "Account Name": "company",
        "Account ID": "account_ids.salesforce",
        "AccountId": "account_ids.salesforce",
        "Title": "title",
        "Phone": "phone",
        "Country": "country",
        "State/Province": "state",
        "State": "state",
    },
    # HubSpot: the contacts export of the CRM's contacts index page.
    "hubspot": {
        "Record ID": "external_ids.hubspot",
        "Contact ID": "external_ids.hubspot",  # older exports
        "Email": "email",
        "First Name": "first_name",
        "Last Name": "last_name",
        "Company Name": "company",
        "Associated Company": "company",  # when the company is an associated record
        "Associated Company ID": "account_ids.hubspot",
        "Associated Company IDs": "account_ids.hubspot",
        "Job Title": "title",
        "Phone Number": "phone",
        "Country/Region": "country",
        "Country": "country",
        "State/Region": "state",
    },
    # Marketo: a static or smart list export ("Id" is the Marketo lead id that activities use).
    "marketo": {
        "Id": "external_ids.marketo",
        "Email Address": "email",
        "First Name": "first_name",
        "Last Name": "last_name",
        # A bulk lead extract names its columns by REST API name.
        "FirstName": "first_name",
        "LastName": "last_name",
        "Company Name": "company",
        "Job Title": "title",
        "Phone Number": "phone",
        "Country": "country",
        "State": "state",
        # Marketo synced with Salesforce: the person's Salesforce account.
        "SFDC Account ID": "account_ids.salesforce",
        "sfdcAccountId": "account_ids.salesforce",
    },
}


def _key(header: str) -> str:
    return " ".join(header.split()).casefold()


def parse_mapping(spec: str | None, fields: Iterable[str]) -> dict[str, str]:
    """`salesforce,Firma=company` -> {normalised header: field}; unknown names are refused."""
    allowed = set(fields)
    mapping: dict[str, str] = {}
    if not spec or not spec.strip():
        return mapping
    # Headers may themselves contain commas or '=' when quoted: read the spec as one CSV row.
    for item in next(csv.reader(io.StringIO(spec.strip()), skipinitialspace=True)):
        item = item.strip()
        if not item:
            continue
        if "=" not in item:
            preset = PRESETS.get(item.casefold())
            if preset is None:
                raise InvalidInput(
                    f"unknown mapping preset {item!r}; presets: {', '.join(PRESETS)}",
                    errors={"mapping": [f"unknown preset {item}"]},
                )
            for header, field in preset.items():
                if _allowed(field, allowed):
                    mapping.setdefault(_key(header), field)
            continue
        header, _, field = item.rpartition("=")
        field = field.strip()
        if not header.strip() or not _allowed(field, allowed):
            raise InvalidInput(
                f"mapping item {item!r} must be header=field, field one of "
                f"{', '.join(sorted(allowed - {'external_ids', 'account_ids'}))}, "
                "external_ids.<system> or account_ids.<system>",
                errors={"mapping": [f"bad item {item}"]},
            )
        mapping[_key(header)] = field  # explicit items win over presets
    return mapping


def _allowed(field: str, allowed: set[str]) -> bool:
    for prefix in (EXTERNAL_ID_PREFIX, ACCOUNT_ID_PREFIX):
        if field.startswith(prefix):
            return prefix[:-1] in allowed and 0 < len(field) - len(prefix) <= 50
    return field in allowed and field not in ("external_ids", "account_ids")


def _alternate(key: str, field: str, mapping: Mapping[str, str]) -> bool:
    """A second column a preset maps to the same field (HubSpot's "Company Name" and
    "Associated Company"): each row takes the first of them that is not empty."""
    return mapping.get(key) == field


def resolve_columns(
    headers: Iterable[str], mapping: Mapping[str, str], fields: Iterable[str]
) -> tuple[dict[str, str], list[str]]:
    """Which field each header feeds, and the headers that feed nothing (ignored)."""
    allowed = set(fields)
    columns: dict[str, str] = {}
    ignored: list[str] = []
    for header in headers:
        if header is None:
            continue
        key = _key(header)
        field = mapping.get(key) or (key if _allowed(key, allowed) else None)
        if field is None or (field in columns.values() and not _alternate(key, field, mapping)):
            ignored.append(header)
        else:
            columns[header] = field
    return columns, ignored
