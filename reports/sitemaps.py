"""sitemap.xml: every published article and every entity page with reports."""

from django.contrib.sitemaps import Sitemap
from django.db.models import Exists, Max, OuterRef
from django.urls import reverse

from .models import Appearance, Article, Election, Operation, Outlet, Person, PoliceUnit, Region


class ArticleSitemap(Sitemap):
    i18n = True
    alternates = True
    changefreq = "monthly"
    priority = 0.8
    limit = 10000

    def items(self):
        return Article.objects.published().order_by("pk").only("pk", "slug", "updated_at")

    def lastmod(self, article):
        return article.updated_at


def _published(model, field: str):
    """Rows of `model` linked to at least one published article through `field`."""
    return Exists(Article.objects.published().filter(**{field: OuterRef("pk")}))


class EntitySitemap(Sitemap):
    """Region, unit, operation, person, outlet and election pages that list reports."""

    i18n = True
    alternates = True
    changefreq = "weekly"
    priority = 0.5
    limit = 10000

    def items(self):
        published = Article.objects.published()
        regions = Region.objects.filter(
            _published(Region, "province")
            | _published(Region, "regency")
            | _published(Region, "district")
        ).order_by("code")
        units = PoliceUnit.objects.filter(Exists(published.filter(units=OuterRef("pk")))).order_by(
            "slug"
        )
        operations = Operation.objects.filter(
            Exists(published.filter(operations=OuterRef("pk")))
        ).order_by("slug")
        people = Person.objects.filter(
            Exists(
                Appearance.objects.filter(
                    person=OuterRef("pk"), article__status=Article.Status.PUBLISHED
                )
            )
        ).order_by("slug")
        outlets = Outlet.objects.filter(_published(Outlet, "outlet")).order_by("slug")
        return [*regions, *units, *operations, *people, *outlets, *Election.objects.all()]


class StaticSitemap(Sitemap):
    i18n = True
    alternates = True
    changefreq = "daily"
    priority = 1.0

    def items(self):
        return ["home", "articles", "regions", "units", "operations", "people", "outlets"]

    def location(self, name):
        return reverse(f"reports:{name}")

    def lastmod(self, name):
        return Article.objects.published().aggregate(last=Max("updated_at"))["last"]


SITEMAPS = {"pages": StaticSitemap, "articles": ArticleSitemap, "entities": EntitySitemap}
