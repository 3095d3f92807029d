"""The catalog side: PO files and translation memories.

`merge.py` reads an existing PO file and decides each entry the way msgmerge does (with
`fuzzy.py`'s index for edited sentences),
`pofile.py` writes PO files as GNU gettext lays them out, `memory.py` is the translation
memory, `tmx.py` its exchange format. The render stage does not import any of it: the pipeline hands render one
translation per segment.
"""
