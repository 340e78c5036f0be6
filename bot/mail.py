"""An e-mail as an article: a newsletter saved from a mail program (``.eml``, RFC 5322).

The body a mail program shows (its HTML, else its plain text) is the article; the subject,
without "Re:" or "Fwd:", is its title, the sender its author and the mail's date its date. A
forwarded newsletter is its original sender's words: the forwarder's own note and the
header lines that introduce the original ("From: …", "Subject: …") are left out, and the
original's sender, subject and date are cited.
"""

from __future__ import annotations

import email
import functools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from email import policy
from email.message import EmailMessage, MIMEPart
from email.utils import parseaddr
from urllib.parse import urlsplit

from bot.extract import decoded
from bot.markup import reader_text

# Marks mail programs put before a subject they forward, in English and other languages
# (Wikipedia's "List of email subject abbreviations": WG German, TR French, RV Spanish, I
# Italian, ENC Portuguese, PD Polish, İLT Turkish, VB Swedish, VS Danish…), and, for titles,
# those of replies (AW, SV, Antw, RES, Odp, YNT…); one-letter marks are not stripped.
_FORWARD_MARKS = r"fwd?|wg|tr|rv|enc|pd|vb|vs|vl|fs|doorst|[iİı]lt"
_SUBJECT_MARKS = re.compile(
    rf"^(?:\s*(?:re|{_FORWARD_MARKS}|aw|sv|antw|ref|res|rif|odp|ynt)\s*(?:\[\d+\])?\s*:)+\s*",
    re.I,
)
_FORWARDED = re.compile(rf"^\s*(?:{_FORWARD_MARKS}|i)\s*:", re.I)
_REPLIED = re.compile(r"^\s*(?:re|aw|sv|antw|res|rif|odp|ynt)\s*(?:\[\d+\])?\s*:", re.I)
# The line above a forwarded original: Gmail's and Apple Mail's, and Thunderbird's and Apple
# Mail's in other languages (as Thunderbird's translations and Apple Mail write them).
_FORWARD_LINE = re.compile(
    r"\bforwarded message\b|weitergeleitete nachricht|message transféré|mensaje reenviado|"
    r"messaggio inoltrato|mensagem (?:re)?encaminhada|doorgestuurd bericht|"
    r"перенаправленное сообщение|iletilmiş ileti|"
    r"przekazanej wiadomości|přeposlaná zpráva|vidarebefordrat meddelande|"
    r"videresendt (?:meddelelse|melding)|anfang der weitergeleiteten|inicio del mensaje "
    r"reenviado|inizio messaggio inoltrato",
    re.I,
)
# The header lines of a forwarded original, as each language's Outlook and Thunderbird label
# them (German, Czech, Danish, Spanish, French, Italian, Dutch, Polish and Swedish as
# mail-parser-reply lists Outlook's; Portuguese, Russian and Turkish as Outlook writes them):
# from, sent, date, to, cc, subject; "|" between a label's forms. A mail program in another
# language may keep some labels English (Gmail's "От:" then "Date:"), so English ones are read
# beside any.
_FIELD_NAMES = ("from", "sent", "date", "to", "cc", "subject")
_LABELS = {
    "en": "from sent date to cc subject",
    "de": "von gesendet datum an cc betreff",
    "fr": "de envoyé date à|pour cc objet|sujet",
    "es": "de enviado fecha para cc asunto",
    "pt": "de enviado|enviada data para cc assunto",
    "it": "da inviato data a cc oggetto",
    "nl": "van verzonden datum aan cc onderwerp",
    "pl": "od wysłano data do dw temat",
    "cs": "od odesláno datum komu kopie předmět",
    "sv": "från skickat datum till kopia ämne",
    "da": "fra sendt dato til cc emne",
    "ru": "от отправлено дата кому копия тема",
    "tr": "kimden gönderildi tarih kime bilgi konu",
}
_FIELDS = {
    language: {label: name for name, forms in zip(_FIELD_NAMES, labels.split(), strict=True)
               for label in forms.split("|")}
    for language, labels in _LABELS.items()
}  # fmt: skip
_FROMS = sorted({label for fields in _FIELDS.values() for label, name in fields.items()
                  if name == "from"})  # fmt: skip
