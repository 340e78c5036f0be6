"""The words: one analysis shared by indexing and queries, whatever the engine."""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable

import Stemmer

from bot.languages import LANGUAGES

# Typographic variants folded to their ASCII form so "area’s" and "area's" agree.
_FOLD = {
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u2033": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-",
    "\u2015": "-", "\u2212": "-", "\u00ad": "",
}  # fmt: skip
# str.translate with a dict runs in Python per character; a regex finds the few to replace.
_FOLDABLE = re.compile("[" + "".join(_FOLD) + "]")
# Raised digits after a figure mark a note ("613¹ people"): NFKC would make the figure 6131.
# After a letter they stay, as a unit's power ("km²" meets a typed "km2"); raised letters
# after a letter mark a note ("Benignᵈ"), which NFKC would make "benignd".
_NOTE_MARK = re.compile(
    r"(?<=\d)[⁰¹²³⁴⁵⁶⁷⁸⁹]+|(?<=[^\W\d_])[ᵃᵇᶜᵈᵉᶠᵍʰⁱʲᵏˡᵐⁿᵒᵖʳˢᵗᵘᵛʷˣʸᶻ]+(?:,[ᵃᵇᶜᵈᵉᶠᵍʰⁱʲᵏˡᵐⁿᵒᵖʳˢᵗᵘᵛʷˣʸᶻ]+)*"
)
# What glues emoji together or picks their form: zero-width joiner, variation selectors.
_JOINERS = frozenset("\u200d\ufe0e\ufe0f")

# Letter runs of any script, whole ("faciəsində", "öldürülüb", "Ходжалы"), or digit runs with
# thousands separators ("1,275") and decimals ("3.5").
_TOKEN = re.compile(r"[^\W\d_]+|\d+(?:[.,]\d+)*")
# A quotation: in double quotes (typographic or not, „German“ too) or guillemets, or in single
# quotes with no letter or digit outside them.
_QUOTED = re.compile(r'["“„]([^"“”„]+)["”“]|«([^»]+)»|(?<![^\W_])[\'‘]([^\'‘’]+)[\'’](?![^\W_])')
_THOUSANDS = re.compile(r",(?=\d{3}(?:\D|$))")
_GROUPED = re.compile(r"\d[.,]\d")  # a number with a separator in it

# The Snowball English stop list, plus question words, ordinal suffixes, the conversational
# fillers people type into a search box, and contractions typed without their apostrophe
# (not those that are words too: "cant", "wont", "ill", "well", "shell").
_ENGLISH_STOP_WORDS = frozenset(
    """
    a about above after again against all am an and any are aren as at be because been
    before being below between both but by can cannot could couldn did didn do does doesn
    doing don down during each few for from further had hadn has hasn have haven having he
    her here hers herself him himself his how i if in into is isn it its itself let me more
    most mustn my myself no nor not of off on once only or other ought our ours ourselves out
    over own same shan she should shouldn so some such than that the their theirs them
    themselves then there these they this those through to too under until up very was wasn
    we were weren what when where which while who whom why with won would wouldn you your
    yours yourself yourselves s t d ll m re ve y
    many much also just whose whether will shall may might must anything something
    tell know please give show find explain describe say says said mention mentioned
    st nd rd th
    hi hello hey thanks thank ok okay yes
    whats whos wheres whens hows whys thats theres dont doesnt didnt isnt arent wasnt werent
    hasnt havent hadnt couldnt wouldnt shouldnt im ive youre youve theyre theyve hes shes
    """.split()
)

