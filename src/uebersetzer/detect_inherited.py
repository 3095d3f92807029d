"""Detect stage, third step: the blocks too short to tell their own language, in an article
whose language is in doubt.

detect_article gives a block the article's language unless its own n-grams prove another
(the block test). A short block proves nothing, so it inherits. In a sure, one-language article
that is right; in an article that is mixed (blocks detected in several languages) or whose
language was detected on little certainty, it is a guess, and a wrong guess was published: a
German headline over a German paragraph and three English quotes (the article reads as English,
60%) inherited English, and into English it was written as it stood, as a `kept` entry, not
fuzzy, so `build --reviewed-only` published it.

An editor reads such a block by what stands around it, and so does this step: a block that
could not tell (its n-grams are not sure of the article's language either, by the article's
own measure of sureness: detect.SURE_K) takes the language of the block next to it (the one
below first, as a headline's paragraph is; then the one above) when that block is in another
language and its own n-grams, asked that two-way question (detect.leaning), lean to it. It is
then translated from that language. One that does not lean so keeps the article's language
with a `language_doubt`: the pipeline never keeps it as written without review (its entry
stays fuzzy, with a note saying why).

A short block whose n-grams are sure of the article's language may still hold words of its
neighbour's: "Lange vor The Daily Show" over a German paragraph and two English quotes was
sure of English (the show's name outweighs two German words) and was kept as it stood. So
such a block is also doubted when two or more words in a row each lean to the neighbour's
language, together by RUN_LEAN (word-level evidence: the run a reader would see as German).
It is doubted, not moved: the rest of the block may be the article's language after all.

It runs between detect_article and segment (a moved block is cut into sentences by its own
language's rules). Nothing here changes the block test itself: it asks detect's functions.
"""

from __future__ import annotations

import math
import re
from dataclasses import replace

from uebersetzer import formats
from uebersetzer.detect import MIN_NGRAMS, SURE_K, UNSURE, Evidence, leaning, weigh
from uebersetzer.document import Article, Block
from uebersetzer.unicode_forms import without_invisible

# An article detected with this confidence or less is in doubt: the warning threshold's own
# edge warns (0.60 exactly did not, and was the case that published a German headline).
IN_DOUBT = UNSURE
# In an article detected with full confidence and not mixed, every block long enough to vote
# voted for its language, so none of them can read as another: only blocks this short (characters of visible
# text; 60 n-grams are at least 20) are weighed there, which keeps the step's cost to the few
# articles in doubt (it weighed every block again: half of detection's time).
SHORT = 100
# The block's two-way lean to its neighbour's language, in nats, that moves it: more likely in
# the neighbour's language than in the article's, the neighbour being the prior.
LEAN = 0.0
# A run of at least RUN_WORDS words, each more likely in the neighbour's language than in the
# article's, that puts a block the article's language was sure of in doubt when their leanings
# (nats) sum to this. "Lange vor" leans 13 to German; single words are left alone, as English
# ones lean to Finnish or Dutch by 15-20 nats by chance ("jail", "Sezen"). On the space of
# test_inherited_language's property (quotes=2, every 5th row) it doubted 88 more of 16,164
# English titles that were kept (0.5%), and 5 of bench_inherited's 2,880 (README).
RUN_LEAN = 10.0
RUN_WORDS = 2
_EDGE_PUNCTUATION = re.compile(r"^\W+|\W+$")


def settle_inherited(article: Article, declared: str = "") -> Article:
    """The article with its inherited blocks settled where the article is in doubt (see the
    module docstring); an article that is sure and in one language comes back as it is, but
    for a doubt at the warning threshold's edge, which is said like the ones below it. Under
    --from (`declared`) the user named the language, so only a mixed article is in doubt."""
    article = article if declared else _doubt_at_the_edge(article)
    if not article.language or declared and not _mixed(article):
        return article
    texts = [_visible(article, block) for block in article.blocks]
    weigh_all = _mixed(article) or article.confidence < 1.0
    evidence = [_inherited_evidence(block, text, article.language) if weigh_all or len(text) <= SHORT else None
                for block, text in zip(article.blocks, texts)]
    if not _in_doubt(article, evidence):
        return article
    blocks = list(article.blocks)
    for index in reversed(range(len(blocks))):  # the block below first: it may have just moved
        if _could_not_tell(evidence[index]):
            blocks[index] = _settled(blocks, texts, index, article)
        elif evidence[index] is not None and len(texts[index]) <= SHORT:
            blocks[index] = _with_neighbours_words(blocks, texts, index, article)
    return replace(article, blocks=tuple(blocks))


def _doubt_at_the_edge(article: Article) -> Article:
    """The warning says why below UNSURE (detect's `doubt`); at exactly UNSURE it said nothing."""
    if article.doubt or not article.language or article.confidence != UNSURE:
        return article
    return replace(article, doubt=f"only {article.confidence:.0%} of its blocks say so")


