"""`add`: pages from a server on 127.0.0.1, saved pages and PDFs, and every way it can fail."""

import json
import random
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from bot.cli import main
from bot.corpus import load_corpus
from bot.extract import (
    ExtractError,
    _rejoined,
    extract_document,
    extract_docx,
    extract_odt,
    extract_pdf,
    sniff_kind,
)
from bot.store import file_stem
from tests.fakes import (
    PageServer,
    make_docx,
    make_mhtml,
    make_odt,
    make_pdf,
    make_webarchive,
)

DATA = Path(__file__).parent / "data"
WEBPAGES = DATA / "webpages"
PAGE = "citylimits.org-Nycha.html"
PAGE_URL = "https://citylimits.org/2023/11/08/video-voting-on-nychas-future/"
Capsys = pytest.CaptureFixture[str]


def page_bytes(name: str = PAGE) -> bytes:
    return (WEBPAGES / name).read_bytes()


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*")
            if p.is_file()}  # fmt: skip


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "articles"
    folder.mkdir()
    return folder


@pytest.fixture
def add(corpus: Path, capsys: Capsys) -> Callable[..., tuple[int, str, str]]:
    """Run `add` into the corpus folder: exit status, stdout, stderr."""

    def run(*args: str) -> tuple[int, str, str]:
        status = main(["add", "--corpus", str(corpus), *args])
        captured = capsys.readouterr()
        return status, captured.out, captured.err

    return run


def test_add_url_stores_markdown_with_real_metadata(
    add: Callable[..., tuple[int, str, str]], corpus: Path
) -> None:
    with PageServer({"/story": (200, "text/html; charset=utf-8", page_bytes())}) as server:
        status, out, err = add(server.url("/story"))
    assert status == 0, err
    files = list(corpus.glob("*.md"))
    assert [f.name for f in files] == ["video-voting-on-nychas-future.md"]
    text = files[0].read_text(encoding="utf-8")
    assert text.startswith("---\ntitle: VIDEO: Voting on NYCHA’s Future\nauthor: Tatyana Turner\n")
    assert "date: 2023-11-08\n" in text and "\nadded: " in text
    assert "VIDEO: Voting on NYCHA’s Future" in out and "Tatyana Turner" in out
    assert "16 paragraphs" in out and str(files[0]) in out


def test_a_page_is_dated_by_its_markup_never_by_a_year_in_its_text(
    add: Callable[..., tuple[int, str, str]], corpus: Path, tmp_path: Path
) -> None:
    """A page without a date of its own is cited without one: trafilatura's default search of
    its text dated this one 2019-01-01, and the saved wiki page on a spell 1996-01-01. A date
    its markup gives is kept."""
    body = (
        "<h1>Pier to be rebuilt</h1><p>The council voted on Monday to rebuild the old pier "
        "before the summer season, after years of debate about its cost.</p><p>The pier was "
        "closed in 2019 after a storm tore away its end, and the ferry has used the north quay "
        "since then, the harbour master said.</p>"
    )
    undated = tmp_path / "pier.html"
    undated.write_text(f"<html><head><title>Pier</title></head><body><article>{body}"
                       "</article></body></html>")  # fmt: skip
    dated = tmp_path / "pier-dated.html"
    dated.write_text('<html><head><title>Pier</title><meta property="article:published_time" '
                     f'content="2026-03-02T09:00:00Z"></head><body><article>{body}</article>'
                     "</body></html>")  # fmt: skip
    wiki = WEBPAGES / "harrypotter.fandom.com.spell.html"
    for source in (undated, wiki):
        assert add(str(source))[0] == 0
    assert not [f for f in corpus.glob("*.md") if "\ndate: " in f.read_text(encoding="utf-8")]
    assert add(str(dated))[0] == 0
    (again,) = [f for f in corpus.glob("*.md") if "\ndate: " in f.read_text(encoding="utf-8")]
    assert "\ndate: 2026-03-02\n" in again.read_text(encoding="utf-8")


def test_every_quote_of_an_added_page_is_verbatim_in_its_file(
    add: Callable[..., tuple[int, str, str]], corpus: Path, capsys: Capsys
) -> None:
    assert add(str(WEBPAGES / PAGE), "--url", PAGE_URL)[0] == 0
    question = "How many residents must vote for the vote to be valid?"
    assert main(["ask", "--corpus", str(corpus), "--json", "--top", "5", question]) == 0
    answer = json.loads(capsys.readouterr().out)
    for result in answer["results"]:
        assert result["text"] in (corpus / result["source"]).read_text(encoding="utf-8")
        assert result["url"] == PAGE_URL
        assert result["link"].startswith(PAGE_URL + "#:~:text=")
    assert "20 percent" in answer["results"][0]["text"]


SAID = b">at least 20 percent</a> of the eligible population must participate."


@pytest.mark.parametrize(
    ("markup", "shown"),
    [
        # A correction as news sites print one: flattened, "at least 25 20 30 percent".
        (SAID.replace(b"20 percent</a>", b"<s>25</s> <del>20</del> 30 percent</a>"),
         "at least 30 percent of the eligible population must participate."),
        # A footnote mark after a figure: flattened, "20<sup>1</sup> percent" read "201".
        (SAID.replace(b"20 percent</a>", b"20<sup>1</sup> percent</a> (m<sup>2</sup>")
         + b" H<sub>2</sub>O)",
         "at least 20¹ percent (m² of the eligible population must participate. H₂O)"),
        # One inside another: the page had been "unreadable page (AttributeError)".
        (SAID.replace(b"20 percent</a>", b"20<sup>1<sup>2</sup></sup> percent</a>"),
         "at least 20¹² percent of the eligible population must participate."),
        # A note's letter after a word: flattened, "population<sup>a</sup>" read "populationa".
        (SAID.replace(b"population", b"population<sup>a</sup>") + b" On the 2<sup>nd</sup>.",
         "of the eligible populationᵃ must participate. On the 2nd."),
        # <q> has no marks in the text: flattened, a resident's words read as the writer's.
        (SAID + b" A resident said <q>we <q>need</q> a say</q> on Monday.",
         "must participate. A resident said “we ‘need’ a say” on Monday."),
        # Bulleted, "step 2" of the page's steps pointed at nothing the quote showed.
        (SAID + b"</p><ol><li>Register with the office.</li><li>Vote.</li></ol><p>",
         "must participate.\n\n1. Register with the office.\n\n2. Vote.\n\n"),
        # A list in an item: its text had been glued to the item's and counted on with it,
        # "2. Vote.By mailIn person", "3. By mail".
        (SAID + b"</p><ol><li><p>Register.</p></li><li><p>Vote.</p><ul><li>By mail</li>"
         b"<li>In person</li></ul></li><li>Wait.</li></ol><p>",
         "\n\n1. Register.\n\n2. Vote.\n\n- By mail\n\n- In person\n\n3. Wait.\n\n"),
        # A cell's lines and paragraphs had been glued: "Office12 Quay Street", "daily.Closed".
        (SAID + b"</p><table><tr><td>Polling office<br>12 Quay Street</td><td><p>Open daily."
         b"</p><p>Closed on Sundays.</p></td></tr></table><p>",
         "\n\nPolling office 12 Quay Street | Open daily. Closed on Sundays.\n\n"),
        # So had a heading's and an item's: "## Polls open" had read "## Pollsopen".
        (SAID + b"</p><h2>Polls<br>open</h2><ul><li>Polling office<br>12 Quay Street</li>"
         b"<li>Town hall</li></ul><p>",
         "## Polls open\n\n- Polling office 12 Quay Street\n\n- Town hall\n\n"),
        # And a quotation's paragraphs, its speaker's name under them: "say.Now.— A resident"
        # had glued them.
        (SAID + b"</p><blockquote><p>We need a say.</p><p>Now.</p>\xe2\x80\x94 A resident"
         b"</blockquote><p>",
         "> We need a say.\n> Now.\n> \u2014 A resident\n\n"),
        (SAID + b"</p><blockquote>\xe2\x80\x9cFast and reliable.\xe2\x80\x9d<br>Larry Magid, "
         b"Forbes</blockquote><blockquote><p>Vote yes.</p><p>Vote early.</p></blockquote><p>",
         "> \u201cFast and reliable.\u201d\n> Larry Magid, Forbes\n\n> Vote yes.\n\n"
         "> Vote early."),
    ],
    ids=[
        "struck out", "raised digits", "raised in raised", "raised letters", "inline quotation",
        "numbered list", "list in a list", "lines in a cell", "lines in a heading and an item",
        "paragraphs in a quotation", "a quotation's speaker and one without",
    ],
)  # fmt: skip
def test_a_page_is_quoted_as_a_browser_draws_it(
    markup: bytes, shown: str, add: Callable[..., tuple[int, str, str]], corpus: Path,
    tmp_path: Path,
) -> None:  # fmt: skip
    page = page_bytes()
    assert SAID in page
    (tmp_path / "page.html").write_bytes(page.replace(SAID, markup))
    assert add(str(tmp_path / "page.html"), "--url", PAGE_URL)[0] == 0
    assert shown in (corpus / "video-voting-on-nychas-future.md").read_text(encoding="utf-8")


