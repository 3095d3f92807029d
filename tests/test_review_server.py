"""`uebersetzer review`: the JSON API through Flask's test client, the writes on disk, a
concurrent translate run, and the command itself as a real process."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import urllib.error
import urllib.request
from pathlib import Path

import polib
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import EXAMPLES, REFERENCE, ROOT, entries, msgfmt_check
from uebersetzer import review
from uebersetzer.catalog.memory import TranslationMemory, Unit
from uebersetzer.fsio import atomic_write, output_lock, replace_lock
from uebersetzer.review_app import create_app

TOKEN = "test-token-123"
AUTH = {"X-Review-Token": TOKEN}
GLOSSARY = "- {source: Berlin, target: {en: Berlin}}\n- {source: Genf, target: {en: Geneva}}\n"


def msgcat_lays_out_entry_like_us(path: Path, entry_id: int) -> None:
    """gettext's msgcat writes this entry exactly as we did. (Checked per entry: our writer and
    msgcat still disagree on where a URL may break, which is the PO writer's business.)"""
    ours = path.read_text(encoding="utf-8").split("\n\n")  # the header, then one chunk per entry
    theirs = subprocess.run(["msgcat", str(path)], capture_output=True, text=True, check=True).stdout.split("\n\n")
    assert ours[entry_id + 1].strip() == theirs[entry_id + 1].strip()


def qa_seen_marks(path: Path, entry_id: int) -> list[str]:
    """The entry's `# qa-seen: HASH` comment lines, as on disk."""
    return [line for line in (entries(path)[entry_id].tcomment or "").split("\n") if line.startswith("qa-seen: ")]


def pseudo_translate(run, *paths, out: Path, extra=()):
    result = run("translate", *paths, "--to", "en", "--engine", "pseudo", "--out", out, "--json", *extra)
    assert result.code == 0, result.err
    return json.loads(result.out)


@pytest.fixture
def workspace(run, tmp_path, monkeypatch):
    """The demo article translated with the pseudo engine, and the review app over its output.
    The QA checks run as for a translate run with the pseudo engine (its catalog says so)."""
    article = tmp_path / "articles" / "gipfel.de.txt"
    article.parent.mkdir()
    shutil.copy(EXAMPLES / "gipfel.de.txt", article)
    (tmp_path / "glossary.yaml").write_text(GLOSSARY)
    out = tmp_path / "locales"
    pseudo_translate(run, article.parent, out=out, extra=("--glossary", tmp_path / "glossary.yaml"))
    app = create_app(out, [], TOKEN, out / ".tm.sqlite")
    return out, app.test_client(), out / "en" / "gipfel.de.po"


def get_catalog(client, path="gipfel.de.po", language="en"):
    answer = client.get(f"/api/catalogs/{language}/{path}", headers=AUTH)
    assert answer.status_code == 200, answer.json
    return answer.json


def put_entry(client, entry_id, body, path="gipfel.de.po", headers=AUTH, **options):
    return client.put(f"/api/catalogs/en/{path}/entries/{entry_id}", headers=headers, **options,
                      **({} if "data" in options else {"json": body}))


def test_every_request_needs_the_token(workspace):
    out, client, po_path = workspace
    revision = get_catalog(client)["revision"]
    for method, path in [("GET", "/"), ("GET", "/static/review.js"), ("GET", "/api/catalogs"),
                         ("GET", "/api/catalogs/en/gipfel.de.po"), ("GET", "/api/preview/en/gipfel.de.po")]:
        assert client.open(path, method=method).status_code == 403, path
        assert client.open(path, method=method, headers={"X-Review-Token": "wrong"}).status_code == 403, path
        assert client.open(path, method=method, headers=AUTH).status_code == 200, path
    before = po_path.read_bytes()
    assert put_entry(client, 0, {"msgstr": "x", "revision": revision}, headers={}).status_code == 403
    assert client.get("/?token=wrong").status_code == 403
    assert po_path.read_bytes() == before
    # the tokenized address sets the cookie and leaves the token out of the address bar
    browser = client.application.test_client()
    answer = browser.get(f"/?token={TOKEN}")
    assert answer.status_code == 303 and answer.headers["Location"] == "/"
    assert "HttpOnly" in answer.headers["Set-Cookie"] and "SameSite=Strict" in answer.headers["Set-Cookie"]
    assert browser.get("/api/catalogs").status_code == 200
    assert browser.get("/").status_code == 200


def test_the_catalog_list_counts_what_needs_review(workspace):
    out, client, po_path = workspace
    rows = client.get("/api/catalogs", headers=AUTH).json
    assert [{k: row[k] for k in ("language", "path", "entries", "fuzzy", "untranslated", "qa")} for row in rows] == [
        {"language": "en", "path": "gipfel.de.po", "entries": 15, "fuzzy": 12, "untranslated": 0, "qa": 0}]  # 3 kept
    assert rows[0]["title"] == "Neue Gespräche in Genf: Regierung setzt auf Diplomatie"
    catalog = polib.pofile(str(po_path))
    catalog[1].msgstr = ""  # an untranslated entry, as Poedit leaves one
    catalog[2].flags.remove("fuzzy")  # a reviewed one
    catalog.save()
    row = client.get("/api/catalogs", headers=AUTH).json[0]
    assert (row["entries"], row["fuzzy"], row["untranslated"]) == (15, 10, 1)


def test_a_catalog_has_its_entries_in_article_order_with_notes_and_blocks(workspace):
    out, client, po_path = workspace
    catalog = get_catalog(client)
    assert catalog["revision"] == review.revision_of(po_path.read_bytes())
    first = catalog["entries"][0]
    assert set(first) >= {"id", "msgid", "msgstr", "fuzzy", "flags", "comment", "notes", "references", "qa"}
    assert (first["id"], first["msgid"], first["fuzzy"], first["references"]) == (
        0, "Neue Gespräche in Genf: Regierung setzt auf Diplomatie", True, ["gipfel.de.txt:1"])
    assert first["notes"] == ["title", "glossary: Genf -> Geneva"] and "Geneva" in first["msgstr"]
    assert [e["msgid"] for e in catalog["entries"]] == [e.msgid for e in entries(po_path)]
    labels = [block["label"] for block in catalog["blocks"]]
    assert labels[:4] == ["title", "teaser", "heading 1", "paragraph 1"] and labels[-1] == "footer"
    assert (catalog["source_language"], catalog["target_language"], catalog["article"]) == ("de", "en", "gipfel.de.txt")


def reference_articles() -> list[Path]:
    found = [EXAMPLES / "gipfel.de.txt", EXAMPLES / "briefing.en.md"]
    return found + ([REFERENCE] if REFERENCE.exists() else [])


@pytest.mark.parametrize("source", reference_articles(), ids=lambda p: p.name)
def test_the_blocks_rebuilt_from_the_po_file_are_the_parsers_blocks(run, tmp_path, source):
    """The side-by-side view is laid out from `#:` and `#.` alone: it must match the article as
    the pipeline parsed it, block by block and sentence by sentence."""
    rebuilt, parsed = blocks_rebuilt_and_parsed(run, tmp_path, source)
    assert rebuilt == parsed


def blocks_rebuilt_and_parsed(run, tmp_path: Path, source: Path, target: str = "") -> tuple[list, list]:
    """(label, msgids) per block: as the review rebuilds them from the PO file, as parsed."""
    from uebersetzer.detect import detect_article
    from uebersetzer.parse import parse
    from uebersetzer.catalog.merge import occurrences
    from uebersetzer.read import ArticleFile, read_article
    from uebersetzer.segment import segment_article

    target = target or ("fr" if source.name.endswith(".en.md") else "en")
    out = tmp_path / "locales"
    result = run("translate", source, "--to", target, "--engine", "pseudo", "--out", out)
    assert result.code == 0, result.err
    article = segment_article(detect_article(parse(read_article(ArticleFile(source, source.name))), ""))
    ref = review.find_catalogs(out)[0]
    view = review.catalog_view(ref)
    rebuilt = [(b["label"], [view["entries"][i]["msgid"] for i in b["entries"]]) for b in view["blocks"]]
    keys = iter(occurrences(article))
    parsed = [(block.label, [next(keys).key.msgid for _ in block.segments]) for block in article.blocks if block.segments]
    return rebuilt, parsed


