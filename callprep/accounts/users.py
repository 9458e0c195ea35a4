"""Users and API keys."""

from __future__ import annotations

import contextlib
import functools
import hashlib
import hmac
import secrets
import threading
import time
from dataclasses import dataclass
from datetime import timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from callprep.db import utcnow
from callprep.errors import Conflict, InvalidInput, NotFound
from callprep.models import ApiKey, User
from callprep.models.accounts import KEY_ROLES, USER_ROLES

_hasher = PasswordHasher()
KEY_PREFIX = "cpk_"
KEY_USE_RESOLUTION = timedelta(minutes=5)


@functools.cache
def _dummy_hash() -> str:
    """Burned on a miss so an unknown email costs as long as a wrong password (made on first
    use: hashing costs a quarter second, which every command would pay at start-up)."""
    return _hasher.hash("callprep-timing-equaliser")


@dataclass(frozen=True)
class Principal:
    """Who is calling: the role decides what they may do, a rep sees only their own leads."""

    role: str
    user_id: int | None = None
    email: str | None = None
    key_id: int | None = None

    @property
    def owner_scope(self) -> str | None:
        return self.email if self.role == "rep" else None


def normalise_email(email: str) -> str:
    return email.strip().lower()


def create_user(
    session: Session, *, email: str, role: str, password: str, name: str | None = None
) -> User:
    if role not in USER_ROLES:
        raise InvalidInput(f"role must be one of {', '.join(USER_ROLES)}", errors={"role": [role]})
    if len(password) < 8:
        raise InvalidInput("password must be at least 8 characters", errors={"password": []})
    email = normalise_email(email)
    if session.scalar(select(User.id).where(User.email == email)) is not None:
        raise Conflict("a user with this email exists", errors={"email": ["already exists"]})
    user = User(email=email, role=role, name=name, password_hash=_hasher.hash(password))
    session.add(user)
    session.flush()
    return user


def authenticate_user(session: Session, email: str, password: str) -> User | None:
    user = session.scalar(select(User).where(User.email == normalise_email(email)))
    if user is None or not user.active:
        with contextlib.suppress(VerificationError):
            _hasher.verify(_dummy_hash(), password)
        return None
    try:
        _hasher.verify(user.password_hash, password)
    except (VerificationError, InvalidHashError):
        return None
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = _hasher.hash(password)
    return user


def _hash_key(key: str) -> str:
    # Keys are 256-bit random strings, so a fast hash is enough (no dictionary to guess from).
    return hashlib.sha256(key.encode()).hexdigest()


def create_api_key(
    session: Session, *, role: str, name: str, user_email: str | None = None
) -> tuple[ApiKey, str]:
    """Make a key; the plain key is returned once and never stored."""
    if role not in KEY_ROLES:
        raise InvalidInput(f"role must be one of {', '.join(KEY_ROLES)}", errors={"role": [role]})
    user = None
    if user_email:
        user = session.scalar(select(User).where(User.email == normalise_email(user_email)))
        if user is None:
            raise NotFound(f"no user {user_email}", errors={"user": ["unknown user"]})
    if role == "rep" and user is None:
        raise InvalidInput("a rep key must belong to a rep (--user)", errors={"user": ["missing"]})
    prefix = secrets.token_hex(4)
    plain = f"{KEY_PREFIX}{prefix}_{secrets.token_urlsafe(32)}"
    key = ApiKey(name=name, prefix=prefix, key_hash=_hash_key(plain), role=role, user=user)
    session.add(key)
    session.flush()
    return key, plain


def store_api_key(session: Session, *, role: str, name: str, plain: str) -> ApiKey:
    """Store a key made elsewhere (the demo's key, derived from the app secret)."""
    prefix = plain.removeprefix(KEY_PREFIX).split("_", 1)[0]
    key = ApiKey(name=name, prefix=prefix, key_hash=_hash_key(plain), role=role)
    session.add(key)
    session.flush()
    return key


def key_matches(key: ApiKey, plain: str) -> bool:
    return hmac.compare_digest(key.key_hash, _hash_key(plain))


def revoke_api_key(session: Session, prefix: str) -> ApiKey:
    key = session.scalar(select(ApiKey).where(ApiKey.prefix == prefix))
    if key is None:
        raise NotFound(f"no key with prefix {prefix}")
    key.revoked_at = key.revoked_at or utcnow()
    # Every key cache of this process forgets what it holds (other processes: within their
    # TTL). Forgetting too much costs one lookup per key; a revoke is rare.
    KeyCache.forget_everything()
    return key


class KeyCache:
    """Principals of recently seen API keys, for a few seconds, keyed by the key's SHA-256.

    Every API request checks its bearer key; without this each pays a statement (and a second
    for a rep key's user) before its own work. A hit is a dict lookup. What it costs: a key
    revoked, or a user deactivated, by another process (`callprep keys revoke`) keeps working
    here for at most ``ttl`` seconds; one revoked in this process stops at once
    (``revoke_api_key`` clears every cache of the process). ``ttl`` 0 turns it off. Only keys
    that were found valid are held, so unknown keys still meet the database (and the failure
    limit) every time."""

    # Unrevoked keys in use are few; a bound keeps a flood of distinct valid keys harmless.
    MAX_KEYS = 10_000
    _generation = 0  # bumped by every revoke in this process

    def __init__(self, ttl: float) -> None:
        self.ttl = ttl
        self._held: dict[str, tuple[float, int, Principal]] = {}
        self._lock = threading.Lock()

    @classmethod
    def forget_everything(cls) -> None:
        cls._generation += 1

    def principal(self, session: Session, plain: str) -> Principal | None:
        if self.ttl <= 0:
            return principal_for_key(session, plain)
        digest = hashlib.sha256(plain.encode()).hexdigest()
        now = time.monotonic()
        held = self._held.get(digest)
        if held is not None and held[0] > now and held[1] == KeyCache._generation:
            return held[2]
        generation = KeyCache._generation
        principal = principal_for_key(session, plain)
        with self._lock:
            if principal is None:
                self._held.pop(digest, None)
            else:
                if len(self._held) >= self.MAX_KEYS:
                    self._held.clear()
                self._held[digest] = (now + self.ttl, generation, principal)
        return principal


def principal_for_key(session: Session, plain: str) -> Principal | None:
    """The caller behind a bearer key, or None for an unknown, malformed or revoked key."""
    parts = plain.removeprefix(KEY_PREFIX).split("_", 1)
    if not plain.startswith(KEY_PREFIX) or len(parts) != 2:
        return None
    key = session.scalar(select(ApiKey).where(ApiKey.prefix == parts[0]))
    if key is None or not hmac.compare_digest(key.key_hash, _hash_key(plain)):
        return None
    if key.revoked_at is not None or (key.user is not None and not key.user.active):
        return None
    now = utcnow()
    # Only every few minutes: a write on every read would serialise the API on SQLite.
    if key.last_used_at is None or now - key.last_used_at > KEY_USE_RESOLUTION:
        key.last_used_at = now
    return Principal(
        role=key.role,
        user_id=key.user_id,
        email=key.user.email if key.user else None,
        key_id=key.id,
    )
