"""A site's RSS or Atom feed, added entry by entry: from the feed's full text, or from the page
an entry links to when the feed holds only its summary. The feeds in tests/data/feeds are
hand-written in the forms WordPress (with Yoast's "appeared first on" line), Medium and Jekyll
(jekyll-feed's Atom) write, and WordPress's export of a whole site; ``{site}`` is the test
server's address."""

from __future__ import annotations

import html
import ipaddress
import random
from pathlib import Path

import pytest

from bot import fetch
from bot import store as store_module
from bot.cli import main
from bot.corpus import load_corpus
from bot.extract import sniff_kind
from bot.feeds import is_feed
from bot.store import AddError, Batch, store
from tests.conftest import StartBot
from tests.fakes import FakeTelegram, PageServer
from tests.test_adding import ADMIN, OTHER, reply_to, start_serving

FEEDS = Path(__file__).parent / "data" / "feeds"
WEBPAGES = Path(__file__).parent / "data" / "webpages"
PAGE = WEBPAGES / "citylimits.org-Nycha.html"  # its canonical address is citylimits.org's
RSS = "application/rss+xml; charset=UTF-8"
Capsys = pytest.CaptureFixture[str]


def feed(name: str, site: str) -> bytes:
    return (FEEDS / name).read_bytes().replace(b"{site}", site.encode())


def add(folder: Path, capsys: Capsys, *args: str) -> tuple[int, str, str]:
    status = main(["add", "--corpus", str(folder), *args])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def said(folder: Path) -> dict[str, list[str]]:
    """Each article's quotable paragraphs, by title."""
    corpus = load_corpus(folder)
    return {a.title: [p.text for p in corpus.passages if p.article == a] for a in corpus.articles}


def test_a_wordpress_feed_adds_its_entries_from_the_feed_or_from_their_pages(
    tmp_path: Path, capsys: Capsys
) -> None:
    """A full entry is read from the feed, without the "appeared first on" line linking back
    to it, and dated as the feed writes it (23:30 at -05:00 is the 7th, in UTC the 8th); an
    excerpt's entry is read from its page as `add URL` reads it; an entry whose page cannot be
    read is counted, and the others still added."""
    with PageServer({}) as server:
        server.routes["/feed/"] = (200, RSS, feed("wordpress.xml", server.url("")))
        server.routes["/2026/12/nycha/"] = (200, "text/html", PAGE.read_bytes())
        address = server.url("/feed/")
        (tmp_path / "a").mkdir()
        status, out, _ = add(tmp_path / "a", capsys, address)
        assert status == 0
        assert server.requests[0] == "/feed/"  # then its pages, a few at once
        assert sorted(server.requests[1:]) == ["/2026/12/library-hours/", "/2026/12/nycha/"]
        assert out.endswith(
            f"2 of the 3 entries in {address} added; left out: its page could not be read (1)\n"
        )
        # Cited at citylimits.org's address, its page is known by the feed's link to it too.
        server.requests.clear()
        status, out, _ = add(tmp_path / "a", capsys, address)
        assert server.requests == ["/feed/", "/2026/12/library-hours/"]  # the one unread
        assert out.endswith("already in the folder (2), its page could not be read (1)\n")
    articles = {a.title: a for a in load_corpus(tmp_path / "a").articles}
    bridge = articles["Old bridge to close for repairs"]
    assert (bridge.byline, bridge.date, bridge.url) == (
        "Maya Lind, Mill River Gazette", "2026-12-07", server.url("/2026/12/old-bridge/")
    )  # fmt: skip
    assert said(tmp_path / "a")[bridge.title] == [
        "The old bridge over the Mill River closes on Monday for six weeks of repairs. Drivers "
        "are asked to use the Elm Street crossing.",
        "“The deck has worn thinner than we thought,” said the town engineer, Ruth Adler.",
        "The bridge when it opened in 1931.",
    ]
    (tmp_path / "b").mkdir()
    assert add(tmp_path / "b", capsys, str(PAGE))[0] == 0  # the page itself, added alone
    (page,) = load_corpus(tmp_path / "b").articles
    fetched = articles[page.title]
    assert (fetched.url, fetched.byline) == (page.url, page.byline)
    assert said(tmp_path / "a")[page.title] == said(tmp_path / "b")[page.title]