def test_articles_in_subfolders_are_reviewed_by_their_relative_path(run, tmp_path):
    articles = tmp_path / "articles"
    (articles / "politik" / "2026").mkdir(parents=True)
    shutil.copy(EXAMPLES / "gipfel.de.txt", articles / "politik" / "2026" / "gipfel.de.txt")
    out = tmp_path / "locales"
    pseudo_translate(run, articles, out=out)
    client = create_app(out, ["en"], TOKEN, None).test_client()
    assert [row["path"] for row in client.get("/api/catalogs", headers=AUTH).json] == ["politik/2026/gipfel.de.po"]
    catalog = get_catalog(client, "politik/2026/gipfel.de.po")
    assert catalog["entries"][0]["references"] == ["politik/2026/gipfel.de.txt:1"]
    answer = put_entry(client, 0, {"msgstr": "Talks", "revision": catalog["revision"]}, path="politik/2026/gipfel.de.po")
    assert answer.status_code == 200
    assert entries(out / "en" / "politik" / "2026" / "gipfel.de.po")[0].msgstr == "Talks"


def test_an_edit_changes_that_entry_and_no_other_byte(workspace):
    out, client, po_path = workspace
    before = po_path.read_text(encoding="utf-8")
    catalog = get_catalog(client)
    entry = catalog["entries"][4]
    answer = put_entry(client, 4, {"msgstr": "In Berlin, the move was received with \"restraint\".", "fuzzy": False,
                                   "comment": "checked by Anna", "revision": catalog["revision"]})
    assert answer.status_code == 200, answer.json
    assert answer.json == {"revision": review.revision_of(po_path.read_bytes()), "qa": [], "qa_seen": False}
    after = po_path.read_text(encoding="utf-8")
    old_chunks, new_chunks = before.split("\n\n"), after.split("\n\n")  # header, then one chunk per entry
    changed = [i for i, (a, b) in enumerate(zip(old_chunks, new_chunks)) if a != b]
    assert len(old_chunks) == len(new_chunks) and changed == [5]
    assert new_chunks[5] == "\n".join(["# checked by Anna", "#. paragraph 1", "#. glossary: Berlin -> Berlin",
                                       "#: gipfel.de.txt:7", f'msgid "{entry["msgid"]}"',
                                       'msgstr "In Berlin, the move was received with \\"restraint\\"."'])
    msgfmt_check(po_path)
    msgcat_lays_out_entry_like_us(po_path, 4)
    saved = entries(po_path)[4]
    assert (saved.msgstr, saved.flags, saved.tcomment) == ("In Berlin, the move was received with \"restraint\".", [],
                                                           "checked by Anna")
    units = TranslationMemory(out / ".tm.sqlite").units()
    assert [(u.source, u.target, u.origin) for u in units if u.origin == "human"] == [
        (entry["msgid"], saved.msgstr, "human")]
    again = get_catalog(client)["entries"][4]
    assert (again["fuzzy"], again["comment"]) == (False, "checked by Anna")


def test_an_edit_keeps_every_other_byte_of_a_file_another_tool_laid_out(workspace):
    """polib wraps lines its own way; an editor's other tool may too. Only the edited entry is
    rewritten (in gettext's layout); the rest of the file stays the other tool's."""
    out, client, po_path = workspace
    polib.pofile(str(po_path), wrapwidth=60).save()  # another layout
    before = po_path.read_text(encoding="utf-8")
    revision = get_catalog(client)["revision"]
    assert put_entry(client, 11, {"msgstr": "edited", "revision": revision}).status_code == 200
    old_chunks, new_chunks = before.split("\n\n"), po_path.read_text(encoding="utf-8").split("\n\n")
    assert [i for i, (a, b) in enumerate(zip(old_chunks, new_chunks)) if a != b] == [12]
    assert new_chunks[12].endswith('msgstr "edited"')
    msgfmt_check(po_path)


def test_an_edit_keeps_a_file_saved_with_crlf_line_ends_and_its_other_bytes(workspace):
    """A PO file saved by a Windows tool keeps its CRLF line ends; only the entry changes."""
    out, client, po_path = workspace
    po_path.write_bytes(po_path.read_bytes().replace(b"\n", b"\r\n"))
    before = po_path.read_bytes()
    revision = get_catalog(client)["revision"]
    assert put_entry(client, 11, {"msgstr": "edited", "revision": revision}).status_code == 200
    after = po_path.read_bytes()
    assert after.count(b"\n") == after.count(b"\r\n") == after.count(b"\r") > 100
    old_chunks, new_chunks = before.split(b"\r\n\r\n"), after.split(b"\r\n\r\n")
    assert [i for i, (a, b) in enumerate(zip(old_chunks, new_chunks)) if a != b] == [12]
    assert new_chunks[12].endswith(b'msgstr "edited"')
    assert entries(po_path)[11].msgstr == "edited"


def test_an_edit_without_approval_stays_fuzzy_and_out_of_the_memory(workspace):
    out, client, po_path = workspace
    catalog = get_catalog(client)
    assert put_entry(client, 0, {"msgstr": "Talks in Geneva", "revision": catalog["revision"]}).status_code == 200
    saved = entries(po_path)[0]
    assert (saved.msgstr, "fuzzy" in saved.flags) == ("Talks in Geneva", True)
    human = [u for u in TranslationMemory(out / ".tm.sqlite").units() if u.origin == "human"]
    # never as a review; as a draft where the memory tells drafts apart (issue 9's `fuzzy`)
    assert [(u.target, u.fuzzy) for u in human] == ([("Talks in Geneva", True)] if hasattr(Unit, "fuzzy") else [])
    revision = get_catalog(client)["revision"]
    assert put_entry(client, 1, {"comment": "only a comment", "revision": revision}).status_code == 200
    human = [u for u in TranslationMemory(out / ".tm.sqlite").units() if u.origin == "human"]
    assert "only a comment" not in [getattr(u, "comment", "") for u in human]  # the engine's words are not a draft


def test_approving_clears_the_previous_source_and_reopening_sets_fuzzy_again(workspace):
    out, client, po_path = workspace
    catalog = polib.pofile(str(po_path))
    catalog[0].previous_msgid = "Alte Gespräche in Genf"  # as a translate run after a source edit writes it
    catalog.save()
    revision = get_catalog(client)["revision"]
    answer = put_entry(client, 0, {"fuzzy": False, "revision": revision})
    assert "#| msgid" not in po_path.read_text() and entries(po_path)[0].flags == []
    answer = put_entry(client, 0, {"fuzzy": True, "revision": answer.json["revision"]})
    assert answer.status_code == 200 and entries(po_path)[0].flags == ["fuzzy"]


def test_a_stale_revision_is_refused_with_409_and_the_current_one(workspace):
    out, client, po_path = workspace
    old = get_catalog(client)["revision"]
    fresh = put_entry(client, 0, {"msgstr": "First tab", "revision": old}).json["revision"]
    before = po_path.read_bytes()
    answer = put_entry(client, 1, {"msgstr": "Second tab", "revision": old})
    assert answer.status_code == 409
    assert answer.json["revision"] == fresh and "changed since it was read" in answer.json["error"]
    assert po_path.read_bytes() == before


