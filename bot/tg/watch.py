"""Keeping the served library current: reloads when the folder changes, vectors built later."""

from __future__ import annotations

import asyncio
import logging
import sys
from pathlib import Path

from bot.corpus import CorpusError, fingerprint
from bot.library import open_library, semantic_pending, with_vectors
from bot.tg.context import BotData

logger = logging.getLogger(__name__)


async def embed_in_background(data: BotData, folder: Path) -> None:
    """Build the vectors a large folder lacks while answers use the lexical path."""
    settings = data.settings
    pending = semantic_pending(data.library, folder, settings.semantic, settings.index_dir)
    if pending is None:
        return
    library = data.library
    logger.info("building vectors for the semantic rerank in the background")

    def report(done: int, total: int) -> None:
        data.embedding = (done, total)  # one assignment, read by /start and /sources

    try:
        upgraded, _ = await asyncio.to_thread(
            with_vectors, library, *pending, sys.maxsize, False, report
        )
    finally:
        data.embedding = None
    if data.library is library:  # a reload meanwhile brought its own library
        data.library = upgraded
        logger.info("semantic rerank on: vectors ready")


async def watch_corpus(data: BotData, folder: Path) -> None:
    """Reload the library when the folder changes; replies in flight keep the old one."""
    data.seen = await asyncio.to_thread(fingerprint, folder)
    while True:
        await asyncio.sleep(data.settings.watch_seconds)
        if await asyncio.to_thread(fingerprint, folder) != data.seen:
            await reload_library(data, folder)


async def reload_library(data: BotData, folder: Path) -> bool:
    """Read the folder again and serve it; False (and the old library) if it cannot be read."""
    settings = data.settings
    seen = await asyncio.to_thread(fingerprint, folder)
    try:
        library, notes = await asyncio.to_thread(
            open_library, folder, settings.engine, settings.index_dir, semantic=settings.semantic
        )
    except (CorpusError, OSError) as error:
        logger.error("corpus changed but could not be reloaded: %s", error)
        return False
    finally:
        data.seen = seen  # a folder that cannot be read is not retried until it changes again
    for note in notes:
        logger.warning("%s", note)
    data.library = library  # one assignment: handlers see the old library or the new
    if data.embedder is None or data.embedder.done():
        data.embedder = asyncio.create_task(embed_in_background(data, folder))
    logger.info(
        "corpus reloaded: %d articles, %d paragraphs", len(library.articles), library.engine.size
    )
    return True