def test_a_feed_added_again_updates_its_text_and_fetches_only_new_pages(
    tmp_path: Path, capsys: Capsys
) -> None:
    """Added now and then (from cron), a feed costs its new pages only: an entry's page added
    before at its address is not fetched again; the feed's own full texts are written again
    only when edited (an unchanged file keeps the time it was added). With nothing new it is
    no failure."""
    story = b"<html><head><title>Library hours</title></head><body><article><p>From January "
    story += b"the library opens at ten on weekdays and closes at six.</p></article></body></html>"
    with PageServer({}) as server:
        server.routes["/feed/"] = (200, RSS, feed("wordpress.xml", server.url("")))
        server.routes["/2026/12/library-hours/"] = (200, "text/html", story)
        assert add(tmp_path, capsys, server.url("/feed/"))[0] == 0
        before = {p.name: p.read_bytes() for p in tmp_path.iterdir() if p.is_file()}
        server.requests.clear()
        status, out, _ = add(tmp_path, capsys, server.url("/feed/"))
        assert server.requests == ["/feed/", "/2026/12/nycha/"]  # the one that failed before
        assert status == 0 and "updated: " not in out and "added: " not in out
        assert out.endswith(
            "left out: already in the folder (2), its page could not be read (1)\n"
        )
        assert {p.name: p.read_bytes() for p in tmp_path.iterdir() if p.is_file()} == before
        edited = feed("wordpress.xml", server.url("")).replace(b"six weeks", b"eight weeks")
        server.routes["/feed/"] = (200, RSS, edited)
        status, out, _ = add(tmp_path, capsys, server.url("/feed/"))
    assert status == 0 and out.count("updated: Old bridge to close for repairs") == 1
    assert out.endswith("left out: its page could not be read (1), already in the folder (1)\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(before)
    quiet = tmp_path.parent / "quiet"
    quiet.mkdir()
    with PageServer({}) as server:
        only_pages = feed("wordpress.xml", server.url("")).replace(b"content:encoded", b"x:y")
        server.routes["/feed/"] = (200, RSS, only_pages.replace(b"<rss", b'<rss xmlns:x="x"', 1))
        server.routes["/2026/12/library-hours/"] = (200, "text/html", story)
        server.routes["/2026/12/old-bridge/"] = (200, "text/html", story.replace(b"ten", b"nine"))
        assert add(quiet, capsys, server.url("/feed/"))[0] == 0
        status, out, _ = add(quiet, capsys, server.url("/feed/"))
    assert (status, out) == (0, f"0 of the 3 entries in {server.url('/feed/')} added; left "
                                "out: already in the folder (2), its page could not be read "
                                "(1)\n")  # fmt: skip


def test_medium_and_atom_feeds(tmp_path: Path, capsys: Capsys) -> None:
    """Medium's entry links carry a tracking query ("?source=rss-…"), left out of the address
    cited and fetched, and its closing "was originally published in" links back without it;
    Atom's titles are HTML (jekyll-feed escapes "&" twice), its dates in the writer's time zone
    (01:30 at +04:00 is the 11th, in UTC the 10th), its writer may be named once for the whole
    feed; an entry of only a picture has no text."""
    with PageServer({}) as server:
        site = server.url("")
        server.routes["/medium"] = (200, RSS, feed("medium.xml", site))
        server.routes["/atom"] = (200, "application/atom+xml", feed("atom.xml", site))
        server.routes["/@ruthadler/nycha-9ebcf8a22753"] = (200, "text/html", PAGE.read_bytes())
        status, out, _ = add(tmp_path, capsys, server.url("/medium"))
        assert status == 0 and out.endswith("2 of the 2 entries in " + server.url("/medium") +
                                            " added\n")  # fmt: skip
        status, out, _ = add(tmp_path, capsys, server.url("/atom"))
        assert status == 0 and out.endswith("left out: no text in the entry (1)\n")
        assert server.requests == ["/medium", "/@ruthadler/nycha-9ebcf8a22753", "/atom"]
    articles = {a.title: a for a in load_corpus(tmp_path).articles}
    inspection = articles["What a bridge inspection looks for"]
    assert inspection.url == f"{site}/valley-works/what-a-bridge-inspection-looks-for-50638d4dcc6a"
    assert said(tmp_path)[inspection.title] == [
        "An inspector starts under the deck, where water collects and rust begins.",
        "### What the report says\n\nEvery crack wider than a coin is measured and "
        "photographed, and the load rating is worked out again.",
    ]
    ferry = articles["Ferry timetable: winter & spring"]
    assert (ferry.byline, ferry.date) == ("Ole Berg, Harbour & Hills Notes", "2024-01-11")
    paragraphs = load_corpus(tmp_path).passages
    assert [(p.text, p.quotation) for p in paragraphs if p.article == ferry] == [
        (
            "From Monday the first ferry leaves at 6:40, not 6:10, and the last one at 21:00.",
            False,
        ),
        ("> The early crossing carried fewer than ten people a day.", True),
        ("- Weekdays: every 40 minutes\n\n- Weekends: every hour", False),  # one list
    ]
    assert not any("appeared first" in p.text or "originally published" in p.text
                   for p in paragraphs)  # fmt: skip


def test_a_wordpress_export_adds_the_sites_published_posts_and_pages(
    tmp_path: Path, capsys: Capsys
) -> None:
    """WordPress's own export (Tools → Export, WXR; wordpress-export.xml is hand-written in its
    form): each published post and page, cited as its writer's display name (the item names
    a login) on the site's own date (``pubDate`` is UTC: 04:30 on the 8th is 23:30 on the 7th
    there); a classic post's blank lines are its paragraphs, as WordPress shows it; the rest
    is counted by why, and nothing is fetched."""
    with PageServer({}) as server:
        (tmp_path.parent / "export.xml").write_bytes(feed("wordpress-export.xml", server.url("")))
        status, out, _ = add(tmp_path, capsys, str(tmp_path.parent / "export.xml"))
        assert server.requests == []
    assert status == 0 and out.endswith(
        "3 of the 8 entries in " + str(tmp_path.parent / "export.xml") + " added; left out: not "
        "a post or page (attachment) (1), not published (draft) (1), not a post or page "
        "(nav_menu_item) (1), password-protected (1), no text in the entry (1)\n"
    )
    articles = {a.title: a for a in load_corpus(tmp_path).articles}
    assert {title: (a.byline, a.date) for title, a in articles.items()} == {
        "Old bridge to close for repairs": ("Maya Lind, Mill River Gazette", "2026-12-07"),
        "Ferry to run every hour": ("Ruth Adler, Mill River Gazette", "2026-11-30"),
        "About the Gazette": ("Maya Lind, Mill River Gazette", "2026-05-01"),
    }
    assert said(tmp_path)["Ferry to run every hour"] == [
        "The ferry to the islands will run every hour from May, the harbour master said on "
        "Tuesday.",
        "Tickets go on sale in April.",
        "Children under five travel free.",
        "## Winter crossings\n\nIn winter the first ferry leaves at 6:40.",
    ]
    assert said(tmp_path)["Old bridge to close for repairs"][1] == (  # the quote's <cite> last
        "> The deck has worn thinner than we thought.\n> Ruth Adler, town engineer"
    )


PULLED = """<p>The council approved the bridge on Monday after a long debate about its cost.</p>
<p>"We waited thirty years for this," said a resident who crosses the old bridge each day.</p>
<figure class="wp-block-pullquote"><blockquote><p>We waited thirty years for this.</p>
<cite>A resident</cite></blockquote></figure>
<aside class="pull-quote">{own}</aside>
<p>Work starts in May and should end two years later, the council said on Tuesday.</p>"""


def added_entry(tmp_path: Path, capsys: Capsys, entry: str) -> Path:
    """The folder an RSS feed of one entry, "Bridge approved", with ``entry`` (escaped HTML)
    as its text, was added to."""
    (tmp_path / "feed.xml").write_text(
        '<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules'
        '/content/"><channel><title>Town</title><link>https://example.org/</link><item><title>'
        "Bridge approved</title><link>https://example.org/bridge</link><content:encoded>"
        f"{entry}</content:encoded></item></channel></rss>",
        encoding="utf-8",
    )
    (folder := tmp_path / "articles").mkdir()
    assert add(folder, capsys, str(tmp_path / "feed.xml"))[0] == 0
    return folder


@pytest.mark.parametrize(
    ("own", "quoted"),
    [
        ("The council approved the bridge", []),
        ("Trams will cross it too.", ["> Trams will cross it too."]),
    ],
)
def test_a_pull_quote_that_repeats_the_text_is_left_out(
    tmp_path: Path, capsys: Capsys, own: str, quoted: list[str]
) -> None:
    """As a saved page's is: its words twice took two of an answer's three quotes. One with
    words of its own is kept, as a quotation."""
    entry = html.escape(PULLED.format(own=own))
    folder = added_entry(tmp_path, capsys, entry)
    paragraphs = said(folder)["Bridge approved"]
    assert len(paragraphs) == 3 + len(quoted) and paragraphs[2:-1] == quoted


def test_quotations_side_by_side_keep_their_own_speakers(tmp_path: Path, capsys: Capsys) -> None:
    """Two blockquotes in a row are two quotations: the second's ``<cite>`` names its own
    speaker. Read as one run, the engineer's name had ended the resident's words too."""
    entry = html.escape(
        "<p>The council met on Monday.</p>"
        "<blockquote><p>We waited thirty years for this.</p></blockquote>"
        "<blockquote><p>The deck has worn thinner than we thought.</p>"
        "<cite>Ruth Adler, town engineer</cite></blockquote>"
    )
    folder = added_entry(tmp_path, capsys, entry)
    assert said(folder)["Bridge approved"][1:] == [
        "> We waited thirty years for this.",
        "> The deck has worn thinner than we thought.\n> Ruth Adler, town engineer",
    ]


def test_a_json_feed_is_read_as_an_rss_feed_is(tmp_path: Path, capsys: Capsys) -> None:
    """JSON Feed 1.1 (feed.json, written after jsonfeed.org's spec): an item's writers over
    the feed's, its text from ``content_html`` or ``content_text``; an untitled post (as
    micro.blog writes them) is named after its address."""
    with PageServer({}) as server:
        server.routes["/feed.json"] = (
            200,
            "application/feed+json",
            feed("feed.json", server.url("")),
        )
        status, out, _ = add(tmp_path, capsys, server.url("/feed.json"))
        assert server.requests == ["/feed.json"]
    assert status == 0 and out.endswith("left out: no text in the entry (1)\n")
    articles = {a.title: a for a in load_corpus(tmp_path).articles}
    assert {title: (a.byline, a.date) for title, a in articles.items()} == {
        "Ferry timetable": ("Ruth Adler, Harbour Notes", "2024-01-11"),
        "1200": ("Ole Berg, Harbour Notes", "2024-01-09"),
    }
    assert said(tmp_path)["1200"] == [
        "The harbour wall is being painted this week.",
        "Bring a coat: the wind on the pier is strong.",
    ]


def test_feeds_are_told_from_pages_and_other_xml() -> None:
    for name in ("wordpress.xml", "medium.xml", "atom.xml", "wordpress-export.xml", "feed.json"):
        assert sniff_kind(feed(name, "https://example.org")) == "feed"
    xhtml = b'<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html>\n<html xmlns="http://www.w3.org/1999/xhtml"><body><p>Hi</p></body></html>'
    sitemap = b'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"/>'
    other = b'<?xml version="1.0"?><feed><item>not Atom</item></feed>'
    assert not any(is_feed(data) for data in (xhtml, sitemap, other))
    assert sniff_kind(xhtml) == "html"
    pages = [p for p in WEBPAGES.iterdir() if p.suffix == ".html"]
    assert len(pages) >= 40 and not any(is_feed(p.read_bytes()) for p in pages)


def test_a_feed_without_entries_or_not_a_feed_changes_nothing(
    tmp_path: Path, capsys: Capsys
) -> None:
    empty = tmp_path.parent / "empty.xml"
    empty.write_bytes(b'<?xml version="1.0"?><rss version="2.0"><channel><title>Quiet</title>'
                      b"</channel></rss>")  # fmt: skip
    status, out, err = add(tmp_path, capsys, str(empty))
    assert (status, out, err) == (2, "", f"error: no entries in the feed: {empty}\n")
    broken = tmp_path.parent / "broken.xml"
    broken.write_bytes(b'<?xml version="1.0"?><rss version="2.0"><channel><item><title>Cut')
    status, _, err = add(tmp_path, capsys, str(broken))
    assert status == 2 and err.startswith("error: ") and list(tmp_path.iterdir()) == []


def test_a_feed_left_in_the_folder_is_named_with_the_command_that_adds_it(
    tmp_path: Path, capsys: Capsys
) -> None:
    (tmp_path / "news.md").write_text("The ferry runs every hour from May.\n", encoding="utf-8")
    (tmp_path / "feed.xml").write_bytes(feed("atom.xml", "https://example.org"))
    assert main(["sources", "--corpus", str(tmp_path)]) == 0
    assert ("feed.xml: a site's feed, whose entries are added one by one with "
            "`python -m bot add FILE`") in capsys.readouterr().err  # fmt: skip


async def test_an_admin_sends_a_feeds_address_and_its_entries_are_added(
    telegram: FakeTelegram,
    start_bot: StartBot,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """From Telegram, the feed and its entries' pages are fetched from public addresses only:
    the test's host name is taken for one (``check_public``), and served on 127.0.0.1."""
    await start_serving(start_bot, tmp_path, telegram)
    monkeypatch.setattr(fetch, "check_public", lambda url: ipaddress.ip_address("127.0.0.1"))
    with PageServer({}) as server:
        site = f"http://gazette.example:{server.port}"
        server.routes["/feed/"] = (200, RSS, feed("wordpress.xml", site))
        server.routes["/2026/12/nycha/"] = (200, "text/html", PAGE.read_bytes())
        server.delay = 0.2  # a page from far away: the admin sees "typing…" meanwhile
        reply = await reply_to(telegram, telegram.private(ADMIN, f"{site}/feed/"))
        assert server.hosts == [f"gazette.example:{server.port}"] * 3
    assert "sendChatAction" in telegram.calls
    assert reply["text"] == (
        "Added 2 of the 3 entries as articles:\n"
        "• Old bridge to close for repairs — Maya Lind, Mill River Gazette (3 paragraphs)\n"
        "• VIDEO: Voting on NYCHA’s Future — Tatyana Turner, City Limits (16 paragraphs)\n"
        "Left out: its page could not be read (1). Ask away."
        " I'll read the feed again every 6 hours for new entries (/feeds)."
    )
    question = "Which crossing should drivers use while the bridge is closed?"
    answer = await reply_to(telegram, telegram.private(OTHER, question))
    assert "Elm Street crossing" in answer["text"] and "Maya Lind" in answer["text"]
    assert telegram.errors == []


@pytest.mark.parametrize("progress", [True, False])
def test_the_pages_fetched_are_counted_on_a_terminal_only(
    tmp_path: Path, capsys: Capsys, progress: bool
) -> None:
    """A feed's pages take a second or so each from far away: `add` on a terminal shows them
    counted; piped or in Telegram nothing is drawn."""
    with PageServer({}) as server:
        data = feed("wordpress.xml", server.url(""))
        store(data, "feed", tmp_path, label="feed.xml", progress=progress)
    drawn = capsys.readouterr().err
    assert ("entries:" in drawn and "/3 [" in drawn) if progress else drawn == ""


def test_a_feeds_pages_are_fetched_a_few_at_once_and_added_in_the_feeds_order(
    tmp_path: Path, capsys: Capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A feed of summaries from a far server costs its slowest pages, not all of them one
    after another; no more than FETCHERS at once, and past FEED_PAGES none."""
    monkeypatch.setattr("bot.store.FEED_PAGES", 10)
    with PageServer({}) as server:
        server.delay = 0.2
        items = ""
        for n in range(1, 13):
            server.routes[f"/{n}/"] = (200, "text/html", (
                f"<html><head><title>Notice {n}</title></head><body><article><p>The ferry "
                f"timetable changes on day {n} of the month, the harbour office said today."
                "</p></article></body></html>"
            ).encode())  # fmt: skip
            items += f"<item><title>Notice {n}</title><link>{server.url(f'/{n}/')}</link>"
            items += "<description>The ferry timetable changes [&#8230;]</description></item>"
        server.routes["/feed/"] = (200, RSS, (
            f'<?xml version="1.0"?><rss version="2.0"><channel><title>Notices</title>{items}'
            "</channel></rss>"
        ).encode())  # fmt: skip
        status, out, _ = add(tmp_path, capsys, server.url("/feed/"))
    assert status == 0 and 1 < server.most_at_once <= store_module.FETCHERS
    assert len(server.requests) == 11  # the feed and 10 pages
    added = [line.split(" (")[0] for line in out.splitlines() if line.startswith("added: ")]
    assert added == [f"added: Notice {n}" for n in range(1, 11)]
    assert out.endswith("left out: only a summary, and more than 10 pages (2)\n")


def test_a_long_batch_lists_its_first_articles_and_counts_the_rest(
    tmp_path: Path, capsys: Capsys
) -> None:
    """A site's export of thousands of posts would print three lines for each."""
    items = "".join(
        f"<item><title>Notice {n}</title><link>https://example.org/{n}</link><content:encoded>"
        f"&lt;p&gt;The ferry timetable changes on day {n} of the month.&lt;/p&gt;"
        "</content:encoded></item>"
        for n in range(1, 26)
    )
    big = tmp_path.parent / "big.xml"
    big.write_text(
        '<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/'
        f'modules/content/"><channel><title>Notices</title>{items}</channel></rss>',
        encoding="utf-8",
    )
    status, out, _ = add(tmp_path, capsys, str(big))
    assert status == 0 and len(list(tmp_path.glob("*.md"))) == 25
    assert out.count("added: Notice ") == 10 and "added: Notice 10\n" in out
    assert out.endswith(f"… and 15 more, in {tmp_path}\n25 of the 25 entries in {big} added\n")


def test_a_front_page_without_an_article_names_the_feed_it_advertises(
    tmp_path: Path, capsys: Capsys
) -> None:
    """A site's front page is headlines and links, no article; its head names its feed, which
    lists the articles: the refusal says so, and adds nothing."""
    front = (b'<html><head><title>Mill River Gazette</title><link rel="alternate" '
             b'type="application/rss+xml" title="Gazette &raquo; Feed" href="/feed/"></head>'
             b"<body><nav><a href='/'>Home</a></nav></body></html>")  # fmt: skip
    with PageServer({"/": (200, "text/html", front)}) as server:
        status, out, err = add(tmp_path, capsys, server.url("/"))
    assert (status, out) == (2, "") and list(tmp_path.iterdir()) == []
    assert err == (
        f"error: no article text found on the page: {server.url('/')}; the page names its "
        f"feed, {server.url('/feed/')}: add that to add each of its articles\n"
    )


def test_damaged_feeds_add_what_they_hold_or_fail_in_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Feeds cut short or with bytes changed, each read as `add` reads it (no page fetched):
    articles that parse back, or one line saying why; never a traceback."""
    monkeypatch.setattr("bot.store.FEED_PAGES", 0)
    rng = random.Random(11)
    names = ["wordpress.xml", "medium.xml", "atom.xml", "wordpress-export.xml"]
    read = failed = 0
    for n in range(160):
        data = bytearray(feed(rng.choice(names), "https://example.org"))
        for _ in range(rng.randint(1, 10)):
            data[rng.randrange(len(data))] = rng.choice(b"<>/&\"' x\x00\xff")
        damaged = bytes(data[: rng.randint(len(data) // 3, len(data))])
        if sniff_kind(damaged) != "feed":
            continue
        folder = tmp_path / str(n)
        folder.mkdir()
        try:
            batch = store(damaged, "feed", folder, label="feed.xml")
        except AddError as error:
            assert "\n" not in str(error)
            failed += 1
            continue
        assert isinstance(batch, Batch)
        assert {a.title for a in load_corpus(folder).articles} == {
            added.article.title for added in batch.added
        }
        read += 1
    assert read > 50 and failed > 5, (read, failed)


async def test_a_feed_of_many_long_titled_entries_is_listed_by_its_first_ten_in_one_reply(
    telegram: FakeTelegram, start_bot: StartBot, tmp_path: Path
) -> None:
    await start_serving(start_bot, tmp_path, telegram)
    writer = "Maya Lind of the Mill River Gazette's harbour desk " * 4
    items = "".join(
        f"<item><title>Notice {n}: {'the ferry timetable changes again ' * 8}</title>"
        f"<link>https://example.org/{n}</link><dc:creator>{writer}</dc:creator>"
        f"<content:encoded>&lt;p&gt;The ferry timetable changes on day {n} of the month."
        "&lt;/p&gt;</content:encoded></item>"
        for n in range(1, 26)
    )
    data = (
        '<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/'
        'content/" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>Notices</title>'
        f"{items}</channel></rss>"
    ).encode()
    document = telegram.upload("notices.xml", data, "application/rss+xml")
    reply = await reply_to(telegram, telegram.private(ADMIN, document=document))
    lines = reply["text"].split("\n")
    assert lines[0] == "Added 25 of the 25 entries as articles:"
    for n, line in enumerate(lines[1:11], 1):  # title and writer shortened, never the count
        assert line.startswith(f"• Notice {n}: the ferry") and line.endswith("… (1 paragraph)")
    assert lines[11:] == ["… and 15 more", "Ask away."] and telegram.errors == []


async def test_a_feed_sent_in_telegram_cannot_send_the_bot_to_a_private_address(
    telegram: FakeTelegram,
    start_bot: StartBot,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The feed's host is taken for public (and served on 127.0.0.1); an entry linking to
    127.0.0.1 itself, as a feed written to reach the bot's network would, is refused as a
    link sent in the chat is: its page is never asked for, only counted."""
    await start_serving(start_bot, tmp_path, telegram)
    checked = fetch.check_public
    monkeypatch.setattr(fetch, "check_public", lambda url: (
        ipaddress.ip_address("127.0.0.1") if "gazette.example" in url else checked(url)
    ))  # fmt: skip
    with PageServer({}) as server:
        site = f"http://gazette.example:{server.port}"
        inside = feed("wordpress.xml", site).replace(
            f"{site}/2026/12/nycha/".encode(), server.url("/router/admin").encode()
        )
        server.routes["/feed/"] = (200, RSS, inside)
        server.routes["/router/admin"] = (200, "text/html", PAGE.read_bytes())
        reply = await reply_to(telegram, telegram.private(ADMIN, f"{site}/feed/"))
        assert "/router/admin" not in server.requests
    assert reply["text"] == (
        "Added 1 of the 3 entries as articles:\n"
        "• Old bridge to close for repairs — Maya Lind, Mill River Gazette (3 paragraphs)\n"
        "Left out: its page could not be read (2). Ask away."
        " I'll read the feed again every 6 hours for new entries (/feeds)."
    )
