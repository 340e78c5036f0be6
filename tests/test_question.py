"""Reading questions: typos, common words left alone, languages, answer kinds, absent names."""

import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from bot import letters, pieces, semantic, spelling
from bot.corpus import load_corpus
from bot.index import MemoryEngine
from bot.letters import restored
from bot.question import Question, analyse
from bot.search import Library
from bot.spelling import is_common, nearest_term, other_spellings

WriteCorpus = Callable[[dict[str, str | bytes]], Path]


def read(library: Library, text: str):  # type: ignore[no-untyped-def]
    engine = library.engine
    return analyse(text, engine.vocabulary, engine.doc_freq)


@pytest.mark.parametrize(
    ("typed", "meant"),
    [("rivr", "river"), ("regimant", "regiment"), ("masacre", "massacr"), ("igonre", "ignor")],
)
def test_a_typo_is_read_as_the_nearest_corpus_word(
    seeds_library: Library, typed: str, meant: str
) -> None:
    question = read(seeds_library, f"what about the {typed}")
    assert meant in question.terms and question.corrected


def test_a_common_word_the_corpus_lacks_is_never_corrected(seeds_library: Library) -> None:
    question = read(seeds_library, "Who is the president of Russia?")
    assert is_common("president") and "presid" in question.terms
    assert not question.corrected


@pytest.mark.parametrize(
    ("typed", "written"), [("armoured", "armor"), ("recognised", "recogn"), ("defence", "defens")]
)
def test_a_british_spelling_is_read_as_the_american_one_the_corpus_uses(
    seeds_library: Library, typed: str, written: str
) -> None:
    assert is_common(typed)  # common, so no typo: read the other way only because spelled so
    assert written in read(seeds_library, f"what about the {typed}").terms


def test_spellings_of_both_sides_of_the_atlantic() -> None:
    assert other_spellings("travelled") == ["traveled"] and other_spellings("center") == ["centre"]
    assert other_spellings("four") == [] and other_spellings("colour") == ["color"]


def test_edit_budget_follows_word_length() -> None:
    vocabulary = {"cat", "regiment"}
    assert nearest_term("cot", vocabulary, len) == "cat"  # one edit for short words
    assert nearest_term("ct", vocabulary, len) is None  # none for two letters
    assert nearest_term("regimnet", vocabulary, len) == "regiment"  # a swap counts once


def test_of_equally_near_terms_the_one_keeping_the_typed_letters_wins() -> None:
    commoner = {"region": 50, "religion": 1}.__getitem__
    assert nearest_term("relgion", {"region", "religion"}, commoner) == "religion"


def test_a_typo_is_compared_as_typed_before_its_stem() -> None:
    # "statemeent" stems to "statem", one edit from "state"; as typed it is one from
    # "statement".
    known = {"state": 1, "statement": 1}
    written = {"state": "state", "statement": "statement"}
    question = analyse(
        "the statemeent", known.keys(), lambda t: known.get(t, 0), spellings=lambda: written
    )
    assert question.corrected == {"statem": "statement"}


def test_a_name_two_edits_from_a_common_word_is_no_typo_of_it() -> None:
    # "Tartar", a district, read as "torture" quoted the paragraph on torture.
    known = {"tortur": 1}
    written = {"torture": "tortur"}

    def asked(text: str) -> Question:
        return analyse(text, known.keys(), lambda t: known.get(t, 0), spellings=lambda: written)

    assert asked("what happened in Tartar").absent == ["tartar"]
    assert asked("what happened in Tartar").corrected == {}
    assert asked("what happened in Torure").corrected == {"torur": "tortur"}  # one edit
    # In lower case no name, but a word English has: a typo that makes another word is
    # mostly one edit from the word meant, and "tartar sauce" asked nothing of torture.
    assert asked("what happened in tartar").corrected == {}
    assert asked("what happened in tartor").corrected == {"tartor": "tortur"}  # no word


