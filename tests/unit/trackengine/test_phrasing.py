from datetime import UTC, datetime, timedelta, timezone

import pytest

from callprep.trackengine import phrasing
from callprep.trackengine.phrasing import (
    a_an,
    asset_kind,
    asset_phrase,
    count_noun,
    first_name_or,
    join_and,
    plural,
    quoted,
    relative_time,
    request_phrase,
    sentence_start,
    shorten,
    title_in_sentence,
    when_phrase,
)
from callprep.trackengine.wordlists import brand_case

NOW = datetime(2026, 11, 22, 10, 0, tzinfo=UTC)  # Sunday 10:00


class TestJoinAnd:
    def test_three_items_without_oxford_comma_by_default(self):
        assert join_and(["a", "b", "c"]) == "a, b and c"

    def test_oxford_comma_per_call(self):
        assert join_and(["a", "b", "c"], oxford=True) == "a, b, and c"

    def test_oxford_comma_module_setting(self, monkeypatch):
        monkeypatch.setattr(phrasing, "OXFORD_COMMA", True)
        assert join_and(["a", "b", "c"]) == "a, b, and c"

    def test_two_items_never_take_a_comma(self):
        assert join_and(["a", "b"], oxford=True) == "a and b"

    def test_one_item_is_itself(self):
        assert join_and(["white paper"]) == "white paper"

    @pytest.mark.parametrize("empty", [[], None, (), [None, "", "  "]])
    def test_empty_and_missing_items_give_empty_text(self, empty):
        assert join_and(empty) == ""

    def test_missing_items_are_skipped_and_whitespace_collapsed(self):
        assert join_and(["a", None, " b  c "]) == "a and b c"

    def test_other_conjunction(self):
        assert join_and(["tea", "coffee"], conj="or") == "tea or coffee"


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("infographic", "an infographic"),
        ("white paper", "a white paper"),
        ("hour-long webinar", "an hour-long webinar"),
        ("e-book", "an e-book"),
        ("", ""),
        (None, ""),
    ],
)
def test_a_an_picks_the_article_by_sound(word, expected):
    assert a_an(word) == expected


@pytest.mark.parametrize(
    ("word", "n", "expected"),
    [
        ("white paper", 2, "white papers"),
        ("white paper", 1, "white paper"),
        ("case study", 3, "case studies"),
        ("analysis", 0, "analyses"),
        ("", 2, ""),
        (None, 2, ""),
    ],
)
def test_plural(word, n, expected):
    assert plural(word, n) == expected


@pytest.mark.parametrize(
    ("n", "word", "expected"),
    [
        (2, "white paper", "two white papers"),
        (1, "case study", "one case study"),
        (0, "webinar", "no webinars"),
        (None, "webinar", "no webinars"),
        (12, "download", "12 downloads"),
    ],
)
def test_count_noun_spells_small_numbers(n, word, expected):
    assert count_noun(n, word) == expected


class TestRelativeTime:
    @pytest.mark.parametrize(
        ("delta", "expected"),
        [
            (timedelta(seconds=20), "just now"),
            (timedelta(minutes=40), "40 minutes ago"),
            (timedelta(hours=3), "three hours ago"),
            (timedelta(hours=11), "yesterday"),  # Saturday 23:00
            (timedelta(days=5), "last Tuesday"),
            (timedelta(days=9), "last week"),
            (timedelta(days=21), "21 days ago"),
            (timedelta(days=70), "two months ago"),
            (timedelta(days=400), "a year ago"),
            (timedelta(days=800), "two years ago"),
        ],
    )
    def test_past(self, delta, expected):
        assert relative_time(NOW - delta, NOW) == expected

    @pytest.mark.parametrize(
        ("delta", "expected"),
        [
            (timedelta(minutes=20), "in 20 minutes"),
            (timedelta(hours=20), "tomorrow"),
            (timedelta(days=3), "on Wednesday"),
        ],
    )
    def test_future(self, delta, expected):
        assert relative_time(NOW + delta, NOW) == expected

    def test_calendar_words_use_the_time_zone_of_now(self):
        new_york = timezone(timedelta(hours=-5))
        late_saturday_utc = datetime(2026, 11, 22, 3, 0, tzinfo=UTC)  # Sat 22:00 in New York
        sunday_morning_ny = datetime(2026, 11, 22, 9, 0, tzinfo=new_york)
        assert relative_time(late_saturday_utc, sunday_morning_ny) == "yesterday"
        assert relative_time(late_saturday_utc, NOW) == "seven hours ago"

    def test_missing_time_gives_empty_text(self):
        assert relative_time(None, NOW) == ""

    def test_naive_times_are_refused(self):
        with pytest.raises(ValueError, match="timezone-aware"):
            relative_time(datetime(2026, 11, 21), NOW)


