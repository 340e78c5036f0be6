"""A web page of several people's posts (a question and its answers, a forum thread), as
its schema.org microdata marks them: each post is its writer's article, not the page's.

A page of several people's is no one author's words, and the author trafilatura guesses
("User" on Stack Exchange) is not theirs; ``add`` stores each post on its own.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any, NamedTuple

from bot.blocks import squeeze
from bot.extract import Extracted, ExtractError, as_document, extract_html

# The posts of a page of several people's: a question and its answers, a forum thread's
# first post and the replies it marks as its comments (as Google documents forum markup); an
# article's comments are its readers', and left out.
_THREADS = ("Question", "Answer", "DiscussionForumPosting", "SocialMediaPosting")
_POSTS = " | ".join(
    f"//*[contains(@itemtype, 'schema.org/{kind}')]" for kind in (*_THREADS, "Comment")
)
_ISO_DATE = re.compile(r"\d{4}-\d\d-\d\d")
_TEXT = ".//*[@itemprop='text' or @itemprop='articleBody']"  # a post's words (an Article's)


class Post(NamedTuple):
    """One post of a page of several people's, as its microdata marks it."""

    author: str
    date: str
    anchor: str  # the post's id on the page ("answer-10377"), for its own address
    html: bytes  # its text, kept before trafilatura prunes the page


def page_posts(tree: Any) -> list[Post]:
    """The posts with text of a page, as its schema.org microdata marks them, in page order:
    a question and its answers (Stack Exchange), a forum's thread. A page of several people's
    is no one author's words, and the one trafilatura guesses ("User") is not theirs."""
    from lxml import etree

    found = []
    for n, post in enumerate(filter(_is_post, tree.xpath(_POSTS)), 1):
        text = next((t for t in post.xpath(_TEXT) if _post_of(t) is post), None)
        if text is None:
            continue
        dated = post.xpath(".//*[@itemprop='dateCreated' or @itemprop='datePublished']")
        dates = [d for d in dated if _post_of(d) is post]
        stamp = (dates[0].get("datetime") or dates[0].get("content") or "") if dates else ""
        date = stamp[:10] if _ISO_DATE.match(stamp) else ""  # "2014-02-06T07:48:02"
        anchor = post.get("id") or f"post-{n}"
        found.append(Post(_author_of(post), date, anchor, etree.tostring(text)))
    return found


def post_articles(page: Extracted, posts: list[Post]) -> Iterator[Extracted]:
    """Each post with text as an article of its own: the page's title and site, its writer,
    its date, the page's address opened at the post."""
    for post in posts:
        try:
            text = extract_html(as_document(post.html))
        except ExtractError:
            continue  # a post of a few words, or only a picture
        url = f"{page.url.partition('#')[0]}#{post.anchor}"  # "#answer-1" when the page has none
        date = post.date or page.date
        yield Extracted(page.title, text.blocks, post.author, date, url, page.site)


def _post_of(element: Any) -> Any:
    """The post an element of a page belongs to: its nearest ancestor marked as one."""
    return next((a for a in element.iterancestors() if _is_post(a)), None)


def _is_post(element: Any) -> bool:
    """Whether an element is a post: of a thread's kind, or a comment within a thread."""
    if _marked(element, _THREADS):
        return True
    return _marked(element, ("Comment",)) and any(
        _marked(above, _THREADS) for above in element.iterancestors()
    )


def _marked(element: Any, kinds: tuple[str, ...]) -> bool:
    kind = element.get("itemtype") or ""
    return any(f"schema.org/{name}" in kind for name in kinds)


def _author_of(post: Any) -> str:
    """A post's writer: the name its own ``author`` property gives (not a reply's inside it),
    there or in the elements its ``itemref`` names (NodeBB's)."""
    for author in post.xpath(".//*[@itemprop='author']"):
        if _post_of(author) is not post:
            continue
        named = author.xpath(".//*[@itemprop='name']")
        for ref in (author.get("itemref") or "").split():
            named += author.xpath("//*[@id=$ref][@itemprop='name']", ref=ref)
        name = (named[0].get("content") or named[0].text_content()) if named else ""
        return squeeze(name or author.get("content") or author.text_content())
    return ""
