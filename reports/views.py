"""Public pages. Only published articles appear anywhere here.

Every page that lists articles goes through `ArticleListMixin`, which runs
`reports.browse.browse` over the page's own articles (all of them, a region's, a
unit's...) so that search, filters, facets, paging and their errors behave the same
everywhere. Bad parameters are answered with 400 and what was wrong.
"""

from __future__ import annotations

import datetime as dt
import sys

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.db.models import Count, F, Max, Min
from django.http import FileResponse, Http404, HttpResponseBadRequest, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.formats import get_format
from django.utils.translation import gettext as _
from django.views import defaults
from django.views.generic import DetailView, ListView, TemplateView

from . import bitmaps, exports, facets, metadata, timeline
from .browse import BadParameters, browse, paginate, select
from .filters import ArticleFilter
from .middleware import database_unavailable, database_unavailable_response, path_language
from .models import (
    Appearance,
    Article,
    Election,
    Operation,
    Outlet,
    Person,
    PoliceUnit,
    Region,
)


def bad_request(request, errors: dict[str, list[str]]):
    return render(request, "400.html", {"errors": errors}, status=400)


class ArticleListMixin:
    """A page with a filtered, faceted, paged list of published articles.

    An entity page is a saved filter: it names the /articles/ parameter it stands for
    (`param`) and its value (`value()`), and shows exactly what `/articles/?<param>=
    <value>` shows (list, facets, counts, export and feed links), through the same
    ArticleFilter; its facets and chips lead on to /articles/ with that parameter.
    Subclasses may give the region the facets should drill into (`focus`)."""

    list_template = "reports/article_list.html"
    with_timeline = True
    focus: Region | None = None
    param: str | None = None

    def value(self):
        """The entity this page stands for (a Region, a PoliceUnit...)."""
        return None

    def articles(self):
        published = Article.objects.published()
        if self.param is None:
            return published
        return ArticleFilter.saved(self.param, self.value(), published)

    def scope(self) -> dict:
        """The /articles/ parameter that selects this page's articles."""
        if self.param is None:
            return {}
        field = "code" if self.param == "region" else "slug"
        return {self.param: getattr(self.value(), field)}

    def dispatch(self, request, *args, **kwargs):
        try:
            return super().dispatch(request, *args, **kwargs)
        except BadParameters as error:
            return bad_request(request, error.errors)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        params = self.request.GET.copy()
        for key, value in self.scope().items():
            if value not in params.getlist(key):
                params.appendlist(key, value)
        listing = browse(self.request, Article.objects.published(), focus=self.focus, params=params)
        if self.param is not None:
            listing.rebase(reverse("reports:articles"))
        context["browse"] = listing
        if self.with_timeline:
            snapshot = listing.snapshot
            positions = None
            if snapshot is not None and self.param is not None:
                positions = snapshot.under(self.param, [self.value().pk])
            context["timeline"] = timeline.timeline(
                self.articles(), snapshot=snapshot, positions=positions
            )
        return context


def show_zeros(request) -> bool:
    """Index pages list what has reports; `?zeros=1` lists the rest too."""
    return request.GET.get("zeros") == "1"


class IndexMixin:
    """An index page (regions, units, operations, people, outlets): most reports
    first, those without any behind `?zeros=1`."""

    def get_context_data(self, **kwargs):
        return super().get_context_data(zeros=show_zeros(self.request), **kwargs)


class HomeView(TemplateView):
    """What the archive holds, the newest reports, a timeline, and ways in."""

    template_name = "reports/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        published = Article.objects.published()
        snapshot = bitmaps.current()
        if snapshot is not None:
            ids = list(snapshot.ids[:8])
            found = published.for_listing().in_bulk(ids)
            newest = [found[pk] for pk in ids if pk in found]
        else:
            newest = list(published.for_listing().newest_first()[:8])
        context.update(
            total=len(snapshot) if snapshot is not None else published.count(),
            newest=newest,
            by_election=facets.ranked(Election.objects.all(), "election", zeros=True),
            by_operation=facets.ranked(Operation.objects.all(), "operation")[:8],
            by_province=facets.ranked(Region.objects.provinces(), "region")[:10],
            timeline=timeline.timeline(published, snapshot=snapshot),
        )
        context["ld_json"] = metadata.ld_json(metadata.dataset(self.request, context["total"]))
        return context


