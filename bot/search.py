"""Search: ranked, cited hits for a question, or the reason there are none.

BM25 is the retriever of record; the model, when present, adds the paragraphs closest in
meaning and reorders the pool. Every hit is a paragraph of the corpus, never made-up text.
"""

from __future__ import annotations

import functools
import itertools
import math
import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field, replace
from enum import Enum
from typing import NamedTuple

import numpy as np

from bot.acronyms import written_out
from bot.corpus import Article, Passage, citation_fields
from bot.index import Engine, idf
from bot.question import Question, analyse, capitalised_words
from bot.rerank import fuse, lexical_scores, offers
from bot.semantic import SemanticIndex
from bot.smalltalk import small_talk
from bot.spelling import is_common
from bot.text import (
    STOP_WORDS,
    find_spans,
    held_term,
    holds,
    language_of,
    normalize,
    stem,
    stop_words,
    tokenize,
    words,
    writing,
)

MAX_QUESTION_CHARS = 4000
LEXICAL_CANDIDATES = 20  # BM25's top paragraphs reranked
SEMANTIC_CANDIDATES = 10  # the closest paragraphs by meaning added to them
# A word in more than this share of the paragraphs is the corpus's subject: _beside_subject.
SUBJECT_SHARE = 0.5
# Lexical path: share of the question's idf weight that must fall on words the corpus knows;
# words it has never seen weigh as much as its rarest. README, "Abstention".
MIN_KNOWN = 0.35
# A passage must reach this share of the best one's score (its matched weight on the lexical
# path, its fused score with the model), so weak tails are not shown.
MIN_RELATIVE = 0.3
MIN_FUSED = 0.5
# With the model: how close in meaning (e5's cosine) the best paragraph must be when the
# question's words barely occur in the corpus, and for questions not in English; how close the
# best sentence must be by the English model, MiniLM; and for a question asked in its articles'
# own other language when few of its words are theirs (Turkish and Azerbaijani off-topic
# questions with none reach 0.83 of their paragraphs, answerable ones with few 0.85-0.87).
# README, "Abstention".
MIN_MEANING = 0.80
WEAK_WORDS = 0.3
MIN_MEANING_OTHER_LANGUAGE = 0.775
MIN_MEANING_OWN_LANGUAGE = 0.845
MIN_SECOND = 0.2
# With both models, in English: e5's closest paragraph plus SECOND_SHARE of MiniLM's closest
# sentence must reach MIN_CLOSE + CLOSE_PER_LN x ln(paragraphs), since the more paragraphs, the
# closer the best one is to any question by chance (`python -m tests.abstention_benchmark --fit`
# prints these). Beyond SIZE_MEASURED paragraphs (the largest folder checked) the bar stops
# rising. README, "Abstention".
MIN_CLOSE = 0.8038
CLOSE_PER_LN = 0.01118
SECOND_SHARE = 0.176
SIZE_MEASURED = 2000
# A runner-up from another article is preferred when within this ratio of the next best score.
DIVERSITY_RATIO = 0.9
# A follow-up (a reply to an answer) keeps to the answer's article unless another scores more
# than 1/0.8 times as well, and its words are joined by the earlier question's, which weigh this
# share of their idf in the rerank. README, "Follow-up questions".
OTHER_ARTICLE = 0.8
EARLIER_WORDS = 0.3
THREAD_DEPTH = 5  # earlier questions of a thread of replies read back; each is one search
# A phrase the question quotes is looked for in every paragraph holding its rarest word, when
# there are at most this many; a quoted phrase of commoner words only among the ranked ones.
PHRASE_CANDIDATES = 2000
# What has no word to look up is read for in every paragraph, in folders of up to this many: a
# phrase of stop words only ("to be or not to be"; ~0.3 s at this size, README "Phrases") and
# the names the passages write out by their initials ("CIS").
READ_ALL = 5_000
QUOTED_AMONG = 50  # how many of the earlier answer's quotes a reply's quoted words may be from
PASTED_WORDS = 6  # words of a paragraph as written, at least: a quote to find the source of
# A source cited by a reporting verb ("does the gazette say", "according to the times", "vice
# reports"); {name} is the name's pattern.
_CITED = (
    r"\b(?:does|did|do)\s+(?:the\s+)?{name}\s+(?:say|write|report|think|claim|argue|suggest)\b"
    r"|\baccording\s+to\s+(?:the\s+)?{name}"
    r"|{name}\s+(?:says|said|writes|wrote|reports|reported|thinks|claims|argues|suggests)\b"
)
# A follow-up without words of its own that still asks something ("why?", "how so"), unlike
# "thanks!" or "ok", which must not bring the earlier answer back.
_ASKS = re.compile(r"\?|^\W*(?:why|how|when|where|who|whom|whose|what|which)\b", re.IGNORECASE)
# An address's host without "www.": "caspianpost.com" of https://www.caspianpost.com/…
_HOST = re.compile(r"[a-z][a-z\d+.-]*://(?:[^/@]*@)?(?:www\.)?([^/:?#]+)", re.IGNORECASE)
# An address as a question types it: with or without its scheme and "www.", a host of two
# labels or more ("caspianpost.com", "https://www.azernews.az/news/…").
_ADDRESS = re.compile(
    r"(?:[a-z][a-z\d+.-]*://)?(?:www\.)?((?:[a-z\d-]+\.)+[a-z]{2,})(?:[/?#]\S*)?", re.IGNORECASE
)


