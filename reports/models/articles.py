"""News reports, where they came from, and the people they quote."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models.functions import Length
from django.db.models.lookups import Exact
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from .fields import CleanCharField, CleanSlugField, CleanTextField


class OutletManager(models.Manager):
    def get_by_natural_key(self, slug: str) -> Outlet:
        return self.get(slug=slug)


class Outlet(models.Model):
    """A news site or agency that carried reports (`surabayapagi.com`, `antara`)."""

    name = CleanCharField(_("nama"), max_length=120)
    domain = CleanCharField(
        _("domain"),
        max_length=120,
        unique=True,
        null=True,
        blank=True,
        help_text=_(
            "Lowercase, without www: jember.bossman.co.id. Empty when only the "
            "outlet's name is known."
        ),
    )
    slug = CleanSlugField(max_length=120, unique=True)

    objects = OutletManager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("media")
        verbose_name_plural = pgettext_lazy("plural", "media")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(domain__isnull=True) | ~models.Q(domain=""),
                name="outlet_domain_null_not_empty",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        if not self.slug:
            # malang.informan.id -> malang-informan-id
            self.slug = slugify((self.domain or self.name).replace(".", "-"))
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("reports:outlet", args=[self.slug])

    def natural_key(self) -> tuple[str]:
        return (self.slug,)


class PersonManager(models.Manager):
    def get_by_natural_key(self, slug: str) -> Person:
        return self.get(slug=slug)


class Person(models.Model):
    """Someone named in reports: an officer, a soldier, an official, a citizen.

    Rank and position are not here: they are stated per report and change over
    time, so they live on `Appearance`.
    """

    name = CleanCharField(
        _("nama"), max_length=120, help_text=_("Without degrees, honorifics or rank.")
    )
    slug = CleanSlugField(max_length=120, unique=True)
    needs_review = models.BooleanField(
        _("perlu diperiksa"),
        default=False,
        help_text=_("The name may be the same person as another entry, or only part of a name."),
    )

    objects = PersonManager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("orang")
        verbose_name_plural = pgettext_lazy("plural", "orang")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        if not self.slug:
            self.slug = slugify(self.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("reports:person", args=[self.slug])

    def natural_key(self) -> tuple[str]:
        return (self.slug,)


class Story(models.Model):
    """One event as several outlets reported it: a police press release is carried
    nearly word for word by many sites. The importer groups near-duplicates here,
    and each article's page names the other outlets that reported it."""

    title = CleanCharField(_("judul"), max_length=500)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)

    class Meta:
        verbose_name = _("peristiwa")
        verbose_name_plural = pgettext_lazy("plural", "peristiwa")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title


