"""Structure that comes through translation as the source wrote it: nested Markdown links and
images, list lines right under a lead-in line in plain text, footnote markers, blockquote
attribution lines. Real engine through the CLI where a try-out found the bug there."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from uebersetzer.document import Article
from uebersetzer.engines.pseudo import PseudoEngine
from uebersetzer.parse import parse
from uebersetzer.read import SourceText
from uebersetzer.render import render
from uebersetzer.segment import segment_article
from uebersetzer.translate import Request, translate_requests

IN_DOMAIN = "Der Präsident trifft den Minister in Berlin."
IN_DOMAIN_EN = "The president meets the minister in Berlin."


@pytest.fixture
def argos_env(package_folder, monkeypatch):
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(package_folder))
    return package_folder


def translated(run, article: Path, *extra: str) -> str:
    """`translate` of one article into English (real engine unless `extra` says otherwise); the output's text."""
    result = run("translate", article, "--to", "en", "--from", "de", "--out", article.parent / "o", "--quiet", *extra)
    assert result.code == 0, result.err
    return (article.parent / "o" / "en" / article.name).read_text(encoding="utf-8")


def german(text: str, name: str) -> Article:
    """The article parsed and split into sentences, as German."""
    return segment_article(replace(parse(SourceText(Path(name), name, text, "\n", "utf-8")), language="de"))


def msgids(text: str, name: str) -> list[str]:
    article = german(text, name)
    return [segment.msgid for block in article.blocks for segment in block.segments]


def pseudo_rendered(text: str, name: str) -> str:
    article = german(text, name)
    requests = [Request("de", "en", s.msgid, article.format) for b in article.blocks for s in b.segments]
    results = translate_requests(requests, PseudoEngine())
    return render(article, [results[request].text for request in requests], "en")


# 1. Nested links and images in Markdown

def test_a_linked_image_keeps_its_structure_and_gets_its_alt_text_translated(run, argos_env, tmp_path):
    article = tmp_path / "teaser.md"
    article.write_text(f"{IN_DOMAIN}\n\n[![{IN_DOMAIN}](https://cdn.example.com/a.jpg)](https://example.com/)\n"
                       f"\nDer Minister trifft [![{IN_DOMAIN}](https://cdn.example.com/b.jpg)](https://example.com/b)"
                       " in Berlin.\n", encoding="utf-8")
    text = translated(run, article)
    lines = text.split("\n")
    assert lines[2] == f"[![{IN_DOMAIN_EN}](https://cdn.example.com/a.jpg)](https://example.com/)", text
    assert re.fullmatch(r"[^\[\]()!]+ \[!\[[^\[\]()]+\]\(https://cdn\.example\.com/b\.jpg\)\]\(https://example\.com/b\)"
                        r"[^\[\]()!]+", lines[4]), text


def test_a_linked_image_with_titles_is_one_msgid_with_its_markup_whole():
    source = ('[![Der Minister in Berlin](https://cdn.example.com/a.jpg "Foto: dpa")](https://example.com/ "Zum Artikel")\n\n'
              '[![Grafik: Haushalt 2026](https://x.example/g.png "Grafik")](https://x.example/a)\n')
    assert msgids("# Titel\n\n" + source, "t.md")[1:] == [
        '[![Der Minister in Berlin](https://cdn.example.com/a.jpg "Foto: dpa")](https://example.com/ "Zum Artikel")',
        "Foto: dpa", "Zum Artikel",  # the titles, in entries of their own (point 5)
        '[![Grafik: Haushalt 2026](https://x.example/g.png "Grafik")](https://x.example/a)', "Grafik"]


def _links(markdown: str) -> list[tuple[str, str, int]]:
    """Every link and image as markdown-it-py (not our code) reads the text: kind, URL and how
    many links it is inside, in order."""
    from markdown_it import MarkdownIt

    found = []
    for token in MarkdownIt("commonmark").parse(markdown):
        depth = 0
        for child in token.children or ():
            if child.type in ("link_open", "image"):
                found.append((child.type, str(child.attrGet("href") or child.attrGet("src")), depth))
            depth += {"link_open": 1, "link_close": -1}.get(child.type, 0)
    return found


