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
from django.db.models import CharField, Count, QuerySet
from django.db.models.functions import Cast, Substr
from django.http import Http404, QueryDict
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from . import search
from .filters import ArticleFilter
from .models import Article, ArticleQuerySet, Election, Operation, Outlet, PoliceUnit, Region

FACET_LIMIT = 12
MULTI_VALUED = ("region", "unit", "operation", "outlet", "person", "election")


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

    scope: dict = field(default_factory=dict)

    @property
    def export_query(self) -> str:
        """The query string of this list for its CSV, JSON and feed versions: the
        page's own scope (an entity page's region, unit...) and the reader's filters."""
        merged = self.params.copy()
        for key, value in self.scope.items():
            if value not in merged.getlist(key):
                merged.appendlist(key, value)
        return with_params(merged)

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


@dataclass
class Selection:
    """The articles a request's parameters select, in the order they ask for: what
    the list page, the exports, the feeds and the API all start from."""

    filterset: ArticleFilter
    query: search.Query | None
    sort: str
    filtered: QuerySet  # searched and filtered, unordered

    @property
    def data(self) -> dict:
        return self.filterset.form.cleaned_data

    def ordered(self, prepare=ArticleQuerySet.for_listing):
        """The selection in order, as something a Paginator (or a loop) can slice;
        `prepare` adds what the caller shows (select_related, prefetches)."""
        if self.sort == "relevance" and self.query and self.query.all_of:
            listing = prepare(Article.objects.all())
            return search.RankedResults(self.filterset.unsearched, self.query, listing.in_bulk)
        if self.sort == "oldest":
            return prepare(self.filtered.oldest_first())
        return prepare(self.filtered.newest_first())


def select(request, articles: QuerySet) -> Selection:
    """Read the request's GET parameters (docs/search.md) over `articles`, which are
    already published-only; BadParameters says what is wrong with them."""
    params = request.GET
    _refuse_control_characters(params)
    filterset = ArticleFilter(params, queryset=articles, request=request)
    if not filterset.is_valid():
        raise BadParameters({k: list(v) for k, v in filterset.errors.items()})
    text = filterset.form.cleaned_data.get("q") or ""
    query = search.parse_query(text) if text else None
    sort = filterset.form.cleaned_data.get("sort") or ("relevance" if query else "newest")
    return Selection(filterset, query, sort, filterset.qs)


def browse(
    request,
    articles: QuerySet,
    *,
    focus: Region | None = None,
    per_page: int | None = None,
    scope: dict | None = None,
) -> Browse:
    """Everything a list page shows for the request's parameters over `articles`.

    `scope` is the parameter that selects `articles` on /articles/ (an entity page
    passes its own: `{"region": "35"}`), for the page's exports and feeds."""
    params = request.GET
    selection = select(request, articles)
    query, data, filtered = selection.query, selection.data, selection.filtered
    page = paginate(selection.ordered(), params.get("page"), per_page)
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
        sort=selection.sort,
        facets=facets(filtered, params, focus) if total else [],
        chips=chips(params, data),
        months=month_histogram(filtered, params) if total else [],
        params=params,
        form=selection.filterset.form,
        clear_url=with_params(
            params, **{k: None for k in (*MULTI_VALUED, "q", "date_from", "date_to", "sort")}
        ),
        sort_links=[
            Link(label, with_params(params, sort=value), selected=value == selection.sort)
            for value, label in ArticleFilter.SORTS
            if value != "relevance" or query
        ],
        scope=scope or {},
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
        message = _("Nilai parameter mengandung karakter kontrol.")
        raise BadParameters({key: [message] for key in bad})


def paginate(queryset, number: str | None, per_page: int | None = None) -> Page:
    """Page `number` of `queryset`: BadParameters for a malformed number, 404 past the end."""
    paginator = Paginator(queryset, per_page or settings.ARTICLES_PER_PAGE)
    if number in (None, ""):
        return paginator.page(1)
    if not number.isascii() or not number.isdigit() or int(number) < 1 or len(number) > 9:
        raise BadParameters({"page": [_("Nomor halaman harus bilangan bulat positif.")]})
    try:
        return paginator.page(int(number))
    except EmptyPage:
        raise Http404(_("Halaman melewati akhir hasil.")) from None


# --- Facets ------------------------------------------------------------------------


def _counted(rows, key: str, model, fields: tuple[str, ...], limit: int | None = None):
    """Rows of `{key: id, n: count}` turned into `{value..., n}` dicts, biggest first:
    grouping by the bare id lets the database use its index; the names come from
    one small query for just the ids counted."""
    rows = sorted(
        ((row[key], row["n"]) for row in rows if row[key] is not None),
        key=lambda pair: -pair[1],
    )[:limit]
    # `or [0]`: one query even for an empty facet, so a page's query count does not
    # depend on what it finds.
    ids = [pk for pk, _ in rows] or [0]
    found = {obj["pk"]: obj for obj in model.objects.filter(pk__in=ids).values("pk", *fields)}
    return sorted(
        ({**found[pk], "n": n} for pk, n in rows if pk in found),
        key=lambda row: (-row["n"], row[fields[1]]),
    )


