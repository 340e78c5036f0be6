"""Feeds an admin sends are followed by the bot: read again now and then, their new entries
added and the admin told, end to end against the fake Bot API and a page server."""

from __future__ import annotations

import ipaddress
import logging
import shutil
from datetime import datetime, timezone
from pathlib import Path

import pytest
from telegram.ext import Application

from bot import fetch
from bot.config import ConfigError, load_settings
from bot.library import open_library
from bot.tg import messages
from bot.tg.answers import AnswerStore
from bot.tg.followed import Feed
from bot.tg.following import read_feeds
from bot.tg.texts import ENGLISH
from tests.conftest import SEEDS, StartBot
from tests.fakes import FakeTelegram, PageServer
from tests.test_adding import ADMIN, OTHER, reply_to

RSS = "application/rss+xml; charset=UTF-8"
NOTICES = {
    "ferry": ("Ferry timetable", "The island ferry will run every hour from May."),
    "bridge": ("Bridge closed", "The old bridge closes on Monday for six weeks of repairs."),
    "market": ("Market moves", "The Saturday market moves to the harbour square in June."),
}


def feed(server: PageServer, *names: str) -> bytes:
    """A WordPress-like feed of full-text entries, newest first."""
    items = "".join(
        f"<item><title>{NOTICES[n][0]}</title><link>{server.url(f'/{n}/')}</link>"
        f"<dc:creator>Maya Lind</dc:creator><content:encoded>&lt;p&gt;{NOTICES[n][1]}&lt;/p&gt;"
        "</content:encoded></item>"
        for n in names
    )
    return (
        '<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/'
        'content/" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>Mill River '
        f"Gazette</title>{items}</channel></rss>"
    ).encode()


async def serving(
    start_bot: StartBot, tmp_path: Path, telegram: FakeTelegram, **settings: object
) -> tuple[Application, Path]:  # type: ignore[type-arg]
    telegram.opened.add(ADMIN)
    folder = Path(shutil.copytree(SEEDS, tmp_path / "corpus"))
    library, _ = open_library(folder, "memory", semantic="off")
    settings.setdefault("watch_seconds", 0)
    app = await start_bot(library, folder=folder, admin_ids=frozenset({ADMIN}), **settings)
    return app, folder


@pytest.fixture
def public(monkeypatch: pytest.MonkeyPatch) -> None:
    """The page server's host taken for a public one: the bot fetches nothing private."""
    monkeypatch.setattr(fetch, "check_public", lambda url: ipaddress.ip_address("127.0.0.1"))