def test_names_and_numbers_the_corpus_never_mentions_are_absent(seeds_library: Library) -> None:
    assert read(seeds_library, "What happened in Sumgait?").absent == ["sumgait"]
    assert read(seeds_library, "My Lai massacre 1968").absent == ["1968"]
    assert read(seeds_library, "the bellwether of the war").absent == []  # lower-case, real
    # In capitals throughout, capitals mark no name: read as if typed in lower case.
    assert read(seeds_library, "WHAT WAS THE BELLWETHER OF THE WAR?").absent == []
    assert read(seeds_library, "MY LAI MASSACRE 1968").absent == ["1968"]
    # and the cased models read it in lower case (SQuAD in capitals: 0.895 top-1, lower 0.902)
    assert read(seeds_library, "WHO STORMED THE TOWN?").text == "who stormed the town?"
    assert read(seeds_library, "Who stormed the TOWN?").text == "Who stormed the TOWN?"


def test_a_decade_or_century_stands_for_the_years_the_corpus_has_in_it(
    seeds_library: Library,
) -> None:
    century = read(seeds_library, "what happened in the 1900s")  # the articles: 1990-1994
    assert {"1990", "1992", "1994"} <= set(century.terms) and century.absent == []
    assert read(seeds_library, "what happened in the 1960's").absent == ["1960"]


def test_a_typo_of_a_common_word_the_corpus_lacks_names_nothing(seeds_library: Library) -> None:
    # The articles never say "happened", so "hapened" is no typo of theirs; it is one of
    # English's, and the question is about the regiment, not about something they lack.
    question = read(seeds_library, "what hapened to the 366th regimnet in march 1992")
    assert question.absent == [] and question.corrected == {"regimnet": "regiment"}
    # "disinterested" is rarer than Zipf 3, yet an English word: its typo is no name either.
    assert read(seeds_library, "were states disinteresetd in the conflict").absent == []
    asked = read(seeds_library, "what hapened to the soviet regiment in Sumgait")
    assert asked.english and asked.absent == ["sumgait"]  # a name, taken at its word


def test_a_typed_question_with_a_typo_the_corpus_lacks_is_answered(
    seeds_library: Library,
) -> None:
    hits = seeds_library.search("what hapened to the 366th regimnet in march 1992")
    assert hits and "the regiment was withdrawn" in hits[0].passage.text


@pytest.mark.parametrize(
    "text",
    [
        "Сколько детей погибло?",
        "Xocalıda neçə uşaq öldürülüb?",
        "kac aile yok edildi",
        "Mart 1992'de alaya ne oldu?",  # "mart", "de", "ne" pass as English words
    ],
)
def test_other_languages_are_recognised(seeds_library: Library, text: str) -> None:
    question = read(seeds_library, text)
    assert not question.english and question.absent == []


def test_english_with_a_word_that_is_also_turkish_stays_english(seeds_library: Library) -> None:
    assert read(seeds_library, "Who was Robert's son?").english  # "son": Turkish for "last"


def test_emoji_leave_an_english_question_english(seeds_library: Library) -> None:
    question = read(seeds_library, "how many hostages were taken 🤔🙏")
    assert question.english and question.kind == "number"
    assert question.text == "how many hostages were taken"  # what the models read


def test_hashtags_are_read_as_their_words_and_mentions_ignored(seeds_library: Library) -> None:
    question = read(seeds_library, "@alice_99 what happened #KhojalyGenocide")
    assert question.terms == ["happen", "khojali", "genocid"] and question.absent == []
    assert question.text == "what happened Khojaly Genocide"
    assert read(seeds_library, "#Khojaly1992").terms == ["khojali", "1992"]


@pytest.mark.parametrize(
    ("typed", "written"),
    [("Гаргарчай", "gargarchay"), ("Гаргарчая", "gargarchay"), ("Qarqarçay", "gargarchay"),
     ("Ханкенди", "khankendi"), ("Шуша", "shusha"), ("Ağdam", "aghdam")],
)  # fmt: skip
def test_a_rare_name_in_another_alphabet_is_read_as_the_articles_write_it(
    seeds_library: Library, typed: str, written: str
) -> None:
    question = read_names(seeds_library, f"{typed}?")
    assert not question.english and question.terms == [written]
    assert question.text == f"{written.capitalize()}?"  # what the models read


