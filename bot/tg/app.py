"""The Telegram application: every handler registered in one place, with shared objects."""

from __future__ import annotations

import asyncio
import logging
import os
from pathlib import Path

# Opt in to PTB 23's timedelta time periods: with ints, RetryAfter's own constructor emits a
# PTBDeprecationWarning on every 429 (PTB v22.2+).
os.environ.setdefault("PTB_TIMEDELTA", "1")

from telegram import Bot, BotCommand, BotCommandScopeChat, LinkPreviewOptions
from telegram.constants import ParseMode
from telegram.error import TelegramError
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    Defaults,
    InlineQueryHandler,
    MessageHandler,
    filters,
)

from bot.config import Settings
from bot.library import index_path
from bot.search import Library
from bot.tg import adding, channels, following, handlers, removing
from bot.tg.answers import AnswerStore
from bot.tg.context import CONTEXT_TYPES, BotData
from bot.tg.delivery import IN_FLIGHT, PatientRateLimiter
from bot.tg.followed import FollowedFeeds
from bot.tg.following import follow_feeds
from bot.tg.texts import ENGLISH, LANGUAGES, Texts
from bot.tg.throttle import Throttle
from bot.tg.watch import embed_in_background, watch_corpus

logger = logging.getLogger(__name__)

COMMANDS = [BotCommand(command, description) for command, description in ENGLISH.commands]
ADMIN_COMMANDS = [
    BotCommand("add", "Add the post you forwarded me (reply to it)"),
    BotCommand("remove", "Take out what I added (reply to my “Added” message)"),
    BotCommand("feeds", "The sites' feeds I follow"),
]
CONNECTIONS = IN_FLIGHT  # requests are paced and capped in delivery.py: a few connections do
POOL_TIMEOUT = 20.0  # seconds a request may wait for a connection before failing
ANSWERS_FILE = "answers.sqlite3"
CONCURRENT_UPDATES = 256  # handlers wait on per-chat pacing: one busy chat must not block others


# Telegram delivers no mere mention to a bot in group privacy mode (README, "Set-up").
PRIVACY_NOTE = "; group privacy mode is on: in groups only /ask@name and replies reach it"


async def announce(application: Application) -> None:  # type: ignore[type-arg]
    """Set the bot's description and its command menu (each in every language of the bot's,
    for apps set to it), start watching the corpus, log one start-up line."""
    await describe(application.bot)
    for language, texts in _menus():
        menu = [BotCommand(command, description) for command, description in texts.commands]
        await application.bot.set_my_commands(menu, language_code=language)
    data: BotData = application.bot_data
    for admin in sorted(data.settings.admin_ids) if data.folder is not None else ():
        try:  # /add, /remove and /feeds in the admins' own menu: only they may use them
            await application.bot.set_my_commands(
                [*COMMANDS, *ADMIN_COMMANDS], scope=BotCommandScopeChat(admin)
            )
        except TelegramError as error:  # an admin who never opened the bot has no chat yet
            logger.info("no admin commands in the menu of admin %d: %s", admin, error)
    if data.folder is not None:
        # Plain tasks, cancelled in post_stop: Application.create_task would wait for them.
        data.embedder = asyncio.create_task(embed_in_background(data, data.folder))
        if data.settings.watch_seconds > 0:
            data.watcher = asyncio.create_task(watch_corpus(data, data.folder))
        if data.settings.follow_hours > 0:
            follower = follow_feeds(data, data.folder, application.bot)
            data.follower = asyncio.create_task(follower)
    library = data.library
    bot = application.bot
    logger.info(
        "serving %d articles, %d paragraphs as @%s%s%s",
        len(library.articles),
        library.engine.size,
        bot.username,
        _sources_kept(data),
        "" if bot.can_read_all_group_messages else PRIVACY_NOTE,
    )


async def describe(bot: Bot) -> None:
    """Say what the bot does where Telegram shows it before anyone writes to it: its
    description (an empty chat's "What can this bot do?") and its short description (its
    profile, a shared link), in each of its languages. A description its owner wrote in
    BotFather is theirs, and left as it is; so is everything when Telegram refuses."""
    try:
        if (await bot.get_my_description()).description in ("", ENGLISH.start):
            for language, texts in _menus():
                if (await bot.get_my_description(language)).description != texts.start:
                    await bot.set_my_description(texts.start, language)
        short = (await bot.get_my_short_description()).short_description
        if short in ("", ENGLISH.short_description):
            for language, texts in _menus():
                said = (await bot.get_my_short_description(language)).short_description
                if said != texts.short_description:
                    await bot.set_my_short_description(texts.short_description, language)
    except TelegramError as error:
        logger.info("the bot's description was not set: %s", error)


def _menus() -> list[tuple[str | None, Texts]]:
    """Each language's texts with the language code Telegram's menus take: none for English,
    which is every other language's too."""
    return [(None if texts is ENGLISH else code, texts) for code, texts in LANGUAGES.items()]


