"""Phrase benchmark: looking up words as written, in quotation marks.

    python -m tests.phrase_benchmark                    # the seeds (60 phrases)
    python -m tests.phrase_benchmark --corpus tests/data/webpages --count 200
    python -m tests.phrase_benchmark --squad            # SQuAD-2 dev's 646 paragraphs (300)
    python -m tests.phrase_benchmark --lexical          # any of those by words alone

Phrases of three to six words are cut at random from the corpus's paragraphs (seeded, so every
run cuts the same ones), kept when exactly one paragraph says them, and asked three ways: bare
in quotes, 'where does it say "…"' and 'who wrote “…”?'. A phrase is found when that paragraph
is quoted first (top 1) or among the first three. Not part of CI.
"""

from __future__ import annotations

import argparse
import random
import tempfile
from pathlib import Path

from bot.corpus import Passage
from bot.evaluate import load_squad
from bot.library import corpus_library, open_library
from bot.search import Library
from bot.text import holds, words
from tests.benchmark import SQUAD

SEED = 7
FORMS = {"bare": '"{}"', "where": 'where does it say "{}"', "who": "who wrote “{}”?"}


def phrases(passages: list[Passage], count: int, rng: random.Random) -> list[tuple[str, Passage]]:
    """Up to ``count`` phrases, each with the one paragraph that says it."""
    found: list[tuple[str, Passage]] = []
    for _ in range(count * 50):
        if len(found) == count:
            break
        passage = rng.choice(passages)
        typed = passage.text.split()
        size = rng.randint(3, 6)
        if len(typed) < size + 2:
            continue
        start = rng.randrange(len(typed) - size)
        phrase = " ".join(typed[start : start + size]).strip("\"'“”‘’«»„")
        if len(words(phrase)) >= 3 and [p for p in passages if holds(p.text, phrase)] == [passage]:
            found.append((phrase, passage))
    return found


def run(library: Library, passages: list[Passage], count: int) -> None:
    cases = phrases(passages, count, random.Random(SEED))
    print(f"{len(cases)} phrases, each said by one paragraph of {len(passages)}")
    for name, form in FORMS.items():
        first = among = refused = 0
        for phrase, passage in cases:
            hits = library.search(form.format(phrase), top=3)
            refused += not hits
            ranked = [h.passage is passage for h in hits]
            first += ranked[:1] == [True]
            among += any(ranked)
        n = len(cases) or 1
        print(f"{name:>6}: top 1 {first / n:.3f}, top 3 {among / n:.3f}, refused {refused}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=Path("seeds"))
    parser.add_argument("--squad", action="store_true", help="SQuAD-2 dev's paragraphs instead")
    parser.add_argument("--count", type=int, default=0, help="phrases (default 60, SQuAD 300)")
    parser.add_argument("--lexical", action="store_true", help="without the models")
    args = parser.parse_args()
    semantic = "off" if args.lexical else "auto"
    if args.squad:
        corpus, _ = load_squad(SQUAD)
        with tempfile.TemporaryDirectory() as scratch:
            library = corpus_library(corpus, "memory", Path(scratch), SQUAD.parent, semantic)
            run(library, corpus.passages, args.count or 300)
        return
    library, _ = open_library(args.corpus, "memory", semantic=semantic)
    run(library, list(library.engine.passages), args.count or 60)


if __name__ == "__main__":
    main()
