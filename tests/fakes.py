"""A fake Telegram Bot API on 127.0.0.1 that rejects what Telegram rejects.

The real python-telegram-bot Application talks HTTP to it, so routing, filters, defaults,
serialisation and the network layer are all exercised. Updates are injected with
``private``, ``group``, ``press`` and ``inline``; what the bot sent is in ``sent``.
"""

from __future__ import annotations

import asyncio
import contextlib
import http.server
import io
import json
import logging
import plistlib
import quopri
import random
import re
import textwrap
import threading
import time
import zipfile
from collections import defaultdict, deque
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from email.header import Header
from html import escape, unescape
from typing import Any

import docx
import tornado.httpserver
import tornado.netutil
import tornado.web

JSON = dict[str, Any]
ALLOWED_TAGS = {
    "b",
    "strong",
    "i",
    "em",
    "u",
    "ins",
    "s",
    "strike",
    "del",
    "a",
    "code",
    "pre",
    "blockquote",
    "tg-spoiler",
    "span",
    "tg-emoji",
}
_HTML_TOKEN = re.compile(
    r"<(/?)([a-zA-Z][\w-]*)((?:\s[^<>]*)?)>|&(#\d+|#x[0-9a-fA-F]+|lt|gt|amp|quot);|[<>&]|[^<>&]+"
)
_ATTRIBUTE = re.compile(r'\s*([\w-]+)(?:\s*=\s*"([^"]*)")?')
NAMED_ENTITIES = ("lt", "gt", "amp", "quot")
TEXT_LIMIT = 4096
CALLBACK_DATA_LIMIT = 64
INLINE_RESULTS_LIMIT = 50


class ApiError(Exception):
    """A Bot API error answer: HTTP status, description and optional parameters."""

    def __init__(self, code: int, description: str, parameters: JSON | None = None) -> None:
        super().__init__(description)
        self.code, self.description, self.parameters = code, description, parameters


def utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def parse_html(text: str) -> str:
    """The plain text of a Telegram HTML message, or ApiError where Telegram would refuse it."""
    plain: list[str] = []
    stack: list[str] = []
    for match in _HTML_TOKEN.finditer(text):
        closing, tag, attributes, entity = match.group(1, 2, 3, 4)
        if tag:
            _check_tag(tag.lower(), attributes or "", bool(closing), stack)
        elif entity:
            plain.append(unescape(f"&{entity};"))
        elif match.group() in "<>&":
            raise ApiError(
                400,
                f"Bad Request: can't parse entities: unescaped {match.group()!r} "
                f"at byte offset {len(text[: match.start()].encode())}",
            )
        else:
            plain.append(match.group())
    if stack:
        raise ApiError(
            400, f"Bad Request: can't parse entities: can't find end tag for {stack[-1]}"
        )
    result = "".join(plain)
    if not result.strip():
        raise ApiError(400, "Bad Request: message text is empty")
    if utf16_length(result) > TEXT_LIMIT:
        raise ApiError(400, "Bad Request: message is too long")
    return result


def _check_tag(tag: str, attributes: str, closing: bool, stack: list[str]) -> None:
    bad = "Bad Request: can't parse entities: "
    if tag not in ALLOWED_TAGS:
        raise ApiError(400, f'{bad}unsupported start tag "{tag}"')
    if closing:
        if not stack or stack[-1] != tag:
            raise ApiError(400, f'{bad}unmatched end tag "{tag}"')
        stack.pop()
        return
    attrs = dict(_ATTRIBUTE.findall(attributes.strip())) if attributes.strip() else {}
    allowed = {
        "a": {"href"},
        "blockquote": {"expandable"},
        "span": {"class"},
        "tg-emoji": {"emoji-id"},
        "code": {"class"},
        "pre": set(),
    }.get(tag, set())
    if set(attrs) - allowed:
        raise ApiError(400, f'{bad}unsupported attribute in "{tag}"')
    if tag == "a" and not re.match(r"^(https?|tg)://", attrs.get("href", "")):
        raise ApiError(400, f'{bad}bad link in "a"')
    if tag == "blockquote" and "blockquote" in stack:
        raise ApiError(400, f"{bad}blockquote can't be nested")
    stack.append(tag)


def check_markup(markup: JSON | None) -> None:
    """Inline keyboards: one action per button, callback data of at most 64 bytes."""
    for row in (markup or {}).get("inline_keyboard", []):
        for button in row:
            actions = {"url", "callback_data", "switch_inline_query"} & set(button)
            if len(actions) != 1 or not button.get("text"):
                raise ApiError(400, "Bad Request: can't parse inline keyboard button")
            data = button.get("callback_data", "")
            if not 1 <= len(data.encode()) <= CALLBACK_DATA_LIMIT and "callback_data" in button:
                raise ApiError(400, "Bad Request: BUTTON_DATA_INVALID")
            # The Bot API: "HTTP or tg:// URL to be opened when the button is pressed".
            if "url" in button and not re.match(r"(https?|tg)://\S", button["url"]):
                raise ApiError(400, "Bad Request: BUTTON_URL_INVALID")


@dataclass
class Faults:
    """Make a share of calls to some methods fail the ways Telegram and networks fail."""

    rate: float
    methods: frozenset[str] = frozenset({"sendMessage", "editMessageText", "answerInlineQuery"})
    kinds: tuple[str, ...] = ("429", "502", "drop")
    seed: int = 7
    injected: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._random = random.Random(self.seed)

    def draw(self, method: str) -> str | None:
        if method in self.methods and self._random.random() < self.rate:
            kind = self._random.choice(self.kinds)
            self.injected.append(kind)
            return kind
        return None


