"""What a question asks: its terms (typos read as corpus words), its language and answer type."""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field, replace
from typing import NamedTuple

from rapidfuzz.distance import OSA

from bot.languages import LANGUAGES
from bot.letters import abbreviations, mashed, restored
from bot.spelling import (
    COMMON_ZIPF,
    english_word_near,
    is_common,
    nearest_term,
    other_spellings,
    zipf,
)
from bot.text import (
    BEYOND_ASCII,
    ENGLISH_STOP_WORDS,
    held_term,
    language_of,
    normalize,
    quoted_phrases,
    stem,
    stop_words,
    tokenize,
    without_pictographs,
    words,
)

# A word the articles lack and no typo of theirs names something they never mention when it is
# a number of 3+ digits ("1968"), a capitalised word rarer than RARE_ZIPF ("Srebrenica" 2.4),
# or any word rarer than NOISE_ZIPF. Rare lower-case words ("bellwether" 2.3) are left to the
# meaning-based search: people use them for things the articles do say.
RARE_ZIPF = 2.5
NOISE_ZIPF = 1.5
_LONE_NAME = re.compile(r"\W*([A-Z][a-z]+)\W*")
_CAPITALISED = re.compile(r"(?<=[\w,;:)] )[A-Z][\w'-]*")  # not the first word of a sentence
# Azerbaijani (and Turkish) letters as English spells their sounds in names.
_AZERBAIJANI = str.maketrans({"x": "kh", "c": "j", "ç": "ch", "ş": "sh", "ı": "y", "q": "g"})
# ... and typed without its letters, "c" for "ç" ("Qarqarcay": "gargarchay"); Turkish spells
# the sound of "kh" as "h" ("Hocalı": "khojaly").
_AZERBAIJANI_TYPED = str.maketrans({"x": "kh", "c": "ch", "ı": "y", "q": "g"})
_TURKISH = str.maketrans({"h": "kh", "c": "j", "ç": "ch", "ş": "sh", "ı": "y"})
# A decade or century written as its first year ("1970s", "1600's"), not a year of its own.
_DECADE = re.compile(r"\b(\d{2,3}0)'?s\b")
# Chat markup: "@name" addresses someone and asks nothing; "#KhojalyGenocide" tags a topic in
# words run together, split where the case or digits change.
_MENTION = re.compile(r"(?<![\w@])@\w+")
_HASHTAG = re.compile(r"(?<![\w#])#(\w+)")
_TAG_WORD = re.compile(r"(?<=[a-z])(?=[A-Z\d])|(?<=[A-Z])(?=[A-Z][a-z])|(?<=\d)(?=[A-Za-z])")
# Languages whose word lists (wordfreq) tell a question in them from keyboard noise; for
# others (Azerbaijani, Russian in Latin letters), how the word was typed does (letters.mashed).
_READ = ("en", "tr", "ru")
# Turkish typed without its letters ("Mart 1992'de alaya ne oldu") passes the ASCII test, and
# "mart", "de", "ne" pass as English words: it is Turkish when its words are this many times as
# common (summed Zipf) in Turkish. On SQuAD-2 dev's 6,078 English questions the most Turkish
# reads 1.16 times ("Who was Ayurbarwada's son?": "son" is Turkish for "last").
TURKISH_RATIO = 1.5

# What the answer must contain, from how the question opens ("... pathogens when ..." asks
# for no date). Optional leading words: "and", "so", "in", "but", "then".
_OPENING = r"^\W*(?:(?:and|so|but|then|in|on|at|by|from|since|until)\W+)?"
# "what year", "which century": a date asked for by the word that names its kind.
_DATE_WORD = r"(?:what|which) (year|date|day|month|century|decade)\b"
_KINDS = {
    # First: "how long ..." asks for a measure, which a bare number or date does not give.
    "measure": re.compile(r"\bhow (long|old|far|tall|wide|deep|high)\b"),
    "number": re.compile(
        r"\bhow (many|much|big|large)\b|"
        r"\bwhat (percentage|percent|proportion|share|number|amount)\b"
    ),
    "date": re.compile(_OPENING + rf"(when\b|{_DATE_WORD})"),
    "person": re.compile(_OPENING + r"who(m|se)?\b"),
}
# The same anywhere in the question: its kind word is one the answer seldom writes.
_FOCUS = re.compile(rf"\b{_DATE_WORD}")


