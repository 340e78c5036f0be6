"""Load benchmark: the real ``python -m bot serve`` against the fake Bot API on 127.0.0.1.

    python -m tests.load_benchmark

1. Burst: 100 questions from 10 users at once. Telegram allows about one message a second
   per chat, so a user's tenth answer cannot come before ~9 s; reported are the latency of
   each user's first answer and of all answers.
2. Sustained: 28 users each asking one question a second for 10 s (28 answers/s: the bot
   paces itself a margin under Telegram's ~30/s cap): answers per second and the bot
   process's CPU, read from /proc.
Set BOT_SEMANTIC=off to measure the lexical path alone. Not part of CI.
"""

from __future__ import annotations

import asyncio
import json
import os
import statistics
import sys
import time
from pathlib import Path

from tests.fakes import FakeTelegram

ROOT = Path(__file__).resolve().parent.parent
TICKS = os.sysconf("SC_CLK_TCK")
USERS = 28  # questions a second: the pace the bot keeps, a margin under Telegram's ~30


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS  # utime + stime


def questions() -> list[str]:
    lines = (ROOT / "tests/data/seeds-dev.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line)["q"] for line in lines if json.loads(line)["expect"]]


async def answered(
    fake: FakeTelegram, asked: list[tuple[dict, float]], timeout: float
) -> list[float]:
    """Wait for a reply to each question; returns the latencies in seconds."""
    await fake.wait_for(lambda: all(fake.replies_to(q) for q, _ in asked), timeout=timeout)
    latencies = []
    for question, sent in asked:
        reply = fake.replies_to(question)[0]
        latencies.append(fake.sent_at[(reply["chat"]["id"], reply["message_id"])] - sent)
    return latencies


async def main() -> None:
    fake = FakeTelegram()
    await fake.start()
    env = {**os.environ, "TELEGRAM_BOT_TOKEN": fake.token, "TELEGRAM_BASE_URL": fake.base_url,
           "BOT_CORPUS": str(ROOT / "seeds"), "BOT_WATCH_SECONDS": "0"}  # fmt: skip
    bot = await asyncio.create_subprocess_exec(
        sys.executable,
        *os.environ.get("BENCH_PROFILE", "").split(),
        "-m",
        "bot",
        "serve",
        env=env,
        cwd=ROOT,
        stderr=asyncio.subprocess.DEVNULL,
    )
    try:
        await fake.wait_for(lambda: fake.commands, timeout=30)
        pool = questions()

        asked = [(fake.private(100 + u, pool[(u * 10 + i) % len(pool)]), time.monotonic())
                 for u in range(10) for i in range(10)]  # fmt: skip
        latencies = await answered(fake, asked, timeout=120)
        firsts = [min(latencies[u * 10 : u * 10 + 10]) for u in range(10)]
        print(f"burst: 100 questions from 10 users, all answered: "
              f"median latency {statistics.median(latencies):.2f} s, "
              f"median first answer per user {statistics.median(firsts) * 1000:.0f} ms, "
              f"max {max(latencies):.1f} s")  # fmt: skip

        before, start = cpu_seconds(bot.pid), time.monotonic()
        asked = []
        for second in range(10):
            for user in range(USERS):
                asked.append((fake.private(1000 + user, pool[(second + user) % len(pool)]),
                              time.monotonic()))  # fmt: skip
            await asyncio.sleep(max(0.0, start + second + 1 - time.monotonic()))
        latencies = await answered(fake, asked, timeout=120)
        wall = time.monotonic() - start
        cpu = cpu_seconds(bot.pid) - before
        print(f"sustained: {len(asked)} questions over {wall:.1f} s = {len(asked) / wall:.1f} "
              f"answers/s; median latency {statistics.median(latencies) * 1000:.0f} ms, "
              f"p99 {sorted(latencies)[int(len(latencies) * 0.99) - 1] * 1000:.0f} ms; "
              f"bot CPU {cpu / wall * 100:.1f} % of one core, "
              f"{cpu / len(asked) * 1000:.2f} ms per answer")  # fmt: skip
        typing = fake.calls.count("sendChatAction")
        print(f"typing indicators: {typing} for {len(fake.sent)} answers in both runs")
        reasons = {r: fake.flood_reasons.count(r) for r in set(fake.flood_reasons)}
        print(f"flood-limit 429s from the fake: {fake.floods} {reasons}")
        assert fake.errors == [], fake.errors
    finally:
        bot.terminate()
        await bot.wait()
        await fake.stop()


if __name__ == "__main__":
    asyncio.run(main())
