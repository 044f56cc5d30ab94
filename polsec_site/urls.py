"""The site's URLs: the public archive at the root, the admin for editors."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps import views as sitemaps
from django.urls import include, path
from django.views.generic import TemplateView

from reports import health
from reports.api import api
from reports.sitemaps import SITEMAPS

# A Host the site does not serve gets a 400 page that needs no host (reports/views.py).
handler400 = "reports.views.handler400"
# A database that cannot be reached or written, wherever it fails: 503, not 500.
handler500 = "reports.views.handler500"

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path(settings.ADMIN_PATH, admin.site.urls),
    # An index of sections, each paged by 10,000 URLs: ready for a large archive.
    path("sitemap.xml", sitemaps.index, {"sitemaps": SITEMAPS}, name="sitemap"),
    path(
        "sitemap-<section>.xml",
        sitemaps.sitemap,
        {"sitemaps": SITEMAPS},
        name="django.contrib.sitemaps.views.sitemap",
    ),
    path(
        "robots.txt",
        TemplateView.as_view(template_name="robots.txt", content_type="text/plain"),
        name="robots",
    ),
    path("api/", api.urls),
    # The public site in Indonesian at /, in English under /en/.
    *i18n_patterns(path("", include("reports.urls")), prefix_default_language=False),
]