# Snowball's Russian stop list (snowballstem.org, BSD; Lucene's RussianAnalyzer uses it) less
# its content words (человек, жизнь, один, два, три, сегодня, хорошо, лучше), with the forms of
# its pronoun paradigms, the forms written with ё, and the question words people type
# (сколько, почему, каком…): articles in Russian are searched as English ones are.
_RUSSIAN_STOP_WORDS = frozenset(
    """
    и в во не что он на я с со как а то все она так его но да ты к у же вы за бы по только
    ее мне было вот от меня еще нет о из ему теперь когда даже ну вдруг ли если уже или ни
    быть был него до вас нибудь опять уж вам сказал ведь там потом себя ничего ей может они
    тут где есть надо ней для мы тебя их чем была сам чтоб без будто чего раз тоже себе под
    будет ж тогда кто этот говорил того потому этого какой совсем ним здесь этом почти мой
    тем чтобы нее кажется сейчас были куда зачем сказать всех никогда можно при наконец об
    другой хоть после над больше тот через эти нас про всего них какая много разве сказала
    эту моя впрочем свою этой перед иногда чуть том нельзя такой им более всегда конечно
    всю между
    мной мною тебе тобой тобою нему ею нею оно нам нами вами ими ними собой собою
    эта это этих этому этим этими эты та те ту той тех тому теми весь вся всей всему всем
    всеми сама само сами самого саму самих самой самому самим самими самом
    сколько почему каков какова каково каковы какое какие какую каким каких каком какого
    какому которая которое которые который которых которого которой котором чём кем кого
    кому ком чему пожалуйста расскажи скажи её ещё всё нём
    """.split()
)
# Turkish and Azerbaijani function and question words (ne/nə, kim, hangi/hansı, kaç/neçə…),
# written for this project: neither Snowball nor Lucene has an Azerbaijani list. Content words
# that look like function words stay ("müdür" is a director; "zaman" and "vaxt", time).
_TURKIC_STOP_WORDS = frozenset(
    """
    acaba ama ancak artık aslında bana bazen bazı belki ben beni benim beri bile bir birkaç
    birçok biri bize bizi bizim biz bu buna bunda bundan bunlar bunları bunların bunu bunun
    burada böyle çok çünkü da daha de diye eğer en gibi göre hem hep hepsi her hiç için ile
    ise işte kadar ki kim kimdir kime kimi kimin mı mi mu mü nasıl ne neden nedir nerede nereye
    nereden niçin niye olan olarak oldu olduğu olur ona ondan onlar onları onların onu onun
    öyle sadece şey siz şu şunu tarafından üzere ve veya ya yani yine zaten hangi hangisi kaç
    kaçta var yok lütfen
    və amma ancaq bəlkə bəzi belə bizə cəmi çünki də deyil elə əgər ən hansı hansını harada
    haraya haradan hər heç ilə isə lakin mən nə nədir necə neçə niyə olaraq olub öz qədər sən
    üçün yaxud yəni həm həmçinin yox onların onlara
    """.split()
)
STOP_WORDS = _ENGLISH_STOP_WORDS | _RUSSIAN_STOP_WORDS | _TURKIC_STOP_WORDS
_TURKIC_ONLY = _TURKIC_STOP_WORDS - _ENGLISH_STOP_WORDS  # "ne", "ve", "kim"; not "her"
ENGLISH_STOP_WORDS = _ENGLISH_STOP_WORDS

_english_stem: Callable[[str], str] = Stemmer.Stemmer("english").stemWord
_russian_stem: Callable[[str], str] = Stemmer.Stemmer("russian").stemWord
TURKIC = "TURKIC"  # Turkish or Azerbaijani: the Latin text ``writing`` tells by their letters
# The other Latin-script languages told apart (bot/languages.py): each one's stemmer, stop
# words, and the words that mark its texts, English function words aside ("a", "me", "do").
_STEMS: dict[str, Callable[[str], str]] = {
    name: Stemmer.Stemmer(language.stemmer).stemWord for name, language in LANGUAGES.items()
}
_MARKED: dict[str, tuple[str, ...]] = {}
for _name, _language in LANGUAGES.items():
    for _word in _language.markers - _ENGLISH_STOP_WORDS:
        _MARKED[_word] = (*_MARKED.get(_word, ()), _name)
