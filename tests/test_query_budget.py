"""Pages make the same number of queries at 10 and at 1,000 articles (issue: archive
scale). The corpus is the benchmark's generator (reports/corpus)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reports import corpus
from reports.db import refresh_statistics
from reports.models import Article, Operation, Outlet, Person, PoliceUnit

PAGES = [
    "/",
    "/articles/",
    "/articles/?q=pengamanan",
    "/articles/?q=kantor+kpu&region=35&date_from=2023-01-01&date_to=2024-12-31",
    "/articles/?unit=polda-jawa-timur&election=pilkada-2024&sort=oldest",
    "/regions/35/",
    "/units/polda-jawa-timur/",
    "/operations/operasi-mantap-praja-2024/",
    "/elections/pemilu-2024/",
    "/regions/",
    "/units/",
    "/operations/",
    "/people/",
    "/outlets/",
    "/api/articles?region=35",
]


def count_queries(client, url: str) -> int:
    client.get(url)  # warm per-process caches out of the count
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


@pytest.mark.django_db
def test_pages_make_the_same_number_of_queries_at_10_and_1000_articles(client, seeded):
    corpus.generate(10, seed=7)
    refresh_statistics()  # as generate_corpus does after a bulk load
    person = Person.objects.filter(appearances__article__is_generated=True).first()
    outlet = Outlet.objects.filter(articles__is_generated=True).first()
    article = Article.objects.filter(is_generated=True).first()
    pages = [
        *PAGES,
        person.get_absolute_url(),
        outlet.get_absolute_url(),
        article.get_absolute_url(),
    ]
    few = {url: count_queries(client, url) for url in pages}

    corpus.generate(990, seed=8)
    refresh_statistics()  # without it PostgreSQL plans the facets for empty tables
    assert Article.objects.filter(is_generated=True).count() == 1000
    many = {url: count_queries(client, url) for url in pages}

    assert many == few
    assert max(many.values()) <= 40
    assert PoliceUnit.objects.count() > 500 and Operation.objects.regional().count() > 30
