"""A reply's own words: the original a reply quotes is its sender's, never its replier's.

A reply carries the mail it answers: under an attribution line ("On 3 Apr 2012, Bob wrote:")
in a quotation (Gmail's, Apple Mail's and Thunderbird's ``<blockquote>``, ">" lines in plain
text), or after its header lines (Outlook's "From: … Sent: … To: … Subject: …", AOL's and
Yahoo's "-----Original Message-----"). Read as the reply's article, those words were cited
as its writer's; they are left out, with the lines that introduce them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from bot.blocks import literal
from bot.headers import header_start
from bot.markup import reader_text

# Where mail programs put the quoted original in a reply's HTML: any quotation (Apple Mail,
# Thunderbird, mail.ru and Yandex use a bare <blockquote>), Gmail's and Yahoo's containers
# (the attribution line inside them), Thunderbird's attribution line.
_QUOTATIONS = (
    "//blockquote | //*[contains(@class, 'gmail_quote')] | //*[contains(@class, 'yahoo_quoted')]"
    " | //*[contains(@class, 'moz-cite-prefix')]"
)
# Outlook on the web's and new Outlook's: the original's header and text follow it.
_ORIGINAL = "//*[@id = 'divRplyFwdMsg']"
_QUOTED = re.compile(r"^\s*>")
# "-----Original Message-----" in any language, "----- Original Message -----", and Outlook's
# line of underscores above the original's header lines.
_SEPARATOR = re.compile(r"^\s*(?:-{3,}[^-\n]{3,60}-{3,}|_{20,})\s*$")
_ATTRIBUTION_CHARS = 300  # an attribution line names a date and a sender, no more
_WRAPPED = 3  # lines a plain-text attribution may be wrapped over ("…Megan One", "wrote:")
_DIGIT = re.compile(r"\d")
_HEADERS = 6  # lines the original's header fields may take
_LINES = frozenset(
    "address article blockquote br dd div dl dt footer h1 h2 h3 h4 h5 h6 header hr li ol p pre"
    " section table td th tr ul".split()
)


def without_quotations(tree: Any) -> list[str]:
    """Take a reply's quoted original out of its HTML tree, in place; returns the lines that
    introduced each quotation, to be left out of the text after extraction (they stand
    outside the quotation: "On …, Bob wrote:" in a ``<div>`` of its own, or after a
    ``<br>``). Text after a quotation (an answer written below it) stays."""
    lines = []
    found = tree.xpath(_QUOTATIONS)
    ids = {id(element) for element in found}
    for element in found:
        if any(id(above) in ids for above in element.iterancestors()):
            continue  # within one already taken out
        if (line := _line_before(tree, element)).endswith(":"):
            lines.append(line)
        _remove(element)
    for element in tree.xpath(_ORIGINAL)[:1]:
        _cut_from(element)
    return lines


def own_blocks(blocks: list[str], attributions: list[str]) -> list[str]:
    """A reply's Markdown blocks without what it quotes: ">" lines and the line before them
    that ends in ":", the attribution lines found in its HTML (a block that ends in one is
    written anew without it), and from the original's header lines (Outlook's "From: …
    Sent: … Subject: …") or a separator line ("-----Original Message-----") on."""
    said = [" ".join(reader_text(block).split()) for block in blocks]
    texts: dict[int, str] = {}  # the blocks kept, by their place, as they read
    for i, text in enumerate(said):
        if _QUOTED.match(text) or blocks[i].startswith(">"):
            if texts and _introduces(texts[max(texts)]):
                texts.pop(max(texts))
            continue
        start = _original_at(said, i)
        texts[i] = text if start is None else text[:start].rstrip(" >")  # Hotmail glued it on
        if start is not None:
            break
    for line in attributions:
        line = " ".join(line.split())
        for i, text in texts.items():
            if text.endswith(line):
                texts[i] = text[: -len(line)].strip()
    while texts and _trailing(texts[max(texts)]):
        texts.pop(max(texts))
    return [blocks[i] if text == said[i] else literal(text) for i, text in texts.items() if text]


def own_text(text: str) -> str:
    """A plain-text reply without what it quotes: ">" lines and the attribution before them,
    and from the original's separator or header lines to the end."""
    lines = text.replace("\r\n", "\n").split("\n")
    kept: list[str] = []
    for i, line in enumerate(lines):
        if _QUOTED.match(line):
            while kept and not kept[-1].strip():
                kept.pop()
            _drop_wrapped_attribution(kept)
            continue
        if (start := _original_at(lines, i)) is not None:
            kept.append(line.strip()[:start])
            break
        kept.append(line)
    return "\n".join(kept)


def _original_at(lines: list[str], i: int) -> int | None:
    """Where in line ``i`` the original starts, if it does: its header lines (over this line
    and the next few), or a separator line."""
    if _SEPARATOR.match(lines[i]):
        return 0
    start = header_start(" ".join(line.strip().strip("*") for line in lines[i : i + _HEADERS]))
    return start if start is not None and start < len(lines[i].strip()) else None


def _trailing(line: str) -> bool:
    """Whether a reply's last line introduces what was cut: a separator, or an attribution
    (short, ending in ":", with a date's digits)."""
    line = line.strip()
    if _SEPARATOR.match(line):
        return True
    return line.endswith(":") and len(line) <= _ATTRIBUTION_CHARS and bool(_DIGIT.search(line))


def _introduces(line: str) -> bool:
    """Whether a line may introduce a quotation: short, ending in ":"."""
    return line.endswith(":") and len(line) <= _ATTRIBUTION_CHARS


def _drop_wrapped_attribution(kept: list[str]) -> None:
    """Drop the attribution line above a quotation, with the lines it was wrapped over: back
    to the nearest with a digit ("On Mon, Apr 2, 2012 at 6:26 PM, Megan One" / "<…>" /
    "wrote:"), else the line itself."""
    if not kept or not kept[-1].rstrip().endswith(":"):
        return
    tail = kept[-_WRAPPED:]
    start = next((j for j in reversed(range(len(tail))) if _DIGIT.search(tail[j])), len(tail) - 1)
    if sum(len(line) for line in tail[start:]) <= _ATTRIBUTION_CHARS:
        del kept[len(kept) - len(tail) + start :]


def _line_before(tree: Any, element: Any) -> str:
    """The last line of text a browser draws before an element (lines end at ``<br>`` and
    at block elements), whitespace squeezed."""
    text = "".join(_text_until(tree, element))
    lines = [line for line in text.split("\n") if line.strip()]
    return " ".join(lines[-1].split()) if lines else ""


def _text_until(tree: Any, stop: Any) -> Iterator[str]:
    from lxml import etree

    for event, element in etree.iterwalk(tree, events=("start", "end")):
        if element is stop:
            return
        if not isinstance(element.tag, str):  # a comment or processing instruction
            if event == "end":
                yield element.tail or ""
            continue
        tag = element.tag.lower()
        if event == "start":
            yield "\n" if tag in _LINES else ""
            yield element.text or ""
        else:
            yield "\n" if tag in _LINES else ""
            yield element.tail or ""


def _remove(element: Any) -> None:
    """Remove an element but not the text after it."""
    parent, before = element.getparent(), element.getprevious()
    if element.tail:
        if before is not None:
            before.tail = (before.tail or "") + element.tail
        else:
            parent.text = (parent.text or "") + element.tail
    parent.remove(element)


def _cut_from(element: Any) -> None:
    """Remove an element and everything after it in the document."""
    node = element
    while (parent := node.getparent()) is not None:
        for after in list(node.itersiblings()):
            parent.remove(after)
        node.tail = None
        node = parent
    element.getparent().remove(element)
