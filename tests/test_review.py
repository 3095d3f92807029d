"""The editorial loop: PO files editors own, msgmerge-style updates, build, memory, TMX."""

from __future__ import annotations

import json
from pathlib import Path

import polib
import pytest

from tests.conftest import entries, msgfmt_check

V1 = "Titel der Meldung\n\nDer erste Satz bleibt. Der zweite Satz wird geändert. Der dritte Satz verschwindet.\n"
V2 = "Titel der Meldung\n\nDer erste Satz bleibt. Der zweite Satz wurde geändert. Ein ganz neuer Satz kommt hinzu.\n"
EDIT = "The first sentence stays."


def translate(run, *paths, out, extra=()):
    result = run("translate", *paths, "--to", "en", "--from", "de", "--engine", "pseudo", "--out", out, "--json",
                 *extra)
    assert result.code in (0, 1), result.err
    return json.loads(result.out), result


def review(po_path: Path, msgid: str, msgstr: str, comment: str = "") -> None:
    """What an editor does in Poedit: write the translation, drop the fuzzy flag, maybe comment."""
    catalog = polib.pofile(str(po_path))
    entry = catalog.find(msgid)
    entry.msgstr = msgstr
    entry.flags = [f for f in entry.flags if f != "fuzzy"]
    entry.tcomment = comment
    catalog.save()


@pytest.fixture
def article(tmp_path) -> Path:
    path = tmp_path / "meldung.txt"
    path.write_text(V1)
    return path


def test_update_keeps_edits_marks_changes_adds_new_and_obsoletes_removed(run, article, tmp_path):
    out = tmp_path / "locales"
    translate(run, article, out=out)
    po_path = out / "en" / "meldung.po"
    review(po_path, "Der erste Satz bleibt.", EDIT, "checked by Anna")
    article.write_text(V2)
    summary, _ = translate(run, article, out=out)
    assert (summary["sentences_translated"], summary["sentences_reused"]) == (2, 2)
    catalog = polib.pofile(str(po_path))
    kept = catalog.find("Der erste Satz bleibt.")
    assert (kept.msgstr, kept.tcomment, kept.fuzzy) == (EDIT, "checked by Anna", False)
    changed = catalog.find("Der zweite Satz wurde geändert.")
    assert changed.fuzzy and changed.previous_msgid == "Der zweite Satz wird geändert."
    assert changed.msgstr.startswith("[Đéé")  # fresh machine translation: the old one was machine too
    new = catalog.find("Ein ganz neuer Satz kommt hinzu.")
    assert new.fuzzy and new.msgstr and not new.previous_msgid
    [gone] = catalog.obsolete_entries()
    assert gone.msgid == "Der dritte Satz verschwindet." and gone.msgstr
    assert [e.msgid for e in catalog if not e.obsolete] == [
        "Titel der Meldung", "Der erste Satz bleibt.", "Der zweite Satz wurde geändert.",
        "Ein ganz neuer Satz kommt hinzu."]
    text = po_path.read_text()
    assert '#| msgid "Der zweite Satz wird geändert."' in text and '#~ msgid "Der dritte Satz verschwindet."' in text
    built = run("build", article, "--to", "en", "--from", "de", "--out", out)
    assert built.code == 0, built.err
    assert EDIT in (out / "en" / "meldung.txt").read_text()
    as_json = json.loads(run("build", article, "--to", "en", "--from", "de", "--out", out, "--json").out)
    assert as_json["words"] == summary["words"] > 0  # build counted 0 words


def test_changed_sentence_starts_from_the_reviewed_translation_when_close(run, article, tmp_path):
    out = tmp_path / "locales"
    translate(run, article, out=out)
    review(out / "en" / "meldung.po", "Der zweite Satz wird geändert.", "The second sentence is being changed.")
    article.write_text(V1.replace("wird geändert", "wird gerade geändert"))
    summary, _ = translate(run, article, out=out)
    entry = polib.pofile(str(out / "en" / "meldung.po")).find("Der zweite Satz wird gerade geändert.")
    assert entry.fuzzy and entry.msgstr == "The second sentence is being changed."
    assert entry.previous_msgid == "Der zweite Satz wird geändert."
    assert summary["sentences_translated"] == 0


