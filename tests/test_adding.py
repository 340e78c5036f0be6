"""Admins adding articles from a private chat, end to end against the fake Bot API."""

import logging
import shutil
from pathlib import Path

import pytest

from bot.library import open_library
from bot.tg import messages
from bot.tg.texts import ENGLISH
from tests.conftest import SEEDS, StartBot
from tests.fakes import (
    FakeTelegram,
    PageServer,
    make_docx,
    make_mhtml,
    make_odt,
    make_pdf,
    make_webarchive,
    utf16_length,
)

ADMIN, OTHER = 4242, 1001
PAGE = Path(__file__).parent / "data" / "webpages" / "citylimits.org-Nycha.html"


async def reply_to(telegram: FakeTelegram, message: dict) -> dict:
    return (await telegram.wait_for(lambda: telegram.after(message), timeout=20))[0]


async def start_serving(start_bot: StartBot, tmp_path: Path, telegram: FakeTelegram) -> Path:
    """The bot serving a copy of the seeds, ADMIN its admin, who has opened it before."""
    telegram.opened.add(ADMIN)
    folder = Path(shutil.copytree(SEEDS, tmp_path / "corpus"))
    library, _ = open_library(folder, "memory", semantic="off")
    await start_bot(library, folder=folder, admin_ids=frozenset({ADMIN}), watch_seconds=0)
    return folder


@pytest.mark.parametrize(
    ("name", "mime"),
    [
        ("nycha.html", "text/html"),
        ("nycha.mhtml", "application/x-mimearchive"),
        ("nycha.webarchive", "application/x-webarchive"),
    ],
)
async def test_an_admin_adds_a_page_file_and_it_is_searchable_at_once(
    telegram: FakeTelegram, start_bot: StartBot, tmp_path: Path, name: str, mime: str
) -> None:
    folder = await start_serving(start_bot, tmp_path, telegram)
    page = PAGE.read_bytes()
    saved_from = "https://citylimits.org/2023/11/08/"
    if name.endswith(".mhtml"):  # saved by Chrome as one file
        page = make_mhtml(page.decode("utf-8"), saved_from)
    elif name.endswith(".webarchive"):  # by Safari
        page = make_webarchive(page.decode("utf-8"), saved_from)
    document = telegram.upload(name, page, mime)
    added = await reply_to(telegram, telegram.private(ADMIN, document=document))
    assert added["text"].startswith("Added: VIDEO: Voting on NYCHA’s Future — Tatyana Turner")
    assert "16 paragraphs" in added["text"]
    assert (folder / "video-voting-on-nychas-future.md").is_file()
    answer = await reply_to(telegram, telegram.private(OTHER, "How many Nostrand tenants voted?"))
    assert "Nostrand" in answer["text"] and "VIDEO: Voting on NYCHA" in answer["text"]
    assert telegram.errors == []


