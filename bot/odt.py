"""An OpenDocument text (.odt: LibreOffice's and OpenOffice's own format) as its reader sees it.

Its content.xml holds the text with what a reader never sees beside it: the words a tracked
change deleted, comments (other people's words), the tables of contents and indexes the
program generates from the headings, pictures' frames. Those are left out; notes go after
the text, as Word's do, their numbers being marks, not words.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field

from lxml import etree

from bot.blocks import Block, in_script, is_prose
from bot.odflists import ListNumbers

_NS = {
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "dc": "http://purl.org/dc/elements/1.1/",
    "draw": "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0",
}
_MOST_SPACES = 100  # a run of spaces (text:s) drawn no longer: a stranger's file says how long


def _tag(name: str) -> str:
    prefix, _, local = name.partition(":")
    return f"{{{_NS[prefix]}}}{local}"


# Never shown as the document's text where they stand.
_UNSEEN = {
    _tag(name)
    for name in (
        "text:tracked-changes", "office:annotation", "office:annotation-end",
        "text:note-citation", "text:table-of-content", "text:alphabetical-index",
        "text:illustration-index", "text:table-index", "text:object-index",
        "text:user-index", "text:bibliography", "text:sequence-decls",
        "text:variable-decls", "text:user-field-decls", "office:forms", "draw:frame",
    )
}  # fmt: skip
_P, _H, _LIST, _TABLE = _tag("text:p"), _tag("text:h"), _tag("text:list"), _tag("table:table")
_NOTE, _NOTE_BODY = _tag("text:note"), _tag("text:note-body")
_ROW, _CELL = _tag("table:table-row"), _tag("table:table-cell")
_ROW_GROUPS = {
    _tag(f"table:{name}") for name in ("table-header-rows", "table-rows", "table-row-group")
}
_SPACE, _TAB, _BREAK = _tag("text:s"), _tag("text:tab"), _tag("text:line-break")
_STYLE_NAME, _PARENT = _tag("text:style-name"), _tag("style:parent-style-name")


@dataclass
class Document:
    """What a reader sees of an .odt: its title as set ("Title" style, else its properties),
    its blocks in order, and its notes' texts."""

    title: str = ""
    blocks: list[Block] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    raised: dict[str, str] = field(default_factory=dict)  # text styles set "sup" or "sub"
    lists: ListNumbers = field(default_factory=ListNumbers)


def _raised(root: etree._Element) -> dict[str, str]:
    """The text styles that raise or lower their text ("super 58%", "-33% 58%"), by name."""
    kinds = {}
    for style in root.iter(_tag("style:style")):
        properties = style.find("style:text-properties", _NS)
        position = (
            properties.get(_tag("style:text-position"), "") if properties is not None else ""
        )
        first = position.split()[0] if position.split() else ""
        if first == "super" or (first.endswith("%") and not first.startswith(("0", "-"))):
            kinds[style.get(_tag("style:name"), "")] = "sup"
        elif first == "sub" or first.startswith("-"):
            kinds[style.get(_tag("style:name"), "")] = "sub"
    return kinds


