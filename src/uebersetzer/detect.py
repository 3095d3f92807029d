"""Detect stage: the article's language, and the blocks that are clearly written in another one.

Both decisions use langdetect's language profiles (as the cached matrix of
`language_profiles`), but they ask different questions.

The article: which language is it in? Each block long enough to judge alone votes for
its naive-Bayes best language; the majority wins, and all of the text decides ties and
articles of short blocks. (langdetect's answer on all of the text was wrong for Chinese
articles with an English paragraph: it samples n-grams, and Latin text has more of them
per sentence.) Where some block votes, a short one in a script few languages write (Han,
Cyrillic...) votes too: a Chinese article of one-line paragraphs is not carried by its one
English quote.

A block: is there strong evidence that it is NOT in the article's language? A short
string's top guess is not that evidence: "Montevideo liegt in den Subtropen" is Dutch to
langdetect, Danish titles are Norwegian. So the article's language is the prior, and a
block moves only when a likelihood-ratio test over its n-grams says so:

    S = sum over the block's n-grams of clip(log P(g | C) - log P(g | A), -CLIP, +CLIP)

for the article's language A and the best other candidate C. The block moves to C when
it has at least MIN_NGRAMS n-grams and S >= K * sqrt(n) (K_CLOSE for close pairs such
as da/no/sv, cs/sk, hr/sl, bg/mk). Since a real foreign block gains evidence in
proportion to its n-grams and chance agreement only in proportion to their square root,
the bar per n-gram is highest for short text. The clip keeps a few names from deciding
alone; n-grams in a script the article's language is not written in (the Latin names in
a Chinese paragraph) are left out when a tenth of the block's n-grams, or MIN_NGRAMS, are
in the article's own script. A language written in none of the scripts of the block's
letters is no candidate (Chinese text is not Korean, however many Chinese characters
Korean's profile holds). Lengths are counted in n-grams, not words, so Chinese and Japanese are judged on
the same scale. The figures these constants give on real text are in the README.

A sentence (detect_sentences, once segment has made them): the same test, on each sentence
of a block that stayed in the article's language, so an English sentence quoted inside a
German paragraph goes to an English model.
"""

from __future__ import annotations

import math
import re
import sys
from collections import Counter
from dataclasses import dataclass, replace
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING, Iterable, Iterator

from uebersetzer import formats
from uebersetzer.document import Article, Block, Kind, Segment
from uebersetzer.unicode_forms import comparable

if TYPE_CHECKING:
    import numpy as np

SEED = 0
# Not language in any format; a format's own syntax goes first, by its `visible_text`.
_NOT_LANGUAGE = re.compile(r"https?://\S+|\b[\w.+-]+@[\w-]+\.[\w.]+\b|\b[\w-]+(\.[\w-]+)+\b|\{\d+\}")
# What each of its alternatives needs somewhere ("://", "@", "{", or this), looked for first, as
# most text has none and the look is several times faster than the substitution.
_POINT_INSIDE = re.compile(r"[\w-]\.[\w-]")

ARTICLE_SAMPLE = 5000  # characters judged for a whole article; more adds time, not accuracy
ARTICLE_TRIALS = 7  # langdetect's default number of random trials
BLOCK_SAMPLE = 1000  # characters of a block read for the likelihood-ratio test
# A word said again at once ("nein, nein, nein", "kwam kwam kwam") is read once: the test sums
# its n-grams' evidence as if each were independent, so five of the same Dutch word summed to
# "Swahili" with twice the evidence needed (a hypothesis example of test_detect).
# The \b after the word matches where \W+ can only follow anyway; it spares the search a try
# of each shorter start of every word.
_REPEATED_WORD = re.compile(r"\b(\w+)\b(?:\W+\1\b)+", re.IGNORECASE)
KEPT_ROWS = 16_000_000  # n-gram rows (64 MB, an article of ~6 MB) kept from the article's vote for the block test

# The block test (see the module docstring). Chosen on the `tune` half of the FLORES dev
# split (bench/bench_detect.py), checked on the other half.
MIN_NGRAMS = 60  # fewer known n-grams than this: the block inherits the article's language
CLIP = 3.0  # the most one n-gram can say, in nats
K = 5.0  # S >= K * sqrt(n) to move a block
K_CLOSE = 8.0  # ... between close languages
OWN_SCRIPT_SHARE = 0.1  # a block this much in the article's script is judged on that script alone

# The sentence test (detect_sentences): the block test on each sentence of a block that stayed
# in the article's language. Chosen on `tune` like the block test's, checked on `check`.
SENTENCE_MIN_NGRAMS = 60  # shorter sentences keep their block's language
# K and K_CLOSE times this for a sentence. 1.0: on `tune` no single-language sentence of 60+ n-grams
# reached 0.72 of the bar; a higher one trades sentences found for safety (see the README's figures).
SENTENCE_STRICTNESS = 1.0

# Languages that share most of their n-grams; in langdetect's codes.
CLOSE_GROUPS = (
    {"da", "no", "sv"}, {"bg", "mk", "ru", "uk"}, {"hr", "sl"}, {"cs", "sk"}, {"af", "nl"},
    {"hi", "mr", "ne"}, {"es", "ca", "pt", "it"}, {"id", "tl"}, {"zh-cn", "zh-tw", "ja"}, {"ar", "fa", "ur"},
)

# langdetect's codes -> Argos Translate's, and back (for a declared --from language).
_TO_ARGOS = {"zh-cn": "zh", "zh-tw": "zt", "no": "nb"}
_FROM_ARGOS = {"zh": "zh-cn", "zt": "zh-tw", "nb": "no", "pb": "pt"}


@dataclass(frozen=True)
class Guess:
    language: str  # Argos code
    confidence: float
    voted: bool = True  # decided by its blocks' votes; False: no block was long enough, all its text decided
    votes: tuple[str, ...] = ()  # each voting block's vote, in order ("": too short to vote)


def to_argos(code: str) -> str:
    return _TO_ARGOS.get(code, code)


def _cleaned(text: str) -> str:
    maybe = "://" in text or "@" in text or "{" in text or "." in text and _POINT_INSIDE.search(text) is not None
    return _NOT_LANGUAGE.sub(" ", text) if maybe else text


def guess(text: str, sample: int = ARTICLE_SAMPLE, trials: int = ARTICLE_TRIALS) -> Guess | None:
    """langdetect's most probable language of `text`, or None when it has no letters to judge."""
    from langdetect.lang_detect_exception import LangDetectException

    cleaned = _cleaned(text)
    if not any(ch.isalpha() for ch in cleaned):
        return None
    from uebersetzer.language_profiles import MatrixDetector, load

    detector = MatrixDetector(load(), SEED)
    detector.set_max_text_length(sample)
    detector.n_trial = trials
    detector.append(cleaned)
    try:
        best = detector.get_probabilities()[0]
    except (LangDetectException, IndexError):
        return None
    return Guess(to_argos(best.lang), round(best.prob, 4))


def detect_language(text: str) -> tuple[str, float]:
    """(Argos language code, probability) of `text`, or ("", 0.0) when it has no letters.
    langdetect's top guess: right on paragraphs, unreliable on a few words (see weigh)."""
    found = guess(text)
    return (found.language, found.confidence) if found else ("", 0.0)


@dataclass(frozen=True)
class Evidence:
    """What a block's n-grams say against the article's language."""

    ngrams: int  # how many n-grams were weighed
    language: str  # the best other candidate (Argos code)
    score: float  # S, in nats: > 0 favours `language`
    needed: float  # the bar S must reach for the block to move

    @property
    def foreign(self) -> bool:
        return self.ngrams >= MIN_NGRAMS and self.score >= self.needed

    @property
    def confidence(self) -> float:
        """P(candidate) against P(article's language) from S, as a two-way posterior."""
        return round(1.0 / (1.0 + math.exp(-min(max(self.score, -50.0), 50.0))), 4)


