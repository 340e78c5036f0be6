"""What each answer was asked, kept by chat and message id, so its buttons work for good;
which message replies to each question, so a question edited later gets its reply edited;
and which files each of the bot's "Added" replies names, so /remove in reply takes them out.

A press on an old answer brings an ``InaccessibleMessage`` (no text, no reply), and the
question may have been deleted: the bot cannot rebuild an answer from the chat, so it keeps
the question itself, in SQLite, across restarts and bounded in size.
"""

from __future__ import annotations

import json
import logging
import sqlite3
from pathlib import Path
from typing import NamedTuple

from bot.search import THREAD_DEPTH

logger = logging.getLogger(__name__)

MAX_ANSWERS = 100_000  # the oldest answers are forgotten past this; ~10 MB of questions
_SCHEMA = """
CREATE TABLE IF NOT EXISTS answers (
    id INTEGER PRIMARY KEY,
    chat INTEGER NOT NULL,
    message INTEGER NOT NULL,
    question TEXT NOT NULL,
    earlier TEXT NOT NULL DEFAULT '',
    quoted TEXT NOT NULL DEFAULT '',
    thread TEXT NOT NULL DEFAULT '',
    start INTEGER NOT NULL DEFAULT 0,
    UNIQUE (chat, message)
);
CREATE TABLE IF NOT EXISTS replies (
    id INTEGER PRIMARY KEY,
    chat INTEGER NOT NULL,
    question INTEGER NOT NULL,
    reply INTEGER NOT NULL,
    UNIQUE (chat, question)
);
CREATE TABLE IF NOT EXISTS additions (
    id INTEGER PRIMARY KEY,
    chat INTEGER NOT NULL,
    message INTEGER NOT NULL,
    files TEXT NOT NULL,
    UNIQUE (chat, message)
);
"""
# Columns an older store lacks: follow-ups added the first three, "more" replies the last.
_ADDED = {
    "earlier": "TEXT NOT NULL DEFAULT ''",
    "quoted": "TEXT NOT NULL DEFAULT ''",
    "thread": "TEXT NOT NULL DEFAULT ''",
    "start": "INTEGER NOT NULL DEFAULT 0",
}


class Asked(NamedTuple):
    """What an answer answers: its question, the one it follows up, the words of that one's
    answer it quotes ("" for none), and what that one followed up in turn, newest first:
    ``Library.answer``'s arguments."""

    question: str
    earlier: str = ""
    quoted: str = ""
    thread: tuple[tuple[str, str], ...] = ()

    def replied(self, question: str, quoted: str) -> Asked:
        """A reply to this answer: it follows this question up, and what this one followed."""
        thread = ((self.earlier, self.quoted), *self.thread) if self.earlier else ()
        return Asked(question, self.question, quoted, thread[:THREAD_DEPTH])


