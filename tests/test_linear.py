"""Paths that used to grow quadratically give the same answers as the simple loops they replaced."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from uebersetzer.protect import PLACEHOLDER, Protected, Span, Token, select
from uebersetzer.restore import restore


def select_by_scanning(spans: list[Span]) -> list[Span]:
    """The loop select() replaced: each span checked against every span chosen so far."""
    chosen: list[Span] = []
    for span in spans:
        if all(span.end <= other.start or span.start >= other.end for other in chosen):
            chosen.append(span)
    return sorted(chosen, key=lambda span: span.start)


spans = st.lists(st.tuples(st.integers(0, 60), st.integers(0, 12)).map(
    lambda pair: Span(pair[0], pair[0] + pair[1], "x", "atom")), max_size=30)


@settings(max_examples=150, deadline=None)
@given(spans)
def test_select_keeps_the_same_spans_as_checking_every_chosen_one(candidates):
    assert select(candidates) == select_by_scanning(candidates)


def restore_by_substituting(protected: Protected, output: str) -> str:
    """The loop restore() replaced: one regex substitution over the whole text per placeholder."""
    text = output
    for token in protected.tokens:
        if token.role == "open":
            text = re.sub(re.escape(token.placeholder) + r"\s*", lambda _m: token.placeholder, text)
        elif token.role == "close":
            text = re.sub(r"\s*" + re.escape(token.placeholder), lambda _m: token.placeholder, text)
        else:
            text = re.sub(r"(?<=\w)" + re.escape(token.placeholder), " " + token.placeholder, text)
            text = re.sub(re.escape(token.placeholder) + r"(?=\w)", token.placeholder + " ", text)
    by_placeholder = {token.placeholder: token.output for token in protected.tokens}
    return PLACEHOLDER.sub(lambda m: by_placeholder.get(m.group(0), m.group(0)), text).strip()


roles = st.lists(st.sampled_from(["open", "close", "atom", "term"]), min_size=1, max_size=6)


@settings(max_examples=150, deadline=None)
@given(roles, st.data())
def test_restore_in_one_pass_gives_what_one_substitution_per_placeholder_gave(token_roles, data):
    tokens = tuple(Token("{%d}" % n, f"src{n}", f"out{n}" if role in ("atom", "term") else "**", role)
                   for n, role in enumerate(token_roles, start=1))
    filler = st.lists(st.sampled_from(["Wort", "der", " ", "  ", "\n", ".", ",", "ä", "-"]), max_size=3).map("".join)
    order = data.draw(st.permutations([token.placeholder for token in tokens]))  # verified: each once
    output = "".join(data.draw(filler) + placeholder for placeholder in order) + data.draw(filler)
    protected = Protected("", tokens)
    assert restore(protected, output) == restore_by_substituting(protected, output)
