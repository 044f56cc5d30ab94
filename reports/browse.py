"""Browsing published articles: filter, search, facet, sort and page, for any list.

`browse(request, articles)` reads the GET parameters of docs/search.md with the
ArticleFilter, and returns everything a list page shows: the page of articles, the
facets with counts for the whole result set (each value a link that adds or removes
that filter), the active filters as removable chips, a month histogram and the
search snippets. It makes the same number of queries whatever the number of results.
Bad parameters raise `BadParameters`, which the views answer with 400.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.core.paginator import EmptyPage, Page, Paginator
from django.db.models import Count, QuerySet
from django.db.models.functions import TruncMonth
from django.http import Http404, QueryDict
from django.utils.formats import date_format

from . import search
from .filters import ArticleFilter
from .models import Article, Region

FACET_LIMIT = 12
MULTI_VALUED = ("region", "unit", "operation", "outlet", "election")


class BadParameters(Exception):
    """The request's parameters cannot be served; `errors` says which and why."""

    def __init__(self, errors: dict[str, list[str]]):
        super().__init__(errors)
        self.errors = errors


@dataclass
class Link:
    """A value a reader can click: a facet value, a chip, a histogram bar."""

    label: str
    url: str
    count: int | None = None
    selected: bool = False
    detail: str = ""


@dataclass
class Facet:
    name: str
    title: str
    links: list[Link]
    subtitle: str = ""


@dataclass
class Browse:
    page: Page
    total: int
    query: search.Query | None
    sort: str
    facets: list[Facet]
    chips: list[Link]
    months: list[Link]
    params: QueryDict
    form: object = None
    clear_url: str = "?"
    sort_links: list[Link] = field(default_factory=list)

    @property
    def page_query(self) -> str:
        """The query string to which `page=N` is appended."""
        base = with_params(self.params)
        return base if base == "?" else base + "&"

    @property
    def months_max(self) -> int:
        return max((link.count for link in self.months), default=0)

    @property
    def active(self) -> bool:
        """Whether any filter or search narrows the list."""
        return bool(self.chips)

    def hidden_filters(self) -> list[tuple[str, str]]:
        """The facet filters, for hidden inputs of the search form (its own fields,
        q, dates and sort, are visible)."""
        return [(key, value) for key in MULTI_VALUED for value in self.params.getlist(key)]


# --- URLs ----------------------------------------------------------------------


def with_params(params: QueryDict, **changes) -> str:
    """`?...` for params with `changes` applied (None removes a key); page reset."""
    updated = params.copy()
    updated.pop("page", None)
    for key, value in changes.items():
        updated.pop(key, None)
        if value is not None:
            updated.setlist(key, value if isinstance(value, list) else [value])
    encoded = updated.urlencode()
    return f"?{encoded}" if encoded else "?"


def toggled(params: QueryDict, key: str, value: str) -> str:
    """`?...` with `value` added to `key`'s values, or removed if already there."""
    values = params.getlist(key)
    values = [v for v in values if v != value] if value in values else [*values, value]
    return with_params(params, **{key: values or None})


# --- The browse ------------------------------------------------------------------


def browse(
    request, articles: QuerySet, *, focus: Region | None = None, per_page: int | None = None
) -> Browse:
    """Filter `articles` (already published-only) by the request's GET parameters."""
    params = request.GET
    _refuse_control_characters(params)
    filterset = ArticleFilter(params, queryset=articles, request=request)
    if not filterset.is_valid():
        raise BadParameters({k: list(v) for k, v in filterset.errors.items()})
    data = filterset.form.cleaned_data
    text = data.get("q") or ""
    query = search.parse_query(text) if text else None
    sort = data.get("sort") or ("relevance" if query else "newest")
    filtered = filterset.qs

    if sort == "relevance" and query:
        ordered = filtered.by_relevance(query)
    elif sort == "oldest":
        ordered = filtered.oldest_first()
    else:
        ordered = filtered.newest_first()
    page = paginate(ordered.for_listing(), params.get("page"), per_page)
    page.object_list = list(page.object_list)
    total = page.paginator.count
    found = search.snippets(page.object_list, query) if query else {}
    for article in page.object_list:
        article.snippet = found.get(article.pk)

    regions = list(data.get("region") or [])
    if focus is None and len(regions) == 1:
        focus = regions[0]
    return Browse(
        page=page,
        total=total,
        query=query,
        sort=sort,
        facets=facets(filtered, params, focus) if total else [],
        chips=chips(params, data),
        months=month_histogram(filtered, params) if total else [],
        params=params,
        form=filterset.form,
        clear_url=with_params(
            params, **{k: None for k in (*MULTI_VALUED, "q", "date_from", "date_to", "sort")}
        ),
        sort_links=[
            Link(label, with_params(params, sort=value), selected=value == sort)
            for value, label in ArticleFilter.SORTS
            if value != "relevance" or query
        ],
    )


def _refuse_control_characters(params: QueryDict) -> None:
    """No parameter may carry control characters (NUL cannot even reach PostgreSQL)."""
    bad = sorted(
        {
            key
            for key, values in params.lists()
            for value in values
            if any(ord(char) < 32 or ord(char) == 127 for char in value)
        }
    )
    if bad:
        raise BadParameters({key: ["Nilai parameter mengandung karakter kontrol."] for key in bad})


