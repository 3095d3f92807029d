"""The `brackets` check on human translations into English: its false-alarm rate per pair.

FLORES-200 dev (../shared/data/flores-dev) lines are professionals' translations, so every
`brackets` problem reported on one is a false alarm. CSV quoting some lines carry
(`"Das Wort ""Eskimo"" ..."`) is undone first, as tests/test_qa.py does.

    python bench/bench_brackets.py [zh ko ja de ...]
"""

from __future__ import annotations

import platform
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from uebersetzer.qa import Sentence  # noqa: E402
from uebersetzer.qa.checks import brackets  # noqa: E402
from flores_articles import sentences as lines  # noqa: E402

FLORES = ROOT.parent / "shared" / "data" / "flores-dev"


def main(languages: list[str]) -> None:
    if not FLORES.is_dir():
        sys.exit(f"bench_brackets: {FLORES} is missing; ../shared must sit beside the checkout")
    print(f"python {platform.python_version()}, {FLORES}")
    english = lines("en")
    for language in languages:
        source = lines(language)
        messages = [brackets(Sentence(s, t, language, "en")) for s, t in zip(source, english)]
        alarms = [m for m in messages if m]
        kinds = Counter(alarms).most_common(3)
        print(f"{language}->en: {len(alarms)}/{len(messages)} = {100 * len(alarms) / len(messages):.1f}% "
              f"of lines; most often {kinds}")


if __name__ == "__main__":
    main(sys.argv[1:] or ["zh", "ko", "ja", "de"])
