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
Raised and lowered digits are written as Unicode's (``bot.blocks.in_script``).
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from bot.blocks import content, heading_shaped, in_script, is_prose

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
ROW, CELL = f"{_W}tr", f"{_W}tc"
# Lines Word keeps among a document's notes (w:type of a w:footnote or w:endnote).
_NOT_NOTES = ("separator", "continuationSeparator", "continuationNotice")


def read_docx(data: bytes) -> tuple[str, list[str]]:
    """A Word document's title (its "Title" paragraph) and Markdown blocks: its paragraphs
    and tables in order, then its notes, as a page prints them below the text."""
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
    except (KeyError, ValueError):  # a part or its type missing, Strict Open XML, a template
        from bot.package import mended

        document = docx.Document(io.BytesIO(mended(data)))
    title: list[str] = []
    reading = _Reading(document, Numbering(document), title)
    blocks = list(_blocks(document.element.body, reading))
    blocks += [text for text in map(content, _notes(document)) if text]
    return (title[0] if title else ""), blocks


@dataclass(frozen=True)
class _Reading:
    """What reading a Word document's blocks shares: the document, its list counts, and its
    title once found (a "Title" paragraph)."""

    document: Any
    numbering: Any
    title: list[str]


def _blocks(container: Any, reading: _Reading) -> Iterator[str]:
    """The Markdown blocks of a body or table cell, in order."""
    for element in _blocks_of(container):
        if element.tag == TABLE:
            yield from _table(element, reading)
        elif block := _paragraph(element, reading):
            yield block


def _table(table: Any, reading: _Reading) -> Iterator[str]:
    """A table's rows, "cell | cell", each cell as Word draws it, once (python-docx's
    row.cells repeats a merged cell for every column and row it spans: "KISSA | KISSA |
    KISSA"). A row with a cell of text (``is_prose``), or a table, is a page laid out in a
    table (a letter, a form, a newsletter): its cells are read as the body is, paragraph by
    paragraph; joined, a whole document had been one row."""
    for row in table.iterfind(ROW):
        cells = [tc for tc in row.iterfind(CELL) if tc.vMerge != "continue"]
        contents = [list(_blocks_of(tc)) for tc in cells]
        laid_out = any(
            any(b.tag == TABLE for b in content)
            or is_prose([_words(b) for b in content if b.tag == PARAGRAPH])
            for content in contents
        )
        if laid_out:
            for tc in cells:
                yield from _blocks(tc, reading)
            continue
        texts = [
            " ".join(filter(None, (_cell_text(b, reading) for b in content)))
            for content in contents
        ]
        if any(text.strip() for text in texts):
            yield " | ".join(texts)


def _words(paragraph: Any) -> str:
    return content(_shown_text(paragraph))


def _styles(paragraph: Any, reading: _Reading) -> tuple[str, list[Any]]:
    """A paragraph's style's name, and the elements of its style and those it is based on."""
    from docx.text.paragraph import Paragraph

    styles, found = [], Paragraph(paragraph, reading.document).style
    while found is not None:
        styles.append(found)
        found = found.base_style
    return (styles[0].name or "") if styles else "", [s.element for s in styles]


def _cell_text(paragraph: Any, reading: _Reading) -> str:
    """A paragraph of a table's row: its words, after its number if it is a numbered item
    (a list goes on through a table, as Word counts it)."""
    label = reading.numbering.label(paragraph, _styles(paragraph, reading)[1])
    text = _words(paragraph)
    return f"{label} {text}" if label and text else text


def _paragraph(element: Any, reading: _Reading) -> str | None:
    """A paragraph as a Markdown block (a heading, a list item with its number, a quote), or
    None when it shows nothing or is the title."""
    style, elements = _styles(element, reading)
    label = reading.numbering.label(element, elements)  # counted if empty too
    text = _words(element)
    if not text:
        return None
    if style == "Title" and not reading.title:
        reading.title.append(text)
        return None
    if style.startswith("Heading"):
        level = style.removeprefix("Heading").strip()
        hashes = "#" * min(int(level), 6) if level.isdigit() else "##"
        return f"{hashes} {label} {text}" if label else f"{hashes} {text}"
    if label == "" or (label is None and style.startswith("List")):
        return f"- {text}"
    if label:
        return f"{label} {text}"
    if style in ("Quote", "Intense Quote"):  # someone's words set apart, as <blockquote>
        return f"> {text}"
    if heading_shaped(text) and _in_bold(element, elements):
        return f"## {text}"  # a heading made by hand: a short line, all bold
    return text