def test_a_page_read_by_the_fallback_extractor_keeps_its_paragraphs_and_rows(
    add: Callable[..., tuple[int, str, str]], corpus: Path
) -> None:
    """trafilatura falls back to readability on this page and keeps its ``<div>``: read as
    one paragraph, the introduction, headings and six tables had been one 9,400-character
    quote."""
    assert add(str(WEBPAGES / "fifplay.com.settings.html"))[0] == 0
    said = [p.text for p in load_corpus(corpus).passages]
    assert said[0].startswith("You are able to customise") and said[0].endswith("description.")
    assert "Game Speed Set the speed of the gameplay to suit your needs." in said
    assert ("Ball Determine which match ball will be used during the match. | Default Random "
            "Branded balls Classic Silver / Black EA Sports balls") in said  # fmt: skip
    assert max(map(len, said)) < 600 and len(said) > 60


def test_a_pages_lines_of_text_in_divs_among_its_paragraphs_are_its_paragraphs() -> None:
    """The jokes page writes some answers as ``<div dir="auto">From scratch. </div>`` beside
    its questions' ``<p>``: trafilatura dropped them (24 of its 317 jokes lost a line). A
    div of a name or a credit ("—reader Jacey", "reddit by u/rztan") stays out, as does one
    beside no paragraph (a blog's tagline), and one of dates: a wiki's "Created <time>.
    Edited <time>." had been quoted as "Created . Edited .", its dates dropped."""
    page = (WEBPAGES / "redtri.com.jokes.html").read_bytes()
    blocks = extract_document(page, "html").blocks
    assert "198. How do cats bake cake?" in blocks and "From scratch." in blocks
    assert "201. What do you call a rabbit with lice?" in blocks and "Bugs Bunny." in blocks
    assert "—reader Jacey" not in blocks
    tagline = "The latest news and insights from Google on security and safety on the Internet"
    blog = (WEBPAGES / "security.googleblog.com.protection.html").read_bytes()
    assert not any(tagline in block for block in extract_document(blog, "html").blocks)
    wiki = extract_document((WEBPAGES / "anarc.at.cdpath.html").read_bytes(), "html").blocks
    assert wiki[0] == "# CDPATH replacements" and not any("Edited" in block for block in wiki)


DEK = "Fake eye contact, the beta's new feature, makes video calls feel closer"
BODY = (
    "The third developer beta includes a feature that makes it look as if you are staring"
    " at the person you talk to, when you are in fact looking at the screen."
)


def dek_page(under_title: str, footer: str = "") -> bytes:
    """A news page that describes itself with its standfirst and sets it under its title,
    outside the article's body, as news sites do."""
    body = "".join(f"<p>{BODY} Paragraph {n}.</p>" for n in range(1, 6))
    return (
        f'<html><head><title>Eye contact</title><meta property="og:description" content="{DEK}">'
        f"</head><body><header><h1>Eye contact</h1>{under_title}</header><article>{body}"
        f"</article><footer>{footer}</footer></body></html>"
    ).encode()


def test_a_pages_standfirst_under_its_title_is_its_first_paragraph() -> None:
    """A review's standfirst ("In seinem Essay „Lob der Melancholie“ erkundet…") stands in
    the page's header, where trafilatura does not look: the article lost its first words. It
    is known by the page's own description, said whole right under the title, after a date
    or a comment count; the same words elsewhere (a footer's blurb) are not it, and a body
    that begins with them has them once."""
    review = extract_document((WEBPAGES / "tell-review.de.heimweh.html").read_bytes(), "html")
    assert review.blocks[0].startswith("In seinem Essay „Lob der Melancholie“ erkundet László")
    assert extract_document(dek_page(f"<p>74 comments</p><p>{DEK}</p>"), "html").blocks[0] == DEK
    assert DEK not in extract_document(dek_page("", footer=f"<p>{DEK}</p>"), "html").blocks
    said_twice = dek_page(f"<p>{DEK}</p>").replace(
        b"<article>", f"<article><p>{DEK}.</p>".encode()
    )
    assert extract_document(said_twice, "html").blocks[:2] == (f"{DEK}.", f"{BODY} Paragraph 1.")


def post(kind: str, author: str, text: str) -> str:
    """One post of a page, in schema.org microdata as Stack Exchange and forums mark them."""
    return (
        f'<div itemscope itemtype="https://schema.org/{kind}"><div itemprop="text"><p>{text}</p>'
        f'</div><div itemprop="author" itemscope itemtype="http://schema.org/Person">'
        f'<span itemprop="name">{author}</span></div></div>'
    )


WURDE = [
    "When does one use wurde rather than war in a sentence about a past event like this?",
    "Wurde forms the passive voice: something was done to the subject by someone else.",
    "War describes the state the subject was in afterwards, not the event that caused it.",
]


def posts_page(*kinds: str) -> str:
    """A page of three posts, as Stack Exchange marks a question and its answers."""
    posts = "".join(
        post(k, f"Person {i}", t) for i, (k, t) in enumerate(zip(kinds, WURDE, strict=True))
    )
    return (
        '<html><head><title>Wurde or war</title><meta name="author" content="Ada Roe"></head>'
        f"<body><article><h1>Wurde or war</h1><p>{WURDE[0]} {WURDE[1]}</p>{posts}</article>"
        "</body></html>"
    )


def test_each_post_of_a_page_of_several_peoples_is_its_writers(
    add: Callable[..., tuple[int, str, str]], corpus: Path, tmp_path: Path
) -> None:
    """A question and its answers are three people's words: the author the page reader
    guessed ("User" on Stack Exchange) had been cited for all. Each is an article of its own,
    cited as its writer's, linked to the page at the post."""
    (tmp_path / "qa.html").write_text(posts_page("Question", "Answer", "Answer"), "utf-8")
    status, out, _ = add(str(tmp_path / "qa.html"), "--url", "https://qa.example/q/1")
    assert (
        status == 0 and out.splitlines()[-1] == f"3 of the 3 posts in {tmp_path / 'qa.html'} added"
    )
    library = load_corpus(corpus)
    cited = sorted((p.article.author, p.text, p.article.url) for p in library.passages)
    assert cited == [
        (f"Person {i}", WURDE[i], f"https://qa.example/q/1#post-{i + 1}") for i in range(3)
    ]


