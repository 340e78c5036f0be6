"""Buttons under an answer, and the compact callback data they carry."""

from __future__ import annotations

import re
from dataclasses import dataclass

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.corpus import Passage

# "p:3" shows the quotes from the fourth on, "c:3" the paragraphs around the fourth quote.
# The question itself is not stored: it is the message the answer replies to, so buttons
# survive restarts.
_DATA = re.compile(r"^([pc]):(\d{1,2})$")


@dataclass(frozen=True)
class Press:
    """A parsed button press."""

    view: str  # "page" or "context"
    start: int  # 0-based rank of the first quote on the page


def parse_press(data: str | None) -> Press | None:
    """A button press from callback data, or None for anything we did not send."""
    match = _DATA.match(data or "")
    if not match:
        return None
    return Press("page" if match.group(1) == "p" else "context", int(match.group(2)))


def answer_keyboard(
    start: int, shown: int, has_more: bool, top: Passage, page_size: int
) -> InlineKeyboardMarkup:
    """More quotes, previous quotes, context of the top quote, and its source link."""
    nav = []
    if start > 0:
        previous = max(0, start - page_size)
        nav.append(InlineKeyboardButton("◂ Previous", callback_data=f"p:{previous}"))
    if has_more:
        nav.append(InlineKeyboardButton("More quotes ▸", callback_data=f"p:{start + shown}"))
    row = [InlineKeyboardButton("Context", callback_data=f"c:{start}")]
    if top.article.url:
        row.append(InlineKeyboardButton("Source ↗", url=top.article.url))
    return InlineKeyboardMarkup([nav, row] if nav else [row])


def context_keyboard(start: int, top: Passage) -> InlineKeyboardMarkup:
    """Back to the answer page the context was opened from, and the source link."""
    row = [InlineKeyboardButton("◂ Back to the answer", callback_data=f"p:{start}")]
    if top.article.url:
        row.append(InlineKeyboardButton("Source ↗", url=top.article.url))
    return InlineKeyboardMarkup([row])
