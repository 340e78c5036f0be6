"""Answers for the terminal and for machines: quotes, highlights, citations, fixed texts."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from bot.corpus import Article, Candidate, Passage, citation_fields
from bot.markup import quote_link, reader_text
from bot.search import Answer, Hit, Miss
from bot.text import find_spans, read_as

if TYPE_CHECKING:
    from bot.store import Added, Batch  # fetching imports httpx: not on the path of `ask`

# The fixed texts for an answer without quotes; each interface adds its own hint.
MISSES = {
    Miss.EMPTY: "The question is empty.",
    Miss.NO_WORDS: "The question has no searchable words; ask with the words you would look for.",
    Miss.NO_MATCH: "No passage in the sources matches this question.",
    Miss.SMALL_TALK: "Ask a question about the sources, with the words you would look for.",
}
HINT = "Try other words, or list the sources with: python -m bot sources"


class Notes(NamedTuple):
    """The wording of the lines said above the quotes when a word of the question was read as
    the passages spell it, and when a phrase the question quotes is in no passage as written
    (the quotes are the closest); Telegram says them in its reader's language."""

    read: str = "Read {pairs}."
    pair: str = "“{typed}” as “{spelled}”"
    unsaid: str = "No passage says {phrases} word for word."
    either: str = " or "
    quoted: str = "“{}”"


NOTES = Notes()


def format_notes(
    read_as: Mapping[str, str],
    unsaid: Sequence[str] = (),
    quote: Callable[[str], str] = str,
    notes: Notes = NOTES,
) -> str:
    """'Read “rivr” as “river”.' for the words read otherwise than typed, and the line on the
    quoted phrases no passage says (``Answer.unsaid``); '' if neither. ``quote`` escapes each
    word for the interface (HTML for Telegram)."""
    pairs = [notes.pair.format(typed=quote(t), spelled=quote(s)) for t, s in read_as.items()]
    lines = [notes.read.format(pairs=", ".join(pairs))] if pairs else []
    if unsaid:
        phrases = notes.either.join(notes.quoted.format(quote(p)) for p in unsaid)
        lines.append(notes.unsaid.format(phrases=phrases))
    return "\n".join(lines)


def count_paragraphs(article: Article) -> str:
    """ "1 paragraph", "22 paragraphs"."""
    return f"{article.paragraphs} paragraph{'' if article.paragraphs == 1 else 's'}"


def shown_text(passage: Passage) -> str:
    """The paragraph as a reader sees it: Markdown files without their markup."""
    return reader_text(passage.text) if passage.article.markdown else passage.text


def passage_link(passage: Passage) -> str:
    """The article's address opened at this quote (a text fragment; a PDF's at its page,
    as PDF viewers open ``#page=N``), or ""."""
    url, page = passage.article.url, passage.page
    if page is not None:
        return f"{url}#page={page}" if url and "#" not in url else url
    return quote_link(url, shown_text(passage))


def format_citation(passage: Passage) -> str:
    """The citation as one plain line."""
    return " · ".join(citation_fields(passage))


def highlight(
    text: str, terms: frozenset[str], start: str, end: str, escape: Callable[[str], str] = str
) -> str:
    """The text with each matched word wrapped in ``start``/``end``; ``escape`` applies to text."""
    out, last = [], 0
    for a, b in find_spans(text, terms):
        out += [escape(text[last:a]), start, escape(text[a:b]), end]
        last = b
    return "".join([*out, escape(text[last:])])


def format_text(answer: Answer, bold: bool = False) -> str:
    """Numbered quotes with their citations, for a terminal."""
    notes = format_notes(answer.read_as, answer.unsaid)
    if answer.miss is not None:
        return "\n".join(filter(None, [notes, MISSES[answer.miss], HINT]))
    blocks = []
    for hit in answer.hits:
        text = shown_text(hit.passage)
        quote = highlight(text, hit.matched, "\033[1m", "\033[0m") if bold else text
        article = hit.passage.article
        # A page's or PDF's lines are those of its extracted text, not of the file: no number.
        where = article.source if article.extracted else f"{article.source}:{hit.passage.line}"
        link = passage_link(hit.passage)
        cite = f"   — {format_citation(hit.passage)}\n     {link or where}"
        if link:
            cite += f"  ({where})"
        indented = quote.replace("\n", "\n   ")
        blocks.append(f"{hit.rank}. “{indented}”\n{cite}")
    return "\n\n".join([notes, *blocks] if notes else blocks)


