"""Model benchmark: what the models cost a folder, against the lexical path in the same run.

    python -m tests.model_benchmark --paragraphs 1000 4000

The corpus is real text: paragraphs of three consecutive SQuAD sentences (tests/data), in
files of 1,000 paragraphs. For each size it times `python -m bot index` into an empty index
folder, then a cold `python -m bot ask` (median of three) and takes each command's own peak
RSS, with the models (`BOT_SEMANTIC=auto`) and without (`off`). Not part of CI.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bot.text import split_sentences
from tests.benchmark import PER_FILE, ROOT, squad_texts

SENTENCES = 3
ASKS = 3


def make_corpus(folder: Path, paragraphs: int) -> None:
    """Write ``paragraphs`` paragraphs of SENTENCES SQuAD sentences each. Past the 3,600
    sentences, each round marks its copies ("Copy 2: …"): the vector cache embeds a repeated
    text once, which would make a large folder look cheap."""
    contexts, _ = squad_texts()
    sentences = list(dict.fromkeys(s for c in contexts for s in split_sentences(c)))
    folder.mkdir(parents=True, exist_ok=True)
    for start in range(0, paragraphs, PER_FILE):
        body = []
        for n in range(start, min(start + PER_FILE, paragraphs)):
            at = n * SENTENCES
            copy, first = divmod(at, len(sentences) - SENTENCES)
            chosen = sentences[first : first + SENTENCES]
            if copy:
                chosen = [f"Copy {copy + 1}: {s}" for s in chosen]
            body.append(" ".join(chosen))
        (folder / f"part-{start // PER_FILE:05d}.txt").write_text(
            "\n\n".join(body) + "\n", encoding="utf-8"
        )


def run(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Seconds and peak RSS (MB) of one command, its own: ``wait4`` reports this child only."""
    with tempfile.TemporaryFile() as errors:  # a pipe could fill with the progress bar
        start = time.perf_counter()
        child = subprocess.Popen(
            [sys.executable, "-m", "bot", *command],
            env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=errors,
        )  # fmt: skip
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - start
        if status:
            errors.seek(0)
            raise SystemExit(f"{' '.join(command)} failed: {errors.read().decode()[-2000:]}")
    return seconds, usage.ru_maxrss / 1024


def measure(paragraphs: int, question: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        make_corpus(corpus, paragraphs)
        for semantic in ("off", "auto"):
            work = Path(tmp) / f"index-{semantic}"
            env = {**os.environ, "BOT_INDEX_DIR": str(work), "BOT_SEMANTIC": semantic}
            # Without models, the in-memory engine (folders up to 2 MB) has nothing to keep.
            built = "– | –"
            if semantic == "auto":
                seconds, megabytes = run(["index", "--corpus", str(corpus)], env)
                built = f"{seconds:.1f} | {megabytes:.0f}"
            asks = [run(["ask", "--corpus", str(corpus), question], env) for _ in range(ASKS)]
            cold = statistics.median(s for s, _ in asks)
            ask_mb = max(mb for _, mb in asks)
            print(
                f"| {paragraphs:,} | {semantic} | {built} | {cold:.2f} | {ask_mb:.0f} |",
                flush=True,
            )
            shutil.rmtree(work, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--paragraphs", type=int, nargs="+", default=[1_000])
    args = parser.parse_args()
    _, questions = squad_texts()
    print("| paragraphs | models | index s | index peak MB | cold ask s | ask peak MB |")
    print("|---|---|---|---|---|---|")
    for paragraphs in args.paragraphs:
        measure(paragraphs, questions[1])


if __name__ == "__main__":
    main()
