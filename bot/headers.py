"""A mail's header lines where mail programs write them in its body and subject: a forward's
original ("From: … Date: … Subject: …", in 13 languages), a reply's answered mail, the marks
("Fwd:", "Re:", "AW:") before a subject, and the sender a From field names.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from email.utils import parseaddr

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
_MAILTO = re.compile(r"\s*\[mailto:[^\]]*\]")


def is_forward(subject: str) -> bool:
    """Whether a subject says its mail forwards another ("Fwd:", "WG:", "İLT:"…)."""
    return bool(_FORWARDED.match(subject))


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


def subject_of(subject: str) -> str:
    """A subject without the marks of replies and forwards: "Fwd: Re: The road" is "The road"."""
    return " ".join(_SUBJECT_MARKS.sub("", subject).split())


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
