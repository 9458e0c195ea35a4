"""The quote a battlecard shows: the sentence of the comment that named the competitor."""

from __future__ import annotations

from callprep.briefs.battlecards import MAX_QUOTE_CHARS, sentence_around

TEXT = "Budget is set. We use WidgetWatch today! Call me\nafter 3pm"


def test_the_quote_is_the_sentence_holding_the_span():
    start = TEXT.index("WidgetWatch")
    assert sentence_around(TEXT, start, start + 11) == "We use WidgetWatch today!"


def test_a_line_break_ends_the_sentence_and_a_stale_span_quotes_nothing():
    start = TEXT.index("Call")
    assert sentence_around(TEXT, start, start + 4) == "Call me"
    assert sentence_around(TEXT, 50, 500) == ""
    assert sentence_around(None, 0, 1) == ""


def test_a_long_sentence_is_trimmed_around_the_span():
    text = "word " * 200 + "Cogsworth" + " word" * 200
    start = text.index("Cogsworth")
    quote = sentence_around(text, start, start + 9)
    assert "Cogsworth" in quote
    assert len(quote) <= MAX_QUOTE_CHARS + 2
    assert quote.startswith("…") and quote.endswith("…")
