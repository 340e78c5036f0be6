"""Web pages (saved as HTML, or as one file: MHTML, Safari's Web Archive), PDFs, Word documents
and OpenDocument texts into article text: the main text and who wrote it, by trafilatura,
pdfminer, python-docx and lxml.

The result is Markdown blocks (``## heading``, paragraphs, ``- item``, ``> quote``) holding the
words exactly as extracted, whitespace runs collapsed. What is furniture is decided later, by
the same rules as for any article file (``bot/boilerplate.py``), so ``passages`` can show it;
only a PDF's running heads and feet are left out here, as only the page layout tells them.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import io
import re
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from importlib import metadata
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from bot.blocks import (
    Block,
    content,
    heading_shaped,
    holds_text,
    in_script,
    quoted_blocks,
    said,
    squeeze,
    unrepeated,
)
from bot.frontmatter import TITLE_SEPARATOR, format_field
from bot.text import TURKIC

PDF_MAGIC = b"%PDF-"
# Mail headers before the one sought: "Name: value" lines, each with its folded lines.
_HEADERS = rb"(?:[\w-]+:[^\r\n]*\r?\n(?:[ \t][^\r\n]*\r?\n)*)*?"
# A page saved as one file: mail headers first (Chrome's "From: <Saved by Blink>"), one of
# them a multipart/related Content-Type, before the blank line that ends them.
_MIME_ARCHIVE = re.compile(_HEADERS + rb"content-type:[ \t]*multipart/related", re.IGNORECASE)
# A mail (``.eml``): header lines first, after the "From " line of an mbox a mail program may
# keep, one of them a From with an address, on its first line or a folded one (a page saved as
# MHTML is "From: <Saved by Blink>").
_MAIL = re.compile(
    rb"(?:From [^\r\n]*\r?\n)?" + _HEADERS + rb"from:(?:[^\r\n@]*\r?\n[ \t])*[^\r\n@]*@",
    re.IGNORECASE,
)
_MAIL_HEAD = 65_536  # bytes: a mail's relays and signatures may put 10 KB of headers first
# Where an mbox file (a Thunderbird folder; Apple Mail's and Google Takeout's exports) starts
# each message: a "From " line, as Python's mailbox module splits them, then a header line.
MBOX_SEPARATOR = re.compile(rb"^From [^\r\n]*\r?\n(?=[\w-]+:)", re.MULTILINE)
RTF_MAGIC = b"{\\rtf"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # a compound file: a .doc, or an .xls, .msg…
_WORD_STREAM = "WordDocument".encode("utf-16-le")  # a .doc's text stream, named in its directory
ZIP_MAGIC = b"PK\x03\x04"  # a .docx is a ZIP holding word/document.xml
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"  # an .odt's "mimetype" entry
EPUB_MIMETYPE = b"application/epub+zip"
# A Word document unpacking to more is refused unread (a ZIP bomb would exhaust memory); a
# long report with pictures unpacks to tens of MB. zipfile reads no entry past its stated size.
MAX_UNPACKED = 200_000_000
_EXTRACTORS = (
    "trafilatura", "lxml", "pdfminer.six", "python-docx", "msdoc2docx", "python-oxmsg",
    "compressed-rtf",
)  # fmt: skip
# The code that decides the text.
_MODULES = (
    "extract.py", "blocks.py", "pdf.py", "word.py", "package.py", "odt.py", "odflists.py",
    "rtf.py", "epub.py", "xhtml.py", "frontmatter.py", "mail.py", "mailbody.py", "outlook.py",
    "headers.py", "replies.py", "markup.py", "posts.py", "standfirst.py", "tgexport.py",
    "feeds.py",
)  # fmt: skip
# A word broken at a line's end with a hyphen (or a soft one, U+00AD, which marks a break
# the typesetter may take), and the rest of it on the next line.
_BROKEN = re.compile(r"([^\W\d_]+)([-\u2010\u00ad])[ \t]*\n[ \t]*([^\W\d_]+)")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
# Words after which a hyphen at a line's end is a suspended one ("pre- and post-war").
_SUSPENDED = frozenset("and or nor to und oder bis et ou y o e en of и или ve veya".split())
# wordfreq's list for each language ``language_of`` tells (English for the rest).
_WORD_LISTS = {
    TURKIC: "tr", "GERMAN": "de", "FRENCH": "fr", "SPANISH": "es", "ITALIAN": "it",
    "PORTUGUESE": "pt", "DUTCH": "nl",
}  # fmt: skip
# Text a page shows struck out (HTML's "removed" and "no longer accurate"), as Word's
# deletions: left out of the article.
_STRUCK = ["//del", "//s", "//strike"]
# A page's date from its markup only (meta tags, JSON-LD, <time>, its address), as htmldate
# reads them; not a year found in its text ("closed in 2019" dated it 2019-01-01), which is
# trafilatura's default: a citation without a date misleads no one.
_DATE_PARAMS = {"original_date": True, "extensive_search": False}
# What makes a <div> more than a paragraph (Readability's list, with headings and the rest of
# HTML's blocks): one holding none of them is read as a paragraph.
_DIV_BLOCKS = frozenset(
    "address article aside blockquote dd details dl dt div fieldset figure footer form h1 h2 h3"
    " h4 h5 h6 header hr img li main nav ol p pre section table ul".split()
)
_APART = frozenset({"lb", "p", "head", "list", "item", "quote", "table", "row", "cell"})
# What trafilatura's fallback may give as a page's text when it finds no article: a menu.
_FURNITURE = frozenset({"nav", "header", "footer", "aside", "menu"})
# trafilatura's elements that stand apart from the text around them (its TEI's blocks).
_BLOCKS = frozenset({"ab", "code", "div", "graphic", "head", "list", "p", "quote", "table"})
# What a PDF's document information holds for a title when its author gave none: the
# program's name and the file's, a template's placeholder.
_NOT_A_TITLE = re.compile(
    r"^(?:microsoft \w+ - |adobe |untitled\b|title$|document ?\d*$)"
    r"|\.(?:pdf|docx?|odt|rtf|pages|indd|qxd|tex|dvi|ps|txt)$",
    re.IGNORECASE,
)
_SITE_WORDS = 6  # a site's name is no longer
# A heading is kept as Markdown so that it stays out of the quotes but shows the structure.
_HEADING_LEVELS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}


class ExtractError(Exception):
    """The document holds no article text that can be quoted."""


@dataclass(frozen=True, slots=True)
class Extracted:
    """One document's article text as Markdown blocks, and what is known about it."""

    title: str
    blocks: tuple[str, ...]
    author: str = ""
    date: str = ""
    url: str = ""
    site: str = ""
    pages: tuple[int, ...] = ()  # a PDF's: the page each block starts on
    # A page of several people's posts (``bot/posts.py``): each post, cited as its writer's.
    posts: tuple[Extracted, ...] = ()
    # The address a feed links it at, where its page gives another as its own: found there,
    # a feed added again does not fetch the page again.
    feed_link: str = ""


