"""The channels the bot archives (``BOT_CHANNEL_IDS``, the bot one of their admins): each post
with text becomes an article as it is published, and an edit updates it."""

from __future__ import annotations

import asyncio
import logging

from telegram import Update

from bot.store import AddError, store_post
from bot.tg.adding import channel_post
from bot.tg.context import Context
from bot.tg.watch import reload_library

logger = logging.getLogger(__name__)


async def archive_post(update: Update, context: Context) -> None:
    """Store a listed channel's new or edited post as an article and serve it."""
    message = update.effective_message
    data = context.bot_data
    if message is None or data.folder is None:
        return
    post = channel_post(message)
    label = f"post {message.message_id} of channel {message.chat_id}"
    try:
        added = await asyncio.to_thread(store_post, post, data.folder, label)
    except AddError as error:  # a picture, a sticker: nothing to quote
        logger.info("not archived: %s", error)
        return
    if added.status == "unchanged":  # an edit of its buttons or link preview only
        logger.info("%s unchanged in %s", label, added.path.name)
        return
    await reload_library(data, data.folder)
    logger.info("archived %s as %s", label, added.path.name)


async def unlisted_post(update: Update, context: Context) -> None:
    """A post of a channel the bot is an admin of but was not asked to archive: say how to."""
    chat = update.effective_chat
    if chat is not None:
        logger.info(
            "a post of channel %d, not archived: add the id to BOT_CHANNEL_IDS to archive its "
            "posts",
            chat.id,
        )
