"""Rich Text Format documents read as Word and TextEdit show them (bot/rtf.py)."""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from pathlib import Path

import pytest

from bot.cli import main
from bot.extract import ExtractError, extract_document, extract_rtf, sniff_kind
from bot.library import open_library

WriteCorpus = Callable[[dict[str, str | bytes]], Path]

# As TextEdit saves a page's text pasted in: a line per paragraph ending "\" (a paragraph
# mark), the heading only in bold, a link as a field, a list's bullets as \listtext.
TEXTEDIT = rb"""{\rtf1\ansi\ansicpg1252\cocoartf2822
\cocoatextscaling0\cocoaplatform0{\fonttbl\f0\fswiss\fcharset0 Helvetica-Bold;\f1\fswiss
\fcharset0 Helvetica;}
{\colortbl;\red255\green255\blue255;}
{\*\expandedcolortbl;;}
{\*\listtable{\list\listtemplateid1\listhybrid{\listlevel\levelnfc23\levelstartat1{\*\levelmarker
\{disc\}}{\leveltext\leveltemplateid1\'01\uc0\u8226 ;}{\levelnumbers;}\fi-360\li720\lin720 }{
\listname ;}\listid1}}
{\*\listoverridetable{\listoverride\listid1\listoverridecount0\ls1}}
\paperw11900\paperh16840\margl1440\margr1440\vieww11520\viewh8400\viewkind0
\pard\tx566\pardirnatural\partightenfactor0

\f0\b\fs36 \cf0 Caf\'e9 opens on the bridge\
\pard\tx566\pardirnatural\partightenfactor0

\f1\b0\fs24 \cf0 The owners\'a0said the caf\'e9 seats 40 \uc0\u8212  more than {\field{\*\fldinst
{HYPERLINK "https://example.org/plan"}}{\fldrslt the plan}} allowed.\
\
\pard\tx220\tx720\pardeftab720\li720\fi-720\partightenfactor0
\ls1\ilvl0\cf0 {\listtext	\uc0\u8226 	}Open daily\
{\listtext	\uc0\u8226 	}Closed in Janu
ary\
}"""

# As Word saves: styles by number, running heads, a generated contents table, a footnote,
# hidden and deleted words, numbered and bulleted items, a table, pictures (one in raw
# bytes), characters beyond the first 65,536 in two halves, a Cyrillic font.
WORD = rb"""{\rtf1\adeflang1025\ansi\ansicpg1252\uc1\adeff31507\deff0{\fonttbl{\f0\froman
\fcharset0\fprq2 Times New Roman;}
{\f3\fbidi \froman\fcharset2\fprq2 Symbol;}{\f4\fswiss\fcharset204 Arial Cyr;}}{\colortbl;\red0
\green0\blue0;}
{\stylesheet{\ql \li0\ri0\widctlpar\f0\fs24 \snext0 Normal;}{\s1\ql \keepn\outlinelevel0\b\fs32
\sbasedon0 \snext0 heading 1;}
{\s2\ql \sbasedon0 \snext0 heading 2;}{\s15\ql \li720\ri720\i \sbasedon0 \snext0 Quote;}{\s16\qc
\fs56 \sbasedon0 \snext0 Title;}
{\*\cs10 \additive Default Paragraph Font;}}{\*\rsidtbl \rsid1}{\*\generator Microsoft Word 16.0;}
{\info{\title Document1}{\author Ed}}
{\header \pard\plain \ql \f0 City Gazette, page {\field{\*\fldinst PAGE}{\fldrslt 1}}\par}{
\footer \pard\plain Confidential\par}
\pard\plain \s16\qc\fs56 The new bridge\par
{\field\fldedit{\*\fldinst {\rtlch TOC \\o "1-3" \\h \\z \\u }}{\fldrslt {\pard\plain \s2 Costs
\tab 1\par }}}
\pard\plain \s1\ql\outlinelevel0\b\fs32 Approval\par
\pard\plain \s2\ql Costs\par
\pard\plain \ql The bridge will cost 12{\super\chftn}{\footnote \pard\plain \ql {\super
\chftn} Estimate of 2024.\par} million euros{\v  (hidden)}{
\deleted  over 10 years} and opens in 2026.\par
\pard\plain \s15\ql\li720 \'93It is the city\rquote s pride,\'94 the mayor said.\par
{\listtext\pard\plain \f0 1.\tab}\pard\plain \ql\fi-360\li720\ls1 Lifts: 4\par
{\listtext\pard\plain \f3\'b7\tab}\pard\plain \ql\fi-360\li720\ls2 Two at each end\par
\trowd\cellx4000\cellx8000
\pard\plain \intbl Span\cell 426 m\cell\row
\pard\plain Smile: \u-10179?\u-8704? and a toll of \u8364\'80 2.{\pict\pngblip\picw10
\pich10 89504e470d0a1a0a}{\*\shppict{\pict\pngblip\bin4 ab{}}}\par
\pard\plain {\f4 \'cc\'ee\'f1\'f2} 1,8 km.\par
}"""


def test_a_textedit_document_reads_as_textedit_shows_it() -> None:
    document = extract_rtf(TEXTEDIT)
    assert document.blocks == (
        "## Café opens on the bridge",
        "The owners said the café seats 40 — more than the plan allowed.",
        "- Open daily",
        "- Closed in January",
    )
    assert sniff_kind(TEXTEDIT) == "rtf"


