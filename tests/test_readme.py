"""The README as a user reads it: every cross-reference leads somewhere, and the Python example runs."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _words(text: str) -> str:
    return " ".join(text.split())


def targets() -> set[str]:
    """What a reference may name: a heading, also without its parenthesized tail ("Scaling out
    (Ray)"), or a paragraph's bold lead ("**Articles gone.**"), which a reader finds as easily."""
    found = set()
    for heading in re.findall(r"^#{1,6}\s+(.+?)\s*$", README, re.MULTILINE):
        found.add(_words(heading))
    found |= {_words(lead).rstrip(".:") for lead in re.findall(r"\*\*([^*\n]+(?:\n[^*\n]+)?)\*\*", README)}
    return found


def test_every_see_reference_names_a_heading_or_a_bold_lead():
    """`see "How review works"` named a section that is "The review loop"."""
    known = targets()
    references = [_words(name) for name in re.findall(r'\b[Ss]ee\s+"([^"]+)"', README)]
    assert len(references) > 10  # the pattern still finds them
    assert [name for name in references if name not in known] == []


def test_every_markdown_anchor_link_names_a_heading():
    anchors = {re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")
               for heading in re.findall(r"^#{1,6}\s+(.+)$", README, re.MULTILINE)}
    links = re.findall(r"\]\(#([\w-]+)\)", README)
    assert links and [link for link in links if link not in anchors] == []


def python_example() -> str:
    section = README.split("\n## Using it from Python\n", 1)[1].split("\n## ", 1)[0]
    [code] = re.findall(r"```python\n(.*?)```", section, re.DOTALL)
    return code


def test_the_python_example_runs_and_translates_the_demo_article(monkeypatch, capsys):
    monkeypatch.chdir(ROOT)  # as the README says: run from the clone
    exec(compile(python_example(), "README.md (Using it from Python)", "exec"), {"__name__": "__main__"})
    first, *article = capsys.readouterr().out.splitlines()
    assert first.startswith("de ")  # the demo article's language, and how sure
    assert article[0].startswith("[") and "ĝ" in article[0].lower()  # pseudo-translated: accented, bracketed
    assert any(line.startswith("„We will not sign anything") for line in article)  # the English quote kept


def test_the_python_section_names_what_the_functions_raise(monkeypatch, tmp_path):
    """Every error class the section names is an UebersetzerError, and each example it gives raises it."""
    import uebersetzer.errors as errors
    from uebersetzer.engines import create_engine
    from uebersetzer.translate import Request, translate_requests

    section = README.split("\n## Using it from Python\n", 1)[1].split("\n## ", 1)[0]
    named = set(re.findall(r"`(\w+Error)`", section))
    assert named == {"UebersetzerError", "ArticleError", "UsageError", "EngineError"}
    assert all(issubclass(getattr(errors, name), errors.UebersetzerError) for name in named)
    try:
        create_engine("no-such-engine")
    except errors.UsageError as error:
        assert error.message
    else:
        raise AssertionError("an unknown engine name raised nothing")
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(tmp_path))  # no package: no pair is covered
    try:
        translate_requests([Request("de", "ja", "Der Präsident trifft den Minister.", "text")],
                           create_engine("argos"))
    except errors.EngineError as error:
        assert "de -> ja" in error.message
    else:
        raise AssertionError("a pair without a model raised nothing")
