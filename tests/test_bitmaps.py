"""The counts' snapshot in memory (reports/bitmaps.py) answers exactly as SQL does.

List pages count, filter, page and draw their months on a snapshot of the facet index
held as bitmaps; with `POLSEC_BITMAPS = False` every number comes from SQL over the
same rows. Over generated archives (some reports withdrawn or undated) and any mix of
parameters, both give the same page: the same total, the same articles in the same
order, the same facet values and counts, the same months and timeline. And a change
made at the desk is counted on the very next request.
"""

import datetime as dt
import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reports import bitmaps, corpus, search
from reports.filters import ArticleFilter
from reports.models import Article, ArticleFacet

PROPERTY = settings(
    max_examples=2,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
# Words, a phrase, exclusions, OR, an inflection (mengamankan: aman), stop words
# (PostgreSQL's `indonesian` configuration drops "dan" and "yang").
WORDS = [
    "pengamanan",
    "logistik tps",
    '"gudang logistik"',
    "patroli -malang",
    "kpu OR tps -pemilu",
    "mengamankan",
    "dan",
    "pengamanan yang",
    "-dan",
    '-"kantor kpu"',
]


def make_archive(seed: int, size: int) -> None:
    """Generated reports, some withdrawn or back to draft, some without a date: every
    change through a save, as the desk makes it. (Hypothesis runs its examples in
    one test's transaction: the previous example's archive goes first.)"""
    corpus.clear()
    corpus.generate(size, seed=seed, batch=size)
    rng = random.Random(seed)
    for article in Article.objects.order_by("pk"):
        roll = rng.random()
        if roll < 0.15:
            article.status = rng.choice([Article.Status.DRAFT, Article.Status.WITHDRAWN])
        elif roll < 0.25:
            article.event_date = article.published_date = None
        else:
            continue
        article.save()


def value_of(dimension: str, value_id: int) -> str:
    """A facet value's parameter value: a region's code, the others' slug."""
    model = ArticleFilter.base_filters[dimension].queryset.model
    found = model.objects.get(pk=value_id)
    return found.code if dimension == "region" else found.slug


def random_params(rng: random.Random) -> dict:
    """Some facet values (one or two a parameter), maybe dates, a search, a sort."""
    params: dict[str, list[str]] = {}
    rows = list(ArticleFacet.objects.values_list("dimension", "value_id").distinct())
    for dimension, value_id in rng.sample(rows, k=min(len(rows), rng.randint(0, 3))):
        if dimension != "person" or rng.random() < 0.5:
            params.setdefault(dimension, []).append(value_of(dimension, value_id))
    if rng.random() < 0.4:
        start = dt.date(2023, 10, 1) + dt.timedelta(days=rng.randrange(300))
        params["date_from"] = [start.isoformat()]
        if rng.random() < 0.7:
            params["date_to"] = [(start + dt.timedelta(days=rng.randrange(200))).isoformat()]
    if rng.random() < 0.5:
        params["q"] = [rng.choice(WORDS)]
    params["sort"] = [rng.choice(["newest", "oldest", "relevance"])]
    if rng.random() < 0.3:
        params["page"] = ["2"]
    return params


def page(client, url: str, params: dict) -> dict:
    """What a reader sees of a list page, in plain values."""
    response = client.get(url, params)
    assert response.status_code in (200, 404), (url, params)
    if response.status_code == 404:  # page 2 of a short list
        return {"status": 404}
    browse = response.context["browse"]
    ids = [article.pk for article in browse.page.object_list]
    timeline = response.context.get("timeline")
    return {
        "total": browse.total,
        "ids": ids,
        "facets": [
            (
                facet.name,
                facet.title,
                facet.values,
                [(link.label, link.count) for link in facet.links],
            )
            for facet in browse.facets
        ],
        "months": [(link.label, link.count) for link in browse.months],
        "timeline": timeline and [(bar.start, bar.count) for bar in timeline.bars],
    }


def both_ways(client, settings, url: str, params: dict) -> tuple[dict, dict]:
    settings.POLSEC_BITMAPS = True
    fast = page(client, url, params)
    settings.POLSEC_BITMAPS = False
    slow = page(client, url, params)
    settings.POLSEC_BITMAPS = True
    return fast, slow


@pytest.mark.django_db
@PROPERTY
@given(
    shape=st.tuples(st.integers(1, 10_000), st.integers(30, 60)),
    pick=st.randoms(use_true_random=False),
)
def test_a_list_page_on_the_snapshot_is_the_page_sql_gives(client, settings, shape, pick):
    bitmaps.forget()
    make_archive(*shape)
    for _ in range(5):
        params = random_params(pick)
        fast, slow = both_ways(client, settings, "/articles/", params)
        assert fast == slow, params


@pytest.mark.django_db
@PROPERTY
@given(seed=st.integers(1, 10_000), pick=st.randoms(use_true_random=False))
def test_an_entity_page_on_the_snapshot_is_the_page_sql_gives(client, settings, seed, pick):
    bitmaps.forget()
    make_archive(seed, 40)
    rows = list(ArticleFacet.objects.values_list("dimension", "value_id").distinct())
    paths = {"region": "/regions/{}/", "unit": "/units/{}/", "operation": "/operations/{}/"}
    paths |= {"election": "/elections/{}/", "outlet": "/outlets/{}/", "person": "/people/{}/"}
    for dimension, value_id in pick.sample(rows, k=min(5, len(rows))):
        url = paths[dimension].format(value_of(dimension, value_id))
        params = {"q": [pick.choice(WORDS)]} if pick.random() < 0.3 else {}
        fast, slow = both_ways(client, settings, url, params)
        assert fast == slow, (url, params)


@pytest.mark.django_db
def test_a_change_at_the_desk_is_counted_on_the_next_request(client, seeded):
    corpus.generate(30, seed=3, batch=30)
    before = client.get("/articles/").context["browse"].total
    article = Article.objects.published().order_by("pk").first()
    article.status = Article.Status.WITHDRAWN
    article.save()
    assert client.get("/articles/").context["browse"].total == before - 1
    assert article.pk not in bitmaps.current().ids
    article.status = Article.Status.PUBLISHED
    article.event_date = dt.date(2030, 1, 1)  # now the newest of all
    article.save()
    browse = client.get("/articles/").context["browse"]
    assert browse.total == before
    assert browse.page.object_list[0].pk == article.pk


@pytest.mark.django_db
def test_a_ranking_past_its_bound_says_so(client, seeded, monkeypatch):
    corpus.generate(40, seed=5, batch=40)
    matches = Article.objects.published().search(search.parse_query("pengamanan")).count()
    assert matches > 5
    monkeypatch.setattr(search, "RANK_LIMIT", 5)
    monkeypatch.setattr(search, "RANK_WINDOW", 3)
    response = client.get("/articles/", {"q": "pengamanan"})
    browse = response.context["browse"]
    assert browse.total == matches  # the count is still exact
    assert browse.bounded_ranking
    assert "terakhir masuk arsip" in response.content.decode()
    newest_added = set(
        Article.objects.published()
        .search(search.parse_query("pengamanan"))
        .order_by("-pk")
        .values_list("pk", flat=True)[:5]
    )
    assert {article.pk for article in browse.page.object_list} == newest_added
    small = client.get("/articles/", {"q": "trenggalek"}).context["browse"]
    assert not small.bounded_ranking or small.total > 5
