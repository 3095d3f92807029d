from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from uebersetzer.engines.pseudo import PseudoEngine, pseudo_localize
from uebersetzer.protect import PLACEHOLDER


def test_pseudo_is_accented_bracketed_and_about_30_percent_longer():
    text = "Die Regierung trifft sich heute in Wien, um über das Abkommen zu sprechen."
    out = pseudo_localize(text)
    assert out.startswith("[") and out.endswith("]")
    assert not any(ch in out for ch in "gtkvw")
    assert 1.2 <= len(out) / len(text) <= 1.45


@given(st.lists(st.one_of(st.text(alphabet="abc XYZ.,", max_size=12), st.integers(1, 30).map("{{{}}}".format)),
                max_size=8))
def test_placeholders_pass_unchanged(parts):
    text = "".join(parts)
    [out] = PseudoEngine().translate([text], "de", "en")
    assert PLACEHOLDER.findall(out) == PLACEHOLDER.findall(text)
