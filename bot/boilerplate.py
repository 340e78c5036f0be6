"""Site furniture: the lines a page adds around an article that are not its author's words.

Rules are written for web pages in general (credits, share bars, read-more links, cookie
notices, bylines, author bios, follow-us and subscription pitches), never for the lines of one
particular file. They fail safe: a long paragraph is never furniture, and a short sentence is
dropped only for what it says, not for where it stands.
"""

from __future__ import annotations

import re

from bot.text import normalize

# A credit or caption label: "Photo credit: x", "Image: AP", "Source: Reuters".
_CREDIT = re.compile(
    r"^(?:photo|image|picture|pic|video|illustration|graphic|cover|photograph|credit|courtesy"
    r"|source)s?(?:\s+(?:credit|courtesy|source|by))?\s*[:：|]"
)
# Interface labels: share bars, ads, related-links headers, copyright lines, tag lists.
_INTERFACE = re.compile(
    r"^(?:share(?:\s+(?:on|this|via|the)\b.*)?|tweet|print|email|advertisement|sponsored"
    r"|related(?:\s+(?:articles?|stories|news|posts?|content|reading))?"
    r"|read (?:more|also|next)|see also|also read|more (?:from|on|stories|news)\b.*"
    r"|recommended(?: for you)?|you (?:may|might) also like|keep reading|click here.*"
    r"|all rights reserved.*"
    r"|©.*|copyright\b.*|tag(?:s|ged)?\s*:.*|categor(?:y|ies)\s*:.*|filed under\b.*"
    r"|posted in\b.*|about the author|comments?|leave a (?:comment|reply)"
    # a newsletter's: its links to the web copy, the reader's subscription, the app
    r"|unsubscribe|manage (?:your )?subscription|update (?:your )?preferences"
    r"|view (?:this email |it )?(?:in (?:your |a )?browser|online)|(?:open|read) in (?:the )?app"
    # a shop's and a footer's buttons and links
    r"|learn more|find out more|(?:buy|shop|order) (?:it )?now|see (?:it )?all|view all"
    r"|terms (?:and|&) conditions|terms of (?:use|service)|privacy(?: policy| notice)?"
    r"|contact(?: us)?|imprint|impressum)"
    r"[\s:.!]*$"
)
# A copyright notice, whatever follows: "© 2016 De Marchis et al. Open Access This article is
# distributed under the terms of …", "Copyright 2024 The Daily. All rights reserved." ("Copyright
# law …" is an article's subject).
_NOTICE = re.compile(
    r"(?:©|\(c\)\s*(?:19|20)\d\d|copyright\s*(?:©|\(c\)|(?:19|20)\d\d))", re.IGNORECASE
)
# A footer's after its owner's name: "The Reading Room © 2026 – Unsubscribe".
_OWNED = re.compile(r"©\s*(?:19|20)\d\d")
# A pointer to another page: "Read more: Budget talks collapse", "Related: ...".
_LINK_LABEL = re.compile(
    r"^(?:read (?:more|also|next)|see also|also read|related(?: \w+)?|more|watch|listen"
    r"|recommended|don'?t miss|must read)\s*[:：|»›>-]"
)
# Pitches for the site itself rather than the story: these say so on their own ...
_PITCH = re.compile(
    r"\bsupport\b.{0,40}\bjournalism\b|\bfollow (?:us|@?\w+) on\b|\bjoin (?:us|our)\b.{0,30}"
    r"\b(?:channel|community|telegram|whatsapp)\b|\bdownload (?:our|the) app\b"
)
# ... these only when the site speaks to its reader: an article may be about donations.
# A newsletter's notice is one: "You are receiving this because you are a free subscriber".
_APPEAL = re.compile(
    r"\b(?:un)?subscri(?:be[dr]?|bing|ption)s?\b|\bnewsletter\b|\bsign(?:ing)? up\b|\bdonat"
    r"|\breceiving this\b"
)
_SPEAKING = re.compile(r"\b(?:you|your|we|our|us|here|today|now)\b")
# A line of page metadata: "News date : 04/21/2022 Category : Press Releases".
_FIELDS = re.compile(r"^(?:[^:\n]{1,25}:\s*[^:\n]{1,40}?\s*){2,}$")
_FIELD_NAMES = re.compile(
    r"\b(?:date|category|categories|tags?|posted|published|updated|section)\b"
)
# A caption closing on its credit: "... (AP Photo/Evan Vucci)", "... By U.S. CUSTOMS".
_CAPTION_CREDIT = re.compile(
    r"(?:\((?:[A-Z]+ )?(?:Photo|Image|Picture)s?\b[^)]{0,60}\)"
    r"|(?:^|[.)]\s)(?:By|Photo:|Credit:|Image:)\s+[A-Z][A-Z .,'&/-]{3,})$"
)
_COOKIES = re.compile(
    r"\bcookies?\b.{0,120}\b(?:use|uses|using|accept|consent|agree|policy|settings|preferences)\b"
    r"|\b(?:use|uses|using|accept|consent to)\b.{0,60}\bcookies?\b"
)
# Words with which a site speaks to its reader: what makes a short line beside a pitch filler.
_ADDRESS = re.compile(r"\b(?:you|your|we|our|us|thank(?:s| you)?)\b")
_BYLINE = re.compile(
    r"^(?:by|written by|words by|reporting by|story by|author\s*:)\s+"
    r"[^\W\d_][\w.'’-]*(?:\s+(?:and\s+)?[^\W\d_][\w.'’-]*,?){0,5}$"
)
# "Jane Roe is a freelance writer ...": a capitalised full name first (never "The ...").
_BIO = re.compile(
    r"^(?!The\b)[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){1,3}\s+(?:is|was)\s+(?:an?|the)\s+"
    r"(?:[\w-]+\s+){0,5}(?:writer|journalist|reporter|editor|correspondent|columnist"
    r"|contributor|author|analyst|fellow|freelancer|blogger)\b"
)
_MARKUP = re.compile(r"[*_`~>#]+")
# A paragraph that is only a web address (an embedded post the page reader left as its link)
# or only a date (a post's dateline): no words of the article's.
_ADDRESS_ONLY = re.compile(r"^<?https?://\S+>?$")
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
_DATE_ONLY = re.compile(
    rf"^(?:[a-z]+,?\s+)?(?:\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH},?\s+\d{{4}}"
    rf"|{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}})$"
)
# One field of an account or a form: "Name: Reader", "Member since: 1 Mar 2025".
_FIELD_LINE = re.compile(r"^[^\W\d_][\w .'’-]{0,24}:\s*\S")
_FIELD_WORDS = 8

