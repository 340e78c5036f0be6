"""Keyboards: letters a keyboard lacked, the other layout, and keyboard noise.

People type Russian in Latin letters and Turkish without ı, ş, ç, ğ, ö, ü (all or some) on
phones and keyboards without the language's layout, or type with the other layout active
("Crjkmrj" for "Сколько"); e5 reads such text far worse than the language's own letters, or
not at all (README, Measured, "Typed without the language's letters"). Each word gets its
letters back as spell checkers restore them: the commonest word of the language (wordfreq's
list) typed that way. Azerbaijani has no list here: the words Turkish lacks get the letters
that e5's own word pieces find likeliest (bot/pieces.py).
"""

from __future__ import annotations

import functools
import itertools
import math
import re
from collections.abc import Callable, Collection

from bot import pieces
from bot.spelling import COMMON_ZIPF, commonest_words, has_word_lists, zipf
from bot.text import BEYOND_ASCII

# A word of the language: wordfreq's lists go down to Zipf 1, rarer forms are noise there.
MIN_ZIPF = 1.0
_WORD = re.compile(r"[A-Za-z]+")
_FOLDED = str.maketrans("ıİşŞçÇğĞöÖüÜâÂîÎûÛ", "iIsScCgGoOuUaAiIuU")
# Common informal romanisations of Russian, longest first; "y" is ы, and й after a vowel.
_CYRILLIC = [
    *(("shch", "щ"), ("sch", "щ"), ("kh", "х"), ("zh", "ж"), ("ch", "ч"), ("sh", "ш")),
    *(("ts", "ц"), ("yu", "ю"), ("ju", "ю"), ("ya", "я"), ("ja", "я"), ("yo", "ё"), ("jo", "ё")),
    *zip("abvwgdezijkqlmnoprstufhcy'", "абввгдезийкклмнопрстуфхцыь", strict=True),
    ("x", "кс"),
]
_VOWEL_Y = re.compile(r"(?<=[аеёиоуыэюя])ы")
_CONSONANT = "бвгджзклмнпрстфхцчшщ"
# The same keys on the two layouts Russian writers switch between, QWERTY and ЙЦУКЕН, shifted
# too: a question typed with the other one active ("Crjkmrj ltntq", "цру цфы").
_QWERTY = "`qwertyuiop[]asdfghjkl;'zxcvbnm,./~QWERTYUIOP{}ASDFGHJKL:\"ZXCVBNM<>?@#$^&"
_JCUKEN = 'ёйцукенгшщзхъфывапролджэячсмитьбю.ЁЙЦУКЕНГШЩЗХЪФЫВАПРОЛДЖЭЯЧСМИТЬБЮ,"№;:?'
_ON_JCUKEN = str.maketrans(_QWERTY, _JCUKEN)
_ON_QWERTY = str.maketrans(_JCUKEN, _QWERTY)
_CYRILLIC_WORD = re.compile(r"[а-яё]+", re.IGNORECASE)
# A word or number as typed, with hyphens ("well-known", "25-26") and an English ending after
# an apostrophe ("don't", "it's"; э is that key, and "мэр" is no "v'h"); the punctuation
# around one.
_SPELLED = re.compile(r"[A-Za-z\d]+(?:-[A-Za-z\d]+)*(?:'(?:s|t|re|ve|ll|d|m))?", re.IGNORECASE)
_PUNCTUATION = "\"'`~!?.,;:()[]{}<>&@#$%^*_+=|/\\-"
_CAPITALS = re.compile(r"\b[A-Z]{2,}\b")
_ASCII_WORD = re.compile(r"(?<![^\W\d_])[A-Za-z]+(?![^\W\d_])")  # no letter beyond either end
# A letter of neither Turkish nor Azerbaijani, nor ASCII ("à", "ß", "ñ"): a question holding
# one is in another language, not Turkish with some letters left out.
_OTHER_LETTER = re.compile(r"(?![\x00-\x7fçğıöşüəâîûÇĞİÖŞÜƏÂÎÛ])[^\W\d_]")
# Each letter and the Turkish or Azerbaijani letters typed as it without their keys.
_TURKIC = {"c": "cç", "e": "eə", "g": "gğ", "i": "iı", "o": "oö", "s": "sş", "u": "uü"}
MAX_READINGS = 1024  # a word of up to ten such letters: a few milliseconds to read
# Vowel harmony: a Turkish or Azerbaijani word's vowels are mostly all front or all back
# ("öldürülüb", not "öldürülub"). Each change of kind costs a reading this much log likelihood:
# on 3,000 Turkish words of wordfreq's list (ranks 2,000-30,000) typed without their letters,
# the word pieces alone read 53 % back right, 75-76 % at 6-12, 74 % with harmony first.
_FRONT, _BACK = frozenset("eəiöü"), frozenset("aıou")
HARMONY_PENALTY = 8.0
# Keyboard noise: keys side by side on a row, a key held down, a few keys over and over.
_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
_NEIGHBOURS = {a + b for row in _ROWS for a, b in itertools.pairwise(row)}
_NEIGHBOURS |= {pair[::-1] for pair in _NEIGHBOURS} | {c + c for c in "".join(_ROWS)}
_REPEATED = re.compile(r"^(.{1,3})\1+$")


