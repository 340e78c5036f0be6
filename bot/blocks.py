"""The Markdown blocks an article is stored as, which every reader of documents writes: a
page's, a feed's, a book's, a Word, OpenDocument, RTF or PDF document's paragraphs, headings,
list items and quotations (``Block``), and the tests of a block's shape they share.

A block holds the words exactly as extracted, whitespace runs collapsed and Markdown's marks
escaped (``content``); a quotation ends with who said it (``quoted_blocks``).
"""

from __future__ import annotations

import itertools
import re
from typing import NamedTuple

from bot.markup import reader_text
from bot.text import words

# Raised and lowered digits and signs, for a page's <sup> and <sub>.
_SCRIPTS = {
    "sup": str.maketrans("0123456789+-=()", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾"),
    "sub": str.maketrans("0123456789+-=()", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎"),
}
_SCRIPTED = frozenset("0123456789+-=(), ")
# Raised small letters, for a note's marks; Unicode has no raised "q".
_RAISED_LETTERS = str.maketrans("abcdefghijklmnoprstuvwxyz", "ᵃᵇᶜᵈᵉᶠᵍʰⁱʲᵏˡᵐⁿᵒᵖʳˢᵗᵘᵛʷˣʸᶻ")
_NOTE_LETTERS = frozenset("abcdefghijklmnoprstuvwxyz, ")
# Characters Markdown reads as marks anywhere in a text, and at a block's start.
_MARK_CHARACTERS = re.compile(r"[\\`*_~=\[\]<]")
# What a line may start with that Markdown reads as a block's mark: ">" always, "#" to "######"
# before a space, "+" or "-" before a space (">65 years" had read "65 years").
_HEADING_MARK = re.compile(r"#{1,6}\s")  # a Markdown heading's start, as extraction writes it
_MARK_AT_START = re.compile(r"^(>|#(?=#{0,5}\s)|[+-](?=\s))")
# A heading's shape: a few words that end no sentence or clause (``heading_shaped``).
_HEADING_WORDS = 12
_CELL_WORDS = 20  # words in a cell of several paragraphs: more is text, not a value
_ATTRIBUTION_WORDS = 12  # words of the name under a quotation, with its title and date
_CLAUSE_END = re.compile(r"[.,;:]\s*$")
_LETTERS = re.compile(r"[^\W\d_]{2}")


def squeeze(text: str) -> str:
    return " ".join(text.split())


def literal(text: str) -> str:
    """``text`` written as Markdown that reads as the text itself. Where a reader of Markdown
    (``bot.markup.reader_text``) would take some of it for marks ("* Other (specify):" for a
    bullet, "*.diff and *.patch" for emphasis, "<https://…>" for a link), those characters
    are escaped with a backslash, which it does not show; other text is written as it is,
    for a person reading the file."""
    if reader_text(text) == text:
        return text
    return _MARK_AT_START.sub(r"\\\1", _MARK_CHARACTERS.sub(r"\\\g<0>", text))


def content(text: str) -> str:
    """Extracted text as a block's content: whitespace runs collapsed, Markdown's marks
    escaped (``literal``)."""
    return literal(squeeze(text))


def quoted_blocks(paragraphs: list[str]) -> list[str]:
    """A quotation's paragraphs as Markdown blocks, each line after "> "; when the last names
    who said them, as a browser draws a ``<cite>`` under a quote ("Mayor Anna Berg", "— Larry
    Magid, Forbes", a tweet's "— Javier Campos (@jc) June 4, 2019"), one block of them all, a
    line each, the name last. Apart, the name had been a quote of its own and the words
    nobody's; glued on with a space, it read as part of what was said."""
    if len(paragraphs) > 1 and _names_speaker(paragraphs[-1]):
        paragraphs = ["\n".join(paragraphs)]
    return ["\n".join(f"> {line}" for line in text.split("\n")) for text in paragraphs]


def _names_speaker(text: str) -> bool:
    """A short line after a dash, or one that ends no sentence ("16 мая 2018 г." ends one)."""
    short = len(text.split()) <= _ATTRIBUTION_WORDS and has_words(text)
    return short and (text.startswith(("—", "–", "―", "- ")) or not said(text))


def said(text: str) -> bool:
    """Whether a text ends as a sentence ends: a name, a credit or a label ("Frances
    Watkins", "reddit by u/rztan") does not."""
    return text.rstrip().rstrip('"”’)').endswith((".", "!", "?", "…")) and has_words(text)


def holds_text(blocks: list[str] | tuple[str, ...]) -> bool:
    """Whether Markdown blocks hold any but headings ("#MeToo began…" is text, not one)."""
    return any(not _HEADING_MARK.match(block) for block in blocks)


def has_words(text: str) -> bool:
    """Whether a text holds a word (two letters running): not only figures or marks."""
    return bool(_LETTERS.search(text))


def heading_shaped(text: str) -> bool:
    """Short, with words, ending no sentence or clause ("2.1. Directory layout", "Why now?"):
    a heading's shape, which type set apart from the text (larger, or bold) makes one."""
    short = len(text.split()) <= _HEADING_WORDS
    return short and not _CLAUSE_END.search(text) and has_words(text)


def in_script(text: str, kind: str, after: str = "") -> str:
    """``text`` in Unicode's raised ("sup") or lowered ("sub") digits when it is digits and
    signs; raised small letters after a word's letter in Unicode's raised letters, as notes
    are marked ("Benign" and a raised "d": "Benignᵈ", not "Benignd"); as it is otherwise
    ("th" after a figure, "®", "[1]"), which reads right flattened. ``after`` is the text
    it follows."""
    if set(text) <= _SCRIPTED and any(c.isdigit() for c in text):
        return text.translate(_SCRIPTS[kind])
    if kind == "sup" and after[-1:].isalpha() and set(text) <= _NOTE_LETTERS and text.strip():
        return text.translate(_RAISED_LETTERS)
    return text


def is_prose(paragraphs: list[str]) -> bool:
    """Whether a table cell's paragraphs are a page's text, not a value: more than one, and
    more than _CELL_WORDS words in all. A heading cell's "Número de" / "versión" stays in its
    row (split, its parts were headings of nothing, dropped); a letter in a cell is read
    paragraph by paragraph."""
    texts = [text for text in paragraphs if text]
    return len(texts) > 1 and sum(len(text.split()) for text in texts) > _CELL_WORDS


class Block(NamedTuple):
    """A paragraph or table row as a document's reader gives it (``bot/odt.py``,
    ``bot/rtf.py``): its kind ``heading`` (with its outline level), ``item`` (with the number
    drawn before it, "" for a bullet), ``quote`` and ``pull`` (a quotation's and a pull
    quote's, labelled with its name where the format marks where it ends: one may follow
    another), ``row`` or ``text``; ``bold`` when every letter is set in bold, a heading made
    by hand if it is short."""

    kind: str
    text: str
    level: int = 0
    label: str = ""
    bold: bool = False


def unrepeated(blocks: list[Block]) -> list[Block]:
    """The blocks without a pull quote (``pull``) whose words the text says already, as a page
    reader and a saved page leave it out: kept, the same words would be quoted twice. One that
    says words of its own is kept, as a quotation."""
    if all(block.kind != "pull" for block in blocks):  # a book's words are not read for none
        return blocks
    told = f" {' '.join(words(' '.join(b.text for b in blocks if b.kind != 'pull')))} "
    kept: list[Block] = []
    for pull, group in itertools.groupby(blocks, key=lambda b: b.label * (b.kind == "pull")):
        run = list(group)
        texts = [squeeze(block.text) for block in run]
        if len(texts) > 1 and _names_speaker(texts[-1]):
            texts.pop()  # its speaker's name may be said anywhere
        if not pull:
            kept += run
        elif not all(f" {' '.join(words(text))} " in told for text in texts):
            kept += [block._replace(kind="quote") for block in run]
    return kept
