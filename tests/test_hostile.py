"""Hostile input: every bad input a user can type or a file can hold gets one clear line, the
right exit code, no traceback and no `internal error`; nothing is written outside --out, and
no file under it that uebersetzer did not write is touched.

One table: the command, the input it is run on (made by a setup function in the test's own
folder), the environment, the expected exit code and a regex the one line must match. Each
case runs through the real entry point (cli.main), in-process.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import stat
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import pytest

from tests.conftest import EXAMPLES
from uebersetzer.catalog import memory as memory_module
from uebersetzer.fsio import TEMPORARY_SUFFIX

ARTICLE = (EXAMPLES / "gipfel.de.txt").read_text(encoding="utf-8")
PSEUDO = ("--engine", "pseudo", "--out", "out", "--quiet")
ARGOS = ("--engine", "argos", "--out", "out", "--quiet")


def article(path: str, text: str = ARTICLE) -> str:
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    Path(path).write_text(text, encoding="utf-8")
    return path


def nothing() -> None:
    return None


def one_article() -> None:
    article("in/gipfel.de.txt")


def one_article_and_an_output_folder() -> None:
    one_article()
    Path("out").mkdir()


@dataclass(frozen=True)
class Case:
    name: str
    args: tuple[str, ...]
    code: int
    line: str  # a regex one line of stderr must match
    setup: Callable[[], None] = one_article
    env: dict[str, str] = field(default_factory=dict)
    writes: tuple[str, ...] = ("out",)  # where the command may write (prefixes, relative to the test folder)

    def __str__(self) -> str:
        return self.name


def translate(*extra: str, paths: tuple[str, ...] = ("in",), engine: tuple[str, ...] = PSEUDO) -> tuple[str, ...]:
    return ("translate", *paths, "--to", "en", *engine, *extra)


# -- setups ------------------------------------------------------------------------------------


def random_bytes_memory() -> None:
    one_article()
    Path("tm.sqlite").write_bytes(bytes(range(256)) * 40)


def folder_memory() -> None:
    one_article()
    Path("tm.sqlite").mkdir()


def a_memory() -> None:
    memory = memory_module.TranslationMemory(Path("tm.sqlite"))
    assert memory.units() == []  # made, empty
    memory.close()


def unknown_origin_tmx() -> None:
    Path("in.tmx").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header srclang="de"/><body>'
        '<tu><prop type="x-origin">robot</prop><tuv xml:lang="de"><seg>Hallo Welt.</seg></tuv>'
        '<tuv xml:lang="en"><seg>Hello world.</seg></tuv></tu></body></tmx>\n', encoding="utf-8")


def a_tmx() -> None:
    Path("in.tmx").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header srclang="de"/><body>'
        '<tu><tuv xml:lang="de"><seg>Hallo Welt.</seg></tuv>'
        '<tuv xml:lang="en"><seg>Hello world.</seg></tuv></tu></body></tmx>\n', encoding="utf-8")


def a_catalog_to_review() -> None:
    Path("out/en").mkdir(parents=True)
    Path("out/en/gipfel.de.po").write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: en\\n"\n\n'
        'msgid "Hallo Welt."\nmsgstr "Hello world."\n', encoding="utf-8")


def csv_glossary(text: str) -> Callable[[], None]:
    def setup() -> None:
        one_article()
        Path("terms.csv").write_text(text, encoding="utf-8")
    return setup


def latin1_glossary() -> None:
    one_article()
    Path("terms.yaml").write_bytes("- source: Genf\n  target: {fr: Genève}\n".encode("latin-1"))


def glossary(text: str) -> Callable[[], None]:
    def setup() -> None:
        one_article()
        Path("terms.yaml").write_text(text, encoding="utf-8")
    return setup


ALIAS_BOMB = "\n".join(
    [f'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    + [f"{letter}: &{letter} [{','.join(['*' + previous] * 9)}]" for previous, letter in zip("abcdefgh", "bcdefghi")]
) + "\n"


def non_utf8_name() -> None:
    one_article()
    with open(os.fsencode("in") + b"/caf\xe9.txt", "wb") as handle:
        handle.write(ARTICLE.encode("utf-8"))


def non_utf8_name_in_subfolder() -> None:
    one_article()
    os.mkdir("in/sub")
    with open(os.fsencode("in/sub") + b"/caf\xe9.txt", "wb") as handle:
        handle.write(ARTICLE.encode("utf-8"))


def binary_file() -> None:
    Path("bad").mkdir()
    Path("bad/random.bin").write_bytes(bytes(range(256)) * 4)


def empty_in_subfolder() -> None:
    one_article()
    article("in/sub/leer.txt", "")


def no_packages() -> None:
    one_article()
    Path("no-packages").mkdir()


def fifo() -> None:
    os.mkfifo("pipe.txt")


def fifo_glossary() -> None:
    one_article()
    os.mkfifo("pipe.yaml")


def folder_out() -> None:
    one_article()
    Path("out").mkdir()


def user_temporary_in_out() -> None:
    one_article()
    Path("out").mkdir()
    Path("out/.notes.tmp").write_text("my notes", encoding="utf-8")
    Path("out/en").mkdir()
    Path("out/en/.draft.tmp").write_text("a draft", encoding="utf-8")


def same_stem() -> None:
    article("in/gipfel.txt")
    article("in/gipfel.md")


def same_name_in_two_folders() -> None:
    article("d1/x.txt")
    article("d2/x.txt", ARTICLE.replace("Genf", "Oslo"))


def stray_byte() -> None:
    Path("in").mkdir()
    data = ARTICLE.encode("utf-8")
    third_line = data.index(b"\n", data.index(b"\n") + 1) + 1
    Path("in/gipfel.de.txt").write_bytes(data[:third_line + 5] + b"\xff" + data[third_line + 5:])


def _file_at(name: str) -> None:
    Path(name).parent.mkdir(parents=True)
    Path(name).write_text("not a folder\n", encoding="utf-8")


def a_file_beside_the_article() -> None:
    one_article()
    Path("a-file").write_text("not a folder\n", encoding="utf-8")
    Path("no-config").mkdir()


def no_gpu() -> bool:
    import ctranslate2

    try:
        return ctranslate2.get_cuda_device_count() == 0
    except RuntimeError:
        return True


CASES = [
    # settings: environment variables and options, checked once, naming their source
    *[Case(f"{variable}={value}", translate(engine=ARGOS), 2, rf"^uebersetzer: error: {variable}={re.escape(value)}: "
           rf"expected a whole number from \d+ to \d+; fix or unset {variable}$", env={variable: value})
      for variable in ("ARGOS_BEAM_SIZE", "ARGOS_INTRA_THREADS", "UEBERSETZER_BATCH_TOKENS",
                       "UEBERSETZER_BATCH_HYPOTHESES")
      for value in ("abc", "0", "-1", "-5", "+4", "1_000", "\u0663", "1.5") if (variable, value) != ("ARGOS_INTRA_THREADS", "0")],
    # glibc ignores a value it cannot read: the one-arena setting would be skipped for nothing
    *[Case(f"MALLOC_ARENA_MAX={value}", translate(engine=ARGOS), 2, rf"^uebersetzer: error: MALLOC_ARENA_MAX={value}: "
           r"expected a whole number from 1 to \d+; fix or unset MALLOC_ARENA_MAX$", env={"MALLOC_ARENA_MAX": value})
      for value in ("junk", "0", "-2", "1.5")],
    Case("ARGOS_DEVICE_TYPE=tpu", translate(engine=ARGOS), 2,
         r"^uebersetzer: error: ARGOS_DEVICE_TYPE=tpu: expected one of cpu, cuda, auto", env={"ARGOS_DEVICE_TYPE": "tpu"}),
    Case("ARGOS_COMPUTE_TYPE=bogus", translate(engine=ARGOS), 2,
         r"^uebersetzer: error: ARGOS_COMPUTE_TYPE=bogus: expected one of auto, default, int8",
         env={"ARGOS_COMPUTE_TYPE": "bogus"}),
    Case("--device tpu", translate("--device", "tpu", engine=ARGOS), 2, r"Invalid value for '--device': 'tpu'"),
    Case("--compute-type bogus", translate("--compute-type", "bogus", engine=ARGOS), 2,
         r"Invalid value for '--compute-type': 'bogus'"),
    Case("--beam-size 0", translate("--beam-size", "0", engine=ARGOS), 2, r"Invalid value for '--beam-size': 0 is not"),
    Case("--threads -1", translate("--threads", "-1", engine=ARGOS), 2, r"Invalid value for '--threads': -1 is not"),
    *([Case("--device cuda without a GPU", translate("--device", "cuda", engine=ARGOS), 2,
            r"^uebersetzer: error: --device=cuda: no CUDA GPU is usable here"),
       Case("ARGOS_DEVICE_TYPE=cuda without a GPU", translate(engine=ARGOS), 2,
            r"^uebersetzer: error: ARGOS_DEVICE_TYPE=cuda: no CUDA GPU .*; fix or unset ARGOS_DEVICE_TYPE$",
            env={"ARGOS_DEVICE_TYPE": "cuda"})] if no_gpu() else []),
    # folders named by the environment ({here}: the test's folder, for a variable read as absolute)
    *[Case(f"ARGOS_PACKAGES_DIR is a file: {' '.join(args[:2])}", args, 2,
           r"^uebersetzer: error: ARGOS_PACKAGES_DIR=a-file: a-file is a file, not a folder; "
           r"fix or unset ARGOS_PACKAGES_DIR$", a_file_beside_the_article, env={"ARGOS_PACKAGES_DIR": "a-file"})
      for args in (translate("--from", "de", engine=ARGOS), ("models", "list"), ("models", "install", "de", "en"))],
    Case("ARGOS_PACKAGES_DIR through a file", ("models", "list"), 2,
         r"^uebersetzer: error: ARGOS_PACKAGES_DIR=a-file/sub: a-file is a file, not a folder \(Argos packages go "
         r"in a-file/sub\); move it away, or fix or unset ARGOS_PACKAGES_DIR$", a_file_beside_the_article,
         env={"ARGOS_PACKAGES_DIR": "a-file/sub"}),
    Case("XDG_DATA_HOME is a file", translate("--from", "de", engine=ARGOS), 2,
         r"^uebersetzer: error: XDG_DATA_HOME=/\S+/a-file: /\S+/a-file is a file, not a folder \(Argos packages go in "
         r"/\S+/a-file/argos-translate/packages\); move it away, or fix or unset XDG_DATA_HOME$", a_file_beside_the_article,
         env={"XDG_DATA_HOME": "{here}/a-file", "ARGOS_PACKAGES_DIR": "", "XDG_CONFIG_HOME": "{here}/no-config"}),
    Case("XDG_DATA_HOME holds a file where the package folder goes", ("models", "list"), 2,
         r"^uebersetzer: error: XDG_DATA_HOME=/\S+/data: /\S+/data/argos-translate/packages is a file, not a folder; "
         r"move it away, or fix or unset XDG_DATA_HOME$", lambda: _file_at("data/argos-translate/packages"),
         env={"XDG_DATA_HOME": "{here}/data", "ARGOS_PACKAGES_DIR": "", "XDG_CONFIG_HOME": "{here}/no-config"}),
    # the profile cache only saves time: a cache home that cannot be one is ignored, as the XDG
    # spec has a relative one ignored, and ~/.cache used (language_profiles.cache_folder)
    *[Case(f"XDG_CACHE_HOME={value}", translate(), 0, r"^$", a_file_beside_the_article,
           env={"XDG_CACHE_HOME": value, "HOME": "{here}/home"}, writes=("out", "home"))
      for value in ("{here}/a-file", "{here}/a-file/cache", "relative/cache")],
    # options: one usage line and rc 2, never a traceback, --debug or not
    Case("--debug before the command", ("--debug", *translate()), 0, r"^$"),
    Case("--version --debug", ("--version", "--debug"), 0, r"^$"),
    Case("an unknown option with --debug", translate("--debug", "--foo"), 2,
         r"^uebersetzer translate: error: No such option '--foo'"),
    Case("an unknown top-level option", ("--foo", *translate()), 2, r"^uebersetzer: error: No such option '--foo'"),
    Case("a bad option value with --debug", translate("--debug", "--beam-size", "0", engine=ARGOS), 2,
         r"Invalid value for '--beam-size': 0 is not"),
    # translation memory
    Case("memory of random bytes", translate("--tm", "tm.sqlite"), 1,
         r"^uebersetzer: error: tm.sqlite: not a translation memory \(not an SQLite database\)", random_bytes_memory,
         writes=("out",)),
    Case("memory is a folder", translate("--tm", "tm.sqlite"), 2, r"^uebersetzer: error: tm.sqlite: is a folder",
         folder_memory),
    Case("tm import of a unit with an unknown x-origin", ("tm", "import", "in.tmx", "--tm", "tm.sqlite"), 2,
         r"^uebersetzer: error: in.tmx: translation unit 1 \('Hallo Welt.'\): x-origin 'robot' is neither human "
         r"nor machine", unknown_origin_tmx, writes=("tm.sqlite",)),
    Case("tm export from a memory that does not exist", ("tm", "export", "x.tmx", "--tm", "nothere.sqlite"), 2,
         r"^uebersetzer: error: no such translation memory: nothere.sqlite", nothing, writes=()),
    Case("tm export with no default memory", ("tm", "export", "x.tmx"), 2,
         r"^uebersetzer: error: no such translation memory: locales/.tm.sqlite", nothing, writes=()),
    Case("tm export into a folder that does not exist", ("tm", "export", "no/dir/x.tmx", "--tm", "tm.sqlite"), 2,
         r"^uebersetzer: error: no/dir: no such folder", a_memory, writes=("tm.sqlite",)),
    Case("tm export to a folder", ("tm", "export", "in", "--tm", "out/tm.sqlite"), 2,
         r"Invalid value for 'FILE': File 'in' is a directory"),
    # a memory in a folder that does not exist: a typo must not create a folder tree
    *[Case(f"{args[0]} {args[1]} --tm in a missing folder", (*args, "--tm", "no/such/tm.sqlite"), 2,
           r"^uebersetzer: error: no/such/tm.sqlite: the translation memory's folder no/such does not exist; "
           r"create the folder first, or name another --tm$", setup, writes=())
      for args, setup in ((translate(), one_article),
                          (("build", "in", "--to", "en", "--out", "out"), one_article_and_an_output_folder),
                          (("tm", "import", "in.tmx"), a_tmx),
                          (("review", "out", "--no-browser", "--port", "0"), a_catalog_to_review))],
    Case("an --out that cannot be a folder", ("translate", "in", "--to", "en", "--from", "de", "--engine", "pseudo",
                                               "--out", "/proc/uebersetzer-out"), 2,
         r"^uebersetzer: error: /proc/uebersetzer-out: cannot be the output folder \(No such file or directory\); "
         r"name another with --out$", one_article),
    Case("build from a mistyped --out", ("build", "in", "--to", "en", "--out", "typo"), 2,
         r"^uebersetzer: error: no such output folder: typo; run 'uebersetzer translate' first, or name the folder "
         r"it wrote with --out$", one_article, writes=()),
    Case("tm import into the default memory of a missing --out", ("tm", "import", "in.tmx", "--out", "no/out"), 2,
         r"^uebersetzer: error: no/out/.tm.sqlite: the translation memory's folder no/out does not exist; ", a_tmx,
         writes=()),
    Case("--tm below a file", translate("--tm", "a-file/tm.sqlite"), 2,
         r"^uebersetzer: error: a-file/tm.sqlite: a-file is a file, so the translation memory's folder a-file cannot "
         r"exist; move the file away, or name another --tm$", a_file_beside_the_article, writes=()),
    Case("the default memory of a new --out folder tree", translate(paths=("in",), engine=(
        "--engine", "pseudo", "--out", "new/out", "--quiet")), 0, r"^$", writes=("new",)),
    Case("a new memory in a folder that exists", translate("--tm", "tm.sqlite"), 0, r"^$",
         writes=("out", "tm.sqlite")),
    # glossaries
    Case("empty glossary", translate("--glossary", "terms.yaml"), 0, r"^$", glossary("")),
    Case("comment-only glossary", translate("--glossary", "terms.yaml"), 0, r"^$", glossary("# nothing yet\n")),
    Case("ignore_case with İstanbul", translate("--glossary", "terms.yaml"), 0, r"^$",
         glossary("- {source: Genf, variants: [İstanbul], target: {en: Geneva}, ignore_case: true}\n")),
    Case("a glossary that is not UTF-8", translate("--glossary", "terms.yaml"), 2,
         r"^uebersetzer: error: terms.yaml:2: not a UTF-8 text file \(a glossary is YAML, CSV or TBX written as "
         r"UTF-8\); save it as UTF-8, or name the glossary with --glossary$",
         latin1_glossary),
    # a quote never closed swallowed every row after it, silently
    Case("a CSV glossary with a quote never closed", translate("--glossary", "terms.csv"), 2,
         r"^uebersetzer: error: terms.csv:3: broken CSV row \(unexpected end of data\); close its quote, or quote "
         r"the field whole$",
         csv_glossary('source,en\nBahn,Deutsche Bahn\n"Lokführergewerkschaft,GDL\nStreik,strike\n')),
    Case("a CSV glossary row with more fields than the header", translate("--glossary", "terms.csv"), 2,
         r"^uebersetzer: error: terms.csv:2: 3 fields where the header names 2; quote a field that holds a comma$",
         csv_glossary("source,en\nMoskau,Moscow,extra\n")),
    Case("a CSV glossary field with a quoted comma", translate("--glossary", "terms.csv"), 0, r"^$",
         csv_glossary('source,en\n"Moskau, Stadt",Moscow\n')),
    Case("a FIFO as the glossary", translate("--glossary", "pipe.yaml"), 2,
         r"^uebersetzer: error: pipe.yaml: not a regular file \(a FIFO, socket or device\)", fifo_glossary),
    Case("glossary extract into a folder", ("glossary", "extract", "in", "--out", "out"), 2,
         r"^uebersetzer: error: out: is a folder; name the file to write", folder_out),
    Case("YAML alias bomb", translate("--glossary", "terms.yaml"), 2,
         r"^uebersetzer: error: terms.yaml:2: broken YAML: alias \*a is not allowed in a glossary", glossary(ALIAS_BOMB)),
    # files and paths
    Case("a file name that is not UTF-8", translate(), 1,
         r"^error: in/caf\\xe9.txt: the file name is not valid UTF-8; rename it", non_utf8_name),
    Case("a file name that is not UTF-8 in a subfolder", translate(), 1,
         r"^error: in/sub/caf\\xe9.txt: the file name is not valid UTF-8; rename it", non_utf8_name_in_subfolder),
    Case("a FIFO on the command line", translate(paths=("pipe.txt",)), 2,
         r"^uebersetzer: error: pipe.txt: not a regular file \(a FIFO, socket or device\)", fifo),
    # a failure names the file as the user can find it: as given, or joined to the folder given
    Case("a binary file named with its folder", translate(paths=("bad/random.bin",)), 1,
         r"^error: bad/random.bin: binary file, not an article; remove it or pass only HTML, text or Markdown files$",
         binary_file),
    Case("an empty article below the folder given", translate(), 1,
         r"^error: in/sub/leer.txt: empty article; nothing to translate$", empty_in_subfolder),
    Case("no model, an article of the folder given", translate("--from", "de", engine=ARGOS), 1,
         r"^error: in/gipfel.de.txt: no model for de -> en in no-packages; install one with", no_packages, env={"ARGOS_PACKAGES_DIR": "no-packages"}),
    # never damage or lose files
    Case("a user's .tmp files in --out", translate(), 0, r"^$", user_temporary_in_out),
    Case("gipfel.txt and gipfel.md", translate(), 1,
         r"^error: in/gipfel.txt: its outputs would overwrite those of in/gipfel.md \(both are named gipfel.po\); "
         r"rename one of them$", same_stem),
    Case("d1/x.txt and d2/x.txt", translate(paths=("d1/x.txt", "d2/x.txt")), 1,
         r"^error: d2/x.txt: its outputs would overwrite those of d1/x.txt \(both are named x.po\); "
         r"rename one of them, or name the folder that holds both", same_name_in_two_folders),
    Case("one file named twice, and as part of its folder", translate(paths=("in", "in/gipfel.de.txt", "in/./gipfel.de.txt")),
         0, r"^$", one_article),
    Case("a stray \\xff in UTF-8", translate(), 0,
         r"^warning: in/gipfel.de.txt:3: 1 byte\(s\) that are not UTF-8 replaced with U\+FFFD", stray_byte),
]


def snapshot(root: Path) -> dict[str, str]:
    """Every file and folder below `root`: content hash, link target or kind."""
    found = {}
    for top, folders, files in os.walk(root):
        for name in folders + files:
            path = Path(top, name)
            relative = os.fsdecode(path.relative_to(root))
            if path.is_symlink():
                found[relative] = "link:" + os.readlink(path)
            elif stat.S_ISREG(path.lstat().st_mode):
                found[relative] = hashlib.sha256(path.read_bytes()).hexdigest()
            else:
                found[relative] = "folder" if path.is_dir() else "special"
    return found


def allowed(relative: str, writes: tuple[str, ...]) -> bool:
    return any(relative == prefix or relative.startswith(prefix + "/") or relative.startswith(prefix + "-")
               for prefix in writes)


@pytest.mark.parametrize("case", CASES, ids=str)
def test_hostile_input_gets_one_clear_line(case: Case, run, tmp_path: Path, monkeypatch) -> None:
    for variable in ("ARGOS_BEAM_SIZE", "ARGOS_INTRA_THREADS", "UEBERSETZER_BATCH_TOKENS",
                     "UEBERSETZER_BATCH_HYPOTHESES", "ARGOS_DEVICE_TYPE",
                     "ARGOS_COMPUTE_TYPE", "MALLOC_ARENA_MAX"):
        monkeypatch.delenv(variable, raising=False)
    for variable, value in case.env.items():
        monkeypatch.setenv(variable, value.replace("{here}", str(tmp_path)))
    case.setup()
    before = snapshot(tmp_path)
    result = run(*case.args)
    after = snapshot(tmp_path)

    assert result.code == case.code, result.err
    assert "Traceback" not in result.err and "internal error" not in result.err, result.err
    lines = result.err.splitlines() or [""]
    assert any(re.search(case.line, line) for line in lines), f"no line matches {case.line!r}:\n{result.err}"
    outside = {name: value for name, value in after.items() if not allowed(name, case.writes)}
    assert outside == {name: value for name, value in before.items() if not allowed(name, case.writes)}, \
        "written outside --out"
    for name, value in before.items():  # what was under --out before (a user's files) is untouched
        if allowed(name, case.writes) and value not in ("folder",) and not name.endswith((".po", ".sqlite")):
            assert after.get(name) == value, f"{name} was changed or removed"
    for name in after:
        if name.endswith((".po", ".txt", ".md")) and allowed(name, case.writes):
            (tmp_path / name).read_bytes().decode("utf-8")  # every output is UTF-8


@pytest.mark.parametrize(("args", "env", "code", "line"), [
    (("--debug", "translate", "nowhere.txt", "--to", "en", "--out", "out"), {}, 2, r"^uebersetzer: error: nowhere\.txt"),
    (("translate", "a.txt", "--to", "en", "--out", "out", "--engine", "argos", "--debug"),
     {"UEBERSETZER_BATCH_HYPOTHESES": "0"}, 2, r"^uebersetzer: error: UEBERSETZER_BATCH_HYPOTHESES=0: "),
])
def test_debug_shows_where_a_user_mistake_was_raised_and_keeps_its_line_and_exit_code(run, tmp_path: Path, monkeypatch,
                                                                                        args, env, code, line):
    (tmp_path / "a.txt").write_text("Der Präsident trifft den Minister in Berlin.\n")
    monkeypatch.chdir(tmp_path)
    for variable, value in env.items():
        monkeypatch.setenv(variable, value)
    result = run(*args)
    assert result.code == code, result.err
    assert "Traceback" in result.err and "internal error" not in result.err
    assert re.search(line, result.err.splitlines()[-1]), result.err


def test_the_stray_byte_is_replaced_not_the_whole_file_misread(run, tmp_path: Path) -> None:
    stray_byte()
    assert run(*translate()).code == 0
    text = (tmp_path / "out/en/gipfel.de.po").read_text(encoding="utf-8")
    assert "\ufffd" in text and "Präsident" in text and "Ã" not in text


def test_glossary_ignore_case_matches_the_dotted_capital(run, tmp_path: Path) -> None:
    glossary("- {source: İstanbul, target: {en: Istanbul}, ignore_case: true}\n")()
    article("in/gipfel.de.txt", "Gipfel in İstanbul\n\nDer Präsident trifft in istanbul und İstanbul den Minister.\n")
    result = run(*translate("--glossary", "terms.yaml", "--from", "de"))
    assert result.code == 0, result.err
    output = (tmp_path / "out/en/gipfel.de.txt").read_text(encoding="utf-8")
    assert output.count("Istanbul") == 3, output


def test_a_file_name_that_is_not_utf8_does_not_sink_the_batch(run, tmp_path: Path) -> None:
    non_utf8_name()
    result = run(*translate())
    assert result.code == 1
    assert (tmp_path / "out/en/gipfel.de.po").exists() and (tmp_path / "out/en/gipfel.de.txt").exists()
    assert sorted(os.listdir(tmp_path / "out/en")) == ["gipfel.de.po", "gipfel.de.txt"]


def test_a_non_utf8_name_in_a_subfolder_is_reported_with_its_path_as_given(run, tmp_path: Path) -> None:
    non_utf8_name_in_subfolder()
    result = run(*translate("--json"))
    assert result.code == 1
    [failed] = json.loads(result.out)["failed"]
    assert failed == {"path": "in/sub/caf\\xe9.txt", "target": None,  # unread: it failed for every language
                      "reason": "in/sub/caf\\xe9.txt: the file name is not valid UTF-8; rename it (e.g. with convmv) "
                                "to translate it"}


def test_a_newline_in_a_file_name_gives_a_po_file_msgfmt_and_the_next_run_accept(run, tmp_path: Path) -> None:
    article("in/gip\nfel mit Leerzeichen.txt")
    first = run(*translate())
    second = run(*translate("--json"))
    assert first.code == 0 and second.code == 0, first.err + second.err
    assert '"sentences_translated": 0' in second.out  # it read its own PO file back
    po_file = tmp_path / "out/en/gip\nfel mit Leerzeichen.po"
    text = po_file.read_text(encoding="utf-8")
    assert "#: \u2068gip\\nfel mit Leerzeichen.txt\u2069:1" in text
    # (msgfmt --check runs on every PO file a test leaves behind: see conftest)


def test_a_failure_in_json_names_the_file_joined_to_the_folder_given(run, tmp_path: Path) -> None:
    empty_in_subfolder()
    result = run(*translate("--json"))
    assert result.code == 1
    assert json.loads(result.out)["failed"] == [{"path": "in/sub/leer.txt", "target": None,
                                                 "reason": "in/sub/leer.txt: empty article; nothing to translate"}]


def test_colliding_articles_keep_the_first_ones_outputs(run, tmp_path: Path) -> None:
    same_name_in_two_folders()
    result = run(*translate("--json", paths=("d1/x.txt", "d2/x.txt")))
    assert result.code == 1
    assert '"articles": 1' in result.out
    assert "Genf" in (tmp_path / "out/en/x.po").read_text(encoding="utf-8")
    assert "Oslo" not in (tmp_path / "out/en/x.po").read_text(encoding="utf-8")


def test_a_read_only_memory_is_used_and_the_run_says_it_was_not_updated(run, tmp_path: Path) -> None:
    one_article()
    assert run(*translate("--tm", "tm.sqlite")).code == 0
    os.chmod("tm.sqlite", 0o444)
    before = Path("tm.sqlite").read_bytes()
    article("in/neu.txt", "Neuer Gipfel\n\nDie Ministerin besucht Wien am Montag.\n")
    result = run(*translate("--tm", "tm.sqlite", "--json"))
    assert result.code == 0, result.err
    assert re.search(r"^warning: tm.sqlite: the translation memory is read-only; it was used but not updated "
                     r"\(2 translations not stored\)$", result.err, re.M), result.err  # neu.txt's two, each once
    # gipfel.de.txt came from the PO file; its sentences kept as written (domains) stay kept
    assert '"sentences_reused": 12' in result.out and '"sentences_kept": 3' in result.out
    assert Path("tm.sqlite").read_bytes() == before
    assert (tmp_path / "out/en/neu.txt").exists()
    # SQLite's working files, made read-only beside it, kept every later run from writing it
    assert sorted(p.name for p in tmp_path.glob("tm.sqlite*")) == ["tm.sqlite"]
    os.chmod("tm.sqlite", 0o644)
    article("in/dritte.txt", "Dritter Gipfel\n\nDer Minister besucht Genf am Freitag.\n")
    writable = run(*translate("--tm", "tm.sqlite"))
    assert writable.code == 0 and "read-only" not in writable.err, writable.err
    assert Path("tm.sqlite").read_bytes() != before


def test_a_read_only_working_file_beside_the_memory_is_named_with_the_remedy(run, tmp_path: Path) -> None:
    one_article()
    assert run(*translate("--tm", "tm.sqlite")).code == 0
    Path("tm.sqlite-shm").write_bytes(b"")
    os.chmod("tm.sqlite-shm", 0o444)
    result = run(*translate("--tm", "tm.sqlite"))
    assert result.code == 1 and result.err.strip().splitlines() == [
        "uebersetzer: error: tm.sqlite-shm: is read-only, so the translation memory tm.sqlite cannot be written; "
        "delete it (it is SQLite's working file) or make it writable"], result.err
    os.remove("tm.sqlite-shm")
    assert run(*translate("--tm", "tm.sqlite")).code == 0


def test_a_locked_memory_is_waited_for_visibly_then_one_line(run, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(memory_module, "LOCK_TIMEOUT", 1.5)
    monkeypatch.setattr(memory_module, "QUIET_WAIT", 0.2)
    one_article()
    assert run(*translate("--tm", "tm.sqlite")).code == 0
    article("in/neu.txt", "Neuer Gipfel\n\nDie Ministerin besucht Wien am Montag.\n")
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sqlite3, sys, time\n"
         "c = sqlite3.connect('tm.sqlite', isolation_level=None)\n"
         "c.execute('BEGIN EXCLUSIVE'); print('locked', flush=True); time.sleep(60)"],
        stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        result = run(*translate("--tm", "tm.sqlite"))
    finally:
        holder.kill()
        holder.wait()
    assert result.code == 1
    lines = result.err.splitlines()
    assert lines[0] == "uebersetzer: tm.sqlite: the translation memory is locked by another process; waiting up to 2 s for it"
    assert re.match(r"uebersetzer: error: tm.sqlite: the translation memory is still locked by another process after "
                    r"2 s", lines[-1]), result.err


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every folder: an unreadable one cannot be made")
def test_an_unreadable_subfolder_is_warned_about(run, tmp_path: Path) -> None:
    one_article()
    article("in/geheim/a.txt")
    os.chmod("in/geheim", 0)
    try:
        result = run(*translate())
    finally:
        os.chmod("in/geheim", 0o755)
    assert re.search(r"^warning: in/geheim: cannot read this folder \(Permission denied\); its articles were left out$",
                     result.err, re.M), result.err


def test_an_unreadable_subfolder_is_warned_about_even_as_root(tmp_path: Path) -> None:
    """As root, through setpriv, as the unprivileged user nobody."""
    if os.geteuid() != 0 or not shutil.which("setpriv"):
        pytest.skip("needs root and setpriv to run as another user")
    source = Path(__file__).resolve().parent.parent / "src"
    from uebersetzer.formats import suffixes

    # nobody may not read root's site-packages (html5lib, behind the format registry): the walk
    # needs only the registry's suffixes, handed over as they are here
    prelude = (f"import sys, types; sys.path.insert(0, {str(source)!r})\n"
               "formats = types.ModuleType('uebersetzer.formats')\n"
               f"formats.suffixes = lambda: {tuple(suffixes())!r}\n"
               "sys.modules['uebersetzer.formats'] = formats\n")
    check = subprocess.run(["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", sys.executable, "-c",
                            prelude + "import uebersetzer.read"], capture_output=True)
    if check.returncode != 0:
        pytest.skip("the user nobody cannot run this Python or read the sources")
    one_article()
    article("in/geheim/a.txt")
    os.chmod(tmp_path, 0o755)
    os.chmod("in/geheim", 0)
    script = (prelude + "from uebersetzer.read import find_articles\n"
              "warnings = []\n"
              "print([f.display for f in find_articles(['in'], warnings=warnings)]); print(warnings)")
    result = subprocess.run(["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", sys.executable, "-c",
                             script], capture_output=True, text=True, cwd=tmp_path)
    os.chmod("in/geheim", 0o755)
    assert result.returncode == 0, result.stderr
    found, warnings = result.stdout.splitlines()
    assert found == "['gipfel.de.txt']"
    assert "in/geheim: cannot read this folder (Permission denied); its articles were left out" in warnings


@pytest.mark.parametrize("name, text", [("link.txt", "https://example.org/nachricht/123\n"),
                                        ("code.md", "```\nprint(1)\n```\n"),
                                        ("numbers.txt", "12.03.2026 - 14:30 - 3,5 %\n")])
def test_an_article_without_words_says_so_and_translates_with_from(run, tmp_path: Path, name, text) -> None:
    """Nothing to detect a language from is a user's matter, said in one line with the remedy;
    with --from the article goes through, what it holds kept as written."""
    article(f"in/{name}", text)
    result = run(*translate())
    assert result.code == 1 and "internal error" not in result.err
    assert f"{name}: holds no words to tell its language by" in result.err and "pass --from LANG" in result.err
    result = run(*translate("--from", "de"))
    assert result.code == 0, result.err
    assert (tmp_path / "out" / "en" / name).read_text(encoding="utf-8") == text


def test_a_read_only_memory_that_holds_the_editors_work_already_is_not_reported(run, tmp_path: Path) -> None:
    """Every run hands the memory the editors' translations in the PO files again; one it holds
    already is no translation lost. Only what it lacks counts (each run warned '1 translations
    not stored' for the edit below)."""
    import polib

    one_article()
    assert run(*translate("--tm", "tm.sqlite")).code == 0
    catalog = polib.pofile("out/en/gipfel.de.po")
    entry = next(e for e in catalog if e.msgstr and not e.obsolete)
    entry.msgstr, entry.flags = "An editor's own words.", [f for f in entry.flags if f != "fuzzy"]
    catalog.save()
    assert run(*translate("--tm", "tm.sqlite")).code == 0  # the memory takes the edit
    os.chmod("tm.sqlite", 0o444)
    again = run(*translate("--tm", "tm.sqlite"))
    assert again.code == 0 and "read-only" not in again.err, again.err
    assert "An editor's own words." in Path("out/en/gipfel.de.po").read_text(encoding="utf-8")


def test_a_read_only_output_folder_is_named_not_the_temporary_file(tmp_path: Path) -> None:
    """A write into a folder the user may not write is one line naming that folder (it named
    the temporary file the atomic write makes there, an absolute path the user never saw)."""
    if os.geteuid() == 0 and not shutil.which("setpriv"):
        pytest.skip("root writes into every folder; setpriv is needed to drop that")
    as_user = ["setpriv", "--bounding-set=-dac_override,-dac_read_search,-fowner"] if os.geteuid() == 0 else []
    source = Path(__file__).resolve().parent.parent / "src"
    env = {**os.environ, "PYTHONPATH": str(source)}
    command = [sys.executable, "-m", "uebersetzer", *translate("--quiet")]
    one_article()
    assert subprocess.run(command, env=env, cwd=tmp_path, capture_output=True).returncode == 0
    article("in/gipfel.de.txt", ARTICLE + "\nEin neuer Absatz kam am Montag dazu.\n")
    os.chmod("out/en", 0o555)
    try:
        result = subprocess.run(as_user + command, env=env, cwd=tmp_path, capture_output=True, text=True)
    finally:
        os.chmod("out/en", 0o755)
    assert result.returncode == 1, result.stderr
    assert result.stderr.strip().splitlines() == [  # that article fails, as a file in that place would
        "error: out/en: cannot write gipfel.de.po into this folder (Permission denied); make the folder "
        "writable or write elsewhere (--out)"], result.stderr
    assert not list(Path("out/en").glob(".*" + TEMPORARY_SUFFIX))


@pytest.mark.parametrize("command", ["translate", "build"])
@pytest.mark.parametrize("out", ["in", "in/.", ""])
def test_an_output_folder_that_is_the_input_folder_or_empty_is_refused(run, tmp_path: Path, command, out) -> None:
    """Written into the folder it reads, the next run read the translations as articles and
    translated its own output (in/en/en/gipfel.de.txt); an empty --out wrote into the
    current folder."""
    one_article()
    result = run(command, "in", "--to", "en", "--engine" if command == "translate" else "--from",
                 "pseudo" if command == "translate" else "de", "--out", out)
    assert result.code == 2 and "internal error" not in result.err
    assert ("is the folder the articles are read from" if out else "--out is empty") in result.err, result.err
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["gipfel.de.txt", "in"]


def test_a_utf32_article_is_read_as_utf32_and_no_nul_reaches_a_po_file(run, tmp_path: Path) -> None:
    """UTF-32's byte-order mark starts with UTF-16's: the article was read as UTF-16, NULs
    between its letters, and msgfmt refused the PO file written from it."""
    Path("in").mkdir()
    Path("in/weit.txt").write_bytes("Titel\n\nDie Regierung plant neue Gesetze.\n".encode("utf-32"))
    Path("in/nul.txt").write_bytes("Titel\n\nDie Regierung\x00 plant.\n".encode("utf-16"))
    result = run(*translate("--from", "de"))
    assert result.code == 1 and "nul.txt: binary file, not an article" in result.err, result.err
    catalog = Path("out/en/weit.po").read_text(encoding="utf-8")
    assert "\x00" not in catalog and 'msgid "Die Regierung plant neue Gesetze."' in catalog
    assert subprocess.run(["msgfmt", "-c", "-o", os.devnull, "out/en/weit.po"]).returncode == 0


@pytest.mark.parametrize("blocked", ["out/en/gipfel.de.po", "out/en/gipfel.de.txt"])
def test_a_folder_where_an_output_goes_skips_that_article_only(run, tmp_path: Path, blocked) -> None:
    """"One input does not sink a run": a folder in an output's place ended the whole batch."""
    one_article()
    article("in/zwei.txt")
    Path(blocked).mkdir(parents=True)
    result = run(*translate())
    assert result.code == 1 and "internal error" not in result.err
    assert f"skipped: in/gipfel.de.txt: {blocked}: is a folder where this article's output goes; move it away" in (
        result.err), result.err
    assert Path("out/en/zwei.po").is_file() and Path("out/en/zwei.txt").is_file()
    Path(blocked).rmdir()  # the check of every PO file written would read the folder


def test_a_folder_without_articles_is_an_error_not_a_quiet_night(run, tmp_path: Path) -> None:
    """An empty or unmounted share must not look like a night without news to a cron job: translate,
    build and detect fail (exit 2) with one line, read and write nothing, and list no orphans."""
    one_article()
    assert run(*translate("--out", "out")).code == 0
    Path("in/gipfel.de.txt").unlink()  # the share's mount point, empty
    Path("in/.versteckt.txt").write_text("Titel\n\nText.\n", encoding="utf-8")
    before = sorted(str(p) for p in Path("out").rglob("*"))
    for args in (translate("--out", "out"), ("build", "in", "--to", "en", "--out", "out"), ("detect", "in")):
        result = run(*args)
        assert result.code == 2, (args, result.err)
        assert result.err.startswith("uebersetzer: error: no articles in in: nothing ends in .htm, .html, .markdown, "
                                     ".md, .txt, .xhtml there"), result.err
        assert "nothing was read or written" in result.err and "orphan" not in result.err
        assert len(result.err.splitlines()) == 1
    summary = json.loads(run(*translate("--out", "out", "--json")).out)
    assert summary["status"] == "error" and summary["code"] == 2 and "orphans" not in summary
    assert sorted(str(p) for p in Path("out").rglob("*")) == before


def test_qa_of_a_folder_without_po_files_is_an_error(run, tmp_path: Path) -> None:
    Path("leer").mkdir()
    result = run("qa", "leer", "--json")
    assert result.code == 2 and json.loads(result.out)["status"] == "error"
    assert result.err.startswith("uebersetzer: error: no PO files in leer; nothing was checked"), result.err


def test_a_long_list_of_failures_is_cut_short_on_the_terminal_and_whole_in_json(run, tmp_path: Path) -> None:
    """A batch whose files vanished mid-run printed 2,453 lines; --json keeps every one."""
    for number in range(60):
        article(f"in/leer{number:02}.txt", "")
    result = run(*translate())
    errors = [line for line in result.err.splitlines() if line.startswith("error:")]
    assert result.code == 1 and len(errors) == 51, result.err
    assert errors[-1] == "error: ... and 10 more failed articles; --json lists them all"
    summary = json.loads(run(*translate("--json")).out)
    assert len(summary["failed"]) == 60


def broken_catalogs(count: int) -> None:
    Path("po/en").mkdir(parents=True)
    for number in range(count):
        Path(f"po/en/kaputt{number:02}.po").write_text('msgid "Satz."\nmsgstr "Sentence.\n', encoding="utf-8")


@pytest.mark.broken_po
@pytest.mark.parametrize(("args", "what"), [
    (("glossary", "extract", "in"), "failed articles"),
    (("glossary", "check", "in", "--to", "en", "--out", "out", "--glossary", "g.csv"), "failed articles"),
    (("detect", "in"), "failed articles"),
    (("qa", "po"), "broken PO files"),
])
def test_every_command_cuts_a_long_list_of_failures_short_as_translate_does(run, tmp_path: Path, args, what) -> None:
    for number in range(60):
        article(f"in/leer{number:02}.txt", "")
    broken_catalogs(60)
    Path("g.csv").write_text("source,en\nMoskau,Moscow\n", encoding="utf-8")  # glossary check needs one
    result = run(*args)
    errors = [line for line in result.err.splitlines() if line.startswith("error:")]
    assert result.code == 1 and len(errors) == 51, result.err
    assert errors[-1] == f"error: ... and 10 more {what}", result.err
    assert "Traceback" not in result.err and "internal error" not in result.err


def test_executor_ray_without_ray_is_one_line_before_any_article_is_read(tmp_path: Path) -> None:
    """Without the ray extra, the missing package was found at the first sentence: every
    sentence failed on its own line, and untranslated outputs were written."""
    one_article()
    blocker = tmp_path / "without_ray.py"
    blocker.write_text(
        "import sys\n"
        "class NoRay:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name == 'ray' or name.startswith('ray.'):\n"
        "            raise ImportError(\"No module named 'ray'\")\n"
        "sys.meta_path.insert(0, NoRay())\n"
        "from uebersetzer.cli import main\n"
        "sys.argv = ['uebersetzer'] + sys.argv[1:]\n"
        "main()\n", encoding="utf-8")
    source = Path(__file__).resolve().parent.parent / "src"
    result = subprocess.run([sys.executable, str(blocker), "translate", "in", "--to", "en", "--from", "de",
                             "--engine", "pseudo", "--executor", "ray", "--out", "out"],
                            env={**os.environ, "PYTHONPATH": str(source)}, capture_output=True, text=True)
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        "uebersetzer: error: --executor ray needs Ray; install it with: pip install 'uebersetzer[ray]'"]
    assert not Path("out").exists()