def file_head(path: Path, size: int) -> bytes:
    """A file's first ``size`` bytes, or none when it cannot be read: enough to tell what it
    holds (a chat's export, a feed) without reading it all."""
    try:
        with path.open("rb") as file:
            return file.read(size)
    except OSError:
        return b""


def _segments(element: Any) -> list[str]:
    """An element's text split at its line breaks (``<lb/>``), as trafilatura marks them."""
    return _run_segments(element.text, list(element))


def _run_segments(text: str | None, children: list[Any]) -> list[str]:
    """A run of text and inline elements split at its line breaks (``_segments``)."""
    segments, current = [], [text or ""]
    for child in children:
        if child.tag == "lb":
            segments.append("".join(current))
            current = []
        else:  # a quotation's paragraphs set apart: "accordingly.Notice" had glued them
            gap = " " if child.tag in _APART else ""
            current += [gap, *_spaced_text(child), gap]
        current.append(child.tail or "")
    segments.append("".join(current))
    return [s for s in map(content, segments) if s]


def _element_blocks(element: Any) -> list[str]:
    """Markdown blocks for one top-level element of trafilatura's XML body."""
    tag = element.tag
    if tag == "head":  # a line break in it is a space: "Head<br>line" is no "Headline"
        level = _HEADING_LEVELS.get(element.get("rend", ""), 2)
        text = _spaced_content(element)
        return [f"{'#' * level} {text}"] if text else []
    if tag == "list":
        return _list_blocks(element)
    if tag == "quote":
        return quoted_blocks(_quoted(element))
    if tag == "table":
        rows = (
            _row_text(list(map(_spaced_content, row.iter("cell")))) for row in element.iter("row")
        )
        return [row for row in rows if row.strip(" |")]
    if tag == "div" and any(child.tag in _BLOCKS for child in element):
        return _division_blocks(element)
    return _segments(element)


