"""Police unit vocabulary: canonical names and the regions units cover.

Pure and typed; used by the parser and by the database loader. Resolution reads
`reports/data/police_units.csv` (the sourced table of units whose name alone does not
decide their regency) and `reports/data/polda.csv` at run time, re-reading either file
when it changes, then falls back to the naming rule of docs/importer-contract.md:

- `Polres X` covers `Kabupaten X` if it exists, else `Kota X`;
- `Polres X Kota` / `Polresta X Kota` cover `Kota X`; `Polrestabes X` covers `Kota X`;
- `Polresta X` covers `Kota X` if it exists, else `Kabupaten X`;
- `Polres Metro X` is `Polres X` under Polda Metro Jaya (`Polres Metro Jakarta Utara`);
- `Polsek X` lies in district X of its Polres's regency, or of the province when
  several districts share the name.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import re
import time
from dataclasses import dataclass
from pathlib import Path

from reports.importer import areas

DATA_DIR = Path(__file__).resolve().parents[1] / "data"
UNITS_CSV = DATA_DIR / "police_units.csv"
POLDA_CSV = DATA_DIR / "polda.csv"

LEVELS = ("mabes", "polda", "polres", "polresta", "polrestabes", "polsek")

# The canonical prefix of each level ("Polresta Malang Kota", "Polsek Kaliwates").
LEVEL_PREFIX = {
    "polda": "Polda",
    "polres": "Polres",
    "polresta": "Polresta",
    "polrestabes": "Polrestabes",
    "polsek": "Polsek",
}

# Spelled-out unit names and their abbreviations, longest first: "Kepolisian Resor
# (Polres) Malang", "Kepolisian Resor Kota Besar Medan", "Kepolisian Daerah Jawa Timur",
# "Kepolisian Sektor (Polsek) Kaliwates"; "Polsekta" is an old Polsek in a city.
_SPELLED_LEVEL = (
    (re.compile(r"^kepolisian\s+daerah\b", re.I), "polda"),
    (re.compile(r"^kepolisian\s+resor(?:t)?\s+kota\s+besar\b", re.I), "polrestabes"),
    (re.compile(r"^kepolisian\s+resor(?:t)?\s+kota\b", re.I), "polresta"),
    (re.compile(r"^kepolisian\s+resor(?:t)?\b", re.I), "polres"),
    (re.compile(r"^kepolisian\s+sektor(?:\s+kota)?\b", re.I), "polsek"),
)
# "Polda Jatim", "Mapolres Malang" (the Polres HQ), "Kapolres Serang" (its chief),
# "Wakapolresta", "POLRESTABES MEDAN", "Polsekta Kaliwates", "Polres Kab. Malang".
_ABBREV_LEVEL = re.compile(
    r"^(?:ma|waka|ka)?(polrestabes|polresta|polres|polsekta|polsek|polda)\b\.?", re.I
)
# Places that are not a unit's place: "Polres jajaran", "Polsek se-Kabupaten", "Polda
# setempat", "Polres dan Polsek".
_GENERIC_PLACE = re.compile(
    r"^(?:jajaran|se-\w+|setempat|tersebut|terkait|dan|atau|serta|di|yang|dalam|untuk|"
    r"beserta|bersama|hingga|masing|wilayah|kota|kabupaten|kab|polsek|polres|polda)\b",
    re.I,
)
# "(Kalteng)" in "Polda Kalimantan Tengah (Kalteng)", "(Polres)" in "Kepolisian Resor (Polres)".
_PARENTHESES = re.compile(r"\([^()]{0,40}\)")
_SPACES = re.compile(r"\s+")
# "Polres Kab. Malang", "Polres Kabupaten Malang" -> the Kabupaten; "Polres Kota Malang".
_KIND_IN_PLACE = re.compile(r"^(kabupaten|kab\.?|kota)\s+", re.I)
# "Polres Metro Jakarta Utara", "Polres Metro Bekasi Kota": Polda Metro Jaya's units.
_METRO = re.compile(r"^metro\s+", re.I)
_KOTA_SUFFIX = re.compile(r"\s+kota$", re.I)

# Regencies of Jawa Barat and Banten that Polda Metro Jaya covers (docs/domain.md; source:
# https://id.wikipedia.org/wiki/Kepolisian_Daerah_Metropolitan_Jakarta_Raya): Kabupaten
# and Kota Bekasi, Kota Depok, Kota Tangerang, Kota Tangerang Selatan.
METRO_JAYA_REGENCIES = frozenset({"32.16", "32.75", "32.76", "36.71", "36.74"})
METRO_JAYA = "Polda Metro Jaya"


@dataclass(frozen=True, slots=True)
class UnitRef:
    """A police unit and the region it covers, as far as it can be resolved."""

    name: str
    level: str
    place: str
    province_code: str | None = None
    regency_code: str | None = None
    district_code: str | None = None
    polda: str | None = None
    parent: str | None = None

    @property
    def resolved(self) -> bool:
        """Whether the unit's region is known (a province for a Polda, else a regency)."""
        if self.level == "polda":
            return self.province_code is not None
        return self.regency_code is not None