class FakeTelegram:
    """State and rules of the fake Bot API; one instance per test."""

    def __init__(self, username: str = "QuoteTestBot") -> None:
        self.token = "123456789:AAFakeTokenForTests_doNotLeak-0123456789"
        self.bot = {
            "id": 123456789,
            "is_bot": True,
            "first_name": "Quotes",
            "username": username,
            "can_join_groups": True,
            "supports_inline_queries": True,
        }
        self.username = username
        self.base_url = ""
        self.sent: list[JSON] = []  # messages the bot sent, in order
        self.sent_at: dict[tuple[int, int], float] = {}  # (chat, message id) -> monotonic time
        self.messages: dict[tuple[int, int], JSON] = {}
        self.hidden: list[JSON] = []  # group messages privacy mode kept from the bot
        # Group privacy mode, on unless the bot's owner turns it off in BotFather (or makes it
        # an admin); getMe reports it as can_read_all_group_messages.
        self.privacy = True
        self.callback_answers: dict[str, JSON] = {}
        self.inline_answers: dict[str, JSON] = {}
        self.commands: list[JSON] = []
        self.language_commands: dict[str, list[JSON]] = {}  # the menu for apps in a language
        self.languages: dict[int, str] = {}  # user id -> their app's language, if not "en"
        # The bot's descriptions by language ("" for the rest), as BotFather or the bot set them.
        self.descriptions: dict[str, str] = {}
        self.short_descriptions: dict[str, str] = {}
        self.scoped_commands: dict[int, list[JSON]] = {}  # a chat's own menu
        self.opened: set[int] = set()  # users who opened the bot before this run: known chats
        self.errors: list[tuple[str, str]] = []  # every refusal: (method, description)
        self.calls: list[str] = []
        self.actions: list[JSON] = []  # each sendChatAction: chat, action and forum topic
        self.faults: Faults | None = None
        self.flood_limits = True
        self.floods = 0  # 429s given for flood limits
        self.flood_reasons: list[str] = []
        self.inline_expiry = 10.0  # seconds Telegram waits for an inline answer
        self._updates: list[JSON] = []
        self._next_update = 1
        self._next_message: defaultdict[int, int] = defaultdict(lambda: 1)
        self._callbacks: dict[str, float] = {}
        self._inline: dict[str, float] = {}
        self._chat_sends: defaultdict[int, deque[float]] = defaultdict(deque)
        self._all_sends: deque[float] = deque()
        self._changed = asyncio.Condition()
        self._server: tornado.httpserver.HTTPServer | None = None
        self._ids = iter(range(1, 10**9))
        self.files: dict[str, bytes] = {}  # file_path -> bytes, as uploaded by users
        # The lowest update id not yet confirmed: getUpdates' offset, which a bot raises only
        # once it holds the updates below it (Telegram forgets them then, and resends the rest).
        self.confirmed = 0
        self._uploads: dict[str, JSON] = {}  # file_id -> the File object getFile returns

    # ----- server -----------------------------------------------------------------------
    async def start(self) -> None:
        # Its access log would print request URLs, which hold the token: keep the fake quiet.
        logging.getLogger("tornado.access").setLevel(logging.CRITICAL)
        sockets = tornado.netutil.bind_sockets(0, "127.0.0.1")
        app = tornado.web.Application(
            [
                (r"/bot([^/]+)/(\w+)", _Endpoint, {"fake": self}),
                (r"/file/bot([^/]+)/(.+)", _FileEndpoint, {"fake": self}),
            ]
        )
        self._server = tornado.httpserver.HTTPServer(app)
        self._server.add_sockets(sockets)
        self.base_url = f"http://127.0.0.1:{sockets[0].getsockname()[1]}/bot"

    async def stop(self) -> None:
        if self._server:
            self._server.stop()
            await self._server.close_all_connections()

    async def call(self, method: str, params: JSON) -> Any:
        self.calls.append(method)
        try:
            handler = getattr(self, f"api_{method}", None)
            if handler is None:
                raise ApiError(404, "Not Found: method not found")
            result = (
                await handler(params) if asyncio.iscoroutinefunction(handler) else handler(params)
            )
        except ApiError as error:
            if error.code != 429:
                self.errors.append((method, error.description))
            raise
        finally:
            async with self._changed:
                self._changed.notify_all()
        return result

    async def wait_for(self, condition: Callable[[], Any], timeout: float = 10.0) -> Any:
        """Wait until ``condition()`` is truthy; returns its value."""
        deadline = time.monotonic() + timeout
        async with self._changed:
            while not (value := condition()):
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise TimeoutError(f"condition not met in {timeout}s; errors: {self.errors}")
                with contextlib.suppress(asyncio.TimeoutError):
                    await asyncio.wait_for(self._changed.wait(), min(remaining, 0.2))
        return value

    # ----- what users do ----------------------------------------------------------------
    def user(self, user_id: int) -> JSON:
        """A user as updates carry them: with the IETF tag of their app's language, which
        Telegram sends for the people who write to a bot (``languages``, else English)."""
        language = self.languages.get(user_id, "en")
        return {"id": user_id, "is_bot": False, "first_name": f"User{user_id}",
                "language_code": language}  # fmt: skip

    def private(
        self,
        user_id: int,
        text: str | None = None,
        reply_to: JSON | None = None,
        quote: str = "",
        **content: Any,
    ) -> JSON:
        """A private message; ``quote``: the part of ``reply_to`` the user selected to reply
        to, sent as Telegram's TextQuote (it must be a part of that message's text)."""
        chat = {"id": user_id, "type": "private", "first_name": f"User{user_id}"}
        if reply_to:
            content["reply_to_message"] = self._as_replied(reply_to)
        if quote:
            content["quote"] = self._quote(reply_to, quote)
        return self._message(chat, user_id, text, content)

    @staticmethod
    def _quote(reply_to: JSON | None, quote: str) -> JSON:
        """Telegram's TextQuote of the part of ``reply_to`` a user selected to reply to."""
        assert reply_to is not None and quote in reply_to.get("text", ""), quote
        before = reply_to["text"][: reply_to["text"].index(quote)]
        return {"text": quote, "position": utf16_length(before), "is_manual": True}

    def group(
        self,
        chat_id: int,
        user_id: int,
        text: str,
        reply_to: JSON | None = None,
        topic: int | None = None,
        quote: str = "",
    ) -> JSON | None:
        """A group message, delivered only if privacy mode lets the bot see it: as the Bot
        API FAQ lists it, a reply to the bot, a command for it (/ask@ThisBot), or a command
        for no bot (/ask) when this bot was the last to send a message there. A message that
        only mentions the bot is not delivered. ``topic``: the forum topic it is sent in
        (``open_topic``); a message there that replies to nothing carries the topic's opening
        as its ``reply_to_message``, as Telegram sends it. ``quote``: as for ``private``."""
        chat = self._group_chat(chat_id, forum=topic is not None)
        to_bot = reply_to is not None and reply_to["from"]["id"] == self.bot["id"]
        command = re.match(r"^/\w+(?:@(\w+))?", text)
        spoke = any(m["chat"]["id"] == chat_id for m in self.sent)  # the only bot here
        addressed = command is not None and (
            command.group(1) == self.username or (command.group(1) is None and spoke)
        )
        content: JSON = {}
        if topic is not None:
            content = {"message_thread_id": topic, "is_topic_message": True}
            reply_to = reply_to or self.messages[(chat_id, topic)]
        if reply_to:
            content["reply_to_message"] = self._as_replied(reply_to)
        if quote:
            content["quote"] = self._quote(reply_to, quote)
        if self.privacy and not (to_bot or addressed):
            message = self._store(chat, user_id, text, content)
            self.hidden.append(message)
            return None
        return self._message(chat, user_id, text, content)

    def open_topic(self, chat_id: int, user_id: int, name: str) -> int:
        """A user opens a forum topic: the service message that opens it (delivered whatever
        privacy mode says, as all service messages are) and whose id is the topic's id."""
        chat = self._group_chat(chat_id, forum=True)
        created = {"name": name, "icon_color": 7322096}
        opening = self._store(chat, user_id, None, {"forum_topic_created": created})
        opening.update(message_thread_id=opening["message_id"], is_topic_message=True)
        self._push({"message": opening})
        return int(opening["message_id"])

    def _group_chat(self, chat_id: int, forum: bool) -> JSON:
        chat = {"id": chat_id, "type": "supergroup", "title": "Test group"}
        return {**chat, "is_forum": True} if forum else chat

    def press(
        self, message: JSON, data: str, user_id: int | None = None, inaccessible: bool = False
    ) -> str:
        """A button press; ``inaccessible`` as Telegram sends it for an older message.

        Then the bot gets an InaccessibleMessage: only chat, message id and date 0.
        """
        query_id = str(next(self._ids))
        self._callbacks[query_id] = time.monotonic()
        user_id = user_id or message["chat"]["id"]
        if inaccessible:
            message = {"chat": message["chat"], "message_id": message["message_id"], "date": 0}
        self._push(
            {
                "callback_query": {
                    "id": query_id,
                    "from": self.user(user_id),
                    "chat_instance": "1",
                    "message": message,
                    "data": data,
                }
            }
        )
        return query_id

    def inline(self, user_id: int, query: str, offset: str = "") -> str:
        query_id = str(next(self._ids))
        self._inline[query_id] = time.monotonic()
        self._push(
            {
                "inline_query": {
                    "id": query_id,
                    "from": self.user(user_id),
                    "query": query,
                    "offset": offset,
                }
            }
        )
        return query_id

    def upload(self, name: str, data: bytes, mime_type: str) -> JSON:
        """A Document object for a file a user sends; its bytes are served by getFile."""
        file_id = f"BQACAgIAAx{next(self._ids)}"
        path = f"documents/file_{len(self.files)}{name[name.rfind('.') :]}"
        self.files[path] = data
        file = {
            "file_id": file_id,
            "file_unique_id": f"AgAD{file_id[-6:]}",
            "file_size": len(data),
        }
        self._uploads[file_id] = {**file, "file_path": path}
        return {**file, "file_name": name, "mime_type": mime_type}

    def delete(self, message: JSON) -> None:
        """The user deletes a message: replies to it no longer carry it."""
        del self.messages[(message["chat"]["id"], message["message_id"])]
        for sent in self.sent:
            replied = sent.get("reply_to_message", {})
            if (replied.get("chat", {}).get("id"), replied.get("message_id")) == (
                message["chat"]["id"],
                message["message_id"],
            ):
                del sent["reply_to_message"]

    def edit(self, message: JSON, text: str) -> None:
        """The user edits a message's text, or a photo's caption: Telegram sends it whole
        again, with its new entities and an ``edit_date`` (only if the bot was given the
        message: an edit of one privacy mode kept from it stays hidden too), and replies to it
        carry it as it reads."""
        captioned = "caption" in message
        field, marks = ("caption", "caption_entities") if captioned else ("text", "entities")
        edited = {k: v for k, v in message.items() if k != marks}
        edited.update({field: text, "edit_date": int(time.time())})
        if entities := _entities(text):
            edited[marks] = entities
        key = (message["chat"]["id"], message["message_id"])
        if key in self.messages:
            self.messages[key] = edited
        for sent in self.sent:
            replied = sent.get("reply_to_message", {})
            if (replied.get("chat", {}).get("id"), replied.get("message_id")) == key:
                sent["reply_to_message"] = self._as_replied(edited)
        if any(key == (m["chat"]["id"], m["message_id"]) for m in self.hidden):
            return
        self._push({"edited_message": edited})

    def channel_post(
        self, channel: JSON, text: str | None, signature: str = "", **content: Any
    ) -> JSON:
        """A post published in a channel the bot is an admin of, as Telegram sends it: no
        ``from``, the channel as ``chat`` and ``sender_chat``, its signer when the channel
        signs posts. ``channel``: ``{"id": -100…, "type": "channel", "title": …}`` (and its
        ``username`` when it is public)."""
        post_id = self._next_message[channel["id"]]
        self._next_message[channel["id"]] += 1
        post: JSON = {"message_id": post_id, "date": int(time.time()), "chat": channel,
                      "sender_chat": channel, **content}  # fmt: skip
        if signature:
            post["author_signature"] = signature
        if text is not None:
            post["text"] = text
            if entities := content.get("entities") or _entities(text):
                post["entities"] = entities
        self._push({"channel_post": post})
        return post

    def edit_channel_post(self, post: JSON, text: str, entities: list[JSON] | None = None) -> None:
        """The channel edits a post's text (with its formatting, ``entities``): Telegram sends
        it whole again, with its ``edit_date``."""
        edited = {k: v for k, v in post.items() if k != "entities"}
        edited.update({"text": text, "edit_date": int(time.time())})
        if entities := (entities or _entities(text)):
            edited["entities"] = entities
        self._push({"edited_channel_post": edited})

    def replies_to(self, message: JSON) -> list[JSON]:
        """Bot messages that reply to ``message``, as they are now (after any edits)."""
        return [
            m
            for m in self.sent
            if m.get("reply_to_message", {}).get("message_id") == message["message_id"]
            and m["chat"]["id"] == message["chat"]["id"]
        ]

    def after(self, message: JSON) -> list[JSON]:
        """Bot messages sent in the chat of ``message`` after it."""
        return [
            m
            for m in self.sent
            if m["chat"]["id"] == message["chat"]["id"] and m["message_id"] > message["message_id"]
        ]

    @staticmethod
    def _as_replied(message: JSON) -> JSON:
        """A message as Telegram puts it in a reply's ``reply_to_message``: without its own
        reply (replies do not nest) and without what only the fake keeps."""
        return {k: v for k, v in message.items() if k not in ("reply_to_message", "html")}

    def _message(self, chat: JSON, user_id: int, text: str | None, content: JSON) -> JSON:
        message = self._store(chat, user_id, text, content)
        self._push({"message": message})
        return message

    def _store(self, chat: JSON, user_id: int, text: str | None, content: JSON) -> JSON:
        message_id = self._next_message[chat["id"]]
        self._next_message[chat["id"]] += 1
        message: JSON = {
            "message_id": message_id,
            "date": int(time.time()),
            "chat": chat,
            "from": self.user(user_id),
            **content,
        }
        if text is not None:
            message["text"] = text
            if entities := _entities(text):  # a forwarded post keeps its own formatting
                message.setdefault("entities", entities)
        if "caption" in content and (entities := _entities(content["caption"])):
            message.setdefault("caption_entities", entities)  # as Telegram marks a caption
        self.messages[(chat["id"], message_id)] = message
        return message

    def _push(self, update: JSON) -> None:
        self._updates.append({"update_id": self._next_update, **update})
        self._next_update += 1

    @property
    def last_update_id(self) -> int:
        return self._next_update - 1

    # ----- Bot API methods --------------------------------------------------------------
    def api_getMe(self, params: JSON) -> JSON:
        return {**self.bot, "can_read_all_group_messages": not self.privacy}

    def api_deleteWebhook(self, params: JSON) -> bool:
        return True

    def api_setMyCommands(self, params: JSON) -> bool:
        commands = params["commands"]
        for command in commands:
            if not re.fullmatch(r"[a-z0-9_]{1,32}", command["command"]) or not (
                1 <= len(command["description"]) <= 256
            ):
                raise ApiError(400, "Bad Request: BOT_COMMAND_INVALID")
        scope = params.get("scope") or {"type": "default"}
        if language := params.get("language_code"):  # "a two-letter ISO 639-1 language code"
            if not re.fullmatch(r"[a-z]{2}", language):
                raise ApiError(400, "Bad Request: LANG_CODE_INVALID")
            self.language_commands[language] = commands
        elif scope["type"] == "chat":  # a chat's own menu: only a chat the bot knows
            if int(scope["chat_id"]) not in self.opened:
                self._chat({"chat_id": scope["chat_id"]})
            self.scoped_commands[int(scope["chat_id"])] = commands
        else:
            self.commands = commands
        return True

    def api_getMyDescription(self, params: JSON) -> JSON:
        return {"description": self._described(self.descriptions, params)}

    def api_getMyShortDescription(self, params: JSON) -> JSON:
        return {"short_description": self._described(self.short_descriptions, params)}

    def api_setMyDescription(self, params: JSON) -> bool:
        return self._describe(self.descriptions, params, "description", 512)

    def api_setMyShortDescription(self, params: JSON) -> bool:
        return self._describe(self.short_descriptions, params, "short_description", 120)

    @staticmethod
    def _described(said: dict[str, str], params: JSON) -> str:
        """A description "for the given user language": its own, else the one for all."""
        language = params.get("language_code") or ""
        return said.get(language, said.get("", ""))

    @staticmethod
    def _describe(said: dict[str, str], params: JSON, field: str, limit: int) -> bool:
        language, text = params.get("language_code") or "", params.get(field) or ""
        if language and not re.fullmatch(r"[a-z]{2}", language):
            raise ApiError(400, "Bad Request: LANG_CODE_INVALID")
        if len(text) > limit:
            raise ApiError(400, f"Bad Request: {field} is too long")
        said[language] = text
        return True

    async def api_getUpdates(self, params: JSON) -> list[JSON]:
        offset = int(params.get("offset", 0) or 0)
        self.confirmed = max(self.confirmed, offset)
        self._updates = [u for u in self._updates if u["update_id"] >= offset]
        deadline = time.monotonic() + min(float(params.get("timeout", 0) or 0), 0.5)
        while not self._updates and time.monotonic() < deadline:
            await asyncio.sleep(0.01)
        return self._updates[: int(params.get("limit", 100) or 100)]

    def api_getFile(self, params: JSON) -> JSON:
        if params.get("file_id") not in self._uploads:
            raise ApiError(400, "Bad Request: invalid file_id")
        return self._uploads[params["file_id"]]

    def api_sendChatAction(self, params: JSON) -> bool:
        chat = self._chat(params)
        thread = self._thread(chat, params)
        self.actions.append({"chat_id": chat["id"], "action": params["action"], "thread": thread})
        return True

    def api_sendMessage(self, params: JSON) -> JSON:
        chat = self._chat(params)
        text = self._text(params)
        check_markup(params.get("reply_markup"))
        reply_to = self._reply_target(chat, params.get("reply_parameters"))
        # A reply goes to the topic of the message it replies to; else to the one named.
        thread = (reply_to or {}).get("message_thread_id") or self._thread(chat, params)
        self._flood(chat["id"])
        message = self._store(chat, 0, text, {"from": self.bot})
        message["from"] = self.bot
        message["html"] = params.get("text")
        if reply_to:
            message["reply_to_message"] = reply_to
        if thread:
            message.update(message_thread_id=thread, is_topic_message=True)
        if params.get("reply_markup"):
            message["reply_markup"] = params["reply_markup"]
        self.sent.append(message)
        self.sent_at[(chat["id"], message["message_id"])] = time.monotonic()
        return {k: v for k, v in message.items() if k != "html"}

    def api_editMessageText(self, params: JSON) -> JSON:
        chat = self._chat(params)
        message = self.messages.get((chat["id"], int(params["message_id"])))
        if message is None or message["from"]["id"] != self.bot["id"]:
            raise ApiError(400, "Bad Request: message to edit not found")
        text = self._text(params)
        markup = params.get("reply_markup")
        check_markup(markup)
        if message["html"] == params["text"] and message.get("reply_markup") == markup:
            raise ApiError(
                400,
                "Bad Request: message is not modified: specified new message "
                "content and reply markup are exactly the same",
            )
        self._flood(chat["id"])
        message.update(text=text, html=params["text"], reply_markup=markup)
        return {k: v for k, v in message.items() if k != "html"}

    def api_answerCallbackQuery(self, params: JSON) -> bool:
        query_id = params["callback_query_id"]
        if query_id not in self._callbacks or query_id in self.callback_answers:
            raise ApiError(
                400,
                "Bad Request: query is too old and response timeout expired "
                "or query ID is invalid",
            )
        if len(params.get("text", "")) > 200:
            raise ApiError(400, "Bad Request: MESSAGE_TOO_LONG")
        self.callback_answers[query_id] = params
        return True

    def api_answerInlineQuery(self, params: JSON) -> bool:
        query_id = params["inline_query_id"]
        asked = self._inline.get(query_id)
        if (
            asked is None
            or time.monotonic() - asked > self.inline_expiry
            or (query_id in self.inline_answers)
        ):
            raise ApiError(
                400,
                "Bad Request: query is too old and response timeout expired "
                "or query ID is invalid",
            )
        results = params.get("results", [])
        ids = [r["id"] for r in results]
        if len(results) > INLINE_RESULTS_LIMIT or len(set(ids)) != len(ids):
            raise ApiError(400, "Bad Request: RESULTS_TOO_MUCH or duplicate result id")
        for result in results:
            if not 1 <= len(result["id"].encode()) <= 64 or not result.get("title"):
                raise ApiError(400, "Bad Request: RESULT_ID_INVALID")
            content = result["input_message_content"]
            parse = parse_html if content.get("parse_mode") == "HTML" else _plain
            parse(content["message_text"])
            check_markup(result.get("reply_markup"))
        if len(params.get("next_offset", "").encode()) > 64:
            raise ApiError(400, "Bad Request: NEXT_OFFSET_INVALID")
        self.inline_answers[query_id] = params
        return True

    # ----- rules shared by methods ------------------------------------------------------
    def _chat(self, params: JSON) -> JSON:
        chat_id = int(params["chat_id"])
        for (known, _), message in self.messages.items():
            if known == chat_id:
                chat: JSON = message["chat"]
                return chat
        raise ApiError(400, "Bad Request: chat not found")

    def _thread(self, chat: JSON, params: JSON) -> int | None:
        """The forum topic ``params`` name, which must be one opened in ``chat``."""
        if "message_thread_id" not in params:
            return None
        thread = int(params["message_thread_id"])
        opening = self.messages.get((chat["id"], thread), {})
        if not chat.get("is_forum") or "forum_topic_created" not in opening:
            raise ApiError(400, "Bad Request: message thread not found")
        return thread

    def _text(self, params: JSON) -> str:
        if params.get("parse_mode") == "HTML":
            return parse_html(params.get("text", ""))
        return _plain(params.get("text", ""))

    def _reply_target(self, chat: JSON, reply: JSON | None) -> JSON | None:
        if not reply:
            return None
        target = self.messages.get((int(reply.get("chat_id", chat["id"])), reply["message_id"]))
        if target is None:
            raise ApiError(400, "Bad Request: message to be replied not found")
        return self._as_replied(target)

    def _flood(self, chat_id: int) -> None:
        """About 1 message a second in a chat, 20 a minute in a group, 30 a second in all."""
        if not self.flood_limits:
            return
        now = time.monotonic()
        sends = self._chat_sends[chat_id]
        window, limit = (60.0, 20) if chat_id < 0 else (1.0, 2)
        while sends and now - sends[0] > window:
            sends.popleft()
        while self._all_sends and now - self._all_sends[0] > 1.0:
            self._all_sends.popleft()
        if len(sends) >= limit or len(self._all_sends) >= 30:
            self.floods += 1
            self.flood_reasons.append("chat" if len(sends) >= limit else "all")
            raise ApiError(429, "Too Many Requests: retry after 1", {"retry_after": 1})
        sends.append(now)
        self._all_sends.append(now)