class ArticleListView(ArticleListMixin, TemplateView):
    """/articles/: search and filter the whole archive."""

    template_name = "reports/article_list.html"
    with_timeline = False


class ArticleDetailView(DetailView):
    template_name = "reports/article_detail.html"
    queryset = Article.objects.published().for_detail()

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        if kwargs["slug"] != self.object.slug:
            # One address per article: an old or mistyped slug goes to the right one.
            return redirect(self.object, permanent=True)
        return self.render_to_response(self.get_context_data(object=self.object))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        article = self.object
        context["source_is_url"] = article.source.startswith(("http://", "https://"))
        context["permalink"] = self.request.build_absolute_uri(article.get_absolute_url())
        context["citation"] = metadata.citation(article, context["permalink"])
        context["bibtex"] = metadata.bibtex(article, context["permalink"])
        context["ld_json"] = metadata.ld_json(metadata.news_article(article, context["permalink"]))
        context["also_reported"] = self.also_reported(article)
        return context

    def also_reported(self, article):
        if not article.story_id:
            return []
        return list(
            Article.objects.published()
            .filter(story_id=article.story_id)
            .exclude(pk=article.pk)
            .select_related("outlet")
            .only("pk", "slug", "title", "outlet__name", "date")
        )


# --- Regions --------------------------------------------------------------------


class RegionListView(IndexMixin, ListView):
    """/regions/: the provinces with their number of reports."""

    template_name = "reports/region_list.html"

    def get_queryset(self):
        return facets.ranked(Region.objects.provinces(), "region", zeros=show_zeros(self.request))


class RegionDetailView(ArticleListMixin, TemplateView):
    """/regions/<code>/: a region's reports, sub-regions and police units."""

    template_name = "reports/region_detail.html"
    param = "region"

    def get(self, request, code):
        self.region = get_object_or_404(Region.objects.select_related("parent"), code=code)
        self.focus = self.region
        return super().get(request, code=code)

    def value(self):
        return self.region

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        region = self.region
        context.update(
            region=region,
            ancestors=list(Region.objects.filter(code__in=region.ancestor_codes)),
            children=facets.ranked(region.children.all(), "region", zeros=True),
            units=facets.ranked(
                PoliceUnit.objects.filter(region__in=Region.objects.within(region.code)), "unit"
            )[:30],
        )
        return context


# --- Units -----------------------------------------------------------------------


class UnitListView(IndexMixin, TemplateView):
    """/units/: every Polda with its Polres and their Polsek, by number of reports
    (each counting the reports of the units below it)."""

    template_name = "reports/unit_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        zeros = show_zeros(self.request)
        units = facets.ranked(
            PoliceUnit.objects.only("name", "slug", "level", "parent", "needs_review"),
            "unit",
            zeros=True,
        )
        children: dict[int, list[PoliceUnit]] = {}
        for unit in units:  # most reports first, so each list below is in that order
            if unit.n or zeros:
                children.setdefault(unit.parent_id, []).append(unit)
        # 2,000-odd rows at 100,000 reports: one reverse() for all their links and
        # counts grouped here, not a reverse() and an `intcomma` a row in the
        # template (together two thirds of the page's time).
        address = reverse("reports:unit", args=["SLUG"])
        separator = get_format("THOUSAND_SEPARATOR")
        for unit in units:
            unit.units = children.get(unit.pk, [])
            unit.url = address.replace("SLUG", unit.slug)
            unit.count = f"{unit.n:,}".replace(",", separator)
        context.update(
            poldas=[u for u in units if u.level == PoliceUnit.Level.POLDA and (u.n or zeros)],
            unplaced=[u for u in units if u.needs_review and u.n],
        )
        return context


