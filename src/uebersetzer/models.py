"""Argos Translate packages: find, list, install (from a file or an index), remove.

The same package folder as argostranslate (ARGOS_PACKAGES_DIR, its settings.json, or its
default), so packages installed for argos-translate or LibreTranslate are used as they
are. argostranslate's own installer is not used: it extracts zips without checking
their paths and imports the heavy translate module afterwards. Here a package is checked
entry by entry, unpacked beside its final place and renamed into it, so a bad or cut-off
package leaves nothing behind.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from uebersetzer.errors import EngineError, UsageError

DOWNLOAD_TIMEOUT = 60


@dataclass(frozen=True)
class Package:
    path: Path
    from_code: str
    to_code: str
    version: str
    from_name: str = ""
    to_name: str = ""
    target_prefix: str = ""

    @property
    def pair(self) -> str:
        return f"{self.from_code} -> {self.to_code}"

    @property
    def model_dir(self) -> Path:
        return self.path / "model"

    @property
    def sentencepiece(self) -> Path:
        return self.path / "sentencepiece.model"

    def size(self) -> int:
        return sum(f.stat().st_size for f in self.path.rglob("*") if f.is_file())


def _home() -> Path:
    return Path(os.environ["SNAP_USER_DATA"]) if "SNAP" in os.environ else Path.home()


def _argos_setting(name: str) -> str | None:
    """Environment first, then argostranslate's settings.json, as argostranslate reads them."""
    if os.environ.get(name):
        return os.environ[name]
    config = Path(os.getenv("XDG_CONFIG_HOME", _home() / ".config")) / "argos-translate" / "settings.json"
    try:
        value = json.loads(config.read_text()).get(name)
    except (OSError, ValueError):
        return None
    return str(value) if value else None


def packages_dir() -> Path:
    configured = _argos_setting("ARGOS_PACKAGES_DIR")
    if configured:
        return Path(configured)
    return Path(os.getenv("XDG_DATA_HOME", _home() / ".local" / "share")) / "argos-translate" / "packages"


def read_package(path: Path) -> Package:
    metadata = json.loads((path / "metadata.json").read_text(encoding="utf-8"))
    return Package(
        path=path, from_code=metadata.get("from_code", ""), to_code=metadata.get("to_code", ""),
        version=str(metadata.get("package_version", "")), from_name=metadata.get("from_name", ""),
        to_name=metadata.get("to_name", ""), target_prefix=metadata.get("target_prefix", ""),
    )


def installed(folder: Path | None = None) -> list[Package]:
    folder = folder or packages_dir()
    if not folder.is_dir():
        return []
    found = []
    for child in sorted(folder.iterdir()):
        if child.is_dir() and not child.name.startswith(".") and (child / "metadata.json").is_file():
            try:
                package = read_package(child)
            except (OSError, ValueError):
                continue
            if package.model_dir.is_dir():
                found.append(package)
    return found


def find(from_code: str, to_code: str, folder: Path | None = None) -> Package | None:
    matches = [p for p in installed(folder) if p.from_code == from_code and p.to_code == to_code]
    return max(matches, key=lambda p: _version_key(p.version)) if matches else None


def _version_key(version: str) -> tuple:
    return tuple(int(part) if part.isdigit() else 0 for part in version.replace("-", ".").split("."))


def route(from_code: str, to_code: str, folder: Path | None = None) -> list[Package] | None:
    """The packages to chain: direct, or through English as argostranslate pivots."""
    direct = find(from_code, to_code, folder)
    if direct:
        return [direct]
    if "en" not in (from_code, to_code):
        first, second = find(from_code, "en", folder), find("en", to_code, folder)
        if first and second:
            return [first, second]
    return None


def install_command(from_code: str, to_code: str) -> str:
    return f"uebersetzer models install {from_code} {to_code}"


# -- installing ---------------------------------------------------------------------------


def _check_archive(archive: zipfile.ZipFile, display: str) -> str:
    """The package's top folder; raises UsageError for anything that must not be unpacked."""
    names = archive.namelist()
    if not names:
        raise UsageError("empty package; nothing to install", display)
    tops = set()
    for info in archive.infolist():
        name = info.filename
        parts = PurePosixPath(name).parts
        if name.startswith(("/", "\\")) or ".." in parts or (len(name) > 1 and name[1] == ":") or "\\" in name:
            raise UsageError(f"unsafe path {name!r} in package: it would land outside the packages folder; "
                             "refusing to install", display)
        if stat.S_ISLNK(info.external_attr >> 16):
            raise UsageError(f"link {name!r} in package; refusing to install", display)
        tops.add(parts[0])
    if len(tops) != 1:
        raise UsageError("a package holds exactly one top folder (name/metadata.json, name/model/...)", display)
    top = tops.pop()
    if f"{top}/metadata.json" not in names:
        raise UsageError("no metadata.json in package; not an Argos package", display)
    if not any(n.startswith(f"{top}/model/") and not n.endswith("/") for n in names):
        raise UsageError("no model/ folder in package; not an Argos package", display)
    return top


