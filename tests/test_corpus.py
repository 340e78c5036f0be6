import codecs
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from bot.cli import main
from bot.corpus import CorpusError, inspect_folder, load_corpus, split_paragraphs
from bot.index import MemoryEngine
from bot.library import open_library
from bot.search import Library
from tests.conftest import SEEDS
from tests.fakes import (
    macro_enabled,
    make_docx,
    make_mhtml,
    make_odt,
    make_pdf,
    make_webarchive,
    rewritten,
)

WriteCorpus = Callable[[dict[str, str | bytes]], Path]

# What the seed README says of each original line: boilerplate, or title/byline metadata.
SEED_NOT_QUOTABLE = {
    "000_82ef0fe26c118cce.txt": {1, 2, 11, 12, 13, 14, 15},
    "003_6a4b32f417fe6cd4.txt": {1, 5, 14, 18},
}


def test_every_seed_paragraph_is_quotable_and_no_boilerplate_is() -> None:
    corpus = load_corpus(SEEDS)
    for source, skipped in SEED_NOT_QUOTABLE.items():
        lines = (SEEDS / source).read_text(encoding="utf-8").split("\n")
        expected = [(i, t) for i, t in enumerate(lines, start=1) if i not in skipped and t]
        got = [(p.line, p.text) for p in corpus.passages if p.article.source == source]
        assert got == expected


def test_seed_metadata_comes_from_the_catalog() -> None:
    articles = {a.source: a for a in load_corpus(SEEDS).articles}
    azernews = articles["000_82ef0fe26c118cce.txt"]
    caspian = articles["003_6a4b32f417fe6cd4.txt"]
    assert azernews.title == "Why Khojaly still haunts conscience of divided world"
    assert "AzerNEWS" in azernews.author
    assert caspian.url.startswith("https://caspianpost.com/opinion/")
    assert (azernews.paragraphs, caspian.paragraphs) == (8, 14)


def test_paragraph_numbers_count_as_a_reader_would() -> None:
    passages = [p for p in load_corpus(SEEDS).passages if p.article.source.startswith("003")]
    assert [p.number for p in passages] == list(range(1, 15))
    assert passages[3].text.startswith("These figures illustrate")  # after a photo credit


def test_blank_lines_separate_paragraphs_and_keep_inner_newlines() -> None:
    text = "First line\nstill first.\n\nSecond.\n\n\nThird."
    assert split_paragraphs(text) == [
        (1, "First line\nstill first."),
        (4, "Second."),
        (7, "Third."),
    ]


def test_a_first_line_indent_begins_a_paragraph_in_a_block_of_lines() -> None:
    # A plain-text book sets paragraphs with an indented first line and no blank line: the
    # whole chapter was one paragraph, too long to quote.
    book = "Chapter 1\n\n    The ferry left at dawn,\nas it always did.\n\tNobody was on\nboard."
    assert split_paragraphs(book) == [
        (1, "Chapter 1"),
        (3, "The ferry left at dawn,\nas it always did."),
        (5, "Nobody was on\nboard."),
    ]
    hanging = "1. The ferry left at dawn,\n   as it always did."  # a list item's own lines
    code = "    ferry = Ferry()\n    ferry.leave()"
    for whole in (hanging, code):
        assert split_paragraphs(f"{whole}\n\nEnd.") == [(1, whole.strip()), (4, "End.")]


def test_without_blank_lines_each_line_is_a_paragraph() -> None:
    assert split_paragraphs("One.\nTwo.\n") == [(1, "One."), (2, "Two.")]


