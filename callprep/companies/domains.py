"""A lead's company domain: the part of a work email that names an account. Free-mail and
reserved example domains name no company (two people on gmail.com are not one account)."""

from __future__ import annotations

PERSONAL_MAIL_DOMAINS = frozenset(
    {
        "gmail.com",
        "googlemail.com",
        "yahoo.com",
        "hotmail.com",
        "outlook.com",
        "live.com",
        "msn.com",
        "aol.com",
        "icloud.com",
        "me.com",
        "proton.me",
        "protonmail.com",
        "gmx.com",
        "gmx.de",
        "web.de",
        "mail.com",
        "example.com",
        "example.net",
        "example.org",
        "example.test",
    }
)


def company_domain(email: str | None) -> str | None:
    """The lower-cased domain of a work email, or None for free mail and malformed input."""
    if not email or "@" not in email:
        return None
    domain = email.rsplit("@", 1)[-1].strip().lower().rstrip(".")
    if not domain or "." not in domain or domain in PERSONAL_MAIL_DOMAINS:
        return None
    return domain