_word = st.text(alphabet="abcdefghijklmnopqrstuvwxyzäöü", min_size=1, max_size=7)
_words = st.builds(" ".join, st.lists(_word, min_size=1, max_size=4))
_url = st.builds(lambda w, n: f"https://{w}.example/{n}", _word, st.integers(0, 99))
_title = st.sampled_from(["", ' "Foto: dpa"', ' "Mehr dazu"'])
_image = st.builds(lambda alt, url, title: f"![{alt}]({url}{title})", _words, _url, _title)
_inline = st.one_of(
    _words, _image,
    st.builds(lambda text, url, title: f"[{text}]({url}{title})", _words, _url, _title),
    st.builds(lambda image, url, title: f"[{image}]({url}{title})", _image, _url, _title),
    st.builds(lambda words, image, url: f"[{words} {image}]({url})", _words, _image, _url),
)
_paragraph = st.builds(lambda first, parts, end: " ".join(["Der", first, *parts]) + end,
                       _word, st.lists(_inline, min_size=1, max_size=5), st.sampled_from(["", ".", ". Danach kam er."]))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_paragraph, min_size=1, max_size=3))
def test_nested_links_and_images_keep_their_urls_and_nesting(paragraphs):
    source = "# Titel\n\n" + "\n\n".join(paragraphs) + "\n"
    output = pseudo_rendered(source, "a.md")
    assert output != source
    assert _links(output) == _links(source), output


# 2. Plain text: a lead-in line directly above its list

LEAD_IN = ("Gipfel in Berlin\n\nDer Präsident trifft den Minister in Berlin.\n\nDas Wichtigste im Überblick\n"
           "- Der Präsident trifft den Minister.\n- Der Minister trifft den Präsidenten.\n\nEnde.\n")


def _shape(text: str) -> list[str]:
    """Each line's layout: blank, or its list marker (or none) before its words."""
    return ["" if not line.strip() else re.match(r"\s*(?:[•\-–*]\s+|\d+[.)]\s+)?", line).group(0) + "…"
            for line in text.split("\n")]


def test_a_lead_in_line_right_above_bullets_is_its_own_block_and_each_bullet_an_item(run, argos_env, tmp_path):
    article = tmp_path / "l2.txt"
    article.write_text(LEAD_IN, encoding="utf-8")
    assert msgids(LEAD_IN, "l2.txt") == ["Gipfel in Berlin", "Der Präsident trifft den Minister in Berlin.",
                                         "Das Wichtigste im Überblick", "Der Präsident trifft den Minister.",
                                         "Der Minister trifft den Präsidenten.", "Ende."]
    text = translated(run, article)
    assert _shape(text) == _shape(LEAD_IN), text
    assert text.split("\n")[5:7] == ["- The president meets the minister.", "- The minister meets the president."], text


@pytest.mark.parametrize("marker", ["• ", "- ", "* ", "1. "])
def test_a_sources_heading_right_above_its_items_is_the_sources_list(marker):
    numbered = marker == "1. "
    items = [f"{2 * n + 1}. " if numbered else marker for n in range(2)]
    text = f"Titel\n\nDer Präsident kam.\n\nQuellen\n{items[0]}dpa\n{items[1]}Reuters\n"
    article = parse(SourceText(Path("q.txt"), "q.txt", text, "\n", "utf-8"))
    assert [(block.kind, block.prefix, block.text) for block in article.blocks[2:]] == [
        ("sources", "", "Quellen"), ("source", items[0], "dpa"), ("source", items[1], "Reuters")]
    assert pseudo_rendered(text, "q.txt").split("\n")[5:7] == [items[0] + "[đþáá]", items[1] + "[Ŕééúúŧééŕš]"]


