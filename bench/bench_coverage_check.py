"""What the parse stage's coverage check (parse.uncovered: do a format's blocks give the source
back?) costs beside the parse it guards, side by side in one run.

    python bench/bench_coverage_check.py

On the project's fixture articles (text with a cut paragraph that repair joins, so the
check's slower path for white space runs; HTML), each alone and repeated 200 times into one
big article. With ../shared beside the clone, also on the reference article.
"""

from __future__ import annotations

import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from uebersetzer import formats  # noqa: E402
from uebersetzer.parse import uncovered  # noqa: E402
from uebersetzer.read import ArticleFile, SourceText, read_article  # noqa: E402

ARTICLES = [ROOT / "tests" / "fixtures" / "articles" / "riad.de.txt",
            ROOT / "tests" / "fixtures" / "html" / "hafen.de.html",
            ROOT.parent / "shared" / "seeds" / "000_70d3c8a4cd60ef26.txt"]


def _median(action, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    print(f"{platform.platform()}; Python {platform.python_version()}; {platform.processor() or platform.machine()}")
    print(f"{'article':32} {'chars':>9} {'parse ms':>10} {'check ms':>10} {'check/parse':>12}")
    for path in ARTICLES:
        if not path.exists():
            print(f"{path.name:32} (absent: ../shared is not beside the clone)")
            continue
        source = read_article(ArticleFile(path, path.name))
        fmt = formats.for_file(source.path, source.text, source.display)
        for times in (1, 200):
            text = source.text if times == 1 else (source.text.rstrip("\n") + "\n\n") * times
            big = SourceText(source.path, source.display, text, source.newline, source.encoding)
            article = fmt.parse(big)
            assert uncovered(article, text) == 0
            repeat = 21 if times == 1 else 3
            parse_time = _median(lambda: fmt.parse(big), repeat)
            check_time = _median(lambda: uncovered(article, text), repeat)
            name = path.name if times == 1 else f"{path.name} x{times}"
            print(f"{name:32} {len(text):>9} {parse_time * 1000:>10.2f} {check_time * 1000:>10.3f} "
                  f"{check_time / parse_time:>12.4f}")


if __name__ == "__main__":
    main()
