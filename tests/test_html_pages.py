"""HTML pages as Drupal and WordPress write them (try-out faults): code embedded right after a
full stop, the page's alternate locales, a Drupal media caption. Read through the pseudo
engine, which accents every letter it is given."""

from __future__ import annotations

import pytest

from tests.engines.test_argos import argos_env, package_folder  # noqa: F401  (fixtures: the real small models)
from tests.formats.pseudo import msgids, pseudo_rendered, segmented
from uebersetzer.engines.pseudo import PseudoEngine, pseudo_localize

PRESIDENT = "Der Präsident trifft den Minister in Berlin."
MINISTER = "Der Minister trifft den Präsidenten in Berlin."
EMBEDDED = ['<script>window.x="Der Präsident kommt.";</script>', "<style>p.x { content: 'Der Minister.'; }</style>",
            '<svg class="icon" aria-hidden="true"><use href="#clock"></use></svg>',
            "<!-- Quelle: dpa! -->"]  # an editor's note: between two sentences, it made them one


@pytest.mark.parametrize("embedded", EMBEDDED)
@pytest.mark.parametrize("before, after", [("", " "), (" ", ""), (" ", " ")])
def test_code_embedded_between_two_sentences_keeps_the_spaces_it_had_on_each_side(embedded, before, after):
    """`kommt.<script>…</script> Dann`: a space was added before the script. A comment there is
    no part of either sentence either."""
    text = f"<p>{PRESIDENT}{before}{embedded}{after}{MINISTER}</p>\n"
    assert [msgid.replace(embedded, "").strip() for msgid in msgids(text, "a.html")] == [PRESIDENT, MINISTER]
    written = pseudo_rendered(text, "a.html")
    assert written == f"<p>{pseudo_localize(PRESIDENT)}{before}{embedded}{after}{pseudo_localize(MINISTER)}</p>\n"


def _head(locale: str, *alternates: str) -> str:
    metas = "".join(f'<meta property="og:locale:alternate" content="{alternate}">\n' for alternate in alternates)
    return (f'<!DOCTYPE html>\n<html lang="de">\n<head>\n<meta property="og:locale" content="{locale}">\n{metas}'
            f"<title>Gipfel</title>\n</head>\n<body>\n<p>{PRESIDENT}</p>\n</body></html>\n")


def _locales(page: str) -> tuple[str, list[str]]:
    import re

    return (re.search(r'property="og:locale" content="([^"]*)"', page).group(1),
            re.findall(r'property="og:locale:alternate" content="([^"]*)"', page))


@pytest.mark.parametrize("alternates, target, locale, written", [
    # the target's edition named among the others: the source's edition takes its place
    (["en_US", "fr_FR"], "en", "en_US", ["de_DE", "fr_FR"]),
    (["fr_FR", "en_US"], "fr", "fr_FR", ["de_DE", "en_US"]),
    (["en-us"], "en", "en_US", ["de_DE"]),
    # the site's edition in the target's language names its country: the output is that edition
    (["en_GB"], "en", "en_GB", ["de_DE"]),
    (["en_GB", "en_US"], "en", "en_GB", ["de_DE", "en_US"]),
    # no edition in the target's language: the other editions stay as they are
    (["fr_FR", "it_IT"], "en", "en_US", ["fr_FR", "it_IT"]),
    (["pt_BR"], "pt", "pt_PT", ["pt_BR"]),
])
def test_the_alternate_locales_name_the_other_editions_never_the_outputs_own(alternates, target, locale, written):
    page = _head("de_DE", *alternates)
    assert _locales(pseudo_rendered(page, "a.html", target=target)) == (locale, written)


def test_an_untranslated_page_keeps_its_alternate_locales():
    page = _head("de_DE", "en_US").replace(f"<p>{PRESIDENT}</p>", "<p>2026</p>").replace("Gipfel", "2026")
    assert pseudo_rendered(page, "a.html") == page