@dataclass(frozen=True)
class BlockNgrams:
    """A block's n-grams as the block test weighs them: each distinct one once, with how often
    it occurs (a block says its common n-grams many times; each was weighed every time)."""

    rows: "np.ndarray"  # the n-grams' profile rows, in text order
    distinct: "np.ndarray"  # each of those rows once, sorted
    counts: "np.ndarray"  # how often each distinct row occurs, as floats
    logs: "np.ndarray"  # (distinct n-grams, languages): log P(n-gram | language)

    @cached_property
    def ngrams(self) -> list[str]:
        """The distinct n-grams themselves (only asked for when a block mixes scripts)."""
        from uebersetzer.language_profiles import load

        return load().words[self.distinct].tolist()

    def logs_in_text_order(self, weighed: "np.ndarray | None") -> "np.ndarray":
        """The logs of every n-gram, in text order, of those distinct ones `weighed` marks (all: None)."""
        import numpy as np

        occurrences = np.searchsorted(self.distinct, self.rows)
        return self.logs[occurrences if weighed is None else occurrences[weighed[occurrences]]]


def _block_ngrams(rows: "np.ndarray") -> BlockNgrams:
    import numpy as np

    distinct, counts = np.unique(rows, return_counts=True)
    return BlockNgrams(rows, distinct, counts.astype(float), _logs_of(distinct))


def _profile_rows(text: str) -> "np.ndarray":
    """The profile rows of the block's n-grams, in text order: all a table is made from, in
    4 bytes an n-gram instead of the table's 8 per language (a big article keeps one per block)."""
    import numpy as np

    from uebersetzer.language_profiles import load

    return np.asarray(load().text_rows(_block_text(text)), dtype=np.int32)


def _block_text(text: str) -> str:
    """What a block's n-grams are taken from: a new MatrixDetector's text after append() and
    cleaning_text(), of the text without its Latin names when it is in another script (see
    without_latin_names)."""
    from uebersetzer.language_profiles import prepared

    return prepared(_REPEATED_WORD.sub(r"\1", without_latin_names(_cleaned(text)[:2 * BLOCK_SAMPLE])), BLOCK_SAMPLE)


_LATIN = "A-Za-z\u00c0-\u024f\u1e00-\u1eff"  # Basic Latin, Latin-1, Extended-A and -B, Extended Additional (Vietnamese)
# Han, Kana and Hangul (syllables and jamo): the letters of Chinese, Japanese and Korean.
_EAST_ASIAN = "\u1100-\u11ff\u3040-\u30ff\u3130-\u318f\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff"
_LATIN_WORD = re.compile(f"[{_LATIN}]+(?:['’][{_LATIN}]+)*")
_EAST_ASIAN_LETTER = re.compile(f"[{_EAST_ASIAN}]")
_OTHER_WORD = re.compile(f"[^\\W\\d_{_LATIN}{_EAST_ASIAN}]+")  # a word in any other script: Cyrillic, Arabic...
_OTHER_LETTER = re.compile(f"[^\\W\\d_{_LATIN}]")  # a letter in any script but Latin
EAST_ASIAN_WORD = 2  # East Asian letters to a word: Chinese words are 1.5 characters, Korean ones 3 syllables


def without_latin_names(text: str) -> str:
    """`text` without its Latin words when its words in another script say more than they do:
    a Japanese sentence naming `Apple Inc.`, `Tim Cook` and `Worldwide Developers Conference`
    is Japanese, a Russian one naming `Google Cloud Platform` Russian. langdetect drops Latin
    letters only when they are under a third of a text's characters, but names (a capital, or
    one inside: `iPhone`) say nothing of the language around them, and one Han character says
    as much as a word of five Latin letters. So the words in other scripts (East Asian letters
    counted EAST_ASIAN_WORD to a word) are weighed against the Latin words in lower case only,
    and the Latin words go when they are not more. An English paragraph quoting `一带一路` or
    `Путин` keeps its words; a Chinese sentence quoting an English one too, when the quote is
    the longer part.

    But where most of the text's sentences are Latin ones (_latin_sentences), only its other
    sentences lose their Latin words: an English paragraph of three short sentences and one
    longer Chinese one is English with a Chinese sentence, not Chinese (its 48 Han characters
    outweighed the 17 English words, and with them gone the English no longer voted: a new
    user's try-out). A text with no other script is returned as it is."""
    if text.isascii():
        return text
    others = _other_words(text)
    if not others:
        return text
    latin = _latin_sentences(text)
    if latin is not None:
        return "".join(sentence if kept else _LATIN_WORD.sub("", sentence) for sentence, kept in latin)
    words = sum(1 for word in _LATIN_WORD.findall(text) if word.islower())
    # removed as langdetect's cleaning_text removes them (see language_profiles.prepared): the same n-grams
    return _LATIN_WORD.sub("", text) if others >= max(words, 1) else text


def voting_text(text: str) -> str:
    """What of a block votes for the article's language (article_language): where most of its
    sentences are Latin ones and the others are in another script (_latin_sentences), the Latin
    ones alone, so that the block votes with most of its sentences: the n-grams of one long
    Greek or Hindi sentence outnumbered those of three short English ones. Else all of it."""
    latin = None if text.isascii() or _OTHER_LETTER.search(text) is None else _latin_sentences(text)
    return text if latin is None else "".join(sentence for sentence, kept in latin if kept)


def _latin_sentences(text: str) -> list[tuple[str, bool]] | None:
    """Each sentence of `text` (_sentences) and whether it is a Latin one: more words in lower
    case than words in other scripts (not _names_only). None when the text is one sentence, or
    its Latin sentences are not more than those in other scripts (a sentence of names alone
    counts for neither)."""
    if _SENTENCE_END.search(text) is None:
        return None
    sentences = [(sentence, not _names_only(sentence)) for sentence in _sentences(text)]
    others = sum(1 for sentence, latin in sentences if not latin and _other_words(sentence))
    return sentences if others and sum(latin for _, latin in sentences) > others else None


# A sentence's end: a full stop, question or exclamation mark (and closing quotes or brackets;
# Devanagari's danda, Arabic's question mark and full stop) before a space, or a Chinese or
# Japanese one, which needs no space. A point inside `Inc.の` or `3.5` ends nothing; one before
# a space may end a name (`Apple Inc. представила`), which leaves a sentence of names alone.
_SENTENCE_END = re.compile(r"[.!?।॥؟۔]+[\"'”’»)\]]*\s+|[。！？]+[”’」』）)]*\s*")


def _sentences(text: str) -> Iterator[str]:
    """`text` cut after each _SENTENCE_END; the pieces joined again are `text`."""
    start = 0
    for end in _SENTENCE_END.finditer(text):
        yield text[start:end.end()]
        start = end.end()
    yield text[start:]


def _other_words(text: str) -> float:
    """The words of `text` in a script other than Latin, East Asian letters EAST_ASIAN_WORD to a word."""
    return len(_OTHER_WORD.findall(text)) + len(_EAST_ASIAN_LETTER.findall(text)) / EAST_ASIAN_WORD


def _names_only(sentence: str) -> bool:
    """Are the sentence's Latin words names, as without_latin_names weighs them: no more words
    in lower case than words in other scripts (none in a sentence of names alone)?"""
    return _other_words(sentence) >= sum(1 for word in _LATIN_WORD.findall(sentence) if word.islower())


def _logs_of(rows: "np.ndarray") -> "np.ndarray":
    """log(P(n-gram | language) + SMOOTHING), taken once for all n-grams when the profiles were cached."""
    from uebersetzer.language_profiles import load

    return load().log_table[rows]


