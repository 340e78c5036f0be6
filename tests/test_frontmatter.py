"""An article file's front matter, written by `add` and read by the folder (bot/frontmatter.py)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.frontmatter import format_field, split_front_matter

MARKS = [*"ab :#-'\"|\\/—…ə»“”", ": ", "---", "key: value", "http://x.y/a#b", "''", '\\"']


@settings(max_examples=500, deadline=None, derandomize=True)
@given(st.lists(st.sampled_from(MARKS), min_size=1, max_size=10).map("".join))
def test_every_value_add_writes_reads_back_as_it_was(value: str) -> None:
    value = " ".join(value.split())
    text = "\n".join(["---", format_field("title", value), "---", "", "Text."])
    meta, rest, consumed = split_front_matter(text)
    assert meta.get("title", "") == value and (rest, consumed) == ("\nText.", 3)


def test_a_headline_s_own_quotation_marks_are_kept() -> None:
    # They had been stripped as if they quoted the value: "'We will not forget': survivors"
    # was cited "We will not forget': survivors".
    for headline in ("'We will not forget': survivors", 'Mayor: "It is our pain"', '"Why"'):
        text = f"---\n{format_field('title', headline)}\n---\n"
        assert split_front_matter(text)[0] == {"title": headline}


def test_values_a_person_quoted_read_without_their_quotes() -> None:
    fields = ['title: "Khojaly: the untold role"', "author: 'Caspian Post'", "site: 'Don''t'"]
    text = "\n".join(["---", *fields, "---", ""])
    assert split_front_matter(text)[0] == {
        "title": "Khojaly: the untold role", "author": "Caspian Post", "site": "Don't",
    }  # fmt: skip


@settings(max_examples=300, deadline=None, derandomize=True)
@given(
    st.lists(st.sampled_from([*MARKS, "[", "]", ", "]), min_size=1, max_size=10).map("".join),
    st.lists(st.sampled_from([*MARKS, ", "]), min_size=1, max_size=10).map("".join),
)
def test_a_title_or_author_in_brackets_reads_back_as_it_was(title: str, author: str) -> None:
    # A value in brackets is a list where a clipper writes one (authors, "[A, B]").
    title, author = " ".join(title.split()), " ".join(author.split())
    text = "\n".join(["---", format_field("title", title), format_field("author", author), "---"])
    meta = split_front_matter(text)[0]
    assert (meta.get("title", ""), meta.get("author", "")) == (title, author)


def test_a_clipper_s_names_for_the_fields_are_read() -> None:
    # Obsidian Web Clipper's default template: the address as "source", the date as
    # "published", the authors as a list of links to notes. Its articles had no link.
    obsidian = (
        '---\ntitle: "Bridge approved: what it costs"\nsource: "https://news.example.org/a"\n'
        'author:\n  - "[[Anna Berg]]"\n  - "[[Roe, John|John Roe]]"\npublished: 2024-03-05\n'
        'created: 2026-12-07\ndescription: "The vote."\ntags:\n  - "clippings"\n---\n'
    )
    assert split_front_matter(obsidian)[0] == {
        "title": "Bridge approved: what it costs", "url": "https://news.example.org/a",
        "author": "Anna Berg, John Roe", "date": "2024-03-05",
    }  # fmt: skip
    # MarkDownload's: "source" too, its title the note's first heading.
    markdownload = "---\ncreated: 2026-12-07T10:00:00 (UTC +00:00)\ntags: [bridge, elbe]\n"
    markdownload += "source: https://news.example.org/a\nauthor: Anna Berg\n---\n\n# Bridge\n"
    assert split_front_matter(markdownload)[0] == {
        "url": "https://news.example.org/a", "author": "Anna Berg",
    }  # fmt: skip
    # A field's own name wins, before or after another's; a list in one line is a list.
    both = "---\nurl: https://a.example/own\nsource: https://a.example/x\nauthors: [A, B]\n---"
    assert split_front_matter(both)[0] == {"url": "https://a.example/own", "author": "A, B"}
    after = "---\nsource: https://a.example/x\nurl: https://a.example/own\n---"
    assert split_front_matter(after)[0] == {"url": "https://a.example/own"}