@pytest.mark.parametrize("engine", ["memory", "persisted"])
def test_a_word_document_in_the_folder_is_an_article(
    write_corpus: WriteCorpus, engine: str
) -> None:
    body = ["The tunnel under the river opened in 1911.", "It is 426 metres long."]
    word = make_docx(body, title="The old tunnel", heading="History", items=["Lifts: 4"])
    cut = make_pdf(["The tunnel is 426 metres long."] * 30)[:2000]  # a download cut short
    folder = write_corpus(
        {"tunnel.docx": word, "broken.docx": b"PK\x03\x04 not a zip", "cut.pdf": cut}
    )
    library, notes = open_library(folder, engine, semantic="off")
    (article,) = library.articles
    assert (article.source, article.title, article.paragraphs) == (
        "tunnel.docx",
        "The old tunnel",
        3,
    )
    assert library.search("how long is the tunnel", 1)[0].passage.text == body[1]
    assert "skipped broken.docx: not a Word document" in notes
    assert "skipped cut.pdf: unreadable PDF (PSEOF)" in notes  # once the whole folder's end


def test_a_pdf_s_table_cells_are_not_quoted_alone(write_corpus: WriteCorpus) -> None:
    # A PDF's table comes as loose cells: "launch" alone was the answer to a question about
    # when each extension launched, ahead of the paragraph that said it.
    said = "Each extension is listed with the year of its launch, from 2011 to 2016."
    body = [said, "Extension", "Year of", "launch", "2011 2012 2013"]
    folder = write_corpus(
        {"table.pdf": make_pdf(body), "list.md": "# Top 100\n\n100. Ray Gillen\n"}
    )
    library, _ = open_library(folder, "memory", semantic="off")
    quoted = [(p.article.source, p.text) for p in library.engine.passages]
    assert quoted == [("list.md", "100. Ray Gillen"), ("table.pdf", said)]  # an entry: kept
    assert [h.passage.text for h in library.search("year of launch", 3)] == [said]


@pytest.mark.parametrize("name", ["ferry.mhtml", "ferry.webarchive"])
def test_a_page_saved_as_one_file_in_the_folder_is_an_article(
    write_corpus: WriteCorpus, name: str
) -> None:
    # Chrome saves the page's UTF-8 under no charset: read as the mail's ASCII default, every
    # letter beyond it would have been U+FFFD.
    said = [
        "Xocalı soyqırımı 1992-ci il fevralın 26-da baş verib — şəhər mühasirədə idi.",
        "The ferry across the Kür river stopped running in 1991, after the bridge opened.",
    ]
    html = (
        '<html><head><meta charset="utf-8"><title>Kür ferry</title></head><body><article>'
        "<h1>Kür ferry</h1>" + "".join(f"<p>{p}</p>" for p in said) + "</article></body></html>"
    )
    url = "https://example.org/news/kur-ferry"
    saved = make_mhtml(html, url, "Kür ferry") if "mhtml" in name else make_webarchive(html, url)
    folder = write_corpus({name: saved})
    library, notes = open_library(folder, "memory", semantic="off")
    (article,) = library.articles
    assert (article.source, article.title, article.url, notes) == (
        name,
        "Kür ferry",
        url,
        [],
    )
    assert [h.passage.text for h in library.search("when did the ferry stop", 1)] == said[1:]
    assert said[0] in [p.text for p in library.engine.passages]


def test_a_saved_page_s_own_folder_is_not_read(write_corpus: WriteCorpus) -> None:
    # "Save Page As… Web Page, complete" puts the page's pictures, scripts and frames in a
    # folder named for it: a frame's HTML (an ad, a widget) was read as an article and quoted,
    # and its scripts counted in a warning line.
    page = (Path(__file__).parent / "data" / "webpages" / "citylimits.org-Nycha.html").read_bytes()
    ad = b"<html><body><article><p>" + b"Win a cruise to the Bahamas today! " * 20 + b"</p>"
    folder = write_corpus({
        "Voting.html": page, "Voting_files/frame.html": ad + b"</article></body></html>",
        "Voting_files/app.js": "x", "Voting_files/photo.png": b"\x89PNG",
        "Notes_files/kept.md": "The files folder of no page is read as any folder is.",
    })  # fmt: skip
    library, notes = open_library(folder, "memory", semantic="off")
    assert {a.source for a in library.articles} == {"Voting.html", "Notes_files/kept.md"}
    assert notes == []


