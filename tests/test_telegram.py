"""The bot end to end: the real Application against the fake Bot API on 127.0.0.1."""

import asyncio
import itertools
import re
import shutil
import sqlite3
import threading
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from bot import semantic
from bot.corpus import load_corpus
from bot.index import MemoryEngine
from bot.library import index_path, open_library
from bot.search import THREAD_DEPTH, Hit, Library
from bot.tg import messages
from bot.tg.answers import AnswerStore, Asked
from bot.tg.app import describe
from bot.tg.serve import serve_settings
from bot.tg.texts import ENGLISH, LANGUAGES, RUSSIAN
from tests.conftest import SEEDS, StartBot
from tests.fakes import FakeTelegram, parse_html

WriteCorpus = Callable[[dict[str, str | bytes]], Path]
USER = 1001


async def ask_private(telegram: FakeTelegram, text: str, user: int = USER) -> dict:
    question = telegram.private(user, text)
    replies = await telegram.wait_for(lambda: telegram.after(question))
    return replies[0]


async def first_reply(telegram: FakeTelegram, message: dict) -> dict:
    """The bot's first reply to ``message``, once it has come."""
    return (await telegram.wait_for(lambda: telegram.replies_to(message)))[0]


def buttons(message: dict) -> dict[str, str]:
    rows = message.get("reply_markup", {}).get("inline_keyboard", [])
    return {b["text"]: b.get("callback_data") or b.get("url") for row in rows for b in row}


async def test_private_question_gets_quoted_cited_reply(telegram: FakeTelegram, bot) -> None:
    question = telegram.private(USER, "Which river did civilians flee toward?")
    reply = await first_reply(telegram, question)
    html = reply["html"]
    assert html.count("<blockquote") <= 3
    assert "<b>river</b>" in html.lower() or "<b>River</b>" in html
    assert '<a href="https://caspianpost.com/opinion/' in html and "paragraph 3" in html
    assert "Gargarchay River came under fire" in reply["text"]
    assert "sendChatAction" not in telegram.calls  # a quick answer needs no "typing…"
    assert telegram.errors == []


async def test_a_question_in_russian_gets_the_english_quote(
    telegram: FakeTelegram, start_bot: StartBot, meaning_library: Library
) -> None:
    await start_bot(meaning_library)
    reply = await ask_private(telegram, "Сколько детей было убито в Ходжалы?")
    assert "63 children" in reply["text"] and "<blockquote" in reply["html"]
    assert telegram.errors == []


async def test_a_pasted_list_is_answered_in_order_with_typing_while_waiting(
    telegram: FakeTelegram, bot
) -> None:
    topics = ["weapons depots", "Gargarchay River", "366th regiment", "Soviet troops"]
    asked = [telegram.private(USER, topic) for topic in topics]
    await telegram.wait_for(lambda: all(telegram.replies_to(q) for q in asked), timeout=15)
    order = [telegram.replies_to(q)[0]["message_id"] for q in asked]
    assert order == sorted(order)  # answers come in the order the questions were sent
    assert "sendChatAction" in telegram.calls  # later answers wait ~1 s each for their turn
    assert telegram.errors == []


async def test_every_quote_in_a_reply_is_a_whole_paragraph_of_its_file(
    telegram: FakeTelegram, bot, seeds_library: Library
) -> None:
    paragraphs = {p.text for p in seeds_library.engine.passages}  # type: ignore[attr-defined]
    reply = await ask_private(telegram, "366th regiment assault Khojaly")
    quoted = [q for q in paragraphs if q in reply["text"]]
    assert quoted and reply["text"].count("\n— ") == len(quoted)


async def test_no_match_gets_the_fixed_text(telegram: FakeTelegram, bot) -> None:
    reply = await ask_private(telegram, "What is the capital of France?")
    assert reply["text"] == ENGLISH.no_match and "/sources" in reply["text"]


async def test_a_greeting_gets_told_what_to_ask(telegram: FakeTelegram, bot) -> None:
    reply = await ask_private(telegram, "Привет!")
    assert reply["text"] == parse_html(ENGLISH.small_talk)
    answer = await ask_private(telegram, "weapons depots")
    thanks = telegram.private(USER, "спасибо", reply_to=answer)  # not read as a follow-up
    reply = await first_reply(telegram, thanks)
    assert reply["text"] == parse_html(ENGLISH.small_talk)


async def test_only_stop_words_get_a_hint(telegram: FakeTelegram, bot) -> None:
    reply = await ask_private(telegram, "what did they")
    assert "words you would look for" in reply["text"]


async def test_more_context_and_back_buttons_edit_the_answer(telegram: FakeTelegram, bot) -> None:
    reply = await ask_private(telegram, "Khojaly regiment")
    first = reply["html"]
    assert set(buttons(reply)) >= {"More quotes ▸", "Context"}
    first_quotes = set(reply["html"].split("</blockquote>")[:-1])
    query = telegram.press(reply, buttons(reply)["More quotes ▸"])
    await telegram.wait_for(lambda: reply["html"] != first)
    assert query in telegram.callback_answers
    assert "◂ Previous" in buttons(reply)
    second = reply["html"]
    assert first_quotes.isdisjoint(second.split("</blockquote>")[:-1])  # the next quotes
    telegram.press(reply, buttons(reply)["◂ Previous"])
    await telegram.wait_for(lambda: reply["html"] == first)
    telegram.press(reply, buttons(reply)["More quotes ▸"])
    await telegram.wait_for(lambda: reply["html"] == second)
    telegram.press(reply, buttons(reply)["Context"])
    await telegram.wait_for(lambda: reply["html"] != second)
    assert reply["html"].count("<blockquote>") >= 2 and "paragraphs " in reply["html"]
    telegram.press(reply, buttons(reply)["◂ Back to the answer"])
    await telegram.wait_for(lambda: reply["html"] == second)
    assert telegram.errors == []