@pytest.mark.usefixtures("public")
async def test_a_followed_feed_brings_its_new_entries_and_never_one_removed(
    telegram: FakeTelegram, start_bot: StartBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app, folder = await serving(start_bot, tmp_path, telegram)
    with PageServer({}) as server:
        server.routes["/feed/"] = (200, RSS, feed(server, "bridge", "ferry"))
        added = await reply_to(telegram, telegram.private(ADMIN, server.url("/feed/")))
        assert added["text"].startswith("Added 2 of the 2 entries as articles:\n• Bridge closed")
        assert added["text"].endswith(
            "Ask away. I'll read the feed again every 6 hours for new entries (/feeds)."
        )
        removed = await reply_to(telegram, telegram.private(ADMIN, "/remove Bridge closed"))
        assert removed["text"].startswith("Removed 1 article:")
        # A day later: a new entry on top; the one removed is still in the feed.
        server.routes["/feed/"] = (200, RSS, feed(server, "market", "bridge", "ferry"))
        before = len(telegram.sent)
        await read_feeds(app.bot_data, folder, app.bot)
        (news,) = telegram.sent[before:]
        assert news["chat"]["id"] == ADMIN
        assert news["text"] == (
            f"From the feed {server.url('/feed/')}, 1 new article:\n"
            "• Market moves — Maya Lind, Mill River Gazette (1 paragraph)"
        )
        assert not (folder / "bridge-closed.md").exists()
        answer = await reply_to(telegram, telegram.private(OTHER, "Where does the market move?"))
        assert "harbour square in June" in answer["text"]
        # Nothing new: nothing said, nothing written again.
        saved = {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}
        await read_feeds(app.bot_data, folder, app.bot)
        assert len(telegram.sent) == before + 2
        assert {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()} == saved
        # The feed corrects an entry: its article is updated, and the admin told.
        edit = ("Ferry timetable", "The island ferry will run every half hour from May.")
        monkeypatch.setitem(NOTICES, "ferry", edit)
        server.routes["/feed/"] = (200, RSS, feed(server, "market", "bridge", "ferry"))
        await read_feeds(app.bot_data, folder, app.bot)
        (update,) = telegram.sent[before + 2 :]
        assert update["text"] == (
            f"From the feed {server.url('/feed/')}, 1 updated:\n"
            "• Ferry timetable — Maya Lind, Mill River Gazette (1 paragraph)"
        )
        assert "every half hour" in (folder / "ferry-timetable.md").read_text("utf-8")
        before += 1
        listed = await reply_to(telegram, telegram.private(ADMIN, "/feeds"))
        assert listed["text"].startswith(
            "Feeds I read again every 6 hours (/unfollow N stops one; its articles stay):\n"
            f"1. {server.url('/feed/')}: 1 new article since "
        )
        assert "; last read " in listed["text"] and "not read" not in listed["text"]
        # The news can be taken back as an addition can.
        gone = await reply_to(telegram, telegram.private(ADMIN, "/remove", reply_to=news))
        assert gone["text"].startswith("Removed 1 article:\n• Market moves")
        server.routes["/feed/"] = (500, "text/html", b"down")
        await read_feeds(app.bot_data, folder, app.bot)
        assert len(telegram.sent) == before + 4  # the two replies above, no news
    listed = await reply_to(telegram, telegram.private(ADMIN, "/feeds"))
    assert listed["text"].endswith(
        f"and not read: the server answered 500 for {server.url('/feed/')}"
    )
    stopped = await reply_to(telegram, telegram.private(ADMIN, "/unfollow 1"))
    assert stopped["text"] == messages.UNFOLLOWED.format(url=server.url("/feed/"))
    none = await reply_to(telegram, telegram.private(ADMIN, "/feeds"))
    assert none["text"].startswith("I follow no feed.")
    how = await reply_to(telegram, telegram.private(ADMIN, "/unfollow 1"))
    assert how["text"] == messages.UNFOLLOW_HOW
    other = await reply_to(telegram, telegram.private(OTHER, "/feeds"))
    assert other["text"] == ENGLISH.unknown_command and telegram.errors == []


@pytest.mark.usefixtures("public")
async def test_an_entry_whose_page_could_not_be_read_is_tried_again_next_time(
    telegram: FakeTelegram, start_bot: StartBot, tmp_path: Path
) -> None:
    app, folder = await serving(start_bot, tmp_path, telegram)
    with PageServer({}) as server:
        excerpt = f"<item><title>Library hours</title><link>{server.url('/library/')}</link>"
        excerpt += "<description>From January the library [&#8230;]</description></item>"
        server.routes["/feed/"] = (200, RSS, feed(server, "ferry").replace(
            b"</channel>", excerpt.encode() + b"</channel>"))  # fmt: skip
        added = await reply_to(telegram, telegram.private(ADMIN, server.url("/feed/")))
        assert "Left out: its page could not be read (1)." in added["text"]
        server.routes["/library/"] = (200, "text/html", (
            b"<html><head><title>Library hours</title></head><body><article><p>From January "
            b"the library opens at ten on weekdays.</p></article></body></html>"))  # fmt: skip
        before = len(telegram.sent)
        await read_feeds(app.bot_data, folder, app.bot)
        (news,) = telegram.sent[before:]
        assert news["text"].endswith("\n• Library hours — Mill River Gazette (1 paragraph)")
        await read_feeds(app.bot_data, folder, app.bot)  # now listed, and added: never again
        assert len(telegram.sent) == before + 1 and telegram.errors == []


@pytest.mark.usefixtures("public")
async def test_the_bot_reads_its_feeds_again_on_its_own_and_not_when_told_never(
    telegram: FakeTelegram, start_bot: StartBot, tmp_path: Path
) -> None:
    await serving(start_bot, tmp_path, telegram, follow_hours=0.0003)  # about a second
    with PageServer({}) as server:
        server.routes["/feed/"] = (200, RSS, feed(server, "ferry"))
        added = await reply_to(telegram, telegram.private(ADMIN, server.url("/feed/")))
        assert added["text"].endswith("every 0.0003 hours for new entries (/feeds).")
        server.routes["/feed/"] = (200, RSS, feed(server, "market", "ferry"))
        news = await telegram.wait_for(
            lambda: [m for m in telegram.after(added) if "new article" in m["text"]], timeout=20
        )
    assert news[0]["text"].startswith(f"From the feed {server.url('/feed/')}, 1 new article:")
    assert telegram.errors == []


@pytest.mark.usefixtures("public")
async def test_feeds_followed_and_what_was_added_are_kept_across_a_restart(
    telegram: FakeTelegram, start_bot: StartBot, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    store = tmp_path / "answers.sqlite3"
    app, folder = await serving(start_bot, tmp_path, telegram, answers=AnswerStore(store))
    with PageServer({}) as server:
        server.routes["/feed/"] = (200, RSS, feed(server, "ferry", "bridge"))
        added = await reply_to(telegram, telegram.private(ADMIN, server.url("/feed/")))
    assert app.updater is not None
    await app.updater.stop()
    await app.stop()
    await app.shutdown()
    library, _ = open_library(folder, "memory", semantic="off")
    with caplog.at_level(logging.INFO):
        await start_bot(library, folder=folder, admin_ids=frozenset({ADMIN}), watch_seconds=0,
                        answers=AnswerStore(store))  # fmt: skip
    listed = await reply_to(telegram, telegram.private(ADMIN, "/feeds"))
    assert f"1. {server.url('/feed/')}: 0 new articles since " in listed["text"]
    assert "paragraphs as @QuoteTestBot; following 1 feed" in caplog.text
    removed = await reply_to(telegram, telegram.private(ADMIN, "/remove", reply_to=added))
    assert removed["text"].startswith("Removed 2 articles:") and telegram.errors == []


@pytest.mark.usefixtures("public")
async def test_a_feed_is_not_followed_when_following_is_off(
    telegram: FakeTelegram, start_bot: StartBot, tmp_path: Path
) -> None:
    app, _ = await serving(start_bot, tmp_path, telegram, follow_hours=0)
    with PageServer({}) as server:
        server.routes["/feed/"] = (200, RSS, feed(server, "ferry"))
        added = await reply_to(telegram, telegram.private(ADMIN, server.url("/feed/")))
    assert added["text"].endswith("Ask away.") and app.bot_data.follower is None
    listed = await reply_to(telegram, telegram.private(ADMIN, "/feeds"))
    assert listed["text"].startswith("I follow no feed.")


@pytest.mark.parametrize("value", ["soon", "-1", "inf", "nan"])
def test_a_malformed_follow_interval_is_refused_by_name(value: str) -> None:
    with pytest.raises(ConfigError, match="BOT_FOLLOW_HOURS must be a number of hours"):
        load_settings({"BOT_FOLLOW_HOURS": value})
    assert load_settings({"BOT_FOLLOW_HOURS": "0.5"}).follow_hours == 0.5


def test_a_feed_is_due_hours_after_it_was_last_read_or_sent_whatever_restarts_came_between() -> (
    None
):
    now = datetime(2026, 12, 7, 21, 0, tzinfo=timezone.utc)
    sent = Feed("https://example.org/feed/", ADMIN, frozenset(), "2026-12-07T14:30:00+00:00",
                "", 0, "")  # fmt: skip
    assert sent.due(6, now) and not sent.due(7, now)
    read = sent._replace(checked="2026-12-07T16:00:00+00:00")
    assert not read.due(6, now) and read.due(5, now)
