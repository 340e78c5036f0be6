"""Fetching a page for a stranger: the connection goes to the address that was checked."""

import ipaddress
import socket
from typing import Any

import pytest

from bot import fetch
from bot.fetch import FetchError, pinned
from tests.fakes import PageServer


def test_the_connection_goes_to_the_address_that_was_checked(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A name that resolves to a public address for the check and to 127.0.0.1 afterwards
    (DNS rebinding) must not reach the local server."""
    real_resolve = socket.getaddrinfo
    answers = iter(["93.184.216.34"])  # then 127.0.0.1 for every later lookup

    def resolve(host: str, port: Any, *args: Any, **kwargs: Any) -> Any:
        if host != "rebind.example":
            return real_resolve(host, port, *args, **kwargs)
        address = next(answers, "127.0.0.1")
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port or 0))]

    connected: list[tuple[str, int]] = []

    def connect(address: tuple[str, int], *args: Any, **kwargs: Any) -> socket.socket:
        connected.append(address)
        raise ConnectionRefusedError("no connection leaves a test")

    monkeypatch.setattr(socket, "getaddrinfo", resolve)
    monkeypatch.setattr(socket, "create_connection", connect)
    with PageServer({"/": (200, "text/html", b"<p>the router's admin page</p>")}) as pages:
        with pytest.raises(FetchError, match=r"cannot reach rebind\.example"):
            fetch.fetch(f"http://rebind.example:{pages.port}/", allow_private=False)
        assert pages.requests == []
    assert connected == [("93.184.216.34", pages.port)]


def test_the_server_is_still_asked_for_the_page_by_its_name(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(fetch, "check_public", lambda url: ipaddress.ip_address("127.0.0.1"))
    with PageServer({"/news?id=7": (200, "text/html", b"<p>News</p>")}) as pages:
        url = f"http://pages.example:{pages.port}/news?id=7"
        download = fetch.fetch(url, allow_private=False)
        assert pages.hosts == [f"pages.example:{pages.port}"]
    assert (download.url, download.data) == (url, b"<p>News</p>")


def test_tls_is_checked_against_the_name_not_the_address(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(fetch, "check_public", lambda url: ipaddress.ip_address("2606:4700::1"))
    target = pinned("https://example.com/a/b?c=d#e")
    assert target.connect == "https://[2606:4700::1]/a/b?c=d#e"
    assert target.headers == {"Host": "example.com"}
    assert target.extensions == {"sni_hostname": "example.com"}
    literal = pinned("http://[2606:4700::1]:8080/")
    assert (literal.connect, literal.headers) == (
        "http://[2606:4700::1]:8080/",
        {"Host": "[2606:4700::1]:8080"},
    )


@pytest.mark.parametrize("allow_private", [True, False])
def test_a_host_name_no_dns_can_ask_for_is_a_clear_error(allow_private: bool) -> None:
    # A label over 63 letters: the resolver's IDNA step raises UnicodeError, not a DNS error.
    with pytest.raises(FetchError, match=r"cannot find the host a{64}\.example"):
        fetch.fetch(f"https://{'a' * 64}.example/", allow_private=allow_private)
