"""Adding an article to a corpus folder: a page or PDF, extracted, saved as one Markdown file;
a mailbox's e-mails and a page's posts by several people, each as its own."""

from __future__ import annotations

import contextlib
import io
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

from slugify import slugify

from bot.corpus import Article, iter_article_files, parse_article
from bot.extract import (
    MBOX_SEPARATOR,
    Extracted,
    ExtractError,
    extract_document,
    sniff_kind,
    to_markdown,
)
from bot.fetch import FetchError, fetch
from bot.frontmatter import split_front_matter
from bot.markup import is_web_address

_SLUG_LENGTH = 60
_ADDED = re.compile(r"^added: .*\n", re.MULTILINE)  # the front matter's stamp
_FEED_LINK = re.compile(r"^feed_link: (\S+)$", re.MULTILINE)  # to a page cited elsewhere
LOCAL_MAX_BYTES = 50_000_000
FEED_PAGES = 100  # pages a feed's entries may send `add` to fetch
FETCHERS = 4  # a feed's pages downloaded at once, as a browser loads a site's (it opens 6)
ALREADY = "already in the folder"  # a batch's article stored before, or its page
SEEN = "listed before"  # a followed feed's entry it had when last looked at


class AddError(Exception):
    """The source could not be added; the message is one line for a person."""


@dataclass(frozen=True, slots=True)
class Added:
    """What was stored: the file, and the article as the corpus will serve it; whether the
    file is new, an earlier version rewritten, or left as it was (the same text again)."""

    path: Path
    article: Article
    status: Literal["added", "updated", "unchanged"]


@dataclass(frozen=True, slots=True)
class Batch:
    """What a source of several articles became (a mailbox's e-mails, a page's posts by
    several people): each with article text an article; the others counted by why not."""

    added: list[Added]
    skipped: dict[str, int]
    found: int
    unit: str  # what they are: "e-mails", "posts"
    listed: tuple[str, ...] = ()  # a feed's: the address of each entry but those unread

    @property
    def updated(self) -> int:
        """How many of those stored rewrote an earlier version of their article."""
        return sum(a.status == "updated" for a in self.added)

    @property
    def left_out(self) -> str:
        """Why some were left out, most often first: "no text in the e-mail (3), …"."""
        return ", ".join(f"{reason} ({count:,})" for reason, count in self.skipped.items())


@dataclass(frozen=True, slots=True)
class Removed:
    """What a removal took out of the folder, and the names it left, by why."""

    removed: list[Article]
    left: dict[str, list[str]]


def remove_added(folder: Path, names: Iterable[str]) -> Removed:
    """Delete the articles ``add`` wrote, by their file names in the folder (``x.md`` or
    ``x``); the seeds and files put there by hand are the folder owner's, not a chat's to
    delete. Refused when it would leave the folder without an article to serve."""
    if not folder.is_dir():
        raise AddError(f"corpus folder not found: {folder}")
    files = {path.relative_to(folder).as_posix(): path for path in iter_article_files(folder)}
    chosen: dict[Path, Article] = {}
    left: dict[str, list[str]] = {}
    for name in dict.fromkeys(names):
        path = files.get(name) or files.get(f"{name}.md")
        text = _read(path) if path is not None else ""
        if path is None:
            left.setdefault("no article of that name in the folder", []).append(name)
        elif not _stamped(text):
            left.setdefault("not added with add or by the bot", []).append(name)
        else:
            source = path.relative_to(folder).as_posix()
            chosen[path] = parse_article(source, text, {})[0]
    if chosen and len(chosen) == len(files):
        raise AddError("that would leave the folder without an article; add another first")
    removed = []
    for path, article in chosen.items():
        try:
            path.unlink()
        except OSError as error:
            left.setdefault(f"cannot delete it ({error.strerror})", []).append(article.source)
        else:
            removed.append(article)
    return Removed(removed, left)


def titled_as(said: str, articles: Sequence[Article]) -> list[str]:
    """The files of the articles whose title a removal gives, as the sources list them; when
    there are none, its words are file names, as ``add`` gives them."""
    title = " ".join(said.split()).casefold()
    return [a.source for a in articles if title and " ".join(a.title.split()).casefold() == title]


