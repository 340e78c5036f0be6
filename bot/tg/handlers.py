"""Telegram handlers: thin adapters from updates to searches and rendered quotes."""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
from collections.abc import AsyncIterator, Callable, Coroutine
from typing import Any

from telegram import (
    CallbackQuery,
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InlineQueryResultsButton,
    InputTextMessageContent,
    Message,
    Update,
)
from telegram.constants import ChatAction, ChatType
from telegram.error import BadRequest, TelegramError
from telegram.ext import filters

from bot.config import Settings
from bot.render import shown_text
from bot.search import Answer, Hit, Library, asks
from bot.smalltalk import asks_for_more
from bot.tg import messages
from bot.tg.answers import Asked
from bot.tg.context import Context
from bot.tg.keyboards import (
    answer_keyboard,
    context_keyboard,
    parse_press,
    source_button,
    sources_keyboard,
)
from bot.tg.texts import Texts, texts_for

logger = logging.getLogger(__name__)

INLINE_PAGE = 10
INLINE_MAX = 50  # Telegram's cap on results in one answer
INLINE_CACHE_SECONDS = 300
TYPING_AFTER = 0.3  # seconds: quicker answers need no "typing…" (one Bot API call saved)
TYPING_REPEAT = 4.5  # Telegram shows the action for 5 s
QUESTION_GONE = "to be replied not found"  # Telegram's refusal of a reply to a deleted message
Handler = Callable[[Update, Context], Coroutine[Any, Any, None]]


def texts_of(update: Update) -> Texts:
    """The fixed texts in the language of the user's Telegram app (English when unknown)."""
    user = update.effective_user
    return texts_for(user.language_code if user is not None else None)


def is_allowed(update: Update, settings: Settings) -> bool:
    """Everyone when no ids are listed; otherwise a listed user, or anyone in a listed chat."""
    if not settings.allowed_ids:
        return True
    ids = {x.id for x in (update.effective_user, update.effective_chat) if x is not None}
    return bool(ids & settings.allowed_ids)


def restricted(handler: Handler) -> Handler:
    """Give users outside BOT_ALLOWED_IDS one fixed refusal instead of running ``handler``."""

    @functools.wraps(handler)
    async def guarded(update: Update, context: Context) -> None:
        if is_allowed(update, context.bot_data.settings):
            await handler(update, context)
            return
        refused = texts_of(update).refused
        if update.callback_query:
            await update.callback_query.answer(refused, show_alert=True)
        elif update.inline_query:
            button = InlineQueryResultsButton(text=refused, start_parameter="private")
            await update.inline_query.answer([], button=button, cache_time=0, is_personal=True)
        elif update.effective_message:
            await update.effective_message.reply_text(refused)

    return guarded


class SentViaBot(filters.MessageFilter):
    """A quote someone chose from this bot's inline results: it arrives like a message (in a
    group even under privacy mode), but it is the bot's answer, not a question."""

    def filter(self, message: Message) -> bool:
        return message.via_bot is not None and message.via_bot.id == message.get_bot().id


class AddressedToBot(filters.MessageFilter):
    """Group messages meant for the bot: ones that mention it (in their text or a photo's
    caption), or replies to its messages."""

    def filter(self, message: Message) -> bool:
        bot = message.get_bot()
        replied = message.reply_to_message
        if replied and replied.from_user and replied.from_user.id == bot.id:
            return True
        mention = f"@{bot.username}".casefold()
        mentions = [
            *message.parse_entities(["mention"]).values(),
            *message.parse_caption_entities(["mention"]).values(),
        ]
        return any(text.casefold() == mention for text in mentions)


def asked_text(message: Message) -> str | None:
    """What a message says: its text, or the caption of its photo or video (a channel post
    forwarded with its picture asks as the same post without it would)."""
    return message.text if message.text is not None else message.caption


