"""Read stage: the encoding of an article that is not UTF-8 and declares none.

A legacy CMS exports in its code page (windows-1256, windows-1251, KOI8-R, Shift_JIS, GB18030)
and says nothing about it. charset-normalizer proposes the readings (the code pages of the
WHATWG Encoding Standard: what browsers, and so CMSs, write); each reading that gives another
text is then judged by how much it reads as written in a language (language_profiles.fit,
langdetect's n-gram profiles): the same bytes in the wrong code page give n-grams no language
has (`Größe` in windows-1256 is `Grِكe`). charset-normalizer's own ranking alone was wrong for
one in six short Latin-script texts (Czech ISO-8859-2 read as windows-1250, Polish as
windows-1252; measured on FLORES, README "Encodings").

A reading is taken only when it reads clearly better than every other (MARGIN); otherwise the
article is refused and the user names the encoding (--encoding): a guess that cannot be told
is no better than mojibake, which a reviewed catalog would then take for changed sentences.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

# The legacy encodings of the WHATWG Encoding Standard, as Python names them, the most used
# first (of those that read a text alike, the first names it). (UTF-16 is recognised before:
# read._unmarked_utf16.) Left out: the Mac OS code pages, whose punctuation stands where
# windows-1251 has capitals: a short Russian text read as x-mac-cyrillic lost capitals to
# quotes and dashes (`Сказал` as `—казал`) and read better than the right text (FLORES ru:
# 6 of 997 sentences). A file in one is read with --encoding.
CANDIDATES = (
    "cp1252", "cp1251", "cp1250", "cp1253", "cp1254", "cp1255", "cp1256", "cp1257", "cp1258", "cp874",
    "iso8859_2", "iso8859_3", "iso8859_4", "iso8859_5", "iso8859_6", "iso8859_7", "iso8859_8", "iso8859_10",
    "iso8859_13", "iso8859_14", "iso8859_15", "iso8859_16", "koi8_r", "koi8_u",
    "gb18030", "big5", "euc_jp", "iso2022_jp", "shift_jis", "euc_kr",
)
# Two or more bytes a character: langdetect's profiles fold Han characters into a few hundred
# classes, so they cannot tell a Chinese reading from a Korean reading of the same bytes as
# Hanja (both are all Han); between such readings charset-normalizer's order must agree.
MULTI_BYTE = frozenset({"gb18030", "big5", "euc_jp", "iso2022_jp", "shift_jis", "euc_kr"})
# ... unless the best reads as text by far (nats per n-gram): Japanese with its kana against the
# same bytes as Big5 Han characters is 3; Chinese against Korean Hanja was at most 0.4.
KANA_OVER_HAN = 1.0
# How much more likely (log-likelihood ratio, nats, over the best reading's n-grams) the best
# reading must be than every other. Chosen on FLORES (bench/bench_charsets.py, 24 language and
# code page pairs): with the rules below, texts of 3 and 6 sentences were read right 97-98% of
# the time, refused the rest, never wrong (README "Encodings").
MARGIN = 4.0
# A reading whose n-grams nearly no profile knows is no text, however alone it is: Japanese in
# Shift_JIS read as GB18030 (charset-normalizer's only reading of it) is -9.8 (every n-gram
# unknown: -9.9); real Chinese, the lowest of FLORES' languages, -8.95 at worst.
TEXT_FLOOR = -9.4
# The same, when the best reading is not charset-normalizer's: one symbol read as a letter
# (`20 °C` as ISO-8859-14's `20 ḞC`) gains a few nats, a text's worth of right letters many.
OVERRULING = 12.0
SAMPLE = 64 * 1024  # bytes charset-normalizer and the judge read; a code page shows in the first pages
# No article holds these: C0 controls other than tab, line ends and form feed, and C1 controls
# (a Windows code page's quotes read as ISO-8859: `\x84Zitat\x93`).
_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")


@dataclass(frozen=True)
class Reading:
    encoding: str  # Python's name of the encoding
    fit: float  # language_profiles.fit of the text it gives: mean log-probability per n-gram
    ngrams: int  # how many n-grams that mean is over
    first: bool = False  # charset-normalizer's own best reading


@dataclass(frozen=True)
class Guess:
    best: Reading | None  # None: no candidate reads the bytes as text
    rival: Reading | None  # the next best reading that gives another text; None when there is none

    @property
    def sure(self) -> bool:
        if self.best is None or self.best.fit < TEXT_FLOOR:
            return False
        if self.rival is None:
            return True
        if not self.best.first and {self.best.encoding, self.rival.encoding} & MULTI_BYTE:
            return self.best.fit - self.rival.fit >= KANA_OVER_HAN
        return (self.best.fit - self.rival.fit) * self.best.ngrams >= (MARGIN if self.best.first else OVERRULING)


def guess(data: bytes) -> Guess:
    """The most likely legacy encoding of `data`, with the next best one that reads it otherwise."""
    import charset_normalizer

    from uebersetzer.language_profiles import fit

    sample = data[:SAMPLE]
    readings: dict[str, Reading] = {}  # text -> the first candidate that reads the bytes as it
    for match in charset_normalizer.from_bytes(sample, cp_isolation=list(CANDIDATES)):
        encoding = min({match.encoding, *match.could_be_from_charset} & set(CANDIDATES), key=CANDIDATES.index,
                       default=match.encoding)  # of those that read it alike, the most common one names it
        text = _read(data, encoding)
        if text is not None and not _CONTROL.search(text) and text not in readings:
            readings[text] = Reading(encoding, *fit(_telling(text)), first=not readings)
    for encoding in sorted(MULTI_BYTE - {reading.encoding for reading in readings.values()}):
        text = _read(data, encoding)  # a multi-byte encoding that reads every byte is a candidate too: charset-
        if text is not None and not _CONTROL.search(text) and text not in readings:  # normalizer missed some
            readings[text] = Reading(encoding, *fit(_telling(text)), first=not readings)
    ranked = sorted(readings.values(), key=lambda reading: -reading.fit)
    return Guess(ranked[0] if ranked else None, ranked[1] if len(ranked) > 1 else None)


def _telling(text: str) -> str:
    """The lines of a reading that are not ASCII: only they differ between readings (every
    candidate reads ASCII alike), and the fit judges the first few thousand characters, which
    in a page may be all markup."""
    return "\n".join(line for line in text.split("\n") if not line.isascii())


def _read(data: bytes, encoding: str) -> str | None:
    """The whole of `data` in `encoding` (charset-normalizer judged a sample), or None."""
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def named(encoding: str) -> str:
    """An encoding as users and HTML name it: windows-1256 and iso-8859-7, not cp1256 and iso8859_7."""
    name = codecs.lookup(encoding).name
    if re.fullmatch(r"cp125\d", name):
        return "windows-" + name[2:]
    return re.sub(r"^iso8859-(\d+)$", r"iso-8859-\1", name)


def as_browsers_read(label: str) -> str:
    """"as windows-1252, as browsers do" for a label that browsers (WHATWG) read as another
    encoding than the one it names (`iso-8859-1`, `latin1`, `ascii`: windows-1252; `gb2312`:
    GBK); "" for one they read as what it says. A message names the label as the file writes it
    (the user searches the file for it), and then this, which is what the bytes were read as."""
    codec = python_codec(label)
    try:
        own = codecs.lookup(label.strip()).name
    except LookupError:
        own = None
    if codec is None or own == codec:
        return ""
    return f"as {named(codec)}, as browsers do"


def python_codec(label: str) -> str | None:
    """The Python codec for an encoding's label: a WHATWG label as a browser reads it (an HTML
    page's `latin1` is windows-1252, `gb2312` is GBK), else Python's name; None if unknown.
    A page declaring UTF-16 that reached here has no byte-order mark: it is read as UTF-8, as
    browsers do."""
    import webencodings

    found = webencodings.lookup(label.strip())
    name = found.name if found is not None else label.strip()
    if name.lower() in ("utf-16le", "utf-16be", "utf-16"):
        return "utf-8"
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None
