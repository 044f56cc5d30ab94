"""The pages a load run asks for, picked from the configured database (`make load`,
`make chaos`): prints JSON {"kind": [path, ...]}.

    python .ci/ops/site_urls.py [--per-kind 50] [--seed 1]

Kinds: the home page, the article list (pages 1-5), searches (a word, two words,
a phrase, with a filter), article pages, entity pages (units, people, regions,
outlets, operations) and the API (article lists with filters, units, regions).
Only published articles: what readers see.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "polsec_site.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402

from reports.models import Article, Operation, Outlet, Person, PoliceUnit, Region  # noqa: E402

WORDS = [
    "pengamanan",
    "logistik",
    "kampanye",
    "patroli",
    "apel",
    "rekapitulasi",
    "surat suara",
    '"kantor kpu"',
    "pilkada -pemilu",
    "personel tps",
]


def sample(rng: random.Random, queryset, n: int) -> list:
    ids = list(queryset.values_list("pk", flat=True))
    chosen = rng.sample(ids, min(n, len(ids)))
    objects = queryset.model.objects.in_bulk(chosen)
    return [objects[pk] for pk in chosen]


def urls(per_kind: int, seed: int, article_pages: int | None = None) -> dict[str, list[str]]:
    rng = random.Random(seed)
    published = Article.objects.filter(status=Article.Status.PUBLISHED)
    units = PoliceUnit.objects.filter(articles__status=Article.Status.PUBLISHED).distinct()
    people = Person.objects.filter(appearances__article__status=Article.Status.PUBLISHED).distinct()
    provinces = Region.objects.filter(level=Region.Level.PROVINCE)
    outlets = Outlet.objects.filter(articles__status=Article.Status.PUBLISHED).distinct()
    searches = []
    for word in WORDS:
        searches.append("/articles/?" + urlencode({"q": word}))
        searches.append("/articles/?" + urlencode({"q": word, "sort": "newest"}))
        searches.append("/articles/?" + urlencode({"q": word, "region": "35"}))
    entities = (
        [u.get_absolute_url() for u in sample(rng, units, per_kind)]
        + [p.get_absolute_url() for p in sample(rng, people, per_kind)]
        + [r.get_absolute_url() for r in sample(rng, provinces, 10)]
        + [o.get_absolute_url() for o in sample(rng, outlets, 10)]
        + [o.get_absolute_url() for o in Operation.objects.all()[:10]]
    )
    pages = -(-published.count() // settings.ARTICLES_PER_PAGE)
    api = [
        "/api/articles",
        "/api/articles?sort=newest&page=2",
        "/api/articles?q=pengamanan",
        "/api/articles?region=35&election=pemilu-2024",
        "/api/units?level=polda",
        "/api/regions?level=province",
        "/api/people?name=ahmad",
        "/api/operations",
    ] + [f"/api/articles/{a.pk}" for a in sample(rng, published, 10)]
    return {
        "home": ["/", "/en/"],
        "list": ["/articles/"] + [f"/articles/?page={n}" for n in range(2, min(6, pages + 1))],
        "search": searches,
        "article": [
            a.get_absolute_url() for a in sample(rng, published, article_pages or per_kind)
        ],
        "entity": entities,
        "api": api,
    }


def parameter_values() -> dict[str, str]:
    """A value for each public GET parameter that finds articles (sqlmap's baseline)."""
    published = Article.objects.filter(status=Article.Status.PUBLISHED)
    unit = (
        PoliceUnit.objects.filter(level=PoliceUnit.Level.POLDA, articles__in=published)
        .order_by("slug")
        .first()
    )
    operation = Operation.objects.filter(articles__in=published).order_by("slug").first()
    outlet = Outlet.objects.filter(articles__in=published).order_by("slug").first()
    person = Person.objects.filter(appearances__article__in=published).order_by("slug").first()
    return {
        "q": "pengamanan",
        "region": "35",  # Jawa Timur
        "unit": unit.slug if unit else "polda-jawa-timur",
        "operation": operation.slug if operation else "",
        "outlet": outlet.slug if outlet else "",
        "person": person.slug if person else "",
        "election": "pemilu-2024",
        "date_from": "2023-10-01",
        "date_to": "2024-12-31",
        "sort": "newest",
        "page": "1",
        "level": "polda",
        "parent": "35",
        "polda": unit.slug if unit else "polda-jawa-timur",
        "name": (person.name.split()[0].lower() if person else "ahmad"),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--per-kind", type=int, default=50)
    parser.add_argument("--article-pages", type=int, help="article pages (default: per kind)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--values", action="store_true", help="baseline parameter values")
    args = parser.parse_args()
    if args.values:
        print(json.dumps(parameter_values(), indent=1))
        return
    print(json.dumps(urls(args.per_kind, args.seed, args.article_pages), indent=1))


if __name__ == "__main__":
    main()