@restricted
async def start(update: Update, context: Context) -> None:
    """Say what the bot is: it only quotes its sources; or, opened from the "help" button of
    an inline search that found nothing (``/start help``), how to ask."""
    if context.args == ["help"]:
        await _send_help(update, context)
    elif update.effective_message:
        texts = texts_of(update)
        status = messages.format_status(texts, context.bot_data.embedding)
        await update.effective_message.reply_text(texts.start + status)


@restricted
async def help_command(update: Update, context: Context) -> None:
    """List the commands and how to ask."""
    await _send_help(update, context)


async def _send_help(update: Update, context: Context) -> None:
    message = update.effective_message
    if message:
        bot, data = context.bot, context.bot_data
        admin = (
            message.chat.type == ChatType.PRIVATE
            and data.folder is not None
            and message.chat_id in data.settings.admin_ids
        )
        help_text = messages.format_help(
            texts_of(update), bot.username, bot.can_read_all_group_messages, admin
        )
        await message.reply_text(help_text)


@restricted
async def sources(update: Update, context: Context) -> None:
    """List the articles with titles, publishers and links, a page at a time."""
    if update.effective_message:
        text, keyboard = _sources_page(0, context, texts_of(update))
        if text is not None:
            await update.effective_message.reply_text(text, reply_markup=keyboard)


def _sources_page(
    page: int, context: Context, texts: Texts
) -> tuple[str | None, InlineKeyboardMarkup | None]:
    """One page of /sources with the search's status and the buttons to the others; no text
    for a page the list does not have (now)."""
    status = messages.format_status(texts, context.bot_data.embedding)
    articles = list(context.bot_data.library.articles)
    pages = messages.format_sources_html(texts, articles, room=messages.visible_length(status))
    if page >= len(pages):
        return None, None
    return pages[page] + status, sources_keyboard(page, len(pages), texts)


@restricted
async def ask(update: Update, context: Context) -> None:
    """Answer a question: any private text, /ask, or a group message addressed to the bot."""
    await _answer_in_turn(update, context)


@restricted
async def ask_again(update: Update, context: Context) -> None:
    """Answer an edited question in place: the bot's reply to it is edited to answer the new
    text, so a corrected typo gets its answer and the chat keeps one answer per question."""
    await _answer_in_turn(update, context, edited=True)


async def _answer_in_turn(update: Update, context: Context, edited: bool = False) -> None:
    message = update.effective_message
    if message is None or asked_text(message) is None:
        return
    data, texts = context.bot_data, texts_of(update)
    user = update.effective_user.id if update.effective_user else message.chat.id
    if not data.throttle.admit(user):
        return  # counted; the user hears how many once their backlog is answered
    try:
        async with data.throttle.turn(message.chat.id), typing_if_slow(message):
            await _reply(message, context, texts, edited)
    finally:
        if skipped := data.throttle.finish(user):
            text = texts.skipped.format(limit=data.throttle.pending, count=skipped)
            await message.reply_text(text)


async def _reply(message: Message, context: Context, texts: Texts, edited: bool) -> None:
    question = messages.extract_question(asked_text(message) or "", context.bot.username)
    question = question or _replied_words(message, context.bot.id)
    # In a worker thread: embedding the question takes ~16 ms in C (ctypes frees the GIL), and
    # the event loop keeps serving other chats meanwhile.
    library, store = context.bot_data.library, context.bot_data.answers
    earlier = store.reply_to(message.chat.id, message.message_id) if edited else None
    replied = _replied_answer(message, context)
    before = None if replied is None else store.recall(message.chat.id, replied)
    if replied is not None and before is not None and asks_for_more(question):
        await _more(message, context, texts, replied, before, earlier)
        return
    asked = _followed_up(message, question, before)
    answer = await asyncio.to_thread(
        library.answer, question, messages.PAGE_SIZE + 1, asked.earlier, asked.quoted, asked.thread
    )
    keyboard = None
    if answer.miss is not None:
        if _chatter(message, question, asked):
            return
        text = messages.format_miss_html(texts, answer.miss, answer.unsaid)
    else:
        hits = answer.hits
        text, shown = messages.format_answer_html(
            hits[: messages.PAGE_SIZE], texts, answer.read_as, answer.unsaid
        )
        more = len(hits) > shown
        keyboard = answer_keyboard(0, shown, more, hits[0].passage, messages.PAGE_SIZE, texts)
    sent = await _send_or_edit(message, context, text, keyboard, earlier)
    store.replied(message.chat.id, message.message_id, sent)
    if answer.miss is None:
        store.remember(message.chat.id, sent, asked)
    elif earlier is not None:
        store.forget(message.chat.id, sent)


