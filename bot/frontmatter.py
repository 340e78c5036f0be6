"""An article file's front matter: the ``---`` block of ``key: value`` lines at its top, which
`add` writes and the folder reads (title, author, address, date, site, a PDF's page starts)."""

from __future__ import annotations

import json
import re

FIELDS = ("title", "author", "url", "date", "site", "page_starts")
# What parts a page's title from its site's name: "Bridge approved - Elbe Courier".
TITLE_SEPARATOR = re.compile(r"\s+[-|–—·:]\s+")
_QUOTES = "\"'"


def split_front_matter(text: str) -> tuple[dict[str, str], str, int]:
    """Metadata from a leading ``---`` block of ``key: value`` lines, the rest, lines consumed."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return {}, text, 0
    for end in range(1, len(lines)):
        if lines[end].strip() == "---":
            meta = {}
            for line in lines[1:end]:
                key, sep, value = line.partition(":")
                if sep and key.strip().lower() in FIELDS:
                    meta[key.strip().lower()] = _read_value(value.strip())
            return meta, "\n".join(lines[end + 1 :]), end + 1
    return {}, text, 0


def format_field(key: str, value: str) -> str:
    """One ``key: value`` line that reads back as ``value``: a value that starts or ends with
    a quotation mark is written as a JSON string, as YAML quotes one, since a pair of quotes
    around a value is read as quoting it ('"Khojaly": a survivor speaks' had lost a mark)."""
    if value[:1] in _QUOTES or value[-1:] in _QUOTES:
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
