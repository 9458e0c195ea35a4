"""Settings, read from the environment (the README names them) with overrides for tests.

This is the only module that reads settings: the app's (``Config``), the brief rules'
(``BriefSettings``: ``CALLPREP_BRIEF_*``, ``brief_settings_from_env``), the spaCy pipeline's
name handed to nlp (``CALLPREP_SPACY_MODEL``, ``spacy_pipeline``) and the evaluation data's
path (``CALLPREP_INSPEC_PATH``, ``inspec_path``). It sits below every feature package."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from datetime import UTC, datetime, timedelta
from typing import Any

from flask import current_app, has_app_context

from callprep.proxies import parse_networks
from callprep.validation import DEFAULT_MAX_FUTURE_HOURS, DEFAULT_MIN_DATE
from callprep.vocabulary import MEANINGLESS_TYPES

BRIEF_PREFIX = "CALLPREP_BRIEF_"
SPACY_MODEL_SETTING = "CALLPREP_SPACY_MODEL"
INSPEC_SETTING = "CALLPREP_INSPEC_PATH"
DATABASE_SETTING = "CALLPREP_DATABASE_URL"


# Housekeeping and content-gate forms ("Download: Budget Template", "…-EBOOK Form").
DEFAULT_NON_HAND_RAISE_WORDS = (
    "newsletter",
    "subscription",
    "subscribe",
    "preference",
    "download",
    "ebook",
    "e-book",
    "whitepaper",
    "white paper",
    "webinar registration",
)
# Pages visited for something other than buying: applying for a job, logging in.
DEFAULT_NON_BUYING_PAGE_WORDS = ("careers", "jobs", "job opening", "vacancies", "login", "log in",
                                 "sign in", "unsubscribe")  # fmt: skip


@dataclass(frozen=True)
class BriefSettings:
    """The situation rules' windows and the deadlines and freshness bands each situation sets."""

    hand_raise_window: timedelta = timedelta(days=30)
    event_window: timedelta = timedelta(days=14)
    re_engaged_window: timedelta = timedelta(days=30)
    re_engaged_silence: timedelta = timedelta(days=90)
    research_window: timedelta = timedelta(days=30)
    research_min_interactions: int = 3
    # A form whose title holds one of these words is housekeeping, not a hand-raise.
    non_hand_raise_form_words: tuple[str, ...] = DEFAULT_NON_HAND_RAISE_WORDS
    # A web visit whose title or address holds one of these words is not engagement.
    non_buying_page_words: tuple[str, ...] = DEFAULT_NON_BUYING_PAGE_WORDS
    hand_raiser_due: timedelta = timedelta(hours=1)
    hand_raiser_fresh: timedelta = timedelta(hours=4)
    hand_raiser_aging: timedelta = timedelta(hours=24)
    follow_up_due: timedelta = timedelta(hours=48)
    follow_up_fresh: timedelta = timedelta(hours=48)
    follow_up_aging: timedelta = timedelta(days=7)
    topics_shown: int = 8
    facts_shown: int = 20
    interactions_shown: int = 50

    def is_meaningful(self, interaction_type: str, title: str | None) -> bool:
        """Something the lead did that shows interest (not a delivery, not a careers page)."""
        if interaction_type in MEANINGLESS_TYPES:
            return False
        if interaction_type == "web_visit":
            words = (title or "").lower()
            return not any(word in words for word in self.non_buying_page_words)
        return True

    def is_hand_raise(self, interaction_type: str, title: str | None) -> bool:
        if interaction_type != "form_submission":
            return False
        words = (title or "").lower()
        return not any(word in words for word in self.non_hand_raise_form_words)


def _environ(environ: Mapping[str, str] | None) -> Mapping[str, str]:
    return os.environ if environ is None else environ


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


