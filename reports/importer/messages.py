"""The importer's reasons and warnings in the desk's language (Indonesian). Pure.

The reader (`sources.py`) and the parser explain themselves in English sentences,
which the command prints. The import page shows them to editors in Indonesian: each
known sentence is matched here and said again; a sentence not known here (a new
warning the parser learnt) is shown as written, so nothing is ever hidden.

A warning also gets a `kind`, so that the import page's own checks and the parser's
warnings about the same thing are shown once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class RecordWarning:
    """A sentence for the editor, and what it is about (`no_published_date`,
    `unit_region:Polres X`, ...) so that two checks of one thing show once."""

    kind: str
    text: str

    def as_dict(self) -> dict[str, str]:
        return {"kind": self.kind, "text": self.text}


# Why a file was refused (reports/importer/sources.py, parse.py, pipeline.py).
_REASONS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^the file is empty$", re.I), "berkas kosong"),
    (re.compile(r"^the text is empty\.?$", re.I), "teksnya kosong"),
    (
        re.compile(r"^the file is ([\d.]+) MB, more than the (\d+) MB", re.I),
        "berkas berukuran {0} MB, melebihi batas {1} MB untuk satu berita",
    ),
    (
        re.compile(r"^the file is binary, not text \(it contains NUL bytes\)", re.I),
        "berkas biner, bukan teks (berisi byte NUL)",
    ),
    (
        re.compile(r"^the file is binary, not text", re.I),
        "berkas biner, bukan teks (penuh karakter kendali)",
    ),
    (
        re.compile(r"^the file is not UTF-8 text \(byte (0x[0-9a-f]{2}) at position (\d+)", re.I),
        "bukan teks UTF-8 (byte {0} di posisi {1} tidak dapat dibaca)",
    ),
    (re.compile(r"^the article is not text\.?$", re.I), "bukan teks"),
    (re.compile(r"^no headline was found", re.I), "judul berita tidak ditemukan"),
    (
        re.compile(r"^no article body was found", re.I),
        "isi berita tidak ditemukan setelah judul",
    ),
    (
        re.compile(
            r"^the (?:article could not be parsed|parser failed on this text) \((\w+)\)", re.I
        ),
        "pengurai gagal membaca teks ini ({0})",
    ),
]

# What the parser could not decide (parse.py, stage 16 of docs/importer.md).
_WARNINGS: list[tuple[re.Pattern[str], str, str]] = [
    (
        re.compile(r"^No publication date was found", re.I),
        "no_published_date",
        "Tanggal terbit tidak ditemukan di halaman.",
    ),
    (
        re.compile(r"^No event date", re.I),
        "no_event_date",
        "Tanggal kejadian (“Hari (t/b/tttt)”) tidak ditemukan di dalam berita.",
    ),
    (
        re.compile(r"^The region of (.+) could not be resolved", re.I),
        "unit_region:{0}",
        "Wilayah {0} tidak dapat ditentukan.",
    ),
    (
        re.compile(r"^No police unit was found", re.I),
        "no_unit",
        "Tidak ada satuan polisi yang disebut.",
    ),
    (
        re.compile(r"^The story names neither", re.I),
        "no_election",
        "Berita tidak menyebut Pemilu 2024 maupun Pilkada 2024.",
    ),
    (
        re.compile(r"^The province could not be decided", re.I),
        "no_province",
        "Provinsi tidak dapat ditentukan.",
    ),
    (
        re.compile(r"^(\d+) quote\(s\) have no identified speaker", re.I),
        "no_speaker",
        "{0} kutipan tanpa pembicara yang dikenali.",
    ),
    (
        re.compile(r"^The body is very short \((\d+) words\)", re.I),
        "short_body",
        "Isi berita sangat pendek ({0} kata): periksa apakah halamannya lengkap.",
    ),
    (
        re.compile(r"^The body is very long \((\d+) words\)", re.I),
        "long_body",
        "Isi berita sangat panjang ({0} kata): periksa apakah ada berita lain yang ikut.",
    ),
    (
        re.compile(r"^No outlet was found", re.I),
        "no_outlet",
        "Media tidak ditemukan di halaman.",
    ),
    (
        re.compile(r"^The text is very long; only its first ([\d,]+) characters", re.I),
        "truncated",
        "Teks sangat panjang; hanya {0} karakter pertama yang dibaca.",
    ),
]


def reason(message: str) -> str:
    """Why a file was refused, in Indonesian: `the file is empty` -> `berkas kosong`."""
    message = message.strip()
    for pattern, wording in _REASONS:
        if match := pattern.search(message):
            return wording.format(*match.groups())
    return message


def parser_warning(message: str) -> RecordWarning:
    """One of the parser's `record.warnings`, in Indonesian, with its kind."""
    for pattern, kind, wording in _WARNINGS:
        if match := pattern.search(message.strip()):
            groups = match.groups()
            return RecordWarning(kind.format(*groups), wording.format(*groups))
    return RecordWarning(f"parser:{message}", message)


def combine(own: list[RecordWarning], from_parser: list[str]) -> list[RecordWarning]:
    """The page's own checks, then the parser's warnings about anything else."""
    kinds = {warning.kind for warning in own}
    combined = list(own)
    for message in from_parser:
        warning = parser_warning(message)
        if warning.kind not in kinds:
            kinds.add(warning.kind)
            combined.append(warning)
    return combined
