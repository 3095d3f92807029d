"""TOML front matter on Python 3.10, which has no tomllib: pyproject says requires-python >= 3.10,
and `import uebersetzer.formats` failed there (ModuleNotFoundError: tomllib). front_matter.py
falls back to tomli, the same parser, which pyproject installs on 3.10 only."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def test_pyproject_installs_tomli_where_the_standard_library_has_no_tomllib():
    import tomli  # the test extra's: what the fallback is tested with

    project = tomli.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["requires-python"] == ">=3.10"
    assert [d for d in project["dependencies"] if d.startswith("tomli")] == ["tomli>=1.1; python_version < '3.11'"]


def test_toml_front_matter_is_read_with_tomli_when_there_is_no_tomllib():
    pytest.importorskip("tomli", reason="tomli (the test extra) is not installed")
    script = textwrap.dedent("""
        import sys
        sys.modules["tomllib"] = None  # as on Python 3.10: `import tomllib` raises ModuleNotFoundError
        from uebersetzer.formats import front_matter
        assert front_matter.tomllib.__name__ == "tomli", front_matter.tomllib
        text = '+++\\ntitle = "Gipfel in Berlin"\\nslug = "gipfel"\\n+++\\nText.\\n'
        front = front_matter.delimited(text)
        print([(f.key, f.text) for f in front_matter.delimited_fields(text, front)])
        try:
            front_matter.delimited_fields('+++\\ntitle = "open\\n+++\\n', front_matter.delimited('+++\\ntitle = "open\\n+++\\n'))
        except front_matter.Malformed as error:
            print(error)
    """)
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            env={"PYTHONPATH": str(ROOT / "src"), "PATH": "/usr/bin:/bin"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == "[('title', 'Gipfel in Berlin')]"
    assert result.stdout.splitlines()[1].startswith("it is not valid TOML")