@pytest.mark.parametrize(
    ("asset_type", "expected"),
    [
        ("white_paper", "white paper"),
        ("case-study", "case study"),
        ("ebook", "e-book"),
        ("Infographic", "infographic"),
        (None, "resource"),
        ("  ", "resource"),
    ],
)
def test_asset_kind_says_the_kind_as_words(asset_type, expected):
    assert asset_kind(asset_type) == expected


def test_asset_kind_default_can_be_chosen():
    assert asset_kind(None, default="guide") == "guide"


class TestTitles:
    def test_leading_article_is_lowercased_rest_kept(self):
        assert title_in_sentence("The Lifecycle of a Widget") == "the Lifecycle of a Widget"

    def test_title_casing_of_the_source_is_kept(self):
        assert title_in_sentence("10 Tips for Improving your Widget ROI") == (
            "10 Tips for Improving your Widget ROI"
        )

    def test_wrapping_quotes_trailing_stop_and_spaces_are_removed(self):
        assert title_in_sentence('  "Widgets  &  You."  ') == "Widgets & You"

    def test_inner_quotes_and_ampersands_are_kept(self):
        assert title_in_sentence('The "Best" Widgets & More') == 'the "Best" Widgets & More'

    def test_long_titles_are_cut_at_a_word(self):
        cut = title_in_sentence("word " * 40, max_chars=30)
        assert len(cut) <= 30
        assert cut.endswith("word…")

    def test_quoted_does_not_double_quotes(self):
        assert quoted('"Widgets 101"') == "“Widgets 101”"
        assert quoted(None) == ""

    def test_shorten_keeps_short_text(self):
        assert shorten("short", 10) == "short"
        assert shorten(None) == ""

    def test_asset_phrase_names_kind_and_title(self):
        assert asset_phrase("The Lifecycle of a Widget", "infographic") == (
            "our infographic on the Lifecycle of a Widget"
        )

    def test_asset_phrase_without_kind_quotes_the_title(self):
        assert asset_phrase("Widgets 101", None) == "our “Widgets 101”"

    def test_asset_phrase_without_title_names_the_kind(self):
        assert asset_phrase(None, "white_paper") == "our white paper"
        assert asset_phrase('""', None) == ""


class TestFirstNameOr:
    def test_name_is_used(self):
        assert first_name_or("Jon") == "Jon"

    def test_object_with_first_name(self):
        class Lead:
            first_name = " Élodie "

        assert first_name_or(Lead()) == "Élodie"

    def test_all_lowercase_name_gets_its_capital(self):
        assert first_name_or("jon") == "Jon"

    def test_mixed_case_is_kept(self):
        assert first_name_or("McKenzie") == "McKenzie"
        assert first_name_or("ßen") == "ßen"  # no capital form of one letter: left as written

    @pytest.mark.parametrize("junk", [None, "", "   ", "\u200b", "-", "jon@x.com", "x" * 31, 42])
    def test_missing_or_junk_gives_the_default(self, junk):
        assert first_name_or(junk, "there") == "there"


@pytest.mark.parametrize(
    ("topics", "expected"),
    [
        (["widget ROI", "widget lifecycle"], "widget"),
        (["widget ROI", "Widget ROI calculator", "SSO"], "widget ROI"),
        (["widget ROI", "SSO"], "widget ROI"),
        (["SSO"], "SSO"),
        (["widget ROI", "SSO", "widget lifecycle"], "widget ROI"),  # only the top two count
        ([], ""),
        (None, ""),
    ],
)
def test_topic_theme_is_what_the_top_topics_share(topics, expected):
    assert phrasing.topic_theme(topics) == expected


def test_sentence_start_capitalises_only_the_first_letter():
    assert sentence_start("widget ROI matters") == "Widget ROI matters"
    assert sentence_start(None) == ""


@pytest.mark.parametrize(
    ("timeline", "expected"),
    [
        ("before Q3", "before Q3"),
        ("by the end of next month", "by the end of next month"),
        ("in two weeks", "in two weeks"),
        ("Q1 2027", "by Q1 2027"),
        ("ASAP", "ASAP"),
        (None, ""),
    ],
)
def test_when_phrase(timeline, expected):
    assert when_phrase(timeline) == expected