def test_an_edit_to_a_read_only_po_file_is_refused_with_423_and_what_to_do(workspace):
    """An editor's "done, hands off" (chmod a-w) holds in the browser too: not a 500."""
    out, client, po_path = workspace
    revision = get_catalog(client)["revision"]
    before = po_path.read_bytes()
    po_path.chmod(0o444)
    try:
        answer = put_entry(client, 0, {"msgstr": "Changed", "revision": revision})
    finally:
        po_path.chmod(0o644)
    assert answer.status_code == 423
    assert answer.json["error"].endswith("gipfel.de.po: is read-only, so it was left as it was; make it writable "
                                         "(chmod u+w) to let uebersetzer update it")
    assert po_path.read_bytes() == before


def test_an_output_folder_that_takes_no_save_is_warned_about_at_start_and_told_to_the_editor(workspace, run,
                                                                                                monkeypatch):
    """The lock file every save opens cannot be opened (here it is a folder: the same failing
    open as on a read-only file system): `review` says so in one line at start, and a save
    answers 423 with what an editor in a browser can do, not the command line's --out."""
    out, client, po_path = workspace
    lock = out / ".uebersetzer.lock"
    lock.unlink(missing_ok=True)
    lock.mkdir()
    monkeypatch.setattr("werkzeug.serving.BaseWSGIServer.serve_forever", lambda self, *args: None)  # a Ctrl-C
    result = run("review", out, "--port", "0", "--no-browser")
    warnings = [line for line in result.err.splitlines() if line.startswith("warning:")]
    assert result.code == 0 and warnings == [
        f"warning: {out}: read-only here (Is a directory): the review page can show the PO files but save no edit; "
        "make the folder writable, or review a writable copy of it"], result.err
    before = po_path.read_bytes()
    answer = put_entry(client, 0, {"msgstr": "Changed", "revision": get_catalog(client)["revision"]})
    assert answer.status_code == 423 and "--out" not in answer.json["error"]
    assert answer.json["error"].startswith(f"this workspace cannot save: its output folder {out} is read-only here "
                                           "(Is a directory). What you typed stays on this page")
    assert po_path.read_bytes() == before


def test_read_only_po_files_are_warned_about_at_start(workspace, run, monkeypatch):
    out, client, po_path = workspace
    monkeypatch.setattr("werkzeug.serving.BaseWSGIServer.serve_forever", lambda self, *args: None)
    assert "warning" not in run("review", out, "--port", "0", "--no-browser").err
    po_path.chmod(0o444)
    try:
        result = run("review", out, "--port", "0", "--no-browser")
    finally:
        po_path.chmod(0o644)
    assert f"warning: {out}: 1 of 1 PO files are read-only (chmod a-w), so edits to them cannot be saved: " \
           "en/gipfel.de.po; chmod u+w them to let the page save\n" in result.err


@pytest.mark.broken_po
def test_search_finds_a_text_in_the_sources_and_translations_of_every_catalog(workspace, run, tmp_path):
    """Case and composition do not matter (casefold, NFC); each match names its article and
    entry; a broken catalog is named, not fatal; the token is needed as everywhere."""
    out, client, po_path = workspace
    (tmp_path / "articles" / "b.de.txt").write_text("Titel\n\nDie Gespräche in Genf gehen weiter.\n")
    pseudo_translate(run, tmp_path / "articles", out=out, extra=("--glossary", tmp_path / "glossary.yaml"))
    catalog = get_catalog(client)
    heading = next(e for e in catalog["entries"] if e["msgid"] == "Der Zeitplan, bis 2027")
    put_entry(client, heading["id"], {"msgstr": "The TIMETABLE, until 2027", "fuzzy": False,
                                      "revision": catalog["revision"]})

    def found(query: str, headers=AUTH):
        answer = client.get("/api/search", query_string={"q": query}, headers=headers)
        return answer.status_code, answer.json

    code, answer = found("timetable")  # in a translation
    assert code == 200 and [(m["path"], m["id"], m["in"], m["state"]) for m in answer["matches"]] == [
        ("gipfel.de.po", heading["id"], ["translation"], "reviewed")]
    assert answer["matches"][0]["article"] == "gipfel.de.txt" and answer["more"] is False
    code, answer = found("GESPRA\u0308CHE")  # in sources of two articles, decomposed and upper case
    assert sorted({m["path"] for m in answer["matches"]}) == ["b.de.po", "gipfel.de.po"]
    assert all("source" in m["in"] for m in answer["matches"])
    assert found("nowhere to be found")[1]["matches"] == []
    assert found("x")[0] == 400 and "at least 2 characters" in found("x")[1]["error"]
    assert found("timetable", headers={})[0] == 403
    (out / "en" / "b.de.po").write_text('msgid "broken\n', encoding="utf-8")
    code, answer = found("Gespräche")
    assert code == 200 and answer["broken"] == ["en/b.de.po"] and answer["matches"]


OUTSIDE = [
    "/api/catalogs/en/../../articles/gipfel.de.txt", "/api/catalogs/en/%2e%2e/%2e%2e/etc/passwd",
    "/api/catalogs/..%2fen/gipfel.de.po", "/api/catalogs/en/..%2F..%2Fglossary.yaml", "/api/catalogs/en/missing.po",
    "/api/catalogs/en/gipfel.de.txt", "/api/catalogs/xx/gipfel.de.po", "/api/catalogs/.tm.sqlite/x.po",
    "/api/catalogs/en//etc/passwd", "/api/catalogs/en/../outside.po", "/api/catalogs/en/%2Fetc%2Fpasswd",
    "/api/preview/en/../../glossary.yaml",
]


def test_paths_outside_the_output_folder_are_404(workspace):
    out, client, po_path = workspace
    (out.parent / "outside.po").write_text(po_path.read_text())  # a PO file beside the output folder
    revision = get_catalog(client)["revision"]
    before = po_path.read_bytes()
    for path in OUTSIDE:
        assert client.get(path, headers=AUTH).status_code == 404, path
        answer = client.put(path + "/entries/0", headers=AUTH, json={"msgstr": "x", "revision": revision})
        assert answer.status_code in (404, 405), path  # 405: a preview address takes no PUT
    assert po_path.read_bytes() == before and (out.parent / "outside.po").read_bytes() == before


def test_the_list_holds_only_catalogs_that_open(workspace):
    """A symlink leading out of the output folder was listed, then answered 404 when opened."""
    out, client, po_path = workspace
    (out.parent / "outside.po").write_text(po_path.read_text())
    (out / "en" / "linked-out.po").symlink_to(out.parent / "outside.po")
    (out / "en" / "linked-in.po").symlink_to(po_path)
    (out.parent / "elsewhere").mkdir()
    (out.parent / "elsewhere" / "outside.po").write_text(po_path.read_text())
    (out / "fr").symlink_to(out.parent / "elsewhere", target_is_directory=True)  # a language folder leading out
    (out / "x\\y").mkdir()  # a name resolve() refuses as a language
    shutil.copy(po_path, out / "x\\y" / "odd.po")
    (out / "en" / "looped").symlink_to(out / "en", target_is_directory=True)  # not entered (nor before, by rglob)
    listed = [row["path"] for row in client.get("/api/catalogs", headers=AUTH).json]
    assert listed == ["gipfel.de.po", "linked-in.po"]
    for path in listed:
        assert client.get(f"/api/catalogs/en/{path}", headers=AUTH).status_code == 200
    searched = client.get("/api/search", query_string={"q": "Genf"}, headers=AUTH).json["matches"]
    assert {(m["language"], m["path"]) for m in searched} == {("en", "gipfel.de.po"), ("en", "linked-in.po")}


