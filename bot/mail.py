"""An e-mail as an article: a newsletter saved from a mail program (``.eml``, RFC 5322).

The body a mail program shows (its HTML, else its plain text) is the article; the subject,
without "Re:" or "Fwd:", is its title, the sender its author and the mail's date its date. A
forwarded newsletter is its original sender's words (``bot/headers.py`` finds the original),
and so is one forwarded as an attachment; a reply is its writer's words alone
(``bot/replies.py``). An mbox mailbox is split into its messages here.
"""

from __future__ import annotations

import email
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from email import policy
from email.message import EmailMessage, MIMEPart
from urllib.parse import urlsplit

from bot.extract import decoded
from bot.headers import is_forward, is_reply, name_of

# The line before a plain-text signature (RFC 3676, 4.3): what follows is not the article.
_SIGNATURE = re.compile(r"^-- ?$", re.M)
_QUOTED = re.compile(r"^>+ ?", re.M)
# A line of a plain-text mail that is one link, as mail programs and html-to-text write them:
# "Keep reading [https://…]", "Manage subscription <https://…>", or the address alone.
_LINK_LINE = re.compile(r"^(?:(.*?)\s*[\[<](https?://[^\s\]>]+)[\]>]|(https?://\S+))$")
# A path segment no one writes: a tracking redirect's token ("/redirect/2/eyJlIjoi…"), which
# may name the reader.
_TOKEN = re.compile(r"[A-Za-z0-9]{30}")
_HEADER_LINE = re.compile(rb"[\w-]+:")  # after a "From " line: a message starts there
_NESTED = 3  # messages attached inside attached messages, read so deep
_NOTE_WORDS = 30  # a note sent with an attached message ("See below, worth a read!")
# What a body's words are counted without: its HTML's head, styles, scripts and tags.
_MARKUP = re.compile(r"<(head|style|script)\b.*?</\1\s*>|<[^>]*>|&\w+;", re.I | re.S)
_WORD = re.compile(r"[^\W\d_]{2,}")


@dataclass(frozen=True, slots=True)
class Mail:
    """What a mail program shows of a message: its body and who sent it, when, about what
    (the subject as written, "Fwd: …" and all)."""

    subject: str
    sender: str
    date: str
    html: bytes | str | None  # the HTML body; bytes when the mail names no charset for it
    text: str  # the plain-text body, alone or sent beside the HTML one
    reply: bool = False  # it answers a mail, whose words it may quote (``bot/replies.py``)


def read_mail(data: bytes) -> Mail | None:
    """The message in a ``.eml`` file, or None when it holds no body to read."""
    message = email.message_from_bytes(data, policy=policy.default)
    return _read_message(message, _NESTED) if isinstance(message, EmailMessage) else None


def _read_message(message: EmailMessage, depth: int) -> Mail | None:
    """A message as a mail program shows it; one forwarded as an attachment (Gmail's and
    Outlook's "Forward as attachment") is the attached message's, its sender's words."""
    subject = " ".join(str(message.get("subject", "")).split())
    body = message.get_body(preferencelist=("html", "plain"))
    html, text = _body_of(body) if body is not None else (None, "")
    if html is not None and (plain := message.get_body(preferencelist=("plain",))) is not None:
        text = _body_of(plain)[1]  # read where the HTML gives no text (``bot/extract.py``)
    if depth and (attached := _attached_message(message, subject, html or text)) is not None:
        return _read_message(attached, depth - 1)
    if body is None or (html is None and not text):
        return None
    return Mail(
        subject=subject,
        sender=name_of(str(message.get("from", ""))),
        date=date_of(message),
        html=html,
        text=text,
        reply=is_reply(subject, str(message.get("in-reply-to", "")), html or text),
    )


def _body_of(body: MIMEPart) -> tuple[bytes | str | None, str]:
    """A body part's (HTML, plain text): the HTML when it is HTML, else the text."""
    payload = body.get_payload(decode=True)
    if not isinstance(payload, bytes):
        return None, ""
    content = body_text(payload, body.get_content_charset() or "")
    if body.get_content_type() == "text/html":
        return content, ""
    return None, content if isinstance(content, str) else content.decode("utf-8", "replace")


