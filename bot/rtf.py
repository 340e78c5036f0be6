"""A Rich Text Format document (.rtf: TextEdit's and WordPad's own format, which Word and
LibreOffice also save) as its reader sees it.

An RTF file is text among groups ({…}) and control words (\\b, \\par, \\u8212). Beside the
words it shows stand its font and colour tables, its style sheet, pictures' hex, fields'
instructions (a link's address), headers and footers, comments, text set hidden or deleted
by a tracked change, and contents tables the program generates from the headings. Those are
left out; notes go after the text, as Word's and LibreOffice's do.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field, replace

from bot.blocks import Block, in_script, is_prose

TOKEN = re.compile(
    rb"\\([a-zA-Z]{1,32})(-?\d{1,10})? ?"  # a control word and its number
    rb"|\\'([0-9a-fA-F]{2})"  # a byte in the code page
    rb"|\\(.)"  # a control symbol (\~, \-, and a backslash before a line end: \par)
    rb"|([{}])"
    rb"|[\r\n]+"  # line ends in the file are not text
    rb"|([^\\{}\r\n]+)",
    re.DOTALL,
)
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # a \'00 shows nothing
# Word writes a bullet typed in the Symbol font as U+F0B7, a private use character.
# A \'0d or \'0a in the text breaks the line, as a line end in the file does not.
_CHARACTER_FIXES = str.maketrans({"\uf0b7": "\u2022", "\r": "\n"})
_DEEPEST = 1000  # groups nested deeper share their parent's state: a stranger's "{{{{…"
# Groups whose text is never shown where it stands (those marked \* are skipped as well).
UNSEEN = frozenset(
    b"colortbl pict object header headerl headerr headerf footer footerl footerr footerf "
    b"ftnsep ftnsepc ftncn aftnsep aftnsepc aftncn xe tc tcn txe rxe bxe pn pntxta pntxtb "
    b"file filetbl template nextfile private fontemb fontfile shp shpgrp shprslt do "
    b"revtbl rsidtbl listtable listoverridetable annotation atnid atnauthor comment info".split()
)
# Fields whose result the program generates from the document: contents tables, indexes.
_GENERATED = frozenset({"TOC", "INDEX", "TOA", "BIBLIOGRAPHY"})
_CHARACTERS = {
    b"tab": "\t", b"line": "\n", b"emdash": "\u2014", b"endash": "\u2013",
    b"emspace": "\u2003", b"enspace": "\u2002", b"qmspace": "\u2005", b"bullet": "\u2022",
    b"lquote": "\u2018", b"rquote": "\u2019", b"ldblquote": "\u201c", b"rdblquote": "\u201d",
    b"~": "\u00a0", b"_": "-", b"{": "{", b"}": "}", b"\\": "\\",
}  # fmt: skip
_DROPPED = frozenset({"skip", "starred", "font"})  # groups whose text is not read
_PARAGRAPH_ENDS = frozenset({b"par", b"sect", b"page", b"\n", b"\r"})
# A font's character set (\fcharset) as Python's codec; others read by the document's page.
CHARSETS = {
    77: "mac_roman", 128: "cp932", 129: "cp949", 134: "gbk", 136: "big5", 161: "cp1253",
    162: "cp1254", 163: "cp1258", 177: "cp1255", 178: "cp1256", 186: "cp1257", 204: "cp1251",
    222: "cp874", 238: "cp1250",
}  # fmt: skip
_MAC_PAGES = {10000: "mac_roman", 10006: "mac_greek", 10007: "mac_cyrillic", 10081: "mac_turkish"}
_HEADING_STYLE = re.compile(r"^heading\s*(\d)$", re.IGNORECASE)
_QUOTE_STYLES = frozenset({"quote", "intense quote", "quotations"})


@dataclass
class Document:
    """What a reader sees of an .rtf: its title as set ("Title" style), its blocks in order
    and its notes' texts. The file's own title, author and dates (\\info) are left out, as
    Word's: they say who saved the file, and Word filled the title with the first words."""

    title: str = ""
    blocks: list[Block] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass
class _Paragraph:
    """Paragraph properties: they hold until ``\\pard``, across paragraph ends."""

    style: int = 0
    level: int | None = None  # \outlinelevel: 0 is a first-level heading
    in_table: bool = False