def _mixed(article: Article) -> bool:
    """Is a block detected (or declared) in another language than the article's?"""
    return any(block.language and block.language != article.language for block in article.blocks)


def _in_doubt(article: Article, evidence: list[Evidence | None]) -> bool:
    """Mixed, detected on little certainty, or holding a block that inherited the article's
    language yet reads as another (_leaning_away: a one-line Chinese paragraph in an article
    its English quotes carried; no title in its own language's article did so on FLORES'
    `tune` half, 0 of 551)."""
    return _mixed(article) or article.confidence <= IN_DOUBT or any(_leaning_away(found) for found in evidence)


def _visible(article: Article, block: Block) -> str:
    """What a reader sees of the block, as detect judged it; "" for a block with no letters."""
    visible = formats.by_name(block.markup or article.format).visible_text
    text = without_invisible(visible(block.text))
    return text if any(ch.isalpha() for ch in text) else ""


def _inherited_evidence(block: Block, text: str, language: str) -> Evidence | None:
    """The block test's evidence for a block with words that inherited the article's language
    (not moved by the block test, nor declared by the source: HTML's lang); None for others."""
    if not text or block.language != language or block.language_confidence:
        return None
    return weigh(text, language)


def _leaning_away(evidence: Evidence | None) -> bool:
    """Does a block that inherited the article's language read as another one all the same: too
    short to be judged, yet clearing the block test's bar, or long enough and more likely in
    another language, though not by the bar?"""
    if evidence is None or evidence.ngrams == 0:
        return False
    return evidence.score >= evidence.needed or (evidence.ngrams >= MIN_NGRAMS and evidence.score > 0)


def _could_not_tell(evidence: Evidence | None) -> bool:
    """Did the block inherit the article's language without its own n-grams being sure of it?
    Sure as the article is sure (detect._certainty): its margin over the nearest other language,
    over SURE_K * sqrt(n), at least UNSURE."""
    if evidence is None or evidence.ngrams == 0:
        return False
    return -evidence.score < UNSURE * SURE_K * math.sqrt(evidence.ngrams)


def _settled(blocks: list[Block], texts: list[str], index: int, article: Article) -> Block:
    block = blocks[index]
    neighbour = _neighbour_language(blocks, texts, index, article.language)
    if neighbour:
        lean = leaning(texts[index], neighbour, article.language)
        if lean is not None and lean > LEAN:  # as sure as the two-way posterior, for `detect`'s listing
            return replace(block, language=neighbour, language_confidence=round(1 / (1 + math.exp(-min(lean, 50))), 4))
    return replace(block, language_doubt=f"too short to tell, and the article ({_why(article)}) may not be in "
                                         f"{article.language}")


def _why(article: Article) -> str:
    """Why the article is in doubt, for the note."""
    return f"read as {article.language} on {article.confidence:.0%}" if article.confidence <= IN_DOUBT else \
        "mixed" if _mixed(article) else "with a block that reads as another language"


def _with_neighbours_words(blocks: list[Block], texts: list[str], index: int, article: Article) -> Block:
    """The block, in doubt when it holds a run of words in its neighbour's language (see the
    module docstring); as it is otherwise."""
    neighbour = _neighbour_language(blocks, texts, index, article.language)
    run = _run_leaning_to(texts[index], neighbour, article.language) if neighbour else ""
    if not run:
        return blocks[index]
    return replace(blocks[index], language_doubt=f"\"{run}\" reads as {neighbour}, and the article "
                                                 f"({_why(article)}) may not be in {article.language}")


def _run_leaning_to(text: str, neighbour: str, language: str) -> str:
    """The first run of RUN_WORDS or more words of `text` each leaning to `neighbour` rather than
    `language` (detect.leaning, word by word), together by RUN_LEAN; "" when there is none."""
    words = text.split()
    leanings = [leaning(word, neighbour, language) or 0.0 for word in words]
    start = 0  # of the current run; each of its words leans to `neighbour`, so all of it leans the most
    for end in range(len(words) + 1):
        if end == len(words) or leanings[end] <= 0:
            if end - start >= RUN_WORDS and sum(leanings[start:end]) >= RUN_LEAN:
                return _EDGE_PUNCTUATION.sub("", " ".join(words[start:end]))  # quoted in the note: no stray quote
            start = end + 1
    return ""


def _neighbour_language(blocks: list[Block], texts: list[str], index: int, language: str) -> str:
    """The language of the nearest block with words below `index`, else above, when it is not
    the article's; "" otherwise."""
    below = next((blocks[i] for i in range(index + 1, len(blocks)) if texts[i]), None)
    above = next((blocks[i] for i in reversed(range(index)) if texts[i]), None)
    for near in (below, above):
        if near is not None and near.language and near.language != language:
            return near.language
    return ""
