"""Telegram handlers: thin adapters from updates to searches and rendered quotes."""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Coroutine
from typing import Any

from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InlineQueryResultsButton,
    InputTextMessageContent,
    Message,
    Update,
)
from telegram.constants import ChatAction, ChatType
from telegram.error import BadRequest, TelegramError
from telegram.ext import ContextTypes, filters

from bot import messages
from bot.config import Settings
from bot.index import Hit, Library
from bot.keyboards import answer_keyboard, context_keyboard, parse_press
from bot.text import tokenize
from bot.throttle import Verdict

logger = logging.getLogger(__name__)

INLINE_PAGE = 10
INLINE_MAX = 50  # Telegram's cap on results in one answer
INLINE_CACHE_SECONDS = 300
Handler = Callable[[Update, ContextTypes.DEFAULT_TYPE], Coroutine[Any, Any, None]]


def _library(context: ContextTypes.DEFAULT_TYPE) -> Library:
    library: Library = context.bot_data["library"]
    return library


def is_allowed(update: Update, settings: Settings) -> bool:
    """Everyone when no ids are listed; otherwise a listed user, or anyone in a listed chat."""
    if not settings.allowed_ids:
        return True
    ids = {x.id for x in (update.effective_user, update.effective_chat) if x is not None}
    return bool(ids & settings.allowed_ids)