def _attached_message(
    message: EmailMessage, subject: str, own: bytes | str
) -> EmailMessage | None:
    """The one message attached to a forward, or to a mail whose own note is a few words
    ("See attached"): the article it passes on. A bounce's returned original is not one."""
    if message.get_content_type() == "multipart/report":
        return None
    attached = [p for p in message.iter_attachments() if p.get_content_type() == "message/rfc822"]
    if len(attached) != 1 or not isinstance(inner := attached[0].get_content(), EmailMessage):
        return None
    return inner if passes_on(subject, own) else None


def passes_on(subject: str, own: bytes | str) -> bool:
    """Whether a mail with one message attached passes that message on: it is a forward, or
    its own note is a few words ("See attached")."""
    shown = own.decode("latin-1") if isinstance(own, bytes) else own
    return is_forward(subject) or len(_WORD.findall(_MARKUP.sub(" ", shown))) < _NOTE_WORDS


def mailbox_messages(lines: Iterable[bytes]) -> Iterator[bytes]:
    """Each message of an mbox file, from its lines, as an ``.eml`` of it would hold it: a
    "From " line followed by a header line starts one, as Python's mailbox module splits (it
    reads only files by name). Read line by line, a mailbox of any size (Google Takeout's
    run to gigabytes) takes one message's memory."""
    message: list[bytes] = []
    separator: bytes | None = None  # a "From " line, until the next line says what it is
    for line in lines:
        if separator is not None:
            if _HEADER_LINE.match(line):
                if (whole := b"".join(message)).strip():
                    yield whole
                message = []
            else:  # a body's own line that begins "From " (unescaped)
                message.append(separator)
            separator = None
        if line.startswith(b"From "):
            separator = line
        else:
            message.append(line)
    if separator is not None:
        message.append(separator)
    if (whole := b"".join(message)).strip():
        yield whole


def plain_blocks(text: str) -> list[tuple[str, str, str]]:
    """A plain-text body's paragraphs (blank lines between them), each as ``("quote", text,
    "")`` when every line is quoted with ">", ``("link", label, address)`` when it is one
    line that is a link, else ``("text", text, "")``; lines wrapped by the mail program are
    one paragraph, a line that is only an address none, and a signature below "-- " is not
    the article."""
    text = _SIGNATURE.split(text.replace("\r\n", "\n"), maxsplit=1)[0]
    blocks = []
    for paragraph in re.split(r"\n[ \t]*\n", text):
        lines = [line for line in paragraph.splitlines() if line.strip()]
        if not lines:
            continue
        if len(lines) == 1 and (link := _LINK_LINE.match(lines[0].strip())):
            if link.group(1):
                blocks.append(("link", link.group(1), link.group(2)))
        elif all(line.startswith(">") for line in lines):
            blocks.append(("quote", " ".join(_QUOTED.sub("", line) for line in lines), ""))
        else:
            blocks.append(("text", " ".join(lines), ""))
    return blocks


def title_link(links: list[tuple[str, str]], subject: str) -> str:
    """The post's own address in a newsletter: the link its title is (Ghost's and Substack's
    title heading links to the post), among ``(text, address)`` pairs. Its query is left out
    but for a page's own number ("?p=123"), as courlan's strict form keeps it: a mail's links
    carry the reader's tokens ("?r=…&token=…") and campaigns' tags. A tracking redirect's
    address is no post's."""
    from courlan import normalize_url

    wanted = " ".join(subject.split()).casefold()
    for text, address in links:
        address = address.strip()
        if wanted and " ".join(text.split()).casefold() == wanted:
            if not address.startswith(("https://", "http://")):
                continue
            try:
                clean = normalize_url(address, strict=True)
            except ValueError:
                continue
            if not _TOKEN.search(urlsplit(clean).path):
                return clean
    return ""


def date_of(message: EmailMessage) -> str:
    """The mail's Date as YYYY-MM-DD, or "" when it has none that parses."""
    try:
        header = message.get("date")
        moment = getattr(header, "datetime", None)
    except (TypeError, ValueError):  # a malformed Date the header registry cannot read
        return ""
    return moment.date().isoformat() if moment is not None else ""


def body_text(payload: bytes, charset: str) -> bytes | str:
    """A body's text. Bytes that read as UTF-8 are UTF-8, whatever the mail says (a Chinese
    mail labelled GB2312 but written in UTF-8 had read as mojibake); else as a saved page's
    (``bot.extract.decoded``): the mail's charset, or the bytes for an HTML page's own
    <meta charset> when it names none Python knows."""
    try:
        return payload.decode("utf-8")
    except UnicodeDecodeError:
        return decoded(payload, charset)