@dataclass(frozen=True)
class Question:
    """A question analysed against one corpus's vocabulary."""

    text: str  # as typed; in lower case if typed in capitals throughout
    terms: list[str]  # index terms, typos replaced by the corpus term they meant, each once
    english: bool
    kind: str | None  # "measure", "number", "date", "person": what the answer must contain
    corrected: dict[str, str] = field(default_factory=dict)  # typed term -> corpus term
    absent: list[str] = field(default_factory=list)  # rare words and long numbers never used
    # Words as typed -> as the passages spell them, where the question the models read was
    # respelled ("rivr": "river", "Гаргарчай": "Gargarchay"): what the answer says it read.
    read_as: dict[str, str] = field(default_factory=dict)
    # What the question puts in quotation marks, as typed: to be found as written.
    phrases: tuple[str, ...] = ()


def analyse(
    text: str,
    vocabulary: Collection[str],
    doc_freq: Callable[[str], int],
    named: Collection[str] = (),
    spellings: Callable[[], Mapping[str, str]] | None = None,
    paragraphs: int = 0,
    letters: bool = True,
    written: Callable[[], Mapping[str, str]] | None = None,
) -> Question:
    """Read a question the way the corpus can answer it.

    ``named``: terms of the articles' titles and authors, which a question may name although
    no paragraph does ("What does the AzerNEWS author say…"). ``spellings`` gives the
    passages' words with their terms (``Engine.spellings``), called only for a word that no
    corpus term is near. ``paragraphs``: how many the corpus has, 0 if not known. ``letters``:
    give a question typed without its language's letters or in the other keyboard layout its
    letters back first (off for the question so restored). ``written`` gives the names the
    passages write out by their initials (``acronyms.written_out``), called only for an
    abbreviation the corpus lacks.
    """
    text = _MENTION.sub("", _HASHTAG.sub(lambda m: _TAG_WORD.sub(" ", m.group(1)), text)).strip()
    plain = normalize(text)
    # The words other than English function words tell the question's language: Turkish "ne"
    # and "kim" are no terms, but they say "Mart 1992'de alaya ne oldu" is not English.
    said = [w for w in words(text) if w not in ENGLISH_STOP_WORDS]
    # A question in Turkish, German or another language told by its words is read as the
    # articles hold its words (``held_term``: cut to five letters as Turkish paragraphs are,
    # stemmed as German ones are, "Aliyev" as English ones have it), without its language's
    # function words. Not another's: cut to five letters, "statemeent" would be "state".
    language = language_of(text)
    told = language in LANGUAGES  # German, French…: not English, and typed as meant
    content = [w for w in said if w not in stop_words(language)]
    ascii_only = not BEYOND_ASCII.search(plain)
    # Each word's index term and how many paragraphs hold it, looked up once (a tantivy query
    # for the persisted engine).

    def term_of(word: str) -> str:
        return held_term(word, doc_freq, language) if language else stem(word)

    stems = {w: term_of(w) for w in said}
    counts = {w: doc_freq(t) for w, t in stems.items()}
    # Words typed in lower case: no name, so a typo of a much commoner word if any.
    lower = set(words(" ".join(w for w in text.split() if w.islower())))
    marked = capitalised_words(text)  # and names, as people mark them
    meant = (
        {
            w: _meant(
                w, stems[w], counts[w], vocabulary, doc_freq, spellings, w in lower, w in marked
            )
            for w in said
        }
        if ascii_only and not told  # no typos of English words read into German (word lists)
        else {}
    )
    # English when most words are the corpus's, common English, or typos of corpus words:
    # other languages, even typed in ASCII ("kac aile yok edildi"), are left to the model.
    # Typos alone do not make a question English: most of its words must be English or the
    # corpus's as typed, or English words must join them ("what was the masacre an atempt to
    # do"). Azerbaijani typed in ASCII, "Xocali soyqirimi zamani nece usaq olduruldu", was
    # read as "Local … niece usa …".
    # Word lists load only for a question with words the corpus lacks: a cold `ask` of one
    # in the corpus's own words does not pay the ~0.3 s.
    # Abbreviations ("ICJ", "OSCE") are of no language: the other words decide, and a question
    # of abbreviations alone is read as English, the articles' language.
    abbreviated = {w.lower() for w in abbreviations(text)}
    # So is a question of one capitalised word and nothing else that Turkish does not use
    # commonly: a name ("Kelbajar", not "Ermenistan"), which no keyboard's letters are missing
    # from.
    lone = _LONE_NAME.fullmatch(text)
    alone = lone.group(1) if lone and zipf(lone.group(1), "tr") < COMMON_ZIPF else ""
    if alone:
        abbreviated.add(alone.lower())
    spoken = [w for w in said if w not in abbreviated]
    strangers = not all(counts.values())
    english = (
        ascii_only
        and not told
        and (
            not spoken
            or (
                2 * sum(1 for w in spoken if meant[w]) >= len(spoken)
                and not (strangers and _reads_as_turkish(spoken))
                and (_joined_in_english(text) or _mostly_as_typed(spoken, counts))
            )
        )
    )
    # Letters a keyboard lacked or typed with the other layout: read as meant (bot/letters.py).

    def in_corpus(word: str) -> bool:
        return bool(doc_freq(term_of(word)))

    retyped = restored(text, in_corpus) if letters and not english and not told else text
    if retyped != text:
        asked = analyse(
            retyped, vocabulary, doc_freq, named, spellings, paragraphs, False, written
        )
        return replace(asked, read_as={text: retyped, **asked.read_as})
    shouted = not any(c.islower() for c in text)
    capitalised = marked | abbreviated
    terms: list[str] = []
    corrected: dict[str, str] = {}
    absent: list[str] = []
    read_as: dict[str, str] = {}
    decades = set(_DECADE.findall(plain))
    for word in content:
        term = stems[word]
        if not english and not counts[word] and spellings:
            name = _name_in_latin(word, spellings())
            meant_term = spellings()[name] if name else ""
            # Only a name that tells paragraphs apart: the corpus's subject ("Ходжалы" in
            # articles on Khojaly) is in most of them, and the models read it well as typed.
            if name and (not paragraphs or 2 * doc_freq(meant_term) <= paragraphs):
                corrected[term] = term = meant_term
                # The models read it as the articles write it: they read "Gargarchay" in the
                # paragraph and nothing in "Гаргарчай".
                text = _respelled(text, word, name, read_as)
        if english and not counts[word]:
            years = _years_of(word, doc_freq) if word in decades else []
            if years:  # "the 1600s" where the articles say "1685"
                terms += years
                continue
            typed = word.upper()
            full = written().get(typed) if written and word in abbreviated else None
            if full:  # "CIS" where the articles say "Commonwealth of Independent States"
                terms += tokenize(full)
                text = re.sub(rf"\b{typed}\b", full, text)  # letters and spaces only
                read_as[typed] = full
                continue
            reading = meant[word]
            if reading and reading.spelled:  # the models read the word meant, as spelled
                text = _respelled(text, word, reading.spelled, read_as)
            if reading and reading.term != term:
                corrected[term] = term = reading.term
            elif (
                not reading
                and word not in abbreviated
                and nearest_term(word, ENGLISH_STOP_WORDS, len)
            ):
                continue  # a typo of a word too common to search for ("whwn"; "OSCE" is none)
            elif term not in named and (
                (reading and reading.name) or _names_something(word, word in capitalised)
            ):
                absent.append(word)
        terms.append(term)
    # Keyboard noise: typed as noise is, and no word of a language with a word list here (the
    # lists, ~0.7 s to load, are read last and only then).
    if not english and all(map(mashed, said)) and not any(map(_is_a_word, said)):
        absent = said
    # A name asked alone that the articles write as typed is looked up as written, as a quoted
    # phrase is: the paragraphs that say it first, not the short ones the models find close to
    # any name ("—Amara" for "Abramyan"). Not another form of it: "Hostages" is no phrase where
    # they say "hostage".
    written_so = bool(alone) and spellings is not None and alone.lower() in spellings()
    kind = next((k for k, pattern in _KINDS.items() if pattern.search(plain)), None)
    focus = _FOCUS.search(plain)
    if focus:  # the answer is "1992", seldom beside the word "year"
        terms = [t for t in terms if t != stem(focus.group(1))] or terms
    return Question(
        # The models are cased and read capitals worse.
        without_pictographs(text.lower() if shouted else text),
        list(dict.fromkeys(terms)),
        english,
        kind if english else None,
        corrected,
        absent,
        read_as,
        quoted_phrases(text) + ((alone,) if written_so else ()),
    )


