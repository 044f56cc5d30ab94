"""The facet index in memory: counting, filtering and paging as set operations.

A first visitor's list page used to cost a few SQL statements over the whole result
set (its count, a count a facet, the months, the page itself), each of them reading
every matching row: 0.2-3 s at 100,000 reports (issue 12). Here the published
archive is held as compressed bitmaps (Roaring, `pyroaring`), built from the same
rows as the SQL (the `ArticleFacet` table, reports/facets.py), so the numbers are
the same numbers, only quicker:

- every published article has a position: its rank in the list's default order
  (newest first: date descending with undated ones last, then id descending);
- every facet value (a region, unit, operation, election, outlet, person) is the
  bitmap of the positions of its articles, with the hierarchy already expanded;
- a date range is a range of positions (the positions are in date order), so a
  month's count is a `range_cardinality`, and the dates filter is a range;
- a selection is the intersection of its filters' bitmaps (values of one parameter
  OR-ed); its count is its length, a facet value's count the size of an intersection,
  and page N of the newest (or oldest) first is a slice by rank: no sort, no OFFSET.

A snapshot stands for one state of the archive, named by `ArchiveState` (its
version and when it changed, bumped in the same transaction as every change) and
the facet index's newest row id: `current()` compares that key, one primary-key
read, and rebuilds when it moved, so an editor's publish, correction or withdrawal
is counted on the very next request. A rebuild reads two queries (the order, and the
facet rows grouped by value with their positions computed in SQL): about 1 s at
100,000 reports (docs/benchmarks.md). Each process keeps one snapshot, and a request
reads the key once: every count on one page comes from the same snapshot.
"""

from __future__ import annotations

import datetime as dt
import threading
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.conf import settings
from django.core.signals import request_finished, request_started
from django.db import connection
from pyroaring import BitMap, FrozenBitMap

from .models import ArchiveState, Article, ArticleFacet

UNPUBLISHED = 2**32 - 1  # an index entry for an id with no position (not a position)

# The list's default order, as ArticleQuerySet.newest_first() sorts, in plain SQL.
NEWEST_FIRST = "date DESC NULLS LAST, id DESC"


