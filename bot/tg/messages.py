"""Telegram's side of rendering: quotes as escaped HTML that fits one message, fixed texts.

The fixed texts name no subject: the bot serves whatever folder it is given, and an example
about the default articles would mislead a reader of others.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from html import escape, unescape
from typing import TYPE_CHECKING

from bot.corpus import Article, Passage, citation_fields
from bot.markup import STRUCK
from bot.render import (
    format_notes,
    highlight,
    passage_link,
    shown_text,
)
from bot.search import Hit, Miss
from bot.store import Added, Batch, Removed
from bot.tg.followed import shown_time
from bot.tg.texts import ENGLISH, Texts, count_paragraphs, number

if TYPE_CHECKING:
    from bot.tg.followed import Feed

MESSAGE_LIMIT = 4096  # characters after entity parsing, counted in UTF-16 code units
EXPANDABLE_AFTER = 600  # characters: longer quotes start folded
PAGE_SIZE = 3
MAX_QUOTES = 30  # reachable with "More quotes": past that the question needs other words

ADMIN_HELP = (
    "\n\n<b>As an admin</b>, in this chat:\n"
    "a link or a file (a page, PDF, Word or OpenDocument text, EPUB, e-mail or mailbox, a "
    "channel's export, a site's feed): add it; a feed sent by its address is followed\n"
    "/add, in reply to a channel's post you forwarded me: add the post\n"
    "/remove, in reply to my “Added” message, or /remove TITLE or ADDRESS: take articles out\n"
    "/feeds: the feeds I follow, and /unfollow N to stop one"
)
ADD_FAILED = "Could not add that: {reason}"
ADD_HOW = (
    "To add a channel's post, forward it to me and reply /add to it. To add a page, a "
    "document or a site's feed (each of its articles), send its link or the file."
)
ADD_UNAVAILABLE = (
    "Adding or removing articles needs the bot to serve a folder (python -m bot serve)."
)
FOLLOWING = " I'll read the feed again every {hours} for new entries (/feeds)."
UNFOLLOWED = "I no longer follow {url}; its articles stay (/remove takes them out)."
UNFOLLOW_HOW = "Give the number /feeds shows, or the feed's address: /unfollow 1"
REMOVE_FAILED = "Could not remove that: {reason}"
REMOVE_WHICH = "Several articles have that title; give the file name of one: {names}"
REMOVE_HOW = (
    "To take out what I added, reply /remove to my “Added” message, or give the article's "
    "title as /sources lists it, its address, or its file name: /remove bridge-approved.md"
)


def format_help(texts: Texts, username: str, sees_all: bool, admin: bool = False) -> str:
    """The help text, saying how to ask in a group as Telegram lets this bot hear it there
    (with privacy mode on, BotFather's default, Telegram delivers commands addressed to it
    and replies to its messages, never a mere mention); for an admin in a private chat, what
    only admins may do too."""
    in_groups = texts.in_groups_all if sees_all else texts.in_groups_private
    help_text = texts.help.format(in_groups=in_groups.format(name=escape(username)))
    return help_text + (ADMIN_HELP if admin else "")


def format_status(texts: Texts, embedding: tuple[int, int] | None) -> str:
    """A line on the search while its vectors build (empty once ready)."""
    if embedding is None:
        return ""
    done, total = embedding
    return texts.status.format(done=number(texts, done), total=number(texts, total))


def format_miss_html(texts: Texts, miss: Miss, unsaid: Sequence[str] = ()) -> str:
    """The fixed reply to a question without quotes, after the quoted phrases no passage
    says, if any."""
    reply = {Miss.NO_MATCH: texts.no_match, Miss.SMALL_TALK: texts.small_talk}.get(
        miss, texts.no_words
    )
    notes = format_notes({}, unsaid, _noted, texts.notes)
    return f"<i>{notes}</i>\n{reply}" if notes else reply


def _noted(words: str) -> str:
    """Words of the question repeated in a note, escaped, and shortened when a pasted
    paragraph would leave no room for the reply."""
    return escape(preview(words, 200))


def visible_length(html: str) -> int:
    """Length Telegram checks against its limit: text after parsing, in UTF-16 code units."""
    return len(unescape(re.sub(r"<[^>]*>", "", html)).encode("utf-16-le")) // 2


def format_title_html(article: Article, link: str = "") -> str:
    """The article's title, escaped, linked to ``link`` or else its address when it has one."""
    title = escape(article.title)
    if link or article.url:
        return f'<a href="{escape(link or article.url, quote=True)}">{title}</a>'
    return title


def format_citation_html(passage: Passage, where: str = "") -> str:
    """The citation of ``corpus.citation_fields``, escaped, the title linked to the quote."""
    _title, *rest = citation_fields(passage, where)
    title = format_title_html(passage.article, passage_link(passage))
    return "— " + " · ".join([title, *map(escape, rest)])


