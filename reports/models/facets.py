"""The facet index: which published article falls under which facet value."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .fields import CleanCharField


class ArticleFacet(models.Model):
    """One published article under one value of one facet: derived data, written only
    by `reports.facets.refresh` whenever an article or what it links to changes.

    A row says "the filter `<dimension>=<value>` returns this article", with the
    hierarchy already expanded: a report of a Polsek has a row for the Polsek, its
    Polres, its Polda and Mabes; a report in a district has rows for the district, its
    regency and its province; a report of a regional code-name operation has a row for
    the national operation too. Filters and counts both read these rows, so the number
    beside a value and what its link returns cannot disagree (docs/search.md)."""

    class Dimension(models.TextChoices):
        REGION = "region", pgettext_lazy("filter", "Wilayah")
        UNIT = "unit", pgettext_lazy("filter", "Satuan")
        OPERATION = "operation", pgettext_lazy("filter", "Operasi")
        ELECTION = "election", pgettext_lazy("filter", "Pemilihan")
        OUTLET = "outlet", pgettext_lazy("filter", "Media")
        PERSON = "person", pgettext_lazy("filter", "Orang")

    article = models.ForeignKey(
        "reports.Article", on_delete=models.CASCADE, related_name="facet_rows"
    )
    dimension = CleanCharField(_("faset"), max_length=10, choices=Dimension.choices)
    value_id = models.BigIntegerField(
        _("nilai"), help_text=_("Id wilayah, satuan, operasi... yang dinamai baris ini.")
    )

    class Meta:
        verbose_name = _("baris faset")
        verbose_name_plural = pgettext_lazy("plural", "baris faset")
        ordering = ["dimension", "value_id", "article"]
        constraints = [
            # Also the index that filters (dimension, value -> articles) and counts
            # (dimension -> values, articles) read without touching the table.
            models.UniqueConstraint(
                fields=["dimension", "value_id", "article"], name="article_facet_unique"
            ),
        ]
        indexes = [
            # Facets of a result set: its articles' rows, by dimension.
            models.Index(
                fields=["article", "dimension", "value_id"], name="article_facet_by_article"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.dimension}={self.value_id}: {self.article_id}"