def capitalised_words(text: str) -> set[str]:
    """Words typed with a capital other than a sentence's first: names, as people mark them.
    Capitals mark names only beside lower case: a question typed in capitals marks none."""
    if not any(c.islower() for c in text):
        return set()
    return {normalize(w) for w in _CAPITALISED.findall(text)}


class Reading(NamedTuple):
    """The corpus term a word stands for, and the word it was typed for if a typo: as the
    corpus spells it, or an English word the corpus never uses."""

    term: str
    spelled: str = ""
    name: bool = False  # a name the corpus never writes, near one of its common words


def _meant(
    word: str,
    term: str,
    count: int,
    vocabulary: Collection[str],
    doc_freq: Callable[[str], int],
    spellings: Callable[[], Mapping[str, str]] | None,
    lower: bool,
    capitalised: bool = False,
) -> Reading | None:
    """The corpus term a word stands for: itself, or the term its typo is near; None if none.

    ``term``: the word's own, held by ``count`` paragraphs. Numbers and common English words
    count as meant as typed, even when the corpus lacks them, unless the corpus spells them the
    other side of the Atlantic's way. ``lower``: typed in lower case, so not a name;
    ``capitalised``: with a capital other than a sentence's first, so a name.
    """
    if word[0].isdigit() or count:
        return Reading(term)
    # The articles' spelling of the word, however common it is: "armoured" means "armored".
    for other in map(stem, other_spellings(word)):
        if doc_freq(other):
            return Reading(other)
    if is_common(word):
        return Reading(term)
    written = spellings() if spellings else {}
    # A name the corpus writes, in its readers' alphabet: "Xocali" is Khojaly, not a typo of
    # "local".
    name = _name_in_latin(word, written)
    if name:
        return Reading(written[name], name)
    # A typo is made on the written word, so the word as typed is compared with the corpus's
    # words as written: "conventirn" is one edit from "convention" and three from its term
    # "convent"; "statemeent" stems to "statem", one edit from "state".
    near = nearest_term(word, written.keys(), lambda w: doc_freq(written[w]))
    # A typo of an English word ("hapened": "happened") is read as that word when it is fewer
    # edits away than the corpus's nearest, the likelier typo: not their "opened", two away.
    # Only below Zipf 1.5 in lower case: not a word, nor a name. The word list is searched
    # only when it can win: the typo is no English word, so one edit from a corpus word wins.
    noise = lower and zipf(word) < NOISE_ZIPF
    if near:
        edits = OSA.distance(word, near)
        english = _as_english(word, term, doc_freq) if noise and edits > 1 else None
        if english and OSA.distance(word, english.spelled) < edits:
            return english
        # A word English has, typed in lower case, is a typo only of one English writes ten
        # times as often: "recieve" (Zipf 2.75) of "receive" (4.9), but not "sniffer" (2.6) of
        # the name "Snider" (2.6) or "restated" of "reinstated". A name ("Celeron" for
        # "Céloron") may be spelled any way.
        typed = zipf(word) if lower else 0.0
        if (typed and zipf(near) < typed + 1) or _english_as_typed(word, lower, near):
            return Reading(term)
        if _a_name(word, near, capitalised):
            return Reading(term, name=True)
        return Reading(written[near], near)
    # Then its stem and the word itself against the terms ("regimant" -> "regim").
    found = nearest_term(term, vocabulary, doc_freq) or nearest_term(word, vocabulary, doc_freq)
    if found:
        spelled = _written_as(word, found, written)
        if _english_as_typed(word, lower, spelled or found):
            return Reading(term)
        if _a_name(word, spelled, capitalised):
            return Reading(term, name=True)
        return Reading(found, spelled)
    return _as_english(word, term, doc_freq) if noise else None


