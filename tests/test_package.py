"""Word packages python-docx refuses and Word opens, mended (bot/package.py)."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest

from bot.extract import ExtractError, extract_document, extract_docx
from tests.fakes import macro_enabled, make_docx, rewritten

WORD = make_docx(
    ["The council approved a new cycle bridge.", "It will cost 12 million euros."],
    title="Bridge approved",
    heading="The vote",
    footnotes=["Estimate of 2024."],
)


def untyped_styles(name: str, content: bytes) -> bytes:
    # A generator that lists each part's content type, but forgot one.
    if name != "[Content_Types].xml":
        return content
    content = re.sub(rb'<Default Extension="xml"[^>]*/>', b"", content)
    return re.sub(rb'<Override PartName="/word/styles.xml"[^>]*/>', b"", content)


def missing_picture(name: str, content: bytes) -> bytes:
    # A relationship to a picture the package lacks (cut out to make the file smaller).
    if name != "word/_rels/document.xml.rels":
        return content
    picture = (
        b'<Relationship Id="rId99" Target="media/image1.png" Type="http://schemas.'
        b'openxmlformats.org/officeDocument/2006/relationships/image"/></Relationships>'
    )
    return content.replace(b"</Relationships>", picture)


def strict(name: str, content: bytes) -> bytes:
    # Word's "Strict Open XML Document": the same parts, named in other namespaces.
    names = {
        b"officeDocument/2006/relationships": b"officeDocument/relationships",
        b"wordprocessingml/2006/main": b"wordprocessingml/main",
    }
    for transitional, strict_name in names.items():
        content = content.replace(
            b"http://schemas.openxmlformats.org/" + transitional,
            b"http://purl.oclc.org/ooxml/" + strict_name,
        )
    return content


def template(name: str, content: bytes) -> bytes:
    # A template (.dotx) named .docx: Word opens it as a document.
    return content.replace(b"document.main+xml", b"template.main+xml")


@pytest.mark.parametrize(
    "change", [untyped_styles, missing_picture, strict, template, macro_enabled]
)
def test_a_package_word_opens_is_read_as_it_would_be_whole(
    change: Callable[[str, bytes], bytes],
) -> None:
    damaged = rewritten(WORD, change)
    assert damaged != WORD
    assert extract_docx(damaged) == extract_docx(WORD)


def test_a_package_without_its_document_is_still_one_error() -> None:
    gone = rewritten(WORD, lambda name, content: None if name == "word/document.xml" else content)
    with pytest.raises(ExtractError, match="unreadable Word document"):
        extract_document(gone, "docx")