@dataclass(frozen=True)
class Snapshot:
    """The published archive at one version, as positions and bitmaps."""

    key: tuple
    ids: array  # article id at each position
    dated: int  # positions [0, dated) have a date, newest first; the rest have none
    days: array  # minus the date's ordinal at each dated position (ascending)
    values: dict[str, dict[int, FrozenBitMap]]  # dimension -> value id -> positions
    index: array  # the position of each article id (UNPUBLISHED when it has none)
    searches: dict = field(default_factory=dict)  # search Query -> positions (see matches)

    def __len__(self) -> int:
        return len(self.ids)

    @property
    def everything(self) -> BitMap:
        everything = BitMap()
        everything.add_range(0, len(self.ids))
        return everything

    # --- Selecting ------------------------------------------------------------------

    def under(self, dimension: str, value_ids: Iterable[int]) -> BitMap:
        """The positions under any of these values (what `?<dimension>=<v>&...` keeps)."""
        bitmaps = self.values.get(dimension, {})
        return BitMap.union(BitMap(), *(bitmaps[pk] for pk in value_ids if pk in bitmaps))

    def dates(self, start: dt.date | None, end: dt.date | None) -> BitMap:
        """The positions dated within [start, end] (either end open)."""
        low, high = self.date_range(start, end)
        found = BitMap()
        if high > low:
            found.add_range(low, high)
        return found

    def date_range(self, start: dt.date | None, end: dt.date | None) -> tuple[int, int]:
        low = bisect_left(self.days, -end.toordinal()) if end else 0
        high = bisect_right(self.days, -start.toordinal()) if start else self.dated
        return low, high

    def matches(self, query) -> FrozenBitMap:
        """The positions of the articles matching a search (reports/search.py): the
        search index read in one statement that does the query's algebra itself
        (groups AND-ed, terms of a group OR-ed, exclusions taken away), as the SQL
        path does, and kept with the snapshot (SEARCH_CACHE searches, least recently
        used out), so the same search again (its page 2, another filter or order)
        costs no query until the archive changes. One statement, not a read per word:
        PostgreSQL's GIN index intersects the words' lists before it visits a row
        (three common words at 100,000 reports: 15 ms, against 25 ms a word)."""
        from . import search

        cache = self.searches
        with _searches_lock:
            hit = cache.pop(query, None)
            if hit is not None:
                cache[query] = hit  # most recent last
                return hit
        ids, excluded = search.matching_ids(query)
        found = self.positions(ids)
        found = FrozenBitMap(self.everything - found if excluded else found)
        with _searches_lock:
            cache[query] = found
            while len(cache) > SEARCH_CACHE:
                cache.pop(next(iter(cache)))
        return found

    def positions(self, article_ids: Sequence[int]) -> BitMap:
        """The positions of these articles (those published)."""
        index = self.index
        try:
            found = BitMap(map(index.__getitem__, article_ids))
        except IndexError:  # an article added since the snapshot: not published in it
            found = BitMap(index[pk] for pk in article_ids if pk < len(index))
        found.discard(UNPUBLISHED)
        return found

    # --- Counting ----------------------------------------------------------------------

    def counts(
        self, dimension: str, within: BitMap | None = None, among: Iterable[int] | None = None
    ) -> dict[int, int]:
        """{value id: articles under it} for the values with any, over `within` (all
        published articles when None), for the values `among` (all when None)."""
        bitmaps = self.values.get(dimension, {})
        if among is not None:
            bitmaps = {pk: bitmaps[pk] for pk in among if pk in bitmaps}
        if within is None:
            return {pk: len(bitmap) for pk, bitmap in bitmaps.items()}
        counted = {}
        for pk, bitmap in bitmaps.items():
            n = within.intersection_cardinality(bitmap)
            if n:
                counted[pk] = n
        return counted

    def date_counts(
        self, within: BitMap | None, buckets: list[tuple[dt.date, dt.date]]
    ) -> list[int]:
        """How many of `within` (all when None) fall in each [first, last] bucket."""
        out = []
        for first, last in buckets:
            low, high = self.date_range(first, last)
            if high <= low:
                out.append(0)
            elif within is None:
                out.append(high - low)
            else:
                out.append(within.range_cardinality(low, high))
        return out

    def date_bounds(self, within: BitMap | None) -> tuple[dt.date, dt.date] | None:
        """The first and last date among `within` (all when None), None if undated."""
        if within is None:
            low, high = (0, self.dated - 1) if self.dated else (None, None)
        else:
            dated = within.range_cardinality(0, self.dated)
            low, high = (within[0], within[dated - 1]) if dated else (None, None)
        if low is None:
            return None
        return dt.date.fromordinal(-self.days[high]), dt.date.fromordinal(-self.days[low])

    # --- Paging ----------------------------------------------------------------------

    def newest(self, within: BitMap, offset: int, limit: int) -> list[int]:
        """Article ids of `within` at [offset, offset + limit) newest first."""
        return [self.ids[p] for p in within[offset : offset + limit]]

    def oldest(self, within: BitMap, offset: int, limit: int) -> list[int]:
        """The same, oldest first: dated ones from the oldest, then the undated ones
        from the lowest id (ArticleQuerySet.oldest_first)."""
        dated = within.range_cardinality(0, self.dated)
        undated = len(within) - dated
        ranks = [
            dated - 1 - k if k < dated else dated + undated - 1 - (k - dated)
            for k in range(offset, min(offset + limit, len(within)))
        ]
        return [self.ids[within[rank]] for rank in ranks]


# --- Building ----------------------------------------------------------------------------