def test_unchanged_rerun_sends_nothing_and_rewrites_nothing(run, article, tmp_path):
    out = tmp_path / "locales"
    translate(run, article, out=out)
    po_path, article_path = out / "en" / "meldung.po", out / "en" / "meldung.txt"
    before = po_path.read_bytes()
    stamps = (po_path.stat().st_mtime_ns, article_path.stat().st_mtime_ns)
    summary, _ = translate(run, article, out=out)
    assert summary["sentences_translated"] == 0 and summary["sentences_reused"] == 4
    assert po_path.read_bytes() == before  # not even the dates
    assert (po_path.stat().st_mtime_ns, article_path.stat().st_mtime_ns) == stamps


def test_editor_saved_layout_is_accepted_and_kept_once_rewritten(run, article, tmp_path):
    """polib (like other tools) wraps differently; our next write restores gettext's layout."""
    out = tmp_path / "locales"
    translate(run, article, out=out)
    review(out / "en" / "meldung.po", "Titel der Meldung", "Headline")
    translate(run, article, out=out, extra=["--quiet"])
    msgfmt_check(out / "en" / "meldung.po")


def test_same_sentence_in_another_article_reuses_the_human_translation(run, article, tmp_path):
    out = tmp_path / "locales"
    translate(run, article, out=out)
    review(out / "en" / "meldung.po", "Der erste Satz bleibt.", EDIT)
    translate(run, article, out=out)  # feeds the memory with the reviewed entry
    other = tmp_path / "andere.txt"
    other.write_text("Andere Meldung\n\nDer erste Satz bleibt. Sonst nichts.\n")
    summary, _ = translate(run, other, out=out)
    entry = polib.pofile(str(out / "en" / "andere.po")).find("Der erste Satz bleibt.")
    assert entry.msgstr == EDIT and not entry.fuzzy
    assert summary["sentences_reused"] == 1 and summary["sentences_translated"] == 2


@pytest.mark.broken_po
def test_broken_po_is_reported_skipped_and_left_untouched(run, article, tmp_path):
    out = tmp_path / "locales"
    translate(run, article, out=out)
    po_path = out / "en" / "meldung.po"
    lines = po_path.read_text().splitlines()
    lines[20] = 'msgstr "unterminated'
    broken = "\n".join(lines) + "\n"
    po_path.write_text(broken)
    good = tmp_path / "gut.txt"
    good.write_text("Gute Meldung\n\nAlles ist in Ordnung.\n")
    summary, result = translate(run, article, good, out=out)
    assert result.code == 1
    [skipped] = summary["skipped"]
    assert skipped["path"] == str(article)  # the path as given, as failures name it
    assert skipped["reason"].startswith(f"{po_path}:") and "broken PO file" in skipped["reason"]
    assert len([line for line in result.err.splitlines() if line]) == 1
    assert po_path.read_text() == broken
    assert (out / "en" / "gut.po").exists()


@pytest.mark.broken_po
@pytest.mark.parametrize("edit, says", [
    (lambda text: text.replace('\nmsgstr "', '\n# Anna: checked\nmsgstr "', 1), "a comment line inside an entry"),
    (lambda text: text.replace('\nmsgstr "', '\nmsgstr "\\q', 1), "invalid escape \\q"),
])
def test_an_editors_po_file_msgfmt_refuses_is_refused_in_one_line_and_left_untouched(run, article, tmp_path, edit,
                                                                                         says):
    out = tmp_path / "locales"
    translate(run, article, out=out)
    po_path = out / "en" / "meldung.po"
    broken = edit(po_path.read_text())
    po_path.write_text(broken)
    for command in ("translate", "build"):
        extra = ("--from", "de", "--engine", "pseudo") if command == "translate" else ()
        result = run(command, article, "--to", "en", "--out", out, *extra)
        assert result.code == 1 and "Traceback" not in result.err
        [line] = [line for line in result.err.splitlines() if line]
        assert f"{po_path}:" in line and f"broken PO file ({says}" in line and "then run again" in line
    assert po_path.read_text() == broken


