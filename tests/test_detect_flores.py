"""Detection on real text no one here wrote: FLORES-200 dev articles in 36 languages.

A sample of bench/bench_detect.py's articles from the `check` half (text the detector's
constants were not chosen on): one single-language and one mixed article per language.
The full tables are the benchmark's; this keeps the rule from regressing."""

from __future__ import annotations

import pytest

from bench import flores_articles
from bench.flores_articles import as_article
from uebersetzer.detect import detect_article

pytestmark = pytest.mark.skipif(not flores_articles.available(),
                                reason=f"FLORES data not found at {flores_articles.FLORES} (../shared is absent)")


@pytest.fixture(scope="module")
def corpus() -> dict[str, list[str]]:
    return flores_articles.load()


def sample(articles: list, number: int = 5) -> flores_articles.TestArticle:
    return articles[number % len(articles)]


def test_single_language_articles_keep_every_block(corpus):
    wrong = []
    for language in sorted(corpus):
        test = sample(flores_articles.single_articles(corpus, language, "check"))
        article = detect_article(as_article(test))
        wrong += [f"{test.name}: article {article.language}"] if article.language != language else []
        wrong += [f"{test.name} {built.role}: {block.language}" for built, block in zip(test.blocks, article.blocks)
                  if block.language != language]
    assert wrong == []


def test_mixed_articles_route_the_english_blocks_only(corpus):
    wrong, quotes, found = [], 0, 0
    for language in sorted(set(corpus) - {"en"}):
        test = sample(flores_articles.mixed_articles(corpus, language, "check"), 7)
        article = detect_article(as_article(test))
        wrong += [f"{test.name}: article {article.language}"] if article.language != language else []
        for built, block in zip(test.blocks, article.blocks):
            if built.role == "english quote":
                quotes += 1
                found += block.language == "en"
            elif block.language != built.language:
                wrong.append(f"{test.name} {built.role}: {block.language}")
    assert wrong == []
    assert found >= 0.95 * quotes
