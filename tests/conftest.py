"""Shared test helpers: the fixture and reference articles, the CLI run in-process, real PO validators.

The core suite runs on `tests/fixtures/articles/riad.de.txt`, a hand-written article with the
structures the reference article has (cut paragraphs, headings with commas, bold spans,
genitives, names in compounds, a sources list, a footer without final newline). The
reference article itself lives in ../shared, beside a development checkout but not in a
user's clone: tests that read it skip, saying why, when it is absent.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import polib
import pytest
from hypothesis import settings

# The property tests draw the same examples on every run ("derandomize": a seed from each test
# itself), so a red run means the change broke something, never that the draw was unlucky: CI
# had gone red on a new random example unrelated to the change (nothing lands then). Finding
# new examples is done on purpose, with HYPOTHESIS_PROFILE=explore (README "Tests"), and each
# one found is pinned with @example in the test.
settings.register_profile("repeatable", derandomize=True, database=None)
settings.register_profile("explore")  # Hypothesis's own defaults: new random examples on every run
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT.parent / "shared" / "seeds" / "000_70d3c8a4cd60ef26.txt"
EXAMPLES = ROOT / "examples"
FIXTURES = ROOT / "tests" / "fixtures"
ARTICLE = FIXTURES / "articles" / "riad.de.txt"
NO_REFERENCE = f"reference article {REFERENCE} absent: ../shared does not sit beside this checkout"
needs_reference = pytest.mark.skipif(not REFERENCE.exists(), reason=NO_REFERENCE)


@dataclass
class Result:
    code: int
    out: str
    err: str


_SESSION_CACHE: list[str] = []


def pytest_configure(config):
    # one cache folder for the session (language profiles), away from the user's own
    _SESSION_CACHE.append(tempfile.mkdtemp(prefix="uebersetzer-test-cache-"))
    os.environ["XDG_CACHE_HOME"] = _SESSION_CACHE[-1]
    config.addinivalue_line("markers", "broken_po: the test leaves a deliberately broken PO file behind")


def pytest_unconfigure(config):
    # 40-75 MB a session: left behind, hundreds of runs filled the disk
    for folder in _SESSION_CACHE:
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="module")
def package_folder(tmp_path_factory) -> Path:
    """A packages folder with the de -> en fixture model installed, once per test module, for
    tests through the real argos engine (ARGOS_PACKAGES_DIR). A module that needs other
    models defines its own."""
    from uebersetzer import models

    folder = tmp_path_factory.mktemp("packages")
    models.install_file(FIXTURES / "models" / "de_en.argosmodel", folder)
    return folder


@pytest.fixture
def run(monkeypatch, capsys):
    """Run `uebersetzer ARGS...` through the real entry point (error handling included)."""
    from uebersetzer.cli import main

    def invoke(*args: str) -> Result:
        monkeypatch.setattr(sys, "argv", ["uebersetzer", *map(str, args)])
        capsys.readouterr()
        try:
            main()
            code = 0
        except SystemExit as exit_:
            code = exit_.code if isinstance(exit_.code, int) else (0 if exit_.code is None else 1)
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return invoke


def _copied(original: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "articles" / original.name
    copy.parent.mkdir(exist_ok=True)
    shutil.copy(original, copy)
    return copy


@pytest.fixture
def reference(tmp_path: Path) -> Path:
    """A copy of the reference article from ../shared; the test skips when it is absent."""
    if not REFERENCE.exists():
        pytest.skip(NO_REFERENCE)
    return _copied(REFERENCE, tmp_path)


@pytest.fixture
def fixture_article(tmp_path: Path) -> Path:
    """A copy of the project's own hand-written article (tests/fixtures/articles/riad.de.txt)."""
    return _copied(ARTICLE, tmp_path)


def msgfmt_check(path: Path) -> None:
    """GNU gettext's own validator; fails the test with its message."""
    result = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(path)], capture_output=True, text=True)
    assert result.returncode == 0, f"msgfmt --check {path}:\n{result.stderr}"


def msgcat_unchanged(path: Path) -> None:
    """gettext rewrites the file exactly as we wrote it: same wrapping, same layout."""
    result = subprocess.run(["msgcat", str(path)], capture_output=True, text=True, check=True)
    assert result.stdout == path.read_text(encoding="utf-8")


def entries(path: Path) -> list[polib.POEntry]:
    return [e for e in polib.pofile(str(path)) if not e.obsolete]


@pytest.fixture(autouse=True)
def _check_every_po_file_written(tmp_path: Path, monkeypatch, request):
    """Tests run in their own folder (no repo glossary/ or locales/ picked up by default), and
    every PO file a test leaves there passes msgfmt --check, unless the test broke one on
    purpose (marked broken_po) or wrote it in another charset."""
    monkeypatch.chdir(tmp_path)
    yield
    if request.node.get_closest_marker("broken_po"):
        return
    for path in tmp_path.rglob("*.po"):
        msgfmt_check(path)


def stderr_on_a_terminal(arguments: list[str], **popen: object) -> tuple[int, str]:
    """Run `uebersetzer ARGUMENTS...` with stderr on a pseudo-terminal, as a user's shell gives
    it (progress bars are drawn only there); its exit code and what it wrote there."""
    import pty

    controller, terminal = pty.openpty()
    process = subprocess.Popen([sys.executable, "-m", "uebersetzer", *arguments], stdout=subprocess.DEVNULL,
                               stderr=terminal, **popen)  # type: ignore[call-overload]
    os.close(terminal)
    chunks = []
    while True:
        try:
            data = os.read(controller, 4096)
        except OSError:  # the terminal closed: the process has gone
            break
        if not data:
            break
        chunks.append(data)
    process.wait()
    os.close(controller)
    return process.returncode, b"".join(chunks).decode(errors="replace")