async def test_an_admin_adds_a_pdf(
    telegram: FakeTelegram,
    start_bot: StartBot,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Sent again, it is left as it was, and the folder is not read again for it."""
    await start_serving(start_bot, tmp_path, telegram)
    pdf = make_pdf(["The bridge will cost 12 million euros."], title="Bridge approved")
    document = telegram.upload("bridge.pdf", pdf, "application/pdf")
    with caplog.at_level(logging.INFO):
        added = await reply_to(telegram, telegram.private(ADMIN, document=document))
        assert added["text"].startswith("Added: Bridge approved (1 paragraph)")
        again = await reply_to(telegram, telegram.private(ADMIN, document=document))
    assert again["text"] == (
        "Already in the folder, unchanged: Bridge approved (1 paragraph), saved as "
        "bridge-approved.md. Ask away."
    )
    assert caplog.text.count("corpus reloaded") == 1


async def test_a_file_is_cited_at_the_address_its_caption_gives(
    telegram: FakeTelegram, start_bot: StartBot, tmp_path: Path
) -> None:
    # As `add FILE --url URL`: a report sent as a file links its quotes to where it was published.
    folder = await start_serving(start_bot, tmp_path, telegram)
    pdf = make_pdf(["The bridge will cost 12 million euros."], title="Bridge approved")
    document = telegram.upload("bridge.pdf", pdf, "application/pdf")
    noted = telegram.private(ADMIN, document=document, caption="bridge report, page 2")
    refused = await reply_to(telegram, noted)  # a mistyped address is not lost unnoticed
    assert refused["text"] == (
        "Could not add that: a file's caption must be only the http(s) address it was published at"
    )
    assert not (folder / "bridge-approved.md").exists()
    address = "https://example.org/reports/bridge.pdf"
    added = await reply_to(telegram, telegram.private(ADMIN, document=document, caption=address))
    assert added["text"].startswith("Added: Bridge approved (1 paragraph)")
    assert f"url: {address}\n" in (folder / "bridge-approved.md").read_text()
    answer = await reply_to(telegram, telegram.private(OTHER, "How much will the bridge cost?"))
    assert f'<a href="{address}' in answer["html"]
    # A file forwarded from a channel keeps its poster's caption: not the admin's, so ignored.
    origin = {"type": "channel", "chat": {"id": -1001, "type": "channel", "title": "City news"},
              "message_id": 7, "date": 1700000000}  # fmt: skip
    pdf = make_pdf(["The tunnel will cost 9 million euros."], title="Tunnel approved")
    document = telegram.upload("tunnel.pdf", pdf, "application/pdf")
    forwarded = telegram.private(
        ADMIN, document=document, caption="Read the council's decision", forward_origin=origin
    )
    added = await reply_to(telegram, forwarded)
    assert added["text"].startswith("Added: Tunnel approved (1 paragraph)")
    assert "url:" not in (folder / "tunnel-approved.md").read_text()
    assert telegram.errors == []


@pytest.mark.parametrize("suffix", [".docx", ".doc", ".odt", ".rtf", "rtf.doc", ".epub", ".msg"])
async def test_an_admin_adds_a_word_document(
    telegram: FakeTelegram, start_bot: StartBot, tmp_path: Path, suffix: str
) -> None:
    await start_serving(start_bot, tmp_path, telegram)
    said = "The bridge will cost 12 million euros."
    if suffix == ".docx":
        word = make_docx([said], title="Bridge approved")
        mime = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    elif suffix == ".doc":  # Word 97-2003's, as LibreOffice saved tests/data/bridge.doc
        word = (Path(__file__).parent / "data" / "bridge.doc").read_bytes()
        mime = "application/msword"
    elif suffix == ".epub":  # an e-book of the article, as pandoc wrote tests/data/bridge.epub
        word = (Path(__file__).parent / "data" / "bridge.epub").read_bytes()
        mime = "application/epub+zip"
    elif suffix == ".msg":  # a newsletter Outlook saved (tests/data/bridge-newsletter.msg)
        word = (Path(__file__).parent / "data" / "bridge-newsletter.msg").read_bytes()
        mime = "application/vnd.ms-outlook"
    elif suffix == ".odt":  # LibreOffice's own
        word = make_odt(f"<text:p>{said}</text:p>", title="Bridge approved")
        mime = "application/vnd.oasis.opendocument.text"
    else:  # TextEdit's and WordPad's own, which programs also save as ".doc"
        word = rb"{\rtf1\ansi{\stylesheet{\s1 Title;}}\pard\s1 Bridge approved\par"
        word += rb"\pard " + said.encode() + rb"\par}"
        mime = "application/msword" if suffix.endswith(".doc") else "application/rtf"
    document = telegram.upload(f"Bridge (final){suffix}", word, mime)
    added = await reply_to(telegram, telegram.private(ADMIN, document=document))
    shown = {  # an EPUB book names its author and publisher
        ".doc": "Bridge approved (6 paragraphs)",
        ".epub": "Bridge approved — Anna Berg, Elbe Courier (7 paragraphs)",
        ".msg": "The new bridge — Anna Berg (2 paragraphs)",
    }.get(suffix, "Bridge approved (1 paragraph)")
    assert added["text"].startswith(f"Added: {shown}")
    answer = await reply_to(telegram, telegram.private(OTHER, "How much will the bridge cost?"))
    assert "12 million euros" in answer["text"] and telegram.errors == []


async def test_an_admin_adds_a_mailbox_each_mail_an_article(
    telegram: FakeTelegram, start_bot: StartBot, tmp_path: Path
) -> None:
    folder = await start_serving(start_bot, tmp_path, telegram)
    mails = [
        (Path(__file__).parent / "data" / "bridge-newsletter.eml").read_bytes(),
        b"From: Harbour Office <office@port.example>\nSubject: The ferry\n\n"
        b"The ferry to the islands will run every hour from May, the harbour master said.\n",
        b"From: Harbour Office <office@port.example>\nSubject: Empty\n\n\n",
    ]
    box = b"".join(b"From - Thu Mar 05 09:00:00 2026\n" + m + b"\n" for m in mails)
    document = telegram.upload("Newsletters.mbox", box, "application/mbox")
    added = await reply_to(telegram, telegram.private(ADMIN, document=document))
    assert added["text"] == (
        "Added 2 of the 3 e-mails as articles:\n"
        "• The new bridge — Anna Berg (2 paragraphs)\n"
        "• The ferry — Harbour Office (1 paragraph)\n"
        "Left out: no text in the e-mail (1). Ask away."
    )
    assert {"the-new-bridge.md", "the-ferry.md"} <= {p.name for p in folder.iterdir()}
    answer = await reply_to(telegram, telegram.private(OTHER, "How often will the ferry run?"))
    assert "every hour from May" in answer["text"] and "Harbour Office" in answer["text"]
    assert telegram.errors == []


async def test_an_admin_adds_a_page_of_answers_each_cited_as_its_writers(
    telegram: FakeTelegram, start_bot: StartBot, tmp_path: Path
) -> None:
    """A saved Stack Exchange page: its question and six answers, by seven people."""
    await start_serving(start_bot, tmp_path, telegram)
    page = Path(__file__).parent / "data" / "webpages" / "german.stackexchange.com.ausgeraubt.html"
    document = telegram.upload("wurde.html", page.read_bytes(), "text/html")
    added = await reply_to(telegram, telegram.private(ADMIN, document=document))
    assert added["text"].startswith("Added 7 of the 7 posts as articles:\n• When to use")
    assert added["text"].count("\n• ") == 7 and added["text"].endswith(")\nAsk away.")
    answer = await reply_to(telegram, telegram.private(OTHER, "What does Robert say about war?"))
    assert "I got robbed" in answer["text"] and "Robert" in answer["text"]
    assert telegram.errors == []


async def test_an_admin_adds_a_channels_export_each_post_cited_at_its_address(
    telegram: FakeTelegram, start_bot: StartBot, tmp_path: Path
) -> None:
    """Telegram Desktop's JSON export of a channel, captioned with the channel's address:
    each post with text an article, linked to the post; a forwarded one cited as its
    source's. A JSON file that is no export is refused, and nothing is added."""
    folder = await start_serving(start_bot, tmp_path, telegram)
    export = Path(__file__).parent / "data" / "telegram" / "result.json"
    document = telegram.upload("result.json", export.read_bytes(), "application/json")
    sent = telegram.private(ADMIN, document=document, caption="https://t.me/riversidedaily")
    added = await reply_to(telegram, sent)
    assert added["text"] == (
        "Added 3 of the 4 posts as articles:\n"
        "• Old bridge to close for repairs — Riverside Daily (2 paragraphs)\n"
        "• Post 3 — Mill River Anglers, Riverside Daily (1 paragraph)\n"
        "• Post 5 — Maya Lind, Riverside Daily (3 paragraphs)\n"
        "Left out: no text in the post (1). Ask away."
    )
    answer = await reply_to(telegram, telegram.private(OTHER, "How many salmon at the weir?"))
    assert "Anglers counted 212 salmon" in answer["text"]
    assert "Post 3 · Mill River Anglers, Riverside Daily · paragraph 1" in answer["text"]
    assert 'href="https://t.me/riversidedaily/3"' in answer["html"]
    html = export.with_name("messages.html").read_bytes()  # the export's default, HTML
    page = telegram.upload("messages.html", html, "text/html")
    sent = telegram.private(ADMIN, document=page, caption="https://t.me/riversidedaily")
    assert (await reply_to(telegram, sent))["text"] == (  # Post 3 is another post there
        "Added 2 of the 4 posts as articles (1 updated):\n"
        "• Post 3 — Riverside Daily (1 paragraph)\n"
        "• Post 4 — Mill River Anglers, Riverside Daily (1 paragraph)\n"
        "Left out: already in the folder (2). Ask away."
    )
    before = sorted(p.name for p in folder.iterdir())
    other = telegram.upload("data.json", b'{"messages": []}', "application/json")
    refused = await reply_to(telegram, telegram.private(ADMIN, document=other))
    assert refused["text"].startswith("Could not add that: no Telegram chat export")
    assert sorted(p.name for p in folder.iterdir()) == before and telegram.errors == []


POST = (
    "Ferry fares to fall\n\nThe island ferry will cost 2 euros a trip from June, down from 3,"
    " the harbour board said 🚢.\n\n#ferry #harbour"
)


def post_entities(text: str) -> list[dict]:
    """The formatting a channel's post arrives with: a bold headline and hashtags (offsets in
    UTF-16 units, as the Bot API counts them; the ship emoji takes two)."""
    spans = [("bold", "Ferry fares to fall"), ("hashtag", "#ferry"), ("hashtag", "#harbour")]
    return [
        {"type": kind, "offset": utf16_length(text[: text.index(words)]), "length": len(words)}
        for kind, words in spans
    ]


def channel_origin(username: str | None, chat_id: int = -1001876543210) -> dict:
    """Where a forwarded post comes from, as the Bot API's MessageOriginChannel says it."""
    chat = {"id": chat_id, "type": "channel", "title": "Harbour News"}
    if username:
        chat["username"] = username
    return {"type": "channel", "date": 1717228800, "chat": chat, "message_id": 42,
            "author_signature": "Ole Berg"}  # fmt: skip


async def test_an_admin_adds_a_post_forwarded_from_a_channel_with_add(
    telegram: FakeTelegram, start_bot: StartBot, tmp_path: Path
) -> None:
    """Forwarded to the bot, a post is a question like any text; /add in reply to it adds
    it, cited as its signer's and channel's words at its address (a private channel's, for
    its members). /add to nothing says how; to anyone else /add is no command."""
    folder = await start_serving(start_bot, tmp_path, telegram)
    forwarded = telegram.private(
        ADMIN, POST, entities=post_entities(POST), forward_origin=channel_origin("harbournews")
    )
    await reply_to(telegram, forwarded)  # answered as a question first
    added = await reply_to(telegram, telegram.private(ADMIN, "/add", reply_to=forwarded))
    assert added["text"].startswith("Added: Ferry fares to fall — Ole Berg, Harbour News")
    answer = await reply_to(telegram, telegram.private(OTHER, "What will the island ferry cost?"))
    assert "The island ferry will cost 2 euros a trip from June" in answer["text"]
    assert "#ferry" not in answer["text"] and "2024-06-01" in answer["text"]
    assert 'href="https://t.me/harbournews/42"' in answer["html"]
    private = telegram.private(ADMIN, POST, forward_origin=channel_origin(None))
    await reply_to(telegram, private)
    added = await reply_to(telegram, telegram.private(ADMIN, "/add", reply_to=private))
    assert added["text"].startswith("Added: Post 42 — Ole Berg, Harbour News")
    assert "url: https://t.me/c/1876543210/42" in (folder / "post-42.md").read_text("utf-8")
    assert "add" in {c["command"] for c in telegram.scoped_commands[ADMIN]}
    assert "add" not in {c["command"] for c in telegram.commands}  # not in everyone's menu
    how = await reply_to(telegram, telegram.private(ADMIN, "/add"))
    assert how["text"] == messages.ADD_HOW
    other = await reply_to(telegram, telegram.private(OTHER, "/add"))
    assert other["text"] == ENGLISH.unknown_command and telegram.errors == []


async def test_a_link_to_a_private_address_is_refused_and_nothing_is_fetched(
    telegram: FakeTelegram, start_bot: StartBot, tmp_path: Path
) -> None:
    folder = await start_serving(start_bot, tmp_path, telegram)
    before = sorted(p.name for p in folder.iterdir())
    with PageServer({"/story": (200, "text/html", PAGE.read_bytes())}) as server:
        reply = await reply_to(telegram, telegram.private(ADMIN, server.url("/story")))
        assert server.requests == []
    assert reply["text"] == "Could not add that: refused: 127.0.0.1 is a private or local address"
    assert sorted(p.name for p in folder.iterdir()) == before


async def test_a_failure_naming_a_very_long_address_still_fits_one_reply(
    telegram: FakeTelegram, start_bot: StartBot, tmp_path: Path
) -> None:
    await start_serving(start_bot, tmp_path, telegram)
    link = f"https://{'a' * 4070}.example/"
    reply = await reply_to(telegram, telegram.private(ADMIN, link))
    assert reply["text"].startswith("Could not add that: cannot find the host aaaa")
    assert reply["text"].endswith("…") and telegram.errors == []


async def test_anyone_else_sending_a_link_gets_an_ordinary_answer(
    telegram: FakeTelegram, start_bot: StartBot, tmp_path: Path
) -> None:
    await start_serving(start_bot, tmp_path, telegram)
    reply = await reply_to(telegram, telegram.private(OTHER, "https://example.org/khojaly"))
    assert not reply["text"].startswith(("Added", "Could not add"))
    upload = telegram.upload("nycha.html", PAGE.read_bytes(), "text/html")
    refused = await reply_to(telegram, telegram.private(OTHER, document=upload))
    assert refused["text"].startswith("I can only answer text questions")


async def test_an_unsupported_file_from_an_admin_gets_a_clear_reply(
    telegram: FakeTelegram, start_bot: StartBot, tmp_path: Path
) -> None:
    await start_serving(start_bot, tmp_path, telegram)
    document = telegram.upload("photo.png", b"\x89PNG\r\n\x1a\n", "image/png")
    reply = await reply_to(telegram, telegram.private(ADMIN, document=document))
    assert reply["text"] == (
        "Could not add that: send a web page (.html, .mhtml, .webarchive), a PDF, a Word, "
        "OpenDocument or RTF text (.docx, .doc, .odt, .rtf), an EPUB book (.epub), "
        "e-mails (.eml, .msg, .mbox), a Telegram channel's export (result.json) or an RSS "
        "or Atom feed (.xml)"
    )


async def test_an_admin_who_never_opened_the_bot_gets_no_add_in_the_menu_and_it_serves(
    telegram: FakeTelegram, start_bot: StartBot, tmp_path: Path
) -> None:
    """Telegram keeps no menu for a chat that does not exist yet: the bot starts all the
    same, and the admin's first message is answered."""
    folder = Path(shutil.copytree(SEEDS, tmp_path / "corpus"))
    library, _ = open_library(folder, "memory", semantic="off")
    await start_bot(library, folder=folder, admin_ids=frozenset({ADMIN}), watch_seconds=0)
    answer = await reply_to(telegram, telegram.private(ADMIN, "Which river did civilians flee?"))
    assert "Gargarchay" in answer["text"] and ADMIN not in telegram.scoped_commands
    assert telegram.errors == [("setMyCommands", "Bad Request: chat not found")]
