"""Channels the bot archives: each post an article as it is published, an edit updating it;
end to end against the fake Bot API."""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

import pytest

from bot.library import open_library
from tests.conftest import SEEDS, StartBot
from tests.fakes import FakeTelegram
from tests.test_adding import OTHER, POST, post_entities, reply_to

HARBOUR = {"id": -1001876543210, "type": "channel", "title": "Harbour News",
           "username": "harbournews"}  # fmt: skip
PRIVATE = {"id": -1002222222222, "type": "channel", "title": "Council Insiders"}
STRANGER = {"id": -1003333333333, "type": "channel", "title": "Someone Else's"}


async def serving(start_bot: StartBot, tmp_path: Path) -> Path:
    folder = Path(shutil.copytree(SEEDS, tmp_path / "corpus"))
    library, _ = open_library(folder, "memory", semantic="off")
    channels = frozenset({HARBOUR["id"], PRIVATE["id"]})
    await start_bot(library, folder=folder, channel_ids=channels, watch_seconds=0)
    return folder


async def test_a_listed_channels_posts_are_archived_as_published_and_edited(
    telegram: FakeTelegram, start_bot: StartBot, tmp_path: Path
) -> None:
    folder = await serving(start_bot, tmp_path)
    post = telegram.channel_post(HARBOUR, POST, "Ole Berg", entities=post_entities(POST))
    path = folder / "ferry-fares-to-fall.md"
    await telegram.wait_for(lambda: path.is_file())
    question = "What will the island ferry cost?"
    answer = await reply_to(telegram, telegram.private(OTHER, question))
    assert "The island ferry will cost 2 euros a trip from June" in answer["text"]
    assert "Ferry fares to fall · Ole Berg, Harbour News" in answer["text"]
    assert f'href="https://t.me/harbournews/{post["message_id"]}' in answer["html"]
    assert "#ferry" not in answer["text"]
    # The channel corrects the fare: the same article, updated; nothing is said in the channel.
    telegram.edit_channel_post(post, POST.replace("2 euros", "2.50 euros"))
    await telegram.wait_for(lambda: "2.50 euros" in path.read_text(encoding="utf-8"))
    answer = await reply_to(telegram, telegram.private(OTHER, question))
    assert "2.50 euros a trip" in answer["text"] and "2 euros" not in answer["text"]
    assert len(list(folder.glob("ferry-fares*.md"))) == 1
    assert not [m for m in telegram.sent if m["chat"]["id"] == HARBOUR["id"]]
    assert telegram.errors == []