def at_addresses(said: str, articles: Sequence[Article]) -> list[str]:
    """The files of the articles at the web addresses a removal gives: a page's, a channel
    post's as Telegram copies its link, or a quote's link (``…#:~:text=…``, ``…#page=3``),
    which is its article's; a page's address gives every post of it that ``add`` stored as
    an article of its own (``page#post``), unless it names one of them."""
    found: list[str] = []
    for address in (word for word in said.split() if is_web_address(word)):
        at = [a.source for a in articles if a.url and _same(a.url) == _same(address)]
        bare = _same(address.partition("#")[0])
        found += at or [
            a.source for a in articles if a.url and _same(a.url.partition("#")[0]) == bare
        ]
    return list(dict.fromkeys(found))


def _same(address: str) -> str:
    """An address as two that name one page compare: without a last slash."""
    return address.rstrip("/")


def _stamped(text: str) -> bool:
    """Whether a file is an article ``add`` wrote: Markdown whose front matter holds the time
    it was added."""
    return _ADDED.search(_front_matter(text)) is not None


def _front_matter(text: str) -> str:
    """A file's front matter block as written, each line ending in a newline; "" for none."""
    lines = split_front_matter(text)[2]
    return "".join(line + "\n" for line in text.split("\n", lines)[:lines])


def file_stem(title: str) -> str:
    """A safe, stable file name stem from a title: ASCII letters, digits and dashes.

    python-slugify transliterates (Cyrillic, Turkish, Azerbaijani) instead of dropping letters.
    """
    return slugify(title, max_length=_SLUG_LENGTH, word_boundary=True) or "article"


def read_source(source: str, allow_private: bool = True) -> tuple[bytes, str, str]:
    """The bytes of a web address or local file, their kind (``sniff_kind``), and the final
    address."""
    if is_web_address(source):
        try:
            download = fetch(source, allow_private=allow_private)
        except FetchError as error:
            raise AddError(str(error)) from None
        kind = sniff_kind(download.data, download.content_type)
        if kind is None:
            what = download.content_type.split(";")[0] or "unknown content"
            kinds = (
                "a web page, PDF, Word, OpenDocument or RTF text, EPUB book, e-mail, "
                "Telegram export or RSS or Atom feed"
            )
            raise AddError(f"not {kinds} ({what}): {source}")
        return download.data, kind, download.url
    path = Path(source)
    if not path.is_file():
        what = "not a web address" if "://" in source else "no such file"
        raise AddError(f"{what}: {source}")
    if path.stat().st_size > LOCAL_MAX_BYTES:
        raise AddError(f"larger than {LOCAL_MAX_BYTES // 1_000_000} MB: {source}")
    data = path.read_bytes()
    kind = sniff_kind(data)
    if kind is None:
        raise AddError(
            "not a saved web page, PDF, Word, OpenDocument or RTF text, EPUB book, e-mail, "
            "Telegram export or RSS or Atom feed: " + source
        )
    return data, kind, ""


def stored_urls(folder: Path) -> dict[str, Path]:
    """The address each Markdown article of a folder was added from, and the feed's link to
    it where its page gave another."""
    urls = {}
    for path in iter_article_files(folder):
        if path.suffix.lower() != ".md":
            continue
        try:
            with path.open(encoding="utf-8") as handle:
                head = handle.read(4096)
        except (OSError, UnicodeDecodeError):
            continue
        meta = split_front_matter(head)[0]
        if meta.get("url"):
            urls[meta["url"]] = path
        if link := _FEED_LINK.search(_front_matter(head)):
            urls[link[1]] = path
    return urls


def choose_path(
    folder: Path, title: str, url: str, text: str = "", urls: dict[str, Path] | None = None
) -> tuple[Path, bool]:
    """The file an article goes to: the one already added from its address (``urls``, the
    folder's, when known), or holding the same article (a file or mailbox added again), else a
    new name."""
    existing = (stored_urls(folder) if urls is None else urls).get(url) if url else None
    if existing is not None:
        return existing, True
    stem = file_stem(title)
    path, n = folder / f"{stem}.md", 2
    while path.exists():
        if _holds(path, text):
            return path, True
        path, n = folder / f"{stem}-{n}.md", n + 1
    return path, False


def _holds(path: Path, text: str) -> bool:
    """Whether a file holds this article text already, whenever it was added."""
    return _unstamped(_read(path)) == _unstamped(text)


def _unstamped(text: str) -> str:
    """An article file without the time it was added."""
    return _ADDED.sub("", text, count=1)


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return ""


def add_article(
    source: str, folder: Path, url: str = "", allow_private: bool = True
) -> Added | Batch:
    """Fetch or read a source (an address or a saved file) and store its article in ``folder``.

    ``url`` names a saved file's original address; ``allow_private`` False refuses addresses
    on private networks (a link sent in a chat).
    """
    data, kind, fetched = read_source(source, allow_private)
    return store(data, kind, folder, url, source, fetched, allow_private)


