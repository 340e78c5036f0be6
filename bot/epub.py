"""An EPUB book (.epub: e-readers', calibre's and article savers' format) as a reader sees it.

An EPUB is a ZIP of XHTML chapters, read in the order its package's spine gives. What a
reading app shows apart from the chapters is left out: the contents page (the navigation
document, a guide's "toc" page), and the spine's items marked non-linear (notes or answers
shown only when a link is followed). Notes (``epub:type`` footnote, endnote) go after the
text, as Word's do, without their back links; a note's mark in the text is raised. Bold is
read from tags and from the chapters' stylesheets, where publishers' headings are classes.
A book whose chapters a shop encrypted (DRM) is refused: its ciphertext is no text.
"""

from __future__ import annotations

import codecs
import io
import posixpath
import re
import zipfile
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote, urldefrag

from lxml import etree, html

from bot.extract import Block, ExtractError, as_drawn, in_script, is_prose
from bot.word import numeral

_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, recover=True)
_CHAPTER_TYPES = ("application/xhtml+xml", "text/html")
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
# Font obfuscation (IDPF's, Adobe's): a font's first bytes scrambled, the text left as it is.
_FONTS = {"http://www.idpf.org/2008/embedding", "http://ns.adobe.com/pdf/enc#RC"}
_PLACEHOLDERS = {"unknown", "unknown title", "unknown author", "untitled"}
_ROLES = {"", "aut"}  # a creator named without a role, or as the author (not an editor's)


@dataclass
class Book:
    """What a reading app shows of an EPUB: its package's title, authors, date, publisher
    and web address, its chapters' blocks in order, and their notes' texts."""

    title: str = ""
    author: str = ""
    date: str = ""
    site: str = ""
    url: str = ""
    blocks: list[Block] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    bold_classes: set[str] = field(default_factory=set)  # the chapter's, by its stylesheets


def read_epub(data: bytes) -> Book:
    """The book's metadata and text, chapter by chapter in the spine's order."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = set(archive.namelist())
        container = etree.fromstring(archive.read("META-INF/container.xml"), _PARSER)
        rootfile = next((e for e in container.iter() if _local(e) == "rootfile"), None)
        if rootfile is None:
            raise ExtractError("the EPUB book names no package")
        opf_path = unquote(rootfile.get("full-path", ""))
        package = etree.fromstring(archive.read(opf_path), _PARSER)
        book = _metadata(package)
        chapters = [p for p in _chapters(package, posixpath.dirname(opf_path)) if p in names]
        if "META-INF/encryption.xml" in names and _encrypted(archive) & set(chapters):
            raise ExtractError("the EPUB book is locked (DRM); only a copy without it can be read")
        styles: dict[str, set[str]] = {}
        for path in chapters:
            _read_chapter(archive, path, book, styles)
    return book


def _encrypted(archive: zipfile.ZipFile) -> set[str]:
    """The parts META-INF/encryption.xml says are encrypted, fonts only obfuscated aside: a
    chapter's bytes are then a shop's DRM (Adobe's, Apple's, Readium LCP), no text, which
    read as XHTML would be quoted as garbage."""
    root = etree.fromstring(archive.read("META-INF/encryption.xml"), _PARSER)
    parts = set()
    for data in root.iter("{*}EncryptedData") if root is not None else ():
        method = data.find("{*}EncryptionMethod")
        reference = data.find(".//{*}CipherReference")
        if reference is not None and (method is None or method.get("Algorithm") not in _FONTS):
            parts.add(posixpath.normpath(unquote(reference.get("URI", "")).lstrip("/")))
    return parts


def _local(element: Any) -> str:
    """An element's name without its namespace; "" for a comment or processing instruction."""
    return etree.QName(element).localname if isinstance(element.tag, str) else ""


