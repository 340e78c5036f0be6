"""The non-English questions of the seeds sets as people type them on a keyboard without the
language's letters: Turkish and Azerbaijani folded to ASCII ("Xocalıda neçə uşaq" → "Xocalida
nece usaq"), Russian in Latin letters by a common informal transliteration ("Сколько детей" →
"Skolko detey"). Labels keep the style and mark the language "tr-ascii", "az-ascii", "ru-ascii".

    python -m tests.ascii_typed > tests/data/ascii-typed.jsonl
    python -m bot eval tests/data/ascii-typed.jsonl

Made by rule from tests/data/other-languages.jsonl, seeds-dev2.jsonl and seeds-holdout3.jsonl,
so nothing in it was chosen by hand.
"""

from __future__ import annotations

import json
from pathlib import Path

SOURCES = ("other-languages.jsonl", "seeds-dev2.jsonl", "seeds-holdout3.jsonl")
DATA = Path(__file__).parent / "data"
FOLDED = str.maketrans("ıİşŞçÇğĞöÖüÜəƏâîû", "iIsScCgGoOuUeEaiu")
LATIN = dict(
    zip(
        "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
        "a b v g d e e zh z i y k l m n o p r s t u f kh ts ch sh shch _ y _ e yu ya".split(),
        strict=True,
    )
)


def latin(text: str) -> str:
    """Russian in Latin letters, capitals kept; hard and soft signs dropped, «» typed as "."""
    letters = []
    for char in text.translate(str.maketrans("«»", '""')):
        spelled = LATIN.get(char.lower(), char).replace("_", "")
        letters.append(spelled.capitalize() if char.isupper() else spelled)
    return "".join(letters)


def main() -> None:
    seen: set[str] = set()
    for name in SOURCES:
        for line in (DATA / name).read_text(encoding="utf-8").splitlines():
            case = json.loads(line)
            lang = case.get("lang", "en")
            if lang == "en" or "after" in case:
                continue
            typed = latin(case["q"]) if lang == "ru" else case["q"].translate(FOLDED)
            if typed not in seen:
                seen.add(typed)
                case |= {"q": typed, "lang": f"{lang}-ascii"}
                print(json.dumps(case, ensure_ascii=False))


if __name__ == "__main__":
    main()
