"""The battlecard service on a real database: versions, publish, archive, names that find a
card (case-insensitive, aliases), bounds, stale saves, and refused input storing nothing."""

from __future__ import annotations

import pytest

from callprep.battlecards import store
from callprep.errors import Conflict, InvalidInput, NotFound, PreconditionFailed
from callprep.models import Battlecard

CARD = {
    "competitor": "WidgetWatch",
    "aliases": ["Widget Watch", "WW"],
    "differ": "We price per site, not per widget.",
    "landmines": ["How do they bill a new distribution center?", "Who owns the data?"],
    "proof": "Northwind Logistics cut reporting time by 40%.",
}


def _card(session, **changes):
    card = store.create_card(session, **{**CARD, **changes}, changed_by="maya@example.com")
    session.commit()
    return card


def test_a_new_card_is_a_draft_version_1_with_who_wrote_it(session):
    card = _card(session)
    assert card.status == "draft"
    assert card.latest.version == 1
    assert card.latest.changed_by == "maya@example.com"
    assert card.latest.created_at.tzinfo is not None
    assert card.published is None
    assert store.cards_for(session, ["WidgetWatch"]) == []  # drafts are not shown


def test_a_published_card_answers_to_its_name_and_aliases_in_any_case(session):
    card = _card(session)
    store.publish(session, card.id, 1, by="maya@example.com")
    session.commit()
    for name in ("widgetwatch", "WIDGET  WATCH", "ww", "WidgetWatch,"):
        found = store.cards_for(session, [name])
        assert [c.competitor for c in found] == ["WidgetWatch"], name
    assert store.cards_for(session, ["Cogsworth Analytics", "Widget"]) == []
    shown = store.cards_for(session, ["WW", "widgetwatch"])
    assert len(shown) == 1
    assert shown[0].landmines == tuple(CARD["landmines"])


def test_a_new_version_is_a_draft_until_published_and_older_ones_roll_back(session):
    card = _card(session)
    store.publish(session, card.id, 1)
    version = store.save_version(
        session, card.id, differ="Sites, not widgets.", landmines=["Q?"], proof="P.",
        base_version=1, changed_by="sam@example.com",
    )  # fmt: skip
    session.commit()
    assert version.version == 2
    assert store.cards_for(session, ["WidgetWatch"])[0].version == 1
    summary = store.publish(session, card.id, 2)
    assert summary.published.differ == "Sites, not widgets."
    assert store.cards_for(session, ["WidgetWatch"])[0].version == 2
    store.publish(session, card.id, 1)
    assert store.cards_for(session, ["WidgetWatch"])[0].version == 1
    assert [v.version for v in store.list_versions(session, card.id)] == [2, 1]


def test_an_archived_card_is_not_shown_and_cannot_be_published(session):
    card = _card(session)
    store.publish(session, card.id, 1)
    assert store.archive(session, card.id).status == "archived"
    assert store.cards_for(session, ["WidgetWatch"]) == []
    with pytest.raises(Conflict):
        store.publish(session, card.id, 1)


def test_a_stale_save_is_refused_with_the_other_version(session):
    card = _card(session)
    store.save_version(session, card.id, differ="Theirs.", landmines=["Q?"], proof="P.",
                       base_version=1, changed_by="sam@example.com")  # fmt: skip
    session.commit()
    with pytest.raises(Conflict) as stale:
        store.save_version(session, card.id, differ="Mine.", landmines=["Q?"], proof="P.",
                           base_version=1)  # fmt: skip
    assert stale.value.extra["current"]["differ"] == "Theirs."
    assert stale.value.extra["current"]["changed_by"] == "sam@example.com"
    with pytest.raises(PreconditionFailed):
        store.save_version(session, card.id, differ="Mine.", landmines=["Q?"], proof="P.",
                           if_match=1)  # fmt: skip


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"competitor": "   "}, "competitor"),
        ({"competitor": "x" * 101}, "competitor"),
        ({"differ": "d" * 501}, "differ"),
        ({"differ": "nul\x00"}, "differ"),
        ({"landmines": []}, "landmines"),
        ({"landmines": ["q"] * 6}, "landmines"),
        ({"landmines": ["ok", " "]}, "landmines.1"),
        ({"proof": ""}, "proof"),
        ({"aliases": ["a"] * 11}, "aliases"),
    ],
)
def test_bad_input_names_the_field_and_stores_nothing(session, changes, field):
    with pytest.raises(InvalidInput) as refused:
        store.create_card(session, **{**CARD, **changes})
    assert field in refused.value.errors
    session.rollback()
    assert store.list_cards(session) == []


def test_a_bad_version_leaves_the_stored_card_as_it_was(session):
    card = _card(session)
    with pytest.raises(InvalidInput):
        store.save_version(session, card.id, differ="ok", landmines=["x" * 201], proof="P.",
                           aliases=["New Name"])  # fmt: skip
    session.rollback()
    kept = store.card_summary(session, card.id)
    assert kept.latest.version == 1
    assert kept.aliases == CARD["aliases"]


def test_a_name_belongs_to_one_card(session):
    _card(session)
    with pytest.raises(Conflict) as taken:
        store.create_card(session, **{**CARD, "competitor": "widget watch", "aliases": []})
    assert "competitor" in taken.value.errors
    session.rollback()
    other = _card(session, competitor="Cogsworth Analytics", aliases=["Cogsworth"])
    with pytest.raises(Conflict) as alias_taken:
        store.save_version(session, other.id, differ="d", landmines=["q"], proof="p",
                           aliases=["WW"])  # fmt: skip
    assert "aliases" in alias_taken.value.errors


def test_aliases_can_change_with_a_new_version(session):
    card = _card(session)
    store.publish(session, card.id, 1)
    store.save_version(session, card.id, differ="d", landmines=["q"], proof="p",
                       aliases=["Watchers"])  # fmt: skip
    session.commit()
    assert store.cards_for(session, ["WW"]) == []
    assert [c.competitor for c in store.cards_for(session, ["watchers"])] == ["WidgetWatch"]


def test_unknown_cards_and_versions_are_not_found(session):
    with pytest.raises(NotFound):
        store.card_summary(session, 999)
    card = _card(session)
    with pytest.raises(NotFound):
        store.publish(session, card.id, 7)


def test_two_cards_claiming_one_name_at_once_end_in_a_conflict_not_an_error(app, session):
    _card(session)
    other = app.extensions["callprep.sessionmaker"]()
    try:
        # As if the other request checked before this card was stored: the insert decides.
        card = Battlecard(competitor="Widget Watch 2", aliases=[])
        other.add(card)
        other.flush()
        with pytest.raises(Conflict):
            store._set_names(other, card, ["ww"])
    finally:
        other.rollback()
        other.close()