def test_macro_enabled_documents_and_templates_in_the_folder_are_articles(
    write_corpus: WriteCorpus,
) -> None:
    # Word's .docm and .dotx/.dotm hold the same package as a .docx; a .docm's text part is
    # typed as macro-enabled, which python-docx refuses (its macros are never run).
    said = "The old bridge was built in 1911 and closed in 2020."
    docm = rewritten(make_docx([said]), macro_enabled)
    folder = write_corpus({"old.docm": docm, "memo.dotx": make_docx(["Memo: " + said])})
    library, notes = open_library(folder, "memory", semantic="off")
    assert {a.source for a in library.articles} == {"old.docm", "memo.dotx"}
    assert [h.passage.text for h in library.search("When was the old bridge built?", 2)] == [
        said, "Memo: " + said,
    ]  # fmt: skip
    assert notes == []


def test_a_word_97_document_in_the_folder_is_an_article(write_corpus: WriteCorpus) -> None:
    doc = (Path(__file__).parent / "data" / "bridge.doc").read_bytes()
    sheet = doc.replace("WordDocument".encode("utf-16-le"), "Workbook\0\0\0\0".encode("utf-16-le"))
    folder = write_corpus({"bridge.doc": doc, "sheet.doc": sheet})  # an .xls named .doc
    library, notes = open_library(folder, "memory", semantic="off")
    (article,) = library.articles
    assert (article.source, article.title) == ("bridge.doc", "Bridge approved")
    hit = library.search("How many million euros will the city pay?", 1)[0]
    assert hit.passage.text.endswith("It will cost 12 million euros, the city said.")
    assert notes == ["skipped sheet.doc: not a Word 97-2003 document"]
    # Programs save RTF as ".doc": a document is read as what it holds.
    rtf = rb"{\rtf1\ansi The old bridge was built in 1911 and closed in 2020.\par}"
    folder = write_corpus({"old.doc": rtf})
    library, _ = open_library(folder, "memory", semantic="off")
    hit = library.search("When was the old bridge built?", 1)[0]
    assert hit.passage.article.source == "old.doc"


def test_an_opendocument_text_in_the_folder_is_an_article(write_corpus: WriteCorpus) -> None:
    # LibreOffice's own format was skipped as "a file of another kind".
    said = ["The tunnel under the river opened in 1911.", "It is 426 m long."]
    body = "".join(f"<text:p>{text}</text:p>" for text in said)
    spreadsheet = make_odt(body, kind="spreadsheet")  # an .ods named .odt
    folder = write_corpus(
        {"tunnel.odt": make_odt(body, title="The old tunnel"), "x.odt": spreadsheet}
    )
    library, notes = open_library(folder, "memory", semantic="off")
    (article,) = library.articles
    assert (article.source, article.title, article.paragraphs) == (
        "tunnel.odt",
        "The old tunnel",
        2,
    )
    assert library.search("how long is the tunnel", 1)[0].passage.text == said[1]
    assert notes == ["skipped x.odt: not an OpenDocument text"]