_FROM = re.compile(rf"(?:^|\s)({'|'.join(_FROMS)})\s*:", re.I)
_DAY = ["day", "month", "year"]
_TIME = re.compile(r"\d\s*:\s*\d\d")  # "12:00 AM", "13:53:45"
_MARKS = dict.fromkeys(map(ord, "\u200e\u200f"), None)  # Windows Mail's around each figure
_NAMED = frozenset({"to", "cc", "subject"})
_FORWARD_HEAD = 12  # blocks: the original's header lines follow the forwarder's short note
# The line before a plain-text signature (RFC 3676, 4.3): what follows is not the article.
_SIGNATURE = re.compile(r"^-- ?$", re.M)
_QUOTED = re.compile(r"^>+ ?", re.M)
# A line of a plain-text mail that is one link, as mail programs and html-to-text write them:
# "Keep reading [https://…]", "Manage subscription <https://…>", or the address alone.
_LINK_LINE = re.compile(r"^(?:(.*?)\s*[\[<](https?://[^\s\]>]+)[\]>]|(https?://\S+))$")
# A path segment no one writes: a tracking redirect's token ("/redirect/2/eyJlIjoi…"), which
# may name the reader.
_TOKEN = re.compile(r"[A-Za-z0-9]{30}")
_MAILTO = re.compile(r"\s*\[mailto:[^\]]*\]")
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
    text: str  # the plain-text body, when there is no HTML one
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
    shown = own.decode("latin-1") if isinstance(own, bytes) else own
    words = len(_WORD.findall(_MARKUP.sub(" ", shown)))
    return inner if _FORWARDED.match(subject) or words < _NOTE_WORDS else None


def is_reply(subject: str, in_reply_to: str, body: bytes | str) -> bool:
    """Whether a mail answers another (it names the mail it answers, or its subject says
    "Re:"), and does not forward it: a forward's quoted original is the article."""
    shown = body.decode("latin-1") if isinstance(body, bytes) else body
    if _FORWARDED.match(subject) or _FORWARD_LINE.search(shown):
        return False
    return bool(in_reply_to.strip()) or bool(_REPLIED.match(subject))


def header_start(text: str) -> int | None:
    """Where another mail's header lines start in a text (a reply's quoted original, Outlook's
    "From: … Sent: … To: … Subject: …", Hotmail's "Date: … Subject: … From: …"), or None.
    They name a sender, when it was sent (to the minute, as every mail program writes it) and
    to whom or about what: a newsletter's "From: 9 am … To: 5 pm … Date: 7 March" is none."""
    start = _FROM.search(text)
    if start is None:
        return None
    languages = _languages(start.group(1))
    for mark in _field_pattern(tuple(languages)).finditer(text, 0, start.end()):
        fields = _fields(text[mark.start() :].lstrip(), languages)
        sent = (fields.get("sent") or fields.get("date") or "").translate(_MARKS)
        if "from" in fields and _TIME.search(sent) and fields.keys() & _NAMED:
            return mark.start()
    return None


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
                if b"".join(message).strip():
                    yield b"".join(message)
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
    if b"".join(message).strip():
        yield b"".join(message)


def subject_of(subject: str) -> str:
    """A subject without the marks of replies and forwards: "Fwd: Re: The road" is "The road"."""
    return " ".join(_SUBJECT_MARKS.sub("", subject).split())


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


@dataclass(frozen=True, slots=True)
class Forward:
    """The header lines of a forwarded original at the top of a body: where the original
    starts, and what they say of it."""

    start: int  # the first block after them
    subject: str
    sender: str
    date: str


