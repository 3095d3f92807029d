"""TMX export always imports again: whatever a sentence holds, our own file is well-formed XML."""

from __future__ import annotations

import shutil
import subprocess

from hypothesis import given, settings
from hypothesis import strategies as st

from uebersetzer.catalog.memory import TranslationMemory, Unit
from uebersetzer.catalog.tmx import dumps, loads, xml_text

# any code point, NUL, controls, lone surrogates and U+FFFE included
texts = st.text(st.characters(min_codepoint=0, max_codepoint=0x10FFFF), max_size=40)
# en -> en: a unit an article already in the target language left (x-engine copy, the same text twice)
units = st.builds(Unit, st.sampled_from(["de", "fr", "en"]), st.sampled_from(["en", "ja"]), texts, texts,
                  st.sampled_from(["human", "machine"]), st.sampled_from(["", "argos", "pseudo\x00"]),
                  st.sampled_from(["", "de-en@1.0"]), st.integers(0, 2_000_000_000).map(float),
                  notes=st.lists(texts, max_size=2).map(tuple))


@settings(max_examples=200, deadline=None)
@given(st.lists(units, max_size=5))
def test_export_then_import_gives_the_units_back_minus_what_xml_cannot_hold(original):
    back = loads(dumps(original).encode("utf-8"), "memory.tmx")
    expected = [Unit(u.source_language, u.target_language, xml_text(u.source), xml_text(u.target), u.origin,
                     xml_text(u.engine), u.model_version, u.updated,
                     notes=tuple(map(xml_text, u.notes)) if u.origin == "machine" else ()) for u in original]
    assert back == expected


def test_a_nul_in_the_memory_exports_a_file_xmllint_accepts(tmp_path, run):
    memory = TranslationMemory(tmp_path / "tm.sqlite")
    memory.store([Unit("de", "en", "Null\x00Byte und\r\nZeilen", "Null byte", "human")])
    memory.close()
    result = run("tm", "export", tmp_path / "m.tmx", "--tm", tmp_path / "tm.sqlite", "--quiet")
    assert result.code == 0, result.err
    assert loads((tmp_path / "m.tmx").read_bytes(), "m.tmx")[0].source == "NullByte und\r\nZeilen"
    if shutil.which("xmllint"):  # libxml2's own check, when it is installed
        subprocess.run(["xmllint", "--noout", str(tmp_path / "m.tmx")], check=True)


def test_a_po2tmx_file_of_fuzzy_entries_imports_nothing_and_says_why(tmp_path, run):
    """translate-toolkit's po2tmx leaves fuzzy entries out: the TMX of a fresh machine
    translation has an empty body, and "0 units imported" alone read as a bug."""
    po = tmp_path / "a.po"
    po.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
                  '#, fuzzy\nmsgid "Der Präsident kam."\nmsgstr "The president came."\n', encoding="utf-8")
    tmx = tmp_path / "a.tmx"
    subprocess.run(["po2tmx", "--language", "en", "--source-language", "de", str(po), str(tmx)], check=True,
                   capture_output=True)
    result = run("tm", "import", tmx, "--tm", tmp_path / "tm.sqlite")
    assert result.code == 0 and "0 units imported" in result.out
    assert "holds no translation unit in two languages; nothing to import" in result.err
    po.write_text(po.read_text(encoding="utf-8").replace("#, fuzzy\n", ""), encoding="utf-8")
    subprocess.run(["po2tmx", "--language", "en", "--source-language", "de", str(po), str(tmx)], check=True,
                   capture_output=True)
    result = run("tm", "import", tmx, "--tm", tmp_path / "tm.sqlite")
    assert "1 unit imported" in result.out and result.err == ""


def test_a_copied_sentence_exports_and_imports_as_one_unit_and_a_unit_without_translation_is_said(tmp_path, run):
    """`tm export` said 54 units and `tm import` of that file 53: the en -> en unit of an article
    already in English (x-engine copy, the same text twice) was dropped without a word."""
    memory = TranslationMemory(tmp_path / "tm.sqlite")
    memory.store([Unit("de", "en", "Der Präsident kam.", "The president came.", "machine", "argos"),
                  Unit("en", "en", "The president came.", "The president came.", "machine", "copy")])
    memory.close()
    assert "2 units written" in run("tm", "export", tmp_path / "m.tmx", "--tm", tmp_path / "tm.sqlite").out
    result = run("tm", "import", tmp_path / "m.tmx", "--tm", tmp_path / "fresh.sqlite")
    assert result.code == 0 and "2 units imported" in result.out and result.err == "", result.err
    again = TranslationMemory(tmp_path / "fresh.sqlite")
    assert sorted((u.source_language, u.target_language, u.target, u.engine) for u in again.units()) == [
        ("de", "en", "The president came.", "argos"), ("en", "en", "The president came.", "copy")]
    again.close()
    text = (tmp_path / "m.tmx").read_text(encoding="utf-8")
    (tmp_path / "m.tmx").write_text(text.replace("</body>", '<tu><tuv xml:lang="de"><seg>Allein.</seg></tuv></tu></body>'),
                                    encoding="utf-8")
    result = run("tm", "import", tmp_path / "m.tmx", "--tm", tmp_path / "fresh.sqlite")
    assert "2 units imported" in result.out
    assert result.err == (f"warning: {tmp_path / 'm.tmx'}: 1 translation unit left out, holding no translation: "
                          "translation unit 3: 1 segment(s), no translation to take\n")