def _plain(text: str) -> str:
    if not text.strip():
        raise ApiError(400, "Bad Request: message text is empty")
    if utf16_length(text) > TEXT_LIMIT:
        raise ApiError(400, "Bad Request: message is too long")
    return text


def _entities(text: str) -> list[JSON]:
    """bot_command, mention and url entities, as Telegram adds them (offsets in UTF-16 units)."""
    entities = []
    for match in re.finditer(r"(?:^/\w+(?:@\w+)?)|(?:@\w{5,32})|(?:https?://\S+)", text):
        first = match.group()[0]
        kind = "bot_command" if first == "/" else "mention" if first == "@" else "url"
        offset = utf16_length(text[: match.start()])
        entities.append({"type": kind, "offset": offset, "length": utf16_length(match.group())})
    return entities


_JSON_PARAMS = {
    "scope",
    "reply_markup",
    "reply_parameters",
    "results",
    "commands",
    "button",
    "link_preview_options",
    "entities",
    "allowed_updates",
}


class _FileEndpoint(tornado.web.RequestHandler):
    """Downloads of uploaded files, as api.telegram.org/file/bot<token>/<file_path> serves."""

    def initialize(self, fake: FakeTelegram) -> None:
        self.fake = fake

    def get(self, token: str, path: str) -> None:
        if token != self.fake.token or path not in self.fake.files:
            self.set_status(404)
            self.finish()
            return
        self.set_header("Content-Type", "application/octet-stream")
        self.finish(self.fake.files[path])