class UnitDetailView(ArticleListMixin, TemplateView):
    """/units/<slug>/: a unit's reports (with its sub-units'), its place in the force,
    and the people seen there with rank and position over time."""

    template_name = "reports/unit_detail.html"
    param = "unit"

    def get(self, request, slug):
        self.unit = get_object_or_404(
            PoliceUnit.objects.select_related("parent", "parent__parent", "region__parent"),
            slug=slug,
        )
        return super().get(request, slug=slug)

    def value(self):
        return self.unit

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        unit = self.unit
        context.update(
            unit=unit,
            aliases=list(unit.aliases.all()),
            subunits=facets.ranked(unit.children.all(), "unit", zeros=True),
            appearances=Appearance.objects.filter(
                article__in=Article.objects.published().filter(units=unit)
            )
            .select_related("person", "article")
            # What the table shows, not each article's body and raw text (47 ms to
            # 29 at 100,000 reports on PostgreSQL).
            .only(
                "rank", "position", "person__name", "person__slug", "article__slug", "article__date"
            )
            .order_by("person__name", "article__date")[:100],
        )
        return context


# --- Operations, elections -----------------------------------------------------------


class OperationListView(IndexMixin, ListView):
    """/operations/: every operation, by election, with its number of reports (a
    national operation's taking in its code-named parts)."""

    template_name = "reports/operation_list.html"

    def get_queryset(self):
        operations = facets.ranked(
            Operation.objects.select_related("election", "polda"),
            "operation",
            zeros=show_zeros(self.request),
        )
        # One section an election (in voting-day order): the national operation, then
        # its code-named parts by number of reports (`ranked`'s order, kept).
        operations.sort(key=lambda op: (op.election.voting_day, op.election_id, bool(op.code_name)))
        return operations


class OperationDetailView(ArticleListMixin, TemplateView):
    """/operations/<slug>/: an operation's period, its code-named parts, and its
    reports (the list's facets give its units and regions)."""

    template_name = "reports/operation_detail.html"
    param = "operation"

    def get(self, request, slug):
        self.operation = get_object_or_404(
            Operation.objects.select_related("election", "polda"), slug=slug
        )
        return super().get(request, slug=slug)

    def value(self):
        return self.operation

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        parts = Operation.objects.none()
        if not self.operation.code_name:
            parts = Operation.objects.regional().filter(
                kind=self.operation.kind, election=self.operation.election
            )
        context.update(
            operation=self.operation,
            parts=facets.ranked(parts.select_related("polda"), "operation", zeros=True),
        )
        return context


class ElectionDetailView(ArticleListMixin, TemplateView):
    """/elections/<slug>/: an election's voting day, operations and reports."""

    template_name = "reports/election_detail.html"
    param = "election"

    def get(self, request, slug):
        self.election = get_object_or_404(Election, slug=slug)
        return super().get(request, slug=slug)

    def value(self):
        return self.election

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            election=self.election,
            operations=facets.ranked(
                self.election.operations.select_related("polda"), "operation", zeros=True
            ),
        )
        return context


# --- People, outlets -------------------------------------------------------------------


class PersonListView(IndexMixin, ListView):
    """/people/: everyone named in published reports, by number of reports."""

    template_name = "reports/person_list.html"
    paginate_by = 100

    def get_queryset(self):
        return facets.ranked(Person.objects.all(), "person", zeros=show_zeros(self.request))

    def dispatch(self, request, *args, **kwargs):
        try:
            return super().dispatch(request, *args, **kwargs)
        except BadParameters as error:
            return bad_request(request, error.errors)

    def paginate_queryset(self, queryset, page_size):
        page = paginate(queryset, self.request.GET.get("page"), page_size)
        return page.paginator, page, page.object_list, page.has_other_pages()


