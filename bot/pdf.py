"""A PDF's paragraphs as its reader sees them, from pdfminer's text boxes.

pdfminer knows lines and boxes, not paragraphs. A box ends at each page's end, and where the
next line's edges move (the short last line of an indented list item), so a sentence cut
there became two paragraphs, each quoted as if whole. And what a page draws at the same place
on every page (running heads and feet) came out as paragraphs of the article, and headings
as paragraphs of their own. Here the boxes of a paragraph are joined again, the running heads
left out and headings marked as Markdown's, and each paragraph keeps the page it starts on,
where a reader of the PDF finds it; the words stay pdfminer's. Before that, pdfminer's output
is read as a reader reads the page: the pieces it cut a justified line into, left to right;
a heading it boxed with the paragraph under it, apart; columns one after the other. A web
page a browser printed loses what the browser added in its margins (the page's address is kept
as the article's) and the page's lists of links: its menus, share bars, other stories.
"""

from __future__ import annotations

import functools
import io
import itertools
import re
import statistics
import unicodedata
from collections import Counter, defaultdict, deque
from collections.abc import Iterator
from dataclasses import dataclass

from pdfminer.converter import PDFPageAggregator
from pdfminer.layout import (
    LAParams,
    LTChar,
    LTComponent,
    LTContainer,
    LTPage,
    LTText,
    LTTextBox,
    LTTextLine,
    LTTextLineHorizontal,
)
from pdfminer.pdfdocument import PDFDocument
from pdfminer.pdffont import PDFFont
from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
from pdfminer.pdfpage import PDFPage
from pdfminer.pdfparser import PDFParser
from pdfminer.pdftypes import resolve1
from pdfminer.psparser import LIT

from bot.blocks import has_words, heading_shaped, in_script

# A box ending so has ended its sentence: its paragraph may end there.
_SENTENCE_END = re.compile(r"[.!?:;…。！？।۔؟][\"'”’»)\]]*\s*$")
_BULLETS = "• ◦ ▪ ‣ ○ ■ □ ● – — * -".split()
# Marks that begin a list item ("•", "a)", "12."): a box starting with one begins a paragraph.
_ITEM = re.compile(rf"^\s*(?:[{''.join(_BULLETS)}]|\(?[0-9a-zA-Z]{{1,3}}[.)])\s")
_BULLET_START = re.compile(rf"^\s*[{''.join(_BULLETS)}]\s")
# A bold face's name: most say so; TeX's Computer Modern bold is "CMBX10" (or "CMB10", "CMSSBX10",
# cm-super's "SFBX1000"), URW's Times bold "NimbusRomNo9L-Medi", a journal's "…AdvTT3713a231.B".
_BOLD = re.compile(
    r"bold|black|heavy|semibold|demi|-medi$|(?:^|\+)(?:CMB|CMSSBX|SFBX)|\.BI?$", re.IGNORECASE
)
_LARGER = 1.15  # times the body's size: type set larger than the text is a heading's
_SMALL_PRINT = 0.9  # times the text's size: type set smaller is a footnote's or a caption's
_SCRIPT_SIZE = 0.9  # times a line's size: a raised (lowered) run set smaller is a script
_PAST_NOTES = 4  # boxes of small print a paragraph goes on past, at most
_GUTTER = 0.7  # of the text's size: a space between columns is no narrower
_STRETCHED = 2.0  # of a line's height: a space justified type stretches is no wider
_TOUCHING = 0.1  # of a line's height: pieces of a line nearer than this have no space between
_SPACE = 0.25  # of the font size: a space's width, about, in the fonts books and reports use
# A page number, as a running head may hold one; longer numbers (a year, an ID) are text.
_PAGE_NUMBER = re.compile(r"(?<!\d)\d{1,4}(?!\d)")
_SAME_PLACE = 2.0  # points: a running head stands this near the same height on every page
_RUNNING_PAGES = 3  # pages a running head repeats on (or both of two); two of more: coincidence
_EDGE_BOXES = 8  # a page has no more running heads (or feet) than this
_LINKED = 0.7  # of a box's letters: a box more of whose letters are a link's is a link list
# The page counter a browser prints in a page's margin: "2/5" (Chrome, Safari), "2 of 5".
_COUNTER = re.compile(r"(\d{1,4})\s*(?:/|of)\s*(\d{1,4})")
# A browser's running foot (or head): the page's address, its counter beside it ("1/14").
_PRINTED_FROM = re.compile(rf"(https?://\S+?)(?:\s+{_COUNTER.pattern})?")
Rect = tuple[float, float, float, float]
# A browser's name as the creator of a page it printed: Chrome's and Edge's user agent
# ("Mozilla/5.0 (X11; Linux x86_64) … Chrome/150.0.0.0 …"), Firefox's, Safari's.
_BROWSER = re.compile(r"Mozilla|Firefox|Safari")
# Latin ligatures (U+FB00-FB06: ﬀ ﬁ ﬂ ﬃ ﬄ ﬅ ﬆ), which fonts map their ligature glyphs to.
_LIGATURES = {c: unicodedata.normalize("NFKC", chr(c)) for c in range(0xFB00, 0xFB07)}
# Letters written right to left (Hebrew, Arabic, Syriac, Thaana, their presentation forms),
# not their digits, which are written left to right as ours are.
_RTL_LETTERS = "\u0590-\u065f\u066a-\u06ef\u06fa-\u08ff\ufb1d-\ufdff\ufe70-\ufefe"
_LTR_LETTERS = "0-9A-Za-z\u00c0-\u024f\u0370-\u052f\u0660-\u0669\u06f0-\u06f9"
_RIGHT_TO_LEFT = re.compile(f"[{_RTL_LETTERS}]")
_LEFT_TO_RIGHT = re.compile(f"[{_LTR_LETTERS}]")
_LTR_RUN = re.compile(f"[{_LTR_LETTERS}](?:[^{_RTL_LETTERS}]*[{_LTR_LETTERS}])?")
_RTL_RUN = re.compile(f"[{_RTL_LETTERS}](?:[^{_LTR_LETTERS}]*[{_RTL_LETTERS}])?")
_ENDING = re.compile(r"[.,:;!?؟،؛…]+$")