class Miss(Enum):
    """Why a question got no quote: the interfaces word each reason their own way."""

    EMPTY = "empty"  # nothing but white space
    NO_WORDS = "no words"  # only stop words or punctuation
    NO_MATCH = "no match"  # words, but no passage answers them well enough
    SMALL_TALK = "small talk"  # only greetings, thanks or goodbyes ("привет", "thanks!")


@dataclass(frozen=True, slots=True)
class Hit:
    """One passage that answers a question, with why it matched."""

    passage: Passage
    score: float
    rank: int
    matched: frozenset[str]  # index terms shared with the question, for highlighting


@dataclass(frozen=True)
class Answer:
    """The hits for one question, or why there are none."""

    question: str
    hits: list[Hit] = field(default_factory=list)
    miss: Miss | None = None
    read_as: dict[str, str] = field(default_factory=dict)  # typed -> spelled (Question.read_as)
    # Phrases the question quotes that no paragraph says as written (the quotes are then the
    # closest, as for any question).
    unsaid: tuple[str, ...] = ()


Ranked = tuple[Passage, float, frozenset[str]]


class Earlier(NamedTuple):
    """What a follow-up takes from the question it follows ("how much did it cost?")."""

    article: str | None  # the source of that question's first quote
    terms: tuple[str, ...]  # that question's terms


class Closest(NamedTuple):
    """The corpus's best scores for a question, over all paragraphs: what abstention reads."""

    paragraph: float  # e5's cosine of the closest paragraph
    second: float | None  # MiniLM's best-sentence cosine (English questions, when loaded)
    paragraphs: int  # how many paragraphs were searched