async def test_more_in_words_under_an_answer_replies_with_its_next_quotes(
    telegram: FakeTelegram, bot
) -> None:
    first = await ask_private(telegram, "Khojaly regiment")
    ask_more = telegram.private(USER, "more", reply_to=first)
    second = await first_reply(telegram, ask_more)
    shown = first["html"]
    telegram.press(first, buttons(first)["More quotes ▸"])  # the button shows the same quotes
    await telegram.wait_for(lambda: first["html"] != shown)
    assert second["html"] == first["html"] and "◂ Previous" in buttons(second)
    # Under a page turned by its buttons, or under a page sent for "more", the page after it.
    again = telegram.private(USER, "Ещё!", reply_to=first)
    third = await first_reply(telegram, again)
    telegram.press(second, buttons(second)["More quotes ▸"])
    await telegram.wait_for(lambda: second["html"] == third["html"])
    assert third["html"] not in (shown, first["html"])
    # An answer with nothing after it, and a message of the bot's that is no answer.
    whole = await ask_private(telegram, "weapons depots")
    assert "More quotes ▸" not in buttons(whole)
    done = telegram.private(USER, "next", reply_to=whole)
    assert (await first_reply(telegram, done))["text"] == ENGLISH.no_more
    listing = await ask_private(telegram, "/sources")
    beside = telegram.private(USER, "more", reply_to=listing)
    reply = await first_reply(telegram, beside)
    assert "no searchable words" in reply["text"] and telegram.errors == []


async def test_a_typo_read_otherwise_is_said_on_every_page(telegram: FakeTelegram, bot) -> None:
    reply = await ask_private(telegram, "Khojaly regimant")
    line = "<i>Read “regimant” as “regiment”.</i>"
    first = reply["html"]
    assert first.startswith(line) and first.count(line) == 1
    telegram.press(reply, buttons(reply)["More quotes ▸"])
    await telegram.wait_for(lambda: reply["html"] != first)
    assert reply["html"].startswith(line)
    telegram.press(reply, buttons(reply)["Context"])
    await telegram.wait_for(lambda: not reply["html"].startswith(line))
    plain = await ask_private(telegram, "Khojaly regiment")
    assert "Read " not in plain["html"]
    assert telegram.errors == []


async def test_a_reader_whose_app_is_in_russian_gets_the_bots_own_words_in_russian(
    telegram: FakeTelegram, bot
) -> None:
    """The help, the buttons, the notes and the fixed replies follow the language Telegram
    says the user's app is in; the quotes and their citations stay as the articles write
    them. A language the bot does not speak gets English."""
    reader, visitor = 3001, 3002
    telegram.languages.update({reader: "ru", visitor: "de"})
    start = await ask_private(telegram, "/start", user=reader)
    assert start["text"] == RUSSIAN.start
    listed = await ask_private(telegram, "/sources", user=reader)
    assert listed["text"].startswith("Источники (цитирую только их):")
    assert "(8 абзацев)" in listed["text"] and "(14 абзацев)" in listed["text"]
    reply = await ask_private(telegram, "Khojaly regimant", user=reader)
    line = "<i>Прочитано: «regimant» как «regiment».</i>"
    assert reply["html"].startswith(line) and "· paragraph " in reply["text"]
    assert set(buttons(reply)) >= {"Ещё цитаты ▸", "Контекст", "Источник ↗"}
    first = reply["html"]
    telegram.press(reply, buttons(reply)["Ещё цитаты ▸"], user_id=reader)
    await telegram.wait_for(lambda: reply["html"] != first)
    assert {"◂ Назад", "Ещё цитаты ▸"} & set(buttons(reply)) and reply["html"].startswith(line)
    shown = reply["html"]
    telegram.press(reply, buttons(reply)["Контекст"], user_id=reader)
    await telegram.wait_for(lambda: reply["html"] != shown)
    assert "▸ цитата" in reply["text"] and "◂ К ответу" in buttons(reply)
    forged = telegram.press(reply, "p:x", user_id=reader)
    await telegram.wait_for(lambda: forged in telegram.callback_answers)
    assert telegram.callback_answers[forged]["text"] == RUSSIAN.invalid
    unmatched = [
        await ask_private(telegram, "recipe for pancakes", user=u) for u in (reader, visitor)
    ]
    assert [r["text"] for r in unmatched] == [RUSSIAN.no_match, ENGLISH.no_match]
    query = telegram.inline(reader, "Khojaly regiment")
    answer = await telegram.wait_for(lambda: telegram.inline_answers.get(query))
    assert answer["is_personal"] == "true"  # cached for the asker: its buttons are in Russian
    sent = answer["results"][0]
    assert sent["reply_markup"]["inline_keyboard"][0][0]["text"] == "Источник ↗"
    assert telegram.errors == []


async def test_a_quoted_phrase_no_passage_says_is_said_above_the_quotes(
    telegram: FakeTelegram, bot
) -> None:
    reply = await ask_private(telegram, 'did they write "genocide against humanity"')
    assert reply["html"].startswith(
        "<i>No passage says “genocide against humanity” word for word.</i>\n\n<blockquote"
    )
    assert "<blockquote" in reply["html"]
    miss = await ask_private(telegram, "“xylophone orchestra”")
    assert miss["text"].startswith("No passage says “xylophone orchestra” word for word.")
    assert miss["text"].endswith(ENGLISH.no_match)
    # A pasted page in quotation marks: the note shortens it, so the reply still fits.
    long = " ".join(["xylophones orchestra"] * 190)  # with the reply, over 4,096 characters
    pasted = await ask_private(telegram, f'"{long}"')
    assert pasted["text"].startswith("No passage says “xylophones orchestra xylophones")
    assert "…” word for word." in pasted["text"] and pasted["text"].endswith(ENGLISH.no_match)
    assert telegram.errors == []


def test_the_read_as_line_is_escaped_and_gives_way_to_a_long_quote() -> None:
    passage = load_corpus(SEEDS).passages[0]
    hit = Hit(passage, 1.0, 1, frozenset())
    text, _ = messages.format_answer_html([hit], ENGLISH, {"a<b": "c&d"})
    assert text.startswith("<i>Read “a&lt;b” as “c&amp;d”.</i>")

    # A quote that fits a message alone, but not under the line: the line gives way.
    def quote(n: int) -> Hit:
        return Hit(replace(passage, text="word " * n), 1.0, 1, frozenset())

    size = messages.visible_length(messages.format_quote_html(quote(1).passage, frozenset()))
    n = (messages.MESSAGE_LIMIT - size) // 5
    assert messages.format_answer_html([quote(n)], ENGLISH)[0].count("<blockquote") == 1
    text, shown = messages.format_answer_html([quote(n)], ENGLISH, {"x": "y"})
    assert shown == 1 and "<blockquote" in text and "Read" not in text


