"""EPUB books read as a reading app shows them (bot/epub.py, its chapters bot/xhtml.py)."""

from __future__ import annotations

import io
import json
import random
import zipfile
from collections.abc import Callable
from html import escape
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from bot.cli import main
from bot.extract import ExtractError, extract_document, extract_epub, sniff_kind
from bot.library import open_library
from bot.markup import reader_text
from tests.fakes import make_docx, make_epub

WriteCorpus = Callable[[dict[str, str | bytes]], Path]
DATA = Path(__file__).parent / "data"
SAID = "The council approved a new cycle bridge over the Elbe on Tuesday."


def test_a_book_pandoc_wrote_reads_as_a_reading_app_shows_it() -> None:
    # tests/data/bridge.epub: pandoc's EPUB 3 of an article (tests/data/README.md): a title
    # page, a contents page, a note with a link back, a quotation, a list and a table.
    book = extract_document((DATA / "bridge.epub").read_bytes(), "epub")
    assert (book.title, book.author, book.date, book.site) == (
        "Bridge approved", "Anna Berg", "2024-03-05", "Elbe Courier",
    )  # fmt: skip
    body = (
        "# The vote",
        f"{SAID}¹",
        "> “It will change how the city moves,” the mayor said.",
        "It will cost 12 million euros, the city said. The vote:",
        "1. 7 for",
        "2. 2 against",
        "Year | Cost",
        "2027 | 12 million euros",
    )
    title_page = ("# Bridge approved", "Anna Berg", "Elbe Courier", "2024-03-05")
    assert book.blocks == (*title_page, *body, "Estimate of 2024.")
    # EPUB 2 names no notes or back links: a number linked right after a word is a note's
    # mark, an arrow linked within the book its way back.
    book2 = extract_document((DATA / "bridge-epub2.epub").read_bytes(), "epub")
    assert book2.blocks == (*title_page, *body, "1. Estimate of 2024.")


def test_chapters_are_read_in_the_spine_order_and_contents_left_out() -> None:
    book = make_epub(
        [
            "<h1>Part two</h1><p>Second.</p>",
            "<h1>Part one</h1><p>First.</p>",
            "<p>An answer shown only when a link is followed.</p>",
            "<h1>Contents</h1><p><a href='ch1.xhtml'>Part one</a></p>",
        ],
        spine='<itemref idref="nav"/><itemref idref="ch2"/><itemref idref="ch1"/>'
        '<itemref idref="ch3" linear="no"/><itemref idref="ch4"/><itemref idref="ch9"/>',
        guide='<guide><reference type="toc" href="text/ch4.xhtml"/></guide>',
    )
    assert extract_epub(book).blocks == ("# Part one", "First.", "# Part two", "Second.")


def test_a_chapter_reads_as_a_browser_lays_it_out() -> None:
    body = (
        "<section><h2>Costs</h2><p><b>Who pays</b></p><div>The city<sup>1</sup> pays"
        " <del>10</del> 12 million<a epub:type='noteref' href='#n1'>[2]</a>.<br/>"
        "The state pays the rest.<script>track()</script><span hidden=''>draft</span></div>"
        "<p>Area: 40 km<sup>2</sup>, see <a href='#t'>table 3</a> and chapter <a href='#c'>2"
        "</a>.</p><blockquote><p>We waited long.</p><p>Too <q>long</q>.</p></blockquote>"
        "<ol start='3' type='a'><li>Steel<ul><li>From Linz</li></ul></li><li><p>Glass</p>"
        "<p>from Jena</p></li></ol><table><tr><th>Year</th><th>Cost</th></tr>"
        "<tr><td>2027</td><td>12</td></tr></table>"
        "<nav epub:type='landmarks'><a href='#x'>Start</a></nav>"
        "<span epub:type='pagebreak' title='23'>23</span>"
        "<aside epub:type='footnote' id='n1'><p><a href='#r1'>↩</a> An estimate.</p></aside>"
        "</section>"
    )
    assert extract_epub(make_epub([body])).blocks == (
        "## Costs",
        "## Who pays",
        "The city¹ pays 12 million².",
        "The state pays the rest.",
        "Area: 40 km², see table 3 and chapter 2.",
        "> We waited long.",
        "> Too “long”.",
        "c. Steel",
        "- From Linz",
        "d. Glass from Jena",
        "Year | Cost",
        "2027 | 12",
        "An estimate.",
    )