class Library:
    """Search over one engine, with an optional semantic index of the same passages."""

    def __init__(self, engine: Engine, semantic: SemanticIndex | None = None) -> None:
        self.engine = engine
        self.semantic = semantic
        # Each source name by each of its words (a question looks up only its own), with the
        # terms it stands for as typed and as stemmed.
        self._names: dict[str, list[tuple[str, frozenset[str], frozenset[str]]]] = {}
        for article in engine.articles:
            for name in source_names(article):
                terms = name | {stem(w) for w in name}
                for word in name:
                    self._names.setdefault(word, []).append((article.source, name, terms))
        # What a question may name although no paragraph does: titles' terms and sources.
        self._named = frozenset(
            [t for a in engine.articles for t in tokenize(a.title)] + list(map(stem, self._names))
        )

    @property
    def articles(self) -> Sequence[Article]:
        return self.engine.articles

    @functools.cached_property
    def _written_out(self) -> dict[str, str]:
        """The names the passages write out, by their initials; read on the first
        abbreviation the corpus lacks, and only in folders of up to READ_ALL paragraphs
        (every paragraph is read: 20 ms for SQuAD-2 dev's 646, ~0.1 s for 5,000)."""
        if self.engine.size > READ_ALL:
            return {}
        return written_out(p.said for p in self.engine.passages)

    def search(self, question: str, top: int = 3) -> list[Hit]:
        """The best passages for a question; empty when no passage answers it well enough."""
        return self.answer(question, top).hits

    def answer(
        self,
        question: str,
        top: int = 3,
        after: str = "",
        quoted: str = "",
        thread: Sequence[tuple[str, str]] = (),
    ) -> Answer:
        """The best passages for a question, or the reason there are none.

        ``after``: the question this one follows up, when it replies to that one's answer;
        ``quoted``: the words of that answer the reply quotes, which say which quote it is on;
        ``thread``: when ``after`` was a follow-up too, what it followed up, newest first, each
        as (question, the words of its answer the next one quoted).
        """
        if not question.strip():
            return Answer(question, miss=Miss.EMPTY)
        if small_talk(question):
            return Answer(question, miss=Miss.SMALL_TALK)
        earlier = self._earlier(after, quoted, thread) if after.strip() else None
        asked, sources, naming = self._read(question, after, earlier)
        if small_talk(asked.read_as.get(question, "")):  # typed with the other layout
            return Answer(question, miss=Miss.SMALL_TALK)
        if not asked.terms and not asked.phrases:
            return Answer(question, miss=Miss.NO_WORDS)
        hits = self._rank(asked, top, sources, naming, earlier)
        unsaid = tuple(
            phrase
            for phrase in asked.phrases
            if not any(holds(h.passage.said, phrase) for h in hits)
            and self._unsaid(phrase, sources)
        )
        if not hits:
            miss = Miss.NO_MATCH if asked.terms or unsaid else Miss.NO_WORDS
            return Answer(question, miss=miss, unsaid=unsaid)
        return Answer(question, hits, read_as=asked.read_as, unsaid=unsaid)

    def _read(
        self, question: str, after: str, earlier: Earlier | None
    ) -> tuple[Question, set[str], set[str]]:
        """``_analysed``; a follow-up that asks without a word of its own ("why?") is read
        together with the question it follows."""
        read = self._analysed(question)
        if not read[0].terms and earlier and asks(question):
            return self._analysed(f"{after} {question}")
        return read

    def _analysed(self, question: str) -> tuple[Question, set[str], set[str]]:
        """The question read against the corpus, with the sources it names and their terms."""
        text = question
        if len(text) > MAX_QUESTION_CHARS:  # cut at a space: a word's stub would look unknown
            text = text[:MAX_QUESTION_CHARS].rsplit(maxsplit=1)[0]
        sources, naming = self._named_sources(text)
        asked = self._read_against(text, naming)
        letters = asked.read_as.get(text)
        if letters:  # its letters given back (bot/letters.py): the sources it names read so too
            sources, naming = self._named_sources(letters)
            if naming:
                again = self._read_against(letters, naming)
                asked = replace(again, read_as={text: letters, **again.read_as})
        return asked, sources, naming

    def _read_against(self, text: str, naming: set[str]) -> Question:
        """``question.analyse`` against this corpus; ``naming``: the words of the sources the
        question names, which are not absent from it ("Azer News" names AzerNEWS)."""
        engine = self.engine
        return analyse(
            text,
            engine.vocabulary,
            engine.doc_freq,
            self._named | naming,
            spellings=lambda: engine.spellings,  # listed only if a word is unknown
            paragraphs=engine.size,
            written=lambda: self._written_out,
        )

    def _earlier(
        self, question: str, quoted: str = "", thread: Sequence[tuple[str, str]] = ()
    ) -> Earlier:
        """What a follow-up of ``question`` takes from it: the article of the quote it replies
        on (the first quote whose text and citation hold every ``quoted`` word: a reply may
        quote "Caspian Post (opinion) · paragraph 3"; else the first), and its terms.

        When ``question`` followed up others (``thread``), its answer is found as it was
        shown, in their article: the reply is about that answer, not about ``question`` alone.
        Their words do not carry on: measured, they pulled a third question back to the first
        one's subject ("followups-threads.jsonl")."""
        thread = thread[:THREAD_DEPTH]
        before = self._earlier(*thread[0], thread[1:]) if thread and thread[0][0].strip() else None
        # Read once: for its hits and terms.
        asked, sources, naming = self._read(question, thread[0][0] if thread else "", before)
        hits = self._rank(asked, QUOTED_AMONG if quoted else 1, sources, naming, before)
        wanted = set(words(quoted))
        on = next((h for h in hits if wanted <= set(words(quotation(h.passage)))), None)
        on = on or (hits[0] if hits else None)
        terms = tuple(t for t in asked.terms if t not in naming)
        return Earlier(on.passage.article.source if on else None, terms)

    def _rank(
        self,
        asked: Question,
        top: int,
        sources: set[str],
        naming: set[str],
        earlier: Earlier | None = None,
    ) -> list[Hit]:
        """The hits for a question as read; none when it names something the corpus never
        mentions (``Question.absent``), or has no terms and quotes no phrase said as written."""
        if top <= 0 or asked.absent:
            return []
        if not asked.terms:  # only quoted stop words ("to be or not to be"): who says them
            held = self._holding(asked, [], sources)[:top]
            return [Hit(p, s, rank, m) for rank, (p, s, m) in enumerate(held, start=1)]
        # A source's name says where to look, not what: it counts neither for nor against.
        own = [t for t in asked.terms if t not in naming]
        if sources and not own and not asked.phrases and self.engine.size <= READ_ALL:
            return self._openings(sources, top)  # "What does AzerNEWS say?": how it opens
        terms = own or asked.terms
        if naming:  # nor for the models: "AzerNEWS" pulled e5's cosines away from the subject
            asked = replace(asked, text=without_words(asked.text, naming) or asked.text)
        size = self.engine.size
        counts = {t: self.engine.doc_freq(t) for t in terms}
        weights = {t: idf(n, size) for t, n in counts.items()}
        known = {t: w for t, w in weights.items() if counts[t]}
        share = sum(known.values()) / sum(weights.values())  # the question's own words decide
        # A source the follow-up names says where to look instead.
        kept = {earlier.article} if earlier and earlier.article and not sources else set()
        if earlier:  # "how much did it cost?" after "how big is the telescope": the telescope
            inherited = [t for t in earlier.terms if t not in weights and self.engine.doc_freq(t)]
            known |= {t: EARLIER_WORDS * idf(self.engine.doc_freq(t), size) for t in inherited}
            terms = [*terms, *inherited]  # a new list: ``terms`` may be the question's own
        # The answer's article's candidates come from deeper in BM25's list.
        found = self.engine.top(terms, LEXICAL_CANDIDATES * (5 if kept else 1)) if known else []
        lexical = found[:LEXICAL_CANDIDATES]
        lexical += [f for f in found[LEXICAL_CANDIDATES:] if f[0].article.source in kept]
        if sources:  # only theirs; by words alone, only if they have a candidate
            theirs = [f for f in lexical if f[0].article.source in sources]
            lexical = theirs if theirs or self.semantic is not None else lexical
        if self.semantic is None:  # refused (the phrases the question quotes still count)
            ranked = self._lexical(asked, known, lexical) if share >= MIN_KNOWN else []
        else:
            ranked = self._fused(asked, known, share, lexical, self.semantic, sources, kept)
        if kept:
            ranked = sorted(
                (
                    (p, s * (1 if p.article.source in kept else OTHER_ARTICLE), m)
                    for p, s, m in ranked
                ),
                key=lambda r: -r[1],  # stable: ties keep their order
            )
        # Paragraphs that say the quoted words as written come first, whatever else ranks; so
        # do those that say the whole question, a sentence pasted to find where it comes from.
        holding = self._holding(asked, ranked, sources) if asked.phrases else []
        if not holding and len(words(asked.text)) >= PASTED_WORDS:
            holding = [r for r in ranked if holds(r[0].said, asked.text)]
        first = {(p.article.source, p.number) for p, _, _ in holding}
        rest = [r for r in ranked if (r[0].article.source, r[0].number) not in first]
        chosen = distinct([*holding, *diversify(distinct(rest), top)])[:top]
        return [Hit(p, s, rank, m) for rank, (p, s, m) in enumerate(chosen, start=1)]

    def _openings(self, sources: set[str], top: int) -> list[Hit]:
        """For a question that only names sources: their articles as they open, each one's
        first paragraph, then each one's second, in folder order (one article reads on)."""
        # Stable: within one paragraph number, the articles keep their folder order.
        theirs = sorted(self._passages_of(sources), key=lambda p: p.number)
        shown = distinct([(p, 1.0, frozenset()) for p in theirs])[:top]
        return [Hit(p, s, rank, m) for rank, (p, s, m) in enumerate(shown, start=1)]

    def _passages_of(self, sources: set[str]) -> list[Passage]:
        """Every paragraph of ``sources`` (of all when none is named), in folder order: for
        folders of up to READ_ALL paragraphs."""
        return [p for p in self.engine.passages if not sources or p.article.source in sources]

    def _holding(self, asked: Question, ranked: list[Ranked], sources: set[str]) -> list[Ranked]:
        """The paragraphs that say every phrase the question quotes, as written: those ranked
        in their order, then any other of ``sources`` (all when none is named; every paragraph
        holding the phrases' rarest word is looked at, up to PHRASE_CANDIDATES)."""
        found = {(p.article.source, p.number): (p, s, m) for p, s, m in ranked}
        matched = frozenset(asked.terms)
        for phrase in asked.phrases:
            for passage in self._with_rarest(phrase, sources)[1]:
                key = (passage.article.source, passage.number)
                found.setdefault(key, (passage, 0.0, matched.intersection(tokenize(passage.said))))
        return [r for r in found.values() if all(holds(r[0].said, p) for p in asked.phrases)]

    def _with_rarest(self, phrase: str, sources: set[str]) -> tuple[bool, list[Passage]]:
        """The paragraphs of ``sources`` (all when none is named) holding the rarest index
        term of ``phrase`` (every paragraph for a phrase of stop words only, in a folder of up
        to READ_ALL), and whether they are all of them (not when that term is in more than
        PHRASE_CANDIDATES paragraphs)."""
        language = language_of(phrase)
        held, stops = self.engine.doc_freq, stop_words(language)
        terms = [held_term(w, held, language) for w in words(phrase) if w not in stops]
        if not terms:
            if self.engine.size > READ_ALL:
                return False, []
            return True, self._passages_of(sources)
        count, rarest = min((self.engine.doc_freq(t), t) for t in terms)
        if count > PHRASE_CANDIDATES:
            return False, []
        found = self.engine.top([rarest], count) if count else []
        return True, [p for p, _ in found if not sources or p.article.source in sources]

    def _unsaid(self, phrase: str, sources: set[str]) -> bool:
        """Whether no paragraph (of ``sources``, if named) says ``phrase`` as written, known
        for sure."""
        complete, holding = self._with_rarest(phrase, sources)
        return complete and not any(holds(p.said, phrase) for p in holding)

    def _named_sources(self, question: str) -> tuple[set[str], set[str]]:
        """The articles whose source the question names ("What does AzerNEWS say…", or "Azer
        News"), none when it names every one; and the terms of the names it uses."""
        typed = words(question)
        # Each word, and each pair of neighbours written as one: what it spans of the question.
        spans = {w: (w,) for w in typed} | {a + b: (a, b) for a, b in itertools.pairwise(typed)}
        capitalised = capitalised_words(question)
        sources: set[str] = set()
        naming: set[str] = set()
        for word in spans:
            for source, name, terms in self._names.get(word, ()):
                # A name that is one common word ("Nature", "Time", "Vice") names its source
                # only as a name is typed, with a capital, or cited ("what does the gazette
                # say"): "nature protection" asks about nature.
                common = len(name) == 1 and word not in capitalised and is_common(word)
                if common and not _cited(question, word):
                    continue
                if name <= spans.keys() and _together(name, typed):
                    sources.add(source)
                    parts = {part for w in name for part in spans[w]}
                    naming |= terms | parts | set(map(stem, parts))
        # An address that names a source names it whole: "com", "www", its path are no words
        # to search for ("caspianpost.com").
        for address in _ADDRESS.finditer(question):
            if naming.intersection(words(site_name(address.group(1)))):
                naming |= set(words(address.group()))
                naming |= set(map(stem, words(address.group())))
        if len(sources) == len(self.engine.articles):
            return set(), naming
        return sources, naming

    def _lexical(
        self, asked: Question, weights: dict[str, float], found: list[tuple[Passage, float]]
    ) -> list[Ranked]:
        """BM25's candidates reordered by proximity and answer kind; weak tails dropped."""
        matched = [frozenset(weights).intersection(tokenize(p.said)) for p, _ in found]
        held = [sum(weights[t] for t in m) for m in matched]
        texts = [p.said for p, _ in found]
        scores = lexical_scores(texts, [s for _, s in found], weights, asked.kind)
        keep = [i for i, w in enumerate(held) if w >= MIN_RELATIVE * max(held, default=0.0)]
        keep.sort(key=lambda i: -scores[i])  # stable: ties keep BM25's order
        return [(found[i][0], float(scores[i]), matched[i]) for i in keep]

    def _fused(
        self,
        asked: Question,
        weights: dict[str, float],
        share: float,
        found: list[tuple[Passage, float]],
        semantic: SemanticIndex,
        sources: set[str],
        kept: set[str],
    ) -> list[Ranked]:
        """BM25's candidates and the closest by meaning (in ``sources`` when some are named,
        and in ``kept``, the article a follow-up keeps to), scored on both; [] when
        unanswered."""
        # The second model reads English only: other languages are judged by e5 alone.
        reading = semantic.scores(
            asked.text, reread=asked.english, beside=self._beside_subject(asked, weights)
        )
        closeness, meaning, second, asked_words, closest_sentence = reading
        bm25 = {semantic.position[(p.article.source, p.number)]: s for p, s in found}
        nearest = semantic.nearest(meaning, SEMANTIC_CANDIDATES, sources)
        inside = semantic.nearest(meaning, SEMANTIC_CANDIDATES, kept) if kept else []
        pool = list(dict.fromkeys([*bm25, *nearest, *inside]))
        passages = [semantic.passages[i] for i in pool]
        texts = [p.said for p in passages]
        lexical = lexical_scores(texts, [bm25.get(i, 0.0) for i in pool], weights, asked.kind)
        scores = fuse(
            lexical,
            meaning[pool],
            None if second is None else second[pool],
            None if asked_words is None else semantic.words_matched(asked_words, pool),
            known=share,
        )
        order = [i for i in np.argsort(-scores, kind="stable") if scores[i] >= MIN_FUSED]
        best = [texts[i] for i in order[:3]]
        closest = Closest(float(closeness.max()), closest_sentence, len(closeness))
        if not self._answerable(asked, share, closest, best):
            return []
        matched = frozenset(weights)
        return [
            (passages[i], float(scores[i]), matched.intersection(tokenize(texts[i])))
            for i in order
        ]

    def _beside_subject(self, asked: Question, terms: Collection[str]) -> str:
        """The question without the words of its corpus's subject (in more than half the
        paragraphs: "Khojaly" in the seeds), "" when it has none or nothing else. Such a word
        tells no paragraph apart, yet pulls the models to the paragraphs most about the
        subject: "How many children were killed in Khojaly?" found the conclusion's "613
        civilians killed" first and the paragraph counting the children third."""
        size = self.engine.size
        subject = frozenset(t for t in terms if self.engine.doc_freq(t) > SUBJECT_SHARE * size)
        if not asked.english or not subject:
            return ""
        text = asked.text
        for start, end in reversed(find_spans(text, subject)):
            text = f"{text[:start]} {text[end:]}"
        return " ".join(text.split()) if tokenize(text) else ""

    @staticmethod
    def _answerable(asked: Question, share: float, closest: Closest, texts: list[str]) -> bool:
        """Whether the best candidates can answer at all: README, "Abstention"."""
        if _pasted(asked.text, texts):
            return True  # words of a paragraph as written: asking where they come from
        # The writings of the best three: one alone when the articles are in one language.
        best = {writing(text) for text in texts}
        if not asked.english:
            # A question is closer to paragraphs in its own language than to others, answered
            # or not: when the best paragraphs are all in the question's writing (Russian
            # articles asked in Russian, Turkish or Azerbaijani ones in either), English's bar,
            # and a higher one when few of its words are the corpus's. Other Latin tells no
            # language: Turkish asked of English articles keeps the lower bar, as does a
            # question whose best paragraphs are in its language and another (English
            # articles beside Turkish ones: the English one may answer).
            written = writing(asked.text)
            if written in ("", "LATIN") or best != {written}:
                return closest.paragraph >= MIN_MEANING_OTHER_LANGUAGE
            if share < WEAK_WORDS:
                return closest.paragraph >= MIN_MEANING_OWN_LANGUAGE
            return closest.paragraph >= MIN_MEANING
        if best and not best & {"", "LATIN"}:
            # English asked of articles in another script or language (Russian, Turkish):
            # neither its words nor the English model can read them; e5 across languages
            # judges, at that bar. Not when an English paragraph is among the best: then
            # the English rules judge ("what's the speed of light" of English articles beside
            # Turkish ones).
            return closest.paragraph >= MIN_MEANING_OTHER_LANGUAGE
        # MiniLM reads numbers and names poorly ("25-26" scores 0.16): when every word of the
        # question is the corpus's, the words are evidence enough.
        if share < 1 and closest.second is not None and closest.second < MIN_SECOND:
            return False  # no sentence of the corpus is about the question
        if share < WEAK_WORDS and closest.paragraph < MIN_MEANING:
            return False  # neither the words nor the meaning are the corpus's
        # Nothing closer than a folder this size holds for any question, and no best paragraph
        # holds every word of it (the models read "25-26" poorly; the words are evidence). The
        # paragraphs are read only for a question under the bar.
        if not beyond_chance(closest) and not (
            share == 1 and any(set(asked.terms) <= set(tokenize(t)) for t in texts)
        ):
            return False
        # "How many/long" needs a number; "when" may be answered by an event ("at the start of
        # each session"), so a date only ranks higher and is not required.
        if asked.kind in ("measure", "number"):
            return any(offers(t, asked.kind) for t in texts)  # the best three
        return True