async def test_source_button_links_to_the_article(telegram: FakeTelegram, bot) -> None:
    reply = await ask_private(telegram, "Gargarchay River")
    assert buttons(reply)["Source ↗"].startswith("https://caspianpost.com/")


async def test_callback_data_fits_64_bytes(telegram: FakeTelegram, bot) -> None:
    reply = await ask_private(telegram, "Khojaly")
    assert all(len((d or "").encode()) <= 64 for d in buttons(reply).values())


async def test_forged_and_stale_button_data_get_a_notice(telegram: FakeTelegram, bot) -> None:
    reply = await ask_private(telegram, "weapons depots")
    before = reply["html"]
    forged = [telegram.press(reply, d) for d in ("x" * 64, "c:-1", "p:1; DROP", "")]
    beyond = telegram.press(reply, "p:99")
    await telegram.wait_for(lambda: all(q in telegram.callback_answers for q in [*forged, beyond]))
    assert {telegram.callback_answers[q].get("text") for q in forged} == {ENGLISH.invalid}
    assert telegram.callback_answers[beyond]["text"] == ENGLISH.expired
    assert reply["html"] == before and telegram.errors == []


async def test_buttons_work_on_an_old_answer_whose_question_was_deleted(
    telegram: FakeTelegram, bot
) -> None:
    question = telegram.private(USER, "Khojaly regiment")
    reply = await first_reply(telegram, question)
    first = reply["html"]
    telegram.delete(question)
    press = telegram.press(reply, buttons(reply)["More quotes ▸"], inaccessible=True)
    await telegram.wait_for(lambda: reply["html"] != first)
    assert telegram.callback_answers[press].get("text") is None  # no notice: it worked
    assert "◂ Previous" in buttons(reply) and telegram.errors == []


def first_quote(message: dict) -> str:
    return message["html"].split("</blockquote>")[0]


async def reply_private(
    telegram: FakeTelegram, replied: dict, text: str, quote: str = ""
) -> tuple[dict, dict]:
    """A reply to ``replied`` (quoting ``quote`` of it), and the bot's answer to it."""
    question = telegram.private(USER, text, reply_to=replied, quote=quote)
    return question, await first_reply(telegram, question)


@pytest.fixture
async def four_articles_bot(start_bot: StartBot, four_articles: Path) -> None:
    """The bot on the seeds and two saved pages, where a follow-up needs its article."""
    await start_bot(Library(MemoryEngine(load_corpus(four_articles))))


async def test_a_reply_to_an_answer_is_read_as_its_follow_up(
    telegram: FakeTelegram, four_articles_bot: None
) -> None:
    earlier = await ask_private(telegram, "how much is LVMH giving the Louvre")
    question = "what does the company get in return?"
    follow_up, reply = await reply_private(telegram, earlier, question)
    assert "reply_to_message" not in follow_up["reply_to_message"]  # replies do not nest
    assert "which will display the Chardin" in first_quote(reply)
    first = reply["html"]
    telegram.press(reply, buttons(reply)["More quotes ▸"], inaccessible=True)
    await telegram.wait_for(lambda: reply["html"] != first)
    assert "the team’s biggest hurdle" in first_quote(reply)  # the follow-up's next quote
    # A reply to the follow-up's answer keeps to the thread's article: "what does the company
    # get in return?" alone would put the telescope's page first.
    _, deeper = await reply_private(telegram, reply, "what is it worth")
    first_citation = deeper["html"].split("</blockquote>")[1].split("\n")[1]
    assert "LVMH Gives the Louvre" in first_citation
    # A reply to the user's own message, or to a bot message that is no answer, stands alone.
    no_match = await ask_private(telegram, "qwertyuiop")
    for replied in (follow_up, no_match):
        _, answer = await reply_private(telegram, replied, question)
        assert "the team’s biggest hurdle" in first_quote(answer)
    assert telegram.errors == []


async def test_a_reply_quoting_one_quote_follows_up_that_quote_s_article(
    telegram: FakeTelegram, four_articles_bot: None
) -> None:
    # Quotes from two articles: the telescope's funding first, then the Louvre's.
    earlier = await ask_private(telegram, "who is funding it")
    assert "the team’s biggest hurdle" in first_quote(earlier)
    louvre = "two and a half years to scrounge up funding"
    assert louvre in earlier["text"]
    _, on_first = await reply_private(telegram, earlier, "what is it for?")
    assert "the team’s biggest hurdle" in first_quote(on_first)
    quoting, on_quoted = await reply_private(telegram, earlier, "what is it for?", louvre)
    assert quoting["quote"]["text"] == louvre
    assert "Under the painting’s new classification" in first_quote(on_quoted)
    first = on_quoted["html"]  # its buttons keep to the quoted article too
    telegram.press(on_quoted, buttons(on_quoted)["Context"], inaccessible=True)
    await telegram.wait_for(lambda: on_quoted["html"] != first)
    assert "¶4 ▸ the quote" in on_quoted["html"] and "paragraphs 3–5" in on_quoted["html"]
    # Quoting a quote's citation, not its words, says which quote as well.
    citation = "Alexandra Tremayne-Pengelly, Observer · paragraph 4"
    assert citation in earlier["text"] and "Alexandra" not in first_quote(earlier)
    _, on_citation = await reply_private(telegram, earlier, "what is it for?", citation)
    assert "Under the painting’s new classification" in first_quote(on_citation)
    assert telegram.errors == []


