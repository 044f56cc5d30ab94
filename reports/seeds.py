"""The seed articles as a fixture: made by the importer, loaded by `make run`.

`fixtures/seeds/*.txt` are the five raw seed articles; `fixtures/seeds.json` is what
the importer makes of them, serialised with natural keys so that loading it twice,
or into a database that already holds other reports, changes nothing else. A test
checks that the file is what the importer produces today, so the two never drift
(`make fixtures` rewrites it).
"""

from __future__ import annotations

import json
from pathlib import Path

from django.conf import settings
from django.core import serializers
from django.db import transaction

from .importer.pipeline import import_files
from .models import Appearance, Article, Operation, Outlet, Person, PoliceUnit, Quote

SEED_DIR = Path(settings.BASE_DIR) / "fixtures" / "seeds"
FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "seeds.json"
# Timestamps say when the fixture was made, not what it holds.
VOLATILE_FIELDS = {"imported_at", "updated_at"}


def seed_files() -> list[Path]:
    return sorted(SEED_DIR.glob("*.txt"))


def import_seeds() -> list[Article]:
    """Import the seed texts as published articles; raise if any fails."""
    results = list(import_files(seed_files(), status=Article.Status.PUBLISHED))
    failures = [f"{r.name}: {r.error}" for r in results if r.error]
    if failures:
        raise ValueError("seed import failed: " + "; ".join(failures))
    return list(Article.objects.filter(pk__in=[r.article_id for r in results]))


def serialize_articles(articles: list[Article]) -> str:
    """The articles and what the importer made for them, in loading order.

    Regions, Poldas, elections and national operations come from migrations and
    are referred to by natural key, not included.
    """
    articles = sorted(articles, key=lambda a: a.content_hash)
    units = PoliceUnit.objects.filter(articles__in=articles).exclude(
        level__in=[PoliceUnit.Level.MABES, PoliceUnit.Level.POLDA]
    )
    # Parents of Polsek that the articles do not name themselves.
    units = PoliceUnit.objects.filter(pk__in=units) | PoliceUnit.objects.filter(
        children__in=units, level__in=PoliceUnit.DISTRICT_LEVELS
    )
    level_order = {level: n for n, level in enumerate(PoliceUnit.Level.values)}
    objects = [
        *Outlet.objects.filter(articles__in=articles).distinct().order_by("slug"),
        *sorted(units.distinct(), key=lambda u: (level_order[u.level], u.slug)),
        *Operation.objects.regional().filter(articles__in=articles).distinct().order_by("slug"),
        *Person.objects.filter(appearances__article__in=articles).distinct().order_by("slug"),
        *articles,
        *Appearance.objects.filter(article__in=articles).order_by("article__content_hash", "order"),
        *Quote.objects.filter(article__in=articles).order_by("article__content_hash", "order"),
    ]
    return (
        serializers.serialize(
            "json",
            objects,
            indent=2,
            use_natural_foreign_keys=True,
            use_natural_primary_keys=True,
        )
        + "\n"
    )


def comparable(fixture_text: str) -> list[dict]:
    """A fixture's objects without the fields that change each time it is made."""
    objects = json.loads(fixture_text)
    for obj in objects:
        for name in VOLATILE_FIELDS:
            obj["fields"].pop(name, None)
    return objects


def build_fixture() -> str:
    """Import the seeds in a transaction that is rolled back, and serialise them."""
    with transaction.atomic():
        text = serialize_articles(import_seeds())
        transaction.set_rollback(True)
    return text