def hit_record(hit: Hit) -> dict[str, Any]:
    """One hit as a JSON-ready record; ``text`` is the paragraph exactly as in its file."""
    passage, article = hit.passage, hit.passage.article
    return {
        "rank": hit.rank,
        "score": round(hit.score, 4),
        "source": article.source,
        "title": article.title,
        "author": article.author,
        "site": article.site,
        "date": article.date,
        "url": article.url,
        "link": passage_link(passage),
        "paragraph": passage.number,
        "page": passage.page,
        "line": passage.line,
        "text": passage.text,
    }


def answer_record(answer: Answer) -> dict[str, Any]:
    """The JSON object for one question."""
    return {
        "query": answer.question,
        "answered": bool(answer.hits),
        "read_as": answer.read_as,
        "unsaid": list(answer.unsaid),
        "results": [hit_record(h) for h in answer.hits],
    }


def article_record(article: Article) -> dict[str, Any]:
    """One article's metadata as a JSON-ready record."""
    return {
        "source": article.source,
        "title": article.title,
        "author": article.author,
        "site": article.site,
        "url": article.url,
        "date": article.date,
        "paragraphs": article.paragraphs,
    }


def format_sources(articles: list[Article]) -> str:
    """The articles with their metadata, for a terminal."""
    lines = []
    for a in articles:
        by = f" — {a.byline}" if a.byline else ""
        lines.append(f"{a.source}  ({count_paragraphs(a)})\n  {a.title}{by}")
        if a.url or a.date:
            lines.append("  " + " · ".join(x for x in (a.date, a.url) if x))
    return "\n".join(lines)


def candidate_records(article: Article, candidates: list[Candidate]) -> list[dict[str, Any]]:
    """Each candidate paragraph as a JSON-ready record; ``paragraph`` counts the kept ones."""
    records, number = [], 0
    for candidate in candidates:
        kept = not candidate.reason
        number += kept
        passage = Passage(article, number, candidate.line, candidate.text)
        records.append(
            {
                "source": article.source,
                "paragraph": number if kept else None,
                "page": passage.page,  # a PDF's
                "line": candidate.line,
                "text": candidate.text,
                "kept": kept,
                "reason": candidate.reason or None,
                # How its words are searched: "german" ones stemmed as German (bot/text.py).
                "language": read_as(candidate.text) if kept else None,
                # Someone's words the article quotes, cited "quoted in paragraph N".
                "quotation": passage.quotation if kept else None,
            }
        )
    return records


def format_candidates(records: list[dict[str, Any]], width: int = 72) -> str:
    """One line per candidate paragraph: where, kept as ¶N or dropped and why, its start."""
    lines = []
    for r in records:
        status = f"¶{r['paragraph']}" if r["kept"] else f"dropped: {r['reason']}"
        if r["kept"] and r["language"] not in ("english", ""):
            status += f" ({r['language']})"
        if r["quotation"]:
            status += " (quotation)"
        if r["page"] is not None:
            status += f" (page {r['page']})"
        text = " ".join(r["text"].split())
        lines.append(f"  {r['line']:>5}  {status:<28} {shorten(text, width)}")
    return "\n".join(lines)


def shorten(text: str, width: int) -> str:
    """The text cut to ``width`` characters with an ellipsis."""
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def format_added(added: Added) -> str:
    """What ``add`` stored, for a terminal."""
    a = added.article
    by = " · ".join(x for x in (a.byline, a.date) if x)
    return (
        f"{added.status}: {a.title}"
        + (f"\n  {by}" if by else "")
        + (f"\n  {count_paragraphs(a)} → {added.path}")
    )


LISTED = 20  # a batch of more articles lists only its first few


def format_batch_added(box: Batch, folder: Path) -> str:
    """Each article a batch stored, three lines each; past ``LISTED`` (a site's export, a
    channel's thousands of posts) the first few and how many more: 15,000 lines are no
    answer to read."""
    shown = box.added if len(box.added) <= LISTED else box.added[: LISTED // 2]
    lines = [format_added(added) for added in shown]
    if more := len(box.added) - len(shown):
        lines.append(f"… and {more:,} more, in {folder}")
    return "\n".join(lines)


def format_batch(box: Batch, label: str) -> str:
    """How many e-mails of a mailbox, or posts of a page, ``add`` stored, and why it left the
    others out."""
    line = f"{len(box.added):,} of the {box.found:,} {box.unit} in {label} added"
    line += f" ({updated:,} updated)" if (updated := box.updated) else ""
    return line + (f"; left out: {box.left_out}" if box.skipped else "")
