"""A site's RSS, Atom or JSON feed, or a WordPress site's export, added entry by entry.

Each entry is an article: its title, cited as its author's words on the date the feed gives
it, under the feed's title. Its text is the feed's own full text (``content:encoded``, Atom's
``content``) where the feed carries it, read as an EPUB chapter is (``bot/xhtml.py``): the
whole text and nothing but it, the page's furniture never having been there. Where the feed
carries only a summary (WordPress's excerpt of 55 words and "[…]"), the entry has no text
here and ``bot/store.py`` reads the page it links to, as ``add URL`` would.

A feed's own furniture is a paragraph linking back to the entry it closes ("The post …
appeared first on …", Medium's "… was originally published in …"): an article does not link
to itself, so such a paragraph is left out.

A JSON Feed (jsonfeed.org) is read as RSS is. A WordPress site's export (Tools → Export,
WXR) is RSS with every post in ``wp:`` fields; its published posts and pages are read from it
with lxml (``_exported``), never fetched.
"""

from __future__ import annotations

import json
import re
from dataclasses import replace
from datetime import datetime
from email.utils import parsedate_to_datetime
from html import escape
from typing import Any, NamedTuple
from urllib.parse import urljoin, urlsplit, urlunsplit

from lxml import etree, html

from bot.blocks import Block, squeeze
from bot.extract import Extracted, ExtractError, as_markdown
from bot.xhtml import Reading, read_chapter

# The document's first element, after the XML declaration, comments and a stylesheet's
# processing instruction: RSS 0.9x/2.0, Atom, or RSS 1.0 (RDF).
_ROOT = re.compile(
    rb"\A(?:\xef\xbb\xbf)?\s*(?:(?:<\?[^>]*\?>|<!--.*?-->|<!DOCTYPE[^>\[]*(?:\[.*?\])?\s*>)\s*)*"
    rb"<(rss|feed|rdf:RDF)[\s>]",
    re.DOTALL,
)
_ATOM = (b"http://www.w3.org/2005/Atom", b"http://purl.org/atom/ns#")
_RSS1 = b"http://purl.org/rss/1.0/"
# A text cut short, the rest on the page: "…", "[…]", "[...]", "Read more", "Continue reading".
_CUT = re.compile(r"(?:…|\.\.\.|\[(?:…|\.\.\.)\])\W*$|\b(?:read more|continue reading)\W*$", re.I)
_SELF_LINK_WORDS = 40  # a longer paragraph that links to its own entry is the article's
_SELF = "\ue000"  # marks a link back to the entry itself while its blocks are read
_NO_TEXT = "no text in the entry"
_FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/feed+json")
_JSON_FEED = re.compile(rb'"version"\s*:\s*"https?://jsonfeed\.org/version/')
_WXR = re.compile(rb"""xmlns:wp=["']http://wordpress\.org/export/""")
_DC = "http://purl.org/dc/elements/1.1/"
_CONTENT = "http://purl.org/rss/1.0/modules/content/"
# What begins a block of its own in a post as written (WordPress leaves these unwrapped).
_BLOCK_TAG = re.compile(
    r"\s*<(?:!--|/?(?:p|div|h[1-6]|ul|ol|li|dl|blockquote|table|figure|pre|section|hr|"
    r"address|iframe|form)\b)",
    re.IGNORECASE,
)


class Entry(NamedTuple):
    """One entry of a feed as an article; ``where`` its text is: ``feed`` (the article's
    blocks), ``page`` (the feed holds a summary; the page the article's address names holds
    the text) or ``""``: none to quote, for ``reason`` (a picture's entry, a draft)."""

    article: Extracted
    where: str
    reason: str = ""


def is_feed(data: bytes) -> bool:
    """Whether a file is an RSS, Atom or JSON feed (an XHTML page starts with ``<?xml`` too)."""
    head = data[:4096]
    if _is_json(head):
        return _JSON_FEED.search(head) is not None
    root = _ROOT.match(head)
    if root is None:
        return False
    if root.group(1) == b"feed":
        return any(space in head for space in _ATOM)
    return root.group(1) == b"rss" or _RSS1 in head