@dataclass(slots=True)
class _State:
    """What a group sets, restored when it closes. ``into`` says where its text goes: the
    document (``body``), a note, a list label, a field's instruction, the style sheet or the
    font table; ``skip`` drops it."""

    into: str = "body"
    codec: str = "cp1252"
    skip_after_u: int = 1  # \uc: characters standing in for each \u character
    raised: str = ""
    bold: bool = False
    unseen: bool = False
    paragraph: _Paragraph = field(default_factory=_Paragraph)
    instruction: list[str] = field(default_factory=list)  # the field being read


class _Reader:
    """Reads tokens into a Document; the state machine RTF readers share."""

    def __init__(self) -> None:
        self.document = Document()
        self.state = _State()
        self.stack: list[_State] = []
        self.deeper = 0  # groups opened past _DEEPEST, not yet closed
        self.page = "cp1252"
        self.default_font = 0
        self.fonts: dict[int, str] = {}
        self.font = 0  # the font table's entry being read
        self.styles: dict[int, tuple[str, int | None]] = {}
        self.style: tuple[int, int | None] = (0, None)  # the style sheet's entry being read
        self.pending = bytearray()
        self.skipping = 0  # characters still to skip after a \u
        self.runs: dict[str, list[tuple[str, str, bool]]] = {"body": [], "note": []}
        self.texts: dict[str, list[str]] = {"label": [], "instruction": [], "style": []}
        self.note: list[str] = []
        self.cell: list[str] = []  # the paragraphs of the table cell being read
        self.cells: list[list[str]] = []
        self.label = ""
        self.opened = False  # the token read last opened a group

    def read(self, data: bytes) -> Document:
        position = 0
        while position < len(data):
            match = TOKEN.match(data, position)
            if match is None:  # a backslash ending the file
                break
            position = match.end()
            if match.lastindex is None:  # a line end in the file, not in the text
                continue
            word, number, byte, symbol, brace, text = match.groups()
            opened, self.opened = self.opened, brace == b"{"
            if byte is not None or text is not None:
                self._add_bytes(bytes.fromhex(byte.decode()) if byte else text)
                continue
            self._flush()
            self.skipping = 0
            if brace == b"{":
                self._open()
            elif brace == b"}":
                self._close()
            elif symbol is not None:
                self._symbol(symbol, first=opened)
            elif word is not None:
                if word == b"bin":  # raw bytes follow: a picture's
                    position += max(int(number or 0), 0)
                else:
                    self._word(word, int(number) if number is not None else None)
        self._flush()
        self._end_paragraph([*self.stack[1:], self.state][0])  # the document's group: a
        self._end_row()  # truncated file's last paragraph still counts
        return self.document

    def _add_bytes(self, chunk: bytes) -> None:
        if self.state.into in _DROPPED:
            return
        if self.skipping:
            skipped = min(self.skipping, len(chunk))
            self.skipping -= skipped
            chunk = chunk[skipped:]
        self.pending += chunk

    def _flush(self) -> None:
        if self.pending:
            self._emit(bytes(self.pending).decode(self.state.codec, errors="replace"))
            self.pending.clear()

    def _emit(self, text: str) -> None:
        text = _CONTROLS.sub("", text).translate(_CHARACTER_FIXES)
        state = self.state
        if state.into in ("body", "note"):
            if not state.unseen:
                self.runs[state.into].append((text, state.raised, state.bold))
        elif state.into == "style":
            self._name_style(text)
        elif state.into in self.texts:
            self.texts[state.into].append(text)

    def _open(self) -> None:
        if len(self.stack) >= _DEEPEST:
            self.deeper += 1
            return
        self.stack.append(self.state)
        self.state = replace(self.state)

    def _close(self) -> None:
        if self.deeper:
            self.deeper -= 1
            return
        if not self.stack:  # a stray "}": nothing to close
            return
        closed, self.state = self.state, self.stack.pop()
        if closed.into == self.state.into:
            return
        if closed.into == "note":
            self._end_paragraph(closed)
            if self.note:
                self.document.notes.append(" ".join(self.note))
            self.note = []
        elif closed.into == "label":
            self.label = "".join(self.texts["label"]).strip()
            self.texts["label"] = []
        elif closed.into == "instruction":
            closed.instruction.append("".join(self.texts["instruction"]))
            self.texts["instruction"] = []

    def _symbol(self, symbol: bytes, first: bool) -> None:
        """``first``: the symbol opens its group, where "\\*" marks one this reader may not
        know (skipped unless known); elsewhere it means nothing, and the text goes on."""
        if symbol == b"*":
            if first and self.state.into != "skip":
                self.state.into = "starred"
        elif symbol in _PARAGRAPH_ENDS:
            self._end_paragraph()
        elif symbol in _CHARACTERS:
            self._emit(_CHARACTERS[symbol])

    def _word(self, word: bytes, number: int | None) -> None:
        state = self.state
        if state.into == "starred":
            state.into = "instruction" if word == b"fldinst" else "skip"
            return
        if state.into == "skip":
            return
        if state.into == "font":
            self._font_entry(word, number)
            return
        if state.into == "style":
            self._style_entry(word, number)
            return
        if self._destination(word):
            return
        if self._character_format(word, number):
            return
        if word in _CHARACTERS:
            self._emit(_CHARACTERS[word])
        elif word in _PARAGRAPH_ENDS:
            self._end_paragraph()
        elif word == b"u" and number is not None:
            if -0x8000 <= number <= 0xFFFF:  # a 16-bit character; another number is no text
                self._emit(chr(number + 0x10000 if number < 0 else number))
            self.skipping = state.skip_after_u
        elif word in (b"cell", b"nestcell") and state.into == "body":
            self._end_paragraph()
            self.cells.append(self.cell)
            self.cell = []
        elif word in (b"row", b"nestrow") and state.into == "body":
            self._end_row()
        else:
            self._paragraph_format(word, number)

    def _destination(self, word: bytes) -> bool:
        """Whether ``word`` starts a group of its own kind, which is then read as that."""
        state = self.state
        if word in UNSEEN:
            state.into = "skip"
        elif word == b"fonttbl":
            state.into = "font"
        elif word == b"stylesheet":
            state.into = "style"
        elif word == b"footnote":
            state.into, state.paragraph = "note", _Paragraph()
        elif word in (b"listtext", b"pntext"):
            state.into, state.paragraph = "label", _Paragraph()
        elif word == b"field":
            state.instruction = []
        elif word == b"fldinst":
            state.into = "instruction"
        elif word == b"fldrslt":
            kind = "".join(state.instruction).split()[:1]
            if kind and kind[0].upper() in _GENERATED:
                state.into = "skip"
        else:
            return False
        return True

    def _character_format(self, word: bytes, number: int | None) -> bool:
        """Whether ``word`` sets how characters are shown, then set."""
        state, on = self.state, number != 0
        if word == b"plain":
            state.bold, state.raised, state.unseen = False, "", False
            state.codec = self.fonts.get(self.default_font, self.page)
        elif word == b"f" and number is not None:
            state.codec = self.fonts.get(number, self.page)
        elif word == b"b":
            state.bold = on
        elif word in (b"super", b"sub"):
            state.raised = word.decode()[:3]
        elif word == b"nosupersub":
            state.raised = ""
        elif word in (b"up", b"dn"):
            state.raised = ("sup" if word == b"up" else "sub") if on and number else ""
        elif word in (b"v", b"deleted", b"strike", b"striked"):
            state.unseen = on
        elif word == b"uc" and number is not None:
            state.skip_after_u = max(number, 0)
        elif word in (b"ansicpg", b"mac", b"pc", b"pca"):
            self.page = state.codec = page_codec(word, number)
        elif word == b"deff" and number is not None:
            self.default_font = number
        else:
            return False
        return True

    def _paragraph_format(self, word: bytes, number: int | None) -> None:
        paragraph = self.state.paragraph
        if word == b"pard":
            paragraph.style, paragraph.level, paragraph.in_table = 0, None, False
        elif word == b"s" and number is not None:
            paragraph.style = number
        elif word == b"outlinelevel" and number is not None:
            paragraph.level = number if 0 <= number < 9 else None
        elif word == b"intbl":
            paragraph.in_table = True
        elif word == b"itap" and number is not None:
            paragraph.in_table = number > 0

    def _font_entry(self, word: bytes, number: int | None) -> None:
        if word == b"f" and number is not None:
            self.font = number
            self.fonts.setdefault(number, self.page)
        elif word == b"fcharset" and number in CHARSETS:
            self.fonts[self.font] = CHARSETS[number]
        elif word == b"cpg" and number is not None:
            self.fonts[self.font] = page_codec(b"ansicpg", number)

    def _style_entry(self, word: bytes, number: int | None) -> None:
        if word == b"s" and number is not None:
            self.style = (number, self.style[1])
        elif word == b"outlinelevel" and number is not None:
            self.style = (self.style[0], number if 0 <= number < 9 else None)

    def _name_style(self, text: str) -> None:
        """A style's name ends at ";": then it is known by its number."""
        name, ended, _ = text.partition(";")
        self.texts["style"].append(name)
        if ended:
            named = " ".join("".join(self.texts["style"]).split())
            self.styles[self.style[0]] = (named, self.style[1])
            self.texts["style"], self.style = [], (0, None)

    def _end_paragraph(self, state: _State | None = None) -> None:
        state = state or self.state
        if state.into not in ("body", "note"):  # a line end in a label, header or table
            return
        into = state.into
        runs, self.runs[into] = self.runs[into], []
        parts: list[str] = []
        for text, raised, _ in runs:
            parts.append(in_script(text, raised, "".join(parts[-1:])) if raised else text)
        text = whole_text("".join(parts))
        if into == "note":
            if text.strip():
                self.note.append(text)
            return
        label, self.label = self.label, ""
        if state.paragraph.in_table:  # a list in a cell keeps its numbers: the row is one text
            if text.strip():
                self.cell.append(f"{label} {text}" if label and not _is_bullet(label) else text)
            return
        if not text.strip():
            return
        bold = all(b for t, _, b in runs if t.strip())
        if (block := self._block(state.paragraph, text, label, bold)) is not None:
            self.document.blocks.append(block)

    def _block(self, paragraph: _Paragraph, text: str, label: str, bold: bool) -> Block | None:
        """A paragraph as a block; None for the "Title" paragraph, which is the title."""
        name, level = self.styles.get(paragraph.style, ("", None))
        if paragraph.level is not None:
            level = paragraph.level
        elif level is None and (heading := _HEADING_STYLE.match(name)):
            level = int(heading[1]) - 1
        if level is not None:
            return Block("heading", text, level + 1, label)
        if name.lower() == "title" and not self.document.title:
            self.document.title = " ".join(text.split())
            return None
        if label:
            return Block("item", text, label="" if _is_bullet(label) else label)
        if name.lower() in _QUOTE_STYLES:
            return Block("quote", text)
        return Block("text", text, bold=bold)

    def _end_row(self) -> None:
        """A table row, "cell | cell"; one with a cell of text (``is_prose``) is a page laid
        out in a table (a letter, a form), its paragraphs read one by one."""
        if self.cell:
            self.cells.append(self.cell)
            self.cell = []
        if any(is_prose(cell) for cell in self.cells):
            self.document.blocks += [Block("text", text) for cell in self.cells for text in cell]
        elif any(self.cells):
            self.document.blocks.append(Block("row", " | ".join(" ".join(c) for c in self.cells)))
        self.cells = []


def page_codec(word: bytes, number: int | None) -> str:
    """The codec of a document's code page (\\ansicpg1251, \\mac), cp1252 if Python has none."""
    if word != b"ansicpg":
        return {b"mac": "mac_roman", b"pc": "cp437", b"pca": "cp850"}[word]
    name = _MAC_PAGES.get(number or 0, f"cp{number}")
    try:
        return codecs.lookup(name).name
    except LookupError:
        return "cp1252"


def whole_text(text: str) -> str:
    """Characters beyond the first 65,536 are written as two \\u halves: joined back."""
    return text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")


def _is_bullet(label: str) -> bool:
    return not any(c.isalnum() for c in label)


def read_rtf(data: bytes) -> Document:
    """The document's text, read from its control words and groups."""
    return _Reader().read(data)
