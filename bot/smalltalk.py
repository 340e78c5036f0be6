"""Greetings, thanks and goodbyes: a message of nothing else asks the sources nothing.

In English such words are stop words or absent from any corpus, so they were never searched;
in Russian, Turkish and Azerbaijani only e5 judges a question, and a greeting sits as close to
the seeds (cosine 0.78-0.80) as a one-word question about them does ("беженцы" 0.82,
"заложники" 0.77), so "Привет" was quoted a paragraph. The phrases are the everyday ones of
each language, compared as typed or without the language's letters ("spasibo", "tesekkurler").
"""

from __future__ import annotations

import re

from anyascii import anyascii

_PHRASES = (
    # English
    "hi", "hello", "hey", "hiya", "howdy", "good morning", "good afternoon", "good evening",
    "how are you", "how are you doing", "how is it going", "what's up", "thanks", "thank you",
    "thanks a lot", "thank you very much", "many thanks", "thx", "cheers", "bye", "goodbye",
    "see you", "good night",
    # Russian
    "привет", "приветствую", "здравствуй", "здравствуйте", "добрый день", "доброе утро",
    "добрый вечер", "доброй ночи", "как дела", "как ты", "как вы", "спасибо", "большое спасибо",
    "спасибо большое", "благодарю", "пока", "до свидания", "всего доброго",
    # Turkish
    "merhaba", "selam", "selamlar", "günaydın", "iyi günler", "iyi akşamlar", "iyi geceler",
    "nasılsın", "nasılsınız", "teşekkürler", "teşekkür ederim", "çok teşekkürler", "sağ ol",
    "sağol", "sağ olun", "hoşça kal", "görüşürüz",
    # Azerbaijani
    "salam", "salamlar", "sabahınız xeyir", "günortanız xeyir", "axşamınız xeyir",
    "gecəniz xeyrə", "necəsən", "necəsiniz", "təşəkkür edirəm", "təşəkkürlər", "çox sağ ol",
    "çox sağ olun", "hələlik", "sağ qal", "xudahafiz",
)  # fmt: skip
_WORD = re.compile(r"[a-z0-9]+")
_QUOTES = '"“”«»„'  # a quoted word is looked up as written, whatever it is


def _folded(text: str) -> str:
    """Words in ASCII and lower case, one space apart: "Təşəkkür edirəm!" → "tesekkur edirem".
    Emoji and symbols go first: anyascii writes "🙏" as ":pray:"."""
    letters = "".join(c if c.isalnum() or c.isspace() else " " for c in text.replace("'", ""))
    return " ".join(_WORD.findall(anyascii(letters).casefold()))


_LONGEST_FIRST = sorted(map(_folded, _PHRASES), key=len, reverse=True)
_SAID = re.compile(r"\b(?:" + "|".join(map(re.escape, _LONGEST_FIRST)) + r")\b")


# A reply to an answer asking for its next quotes, as people type it instead of pressing
# "More quotes".
_MORE = frozenset(
    map(
        _folded,
        (
            "more", "more please", "tell me more", "show more", "show me more", "next",
            "continue", "go on", "keep going", "any more", "anything else", "what else",
            "ещё", "еще", "ещё пожалуйста", "еще пожалуйста", "дальше", "давай дальше",
            "продолжай", "а ещё", "а еще", "что ещё", "что еще", "следующие",
            "daha", "devam", "devam et", "başka", "sonraki", "daha fazla",
            "davam", "davam et", "başqa", "növbəti", "daha çox",
        ),
    )
)  # fmt: skip


def small_talk(text: str) -> bool:
    """Whether a message is only greetings, thanks or goodbyes ("привет, как дела?")."""
    if any(mark in text for mark in _QUOTES):
        return False
    folded = _folded(text)
    return bool(folded) and not _SAID.sub(" ", folded).strip()


def asks_for_more(text: str) -> bool:
    """Whether a message only asks for more ("more", "ещё?", "devam"): in reply to an answer,
    its next quotes."""
    return _folded(text) in _MORE
