"""`uebersetzer models`: install from file and from an index on 127.0.0.1, list, remove, refusals."""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
import threading
import time
import zipfile
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import ARTICLE, FIXTURES, stderr_on_a_terminal

MODELS = FIXTURES / "models"


@pytest.fixture(autouse=True)
def quick_retries(monkeypatch):
    """Retries as in real use, without the pauses between them."""
    monkeypatch.setattr("uebersetzer.downloads.RETRY_PAUSE", 0.01)


@pytest.fixture
def packages(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "packages"
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(folder))
    monkeypatch.delenv("ARGOS_PACKAGE_INDEX", raising=False)
    return folder


class IndexServer:
    """A package index on 127.0.0.1: index.json, the fixture packages, a cut-off download, and
    what a test adds: `files` (path -> bytes), `behaviours` (path -> a misbehaving handler),
    `entries` (the index itself). Every request's path and User-Agent is recorded."""

    def __init__(self) -> None:
        self.files = {f"/{p.name}": p.read_bytes() for p in MODELS.glob("*.argosmodel")}
        self.requests: list[str] = []
        self.user_agents: list[str] = []
        self.behaviours: dict[str, Callable[[BaseHTTPRequestHandler], None]] = {}
        self.entries: list[dict] | None = None
        self.stopping = threading.Event()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (http.server's name)
                server.requests.append(self.path)
                server.user_agents.append(self.headers.get("User-Agent", ""))
                if self.path in server.behaviours:
                    try:
                        server.behaviours[self.path](self)
                    except OSError:  # the client gave up: what a misbehaving server sees
                        pass
                    self.close_connection = True
                    return
                if self.path == "/index.json":
                    body = json.dumps(server.index()).encode()
                elif self.path.startswith("/cut/"):
                    body = server.files["/" + self.path.split("/")[-1]]
                    self.send_response(200)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body[: len(body) // 3])  # then the connection drops
                    self.wfile.flush()
                    self.close_connection = True
                    return
                elif self.path in server.files:
                    body = server.files[self.path]
                else:
                    self.send_error(404)
                    return
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self.thread.start()

    def index(self) -> list[dict]:
        if self.entries is not None:
            return self.entries
        return [entry("de", "en", f"{self.url}/de_en.argosmodel"), entry("en", "fr", f"{self.url}/en_fr.argosmodel"),
                entry("en", "de", f"{self.url}/cut/de_en.argosmodel")]

    def trickle(self, handler: BaseHTTPRequestHandler, pause: float = 0.05) -> None:
        """Promise a package, then send one byte every `pause` seconds, for up to 30 s."""
        handler.send_response(200)
        handler.send_header("Content-Length", str(10_000_000))
        handler.end_headers()
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and not self.stopping.wait(pause):
            handler.wfile.write(b"P")
            handler.wfile.flush()

    def stall(self, handler: BaseHTTPRequestHandler) -> None:
        """Send the headers and some of the body, then nothing, until the test ends."""
        handler.send_response(200)
        handler.send_header("Content-Length", str(10_000_000))
        handler.end_headers()
        handler.wfile.write(b"PK" * 500)
        handler.wfile.flush()
        self.stopping.wait(30)

    def close(self) -> None:
        self.stopping.set()
        self.httpd.shutdown()
        self.httpd.server_close()


def entry(source: str, target: str, *links: str, version: str = "0.1-test") -> dict:
    """An index entry as Argos' index.json has them."""
    return {"from_code": source, "to_code": target, "from_name": source, "to_name": target,
            "package_version": version, "argos_version": "1.9", "type": "translate", "links": list(links)}


@pytest.fixture
def index_server():
    server = IndexServer()
    yield server
    server.close()


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def test_install_from_file_list_and_remove(run, packages):
    result = run("models", "install", "--file", MODELS / "de_en.argosmodel")
    assert result.code == 0, result.err
    assert f"installed de -> en 0.1-test in {packages / 'translate-de_en-0_1-test'}" in result.out
    listed = run("models", "list", "--json")
    [row] = json.loads(listed.out)
    assert (row["from"], row["to"], row["version"], row["path"]) == ("de", "en", "0.1-test",
                                                                     str(packages / "translate-de_en-0_1-test"))
    assert row["size"] > 500_000
    plain = run("models", "list").out
    assert plain.startswith("de -> en\t0.1-test\t") and "MB" in plain
    assert run("models", "remove", "de", "en").code == 0
    assert leftovers(packages) == []
    missing = run("models", "remove", "de", "en")
    assert missing.code == 2 and "no installed package for de -> en" in missing.err
    unknown = run("models", "remove", "xx", "en")  # as install says it
    assert unknown.code == 2 and "unknown language code 'xx' for FROM/TO" in unknown.err, unknown.err


def test_installed_packages_work_with_argostranslate_itself(run, packages):
    """Same folder layout as argostranslate: its package module sees what we installed."""
    run("models", "install", "--file", MODELS / "de_en.argosmodel")
    import importlib

    import argostranslate.package as argos_package
    import argostranslate.settings as argos_settings

    importlib.reload(argos_settings)
    [package] = argos_package.get_installed_packages([packages])
    assert (package.from_code, package.to_code) == ("de", "en")


def _zip(entries: dict[str, bytes], links: tuple[str, ...] = ()) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
        for name in links:
            info = zipfile.ZipInfo(name)
            info.external_attr = (0o120777 << 16)
            archive.writestr(info, "/etc/passwd")
    return buffer.getvalue()


GOOD_METADATA = json.dumps({"from_code": "de", "to_code": "en", "package_version": "1"}).encode()


BAD_PACKAGES = [
    (b"not a zip at all", "not a zip archive"),
    (_zip({"pkg/metadata.json": GOOD_METADATA, "pkg/model/model.bin": b"x", "../evil.txt": b"x"}),
     "unsafe path '../evil.txt'"),
    (_zip({"pkg/metadata.json": GOOD_METADATA, "pkg/model/model.bin": b"x", "pkg/../../evil.txt": b"x"}),
     "unsafe path 'pkg/../../evil.txt'"),
    (_zip({"/tmp/evil.txt": b"x"}), "unsafe path '/tmp/evil.txt'"),
    (_zip({"pkg/metadata.json": GOOD_METADATA, "pkg/model/model.bin": b"x"}, links=("pkg/model/link",)),
     "link 'pkg/model/link'"),
    (_zip({"pkg/model/model.bin": b"x"}), "no metadata.json"),
    (_zip({"wrap/pkg/metadata.json": GOOD_METADATA, "wrap/pkg/model/model.bin": b"x"}),
     "metadata.json is at wrap/pkg/metadata.json, one folder too deep; zip the folder that holds it"),
    (_zip({"pkg/metadata.json": GOOD_METADATA}), "no model/ folder"),
    (_zip({"pkg/metadata.json": b"{not json", "pkg/model/model.bin": b"x"}), "unreadable metadata.json"),
]


# named by their messages: a zip's bytes hold the time it was made, and test names must be the
# same in every collection (pytest-xdist's workers each collect)
@pytest.mark.parametrize("content, message", BAD_PACKAGES, ids=[message for _, message in BAD_PACKAGES])
def test_bad_packages_are_refused_and_leave_nothing(run, packages, tmp_path, content, message):
    bad = tmp_path / "bad.argosmodel"
    bad.write_bytes(content)
    result = run("models", "install", "--file", bad)
    assert result.code == 2
    assert result.err.strip().splitlines() == [result.err.strip()] and message in result.err
    assert str(bad) in result.err
    assert leftovers(packages) == []
    assert not (tmp_path / "evil.txt").exists() and not Path("/tmp/evil.txt").exists()


def test_available_and_install_from_a_local_index(run, packages, index_server):
    listed = run("models", "available", "--index", index_server.url)
    assert listed.code == 0
    assert listed.out.splitlines()[0].startswith("de -> en\t0.1-test")
    result = run("models", "install", "de", "en", "--index", index_server.url + "/index.json")
    assert result.code == 0, result.err
    assert leftovers(packages) == ["translate-de_en-0_1-test"]


def test_index_from_the_environment(run, packages, index_server, monkeypatch):
    monkeypatch.setenv("ARGOS_PACKAGE_INDEX", index_server.url + "/")
    assert run("models", "install", "en", "fr").code == 0
    assert leftovers(packages) == ["translate-en_fr-0_1-test"]


def test_cut_off_download_leaves_nothing_and_names_the_url(run, packages, index_server, tmp_path):
    result = run("models", "install", "en", "de", "--index", index_server.url)
    assert result.code == 1
    assert f"{index_server.url}/cut/de_en.argosmodel" in result.err and "cut off" in result.err
    assert len(result.err.strip().splitlines()) == 1
    assert leftovers(packages) == []


def test_unreachable_index_names_the_url(run, packages):
    result = run("models", "available", "--index", "http://127.0.0.1:9/")
    assert result.code == 1 and "http://127.0.0.1:9/index.json" in result.err


def test_missing_pair_names_the_install_command(run, packages, tmp_path):
    result = run("translate", ARTICLE, "--to", "en", "--out", tmp_path / "o", "--glossary", FIXTURES / "glossary"
                 / "reference.yaml")
    assert result.code == 1
    assert re.search(r"no model for de -> en in \S+; install one with: uebersetzer models install de en", result.err)
    assert not (tmp_path / "o" / "en").exists()


def test_install_missing_fetches_a_pivot_from_the_index(run, packages, index_server, tmp_path):
    article = tmp_path / "a.de.txt"
    article.write_text("Neue Gespräche\n\nDer Präsident trifft den Minister in Berlin.\n")
    result = run("translate", article, "--to", "fr", "--out", tmp_path / "o", "--install-missing",
                 "--index", index_server.url, "--quiet")
    assert result.code == 0, result.err
    assert leftovers(packages) == ["translate-de_en-0_1-test", "translate-en_fr-0_1-test"]
    assert "Le président rencontre le ministre à Berlin." in (tmp_path / "o" / "fr" / "a.de.txt").read_text()


# -- packages as they exist in the wild: synthetic variants of the fixture ------------------


def repack(source: Path, *, metadata: dict | None = None, top: str | None = None,
           replace: dict[str, bytes] | None = None) -> bytes:
    """A package made from a fixture: metadata fields changed, files (relative to the top
    folder) replaced, the top folder renamed. Stored, not compressed: quick to build."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as copy:
        for info in original.infolist():
            old_top, _, rest = info.filename.partition("/")
            data = original.read(info)
            if rest == "metadata.json" and metadata is not None:
                data = json.dumps({**json.loads(data), **metadata}).encode()
            if replace and rest in replace:
                data = replace[rest]
            copy.writestr(f"{top or old_top}/{rest}", data)
    return buffer.getvalue()


def patch_entry(content: bytes, name: str, *, method: int | None = None, flags: int | None = None) -> bytes:
    """Rewrite an entry's compression method or flag bits in both zip headers, as another
    zip tool would have written them (zipfile refuses to write an unknown method)."""
    data = bytearray(content)
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        local, central = archive.getinfo(name).header_offset, archive.start_dir
    while data[central + 46: central + 46 + len(name.encode())] != name.encode():  # walk the central records
        lengths = [int.from_bytes(data[central + i: central + i + 2], "little") for i in (28, 30, 32)]
        central += 46 + sum(lengths)
    if method is not None:
        data[local + 8: local + 10] = data[central + 10: central + 12] = method.to_bytes(2, "little")
    if flags is not None:
        data[local + 6: local + 8] = data[central + 8: central + 10] = flags.to_bytes(2, "little")
    return bytes(data)


def zero_bomb(unpacked_mb: int) -> bytes:
    """The de -> en fixture plus one entry of zero bytes that deflates about 1000:1."""
    buffer = io.BytesIO(repack(MODELS / "de_en.argosmodel"))
    with zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED) as archive:
        with archive.open("translate-de-en-0.1-test/model/padding.bin", "w", force_zip64=True) as entry:
            zeros = bytes(1 << 20)
            for _ in range(unpacked_mb):
                entry.write(zeros)
    return buffer.getvalue()


def staging_folders(packages: Path) -> list[Path]:
    return sorted(packages.parent.glob(f".{packages.name}.uebersetzer-staging-*"))


def argostranslate_lists(packages: Path) -> list[tuple[str, str]]:
    """argostranslate's own package listing of the folder (what LibreTranslate calls too)."""
    import importlib

    import argostranslate.package as argos_package
    import argostranslate.settings as argos_settings

    importlib.reload(argos_settings)
    return sorted((p.from_code, p.to_code) for p in argos_package.get_installed_packages([packages]))


HOSTILE_PACKAGES = {
    "encrypted entry": (lambda: patch_entry(repack(MODELS / "de_en.argosmodel"), "translate-de-en-0.1-test/model/model.bin",
                                    flags=0x1), "encrypted entry 'translate-de-en-0.1-test/model/model.bin'"),
    "unknown compression": (lambda: patch_entry(repack(MODELS / "de_en.argosmodel"),
                                        "translate-de-en-0.1-test/sentencepiece.model", method=99),
                            "compression method 99"),
    "metadata is a list": (lambda: repack(MODELS / "de_en.argosmodel", replace={"metadata.json": b"[]"}),
                           "metadata.json holds list, not an object"),
    "from_code is a number": (lambda: repack(MODELS / "de_en.argosmodel", metadata={"from_code": 5}),
                              "from_code 5 is not a language code"),
    "from_code is a path": (lambda: repack(MODELS / "de_en.argosmodel", metadata={"from_code": "../x"}),
                            "from_code '../x' is not a language code"),
    "metadata too large": (lambda: repack(MODELS / "de_en.argosmodel", replace={"metadata.json": b" " * (2 << 20)}),
                           "metadata.json is larger than 1024 kB"),
    "junk model.bin": (lambda: repack(MODELS / "de_en.argosmodel", replace={"model/model.bin": b"junk" * 100}),
                       "model/ cannot be loaded by CTranslate2 (Unsupported model binary version)"),
    "no tokenizer": (lambda: repack(MODELS / "de_en.argosmodel", replace={"sentencepiece.model": b"junk"}),
                     "unreadable sentencepiece.model"),
}


@pytest.mark.parametrize("name", HOSTILE_PACKAGES)
def test_hostile_packages_get_one_line_and_leave_nothing(run, packages, tmp_path, name):
    build, message = HOSTILE_PACKAGES[name]
    bad = tmp_path / "bad.argosmodel"
    bad.write_bytes(build())
    result = run("models", "install", "--file", bad)
    assert result.code == 2, result.err
    assert len(result.err.strip().splitlines()) == 1 and message in result.err and str(bad) in result.err
    assert "internal error" not in result.err
    assert leftovers(packages) == [] and staging_folders(packages) == []


def test_zip_bomb_of_zeros_is_refused_before_it_fills_the_disk(run, packages, tmp_path):
    bomb = tmp_path / "bomb.argosmodel"
    bomb.write_bytes(zero_bomb(80))
    assert bomb.stat().st_size < 5_000_000  # 80 MB of zeros inside
    result = run("models", "install", "--file", bomb)
    assert result.code == 2
    assert "unpacks to more than 67 MB" in result.err and "zip bomb" in result.err
    assert len(result.err.strip().splitlines()) == 1
    assert leftovers(packages) == [] and staging_folders(packages) == []


def test_unpacking_counts_the_bytes_written_not_the_declared_sizes(tmp_path, monkeypatch):
    """Declared sizes can lie; the bytes are counted as they are written."""
    from uebersetzer import models
    from uebersetzer.errors import UsageError

    monkeypatch.setattr(models, "_check_archive", lambda archive, size, display: "translate-de-en-0.1-test")
    monkeypatch.setattr(models, "MAX_UNPACKED_BYTES", 1_000_000)
    (tmp_path / "bomb.argosmodel").write_bytes(zero_bomb(3))
    with pytest.raises(UsageError, match="unpacks to more than 1 MB"):
        with models._staging(tmp_path / "packages") as staging:
            models._stage(tmp_path / "bomb.argosmodel", staging, "bomb")


def test_folder_name_comes_from_the_metadata_not_the_zip(run, packages, tmp_path):
    """A zip whose top folder says de-en but whose metadata says fr -> es must not replace de -> en."""
    assert run("models", "install", "--file", MODELS / "de_en.argosmodel").code == 0
    disguised = tmp_path / "disguised.argosmodel"
    disguised.write_bytes(repack(MODELS / "de_en.argosmodel", metadata={"from_code": "fr", "to_code": "es"}))
    result = run("models", "install", "--file", disguised)
    assert result.code == 0, result.err
    assert f"installed fr -> es 0.1-test in {packages / 'translate-fr_es-0_1-test'}" in result.out
    assert leftovers(packages) == ["translate-de_en-0_1-test", "translate-fr_es-0_1-test"]
    assert argostranslate_lists(packages) == [("de", "en"), ("fr", "es")]


# Every language code Argos' package index (github.com/argosopentech/argospm-index, index.json)
# has named over its history, 'no' aside (one short-lived translate-no_en-1_9, then 'nb').
ARGOS_INDEX_CODES = ("ar az bg bn ca cs da de el en eo es et eu fa fi fr ga gl he hi hu id it ja ko ky lt lv ms nb "
                     "nl pb pl pt ro ru sk sl sq sr sv th tl tr uk ur vi zh zt").split()


def test_every_code_of_the_argos_index_is_known():
    from uebersetzer.languages import NAMES

    assert [code for code in ARGOS_INDEX_CODES if code not in NAMES] == []


@pytest.mark.parametrize(("codes", "unknown", "spelled"), [
    ({"from_code": "xx"}, "'xx' (from_code)", "translate-xx_en-0_1-test"),
    ({"to_code": "qq"}, "'qq' (to_code)", "translate-de_qq-0_1-test"),
    ({"from_code": "no"}, "'no' (from_code, which uebersetzer names 'nb')", "translate-no_en-0_1-test"),
])
def test_a_package_with_an_unknown_language_code_installs_with_one_warning(run, packages, tmp_path, codes, unknown,
                                                                           spelled):
    package = tmp_path / "odd.argosmodel"
    package.write_bytes(repack(MODELS / "de_en.argosmodel", metadata=codes))
    result = run("models", "install", "--file", package, "--quiet")
    assert result.code == 0, result.err
    assert result.err.splitlines() == [
        f"warning: {spelled}: metadata.json names the unknown language code {unknown}; uebersetzer will not use "
        "this package (see 'Language codes' in the README)"]
    assert leftovers(packages) == [spelled]  # installed all the same


@pytest.mark.parametrize("codes", [{"from_code": "zt"}, {"to_code": "pb"}, {"from_code": "nb", "to_code": "ky"}])
def test_argos_own_codes_install_without_a_warning(run, packages, tmp_path, codes):
    package = tmp_path / "argos.argosmodel"
    package.write_bytes(repack(MODELS / "de_en.argosmodel", metadata=codes))
    result = run("models", "install", "--file", package)
    assert result.code == 0, result.err
    assert result.err == "" and result.out.startswith("installed "), result.err


def test_dead_first_link_and_an_ipfs_link_then_the_working_one(run, packages, index_server):
    index_server.entries = [entry("de", "en", "ipfs://QmNotFetched", "http://127.0.0.1:9/de_en.argosmodel",
                                  f"{index_server.url}/de_en.argosmodel")]
    result = run("models", "install", "de", "en", "--index", index_server.url)
    assert result.code == 0, result.err
    assert leftovers(packages) == ["translate-de_en-0_1-test"]


def test_each_retry_is_announced(index_server):
    from uebersetzer import downloads

    notes: list[str] = []
    with pytest.raises(downloads.DownloadFailed, match=r"cannot connect .* \(3 tries\)"):
        downloads.download("http://127.0.0.1:9/x.argosmodel", io.BytesIO(), 1 << 20, 10,
                           downloads.Reporter(note=notes.append))
    assert [note.rsplit("; ", 1)[-1] for note in notes] == ["trying again (2 of 3)", "trying again (3 of 3)"]


def test_every_link_failing_names_each_and_why(run, packages, index_server):
    index_server.entries = [entry("de", "en", "file:///etc/passwd", "http://127.0.0.1:9/de_en.argosmodel",
                                  f"{index_server.url}/missing.argosmodel")]
    result = run("models", "install", "de", "en", "--index", index_server.url)
    assert result.code == 1
    [line] = result.err.strip().splitlines()
    assert "file:///etc/passwd: a local file named by a remote index" in line
    assert "http://127.0.0.1:9/de_en.argosmodel: cannot connect" in line and "(3 tries)" in line
    assert f"{index_server.url}/missing.argosmodel: HTTP 404" in line
    assert index_server.requests.count("/missing.argosmodel") == 1  # a 404 is not retried
    assert leftovers(packages) == [] and staging_folders(packages) == []


def test_wrong_pair_from_the_index_is_refused_removed_and_named(run, packages, index_server):
    """An index entry once linked the wrong pair (en_ar pointed at the en_az file)."""
    index_server.entries = [entry("de", "en", f"{index_server.url}/en_fr.argosmodel")]
    result = run("models", "install", "de", "en", "--index", index_server.url)
    assert result.code == 1
    [line] = result.err.strip().splitlines()
    assert f"{index_server.url}/en_fr.argosmodel: the package is en -> fr, not the de -> en asked for" in line
    assert leftovers(packages) == [] and staging_folders(packages) == []


def test_requests_name_uebersetzer_and_its_version(run, packages, index_server):
    from uebersetzer import __version__

    assert run("models", "install", "de", "en", "--index", index_server.url).code == 0
    assert index_server.requests == ["/index.json", "/de_en.argosmodel"]
    assert all(agent.startswith(f"uebersetzer/{__version__} ") for agent in index_server.user_agents)


def test_a_stalled_server_times_out_with_one_line(run, packages, index_server, monkeypatch):
    monkeypatch.setattr("uebersetzer.downloads.READ_TIMEOUT", 0.3)
    index_server.behaviours["/stall.argosmodel"] = index_server.stall
    index_server.entries = [entry("de", "en", f"{index_server.url}/stall.argosmodel")]
    result = run("models", "install", "de", "en", "--index", index_server.url)
    assert result.code == 1
    [line] = result.err.strip().splitlines()
    assert "stall.argosmodel: the server sent nothing for 0.3 s (3 tries)" in line
    assert leftovers(packages) == [] and staging_folders(packages) == []


def test_a_trickling_server_meets_the_overall_deadline(run, packages, index_server, monkeypatch):
    """One byte every 50 ms never trips the read timeout; the deadline for the whole download does."""
    monkeypatch.setattr("uebersetzer.models.PACKAGE_DEADLINE", 0.5)
    index_server.behaviours["/slow.argosmodel"] = index_server.trickle
    index_server.entries = [entry("de", "en", f"{index_server.url}/slow.argosmodel")]
    result = run("models", "install", "de", "en", "--index", index_server.url)
    assert result.code == 1
    [line] = result.err.strip().splitlines()
    assert "slow.argosmodel: not complete after 0.5 s" in line
    assert index_server.requests.count("/slow.argosmodel") == 1  # a server this slow is not asked again


def test_an_endless_index_is_read_with_a_bound(run, packages, index_server, monkeypatch):
    monkeypatch.setattr("uebersetzer.models.MAX_INDEX_BYTES", 1 << 20)

    def endless(handler: BaseHTTPRequestHandler) -> None:  # no Content-Length: ends when the socket does
        handler.send_response(200)
        handler.end_headers()
        for _ in range(1024):
            handler.wfile.write(b"[" * 65536)

    index_server.behaviours["/index.json"] = endless
    result = run("models", "available", "--index", index_server.url)
    assert result.code == 1
    assert result.err.strip().endswith("more than the 1 MB allowed")


def test_download_reports_progress_with_the_size(index_server):
    from uebersetzer import downloads

    seen: list[tuple[int, int | None]] = []
    reporter = downloads.Reporter(transferred=lambda url, received, total: seen.append((received, total)))
    sink = io.BytesIO(b"left from an earlier try")
    downloads.download(f"{index_server.url}/de_en.argosmodel", sink, 10 << 20, 60, reporter)
    size = (MODELS / "de_en.argosmodel").stat().st_size
    assert seen[-1] == (size, size) and len(seen) > 1
    assert sink.getvalue() == (MODELS / "de_en.argosmodel").read_bytes()


def test_rollback_1_9_then_1_0_keeps_one_and_1_0_translates(run, packages, index_server, tmp_path):
    """The index rolled de <-> en back from 1.9 to 1.0: installing 1.0 must replace 1.9."""
    from uebersetzer.catalog.memory import TranslationMemory

    for version in ("1.9", "1.0"):
        name = f"/de_en-{version}.argosmodel"
        index_server.files[name] = repack(MODELS / "de_en.argosmodel", metadata={"package_version": version})
        index_server.entries = [entry("de", "en", index_server.url + name, version=version)]
        result = run("models", "install", "de", "en", "--index", index_server.url)
        assert result.code == 0, result.err
    assert result.out.strip() == (f"installed de -> en 1.0 in {packages / 'translate-de_en-1_0'}; "
                                  f"replaced de -> en 1.9 (translate-de_en-1_9)")
    [row] = json.loads(run("models", "list", "--json").out)
    assert (row["version"], row["used"]) == ("1.0", True)
    article = tmp_path / "a.de.txt"
    article.write_text("Neue Gespräche\n\nDer Präsident trifft den Minister in Berlin.\n")
    assert run("translate", article, "--to", "en", "--out", tmp_path / "o", "--quiet").code == 0
    machine = [u for u in TranslationMemory(tmp_path / "o" / ".tm.sqlite").units() if u.origin == "machine"]
    assert machine and {u.model_version for u in machine} == {"de-en@1.0"}


def test_versions_left_side_by_side_by_other_tools(run, packages, tmp_path):
    """argospm or an older uebersetzer may have left two versions of a pair: the list says which
    one translates, and remove takes them all."""
    import shutil

    run("models", "install", "--file", MODELS / "de_en.argosmodel")
    older = packages / "translate-de_en-0_0_9"
    shutil.copytree(packages / "translate-de_en-0_1-test", older)
    (older / "metadata.json").write_text(json.dumps({"from_code": "de", "to_code": "en", "package_version": "0.0.9"}))
    rows = {row["version"]: row["used"] for row in json.loads(run("models", "list", "--json").out)}
    assert rows == {"0.1-test": True, "0.0.9": False}
    assert "not used: a newer de -> en is installed" in run("models", "list").out
    removed = run("models", "remove", "de", "en")
    assert removed.code == 0 and len(removed.out.strip().splitlines()) == 2
    assert leftovers(packages) == []


def _start_install(*args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "uebersetzer", "models", "install", *args],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=dict(os.environ))


def test_a_killed_install_leaves_argostranslate_working(run, packages, index_server, tmp_path):
    run("models", "install", "--file", MODELS / "de_en.argosmodel")
    index_server.behaviours["/slow.argosmodel"] = index_server.trickle
    index_server.entries = [entry("en", "fr", f"{index_server.url}/slow.argosmodel")]
    process = _start_install("en", "fr", "--index", index_server.url)
    try:
        deadline = time.monotonic() + 60
        while not list(packages.parent.glob(".packages.uebersetzer-staging-*/download.argosmodel")):  # downloading
            assert process.poll() is None and time.monotonic() < deadline, process.communicate()
            time.sleep(0.05)
    finally:
        process.kill()
        process.communicate()
    assert len(staging_folders(packages)) == 1  # left by the kill, beside the folder
    assert leftovers(packages) == ["translate-de_en-0_1-test"]
    assert argostranslate_lists(packages) == [("de", "en")]
    assert run("models", "install", "--file", MODELS / "en_fr.argosmodel").code == 0
    assert staging_folders(packages) == []  # the stale one was cleaned
    assert argostranslate_lists(packages) == [("de", "en"), ("en", "fr")]


def test_staging_left_inside_the_folder_by_older_versions_is_cleaned(run, packages):
    """uebersetzer 0.1 staged in `.installing-*` inside the folder; after a kill argostranslate
    failed on it for good (FileNotFoundError: .../.installing-.../metadata.json)."""
    run("models", "install", "--file", MODELS / "de_en.argosmodel")
    (packages / ".installing-bf91uxjs" / "translate-x").mkdir(parents=True)
    # killed between moving the old package out and the new one in: the old one comes back
    (packages / "translate-de_en-0_1-test").rename(packages / ".replaced-translate-de_en-0_1-test")
    with pytest.raises(FileNotFoundError):
        argostranslate_lists(packages)
    assert run("models", "install", "--file", MODELS / "en_fr.argosmodel").code == 0
    assert leftovers(packages) == ["translate-de_en-0_1-test", "translate-en_fr-0_1-test"]
    assert argostranslate_lists(packages) == [("de", "en"), ("en", "fr")]


def test_staging_is_never_inside_the_packages_folder(run, packages, monkeypatch):
    """While a package is unpacked and loaded, argostranslate can still list the folder."""
    from uebersetzer import models

    seen = []
    check = models._verify_loads

    def verify_and_list(package, display):
        seen.append((package.path, argostranslate_lists(packages)))
        check(package, display)

    monkeypatch.setattr(models, "_verify_loads", verify_and_list)
    run("models", "install", "--file", MODELS / "de_en.argosmodel")
    assert run("models", "install", "--file", MODELS / "en_fr.argosmodel").code == 0
    [(first, listed_first), (second, listed_second)] = seen
    assert packages not in first.parents and packages not in second.parents
    assert listed_first == [] and listed_second == [("de", "en")]


def test_concurrent_installs_of_one_package(packages):
    processes = [_start_install("--file", str(MODELS / "de_en.argosmodel")) for _ in range(2)]
    results = [process.communicate(timeout=120) for process in processes]
    assert [process.returncode for process in processes] == [0, 0], results
    assert leftovers(packages) == ["translate-de_en-0_1-test"] and staging_folders(packages) == []
    assert argostranslate_lists(packages) == [("de", "en")]


def test_install_missing_brings_a_bpe_package_that_translates(run, packages, index_server, tmp_path):
    """Such a package used to install silently and then end the run in NOT_FOUND sentencepiece.model."""
    index_server.entries = [entry("fr", "en", f"{index_server.url}/fr_en_bpe.argosmodel")]
    article = tmp_path / "a.fr.txt"
    article.write_text("Le président rencontre le ministre à Berlin.\n", encoding="utf-8")
    result = run("translate", article, "--from", "fr", "--to", "en", "--out", tmp_path / "o", "--install-missing",
                 "--index", index_server.url, "--quiet")
    assert result.code == 0, result.err
    assert (tmp_path / "o" / "en" / "a.fr.txt").read_text() == "The president meets the minister in Berlin.\n"
    assert leftovers(packages) == ["translate-fr_en-0_1-test"]


json_values = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=12),
                           lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner,
                                                                                      max_size=3), max_leaves=8)