@dataclass(frozen=True, slots=True)
class _Box:
    """A text box as drawn: its text (lines ending in "\\n", as pdfminer writes them), where
    it stands, and what tells whether the next box goes on with its paragraph."""

    text: str
    page: int
    x0: float
    x1: float
    y0: float
    y1: float
    lines: int = 1
    size: float = 0.0  # its font size; 0 for text outside any box (a figure's), never joined
    bold: bool = False  # set in a bold face
    first_word: float = 0.0  # its first word's width: would it have fit on the line before?
    first_start: float = 0.0  # where its first line starts
    last_start: float = 0.0  # where its last line starts and ends
    last_end: float = 0.0
    linked: float = 0.0  # the share of its letters inside a link's rectangle


@dataclass(frozen=True, slots=True)
class Layout:
    """What a reader sees of a PDF: its paragraphs, each a text as pdfminer writes it (lines
    ending in "\\n"), the page each starts on (from 1), its title as set: the heading set
    largest on its first page, "" if none; the title its document information gives, "" if
    none; and the address a browser printed it from, as its running foot or head gives it, ""
    if none."""

    paragraphs: list[str]
    pages: list[int]
    title: str
    info_title: str = ""
    url: str = ""


def read_pdf(data: bytes) -> Layout:
    """The PDF's paragraphs as a reader sees them: see the module's docstring."""
    document = PDFDocument(PDFParser(io.BytesIO(data)))
    boxes, count = _boxes(document)
    running = _running(boxes) | _margins(boxes, count)
    pages: dict[int, list[_Box]] = defaultdict(list)
    for i, box in enumerate(boxes):
        if i not in running:
            pages[box.page].append(box)
    for number, on_page in pages.items():  # running heads, which span columns, left out
        pages[number] = _reading_order(on_page)
    kept = list(itertools.chain.from_iterable(pages.values()))
    body = _body_type(kept)
    url = _printed_from([boxes[i] for i in running])
    if url or _BROWSER.match(_info(document, "Creator")):  # a web page printed
        kept, pages = _without_link_lists(kept, pages, body)
    texts: list[str] = []
    starts: list[int] = []
    before: _Box | None = None
    flows: deque[tuple[_Box, int]] = deque(maxlen=_PAST_NOTES)  # boxes with words, paragraphs
    for box in kept:
        mark = before.text.strip() if before else ""
        at = len(texts)  # the paragraph this box ends in
        if _is_heading(box, body):
            texts.append(f"## {box.text}")
        elif flow := _continued(flows, box, body, pages):
            at = flow[1]
            texts[at] += box.text  # past a page number between, if any
        elif before and before.page == box.page and mark in _BULLETS:
            at -= 1
            texts[at] = f"{mark} {box.text}"  # a bullet drawn as a box of its own
        else:
            texts.append(box.text)
        if at == len(starts):
            starts.append(box.page + 1)
        if has_words(box.text):
            flows.append((box, at))
        before = box
    first = [box for box in pages.get(0, []) if _is_heading(box, body)]
    title = max(first, key=lambda box: box.size).text if first else ""
    return Layout(texts, starts, title, _info(document, "Title"), url)


