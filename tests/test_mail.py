"""E-mails (.eml) read as a mail program shows them (bot/mail.py): a newsletter kept from the
inbox is an article, cited as its sender's, without the mail's own furniture."""

from __future__ import annotations

import email
import json
from collections.abc import Callable
from email.message import EmailMessage
from email.policy import SMTP
from pathlib import Path

import pytest

from bot.cli import main
from bot.corpus import inspect_folder, read_document
from bot.extract import extract_document, sniff_kind
from bot.library import open_library

WriteCorpus = Callable[[dict[str, str | bytes]], Path]

ARTICLE = [
    "The council voted on Tuesday to build a cycle bridge over the Elbe at Harbourtown.",
    "The bridge will cost 12 million euros and opens in 2026, the mayor said after the vote.",
]
# A post sent by Ghost 6.65's newsletter template, as its mail service sends it (both parts);
# made by tests/newsletter_benchmark.py's renderer (tests/data/README.md).
NEWSLETTER = (Path(__file__).parent / "data" / "bridge-newsletter.eml").read_bytes()


def mail(body: str, subject: str = "The new bridge", html: str = "", **headers: str) -> bytes:
    """A message as a mail program saves it: both parts when there is HTML."""
    message = EmailMessage(policy=SMTP)
    message["From"] = headers.get("sender", "Anna Berg <anna@news.example>")
    message["To"] = "reader@example.com"
    message["Subject"] = subject
    message["Date"] = "Thu, 05 Mar 2026 09:00:00 +0000"
    message.set_content(body)
    if html:
        message.add_alternative(html, subtype="html")
    return message.as_bytes()


def test_a_newsletter_is_its_article_cited_as_its_sender(tmp_path: Path) -> None:
    """Title, author, date and the post's address come from the mail; the template's
    header, buttons, subscription block (the reader's own address in it), other posts and
    footer are never quoted."""
    (tmp_path / "bridge.eml").write_bytes(NEWSLETTER)
    [(article, candidates, _)] = inspect_folder(tmp_path)
    assert (article.title, article.author, article.date) == (
        "The new bridge",
        "Anna Berg",
        "2026-03-02",
    )
    # The title's link, without the reader's token and the campaign's tag.
    assert article.url == "https://news.example/the-new-bridge/"
    assert [c.text for c in candidates if not c.reason] == ARTICLE


def test_a_forwarded_mail_is_the_original_senders() -> None:
    """The forwarder's note and the original's header lines are not the article."""
    body = (
        "Worth a read!\n\n---------- Forwarded message ---------\n"
        "From: Anna Berg <anna@news.example>\nDate: Mon, Mar 2, 2026 at 9:00 AM\n"
        "Subject: The new bridge\nTo: <me@example.com>\n\n"
        f"{ARTICLE[0]}\n\n{ARTICLE[1]}\n\n-- \nSent from my phone\n"
    )
    data = mail(body, subject="Fwd: The new bridge", sender="Me <me@example.com>")
    extracted = extract_document(data, sniff_kind(data) or "")
    assert (extracted.title, extracted.author, extracted.date) == (
        "The new bridge",
        "Anna Berg",
        "2026-03-02",
    )
    assert extracted.blocks == tuple(ARTICLE)


@pytest.mark.parametrize(
    ("subject", "head", "title"),
    [  # Outlook's in German, Russian and Turkish, Thunderbird's in French, Gmail's in Russian
        ("WG: Die Brücke", "Von: Anna Berg [mailto:anna@news.example]\nGesendet: Montag, 2. März "
         "2026 09:00\nAn: Ich\nBetreff: Die Brücke", "Die Brücke"),
        ("FW: Мост", "От: Anna Berg\nОтправлено: 2 марта 2026 г. 9:00\nКому: Я\nТема: Мост",
         "Мост"),
        ("İLT: Köprü", "Kimden: Anna Berg <anna@news.example>\nGönderildi: 2 Mart 2026 Pazartesi "
         "09:00\nKime: Ben\nKonu: Köprü", "Köprü"),
        ("Le pont", "-------- Message transféré --------\nSujet : Le pont\nDate : Mon, 2 Mar "
         "2026 09:00:00 +0000\nDe : Anna Berg <anna@news.example>\nPour : Moi", "Le pont"),
        ("Fwd: Мост", "---------- Forwarded message ---------\nОт: Anna Berg <anna@news.example>"
         "\nDate: пн, 2 мар. 2026 г. в 09:00\nSubject: Мост\nTo: <me@example.com>", "Мост"),
    ],
)  # fmt: skip
def test_a_forward_in_another_language_is_the_original_senders(
    subject: str, head: str, title: str
) -> None:
    body = f"Lies das!\n\n{head}\n\n{ARTICLE[0]}\n\n{ARTICLE[1]}\n"
    data = mail(body, subject=subject, sender="Ich <me@example.com>")
    extracted = extract_document(data, "eml")
    cited = (extracted.title, extracted.author, extracted.date)
    assert cited == (title, "Anna Berg", "2026-03-02") and extracted.blocks == tuple(ARTICLE)


