import json
from pathlib import Path

import pytest

from bot.cli import main
from bot.evaluate import evaluate_squad, is_squad
from tests.conftest import ROOT


def test_squad_retrieval_meets_the_targets() -> None:
    report = evaluate_squad(ROOT / "tests/data/squad2-dev.json", semantic="off")
    assert report.questions == 2910
    assert report.hit_at_1 >= 0.81 and report.hit_at_5 is not None and report.hit_at_5 >= 0.945


def test_a_small_squad_file_scores_its_own_paragraphs(tmp_path: Path) -> None:
    paragraphs = [
        {"context": "The Eiffel Tower stands in Paris.", "qas": [
            {"question": "Where is the Eiffel Tower?", "is_impossible": False},
            {"question": "Who built the pyramids?", "is_impossible": True}]},
        {"context": "Mount Fuji is in Japan.", "qas": [
            {"question": "Which country has Mount Fuji?", "is_impossible": False}]},
        {"context": "The Nile flows north.", "qas": []},
    ]  # fmt: skip
    path = tmp_path / "squad.json"
    path.write_text(
        json.dumps({"version": "v2.0", "data": [{"title": "T", "paragraphs": paragraphs}]})
    )
    assert is_squad(path)
    report = evaluate_squad(path)
    assert (report.questions, report.hit_at_1, report.mrr) == (2, 1.0, 1.0)


def test_per_article_searches_each_question_in_its_own_article_only(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def article(title: str, context: str, question: str) -> dict[str, object]:
        qas = [{"question": question, "is_impossible": False}] if question else []
        return {"title": title, "paragraphs": [{"context": context, "qas": qas}]}

    data = [
        article("A", "The Oslo bridge opened in 1950.", "When did the Oslo bridge open?"),
        article("B", "The Oslo bridge opened, the Oslo bridge: 1950, 1950, opened.", ""),
    ]
    path = tmp_path / "squad.json"
    path.write_text(json.dumps({"version": "v2.0", "data": data}))
    monkeypatch.setenv("BOT_SEMANTIC", "off")
    assert main(["eval", str(path), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["hit_at_1"] == 0.0  # B's paragraph comes first
    assert main(["eval", str(path), "--json", "--per-article"]) == 0
    assert json.loads(capsys.readouterr().out)["hit_at_1"] == 1.0
    assert main(["eval", str(path), "--questions"]) == 0  # each question, to compare methods
    assert capsys.readouterr().out.endswith("\n2\tWhen did the Oslo bridge open?\n")


def test_question_files_are_not_taken_for_squad() -> None:
    assert not is_squad(ROOT / "tests/data/seeds-dev.jsonl")


def test_a_question_set_reads_follow_ups(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    case = {"q": "why?", "after": "How did the world react at the time?", "expect": ["impunity"]}
    path = tmp_path / "set.jsonl"
    path.write_text(json.dumps(case), encoding="utf-8")
    assert main(["eval", str(path), "--corpus", str(ROOT / "seeds"), "--questions"]) == 0
    assert "1\twhy?" in capsys.readouterr().out  # alone, "why?" has no words to search


def test_a_question_set_reads_threads_of_follow_ups(
    four_articles: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # "what is it worth" after the company's reward alone is about the telescope's page.
    thread = ["how much is LVMH giving the Louvre", "what does the company get in return?"]
    cases = [
        {"q": "what is it worth", "after": thread[-1], "expect": ["Kimbell Art Museum"]},
        {"q": "what is it worth", "after": thread, "expect": ["Kimbell Art Museum"]},
    ]
    path = tmp_path / "set.jsonl"
    path.write_text("\n".join(json.dumps(c) for c in cases), encoding="utf-8")
    assert main(["eval", str(path), "--corpus", str(four_articles), "--questions"]) == 0
    ranks = [line.split("\t")[0] for line in capsys.readouterr().out.splitlines() if "\t" in line]
    assert ranks[0] != "1" and ranks[1] == "1"


def test_question_sets_report_each_style_and_language(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cases = [
        {"q": "weapons depots", "expect": ["Weapons depots"], "style": "keywords", "lang": "en"},
        {"q": "recipe for pancakes", "expect": [], "style": "offtopic", "lang": "en"},
    ]
    path = tmp_path / "set.jsonl"
    path.write_text("\n".join(json.dumps(c) for c in cases), encoding="utf-8")
    assert main(["eval", str(path), "--corpus", str(ROOT / "seeds"), "--questions"]) == 0
    out = capsys.readouterr().out
    assert "  style keywords       1  1.00   1.00   0/1 wrongly" in out
    assert "style offtopic" in out and "1/1 rightly" in out
    assert "1\tweapons depots" in out and "refused\trecipe for pancakes" in out


@pytest.mark.parametrize(
    ("content", "says"),
    [
        ("x\n", ":1: not a JSON object"),
        ('{"expect": []}\n', 'needs "q"'),
        ("", "no questions"),
        ('{"q": "why?", "after": 3}\n', '"after" must be the earlier question'),
        ('{"q": "why?", "after": ["a", 3]}\n', "or a thread of them as a list"),
        ('{"q": "why?", "after": []}\n', "or a thread of them as a list"),
    ],
)
def test_a_malformed_question_set_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str, says: str
) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text(content, encoding="utf-8")
    assert main(["eval", str(path), "--corpus", str(ROOT / "seeds")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and says in err and "Traceback" not in err


def test_an_expectation_is_matched_in_the_quote_as_shown(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A clipping's "declared a [state of emergency](https://…) over the fires": the phrase a
    # reader reads had counted the right quote wrong.
    folder = tmp_path / "clips"
    folder.mkdir()
    (folder / "a.md").write_text(
        "Amazonas declared a [state of emergency](https://x.example/e) over the fires.\n\n"
        "The river is 1,094 kilometres long.\n",
        encoding="utf-8",
    )
    case = {"q": "emergency in amazonas", "expect": ["declared a state of emergency over"]}
    path = tmp_path / "set.jsonl"
    path.write_text(json.dumps(case), encoding="utf-8")
    assert main(["eval", str(path), "--corpus", str(folder), "--questions"]) == 0
    assert "1\temergency in amazonas" in capsys.readouterr().out
