"""A Word document's package (the ZIP of its parts) mended as Word mends it on opening.

python-docx refuses a package Word opens: one whose list of content types misses a part (a
picture, a footer), one whose relationships point at a part it lacks, one saved as Strict
Open XML (Word's "Strict Open XML Document"), whose relationships and elements are named in
other namespaces, and a template or macro-enabled document named .docx. Each was
"unreadable Word document": 22 of the 1,365 regression .docx files of LibreOffice read. The mended
package is only read, never saved.
"""

from __future__ import annotations

import io
import posixpath
import zipfile

from lxml import etree

_TYPES = "[Content_Types].xml"
_TYPES_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
_STRICT = {  # Strict Open XML's names, and the transitional names python-docx reads
    b"http://purl.oclc.org/ooxml/officeDocument/relationships": (
        b"http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    ),
    b"http://purl.oclc.org/ooxml/wordprocessingml/main": (
        b"http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    ),
    b"http://purl.oclc.org/ooxml/drawingml/main": (
        b"http://schemas.openxmlformats.org/drawingml/2006/main"
    ),
    b"http://purl.oclc.org/ooxml/drawingml/wordprocessingDrawing": (
        b"http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
    ),
    b"http://purl.oclc.org/ooxml/officeDocument/math": (
        b"http://schemas.openxmlformats.org/officeDocument/2006/math"
    ),
}
_WORD_PARTS = {  # the parts read, by name, given the type python-docx reads them by
    name: f"application/vnd.openxmlformats-officedocument.wordprocessingml.{kind}+xml"
    for name, kind in (
        ("document", "document.main"), ("styles", "styles"), ("numbering", "numbering"),
        ("footnotes", "footnotes"), ("endnotes", "endnotes"), ("settings", "settings"),
    )
}  # fmt: skip
_RELATIONSHIPS_TYPE = "application/vnd.openxmlformats-package.relationships+xml"
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True)


def mended(data: bytes) -> bytes:
    """The package with Strict names made transitional, relationships to missing parts
    dropped, every part given a content type, and the text's part typed as a document's."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = {i.filename: archive.read(i) for i in archive.infolist() if not i.is_dir()}
    for name, content in parts.items():
        if name.endswith((".xml", ".rels")):
            for strict, transitional in _STRICT.items():
                content = content.replace(strict, transitional)
            parts[name] = content
    for name in [n for n in parts if n.endswith(".rels")]:
        parts[name] = _without_missing(name, parts)
    parts[_TYPES] = _typed(parts)
    written = io.BytesIO()
    with zipfile.ZipFile(written, "w") as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return written.getvalue()


def _without_missing(name: str, parts: dict[str, bytes]) -> bytes:
    """A relationships part without the relationships to parts the package lacks."""
    source = posixpath.dirname(posixpath.dirname(name))  # word/_rels/x.rels is word/x's
    root = etree.fromstring(parts[name], _PARSER)
    for relationship in list(root):
        target = relationship.get("Target", "")
        if relationship.get("TargetMode") == "External":
            continue
        path = target[1:] if target.startswith("/") else posixpath.join(source, target)
        if posixpath.normpath(path) not in parts:
            root.remove(relationship)
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))


def _typed(parts: dict[str, bytes]) -> bytes:
    """The list of content types, with one for each part it missed."""
    listed = parts.get(_TYPES)
    root = etree.fromstring(listed, _PARSER) if listed else etree.Element(f"{{{_TYPES_NS}}}Types")
    extensions = {d.get("Extension", "").lower() for d in root.iter(f"{{{_TYPES_NS}}}Default")}
    named = set()
    for override in root.iter(f"{{{_TYPES_NS}}}Override"):
        named.add(override.get("PartName", "").lower())
        kind = override.get("ContentType", "")
        if ("wordprocessingml" in kind or "ms-word" in kind) and kind.endswith(".main+xml"):
            override.set("ContentType", _WORD_PARTS["document"])
    for name in parts:
        stem, _, extension = posixpath.basename(name).rpartition(".")
        word = posixpath.dirname(name) == "word" and extension == "xml" and stem in _WORD_PARTS
        if name == _TYPES or f"/{name.lower()}" in named:
            continue
        if extension.lower() in extensions and not word:  # a Word part needs its own type
            continue
        kind = _RELATIONSHIPS_TYPE if extension == "rels" else "application/octet-stream"
        if word or extension == "xml":
            kind = _WORD_PARTS[stem] if word else "application/xml"
        etree.SubElement(root, f"{{{_TYPES_NS}}}Override", PartName=f"/{name}", ContentType=kind)
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))
