"""Getting every reply through: Telegram's flood limits, and retries on faults that pass."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable, Coroutine
from typing import Any

from aiolimiter import AsyncLimiter
from telegram.error import BadRequest, NetworkError, RetryAfter
from telegram.ext import AIORateLimiter

logger = logging.getLogger(__name__)

ATTEMPTS = 5  # per request, counting the first
BACKOFF = 0.5  # seconds before the first retry, doubled each time
MAX_BACKOFF = 8.0
# Telegram allows about one message a second in one chat; pacing them here avoids the 429
# that would otherwise pause every chat (AIORateLimiter halts all requests on RetryAfter).
PER_CHAT_RATE = 1.0
OVERALL_RATE = 28.0  # messages a second for the whole bot: a margin under Telegram's ~30
PACED = frozenset({"sendMessage", "editMessageText"})
# Chat actions are not messages: Telegram's 30 messages/s does not count them, so they must
# not use up the overall budget that answers need.
UNLIMITED = frozenset({"sendChatAction"})
IN_FLIGHT = 16  # Bot API requests on the wire at once: the HTTP pool's size (app.py)

Result = Any


class PatientRateLimiter(AIORateLimiter):
    """AIORateLimiter plus per-chat pacing and bounded retries on network errors and 5xx.

    AIORateLimiter retries only on RetryAfter. A dropped connection or a 502 raises
    NetworkError; retrying it may rarely send a message twice, which beats losing a reply.
    """

    def __init__(
        self,
        attempts: int = ATTEMPTS,
        backoff: float = BACKOFF,
        in_flight: int = IN_FLIGHT,
        per_chat_rate: float = PER_CHAT_RATE,
    ) -> None:
        # Evenly spaced rather than a bucket of 30 a second: a bucket lets up to 60 through
        # in one second after a quiet spell, and one 429 then pauses every chat.
        super().__init__(
            overall_max_rate=1, overall_time_period=1 / OVERALL_RATE, max_retries=attempts - 1
        )
        self._attempts, self._backoff, self._per_chat = attempts, backoff, per_chat_rate
        self._chats: dict[str, AsyncLimiter] = {}
        # Requests beyond the HTTP pool's connections wait here, not in httpcore's queue,
        # which it rescans against every connection for each request (quadratic in a burst).
        self._in_flight = asyncio.Semaphore(in_flight)

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, Result]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> Result:

        async def send(*a: Any, **kw: Any) -> Result:
            async with self._in_flight:
                return await callback(*a, **kw)

        for attempt in range(1, self._attempts + 1):
            try:
                if endpoint in UNLIMITED:
                    return await send(*args, **kwargs)
                async with self._pace(endpoint, data.get("chat_id")):
                    return await super().process_request(
                        send, args, kwargs, endpoint, data, rate_limit_args
                    )
            except (BadRequest, RetryAfter):
                raise  # our request is wrong, or AIORateLimiter has retried it already
            except NetworkError as error:
                if attempt == self._attempts:
                    logger.error("%s failed after %d attempts: %s", endpoint, attempt, error)
                    raise
                delay = min(self._backoff * 2 ** (attempt - 1), MAX_BACKOFF)
                logger.warning(
                    "%s failed (%s); retry %d in %.1fs", endpoint, error, attempt, delay
                )
                await asyncio.sleep(delay)
        raise AssertionError("unreachable")

    def _pace(self, endpoint: str, chat_id: object) -> AsyncLimiter | contextlib.nullcontext[None]:
        if endpoint not in PACED or not isinstance(chat_id, (int, str)):
            return contextlib.nullcontext()
        if len(self._chats) > 4096:
            self._chats = {c: lim for c, lim in self._chats.items() if not lim.has_capacity(1)}
        return self._chats.setdefault(str(chat_id), AsyncLimiter(1, 1 / self._per_chat))
