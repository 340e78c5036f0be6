"""The objects every handler shares, typed, in place of string keys into ``bot_data``."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from telegram.ext import CallbackContext, ContextTypes, ExtBot

from bot.config import Settings
from bot.search import Library
from bot.tg.answers import AnswerStore
from bot.tg.followed import FollowedFeeds
from bot.tg.throttle import Throttle


class BotData:
    """Built once by ``build_application``; the library is swapped whole on a corpus reload."""

    settings: Settings
    library: Library
    throttle: Throttle
    answers: AnswerStore
    feeds: FollowedFeeds

    def __init__(self) -> None:  # python-telegram-bot builds it without arguments
        self.folder: Path | None = None  # the folder served (and watched), if known
        self.watcher: asyncio.Task[None] | None = None
        self.embedder: asyncio.Task[None] | None = None
        self.follower: asyncio.Task[None] | None = None
        self.embedding: tuple[int, int] | None = None  # (done, total) while vectors build
        self.seen: frozenset[tuple[str, int, int]] = frozenset()  # the folder as last read


Context = CallbackContext[ExtBot[None], dict[Any, Any], dict[Any, Any], BotData]
CONTEXT_TYPES = ContextTypes(bot_data=BotData)