def _quoted(element: Any) -> list[str]:
    """A quotation's paragraphs: each it holds, and the text between them split at its line
    breaks."""
    paragraphs = _blocks_apart(element, _APART - {"lb"}, lambda child: [_spaced_content(child)])
    return [p for p in paragraphs if p]


def _row_text(cells: list[str]) -> str:
    """A table row as "cell | cell", without the empty cells at its end, which draw nothing
    ("Game Speed Set the speed… | " had ended in a bar)."""
    while cells and not cells[-1]:
        cells.pop()
    return " | ".join(cells)


def _division_blocks(element: Any) -> list[str]:
    """A division's blocks in order, the text between them as paragraphs of their own.
    trafilatura's fallback extractors (readability's, jusText's) keep a page's ``<div>``
    whole; read as one paragraph, it glued a page's introduction, headings and six tables into
    one quote of 9,400 characters."""
    return _blocks_apart(element, _BLOCKS, _element_blocks)


def _blocks_apart(
    element: Any, apart: frozenset[str], read: Callable[[Any], list[str]]
) -> list[str]:
    """An element's children whose tag is in ``apart`` as ``read`` gives their blocks, and
    the text and inline elements between them split at their line breaks."""
    blocks: list[str] = []
    text, run = element.text, list[Any]()
    for child in element:
        if child.tag in apart:
            blocks += [*_run_segments(text, run), *read(child)]
            text, run = child.tail, []
        else:
            run.append(child)
    return blocks + _run_segments(text, run)


def _spaced_content(element: Any) -> str:
    """A table cell's, heading's or quoted paragraph's text on one line: its line breaks and
    paragraphs set apart by a space, where joined they had glued words ("Hartmann<br>92130"
    read "Hartmann92130")."""
    return content("".join(_spaced_text(element)))


def _spaced_text(element: Any) -> Iterator[str]:
    """An element's text, what _APART names set apart by spaces."""
    yield element.text or ""
    for child in element:
        gap = " " if child.tag in _APART else ""
        yield from (gap, *_spaced_text(child), gap, child.tail or "")


def _list_blocks(element: Any) -> list[str]:
    """A list's items, numbered as the page draws them ("step 3" stays 3) or bulleted, each
    followed by the items of a list inside it, numbered from 1 again: an item had been read
    with its inner list's text glued on ("Second lineOne sublevel") and counted on with it."""
    ordered, number, blocks = element.get("rend") == "ol", 0, []
    for item in element.iterfind("item"):
        parts, inner = [item.text or ""], []
        for child in item:
            if child.tag == "list":
                inner.append(child)
            else:  # a paragraph or line break in the item sets the words around it apart
                apart = " " if child.tag in _APART else ""
                parts += [apart, *_spaced_text(child), apart]
            parts.append(child.tail or "")
        if text := content("".join(parts)):
            number += 1
            blocks.append(f"{number}. {text}" if ordered else f"- {text}")
        for child in inner:
            blocks += _list_blocks(child)
    return blocks


def as_drawn(tree: Any) -> None:
    """Write what a browser draws but a page's text lacks: superscripts and subscripts of
    digits in Unicode's raised and lowered digits, which survive extraction (flattened,
    "613<sup>1</sup> people" read "6131 people" and "10<sup>3</sup>" 103), a note's raised
    letters after a word in raised letters (others, "20<sup>th</sup>", "Mac<sup>®</sup>",
    "[1]", stay), and quotation marks around <q>."""
    # The outermost is drawn whole: "km<sup>2<sup>1</sup></sup>" had made a page unreadable.
    scripts = tree.iter("sup", "sub")
    outermost = [e for e in scripts if not any(a.tag in ("sup", "sub") for a in e.iterancestors())]
    for element in outermost:
        inner = element.text_content()
        before = element.getprevious()
        after = (before.tail if before is not None else element.getparent().text) or ""
        if (scripted := in_script(inner, element.tag, after)) != inner:
            for child in list(element):
                element.remove(child)
            element.text = scripted
    # An inline quotation (<q>) gets the marks a browser draws around it: without them the
    # words someone else said read as the author's. One inside another gets single marks and
    # is made plain text, which trafilatura otherwise moves to the end of the paragraph.
    for element in list(tree.iter("q")):
        nested = any(a.tag == "q" for a in element.iterancestors())
        opening, closing = ("‘", "’") if nested else ("“", "”")
        element.text = opening + (element.text or "")
        if len(element):
            element[-1].tail = (element[-1].tail or "") + closing
        else:
            element.text += closing
        if nested:
            element.drop_tag()