def _pasted(question: str, texts: Sequence[str]) -> bool:
    """Whether a question is words one of ``texts`` says as written, at least PASTED_WORDS of
    them: a sentence pasted to find where it comes from, which is answered by it whatever the
    rules for questions say (its "how much we all miss it" needs no number)."""
    return len(words(question)) >= PASTED_WORDS and any(holds(t, question) for t in texts)


def beyond_chance(closest: Closest) -> bool:
    """Whether the closest paragraph and sentence are closer than a folder of that many
    paragraphs holds for an unrelated question: among 40 news pages one is always somewhat
    near, among two articles on one subject seldom (README, "Abstention")."""
    if closest.second is None:
        return True
    bar = MIN_CLOSE + CLOSE_PER_LN * math.log(min(closest.paragraphs, SIZE_MEASURED))
    return closest.paragraph + SECOND_SHARE * closest.second >= bar


def follow_up(after: str | Sequence[str]) -> tuple[str, str, tuple[tuple[str, str], ...]]:
    """``Library.answer``'s ``after``, ``quoted`` and ``thread`` for an earlier question, or a
    thread of them, oldest first (each reply quoting nothing): for the command line and eval."""
    thread = [after] if isinstance(after, str) else list(after)
    if not thread:
        return "", "", ()
    return thread[-1], "", tuple((q, "") for q in reversed(thread[:-1]))