def test_po_in_a_wrong_charset_is_reported_with_its_line(run, article, tmp_path):
    out = tmp_path / "locales"
    translate(run, article, out=out)
    po_path = out / "en" / "meldung.po"
    latin = po_path.read_text().replace("charset=UTF-8", "charset=ISO-8859-1").encode("latin-1", errors="replace")
    po_path.write_bytes(latin)
    summary, result = translate(run, article, out=out)
    assert result.code == 1
    line = next(number for number, text in enumerate(latin.split(b"\n"), 1) if any(byte > 127 for byte in text))
    assert summary["skipped"][0]["reason"].startswith(f"{po_path}:{line}: not UTF-8")
    assert po_path.read_bytes() == latin


def test_build_reviewed_only_refuses_until_everything_is_reviewed(run, article, tmp_path):
    out = tmp_path / "locales"
    translate(run, article, out=out)
    output = out / "en" / "meldung.txt"
    output.unlink()
    refused = run("build", article, "--to", "en", "--out", out, "--reviewed-only")
    assert refused.code == 1
    listed = [line for line in refused.err.splitlines() if ": fuzzy: " in line]
    assert len(listed) == 4 and listed[0].startswith(f"{out / 'en' / 'meldung.po'}:")
    assert not output.exists()
    built = run("build", article, "--to", "en", "--out", out, "--json")
    assert built.code == 0 and json.loads(built.out)["fuzzy"] == 4 and output.exists()
    for msgid in ("Titel der Meldung", "Der erste Satz bleibt.", "Der zweite Satz wird geändert.",
                  "Der dritte Satz verschwindet."):
        review(out / "en" / "meldung.po", msgid, msgid.upper())
    assert run("build", article, "--to", "en", "--out", out, "--reviewed-only").code == 0
    assert output.read_text() == "TITEL DER MELDUNG\n\nDER ERSTE SATZ BLEIBT. DER ZWEITE SATZ WIRD GEÄNDERT. " \
                                 "DER DRITTE SATZ VERSCHWINDET.\n"


def test_build_reviewed_only_names_a_sentence_the_po_file_lacks_without_a_line(run, article, tmp_path):
    """A sentence added to the article after the last translate run has no entry, so no line to
    point at: the listing says it is not in the file and what to run (it showed line 0)."""
    out = tmp_path / "locales"
    translate(run, article, out=out)
    for msgid in ("Titel der Meldung", "Der erste Satz bleibt.", "Der zweite Satz wird geändert.",
                  "Der dritte Satz verschwindet."):
        review(out / "en" / "meldung.po", msgid, msgid.upper())
    article.write_text(article.read_text().rstrip("\n") + " Ein neuer Satz kommt hinzu.\n")
    refused = run("build", article, "--to", "en", "--out", out, "--reviewed-only")
    assert refused.code == 1
    assert refused.err.splitlines()[0] == (f"{article}:3: untranslated: not in {out / 'en' / 'meldung.po'} yet "
                                           f"(run 'uebersetzer translate'): Ein neuer Satz kommt hinzu.")
    assert ":0:" not in refused.err


