"""The persisted engine and engine choice: same answers, incremental, safe for readers."""

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from bot.cli import main
from bot.corpus import CorpusError, _drop_older_extractions, load_corpus
from bot.extract import Extracted
from bot.library import choose_engine, index_path, open_library
from bot.persisted import PersistedEngine, refresh_index
from bot.search import Library
from tests.conftest import ROOT, SEEDS

WriteCorpus = Callable[[dict[str, str | bytes]], Path]
DEV = [json.loads(line) for line in (ROOT / "tests/data/seeds-dev.jsonl").read_text().splitlines()]


@pytest.fixture
def seeds_copy(tmp_path: Path) -> Path:
    return Path(shutil.copytree(SEEDS, tmp_path / "seeds"))


def test_persisted_engine_answers_like_the_memory_engine(
    seeds_copy: Path, seeds_library: Library
) -> None:
    persisted, _ = open_library(seeds_copy, "persisted", semantic="off")
    assert isinstance(persisted.engine, PersistedEngine)
    for case in DEV:
        mine = persisted.search(case["q"], top=3)
        theirs = seeds_library.search(case["q"], top=3)
        assert bool(mine) == bool(theirs), case["q"]
        if case["expect"]:
            assert any(e in h.passage.text for h in mine for e in case["expect"]), case["q"]
        for hit in mine:
            source = (seeds_copy / hit.passage.article.source).read_text(encoding="utf-8")
            lines = source.split("\n")
            assert lines[hit.passage.line - 1] == hit.passage.text


def test_citations_and_context_come_from_the_index(seeds_copy: Path) -> None:
    library, _ = open_library(seeds_copy, "persisted", semantic="off")
    hit = library.search("Gargarchay River")[0]
    assert hit.passage.article.url.startswith("https://caspianpost.com/")
    assert (hit.passage.number, hit.passage.line) == (3, 4)
    around = library.engine.around(hit.passage, radius=1)
    assert [p.number for p in around] == [2, 3, 4] and around[1] is hit.passage


@pytest.mark.parametrize("in_process_bytes", [0, 10**9], ids=["workers", "in-process"])
def test_refresh_reads_only_what_changed(
    write_corpus: WriteCorpus,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    in_process_bytes: int,
) -> None:
    monkeypatch.setattr("bot.persisted.IN_PROCESS_BYTES", in_process_bytes)
    folder = write_corpus({"a.txt": "Alpha bridge story.", "b.txt": "Beta tunnel story."})
    path = tmp_path / "index"
    first = refresh_index(folder, path)
    assert (first.added, first.changed, first.removed, first.paragraphs) == (2, 0, 0, 2)
    assert not refresh_index(folder, path).touched
    (folder / "c.md").write_text("Gamma harbour story.\n\nSecond harbour line.", encoding="utf-8")
    (folder / "a.txt").write_text("Alpha bridge rebuilt.", encoding="utf-8")
    (folder / "b.txt").unlink()
    second = refresh_index(folder, path)
    assert (second.added, second.changed, second.removed, second.paragraphs) == (1, 1, 1, 3)
    library = Library(PersistedEngine(path))
    assert library.engine.size == 3
    assert library.search("tunnel") == []
    assert library.search("rebuilt")[0].passage.text == "Alpha bridge rebuilt."
    assert [a.source for a in library.articles] == ["a.txt", "c.md"]


def test_a_reader_keeps_answering_while_the_index_changes(
    write_corpus: WriteCorpus, tmp_path: Path
) -> None:
    folder = write_corpus({"a.txt": "Alpha bridge story."})
    path = tmp_path / "index"
    refresh_index(folder, path)
    reader = Library(PersistedEngine(path))
    (folder / "b.txt").write_text("Beta tunnel story.", encoding="utf-8")
    refresh_index(folder, path)
    assert reader.search("bridge")[0].passage.text == "Alpha bridge story."
    reader.engine.reload()  # type: ignore[attr-defined]
    assert reader.search("tunnel")[0].passage.text == "Beta tunnel story."