@lru_cache(maxsize=None)  # the profiles' languages are langdetect's, whenever they are loaded
def _close(candidate: int, column: int) -> bool:
    """Are the languages of these two columns a close pair (see CLOSE_GROUPS)?"""
    from uebersetzer.language_profiles import load

    languages = load().languages
    return any(str(languages[candidate]) in group and str(languages[column]) in group for group in CLOSE_GROUPS)


@lru_cache(maxsize=None)  # the profiles' languages are langdetect's, whenever they are loaded
def _column(language: str) -> int | None:
    from uebersetzer.language_profiles import load

    languages = load().languages.tolist()
    code = _FROM_ARGOS.get(language, language)
    return languages.index(code) if code in languages else None


def _in_scripts(ngrams: list[str], scripts: frozenset[str]) -> "np.ndarray":
    """For each n-gram: are all its letters in one of `scripts`? An n-gram with no letter (`。`,
    `·`: Chinese punctuation is in the profiles) is in none, where the text's letters are in more
    than `scripts`: it says nothing for the article's script (a Chinese page declared German had
    only such n-grams and its Latin names left to weigh)."""
    import numpy as np

    from uebersetzer.language_profiles import script

    foreign = {ch for ch in set("".join(ngrams)) if ch.isalpha() and script(ch) not in scripts}
    if not foreign:
        return np.ones(len(ngrams), dtype=bool)
    return np.array([foreign.isdisjoint(ngram) and any(ch.isalpha() for ch in ngram) for ngram in ngrams], dtype=bool)


def _weighed(letters: set[str], block: BlockNgrams, scripts: frozenset[str]) -> "np.ndarray | None":
    """For each distinct n-gram of a text with these `letters` (see ngram_letters): are all its
    letters in one of `scripts`? None when all are. Asked of the few letters the text holds
    first, so the n-grams are looked at only when a block mixes scripts."""
    return None if _all_letters_in(letters, scripts) else _in_scripts(block.ngrams, scripts)


def _all_letters_in(letters: set[str], scripts: frozenset[str]) -> bool:
    """Is every one of `letters` (a text's, see ngram_letters) in one of `scripts`?"""
    from uebersetzer.language_profiles import script

    known = _LETTERS_IN.setdefault(scripts, set())
    if letters <= known:
        return True
    if all(script(letter) in scripts for letter in letters - known):
        known |= letters
        return True
    return False


_LETTERS_IN: dict[frozenset[str], set[str]] = {}  # scripts -> letters met that are in one of them


def _unwritten(letters: set[str]) -> "np.ndarray":
    """For each language: is a text with these `letters` written in none of its scripts? Such a
    language is no candidate: a Chinese sentence with no Hangul is not Korean, however many of
    its characters Korean's profile holds (it learnt them from the Hanja in Korean text)."""
    from uebersetzer.language_profiles import script

    return _languages_without(frozenset(script(letter) for letter in letters))


@lru_cache(maxsize=256)  # the profiles' languages are langdetect's, whenever they are loaded
def _languages_without(scripts: frozenset[str]) -> "np.ndarray":
    import numpy as np

    from uebersetzer.language_profiles import load

    profiles = load()
    return np.array([scripts.isdisjoint(profiles.scripts(column)) for column in range(len(profiles.languages))])


# Sums over distinct n-grams times their counts differ from the sums in text order by float
# rounding (~1e-12 on a block); where that could decide (S near the bar, two candidates near
# a tie), S is summed again in text order, so decisions and candidates are as they were.
_ROUNDING_MARGIN = 1e-6


def weigh(text: str, article_language: str, ngrams: BlockNgrams | None = None, strictness: float = 1.0) -> Evidence | None:
    """The evidence in `text` (with its `ngrams`, when made already) against `article_language`;
    None when the profiles do not know that language (then no block is judged against it).
    `strictness` multiplies K and K_CLOSE in the bar (see SENTENCE_STRICTNESS)."""
    import numpy as np

    from uebersetzer.language_profiles import load, ngram_letters, padded_words

    column = _column(article_language)
    if column is None:
        return None
    profiles = load()
    letters = ngram_letters(text)
    unwritten = _unwritten(letters)
    if ngrams is None:
        words = padded_words(_block_text(text))
        if _all_letters_in(letters, profiles.scripts(column)):
            found = _word_evidence(words, column, article_language, unwritten, strictness)
            if found is not None:
                return found
        ngrams = _block_ngrams(np.asarray(sum(profiles.rows_of_words(words), []), dtype=np.int32))
    block = ngrams
    logs, counts = block.logs, block.counts
    weighed = _weighed(letters, block, profiles.scripts(column))
    if weighed is not None and counts[weighed].sum() >= min(MIN_NGRAMS, OWN_SCRIPT_SHARE * counts.sum()):
        logs, counts = logs[weighed], counts[weighed]  # names in another script do not testify against the article's language
    else:
        weighed = None
    count = int(counts.sum())
    if count == 0:
        return Evidence(0, article_language, 0.0, math.inf)
    ratios = logs - logs[:, column:column + 1]
    scores = counts @ np.clip(ratios, -CLIP, CLIP, out=ratios)
    scores[column] = scores[unwritten] = -np.inf
    second, best = np.partition(scores, -2)[-2:]
    if best == -np.inf:  # no other language is written in the text's scripts: all it says is against them
        return Evidence(count, article_language, -math.inf, math.inf)
    if best >= strictness * K * math.sqrt(count) - _ROUNDING_MARGIN or best - second <= _ROUNDING_MARGIN:
        logs = block.logs_in_text_order(weighed)
        scores = np.clip(logs - logs[:, column:column + 1], -CLIP, CLIP).sum(axis=0)
        scores[column] = scores[unwritten] = -np.inf
    best = int(np.argmax(scores))
    candidate = str(profiles.languages[best])
    needed = strictness * (K_CLOSE if _close(best, column) else K) * math.sqrt(count)
    return Evidence(count, to_argos(candidate), float(scores[best]), needed)


def _word_evidence(words: list[str], column: int, article_language: str, unwritten: "np.ndarray",
                   strictness: float = 1.0) -> Evidence | None:
    """The block test summed word by word: each distinct word's n-grams' clipped ratios are
    summed once per process (news text says its words again and again), then times the word's
    count. None when the rounding of that order could decide (see _ROUNDING_MARGIN): then the
    n-grams are summed in text order."""
    import numpy as np

    from uebersetzer.language_profiles import load

    counted = Counter(words)
    distinct = list(counted)
    scores, sizes = _word_scores(distinct, column)
    counts = [counted[word] for word in distinct]
    count = sum(times * size for times, size in zip(counts, sizes))
    if count == 0:
        return Evidence(0, article_language, 0.0, math.inf)
    scores = np.array(counts, dtype=float) @ scores
    scores[column] = scores[unwritten] = -np.inf
    second, best = np.partition(scores, -2)[-2:]
    if best == -np.inf:  # no other language is written in the text's scripts: all it says is against them
        return Evidence(count, article_language, -math.inf, math.inf)
    if best >= strictness * K * math.sqrt(count) - _ROUNDING_MARGIN or best - second <= _ROUNDING_MARGIN:
        return None
    best = int(np.argmax(scores))
    candidate = str(load().languages[best])
    needed = strictness * (K_CLOSE if _close(best, column) else K) * math.sqrt(count)
    return Evidence(count, to_argos(candidate), float(scores[best]), needed)


_WORD_SCORES: dict[int, dict[str, tuple["np.ndarray", int]]] = {}  # column -> word -> (S per language, n-grams)
_WORD_SCORES_LIMIT = 10_000  # words remembered per language (~7 MB)