def test_answers_stored_before_follow_ups_are_still_recalled(tmp_path: Path) -> None:
    path = tmp_path / "answers.sqlite3"
    with sqlite3.connect(path) as old:  # the store as written before it kept ``earlier``
        old.execute(
            "CREATE TABLE answers (id INTEGER PRIMARY KEY, chat INTEGER NOT NULL,"
            " message INTEGER NOT NULL, question TEXT NOT NULL, UNIQUE (chat, message))"
        )
        old.execute("INSERT INTO answers (chat, message, question) VALUES (1, 2, 'Baku')")
    old.close()
    store = AnswerStore(path)
    assert store.recall(1, 2) == ("Baku", "", "", ()) and store.shown_from(1, 2) == 0
    store.turned(1, 2, 3)  # its buttons showed the fourth quote on: "more" goes on from there
    assert store.shown_from(1, 2) == 3
    store.remember(1, 3, Asked("why?", "How did the world react?", "limited"))
    assert store.recall(1, 3) == ("why?", "How did the world react?", "limited", ())
    thread = (("why?", ""), ("How did the world react?", "limited"))
    store.remember(1, 4, Asked("who said so?", "And Russia?", "", thread))
    store.close()
    store = AnswerStore(path)  # the thread survives a restart
    assert store.recall(1, 4) == ("who said so?", "And Russia?", "", thread)
    store.close()


def test_replies_to_questions_are_kept_across_restarts_and_bounded(tmp_path: Path) -> None:
    path = tmp_path / "answers.sqlite3"
    store = AnswerStore(path, limit=2)
    for question in (10, 11, 12):
        store.replied(1, question, question + 100)
    store.close()
    store = AnswerStore(path, limit=2)
    assert [store.reply_to(1, q) for q in (10, 11, 12)] == [None, 111, 112]
    assert store.reply_to(2, 11) is None  # another chat's message 11
    store.close()


def test_a_reply_carries_the_thread_it_replies_in() -> None:
    first = Asked("how much is LVMH giving the Louvre")
    second = first.replied("what does the company get in return?", "")
    assert second == Asked("what does the company get in return?", first.question, "", ())
    third = second.replied("what is it worth", "tax break")
    assert third.earlier == second.question and third.quoted == "tax break"
    assert third.thread == ((first.question, ""),)
    deep = third
    for n in range(THREAD_DEPTH + 3):
        deep = deep.replied(f"and {n}?", "")
    assert len(deep.thread) == THREAD_DEPTH


async def test_buttons_work_after_a_restart(
    telegram: FakeTelegram, start_bot: StartBot, tmp_path: Path
) -> None:
    application = await start_bot(answers=AnswerStore(tmp_path / "answers.sqlite3"))
    reply = await ask_private(telegram, "Khojaly regiment")
    first = reply["html"]
    assert application.updater is not None
    await application.updater.stop()
    await application.stop()
    await application.shutdown()
    await start_bot(answers=AnswerStore(tmp_path / "answers.sqlite3"))
    telegram.press(reply, buttons(reply)["Context"], inaccessible=True)
    await telegram.wait_for(lambda: reply["html"] != first)
    assert "the quote" in reply["text"] and telegram.errors == []


async def test_a_press_on_a_forgotten_answer_gets_a_short_notice(
    telegram: FakeTelegram, start_bot: StartBot
) -> None:
    await start_bot(answers=AnswerStore(limit=1))
    old = await ask_private(telegram, "weapons depots")
    await ask_private(telegram, "Gargarchay River")  # pushes the first answer out
    press = telegram.press(old, "c:0", inaccessible=True)
    await telegram.wait_for(lambda: press in telegram.callback_answers)
    assert telegram.callback_answers[press]["text"] == ENGLISH.expired
    assert len(ENGLISH.expired) <= 200 and telegram.errors == []


async def test_context_marks_which_paragraph_is_the_quote(
    telegram: FakeTelegram, bot, seeds_library: Library
) -> None:
    reply = await ask_private(telegram, "Gargarchay River")
    telegram.press(reply, buttons(reply)["Context"])
    await telegram.wait_for(lambda: "the quote" in reply["text"])
    top = seeds_library.search("Gargarchay River", top=1)[0].passage
    marked = reply["text"].split("▸ the quote\n", 1)[1]
    assert marked.startswith(top.text)  # the marked block is the hit, verbatim
    assert f"¶{top.number} ▸ the quote" in reply["text"]
    neighbours = seeds_library.engine.around(top, radius=1)
    assert all(p.text in reply["text"] for p in neighbours) and len(neighbours) >= 2


async def test_commands_are_registered_and_answered(telegram: FakeTelegram, bot) -> None:
    await telegram.wait_for(lambda: telegram.commands)
    names = {c["command"] for c in telegram.commands}
    assert names == {"start", "help", "sources", "ask"}
    start = await ask_private(telegram, "/start")
    assert start["text"] == ENGLISH.start
    help_reply = await ask_private(telegram, "/help")
    assert all(f"/{name}" in help_reply["text"] for name in names - {"start"})
    sources = await ask_private(telegram, "/sources")
    assert "Caspian Post" in sources["text"] and "AzerNEWS" in sources["text"]
    asked = await ask_private(telegram, "/ask weapons depots")
    assert "Weapons depots" in asked["text"]
    unknown = await ask_private(telegram, "/frobnicate")
    assert unknown["text"] == ENGLISH.unknown_command
    # Apps in Russian, Turkish or Azerbaijani show the same commands described in theirs.
    await telegram.wait_for(lambda: len(telegram.language_commands) == 3)
    for code, menu in telegram.language_commands.items():
        assert [c["command"] for c in menu] == [c["command"] for c in telegram.commands]
        assert [c["description"] for c in menu] == [d for _, d in LANGUAGES[code].commands]
    for texts in LANGUAGES.values():  # every /help names every command
        help_text = messages.format_help(texts, "Quote_Bot", False)
        assert all(f"/{name}" in help_text for name in names - {"start"})


async def test_the_bot_says_what_it_does_before_anyone_writes_to_it(
    telegram: FakeTelegram, bot
) -> None:
    """Its description (an empty chat's "What can this bot do?") and short description, in
    each of its languages, set once: a second start finds them as they are."""
    await telegram.wait_for(lambda: len(telegram.short_descriptions) == 4)
    assert telegram.descriptions == {"": ENGLISH.start, **{
        code: texts.start for code, texts in LANGUAGES.items() if code != "en"
    }}  # fmt: skip
    assert telegram.short_descriptions["ru"] == RUSSIAN.short_description
    await describe(bot.bot)
    assert telegram.calls.count("setMyDescription") == 4