def _metadata(package: Any) -> Book:
    """Title, authors, date, publisher and source address from the package's Dublin Core."""
    found: dict[str, list[tuple[str, Any]]] = {}
    for element in package.iter(etree.Element):
        parent = element.getparent()
        if parent is not None and _local(parent) in ("metadata", "dc-metadata"):
            text = " ".join("".join(element.itertext()).split())
            if text:
                found.setdefault(_local(element), []).append((text, element))
    authors = [
        text for text, element in found.get("creator", []) if _role(element, package) in _ROLES
    ]
    addresses = [t for t, _ in found.get("source", []) + found.get("identifier", [])]
    # A date that is the file's own time of writing (pandoc's default) or before the year
    # 1000 (calibre's "0101-01-01" for none) says nothing of when the text was published.
    written = {t for t, e in found.get("meta", []) if e.get("property") == "dcterms:modified"}
    dates = [t for t, _ in found.get("date", []) if t not in written and t[:4] >= "1000"]
    return Book(
        title=next((t for t, _ in found.get("title", []) if not _placeholder(t)), ""),
        author=", ".join(dict.fromkeys(a for a in authors if not _placeholder(a))),
        date=next(iter(dates), ""),
        site=next((t for t, _ in found.get("publisher", [])), ""),
        url=next((a for a in addresses if a.startswith(("http://", "https://"))), ""),
    )


def _placeholder(text: str) -> bool:
    """Whether a title or author is the word a program writes for none ("Unknown Title",
    LibreOffice's; "Unknown", calibre's)."""
    return text.casefold() in _PLACEHOLDERS


def _role(creator: Any, package: Any) -> str:
    """A creator's role: EPUB 2's ``opf:role`` attribute, or EPUB 3's refining meta."""
    for name, value in creator.attrib.items():
        if etree.QName(name).localname == "role":
            return str(value)
    ident = creator.get("id")
    for meta in package.iter("{*}meta"):
        if ident and meta.get("refines") == f"#{ident}" and meta.get("property") == "role":
            return (meta.text or "").strip()
    return ""


def _chapters(package: Any, base: str) -> list[str]:
    """The paths of the spine's linear XHTML chapters, the contents page left out."""
    items = {
        item.get("id"): item
        for item in package.iter("{*}item")
        if item.get("media-type") in _CHAPTER_TYPES
    }
    contents = {
        urldefrag(reference.get("href", "")).url
        for reference in package.iter("{*}reference")
        if reference.get("type") == "toc"
    }
    paths = []
    for itemref in package.iter("{*}itemref"):
        item = items.get(itemref.get("idref"))
        if item is None or itemref.get("linear") == "no":
            continue
        href = urldefrag(item.get("href", "")).url
        if "nav" in (item.get("properties") or "").split() or href in contents:
            continue
        paths.append(posixpath.normpath(posixpath.join(base, unquote(href))))
    return list(dict.fromkeys(paths))


def _read_chapter(
    archive: zipfile.ZipFile, path: str, book: Book, styles: dict[str, set[str]]
) -> None:
    """One chapter's blocks and notes, added to the book's (an empty file adds nothing);
    ``styles`` keeps each stylesheet's bold classes once read."""
    page = _parsed(archive.read(path))
    if page is None or (body := page.find(".//body")) is None:
        return
    book.bold_classes = set()
    for style in page.iter("style"):
        book.bold_classes |= _bold_classes(style.text_content())
    for link in page.iter("link"):
        href = urldefrag(link.get("href") or "").url
        if "stylesheet" not in (link.get("rel") or "").lower() or not href:
            continue
        sheet = posixpath.normpath(posixpath.join(posixpath.dirname(path), unquote(href)))
        if sheet not in styles:
            styles[sheet] = _read_style(archive, sheet)
        book.bold_classes |= styles[sheet]
    as_drawn(body)  # raised digits, and the marks a browser draws around <q>, as for pages
    _flow(body, book)


def _read_style(archive: zipfile.ZipFile, path: str) -> set[str]:
    """The bold classes of a stylesheet in the book (none when it is missing)."""
    try:
        return _bold_classes(archive.read(path).decode("utf-8", errors="replace"))
    except KeyError:
        return set()


def _bold_classes(css: str) -> set[str]:
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