def _word_scores(words: list[str], column: int) -> tuple["np.ndarray", list[int]]:
    """(S of each word's n-grams for every language against `column`, each word's n-gram count);
    the words not met before are weighed together."""
    import numpy as np

    from uebersetzer.language_profiles import load

    known = _WORD_SCORES.setdefault(column, {})
    if len(known) > _WORD_SCORES_LIMIT:
        known.clear()
    found = [known.get(word) for word in words]  # read once, as in rows_of_words
    new = [word for word, each in zip(words, found) if each is None]
    made: dict[str, tuple[np.ndarray, int]] = {}
    for low in range(0, len(new), _SCORED_AT_ONCE):  # the logs of a batch's n-grams: ~9 kB a word
        batch = new[low:low + _SCORED_AT_ONCE]
        rows = load().rows_of_words(batch)
        sizes = [len(each) for each in rows]
        logs = _logs_of(np.fromiter((row for each in rows for row in each), dtype=np.int64, count=sum(sizes)))
        ratios = logs - logs[:, column:column + 1]
        np.clip(ratios, -CLIP, CLIP, out=ratios)
        sums = np.zeros((len(batch), ratios.shape[1]))
        starts = np.cumsum([0] + sizes[:-1])
        filled = np.array(sizes) > 0
        if filled.any():
            sums[filled] = np.add.reduceat(ratios, starts[filled], axis=0)
        made.update({word: (each, size) for word, each, size in zip(batch, sums, sizes)})
    if made:
        if len(known) + len(made) <= _WORD_SCORES_LIMIT:
            known.update(made)
        found = [made[word] if each is None else each for word, each in zip(words, found)]
    return np.array([each for each, _ in found]), [size for _, size in found]


_SCORED_AT_ONCE = 1024  # new words whose n-grams' logs are taken at once (all of a big article's were GBs)


def _cannot_move(texts: list[str | None], language: str, least: int, strictness: float = 1.0) -> list[bool]:
    """For each text: is it sure, without weighing it alone, that weigh(text, language,
    strictness=strictness) cannot move it (fewer than `least` n-grams, or S short of the bar)?
    False where it is not sure: weigh decides. Most blocks and sentences of an article are in its
    language, far from the bar, and weigh's fixed cost per text (~0.1 ms) was most of the detect
    stage under --from; here an article's texts are summed together, in groups (_word_groups).

    The same n-grams as weigh's word path (the texts whose letters are all in the language's
    scripts; the others are left to weigh), summed word by word in another order: S differs by
    float rounding only, far below _ROUNDING_MARGIN, and the best candidate's S is compared with
    the lowest bar any candidate has (K, not K_CLOSE), among the languages written in any of the
    article language's scripts (weigh's candidates, written in the text's, are fewer). So a text
    said to stay here is one weigh leaves where it is. A text given as None is not asked about."""
    import numpy as np

    from uebersetzer.language_profiles import load, padded_words

    column = _column(language) if language else None
    if column is None:
        return [False] * len(texts)
    scripts = load().scripts(column)
    asked = [text is not None and _written_in(text, scripts) for text in texts]
    # made group by group: an article's words all at once (~70 bytes each) were the detect
    # stage's peak, some 10 MB per MB of real text (issue 17)
    words = (padded_words(_block_text(text)) if ask else None for text, ask in zip(texts, asked))
    candidates = ~_languages_without(scripts)
    candidates[column] = False
    counts, best = np.zeros(len(texts)), np.full(len(texts), np.inf)  # no words: no n-gram, nothing to move
    for group, grouped in _word_groups(words, _SUMMED_AT_ONCE):
        _best_scores(grouped, column, candidates, counts[group], best[group])
    bar = strictness * K * np.sqrt(counts) - _ROUNDING_MARGIN
    sure = (counts < least) | (best < bar)
    return [ask and bool(stays) for ask, stays in zip(asked, sure)]


# Word occurrences whose scores are summed at once (x 55 languages x 8 bytes: 3.6 MB). All of an
# article's at once took 1.3 kB per character: 0.6 MB of real text peaked at 236 MB instead of
# 74, and a 50 MB article would have taken GBs (issue 17's bound is 1 GB).
_SUMMED_AT_ONCE = 8192


def _word_groups(words: Iterable[list[str] | None], most: int) -> Iterator[tuple[slice, list[list[str] | None]]]:
    """Consecutive texts' `words` (None: a text not asked about), with their place among all
    the texts, whose words together are at most `most` (a longer text alone); taken from
    `words` one group at a time."""
    start, group, total = 0, [], 0
    for each in words:
        length = len(each) if each else 0
        if total and total + length > most:
            yield slice(start, start + len(group)), group
            start, group, total = start + len(group), [], 0
        group.append(each)
        total += length
    if group:
        yield slice(start, start + len(group)), group


def _best_scores(words: list[list[str] | None], column: int, candidates: "np.ndarray", counts: "np.ndarray",
                 best: "np.ndarray") -> None:
    """For each text's `words` (None or none: left as they are), its n-gram count into `counts`
    and its best candidate's S into `best` (views of _cannot_move's arrays), summed
    _SUMMED_AT_ONCE word occurrences at a time, a long text's in parts."""
    import numpy as np

    lengths = np.array([len(each) if each else 0 for each in words], dtype=np.intp)
    filled = np.flatnonzero(lengths)
    if not len(filled):
        return
    distinct = list(dict.fromkeys(word for each in words if each for word in each))
    scores, sizes = _word_scores(distinct, column)
    position = {word: at for at, word in enumerate(distinct)}
    at = np.fromiter((position[word] for each in words if each for word in each), dtype=np.intp,
                     count=int(lengths.sum()))
    owners = np.repeat(np.arange(len(filled)), lengths[filled])  # which filled text each occurrence is in
    counts[filled] = np.bincount(owners, weights=np.asarray(sizes, dtype=float)[at], minlength=len(filled))
    sums = np.zeros((len(filled), int(candidates.sum())))
    for low in range(0, len(at), _SUMMED_AT_ONCE):
        part = owners[low:low + _SUMMED_AT_ONCE]
        starts = np.flatnonzero(np.r_[True, part[1:] != part[:-1]])
        sums[part[starts]] += np.add.reduceat(scores[at[low:low + _SUMMED_AT_ONCE]][:, candidates], starts, axis=0)
    best[filled] = sums.max(axis=1) if candidates.any() else -np.inf


def _written_in(text: str, scripts: frozenset[str]) -> bool:
    """Are all the letters of `text`'s n-grams (language_profiles.ngram_letters) in one of
    `scripts`? As _all_letters_in(ngram_letters(text), scripts), remembered by character as met."""
    from uebersetzer.language_profiles import ngram_letters

    known = _CHARACTERS_IN.setdefault(scripts, set())
    characters = set(text)
    if characters <= known:
        return True
    if _all_letters_in(ngram_letters("".join(characters - known)), scripts):
        known |= characters
        return True
    return False


_CHARACTERS_IN: dict[frozenset[str], set[str]] = {}  # scripts -> characters met whose n-gram letters are in one of them


def leaning(text: str, language: str, other: str) -> float | None:
    """How much `text` reads as `language` rather than `other`: the clipped log-likelihood
    ratio S of the block test, over the text's n-grams (> 0 favours `language`). A two-way
    question is answerable on a short sentence where "which language is this?" is not.
    None when either language has no profile or the text no n-gram the profiles know."""
    found = two_way(text, other, language)
    return found.score if found is not None else None


def two_way(text: str, language: str, other: str, strictness: float = 1.0) -> Evidence | None:
    """The block test asked of two languages only: the evidence in `text` for `other` against
    `language` (S over the text's n-grams, > 0 favouring `other`, and the bar K·√n, K_CLOSE
    between close languages; `foreign` when it clears it). QA asks "is this translation still
    in the source language?" so: one trial of langdetect among all 55 languages called a short
    plain English sentence Italian, sure at 1.0. None when either language has no profile, they
    are one, or the text has no n-gram the profiles know. `strictness` multiplies the bar, as in weigh."""
    import numpy as np

    from uebersetzer.language_profiles import load

    first, second = _column(language), _column(other)
    if first is None or second is None or first == second:
        return None
    rows = _profile_rows(text)
    if len(rows) == 0:
        return None
    logs = load().log_table  # the two columns only, n-gram by n-gram
    score = float(np.clip(logs[rows, second] - logs[rows, first], -CLIP, CLIP).sum())
    needed = strictness * (K_CLOSE if _close(second, first) else K) * math.sqrt(len(rows))
    return Evidence(len(rows), other, score, needed)


