"""Reading raw article files safely: one clear reason for every file that is refused.

Pure (no database). The command and the admin's upload both read through here, so
an empty file, a binary or non-UTF-8 file, or an oversized one is refused the same
way everywhere, before the parser sees it.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Iterator
from pathlib import Path

from .records import ParseError

# An article page is a few kilobytes; the longest real press release is well under
# 100 KB. Anything past 1 MiB is not one article (a dump, a binary, a wrong file).
MAX_BYTES = 1024 * 1024
ARTICLE_SUFFIXES = {".txt"}


def decode_article_bytes(data: bytes) -> str:
    """Bytes of one article to text, or ParseError saying why they are not one."""
    if not data.strip():
        raise ParseError("the file is empty")
    if len(data) > MAX_BYTES:
        raise ParseError(
            f"the file is {len(data) / 1024 / 1024:.1f} MB, more than the "
            f"{MAX_BYTES // 1024 // 1024} MB an article can be"
        )
    if b"\x00" in data:
        raise ParseError("the file is binary, not text (it contains NUL bytes)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ParseError(
            f"the file is not UTF-8 text (byte 0x{data[error.start]:02x} at position "
            f"{error.start} cannot be decoded)"
        ) from None
    control = sum(
        1 for char in text if unicodedata.category(char) == "Cc" and char not in "\n\r\t\f"
    )
    if control > max(8, len(text) // 100):
        raise ParseError("the file is binary, not text (it is full of control characters)")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_article_file(path: Path) -> str:
    """The text of one article file, or ParseError naming the reason it is refused."""
    try:
        if not path.exists():
            raise ParseError("no such file")
        if path.is_dir():
            raise ParseError("is a directory, not an article file")
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise ParseError(
                f"the file is {size / 1024 / 1024:.1f} MB, more than the "
                f"{MAX_BYTES // 1024 // 1024} MB an article can be"
            )
        data = path.read_bytes()
    except OSError as error:
        raise ParseError(f"cannot be read ({error.strerror or error})") from None
    return decode_article_bytes(data)


def expand_paths(paths: Iterable[Path]) -> Iterator[Path]:
    """Each path as given; a directory becomes its article files, sorted by name.

    A path that does not exist is passed through so that the caller reports it.
    """
    for path in paths:
        if path.is_dir():
            yield from sorted(
                child
                for child in path.rglob("*")
                if child.is_file() and child.suffix.lower() in ARTICLE_SUFFIXES
            )
        else:
            yield path
