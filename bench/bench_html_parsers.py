"""lxml against html5lib for HTML articles: speed, and fidelity as splicing needs it.

    python bench/bench_html_parsers.py

Fidelity has three parts: (1) can the parser say where each element starts and ends in
the source (splicing translations into the source needs offsets, not a tree to
serialize); (2) does it build the tree a browser builds (the WHATWG algorithm, which
html5lib implements) on the broken markup scrapers deliver; (3) does re-serializing its
tree give the source back (if it did, splicing would not be needed). Speed is the median
of repeated parses, side by side in one run: lxml, plain html5lib, and html5lib with the
offset hooks of `formats/html_source.py`.
"""

from __future__ import annotations

import platform
import statistics
import sys
import time
from pathlib import Path

import html5lib
import lxml
import lxml.html

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from uebersetzer.formats.html_source import parse_html  # noqa: E402

ARTICLE = (ROOT / "tests" / "fixtures" / "html" / "hafen.de.html").read_text(encoding="utf-8")
BIG_SCRIPT = ("<!DOCTYPE html><html><head><title>T</title><script>" + "var y = 1;\n" * 460000
              + "</script></head><body><p>Ein Satz.</p></body></html>")

# Broken markup as scrapers deliver it; the browser's tree is html5lib's (it implements the spec).
BROKEN = [
    "<p>a<p>b", "<b><i>x</b>y</i>", "<table>x<tr><td>y</table>", "<template><p>x</p></template><p>y",
    "<p>x</p></p>", "<ul><li>a<li>b</ul>", "<p>a<div>b</div>c</p>", "<a href=1>x<a href=2>y</a>",
    "<div>unclosed<p>text", "<title><b>x</b></title><p>y", "<table><tr><td>a<td>b<tr><td>c</table>",
    "<p><figure><img alt=x></figure>", "<dl><dt>a<dd>b<dt>c</dl>", "<h1>a<h2>b</h2>", "<select><p>x</select>",
    "<p>x<table><tr><td>y</td></tr></table>z", "</br><p>a", "<svg><p>x</svg>", "<noscript><p>x</noscript>",
    "<p>1 < 2 & 3</p>",
]


def _median_seconds(parse, text: str, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        parse(text)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


_FRAME = frozenset({"html", "head", "body"})  # lxml leaves out an empty head: not counted as a difference


def _html5lib_tags(text: str) -> list[str]:
    tree = html5lib.parse(text, treebuilder="lxml", namespaceHTMLElements=False)
    return [e.tag for e in tree.getroot().iter() if isinstance(e.tag, str) and e.tag not in _FRAME]


def _lxml_tags(text: str) -> list[str]:
    tree = lxml.html.document_fromstring(text)
    return [e.tag for e in tree.iter() if isinstance(e.tag, str) and e.tag not in _FRAME]


def _offsets_known(text: str) -> tuple[int, int]:
    """(elements whose start tag html5lib-with-hooks placed exactly, all explicit elements)."""
    right = total = 0
    stack = list(parse_html(text).root.children)
    while stack:
        element = stack.pop()
        stack += element.children
        if element.explicit:
            total += 1
            right += text[element.start:element.content_start].lower().startswith("<" + element.name)
    return right, total


def main() -> None:
    print(f"machine: {platform.machine()} {platform.processor() or ''}, {platform.system()} {platform.release()}, "
          f"Python {platform.python_version()}")
    print(f"lxml {lxml.__version__} (libxml2 {'.'.join(map(str, lxml.etree.LIBXML_VERSION))}), html5lib {html5lib.__version__}")

    print("\nSpeed (median wall time of one parse)")
    print(f"{'document':34}{'lxml ms':>10}{'html5lib ms':>13}{'+offsets ms':>13}{'html5lib/lxml':>15}")
    documents = ((f"news article ({len(ARTICLE.encode()) / 1000:.1f} KB)", ARTICLE, 30),
                 (f"inline script ({len(BIG_SCRIPT) / 1e6:.1f} MB)", BIG_SCRIPT, 3))
    for name, text, repeat in documents:
        a = _median_seconds(lxml.html.document_fromstring, text, repeat)
        b = _median_seconds(lambda t: html5lib.parse(t, treebuilder="etree"), text, repeat)
        c = _median_seconds(parse_html, text, repeat)
        print(f"{name:34}{a * 1000:10.2f}{b * 1000:13.1f}{c * 1000:13.1f}{b / a:15.0f}")

    print("\nFidelity")
    right, total = _offsets_known(ARTICLE)
    print(f"source offsets: html5lib + hooks places {right}/{total} start tags exactly; "
          f"lxml gives a line number only (sourceline), 0/{total} offsets")
    agree = sum(_lxml_tags(snippet) == _html5lib_tags(snippet) for snippet in BROKEN)
    print(f"browser tree on {len(BROKEN)} broken snippets: html5lib {len(BROKEN)}/{len(BROKEN)} (it is the "
          f"WHATWG algorithm), lxml agrees on {agree}/{len(BROKEN)}")
    differ = [s for s in BROKEN if _lxml_tags(s) != _html5lib_tags(s)]
    for snippet in differ[:5]:
        print(f"  {snippet!r}: lxml {_lxml_tags(snippet)} vs html5lib {_html5lib_tags(snippet)}")
    lxml_again = lxml.html.tostring(lxml.html.document_fromstring(ARTICLE), encoding="unicode", doctype="<!DOCTYPE html>")
    html5lib_again = html5lib.serialize(html5lib.parse(ARTICLE), omit_optional_tags=False)
    print(f"re-serialized news article equals the source: lxml {lxml_again == ARTICLE}, "
          f"html5lib {html5lib_again == ARTICLE} (hence splicing)")


if __name__ == "__main__":
    main()