class ArticleQuerySet(models.QuerySet):
    def published(self) -> ArticleQuerySet:
        return self.filter(status=Article.Status.PUBLISHED)

    def in_region(self, region) -> ArticleQuerySet:
        """Reports in this area or any area inside it (a province's regencies, a
        regency's districts). `region` is a Region or its code."""
        from .regions import Region

        if not isinstance(region, Region):
            region = Region.objects.get(code=region)
        # Reports carry all three levels, so one indexed column answers.
        column = {"province": "province", "regency": "regency", "district": "district"}
        return self.filter(**{column[region.level]: region})

    def by_units(self, units) -> ArticleQuerySet:
        """Reports of these units or any unit below them."""
        from .police import PoliceUnit

        # A subquery rather than a join, so that no report is counted twice.
        linked = Article.units.through.objects.filter(
            policeunit__in=PoliceUnit.objects.under(units)
        ).values("article_id")
        return self.filter(pk__in=linked)

    def under(self, dimension: str, values) -> ArticleQuerySet:
        """Published reports under any of these facet values (`values`: ids, or
        objects): in these regions, of these units or any below them, of these
        operations (a national one with its code-named parts), elections, outlets,
        or naming these people. The filter every count is made of (reports/facets.py)."""
        from .facets import ArticleFacet

        ids = [getattr(value, "pk", value) for value in values]
        rows = ArticleFacet.objects.filter(dimension=dimension, value_id__in=ids)
        return self.filter(pk__in=rows.values("article_id"))

    def on_dates(self, start: dt.date | None = None, end: dt.date | None = None) -> ArticleQuerySet:
        """Reports whose date (event date, else published date) falls in [start, end]."""
        queryset = self
        if start:
            queryset = queryset.filter(date__gte=start)
        if end:
            queryset = queryset.filter(date__lte=end)
        return queryset

    def search(self, query) -> ArticleQuerySet:
        """Reports matching a search (`reports.search.parse_query(text)`), unranked."""
        from reports import search

        return search.search(self, query)

    def by_relevance(self, query) -> ArticleQuerySet:
        """Best match first (newest first when the query has nothing to rank by)."""
        from reports import search

        return search.ranked(self, query)

    def newest_first(self) -> ArticleQuerySet:
        return self.order_by(models.F("date").desc(nulls_last=True), "-pk")

    def oldest_first(self) -> ArticleQuerySet:
        return self.order_by(models.F("date").asc(nulls_last=True), "pk")

    def for_listing(self) -> ArticleQuerySet:
        """What a list of reports shows, fetched in a fixed number of queries."""
        return (
            self.select_related("outlet", "province", "regency")
            .prefetch_related("units", "elections")
            .defer("raw_text")
        )

    def for_detail(self) -> ArticleQuerySet:
        return self.select_related("outlet", "province", "regency", "district").prefetch_related(
            models.Prefetch("units", queryset=_units_with_parents()),
            "elections",
            "operations",
            models.Prefetch("appearances", queryset=Appearance.objects.select_related("person")),
            models.Prefetch("quotes", queryset=Quote.objects.select_related("speaker")),
            "corrections",
        )


def _units_with_parents():
    from .police import PoliceUnit

    return PoliceUnit.objects.select_related("parent", "parent__parent", "region")


class ArticleManager(models.Manager.from_queryset(ArticleQuerySet)):
    def get_by_natural_key(self, content_hash: str) -> Article:
        return self.get(content_hash=content_hash)


