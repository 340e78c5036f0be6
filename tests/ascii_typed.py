"""Questions of the seeds sets as people type them on a keyboard without the language's
letters: Turkish and Azerbaijani folded to ASCII ("Xocalıda neçə uşaq" → "Xocalida nece
usaq"), Russian in Latin letters by a common informal transliteration ("Сколько детей" →
"Skolko detey"); labels "tr-ascii", "az-ascii", "ru-ascii". With ``--layout``, typed with the
other keyboard layout active: the Russian ones on QWERTY ("Crjkmrj ltntq"), seeds-dev2's
English ones on ЙЦУКЕН ("Цруку цфы"); labels "ru-layout", "en-layout". With ``--partly``, the
Turkish and Azerbaijani ones with two or more words in their own letters typed with every
second such word folded, as a phone's autocorrect or a hurried writer leaves them
("Xocalıda nece uşaq oldurulub?"); labels "tr-partly", "az-partly".

    python -m tests.ascii_typed > tests/data/ascii-typed.jsonl
    python -m tests.ascii_typed --layout > tests/data/wrong-layout.jsonl
    python -m tests.ascii_typed --partly > tests/data/partly-typed.jsonl
    python -m bot eval tests/data/ascii-typed.jsonl

Made by rule from tests/data/other-languages.jsonl, seeds-dev2.jsonl and seeds-holdout3.jsonl,
so nothing in it was chosen by hand.
"""

from __future__ import annotations

import json
import sys
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


# Key by key, the Russian ЙЦУКЕН layout over US QWERTY (shifted keys too).
LAYOUTS = (
    'ё1234567890-=йцукенгшщзхъфывапролджэячсмитьбю.Ё!"№;%:?*()_+ЙЦУКЕНГШЩЗХЪФЫВАПРОЛДЖЭЯЧСМИТЬБЮ,',
    "`1234567890-=qwertyuiop[]asdfghjkl;'zxcvbnm,./~!@#$%^&*()_+QWERTYUIOP{}ASDFGHJKL:\"ZXCVBNM<>?",
)
ON_QWERTY = str.maketrans(*LAYOUTS)
ON_JCUKEN = str.maketrans(*reversed(LAYOUTS))


def latin(text: str) -> str:
    """Russian in Latin letters, capitals kept; hard and soft signs dropped, «» typed as "."""
    letters = []
    for char in text.translate(str.maketrans("«»", '""')):
        spelled = LATIN.get(char.lower(), char).replace("_", "")
        letters.append(spelled.capitalize() if char.isupper() else spelled)
    return "".join(letters)


def partly(text: str) -> str:
    """``text`` with every second word that holds letters beyond ASCII folded, or "" when
    fewer than two words hold any."""
    words = text.split(" ")
    own = [i for i, word in enumerate(words) if word != word.translate(FOLDED)]
    for i in own[1::2]:
        words[i] = words[i].translate(FOLDED)
    return " ".join(words) if len(own) >= 2 else ""


def typed(case: dict, how: str) -> tuple[str, str] | None:
    """A case's question as typed ``how`` ("ascii", "layout", "partly") and its language
    label; None to leave it out."""
    lang = case.get("lang", "en")
    if "after" in case:
        return None
    if how == "partly":
        text = partly(case["q"]) if lang in ("tr", "az") else ""
        return (text, f"{lang}-partly") if text else None
    if how == "layout":
        if lang == "ru":
            return case["q"].translate(ON_QWERTY), "ru-layout"
        return (case["q"].translate(ON_JCUKEN), "en-layout") if lang == "en" else None
    if lang == "en":
        return None
    text = latin(case["q"]) if lang == "ru" else case["q"].translate(FOLDED)
    return text, f"{lang}-ascii"


def main() -> None:
    how = next((a[2:] for a in sys.argv[1:] if a in ("--layout", "--partly")), "ascii")
    seen: set[str] = set()
    for name in SOURCES:
        for line in (DATA / name).read_text(encoding="utf-8").splitlines():
            case = json.loads(line)
            if how == "layout" and case.get("lang", "en") == "en" and name != "seeds-dev2.jsonl":
                continue  # the English ones of one set are enough
            made = typed(case, how)
            if made and made[0] not in seen:
                seen.add(made[0])
                case |= {"q": made[0], "lang": made[1]}
                print(json.dumps(case, ensure_ascii=False))


if __name__ == "__main__":
    main()