def _flow(container: Any, book: Book, apart: list[Any] | None = None) -> None:
    """A container's blocks in order: its block children each read as what they are, the
    text and inline elements around them as paragraphs, split where a line breaks. Lists in
    it go to ``apart`` when given (an item's own lists, read after it)."""
    ancestors = container.iterancestors()
    styled = _set_bold(container, book) or any(_set_bold(a, book) for a in ancestors)
    parts, bold = [container.text or ""], not (container.text or "").strip()
    for child in container:
        if apart is not None and _tag(child) in ("ul", "ol"):
            apart.append(child)
        elif _is_block(child) and not _hidden(child):
            _add_lines(parts, book, styled or bold)
            parts, bold = [], True
            _block(child, book)
        else:
            parts.append(_inline(child, _last(parts, "")))
            bold = bold and _bold(child, book)
        parts.append(child.tail or "")
        bold = bold and not (child.tail or "").strip()
    _add_lines(parts, book, styled or bold)


def _add_lines(parts: list[str], book: Book, bold: bool) -> None:
    """Inline text as paragraphs, one per line (``<br>`` breaks one); ``bold`` when all of
    it is set in bold."""
    for line in _lines("".join(parts)):
        book.blocks.append(Block("text", line, bold=bold))


def _lines(text: str) -> list[str]:
    return [line for line in (" ".join(s.split()) for s in text.split(_BREAK)) if line]


def _text(element: Any) -> str:
    """The text an element shows, on one line."""
    return " ".join(_lines(_inline(element, "")))


def _bold(element: Any, book: Book) -> bool:
    """Whether all an inline element shows is set in bold."""
    if _set_bold(element, book) or _hidden(element) or not _tag(element):
        return True
    return not (element.text or "").strip() and all(
        _bold(child, book) and not (child.tail or "").strip() for child in element
    )


def _set_bold(element: Any, book: Book) -> bool:
    """Whether an element sets what it holds in bold: ``<b>``, ``<strong>``, a bold class."""
    classes = (element.get("class") or "").split() if _tag(element) else ()
    return _tag(element) in _BOLD or not book.bold_classes.isdisjoint(classes)


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


def _block(element: Any, book: Book) -> None:
    """One block element read as what it is."""
    tag, types = _tag(element), _types(element)
    if types & _NOTES:
        notes = _inner_blocks(element, book)
        book.notes += [block.text for block in notes if block.kind != "heading"]
    elif tag in _HEADINGS:
        book.blocks.append(Block("heading", _text(element), _HEADINGS[tag]))
    elif tag in ("ul", "ol"):
        _list(element, book)
    elif tag == "blockquote":
        book.blocks += [block._replace(kind="quote") for block in _inner_blocks(element, book)]
    elif tag == "table":
        _table(element, book)
    else:
        _flow(element, book)


def _inner_blocks(element: Any, book: Book, apart: list[Any] | None = None) -> list[Block]:
    """The blocks an element holds, read apart from the book's (notes in them are its)."""
    inner = Book(notes=book.notes, bold_classes=book.bold_classes)
    _flow(element, inner, apart)
    return inner.blocks


def _list(element: Any, book: Book) -> None:
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
        text = " ".join(block.text for block in _inner_blocks(item, book, inner))
        if text:
            label = f"{numeral(count, kind)}." if ordered else ""
            book.blocks.append(Block("item", text, label=label))
        for nested in inner:
            _list(nested, book)


def _start(value: str | None) -> int:
    try:
        return int(value or 1)
    except ValueError:
        return 1


def _table(table: Any, book: Book) -> None:
    """A table's rows, "cell | cell"; a row with a cell of text (``is_prose``) or a table in
    it is a page laid out in a table, its cells read paragraph by paragraph."""
    rows = [row for row in table.iter("tr") if _own_row(row, table)]
    for row in rows:
        cells = [cell for cell in row if _tag(cell) in ("td", "th")]
        contents = [_inner_blocks(cell, book) for cell in cells]
        laid_out = any(cell.find(".//table") is not None for cell in cells) or any(
            is_prose([block.text for block in blocks]) for blocks in contents
        )
        if laid_out:
            book.blocks += [block for blocks in contents for block in blocks]
        else:
            texts = [" ".join(block.text for block in blocks) for blocks in contents]
            book.blocks.append(Block("row", " | ".join(texts)))


def _own_row(row: Any, table: Any) -> bool:
    """Whether a row is the table's own, not a row of a table inside one of its cells."""
    parent = row.getparent()
    while parent is not None and _tag(parent) in _GROUPS:
        parent = parent.getparent()
    return parent is table
