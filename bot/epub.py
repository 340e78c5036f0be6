"""An EPUB book (.epub: e-readers', calibre's and article savers' format) as a reader sees it.

An EPUB is a ZIP of XHTML chapters (each laid out by ``bot/xhtml.py``), read in the order its
package's spine gives. What a reading app shows apart from the chapters is left out: the
contents page (the navigation document, a guide's "toc" page), and the spine's items marked
non-linear (notes or answers shown only when a link is followed). Its title, authors, date,
publisher and address are the package's. A book whose chapters a shop encrypted (DRM) is
refused: its ciphertext is no text.
"""

from __future__ import annotations

import functools
import io
import posixpath
import re
import zipfile
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote, urldefrag

from lxml import etree

from bot.extract import ExtractError
from bot.xhtml import Reading, bold_classes, read_chapter

_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, recover=True)
_CHAPTER_TYPES = ("application/xhtml+xml", "text/html")
# Font obfuscation (IDPF's, Adobe's): a font's first bytes scrambled, the text left as it is.
_FONTS = {"http://www.idpf.org/2008/embedding", "http://ns.adobe.com/pdf/enc#RC"}
_ISO_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T")  # a date with a time of day, "2014-01-14T09:51Z"
_PLACEHOLDERS = {"unknown", "unknown title", "unknown author", "untitled"}
_ROLES = {"", "aut"}  # a creator named without a role, or as the author (not an editor's)


@dataclass
class Book:
    """What a reading app shows of an EPUB: its package's title, authors, date, publisher
    and web address, and its chapters' text (``bot/xhtml.py``)."""

    title: str = ""
    author: str = ""
    date: str = ""
    site: str = ""
    url: str = ""
    text: Reading = field(default_factory=Reading)


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
            stylesheet = functools.partial(_stylesheet, archive, styles, path)
            read_chapter(archive.read(path), book.text, stylesheet)
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
    date = next(iter(dates), "")
    return Book(
        title=next((t for t, _ in found.get("title", []) if not _placeholder(t)), ""),
        author=", ".join(dict.fromkeys(a for a in authors if not _placeholder(a))),
        date=date.partition("T")[0] if _ISO_TIME.match(date) else date,
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


def _stylesheet(
    archive: zipfile.ZipFile, styles: dict[str, set[str]], chapter: str, href: str
) -> set[str]:
    """The bold classes of the stylesheet a chapter links (none when the book lacks it), each
    file read once a book (``styles``)."""
    path = posixpath.normpath(posixpath.join(posixpath.dirname(chapter), unquote(href)))
    if path not in styles:
        try:
            styles[path] = bold_classes(archive.read(path).decode("utf-8", errors="replace"))
        except KeyError:
            styles[path] = set()
    return styles[path]
