"""Admins taking articles out of the folder from a private chat: what an "Added" reply of the
bot's named, or an article named by its file or title; served at once."""

from __future__ import annotations

import asyncio
from html import escape

from telegram import Message, Update

from bot.store import AddError, at_addresses, remove_added, titled_as
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
    addressed = at_addresses(said, data.library.articles)
    names = titled or addressed or said.split() or _added_by(message, context)
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


def _added_by(message: Message, context: Context) -> list[str]:
    """The files named by the "Added" reply this message replies to (none for another)."""
    replied = message.reply_to_message
    if replied is None or replied.from_user is None or replied.from_user.id != context.bot.id:
        return []
    return context.bot_data.answers.added_by(replied.chat_id, replied.message_id) or []