def _as_paragraphs(tree: Any) -> None:
    """A ``<div>`` of text among paragraphs is one of them, as a browser draws it:
    trafilatura drops such a div's text inside a page's content (a jokes page's "From
    scratch." under "198. How do cats bake cake?", a pasted editor's ``<div dir="auto">``
    lines). It holds no block of its own, stands beside a ``<p>`` or a ``<div>`` holding one,
    and ends as a sentence ends; a div of text alone (a site's tagline, a sidebar's note), of
    a name, or holding a ``<time>`` (a page's "Created <time>. Edited <time>.", read without
    its dates as trafilatura drops them) stays a div, as the page reader judges it."""
    found = [
        div
        for div in tree.iter("div")
        if not any(
            child.tag in _DIV_BLOCKS or child.tag == "time" for child in div.iterdescendants()
        )
        and _among_paragraphs(div)
        and said(div.text_content())
    ]
    for div in found:
        div.tag = "p"


def _among_paragraphs(element: Any) -> bool:
    """Whether an element has a paragraph beside it: a ``<p>``, or a ``<div>`` holding one."""
    parent = element.getparent()
    return parent is not None and any(
        other is not element
        and (other.tag == "p" or (other.tag == "div" and any(c.tag == "p" for c in other)))
        for other in parent
    )


def extract_html(html: bytes | str | Any) -> Extracted:
    """The main text and metadata of a web page (its bytes, text, or lxml tree); raises
    ExtractError when there is none."""
    import trafilatura  # lxml and friends: paid for only when a page is read
    from trafilatura.settings import Document
    from trafilatura.utils import load_html

    from bot.posts import page_posts, post_articles
    from bot.standfirst import standfirst, with_standfirst

    tree = load_html(html)
    if tree is None:
        raise ExtractError("no article text found on the page")
    as_drawn(tree)
    _as_paragraphs(tree)
    posts = page_posts(tree)  # before trafilatura prunes the page
    said_first = standfirst(tree)
    if len({post.author for post in posts} - {""}) < 2:
        posts = []  # one person's page: its posts are its article
    # Reader comments are other people's words, not the article's: never quote them as it.
    # Struck-out text is what the page withdrew: flattened into the quote, "The old price was
    # <s>12 million</s> 14 million euros" read "12 million 14 million euros".
    document = trafilatura.bare_extraction(
        tree,
        include_comments=False,
        with_metadata=True,
        prune_xpath=_STRUCK,
        date_extraction_params=_DATE_PARAMS | {"max_date": date.today().isoformat()},
    )
    if not isinstance(document, Document) or document.body is None:
        raise ExtractError("no article text found on the page")
    if (body := document.body).tag in _FURNITURE:  # a page of links only, given as its text
        raise ExtractError("no article text found on the page")
    # Its own text too: where trafilatura falls back to the whole page (a short mail), the
    # text may stand loose in it, outside any paragraph ("Hi.<br>Thanks,<br>Alex").
    blocks = _division_blocks(body)
    if not holds_text(blocks):
        raise ExtractError("no article text found on the page")
    if not posts:
        blocks = with_standfirst(blocks, said_first)
    page = Extracted(
        title=squeeze(document.title or ""),
        blocks=tuple(blocks),
        author="" if posts else squeeze(document.author or ""),
        date=document.date or "",
        url=document.url or "",
        site=squeeze(document.sitename or ""),
    )
    if not (each := tuple(post_articles(page, posts))):
        return page
    # Read whole (from the folder), the page's words are its posts', in page order: not the
    # site's furniture around them ("Stack Exchange network consists of 180 Q&A communities").
    return dataclasses.replace(page, blocks=tuple(b for p in each for b in p.blocks), posts=each)


