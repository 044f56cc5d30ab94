"""Uploads on the editors' import page, kept on the server between preview and save.

An editor's upload becomes an `ImportBatch` of `ImportItem`s, one per file (or zip
member, or pasted text). The items are read and checked a chunk per request, shown
for preview, and saved as draft articles a chunk per request once the editor
confirms (reports/importer/batches.py): nothing reaches the articles before that,
and hundreds of files never hold one request for long.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .fields import CleanCharField, CleanTextField


class ImportBatchQuerySet(models.QuerySet):
    def visible_to(self, user) -> ImportBatchQuerySet:
        """The batches `user` may see, confirm or cancel: their own; a chief editor
        (`reports.publish_article`) sees everyone's."""
        if user.has_perm("reports.publish_article"):
            return self
        if not user.is_authenticated:
            return self.none()
        return self.filter(created_by=user)


class ImportBatch(models.Model):
    """One upload of raw article texts, from preview to saved drafts. It is its
    uploader's: other editors do not see it (chief editors do)."""

    class Status(models.TextChoices):
        READING = "reading", _("Sedang dibaca")
        PREVIEW = "preview", _("Menunggu konfirmasi")
        SAVING = "saving", _("Sedang disimpan")
        DONE = "done", _("Selesai")
        CANCELLED = "cancelled", _("Dibatalkan")

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("diunggah oleh"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("diunggah"), auto_now_add=True)
    status = CleanCharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.READING
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dikonfirmasi oleh"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    confirmed_at = models.DateTimeField(_("dikonfirmasi"), null=True, blank=True)
    finished_at = models.DateTimeField(_("selesai"), null=True, blank=True)

    objects = ImportBatchQuerySet.as_manager()

    class Meta:
        verbose_name = _("unggahan impor")
        verbose_name_plural = pgettext_lazy("plural", "unggahan impor")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    status__in=["reading", "preview", "saving", "done", "cancelled"]
                ),
                name="import_batch_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"Impor #{self.pk} ({self.get_status_display()})"

    def get_absolute_url(self) -> str:
        return reverse("admin:reports_article_import") + f"?batch={self.pk}"


class ImportItem(models.Model):
    """One file of an upload: its text, what the importer made of it, and what
    became of it. A file that could not be read or parsed keeps the reason."""

    class Outcome(models.TextChoices):
        PENDING = "pending", _("Belum disimpan")
        CREATED = "created", _("Dibuat sebagai draf")
        DUPLICATE = "duplicate", _("Dilewati: duplikat persis")
        EXCLUDED = "excluded", _("Dilewati atas pilihan editor")
        FAILED = "failed", _("Gagal")

    batch = models.ForeignKey(
        ImportBatch, verbose_name=_("unggahan"), on_delete=models.CASCADE, related_name="items"
    )
    order = models.PositiveIntegerField(_("urutan"))
    name = CleanCharField(
        _("berkas"),
        max_length=500,
        help_text=_("The file, zip member or pasted text, as uploaded."),
    )
    source = CleanCharField(
        _("sumber"),
        max_length=500,
        blank=True,
        help_text=_(
            "Stored as the article's source: the file name, zip/member, or the URL "
            "given with a pasted text."
        ),
    )
    raw_text = CleanTextField(_("teks mentah"), blank=True)
    content_hash = CleanCharField(_("sidik isi"), max_length=64, blank=True)
    analysed = models.BooleanField(
        _("sudah dibaca"), default=False, help_text=_("Parsed and checked for duplicates.")
    )
    error = CleanTextField(
        _("alasan ditolak"),
        blank=True,
        help_text=_("Why the file cannot become an article (unreadable, not parsable)."),
    )
    record = models.JSONField(
        _("rekaman"),
        null=True,
        blank=True,
        help_text=_("The importer's record (the contract's fields) with the cleaned body."),
    )
    warnings = models.JSONField(
        _("peringatan"), default=list, blank=True, help_text=_("Sentences for the editor to check.")
    )
    duplicate_of = models.ForeignKey(
        "reports.Article",
        verbose_name=_("duplikat persis dari"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The article already in the archive with the same text."),
    )
    duplicate_in_batch = models.ForeignKey(
        "self",
        verbose_name=_("sama dengan berkas"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("An earlier file of this upload with the same text."),
    )
    near_duplicates = models.JSONField(
        _("mirip dengan"),
        default=list,
        blank=True,
        help_text=_(
            "Candidates from the archive, best first: article id, title, outlet, "
            "status and score (share of 5-word shingles)."
        ),
    )
    near_article = models.ForeignKey(
        "reports.Article",
        verbose_name=_("peristiwa yang sama dengan"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_(
            "The closest near duplicate in the archive; on saving, the new article joins its story."
        ),
    )
    near_item = models.ForeignKey(
        "self",
        verbose_name=_("peristiwa yang sama dengan berkas"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("An earlier file of this upload that is a near duplicate."),
    )
    near_score = models.FloatField(_("skor kemiripan"), null=True, blank=True)
    exclude = models.BooleanField(
        _("jangan impor"), default=False, help_text=_("The editor left this file out.")
    )
    group_story = models.BooleanField(
        _("gabungkan ke peristiwa"),
        default=True,
        help_text=_("Link the new article to its near duplicate's story on saving."),
    )
    outcome = CleanCharField(
        _("hasil"), max_length=10, choices=Outcome.choices, default=Outcome.PENDING
    )
    message = CleanTextField(_("keterangan"), blank=True)
    article = models.ForeignKey(
        "reports.Article",
        verbose_name=_("berita"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The draft created, or the existing article it duplicates."),
    )

    class Meta:
        verbose_name = _("berkas impor")
        verbose_name_plural = pgettext_lazy("plural", "berkas impor")
        ordering = ["batch", "order"]
        constraints = [
            models.UniqueConstraint(fields=["batch", "order"], name="import_item_order_unique"),
            models.CheckConstraint(
                condition=models.Q(
                    outcome__in=["pending", "created", "duplicate", "excluded", "failed"]
                ),
                name="import_item_outcome_valid",
            ),
        ]
        indexes = [
            models.Index(fields=["batch", "analysed"], name="import_item_analysed"),
            models.Index(fields=["batch", "outcome"], name="import_item_outcome"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_exact_duplicate(self) -> bool:
        return self.duplicate_of_id is not None or self.duplicate_in_batch_id is not None

    @property
    def is_near_duplicate(self) -> bool:
        return self.near_article_id is not None or self.near_item_id is not None

    @property
    def will_be_saved(self) -> bool:
        """Whether confirming the batch creates a draft from this file."""
        return not (self.error or self.exclude or self.is_exact_duplicate)
