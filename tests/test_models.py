"""`uebersetzer models`: install from file and from an index on 127.0.0.1, list, remove, refusals."""

from __future__ import annotations

import io
import json
import threading
import zipfile
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.conftest import ARTICLE, FIXTURES

MODELS = FIXTURES / "models"


@pytest.fixture
def packages(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "packages"
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(folder))
    monkeypatch.delenv("ARGOS_PACKAGE_INDEX", raising=False)
    return folder


class IndexServer:
    """A package index on 127.0.0.1: index.json, the fixture packages, and a cut-off download."""

    def __init__(self) -> None:
        files = {f"/{p.name}": p.read_bytes() for p in MODELS.glob("*.argosmodel")}
        self.requests: list[str] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (http.server's name)
                server.requests.append(self.path)
                if self.path == "/index.json":
                    body = json.dumps(server.index()).encode()
                elif self.path.startswith("/cut/"):
                    body = files["/" + self.path.split("/")[-1]]
                    self.send_response(200)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body[: len(body) // 3])  # then the connection drops
                    self.wfile.flush()
                    self.close_connection = True
                    return
                elif self.path in files:
                    body = files[self.path]
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
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def index(self) -> list[dict]:
        def entry(source: str, target: str, link: str) -> dict:
            return {"from_code": source, "to_code": target, "from_name": source, "to_name": target,
                    "package_version": "0.1-test", "argos_version": "1.9", "type": "translate", "links": [link]}
        return [entry("de", "en", f"{self.url}/de_en.argosmodel"), entry("en", "fr", f"{self.url}/en_fr.argosmodel"),
                entry("en", "de", f"{self.url}/cut/de_en.argosmodel")]

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


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
    assert f"installed de -> en 0.1-test in {packages / 'translate-de-en-0.1-test'}" in result.out
    listed = run("models", "list", "--json")
    [row] = json.loads(listed.out)
    assert (row["from"], row["to"], row["version"], row["path"]) == ("de", "en", "0.1-test",
                                                                     str(packages / "translate-de-en-0.1-test"))
    assert row["size"] > 500_000
    plain = run("models", "list").out
    assert plain.startswith("de -> en\t0.1-test\t") and "MB" in plain
    assert run("models", "remove", "de", "en").code == 0
    assert leftovers(packages) == []
    missing = run("models", "remove", "de", "en")
    assert missing.code == 2 and "no installed package for de -> en" in missing.err


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


@pytest.mark.parametrize("content, message", [
    (b"not a zip at all", "not a zip archive"),
    (_zip({"pkg/metadata.json": GOOD_METADATA, "pkg/model/model.bin": b"x", "../evil.txt": b"x"}),
     "unsafe path '../evil.txt'"),
    (_zip({"pkg/metadata.json": GOOD_METADATA, "pkg/model/model.bin": b"x", "pkg/../../evil.txt": b"x"}),
     "unsafe path 'pkg/../../evil.txt'"),
    (_zip({"/tmp/evil.txt": b"x"}), "unsafe path '/tmp/evil.txt'"),
    (_zip({"pkg/metadata.json": GOOD_METADATA, "pkg/model/model.bin": b"x"}, links=("pkg/model/link",)),
     "link 'pkg/model/link'"),
    (_zip({"pkg/model/model.bin": b"x"}), "no metadata.json"),
    (_zip({"pkg/metadata.json": GOOD_METADATA}), "no model/ folder"),
    (_zip({"pkg/metadata.json": b"{not json", "pkg/model/model.bin": b"x"}), "unreadable metadata.json"),
])
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
    assert leftovers(packages) == ["translate-de-en-0.1-test"]


def test_index_from_the_environment(run, packages, index_server, monkeypatch):
    monkeypatch.setenv("ARGOS_PACKAGE_INDEX", index_server.url + "/")
    assert run("models", "install", "en", "fr").code == 0
    assert leftovers(packages) == ["translate-en-fr-0.1-test"]


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
    assert "no model for de -> en; install one with: uebersetzer models install de en" in result.err
    assert not (tmp_path / "o" / "en").exists()


def test_install_missing_fetches_a_pivot_from_the_index(run, packages, index_server, tmp_path):
    article = tmp_path / "a.de.txt"
    article.write_text("Neue Gespräche\n\nDer Präsident trifft den Minister in Berlin.\n")
    result = run("translate", article, "--to", "fr", "--out", tmp_path / "o", "--install-missing",
                 "--index", index_server.url, "--quiet")
    assert result.code == 0, result.err
    assert leftovers(packages) == ["translate-de-en-0.1-test", "translate-en-fr-0.1-test"]
    assert "Le président rencontre le ministre à Berlin." in (tmp_path / "o" / "fr" / "a.de.txt").read_text()
