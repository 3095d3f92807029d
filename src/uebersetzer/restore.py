"""Restore stage: engine output with placeholders -> final text, verified.

A model may drop, double, invent or reorder placeholders. `check` names such a problem;
the translate stage then falls back to `assemble`, which translates the
text between placeholders piece by piece, so every protected span is kept by
construction, at some cost in fluency. Sentences that needed the fallback are marked
for review.
"""

from __future__ import annotations

import re
from collections import Counter

from uebersetzer.protect import PLACEHOLDER, Protected, Token


def check(protected: Protected, output: str) -> str:
    """Empty when `output` holds each placeholder once and markup in its order; else the problem."""
    found = [int(m.group(1)) for m in PLACEHOLDER.finditer(output)]
    expected = list(range(1, len(protected.tokens) + 1))
    if sorted(found) != expected:
        missing = [protected.tokens[n - 1] for n in expected if found.count(n) == 0]
        if missing:
            return "lost " + ", ".join(_describe(token) for token in missing)
        return "doubled or invented placeholders"
    markup_order = [n for n in found if protected.tokens[n - 1].role in ("open", "close")]
    if markup_order != sorted(markup_order):
        return "reordered the markup"
    return _check_substituted(protected.substituted, output)


def _check_substituted(terms: tuple[Token, ...], output: str) -> str:
    """Each stand-in once in the output, and each term written in its target form as often as
    in the source. Longer forms are counted first, so "Trump" is not found again inside "Trump's"."""
    for token in terms:
        if token.placeholder:
            found = len(re.findall(rf"(?<!\w){re.escape(token.placeholder)}(?!\w)", output))
            if found != 1:
                return f"wrote {token.label} {found} times instead of 1"
    expected = Counter(token.output for token in terms if not token.placeholder)
    text = output
    for form in sorted(expected, key=len, reverse=True):
        pattern = re.compile(rf"(?<!\w){re.escape(form)}(?!\w)")
        found = len(pattern.findall(text))
        if found != expected[form]:
            label = next(token.label for token in terms if token.output == form)
            return f"wrote {label} {found} times instead of {expected[form]}"
        text = pattern.sub(" ", text)
    return ""


def _describe(token: Token) -> str:
    return token.label or repr(token.source)


def restore(protected: Protected, output: str) -> str:
    """Put the protected spans back into verified engine output."""
    text = output
    for token in protected.tokens:
        if token.role == "open":
            text = re.sub(re.escape(token.placeholder) + r"\s*", lambda _m: token.placeholder, text)
        elif token.role == "close":
            text = re.sub(r"\s*" + re.escape(token.placeholder), lambda _m: token.placeholder, text)
        elif not token.glued:  # a whole word in the source: keep it one in the output ("{2}the" -> "{2} the")
            text = re.sub(r"(?<=\w)" + re.escape(token.placeholder), " " + token.placeholder, text)
            text = re.sub(re.escape(token.placeholder) + r"(?=\w)", token.placeholder + " ", text)
    by_placeholder = {token.placeholder: token.output for token in protected.tokens}
    text = PLACEHOLDER.sub(lambda m: by_placeholder.get(m.group(0), m.group(0)), text)
    for token in protected.substituted:
        if token.placeholder:  # a stand-in name: the term's form replaces it, with the possessive when it has one
            possessive = r"(?:'s|’s|'|’)?" if token.ending and token.output.endswith(("'s", "'")) else ""
            text = re.sub(rf"(?<!\w){re.escape(token.placeholder)}{possessive}(?!\w)", lambda _m: token.output, text)
    return text.strip()


def pieces(protected: Protected) -> list[str]:
    """The text between placeholders that still needs translating, stripped."""
    return [part.strip() for part in PLACEHOLDER.split(protected.text)[::2] if _translatable(part)]


def _translatable(part: str) -> bool:
    return any(ch.isalpha() for ch in part)


def assemble(protected: Protected, translated_pieces: dict[str, str]) -> str:
    """Rebuild the sentence from separately translated pieces and the protected spans."""
    parts = PLACEHOLDER.split(protected.text)
    by_number = {token.placeholder: token for token in protected.tokens}
    out = ""
    for index, part in enumerate(parts):
        if index % 2 == 1:
            out = _glue(out, by_number["{%s}" % part].output)
        elif _translatable(part):
            leading = part[: len(part) - len(part.lstrip())]
            trailing = part[len(part.rstrip()):]
            # placeholders a model invents inside a piece are dropped
            piece = PLACEHOLDER.sub("", translated_pieces.get(part.strip(), part.strip())).strip()
            out = _glue(out + leading, piece) + trailing
        else:
            out += part
    return out.strip()


def _glue(left: str, right: str) -> str:
    """Concatenate, keeping words apart where a piece lost the punctuation between them."""
    if left and right and (left[-1].isalnum() or left[-1] in ".!?") and right[0].isalnum():
        return f"{left} {right}"
    return left + right


def tidy(text: str) -> str:
    """Double spaces a model leaves where it dropped a word next to a placeholder."""
    return re.sub(r"[ \t]{2,}", " ", text)