def test_lines_a_stylesheet_sets_in_bold_are_headings_too() -> None:
    # As InDesign, calibre and LibreOffice style headings: a paragraph's class, not <h2>.
    css = (
        "/* Heading styles */ p.Heading-1 { font-size: 1.4em; font-weight: bold }\n"
        "@media amzn-kf8 { span.bold, .strong-run { font-weight : 700 } }\n"
        ".caption, h2 {font-weight: normal} .note{ font-style: italic }"
    )
    body = (
        "<p class='Heading-1'>Costs <i>rise</i></p>"
        "<p>It costs <span class='bold'>12 million</span> euros.</p>"
        "<p><span class='strong-run'>Who pays</span></p>"
        "<div class='x Heading-1'><p>The city</p></div>"
        "<p class='caption note'>Photo: city archive</p>"
    )
    own = b"<html><head><style>.t{font-weight:bold}</style></head><body><p class='t'>Timeline"
    own += b"</p><p>Work starts in May.</p></body></html>"
    book = make_epub([body, own], extra={"OEBPS/styles/book.css": css})
    assert extract_epub(book).blocks == (
        "## Costs rise",
        "It costs 12 million euros.",
        "## Who pays",
        "## The city",
        "Photo: city archive",
        "## Timeline",
        "Work starts in May.",
    )


def test_a_page_laid_out_in_a_table_is_read_paragraph_by_paragraph() -> None:
    letter = " ".join(["The bridge opens to cyclists in May, the council wrote."] * 3)
    note = "<aside epub:type='footnote'><p>Read once.</p></aside>"
    cell = f"<td><p>Dear reader,</p><p>{letter}</p>{note}</td>"
    body = f"<table><tr>{cell}<td>Logo</td></tr></table>"
    assert extract_epub(make_epub([body])).blocks == ("Dear reader,", letter, "Logo", "Read once.")


def test_the_package_says_who_wrote_it_and_when() -> None:
    metadata = (
        "<dc:title>Unknown</dc:title><dc:creator id='a'>Anna Berg</dc:creator>"
        "<dc:creator id='e'>Ed Editor</dc:creator><meta refines='#e' property='role'>edt</meta>"
        "<dc:creator>Anna Berg</dc:creator><dc:date>0101-01-01T00:00:00+00:00</dc:date>"
        "<dc:date>2024-03-05T08:00:00Z</dc:date><dc:publisher>Elbe Courier</dc:publisher>"
        "<dc:source>https://example.org/bridge</dc:source>"
    )
    book = extract_epub(make_epub([f"<p>{SAID}</p>"], metadata=metadata))
    assert (book.title, book.author, book.date, book.site, book.url) == (
        "", "Anna Berg", "2024-03-05", "Elbe Courier", "https://example.org/bridge",
    )  # fmt: skip
    # pandoc writes the time it wrote the file as the date when the text gives none.
    written = "<dc:date>2026-12-07T05:16:09Z</dc:date>"
    modified = '<meta property="dcterms:modified">2026-12-07T05:16:09Z</meta>'
    book = extract_epub(make_epub([f"<p>{SAID}</p>"], metadata=written + modified))
    assert book.date == ""


def test_chapters_are_decoded_as_xml_says() -> None:
    latin = '<?xml version="1.0" encoding="ISO-8859-1"?><html><body><p>Café über</p></body></html>'
    utf16 = "<html><body><p>Ходжалы</p></body></html>".encode("utf-16")
    book = extract_epub(make_epub([latin.encode("latin-1"), utf16]))
    assert book.blocks == ("Café über", "Ходжалы")


def test_a_book_a_shop_locked_is_one_error_not_garbage() -> None:
    # Its chapters are ciphertext (Adobe's DRM, Apple's, Readium LCP); fonts may only be
    # obfuscated, which leaves the text readable.
    font = ("http://www.idpf.org/2008/embedding", "OEBPS/fonts/serif.otf")
    chapter = ("http://www.w3.org/2001/04/xmlenc#aes128-cbc", "OEBPS/text/ch%31.xhtml")
    cipher = bytes(random.Random(1).randrange(256) for _ in range(400))
    book = make_epub([cipher], extra={"META-INF/encryption.xml": _encryption(font, chapter)})
    with pytest.raises(ExtractError, match=r"the EPUB book is locked \(DRM\)"):
        extract_document(book, "epub")
    book = make_epub([f"<p>{SAID}</p>"], extra={"META-INF/encryption.xml": _encryption(font)})
    assert extract_epub(book).blocks == (SAID,)


def _encryption(*parts: tuple[str, str]) -> str:
    """META-INF/encryption.xml naming each (algorithm, path) as encrypted."""
    entries = "".join(
        f"<enc:EncryptedData><enc:EncryptionMethod Algorithm='{algorithm}'/><enc:CipherData>"
        f"<enc:CipherReference URI='{uri}'/></enc:CipherData></enc:EncryptedData>"
        for algorithm, uri in parts
    )
    return (
        "<encryption xmlns='urn:oasis:names:tc:opendocument:xmlns:container' "
        f"xmlns:enc='http://www.w3.org/2001/04/xmlenc#'>{entries}</encryption>"
    )


def test_a_book_is_known_by_its_bytes() -> None:
    book = make_epub([f"<p>{SAID}</p>"])
    assert sniff_kind(book) == "epub"
    assert sniff_kind(make_epub([f"<p>{SAID}</p>"], mimetype=False)) == "epub"
    assert sniff_kind(make_docx([SAID])) == "docx"