def test_build_without_po_file_says_what_to_do(run, article, tmp_path):
    missing = run("build", article, "--to", "en", "--out", tmp_path / "nothing")
    assert missing.code == 2 and "no such output folder" in missing.err and not (tmp_path / "nothing").exists()
    (tmp_path / "empty").mkdir()
    result = run("build", article, "--to", "en", "--out", tmp_path / "empty")
    assert result.code == 1 and result.err.splitlines()[0] == (
        f"error: {article}: {tmp_path / 'empty' / 'en' / 'meldung.po'}: no PO file: nothing was translated into en in "
        f"{tmp_path / 'empty'} (that folder has no en/ folder); run 'uebersetzer translate' with --to en first, or pass the "
        "--out it wrote to")
    translate(run, article, out=tmp_path / "empty")
    (tmp_path / "empty" / "en" / "meldung.po").unlink()
    result = run("build", article, "--to", "en", "--out", tmp_path / "empty")
    assert result.code == 1 and result.err.splitlines()[0] == (
        f"error: {article}: {tmp_path / 'empty' / 'en' / 'meldung.po'}: no PO file: this article was not translated "
        f"into en in {tmp_path / 'empty'} yet (or its PO file was moved or deleted); run 'uebersetzer translate' on "
        "it first")


def test_build_after_a_translate_that_failed_says_why_it_failed(run, article, tmp_path, monkeypatch, package_folder):
    """Build said "no PO file; run 'uebersetzer translate' first" after a translate that had
    failed for want of a model: running translate again failed again, and the user went in
    circles. The real engine, first with no model, then with the de -> en fixture model."""
    out = tmp_path / "out"
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(tmp_path / "no-packages"))
    failed = run("translate", article, "--to", "en", "--from", "de", "--out", out, "--quiet")
    assert failed.code == 1
    [why] = [line.removeprefix(f"error: {article}: ") for line in failed.err.splitlines() if "no model" in line]
    result = run("build", article, "--to", "en", "--out", out)
    assert result.code == 1
    assert result.err.splitlines()[0] == (f"error: {article}: {out / 'en' / 'meldung.po'}: no PO file, as the last "
                                          f"translate of this article into en failed: {why}; once that is fixed, run "
                                          "translate again, then build")
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(package_folder))
    assert run("translate", article, "--to", "en", "--from", "de", "--out", out, "--quiet").code == 0
    assert run("build", article, "--to", "en", "--out", out).code == 0
    (out / "en" / "meldung.po").unlink()  # the failure is forgotten once the article was written
    result = run("build", article, "--to", "en", "--out", out)
    assert "was not translated into en" in result.err and "failed" not in result.err


