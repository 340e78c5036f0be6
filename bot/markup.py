"""A paragraph as a reader sees it: Markdown without its marks, and links that open at a quote.

The stored paragraph stays the exact text of its file (``--json``, tests); these functions
only change how it is shown. The words and their order never change.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import quote, urlsplit

_BLOCK_MARK = re.compile(r"^(?:#{1,6}\s+|>\s?)", re.MULTILINE)
_BULLET = re.compile(r"^[-*+]\s+(?=\S)", re.MULTILINE)
_BULLET_SIGN = "•"  # what a list item's mark reads as
_NUMBERED = re.compile(r"^\s*\d{1,3}[.)]\s+")  # a numbered item's number, which a page draws
_RAISED = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
_AS_TYPED = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹₀₁₂₃₄₅₆₇₈₉", "01234567890123456789")
# A note's definition ("[^1]: Council minutes."), read as a list of notes reads: "1. …".
_NOTE = re.compile(r"^\[\^([^\]\s]+)\]:[ \t]*", re.MULTILINE)
# An Obsidian or GitHub callout's first line ("[!note] Update", "[!WARNING]"): its title, or
# its kind where it has none, as both draw it.
_CALLOUT = re.compile(r"^\[!(\w+)\][+-]?[ \t]*(.*)$", re.MULTILINE)
_LINK = re.compile(r"\[([^\]]+)\]\([^)\s]*(?:\s+\"[^\"]*\")?\)")
_INLINE: list[tuple[re.Pattern[str], str | Callable[[re.Match[str]], str]]] = [
    (re.compile(r"!\[\[[^\]]*\]\]"), ""),  # an Obsidian embed: a picture, no words
    (re.compile(r"\[\[(?:[^\]|]*\|)?([^\]|]+)\]\]"), r"\1"),  # a link to a note: its name
    (re.compile(r"\[\^(\d+)\]"), lambda m: m[1].translate(_RAISED)),  # a note's mark: raised
    (re.compile(r"(?<!=)==(?=[^\s=])(.+?)(?<=[^\s=])==(?!=)"), r"\1"),  # highlighted
    (re.compile(r"!\[([^\]]*)\]\([^)\s]*(?:\s+\"[^\"]*\")?\)"), r"\1"),  # image: its alt text
    (_LINK, r"\1"),  # link: its text
    (re.compile(r"<(https?://[^>\s]+)>"), r"\1"),
    (re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1"), r"\2"),
    (re.compile(r"(?<![\w*])\*(?=\S)(.+?)(?<=\S)\*(?![\w*])"), r"\1"),
    (re.compile(r"(?<![\w_])_(?=\S)(.+?)(?<=\S)_(?![\w_])"), r"\1"),
    (re.compile(r"`([^`\n]+)`"), r"\1"),
]
# Struck-out text (GitHub's ``~~…~~``) keeps its marks when shown: without them "The price
# was ~~12 million~~ 14 million" read as if both figures stood. Telegram strikes it out.
STRUCK = re.compile(r"~~(?=\S)(.+?)(?<=\S)~~")
# A backslash-escaped mark is a literal character: hidden from the rules above, then restored.
_ESCAPED = re.compile(r"\\([\\`*_{}\[\]()#+\-.!<>~|=])")
_HIDDEN = re.compile("[\ue000-\ue07f]")
_FRAGMENT_WORDS = 4  # words at each end of a quote: enough to be unique on a page
# Characters the Text Fragments spec requires encoded in a directive, beyond quote()'s own.
_DIRECTIVE_SPECIAL = {"-": "%2D", ",": "%2C", "&": "%26"}
# A Telegram post's address: Telegram opens it, and scrolls to no text fragment.
_TELEGRAM_POST = re.compile(r"^https?://(?:www\.)?t(?:elegram)?\.me/", re.IGNORECASE)


def reader_text(text: str) -> str:
    """Markdown as it reads on a page: no ``**``, ``==``, ``#`` or link targets; list items
    bulleted; struck-out text kept between its ``~~`` (``STRUCK``); a note's mark raised
    ("[^1]" as "¹"), its definition numbered ("1. …"); Obsidian's links to notes as their
    names, a callout's marker as its title, as Obsidian and GitHub draw them."""
    text = _ESCAPED.sub(lambda m: chr(0xE000 + ord(m.group(1))), text)
    text = _BULLET.sub(f"{_BULLET_SIGN} ", text)
    text = _BLOCK_MARK.sub("", text)
    text = _NOTE.sub(r"\1. ", text)
    text = _CALLOUT.sub(lambda m: m[2] or m[1].capitalize(), text)
    for pattern, replacement in _INLINE:
        text = pattern.sub(replacement, text)
    return _HIDDEN.sub(lambda m: chr(ord(m.group()) - 0xE000), text)


def link_labels(text: str) -> str:
    """A text with each Markdown link written as its label, its other marks as they are: what
    the rules on a paragraph's words read ("[View in browser](https://…)" is a label)."""
    return _LINK.sub(r"\1", text) if "](" in text else text


def encode_directive(text: str) -> str:
    """Percent-encode a text directive term, ``-``, ``,`` and ``&`` included."""
    encoded = quote(text, safe="")
    return "".join(_DIRECTIVE_SPECIAL.get(c, c) for c in encoded)


def fragment_terms(text: str) -> tuple[str, str]:
    """The first few words of a quote's first line and the last few of its last line (the
    last empty when the quote is one short line).

    A term may not cross a block, such as a heading or a list item, to match (Text Fragments
    spec), so each keeps to a line; a list's bullets and numbers are left out: a page draws
    them, its text does not hold them. Raised and lowered digits ("613¹", "H₂O") are the
    digits a page's text holds.
    """
    text = text.translate(_AS_TYPED)  # a page's <sup>1</sup> holds "1", not "¹"
    words = (_NUMBERED.sub("", line).split() for line in text.split("\n"))
    words = ([w for w in line if w != _BULLET_SIGN] for line in words)
    lines = [line for line in words if line]
    if not lines:
        return "", ""
    if len(lines) == 1 and len(lines[0]) <= 2 * _FRAGMENT_WORDS:
        return " ".join(lines[0]), ""
    return " ".join(lines[0][:_FRAGMENT_WORDS]), " ".join(lines[-1][-_FRAGMENT_WORDS:])


def is_web_address(text: str) -> bool:
    """An absolute http(s) address with a host: what a link or a button may open."""
    try:
        parts = urlsplit(text.strip())
        return parts.scheme in ("http", "https") and bool(parts.hostname)
    except ValueError:  # "https://[::1": a bracket left open
        return False


def quote_link(url: str, text: str) -> str:
    """The address with a text fragment that opens the page scrolled to the quoted words.

    ``URL#:~:text=START,END`` (https://wicg.github.io/scroll-to-text-fragment/); an existing
    ``#fragment`` stays before the ``:~:`` delimiter. A Telegram post's address
    (``https://t.me/NAME/ID``) stays as it is: it opens the post in Telegram, which reads no
    fragment.
    """
    if not url or _TELEGRAM_POST.match(url):
        return url
    start, end = fragment_terms(STRUCK.sub(r"\1", text))  # the page strikes, not writes, "~~"
    directive = encode_directive(start) + (f",{encode_directive(end)}" if end else "")
    base, _, fragment = url.partition("#")
    fragment = fragment.split(":~:")[0]
    return f"{base}#{fragment}:~:text={directive}"
