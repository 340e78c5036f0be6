"""Articles in German, French, Spanish and Italian: their words stemmed by their own
language's rules and their function words dropped, a question in their language held to its
own bar for closeness, and one asked in English judged across languages, as for Russian."""

from pathlib import Path

import pytest

from bot.library import open_library
from bot.search import Library
from tests.conftest import ROOT, first_quote, with_models

LATIN = ROOT / "tests/data/latin"


@pytest.mark.parametrize("engine", ["memory", "persisted"])
@pytest.mark.parametrize(
    ("question", "expected"),
    # Before, each ranked the paragraph second to fifth: "Bau" and "der" were words to find
    # and "Brücke" was cut as Turkish ("brück"), "coûté" kept whole beside "coût", and "les"
    # matched every French paragraph.
    [
        ("Wann begann der Bau der Brücke?", "Die Bauarbeiten an der neuen Brücke begannen"),
        ("Was ist die Hauptursache für das Bienensterben?", "Als Hauptursache nennen"),
        ("Combien a coûté le prolongement ?", "Le coût total du projet"),
        ("Les commerçants ont-ils été indemnisés ?", "des indemnités d'un montant"),
    ],
)
def test_other_forms_of_a_german_or_french_word_are_found_by_words_alone(
    tmp_path: Path, engine: str, question: str, expected: str
) -> None:
    library, _ = open_library(LATIN, engine, tmp_path, semantic="off")
    assert expected in first_quote(library, question)


@pytest.fixture(scope="module")
def latin_with_models(tmp_path_factory: pytest.TempPathFactory) -> Library:
    return with_models(LATIN, tmp_path_factory.mktemp("latin-vectors"))


@pytest.mark.parametrize(
    ("question", "expected"),
    # Before, the first was refused (e5 0.80): held to the English rules, under which the
    # English model finds no sentence about it. The second ranked second.
    [
        ("What is killing the bees in Bavaria?", "Als Hauptursache nennen Fachleute"),
        ("How full are the reservoirs in Andalusia?", "Los embalses andaluces almacenan"),
    ],
)
def test_english_asked_of_german_or_spanish_articles_is_judged_across_languages(
    latin_with_models: Library, question: str, expected: str
) -> None:
    assert expected in first_quote(latin_with_models, question)


def test_an_unrelated_question_in_the_articles_language_is_refused(
    latin_with_models: Library,
) -> None:
    # e5 0.795: over the bar for another language (0.775), which it was held to, under the
    # articles' own (0.80).
    assert latin_with_models.search("Wie wird das Wetter morgen in München?") == []
