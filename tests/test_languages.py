"""Articles in languages other than English (Russian; Turkish and Azerbaijani; German, French,
Spanish and Italian): their words stemmed their own way (Turkish and Azerbaijani ones cut to
five letters) and their function words dropped, a question asked in their own language held
to its own bar for closeness, and one asked in English judged across languages."""

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from bot.library import open_library
from bot.search import Library
from tests.conftest import ROOT, first_quote, with_models

DATA = ROOT / "tests/data"  # the folders: russian/, turkic/, latin/ (tests/data/README.md)


@pytest.mark.parametrize("engine", ["memory", "persisted"])
@pytest.mark.parametrize(
    ("folder", "question", "expected"),
    [
        # Before: refused, as "архитектор" is not "архитектором" and "кто" counted as a word.
        ("russian", "Кто архитектор моста?", "Главным архитектором проекта"),
        ("russian", "чего боятся экологи", "Экологи опасаются"),
        ("russian", "Когда основали библиотеку?", "основана в 1825 году"),
        # Before, each was refused: "mimar" is not "mimarı", "xalçaların" not "xalçaları", and
        # "hangi" counted as a word the articles lack.
        ("turkic", "Köprüyü hangi mimar tasarladı?", "Projenin baş mimarı"),
        ("turkic", "xalçaların təmiri", "zədələnmiş xalçaları əl ilə təmir edir"),
        ("turkic", "ağaclar kəsilibmi", "köhnə çinar ağaclarının hamısı"),
        # "mahalle" is ASCII: before, stemmed as English, it missed "mahallelerinde".
        ("turkic", "mahalle sakinleri neden şikayetçi oldu", "Kıyı mahallelerinde yaşayanlar"),
        # Before, each ranked the paragraph second to fifth: "Bau" and "der" were words to
        # find and "Brücke" was cut as Turkish ("brück"), "coûté" kept whole beside "coût",
        # and "les" matched every French paragraph.
        ("latin", "Wann begann der Bau der Brücke?", "Die Bauarbeiten an der neuen Brücke"),
        ("latin", "Was ist die Hauptursache für das Bienensterben?", "Als Hauptursache nennen"),
        ("latin", "Combien a coûté le prolongement ?", "Le coût total du projet"),
        ("latin", "Les commerçants ont-ils été indemnisés ?", "des indemnités d'un montant"),
        # Before: refused, as "qual", "é", "hoeveel" and "heeft" counted as words the
        # articles lack (now function words), and "nova linha" was not "nov", "linh".
        ("pt-nl", "Qual é o comprimento da nova linha?", "A nova linha tem 8 quilómetros"),
        ("pt-nl", "Hoeveel heeft de versterking gekost?", "De versterking kostte 85 miljoen"),
    ],
)
def test_other_forms_of_a_word_are_found_by_words_alone(
    tmp_path: Path, engine: str, folder: str, question: str, expected: str
) -> None:
    library, _ = open_library(DATA / folder, engine, tmp_path, semantic="off")
    assert expected in first_quote(library, question)


def test_a_quoted_phrase_in_ascii_letters_is_looked_up_by_the_terms_the_paragraphs_hold(
    tmp_path: Path,
) -> None:
    # The lookup behind "no passage says … word for word" in a large folder, where the
    # paragraph may not be among the ranked ones: by English stems ("internet", "sitesinden")
    # it found no paragraph, as the Turkish one is indexed by five letters ("inter", "sites").
    library, _ = open_library(DATA / "turkic", "persisted", tmp_path, semantic="off")
    complete, holding = library._with_rarest("kurumun internet sitesinden", set())
    assert complete
    assert [p.text[:28] for p in holding] == ["Kütüphane müdürü Ayşe Demir,"]


@pytest.fixture(scope="module")
def models(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], Library]:
    """Each folder with the models, opened (and embedded) once for the module."""
    opened: dict[str, Library] = {}

    def library(folder: str) -> Library:
        if folder not in opened:
            opened[folder] = with_models(DATA / folder, tmp_path_factory.mktemp(folder))
        return opened[folder]

    return library