def _english_as_typed(word: str, lower: bool, spelled: str) -> bool:
    """Whether a word English has (Zipf 2.5 or more), typed in lower case, is meant as typed
    rather than as ``spelled``, two edits or more away: a typo that makes another real word
    is mostly one edit ("recieve", "form"), and "tartar" is no "torture"."""
    return lower and OSA.distance(word, spelled) > 1 and zipf(word) >= RARE_ZIPF


def _a_name(word: str, spelled: str, capitalised: bool) -> bool:
    """Whether a capitalised word is a name the articles do not write rather than a typo of
    ``spelled``, their word: when that is common English two edits or more away ("Tartar", a
    district, is no "torture"; "in Tortur" is)."""
    return capitalised and is_common(spelled) and OSA.distance(word, spelled) > 1


def _written_as(word: str, term: str, written: Mapping[str, str]) -> str:
    """The corpus's written word with ``term`` nearest ``word`` ("" if none): how a typo read
    by its term is shown to the reader and given to the models ("regimant" as "regiment")."""
    start = term[:-1]  # a stem may end otherwise than its words: "philosophi", "philosophy"
    forms = [w for w in written if w.startswith(start) and written[w] == term]
    return min(forms, key=lambda w: (OSA.distance(word, w), len(w), w), default="")


