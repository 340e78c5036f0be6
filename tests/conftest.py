"""Shared fixtures: the seed corpus, small corpora written to disk, a clean environment."""

from __future__ import annotations

import shutil
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import pytest
from telegram.ext import Application

from bot.config import Settings
from bot.corpus import load_corpus
from bot.index import MemoryEngine
from bot.library import open_library
from bot.search import Library
from bot.tg.answers import AnswerStore
from bot.tg.app import build_application
from bot.tg.delivery import PatientRateLimiter
from tests.fakes import FakeTelegram

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
WEBPAGES = ROOT / "tests" / "data" / "webpages"
FOLLOW_UP_PAGES = ("observer.com-LVMH.html", "nature.com.telescope.html")


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Keep a developer's own .env and settings out of every test."""
    for name in (
        "TELEGRAM_BOT_TOKEN",
        "TELEGRAM_BASE_URL",
        "BOT_CORPUS",
        "BOT_ALLOWED_IDS",
        "BOT_ADMIN_IDS",
        "BOT_CHANNEL_IDS",
        "BOT_ENGINE",
        "WEBHOOK_URL",
        "WEBHOOK_PORT",
        "BOT_INDEX_DIR",
        "NO_COLOR",
        "BOT_SEMANTIC",
        "BOT_WATCH_SECONDS",
        "BOT_FOLLOW_HOURS",
    ):
        monkeypatch.delenv(name, raising=False)
    # Lexical answers by default: deterministic and quick. Tests of the model turn it on.
    monkeypatch.setenv("BOT_SEMANTIC", "off")
    monkeypatch.chdir(tmp_path)


@pytest.fixture(scope="session")
def seeds_library() -> Library:
    return Library(MemoryEngine(load_corpus(SEEDS)))


@pytest.fixture(scope="session")
def vectors_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("vectors")


def with_models(folder: Path, index: Path) -> Library:
    """A folder in memory with the semantic rerank, its vectors kept in ``index``."""
    library, _ = open_library(folder, "memory", index, semantic="auto")
    assert library.semantic is not None
    return library


@pytest.fixture(scope="session")
def meaning_library(vectors_dir: Path) -> Library:
    """The seeds with the semantic rerank (embedded once per test session, about 8 s)."""
    return with_models(SEEDS, vectors_dir)


@pytest.fixture
def four_articles(tmp_path: Path) -> Path:
    """The seeds with two saved pages on other subjects (a museum's purchase, a telescope):
    a folder where "what does the company get in return?" needs the question it follows."""
    folder = tmp_path / "four"
    folder.mkdir()
    for path in [*SEEDS.iterdir(), *(WEBPAGES / n for n in FOLLOW_UP_PAGES)]:
        if path.is_dir():
            continue  # the seeds' own .quotebot
        shutil.copy(path, folder)
    return folder


@pytest.fixture
def write_corpus(tmp_path: Path) -> Callable[[dict[str, str | bytes]], Path]:
    """Write files (text or bytes) under a fresh folder and return the folder."""

    def write(files: dict[str, str | bytes]) -> Path:
        folder = tmp_path / "corpus"
        for name, content in files.items():
            path = folder / name
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, encoding="utf-8")
        folder.mkdir(exist_ok=True)
        return folder

    return write


def first_quote(library: Library, question: str) -> str:
    """The first quote's paragraph for a question, "" when it is refused."""
    hits = library.search(question, top=3)
    return hits[0].passage.text if hits else ""


@pytest.fixture
async def telegram() -> AsyncIterator[FakeTelegram]:
    """A fresh fake Bot API server on 127.0.0.1."""
    fake = FakeTelegram()
    await fake.start()
    yield fake
    await fake.stop()


StartBot = Callable[..., Awaitable[Application]]  # type: ignore[type-arg]


@pytest.fixture
async def start_bot(telegram: FakeTelegram, seeds_library: Library) -> AsyncIterator[StartBot]:
    """Start the real Application against the fake, polling; stops it after the test."""
    running: list[Application] = []  # type: ignore[type-arg]

    async def start(
        library: Library | None = None,
        folder: Path | None = None,
        answers: AnswerStore | None = None,
        # Under the fake's flood limit (2 in a second in a chat), so no test meets a 429 it
        # did not ask for; tests of pacing itself pass Telegram's 1 a second, as served.
        per_chat_rate: float = 1.9,
        **settings: object,
    ) -> Application:  # type: ignore[type-arg]
        settings.setdefault("semantic", "off")  # as the environment above: no background build
        config = Settings(token=telegram.token, base_url=telegram.base_url, **settings)  # type: ignore[arg-type]
        limiter = PatientRateLimiter(backoff=0.01, per_chat_rate=per_chat_rate)
        application = build_application(
            config, library or seeds_library, limiter, folder=folder, answers=answers
        )
        await application.initialize()
        assert application.post_init is not None
        await application.post_init(application)  # as run_polling does
        await application.start()
        assert application.updater is not None
        await application.updater.start_polling(poll_interval=0.0, timeout=1)
        running.append(application)
        return application

    yield start
    for application in running:  # a test may have stopped one itself (a restart)
        assert application.updater is not None
        if application.updater.running:
            await application.updater.stop()
        if application.running:
            await application.stop()
        await application.shutdown()


@pytest.fixture
async def bot(start_bot: StartBot) -> Application:  # type: ignore[type-arg]
    """The bot on the seed corpus, with default settings."""
    return await start_bot()