_EDIT = 'w:author="Ed" w:date="2024-05-01T00:00:00Z"'
_AS_WORD_SHOWS = {
    "The bridge will not open.": (
        '<w:p><w:r><w:t xml:space="preserve">The bridge will </w:t></w:r>'
        f'<w:ins w:id="1" {_EDIT}><w:r><w:t xml:space="preserve">not </w:t></w:r></w:ins>'
        f'<w:del w:id="2" {_EDIT}><w:r><w:delText xml:space="preserve">soon </w:delText></w:r>'
        "</w:del><w:r><w:t>open.</w:t></w:r></w:p>"
    ),
    "Filed in Paris by Jane Roe, page 3.": (
        '<w:p><w:r><w:t xml:space="preserve">Filed in </w:t></w:r><w:smartTag w:uri="urn:x" '
        'w:element="place"><w:r><w:t>Paris</w:t></w:r></w:smartTag><w:r><w:t xml:space="pre'
        'serve"> by </w:t></w:r><w:sdt><w:sdtPr><w:alias w:val="Author"/></w:sdtPr><w:sdtCon'
        'tent><w:r><w:t>Jane Roe</w:t></w:r></w:sdtContent></w:sdt><w:r><w:t xml:space="pres'
        'erve">, page </w:t></w:r><w:fldSimple w:instr=" PAGE "><w:r><w:t>3</w:t></w:r>'
        "</w:fldSimple><w:r><w:t>.</w:t></w:r></w:p>"
    ),
    "Only this shows, and this.": (
        "<w:p><w:r><w:t>Only this shows</w:t></w:r><w:r><w:rPr><w:vanish/></w:rPr><w:t> (an "
        'editor\'s hidden note)</w:t></w:r><w:r><w:rPr><w:vanish w:val="0"/></w:rPr><w:t>, '
        "and this.</w:t></w:r></w:p>"
    ),
    "It cost 14 million.": (
        '<w:p><w:r><w:t xml:space="preserve">It cost </w:t></w:r><w:r><w:rPr><w:strike/>'
        '</w:rPr><w:t xml:space="preserve">12 million </w:t></w:r><w:r><w:t>14 million.</w:t>'
        "</w:r></w:p>"
    ),
    "613¹ people died in the 20th century, H₂O.": (
        '<w:p><w:r><w:t>613</w:t></w:r><w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
        '<w:t>1</w:t></w:r><w:r><w:t xml:space="preserve"> people died in the 20</w:t></w:r><w:r>'
        '<w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:t>th</w:t></w:r><w:r><w:t xml:spa'
        'ce="preserve"> century, H</w:t></w:r><w:r><w:rPr><w:vertAlign w:val="subscript"/>'
        "</w:rPr><w:t>2</w:t></w:r><w:r><w:t>O.</w:t></w:r></w:p>"
    ),
    "The abstract sits in a content control.": (
        '<w:sdt><w:sdtPr><w:alias w:val="Abstract"/></w:sdtPr><w:sdtContent><w:p><w:r><w:t>'
        "The abstract sits in a content control.</w:t></w:r></w:p></w:sdtContent></w:sdt>"
    ),
    "The dam broke later.": (
        f'<w:p><w:moveFrom w:id="3" {_EDIT}><w:r><w:t xml:space="preserve">Later </w:t></w:r>'
        '</w:moveFrom><w:r><w:t xml:space="preserve">The dam broke</w:t></w:r><w:moveTo w:id='
        f'"4" {_EDIT}><w:r><w:t xml:space="preserve"> later</w:t></w:r></w:moveTo><w:r><w:t>'
        ".</w:t></w:r></w:p>"
    ),
    "The ferry still runs.": (
        "<w:p><w:r><w:t>The ferry still runs.</w:t></w:r><w:r><w:pict><v:shape xmlns:v="
        '"urn:schemas-microsoft-com:vml"><v:textbox><w:txbxContent><w:p><w:r><w:t>Sidebar'
        "</w:t></w:r></w:p></w:txbxContent></v:textbox></v:shape></w:pict></w:r></w:p>"
    ),
}


def test_a_word_document_is_quoted_as_word_shows_it(write_corpus: WriteCorpus) -> None:
    # python-docx reads a paragraph's direct runs only: it dropped "not" (a tracked insertion),
    # "Paris", "Jane Roe" and "3", and the paragraph inside a content control.
    word = make_docx(["The first paragraph."], raw=list(_AS_WORD_SHOWS.values()))
    corpus = load_corpus(write_corpus({"a.docx": word}))
    assert [p.text for p in corpus.passages] == ["The first paragraph.", *_AS_WORD_SHOWS]


def test_a_word_document_s_quote_style_is_cited_as_a_quotation(write_corpus: WriteCorpus) -> None:
    quoted = '<w:p><w:pPr><w:pStyle w:val="Quote"/></w:pPr><w:r><w:t>Build it.</w:t></w:r></w:p>'
    word = make_docx(["The mayor spoke."], title="Bridge", raw=[quoted])
    corpus = load_corpus(write_corpus({"a.docx": word}))
    assert [(p.text, p.quotation) for p in corpus.passages] == [
        ("The mayor spoke.", False), ("> Build it.", True),
    ]  # fmt: skip


