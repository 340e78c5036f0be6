"""Typo benchmark: SQuAD-2 dev's answerable questions with one typo (or in capitals, or with an
emoji), against the same questions typed right.

    python -m tests.typo_benchmark            # with the models, as installed (~2.5 min)
    BOT_SEMANTIC=off python -m tests.typo_benchmark
    python -m tests.typo_benchmark --capitals # every question in capitals instead
    python -m tests.typo_benchmark --emoji    # an emoji or symbol after each question instead
    python -m tests.typo_benchmark --initials # a name typed as its initials instead
    python -m tests.typo_benchmark --engine persisted  # the engine of folders over 2 MB

In each question the longest word of five letters or more that is not a stop word gets one
edit at a random inner position (seeded, so every run makes the same typos): a letter dropped,
two swapped, one doubled or one replaced, as people mistype. Questions without such a word
are left out of both runs. With ``--initials``, the first name of two capitalised words or more
after a question's first word ("the Scottish Parliament", "Duchy of Normandy") is typed as its
initials ("SP", "DN") instead, when the paragraphs never write those; the other questions are
left out. Most such initials are made up here, not ones people use, so this measures finding
the name a corpus writes out, not knowing abbreviations. Not part of CI.
"""

from __future__ import annotations

import argparse
import random
import re
import string
import tempfile
from pathlib import Path

from bot.config import load_settings
from bot.evaluate import load_squad
from bot.library import corpus_library
from bot.text import STOP_WORDS
from tests.benchmark import SQUAD

SEED = 7
DEPTH = 5
# What chat users put after a question: emoji (one with a variation selector), a symbol, an
# ellipsis character.
TRAILERS = (" 🤔", " 🙏", "😢", " 👍🏻", " ❤️", " …", " ¿", " ✓")
_NAME = r"[A-Z][a-z][\w'-]*"
_RUN = re.compile(rf"(?<!^)(?<![.?!] )\b{_NAME}(?:\s+(?:of\s+|and\s+|for\s+)?{_NAME})+")


def mistype(word: str, rng: random.Random) -> str:
    """One edit inside ``word`` (its first and last letters stay, as in most typos)."""
    at = rng.randrange(1, len(word) - 1)
    kind = rng.choice(["drop", "swap", "double", "replace"])
    if kind == "drop":
        return word[:at] + word[at + 1 :]
    if kind == "swap":
        return word[:at] + word[at + 1] + word[at] + word[at + 2 :]
    if kind == "double":
        return word[:at] + word[at] + word[at:]
    letter = rng.choice(string.ascii_lowercase.replace(word[at].lower(), ""))
    return word[:at] + letter + word[at + 1 :]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--list", action="store_true", help="print each refused question")
    noise = parser.add_mutually_exclusive_group()
    noise.add_argument("--capitals", action="store_true", help="capitals instead of typos")
    noise.add_argument("--emoji", action="store_true", help="an emoji after each question")
    noise.add_argument("--initials", action="store_true", help="a name typed as its initials")
    parser.add_argument("--engine", choices=["auto", "memory", "persisted"], default="auto")
    args = parser.parse_args()
    rng = random.Random(SEED)
    corpus, questions = load_squad(SQUAD)
    written = set(re.findall(r"\w+", " ".join(p.text for p in corpus.passages)))
    cases = []
    for question, passage in questions:
        if args.initials:
            name = _RUN.search(question)
            initials = "".join(re.findall(r"\b[A-Z]", name.group())) if name else ""
            if name and initials not in written:
                typed = question[: name.start()] + initials + question[name.end() :]
                cases.append((question, typed, (passage.article.source, passage.number)))
            continue
        words = re.findall(r"[A-Za-z]+", question)
        candidates = [w for w in words if len(w) >= 5 and w.lower() not in STOP_WORDS]
        if candidates:
            word = max(candidates, key=len)
            if args.capitals:
                typed = question.upper()
            elif args.emoji:
                typed = question + rng.choice(TRAILERS)
            else:
                typed = question.replace(word, mistype(word, rng), 1)
            cases.append((question, typed, (passage.article.source, passage.number)))
    semantic = load_settings().semantic
    with tempfile.TemporaryDirectory() as scratch:
        library = corpus_library(corpus, args.engine, Path(scratch), SQUAD.parent, semantic)
        print(f"{len(cases)} questions; engine: {args.engine}; models: {semantic}")
        print("| typed | top-1 | top-5 | refused |\n|---|---|---|---|")
        changed = (
            "in capitals"
            if args.capitals
            else "with emoji"
            if args.emoji
            else "with initials"
            if args.initials
            else "with a typo"
        )
        for name, column in (("right", 0), (changed, 1)):
            first = five = refused = 0
            for case in cases:
                hits = library.search(case[column], top=DEPTH)
                found = [(h.passage.article.source, h.passage.number) for h in hits]
                first += bool(found) and found[0] == case[2]
                five += case[2] in found
                refused += not hits
                if args.list and column and not hits:
                    print(f"  refused: {case[1]}")
            n = len(cases)
            print(f"| {name} | {first / n:.3f} | {five / n:.3f} | {refused} |", flush=True)


if __name__ == "__main__":
    main()
