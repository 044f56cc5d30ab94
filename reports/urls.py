"""Public URLs (docs/search.md lists the parameters others rely on)."""

from django.urls import path, register_converter

from . import views


class RegionCodeConverter:
    """Kemendagri codes: 35, 35.07, 35.07.01."""

    regex = r"\d{2}(?:\.\d{2}(?:\.\d{2})?)?"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(RegionCodeConverter, "region")

app_name = "reports"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("articles/", views.ArticleListView.as_view(), name="articles"),
    path("articles/<int:pk>/<slug:slug>/", views.ArticleDetailView.as_view(), name="article"),
    path("regions/", views.RegionListView.as_view(), name="regions"),
    path("regions/<region:code>/", views.RegionDetailView.as_view(), name="region"),
    path("units/", views.UnitListView.as_view(), name="units"),
    path("units/<slug:slug>/", views.UnitDetailView.as_view(), name="unit"),
    path("operations/", views.OperationListView.as_view(), name="operations"),
    path("operations/<slug:slug>/", views.OperationDetailView.as_view(), name="operation"),
    path("people/", views.PersonListView.as_view(), name="people"),
    path("people/<slug:slug>/", views.PersonDetailView.as_view(), name="person"),
    path("outlets/", views.OutletListView.as_view(), name="outlets"),
    path("outlets/<slug:slug>/", views.OutletDetailView.as_view(), name="outlet"),
    path("elections/<slug:slug>/", views.ElectionDetailView.as_view(), name="election"),
]