def _info(document: PDFDocument, key: str) -> str:
    """A text field of the document information ("Title", "Creator"), "" if it has none (or
    a damaged one: the information is optional)."""
    for record in document.info:
        try:
            value = resolve1(record.get(key))
        except Exception:  # pdfminer raises many kinds on a damaged object
            continue
        if isinstance(value, bytes):
            utf16 = value[:2] in (b"\xfe\xff", b"\xff\xfe")
            return value.decode("utf-16" if utf16 else "latin-1", errors="replace")
    return ""


def _without_link_lists(
    kept: list[_Box], pages: dict[int, list[_Box]], body: tuple[float, bool]
) -> tuple[list[_Box], dict[int, list[_Box]]]:
    """A printed web page's boxes without those mostly of links' words: its menus, share
    bars and lists of other stories. Not a heading (a post's title links to the post), and
    none when that would leave nothing else."""
    links = {id(box) for box in kept if box.linked >= _LINKED and not _is_heading(box, body)}
    if len(links) == len(kept):
        return kept, pages
    on_pages = {n: [box for box in on if id(box) not in links] for n, on in pages.items()}
    return [box for box in kept if id(box) not in links], on_pages


def _body_type(boxes: list[_Box]) -> tuple[float, bool]:
    """The size and weight most of the text is set in."""
    counts: Counter[tuple[float, bool]] = Counter()
    for box in boxes:
        if box.size:
            counts[round(box.size, 1), box.bold] += len(box.text)
    return counts.most_common(1)[0][0] if counts else (0.0, False)


def _is_heading(box: _Box, body: tuple[float, bool]) -> bool:
    """A heading: a short box that ends no sentence, set larger than the body text, or as
    large and bold where the body is not ("Radioactive Iodine Therapy")."""
    if not box.size or box.lines > 2 or not heading_shaped(box.text):
        return False
    if _BULLET_START.match(box.text):
        return False
    return _set_apart(box.size, box.bold, body)


class _Aggregator(PDFPageAggregator):
    """pdfminer's page aggregator, a glyph its font maps to no character read as U+FFFD, the
    replacement character, where pdfminer writes "(cid:13)", which no page shows: a TeX
    document's "Copyright ©" was quoted "Copyright c(cid:13)"."""

    def handle_undefined_char(self, font: PDFFont, cid: int) -> str:
        return "\ufffd"


def _pages(document: PDFDocument) -> Iterator[tuple[LTPage, list[Rect]]]:
    """pdfminer's layout of each page (its ``extract_pages``, with the aggregator above), and
    the rectangles of the page's links."""
    manager = PDFResourceManager(caching=True)
    device = _Aggregator(manager, laparams=LAParams())
    interpreter = PDFPageInterpreter(manager, device)
    for page in PDFPage.create_pages(document):
        interpreter.process_page(page)
        yield device.get_result(), _links(page)


def _links(page: PDFPage) -> list[Rect]:
    """Where a page's link annotations are clicked: a printed web page keeps every link of
    the page so, its menus, share bars and lists of other stories among them. Annotations
    that are not links, or not well formed, are passed over: they hold no text."""
    rects = []
    try:
        annotations = resolve1(page.annots)
    except Exception:  # pdfminer raises many kinds on a damaged object; links are optional
        return []
    for annotation in annotations if isinstance(annotations, list) else []:
        try:
            rect = _link_rect(resolve1(annotation))
        except Exception:
            continue
        if rect:
            rects.append(rect)
    return rects


