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
import heapq
from dataclasses import dataclass, field

from django.conf import settings
from django.core.paginator import EmptyPage, Page, Paginator
from django.db.models import CharField, Count, QuerySet
from django.db.models.functions import Cast, Substr
from django.http import Http404, QueryDict
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext, pgettext_lazy

from . import bitmaps, search
from . import facets as facets_index
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
    value: str = ""  # a facet value's parameter value (a code, a slug)


@dataclass
class Facet:
    name: str
    title: str
    links: list[Link]
    values: int = 0  # how many values the facet has, shown or not
    more: Link | None = None  # to all the values, or back to the first few


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
    snapshot: bitmaps.Snapshot | None = None  # what the counts were read from
    bounded_ranking: bool = False  # relevance among the newest matches only

    @property
    def page_query(self) -> str:
        """The query string to which `page=N` is appended."""
        base = with_params(self.params)
        return base if base == "?" else base + "&"

    @property
    def export_query(self) -> str:
        """The query string of this list for its CSV, JSON and feed versions."""
        return with_params(self.params)

    def rebase(self, url: str) -> None:
        """Send every link that changes the list (facets, chips, months, sorting) to
        `url` (an entity page's refinements continue on /articles/); paging stays."""
        links = [*self.chips, *self.months, *self.sort_links]
        for facet in self.facets:
            links += [*facet.links, *([facet.more] if facet.more else [])]
        for link in links:
            link.url = url + link.url
        self.clear_url = url + self.clear_url

    @property
    def rank_limit(self) -> int:
        return search.RANK_LIMIT

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
    the list page, the exports, the feeds and the API all start from.

    With a `snapshot` of the published archive (reports/bitmaps.py; list pages) the
    counts, months and pages are set operations on it; without, SQL. Both read the
    same facet index, so they give the same numbers (tests/test_counts.py)."""

    filterset: ArticleFilter
    query: search.Query | None
    sort: str
    filtered: QuerySet  # searched and filtered, unordered
    snapshot: bitmaps.Snapshot | None = None
    bounded_ranking: bool = False  # relevance ranked among the newest matches only

    @property
    def data(self) -> dict:
        return self.filterset.form.cleaned_data

    def without(self, param: str) -> QuerySet:
        """The selection with one parameter's choice left out (a facet's own), or
        the selection itself when that parameter chooses nothing."""
        if not self.data.get(param):
            return self.filtered
        return self.filterset.filter_queryset(self.filterset.queryset, without=param)

    # --- On the snapshot ---------------------------------------------------------------

    def positions(self, without: str | None = None):
        """The snapshot's positions of the selection (of the selection without one
        parameter's choice), or None for the whole archive. The same filters as
        ArticleFilter: values of one parameter OR-ed, parameters AND-ed, dates
        inclusive, the search last."""
        if not hasattr(self, "_positions"):
            self._positions = {}
        if without not in self._positions:
            snapshot, data = self.snapshot, self.data
            parts = [
                snapshot.under(param, [value.pk for value in data[param]])
                for param in MULTI_VALUED
                if param != without and data.get(param)
            ]
            if data.get("date_from") or data.get("date_to"):
                parts.append(snapshot.dates(data.get("date_from"), data.get("date_to")))
            if self.query:
                parts.append(self._matches())
            self._positions[without] = parts[0].intersection(*parts[1:]) if parts else None
        return self._positions[without]

    def _matches(self):
        if not hasattr(self, "_match_positions"):
            self._match_positions = self.snapshot.matches(self.query)
        return self._match_positions

    def counts(self, dimension: str, among: QuerySet | None = None) -> dict[int, int]:
        """{value: articles} of a facet over the selection without its own choice:
        what `?<the other parameters>&<dimension>=<value>` would count."""
        if self.snapshot is None:
            return facets_index.counts(dimension, self.without(dimension), among=among)
        ids = None if among is None else list(among.values_list("pk", flat=True))
        return self.snapshot.counts(dimension, self.positions(without=dimension), ids)

    # --- In order -------------------------------------------------------------------

    def ordered(self, prepare=ArticleQuerySet.for_listing):
        """The selection in order, as something a Paginator (or a loop) can slice;
        `prepare` adds what the caller shows (select_related, prefetches)."""
        by_relevance = self.sort == "relevance" and self.query and self.query.all_of
        if self.snapshot is not None:
            return SnapshotResults(self, prepare(Article.objects.all()).in_bulk, by_relevance)
        if by_relevance:
            listing = prepare(Article.objects.all())
            return search.RankedResults(self.filterset.unsearched, self.query, listing.in_bulk)
        if self.sort == "oldest":
            return prepare(self.filtered.oldest_first())
        return prepare(self.filtered.newest_first())


class SnapshotResults(search.PagedByIds):
    """The selection's articles in order, read off the snapshot: `count()` is the
    size of a bitmap, a slice its ranks (newest or oldest first) or the ranked
    matches (relevance), and one query (two with prefetches) fetches the page."""

    def __init__(self, selection: Selection, listing, by_relevance: bool):
        self.selection, self.listing, self.by_relevance = selection, listing, by_relevance
        snapshot = selection.snapshot
        positions = selection.positions()
        self.positions = snapshot.everything if positions is None else positions

    def count(self) -> int:
        return len(self.positions)

    def ids(self, offset: int, limit: int) -> list[int]:
        snapshot, selection = self.selection.snapshot, self.selection
        if self.by_relevance:
            best, bounded = search.best_of(
                selection.query, _Ids(snapshot, self.positions), offset + limit
            )
            selection.bounded_ranking = bounded
            return best[offset:]
        if selection.sort == "oldest":
            return snapshot.oldest(self.positions, offset, limit)
        return snapshot.newest(self.positions, offset, limit)


class _Ids:
    """The article ids at some positions of a snapshot, as a container."""

    def __init__(self, snapshot: bitmaps.Snapshot, positions):
        self.snapshot, self.positions = snapshot, positions

    def __contains__(self, pk: int) -> bool:
        index = self.snapshot.index
        return pk < len(index) and index[pk] in self.positions

    def __iter__(self):
        ids = self.snapshot.ids
        return (ids[position] for position in self.positions)

    def highest(self, count: int) -> list[int]:
        """The `count` highest ids among these, highest first: when they are many
        (a common word), the snapshot's ids read from the top until `count` are
        found, rather than every one of them sorted."""
        index, positions = self.snapshot.index, self.positions
        if len(positions) * 8 <= len(index):
            return heapq.nlargest(count, self)
        found = []
        for pk in range(len(index) - 1, -1, -1):
            if index[pk] in positions:
                found.append(pk)
                if len(found) == count:
                    break
        return found


def select(request, articles: QuerySet, params: QueryDict | None = None) -> Selection:
    """Read the request's GET parameters (docs/search.md), or `params`, over
    `articles`, which are already published-only; BadParameters says what is wrong."""
    params = request.GET if params is None else params
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
    params: QueryDict | None = None,
) -> Browse:
    """Everything a list page shows for the request's parameters over `articles`.

    `params` are the request's GET parameters unless given (an entity page adds the
    parameter it stands for)."""
    params = request.GET if params is None else params
    selection = select(request, articles, params)
    selection.snapshot = bitmaps.current()
    query, data = selection.query, selection.data
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
        facets=facets(selection, params, focus) if total else [],
        chips=chips(params, data),
        months=month_histogram(selection, params) if total else [],
        params=params,
        form=selection.filterset.form,
        snapshot=selection.snapshot,
        bounded_ranking=selection.bounded_ranking,
        clear_url=with_params(
            params, **{k: None for k in (*MULTI_VALUED, "q", "date_from", "date_to", "sort", "all")}
        ),
        sort_links=[
            Link(label, with_params(params, sort=value), selected=value == selection.sort)
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


@dataclass(frozen=True)
class FacetSpec:
    """A facet of the list: which parameter it sets, the facet index's dimension it
    counts (reports/facets.py), and how its values are named in URLs."""

    param: str
    model: type
    value_field: str  # the value in the URL: a region's code, the others' slug
    title: str


FACETS = [
    FacetSpec("region", Region, "code", pgettext_lazy("filter", "Provinsi")),
    FacetSpec("unit", PoliceUnit, "slug", pgettext_lazy("filter", "Satuan")),
    FacetSpec("operation", Operation, "slug", pgettext_lazy("filter", "Operasi")),
    FacetSpec("election", Election, "slug", pgettext_lazy("filter", "Pemilihan")),
    FacetSpec("outlet", Outlet, "slug", pgettext_lazy("filter", "Media")),
]
FACET_PARAMS = [spec.param for spec in FACETS]


def facets(selection: Selection, params: QueryDict, focus: Region | None) -> list[Facet]:
    """Each facet's values with their counts, two queries a facet.

    A value's count is the number of articles the list would have with that value as
    its facet's only choice, the other facets' choices kept: exactly what
    `?<the other parameters>&<param>=<value>` returns (reports/facets.py). So the
    facet's own choices do not shrink it: with one province picked, the others stay,
    with their counts, and picking a second widens the list (values of one parameter
    are OR-ed). Chosen values are always listed; past FACET_LIMIT values a link shows
    them all (`all=<param>`)."""
    result = []
    for spec in FACETS:
        if spec.param == "region":
            provinces = {"among": Region.objects.provinces(), "keep": _is_province}
            result.append(_facet(spec, str(spec.title), params, selection, **provinces))
        else:
            result.append(_facet(spec, str(spec.title), params, selection))
        if spec.param == "region" and focus is not None:
            child = _child_facet(focus, params, selection)
            if child is not None:
                result.append(child)
    return [facet for facet in result if facet.links]


def _facet(spec, title, params, selection, *, among=None, keep=None, url=None) -> Facet:
    """One facet: its values among `among` (all by default) counted over the
    selection without the facet's own choice, the
    chosen ones that `keep` accepts always listed, each a link made by `url`."""
    expanded = params.get("all")
    counted = selection.counts(spec.param, among=among)
    chosen = {obj.pk for obj in selection.data.get(spec.param) or [] if keep is None or keep(obj)}
    # Ties broken by id, so the same values are shown whichever way they were counted.
    ranked = sorted(counted, key=lambda pk: (-counted[pk], pk))
    shown = set(ranked if expanded == spec.param else ranked[:FACET_LIMIT]) | chosen
    objects = spec.model.objects.filter(pk__in=shown or [0]).only("pk", spec.value_field, "name")
    selected_values = set(params.getlist(spec.param))
    links = [
        Link(
            label=obj.name,
            url=(url or toggled)(params, spec.param, getattr(obj, spec.value_field)),
            count=counted.get(obj.pk, 0),
            selected=getattr(obj, spec.value_field) in selected_values,
            value=getattr(obj, spec.value_field),
        )
        for obj in objects
    ]
    links.sort(key=lambda link: (-link.count, link.label))
    facet = Facet(spec.param, title, links, values=len(counted.keys() | chosen))
    if facet.values > len(links):
        facet.more = Link(
            ngettext("Semua %(count)d nilai", "Semua %(count)d nilai", facet.values)
            % {"count": facet.values},
            with_params(params, all=spec.param),
        )
    elif expanded == spec.param and facet.values > FACET_LIMIT:
        facet.more = Link(_("Lebih sedikit"), with_params(params, all=None))
    return facet


def _child_facet(focus: Region, params, selection) -> Facet | None:
    """The areas inside the region in focus (a province's regencies, a regency's
    districts): a link narrows the list to one of them, in place of the focus."""
    if focus.level == Region.Level.PROVINCE:
        title = _("Kabupaten/kota di %(region)s") % {"region": focus.name}
    elif focus.level == Region.Level.REGENCY:
        title = _("Kecamatan di %(region)s") % {"region": focus.name}
    else:
        return None

    def narrowed(params, key, value):
        values = [v for v in params.getlist(key) if v != focus.code]
        return (
            with_params(params, **{key: [*values, value]})
            if value not in values
            else (with_params(params, **{key: values or None}))
        )

    return _facet(
        FACETS[0],
        title,
        params,
        selection,
        among=focus.children.all(),
        keep=lambda region: region.parent_id == focus.pk,
        url=narrowed,
    )


def _is_province(region: Region) -> bool:
    return region.level == Region.Level.PROVINCE


def month_histogram(selection: Selection, params: QueryDict) -> list[Link]:
    """Reports per month of the result set; each month narrows the dates to itself."""
    if (snapshot := selection.snapshot) is not None:
        positions = selection.positions()
        bounds = snapshot.date_bounds(positions)
        months = _months(*bounds) if bounds else []
        spans = [(month, _month_end(month)) for month in months]
        counted = zip(months, snapshot.date_counts(positions, spans), strict=True)
        rows = [(first, n) for first, n in counted if n]
    else:
        rows = [
            (dt.date.fromisoformat(row["month"] + "-01"), row["n"])
            for row in selection.filtered.order_by()
            .filter(date__isnull=False)
            .annotate(month=year_month("date"))
            .values("month")
            .annotate(n=Count("pk"))
            .order_by("month")
        ]
    start, end = params.get("date_from"), params.get("date_to")
    links = []
    for first, n in rows:
        last = _month_end(first)
        links.append(
            Link(
                label=date_format(first, "F Y"),
                url=with_params(params, date_from=first.isoformat(), date_to=last.isoformat()),
                count=n,
                selected=start == first.isoformat() and end == last.isoformat(),
            )
        )
    return links


def _months(first: dt.date, last: dt.date) -> list[dt.date]:
    """The first day of every month from `first`'s to `last`'s."""
    months, current = [], first.replace(day=1)
    while current <= last:
        months.append(current)
        current = _month_end(current) + dt.timedelta(days=1)
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
