"""How well `add` keeps an article's text and drops the page around it, on 40 real pages.

    python -m tests.webpages_benchmark

Each page of tests/data/webpages is added with ``add FILE --url URL`` into a fresh folder; a
``with`` snippet found inside a quotable paragraph is a true positive, a ``without`` snippet
found inside one a false positive. trafilatura alone (its text, line by line) is measured in the
same run as the baseline.
"""

from __future__ import annotations

import json
import statistics
import tempfile
import time
from collections.abc import Callable
from html import escape
from pathlib import Path

from bot import store
from bot.corpus import inspect_folder
from bot.store import Batch, add_article
from tests.fakes import PageServer

PAGES = Path(__file__).parent / "data" / "webpages"
Paragraphs = Callable[[Path, str, Path], list[str]]


def kept_by_add(page: Path, url: str, folder: Path) -> list[str]:
    """The quotable paragraphs of a page added as a user would add it (each of its posts, on
    a page of several people's)."""
    added = add_article(str(page), folder, url=url)
    paths = [a.path for a in added.added] if isinstance(added, Batch) else [added.path]
    listings = [inspect_folder(folder, only=path) for path in paths]
    return [
        c.text for lst in listings for _, candidates, _ in lst for c in candidates if not c.reason
    ]


def through_feed(server: PageServer) -> Paragraphs:
    """The same, the page reached through a feed whose entry holds only an excerpt (as
    WordPress's does with "summary" chosen), both served by ``server`` on 127.0.0.1: ``add
    FEED`` fetches the page and must read it as ``add FILE`` does."""

    def kept(page: Path, url: str, folder: Path) -> list[str]:
        excerpt = escape("The first lines of the story [&#8230;]")
        server.routes["/feed/"] = (200, "application/rss+xml", (
            '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Site'
            f"</title><item><title>Story</title><link>{server.url('/story/')}</link>"
            f"<description>{excerpt}</description></item></channel></rss>"
        ).encode())  # fmt: skip
        server.routes["/story/"] = (200, "text/html", page.read_bytes())
        added = add_article(server.url("/feed/"), folder)
        assert isinstance(added, Batch) and len(added.added) == 1, page
        listings = inspect_folder(folder, only=added.added[0].path)
        return [c.text for _, candidates, _ in listings for c in candidates if not c.reason]

    return kept


def one_feed_of_all(server: PageServer, expected: dict[str, dict[str, list[str]]]) -> str:
    """The 40 pages as one feed of excerpts from a server 0.2 s away (a site abroad), added
    with the pages fetched one at a time (``FETCHERS`` 1, as before) and a few at once:
    median seconds of three runs each, alternating."""
    items = ""
    for n, name in enumerate(expected, 1):
        server.routes[f"/{n}/"] = (200, "text/html", (PAGES / name).read_bytes())
        items += f"<item><title>Story {n}</title><link>{server.url(f'/{n}/')}</link>"
        items += "<description>The first lines of the story [&#8230;]</description></item>"
    server.routes["/all/"] = (200, "application/rss+xml", (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>Site</title>{items}'
        "</channel></rss>"
    ).encode())  # fmt: skip
    server.delay = 0.2
    fetchers = store.FETCHERS
    times: dict[int, list[float]] = {1: [], fetchers: []}
    try:
        for _ in range(3):
            for each in times:
                store.FETCHERS = each
                with tempfile.TemporaryDirectory() as folder:
                    start = time.perf_counter()
                    added = add_article(server.url("/all/"), Path(folder))
                    times[each].append(time.perf_counter() - start)
                assert isinstance(added, Batch) and len(added.added) == len(expected)
    finally:
        store.FETCHERS, server.delay = fetchers, 0.0
    one, some = (statistics.median(t) for t in times.values())
    return f"{one:.1f} s one page at a time, {some:.1f} s {fetchers} at once ({one / some:.1f}×)"


def trafilatura_lines(**options: bool) -> Paragraphs:
    """trafilatura's own text, one paragraph a line: the library without this project."""
    import trafilatura

    def lines(page: Path, url: str, folder: Path) -> list[str]:
        text = trafilatura.extract(page.read_bytes(), url=url, **options) or ""
        return [line for line in text.split("\n") if line.strip()]

    return lines


def measure(paragraphs: Paragraphs, expected: dict[str, dict[str, list[str]]]) -> str:
    """Precision, recall and time of one way of reading the pages."""
    found = missed = furniture = 0
    start = time.perf_counter()
    for name, page in expected.items():
        with tempfile.TemporaryDirectory() as folder:
            kept = paragraphs(PAGES / name, str(page["url"]), Path(folder))
        # A label's spaces at its ends are no words of the page (" You look for fresh prints.").
        said, unsaid = ([s.strip() for s in page[k]] for k in ("with", "without"))
        found += sum(any(s in p for p in kept) for s in said)
        missed += sum(not any(s in p for p in kept) for s in said)
        furniture += sum(any(s in p for p in kept) for s in unsaid)
    seconds = time.perf_counter() - start
    precision, recall = found / (found + furniture), found / (found + missed)
    return (
        f"precision {precision:.3f}  recall {recall:.3f}  ({seconds / len(expected):.2f} s a page)"
    )


def count_titles(expected: dict[str, dict[str, list[str]]]) -> str:
    """How many pages get a title other than their file name."""
    titled = 0
    with tempfile.TemporaryDirectory() as folder:
        for name, page in expected.items():
            added = add_article(str(PAGES / name), Path(folder), url=str(page["url"]))
            first = added.added[0] if isinstance(added, Batch) else added
            titled += first.article.title not in (Path(name).stem, "")
    return f"{titled}/{len(expected)} pages have their own title"


def main() -> None:
    expected = json.loads((PAGES / "expected.json").read_text(encoding="utf-8"))
    print(f"{len(expected)} pages, snippets of article text and of page furniture")
    print(f"  add + passages (this project):      {measure(kept_by_add, expected)}")
    with PageServer({}) as server:
        print(f"  the same, each page through a feed: {measure(through_feed(server), expected)}")
        print(f"  all of them as one feed, 0.2 s away:  {one_feed_of_all(server, expected)}")
    print(f"  trafilatura alone:                  {measure(trafilatura_lines(), expected)}")
    favor = trafilatura_lines(favor_precision=True)
    print(f"  trafilatura, favor_precision:       {measure(favor, expected)}")
    print(f"  {count_titles(expected)}")


if __name__ == "__main__":
    main()