@pytest.mark.parametrize(
    "damaged",
    [
        make_epub(["<p> </p>", "<h1>Only a heading</h1>"]),
        make_epub(["<p>Text</p>"], spine=" "),
        b"PK\x03\x04 not a zip",
    ],
)
def test_a_book_with_nothing_to_show_is_one_error(damaged: bytes) -> None:
    with pytest.raises(ExtractError):
        extract_document(damaged, "epub")


TAGS = ["p", "div", "span", "b", "i", "a href='#n'", "sup", "sub", "br", "h2", "ul", "ol", "li",
        "table", "tr", "td", "blockquote", "q", "aside epub:type='footnote'", "nav", "pre",
        "del", "section class='x'", "a epub:type='noteref' href='#n'",
        "figure class='wp-block-pullquote'"]  # fmt: skip
TEXTS = ["Bridge", " 12 ", "", "↩", "1", "\u00a0", "&amp;", "<", "Ходжалы", "\n", "  "]


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.lists(st.tuples(st.sampled_from(TAGS), st.sampled_from(TEXTS), st.booleans())))
def test_any_markup_reads_as_clean_lines_or_one_error(parts: list[tuple[str, str, bool]]) -> None:
    # Tags opened (and closed or left open) around text, in any order, as a stranger writes.
    body = "".join(
        f"<{tag}>{text}" + (f"</{tag.split()[0]}>" if close else "") for tag, text, close in parts
    )
    try:
        book = extract_epub(make_epub([body]))
    except ExtractError:
        return
    for block in book.blocks:  # a quotation's lines, each after "> " (its speaker's last)
        lines = block.split("\n")
        assert all(line.strip() and line == " ".join(line.split()) for line in lines)
        assert "\x00" not in block and (len(lines) == 1 or all(x[:2] == "> " for x in lines))


MARKS = [*"ab *_`~[]()<>#+-=!\\|.:/1^", "**", "__", "<https://a.b>", "&", "# ", "> ", "1. ", "=="]
MARKS += ["[^1]", "[[", "]]", "[!note]"]  # what clippers and note apps write


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.lists(st.sampled_from(MARKS), min_size=1, max_size=12).map("".join))
def test_extracted_text_reads_as_itself_whatever_marks_it_holds(text: str) -> None:
    # Extraction writes Markdown: a text Markdown would read otherwise is escaped (">65 years"
    # had read "65 years"). Any reader of a document gives its paragraphs so; an EPUB's here.
    assume(any(c.isalnum() for c in text))
    (block,) = extract_epub(make_epub([f"<p>{escape(text)}</p>"])).blocks
    assert reader_text(block) == " ".join(text.split())


def test_damaged_books_give_text_or_one_error() -> None:
    # Parts damaged inside an intact ZIP, then the ZIP's own bytes.
    rng = random.Random(3)
    book = make_epub(["<h1>Costs</h1><p>" + SAID + "</p><ol><li>One</li></ol>"])
    with zipfile.ZipFile(io.BytesIO(book)) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    for _ in range(150):
        damaged = dict(parts)
        name = rng.choice(sorted(damaged))
        data = bytearray(damaged[name])
        for _ in range(rng.randint(1, 10)):
            data[rng.randrange(len(data))] = rng.choice(b"<>/&\"' x\x00\xff")
        damaged[name] = bytes(data[: rng.randint(0, len(data))])
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as archive:
            for part, content in damaged.items():
                archive.writestr(part, content)
        for copy in (out.getvalue(), book[: rng.randint(0, len(book))]):
            try:
                read = extract_document(copy, "epub")
            except ExtractError:
                continue
            assert all(block.strip() for block in read.blocks)


def test_an_epub_in_the_folder_is_an_article(write_corpus: WriteCorpus) -> None:
    folder = write_corpus({
        "bridge.epub": (DATA / "bridge.epub").read_bytes(), "x.epub": make_docx([SAID]),
    })  # fmt: skip
    library, notes = open_library(folder, "memory", semantic="off")
    assert [a.source for a in library.articles] == ["bridge.epub"]
    hit = library.search("What did the council approve on Tuesday?", 1)[0]
    assert hit.passage.text.endswith(f"\n{SAID}¹")  # under its heading
    assert (hit.passage.article.title, hit.passage.article.byline) == (
        "Bridge approved", "Anna Berg, Elbe Courier",
    )  # fmt: skip
    assert notes == ["skipped x.epub: not an EPUB book"]


def test_add_stores_an_epub_and_ask_quotes_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus = tmp_path / "articles"
    corpus.mkdir()
    assert main(["add", "--corpus", str(corpus), str(DATA / "bridge-epub2.epub")]) == 0
    capsys.readouterr()
    assert main(["ask", "--corpus", str(corpus), "--json", "What did the mayor say?"]) == 0
    (quote, *_) = json.loads(capsys.readouterr().out)["results"]
    assert quote["text"] == "> “It will change how the city moves,” the mayor said."
    assert (quote["author"], quote["date"]) == ("Anna Berg", "2024-03-05")
