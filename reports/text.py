"""Clean text: what may be stored and served (docs/data-model.md, "Clean text").

One function for every write path. The importer runs every text it parses through
it (reports/importer/chrome.py), and the models' text fields run every value they
save through it (reports/models/fields.py), so that an editor pasting from a word
processor (a vertical tab, U+000B, is Word's line break) or a script calling
`QuerySet.update()` cannot store what a feed, a CSV cell or PostgreSQL refuses.
"""

from __future__ import annotations

import re

# C0 controls but tab and line feed, DEL, and the C1 controls: U+0000-U+0008,
# U+000B-U+001F, U+007F-U+009F. Carriage returns are line ends, unified first.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# Lone UTF-16 surrogates: no encoding can write them (UTF-8 refuses them).
_SURROGATE = re.compile(r"[\ud800-\udfff]")
_LINE_BREAK = re.compile(r"[\t\n]")
# What XML 1.0 cannot carry at all: controls but tab, LF and CR, surrogates, and the
# non-characters U+FFFE and U+FFFF (https://www.w3.org/TR/xml/#charsets).
_NOT_XML = re.compile(r"[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def clean_text(text: str, *, multiline: bool = True) -> str:
    """`text` with line ends unified to LF, each control character a space, lone
    surrogates removed; with `multiline=False` (a title, a name) tabs and line
    breaks become spaces too. Idempotent; never longer than `text`."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _SURROGATE.sub("", _CONTROL.sub(" ", text))
    if not multiline:
        text = _LINE_BREAK.sub(" ", text)
    return text


def xml_safe(text: str) -> str:
    """`text` without what XML 1.0 cannot carry (for the feeds: defence in depth
    behind the models' own cleaning)."""
    return _NOT_XML.sub("", text)