def install_file(path: Path, folder: Path | None = None, display: str | None = None) -> Package:
    display = display or str(path)
    folder = folder or packages_dir()
    if not path.is_file():
        raise UsageError("no such package file", display)
    if not zipfile.is_zipfile(path):
        raise UsageError("not a zip archive; an .argosmodel package is a zip file", display)
    folder.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".installing-", dir=folder))
    try:
        with zipfile.ZipFile(path) as archive:
            top = _check_archive(archive, display)
            try:
                archive.extractall(staging)
            except (zipfile.BadZipFile, OSError, EOFError) as error:
                raise UsageError(f"damaged package ({error}); download it again", display) from error
        package = read_package(staging / top)
        if not package.from_code or not package.to_code:
            raise UsageError("metadata.json names no from_code/to_code; not a translation package", display)
        final = folder / top
        previous = folder / f".replaced-{top}"
        if final.exists():
            final.rename(previous)
        (staging / top).rename(final)
        shutil.rmtree(previous, ignore_errors=True)
        return read_package(final)
    except (ValueError, KeyError) as error:
        raise UsageError(f"unreadable metadata.json ({error})", display) from error
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def remove(from_code: str, to_code: str, folder: Path | None = None) -> Package:
    package = find(from_code, to_code, folder)
    if package is None:
        raise UsageError(f"no installed package for {from_code} -> {to_code}; see 'uebersetzer models list'")
    shutil.rmtree(package.path)
    return package


# -- the package index --------------------------------------------------------------------


def index_url(explicit: str | None = None) -> str:
    base = explicit or _argos_setting("ARGOS_PACKAGE_INDEX")
    if not base:
        from argostranslate import settings  # cheap: only its default index address is needed

        base = settings.remote_package_index
    return base if base.endswith(".json") else base.rstrip("/") + "/index.json"


def available(explicit_index: str | None = None) -> list[dict]:
    url = index_url(explicit_index)
    try:
        data = json.loads(_fetch(url))
    except ValueError as error:
        raise EngineError(f"package index is not JSON: {url}") from error
    if not isinstance(data, list):
        raise EngineError(f"package index is not a list of packages: {url}")
    return [entry for entry in data if isinstance(entry, dict) and entry.get("type", "translate") == "translate"]


def _fetch(url: str) -> bytes:
    import urllib.request  # only here: 30 ms of imports that a translate run does not need

    try:
        with urllib.request.urlopen(url, timeout=DOWNLOAD_TIMEOUT) as response:
            return response.read()
    except (OSError, ValueError) as error:  # urllib's URLError is an OSError
        raise EngineError(f"cannot download {url}: {getattr(error, 'reason', error)}") from error


def download(url: str, destination: Path) -> None:
    """Download to `destination`; a failed or cut-off download leaves no file and names the URL."""
    import urllib.request

    partial = destination.with_name(destination.name + ".part")
    try:
        with urllib.request.urlopen(url, timeout=DOWNLOAD_TIMEOUT) as response, open(partial, "wb") as handle:
            expected = response.headers.get("Content-Length")
            received = 0
            while chunk := response.read(1 << 16):
                handle.write(chunk)
                received += len(chunk)
        if expected is not None and received != int(expected):
            raise EngineError(f"download cut off after {received} of {expected} bytes: {url}")
        partial.rename(destination)
    except EngineError:
        partial.unlink(missing_ok=True)
        raise
    except (OSError, ValueError) as error:  # urllib's URLError is an OSError
        partial.unlink(missing_ok=True)
        raise EngineError(f"download failed: {url}: {getattr(error, 'reason', error)}") from error


def install_from_index(from_code: str, to_code: str, explicit_index: str | None = None,
                       folder: Path | None = None) -> Package:
    candidates = [e for e in available(explicit_index) if e.get("from_code") == from_code and e.get("to_code") == to_code]
    if not candidates:
        raise EngineError(f"the package index has no {from_code} -> {to_code} package: {index_url(explicit_index)}")
    entry = max(candidates, key=lambda e: _version_key(str(e.get("package_version", ""))))
    links = entry.get("links") or []
    if not links:
        raise EngineError(f"the index lists {from_code} -> {to_code} without a download link")
    with tempfile.TemporaryDirectory(prefix="uebersetzer-download-") as tmp:
        archive = Path(tmp) / f"{from_code}_{to_code}.argosmodel"
        download(links[0], archive)
        try:
            return install_file(archive, folder, display=links[0])
        except UsageError as error:
            raise EngineError(f"bad package from {links[0]}: {error.message}") from error


def install_missing_pairs(pairs: list[tuple[str, str]], explicit_index: str | None = None) -> list[Package]:
    """Make every pair translatable: a direct package, else the two halves of an English pivot."""
    installed_now = []
    index_pairs = {(e.get("from_code"), e.get("to_code")) for e in available(explicit_index)} if any(
        route(s, t) is None for s, t in pairs) else set()
    for source, target in pairs:
        if route(source, target) is not None:
            continue
        wanted = [(source, target)] if (source, target) in index_pairs else [(source, "en"), ("en", target)]
        for pair in wanted:
            if find(*pair) is None:
                installed_now.append(install_from_index(*pair, explicit_index))
    return installed_now