# Their function words English does not have, "die" and "war" too: a tenth of a passage's
# words among them (German prose: a quarter) is worth reading it closely.
_FOREIGN = frozenset().union(*(lang.stop_words for lang in LANGUAGES.values()))
_FOREIGN -= _ENGLISH_STOP_WORDS
_CYRILLIC = re.compile(r"[\u0400-\u04ff]+")
# A word of the Turkish or Azerbaijani alphabet with a letter English lacks (after case
# folding), and how many letters of it are its index term.
_TURKIC = re.compile(r"[a-zçğıöşüəâîû]*[çğıöşüəâîû][a-zçğıöşüəâîû]*")
_TURKIC_ALPHABET = re.compile(r"[a-zçğıöşüəâîû]+")
_TURKIC_LETTER = re.compile(r"[çğıöşüəâîûÇĞİÖŞÜƏÂÎÛ]")
TURKIC_PREFIX = 5
# A possible sentence end: . ! ? and white space; it is one when what follows opens a
# sentence, a capital of any script ("Проект", "Ögedei"), a digit or an opening quote.
_SENTENCE_GAP = re.compile(r"(?<=[.!?])\s+(?=(\S))")
_OPENING = frozenset('"“‘(«„')
# Letters beyond ASCII once quotes are folded ("ə", "ç", "я"); emoji and symbols ("🤔", "°")
# say no language.
BEYOND_ASCII = re.compile(r"(?![\x00-\x7f])[^\W\d_]")
_ASCII_LETTER = re.compile(r"[A-Za-z]")
_ASCII_LETTERS = re.compile(r"[A-Za-z]+")
# A letter (or other word character, as BEYOND_ASCII's "²") outside ASCII and the Latin
# blocks (Latin-1 to IPA Extensions, Latin Extended Additional), whose letters Unicode all
# names LATIN.
_BEYOND_LATIN = re.compile(r"(?![\x00-\x7f\u00c0-\u02af\u1e00-\u1eff])[^\W\d_]")


def normalize(text: str) -> str:
    """Fold a text to the form every comparison is made in: NFKC, case-folded, plain quotes,
    without a note's raised marks ("613¹": "613", not "6131"; "Benignᵈ": "benign").

    Turkish and Azerbaijani "İ" folds to "i" as Lucene's TurkishLowerCaseFilter has it: Unicode
    folds it to "i" and a combining dot, which is no letter and would cut "İzmir" into "i" and
    "zmir", a word matching no "Izmir" or "izmir".
    """
    if text.isascii():  # NFKC, the quote folding and "İ" change nothing in ASCII
        return text.casefold()
    if not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", _NOTE_MARK.sub(" ", text))
    text = _FOLDABLE.sub(lambda m: _FOLD[m.group()], text).casefold()
    return text.replace("i\u0307", "i") if "\u0307" in text else text


def without_pictographs(text: str) -> str:
    """``text`` without emoji and the like ("🤔", "👍🏻", "❤️"), which say nothing a passage
    could match but pull a model's reading of the words away from them. Symbols of Latin-1
    ("°", "©") stay: they belong to what they follow."""
    if text.isascii():
        return text
    kept = (
        " " if c > "\u00ff" and unicodedata.category(c) in ("So", "Sk") else c
        for c in text
        if c not in _JOINERS
    )
    return " ".join("".join(kept).split())


def words(text: str) -> list[str]:
    """Split a text into searchable words, before stop words and stemming.

    A number with two dots or more is a date or a version ("26.02.1992"): its parts are the
    words, so it meets "February 26, 1992" on the day and the year.
    """
    plain = normalize(text)
    if not _GROUPED.search(plain):  # no "1,275" or "26.02.1992": the words as found, at C speed
        return _TOKEN.findall(plain)
    found = []
    for word in _TOKEN.findall(plain):
        if "," in word:
            word = _THOUSANDS.sub("", word)
        if word.count(".") > 1:
            found += word.split(".")
        else:
            found.append(word)
    return found