async def test_a_description_written_in_botfather_is_left_as_it_is(
    telegram: FakeTelegram, start_bot: StartBot
) -> None:
    telegram.descriptions[""] = "Quotes from the Riverside Daily archive."
    library, _ = open_library(SEEDS, "memory", semantic="off")
    await start_bot(library)
    await telegram.wait_for(lambda: len(telegram.short_descriptions) == 4)
    assert telegram.descriptions == {"": "Quotes from the Riverside Daily archive."}
    assert "setMyDescription" not in telegram.calls and telegram.errors == []


async def test_an_article_whose_address_is_no_web_address_is_quoted_without_a_link(
    telegram: FakeTelegram, start_bot: StartBot, write_corpus: WriteCorpus
) -> None:
    folder = write_corpus(
        {"a.md": "---\ntitle: Bridge\nurl: javascript:alert(1)\n---\n\nThe bridge opened."}
    )
    library, _ = open_library(folder, "memory", semantic="off")
    await start_bot(library=library)
    reply = await ask_private(telegram, "bridge")
    assert "The bridge opened." in reply["text"] and "javascript" not in reply["html"]
    assert "Source ↗" not in buttons(reply) and telegram.errors == []


async def test_the_sources_of_a_large_folder_come_a_page_at_a_time(
    telegram: FakeTelegram, start_bot: StartBot, write_corpus: WriteCorpus
) -> None:
    files = {
        f"a{i:03}.md": (
            f"---\ntitle: A long headline on the bridge over the river, story number {i}\n"
            f"author: Reporter {i} of The Daily Chronicle\nurl: https://news.example/{i}\n---\n\n"
            f"The bridge opened in {1900 + i}."
        )
        for i in range(120)
    }
    library = Library(MemoryEngine(load_corpus(write_corpus(files))))
    # While the vectors build, a status line follows the list and must fit beside it.
    application = await start_bot(library=library)
    application.bot_data.embedding = (5, 120)
    listing = await ask_private(telegram, "/sources")
    assert "Preparing search by meaning" in listing["text"]
    seen, pages = re.findall(r"story number (\d+)", listing["text"]), 1
    while "More sources ▸" in buttons(listing):
        before = listing["text"]
        telegram.press(listing, buttons(listing)["More sources ▸"])
        await telegram.wait_for(lambda b=before: listing["text"] != b)  # type: ignore[misc]
        seen += re.findall(r"story number (\d+)", listing["text"])
        pages += 1
    assert sorted(map(int, seen)) == list(range(120)) and pages > 2  # each once, in order
    assert seen == sorted(seen, key=int) and re.search(r"\n\d+–120 of 120\n", listing["text"])
    last = listing["text"]
    telegram.press(listing, buttons(listing)["◂ Previous"])
    await telegram.wait_for(lambda: listing["text"] != last)
    forged = telegram.press(listing, "s:99")
    await telegram.wait_for(lambda: forged in telegram.callback_answers)
    assert telegram.callback_answers[forged]["text"] == ENGLISH.invalid
    assert telegram.errors == []


async def test_group_answers_only_what_is_addressed_to_it(telegram: FakeTelegram, bot) -> None:
    group = -100123
    # Privacy mode (the default) delivers no mere mention, nor /ask before the bot has spoken.
    assert telegram.group(group, USER, "@QuoteTestBot which river did civilians flee?") is None
    assert telegram.group(group, USER, "/ask weapons depots") is None
    addressed = telegram.group(group, USER, "/ask@QuoteTestBot weapons depots")
    assert addressed is not None
    bot_message = await first_reply(telegram, addressed)
    general = telegram.group(group, USER, "/ask Gargarchay River")  # it spoke here last
    assert general is not None
    await telegram.wait_for(lambda: telegram.replies_to(general))
    follow_up = telegram.group(group, USER, "weapons depots", reply_to=bot_message)
    assert follow_up is not None
    await telegram.wait_for(lambda: telegram.replies_to(follow_up))
    assert telegram.group(group, USER, "weapons depots") is None  # privacy mode hides it
    assert telegram.group(group, USER, "/ask@OtherBot weapons depots") is None
    other_command = telegram.group(group, USER, "/weather")
    assert other_command is not None
    sentinel = telegram.group(group, USER, "/ask Gargarchay")
    assert sentinel is not None
    await telegram.wait_for(lambda: telegram.replies_to(sentinel))
    assert telegram.replies_to(other_command) == []
    help_reply = (await ask_private(telegram, "/help"))["text"]
    assert "/ask@QuoteTestBot QUESTION, or a reply to one of my messages" in help_reply
    assert telegram.errors == []


async def test_a_bare_ask_in_reply_to_someones_message_asks_with_its_words(
    telegram: FakeTelegram, bot
) -> None:
    """Someone's claim in a group is checked against the sources by replying to it with
    ``/ask`` alone: its words are the question (the part quoted, with a quote reply). Under the
    bot's own answer, or in a forum topic where every message replies to the topic's opening,
    a bare ``/ask`` still asks nothing."""
    group, other = -100321, USER + 1
    assert telegram.group(group, other, "I read they all ran toward the Gargarchay River") is None
    claim = telegram.hidden[-1]  # privacy mode: the bot never saw it
    asked = telegram.group(group, USER, "/ask@QuoteTestBot", reply_to=claim)
    assert asked is not None
    answer = await first_reply(telegram, asked)
    assert "flee toward the Gargarchay River" in answer["text"]
    assert re.search(r"<b>[^<]*Gargarchay", answer["html"])
    assert telegram.group(group, other, "Depots? The 366th regiment was in Khankendi") is None
    quoted = telegram.group(
        group, USER, "/ask@QuoteTestBot", reply_to=telegram.hidden[-1], quote="Khankendi"
    )
    assert quoted is not None
    quotes = (await first_reply(telegram, quoted))["html"].split("</blockquote>")[:-1]
    assert quotes and all(re.search(r"<b>[^<]*Khankendi", quote) for quote in quotes)
    under_answer = telegram.group(group, USER, "/ask@QuoteTestBot", reply_to=answer)
    assert under_answer is not None
    assert (await first_reply(telegram, under_answer))["text"] == parse_html(ENGLISH.no_words)
    forum = group - 1
    topic = telegram.open_topic(forum, USER, "Sources")
    in_topic = telegram.group(forum, USER, "/ask@QuoteTestBot", topic=topic)
    assert in_topic is not None
    assert (await first_reply(telegram, in_topic))["text"] == parse_html(ENGLISH.no_words)
    assert telegram.errors == []


