"""The site's URLconf plus a view that fails, to see the 500 page as a reader would."""

from django.urls import path

from polsec_site.urls import urlpatterns as site_urlpatterns


def boom(request):
    raise RuntimeError("a bug the reader must never see")


urlpatterns = [path("boom/", boom), *site_urlpatterns]
