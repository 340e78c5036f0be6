"""Names benchmark: a name asked alone, by someone looking up where the articles mention it.

    python -m tests.names_benchmark [--corpus DIR]

A name the articles write (a capitalised word inside a sentence, rarer in English than Zipf 4)
must be answered, and its first quote must hold it; a name they never write, taken the same way
from SQuAD-2 dev's paragraphs (seeded sample of 200), must be refused. Not part of CI.
"""

from __future__ import annotations

import argparse
import random
import re
from pathlib import Path

from bot.evaluate import load_squad
from bot.library import open_library
from bot.spelling import zipf
from tests.benchmark import SQUAD

SEED = 5
_INSIDE = re.compile(r"(?<=[a-z,;] )[A-Z][a-z]{3,}\b")  # capitalised inside a sentence


def names(texts: list[str]) -> set[str]:
    """The names of ``texts``: capitalised inside a sentence and rarer than Zipf 4."""
    return {w for t in texts for w in _INSIDE.findall(t) if zipf(w) < 4}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", default="seeds")
    args = parser.parse_args()
    library, _ = open_library(Path(args.corpus), "memory")
    texts = [p.text for p in library.engine.passages]
    written = " ".join(texts).lower()
    present = sorted(names(texts))
    corpus, _ = load_squad(SQUAD)
    others = sorted(
        n for n in names([p.text for p in corpus.passages]) if n.lower() not in written
    )
    absent = random.Random(SEED).sample(others, min(200, len(others)))
    found = sum(
        bool(hits) and name.lower() in hits[0].passage.text.lower()
        for name in present
        for hits in [library.search(name, top=1)]
    )
    refused = [name for name in absent if not library.search(name, top=1)]
    print(f"{len(present)} names the articles write: {found} answered with a quote holding it")
    print(f"{len(absent)} names they never write: {len(refused)} refused")
    missed = [n for n in absent if n not in refused]
    print("answered: " + ", ".join(missed[:20]))


if __name__ == "__main__":
    main()