def _link_rect(annotation: object) -> Rect | None:
    """Where a link annotation is clicked; None for another kind or a malformed one."""
    if not isinstance(annotation, dict) or resolve1(annotation.get("Subtype")) is not LIT("Link"):
        return None
    corners = resolve1(annotation.get("Rect"))
    if not isinstance(corners, list) or len(corners) != 4:
        return None
    x0, y0, x1, y1 = (resolve1(c) for c in corners)
    if not all(isinstance(c, (int, float)) for c in (x0, y0, x1, y1)):
        return None
    return (min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))


def _boxes(document: PDFDocument) -> tuple[list[_Box], int]:
    """pdfminer's text boxes (and any text outside them) in its reading order, page by page,
    and the number of pages."""
    boxes: list[_Box] = []
    count = 0
    for number, (page, links) in enumerate(_pages(document)):
        for item, lines in _with_pieces(list(page)):
            rows = _rows(lines)
            for part in _headed(rows) if rows else [rows]:
                if (box := _box(item, part, number, links)).text.strip():
                    boxes.append(box)
        count = number + 1
    return boxes, count


def _reading_order(boxes: list[_Box]) -> list[_Box]:
    """Boxes in the order a reader takes them: on a page of columns, each column top to
    bottom, left to right; else pdfminer's order. pdfminer reads boxes at one height across
    columns together: a paper's two columns, each with a heading at the same height, were
    read as bands, the end of a paragraph ("no program mod-") three boxes before its start."""
    columns = _columns(boxes)
    if len(columns) == 1:
        return boxes
    return [box for column in columns for box in _reading_order(column)]


def _columns(boxes: list[_Box]) -> list[list[_Box]]:
    """``boxes`` split at the first gutter from the left that runs down the whole page past
    every box with words, with a paragraph (a box of lines) on either side (a bullet drawn
    apart from its item makes no column); a box without words (a page number) goes with
    the side its middle is on. ``[boxes]`` when there is no such gutter."""
    worded = sorted((b for b in boxes if b.size and has_words(b.text)), key=lambda b: b.x0)
    if not worded:
        return [boxes]
    size = statistics.median(box.size for box in worded)
    reach = worded[0].x1  # how far right the boxes left of this one reach
    for box in worded[1:]:
        if box.x0 - reach >= _GUTTER * size:
            cut = (reach + box.x0) / 2
            left = [b for b in boxes if (b.x0 + b.x1) / 2 < cut]
            right = [b for b in boxes if (b.x0 + b.x1) / 2 >= cut]
            if all(any(b.lines > 1 and has_words(b.text) for b in side) for side in (left, right)):
                return [left, right]
        reach = max(reach, box.x1)
    return [boxes]


def _with_pieces(items: list[LTComponent]) -> list[tuple[LTComponent, list[LTTextLine]]]:
    """A page's items, each text box with its lines and those of any box that is only pieces
    of its lines: pdfminer cuts a justified line at a wide space, and may make a box of the
    piece ("It's likely" at a line's end), which stands inside the box of the lines around
    it."""
    boxes = [item for item in items if isinstance(item, LTTextBox)]
    lines = {id(box): [line for line in box if isinstance(line, LTTextLine)] for box in boxes}
    into: dict[int, LTTextBox] = {}
    order = {id(box): (box.width * box.height, i) for i, box in enumerate(boxes)}
    for piece in boxes:
        into_box = (  # a larger box (or as large and first: never each other's)
            box
            for box in boxes
            if order[id(piece)] < order[id(box)] and _within(piece, box)
            and all(any(_one_line(a, b) for b in lines[id(box)]) for a in lines[id(piece)])
        )  # fmt: skip
        if (box := next(into_box, None)) is not None:
            into[id(piece)] = box
    if any(_RIGHT_TO_LEFT.search(box.get_text()) for box in boxes):
        into |= _runs_beside(boxes, lines, order)
    for piece in boxes:
        if (box := into.get(id(piece))) is not None:
            while id(box) in into:  # a piece of a piece
                box = into[id(box)]
            lines[id(box)] = sorted(lines[id(box)] + lines[id(piece)], key=lambda line: -line.y1)
    return [(item, lines.get(id(item), [])) for item in items if id(item) not in into]


