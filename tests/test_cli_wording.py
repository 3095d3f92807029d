"""Lines that say what happened and nothing else (t6 items 11, 14, 19, 20)."""

from __future__ import annotations

ARTICLE = "Der Präsident trifft den Minister.\n\nDie Gespräche gehen am Montag weiter.\n"


def test_glossary_check_without_a_glossary_checks_nothing_and_says_so(run, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # no 'glossary' folder here
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    result = run("glossary", "check", "a.txt", "--to", "en")
    assert result.code == 2
    assert result.err.strip() == (f"uebersetzer: error: no glossary to check the outputs against: there is no "
                                  f"'glossary' folder in {tmp_path}; pass --glossary PATH")
    assert "no names were fixed" not in result.err + result.out


def test_glossary_check_says_when_no_term_occurs(run, tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "g.csv").write_text("source,en\nMoskau,Moscow\n", encoding="utf-8")
    assert run("translate", tmp_path / "a.txt", "--to", "en", "--from", "de", "--engine", "pseudo", "--out",
               tmp_path / "locales").code == 0
    result = run("glossary", "check", tmp_path / "a.txt", "--to", "en", "--glossary", tmp_path / "g.csv", "--out", tmp_path / "locales")
    assert result.code == 0, result.err
    assert f"no term of {tmp_path / 'g.csv'} occurs in the 1 article: nothing was checked" in result.out