def test_without_og_locale_the_alternate_naming_the_output_becomes_the_source_languages_locale():
    page = _head("de_DE", "en_US").replace('<meta property="og:locale" content="de_DE">\n', "")
    written = pseudo_rendered(page, "a.html")
    assert 'property="og:locale:alternate" content="de_DE"' in written and "en_US" not in written


DRUPAL_MEDIA = ('<drupal-media data-entity-type="media" data-entity-uuid="5d1f-77" data-align="center" '
                'data-caption="{caption}"></drupal-media>')


def test_a_drupal_media_caption_is_an_entry_of_its_own_and_its_other_attributes_stay():
    """Drupal's editor writes an embedded image's caption into `data-caption`; readers see it
    under the image, as a figcaption's text."""
    media = DRUPAL_MEDIA.format(caption="Der Präsident in Berlin")
    page = f"<html><body>\n<p>{PRESIDENT}</p>\n{media}\n</body></html>\n"
    article = segmented(page, "a.html")
    captions = [block for block in article.blocks if block.segments and "Präsident in" in block.text]
    assert [(block.label, block.text) for block in captions] == [("media caption 1", "Der Präsident in Berlin")]
    written = pseudo_rendered(page, "a.html")
    assert DRUPAL_MEDIA.format(caption=pseudo_localize("Der Präsident in Berlin")) in written


def test_a_drupal_caption_is_html_read_as_a_caption_s_text_and_written_back_escaped():
    """The caption is HTML escaped into the attribute (Drupal's filter_caption): the editor sees
    its link as markup, the engine a pair of placeholders, and the output escapes it again, so
    that no quote or `<` the translation brings can end the attribute."""
    caption = "Foto: &lt;a href=&quot;https://dpa.example/x?a=1&amp;amp;b=2&quot;&gt;dpa&lt;/a&gt; vom Gipfel"
    page = f"<html><body>\n{DRUPAL_MEDIA.format(caption=caption)}\n</body></html>\n"
    assert msgids(page, "a.html") == ['Foto: <a href="https://dpa.example/x?a=1&amp;b=2">dpa</a> vom Gipfel']
    written = pseudo_rendered(page, "a.html")
    start = written.index('data-caption="') + len('data-caption="')
    value = written[start:written.index('"', start)]
    words = pseudo_localize("Foto:")[:-1] + " "
    assert value == (f"{words}&lt;a href=&quot;https://dpa.example/x?a=1&amp;amp;b=2&quot;&gt;"
                     f"{pseudo_localize('dpa')[1:-1]}&lt;/a&gt; {pseudo_localize('vom Gipfel')[1:]}"), value
    assert written.replace(value, caption) == page.replace("<html>", '<html lang="en">')


class QuotingEngine(PseudoEngine):
    """Answers every sentence with quotes of both kinds and a `<` in its words."""

    def translate(self, sentences, source, target):
        return ['The "president" in Berlin\'s < 5' for _ in sentences]


def test_quotes_and_a_less_than_sign_in_a_translated_drupal_caption_cannot_end_its_attribute():
    page = f"<html><body>\n{DRUPAL_MEDIA.format(caption='Der Präsident in Berlin')}\n</body></html>\n"
    written = pseudo_rendered(page, "a.html", engine=QuotingEngine())
    assert 'data-caption="The &quot;president&quot; in Berlin&#x27;s &amp;lt; 5"></drupal-media>' in written


def test_the_reported_script_after_a_full_stop_through_the_real_model(argos_env):
    from uebersetzer.engines import create_engine

    script = '<script>window.x="Der Präsident kommt.";</script>'
    text = f"<p>{PRESIDENT}{script} {MINISTER}</p>\n"
    written = pseudo_rendered(text, "a.html", engine=create_engine("argos"))
    assert written == (f"<p>The president meets the minister in Berlin.{script} "
                       "The minister meets the president in Berlin.</p>\n")