codes = st.one_of(json_values, st.sampled_from(["de", "en", "pt-BR", "zt", "../x", "5", "de/en", "EN", ""]))


@settings(max_examples=60, deadline=None)
@given(st.one_of(json_values, st.fixed_dictionaries({"from_code": codes, "to_code": codes,
                                                      "package_version": st.one_of(json_values, st.text())})))
def test_any_metadata_is_a_package_or_one_clear_refusal(metadata):
    """Whatever metadata.json holds, reading it gives a package with real language codes, or
    BadMetadata with a message; never another exception."""
    import tempfile

    from uebersetzer import models

    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "metadata.json").write_text(json.dumps(metadata))
        try:
            package = models.read_package(Path(folder))
        except models.BadMetadata as refusal:
            assert "metadata.json" in str(refusal)
            return
        assert models._LANGUAGE_CODE.fullmatch(package.from_code) and models._LANGUAGE_CODE.fullmatch(package.to_code)
        assert "/" not in package.folder_name and ".." not in package.folder_name


def test_a_terminal_sees_a_download_bar_with_the_size(packages, index_server):
    code, stderr = stderr_on_a_terminal(["models", "install", "de", "en", "--index", index_server.url],
                                        env=dict(os.environ))
    assert code == 0, stderr
    size = (MODELS / "de_en.argosmodel").stat().st_size
    assert "de_en.argosmodel:" in stderr and f"/{size / 1024 / 1024:.2f}M" in stderr  # tqdm's 1.78M