def test_a_page_of_posts_in_the_folder_says_how_to_cite_each_and_add_says_to_remove_it(
    add: Callable[..., tuple[int, str, str]], corpus: Path
) -> None:
    """Read from the folder, the page is one article naming no writer, of its posts' words
    (not the page's around them): the folder's warning says how to have each post cited as
    its writer's; adding the page from inside the folder says the original is read as well
    (its words would be there twice)."""
    page = corpus / "qa.html"
    page.write_text(posts_page("Question", "Answer", "Answer"), "utf-8")
    read = load_corpus(corpus)
    assert [a.author for a in read.articles] == [""]
    assert "\n\n".join(p.text for p in read.passages) == "\n\n".join(WURDE)
    assert read.warnings == [
        "qa.html: 3 posts by several people, read as one article that names none of them; "
        "to cite each as its writer's, add the page with `python -m bot add FILE`"
    ]
    status, _, err = add(str(page))
    assert status == 0
    assert err == (
        f"note: {page} is in the corpus folder, which reads it as well: remove it, or its "
        "words are there twice\n"
    )
    page.unlink()
    (corpus / "notes.md").write_text("---\nposts: weekly\n---\n\nA note of my own.\n", "utf-8")
    read = load_corpus(corpus)
    assert sorted(a.author for a in read.articles) == ["", "Person 0", "Person 1", "Person 2"]
    assert read.warnings == []  # a field of that name the user wrote is no count of posts


def test_a_forum_threads_replies_are_their_writers(
    add: Callable[..., tuple[int, str, str]], corpus: Path, tmp_path: Path
) -> None:
    """A thread marked as Google documents forums: its first post (its writer named by
    ``itemref``, as NodeBB writes it, its words as an ``articleBody``) and the replies it
    holds as its comments."""
    reply = post("Comment", "Person 1", WURDE[1]).replace(
        "<div itemscope", '<div id="reply-7" itemprop="comment" itemscope', 1
    )
    thread = (
        '<html><head><title>Wurde or war</title></head><body><meta id="starter" itemprop="name"'
        ' content="Person 0"><div itemscope itemtype="https://schema.org/DiscussionForumPosting">'
        '<meta itemprop="author" itemscope itemtype="https://schema.org/Person" itemref="starter">'
        f'<h1>Wurde or war</h1><div itemprop="articleBody"><p>{WURDE[0]}</p></div>{reply}</div>'
        "</body></html>"
    )
    (tmp_path / "thread.html").write_text(thread, "utf-8")
    assert add(str(tmp_path / "thread.html"), "--url", "https://forum.example/t/9")[0] == 0
    cited = sorted((p.article.author, p.text, p.article.url) for p in load_corpus(corpus).passages)
    assert cited == [
        ("Person 0", WURDE[0], "https://forum.example/t/9#post-1"),
        ("Person 1", WURDE[1], "https://forum.example/t/9#reply-7"),
    ]


def test_a_page_with_its_readers_comments_stays_its_authors(
    add: Callable[..., tuple[int, str, str]], corpus: Path, tmp_path: Path
) -> None:
    """Readers' comments are left out; the page is its author's, and one article."""
    (tmp_path / "c.html").write_text(posts_page("Comment", "Comment", "Comment"), "utf-8")
    assert add(str(tmp_path / "c.html"))[0] == 0
    assert [a.author for a in load_corpus(corpus).articles] == ["Ada Roe"]


def test_adding_the_same_address_again_updates_the_file_if_the_article_changed(
    add: Callable[..., tuple[int, str, str]], corpus: Path, tmp_path: Path
) -> None:
    """The same text again leaves the file as it was, with the time it was first added."""
    assert add(str(WEBPAGES / PAGE), "--url", PAGE_URL)[0] == 0
    (file,) = corpus.glob("*.md")
    written = file.read_bytes()
    status, out, _ = add(str(WEBPAGES / PAGE), "--url", PAGE_URL)
    assert status == 0 and out.startswith("unchanged: ") and file.read_bytes() == written
    edited = (WEBPAGES / PAGE).read_text(encoding="utf-8").replace("NYCHA", "NYC Housing")
    (tmp_path / PAGE).write_text(edited, encoding="utf-8")
    status, out, _ = add(str(tmp_path / PAGE), "--url", PAGE_URL)
    assert status == 0 and out.startswith("updated: ") and file.read_bytes() != written
    assert list(corpus.glob("*.md")) == [file]


def test_a_redirect_is_followed_and_the_page_is_cited_at_its_canonical_address(
    add: Callable[..., tuple[int, str, str]], corpus: Path
) -> None:
    with PageServer({"/old": (301, "text/html", b"/new"), "/new": (200, "text/html", page_bytes())}
                    ) as server:  # fmt: skip
        assert add(server.url("/old"))[0] == 0
        assert server.requests == ["/old", "/new"]
    assert f"url: {PAGE_URL}\n" in next(corpus.glob("*.md")).read_text(encoding="utf-8")


@pytest.mark.parametrize("name", ["nycha.mhtml", "nycha.webarchive"])
def test_a_page_saved_as_one_file_is_added_like_the_page(
    add: Callable[..., tuple[int, str, str]], corpus: Path, tmp_path: Path, name: str
) -> None:
    # Chrome's and Edge's "Webpage, Single File" saves MHTML (the page quoted-printable in a
    # mail message, beside its pictures), Safari a Web Archive (a property list). Both were
    # refused as "not a saved web page".
    saved = tmp_path / name
    html = page_bytes().decode("utf-8")
    mhtml = name.endswith(".mhtml")
    saved.write_bytes(make_mhtml(html, PAGE_URL) if mhtml else make_webarchive(html, PAGE_URL))
    (tmp_path / "nycha.html").write_bytes(page_bytes())
    assert add(str(saved))[0] == 0
    (stored,) = corpus.glob("*.md")
    from_mhtml = stored.read_text(encoding="utf-8")
    stored.unlink()
    assert add(str(tmp_path / "nycha.html"))[0] == 0
    as_html = stored.read_text(encoding="utf-8")
    assert _without_added(from_mhtml) == _without_added(as_html)
    assert "Tatyana Turner" in from_mhtml
    # An encoding the file names that Python does not know: the page's own <meta charset>.
    odd = "x-mac-nothing"
    named = (
        make_mhtml(html, PAGE_URL, charset=odd) if mhtml else make_webarchive(html, PAGE_URL, odd)
    )
    saved.write_bytes(named)
    assert add(str(saved))[0] == 0
    assert _without_added(stored.read_text(encoding="utf-8")) == _without_added(as_html)


def _without_added(text: str) -> str:
    return re.sub(r"\nadded: [^\n]*", "", text)


def test_a_pdf_with_text_is_added_paragraph_by_paragraph(
    add: Callable[..., tuple[int, str, str]], corpus: Path, tmp_path: Path
) -> None:
    pdf = tmp_path / "report.pdf"
    body = [
        "The council voted 7 to 2 on Tuesday to approve a new cycle bridge over the Elbe, "
        "ending a debate that had lasted more than a decade.",
        "The bridge will cost 12 million euros and open in the spring of 2027.",
    ]
    pdf.write_bytes(make_pdf(body, title="Bridge approved"))
    status, out, err = add(str(pdf), "--url", "https://example.org/bridge.pdf")
    assert status == 0, err
    assert "Bridge approved" in out and "2 paragraphs" in out
    text = (corpus / "bridge-approved.md").read_text(encoding="utf-8")
    assert text.endswith("\n\n".join(body) + "\n")


