"""Counts you can trust: one definition of "how many reports", for every page.

The number beside a region, unit, operation, election, outlet or person anywhere on
the site (index pages, facets, entity pages, the home page, the API) is the number of
published articles that `/articles/?<dimension>=<value>` returns. Both come from one
table, `ArticleFacet`: a row per published article and facet value it falls under,
with the hierarchies expanded when the row is written:

- region: the article's province, regency and district;
- unit: each unit it names, and every unit above it up to its Polda (a Polsek's
  report is its Polres' and its Polda's; Mabes Polri's are those that name it);
- operation: each operation it names, and for a regional code-name operation the
  national operation of the same kind and election too;
- election, outlet, person (anyone who appears in it): as linked.

The filters (`ArticleQuerySet.under`) select the articles with a row for a value;
the counts (`counts`) group the same rows. `refresh(article_ids)` rewrites an
article's rows from what it links to now; the search index's upkeep calls it for
every article it reindexes (reports/search.py), so the importer, the desk and the
corpus generator keep it without knowing about it, and the signals in
reports/signals.py cover the changes that move other articles (a unit re-parented,
an operation's links). Rows exist only for published articles.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection
from django.db.models import Count, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce

from . import bitmaps
from .models import ArticleFacet

Dimension = ArticleFacet.Dimension

# The rows of every article, a SELECT (or a few) a dimension, all in one INSERT;
# `{scope_a}` and `{scope_t}` narrow them to some articles or not at all (the whole
# archive). Plain SQL that SQLite and PostgreSQL both run; 'published' is
# Article.Status.PUBLISHED. Migration 0010 holds a frozen copy for its backfill.
_ROWS = {
    Dimension.REGION: """
        SELECT a.id, 'region', a.province_id FROM reports_article a
        WHERE a.status = 'published' AND a.province_id IS NOT NULL {scope_a}
        UNION ALL
        SELECT a.id, 'region', a.regency_id FROM reports_article a
        WHERE a.status = 'published' AND a.regency_id IS NOT NULL {scope_a}
        UNION ALL
        SELECT a.id, 'region', a.district_id FROM reports_article a
        WHERE a.status = 'published' AND a.district_id IS NOT NULL {scope_a}""",
    Dimension.OUTLET: """
        SELECT a.id, 'outlet', a.outlet_id FROM reports_article a
        WHERE a.status = 'published' AND a.outlet_id IS NOT NULL {scope_a}""",
    # A unit and the units above it up to its Polda (Polsek, Polres, Polda): a
    # report of a Polres is one of its Polda's, but not one of Mabes Polri's, whose
    # own reports are those that name it.
    Dimension.UNIT: """
        SELECT DISTINCT t.article_id, 'unit', up.ancestor_id
        FROM reports_article_units t
        JOIN reports_article a ON a.id = t.article_id
        JOIN (
            SELECT u.id AS unit_id, u.id AS ancestor_id FROM reports_policeunit u
            UNION ALL
            SELECT u.id, p.id FROM reports_policeunit u
            JOIN reports_policeunit p ON p.id = u.parent_id
            WHERE p.level <> 'mabes'
            UNION ALL
            SELECT u.id, g.id FROM reports_policeunit u
            JOIN reports_policeunit p ON p.id = u.parent_id
            JOIN reports_policeunit g ON g.id = p.parent_id
            WHERE g.level <> 'mabes'
        ) up ON up.unit_id = t.policeunit_id
        WHERE a.status = 'published' {scope_t}""",
    # "Operasi Mantap Praja 2024" (no code name) takes in "Operasi Mantap Praja
    # Telabang 2024": the same kind, for the same election.
    Dimension.OPERATION: """
        SELECT DISTINCT t.article_id, 'operation', o2.id
        FROM reports_article_operations t
        JOIN reports_article a ON a.id = t.article_id
        JOIN reports_operation o ON o.id = t.operation_id
        JOIN reports_operation o2 ON o2.id = o.id OR (
            o2.code_name = '' AND o2.kind = o.kind AND o2.election_id = o.election_id
        )
        WHERE a.status = 'published' {scope_t}""",
    Dimension.ELECTION: """
        SELECT t.article_id, 'election', t.election_id
        FROM reports_article_elections t
        JOIN reports_article a ON a.id = t.article_id
        WHERE a.status = 'published' {scope_t}""",
    Dimension.PERSON: """
        SELECT DISTINCT t.article_id, 'person', t.person_id
        FROM reports_appearance t
        JOIN reports_article a ON a.id = t.article_id
        WHERE a.status = 'published' {scope_t}""",
}
CHUNK = 500


def refresh(article_ids: Iterable[int]) -> None:
    """Rewrite these articles' rows from what they are and link to now (none for an
    article that is not published or no longer exists). Two statements a chunk."""
    ids = sorted({int(pk) for pk in article_ids})
    with connection.cursor() as cursor:
        for start in range(0, len(ids), CHUNK):
            listed = ", ".join(map(str, ids[start : start + CHUNK]))  # integers only
            cursor.execute(f"DELETE FROM reports_articlefacet WHERE article_id IN ({listed})")
            cursor.execute(
                _insert_sql(f"AND a.id IN ({listed})", f"AND t.article_id IN ({listed})")
            )


def refresh_range(first: int, last: int) -> None:
    """`refresh` for the articles with ids first..last, in two statements (after a
    bulk load: the corpus generator)."""
    first, last = int(first), int(last)  # integers only
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM reports_articlefacet WHERE article_id BETWEEN {first} AND {last}"
        )
        cursor.execute(
            _insert_sql(
                f"AND a.id BETWEEN {first} AND {last}",
                f"AND t.article_id BETWEEN {first} AND {last}",
            )
        )


def rebuild() -> None:
    """Rewrite every row (after a bulk load, or to repair)."""
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM reports_articlefacet")
        cursor.execute(_insert_sql("", ""))


def _insert_sql(scope_a: str, scope_t: str) -> str:
    """One INSERT of every dimension's rows, narrowed by the scopes: on the article's
    id, or on a link table's own article_id where there is one (its index narrows)."""
    selects = [sql.format(scope_a=scope_a, scope_t=scope_t) for sql in _ROWS.values()]
    return (
        "INSERT INTO reports_articlefacet (article_id, dimension, value_id) "
        + " UNION ALL ".join(selects)
    )