def _seconds(value: str | None) -> float:
    if not value:
        return Config.BRIEF_RECORDS_FLUSH_SECONDS
    seconds = float(value)
    if not 0 < seconds <= 3600:
        raise ValueError("CALLPREP_RECORDS_FLUSH_SECONDS must be above 0 and at most 3600")
    return seconds


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
    # A valid API key is looked up again after this many seconds (0: every request); a key
    # revoked by another process keeps working here at most this long.
    API_KEY_CACHE_SECONDS: int = 5
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
    # Brief records (what each API brief showed) are written by a background thread at most
    # this many seconds after the brief, and at shutdown.
    BRIEF_RECORDS_FLUSH_SECONDS: float = 0.5
    # Analysis jobs (callprep.jobs): a Redis URL sends them to `callprep worker`s; without
    # one they run on a worker thread of the serving process. JOBS_MODE "inline" runs them
    # right after each commit, in the committing thread (the test suite's deterministic mode).
    QUEUE_URL: str = ""
    QUEUE_NAMESPACE: str = "callprep"
    JOBS_MODE: str = ""
    JOBS_MAX_ATTEMPTS: int = 5
    JOBS_MIN_BACKOFF_SECONDS: float = 1.0
    JOBS_SWEEP_SECONDS: float = 60.0
    # Alerts (callprep.alerts): the brief link's base, SMTP for the email channel, delivery
    # timeouts and retries, and the researcher priority that also alerts (None: off).
    PUBLIC_URL: str = "http://127.0.0.1:8000"
    ALERT_PRIORITY_THRESHOLD: int | None = None
    ALERT_TIMEOUT_SECONDS: float = 5.0
    ALERT_MAX_ATTEMPTS: int = 5
    ALERT_MIN_BACKOFF_SECONDS: float = 2.0
    SMTP_HOST: str = ""
    SMTP_PORT: int = 25
    SMTP_USERNAME: str = ""
    SMTP_PASSWORD: str = ""
    SMTP_STARTTLS: bool = False
    ALERT_EMAIL_FROM: str = "callprep@localhost"
    # Alert webhooks to loopback or private addresses (refused by default: a user's address
    # must not reach into the server's own network).
    ALERT_PRIVATE_TARGETS: bool = False
    # A Thompson-sampling track's split is recomputed when outcomes arrive, at most this often.
    ALLOCATION_MINUTES: int = 15

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> Config:
        env = _environ(environ)
        config = cls(
            DATABASE_URL=env.get(DATABASE_SETTING) or cls.DATABASE_URL,
            SECRET_KEY=env.get("CALLPREP_SECRET_KEY", ""),
            CORS_ORIGINS=_split(env.get("CALLPREP_CORS_ORIGINS")),
            WEBHOOK_SECRETS=_split(env.get("CALLPREP_WEBHOOK_SECRETS")),
            MAUTIC_SECRET=env.get("CALLPREP_MAUTIC_SECRET", ""),
            HUBSPOT_CLIENT_SECRET=env.get("CALLPREP_HUBSPOT_CLIENT_SECRET", ""),
            RATELIMIT_STORAGE_URI=env.get("CALLPREP_RATELIMIT_STORAGE_URI") or "memory://",
            SECURE_COOKIES=env.get("CALLPREP_SECURE_COOKIES") or "auto",
            TRUSTED_PROXIES=_split(env.get("CALLPREP_TRUSTED_PROXIES")),
            RATELIMIT_DEFAULT=env.get("CALLPREP_RATELIMIT_DEFAULT") or "600 per minute",
            API_KEY_CACHE_SECONDS=_bounded_int(env, "CALLPREP_API_KEY_CACHE_SECONDS", 5, 0, 300),
            # Read with the rest, so a bad value stops the start, not the first brief.
            BRIEF_SETTINGS=brief_settings_from_env(env),
            MAX_FUTURE_HOURS=_hours(env.get("CALLPREP_MAX_FUTURE_HOURS")),
            MIN_DATE=_date(env.get("CALLPREP_MIN_DATE")),
            BRIEF_RECORDS_FLUSH_SECONDS=_seconds(env.get("CALLPREP_RECORDS_FLUSH_SECONDS")),
            QUEUE_URL=env.get("CALLPREP_QUEUE_URL", "").strip(),
            QUEUE_NAMESPACE=env.get("CALLPREP_QUEUE_NAMESPACE", "").strip() or "callprep",
            JOBS_MODE=env.get("CALLPREP_JOBS_MODE", "").strip().lower(),
            JOBS_MAX_ATTEMPTS=_bounded_int(env, "CALLPREP_JOBS_MAX_ATTEMPTS", 5, 1, 100),
            JOBS_MIN_BACKOFF_SECONDS=float(env.get("CALLPREP_JOBS_MIN_BACKOFF_SECONDS") or 1.0),
            JOBS_SWEEP_SECONDS=float(env.get("CALLPREP_JOBS_SWEEP_SECONDS") or 60.0),
            PUBLIC_URL=_public_url(env.get("CALLPREP_PUBLIC_URL")),
            ALERT_PRIORITY_THRESHOLD=_optional_int(
                env, "CALLPREP_ALERT_PRIORITY_THRESHOLD", 0, 100
            ),
            ALERT_TIMEOUT_SECONDS=_bounded_float(env, "CALLPREP_ALERT_TIMEOUT_SECONDS", 5.0, 60.0),
            ALERT_MAX_ATTEMPTS=_bounded_int(env, "CALLPREP_ALERT_MAX_ATTEMPTS", 5, 1, 50),
            ALERT_MIN_BACKOFF_SECONDS=_bounded_float(
                env, "CALLPREP_ALERT_MIN_BACKOFF_SECONDS", 2.0, 3600.0
            ),
            SMTP_HOST=env.get("CALLPREP_SMTP_HOST", "").strip(),
            SMTP_PORT=_bounded_int(env, "CALLPREP_SMTP_PORT", 25, 1, 65535),
            SMTP_USERNAME=env.get("CALLPREP_SMTP_USERNAME", ""),
            SMTP_PASSWORD=env.get("CALLPREP_SMTP_PASSWORD", ""),
            SMTP_STARTTLS=_flag(env, "CALLPREP_SMTP_STARTTLS"),
            ALERT_EMAIL_FROM=env.get("CALLPREP_ALERT_EMAIL_FROM", "").strip()
            or "callprep@localhost",
            ALERT_PRIVATE_TARGETS=_flag(env, "CALLPREP_ALERT_PRIVATE_TARGETS"),
            ALLOCATION_MINUTES=_bounded_int(env, "CALLPREP_ALLOCATION_MINUTES", 15, 0, 10_080),
        )
        jobs_mode(config.as_flask_config())  # a bad mode stops the start, naming the setting
        parse_networks(config.TRUSTED_PROXIES)  # a typo stops the start, naming the item
        # Left empty, create_app uses the secret kept in the instance folder
        # (callprep.instance): restarts and a second server on this install keep sessions.
        return config

    def as_flask_config(self) -> dict[str, object]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