def paginate(queryset: QuerySet, number: str | None, per_page: int | None = None) -> Page:
    """Page `number` of `queryset`: BadParameters for a malformed number, 404 past the end."""
    paginator = Paginator(queryset, per_page or settings.ARTICLES_PER_PAGE)
    if number in (None, ""):
        return paginator.page(1)
    if not number.isascii() or not number.isdigit() or int(number) < 1 or len(number) > 9:
        raise BadParameters({"page": ["Nomor halaman harus bilangan bulat positif."]})
    try:
        return paginator.page(int(number))
    except EmptyPage:
        raise Http404("Halaman melewati akhir hasil.") from None


# --- Facets ------------------------------------------------------------------------


def _grouped(queryset: QuerySet, *fields: str, through: str = "pk") -> list[dict]:
    return list(
        queryset.values(*fields)
        .annotate(n=Count(through))
        .order_by("-n", fields[1] if len(fields) > 1 else fields[0])
    )


def facets(filtered: QuerySet, params: QueryDict, focus: Region | None) -> list[Facet]:
    """Counts over the whole filtered set, one query per facet."""
    ids = filtered.values("pk")
    in_set = Article.objects.filter(pk__in=ids)
    selected = {key: set(params.getlist(key)) for key in MULTI_VALUED}

    def links(rows, key, value_field, label_field, detail=None):
        return [
            Link(
                label=row[label_field],
                url=toggled(params, key, row[value_field]),
                count=row["n"],
                selected=row[value_field] in selected[key],
                detail=detail(row) if detail else "",
            )
            for row in rows
            if row[value_field] is not None
        ]

    result = [
        Facet(
            "region",
            "Provinsi",
            links(
                _grouped(in_set, "province__code", "province__name"),
                "region",
                "province__code",
                "province__name",
            ),
        )
    ]
    if focus is not None:
        level = {
            Region.Level.PROVINCE: ("regency", "Kabupaten/kota di "),
            Region.Level.REGENCY: ("district", "Kecamatan di "),
        }.get(focus.level)
        if level:
            child, title = level
            rows = _grouped(
                in_set.filter(**{f"{child}__parent": focus}), f"{child}__code", f"{child}__name"
            )
            result.append(
                Facet(
                    "region",
                    title + focus.name,
                    links(rows, "region", f"{child}__code", f"{child}__name"),
                )
            )
    unit_rows = _grouped(
        Article.units.through.objects.filter(article_id__in=ids),
        "policeunit__slug",
        "policeunit__name",
        "policeunit__level",
        through="article_id",
    )[:FACET_LIMIT]
    result.append(
        Facet("unit", "Satuan", links(unit_rows, "unit", "policeunit__slug", "policeunit__name"))
    )
    operation_rows = _grouped(
        Article.operations.through.objects.filter(article_id__in=ids),
        "operation__slug",
        "operation__name",
        through="article_id",
    )[:FACET_LIMIT]
    result.append(
        Facet(
            "operation",
            "Operasi",
            links(operation_rows, "operation", "operation__slug", "operation__name"),
        )
    )
    election_rows = _grouped(
        Article.elections.through.objects.filter(article_id__in=ids),
        "election__slug",
        "election__name",
        through="article_id",
    )
    result.append(
        Facet(
            "election",
            "Pemilihan",
            links(election_rows, "election", "election__slug", "election__name"),
        )
    )
    outlet_rows = _grouped(in_set, "outlet__slug", "outlet__name")[:FACET_LIMIT]
    result.append(
        Facet("outlet", "Media", links(outlet_rows, "outlet", "outlet__slug", "outlet__name"))
    )
    return [facet for facet in result if facet.links]


def month_histogram(filtered: QuerySet, params: QueryDict) -> list[Link]:
    """Reports per month of the result set; each month narrows the dates to itself."""
    rows = (
        Article.objects.filter(pk__in=filtered.values("pk"), date__isnull=False)
        .annotate(month=TruncMonth("date"))
        .values("month")
        .annotate(n=Count("pk"))
        .order_by("month")
    )
    start, end = params.get("date_from"), params.get("date_to")
    months = []
    for row in rows:
        first = row["month"]
        last = _month_end(first)
        months.append(
            Link(
                label=date_format(first, "F Y"),
                url=with_params(params, date_from=first.isoformat(), date_to=last.isoformat()),
                count=row["n"],
                selected=start == first.isoformat() and end == last.isoformat(),
            )
        )
    return months


def _month_end(first: dt.date) -> dt.date:
    following = (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return following - dt.timedelta(days=1)


# --- Chips --------------------------------------------------------------------------


def chips(params: QueryDict, data: dict) -> list[Link]:
    """The active filters, each with a link that removes it."""
    result = []
    if data.get("q"):
        result.append(Link(f"Cari: “{data['q']}”", with_params(params, q=None)))
    labels = {
        "region": "Wilayah",
        "unit": "Satuan",
        "operation": "Operasi",
        "outlet": "Media",
        "election": "Pemilihan",
    }
    value_of = {"region": "code"}
    for key, title in labels.items():
        for obj in data.get(key) or []:
            value = getattr(obj, value_of.get(key, "slug"))
            result.append(Link(f"{title}: {obj}", toggled(params, key, value)))
    for key, title in (("date_from", "Dari"), ("date_to", "Sampai")):
        if data.get(key):
            label = f"{title}: {date_format(data[key], 'j F Y')}"
            result.append(Link(label, with_params(params, **{key: None})))
    return result
