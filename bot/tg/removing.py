"""Admins taking articles out of the folder from a private chat: what an "Added" reply of the
bot's named, or an article named by its file or title; served at once."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from html import escape

from telegram import Message, Update

from bot.corpus import Article
from bot.store import AddError, remove_added
from bot.tg import messages
from bot.tg.context import Context
from bot.tg.watch import reload_library


async def remove(update: Update, context: Context) -> None:
    """/remove in reply to an "Added" reply of the bot's, or /remove NAME or TITLE."""
    message = update.effective_message
    if message is None:
        return
    data = context.bot_data
    if data.folder is None:
        await message.reply_text(messages.ADD_UNAVAILABLE)
        return
    said = messages.extract_question(message.text or "", context.bot.username)
    titled = titled_as(said, data.library.articles)
    if len(titled) > 1:
        await message.reply_text(
            messages.REMOVE_WHICH.format(names=escape(messages.preview(", ".join(titled), 1000)))
        )
        return
    names = titled or said.split() or _added_by(message, context)
    if not names:
        await message.reply_text(messages.REMOVE_HOW)
        return
    try:
        removed = await asyncio.to_thread(remove_added, data.folder, names)
    except AddError as error:
        await message.reply_text(messages.REMOVE_FAILED.format(reason=escape(str(error))))
        return
    served = await reload_library(data, data.folder) if removed.removed else True
    await message.reply_text(messages.format_removed_html(removed, served))


def titled_as(said: str, articles: Sequence[Article]) -> list[str]:
    """The files of the articles whose title a /remove gives, as /sources lists them; when
    there are none, its words are file names, as an "Added" reply gives them."""
    title = " ".join(said.split()).casefold()
    return [a.source for a in articles if title and " ".join(a.title.split()).casefold() == title]


def _added_by(message: Message, context: Context) -> list[str]:
    """The files named by the "Added" reply this message replies to (none for another)."""
    replied = message.reply_to_message
    if replied is None or replied.from_user is None or replied.from_user.id != context.bot.id:
        return []
    return context.bot_data.answers.added_by(replied.chat_id, replied.message_id) or []
