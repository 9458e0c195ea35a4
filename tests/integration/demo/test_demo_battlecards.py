"""The demo ships battlecards for the competitors its leads name: Marcus, who compares us with
Cogsworth Analytics and WidgetWatch, gets both cards in his brief; loading twice adds none."""

from __future__ import annotations

from sqlalchemy import select

from callprep.battlecards import store as cards
from callprep.briefs.build import build_brief
from callprep.demo import load_demo
from callprep.models import Lead

MARCUS = "marcus.bell@northwind-logistics.example.com"


def test_marcus_brief_shows_the_demo_cards_with_his_words(session):
    summary = load_demo(session)
    session.commit()
    assert summary.battlecards_created == 3
    marcus = session.scalar(select(Lead).where(Lead.email == MARCUS))
    shown = build_brief(session, marcus, record=False).as_dict()["battlecards"]
    assert {card["competitor"] for card in shown} == {"Cogsworth Analytics", "WidgetWatch"}
    for card in shown:
        assert card["version"] == 1
        assert card["landmines"] and card["differ"] and card["proof"]
        assert card["evidence"]["quote"].startswith("We're comparing you with Cogsworth")
    statuses = {card.competitor: card.status for card in cards.list_cards(session)}
    assert statuses == {
        "Cogsworth Analytics": "published",
        "Gearwise": "draft",
        "WidgetWatch": "published",
    }


def test_loading_the_demo_twice_adds_no_cards_and_keeps_marketings_own(session):
    own = cards.create_card(session, competitor="widget watch", differ="Ours.",
                            landmines=["Q?"], proof="P.")  # fmt: skip
    load_demo(session)
    session.commit()
    again = load_demo(session)
    assert again.battlecards_created == 0
    names = sorted(card.competitor for card in cards.list_cards(session))
    assert names == ["Cogsworth Analytics", "Gearwise", "widget watch"]
    assert cards.card_summary(session, own.id).latest.differ == "Ours."
