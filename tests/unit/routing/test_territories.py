"""Countries and states as people write them match as one territory; unknown text matches
only itself, never a guess."""

from __future__ import annotations

import pytest

from callprep.routing.territories import country_code, state_key


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("DE", "DE"),
        ("deu", "DE"),
        ("Germany", "DE"),
        ("  germany ", "DE"),
        ("USA", "US"),
        ("United States", "US"),
        ("UK", "GB"),
        ("Great Britain", "GB"),
        ("South Korea", "KR"),
    ],
)
def test_iso_codes_and_common_names_are_one_country(written, code):
    assert country_code(written) == code


@pytest.mark.parametrize("written", ["", "   ", None, "Atlantis", "EMEA"])
def test_unknown_countries_are_none(written):
    assert country_code(written) is None


def test_a_state_by_code_full_code_or_name_is_one_state():
    keys = {state_key("US", value) for value in ("CA", "us-ca", "California", " california ")}
    assert keys == {"US-CA"}


def test_an_unknown_state_is_compared_as_text():
    assert state_key("US", "Cascadia") == "cascadia"
    assert state_key(None, "CA") == "ca"  # no country: no guess which CA
    assert state_key("US", "") is None
