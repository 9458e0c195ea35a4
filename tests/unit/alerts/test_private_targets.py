"""Alert webhooks never reach into the server's own network unless the operator allows it."""

from __future__ import annotations

import pytest

from callprep.alerts import channels
from callprep.alerts.compose import AlertText


@pytest.mark.parametrize(
    "address",
    ["127.0.0.1", "10.1.2.3", "192.168.0.10", "172.16.5.4", "169.254.169.254", "100.64.0.1",
     "0.0.0.0", "::1", "fe80::1", "fc00::1", "::ffff:127.0.0.1", "224.0.0.1"],  # noqa: S104
)  # fmt: skip
def test_private_and_special_addresses_are_private(address):
    assert channels.private_address(address)


@pytest.mark.parametrize("address", ["8.8.8.8", "151.101.1.69", "2606:4700:4700::1111"])
def test_internet_addresses_are_not(address):
    assert not channels.private_address(address)


@pytest.mark.parametrize(
    "target",
    ["http://127.0.0.1:9/hook", "http://localhost:9/hook", "http://[::1]:9/x",
     "http://169.254.169.254/latest/meta-data"],
)  # fmt: skip
def test_a_webhook_to_the_servers_own_network_is_refused_before_any_connection(target):
    with pytest.raises(channels.DeliveryFailed, match="private network"):
        channels.send(
            "slack",
            target,
            None,
            1,
            [AlertText(**_ALERT)],
            timeout=1.0,
            smtp=channels.SmtpSettings(host=""),
        )


def test_an_unknown_host_fails_as_a_connection_failure():
    with pytest.raises(channels.DeliveryFailed, match="does not resolve"):
        channels.check_public("http://no-such-host.invalid/hook")


_ALERT = {
    "id": 1,
    "reason": "hand_raise",
    "lead_id": 1,
    "title": "Joe asked for a demo",
    "opening_line": "Hi Joe",
    "why": "asked for a demo 2 minutes ago",
    "deadline": None,
    "follow_up_due_at": None,
    "link": "https://callprep.example/leads/1",
}
