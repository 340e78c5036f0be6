"""Which feeds the bot follows, for whom, and what each brought: in SQLite beside the answers,
so following survives a restart."""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime, timezone
from typing import NamedTuple

from bot.store import Batch

_SCHEMA = """
CREATE TABLE IF NOT EXISTS feeds (
    url TEXT PRIMARY KEY,
    chat INTEGER NOT NULL,
    seen TEXT NOT NULL,
    since TEXT NOT NULL,
    checked TEXT NOT NULL DEFAULT '',
    found INTEGER NOT NULL DEFAULT 0,
    failed TEXT NOT NULL DEFAULT ''
);
"""


class Feed(NamedTuple):
    """A followed feed and what came of it."""

    url: str
    chat: int  # the admin who sent it, told of its new articles
    seen: frozenset[str]  # its entries' addresses when last read: never added again
    since: str  # when it was sent (UTC, ISO 8601 to the second)
    checked: str  # when it was last read ("" not yet)
    found: int  # new articles it brought since (not counting edits)
    failed: str  # why it could not be read the last time ("" when it could)

    def due(self, hours: float, now: datetime) -> bool:
        """Whether the feed was last read (or sent) ``hours`` ago or more: a bot restarted
        more often than that still reads its feeds."""
        last = datetime.fromisoformat(self.checked or self.since)
        return (now - last).total_seconds() >= hours * 3600


class FollowedFeeds:
    """The feeds followed, in the bot's store beside its answers, across restarts."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db
        db.executescript(_SCHEMA)

    def follow(self, url: str, chat: int, listed: tuple[str, ...]) -> None:
        """Follow a feed an admin sent, its present entries counted as seen (sent again, it
        keeps what it brought so far)."""
        with self._db:
            self._db.execute(
                "INSERT INTO feeds (url, chat, seen, since) VALUES (?, ?, ?, ?) ON CONFLICT (url)"
                " DO UPDATE SET chat = excluded.chat, seen = excluded.seen",
                (url, chat, json.dumps(sorted(set(listed))), _now()),
            )

    def unfollow(self, url: str) -> bool:
        """Stop following a feed; False when it was not followed."""
        with self._db:
            return self._db.execute("DELETE FROM feeds WHERE url = ?", (url,)).rowcount > 0

    def feeds(self) -> list[Feed]:
        """Every followed feed, in the order they were sent."""
        rows = self._db.execute(
            "SELECT url, chat, seen, since, checked, found, failed FROM feeds ORDER BY since, url"
        ).fetchall()
        return [Feed(r[0], r[1], frozenset(json.loads(r[2])), *r[3:]) for r in rows]

    def read(self, url: str, batch: Batch | None, failed: str = "") -> None:
        """What reading a feed again brought (``batch``), or why it could not be read."""
        with self._db:
            if batch is None:
                self._db.execute(
                    "UPDATE feeds SET checked = ?, failed = ? WHERE url = ?", (_now(), failed, url)
                )
                return
            self._db.execute(
                "UPDATE feeds SET checked = ?, failed = '', found = found + ?, seen = ?"
                " WHERE url = ?",
                (
                    _now(),
                    sum(a.status == "added" for a in batch.added),
                    json.dumps(sorted(set(batch.listed))),
                    url,
                ),
            )


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def shown_time(stamp: str) -> str:
    """A stored time as /feeds shows it: "2026-12-07 21:05 UTC"."""
    return stamp[:16].replace("T", " ") + " UTC"
