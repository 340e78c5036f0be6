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
