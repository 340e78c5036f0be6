"""The text of a Word document as Word shows it, read from its XML.

python-docx's ``Paragraph.text`` reads only a paragraph's direct runs and hyperlinks, and its
``iter_inner_content`` only the body's direct paragraphs and tables. Words inside a tracked
insertion, a content control, a smart tag or a simple field, and whole paragraphs inside a
block content control (which templates put around titles and abstracts), were lost, so a
quote could say "The bridge will open." where the document says "The bridge will not open."
Here every element is read except what Word does not show as text: deleted runs, the source
of a move (its text is shown where it moved to), runs formatted as hidden or struck out
(withdrawn, as a page's ``<s>``), text boxes (drawn apart from the paragraph they are
anchored in) and the fallback copy of alternate content.
Raised and lowered digits are written as Unicode's (``bot.extract.in_script``).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from bot.extract import in_script

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
# Characters a run element stands for, as python-docx reads them.
_CHARACTERS = {
    f"{_W}tab": "\t",
    f"{_W}ptab": "\t",
    f"{_W}br": "\n",
    f"{_W}cr": "\n",
    f"{_W}noBreakHyphen": "-",
}
_HIDDEN = {
    f"{_W}del",
    f"{_W}moveFrom",
    f"{_W}txbxContent",
    f"{_W}pPr",
    f"{_W}rPr",
    f"{_W}sdtPr",
    f"{_MC}Fallback",
}
# Block-level wrappers whose paragraphs and tables are the document's own.
_WRAPPERS = {f"{_W}sdt", f"{_W}sdtContent", f"{_W}customXml"}
PARAGRAPH, TABLE = f"{_W}p", f"{_W}tbl"
# Lines Word keeps among a document's notes (w:type of a w:footnote or w:endnote).
_NOT_NOTES = ("separator", "continuationSeparator", "continuationNotice")


def shown_text(element: Any) -> str:
    """The text Word shows for a paragraph, in document order."""
    parts: list[str] = []
    _collect(element, parts)
    return "".join(parts)


def _collect(element: Any, parts: list[str]) -> None:
    for child in element:
        tag = child.tag
        if tag == f"{_W}t":
            parts.append(child.text or "")
        elif tag in _CHARACTERS:
            parts.append(_CHARACTERS[tag])
        elif tag == f"{_W}r" and _vanishes(child):
            continue
        elif tag == f"{_W}r" and (raised := _raised(child)):
            parts.append(in_script(shown_text(child), raised))
        elif tag not in _HIDDEN:
            _collect(child, parts)


def _raised(run: Any) -> str:
    """How a run is set: "sup" for superscript, "sub" for subscript (a footnote mark after a
    figure: flattened, "613" and a raised "1" read "6131"), "" for neither."""
    properties = run.find(f"{_W}rPr")
    align = properties.find(f"{_W}vertAlign") if properties is not None else None
    value = align.get(f"{_W}val") if align is not None else None
    return {"superscript": "sup", "subscript": "sub"}.get(value or "", "")


def _vanishes(run: Any) -> bool:
    """Whether a run is formatted as hidden (``w:vanish``), which Word does not show, or as
    struck out (``w:strike``, ``w:dstrike``), which it shows withdrawn, as a page's ``<s>``."""
    properties = run.find(f"{_W}rPr")
    if properties is None:
        return False
    marks = (properties.find(f"{_W}{name}") for name in ("vanish", "strike", "dstrike"))
    return any(
        mark is not None and mark.get(f"{_W}val", "true") not in ("0", "false", "off")
        for mark in marks
    )


def cell_text(cell: Any) -> str:
    """A table cell's paragraphs, one a line (a table inside it is left out, as python-docx
    does)."""
    return "\n".join(shown_text(p) for p in blocks_of(cell) if p.tag == PARAGRAPH)


def blocks_of(container: Any) -> Iterator[Any]:
    """The paragraphs (``PARAGRAPH``) and tables (``TABLE``) of a body, cell or note in
    order, those inside block content controls included."""
    for child in container:
        if child.tag in (PARAGRAPH, TABLE):
            yield child
        elif child.tag in _WRAPPERS:
            yield from blocks_of(child)


def notes(document: Any) -> list[str]:
    """A document's footnotes, then its endnotes, in their order, each paragraph's text (the
    author's words too, which python-docx does not read). Their numbers are Word's drawing,
    not text, so none is added."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.oxml.parser import parse_xml

    parts = {rel.reltype: rel.target_part for rel in document.part.rels.values()}
    texts = []
    for kind in (RT.FOOTNOTES, RT.ENDNOTES):
        if kind not in parts:
            continue
        for note in parse_xml(parts[kind].blob):
            if note.get(f"{_W}type") not in _NOT_NOTES:
                texts += [shown_text(p) for p in blocks_of(note) if p.tag == PARAGRAPH]
    return texts
