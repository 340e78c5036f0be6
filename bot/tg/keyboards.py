"""Buttons under an answer, and the compact callback data they carry."""

from __future__ import annotations

import re
from dataclasses import dataclass

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.corpus import Passage
from bot.render import passage_link
from bot.tg.texts import Texts

# "p:3" shows the quotes from the fourth on, "c:3" the paragraphs around the fourth quote,
# "s:3" the fourth page of the sources. The question is not in the data (64 bytes would not
# hold it): the bot keeps it per answer message (answers.py), so buttons work on old answers
# and after restarts.
_DATA = re.compile(r"^([pc]):(\d{1,2})$|^(s):(\d{1,4})$")
_VIEWS = {"p": "page", "c": "context", "s": "sources"}


@dataclass(frozen=True)
class Press:
    """A parsed button press."""

    view: str  # "page", "context" or "sources"
    start: int  # 0-based rank of the first quote on the page, or the page of the sources


def parse_press(data: str | None) -> Press | None:
    """A button press from callback data, or None for anything we did not send."""
    match = _DATA.match(data or "")
    if not match:
        return None
    kind, number = match.group(1, 2) if match.group(1) else match.group(3, 4)
    return Press(_VIEWS[kind], int(number))


def source_button(passage: Passage, texts: Texts) -> list[InlineKeyboardButton]:
    """A link opening the article at the quote, when its address is known (empty or one)."""
    link = passage_link(passage)
    return [InlineKeyboardButton(texts.source, url=link)] if link else []


def answer_keyboard(
    start: int, shown: int, has_more: bool, top: Passage, page_size: int, texts: Texts
) -> InlineKeyboardMarkup:
    """More quotes, previous quotes, context of the top quote, and its source link."""
    nav = []
    if start > 0:
        previous = max(0, start - page_size)
        nav.append(InlineKeyboardButton(texts.previous, callback_data=f"p:{previous}"))
    if has_more:
        nav.append(InlineKeyboardButton(texts.more_quotes, callback_data=f"p:{start + shown}"))
    context = InlineKeyboardButton(texts.context, callback_data=f"c:{start}")
    row = [context, *source_button(top, texts)]
    return InlineKeyboardMarkup([nav, row] if nav else [row])


def context_keyboard(start: int, top: Passage, texts: Texts) -> InlineKeyboardMarkup:
    """Back to the answer page the context was opened from, and the source link."""
    back = InlineKeyboardButton(texts.back, callback_data=f"p:{start}")
    return InlineKeyboardMarkup([[back, *source_button(top, texts)]])


def sources_keyboard(page: int, pages: int, texts: Texts) -> InlineKeyboardMarkup | None:
    """The pages before and after one page of the sources (none for a list on one page)."""
    nav = []
    if page > 0:
        nav.append(InlineKeyboardButton(texts.previous, callback_data=f"s:{page - 1}"))
    if page + 1 < pages:
        nav.append(InlineKeyboardButton(texts.more_sources, callback_data=f"s:{page + 1}"))
    return InlineKeyboardMarkup([nav]) if nav else None