def test_a_pdf_without_a_title_of_its_own_takes_its_first_heading(
    add: Callable[..., tuple[int, str, str]], tmp_path: Path
) -> None:
    # Programs fill a PDF's document information with their own name and the file's.
    body = "The council voted 7 to 2 on Tuesday to approve a new cycle bridge over the Elbe."
    for title, heading in (("", "Bridge approved"), ("Microsoft Word - Document1", "Vote held")):
        (tmp_path / "report.pdf").write_bytes(make_pdf([f"# {heading}", body], title=title))
        status, out, err = add(str(tmp_path / "report.pdf"))
        assert status == 0 and out.split("\n")[0].endswith(f": {heading}"), (out, err)


def test_a_quote_from_a_pdf_names_its_page_and_its_link_opens_there(
    add: Callable[..., tuple[int, str, str]], corpus: Path, tmp_path: Path, capsys: Capsys
) -> None:
    # "paragraph 7" finds nothing in a PDF; its reader turns pages, and viewers open #page=N.
    body = [
        "The council met on Tuesday evening in the old town hall.",
        "Its members debated the new cycle bridge over the Elbe for four hours.",
        "Seven of them voted for the bridge and two against it.",
        "The mayor called the vote a good day for the city.",
        "Work on the river banks will start in the autumn.",
        "The bridge will cost 12 million euros, paid for by the city and the state.",
        "It is to open in the spring of 2027.",
    ]
    (tmp_path / "report.pdf").write_bytes(make_pdf(body, title="Bridge report", page_lines=2))
    assert add(str(tmp_path / "report.pdf"), "--url", "https://example.org/report.pdf")[0] == 0
    assert main(["ask", "--corpus", str(corpus), "--json", "How much will the bridge cost?"]) == 0
    (first, *_) = json.loads(capsys.readouterr().out)["results"]
    assert (first["text"], first["page"]) == (body[5], 3)  # two paragraphs a page
    assert first["link"] == "https://example.org/report.pdf#page=3"
    assert main(["ask", "--corpus", str(corpus), "How much will the bridge cost?"]) == 0
    assert "paragraph 6 on page 3" in capsys.readouterr().out
    assert main(["passages", "--corpus", str(corpus), "--json"]) == 0
    listed = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["page"] for r in listed if r["kept"]] == [1, 1, 2, 2, 3, 3, 4]


def test_extracted_text_that_looks_like_markdown_is_quoted_as_it_stands(
    tmp_path: Path, capsys: Capsys
) -> None:
    # Extraction writes Markdown, so text with Markdown's marks read as marks: a form's "*"
    # became a bullet, two asterisks emphasis (dropped), "<https://...>" a bare address.
    lines = [
        '<glob pattern="*.diff"/> and <glob pattern="*.patch"/> name the patch files.',
        "* Fields marked so must be filled in, see <https://example.org/form>.",
        "+ antithyroglobulin antibodies, measured after 6 weeks",
        ">65 years: 12 percent of the voters said no.",  # had read "65 years", a misquote
    ]
    (tmp_path / "spec.pdf").write_bytes(make_pdf(lines))
    seats = "## of seats: the council counts 45 members in all."  # had been a heading
    (tmp_path / "seats.docx").write_bytes(make_docx([seats]))
    tag = "#MeToo began in 2017, the report says."  # alone, "the Word document has no text"
    (tmp_path / "tag.docx").write_bytes(make_docx([tag]))
    for line in [*lines, seats, tag]:
        assert main(["ask", "--corpus", str(tmp_path), line]) == 0
        assert f"1. “{line}”" in capsys.readouterr().out


def test_a_pdf_s_words_broken_at_line_ends_are_whole_again(tmp_path: Path) -> None:
    typeset = (
        "The man-\nagement of the non-\ncommercially run ferry was criticised, "
        "and pre-\nand post-war plans were com-\npared in the report."
    )
    german = "Die Verwal-\ntung der Stadt hat den Hafen gebaut, und sie ist stolz darauf."
    (tmp_path / "ferry.pdf").write_bytes(make_pdf([typeset, german]))
    assert [p.text for p in load_corpus(tmp_path).passages] == [
        "The management of the non-commercially run ferry was criticised, and pre- "
        "and post-war plans were compared in the report.",  # "noncommercially": no word
        "Die Verwaltung der Stadt hat den Hafen gebaut, und sie ist stolz darauf.",
    ]


def test_a_pdf_s_raised_digits_never_join_a_number(tmp_path: Path) -> None:
    # pdfminer reads a footnote mark after a figure as one more digit: "6131 people".
    # Likewise a note's letter after a word: "benignd".
    typeset = "In all, 613^{1} people died in the 20^{th} century; H_{2}O; benign^{d}."
    (tmp_path / "report.pdf").write_bytes(make_pdf([typeset]))
    (passage,) = load_corpus(tmp_path).passages
    assert passage.text == "In all, 613¹ people died in the 20th century; H₂O; benignᵈ."


def test_a_pdf_whose_font_names_no_characters_is_one_clear_error() -> None:
    # A subset font without its map to Unicode (no ToUnicode): pdfminer gives "(cid:42)" for
    # each glyph, which had been quoted as the text ("(cid:55)(cid:75)…").
    subset = (
        "<< /Type /Font /Subtype /Type0 /BaseFont /ABCDEF+Serif /Encoding /Identity-H "
        "/DescendantFonts [<< /Type /Font /Subtype /CIDFontType2 /BaseFont /ABCDEF+Serif "
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /DW 600 "
        "/FontDescriptor << /Type /FontDescriptor /FontName /ABCDEF+Serif /Flags 4 "
        "/FontBBox [0 -200 600 800] /ItalicAngle 0 /Ascent 800 /Descent -200 /CapHeight 700 "
        "/StemV 80 >> >>] >>"
    )
    pdf = make_pdf(["The bridge will cost twelve million euros, the council said."], font=subset)
    with pytest.raises(ExtractError) as error:
        extract_document(pdf, "pdf")
    assert str(error.value) == "the PDF's fonts do not say which letters they draw"


def test_a_pdf_s_paragraphs_go_on_over_pages_under_headings_without_running_heads() -> None:
    # pdfminer ends a text box at each page's and column's end and where the next line's
    # edges move (an item's indented lines), and gives a page's running head and number as
    # paragraphs.
    body = [
        "# A bridge for the Elbe",  # set larger: a heading, which travels with the text below
        "What the council decided",  # its line is short: no heading, but not cut from the text
        "The council voted 7 to 2 on Tuesday to approve a new cycle bridge over the Elbe, "
        "ending a debate that had lasted more than a decade and split the two largest parties "
        "of the city council.",
        "• The bridge will cost 12 million euros, paid for by the city and the federal "
        "government in equal shares.",
        "• It will open in the spring of 2027, a year later than the council had first planned.",
        "The opposition said it would fight the plan in court. Its leader called the vote a "
        "mistake that the city would pay for over many years to come, and asked for a vote.",
    ]
    pdf = make_pdf(body, head="City Council Report", page_lines=3)
    assert extract_pdf(pdf).blocks == ("## A bridge for the Elbe", *body[1:])
    # In two columns: on from the left column to the right, then past a page number to the
    # next page (pdfminer reads boxes of two columns at other heights out of order); the
    # page numbers at the same place on both pages are the running foot.
    in_columns = make_pdf(body[2:4], page_lines=3, columns=2)
    assert extract_pdf(in_columns).blocks == (body[2], body[3])
    # On past a footnote at the page's foot, which stays a paragraph of its own.
    noted = make_pdf(body[2:3], page_lines=2, notes=["1 A decade: from 2014 to 2024."])
    assert extract_pdf(noted).blocks == (body[2], "1 A decade: from 2014 to 2024.")
    # And on past one at the foot of the left column, to the right column.
    noted = make_pdf(body[2:3], page_lines=3, columns=2, notes=["1 A decade: from 2014 to 2024."])
    assert extract_pdf(noted).blocks == (body[2], "1 A decade: from 2014 to 2024.", "1")