def _rejoined(box: str) -> str:
    """A PDF text box's lines as one text. A word the typesetter broke at a line's end with a
    hyphen is joined whole where its halves make a word of the text's language
    ("manip-" / "ulation": "manipulation"), else at its hyphen ("non-" / "commercially":
    "non-commercially"); a hyphen before "and" or "or" stays one ("pre- and post-war"); at a
    soft hyphen the word is always whole. Other lines are joined by the spaces ``squeeze``
    makes of their breaks."""
    if not _BROKEN.search(box):  # most boxes: no language to tell, no word list to read
        return box
    from bot.spelling import zipf
    from bot.text import language_of

    language = _WORD_LISTS.get(language_of(box), "en")

    def join(match: re.Match[str]) -> str:
        head, hyphen, tail = match.groups()
        if hyphen == "\u00ad":  # a break, never a hyphen of the word
            return head + tail
        if not tail[0].islower() or tail in _SUSPENDED:
            return match.group()
        whole = head + tail
        known = zipf(whole.lower(), "ru" if _CYRILLIC.search(whole) else language) > 0
        return whole if known else f"{head}{hyphen}{tail}"

    return _BROKEN.sub(join, box)


def extract_mhtml(data: bytes) -> Extracted:
    """A web page a browser saved as one file (MHTML: Chrome's and Edge's "Webpage, Single
    File"): its HTML part read as a page, cited at the address it was saved from when the
    page names none of its own."""
    import email
    from email import policy

    message = email.message_from_bytes(data, policy=policy.default)
    page = next((p for p in message.walk() if p.get_content_type() == "text/html"), None)
    html = page.get_payload(decode=True) if page is not None else None
    if page is None or not isinstance(html, bytes):
        raise ExtractError("no web page in the saved file")
    charset = page.get_content_charset()
    # Chrome names no charset on the part: the bytes go to trafilatura, which reads the
    # page's own <meta charset> (decoded as the mail's ASCII, "Xocalı" read "Xocal��").
    extracted = extract_html(decoded(html, charset))
    saved_from = message.get("Snapshot-Content-Location") or page.get("Content-Location", "")
    return _saved_from(extracted, str(saved_from))


def as_document(html: bytes | str) -> bytes | str:
    """An HTML fragment inside a document's tags."""
    if isinstance(html, bytes):
        return b"<html><body>" + html + b"</body></html>"
    return f"<html><body>{html}</body></html>"


def extract_webarchive(data: bytes) -> Extracted:
    """A web page Safari saved as one file (a Web Archive, Safari's default "Save As"): the
    page's HTML in a property list, beside its pictures, and the address it came from."""
    import plistlib

    archive = plistlib.loads(data)
    page = archive.get("WebMainResource") if isinstance(archive, dict) else None
    html = page.get("WebResourceData") if isinstance(page, dict) else None
    if not isinstance(page, dict) or not isinstance(html, bytes):
        raise ExtractError("no web page in the saved file")
    extracted = extract_html(decoded(html, page.get("WebResourceTextEncodingName")))
    return _saved_from(extracted, str(page.get("WebResourceURL", "")))


def decoded(html: bytes, charset: object) -> str | bytes:
    """A saved page's HTML decoded as the file says; its bytes, for trafilatura to read the
    page's own ``<meta charset>``, when the file names no encoding Python knows."""
    try:
        return html.decode(str(charset), "replace") if charset else html
    except LookupError:
        return html


def _saved_from(extracted: Extracted, address: str) -> Extracted:
    """A saved page cited at the address the browser saved it from, when the page names no
    address of its own (trafilatura reads a canonical link, if any)."""
    if extracted.url or not address.startswith(("https://", "http://")):
        return extracted
    return dataclasses.replace(extracted, url=address)


def extract_pdf(data: bytes) -> Extracted:
    """The text layer of a PDF: its paragraphs as ``bot/pdf.py`` finds them, lines joined by
    spaces, words broken at a line's end joined again (``_rejoined``); its title from its
    document information, or else its first page's largest heading."""
    from pdfminer.pdfdocument import PDFEncryptionError

    from bot.pdf import read_pdf

    try:
        layout = read_pdf(data)
    except PDFEncryptionError:
        raise ExtractError("the PDF is encrypted; save it without a password") from None
    texts = (
        f"## {content(text[3:])}" if text.startswith("## ") else content(text)
        for text in map(_rejoined, layout.paragraphs)
    )
    paged = [(block, page) for block, page in zip(texts, layout.pages, strict=True) if block]
    if not any(any(c.isalpha() for c in b) for b, _ in paged):
        if any("\ufffd" in b for b, _ in paged):  # glyphs its fonts map to no character
            raise ExtractError("the PDF's fonts do not say which letters they draw")
        raise ExtractError("the PDF has no text layer (a scan?); only PDFs with text can be added")
    title = squeeze(layout.info_title)
    if not title or _NOT_A_TITLE.search(title):  # "Microsoft Word - Document1", "untitled"
        title = squeeze(layout.title)
    blocks = tuple(block for block, _ in paged)
    title, site = _title_and_site(title, layout.url)
    pages = tuple(page for _, page in paged)
    return Extracted(title=title, blocks=blocks, url=layout.url, site=site, pages=pages)