def test_bad_bodies_get_400_or_413_and_change_nothing(workspace):
    out, client, po_path = workspace
    revision = get_catalog(client)["revision"]
    before = po_path.read_bytes()
    bad = [
        "{\"msgstr\": \"caf\xe9\", \"revision\": \"x\"}".encode("latin-1"),  # not UTF-8
        b"not json", b"[1, 2]", b"",
        json.dumps({"msgstr": 5, "revision": revision}).encode(),
        json.dumps({"fuzzy": "no", "revision": revision}).encode(),
        json.dumps({"msgstr": "x"}).encode(),  # no revision
        json.dumps({"msgstr": "x", "revison": revision}).encode(),  # a typo
        json.dumps({"msgstr": "ends with a newline\n", "revision": revision}).encode(),
        json.dumps({"comment": "a line ending in \\\nwould be joined by gettext", "revision": revision}).encode(),
        # line breaks to str.splitlines() (polib), not to gettext: saved, they broke the file
        *(json.dumps({field: f"one{char}two", "revision": revision}).encode()
          for char in "\u2028\u2029\x85\x1e" for field in ("msgstr", "comment")),
        # half an emoji (a page cut one in two): no file can hold it, and saving it was a 500
        *(f'{{"{field}": "caf\\ud83d", "revision": "{revision}"}}'.encode() for field in ("msgstr", "comment")),
    ]
    for body in bad:
        answer = put_entry(client, 0, None, data=body, content_type="application/json")
        assert answer.status_code == 400, (body, answer.json)
        assert answer.json["error"]
    huge = json.dumps({"msgstr": "x" * 300_000, "revision": revision}).encode()
    assert put_entry(client, 0, None, data=huge, content_type="application/json").status_code == 413
    assert put_entry(client, 99, {"msgstr": "x", "revision": revision}).status_code == 404
    for entry in ("-1", "abc", "1.5", "\u0663"):  # no such entry, as the README says: not 405
        answer = put_entry(client, entry, {"msgstr": "x", "revision": revision})
        assert answer.status_code == 404 and answer.json["error"], entry
    assert po_path.read_bytes() == before


def test_a_translate_run_keeps_review_edits_and_sees_them_as_human_work(workspace, run, tmp_path):
    out, client, po_path = workspace
    catalog = get_catalog(client)
    answer = put_entry(client, 0, {"msgstr": "Talks in Geneva", "fuzzy": False, "comment": "ok",
                                   "revision": catalog["revision"]})
    assert answer.status_code == 200
    article = tmp_path / "articles" / "gipfel.de.txt"
    article.write_text(article.read_text().replace("Reaktionen aus Berlin", "Reaktionen aus Berlin und Paris"))
    summary = pseudo_translate(run, article.parent, out=out)
    assert summary["sentences_translated"] == 1
    saved = {e.msgid: e for e in entries(po_path)}[catalog["entries"][0]["msgid"]]
    assert (saved.msgstr, saved.flags, saved.tcomment) == ("Talks in Geneva", [], "ok")
    assert put_entry(client, 0, {"msgstr": "stale", "revision": answer.json["revision"]}).status_code == 409


def test_a_save_during_a_translate_run_is_written_at_once(workspace):
    """A translate run holds the output folder's lock for all its minutes, into any language;
    a save does not wait for it (the run checks each PO file before it replaces it, see
    tests/test_concurrent_saves.py). The save runs in a thread, so a save that waited for the
    run would still be waiting when the run (this block) checks on it."""
    out, client, po_path = workspace
    revision = get_catalog(client)["revision"]
    answers = []
    with output_lock(out):
        writer = threading.Thread(target=lambda: answers.append(
            put_entry(client, 0, {"msgstr": "mine", "fuzzy": False, "revision": revision})))
        writer.start()
        writer.join(30)
        assert answers and answers[0].status_code == 200, "the save waited for the whole run"
        assert get_catalog(client)["entries"][0]["msgstr"] == "mine"


def test_a_save_while_the_run_replaces_that_very_file_waits_for_it_and_then_is_stale(workspace):
    """The one moment a save waits: while a run checks the file and renames its new version
    over it (the file's replace lock). Then the save finds a new file: 409, not the run's work
    written over."""
    out, client, po_path = workspace
    revision = get_catalog(client)["revision"]
    answers = []
    with replace_lock(po_path):
        writer = threading.Thread(target=lambda: answers.append(
            put_entry(client, 0, {"msgstr": "mine", "revision": revision})))
        writer.start()
        catalog = polib.pofile(str(po_path))
        catalog[3].msgstr = "written by the translate run"
        translated = catalog.__unicode__().encode("utf-8")
        atomic_write(po_path, translated)  # a rename, as translate writes
    writer.join(30)
    assert answers[0].status_code == 409
    assert po_path.read_bytes() == translated


def test_a_save_kept_waiting_longer_than_a_moment_says_why_and_asks_to_be_sent_again(workspace, monkeypatch):
    out, client, po_path = workspace
    monkeypatch.setattr(review, "SAVE_WAIT", 0.1)
    revision = get_catalog(client)["revision"]
    before = po_path.read_bytes()
    with replace_lock(po_path):
        answer = put_entry(client, 0, {"msgstr": "mine", "revision": revision})
    assert answer.status_code == 503
    assert answer.json["error"] == "translate is writing this article; saving when it is done"
    assert answer.json["retry"] == 1 and answer.headers["Retry-After"] == "1"
    assert po_path.read_bytes() == before
    assert put_entry(client, 0, {"msgstr": "mine", "revision": revision}).status_code == 200  # sent again


def test_review_edits_during_a_real_translate_run_are_never_lost(workspace, tmp_path):
    """A translate process changes the article's PO file while the editor keeps saving. Every
    edit the server accepted is in the file afterwards, and so is the run's new sentence."""
    out, client, po_path = workspace
    article = tmp_path / "articles" / "gipfel.de.txt"
    article.write_text(article.read_text().replace("Der Zeitplan, bis 2027", "Der Zeitplan, bis 2028"))
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    process = subprocess.Popen([sys.executable, "-m", "uebersetzer", "translate", str(article.parent), "--to", "en",
                                "--engine", "pseudo", "--out", str(out), "--quiet"], env=env, cwd=tmp_path,
                               stderr=subprocess.PIPE, text=True)
    accepted: dict[int, tuple[str, str]] = {}  # entry id -> (msgid, text) of the last edit the server took
    conflicts = 0
    for round_ in range(40):
        catalog = get_catalog(client)
        entry = catalog["entries"][round_ % len(catalog["entries"])]
        text = f"edit {round_}"
        answer = put_entry(client, entry["id"], {"msgstr": text, "fuzzy": False, "revision": catalog["revision"]})
        if answer.status_code == 200:
            accepted[entry["id"]] = (entry["msgid"], text)
        else:  # stale; or 503: the run held the file longer than a save waits (a busy machine), sent again later
            assert answer.status_code in (409, 503), answer.json
            conflicts += 1
        if process.poll() is not None and round_ >= 20:
            break
    assert process.wait(60) == 0, process.stderr.read()
    final = entries(po_path)
    print(f"{len(accepted)} entries edited, {conflicts} saves refused as stale or busy")  # shown when the test fails
    assert "Der Zeitplan, bis 2028" in [e.msgid for e in final]
    for entry_id, (msgid, text) in accepted.items():
        if final[entry_id].msgid == msgid:
            # "edit 3" for a German sentence: QA finds much, and the approval marked it seen
            assert (final[entry_id].msgstr, final[entry_id].flags) == (text, []), (entry_id, po_path.read_text())
        else:  # the run replaced this sentence with its edited version: the editor's words went along, fuzzy
            assert (msgid, final[entry_id].msgid) == ("Der Zeitplan, bis 2027", "Der Zeitplan, bis 2028")
            assert (final[entry_id].msgstr, final[entry_id].flags[0]) == (text, "fuzzy"), po_path.read_text()
    msgfmt_check(po_path)


