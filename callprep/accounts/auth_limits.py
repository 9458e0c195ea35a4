"""Failed authentications, counted atomically in the limiter's store (memory:// or Redis).

Checking a limit and counting the failure afterwards lets ten simultaneous guesses through a
limit of five (all are checked before any is counted). So every login attempt is counted
*before* the password is checked, with one atomic increment; a correct password then clears
its account's count. API keys are looked up in the database, so an address that keeps
sending unknown keys is stopped before the lookup."""

from __future__ import annotations

import hashlib

from limits import parse

from callprep.extensions import limiter

FAILED_LOGINS_PER_ACCOUNT = "5 per 15 minutes"
FAILED_LOGINS_PER_ADDRESS = "20 per 15 minutes"
# Unknown or revoked API keys per client address (random keys must not each get a bucket).
FAILED_API_KEYS_PER_ADDRESS = "20 per minute"

_ACCOUNT = parse(FAILED_LOGINS_PER_ACCOUNT)
_ADDRESS = parse(FAILED_LOGINS_PER_ADDRESS)
_API_KEYS = parse(FAILED_API_KEYS_PER_ADDRESS)


def _hashed(value: str) -> str:
    # The limiter's store never holds an email address or a client's raw address.
    return hashlib.sha256(value.encode()).hexdigest()[:32]


def login_attempt_allowed(email: str, address: str) -> bool:
    """Count this attempt (atomically) for the account and the address; False when either
    is over its limit, before any password is checked."""
    strategy = limiter.limiter
    by_address = strategy.hit(_ADDRESS, "login-address", _hashed(address))
    by_account = strategy.hit(_ACCOUNT, "login-account", _hashed(email)) if email else True
    return by_address and by_account


def login_succeeded(email: str) -> None:
    """The right password: this account's failures are forgiven."""
    limiter.limiter.clear(_ACCOUNT, "login-account", _hashed(email))


def api_key_failures_exceeded(address: str) -> bool:
    return not limiter.limiter.test(_API_KEYS, "api-key-failures", _hashed(address))


def api_key_failed(address: str) -> None:
    limiter.limiter.hit(_API_KEYS, "api-key-failures", _hashed(address))
