"""Battlecards over HTTP: list, create, get, new draft versions, versions, publish, archive.

Everyone with a key reads; marketing and admin write. Card text is plain text, bounded; a
save from a stale version is a 409 (``base_version``) or 412 (If-Match) carrying theirs."""

from __future__ import annotations

import marshmallow as ma
from flask import request
from flask.views import MethodView
from marshmallow import fields, validate

from callprep.api.auth import ALL_ROLES, authenticate, key_principal, require_role
from callprep.api.blueprint import Blueprint
from callprep.battlecards import store as cards
from callprep.request_session import db_session
from callprep.validation import validate_text

blp = Blueprint(
    "battlecards_api",
    __name__,
    url_prefix="/api/v1/battlecards",
    description="Battlecards: per competitor, how we differ, landmine questions, one proof point",
)
blp.before_request(authenticate)

CARD_WRITERS = ("admin", "marketing")
# Not blank: at least one character that is not white space (the service strips the text).
_NOT_BLANK = validate.Regexp(r"^\s*\S", error="must not be blank")


def _text(limit: int, description: str, **kwargs) -> fields.String:
    return fields.String(
        validate=[validate.Length(min=1, max=limit), _NOT_BLANK, validate_text],
        metadata={"description": description},
        **kwargs,
    )


_COMPETITOR = _text(
    cards.MAX_COMPETITOR_CHARS, "the competitor's name, as leads write it", required=True
)
_ALIASES = fields.List(
    _text(cards.MAX_COMPETITOR_CHARS, "another name leads use for it"),
    validate=validate.Length(max=cards.MAX_ALIASES),
    metadata={"description": "other names that find this card (case-insensitive)"},
)
_DIFFER = _text(cards.MAX_DIFFER_CHARS, "how we differ, in a sentence or two", required=True)
_LANDMINES = fields.List(
    _text(cards.MAX_LANDMINE_CHARS, "a question that exposes the competitor's weak spot"),
    required=True,
    validate=validate.Length(min=1, max=cards.MAX_LANDMINES),
)
_PROOF = _text(cards.MAX_PROOF_CHARS, "one proof point (a customer, a figure)", required=True)


def _author() -> str:
    principal = key_principal()
    return principal.email or f"api key {principal.key_id}"


class CardVersionSchema(ma.Schema):
    version = fields.Integer()
    differ = fields.String()
    landmines = fields.List(fields.String())
    proof = fields.String()
    changed_by = fields.String(allow_none=True)
    created_at = fields.AwareDateTime()


class CardSchema(ma.Schema):
    id = fields.Integer()
    competitor = fields.String()
    aliases = fields.List(fields.String())
    status = fields.String(metadata={"description": "draft, published or archived"})
    latest_version = fields.Integer()
    published_version = fields.Integer(allow_none=True)
    has_unpublished_changes = fields.Boolean()
    published_at = fields.AwareDateTime(allow_none=True)
    published_by = fields.String(allow_none=True)
    latest = fields.Nested(CardVersionSchema)
    published = fields.Nested(
        CardVersionSchema, allow_none=True, metadata={"description": "what briefs show"}
    )
    created_at = fields.AwareDateTime()
    updated_at = fields.AwareDateTime()


class CardCreateSchema(ma.Schema):
    competitor = _COMPETITOR
    aliases = _ALIASES
    differ = _DIFFER
    landmines = _LANDMINES
    proof = _PROOF


class CardVersionCreateSchema(ma.Schema):
    differ = _DIFFER
    landmines = _LANDMINES
    proof = _PROOF
    aliases = _ALIASES
    base_version = fields.Integer(
        validate=validate.Range(min=1),
        metadata={
            "description": "The version you started from; if another was saved since, the "
            "save is a 409 carrying it (If-Match with the card's ETag works the same, 412)"
        },
    )


class StaleCardSchema(ma.Schema):
    code = fields.Integer()
    status = fields.String()
    message = fields.String()
    errors = fields.Dict()
    current = fields.Nested(CardVersionSchema, metadata={"description": "theirs"})


