"""Public URLs (docs/search.md lists the parameters others rely on).

Every public page is served through the archive's page cache (reports/cache.py).
"""

from django.urls import path, register_converter

from . import feeds, views
from .cache import public_page


class RegionCodeConverter:
    """Kemendagri codes: 35, 35.07, 35.07.01."""

    regex = r"\d{2}(?:\.\d{2}(?:\.\d{2})?)?"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(RegionCodeConverter, "region")


def page(route: str, view, name: str):
    return path(route, public_page(view.as_view()), name=name)


app_name = "reports"

urlpatterns = [
    page("", views.HomeView, "home"),
    page("articles/", views.ArticleListView, "articles"),
    page("articles/<int:pk>/<slug:slug>/", views.ArticleDetailView, "article"),
    page("regions/", views.RegionListView, "regions"),
    page("regions/<region:code>/", views.RegionDetailView, "region"),
    page("units/", views.UnitListView, "units"),
    page("units/<slug:slug>/", views.UnitDetailView, "unit"),
    page("operations/", views.OperationListView, "operations"),
    page("operations/<slug:slug>/", views.OperationDetailView, "operation"),
    page("people/", views.PersonListView, "people"),
    page("people/<slug:slug>/", views.PersonDetailView, "person"),
    page("outlets/", views.OutletListView, "outlets"),
    page("outlets/<slug:slug>/", views.OutletDetailView, "outlet"),
    page("elections/<slug:slug>/", views.ElectionDetailView, "election"),
    page("data/", views.DataView, "data"),
    path("data/polsec-dataset.zip", views.dataset_download, name="dataset"),
    path("articles.csv", views.export, {"kind": "csv"}, name="articles-csv"),
    path("articles.json", views.export, {"kind": "json"}, name="articles-json"),
    path("feeds/articles.atom", feeds.ArticleFeed(), name="feed-atom"),
    path("feeds/articles.rss", feeds.ArticleRssFeed(), name="feed-rss"),
]
