"""CALLPREP_TRUSTED_PROXIES: the addresses (or CIDR networks) of the reverse proxy in front
of callprep. Only a request whose peer is one of them has its X-Forwarded-For, -Proto, -Host
and -Port honoured (werkzeug's ProxyFix, one hop), so that behind a TLS proxy:
- webhook signatures are checked over the URL the sender called (https://public-host/...);
- the session cookie is `Secure` and HSTS is sent (`request.is_secure`);
- per-address limits (failed logins, unauthenticated API calls) count the client, not the
  proxy (`request.remote_addr`);
- URLs the pages build name the public host.
From any other peer the headers are ignored: anyone can send them. Default: no proxy."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
FORWARDED_PREFIXES = ("HTTP_X_FORWARDED_", "HTTP_FORWARDED")


def parse_networks(values: Iterable[str]) -> list[Network]:
    """`10.0.0.5`, `10.0.0.0/8`, `::1` -> networks; a bad item is a ValueError naming it."""
    networks = []
    for value in values:
        try:
            networks.append(ipaddress.ip_network(value.strip(), strict=False))
        except ValueError as error:
            raise ValueError(
                f"CALLPREP_TRUSTED_PROXIES: {value!r} is not an IP address or CIDR network"
            ) from error
    return networks


class TrustedProxyFix:
    """ProxyFix for requests from a trusted peer; every other request passes untouched."""

    def __init__(self, wsgi_app, networks: list[Network]):
        self.app = wsgi_app
        self.networks = networks
        self.fixed = ProxyFix(wsgi_app, x_for=1, x_proto=1, x_host=1, x_port=1)

    def trusted(self, peer: str | None) -> bool:
        try:
            address = ipaddress.ip_address((peer or "").strip())
        except ValueError:
            return False
        if address.version == 6 and address.ipv4_mapped:
            address = address.ipv4_mapped
        return any(address in network for network in self.networks)

    def __call__(self, environ, start_response):
        if self.trusted(environ.get("REMOTE_ADDR")):
            return self.fixed(environ, start_response)
        for name in [key for key in environ if key.startswith(FORWARDED_PREFIXES)]:
            del environ[name]  # anyone can send these: nothing downstream may read them
        return self.app(environ, start_response)


def register_proxies(app: Flask) -> None:
    networks = parse_networks(app.config.get("TRUSTED_PROXIES") or [])
    if networks:
        app.wsgi_app = TrustedProxyFix(app.wsgi_app, networks)  # type: ignore[method-assign]


def waitress_options(app: Flask) -> dict[str, object]:
    """waitress drops X-Forwarded-* itself unless told which proxy to trust, and it knows
    only one address: with trusted proxies configured it passes them on, and
    TrustedProxyFix decides per peer (CIDRs too) and strips them from any other peer."""
    if app.config.get("TRUSTED_PROXIES"):
        return {"clear_untrusted_proxy_headers": False}
    return {}
