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
from django.db.models import Count, Prefetch, Q
from django.http import FileResponse, Http404, HttpResponseBadRequest, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views import defaults
from django.views.generic import DetailView, ListView, TemplateView

from . import exports, metadata, timeline
from .browse import BadParameters, browse, paginate, select
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

    Subclasses say which articles (`articles()`) and may give the region the
    facets should drill into (`focus`)."""

    list_template = "reports/article_list.html"
    with_timeline = True
    focus: Region | None = None

    def articles(self):
        return Article.objects.published()

    def scope(self) -> dict:
        """The /articles/ parameter that selects this page's articles."""
        return {}

    def dispatch(self, request, *args, **kwargs):
        try:
            return super().dispatch(request, *args, **kwargs)
        except BadParameters as error:
            return bad_request(request, error.errors)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        articles = self.articles()
        context["browse"] = browse(self.request, articles, focus=self.focus, scope=self.scope())
        if self.with_timeline:
            context["timeline"] = timeline.timeline(articles)
        return context


class HomeView(TemplateView):
    """What the archive holds, the newest reports, a timeline, and ways in."""

    template_name = "reports/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        published = Article.objects.published()
        linked = {"article__status": Article.Status.PUBLISHED}
        context.update(
            total=published.count(),
            newest=list(published.for_listing().newest_first()[:8]),
            by_election=Election.objects.annotate(
                n=Count("articles", filter=Q(articles__status=Article.Status.PUBLISHED))
            ).order_by("voting_day"),
            by_operation=_count_through(Article.operations.through, "operation", linked)[:8],
            by_province=published.exclude(province=None)
            .values("province__code", "province__name")
            .annotate(n=Count("pk"))
            .order_by("-n", "province__name")[:10],
            timeline=timeline.timeline(published),
        )
        context["ld_json"] = metadata.ld_json(metadata.dataset(self.request, context["total"]))
        return context


def _count_through(through, field: str, linked: dict):
    """Rows of (field's slug, name, n) counted over a many-to-many table."""
    return (
        through.objects.filter(**linked)
        .values(f"{field}__slug", f"{field}__name")
        .annotate(n=Count("article_id"))
        .order_by("-n", f"{field}__name")
    )


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


class RegionListView(ListView):
    """/regions/: the provinces with their number of reports."""

    template_name = "reports/region_list.html"

    def get_queryset(self):
        return _regions_with_counts(Region.objects.provinces(), "province")


def _regions_with_counts(regions, level_field: str):
    counts = dict(
        Article.objects.published()
        .filter(**{f"{level_field}__in": regions})
        .values_list(f"{level_field}_id")
        .annotate(n=Count("pk"))
    )
    rows = list(regions)
    for region in rows:
        region.n = counts.get(region.pk, 0)
    return rows


class RegionDetailView(ArticleListMixin, TemplateView):
    """/regions/<code>/: a region's reports, sub-regions and police units."""

    template_name = "reports/region_detail.html"

    def get(self, request, code):
        self.region = get_object_or_404(Region.objects.select_related("parent"), code=code)
        self.focus = self.region
        return super().get(request, code=code)

    def articles(self):
        return Article.objects.published().in_region(self.region)

    def scope(self):
        return {"region": self.region.code}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        region = self.region
        child_level = {"province": "regency", "regency": "district"}.get(region.level)
        context.update(
            region=region,
            ancestors=list(Region.objects.filter(code__in=region.ancestor_codes)),
            children=_regions_with_counts(region.children.all(), child_level)
            if child_level
            else [],
            units=PoliceUnit.objects.filter(region__in=Region.objects.within(region.code))
            .annotate(n=Count("articles", filter=Q(articles__status=Article.Status.PUBLISHED)))
            .filter(n__gt=0)
            .order_by("-n", "name")[:30],
        )
        return context


# --- Units -----------------------------------------------------------------------


class UnitListView(TemplateView):
    """/units/: every Polda with its district units, and their numbers of reports."""

    template_name = "reports/unit_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        counts = dict(
            Article.units.through.objects.filter(article__status=Article.Status.PUBLISHED)
            .values_list("policeunit_id")
            .annotate(n=Count("article_id"))
        )
        units = list(PoliceUnit.objects.select_related("region"))
        children: dict[int, list[PoliceUnit]] = {}
        for unit in units:
            unit.n = counts.get(unit.pk, 0)
            children.setdefault(unit.parent_id, []).append(unit)
        poldas = [u for u in units if u.level == PoliceUnit.Level.POLDA]
        for polda in poldas:
            polda.units = [u for u in children.get(polda.pk, []) if u.n]
            polda.total = polda.n + sum(u.n for u in children.get(polda.pk, []))
        context["poldas"] = sorted(poldas, key=lambda p: p.name)
        context["unplaced"] = [u for u in units if u.needs_review and u.n]
        return context


