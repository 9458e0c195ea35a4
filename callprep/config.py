"""Settings, read from the environment (the README names them) with overrides for tests.
The spaCy pipeline's name, CALLPREP_SPACY_MODEL, is read by nlp/pipeline.py (nlp's own API)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields
from datetime import UTC, datetime

from callprep.leads.situations import BriefSettings
from callprep.proxies import parse_networks
from callprep.validation import DEFAULT_MAX_FUTURE_HOURS, DEFAULT_MIN_DATE


def _split(value: str | None) -> list[str]:
    return [part.strip() for part in (value or "").split(",") if part.strip()]


def _hours(value: str | None) -> int:
    if not value:
        return DEFAULT_MAX_FUTURE_HOURS
    hours = int(value)
    if not 0 <= hours <= 24 * 366:
        raise ValueError("CALLPREP_MAX_FUTURE_HOURS must be between 0 and 8784")
    return hours


def _date(value: str | None) -> datetime:
    if not value:
        return DEFAULT_MIN_DATE
    moment = datetime.fromisoformat(value)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


@dataclass
class Config:
    DATABASE_URL: str = "sqlite:///callprep.db"
    SECRET_KEY: str = ""
    CORS_ORIGINS: list[str] = field(default_factory=list)
    WEBHOOK_SECRETS: list[str] = field(default_factory=list)
    MAUTIC_SECRET: str = ""
    HUBSPOT_CLIENT_SECRET: str = ""
    RATELIMIT_STORAGE_URI: str = "memory://"
    # Per API key (per address without a key), on /api/v1; flask-limiter's notation.
    RATELIMIT_DEFAULT: str = "600 per minute"
    # Request bodies larger than this are refused with 413 before they are parsed.
    MAX_CONTENT_LENGTH: int = 10 * 1024 * 1024
    TESTING: bool = False
    # Session cookie Secure flag: "auto" sets it except on plain http to a loopback address
    # (the local demo on http://127.0.0.1), "always" / "never" force it.
    SECURE_COOKIES: str = "auto"
    # Reverse proxies (addresses or CIDRs) whose X-Forwarded-* headers are honoured.
    TRUSTED_PROXIES: list[str] = field(default_factory=list)
    # Situation windows and follow-up deadlines (CALLPREP_BRIEF_*); defaults when None.
    BRIEF_SETTINGS: BriefSettings | None = None
    # Interaction dates outside [MIN_DATE, now + MAX_FUTURE_HOURS] are typos: refused at entry.
    MAX_FUTURE_HOURS: int = DEFAULT_MAX_FUTURE_HOURS
    MIN_DATE: datetime = DEFAULT_MIN_DATE

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> Config:
        env = os.environ if environ is None else environ
        config = cls(
            DATABASE_URL=env.get("CALLPREP_DATABASE_URL") or cls.DATABASE_URL,
            SECRET_KEY=env.get("CALLPREP_SECRET_KEY", ""),
            CORS_ORIGINS=_split(env.get("CALLPREP_CORS_ORIGINS")),
            WEBHOOK_SECRETS=_split(env.get("CALLPREP_WEBHOOK_SECRETS")),
            MAUTIC_SECRET=env.get("CALLPREP_MAUTIC_SECRET", ""),
            HUBSPOT_CLIENT_SECRET=env.get("CALLPREP_HUBSPOT_CLIENT_SECRET", ""),
            RATELIMIT_STORAGE_URI=env.get("CALLPREP_RATELIMIT_STORAGE_URI") or "memory://",
            SECURE_COOKIES=env.get("CALLPREP_SECURE_COOKIES") or "auto",
            TRUSTED_PROXIES=_split(env.get("CALLPREP_TRUSTED_PROXIES")),
            RATELIMIT_DEFAULT=env.get("CALLPREP_RATELIMIT_DEFAULT") or "600 per minute",
            # Read with the rest, so a bad value stops the start, not the first brief.
            BRIEF_SETTINGS=BriefSettings.from_env(env),
            MAX_FUTURE_HOURS=_hours(env.get("CALLPREP_MAX_FUTURE_HOURS")),
            MIN_DATE=_date(env.get("CALLPREP_MIN_DATE")),
        )
        parse_networks(config.TRUSTED_PROXIES)  # a typo stops the start, naming the item
        # Left empty, create_app uses the secret kept in the instance folder
        # (callprep.instance): restarts and a second server on this install keep sessions.
        return config

    def as_flask_config(self) -> dict[str, object]:
        return {f.name: getattr(self, f.name) for f in fields(self)}
