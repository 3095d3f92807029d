"""Which checks run on a catalog: one decision for the translate run, `uebersetzer qa` and
the review page, so all three report the same problems for the same PO file.

The decision depends on the engine that last filled the catalog: pseudo-localization is no
translation ("[Ŧŕúúɱþ]" is meant to be longer, bracketed and in no language), so the checks
that judge a real translation's language and length say nothing useful about it.
A translate run writes its engine's name into the catalog's header (ENGINE_HEADER); a
catalog without that field (older runs, other tools) gets every check.
"""

from __future__ import annotations

from typing import Mapping

ENGINE_HEADER = "X-Uebersetzer-Engine"

# kinds that judge whether text is a real translation: meaningless on pseudo-localized text
NOT_FOR_PSEUDO_LOCALIZATION = frozenset({"length", "untranslated", "language"})
SKIPPED_BY_ENGINE: dict[str, frozenset[str]] = {"pseudo": NOT_FOR_PSEUDO_LOCALIZATION}


def skipped_kinds(engine_name: str) -> frozenset[str]:
    """The check kinds not run on translations this engine wrote."""
    return SKIPPED_BY_ENGINE.get(engine_name, frozenset())


def catalog_engine(metadata: Mapping[str, str]) -> str:
    """The engine the catalog's last translate run used; "" when the header does not say."""
    return (metadata.get(ENGINE_HEADER) or "").strip()


def skipped_for_catalog(metadata: Mapping[str, str]) -> frozenset[str]:
    """The check kinds not run on this catalog, by its header."""
    return skipped_kinds(catalog_engine(metadata))