# --- Reading -----------------------------------------------------------------------


def rows(dimension: str, values: Iterable[int]) -> QuerySet:
    """The article ids under any of these values of `dimension` (a subquery)."""
    return ArticleFacet.objects.filter(dimension=dimension, value_id__in=values).values(
        "article_id"
    )


def counts(
    dimension: str, articles: QuerySet | None = None, among: QuerySet | None = None
) -> dict[int, int]:
    """{value id: number of published articles under it}, over `articles` (a QuerySet
    of published articles) or the whole archive, for the values `among` (a QuerySet of
    regions, units...) or all. The same rows the filter reads, in SQL (a list page
    counts its facets on their snapshot in memory, reports/bitmaps.py)."""
    facet_rows = ArticleFacet.objects.filter(dimension=dimension)
    if among is not None:
        facet_rows = facet_rows.filter(value_id__in=among.values("pk"))
    if articles is not None:
        facet_rows = facet_rows.filter(article_id__in=articles.order_by().values("pk"))
    return dict(facet_rows.values_list("value_id").annotate(n=Count("article_id")).order_by())


def count(dimension: str, value_id: int) -> int:
    """How many published articles one value has: what its filter returns."""
    return ArticleFacet.objects.filter(dimension=dimension, value_id=value_id).count()


def ranked(objects: QuerySet, dimension: str, *, zeros: bool = False) -> list:
    """`objects` (regions, units...) with `n`, their number of published articles,
    most first (then by name); those with none left out unless `zeros`."""
    objects = list(objects)
    counted = _counts_of(dimension, [obj.pk for obj in objects])
    rows = []
    for obj in objects:
        obj.n = counted.get(obj.pk, 0)
        if obj.n or zeros:
            rows.append(obj)
    rows.sort(key=lambda obj: (-obj.n, str(obj)))
    return rows


def _counts_of(dimension: str, ids: list[int]) -> dict[int, int]:
    """{value id: published articles} for these values, over the whole archive."""
    if (snapshot := bitmaps.current()) is not None:
        return snapshot.counts(dimension, None, ids)
    rows = ArticleFacet.objects.filter(dimension=dimension, value_id__in=ids)
    return dict(rows.values_list("value_id").annotate(n=Count("article_id")).order_by())


def with_count(objects: QuerySet, dimension: str) -> QuerySet:
    """`objects` annotated with `n`, their number of published articles (a subquery
    a row, read from the index): for lists paged in the database (the API)."""
    counted = (
        ArticleFacet.objects.filter(dimension=dimension, value_id=OuterRef("pk"))
        .order_by()
        .values("dimension")
        .annotate(n=Count("article_id"))
        .values("n")
    )
    return objects.annotate(n=Coalesce(Subquery(counted), 0))
