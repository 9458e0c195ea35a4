"""CRM record ids in one form per system, so the same record is found whichever form a
sender uses.

Salesforce ids come as 15 characters (case-sensitive: reports, the UI) or 18 (API, CRM
buttons, formula fields): the 18-character form appends a 3-character checksum of the
case of the first 15, which makes it safe in case-insensitive tools. callprep stores the
18-character form, computed as Salesforce documents it (SOAP API Developer Guide, "Field
Types" > ID): for each 5-character chunk, a 5-bit number with bit i set when character i
is an upper-case letter, indexing `ABCDEFGHIJKLMNOPQRSTUVWXYZ012345`. An 18-character id
whose case was lost (Excel, an upper-casing tool) gets its case back from its checksum.
Values that are not Salesforce-shaped (15/18 letters and digits) are kept as they are."""

from __future__ import annotations

import re

_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345"
_SHAPE = re.compile(r"^[A-Za-z0-9]{15}([A-Za-z0-5]{3})?$")
SALESFORCE = "salesforce"


def salesforce_checksum(id15: str) -> str:
    suffix = ""
    for chunk in range(3):
        bits = 0
        for position, char in enumerate(id15[chunk * 5 : chunk * 5 + 5]):
            if "A" <= char <= "Z":
                bits |= 1 << position
        suffix += _ALPHABET[bits]
    return suffix


def salesforce_id18(value: str) -> str:
    """The 18-character form of a 15- or 18-character Salesforce id (else `value`)."""
    text = value.strip()
    if not _SHAPE.match(text):
        return value
    if len(text) == 15:
        return text + salesforce_checksum(text)
    base, suffix = text[:15], text[15:].upper()
    if salesforce_checksum(base) == suffix:
        return base + suffix
    # The case of the first 15 was lost: restore it from the checksum's bits.
    restored = []
    for chunk in range(3):
        bits = _ALPHABET.index(suffix[chunk])
        for position, char in enumerate(base[chunk * 5 : chunk * 5 + 5]):
            upper = bits >> position & 1
            restored.append(char.upper() if upper else char.lower())
    candidate = "".join(restored)
    return candidate + suffix if salesforce_checksum(candidate) == suffix else value


def normalise_external_id(system: str, value: str) -> str:
    """The stored form of `value` as an id of `system`."""
    if system.strip().lower() == SALESFORCE and isinstance(value, str):
        return salesforce_id18(value)
    return value
