"""A Telegram channel's or chat's posts as articles: as Telegram Desktop exports the chat
("Export chat history": ``result.json`` as "Machine-readable JSON", else its default, pages
of HTML, ``messages.html``, ``messages2.html``…), or one post forwarded to the bot.

A news channel is where many readers of the bot find their articles; its export holds
thousands of posts, each written or forwarded by someone, on its own date. Each post is cited
as its own: its headline (a first line set in bold) or number, its channel, and the one it
was forwarded from or signed by, whose words they are.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, NamedTuple

from bot.blocks import content, squeeze
from bot.extract import Extracted, ExtractError, file_head

# The chat types Telegram Desktop writes at the top of a chat's export.
_CHATS = (
    "personal_chat", "bot_chat", "private_group", "private_supergroup", "public_supergroup",
    "private_channel", "public_channel", "saved_messages", "replies",
)  # fmt: skip
_HEAD = re.compile(rb'"type"\s*:\s*"(?:' + "|".join(_CHATS).encode() + rb')"')
# Telegram Desktop writes a control character other than a line break or tab as "\x0B",
# which JSON lacks (after an even run of backslashes: "\\x" is a backslash and an x).
_CONTROL = re.compile(rb"(?<!\\)((?:\\\\)*)\\x([0-9A-Fa-f]{2})")
_CHANNEL_ADDRESS = re.compile(r"^https?://(?:www\.)?t(?:elegram)?\.me/(?:s/)?(\w{4,})/?$")
# The HTML export's page: its header, its messages, their formatting.
_HTML_HEAD = b'<div class="page_body chat_page">'
_HTML_POSTS = (
    "//div[@class='history']/div[starts-with(@class, 'message default') and starts-with(@id,"
    " 'message')]"
)
_DATE = re.compile(r"^(\d\d)\.(\d\d)\.(\d{4})")  # "10.01.2024 09:15:00 UTC+01:00"
_PLAIN = frozenset({"plain"})
_HTML_TAGS = {
    "strong": "bold", "em": "italic", "u": "underline", "s": "strikethrough", "code": "code",
    "pre": "pre", "blockquote": "blockquote",
}  # fmt: skip
_HTML_ACTIONS = {
    "ShowHashtag": "hashtag", "ShowCashtag": "cashtag", "ShowBotCommand": "bot_command",
    "ShowMentionName": "mention_name",
}  # fmt: skip
# The Bot API's names for kinds the export names otherwise.
_BOT_API_KINDS = {
    "url": "link", "phone_number": "phone", "expandable_blockquote": "blockquote",
    "text_mention": "mention_name",
}  # fmt: skip
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_HEADLINE_WORDS = 20  # a bold first line longer than this is a paragraph set in bold
# Parts of a post that are no words of its own: what it strikes out (as a page's <del>).
_WITHDRAWN = frozenset({"strikethrough"})
# Parts that label or link and say nothing: a line of only these is a post's furniture
# ("#Khojaly #Azerbaijan", "@caspiannews").
_LABELS = frozenset({"hashtag", "cashtag", "mention", "link", "text_link", "email", "phone"})


class Poll(NamedTuple):
    """A poll's words, its poster's: the question, the options, and the description the Bot
    API gives (since 10.0)."""

    question: str
    options: tuple[str, ...]
    description: str = ""


def is_export(data: bytes) -> bool:
    """Whether a file is a chat's export by its start: JSON naming a chat type and its
    messages, or the HTML page of a chat's history, as Telegram Desktop writes them."""
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"{"):
        return b'"messages"' in head and bool(_HEAD.search(head))
    return _HTML_HEAD in data[:8192] and b'class="message default' in data[:65536]


def is_export_file(path: Path) -> bool:
    """Whether a file is a chat's export (``is_export``), by its first 64 KB."""
    return is_export(file_head(path, 65536))


