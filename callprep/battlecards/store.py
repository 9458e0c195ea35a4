"""Battlecards in the database: create, new versions (optimistic, like talk tracks),
publish, archive, list, get, and the published cards for a brief's competitor names.

Every text is checked here as well as in the API's schemas (pages and the CLI call these
functions too): bounded lengths, not blank, no NUL. A refused save changes nothing stored.
Services flush; the caller commits."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from callprep.db import utcnow
from callprep.errors import Conflict, InvalidInput, NotFound, PreconditionFailed
from callprep.models import Battlecard, BattlecardName, BattlecardVersion
from callprep.validation import text_problem

MAX_COMPETITOR_CHARS = 100
MAX_ALIASES = 10
MAX_DIFFER_CHARS = 500
MAX_LANDMINES = 5
MAX_LANDMINE_CHARS = 200
MAX_PROOF_CHARS = 300


def name_key(name: str) -> str:
    """How a competitor's name is matched: case-folded, spaces collapsed, no surrounding
    punctuation ("WidgetWatch," in a comment is the card's "Widgetwatch")."""
    spaced = " ".join(name.casefold().split())
    return spaced.strip(" .,;:!?\"'()[]") or spaced


@dataclass(frozen=True)
class CardVersion:
    version: int
    differ: str
    landmines: list[str]
    proof: str
    changed_by: str | None
    created_at: datetime

    def as_dict(self) -> dict[str, Any]:
        return {
            "version": self.version,
            "differ": self.differ,
            "landmines": list(self.landmines),
            "proof": self.proof,
            "changed_by": self.changed_by,
            "created_at": self.created_at,
        }


@dataclass(frozen=True)
class CardSummary:
    id: int
    competitor: str
    aliases: list[str]
    status: str  # draft, published, archived
    latest: CardVersion
    published: CardVersion | None
    published_at: datetime | None
    published_by: str | None
    created_at: datetime
    updated_at: datetime

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "competitor": self.competitor,
            "aliases": list(self.aliases),
            "status": self.status,
            "latest_version": self.latest.version,
            "published_version": self.published.version if self.published else None,
            "has_unpublished_changes": self.published is None
            or self.published.version != self.latest.version,
            "published_at": self.published_at,
            "published_by": self.published_by,
            "latest": self.latest.as_dict(),
            "published": self.published.as_dict() if self.published else None,
            "created_at": self.created_at,
            "updated_at": self.updated_at,
        }


@dataclass(frozen=True)
class PublishedCard:
    """What a brief shows of a card: its published lines, and the name that matched."""

    card_id: int
    competitor: str
    matched: str  # the name key that matched
    version: int
    differ: str
    landmines: tuple[str, ...]
    proof: str


# -- checks -----------------------------------------------------------------------------------


def _text(value: Any, field: str, limit: int) -> str:
    if not isinstance(value, str):
        raise InvalidInput(f"{field} must be text", errors={field: ["must be text"]})
    problem = text_problem(value)
    if problem:
        raise InvalidInput(f"{field} {problem}", errors={field: [problem]})
    cleaned = value.strip()
    if not cleaned:
        raise InvalidInput(f"{field} must not be blank", errors={field: ["must not be blank"]})
    if len(value) > limit:
        message = f"at most {limit} characters (this is {len(value)})"
        raise InvalidInput(f"{field}: {message}", errors={field: [message]})
    return cleaned


def _lines(value: Any) -> list[str]:
    if not isinstance(value, list | tuple) or not value:
        message = f"give 1 to {MAX_LANDMINES} landmine questions"
        raise InvalidInput(message, errors={"landmines": [message]})
    if len(value) > MAX_LANDMINES:
        message = f"at most {MAX_LANDMINES} landmine questions (this has {len(value)})"
        raise InvalidInput(message, errors={"landmines": [message]})
    return [_text(item, f"landmines.{n}", MAX_LANDMINE_CHARS) for n, item in enumerate(value)]