class PageServer:
    """Web pages on 127.0.0.1 for `add URL`: routes map a path to status, type and body.

    A 301/302 route's body is the address it redirects to.
    """

    def __init__(self, routes: dict[str, tuple[int, str, bytes]]) -> None:
        self.routes = routes
        self.requests: list[str] = []
        self.hosts: list[str] = []  # the Host header of each request
        self.delay = 0.0  # seconds each answer waits: a page from far away
        self.most_at_once = 0  # the most requests it answered at the same time
        self._at_once = 0
        self._lock = threading.Lock()
        self._server: http.server.ThreadingHTTPServer | None = None

    def __enter__(self) -> PageServer:
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                with server._lock:
                    server._at_once += 1
                    server.most_at_once = max(server.most_at_once, server._at_once)
                try:
                    time.sleep(server.delay)
                    self._answer()
                finally:
                    with server._lock:
                        server._at_once -= 1

            def _answer(self) -> None:
                server.requests.append(self.path)
                server.hosts.append(self.headers.get("Host", ""))
                status, content_type, body = server.routes.get(
                    self.path, (404, "text/html", b"<h1>Not found</h1>")
                )
                self.send_response(status)
                if status in (301, 302):
                    self.send_header("Location", body.decode())
                    body = b""
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                return

        self._server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        assert self._server is not None
        self._server.shutdown()
        self._server.server_close()

    @property
    def port(self) -> int:
        assert self._server is not None
        return int(self._server.server_address[1])

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"


