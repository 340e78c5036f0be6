"""A Telegram channel's export (Telegram Desktop's result.json), added post by post."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.cli import main
from bot.corpus import load_corpus
from bot.extract import ExtractError
from bot.tgexport import export_posts

EXPORT = Path(__file__).parent / "data" / "telegram" / "result.json"
Capsys = pytest.CaptureFixture[str]


def add(folder: Path, capsys: Capsys, *args: str) -> tuple[int, str, str]:
    status = main(["add", "--corpus", str(folder), *args])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_each_post_is_an_article_cited_as_whose_words_it_holds(
    tmp_path: Path, capsys: Capsys
) -> None:
    """A headline (the post's first line, all in bold) is its title; a forwarded post is its
    source's words, a signed one its signer's; a post's hashtags, what it strikes out and a
    photo without words are not quoted; a quotation it sets apart is cited as one."""
    status, out, _ = add(tmp_path, capsys, str(EXPORT), "--url", "https://t.me/riversidedaily")
    assert status == 0
    assert out.endswith("3 of the 4 posts in " + str(EXPORT) + " added; left out: no text in "
                        "the post (1)\n")  # fmt: skip
    articles = {a.title: a for a in load_corpus(tmp_path).articles}
    bridge = articles["Old bridge to close for repairs"]
    assert (bridge.byline, bridge.date, bridge.url) == (
        "Riverside Daily", "2024-01-10", "https://t.me/riversidedaily/2"
    )  # fmt: skip
    assert articles["Post 3"].byline == "Mill River Anglers, Riverside Daily"
    assert articles["Post 5"].byline == "Maya Lind, Riverside Daily"
    said = {p.text: p for p in load_corpus(tmp_path).passages}
    assert "Cyclists will use a temporary pontoon crossing downstream; cars are sent through "\
           "the ring road." in said  # fmt: skip
    assert not any("#bridge" in text or "Old bridge" in text for text in said)
    assert "The council pays for the three extra staff for a year." in said  # "two" struck out
    quoted = [p for p in said.values() if p.quotation]
    assert [p.text for p in quoted] == [
        "> Sunday is the only day many families can come together."
    ]
    assert main(["ask", "--corpus", str(tmp_path), "salmon weir"]) == 0
    assert "https://t.me/riversidedaily/3  (post-3.md" in capsys.readouterr().out  # no fragment


def test_a_wrong_address_an_accounts_export_and_other_json_are_refused(
    tmp_path: Path, capsys: Capsys
) -> None:
    status, _, err = add(tmp_path, capsys, str(EXPORT), "--url", "https://example.org/news")
    assert status == 2 and "a channel's address is https://t.me/NAME" in err
    account = tmp_path.parent / "account.json"
    chats = {"list": [json.loads(EXPORT.read_text(encoding="utf-8").replace("\\x0B", " "))]}
    account.write_text(json.dumps({"about": "Here is the data you requested.", "chats": chats}))
    with pytest.raises(ExtractError, match="a whole account's export"):
        export_posts(account.read_bytes())
    broken = tmp_path.parent / "broken.json"
    broken.write_text('{"type": "public_channel", "messages": "none"}')
    status, _, err = add(tmp_path, capsys, str(broken))
    assert status == 2 and "no Telegram chat export; export one channel or chat as JSON" in err
    other = tmp_path.parent / "data.json"
    other.write_text('[{"id": 1, "text": "a list of records"}]')
    status, _, err = add(tmp_path, capsys, str(other))
    assert status == 2 and "not a saved web page, PDF" in err and "Telegram export" in err
    assert list(tmp_path.iterdir()) == []


def test_an_export_in_the_folder_says_how_to_add_its_posts(tmp_path: Path, capsys: Capsys) -> None:
    """The folder reads one article a file; an export of thousands of posts is added instead."""
    (tmp_path / "story.txt").write_text("The ferry runs every hour from May.\n", encoding="utf-8")
    (tmp_path / "result.json").write_bytes(EXPORT.read_bytes())
    warnings = load_corpus(tmp_path).warnings
    assert any(
        "result.json: a Telegram export, whose posts are added one by one with "
        "`python -m bot add FILE --url https://t.me/CHANNEL`" in w
        for w in warnings
    )


def test_a_groups_message_is_its_senders_words() -> None:
    """In a group every message is its sender's; a deleted account's name is null."""
    group = {
        "name": "Mill River Walkers",
        "type": "private_supergroup",
        "id": 1234567,
        "messages": [
            {"id": 7, "type": "message", "date": "2024-03-02T10:00:00", "from": "Ada Roe",
             "from_id": "user42", "text": "The towpath is flooded past the second lock."},
            {"id": 8, "type": "message", "date": "2024-03-02T10:05:00", "from": None,
             "from_id": "user43", "text": "It was dry on Sunday."},
        ],
    }  # fmt: skip
    name, (ada, deleted) = export_posts(json.dumps(group).encode())
    assert name == "Mill River Walkers" and ada.title == "Message 7"
    assert (ada.author, ada.site, ada.url) == ("Ada Roe", "Mill River Walkers", "")
    assert deleted.author == "" and deleted.blocks == ("It was dry on Sunday.",)


PAGE = EXPORT.with_name("messages.html")


def test_a_page_of_the_html_export_is_added_post_by_post(tmp_path: Path, capsys: Capsys) -> None:
    """Telegram Desktop's default export is HTML, a page a thousand messages: each post is
    read as from the JSON export, a "joined" one (its sender's name left off the page) as its
    sender's, a forward as its origin's. Several pages take the channel's address at once; a
    page left in the folder is skipped with the way to add it, not read as one article of
    nobody's words."""
    pages = tmp_path.parent / "export"
    pages.mkdir()
    for name in ("messages.html", "messages2.html"):
        (pages / name).write_bytes(PAGE.read_bytes())
    sources = [str(pages / "messages.html"), str(pages / "messages2.html")]
    status, out, _ = add(tmp_path, capsys, *sources, "--url", "https://t.me/riversidedaily")
    assert status == 0 and out.count("4 of the 4 posts in ") == 1
    assert "0 of the 4 posts in " in out and out.endswith("already in the folder (4)\n")
    articles = {a.title: a for a in load_corpus(tmp_path).articles}
    assert len(articles) == 4  # the second page, the same posts, left them as they were
    assert (articles["Post 3"].byline, articles["Post 3"].date) == (
        "Riverside Daily",
        "2024-01-10",
    )
    assert articles["Post 4"].byline == "Mill River Anglers, Riverside Daily"
    assert articles["Post 5"].url == "https://t.me/riversidedaily/5"
    said = {p.text for p in load_corpus(tmp_path).passages}
    assert "The council pays for the three extra staff for a year." in said
    assert "> Sunday is the only day many families can come together." in said
    assert not any("#bridge" in text or "Photo" in text for text in said)
    story = tmp_path.parent / "story.txt"
    story.write_text("The ferry runs every hour from May.\n", encoding="utf-8")
    status, _, err = add(tmp_path, capsys, str(story), sources[0], "--url", "https://t.me/x1234")
    assert status == 2 and "or the channel of a chat's exported pages" in err
    folder = tmp_path.parent / "folder"
    folder.mkdir()
    (folder / "messages.html").write_bytes(PAGE.read_bytes())
    (folder / "story.txt").write_bytes(story.read_bytes())
    corpus = load_corpus(folder)
    assert [a.source for a in corpus.articles] == ["story.txt"]
    assert any(
        "messages.html: a Telegram chat's exported page, whose posts are added one by one" in w
        for w in corpus.warnings
    )


POLL = {
    "question": "Should the old bridge be rebuilt as it was?",
    "closed": False,
    "total_voters": 12,
    "answers": [
        {"text": "Yes, stone for stone", "voters": 12, "chosen": False},
        {"text": "No, a new bridge", "voters": 0, "chosen": False},
    ],
}
POLL_PAGE = """<!DOCTYPE html><html><body><div class="page_wrap"><div class="page_header">
<div class="content"><div class="text bold">
Riverside Daily
</div></div></div><div class="page_body chat_page"><div class="history">
<div class="message default clearfix" id="message9">
 <div class="body">
  <div class="pull_right date details" title="12.01.2024 10:00:00 UTC+01:00">
10:00
  </div>
  <div class="from_name">
Riverside Daily
  </div>
  <div class="media_wrap clearfix">
   <div class="media_poll">
    <div class="question bold">
Should the old bridge be rebuilt as it was?
    </div>
    <div class="details">
Anonymous poll
    </div>
    <div class="answer">
- Yes, stone for stone <span class="details">12 votes</span>
    </div>
    <div class="answer">
- No, a new bridge
    </div>
    <div class="total details\t">
12 votes
    </div>
   </div>
  </div>
 </div>
</div></div></div></div></body></html>"""


def test_a_poll_is_its_question_and_options_without_the_votes(
    tmp_path: Path, capsys: Capsys
) -> None:
    """A channel's poll is its words (Telegram Desktop writes it as in its source, the
    JSON's ``poll`` and the page's ``media_poll``): its question, its options a list under
    it; the votes are Telegram's count. It had been left out as a post without text."""
    message = {"id": 9, "type": "message", "date": "2024-01-12T10:00:00",
               "from": "Riverside Daily", "from_id": "channel1234567890", "poll": POLL,
               "text": "", "text_entities": []}  # fmt: skip
    export = {"name": "Riverside Daily", "type": "public_channel", "id": 1234567890,
              "messages": [message]}  # fmt: skip
    asked = (POLL["question"], "- Yes, stone for stone", "- No, a new bridge")
    for data in (json.dumps(export).encode(), POLL_PAGE.encode()):
        name, [post] = export_posts(data, "https://t.me/riversidedaily")
        assert (name, post.title, post.blocks) == ("Riverside Daily", "Post 9", asked)
        assert (post.url, post.date) == ("https://t.me/riversidedaily/9", "2024-01-12")
    (tmp_path.parent / "result.json").write_text(json.dumps(export), encoding="utf-8")
    assert add(tmp_path, capsys, str(tmp_path.parent / "result.json"))[0] == 0
    question = "was the old bridge rebuilt stone for stone"
    assert main(["ask", "--corpus", str(tmp_path), question]) == 0
    out = capsys.readouterr().out
    assert "Should the old bridge be rebuilt as it was?" in out and "No, a new bridge" in out
    assert "votes" not in out
