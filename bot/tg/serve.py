"""Running the bot: settings, logging that never shows the token, polling or webhook."""

from __future__ import annotations

import asyncio
import logging
import secrets
import sys
from dataclasses import replace
from pathlib import Path
from urllib.parse import urlparse

from telegram import Bot, Update
from telegram.error import InvalidToken, TelegramError
from telegram.ext import Application

from bot.config import Settings, load_settings
from bot.library import open_library
from bot.tg.app import build_application

logger = logging.getLogger(__name__)


class RedactingFormatter(logging.Formatter):
    """Replace the bot token wherever it appears in a record, tracebacks included."""

    def __init__(self, secret: str, fmt: str) -> None:
        super().__init__(fmt)
        self._secret = secret

    def format(self, record: logging.LogRecord) -> str:
        text = super().format(record)
        return text.replace(self._secret, "<token>") if self._secret else text


def configure_logging(token: str, level: int = logging.INFO) -> None:
    """INFO logs with the token redacted; httpx at WARNING as its INFO lines carry the URL."""
    handler = logging.StreamHandler()
    handler.setFormatter(
        RedactingFormatter(token, "%(asctime)s %(levelname)s %(name)s: %(message)s")
    )
    logging.basicConfig(level=level, handlers=[handler], force=True)
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.WARNING)


def serve_settings(corpus: Path | None = None, engine: str | None = None) -> Settings:
    """The environment's settings with the command line's overrides, which reloads keep too."""
    settings = load_settings()
    return replace(settings, corpus=corpus or settings.corpus, engine=engine or settings.engine)


def run_bot(corpus: Path | None, engine: str | None = None) -> int:
    """Serve until stopped (SIGINT or SIGTERM); returns the exit status."""
    settings = serve_settings(corpus, engine)
    if not settings.token:
        print(
            "error: TELEGRAM_BOT_TOKEN is not set; copy .env.example to .env and fill it in",
            file=sys.stderr,
        )
        return 2
    configure_logging(settings.token)
    if problem := asyncio.run(check_connection(settings)):
        print(f"error: {problem}", file=sys.stderr)
        return 2
    library, notes = open_library(
        settings.corpus, settings.engine, settings.index_dir, semantic=settings.semantic
    )
    for note in notes:
        logger.warning("%s", note)
    application = build_application(settings, library, folder=settings.corpus)
    _run(application, settings)
    return 0


async def check_connection(settings: Settings) -> str | None:
    """One getMe with a plain Bot; what is wrong, in one line, or None.

    Checked before PTB starts: its start-up retry loop logs a 50-line traceback for a
    rejected token or an unreachable server, and its InvalidToken message quotes the token.
    """
    bot = Bot(settings.token, base_url=settings.base_url or "https://api.telegram.org/bot")
    try:
        async with bot:
            return None
    except InvalidToken:
        return "Telegram rejected TELEGRAM_BOT_TOKEN; check it in .env"
    except TelegramError as error:
        return f"could not reach Telegram: {str(error).replace(settings.token, '<token>')}"


def _run(application: Application, settings: Settings) -> None:  # type: ignore[type-arg]
    """Serve until stopped: a webhook when WEBHOOK_URL is set, else long polling."""
    if settings.webhook_url:
        application.run_webhook(
            listen="0.0.0.0",
            port=settings.webhook_port,
            url_path=urlparse(settings.webhook_url).path.lstrip("/"),
            webhook_url=settings.webhook_url,
            secret_token=secrets.token_urlsafe(32),
            allowed_updates=Update.ALL_TYPES,
        )
    else:
        application.run_polling(allowed_updates=Update.ALL_TYPES)
