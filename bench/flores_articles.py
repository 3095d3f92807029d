"""Test and benchmark articles built from real text: the FLORES-200 dev split in ../shared.

The sentences stay in ../shared/data/flores-dev (CC BY-SA 4.0); only the recipe is here:
- a title: the first 6 to 10 words of a sentence (no final punctuation, like a headline;
  12 to 20 characters in Chinese and Japanese);
- paragraphs of 5 consecutive sentences (FLORES keeps sentences of one source document
  together, so a paragraph reads as one text);
- mixed articles: the same, plus an English paragraph of 2 sentences and a one-sentence
  English quote, each its own block, as a German article quotes an English speaker;
- articles with a sentence inside: the single-language ones with one English sentence put
  inside a paragraph, between its own (a quote written as a sentence of the paragraph); in
  English articles the sentence is in one of the other languages, a different one each time.

The split's lines are cut in two halves, `tune` (the first) and `check` (the second): the
detector's thresholds were chosen looking at `tune` only; `check` is text it never saw.
FLORES' documents are contiguous, so the halves share no document.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from uebersetzer.document import Article
from uebersetzer.document import Block as ArticleBlock
from uebersetzer.document import Kind

FLORES = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "flores-dev"
SENTENCES_PER_ARTICLE = 21  # one for the title, four paragraphs of five
HALVES = ("tune", "check")


@dataclass(frozen=True)
class Block:
    text: str
    language: str  # what the block is written in
    role: str  # "title", "paragraph", "english paragraph", "english quote", "paragraph with a sentence inside"
    inside: str = ""  # the sentence in another language put inside this paragraph
    inside_language: str = ""  # its language


@dataclass(frozen=True)
class TestArticle:
    language: str
    name: str
    blocks: tuple[Block, ...] = field(default_factory=tuple)

    def text(self) -> str:
        """As a plain-text article file: blocks separated by blank lines, final newline."""
        return "\n\n".join(block.text for block in self.blocks) + "\n"


def available(folder: Path = FLORES) -> bool:
    return (folder / "en.txt").is_file()


def load(folder: Path = FLORES) -> dict[str, list[str]]:
    """Language code (the file's name) -> its sentences, line by line."""
    return {path.stem: path.read_text(encoding="utf-8").splitlines() for path in sorted(folder.glob("*.txt"))}


def sentences(language: str, folder: Path = FLORES) -> list[str]:
    """One language's lines with the CSV quoting some carry undone: `"Das Wort ""Eskimo"" ..."`
    is the sentence `Das Wort "Eskimo" ...` (its English line has no such quotes)."""
    return [csv_unquoted(line) for line in (folder / f"{language}.txt").read_text(encoding="utf-8").splitlines()]


def csv_unquoted(line: str) -> str:
    inner = line[1:-1]
    if len(line) > 1 and line[0] == line[-1] == '"' and '"' not in inner.replace('""', ""):
        return inner.replace('""', '"')
    return line


def half(lines: list[str], which: str) -> range:
    middle = len(lines) // 2
    return range(0, middle) if which == "tune" else range(middle, len(lines))


def title_of(sentence: str, number: int) -> str:
    """The first 6 to 10 words, varied article by article; in Chinese and Japanese, written
    without spaces, the first 12 to 20 characters (a word is about two characters there)."""
    words = sentence.split()
    if len(words) < 6 and len(sentence) > 24:
        return sentence[: 12 + 2 * (number % 5)].rstrip("，、,;:")
    return " ".join(words[: 6 + number % 5]).rstrip(",;:")


def single_articles(corpus: dict[str, list[str]], language: str, which: str) -> list[TestArticle]:
    """Articles entirely in `language`, from the `which` half of its lines."""
    lines = corpus[language]
    rows = list(half(lines, which))
    articles = []
    for number in range(len(rows) // SENTENCES_PER_ARTICLE):
        chunk = [lines[row] for row in rows[number * SENTENCES_PER_ARTICLE:(number + 1) * SENTENCES_PER_ARTICLE]]
        blocks = [Block(title_of(chunk[0], number), language, "title")]
        blocks += [Block(" ".join(chunk[start:start + 5]), language, "paragraph") for start in range(1, 21, 5)]
        articles.append(TestArticle(language, f"{which}-{language}-{number:02d}", tuple(blocks)))
    return articles


def english_quote(sentence: str) -> str:
    return f"“{sentence}”"


def mixed_articles(corpus: dict[str, list[str]], language: str, which: str) -> list[TestArticle]:
    """The single-language articles with an English 2-sentence paragraph after the second
    paragraph and a one-sentence English quote after the third. The English comes from
    other lines of the same half than the article's own (not a translation of its neighbours)."""
    english = corpus["en"]
    rows = list(half(english, which))
    articles = []
    for number, article in enumerate(single_articles(corpus, language, which)):
        # English sentences from the article `shift` places further on, wrapping round the half
        shift = (number + len(rows) // (2 * SENTENCES_PER_ARTICLE)) * SENTENCES_PER_ARTICLE
        pick = [english[rows[(shift + offset) % len(rows)]] for offset in range(3)]
        blocks = list(article.blocks)
        blocks.insert(3, Block(" ".join(pick[:2]), "en", "english paragraph"))
        blocks.insert(5, Block(english_quote(pick[2]), "en", "english quote"))
        articles.append(TestArticle(language, article.name + "-mixed", tuple(blocks)))
    return articles


def sentence_inside_articles(corpus: dict[str, list[str]], language: str, which: str) -> list[TestArticle]:
    """The single-language articles with one sentence in another language put inside a
    paragraph: English in every language's articles, and in English ones the next of the other
    languages, article by article. Which paragraph and where in it (first to last) change from
    article to article; the sentence comes from other lines of the same half, as in mixed_articles."""
    others = sorted(set(corpus) - {"en"})
    articles = []
    for number, article in enumerate(single_articles(corpus, language, which)):
        inserted = "en" if language != "en" else others[number % len(others)]
        lines = corpus[inserted]
        rows = list(half(lines, which))
        shift = (number + len(rows) // (2 * SENTENCES_PER_ARTICLE)) * SENTENCES_PER_ARTICLE + 3
        sentence = csv_unquoted(lines[rows[shift % len(rows)]])
        paragraph = 1 + number % 4
        start = number % 6  # before the first sentence (0) to after the last (5)
        own = _paragraph_sentences(corpus, language, which, number, paragraph)
        text = " ".join(own[:start] + [sentence] + own[start:])
        blocks = list(article.blocks)
        blocks[paragraph] = Block(text, language, "paragraph with a sentence inside", sentence, inserted)
        articles.append(TestArticle(language, article.name + "-inside", tuple(blocks)))
    return articles


def _paragraph_sentences(corpus: dict[str, list[str]], language: str, which: str, number: int,
                         paragraph: int) -> list[str]:
    """The five sentences single_articles joined into paragraph `paragraph` of article `number`."""
    lines = corpus[language]
    rows = list(half(lines, which))
    first = number * SENTENCES_PER_ARTICLE + 1 + 5 * (paragraph - 1)
    return [lines[row] for row in rows[first:first + 5]]


def as_article(test: TestArticle) -> Article:
    """The article as the parse stage hands it to detect. Built block by block rather than
    parsed, so a FLORES sentence without final punctuation does not join two blocks and
    every block keeps its known language."""
    blocks = tuple(
        ArticleBlock(kind=Kind.TITLE if block.role == "title" else Kind.PARAGRAPH, text=block.text, raw=block.text,
                     line=2 * number + 1)
        for number, block in enumerate(test.blocks))
    return Article(path=test.name + ".txt", blocks=blocks)
