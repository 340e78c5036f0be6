"""The bot's fixed texts in each of its languages."""

from __future__ import annotations

import dataclasses
import string

import pytest

from bot.tg.texts import (
    AZERBAIJANI,
    ENGLISH,
    LANGUAGES,
    RUSSIAN,
    TURKISH,
    Texts,
    count_paragraphs,
    texts_for,
)
from tests.fakes import parse_html


def fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


@pytest.mark.parametrize("texts", [RUSSIAN, TURKISH, AZERBAIJANI], ids=["ru", "tr", "az"])
def test_each_language_fills_in_what_english_does(texts: Texts) -> None:
    """A translation that lost "{count}" would say less; one that gained a field would fail
    with a KeyError in the one reply that uses it."""
    for field in dataclasses.fields(Texts):
        english, translated = getattr(ENGLISH, field.name), getattr(texts, field.name)
        if field.name in ("code", "thousands"):
            continue
        if isinstance(english, str):
            assert translated.strip() and fields(translated) == fields(english), field.name
        elif field.name in ("notes", "paragraphs"):
            assert all(fields(t) == fields(e) for t, e in zip(translated, english, strict=True))
        else:
            assert [c for c, _ in translated] == [c for c, _ in english]
            assert all(0 < len(d) <= 256 for _, d in translated)  # Telegram's limit


@pytest.mark.parametrize(
    ("code", "texts"),
    [("ru", RUSSIAN), ("tr", TURKISH), ("az", AZERBAIJANI), ("en", ENGLISH), ("en-GB", ENGLISH),
     ("pt-br", ENGLISH), ("de", ENGLISH), ("", ENGLISH), (None, ENGLISH), ("RU", RUSSIAN)],
)  # fmt: skip
def test_a_users_app_language_picks_the_texts(code: str | None, texts: Texts) -> None:
    assert texts_for(code) is texts


def test_the_languages_are_the_readers_of_the_default_articles() -> None:
    assert set(LANGUAGES) == {"en", "ru", "tr", "az"}


@pytest.mark.parametrize(
    ("count", "english", "russian"),
    [(1, "1 paragraph", "1 абзац"), (2, "2 paragraphs", "2 абзаца"), (5, "5 paragraphs",
     "5 абзацев"), (11, "11 paragraphs", "11 абзацев"), (12, "12 paragraphs", "12 абзацев"),
     (21, "21 paragraphs", "21 абзац"), (24, "24 paragraphs", "24 абзаца"),
     (1111, "1,111 paragraphs", "1\u00a0111 абзацев")],
)  # fmt: skip
def test_paragraphs_are_counted_with_each_languages_plural(
    count: int, english: str, russian: str
) -> None:
    assert count_paragraphs(ENGLISH, count) == english
    assert count_paragraphs(RUSSIAN, count) == russian
    assert count_paragraphs(TURKISH, count) == f"{count:,} paragraf".replace(",", ".")


@pytest.mark.parametrize("texts", list(LANGUAGES.values()), ids=list(LANGUAGES))
def test_every_text_is_html_telegram_accepts(texts: Texts) -> None:
    """Each is sent with parse_mode HTML: a stray "<" or an unclosed tag would have Telegram
    refuse the message, and the reader get nothing."""
    filled = {"in_groups": "/ask", "name": "Quote_Bot", "limit": 30, "count": 2, "cite": "x",
              "done": 1, "total": 2, "first": 1, "last": 2, "n": 3}  # fmt: skip
    for field in dataclasses.fields(Texts):
        value = getattr(texts, field.name)
        if isinstance(value, str) and field.name not in ("code", "thousands"):
            parse_html(value.format(**filled))