_SHORT = 12  # words: credits and interface labels are never longer
_LINK_WORDS = 30  # a read-more line is a label and a headline
_PITCH_WORDS = 45  # a pitch is a short appeal, not an article paragraph about subscriptions
_FILLER_WORDS = 25  # friendly lines ("Thank you!") that travel with a pitch
_BIO_WORDS = 70
_TAIL = 3  # author bios stand among the last paragraphs


def _longer_than(text: str, limit: int) -> bool:
    """More than ``limit`` words, judged by counting spaces: cheap, as every paragraph is asked.

    Runs of spaces can only make a short text look long, which keeps it as content.
    """
    return text.count(" ") + text.count("\n") >= limit


def plain(text: str) -> str:
    """Lower-case text without Markdown emphasis, list or quote marks: what rules look at."""
    return _MARKUP.sub("", normalize(text)).lstrip("- ").strip()


def label_reason(text: str) -> str:
    """Why one paragraph is furniture wherever it stands, or ""."""
    if _NOTICE.match(text.lstrip(" \\*_>-")):
        return "copyright notice"  # of any length: a journal's licence runs to 80 words
    if _longer_than(text, _PITCH_WORDS):
        return ""
    folded = plain(text)
    short = not _longer_than(text, _SHORT)
    if short and _CREDIT.match(folded):
        return "credit or caption"
    if short and all(_INTERFACE.match(part.strip()) for part in folded.split(" | ")):
        return "interface label"  # or a row of them: "Terms and Conditions | Privacy"
    if short and _OWNED.search(text):
        return "copyright notice"
    if not _longer_than(text, _LINK_WORDS) and _LINK_LABEL.match(folded):
        return "link to another page"
    if short and "\n" not in text and _BYLINE.match(folded):
        return "byline"
    if _COOKIES.search(folded):
        return "cookie notice"
    if _PITCH.search(folded) or (_APPEAL.search(folded) and _SPEAKING.search(folded)):
        return "site pitch"
    if short and _FIELDS.match(folded) and _FIELD_NAMES.search(folded):
        return "page metadata"
    if _CAPTION_CREDIT.search(text.strip()):
        return "caption with credit"
    if folded.isdigit():
        return "page number"
    if _ADDRESS_ONLY.match(text.strip()):
        return "web address"
    if _DATE_ONLY.match(folded):
        return "date line"
    return ""


def find_boilerplate(paragraphs: list[str]) -> dict[int, str]:
    """Indexes of paragraphs that are furniture, each with the rule that says so.

    Beside a pitch, short lines that speak to the reader ("Thank you!", "Here we are to serve
    you...") go with it, because sites write pitches as blocks, and below it the fields of a
    newsletter's subscription details; a list that follows a
    related-links label is that list. An author bio counts only near the end.
    """
    dropped = {i: r for i, p in enumerate(paragraphs) if (r := label_reason(p))}
    for start in [i for i, r in dropped.items() if r == "site pitch"]:
        for step in (-1, 1):
            i = start + step
            while 0 <= i < len(paragraphs) and (
                i in dropped or _is_filler(paragraphs[i], below=step > 0)
            ):
                dropped.setdefault(i, "filler beside a site pitch")
                i += step
    for start, reason in list(dropped.items()):
        if reason in ("interface label", "link to another page"):
            i = start + 1
            while i < len(paragraphs) and paragraphs[i].lstrip().startswith(("- ", "* ")):
                dropped.setdefault(i, "list of links")
                i += 1
    for i in range(max(0, len(paragraphs) - _TAIL), len(paragraphs)):
        text = paragraphs[i]
        bio = not _longer_than(text, _BIO_WORDS) and _BIO.match(_MARKUP.sub("", text))
        if i not in dropped and bio:
            dropped[i] = "author bio"
    return dropped


def _is_filler(text: str, below: bool) -> bool:
    """A short line that speaks to the reader, or below a pitch one field of the reader's
    subscription ("Email: reader@example.com"): a newsletter's account details, never to be
    quoted. An article's "Update: …" above a pitch stays."""
    folded = plain(text)
    if below and not _longer_than(text, _FIELD_WORDS) and _FIELD_LINE.match(folded):
        return True
    return (
        not _longer_than(text, _FILLER_WORDS)
        and bool(_ADDRESS.search(folded))
        and not any(c.isdigit() for c in folded)
    )
