"""The importer's reasons and warnings in the desk's language (Indonesian). Pure.

The reader (`sources.py`) and the parser explain themselves in English sentences,
which the command prints. The import page shows them to editors in Indonesian: each
known sentence is matched here and said again; a sentence not known here (a new
warning the parser learnt) is shown as written, so nothing is ever hidden.

What is stored (an item's warnings, error and message) stays in Indonesian;
`localise` says it again in the active language when the import page shows it
(the wordings below are the catalogue's msgids, docs/i18n.md).

A warning also gets a `kind`, so that the import page's own checks and the parser's
warnings about the same thing are shown once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.translation import gettext, gettext_noop


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
    (re.compile(r"^the file is empty$", re.I), gettext_noop("berkas kosong")),
    (re.compile(r"^the text is empty\.?$", re.I), gettext_noop("teksnya kosong")),
    (
        re.compile(r"^the file is ([\d.]+) MB, more than the (\d+) MB", re.I),
        gettext_noop("berkas berukuran {0} MB, melebihi batas {1} MB untuk satu berita"),
    ),
    (
        re.compile(r"^the file is binary, not text \(it contains NUL bytes\)", re.I),
        gettext_noop("berkas biner, bukan teks (berisi byte NUL)"),
    ),
    (
        re.compile(r"^the file is binary, not text", re.I),
        gettext_noop("berkas biner, bukan teks (penuh karakter kendali)"),
    ),
    (
        re.compile(r"^the file is not UTF-8 text \(byte (0x[0-9a-f]{2}) at position (\d+)", re.I),
        gettext_noop("bukan teks UTF-8 (byte {0} di posisi {1} tidak dapat dibaca)"),
    ),
    (re.compile(r"^the article is not text\.?$", re.I), gettext_noop("bukan teks")),
    (re.compile(r"^no headline was found", re.I), gettext_noop("judul berita tidak ditemukan")),
    (
        re.compile(r"^no article body was found", re.I),
        gettext_noop("isi berita tidak ditemukan setelah judul"),
    ),
    (
        re.compile(
            r"^the (?:article could not be parsed|parser failed on this text) \((\w+)\)", re.I
        ),
        gettext_noop("pengurai gagal membaca teks ini ({0})"),
    ),
]

# What the parser could not decide (parse.py; docs/importer.md, "Stage by stage").
_WARNINGS: list[tuple[re.Pattern[str], str, str]] = [
    (
        re.compile(r"^No publication date was found", re.I),
        "no_published_date",
        gettext_noop("Tanggal terbit tidak ditemukan di halaman."),
    ),
    (
        re.compile(r"^No event date", re.I),
        "no_event_date",
        gettext_noop("Tanggal kejadian (“Hari (t/b/tttt)”) tidak ditemukan di dalam berita."),
    ),
    (
        re.compile(r"^The region of (.+) could not be resolved", re.I),
        "unit_region:{0}",
        gettext_noop("Wilayah {0} tidak dapat ditentukan."),
    ),
    (
        re.compile(r"^No police unit was found", re.I),
        "no_unit",
        gettext_noop("Tidak ada satuan polisi yang disebut."),
    ),
    (
        re.compile(r"^The story names neither", re.I),
        "no_election",
        gettext_noop("Berita tidak menyebut Pemilu 2024 maupun Pilkada 2024."),
    ),
    (
        re.compile(r"^The province could not be decided", re.I),
        "no_province",
        gettext_noop("Provinsi tidak dapat ditentukan."),
    ),
    (
        re.compile(r"^(\d+) quote\(s\) have no identified speaker", re.I),
        "no_speaker",
        gettext_noop("{0} kutipan tanpa pembicara yang dikenali."),
    ),
    (
        re.compile(r"^The body is very short \((\d+) words\)", re.I),
        "short_body",
        gettext_noop("Isi berita sangat pendek ({0} kata): periksa apakah halamannya lengkap."),
    ),
    (
        re.compile(r"^The body is very long \((\d+) words\)", re.I),
        "long_body",
        gettext_noop(
            "Isi berita sangat panjang ({0} kata): periksa apakah ada berita lain yang ikut."
        ),
    ),
    (
        re.compile(r"^No outlet was found", re.I),
        "no_outlet",
        gettext_noop("Media tidak ditemukan di halaman."),
    ),
    (
        re.compile(r"^The text is very long; only its first ([\d,]+) characters", re.I),
        "truncated",
        gettext_noop("Teks sangat panjang; hanya {0} karakter pertama yang dibaca."),
    ),
]


# What else the import stores for the page (batches.py's own checks and outcomes,
# uploads.py's refusals), as `localise` recognises it: {0}, {1} stand for the parts
# that vary (a name, a number).
_STORED: list[str] = [
    gettext_noop("Satuan “{0}” belum ada di arsip: akan dibuat dan ditandai perlu diperiksa."),
    gettext_noop("Provinsi “{0}” tidak ada di data wilayah."),
    gettext_noop("Kabupaten/kota “{0}” tidak ada di data wilayah."),
    gettext_noop(
        "Kabupaten/kota tidak dapat ditentukan, padahal berita ini tentang satuan "
        "tingkat Polres atau Polsek."
    ),
    gettext_noop(
        "Isi berita sangat panjang ({0} kata): periksa apakah ada berita lain yang ikut terbawa."
    ),
    gettext_noop("Tidak diimpor atas pilihan editor."),
    gettext_noop("Teks yang sama dengan berkas “{0}” di unggahan ini."),
    gettext_noop("Teks yang sama sudah ada di arsip: “{0}”."),
    gettext_noop("Disimpan sebagai draf."),
    gettext_noop("Disimpan sebagai draf. Digabung ke peristiwa “{0}”."),
    gettext_noop("tidak dibaca: melebihi batas {0} berkas dalam satu unggahan"),
    gettext_noop("bukan berkas .txt atau .zip"),
    gettext_noop("arsip zip {0} MB, melebihi batas {1} MB"),
    gettext_noop("bukan arsip zip yang sah"),
    gettext_noop("arsip zip tidak berisi berkas"),
    gettext_noop("arsip zip berisi {0} berkas, melebihi batas {1}"),
    gettext_noop(
        "isi arsip zip {0} MB setelah diekstrak, melebihi batas {1} MB untuk satu unggahan"
    ),
    gettext_noop("tidak dapat dibuka ({0})"),
    gettext_noop("berkas terenkripsi"),
    gettext_noop("jalur “{0}” keluar dari folder arsip (../ atau jalur mutlak)"),
    gettext_noop("bukan berkas .txt"),
    gettext_noop("melebihi batas {0} MB untuk satu unggahan"),
]


def _recogniser(wording: str) -> re.Pattern[str]:
    """The stored text a wording makes, its {0}, {1} as groups g0, g1."""
    pattern = re.sub(r"\\\{(\d)\\\}", r"(?P<g\1>.+?)", re.escape(wording))
    return re.compile(f"^{pattern}$", re.S)


_LOCALISABLE: list[tuple[re.Pattern[str], str]] = [
    (_recogniser(wording), wording)
    for wording in dict.fromkeys(
        [wording for _, wording in _REASONS] + [wording for _, _, wording in _WARNINGS] + _STORED
    )
]


def localise(text: str) -> str:
    """A stored Indonesian sentence in the active language; any other text as it is."""
    for pattern, wording in _LOCALISABLE:
        if match := pattern.match(text):
            groups = match.groupdict()
            return gettext(wording).format(*(groups[f"g{i}"] for i in range(len(groups))))
    return text


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