def _title_and_site(title: str, url: str) -> tuple[str, str]:
    """A printed page's title and its site's name, where the browser's title (the page's
    ``<title>``) ends in the name and the name's words are the address's ("Council approves
    cycle bridge - Elbe Courier" from elbecourier.de, "… - The Verge" from theverge.com);
    else the title whole and no site: a title's own last words ("How to Grow a Lemon Tree |
    Step-by-Step Guide") are not taken for a site's."""
    cut = [*TITLE_SEPARATOR.finditer(title)][-1:]
    host = re.sub(r"[^a-z0-9]", "", urlsplit(url).hostname or "")
    if not cut or not host:
        return title, ""
    name = title[cut[0].end() :]
    words = [w for w in re.findall(r"[a-z0-9]+", name.lower()) if w != "the"]
    if (
        0 < len(words) <= _SITE_WORDS
        and all(w in host for w in words)
        and max(map(len, words)) > 2
    ):
        return title[: cut[0].start()], name
    return title, ""


def extract_docx(data: bytes) -> Extracted:
    """A Word document's paragraphs and tables in order, read as Word shows them
    (``bot/word.py``), then its notes: "Heading N" styles (and short lines all in bold) as
    headings, list items with the numbers Word draws ("1.", "b)") or as bulleted, "Quote"
    styles as block quotes, a "Title" paragraph as the title.

    The file's author and dates are left out: they name whoever saved the file and when, not
    who wrote the article; a "By …" line in the text is read as for any article.
    """
    from bot.word import read_docx

    _check_unpacked(data, "Word document")
    title, blocks = read_docx(data)
    if not holds_text(blocks):
        raise ExtractError("the Word document has no text")
    return Extracted(title=title, blocks=tuple(blocks))


def extract_doc(data: bytes) -> Extracted:
    """A Word 97-2003 document (.doc), converted to a .docx by msdoc2docx and read as one
    (``extract_docx``): its headings, lists, tables and notes as Word shows them."""
    from doc2docx import convert
    from doc2docx.errors import EncryptedDocumentError

    with tempfile.TemporaryDirectory() as folder:  # the converter reads and writes files
        source, converted = Path(folder, "document.doc"), Path(folder, "document.docx")
        source.write_bytes(data)
        try:
            convert(source, converted)
        except EncryptedDocumentError:
            raise ExtractError(
                "the Word document is encrypted; save it without a password"
            ) from None
        return extract_docx(converted.read_bytes())


def extract_odt(data: bytes) -> Extracted:
    """An OpenDocument text's paragraphs, lists and tables in order, then its notes, read as
    LibreOffice shows them (``bot/odt.py``): outline headings as headings, list items with
    the numbers drawn ("1.", "b)") or as bulleted, "Quotations" as block quotes, a "Title"
    paragraph (or the file's title) as the title. Its author and dates name whoever saved it,
    not who wrote it: left out, as Word's."""
    from bot.odt import read_odt

    _check_unpacked(data, "OpenDocument text")
    document = read_odt(data)
    blocks = as_markdown(document.blocks, document.notes, "OpenDocument text")
    return Extracted(title=squeeze(document.title), blocks=blocks)


def extract_rtf(data: bytes) -> Extracted:
    """A Rich Text Format document's paragraphs and tables in order, then its notes, read as
    Word and TextEdit show them (``bot/rtf.py``): outline levels and "heading N" styles as
    headings, list items with the numbers drawn ("1.", "a)") or as bulleted, "Quote" styles as
    block quotes, short lines all in bold as headings, a "Title" paragraph as the title."""
    from bot.rtf import read_rtf

    document = read_rtf(data)
    blocks = as_markdown(document.blocks, document.notes, "RTF document")
    return Extracted(title=squeeze(document.title), blocks=blocks)


