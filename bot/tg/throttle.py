"""Per-user flood control: a burst of questions is answered, a flood is told to slow down."""

from __future__ import annotations

from enum import Enum

from aiolimiter import AsyncLimiter

BURST = 10  # questions answered at once: a pasted list of ten still gets ten answers
PERIOD = 30.0  # seconds for the bucket to refill completely
MAX_USERS = 10_000  # buckets kept before full (idle) ones are dropped


class Verdict(Enum):
    """What to do with one more question from a user."""

    ANSWER = "answer"
    WARN = "warn"  # first question over the limit: one "slow down" notice
    IGNORE = "ignore"  # later ones: silence, until the bucket refills


class Throttle:
    """A leaky bucket per user (aiolimiter), so one flooder never delays anyone else."""

    def __init__(self, burst: int = BURST, period: float = PERIOD) -> None:
        self._burst, self._period = burst, period
        self._buckets: dict[int, AsyncLimiter] = {}
        self._warned: set[int] = set()

    async def check(self, user_id: int) -> Verdict:
        """Take one question from the user's bucket if it has room."""
        bucket = self._bucket(user_id)
        if bucket.has_capacity():
            await bucket.acquire()  # has room, so this returns at once
            self._warned.discard(user_id)
            return Verdict.ANSWER
        if user_id in self._warned:
            return Verdict.IGNORE
        self._warned.add(user_id)
        return Verdict.WARN

    def _bucket(self, user_id: int) -> AsyncLimiter:
        if user_id not in self._buckets and len(self._buckets) >= MAX_USERS:
            idle = [u for u, b in self._buckets.items() if b.has_capacity(self._burst)]
            for user in idle:
                del self._buckets[user]
        return self._buckets.setdefault(user_id, AsyncLimiter(self._burst, self._period))