def _is_json(data: bytes) -> bool:
    return data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{")


def advertised_feed(page: bytes, address: str) -> str:
    """The feed a page names in its head (``<link rel="alternate" type="application/rss+xml"
    href="/feed/">``), as an absolute address, or "": a site's front page has no article, but
    its feed lists them."""
    try:
        head = html.fromstring(page[:262144]).find("head")
    except (ValueError, etree.ParserError):
        return ""
    for link in head.iterfind("link") if head is not None else ():
        kind, rel = (link.get("type") or "").lower(), (link.get("rel") or "").lower().split()
        if "alternate" in rel and kind in _FEED_TYPES and link.get("href", "").strip():
            found = urljoin(address, link.get("href", "").strip())
            return found if found.startswith(("https://", "http://")) else ""
    return ""


def feed_entries(data: bytes, address: str = "") -> list[Entry]:
    """A feed's entries in its order, each an article at its link, under the feed's title as
    its site. ``address`` is the feed's own, against which relative links are read."""
    if _WXR.search(data[:16384]):  # a WordPress site's export: every post, written raw
        return _exported(data)
    if _is_json(data[:4096]):
        return _json_entries(data)
    import feedparser

    headers = {"content-location": address} if address else None
    parsed = feedparser.parse(data, response_headers=headers)
    if not parsed.entries and parsed.bozo:
        raise ExtractError("unreadable feed")
    feed = parsed.feed
    site = _plain(feed.get("title", ""), feed.get("title_detail", {}).get("type", ""))
    return [_entry(entry, site, feed.get("author", "")) for entry in parsed.entries]


def _entry(entry: Any, site: str, writer: str) -> Entry:
    """An entry as an article; its writer the feed's when it names none (Atom's feed-wide
    ``author``, as Jekyll writes it)."""
    link = _address(entry.get("link", ""))
    said = Extracted(
        title=_plain(entry.get("title", ""), entry.get("title_detail", {}).get("type", "")),
        blocks=(),
        author=squeeze(entry.get("author", "") or writer),
        date=_date(entry),
        url=link,
        site=site,
    )
    return _with_text(said, _full_text(entry), entry.get("link", ""))


def _with_text(said: Extracted, full: str | None, link: str) -> Entry:
    """An entry with its full text read from the feed, or sent to its page where the feed
    holds none, or one cut short ("…", "Read more")."""
    if full is None:
        return Entry(said, "page")
    try:
        blocks = as_markdown(*_read(full, link), "feed entry")
    except ExtractError:  # no text but headings: a picture's entry
        return Entry(said, "", _NO_TEXT)
    if _CUT.search(blocks[-1]):
        return Entry(said, "page")
    return Entry(replace(said, blocks=blocks), "feed")


def _json_entries(data: bytes) -> list[Entry]:
    """A JSON Feed's items (jsonfeed.org, versions 1 and 1.1: micro.blog's, some Hugo and
    Eleventy sites'), as an RSS feed's are read: ``content_html`` (or ``content_text``) is
    the text; an item with neither has its text on its page (``url``)."""
    try:
        feed = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise ExtractError("unreadable JSON feed") from None
    items = feed.get("items") if isinstance(feed, dict) else None
    if not isinstance(items, list):
        raise ExtractError("unreadable JSON feed")
    site, writer = _text(feed.get("title")), _json_author(feed)
    return [_json_entry(item, site, writer) for item in items if isinstance(item, dict)]


def _json_entry(item: dict[str, Any], site: str, writer: str) -> Entry:
    """One item of a JSON Feed as an entry; its writers the feed's when it names none."""
    link = _text(item.get("url")) or _text(item.get("external_url"))
    written = _text(item.get("date_published")) or _text(item.get("date_modified"))
    said = Extracted(
        title=squeeze(_text(item.get("title"))),
        blocks=(),
        author=_json_author(item) or writer,
        date=written[:10] if re.match(r"\d{4}-\d{2}-\d{2}", written) else "",
        url=_address(link),
        site=site,
    )
    full = _text(item.get("content_html")) or _as_html(_text(item.get("content_text")))
    return _with_text(said, full or None, link)


def _json_author(holder: dict[str, Any]) -> str:
    """The writers a JSON Feed names: 1.1's ``authors``, 1.0's ``author``."""
    people = holder.get("authors")
    if not isinstance(people, list):
        people = [holder.get("author")]
    names = [_text(p.get("name")) for p in people if isinstance(p, dict)]
    return squeeze(", ".join(name for name in names if name))


def _text(value: object) -> str:
    """A JSON field as text, "" for anything else (a number, a list, null)."""
    return value if isinstance(value, str) else ""


def _exported(data: bytes) -> list[Entry]:
    """A WordPress export's items (WordPress's own "Tools → Export", WXR), read with lxml:
    a well-formed file WordPress writes, of thousands of posts, which feedparser's handlers
    took 10 s to read for 5,000 (lxml: 0.2 s). Each published post or page is cited as
    its writer's display name (the item names their login) on the date the site shows
    (``wp:post_date``, the site's time; ``pubDate`` is UTC). Its text is the post as written,
    never fetched: WordPress adds the paragraphs a classic post's blank lines make only when
    it shows it. Attachments, menu items, drafts and password-protected posts are left out,
    each counted by why."""
    parser = etree.XMLParser(recover=True, huge_tree=True, resolve_entities=False)
    root = etree.fromstring(data, parser)
    channel = root.find("channel") if root is not None else None
    if channel is None:
        raise ExtractError("unreadable WordPress export")
    names = {}
    for author in channel.iterfind("{*}author"):
        login, name = author.findtext("{*}author_login"), author.findtext("{*}author_display_name")
        if login and name and name.strip():
            names[squeeze(login)] = squeeze(name)
    site = squeeze(channel.findtext("title") or "")
    return [_exported_item(item, site, names) for item in channel.iterfind("item")]


def _exported_item(item: Any, site: str, names: dict[str, str]) -> Entry:
    """One item of a WordPress export as an entry (``_exported``)."""

    def field(tag: str) -> str:
        return str(item.findtext(tag) or "").strip()

    login, local = squeeze(field(f"{{{_DC}}}creator")), field("{*}post_date")
    shown = re.match(r"[1-9]\d{3}-\d{2}-\d{2}", local)  # a draft's is 0000-00-00
    said = Extracted(
        title=squeeze(field("title")),
        blocks=(),
        author=names.get(login, login),
        date=shown.group() if shown else _date({"published": field("pubDate")}),
        url=_address(field("link")),
        site=site,
    )
    kind, status = field("{*}post_type") or "post", field("{*}status") or "publish"
    if kind not in ("post", "page"):
        return Entry(said, "", f"not a post or page ({kind})")
    if status != "publish":
        return Entry(said, "", f"not published ({status})")
    if field("{*}post_password"):
        return Entry(said, "", "password-protected")
    try:
        written = _paragraphed(field(f"{{{_CONTENT}}}encoded"))
        blocks = as_markdown(*_read(written, said.url), "post")
    except ExtractError:
        return Entry(said, "", _NO_TEXT)
    return Entry(replace(said, blocks=blocks), "feed")


def _paragraphed(written: str) -> str:
    """A post as WordPress shows it (its ``wpautop``): where it has no ``<p>`` of its own,
    text between blank lines is a paragraph and a single line break a break in it; blocks
    (headings, lists, quotations, block-editor comments) stay as they are."""
    if not written.strip() or re.search(r"<p[\s>]", written, re.IGNORECASE):
        return written
    chunks = re.split(r"\n[ \t]*\n", written.replace("\r\n", "\n").strip())
    return "".join(
        chunk if _BLOCK_TAG.match(chunk) else "<p>" + chunk.replace("\n", "<br>") + "</p>"
        for chunk in chunks
    )


def _address(link: str) -> str:
    """An entry's address without the feed's tracking query (Medium's "?source=rss-…",
    "utm_…"): courlan's strict query, which keeps a page's own number ("?p=123"). The rest is
    left as written (courlan's whole normal form would escape Medium's "/@name/")."""
    from courlan.clean import clean_query

    parts = urlsplit(link.strip())
    return urlunsplit(parts._replace(query=clean_query(parts.query, strict=True)))


def _plain(text: str, kind: str) -> str:
    """A title as words: Atom's may be HTML ("A &amp; <em>B</em>")."""
    if "html" in kind and text.strip():
        text = html.fromstring(f"<div>{text}</div>").text_content()
    return squeeze(text)


def _full_text(entry: Any) -> str | None:
    """The entry's whole text as HTML: its content, not its summary (an excerpt)."""
    for part in entry.get("content", []):
        value = part.get("value", "")
        if not value.strip():
            continue
        return _as_html(value) if part.get("type") == "text/plain" else str(value)
    return None


def _as_html(text: str) -> str:
    """Plain text as HTML: a paragraph between blank lines."""
    paragraphs = re.split(r"\n\s*\n", text.strip())
    return "".join(f"<p>{escape(p, quote=False)}</p>" for p in paragraphs if p)


def _read(content: str, link: str) -> tuple[list[Block], list[str]]:
    """The blocks and notes of an entry's HTML, without the feed's furniture: a short block
    linking back to the entry ("The post … appeared first on …", in a paragraph or bare
    after the last one). A pitch ("Thanks for reading …! Subscribe for free …") is the
    folder's to drop, as on a page."""
    root = html.fragment_fromstring(content, create_parent="div")
    own = _same_page(link)
    for anchor in root.iter("a"):
        if own and _same_page(anchor.get("href", "")) == own:
            anchor.text = _SELF + (anchor.text or "")
    reading = Reading()
    page = b"<html><body>" + html.tostring(root, encoding="utf-8") + b"</body></html>"
    read_chapter(page, reading, lambda _href: set())
    kept = [b for b in reading.blocks if _SELF not in b.text or not _short(b.text)]
    return [b._replace(text=b.text.replace(_SELF, "")) for b in kept], reading.notes


def _same_page(url: str) -> str:
    """An address without scheme, query, fragment or trailing slash: Medium's links back
    carry a tracking query, WordPress's the same permalink."""
    parts = urlsplit(url.strip())
    return f"{parts.netloc.lower()}{parts.path.rstrip('/')}" if parts.netloc else ""


def _short(text: str) -> bool:
    return len(text.split()) <= _SELF_LINK_WORDS


def _date(entry: Any) -> str:
    """The entry's date as the feed writes it, in the site's own time zone ("Mon, 07 Dec 2026
    23:30:00 -0500" is the 7th, though in UTC it is the 8th)."""
    for key in ("published", "updated", "created"):
        written = str(entry.get(key, "")).strip()
        if not written:
            continue
        if re.match(r"\d{4}-\d{2}-\d{2}", written):
            return written[:10]
        try:
            return parsedate_to_datetime(written).date().isoformat()
        except (TypeError, ValueError, IndexError):
            pass
        parsed = entry.get(f"{key}_parsed")
        if parsed:
            return datetime(*parsed[:3]).date().isoformat()
    return ""
