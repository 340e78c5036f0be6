"""Abbreviations read as the names the articles write out."""

from __future__ import annotations

from bot.acronyms import written_out
from bot.search import Library


def test_initials_stand_for_the_one_name_the_texts_write_with_them() -> None:
    found = written_out(
        [
            "The Soviet Union fell. Officials of the United Nations said so.",
            "It was part of the Commonwealth of Independent States’ forces.",
            "Both the Dutch Republic and the Dutch Revolt.",  # "DR" is either: neither
        ]
    )
    assert found == {
        "SU": "Soviet Union",  # "The" began the sentence
        "UN": "United Nations",
        "CIS": "Commonwealth of Independent States",
    }


def test_an_abbreviation_the_articles_never_use_finds_the_name_they_write(
    seeds_library: Library,
) -> None:
    answer = seeds_library.answer("what was the role of the CIS")
    assert answer.read_as == {"CIS": "Commonwealth of Independent States"}
    assert "Commonwealth of Independent States" in answer.hits[0].passage.text
    # One they cannot expand names nothing they say.
    assert seeds_library.answer("ICJ").hits == []
