"""Downloading one page: size and time limits, and no private addresses when a stranger asks."""

from __future__ import annotations

import ipaddress
import socket
import time
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import httpx

from bot.markup import is_web_address

MAX_BYTES = 10_000_000
TIMEOUT_S = 20.0
MAX_REDIRECTS = 5
USER_AGENT = "quotebot/0.1 (adds an article to a reading list)"


class FetchError(Exception):
    """The address did not give a document; the message says why in words for a person."""


@dataclass(frozen=True, slots=True)
class Download:
    """The bytes of a document and where they finally came from."""

    url: str
    data: bytes
    content_type: str


Address = ipaddress.IPv4Address | ipaddress.IPv6Address


@dataclass(frozen=True, slots=True)
class Target:
    """Where one request goes: the address to connect to, and what to tell the server."""

    url: str  # as given; redirects are resolved against it and it is what is reported
    connect: str  # the same URL with the host replaced by a checked address, or as given
    headers: dict[str, str]
    extensions: dict[str, str]


def check_public(url: str) -> Address:
    """Refuse an address whose host resolves to a private, loopback or link-local network;
    return the first address it resolves to.

    The bot runs inside someone's network: a link sent in a chat must not make it read the
    router's admin page or a cloud metadata service (SSRF).
    """
    host = urlsplit(url).hostname or ""
    try:
        infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError):
        raise FetchError(f"cannot find the host {host}") from None
    addresses = [ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in infos]
    for address in addresses:
        if not address.is_global or address.is_multicast:
            raise FetchError(f"refused: {host} is a private or local address")
    if not addresses:
        raise FetchError(f"cannot find the host {host}")
    return addresses[0]


def pinned(url: str) -> Target:
    """A request to the address that was checked, not to the name resolved again.

    Resolving twice would let a name answer with a public address for the check and a private
    one for the connection (DNS rebinding). The server still gets its name in the Host header,
    and TLS checks the certificate against the name (httpcore's ``sni_hostname``).
    """
    address = check_public(url)
    parts = urlsplit(url)
    host = parts.hostname or ""
    port = f":{parts.port}" if parts.port else ""
    literal = f"[{address}]" if address.version == 6 else str(address)
    name = f"[{host}]" if ":" in host else host  # an IPv6 address written in the link
    return Target(
        url,
        parts._replace(netloc=literal + port).geturl(),
        {"Host": name + port},
        {"sni_hostname": host},
    )


def fetch(url: str, allow_private: bool = True) -> Download:
    """GET a page, following redirects (each hop checked), within the size and time limits."""
    if not is_web_address(url):
        raise FetchError(f"not a web address: {url}")
    headers = {"User-Agent": USER_AGENT, "Accept": "text/html,application/xhtml+xml,*/*;q=0.5"}
    deadline = time.monotonic() + TIMEOUT_S
    with httpx.Client(timeout=TIMEOUT_S, headers=headers, follow_redirects=False) as client:
        for _ in range(MAX_REDIRECTS + 1):
            target = Target(url, url, {}, {}) if allow_private else pinned(url)
            download = _get(client, target, deadline)
            if isinstance(download, Download):
                return download
            url = download
    raise FetchError(f"more than {MAX_REDIRECTS} redirects")


def _get(client: httpx.Client, target: Target, deadline: float) -> Download | str:
    """One request: the download, or the address a redirect points to.

    The deadline covers the whole download: httpx's timeout is per read, and a server that
    trickles a byte a second would never trip it.
    """
    url = target.url
    try:
        with client.stream(
            "GET", target.connect, headers=target.headers, extensions=target.extensions
        ) as response:
            if response.is_redirect and "location" in response.headers:
                onward = urljoin(url, response.headers["location"])
                if not is_web_address(onward):
                    raise FetchError(f"redirected to something that is not a web page: {onward}")
                return onward
            if response.status_code >= 400:
                raise FetchError(f"the server answered {response.status_code} for {url}")
            declared = response.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > MAX_BYTES:
                raise FetchError(f"the page is larger than {MAX_BYTES // 1_000_000} MB")
            chunks, size = [], 0
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > MAX_BYTES:
                    raise FetchError(f"the page is larger than {MAX_BYTES // 1_000_000} MB")
                chunks.append(chunk)
                if time.monotonic() > deadline:
                    raise httpx.ReadTimeout("deadline passed")
            content_type = response.headers.get("content-type", "").lower()
            return Download(url, b"".join(chunks), content_type)
    except httpx.TimeoutException:
        raise FetchError(f"no answer from {urlsplit(url).hostname} in {TIMEOUT_S:.0f} s") from None
    except UnicodeError:  # a host name no DNS can ask for (a label over 63 letters)
        raise FetchError(f"cannot find the host {urlsplit(url).hostname}") from None
    except (httpx.HTTPError, httpx.InvalidURL) as error:
        host = urlsplit(url).hostname
        raise FetchError(f"cannot reach {host} ({type(error).__name__})") from None