def forwarded_as_attachment(note: str, subject: str = "Fwd: The new bridge") -> bytes:
    """A newsletter forwarded as an attachment, as Gmail sends one: the forwarder's note in
    both parts, the newsletter a message/rfc822 part."""
    message = EmailMessage(policy=SMTP)
    message["From"] = "Me <me@example.com>"
    message["Subject"] = subject
    message.set_content(note or "\n")
    message.add_alternative(f'<div dir="ltr">{note}<br></div>', subtype="html")
    message.add_attachment(email.message_from_bytes(NEWSLETTER, policy=SMTP))
    return message.as_bytes()


@pytest.mark.parametrize(
    ("note", "subject"),
    [("", "Fwd: The new bridge"), ("Worth a read!", "The bridge"), ("Worth a read!", "FW: x")],
)
def test_a_mail_forwarded_as_an_attachment_is_the_attached_ones(note: str, subject: str) -> None:
    """Read as the forwarder's, it had been "no text in the e-mail" or the note alone."""
    extracted = extract_document(forwarded_as_attachment(note, subject), "eml")
    assert (extracted.title, extracted.author) == ("The new bridge", "Anna Berg")
    assert list(extracted.blocks[:2]) == ARTICLE


def test_a_mail_with_a_message_attached_is_its_own_when_it_says_more_than_a_note() -> None:
    note = " ".join(["The council finally agreed, and here is why I think it matters."] * 4)
    extracted = extract_document(forwarded_as_attachment(note, "The bridge"), "eml")
    assert (extracted.author, extracted.blocks) == ("Me", (note,))


def test_a_forwards_labels_are_read_in_its_own_language() -> None:
    """An Italian "A:" (To) is no field in an English header: the subject stays whole; a date
    that names no day is no date."""
    head = "From: Anna Berg <anna@news.example>\nSent: Monday 9:00 AM\nSubject: Plan A: the bridge"
    data = mail(f"{head}\n\n{ARTICLE[0]}\n", subject="Fwd: Plan A: the bridge")
    extracted = extract_document(data, "eml")
    assert (extracted.title, extracted.date) == ("Plan A: the bridge", "")


def test_a_plain_text_newsletter_keeps_its_links_and_leaves_its_lists_of_them() -> None:
    body = (
        "View in browser [https://news.example/the-new-bridge/]\n\n"
        + ARTICLE[0].replace(" on ", "\non ")  # wrapped by the mail program
        + f"\n\n{ARTICLE[1]}\n\nKeep reading\n\n"
        "A ferry for the islands [https://news.example/ferry/]\n\n"
        "The harbour in winter [https://news.example/winter/]\n\n"
        "https://news.example/badge\n"
    )
    extracted = extract_document(mail(body), "eml")
    assert extracted.blocks == (
        "[View in browser](https://news.example/the-new-bridge/)",
        ARTICLE[0],
        ARTICLE[1],
        "Keep reading",
        "- [A ferry for the islands](https://news.example/ferry/)",
        "- [The harbour in winter](https://news.example/winter/)",
    )


@pytest.mark.parametrize(
    ("head", "kind"),
    [
        (b'From: "A very long name; another long name"\n <a@news.example>\n', "eml"),
        (b"From - Thu Mar 05 09:00:00 2026\nX-Mozilla-Status: 0001\nFrom: a@b.example\n", "eml"),
        (b"From: <Saved by Blink>\nContent-Type: multipart/related; boundary=x\n", "mhtml"),
    ],
)
def test_a_mail_is_known_by_its_sender_a_saved_page_by_its_parts(head: bytes, kind: str) -> None:
    assert sniff_kind(head + b"Subject: x\n\nbody\n") == kind


def test_a_mail_dropped_in_the_folder_is_served_whatever_its_parts(
    write_corpus: WriteCorpus,
) -> None:
    """A mail whose top part is multipart/related (HTML with its pictures) may be taken for
    a saved page; named .eml, it is read as the mail it is. Its bytes, when they read as UTF-8,
    are UTF-8 whatever charset it names."""
    newsletter = email.message_from_bytes(NEWSLETTER, policy=SMTP)
    related = EmailMessage(policy=SMTP)
    for header in ("From", "Subject", "Date"):
        related[header] = newsletter[header]
    related.set_content(newsletter.get_body(("html",)).get_content(), subtype="html")
    related.add_related(b"\x89PNG\r\n", maintype="image", subtype="png", cid="<logo>")
    assert related.get_content_type() == "multipart/related"
    labelled = mail(ARTICLE[0] + " Дорога.").replace(b'charset="utf-8"', b'charset="koi8-r"')
    corpus = write_corpus({"a.eml": related.as_bytes(), "b.eml": labelled})
    library, notes = open_library(corpus)
    assert all("dropped as page furniture" in note for note in notes)  # none skipped
    assert [a.author for a in library.articles] == ["Anna Berg", "Anna Berg"]
    assert library.search("what bridge does Harbourtown build", 1)[0].passage.text in (
        ARTICLE[0],
        ARTICLE[0] + " Дорога.",
    )