def _runs_beside(
    boxes: list[LTTextBox], lines: dict[int, list[LTTextLine]], order: dict[int, tuple[float, int]]
) -> dict[int, LTTextBox]:
    """Right-to-left type is drawn in runs, and pdfminer boxes a run of figures or a full
    stop in a line of Arabic or Hebrew apart from it ("2024", "." beside "في عام"): boxes
    standing side by side as pieces of one line, each into the largest of them."""
    group = {id(box): box for box in boxes}  # each box's group, by its largest box

    def largest(box: LTTextBox) -> LTTextBox:
        while group[id(box)] is not box:
            box = group[id(box)]
        return box

    for a, b in itertools.combinations(boxes, 2):
        if all(any(_one_line(x, y) for y in lines[id(b)]) for x in lines[id(a)]):
            first, second = sorted((largest(a), largest(b)), key=lambda box: order[id(box)])
            group[id(first)] = second
    return {id(box): largest(box) for box in boxes if largest(box) is not box}


def _within(piece: LTComponent, box: LTComponent) -> bool:
    """Whether ``piece`` stands inside ``box`` (to a point)."""
    return (
        piece.x0 >= box.x0 - 1 and piece.x1 <= box.x1 + 1
        and piece.y0 >= box.y0 - 1 and piece.y1 <= box.y1 + 1
    )  # fmt: skip


def _one_line(a: LTTextLine, b: LTTextLine) -> bool:
    """Whether two of pdfminer's lines are pieces of one: side by side on one baseline, no
    more than a stretched space apart (a table's or a chart's columns stand further)."""
    if not isinstance(a, LTTextLineHorizontal) or not isinstance(b, LTTextLineHorizontal):
        return False  # vertical writing: pdfminer's lines
    height = min(a.height, b.height)
    return (
        a.voverlap(b) > 0.5 * height
        and a.hoverlap(b) <= _TOUCHING * height  # touching, not standing over each other
        and a.hdistance(b) <= _STRETCHED * height
    )


def _rows(lines: list[LTTextLine]) -> list[list[LTTextLine]]:
    """A box's lines as a reader reads them: each line's pieces left to right (pdfminer gives
    them one under the other, in either order: "nor", then "level: instructions"), the lines
    in pdfminer's order, top to bottom."""
    rows: list[list[LTTextLine]] = []
    placed: set[int] = set()
    for i, line in enumerate(lines):
        if i in placed:
            continue
        row = [line]
        grown = True
        while grown:  # a piece may stand beside this line only through another piece
            grown = False
            for j in range(i + 1, len(lines)):
                if lines[j].y1 <= line.y0:
                    break  # lines come top first: none further down stands beside this one
                if j not in placed and any(_one_line(lines[j], piece) for piece in row):
                    row.append(lines[j])
                    placed.add(j)
                    grown = True
        rows.append(sorted(row, key=lambda piece: piece.x0))
    return rows


def _headed(rows: list[list[LTTextLine]]) -> list[list[list[LTTextLine]]]:
    """A box's rows, a heading at its start set apart: its first one or two rows, when set in
    other type than the rest (larger, or bold where the rest is not) and shaped as a
    heading, are a box of their own (one for each type). pdfminer may box a heading with
    the paragraph right under it: a paper's "Background" was the first word of its first
    paragraph, and that paragraph, typed as large as the heading, never went on in the next
    column."""
    body = _kind(rows[-1])
    # Where the body's type begins: within the first three rows, or it is no heading's box.
    start = next((i for i, row in enumerate(rows[:3]) if _kind(row) == body), 3)
    if start == 0 or start > 2:
        return [rows]
    runs = [list(run) for _, run in itertools.groupby(rows[:start], key=_kind)]
    for run in runs:
        size, bold = _kind(run[0])
        if not _set_apart(size, bold, body) or not heading_shaped(_rows_text(run)):
            return [rows]
    return [*runs, rows[start:]]


def _kind(row: list[LTTextLine]) -> tuple[float, bool]:
    """The size and weight a row of text is set in (0 for none: a figure's)."""
    chars = [c for line in row for c in line if isinstance(c, LTChar)]
    if not chars:
        return 0.0, False
    bold = sum(_bold_face(c.fontname) for c in chars) > 0.8 * len(chars)
    return round(statistics.median(c.size for c in chars), 1), bold


@functools.cache
def _bold_face(fontname: str) -> bool:
    """Whether a font's name says it is a bold face (asked for every character: cached)."""
    return bool(_BOLD.search(fontname))