class _Endpoint(tornado.web.RequestHandler):
    def initialize(self, fake: FakeTelegram) -> None:
        self.fake = fake

    async def post(self, token: str, method: str) -> None:
        fake = self.fake
        if token != fake.token:
            self._reply(401, {"ok": False, "error_code": 401, "description": "Unauthorized"})
            return
        fault = fake.faults.draw(method) if fake.faults else None
        if fault == "drop":
            self.request.connection.close()  # type: ignore[union-attr]
            return
        if fault in ("429", "502"):
            code = int(fault)
            body: JSON = {"ok": False, "error_code": code, "description": "injected fault"}
            if code == 429:
                body["parameters"] = {"retry_after": 1}
            fake.calls.append(f"{method}!{fault}")
            self._reply(code, body)
            return
        try:
            result = await fake.call(method, self._params())
        except ApiError as error:
            body = {"ok": False, "error_code": error.code, "description": error.description}
            if error.parameters:
                body["parameters"] = error.parameters
            self._reply(error.code, body)
            return
        self._reply(200, {"ok": True, "result": result})

    def _params(self) -> JSON:
        if self.request.headers.get("Content-Type", "").startswith("application/json"):
            loaded: JSON = json.loads(self.request.body or b"{}")
            return loaded
        params: JSON = {}
        for name, values in self.request.body_arguments.items():
            raw = values[0].decode()
            params[name] = json.loads(raw) if name in _JSON_PARAMS else raw
        return params

    def _reply(self, status: int, body: JSON) -> None:
        self.set_status(status)
        self.set_header("Content-Type", "application/json")
        self.finish(json.dumps(body))