def quoted_phrases(text: str) -> tuple[str, ...]:
    """What a text puts in quotation marks ("…", “…”, „…“, «…», and '…' or ‘…’ outside a word:
    the apostrophe of "regiment's" opens nothing), as typed, each once, when it is two words
    or more: what the question asks to find as written. One word in quotes names a term ("the
    name “Huguenot”"), which its other forms answer too ("Huguenots")."""
    found = (next(group for group in m.groups() if group) for m in _QUOTED.finditer(text))
    return tuple(dict.fromkeys(p.strip() for p in found if len(words(p)) > 1))


def holds(text: str, phrase: str) -> bool:
    """Whether ``text`` says ``phrase`` as written: its words in that order, one after
    another, whatever the case, punctuation or quotation marks between them."""
    return f" {' '.join(words(phrase))} " in f" {' '.join(words(text))} "


def stem(word: str, language: str = "") -> str:
    """Stem a word by its language's rules, where its text (``language``) or its letters
    tell the language. In a German, French, Spanish, Italian, Portuguese or Dutch text
    (``LANGUAGES``) by that language's Snowball stemmer; otherwise Snowball's English for
    ASCII, Russian for Cyrillic. A word in Turkish or Azerbaijani letters ("ç", "ə", "ı",
    "ş"…), and in a Turkish or Azerbaijani text (``TURKIC``) any word of their alphabet
    ("mahalle" as "mahallelerinde"), is cut to its first five letters, which joins these
    languages' suffixed forms about as well as a stemmer does (Can et al., "Information
    retrieval on Turkish texts", JASIST 2008); Azerbaijani has no Snowball stemmer. Numbers
    and other words stay whole: a word of another language cut by English rules would only
    collide with unrelated English stems."""
    if word[0].isdigit():
        return word
    if language in _STEMS and not _CYRILLIC.fullmatch(word):
        return _STEMS[language](word)
    turkic = language == TURKIC
    if _TURKIC.fullmatch(word) or (turkic and _TURKIC_ALPHABET.fullmatch(word)):
        return word[:TURKIC_PREFIX]
    if word.isascii():
        return _english_stem(word)
    if _CYRILLIC.fullmatch(word):
        return _russian_stem(word)
    return word


def held_term(word: str, held: Callable[[str], int], language: str = "") -> str:
    """A word as the articles index it: ``language``'s way (``stem``) when they hold that
    term or hold none; else another way they hold. An article's own word (``language`` "")
    may be cut as Turkish or Azerbaijani ("mahalle") or stemmed as German, French…; a word of
    a question or quoted phrase in another language may be as English has it ("Aliyev"), not
    by every stemmer: a Romance one found "neçəyə" a term of other words. ``held``: how many
    paragraphs hold a term."""
    own = stem(word, language)
    if held(own):
        return own
    # A German participle's "ge-", which Snowball keeps: "gekostet" as the articles' "kostete".
    if language == "GERMAN" and word.startswith("ge") and len(word) > 6:
        bare = stem(word[2:], language)
        if held(bare):
            return bare
    for other in (TURKIC, *LANGUAGES) if not language else ("",):
        term = stem(word, other)
        if term != own and held(term):
            return term
    return own


class _Pieces(dict[str, str]):
    """One analysis of each whitespace-separated piece of text, worked out once per piece.

    No word spans whitespace, so looking pieces up gives the same result as analysing the
    whole text, and a dict lookup (run by ``map`` in C) is many times cheaper than regex, stop
    list and stemmer per word: building a large index sees the same pieces millions of times.
    """

    def __init__(self, analyse: Callable[[str], str]) -> None:
        super().__init__()
        self._analyse = analyse

    def __missing__(self, piece: str) -> str:
        found = self._analyse(piece)
        if len(self) < _MAX_PIECES:
            self[piece] = found
        return found


_MAX_PIECES = 300_000  # about 60 MB at most, and as much for the words as written
# Each piece's words that are no stop word, as written; and their index terms, per language
# (filled only for the languages a folder has).
_written = _Pieces(lambda piece: " ".join(w for w in words(piece) if w not in STOP_WORDS))
_pieces = {
    "": _Pieces(lambda piece: " ".join(map(stem, _written[piece].split()))),
    TURKIC: _Pieces(lambda piece: " ".join(stem(w, TURKIC) for w in _written[piece].split())),
}