async def test_an_edit_that_leaves_a_posts_text_as_it_was_changes_nothing(
    telegram: FakeTelegram,
    start_bot: StartBot,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Its link preview turned off, its buttons changed: Telegram sends the post again."""
    folder = await serving(start_bot, tmp_path)
    post = telegram.channel_post(HARBOUR, POST, "Ole Berg", entities=post_entities(POST))
    path = folder / "ferry-fares-to-fall.md"
    await telegram.wait_for(lambda: path.is_file())
    written, stamp = path.read_bytes(), path.stat().st_mtime_ns
    with caplog.at_level(logging.INFO):
        telegram.edit_channel_post(post, POST, post_entities(POST))
        await telegram.wait_for(lambda: "unchanged" in caplog.text)
    assert (path.read_bytes(), path.stat().st_mtime_ns) == (written, stamp)
    assert "corpus reloaded" not in caplog.text
    assert telegram.errors == []


async def test_a_private_channels_post_links_for_its_members_and_a_picture_is_skipped(
    telegram: FakeTelegram, start_bot: StartBot, tmp_path: Path
) -> None:
    folder = await serving(start_bot, tmp_path)
    before = sorted(p.name for p in folder.iterdir())
    telegram.channel_post(PRIVATE, None, photo=[{"file_id": "p1", "file_unique_id": "u1",
                                                 "width": 90, "height": 90}])  # fmt: skip
    post = telegram.channel_post(PRIVATE, "The council meets on Thursday to vote on the pier.")
    path = folder / f"post-{post['message_id']}.md"
    await telegram.wait_for(lambda: path.is_file())
    assert f"url: https://t.me/c/2222222222/{post['message_id']}\n" in path.read_text("utf-8")
    assert sorted(p.name for p in folder.iterdir()) == sorted([*before, path.name])
    assert telegram.errors == []


async def test_a_channels_poll_is_archived_as_its_question_and_options(
    telegram: FakeTelegram, start_bot: StartBot, tmp_path: Path
) -> None:
    """A poll is the channel's words, as its export's are; had been skipped as no text. As
    Bot API 10.0 sends it: each option with its ``persistent_id``, the poll with
    ``allows_revoting``, ``members_only`` and the poster's ``description``."""
    folder = await serving(start_bot, tmp_path)
    options = ["Every hour, as in summer", "Only in the morning"]
    described = "The harbour board decides in March; the poll closes on Friday."
    poll = {"id": "5012", "question": "Should the island ferry run on winter Sundays?",
            "options": [{"persistent_id": f"o{i}", "text": text, "voter_count": 0}
                        for i, text in enumerate(options)],
            "total_voter_count": 0, "is_closed": False, "is_anonymous": True,
            "type": "regular", "allows_multiple_answers": False, "allows_revoting": True,
            "members_only": False, "description": described}  # fmt: skip
    post = telegram.channel_post(HARBOUR, None, poll=poll)
    path = folder / f"post-{post['message_id']}.md"
    await telegram.wait_for(lambda: path.is_file())
    question = "Will the island ferry run on winter Sundays?"
    answer = await reply_to(telegram, telegram.private(OTHER, question))
    assert "Should the island ferry run on winter Sundays?" in answer["text"]
    assert all(option in answer["text"] for option in options)
    assert f"Post {post['message_id']} · Harbour News" in answer["text"]
    assert described in path.read_text(encoding="utf-8")
    assert telegram.errors == []


async def test_a_post_forwarded_into_the_channel_is_its_writers_and_an_edit_updates_it(
    telegram: FakeTelegram, start_bot: StartBot, tmp_path: Path
) -> None:
    """Cited as the person's words, as /add cites a forwarded message; with no address of
    its own it is linked at the channel's post, which the edit finds again."""
    folder = await serving(start_bot, tmp_path)
    origin = {"type": "user", "date": 1717228800,
              "sender_user": {"id": 77, "is_bot": False, "first_name": "Ruth",
                              "last_name": "Adler"}}  # fmt: skip
    text = "The harbour master says the north quay will reopen to ferries in August."
    post = telegram.channel_post(HARBOUR, text, forward_origin=origin)
    address = f"https://t.me/harbournews/{post['message_id']}"
    await telegram.wait_for(lambda: list(folder.glob("*.md")))
    telegram.edit_channel_post(post, text.replace("August", "September"))
    await telegram.wait_for(
        lambda: "September" in "".join(f.read_text("utf-8") for f in folder.glob("*.md"))
    )
    (path,) = folder.glob("*.md")
    saved = path.read_text(encoding="utf-8")
    assert "author: Ruth Adler\n" in saved and f"url: {address}\n" in saved
    assert "August" not in saved and telegram.errors == []


async def test_an_unlisted_channels_post_is_not_archived_and_the_log_says_how_to(
    telegram: FakeTelegram, start_bot: StartBot, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO):
        folder = await serving(start_bot, tmp_path)
        assert "22 paragraphs as @QuoteTestBot; archiving 2 channels" in caplog.text
        before = sorted(p.name for p in folder.iterdir())
        telegram.channel_post(STRANGER, "Buy our coins now, the ferry will take them.")
        await telegram.wait_for(lambda: "BOT_CHANNEL_IDS" in caplog.text)
    assert f"a post of channel {STRANGER['id']}, not archived" in caplog.text
    assert "coins" not in caplog.text  # no message text in the log
    assert sorted(p.name for p in folder.iterdir()) == before
    answer = await reply_to(telegram, telegram.private(OTHER, "Which coins does the ferry take?"))
    assert "Buy our coins" not in answer["text"] and telegram.errors == []
