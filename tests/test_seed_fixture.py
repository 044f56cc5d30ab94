"""fixtures/seeds.json is what the importer makes of fixtures/seeds/*.txt, today."""

import pytest
from django.core.management import call_command

from reports import seeds
from reports.models import Article, Person, PoliceUnit


@pytest.mark.django_db
def test_the_fixture_is_what_the_importer_produces_today():
    fresh = seeds.serialize_articles(seeds.import_seeds())
    on_disk = seeds.FIXTURE.read_text(encoding="utf-8")
    assert seeds.comparable(on_disk) == seeds.comparable(fresh), (
        "fixtures/seeds.json is out of date: run `make fixtures`"
    )


@pytest.mark.django_db
def test_the_fixture_holds_the_five_seeds_as_published_articles(seeded):
    assert Article.objects.count() == 5
    assert Article.objects.published().count() == 5
    assert {a.source for a in Article.objects.all()} == {p.name for p in seeds.seed_files()}


@pytest.mark.django_db
def test_loading_the_fixture_twice_changes_nothing(seeded):
    counts = [m.objects.count() for m in (Article, Person, PoliceUnit)]
    call_command("loaddata", "fixtures/seeds.json", verbosity=0)
    assert [m.objects.count() for m in (Article, Person, PoliceUnit)] == counts


@pytest.mark.django_db
def test_importing_the_seed_texts_over_the_fixture_creates_nothing(seeded):
    counts = [m.objects.count() for m in (Article, Person, PoliceUnit)]
    seeds.import_seeds()
    assert [m.objects.count() for m in (Article, Person, PoliceUnit)] == counts
