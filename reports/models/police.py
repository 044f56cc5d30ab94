"""The police's units (Polri's territorial hierarchy) and the names they go by."""

from __future__ import annotations

from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from .fields import CleanCharField, CleanSlugField


class PoliceUnitQuerySet(models.QuerySet):
    def poldas(self) -> PoliceUnitQuerySet:
        return self.filter(level=PoliceUnit.Level.POLDA)

    def district_units(self) -> PoliceUnitQuerySet:
        """Polres, Polresta and Polrestabes: the units of a regency or city."""
        return self.filter(level__in=PoliceUnit.DISTRICT_LEVELS)

    def under(self, units) -> PoliceUnitQuerySet:
        """These units and every unit below them (a Polda with its Polres and their
        Polsek). `units` is a QuerySet or an iterable of units or their ids. The tree
        is three levels below Mabes, so three joins suffice."""
        if not isinstance(units, models.QuerySet):
            units = [getattr(unit, "pk", unit) for unit in units]
        return self.filter(
            models.Q(pk__in=units)
            | models.Q(parent__in=units)
            | models.Q(parent__parent__in=units)
            | models.Q(parent__parent__parent__in=units)
        )

    def named(self, name: str) -> PoliceUnitQuerySet:
        """Units whose canonical name or a known alias is `name`, ignoring case."""
        key = " ".join(name.split()).lower()
        return self.filter(
            models.Q(name__iexact=key) | models.Q(aliases__name__iexact=key)
        ).distinct()


class PoliceUnitManager(models.Manager.from_queryset(PoliceUnitQuerySet)):
    def get_by_natural_key(self, slug: str) -> PoliceUnit:
        return self.get(slug=slug)


class PoliceUnit(models.Model):
    """A unit of Polri: Mabes, a Polda, a Polres/Polresta/Polrestabes, or a Polsek.

    `name` is the canonical form (`Polda Jawa Timur`, `Polresta Malang Kota`); the
    forms reports also use live in `UnitAlias`. A unit the importer could not place
    in a region is created with `needs_review` set, for an editor to resolve.
    """

    class Level(models.TextChoices):
        # Polri's own names for its units: the same in every language, not translated.
        MABES = "mabes", "Mabes Polri"
        POLDA = "polda", "Polda"
        POLRES = "polres", "Polres"
        POLRESTA = "polresta", "Polresta"
        POLRESTABES = "polrestabes", "Polrestabes"
        POLSEK = "polsek", "Polsek"

    DISTRICT_LEVELS = (Level.POLRES, Level.POLRESTA, Level.POLRESTABES)

    name = CleanCharField(_("nama"), max_length=120, unique=True)
    slug = CleanSlugField(max_length=120, unique=True)
    level = CleanCharField(_("tingkat"), max_length=12, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("satuan induk"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        help_text=_("Polda of a Polres, Polres of a Polsek."),
    )
    region = models.ForeignKey(
        "reports.Region",
        verbose_name=_("wilayah hukum"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="police_units",
        help_text=_("Province of a Polda, regency or city of a Polres, district of a Polsek."),
    )
    established = models.DateField(
        _("dibentuk"),
        null=True,
        blank=True,
        help_text=_("Only for units formed during the period the archive covers."),
    )
    source = CleanCharField(
        _("sumber"),
        max_length=500,
        blank=True,
        help_text=_("Where the unit's name and area come from (a URL or a citation)."),
    )
    needs_review = models.BooleanField(
        _("perlu diperiksa"),
        default=False,
        help_text=_("Set by the importer when it could not resolve the unit's region."),
    )

    objects = PoliceUnitManager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("satuan polisi")
        verbose_name_plural = pgettext_lazy("plural", "satuan polisi")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    level__in=["mabes", "polda", "polres", "polresta", "polrestabes", "polsek"]
                ),
                name="police_unit_level_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(level="mabes", parent__isnull=True) | ~models.Q(level="mabes"),
                name="police_unit_mabes_is_the_root",
            ),
            models.CheckConstraint(
                condition=~models.Q(parent=models.F("pk")),
                name="police_unit_not_its_own_parent",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        if not self.slug:
            self.slug = slugify(self.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("reports:unit", args=[self.slug])

    def natural_key(self) -> tuple[str]:
        return (self.slug,)


class UnitAlias(models.Model):
    """Another name a unit goes by in reports: `Polda Jatim`, `Polres Malang Kota`."""

    unit = models.ForeignKey(
        PoliceUnit, verbose_name=_("satuan"), on_delete=models.CASCADE, related_name="aliases"
    )
    name = CleanCharField(_("nama lain"), max_length=120)

    class Meta:
        verbose_name = _("nama lain satuan")
        verbose_name_plural = pgettext_lazy("plural", "nama lain satuan")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(Lower("name"), name="unit_alias_unique_ignoring_case"),
        ]

    def __str__(self) -> str:
        return f"{self.name} → {self.unit.name}"

    def natural_key(self) -> tuple[str]:
        return (self.name,)
