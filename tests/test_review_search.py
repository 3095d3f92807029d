"""The review workspace's search keeps what it read of each PO file (review.SEARCHABLE) and
reads a file again only when it changed: a save through the page, another tool's rename over
the file (Poedit), an edit in place within one tick of the file system's clock, a file that
stops parsing, one removed, one added. Each change must show in the next search's results.

Two clocks: "settled", files older than the file system's tick when searched (here a tick of
20 ms, as ext4 on this machine keeps nanoseconds at a clock tick of a few), so their identity
alone tells a later version apart; and "coarse", a file system whose clock stands still
during the test (a second's or FAT's two seconds' timestamps: every write in one tick), so
inode, size, mtime and ctime of an in-place edit stay as they were and only the bytes tell.
"""

from __future__ import annotations

import json
import os
import shutil
import time
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import EXAMPLES
from uebersetzer import review

HEADING = "Der Zeitplan, bis 2027"
BEFORE, AFTER = "The timetable, until 2027", "The timeslots, until 2027"  # the same length in bytes
SETTLED_TICK_NS = 20_000_000


@pytest.fixture(params=["settled", "coarse"])
def clock(request, monkeypatch) -> str:
    if request.param == "settled":
        monkeypatch.setattr(review, "TIMESTAMP_TICK_NS", SETTLED_TICK_NS)
    else:
        frozen = time.time_ns()
        real_identity = review.file_identity

        def coarse_identity(file: Path) -> review.FileIdentity:
            inode, _, size, _ = real_identity(file)
            return inode, frozen, size, frozen

        monkeypatch.setattr(review, "file_identity", coarse_identity)
        monkeypatch.setattr(review, "time_ns", lambda: frozen)
    return request.param


def settle(clock: str) -> None:
    """Let the files written so far be older than the tick, where the clock moves."""
    if clock == "settled":
        time.sleep(2 * SETTLED_TICK_NS / 1e9)


@pytest.fixture
def folder(run, tmp_path) -> tuple[Path, Path]:
    """Two articles translated by the pseudo engine, the first with its heading translated by
    an editor through the page (BEFORE): the output folder and that PO file."""
    articles = tmp_path / "articles"
    articles.mkdir()
    shutil.copy(EXAMPLES / "gipfel.de.txt", articles)
    (articles / "b.de.txt").write_text("Titel\n\nDie Gespräche in Genf gehen weiter.\n", encoding="utf-8")
    out = tmp_path / "locales"
    result = run("translate", articles, "--to", "en", "--engine", "pseudo", "--out", out, "--json")
    assert result.code == 0, result.err
    assert json.loads(result.out)["files"]
    po_path = out / "en" / "gipfel.de.po"
    save_through_the_page(out, po_path, BEFORE)
    review.SEARCHABLE.clear()
    return out, po_path


def heading_id(po_path: Path, out: Path) -> int:
    _, catalog = review.read_catalog(review.resolve(out, "en", po_path.name))
    return [entry.msgid for entry in review.live_entries(catalog)].index(HEADING)


def save_through_the_page(out: Path, po_path: Path, msgstr: str) -> None:
    ref = review.resolve(out, "en", po_path.name)
    revision, _ = review.read_catalog(ref)
    review.apply_edit(out, ref, heading_id(po_path, out), review.Edit(revision, msgstr=msgstr, fuzzy=False), None)


def save_as_another_tool(po_path: Path, msgstr: str) -> None:
    """As Poedit saves: a new file renamed over the old one; here with the old one's mtime
    kept too (as `cp -p` or rsync would), so only the inode and ctime tell."""
    status = po_path.stat()
    fresh = po_path.with_name(".poedit-save.po")
    fresh.write_bytes(po_path.read_bytes().replace(BEFORE.encode(), msgstr.encode()))
    os.utime(fresh, ns=(status.st_atime_ns, status.st_mtime_ns))
    os.replace(fresh, po_path)


def edit_in_place(po_path: Path, old: bytes, new: bytes) -> None:
    """A script's edit of the same file (the first `old`), inode kept, bytes of the same length."""
    assert len(old) == len(new)
    with po_path.open("r+b") as handle:
        data = handle.read()
        assert old in data
        handle.seek(0)
        handle.write(data.replace(old, new, 1))


ROUTES = {
    "the page": lambda out, po_path: save_through_the_page(out, po_path, AFTER),
    "another tool": lambda out, po_path: save_as_another_tool(po_path, AFTER),
    "in place": lambda out, po_path: edit_in_place(po_path, BEFORE.encode(), AFTER.encode()),
}


def found(out: Path, query: str) -> list[tuple[str, int, str, tuple[str, ...]]]:
    answer = review.search(out, [], query)
    return [(m["path"], m["id"], m["msgstr"], tuple(m["in"])) for m in answer["matches"]]


def reads_counted(monkeypatch) -> list[str]:
    reads: list[str] = []
    read_catalog = review.read_catalog
    monkeypatch.setattr(review, "read_catalog", lambda ref: reads.append(ref.path) or read_catalog(ref))
    return reads


