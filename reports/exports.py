"""Every list as data: /articles.csv and /articles.json, streamed (docs/api.md).

They take the parameters of /articles/ and hold every matching published article
(no row cap) in the list's order. Rows are produced a chunk at a time from the
database and written out as they come, so a 100,000-row export runs in flat memory.

A stream cut short must look cut short. The JSON export ends with a trailer written
last (`"count": n, "complete": true`). If the database fails mid-stream, the
exception leaves the streaming iterator uncaught on purpose: gunicorn then closes
the connection without the terminating zero-length chunk, so an HTTP/1.1 client sees
a broken transfer, not a 200 that merely ended (the CSV's only signal: a trailer line
would be a row of data).
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections.abc import Iterable, Iterator

from django.db.models import Count, Prefetch
from django.http import StreamingHttpResponse
from django.utils import timezone

from .models import Appearance, Article

CHUNK = 1000
SCHEMA_VERSION = "1.0"

# A CSV cell starting with one of these is a formula to Excel, LibreOffice and Google
# Sheets (`=HYPERLINK(...)` in an imported title). OWASP's advice: prefix the text
# with a single quote, which spreadsheets show as text and do not run.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

CSV_COLUMNS = [
    "id",
    "url",
    "title",
    "date",
    "published_date",
    "event_date",
    "dateline",
    "outlet",
    "outlet_domain",
    "author",
    "province_code",
    "province",
    "regency_code",
    "regency",
    "district_code",
    "district",
    "units",
    "unit_slugs",
    "operations",
    "operation_slugs",
    "elections",
    "people",
    "personnel_count",
    "quote_count",
    "story_id",
    "source",
    "content_hash",
    "imported_at",
]


def prepare(queryset):
    """What an exported row needs, fetched per chunk in a fixed number of queries."""
    return (
        queryset.select_related("outlet", "province", "regency", "district")
        .prefetch_related(
            "units",
            "operations",
            "elections",
            Prefetch("appearances", queryset=Appearance.objects.select_related("person")),
        )
        .annotate(quote_count=Count("quotes", distinct=True))
        .defer("raw_text", "body")
    )


def rows(ordered) -> Iterator[Article]:
    """The articles of an ordered selection, a chunk at a time."""
    if hasattr(ordered, "iterator"):
        yield from ordered.iterator(chunk_size=CHUNK)
        return
    total = ordered.count()  # RankedResults: page through by slices
    for start in range(0, total, CHUNK):
        yield from ordered[start : start + CHUNK]


def _iso(value) -> str | None:
    if value is None:
        return None
    return value.isoformat()


def record(article: Article, base_url: str) -> dict:
    """One article as the JSON export and the API give it."""

    def place(region):
        return {"code": region.code, "name": region.name} if region else None

    return {
        "id": article.pk,
        "url": base_url + article.get_absolute_url(),
        "title": article.title,
        "date": _iso(article.date),
        "published_date": _iso(article.published_date),
        "event_date": _iso(article.event_date),
        "dateline": article.dateline or None,
        "outlet": {
            "name": article.outlet.name,
            "domain": article.outlet.domain,
            "slug": article.outlet.slug,
        }
        if article.outlet
        else None,
        "author": article.author or None,
        "province": place(article.province),
        "regency": place(article.regency),
        "district": place(article.district),
        "units": [{"slug": u.slug, "name": u.name, "level": u.level} for u in article.units.all()],
        "operations": [{"slug": o.slug, "name": o.name} for o in article.operations.all()],
        "elections": [e.slug for e in article.elections.all()],
        "people": [
            {
                "name": a.person.name,
                "slug": a.person.slug,
                "rank": a.rank or None,
                "position": a.position or None,
            }
            for a in article.appearances.all()
        ],
        "personnel_count": article.personnel_count,
        "quote_count": getattr(article, "quote_count", None),
        "story_id": article.story_id,
        "source": article.source or None,
        "content_hash": article.content_hash,
        "imported_at": _iso(article.imported_at),
    }


def csv_row(item: dict) -> list:
    def names(items, key="name"):
        return "; ".join(str(i[key]) for i in items)

    def person(p):
        details = ", ".join(x for x in (p["rank"], p["position"]) if x)
        return f"{p['name']} ({details})" if details else p["name"]

    region = {k: item[k] or {} for k in ("province", "regency", "district")}
    outlet = item["outlet"] or {}
    return [
        item["id"],
        item["url"],
        item["title"],
        item["date"],
        item["published_date"],
        item["event_date"],
        item["dateline"],
        outlet.get("name"),
        outlet.get("domain"),
        item["author"],
        region["province"].get("code"),
        region["province"].get("name"),
        region["regency"].get("code"),
        region["regency"].get("name"),
        region["district"].get("code"),
        region["district"].get("name"),
        names(item["units"]),
        names(item["units"], "slug"),
        names(item["operations"]),
        names(item["operations"], "slug"),
        "; ".join(item["elections"]),
        "; ".join(person(p) for p in item["people"]),
        item["personnel_count"],
        item["quote_count"],
        item["story_id"],
        item["source"],
        item["content_hash"],
        item["imported_at"],
    ]


def csv_cell(value):
    """A cell as written: text that a spreadsheet would run gets a leading `'`.

    Per column: `id`, `personnel_count`, `quote_count` and `story_id` are numbers
    (ints, never prefixed, so a number stays a number); every other column is text
    (codes, dates and hashes never start with a formula character; titles, names,
    places and sources may, and are neutralised)."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