@pytest.mark.parametrize(
    ("text", "read_as", "term"),
    [
        # Not "Local", one of its typos' corpus words; the subject too: it is English here.
        ("What happened in Xocali?", {"Xocali": "Khojaly"}, "khojali"),
        ("how long is the Qarqarcay river", {"Qarqarcay": "Gargarchay"}, "gargarchay"),
        ("Hocali massacre", {"Hocali": "Khojaly"}, "khojali"),  # Turkish h for kh
    ],
)
def test_a_name_in_its_readers_alphabet_in_an_english_question_is_the_articles_name(
    seeds_library: Library, text: str, read_as: dict[str, str], term: str
) -> None:
    question = read_names(seeds_library, text)
    assert question.english and question.read_as == read_as and term in question.terms


@pytest.mark.parametrize(
    ("text", "english", "answered"),
    [
        ("Kelbajar", True, False),  # a name alone, which the articles never write
        ("Pashinyan", True, False),  # not "Pashınyan": a name lacks no keyboard's letters
        ("Aghdam", True, True),
        ("Xocali", True, True),  # Khojaly
        ("Ermenistan", False, None),  # common in Turkish: left to the models, as before
    ],
)
def test_a_capitalised_word_alone_is_a_name(
    seeds_library: Library, text: str, english: bool, answered: bool | None
) -> None:
    assert read_names(seeds_library, text).english is english
    assert answered is None or bool(seeds_library.search(text)) is answered


def test_a_name_alone_is_a_phrase_only_as_the_articles_write_it(seeds_library: Library) -> None:
    assert read_names(seeds_library, "Khankendi").phrases == ("Khankendi",)
    # They write "hostage": "Hostages" is no phrase, and no "not said word for word" note.
    answer = seeds_library.answer("Hostages")
    assert answer.hits and answer.unsaid == ()


def test_a_name_in_english_letters_in_another_language_is_read_so_too(
    seeds_library: Library,
) -> None:
    question = read_names(seeds_library, "Hankendi hakkında ne söylüyor?")  # Turkish
    assert not question.english and "khankendi" in question.terms


@pytest.mark.parametrize(
    "text",
    [
        "Армения и полк",  # common words: the models read them well
        "Сколько детей было убито в Ходжалы?",  # the corpus's subject: in most paragraphs
    ],
)
def test_other_words_in_another_alphabet_are_left_to_the_models(
    seeds_library: Library, text: str
) -> None:
    question = read_names(seeds_library, text)
    assert question.corrected == {} and question.text == text


def read_names(library: Library, text: str):  # type: ignore[no-untyped-def]
    engine = library.engine
    return analyse(
        text,
        engine.vocabulary,
        engine.doc_freq,
        spellings=lambda: engine.spellings,
        paragraphs=engine.size,
    )


@pytest.mark.parametrize("text", ["qwertyuiop", "asdf jkl", "dkdkdk", "jjjjjj", "йцукенгшщз"])
def test_keyboard_noise_is_absent_in_every_language(seeds_library: Library, text: str) -> None:
    assert read(seeds_library, text).absent == text.split()


@pytest.mark.parametrize(
    "text",
    [
        # Azerbaijani on a keyboard without its letters: once read as "Local … niece usa …".
        "Xocali soyqirimi zamani nece usaq olduruldu",
        # Russian in Latin letters: once read as "kolko dete posible".
        "skolko detey pogiblo v Khodzhaly",
    ],
)
def test_other_languages_typed_in_ascii_are_not_read_as_english_typos(
    seeds_library: Library, text: str
) -> None:
    question = read_names(seeds_library, text)
    assert not question.english and question.absent == []
    assert set(question.read_as) <= {text}  # its letters given back, no word read as a typo