@dataclass(frozen=True, slots=True)
class _Row:
    name: str
    level: str
    area_code: str | None
    polda: str | None


def _key(text: str) -> str:
    return areas.name_key(text)


_file_cache: dict[Path, tuple[int, object]] = {}
_checked: dict[Path, float] = {}
# Answers of canonical_unit_name/resolve_unit, keyed by the tables that gave them.
_memo: dict[tuple, object] = {}


def _fresh() -> tuple[int, int]:
    """Reload the tables if a CSV changed; which tables answer (part of a memo key)."""
    return id(_units()), id(_poldas())


def _load(path: Path, build):
    """Build a table from a CSV, again whenever the file changes (another helper edits it).

    The file's time stamp is looked at most once a second.
    """
    cached = _file_cache.get(path)
    now = time.monotonic()
    if cached and now - _checked.get(path, -10.0) < 1.0:
        return cached[1]
    _checked[path] = now
    try:
        stamp = path.stat().st_mtime_ns
    except OSError:
        stamp = -1
    if cached and cached[0] == stamp:
        return cached[1]
    rows: list[dict[str, str]] = []
    if stamp != -1:
        with path.open(encoding="utf-8", newline="") as handle:
            rows = [
                {k.strip(): (v or "").strip() for k, v in row.items() if k}
                for row in csv.DictReader(handle)
            ]
    table = build(rows)
    _file_cache[path] = (stamp, table)
    return table


def _build_units(rows: list[dict[str, str]]) -> dict[str, _Row]:
    table: dict[str, _Row] = {}
    for row in rows:
        name = row.get("name", "")
        level = row.get("level", "").lower()
        if not name or level not in LEVELS:
            continue
        entry = _Row(name, level, row.get("regency_code") or None, row.get("polda") or None)
        table.setdefault(_key(name), entry)
        for alias in (row.get("aliases") or "").split(";"):
            if alias.strip():
                table.setdefault(_key(alias), entry)
    return table


@dataclass(frozen=True, slots=True)
class _Polda:
    name: str
    province_code: str
    also_covers: tuple[str, ...]
    established: dt.date | None


def _build_poldas(rows: list[dict[str, str]]) -> tuple[dict[str, _Polda], tuple[_Polda, ...]]:
    by_key: dict[str, _Polda] = {}
    ordered: list[_Polda] = []
    for row in rows:
        name = row.get("name", "")
        if not name:
            continue
        try:
            established = dt.date.fromisoformat(row.get("established") or "")
        except ValueError:
            established = None
        polda = _Polda(
            name,
            row.get("province_code", ""),
            tuple(c.strip() for c in (row.get("also_covers") or "").split(";") if c.strip()),
            established,
        )
        ordered.append(polda)
        for alias in [name, *(row.get("aliases") or "").split(";")]:
            if alias.strip():
                by_key.setdefault(_key(alias), polda)
    return by_key, tuple(ordered)


def _units() -> dict[str, _Row]:
    return _load(UNITS_CSV, _build_units)


def _poldas() -> tuple[dict[str, _Polda], tuple[_Polda, ...]]:
    return _load(POLDA_CSV, _build_poldas)


def polda_for_province(province_code: str, on: dt.date | None = None) -> str | None:
    """The Polda over a province on a date (`94` is Polda Papua until Polda Papua Tengah).

    Without a date, today's arrangement. Polda Metro Jaya answers for `31` (Jakarta).
    """
    code = (province_code or "").strip()
    if not code:
        return None
    when = on or dt.date.today()
    _, ordered = _poldas()

    def current(polda: _Polda) -> bool:
        return polda.established is None or polda.established <= when

    for polda in ordered:
        if polda.province_code == code and current(polda):
            return polda.name
    for polda in ordered:
        if code in polda.also_covers and current(polda):
            return polda.name
    return None


def _title(text: str) -> str:
    """Title case for names typed in capitals (`PALANGKA RAYA` -> `Palangka Raya`).

    Mixed-case text is kept as written (`OKU Timur`, `Metro Jaya`).
    """
    if text.isupper() or text.islower():
        return re.sub(r"[A-Za-z]+", lambda m: m.group(0)[0].upper() + m.group(0)[1:].lower(), text)
    return text