def test_a_word_document_s_notes_are_quoted_after_its_text(write_corpus: WriteCorpus) -> None:
    body = ["The tunnel under the river opened in 1911.", "It is 426 metres long."]
    footnotes = ["Measured by the city engineer in 1912 & again in 1987."]
    endnotes = ["The <first> plans date from 1898."]
    word = make_docx(body, title="The old tunnel", footnotes=footnotes, endnotes=endnotes)
    library = Library(MemoryEngine(load_corpus(write_corpus({"tunnel.docx": word}))))
    assert [p.text for p in library.engine.passages] == [*body, *footnotes, *endnotes]
    (hit,) = library.search("which engineer measured it", 1)
    assert (hit.passage.text, hit.passage.number) == (footnotes[0], 3)


@pytest.mark.parametrize("engine", ["memory", "persisted"])
def test_an_address_that_is_no_web_address_is_left_out_with_a_warning(
    write_corpus: WriteCorpus, engine: str
) -> None:
    folder = write_corpus(
        {
            "a.md": "---\ntitle: Bridge\nurl: javascript:alert(1)\n---\n\nThe bridge opened.",
            "b.md": "---\ntitle: Tunnel\nurl: https://x.example/b\n---\n\nThe tunnel opened.",
        }
    )
    library, notes = open_library(folder, engine, semantic="off")
    assert {a.source: a.url for a in library.articles} == {
        "a.md": "",
        "b.md": "https://x.example/b",
    }
    assert (
        "a.md: url 'javascript:alert(1)' is no http(s) address, so its quotes link nowhere"
        in notes
    )


def test_front_matter_gives_metadata_and_is_not_quoted(write_corpus: WriteCorpus) -> None:
    folder = write_corpus(
        {
            "a.md": "---\ntitle: The Title\nauthor: Jane Roe\nurl: https://x.example/a\n"
            "date: 2024-02-26\n---\n\nFirst paragraph here.\n\nSecond paragraph here.\n"
        }
    )
    corpus = load_corpus(folder)
    article = corpus.articles[0]
    assert (article.title, article.author, article.url, article.date) == (
        "The Title", "Jane Roe", "https://x.example/a", "2024-02-26",
    )  # fmt: skip
    assert [(p.line, p.text) for p in corpus.passages] == [
        (8, "First paragraph here."),
        (10, "Second paragraph here."),
    ]


def test_an_obsidian_clipping_is_cited_with_its_address_authors_and_date(
    write_corpus: WriteCorpus,
) -> None:
    clipping = (
        '---\ntitle: "Bridge approved"\nsource: "https://news.example.org/a"\nauthor:\n'
        '  - "[[Anna Berg]]"\npublished: 2024-03-05\ntags:\n  - "clippings"\n---\n'
        "The council approved a cycle bridge.\n"
    )
    article = load_corpus(write_corpus({"Clippings/Bridge approved.md": clipping})).articles[0]
    assert (article.title, article.url, article.author, article.date) == (
        "Bridge approved", "https://news.example.org/a", "Anna Berg", "2024-03-05",
    )  # fmt: skip


def test_a_picture_alone_is_no_paragraph(write_corpus: WriteCorpus) -> None:
    # A clipping's picture, "![](https://news.example.org/img/bridge.jpg)", read as nothing
    # but was quoted, and found by the words of its address ("bridge").
    clipping = "![](https://news.example.org/img/bridge.jpg)\n\n![[bridge.png]]\n\nThe vote.\n"
    folder = write_corpus({"a.md": clipping})
    assert [p.text for p in load_corpus(folder).passages] == ["The vote."]