def test_add_stores_a_mail_and_ask_quotes_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "bridge.eml").write_bytes(NEWSLETTER)
    corpus = tmp_path / "articles"
    corpus.mkdir()
    assert main(["add", "--corpus", str(corpus), str(tmp_path / "bridge.eml")]) == 0
    capsys.readouterr()
    assert main(["ask", "--corpus", str(corpus), "--json", "How much will the bridge cost?"]) == 0
    [top, *_] = json.loads(capsys.readouterr().out)["results"]
    assert (top["text"], top["author"]) == (ARTICLE[1], "Anna Berg")


def mailbox(*messages: bytes) -> bytes:
    """An mbox file as Thunderbird keeps a folder: each message after its "From " line."""
    return b"".join(
        b"From - Thu Mar 05 09:00:00 2026\n" + m.replace(b"\r\n", b"\n") + b"\n" for m in messages
    )


FERRY = "The ferry to the islands will run every hour from May, the harbour master said."


def test_each_mail_of_a_mailbox_is_an_article_of_its_own_sender(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Read as one mail, the second's headers and text had been quoted as the first's; added
    again, the mailbox's articles are left as they are, not written twice."""
    box = tmp_path / "Newsletters.mbox"
    box.write_bytes(mailbox(
        mail(f"{ARTICLE[0]}\n\n{ARTICLE[1]}\n"),
        mail(f"{FERRY}\n", subject="The ferry", sender="Harbour Office <office@port.example>"),
        mail("\n", subject="Empty"),
    ))  # fmt: skip
    (corpus := tmp_path / "articles").mkdir()
    assert main(["add", "--corpus", str(corpus), str(box)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert [line.split(":")[0] for line in out if not line.startswith(" ")][:2] == ["added"] * 2
    assert out[-1] == f"2 of the 3 e-mails in {box} added; left out: no text in the e-mail (1)"
    written = {path: path.read_bytes() for path in corpus.iterdir()}
    assert main(["add", "--corpus", str(corpus), str(box)]) == 0
    assert capsys.readouterr().out == (
        f"0 of the 3 e-mails in {box} added; left out: already in the folder (2), "
        "no text in the e-mail (1)\n"
    )
    assert {path: path.read_bytes() for path in corpus.iterdir()} == written
    library, _ = open_library(corpus)
    assert sorted((a.title, a.author) for a in library.articles) == [
        ("The ferry", "Harbour Office"),
        ("The new bridge", "Anna Berg"),
    ]
    assert library.search("how often will the ferry run", 1)[0].passage.text == FERRY
    (tmp_path / "box.eml").write_bytes(box.read_bytes())  # named as one mail: refused, named
    with pytest.raises(ValueError, match="a mailbox of several e-mails; add it with"):
        read_document(tmp_path / "box.eml")


def test_a_mailbox_larger_than_any_other_file_is_read_a_message_at_a_time(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Google Takeout's mailboxes run to gigabytes: past the size limit of other files (here
    made small), a mailbox is still added, mail by mail; another file is refused."""
    monkeypatch.setattr("bot.store.LOCAL_MAX_BYTES", 2_000)
    ferries = [
        mail(f"{FERRY} Sailing {n}.\n", subject=f"The ferry {n}", sender="Office <o@port.example>")
        for n in range(12)
    ]
    (box := tmp_path / "All mail.mbox").write_bytes(mailbox(*ferries))
    (page := tmp_path / "page.html").write_bytes(b"<p>" + b"The ferry runs. " * 200 + b"</p>")
    assert box.stat().st_size > 2_000
    (corpus := tmp_path / "articles").mkdir()
    assert main(["add", "--corpus", str(corpus), str(box)]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == f"12 of the 12 e-mails in {box} added"
    assert main(["add", "--corpus", str(corpus), str(page)]) == 2
    assert capsys.readouterr().err == f"error: larger than 0 MB: {page}\n"


def test_a_mailbox_without_article_text_is_refused_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (box := tmp_path / "Empty.mbox").write_bytes(mailbox(mail("\n"), mail("\n", subject="Hi")))
    (corpus := tmp_path / "articles").mkdir()
    assert main(["add", "--corpus", str(corpus), str(box)]) == 2
    assert capsys.readouterr().err == (
        f"error: none of the 2 e-mails could be added (no text in the e-mail (2)): {box}\n"
    )
    assert not list(corpus.iterdir())
