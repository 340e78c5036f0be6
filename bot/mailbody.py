"""A mail as an article: its HTML body read as a page, else its plain text in paragraphs,
cited as its sender's (``bot/mail.py`` and ``bot/outlook.py`` read the message itself,
``bot/headers.py`` and ``bot/replies.py`` what it forwards or quotes)."""

from __future__ import annotations

from typing import NamedTuple

from trafilatura.utils import load_html

from bot.blocks import content, holds_text
from bot.extract import Extracted, ExtractError, as_document, extract_html
from bot.headers import find_forward, subject_of
from bot.mail import Mail, plain_blocks, read_mail, title_link
from bot.replies import own_blocks, own_text, without_quotations


def extract_eml(data: bytes) -> Extracted:
    """An e-mail saved as one file (``.eml``: a newsletter kept from the inbox), read as a
    mail program shows it (``bot/mail.py``)."""
    return _mail_article(read_mail(data))


def extract_msg(data: bytes) -> Extracted:
    """An e-mail Outlook saved (``.msg``), read as Outlook shows it (``bot/outlook.py``)."""
    from bot.outlook import read_msg

    return _mail_article(read_msg(data))


def _mail_article(mail: Mail | None) -> Extracted:
    """A mail as an article: its HTML body as a page, else its plain text in paragraphs; its
    subject the title, its sender the author, its date the date, and the address its title
    links to its address. A forwarded mail is its original's: the forwarder's note and the
    original's header lines are left out, and the original's sender, subject and date
    cited. Where the HTML gives no text (a one-word reply, which the page reader takes for
    too little), the plain text the mail sends beside it is read."""
    if mail is None:
        raise ExtractError("no text in the e-mail")
    for read in (_html_body, _plain_body):
        body = read(mail)
        if body is None:
            continue
        blocks, links, attributions, page = body
        title, sender, date = subject_of(mail.subject), mail.sender, mail.date
        if forward := find_forward(blocks, mail.subject):
            blocks = blocks[forward.start :]
            title, sender, date = forward.subject or title, forward.sender, forward.date
        elif mail.reply:  # what it quotes is the answered mail's sender's
            blocks = own_blocks(blocks, attributions)
        if holds_text(blocks):
            # Who sent a newsletter is whose words it is; a byline the page reader guessed
            # is not.
            return Extracted(
                title=title,
                blocks=tuple(blocks),
                author=sender or page.author,
                date=date,
                url=page.url or title_link(links, title),
                site=page.site,
            )
    raise ExtractError("no text in the e-mail")


class _MailBody(NamedTuple):
    """A mail body's blocks, its links (text, address), the lines that introduced a reply's
    quotations, and what the page reader found beside them (author, address, site)."""

    blocks: list[str]
    links: list[tuple[str, str]]
    attributions: list[str]
    page: Extracted


def _html_body(mail: Mail) -> _MailBody | None:
    """The mail's HTML body read as a page; None when it has none or the reader finds no
    text in it."""
    if mail.html is None:
        return None
    # Read once: its links before extraction prunes them. Gmail sends a fragment ("<div
    # dir="ltr">…</div>"), which trafilatura takes for no HTML until it is a document.
    if (tree := load_html(mail.html)) is None:
        tree = load_html(as_document(mail.html))
    if tree is None:
        return None
    # A reply's quoted original is its sender's words: out before its links are read.
    attributions = without_quotations(tree) if mail.reply else []
    links = [(a.text_content(), a.get("href", "")) for a in tree.iter("a")]
    try:
        page = extract_html(tree)
    except ExtractError:
        return None
    return _MailBody(list(page.blocks), links, attributions, page)


def _plain_body(mail: Mail) -> _MailBody | None:
    """The mail's plain text in paragraphs; None when it sends none."""
    if not mail.text.strip():
        return None
    paragraphs = plain_blocks(own_text(mail.text) if mail.reply else mail.text)
    links = [(text, address) for kind, text, address in paragraphs if kind == "link"]
    return _MailBody(_plain_mail(paragraphs), links, [], Extracted(title="", blocks=()))


def _plain_mail(paragraphs: list[tuple[str, str, str]]) -> list[str]:
    """A plain-text mail's paragraphs (``bot.mail.plain_blocks``) as Markdown blocks: a
    line that is one link a link, and links on lines one after another a list of them (a
    newsletter's "Keep reading" and its headlines)."""
    blocks = []
    for i, (kind, raw, url) in enumerate(paragraphs):
        text = content(raw)
        if not text:
            continue
        if kind == "quote":
            blocks.append(f"> {text}")
        elif kind == "link":
            target = url.replace("(", "%28").replace(")", "%29")
            near = paragraphs[max(i - 1, 0) : i] + paragraphs[i + 1 : i + 2]
            listed = any(other[0] == "link" for other in near)
            blocks.append(f"{'- ' if listed else ''}[{text}]({target})")
        else:
            blocks.append(text)
    return blocks