@pytest.mark.parametrize(
    ("folder", "question"),
    [
        # e5 put the closest paragraph at 0.78: over the bar for a question in another language
        # than its articles' (0.775), under English's (0.80).
        ("russian", "Какая погода будет завтра в Москве?"),
        ("russian", "курс доллара на сегодня"),
        ("russian", "как приготовить борщ"),
        ("russian", "What is the weather in Paris tomorrow?"),  # 0.75
        # None of their words is the articles'; e5 put the closest paragraph at 0.81-0.83:
        # over English's bar (0.80), under the one for a question in the articles' own other
        # language with few of their words (0.845). Before, each got a quote.
        ("turkic", "Yarın İstanbul'da hava nasıl olacak?"),
        ("turkic", "en iyi baklava tarifi"),  # typed without Turkish letters, told by "en"
        ("turkic", "Bakıda sabah hava necə olacaq?"),
        ("turkic", "plov necə bişirilir"),
        # e5 0.795: over the bar for another language (0.775), which it was held to, under
        # the articles' own (0.80).
        ("latin", "Wie wird das Wetter morgen in München?"),
    ],
)
def test_an_unrelated_question_in_the_articles_language_is_refused(
    models: Callable[[str], Library], folder: str, question: str
) -> None:
    assert models(folder).search(question) == []


@pytest.mark.parametrize(
    ("folder", "question", "expected"),
    [
        ("russian", "что нашли в реке", "ржавый мотоцикл"),
        # "çocuk" and "etkinlik" are not the paragraph's words ("çocuklar için masal
        # saatleri"); e5 puts it at 0.86.
        ("turkic", "çocuklara yönelik etkinlikler", "masal saatleri"),
    ],
)
def test_a_question_in_the_articles_language_is_answered_with_the_models(
    models: Callable[[str], Library], folder: str, question: str, expected: str
) -> None:
    assert expected in first_quote(models(folder), question)


@pytest.mark.parametrize(
    ("folder", "question", "expected"),
    [
        # Before, each was refused: its words are none of the corpus's and the English model
        # reads none of the articles (best sentence 0.12 for the Russian one), which e5 puts
        # at 0.79, 0.80 and 0.80. Then they were held to the English rules; now e5 judges
        # across languages, at that bar (0.775). The Spanish one ranked second.
        ("russian", "Who was the architect of the bridge?", "Главным архитектором проекта"),
        ("turkic", "How many visitors did the library have last year?", "150 bin kişi ziyaret"),
        ("latin", "What is killing the bees in Bavaria?", "Als Hauptursache nennen Fachleute"),
        ("latin", "How full are the reservoirs in Andalusia?", "Los embalses andaluces"),
    ],
)
def test_english_asked_of_articles_in_another_language_is_judged_across_languages(
    models: Callable[[str], Library], folder: str, question: str, expected: str
) -> None:
    assert expected in first_quote(models(folder), question)


def test_beside_english_articles_the_english_rules_and_the_lower_bar_hold(
    tmp_path: Path,
) -> None:
    # The seeds and the Turkish and Azerbaijani articles in one folder. An English question
    # whose best paragraphs include a Turkish one but also English ones is judged by the
    # English rules, not across languages (it got a quote at e5 0.78); an Azerbaijani one
    # whose best paragraphs are Azerbaijani and English keeps the bar for another language,
    # as the English paragraph may answer it (it was refused under its own language's).
    folder = tmp_path / "mixed"
    shutil.copytree(ROOT / "seeds", folder)
    for article in (DATA / "turkic").glob("*.md"):
        shutil.copy(article, folder)
    library = with_models(folder, tmp_path / "index")
    assert library.search("what's the speed of light") == []
    quotes = [h.passage.text for h in library.search("neçə uşaq valideynlərindən birini itirib")]
    assert any("lost one parent" in quote for quote in quotes)