class PersonDetailView(ArticleListMixin, TemplateView):
    """/people/<slug>/: each rank and position a person was reported with (from when
    to when, in how many reports), and the reports that name them."""

    template_name = "reports/person_detail.html"
    with_timeline = False
    param = "person"

    def get(self, request, slug):
        self.person = get_object_or_404(Person, slug=slug)
        return super().get(request, slug=slug)

    def value(self):
        return self.person

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # Each rank and position the reports gave, with when and how often: a row a
        # title held, however many reports (the list below has them all, and the API
        # every appearance).
        context.update(
            person=self.person,
            positions=self.person.appearances.filter(article__status=Article.Status.PUBLISHED)
            .values("rank", "position")
            .annotate(
                first=Min("article__date"),
                last=Max("article__date"),
                reports=Count("article", distinct=True),
            )
            .order_by(F("first").asc(nulls_last=True), "rank", "position"),
        )
        return context


class OutletListView(IndexMixin, ListView):
    """/outlets/: the outlets and how many reports each carried."""

    template_name = "reports/outlet_list.html"

    def get_queryset(self):
        return facets.ranked(Outlet.objects.all(), "outlet", zeros=show_zeros(self.request))


class OutletDetailView(ArticleListMixin, TemplateView):
    """/outlets/<slug>/: an outlet's reports over time."""

    template_name = "reports/outlet_detail.html"
    param = "outlet"

    def get(self, request, slug):
        self.outlet = get_object_or_404(Outlet, slug=slug)
        return super().get(request, slug=slug)

    def value(self):
        return self.outlet

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["outlet"] = self.outlet
        return context


# --- Data ------------------------------------------------------------------------------


def export(request, kind: str):
    """/articles.csv and /articles.json: every article /articles/ would list, streamed."""
    try:
        selection = select(request, Article.objects.published())
    except BadParameters as error:
        if kind == "json":
            return JsonResponse({"errors": error.errors}, status=400)
        lines = [f"{key}: {' '.join(messages)}" for key, messages in error.errors.items()]
        return HttpResponseBadRequest("\n".join(lines), content_type="text/plain; charset=utf-8")
    return exports.response(kind, selection.ordered(prepare=exports.prepare), request)


class DataView(TemplateView):
    """/data/: every way to take the data away, and the full dataset download."""

    template_name = "reports/data.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        path = settings.DATASET_PATH
        if path.exists():
            stat = path.stat()
            context["dataset"] = {
                "size": stat.st_size,
                "made": dt.datetime.fromtimestamp(stat.st_mtime, tz=dt.UTC),
            }
        return context


def dataset_download(request):
    """The dataset zip written by `manage.py export_dataset`."""
    path = settings.DATASET_PATH
    if not path.exists():
        raise Http404(_("Dataset belum dibuat (manage.py export_dataset)."))
    return FileResponse(path.open("rb"), as_attachment=True, filename="polsec-dataset.zip")


def handler400(request, exception):
    """400: the site's page, or, for a Host the site does not serve, a page made
    without the request: the site's context (canonical URL, language links) is built
    from the host, and reading it again would turn the 400 into a 500."""
    if isinstance(exception, DisallowedHost):
        with path_language(request):
            return HttpResponseBadRequest(render_to_string("400_host.html"))
    return defaults.bad_request(request, exception)


def handler500(request):
    """500, unless the error means the database cannot serve now: then 503 with
    Retry-After, as DatabaseUnavailableMiddleware answers for views. This catches
    what the middleware cannot: errors raised outside any view, such as the session
    middleware saving the session after it (Django turns an exception into a response
    at each middleware, so none further out sees it)."""
    error = sys.exception()
    if database_unavailable(error):
        return database_unavailable_response(request, error)
    return defaults.server_error(request)
