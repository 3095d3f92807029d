"""Detect stage: the article's language, and blocks written in another one.

langdetect is randomized; a fixed seed makes it deterministic. Short text is where it goes
wrong, so the article is judged on all of its text and only blocks long enough to judge
on their own are checked separately; short ones (headings) inherit the article's language.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, replace

from uebersetzer.document import Article, Block

SEED = 0
BLOCK_MIN_WORDS = 8  # below this a block inherits the article's language
BLOCK_MIN_CONFIDENCE = 0.95  # a block must be this sure to differ from the article
_NOT_LANGUAGE = re.compile(r"https?://\S+|\b[\w.+-]+@[\w-]+\.[\w.]+\b|\b[\w-]+(\.[\w-]+)+\b|[*_`#>\[\]()]|\{\d+\}")


@dataclass(frozen=True)
class Guess:
    language: str
    confidence: float


def _normalize(code: str) -> str:
    # langdetect says zh-cn / zh-tw; Argos uses zh and zt.
    return {"zh-cn": "zh", "zh-tw": "zt"}.get(code, code)


ARTICLE_SAMPLE = 5000  # characters judged for a whole article; more adds time, not accuracy
BLOCK_SAMPLE = 400  # and for one block


ARTICLE_TRIALS = 7  # langdetect's default number of random trials
BLOCK_TRIALS = 3  # a block is a second opinion on text already judged as part of the article


def guess(text: str, sample: int = ARTICLE_SAMPLE, trials: int = ARTICLE_TRIALS) -> Guess | None:
    """The most probable language of `text`, or None when it has no letters to judge."""
    from langdetect.lang_detect_exception import LangDetectException

    cleaned = _NOT_LANGUAGE.sub(" ", text)
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
    return Guess(_normalize(best.lang), round(best.prob, 4))


def detect_article(article: Article, declared: str = "") -> Article:
    """Set the article's language (declared with --from, or detected) and mark foreign blocks."""
    whole = None if declared else guess(article.text())
    language = declared or (whole.language if whole else "")
    confidence = 1.0 if declared else (whole.confidence if whole else 0.0)
    blocks = tuple(_detect_block(block, language) for block in article.blocks)
    return replace(article, language=language, confidence=confidence, blocks=blocks)


def _detect_block(block: Block, article_language: str) -> Block:
    if len(_NOT_LANGUAGE.sub(" ", block.text).split()) < BLOCK_MIN_WORDS:
        return replace(block, language=article_language, language_confidence=0.0)
    found = guess(block.text, BLOCK_SAMPLE, BLOCK_TRIALS)
    if found and found.language != article_language and found.confidence >= BLOCK_MIN_CONFIDENCE:
        return replace(block, language=found.language, language_confidence=found.confidence)
    return replace(block, language=article_language, language_confidence=found.confidence if found else 0.0)


def release_profiles() -> None:
    """Unmap the language profiles once a batch is detected: the model needs the memory next."""
    profiles = sys.modules.get("uebersetzer.language_profiles")
    if profiles is not None:
        profiles.release()


def foreign_blocks(article: Article) -> list[tuple[int, Block]]:
    return [(i, b) for i, b in enumerate(article.blocks) if b.language and b.language != article.language]