class CardListArgs(ma.Schema):
    include_archived = fields.Boolean(load_default=True)


class CardPublishSchema(ma.Schema):
    version = fields.Integer(required=True, validate=validate.Range(min=1))


@blp.route("")
class Battlecards(MethodView):
    @require_role(*ALL_ROLES)
    @blp.arguments(CardListArgs, location="query")
    @blp.response(200, CardSchema(many=True))
    def get(self, args):
        """List battlecards with their status and latest and published versions"""
        return [card.as_dict() for card in cards.list_cards(db_session(), **args)]

    @require_role(*CARD_WRITERS)
    @blp.arguments(CardCreateSchema)
    @blp.response(201, CardSchema)
    @blp.alt_response(409, description="A card already answers to this competitor or alias")
    def post(self, data):
        """Create a battlecard (version 1, a draft until published)"""
        card = cards.create_card(db_session(), **data, changed_by=_author())
        return card.as_dict(), 201, {"ETag": _etag(card.id, card.latest.version)}


@blp.route("/<int:card_id>")
class BattlecardById(MethodView):
    @require_role(*ALL_ROLES)
    @blp.response(200, CardSchema)
    @blp.alt_response(404, description="No such battlecard")
    def get(self, card_id):
        """Get a battlecard with its latest and published versions"""
        card = cards.card_summary(db_session(), card_id)
        return card.as_dict(), 200, {"ETag": _etag(card.id, card.latest.version)}

    @require_role(*CARD_WRITERS)
    @blp.arguments(CardVersionCreateSchema)
    @blp.response(200, CardVersionSchema)
    @blp.alt_response(404, description="No such battlecard")
    @blp.alt_response(409, schema=StaleCardSchema, description="base_version is not the latest")
    @blp.alt_response(412, schema=StaleCardSchema, description="If-Match is not the latest")
    def put(self, data, card_id):
        """Save a new draft version (briefs keep the published one until you publish)"""
        version = cards.save_version(
            db_session(), card_id, **data, changed_by=_author(), if_match=_if_match(card_id)
        )
        return version.as_dict(), 200, {"ETag": _etag(card_id, version.version)}


@blp.route("/<int:card_id>/versions")
class BattlecardVersions(MethodView):
    @require_role(*ALL_ROLES)
    @blp.response(200, CardVersionSchema(many=True))
    @blp.alt_response(404, description="No such battlecard")
    def get(self, card_id):
        """Every version, newest first, with who changed it and when"""
        return [v.as_dict() for v in cards.list_versions(db_session(), card_id)]


@blp.route("/<int:card_id>/publish")
class BattlecardPublish(MethodView):
    @require_role(*CARD_WRITERS)
    @blp.arguments(CardPublishSchema)
    @blp.response(200, CardSchema)
    @blp.alt_response(404, description="No such battlecard or version")
    @blp.alt_response(409, description="The card is archived")
    def post(self, data, card_id):
        """Publish a version: briefs show it (an older one rolls back)"""
        return cards.publish(db_session(), card_id, data["version"], by=_author()).as_dict()


@blp.route("/<int:card_id>/archive")
class BattlecardArchive(MethodView):
    @require_role(*CARD_WRITERS)
    @blp.response(200, CardSchema)
    @blp.alt_response(404, description="No such battlecard")
    def post(self, card_id):
        """Archive: no brief shows this card any more (versions stay)"""
        return cards.archive(db_session(), card_id, by=_author()).as_dict()


def _etag(card_id: int, version: int) -> str:
    return f'"card-{card_id}.v{version}"'


def _if_match(card_id: int) -> int | None:
    """The version an If-Match names (0 when it names none of this card's), else None."""
    if not request.if_match or request.if_match.star_tag:
        return None
    prefix = f"card-{card_id}.v"
    for tag in request.if_match.as_set():
        if tag.startswith(prefix) and tag[len(prefix) :].isdigit():
            return int(tag[len(prefix) :][:18])
    return 0