class _Line:
    """A file-like object that hands back what csv.writer writes."""

    def write(self, value: str) -> str:
        return value


def csv_lines(items: Iterable[dict]) -> Iterator[str]:
    """The CSV of exported records (`record()`), header first, cells neutralised."""
    writer = csv.writer(_Line())
    # A byte-order mark, so that spreadsheets open the UTF-8 correctly.
    yield "\ufeff" + writer.writerow(CSV_COLUMNS)
    for item in items:
        yield writer.writerow([csv_cell(value) for value in csv_row(item)])


def csv_stream(articles: Iterable[Article], base_url: str) -> Iterator[str]:
    return csv_lines(record(article, base_url) for article in articles)


def json_stream(articles: Iterable[Article], base_url: str, params: dict) -> Iterator[str]:
    head = {
        "schema": f"{base_url}/api/docs",
        "schema_version": SCHEMA_VERSION,
        "generated_at": timezone.now().isoformat(),
        "parameters": params,
        "licence": "Data wilayah: idn-area-data (ODbL 1.0).",
    }
    yield json.dumps(head, ensure_ascii=False)[:-1] + ', "articles": ['
    count = 0
    for article in articles:
        yield (
            ("" if count == 0 else ",")
            + "\n"
            + json.dumps(record(article, base_url), ensure_ascii=False)
        )
        count += 1
    # The trailer, written only after the last row: a client that does not find
    # `"complete": true` holds a cut export, whatever the HTTP status said.
    yield f'\n], "count": {count}, "complete": true}}\n'


def response(kind: str, ordered, request) -> StreamingHttpResponse:
    base_url = request.build_absolute_uri("/").rstrip("/")
    articles = rows(ordered)
    stamp = dt.date.today().isoformat()
    if kind == "csv":
        out = StreamingHttpResponse(
            csv_stream(articles, base_url), content_type="text/csv; charset=utf-8"
        )
    else:
        params = {k: v if len(v) > 1 else v[0] for k, v in request.GET.lists()}
        out = StreamingHttpResponse(
            json_stream(articles, base_url, params), content_type="application/json; charset=utf-8"
        )
    out["Content-Disposition"] = f'attachment; filename="polsec-articles-{stamp}.{kind}"'
    return out