def extract_epub(data: bytes) -> Extracted:
    """An EPUB book's chapters in the spine's order, then their notes, read as a reading app
    shows them (``bot/epub.py``): headings, list items numbered as drawn or bulleted, block
    quotes, table rows, short lines all in bold as headings. Its title, authors, date,
    publisher and source address are the package's, as a reading app lists the book."""
    from bot.epub import read_epub

    _check_unpacked(data, "EPUB book")
    book = read_epub(data)
    return Extracted(
        title=squeeze(book.title),
        blocks=as_markdown(book.text.blocks, book.text.notes, "EPUB book"),
        author=book.author,
        date=book.date,
        url=book.url,
        site=book.site,
    )


def as_markdown(blocks: list[Block], notes: list[str], name: str) -> tuple[str, ...]:
    """A document's blocks, then its notes, as Markdown; refused when it shows no text but
    headings. A run of quotation paragraphs ends with who said them (``quoted_blocks``); a
    quotation labelled apart from the one before is a run of its own, so one's speaker is
    not given the other's words."""
    out: list[str] = []
    quoted: list[Block] = []
    for block in unrepeated(blocks):
        text = content(block.text)
        if not text.strip(" |"):
            continue
        if quoted and (block.kind != "quote" or block.label != quoted[-1].label):
            out += quoted_blocks([q.text for q in quoted])
            quoted = []
        if block.kind == "heading":
            hashes = "#" * min(block.level, 6)
            out.append(f"{hashes} {block.label} {text}" if block.label else f"{hashes} {text}")
        elif block.kind == "item":
            out.append(f"{block.label} {text}" if block.label else f"- {text}")
        elif block.kind == "quote":
            quoted.append(block._replace(text=text))
        elif block.bold and heading_shaped(text):
            out.append(f"## {text}")
        else:
            out.append(text)
    out += quoted_blocks([q.text for q in quoted])
    out += [text for text in map(content, notes) if text]
    if not holds_text(out):
        raise ExtractError(f"the {name} has no text")
    return tuple(out)


