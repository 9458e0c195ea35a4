"""Lead fields under the names marketing systems and form builders give them.

Keys are compared without case, spaces or punctuation, so `FirstName`, `first_name`,
`First Name` and `firstname` are one name. Used for Mautic form results and contacts and
Marketo's `Form Fields`."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

PROFILE_ALIASES: dict[str, tuple[str, ...]] = {
    "first_name": ("firstname", "fname", "givenname", "forename"),
    "last_name": ("lastname", "lname", "surname", "familyname"),
    "company": ("company", "companyname", "organisation", "organization"),
    "title": ("title", "jobtitle", "position"),
    "phone": ("phone", "phonenumber", "mobilephone", "mobile"),
    "country": ("country", "countryregion", "countrycode"),
    "region": ("salesregion", "region"),
    "state": ("state", "stateprovince", "stateregion", "province"),
}
EMAIL_ALIASES = ("email", "emailaddress", "email1", "workemail")
# A CRM account id a vendor payload carries (normalised keys) and the system it belongs to:
# HubSpot's contact property, Salesforce's Lead/Contact field, Marketo's synced SFDC field.
ACCOUNT_ALIASES: dict[str, str] = {
    "associatedcompanyid": "hubspot",
    "accountid": "salesforce",
    "sfdcaccountid": "salesforce",
}
# The lengths of the lead columns (callprep.models.Lead).
LIMITS = {
    "first_name": 100,
    "last_name": 100,
    "company": 200,
    "title": 200,
    "phone": 50,
    "country": 100,
    "region": 100,
    "state": 100,
}
# Literal placeholders exports write for "no value".
EMPTY_MARKERS = frozenset({"null", "(blank)", "(null)", "n/a"})


def normalise_key(name: Any) -> str:
    return re.sub(r"[^a-z0-9]", "", str(name).lower())


def is_empty(value: Any) -> bool:
    """None, blank, or a placeholder such as `null`, `NULL`, `(blank)`."""
    if value is None:
        return True
    if isinstance(value, str):
        text = value.strip()
        return not text or text.lower() in EMPTY_MARKERS
    return False


def field_named(values: Mapping[str, Any], aliases: tuple[str, ...]) -> str | None:
    """The first non-empty text value whose key is one of `aliases`."""
    for key, value in values.items():
        if normalise_key(key) in aliases and isinstance(value, str | int) and not is_empty(value):
            if isinstance(value, bool):
                continue
            return str(value).strip()
    return None


def profile_of(
    *sources: Mapping[str, Any], aliases: Mapping[str, tuple[str, ...]] = PROFILE_ALIASES
) -> dict[str, str]:
    """Lead columns from the first source naming each, clipped to the column lengths."""
    profile: dict[str, str] = {}
    for column, names in aliases.items():
        for values in sources:
            value = field_named(values, names)
            if value:
                profile[column] = value[: LIMITS[column]]
                break
    return profile


def account_ids_of(*sources: Mapping[str, Any]) -> tuple[tuple[str, str], ...]:
    """The CRM account ids named in a vendor payload, as (system, id): the first non-empty
    value per system."""
    found: dict[str, str] = {}
    for values in sources:
        for key, value in values.items():
            system = ACCOUNT_ALIASES.get(normalise_key(key))
            if system is None or system in found or isinstance(value, bool):
                continue
            if isinstance(value, str | int) and not is_empty(value):
                found[system] = str(value).strip()[:200]
    return tuple(found.items())