@pytest.mark.parametrize(
    ("typed", "letters"),
    [
        ("Skolko chelovek bylo ubito v Khodzhaly?", "Сколько человек было убито в Ходжалы?"),
        ("Pochemu eta operatsiya byla bolshe?", "Почему эта операция была больше?"),  # э, ь
        ("kakoy samyy bolshoy okean", "какой самый большой океан"),  # й after a vowel
        ("gde stoyal 366-y polk", "где стоял 366-й полк"),  # and at the end
        ("Kac kisi esir alindi?", "Kaç kişi esir alındı?"),
        ("Mart 1992de alaya ne oldu?", "Mart 1992de alaya ne oldu?"),  # "oldu", not "öldü"
        # Azerbaijani, from e5's word pieces where Turkish lacks the word: "blokada", "ne" are
        # read as Russian too, but not most of its words.
        ("Xocalida nece usaq oldurulub?", "Xocalıda neçə uşaq öldürülüb?"),
        ("366-ci alay harada yerlesirdi?", "366-ci alay harada yerləşirdi?"),
        # Vowel harmony: "kesilmişdi", not the pieces' likeliest "kesılmışdı".
        ("Blokada zamani ne kesilmisdi?", "Blokada zamanı ne kesilmişdi?"),
        # Partly in its letters: the words typed without them get theirs; with an ə the
        # question is Azerbaijani, and "Dinc" is its word (Turkish "dinç").
        ("Kaç kisi esir alındı?", "Kaç kişi esir alındı?"),
        (
            "Dinc sakinlər hansi çaya teref qaçırdılar?",
            "Dinc sakinlər hansı çaya tərəf qaçırdılar?",
        ),
        # Whole in its letters: its ASCII words stay ("Azerbaycan" is Turkish's spelling;
        # "girov" breaks vowel harmony and is right).
        ("Neçə nəfər girov götürülüb?", "Neçə nəfər girov götürülüb?"),
        (
            "Azerbaycan topraklarının yüzde kaçı işgal edildi?",
            "Azerbaycan topraklarının yüzde kaçı işgal edildi?",
        ),
        ("Combien d'enfants ont été tués à Khojaly?", "Combien d'enfants ont été tués à Khojaly?"),
        # A letter Turkish lacks ("à") tells another language: "Dove" was read as "Döve".
        ("Dove nevicherà?", "Dove nevicherà?"),
        # Abbreviations, in capitals beside lower case or alone, are meant as typed (not
        # "Sscb", "Ağıt", "Içj"); a question wholly in capitals gets its letters.
        ("SSCB ne zaman dagildi", "SSCB ne zaman dağıldı"),
        ("AGIT Minsk grupu", "AGIT Minsk grupu"),
        ("ICJ", "ICJ"),
        ("XOCALIDA NECE USAQ OLDURULUB", "Xocalıda Neçə Uşaq Öldürülüb"),
    ],
)
def test_a_question_gets_back_the_letters_its_keyboard_lacked(typed: str, letters: str) -> None:
    assert restored(typed) == letters


def test_without_e5_s_word_pieces_only_the_turkish_list_gives_letters_back(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    caches = (pieces._unigram, pieces.likelihood, letters._in_turkic_letters)
    for cache in caches:
        cache.cache_clear()
    monkeypatch.setattr(semantic, "E5_BYTES", 123)  # the model file fails its size check
    try:
        texts = [restored("Nece nefer girov goturulub?"), restored("Kac kisi esir alindi?")]
    finally:
        for cache in caches:
            cache.cache_clear()
    assert texts == ["Nece nefer girov goturulub?", "Kaç kişi esir alındı?"]


def test_the_word_pieces_find_a_word_likelier_in_its_own_letters() -> None:
    assert pieces.likelihood("uşaq") > pieces.likelihood("usaq")
    assert pieces.likelihood("children") > pieces.likelihood("chıldren")


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        # Russian typed with QWERTY active: ",", "{", ";" and "&" are the keys of б, х, ж and ?.
        ("Crjkmrj xtkjdtr ,skj e,bnj d {jl;fks&", "Сколько человек было убито в Ходжалы?"),
        # English typed with ЙЦУКЕН active.
        ("Цруку цфы еру 366ер купшьуте ыефешщтув,", "Where was the 366th regiment stationed?"),
        ("Сколько человек было убито в Ходжалы?", "Сколько человек было убито в Ходжалы?"),
        # Russian words with х, ж or э inside: on QWERTY those are "{jl;fks" and "v'hb", which
        # no English word typed with ЙЦУКЕН active holds, though "jl" is common in English.
        ("ходжалы", "ходжалы"),
        ("мэрию", "мэрию"),
        ("вщтэе ащкпуе", "don't forget"),
        ("qwertyuiop", "qwertyuiop"),
    ],
)
def test_a_question_typed_with_the_other_layout_is_read_as_meant(typed: str, meant: str) -> None:
    assert restored(typed) == meant