def facets(filtered: QuerySet, params: QueryDict, focus: Region | None) -> list[Facet]:
    """Counts over the whole filtered set, two queries per facet."""
    # The filters are subqueries, never joins, so grouping the filtered set itself
    # counts each report once.
    in_set = filtered.order_by()
    ids = in_set.values("pk")
    selected = {key: set(params.getlist(key)) for key in MULTI_VALUED}

    def links(rows, key, value_field, label_field):
        return [
            Link(
                label=row[label_field],
                url=toggled(params, key, row[value_field]),
                count=row["n"],
                selected=row[value_field] in selected[key],
            )
            for row in rows
        ]

    def by_fk(field, model, fields, limit=None):
        return _counted(
            in_set.values(f"{field}_id").annotate(n=Count("pk")).order_by(),
            f"{field}_id",
            model,
            fields,
            limit,
        )

    def by_m2m(through, field, model, fields, limit=FACET_LIMIT):
        return _counted(
            through.objects.filter(article_id__in=ids)
            .values(f"{field}_id")
            .annotate(n=Count("article_id"))
            .order_by(),
            f"{field}_id",
            model,
            fields,
            limit,
        )

    result = [
        Facet(
            "region",
            pgettext("filter", "Provinsi"),
            links(by_fk("province", Region, ("code", "name")), "region", "code", "name"),
        )
    ]
    if focus is not None:
        child = {Region.Level.PROVINCE: "regency", Region.Level.REGENCY: "district"}.get(
            focus.level
        )
        if child:
            if child == "regency":
                title = _("Kabupaten/kota di %(region)s") % {"region": focus.name}
            else:
                title = _("Kecamatan di %(region)s") % {"region": focus.name}
            rows = _counted(
                in_set.filter(**{f"{child}__parent": focus})
                .values(f"{child}_id")
                .annotate(n=Count("pk"))
                .order_by(),
                f"{child}_id",
                Region,
                ("code", "name"),
            )
            result.append(Facet("region", title, links(rows, "region", "code", "name")))
    result += [
        Facet(
            "unit",
            pgettext("filter", "Satuan"),
            links(
                by_m2m(Article.units.through, "policeunit", PoliceUnit, ("slug", "name")),
                "unit",
                "slug",
                "name",
            ),
        ),
        Facet(
            "operation",
            pgettext("filter", "Operasi"),
            links(
                by_m2m(Article.operations.through, "operation", Operation, ("slug", "name")),
                "operation",
                "slug",
                "name",
            ),
        ),
        Facet(
            "election",
            pgettext("filter", "Pemilihan"),
            links(
                by_m2m(Article.elections.through, "election", Election, ("slug", "name")),
                "election",
                "slug",
                "name",
            ),
        ),
        Facet(
            "outlet",
            pgettext("filter", "Media"),
            links(by_fk("outlet", Outlet, ("slug", "name"), FACET_LIMIT), "outlet", "slug", "name"),
        ),
    ]
    return [facet for facet in result if facet.links]


def month_histogram(filtered: QuerySet, params: QueryDict) -> list[Link]:
    """Reports per month of the result set; each month narrows the dates to itself."""
    rows = (
        filtered.order_by()
        .filter(date__isnull=False)
        .annotate(month=year_month("date"))
        .values("month")
        .annotate(n=Count("pk"))
        .order_by("month")
    )
    start, end = params.get("date_from"), params.get("date_to")
    months = []
    for row in rows:
        first = dt.date.fromisoformat(row["month"] + "-01")
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


def year_month(field: str) -> Substr:
    """`YYYY-MM` of a date: plain SQL on both databases, where TruncMonth would call
    a Python function for every row on SQLite."""
    return Substr(Cast(field, output_field=CharField()), 1, 7)


def _month_end(first: dt.date) -> dt.date:
    following = (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return following - dt.timedelta(days=1)


# --- Chips --------------------------------------------------------------------------


def chips(params: QueryDict, data: dict) -> list[Link]:
    """The active filters, each with a link that removes it."""
    result = []
    if data.get("q"):
        label = _("Cari: “%(query)s”") % {"query": data["q"]}
        result.append(Link(label, with_params(params, q=None)))
    labels = {
        "person": pgettext("filter", "Orang"),
        "region": pgettext("filter", "Wilayah"),
        "unit": pgettext("filter", "Satuan"),
        "operation": pgettext("filter", "Operasi"),
        "outlet": pgettext("filter", "Media"),
        "election": pgettext("filter", "Pemilihan"),
    }
    value_of = {"region": "code"}
    for key, title in labels.items():
        for obj in data.get(key) or []:
            value = getattr(obj, value_of.get(key, "slug"))
            result.append(Link(f"{title}: {obj}", toggled(params, key, value)))
    dates = (("date_from", pgettext("filter", "Dari")), ("date_to", pgettext("filter", "Sampai")))
    for key, title in dates:
        if data.get(key):
            label = f"{title}: {date_format(data[key], 'j F Y')}"
            result.append(Link(label, with_params(params, **{key: None})))
    return result