# The words not searched for in a text in each language: the English, Russian, Turkish and
# Azerbaijani function words, and the language's own, English words among them ("die" and
# "war" in German). Joined once: a question in German reads them, as its paragraphs do.
_STOPS = {name: STOP_WORDS | language.stop_words for name, language in LANGUAGES.items()}


def _read_in(name: str) -> Callable[[str], str]:
    """A piece's index terms in a text in language ``name``: stemmed its way, without its
    stop words."""
    stops = _STOPS[name]

    def analyse(piece: str) -> str:
        return " ".join(stem(w, name) for w in _written[piece].split() if w not in stops)

    return analyse


_pieces.update({name: _Pieces(_read_in(name)) for name in LANGUAGES})


def stop_words(language: str) -> frozenset[str]:
    """The words not searched for in a text in ``language`` (``_STOPS``; else STOP_WORDS)."""
    return _STOPS.get(language, STOP_WORDS)


def passage_language(text: str, pieces: list[str] | None = None) -> str:
    """The language a passage's words are read in: ``TURKIC``, one of ``LANGUAGES``, or ""
    (English, Russian and the rest: each word by its letters). ``writing`` decides, read only
    for a passage with Turkish or Azerbaijani letters as 2 % of its characters or more (about
    10 % in their prose; an English paragraph naming "Schrödinger" once has 0.2 %), or with a
    tenth of its words the function words of another language ("und", "les"): English ones
    are told at C speed (``writing`` takes 70 us for 500 characters). ``pieces``: the text
    normalised and split at white space, if at hand."""
    turkic = not text.isascii() and 50 * len(_TURKIC_LETTER.findall(text)) >= len(text)
    if not turkic:
        split = normalize(text).split() if pieces is None else pieces
        if 10 * sum(map(_FOREIGN.__contains__, split)) < len(split):
            return ""
    found = writing(text)
    if found == TURKIC:
        return found if turkic else ""
    return found if found in LANGUAGES else ""


def read_as(text: str) -> str:
    """The language a passage's words are read in, named for people: "german", "turkish or
    azerbaijani"…, "russian" for Cyrillic (Russian's stemmer), "english" for other Latin
    text (English's), "" for other scripts (words kept whole)."""
    language = passage_language(text)
    if language:
        return "turkish or azerbaijani" if language == TURKIC else language.lower()
    return {"CYRILLIC": "russian", "LATIN": "english"}.get(script(text), "")


def language_of(text: str) -> str:
    """The language a question or phrase is read in, as ``passage_language`` names it: told
    by ``writing`` from however few words."""
    found = writing(text)
    return found if found == TURKIC or found in LANGUAGES else ""


@functools.lru_cache(maxsize=8192)
def _language_of_passage(text: str) -> str:
    """``passage_language``, remembered: a question reads its candidates' terms several times
    (ranking, matched words, highlights), and the same paragraphs come back."""
    return passage_language(text)


def _analysis(text: str, language: str | None) -> _Pieces:
    return _pieces[_language_of_passage(text) if language is None else language]


def index_terms(text: str, language: str | None = None) -> str:
    """The index terms of a text joined by spaces, as the persisted index stores them;
    ``language``: the one it is read in, if known (its paragraph's, for a sentence), else
    told by ``passage_language``."""
    pieces = _analysis(text, language)
    return " ".join(filter(None, map(pieces.__getitem__, normalize(text).split())))


def analyse_texts(texts: Iterable[str]) -> tuple[list[str], set[str]]:
    """Each text's ``index_terms``, and the words of all of them that are no stop word, as
    written (case-folded): what a typo is compared with (``Engine.spellings``). The words are
    read once per distinct piece: a file of a thousand paragraphs repeats most of its pieces."""
    pieces: set[str] = set()
    terms = []
    for text in texts:
        split = normalize(text).split()
        analysis = _pieces[passage_language(text, split)]
        terms.append(" ".join(filter(None, map(analysis.__getitem__, split))))
        pieces.update(split)
    return terms, set(" ".join(map(_written.__getitem__, pieces)).split())