def format_quote_html(passage: Passage, matched: frozenset[str]) -> str:
    """One whole paragraph in a blockquote, matched words bold, then its citation."""
    text = shown_text(passage)
    body = _struck(highlight(text, matched, "<b>", "</b>", escape=escape))
    tag = "blockquote expandable" if len(text) > EXPANDABLE_AFTER else "blockquote"
    return f"<{tag}>{body}</blockquote>\n{format_citation_html(passage)}"


def _struck(html: str) -> str:
    """Markdown's struck-out text (``~~…~~``) struck out as Telegram draws it: ``<s>``."""
    return STRUCK.sub(r"<s>\1</s>", html)


def fit_blocks(
    blocks: Sequence[str], header: str = "", separator: str = "\n\n", room: int = 0
) -> tuple[str, int]:
    """As many whole blocks as fit one message, ``room`` characters left over, in order, and
    how many; none is ever cut."""
    message, count = header, 0
    for block in blocks:
        candidate = f"{message}{separator}{block}" if message else block
        if visible_length(candidate) > MESSAGE_LIMIT - room:
            break
        message, count = candidate, count + 1
    return message, count


def format_answer_html(
    hits: Sequence[Hit],
    texts: Texts,
    read_as: Mapping[str, str] | None = None,
    unsaid: Sequence[str] = (),
) -> tuple[str, int]:
    """The quotes that fit one message, and how many of ``hits`` they are (at least one),
    under a line on the words read otherwise than typed (``Answer.read_as``) and the quoted
    phrases no passage says (``Answer.unsaid``), if any.

    A passage too long for any message is replaced by its citation, never cut.
    """
    blocks = [format_quote_html(h.passage, h.matched) for h in hits]
    header = format_notes(read_as or {}, unsaid, _noted, texts.notes)
    message, count = fit_blocks(blocks, f"<i>{header}</i>" if header else "")
    if not count:  # the line gives way to the quote
        message, count = fit_blocks(blocks)
    if not count:
        return texts.too_long.format(cite=format_citation_html(hits[0].passage)), 1
    return message, count


def format_context_html(
    passages: Sequence[Passage], focus: Passage, matched: frozenset[str], texts: Texts
) -> str:
    """A quote with the paragraphs around it, each labelled, the quoted one marked, one citation.

    The mark stands outside the blockquote, so every quote stays the paragraph's exact words.
    """

    def block(p: Passage) -> str:
        if p is not focus:
            return f"¶{p.number}\n<blockquote>{_struck(escape(shown_text(p)))}</blockquote>"
        body = _struck(highlight(shown_text(p), matched, "<b>", "</b>", escape))
        return f"<b>¶{p.number} ▸ {texts.the_quote}</b>\n<blockquote>{body}</blockquote>"

    where = f"paragraphs {passages[0].number}–{passages[-1].number}"
    message = "\n".join([*(block(p) for p in passages), format_citation_html(focus, where)])
    if visible_length(message) <= MESSAGE_LIMIT:
        return message
    return format_answer_html([Hit(focus, 0.0, 1, matched)], texts)[0]


_ADDED_AS = {
    "added": "Added",
    "updated": "Updated",
    "unchanged": "Already in the folder, unchanged",
}


def format_added_html(added: Added, served: bool) -> str:
    """What an admin's link or file became: the article's title, paragraphs, and its file."""
    article = added.article
    text = (
        f"{_ADDED_AS[added.status]}: {_listed(article, article.byline)}, "
        f"saved as <code>{escape(added.path.name)}</code>."
    )
    if not served:
        text += " The folder could not be read again; it will be served after a fix."
    return text + " Ask away."


def format_batch_html(box: Batch, served: bool) -> str:
    """What an admin's mailbox, feed or page of several people's posts became: how many of
    its e-mails, entries or posts are articles (the first ten listed), and why the others
    are not."""
    lines = [f"Added {len(box.added):,} of the {box.found:,} {box.unit} as articles"]
    lines[0] += f" ({updated:,} updated)" if (updated := box.updated) else ""
    if box.added:
        lines[0] += ":"
        lines += _first_ten(a.article for a in box.added)
    ending = f"Left out: {escape(box.left_out)}. " if box.skipped else ""
    if not served:
        ending += "The folder could not be read again; it will be served after a fix. "
    return "\n".join([*lines, ending + "Ask away."])


def format_news_html(url: str, box: Batch, served: bool) -> str:
    """A followed feed's new articles and those it edited, for the admin who sent it."""
    new = [a.article for a in box.added if a.status == "added"]
    edited = [a.article for a in box.added if a.status == "updated"]
    counts = [f"{len(new):,} new article{'' if len(new) == 1 else 's'}"] if new else []
    counts += [f"{len(edited):,} updated"] if edited else []
    lines = [f"From the feed {escape(preview(url, 300))}, {' and '.join(counts)}:"]
    lines += _first_ten([*new, *edited])
    if not served:
        lines.append("The folder could not be read again; it will be served after a fix.")
    return "\n".join(lines)