@pytest.mark.parametrize("text, kinds", [
    # a wrapped paragraph whose second line starts with a dash is no list
    ("Titel\n\nAnriss.\n\nDer Minister sagte am Montag\n– wie erwartet – nichts zu den Plänen.\n", ["paragraph"]),
    # one item under a lead-in that announces it
    ("Titel\n\nAnriss.\n\nDer Minister sagte:\n– Wir kommen.\n", ["paragraph", "list item"]),
    # lines of a cut paragraph that are no bullets stay one paragraph above the list
    ("Titel\n\nAnriss.\n\nDer Minister sagte am Montag in Berlin, dass\ner kommt. Das sind die Punkte:\n- Eins.\n- Zwei.\n",
     ["paragraph", "list item", "list item"]),
    # the line right under a list ends it (the next paragraph, a footer), as scrapers write it
    ("Titel\n\nAnriss.\n\nDas Wichtigste:\n- Der Streik beginnt.\n- Betroffen ist die Bahn.\nDie Bahn rät ab.\n",
     ["paragraph", "list item", "list item", "paragraph"]),
    ("Titel\n\nAnriss.\n\nQuellen\n• dpa\n• tagesschau.de\nBesuchen Sie uns auf: die-nachrichten.at",
     ["sources", "source", "source", "footer"]),
    ("Titel\n\nAnriss.\n\nQuellen\n• dpa\n\nBesuchen Sie uns auf: die-nachrichten.at\n",
     ["sources", "source", "footer"]),
    ("Titel\n\nAnriss.\n\nBetroffen sind:\n- ICE 123 nach Hamburg\nAlle anderen Züge fahren.\n\nEnde.\n",
     ["paragraph", "list item", "paragraph", "paragraph"]),
    # a line under an item that is indented continues it: left whole, as before
    ("Titel\n\nAnriss.\n\nDas Wichtigste:\n- Der Streik beginnt am Mittwoch und\n  dauert bis Freitag.\n",
     ["paragraph"]),
])
def test_a_list_inside_a_chunk_is_split_from_the_lines_above_and_below(text, kinds):
    article = parse(SourceText(Path("a.txt"), "a.txt", text, "\n", "utf-8"))
    assert [block.kind for block in article.blocks[2:]] == kinds
    assert render(segment_article(article), [None] * 10, "en") == text


# 3. Footnote markers and definitions in Markdown

FOOTNOTES = (f"# Gipfel\n\n{IN_DOMAIN}[^1] Der Minister trifft den Präsidenten in Berlin.\n\n"
             "Das Gesetz tritt am 1. Januar in Kraft.[^quelle] Mehr dazu im [Liveblog][live].\n\n"
             f"[^1]: {IN_DOMAIN}\n[^quelle]: Bundesgesetzblatt 2026.\n\n[live]: https://example.com/live\n")


def test_a_footnote_marker_after_a_full_stop_stays_with_its_sentence(run, argos_env, tmp_path):
    assert msgids(FOOTNOTES, "f.md")[1:5] == [
        f"{IN_DOMAIN}[^1]", "Der Minister trifft den Präsidenten in Berlin.",
        "Das Gesetz tritt am 1. Januar in Kraft.[^quelle]", "Mehr dazu im [Liveblog][live]."]
    from uebersetzer.formats.markdown import inline_spans
    from uebersetzer.protect import protect

    assert protect(f"{IN_DOMAIN}[^1]", markup=inline_spans).text == IN_DOMAIN  # a model moved it inside
    article = tmp_path / "f.md"
    article.write_text(FOOTNOTES, encoding="utf-8")
    lines = translated(run, article).split("\n")
    assert lines[2] == f"{IN_DOMAIN_EN}[^1] The minister meets the president in Berlin.", lines
    assert re.fullmatch(r"[^\[\]]+\.\[\^quelle\] [^\[\]]*\[[^\[\]]+\]\[live\][^\[\]]*", lines[4]), lines


def test_a_footnote_definitions_label_is_layout_and_only_its_text_is_translated(run, argos_env, tmp_path):
    article = german(FOOTNOTES, "f.md")
    definitions = [block for block in article.blocks if block.prefix.startswith("[^")]
    assert [(block.prefix, block.text) for block in definitions] == [
        ("[^1]: ", IN_DOMAIN), ("[^quelle]: ", "Bundesgesetzblatt 2026.")]
    pseudo = pseudo_rendered(FOOTNOTES, "f.md").split("\n")
    assert pseudo[6].startswith("[^1]: [Đééŕ") and pseudo[7].startswith("[^quelle]: ["), pseudo
    path = tmp_path / "f.md"
    path.write_text(FOOTNOTES, encoding="utf-8")
    assert translated(run, path).split("\n")[6] == f"[^1]: {IN_DOMAIN_EN}"


# 4. A quote's attribution line

QUOTE = ("# Gipfel\n\n> „Der Präsident trifft den Minister in Berlin.“\n> — Friedrich Merz, CDU-Vorsitzender\n\n"
         f"> {IN_DOMAIN}  \n> Der Minister trifft den Präsidenten in Berlin.\n\n"
         f"- {IN_DOMAIN}  \n  Der Minister trifft den Präsidenten in Berlin.\n")