def _build(key: tuple) -> Snapshot:
    table, facets = Article._meta.db_table, ArticleFacet._meta.db_table
    published = Article.Status.PUBLISHED
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id, date FROM {table} WHERE status = %s ORDER BY {NEWEST_FIRST}",
            [published],
        )
        rows = cursor.fetchall()
        ids = array("q", (row[0] for row in rows))
        dates = [row[1] for row in rows if row[1] is not None]
        if dates and isinstance(dates[0], str):  # SQLite hands back text
            dates = [dt.date.fromisoformat(day) for day in dates]
        days = array("q", (-day.toordinal() for day in dates))
        aggregate = (
            "string_agg(o.position::text, ',')"
            if connection.vendor == "postgresql"
            else "group_concat(o.position)"
        )
        cursor.execute(
            f"WITH o AS (SELECT id, row_number() OVER (ORDER BY {NEWEST_FIRST}) - 1 AS position "
            f"FROM {table} WHERE status = %s) "
            f"SELECT f.dimension, f.value_id, {aggregate} FROM {facets} f "
            "JOIN o ON o.id = f.article_id GROUP BY f.dimension, f.value_id",
            [published],
        )
        values: dict[str, dict[int, FrozenBitMap]] = {}
        for dimension, value_id, positions in cursor.fetchall():
            values.setdefault(dimension, {})[value_id] = FrozenBitMap(
                map(int, positions.split(","))
            )
    index = array("L", [UNPUBLISHED]) * (max(ids, default=0) + 1)
    for position, pk in enumerate(ids):
        index[pk] = position
    return Snapshot(key=key, ids=ids, dated=len(days), days=days, values=values, index=index)


def state_key() -> tuple:
    """What names the archive's state: its version, when it changed, and the facet
    index's newest row (every refresh writes new rows); one read of two primary keys."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT s.version, s.changed_at, (SELECT max(id) FROM {ArticleFacet._meta.db_table}) "
            f"FROM {ArchiveState._meta.db_table} s WHERE s.id = 1"
        )
        row = cursor.fetchone()
    return (connection.settings_dict["NAME"], *(row or ()))


SEARCH_CACHE = 256
_searches_lock = threading.Lock()
BUILD_ATTEMPTS = 3
_lock = threading.Lock()
_snapshot: Snapshot | None = None


def current() -> Snapshot | None:
    """The snapshot of the archive as it is now (rebuilt if it changed), or None when
    bitmaps are switched off (`POLSEC_BITMAPS = False`: every count in SQL). Inside a
    request, the one its first call found (the list, the facets, the index rows and
    the timeline of a page ask several times)."""
    if not getattr(settings, "POLSEC_BITMAPS", True):
        return None
    if getattr(_request, "snapshot", None) is not None:
        return _request.snapshot
    snapshot = _current()
    if getattr(_request, "active", False):
        _request.snapshot = snapshot
    return snapshot


def _current() -> Snapshot | None:
    global _snapshot
    key = state_key()
    snapshot = _snapshot
    if snapshot is not None and snapshot.key == key:
        return snapshot
    with _lock:
        if _snapshot is not None and _snapshot.key == state_key():
            return _snapshot
        # The two reads of a build are two statements: a change committed between
        # them would pair one state's order with another's facet rows. Every change
        # moves the key in its own transaction, so a build that starts and ends on
        # the same key read one state (a seqlock); one that does not is retried, and
        # after a few the page is counted in SQL instead.
        for _attempt in range(BUILD_ATTEMPTS):
            key = state_key()
            built = _build(key)
            if state_key() == key:
                _snapshot = built
                return built
        return None


# The snapshot a request has found, per thread (gunicorn's threads each serve one
# request at a time); outside a request every call reads the key.
_request = threading.local()


def _request_started(**kwargs) -> None:
    _request.active, _request.snapshot = True, None


def _request_finished(**kwargs) -> None:
    _request.active, _request.snapshot = False, None


request_started.connect(_request_started, dispatch_uid="bitmaps-request-started")
request_finished.connect(_request_finished, dispatch_uid="bitmaps-request-finished")


def forget() -> None:
    """Drop this process's snapshot (tests)."""
    global _snapshot
    _snapshot = None