def store(
    data: bytes,
    kind: str,
    folder: Path,
    url: str = "",
    label: str = "",
    fetched: str = "",
    allow_private: bool = True,
    progress: bool = False,
) -> Added | Batch:
    """Store what a source holds: its article, each e-mail of a mailbox, each post of a page
    of several people's posts or of a chat's export, or each entry of a feed.

    The article's address is ``url`` if given, else the page's own canonical address, else
    the one it was ``fetched`` from; ``label`` names the source in error messages. A feed's
    entries whose text is on their page are fetched, private addresses only if
    ``allow_private``, with ``progress`` shown on stderr (a terminal's).
    """
    if kind == "mbox":
        return store_mailbox(io.BytesIO(data), folder, label)
    if kind == "telegram":
        return store_chat(data, folder, url, label)
    if kind == "feed":
        return store_feed(data, folder, url or fetched, label, allow_private, progress)
    try:
        extracted = _extracted(data, kind, label)
    except AddError as error:  # a site's front page: its feed lists its articles
        from bot.feeds import advertised_feed

        feed = advertised_feed(data, url or fetched) if kind == "html" else ""
        if feed and str(error).startswith("no article text"):
            raise AddError(f"{error}; the page names its feed, {feed}: add that to add each "
                           "of its articles") from None  # fmt: skip
        raise
    address = url or extracted.url or fetched
    if extracted.posts:
        return _store_posts(extracted.posts, folder, address, label)
    return _store_extracted(extracted, folder, address, label)


def store_document(
    data: bytes, kind: str, folder: Path, label: str = "", urls: dict[str, Path] | None = None
) -> Added:
    """Extract a document and store it as one article (a mailbox's e-mail)."""
    extracted = _extracted(data, kind, label)
    return _store_extracted(extracted, folder, extracted.url, label, urls)


def _extracted(data: bytes, kind: str, label: str) -> Extracted:
    try:
        return extract_document(data, kind)
    except ExtractError as error:
        raise AddError(f"{error}: {label}") from None


def _store_extracted(
    extracted: Extracted,
    folder: Path,
    address: str,
    label: str,
    urls: dict[str, Path] | None = None,
) -> Added:
    """Store an article at ``address``; nothing is written unless it has a quotable paragraph.

    The file is written whole or not at all. ``urls``, the folder's articles by address, is
    kept up to date when given (a mailbox's thousands of mails read the folder once, not once
    each). An article the folder holds as it is now is left alone, not written again with a
    new time: a feed read every hour, a mailbox sent again, a channel post's edited buttons.
    """
    title = extracted.title or _fallback_title(label, address)
    extracted = replace(extracted, title=title, url=address, posts=())
    added = datetime.now(timezone.utc).replace(microsecond=0).isoformat()
    text = to_markdown(extracted, added=added)
    if not folder.is_dir():
        raise AddError(f"corpus folder not found: {folder}")
    path, replaced = choose_path(folder, title, address, text, urls)
    article, passages, _, _ = parse_article(path.relative_to(folder).as_posix(), text, {})
    if not passages:
        raise AddError(f"no quotable paragraph in the article text: {label}")
    if replaced and _holds(path, text):
        return Added(path, article, "unchanged")
    _write(path, text)
    if urls is not None and address:
        urls[address] = path
    return Added(path, article, "updated" if replaced else "added")


def _store_posts(posts: tuple[Extracted, ...], folder: Path, address: str, label: str) -> Batch:
    """Store each post of a page as its own article, cited as its writer's, at the page's
    address opened at the post."""
    urls = _stored_urls(folder)

    def each(n: int, post: Extracted) -> tuple[str, Callable[[str], Added]]:
        at = f"{address.partition('#')[0]}#{post.url.partition('#')[2]}" if address else ""
        return f"post {n} of {label}", lambda name: _store_extracted(post, folder, at, name, urls)

    return _store_each((each(n, post) for n, post in enumerate(posts, 1)), label, "posts")


def store_mailbox(lines: Iterable[bytes], folder: Path, label: str) -> Batch:
    """Store each e-mail of an mbox file (its lines) as its own article, cited as its
    sender's."""
    from bot.mail import mailbox_messages

    urls = _stored_urls(folder)

    def each(n: int, message: bytes) -> tuple[str, Callable[[str], Added]]:
        return f"e-mail {n} of {label}", lambda name: store_document(
            message, "eml", folder, label=name, urls=urls
        )

    messages = enumerate(mailbox_messages(lines), 1)
    return _store_each((each(n, m) for n, m in messages), label, "e-mails")


