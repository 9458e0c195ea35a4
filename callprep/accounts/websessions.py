"""Browser sessions behind the web login: opened at login (a fresh token each time, so a
session id planted before login is worthless), looked up per page, deleted at logout."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from callprep.db import utcnow
from callprep.models import User, WebSession

# A working day: a rep logs in in the morning and is not asked again before the evening.
SESSION_LIFETIME = timedelta(hours=12)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def open_web_session(session: Session, user: User) -> str:
    """A new session for `user`; returns the token for the cookie (stored only as a hash)."""
    now = utcnow()
    session.execute(
        delete(WebSession).where(WebSession.user_id == user.id, WebSession.expires_at <= now)
    )
    token = secrets.token_urlsafe(32)
    session.add(
        WebSession(
            token_hash=_hash(token), user=user, created_at=now, expires_at=now + SESSION_LIFETIME
        )
    )
    session.flush()
    return token


def user_for_web_session(session: Session, token: str | None) -> User | None:
    """The active user behind a live session token, or None."""
    if not token:
        return None
    web_session = session.scalar(select(WebSession).where(WebSession.token_hash == _hash(token)))
    if web_session is None or web_session.expires_at <= utcnow() or not web_session.user.active:
        return None
    return web_session.user


def close_web_session(session: Session, token: str | None) -> None:
    if token:
        session.execute(delete(WebSession).where(WebSession.token_hash == _hash(token)))