@pytest.mark.parametrize(
    ("asked_for", "expected"),
    [
        ("demo", "a demo"),
        ("pricing", "pricing"),
        ("call back", "a call back"),
        ("a quote", "a quote"),
        ("trial", "a trial"),
        (None, ""),
    ],
)
def test_request_phrase(asked_for, expected):
    assert request_phrase(asked_for) == expected


@pytest.mark.parametrize(
    ("said", "heard"),
    [
        ("our three plants", "your three plants"),
        ("My colleague Sarah Lee", "your colleague Sarah Lee"),
        ("we're moving off Zendesk", "you're moving off Zendesk"),
        ("Ourselves and US customers", "yourselves and US customers"),
        ("I need SSO", "you need SSO"),
        ("", ""),
        (None, ""),
    ],
)
def test_in_your_words_turns_the_leads_words_to_face_them(said, heard):
    assert phrasing.in_your_words(said) == heard


@pytest.mark.parametrize(
    ("need", "phrase"),
    [
        ("widget ROI solution for our three plants", "a widget ROI solution for your three plants"),
        ("a widget ROI solution", "a widget ROI solution"),
        ("SSO integration", "an SSO integration"),
        ("better reporting", "better reporting"),
        ("new dashboards", "new dashboards"),
        ("to replace our spreadsheets", "to replace your spreadsheets"),
        ("analytics", "analytics"),
        ("", ""),
    ],
)
def test_need_phrase_reads_after_you_need(need, phrase):
    assert phrasing.need_phrase(need) == phrase


@pytest.mark.parametrize(
    ("budget", "clause"),
    [
        ("approved", "your budget is approved"),
        ("Budget is approved", "your budget is approved"),
        ("budget approved for Q1", "your budget is approved for Q1"),
        ("$40k", "you have $40k budgeted"),
        ("$120k approved", "you have $120k approved"),
        ("around $50k", "you have around $50k budgeted"),
        ("no budget yet", "there's no budget set aside yet"),
        ("none yet", "there's no budget set aside yet"),
        ("not approved yet", "your budget isn't approved yet"),
        ("", ""),
    ],
)
def test_budget_phrase_reads_after_you_mentioned(budget, clause):
    assert phrasing.budget_phrase(budget) == clause


@pytest.mark.parametrize(
    ("title", "kind", "phrase"),
    [
        ("Case Study: How Acme Cut Downtime", "case_study",
         "our case study “How Acme Cut Downtime”"),
        ("Webinar: Predictive Maintenance", "webinar", "our webinar on Predictive Maintenance"),
        ("The 2026 State of Widget Operations Report", "report",
         "our 2026 State of Widget Operations Report"),
        ("10 Tips for Improving your Widget ROI", "white_paper",
         "our white paper on 10 Tips for Improving your Widget ROI"),
    ],
)  # fmt: skip
def test_asset_phrase_does_not_name_the_kind_twice(title, kind, phrase):
    assert phrasing.asset_phrase(title, kind) == phrase


@pytest.mark.parametrize("timeline", ["for this fiscal year", "for Q2", "at the end of June"])
def test_when_phrase_keeps_timelines_that_already_start_with_a_preposition(timeline):
    assert phrasing.when_phrase(timeline) == timeline


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("move our boards off smartsheet", "move our boards off Smartsheet"),
        ("builds on github actions today", "builds on GitHub Actions today"),
        ("we keep okta for sso", "we keep Okta for sso"),
        ("french toast and opera tickets", "french toast and opera tickets"),  # everyday words
        ("SmartSheet as they wrote it", "SmartSheet as they wrote it"),  # their capitals stay
    ],
)
def test_vendor_names_written_in_lowercase_get_their_capitals(text, said):
    assert brand_case(text) == said


@pytest.mark.parametrize(
    ("phrase", "said"),
    [("field technicians", "field technician"), ("medical devices", "medical device"),
     ("sales", "sales"), ("widget analytics", "widget analytics"), ("HIPAA", "HIPAA"),
     ("business process", "business process"), ("", "")],
)  # fmt: skip
def test_a_phrase_before_a_noun_is_singular(phrase, said):
    assert phrasing.attributive(phrase) == said


@pytest.mark.parametrize(
    ("phrase", "named"),
    [("Edge Gateway", True), ("WidgetIQ Predictive Maintenance", True), ("widget ROI", False),
     ("HIPAA", False), ("SOC 2", False), ("field technician", False), ("", False)],
)  # fmt: skip
def test_a_phrase_written_as_a_name_is_told_from_a_subject(phrase, named):
    assert phrasing.names_a_product(phrase) is named