JOBS_MODES = ("inline", "thread", "queue")


def jobs_mode(config: Mapping[str, Any]) -> str:
    """How analysis jobs run: "queue" with CALLPREP_QUEUE_URL, else "thread", unless
    CALLPREP_JOBS_MODE says otherwise."""
    mode = config.get("JOBS_MODE") or ("queue" if config.get("QUEUE_URL") else "thread")
    if mode not in JOBS_MODES:
        raise ValueError(f"CALLPREP_JOBS_MODE must be one of {', '.join(JOBS_MODES)}")
    if mode == "queue" and not config.get("QUEUE_URL"):
        raise ValueError("CALLPREP_JOBS_MODE=queue needs CALLPREP_QUEUE_URL (redis://...)")
    return mode


def _bounded_int(env: Mapping[str, str], name: str, default: int, low: int, high: int) -> int:
    raw = env.get(name)
    if not raw:
        return default
    value = int(raw)
    if not low <= value <= high:
        raise ValueError(f"{name} must be between {low} and {high}")
    return value


def _optional_int(env: Mapping[str, str], name: str, low: int, high: int) -> int | None:
    raw = (env.get(name) or "").strip()
    return _bounded_int(env, name, 0, low, high) if raw else None


def _bounded_float(env: Mapping[str, str], name: str, default: float, high: float) -> float:
    raw = env.get(name)
    if not raw:
        return default
    value = float(raw)
    if not 0 < value <= high:
        raise ValueError(f"{name} must be above 0 and at most {high:g}")
    return value