def _shown_text(element: Any) -> str:
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
            parts.append(in_script(_shown_text(child), raised, "".join(parts[-1:])))
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
    return any(_on(mark, False) for mark in marks)


def _in_bold(paragraph: Any, styles: Sequence[Any]) -> bool:
    """Whether every run of a paragraph that shows text is set bold, by its own setting or
    else its paragraph's style's (``styles``: that style and those it is based on, nearest
    first): how a heading looks in a document whose author did not use heading styles."""
    styled = next(
        (s.find(f"{_W}rPr/{_W}b") for s in styles if s.find(f"{_W}rPr/{_W}b") is not None), None
    )
    runs = [
        run
        for run in paragraph.iter(f"{_W}r")
        if run.find(f"{_W}t") is not None
        and run.getparent().tag not in _HIDDEN
        and not _vanishes(run)
    ]
    return bool(runs) and all(_on(run.find(f"{_W}rPr/{_W}b"), _on(styled, False)) for run in runs)


def _on(setting: Any, otherwise: bool) -> bool:
    """A toggle property's value (``<w:b/>``, ``<w:b w:val="0"/>``), ``otherwise`` if unset."""
    if setting is None:
        return otherwise
    return setting.get(f"{_W}val", "true") not in ("0", "false", "off")


def _blocks_of(container: Any) -> Iterator[Any]:
    """The paragraphs (``PARAGRAPH``) and tables (``TABLE``) of a body, cell or note in
    order, those inside block content controls included."""
    for child in container:
        if child.tag in (PARAGRAPH, TABLE):
            yield child
        elif child.tag in _WRAPPERS:
            yield from _blocks_of(child)