@functools.lru_cache(maxsize=16384)
def _split(text: str) -> tuple[str, str] | None:
    """(level, place) of a unit name as written, or None when it is not one (pure, and
    asked for the same names again and again: remembered)."""
    text = _SPACES.sub(" ", _PARENTHESES.sub(" ", text or "")).strip(" ,.;:-")
    if not text or len(text) > 120:
        return None
    level = None
    for pattern, spelled_level in _SPELLED_LEVEL:
        match = pattern.match(text)
        if match:
            level, rest = spelled_level, text[match.end() :]
            break
    if level is None:
        match = _ABBREV_LEVEL.match(text)
        if not match:
            return None
        word = match.group(1).lower()
        level = "polsek" if word == "polsekta" else word
        rest = text[match.end() :]
    place = rest.strip(" ,.;:-")
    if not place or (_GENERIC_PLACE.match(place) and not _KIND_IN_PLACE.match(place)):
        return None
    if not place[0].isalnum():
        return None
    return level, _title(place)


def is_table_name(text: str) -> bool:
    """Whether `text` is a unit's name or alias in police_units.csv, as written."""
    split = _split(text)
    return bool(split) and _key(f"{LEVEL_PREFIX[split[0]]} {split[1]}") in _units()


def canonical_unit_name(text: str) -> str | None:
    key = ("canonical", text, _fresh())
    if key not in _memo:
        if len(_memo) > 50_000:
            _memo.clear()
        _memo[key] = _canonical_unit_name(text)
    return _memo[key]  # type: ignore[return-value]


def _canonical_unit_name(text: str) -> str | None:
    """The force's own name of a unit as written, or None if `text` names no unit.

    `Polda Jatim` -> `Polda Jawa Timur`; `Polda Kalimantan Tengah (Kalteng)` ->
    `Polda Kalimantan Tengah`; `Kepolisian Resor (Polres) Malang` -> `Polres Malang`;
    `Mapolres Malang` -> `Polres Malang`; `Polres Malang Kota` -> `Polresta Malang Kota`
    (police_units.csv aliases).
    """
    split = _split(text)
    if split is None:
        return None
    level, place = split
    if level == "polda":
        by_key, _ = _poldas()
        polda = by_key.get(_key(f"Polda {place}"))
        if polda:
            return polda.name
        found = areas.find_provinces(place)
        if len(found) == 1:
            name = polda_for_province(found[0].code)
            if name and _key(name) == _key(f"Polda {found[0].name}"):
                return name
            return f"Polda {found[0].name}"
        return f"Polda {place}"
    kind = _KIND_IN_PLACE.match(place)
    if kind and level == "polres":
        # "Polres Kota Malang" is how some write "Polres Malang Kota"; "Polres Kota Batu",
        # of a city with no Kabupaten twin, is "Polres Batu".
        bare = place[kind.end() :]
        twin = areas.find_regencies(bare, kind="kabupaten")
        place = f"{bare} Kota" if kind.group(1).lower() == "kota" and twin else bare
        row = _units().get(_key(f"Polres {bare}")) if kind.group(1).lower() != "kota" else None
        if row:
            return row.name
    written = f"{LEVEL_PREFIX[level]} {place}"
    row = _units().get(_key(written))
    return row.name if row else written


def _regency_by_rule(level: str, place: str, province_code: str | None) -> areas.Area | None:
    """The regency a Polres/Polresta/Polrestabes named `place` covers by the naming rule."""
    bare = _METRO.sub("", place)
    city_suffix = _KOTA_SUFFIX.search(bare)
    if city_suffix:
        bare = bare[: city_suffix.start()]
    kind = _KIND_IN_PLACE.match(bare)
    if kind:
        order = ["kota"] if kind.group(1).lower() == "kota" else ["kabupaten"]
        bare = bare[kind.end() :]
    elif city_suffix or level == "polrestabes":
        order = ["kota"]
    elif level == "polresta":
        order = ["kota", "kabupaten"]
    else:
        order = ["kabupaten", "kota"]
    for wanted in order:
        found = areas.find_regencies(bare, province_code=province_code, kind=wanted)
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            return None  # the same name in several provinces and no hint
    return None


# Units that guard a port or an airport share their regency with the territorial unit
# (Polres Pelabuhan Tanjung Perak and Polrestabes Surabaya in Kota Surabaya, Polresta
# Bandara Soekarno-Hatta and Polres Metro Tangerang Kota in Kota Tangerang).
_SPECIAL_UNIT = re.compile(r"\b(?:pelabuhan|bandara|bandar\s+udara|kp3)\b", re.I)


def _district_unit_name(regency_code: str) -> str | None:
    """The Polres-level unit covering a regency: the table first, then the naming rule.

    Where the table has several units in the regency, the territorial one is chosen
    over a port or airport unit, then the first by name, so the answer never varies.
    """
    rows = sorted(
        {
            row
            for row in _units().values()
            if row.level in ("polres", "polresta", "polrestabes") and row.area_code == regency_code
        },
        key=lambda row: (bool(_SPECIAL_UNIT.search(row.name)), row.name),
    )
    if rows:
        return rows[0].name
    regency = areas.regency(regency_code)
    if regency is None:
        return None
    if regency.is_city:
        if areas.find_regencies(regency.bare_name, kind="kabupaten"):
            return None  # "Kota Malang": the name alone does not say Polres or Polresta
        return f"Polres {regency.bare_name}"
    return f"Polres {regency.bare_name}"


