"""A reply is its writer's own words (bot/replies.py): the mail it quotes, under an
attribution line or its header lines, is another sender's and is never quoted as the
replier's. The replies are talon's real test mails (tests/data/README.md)."""

from __future__ import annotations

from collections.abc import Callable
from email.message import EmailMessage
from pathlib import Path

import pytest

from bot.corpus import load_corpus
from bot.extract import ExtractError, extract_document

REPLIES = Path(__file__).parent / "data" / "replies"
# The HTML replies of Gmail, Outlook 2003-2010, Windows Mail, Thunderbird, Hotmail, mail.ru
# and Yandex to "Hello! How are you? Thanks, Sasha."
HTML_REPLIES = sorted(p.name for p in REPLIES.glob("*.html"))
OWN = "Hi. I am fine. Thanks, Alex"


def reply(html: str, subject: str = "Re: Hello", **headers: str) -> bytes:
    """An HTML reply as a mail program sends it."""
    message = EmailMessage()
    message["From"] = "Alex <alex@example.com>"
    message["Subject"] = subject
    for name, value in headers.items():
        message[name.replace("_", "-")] = value
    message.set_content(html, subtype="html")
    return message.as_bytes()


def said(data: bytes) -> str:
    return " ".join(" ".join(extract_document(data, "eml").blocks).split())


@pytest.mark.parametrize("name", HTML_REPLIES)
def test_an_html_reply_is_its_writers_words_only(name: str) -> None:
    """Each had quoted "Hello! How are you?" or the original's header lines as Alex's."""
    html = (REPLIES / name).read_bytes().decode("utf-8", "replace")
    assert said(reply(html)) == OWN


@pytest.mark.parametrize(
    ("name", "own"),
    [
        ("thunderbird.eml", "Hello"),  # plain text: "On … wrote:" / "> Hi" above the answer
        ("apple_mail_2.eml", "Hello"),  # plain text: the attribution itself quoted with ">"
        ("yahoo.eml", "Hello"),  # "----- Original Message ----- From: …"
        ("hotmail.eml", "Hello"),  # the original's header glued after the answer, "> " lines
        ("comcast.eml", "Hello"),  # header lines after a rule, no quotation marks
        ("iphone.eml", "Hello Sent from my iPhone"),
    ],
)
def test_a_saved_reply_is_its_writers_words_only(name: str, own: str) -> None:
    assert said((REPLIES / name).read_bytes()) == own


def test_a_mail_that_names_no_mail_it_answers_is_read_whole() -> None:
    """talon's Outlook reply has neither "Re:" nor In-Reply-To: its quoted original is read
    as its sender's, as a newsletter quoting a mail's header lines is read whole."""
    assert said((REPLIES / "outlook.eml").read_bytes()).startswith(
        "Allo! Follow up MIME! From: xxx@xxx.mailgun.org"
    )


@pytest.mark.parametrize("name", ["gmail.eml", "aol.eml", "sparrow.eml"])
def test_a_reply_of_one_word_is_read_from_its_plain_text(name: str) -> None:
    """Their HTML "Hello" is too little for the page reader; the plain text each sends
    beside it is read instead, quotation and signature left out (it had been refused)."""
    assert said((REPLIES / name).read_bytes()) == "Hello"


def test_a_reply_of_one_word_in_html_alone_is_no_article() -> None:
    """With no plain text beside it, what is left is refused, not the quotation cited as
    the replier's."""
    html = '<div dir="ltr">Hello</div><blockquote class="gmail_quote">Hi, how are you?'
    html += "</blockquote>"
    with pytest.raises(ExtractError, match="no text in the e-mail"):
        extract_document(reply(html), "eml")


def test_a_reply_is_known_by_the_mail_it_answers_as_well_as_by_its_subject() -> None:
    html = (REPLIES / "thunderbird.html").read_bytes().decode()
    assert said(reply(html, subject="Hello", In_Reply_To="<1@example.com>")) == OWN
    assert "Alexander L wrote: > Hello! How are you?" in said(reply(html, subject="Hello"))


def test_a_forward_and_a_newsletter_keep_what_they_quote() -> None:
    """A forward's original is its article (``test_mail``); a newsletter's quotation is its
    own text."""
    forwarded = (
        "<p>See below.</p><div class='gmail_quote'>---------- Forwarded message ---------<br>"
        "From: Anna Berg &lt;anna@news.example&gt;<br>Date: Mon, Mar 2, 2026 at 9:00 AM<br>"
        "Subject: The bridge<br>To: me<br><p>The council voted to build the bridge over the "
        "river at last, after ten years of debate.</p></div>"
    )
    assert "The council voted" in said(reply(forwarded, subject="Fwd: The bridge"))
    quoting = (
        "<p>The market opens on Saturday in the square by the harbour.</p>"
        "<blockquote><p>We waited ten years for this, said the mayor.</p></blockquote>"
    )
    assert "said the mayor" in said(reply(quoting, subject="The market"))


def test_a_replys_own_times_are_no_header() -> None:
    """ "From: 9 am", "To: 5 pm", "Date: 7 March 2026" name no time to the minute."""
    times = (
        "<p>The market opens on Saturday in the square by the harbour.</p>"
        "<p>From: 9 am</p><p>To: 5 pm</p><p>Date: 7 March 2026</p>"
        "<p>Stalls sell fish, bread and flowers from the islands.</p>"
    )
    assert said(reply(times)).endswith("from the islands.")


def test_a_folder_quotes_a_reply_as_its_writer_only(
    write_corpus: Callable[[dict[str, str | bytes]], Path],
) -> None:
    folder = write_corpus({"re.eml": reply((REPLIES / "ms_outlook_2010.html").read_text())})
    assert [p.text for p in load_corpus(folder).passages] == ["Hi. I am fine.", "Thanks,", "Alex"]