def read_odt(data: bytes) -> Document:
    """The document's text, read from content.xml (and its title from meta.xml)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        content = archive.read("content.xml")
        names = archive.namelist()
        meta = archive.read("meta.xml") if "meta.xml" in names else b""
        styles = archive.read("styles.xml") if "styles.xml" in names else b""
    # No entities resolved, nothing fetched: the file is a stranger's.
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    root = etree.fromstring(content, parser)
    parents = {
        style.get(_tag("style:name")): style.get(_PARENT, "")
        for style in root.iter(_tag("style:style"))
    }
    named = [etree.fromstring(styles, parser)] if styles else []  # named list styles
    document = Document(raised=_raised(root), lists=ListNumbers(root, *named))
    body = root.find("office:body/office:text", _NS)
    if body is not None:
        _read(body, document, parents)
    if not document.title and meta:
        found = etree.fromstring(meta, parser).find(".//dc:title", _NS)
        document.title = " ".join((found.text or "").split()) if found is not None else ""
    return document


def _read(container: etree._Element, document: Document, parents: dict[str, str]) -> None:
    """The blocks of a container (the body, a section, a list item), in order."""
    for element in container:
        if element.tag in _UNSEEN:
            continue
        if element.tag == _H:
            level = _number(element.get(_tag("text:outline-level")), 1)
            document.blocks.append(Block("heading", _shown(element, document), level))
        elif element.tag == _P:
            style = _style(element.get(_STYLE_NAME, ""), parents)
            text = _shown(element, document)
            if style == "Title" and not document.title:
                document.title = " ".join(text.split())
            else:
                document.blocks.append(Block("quote" if style == "Quotations" else "text", text))
        elif element.tag == _LIST:
            _read_list(element, document)
        elif element.tag == _TABLE:
            _read_table(element, document, parents)
        else:  # a section: what it holds
            _read(element, document, parents)


def _read_table(table: etree._Element, document: Document, parents: dict[str, str]) -> None:
    """A table's rows, "cell | cell" (a cell others cover, merged into one, left out). A row
    with a cell of text (``is_prose``), a list or a table is a page laid out in a table: its
    cells are read as the body is, paragraph by paragraph (a table inside a table had been
    read once in its cell and again as rows of its own)."""
    for row in _rows(table):
        cells = [cell for cell in row if cell.tag == _CELL]
        laid_out = any(
            any(b.tag not in (_P, _H) for b in cell)
            or is_prose([_shown(b, document) for b in cell if b.tag in (_P, _H)])
            for cell in cells
        )
        if laid_out:
            for cell in cells:
                _read(cell, document, parents)
        else:
            texts = [" ".join(_shown(p, document) for p in cell) for cell in cells]
            document.blocks.append(Block("row", " | ".join(texts)))


def _rows(table: etree._Element) -> list[etree._Element]:
    """A table's own rows, those in its header and row groups included, not a table's in it."""
    rows = []
    for child in table:
        if child.tag == _ROW:
            rows.append(child)
        elif child.tag in _ROW_GROUPS:
            rows += _rows(child)
    return rows


def _read_list(
    element: etree._Element,
    document: Document,
    within: tuple[str, int, dict[int, int]] | None = None,
) -> None:
    """A list's items, each an item block with the number drawn before it, those of a list
    within an item after it (``within``: the style, depth and counts of the list it is in)."""
    style = document.lists.style_of(element, within[0] if within else "")
    depth = within[1] + 1 if within else 1
    counts = within[2] if within else document.lists.counts(element, style)
    for item in element:
        if item.tag not in (_tag("text:list-item"), _tag("text:list-header")):
            continue
        paragraphs = [p for p in item if p.tag in (_P, _H)]
        if paragraphs:  # an item only holding a deeper list is neither counted nor drawn
            numbered = item.tag == _tag("text:list-item")
            label = document.lists.label(style, depth, counts, item) if numbered else ""
            text = " ".join(_shown(p, document) for p in paragraphs)
            kind = "text" if label is None else "item"
            document.blocks.append(Block(kind, text, label=label or ""))
        for inner in item:
            if inner.tag == _LIST:
                _read_list(inner, document, (style, depth, counts))


def _number(value: str | None, default: int) -> int:
    """An attribute's count, or ``default`` when it is missing or malformed (as Word's are
    read: one bad value does not make the document unreadable)."""
    return int(value) if value and value.isdigit() else default


def _style(name: str, parents: dict[str, str]) -> str:
    """A paragraph's named style: an automatic style ("P3") is the one it is based on."""
    seen = set()
    while name in parents and parents[name] and name not in seen:
        seen.add(name)
        name = parents[name]
    return name.replace("_20_", " ")


def _shown(element: etree._Element, document: Document) -> str:
    """The text a paragraph shows, in order: runs of spaces (``text:s``), tabs and line breaks
    as drawn, digits raised or lowered in Unicode's raised or lowered digits ("km²", as for
    PDFs and pages: ``in_script``); a note's text kept for after the document's."""
    parts: list[str] = [element.text or ""]
    for child in element:
        if child.tag == _SPACE:
            parts.append(" " * min(_number(child.get(_tag("text:c")), 1), _MOST_SPACES))
        elif child.tag == _TAB:
            parts.append("\t")
        elif child.tag == _BREAK:
            parts.append("\n")
        elif child.tag == _NOTE:
            body = child.find(_NOTE_BODY)
            if body is not None:
                texts = [_shown(p, document) for p in body.iter(_P, _H)]
                document.notes.append(" ".join(texts))
        elif child.tag not in _UNSEEN:
            text = _shown(child, document)
            kind = document.raised.get(child.get(_STYLE_NAME, ""), "")
            parts.append(in_script(text, kind, "".join(parts)) if kind else text)
        parts.append(child.tail or "")
    return "".join(parts)
