"""Small factories for targeted tests (the seed fixture covers the realistic cases)."""

import datetime as dt
import hashlib
import itertools

from django.utils import timezone
from django.utils.text import slugify

from reports.models import Appearance, Article, Election, Outlet, Person, PoliceUnit, Region

_numbers = itertools.count(1)


def make_article(
    *,
    title: str | None = None,
    body: str = "Personel Polres Contoh mengamankan kantor KPU.",
    status: str = Article.Status.PUBLISHED,
    date: dt.date = dt.date(2024, 8, 14),
    regency: str | None = "35.07",
    units: tuple[str, ...] = ("polda-jawa-timur",),
    elections: tuple[str, ...] = ("pilkada-2024",),
    outlet: str | None = "contoh.co.id",
    people: tuple[tuple[str, str, str], ...] = (),
) -> Article:
    """A published article in Kabupaten Malang unless told otherwise."""
    n = next(_numbers)
    title = title or f"Berita uji {n}"
    region = Region.objects.get(code=regency) if regency else None
    article = Article.objects.create(
        title=title,
        body=body,
        raw_text=f"{title}\n\n{body}",
        content_hash=hashlib.sha256(f"{n}:{title}:{body}".encode()).hexdigest(),
        imported_at=timezone.now(),
        status=status,
        event_date=date,
        regency=region,
        outlet=Outlet.objects.get_or_create(domain=outlet, defaults={"name": outlet})[0]
        if outlet
        else None,
    )
    article.units.set(PoliceUnit.objects.filter(slug__in=units))
    article.elections.set(Election.objects.filter(slug__in=elections))
    for order, (name, rank, position) in enumerate(people):
        person, _ = Person.objects.get_or_create(slug=slugify(name), defaults={"name": name})
        Appearance.objects.create(
            article=article, person=person, rank=rank, position=position, order=order
        )
    return article