def _set_apart(size: float, bold: bool, body: tuple[float, bool]) -> bool:
    """Whether type of ``size`` and weight stands out from the ``body`` type as a heading's:
    larger, or as large and bold where the body is not."""
    return size >= _LARGER * body[0] or (bold and not body[1] and size >= 0.95 * body[0])


def _rows_text(rows: list[list[LTTextLine]]) -> str:
    """Rows' text as pdfminer writes lines, each ending in "\n", a row's pieces spaced, in the
    order they are read (``_logical``)."""
    return "".join(_logical(_row_text(row)) + "\n" for row in rows)


def _row_text(row: list[LTTextLine]) -> str:
    """A row's pieces left to right, a space between two unless they touch (a full stop
    drawn apart from the figure it ends)."""
    text = _line_text(row[0]).rstrip("\n")
    for before, piece in itertools.pairwise(row):
        touching = piece.x0 - before.x1 < _TOUCHING * min(before.height, piece.height)
        text += ("" if touching else " ") + _line_text(piece).rstrip("\n")
    return text


def _box(item: LTComponent, rows: list[list[LTTextLine]], page: int, links: list[Rect]) -> _Box:
    chars = [c for c in rows[0][0] if isinstance(c, LTChar)] if rows else []
    if not chars:  # text outside any box (a figure's): never joined to another
        return _Box(_text(item), page, item.x0, item.x1, item.y0, item.y1)
    lines = [line for row in rows for line in row]
    word = []
    for char in rows[0][0]:  # to its first space, drawn or one pdfminer put in
        if char.get_text().isspace():
            break
        if isinstance(char, LTChar):
            word.append(char)
    return _Box(
        text=_rows_text(rows),
        page=page,
        x0=min(line.x0 for line in lines),
        x1=max(line.x1 for line in lines),
        y0=min(line.y0 for line in lines),
        y1=max(line.y1 for line in lines),
        lines=len(rows),
        size=statistics.median(c.size for c in chars),
        bold=sum(_bold_face(c.fontname) for c in chars) > 0.8 * len(chars),
        first_word=word[-1].x1 - word[0].x0 if word else 0.0,
        first_start=rows[0][0].x0,
        last_start=rows[-1][0].x0,
        last_end=rows[-1][-1].x1,
        linked=_linked(lines, links),
    )


def _linked(lines: list[LTTextLine], links: list[Rect]) -> float:
    """The share of the letters of ``lines`` drawn inside a link's rectangle."""
    near = [  # the links the lines overlap: most pages' links are few, and far from most text
        (x0, y0, x1, y1)
        for x0, y0, x1, y1 in links
        if any(x0 < line.x1 and line.x0 < x1 and y0 < line.y1 and line.y0 < y1 for line in lines)
    ]
    drawn = [
        c for line in lines for c in line if isinstance(c, LTChar) and not c.get_text().isspace()
    ]
    if not near or not drawn:
        return 0.0
    inside = sum(
        any(
            x0 <= (c.x0 + c.x1) / 2 <= x1 and y0 <= (c.y0 + c.y1) / 2 <= y1
            for x0, y0, x1, y1 in near
        )
        for c in drawn
    )
    return inside / len(drawn)


def _printed_from(running: list[_Box]) -> str:
    """The address a browser printed the page from: a running foot (or head) that is one
    http(s) address, with at most the page number beside it, as Chrome, Firefox and Safari
    print it. One the browser shortened ("…/ravenous-wild-goats-ruled-island-over-century-now-i…")
    names no page and is passed over."""
    said = Counter(
        match[1]
        for box in running
        if (match := _PRINTED_FROM.fullmatch(" ".join(box.text.split()))) and "…" not in match[1]
    )
    return said.most_common(1)[0][0] if said else ""


def _text(item: LTComponent) -> str:
    """The text of a layout item and all within it, as pdfminer's ``extract_text`` writes it."""
    if isinstance(item, LTTextLine):
        text = _line_text(item)
        return _logical(text.rstrip("\n")) + text[len(text.rstrip("\n")) :]
    if isinstance(item, LTContainer):
        return "".join(_text(child) for child in item)
    return item.get_text() if isinstance(item, LTText) else ""