def tokenize(text: str, language: str | None = None) -> list[str]:
    """The index terms of a text, in order: the one analysis for passages and questions."""
    return index_terms(text, language).split()


def find_spans(text: str, terms: frozenset[str]) -> list[tuple[int, int]]:
    """Character spans of the words in ``text`` whose index term is one of ``terms``."""
    spans = []
    pieces = _analysis(text, None)
    for match in _TOKEN.finditer(text):
        found = pieces[normalize(match.group())]
        if found and not terms.isdisjoint(found.split()):
            spans.append(match.span())
    return spans


def script(text: str) -> str:
    """The writing system most of a text's letters are in ("LATIN", "CYRILLIC", "GREEK"…;
    "" if it has none), as Unicode names it."""
    if not BEYOND_ASCII.search(text):  # most English paragraphs: read at C speed
        return "LATIN" if _ASCII_LETTER.search(text) else ""
    if not _BEYOND_LATIN.search(text):  # German, French, Turkish…: Latin letters only
        return "LATIN"
    # Letters found by regex, ASCII ones as runs, not read one character at a time in Python:
    # a German paragraph's script took 15 us of its 200 characters, most of them ASCII.
    beyond = BEYOND_ASCII.findall(text)
    letters = Counter(unicodedata.name(c, "UNNAMED").split()[0] for c in beyond if c.isalpha())
    ascii_letters = sum(map(len, _ASCII_LETTERS.findall(text)))
    if ascii_letters:
        letters["LATIN"] += ascii_letters
    return letters.most_common(1)[0][0] if letters else ""


def writing(text: str) -> str:
    """``script(text)``, with Latin text in Turkish or Azerbaijani told apart as ``TURKIC``,
    and in German, French and the other ``LANGUAGES`` by their names: more of its words than
    its English function words, and a quarter of them or more for Turkish and Azerbaijani (a
    sixth for the others), have letters English lacks or are function words of the language,
    which has more of them than any other. In their prose, about half of the words are
    Turkish or Azerbaijani so, and a quarter German or French (German's commonest, "die", is
    an English word too and does not count). An English paragraph naming "Xocalı" and "Ağdam"
    has a few, and "What happened in Xocalı?" two English ones; "en iyi baklava tarifi" is
    typed without those letters. Turkish and Azerbaijani go first
    on a tie ("köprü kaç liraya mal oldu": "köprü" has German's letters too)."""
    found = script(text)
    if found != "LATIN":
        return found
    spelled = words(text)
    english = sum(1 for w in spelled if w in _ENGLISH_STOP_WORDS)
    turkic = sum(
        1 for w in spelled if w in _TURKIC_ONLY or (not w.isascii() and _TURKIC.fullmatch(w))
    )
    marked = Counter(name for w in spelled for name in _MARKED.get(w, ()))
    lettered = Counter(
        name
        for w in spelled
        if not w.isascii()
        for name, language in LANGUAGES.items()
        if name not in _MARKED.get(w, ()) and language.letters.search(w)
    )
    # The most such words; of as many, the most function words ("qué … la": Spanish, whose
    # "qué" French letters spell too), then the first listed.
    count, _, _, best = max(
        (marked[n] + lettered[n], marked[n], -i, n) for i, n in enumerate(LANGUAGES)
    )
    if 4 * turkic >= len(spelled) and turkic > english and turkic >= count:
        return TURKIC
    return best if count >= 2 and 6 * count >= len(spelled) and count > english else found


def split_sentences(text: str) -> list[str]:
    """A paragraph's sentences, for finding the one that answers, not only the paragraph."""
    sentences, start = [], 0
    for gap in _SENTENCE_GAP.finditer(text):
        first = gap.group(1)
        if first.isupper() or first.isdigit() or first in _OPENING:
            sentences.append(text[start : gap.start()])
            start = gap.end()
    sentences.append(text[start:])
    return [s for s in sentences if s.strip()]
