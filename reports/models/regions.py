"""Indonesia's administrative areas, as coded by Kemendagri (data: idn-area-data, ODbL)."""

from __future__ import annotations

from django.db import models
from django.db.models.functions import Length
from django.db.models.lookups import Exact
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .fields import CleanCharField


class RegionQuerySet(models.QuerySet):
    def provinces(self) -> RegionQuerySet:
        return self.filter(level=Region.Level.PROVINCE)

    def regencies(self) -> RegionQuerySet:
        return self.filter(level=Region.Level.REGENCY)

    def districts(self) -> RegionQuerySet:
        return self.filter(level=Region.Level.DISTRICT)

    def within(self, code: str) -> RegionQuerySet:
        """The area with this code and every area inside it (`35` gives Jawa Timur,
        its regencies and their districts)."""
        return self.filter(models.Q(code=code) | models.Q(code__startswith=f"{code}."))


class RegionManager(models.Manager.from_queryset(RegionQuerySet)):
    def get_by_natural_key(self, code: str) -> Region:
        return self.get(code=code)


class Region(models.Model):
    """A province, a regency or city, or a district, with its official code.

    Codes nest: `35` (Jawa Timur) > `35.07` (Kabupaten Malang) > `35.07.01`
    (Donomulyo), so an area's ancestors can be read off its code.
    """

    class Level(models.TextChoices):
        # Shown on region pages; translated (Province, Regency/City, District).
        PROVINCE = "province", _("Provinsi")
        REGENCY = "regency", _("Kabupaten/Kota")
        DISTRICT = "district", _("Kecamatan")

    code = CleanCharField(
        _("kode"),
        max_length=8,
        unique=True,
        help_text=_(
            "Kode wilayah Kemendagri: 35 (provinsi), 35.07 (kabupaten/kota), 35.07.01 (kecamatan)."
        ),
    )
    name = CleanCharField(_("nama"), max_length=100)
    level = CleanCharField(_("tingkat"), max_length=8, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("induk"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )

    objects = RegionManager()

    class Meta:
        verbose_name = _("wilayah")
        verbose_name_plural = pgettext_lazy("plural", "wilayah")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(level="province", parent__isnull=True)
                | models.Q(level__in=["regency", "district"], parent__isnull=False),
                name="region_only_provinces_have_no_parent",
            ),
            models.CheckConstraint(
                condition=models.Q(Exact(Length("code"), 2), level="province")
                | models.Q(Exact(Length("code"), 5), level="regency")
                | models.Q(Exact(Length("code"), 8), level="district"),
                name="region_code_length_matches_level",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("reports:region", args=[self.code])

    def natural_key(self) -> tuple[str]:
        return (self.code,)

    @property
    def province_code(self) -> str:
        return self.code[:2]

    @property
    def ancestor_codes(self) -> list[str]:
        """Codes from the province down to this area's parent."""
        parts = self.code.split(".")
        return [".".join(parts[:i]) for i in range(1, len(parts))]
