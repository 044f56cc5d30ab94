"""Writing parsed records to the database: idempotent, by natural keys, atomic.

`load_article` turns one `ArticleRecord` into an `Article` and what it links to.
Everything it looks up is found by a natural key (a unit's name or alias, a
person's slug, an outlet's domain, an operation's kind, code name and election), so
loading the same record twice creates nothing the second time. It runs in one
transaction: a failure leaves the database as it was.

An article is identified by the SHA-256 of its raw text. A draft is brought up to
date with the parser's record; once an editor has sent an article to review or
published it, the desk owns it and a re-import leaves it alone.
"""

from __future__ import annotations

import enum
import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from reports import search
from reports.models import (
    Appearance,
    Article,
    Election,
    Operation,
    Outlet,
    Person,
    PoliceUnit,
    Quote,
    Region,
)

from .records import ArticleRecord
from .units import UnitRef, polda_for_province, resolve_unit


class Outcome(enum.StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"


@dataclass
class LoadCounts:
    """How many articles a load created, updated or left unchanged."""

    counts: Counter = field(default_factory=Counter)

    def add(self, outcome: Outcome) -> None:
        self.counts[outcome] += 1

    @property
    def created(self) -> int:
        return self.counts[Outcome.CREATED]

    @property
    def updated(self) -> int:
        return self.counts[Outcome.UPDATED]

    @property
    def unchanged(self) -> int:
        return self.counts[Outcome.UNCHANGED]

    def as_dict(self) -> dict[str, int]:
        return {outcome.value: self.counts[outcome] for outcome in Outcome}


def content_hash(raw_text: str) -> str:
    """SHA-256 of the raw text with line endings and outer whitespace normalised, so
    the same page saved on Windows or with a trailing newline is the same article."""
    normalised = raw_text.replace("\r\n", "\n").replace("\r", "\n").strip()
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()


# `Operasi Mantap Praja Telabang 2024`, `Operasi Mantap Brata 2023-2024`,
# `Operasi Mantap Praja`: the parser's canonical operation names.
OPERATION_NAME = re.compile(
    r"^Operasi Mantap (?P<kind>Brata|Praja)"
    r"(?: (?P<code>(?!\d)[^\d].*?))?"
    r"(?: (?P<period>\d{4}(?:-\d{4})?))?$",
    re.IGNORECASE,
)


def load_article(
    record: ArticleRecord,
    *,
    raw_text: str,
    source: str = "",
    status: str = Article.Status.DRAFT,
) -> tuple[Article, Outcome]:
    """Create or update the article for `record`; return it and what happened.

    One transaction; the search index is brought up to date once, inside it."""
    with transaction.atomic(), search.batch():
        return _load(record, raw_text=raw_text, source=source, status=status)


def _load(record: ArticleRecord, *, raw_text: str, source: str, status: str):
    digest = content_hash(raw_text)
    article = Article.objects.filter(content_hash=digest).first()
    if article is not None and article.status != Article.Status.DRAFT:
        return article, Outcome.UNCHANGED

    resolved = _Resolver(record).resolve()
    if article is None:
        article = Article(content_hash=digest, raw_text=raw_text, status=status)
        article.imported_at = timezone.now()
        outcome = Outcome.CREATED
    elif _current_state(article) == resolved.state():
        return article, Outcome.UNCHANGED
    else:
        outcome = Outcome.UPDATED

    for name, value in resolved.fields.items():
        setattr(article, name, value)
    article.source = article.source or source
    article.full_clean(exclude=["slug", "content_hash", "imported_at"])
    article.save()
    article.elections.set(resolved.elections)
    article.units.set(resolved.units)
    article.operations.set(resolved.operations)
    article.appearances.all().delete()
    Appearance.objects.bulk_create(
        Appearance(article=article, person=person, rank=rank, position=position, order=order)
        for order, (person, rank, position) in enumerate(resolved.appearances)
    )
    article.quotes.all().delete()
    Quote.objects.bulk_create(
        Quote(article=article, speaker=speaker, text=text, order=order)
        for order, (speaker, text) in enumerate(resolved.quotes)
    )
    return article, outcome


@dataclass
class _Resolved:
    fields: dict
    elections: list[Election]
    units: list[PoliceUnit]
    operations: list[Operation]
    appearances: list[tuple[Person, str, str]]
    quotes: list[tuple[Person | None, str]]

    def state(self) -> tuple:
        f = self.fields
        return (
            f["title"],
            f["body"],
            getattr(f["outlet"], "pk", None),
            f["author"],
            f["published_date"],
            f["event_date"],
            f["dateline"],
            getattr(f["province"], "pk", None),
            getattr(f["regency"], "pk", None),
            getattr(f["district"], "pk", None),
            f["personnel_count"],
            sorted(e.pk for e in self.elections),
            sorted(u.pk for u in self.units),
            sorted(o.pk for o in self.operations),
            [(p.pk, rank, position) for p, rank, position in self.appearances],
            [(getattr(s, "pk", None), text) for s, text in self.quotes],
        )


def _current_state(article: Article) -> tuple:
    return (
        article.title,
        article.body,
        article.outlet_id,
        article.author,
        article.published_date,
        article.event_date,
        article.dateline,
        article.province_id,
        article.regency_id,
        article.district_id,
        article.personnel_count,
        sorted(article.elections.values_list("pk", flat=True)),
        sorted(article.units.values_list("pk", flat=True)),
        sorted(article.operations.values_list("pk", flat=True)),
        list(article.appearances.order_by("order").values_list("person_id", "rank", "position")),
        [tuple(q) for q in article.quotes.order_by("order").values_list("speaker_id", "text")],
    )


class _Resolver:
    """Finds or creates, by natural key, everything one record refers to."""

    def __init__(self, record: ArticleRecord) -> None:
        self.record = record
        self.day = record.event_date or record.published_date

    def resolve(self) -> _Resolved:
        record = self.record
        province = self._region(record.province, Region.Level.PROVINCE)
        regency = self._region(record.regency, Region.Level.REGENCY)
        if regency and not province:
            province = regency.parent
        self.province = province
        refs = [
            resolve_unit(name, province_code=province.code if province else None)
            for name in record.police_units
        ]
        units = [self._unit(ref, refs) for ref in refs]
        district = self._district(units, regency)
        people = {p.name: self._person(p.name) for p in record.people}
        return _Resolved(
            fields={
                "title": record.title.strip(),
                "body": record.body,
                "outlet": self._outlet(record.outlet),
                "author": record.author or "",
                "published_date": record.published_date,
                "event_date": record.event_date,
                "dateline": record.dateline or "",
                "province": province,
                "regency": regency,
                "district": district,
                "personnel_count": record.personnel_count,
            },
            elections=list(Election.objects.filter(slug__in=record.elections)),
            units=_unique(units),
            operations=_unique(self._operation(name, units) for name in record.operations),
            # One appearance per person: the first, where the report introduces them.
            appearances=_unique(
                ((people[p.name], p.rank or "", p.position or "") for p in record.people),
                key=lambda appearance: appearance[0].pk,
            ),
            quotes=[
                (people.get(q.speaker) if q.speaker else None, q.text)
                for q in record.quotes
                if q.text.strip()
            ],
        )

    @staticmethod
    def _region(name: str | None, level: str) -> Region | None:
        if not name:
            return None
        return Region.objects.filter(level=level, name__iexact=name.strip()).first()

    @staticmethod
    def _outlet(name: str | None) -> Outlet | None:
        if not name:
            return None
        name = name.strip().lower()
        if "." in name:
            outlet, _ = Outlet.objects.get_or_create(domain=name, defaults={"name": name})
            return outlet
        outlet, _ = Outlet.objects.get_or_create(slug=slugify(name), defaults={"name": name})
        return outlet

    @staticmethod
    def _person(name: str) -> Person:
        person, _ = Person.objects.get_or_create(slug=slugify(name), defaults={"name": name})
        return person

    def _unit(self, ref: UnitRef, refs: list[UnitRef]) -> PoliceUnit:
        """The unit `ref` names, created with its region and parent the first time."""
        existing = PoliceUnit.objects.named(ref.name).first()
        if existing is not None:
            return existing
        region_code = (
            ref.district_code
            if ref.level == PoliceUnit.Level.POLSEK
            else ref.province_code
            if ref.level == PoliceUnit.Level.POLDA
            else ref.regency_code
        )
        region = Region.objects.filter(code=region_code).first() if region_code else None
        parent = self._parent(ref, refs)
        unit = PoliceUnit.objects.create(
            name=ref.name,
            slug=_free_slug(PoliceUnit, ref.name),
            level=ref.level,
            region=region,
            parent=parent,
            needs_review=region is None or parent is None,
            source="importer: first seen in a report",
        )
        return unit

    def _parent(self, ref: UnitRef, refs: list[UnitRef]) -> PoliceUnit | None:
        if ref.level == PoliceUnit.Level.POLDA:
            return PoliceUnit.objects.filter(level=PoliceUnit.Level.MABES).first()
        if ref.level in PoliceUnit.DISTRICT_LEVELS:
            return PoliceUnit.objects.named(ref.polda).first() if ref.polda else None
        if ref.level == PoliceUnit.Level.POLSEK:
            # The Polres over a Polsek: as resolved, else the report's own district
            # unit whose regency holds the Polsek's district.
            parent = ref.parent or next(
                (
                    other.name
                    for other in refs
                    if other.level in PoliceUnit.DISTRICT_LEVELS
                    and other.regency_code
                    and ref.district_code
                    and ref.district_code.startswith(other.regency_code + ".")
                ),
                None,
            )
            if parent:
                return self._unit(resolve_unit(parent), refs)
        return None

    def _district(self, units: list[PoliceUnit], regency: Region | None) -> Region | None:
        """The district of the report's lead Polsek, when it lies in the report's regency."""
        for unit in units:
            if (
                unit.level == PoliceUnit.Level.POLSEK
                and unit.region_id
                and (regency is None or unit.region.parent_id == regency.pk)
            ):
                return unit.region
        return None

    def _operation(self, name: str, units: list[PoliceUnit]) -> Operation | None:
        match = OPERATION_NAME.match(" ".join(name.split()))
        if not match:
            return None
        kind = (
            Operation.Kind.MANTAP_BRATA
            if match["kind"].lower() == "brata"
            else Operation.Kind.MANTAP_PRAJA
        )
        code = (match["code"] or "").strip().title()
        election = Election.objects.get(slug=Operation.ELECTION_OF_KIND[kind])
        existing = Operation.objects.filter(kind=kind, code_name__iexact=code, election=election)
        if (operation := existing.first()) is not None:
            return operation
        polda = self._owning_polda(units)
        operation = Operation(
            kind=kind,
            code_name=code,
            period=match["period"] or Operation.PERIOD_OF_KIND[kind],
            election=election,
            polda=polda,
            needs_review=polda is None,
        )
        operation.save()
        return operation

    def _owning_polda(self, units: list[PoliceUnit]) -> PoliceUnit | None:
        """The Polda a regional code name belongs to: the report's Polda, or the Polda
        over its units, or the Polda of its province."""
        for unit in units:
            if unit.level == PoliceUnit.Level.POLDA:
                return unit
        for unit in units:
            if unit.parent_id and unit.parent.level == PoliceUnit.Level.POLDA:
                return unit.parent
        if self.province is not None:
            name = polda_for_province(self.province.code, on=self.day)
            if name:
                return PoliceUnit.objects.named(name).first()
        return None


def _unique(items, key=lambda item: item):
    """Items without None and without repeats (by `key`), first occurrence kept."""
    seen, result = set(), []
    for item in items:
        if item is not None and key(item) not in seen:
            seen.add(key(item))
            result.append(item)
    return result


def _free_slug(model, name: str) -> str:
    base = slugify(name)[:110] or "satuan"
    slug, n = base, 1
    while model.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug
