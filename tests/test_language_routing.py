"""Language routing end to end: titles that fool langdetect, --from, blocks with no model,
Norwegian packages, BCP 47 and gettext codes in and gettext locale names out."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import polib
import pytest

from tests.conftest import FIXTURES, entries
from tests.test_models import index_server, packages  # noqa: F401 (fixtures)
from uebersetzer.detect import detect_article, guess
from uebersetzer.languages import check_language, locale_name, to_argos
from uebersetzer.parse import parse
from uebersetzer.read import ArticleFile, read_article

# langdetect is sure these German titles are Dutch and Danish (the tests check that it is).
DUTCH_LOOKING_TITLE = "Amsterdam liegt in den Niederlanden. In den Wintermonaten"
DANISH_LOOKING_TITLE = "Helsingør liegt am Øresund. In den Sommermonaten"
GERMAN_BODY = (
    "Die Regierung traf sich am Montag, um über den Haushalt für das nächste Jahr zu sprechen. "
    "Die Minister einigten sich auf ein neues Gesetz über erneuerbare Energien.\n\n"
    "Die Opposition ist mit dem Vorschlag nicht zufrieden. Sie meint, die Regierung habe sich zu viel "
    "Zeit gelassen, und das Geld komme erst nach der Wahl bei den Gemeinden an.\n"
)
FRENCH_PARAGRAPH = (
    "Le gouvernement a présenté lundi un nouveau projet de loi sur les énergies renouvelables. "
    "Les ministres espèrent que le texte sera adopté avant la fin de l'année."
)
NORWEGIAN = (
    "Regjeringen vil bruke mer penger på jernbanen\n\n"
    "Regjeringen møttes mandag for å diskutere statsbudsjettet for neste år. Ministrene ble enige om en ny "
    "lov om fornybar energi, og statsministeren sa at arbeidet skal fortsette i neste uke.\n\n"
    "Opposisjonen er ikke fornøyd med forslaget. De mener at regjeringen har brukt for lang tid, og at "
    "pengene ikke vil komme frem til kommunene før etter valget.\n"
)


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def detected(path: Path, declared: str = ""):
    return detect_article(parse(read_article(ArticleFile(path, path.name))), declared)


@pytest.fixture
def models(run, tmp_path, monkeypatch) -> Path:
    """The fixture packages de -> en and en -> fr, installed in a folder of the test's own."""
    folder = tmp_path / "packages"
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(folder))
    for name in ("de_en", "en_fr"):
        assert run("models", "install", "--file", FIXTURES / "models" / f"{name}.argosmodel", "--quiet").code == 0
    return folder


@pytest.mark.parametrize("title,trap", [(DUTCH_LOOKING_TITLE, "nl"), (DANISH_LOOKING_TITLE, "da")])
def test_a_german_title_langdetect_calls_foreign_stays_german(tmp_path, title, trap):
    assert guess(title, 400, 3).language == trap  # the trap is real: langdetect's top guess, sure of it
    article = detected(write(tmp_path / "articles", "titel.txt", f"{title}\n\n{GERMAN_BODY}"))
    assert article.language == "de"
    assert [block.language for block in article.blocks] == ["de"] * len(article.blocks)


def test_from_with_a_misleading_title_translates_and_still_finds_a_foreign_block(run, models, tmp_path):
    source = write(tmp_path / "articles", "titel.txt", f"{DUTCH_LOOKING_TITLE}\n\n{GERMAN_BODY}\n{FRENCH_PARAGRAPH}\n")
    article = detected(source, declared="de")
    assert [block.language for block in article.blocks] == ["de", "de", "de", "fr"]  # block checks still run
    result = run("translate", source, "--from", "de", "--to", "en", "--out", tmp_path / "out")
    assert result.code == 0, result.err
    assert (tmp_path / "out" / "en" / "titel.txt").exists()


def test_a_block_with_no_model_keeps_its_text_and_the_article_is_written(run, models, tmp_path):
    source = write(tmp_path / "articles", "bericht.txt", f"Neues Gesetz für Energie\n\n{GERMAN_BODY}\n{FRENCH_PARAGRAPH}\n")
    result = run("translate", source, "--to", "en", "--out", tmp_path / "out", "--json")
    assert result.code == 0, result.err
    summary = json.loads(result.out)
    assert summary["failed"] == [] and summary["untranslated"] == 2
    assert summary["warnings"] == [f"{source}: blocks in fr kept as they are in the en version: no model fr -> en"]
    assert f"warning: {source}: blocks in fr" in result.err
    output = (tmp_path / "out" / "en" / "bericht.txt").read_text(encoding="utf-8")
    assert FRENCH_PARAGRAPH in output and "Die Regierung traf sich" not in output
    french = [e for e in entries(tmp_path / "out" / "en" / "bericht.po") if e.msgid.startswith(("Le gouvernement", "Les ministres"))]
    assert len(french) == 2
    assert all(e.msgstr == "" and "language: fr, no model fr -> en" in e.comment.split("\n") for e in french)


def test_an_article_mostly_in_a_language_with_no_model_fails_under_from_as_without_it(run, models, tmp_path):
    """`--from de` over an article mostly in French (a new user's try-out: an Arabic one) kept
    its French blocks as written, for want of a model, and exited 0 with an English article
    that was mostly French; the same run without `--from` fails for want of a fr -> en model."""
    source = write(tmp_path / "articles", "nouvelles.txt",
                   f"Neues Gesetz für Energie\n\n{FRENCH_PARAGRAPH}\n\n{FRENCH_PARAGRAPH}\n")
    result = run("translate", source, "--from", "de", "--to", "en", "--out", tmp_path / "out", "--json")
    assert result.code == 1, result.err
    [failure] = json.loads(result.out)["failed"]
    assert failure["target"] == "en" and failure["reason"].startswith(f"{source}: no model for fr -> en")
    assert "% of its text reads as fr, not de)" in failure["reason"]
    assert not (tmp_path / "out" / "en" / "nouvelles.txt").exists()


def test_an_article_in_a_language_with_no_model_still_fails(run, models, tmp_path):
    source = write(tmp_path / "articles", "nouvelles.txt", f"Une nouvelle loi\n\n{FRENCH_PARAGRAPH}\n")
    result = run("translate", source, "--to", "en", "--out", tmp_path / "out")
    assert result.code == 1 and "no model for fr -> en" in result.err
    assert not (tmp_path / "out" / "en" / "nouvelles.txt").exists()


def test_norwegian_is_detected_as_nb_and_finds_the_nb_package(run, models, tmp_path):
    # an nb -> en package: the de -> en fixture relabelled, which is all routing looks at
    german = next(p for p in models.iterdir() if json.loads((p / "metadata.json").read_text())["from_code"] == "de")
    norwegian = models / "translate-nb_en"
    shutil.copytree(german, norwegian)
    metadata = json.loads((norwegian / "metadata.json").read_text())
    (norwegian / "metadata.json").write_text(json.dumps({**metadata, "from_code": "nb", "from_name": "Norwegian"}))
    source = write(tmp_path / "articles", "jernbane.txt", NORWEGIAN)
    assert detected(source).language == "nb"
    result = run("translate", source, "--to", "en", "--out", tmp_path / "out", "--json")
    assert result.code == 0, result.err
    assert json.loads(result.out)["sentences_translated"] == 5
    assert polib.pofile(str(tmp_path / "out" / "en" / "jernbane.po")).metadata["X-Source-Language"] == "nb"


@pytest.mark.parametrize("code,argos,locale", [
    ("pt-BR", "pb", "pt_BR"), ("pt_BR", "pb", "pt_BR"), ("pt_br.UTF-8", "pb", "pt_BR"), ("pt", "pt", "pt"),
    ("zh-TW", "zt", "zh_TW"), ("zh_TW", "zt", "zh_TW"), ("zh-Hant", "zt", "zh_TW"), ("zh-Hans", "zh", "zh_CN"),
    ("zh", "zh", "zh_CN"), ("no", "nb", "nb"), ("nb_NO", "nb", "nb"), ("de-DE", "de", "de"), ("DE", "de", "de"),
    ("pt-AO", "pt", "pt"),
])
def test_bcp47_and_gettext_codes_map_to_argos_codes_and_back_to_locale_names(code, argos, locale):
    assert check_language(code, "--to") == argos
    assert locale_name(argos) == locale


@pytest.mark.parametrize("code", ["xx", "", "klingon", "x-private", "_BR"])
def test_unknown_codes_name_no_language(code):
    assert to_argos(code) is None


def test_an_unknown_code_is_one_line_naming_the_option(run, tmp_path):
    source = write(tmp_path / "articles", "a.txt", f"Neues Gesetz\n\n{GERMAN_BODY}")
    result = run("translate", source, "--to", "xx-YY", "--engine", "pseudo")
    assert result.code == 2 and "'xx-YY' for --to" in result.err and len(result.err.strip().splitlines()) == 1


def test_pt_br_input_writes_the_pt_br_folder_and_language_header(run, tmp_path):
    source = write(tmp_path / "articles", "a.txt", f"Neues Gesetz für Energie\n\n{GERMAN_BODY}")
    result = run("translate", source, "--to", "pt-BR,zh-Hant", "--engine", "pseudo", "--out", tmp_path / "out")
    assert result.code == 0, result.err
    assert sorted(p.name for p in (tmp_path / "out").iterdir() if not p.name.startswith(".")) == ["pt_BR", "zh_TW"]
    for locale, plural in (("pt_BR", "nplurals=2; plural=(n > 1);"), ("zh_TW", "nplurals=1; plural=0;")):
        assert (tmp_path / "out" / locale / "a.txt").exists()
        metadata = polib.pofile(str(tmp_path / "out" / locale / "a.po")).metadata
        assert (metadata["Language"], metadata["Plural-Forms"]) == (locale, plural)
    again = run("build", source, "--to", "pt_BR", "--out", tmp_path / "out")  # build reads the same folder
    assert again.code == 0, again.err


def test_install_missing_does_not_stop_at_a_block_language_the_index_lacks(run, packages, index_server, tmp_path):
    source = write(tmp_path / "articles", "bericht.txt", f"Neues Gesetz für Energie\n\n{GERMAN_BODY}\n{FRENCH_PARAGRAPH}\n")
    result = run("translate", source, "--to", "en", "--out", tmp_path / "out", "--install-missing",
                 "--index", index_server.url)
    assert result.code == 0, result.err
    assert "installed de -> en" in result.err and "no model fr -> en" in result.err
    assert (tmp_path / "out" / "en" / "bericht.txt").exists()


# An English (or French) sentence inside a German paragraph: detect_sentences gives it its own
# language, and everything downstream follows the sentence's language, as for a moved block.
ENGLISH_SENTENCE = ("\"We will not negotiate under pressure, and we will not change the budget this year,\" "
                    "she told reporters in Berlin.")
FRENCH_SENTENCE = "Le gouvernement a présenté lundi un nouveau projet de loi sur les énergies renouvelables."


def _with_a_sentence_inside(sentence: str) -> str:
    return ("Neues Gesetz für Energie\n\n"
            f"Die Ministerin blieb am Montag in den Verhandlungen mit den Gewerkschaften hart. {sentence} "
            "Danach verließ sie das Gebäude durch einen Seitenausgang, ohne weitere Fragen zu beantworten.\n\n"
            f"{GERMAN_BODY}")


def _entry(catalog: Path, msgid: str) -> polib.POEntry:
    [entry] = [e for e in entries(catalog) if e.msgid == msgid]
    return entry


def test_an_english_sentence_inside_a_german_paragraph_is_kept_in_english_and_translated_from_english(
        run, models, tmp_path):
    source = write(tmp_path / "articles", "streik.txt", _with_a_sentence_inside(ENGLISH_SENTENCE))
    result = run("translate", source, "--to", "en,fr", "--out", tmp_path / "out", "--json")
    assert result.code == 0, result.err
    assert json.loads(result.out)["warnings"] == []
    english = tmp_path / "out" / "en"
    assert f"hard. {ENGLISH_SENTENCE} " not in (english / "streik.txt").read_text(encoding="utf-8")  # its neighbours translated
    assert f" {ENGLISH_SENTENCE} " in (english / "streik.txt").read_text(encoding="utf-8")  # kept word for word
    kept = _entry(english / "streik.po", ENGLISH_SENTENCE)
    assert kept.msgstr == ENGLISH_SENTENCE and "language: en" in kept.comment.split("\n")
    # into French the sentence goes to the en -> fr model itself, as in an English article
    french = _entry(tmp_path / "out" / "fr" / "streik.po", ENGLISH_SENTENCE)
    assert "language: en" in french.comment.split("\n") and french.msgstr
    only_english = write(tmp_path / "english", "strike.txt", f"Strike talks\n\n{ENGLISH_SENTENCE} "
                         "The unions said they would strike again next week in several cities.\n")
    assert run("translate", only_english, "--to", "fr", "--out", tmp_path / "out2", "--quiet").code == 0
    assert _entry(tmp_path / "out2" / "fr" / "strike.po", ENGLISH_SENTENCE).msgstr == french.msgstr


def test_a_sentence_in_a_language_with_no_model_is_kept_and_said_like_a_block(run, models, tmp_path):
    source = write(tmp_path / "articles", "gesetz.txt", _with_a_sentence_inside(FRENCH_SENTENCE))
    result = run("translate", source, "--to", "en", "--out", tmp_path / "out", "--json")
    assert result.code == 0, result.err
    summary = json.loads(result.out)
    assert summary["failed"] == [] and summary["untranslated"] == 1
    assert summary["warnings"] == [f"{source}: blocks in fr kept as they are in the en version: no model fr -> en"]
    assert f" {FRENCH_SENTENCE} " in (tmp_path / "out" / "en" / "gesetz.txt").read_text(encoding="utf-8")
    entry = _entry(tmp_path / "out" / "en" / "gesetz.po", FRENCH_SENTENCE)
    assert entry.msgstr == "" and "language: fr, no model fr -> en" in entry.comment.split("\n")


def test_into_the_articles_own_language_a_sentence_in_another_is_still_translated(run, tmp_path):
    from uebersetzer.engines.pseudo import pseudo_localize

    source = write(tmp_path / "articles", "streik.txt", _with_a_sentence_inside(ENGLISH_SENTENCE))
    result = run("translate", source, "--to", "de", "--engine", "pseudo", "--out", tmp_path / "out", "--json")
    assert result.code == 0 and json.loads(result.out)["copied"] == [], result.err
    output = (tmp_path / "out" / "de" / "streik.txt").read_text(encoding="utf-8")
    assert ENGLISH_SENTENCE not in output and pseudo_localize("We will not negotiate")[1:-1] in output
    assert "Die Ministerin blieb am Montag" in output and GERMAN_BODY.split(".")[0] in output  # the German kept