class AnswerStore:
    """The question behind each answer the bot sent, newest ``limit`` kept."""

    def __init__(self, path: Path | None = None, limit: int = MAX_ANSWERS) -> None:
        self.limit = limit
        self._db = _connect(path)

    def remember(self, chat: int, message: int, asked: Asked, start: int = 0) -> None:
        """Record what an answer message answers, and the rank of the first quote it shows;
        forget the oldest past the limit."""
        thread = json.dumps(asked.thread) if asked.thread else ""
        self._keep(
            "answers",
            "(chat, message, question, earlier, quoted, thread, start)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            (chat, message, asked.question, asked.earlier, asked.quoted, thread, start),
        )

    def turned(self, chat: int, message: int, start: int) -> None:
        """An answer's buttons turned it to show the quotes from rank ``start`` on."""
        with self._db:
            self._db.execute(
                "UPDATE answers SET start = ? WHERE chat = ? AND message = ?",
                (start, chat, message),
            )

    def shown_from(self, chat: int, message: int) -> int:
        """The rank of the first quote an answer shows now (0 when it is not stored)."""
        row = self._db.execute(
            "SELECT start FROM answers WHERE chat = ? AND message = ?", (chat, message)
        ).fetchone()
        return 0 if row is None else int(row[0])

    def forget(self, chat: int, message: int) -> None:
        """An answer that no longer answers anything (its question was edited to one with no
        match): replies to it are no follow-ups."""
        with self._db:
            self._db.execute("DELETE FROM answers WHERE chat = ? AND message = ?", (chat, message))

    def replied(self, chat: int, question: int, reply: int) -> None:
        """Record which message of the bot's replies to a question, newest ``limit`` kept."""
        self._keep("replies", "(chat, question, reply) VALUES (?, ?, ?)", (chat, question, reply))

    def added(self, chat: int, message: int, files: list[str]) -> None:
        """Record the files (relative to the folder) an "Added" reply of the bot's names."""
        self._keep(
            "additions",
            "(chat, message, files) VALUES (?, ?, ?)",
            (chat, message, json.dumps(files)),
        )

    def added_by(self, chat: int, message: int) -> list[str] | None:
        """The files an "Added" reply named, or None when the message is no such reply."""
        row = self._db.execute(
            "SELECT files FROM additions WHERE chat = ? AND message = ?", (chat, message)
        ).fetchone()
        return None if row is None else [str(name) for name in json.loads(row[0])]

    def _keep(self, table: str, values: str, row: tuple[object, ...]) -> None:
        """Insert or replace a row of ``table``, forgetting its oldest past the limit."""
        with self._db:
            cursor = self._db.execute(f"INSERT OR REPLACE INTO {table} {values}", row)
            if cursor.lastrowid is not None and cursor.lastrowid > self.limit:
                self._db.execute(
                    f"DELETE FROM {table} WHERE id <= ?", (cursor.lastrowid - self.limit,)
                )

    def reply_to(self, chat: int, question: int) -> int | None:
        """The bot's reply to a question, or None when there was none or it is forgotten."""
        row = self._db.execute(
            "SELECT reply FROM replies WHERE chat = ? AND question = ?", (chat, question)
        ).fetchone()
        return None if row is None else int(row[0])

    def recall(self, chat: int, message: int) -> Asked | None:
        """What an answer answers, or None when it was never stored or is forgotten."""
        row = self._db.execute(
            "SELECT question, earlier, quoted, thread FROM answers WHERE chat = ? AND message = ?",
            (chat, message),
        ).fetchone()
        if row is None:
            return None
        question, earlier, quoted, thread = map(str, row)
        pairs = tuple((str(q), str(w)) for q, w in json.loads(thread)) if thread else ()
        return Asked(question, earlier, quoted, pairs)

    @property
    def connection(self) -> sqlite3.Connection:
        """The database, for what else the bot keeps beside its answers (followed feeds)."""
        return self._db

    def close(self) -> None:
        self._db.close()


def _connect(path: Path | None) -> sqlite3.Connection:
    """The store's database; in memory (and one warning) when the file cannot be used."""
    if path is not None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            return _prepare(sqlite3.connect(path, check_same_thread=False))
        except (OSError, sqlite3.Error) as error:
            logger.warning(
                "answers kept in memory only (%s: %s); set BOT_INDEX_DIR to a writable folder",
                path,
                error,
            )
    return _prepare(sqlite3.connect(":memory:", check_same_thread=False))


def _prepare(db: sqlite3.Connection) -> sqlite3.Connection:
    # WAL with synchronous=NORMAL: a commit is a write, not an fsync (an answer a few ms).
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=NORMAL")
    db.executescript(_SCHEMA)
    columns = {row[1] for row in db.execute("PRAGMA table_info(answers)")}
    for column, kind in _ADDED.items():
        if column not in columns:
            db.execute(f"ALTER TABLE answers ADD COLUMN {column} {kind}")
    return db
