"""The feeds admins sent, followed by ``serve``: every ``BOT_FOLLOW_HOURS`` each is read again
and its new entries added, as ``add FEED`` from cron does at a terminal, and the admin who
sent it is told what came."""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime, timezone
from html import escape
from pathlib import Path

from telegram import Bot, Update
from telegram.error import TelegramError

from bot.store import AddError, Batch, read_source, store_feed
from bot.tg import messages
from bot.tg.context import BotData, Context
from bot.tg.followed import Feed
from bot.tg.watch import reload_library

logger = logging.getLogger(__name__)

LOOK_EVERY = 600.0  # seconds between looks for feeds due to be read again


async def follow_feeds(data: BotData, folder: Path, bot: Bot) -> None:
    """Read each followed feed again ``follow_hours`` after it was last read, for as long as
    the bot runs; looked at every ten minutes at most, so a restart does not put it off."""
    hours = data.settings.follow_hours
    while True:
        await asyncio.sleep(min(hours * 3600, LOOK_EVERY))
        now = datetime.now(timezone.utc)
        try:
            await read_feeds(
                data, folder, bot, [f for f in data.feeds.feeds() if f.due(hours, now)]
            )
        except Exception:  # one bad turn must not end the following
            logger.exception("reading the followed feeds failed; trying again next time")


async def read_feeds(
    data: BotData, folder: Path, bot: Bot, feeds: list[Feed] | None = None
) -> None:
    """Add the new entries of ``feeds`` (all followed ones by default), serve them, then tell
    whoever sent each feed."""
    news: list[tuple[Feed, Batch]] = []
    for feed in data.feeds.feeds() if feeds is None else feeds:
        try:
            batch = await asyncio.to_thread(_new_entries, feed, folder)
        except AddError as error:
            logger.warning("a followed feed could not be read: %s (%s)", feed.url, error)
            data.feeds.read(feed.url, None, str(error))
            continue
        data.feeds.read(feed.url, batch)
        if batch.added:
            news.append((feed, batch))
    if not news:
        return
    served = await reload_library(data, folder)
    for feed, batch in news:
        logger.info("a followed feed brought %d articles", len(batch.added))
        try:
            sent = await bot.send_message(
                feed.chat, messages.format_news_html(feed.url, batch, served)
            )
        except TelegramError as error:  # the admin blocked the bot: the articles are in
            logger.warning("could not tell %d of a feed's new articles: %s", feed.chat, error)
            continue
        files = [a.path.relative_to(folder).as_posix() for a in batch.added]
        data.answers.added(sent.chat_id, sent.message_id, files)  # /remove in reply to it


def _new_entries(feed: Feed, folder: Path) -> Batch:
    """The feed's entries it did not list when last read, added; never on a private network."""
    data, kind, fetched = read_source(feed.url, allow_private=False)
    if kind != "feed":
        raise AddError(f"no longer a feed ({kind or 'unknown content'})")
    address = fetched or feed.url
    return store_feed(data, folder, address, feed.url, allow_private=False, seen=feed.seen)


async def list_feeds(update: Update, context: Context) -> None:
    """/feeds: the feeds followed, what they brought, and how to stop one."""
    message = update.effective_message
    if message is not None:
        data = context.bot_data
        await message.reply_text(
            messages.format_feeds_html(data.feeds.feeds(), data.settings.follow_hours)
        )


async def unfollow(update: Update, context: Context) -> None:
    """/unfollow N or ADDRESS: stop following a feed; its articles stay."""
    message = update.effective_message
    if message is None:
        return
    said = messages.extract_question(message.text or "", context.bot.username)
    feeds = context.bot_data.feeds.feeds()
    number = int(said) if said.isdigit() else 0
    url = feeds[number - 1].url if 0 < number <= len(feeds) else said
    if url and context.bot_data.feeds.unfollow(url):
        await message.reply_text(messages.UNFOLLOWED.format(url=escape(url)))
    else:
        await message.reply_text(messages.UNFOLLOW_HOW)
