"""An article file's front matter: the ``---`` block of ``key: value`` lines at its top, which
`add` writes and the folder reads (title, author, address, date, site, a PDF's page starts).
Clippers' own names for these are read too: Obsidian Web Clipper writes the address as
``source``, the date as ``published`` and the authors as a list of links to notes
(``author:`` then ``  - "[[Anna Berg]]"``); MarkDownload writes ``source`` as well."""

from __future__ import annotations

import json
import re

FIELDS = ("title", "author", "url", "date", "site", "page_starts", "posts")
# What parts a page's title from its site's name: "Bridge approved - Elbe Courier".
TITLE_SEPARATOR = re.compile(r"\s+[-|–—·:]\s+")
# Other names clippers and site generators give the fields; a field's own name wins.
_ALIASES = {"source": "url", "link": "url", "published": "date", "authors": "author"}
# An item of a YAML list under its key ("  - x") and a list written in one line ("[x, y]").
_ITEM = re.compile(r"^\s*-\s+(.*)$")
_FLOW_LIST = re.compile(r"^\[(.*)\]$")
# An Obsidian link to a note, "[[Anna Berg]]" or "[[Berg, Anna|Anna Berg]]": its shown name.
_WIKILINK = re.compile(r"\[\[(?:[^\]|]*\|)?([^\]|]*)\]\]")
_QUOTES = "\"'"


def split_front_matter(text: str) -> tuple[dict[str, str], str, int]:
    """Metadata from a leading ``---`` block of ``key: value`` lines, the rest, lines consumed."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return {}, text, 0
    for end in range(1, len(lines)):
        if lines[end].strip() == "---":
            return _fields(lines[1:end]), "\n".join(lines[end + 1 :]), end + 1
    return {}, text, 0


def _fields(lines: list[str]) -> dict[str, str]:
    """The known fields of a front matter block's lines, by their own names or a clipper's;
    the authors' list (its items under the key, or in brackets) joined by commas."""
    meta: dict[str, str] = {}
    named: dict[str, str] = {}
    key = ""
    for line in lines:
        item = _ITEM.match(line)
        if item and key == "author":  # an item of the list under the key
            name = _shown(_read_value(item[1].strip()))
            meta[key] = ", ".join(n for n in (meta[key], name) if n)
            continue
        name, sep, value = line.partition(":")
        name = name.strip().lower()
        key = _ALIASES.get(name, name) if sep and not line[:1].isspace() else ""
        if key not in FIELDS or (name != key and named.get(key) == key):  # its own name set it
            key = ""
            continue
        named[key] = name
        value = value.strip()
        if key != "author":
            meta[key] = _read_value(value)
            continue
        flow = _FLOW_LIST.match(value)
        names = (_shown(_read_value(n.strip())) for n in (flow[1].split(",") if flow else [value]))
        meta[key] = ", ".join(n for n in names if n)
    return meta


def _shown(value: str) -> str:
    """A value as a reader sees it: a link to a note as its name."""
    return _WIKILINK.sub(r"\1", value).strip()


def format_field(key: str, value: str) -> str:
    """One ``key: value`` line that reads back as ``value``: a value that starts or ends with
    a quotation mark is written as a JSON string, as YAML quotes one, since a pair of quotes
    around a value is read as quoting it ('"Khojaly": a survivor speaks' had lost a mark), and
    one that starts with a bracket, which a list's value does."""
    if value[:1] in _QUOTES or value[-1:] in _QUOTES or value[:1] == "[":  # not a list
        value = json.dumps(value, ensure_ascii=False)
    return f"{key}: {value}"


def _read_value(value: str) -> str:
    """A value as written: a quoted one without its quotes ("..." as a JSON string, '...' as
    YAML's), any other as it stands, a quotation mark that only starts or ends it kept."""
    if len(value) < 2 or value[0] != value[-1] or value[0] not in _QUOTES:
        return value
    if value[0] == '"':
        try:
            read = json.loads(value)
        except ValueError:  # a writer's own quoting, with quotes inside left as they are
            return value[1:-1]
        return read if isinstance(read, str) else value[1:-1]
    return value[1:-1].replace("''", "'")