@pytest.mark.parametrize(
    "bold", ["Courier-Bold", "CMBX10", "NimbusRomNo9L-Medi", "ABCDEF+PfghsfAdvTTaf7f9f4f.B"]
)
def test_a_heading_set_right_above_its_paragraph_is_a_heading(bold: str) -> None:
    # pdfminer boxes a heading with the paragraph right under it: a paper's "Background" was
    # quoted as the first word of its first paragraph. Bold is named in many ways: TeX's
    # Computer Modern bold, URW's Times bold, a journal's fonts.
    text = "The council voted on Tuesday to approve a new cycle bridge over the river."
    body = [f"# Background\n{text}", f"**What it costs**\n{text}"]
    blocks = ("## Background", text, "## What it costs", text)
    assert extract_pdf(make_pdf(body, bold_font=bold)).blocks == blocks
    plain = extract_pdf(make_pdf(body, bold_font="Courier")).blocks  # the text's own face
    assert plain[2:] == (f"What it costs {text}",)


def test_a_pdf_s_columns_are_read_one_after_the_other() -> None:
    # pdfminer reads boxes at one height across columns together: with a heading in each
    # column, a paragraph went on in the right column before it began in the left one.
    body = [
        "The council voted on Tuesday to approve a new cycle bridge over the river Elbe.",
        "# What it costs",
        "The bridge will cost 12 million euros, paid for by the city and the federal government "
        "in equal shares, and it will open in the spring of 2027, a year later than planned.",
        "# When it opens",
        "The opposition said it would fight the plan in court.",
    ]
    pdf = make_pdf(body, page_lines=8, columns=2)
    assert extract_pdf(pdf).blocks == (
        body[0], "## What it costs", body[2], "1", "## When it opens", body[4]
    )  # fmt: skip


def test_a_pdf_s_ligatures_are_their_letters() -> None:
    # A font draws "fi" as one glyph, which pdfminer gives as U+FB01: quoted "ﬁrst", a quote
    # pasted into a search found no "first".
    assert extract_pdf(make_pdf(["The ﬁrst ﬂoor opens."])).blocks == ("The first floor opens.",)


def test_a_justified_line_cut_at_a_wide_space_reads_left_to_right() -> None:
    # pdfminer cuts a line where justification stretched a space past its margin, and gives
    # the pieces in the order drawn: a research paper was quoted "This approach allowed
    # identifying a for eliciting subset of electrodes that were optimal".
    lines = ["This approach allowed identifying a", "subset of\telectrodes that were", "optimal."]
    said = "This approach allowed identifying a subset of electrodes that were optimal."
    assert extract_pdf(make_pdf(["\n".join(lines)])).blocks == (said,)


def test_what_only_looks_like_a_running_head_stays_in_a_pdf() -> None:
    # A line at the same place atop two of three pages may be a coincidence, not a running
    # head; atop both pages of two, it is one ("This is the ODD header", quoted twice).
    body = ["Summary", "The bridge will cost 12 million euros.", "Summary", "It opens in 2027."]
    two_of_three = make_pdf([*body, "The vote was 7 to 2."], page_lines=2)
    assert extract_pdf(two_of_three).blocks == (*body, "The vote was 7 to 2.")
    on_two_pages = make_pdf(body[1::2], head="City Council Report", page_lines=1)
    assert extract_pdf(on_two_pages).blocks == tuple(body[1::2])
    nothing_else = make_pdf(["Potato"] * 3, page_lines=1)  # every page holds only its number
    assert extract_pdf(nothing_else).blocks == ("Potato", "1", "Potato", "2", "Potato", "3")


def test_a_web_page_a_browser_printed_reads_as_its_article() -> None:
    # tests/data/bridge-printed.pdf: a news page Chromium printed with its header and footer
    # (tests/data/README.md). The date, title, address and "1/1" in the margins, the menu, the
    # "Read more" list and the footer's links had been quoted as the article's paragraphs, and
    # the page's address, printed on it, was not its link.
    printed = extract_pdf((DATA / "bridge-printed.pdf").read_bytes())
    assert printed.url == "https://news.example.org/2024/03/05/cycle-bridge-approved"
    assert (printed.title, printed.site) == (
        "Council approves cycle bridge over the Elbe", "Example News",
    )  # fmt: skip
    assert printed.blocks[:2] == (
        "## Council approves cycle bridge over the Elbe",  # a link to itself, and a heading
        "By Anna Berg · March 5, 2024",
    )
    assert printed.blocks[4] == (  # a paragraph with a link in it stays
        "It will cost 12 million euros, the city said in its budget. The state will pay 7 "
        "million euros of that, and the city the rest from its transport budget for 2026 and 2027."
    )
    assert len(printed.blocks) == 13 and printed.blocks[-1] == "## Read more"


def test_a_damaged_link_costs_the_link_not_the_page() -> None:
    # Links are optional: a damaged annotation (bytes 380-2,000 of the print hold them) had
    # made 8 of these 30 copies "unreadable PDF (PSSyntaxError)".
    printed = (DATA / "bridge-printed.pdf").read_bytes()
    rng = random.Random(5)
    for _ in range(30):
        data = bytearray(printed)
        for _ in range(rng.randint(1, 5)):
            data[rng.randrange(380, 2000)] = rng.randrange(256)
        assert any("12 million euros" in b for b in extract_pdf(bytes(data)).blocks)


def test_only_a_printed_web_page_s_link_lists_are_left_out() -> None:
    body = [
        "Home City Politics Sport",  # a menu, every word a link's
        "The council approved a new cycle bridge over the Elbe on Tuesday.",
        "It will cost 12 million euros, the city said.",
    ]
    by_chrome = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/150.0.0.0"
    assert extract_pdf(make_pdf(body, links=[0], creator=by_chrome)).blocks == tuple(body[1:])
    # A document's own links (a contents page, a reference list) are its text.
    assert extract_pdf(make_pdf(body, links=[0], creator="Writer")).blocks == tuple(body)
    assert extract_pdf(make_pdf(body, links=[0, 1, 2], creator=by_chrome)).blocks == tuple(body)


@pytest.mark.parametrize(
    ("foot", "url"),
    [
        (
            "https://news.example.org/2024/03/05/bridge",
            "https://news.example.org/2024/03/05/bridge",
        ),
        ("https://news.example.org/2024/03/05/bri…", ""),  # shortened: names no page
        ("file:///home/anna/bridge.html", ""),
    ],
)
def test_a_printed_page_s_address_is_its_link(tmp_path: Path, foot: str, url: str) -> None:
    body = ["The council approved a new cycle bridge over the Elbe.", "It will cost 12 million."]
    pdf = make_pdf(body, head=foot, page_lines=1)
    assert extract_pdf(pdf).url == url
    assert extract_pdf(pdf).blocks == tuple(body)
    path, folder = tmp_path / "bridge.pdf", tmp_path / "corpus"
    path.write_bytes(pdf)
    folder.mkdir()
    assert main(["add", str(path), "--corpus", str(folder)]) == 0
    assert (f"url: {url}\n" in next(folder.glob("*.md")).read_text()) == bool(url)