def test_broken_files_are_reported_until_they_change(
    write_corpus: WriteCorpus, tmp_path: Path
) -> None:
    folder = write_corpus({"a.txt": "Alpha bridge story.", "bad.txt": b"\x00\x01"})
    path = tmp_path / "index"
    assert refresh_index(folder, path).warnings == ["skipped bad.txt: binary file"]
    again = refresh_index(folder, path)
    assert not again.touched and again.warnings == ["skipped bad.txt: binary file"]


def test_catalog_changes_refresh_every_article(seeds_copy: Path, tmp_path: Path) -> None:
    path = tmp_path / "index"
    refresh_index(seeds_copy, path)
    catalog = json.loads((seeds_copy / "catalog.json").read_text())
    catalog["000_82ef0fe26c118cce.txt"]["title"] = "Renamed"
    (seeds_copy / "catalog.json").write_text(json.dumps(catalog))
    assert refresh_index(seeds_copy, path).changed == 2
    assert PersistedEngine(path).articles[0].title == "Renamed"


def test_engine_choice(write_corpus: WriteCorpus, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = write_corpus({"a.txt": "Alpha bridge story."})
    assert choose_engine(folder, "auto") == "memory"
    monkeypatch.setattr("bot.library.AUTO_BYTES", 5)
    assert choose_engine(folder, "auto") == "persisted"
    monkeypatch.setattr("bot.library.AUTO_BYTES", 10**9)
    open_library(folder, "persisted")
    assert index_path(folder).is_dir()
    assert choose_engine(folder, "auto") == "persisted"  # an index exists: keep using it
    assert choose_engine(folder, "memory") == "memory"


def test_a_saved_page_counts_by_its_text_not_its_markup(
    write_corpus: WriteCorpus, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = (ROOT / "tests" / "data" / "webpages" / "theverge.com.ios13.html").read_bytes()
    folder = write_corpus({"ios13.html": page})  # 142 KB of HTML, about 3 KB of text
    monkeypatch.setattr("bot.library.AUTO_BYTES", 50_000)
    assert choose_engine(folder, "auto") == "memory"
    (folder / "notes.txt").write_text("x " * 30_000)  # 60 KB of text is over the line
    assert choose_engine(folder, "auto") == "persisted"


def test_an_upgraded_extractor_reads_pages_again(
    write_corpus: WriteCorpus, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = (
        b"<html><body><article><p>The old bridge reopened on Monday.</p></article></body></html>"
    )
    folder = write_corpus({"page.html": page, "notes.txt": "Tunnel notes."})
    path = tmp_path / "index"
    refresh_index(folder, path)

    def page_text() -> list[str]:
        return [
            p.text for p in load_corpus(folder, path).passages if p.article.source == "page.html"
        ]

    assert page_text() == ["The old bridge reopened on Monday."]

    def upgraded(data: bytes, kind: str) -> Extracted:  # what a new trafilatura might give
        return Extracted(title="Bridge", blocks=("Bridge reopened, the new extractor says.",))

    monkeypatch.setattr("bot.extract.extract_document", upgraded)
    assert refresh_index(folder, path).touched is False  # same extractor: the cache serves
    for module in ("bot.extract", "bot.persisted"):
        monkeypatch.setattr(f"{module}.extractor_stamp", lambda: "upgraded")
    _drop_older_extractions.cache_clear()  # as a new process after the upgrade
    again = refresh_index(folder, path)
    assert (again.changed, again.paragraphs) == (1, 1)  # the page only, not notes.txt
    texts = {p.text for p in PersistedEngine(path).passages}
    assert "Bridge reopened, the new extractor says." in texts
    assert page_text() == ["Bridge reopened, the new extractor says."]
    cached = list((path / "extracted").iterdir())
    assert [p.name.split("-")[0] for p in cached] == ["upgraded"]  # the old text is gone


def test_index_command_builds_and_reports(
    seeds_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["index", "--corpus", str(seeds_copy), "--engine", "persisted"]) == 0
    assert "2 articles, 22 paragraphs indexed" in capsys.readouterr().out
    assert main(["index", "--corpus", str(seeds_copy), "--engine", "memory"]) == 2
    assert main(["ask", "--corpus", str(seeds_copy), "weapons depots"]) == 0
    assert "Weapons depots" in capsys.readouterr().out


def test_a_second_writer_gets_a_clear_error(write_corpus: WriteCorpus, tmp_path: Path) -> None:
    folder = write_corpus({"a.txt": "Alpha bridge story."})
    path = tmp_path / "index"
    refresh_index(folder, path)
    engine = PersistedEngine(path)
    writer = engine._index.writer(50_000_000)
    (folder / "b.txt").write_text("Beta.", encoding="utf-8")
    with pytest.raises(CorpusError, match="another process"):
        refresh_index(folder, path)
    del writer


def test_corpus_inside_a_hidden_folder_is_read(tmp_path: Path) -> None:
    folder = tmp_path / ".cache" / "articles"
    folder.mkdir(parents=True)
    (folder / "a.txt").write_text("Alpha bridge story.", encoding="utf-8")
    library, _ = open_library(folder, "memory")
    assert library.search("bridge")


@pytest.mark.parametrize("engine", ["memory", "persisted"])
@pytest.mark.parametrize("catalog", ["{not json", "[1, 2]"])
def test_a_broken_catalog_is_one_line_with_either_engine(
    write_corpus: WriteCorpus, capsys: pytest.CaptureFixture[str], engine: str, catalog: str
) -> None:
    folder = write_corpus({"a.txt": "Alpha bridge story.", "catalog.json": catalog})
    assert main(["ask", "--corpus", str(folder), "--engine", engine, "bridge"]) == 2
    err = capsys.readouterr().err
    assert "catalog" in err and err.count("\n") == 1


def test_a_files_written_words_come_and_go_with_it(
    write_corpus: WriteCorpus, tmp_path: Path
) -> None:
    folder = write_corpus({"a.txt": "Alpha bridge story.", "b.txt": "Beta harbour tale."})
    refresh_index(folder, tmp_path / "index")
    assert {"harbour", "bridge"} <= PersistedEngine(tmp_path / "index").spellings.keys()
    (folder / "b.txt").write_text("Beta lighthouse tale.", encoding="utf-8")
    refresh_index(folder, tmp_path / "index")
    spellings = PersistedEngine(tmp_path / "index").spellings
    assert "lighthouse" in spellings and "harbour" not in spellings
    (folder / "b.txt").unlink()
    refresh_index(folder, tmp_path / "index")
    assert PersistedEngine(tmp_path / "index").spellings.keys() == {"alpha", "bridge", "story"}


def test_typos_are_read_from_the_index_terms_as_in_memory(tmp_path: Path) -> None:
    seeds_copy = Path(shutil.copytree(SEEDS, tmp_path / "seeds"))
    library, _ = open_library(seeds_copy, "persisted", semantic="off")
    engine = library.engine
    # The same words and terms as the in-memory engine lists, from tantivy's term dictionary.
    memory, _ = open_library(seeds_copy, "memory", semantic="off")
    assert sorted(engine.vocabulary) == sorted(memory.engine.vocabulary)
    assert engine.spellings == memory.engine.spellings
    assert "regiment" in engine.spellings and "the" not in engine.spellings
    hits = library.search("what happend to people fleeing to the gargarchay rivr")
    assert hits and "Gargarchay River" in hits[0].passage.text
    # A lower-case typo whose stem is far from the term: matched as the passages spell it.
    hits = library.search("which districts came under occupaiton")
    assert hits and "came under occupation" in hits[0].passage.text
    assert library.search("What happened in Sumgait?") == []  # a name the corpus lacks
    assert library.search("What happened in Srebrenica in 1995?") == []
