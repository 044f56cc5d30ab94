"""Dates in Indonesian news pages: the page's own date and the event date.

Page dates come in English and Indonesian forms ("Nov 3, 2023 - 08:45", "Selasa, 13
Agu 2024 18:13 WIB", "3 November 2023", "03/11/2023", "2024-02-20"). Event dates follow
the press convention `Hari (d/m/yyyy)` or `Hari (d/m)` ("Kamis (2/11/2023)", "Selasa
(13/8)", "Rabu (3/01/2024)", "Jumat (12/1/24)"); a missing year is taken from the
publication date.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re

from reports.importer import vocab

_MONTH = "|".join(sorted((re.escape(m) for m in vocab.MONTHS), key=len, reverse=True))
_WEEKDAY = "|".join(sorted((re.escape(d) for d in vocab.WEEKDAYS), key=len, reverse=True))

# "2024-02-20", "2024-02-20T08:45:00+07:00", "2024/02/20"
_ISO = re.compile(r"\b(\d{4})([-/])(\d{1,2})\2(\d{1,2})\b")
# "3 November 2023", "13 Agu 2024", "Selasa, 13 Agu. 2024", "2 Nopember 2023"
_DAY_MONTH_YEAR = re.compile(rf"\b(\d{{1,2}})\s+({_MONTH})\.?,?\s+(\d{{4}})\b", re.I)
# "Nov 3, 2023", "November 03 2023", "Sept. 5, 2024"
_MONTH_DAY_YEAR = re.compile(rf"\b({_MONTH})\.?\s+(\d{{1,2}}),?\s+(\d{{4}})\b", re.I)
# "03/11/2023", "3-11-2023", "03.11.2023" (day first, as Indonesian pages write it)
_NUMERIC = re.compile(r"(?<![\d/.-])(\d{1,2})([/.-])(\d{1,2})\2(\d{4})(?![\d/.-])")

# The event date: "Kamis (2/11/2023)", "Selasa (13/8)", "Jum'at (12/1/24)",
# "Rabu, (3/01/2024)", "Minggu ( 25/8/2024 )".
# "Sabtu-Minggu (2-3/11/2024)" gives the first day; "Kamis 2/11/2023" without brackets
# is read only with its year.
_EVENT = re.compile(
    rf"\b({_WEEKDAY})(?:\s*[-–]\s*(?:{_WEEKDAY}))?\s*,?\s*\(\s*(?:(\d{{1,2}})\s*[-–]\s*)?"
    rf"(\d{{1,2}})\s*/\s*(\d{{1,2}})(?:\s*/\s*(\d{{4}}|\d{{2}}))?\s*\)",
    re.I,
)
_EVENT_BARE = re.compile(
    rf"\b({_WEEKDAY})\s*,?\s+()(\d{{1,2}})/(\d{{1,2}})/(\d{{4}})(?![\d/])", re.I
)
# Fallback event date written out: "pada Kamis, 2 November 2023", "Selasa (13 Agustus 2024)"
_EVENT_LONG = re.compile(
    rf"\b({_WEEKDAY})\s*[,(]?\s*(\d{{1,2}})\s+({_MONTH})\.?\s*(\d{{4}})?\s*\)?", re.I
)

# What may stand beside a date on a date line: times, zones, weekdays, labels
# ("Selasa, 13 Agu 2024 18:13 WIB", "Diterbitkan: 3 November 2023 | 08:45",
# "Updated: Nov 3, 2023 - 08:45 am").
_TIME = re.compile(r"\b\d{1,2}[:.]\d{2}(?:[:.]\d{2})?\s*(?:wib|wita|wit|am|pm|utc|gmt)?\b", re.I)
_DATE_LINE_WORDS = re.compile(
    rf"\b(?:{_WEEKDAY}|wib|wita|wit|pukul|jam|diterbitkan|dipublikasikan|dipublikasi|"
    r"terbit|published|publish|posted|diposting|updated|update|diperbarui|tanggal|date|"
    r"on|at|oleh|pada|hari|ini|am|pm)\b",
    re.I,
)


def _make(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def find_date(text: str) -> tuple[dt.date, int, int] | None:
    """The first complete date in `text`, with the span it occupies."""
    best: tuple[dt.date, int, int] | None = None
    for pattern, order in (
        (_ISO, "ymd"),
        (_DAY_MONTH_YEAR, "dMy"),
        (_MONTH_DAY_YEAR, "Mdy"),
        (_NUMERIC, "d/m/y"),
    ):
        for match in pattern.finditer(text):
            value = _from_match(match, order)
            if value and (best is None or match.start() < best[1]):
                best = (value, match.start(), match.end())
            if value:
                break
    return best


def _from_match(match: re.Match, order: str) -> dt.date | None:
    groups = match.groups()
    if order == "ymd":
        return _make(int(groups[0]), int(groups[2]), int(groups[3]))
    if order == "dMy":
        return _make(int(groups[2]), vocab.MONTHS[groups[1].lower()], int(groups[0]))
    if order == "Mdy":
        return _make(int(groups[2]), vocab.MONTHS[groups[0].lower()], int(groups[1]))
    return _make(int(groups[3]), int(groups[2]), int(groups[0]))


def is_date_line(line: str) -> bool:
    """A line that is a date and little else ("Nov 3, 2023 - 08:45")."""
    if len(line) > 90:
        return False
    found = find_date(line)
    if not found:
        return False
    rest = line[: found[1]] + " " + line[found[2] :]
    rest = _DATE_LINE_WORDS.sub(" ", _TIME.sub(" ", rest))
    leftover = re.findall(r"[^\W\d_]{2,}", rest)
    return len(leftover) <= 1


def page_date(lines: list[str], *, loose: bool = False) -> dt.date | None:
    """The first date line among `lines` (the header of the page); `loose` also takes a
    short line with other words ("By Admin | Kamis, 8 Februari 2024 - 10:11")."""
    for line in lines:
        if is_date_line(line) or (loose and len(line.split()) <= 14):
            found = find_date(line)
            if found and 1990 <= found[0].year <= 2100:
                return found[0]
    return None


def _weekday(name: str) -> int | None:
    return vocab.WEEKDAYS.get(name.lower().replace("’", "'"))


def _nearest_year(
    month: int, day: int, weekday: int | None, reference: dt.date | None
) -> dt.date | None:
    """The year of `day/month` nearest to the reference date, preferring one whose
    weekday matches ("Selasa (13/8)" on a page of 13 Aug 2024 is 2024-08-13; a
    "Sabtu (30/12)" on a page of 2 Jan 2024 is 2023-12-30)."""
    base = reference.year if reference else 2024
    candidates = [d for y in (base - 1, base, base + 1) if (d := _make(y, month, day))]
    if not candidates:
        return None
    pivot = reference or dt.date(base, 7, 1)

    def rank(day_: dt.date) -> tuple[int, int, int]:
        mismatch = int(weekday is not None and day_.weekday() != weekday)
        return (mismatch if reference is None else 0, abs((day_ - pivot).days), mismatch)

    return min(candidates, key=rank)


def event_date(text: str, published: dt.date | None) -> dt.date | None:
    """The first `Hari (d/m[/yyyy])` date in `text`; a missing year from `published`."""
    for match in itertools.chain(_EVENT.finditer(text), _EVENT_BARE.finditer(text)):
        weekday, first_day, day, month, year = match.groups()
        day_, month_ = int(first_day or day), int(month)
        if year:
            full = int(year) + (2000 if len(year) == 2 else 0)
            value = _make(full, month_, day_)
        else:
            value = _nearest_year(month_, day_, _weekday(weekday), published)
        if value:
            return value
    for match in _EVENT_LONG.finditer(text):
        weekday, day, month, year = match.groups()
        month_ = vocab.MONTHS[month.lower()]
        if year:
            value = _make(int(year), month_, int(day))
        else:
            value = _nearest_year(month_, int(day), _weekday(weekday), published)
        if value:
            return value
    return None


def year_hint(text: str) -> dt.date | None:
    """A reference date from the first full date in a text, for a page without one."""
    found = find_date(text)
    if found:
        return found[0]
    match = _EVENT.search(text)
    if match and match.group(5):
        year = int(match.group(5)) + (2000 if len(match.group(5)) == 2 else 0)
        return _make(year, int(match.group(4)), int(match.group(3)))
    return None
