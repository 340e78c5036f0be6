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


HTML_EXPORT = """<!DOCTYPE html>
<html>
 <head>
  <meta charset="utf-8"/>
  <title>Exported Data</title>
  <link href="css/style.css" rel="stylesheet"/>
 </head>
 <body onload="CheckLocation();">
  <div class="page_wrap">
   <div class="page_header"><div class="content"><div class="text bold">Riverside Daily</div>
   </div></div>
   <div class="page_body chat_page">
    <div class="history">
     <div class="message service" id="message-1"><div class="body details">10 January 2024</div>
     </div>
     <div class="message default clearfix" id="message2">
      <div class="body">
       <div class="pull_right date details" title="10.01.2024 09:15:00 UTC+01:00">09:15</div>
       <div class="from_name">Riverside Daily</div>
       <div class="text">The old stone bridge over the Mill River will close on 1 March.</div>
      </div>
     </div>
    </div>
   </div>
  </div>
 </body>
</html>
"""


def test_telegrams_html_export_is_refused_with_the_way_to_add_it(
    tmp_path: Path, capsys: Capsys
) -> None:
    """Telegram Desktop's default export is HTML: one page of many people's posts, which read
    as one page would be one article of nobody's words."""
    page = tmp_path.parent / "messages.html"
    page.write_text(HTML_EXPORT, encoding="utf-8")
    status, _, err = add(tmp_path, capsys, str(page))
    assert (
        status == 2 and "a Telegram chat's HTML export; export it as Machine-readable JSON" in err
    )
    (tmp_path / "messages.html").write_text(HTML_EXPORT, encoding="utf-8")
    (tmp_path / "story.txt").write_text("The ferry runs every hour from May.\n", encoding="utf-8")
    corpus = load_corpus(tmp_path)
    assert [a.source for a in corpus.articles] == ["story.txt"]
    assert any("messages.html" in w and "HTML export" in w for w in corpus.warnings)
