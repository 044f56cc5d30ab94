"""The read-only JSON API under /api/ (django-ninja; docs/api.md).

Articles take the same parameters as /articles/ (search, filters, sort) through the
same code (reports.browse.select), so the API, the site, the exports and the feeds
always agree. Every list is paged with links to the next and previous pages. The
OpenAPI 3 schema is at /api/openapi.json and the documentation at /api/docs.
"""

from __future__ import annotations

import datetime as dt
import math

from django.conf import settings
from django.db.models import Prefetch, Q
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.views.decorators.csp import csp_override
from ninja import Field, NinjaAPI, Query, Schema, Status
from ninja.errors import HttpError

from . import exports, facets
from .browse import BadParameters, select
from .models import (
    Appearance,
    Article,
    Election,
    Operation,
    Outlet,
    Person,
    PoliceUnit,
    Quote,
    Region,
)

PAGE_SIZE = 50

api = NinjaAPI(
    title="Polsec Archive API",
    version="1.0",
    description=(
        "Read-only data of Polsec Archive: published news reports on how Indonesia's "
        "police secured Pemilu 2024 and Pilkada 2024, and the regions, police units, "
        "operations, people, outlets and elections they name. Area data: idn-area-data "
        "(ODbL 1.0). Responses are JSON; lists are paged (`page`), with `next` and "
        "`previous` links."
    ),
    urls_namespace="api",
    # Swagger UI (bundled with django-ninja, served from our own static files) sets
    # inline styles; its page alone may use them. Scripts stay 'self' only.
    docs_decorator=csp_override(settings.SECURE_CSP | {"style-src": ["'self'", "'unsafe-inline'"]}),
)


# --- Schemas ------------------------------------------------------------------------


class Place(Schema):
    code: str
    name: str


class OutletRef(Schema):
    slug: str
    name: str
    domain: str | None


class UnitRef(Schema):
    slug: str
    name: str
    level: str


class OperationRef(Schema):
    slug: str
    name: str


class PersonMention(Schema):
    name: str
    slug: str
    rank: str | None
    position: str | None


class ArticleOut(Schema):
    id: int
    url: str
    title: str
    date: dt.date | None
    published_date: dt.date | None
    event_date: dt.date | None
    dateline: str | None
    outlet: OutletRef | None
    author: str | None
    province: Place | None
    regency: Place | None
    district: Place | None
    units: list[UnitRef]
    operations: list[OperationRef]
    elections: list[str]
    people: list[PersonMention]
    personnel_count: int | None
    quote_count: int | None
    story_id: int | None
    source: str | None
    content_hash: str
    imported_at: dt.datetime | None


class QuoteOut(Schema):
    speaker: str | None
    text: str


class ArticleDetailOut(ArticleOut):
    body: str
    quotes: list[QuoteOut]


class Page(Schema):
    count: int
    page: int
    pages: int
    next: str | None
    previous: str | None


class ArticlePage(Page):
    results: list[ArticleOut]


class RegionOut(Schema):
    code: str
    name: str
    level: str
    parent: str | None = Field(None, description="The parent area's code.")
    url: str
    articles: int


class RegionPage(Page):
    results: list[RegionOut]


class UnitOut(Schema):
    slug: str
    name: str
    level: str
    parent: str | None = Field(None, description="The parent unit's slug.")
    region: str | None = Field(None, description="The area code of its jurisdiction.")
    aliases: list[str]
    url: str
    articles: int


class UnitPage(Page):
    results: list[UnitOut]


class OperationOut(Schema):
    slug: str
    name: str
    kind: str
    code_name: str
    period: str
    election: str
    polda: str | None
    starts_on: dt.date | None
    ends_on: dt.date | None
    url: str
    articles: int


class PersonOut(Schema):
    slug: str
    name: str
    url: str
    appearances: int


class PersonPage(Page):
    results: list[PersonOut]


class AppearanceOut(Schema):
    article_id: int
    article_url: str
    date: dt.date | None
    rank: str | None
    position: str | None


class PersonDetailOut(PersonOut):
    positions: list[AppearanceOut]


class OutletOut(Schema):
    slug: str
    name: str
    domain: str | None
    url: str
    articles: int


class ElectionOut(Schema):
    slug: str
    name: str
    kind: str
    voting_day: dt.date
    url: str
    articles: int


class ArticleParams(Schema):
    """The parameters of /articles/ (docs/search.md); lists repeat the parameter."""

    q: str | None = Field(None, description='Search text: words AND-ed, "phrase", -exclude, OR.')
    region: list[str] = Field([], description="Area codes: 35, 35.07, 35.07.01.")
    unit: list[str] = Field([], description="Unit slugs; a Polda includes its Polres.")
    operation: list[str] = Field([], description="Operation slugs.")
    outlet: list[str] = Field([], description="Outlet slugs.")
    person: list[str] = Field([], description="Person slugs.")
    election: list[str] = Field([], description="pemilu-2024, pilkada-2024.")
    date_from: dt.date | None = Field(None, description="YYYY-MM-DD, inclusive.")
    date_to: dt.date | None = Field(None, description="YYYY-MM-DD, inclusive.")
    sort: str | None = Field(None, description="relevance, newest or oldest.")


