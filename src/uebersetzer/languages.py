"""Language codes. Inside, ISO 639-1 as Argos Translate spells them (plus its `pb` and `zt`);
at the edges, what users and tools write.

| written by the user (BCP 47 or gettext)       | Argos code | output folder and PO `Language` |
| --------------------------------------------- | ---------- | ------------------------------- |
| `pt-BR`, `pt_BR`                              | `pb`       | `pt_BR`                         |
| `zh-TW`, `zh_TW`, `zh-Hant`, `zh-HK`          | `zt`       | `zh_TW`                         |
| `zh-CN`, `zh_CN`, `zh-Hans`, `zh`             | `zh`       | `zh_CN`                         |
| `no`, `nb`, `nb_NO`                           | `nb`       | `nb`                            |
| `de-DE`, `de_DE.UTF-8`, `de`                  | `de`       | `de`                            |

Gettext locale names are what Poedit, Weblate and msginit expect in the `Language` header
and what `LINGUAS`/locale folders are named after; `pb` and `zt` mean nothing to them.
langdetect's `no` (Norwegian) is Bokmål, Argos' `nb`.
"""

from __future__ import annotations

import re

from uebersetzer.errors import UsageError

NAMES = {
    "af": "Afrikaans", "ar": "Arabic", "az": "Azerbaijani", "bg": "Bulgarian", "bn": "Bengali",
    "ca": "Catalan", "cs": "Czech", "cy": "Welsh", "da": "Danish", "de": "German", "el": "Greek",
    "en": "English", "eo": "Esperanto", "es": "Spanish", "et": "Estonian", "eu": "Basque",
    "fa": "Persian", "fi": "Finnish", "fr": "French", "ga": "Irish", "gl": "Galician", "gu": "Gujarati",
    "he": "Hebrew", "hi": "Hindi", "hr": "Croatian", "hu": "Hungarian", "id": "Indonesian",
    "it": "Italian", "ja": "Japanese", "kn": "Kannada", "ko": "Korean", "ky": "Kyrgyz",
    "lt": "Lithuanian", "lv": "Latvian", "mk": "Macedonian", "ml": "Malayalam", "mr": "Marathi",
    "ms": "Malay", "nb": "Norwegian Bokmål", "ne": "Nepali", "nl": "Dutch",
    "pa": "Punjabi", "pb": "Portuguese (Brazil)", "pl": "Polish", "pt": "Portuguese", "ro": "Romanian",
    "ru": "Russian", "sk": "Slovak", "sl": "Slovenian", "so": "Somali", "sq": "Albanian",
    "sr": "Serbian", "sv": "Swedish", "sw": "Swahili", "ta": "Tamil", "te": "Telugu", "th": "Thai",
    "tl": "Tagalog", "tr": "Turkish", "uk": "Ukrainian", "ur": "Urdu", "vi": "Vietnamese",
    "zh": "Chinese", "zt": "Chinese (traditional)",
}

# BCP 47 / gettext spellings (lower case, "-" between subtags) -> Argos codes, where the
# language subtag alone is not the answer.
_ALIASES = {
    "no": "nb", "nb-no": "nb", "no-no": "nb",
    "pt-br": "pb",
    "zh-tw": "zt", "zh-hant": "zt", "zh-hk": "zt", "zh-mo": "zt", "zh-hant-tw": "zt", "zh-hant-hk": "zt",
    "zh-cn": "zh", "zh-hans": "zh", "zh-sg": "zh", "zh-hans-cn": "zh",
}
# Argos codes -> gettext locale names, for output folders and the PO Language header.
_LOCALES = {"pb": "pt_BR", "zt": "zh_TW", "zh": "zh_CN"}
_SUFFIX = re.compile(r"[.@].*$")  # de_DE.UTF-8, sr_RS@latin: the charset and modifier


def to_argos(code: str) -> str | None:
    """The Argos code for a BCP 47 or gettext spelling, or None when it names no language we know."""
    normalized = _SUFFIX.sub("", code.strip()).lower().replace("_", "-")
    if normalized in _ALIASES:
        return _ALIASES[normalized]
    if normalized in NAMES:
        return normalized
    language = normalized.split("-")[0]
    return _ALIASES.get(language, language) if language in NAMES or language in _ALIASES else None


def check_language(code: str, option: str = "language") -> str:
    found = to_argos(code)
    if found is not None:
        return found
    raise UsageError(f"unknown language code {code!r} for {option}; use ISO 639-1 codes such as de, en, fr, "
                     f"or locale names such as pt_BR, zh-TW")


def locale_name(code: str) -> str:
    """The gettext locale name for an Argos code: pb -> pt_BR, zt -> zh_TW, de -> de."""
    return _LOCALES.get(code, code)
