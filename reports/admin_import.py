"""The import page of the desk: paste or upload raw articles, preview, confirm.

`ImportView` is wired by `ArticleAdmin.get_urls` at `admin/reports/article/import/`
(`admin:reports_article_import`). One address serves every step, the batch named by
`?batch=<id>`:

- no batch: the upload form (paste one article, or choose `.txt` files or a `.zip`);
- a batch being read or saved: a progress page that refreshes itself (a `<meta>`
  refresh, no JavaScript) and does the next chunk of work on each visit;
- a batch waiting for confirmation: the preview, every file's record, warnings and
  duplicates, with the form that confirms or cancels;
- a finished batch: the summary, with links to the new drafts.

The work itself is in reports/importer/batches.py. Only users with
`reports.import_articles` reach any of it; nothing here publishes. A batch is its
uploader's: anyone else but a chief editor gets a 404 for it, here and in the list of
uploads (`ImportBatch.objects.visible_to`).
"""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.text import format_lazy
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from django.views import View

from .importer import batches
from .importer.messages import localise
from .importer.uploads import MAX_FILES, UploadReader
from .models import Article, ImportBatch, ImportItem

PERMISSION = "reports.import_articles"
DETAILS_PER_PAGE = 20


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Any number of files; empty or bad ones are kept, to be listed with a reason."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "widget", MultipleFileInput(attrs={"accept": ".txt,.zip,text/plain,application/zip"})
        )
        kwargs.setdefault("allow_empty_file", True)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, (list, tuple)) else [data] if data else []
        return [super(MultipleFileField, self).clean(file, initial) for file in files]


class UploadForm(forms.Form):
    text = forms.CharField(
        label=_("Tempel teks satu berita"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 12, "cols": 80, "spellcheck": "false"}),
        help_text=_("Seluruh halaman seperti diambil, termasuk judul, tanggal dan penulis."),
    )
    source = forms.CharField(
        label=_("Sumber teks yang ditempel"),
        required=False,
        max_length=500,
        help_text=_("Alamat (URL) halaman aslinya, bila ada. Disimpan sebagai asal berita."),
    )
    files = MultipleFileField(
        label=_("Atau unggah berkas"),
        required=False,
        help_text=format_lazy(
            _(
                "Berkas .txt (satu berita per berkas), boleh banyak sekaligus, atau satu .zip "
                "berisi berkas .txt. Paling banyak {max_files} berkas; satu berita paling "
                "besar 1 MB."
            ),
            max_files=MAX_FILES,
        ),
    )

    def clean(self):
        data = super().clean()
        if not data.get("text", "").strip() and not data.get("files"):
            raise forms.ValidationError(
                gettext("Tempel teks satu berita atau pilih berkas .txt/.zip.")
            )
        return data