def store_post(
    post: Extracted, folder: Path, label: str, urls: dict[str, Path] | None = None
) -> Added:
    """Store one post of a channel or chat (exported, or forwarded to the bot) as an article,
    at its own address."""
    if not post.blocks:  # a picture, a poll, a sticker
        raise AddError(f"no text in the post: {label}")
    return _store_extracted(post, folder, post.url, label, urls)


def store_chat(data: bytes, folder: Path, url: str, label: str) -> Batch:
    """Store each post of a Telegram chat's export as its own article, at ``url``'s post
    address when ``url`` is the channel's (``https://t.me/NAME``)."""
    from bot.tgexport import export_posts

    try:
        _chat, posts = export_posts(data, url)
    except ExtractError as error:
        raise AddError(f"{error}: {label}") from None
    if not posts:
        raise AddError(f"no posts in the Telegram export: {label}")
    urls = _stored_urls(folder)

    def each(post: Extracted) -> tuple[str, Callable[[str], Added]]:
        return f"{post.title} of {label}", lambda name: store_post(post, folder, name, urls)

    return _store_each((each(post) for post in posts), label, "posts")


def store_feed(
    data: bytes,
    folder: Path,
    address: str,
    label: str,
    allow_private: bool = True,
    progress: bool = False,
    seen: frozenset[str] = frozenset(),
) -> Batch:
    """Store each entry of an RSS or Atom feed as its own article: from the feed's full text,
    or from the page it links to when the feed holds only a summary (at most ``FEED_PAGES``
    pages, ``FETCHERS`` at a time, with ``progress`` shown as they are stored). A page added
    before, at the entry's address, is not fetched again: adding a feed now and then (from
    cron) costs its new pages only, and an entry's text the folder holds unchanged is not
    written again. An entry at an address in ``seen`` that the folder no longer holds is left
    out: a followed feed adds what is new, and an article removed does not come back."""
    from tqdm import tqdm

    from bot.feeds import Entry, feed_entries

    try:
        entries = feed_entries(data, address)
    except ExtractError as error:
        raise AddError(f"{error}: {label}") from None
    if not entries:
        raise AddError(f"no entries in the feed: {label}")
    urls = _stored_urls(folder)
    # Added before at its address: a feed added again fetches only its new pages.
    old = urls.keys() | seen
    wanted = [e.article.url for e in entries if e.where == "page" and e.article.url not in old]
    unread: set[str] = set()  # entries whose page could not be read
    pages = _Pages(
        [u for u in dict.fromkeys(wanted) if is_web_address(u)][:FEED_PAGES], allow_private
    )

    def each(n: int, entry: Entry) -> tuple[str, Callable[[str], Added]]:
        def store_entry(name: str) -> Added:
            article = entry.article
            if article.url in seen and article.url not in urls:  # taken out since
                raise AddError(f"{SEEN}: {name}")
            if entry.where == "feed":
                return _store_extracted(article, folder, article.url, name, urls)
            if entry.where != "page":
                raise AddError(f"{entry.reason}: {name}")
            if not is_web_address(article.url):
                raise AddError(f"only a summary in the feed, and no page: {name}")
            if article.url in urls:
                raise AddError(f"{ALREADY}: {name}")
            if not pages.fetches(article.url):
                raise AddError(f"only a summary, and more than {FEED_PAGES} pages: {name}")
            try:
                return _store_page(article, folder, name, urls, pages.read(article.url))
            except AddError:
                unread.add(article.url)  # a followed feed tries it again next time
                raise

        return f"entry {n} of {label}", store_entry

    shown = tqdm(entries, desc="entries", unit="", leave=False, disable=not progress)
    with pages:
        batch = _store_each((each(n, e) for n, e in enumerate(shown, 1)), label, "entries")
    return replace(
        batch, listed=tuple(e.article.url for e in entries if e.article.url not in unread)
    )