def test_the_corpus_s_words_count_for_a_question_typed_with_the_other_layout(
    seeds_library: Library,
) -> None:
    question = read_names(seeds_library, "лрщофдн фшкзщке")  # "khojaly" is no English word
    assert question.text == "khojaly airport" and question.english


@pytest.mark.parametrize("text", ["ICJ", "OSCE", "what did the ICJ rule"])
def test_an_abbreviation_the_corpus_lacks_is_english_and_no_typo(
    seeds_library: Library, text: str
) -> None:
    question = read_names(seeds_library, text)  # not "Içj", nor "OSCE" a typo of "once"
    assert question.english and "ICJ" not in question.read_as and question.terms
    assert not seeds_library.search(text)


def test_the_models_read_the_question_with_its_letters_back(seeds_library: Library) -> None:
    typed = "Skolko chelovek bylo ubito v Khodzhaly?"
    question = read_names(seeds_library, typed)
    assert question.text == "Сколько человек было убито в Ходжалы?"
    assert question.read_as == {typed: question.text} and not question.english


@pytest.mark.parametrize(
    ("text", "typo", "meant"),
    [
        ("what was the masacre an atempt to do", "masacre", "massacre"),
        ("khojaly sheling and blocade", "blocade", "blockade"),
    ],
)
def test_english_with_more_typos_than_words_is_still_english(
    seeds_library: Library, text: str, typo: str, meant: str
) -> None:
    question = read_names(seeds_library, text)
    assert question.english and question.read_as[typo] == meant


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("How many children were killed?", "number"),
        ("How long did the siege last?", "measure"),
        ("how far is Aghdam from Khojaly", "measure"),
        ("when did troops enter Baku", "date"),
        ("Who served in the regiment?", "person"),
        ("What cell identifies pathogens when antibodies bind?", None),
    ],
)
def test_answer_kind_comes_from_the_opening(
    seeds_library: Library, text: str, kind: str | None
) -> None:
    assert read(seeds_library, text).kind == kind


def test_the_word_naming_a_dates_kind_is_not_searched_for(seeds_library: Library) -> None:
    # The paragraph says "February 1992", not "year": "year" would pull others up.
    question = read(seeds_library, "what year did the khojaly massacre happen")
    assert question.kind == "date" and "year" not in question.terms
    assert read(seeds_library, "what year").terms == ["year"]  # nothing else to search for


def test_an_english_word_in_lower_case_is_no_typo_of_a_rarer_name() -> None:
    written = {"snider": "snider", "receive": "receiv", "dog": "dog"}
    terms = set(written.values())

    def ask(text: str) -> dict[str, str]:
        return analyse(text, terms, lambda t: int(t in terms), spellings=lambda: written).corrected

    assert ask("the sniffer dog") == {}  # "sniffer" is a word: not the name "Snider"
    assert ask("did they recieve it") == {"reciev": "receiv"}  # ten times as common
    assert ask("what did Mr Sniffer say") == {"sniffer": "snider"}  # a name, spelled any way


def test_a_typo_is_matched_to_the_word_as_the_passages_spell_it(
    seeds_library: Library,
) -> None:
    # "occupaiton" is one swap from "occupation" but five edits from its term "occup".
    engine = seeds_library.engine
    question = analyse(
        "which districts came under occupaiton",
        engine.vocabulary,
        engine.doc_freq,
        spellings=lambda: engine.spellings,
    )
    assert question.corrected == {"occupaiton": "occup"} and question.absent == []
    # The models read the question as the passages spell the word, not the typo.
    assert question.text == "which districts came under occupation"


