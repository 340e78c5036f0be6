"""The command line: ask, sources, add, remove, passages, eval, index, serve (no telegram
import)."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Iterator, Sequence
from dataclasses import asdict
from pathlib import Path
from typing import TextIO

from bot.config import ConfigError, load_settings
from bot.corpus import (
    KINDS_READ,
    CorpusError,
    inspect_folder,
    iter_article_files,
    load_corpus,
    write_atomic,
)
from bot.evaluate import EvalError, Report, Tally, evaluate_questions, evaluate_squad, is_squad
from bot.library import EMBED_NOW, ENGINES, choose_engine, index_path, open_library
from bot.markup import is_web_address
from bot.render import (
    answer_record,
    article_record,
    candidate_records,
    count_paragraphs,
    format_added,
    format_batch,
    format_batch_added,
    format_candidates,
    format_sources,
    format_text,
)
from bot.search import Library, follow_up

EXIT_OK, EXIT_NO_MATCH, EXIT_USAGE = 0, 1, 2
MAX_TOP = 50
WARNED_FILE = "warned.txt"  # the corpus warnings `ask` gave last, so it does not repeat them


def _top(value: str) -> int:
    # Raised here, not as int()'s ValueError: argparse would say "invalid _top value".
    if not value.strip().isdigit() or not 1 <= int(value) <= MAX_TOP:
        raise argparse.ArgumentTypeError(f"must be a whole number from 1 to {MAX_TOP}")
    return int(value)


def build_parser() -> argparse.ArgumentParser:
    """Every command and option; README's CLI reference lists the same."""
    parser = argparse.ArgumentParser(
        prog="python -m bot",
        description="Answer questions with verbatim, cited quotes from a folder of articles.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    corpus = argparse.ArgumentParser(add_help=False)
    corpus.add_argument(
        "--corpus", type=Path, help=f"folder of articles: {KINDS_READ} files (BOT_CORPUS)"
    )
    corpus.add_argument(
        "--engine", choices=ENGINES, help="search engine (BOT_ENGINE; default auto: by size)"
    )

    ask = commands.add_parser("ask", parents=[corpus], help="quote the passages that answer")
    ask.add_argument("question", nargs="*", help="the question, or - to read one per line")
    ask.add_argument("--top", type=_top, default=3, help="most quotes to show (default 3)")
    ask.add_argument("--json", action="store_true", help="one JSON object per question")
    ask.add_argument(
        "--after",
        action="append",
        default=[],
        metavar="EARLIER",
        help="read the question as a follow-up of EARLIER: its answer's article first "
        "(repeat for a thread of follow-ups, oldest first)",
    )

    sources = commands.add_parser("sources", parents=[corpus], help="list the articles")
    sources.add_argument("--json", action="store_true", help="JSON instead of text")

    evaluate = commands.add_parser("eval", parents=[corpus], help="measure retrieval quality")
    evaluate.add_argument("file", type=Path, help="question set (.jsonl) or SQuAD JSON file")
    evaluate.add_argument("--json", action="store_true", help="JSON instead of text")
    evaluate.add_argument(
        "--questions", action="store_true", help="also list each question with its rank"
    )
    evaluate.add_argument(
        "--per-article",
        action="store_true",
        help="SQuAD: search each question in its own article only (a small corpus)",
    )

    add = commands.add_parser(
        "add", parents=[corpus], help="add web pages, PDFs or Word documents as articles"
    )
    add.add_argument(
        "source",
        nargs="+",
        help="an http(s) address, or a saved page (.html/.mhtml/.webarchive), PDF, document "
        "(.docx/.doc/.odt/.rtf/.epub) or e-mail (.eml/.msg)",
    )
    add.add_argument("--url", help="the address a saved file was published at (for citations)")
    add.set_defaults(json=False)

    remove = commands.add_parser(
        "remove", parents=[corpus], help="take out articles that add wrote"
    )
    remove.add_argument(
        "name",
        nargs="+",
        help=(
            "a file add wrote (x.md, or x), one article's title as sources lists it, or the "
            "address an article is at"
        ),
    )
    remove.set_defaults(json=False)

    passages = commands.add_parser(
        "passages", parents=[corpus], help="show which paragraphs are quotable, and why not"
    )
    passages.add_argument("file", nargs="?", type=Path, help="one article file (default: all)")
    passages.add_argument("--json", action="store_true", help="one JSON object per paragraph")

    index = commands.add_parser("index", parents=[corpus], help="build or refresh the index")
    index.set_defaults(json=False)

    serve = commands.add_parser("serve", parents=[corpus], help="run the Telegram bot")
    serve.set_defaults(json=False)
    return parser


def _open(args: argparse.Namespace, progress: bool = False, embed_now: int = EMBED_NOW) -> Library:
    settings = load_settings()
    folder = args.corpus or settings.corpus
    library, notes = open_library(
        folder,
        args.engine or settings.engine,
        settings.index_dir,
        progress=progress,
        # A list of the articles needs no model: loading one would cost ~0.25 s and 250 MB.
        semantic="off" if args.command == "sources" else settings.semantic,
        embed_now=embed_now,
    )
    news = [n for n in notes if n.startswith("index ")]
    warnings = [n for n in notes if not n.startswith("index ")]
    if args.command == "ask":  # a quick lookup repeats no warning it gave before
        warnings = unseen_notes(warnings, index_path(folder, settings.index_dir) / WARNED_FILE)
    for note in news:
        print(note, file=sys.stderr)
    for note in warnings:
        print(f"warning: {note}", file=sys.stderr)
    return library


def unseen_notes(notes: list[str], record: Path) -> list[str]:
    """The notes not given last time, remembering these; all of them if nothing can be kept."""
    try:
        seen = set(record.read_text(encoding="utf-8").splitlines())
    except (OSError, UnicodeDecodeError):
        seen = set()
    if set(notes) != seen:
        write_atomic(record, "\n".join(notes))
    return [note for note in notes if note not in seen]


def run_index(args: argparse.Namespace) -> int:
    """Build what a folder's search needs: the persisted index, and the vectors where the
    models read the folder (`bot.library.SEMANTIC_PARAGRAPHS`)."""
    settings = load_settings()
    folder = args.corpus or settings.corpus
    args.engine = choose_engine(folder, args.engine or settings.engine, settings.index_dir)
    if args.engine == "memory" and settings.semantic == "off":
        print(
            "error: the memory engine keeps no index and BOT_SEMANTIC=off needs no vectors; "
            "use --engine persisted",
            file=sys.stderr,
        )
        return EXIT_USAGE
    library = _open(args, progress=sys.stderr.isatty(), embed_now=sys.maxsize)
    done = f"{len(library.articles)} articles, {library.engine.size} paragraphs indexed"
    if library.semantic is not None:
        done += "; vectors for the semantic rerank up to date"
    print(done)
    return EXIT_OK


def run_add(args: argparse.Namespace) -> int:
    """Add each source to the corpus folder (each e-mail of a mailbox); stop at the first that
    fails."""
    # httpx and trafilatura: only for this command
    from bot.store import (
        Added,
        AddError,
        Batch,
        large_mailbox,
        read_source,
        store,
        store_mailbox,
    )
    from bot.tgexport import is_export_file

    several = len(args.source) > 1
    if args.url and several and not all(is_export_file(Path(s)) for s in args.source):
        print(
            "error: --url names the address of one saved file, or the channel of a chat's "
            "exported pages",
            file=sys.stderr,
        )
        return EXIT_USAGE
    folder = args.corpus or load_settings().corpus
    for source in args.source:
        stored: Added | Batch
        kind = "mbox"  # unless read whole below: a large mailbox is read a message at a time
        try:
            if (box := large_mailbox(source)) is not None:  # read a message at a time
                stored = store_mailbox(_lines_shown(box), folder, source)
            else:
                data, kind, fetched = read_source(source)
                shown = sys.stderr.isatty()  # a feed's entries, counted as they are stored
                stored = store(data, kind, folder, args.url or "", source, fetched, progress=shown)
        except AddError as error:
            print(f"error: {error}", file=sys.stderr)
            return EXIT_USAGE
        if isinstance(stored, Batch):
            if stored.added:  # none, of a feed added again with nothing new
                print(format_batch_added(stored, folder))
            print(format_batch(stored, source))
        else:
            print(format_added(stored))
        # The folder skips a mailbox and a chat's export: no words are read twice.
        if kind not in ("mbox", "telegram") and _read_by(folder, source):
            print(
                f"note: {source} is in the corpus folder, which reads it as well: "
                "remove it, or its words are there twice",
                file=sys.stderr,
            )
    return EXIT_OK


def run_remove(args: argparse.Namespace) -> int:
    """Delete articles ``add`` wrote, by file, title or address; the folder's own files stay,
    and so does its last article. Exits 1 when nothing was removed."""
    from bot.store import AddError, at_addresses, remove_added, titled_as

    folder = args.corpus or load_settings().corpus
    articles = load_corpus(folder).articles
    titled = titled_as(" ".join(args.name), articles)
    if len(titled) > 1:
        print(f"error: {len(titled)} articles have that title; name one of their files: "
              f"{', '.join(titled)}", file=sys.stderr)  # fmt: skip
        return EXIT_USAGE
    try:
        removed = remove_added(
            folder, titled or at_addresses(" ".join(args.name), articles) or args.name
        )
    except AddError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_USAGE
    for article in removed.removed:
        print(f"removed: {article.title}\n  {folder / article.source}")
    for reason, names in removed.left.items():
        print(f"left: {', '.join(names)} ({reason})")
    return EXIT_OK if removed.removed else EXIT_NO_MATCH


def _read_by(folder: Path, source: str) -> bool:
    """Whether a source ``add`` read is a file the corpus folder reads itself (a page of
    posts dropped into it, then added post by post, as the folder's warning says to)."""
    path = Path(source).resolve()
    if is_web_address(source) or not path.is_relative_to(folder.resolve()):
        return False
    return any(found.resolve() == path for found in iter_article_files(folder))


def _lines_shown(path: Path) -> Iterator[bytes]:
    """A file's lines, how much of it is read shown on a terminal."""
    from tqdm import tqdm

    size = path.stat().st_size
    with path.open("rb") as file, tqdm(
        total=size, unit="B", unit_scale=True, desc="reading", leave=False,
        disable=not sys.stderr.isatty(),
    ) as bar:  # fmt: skip
        for line in file:
            bar.update(len(line))
            yield line


def run_passages(args: argparse.Namespace) -> int:
    """List every candidate paragraph, kept or dropped with the rule that dropped it."""
    settings = load_settings()
    folder = args.corpus or settings.corpus
    only = None
    if args.file is not None:
        only = args.file if args.file.is_file() else folder / args.file
        if not only.is_file() or not only.resolve().is_relative_to(folder.resolve()):
            print(f"error: no article file {args.file} in {folder}", file=sys.stderr)
            return EXIT_USAGE
        only = folder / only.resolve().relative_to(folder.resolve())
    for article, candidates, warning in inspect_folder(folder, settings.index_dir, only):
        if warning:
            print(f"warning: {warning}", file=sys.stderr)
        if article is None:
            continue
        records = candidate_records(article, candidates)
        if args.json:
            print("\n".join(json.dumps(r, ensure_ascii=False) for r in records), flush=True)
        else:
            print(f"{article.source} — {article.title} ({count_paragraphs(article)})")
            print(format_candidates(records))
    return EXIT_OK


def run_ask(args: argparse.Namespace, library: Library, stdin: TextIO) -> int:
    """Answer one question, or each line of stdin in batch mode."""
    if args.question == ["-"]:
        answered = True
        for line in stdin:
            question = line.rstrip("\n")
            answer = library.answer(question, args.top, *follow_up(args.after))
            answered &= bool(answer.hits)
            print(json.dumps(answer_record(answer), ensure_ascii=False), flush=True)
        return EXIT_OK if answered else EXIT_NO_MATCH
    question = " ".join(args.question)
    answer = library.answer(question, args.top, *follow_up(args.after))
    if args.json:
        print(json.dumps(answer_record(answer), ensure_ascii=False, indent=2))
    else:
        bold = sys.stdout.isatty() and "NO_COLOR" not in os.environ
        print(format_text(answer, bold=bold))
    return EXIT_OK if answer.hits else EXIT_NO_MATCH


def run_sources(args: argparse.Namespace, library: Library) -> int:
    """List the articles with their metadata and paragraph counts."""
    articles = list(library.articles)
    if args.json:
        print(json.dumps([article_record(a) for a in articles], ensure_ascii=False, indent=2))
    else:
        print(format_sources(articles))
    return EXIT_OK


def format_report(report: Report) -> str:
    """Figures of one evaluation, one per line."""
    lines = [f"questions: {report.questions}", f"hit@1: {report.hit_at_1:.3f}"]
    if report.hit_at_3 is not None:
        lines.append(f"hit@3: {report.hit_at_3:.3f}")
    if report.hit_at_5 is not None:
        lines.append(f"hit@5: {report.hit_at_5:.3f}")
    lines.append(f"MRR: {report.mrr:.3f}")
    if report.abstained_offtopic is not None:
        done, total = report.abstained_offtopic
        lines.append(f"off-topic abstained: {done}/{total}")
    lines.append(f"false abstentions: {report.false_abstentions}")
    if report.latency_ms is not None:
        median, p95 = report.latency_ms
        lines.append(f"time per question: median {median:.1f} ms, p95 {p95:.1f} ms")
    if report.groups:
        lines.append(f"{'by label':<18} asked  hit@1  hit@3  refused")
        lines += [format_tally(label, tally) for label, tally in report.groups.items()]
    return "\n".join(lines)


def format_tally(label: str, tally: Tally) -> str:
    """One row of the per-style, per-language table."""
    asked = tally.answerable + tally.unanswerable
    row = f"  {label:<16} {asked:>5}"
    if tally.answerable:
        row += f"  {tally.at_1 / tally.answerable:.2f}   {tally.at_3 / tally.answerable:.2f}"
        row += f"   {tally.false_refusals}/{tally.answerable} wrongly"
    else:
        row += " " * 14
    if tally.unanswerable:
        row += f"   {tally.refused}/{tally.unanswerable} rightly"
    return row


def format_ranks(report: Report) -> str:
    """Each question with the rank of its first right quote: for comparing two methods."""
    return "\n".join(
        f"{rank or ('-' if answered else 'refused')}\t{question}"
        for question, rank, answered in report.ranks
    )


def run_eval(args: argparse.Namespace) -> int:
    """Print retrieval figures for a question set or a SQuAD file."""
    if not args.file.is_file():
        print(f"error: no such file: {args.file}", file=sys.stderr)
        return EXIT_USAGE
    try:
        if is_squad(args.file):
            settings = load_settings()
            engine = args.engine or settings.engine
            report = evaluate_squad(args.file, engine, settings.semantic, args.per_article)
        else:
            report = evaluate_questions(_open(args), args.file)
    except (EvalError, UnicodeDecodeError) as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_USAGE
    if args.json:
        print(json.dumps(asdict(report), ensure_ascii=False))
    else:
        print(format_report(report))
        if args.questions:
            print(format_ranks(report))
    return EXIT_OK


def main(argv: Sequence[str] | None = None, stdin: TextIO | None = None) -> int:
    """Run one command; returns the exit status."""
    args = build_parser().parse_args(argv)
    try:
        if args.command == "eval":
            return run_eval(args)
        if args.command == "serve":
            from bot.tg.serve import run_bot  # imports telegram: only this command pays for it

            return int(run_bot(args.corpus, args.engine))
        if args.command == "index":
            return run_index(args)
        if args.command == "add":
            return run_add(args)
        if args.command == "passages":
            return run_passages(args)
        if args.command == "remove":
            return run_remove(args)
        if args.command == "ask" and not "".join(args.question).strip() and not args.json:
            print("error: ask needs a question, or - to read them from stdin", file=sys.stderr)
            return EXIT_USAGE
        library = _open(args)
        if args.command == "ask":
            return run_ask(args, library, stdin or sys.stdin)
        return run_sources(args, library)
    except (CorpusError, ConfigError) as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # output piped into head and the like: not an error
        sys.stderr.close()
        return EXIT_OK