# -- --install-missing in a batch: a pair that cannot be installed fails only its articles ------

SPANISH_ARTICLE = ("El gobierno aprueba una nueva ley\n\nEl gobierno se reunió el lunes para hablar del presupuesto del "
                   "año que viene. Los ministros discutieron la ley sobre las energías renovables y los precios.\n")


def _mixed_batch(tmp_path: Path, run) -> Path:
    """A folder with a German article (de -> en installed) and a Spanish one (no es -> en anywhere)."""
    assert run("models", "install", "--file", MODELS / "de_en.argosmodel").code == 0
    folder = tmp_path / "mix"
    folder.mkdir()
    (folder / "de_0.txt").write_text("Neue Gespräche\n\nDer Präsident trifft den Minister in Berlin.\n")
    (folder / "es_0.txt").write_text(SPANISH_ARTICLE)
    return folder


@pytest.mark.parametrize("index", ["lacks", "unreachable", "wrong"],
                         ids=["index-lacks-the-pair", "index-unreachable", "entry-links-another-pair"])
def test_install_missing_fails_only_the_articles_of_a_pair_it_cannot_install(run, packages, index_server, tmp_path,
                                                                             index):
    folder = _mixed_batch(tmp_path, run)
    if index == "wrong":  # es -> en links the de -> en package, as an index entry once did
        index_server.entries = [entry("es", "en", f"{index_server.url}/de_en.argosmodel")]
    url = "http://127.0.0.1:9/index.json" if index == "unreachable" else index_server.url  # port 9 (discard): refused
    result = run("translate", folder, "--to", "en", "--out", tmp_path / "o", "--install-missing", "--index", url,
                 "--json")
    summary = json.loads(result.out)
    assert result.code == 1 and summary["status"] == "failed", result.err
    assert "The president meets the minister in Berlin." in (tmp_path / "o" / "en" / "de_0.txt").read_text()
    [failed] = summary["failed"]
    assert failed["path"] == str(folder / "es_0.txt") and failed["target"] == "en"
    why = {"lacks": "the package index has no es -> en package", "unreachable": "cannot download the package index",
           "wrong": "the package is de -> en, not the es -> en asked for"}[index]
    assert failed["reason"].startswith(f"{folder / 'es_0.txt'}: --install-missing could not install es -> en: ")
    assert why in failed["reason"]
    assert [line for line in result.err.splitlines() if "es_0.txt" in line] == [f"error: {failed['reason']}"]
    assert not (tmp_path / "o" / "en" / "es_0.txt").exists()


