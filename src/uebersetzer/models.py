"""Argos Translate packages: find, list, install (from a file or an index), remove.

The same package folder as argostranslate (ARGOS_PACKAGES_DIR, its settings.json, or its
default), so packages installed for argos-translate or LibreTranslate are used as they
are. argostranslate's own installer is not used: it extracts zips without checking their
paths or sizes, names the folder after the zip's, keeps every version of a pair side by
side, and imports the heavy translate module afterwards.

Here a package is checked entry by entry, unpacked in a staging folder *beside* the
packages folder (argostranslate and LibreTranslate list every folder inside it, so a
half-unpacked one there would break them), loaded once to prove it works, and renamed into
place under a name taken from its metadata. One package per language pair: installing
replaces the others of that pair, so what `models list` shows is what translates.
"""

from __future__ import annotations

import fcntl
import json
import os
import re
import shutil
import stat
import tempfile
import time
import zipfile
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Iterator

from uebersetzer.downloads import SILENT, DownloadFailed, Reporter, download, local_path
from uebersetzer.errors import EngineError, UsageError
from uebersetzer.fsio import not_a_folder

# Downloads (retries and timeouts in downloads.py). Every link of an index entry is tried;
# each try of one is bounded by:
PACKAGE_DEADLINE = 1800.0  # seconds for a whole package (about 100 MB on a slow line)
INDEX_DEADLINE = 120.0  # seconds for the whole index
MAX_INDEX_BYTES = 32 << 20  # Argos' index is about 100 kB
MAX_PACKAGE_BYTES = 4 << 30  # Argos' packages are about 100 MB; none is near this

# Unpacking: a package unpacks to about its own size (models are already dense). A zip
# bomb does not: the unpacked size is bounded by a generous limit and by a ratio to the
# archive's size, beyond a floor that keeps tiny packages free.
MAX_UNPACKED_BYTES = 8 << 30
MAX_UNPACK_RATIO = 20
UNPACK_RATIO_FLOOR = 64 << 20
SUPPORTED_COMPRESSION = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA)

MAX_METADATA_BYTES = 1 << 20  # Argos' metadata.json files are under 1 kB

# ISO 639 codes as Argos uses them ("de", "zt", "pb"), optionally with a region or script
_LANGUAGE_CODE = re.compile(r"[a-z]{2,3}(?:[_-][A-Za-z0-9]{2,8})?")
_STAGING_MARK = ".uebersetzer-staging-"
_LEGACY_STAGING = (".installing-", ".replaced-")  # where earlier uebersetzer versions staged, inside the folder


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

    @property
    def folder_name(self) -> str:
        """The install folder's name, from the metadata as argos-train names packages
        (`translate-de_en-1_9`), never from the zip's own top folder."""
        version = re.sub(r"[^A-Za-z0-9-]", "_", self.version)
        return f"translate-{self.from_code}_{self.to_code}" + (f"-{version}" if version else "")

    def size(self) -> int:
        return sum(f.stat().st_size for f in self.path.rglob("*") if f.is_file())


@dataclass(frozen=True)
class Installation:
    """What an install did: the package now in place, and the ones of its pair it replaced."""

    package: Package
    replaced: tuple[Package, ...] = ()


class BadMetadata(ValueError):
    """metadata.json is unreadable or does not describe a translation package."""


def _home() -> Path:
    return Path(os.environ["SNAP_USER_DATA"]) if "SNAP" in os.environ else Path.home()


def _argos_setting(name: str) -> str | None:
    """Environment first, then argostranslate's settings.json, as argostranslate reads them."""
    found = _argos_setting_and_source(name)
    return found[0] if found else None


def _argos_setting_and_source(name: str) -> tuple[str, str] | None:
    """_argos_setting's value and where it was set, as an error names it."""
    if os.environ.get(name):
        return os.environ[name], f"{name}={os.environ[name]}"
    config = Path(os.getenv("XDG_CONFIG_HOME", _home() / ".config")) / "argos-translate" / "settings.json"
    try:
        value = json.loads(config.read_text()).get(name)
    except (OSError, ValueError, AttributeError):
        return None
    return (str(value), f"{name}={value} in {config}") if value else None