def _aliases(value: Any, competitor: str) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list | tuple) or len(value) > MAX_ALIASES:
        message = f"give at most {MAX_ALIASES} aliases"
        raise InvalidInput(message, errors={"aliases": [message]})
    cleaned: list[str] = []
    keys = {name_key(competitor)}
    for n, alias in enumerate(value):
        text = _text(alias, f"aliases.{n}", MAX_COMPETITOR_CHARS)
        key = name_key(text)
        if key and key not in keys:
            keys.add(key)
            cleaned.append(text)
    return cleaned


def _competitor(value: Any) -> str:
    return _text(value, "competitor", MAX_COMPETITOR_CHARS)


def _check_names_free(session: Session, names: Sequence[str], card_id: int | None) -> None:
    """409 when a name already belongs to another card (a name finds one card)."""
    keys = {name_key(name): name for name in names}
    taken = session.execute(
        select(BattlecardName.name_key, Battlecard.competitor)
        .join(Battlecard, Battlecard.id == BattlecardName.card_id)
        .where(BattlecardName.name_key.in_(list(keys)), BattlecardName.card_id != (card_id or 0))
    ).all()
    if taken:
        key, owner = taken[0]
        message = f"{keys[key]!r} already names the battlecard for {owner!r}"
        field = "competitor" if name_key(names[0]) == key else "aliases"
        raise Conflict(message, errors={field: [message]})


def _set_names(session: Session, card: Battlecard, aliases: Sequence[str]) -> None:
    wanted = {name_key(card.competitor), *(name_key(alias) for alias in aliases)}
    stored = {
        row.name_key: row
        for row in session.scalars(select(BattlecardName).where(BattlecardName.card_id == card.id))
    }
    for key, row in stored.items():
        if key not in wanted:
            session.delete(row)
    session.flush()
    try:
        with session.begin_nested():
            for key in sorted(wanted - set(stored)):
                session.add(BattlecardName(card_id=card.id, name_key=key))
    except IntegrityError:
        # Another card took one of these names between our check and our insert.
        message = "another battlecard took one of these names at the same moment; save again"
        raise Conflict(message, errors={"aliases": [message]}) from None
    card.aliases = list(aliases)


# -- writes -------------------------------------------------------------------------------------


def create_card(
    session: Session,
    *,
    competitor: str,
    differ: str,
    landmines: Sequence[str],
    proof: str,
    aliases: Sequence[str] | None = None,
    changed_by: str | None = None,
) -> CardSummary:
    """A new card whose version 1 is a draft; 409 if a name is taken, 422 if invalid."""
    competitor = _competitor(competitor)
    cleaned_aliases = _aliases(aliases, competitor)
    lines = (
        _text(differ, "differ", MAX_DIFFER_CHARS),
        _lines(landmines),
        _text(proof, "proof", MAX_PROOF_CHARS),
    )
    _check_names_free(session, [competitor, *cleaned_aliases], None)
    card = Battlecard(competitor=competitor, aliases=[], created_by=changed_by)
    session.add(card)
    session.flush()
    _set_names(session, card, cleaned_aliases)
    _add_version(session, card, 1, *lines, changed_by)
    return card_summary(session, card.id)


