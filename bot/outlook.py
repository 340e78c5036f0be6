"""An e-mail Outlook saved (``.msg``: a compound file of the message's properties,
[MS-OXMSG]) as the mail it holds, for ``bot/mail.py`` to read like an ``.eml``.

Outlook keeps a body up to three ways: HTML, plain text, and compressed RTF, which for an HTML
mail often holds the only copy of its HTML ([MS-OXRTFEX]: the tags in \\htmltag groups, the
text between them, and RTF the converter added marked \\htmlrtf). The HTML is read where
there is one, as Outlook shows it; else the plain text. A received message keeps the internet
headers it came with, whose sender and date are the ones an ``.eml`` of it would cite; a draft
or a message written in Outlook has only the properties.
"""

from __future__ import annotations

import email
import io
import re
import struct
from dataclasses import dataclass, replace
from email import policy
from email.message import EmailMessage
from typing import TYPE_CHECKING, Any

from bot.headers import is_reply, name_of
from bot.mail import Mail, body_text, date_of, passes_on
from bot.rtf import CHARSETS, TOKEN, UNSEEN, page_codec, whole_text

if TYPE_CHECKING:
    from oxmsg.properties import Properties

_HTML = 0x1013  # PidTagHtml: the HTML body's bytes
_RTF_COMPRESSED = 0x1009  # PidTagRtfCompressed
_HEADERS = 0x007D  # PidTagTransportMessageHeaders: the headers it arrived with
_IN_REPLY_TO = 0x1042  # PidTagInReplyToId: the Message-ID of the mail it answers
_ATTACH_METHOD, _EMBEDDED = 0x3705, 5  # PidTagAttachMethod: afEmbeddedMessage
_OBJECT = "__substg1.0_3701000D"  # PidTagAttachDataObject: the embedded message's storage
_PROPERTIES = "__properties_version1.0"
_NESTED = 3  # messages embedded in embedded messages, read so deep
_SHOWN_NAME = 0x0042  # PidTagSentRepresentingName: the From Outlook shows
_SENDER_NAME = 0x0C1A
_ADDRESSES = (0x5D02, 0x5D01, 0x0065, 0x0C1F)  # SMTP addresses first: the others may be X.500
_ENCAPSULATED = re.compile(rb"^\{\\rtf1?[^{]*?\\fromhtml1", re.DOTALL)  # before any group
_HTML_CHARACTERS = {
    b"par": "\r\n", b"line": "\r\n", b"tab": "\t", b"{": "{", b"}": "}", b"\\": "\\",
}  # fmt: skip


def read_msg(data: bytes) -> Mail | None:
    """The message in a ``.msg`` file, or None when it holds no body to read (a contact, a
    signed or encrypted message, whose body is an attachment). One forwarded as an attachment
    (Outlook's "Forward as Attachment") is the attached message's, its sender's words."""
    import olefile
    from oxmsg import Message
    from oxmsg.storage import Storage

    with olefile.OleFileIO(io.BytesIO(data)) as ole:  # as Message.load reads one
        storage = Storage.from_ole(ole)
    for _ in range(_NESTED):
        message = Message(storage)
        mail = _mail_of(message)
        if (inner := _embedded(storage, message.subject, mail)) is None:
            return mail
        storage = inner
    return _mail_of(Message(storage))


def _embedded(storage: Any, subject: str, mail: Mail | None) -> Any:
    """The storage of the one message embedded in a message that passes it on
    (``bot.mail.passes_on``). An embedded message's properties start after a 24-byte header,
    not a message file's 32 ([MS-OXMSG] 2.4.1.2), so the header is padded for python-oxmsg."""
    from oxmsg.attachment import Attachment
    from oxmsg.storage import Storage, Stream

    def method(attachment: Any) -> int | None:
        try:
            return Attachment(attachment).properties.int_prop_value(_ATTACH_METHOD)
        except (KeyError, ValueError, struct.error):  # a damaged attachment, not a damaged mail
            return None

    if not passes_on(subject, (mail.html or mail.text) if mail is not None else ""):
        return None
    embedded = [
        node
        for attachment in storage.iter_attachment_storages()
        if method(attachment) == _EMBEDDED
        for node in attachment.storages
        if node.name == _OBJECT
    ]
    if len(embedded) != 1:
        return None
    inner = embedded[0]
    streams = tuple(
        Stream(s.path, s.bytes_[:24] + bytes(8) + s.bytes_[24:]) if s.name == _PROPERTIES else s
        for s in inner.streams
    )
    return Storage(inner.path, streams, inner.storages)


def _mail_of(message: Any) -> Mail | None:
    """What a mail program shows of one message: its HTML body, else its plain text."""
    properties = message.properties
    html: bytes | str | None = None
    if raw := properties.binary_prop_value(_HTML):
        html = body_text(raw, properties.body_encoding)
    html = html or _html_in_rtf(properties.binary_prop_value(_RTF_COMPRESSED))
    text = message.body or ""
    if html is None and not text.strip():
        return None
    head = email.message_from_string(
        properties.str_prop_value(_HEADERS) or "", policy=policy.default
    )
    sender, date, answers = "", "", properties.str_prop_value(_IN_REPLY_TO) or ""
    if isinstance(head, EmailMessage):  # always, with policy.default; said for the types
        sender, date = str(head.get("from", "")), date_of(head)
        answers = answers or str(head.get("in-reply-to", ""))
    sent = message.sent_date
    subject = " ".join(message.subject.split())
    return Mail(
        subject=subject,
        sender=name_of(sender) or _sender(properties),
        date=date or (sent.date().isoformat() if sent else ""),
        html=html,
        text=text,
        reply=is_reply(subject, answers, html or text),
    )


