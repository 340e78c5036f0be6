"""E-mails Outlook saved (.msg) read as the mail they hold, and the HTML an HTML mail's RTF
copy holds ([MS-OXRTFEX]), by bot/outlook.py."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.cli import main
from bot.corpus import inspect_folder
from bot.extract import extract_document, sniff_kind
from bot.outlook import recover_html

DATA = Path(__file__).parent / "data"
ARTICLE = [
    "The council voted on Tuesday to build a cycle bridge over the Elbe at Harbourtown.",
    "The bridge will cost 12 million euros and opens in 2026, the mayor said after the vote.",
]


def test_an_outlook_newsletter_reads_as_the_same_mail_saved_as_eml(tmp_path: Path) -> None:
    """bridge-newsletter.msg holds bridge-newsletter.eml's subject, sender, bodies and time
    as Outlook's properties, with no internet headers (tests/data/README.md)."""
    (tmp_path / "bridge.msg").write_bytes((DATA / "bridge-newsletter.msg").read_bytes())
    (tmp_path / "bridge.eml").write_bytes((DATA / "bridge-newsletter.eml").read_bytes())
    [(msg, from_msg, _), (eml, from_eml, _)] = sorted(
        inspect_folder(tmp_path), key=lambda listing: listing[0].source, reverse=True
    )
    assert (msg.title, msg.author, msg.date, msg.url) == (
        "The new bridge",
        "Anna Berg",
        "2026-03-02",
        "https://news.example/the-new-bridge/",
    )
    assert (msg.title, msg.author, msg.date, msg.url) == (eml.title, eml.author, eml.date, eml.url)
    assert [c.text for c in from_msg if not c.reason] == ARTICLE
    assert [c.text for c in from_msg] == [c.text for c in from_eml]


def test_an_html_mail_kept_only_as_rtf_is_read_as_its_html(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A draft Outlook 2016 saved (msg_parser's test file): its body only as RTF holding the
    HTML Word wrote. Its attached message left unread, the draft is its own article."""
    monkeypatch.setattr("bot.outlook._NESTED", 0)
    data = (DATA / "outlook-draft.msg").read_bytes()
    assert sniff_kind(data) == "msg"
    extracted = extract_document(data, "msg")
    assert (extracted.title, extracted.author, extracted.date) == ("outer subject", "", "")
    assert extracted.blocks == ("Outer body",)


def test_an_outlook_mail_passing_on_an_attached_message_is_that_messages() -> None:
    """The same draft: a note of two words ("Outer body") with a message attached, as
    Outlook's "Forward as Attachment" sends one, is the attached message's article. It had
    been read as the note."""
    extracted = extract_document((DATA / "outlook-draft.msg").read_bytes(), "msg")
    assert (extracted.title, extracted.blocks) == ("test", ("body",))


def test_the_html_is_what_the_tags_and_the_text_between_them_say() -> None:
    """What \\htmlrtf marks was added for RTF readers; \\mhtmltag repeats a tag; text between
    tags is in its font's code page, a tag in the document's; a blank line after text is the
    line end Outlook kept from the HTML."""
    rtf = (
        rb"{\rtf1\ansi\ansicpg1252\fromhtml1 \deff0{\fonttbl{\f0\fswiss Arial;}"
        rb"{\f1\fswiss\fcharset204 Arial Cyr;}}"
        b'\r\n{\\*\\htmltag64 <p class="caf\\\'e9">}\\htmlrtf {\\b \\htmlrtf0 '
        rb"Bridge \f1\'c4\'ee\'f0\'ee\'e3\'e0\f0  costs 12\u8364?\htmlrtf }\htmlrtf0 "
        b'{\\*\\mhtmltag84 <a href="cid:x">}{\\*\\htmltag84 <a href="https://a.example">}'
        b"the plan\r\n\r\n{\\*\\htmltag92 </a>}\r\n{\\*\\htmltag0 \\par }"
        b"{\\*\\htmltag72 </p>}\\htmlrtf \\par\r\n\\htmlrtf0 "
        b"{\\*\\htmltag241 <style>p \\{margin:0\\}</style>}a \\{b\\} c}"
    )
    assert recover_html(rtf) == (
        '<p class="café">Bridge Дорога costs 12€'
        '<a href="https://a.example">the plan\r\n</a>\r\n</p><style>p {margin:0}</style>a {b} c'
    )
    assert recover_html(rb"{\rtf1\ansi\fromtext Bridge\par}") is None


@pytest.mark.parametrize(
    ("size", "said"),
    [
        (
            0,
            "not a saved web page, PDF, Word, OpenDocument or RTF text, EPUB book, e-mail, "
            "Telegram export or RSS or Atom feed",
        ),
        (2_000, "not a saved web page"),  # no longer a compound file olefile can open
        (8_000, "no text in the e-mail"),  # its properties, without the streams of its body
    ],
)
def test_a_damaged_outlook_mail_is_one_clear_line_and_adds_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], size: int, said: str
) -> None:
    (tmp_path / "mail.msg").write_bytes((DATA / "outlook-draft.msg").read_bytes()[:size])
    corpus = tmp_path / "articles"
    corpus.mkdir()
    assert main(["add", "--corpus", str(corpus), str(tmp_path / "mail.msg")]) == 2
    [line] = capsys.readouterr().err.splitlines()
    assert said in line and not list(corpus.iterdir())