def save_version(
    session: Session,
    card_id: int,
    *,
    differ: str,
    landmines: Sequence[str],
    proof: str,
    aliases: Sequence[str] | None = None,
    changed_by: str | None = None,
    base_version: int | None = None,
    if_match: int | None = None,
) -> CardVersion:
    """A new draft version; briefs keep the published one until it is published.

    ``base_version`` (or ``if_match``, from an If-Match ETag) that is no longer the latest is a
    409 (or 412) carrying the other person's version, never a silent overwrite."""
    card = _card(session, card_id)
    lines = (
        _text(differ, "differ", MAX_DIFFER_CHARS),
        _lines(landmines),
        _text(proof, "proof", MAX_PROOF_CHARS),
    )
    cleaned_aliases = _aliases(aliases, card.competitor) if aliases is not None else None
    if cleaned_aliases is not None:
        _check_names_free(session, [card.competitor, *cleaned_aliases], card.id)
    expected = if_match if if_match is not None else base_version
    # The card's row lock orders concurrent saves (PostgreSQL; SQLite has one writer).
    session.execute(select(Battlecard.id).where(Battlecard.id == card.id).with_for_update())
    latest = _latest(session, card.id)
    if expected is not None and latest.version != expected:
        raise _stale(latest, expected, if_match is not None)
    if cleaned_aliases is not None:
        _set_names(session, card, cleaned_aliases)
    try:
        with session.begin_nested():
            version = _add_version(session, card, latest.version + 1, *lines, changed_by)
    except IntegrityError:
        # Another save took this number between our read and our insert.
        raise _stale(_latest(session, card.id), expected, if_match is not None) from None
    return _version_view(version)


def publish(session: Session, card_id: int, version: int, *, by: str | None = None) -> CardSummary:
    """Make ``version`` what briefs show (publishing an older one rolls back)."""
    card = _card(session, card_id)
    if card.archived_at is not None:
        raise Conflict(f"the battlecard for {card.competitor!r} is archived")
    if _version(session, card.id, version) is None:
        raise NotFound(f"the battlecard for {card.competitor!r} has no version {version}")
    card.published_version = version
    card.published_at = utcnow()
    card.published_by = by
    card.updated_at = utcnow()
    session.flush()
    return card_summary(session, card.id)


def archive(session: Session, card_id: int, *, by: str | None = None) -> CardSummary:
    """No brief shows the card any more (its versions stay)."""
    card = _card(session, card_id)
    if card.archived_at is None:
        card.archived_at = utcnow()
        card.updated_at = utcnow()
        session.flush()
    return card_summary(session, card.id)


def _add_version(
    session: Session,
    card: Battlecard,
    number: int,
    differ: str,
    landmines: list[str],
    proof: str,
    changed_by: str | None,
) -> BattlecardVersion:
    version = BattlecardVersion(
        card_id=card.id,
        version=number,
        differ=differ,
        landmines=landmines,
        proof=proof,
        changed_by=changed_by,
    )
    session.add(version)
    card.updated_at = utcnow()
    session.flush()
    return version


def _stale(latest: BattlecardVersion, expected: int | None, precondition: bool):
    current = _version_view(latest).as_dict()
    current["created_at"] = latest.created_at.isoformat()
    who = latest.changed_by or "someone"
    message = (
        f"version {latest.version} was saved by {who} since you opened version {expected}: "
        "reload, merge their change, and save again"
    )
    error = PreconditionFailed if precondition else Conflict
    return error(message, errors={"base_version": [message]}, current=current)


# -- reads ------------------------------------------------------------------------------------

# Card ids are INTEGER columns: 32-bit on PostgreSQL, where a larger id in a query is an
# "integer out of range" error, not an unknown card (the path converter allows 64 bits).
MAX_CARD_ID = 2**31 - 1


def _card(session: Session, card_id: int) -> Battlecard:
    # An id beyond the id column's range cannot exist (and would be a database error).
    card = session.get(Battlecard, card_id) if 0 < card_id <= MAX_CARD_ID else None
    if card is None:
        raise NotFound(f"no battlecard {card_id}")
    return card


def _version(session: Session, card_id: int, number: int) -> BattlecardVersion | None:
    return session.scalar(
        select(BattlecardVersion).where(
            BattlecardVersion.card_id == card_id, BattlecardVersion.version == number
        )
    )


def _latest(session: Session, card_id: int) -> BattlecardVersion:
    return session.scalars(
        select(BattlecardVersion)
        .where(BattlecardVersion.card_id == card_id)
        .order_by(BattlecardVersion.version.desc())
        .limit(1)
    ).one()