def _notes(document: Any) -> list[str]:
    """A document's footnotes, then its endnotes, in their order, each paragraph's text (the
    author's words too, which python-docx does not read). Their numbers are Word's drawing,
    not text, so none is added."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.oxml.parser import parse_xml

    rels = document.part.rels.values()
    parts = {rel.reltype: rel.target_part for rel in rels if not rel.is_external}  # a link: none
    texts = []
    for kind in (RT.FOOTNOTES, RT.ENDNOTES):
        if kind not in parts:
            continue
        for note in parse_xml(parts[kind].blob):
            if note.get(f"{_W}type") not in _NOT_NOTES:
                texts += [_shown_text(p) for p in _blocks_of(note) if p.tag == PARAGRAPH]
    return texts


@dataclass(frozen=True, slots=True)
class _Level:
    start: int
    kind: str  # w:numFmt: "decimal", "lowerLetter", "bullet"…
    shown: str  # w:lvlText: "%1.", "%1.%2.", "(%1)"


class Numbering:
    """The numbers Word draws before a document's list items and numbered headings ("1.",
    "b)", "2.1."), counted as Word counts them: on through every list that shares a
    definition (an abstract numbering), a deeper level starting again after each item of a
    shallower one, a list that says so (``w:startOverride``) starting over. They are Word's
    drawing, not text, but a quote that says "step 2" must show which step that is."""

    def __init__(self, document: Any) -> None:
        self._levels: dict[str, dict[int, _Level]] = {}
        self._lists: dict[str, tuple[str, dict[int, int]]] = {}
        self._counts: dict[str, dict[int, int]] = {}
        self._begun: set[str] = set()
        try:
            numbering = document.part.numbering_part.element
        except (KeyError, NotImplementedError):  # a document without lists
            return
        for definition in numbering.iterfind(f"{_W}abstractNum"):
            self._levels[_val(definition, "abstractNumId")] = {
                _number(_val(level, "ilvl"), 0): _Level(
                    start=_number(_child_val(level, "start"), 1),
                    kind=_child_val(level, "numFmt") or "decimal",
                    shown=_child_val(level, "lvlText"),
                )
                for level in definition.iterfind(f"{_W}lvl")
            }
        for instance in numbering.iterfind(f"{_W}num"):
            starts = {
                _number(_val(override, "ilvl"), 0): _number(
                    _child_val(override, "startOverride"), 1
                )
                for override in instance.iterfind(f"{_W}lvlOverride")
                if _child_val(override, "startOverride")
            }
            self._lists[_val(instance, "numId")] = (_child_val(instance, "abstractNumId"), starts)

    def label(self, paragraph: Any, styles: Sequence[Any]) -> str | None:
        """What Word draws before ``paragraph`` ("1.", "a)"; "" for a bullet), counting it,
        or None when it is no list item. Its numbering is its own or its style's
        (``styles``: the paragraph's style and those it is based on, nearest first)."""
        found = [p for p in (paragraph, *styles) if p is not None]
        number_id = next(filter(None, (_numbering(p, "numId") for p in found)), "")
        depth = _number(next(filter(None, (_numbering(p, "ilvl") for p in found)), ""), 0)
        if number_id not in self._lists:  # none, or "0": numbering taken off
            return None
        definition, starts = self._lists[number_id]
        levels = self._levels.get(definition, {})
        counts = self._counts.setdefault(definition, {})
        if number_id not in self._begun:
            self._begun.add(number_id)
            for overridden, start in starts.items():
                counts[overridden] = start - 1
        level = levels.get(depth, _Level(1, "bullet", ""))
        counts[depth] = counts.get(depth, level.start - 1) + 1
        for deeper in [d for d in counts if d > depth]:
            del counts[deeper]
        if level.kind in ("bullet", "none"):
            return "" if level.kind == "bullet" else None  # "none": counted, never drawn

        def number(match: re.Match[str]) -> str:
            shown = int(match.group(1)) - 1
            at = levels.get(shown, _Level(1, "decimal", ""))
            return numeral(counts.get(shown, at.start), at.kind)

        return re.sub(r"%([1-9])", number, level.shown)


def _number(text: str, otherwise: int) -> int:
    """A whole number the XML gives, ``otherwise`` when it gives none or a malformed one."""
    return int(text) if text.isascii() and text.isdigit() else otherwise


def _val(element: Any, name: str) -> str:
    return element.get(f"{_W}{name}") or ""


def _child_val(element: Any, name: str) -> str:
    child = element.find(f"{_W}{name}")
    return _val(child, "val") if child is not None else ""


def _numbering(element: Any, name: str) -> str:
    """A paragraph's or style's ``w:numPr`` setting (``numId``, ``ilvl``), "" if it has none."""
    found = element.find(f"{_W}pPr/{_W}numPr/{_W}{name}")
    return _val(found, "val") if found is not None else ""


_MOST_DRAWN = 32767  # Word's largest list number: a stranger's "start at 10**15" in letters
# or roman numerals would be a string of terabytes; beyond it a count is written in figures.


def numeral(count: int, kind: str) -> str:
    """``count`` written as a list number of Word's format ``kind`` (``decimal``,
    ``lowerLetter``, ``upperRoman``…)."""
    if count > _MOST_DRAWN or count < 1:
        return str(count)
    if kind in ("lowerLetter", "upperLetter"):
        letters = chr(ord("a") + (count - 1) % 26) * ((count - 1) // 26 + 1)  # z, aa, bb
        return letters.upper() if kind == "upperLetter" else letters
    if kind in ("lowerRoman", "upperRoman"):
        roman = _roman(count)
        return roman.lower() if kind == "lowerRoman" else roman
    if kind == "decimalZero":
        return f"{count:02d}"
    return str(count)


def _roman(count: int) -> str:
    out = []
    for value, letters in _ROMAN:
        times, count = divmod(count, value)
        out.append(letters * times)
    return "".join(out)


_ROMAN = (
    (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
    (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
)  # fmt: skip