class UnitDetailView(ArticleListMixin, TemplateView):
    """/units/<slug>/: a unit's reports (with its sub-units'), its place in the force,
    and the people seen there with rank and position over time."""

    template_name = "reports/unit_detail.html"

    def get(self, request, slug):
        self.unit = get_object_or_404(
            PoliceUnit.objects.select_related("parent", "parent__parent", "region__parent"),
            slug=slug,
        )
        return super().get(request, slug=slug)

    def articles(self):
        return Article.objects.published().by_units([self.unit])

    def scope(self):
        return {"unit": self.unit.slug}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        unit = self.unit
        context.update(
            unit=unit,
            aliases=list(unit.aliases.all()),
            subunits=unit.children.annotate(
                n=Count("articles", filter=Q(articles__status=Article.Status.PUBLISHED))
            ).order_by("-n", "name"),
            appearances=Appearance.objects.filter(
                article__in=Article.objects.published().filter(units=unit)
            )
            .select_related("person", "article")
            .order_by("person__name", "article__date")[:100],
        )
        return context


# --- Operations, elections -----------------------------------------------------------


class OperationListView(ListView):
    """/operations/: every operation, by election, with its number of reports."""

    template_name = "reports/operation_list.html"

    def get_queryset(self):
        return Operation.objects.select_related("election", "polda").annotate(
            n=Count("articles", filter=Q(articles__status=Article.Status.PUBLISHED))
        )


class OperationDetailView(ArticleListMixin, TemplateView):
    """/operations/<slug>/: an operation's period, units, regions and reports."""

    template_name = "reports/operation_detail.html"

    def get(self, request, slug):
        self.operation = get_object_or_404(
            Operation.objects.select_related("election", "polda"), slug=slug
        )
        return super().get(request, slug=slug)

    def articles(self):
        operations = Operation.objects.filter(pk=self.operation.pk)
        if not self.operation.code_name:
            operations = Operation.objects.filter(
                kind=self.operation.kind, election=self.operation.election
            )
        return Article.objects.published().filter(
            pk__in=Article.operations.through.objects.filter(operation__in=operations).values(
                "article_id"
            )
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        ids = self.articles().values("pk")
        context.update(
            operation=self.operation,
            parts=Operation.objects.regional()
            .filter(kind=self.operation.kind, election=self.operation.election)
            .select_related("polda")
            if not self.operation.code_name
            else [],
            units=_count_through(Article.units.through, "policeunit", {"article_id__in": ids})[:15],
            provinces=Article.objects.filter(pk__in=ids)
            .exclude(province=None)
            .values("province__code", "province__name")
            .annotate(n=Count("pk"))
            .order_by("-n", "province__name")[:15],
        )
        return context


class ElectionDetailView(ArticleListMixin, TemplateView):
    """/elections/<slug>/: an election's voting day, operations and reports."""

    template_name = "reports/election_detail.html"

    def get(self, request, slug):
        self.election = get_object_or_404(Election, slug=slug)
        return super().get(request, slug=slug)

    def articles(self):
        return Article.objects.published().filter(elections=self.election)

    def scope(self):
        return {"election": self.election.slug}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            election=self.election,
            operations=self.election.operations.select_related("polda").annotate(
                n=Count("articles", filter=Q(articles__status=Article.Status.PUBLISHED))
            ),
        )
        return context


# --- People, outlets -------------------------------------------------------------------


class PersonListView(ListView):
    """/people/: everyone named in published reports, by name."""

    template_name = "reports/person_list.html"
    paginate_by = 100

    def get_queryset(self):
        return (
            Person.objects.annotate(
                n=Count(
                    "appearances",
                    filter=Q(appearances__article__status=Article.Status.PUBLISHED),
                )
            )
            .filter(n__gt=0)
            .order_by("name")
        )

    def dispatch(self, request, *args, **kwargs):
        try:
            return super().dispatch(request, *args, **kwargs)
        except BadParameters as error:
            return bad_request(request, error.errors)

    def paginate_queryset(self, queryset, page_size):
        page = paginate(queryset, self.request.GET.get("page"), page_size)
        return page.paginator, page, page.object_list, page.has_other_pages()


class PersonDetailView(ArticleListMixin, TemplateView):
    """/people/<slug>/: every rank and position a person was reported with, by date."""

    template_name = "reports/person_detail.html"
    with_timeline = False

    def get(self, request, slug):
        self.person = get_object_or_404(Person, slug=slug)
        return super().get(request, slug=slug)

    def articles(self):
        return Article.objects.published().filter(appearances__person=self.person)

    def scope(self):
        return {"person": self.person.slug}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            person=self.person,
            appearances=self.person.appearances.filter(article__status=Article.Status.PUBLISHED)
            .select_related("article", "article__outlet")
            .prefetch_related(Prefetch("article__units"))
            .order_by("article__date", "article__pk"),
        )
        return context


class OutletListView(ListView):
    """/outlets/: the outlets and how many reports each carried."""

    template_name = "reports/outlet_list.html"

    def get_queryset(self):
        return (
            Outlet.objects.annotate(
                n=Count("articles", filter=Q(articles__status=Article.Status.PUBLISHED))
            )
            .filter(n__gt=0)
            .order_by("-n", "name")
        )


class OutletDetailView(ArticleListMixin, TemplateView):
    """/outlets/<slug>/: an outlet's reports over time."""

    template_name = "reports/outlet_detail.html"

    def get(self, request, slug):
        self.outlet = get_object_or_404(Outlet, slug=slug)
        return super().get(request, slug=slug)

    def articles(self):
        return Article.objects.published().filter(outlet=self.outlet)

    def scope(self):
        return {"outlet": self.outlet.slug}

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