@pytest.mark.broken_po
def test_a_broken_po_file_is_named_with_its_line_and_left_alone(workspace):
    out, client, po_path = workspace
    revision = get_catalog(client)["revision"]
    po_path.write_text(po_path.read_text().replace('msgid "Reaktionen aus Berlin"', 'msgid "Reaktionen aus Berlin'))
    broken = po_path.read_bytes()
    answer = client.get("/api/catalogs/en/gipfel.de.po", headers=AUTH)
    assert answer.status_code == 422 and re.search(r"en/gipfel\.de\.po:\d+: broken PO file", answer.json["error"])
    row = client.get("/api/catalogs", headers=AUTH).json[0]
    assert row["entries"] == 0 and "broken PO file" in row["error"]
    assert put_entry(client, 0, {"msgstr": "x", "revision": revision}).status_code == 409
    assert put_entry(client, 0, {"msgstr": "x", "revision": review.revision_of(broken)}).status_code == 422
    assert po_path.read_bytes() == broken


def test_qa_problems_come_from_the_qa_comments_when_the_header_names_no_source_language(workspace):
    out, client, po_path = workspace
    catalog = polib.pofile(str(po_path))
    del catalog.metadata["X-Source-Language"]
    catalog[5].comment += "\nqa: numbers: 15 -> 16"
    catalog.save()
    assert get_catalog(client)["entries"][5]["qa"] == ["numbers: 15 -> 16"]
    assert client.get("/api/catalogs", headers=AUTH).json[0]["qa"] == 1


def test_the_real_qa_checks_flag_an_edit_that_changes_a_number(workspace):
    out, client, po_path = workspace
    catalog = get_catalog(client)
    assert all(not e["qa"] for e in catalog["entries"])
    heading = next(e for e in catalog["entries"] if e["msgid"] == "Der Zeitplan, bis 2027")
    put_entry(client, heading["id"], {"msgstr": "The timetable, until 2028", "revision": catalog["revision"]})
    problems = get_catalog(client)["entries"][heading["id"]]["qa"]
    assert problems == ["numbers: 2027 -> 2028"]
    assert client.get("/api/catalogs", headers=AUTH).json[0]["qa_kinds"]["numbers"] == 1


def test_an_approved_sentence_with_a_qa_finding_leaves_the_queue_until_its_text_changes(workspace, run, tmp_path):
    """Approving is having seen the findings (Weblate's dismissed checks): the entry gets the
    comment line `# qa-seen: <hash of context, source and translation>`, the findings stay listed, marked
    seen, and the start page no longer counts the sentence; a reload, a translate re-run and
    msgfmt keep it. Another translation brings the findings back, whoever wrote it."""
    out, client, po_path = workspace
    catalog = get_catalog(client)
    heading = next(e for e in catalog["entries"] if e["msgid"] == "Der Zeitplan, bis 2027")
    answer = put_entry(client, heading["id"], {"msgstr": "The timetable, until 2028", "fuzzy": False,
                                               "revision": catalog["revision"]}).json
    assert (answer["qa"], answer["qa_seen"]) == (["numbers: 2027 -> 2028"], True)  # for the page to show at once
    seen = get_catalog(client)["entries"][heading["id"]]
    assert (seen["qa"], seen["qa_seen"], seen["fuzzy"]) == (["numbers: 2027 -> 2028"], True, False)
    assert "qa-seen" not in " ".join(seen["flags"])  # the page says it as qa_seen
    [mark] = qa_seen_marks(po_path, heading["id"])
    assert not [f for f in entries(po_path)[heading["id"]].flags if f.startswith("qa-seen")]  # the old form
    row = client.get("/api/catalogs", headers=AUTH).json[0]
    assert (row["qa"], row["qa_seen"], row["qa_kinds"]["numbers"]) == (0, 1, 0)
    msgfmt_check(po_path)

    pseudo_translate(run, tmp_path / "articles", out=out, extra=("--glossary", tmp_path / "glossary.yaml"))
    assert qa_seen_marks(po_path, heading["id"]) == [mark]  # a re-run keeps the editor's call
    assert get_catalog(client)["entries"][heading["id"]]["qa_seen"] is True

    # another tool changes the translation: the flag no longer fits it
    catalog = polib.pofile(str(po_path))
    next(e for e in catalog if e.msgid == heading["msgid"]).msgstr = "The timetable, until 2029"
    catalog.save()
    back = get_catalog(client)["entries"][heading["id"]]
    assert (back["qa"], back["qa_seen"]) == (["numbers: 2027 -> 2029"], False)
    assert client.get("/api/catalogs", headers=AUTH).json[0]["qa"] == 1

    # approved again, then edited and saved without approving: back in the queue, stale flag gone
    revision = get_catalog(client)["revision"]
    revision = put_entry(client, heading["id"], {"fuzzy": False, "revision": revision}).json["revision"]
    assert get_catalog(client)["entries"][heading["id"]]["qa_seen"] is True
    put_entry(client, heading["id"], {"msgstr": "The timetable, until 2030", "revision": revision})
    edited = get_catalog(client)["entries"][heading["id"]]
    assert (edited["qa"], edited["qa_seen"], edited["fuzzy"]) == (["numbers: 2027 -> 2030"], False, False)
    assert not qa_seen_marks(po_path, heading["id"])


def _approved_with_a_finding(client) -> tuple[int, str]:
    """The heading approved with a numbers finding in view: its id and the file's revision."""
    catalog = get_catalog(client)
    heading = next(e for e in catalog["entries"] if e["msgid"] == "Der Zeitplan, bis 2027")
    answer = put_entry(client, heading["id"], {"msgstr": "The timetable, until 2028", "fuzzy": False,
                                               "revision": catalog["revision"]}).json
    assert answer["qa_seen"] is True
    return heading["id"], answer["revision"]


def _template_of(po_path: Path, pot: Path) -> None:
    """The PO file as its POT would be: the same header and entries, no translations or editors' marks."""
    catalog = polib.pofile(str(po_path))
    for entry in catalog:
        entry.msgstr, entry.tcomment, entry.flags = "", "", []
    catalog.save(str(pot))


@pytest.mark.parametrize("tool", ["msgcat", "msgmerge", "pot2po", "pomerge"])
def test_the_mark_that_findings_were_seen_survives_gettext_and_translate_toolkit(workspace, tmp_path, tool):
    """The mark was a flag `#, qa-seen:HASH`, which GNU msgcat and msgmerge drop (flags they do
    not know): after them every finding an editor had approved was open again. A translator
    comment line `# qa-seen: HASH` survives them, and translate-toolkit's pot2po and pomerge."""
    out, client, po_path = workspace
    entry_id, _ = _approved_with_a_finding(client)
    pot, made = tmp_path / "gipfel.pot", tmp_path / "made.po"
    _template_of(po_path, pot)
    command = {"msgcat": ["msgcat", "-o", made, po_path],
               "msgmerge": ["msgmerge", "--quiet", "-o", made, po_path, pot],
               "pot2po": ["pot2po", "--progress", "none", "-t", po_path, "-i", pot, "-o", made],
               "pomerge": ["pomerge", "--progress", "none", "-t", pot, "-i", po_path, "-o", made]}[tool]
    subprocess.run(list(map(str, command)), check=True, capture_output=True)
    shutil.copy(made, po_path)
    seen = get_catalog(client)["entries"][entry_id]
    assert seen["msgstr"] == "The timetable, until 2028"
    assert (seen["qa"], seen["qa_seen"]) == (["numbers: 2027 -> 2028"], True), po_path.read_text(encoding="utf-8")
    assert seen["comment"] == ""  # the mark is not the editor's comment