async def test_without_privacy_mode_a_group_gets_answers_to_mentions_only(
    telegram: FakeTelegram, start_bot: StartBot
) -> None:
    telegram.privacy = False  # turned off in BotFather: every group message is delivered
    await start_bot()
    group = -100123
    mention = telegram.group(group, USER, "@QuoteTestBot which river did civilians flee toward?")
    assert mention is not None
    reply = await first_reply(telegram, mention)
    assert "Gargarchay" in reply["text"]
    talk = [
        telegram.group(group, USER, text)
        for text in ("weapons depots", "/ask@OtherBot weapons depots", "/weather")
    ]
    sentinel = telegram.group(group, USER, "/ask Gargarchay")
    assert sentinel is not None
    await telegram.wait_for(lambda: telegram.replies_to(sentinel))
    assert all(m is not None and telegram.replies_to(m) == [] for m in talk)
    help_reply = (await ask_private(telegram, "/help"))["text"]
    assert "/ask, a message that mentions @QuoteTestBot, or a reply to me" in help_reply
    assert telegram.errors == []


async def test_a_question_in_a_forum_topic_is_answered_in_that_topic(
    telegram: FakeTelegram, start_bot: StartBot
) -> None:
    await start_bot(per_chat_rate=1.0)  # Telegram's pace in a chat: the second question waits
    group = -100777
    topic = telegram.open_topic(group, USER, "Khojaly sources")
    asked = [
        telegram.group(group, USER, f"/ask@QuoteTestBot {text}", topic=topic)
        for text in ("weapons depots", "Gargarchay River")  # the second waits its turn
    ]
    replies = [await first_reply(telegram, m) for m in asked if m is not None]
    assert [r.get("message_thread_id") for r in replies] == [topic, topic]
    # "typing…" shows in the topic asked in, not in the group's General topic.
    assert telegram.actions and {a["thread"] for a in telegram.actions} == {topic}
    follow_up = telegram.group(group, USER, "and the river?", reply_to=replies[0], topic=topic)
    assert follow_up is not None
    assert (await first_reply(telegram, follow_up))["message_thread_id"] == topic
    assert telegram.errors == []


async def test_a_question_deleted_before_its_answer_gets_none(telegram: FakeTelegram, bot) -> None:
    asked = [telegram.private(USER, text) for text in ("weapons depots", "Gargarchay River")]
    telegram.delete(asked[1])  # while it waits its turn: a reply to it is refused
    await first_reply(telegram, asked[0])
    later = telegram.private(USER, "366th regiment")
    await first_reply(telegram, later)
    said = [m["text"] for m in telegram.after(asked[0])]
    assert len(said) == 2 and ENGLISH.error not in said  # no "Something went wrong"
    assert telegram.errors == [("sendMessage", "Bad Request: message to be replied not found")]


async def test_in_a_group_a_reply_that_asks_nothing_gets_no_answer(
    telegram: FakeTelegram, bot
) -> None:
    group = -100123
    question = telegram.group(group, USER, "/ask@QuoteTestBot weapons depots")
    assert question is not None
    answer = await first_reply(telegram, question)
    talk = [telegram.group(group, USER, text, reply_to=answer) for text in ("thanks!", "lol")]
    asked = [
        telegram.group(group, USER, text, reply_to=answer)
        for text in ("why?", "@QuoteTestBot thanks")
    ]
    for message in asked:
        assert message is not None
        await telegram.wait_for(lambda m=message: telegram.replies_to(m))
    assert all(message is not None and telegram.replies_to(message) == [] for message in talk)
    assert telegram.errors == []


async def test_inline_mode_pages_quotes_with_previews(telegram: FakeTelegram, bot) -> None:
    first = telegram.inline(USER, "Khojaly")
    answer = await telegram.wait_for(lambda: telegram.inline_answers.get(first))
    results = answer["results"]
    assert len(results) == 10 and answer["next_offset"] == "10"
    assert all(r["title"] and r["description"] for r in results)
    assert all("<blockquote" in r["input_message_content"]["message_text"] for r in results)
    second = telegram.inline(USER, "Khojaly", offset=answer["next_offset"])
    page_two = await telegram.wait_for(lambda: telegram.inline_answers.get(second))
    assert {r["id"] for r in page_two["results"]}.isdisjoint(r["id"] for r in results)
    # A quote picked in the bot's own chat comes back as a message sent via the bot.
    chosen = parse_html(results[0]["input_message_content"]["message_text"])
    picked = telegram.private(USER, chosen, via_bot=telegram.bot)
    marker = telegram.private(USER, "weapons depots")  # answered in turn, after any answer to it
    await telegram.wait_for(lambda: telegram.replies_to(marker))
    assert telegram.replies_to(picked) == []
    assert telegram.errors == []


async def test_inline_paging_ends_and_never_repeats(telegram: FakeTelegram, bot) -> None:
    seen: list[str] = []
    offset = ""
    for _ in range(10):
        query = telegram.inline(USER, "Khojaly", offset=offset)
        answer = await telegram.wait_for(lambda q=query: telegram.inline_answers.get(q))
        seen += [r["id"] for r in answer["results"]]
        offset = answer.get("next_offset", "")
        if not offset:
            break
    else:
        pytest.fail(f"paging never ended; last offset {offset!r}")
    assert len(seen) == len(set(seen)) > 10  # more than one page, none repeated


async def test_inline_empty_query_lists_sources(telegram: FakeTelegram, bot) -> None:
    query = telegram.inline(USER, "")
    answer = await telegram.wait_for(lambda: telegram.inline_answers.get(query))
    assert [r["title"][:10] for r in answer["results"]] == ["Why Khojal", "Khojaly: t"]
    assert [r["description"] for r in answer["results"]] == [
        "AzerNEWS Staff, AzerNEWS · type a question to quote it",
        "Caspian Post (opinion) · type a question to quote it",
    ]