def _pdf_escaped(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    # The codes of the bullet, the "fi" and "fl" ligatures and the ellipsis in the font's
    # standard encoding.
    marks = {"•": "\\267", "ﬁ": "\\256", "ﬂ": "\\257", "…": "\\274"}
    return "".join(marks.get(c, c) for c in escaped)


def make_pdf(
    paragraphs: list[str],
    title: str = "",
    head: str = "",
    page_lines: int = 0,
    encrypted: bool = False,
    columns: int = 1,
    notes: Sequence[str] = (),
    bold_font: str = "Courier-Bold",
    font: str = "<< /Type /Font /Subtype /Type1 /BaseFont /Courier >>",
    links: Sequence[int] = (),
    creator: str = "",
) -> bytes:
    """A PDF with a text layer, a gap between paragraphs (as a typesetter leaves), set in a
    typewriter font so that a line is as full as its characters. A paragraph's lines are
    wrapped at 80 characters, or where it has line breaks; an item's ("• ...") further lines
    stand under its text; a heading ("# ...") is set larger. ``^{1}`` and ``_{2}`` are set
    smaller, raised and lowered, as a footnote mark or a formula is. A line "# ..." in a
    paragraph is set larger, a line "**...**" in the face named ``bold_font``, both as close
    to the next line as the text's lines are (pdfminer boxes them with it). A tab is a space that
    justified type stretched (to 1.5 ems), where pdfminer cuts the line in pieces; they are
    drawn right to left, as a typesetter may, which is the order pdfminer gives them in.

    With ``page_lines``, the text flows over pages of that many lines, so a page's end may
    cut a paragraph, and each page has ``head`` at its top and its number at its foot, as a
    report's running head and page number; with two ``columns`` (of 38 characters), over
    the left column, then the right, then the next page; ``notes`` are footnotes in small
    type at the foot of the first pages, one a page. An empty list gives a page with
    only a drawn rectangle: a PDF without text, like a scan. ``encrypted`` locks it with a
    password (the standard security handler's, which no empty password opens).
    ``font`` is the text font's dictionary. The paragraphs numbered in ``links`` are links
    (an annotation over each line, as a browser prints a page's links); ``creator`` is the
    program the document information names.
    """
    pages: list[list[str]] = [[]]
    annotations: list[list[str]] = [[]]
    y, left, width = 740, 72, 80 if columns == 1 else 38
    for index, paragraph in enumerate(paragraphs):
        lines = paragraph.split("\n") if "\n" in paragraph else textwrap.wrap(paragraph, width)
        for number, line in enumerate(lines):
            if page_lines and len(pages[-1]) == page_lines * columns:
                pages.append([])
                annotations.append([])
                y, left = 740, 72
            elif page_lines and len(pages[-1]) == page_lines and left == 72 and columns == 2:
                y, left = 740, 350
            x = left if number == 0 or not paragraph.startswith("• ") else left + 12
            heading = line.startswith("# ") or ("\n" not in paragraph and paragraph[:2] == "# ")
            bold = len(line) > 4 and line.startswith("**") and line.endswith("**")
            pieces = (line[2:-2] if bold else line.removeprefix("# ")).split("\t")
            at = [
                x + sum(len(piece) * 6.6 + 16.5 for piece in pieces[:i])
                for i in range(len(pieces))
            ]
            for piece, piece_x in reversed(list(zip(pieces, at, strict=True))):
                shown = _pdf_shown(piece, 16 if heading else 11, "F2" if bold else "F1")
                pages[-1].append(f"BT {piece_x:g} {y} Td {shown} ET")
            if index in links:
                rect = f"{x} {y - 3} {x + len(line) * 6.6:g} {y + 10}"
                annotations[-1].append(
                    f"<< /Type /Annot /Subtype /Link /Rect [{rect}] /Border [0 0 0] "
                    "/A << /S /URI /URI (https://news.example.org/) >> >>"
                )
            y -= 14
        y -= 30
    if page_lines:
        for number, page in enumerate(pages, start=1):
            page.extend([f"BT 72 770 Td {_pdf_shown(head)} ET"] if head else [])
            page.append(f"BT 300 40 Td {_pdf_shown(str(number))} ET")
            if number <= len(notes):
                page.append(f"BT 72 70 Td {_pdf_shown(notes[number - 1], 8)} ET")
    streams = ["\n".join(page) for page in pages] if paragraphs else ["0.5 g 72 600 200 100 re f"]
    info = (
        "<< "
        + (f"/Title ({title}) " if title else "")
        + (f"/Creator ({creator}) " if creator else "")
        + ">>"
    )
    kids = " ".join(f"{5 + 2 * i} 0 R" for i in range(len(streams)))
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{kids}] /Count {len(streams)} >>",
        font,
        info,
    ]
    for i, stream in enumerate(streams):
        objects.append(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
            f"/Contents {6 + 2 * i} 0 R /Resources << /Font << /F1 3 0 R "
            f"/F2 {5 + 2 * len(streams)} 0 R >> >> /Annots [{' '.join(annotations[i])}] >>"
        )
        objects.append(
            f"<< /Length {len(stream.encode('latin-1'))} >>\nstream\n{stream}\nendstream"
        )
    widths = " ".join(["600"] * 95)  # a bold face of Courier's widths, under any name
    objects.append(
        f"<< /Type /Font /Subtype /Type1 /BaseFont /{bold_font} /FirstChar 32 /LastChar 126 "
        f"/Widths [{widths}] /FontDescriptor << /Type /FontDescriptor /FontName /{bold_font} "
        "/Flags 262177 /FontBBox [-23 -250 715 805] /ItalicAngle 0 /Ascent 629 /Descent -157 "
        "/CapHeight 562 /StemV 106 >> >>"
    )
    locked = ""
    if encrypted:
        objects.append(
            f"<< /Filter /Standard /V 1 /R 2 /O <{'ab' * 32}> /U <{'cd' * 32}> /P -4 >>"
        )
        locked = f" /Encrypt {len(objects)} 0 R /ID [<{'01' * 16}> <{'01' * 16}>]"
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += "".join(f"{offset:010d} 00000 n \n" for offset in offsets).encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R /Info 4 0 R{locked} >>\n".encode()
    out += f"startxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def _pdf_shown(line: str, size: int = 11, font: str = "F1") -> str:
    """The operators that show one line, its ``^{...}`` raised and ``_{...}`` lowered."""
    shows, parts = [], re.split(r"([\^_])\{([^}]*)\}", line)
    for i in range(0, len(parts), 3):  # text, then a mark and what it sets
        shows.append(f"/{font} {size} Tf 0 Ts ({_pdf_escaped(parts[i])}) Tj")
        if i + 2 < len(parts):
            rise = 5 if parts[i + 1] == "^" else -2
            shows.append(f"/F1 7 Tf {rise} Ts ({_pdf_escaped(parts[i + 2])}) Tj")
    return " ".join(shows)