def _html_in_rtf(compressed: bytes | None) -> str | None:
    """The HTML an HTML mail's RTF copy holds, or None (no RTF, or RTF of its own)."""
    if not compressed:
        return None
    import compressed_rtf

    try:
        rtf = compressed_rtf.decompress(compressed)
    except Exception:  # compressed_rtf raises bare Exception on a bad header or checksum
        return None
    return recover_html(rtf)


def _sender(properties: Properties) -> str:
    """Who sent a message that kept no headers: the name Outlook shows, else an address."""
    read = properties.str_prop_value
    for name in (_SHOWN_NAME, _SENDER_NAME):
        if shown := " ".join((read(name) or "").split()):
            return shown
    return next((a for pid in _ADDRESSES if "@" in (a := read(pid) or "")), "")


def recover_html(rtf: bytes) -> str | None:
    """The HTML an RTF copy of an HTML mail holds, as [MS-OXRTFEX] 2.1.3.1 recovers it; None
    for RTF of its own."""
    return _Unwrapper().read(rtf) if _ENCAPSULATED.match(rtf[:4096]) else None


@dataclass(slots=True)
class _Scope:
    """A group's part in the HTML: ``into`` "text" (between tags), "tag" (an htmltag group),
    "font" (the font table) or "skip"; ``added`` while \\htmlrtf holds; ``codec``, the
    font's code page for text between tags (tags are in the document's)."""

    into: str = "text"
    added: bool = False
    skip_after_u: int = 1
    codec: str = ""

    @property
    def shown(self) -> bool:
        return self.into == "tag" or (self.into == "text" and not self.added)


class _Unwrapper:
    """Reads RTF tokens (``bot.rtf.TOKEN``) into the HTML they encapsulate."""

    def __init__(self) -> None:
        self.page, self.scope, self.stack = "cp1252", _Scope(), list[_Scope]()
        self.fonts: dict[int, str] = {}
        self.font, self.skipping, self.opened = 0, 0, False
        self.pending, self.parts = bytearray(), list[str]()

    def read(self, rtf: bytes) -> str:
        position, after_text = 0, False
        while (match := TOKEN.match(rtf, position)) is not None:
            position = match.end()
            word, digits, byte, symbol, brace, text = match.groups()
            if match.lastindex is None:  # a line end in the file, not the HTML's: but a blank
                if after_text and self.scope.shown and match.group().count(b"\n") > 1:
                    self._flush()  # line after text is a line end Outlook's writer kept of the
                    self.parts.append("\r\n")  # HTML's ("cookbook,\r\n<i>Matty")
                continue
            if byte is not None or text is not None:
                self._add(bytes.fromhex(byte.decode()) if byte else text)
            elif word == b"bin":  # raw bytes follow: a picture's
                position += max(int(digits or 0), 0)
            elif brace is not None:
                self._flush()
                self._group(brace)
            else:
                self._flush()
                self._control(word or symbol, int(digits) if digits else None)
            after_text, self.opened = byte is not None or text is not None, brace == b"{"
        self._flush()
        return whole_text("".join(self.parts))

    def _add(self, chunk: bytes) -> None:
        skipped = min(self.skipping, len(chunk))  # the stand-ins after a \\u character
        self.skipping -= skipped
        if self.scope.shown:
            self.pending += chunk[skipped:]

    def _flush(self) -> None:
        if self.pending:
            codec = self.page if self.scope.into == "tag" else self.scope.codec or self.page
            self.parts.append(bytes(self.pending).decode(codec, errors="replace"))
            self.pending.clear()

    def _group(self, brace: bytes) -> None:
        """A group opens with its parent's state, which comes back when it closes."""
        self.skipping = 0
        if brace == b"{":
            self.stack.append(self.scope)
            self.scope = replace(self.scope)
        elif self.stack:
            self.scope = self.stack.pop()

    def _control(self, word: bytes, number: int | None) -> None:
        """A control word, or a control symbol (``\\*``, ``\\{``…)."""
        scope, self.skipping = self.scope, 0
        if word == b"*" and self.opened:
            scope.into = "starred"
        elif word == b"htmltag" and scope.into == "starred":
            scope.into = "tag"
        elif scope.into == "starred" or word in UNSEEN or word == b"stylesheet":
            scope.into = "skip"  # \\mhtmltag among them: a tag's copy
        elif word == b"fonttbl":
            scope.into = "font"
        elif word in (b"f", b"fcharset") and number is not None:
            self._font(word, number)
        elif word == b"htmlrtf":
            scope.added = number != 0
        elif word == b"ansicpg":
            self.page = page_codec(word, number)
        elif word == b"uc" and number is not None:
            scope.skip_after_u = max(number, 0)
        elif word == b"u" and number is not None and scope.shown:
            if -0x8000 <= number <= 0xFFFF:  # a 16-bit character; another number is no text
                self.parts.append(chr(number + 0x10000 if number < 0 else number))
            self.skipping = scope.skip_after_u
        elif word in _HTML_CHARACTERS and scope.shown:
            self.parts.append(_HTML_CHARACTERS[word])

    def _font(self, word: bytes, number: int) -> None:
        """A font table's entry (its number, its character set), or a switch to a font."""
        if self.scope.into != "font":
            if word == b"f":
                self.scope.codec = self.fonts.get(number, "")
        elif word == b"f":
            self.font = number
        elif number in CHARSETS:
            self.fonts[self.font] = CHARSETS[number]