class ImportView(View):
    """Upload, preview, confirm and follow an import (see the module's docstring)."""

    model_admin = None
    read_chunk = batches.READ_CHUNK
    save_chunk = batches.SAVE_CHUNK

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(PERMISSION):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    # --- GET: the form, or a batch at whatever step it is ------------------------------

    def get(self, request, *args, **kwargs):
        if "batch" not in request.GET:
            return self.render_form(request, UploadForm())
        batch = self.get_batch(request, request.GET["batch"])
        # A visit moves the work on by one chunk: the page refreshes itself until done.
        batches.read_next(batch, self.read_chunk)
        batches.save_next(batch, self.save_chunk)
        return self.render_batch(request, batch)

    # --- POST: upload, confirm, cancel -------------------------------------------------

    def post(self, request, *args, **kwargs):
        action = request.POST.get("action", "upload")
        if action == "upload":
            return self.upload(request)
        batch = self.get_batch(request, request.POST.get("batch", ""))
        if action == "confirm":
            return self.confirm(request, batch)
        if action == "cancel":
            if batches.cancel(batch):
                messages.info(request, gettext("Impor dibatalkan; tidak ada berita yang disimpan."))
            return redirect(reverse("admin:reports_article_import"))
        raise Http404(gettext("Tindakan tidak dikenal."))

    def upload(self, request):
        form = UploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_form(request, form, status=400)
        reader = UploadReader()
        if form.cleaned_data["text"].strip():
            reader.add_pasted(form.cleaned_data["text"], form.cleaned_data["source"])
        for file in form.cleaned_data["files"]:
            reader.add_file(file.name, file, file.size)
        batch = batches.create_batch(request.user, reader.texts)
        batches.read_next(batch, self.read_chunk)  # a small upload is previewed at once
        return redirect(batch.get_absolute_url())

    def confirm(self, request, batch):
        ids = set(batch.items.values_list("pk", flat=True))
        excluded = {int(v) for v in request.POST.getlist("exclude") if v.isdigit()} & ids
        ungrouped = {int(v) for v in request.POST.getlist("ungroup") if v.isdigit()} & ids
        if batches.confirm(batch, request.user, excluded=excluded, ungrouped=ungrouped):
            batches.save_next(batch, self.save_chunk)
        return redirect(batch.get_absolute_url())

    # --- Helpers ---------------------------------------------------------------------

    @staticmethod
    def get_batch(request, value: str) -> ImportBatch:
        """The batch named, if this user may see it; a 404 alike for one that does
        not exist and one that is someone else's."""
        if not value.isdigit():
            raise Http404(gettext("Unggahan tidak ditemukan."))
        return get_object_or_404(ImportBatch.objects.visible_to(request.user), pk=int(value))

    def context(self, request, **extra):
        return {
            **self.model_admin.admin_site.each_context(request),
            "opts": Article._meta,
            "app_label": Article._meta.app_label,
            **extra,
        }

    def render_form(self, request, form, status=200):
        recent = (
            ImportBatch.objects.filter(created_by=request.user)
            .annotate(files=Count("items"))
            .order_by("-created_at", "-pk")[:10]
        )
        return TemplateResponse(
            request,
            "admin/reports/article/import.html",
            self.context(
                request, title=gettext("Impor berita dari teks mentah"), form=form, recent=recent
            ),
            status=status,
        )

    def render_batch(self, request, batch):
        items = batch.items.order_by("order")
        counts = dict(items.values_list("outcome").annotate(n=Count("pk")).order_by())
        total = sum(counts.values())
        context = self.context(
            request,
            batch=batch,
            total=total,
            counts={outcome.value: counts.get(outcome.value, 0) for outcome in ImportItem.Outcome},
        )
        status = ImportBatch.Status
        if batch.status == status.READING:
            done = items.filter(analysed=True).count()
            context.update(title=gettext("Membaca berkas…"), done=done, refresh=True)
            return TemplateResponse(request, "admin/reports/article/import_progress.html", context)
        if batch.status == status.SAVING:
            done = total - counts.get(ImportItem.Outcome.PENDING, 0)
            context.update(title=gettext("Menyimpan draf…"), done=done, refresh=True)
            return TemplateResponse(request, "admin/reports/article/import_progress.html", context)
        rows = list(
            items.select_related("duplicate_of", "duplicate_in_batch", "article").defer(
                "raw_text",
                "duplicate_of__raw_text",
                "duplicate_of__body",
                "duplicate_in_batch__raw_text",
                "duplicate_in_batch__record",
                "article__raw_text",
                "article__body",
            )
        )
        for row in rows:  # shown, never saved: the stored Indonesian in the page's language
            row.error, row.message = localise(row.error), localise(row.message)
        if batch.status == status.PREVIEW:
            return self.render_preview(request, batch, rows, context)
        context.update(
            title=gettext("Hasil impor")
            if batch.status == status.DONE
            else gettext("Impor dibatalkan"),
            rows=rows,
            created=[row for row in rows if row.outcome == ImportItem.Outcome.CREATED],
        )
        return TemplateResponse(request, "admin/reports/article/import_summary.html", context)

    def render_preview(self, request, batch, rows, context):
        paginator = Paginator(rows, DETAILS_PER_PAGE)
        page = paginator.get_page(request.GET.get("page"))
        page_of = {row.pk: (index // DETAILS_PER_PAGE) + 1 for index, row in enumerate(rows)}
        details = list(
            batch.items.filter(pk__in=[row.pk for row in page.object_list])
            .select_related("duplicate_of", "duplicate_in_batch")
            .defer("duplicate_of__raw_text", "duplicate_in_batch__raw_text")
            .order_by("order")
        )
        for row in rows:
            row.page_number = page_of[row.pk]
        for item in details:
            describe(item, batch, page_of)
        context.update(
            title=gettext("Pratinjau impor"),
            rows=rows,
            details=details,
            page=page,
            paginator=paginator,
            to_save=sum(1 for row in rows if row.will_be_saved),
            refused=sum(1 for row in rows if row.error),
            exact=sum(1 for row in rows if not row.error and row.is_exact_duplicate),
            near=sum(1 for row in rows if row.is_near_duplicate),
            warned=sum(1 for row in rows if row.warnings),
        )
        return TemplateResponse(request, "admin/reports/article/import_preview.html", context)


# --- What the preview shows of one file ---------------------------------------------------

RECORD_FIELDS = [
    ("title", _("Judul")),
    ("outlet", _("Media")),
    ("author", _("Penulis")),
    ("published_date", _("Tanggal terbit")),
    ("event_date", _("Tanggal kejadian")),
    ("dateline", _("Dateline")),
    ("elections", _("Pemilihan")),
    ("police_units", _("Satuan polisi")),
    ("operations", _("Operasi")),
    ("personnel_count", _("Jumlah personel")),
    ("province", _("Provinsi")),
    ("regency", _("Kabupaten/kota")),
]
ELECTIONS = {"pemilu-2024": "Pemilu 2024", "pilkada-2024": "Pilkada 2024"}


def record_fields(record: dict) -> list[tuple[str, str]]:
    """The contract's fields as (label, text) for the preview; people and quotes are
    shown as tables. An empty text is shown as "not found"."""
    rows = []
    for key, label in RECORD_FIELDS:
        value = record.get(key)
        if key in ("published_date", "event_date") and value:
            value = date_format(dt.date.fromisoformat(value), "l, j F Y")
        elif key == "elections":
            value = ", ".join(ELECTIONS.get(slug, slug) for slug in value or [])
        elif isinstance(value, list):
            value = ", ".join(value)
        rows.append((label, "" if value is None else str(value)))
    return rows


def describe(item: ImportItem, batch: ImportBatch, page_of: dict[int, int]) -> None:
    """Attach what the preview template shows of one item."""
    item.fields = record_fields(item.record) if item.record else []
    item.warning_texts = [localise(warning["text"]) for warning in item.warnings]
    item.error = localise(item.error)  # shown, never saved
    statuses = dict(Article.Status.choices)
    item.candidates = []
    for candidate in item.near_duplicates:
        entry = {
            "title": candidate["title"],
            "outlet": candidate.get("outlet", ""),
            "percent": round(candidate["score"] * 100),
            "jaccard_percent": round(candidate["jaccard"] * 100),
            "score": candidate["score"],
        }
        if "item" in candidate:
            entry.update(
                in_batch=True,
                name=candidate["name"],
                status=gettext("belum disimpan"),
                url=f"?batch={batch.pk}&page={page_of.get(candidate['item'], 1)}"
                f"#item-{candidate['item']}",
            )
        else:
            entry.update(
                status=statuses.get(candidate["status"], candidate["status"]).lower(),
                url=reverse("admin:reports_article_change", args=[candidate["article"]]),
            )
        item.candidates.append(entry)


class ImportBatchAdmin(admin.ModelAdmin):
    """Past uploads, read only: each opens its page (preview, progress or summary).
    An editor sees their own; a chief editor sees everyone's."""

    list_display = ["__str__", "created_by", "created_at", "status", "file_count", "page_link"]
    list_filter = ["status"]
    date_hierarchy = "created_at"
    list_select_related = ["created_by"]

    def get_queryset(self, request):
        batches = super().get_queryset(request).visible_to(request.user)
        return batches.annotate(files=Count("items"))

    @admin.display(description=pgettext_lazy("file count", "Berkas"), ordering="files")
    def file_count(self, obj):
        return obj.files

    @admin.display(description=_("Halaman"))
    def page_link(self, obj):
        return format_html('<a href="{}">{}</a>', obj.get_absolute_url(), gettext("Buka"))

    def has_module_permission(self, request):
        return request.user.has_perm(PERMISSION) or super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        # Whoever may import may look back at uploads; no group needs a new permission.
        return request.user.has_perm(PERMISSION) or super().has_view_permission(request, obj)

    def has_add_permission(self, request):
        return False  # batches are made by uploading on the import page

    def has_change_permission(self, request, obj=None):
        return False