_W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _add_notes(document: Any, kind: str, notes: Sequence[str]) -> None:
    """Word's notes part: its two separator notes, then each note (its number a mark Word
    draws, then a space and the text), and a reference to each at the end of the first
    paragraph."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part
    from docx.oxml.parser import parse_xml

    separators = "".join(
        f'<w:{kind} w:type="{t}" w:id="{i}"><w:p><w:r><w:{t}/></w:r></w:p></w:{kind}>'
        for i, t in ((-1, "separator"), (0, "continuationSeparator"))
    )
    body = "".join(
        f'<w:{kind} w:id="{i}"><w:p><w:pPr><w:pStyle w:val="{kind.title()}Text"/></w:pPr>'
        f'<w:r><w:{kind}Ref/></w:r><w:r><w:t xml:space="preserve"> </w:t></w:r>'
        f"<w:r><w:t>{escape(note)}</w:t></w:r></w:p></w:{kind}>"
        for i, note in enumerate(notes, start=1)
    )
    xml = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:{kind}s {_W}>'
    content = f"application/vnd.openxmlformats-officedocument.wordprocessingml.{kind}s+xml"
    part = Part(
        PackURI(f"/word/{kind}s.xml"), content,
        (xml + separators + body + f"</w:{kind}s>").encode(), document.part.package,
    )  # fmt: skip
    document.part.relate_to(part, RT.FOOTNOTES if kind == "footnote" else RT.ENDNOTES)
    first = document.paragraphs[0]._p
    for i in range(1, len(notes) + 1):
        first.append(parse_xml(f'<w:r {_W}><w:{kind}Reference w:id="{i}"/></w:r>'))


def make_mhtml(html: str, url: str, title: str = "", charset: str = "") -> bytes:
    """A page as Chrome saves it as one file ("Webpage, Single File"): mail headers, then the
    page's HTML as a quoted-printable part naming no charset (its bytes are UTF-8, as its
    ``<meta charset>`` says; other browsers may name one: ``charset``) and a picture part, in
    a multipart/related message."""
    boundary = "----MultipartBoundary--q4yZ2mwFvM6VXl7dVd1s0cbiR1jYyYu3gfqMzQ1NPl----"
    body = quopri.encodestring(html.encode("utf-8")).decode("ascii").replace("\n", "\r\n")
    return (
        "From: <Saved by Blink>\r\n"
        f"Snapshot-Content-Location: {url}\r\n"
        f"Subject: {Header(title, 'utf-8').encode()}\r\n"  # as Chrome writes it: =?utf-8?Q?...
        "Date: Mon, 7 Dec 2026 10:00:00 -0000\r\n"
        "MIME-Version: 1.0\r\n"
        "Content-Type: multipart/related;\r\n"
        '\ttype="text/html";\r\n'
        f'\tboundary="{boundary}"\r\n\r\n\r\n'
        f"--{boundary}\r\n"
        f"Content-Type: text/html{f'; charset={charset}' if charset else ''}\r\n"
        "Content-ID: <frame-2B3C9E41@mhtml.blink>\r\n"
        "Content-Transfer-Encoding: quoted-printable\r\n"
        f"Content-Location: {url}\r\n\r\n"
        f"{body}\r\n\r\n"
        f"--{boundary}\r\n"
        "Content-Type: image/png\r\n"
        "Content-Transfer-Encoding: base64\r\n"
        f"Content-Location: {url.rstrip('/')}/photo.png\r\n\r\n"
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==\r\n\r\n"
        f"--{boundary}--\r\n"
    ).encode("ascii")


def make_webarchive(html: str, url: str, charset: str = "UTF-8") -> bytes:
    """A page as Safari saves it ("Web Archive", its default "Save As"): a binary property
    list holding the page's bytes, their encoding (``charset``) and address, and a picture
    beside it."""

    def resource(data: bytes, mime: str, address: str) -> dict[str, Any]:
        return {"WebResourceData": data, "WebResourceMIMEType": mime, "WebResourceURL": address}

    page = {**resource(html.encode("utf-8"), "text/html", url), "WebResourceFrameName": ""}
    page["WebResourceTextEncodingName"] = charset
    picture = resource(b"\x89PNG\r\n\x1a\n", "image/png", f"{url.rstrip('/')}/photo.png")
    archive = {"WebMainResource": page, "WebSubresources": [picture]}
    return plistlib.dumps(archive, fmt=plistlib.FMT_BINARY)


_ODF = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/" '
    'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" office:version="1.3"'
)


def make_odt(body: str, title: str = "", styles: str = "", kind: str = "text") -> bytes:
    """An OpenDocument text as LibreOffice writes it: a ZIP whose first entry, stored, is its
    "mimetype"; ``body`` is the XML inside ``office:text``, ``styles`` the automatic styles';
    ``title`` the file's title (meta.xml); another ``kind`` ("spreadsheet") names another
    OpenDocument type."""
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {_ODF}>'
        f"<office:automatic-styles>{styles}</office:automatic-styles>"
        f"<office:body><office:text>{body}</office:text></office:body>"
        "</office:document-content>"
    )
    meta = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-meta {_ODF}><office:meta>'
        f"<dc:title>{escape(title)}</dc:title><meta:initial-creator>Ed</meta:initial-creator>"
        "</office:meta></office:document-meta>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
        'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
        '<manifest:file-entry manifest:full-path="/" '
        'manifest:media-type="application/vnd.oasis.opendocument.text"/></manifest:manifest>'
    )
    parts = {"content.xml": content, "meta.xml": meta, "META-INF/manifest.xml": manifest}
    return _package(f"application/vnd.oasis.opendocument.{kind}", parts)


def _package(mimetype: str, parts: Mapping[str, str | bytes]) -> bytes:
    """A ZIP as OpenDocument and EPUB files are written: first its ``mimetype`` entry, stored
    (none when ""), then the parts."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        if mimetype:
            archive.writestr("mimetype", mimetype, compress_type=zipfile.ZIP_STORED)
        for name, content in parts.items():
            archive.writestr(name, content)
    return out.getvalue()


