import json
from pathlib import Path

from bot.evaluate import evaluate_squad, is_squad
from tests.conftest import ROOT


def test_squad_retrieval_meets_the_targets() -> None:
    report = evaluate_squad(ROOT / "tests/data/squad2-dev.json")
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


def test_question_files_are_not_taken_for_squad() -> None:
    assert not is_squad(ROOT / "tests/data/seeds-dev.jsonl")
