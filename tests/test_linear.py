"""Paths that used to grow quadratically give the same answers as the simple loops they replaced."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from uebersetzer.protect import Span, select


def select_by_scanning(spans: list[Span]) -> list[Span]:
    """The loop select() replaced: each span checked against every span chosen so far."""
    chosen: list[Span] = []
    for span in spans:
        if all(span.end <= other.start or span.start >= other.end for other in chosen):
            chosen.append(span)
    return sorted(chosen, key=lambda span: span.start)


spans = st.lists(st.tuples(st.integers(0, 60), st.integers(0, 12)).map(
    lambda pair: Span(pair[0], pair[0] + pair[1], "x", "atom")), max_size=30)


@settings(max_examples=300, deadline=None)
@given(spans)
def test_select_keeps_the_same_spans_as_checking_every_chosen_one(candidates):
    assert select(candidates) == select_by_scanning(candidates)