def _flag(env: Mapping[str, str], name: str) -> bool:
    raw = (env.get(name) or "").strip().lower()
    if raw in ("", "0", "false", "no", "off"):
        return False
    if raw in ("1", "true", "yes", "on"):
        return True
    raise ValueError(f"{name} must be true or false")


def _public_url(value: str | None) -> str:
    url = (value or "").strip().rstrip("/") or Config.PUBLIC_URL
    if not url.startswith(("http://", "https://")):
        raise ValueError("CALLPREP_PUBLIC_URL must start with http:// or https://")
    return url


def brief_settings_from_env(environ: Mapping[str, str] | None = None) -> BriefSettings:
    """``CALLPREP_BRIEF_<FIELD>``: hours for durations, a comma list for the form words."""
    env = _environ(environ)
    defaults = BriefSettings()
    changes: dict[str, Any] = {}
    for name in BriefSettings.__dataclass_fields__:
        value = getattr(defaults, name)
        raw = env.get(f"{BRIEF_PREFIX}{name.upper()}")
        if raw is None or not raw.strip():
            continue
        if isinstance(value, timedelta):
            changes[name] = timedelta(hours=float(raw))
        elif isinstance(value, tuple):
            changes[name] = tuple(w.strip().lower() for w in raw.split(",") if w.strip())
        else:
            changes[name] = int(raw)
    return replace(defaults, **changes)


_env_brief_settings: BriefSettings | None = None


def current_brief_settings(config: Any = None) -> BriefSettings:
    """The app's ``BRIEF_SETTINGS`` when given or inside an app, else the environment's."""
    global _env_brief_settings
    if config is None and has_app_context():
        config = current_app.config
    if config is not None and isinstance(config.get("BRIEF_SETTINGS"), BriefSettings):
        return config["BRIEF_SETTINGS"]
    if _env_brief_settings is None:
        _env_brief_settings = brief_settings_from_env()
    return _env_brief_settings


def allocation_interval(config: Any = None) -> timedelta:
    """How long a Thompson allocation stands before outcomes may recompute it
    (``CALLPREP_ALLOCATION_MINUTES``; the app's setting inside an app)."""
    if config is None and has_app_context():
        config = current_app.config
    if config is not None and config.get("ALLOCATION_MINUTES") is not None:
        return timedelta(minutes=int(config["ALLOCATION_MINUTES"]))
    return timedelta(minutes=_bounded_int(os.environ, "CALLPREP_ALLOCATION_MINUTES", 15, 0, 10_080))


def spacy_pipeline(environ: Mapping[str, str] | None = None) -> str | None:
    """The spaCy pipeline (name or path) handed to nlp; None: nlp's default pipeline."""
    return _environ(environ).get(SPACY_MODEL_SETTING, "").strip() or None


def inspec_path(environ: Mapping[str, str] | None = None) -> str | None:
    """The Inspec test file for `callprep nlp evaluate` when --inspec is not given."""
    return _environ(environ).get(INSPEC_SETTING) or None


def configured_database_url(environ: Mapping[str, str] | None = None) -> str | None:
    """CALLPREP_DATABASE_URL as set (None when unset), without the default."""
    return _environ(environ).get(DATABASE_SETTING) or None
