"""Admins taking articles out again from a private chat, end to end against the fake Bot API."""

import shutil
from pathlib import Path

import pytest

from bot.cli import main
from bot.tg import messages
from bot.tg.texts import ENGLISH
from tests.conftest import SEEDS, StartBot
from tests.fakes import FakeTelegram, make_pdf
from tests.test_adding import ADMIN, OTHER, reply_to, start_serving


async def add_pdf(telegram: FakeTelegram, title: str, text: str) -> dict:
    """The bot's "Added" reply to an admin's PDF of one paragraph."""
    document = telegram.upload("report.pdf", make_pdf([text], title=title), "application/pdf")
    return await reply_to(telegram, telegram.private(ADMIN, document=document))


async def test_remove_in_reply_to_an_added_message_takes_the_article_out_at_once(
    telegram: FakeTelegram, start_bot: StartBot, tmp_path: Path
) -> None:
    folder = await start_serving(start_bot, tmp_path, telegram)
    added = await add_pdf(telegram, "Bridge approved", "The bridge will cost 12 million euros.")
    assert (folder / "bridge-approved.md").is_file()
    question = "How much will the bridge cost?"
    answer = await reply_to(telegram, telegram.private(OTHER, question))
    assert "12 million euros" in answer["text"]
    removed = await reply_to(telegram, telegram.private(ADMIN, "/remove", reply_to=added))
    assert removed["text"] == "Removed 1 article:\n• Bridge approved (1 paragraph)"
    assert not (folder / "bridge-approved.md").exists()
    answer = await reply_to(telegram, telegram.private(OTHER, question))
    assert "12 million euros" not in answer["text"]
    again = await reply_to(telegram, telegram.private(ADMIN, "/remove", reply_to=added))
    assert again["text"] == (
        "Removed 0 articles\nLeft: bridge-approved.md (no article of that name in the folder)"
    )
    assert sorted(p.name for p in folder.iterdir() if p.suffix == ".txt") == sorted(
        p.name for p in (Path(__file__).parents[1] / "seeds").glob("*.txt")
    )
    assert telegram.errors == []


async def test_remove_takes_out_every_article_a_batch_added(
    telegram: FakeTelegram, start_bot: StartBot, tmp_path: Path
) -> None:
    folder = await start_serving(start_bot, tmp_path, telegram)
    page = Path(__file__).parent / "data" / "webpages" / "german.stackexchange.com.ausgeraubt.html"
    document = telegram.upload("wurde.html", page.read_bytes(), "text/html")
    added = await reply_to(telegram, telegram.private(ADMIN, document=document))
    assert added["text"].startswith("Added 7 of the 7 posts as articles:\n")
    before = {p.name for p in folder.iterdir()}
    removed = await reply_to(telegram, telegram.private(ADMIN, "/remove", reply_to=added))
    assert removed["text"].startswith("Removed 7 articles:\n• ")
    assert removed["text"].count("\n• ") == 7
    assert len(before - {p.name for p in folder.iterdir()}) == 7
    answer = await reply_to(telegram, telegram.private(OTHER, "What does Robert say about war?"))
    assert "I got robbed" not in answer["text"] and telegram.errors == []


async def test_remove_by_title_or_file_name_and_never_what_the_bot_did_not_add(
    telegram: FakeTelegram, start_bot: StartBot, tmp_path: Path
) -> None:
    """An article is named by its title as /sources lists it, or by its file name; the seeds,
    put in the folder by hand, and anything outside the folder are left alone."""
    folder = await start_serving(start_bot, tmp_path, telegram)
    await add_pdf(telegram, "Bridge approved", "The bridge will cost 12 million euros.")
    await add_pdf(telegram, "Tunnel approved", "The tunnel will cost 9 million euros.")
    await add_pdf(telegram, "Ferry approved", "The ferry will cost 2 million euros.")
    by_title = await reply_to(telegram, telegram.private(ADMIN, "/remove  bridge APPROVED "))
    assert by_title["text"] == "Removed 1 article:\n• Bridge approved (1 paragraph)"
    by_name = await reply_to(telegram, telegram.private(ADMIN, "/remove tunnel-approved"))
    assert by_name["text"] == "Removed 1 article:\n• Tunnel approved (1 paragraph)"
    (tmp_path / "outside.md").write_text("---\nadded: 2026-01-01\n---\nKeep me.\n")
    seed = "000_82ef0fe26c118cce.txt"
    refused = await reply_to(
        telegram, telegram.private(ADMIN, f"/remove {seed} ../outside.md .quotebot/answers")
    )
    assert refused["text"] == (
        "Removed 0 articles\n"
        "Left: 000_82ef0fe26c118cce.txt (not added with add or by the bot)\n"
        "Left: ../outside.md, .quotebot/answers (no article of that name in the folder)"
    )
    assert (folder / seed).is_file() and (tmp_path / "outside.md").is_file()
    assert (folder / "ferry-approved.md").is_file()
    how = await reply_to(telegram, telegram.private(ADMIN, "/remove"))
    assert how["text"] == messages.REMOVE_HOW
    answer = await reply_to(telegram, telegram.private(ADMIN, "How much will the ferry cost?"))
    not_added = await reply_to(telegram, telegram.private(ADMIN, "/remove", reply_to=answer))
    assert not_added["text"] == messages.REMOVE_HOW  # an answer added nothing
    other = await reply_to(telegram, telegram.private(OTHER, "/remove ferry-approved.md"))
    assert other["text"] == ENGLISH.unknown_command
    assert (folder / "ferry-approved.md").is_file()
    assert [c["command"] for c in telegram.scoped_commands[ADMIN]][-3:] == [
        "add",
        "remove",
        "feeds",
    ]
    assert "remove" not in {c["command"] for c in telegram.commands}
    assert telegram.errors == []