def in_another_language(text: str, than: str) -> bool:
    """Does `text` read as another language than the text `than` does, by the block test's bar?
    Repair asks it before joining a paragraph that lost its full stop to the next one: an
    unquoted English paragraph after a German one is no continuation, and joined to it would be
    read, and translated, as German. Each text's most likely language is taken by naive Bayes
    over its n-grams; each text must then clear the two-way bar for its language against the
    other's (a line of three words, "En 1970,", says nothing of its language)."""
    first, second = _naive_bayes(_logs_of(_profile_rows(than))), _naive_bayes(_logs_of(_profile_rows(text)))
    if not first or not second or first == second:
        return False
    return all(found is not None and found.foreign
               for found in (two_way(text, first, second), two_way(than, second, first)))


def _naive_bayes(logs: "np.ndarray") -> str:
    from uebersetzer.language_profiles import load

    return to_argos(str(load().languages[int(logs.sum(axis=0).argmax())])) if len(logs) else ""


def article_language(tables: Iterable[tuple["np.ndarray", frozenset[str]]],
                     quoting: Iterable[str | None] = ()) -> Guess | None:
    """The language most of the blocks long enough to judge alone are in (each its naive-Bayes
    best over the same n-grams), ties and articles of short blocks decided on all their text.
    `tables`: each block's table of logs and, for a block too short to vote alone, the scripts
    of its letters (see _short_votes: where some block votes, a short one in a script few
    languages write votes too; and _latin_short_votes: short ones in Latin letters, which
    alone say nothing, vote where together they outvote the long blocks' choice).

    One vote per block, not per n-gram: an English interview paragraph in a Chinese article
    has more n-grams than the Chinese around it, and would carry the article. `tables` may be
    a stream: one block's table is held at a time.

    Where the votes are split, a block that quotes (`quoting`, in the tables' order: its own
    words, _own_words, or None for a block that quotes nothing) and voted on its own votes
    again on its own words (see _own_vote): a German teaser and an English quote of its own
    block, or a short block whose English quote outweighed the German after it, were one vote
    each, and a German article was "only 50%" German. Votes that are one already are not asked
    again, as most articles' are, nor is an article left without votes by it (quotations only)."""
    votes = _Votes()
    short: dict[int, tuple["np.ndarray", frozenset[str]]] = {}  # by block: its summed logs, and its scripts
    latin: dict[int, "np.ndarray"] = {}  # by block: the logs of a short one in Latin letters only
    for index, (logs, scripts) in enumerate(tables):
        vote = _vote(logs)
        votes.add(logs, vote)
        if not vote and len(logs) and scripts and all(_few_write(name) for name in scripts):
            short[index] = (logs.sum(axis=0), scripts)
        elif not vote and len(logs) and scripts == LATIN_ONLY:
            latin[index] = logs
    if short and votes.votes:
        each = list(votes.each)
        for index, language in zip(short, _short_votes(list(short.values()), votes.votes)):
            each[index] = language
        votes.recounted(each)
    if latin and votes.votes:
        leader, each = votes.guess().language, list(votes.each)
        for index, language in zip(latin, _latin_short_votes(list(latin.values()), votes)):
            each[index] = language
        counted = Counter(vote for vote in each if vote)
        # counted only where they outvote the leader: where they cannot, they would change no
        # decision, only lower its confidence (a German article's short English "Read more" lines)
        if max(counted.values()) > counted[leader]:
            votes.recounted(each)
    if len(votes.votes) < 2:
        return votes.guess()
    own = list(quoting)
    if all(words is None for words in own):
        return votes.guess()
    again = [_own_vote(vote, _vote(_logs_of(_profile_rows(words))))
             if words is not None and index not in short and index not in latin
             else vote for index, (vote, words) in enumerate(zip(votes.each, own))]
    return votes.recounted(again) if any(again) else votes.guess()


def _vote(logs: "np.ndarray") -> str:
    """The language a block's table votes for; "" when it is too short to vote."""
    return _naive_bayes(logs) if len(logs) >= MIN_NGRAMS else ""


def _own_vote(vote: str, own: str) -> str:
    """A block's vote, `own` on its own words, `vote` on all its text: its own words', unless the
    two are close languages (CLOSE_GROUPS), which the quotations do not tell apart but help to
    (a Norwegian paragraph of two long Norwegian quotations voted Danish on the rest)."""
    close = vote and own and any(_FROM_ARGOS.get(vote, vote) in group and _FROM_ARGOS.get(own, own) in group
                                 for group in CLOSE_GROUPS)
    return vote if close else own


class _Votes:
    """The blocks' votes, and the sum of the logs of all their n-grams for ties and articles of
    short blocks (row by row as np.vstack(tables).sum(axis=0) adds them)."""

    def __init__(self) -> None:
        self.votes: Counter[str] = Counter()
        self.each: list[str] = []
        self.total: np.ndarray | None = None

    def add(self, logs: "np.ndarray", vote: str) -> None:
        import numpy as np

        self.each.append(vote)
        if vote:
            self.votes[vote] += 1
        if len(logs):
            self.total = logs.sum(axis=0) if self.total is None else np.vstack([self.total[None, :], logs]).sum(axis=0)

    def recounted(self, each: list[str]) -> Guess | None:
        """The guess with these votes instead, the ties decided on the same text."""
        self.each, self.votes = each, Counter(vote for vote in each if vote)
        return self.guess()

    def guess(self) -> Guess | None:
        whole = _naive_bayes(self.total[None, :]) if self.total is not None else ""
        if not self.votes:
            return Guess(whole, 0.0, voted=False) if whole else None
        best = max(self.votes.values())
        leaders = [language for language, count in self.votes.items() if count == best]
        leader = whole if whole in leaders else leaders[0]
        return Guess(leader, round(self.votes[leader] / sum(self.votes.values()), 4), votes=tuple(self.each))


# A quotation: what stands between two double quotes, straight ones first, as they are the inner
# ones in FLORES' “Scientists call this process "stimulated emission of radiation" because ...”
# (paired in text order, “ with ", it left the inner words to vote), then typographic ones of any
# style, „…“ “…” «…» »…« 「…」.
_TYPOGRAPHIC_QUOTES = "“”„‟«»「」『』〝〞"
_QUOTATION_MARKS = '"' + _TYPOGRAPHIC_QUOTES
_QUOTATIONS = (re.compile(r'"[^"]*"'),
               re.compile(f"[{_TYPOGRAPHIC_QUOTES}][^{_TYPOGRAPHIC_QUOTES}]*[{_TYPOGRAPHIC_QUOTES}]"))


def _own_words(block: Block, text: str) -> str | None:
    """What a block says in its own words, for the article's vote: its text without its
    quotations, someone else's words and often in another language than the article's ("I
    have done everything I could", sagte er); nothing of a block quote (Markdown's `>`,
    HTML's <blockquote>). None when it quotes nothing."""
    if block.kind == Kind.QUOTE:
        return ""
    if not any(mark in text for mark in _QUOTATION_MARKS):
        return None
    for quotation in _QUOTATIONS:
        text = quotation.sub(" ", text)
    return text


# A script written by this many of the profiles' languages or fewer (all but Latin's 38: Han by
# zh-cn, zh-tw and ja, Cyrillic by four) says which few languages a block can be in, however short.
FEW_LANGUAGES = 4