def _running(boxes: list[_Box]) -> set[int]:
    """Indexes of the running heads and feet: boxes at a page's top or bottom edge (with
    only others of their kind above, or below) whose text stands at the same height on at
    least three pages that have other text; page numbers aside ("Page 3 of 9")."""
    on_page: dict[int, list[int]] = defaultdict(list)
    for i, box in enumerate(boxes):
        on_page[box.page].append(i)
    edges = [
        (sorted(indexes, key=lambda i: -boxes[i].y1), sorted(indexes, key=lambda i: boxes[i].y0))
        for indexes in on_page.values()
    ]
    alike: dict[str, list[int]] = defaultdict(list)  # only boxes near an edge can be running
    for i in {i for edge in itertools.chain(*edges) for i in edge[:_EDGE_BOXES]}:
        alike[_PAGE_NUMBER.sub("#", " ".join(boxes[i].text.split()))].append(i)
    needed = max(2, min(_RUNNING_PAGES, sum(len(indexes) > 1 for indexes in on_page.values())))
    repeated = set()
    for group in alike.values():
        for i in group:
            same_place = [j for j in group if abs(boxes[j].y0 - boxes[i].y0) <= _SAME_PLACE]
            pages = {boxes[j].page for j in same_place}
            if sum(len(on_page[page]) > 1 for page in pages) >= needed:
                repeated.add(i)
    running: set[int] = set()
    for edge in itertools.chain(*edges):
        running.update(itertools.takewhile(repeated.__contains__, edge))
    return running if len(running) < len(boxes) else set()  # nothing else: it is the text


def _margins(boxes: list[_Box], count: int) -> set[int]:
    """Indexes of what a browser prints in a page's margins, as it prints a web page: the
    date, the page's title and address, and the page counter ("2/5", "2 of 5"). On a page
    whose first or last row holds its counter, each of those two rows that is set all in the
    counter's type. ``_running`` finds them on two pages or more; this also on a page
    printed alone."""
    on_page: dict[int, list[_Box]] = defaultdict(list)
    for box in boxes:
        on_page[box.page].append(box)
    found: set[int] = set()
    for page, on in on_page.items():
        top, bottom = max(box.y1 for box in on), min(box.y0 for box in on)
        rows = (
            [o for o in on if o.y0 - bottom <= _SAME_PLACE],
            [o for o in on if top - o.y1 <= _SAME_PLACE],
        )
        for box in itertools.chain(*rows):
            counter = _COUNTER.fullmatch(" ".join(box.text.split()))
            if counter and (int(counter[1]), int(counter[2])) == (page + 1, count):
                for row in rows:
                    if all(abs(o.size - box.size) < 0.1 for o in row):
                        found.update(id(o) for o in row)
    return {i for i, box in enumerate(boxes) if id(box) in found}


def _beside(box: _Box, other: _Box) -> bool:
    """Whether two boxes share some width: stand in one column."""
    return other is not box and other.x0 < box.x1 and box.x0 < other.x1


def _goes_on(before: _Box, box: _Box, pages: dict[int, list[_Box]]) -> bool:
    """Whether ``box`` goes on with the paragraph of the box ``before`` it: that one stops
    mid-sentence, on a line as full as its column's, where the first word of ``box`` would
    not have fit (a line broken where the next word fits was broken on purpose); both hold
    words, in the same type, and ``box`` comes next in the flow of the text."""
    if not before.size or not box.size or abs(before.size - box.size) > 0.15 * before.size:
        return False
    if _SENTENCE_END.search(before.text) or _ITEM.match(box.text):
        return False
    if not has_words(before.text) or not has_words(box.text):
        return False  # figures in a table's cells
    column = [o for o in pages[before.page] if o is before or _beside(before, o)]
    if not _next_in_flow(before, box, pages[box.page], column):
        return False
    widths = [other.x1 for other in column if other is not before or before.lines > 1]
    return bool(widths) and before.last_end + _SPACE * box.size + box.first_word > max(widths)


def _continued(
    flows: deque[tuple[_Box, int]],
    box: _Box,
    body: tuple[float, bool],
    pages: dict[int, list[_Box]],
) -> tuple[_Box, int] | None:
    """The box (and paragraph) whose text ``box`` goes on, if any: the last box with words
    (page numbers hold none), or else the last past those set smaller than ``box`` (a
    footnote or a caption between a paragraph and its end in the next column or on the next
    page). The last is tried first whatever its size: sizes read from a scan vary."""
    past = next((f for f in reversed(flows) if f[0].size >= _SMALL_PRINT * box.size), None)
    for flow in dict.fromkeys(f for f in (flows[-1] if flows else None, past) if f):
        if not _is_heading(flow[0], body) and _goes_on(flow[0], box, pages):
            return flow
    return None