def test_a_read_only_po_file_is_left_as_it_was_with_its_article_and_the_others_are_written(run, tmp_path: Path) -> None:
    """An editor (or Perforce, or git-annex) made a PO file read-only: a run with a changed
    source does not replace it behind their back; it fails that article alone, in one line."""
    one_article()
    article("in/neu.txt", "Neuer Gipfel\n\nDie Ministerin besucht Wien am Montag.\n")
    assert run(*translate()).code == 0
    po, localized = tmp_path / "out/en/gipfel.de.po", tmp_path / "out/en/gipfel.de.txt"
    po.chmod(0o444)
    kept = po.read_bytes(), localized.read_bytes()
    article("in/gipfel.de.txt", ARTICLE + "\nDer Gipfel endet am Dienstag.\n")
    article("in/neu.txt", "Neuer Gipfel\n\nDie Ministerin besucht Genf am Montag.\n")
    try:
        result = run(*translate())
    finally:
        po.chmod(0o644)
    assert result.code == 1
    assert [line for line in result.err.splitlines() if "gipfel.de" in line] == [
        "error: out/en/gipfel.de.po: is read-only, so it was left as it was; make it writable (chmod u+w) to let "
        "uebersetzer update it"], result.err
    assert (po.read_bytes(), localized.read_bytes()) == kept
    assert "Genf" in (tmp_path / "out/en/neu.po").read_text(encoding="utf-8")
    assert run(*translate()).code == 0  # writable again: the change lands
    assert "Dienstag" in po.read_text(encoding="utf-8")