def find_forward(blocks: list[str], subject: str) -> Forward | None:
    """The forwarded original's header lines among a body's first blocks: "From:" (after
    the line that says it is forwarded, in Gmail's plain text) and, in its block or in the
    field lines that follow it, "Subject:". Only in a forward (its subject or a line says
    so): a reply's quoted original ("-----Original Message----- From: …") is under the
    reply, which is the mail's own text."""
    head = blocks[:_FORWARD_HEAD]
    if not _FORWARDED.match(subject) and not any(_FORWARD_LINE.search(b) for b in head):
        return None
    for i, block in enumerate(head):
        text = reader_text(block)
        start = _FROM.search(text)
        if start is None:
            continue
        languages = _languages(start.group(1))
        first = _field_pattern(tuple(languages)).search(text)  # Thunderbird's Subject, Date
        fields = _fields(text[first.start() if first else start.start() :].lstrip(), languages)
        end = i + 1
        while end < len(blocks) and (more := _fields(reader_text(blocks[end]), languages)):
            fields = {**more, **fields}
            end += 1
        if "from" in fields and "subject" in fields:
            date = _date(fields.get("date") or fields.get("sent", ""), languages)
            sender = name_of(fields["from"])
            return Forward(end, subject_of(fields["subject"]), sender, date)
    return None


def _languages(label: str) -> list[str]:
    """The languages whose mail programs write this "from" label ("De" is French, Spanish or
    Portuguese), English first."""
    label = label.casefold()
    return ["en", *(lang for lang, fields in _FIELDS.items() if lang != "en" and label in fields)]


@functools.cache
def _field_pattern(languages: tuple[str, ...]) -> re.Pattern[str]:
    labels = sorted({label for lang in languages for label in _FIELDS[lang]}, key=len)
    return re.compile(rf"(?:^|\s)({'|'.join(reversed(labels))}|reply-to)\s*:\s*", re.I)


def _fields(line: str, languages: list[str]) -> dict[str, str]:
    """The header fields a line holds ("From: Anna <a@x> Date: Mon…"), by their English names,
    if it starts with one; labels read in the languages given, so an Italian "A:" (To) is
    not looked for in an English subject ("Plan A: …")."""
    marks = list(_field_pattern(tuple(languages)).finditer(line))
    if not marks or marks[0].start() != 0:
        return {}
    names = {label: name for lang in languages for label, name in _FIELDS[lang].items()}
    ends = [m.start() for m in marks[1:]] + [len(line)]
    pairs = zip(marks, ends, strict=True)
    return {
        names.get(m.group(1).casefold(), "reply-to"): line[m.end() : end].strip()
        for m, end in pairs
    }


def name_of(sender: str) -> str:
    """Who a From field names: the name shown, else the address. Outlook's forwards write
    "From: Anna Berg [mailto:anna@example.com]", or the name alone, which is no address to
    parse (parsed, "Anna Berg" was "Anna")."""
    sender = _MAILTO.sub("", sender)
    if "@" not in sender:
        return " ".join(sender.replace('"', " ").split())
    name, address = parseaddr(sender)
    return " ".join((name or address).split())


def date_of(message: EmailMessage) -> str:
    """The mail's Date as YYYY-MM-DD, or "" when it has none that parses."""
    try:
        header = message.get("date")
        moment = getattr(header, "datetime", None)
    except (TypeError, ValueError):  # a malformed Date the header registry cannot read
        return ""
    return moment.date().isoformat() if moment is not None else ""


def _date(text: str, languages: list[str]) -> str:
    """A forwarded header's date as YYYY-MM-DD ("Mon, Feb 26, 2024 at 9:00 AM", as Gmail
    writes it; "Montag, 26. Februar 2024 09:00", "26.02.2024" in German), or "" when it names
    no day, month and year: a date half read is no date to cite."""
    import dateparser

    # The labels' languages first, then English: "02.03.2026" is 2 March in German, and
    # Thunderbird copies the Date header as sent ("Mon, 2 Mar 2026 09:00:00 +0000").
    for order in (languages[1:], ["en"]):
        if order and (moment := dateparser.parse(text, order, settings={"REQUIRE_PARTS": _DAY})):
            return str(moment.date().isoformat())
    return ""


def body_text(payload: bytes, charset: str) -> bytes | str:
    """A body's text. Bytes that read as UTF-8 are UTF-8, whatever the mail says (a Chinese
    mail labelled GB2312 but written in UTF-8 had read as mojibake); else as a saved page's
    (``bot.extract.decoded``): the mail's charset, or the bytes for an HTML page's own
    <meta charset> when it names none Python knows."""
    try:
        return payload.decode("utf-8")
    except UnicodeDecodeError:
        return decoded(payload, charset)