def test_a_quotes_attribution_line_is_a_sentence_of_its_own_on_its_own_line(run, argos_env, tmp_path):
    assert msgids(QUOTE, "q.md")[1:3] == ["„Der Präsident trifft den Minister in Berlin.“",
                                          "— Friedrich Merz, CDU-Vorsitzender"]
    article = tmp_path / "q.md"
    article.write_text(QUOTE, encoding="utf-8")
    lines = translated(run, article).split("\n")
    assert re.fullmatch(r"> \S.*", lines[2]) and re.fullmatch(r"> — \S.*", lines[3]), lines
    # a hard line break keeps the quote's `> ` and the list item's indentation on its next line
    assert lines[5:10] == [f"> {IN_DOMAIN_EN}  ", "> The minister meets the president in Berlin.", "",
                           f"- {IN_DOMAIN_EN}  ", "  The minister meets the president in Berlin."], lines


@pytest.mark.parametrize("text, expected", [
    ("„Nein.“\n– Merz. Danach ging er.", ["„Nein.“", "– Merz.", "Danach ging er."]),
    ("Der Minister\n— wie erwartet — schwieg.", ["Der Minister\n— wie erwartet — schwieg."]),  # no sentence ends above
])
def test_a_dash_line_under_a_finished_sentence_starts_a_new_one(text, expected):
    from uebersetzer.formats import markdown
    from uebersetzer.segment import split_sentences

    assert split_sentences(text, "de", markdown.CLOSING_MARKUP, markdown.mask) == expected


# 5. Link, image and reference-definition titles

TITLES = (f"# Gipfel\n\nDer Minister kam. Siehe [Tabelle](#tabelle \"{IN_DOMAIN}\") und [mehr][live].\n\n"
          f"[live]: https://example.com/live\n  'Der Minister trifft den Präsidenten in Berlin.'\n")


def test_link_and_definition_titles_are_translated_in_entries_of_their_own(run, argos_env, tmp_path):
    article = tmp_path / "t.md"
    article.write_text(TITLES, encoding="utf-8")
    text = translated(run, article)
    assert f'](#tabelle "{IN_DOMAIN_EN}")' in text, text
    assert text.endswith("[live]: https://example.com/live\n  'The minister meets the president in Berlin.'\n"), text
    catalog = (tmp_path / "o" / "en" / "t.po").read_text(encoding="utf-8")
    assert f'#. tooltip 1\n#: t.md:3\n#, fuzzy\nmsgid "{IN_DOMAIN}"' in catalog, catalog


def _titles(markdown: str) -> list[str]:
    """Every link's and image's title as markdown-it-py reads the text (definitions' titles too)."""
    from markdown_it import MarkdownIt

    found = []
    for token in MarkdownIt("commonmark").parse(markdown):
        for child in token.children or ():
            if child.type in ("link_open", "image") and child.attrGet("title"):
                found.append(str(child.attrGet("title")))
    return found


@pytest.mark.parametrize("written", ['"Zur Tabelle"', "'Zur Tabelle'", "(Zur Tabelle)"])
def test_a_translated_title_keeps_its_quotes_whatever_it_holds(written):
    source = f"# Gipfel\n\nSiehe [Tabelle](#t {written}) und [dort][d].\n\n[d]: https://x.example {written}\n"
    article = german(source, "t.md")
    translations = [None if block.kind != "tooltip" else 'Er sagte "ja" (\'nein\')'
                    for block in article.blocks for _ in block.segments]
    output = render(article, translations, "en")
    assert _titles(output) == ['Er sagte "ja" (\'nein\')'] * 2, output
    assert render(article, [None] * len(translations), "en") == source


@pytest.mark.parametrize("msgid, engine_sees", [
    ("[![Der Minister in Berlin](https://cdn.example.com/a.jpg)](https://example.com/)", "Der Minister in Berlin"),
    ("**[Der Präsident kam.](https://example.com/)**", "Der Präsident kam."),
    ("**Der Präsident** kam **heute**", "{1}Der Präsident{2} kam {3}heute{4}"),  # two pairs: none wraps it all
    ("**Der Präsident**", "Der Präsident"),
])
def test_markup_around_a_whole_sentence_never_reaches_the_engine(msgid, engine_sees):
    from uebersetzer.formats.markdown import inline_spans
    from uebersetzer.protect import protect

    protected = protect(msgid, markup=inline_spans)
    assert protected.text == engine_sees
    assert protected.lead + engine_sees + protected.trail == msgid or "{" in engine_sees
