"""Indonesia's administrative areas (idn-area-data, ODbL): pure, cached look-ups.

Provinces (`35`), regencies and cities (`35.07`) and districts (`35.07.01`) from
`reports/data/idn-area/*.csv`. Names are looked up case-, space- and
punctuation-insensitively, so `Palangka Raya` finds `Kota Palangkaraya` and
`Bau-Bau` finds `Kota Baubau`; a regency name may carry `Kabupaten`, `Kab.` or `Kota`.
No Django here: the migrations load regions through these functions too.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parents[1] / "data" / "idn-area"

PROVINCE = "province"
REGENCY = "regency"
DISTRICT = "district"

# Short and older province names the press uses in place of the official one
# ("KPU Prov. Kalteng", "Polda Jatim", "DKI Jakarta", "Provinsi DIY", "Babel").
PROVINCE_ALIASES: dict[str, str] = {
    "nad": "11",
    "nanggroe aceh darussalam": "11",
    "sumut": "12",
    "sumbar": "13",
    "sumsel": "16",
    "babel": "19",
    "bangka belitung": "19",
    "kepri": "21",
    "dki": "31",
    "dki jakarta": "31",
    "jakarta": "31",
    "daerah khusus jakarta": "31",
    "jabar": "32",
    "jateng": "33",
    "diy": "34",
    "di yogyakarta": "34",
    "yogyakarta": "34",
    "jogja": "34",
    "jatim": "35",
    "ntb": "52",
    "ntt": "53",
    "kalbar": "61",
    "kalteng": "62",
    "kalsel": "63",
    "kaltim": "64",
    "kaltara": "65",
    "sulut": "71",
    "sulteng": "72",
    "sulsel": "73",
    "sultra": "74",
    "sulbar": "76",
    "malut": "82",
    "pabar": "92",
    "papua barat daya": "96",
}

# Words a regency name may start with in running text ("Kab. Malang", "Kabupaten
# Malang", "Kota Administrasi Jakarta Utara", "Pemkab Jember").
_REGENCY_KIND_PREFIX = re.compile(
    r"^(?:kabupaten administrasi|kota administrasi|kabupaten|kab\.?|kota|pemkab|pemkot)\s+",
    re.IGNORECASE,
)
_PROVINCE_PREFIX = re.compile(r"^(?:provinsi|prov\.?|propinsi)\s*", re.IGNORECASE)
_NOT_ALNUM = re.compile(r"[^0-9a-z]+")


@dataclass(frozen=True, slots=True)
class Area:
    """One province, regency/city or district with its official code."""

    code: str
    name: str
    level: str  # "province", "regency" or "district"
    parent_code: str | None

    @property
    def province_code(self) -> str:
        return self.code.split(".")[0]

    @property
    def is_city(self) -> bool:
        """A `Kota` (city) rather than a `Kabupaten` (regency)."""
        return self.level == REGENCY and self.name.startswith("Kota ")

    @property
    def bare_name(self) -> str:
        """The name without `Kabupaten`/`Kota [Administrasi]` (`Kota Malang` -> `Malang`)."""
        return _REGENCY_KIND_PREFIX.sub("", self.name) if self.level == REGENCY else self.name


def name_key(name: str) -> str:
    """Compare names ignoring case, spaces and punctuation (`Palangka Raya` = `Palangkaraya`)."""
    return _NOT_ALNUM.sub("", name.lower())


def _read(filename: str) -> list[dict[str, str]]:
    with (DATA_DIR / filename).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@cache
def _areas() -> dict[str, Area]:
    areas: dict[str, Area] = {}
    for row in _read("provinces.csv"):
        areas[row["code"]] = Area(row["code"], row["name"], PROVINCE, None)
    for row in _read("regencies.csv"):
        areas[row["code"]] = Area(row["code"], row["name"], REGENCY, row["province_code"])
    for row in _read("districts.csv"):
        areas[row["code"]] = Area(row["code"], row["name"], DISTRICT, row["regency_code"])
    return areas


@cache
def _index() -> dict[tuple[str, str], tuple[Area, ...]]:
    """(level, key) -> areas; regencies under their full and their bare name."""
    index: dict[tuple[str, str], list[Area]] = {}
    for area in _areas().values():
        keys = {name_key(area.name)}
        if area.level == REGENCY:
            keys.add(name_key(area.bare_name))
        for key in keys:
            index.setdefault((area.level, key), []).append(area)
    for alias, code in PROVINCE_ALIASES.items():
        index.setdefault((PROVINCE, name_key(alias)), []).append(_areas()[code])
    return {key: tuple(value) for key, value in index.items()}


def get(code: str) -> Area | None:
    """The area with this code, whatever its level."""
    return _areas().get((code or "").strip())


def province(code: str) -> Area | None:
    area = get(code)
    return area if area and area.level == PROVINCE else None


def regency(code: str) -> Area | None:
    area = get(code)
    return area if area and area.level == REGENCY else None


def district(code: str) -> Area | None:
    area = get(code)
    return area if area and area.level == DISTRICT else None


@cache
def provinces() -> tuple[Area, ...]:
    return tuple(a for a in _areas().values() if a.level == PROVINCE)


@cache
def regencies(province_code: str | None = None) -> tuple[Area, ...]:
    return tuple(
        a
        for a in _areas().values()
        if a.level == REGENCY and (province_code is None or a.parent_code == province_code)
    )


@cache
def districts(regency_code: str | None = None) -> tuple[Area, ...]:
    return tuple(
        a
        for a in _areas().values()
        if a.level == DISTRICT and (regency_code is None or a.parent_code == regency_code)
    )


@cache
def find_provinces(name: str) -> tuple[Area, ...]:
    """Provinces called `name`: `Jawa Timur`, `Provinsi Jawa Timur`, `Prov. Kalteng`, `DKI`."""
    key = name_key(_PROVINCE_PREFIX.sub("", name.strip()))
    return _index().get((PROVINCE, key), ()) if key else ()


@cache
def find_regencies(
    name: str, *, province_code: str | None = None, kind: str | None = None
) -> tuple[Area, ...]:
    """Regencies and cities called `name` (`Malang` gives both Kabupaten and Kota Malang).

    A leading `Kabupaten`/`Kab.`/`Kota` in `name` decides the kind unless `kind`
    ("kabupaten" or "kota") is given; `province_code` narrows the search.
    """
    text = name.strip()
    prefix = _REGENCY_KIND_PREFIX.match(text)
    if prefix and kind is None:
        word = prefix.group(0).lower()
        kind = "kota" if word.startswith(("kota", "pemkot")) else "kabupaten"
    key = name_key(_REGENCY_KIND_PREFIX.sub("", text))
    if not key:
        return ()
    found = _index().get((REGENCY, key), ())
    if kind == "kota":
        found = tuple(a for a in found if a.is_city)
    elif kind == "kabupaten":
        found = tuple(a for a in found if not a.is_city)
    if province_code:
        found = tuple(a for a in found if a.province_code == province_code)
    return found


@cache
def find_districts(
    name: str, *, regency_code: str | None = None, province_code: str | None = None
) -> tuple[Area, ...]:
    """Districts (kecamatan) called `name`, optionally within a regency or a province."""
    key = name_key(re.sub(r"^(?:kecamatan|kec\.?)\s+", "", name.strip(), flags=re.IGNORECASE))
    if not key:
        return ()
    found = _index().get((DISTRICT, key), ())
    if regency_code:
        found = tuple(a for a in found if a.parent_code == regency_code)
    if province_code:
        found = tuple(a for a in found if a.province_code == province_code)
    return found


def province_of(code: str) -> Area | None:
    """The province an area lies in (itself for a province)."""
    return province(code.split(".")[0]) if code else None


# The press shortens a regency of several words by taking the start of each word:
# "Halmahera Barat" is "Halbar", "Kotawaringin Barat" "Kobar", "Bolaang Mongondow"
# "Bolmong", "Hulu Sungai Selatan" "HSS", "Seram Bagian Barat" "SBB".
_SHORT_MIXED = re.compile(r"^[A-Z][a-z]{3,9}$")
_SHORT_CAPS = re.compile(r"^[A-Z]{2,5}$")


@cache
def _regency_words() -> tuple[tuple[Area, tuple[str, ...]], ...]:
    found = []
    for area in _areas().values():
        if area.level != REGENCY or area.is_city:
            continue
        words = tuple(
            _NOT_ALNUM.sub("", w.lower()) for w in area.bare_name.split() if w.lower() != "dan"
        )
        if len(words) >= 2 and all(words):
            found.append((area, words))
    return tuple(found)


def _prefixes_spell(letters: str, words: tuple[str, ...]) -> bool:
    """Whether `letters` is the start of each word in turn (at least one letter each)."""
    if not words:
        return not letters
    first = words[0]
    return any(
        letters[:size] == first[:size] and _prefixes_spell(letters[size:], words[1:])
        for size in range(1, min(len(first), len(letters) - len(words) + 1) + 1)
    )


@cache
def regencies_abbreviated(short: str) -> tuple[Area, ...]:
    """Kabupaten of two words or more that the press short form `short` stands for:
    `Halbar`, `Kobar`, `Lamsel`, `HSS`, `SBD`; every regency it may stand for."""
    if not (_SHORT_MIXED.match(short) or _SHORT_CAPS.match(short)):
        return ()
    letters = short.lower()
    return tuple(area for area, words in _regency_words() if _prefixes_spell(letters, words))