def test_a_word_document_reads_as_word_shows_it() -> None:
    document = extract_rtf(WORD)
    assert document.title == "The new bridge"  # the "Title" paragraph, not the file's title
    assert document.blocks == (
        "# Approval",
        "## Costs",
        "The bridge will cost 12 million euros and opens in 2026.",
        "> “It is the city’s pride,” the mayor said.",
        "1. Lifts: 4",
        "- Two at each end",
        "Span | 426 m",
        "Smile: \U0001f600 and a toll of € 2.",
        "Мост 1,8 km.",
        "Estimate of 2024.",  # notes after the text, as Word prints them below it
    )


def test_code_pages_are_read_as_the_document_and_its_fonts_name_them() -> None:
    # A Japanese character's two bytes may stand on two lines of the file; \uc2 says two
    # bytes stand in for each \u character, for readers without Unicode.
    japanese = (
        rb"{\rtf1\ansi\ansicpg1251\deff0{\fonttbl{\f0\fnil\fcharset204 Times;}"
        rb"{\f1\fnil\fcharset128 MS Mincho;}}\pard\plain \'cc\'ee\'f1\'f2 "
        b"{\\f1 \\'82\r\n\\'a0}{\\uc2\\u12354\\'82\\'a0} ok\\par}"
    )
    assert extract_rtf(japanese).blocks == ("Мост ああ ok",)
    mac = rb"{\rtf1\mac\ansicpg10000 Caf\'8e\par}"  # TextEdit's of 2003
    assert extract_rtf(mac).blocks == ("Café",)


def test_marks_out_of_place_hide_no_text() -> None:
    # "\*" marks a group to skip only as its first mark: LibreOffice writes one inside a
    # link's shown words (all dropped before). A \'0d in the text breaks the line.
    link = rb"{\rtf1 {\field{\*\fldinst HYPERLINK }{\fldrslt \*\cs12\ul {Ehrenb\'fcrger}}}\par"
    assert extract_rtf(link + rb" foo\'0dbar\par}").blocks == ("Ehrenbürger", "foo bar")


def test_a_page_laid_out_in_a_table_is_read_paragraph_by_paragraph() -> None:
    said = "We write about the new bridge, which the council approved on Tuesday after a year "
    said += "of debate about its cost."
    letter = rb"\trowd\cellx4000\cellx8000\pard\intbl Dear Sir,\par " + said.encode()
    # A heading cell broken in two lines is a value: its row stays a row.
    header = rb"\trowd\cellx4000\cellx8000\pard\intbl Year of\par opening\cell Cost\cell\row}"
    document = rb"{\rtf1 " + letter + rb"\cell Notes\cell\row " + header
    assert extract_rtf(document).blocks == ("Dear Sir,", said, "Notes", "Year of opening | Cost")


@pytest.mark.parametrize(
    "damaged",
    [
        rb"{\rtf1}",
        rb"{\rtf1 {\*\unknown text that is no body}{\header only a header\par}}",
        b"{\\rtf1 " + b"{" * 100_000,  # unclosed, nested past any stack
        rb"{\rtf1 \bin999999999 hidden",
        b"{\\rtf1 \\",
    ],
)
def test_a_document_with_nothing_to_show_is_one_error(damaged: bytes) -> None:
    with pytest.raises(ExtractError):
        extract_document(damaged, "rtf")


def test_damaged_documents_give_text_or_one_error() -> None:
    rng = random.Random(8)
    for _ in range(300):
        data = bytearray(WORD)
        for _ in range(rng.randint(1, 20)):
            data[rng.randrange(len(data))] = rng.choice(b"{}\\'0189abz ;*\xff\x00")
        cut = bytes(data[: rng.randint(8, len(data))])
        try:
            document = extract_document(cut, "rtf")
        except ExtractError:
            continue
        assert all(block.strip() for block in document.blocks)
    deep = b"{\\rtf1 " + b"{" * 100_000 + b"deep text"
    assert extract_document(deep, "rtf").blocks == ("deep text",)
    stray = rb"{\rtf1 One.\par}}} Two.\par}"
    assert extract_document(stray, "rtf").blocks == ("One.", "Two.")
    beyond = rb"{\rtf1 One\u9999999999?.\par}"  # no character: the rest is read
    assert extract_document(beyond, "rtf").blocks == ("One.",)


def test_an_rtf_document_in_the_folder_is_an_article(write_corpus: WriteCorpus) -> None:
    folder = write_corpus({"bridge.rtf": WORD, "x.rtf": b"%PDF-1.4 not rtf"})
    library, notes = open_library(folder, "memory", semantic="off")
    (article,) = library.articles
    assert (article.source, article.title) == ("bridge.rtf", "The new bridge")
    hit = library.search("How much will the bridge cost?", 1)[0]
    assert hit.passage.text.endswith("The bridge will cost 12 million euros and opens in 2026.")
    assert notes == ["skipped x.rtf: not a Rich Text Format document"]


def test_add_stores_an_rtf_document_and_ask_quotes_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "cafe.rtf").write_bytes(TEXTEDIT)
    corpus = tmp_path / "articles"
    corpus.mkdir()
    assert main(["add", "--corpus", str(corpus), str(tmp_path / "cafe.rtf")]) == 0
    capsys.readouterr()
    assert main(["ask", "--corpus", str(corpus), "--json", "How many seats?"]) == 0
    answer = json.loads(capsys.readouterr().out)
    assert answer["results"][0]["text"].endswith(
        "The owners said the café seats 40 — more than the plan allowed."
    )