class Errors(Schema):
    errors: dict[str, list[str]]


# --- Helpers ------------------------------------------------------------------------


def _page_number(request: HttpRequest) -> int:
    raw = request.GET.get("page", "1")
    if not raw.isascii() or not raw.isdigit() or not 0 < int(raw) < 10**9:
        raise HttpError(400, "page: a positive whole number.")
    return int(raw)


def paged(request: HttpRequest, items, total: int, serialize) -> dict:
    """One page of `items` (sliceable) with `count`, `pages` and `next`/`previous` links."""
    number = _page_number(request)
    pages = max(1, math.ceil(total / PAGE_SIZE))
    if number > pages:
        raise HttpError(404, "page: past the last page.")
    start = (number - 1) * PAGE_SIZE

    def link(n: int) -> str:
        params = request.GET.copy()
        params["page"] = str(n)
        return request.build_absolute_uri(f"{request.path}?{params.urlencode()}")

    return {
        "count": total,
        "page": number,
        "pages": pages,
        "next": link(number + 1) if number < pages else None,
        "previous": link(number - 1) if number > 1 else None,
        "results": [serialize(item) for item in items[start : start + PAGE_SIZE]],
    }


def _base(request: HttpRequest) -> str:
    return request.build_absolute_uri("/").rstrip("/")


# --- Articles -----------------------------------------------------------------------


@api.get("/articles", response={200: ArticlePage, 400: Errors}, tags=["articles"])
def list_articles(request, filters: Query[ArticleParams]):
    """Published articles matching the parameters of /articles/, 50 a page."""
    try:
        selection = select(request, Article.objects.published())
    except BadParameters as error:
        return Status(400, {"errors": error.errors})
    ordered = selection.ordered(prepare=exports.prepare)
    base = _base(request)
    return paged(request, ordered, ordered.count(), lambda a: exports.record(a, base))


@api.get("/articles/{article_id}", response=ArticleDetailOut, tags=["articles"])
def get_article(request, article_id: int):
    """One published article, with its body and quotes."""
    queryset = (
        exports.prepare(Article.objects.published())
        .prefetch_related(Prefetch("quotes", queryset=Quote.objects.select_related("speaker")))
        .defer(None)
        .defer("raw_text")
    )
    article = get_object_or_404(queryset, pk=article_id)
    data = exports.record(article, _base(request))
    data["body"] = article.body
    data["quotes"] = [
        {"speaker": q.speaker.name if q.speaker else None, "text": q.text}
        for q in article.quotes.all()
    ]
    return data


# --- Places, units, operations -----------------------------------------------------------


def _region(region: Region, base: str) -> dict:
    return {
        "code": region.code,
        "name": region.name,
        "level": region.level,
        "parent": region.code.rsplit(".", 1)[0] if "." in region.code else None,
        "url": base + region.get_absolute_url(),
        "articles": getattr(region, "n", 0),
    }


@api.get("/regions", response=RegionPage, tags=["places"])
def list_regions(request, level: str | None = None, parent: str | None = None):
    """Provinces, regencies and districts with their codes; filter by `level`
    (province, regency, district) or `parent` (a code)."""
    regions = Region.objects.all()
    if level:
        if level not in Region.Level.values:
            raise HttpError(400, "level: province, regency or district.")
        regions = regions.filter(level=level)
    if parent:
        regions = regions.filter(parent__code=parent)
    base = _base(request)
    regions = facets.with_count(regions, "region").order_by("code")
    return paged(request, regions, regions.count(), lambda region: _region(region, base))


@api.get("/regions/{code}", response=RegionOut, tags=["places"])
def get_region(request, code: str):
    region = get_object_or_404(Region, code=code)
    region.n = facets.count("region", region.pk)
    return _region(region, _base(request))


def _unit(unit: PoliceUnit, base: str) -> dict:
    return {
        "slug": unit.slug,
        "name": unit.name,
        "level": unit.level,
        "parent": unit.parent.slug if unit.parent else None,
        "region": unit.region.code if unit.region else None,
        "aliases": [alias.name for alias in unit.aliases.all()],
        "url": base + unit.get_absolute_url(),
        "articles": unit.n,
    }


