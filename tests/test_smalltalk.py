"""Greetings, thanks and goodbyes get the fixed reply; a question that greets is searched."""

import pytest

from bot.cli import main
from bot.search import Library, Miss
from bot.smalltalk import small_talk
from tests.conftest import SEEDS


@pytest.mark.parametrize(
    "message",
    [
        "Привет",
        "привет, как дела?",
        "Спасибо!!! 👍",
        "spasibo",  # Russian in Latin letters
        "Merhaba, nasılsınız?",
        "tesekkur ederim",  # Turkish without its letters
        "Salam, necəsən?",
        "Çox sağ olun",
        "hey, how are you doing?",
        "Thank you very much!",
        "ghbdtn? rfr ltkf?",  # "привет, как дела?" typed with the US layout on
    ],
)
def test_small_talk_asks_the_sources_nothing(seeds_library: Library, message: str) -> None:
    answer = seeds_library.answer(message)
    assert (answer.hits, answer.miss) == ([], Miss.SMALL_TALK)


@pytest.mark.parametrize(
    "question",
    [
        "hello, how many children were killed?",
        "Привет! Сколько детей было убито в Ходжалы?",
        "Xocalı",
        "Hocalı",
        '"thank you"',  # a quoted word is looked up as written
    ],
)
def test_a_question_beside_a_greeting_is_still_a_question(question: str) -> None:
    assert not small_talk(question)


def test_the_command_line_says_what_to_ask(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ask", "Привет", "--corpus", str(SEEDS)]) == 1
    assert capsys.readouterr().out.startswith("Ask a question about the sources")