async def test_inline_no_match_offers_help(telegram: FakeTelegram, bot) -> None:
    query = telegram.inline(USER, "recipe for pancakes")
    answer = await telegram.wait_for(lambda: telegram.inline_answers.get(query))
    assert answer["results"] == [] and answer["button"]["start_parameter"] == "help"
    # The button opens the bot's chat with "/start help", as Telegram sends a deep link.
    opened = await ask_private(telegram, f"/start {answer['button']['start_parameter']}")
    assert opened["text"] == parse_html(messages.format_help(ENGLISH, telegram.username, False))


async def test_stickers_and_photos_get_a_short_reply(telegram: FakeTelegram, bot) -> None:
    sticker = telegram.private(USER, None, sticker={
        "file_id": "s", "file_unique_id": "s", "type": "regular", "width": 512, "height": 512,
        "is_animated": False, "is_video": False})  # fmt: skip
    photo = telegram.private(USER, None, photo=[
        {"file_id": "p", "file_unique_id": "p", "width": 90, "height": 90}])  # fmt: skip
    voice = telegram.private(
        USER, None, voice={"file_id": "v", "file_unique_id": "v", "duration": 2}
    )
    for message in (sticker, photo, voice):
        reply = await telegram.wait_for(lambda m=message: telegram.replies_to(m))
        assert [r["text"] for r in reply] == [ENGLISH.unsupported]
    assert telegram.errors == []


async def test_a_photo_with_a_caption_is_asked_by_its_caption(telegram: FakeTelegram, bot) -> None:
    photo = [{"file_id": "p", "file_unique_id": "p", "width": 90, "height": 90}]
    forwarded = telegram.private(
        USER, None, photo=photo, caption="Which river did civilians flee toward?"
    )
    reply = await first_reply(telegram, forwarded)
    assert "Gargarchay River" in reply["text"]
    telegram.edit(forwarded, "weapons depots")  # a caption edited is asked again too
    await telegram.wait_for(lambda: "Weapons depots" in reply["text"])
    document = {"file_id": "d", "file_unique_id": "d", "file_name": "notes.txt"}
    filed = telegram.private(USER, None, document=document, caption="Gargarchay River")
    reply = await first_reply(telegram, filed)
    assert reply["text"] == ENGLISH.unsupported  # a file is no photo of a question
    assert telegram.errors == []


async def test_an_edited_question_gets_its_reply_edited_to_answer_it(
    telegram: FakeTelegram, bot
) -> None:
    question = telegram.private(USER, "weapons depots")
    reply = await first_reply(telegram, question)
    assert "Gargarchay" not in reply["text"]
    telegram.edit(question, "Gargarchay Rivr")  # a typo, then corrected
    await telegram.wait_for(lambda: "Gargarchay" in reply["text"])
    assert "Read “Rivr” as “River”." in reply["text"]
    telegram.edit(question, "Gargarchay River")
    await telegram.wait_for(lambda: "Rivr" not in reply["text"])
    assert telegram.replies_to(question) == [reply]  # one answer per question, edited twice
    # Its buttons show the answer to the question as it now reads: the paragraphs around
    # the river's (2-4), not around the weapons depots' (4-6).
    telegram.press(reply, buttons(reply)["Context"])
    await telegram.wait_for(lambda: "Electricity and food supplies" in reply["text"])
    assert telegram.errors == []


async def test_a_question_edited_to_match_nothing_says_so_in_its_reply(
    telegram: FakeTelegram, bot
) -> None:
    question = telegram.private(USER, "weapons depots")
    reply = await first_reply(telegram, question)
    telegram.edit(question, "How do I install Python on Windows?")
    await telegram.wait_for(lambda: reply["text"] == ENGLISH.no_match)
    assert not reply.get("reply_markup")  # no buttons left for an answer it no longer gives
    telegram.edit(question, "weapons depots")
    await telegram.wait_for(lambda: "Weapons depots" in reply["text"])
    assert "Context" in buttons(reply) and telegram.replies_to(question) == [reply]


async def test_an_edited_question_whose_reply_was_deleted_gets_a_new_one(
    telegram: FakeTelegram, bot
) -> None:
    question = telegram.private(USER, "weapons depots")
    reply = await first_reply(telegram, question)
    telegram.delete(reply)
    telegram.edit(question, "Gargarchay River")
    replies = await telegram.wait_for(lambda: telegram.replies_to(question)[1:])
    assert "Gargarchay" in replies[0]["text"]
    assert telegram.errors == [("editMessageText", "Bad Request: message to edit not found")]


async def test_in_a_group_only_edits_of_questions_to_the_bot_are_answered(
    telegram: FakeTelegram, bot
) -> None:
    group = -500
    addressed = telegram.group(group, USER, "/ask@QuoteTestBot weapons depots")
    assert addressed is not None
    reply = await first_reply(telegram, addressed)
    telegram.edit(addressed, "/ask@QuoteTestBot Gargarchay River")
    await telegram.wait_for(lambda: "Gargarchay" in reply["text"])
    talk = telegram.group(group, USER, "/weather in Baku")  # a command for no one
    assert talk is not None
    telegram.edit(talk, "/weather in Shusha")
    sentinel = telegram.group(group, USER, "/ask@QuoteTestBot blockade")
    assert sentinel is not None
    await telegram.wait_for(lambda: telegram.replies_to(sentinel))
    assert telegram.replies_to(talk) == [] and telegram.errors == []


async def test_listed_ids_only(telegram: FakeTelegram, start_bot: StartBot) -> None:
    await start_bot(allowed_ids=frozenset({USER}))
    allowed = await ask_private(telegram, "weapons depots", user=USER)
    assert "Weapons depots" in allowed["text"]
    refused = await ask_private(telegram, "weapons depots", user=2002)
    assert refused["text"] == ENGLISH.refused
    query = telegram.inline(2002, "weapons")
    answer = await telegram.wait_for(lambda: telegram.inline_answers.get(query))
    assert answer["results"] == [] and answer["button"]["text"] == ENGLISH.refused
    in_group = telegram.group(-500, USER, "/ask@QuoteTestBot weapons depots")
    assert in_group is not None
    answer_in_group = await first_reply(telegram, in_group)
    press = telegram.press(answer_in_group, "p:0", user_id=2002)
    await telegram.wait_for(lambda: telegram.callback_answers.get(press))
    assert telegram.callback_answers[press]["text"] == ENGLISH.refused