def test_a_mark_in_the_old_flag_form_is_read_and_written_anew_as_a_comment_line(workspace):
    """Files written before keep their marks: `#, qa-seen:HASH` still counts, and the next save
    of the entry writes it as the comment line (only that form), beside the editor's comment."""
    out, client, po_path = workspace
    entry_id, _ = _approved_with_a_finding(client)
    [mark] = qa_seen_marks(po_path, entry_id)
    catalog = polib.pofile(str(po_path))
    old = next(e for e in catalog if e.msgid == "Der Zeitplan, bis 2027")
    old.tcomment = ""  # the mark as versions before wrote it: a flag
    old.flags = [*old.flags, "qa-seen:" + mark.removeprefix("qa-seen: ")]
    catalog.save()
    view = get_catalog(client)
    assert (view["entries"][entry_id]["qa_seen"], view["entries"][entry_id]["flags"]) == (True, [])
    answer = put_entry(client, entry_id, {"comment": "Jahr geprüft", "revision": view["revision"]}).json
    assert answer["qa_seen"] is True
    saved = entries(po_path)[entry_id]
    assert (saved.tcomment, saved.flags) == (f"Jahr geprüft\n{mark}", [])
    assert get_catalog(client)["entries"][entry_id]["comment"] == "Jahr geprüft"
    refused = put_entry(client, entry_id, {"comment": "qa-seen: 12345678", "revision": answer["revision"]})
    assert refused.status_code == 400 and "may not start with 'qa-seen:'" in refused.json["error"]
    msgfmt_check(po_path)


def test_reopening_a_sentence_forgets_that_its_findings_were_seen(workspace):
    out, client, po_path = workspace
    catalog = get_catalog(client)
    heading = next(e for e in catalog["entries"] if e["msgid"] == "Der Zeitplan, bis 2027")
    revision = put_entry(client, heading["id"], {"msgstr": "The timetable, until 2028", "fuzzy": False,
                                                 "revision": catalog["revision"]}).json["revision"]
    put_entry(client, heading["id"], {"fuzzy": True, "revision": revision})
    reopened = get_catalog(client)["entries"][heading["id"]]
    assert (reopened["fuzzy"], reopened["qa_seen"]) == (True, False)
    assert entries(po_path)[heading["id"]].flags == ["fuzzy"] and not qa_seen_marks(po_path, heading["id"])


def test_listings_check_a_catalog_once_until_it_changes(workspace, monkeypatch):
    """The QA checks run once per file version: a second listing, and opening the article,
    run none; an edit through the page, or another tool's save, makes them run again."""
    from uebersetzer import qa

    out, client, po_path = workspace
    calls: list[str] = []

    def counted(entry: polib.POEntry, *args, **options):
        calls.append(entry.msgid)
        return check_entry(entry, *args, **options)

    check_entry = qa.check_entry
    monkeypatch.setattr(qa, "check_entry", counted)
    first = client.get("/api/catalogs", headers=AUTH).json
    assert len(calls) == first[0]["entries"] == 15
    assert client.get("/api/catalogs", headers=AUTH).json == first
    catalog = get_catalog(client)
    assert len(calls) == 15  # neither the second listing nor the article view checked again
    heading = next(e["id"] for e in catalog["entries"] if e["msgid"] == "Der Zeitplan, bis 2027")
    put_entry(client, heading, {"msgstr": "The timetable, until 2028", "revision": catalog["revision"]})
    row = client.get("/api/catalogs", headers=AUTH).json[0]
    # the edited entry, checked for its `#. qa:` comment as it is written, then the edited file anew
    assert len(calls) == 31 and row["qa_kinds"]["numbers"] == 1
    get_catalog(client)
    assert len(calls) == 31
    edited = polib.pofile(str(po_path))  # Poedit saves the file: a new version
    edited.find("Der Zeitplan, bis 2027").msgstr = "The timetable, until 2027"
    edited.save()
    assert client.get("/api/catalogs", headers=AUTH).json[0]["qa_kinds"]["numbers"] == 0
    assert len(calls) == 46


def test_a_repeat_listing_of_many_catalogs_reads_none_of_them(tmp_path, monkeypatch):
    """A newsroom's output folder holds thousands of articles: a second listing reads no PO
    file again while none changed, however many there are (the cache once held 256 files, and
    a listing of more evicted each before it was asked for again: every listing read all)."""
    header = ('msgid ""\nmsgstr ""\n"Language: en\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
              '"X-Source-Language: de\\n"\n\n')
    out = tmp_path / "locales"
    for number in range(300):
        po_path = out / "en" / f"ressort{number % 7}" / f"art{number:04d}.po"
        po_path.parent.mkdir(parents=True, exist_ok=True)
        po_path.write_text(header + f'#. title\n#: art{number:04d}.txt:1\n#, fuzzy\nmsgid "Meldung {number}"\n'
                           f'msgstr "Report {number}"\n', encoding="utf-8")
    review.CHECKED.clear()
    reads: list[str] = []
    read_catalog = review.read_catalog
    monkeypatch.setattr(review, "read_catalog", lambda ref: reads.append(ref.path) or read_catalog(ref))
    client = create_app(out, [], TOKEN, None).test_client()
    first = client.get("/api/catalogs", headers=AUTH).json
    assert len(first) == len(reads) == 300
    reads.clear()
    assert client.get("/api/catalogs", headers=AUTH).json == first
    assert reads == []
    touched = out / "en" / "ressort3" / "art0003.po"
    touched.write_text(touched.read_text().replace("#, fuzzy\n", ""), encoding="utf-8")  # approved in Poedit
    assert [row["fuzzy"] for row in client.get("/api/catalogs", headers=AUTH).json if row["fuzzy"] == 0] == [0]
    assert reads == ["ressort3/art0003.po"]


def test_the_check_cache_evicts_the_least_recently_used_by_entries():
    checked = {name: review.CheckedCatalog(review.Stamp((0, 0, 0, 0), True), name, [()] * 4, {}) for name in "abc"}
    cache = review.CheckedCatalogs(max_entries=10)  # two catalogs of 4 entries (+1 each) fit
    cache.put(Path("a"), checked["a"])
    cache.put(Path("b"), checked["b"])
    assert cache.get(Path("a")) is checked["a"]  # now b is the least recently used
    cache.put(Path("c"), checked["c"])
    assert cache.get(Path("b")) is None and cache.get(Path("a")) is checked["a"] and cache.get(Path("c"))
    cache.put(Path("c"), checked["c"])  # replaced, not counted twice
    assert cache.get(Path("a")) is checked["a"]


WRONG_DATE = "Dr Weber of the Foreign Office spoke of an 'important signal' in St. Pölten on 16 March."


def _example_with_a_wrong_number_in_the_memory(tmp_path: Path) -> tuple[Path, Path, str]:
    """The example article, and an editor's draft (fuzzy: a reviewed one would be the editor's
    call) of one of its sentences in the memory with a wrong date (15 -> 16, WRONG_DATE), for
    the numbers check to find: (article, output folder, sentence)."""
    article = tmp_path / "articles" / "gipfel.de.txt"
    article.parent.mkdir()
    shutil.copy(EXAMPLES / "gipfel.de.txt", article)
    out = tmp_path / "locales"
    sentence = "Dr. Weber vom Auswärtigen Amt sprach am 15. März in St. Pölten von einem „wichtigen Signal“."
    draft = Unit("de", "en", sentence, WRONG_DATE, "human", fuzzy=True)
    TranslationMemory(out / ".tm.sqlite", make_folder=True).store([draft])
    return article, out, sentence


def test_the_review_page_counts_the_problems_the_translate_run_counted(run, tmp_path):
    """Same checks, same counts: the pseudo engine's catalog gets the checks its run got (not
    the language check, which calls accented pseudo text Czech), and the English quote the
    German article keeps as it is is no "untranslated" sentence. A wrong number from the
    memory makes the counts more than zeros."""
    article, out, sentence = _example_with_a_wrong_number_in_the_memory(tmp_path)
    summary = pseudo_translate(run, article.parent, out=out)
    [row] = [review.catalog_summary(ref) for ref in review.find_catalogs(out)]
    assert row["qa"] == 1  # sentences with a problem
    assert row["qa_kinds"] == summary["qa"] and summary["qa"]["numbers"] == 1
    quote = next(e for e in review.catalog_view(review.find_catalogs(out)[0])["entries"] if e["msgid"].startswith("„We"))
    assert quote["msgstr"] == quote["msgid"] and quote["qa"] == []
    assert run("qa", out).code == 1 and "untranslated" not in run("qa", out).out