def test_a_repeat_search_for_another_text_reads_no_file_again(folder, clock, monkeypatch):
    out, po_path = folder
    entry = heading_id(po_path, out)
    settle(clock)
    reads = reads_counted(monkeypatch)
    assert {path for path, *_ in found(out, "genf")} == {"b.de.po", "gipfel.de.po"}
    assert sorted(reads) == ["b.de.po", "gipfel.de.po"]
    reads.clear()
    assert found(out, "TIMETABLE") == [("gipfel.de.po", entry, BEFORE, ("translation",))]
    assert found(out, "gespra\u0308che") and reads == []  # NFC and casefold as before: decomposed, lower case
    save_through_the_page(out, po_path, AFTER)
    reads.clear()
    found(out, "timeslots")
    assert reads == ["gipfel.de.po"]


@pytest.mark.parametrize("route", ROUTES)
def test_a_search_after_an_edit_finds_the_new_text_not_the_old(folder, clock, route):
    out, po_path = folder
    settle(clock)
    entry = heading_id(po_path, out)
    assert found(out, "timetable") == [("gipfel.de.po", entry, BEFORE, ("translation",))]
    assert found(out, "timeslots") == []
    size = po_path.stat().st_size
    ROUTES[route](out, po_path)
    assert po_path.stat().st_size == size  # nothing but the bytes and the inode or timestamps tell
    assert found(out, "timetable") == []
    assert found(out, "timeslots") == [("gipfel.de.po", entry, AFTER, ("translation",))]


@pytest.mark.broken_po
def test_a_file_that_stops_parsing_is_named_broken_at_each_search_and_not_served_from_memory(folder, clock):
    out, po_path = folder
    settle(clock)
    assert found(out, "timetable")
    edit_in_place(po_path, b'\nmsgstr "The timetable', b'\nmsgstX "The timetable')  # in place, same size
    for _ in range(2):
        answer = review.search(out, [], "timetable")
        assert answer["broken"] == ["en/gipfel.de.po"] and answer["matches"] == []
        assert po_path not in review.SEARCHABLE
    edit_in_place(po_path, b'\nmsgstX "The timetable', b'\nmsgstr "The timetable')  # mended
    answer = review.search(out, [], "timetable")
    assert answer["broken"] == [] and [m["msgstr"] for m in answer["matches"]] == [BEFORE]


def test_a_removed_files_matches_are_gone_and_so_is_what_was_read_of_it(folder, clock):
    out, po_path = folder
    settle(clock)
    assert {path for path, *_ in found(out, "genf")} == {"b.de.po", "gipfel.de.po"}
    assert len(review.SEARCHABLE) == 2
    po_path.unlink()
    assert {path for path, *_ in found(out, "genf")} == {"b.de.po"}
    assert po_path not in review.SEARCHABLE and len(review.SEARCHABLE) == 1  # what it costs stays bounded


def test_a_new_files_matches_appear_also_at_the_place_of_a_removed_one(folder, clock):
    """A new file at a removed one's path may get its inode back (and, in one tick, its size
    and timestamps): its text, not the removed one's, is found."""
    out, po_path = folder
    settle(clock)
    other = out / "en" / "b.de.po"
    assert found(out, "timetable") and not found(out, "timeslots")
    data = po_path.read_bytes()
    po_path.unlink()
    po_path.write_bytes(data.replace(BEFORE.encode(), AFTER.encode()))
    shutil.copy(other, out / "en" / "c.de.po")
    assert found(out, "timetable") == []
    assert [path for path, *_ in found(out, "timeslots")] == ["gipfel.de.po"]
    assert {path for path, *_ in found(out, "gehen weiter")} == {"b.de.po", "c.de.po"}


TYPED = st.text(st.characters(blacklist_categories=("Cs", "Cn", "Cc", "Zl", "Zp")), min_size=1, max_size=40)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(translation=TYPED, start=st.integers(0, 39), length=st.integers(2, 10),
       spelled=st.sampled_from([str.upper, str.lower, lambda text: unicodedata.normalize("NFD", text)]))
def test_what_the_search_remembers_finds_what_a_fresh_read_finds(folder, translation, start, length, spelled):
    """Whatever an editor typed, and however the query spells a piece of it (case, composed or
    decomposed), the search answers from what it kept as it would from the files read anew."""
    out, po_path = folder
    translation = translation.strip() or "x"
    save_through_the_page(out, po_path, translation)
    query = spelled(translation[start:start + length])
    if len(review._folded(query.strip())) < review.SEARCH_MIN_LENGTH:
        return
    remembered = review.search(out, [], query)
    review.SEARCHABLE.clear()
    assert remembered == review.search(out, [], query)
    if review._folded(query.strip()) in review._folded(translation):
        assert [m for m in remembered["matches"] if (m["path"], m["id"]) == ("gipfel.de.po", heading_id(po_path, out))
                and "translation" in m["in"]]


@pytest.mark.parametrize("clock", ["coarse"], indirect=True)
def test_the_listing_too_sees_an_edit_in_place_within_one_tick(folder, clock):
    """The listing keeps its QA results with the same test of a file unchanged: a fuzzy entry
    approved in place within the tick of the cached version is counted as approved."""
    out, po_path = folder
    refs = {ref.path: ref for ref in review.find_catalogs(out)}
    before = review.catalog_summary(refs["b.de.po"])
    other = out / "en" / "b.de.po"
    edit_in_place(other, b"#, fuzzy\n", b"#       \n")  # a translator comment of spaces: the same size
    after = review.catalog_summary(refs["b.de.po"])
    assert after["fuzzy"] == before["fuzzy"] - 1
