"""Per-user backlog and per-chat order: a pasted list is answered in full, a flood is cut off."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator

PENDING = 30  # questions one user may have waiting; a pasted list of 30 gets 30 answers


class Throttle:
    """Counts each user's waiting questions and serialises answers within each chat.

    Memory is bounded per user: at most ``pending`` questions are held; those beyond are only
    counted, and the count is reported once when the user's backlog empties. Other users have
    their own counts and, in other chats, their own turns, so they never wait behind a flood.
    """

    def __init__(self, pending: int = PENDING) -> None:
        self.pending = pending
        self._waiting: dict[int, int] = {}
        self._skipped: dict[int, int] = {}
        self._turns: dict[int, tuple[asyncio.Lock, int]] = {}

    def admit(self, user: int) -> bool:
        """Take one more question from a user, or count it as skipped when the backlog is full."""
        waiting = self._waiting.get(user, 0)
        if waiting >= self.pending:
            self._skipped[user] = self._skipped.get(user, 0) + 1
            return False
        self._waiting[user] = waiting + 1
        return True

    def finish(self, user: int) -> int:
        """One admitted question is done; returns how many were skipped once none is left."""
        left = self._waiting.pop(user, 1) - 1
        if left > 0:
            self._waiting[user] = left
            return 0
        return self._skipped.pop(user, 0)

    @contextlib.asynccontextmanager
    async def turn(self, chat: int) -> AsyncIterator[None]:
        """Hold the chat's turn: answers in a chat go out in the order questions came."""
        lock, users = self._turns.get(chat) or (asyncio.Lock(), 0)
        self._turns[chat] = (lock, users + 1)
        try:
            async with lock:  # asyncio.Lock wakes waiters first come, first served
                yield
        finally:
            lock, users = self._turns[chat]
            if users == 1:
                del self._turns[chat]
            else:
                self._turns[chat] = (lock, users - 1)
