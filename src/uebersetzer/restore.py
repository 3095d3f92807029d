"""Restore stage: engine output with placeholders -> final text, verified.

A model may drop, double, invent or reorder placeholders. `check` names such a problem;
the translate stage then falls back to `assemble`, which translates the
text between placeholders piece by piece, so every protected span is kept by
construction, at some cost in fluency. Sentences that needed the fallback are marked
for review.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from functools import lru_cache

from uebersetzer.protect import FINAL_PUNCTUATION, PLACEHOLDER, Protected, Token, single_tag, standin_piece, whole_word


def check(protected: Protected, output: str) -> str:
    """Empty when `output` holds each placeholder once and markup in its order; else the problem."""
    found = [int(m.group(1)) for m in PLACEHOLDER.finditer(output)]
    expected = list(range(1, len(protected.tokens) + 1))
    if sorted(found) != expected:
        present = set(found)
        missing = [protected.tokens[n - 1] for n in expected if n not in present]
        if missing:
            return "lost " + ", ".join(_describe(token) for token in missing)
        invented = sorted(present - set(expected))
        if invented:  # a model trained with `{N}` writes one where its training text had a name
            held = "holds none" if not expected else f"holds {_counted_placeholders(len(expected))}"
            return f"wrote {{{invented[0]}}}, a placeholder the sentence does not hold (it {held})"
        return "doubled a placeholder"
    markup_order = [n for n in found if protected.tokens[n - 1].role in ("open", "close")]
    if markup_order != sorted(markup_order):
        return "reordered the markup"
    return _check_wordless_markup(protected, output) or _check_neighbours(protected, output) \
        or _check_words_kept(protected, output) or _check_characters(protected, output) \
        or _check_substituted(protected, output) or _check_marks(protected, output)


# Punctuation that binds to the protected text beside it: "%s: Der Präsident", "(AT&amp;T)".
_BOUND_AFTER = frozenset(":;)]")
_BOUND_BEFORE = frozenset("([")


def _check_neighbours(protected: Protected, output: str) -> str:
    """A placeholder written against a word in the source (no space between: "Sanktionen{1}")
    written against a word in the output too, and the punctuation bound to it (`%s:`) kept
    beside it. The fixture model wrote "die Sanktionen{1} heute" as "criticizes {1} today" and
    "{1}: Der Präsident trifft" as "{1} meets": the span left its word, or took the words
    beside it with it, and restore put it back in a place the source does not have. Markup
    that opens or closes words is held to its outer side only (restore hugs the inner one)."""
    for token in protected.tokens:
        if token.partner or single_tag(token.source):  # a `<br>` between words is white space, not a word's
            continue
        source_at, output_at = protected.text.index(token.placeholder), output.index(token.placeholder)
        size = len(token.placeholder)
        source_before, source_after = protected.text[source_at - 1:source_at], protected.text[
            source_at + size:source_at + size + 1]
        output_before, output_after = output[output_at - 1:output_at], output[output_at + size:output_at + size + 1]
        if token.role != "close" and source_before.isalnum() and not output_before.isalnum() \
                or token.role != "open" and source_after.isalnum() and not output_after.isalnum():
            return f"moved {_describe(token)} off the word it is written against"
        if token.role in ("open", "close"):
            continue
        if source_after in _BOUND_AFTER and output[output_at + size:].lstrip()[:1] != source_after:
            return f"lost the {source_after!r} after {_describe(token)}"
        if source_before in _BOUND_BEFORE and output[:output_at].rstrip()[-1:] != source_before:
            return f"lost the {source_before!r} before {_describe(token)}"
    return ""


# An output with fewer words than this share of its source's lost some (German into English
# or French writes about as many words or more); a check for languages that write words apart.
_WORDS_KEPT = 0.7
_LETTERS_PER_WORD = 15  # more letters than this per white-space-separated word: a script that does not write words apart


def _check_words_kept(protected: Protected, output: str) -> str:
    """Where a placeholder stands between words in the source (`die Sanktionen {1} heute`), the
    output holds most of the source's words: the fixture model, trained with `{N}` for names,
    wrote "criticizes {1} today" for it, the words beside the placeholder swallowed, and
    every placeholder in its place. Counted only for sentences of 4 words or more, in scripts that
    write words apart."""
    between_words = [token for token in protected.tokens if token.role in ("atom", "term") and _between_words(
        protected.text, token.placeholder)]
    if not between_words:
        return ""
    source_words, output_words = _words(protected.text), _words(output)
    letters = sum(map(str.isalpha, output))
    if len(source_words) < 4 or letters > _LETTERS_PER_WORD * max(1, len(output.split())):
        return ""
    if len(output_words) < _WORDS_KEPT * len(source_words):
        return (f"lost words beside {_describe(between_words[0])} ({len(output_words)} words for the "
                f"source's {len(source_words)})")
    return ""


def _between_words(text: str, placeholder: str) -> bool:
    at = text.index(placeholder)
    before, after = PLACEHOLDER.sub("", text[:at]).rstrip(), PLACEHOLDER.sub("", text[at + len(placeholder):]).lstrip()
    return before[-1:].isalpha() and after[:1].isalpha()


def _words(text: str) -> list[str]:
    return [word for word in PLACEHOLDER.sub(" ", text).split() if any(map(str.isalpha, word))]


def _counted_placeholders(count: int) -> str:
    return f"{count} placeholder" if count == 1 else f"{count} placeholders"


def _check_marks(protected: Protected, output: str) -> str:
    """Each word a directional mark is written against (protect._anchored_marks) once in the
    output, so restore knows where the mark goes."""
    for word in dict.fromkeys(mark.word for mark in protected.marks):
        found = len(whole_word(word).findall(output))
        if found != 1:
            mark = next(mark for mark in protected.marks if mark.word == word)
            return f"wrote {word!r} {_times(found)} instead of 1 (the word {describe_span(mark.written)} is written against)"
    return ""


def _marked(protected: Protected, output: str) -> str:
    """The directional marks written back against their words, on the side the source wrote them."""
    for word in dict.fromkeys(mark.word for mark in protected.marks):
        before = "".join(mark.written for mark in protected.marks if mark.word == word and not mark.after)
        after = "".join(mark.written for mark in protected.marks if mark.word == word and mark.after)
        output = whole_word(word).sub(lambda found: before + found.group(0) + after, output, count=1)
    return output


def _check_wordless_markup(protected: Protected, output: str) -> str:
    """Inside markup that held no words in the source (the `1` of a footnote's
    `<sup><a>1</a></sup>`, between `<b><i>`), the output holds the same digits and no words: the
    fixture model wrote a footnote marker's `{1}{2}1{3}{4} Der Minister …` as `{1}the
    minister{2}meets{3}the president{4}`, every placeholder in its order and the "1" gone.
    Between one element's end and the next one's start (`</b> <i>`) a translation may put
    words where the source had only a space; there only digits are held to the source's.
    (Checked once the markup is known to be in the source's order: both sides have the same
    neighbours.)"""
    roles = {token.placeholder: token.role for token in protected.tokens
             if token.role in ("open", "close") and not token.partner}
    if len(roles) < 2:
        return ""
    for (left, right, source), (_, _, translated) in zip(_between_markup(protected.text, roles),
                                                         _between_markup(output, roles)):
        if any(character.isalpha() for character in source):
            continue
        kept, written = _digits_and_words(source), _digits_and_words(translated)
        between_elements = roles[left] == "close" and roles[right] == "open"
        if kept != written and (kept or not between_elements):
            return f"moved the markup around {source.strip()!r}" if kept else "moved the markup onto other words"
    return ""


def _between_markup(text: str, markup: dict[str, str]) -> list[tuple[str, str, str]]:
    """(left, right, the text between them) for each two neighbouring placeholders of `markup`
    in `text`, other placeholders taken out of the text."""
    between: list[tuple[str, str, str]] = []
    left = ""
    pieces: list[str] = []
    position = 0
    for match in PLACEHOLDER.finditer(text):
        pieces.append(text[position:match.start()])
        position = match.end()
        if match.group(0) in markup:
            if left:
                between.append((left, match.group(0), "".join(pieces)))
            left, pieces = match.group(0), []
    return between


def _digits_and_words(text: str) -> str:
    return "".join(character for character in text if character.isalnum())


def _check_characters(protected: Protected, output: str) -> str:
    """Each entity sent as its character (protect.decodable) as often in the output as in the
    source: the character occurs nowhere else in the sentence, so every one is one of them."""
    expected = Counter(token.placeholder for token in protected.characters)
    for character, count in expected.items():
        found = output.count(character)
        if found != count:
            spelling = next(token.source for token in protected.characters if token.placeholder == character)
            return f"wrote {spelling!r} {_times(found)} instead of {count}"
    return ""


def _encode_characters(protected: Protected, output: str) -> str:
    """The decoded entities back in the spelling the source wrote ("AT&T" -> "AT&amp;T"), in the
    engine's output, before the placeholders bring back protected text that may hold the same
    character raw (a URL's "&")."""
    spelling = {token.placeholder: token.source for token in protected.characters}
    return "".join(spelling.get(character, character) for character in output) if spelling else output


def _check_substituted(protected: Protected, output: str) -> str:
    """Each stand-in once in the output and no other trace of any stand-in, and each term
    written in its target form as often as in the source. Longer forms are counted first, so
    "Trump" is not found again inside "Trump's"."""
    terms = protected.substituted
    text = output
    for token in terms:
        if token.placeholder:
            pattern = _standin(token)
            found = len(pattern.findall(text))
            if found != 1:
                return f"wrote {token.label} {_times(found)} instead of 1"
            text = pattern.sub(" ", text)
    leaked = _leaked_standin(protected.foreign_standins, text)
    if leaked:
        return f"wrote {leaked!r}, a stand-in's trace where no term stands"
    expected = Counter(token.output for token in terms if not token.placeholder)
    text = output
    for form in sorted(expected, key=len, reverse=True):
        pattern = re.compile(rf"(?<!\w){re.escape(form)}(?!\w)")
        found = len(pattern.findall(text))
        if found != expected[form]:
            label = next(token.label for token in terms if token.output == form)
            return f"wrote {label} {_times(found)} instead of {expected[form]}"
        text = pattern.sub(" ", text)
    return ""


def _leaked_standin(names: tuple[str, ...], text: str) -> str:
    """The word of `text` that holds a stand-in name or its long prefix, in any case: a second
    copy, a possessive the source lacks, letters glued on ("Schmidtin", "Zimmermannuch"), or a
    stand-in the sentence never had. Those would survive restore as garbage; "" when none."""
    if not names or not _any_standin(names).search(text):  # most outputs: one search, not one per name
        return ""
    for name in names:
        found = re.search(rf"\w*{re.escape(standin_piece(name))}[\w'’]*", text, re.IGNORECASE)
        if found:
            return found.group(0)
    return ""


@lru_cache(maxsize=256)  # a run's sentences mostly share one tuple of stand-ins the model must not write
def _any_standin(names: tuple[str, ...]) -> re.Pattern[str]:
    """Matches where any of _leaked_standin's searches would: the same pieces, the same case rule."""
    return re.compile("|".join(re.escape(standin_piece(name)) for name in names), re.IGNORECASE)


def _describe(token: Token) -> str:
    return token.label or describe_span(token.source)


def describe_span(text: str) -> str:
    """`text` quoted, for a note an editor reads on one line: each character a reader cannot
    see (a no-break space, a line break, a joiner, a private-use character) written as its code
    point and name, `⟨U+00A0 NO-BREAK SPACE⟩`; one such character alone, unquoted. (repr() wrote
    `'\\xa0'`, and an empty span `''`.)"""
    if len(text) == 1 and _invisible(text):
        return _named(text)
    return "'" + "".join(_named(character) if _invisible(character) else character for character in text) + "'"


def _invisible(character: str) -> bool:
    """Not a plain space, and shown as nothing or as white space (categories Z and C)."""
    return character != " " and unicodedata.category(character)[0] in "ZC"


def _named(character: str) -> str:
    name = unicodedata.name(character, "")
    return f"⟨U+{ord(character):04X}{' ' + name if name else ''}⟩"


_WORD = re.compile(r"\w")
_SPACES = re.compile(r"\s*")


def restore(protected: Protected, output: str) -> str:
    """Put the protected spans back into verified engine output (each placeholder once): markup
    hugs the text it wraps ("{1} word" -> "{1}word" for an opening one), a protected word stays
    a word ("{2}the" -> "{2} the"). One pass over the output; a regex substitution per
    placeholder made a sentence with thousands of URLs quadratic."""
    output = _marked(protected, _encode_characters(protected, _capital_after_partner(protected, output)))
    by_placeholder = {token.placeholder: token for token in protected.tokens}
    out: list[str] = []
    opened: list[int] = []  # where in `out` the words of each open markup begin
    last = ""  # the last character written, with placeholders counted as written ("}")
    position = 0
    for match in PLACEHOLDER.finditer(output):
        token = by_placeholder.get(match.group(0))
        gap = output[position:match.start()]
        if token is not None and token.role == "close" and not token.partner:
            gap = gap.rstrip()
            if token.inner_space and (gap or out):  # `gestern </em>nichts`: the words stay apart
                gap += " "
        if gap:
            out.append(gap)
            last = gap[-1]
        if token is None:  # not ours: left as the engine wrote it
            out.append(match.group(0))
        elif token.partner:  # written as nothing, the spaces around it as they are
            position = match.end()
            continue
        else:
            word = token.role not in ("open", "close") and not token.glued  # a whole word in the source
            if word and _WORD.match(last):
                out.append(" ")
            words = "".join(out[opened.pop():]) if token.role == "close" and opened else None
            out.append(_closing_markup(token, words))
            if token.inner_space and token.role == "open":  # `Der<b> Präsident`: the words stay apart
                out.append(" ")
            if token.role == "open":
                opened.append(len(out))
            if (word or token.spaced) and _WORD.match(output[match.end():match.end() + 1]):
                out.append(" ")  # "{2}the" is "</abbr> the" when the source had a space after the tag
        last = "}"
        position = match.end()
        if token is not None and token.role == "open":
            position = _SPACES.match(output, position).end()
    out.append(output[position:])
    return protected.lead + _inset(protected, _replace_standins(protected, "".join(out)).strip()) + protected.trail


def _inset(protected: Protected, text: str) -> str:
    """`text` with the markers the source wrote before its final punctuation (protect's
    `_final_markers`) back before the translation's final punctuation, or at its end."""
    if not protected.inset:
        return text
    at = FINAL_PUNCTUATION.search(text.rstrip()).start()
    return text[:at].rstrip() + protected.inset + text[at:]


def _capital_after_partner(protected: Protected, output: str) -> str:
    """The output's first letter a capital where the sentence's is and the engine saw an
    invisible partner before it (protect._partnered): a model writes a sentence-initial
    pair's words in lower case ("{1}Der Minister{2} trifft" -> "{1}the minister{2} meets"),
    and here the pair is one the source does not show."""
    first = protected.tokens[0] if protected.tokens else None
    if first is None or not first.partner or not protected.text.startswith(first.placeholder):
        return output
    source_letter = next((character for character in protected.text if character.isalpha()), "")
    at = next((at for at, character in enumerate(output) if character.isalpha()), -1)
    if not source_letter.isupper() or at < 0 or not output[at].islower():
        return output
    return output[:at] + output[at].upper() + output[at + 1:]


def _closing_markup(token: Token, words: str | None) -> str:
    """What a placeholder becomes: its output, but a collapsed Markdown reference `[text][]`
    whose words came back as they were stays collapsed (its output names the definition, for
    words that changed: `[sanctions][Sanktionen]`)."""
    if token.source == "][]" and words is not None and words == token.output[2:-1]:
        return token.source
    return token.output


def _replace_standins(protected: Protected, text: str) -> str:
    """Each stand-in name gives way to its term's form, with the possessive when it has one, in
    one pass: one after another, a term whose form is another's stand-in ("Schmitt -> Schmidt"
    beside "Lawrow" standing as "Schmidt") was replaced a second time."""
    by_name = {token.placeholder: token for token in protected.substituted if token.placeholder}
    if not by_name:
        return text
    names = "|".join(re.escape(name) for name in sorted(by_name, key=len, reverse=True))
    pattern = re.compile(rf"(?<!\w)(?P<name>{names})(?P<possessive>'s|’s|'|’)?(?![\w'’])")

    def term_form(match: re.Match[str]) -> str:
        token = by_name[match.group("name")]
        return token.output if _standin(token).fullmatch(match.group(0)) else match.group(0)

    return pattern.sub(term_form, text)


def _standin(token: Token) -> re.Pattern[str]:
    """A stand-in as a word of its own, with an English possessive only where the source had
    a genitive: "Müller'sfut" or "Müller's" for "CNN erfuhr" is not the term's form."""
    possessive = r"(?:'s|’s|'|’)?" if token.ending and token.output.endswith(("'s", "'", "’s", "’")) else ""
    return re.compile(rf"(?<!\w){re.escape(token.placeholder)}{possessive}(?![\w'’])")


def _last_character(parts: list[str]) -> str:
    for part in reversed(parts):
        if part:
            return part[-1]
    return ""


def pieces(protected: Protected) -> list[str]:
    """The text between placeholders that still needs translating, without its edges (`edges`)."""
    return [_as_sentence(edges(part)[1]) for part in PLACEHOLDER.split(protected.text)[::2] if _translatable(part)]


def _unless_runaway(core: str, translation: str) -> str:
    """The translation of a piece, or the piece itself where the model ran on to its length
    limit (the naive model wrote "In" as "In In In.6 In In ..."): its own words read better."""
    return core if runs_away(core, translation) else translation


def runs_away(source: str, translation: str) -> bool:
    """The model ran on: more than twice the words of what it was given, and two more."""
    return len(translation.split()) > 2 * len(source.split()) + 2


def kept_as_written(protected: Protected, translated_pieces: dict[str, str]) -> list[str]:
    """The pieces `assemble` keeps in the source language (see _unless_runaway): the sentence's
    note names them, so an editor is not left to find source words inside a translation."""
    cores = (edges(part)[1] for part in PLACEHOLDER.split(protected.text)[::2] if _translatable(part))
    return [core for core in cores if runs_away(core, translated_pieces.get(_as_sentence(core), core))]


def _as_sentence(core: str) -> str:
    """A piece as the engine gets it: ending as a sentence does. A model trained on sentences
    runs on after a fragment without a full stop ("In" -> "In In In In ..."); the full stop
    is taken off its translation again (assemble)."""
    return core if core[-1:] in _SENTENCE_END else core + "."


_SENTENCE_END = frozenset(".!?…")


def edges(part: str) -> tuple[str, str, str]:
    """(leading, core, trailing): the white space and punctuation at a piece's edges are copied
    through, only the core goes to the engine. A model drops punctuation that opens or ends a
    fragment: "“ sagt, er" came back without its quote, "Die Regierung (" without its bracket.
    The core keeps a full stop at its end (a model garbles a sentence without one), and an
    apostrophe or hyphen that begins a word ("'s Plan", "-Gespräche" of a compound with a
    term, which English writes apart)."""
    start = 0
    while start < len(part) and _edge(part[start]) and not (
            part[start] in "'’-‐" and part[start + 1:start + 2].isalpha()):
        start += 1
    end = len(part)
    while end > start and _edge(part[end - 1]) and part[end - 1] not in _SENTENCE_END:
        end -= 1
    return part[:start], part[start:end], part[end:]


def _edge(character: str) -> bool:
    return character.isspace() or unicodedata.category(character).startswith("P")


def _translatable(part: str) -> bool:
    return any(ch.isalpha() for ch in part)


_INVENTED_POSSESSIVE = re.compile(r"^(?:'s|’s)(?!\w)")


def assemble(protected: Protected, translated_pieces: dict[str, str]) -> str:
    """Rebuild the sentence from separately translated pieces and the protected spans."""
    parts = PLACEHOLDER.split(protected.text)
    by_number = {token.placeholder: token for token in protected.tokens}
    out: list[str] = []  # joined once at the end: adding to one string is quadratic in its length
    for index, part in enumerate(parts):
        if index % 2 == 1:
            _glue(out, by_number["{%s}" % part].output)
        elif _translatable(part):
            leading, core, trailing = edges(part)
            # placeholders a model invents inside a piece are dropped
            piece = PLACEHOLDER.sub("", _unless_runaway(core, translated_pieces.get(_as_sentence(core), core))).strip()
            if core[-1:] not in _SENTENCE_END:  # a fragment's full stop was the model's ("The government.")
                piece = piece.rstrip("".join(_SENTENCE_END)).rstrip()
            if index and by_number["{%s}" % parts[index - 1]].role == "term" and not part.startswith(("'", "’")):
                # a term's genitive is part of its span and its form: a possessive the piece
                # after it begins with was invented ("Klitschko" + "'s talks")
                piece = _INVENTED_POSSESSIVE.sub("", piece).strip()
            out.append(leading)
            _glue(out, piece)
            out.append(trailing)
        else:
            out.append(part)
    return protected.lead + _inset(protected, "".join(out).strip()) + protected.trail


def _glue(out: list[str], right: str) -> None:
    """Append, keeping words apart where a piece lost the punctuation between them."""
    last = _last_character(out)
    if last and right and (last.isalnum() or last in ".!?") and right[0].isalnum():
        out.append(" ")
    out.append(right)


def tidy(text: str, source: str = "", target: str = "") -> str:
    """Double spaces a model leaves where it dropped a word next to a placeholder, and a full
    stop it put after a `source` that ends in a word (a heading, a title: models trained on
    sentences end everything with one, "# The president meets the minister in Berlin."), also
    inside the brackets or markup that close it (a Markdown image's alt text alone in
    its paragraph, "![Der Präsident in Berlin](x.jpg)", came back "![The president in
    Berlin.](x.jpg)", where HTML's alt attribute, an entry of its own, had none), or put in
    place of the colon, question mark or exclamation mark the source ends with."""
    text = re.sub(r"[ \t]{2,}", " ", text)
    unstopped = without_full_stop(text)
    if source[-1:].isalnum():
        return unstopped
    if source[-1:] in ")]*_>" and source[:_MARKUP_CLOSERS_AT_END.search(source).start()][-1:].isalnum():
        stop = _STOP_BEFORE_MARKUP.search(text)
        return text[:stop.start()].rstrip() + stop.group(1) if stop else text
    if source.endswith(":"):
        # a heading that leads into what follows ("Neue Gespräche in Genf:")
        return unstopped + _space_before(":", target) + ":" if unstopped != text else text
    return _with_source_marks(text, source, target)


def _with_source_marks(text: str, source: str, target: str) -> str:
    """`text` with the question or exclamation marks `source` ends with (before any closing
    quotes, brackets or emphasis) in place of a full stop the model wrote there. The fixture
    model ends "Der Präsident trifft den Minister in Berlin!" with a full stop. Only in Latin or
    Cyrillic letters: other scripts write these marks otherwise (Greek ";", Arabic "؟", Chinese
    "？"), and Spanish would need its opening "¿" or "¡" too: there the model's full stop stays."""
    marks = _MARKS_AT_END.search(source)
    if not marks or target in _INVERTED_MARKS:
        return text
    stop = _STOP_AT_END.search(text)
    if not stop or not _latin_or_cyrillic_end(text[:stop.start()]):
        return text
    before = text[:stop.start()].rstrip()
    return before + _space_before(marks.group(1), target) + marks.group(1) + stop.group(1)


# what may close a sentence after its last mark: quotes, brackets, Markdown emphasis and link
# targets, closing tags
_CLOSERS = r"(?:[\"'“”„»«’‘)\]*_]|\]\([^()\s]*\)|</[A-Za-z][^<>]*>)*"
_MARKS_AT_END = re.compile(rf"([?!]+){_CLOSERS}$")
_STOP_AT_END = re.compile(rf"(?<![.?!])\.({_CLOSERS})$")
# the markup that may close a fragment after its last word: brackets, Markdown emphasis, link
# and image targets (with a title), closing tags; not quotes, inside which English sets the
# full stop of a sentence that ends in a quotation (`He said: “We are coming.”`)
_MARKUP_CLOSERS_AT_END = re.compile(r"(?:[)\]*_]|\]\([^()\s]*(?:\s+\"[^\"]*\")?\)|</[A-Za-z][^<>]*>)*$")
_STOP_BEFORE_MARKUP = re.compile(r"(?<![.?!])\.((?:[)\]*_]|\]\([^()\s]*(?:\s+\"[^\"]*\")?\)|</[A-Za-z][^<>]*>)*)$")
_INVERTED_MARKS = frozenset({"es", "gl", "ast"})  # languages that open a question or exclamation with ¿ or ¡


def _space_before(mark: str, target: str) -> str:
    """French sets a colon after a no-break space and "?" and "!" after a narrow one."""
    if target.split("_")[0] != "fr":
        return ""
    return "\u00a0" if mark == ":" else "\u202f"


def _latin_or_cyrillic_end(text: str) -> bool:
    """Does `text`'s last letter belong to the Latin or Cyrillic script (which end a question
    with "?" and an exclamation with "!")?"""
    letter = next((character for character in reversed(text) if character.isalpha()), "")
    return unicodedata.name(letter, "").startswith(("LATIN", "CYRILLIC"))


def without_full_stop(text: str) -> str:
    """`text` without the one full stop it ends with; an ellipsis ("..") stays."""
    return text[:-1].rstrip() if text.endswith(".") and not text.endswith("..") else text


def _times(count: int) -> str:
    """"1 time", "0 times", "2 times": how often the engine wrote a protected thing."""
    return f"{count} time" if count == 1 else f"{count} times"