def format_feeds_html(feeds: Sequence[Feed], hours: float) -> str:
    """The feeds followed, what each brought and when it was last read."""
    if not feeds:
        return "I follow no feed. Send a site's feed address to add its articles and follow it."
    every = f"every {hours_text(hours)}" if hours > 0 else "never: BOT_FOLLOW_HOURS is 0"
    lines = [f"<b>Feeds</b> I read again {every} (/unfollow N stops one; its articles stay):"]
    for n, feed in enumerate(feeds, 1):
        found = f"{feed.found:,} new article{'' if feed.found == 1 else 's'}"
        line = f"{n}. {escape(preview(feed.url, 300))}: {found} since {shown_time(feed.since)}"
        if feed.checked:
            line += f"; last read {shown_time(feed.checked)}"
        if feed.failed:
            line += f" and not read: {escape(preview(feed.failed, 200))}"
        lines.append(line)
    return fit_blocks(lines, "", "\n")[0]  # the first ones, if hundreds do not fit


def hours_text(hours: float) -> str:
    """ "6 hours", "1 hour", "0.5 hours"."""
    return f"{hours:g} hour{'' if hours == 1 else 's'}"


def format_removed_html(gone: Removed, served: bool) -> str:
    """What a /remove took out (its first ten listed), and what it left, by why."""
    lines = [f"Removed {len(gone.removed):,} article{'' if len(gone.removed) == 1 else 's'}"]
    if gone.removed:
        lines[0] += ":"
        lines += _first_ten(gone.removed)
    for reason, names in gone.left.items():
        listed = ", ".join(escape(preview(name, 100)) for name in names[:10])
        lines.append(f"Left: {listed}{' …' if len(names) > 10 else ''} ({escape(reason)})")
    if not served:
        lines.append("The folder could not be read again; it will be served after a fix.")
    return fit_blocks(lines, "", "\n")[0]  # names typed by the thousand: what fits


def format_sources_html(texts: Texts, articles: Sequence[Article], room: int = 0) -> list[str]:
    """The articles the bot quotes from, with links and publishers: pages that each fit one
    message with ``room`` characters to spare, every article on one, numbered when there are
    several (a folder of a hundred articles does not fit one message)."""
    lines = [f"• {_listed(article, article.byline, texts)}" for article in articles]
    header, total = texts.sources, len(lines)
    footer = f"\n<i>{_page_of(texts, total, total, total)}</i>"  # the widest
    pages, start = [], 0
    while start < len(lines):
        text, count = fit_blocks(lines[start:], header, "\n", room + visible_length(footer))
        count = max(count, 1)  # never stuck: a line is a few hundred characters at most
        pages.append((text, start, start + count))
        start += count
    if len(pages) <= 1:
        return [pages[0][0] if pages else header]
    return [f"{text}\n<i>{_page_of(texts, a + 1, b, total)}</i>" for text, a, b in pages]


def _page_of(texts: Texts, first: int, last: int, total: int) -> str:
    """Which of the sources a page of /sources lists: "41–80 of 120"."""
    counted = [number(texts, n) for n in (first, last, total)]
    return texts.page_of.format(first=counted[0], last=counted[1], total=counted[2])


def _first_ten(articles: Iterable[Article]) -> list[str]:
    """A list of articles for a reply: a feed or a site's export may be thousands."""
    everyone = list(articles)
    shown = [f"• {_listed(article, article.byline)}" for article in everyone[:10]]
    more = len(everyone) - len(shown)
    return [*shown, f"… and {more:,} more"] if more else shown


def _listed(article: Article, by: str, texts: Texts = ENGLISH) -> str:
    """An article in a list: its title linked, who it is by, its paragraphs; a title or name
    of pathological length (a page's whole text as its title) shortened to fit a message."""
    title = format_title_html(replace(article, title=preview(article.title, 200)))
    author = f" — {escape(preview(by, 100))}" if by else ""
    return f"{title}{author} ({count_paragraphs(texts, article.paragraphs)})"


def extract_question(text: str, username: str) -> str:
    """The question in a message: without a leading /command or mentions of the bot."""
    text = re.sub(r"^/\w+(@\w+)?\s*", "", text.strip())
    if username:
        text = re.sub(rf"@{re.escape(username)}\b", " ", text, flags=re.IGNORECASE)
    return text.strip()


def preview(text: str, limit: int) -> str:
    """The start of a text for a list or a note, cut at a word boundary when that keeps most
    of it, and marked as cut."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    cut = flat.rfind(" ", 0, limit)
    # Within a word only when a word boundary would lose much: a long address stays shown.
    return flat[: cut if cut > limit * 0.8 else limit] + "…"