def test_the_preview_renders_the_po_file_as_it_is_now(workspace, run, tmp_path):
    out, client, po_path = workspace
    catalog = get_catalog(client)
    put_entry(client, 0, {"msgstr": "Talks in <b>Geneva</b> & more", "fuzzy": False, "revision": catalog["revision"]})
    html = client.get("/api/preview/en/gipfel.de.po", headers=AUTH).json["html"]
    assert html.startswith('<h1 class="title"><span class="sentence reviewed" data-id="0">'
                           "Talks in &lt;b&gt;Geneva&lt;/b&gt; &amp; more</span></h1>")
    assert html.count('class="sentence fuzzy"') == 11 and "<ul>" in html and "<footer" in html
    # a Markdown article keeps its inline markup, rendered; raw HTML stays text
    md_out = tmp_path / "md"
    assert run("translate", EXAMPLES / "briefing.en.md", "--to", "fr", "--engine", "pseudo", "--out", md_out).code == 0
    md_client = create_app(md_out, [], TOKEN, None).test_client()
    html = md_client.get("/api/preview/fr/briefing.en.po", headers=AUTH).json["html"]
    assert "<strong>" in html and "<a href=" in html


HTML_ARTICLE = """<!DOCTYPE html>
<html lang="de"><head><meta charset="utf-8"><title>Hafen wird erweitert</title>
<meta name="description" content="Die Stadt baut den Hafen aus."></head>
<body><h1>Der Hafen wird erweitert</h1>
<p>Der Bürgermeister sprach von einem <em>historischen Tag</em>. Mehr beim <a href="https://example.org/hafen" title="Zum Hafenamt">Hafenamt</a>.</p>
<figure><img src="kran.jpg" alt="Ein Kran im Hafen"><figcaption>Die Stadt baut den Hafen aus. Foto: Stadt Rostock</figcaption></figure>
<p><img src="bagger.jpg"> Die Arbeiten beginnen im Mai.</p>
</body></html>
"""


def test_the_preview_of_an_html_article_shows_its_markup_safely_and_its_attributes_beside_the_text(run, tmp_path):
    """Readers see emphasis and links, not tags as text; a tooltip, an image text, the page title
    and the description are no sentences of the text: they are listed beside it (each still a
    sentence to click and edit). Whatever an edit puts in, nothing in the preview runs."""
    article = tmp_path / "articles" / "hafen.html"
    article.parent.mkdir()
    article.write_text(HTML_ARTICLE, encoding="utf-8")
    out = tmp_path / "locales"
    pseudo_translate(run, article.parent, out=out, extra=("--from", "de"))
    client = create_app(out, [], TOKEN, None).test_client()
    catalog = get_catalog(client, "hafen.po")
    by_label = {review.block_label(e): e for e in entries(out / "en" / "hafen.po")}
    # a link's tooltip and an image's text are blocks of their own, as the parser made them; the
    # description's sentence, repeated in the caption, is shown there too (not in the image text)
    rebuilt, parsed = blocks_rebuilt_and_parsed(run, tmp_path / "parsed", article)
    assert rebuilt == parsed and [label for label, _ in rebuilt] == [
        "title", "meta 1", "heading 1", "teaser", "tooltip 1", "image text 1", "caption 1", "paragraph 1"]
    tooltip, alt = by_label["tooltip 1"].msgstr, by_label["image text 1"].msgstr
    title, description = by_label["title"].msgstr, by_label["meta 1"].msgstr
    last = next(e for e in catalog["entries"] if e["msgid"].endswith("Die Arbeiten beginnen im Mai."))
    hostile = ('<img src="kran.jpg" alt="Ein Kran im Hafen"> Work <a href="javascript:alert(1)" onclick="steal()">'
               'starts</a> in May.<script>alert(2)</script>'
               '<img src=x onerror=alert(3)><iframe src="https://example.org"></iframe>')
    assert put_entry(client, last["id"], {"msgstr": hostile, "revision": catalog["revision"]},
                     path="hafen.po").status_code == 200
    html = client.get("/api/preview/en/hafen.po", headers=AUTH).json["html"]
    text, beside = html.split("<aside", 1)
    assert "<em>" in text and "&lt;em&gt;" not in text and "&lt;a" not in text
    assert '<a href="https://example.org/hafen"' in text
    assert 'title="Zum Hafenamt"' not in text  # its translation is listed beside
    for danger in ("javascript:", "onclick", "<script", "alert(2)", "onerror", "<iframe", "<img"):
        assert danger not in html, danger
    assert "starts</a> in May." in text
    for attribute_text in (tooltip, alt, title):
        assert attribute_text not in text and attribute_text in beside
    assert description in beside and text.count(description) == 1  # in the caption, as readers see it
    assert beside.count('class="sentence') == 4


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(edits=st.lists(st.tuples(
    st.integers(0, 14),
    st.text(st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from('"\\\t-'), max_size=200),
    st.sampled_from([None, True, False]),
    st.one_of(st.none(), st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=60).filter(
        lambda comment: not any(line.rstrip().endswith("\\") for line in comment.splitlines()))),
), min_size=1, max_size=4))
def test_random_edits_keep_every_other_entry_and_gettexts_layout(workspace, edits):
    out, client, po_path = workspace
    for entry_id, msgstr, fuzzy, comment in edits:
        before = entries(po_path)
        catalog = get_catalog(client)
        body = {"msgstr": msgstr, "revision": catalog["revision"]}
        if fuzzy is not None:
            body["fuzzy"] = fuzzy
        if comment is not None:
            body["comment"] = comment
        assert put_entry(client, entry_id, body).status_code == 200
        after = entries(po_path)
        assert [str(e) for i, e in enumerate(after) if i != entry_id] == \
            [str(e) for i, e in enumerate(before) if i != entry_id]
        assert after[entry_id].msgstr == msgstr
        if fuzzy is not None and msgstr:
            assert ("fuzzy" in after[entry_id].flags) == fuzzy
        msgcat_lays_out_entry_like_us(po_path, entry_id)
    msgfmt_check(po_path)


# --- the command as a process -------------------------------------------------------------

@pytest.fixture
def start_review(request):
    """`uebersetzer review OUT --port 0 --no-browser ...` as a process; whatever a test leaves
    running is killed by its PID at the end, so no server outlives its test."""
    processes: list[subprocess.Popen] = []

    def start(out: Path, *options: str) -> tuple[subprocess.Popen, str]:
        env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
        process = subprocess.Popen([sys.executable, "-m", "uebersetzer", "review", str(out), "--port", "0",
                                    "--no-browser", *options], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                   text=True, env=env)
        processes.append(process)
        return process, process.stdout.readline().strip()

    yield start
    for process in processes:
        if process.poll() is None:
            process.kill()
            process.wait()


def test_review_to_takes_the_spellings_translate_takes(tmp_path, run, start_review):
    folder = tmp_path / "out" / "pt_BR"
    folder.mkdir(parents=True)
    (folder / "a.po").write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
                                 'msgid "Hallo."\nmsgstr ""\n', encoding="utf-8")
    for spelling in ("pt-BR", "pt_BR", "pb"):
        process, first_line = start_review(tmp_path / "out", "--to", spelling)
        assert first_line.startswith("Review: http://127.0.0.1:"), process.stderr.read()
        process.kill()
    result = run("review", tmp_path / "out", "--to", "fr", "--no-browser", "--port", "0")
    assert result.code == 2 and "no PO files in fr to review below this folder" in result.err


