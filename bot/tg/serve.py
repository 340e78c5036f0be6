"""Running the bot: settings, logging that never shows the token, polling or webhook."""

from __future__ import annotations

import logging
import secrets
import sys
from pathlib import Path
from urllib.parse import urlparse

from telegram import Update
from telegram.error import InvalidToken, TelegramError
from telegram.ext import Application

from bot.app import build_application
from bot.config import Settings, load_settings
from bot.library import open_library

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


def run_bot(corpus: Path | None, engine: str | None = None) -> int:
    """Serve until stopped (SIGINT or SIGTERM); returns the exit status."""
    settings = load_settings()
    if not settings.token:
        print(
            "error: TELEGRAM_BOT_TOKEN is not set; copy .env.example to .env and fill it in",
            file=sys.stderr,
        )
        return 2
    configure_logging(settings.token)
    folder = corpus or settings.corpus
    library, notes = open_library(folder, engine or settings.engine, settings.index_dir)
    for note in notes:
        logger.warning("%s", note)
    application = build_application(settings, library, folder=folder)
    try:
        _run(application, settings)
    except InvalidToken:
        # PTB's own message quotes the token (Bot.initialize): never let it reach the output.
        print("error: Telegram rejected TELEGRAM_BOT_TOKEN; check it in .env", file=sys.stderr)
        return 2
    except TelegramError as error:
        message = str(error).replace(settings.token, "<token>")
        print(f"error: could not reach Telegram: {message}", file=sys.stderr)
        return 2
    return 0


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