async def _more(
    message: Message,
    context: Context,
    texts: Texts,
    replied: int,
    before: Asked,
    earlier: int | None,
) -> None:
    """The next quotes of the answer ``message`` replies to (``replied``, answering
    ``before``), asked for in words ("more", "ещё") and shown as its "More quotes" button
    would show them, in a reply of their own."""
    library, store, chat = context.bot_data.library, context.bot_data.answers, message.chat.id
    start = store.shown_from(chat, replied)
    limit = min(start + 2 * messages.PAGE_SIZE + 1, messages.MAX_QUOTES)
    answer = await asyncio.to_thread(
        library.answer, before.question, limit, before.earlier, before.quoted, before.thread
    )
    # What the replied answer shows now, counted as it was shown: the quotes after it follow.
    page = answer.hits[start : start + messages.PAGE_SIZE]
    shown = (
        messages.format_answer_html(page, texts, answer.read_as, answer.unsaid)[1] if page else 0
    )
    following = start + shown
    if answer.hits[following:]:
        text, keyboard = _view("page", following, answer, library, texts)
    else:
        text, keyboard = texts.no_more, None
    sent = await _send_or_edit(message, context, text, keyboard, earlier)
    store.replied(chat, message.message_id, sent)
    if keyboard is not None:
        store.remember(chat, sent, before, start=following)


async def _send_or_edit(
    message: Message,
    context: Context,
    text: str,
    keyboard: InlineKeyboardMarkup | None,
    earlier: int | None,
) -> int:
    """The id of the reply now answering ``message``: ``earlier`` edited to say ``text``, or
    a new reply when there is none or it is gone (the user deleted it)."""
    if earlier is not None:
        try:
            await context.bot.edit_message_text(
                text, chat_id=message.chat.id, message_id=earlier, reply_markup=keyboard
            )
            return earlier
        except BadRequest as error:
            if "not modified" in str(error):  # edited to a question with the same answer
                return earlier
            logger.info("reply to an edited question not edited, sent anew: %s", error)
    sent = await message.reply_text(text, reply_markup=keyboard, do_quote=True)
    return sent.message_id


def _chatter(message: Message, question: str, asked: Asked) -> bool:
    """Whether an unanswered message is talk, not a question for the bot: in a group, a plain
    reply to an answer that asks nothing ("thanks!", "lol"). The bot stays silent there; a
    command or a mention, or any private message, still gets its fixed reply."""
    plain = question == (asked_text(message) or "").strip()  # no command or mention taken off
    group = message.chat.type != ChatType.PRIVATE
    return group and plain and bool(asked.earlier) and not asks(question)


def _replied_words(message: Message, bot_id: int) -> str:
    """What a bare ``/ask`` (or mention) asks when it replies to someone's message: the part
    it quotes (Telegram's quote reply), else that message's text or caption, so a claim made
    in a group gets the sources' words without being typed again. Under the bot's own
    messages it asks nothing: a reply there is a follow-up, and needs words of its own."""
    replied = message.reply_to_message
    if replied is not None and replied.from_user is not None and replied.from_user.id == bot_id:
        return ""
    if message.quote is not None:  # also a part of a message in another chat
        return message.quote.text
    return (asked_text(replied) or "").strip() if replied is not None else ""


