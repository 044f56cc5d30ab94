"""The elections of 2024 and the police operations that secured them."""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext, gettext_noop, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .fields import CleanCharField, CleanSlugField, CleanTextField

# The reference elections' descriptions as migration 0002 writes them, for the
# translation catalogue: `Election.translated_description` looks the stored text up,
# so an editor's own wording is shown as written.
REFERENCE_DESCRIPTIONS = (
    gettext_noop("Pemilihan umum serentak: presiden dan wakil presiden, DPR, DPD, DPRD."),
    gettext_noop(
        "Pemilihan kepala daerah serentak: gubernur, bupati, dan wali kota "
        "di 37 provinsi dan 508 kabupaten/kota."
    ),
)


class ElectionManager(models.Manager):
    def get_by_natural_key(self, slug: str) -> Election:
        return self.get(slug=slug)


class Election(models.Model):
    """An election the police secured: Pemilu 2024 or Pilkada 2024."""

    class Kind(models.TextChoices):
        PEMILU = "pemilu", "Pemilu (pemilihan umum)"
        PILKADA = "pilkada", "Pilkada (pemilihan kepala daerah)"

    slug = CleanSlugField(max_length=40, unique=True, help_text=_("pemilu-2024, pilkada-2024"))
    name = CleanCharField(_("nama"), max_length=80)
    kind = CleanCharField(_("jenis"), max_length=10, choices=Kind.choices)
    voting_day = models.DateField(_("hari pemungutan suara"))
    description = CleanTextField(_("keterangan"), blank=True)

    objects = ElectionManager()

    class Meta:
        verbose_name = _("pemilihan")
        verbose_name_plural = pgettext_lazy("plural", "pemilihan")
        ordering = ["voting_day"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "voting_day"], name="election_unique_day"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("reports:election", args=[self.slug])

    def natural_key(self) -> tuple[str]:
        return (self.slug,)

    @property
    def translated_description(self) -> str:
        """The description in the reader's language when it is a reference one."""
        return gettext(self.description) if self.description else ""


class OperationQuerySet(models.QuerySet):
    def national(self) -> OperationQuerySet:
        """The operations as a whole (`Operasi Mantap Praja 2024`), not a Polda's part."""
        return self.filter(code_name="")

    def regional(self) -> OperationQuerySet:
        return self.exclude(code_name="")


class OperationManager(models.Manager.from_queryset(OperationQuerySet)):
    def get_by_natural_key(self, slug: str) -> Operation:
        return self.get(slug=slug)


class Operation(models.Model):
    """A police operation for an election, nationally or under a Polda's code name.

    `Operasi Mantap Brata 2023-2024` secured Pemilu 2024 and `Operasi Mantap Praja
    2024` secured Pilkada 2024; each Polda ran its part under a code name (sandi):
    `Operasi Mantap Praja Telabang 2024` is Polda Kalimantan Tengah's. A report that
    names only the kind links to the national operation (empty code name).
    """

    class Kind(models.TextChoices):
        MANTAP_BRATA = "mantap-brata", "Operasi Mantap Brata"
        MANTAP_PRAJA = "mantap-praja", "Operasi Mantap Praja"

    # Which election each kind of operation secured in 2023-2024, and its span as
    # the force wrote it (docs/domain.md: Mantap Brata 2023-2024, Mantap Praja 2024).
    ELECTION_OF_KIND = {Kind.MANTAP_BRATA: "pemilu-2024", Kind.MANTAP_PRAJA: "pilkada-2024"}
    PERIOD_OF_KIND = {Kind.MANTAP_BRATA: "2023-2024", Kind.MANTAP_PRAJA: "2024"}

    kind = CleanCharField(_("jenis"), max_length=14, choices=Kind.choices)
    code_name = CleanCharField(
        _("nama sandi"),
        max_length=40,
        blank=True,
        help_text=_(
            "The Polda's code name (Semeru, Telabang, Candi); empty for the national operation."
        ),
    )
    period = CleanCharField(
        _("tahun"),
        max_length=9,
        help_text=_("Year or span as the force writes it: 2024, 2023-2024."),
    )
    election = models.ForeignKey(
        "reports.Election",
        verbose_name=_("pemilihan"),
        on_delete=models.PROTECT,
        related_name="operations",
    )
    polda = models.ForeignKey(
        "reports.PoliceUnit",
        verbose_name=_("Polda"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="operations",
        limit_choices_to={"level": "polda"},
        help_text=_("The Polda that owns the code name; empty for a national operation."),
    )
    starts_on = models.DateField(_("mulai"), null=True, blank=True)
    ends_on = models.DateField(_("selesai"), null=True, blank=True)
    name = CleanCharField(_("nama"), max_length=120, unique=True, editable=False)
    slug = CleanSlugField(max_length=120, unique=True, editable=False)
    needs_review = models.BooleanField(
        _("perlu diperiksa"),
        default=False,
        help_text=_("Set by the importer when it could not tell which Polda owns the code name."),
    )

    objects = OperationManager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("operasi")
        verbose_name_plural = pgettext_lazy("plural", "operasi")
        ordering = ["election__voting_day", "code_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "code_name", "election"], name="operation_unique_per_election"
            ),
            models.CheckConstraint(
                condition=~models.Q(code_name="") | models.Q(polda__isnull=True),
                name="operation_national_has_no_polda",
            ),
            models.CheckConstraint(
                condition=models.Q(starts_on__isnull=True)
                | models.Q(ends_on__isnull=True)
                | models.Q(starts_on__lte=models.F("ends_on")),
                name="operation_starts_before_it_ends",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.name = self.compose_name(self.kind, self.code_name, self.period)
        self.slug = slugify(self.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("reports:operation", args=[self.slug])

    def natural_key(self) -> tuple[str]:
        return (self.slug,)

    @classmethod
    def compose_name(cls, kind: str, code_name: str, period: str) -> str:
        return " ".join(part for part in (cls.Kind(kind).label, code_name, period) if part)

    @property
    def days(self) -> int | None:
        if self.starts_on and self.ends_on:
            return (self.ends_on - self.starts_on).days + 1
        return None