def _polda_of(area_code: str | None, name: str, when: dt.date | None) -> str | None:
    if _METRO.match(name.split(" ", 1)[-1]):
        return METRO_JAYA
    if not area_code:
        return None
    regency_code = ".".join(area_code.split(".")[:2])
    if regency_code in METRO_JAYA_REGENCIES:
        return METRO_JAYA
    return polda_for_province(area_code.split(".")[0], when)


def resolve_unit(
    name: str,
    *,
    province_code: str | None = None,
    regency_code: str | None = None,
    on: dt.date | None = None,
) -> UnitRef:
    """Resolve a unit name (as written or canonical) to its region; never raises.

    `province_code` disambiguates a name found in several provinces; `regency_code` is
    the regency of the lead Polres, used to place a Polsek; `on` picks the Polda of a
    province that changed hands (Papua, November 2024). Codes stay None when unknown.
    """
    key = ("resolve", name, province_code, regency_code, on, _fresh())
    if key not in _memo:
        if len(_memo) > 50_000:
            _memo.clear()
        _memo[key] = _resolve_unit(name, province_code, regency_code, on)
    return _memo[key]  # type: ignore[return-value]


def _resolve_unit(
    name: str, province_code: str | None, regency_code: str | None, on: dt.date | None
) -> UnitRef:
    canonical = canonical_unit_name(name or "")
    if canonical is None:
        text = _SPACES.sub(" ", name or "").strip()
        return UnitRef(name=text, level="mabes" if "mabes" in text.lower() else "", place="")
    level, place = _split(canonical) or ("", canonical)

    row = _units().get(_key(canonical))
    if (
        row is not None
        and province_code
        and row.area_code
        and row.area_code.split(".")[0] != province_code
        and level != "polsek"
        and _regency_by_rule(level, place, province_code) is not None
    ):
        # "Polres Banjar" of Polda Kalimantan Selatan (Kabupaten Banjar) is not the
        # table's Polres Banjar of Jawa Barat (Kota Banjar): the province hint decides.
        row = None
    if level == "polda":
        by_key, _ = _poldas()
        polda = by_key.get(_key(canonical))
        code = polda.province_code if polda else None
        if code is None:
            found = areas.find_provinces(place)
            code = found[0].code if len(found) == 1 else None
        return UnitRef(canonical, "polda", place, code, None, None, canonical, None)

    if row is not None:
        level = row.level
        area = areas.get(row.area_code or "")
        district = area if area and area.level == areas.DISTRICT else None
        regency = areas.regency(area.parent_code or "") if district else area
        if regency is None and level == "polsek":
            return _polsek(canonical, place, province_code, regency_code, on, row.polda)
        code = regency.code if regency else None
        parent = _district_unit_name(code) if level == "polsek" and code else None
        return UnitRef(
            canonical,
            level,
            place,
            regency.province_code if regency else None,
            code,
            district.code if district else None,
            row.polda or _polda_of(code, canonical, on),
            parent,
        )

    if level == "polsek":
        return _polsek(canonical, place, province_code, regency_code, on, None)
    regency = _regency_by_rule(level, place, province_code)
    if regency is None and province_code:
        regency = _regency_by_rule(level, place, None)
    code = regency.code if regency else None
    return UnitRef(
        canonical,
        level,
        place,
        regency.province_code if regency else province_code,
        code,
        None,
        _polda_of(code, canonical, on)
        or (polda_for_province(province_code, on) if province_code else None),
        None,
    )


def _polsek(
    name: str,
    place: str,
    province_code: str | None,
    regency_code: str | None,
    on: dt.date | None,
    polda: str | None,
) -> UnitRef:
    """A Polsek lies in the district it is named after, found in the narrowest area given."""
    found: tuple[areas.Area, ...] = ()
    if regency_code:
        found = areas.find_districts(place, regency_code=regency_code)
    if not found and province_code:
        found = areas.find_districts(place, province_code=province_code)
    if not found and not province_code and not regency_code:
        found = areas.find_districts(place)
    if len(found) != 1:
        return UnitRef(
            name,
            "polsek",
            place,
            province_code,
            None,
            None,
            polda or (polda_for_province(province_code, on) if province_code else None),
            None,
        )
    district = found[0]
    regency = district.parent_code or ""
    return UnitRef(
        name,
        "polsek",
        place,
        district.province_code,
        regency,
        district.code,
        polda or _polda_of(regency, name, on),
        _district_unit_name(regency),
    )
