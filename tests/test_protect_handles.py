"""Social handles, hashtags and domains with a path are kept verbatim like URLs, and a
translation that lost one is flagged (a new user's try-out: `Folgen Sie @dpa_news auf X.`
came back as `The parliament says that the newspaper`, and nothing said so)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from uebersetzer.formats.html import inline_spans as html
from uebersetzer.formats.markdown import inline_spans as markdown
from uebersetzer.protect import plain_spans, protect
from uebersetzer.qa import Sentence, check_sentence

KEPT = ["@dpa_news", "#Gipfel2024", "spiegel.de/politik/gipfel-a-123.html", "pic.twitter.com/AbC123",
        "@dpa@mastodon.social", "@dpa.bsky.social", "#Klimawandel", "tagesschau.de/"]


@pytest.mark.parametrize("kept", KEPT)
@pytest.mark.parametrize("markup", [plain_spans, markdown, html], ids=["text", "markdown", "html"])
def test_handles_hashtags_and_domains_with_a_path_are_placeholders(kept, markup):
    protected = protect(f"Mehr dazu unter {kept}, sagte sie.", markup=markup)
    assert protected.text == "Mehr dazu unter {1}, sagte sie."
    assert [token.source for token in protected.tokens] == [kept]


@pytest.mark.parametrize("sentence, kept", [
    ("Folgen Sie @dpa_news.", ["@dpa_news"]),  # the full stop is the sentence's
    ("Quelle: (spiegel.de/politik/a-1.html).", ["spiegel.de/politik/a-1.html"]),
    ("Siehe [pic.twitter.com/AbC123]!", ["pic.twitter.com/AbC123"]),
    ("Schreiben Sie an info@dpa.de oder @dpa.", ["info@dpa.de", "@dpa"]),  # an address stays one
    ("Er ist die Nummer #1 und spielt C# in F#-Dur.", []),  # no letter, or inside a word: no tag
    ("Preis: 5 € @ Stück, und/oder z.B./etwa 50 % der Stimmen.", []),
    ("Das &#x41; bleibt.", ["&#x41;"]),  # an entity, not a hashtag
])
def test_what_is_and_is_not_a_handle_tag_or_path(sentence, kept):
    assert [token.source for token in protect(sentence, decode_entities=False).tokens] == kept


def test_the_pseudo_engine_never_sees_them(run, tmp_path):
    article = tmp_path / "s.txt"
    article.write_text("Social\n\nFolgen Sie @dpa_news auf X.\n\nDer Gipfel #Gipfel2024 beginnt "
                       "(spiegel.de/politik/gipfel-a-123.html).\n\nFoto: pic.twitter.com/AbC123\n")
    result = run("translate", article, "--to", "en", "--from", "de", "--engine", "pseudo", "--out", tmp_path / "o")
    assert result.code == 0, result.err
    written = (tmp_path / "o" / "en" / "s.txt").read_text()
    for kept in ("@dpa_news", "#Gipfel2024", "spiegel.de/politik/gipfel-a-123.html", "pic.twitter.com/AbC123"):
        assert kept in written
    assert "qa:" not in result.out


@pytest.mark.parametrize("kept", KEPT)
def test_qa_flags_a_translation_that_lost_one(kept):
    problems = check_sentence(Sentence(f"Folgen Sie {kept} auf X.", "The parliament says that the newspaper.",
                                       "de", "en"))
    assert any(problem.kind == "markup" and kept in problem.message for problem in problems), problems
    assert not [p for p in check_sentence(Sentence(f"Folgen Sie {kept} auf X.", f"Follow {kept} on X.", "de", "en"))
                if p.kind == "markup"]


@settings(max_examples=80, deadline=None)
@given(name=st.from_regex(r"[A-Za-z][A-Za-z0-9_]{0,14}", fullmatch=True),
       before=st.sampled_from(["Folgen Sie ", "(", "„", "Laut "]),
       after=st.sampled_from([".", " auf X.", ")", "“, sagte er.", ", "]))
def test_any_handle_or_tag_comes_through_an_engine_that_copies(name, before, after):
    for kept in (f"@{name}", f"#{name}" if not name.isdigit() else f"@{name}"):
        protected = protect(f"{before}{kept}{after}")
        assert [token.source for token in protected.tokens] == [kept]
        assert kept not in protected.text


def test_the_real_model_keeps_the_handle_and_the_path(run, tmp_path, monkeypatch):
    """The fixture de->en model, which never saw a handle: the handle comes back whole, in the
    model's sentence or through the piecewise fallback."""
    from tests.conftest import FIXTURES
    from uebersetzer import models

    packages = tmp_path / "packages"
    models.install_file(FIXTURES / "models" / "de_en.argosmodel", packages)
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(packages))
    article = tmp_path / "s.txt"
    article.write_text("Folgen Sie @dpa_news auf X.\n\nDer Präsident trifft den Minister in spiegel.de/politik/a-1.html.\n")
    result = run("translate", article, "--to", "en", "--from", "de", "--out", tmp_path / "o")
    assert result.code == 0, result.err
    written = (tmp_path / "o" / "en" / "s.txt").read_text()
    assert "@dpa_news" in written and "spiegel.de/politik/a-1.html" in written