@pytest.mark.parametrize(
    ("title", "foot", "title_and_site"),
    [
        (
            "Bridge approved - Elbe Courier",
            "https://www.elbecourier.de/a",
            ("Bridge approved", "Elbe Courier"),
        ),
        (
            "Bridge approved | The Verge",
            "https://www.theverge.com/a",
            ("Bridge approved", "The Verge"),
        ),
        ("Grow a Lemon Tree | Step-by-Step Guide", "https://gardening.com/a", (None, "")),
        ("Bridge approved - Elbe Courier", "", (None, "")),  # no address to tell the site by
    ],
)
def test_a_printed_page_s_title_names_its_site_when_its_address_does(
    title: str, foot: str, title_and_site: tuple[str | None, str]
) -> None:
    body = ["The council approved a new cycle bridge over the Elbe.", "It will cost 12 million."]
    printed = extract_pdf(make_pdf(body, title=title, head=foot, page_lines=1))
    assert (printed.title, printed.site) == (title_and_site[0] or title, title_and_site[1])


def test_a_soft_hyphen_at_a_line_s_end_always_joins_the_word() -> None:
    # The fake PDF's standard font has no soft hyphen, so pdfminer's text is given directly.
    assert _rejoined("the non\u00ad\ncommercially run ferry") == "the noncommercially run ferry"
    assert _rejoined("the non-\ncommercially run ferry") == "the non-commercially run ferry"


def test_a_short_line_all_in_bold_is_a_word_document_s_heading() -> None:
    # Authors who never use heading styles make headings bold; as paragraphs they were
    # quoted alone, and the section under them lost its name.
    bold = '<w:p><w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">{}</w:t></w:r>{}</w:p>'
    raw = [
        bold.format("What it costs", ""),
        "<w:p><w:r><w:t>The bridge will cost 12 million euros.</w:t></w:r></w:p>",
        bold.format("It opens in 2027.", ""),  # a sentence in bold: still a sentence
        bold.format("Note", '<w:r><w:t xml:space="preserve"> the date may move</w:t></w:r>'),
    ]
    assert extract_docx(make_docx([], raw=raw)).blocks == (
        "## What it costs",
        "The bridge will cost 12 million euros.",
        "It opens in 2027.",
        "Note the date may move",
    )


def test_an_opendocument_text_is_read_as_libreoffice_shows_it() -> None:
    # What content.xml holds beside the text is never quoted as it: a tracked change's deleted
    # words, a comment, the contents table LibreOffice generates; runs of spaces are
    # "text:s", a raised "2" a style of the span.
    styles = (
        '<style:style style:name="P1" style:family="paragraph" style:parent-style-name="Title"/>'
        '<style:style style:name="T1" style:family="text">'
        '<style:text-properties style:text-position="super 58%"/></style:style>'
    )
    deleted = "<text:deletion><text:p>The old plan.</text:p></text:deletion>"
    note = (
        '<text:note text:note-class="footnote"><text:note-citation>1</text:note-citation>'
        "<text:note-body><text:p>Estimate of 2024.</text:p></text:note-body></text:note>"
    )
    comment = (
        "<office:annotation><dc:creator>Ed</dc:creator><text:p>Fix</text:p></office:annotation>"
    )
    cell = "<table:table-cell><text:p>{}</text:p></table:table-cell>"
    body = "".join([
        f'<text:tracked-changes><text:changed-region text:id="c1">{deleted}</text:changed-region>',
        "</text:tracked-changes>",
        "<text:table-of-content><text:index-body><text:p>Costs 1</text:p></text:index-body>",
        '</text:table-of-content><text:p text:style-name="P1">The new bridge</text:p>',
        '<text:h text:outline-level="2">Costs</text:h>',
        '<text:p>It covers 4 km<text:span text:style-name="T1">2</text:span> and',
        f'<text:s text:c="3"/>costs <text:change text:change-id="c1"/>12 million euros.{note}',
        f"{comment}</text:p>",
        "<text:list><text:list-item><text:p>Lifts: 4</text:p><text:list><text:list-item>",
        "<text:p>Two at each end</text:p></text:list-item></text:list></text:list-item>",
        "</text:list>",
        f"<table:table><table:table-row>{cell.format('Span')}{cell.format('426 m')}",
        "</table:table-row></table:table>",
    ])  # fmt: skip
    document = extract_odt(make_odt(body, title="Untitled 1", styles=styles))
    assert document.title == "The new bridge"
    assert document.blocks == (
        "## Costs",
        "It covers 4 km² and costs 12 million euros.",
        "- Lifts: 4",
        "- Two at each end",
        "Span | 426 m",
        "Estimate of 2024.",
    )
    # A table in a table: read once, its rows as rows, the cell holding it paragraph by paragraph.
    inner = f"<table:table><table:table-row>{cell.format('Span')}{cell.format('426 m')}"
    inner += "</table:table-row></table:table>"
    outer = f"<table:table><table:table-row><table:table-cell><text:p>Facts</text:p>{inner}"
    outer += "</table:table-cell></table:table-row></table:table>"
    assert extract_odt(make_odt(outer)).blocks == ("Facts", "Span | 426 m")
    # A stranger's counts: one malformed is no unreadable document, a huge one no huge text.
    odd = '<text:h text:outline-level="x">Costs</text:h><text:p>4<text:s text:c="9999999999"/>km'
    assert extract_odt(make_odt(f"{odd}</text:p>")).blocks == ("# Costs", "4 km")


def test_a_word_table_s_merged_cells_are_read_once() -> None:
    # python-docx gives a merged cell once for each column and row it spans: a Finnish form's
    # title was quoted "KISSA | KISSA | KISSA | KISSA | KISSA | KISSA".
    def cell(text: str, merge: str = "") -> str:
        return f"<w:tc><w:tcPr>{merge}</w:tcPr><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:tc>"

    span, first, below = '<w:gridSpan w:val="2"/>', '<w:vMerge w:val="restart"/>', "<w:vMerge/>"
    table = "".join([
        "<w:tbl><w:tblGrid><w:gridCol/><w:gridCol/></w:tblGrid>",
        f"<w:tr>{cell('Costs', span)}</w:tr>",
        f"<w:tr>{cell('2027', first)}{cell('12 million')}</w:tr>",
        f"<w:tr>{cell('', below)}{cell('3 million')}</w:tr></w:tbl>",
    ])  # fmt: skip
    blocks = extract_docx(make_docx(["The council set out its plan."], raw=[table])).blocks
    assert blocks == ("The council set out its plan.", "Costs", "2027 | 12 million", "3 million")