def test_a_typo_nearer_an_english_word_than_a_corpus_word_is_read_as_the_english_word(
    seeds_library: Library,
) -> None:
    # "hapened" is one edit from "happened", which the seeds never say, and two from their
    # "opened": searched as typed, read by the models as "happened".
    question = read_names(seeds_library, "what hapened to the people who fled")
    assert question.corrected == {} and "hapen" in question.terms
    assert question.text == "what happened to the people who fled"
    assert question.read_as == {"hapened": "happened"}
    # Read by its term where the articles use the word in another form: "killling" is one
    # edit from "killing", which they never say, and searched as `kill`, as in "killed".
    question = read_names(seeds_library, "how many were killling")
    assert question.corrected == {"killl": "kill"} and question.read_as == {"killling": "killing"}


def test_the_models_read_a_typo_as_the_passages_spell_it_capitals_kept(
    seeds_library: Library,
) -> None:
    question = read_names(seeds_library, "What happened at the Gargarchay Rivr?")
    assert question.text == "What happened at the Gargarchay River?"
    assert read_names(seeds_library, "Where is Khojaly?").text == "Where is Khojaly?"


def test_the_words_looked_up_are_remembered_within_a_bound(seeds_library: Library) -> None:
    """Every question adds the frequencies of its words and their readings to a memo: in a
    bot that runs for months it must not grow without end."""
    seeds_library.answer("Kac kisi esir alindi?", 3)  # Turkish typed in ASCII: many readings
    assert spelling.zipf.cache_info().currsize > 0
    assert spelling.zipf.cache_info().maxsize == 65_536


def test_without_wordfreq_one_warning_and_every_word_counts_as_common(
    seeds_library: Library, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    cached = (spelling.zipf, spelling._wordfreq, spelling._english_words)
    for function in cached:
        function.cache_clear()
    monkeypatch.setitem(sys.modules, "wordfreq", None)  # its import fails
    try:
        named = read(seeds_library, "What happened in Sumgait?")
        typo = read(seeds_library, "what about the hostagse")
    finally:
        for function in cached:
            function.cache_clear()
    assert named.absent == []  # no longer known to be rare, so not refused as a name
    assert typo.corrected == {}  # common, as far as anything can tell: meant as typed
    warnings = [r.getMessage() for r in caplog.records if "typo tolerance off" in r.getMessage()]
    assert len(warnings) == 1


def test_without_wordfreq_a_question_keeps_the_letters_it_was_typed_in(
    seeds_library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    spelling._wordfreq.cache_clear()
    spelling.zipf.cache_clear()
    monkeypatch.setitem(sys.modules, "wordfreq", None)  # every word would count as common
    try:
        typed = ("Сколько человек было убито в Ходжалы?", "Kac kisi esir alindi?")
        texts = tuple(read_names(seeds_library, q).text for q in typed)
    finally:
        spelling._wordfreq.cache_clear()
        spelling.zipf.cache_clear()
    assert texts == typed


def test_a_typo_read_only_by_its_term_is_said_as_a_word_the_passages_write(
    write_corpus: WriteCorpus,
) -> None:
    # "accopmlish" is three edits from "accomplished", too far for a written word, and one
    # from its term `accomplish`: the answer says which word that is, and the models read it.
    folder = write_corpus({"a.txt": "The expedition accomplished its aims in March."})
    engine = MemoryEngine(load_corpus(folder))
    question = analyse(
        "what did the expedition accopmlish",
        engine.vocabulary,
        engine.doc_freq,
        spellings=lambda: engine.spellings,
        paragraphs=engine.size,
    )
    assert question.corrected == {"accopmlish": "accomplish"}
    assert question.read_as == {"accopmlish": "accomplished"}
    assert question.text == "what did the expedition accomplished"
