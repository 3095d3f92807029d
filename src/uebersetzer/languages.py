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
from typing import Sequence

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


# Languages whose script is written right to left (Arabic, Hebrew, Persian, Urdu, Pashto, Sindhi,
# Uyghur, Yiddish, Dhivehi, Sorani): the direction HTML's `dir`, the review page and the
# bidirectional controls of a translated sentence say for them.
RIGHT_TO_LEFT = frozenset({"ar", "he", "fa", "ur", "ps", "sd", "ug", "yi", "dv", "ckb"})


def direction(code: str) -> str:
    """"rtl" for a language written right to left, else "ltr" (an Argos code, or a BCP 47 or
    gettext spelling: `ar_EG`, `he-IL`)."""
    return "rtl" if (to_argos(code) or code) in RIGHT_TO_LEFT else "ltr"


def locale_name(code: str) -> str:
    """The gettext locale name for an Argos code: pb -> pt_BR, zt -> zh_TW, de -> de."""
    return _LOCALES.get(code, code)


def language_tag(code: str) -> str:
    """The BCP 47 tag for an Argos code, as HTML's `lang` and `Content-Language` write it: pb ->
    pt-BR, zt -> zh-TW, de -> de."""
    return locale_name(code).replace("_", "-")


# gettext's script modifiers (`sr@latin`) as BCP 47 script subtags
_SCRIPT_MODIFIERS = {"latin": "Latn", "cyrillic": "Cyrl", "arabic": "Arab", "devanagari": "Deva", "greek": "Grek",
                     "hebrew": "Hebr"}


def bcp47_tag(spelled: str) -> str:
    """A language as a PO header or folder spells it (a gettext locale `zh_CN`, `sr@latin`,
    `de_DE.UTF-8`, or an Argos code `zt`) as a BCP 47 tag for HTML's `lang` (`zh-CN`,
    `sr-Latn`, `de-DE`, `zh-TW`), its country kept: `zh_CN` is no tag, and a browser that
    reads it as none picks a CJK font by guess. "" for ""."""
    text = spelled.strip()
    modifier = text.partition("@")[2].lower()
    base = _SUFFIX.sub("", text)
    subtags = locale_name(base).replace("_", "-").split("-") if base else []
    if subtags and modifier in _SCRIPT_MODIFIERS:
        subtags.insert(1, _SCRIPT_MODIFIERS[modifier])
    return "-".join(subtags)


# The country Open Graph's `og:locale` (ll_CC) names for a language that says none: the one
# CLDR's likely subtags give (en -> en_US, fr -> fr_FR, es -> es_ES), but Portugal's for `pt`,
# as Argos' `pb` is Brazil's. Esperanto has no country: its locale is the language alone.
_COUNTRIES = {
    "af": "ZA", "ar": "EG", "az": "AZ", "bg": "BG", "bn": "BD", "ca": "ES", "cs": "CZ", "cy": "GB", "da": "DK",
    "de": "DE", "el": "GR", "en": "US", "es": "ES", "et": "EE", "eu": "ES", "fa": "IR", "fi": "FI", "fr": "FR",
    "ga": "IE", "gl": "ES", "gu": "IN", "he": "IL", "hi": "IN", "hr": "HR", "hu": "HU", "id": "ID", "it": "IT",
    "ja": "JP", "kn": "IN", "ko": "KR", "ky": "KG", "lt": "LT", "lv": "LV", "mk": "MK", "ml": "IN", "mr": "IN",
    "ms": "MY", "nb": "NO", "ne": "NP", "nl": "NL", "pa": "IN", "pl": "PL", "pt": "PT", "ro": "RO", "ru": "RU",
    "sk": "SK", "sl": "SI", "so": "SO", "sq": "AL", "sr": "RS", "sv": "SE", "sw": "TZ", "ta": "IN", "te": "IN",
    "th": "TH", "tl": "PH", "tr": "TR", "uk": "UA", "ur": "PK", "vi": "VN",
}
_COUNTRY_LOCALE = re.compile(r"([a-zA-Z]{2,3})[-_]([a-zA-Z]{2}|\d{3})")


def territorial_locale(code: str, source_locale: str = "", editions: Sequence[str] = ()) -> str:
    """An Argos code as a locale naming a country (ll_CC), as Open Graph's `og:locale` wants
    it: one that names its own (pb -> pt_BR, zt -> zh_TW); the country of `source_locale` when
    that is of the same language (de_AT stays de_AT for de), else of the first of the page's
    other `editions` (`og:locale:alternate`) in that language (en_GB: the site's English
    edition); else the language's usual one (_COUNTRIES: en -> en_US); else the language alone."""
    own = locale_name(code)
    if "_" in own:
        return own
    for named in (source_locale, *editions):
        locale = _COUNTRY_LOCALE.fullmatch(named.strip())
        if locale and to_argos(named.strip()) == code:  # pt_BR is pb's, not pt's
            return f"{code}_{locale.group(2).upper()}"
    return f"{code}_{_COUNTRIES[code]}" if code in _COUNTRIES else code


def same_locale(first: str, second: str) -> bool:
    """Do two locales as pages write them name the same one (en-us, en_US)?"""
    return first.strip().replace("-", "_").lower() == second.strip().replace("-", "_").lower()


# The shapes of BCP 47 subtags after the language (RFC 5646, 2.1): a script is four letters
# (sr-Cyrl, zh-Hant), a region two letters or three digits (pt-BR, es-419). Three patterns of a
# fixed syntax: not worth a locale library as a dependency. gettext writes a script as a
# modifier (sr_RS@latin).
_SCRIPT = re.compile(r"[a-z]{4}")
_REGION = re.compile(r"[a-z]{2}|[0-9]{3}")


def dropped_region(spelled: str) -> str:
    """The region a --to spelling names that its output folder and PO `Language` do not keep
    (`fr_CA` -> "the region CA", `de_DE.UTF-8` -> "the region DE", `zh-HK` -> "the region HK":
    zh_TW); "" when there is none (`fr`, `pt-BR`, `zh-Hant`, `sr@latin`)."""
    code = to_argos(spelled)
    if code is None:
        return ""
    subtags = _SUFFIX.sub("", spelled.strip()).lower().replace("_", "-").split("-")[1:]
    regions = [subtag for subtag in subtags if _REGION.fullmatch(subtag)]
    kept = locale_name(code).lower().replace("_", "-").split("-")[1:]
    return next((f"the region {region.upper()}" for region in regions if region not in kept), "")


def told_apart(spellings: Sequence[str]) -> str:
    """What the spellings of one language differ in, as a warning names it: "regional variants"
    (en, en-GB), "scripts" (sr-Cyrl, sr-Latn), "regional variants and scripts", or "variants"."""
    kinds = set()
    for spelling in spellings:
        code, _, modifier = spelling.strip().lower().partition("@")
        for subtag in _SUFFIX.sub("", code).replace("_", "-").split("-")[1:]:
            kinds.add("scripts" if _SCRIPT.fullmatch(subtag) else
                      "regional variants" if _REGION.fullmatch(subtag) else "variants")
        if modifier:
            kinds.add("scripts" if modifier in _SCRIPT_MODIFIERS else "variants")
    ordered = [kind for kind in ("regional variants", "scripts", "variants") if kind in kinds]
    return " and ".join(ordered) or "variants"
