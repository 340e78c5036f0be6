"""Site boilerplate: the lines a news page adds around an article that are not its content.

Rules are written for news pages in general (credits, share bars, follow-us and subscription
pitches), never for the lines of one particular file.
"""

from __future__ import annotations

import re

from bot.text import normalize

# A credit or caption label: "Photo credit: x", "Image: AP", "Source: Reuters".
_CREDIT = re.compile(
    r"^(?:photo|image|picture|pic|video|illustration|graphic|cover|photograph|credit|courtesy"
    r"|source)s?(?:\s+(?:credit|courtesy|source|by))?\s*[:：|]"
)
# Interface labels: share bars, ads, related-links headers, copyright lines.
_INTERFACE = re.compile(
    r"^(?:share(?:\s+(?:on|this|via|the)\b.*)?|tweet|print|email|advertisement|sponsored"
    r"|related(?:\s+(?:articles?|stories|news|posts?))?|read (?:more|also|next)|see also|also read"
    r"|click here.*|all rights reserved.*|©.*|copyright\b.*|tags?\s*:.*)[\s:.!]*$"
)
# Pitches for the site itself rather than the story.
_PITCH = re.compile(
    r"\bsubscri(?:be|bing|ption)s?\b|\bnewsletter\b|\bsign up\b|\bdonat(?:e|ion)\b"
    r"|\bsupport\b.{0,40}\bjournalism\b|\bfollow (?:us|@?\w+) on\b|\bjoin (?:us|our)\b.{0,30}"
    r"\b(?:channel|community|telegram|whatsapp)\b|\bdownload (?:our|the) app\b"
)

_SHORT = 12  # words: credits and interface labels are never longer
_PITCH_WORDS = 45  # a pitch is a short appeal, not an article paragraph about subscriptions
_FILLER_WORDS = 25  # friendly lines ("Thank you!") that travel with a pitch


def _longer_than(text: str, limit: int) -> bool:
    """More than ``limit`` words, judged by counting spaces: cheap, as every paragraph is asked.

    Runs of spaces can only make a short text look long, which keeps it as content.
    """
    return text.count(" ") + text.count("\n") >= limit


def is_label(text: str) -> bool:
    """A credit, caption label or interface label: never the source's own words."""
    if _longer_than(text, _SHORT):
        return False
    folded = normalize(text).strip()
    return bool(_CREDIT.match(folded) or _INTERFACE.match(folded))


def is_pitch(text: str) -> bool:
    """A subscription, donation or follow-us appeal from the site."""
    return not _longer_than(text, _PITCH_WORDS) and bool(_PITCH.search(normalize(text)))


def find_boilerplate(paragraphs: list[str]) -> set[int]:
    """Indexes of paragraphs that are boilerplate.

    Labels are dropped wherever they stand. A pitch is dropped with the short filler lines
    that touch it ("Here we are to serve you...", "Thank you!"), because sites write pitches
    as blocks; a long paragraph stops the block.
    """
    pitches = [i for i, p in enumerate(paragraphs) if is_pitch(p)]
    dropped = {i for i, p in enumerate(paragraphs) if is_label(p)}.union(pitches)
    for start in pitches:
        for step in (-1, 1):
            i = start + step
            while 0 <= i < len(paragraphs) and (
                i in dropped or not _longer_than(paragraphs[i], _FILLER_WORDS)
            ):
                dropped.add(i)
                i += step
    return dropped