def quotation(passage: Passage) -> str:
    """A quote as an answer shows it: the paragraph, then its citation."""
    return "\n".join([passage.said, *citation_fields(passage)])


def asks(text: str) -> bool:
    """Whether a text asks something (a question mark or a question word), unlike "thanks!"."""
    return _ASKS.search(text) is not None


def _cited(question: str, name: str) -> bool:
    """Whether the question cites ``name`` as a source, by a reporting verb."""
    pattern = _CITED.replace("{name}", rf"\b{re.escape(name)}\b")
    return re.search(pattern, normalize(question)) is not None


def _together(name: frozenset[str], typed: list[str]) -> bool:
    """Whether a name's words stand together in the question (a word, or two neighbours
    written as one), in any order, with nothing but stop words between ("Voice of America"):
    "Royal Jackson … on 1350N Road" names no site "Royal Road", and had kept the search to
    its pages. One pass over the question, whatever it repeats."""
    run: set[str] = set()
    at = 0
    while at < len(typed):
        pair = typed[at] + typed[at + 1] if at + 1 < len(typed) else ""
        word, at = (pair, at + 2) if pair in name else (typed[at], at + 1)
        if word in name:
            run.add(word)
        elif word not in STOP_WORDS:
            run = set()
        if run >= name:
            return True
    return False