def test_first_line_title_and_byline_are_metadata(write_corpus: WriteCorpus) -> None:
    folder = write_corpus({"news/story.txt": "A Short Headline\nBy John Smith\nBody text.\n"})
    corpus = load_corpus(folder)
    assert corpus.articles[0].title == "A Short Headline"
    assert corpus.articles[0].author == "John Smith"
    assert corpus.articles[0].source == "news/story.txt"
    assert [p.text for p in corpus.passages] == ["Body text."]


def test_title_falls_back_to_the_file_name(write_corpus: WriteCorpus) -> None:
    folder = write_corpus({"my-notes_2024.txt": "A full sentence that opens the article.\n"})
    assert load_corpus(folder).articles[0].title == "my notes 2024"


def test_files_are_read_recursively_in_a_stable_order(write_corpus: WriteCorpus) -> None:
    folder = write_corpus(
        {"b.txt": "Bee text.", "a/z.md": "Zed text.", "a/b.txt": "Ab text.", "x.pdf": "no"}
    )
    assert [a.source for a in load_corpus(folder).articles] == ["a/b.txt", "a/z.md", "b.txt"]


def test_unreadable_files_are_named_in_warnings(write_corpus: WriteCorpus) -> None:
    folder = write_corpus(
        {
            "good.txt": "A good paragraph.",
            "latin1.txt": "caf\xe9".encode("latin-1"),
            "notepad.txt": "Мост длиной 1,8 км.\r\n".encode("utf-16"),
            "be16.txt": codecs.BOM_UTF16_BE + "Über den Fluss.".encode("utf-16-be"),
            "bad16.txt": codecs.BOM_UTF16_LE + b"\x00\xd8",
            "binary.txt": b"\x89PNG\x00\x00\x01",
            "empty.md": "",
            "dir.txt/inner.txt": "Inner text.",
        }
    )
    corpus = load_corpus(folder)
    assert [a.source for a in corpus.articles] == [
        "be16.txt",
        "dir.txt/inner.txt",
        "good.txt",
        "notepad.txt",
    ]
    assert [p.text for p in corpus.passages if p.article.source == "be16.txt"] == [
        "Über den Fluss."
    ]
    assert [p.text for p in corpus.passages if p.article.source == "notepad.txt"] == [
        "Мост длиной 1,8 км."
    ]
    assert corpus.warnings == [
        "skipped bad16.txt: not UTF-16 text at byte 2; save it as UTF-8",
        "skipped binary.txt: binary file",
        "skipped dir.txt: not a regular file",
        "skipped empty.md: no quotable paragraph",
        "skipped latin1.txt: not UTF-8 text at byte 3; save it as UTF-8",
    ]


def test_missing_or_empty_folder_is_an_error(write_corpus: WriteCorpus, tmp_path: Path) -> None:
    with pytest.raises(CorpusError, match="not found"):
        load_corpus(tmp_path / "nope")
    with pytest.raises(CorpusError, match="no quotable passage"):
        load_corpus(write_corpus({"empty.txt": "\n\n"}))


@pytest.mark.parametrize("engine", ["memory", "persisted"])
def test_files_of_other_kinds_are_named_by_kind(write_corpus: WriteCorpus, engine: str) -> None:
    docs = {"report.ods": b"PK\x03\x04", "notes/draft.ods": b"PK", "LICENSE": "MIT"}
    with pytest.raises(CorpusError) as error:
        open_library(write_corpus(docs), engine, semantic="off")
    assert str(error.value).endswith(
        "; skipped 3 files of other kinds (2 .ods, 1 no extension); "
        "articles are .txt, .md, .html, .htm, .mhtml, .mht, .webarchive, .pdf, .docx, .docm, "
        ".dotx, .dotm, .doc, .odt, .rtf, .epub, .eml or .msg files"
    )
    folder = write_corpus({**docs, "a.txt": "A bridge.", "catalog.json": "{}", ".x/y.png": b""})
    _, notes = open_library(folder, engine, semantic="off")
    assert "skipped 3 files of other kinds (2 .ods, 1 no extension); " in "".join(notes)
    assert "skipped 3 files of other kinds" in "".join(w for _, _, w in inspect_folder(folder))