def restricted(handler: Handler) -> Handler:
    """Give users outside BOT_ALLOWED_IDS one fixed refusal instead of running ``handler``."""

    @functools.wraps(handler)
    async def guarded(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        if is_allowed(update, context.bot_data["settings"]):
            await handler(update, context)
        elif update.callback_query:
            await update.callback_query.answer(messages.REFUSED, show_alert=True)
        elif update.inline_query:
            button = InlineQueryResultsButton(text=messages.REFUSED, start_parameter="private")
            await update.inline_query.answer([], button=button, cache_time=0, is_personal=True)
        elif update.effective_message:
            await update.effective_message.reply_text(messages.REFUSED)

    return guarded


class AddressedToBot(filters.MessageFilter):
    """Group messages meant for the bot: ones that mention it, or replies to its messages."""

    def filter(self, message: Message) -> bool:
        bot = message.get_bot()
        replied = message.reply_to_message
        if replied and replied.from_user and replied.from_user.id == bot.id:
            return True
        mention = f"@{bot.username}".casefold()
        return any(
            text.casefold() == mention for text in message.parse_entities(["mention"]).values()
        )


@restricted
async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Say what the bot is: it only quotes its sources."""
    if update.effective_message:
        await update.effective_message.reply_text(messages.START)


@restricted
async def help_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """List the commands and how to ask."""
    if update.effective_message:
        await update.effective_message.reply_text(messages.HELP)


@restricted
async def sources(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """List the articles with titles, publishers and links."""
    if update.effective_message:
        text = messages.format_sources_html(_library(context).articles)
        await update.effective_message.reply_text(text)


@restricted
async def ask(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Answer a question: any private text, /ask, or a group message addressed to the bot."""
    message = update.effective_message
    if message is None or message.text is None:
        return
    user = update.effective_user
    verdict = await context.bot_data["throttle"].check(user.id if user else message.chat.id)
    if verdict is Verdict.WARN:
        await message.reply_text(messages.SLOW_DOWN, do_quote=True)
    if verdict is not Verdict.ANSWER:
        return
    question = messages.extract_question(message.text, context.bot.username)
    if not tokenize(question):
        await message.reply_text(messages.NO_WORDS, do_quote=True)
        return
    await _show_typing(message)
    hits = _library(context).search(question, top=messages.PAGE_SIZE + 1)
    if not hits:
        await message.reply_text(messages.NO_MATCH, do_quote=True)
        return
    text, shown = messages.format_answer_html(hits[: messages.PAGE_SIZE])
    keyboard = answer_keyboard(0, shown, len(hits) > shown, hits[0].passage, messages.PAGE_SIZE)
    await message.reply_text(text, reply_markup=keyboard, do_quote=True)


async def _show_typing(message: Message) -> None:
    try:
        await message.chat.send_action(ChatAction.TYPING)
    except TelegramError as error:  # only a courtesy: never let it cost the answer
        logger.info("typing indicator failed: %s", error)


@restricted
async def button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Turn the page of an answer, or show the paragraphs around its top quote."""
    query = update.callback_query
    if query is None:
        return
    press = parse_press(query.data)
    shown = query.message if isinstance(query.message, Message) else None
    original = shown.reply_to_message if shown else None
    asked = (original.text or original.caption or "") if original else ""
    question = messages.extract_question(asked, context.bot.username)
    start = press.start if press else 0
    limit = min(start + messages.PAGE_SIZE + 1, messages.MAX_QUOTES)
    hits = _library(context).search(question, top=limit) if question else []
    if press is None or not hits[start:]:
        await query.answer(messages.EXPIRED)
        return
    await query.answer()
    text, markup = _view(press.view, start, hits, _library(context))
    try:
        await query.edit_message_text(text, reply_markup=markup)
    except BadRequest as error:
        if "not modified" not in str(error):  # a double tap on the same button
            raise


def _view(
    view: str, start: int, hits: list[Hit], library: Library
) -> tuple[str, InlineKeyboardMarkup]:
    top = hits[start]
    if view == "context":
        around = library.engine.around(top.passage, radius=1)
        text = messages.format_context_html(around, top.passage, top.matched)
        return text, context_keyboard(start, top.passage)
    text, shown = messages.format_answer_html(hits[start : start + messages.PAGE_SIZE])
    more = len(hits) > start + shown
    return text, answer_keyboard(start, shown, more, top.passage, messages.PAGE_SIZE)


@restricted
async def inline_query(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Offer quotes to send into any chat; the sources when the query is empty."""
    query = update.inline_query
    if query is None:
        return
    text = query.query.strip()
    if not text:
        await query.answer(_source_results(context), cache_time=INLINE_CACHE_SECONDS)
        return
    offset = int(query.offset) if query.offset.isdigit() else 0
    hits = _library(context).search(text, top=INLINE_MAX)
    page = hits[offset : offset + INLINE_PAGE]
    more = offset + INLINE_PAGE < len(hits)
    button = None
    if not hits:
        button = InlineQueryResultsButton(text="No passage matches · help", start_parameter="help")
    await query.answer(
        [_quote_result(h) for h in page],
        next_offset=str(offset + INLINE_PAGE) if more else "",
        button=button,
        cache_time=INLINE_CACHE_SECONDS,
        is_personal=bool(context.bot_data["settings"].allowed_ids),
    )


def _quote_result(hit: Hit) -> InlineQueryResultArticle:
    passage, article = hit.passage, hit.passage.article
    text, _ = messages.format_answer_html([hit])
    link = None
    if article.url:
        link = InlineKeyboardMarkup([[InlineKeyboardButton("Source ↗", url=article.url)]])
    return InlineQueryResultArticle(
        id=f"q{hit.rank}",
        title=messages.preview(f"{article.title} · ¶{passage.number}", 60),
        description=messages.preview(passage.text, 120),
        input_message_content=InputTextMessageContent(text),
        reply_markup=link,
    )


def _source_results(context: ContextTypes.DEFAULT_TYPE) -> list[InlineQueryResultArticle]:
    articles = list(_library(context).articles)[:INLINE_MAX]
    return [
        InlineQueryResultArticle(
            id=f"s{i}",
            title=messages.preview(article.title, 60),
            description=messages.preview(f"{article.author} · type a question to quote it", 120),
            input_message_content=InputTextMessageContent(messages.format_sources_html([article])),
        )
        for i, article in enumerate(articles)
    ]


@restricted
async def unsupported(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Stickers, photos, voice and other non-text messages in a private chat."""
    if update.effective_message:
        await update.effective_message.reply_text(messages.UNSUPPORTED)


async def unknown_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Short help for commands we do not have; silent on group commands for other bots."""
    message = update.effective_message
    if message is None or message.text is None:
        return
    target = message.text.split()[0].partition("@")[2]
    if (
        message.chat.type != ChatType.PRIVATE
        and target.casefold() != (context.bot.username or "").casefold()
    ):
        return
    if is_allowed(update, context.bot_data["settings"]):
        await message.reply_text(messages.UNKNOWN_COMMAND)
    else:
        await message.reply_text(messages.REFUSED)


async def report_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log the failure (never the message text) and tell the user; the bot keeps serving."""
    update_id = update.update_id if isinstance(update, Update) else None
    logger.error("update %s failed", update_id, exc_info=context.error)
    if isinstance(update, Update) and update.effective_message and not update.callback_query:
        try:
            await update.effective_message.reply_text(messages.ERROR)
        except TelegramError as error:
            logger.error("could not tell the user about the failure: %s", error)