@functools.cache
def _turkish() -> dict[str, str]:
    """Each way a Turkish word is typed without its letters -> the commonest word typed so."""
    folded: dict[str, str] = {}
    for word in commonest_words("tr", 100_000):  # commonest first
        folded.setdefault(word.translate(_FOLDED), word)
    return folded


@functools.lru_cache(maxsize=4096)
def _in_turkic_letters(word: str, azerbaijani: bool = False, partly: bool = False) -> str:
    """Lower-case ``word`` with the letters Turkish or Azerbaijani meant, or "": the commonest
    Turkish word typed so (not in a question known to be Azerbaijani, by its ə: "dinc" is
    Azerbaijani for Turkish "dinç"), else the reading that e5's word pieces find likeliest
    ("usaq": "uşaq") and vowel harmony allows. In a question typed ``partly`` in its
    letters, whose writer had the keys, a word changes only if the pieces alone would."""
    listed = "" if azerbaijani else _turkish().get(word, "")
    if listed or not pieces.available():
        return listed
    likeliest = likeliest_reading(word, keep=partly)
    return likeliest if likeliest != word else ""


def likeliest_reading(word: str, penalty: float = HARMONY_PENALTY, keep: bool = False) -> str:
    """Of the readings of lower-case ``word`` with Turkish or Azerbaijani letters (at most
    MAX_READINGS), the one e5's word pieces find likeliest less ``penalty`` a harmony break.
    With ``keep``, ``word`` itself unless the pieces alone find some reading likelier:
    harmony then chooses among changes but makes none ("girov", "olaydaki" break it and are
    right)."""
    choices = [_TURKIC.get(letter, letter) for letter in word]
    if math.prod(map(len, choices)) > MAX_READINGS:
        return word
    readings = list(map("".join, itertools.product(*choices)))
    if keep:
        readings = [r for r in readings if pieces.likelihood(r) > pieces.likelihood(word)]
    if not readings:
        return word
    return max(readings, key=lambda r: pieces.likelihood(r) - penalty * harmony_breaks(r))


def harmony_breaks(word: str) -> int:
    """How many of ``word``'s vowels are of the other kind, front or back, than the one before."""
    front = [letter in _FRONT for letter in word if letter in _FRONT or letter in _BACK]
    return sum(a != b for a, b in itertools.pairwise(front))


def _in_cyrillic(word: str) -> str:
    """A Latin-lettered Russian word in Cyrillic as the commonest reading makes it, or ""."""
    low, letters, i = word.lower(), [], 0
    while i < len(low):
        latin, cyrillic = next((p for p in _CYRILLIC if low.startswith(p[0], i)), (low[i], low[i]))
        letters.append(cyrillic)
        i += len(latin)
    base = _VOWEL_Y.sub("й", "".join(letters))
    # Informal romanisation drops the soft sign and writes э as e: "bolshe", "eta".
    soft = (base[: i + 1] + "ь" + base[i + 1 :] for i, c in enumerate(base) if c in _CONSONANT)
    # ... and writes a final й as y: "366-y" is "366-й", not "366-ы".
    final = base[:-1] + "й" if base.endswith("ы") else base
    readings = {base, "э" + base[1:] if base.startswith("е") else base, final, *soft}
    best = max(readings, key=lambda r: (zipf(r, "ru"), r == base))
    return best if zipf(best, "ru") >= MIN_ZIPF else ""


def mashed(word: str) -> bool:
    """Typed by running a finger along the keyboard, holding a key, or tapping two or three
    keys over and over, on either layout ("asdfgh", "jjjj", "dkdkdk", "ываыва"): not a word of
    a language without a word list here (Azerbaijani, or Russian in Latin letters: "usaq",
    "skolko")."""
    keys = word.translate(_ON_QWERTY).lower()
    pairs = [a + b for a, b in itertools.pairwise(keys)]
    along = sum(p in _NEIGHBOURS for p in pairs)
    return 2 * along >= len(pairs) or bool(_REPEATED.match(keys))