@lru_cache(maxsize=None)  # the profiles' languages are langdetect's, whenever they are loaded
def _few_write(script_name: str) -> bool:
    """Is `script_name` written by FEW_LANGUAGES of the profiles' languages or fewer?"""
    from uebersetzer.language_profiles import load

    profiles = load()
    return sum(script_name in profiles.scripts(column) for column in range(len(profiles.languages))) <= FEW_LANGUAGES


def _short_votes(short: list[tuple["np.ndarray", frozenset[str]]], votes: Counter[str]) -> list[str]:
    """The votes of the blocks too short to vote alone whose letters are all in scripts few
    languages write (Han, kana, Hangul, Cyrillic, Arabic...): each block one, as a long block
    has. A Chinese article of one-line paragraphs quoting one English paragraph was English at
    1.00, its only vote the quote's (a new user's try-out). Which of its script's languages a
    short block is in its few n-grams cannot tell, so it votes with the long blocks written in
    its script (the most voted of them), or, where none is, for the language all such short
    blocks together read as (naive Bayes over their n-grams, among the languages written in
    their scripts)."""
    import numpy as np

    from uebersetzer.language_profiles import load

    if not short:
        return []
    profiles = load()
    scripts = frozenset().union(*(each for _, each in short))
    pooled = sum(logs for logs, _ in short)
    pooled[_languages_without(scripts)] = -np.inf
    together = to_argos(str(profiles.languages[int(np.argmax(pooled))])) if np.isfinite(pooled.max()) else ""
    found = []  # each short block's vote, in order ("": none)
    for _, own in short:
        written = [language for language, _ in votes.most_common() if _written_by(language, own)]
        found.append(written[0] if written else together if together and _written_by(together, own) else "")
    return found


LATIN_ONLY = frozenset({"LATIN"})  # the scripts of a text in Latin letters only


def _latin_short_votes(short: list["np.ndarray"], votes: "_Votes") -> list[str]:
    """The votes of the blocks too short to vote alone that are all in Latin letters (each
    block's table of logs), given the long blocks' `votes`, whose leader L would be the
    article's language: none, unless all of them together are clearly in another language, by
    the block test's bar (K times sqrt(n), over the n-grams of all of them) against L. Then each
    one whose own n-grams lean to that language votes for it, as a long block would.

    A Vietnamese or Afrikaans article of one-line paragraphs quoting one English sentence was
    English, its only vote the quote's: which of the 38 Latin languages a few words are in
    their n-grams cannot tell, but a whole article's short lines can tell that they are not
    English. Which language they are in, the long blocks say better where they can: of the
    languages the short lines clear the bar for, the one most long blocks voted for (ties: the
    one all of the article's text reads as), and only where none did, the short lines' best.
    One of them may be a name in another language (`Jardín de la Unión` in a Portuguese or
    French article made Spanish or Catalan the short lines' best). Never one close to L
    (CLOSE_GROUPS): short lines do not tell those apart. The short lines of L (a title) lean to
    it and keep no vote."""
    import numpy as np

    from uebersetzer.language_profiles import load

    languages = load().languages
    column = _column(votes.guess().language)
    pooled = np.vstack(short)
    if column is None or len(pooled) < MIN_NGRAMS:
        return [""] * len(short)
    scores = np.clip(pooled - pooled[:, column:column + 1], -CLIP, CLIP).sum(axis=0)
    scores[column] = -np.inf
    scores[_languages_without(LATIN_ONLY)] = -np.inf
    cleared = [candidate for candidate in np.flatnonzero(scores >= K * math.sqrt(len(pooled)))
               if not _close(int(candidate), column)]
    if not cleared:
        return [""] * len(short)
    voted = [candidate for candidate in cleared if votes.votes[to_argos(str(languages[candidate]))]]
    if voted:
        best = max(voted, key=lambda candidate: (votes.votes[to_argos(str(languages[candidate]))],
                                                 votes.total[candidate]))
    else:
        best = max(cleared, key=lambda candidate: scores[candidate])
    language = to_argos(str(languages[best]))
    return [language if np.clip(logs[:, best] - logs[:, column], -CLIP, CLIP).sum() > 0 else "" for logs in short]


def _written_by(language: str, scripts: frozenset[str]) -> bool:
    """Is `language` (Argos code) written in one of `scripts`?"""
    from uebersetzer.language_profiles import load

    column = _column(language)
    return column is not None and not scripts.isdisjoint(load().scripts(column))


def _scripts_of(rows: "np.ndarray") -> frozenset[str]:
    """The scripts of the letters of these n-gram rows."""
    from uebersetzer.language_profiles import load, script

    return frozenset(script(ch) for ch in set("".join(load().words[rows].tolist())) if ch.isalpha())


def detect_article(article: Article, declared: str = "") -> Article:
    """Set the article's language (declared with --from, or detected) and mark the blocks that
    are clearly in another language. Blocks are checked under --from too: an English quote in
    a German article is real. Each block is judged on what a reader sees (the format's
    `visible_text`: no tags, no Markdown syntax; an HTML block in Markdown by HTML's, `Block.markup`)."""
    visible = formats.by_name(article.format).visible_text
    # in comparable form, as the msgids are: Re\xadgie\xadrung is Regierung, and text saved decomposed
    # (NFD, as macOS writes it: Korean as conjoining jamo) has the n-grams of its composed letters
    texts = [comparable((formats.by_name(block.markup).visible_text if block.markup else visible)(block.text))
             for block in article.blocks]
    # One block's table at a time: a table is ~1.3 kB per character of its block (3 n-grams x
    # 55 languages x 8 bytes), and all of a big article's at once were GBs. Under --from each
    # block is judged on its own (word by word, see weigh); else the n-grams' rows (4 bytes
    # each) are kept, up to KEPT_ROWS, to rebuild the tables once the whole article has voted.
    kept: list[np.ndarray | None] = []
    voting = _voting(article.blocks, texts)
    quoting = (_own_words(block, text) for block, text, voter in zip(article.blocks, texts, voting) if voter)
    whole = None if declared else article_language(_voting_logs(texts, kept, voting), quoting)
    language = declared or (whole.language if whole else "")
    confidence, doubt = (1.0, "") if declared or whole is None else _certainty(whole, texts, kept)
    warnings = article.warnings
    if article.declared_language and not declared:
        language, confidence, doubt, said = _declared_page(article, (language, confidence, doubt), texts, kept, voting)
        warnings += (said,) if said else ()
    rows_kept = kept or [None] * len(texts)
    # the blocks weigh would judge word by word (no rows kept: all of them under --from)
    staying = _cannot_move([text if rows is None and not block.language else None for block, text, rows
                            in zip(article.blocks, texts, rows_kept)], language, MIN_NGRAMS)
    tables = (None if rows is None else _block_ngrams(rows) for rows in rows_kept)
    blocks = tuple(_detect_block(block, text, language, ngrams, stays)
                   for block, text, ngrams, stays in zip(article.blocks, texts, tables, staying))
    if declared:
        doubt = _declared_doubt(declared, blocks, texts)
    elif whole is not None and language == whole.language:
        upheld = _upheld(whole, [block for block, voter in zip(blocks, voting) if voter])
        if upheld.confidence > whole.confidence:
            confidence, doubt = _certainty(upheld, texts, kept)
    return replace(article, language=language, confidence=confidence, doubt=doubt, blocks=blocks, warnings=warnings)