def export_posts(data: bytes, address: str = "") -> tuple[str, list[Extracted]]:
    """The chat's name and each message with text as an article, from its JSON export or a
    page of its HTML export; ``address``, the channel's ``https://t.me/NAME``, gives each its
    own (``https://t.me/NAME/ID``). Raises ExtractError for a file that is no chat export."""
    base = _channel(address)
    if not data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{"):
        return _html_posts(data, base)
    try:
        chat = json.loads(_CONTROL.sub(rb"\1\\u00\2", data).decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ExtractError(f"not a Telegram export ({error})") from None
    listed = isinstance(chat, dict) and isinstance(chat.get("messages"), list)
    if not listed or chat.get("type") not in _CHATS:
        what = "a whole account's export" if isinstance(chat, dict) and "chats" in chat else "no"
        raise ExtractError(f"{what} Telegram chat export; export one channel or chat as JSON")
    name = squeeze(str(chat.get("name") or ""))
    channel = "channel" in str(chat.get("type", ""))
    posts = [
        _post(message, name, channel, base)
        for message in chat["messages"]
        if isinstance(message, dict) and message.get("type") == "message"
    ]
    return name, posts


def _channel(address: str) -> str:
    """The channel's address its posts' addresses start with, or "" when none is given."""
    if not address:
        return ""
    if not (found := _CHANNEL_ADDRESS.match(address)):
        raise ExtractError(f"a channel's address is https://t.me/NAME, not {address}")
    return f"https://t.me/{found.group(1)}"


def _html_posts(data: bytes, base: str) -> tuple[str, list[Extracted]]:
    """A page of the HTML export (``messages.html``, ``messages2.html``…: a thousand
    messages each) as articles. A message that follows its sender's keeps their name off the
    page ("joined"), and a forward its origin's: each is carried on from the one before."""
    import lxml.html

    tree = lxml.html.fromstring(data)
    if not (boxes := tree.xpath(_HTML_POSTS)):
        raise ExtractError("no Telegram chat export; export one channel or chat as JSON")
    name = squeeze(
        " ".join(tree.xpath("//div[@class='page_header']//div[@class='text bold']//text()"))
    )
    posts, sender, origin = [], "", ""
    for box in boxes:
        body = _child(box, "body")
        if body is None:
            continue
        sender = _own_text(_child(body, "from_name")) or sender
        forwarded = _child(body, "forwarded body")
        if forwarded is not None:
            origin = _own_text(_child(forwarded, "from_name")) or origin
        words = forwarded if forwarded is not None else body
        text, signed = _child(words, "text"), _own_text(_child(words, "signature details"))
        poll = _child(_child(words, "media_wrap clearfix"), "media_poll")
        dated = _DATE.search(_attribute(_child(body, "pull_right date details"), "title"))
        number = box.get("id", "").removeprefix("message")
        channel = sender == name
        untitled, url = _numbered(channel, number, base)
        posts.append(
            post_article(
                _html_parts(text) if text is not None else [],
                untitled,
                author=(origin if forwarded is not None else "")
                or signed
                or ("" if channel else sender),
                site=name,
                date="-".join(reversed(dated.groups())) if dated else "",
                url=url,
                poll=_html_poll(poll) if poll is not None else None,
            )
        )
    return name, posts


def _html_poll(poll: Any) -> Poll:
    """A poll as the HTML export shows it: each option after "- ", its votes in a
    ``details`` span after it, left out."""
    question = _child(poll, "question bold")
    options = [c for c in poll if c.tag == "div" and c.get("class") == "answer"]
    return Poll(
        squeeze(question.text_content()) if question is not None else "",
        tuple(squeeze(option.text or "").removeprefix("- ") for option in options),
    )


def _child(element: Any, classes: str) -> Any:
    """An element's child ``<div>`` of exactly these classes, or None."""
    if element is None:
        return None
    return next((c for c in element if c.tag == "div" and c.get("class") == classes), None)


def _own_text(element: Any) -> str:
    """An element's words without its children's (a name without its date), or ""."""
    if element is None:
        return ""
    return squeeze(re.sub(r"\s+via @\w+$", "", (element.text or "").strip()))


def _attribute(element: Any, name: str) -> str:
    return "" if element is None else str(element.get(name) or "")


def _html_parts(
    element: Any, kinds: frozenset[str] = frozenset()
) -> list[tuple[frozenset[str], str]]:
    """A message's text as the export's page shows it, in parts by their formatting (a
    ``<strong>`` bold, a hashtag's link…); ``<br>`` a line break."""
    shown = kinds or _PLAIN
    parts = [(shown, element.text)] if element.text else []
    for child in element:
        if child.tag == "br":
            parts.append((shown, "\n"))
        elif isinstance(child.tag, str):
            parts += _html_parts(child, kinds | _html_kind(child))
        if child.tail:
            parts.append((shown, child.tail))
    if not kinds and parts:  # the page's own line breaks and indents around the text
        parts[0] = (parts[0][0], parts[0][1].lstrip())
        parts[-1] = (parts[-1][0], parts[-1][1].rstrip())
    return parts


def _html_kind(element: Any) -> frozenset[str]:
    """The kind of part an element of a message's text marks, as the JSON export names it."""
    if element.tag == "a":
        action, href = element.get("onclick") or "", element.get("href") or ""
        for function, kind in _HTML_ACTIONS.items():
            if function in action:
                return frozenset({kind})
        if href.startswith(("mailto:", "tel:")):
            return frozenset({"email" if href.startswith("mailto:") else "phone"})
        text = element.text_content()
        return frozenset(
            {"mention" if text.startswith("@") else "link" if text == href else "text_link"}
        )
    if element.tag == "span" and "spoiler" in (element.get("class") or ""):
        return frozenset({"spoiler"})
    return frozenset({_HTML_TAGS[element.tag]}) if element.tag in _HTML_TAGS else frozenset()


def _post(message: dict[str, Any], chat: str, channel: bool, base: str) -> Extracted:
    """One message of an export as an article (without blocks when it has no text)."""
    parts = [(frozenset({kind}), text) for kind, text in _parts(message)]
    untitled, url = _numbered(channel, str(message.get("id", "")), base)
    forwarded = squeeze(str(message.get("forwarded_from") or message.get("saved_from") or ""))
    sender = squeeze(str(message.get("author") or ("" if channel else message.get("from")) or ""))
    return post_article(
        parts,
        untitled,
        author=forwarded or sender,
        site=chat,
        date=str(message.get("date", ""))[:10],
        url=url,
        poll=_poll(message.get("poll")),
    )


def _poll(poll: object) -> Poll | None:
    """A poll as the JSON export writes it (``question``, ``answers`` of ``text``), or None."""
    if not isinstance(poll, dict):
        return None
    answers = poll.get("answers")
    options = (
        [a.get("text") for a in answers if isinstance(a, dict)]
        if isinstance(answers, list)
        else []
    )
    question = poll.get("question")
    return Poll(
        question if isinstance(question, str) else "",
        tuple(text for text in options if isinstance(text, str)),
    )


def _numbered(channel: bool, number: str, base: str) -> tuple[str, str]:
    """An exported post's title when it has no headline ("Post 3", "Message 3" in a group),
    and its address on the channel at ``base`` ("" without one)."""
    url = f"{base}/{number}" if base and number.isdigit() else ""
    return f"{'Post' if channel else 'Message'} {number}", url


def post_article(
    parts: list[tuple[frozenset[str], str]], untitled: str, author: str, site: str, date: str,
    url: str, poll: Poll | None = None,
) -> Extracted:  # fmt: skip
    """A post as an article, from its text's parts and the kinds of each ("bold",
    "hashtag"…, as the export names them): paragraphs as a text file's, its headline (a first
    line all in bold) as title, else ``untitled``; what it strikes out and its lines of only
    labels left out, a blockquote set apart as a quotation. A poll's words follow
    (``_poll_blocks``)."""
    text = "".join(words for kinds, words in parts if not kinds & _WITHDRAWN)
    each = [kinds for kinds, words in parts if not kinds & _WITHDRAWN for _ in words]
    blocks: list[tuple[str, frozenset[str], frozenset[str]]] = []  # text, kinds of any, of all
    for start, end in _block_spans(text):
        shown = [each[i] for i in range(start, end) if not text[i].isspace()]
        blocks.append((text[start:end], frozenset().union(*shown), frozenset.intersection(*shown)))
    title = ""
    if blocks and "bold" in blocks[0][2] and len(blocks[0][0].split()) <= _HEADLINE_WORDS:
        title = squeeze(blocks.pop(0)[0])  # a headline, as a page's <h1>
    return Extracted(
        title=title or untitled,
        blocks=tuple(
            f"> {content(words)}" if "blockquote" in every else content(words)
            for words, any_, every in blocks
            if any_ - _LABELS
        )
        + _poll_blocks(poll),
        author=author,
        date=date,
        url=url,
        site=site,
    )


def _poll_blocks(poll: Poll | None) -> tuple[str, ...]:
    """A poll's question, its options a list under it (quoted with it, as a page's list with
    its lead-in), then its description; its votes are Telegram's count, not its words."""
    if poll is None:
        return ()
    options = [f"- {option}" for option in map(content, poll.options) if option]
    return tuple(filter(None, [content(poll.question), *options, content(poll.description)]))


def message_parts(
    text: str, entities: Iterable[tuple[str, int, int]]
) -> list[tuple[frozenset[str], str]]:
    """A message's text as the Bot API sends it, in parts by the kinds of each character:
    ``entities`` are (type, offset, length), counted in UTF-16 code units, nested or not."""
    at, index = 0, {}
    for i, character in enumerate(text):
        index[at] = i
        at += 2 if ord(character) > 0xFFFF else 1
    index[at] = len(text)
    kinds: list[set[str]] = [set() for _ in text]
    for kind, offset, length in entities:
        start, end = index.get(offset), index.get(offset + length)
        if start is None or end is None:
            continue  # inside a character: no entity Telegram sends
        for i in range(start, end):
            kinds[i].add(_BOT_API_KINDS.get(kind, kind))
    parts: list[tuple[frozenset[str], str]] = []
    for character, own in zip(text, kinds, strict=True):
        key = frozenset(own or {"plain"})
        if parts and parts[-1][0] == key:
            parts[-1] = (key, parts[-1][1] + character)
        else:
            parts.append((key, character))
    return parts


def _parts(message: dict[str, Any]) -> Iterator[tuple[str, str]]:
    """A message's text as (kind, text) parts: ``text_entities`` where the export has them,
    else ``text``, a string or a list of strings and entities."""
    entities = message.get("text_entities")
    for part in entities if isinstance(entities, list) else _listed(message.get("text")):
        if isinstance(part, str):
            yield "plain", part
        elif isinstance(part, dict) and isinstance(part.get("text"), str):
            yield str(part.get("type", "plain")), part["text"]


def _listed(text: object) -> list[object]:
    return text if isinstance(text, list) else [text] if isinstance(text, str) else []


def _block_spans(text: str) -> Iterator[tuple[int, int]]:
    """Where a post's paragraphs are: between blank lines, or each line when it has none, as
    in a text file of the folder."""
    breaks = _BLANK_LINE if _BLANK_LINE.search(text) else re.compile(r"\n")
    start = 0
    for found in [*breaks.finditer(text), None]:
        end = found.start() if found else len(text)
        piece = text[start:end]
        if piece.strip():
            lead = len(piece) - len(piece.lstrip())
            yield start + lead, start + len(piece.rstrip())
        start = found.end() if found else end
