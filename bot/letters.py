"""Letters a keyboard lacked: Russian typed in Latin letters, Turkish without ı, ş, ç, ğ, ö, ü.

People type so on phones and keyboards without the language's layout, and e5 reads such text
far worse than the language's own letters (README, Measured, "Typed without the language's
letters"). Each word gets its letters back as spell checkers restore them: the commonest word
of the language (wordfreq's list) that is typed that way. Azerbaijani has no list here; its
words that Turkish shares get Turkish letters, the rest stay as typed.
"""

from __future__ import annotations

import functools
import re

from bot.spelling import COMMON_ZIPF, zipf

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


@functools.cache
def _turkish() -> dict[str, str]:
    """Each way a Turkish word is typed without its letters -> the commonest word typed so."""
    from wordfreq import top_n_list

    folded: dict[str, str] = {}
    for word in top_n_list("tr", 100_000):  # commonest first
        folded.setdefault(word.translate(_FOLDED), word)
    return folded


def _in_cyrillic(word: str) -> str:
    """A Latin-lettered Russian word in Cyrillic as the commonest reading makes it, or ""."""
    low, letters, i = word.lower(), [], 0
    while i < len(low):
        latin, cyrillic = next((p for p in _CYRILLIC if low.startswith(p[0], i)), (low[i], low[i]))
        letters.append(cyrillic)
        i += len(latin)
    base = _VOWEL_Y.sub("й", "".join(letters))
    # Informal romanisation drops the soft sign and writes э as e: "bolshe", "eta".
    readings = {base, "э" + base[1:] if base.startswith("е") else base}
    soft = {base[: i + 1] + "ь" + base[i + 1 :] for i, c in enumerate(base) if c in _CONSONANT}
    readings |= soft
    best = max(readings, key=lambda r: (zipf(r, "ru"), r == base))
    return best if zipf(best, "ru") >= MIN_ZIPF else ""


def restored(text: str) -> str:
    """``text`` with its letters back: in Cyrillic when most of its words are common Russian
    words in Latin letters, commoner so than in Turkish ("ne", "da" are both); else with the
    Turkish letters of the words Turkish has; else as typed."""
    typed = _WORD.findall(text)
    russian = {w: _in_cyrillic(w) for w in typed}
    turkish = {w: _turkish().get(w.lower(), "") for w in typed}

    def claimed(word: str) -> bool:  # a common Russian word, commoner than any Turkish one
        frequency = zipf(russian[word], "ru") if russian[word] else 0.0
        return frequency >= COMMON_ZIPF and frequency > zipf(turkish[word] or word, "tr")

    chosen = russian if 2 * sum(map(claimed, typed)) > len(typed) else turkish
    return _WORD.sub(lambda m: _cased(chosen[m.group()], m.group()), text)


def _cased(word: str, typed: str) -> str:
    """``word`` with the capital ``typed`` had; ``typed`` itself when there is no ``word``."""
    if not word:
        return typed
    return word[0].upper() + word[1:] if typed[0].isupper() else word
