"""Random input of every kind through search, rendering, the CLI and the running bot."""

import json
import random
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from bot.cli import main
from bot.corpus import Article, Passage
from bot.search import Hit, Library
from bot.store import Added
from bot.text import find_spans, tokenize
from bot.tg import messages
from bot.tg.texts import ENGLISH, LANGUAGES
from tests.conftest import SEEDS, StartBot
from tests.fakes import FakeTelegram, parse_html

FRAGMENTS = [
    "<b>", "</i>", "<script>alert(1)</script>", "&amp;", "&", "<", ">", "&lt;b&gt;", '"', "'",
    "**bold**", "_it_", "`code`", "[link](http://x)", "# head", "\u200f", "\u202e", "\u200b",
    "\u0301", "\u0000", "\x07", "\x1b[2J", "\r\n", "🇦🇿", "👍🏽", "ﬁ", "Ⅻ", "①", "ı", "ß",
    "Khojaly", "366th", "1,275", "25–26", "Baku", "regiment", "Ходжалы", "Xocalı", "خوجالي",
]  # fmt: skip
nasty = st.lists(
    st.one_of(
        st.text(max_size=40),
        st.sampled_from(FRAGMENTS),
        st.text(alphabet=st.characters(codec="utf-8"), max_size=20),
    ),
    max_size=12,
).map("".join)
questions = st.one_of(nasty, st.sampled_from(["x" * 10_000, "Khojaly " * 1_500]))


@settings(max_examples=10_000, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])  # fmt: skip
@given(questions)
def test_search_quotes_verbatim_and_telegram_accepts_every_answer(
    seeds_library: Library, question: str
) -> None:
    # One search per question serves both checks: these 10,000 searches are the suite's longest.
    seed_text = {
        a.source: (SEEDS / a.source).read_text(encoding="utf-8") for a in seeds_library.articles
    }
    hits = seeds_library.search(question, top=5)
    for hit in hits:
        assert hit.passage.text in seed_text[hit.passage.article.source]
        # Highlighting finds every matched term again in the quote, whatever the text.
        spans = find_spans(hit.passage.text, hit.matched)
        marked = {t for a, b in spans for t in tokenize(hit.passage.text[a:b])}
        assert hit.matched <= marked
    if hits:
        text, shown = messages.format_answer_html(hits[:3], ENGLISH)
        assert 1 <= shown <= min(3, len(hits))
        parse_html(text)
        around = seeds_library.engine.around(hits[0].passage, radius=1)
        parse_html(messages.format_context_html(around, hits[0].passage, hits[0].matched, ENGLISH))
    else:
        for texts in LANGUAGES.values():
            helps = [messages.format_help(texts, "Quote_Bot", all_) for all_ in (True, False)]
            for fixed in (texts.no_match, texts.no_words, texts.start, *helps):
                parse_html(fixed)


@settings(max_examples=500, deadline=None, derandomize=True)
@given(st.lists(nasty.filter(str.strip), min_size=1, max_size=4), nasty, nasty)
def test_hostile_source_text_and_metadata_render_safely(
    texts: list[str], title: str, author: str
) -> None:
    article = Article(
        source="x.txt", title=title or "t", author=author, url="https://e.x/?a=<b>&c"
    )
    passages = [Passage(article, n, n, text) for n, text in enumerate(texts, start=1)]
    hits = [Hit(p, 1.0, i, frozenset(tokenize(p.text)[:3])) for i, p in enumerate(passages, 1)]
    text, _ = messages.format_answer_html(hits, ENGLISH)
    plain = parse_html(text)
    assert texts[0].strip() in plain or text.startswith("This passage is longer")
    parse_html(messages.format_sources_html(ENGLISH, [article])[0])
    parse_html(messages.format_context_html(passages, passages[0], hits[0].matched, ENGLISH))


@pytest.mark.parametrize("served", [True, False])
def test_a_title_or_author_of_any_length_fits_a_message(tmp_path: Path, served: bool) -> None:
    # A page may give its whole text as its title; the reply to an admin's link still fits.
    article = Article(source="x.md", title="Bridge " * 1000, author="<Reporter> " * 1000)
    added = Added(tmp_path / "bridge.md", article, status="added")
    assert "Bridge Bridge" in parse_html(messages.format_added_html(added, served))
    assert parse_html(messages.format_sources_html(ENGLISH, [article])[0]).count("Bridge") < 50


@settings(max_examples=300, deadline=None, derandomize=True)
@given(questions)
def test_cli_answers_anything_with_a_documented_status(question: str) -> None:
    assume(question != "-")  # that one means "read questions from stdin"
    code = main(["ask", "--corpus", str(SEEDS), "--", question])
    assert code == 2 if not question.strip() else code in (0, 1)


def test_batch_mode_survives_every_kind_of_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rng = random.Random(5)
    lines = ["".join(rng.choice(FRAGMENTS) for _ in range(rng.randint(0, 8))) for _ in range(300)]
    lines = [line.replace("\r\n", " ").replace("\n", " ") for line in lines]
    stdin = tmp_path / "in.txt"
    stdin.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with stdin.open(encoding="utf-8") as handle:
        code = main(["ask", "--corpus", str(SEEDS), "-"], stdin=handle)
    out = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert code in (0, 1) and len(out) == len(lines)
    assert [o["query"] for o in out] == lines


async def test_random_messages_through_the_running_bot(
    telegram: FakeTelegram, start_bot: StartBot
) -> None:
    await start_bot()
    rng = random.Random(11)
    sent = []
    for user in range(40):
        text = "".join(rng.choice(FRAGMENTS) for _ in range(rng.randint(1, 10)))
        sent.append(telegram.private(5000 + user, text.replace("\x00", "") or "?"))
    await telegram.wait_for(lambda: all(telegram.after(m) for m in sent), timeout=60)
    assert telegram.errors == []
    queries = [telegram.inline(6000 + i, rng.choice(FRAGMENTS) * 3) for i in range(20)]
    await telegram.wait_for(lambda: all(q in telegram.inline_answers for q in queries))
    assert telegram.errors == []
