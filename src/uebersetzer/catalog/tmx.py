"""TMX 1.4, the translation memory exchange format of CAT tools (OmegaT, Trados, memoQ)."""

from __future__ import annotations

import re
import time
from datetime import datetime, timezone
from xml.etree import ElementTree

from uebersetzer import __version__
from uebersetzer.errors import UsageError
from uebersetzer.catalog.memory import Unit

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def _stamp(seconds: float) -> str:
    return datetime.fromtimestamp(seconds, timezone.utc).strftime("%Y%m%dT%H%M%SZ")


def _seconds(stamp: str | None) -> float:
    if not stamp:
        return time.time()
    try:
        return datetime.strptime(stamp, "%Y%m%dT%H%M%SZ").replace(tzinfo=timezone.utc).timestamp()
    except ValueError:
        return time.time()


# What XML 1.0 allows in a document; a NUL or a lone surrogate in a sentence would make the
# export unreadable by every tool, our own import included.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
ORIGINS = ("human", "machine")
# one per note of a machine unit (memory.Unit.notes: "fallback: ..."); <note> is the editor's comment
NOTE_PROPERTY = "x-note"


def xml_text(text: str) -> str:
    """`text` without the characters XML 1.0 cannot hold (they are dropped, as they would be by any
    CAT tool that reads the file)."""
    return _NOT_XML.sub("", text)


def dumps(units: list[Unit]) -> str:
    root = ElementTree.Element("tmx", version="1.4")
    ElementTree.SubElement(root, "header", {
        "creationtool": "uebersetzer", "creationtoolversion": __version__, "datatype": "plaintext",
        "segtype": "sentence", "adminlang": "en", "srclang": "*all*", "o-tmf": "uebersetzer",
    })
    body = ElementTree.SubElement(root, "body")
    for unit in units:
        tu = ElementTree.SubElement(body, "tu", {"srclang": unit.source_language, "changedate": _stamp(unit.updated)})
        if unit.comment:  # the editor's translator comment
            ElementTree.SubElement(tu, "note").text = xml_text(unit.comment)
        properties = (("x-origin", unit.origin), ("x-engine", unit.engine), ("x-model-version", unit.model_version),
                      ("x-fuzzy", "yes" if unit.fuzzy else ""), ("x-flags", unit.flags))
        for name, value in properties:
            if value:
                ElementTree.SubElement(tu, "prop", type=name).text = xml_text(value)
        for note in unit.notes if unit.origin == "machine" else ():  # what the engine said to check, in order
            ElementTree.SubElement(tu, "prop", type=NOTE_PROPERTY).text = xml_text(note)
        for language, text in ((unit.source_language, unit.source), (unit.target_language, unit.target)):
            tuv = ElementTree.SubElement(tu, "tuv", {XML_LANG: language})
            ElementTree.SubElement(tuv, "seg").text = xml_text(text)
    ElementTree.indent(root)
    document = ElementTree.tostring(root, encoding="unicode")
    # a parser reads a literal CR as a line feed; the indentation holds none, so every CR is text
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + document.replace("\r", "&#13;") + "\n"


def loads(data: bytes, display: str, skipped: list[str] | None = None) -> list[Unit]:
    """Units of a TMX file. Without an x-origin property a unit counts as human work. A unit
    that holds no translation (fewer than two segments) is left out, and said in `skipped`
    ("translation unit 3: ...")."""
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError as error:
        raise UsageError(f"broken TMX: {error.msg}", display, error.position[0]) from error
    if root.tag != "tmx":
        raise UsageError("not a TMX file (no <tmx> root)", display)
    header = root.find("header")
    default_source = (header.get("srclang") if header is not None else None) or "*all*"
    units = []
    for number, tu in enumerate(root.iter("tu"), start=1):
        segments = [(tuv.get(XML_LANG) or tuv.get("lang") or "", "".join(tuv.find("seg").itertext()))
                    for tuv in tu.findall("tuv") if tuv.find("seg") is not None]
        if len(segments) < 2:
            if skipped is not None:
                skipped.append(f"translation unit {number}: {len(segments)} segment(s), no translation to take")
            continue
        source_language = tu.get("srclang") or default_source
        if source_language == "*all*":
            source_language = segments[0][0]
        at = next((i for i, s in enumerate(segments) if _base(s[0]) == _base(source_language)), 0)
        source = segments[at]
        props = {p.get("type"): (p.text or "") for p in tu.findall("prop")}
        notes = tuple(p.text or "" for p in tu.findall("prop") if p.get("type") == NOTE_PROPERTY)
        comment = "\n".join(note.text or "" for note in tu.findall("note"))
        origin = props.get("x-origin", "human").strip()
        if origin not in ORIGINS:
            raise UsageError(f"translation unit {number} ({source[1][:40]!r}): x-origin {origin!r} is neither "
                             "human nor machine; fix or remove that property", display)
        for language, text in segments[:at] + segments[at + 1:]:  # by place: a copy (en -> en) repeats the source
            units.append(Unit(_base(source[0]), _base(language), source[1], text,
                              origin, props.get("x-engine", ""),
                              props.get("x-model-version", ""), _seconds(tu.get("changedate")),
                              props.get("x-fuzzy") == "yes", comment, props.get("x-flags", ""),
                              notes if origin == "machine" else ()))
    return units


def _base(language: str) -> str:
    return language.split("-")[0].split("_")[0].lower()