def _version_view(row: BattlecardVersion) -> CardVersion:
    return CardVersion(
        version=row.version,
        differ=row.differ,
        landmines=list(row.landmines or []),
        proof=row.proof,
        changed_by=row.changed_by,
        created_at=row.created_at,
    )


def _status(card: Battlecard) -> str:
    if card.archived_at is not None:
        return "archived"
    return "published" if card.published_version is not None else "draft"


def _summaries(session: Session, cards: Sequence[Battlecard]) -> list[CardSummary]:
    if not cards:
        return []
    ids = [card.id for card in cards]
    latest_numbers = dict(
        session.execute(
            select(BattlecardVersion.card_id, func.max(BattlecardVersion.version))
            .where(BattlecardVersion.card_id.in_(ids))
            .group_by(BattlecardVersion.card_id)
        ).all()
    )
    wanted = {(card.id, latest_numbers[card.id]) for card in cards}
    wanted |= {(card.id, card.published_version) for card in cards if card.published_version}
    rows = session.scalars(
        select(BattlecardVersion).where(
            BattlecardVersion.card_id.in_(ids),
            BattlecardVersion.version.in_({number for _card, number in wanted}),
        )
    )
    versions = {(row.card_id, row.version): _version_view(row) for row in rows}
    return [
        CardSummary(
            id=card.id,
            competitor=card.competitor,
            aliases=list(card.aliases or []),
            status=_status(card),
            latest=versions[(card.id, latest_numbers[card.id])],
            published=versions.get((card.id, card.published_version))
            if card.published_version
            else None,
            published_at=card.published_at,
            published_by=card.published_by,
            created_at=card.created_at,
            updated_at=card.updated_at,
        )
        for card in cards
    ]


def card_summary(session: Session, card_id: int) -> CardSummary:
    return _summaries(session, [_card(session, card_id)])[0]


def list_cards(session: Session, *, include_archived: bool = True) -> list[CardSummary]:
    query = select(Battlecard).order_by(func.lower(Battlecard.competitor), Battlecard.id)
    if not include_archived:
        query = query.where(Battlecard.archived_at.is_(None))
    return _summaries(session, session.scalars(query).all())


def list_versions(session: Session, card_id: int) -> list[CardVersion]:
    _card(session, card_id)
    rows = session.scalars(
        select(BattlecardVersion)
        .where(BattlecardVersion.card_id == card_id)
        .order_by(BattlecardVersion.version.desc())
    )
    return [_version_view(row) for row in rows]


def cards_for(session: Session, competitor_names: Iterable[str]) -> list[PublishedCard]:
    """The published, unarchived cards answering to any of these names (case-insensitive,
    by competitor or alias): one indexed read, each card once."""
    keys = sorted({key for key in (name_key(n) for n in competitor_names if n) if key})
    if not keys:
        return []
    rows = session.execute(
        select(
            BattlecardName.name_key,
            Battlecard.id,
            Battlecard.competitor,
            BattlecardVersion.version,
            BattlecardVersion.differ,
            BattlecardVersion.landmines,
            BattlecardVersion.proof,
        )
        .join(Battlecard, Battlecard.id == BattlecardName.card_id)
        .join(
            BattlecardVersion,
            (BattlecardVersion.card_id == Battlecard.id)
            & (BattlecardVersion.version == Battlecard.published_version),
        )
        .where(BattlecardName.name_key.in_(keys), Battlecard.archived_at.is_(None))
        .order_by(Battlecard.id)
    ).all()
    found: dict[int, PublishedCard] = {}
    for key, card_id, competitor, version, differ, landmines, proof in rows:
        found.setdefault(
            card_id,
            PublishedCard(
                card_id=card_id,
                competitor=competitor,
                matched=key,
                version=version,
                differ=differ,
                landmines=tuple(landmines or ()),
                proof=proof,
            ),
        )
    return list(found.values())