def test_a_page_laid_out_in_a_word_table_is_read_paragraph_by_paragraph() -> None:
    # Letters, forms and newsletters are laid out in a table: each row had been one block, and
    # a letter in one cell one quote of all its paragraphs, the table inside it left out.
    def cell(*paragraphs: str) -> str:
        inner = "".join(p if p.startswith("<w:tbl>") else _paragraph(p) for p in paragraphs)
        return f"<w:tc>{inner}</w:tc>"

    numbered = '<w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="90"/></w:numPr></w:pPr>'
    levels = (
        '<w:abstractNum w:abstractNumId="90"><w:lvl w:ilvl="0"><w:start w:val="1"/>'
        '<w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl></w:abstractNum>'
        '<w:num w:numId="90"><w:abstractNumId w:val="90"/></w:num>'
    )
    names = "".join(
        f"<w:tr>{cell(numbered + name)}{cell('yes')}</w:tr>" for name in ("Ana Ruiz", "Bo Li")
    )
    nested = f"<w:tbl><w:tblGrid><w:gridCol/><w:gridCol/></w:tblGrid>{names}</w:tbl>"
    letter = cell("Dear members,", "The bridge opens in May.", nested, "Yours, Ed")
    table = f"<w:tbl><w:tblGrid><w:gridCol/></w:tblGrid><w:tr>{letter}</w:tr></w:tbl>"
    # A heading cell broken in two lines is a value: its row stays a row (split, its parts
    # were headings of nothing, dropped).
    header = f"<w:tbl><w:tblGrid/><w:tr>{cell('Year of', 'opening')}{cell('Cost')}</w:tr></w:tbl>"
    document = make_docx([], raw=[table, header], numbering=levels)
    assert extract_docx(document).blocks == (
        "Dear members,",
        "The bridge opens in May.",
        "1. Ana Ruiz | yes",  # a data table's row, its numbered cell with its number
        "2. Bo Li | yes",
        "Yours, Ed",
        "Year of opening | Cost",
    )


def _paragraph(content: str) -> str:
    """A Word paragraph: ``content``, its properties first if it begins with them."""
    properties, _, text = content.rpartition("</w:pPr>")
    properties += "</w:pPr>" if properties else ""
    return f"<w:p>{properties}<w:r><w:t>{text}</w:t></w:r></w:p>"


def test_an_opendocument_list_s_items_have_the_numbers_libreoffice_draws() -> None:
    # All items were bulleted, so "step 2" pointed at nothing a quote showed.
    def level(depth: int, form: str, suffix: str = ".", shown: int = 1) -> str:
        return (
            f'<text:list-level-style-number text:level="{depth}" style:num-format="{form}" '
            f'style:num-suffix="{suffix}" text:display-levels="{shown}"/>'
        )

    styles = (
        f'<text:list-style style:name="L1">{level(1, "1")}{level(2, "a", ")", 2)}'
        f'</text:list-style><text:list-style style:name="L2">{level(1, "")}</text:list-style>'
        f'<text:list-style style:name="L3">{level(1, "a")}</text:list-style>'
    )

    def item(text: str, inner: str = "", start: str = "") -> str:
        paragraph = f"<text:p>{text}</text:p>" if text else ""
        begins = f' text:start-value="{start}"' if start else ""
        return f"<text:list-item{begins}>{paragraph}{inner}</text:list-item>"

    nested = f"<text:list>{item('Check the seal.')}{item('Check the pipe.')}</text:list>"
    body = "".join([
        f'<text:list text:style-name="L1">{item("Open the valve.", nested)}</text:list>',
        "<text:p>Then:</text:p>",
        '<text:list text:style-name="L1" text:continue-numbering="true">',
        f"{item('Close the door.')}{item('', nested)}</text:list>",  # an item only holding a list
        f'<text:list text:style-name="L1">{item("Start again.")}</text:list>',
        f'<text:list text:style-name="L2">{item("Not numbered.")}</text:list>',
        f"<text:list>{item('A bullet.')}</text:list>",
        f'<text:list text:style-name="L3">{item("Far on.", start="10")}',
        f"{item('Further.', start='99999999999999')}</text:list>",
    ])  # fmt: skip
    assert extract_odt(make_odt(body, styles=styles)).blocks == (
        "1. Open the valve.",
        "1.a) Check the seal.",
        "1.b) Check the pipe.",
        "Then:",
        "2. Close the door.",
        "2.a) Check the seal.",
        "2.b) Check the pipe.",
        "1. Start again.",
        "Not numbered.",
        "- A bullet.",
        "j. Far on.",
        "99999999999999. Further.",  # no string of terabytes of letters: written in figures
    )


def test_a_word_document_with_links_is_read_with_their_words() -> None:
    # A link's address is a relationship to no part of the file: reading notes stumbled on it.
    document = make_docx(
        ["The council approved the bridge."], links=[("the plan", "https://example.org")]
    )
    assert extract_docx(document).blocks == ("The council approved the bridge.", "See the plan.")


def test_a_word_document_s_lists_are_numbered_as_word_draws_them(tmp_path: Path) -> None:
    # Word draws list numbers from the document's numbering definitions; read as bullets,
    # "step 2" pointed at nothing a quote showed.
    levels = (
        '<w:abstractNum w:abstractNumId="90">'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
        '<w:lvlText w:val="%1."/></w:lvl>'
        '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/>'
        '<w:lvlText w:val="%1.%2)"/></w:lvl></w:abstractNum>'
        '<w:num w:numId="90"><w:abstractNumId w:val="90"/></w:num>'
        '<w:num w:numId="91"><w:abstractNumId w:val="90"/>'
        '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>'
    )
    steps = [
        (90, 0, "Open the valve."),
        (90, 1, "Check the seal."),
        (90, 1, "Check the pipe."),
        (90, 0, "Close the door."),
        (90, 1, "Lock it."),
        (91, 0, "Start again."),  # a list told to start over
    ]
    raw = [
        f'<w:p><w:pPr><w:numPr><w:ilvl w:val="{depth}"/><w:numId w:val="{number}"/></w:numPr>'
        f"</w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>"
        for number, depth, text in steps
    ]
    document = make_docx(["The council set out its plan."], raw=raw, numbering=levels)
    assert extract_docx(document).blocks == (
        "The council set out its plan.",
        "1. Open the valve.",
        "1.a) Check the seal.",
        "1.b) Check the pipe.",
        "2. Close the door.",
        "2.a) Lock it.",
        "1. Start again.",
    )


def test_a_word_document_is_added_with_its_headings_lists_and_tables(
    add: Callable[..., tuple[int, str, str]], corpus: Path, tmp_path: Path, capsys: Capsys
) -> None:
    report = tmp_path / "report.docx"
    body = ["The council approved a new cycle bridge over the Elbe on Tuesday."]
    rows = [["Year", "Cost"], ["2027", "12 million euros"]]
    report.write_bytes(
        make_docx(body, title="Bridge approved", heading="The vote", items=["7 for"], rows=rows)
    )
    status, out, err = add(str(report))
    assert status == 0, err
    assert "Bridge approved" in out
    text = (corpus / "bridge-approved.md").read_text(encoding="utf-8")
    assert text.endswith(
        "## The vote\n\n" + body[0] + "\n\n- 7 for\n\nYear | Cost\n\n2027 | 12 million euros\n"
    )
    assert main(["ask", "--corpus", str(corpus), "--json", "When was the bridge approved?"]) == 0
    answer = json.loads(capsys.readouterr().out)
    assert answer["results"][0]["text"] == "## The vote\n\n" + body[0]  # a heading leads in


