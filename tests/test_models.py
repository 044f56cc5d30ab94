"""The data model: vocabulary, reference data, and invariants held by the database."""

import datetime as dt

import pytest
from django.apps import apps
from django.db import IntegrityError, transaction

from reports.models import Article, Election, Operation, PoliceUnit, Region


def report_models():
    """The app's own models (not the history tables django-simple-history adds)."""
    return [
        model
        for model in apps.get_app_config("reports").get_models()
        if not model.__name__.startswith("Historical")
    ]


@pytest.mark.parametrize("model", report_models(), ids=lambda m: m.__name__)
def test_every_model_has_a_docstring_str_ordering_and_verbose_name(model):
    assert model.__doc__ and not model.__doc__.startswith(f"{model.__name__}("), model
    assert "__str__" in model.__dict__, model
    assert model._meta.ordering, model
    assert model._meta.verbose_name != model.__name__.lower(), model


@pytest.mark.django_db
def test_all_areas_are_loaded_with_their_parents():
    assert Region.objects.provinces().count() == 38
    assert Region.objects.regencies().count() == 514
    assert Region.objects.districts().count() == 7285
    malang = Region.objects.get(code="35.07")
    assert (malang.name, malang.parent.name) == ("Kabupaten Malang", "Jawa Timur")
    assert Region.objects.within("35.07").count() == 1 + malang.children.count()


@pytest.mark.django_db
def test_every_province_has_a_polda_as_the_force_organised_them():
    poldas = PoliceUnit.objects.poldas()
    assert poldas.count() == 36
    assert poldas.get(region__code="31").name == "Polda Metro Jaya"
    assert poldas.get(region__code="35").name == "Polda Jawa Timur"
    # The Papua provinces of 2022 were covered by Polda Papua and Papua Barat until
    # Polda Papua Tengah and Polda Papua Barat Daya were formed in November 2024.
    assert not poldas.filter(region__code__in=["93", "95"]).exists()
    assert poldas.get(region__code="96").established == dt.date(2024, 11, 11)
    assert all(polda.parent.level == "mabes" for polda in poldas)


@pytest.mark.django_db
def test_a_polda_is_found_by_its_short_name():
    assert PoliceUnit.objects.named("Polda Jatim").get().name == "Polda Jawa Timur"
    assert PoliceUnit.objects.named("polda  KEPRI").get().name == "Polda Kepulauan Riau"


@pytest.mark.django_db
def test_the_elections_and_national_operations_exist():
    assert {e.slug: e.voting_day for e in Election.objects.all()} == {
        "pemilu-2024": dt.date(2024, 2, 14),
        "pilkada-2024": dt.date(2024, 11, 27),
    }
    brata = Operation.objects.get(slug="operasi-mantap-brata-2023-2024")
    assert (brata.election.slug, brata.days) == ("pemilu-2024", 222)
    praja = Operation.objects.get(slug="operasi-mantap-praja-2024")
    assert (praja.election.slug, praja.days) == ("pilkada-2024", 153)


@pytest.mark.django_db
def test_a_region_code_must_match_its_level():
    with pytest.raises(IntegrityError), transaction.atomic():
        Region.objects.create(
            code="99.1", name="X", level="regency", parent=Region.objects.get(code="35")
        )


@pytest.mark.django_db
def test_a_national_operation_has_no_polda():
    polda = PoliceUnit.objects.poldas().first()
    with pytest.raises(IntegrityError), transaction.atomic():
        Operation.objects.create(
            kind="mantap-brata",
            period="2023-2024",
            election=Election.objects.get(slug="pilkada-2024"),
            polda=polda,
        )


@pytest.mark.django_db
def test_the_same_raw_text_cannot_be_stored_twice():
    fields = {
        "title": "A",
        "body": "b",
        "raw_text": "r",
        "content_hash": "f" * 64,
        "imported_at": dt.datetime(2024, 1, 1, tzinfo=dt.UTC),
    }
    Article.objects.create(**fields)
    with pytest.raises(IntegrityError), transaction.atomic():
        Article.objects.create(**fields)


@pytest.mark.django_db
def test_an_article_date_is_the_event_date_else_the_published_date():
    article = Article.objects.create(
        title="A",
        body="b",
        raw_text="r",
        content_hash="e" * 64,
        imported_at=dt.datetime(2024, 1, 1, tzinfo=dt.UTC),
        published_date=dt.date(2024, 1, 4),
    )
    assert article.date == dt.date(2024, 1, 4)
    article.event_date = dt.date(2024, 1, 3)
    article.save()
    assert article.date == dt.date(2024, 1, 3)


@pytest.mark.django_db
def test_queryset_reads_chain(seeded):
    malang = Article.objects.published().in_region("35.07")
    assert malang.count() == 3
    assert Article.objects.published().in_region("35").count() == 4
    polda_jatim = PoliceUnit.objects.get(name="Polda Jawa Timur")
    assert Article.objects.published().by_units([polda_jatim]).count() == 4
    assert Article.objects.on_dates(dt.date(2024, 8, 1), dt.date(2024, 8, 31)).count() == 2
