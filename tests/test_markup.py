from urllib.parse import unquote

import pytest

from bot.corpus import Article, Passage
from bot.markup import fragment_terms, quote_link, reader_text
from bot.tg.messages import format_quote_html


@pytest.mark.parametrize(
    ("markdown", "shown"),
    [
        ("The **ARPANET** went live in *1969*.", "The ARPANET went live in 1969."),
        ("See [the RFC](https://x.example/rfc \"RFC 1\") and <https://x.example>.",
         "See the RFC and https://x.example."),
        ("## Eye in the sky\n\nThe telescope.", "Eye in the sky\n\nThe telescope."),
        ("- first\n- second", "• first\n• second"),
        ("> quoted words", "quoted words"),
        ("snake_case_name and 2*3*4 stay", "snake_case_name and 2*3*4 stay"),
        ("an escaped \\*star\\*", "an escaped *star*"),
        # Struck-out text keeps its marks: "12 million 14 million" read as if both stood.
        ("It cost ~~12 million~~ **14 million**.", "It cost ~~12 million~~ 14 million."),
        # What clippers and note apps write (Obsidian Web Clipper, GitHub): highlights, notes,
        # callouts, links to notes and embedded pictures, as they draw them.
        ("It will cost ==12 million euros==.", "It will cost 12 million euros."),
        ("2 + 2 == 4, and a == b.", "2 + 2 == 4, and a == b."),
        ("approved on Tuesday.[^1]", "approved on Tuesday.¹"),
        ("[^1]: Council minutes.", "1. Council minutes."),
        ("> [!note] Update\n> The vote was 7 to 2.", "Update\nThe vote was 7 to 2."),
        ("> [!WARNING]\n> Closed.", "Warning\nClosed."),
        ("see [[Bridge plans|the plans]] and [[Elbe]]![[bridge.png]]", "see the plans and Elbe"),
    ],
)  # fmt: skip
def test_markdown_reads_as_a_reader_sees_it(markdown: str, shown: str) -> None:
    assert reader_text(markdown) == shown


PARAGRAPH = (
    "Khojaly held strategic importance in the Karabakh region. From late 1991, it was "
    "effectively under blockade - electricity, food & water were cut off, and residents lived "
    "under constant shelling."
)


def directive(link: str) -> tuple[str, str]:
    start, _, end = link.split(":~:text=", 1)[1].partition(",")
    return unquote(start), unquote(end)


def test_a_citation_link_opens_the_page_at_the_quote() -> None:
    link = quote_link("https://x.example/a", PARAGRAPH)
    assert link.startswith("https://x.example/a#:~:text=")
    start, end = directive(link)
    assert (start, end) == fragment_terms(PARAGRAPH)
    assert PARAGRAPH.startswith(start) and PARAGRAPH.endswith(end)
    directive_text = link.split(":~:text=", 1)[1]
    assert directive_text.count(",") == 1 and "&" not in directive_text and " " not in link


def test_dashes_commas_and_ampersands_are_encoded() -> None:
    link = quote_link("https://x.example/a", "under blockade - food & water, cut off")
    assert "%2D" in link and "%26" in link and "%2C" in link
    assert directive(link) == ("under blockade - food & water, cut off", "")


def test_a_link_to_a_list_or_heading_keeps_each_term_in_one_block() -> None:
    shown = reader_text("- 1 cup milk\n\n- 2 eggs\n\n- 65mg salt")
    assert shown.startswith("• 1 cup milk")
    assert fragment_terms(shown) == ("1 cup milk", "65mg salt")
    assert fragment_terms("Eye\n\nThe telescope sees far.") == ("Eye", "The telescope sees far.")


def test_an_existing_fragment_stays_before_the_directive() -> None:
    link = quote_link("https://x.example/a#section-2", PARAGRAPH)
    assert link.startswith("https://x.example/a#section-2:~:text=Khojaly%20held")
    assert quote_link("", PARAGRAPH) == ""


def test_struck_out_text_is_struck_in_telegram_and_out_of_the_link() -> None:
    text = "~~Twelve million~~ Fourteen million euros, the council said after the vote on ~~May~~"
    start, end = directive(quote_link("https://x.example/a", text))
    assert (start, end) == ("Twelve million Fourteen million", "the vote on May")
    article = Article(source="a.md", title="Bridge", url="https://x.example/a")
    html = format_quote_html(Passage(article, 1, 1, text), frozenset({"million"}))
    assert html.startswith("<blockquote><s>Twelve <b>million</b></s> Fourteen <b>million</b>")


def test_a_list_s_bullets_and_numbers_stay_out_of_the_link() -> None:
    # The page draws them: its text, which the browser searches, holds neither.
    steps = reader_text("1. Register with the housing office.\n\n2. Vote in person on the day.")
    assert fragment_terms(steps) == ("Register with the housing", "person on the day.")
    bullets = reader_text("- Register with the housing office.\n\n- Vote in person on the day.")
    assert fragment_terms(bullets) == ("Register with the housing", "person on the day.")


def test_raised_digits_are_the_digits_a_page_s_text_holds_in_the_link() -> None:
    # A page's "Tuesday.<sup>1</sup>" holds "Tuesday.1": a fragment "Tuesday.¹" found nothing.
    assert fragment_terms("The council approved the bridge on Tuesday.¹") == (
        "The council approved the bridge on Tuesday.1", "",
    )  # fmt: skip
    assert fragment_terms("Water is H₂O.") == ("Water is H2O.", "")