def _upheld(whole: Guess, voters: list[Block]) -> Guess:
    """The article's votes once the block test has judged the blocks that cast them (`voters`):
    a vote for a language close to the article's (CLOSE_GROUPS) from a block the test left in
    the article's language is counted for it. Such a block is too short to tell the two apart
    (the test asks K_CLOSE of it), and its naive-Bayes best says little: a five-word Danish
    title voting Norwegian made a Danish brief of a title and a paragraph "only 50%" Danish
    (47 of 740 FLORES briefs, all read right)."""
    if not whole.votes or len(whole.votes) != len(voters):
        return whole
    language = _FROM_ARGOS.get(whole.language, whole.language)
    votes = [whole.language if vote and vote != whole.language and block.language == whole.language
             and any(language in group and _FROM_ARGOS.get(vote, vote) in group for group in CLOSE_GROUPS) else vote
             for vote, block in zip(whole.votes, voters)]
    cast = [vote for vote in votes if vote]
    return replace(whole, confidence=round(cast.count(whole.language) / len(cast), 4)) if cast else whole


def _voting(blocks: tuple[Block, ...], texts: list[str]) -> list[bool]:
    """Which blocks vote for the article's language: those that do not declare their own (an
    HTML `<p lang="en">` marks a passage in another language than the page's, as W3C's
    language tagging means it), or all when every block with text declares one (`<body lang>`)."""
    own = [not block.language for block in blocks]
    return own if any(voter and text.strip() for voter, text in zip(own, texts)) else [True] * len(blocks)


def _declared_page(article: Article, detected: tuple[str, float, str], texts: list[str],
                   kept: list[np.ndarray | None], voting: list[bool]) -> tuple[str, float, str, str]:
    """(language, confidence, doubt, warning) for a page that declares its language (`<html
    lang>`, Article.declared_language). The declaration is the source's word, as --from is
    the user's: it is taken when detection agrees, cannot tell (too little text, a language
    the profiles lack), or the text is not clearly in another one. Clearly is the block test's
    bar (see the module docstring) on the text of the blocks that vote, against the declared
    language: then the text wins, in a warning naming both (a CMS template's lang left from
    another edition), read as the language the votes chose, or as the test's candidate where
    they were split or chose another."""
    import numpy as np

    page = article.declared_language
    language, confidence, doubt = detected
    if not language or language == page or _column(page) is None:
        return page, 1.0, "", ""
    chosen = [text for text, voter in zip(texts, voting) if voter]
    rows = [rows for rows, voter in zip(kept, voting) if voter]
    ngrams = _block_ngrams(np.concatenate(rows)) if rows and all(each is not None for each in rows) else None
    evidence = weigh(" ".join(chosen), page, ngrams)
    if evidence is None or not evidence.foreign:
        return page, 1.0, "", ""
    if doubt or evidence.language != language:  # the votes were split: the text's evidence names the language
        language, confidence, doubt = evidence.language, evidence.confidence, ""
    from uebersetzer.read import printable

    return language, confidence, doubt, (f"{printable(article.file or article.path)}: declares its language as "
                                         f"{_named(page)} (<html lang>), but its text reads as {_named(language)}; "
                                         f"read as {language} (correct the lang attribute, or pass --from)")


def _declared_doubt(declared: str, blocks: tuple[Block, ...], texts: list[str]) -> str:
    """Why --from looks wrong: most of the article's text (by characters) is in blocks the
    block test moved to one other language. A German article run with --from en had its long
    paragraphs translated from German and its title and short ones copied as "English" (or,
    into en, the whole article copied as already English), with no word said."""
    moved: Counter[str] = Counter()
    for block, text in zip(blocks, texts):
        if block.language and block.language != declared:
            moved[block.language] += len(text)
    total = sum(len(text) for text in texts)
    if not moved or not total:
        return ""
    [(other, characters)] = moved.most_common(1)
    share = characters / total
    if share <= 0.5:
        return ""
    return (f"--from says {declared}, but {share:.0%} of its text reads as {other}; pass the right --from, "
            "or leave it out to detect the language")


UNSURE = 0.6  # an article's language detected with less confidence than this is worth a warning
SURE_K = K / 2  # the article's margin over its nearest rival that makes it sure, per sqrt(n): see _certainty


def _certainty(whole: Guess, texts: list[str], kept: list[np.ndarray | None]) -> tuple[float, str]:
    """(confidence, doubt) of the article's language: the share of its blocks' votes, or less
    when all of its text is little evidence against the nearest other language. A five-word
    title is one block and one vote, so its votes alone said 1.00 for titles detected wrong
    (Ukrainian as Russian, Portuguese as Italian). The evidence is the block test's (see the
    module docstring) turned round: the margin M by which the article's language beats every
    other one, over SURE_K * sqrt(n), at most 1. Measured on FLORES
    (bench/bench_detect_certainty.py; README "How sure"): no whole article falls below UNSURE
    for its evidence, nine in ten wrong five-word titles do."""
    evidence, rival = _evidence_for(whole.language, texts, kept)
    confidence = min(whole.confidence, evidence) if whole.voted else evidence
    if whole.voted and whole.confidence < UNSURE:
        return confidence, f"only {whole.confidence:.0%} of its blocks say so"
    if evidence < UNSURE:
        against = f"from {_named(rival)}" if rival else "by"
        return confidence, f"{FEW_WORDS} {against}: {evidence:.0%} of the evidence needed to be sure"
    return confidence, ""


FEW_WORDS = "its few words barely tell it"  # how the doubt of an article guessed on thin evidence starts


def too_short_to_tell(article: Article) -> bool:
    """Was the article's language a guess on too little text ("Ja.": 5% of the evidence needed),
    rather than detected (or declared with --from)? A missing model for that guess says nothing
    the user can act on; naming --from does."""
    return article.doubt.startswith(FEW_WORDS)


def _named(code: str) -> str:
    """"Danish (da)": a two-letter code alone reads as a word ("it")."""
    from uebersetzer.languages import NAMES

    return f"{NAMES[code]} ({code})" if code in NAMES else code


def _evidence_for(language: str, texts: list[str], kept: list[np.ndarray | None]) -> tuple[float, str]:
    """(M / (SURE_K * sqrt(n)) between 0 and 1, the nearest other language) for the article's
    n-grams; (1.0, "") for an article too big for its rows to be kept (megabytes of text are
    evidence enough) or a language the profiles do not know."""
    import numpy as np

    if not kept or any(rows is None for rows in kept):
        return 1.0, ""
    rows = np.concatenate(kept)
    if len(rows) == 0:
        return 0.0, ""
    found = weigh(" ".join(texts), language, _block_ngrams(rows))
    if found is None or found.ngrams == 0:
        return (1.0, "") if found is None else (0.0, "")
    return min(1.0, max(0.0, -found.score / (SURE_K * math.sqrt(found.ngrams)))), found.language


def _voting_logs(texts: list[str], kept: list[np.ndarray | None],
                 voting: list[bool] | None = None) -> Iterator[tuple[np.ndarray, frozenset[str]]]:
    """Each block's table of logs, for the article's vote (of its voting_text), with the scripts
    of its letters when it is too short to vote alone (see article_language). The n-gram rows
    of all its text go to `kept` while they fit in KEPT_ROWS, else None: that block's rows are
    made again for the block test (the same rows, so the same decision), and a big article's
    rows, 12 bytes per character, are never all held. The kept rows are views into one array:
    a small array per block left the heap full of holes once detection was done (~10 MB per MB
    of article in RSS), one large array goes back to the system whole."""
    import numpy as np

    store = np.empty(min(KEPT_ROWS, 3 * BLOCK_SAMPLE * len(texts)), dtype=np.int32)  # pages used when written
    used = 0
    for text in texts:
        rows = _profile_rows(text)
        if used + len(rows) <= len(store):
            store[used:used + len(rows)] = rows
            kept.append(store[used:used + len(rows)])
            used += len(rows)
        else:
            kept.append(None)
        if voting is None or voting[len(kept) - 1]:  # every block's rows are kept, for the block test
            voter = voting_text(text)
            votes = rows if voter is text else _profile_rows(voter)
            short = 0 < len(votes) < MIN_NGRAMS
            # ASCII: Latin (looked up for no short ASCII block: most short blocks are)
            yield _logs_of(votes), (LATIN_ONLY if voter.isascii() else _scripts_of(votes)) if short else frozenset()


