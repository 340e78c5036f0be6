"""The numbers LibreOffice draws before an OpenDocument text's list items ("1.", "b)",
"2.1."), counted as it counts them.

They are drawing, not text, but a quote that says "step 2" must show which step that is, as
for Word documents (``bot.word.Numbering``). A list's style (``text:list-style``, in
content.xml or styles.xml) says for each level whether it is numbered, in which format
("1", "a", "I"), between which marks, showing how many levels' numbers, from which start.
A list counts anew unless it continues another (``text:continue-list``, or
``text:continue-numbering`` for the last of its style); a list inside an item is a deeper
level of the same list.
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from bot.word import numeral

_NS = {
    "style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "xml": "http://www.w3.org/XML/1998/namespace",
}
# An ODF number format as a numeral's kind; "none" is counted, never drawn; a format not
# known here (Chinese numerals…) is drawn as a bullet.
_FORMATS = {
    "1": "decimal", "a": "lowerLetter", "A": "upperLetter", "i": "lowerRoman",
    "I": "upperRoman", "01, 02, 03, ...": "decimalZero", "": "none",
}  # fmt: skip


def _tag(name: str) -> str:
    prefix, _, local = name.partition(":")
    return f"{{{_NS[prefix]}}}{local}"


@dataclass(frozen=True)
class _Level:
    kind: str  # a numeral's kind (bot.word.numeral), "none", or "" for a bullet
    prefix: str = ""
    suffix: str = ""
    shown: int = 1  # how many levels' numbers the label shows: 2 draws "2.1"
    start: int = 1


_BULLET = _Level("")


class ListNumbers:
    """The list styles of a document, and the counts of its lists as they are read."""

    def __init__(self, *roots: etree._Element) -> None:
        self._styles: dict[str, dict[int, _Level]] = {}
        self._of_paragraphs: dict[str, str] = {}  # a paragraph style's list style
        for root in roots:
            for style in root.iter(_tag("text:list-style")):
                self._styles[style.get(_tag("style:name"), "")] = {
                    _count(level.get(_tag("text:level")), 1): _level(level) for level in style
                }
            for style in root.iter(_tag("style:style")):
                if listed := style.get(_tag("style:list-style-name")):
                    self._of_paragraphs[style.get(_tag("style:name"), "")] = listed
        self._by_id: dict[str, dict[int, int]] = {}
        self._last: dict[str, dict[int, int]] = {}

    def style_of(self, element: etree._Element, inherited: str) -> str:
        """A list's style: its own, its first paragraph's, or the list's it is inside."""
        named: str = element.get(_tag("text:style-name"), "")
        if named:
            return named
        for paragraph in element.iter(_tag("text:p"), _tag("text:h")):
            return self._of_paragraphs.get(paragraph.get(_tag("text:style-name"), ""), inherited)
        return inherited

    def counts(self, element: etree._Element, style: str) -> dict[int, int]:
        """The counts an outermost list goes on from: its own, or the list's it continues."""
        continued = element.get(_tag("text:continue-list"), "")
        if continued in self._by_id:
            counts = self._by_id[continued]
        elif element.get(_tag("text:continue-numbering")) == "true":
            counts = self._last.get(style, {})
        else:
            counts = {}
        if identity := element.get(_tag("xml:id")):
            self._by_id[identity] = counts
        self._last[style] = counts
        return counts

    def label(
        self, style: str, depth: int, counts: dict[int, int], item: etree._Element
    ) -> str | None:
        """What is drawn before an item at ``depth`` (1, the outermost), counting it: "" for a
        bullet, None for nothing (a level numbered "none")."""
        levels = self._styles.get(style, {})
        level = levels.get(depth, _BULLET)
        if (start := item.get(_tag("text:start-value"))) is not None:
            counts[depth] = _count(start, 1) - 1
        counts[depth] = counts.get(depth, level.start - 1) + 1
        for deeper in [d for d in counts if d > depth]:
            del counts[deeper]
        if level.kind in ("", "none"):
            return "" if not level.kind else None
        numbers = []
        for at in range(max(1, depth - level.shown + 1), depth + 1):
            kind = levels.get(at, level).kind or "decimal"
            if kind != "none":  # a level numbered "none" is left out of the deeper ones'
                numbers.append(numeral(counts.get(at, levels.get(at, level).start), kind))
        return f"{level.prefix}{'.'.join(numbers)}{level.suffix}".strip()


def _level(element: etree._Element) -> _Level:
    if element.tag != _tag("text:list-level-style-number"):
        return _BULLET  # a bullet or a picture
    kind = _FORMATS.get(element.get(_tag("style:num-format"), "1"), "")
    return _Level(
        kind=kind,
        prefix=element.get(_tag("style:num-prefix"), ""),
        suffix=element.get(_tag("style:num-suffix"), ""),
        shown=_count(element.get(_tag("text:display-levels")), 1),
        start=_count(element.get(_tag("text:start-value")), 1),
    )


def _count(value: str | None, default: int) -> int:
    """A count an attribute gives, or ``default`` when it is missing or malformed."""
    return int(value) if value and value.isascii() and value.isdigit() else default
