"""Downloads over http(s): bounded in size and time, retried, and named for the host. A local
path or file:// URL (a mirrored index on a share) is copied, bounded in size as well.

Each try streams the body as it arrives (`read1`, not fixed-size reads) and checks an
overall deadline between pieces, so a server that stalls (the read timeout) or trickles a
byte at a time (the deadline) cannot hang a run, and a body without Content-Length cannot
fill memory or disk beyond its limit. requests gives separate connect and read timeouts and
refuses redirects to anything but http(s).
"""

from __future__ import annotations

import os
import re
import time
from dataclasses import dataclass
from typing import BinaryIO, Callable

CONNECT_TIMEOUT = 15.0  # seconds to connect
READ_TIMEOUT = 60.0  # seconds a server may stay silent mid-body
RETRIES = 3  # tries per link, as argostranslate makes them
RETRY_PAUSE = 1.0  # seconds before the second try, doubled before each later one


@dataclass
class Reporter:
    """How a download talks to the user: cli.py passes printing callbacks, the rest is silent."""

    note: Callable[[str], None] = lambda message: None
    # (url, bytes received so far, bytes expected or None) while downloading
    transferred: Callable[[str, int, int | None], None] = lambda url, received, total: None


SILENT = Reporter()


class DownloadFailed(Exception):
    """One line saying why; `retry` is False when another try cannot go better."""

    def __init__(self, reason: str, retry: bool = True) -> None:
        super().__init__(reason)
        self.reason = reason
        self.retry = retry

    def __str__(self) -> str:
        return self.reason


def user_agent() -> str:
    from uebersetzer import __version__

    return f"uebersetzer/{__version__} (Argos package download)"


def local_path(url: str) -> str | None:
    """The file a local link names: a path (`/mirror/index.json`, `packages/de_en.argosmodel`)
    or a file:// URL; None for any other link. An offline newsroom mirrors the index and its
    packages on a share."""
    from urllib.parse import unquote, urlsplit

    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() == "file" and parts.netloc in ("", "localhost"):
        return unquote(parts.path)
    return url if not parts.scheme else None


def download(url: str, sink: BinaryIO, limit: int, deadline: float, reporter: Reporter = SILENT) -> None:
    """Stream `url` into `sink` (emptied before each try), up to RETRIES tries; DownloadFailed
    with the last reason (and how many tries) when none succeeds. A local path or file:// URL
    is copied, once: another try would read the same file."""
    path = local_path(url)
    if path is not None:
        sink.seek(0)
        sink.truncate()
        _copy_local(path, sink, limit, url, reporter)
        return
    pause = RETRY_PAUSE
    for attempt in range(1, RETRIES + 1):
        sink.seek(0)
        sink.truncate()
        try:
            _download_once(url, sink, limit, deadline, reporter)
            return
        except DownloadFailed as failure:
            if not failure.retry or attempt == RETRIES:
                if attempt > 1:
                    failure.reason += f" ({attempt} tries)"
                raise
            reporter.note(f"{url}: {failure.reason}; trying again ({attempt + 1} of {RETRIES})")
            time.sleep(pause)
            pause *= 2


def _copy_local(path: str, sink: BinaryIO, limit: int, url: str, reporter: Reporter) -> None:
    """A local file into `sink`, bounded as a download is; DownloadFailed saying what is wrong with it."""
    import shutil

    try:
        with open(path, "rb") as source:
            size = os.fstat(source.fileno()).st_size
            if size > limit:
                raise DownloadFailed(f"{size / 1e6:.0f} MB is more than the {limit / 1e6:.0f} MB allowed", retry=False)
            shutil.copyfileobj(source, sink, 1 << 20)
    except FileNotFoundError:
        raise DownloadFailed("no such file", retry=False) from None
    except IsADirectoryError:
        raise DownloadFailed("is a folder, not a file", retry=False) from None
    except OSError as error:
        raise DownloadFailed(f"cannot read it ({error.strerror or error})", retry=False) from error
    reporter.transferred(url, size, size)


def _download_once(url: str, sink: BinaryIO, limit: int, deadline: float, reporter: Reporter) -> None:
    """One try: stream `url` into `sink`, bounded in size and time. DownloadFailed on any failure."""
    from urllib.parse import urlsplit

    import requests
    import urllib3

    try:
        scheme = urlsplit(url).scheme.lower()
    except ValueError as error:  # "http://[::1"
        raise DownloadFailed(f"not a URL ({error})", retry=False) from error
    if scheme not in ("http", "https"):
        raise DownloadFailed(f"a {scheme}: link; only http and https URLs, file:// URLs and local paths are read",
                             retry=False)
    started = time.monotonic()
    received, total = 0, None
    try:
        with requests.get(url, stream=True, timeout=(CONNECT_TIMEOUT, READ_TIMEOUT),
                          headers={"User-Agent": user_agent()}) as response:
            if response.status_code >= 400:
                permanent = response.status_code < 500 and response.status_code not in (408, 429)
                raise DownloadFailed(f"HTTP {response.status_code} {response.reason}", retry=not permanent)
            declared = response.headers.get("Content-Length")
            total = int(declared) if declared and declared.isdigit() else None
            if total is not None and total > limit:
                raise DownloadFailed(f"{total / 1e6:.0f} MB is more than the {limit / 1e6:.0f} MB allowed",
                                     retry=False)
            while True:
                if time.monotonic() - started > deadline:
                    raise DownloadFailed(f"not complete after {deadline:g} s ({received} bytes so far)",
                                         retry=False)
                chunk = response.raw.read1(1 << 16, decode_content=True)  # what has arrived, not a fixed size
                if not chunk:
                    break
                received += len(chunk)
                if received > limit:
                    raise DownloadFailed(f"more than the {limit / 1e6:.0f} MB allowed", retry=False)
                sink.write(chunk)
                reporter.transferred(url, received, total)
    except (requests.RequestException, urllib3.exceptions.HTTPError, OSError, ValueError) as error:
        if total is not None and received < total and not _is_timeout(error):
            raise DownloadFailed(f"download cut off after {received} of {total} bytes") from error
        malformed = isinstance(error, (requests.exceptions.InvalidURL, requests.exceptions.InvalidSchema,
                                       requests.exceptions.MissingSchema, ValueError))
        raise DownloadFailed(_reason(error), retry=not malformed) from error
    if total is not None and received != total:
        raise DownloadFailed(f"download cut off after {received} of {total} bytes")


def _is_timeout(error: Exception) -> bool:
    return "timed out" in str(error).lower() or "timeout" in type(error).__name__.lower()


def _reason(error: Exception) -> str:
    import requests

    if isinstance(error, requests.ConnectTimeout):
        return f"no connection within {CONNECT_TIMEOUT:g} s"
    if isinstance(error, requests.ConnectionError) and not _is_timeout(error):
        system = re.search(r"\[Errno -?\d+\] ([^'\")\]]+)", str(error))  # "Connection refused", "Name or service..."
        return f"cannot connect ({system.group(1).strip() if system else type(error).__name__})"
    if _is_timeout(error):
        return f"the server sent nothing for {READ_TIMEOUT:g} s"
    return str(error) or type(error).__name__