@pytest.fixture
def full_disk(tmp_path: Path):
    """A 64 kB tmpfs: a disk that fills up as a run writes to it (mounting needs root)."""
    folder = tmp_path / "full"
    folder.mkdir()
    if os.geteuid() != 0 or not shutil.which("mount"):
        pytest.skip("a full disk is a small tmpfs, and mounting one needs root")
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(folder)], capture_output=True,
                             text=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs to stand for a full disk: {mounted.stderr.strip()}")
    yield folder
    subprocess.run(["umount", str(folder)], check=True)


def test_a_full_disk_is_said_as_such_and_leaves_no_memory_files_behind(run, tmp_path: Path, monkeypatch, full_disk):
    """SQLite said `disk I/O error` (its -shm index could not grow), which never named the cause,
    and the memory the run had begun stayed behind as an empty file and its -shm; a PO file that
    did not fit said `No space left on device`, naming no file."""
    monkeypatch.chdir(tmp_path)
    one_article()
    (full_disk / "filler").write_bytes(b"x" * (60 << 10))  # 4 kB left
    memory = full_disk / "tm.sqlite"
    result = run("translate", "in", "--to", "en", "--engine", "pseudo", "--out", "out", "--tm", memory, "--quiet")
    assert result.code == 1, result.err
    assert result.err == (f"uebersetzer: error: {memory}: no space left on the disk that holds it; the translation "
                          "memory was not updated. Free some space (or pass --tm a file on another disk) and run again\n")
    assert sorted(p.name for p in full_disk.iterdir()) == ["filler"]
    result = run("translate", "in", "--to", "en", "--engine", "pseudo", "--out", full_disk / "o", "--tm", "tm.sqlite",
                 "--quiet")
    assert result.code == 1
    assert result.err == (f"error: {full_disk / 'o' / 'en' / 'gipfel.de.po'}: no space left on the disk (No space left "
                          "on device), so it was left as it was; free some space and run again\n")
    assert not list((full_disk / "o" / "en").iterdir())
