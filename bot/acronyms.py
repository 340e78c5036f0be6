"""Abbreviations the articles write out: "CIS" where they say "Commonwealth of Independent
States".

Articles often name an organisation in full only, while readers type its initials; BM25 finds
no such word and the models do not know which name initials stand for in these articles. As
abbreviation finders do (Schwartz and Hearst, 2003), a run of capitalised words, joined by at
most "of", "and", "for" or "the" ("Union of Soviet Socialist Republics"), is taken to be
abbreviated by its words' initials, and initials the articles never use are read as the one
run they stand for.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_NAME = r"[A-Z][a-z]+"
_RUN = re.compile(rf"\b{_NAME}(?:\s+(?:(?:of|and|for|the)\s+)?{_NAME})+\b")
_LEADING = re.compile(r"^(?:(?:of|and|for|the)\s+)+")
_ENDS = '.!?:;"“‘(«'


def written_out(texts: Iterable[str]) -> dict[str, str]:
    """Initials -> the one run of capitalised words in ``texts`` with those initials; none
    for initials that several runs share (on SQuAD-2 dev, taking the commonest gained more
    questions but lost 64 that were found without it; README, "Measured")."""
    found: set[tuple[str, str]] = set()
    for text in texts:
        for match in _RUN.finditer(text):
            run = match.group()
            before = text[: match.start()].rstrip()
            if not before or before[-1] in _ENDS:  # a sentence's first word: capitalised
                run = run.split(maxsplit=1)[1]  # by its place ("Although the Soviet Union")
                run = _LEADING.sub("", run)  # "of", "the" now first
            names = re.findall(_NAME, run)
            if len(names) >= 2 and not _LEADING.match(run):
                found.add(("".join(n[0] for n in names), run))
    runs_of: dict[str, set[str]] = {}
    for initials, run in found:
        runs_of.setdefault(initials, set()).add(run)
    return {initials: runs.pop() for initials, runs in runs_of.items() if len(runs) == 1}