@api.get("/units", response=UnitPage, tags=["police"])
def list_units(request, level: str | None = None, polda: str | None = None):
    """Police units; filter by `level` or by `polda` (a Polda's slug: its units)."""
    units = PoliceUnit.objects.select_related("parent", "region").prefetch_related("aliases")
    if level:
        if level not in PoliceUnit.Level.values:
            raise HttpError(400, f"level: one of {', '.join(PoliceUnit.Level.values)}.")
        units = units.filter(level=level)
    if polda:
        units = units.filter(Q(slug=polda) | Q(parent__slug=polda) | Q(parent__parent__slug=polda))
    units = facets.with_count(units, "unit").order_by("name")
    base = _base(request)
    return paged(request, units, units.count(), lambda u: _unit(u, base))


@api.get("/units/{slug}", response=UnitOut, tags=["police"])
def get_unit(request, slug: str):
    unit = get_object_or_404(
        PoliceUnit.objects.select_related("parent", "region").prefetch_related("aliases"),
        slug=slug,
    )
    unit.n = facets.count("unit", unit.pk)
    return _unit(unit, _base(request))


def _operation(op: Operation, base: str) -> dict:
    return {
        "slug": op.slug,
        "name": op.name,
        "kind": op.kind,
        "code_name": op.code_name,
        "period": op.period,
        "election": op.election.slug,
        "polda": op.polda.slug if op.polda else None,
        "starts_on": op.starts_on,
        "ends_on": op.ends_on,
        "url": base + op.get_absolute_url(),
        "articles": op.n,
    }


@api.get("/operations", response=list[OperationOut], tags=["police"])
def list_operations(request):
    """Every operation, national and code-named, with its number of published reports."""
    operations = facets.with_count(
        Operation.objects.select_related("election", "polda"), "operation"
    )
    base = _base(request)
    return [_operation(op, base) for op in operations]


@api.get("/operations/{slug}", response=OperationOut, tags=["police"])
def get_operation(request, slug: str):
    operation = get_object_or_404(
        facets.with_count(Operation.objects.select_related("election", "polda"), "operation"),
        slug=slug,
    )
    return _operation(operation, _base(request))


# --- People, outlets, elections ------------------------------------------------------


def _person(person: Person, base: str) -> dict:
    return {
        "slug": person.slug,
        "name": person.name,
        "url": base + person.get_absolute_url(),
        "appearances": person.n,
    }


def _people():
    return facets.with_count(Person.objects.all(), "person").filter(n__gt=0)


@api.get("/people", response=PersonPage, tags=["people"])
def list_people(request, name: str | None = None):
    """People named in published reports, by name; `name` filters (contains)."""
    people = _people().order_by("name")
    if name:
        people = people.filter(name__icontains=name[:100])
    base = _base(request)
    return paged(request, people, people.count(), lambda p: _person(p, base))


@api.get("/people/{slug}", response=PersonDetailOut, tags=["people"])
def get_person(request, slug: str):
    """A person and every rank and position reports gave them, by date."""
    person = get_object_or_404(_people(), slug=slug)
    base = _base(request)
    appearances = (
        Appearance.objects.filter(person=person, article__status=Article.Status.PUBLISHED)
        .select_related("article")
        .order_by("article__date", "article__pk")
    )
    return {
        **_person(person, base),
        "positions": [
            {
                "article_id": a.article_id,
                "article_url": base + a.article.get_absolute_url(),
                "date": a.article.date,
                "rank": a.rank or None,
                "position": a.position or None,
            }
            for a in appearances
        ],
    }


def _outlet(outlet: Outlet, base: str) -> dict:
    return {
        "slug": outlet.slug,
        "name": outlet.name,
        "domain": outlet.domain,
        "url": base + outlet.get_absolute_url(),
        "articles": outlet.n,
    }


@api.get("/outlets", response=list[OutletOut], tags=["outlets"])
def list_outlets(request):
    """Outlets with published reports, most reports first."""
    outlets = facets.with_count(Outlet.objects.all(), "outlet").filter(n__gt=0)
    base = _base(request)
    return [_outlet(o, base) for o in outlets.order_by("-n", "name")]


@api.get("/outlets/{slug}", response=OutletOut, tags=["outlets"])
def get_outlet(request, slug: str):
    outlet = get_object_or_404(facets.with_count(Outlet.objects.all(), "outlet"), slug=slug)
    return _outlet(outlet, _base(request))


def _election(election: Election, base: str) -> dict:
    return {
        "slug": election.slug,
        "name": election.name,
        "kind": election.kind,
        "voting_day": election.voting_day,
        "url": base + election.get_absolute_url(),
        "articles": election.n,
    }


@api.get("/elections", response=list[ElectionOut], tags=["elections"])
def list_elections(request):
    elections = facets.with_count(Election.objects.all(), "election")
    base = _base(request)
    return [_election(e, base) for e in elections]


@api.get("/elections/{slug}", response=ElectionOut, tags=["elections"])
def get_election(request, slug: str):
    election = get_object_or_404(facets.with_count(Election.objects.all(), "election"), slug=slug)
    return _election(election, _base(request))