def source_names(article: Article) -> tuple[frozenset[str], ...]:
    """The words of each name a question may call an article's source by: each author or site
    ("AzerNEWS Staff, AzerNEWS"; "Caspian Post (opinion)" without its label) and the address's
    host's name ("caspianpost"). A name is called when all its words are in the question."""
    host = _HOST.match(article.url)
    return _names(article.author, article.site, site_name(host.group(1)) if host else "")


@functools.lru_cache(maxsize=4096)
def site_name(host: str) -> str:
    """The name a host goes by: the label before its public suffix ("caspianpost" of
    caspianpost.com, "googleblog" of security.googleblog.com, "bbc" of news.bbc.co.uk), not a
    subdomain's generic word ("security", "news"), which would claim questions using it."""
    labels = host.lower().split(".")
    if labels[-1].isdigit():
        return ""  # an IP address names nothing
    if len(labels) <= 2:
        return labels[0]
    from tld import Result, get_tld  # the Public Suffix List, bundled; ~30 ms to read, here only

    found = get_tld(host, fix_protocol=True, as_object=True, fail_silently=True)
    return str(found.domain) if isinstance(found, Result) else labels[0]


@functools.lru_cache(maxsize=4096)  # a publication's articles share their names
def _names(author: str, site: str, host: str) -> tuple[frozenset[str], ...]:
    parts = re.split(r"[,;]|\band\b", re.sub(r"\([^)]*\)", " ", author))
    names = {frozenset(words(part)) - STOP_WORDS for part in [*parts, site, host]}
    return tuple(n for n in names if n)