class _Pages:
    """A feed's pages, downloaded ``FETCHERS`` at a time a little ahead of their turn: a feed
    of summaries takes about its slowest pages' time, not the sum of all; at most a few
    downloads wait in memory (a page may be 10 MB)."""

    def __init__(self, urls: list[str], allow_private: bool) -> None:
        self._urls = urls
        self._allow_private = allow_private
        self._started = 0
        self._pending: dict[str, Future[tuple[bytes, str, str]]] = {}
        self._pool = ThreadPoolExecutor(FETCHERS) if urls else None

    def fetches(self, url: str) -> bool:
        """Whether the page is among those the feed may fetch."""
        return url in self._urls

    def read(self, url: str) -> Callable[[], tuple[bytes, str, str]]:
        """The page's bytes, kind and final address (``read_source``), when called; the
        pages after it started meanwhile."""
        until = min(self._urls.index(url) + 2 * FETCHERS, len(self._urls))
        while self._pool is not None and self._started < until:
            ahead = self._urls[self._started]
            self._pending[ahead] = self._pool.submit(read_source, ahead, self._allow_private)
            self._started += 1
        future = self._pending.pop(url, None)  # None: an address two entries share, read again
        if future is None:
            return lambda: read_source(url, self._allow_private)
        return future.result

    def __enter__(self) -> _Pages:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._pool is not None:  # a failed write stops the batch: no more downloads
            self._pool.shutdown(wait=False, cancel_futures=True)


def _store_page(
    entry: Extracted,
    folder: Path,
    name: str,
    urls: dict[str, Path],
    download: Callable[[], tuple[bytes, str, str]],
) -> Added:
    """A feed entry's article read from its page, as ``add URL`` reads it; what the page does
    not say of itself (its writer, date, site) as the feed says it."""
    try:
        data, kind, fetched = download()
    except AddError:
        raise AddError(f"its page could not be read: {name}") from None
    if kind in ("mbox", "telegram", "feed"):
        raise AddError(f"its page is no article: {name}")
    page = _extracted(data, kind, name)
    address = page.url or fetched
    page = replace(
        page,
        title=page.title or entry.title,
        author=page.author or entry.author,
        date=page.date or entry.date,
        site=page.site or entry.site,
        posts=(),
        feed_link=entry.url if entry.url != address else "",
    )
    return _store_extracted(page, folder, address, name, urls)


def _stored_urls(folder: Path) -> dict[str, Path]:
    """The folder's articles by address, read once for a whole batch."""
    if not folder.is_dir():
        raise AddError(f"corpus folder not found: {folder}")
    return stored_urls(folder)


def _store_each(
    stores: Iterable[tuple[str, Callable[[str], Added]]], label: str, unit: str
) -> Batch:
    """Run each ``(name, store)`` of a batch: one without article text is counted by why, not
    fatal; one the folder holds unchanged is counted as already there; a write that fails
    stops the batch, and nothing stored at all is an error."""
    added, skipped, count = [], Counter[str](), 0
    for name, store_one in stores:
        count += 1
        try:
            stored = store_one(name)
        except AddError as error:
            if str(error).startswith("cannot write"):
                raise
            skipped[str(error).removesuffix(f": {name}")] += 1
            continue
        if stored.status == "unchanged":
            skipped[ALREADY] += 1
        else:
            added.append(stored)
    if not added and not skipped.keys() & {ALREADY, SEEN}:  # a feed with nothing new is fine
        why = "; ".join(f"{reason} ({n})" for reason, n in skipped.most_common())
        raise AddError(f"none of the {count} {unit} could be added ({why}): {label}")
    return Batch(added, dict(skipped.most_common()), count, unit)


def large_mailbox(source: str) -> Path | None:
    """A local mbox file larger than other files may be, which ``add`` reads a message at a
    time."""
    path = Path(source)
    if is_web_address(source) or not path.is_file() or path.stat().st_size <= LOCAL_MAX_BYTES:
        return None
    with path.open("rb") as file:
        head = file.read(4096)
    return path if MBOX_SEPARATOR.match(head) else None


def _fallback_title(source: str, url: str) -> str:
    if url:
        parts = urlsplit(url)
        return Path(parts.path).stem.replace("-", " ") or parts.hostname or "article"
    return Path(source).stem.replace("-", " ").replace("_", " ")


def _write(path: Path, text: str) -> None:
    """Write through a temporary file in the same folder: a failure leaves the folder as it was."""
    temp = path.with_name(f".{path.name}.adding")
    try:
        temp.write_text(text, encoding="utf-8")
        temp.replace(path)
    except OSError as error:
        with contextlib.suppress(OSError):
            temp.unlink(missing_ok=True)
        raise AddError(
            f"cannot write to {path.parent} ({error.strerror}); choose another --corpus"
        ) from None