def test_identical_sentences_share_an_entry_and_contexts_tell_kinds_apart(run, tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("Titel\n\nDas ist gut. Wirklich.\n\nDetails\n\nDas ist gut. Ende.\n\n- Details\n")
    out = tmp_path / "o"
    translate(run, article, out=out)
    catalog = entries(out / "en" / "a.po")
    shared = [e for e in catalog if e.msgid == "Das ist gut."]
    assert len(shared) == 1 and [ref for _, ref in shared[0].occurrences] == ["3", "7"]
    details = sorted((e.msgctxt, e.comment) for e in catalog if e.msgid == "Details")
    assert details == [("heading", "heading 1"), ("list", "list item 1")]
    assert [e.msgctxt for e in catalog if e.msgid != "Details"] == [None, None, None, None]


def test_memory_prefers_human_and_invalidates_old_machine_versions(tmp_path):
    from uebersetzer.catalog.memory import TranslationMemory, Unit

    class Model:
        name = "argos"

        def __init__(self, version: str) -> None:
            self.version = version

        def model_version(self, source: str, target: str) -> str:
            return self.version

    memory = TranslationMemory(tmp_path / "tm.sqlite")
    memory.store([Unit("de", "en", "Hallo.", "Hello (machine).", "machine", "argos", "v1")])
    assert memory.lookup("de", "en", "Hallo.", Model("v1")).target == "Hello (machine)."
    assert memory.lookup("de", "en", "Hallo.", Model("v2")) is None  # a new model: not reused
    memory.store([Unit("de", "en", "Hallo.", "Hello!", "human")])
    assert memory.lookup("de", "en", "Hallo.", Model("v2")).target == "Hello!"
    assert memory.lookup("de", "en", "Hallo.", Model("v1")).origin == "human"


def test_tmx_round_trip(run, article, tmp_path):
    out = tmp_path / "locales"
    translate(run, article, out=out)
    review(out / "en" / "meldung.po", "Der erste Satz bleibt.", "The first <sentence> & \"stays\".")
    translate(run, article, out=out)
    exported = tmp_path / "memory.tmx"
    assert run("tm", "export", exported, "--out", out).code == 0
    from xml.etree import ElementTree

    root = ElementTree.parse(exported).getroot()
    assert root.tag == "tmx" and root.get("version") == "1.4" and len(root.findall("body/tu")) == 5
    fresh = tmp_path / "fresh.sqlite"
    assert run("tm", "import", exported, "--tm", fresh).code == 0
    from uebersetzer.catalog.memory import TranslationMemory

    def rows(path: Path):
        return sorted((u.source_language, u.target_language, u.source, u.target, u.origin, u.engine, u.model_version,
                       int(u.updated)) for u in TranslationMemory(path).units())

    assert rows(fresh) == rows(out / ".tm.sqlite")
    broken = tmp_path / "broken.tmx"
    broken.write_text("<tmx><body><tu>")
    result = run("tm", "import", broken, "--tm", fresh)
    assert result.code == 2 and f"{broken}:1: broken TMX" in result.err


def test_pofilter_checks_that_fit_prose(run, reference, tmp_path):
    """translate-toolkit's pofilter with the checks that judge what the pipeline must keep:
    whitespace, escapes, numbers, URLs, e-mails, tags, placeholders. Checks that judge the
    translation itself are off: endpunc/startcaps/brackets (pseudo-localization adds
    brackets), long/short/unchanged (names and headings legitimately stay or grow),
    isfuzzy (machine translation is fuzzy by design), acronyms (the glossary may rewrite
    names), spellcheck (no dictionaries offline)."""
    import subprocess

    from tests.conftest import EXAMPLES

    out = tmp_path / "o"
    run("translate", reference, EXAMPLES, "--to", "en,fr", "--engine", "pseudo", "--out", out, "--quiet")
    checks = ["escapes", "newlines", "tabs", "startwhitespace", "endwhitespace", "doublespacing", "numbers", "urls",
              "emails", "xmltags", "printf", "pythonbraceformat", "blank", "untranslated", "purepunc"]
    args = [arg for check in checks for arg in ("-t", check)]
    catalogs = sorted(out.rglob("*.po"))
    assert len(catalogs) == 5
    for catalog in catalogs:
        report = tmp_path / "report.po"
        subprocess.run(["pofilter", "--progress=none", *args, str(catalog), str(report)], check=True)
        assert not report.exists(), report.read_text()
    broken = tmp_path / "broken.po"
    catalog = polib.pofile(str(out / "en" / "gipfel.de.po"))
    [entry] = [e for e in catalog if "https://example.org/gespraeche" in e.msgid]
    entry.msgstr = entry.msgstr.replace("https://example.org/gespraeche", "https://example.org/talks")
    catalog.save(str(broken))
    subprocess.run(["pofilter", "--progress=none", *args, str(broken), str(tmp_path / "report.po")], check=True)
    assert "urls" in (tmp_path / "report.po").read_text()


def test_build_feeds_the_memory_with_reviewed_entries(run, article, tmp_path):
    out = tmp_path / "locales"
    translate(run, article, out=out)
    review(out / "en" / "meldung.po", "Der erste Satz bleibt.", EDIT)
    assert run("build", article, "--to", "en", "--out", out, "--quiet").code == 0
    from uebersetzer.catalog.memory import TranslationMemory

    humans = [u for u in TranslationMemory(out / ".tm.sqlite").units() if u.origin == "human"]
    assert [(u.source, u.target) for u in humans] == [("Der erste Satz bleibt.", EDIT)]


def test_an_editors_unreviewed_words_survive_a_source_change(run, article, tmp_path):
    """An editor changed a translation but left it fuzzy; the source then changed too."""
    out = tmp_path / "locales"
    translate(run, article, out=out)
    po_path = out / "en" / "meldung.po"
    catalog = polib.pofile(str(po_path))
    catalog.find("Der zweite Satz wird geändert.").msgstr = "The second sentence, half reviewed."
    catalog.save()
    article.write_text(V1.replace("wird geändert", "wurde geändert"))
    summary, _ = translate(run, article, out=out)
    entry = polib.pofile(str(po_path)).find("Der zweite Satz wurde geändert.")
    assert entry.msgstr == "The second sentence, half reviewed." and entry.fuzzy
    assert entry.previous_msgid == "Der zweite Satz wird geändert."
    assert summary["sentences_translated"] == 0


def test_a_reviewed_translation_too_far_from_the_edit_is_kept_as_obsolete(run, article, tmp_path):
    out = tmp_path / "locales"
    translate(run, article, out=out)
    po_path = out / "en" / "meldung.po"
    review(po_path, "Der zweite Satz wird geändert.", "Reviewed words.")
    article.write_text(V1.replace("Der zweite Satz wird geändert.", "Der zweite Absatzteil wird ganz neu."))
    translate(run, article, out=out)
    catalog = polib.pofile(str(po_path))
    entry = catalog.find("Der zweite Absatzteil wird ganz neu.")
    assert entry.fuzzy and entry.previous_msgid == "Der zweite Satz wird geändert."
    assert entry.msgstr != "Reviewed words."  # too different to start from: fresh machine translation
    assert [(e.msgid, e.msgstr) for e in catalog.obsolete_entries()] == [
        ("Der zweite Satz wird geändert.", "Reviewed words.")]


KEPT_ARTICLE = ("Gipfel in Berlin\n\nDer Präsident zahlte 312 Euro für das Treffen in Berlin. Die Minister sprachen "
                "lange über die Lage im Land und über die Zukunft der Wirtschaft.\n\nwww.gipfel-berlin.example\n\n"
                "The company said that 9,000 workers would lose their jobs in the coming months because of the crisis."
                "\n\nAm Abend gab es ein Essen mit den Gästen aus dem Ausland, und danach fuhren alle nach Hause.\n")
KEPT = ("www.gipfel-berlin.example",
        "The company said that 9,000 workers would lose their jobs in the coming months because of the crisis.")


def test_a_kept_sentence_stays_kept_on_reruns_is_not_fuzzy_and_becomes_the_editors_once_changed(run, tmp_path):
    path, out = tmp_path / "gipfel.txt", tmp_path / "out"
    path.write_text(KEPT_ARTICLE)
    first, _ = translate(run, path, out=out)
    assert (first["sentences_kept"], first["sentences_translated"]) == (2, 4)
    po_path = out / "en" / "gipfel.po"
    kept = {e.msgid: e for e in entries(po_path) if e.msgid in KEPT}
    assert all(e.msgstr == e.msgid and "fuzzy" not in e.flags for e in kept.values())  # nothing to review
    assert first["fuzzy"] == 4
    again, _ = translate(run, path, out=out)
    assert (again["sentences_kept"], again["sentences_reused"], again["fuzzy"]) == (2, 4, 4)
    review(po_path, KEPT[0], "https://www.gipfel-berlin.example")  # the editor's words now
    third, _ = translate(run, path, out=out)
    assert (third["sentences_kept"], third["sentences_reused"]) == (1, 5)
    assert {e.msgid: e.msgstr for e in entries(po_path)}[KEPT[0]] == "https://www.gipfel-berlin.example"
