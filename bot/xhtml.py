"""A chapter of XHTML (an EPUB book's) laid out as a browser lays it out, as blocks.

Headings, paragraphs split where a line breaks, list items numbered as drawn, block quotes,
table rows (a page laid out in a table read paragraph by paragraph), short lines all in bold
as headings, bold read from tags and from the chapter's stylesheets; notes (``epub:type``
footnote, endnote) kept apart for after the text, their links back left out, their marks
raised. Navigation, print page numbers, scripts, hidden and struck text are left out.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urldefrag

from lxml import html

from bot.blocks import Block, in_script, is_prose
from bot.extract import as_drawn
from bot.word import numeral

_NOTES = {"footnote", "endnote", "rearnote", "note", "footnotes", "endnotes", "rearnotes"}
# Navigation (contents, landmarks, a page's links to the next chapter) and print page numbers.
_UNSEEN_TYPES = {"toc", "landmarks", "page-list", "pagebreak", "loi", "lot", "navigation"}
_UNSEEN = {"head", "script", "style", "nav", "del", "s", "strike", "template", "noscript",
           "svg", "math", "object", "audio", "video", "iframe", "button", "input", "select",
           "rp", "rt"}  # fmt: skip
_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
_BLOCKS = {"p", "div", "section", "article", "main", "header", "footer", "aside", "body",
           "blockquote", "ul", "ol", "dl", "dt", "dd", "li", "table", "pre", "figure",
           "figcaption", "address", "center", "hgroup", "details", "summary", "hr",
           *_HEADINGS}  # fmt: skip
_ARROWS = set("↩↑⇧⤴⤶^\ufe0e\ufe0f ")  # what a note's link back to its mark is drawn as
_BREAK = "\x00"  # a line break (<br>) in text: no character XML can hold, so none of the text's
_GROUPS = ("thead", "tbody", "tfoot")
_BOLD = {"b", "strong"}
_LIST_KINDS = {"a": "lowerLetter", "A": "upperLetter", "i": "lowerRoman", "I": "upperRoman"}
_CSS_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)
_CSS_RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")  # selectors { declarations }, innermost
_BOLD_WEIGHT = re.compile(r"(?:^|;)\s*font-weight\s*:\s*(?:bold|bolder|[6-9]00)\b", re.I)
_CLASS = re.compile(r"^[a-zA-Z0-9]*\.(-?[_a-zA-Z][\w-]*)$")
_ENCODING = re.compile(rb"""^<\?xml[^>]*encoding=["']([A-Za-z0-9._-]+)["']""")
# A pull quote's classes: WordPress's "wp-block-pullquote", "pullquote", "pull-quote".
_PULL_QUOTE = re.compile(r"(?<![a-z])pull[-_]?quote", re.IGNORECASE)


@dataclass
class Reading:
    """The blocks and notes read so far, and the bold classes of the chapter being read."""

    blocks: list[Block] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    bold_classes: set[str] = field(default_factory=set)


def read_chapter(data: bytes, reading: Reading, stylesheet: Callable[[str], set[str]]) -> None:
    """One chapter's blocks and notes, added to ``reading`` (an empty file adds nothing);
    ``stylesheet`` gives the bold classes of a stylesheet the chapter links, by its href."""
    page = _parsed(data)
    if page is None or (body := page.find(".//body")) is None:
        return
    reading.bold_classes = set()
    for style in page.iter("style"):
        reading.bold_classes |= bold_classes(style.text_content())
    for link in page.iter("link"):
        href = urldefrag(link.get("href") or "").url
        if "stylesheet" in (link.get("rel") or "").lower() and href:
            reading.bold_classes |= stylesheet(href)
    as_drawn(body)  # raised digits, and the marks a browser draws around <q>, as for pages
    _flow(body, reading)


def bold_classes(css: str) -> set[str]:
    """The classes a stylesheet sets in bold by a simple selector (".heading", "p.h2",
    "span.bold"), as InDesign, calibre and LibreOffice style headings and bold runs, where
    others use <b> or <h2>. Selectors of another shape are not matched, nor a later rule
    setting the class back."""
    found = set()
    for selectors, declarations in _CSS_RULE.findall(_CSS_COMMENT.sub("", css)):
        if _BOLD_WEIGHT.search(declarations):
            found |= {m.group(1) for s in selectors.split(",") if (m := _CLASS.match(s.strip()))}
    return found


def _parsed(data: bytes) -> Any | None:
    """A chapter parsed as a browser does, leniently, decoded as XML says: by its byte order
    mark or declared encoding, else UTF-8 (an HTML parser would guess Windows-1252)."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = data.decode("utf-16", errors="replace")
    else:
        declared = _ENCODING.match(data.lstrip(b"\xef\xbb\xbf"))
        encoding = declared.group(1).decode() if declared else "utf-8"
        try:
            text = data.decode(encoding, errors="replace")
        except LookupError:
            text = data.decode("utf-8", errors="replace")
    text = re.sub(r"^\ufeff?\s*<\?xml[^>]*\?>", "", text)
    return html.document_fromstring(text) if text.strip() else None


def _tag(element: Any) -> str:
    return element.tag.rpartition(":")[2].lower() if isinstance(element.tag, str) else ""


def _types(element: Any) -> set[str]:
    """An element's ``epub:type`` values and ARIA ``role`` ("doc-footnote" as "footnote")."""
    values = (element.get("epub:type") or "").split() + (element.get("role") or "").split()
    return {value.removeprefix("doc-") for value in values}


def _hidden(element: Any) -> bool:
    """Whether a reading app leaves an element out: scripts, navigation, struck text, and a
    note's link back to its mark (by its role, or a link within the book drawn as an arrow,
    "↩︎", "^": EPUB 2 has no roles)."""
    types = _types(element)
    return (
        _tag(element) in _UNSEEN
        or element.get("hidden") is not None
        or bool(types & _UNSEEN_TYPES)
        or "backlink" in types
        or (_internal(element) and set(element.text_content().strip()) <= _ARROWS)
    )


def _internal(element: Any) -> bool:
    """Whether an element is a link to a place in the book (``#`` and an anchor)."""
    return _tag(element) == "a" and "#" in (element.get("href") or "")


def _is_block(element: Any) -> bool:
    """Whether an element is laid out as a block, or holds one (a link around paragraphs)."""
    if _tag(element) in _BLOCKS:
        return True
    return any(_tag(inner) in _BLOCKS for inner in element.iterdescendants())


def _flow(container: Any, reading: Reading, apart: list[Any] | None = None) -> None:
    """A container's blocks in order: its block children each read as what they are, the
    text and inline elements around them as paragraphs, split where a line breaks. Lists in
    it go to ``apart`` when given (an item's own lists, read after it)."""
    ancestors = container.iterancestors()
    styled = _set_bold(container, reading) or any(_set_bold(a, reading) for a in ancestors)
    parts, bold = [container.text or ""], not (container.text or "").strip()
    for child in container:
        if apart is not None and _tag(child) in ("ul", "ol"):
            apart.append(child)
        elif _is_block(child) and not _hidden(child):
            _add_lines(parts, reading, styled or bold)
            parts, bold = [], True
            _block(child, reading)
        else:
            parts.append(_inline(child, _last(parts, "")))
            bold = bold and _bold(child, reading)
        parts.append(child.tail or "")
        bold = bold and not (child.tail or "").strip()
    _add_lines(parts, reading, styled or bold)


def _add_lines(parts: list[str], reading: Reading, bold: bool) -> None:
    """Inline text as paragraphs, one per line (``<br>`` breaks one); ``bold`` when all of
    it is set in bold."""
    for line in _lines("".join(parts)):
        reading.blocks.append(Block("text", line, bold=bold))


def _lines(text: str) -> list[str]:
    return [line for line in (" ".join(s.split()) for s in text.split(_BREAK)) if line]


def _text(element: Any) -> str:
    """The text an element shows, on one line."""
    return " ".join(_lines(_inline(element, "")))


def _bold(element: Any, reading: Reading) -> bool:
    """Whether all an inline element shows is set in bold."""
    if _set_bold(element, reading) or _hidden(element) or not _tag(element):
        return True
    return not (element.text or "").strip() and all(
        _bold(child, reading) and not (child.tail or "").strip() for child in element
    )


def _set_bold(element: Any, reading: Reading) -> bool:
    """Whether an element sets what it holds in bold: ``<b>``, ``<strong>``, a bold class."""
    classes = (element.get("class") or "").split() if _tag(element) else ()
    return _tag(element) in _BOLD or not reading.bold_classes.isdisjoint(classes)


def _inline(element: Any, before: str) -> str:
    """The text an inline element shows (``as_drawn`` having raised its digits): a line break
    as _BREAK, a note's mark raised (by its type, or a link within the book of a number set
    right after a word, "Tuesday.1": EPUB 2 has no types), hidden text left out. ``before``
    is the last character before it."""
    tag = _tag(element)
    if tag == "br":
        return _BREAK
    if _hidden(element) or not tag:
        return ""
    parts = [element.text or ""]
    for child in element:
        parts.append(_inline(child, _last(parts, before)))
        parts.append(child.tail or "")
    text = "".join(parts)
    if "noteref" in _types(element):
        return in_script(text.strip("[]() "), "sup", before)
    mark = text.strip()
    if _internal(element) and mark.isdigit() and len(mark) <= 3 and before.strip():
        return in_script(mark, "sup", before)
    return text


def _last(parts: list[str], before: str) -> str:
    """The last character of the text so far: ``parts`` after ``before``."""
    return next((part[-1] for part in reversed(parts) if part), before)


def _block(element: Any, reading: Reading) -> None:
    """One block element read as what it is."""
    tag, types = _tag(element), _types(element)
    if types & _NOTES:
        notes = _inner_blocks(element, reading)
        reading.notes += [block.text for block in notes if block.kind != "heading"]
    elif _PULL_QUOTE.search(element.get("class") or ""):
        # ``as_markdown`` leaves it out if repeated; labelled as one: it may follow another.
        label = f"pull quote {len(reading.blocks)}"
        quoted = _inner_blocks(element, reading)
        reading.blocks += [block._replace(kind="pull", label=label) for block in quoted]
    elif tag in _HEADINGS:
        reading.blocks.append(Block("heading", _text(element), _HEADINGS[tag]))
    elif tag in ("ul", "ol"):
        _list(element, reading)
    elif tag == "blockquote":  # labelled as one: it may follow another, said by someone else
        label = f"quotation {len(reading.blocks)}"
        quoted = _inner_blocks(element, reading)
        reading.blocks += [block._replace(kind="quote", label=label) for block in quoted]
    elif tag == "table":
        _table(element, reading)
    else:
        _flow(element, reading)


def _inner_blocks(element: Any, reading: Reading, apart: list[Any] | None = None) -> list[Block]:
    """The blocks an element holds, read apart from the others (notes in them are kept)."""
    inner = Reading(notes=reading.notes, bold_classes=reading.bold_classes)
    _flow(element, inner, apart)
    return inner.blocks


def _list(element: Any, reading: Reading) -> None:
    """A list's items, numbered as a browser draws them (``start``, ``type``, an item's
    ``value``) or bulleted; an item's paragraphs joined, a list inside it after it."""
    ordered = _tag(element) == "ol"
    count = _start(element.get("start")) - 1
    kind = _LIST_KINDS.get(element.get("type") or "", "decimal")
    for item in element:
        if _tag(item) != "li" or _hidden(item):
            continue
        count = _start(item.get("value")) if item.get("value") else count + 1
        inner: list[Any] = []
        text = " ".join(block.text for block in _inner_blocks(item, reading, inner))
        if text:
            label = f"{numeral(count, kind)}." if ordered else ""
            reading.blocks.append(Block("item", text, label=label))
        for nested in inner:
            _list(nested, reading)


def _start(value: str | None) -> int:
    try:
        return int(value or 1)
    except ValueError:
        return 1


def _table(table: Any, reading: Reading) -> None:
    """A table's rows, "cell | cell"; a row with a cell of text (``is_prose``) or a table in
    it is a page laid out in a table, its cells read paragraph by paragraph."""
    rows = [row for row in table.iter("tr") if _own_row(row, table)]
    for row in rows:
        cells = [cell for cell in row if _tag(cell) in ("td", "th")]
        contents = [_inner_blocks(cell, reading) for cell in cells]
        laid_out = any(cell.find(".//table") is not None for cell in cells) or any(
            is_prose([block.text for block in blocks]) for blocks in contents
        )
        if laid_out:
            reading.blocks += [block for blocks in contents for block in blocks]
        else:
            texts = [" ".join(block.text for block in blocks) for blocks in contents]
            reading.blocks.append(Block("row", " | ".join(texts)))


def _own_row(row: Any, table: Any) -> bool:
    """Whether a row is the table's own, not a row of a table inside one of its cells."""
    parent = row.getparent()
    while parent is not None and _tag(parent) in _GROUPS:
        parent = parent.getparent()
    return parent is table
