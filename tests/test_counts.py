"""Counts you can trust (reports/facets.py): every number shown beside a link is the
number of reports that link lists, on corpora of several shapes, and the facet index
kept up to date by every write path equals the index rebuilt from scratch."""

import random
from urllib.parse import urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reports import corpus, facets, merging
from reports.browse import FACET_PARAMS
from reports.models import Article, ArticleFacet, Election, Operation, PoliceUnit, Region

PROPERTY = settings(
    max_examples=3,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def total(client, url: str) -> int:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.context["browse"].total


def facet_rows() -> set[tuple]:
    return set(ArticleFacet.objects.values_list("article_id", "dimension", "value_id"))


def make_corpus(seed: int, size: int, unpublished: float) -> None:
    """A generated archive with some reports taken back to draft or withdrawn, as
    the desk does it (a save each). Hypothesis runs its examples in one test's
    transaction: the previous example's archive goes first (the same seed would
    generate the same reports again)."""
    corpus.clear()
    corpus.generate(size, seed=seed, batch=size)
    rng = random.Random(seed)
    for article in Article.objects.order_by("pk"):
        if rng.random() < unpublished:
            article.status = rng.choice([Article.Status.DRAFT, Article.Status.WITHDRAWN])
            article.save()


corpora = st.tuples(st.integers(1, 10_000), st.integers(20, 80), st.sampled_from([0.0, 0.2, 0.6]))


# --- What a facet says, its link returns ----------------------------------------------


def check_facets(client, path: str, params: dict) -> int:
    """Every facet value on `path?params`: its count is what the list shows with that
    value as its facet's only choice; an unchosen value's own link, when its facet
    has no choice yet, lists exactly that many. Returns the number checked."""
    response = client.get(path, params)
    assert response.status_code == 200
    browse = response.context["browse"]
    checked = 0
    for facet in browse.facets:
        chosen = facet.name in params
        for link in facet.links:
            only = {**params, facet.name: link.value}
            assert total(client, f"{path}?{urlencode(only)}") == link.count, (facet.title, link)
            if not chosen:
                assert total(client, path + link.url) == link.count, (facet.title, link)
            checked += 1
    return checked


@pytest.mark.django_db
@PROPERTY
@given(shape=corpora, pick=st.randoms(use_true_random=False))
def test_every_facet_count_is_what_its_link_lists(client, shape, pick):
    make_corpus(*shape)
    checked = check_facets(client, "/articles/", {})
    # Narrowed by each facet's busiest value in turn, and by a search.
    for param in FACET_PARAMS:
        links = next(
            (f.links for f in client.get("/articles/").context["browse"].facets if f.name == param),
            [],
        )
        if links:
            checked += check_facets(client, "/articles/", {param: pick.choice(links).value})
    checked += check_facets(client, "/articles/", {"q": "pengamanan"})
    assert checked > 0 or not Article.objects.published().exists()


# --- What an index says, its link returns ---------------------------------------------


def index_rows(client) -> list[tuple[str, int]]:
    """(link, number shown) for every row of every index and of the home page."""
    rows = []
    home = client.get("/").context
    rows += [(obj.get_absolute_url(), obj.n) for obj in home["by_election"]]
    rows += [(obj.get_absolute_url(), obj.n) for obj in home["by_operation"]]
    rows += [(obj.get_absolute_url(), obj.n) for obj in home["by_province"]]
    rows.append(("/articles/", home["total"]))
    for path in ["/regions/", "/operations/", "/outlets/", "/people/"]:
        rows += [(o.get_absolute_url(), o.n) for o in client.get(path).context["object_list"]]
        # The rest (`?zeros=1`) show 0, and their pages list nothing: a few of them.
        rest = [o for o in client.get(path + "?zeros=1").context["object_list"] if not o.n]
        rows += [(o.get_absolute_url(), o.n) for o in rest[:3]]
    units = client.get("/units/").context
    for polda in units["poldas"]:
        rows.append((polda.get_absolute_url(), polda.n))
        for unit in polda.units:
            rows.append((unit.get_absolute_url(), unit.n))
            rows += [(polsek.get_absolute_url(), polsek.n) for polsek in unit.units]
    return rows


@pytest.mark.django_db
@PROPERTY
@given(shape=corpora)
def test_every_index_count_is_what_its_page_lists(client, shape):
    make_corpus(*shape)
    rows = index_rows(client)
    assert rows
    for url, shown in rows:
        assert total(client, url) == shown, url


@pytest.mark.django_db
def test_an_entity_page_lists_what_its_filter_lists(client, seeded):
    corpus.generate(60, seed=3, batch=60)
    pages = [
        ("region", Region.objects.get(code="35"), "code"),
        ("unit", PoliceUnit.objects.get(slug="polda-jawa-timur"), "slug"),
        ("operation", Operation.objects.get(slug="operasi-mantap-praja-2024"), "slug"),
        ("election", Election.objects.get(slug="pemilu-2024"), "slug"),
    ]
    for param, obj, field in pages:
        entity = client.get(obj.get_absolute_url()).context["browse"]
        saved = client.get("/articles/", {param: getattr(obj, field)}).context["browse"]
        assert entity.total == saved.total > 0
        assert [a.pk for a in entity.page.object_list] == [a.pk for a in saved.page.object_list]
        assert [
            (f.title, [(link.label, link.count, link.url) for link in f.links])
            for f in entity.facets
        ] == [
            (f.title, [(link.label, link.count, "/articles/" + link.url) for link in f.links])
            for f in saved.facets
        ]
        assert entity.export_query == f"?{param}={getattr(obj, field)}"


@pytest.mark.django_db
def test_every_facet_value_is_reachable(client, seeded, settings):
    corpus.generate(200, seed=5, batch=200)
    response = client.get("/articles/")
    outlets = next(f for f in response.context["browse"].facets if f.name == "outlet")
    assert outlets.values > len(outlets.links)  # the corpus has more than FACET_LIMIT
    everything = client.get("/articles/" + outlets.more.url).context["browse"]
    shown = next(f for f in everything.facets if f.name == "outlet")
    assert len(shown.links) == outlets.values


# --- The index kept by every write path equals the index rebuilt ------------------------


def expected_rows() -> set[tuple]:
    """The facet index as the filters' documented meaning says it, worked out in
    Python from the models (independent of the SQL that writes it)."""
    national = {(op.kind, op.election_id): op.pk for op in Operation.objects.filter(code_name="")}
    rows = set()
    for article in Article.objects.published().prefetch_related(
        "units__parent__parent__parent", "operations", "elections", "appearances"
    ):
        for region in (article.province_id, article.regency_id, article.district_id):
            if region:
                rows.add((article.pk, "region", region))
        if article.outlet_id:
            rows.add((article.pk, "outlet", article.outlet_id))
        for unit in article.units.all():  # and the units above it, Mabes Polri not
            rows.add((article.pk, "unit", unit.pk))
            above = unit.parent
            while above is not None and above.level != "mabes":
                rows.add((article.pk, "unit", above.pk))
                above = above.parent
        for op in article.operations.all():
            rows.add((article.pk, "operation", op.pk))
            if (op.kind, op.election_id) in national:
                rows.add((article.pk, "operation", national[(op.kind, op.election_id)]))
        rows |= {(article.pk, "election", e.pk) for e in article.elections.all()}
        rows |= {(article.pk, "person", a.person_id) for a in article.appearances.all()}
    return rows


def rebuilt() -> set[tuple]:
    kept = facet_rows()
    facets.rebuild()
    return kept


@pytest.mark.django_db
@PROPERTY
@given(
    shape=corpora,
    edits=st.lists(st.integers(0, 5), min_size=1, max_size=8),
    pick=st.randoms(use_true_random=False),
)
def test_the_facet_index_kept_by_every_change_equals_the_index_rebuilt(shape, edits, pick):
    make_corpus(*shape)
    articles = list(Article.objects.order_by("pk"))
    for edit in edits:
        article = pick.choice(articles)
        if edit == 0:  # published, withdrawn, back to draft
            article.status = pick.choice(Article.Status.values)
            article.save()
        elif edit == 1:  # another operation
            article.operations.add(pick.choice(list(Operation.objects.all())))
        elif edit == 2:  # units cleared
            article.units.clear()
        elif edit == 3:  # a Polres moved to another Polda
            unit = pick.choice(list(PoliceUnit.objects.district_units()))
            unit.parent = pick.choice(list(PoliceUnit.objects.poldas()))
            unit.save()
        elif edit == 4:  # two units merged
            first, second = pick.sample(list(PoliceUnit.objects.district_units()), 2)
            merging.merge_units(first, second)
        else:  # a correction of the region
            article.province = pick.choice(list(Region.objects.provinces()))
            article.save()
    kept = rebuilt()
    assert kept == facet_rows() == expected_rows()


@pytest.mark.django_db
def test_only_published_reports_have_facet_rows(seeded):
    published = set(Article.objects.published().values_list("pk", flat=True))
    assert {pk for pk, *_ in facet_rows()} == published
    article = Article.objects.published().first()
    article.status = Article.Status.WITHDRAWN
    article.save()
    assert not ArticleFacet.objects.filter(article=article).exists()


def test_the_newest_migration_that_fills_the_index_fills_it_as_the_code_does():
    """A migration fills the index with a frozen copy of the rebuild's SQL; a change
    to that SQL needs a migration that rebuilds the rows with the new one."""
    from importlib import import_module
    from pathlib import Path

    import reports.migrations

    names = sorted(p.stem for p in Path(reports.migrations.__file__).parent.glob("0*.py"))
    modules = [import_module(f"reports.migrations.{name}") for name in names]
    newest = [m for m in modules if hasattr(m, "BACKFILL")][-1]
    assert " ".join(newest.BACKFILL.split()) == " ".join(facets._insert_sql("", "").split())
