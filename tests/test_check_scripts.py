"""scripts/check_html_files.py and check_markdown_files.py, which check the formats on files we
did not write: what they call a failure must be one of ours."""

from __future__ import annotations

import sys

import pytest

from tests.conftest import ROOT
from tests.test_html_structure import GTK_DOC


@pytest.fixture
def scripts(monkeypatch):
    monkeypatch.syspath_prepend(str(ROOT / "scripts"))


def test_check_html_files_passes_gtk_doc_markup_with_self_closing_anchors(scripts, tmp_path):
    import check_html_files

    page = tmp_path / "libxslt-variables.html"
    page.write_text(GTK_DOC.replace("<html>", '<html xmlns="http://www.w3.org/1999/xhtml" xml:lang="en">'),
                    encoding="utf-8")
    assert check_html_files.check(page).startswith("ok")


def test_check_markdown_files_skips_front_matter_that_was_broken_in_the_source(scripts, tmp_path, capsys):
    import check_markdown_files

    broken = tmp_path / "broken.md"
    broken.write_text('---\ntitle: "Der Gipfel\ntags: [a\n---\n\n# Der Gipfel\n\nDer Präsident trifft den Minister.\n',
                      encoding="utf-8")
    good = tmp_path / "good.md"
    good.write_text("---\ntitle: Der Gipfel\n---\n\n# Der Gipfel\n\nDer Präsident trifft den Minister.\n",
                    encoding="utf-8")
    assert check_markdown_files.main([str(broken), str(good)]) == 0
    out = capsys.readouterr().out
    assert f"{broken}: skipped: front matter check: the source's front matter does not read as written" in out
    assert out.rstrip().endswith("2 of 2 ok (1 with front matter broken in the source: that check skipped)")
    assert sys.modules["check_markdown_files"].check(good) == []