# -- a mirrored index on a share: a local path or file:// URL, its links relative to it ---------


@pytest.mark.parametrize("spelling", ["path", "file-url"])
def test_a_local_index_installs_its_packages_from_links_relative_to_it(run, packages, tmp_path, spelling):
    """An offline newsroom mirrors the index: `--index /mirror/index.json` said `only http and
    https links are fetched, not this:` and file:// was refused too."""
    mirror = tmp_path / "mirror"
    (mirror / "packages").mkdir(parents=True)
    (mirror / "packages" / "de_en.argosmodel").write_bytes((MODELS / "de_en.argosmodel").read_bytes())
    (mirror / "index.json").write_text(json.dumps([entry("de", "en", "packages/de_en.argosmodel"),
                                                   entry("en", "fr", "packages/en_fr.argosmodel")]))
    index = str(mirror / "index.json") if spelling == "path" else (mirror / "index.json").as_uri()
    assert [row["from_code"] for row in json.loads(run("models", "available", "--index", index, "--json").out)] == [
        "de", "en"]
    result = run("models", "install", "de", "en", "--index", index)
    assert result.code == 0, result.err
    assert leftovers(packages) == ["translate-de_en-0_1-test"]
    missing = run("models", "install", "en", "fr", "--index", index)
    link = mirror / "packages" / "en_fr.argosmodel"
    shown = str(link) if spelling == "path" else link.as_uri()
    assert missing.code == 1 and missing.err.strip() == f"uebersetzer: error: cannot install en -> fr: {shown}: no such file"
    gone = run("models", "available", "--index", str(tmp_path / "nowhere.json"))
    assert gone.code == 1 and gone.err.strip() == (
        f"uebersetzer: error: cannot read the package index {tmp_path / 'nowhere.json'}: no such file; name an index "
        "file (a path, a file:// or an http(s) URL) with --index or ARGOS_PACKAGE_INDEX")