def _in_flow(box: _Box, size: float) -> bool:
    """Whether a box is part of the text set in ``size``: it holds words, in type not
    smaller (a page number, a footnote or a caption under a column is none of it)."""
    return has_words(box.text) and box.size >= _SMALL_PRINT * size


def _next_in_flow(before: _Box, box: _Box, on_page: list[_Box], column: list[_Box]) -> bool:
    """Whether ``box`` is where a reader goes on from ``before``: the next line of its
    column, unless it starts left of the lines before it (a new entry of a list set with a
    hanging indent) by more than a paragraph's first line is indented; or, from the last
    box of a column, the first of the next column or page. A label set at a column's right
    ("[Function]") goes on to nothing."""
    if box.page == before.page and _beside(before, box):
        below = 0 <= before.y0 - box.y1 <= box.size  # a line's gap, not a paragraph's
        outdent = before.last_start - box.first_start
        indent = outdent <= _SPACE * box.size or (before.lines == 1 and outdent <= 3 * box.size)
        return below and indent
    if any(o.y1 <= before.y0 for o in column if _in_flow(o, before.size)):
        return False  # not the column's last box
    if any(o.y0 >= box.y1 for o in on_page if _beside(box, o) and _in_flow(o, box.size)):
        return False  # not the first box of its column
    if before.last_start > (min(o.x0 for o in column) + max(o.x1 for o in column)) / 2:
        return False  # a label
    return box.page == before.page + 1 or (box.page == before.page and box.x0 >= before.x1)


def _logical(row: str) -> str:
    """A row's characters in the order they are read. pdfminer gives them in the order they
    stand, left to right, so an Arabic, Persian or Hebrew line came out backwards ("تسرهف"
    for "فهرست"). Where letters written right to left are most of a row's, the row is read
    from its right end, its runs of left-to-right words and figures kept as they stand;
    otherwise only its right-to-left runs are turned. Brackets are not swapped: LibreOffice's
    PDFs map a mirrored bracket's glyph to the character read."""
    rtl = len(_RIGHT_TO_LEFT.findall(row))
    if not rtl:
        return row
    if rtl >= len(_LEFT_TO_RIGHT.findall(row)):
        # A full stop at the row's right end is its last mark too: the paragraph runs left to
        # right around its Arabic (Word's and LibreOffice's default), whose end it ends.
        ending = _ENDING.search(row)
        stop = ending[0] if ending else ""
        turned = row[: len(row) - len(stop)][::-1]
        return _LTR_RUN.sub(lambda run: run[0][::-1], turned).strip() + stop
    return _RTL_RUN.sub(lambda run: run[0][::-1], row)


def _line_text(line: LTTextLine) -> str:
    """A text line's characters, a run set smaller and raised above the line (or lowered
    below it) in raised (lowered) digits when it is digits: pdfminer gives a footnote mark
    after a figure as one more digit, "613" and a raised "1" as "6131". A ligature a font
    draws as one glyph is its letters ("ﬁ" is "fi"): a reader reads them, and a quote
    copied into a search finds "confidence" only so."""
    chars = [c for c in line if isinstance(c, LTChar)]
    if not chars:
        return "".join(item.get_text() for item in line).translate(_LIGATURES)
    normal = max(c.size for c in chars)
    base = statistics.median(c.y0 for c in chars if c.size >= 0.9 * normal)
    out: list[str] = []
    run: list[str] = []
    kind = ""
    for item in line:
        placed = ""
        if isinstance(item, LTChar) and item.size < _SCRIPT_SIZE * normal:
            if item.y0 > base + 0.2 * normal:
                placed = "sup"
            elif item.y0 < base - 0.05 * normal:
                placed = "sub"
        if placed != kind:
            out.append(in_script("".join(run), kind, "".join(out)) if kind else "".join(run))
            run, kind = [], placed
        run.append(item.get_text())
    out.append(in_script("".join(run), kind, "".join(out)) if kind else "".join(run))
    return "".join(out).translate(_LIGATURES)