def _detect_block(block: Block, text: str, article_language: str, ngrams: BlockNgrams | None,
                  stays: bool = False) -> Block:
    """`stays`: _cannot_move found that the block test cannot move the block."""
    if block.language:  # declared by the source itself (HTML's lang attribute)
        return block
    evidence = weigh(text, article_language, ngrams) if article_language and not stays else None
    if evidence is not None and evidence.foreign:
        return replace(block, language=evidence.language, language_confidence=evidence.confidence)
    return replace(block, language=article_language, language_confidence=0.0)


def detect_sentences(article: Article) -> Article:
    """Mark the sentences clearly written in another language inside the blocks that stayed in
    the article's language: an English quote written as its own sentence in a German paragraph
    (`Die Ministerin blieb hart. "We will not negotiate," she said. Danach ...`) is sent to an
    English model, or kept in an English output, instead of garbled by the German one.

    Part of the detect stage, but it runs after segment, as it needs the sentences: the
    pipeline calls detect_article, segment_article, then this. It is the block test (weigh)
    with SENTENCE_MIN_NGRAMS and SENTENCE_STRICTNESS, asked first of all the article's sentences
    at once (_cannot_move), so only the few it cannot settle are weighed one by one. A moved
    block is left whole, and a block of one sentence was judged as a block already.

    Then the sentences too short for the test whose script says it (_sentences_in_other_scripts)."""
    if not article.language:
        return article
    return _sentences_in_other_scripts(_sentences_weighed(article))


def _sentences_weighed(article: Article) -> Article:
    """The article with the sentences the block test moves (see detect_sentences) moved."""
    language = article.language
    visible = formats.by_name(article.format).visible_text
    judged = {(index, number): (formats.by_name(block.markup).visible_text if block.markup else visible)(segment.msgid)
              for index, block in enumerate(article.blocks) if block.language == language and len(block.segments) >= 2
              for number, segment in enumerate(block.segments)
              if segment.language == language and _could_be_judged(segment.msgid)}
    staying = dict(zip(judged, _cannot_move(list(judged.values()), language, SENTENCE_MIN_NGRAMS, SENTENCE_STRICTNESS)))
    weighed = {where: text for where, text in judged.items() if not staying[where]}
    if not weighed:
        return article
    blocks = tuple(_detect_sentences_of(block, index, language, weighed) for index, block in enumerate(article.blocks))
    return replace(article, blocks=blocks)


def _sentences_in_other_scripts(article: Article) -> Article:
    """The sentences of a block of two or more whose letters (without_latin_names's: no Latin
    names) are all in scripts the block's language is not written in: too short for the block
    test to judge (SENTENCE_MIN_NGRAMS), yet not in that language. A 20-character Chinese
    sentence in an English paragraph went to the English model as English, and three short
    English sentences in a paragraph the block test moved to Greek (its one long Greek sentence
    held nine tenths of its n-grams) were Greek. Such a sentence takes the article's language
    when that is written in its scripts, else, when its scripts are each written by few
    languages (FEW_LANGUAGES: Han, kana, Cyrillic...), the one of those its n-grams say (naive
    Bayes); other sentences (an English one in a Chinese paragraph of a Chinese article) are
    left to the block test."""
    visible = formats.by_name(article.format).visible_text
    blocks = tuple(_in_other_scripts(block, article.language, (formats.by_name(block.markup).visible_text
                                                               if block.markup else visible))
                   if len(block.segments) >= 2 else block for block in article.blocks)
    return article if all(new is old for new, old in zip(blocks, article.blocks)) else replace(article, blocks=blocks)


def _in_other_scripts(block: Block, language: str, visible) -> Block:
    """The block with its sentences in scripts its language is not written in moved (see
    _sentences_in_other_scripts)."""
    from uebersetzer.language_profiles import load, ngram_letters, script

    own = block.language or language
    column = _column(own)
    if column is None:
        return block
    scripts = load().scripts(column)
    segments = list(block.segments)
    for number, segment in enumerate(segments):
        if (segment.language or own) != own:
            continue  # moved by the block test already
        seen = visible(segment.msgid)
        if _written_in(seen, scripts):  # most sentences: every letter in the block's own scripts
            continue
        unnamed = _LATIN_WORD.sub("", seen)  # a Chinese sentence naming `Apple`: a letter of its own is left
        if any(ch.isalpha() for ch in unnamed) and _written_in(unnamed, scripts):
            continue
        text = _block_text(seen)
        written = frozenset(script(letter) for letter in ngram_letters(text))
        if not written or not written.isdisjoint(scripts):
            continue
        found = language if language != own and _written_by(language, written) else _few_languages_say(text, written)
        if found:
            segments[number] = replace(segment, language=found)
    return replace(block, segments=tuple(segments)) if segments != list(block.segments) else block


def _few_languages_say(text: str, scripts: frozenset[str]) -> str:
    """The language (Argos code) of `text` (a _block_text) among those written in its `scripts`,
    when each of them is written by few languages (_few_write); "" otherwise, or when the
    profiles know none of its n-grams."""
    import numpy as np

    from uebersetzer.language_profiles import load

    if not all(_few_write(name) for name in scripts):
        return ""
    rows = np.asarray(load().text_rows(text), dtype=np.int64)
    if len(rows) == 0:
        return ""
    sums = _logs_of(rows).sum(axis=0)
    sums[_languages_without(scripts)] = -np.inf
    return to_argos(str(load().languages[int(np.argmax(sums))])) if np.isfinite(sums.max()) else ""


def _detect_sentences_of(block: Block, index: int, language: str, weighed: dict[tuple[int, int], str]) -> Block:
    """The block with its sentences in `weighed` ((block, sentence) -> visible text) judged."""
    segments = tuple(_detect_sentence(segment, language, weighed[index, number]) if (index, number) in weighed
                     else segment for number, segment in enumerate(block.segments))
    return replace(block, segments=segments) if segments != block.segments else block


def _could_be_judged(text: str) -> bool:
    """Can `text` hold SENTENCE_MIN_NGRAMS n-grams? A word of L letters gives at most 3 (L + 1)
    of them (see language_profiles._word_ngrams), so a text at most 3 (len + 1): most short
    sentences are passed over before any work."""
    return 3 * (len(text) + 1) >= SENTENCE_MIN_NGRAMS


def _detect_sentence(segment: Segment, language: str, text: str) -> Segment:
    """The sentence, moved when the block test (on its visible `text`) says so."""
    evidence = weigh(text, language, strictness=SENTENCE_STRICTNESS)
    if evidence is not None and evidence.ngrams >= SENTENCE_MIN_NGRAMS and evidence.score >= evidence.needed:
        return replace(segment, language=evidence.language)
    return segment


def release_profiles() -> None:
    """Unmap the language profiles once a batch is detected: the model needs the memory next."""
    profiles = sys.modules.get("uebersetzer.language_profiles")
    if profiles is not None:
        profiles.release()
    _WORD_SCORES.clear()


def release_profile_pages() -> None:
    """The pages of the language profiles read so far back to the system (language_profiles.
    release_pages), the profiles staying mapped: called after each article's detection and each
    article's QA, which touch them between the engine's batches. Nothing is imported for it."""
    profiles = sys.modules.get("uebersetzer.language_profiles")
    if profiles is not None:
        profiles.release_pages()


def foreign_blocks(article: Article) -> list[tuple[int, Block]]:
    return [(i, b) for i, b in enumerate(article.blocks) if b.language and b.language != article.language]


def foreign_sentences(article: Article) -> list[tuple[int, Segment]]:
    """The sentences detect_sentences moved, with their block's index."""
    return [(i, segment) for i, block in enumerate(article.blocks) if block.language == article.language
            for segment in block.segments if segment.language and segment.language != article.language]