class Article(models.Model):
    """One news report on police election security, as imported and reviewed.

    `body` is the text cleaned of page chrome; `raw_text` is what was scraped, kept
    for provenance. `date` is the event date, or the published date where the report
    gives no event date: the date lists sort and filter on.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draf")
        IN_REVIEW = "review", _("Ditinjau")
        PUBLISHED = "published", _("Terbit")
        WITHDRAWN = "withdrawn", _("Ditarik")

    title = CleanCharField(_("judul"), max_length=500)
    slug = CleanSlugField(max_length=120, editable=False)
    body = CleanTextField(_("isi"), help_text=_("The report's text without page chrome."))
    raw_text = CleanTextField(
        _("teks mentah"), help_text=_("The page text as scraped, kept for provenance.")
    )
    outlet = models.ForeignKey(
        Outlet,
        verbose_name=_("media"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="articles",
    )
    author = CleanCharField(_("penulis"), max_length=200, blank=True)
    published_date = models.DateField(_("tanggal terbit"), null=True, blank=True)
    event_date = models.DateField(
        _("tanggal kejadian"),
        null=True,
        blank=True,
        help_text=_("From the report's `Hari (d/m/yyyy)` phrase."),
    )
    date = models.DateField(
        _("tanggal"),
        null=True,
        blank=True,
        editable=False,
        db_index=True,
        help_text=_("Event date, else published date."),
    )
    dateline = CleanCharField(_("dateline"), max_length=120, blank=True)
    province = models.ForeignKey(
        "reports.Region",
        verbose_name=_("provinsi"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"level": "province"},
    )
    regency = models.ForeignKey(
        "reports.Region",
        verbose_name=_("kabupaten/kota"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"level": "regency"},
    )
    district = models.ForeignKey(
        "reports.Region",
        verbose_name=_("kecamatan"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"level": "district"},
        help_text=_("The district of the lead Polsek, when the report is a Polsek's."),
    )
    elections = models.ManyToManyField(
        "reports.Election", verbose_name=_("pemilihan"), blank=True, related_name="articles"
    )
    units = models.ManyToManyField(
        "reports.PoliceUnit", verbose_name=_("satuan"), blank=True, related_name="articles"
    )
    operations = models.ManyToManyField(
        "reports.Operation", verbose_name=_("operasi"), blank=True, related_name="articles"
    )
    people = models.ManyToManyField(
        Person,
        verbose_name=_("orang"),
        through="Appearance",
        blank=True,
        related_name="articles",
    )
    personnel_count = models.PositiveIntegerField(
        _("jumlah personel"),
        null=True,
        blank=True,
        help_text=_("The deployment total the report states; empty when it gives none."),
    )
    status = CleanCharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    source = CleanCharField(
        _("sumber"),
        max_length=500,
        blank=True,
        help_text=_("The file or URL the text was imported from."),
    )
    content_hash = CleanCharField(
        _("sidik isi"),
        max_length=64,
        unique=True,
        editable=False,
        help_text=_("SHA-256 of the raw text: the same text is never imported twice."),
    )
    imported_at = models.DateTimeField(_("diimpor"), editable=False)
    updated_at = models.DateTimeField(_("diubah"), auto_now=True)
    story = models.ForeignKey(
        Story,
        verbose_name=_("peristiwa"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="articles",
        help_text=_("Other reports of the same event (copies of one press release)."),
    )
    is_generated = models.BooleanField(
        _("data uji"),
        default=False,
        editable=False,
        help_text=_("Generated for benchmarks, not a real report."),
    )

    objects = ArticleManager()
    history = HistoricalRecords(
        excluded_fields=["raw_text", "slug", "date", "updated_at"],
        m2m_fields=[elections, units, operations],
    )

    class Meta:
        verbose_name = _("berita")
        verbose_name_plural = pgettext_lazy("plural", "berita")
        permissions = [
            ("publish_article", "Can publish and withdraw articles"),
            ("import_articles", "Can import articles from raw text"),
        ]
        ordering = [models.F("date").desc(nulls_last=True), "-pk"]
        # (status, x) indexes cover the facet counts: GROUP BY x over published
        # reports reads the index alone (docs/benchmarks.md).
        indexes = [
            models.Index(fields=["status", "date"], name="article_status_date"),
            models.Index(fields=["status", "province"], name="article_status_province"),
            models.Index(fields=["status", "regency"], name="article_status_regency"),
            models.Index(fields=["status", "outlet"], name="article_status_outlet"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=["draft", "review", "published", "withdrawn"]),
                name="article_status_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(Exact(Length("content_hash"), 64)),
                name="article_content_hash_is_sha256",
            ),
            models.CheckConstraint(condition=~models.Q(title=""), name="article_has_title"),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        self.slug = slugify(self.title)[:120].strip("-") or "berita"
        self.date = self.event_date or self.published_date
        if self.regency_id and not self.province_id:
            self.province_id = self.regency.parent_id
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("reports:article", args=[self.pk, self.slug or "-"])

    def natural_key(self) -> tuple[str]:
        return (self.content_hash,)


class AppearanceManager(models.Manager):
    def get_by_natural_key(self, content_hash: str, person_slug: str) -> Appearance:
        return self.get(article__content_hash=content_hash, person__slug=person_slug)


class Appearance(models.Model):
    """A person named in a report, with the rank and position the report gives."""

    article = models.ForeignKey(
        Article, verbose_name=_("berita"), on_delete=models.CASCADE, related_name="appearances"
    )
    person = models.ForeignKey(
        Person, verbose_name=_("orang"), on_delete=models.PROTECT, related_name="appearances"
    )
    rank = CleanCharField(
        _("pangkat"),
        max_length=40,
        blank=True,
        help_text=_(
            "Standard abbreviation: AKBP, Kompol, Kombes Pol, Letkol Inf; empty for civilians."
        ),
    )
    position = CleanCharField(
        _("jabatan"),
        max_length=200,
        blank=True,
        help_text=_(
            "As written at the person's mention: Kapolres Malang, Kabag Ops Polres Jember."
        ),
    )
    order = models.PositiveSmallIntegerField(_("urutan"), default=0)

    objects = AppearanceManager()

    class Meta:
        verbose_name = _("penyebutan orang")
        verbose_name_plural = pgettext_lazy("plural", "orang yang disebut")
        ordering = ["article", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "person"], name="appearance_once_per_article"
            ),
        ]

    def __str__(self) -> str:
        return " ".join(part for part in (self.rank, self.person.name) if part)

    def natural_key(self) -> tuple[str, str]:
        return (*self.article.natural_key(), *self.person.natural_key())

    natural_key.dependencies = ["reports.article", "reports.person"]


class QuoteManager(models.Manager):
    def get_by_natural_key(self, content_hash: str, order: int) -> Quote:
        return self.get(article__content_hash=content_hash, order=order)


class Quote(models.Model):
    """A quoted span of a report and who said it."""

    article = models.ForeignKey(
        Article, verbose_name=_("berita"), on_delete=models.CASCADE, related_name="quotes"
    )
    speaker = models.ForeignKey(
        Person,
        verbose_name=_("pembicara"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="quotes",
    )
    text = CleanTextField(_("kutipan"))
    order = models.PositiveSmallIntegerField(_("urutan"), default=0)

    objects = QuoteManager()

    class Meta:
        verbose_name = _("kutipan")
        verbose_name_plural = pgettext_lazy("plural", "kutipan")
        ordering = ["article", "order"]
        constraints = [
            models.UniqueConstraint(fields=["article", "order"], name="quote_order_unique"),
            models.CheckConstraint(condition=~models.Q(text=""), name="quote_not_empty"),
        ]

    def __str__(self) -> str:
        return self.text[:80]

    def natural_key(self) -> tuple[str, int]:
        return (*self.article.natural_key(), self.order)

    @property
    def display_text(self) -> str:
        """The quote as shown: without the comma that led into its attribution
        (`"... pemilu," kata Kompol Toha`)."""
        return self.text.strip().rstrip(",")

    natural_key.dependencies = ["reports.article"]


class Correction(models.Model):
    """A public, dated note on a material correction to a published report."""

    article = models.ForeignKey(
        Article, verbose_name=_("berita"), on_delete=models.CASCADE, related_name="corrections"
    )
    note = CleanTextField(_("catatan koreksi"), help_text=_("Shown on the report's public page."))
    made_on = models.DateField(_("tanggal koreksi"), default=timezone.localdate)
    made_by = models.ForeignKey(
        "auth.User",
        verbose_name=_("oleh"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("koreksi")
        verbose_name_plural = pgettext_lazy("plural", "koreksi")
        ordering = ["article", "made_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=~models.Q(note=""), name="correction_has_note")
        ]

    def __str__(self) -> str:
        return f"Koreksi {self.made_on:%Y-%m-%d}: {self.note[:60]}"


class ArchiveState(models.Model):
    """One row counting changes to what the public site shows.

    Every change to a report or anything a page names bumps `version` in the same
    transaction; cached pages and facet counts are keyed by it, and `changed_at`
    is the pages' Last-Modified. One row, so every process sees the same version."""

    version = models.PositiveBigIntegerField(_("versi"), default=1)
    changed_at = models.DateTimeField(_("diubah"), default=timezone.now)

    class Meta:
        verbose_name = _("status arsip")
        verbose_name_plural = pgettext_lazy("plural", "status arsip")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(pk=1), name="archive_state_single_row")
        ]

    def __str__(self) -> str:
        return f"versi {self.version}"

    @classmethod
    def current(cls) -> ArchiveState:
        """The row (made by migration 0004); an unsaved first state if it is missing."""
        return cls.objects.filter(pk=1).first() or cls(pk=1)

    @classmethod
    def bump(cls) -> None:
        updated = cls.objects.filter(pk=1).update(
            version=models.F("version") + 1, changed_at=timezone.now()
        )
        if not updated:
            cls.objects.get_or_create(pk=1)
