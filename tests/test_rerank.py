"""Lexical rerank: proximity and answer kind, which work with no model installed."""

import numpy as np

from bot.rerank import coverage, fuse, minmax, offers


def test_words_together_cover_more_than_words_apart() -> None:
    weights = {"river": 1.0, "flee": 1.0}
    near = "Civilians tried to flee toward the river. Nothing else happened."
    apart = "Civilians tried to flee. " + "Filler words here. " * 10 + "The river rose."
    assert coverage(near, weights) == (1.0, 1.0)
    sentence, window = coverage(apart, weights)
    assert sentence == 0.5 and window == 0.5


def test_a_paragraph_offers_the_kind_asked_for() -> None:
    assert offers("613 people were killed", "number")
    assert offers("In March the regiment left", "date")
    assert not offers("The town was shelled", "number")
    assert offers("The report by Human Rights Watch said", "person")


def test_how_long_asks_for_a_number_with_its_unit() -> None:
    assert offers("The river runs for 200 km to the Kura.", "measure")
    assert offers("The siege lasted three months.", "measure")
    assert offers("a 12-year-old boy", "measure")
    assert not offers("On the night of February 25-26, 1992, the assault began.", "measure")
    # An age, and a span from a named event's year.
    assert offers("Candidates must be over the age of 18.", "measure")
    assert offers("central since the Treaty of Rome 1957", "measure")
    assert offers("in use since at least the mid-14th century", "measure")


def test_how_many_is_answered_by_any_number_word() -> None:
    assert offers("a single output is expected for every input", "number")
    assert offers("Seventy delegates signed.", "number")


def test_equal_scores_are_all_the_best() -> None:
    assert list(minmax([2.0, 2.0])) == [1.0, 1.0]
    assert list(minmax([1.0, 3.0])) == [0.0, 1.0]


def test_words_the_corpus_lacks_leave_more_of_the_say_to_the_models() -> None:
    # Two candidates: the first wins on words, the second on each model's reading.
    lexical, meaning, second = np.array([1.0, 0.0]), np.array([0.0, 1.0]), np.array([0.0, 1.0])
    assert np.allclose(fuse(lexical, meaning, second), [0.3, 0.7])
    assert np.allclose(fuse(lexical, meaning, second, known=0.5), [0.15, 0.85])
    assert np.allclose(fuse(lexical, meaning, known=0.5), [0.15, 0.85])  # e5 alone