def _replied_answer(message: Message, context: Context) -> int | None:
    """The id of the bot's message that ``message`` replies to, if it replies to one."""
    replied = message.reply_to_message
    if replied is None or replied.from_user is None or replied.from_user.id != context.bot.id:
        return None
    return replied.message_id


def _followed_up(message: Message, question: str, before: Asked | None) -> Asked:
    """What ``message`` asks: ``question``, as a follow-up when it replies to an answer (to
    ``before``: "how much did it cost?" under an answer about a telescope), on the quote it
    quotes if it quotes one (Telegram's quote reply), and after what that answer followed up
    in turn."""
    if before is None:
        return Asked(question)
    return before.replied(question, message.quote.text if message.quote else "")


@contextlib.asynccontextmanager
async def typing_if_slow(message: Message) -> AsyncIterator[None]:
    """Show "typing…" only when the answer takes long enough for a person to notice."""

    async def type_until_done() -> None:
        await asyncio.sleep(TYPING_AFTER)
        while True:
            try:
                await message.reply_chat_action(ChatAction.TYPING)  # in its forum topic
            except TelegramError as error:  # only a courtesy: never let it cost the answer
                logger.info("typing indicator failed: %s", error)
                return
            await asyncio.sleep(TYPING_REPEAT)

    typing = asyncio.create_task(type_until_done())
    try:
        yield
    finally:
        typing.cancel()


@restricted
async def button(update: Update, context: Context) -> None:
    """Turn the page of an answer, or show the paragraphs around its top quote."""
    query = update.callback_query
    if query is None:
        return
    press, texts = parse_press(query.data), texts_of(update)
    if press is None or query.message is None:
        await query.answer(texts.invalid)
        return
    if press.view == "sources":
        await _turn_sources_page(query, press.start, context, texts)
        return
    # query.message may be an InaccessibleMessage (an old answer): only its ids are known.
    chat, message_id = query.message.chat.id, query.message.message_id
    asked = context.bot_data.answers.recall(chat, message_id)
    limit = min(press.start + messages.PAGE_SIZE + 1, messages.MAX_QUOTES)
    library = context.bot_data.library
    answer = (
        await asyncio.to_thread(
            library.answer, asked.question, limit, asked.earlier, asked.quoted, asked.thread
        )
        if asked
        else None
    )
    if answer is None or not answer.hits[press.start :]:
        await query.answer(texts.expired)
        return
    await query.answer()
    text, markup = _view(press.view, press.start, answer, library, texts)
    await _show(context, chat, message_id, text, markup)
    context.bot_data.answers.turned(chat, message_id, press.start)  # where "more" goes on


async def _turn_sources_page(
    query: CallbackQuery, page: int, context: Context, texts: Texts
) -> None:
    """Show another page of /sources; one the list does not have (forged, or gone since
    articles were removed) gets the notice for data the bot never sent."""
    text, keyboard = _sources_page(page, context, texts)
    if text is None or query.message is None:
        await query.answer(texts.invalid)
        return
    await query.answer()
    await _show(context, query.message.chat.id, query.message.message_id, text, keyboard)


async def _show(
    context: Context,
    chat: int,
    message_id: int,
    text: str,
    keyboard: InlineKeyboardMarkup | None,
) -> None:
    """Turn a message to another view of itself."""
    try:
        await context.bot.edit_message_text(
            text, chat_id=chat, message_id=message_id, reply_markup=keyboard
        )
    except BadRequest as error:
        if "not modified" not in str(error):  # a double tap on the same button
            raise


def _view(
    view: str, start: int, answer: Answer, library: Library, texts: Texts
) -> tuple[str, InlineKeyboardMarkup]:
    hits = answer.hits
    top = hits[start]
    if view == "context":
        around = library.engine.around(top.passage, radius=1)
        text = messages.format_context_html(around, top.passage, top.matched, texts)
        return text, context_keyboard(start, top.passage, texts)
    page = hits[start : start + messages.PAGE_SIZE]
    text, shown = messages.format_answer_html(page, texts, answer.read_as, answer.unsaid)
    more = len(hits) > start + shown
    return text, answer_keyboard(start, shown, more, top.passage, messages.PAGE_SIZE, texts)


