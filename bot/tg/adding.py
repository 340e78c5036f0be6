"""Admins adding an article from a private chat: a link, a file, or a post forwarded from a
channel and replied to with /add; served at once."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import replace
from html import escape
from pathlib import Path

from telegram import (
    Chat,
    Message,
    MessageOrigin,
    MessageOriginChannel,
    MessageOriginChat,
    MessageOriginHiddenUser,
    MessageOriginUser,
    Update,
)
from telegram.error import TelegramError
from telegram.ext import filters

from bot.corpus import KIND_BY_SUFFIX
from bot.extract import Extracted, sniff_kind
from bot.markup import is_web_address
from bot.store import Added, AddError, Batch, add_article, store, store_post
from bot.tg import messages
from bot.tg.context import Context
from bot.tg.handlers import typing_if_slow
from bot.tg.watch import reload_library
from bot.tgexport import Poll, message_parts, post_article

logger = logging.getLogger(__name__)

FILE_LIMIT = 20_000_000  # bytes: the Bot API's getFile serves files up to 20 MB
_MIME_KINDS = (
    ("pdf", "pdf"), ("wordprocessingml", "docx"), ("msword", "doc"), ("mimearchive", "mhtml"),
    ("multipart/related", "mhtml"), ("webarchive", "webarchive"),
    ("opendocument.text", "odt"), ("rtf", "rtf"), ("epub", "epub"), ("html", "html"),
    ("message/rfc822", "eml"), ("ms-outlook", "msg"), ("mbox", "mbox"), ("rss+xml", "feed"),
    ("atom+xml", "feed"), ("feed+json", "feed"),
)  # fmt: skip

# Files of several articles, each added (the folder does not read them).
_BATCHES = {".mbox": "mbox", ".json": "telegram", ".xml": "feed", ".rss": "feed", ".atom": "feed"}


class OnlyLink(filters.MessageFilter):
    """A text message that is one web address and nothing else."""

    def filter(self, message: Message) -> bool:
        return only_address(message.text or "")


def only_address(text: str) -> bool:
    """Whether a text is one web address and nothing else."""
    text = text.strip()
    return " " not in text and "\n" not in text and is_web_address(text)


def document_kind(message: Message) -> str | None:
    """``html``, ``mhtml``, ``webarchive``, ``pdf``, ``docx``, ``doc``, ``odt``, ``rtf``,
    ``epub``, ``eml``, ``msg``, ``mbox``, ``telegram`` (a chat's export, ``result.json``) or
    ``feed`` (RSS or Atom) for a file the bot can add, by its name or MIME type."""
    document = message.document
    if document is None:
        return None
    suffix = "." + (document.file_name or "").rpartition(".")[2].lower()
    mime = (document.mime_type or "").lower()
    by_mime = (kind for part, kind in _MIME_KINDS if part in mime)
    return KIND_BY_SUFFIX.get(suffix) or _BATCHES.get(suffix) or next(by_mime, None)


async def add_link(update: Update, context: Context) -> None:
    """Add the article at the address an admin sent (never one on a private network)."""
    message = update.effective_message
    if message is None or message.text is None:
        return
    url = message.text.strip()
    await _add(message, context, lambda folder: add_article(url, folder, allow_private=False), url)


async def add_forwarded(update: Update, context: Context) -> None:
    """Add the post an admin forwarded from a channel (or a chat), replied to with /add:
    cited as its channel's and signer's words, at its address when the channel has one."""
    message = update.effective_message
    if message is None:
        return
    replied = message.reply_to_message
    if replied is None or replied.forward_origin is None:
        await message.reply_text(messages.ADD_HOW)
        return
    post = forwarded_post(replied, replied.forward_origin)
    label = f"the post forwarded from {post.site or post.author or 'someone'}"
    await _add(message, context, lambda folder: store_post(post, folder, label))


def forwarded_post(message: Message, origin: MessageOrigin) -> Extracted:
    """A forwarded message as an article: its words and their formatting, and whose they are
    by its origin (a channel's post has an address: ``https://t.me/NAME/ID``, or for a private
    channel's members ``https://t.me/c/ID/ID``)."""
    date = origin.date.date().isoformat()
    author, site, url, untitled = "", "", "", f"Message of {date}"
    if isinstance(origin, MessageOriginChannel):
        author, site = origin.author_signature or "", origin.chat.title or ""
        untitled = f"Post {origin.message_id}"
        url = post_address(origin.chat, origin.message_id)
    elif isinstance(origin, MessageOriginChat):
        author, site = origin.author_signature or "", origin.sender_chat.title or ""
    elif isinstance(origin, MessageOriginUser):
        author = origin.sender_user.full_name
    elif isinstance(origin, MessageOriginHiddenUser):
        author = origin.sender_user_name
    return post_article(_parts(message), untitled, author, site, date, url, _poll(message))


def channel_post(message: Message) -> Extracted:
    """A channel's own post as an article: its signer's and the channel's words, at its
    address; a post the channel forwarded from elsewhere is cited as its source's, at the
    source's address, else at the channel's post (an edit then finds its article again)."""
    chat, number = message.chat, message.message_id
    if message.forward_origin is not None:
        post = forwarded_post(message, message.forward_origin)
        return post if post.url else replace(post, url=post_address(chat, number))
    date = message.date.date().isoformat()
    site, url = chat.title or "", post_address(chat, number)
    signer = message.author_signature or ""
    return post_article(_parts(message), f"Post {number}", signer, site, date, url, _poll(message))


def post_address(chat: Chat, number: int) -> str:
    """A channel post's address: ``https://t.me/NAME/ID`` for a public channel, for a
    private one's members ``https://t.me/c/ID/ID``; "" for another chat's message."""
    if chat.username:
        return f"https://t.me/{chat.username}/{number}"
    if str(chat.id).startswith("-100"):
        return f"https://t.me/c/{str(chat.id)[4:]}/{number}"
    return ""


def _parts(message: Message) -> list[tuple[frozenset[str], str]]:
    """A message's text or caption in parts, with the kinds of formatting of each."""
    text = message.text or message.caption or ""
    entities = message.entities or message.caption_entities
    return message_parts(text, [(str(e.type), e.offset, e.length) for e in entities])


def _poll(message: Message) -> Poll | None:
    """A message's poll, its poster's words, or None."""
    if (poll := message.poll) is None:
        return None
    options = tuple(option.text for option in poll.options)
    return Poll(poll.question, options, poll.description or "")


async def add_file(update: Update, context: Context) -> None:
    """Add the article in a file an admin sent, cited at the address its caption gives."""
    message = update.effective_message
    if message is None or message.document is None:
        return
    kind, document = document_kind(message), message.document
    if kind is None:
        await message.reply_text(
            messages.ADD_FAILED.format(
                reason="send a web page (.html, .mhtml, .webarchive), a PDF, a Word, "
                "OpenDocument or RTF text (.docx, .doc, .odt, .rtf), an EPUB book (.epub), "
                "e-mails (.eml, .msg, .mbox), a Telegram channel's export (result.json) or an "
                "RSS or Atom feed (.xml)"
            )
        )
        return
    if (document.file_size or 0) > FILE_LIMIT:
        await message.reply_text(messages.ADD_FAILED.format(reason="the file is over 20 MB"))
        return
    # The caption is where the file was published, as `add --url` takes it: its quotes link
    # there. Any other caption is refused, not ignored: a mistyped address would be lost. A
    # forwarded file's caption is its poster's words, not the admin's: then only ignored.
    url = (message.caption or "").strip()
    if url and not only_address(url):
        if message.forward_origin is None:
            reason = "a file's caption must be only the http(s) address it was published at"
            await message.reply_text(messages.ADD_FAILED.format(reason=reason))
            return
        url = ""
    try:
        file = await document.get_file()
        data = bytes(await file.download_as_bytearray())
    except TelegramError as error:
        logger.warning("could not download a file to add: %s", error)
        await message.reply_text(messages.ADD_FAILED.format(reason="the file did not download"))
        return
    name = document.file_name or "file"
    sniffed = sniff_kind(data)
    if kind == "feed" and sniffed != "feed":  # another XML file: a sitemap, a spreadsheet's
        await message.reply_text(messages.ADD_FAILED.format(reason="not an RSS or Atom feed"))
        return
    kind = sniffed or kind  # what it holds: programs save RTF as ".doc"
    await _add(message, context, lambda folder: store(data, kind, folder, url, label=name))


async def _add(
    message: Message, context: Context, work: Callable[[Path], Added | Batch], url: str = ""
) -> None:
    """Run an addition in a worker thread, serve the folder again, and say what was added; a
    feed sent by its address (``url``) is followed from then on."""
    data = context.bot_data
    if data.folder is None:
        await message.reply_text(messages.ADD_UNAVAILABLE)
        return
    try:
        # A feed's pages, a large mailbox: an addition can take a minute; "typing…" says so.
        async with typing_if_slow(message):
            added = await asyncio.to_thread(work, data.folder)
    except AddError as error:
        # Shortened: a reason may repeat an address of thousands of characters.
        reason = escape(messages.preview(str(error), 500))
        await message.reply_text(messages.ADD_FAILED.format(reason=reason))
        return
    written = any(a.status != "unchanged" for a in _each(added))
    served = await reload_library(data, data.folder) if written else True
    if isinstance(added, Batch):
        text = messages.format_batch_html(added, served)
        hours = data.settings.follow_hours
        if url and added.listed and hours > 0:
            data.feeds.follow(url, message.chat_id, added.listed)
            text += messages.FOLLOWING.format(hours=messages.hours_text(hours))
        sent = await message.reply_text(text)
    else:
        sent = await message.reply_text(messages.format_added_html(added, served))
    files = [a.path.relative_to(data.folder).as_posix() for a in _each(added)]
    if files:  # /remove in reply to this reply takes them out again
        data.answers.added(sent.chat_id, sent.message_id, files)


def _each(added: Added | Batch) -> list[Added]:
    return added.added if isinstance(added, Batch) else [added]
