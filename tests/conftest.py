"""Shared fixtures: the seed corpus, small corpora written to disk, a clean environment."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from bot.corpus import load_corpus
from bot.index import Library, MemoryEngine

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Keep a developer's own .env and settings out of every test."""
    for name in (
        "TELEGRAM_BOT_TOKEN",
        "TELEGRAM_BASE_URL",
        "BOT_CORPUS",
        "BOT_ALLOWED_IDS",
        "BOT_ENGINE",
        "WEBHOOK_URL",
        "WEBHOOK_PORT",
        "BOT_INDEX_DIR",
        "NO_COLOR",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)


@pytest.fixture(scope="session")
def seeds_library() -> Library:
    return Library(MemoryEngine(load_corpus(SEEDS)))


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