def restored(text: str, known: Callable[[str], bool] = lambda word: False) -> str:
    """``text`` with its letters back: typed with the other keyboard layout active, when at
    least half of its words are then common Russian words (or, typed in Cyrillic, English ones
    or ``known``: the corpus's), more than as typed; in Cyrillic when most of its words are
    common Russian words in Latin letters, commoner so than in Turkish ("ne", "da" are both);
    else with Turkish or Azerbaijani letters (``_in_turkic_letters``), also for the words of a
    question typed partly in them; as typed without word lists (every word would then count
    as common)."""
    if not has_word_lists():
        return text
    if _CYRILLIC_WORD.search(text):
        english = text.translate(_ON_QWERTY)
        return english if _mostly(_typed_words(english), "en", text, "ru", known) else text
    kept = abbreviations(text)
    if _OTHER_LETTER.search(text):  # Italian, German…: "Dove nevicherà?" is no "Döve"
        return text
    if BEYOND_ASCII.search(text):  # typed in its letters, some words perhaps without them
        azerbaijani = "ə" in text.lower()
        return _ASCII_WORD.sub(
            lambda m: _cased(
                _in_turkic_letters(m.group().lower(), azerbaijani, True), m.group(), kept
            ),
            text,
        )
    if all(map(mashed, _WORD.findall(text))):
        return text  # keyboard noise ("asdf jkl" is "фыва олд")
    russian_keys = text.translate(_ON_JCUKEN)
    if _mostly(_CYRILLIC_WORD.findall(russian_keys), "ru", text, "en"):
        return russian_keys
    typed = _WORD.findall(text)
    russian = {w: _in_cyrillic(w) for w in typed}
    turkish = {w: _in_turkic_letters(w.lower()) for w in typed}

    def claimed(word: str) -> bool:  # a common Russian word, commoner than any Turkish one
        frequency = zipf(russian[word], "ru") if russian[word] else 0.0
        return frequency >= COMMON_ZIPF and frequency > zipf(turkish[word] or word, "tr")

    chosen = russian if 2 * sum(map(claimed, typed)) > len(typed) else turkish
    return _WORD.sub(lambda m: _cased(chosen[m.group()], m.group(), kept), text)


def _typed_words(text: str) -> list[str]:
    """The words of a text as read on QWERTY, each space-separated piece trimmed of the
    punctuation at its ends; "" for a piece with other punctuation inside. Х, ъ, ж, э, б, ю
    and ё are punctuation keys on QWERTY, so a Russian word holding one ("Ходжалы" is
    "{jl;fks") is no English word typed with ЙЦУКЕН active, though its fragments may be
    ("jl", common in English)."""
    found: list[str] = []
    for piece in text.split():
        trimmed = piece.strip(_PUNCTUATION)
        if _SPELLED.fullmatch(trimmed):
            found += _WORD.findall(trimmed)
        elif trimmed:
            found.append("")
    return found


def _mostly(
    words: list[str],
    language: str,
    typed: str,
    typed_in: str,
    known: Callable[[str], bool] = lambda word: False,
) -> bool:
    """Whether at least half of ``words`` are common in ``language`` (or ``known``), and more
    of them than of the words as ``typed`` are in ``typed_in``."""
    common = sum(1 for w in words if w and (zipf(w, language) >= COMMON_ZIPF or known(w.lower())))
    if not common or 2 * common < len(words):
        return False
    pattern = _CYRILLIC_WORD if typed_in == "ru" else _WORD
    as_typed = sum(1 for w in pattern.findall(typed) if zipf(w, typed_in) >= COMMON_ZIPF)
    return common > as_typed


def _cased(word: str, typed: str, kept: Collection[str]) -> str:
    """``word`` with the capital ``typed`` had; ``typed`` itself when there is no ``word``, or
    when it is one of the text's ``abbreviations`` (``kept``), which the word lists and pieces
    would read as words ("Içj", "Ağıt")."""
    if not word or typed in kept:
        return typed
    return word[0].upper() + word[1:] if typed[0].isupper() else word


def abbreviations(text: str) -> set[str]:
    """The words of ``text`` typed in capitals beside lower case, or alone ("ICJ", "SSCB",
    "AGIT"): abbreviations, of no language and meant as typed. A question wholly in capitals
    marks none."""
    if any(c.islower() for c in text) or len(_WORD.findall(text)) == 1:
        return set(_CAPITALS.findall(text))
    return set()