def _check_unpacked(data: bytes, name: str) -> None:
    """Refuse a ZIP that unpacks to more than MAX_UNPACKED, unread (a ZIP bomb)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        unpacked = sum(entry.file_size for entry in archive.infolist())
    if unpacked > MAX_UNPACKED:
        raise ExtractError(f"the {name} unpacks to over {MAX_UNPACKED / 10**6:g} MB")


def to_markdown(extracted: Extracted, added: str = "") -> str:
    """The article as a Markdown file: front matter, then blocks separated by blank lines."""
    fields = {
        "title": extracted.title,
        "author": extracted.author,
        "date": extracted.date,
        "url": extracted.url,
        "feed_link": extracted.feed_link,
        "site": extracted.site,
        "added": added,
    }
    front = [format_field(key, squeeze(value)) for key, value in fields.items() if value]
    if extracted.pages:  # the line each page after the first starts on, for citations
        first = len(front) + 5  # the first block's line, below this field and the markers
        lines = [first + 2 * i for i in range(len(extracted.blocks))]
        starts = (
            next(
                (ln for ln, p in zip(lines, extracted.pages, strict=True) if p >= page),
                lines[-1] + 2,
            )
            for page in range(2, max(extracted.pages) + 1)
        )
        front.append(f"page_starts: {' '.join(map(str, starts))}")
    if extracted.posts:  # read whole from the folder, where its posts cannot be told apart
        front.append(f"posts: {len(extracted.posts)}")
    return "\n".join(["---", *front, "---", "", "\n\n".join(extracted.blocks), ""])


# What a failure calls each kind of file ("unreadable PDF (PSEOF)").
_KIND_NAMES = {
    "pdf": "PDF", "docx": "Word document", "doc": "Word document", "odt": "OpenDocument text",
    "mhtml": "saved page", "webarchive": "saved page", "rtf": "RTF document", "epub": "EPUB book",
    "eml": "e-mail", "msg": "Outlook e-mail",
}  # fmt: skip


def extract_document(data: bytes, kind: str) -> Extracted:
    """Extract by kind: ``pdf``, ``docx``, ``doc``, ``odt``, ``rtf``, ``epub``, ``mhtml``,
    ``webarchive``, ``eml``, ``msg`` or ``html``.

    Whatever a library raises on a file it cannot parse is an ExtractError naming its kind:
    pdfminer alone raises a dozen kinds on a truncated PDF, and one bad file must neither stop
    a folder being served nor end ``add`` in a traceback.
    """
    from bot.mailbody import extract_eml, extract_msg

    extract = {
        "pdf": extract_pdf,
        "docx": extract_docx,
        "doc": extract_doc,
        "odt": extract_odt,
        "rtf": extract_rtf,
        "epub": extract_epub,
        "mhtml": extract_mhtml,
        "webarchive": extract_webarchive,
        "eml": extract_eml,
        "msg": extract_msg,
    }.get(kind, extract_html)
    try:
        return extract(data)
    except ExtractError:
        raise
    except Exception as error:  # a parser's failure on untrusted bytes
        name = _KIND_NAMES.get(kind, "page")
        raise ExtractError(f"unreadable {name} ({type(error).__name__})") from None


@functools.cache
def extractor_stamp() -> str:
    """What decides an extraction's text, as 8 hex digits: the code of this module and of
    those it reads documents and mails with (``_MODULES``), and their libraries' versions.

    Extracted text is cached under it, so an upgrade of either re-extracts rather than
    serving text the new code would not produce.
    """
    versions = [f"{name} {metadata.version(name)}" for name in _EXTRACTORS]
    code = [Path(__file__).with_name(name).read_bytes() for name in _MODULES]
    made_by = b"".join(code) + "; ".join(versions).encode()
    return hashlib.blake2b(made_by, digest_size=4).hexdigest()


def sniff_kind(data: bytes, content_type: str = "") -> str | None:
    """``pdf``, ``docx``, ``doc``, ``odt``, ``rtf``, ``epub``, ``mhtml``, ``webarchive``,
    ``eml``, ``mbox`` (several mails), ``msg``, ``telegram`` (a chat's export: its JSON or a
    page of its HTML), ``feed`` (RSS or Atom), ``html``, or None for anything else (an image,
    a binary, other JSON)."""
    from bot.feeds import is_feed  # both read with this module's helpers
    from bot.tgexport import is_export

    if data.startswith(PDF_MAGIC):
        return "pdf"
    if data.startswith(RTF_MAGIC):
        return "rtf"
    if data.startswith(OLE_MAGIC):
        return "msg" if _is_outlook_message(data) else "doc" if _WORD_STREAM in data else None
    if data.startswith(ZIP_MAGIC):
        return _zip_kind(data)
    if _MAIL.match(data[:_MAIL_HEAD]):
        several = data.startswith(b"From ") and MBOX_SEPARATOR.search(data, 1) is not None
        return "mbox" if several else "eml"
    if _MIME_ARCHIVE.match(data[:4096]):
        return "mhtml"
    if data.startswith(b"bplist00") and b"WebMainResource" in data:
        return "webarchive"
    if is_export(data):
        return "telegram"
    if is_feed(data):
        return "feed"
    if b"\x00" in data[:4096] or "pdf" in content_type:
        return None  # a binary, or a "PDF" that is not one
    if content_type:
        return "html" if "html" in content_type else None
    head = data[:4096].lstrip().lower()
    return "html" if head.startswith(b"<") or b"<html" in head or b"<body" in head else None


def _is_outlook_message(data: bytes) -> bool:
    """Whether a compound file is an Outlook message: its properties' stream at the top (a
    .doc may hold a mail inside, and a mail a .doc attached)."""
    import olefile

    try:
        with olefile.OleFileIO(io.BytesIO(data)) as ole:  # bytes under 1,536 name a path
            return bool(ole.exists("__properties_version1.0"))
    except Exception:  # olefile's failures on a stranger's bytes: OSError, struct's…
        return False


def _zip_kind(data: bytes) -> str | None:
    """``docx``, ``odt`` or ``epub`` for a ZIP holding a Word document's, an OpenDocument
    text's or an EPUB book's parts (an .xlsx is a ZIP too: None). An EPUB without its
    "mimetype" entry is known by its container file."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
            if "word/document.xml" in names:
                return "docx"
            small = "mimetype" in names and archive.getinfo("mimetype").file_size < 100
            mimetype = archive.read("mimetype").strip() if small else b""
            if mimetype == ODT_MIMETYPE:
                return "odt"
            if mimetype == EPUB_MIMETYPE or (not mimetype and "META-INF/container.xml" in names):
                return "epub"
    except Exception:  # zipfile's failures on a stranger's bytes: BadZipFile, EOFError, zlib's…
        return None
    return None