def test_the_command_prints_the_tokenized_address_first_and_stops_cleanly_on_ctrl_c(workspace, start_review):
    out, client, po_path = workspace
    process, first_line = start_review(out)
    try:
        match = re.fullmatch(r"Review: (http://127\.0\.0\.1:(\d+)/)\?token=([\w-]{20,})", first_line)
        assert match, first_line
        base, token = match.group(1), match.group(3)
        request = urllib.request.Request(base + "api/catalogs", headers={"X-Review-Token": token})
        with urllib.request.urlopen(request, timeout=10) as answer:
            assert json.loads(answer.read())[0]["path"] == "gipfel.de.po"
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(base + "api/catalogs", timeout=10)
        assert refused.value.code == 403
    finally:
        process.send_signal(signal.SIGINT)
        code = process.wait(20)
    errors = process.stderr.read()
    assert code == 0 and "Traceback" not in errors and "review stopped" in errors
    assert "warning" not in errors


def test_a_port_in_use_is_one_line_and_exit_2(workspace, start_review):
    out, client, po_path = workspace
    process, first_line = start_review(out)
    try:
        port = re.search(r":(\d+)/", first_line).group(1)
        second = subprocess.run([sys.executable, "-m", "uebersetzer", "review", str(out), "--port", port, "--no-browser"],
                                capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT / "src")})
        assert second.returncode == 2 and second.stdout == ""
        assert second.stderr.startswith(f"uebersetzer: error: cannot listen on 127.0.0.1:{port}") and \
            len(second.stderr.splitlines()) == 1, second.stderr
    finally:
        process.send_signal(signal.SIGTERM)  # as `kill PID` does: the same clean stop as Ctrl-C
        assert process.wait(20) == 0
    assert "review stopped" in process.stderr.read()


def test_another_host_is_warned_about(workspace, start_review):
    out, client, po_path = workspace
    process, first_line = start_review(out, "--host", "127.0.0.2")
    process.send_signal(signal.SIGINT)
    process.wait(20)
    assert first_line.startswith("Review: http://127.0.0.2:")
    assert "warning: --host 127.0.0.2: the workspace can be reached from other machines" in process.stderr.read()


def test_every_interface_prints_addresses_a_colleague_can_open(workspace, run, monkeypatch):
    """`--host 0.0.0.0` binds every interface; 0.0.0.0 is no address to open. The first line
    is the one for this machine, then this machine's name (and its addresses), each with the token."""
    import socket

    out, client, po_path = workspace
    monkeypatch.setattr("werkzeug.serving.BaseWSGIServer.serve_forever", lambda self, *args: None)  # a Ctrl-C
    result = run("review", out, "--host", "0.0.0.0", "--port", "0", "--no-browser")
    assert result.code == 0 and "0.0.0.0:" not in result.out, result.out
    first, *others = result.out.splitlines()
    match = re.fullmatch(r"Review: http://127\.0\.0\.1:(\d+)/\?token=([\w-]{20,})", first)
    assert match, first
    port, token = match.groups()
    assert others[0] == f"Review from other machines: http://{socket.gethostname()}:{port}/?token={token}"
    assert all(re.fullmatch(rf"Review from other machines: http://[^/]+:{port}/\?token={token}", line) and
               "127.0.0.1" not in line for line in others), others
    assert "warning: --host 0.0.0.0: the workspace can be reached from other machines" in result.err


def test_the_command_opens_the_browser_unless_told_not_to(workspace, run, monkeypatch):
    import webbrowser

    out, client, po_path = workspace
    opened: list[str] = []

    def open_and_stop(url: str) -> bool:
        opened.append(url)
        raise KeyboardInterrupt  # the editor's Ctrl-C, right after the browser opened

    monkeypatch.setattr(webbrowser, "open", open_and_stop)
    result = run("review", out, "--port", "0")
    assert result.code == 0 and "review stopped" in result.err
    assert opened == [result.out.splitlines()[0].removeprefix("Review: ")]
    monkeypatch.setattr("werkzeug.serving.BaseWSGIServer.serve_forever", lambda self, *args: None)  # a Ctrl-C
    opened.clear()
    result = run("review", out, "--port", "0", "--no-browser")
    assert result.code == 0 and result.out.startswith("Review: http://127.0.0.1:") and opened == []


def test_a_folder_without_po_files_is_one_line_and_exit_2(run, tmp_path):
    (tmp_path / "empty").mkdir()
    for folder in (tmp_path / "empty", tmp_path / "missing"):
        result = run("review", folder, "--no-browser")
        assert result.code == 2 and len(result.err.strip().splitlines()) == 1 and str(folder) in result.err


def test_the_translate_path_does_not_import_flask():
    code = ("import sys, uebersetzer.cli, uebersetzer.pipeline, uebersetzer.review; "
            "print(sorted(m for m in ('flask', 'werkzeug', 'jinja2') if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                            env={**os.environ, "PYTHONPATH": str(ROOT / "src")})
    assert result.stdout.strip() == "[]"


def _qa_lines(po_path: Path, msgid: str) -> list[str]:
    entry = polib.pofile(str(po_path)).find(msgid)
    return [line for line in entry.comment.split("\n") if line.startswith("qa: ")]


def test_an_edit_in_the_page_rewrites_the_entrys_qa_comment_as_a_translate_run_would(run, tmp_path):
    """A translate run writes `#. qa:` comments on unreviewed entries and none on reviewed ones;
    an edit through the page leaves the entry's comments as that run would write them, in
    the same write: re-checked while fuzzy, gone once approved. A translate run after the
    edits finds nothing to change."""
    article, out, sentence = _example_with_a_wrong_number_in_the_memory(tmp_path)
    pseudo_translate(run, article.parent, out=out)
    po_path = out / "en" / "gipfel.de.po"
    assert _qa_lines(po_path, sentence) == ["qa: numbers: 15 -> 16"]
    client = create_app(out, [], TOKEN, out / ".tm.sqlite").test_client()

    def edit(msgid: str, **body) -> None:
        catalog = get_catalog(client)
        entry_id = next(e["id"] for e in catalog["entries"] if e["msgid"] == msgid)
        answer = put_entry(client, entry_id, {**body, "revision": catalog["revision"]})
        assert answer.status_code == 200, answer.json
        assert answer.json["revision"] == review.revision_of(po_path.read_bytes())  # one write

    edit(sentence, msgstr=WRONG_DATE.replace("16", "17"))  # still wrong, still fuzzy: checked anew
    assert _qa_lines(po_path, sentence) == ["qa: numbers: 15 -> 17"]
    edit(sentence, msgstr=WRONG_DATE.replace("16", "15"))  # fixed, still fuzzy
    assert _qa_lines(po_path, sentence) == []
    heading = "Der Zeitplan, bis 2027"
    notes_before = polib.pofile(str(po_path)).find(heading).comment
    assert notes_before.startswith("heading") and "qa: " not in notes_before
    edit(heading, msgstr="The timetable, until 2028")  # a new problem, fuzzy
    assert _qa_lines(po_path, heading) == ["qa: numbers: 2027 -> 2028"]
    edit(heading, fuzzy=False)  # approved as it is: the editor's call, as for a translate run
    assert _qa_lines(po_path, heading) == []
    assert [e["qa"] for e in get_catalog(client)["entries"] if e["msgid"] == heading] == [["numbers: 2027 -> 2028"]]
    assert polib.pofile(str(po_path)).find(heading).comment == notes_before  # the other notes as they were
    written = po_path.read_bytes()
    pseudo_translate(run, article.parent, out=out)
    assert po_path.read_bytes() == written
    msgfmt_check(po_path)


@pytest.mark.parametrize("host", ["999.1.1.1", "10.255.255.1"])
def test_an_address_that_is_not_this_machines_is_named_as_the_host(workspace, run, host):
    """Said "pick another --port" when the address was the problem."""
    out, client, po_path = workspace
    result = run("review", out, "--host", host, "--port", "0", "--no-browser")
    assert result.code == 2 and result.err.strip().startswith(f"uebersetzer: error: cannot listen on {host} (")
    assert "pass an address of this machine as --host" in result.err and "--port" not in result.err, result.err