def _sources_kept(data: BotData) -> str:
    """What the bot adds to the folder on its own, for the start-up line: "; following 2
    feeds; archiving 1 channel" ("" for nothing)."""
    feeds = len(data.feeds.feeds()) if data.folder and data.settings.follow_hours > 0 else 0
    channels = len(data.settings.channel_ids) if data.folder else 0
    return "".join(
        f"; {verb} {n} {what}{'' if n == 1 else 's'}"
        for verb, n, what in (("following", feeds, "feed"), ("archiving", channels, "channel"))
        if n
    )


async def stop_watching(application: Application) -> None:  # type: ignore[type-arg]
    """Cancel the corpus watcher, the feeds' follower and the background embedding."""
    data: BotData = application.bot_data
    for task in (data.watcher, data.follower, data.embedder):
        if task is not None:
            task.cancel()
    data.watcher = data.follower = data.embedder = None


async def close_answers(application: Application) -> None:  # type: ignore[type-arg]
    """Close the answer store once nothing can use it any more."""
    data: BotData = application.bot_data
    data.answers.close()


def build_application(
    settings: Settings,
    library: Library,
    rate_limiter: PatientRateLimiter | None = None,
    folder: Path | None = None,
    answers: AnswerStore | None = None,
) -> Application:  # type: ignore[type-arg]
    """The bot, ready to run with polling or a webhook; watches ``folder`` when given.

    Answers are remembered in ``answers``, by default a file beside the corpus's index.
    """
    defaults = Defaults(
        parse_mode=ParseMode.HTML, link_preview_options=LinkPreviewOptions(is_disabled=True)
    )
    builder = (
        Application.builder()
        .token(settings.token)
        .context_types(CONTEXT_TYPES)
        .defaults(defaults)
        .rate_limiter(rate_limiter or PatientRateLimiter())
        .concurrent_updates(CONCURRENT_UPDATES)
        # httpcore scans every pooled connection on each request: keep the pool small (PTB's
        # default is 256).
        .connection_pool_size(CONNECTIONS)
        .pool_timeout(POOL_TIMEOUT)
        .post_init(announce)
        .post_stop(stop_watching)
        .post_shutdown(close_answers)
    )
    if settings.base_url:
        builder = builder.base_url(settings.base_url)
        if settings.base_url.endswith("/bot"):  # files are served beside: .../file/bot<token>/
            builder = builder.base_file_url(settings.base_url.removesuffix("bot") + "file/bot")
    application = builder.build()
    data: BotData = application.bot_data
    data.settings, data.library, data.folder, data.throttle = settings, library, folder, Throttle()
    data.answers = answers or AnswerStore(
        index_path(settings.corpus, settings.index_dir) / ANSWERS_FILE
    )
    data.feeds = FollowedFeeds(data.answers.connection)

    private = filters.ChatType.PRIVATE
    groups = filters.ChatType.GROUPS
    # Quotes sent through inline mode are no questions; edited questions are asked again.
    new = filters.UpdateType.MESSAGE & ~handlers.SentViaBot()
    edited = filters.UpdateType.EDITED_MESSAGE
    application.add_handler(CommandHandler("start", handlers.start, filters=new))
    application.add_handler(CommandHandler("help", handlers.help_command, filters=new))
    application.add_handler(CommandHandler("sources", handlers.sources, filters=new))
    application.add_handler(CommandHandler("ask", handlers.ask, filters=new))
    admin = filters.User(user_id=settings.admin_ids)
    application.add_handler(
        CommandHandler("add", adding.add_forwarded, filters=new & private & admin)
    )
    application.add_handler(
        CommandHandler("remove", removing.remove, filters=new & private & admin)
    )
    application.add_handler(
        CommandHandler("feeds", following.list_feeds, filters=new & private & admin)
    )
    application.add_handler(
        CommandHandler("unfollow", following.unfollow, filters=new & private & admin)
    )
    # After the known commands: any other command gets short help.
    application.add_handler(MessageHandler(filters.COMMAND & new, handlers.unknown_command))
    # Before questions: an admin's bare link is an article to add, anyone else's a question.
    application.add_handler(
        MessageHandler(new & private & admin & adding.OnlyLink(), adding.add_link)
    )
    application.add_handler(
        MessageHandler(new & private & admin & filters.Document.ALL, adding.add_file)
    )
    captioned = filters.CAPTION & (filters.PHOTO | filters.VIDEO | filters.ANIMATION)
    application.add_handler(
        MessageHandler(
            new & (filters.TEXT | captioned) & (private | (groups & handlers.AddressedToBot())),
            handlers.ask,
        )
    )
    application.add_handler(CommandHandler("ask", handlers.ask_again, filters=edited))
    application.add_handler(
        MessageHandler(
            edited
            & ~filters.COMMAND
            & (filters.TEXT | captioned)
            & (private | (groups & handlers.AddressedToBot())),
            handlers.ask_again,
        )
    )
    application.add_handler(MessageHandler(new & private & ~filters.TEXT, handlers.unsupported))
    posts = filters.UpdateType.CHANNEL_POSTS
    archived = filters.Chat(chat_id=settings.channel_ids)
    application.add_handler(MessageHandler(posts & archived, channels.archive_post))
    application.add_handler(MessageHandler(posts & ~archived, channels.unlisted_post))
    application.add_handler(CallbackQueryHandler(handlers.button))
    application.add_handler(InlineQueryHandler(handlers.inline_query))
    application.add_error_handler(handlers.report_error)
    return application