def test_more_broken_files_each_get_one_warning(write_corpus: WriteCorpus) -> None:
    folder = write_corpus(
        {
            "good.txt": "A good paragraph.",
            "huge.txt": "word " * 10_000_000,  # 50 MB on one line
            "mixed.txt": "Short one.\n\n" + "x" * 100_001 + "\n\nAnother short one.",
        }
    )
    os.mkfifo(folder / "pipe.txt")
    (folder / "dangling.md").symlink_to(folder / "nowhere.md")
    corpus = load_corpus(folder)
    assert [a.source for a in corpus.articles] == ["good.txt", "mixed.txt"]
    assert [p.text for p in corpus.passages][1:] == ["Short one.", "Another short one."]
    assert corpus.warnings == [
        "skipped dangling.md: not a regular file",
        "skipped huge.txt: 1 paragraph(s) over 100,000 characters",
        "mixed.txt: left out 1 paragraph(s) over 100,000 characters",
        "skipped pipe.txt: not a regular file",
    ]


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_a_file_without_read_permission_is_named(write_corpus: WriteCorpus) -> None:
    folder = write_corpus({"good.txt": "A good paragraph.", "secret.txt": "Hidden."})
    (folder / "secret.txt").chmod(0)
    assert load_corpus(folder).warnings == ["skipped secret.txt: Permission denied"]


