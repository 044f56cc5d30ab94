"""What an editor uploads, as article texts: pasted text, `.txt` files, `.zip`s of them.

Pure (no database). Every file or zip member becomes one `UploadedText`: its text,
or the reason it cannot be one, so that a bad file is listed while the good ones go
on. A zip is read without extracting anything to disk, and is refused member by
member (a path that climbs out of the archive, `../x.txt`; not a `.txt`; too large;
encrypted) or as a whole (too many members, too many bytes once uncompressed, not a
zip at all). Members are read with a bounded read, so a zip bomb whose headers lie
about its sizes still costs at most `MAX_TOTAL_BYTES`.
"""

from __future__ import annotations

import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import BinaryIO

from . import messages
from .records import ParseError
from .sources import MAX_BYTES, decode_article_bytes

# An upload is a day's or a week's scraping: hundreds of articles of a few KB each.
MAX_FILES = 1000  # files and zip members in one upload
MAX_ZIP_MEMBERS = 1000
MAX_TOTAL_BYTES = 64 * 1024 * 1024  # uncompressed, the whole upload
MAX_ZIP_BYTES = 64 * 1024 * 1024  # the zip file itself
PASTED_NAME = "teks-tempel.txt"


@dataclass(frozen=True, slots=True)
class UploadedText:
    """One article's text as uploaded, or why it is not one.

    `name` is what the editor sees (`arsip.zip › berita/a.txt`); `source` is kept on
    the article for provenance (`arsip.zip/berita/a.txt`, or a pasted text's URL)."""

    name: str
    source: str
    text: str | None = None
    error: str | None = None


class UploadReader:
    """Collects the texts of one upload, keeping count against the limits."""

    def __init__(self) -> None:
        self._texts: list[UploadedText] = []
        self.total_bytes = 0
        self.overflow = 0  # files past MAX_FILES: counted, not listed one by one

    @property
    def texts(self) -> list[UploadedText]:
        """Every file's text or reason, in upload order; files past the limit as one line."""
        if not self.overflow:
            return list(self._texts)
        return [
            *self._texts,
            UploadedText(
                name=f"{self.overflow} berkas lainnya",
                source="",
                error=f"tidak dibaca: melebihi batas {MAX_FILES} berkas dalam satu unggahan",
            ),
        ]

    # --- Entry points ----------------------------------------------------------------

    def add_pasted(self, text: str, source: str = "") -> None:
        """A text pasted into the form; `source` is the URL it came from, if given."""
        data = text.encode("utf-8")
        self._add_bytes(PASTED_NAME, source.strip() or PASTED_NAME, data)

    def add_file(self, name: str, file: BinaryIO, size: int) -> None:
        """An uploaded file: a `.txt` article or a `.zip` of them."""
        name = PurePosixPath(name.replace("\\", "/")).name or "berkas"
        suffix = PurePosixPath(name).suffix.lower()
        if suffix == ".zip":
            self._add_zip(name, file, size)
        elif suffix == ".txt":
            if size > MAX_BYTES:
                self._refuse(name, name, _too_large(size))
            else:
                self._add_bytes(name, name, file.read(MAX_BYTES + 1))
        else:
            self._refuse(name, name, "bukan berkas .txt atau .zip")

    # --- Internals -------------------------------------------------------------------

    def _full(self) -> bool:
        if len(self._texts) >= MAX_FILES:
            self.overflow += 1
            return True
        return False

    def _refuse(self, name: str, source: str, error: str) -> None:
        if not self._full():
            self._texts.append(UploadedText(name=name, source=source, error=error))

    def _add_bytes(self, name: str, source: str, data: bytes) -> None:
        if self._full():
            return
        if self.total_bytes + len(data) > MAX_TOTAL_BYTES:
            self._refuse(name, source, _over_total())
            return
        self.total_bytes += len(data)
        try:
            text = decode_article_bytes(data)
        except ParseError as error:
            self._refuse(name, source, messages.reason(str(error)))
            return
        self._texts.append(UploadedText(name=name, source=source, text=text))

    def _add_zip(self, name: str, file: BinaryIO, size: int) -> None:
        if size > MAX_ZIP_BYTES:
            self._refuse(
                name, name, f"arsip zip {_mb(size)} MB, melebihi batas {_mb(MAX_ZIP_BYTES)} MB"
            )
            return
        try:
            archive = zipfile.ZipFile(file)
        except (zipfile.BadZipFile, OSError, ValueError):
            self._refuse(name, name, "bukan arsip zip yang sah")
            return
        with archive:
            members = [info for info in archive.infolist() if not info.is_dir()]
            if not members:
                self._refuse(name, name, "arsip zip tidak berisi berkas")
                return
            if len(members) > MAX_ZIP_MEMBERS:
                self._refuse(
                    name,
                    name,
                    f"arsip zip berisi {len(members)} berkas, melebihi batas {MAX_ZIP_MEMBERS}",
                )
                return
            claimed = sum(info.file_size for info in members)
            if self.total_bytes + claimed > MAX_TOTAL_BYTES:
                self._refuse(
                    name,
                    name,
                    f"isi arsip zip {_mb(claimed)} MB setelah diekstrak, melebihi batas "
                    f"{_mb(MAX_TOTAL_BYTES)} MB untuk satu unggahan",
                )
                return
            for info, problem in _members(members):
                member_name = f"{name} › {info.filename}"
                member_source = f"{name}/{info.filename}"
                if problem:
                    self._refuse(member_name, member_source, problem)
                    continue
                try:
                    with archive.open(info) as member:
                        data = member.read(MAX_BYTES + 1)
                except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError) as error:
                    self._refuse(member_name, member_source, f"tidak dapat dibuka ({error})")
                    continue
                except RuntimeError:  # encrypted without the flag said so
                    self._refuse(member_name, member_source, "berkas terenkripsi")
                    continue
                if len(data) > MAX_BYTES:
                    # The header said less: a bomb or a lie; read no further.
                    self._refuse(member_name, member_source, _too_large(len(data)))
                    continue
                self._add_bytes(member_name, member_source, data)


def _members(members: list[zipfile.ZipInfo]) -> Iterator[tuple[zipfile.ZipInfo, str | None]]:
    """Each member with the reason it is refused before reading, or None."""
    for info in members:
        path = info.filename.replace("\\", "/")
        parts = PurePosixPath(path).parts
        if path.startswith("/") or ".." in parts or (parts and parts[0].endswith(":")):
            yield info, f"jalur “{info.filename}” keluar dari folder arsip (../ atau jalur mutlak)"
        elif PurePosixPath(path).suffix.lower() != ".txt":
            yield info, "bukan berkas .txt"
        elif info.flag_bits & 0x1:
            yield info, "berkas terenkripsi"
        elif info.file_size > MAX_BYTES:
            yield info, _too_large(info.file_size)
        else:
            yield info, None


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:.1f}".replace(".", ",")


def _too_large(size: int) -> str:
    return (
        f"berkas berukuran {_mb(size)} MB, melebihi batas {MAX_BYTES // 1024 // 1024} MB "
        "untuk satu berita"
    )


def _over_total() -> str:
    return f"melebihi batas {_mb(MAX_TOTAL_BYTES)} MB untuk satu unggahan"