def test_a_word_document_unpacking_to_too_much_is_refused_unread(
    add: Callable[..., tuple[int, str, str]],
    corpus: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("bot.extract.MAX_UNPACKED", 10_000)  # as a ZIP bomb is to 200 MB
    (tmp_path / "big.docx").write_bytes(make_docx(["A paragraph."] * 50))
    status, _, err = add(str(tmp_path / "big.docx"))
    assert status == 2 and "unpacks to over 0.01 MB" in err and snapshot(corpus) == {}


def test_pages_and_pdfs_dropped_into_the_folder_are_served_and_extracted_once(
    corpus: Path, capsys: Capsys
) -> None:
    (corpus / "nycha.html").write_bytes(page_bytes())
    (corpus / "bridge.pdf").write_bytes(make_pdf(["The bridge will cost 12 million euros."]))
    assert main(["sources", "--corpus", str(corpus), "--json"]) == 0
    articles = {a["source"]: a for a in json.loads(capsys.readouterr().out)}
    assert articles["nycha.html"]["title"] == "VIDEO: Voting on NYCHA’s Future"
    assert articles["bridge.pdf"]["paragraphs"] == 1
    cached = list((corpus / ".quotebot" / "extracted").glob("*.md"))
    assert len(cached) == 2
    stamps = [p.stat().st_mtime_ns for p in cached]
    assert main(["ask", "--corpus", str(corpus), "How much will the bridge cost?"]) == 0
    out = capsys.readouterr().out
    assert "12 million euros" in out and out.rstrip().endswith("bridge.pdf")
    assert [p.stat().st_mtime_ns for p in cached] == stamps  # read from the cache


@pytest.mark.parametrize(
    ("route", "message"),
    [
        ((404, "text/html", b"<h1>Not found</h1>"), "answered 404"),
        ((500, "text/html", b"oops"), "answered 500"),
        (
            (200, "image/png", b"\x89PNG\r\n\x1a\n\x00\x00"),
            "not a web page, PDF, Word, OpenDocument or RTF text, EPUB book, e-mail, Telegram "
            "export or RSS or Atom feed (image/png)",
        ),
        ((200, "text/html", b"<html><body><nav>Home</nav></body></html>"), "no article text"),
        ((200, "application/pdf", make_pdf([])), "no text layer"),
    ],
)
def test_a_bad_answer_is_one_line_exit_2_and_nothing_written(
    add: Callable[..., tuple[int, str, str]],
    corpus: Path,
    route: tuple[int, str, bytes],
    message: str,
) -> None:
    with PageServer({"/x": route}) as server:
        status, out, err = add(server.url("/x"))
    assert (status, out) == (2, "")
    assert err.count("\n") == 1 and err.startswith("error: ") and message in err, err
    assert snapshot(corpus) == {}


def test_an_oversized_download_is_refused(
    add: Callable[..., tuple[int, str, str]], corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("bot.fetch.MAX_BYTES", 1000)
    with PageServer({"/big": (200, "text/html", page_bytes())}) as server:
        status, _, err = add(server.url("/big"))
    assert status == 2 and "larger than" in err and snapshot(corpus) == {}


def test_local_failures_are_one_line_each(
    add: Callable[..., tuple[int, str, str]], corpus: Path, tmp_path: Path
) -> None:
    (tmp_path / "photo.html").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    (tmp_path / "scan.pdf").write_bytes(make_pdf([]))
    whole = make_pdf(["The bridge will cost 12 million euros."] * 30)
    (tmp_path / "cut.pdf").write_bytes(whole[: len(whole) // 2])  # a download cut short
    (tmp_path / "locked.pdf").write_bytes(make_pdf(["The bridge."], encrypted=True))
    with zipfile.ZipFile(tmp_path / "sheet.docx", "w") as sheet:  # a spreadsheet, renamed
        sheet.writestr("xl/workbook.xml", "<workbook/>")
    unread = (
        "not a saved web page, PDF, Word, OpenDocument or RTF text, EPUB book, e-mail, "
        "Telegram export or RSS or Atom feed"
    )
    cases = {
        str(tmp_path / "missing.html"): "no such file",
        str(tmp_path / "photo.html"): unread,
        str(tmp_path / "sheet.docx"): unread,
        str(tmp_path / "scan.pdf"): "no text layer",
        str(tmp_path / "cut.pdf"): "unreadable PDF",  # once a pdfminer traceback
        str(tmp_path / "locked.pdf"): "the PDF is encrypted; save it without a password",
        "http://127.0.0.1:9/": "cannot reach 127.0.0.1",
        "https://[::1": "not a web address",  # once a ValueError traceback
        "ftp://example.org/a.html": "not a web address",
    }
    for source, message in cases.items():
        status, _, err = add(source)
        assert status == 2 and err.count("\n") == 1 and message in err, (source, err)
    assert snapshot(corpus) == {}


def test_a_folder_that_cannot_be_written_is_one_line(tmp_path: Path, capsys: Capsys) -> None:
    status = main(["add", "--corpus", str(tmp_path / "nowhere"), str(WEBPAGES / PAGE)])
    err = capsys.readouterr().err
    assert status == 2 and err.count("\n") == 1 and "corpus folder not found" in err


def test_a_file_that_cannot_be_written_leaves_the_folder_as_it_was(
    add: Callable[..., tuple[int, str, str]], corpus: Path
) -> None:
    (corpus / ".video-voting-on-nychas-future.md.adding").mkdir()  # where the write goes first
    before = sorted(p.name for p in corpus.iterdir())
    status, _, err = add(str(WEBPAGES / PAGE), "--url", PAGE_URL)
    assert status == 2 and err.count("\n") == 1 and "cannot write to" in err, err
    assert sorted(p.name for p in corpus.iterdir()) == before


def test_file_names_from_titles_are_safe_and_stable() -> None:
    assert file_stem("VIDEO: Voting on NYCHA’s Future") == "video-voting-on-nychas-future"
    assert file_stem("Xocalı faciəsi / 1992").startswith("xocali-faci")
    assert file_stem("../../etc/passwd") == "etc-passwd"
    assert file_stem("Ходжалы") == "khodzhaly"
    assert file_stem("!!!") == "article"
    assert len(file_stem("word " * 50)) <= 60


def test_a_pdf_s_right_to_left_lines_read_as_they_are_written() -> None:
    # pdfminer gives a line's characters as they stand, left to right: Arabic and Hebrew came
    # out backwards ("ملاعلاب ابحرم"), and a figure or full stop beside them a box of its own.
    assert extract_pdf((DATA / "rtl.pdf").read_bytes()).blocks == (
        "## Bridge",
        "افتتح الجسر الجديد في عام 2024.",
        "הגשר החדש נפתח בשנת 2024.",
        "The word جسر means bridge (in Arabic).",
        "قال رئيس البلدية (أحمد) إن الجسر كلّف 12 مليون يورو.",
        "ראש העיר אמר: הגשר של Siemens עלה 12 מיליון יורו.",
    )


def test_a_word_97_document_reads_as_the_document_it_was_saved_from(tmp_path: Path) -> None:
    # A .doc (Word 97-2003, the binary format before .docx) was "a file of another kind".
    doc = (DATA / "bridge.doc").read_bytes()
    assert sniff_kind(doc) == "doc"
    saved_from = make_docx(
        ["The council approved a new cycle bridge over the Elbe on Tuesday.",
         "It will cost 12 million euros, the city said."],
        title="Bridge approved", heading="The vote", items=["7 for", "2 against"],
        rows=[["Year", "Cost"], ["2027", "12 million euros"]], footnotes=["Estimate of 2024."],
    )  # fmt: skip
    assert extract_document(doc, "doc") == extract_docx(saved_from)
    assert extract_docx(saved_from).blocks[-1] == "Estimate of 2024."
    # Damaged copies: text, or one line naming the kind; never another exception.
    rng = random.Random(97)
    for _ in range(60):
        data = bytearray(doc)
        for _ in range(rng.randint(1, 20)):
            data[rng.randrange(len(data))] = rng.randrange(256)
        try:
            extract_document(bytes(data[: rng.randint(512, len(data))]), "doc")
        except ExtractError as error:
            assert str(error).startswith(("unreadable Word document", "the Word document"))
    assert sniff_kind(doc.replace("WordDocument".encode("utf-16-le"), b"x" * 24)) is None