async def test_quotes_never_exceed_a_message_and_are_never_cut(
    telegram: FakeTelegram, start_bot: StartBot, write_corpus: WriteCorpus
) -> None:
    long = "The harbour wall was rebuilt in stone. " * 50  # ~1,950 characters each
    huge = "The lighthouse keeper wrote every night. " * 130  # over 5,000 characters
    folder = write_corpus({"a.txt": f"{long}\n\n{long}x\n\n{long}y\n\n{huge}\n\nOther."})
    await start_bot(Library(MemoryEngine(load_corpus(folder))))
    reply = await ask_private(telegram, "harbour wall stone")
    assert reply["html"].count("<blockquote expandable>") == 2
    assert len(reply["text"]) <= 4096
    huge_reply = await ask_private(telegram, "lighthouse keeper")
    assert huge_reply["text"].startswith("This passage is longer than one Telegram message")
    assert telegram.errors == []


async def test_source_text_is_html_escaped(
    telegram: FakeTelegram, start_bot: StartBot, write_corpus: WriteCorpus
) -> None:
    folder = write_corpus(
        {"a.txt": 'Tags like <script>alert("x")</script> & <b>bold</b> stay text.'}
    )
    await start_bot(Library(MemoryEngine(load_corpus(folder))))
    reply = await ask_private(telegram, "script tags")
    assert '<script>alert("x")</script> & <b>bold</b>' in reply["text"]
    assert telegram.errors == []


async def test_a_failing_answer_reports_and_the_bot_keeps_serving(
    telegram: FakeTelegram, start_bot: StartBot, seeds_library: Library
) -> None:
    class Broken(Library):
        def answer(self, question: str, *args, **kwargs):  # type: ignore[no-untyped-def]
            if "boom" in question:
                raise RuntimeError("simulated failure")
            return super().answer(question, *args, **kwargs)

    await start_bot(Broken(seeds_library.engine))
    failed = await ask_private(telegram, "boom Khojaly")
    assert failed["text"] == ENGLISH.error
    after = await ask_private(telegram, "weapons depots")
    assert "Weapons depots" in after["text"]


@pytest.mark.parametrize("engine", ["memory", "persisted"])
async def test_the_bot_picks_up_corpus_changes_without_restart(
    telegram: FakeTelegram, start_bot: StartBot, tmp_path: Path, engine: str
) -> None:
    folder = Path(shutil.copytree(SEEDS, tmp_path / "corpus"))
    library, _ = open_library(folder, engine)
    await start_bot(library, folder=folder, engine=engine, watch_seconds=0.2)
    before = await ask_private(telegram, "lighthouse keeper")
    assert before["text"] == ENGLISH.no_match
    (folder / "new.txt").write_text("The lighthouse keeper wrote every night.", encoding="utf-8")
    for _ in range(50):
        reply = await ask_private(telegram, "lighthouse keeper")
        if reply["text"] != ENGLISH.no_match:
            break
        await asyncio.sleep(0.2)
    assert "The lighthouse keeper wrote every night." in reply["text"]
    still = await ask_private(telegram, "weapons depots")
    assert "Weapons depots" in still["text"]


async def test_vectors_build_in_the_background_while_answers_match_words(
    telegram: FakeTelegram, start_bot: StartBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Without a developer's own vectors beside the seeds: all are built here.
    ignore = shutil.ignore_patterns(".quotebot")
    folder = Path(shutil.copytree(SEEDS, tmp_path / "corpus", ignore=ignore))
    library, _ = open_library(folder, "memory", semantic="off")
    gate = threading.Event()  # holds the build at its second batch
    real = semantic.E5Encoder.embed_passages
    batches = itertools.count()

    def held(self: semantic.E5Encoder, texts: Sequence[str]) -> np.ndarray:
        if next(batches):
            gate.wait(timeout=60)
        return real(self, texts)

    monkeypatch.setattr(semantic.E5Encoder, "embed_passages", held)
    try:
        application = await start_bot(library, folder=folder, semantic="auto", watch_seconds=0)
        data = application.bot_data
        for _ in range(300):
            if data.embedding and data.embedding[0] > 0:
                break
            await asyncio.sleep(0.1)
        done, total = data.embedding
        assert 0 < done < total
        listing = await ask_private(telegram, "/sources")
        assert "Preparing search by meaning" in listing["text"]
        assert f"of {total:,}" in listing["text"]
        russian = "Сколько детей было убито в Ходжалы?"
        assert (await ask_private(telegram, russian))["text"] == ENGLISH.no_match  # words only
    finally:
        gate.set()  # a failed check must not leave the build's thread waiting
    for _ in range(300):
        if data.library.semantic is not None:
            break
        await asyncio.sleep(0.1)
    assert data.embedding is None
    assert "63 children" in (await ask_private(telegram, russian))["text"]
    assert "Preparing" not in (await ask_private(telegram, "/sources"))["text"]
    assert telegram.errors == []


async def test_a_serve_engine_override_survives_corpus_reloads(
    telegram: FakeTelegram, start_bot: StartBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = Path(shutil.copytree(SEEDS, tmp_path / "corpus"))
    open_library(folder, "persisted")  # an index exists: "auto" would now pick it
    manifest = next(index_path(folder).glob("v*/manifest.json"))
    before = manifest.stat().st_mtime_ns
    monkeypatch.setenv("BOT_WATCH_SECONDS", "0.2")
    settings = serve_settings(corpus=folder, engine="memory")
    library, _ = open_library(settings.corpus, settings.engine)
    application = await start_bot(
        library, folder=folder, engine=settings.engine, watch_seconds=settings.watch_seconds
    )
    await asyncio.sleep(0.5)  # the watcher takes its first look at the folder
    (folder / "new.txt").write_text("The lighthouse keeper wrote every night.", encoding="utf-8")
    for _ in range(50):
        if application.bot_data.library is not library:
            break
        await asyncio.sleep(0.2)
    reloaded = application.bot_data.library
    assert reloaded is not library and isinstance(reloaded.engine, MemoryEngine)
    assert manifest.stat().st_mtime_ns == before  # the persisted index was left alone