def test_a_short_fact_beside_a_newsletter_pitch_is_quotable(
    write_corpus: WriteCorpus, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = write_corpus(
        {
            "a.txt": "Bridge approved\n\nThe council voted 7 to 2 on Tuesday to approve a new "
            "cycle bridge over the Elbe, ending a debate that had lasted more than a decade.\n\n"
            "The bridge will cost 12 million euros.\n\nSign up for our newsletter.\n"
        }
    )
    assert main(["ask", "--corpus", str(folder), "How much will the bridge cost?"]) == 0
    assert "12 million euros" in capsys.readouterr().out
    assert [p.text for p in load_corpus(folder).passages][-1] == (
        "The bridge will cost 12 million euros."
    )


def test_an_article_of_short_paragraphs_is_quotable(write_corpus: WriteCorpus) -> None:
    folder = write_corpus(
        {"a.txt": "Short news\n\nThe mayor resigned.\n\nShe gave no reason.\n\n"
         "Subscribe to our newsletter.\n\nThank you!\n"}
    )  # fmt: skip
    assert [p.text for p in load_corpus(folder).passages] == [
        "The mayor resigned.", "She gave no reason.",
    ]  # fmt: skip


def test_a_title_and_byline_block_is_metadata(write_corpus: WriteCorpus) -> None:
    folder = write_corpus(
        {
            "a.txt": "The 1973 oil crisis, explained\nBy John Smith\n\n"
            "The crisis began in October 1973.\n"
        }
    )
    corpus = load_corpus(folder)
    article = corpus.articles[0]
    assert (article.title, article.author) == ("The 1973 oil crisis, explained", "John Smith")
    assert [p.text for p in corpus.passages] == ["The crisis began in October 1973."]


def test_a_byline_s_date_is_the_article_s_and_a_title_s_site_name_is_no_quote(
    write_corpus: WriteCorpus,
) -> None:
    # A printed page's first heading is its title without the site's name the browser's
    # title ends in; it had been quoted with the byline under it, "By Anna Berg · March 5,
    # 2024", whose date was read as part of the author's name.
    folder = write_corpus(
        {
            "a.md": "---\ntitle: Bridge approved - Elbe Courier\n---\n\n## Bridge approved\n\n"
            "By Anna Berg · March 5, 2024\n\nThe council approved a cycle bridge.\n",
            "b.txt": "Bridge approved\nBy Anna Berg, Feb. 19, 2020 4 AM\n\nThe council voted.\n",
        }
    )
    corpus = load_corpus(folder)
    assert [(a.author, a.date) for a in corpus.articles] == [
        ("Anna Berg", "March 5, 2024"), ("Anna Berg", "Feb. 19, 2020 4 AM"),
    ]  # fmt: skip
    assert corpus.articles[0].title == "Bridge approved - Elbe Courier"
    assert [p.text for p in corpus.passages] == [
        "The council approved a cycle bridge.", "The council voted.",
    ]  # fmt: skip


def test_furniture_in_a_markdown_file_is_not_quoted(write_corpus: WriteCorpus) -> None:
    body = "The network linked four universities in 1969 and grew from there. " * 3
    folder = write_corpus(
        {
            "net.md": "# How **ARPANET** began\n\n*By Alex Roe*\n\n"
            f"{body}\n\n"
            "Read more: The first message sent over the network\n\n"
            "We use cookies to improve your experience on our site.\n\n"
            "Related:\n\n- [Packet switching](https://x.example/p)\n- [TCP/IP](https://x.example/t)\n\n"
            f"{body}\n\n"
            "Alex Roe is a freelance writer who covers the history of computing.\n"
        }
    )
    corpus = load_corpus(folder)
    assert corpus.articles[0].title == "How ARPANET began"
    assert corpus.articles[0].author == "Alex Roe"
    assert [p.text for p in corpus.passages] == [body.strip(), body.strip()]
    assert corpus.warnings == [
        "net.md: 5 of 7 paragraphs dropped as page furniture (see: python -m bot passages net.md)"
    ]


def test_a_heading_is_quoted_with_the_paragraph_under_it(write_corpus: WriteCorpus) -> None:
    text = "Intro paragraph of the piece.\n\n## Eye in the sky\n\n\nThe telescope sees far.\n"
    corpus = load_corpus(write_corpus({"a.md": text}))
    assert [p.text for p in corpus.passages] == [
        "Intro paragraph of the piece.",
        "## Eye in the sky\n\n\nThe telescope sees far.",
    ]
    assert all(p.text in text for p in corpus.passages)


def test_a_question_on_its_own_line_is_quoted_with_its_answer(write_corpus: WriteCorpus) -> None:
    """An interview's question, a riddle: alone, neither part says anything; a question that
    closes a section stays apart from the next one's heading, and two questions apart."""
    text = (
        "Maria Lind opened her shop in 2015.\n\n**Why wigs for cancer patients?**\n\n"
        "My mother lost her hair to chemotherapy.\n\n75. How do you fix a cracked pumpkin?\n\n"
        "With a pumpkin patch.\n\nWould you buy one?\n\n## The next shop\n\nIt sells hats.\n\n"
        "Is it open?\n\nIs it cheap?\n"
    )
    corpus = load_corpus(write_corpus({"a.md": text}))
    assert [p.text for p in corpus.passages] == [
        "Maria Lind opened her shop in 2015.",
        "**Why wigs for cancer patients?**\n\nMy mother lost her hair to chemotherapy.",
        "75. How do you fix a cracked pumpkin?\n\nWith a pumpkin patch.",
        "Would you buy one?",
        "## The next shop\n\nIt sells hats.",
        "Is it open?",
        "Is it cheap?",
    ]


def test_a_loose_list_is_one_passage_and_a_long_one_comes_in_pieces(
    write_corpus: WriteCorpus,
) -> None:
    steps = [f"{i}. Step {i}: " + ("stir the batter well. " * 16).strip() for i in range(1, 4)]
    text = (
        "A cake for a rainy day.\n\n## Ingredients\n\n- 1 cup milk\n\n- 2 eggs\n\n\n"
        "* 65mg salt\n\nBake it.\n\n" + "\n\n".join(steps) + "\n"
    )
    corpus = load_corpus(write_corpus({"cake.md": text}))
    assert [p.text for p in corpus.passages] == [
        "A cake for a rainy day.",
        "## Ingredients\n\n- 1 cup milk\n\n- 2 eggs\n\n\n* 65mg salt",
        "Bake it.",
        f"{steps[0]}\n\n{steps[1]}",  # 362 characters each: within 1,000
        steps[2],  # a third would pass 1,000: the next piece
    ]
    assert all(p.text in text for p in corpus.passages)
