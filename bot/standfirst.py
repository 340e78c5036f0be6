"""A news page's standfirst (dek, sub-title): the sentence it sets under its title.

Pages set it apart from the article's body, in the title's header, where trafilatura does
not look ("In seinem Essay „Lob der Melancholie“ erkundet László Földényi …" under a review's
"Unstillbares Heimweh"), so the article lost its first words. It is known by the page's own
description (``og:description``): the page says that text whole right under its ``<h1>``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from bot.blocks import content, squeeze

_DESCRIPTIONS = frozenset({"description", "og:description", "twitter:description"})
# Words a page may set between its title and the standfirst: a date, "74 comments". The 40
# saved pages set 0-2; a page whose description stands further on shows it as something else
# (a recipe card's summary, 37 words on), or not under the title at all.
_OFFSET_WORDS = 20
_LEAST_WORDS = 4  # fewer are a label ("News", "Opinion"), not a sentence of the article
_UNSEEN = frozenset({"script", "style", "noscript", "template"})
_WORD = re.compile(r"\w+")


def standfirst(tree: Any) -> str:
    """The words of a page's standfirst, or "" when it sets none apart: its description
    (``og:description``, ``twitter:description`` or ``description``), said whole by an
    element among the first words after a title's ``<h1>``."""
    described = {
        squeeze(meta.get("content") or "")
        for meta in tree.iter("meta")
        if (meta.get("property") or meta.get("name") or "").lower() in _DESCRIPTIONS
    }
    described = {text for text in described if len(text.split()) >= _LEAST_WORDS}
    if not described:
        return ""
    for title in tree.iter("h1"):
        words = 0
        for element in _after(title):
            if not isinstance(element.tag, str) or element.tag in _UNSEEN:
                continue
            if (said := squeeze(element.text_content())) in described:
                return said
            words += len((element.text or "").split()) + len((element.tail or "").split())
            if words > _OFFSET_WORDS:
                break
    return ""


def _after(element: Any) -> Iterator[Any]:
    """The nodes after an element in the page's order, its own left out: read lazily, as
    only the first few words after a title are looked at."""
    while element is not None:
        for sibling in element.itersiblings():
            yield from sibling.iter()
        element = element.getparent()


def with_standfirst(blocks: list[str], said: str) -> list[str]:
    """The article's blocks with its standfirst first, under its title's heading, unless the
    body says it already (as its first paragraph, on many pages)."""
    if not said or f" {_words(said)} " in f" {_words(' '.join(blocks))} ":
        return blocks
    at = next((i for i, block in enumerate(blocks) if not block.startswith("#")), len(blocks))
    return [*blocks[:at], content(said), *blocks[at:]]


def _words(text: str) -> str:
    """A text's words alone, for finding one text in another whatever its marks."""
    return " ".join(_WORD.findall(text.casefold()))
