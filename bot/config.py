"""Settings: read once from the environment, or a ``.env`` file in the working directory."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from dotenv import dotenv_values

from bot.library import ENGINES

DEFAULT_CORPUS = Path("seeds")


class ConfigError(Exception):
    """A setting is missing or malformed; the message names it, never its value."""


@dataclass(frozen=True)
class Settings:
    """Everything the program reads from its environment."""

    token: str = ""
    base_url: str = ""
    corpus: Path = DEFAULT_CORPUS
    allowed_ids: frozenset[int] = frozenset()
    admin_ids: frozenset[int] = frozenset()  # users who may add articles from a private chat
    channel_ids: frozenset[int] = frozenset()  # channels whose posts are archived as articles
    webhook_url: str = ""
    webhook_port: int = 8443
    engine: str = "auto"
    index_dir: Path | None = None
    watch_seconds: float = 30.0
    follow_hours: float = 6.0  # how often the feeds admins sent are looked at; 0: never
    semantic: str = "auto"  # "off": lexical search only, the model is never loaded

    def __repr__(self) -> str:
        # Keep the token out of any traceback or log line that prints the settings.
        return f"Settings(corpus={self.corpus!s}, engine={self.engine}, token=<hidden>)"


def read_environment(cwd: Path | None = None) -> dict[str, str]:
    """The process environment over the values of ``.env`` in the working directory."""
    dotenv = (cwd or Path.cwd()) / ".env"
    values = {k: v for k, v in dotenv_values(dotenv).items() if v is not None}
    return {**values, **os.environ}


def parse_ids(raw: str, name: str = "BOT_ALLOWED_IDS") -> frozenset[int]:
    """Comma-separated user or chat ids; group ids are negative."""
    try:
        return frozenset(int(part) for part in raw.replace(" ", "").split(",") if part)
    except ValueError:
        raise ConfigError(f"{name} must be comma-separated integer ids") from None


def load_settings(env: Mapping[str, str] | None = None) -> Settings:
    """Settings from an environment mapping (by default the process's, over ``.env``)."""
    env = read_environment() if env is None else env
    port = env.get("WEBHOOK_PORT", "8443")
    if not port.isdigit():
        raise ConfigError("WEBHOOK_PORT must be a port number")
    watch = env.get("BOT_WATCH_SECONDS", "30")
    try:
        watch_seconds = float(watch)
    except ValueError:
        raise ConfigError("BOT_WATCH_SECONDS must be a number of seconds") from None
    try:
        follow_hours = float(env.get("BOT_FOLLOW_HOURS", "6"))
    except ValueError:
        follow_hours = -1.0
    if not 0 <= follow_hours < 10_000:  # asyncio cannot wait for "inf" hours
        raise ConfigError("BOT_FOLLOW_HOURS must be a number of hours, 0 for never")
    engine = env.get("BOT_ENGINE", "auto").strip() or "auto"
    if engine not in ENGINES:
        raise ConfigError(f"BOT_ENGINE must be one of {', '.join(ENGINES)}")
    semantic = env.get("BOT_SEMANTIC", "auto").strip() or "auto"
    if semantic not in ("auto", "off"):
        raise ConfigError("BOT_SEMANTIC must be auto or off")
    return Settings(
        token=env.get("TELEGRAM_BOT_TOKEN", "").strip(),
        base_url=env.get("TELEGRAM_BASE_URL", "").strip(),
        corpus=Path(env.get("BOT_CORPUS") or DEFAULT_CORPUS),
        allowed_ids=parse_ids(env.get("BOT_ALLOWED_IDS", "")),
        admin_ids=parse_ids(env.get("BOT_ADMIN_IDS", ""), "BOT_ADMIN_IDS"),
        channel_ids=parse_ids(env.get("BOT_CHANNEL_IDS", ""), "BOT_CHANNEL_IDS"),
        webhook_url=env.get("WEBHOOK_URL", "").strip(),
        webhook_port=int(port),
        engine=engine,
        index_dir=Path(env["BOT_INDEX_DIR"]) if env.get("BOT_INDEX_DIR") else None,
        watch_seconds=watch_seconds,
        follow_hours=follow_hours,
        semantic=semantic,
    )
