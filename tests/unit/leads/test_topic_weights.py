from datetime import timedelta

from callprep.leads.topic_weights import (
    EPOCH,
    HALF_LIFE,
    add_log_weights,
    current_weight,
    mention_log_weight,
)

NOW = EPOCH + timedelta(days=2500)


def test_a_comment_outweighs_a_download_outweighs_a_click_outweighs_an_open():
    weights = [
        current_weight(mention_log_weight(source, NOW), NOW)
        for source in ("comment", "content_download", "email_click", "email_open")
    ]
    assert weights == sorted(weights, reverse=True)
    assert abs(weights[0] - 4.0) < 1e-9


def test_delivered_email_carries_no_weight():
    assert mention_log_weight("email_delivered", NOW) is None


def test_weight_halves_every_half_life_and_repeats_add_up():
    old = mention_log_weight("content_download", NOW - HALF_LIFE)
    assert abs(current_weight(old, NOW) - 1.0) < 1e-9
    twice = add_log_weights(old, mention_log_weight("content_download", NOW))
    assert abs(current_weight(twice, NOW) - 3.0) < 1e-9
    assert add_log_weights(None, old) == old


def test_years_of_history_do_not_overflow():
    far = EPOCH + timedelta(days=365 * 30)
    log_weight = mention_log_weight("comment", far)
    assert abs(current_weight(log_weight, far) - 4.0) < 1e-9