def rewritten(data: bytes, change: Callable[[str, bytes], bytes | None]) -> bytes:
    """A ZIP package with each part changed by ``change`` (None: the part left out)."""
    written = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(written, "w") as target:
        for name in source.namelist():
            content = change(name, source.read(name))
            if content is not None:
                target.writestr(name, content)
    return written.getvalue()


def macro_enabled(name: str, content: bytes) -> bytes:
    """A Word document's part as Word saves a macro-enabled document (.docm): the text's part
    typed so, which python-docx refuses. (Its macros, a part of their own, are never run.)"""
    word = b"openxmlformats-officedocument.wordprocessingml.document.main+xml"
    return content.replace(word, b"ms-word.document.macroEnabled.main+xml")


def make_epub(
    chapters: Sequence[str | bytes],
    metadata: str = "<dc:title>Bridge approved</dc:title>",
    spine: str = "",
    guide: str = "",
    mimetype: bool = True,
    extra: Mapping[str, str | bytes] | None = None,
) -> bytes:
    """An EPUB 3 book as e-book programs write it: a ZIP whose first entry, stored, is its
    "mimetype"; a container naming the package; the package's ``metadata`` (Dublin Core, the
    ``dc:`` prefix); a navigation document listing the chapters; each of ``chapters`` the body
    of one XHTML chapter (bytes: the whole file) linking the stylesheet OEBPS/styles/book.css,
    read in order unless ``spine`` gives the package's own itemrefs (``ch1``… by id); ``guide``
    its EPUB 2 guide; ``extra`` more parts by path (the stylesheet, which a book may lack)."""
    manifest = ['<item id="nav" href="nav.xhtml" properties="nav" '
                'media-type="application/xhtml+xml"/>']  # fmt: skip
    files, links = {}, []
    for number, chapter in enumerate(chapters, 1):
        name = f"text/ch{number}.xhtml"
        files[name] = chapter if isinstance(chapter, bytes) else _xhtml(chapter)
        manifest.append(
            f'<item id="ch{number}" href="{name}" media-type="application/xhtml+xml"/>'
        )
        links.append(f'<li><a href="{name}">Chapter {number}</a></li>')
    itemrefs = spine or "".join(f'<itemref idref="ch{n}"/>' for n in range(1, len(chapters) + 1))
    files["nav.xhtml"] = _xhtml(
        f'<nav epub:type="toc"><h1>Contents</h1><ol>{"".join(links)}</ol></nav>'
    )
    package = (
        '<?xml version="1.0" encoding="UTF-8"?><package xmlns="http://www.idpf.org/2007/opf" '
        'version="3.0" unique-identifier="id"><metadata '
        'xmlns:dc="http://purl.org/dc/elements/1.1/">'
        '<dc:identifier id="id">urn:uuid:1</dc:identifier>'
        f"{metadata}</metadata><manifest>{''.join(manifest)}</manifest>"
        f"<spine>{itemrefs}</spine>{guide}</package>"
    )
    container = (
        '<?xml version="1.0"?><container version="1.0" '
        'xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles><rootfile '
        'full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/>'
        "</rootfiles></container>"
    )
    parts: dict[str, str | bytes] = {
        "META-INF/container.xml": container, "OEBPS/content.opf": package,
    }  # fmt: skip
    parts.update((f"OEBPS/{name}", content) for name, content in files.items())
    parts.update(extra or {})
    return _package("application/epub+zip" if mimetype else "", parts)


def _xhtml(body: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8"?><html xmlns="http://www.w3.org/1999/xhtml" '
        'xmlns:epub="http://www.idpf.org/2007/ops"><head><title>Chapter</title>'
        '<link rel="stylesheet" type="text/css" href="../styles/book.css"/></head>'
        f"<body>{body}</body></html>"
    ).encode()


def make_docx(
    paragraphs: list[str],
    title: str = "",
    heading: str = "",
    items: Sequence[str] = (),
    rows: Sequence[Sequence[str]] = (),
    footnotes: Sequence[str] = (),
    endnotes: Sequence[str] = (),
    raw: Sequence[str] = (),
    numbering: str = "",
    links: Sequence[tuple[str, str]] = (),
) -> bytes:
    """A Word document written by python-docx: a "Title" paragraph, a heading, paragraphs, a
    bulleted list and a table, in that order, each only when given, then ``raw`` body elements
    (WordprocessingML with the ``w:`` prefix, as Word writes what python-docx cannot: tracked
    changes, content controls, numbered lists, whose ``numbering`` definitions join
    python-docx's own), a paragraph "See TEXT." for each of ``links`` (text, address), its
    text a link to a web page; and notes, referred to from the first paragraph."""
    document = docx.Document()
    if title:
        document.add_paragraph(title, style="Title")
    if heading:
        document.add_heading(heading, level=2)
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    for item in items:
        document.add_paragraph(item, style="List Bullet")
    if rows:
        table = document.add_table(rows=len(rows), cols=len(rows[0]))
        for cells, row in zip(table.rows, rows, strict=True):
            for cell, text in zip(cells.cells, row, strict=True):
                cell.text = text
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.oxml.ns import nsdecls
    from docx.oxml.parser import parse_xml

    body = document.element.body
    for element in raw:  # before the section properties, which Word wants last
        body.insert(len(body) - 1, parse_xml(re.sub(r"^<w:(\w+)", rf"<w:\1 {_W}", element)))
    for text, address in links:
        linked = document.add_paragraph("See ")
        rid = document.part.relate_to(address, RT.HYPERLINK, is_external=True)
        linked._p.append(
            parse_xml(
                f'<w:hyperlink {nsdecls("w", "r")} r:id="{rid}"><w:r><w:t>{escape(text)}</w:t>'
                "</w:r></w:hyperlink>"
            )
        )
        linked.add_run(".")
    if numbering:
        defined = document.part.numbering_part.element
        defined.extend(list(parse_xml(f"<w:numbering {_W}>{numbering}</w:numbering>")))
    for kind, notes in (("footnote", footnotes), ("endnote", endnotes)):
        if notes:
            _add_notes(document, kind, notes)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
