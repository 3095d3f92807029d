"""HTML `lang` (and `dir`) say the language of the text as written: only translated text gets
the target's; a block kept in its own language (no model for it) keeps the source's attribute,
and one the detect stage found in another language gets that language's."""

from __future__ import annotations

import json

import html5lib

from tests.engines.test_argos import argos_env, package_folder  # noqa: F401  (fixtures: the real small models)

ARTICLE = """<!DOCTYPE html>
<html lang="de"><head><title>Gipfel</title></head><body>
<p>Der Präsident trifft den Minister in Berlin.</p>
<blockquote lang="fr">Le président rencontre le ministre à Paris. Le gouvernement critique les sanctions.</blockquote>
<blockquote lang="ar" dir="rtl"><p>التقى الرئيس بالوزير في برلين لمناقشة العقوبات الجديدة على الحكومة.</p></blockquote>
<p class="zitat">Le président de la République française rencontre aujourd'hui le ministre des affaires étrangères à Paris pour discuter des sanctions.</p>
<p>Der Minister trifft den Präsidenten in Rom.</p>
</body></html>
"""


def languages(markup: str) -> list[tuple[str, str, str]]:
    """(element, lang, dir) of every element that says a language or direction, and the first words inside."""
    root = html5lib.parse(markup, treebuilder="etree", namespaceHTMLElements=False)
    return [(element.tag, element.get("lang", ""), element.get("dir", ""),
             "" if element.tag == "html" else " ".join("".join(element.itertext()).split()[:2]))
            for element in root.iter() if isinstance(element.tag, str) and (element.get("lang") or element.get("dir"))]


def translate(run, tmp_path, *options: str) -> tuple[str, dict]:
    article = tmp_path / "gipfel.html"
    article.write_text(ARTICLE, encoding="utf-8")
    result = run("translate", article, "--to", "en", "--from", "de", "--out", tmp_path / "out", "--json", *options)
    assert result.code == 0, result.err
    return (tmp_path / "out" / "en" / "gipfel.html").read_text(encoding="utf-8"), json.loads(result.out)


def test_blocks_kept_for_want_of_a_model_keep_their_language(run, tmp_path, argos_env):
    written, summary = translate(run, tmp_path)  # the fixture packages: de -> en, no fr -> en, no ar -> en
    assert "The president meets the minister in Berlin." in written
    assert languages(written) == [
        ("html", "en", "", ""),
        ("blockquote", "fr", "", "Le président"),  # was lang="en" over French words
        ("blockquote", "ar", "rtl", "التقى الرئيس"),  # and dir stays the Arabic text's
        ("p", "fr", "", "Le président"),  # detected French, kept: says so
    ]
    assert summary["untranslated"] >= 3


def test_translated_blocks_say_the_target_language(run, tmp_path):
    written, _ = translate(run, tmp_path, "--engine", "pseudo")  # pseudo translates from any language
    assert languages(written) == [("html", "en", "", ""), ("blockquote", "en", "", "[Ļéé þŕéšííđééñŧ"),
                                  ("blockquote", "en", "ltr", "[التقى الرئيس")]