def _as_english(word: str, term: str, doc_freq: Callable[[str], int]) -> Reading | None:
    """The English word a typo was meant for, read by its term if the articles use it in any
    form ("happen"), else by the term as typed; None if no English word is near."""
    english = english_word_near(word, NOISE_ZIPF)
    if english is None:
        return None
    return Reading(stem(english) if doc_freq(stem(english)) else term, english)


def _respelled(text: str, word: str, spelled: str, read_as: dict[str, str]) -> str:
    """``text`` with ``word`` (any case) written ``spelled``, capitalised where it was; each
    form replaced is noted in ``read_as`` with what replaced it."""

    def written(typed: re.Match[str]) -> str:
        read_as[typed.group()] = spelled.capitalize() if typed.group()[0].isupper() else spelled
        return read_as[typed.group()]

    return re.sub(rf"\b{re.escape(word)}\b", written, text, flags=re.IGNORECASE)


def _name_in_latin(word: str, written: Mapping[str, str]) -> str | None:
    """The rare name, as the corpus writes it, that ``word`` writes in another script or
    alphabet ("Гаргарчай", "Qarqarçay": "gargarchay"; one letter may differ), or None.

    Names the corpus's readers spell their own way are the words multilingual models read
    worst; common ones ("Армения") they read well, and rare English words are not names
    another alphabet would spell. An inflected form ("Xocalıda", in Khojaly) is left to the
    models, which read its ending.
    """
    for latin in _romanized(word):
        near = nearest_term(latin, written.keys(), len, edits=1)
        if near and len(near) >= 4 and zipf(near) < COMMON_ZIPF:
            return near
    return None


def _romanized(word: str) -> list[str]:
    """``word`` in English letters: as anyascii writes it ("Ходжалы": "khodzhaly"), with
    Russian "dzh" as English "j" ("khojaly"), and by the Azerbaijani letters' English
    sounds ("Xocalı": "khojaly", "Qarqarçay" and "Qarqarcay": "gargarchay")."""
    from anyascii import anyascii

    plain = anyascii(word).lower()
    azerbaijani = anyascii(word.translate(_AZERBAIJANI)).lower()
    typed = anyascii(word.translate(_AZERBAIJANI_TYPED)).lower()
    turkish = anyascii(word.translate(_TURKISH)).lower()
    return list(dict.fromkeys([plain, plain.replace("dzh", "j"), azerbaijani, typed, turkish]))


def _years_of(decade: str, doc_freq: Callable[[str], int]) -> list[str]:
    """The years the corpus mentions within a decade ("1970s": 1970-1979) or, for a round
    hundred, a century ("1600s": 1600-1699)."""
    start = int(decade)
    span = 100 if start % 100 == 0 else 10
    return [y for y in map(str, range(start, start + span)) if doc_freq(y)]


def _reads_as_turkish(content: list[str]) -> bool:
    """Whether words that pass as English are far commoner in Turkish."""
    english = sum(zipf(w) for w in content)
    return sum(zipf(w, "tr") for w in content) > TURKISH_RATIO * english


def _names_something(word: str, capitalised: bool) -> bool:
    """A long number, a rare capitalised word, or a very rare one that is no typo of an
    English word as common as NOISE_ZIPF: specific, so telling. A capitalised word is taken
    at its word: "Sumgait" is two edits from "summit".
    """
    if word[0].isdigit():
        return len(word) >= 3
    if capitalised:
        return zipf(word) < RARE_ZIPF
    return zipf(word) < NOISE_ZIPF and not english_word_near(word, NOISE_ZIPF)


def _joined_in_english(text: str) -> bool:
    """English function words join the question: two, or one of three letters or more ("the",
    "was", "and"). Other languages typed in ASCII hold one short one at most ("ve", "i")."""
    joining = [w for w in words(text) if w in ENGLISH_STOP_WORDS]
    return len(joining) >= 2 or any(len(w) >= 3 for w in joining)


def _mostly_as_typed(content: list[str], counts: Mapping[str, int]) -> bool:
    """Most words, numbers aside, are the corpus's or common English as typed, not typos."""
    typed = [w for w in content if not w[0].isdigit()]
    return 2 * sum(1 for w in typed if counts[w] or is_common(w)) >= len(typed)


def _is_a_word(word: str) -> bool:
    """Common in one of the languages whose word lists are at hand."""
    return word[0].isdigit() or any(zipf(word, lang) >= COMMON_ZIPF for lang in _READ)