async def test_remove_by_the_address_an_article_is_at(
    telegram: FakeTelegram, start_bot: StartBot, tmp_path: Path
) -> None:
    """A page's or a channel post's link, as a browser or Telegram's "Copy link" gives it,
    names the article at it; another address names none."""
    folder = await start_serving(start_bot, tmp_path, telegram)
    address = "https://example.org/reports/bridge.pdf"
    pdf = make_pdf(["The bridge will cost 12 million euros."], title="Bridge approved")
    document = telegram.upload("report.pdf", pdf, "application/pdf")
    await reply_to(telegram, telegram.private(ADMIN, document=document, caption=address))
    assert (folder / "bridge-approved.md").is_file()
    elsewhere = await reply_to(telegram, telegram.private(ADMIN, "/remove https://example.org/"))
    assert elsewhere["text"].startswith("Removed 0 articles\nLeft: https://example.org/ (no ")
    removed = await reply_to(telegram, telegram.private(ADMIN, f"/remove {address}#page=1"))
    assert removed["text"] == "Removed 1 article:\n• Bridge approved (1 paragraph)"
    assert not (folder / "bridge-approved.md").exists() and telegram.errors == []


async def test_remove_asks_which_when_a_title_is_shared_and_never_empties_the_folder(
    telegram: FakeTelegram, start_bot: StartBot, tmp_path: Path
) -> None:
    folder = await start_serving(start_bot, tmp_path, telegram)
    await add_pdf(telegram, "Bridge approved", "The bridge will cost 12 million euros.")
    await add_pdf(telegram, "Bridge approved", "The bridge will open in 2030, the council said.")
    which = await reply_to(telegram, telegram.private(ADMIN, "/remove Bridge approved"))
    assert which["text"] == messages.REMOVE_WHICH.format(
        names="bridge-approved-2.md, bridge-approved.md"
    )
    assert (folder / "bridge-approved.md").is_file()
    for seed in folder.glob("*.txt"):
        seed.unlink()
    # The folder's only articles now: removing both would leave nothing to quote.
    command = "/remove bridge-approved.md bridge-approved-2.md"
    refused = await reply_to(telegram, telegram.private(ADMIN, command))
    assert refused["text"] == (
        "Could not remove that: that would leave the folder without an article; add another first"
    )
    assert len(list(folder.glob("bridge-approved*.md"))) == 2 and telegram.errors == []


async def test_an_admins_help_says_what_only_admins_may_do(
    telegram: FakeTelegram, start_bot: StartBot, tmp_path: Path
) -> None:
    await start_serving(start_bot, tmp_path, telegram)
    admin = await reply_to(telegram, telegram.private(ADMIN, "/help"))
    assert (
        admin["text"].endswith("/feeds: the feeds I follow, and /unfollow N to stop one")
        and "As an admin, in this chat:" in admin["text"]
    )
    other = await reply_to(telegram, telegram.private(OTHER, "/help"))
    assert "As an admin" not in other["text"] and telegram.errors == []


def test_remove_at_the_terminal_takes_out_what_add_wrote_by_file_or_title(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The same rules as /remove: what add wrote goes, by its file or its title; a seed stays."""
    folder = tmp_path / "corpus"
    shutil.copytree(SEEDS, folder)
    (tmp_path / "b.pdf").write_bytes(
        make_pdf(["The bridge will cost 12 million euros."], "Bridge")
    )
    (tmp_path / "t.pdf").write_bytes(make_pdf(["The tunnel will cost 9 million euros."], "Tunnel"))
    for pdf in ("b.pdf", "t.pdf"):
        assert main(["add", "--corpus", str(folder), str(tmp_path / pdf)]) == 0
    capsys.readouterr()
    seed = "000_82ef0fe26c118cce.txt"
    assert main(["remove", "--corpus", str(folder), "bridge", seed, "x.md"]) == 0
    assert capsys.readouterr().out == (
        f"removed: Bridge\n  {folder / 'bridge.md'}\n"
        f"left: {seed} (not added with add or by the bot)\n"
        "left: x.md (no article of that name in the folder)\n"
    )
    assert main(["remove", "--corpus", str(folder), "TUNNEL"]) == 0  # its title, any case
    (tmp_path / "f.pdf").write_bytes(make_pdf(["The ferry will cost 2 million euros."], "Ferry"))
    at = "https://example.org/ferry.pdf"
    assert main(["add", "--corpus", str(folder), str(tmp_path / "f.pdf"), "--url", at]) == 0
    assert main(["remove", "--corpus", str(folder), f"{at}/"]) == 0  # the address it is at
    assert not (folder / "ferry.md").exists()
    assert not (folder / "tunnel.md").exists() and (folder / seed).is_file()
    capsys.readouterr()
    assert main(["remove", "--corpus", str(folder), seed]) == 1  # nothing removed
    assert capsys.readouterr().out == f"left: {seed} (not added with add or by the bot)\n"
    assert main(["ask", "--corpus", str(folder), "How much will the bridge cost?"]) == 1
    assert capsys.readouterr().out.startswith("No passage in the sources matches")
