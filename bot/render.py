"""Answers for the terminal and for machines: quotes, highlights, citations, fixed texts."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from bot.corpus import Article, Passage
from bot.index import Hit
from bot.text import find_spans, tokenize

NO_MATCH = "No passage in the sources matches this question."
NO_WORDS = "The question has no searchable words; ask with the words you would look for."
EMPTY = "The question is empty; type a question after 'ask'."
HINT = "Try other words, or list the sources with: python -m bot sources"


def no_answer_reason(question: str) -> str:
    """Which fixed text explains an empty answer."""
    if not question.strip():
        return EMPTY
    if not tokenize(question):
        return NO_WORDS
    return NO_MATCH


def format_citation(passage: Passage) -> str:
    """Whose words these are: title, author or publisher, paragraph, address."""
    article = passage.article
    parts = [article.title, article.author, f"paragraph {passage.number}", article.date]
    return " · ".join(p for p in parts if p)


def highlight(
    text: str, terms: frozenset[str], start: str, end: str, escape: Callable[[str], str] = str
) -> str:
    """The text with each matched word wrapped in ``start``/``end``; ``escape`` applies to text."""
    out, last = [], 0
    for a, b in find_spans(text, terms):
        out += [escape(text[last:a]), start, escape(text[a:b]), end]
        last = b
    return "".join([*out, escape(text[last:])])


def format_text(hits: list[Hit], question: str, bold: bool = False) -> str:
    """Numbered quotes with their citations, for a terminal."""
    if not hits:
        return f"{no_answer_reason(question)}\n{HINT}"
    blocks = []
    for hit in hits:
        quote = (
            highlight(hit.passage.text, hit.matched, "\033[1m", "\033[0m")
            if bold
            else (hit.passage.text)
        )
        article = hit.passage.article
        where = f"{article.source}:{hit.passage.line}"
        cite = f"   — {format_citation(hit.passage)}\n     {article.url or where}"
        if article.url:
            cite += f"  ({where})"
        indented = quote.replace("\n", "\n   ")
        blocks.append(f"{hit.rank}. “{indented}”\n{cite}")
    return "\n\n".join(blocks)


def hit_record(hit: Hit) -> dict[str, Any]:
    """One hit as a JSON-ready record; ``text`` is the paragraph exactly as in its file."""
    passage, article = hit.passage, hit.passage.article
    return {
        "rank": hit.rank,
        "score": round(hit.score, 4),
        "source": article.source,
        "title": article.title,
        "author": article.author,
        "url": article.url,
        "paragraph": passage.number,
        "line": passage.line,
        "text": passage.text,
    }


def answer_record(question: str, hits: list[Hit]) -> dict[str, Any]:
    """The JSON object for one question."""
    return {"query": question, "answered": bool(hits), "results": [hit_record(h) for h in hits]}


def article_record(article: Article) -> dict[str, Any]:
    """One article's metadata as a JSON-ready record."""
    return {
        "source": article.source,
        "title": article.title,
        "author": article.author,
        "url": article.url,
        "date": article.date,
        "paragraphs": article.paragraphs,
    }


def format_sources(articles: list[Article]) -> str:
    """The articles with their metadata, for a terminal."""
    lines = []
    for a in articles:
        by = f" — {a.author}" if a.author else ""
        lines.append(f"{a.source}  ({a.paragraphs} paragraphs)\n  {a.title}{by}")
        if a.url or a.date:
            lines.append("  " + " · ".join(x for x in (a.date, a.url) if x))
    return "\n".join(lines)