@restricted
async def inline_query(update: Update, context: Context) -> None:
    """Offer quotes to send into any chat; the sources when the query is empty."""
    query = update.inline_query
    if query is None:
        return
    text, texts = query.query.strip(), texts_of(update)
    if not text:
        results = _source_results(context, texts)
        await query.answer(results, cache_time=INLINE_CACHE_SECONDS, is_personal=True)
        return
    offset = int(query.offset) if query.offset.isdigit() else 0
    hits = await asyncio.to_thread(context.bot_data.library.search, text, INLINE_MAX)
    page = hits[offset : offset + INLINE_PAGE]
    more = offset + INLINE_PAGE < len(hits)
    button = None
    if not hits:
        button = InlineQueryResultsButton(text=texts.inline_no_match, start_parameter="help")
    await query.answer(
        [_quote_result(h, texts) for h in page],
        # None, not "": with Defaults set, PTB 22 sends "" as "[]", which Telegram hands back
        # as the next offset, so paging would never end (python-telegram-bot#4295).
        next_offset=str(offset + INLINE_PAGE) if more else None,
        button=button,
        cache_time=INLINE_CACHE_SECONDS,
        is_personal=True,  # the buttons are in the asker's language
    )


def _quote_result(hit: Hit, texts: Texts) -> InlineQueryResultArticle:
    passage, article = hit.passage, hit.passage.article
    text, _ = messages.format_answer_html([hit], texts)
    link = InlineKeyboardMarkup([source_button(passage, texts)]) if article.url else None
    return InlineQueryResultArticle(
        id=f"q{hit.rank}",
        title=messages.preview(f"{article.title} · ¶{passage.number}", 60),
        description=messages.preview(shown_text(passage), 120),
        input_message_content=InputTextMessageContent(text),
        reply_markup=link,
    )


def _source_results(context: Context, texts: Texts) -> list[InlineQueryResultArticle]:
    articles = list(context.bot_data.library.articles)[:INLINE_MAX]
    return [
        InlineQueryResultArticle(
            id=f"s{i}",
            title=messages.preview(article.title, 60),
            description=messages.preview(
                " · ".join(x for x in (article.byline, texts.inline_hint) if x), 120
            ),
            input_message_content=InputTextMessageContent(
                messages.format_sources_html(texts, [article])[0]
            ),
        )
        for i, article in enumerate(articles)
    ]


@restricted
async def unsupported(update: Update, context: Context) -> None:
    """Stickers, photos, voice and other non-text messages in a private chat."""
    if update.effective_message:
        await update.effective_message.reply_text(texts_of(update).unsupported, do_quote=True)


async def unknown_command(update: Update, context: Context) -> None:
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
    texts = texts_of(update)
    if is_allowed(update, context.bot_data.settings):
        await message.reply_text(texts.unknown_command)
    else:
        await message.reply_text(texts.refused)


async def report_error(update: object, context: Context) -> None:
    """Log the failure (never the message text) and tell the user; the bot keeps serving.

    A question deleted before its answer was sent needs neither: the user took it back (often
    to send it again corrected), and an error there would be the one reply it gets."""
    update_id = update.update_id if isinstance(update, Update) else None
    if isinstance(context.error, BadRequest) and QUESTION_GONE in str(context.error):
        logger.info("update %s: its message was deleted before the reply", update_id)
        return
    logger.error("update %s failed", update_id, exc_info=context.error)
    if isinstance(update, Update) and update.effective_message and not update.callback_query:
        try:
            await update.effective_message.reply_text(texts_of(update).error)
        except TelegramError as error:
            logger.error("could not tell the user about the failure: %s", error)