def without_words(text: str, unwanted: Collection[str]) -> str:
    """``text`` without the given words (any case), spaces closed up."""
    pattern = r"\b(?:" + "|".join(map(re.escape, sorted(unwanted))) + r")\b"
    return " ".join(re.sub(pattern, " ", text, flags=re.IGNORECASE).split())


def distinct(ranked: list[Ranked]) -> list[Ranked]:
    """Each paragraph's words once for one citation (title, byline, address), where first
    ranked: a folder may hold one article twice (saved twice, or added beside its original),
    and the copy would take a second quote's place (article diversity would even prefer it).
    The same words cited otherwise (a wire story several papers print) are each one's."""
    seen: dict[str, list[Article]] = {}
    kept = []
    for ranked_passage in ranked:
        passage = ranked_passage[0]
        cited = seen.setdefault(passage.text, [])  # a paragraph's text hashes once
        if not any(_cited_alike(passage.article, other) for other in cited):
            cited.append(passage.article)
            kept.append(ranked_passage)
    return kept


def _cited_alike(one: Article, other: Article) -> bool:
    return (one.title, one.byline, one.url) == (other.title, other.byline, other.url)


def diversify(ranked: list[Ranked], top: int) -> list[Ranked]:
    """Take the best of each article first while its score is close to the best remaining."""
    remaining = list(ranked)
    chosen: list[Ranked] = []
    seen: set[str] = set()
    while remaining and len(chosen) < top:
        pick = 0
        if remaining[0][0].article.source in seen:
            for i, (passage, score, _) in enumerate(remaining):
                if score < DIVERSITY_RATIO * remaining[0][1]:
                    break
                if passage.article.source not in seen:
                    pick = i
                    break
        chosen.append(remaining.pop(pick))
        seen.add(chosen[-1][0].article.source)
    return chosen
