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
  English articles the sentence is in one of the other languages, a different one each time;
- mangled articles, for the repair stage: paragraphs of 1 to 5 sentences, some that lost their
  final punctuation and some a scraper cut with a blank line inside a sentence, each blank
  line labelled with what it truly is (`mangled_articles`, `repair_tally`).

The split's lines are cut in two halves, `tune` (the first) and `check` (the second): the
detector's thresholds were chosen looking at `tune` only; `check` is text it never saw.
FLORES' documents are contiguous, so the halves share no document.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable
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


SHORT_LINES = (5, 8)  # short_line_articles: lines in the language per article, least and most
SHORT_LINE_CHARACTERS = (10, 24)  # ... each a sentence's start of this many characters (Chinese, Japanese)
SHORT_LINE_WORDS = (2, 5)  # ... or words (languages written with spaces)


def short_line_articles(corpus: dict[str, list[str]], language: str, which: str) -> list[TestArticle]:
    """Articles of 5 to 8 short lines in `language`, each its own block (the start of a sentence:
    10 to 24 characters in Chinese and Japanese, 2 to 5 words elsewhere, with a full stop), and
    one English sentence (a quote) as a block among them, at a place that changes from article
    to article: a Chinese news brief of one-line paragraphs quoting an English speaker. The
    English comes from other lines of the same half, as in mixed_articles."""
    lines, english = corpus[language], corpus["en"]
    rows, english_rows = list(half(lines, which)), list(half(english, which))
    least, most = SHORT_LINES
    articles = []
    for number in range(len(rows) // most):
        count = least + number % (most - least + 1)
        own = [_short_line(csv_unquoted(lines[row]), number + at) for at, row in
               enumerate(rows[number * most:number * most + count])]
        shift = (number + len(english_rows) // (2 * most)) * most
        quote = english_quote(csv_unquoted(english[english_rows[shift % len(english_rows)]]))
        blocks = [Block(line, language, "short line") for line in own]
        blocks.insert(1 + number % count, Block(quote, "en", "english quote"))
        articles.append(TestArticle(language, f"{which}-{language}-{number:02d}-short-lines", tuple(blocks)))
    return articles


def _short_line(sentence: str, number: int) -> str:
    """The start of `sentence`, as a line of a news brief (see short_line_articles)."""
    words = sentence.split()
    if len(words) < 6 and len(sentence) > 24:  # written without spaces
        least, most = SHORT_LINE_CHARACTERS
        return sentence[:least + number % (most - least + 1)].rstrip("，、,;:") + "。"
    least, most = SHORT_LINE_WORDS
    return " ".join(words[:least + number % (most - least + 1)]).rstrip(",;:") + "."


ENGLISH_SENTENCES = 3  # english_paragraph_articles: English sentences in the paragraph
SHORT_ENGLISH_WORDS = (4, 8)  # ... "short" ones: the start of a sentence, this many words


def english_paragraph_articles(corpus: dict[str, list[str]], language: str, which: str,
                               short: bool = False) -> list[TestArticle]:
    """English articles of a title and one paragraph: three English sentences with one sentence
    in `language` among them (its place changing from article to article), as an English report
    quotes a Chinese official in the original. `short`: each English sentence is cut to its
    first 4 to 8 words and a full stop, so that the other sentence is the longer part. The
    sentence in `language` comes from other lines of the same half."""
    english, lines = corpus["en"], corpus[language]
    rows, own_rows = list(half(english, which)), list(half(lines, which))
    articles = []
    for number in range(len(rows) // (ENGLISH_SENTENCES + 1)):
        start = number * (ENGLISH_SENTENCES + 1)
        title = title_of(english[rows[start]], number)
        sentences = [csv_unquoted(english[row]) for row in rows[start + 1:start + 1 + ENGLISH_SENTENCES]]
        if short:
            least, most = SHORT_ENGLISH_WORDS
            sentences = [_cut_short(sentence, least + (number + at) % (most - least + 1))
                         for at, sentence in enumerate(sentences)]
        shift = (number + len(own_rows) // (2 * SENTENCES_PER_ARTICLE)) * SENTENCES_PER_ARTICLE + 5
        inside = csv_unquoted(lines[own_rows[shift % len(own_rows)]])
        place = number % (ENGLISH_SENTENCES + 1)
        text = " ".join(sentences[:place] + [inside] + sentences[place:])
        blocks = (Block(title, "en", "title"), Block(text, "en", "paragraph with a sentence inside", inside, language))
        kind = "short" if short else "long"
        articles.append(TestArticle("en", f"{which}-en-{language}-{number:02d}-{kind}-english", blocks))
    return articles


def _cut_short(sentence: str, words: int) -> str:
    """The first `words` words of `sentence`, ending in one full stop (a sentence that short
    keeps its own final punctuation)."""
    cut = " ".join(sentence.split()[:words])
    return cut if cut == sentence.strip() and cut[-1:] in ".!?\"”" else cut.rstrip(",;:.") + "."


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


# Articles whose blank lines a scraper mangled, for the repair stage (bench_repair.py).
GAP_KINDS = ("break", "dropped", "heading", "cut")  # what each blank line of such an article is


@dataclass(frozen=True)
class MangledArticle:
    """A plain-text article and, for each blank line in it, what the blank line truly is:
    "break" a paragraph break after a full stop; "dropped" one after a paragraph whose final
    punctuation was dropped (a number, a URL, a quote, a lost period); "heading" one around a
    heading; "cut" one a scraper put inside a sentence."""

    language: str
    name: str
    chunks: tuple[str, ...]
    gaps: tuple[str, ...]  # gaps[i]: the blank line after chunks[i]

    def text(self) -> str:
        return "\n\n".join(self.chunks) + "\n"


def _without_final_punctuation(sentence: str) -> str:
    """`sagte er.` -> `sagte er`, `„Ja.“` -> `„Ja“`: the last stop before closing quotes and brackets."""
    stripped = sentence.rstrip()
    closers = len(stripped) - len(stripped.rstrip("\"'”“»«’‘)]"))
    body, tail = stripped[:len(stripped) - closers], stripped[len(stripped) - closers:]
    return body.rstrip(".!?…") + tail


def _cut_once(sentences: list[str], rng) -> list[str]:
    """The paragraph's sentences as two halves, split at a word boundary inside one sentence
    (never between two sentences); one piece if no sentence has two words."""
    candidates = [index for index, sentence in enumerate(sentences) if len(sentence.split()) >= 2]
    if not candidates:
        return [" ".join(sentences)]
    index = rng.choice(candidates)
    words = sentences[index].split()
    at = rng.randrange(1, len(words))
    first = sentences[:index] + [" ".join(words[:at])]
    second = [" ".join(words[at:])] + sentences[index + 1:]
    return [" ".join(first), " ".join(second)]


def mangled_articles(corpus: dict[str, list[str]], language: str, which: str, seed: int, rounds: int = 1,
                     dropped: float = 0.2, cut: float = 0.25, headings: float = 0.3) -> list[MangledArticle]:
    """Articles of 12 to 30 consecutive sentences of the `which` half: a title (as
    title_of), then paragraphs of 1 to 5 sentences, a heading (the first 2 to 6 words of a
    sentence from elsewhere in the half) before some of them. A share `dropped` of the
    paragraphs that another paragraph follows lose their final punctuation, and a share
    `cut` get a blank line at a random word boundary inside one of their sentences.
    `rounds` passes over the half, each laid out differently; everything from `seed`."""
    import random

    rng = random.Random(f"{seed}-{language}-{which}")
    lines = [csv_unquoted(line) for line in corpus[language]]
    rows = list(half(lines, which))
    articles = []
    for round_number in range(rounds):
        start = 0
        while start + 12 <= len(rows):
            size = min(rng.randint(12, 30), len(rows) - start)
            sentences = [lines[row] for row in rows[start:start + size]]
            number = len(articles)
            articles.append(_mangle(sentences, lines, rows, rng, language, f"{which}-{language}-{number:03d}",
                                    number, dropped, cut, headings))
            start += size
    return articles


def _mangle(sentences: list[str], lines: list[str], rows: list[int], rng, language: str, name: str, number: int,
            dropped: float, cut: float, headings: float) -> MangledArticle:
    chunks, gaps = [title_of(sentences[0], number)], []
    after_heading, last_dropped = True, False  # the title counts as a heading
    rest = sentences[1:]
    while rest:
        size = min(rng.randint(1, 5), len(rest))
        paragraph, rest = rest[:size], rest[size:]
        if not after_heading and rng.random() < headings:
            words = lines[rng.choice(rows)].split()
            gaps.append("heading")
            chunks.append(" ".join(words[:rng.randint(2, 6)]).rstrip(".,;:!?"))
            after_heading = True
        gaps.append("heading" if after_heading else "dropped" if last_dropped else "break")
        last_dropped = bool(rest) and rng.random() < dropped
        if last_dropped:
            paragraph = paragraph[:-1] + [_without_final_punctuation(paragraph[-1])]
        pieces = _cut_once(paragraph, rng) if rng.random() < cut else [" ".join(paragraph)]
        chunks.append(pieces[0])
        for piece in pieces[1:]:
            gaps.append("cut")
            chunks.append(piece)
        after_heading = False
    return MangledArticle(language, name, tuple(chunks), tuple(gaps))


def joined_gaps(article: MangledArticle) -> list[bool]:
    """For each blank line of `article`, did the text format's parse (split_blocks, then
    repair_cut_paragraphs) join the blocks on either side?"""
    from uebersetzer.formats import markdown
    from uebersetzer.formats.text import split_blocks
    from uebersetzer.repair import repair_cut_paragraphs

    blocks, _ = split_blocks(article.text())
    repaired = repair_cut_paragraphs(blocks, markdown.CLOSERS)
    starts = {block.line for block in repaired}
    return [2 * (index + 1) + 1 not in starts for index in range(len(article.gaps))]  # chunk i sits on line 2i+1


def quoted_after_dropped(articles: list[MangledArticle], english: list[str],
                         shape: Callable[[str], str] = english_quote) -> list[MangledArticle]:
    """Each paragraph that lost its final punctuation, now followed by a one-sentence English
    quote (english_quote) instead of its own next paragraph: a German article quoting an English
    speaker below a paragraph with no full stop. The quote's blank line keeps the kind "dropped";
    every other blank line of the article is left out of the count (gap kind "other").
    `shape`: how the sentence is written there (str: as a paragraph of its own, unquoted)."""
    quoted = []
    for number, article in enumerate(articles):
        for index, kind in enumerate(article.gaps):
            if kind != "dropped":
                continue
            chunks = list(article.chunks)
            chunks[index + 1] = shape(english[(7 * number + index) % len(english)])
            gaps = tuple(kind if at == index else "other" for at in range(len(article.gaps)))
            quoted.append(MangledArticle(article.language, f"{article.name}-quote-{index}", tuple(chunks), gaps))
    return quoted


def repair_tally(articles: list[MangledArticle]) -> dict[str, tuple[int, int]]:
    """Gap kind -> (blank lines of that kind, how many of them were joined)."""
    tally = {kind: [0, 0] for kind in GAP_KINDS}
    for article in articles:
        for kind, joined in zip(article.gaps, joined_gaps(article)):
            if kind not in tally:  # "other": a blank line quoted_after_dropped does not count
                continue
            tally[kind][0] += 1
            tally[kind][1] += joined
    return {kind: (count, joined) for kind, (count, joined) in tally.items()}