def packages_dir() -> Path:
    """The package folder argostranslate uses. A setting that makes it a file (or a path through
    one) is a UsageError naming the setting: read as a folder with no packages, it gave "no
    model" or "no packages", which sent the user installing a model they have."""
    configured = _argos_setting_and_source("ARGOS_PACKAGES_DIR")
    if configured:
        folder, source = Path(configured[0]), configured[1]
        fix = "fix or unset ARGOS_PACKAGES_DIR" if os.environ.get("ARGOS_PACKAGES_DIR") else "fix it there"
    else:
        data = os.getenv("XDG_DATA_HOME")
        folder = Path(data or _home() / ".local" / "share") / "argos-translate" / "packages"
        source, fix = (f"XDG_DATA_HOME={data}", "fix or unset XDG_DATA_HOME") if data else (str(folder), "")
    blocker = not_a_folder(folder)
    if blocker is not None:  # the file in the way, which need not be the folder the setting names
        where = "" if blocker == folder else f" (Argos packages go in {folder})"
        fix = f"move it away, or {fix}" if fix and (blocker != folder or not configured) else fix or "move it away"
        raise UsageError(f"{source}: {blocker} is a file, not a folder{where}; {fix}")
    return folder


def read_package(path: Path) -> Package:
    """The package at `path`; BadMetadata when its metadata.json is not a translation package's."""
    if (path / "metadata.json").stat().st_size > MAX_METADATA_BYTES:
        raise BadMetadata(f"metadata.json is larger than {MAX_METADATA_BYTES >> 10} kB; not an Argos package's")
    try:
        metadata = json.loads((path / "metadata.json").read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError, RecursionError) as error:
        raise BadMetadata(f"unreadable metadata.json ({error})") from error
    if not isinstance(metadata, dict):
        raise BadMetadata(f"metadata.json holds {type(metadata).__name__}, not an object; not an Argos package")
    codes = {key: metadata.get(key) for key in ("from_code", "to_code")}
    if not all(codes.values()):
        raise BadMetadata("metadata.json names no from_code/to_code; not a translation package")
    for key, code in codes.items():
        if not isinstance(code, str) or not _LANGUAGE_CODE.fullmatch(code):
            raise BadMetadata(f"metadata.json: {key} {code!r} is not a language code such as 'de' or 'pt-BR'")
    version = metadata.get("package_version", "")
    if not isinstance(version, (str, int, float)):
        raise BadMetadata(f"metadata.json: package_version {version!r} is not a version")
    return Package(
        path=path, from_code=codes["from_code"], to_code=codes["to_code"], version=str(version),
        from_name=str(metadata.get("from_name", "")), to_name=str(metadata.get("to_name", "")),
        target_prefix=str(metadata.get("target_prefix", "") or ""),
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
    """The package translation uses for a pair: the newest, when other tools left several."""
    matches = [p for p in installed(folder) if p.from_code == from_code and p.to_code == to_code]
    return max(matches, key=lambda p: _version_key(p.version)) if matches else None


def in_use(packages: list[Package]) -> set[Path]:
    """Paths of the packages translation uses among `packages` (one per pair, as `find` picks)."""
    chosen: dict[tuple[str, str], Package] = {}
    for package in packages:
        pair = (package.from_code, package.to_code)
        if pair not in chosen or _version_key(package.version) > _version_key(chosen[pair].version):
            chosen[pair] = package
    return {package.path for package in chosen.values()}


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


# -- staging beside the packages folder ----------------------------------------------------


@contextmanager
def _staging(folder: Path) -> Iterator[Path]:
    """A private folder beside `folder` for one install, locked for as long as it lives: a
    folder whose lock is free belongs to an install that was killed, and is removed."""
    folder.parent.mkdir(parents=True, exist_ok=True)
    _remove_stale_staging(folder)
    staging = Path(tempfile.mkdtemp(prefix=f".{folder.name}{_STAGING_MARK}", dir=folder.parent))
    with open(staging / ".lock.new", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        os.rename(staging / ".lock.new", staging / ".lock")  # visible to a sweep only once it is held
        try:
            yield staging
        finally:
            shutil.rmtree(staging, ignore_errors=True)


def _remove_stale_staging(folder: Path) -> None:
    for candidate in folder.parent.glob(f".{folder.name}{_STAGING_MARK}*"):
        try:
            with open(candidate / ".lock") as lock:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
                shutil.rmtree(candidate, ignore_errors=True)
        except BlockingIOError:
            continue  # another install is using it
        except FileNotFoundError:
            if time.time() - _mtime(candidate) > 60:  # not one being created at this moment
                shutil.rmtree(candidate, ignore_errors=True)
        except OSError:
            continue  # not ours to judge (a file of that name, no permission)
    if folder.is_dir():
        for legacy in folder.iterdir():
            if not (legacy.name.startswith(_LEGACY_STAGING) and legacy.is_dir()):
                continue
            original = folder / legacy.name.removeprefix(".replaced-")
            if legacy.name.startswith(".replaced-") and not original.exists():
                legacy.rename(original)  # killed between moving the old package out and the new one in
            else:
                shutil.rmtree(legacy, ignore_errors=True)


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return time.time()


@contextmanager
def _folder_lock(folder: Path) -> Iterator[None]:
    """Held only while packages are renamed in and out, so two installs never interleave there."""
    with open(folder.parent / f".{folder.name}.uebersetzer-lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


# -- installing ---------------------------------------------------------------------------


def _check_archive(archive: zipfile.ZipFile, archive_size: int, display: str) -> str:
    """The package's top folder; raises UsageError for anything that must not be unpacked."""
    infos = archive.infolist()
    if not infos:
        raise UsageError("empty package; nothing to install", display)
    tops = set()
    for info in infos:
        _check_entry(info, display)
        tops.add(PurePosixPath(info.filename).parts[0])
    if len(tops) != 1:
        raise UsageError("a package holds exactly one top folder (name/metadata.json, name/model/...)", display)
    top = tops.pop()
    names = {info.filename for info in infos}
    if f"{top}/metadata.json" not in names:
        deeper = sorted(name for name in names if PurePosixPath(name).name == "metadata.json")
        if deeper:  # zipped one folder too high (wrap/translate-de_en-1.0/metadata.json)
            raise UsageError(f"metadata.json is at {deeper[0]}, one folder too deep; zip the folder that holds it "
                             "(name/metadata.json, name/model/...)", display)
        raise UsageError("no metadata.json in package; not an Argos package", display)
    if not any(n.startswith(f"{top}/model/") and not n.endswith("/") for n in names):
        raise UsageError("no model/ folder in package; not an Argos package", display)
    _check_unpacked_size(sum(info.file_size for info in infos), archive_size, display)
    return top


def _check_entry(info: zipfile.ZipInfo, display: str) -> None:
    name = info.filename
    parts = PurePosixPath(name).parts
    if name.startswith(("/", "\\")) or ".." in parts or (len(name) > 1 and name[1] == ":") or "\\" in name:
        raise UsageError(f"unsafe path {name!r} in package: it would land outside the packages folder; "
                         "refusing to install", display)
    if stat.S_ISLNK(info.external_attr >> 16):
        raise UsageError(f"link {name!r} in package; refusing to install", display)
    if info.flag_bits & 0x1:
        raise UsageError(f"encrypted entry {name!r} in package; Argos packages are not encrypted", display)
    if info.compress_type not in SUPPORTED_COMPRESSION:
        raise UsageError(f"entry {name!r} uses zip compression method {info.compress_type}, which cannot be "
                         "unpacked here (stored, deflate, bzip2 and lzma can)", display)


def unpack_limit(archive_size: int) -> int:
    return min(MAX_UNPACKED_BYTES, max(UNPACK_RATIO_FLOOR, MAX_UNPACK_RATIO * archive_size))


def _check_unpacked_size(unpacked: int, archive_size: int, display: str) -> None:
    limit = unpack_limit(archive_size)
    if unpacked > limit:
        raise UsageError(f"package unpacks to more than {limit / 1e6:.0f} MB from {archive_size / 1e6:.1f} MB "
                         "(a zip bomb or a broken package); refusing to install", display)


def _unpack(archive: zipfile.ZipFile, top: str, archive_size: int, destination: Path, display: str) -> None:
    """Unpack the top folder's content into `destination`, counting the bytes actually written
    (declared sizes can lie) and stopping at the limit."""
    written = 0
    for info in archive.infolist():
        relative = PurePosixPath(info.filename).relative_to(top)
        target = destination.joinpath(*relative.parts)
        if info.is_dir():
            target.mkdir(parents=True, exist_ok=True)
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        with archive.open(info) as source, open(target, "wb") as sink:
            while chunk := source.read(1 << 20):
                written += len(chunk)
                _check_unpacked_size(written, archive_size, display)
                sink.write(chunk)


def _verify_loads(package: Package, display: str) -> None:
    """Load the model and its tokenizer once (cheap next to a download), so a package that
    cannot translate is refused now instead of failing a later run."""
    import ctranslate2

    from uebersetzer.engines.subwords import open_tokenizer

    try:
        ctranslate2.Translator(str(package.model_dir), device="cpu", intra_threads=1)
    except (RuntimeError, ValueError, OSError) as error:
        reason = str(error).strip().split(". ")[0].rstrip(".") or type(error).__name__  # its first sentence
        raise UsageError(f"model/ cannot be loaded by CTranslate2 ({reason}); refusing to install", display) from error
    try:
        open_tokenizer(package.path)
    except EngineError as error:
        raise UsageError(f"{error.message}; refusing to install", display) from error


def _stage(archive_path: Path, staging: Path, display: str) -> Package:
    """Check and unpack the archive into staging/package; the package, loaded once."""
    unpacked = staging / "package"
    shutil.rmtree(unpacked, ignore_errors=True)
    if not archive_path.is_file():
        raise UsageError("no such package file", display)
    if not zipfile.is_zipfile(archive_path):
        raise UsageError("not a zip archive; an .argosmodel package is a zip file", display)
    size = archive_path.stat().st_size
    try:
        with zipfile.ZipFile(archive_path) as archive:
            top = _check_archive(archive, size, display)
            unpacked.mkdir()
            _unpack(archive, top, size, unpacked, display)
    except (zipfile.BadZipFile, EOFError, NotImplementedError, RuntimeError, ValueError) as error:
        raise UsageError(f"damaged package ({error}); download it again", display) from error
    try:
        package = read_package(unpacked)
    except (OSError, BadMetadata) as error:
        raise UsageError(str(error), display) from error
    _verify_loads(package, display)
    return package


def _place(staged: Package, staging: Path, folder: Path) -> Installation:
    """Rename the staged package into the folder and move out every other package of its pair."""
    folder.mkdir(parents=True, exist_ok=True)
    trash = staging / "replaced"
    trash.mkdir(exist_ok=True)
    with _folder_lock(folder):
        others = [p for p in installed(folder) if (p.from_code, p.to_code) == (staged.from_code, staged.to_code)]
        final = folder / staged.folder_name
        if final.exists():  # the same name (a reinstall): out first
            _move_out(final, trash / "same-name")
        # a rename where the staging folder shares the packages folder's disk (the usual
        # case: it is its neighbour); otherwise a copy
        shutil.move(str(staged.path), str(final))
        # then the others, so the pair is never without a package for a run reading the folder
        for number, old in enumerate(p.path for p in others if p.path != final):
            if old.exists():
                _move_out(old, trash / str(number))
    replaced = tuple(p for p in others if p.path != final)  # a reinstall over itself replaced nothing new
    return Installation(read_package(final), replaced)


def _move_out(path: Path, trash: Path) -> None:
    try:
        path.rename(trash)
    except OSError:  # another disk: delete in place
        shutil.rmtree(path)


def install_archive(path: Path, folder: Path | None = None, display: str | None = None,
                    expected: tuple[str, str] | None = None) -> Installation:
    """Install a local .argosmodel; with `expected`, refuse a package of another pair."""
    folder = folder or packages_dir()
    display = display or str(path)
    with _staging(folder) as staging:
        package = _stage(path, staging, display)
        _check_pair(package, expected, display)
        return _place(package, staging, folder)


def install_file(path: Path, folder: Path | None = None, display: str | None = None) -> Package:
    """install_archive, for callers that need only the package."""
    return install_archive(path, folder, display).package


def _check_pair(package: Package, expected: tuple[str, str] | None, display: str) -> None:
    if expected and (package.from_code, package.to_code) != expected:
        raise UsageError(f"the package is {package.pair}, not the {expected[0]} -> {expected[1]} asked for; "
                         "the index entry is wrong, so nothing was installed", display)


def remove(from_code: str, to_code: str, folder: Path | None = None) -> list[Package]:
    """Remove every installed package of the pair (other tools may have left several)."""
    folder = folder or packages_dir()
    packages = [p for p in installed(folder) if (p.from_code, p.to_code) == (from_code, to_code)]
    if not packages:
        raise UsageError(f"no installed package for {from_code} -> {to_code}; see 'uebersetzer models list'")
    with _staging(folder) as staging, _folder_lock(folder):
        for number, package in enumerate(packages):  # out of the folder at once, deleted beside it
            _move_out(package.path, staging / str(number))
    return packages


# -- the package index --------------------------------------------------------------------


def index_url(explicit: str | None = None) -> str:
    """The index: --index, ARGOS_PACKAGE_INDEX or Argos' own; an http(s) URL, a file:// URL or
    a local path (a mirror), to index.json or to the folder that holds it."""
    base = explicit or _argos_setting("ARGOS_PACKAGE_INDEX")
    if not base:
        from argostranslate import settings  # cheap: only its default index address is needed

        base = settings.remote_package_index
    local = local_path(base)
    if local is not None and Path(local).is_file():
        return base  # a mirror's index may be named anything
    return base if base.endswith(".json") else base.rstrip("/") + "/index.json"


def package_link(link: str, index: str) -> str:
    """A link as the index names it, relative to the index itself when it is relative (a mirror
    lists `packages/de_en.argosmodel` beside its index.json), as a browser resolves it."""
    from urllib.parse import urljoin

    if local_path(link) is None or Path(link).is_absolute():  # a URL, or an absolute path
        return link
    folder = local_path(index)
    if folder is None or index.lower().startswith("file:"):
        return urljoin(index, link)  # beside an http(s) or file:// index, as a URL
    return str(Path(folder).parent / link)


def available(explicit_index: str | None = None, reporter: Reporter = SILENT) -> list[dict]:
    url = index_url(explicit_index)
    with tempfile.TemporaryFile() as body:  # streamed to disk, bounded: never held whole while it arrives
        try:
            download(url, body, MAX_INDEX_BYTES, INDEX_DEADLINE, reporter)
        except DownloadFailed as failure:
            if local_path(url) is not None:
                raise EngineError(f"cannot read the package index {url}: {failure.reason}; name an index file (a "
                                  "path, a file:// or an http(s) URL) with --index or ARGOS_PACKAGE_INDEX") from failure
            raise EngineError(f"cannot download the package index {url}: {failure.reason}") from failure
        body.seek(0)
        try:
            data = json.load(body)
        except (ValueError, UnicodeDecodeError, RecursionError) as error:
            raise EngineError(f"package index is not JSON: {url}") from error
    if not isinstance(data, list):
        raise EngineError(f"package index is not a list of packages: {url}")
    return [entry for entry in data if isinstance(entry, dict) and entry.get("type", "translate") == "translate"]


def _links(entry: dict) -> list[str]:
    links = entry.get("links")
    return [link for link in links if isinstance(link, str) and link] if isinstance(links, list) else []


def install_from_index(from_code: str, to_code: str, explicit_index: str | None = None,
                       folder: Path | None = None, reporter: Reporter = SILENT) -> Installation:
    """Install the index's newest package for the pair, trying each of its links in turn."""
    folder = folder or packages_dir()
    candidates = [e for e in available(explicit_index, reporter)
                  if e.get("from_code") == from_code and e.get("to_code") == to_code]
    if not candidates:
        raise EngineError(f"the package index has no {from_code} -> {to_code} package: {index_url(explicit_index)}")
    entry = max(candidates, key=lambda e: _version_key(str(e.get("package_version", ""))))
    links = [package_link(link, index_url(explicit_index)) for link in _links(entry)]
    if not links:
        raise EngineError(f"the index lists {from_code} -> {to_code} without a download link")
    failures = []
    with _staging(folder) as staging:
        archive = staging / "download.argosmodel"
        for link in links:
            try:
                _check_local_link(link, index_url(explicit_index))
                with open(archive, "w+b") as sink:
                    download(link, sink, MAX_PACKAGE_BYTES, PACKAGE_DEADLINE, reporter)
                package = _stage(archive, staging, link)
                _check_pair(package, (from_code, to_code), link)
                return _place(package, staging, folder)
            except DownloadFailed as failure:
                failures.append(f"{link}: {failure.reason}")
            except UsageError as error:  # a bad package: its link is named, the next one tried
                failures.append(f"{link}: {error.message}")
            finally:
                archive.unlink(missing_ok=True)
                shutil.rmtree(staging / "package", ignore_errors=True)
            if link != links[-1]:
                reporter.note(f"{failures[-1]}; trying the next link")
    raise EngineError(f"cannot install {from_code} -> {to_code}: " + "; ".join(failures))


def _check_local_link(link: str, index: str) -> None:
    """A remote index names no file of this machine: only a mirror's own index (a path or
    file://) may, so a server cannot make us read local files."""
    if local_path(link) is not None and local_path(index) is None:
        raise DownloadFailed("a local file named by a remote index; only an index that is itself a local file "
                             "(a path or file:// URL) may link to local files", retry=False)


def install_missing_pairs(pairs: list[tuple[str, str]], explicit_index: str | None = None,
                          reporter: Reporter = SILENT) -> tuple[list[Installation], dict[tuple[str, str], str]]:
    """Make every pair translatable: a direct package, else the two halves of an English pivot.
    (what was installed, and why each pair that could not be was not): one pair the index
    lacks, or an index out of reach, must not stop a batch whose other pairs are installed."""
    done: list[Installation] = []
    failures: dict[tuple[str, str], str] = {}
    missing = [(source, target) for source, target in pairs if route(source, target) is None]
    if not missing:
        return done, failures
    try:
        index_pairs = {(e.get("from_code"), e.get("to_code")) for e in available(explicit_index, reporter)}
    except EngineError as error:  # offline: every missing pair fails for the same reason
        return done, {pair: error.message for pair in missing}
    for source, target in missing:
        wanted = [(source, target)] if (source, target) in index_pairs else [(source, "en"), ("en", target)]
        if (source, target) not in index_pairs and "en" in (source, target):
            wanted = [(source, target)]  # no pivot through English for a pair with English in it
        try:
            for pair in wanted:
                if find(*pair) is None:
                    done.append(install_from_index(*pair, explicit_index, reporter=reporter))
        except EngineError as error:
            failures[(source, target)] = error.message
    return done, failures
