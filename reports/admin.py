"""The newsroom desk: the Django admin for editors and chief editors (docs/editors.md).

Editors import, correct and link reports and send them to review; only chief
editors (permission `reports.publish_article`) publish and withdraw, by any route:
the change form, the history revert and the actions all ask the one rule in
reports/publishing.py, against the status stored now.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from . import merging, publishing
from .admin_bounds import BoundedChangeListMixin
from .admin_import import ImportBatchAdmin
from .models import (
    Appearance,
    ArchiveState,
    Article,
    Correction,
    Election,
    ImportBatch,
    Operation,
    Outlet,
    Person,
    PoliceUnit,
    Quote,
    Region,
    Story,
    UnitAlias,
)

admin.site.site_header = _("Polsec Archive: meja redaksi")
admin.site.site_title = "Polsec Archive"
admin.site.index_title = _("Meja redaksi")

PUBLIC_STATUSES = publishing.PUBLIC_STATUSES
can_publish = publishing.can_publish


class DeskHistoryAdmin(SimpleHistoryAdmin):
    """simple_history's admin, with its revert page held to the change form's terms:
    saving a version needs the change permission (the library asks only for view),
    and the revert is saved whole or not at all."""

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST" and not self.has_change_permission(request):
            raise PermissionDenied
        with transaction.atomic():
            return super().history_form_view(request, object_id, version_id, extra_context)


# --- Articles -----------------------------------------------------------------------


class AppearanceInline(admin.TabularInline):
    model = Appearance
    extra = 0
    autocomplete_fields = ["person"]
    fields = ["order", "person", "rank", "position"]
    ordering = ["order"]


class QuoteInline(admin.StackedInline):
    model = Quote
    extra = 0
    autocomplete_fields = ["speaker"]
    fields = ["order", "speaker", "text"]
    ordering = ["order"]


class CorrectionInline(admin.TabularInline):
    model = Correction
    extra = 0
    fields = ["made_on", "note", "made_by"]
    readonly_fields = ["made_by"]


class ArticleAdminForm(forms.ModelForm):
    """The change form, with the one rule the desk lives by: only a chief editor
    moves an article to or from the public (published, withdrawn)."""

    material_correction = forms.BooleanField(
        label=_("Koreksi material"),
        required=False,
        help_text=_(
            "Untuk berita yang sudah terbit: catat perubahan sebagai catatan koreksi "
            "publik bertanggal yang tampil di halamannya."
        ),
    )
    correction_note = forms.CharField(
        label=_("Catatan koreksi"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Apa yang dikoreksi, untuk pembaca (wajib untuk koreksi material)."),
    )

    class Meta:
        model = Article
        # Everything an editor may correct; provenance (raw text, hash) is shown, not edited.
        fields = [
            "status",
            "title",
            "body",
            "outlet",
            "author",
            "published_date",
            "event_date",
            "dateline",
            "province",
            "regency",
            "district",
            "units",
            "operations",
            "elections",
            "personnel_count",
            "story",
        ]

    def clean(self):
        data = super().clean()
        # The status stored now, not the instance's: the history revert hands the form
        # an old version, whose status may be anything.
        stored = publishing.stored_status(self.instance.pk)
        if "status" not in self.fields:  # read-only for this user: it stays as stored
            self.instance.status = stored or Article.Status.DRAFT
        new = data.get("status", self.instance.status)
        if not publishing.may_set_status(self.request_user, self.instance.pk, new):
            self.add_error(
                "status",
                _("Hanya pemimpin redaksi yang dapat menerbitkan atau menarik berita."),
            )
        if data.get("material_correction") and not data.get("correction_note", "").strip():
            self.add_error("correction_note", _("Tulis catatan koreksi untuk pembaca."))
        return data


@admin.register(Article)
class ArticleAdmin(BoundedChangeListMixin, DeskHistoryAdmin):
    form = ArticleAdminForm
    list_display = [
        "title",
        "status",
        "date",
        "outlet",
        "province",
        "regency",
        "imported_at",
        "is_generated",
    ]
    list_filter = [
        "status",
        "elections",
        "operations",
        "outlet",
        "province",
        "is_generated",
        ("date", admin.DateFieldListFilter),
    ]
    show_facets = admin.ShowFacets.ALWAYS
    search_fields = ["title", "body", "author", "source", "content_hash"]
    date_hierarchy = "date"
    list_select_related = ["outlet", "province", "regency"]
    list_per_page = 50
    autocomplete_fields = [
        "outlet",
        "province",
        "regency",
        "district",
        "units",
        "operations",
        "story",
    ]
    filter_horizontal = ["elections"]
    readonly_fields = [
        "raw_text_display",
        "source",
        "content_hash",
        "imported_at",
        "updated_at",
        "date",
        "public_link",
    ]
    inlines = [AppearanceInline, QuoteInline, CorrectionInline]
    actions = ["send_to_review", "publish", "withdraw"]
    fieldsets = [
        (None, {"fields": ["status", "public_link", "title", "body"]}),
        (
            _("Sumber dan waktu"),
            {
                "fields": [
                    "outlet",
                    "author",
                    "published_date",
                    "event_date",
                    "date",
                    "dateline",
                ]
            },
        ),
        (_("Wilayah"), {"fields": ["province", "regency", "district"]}),
        (
            _("Satuan, operasi, pemilihan"),
            {
                "fields": [
                    "units",
                    "operations",
                    "elections",
                    "personnel_count",
                    "story",
                ]
            },
        ),
        (_("Koreksi"), {"fields": ["material_correction", "correction_note"]}),
        (
            _("Asal (tidak dapat diubah)"),
            {
                "fields": [
                    "raw_text_display",
                    "source",
                    "content_hash",
                    "imported_at",
                    "updated_at",
                ]
            },
        ),
    ]
    change_form_template = "admin/reports/article/change_form.html"
    change_list_template = "admin/reports/article/change_list.html"

    def view_on_site(self, obj):
        """Only a published article has a public page to go to."""
        return obj.get_absolute_url() if obj.status == Article.Status.PUBLISHED else None

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        form.request_user = request.user
        return form

    def get_queryset(self, request):
        return super().get_queryset(request).defer("raw_text")

    def has_add_permission(self, request):
        # Reports come in through the import page, which keeps their provenance (raw
        # text, content hash, when imported); the plain add form had none to save.
        return False

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        # The status stored now decides, not `obj`'s: on the revert page `obj` is an
        # old version.
        stored = publishing.stored_status(obj.pk) if obj is not None else None
        if not can_publish(request.user) and stored in PUBLIC_STATUSES:
            fields.append("status")  # an editor corrects a published report, keeps it public
        return fields

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name == "status" and not can_publish(request.user):
            kwargs["choices"] = [
                (value, label)
                for value, label in Article.Status.choices
                if value not in PUBLIC_STATUSES
            ]
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    @admin.display(description=_("Teks mentah (seperti diambil)"))
    def raw_text_display(self, obj):
        return format_html('<pre class="raw-text">{}</pre>', obj.raw_text or "")

    @admin.display(description=_("Halaman publik"))
    def public_link(self, obj):
        if obj and obj.pk and obj.status == Article.Status.PUBLISHED:
            return format_html(
                '<a href="{}">{}</a>', obj.get_absolute_url(), gettext("Lihat di situs")
            )
        return gettext("Belum terbit")

    def save_model(self, request, obj, form, change):
        # Asked again at the last moment, the row locked: every form route saves here.
        publishing.check_status(request.user, obj.pk if change else None, obj.status)
        super().save_model(request, obj, form, change)
        if form.cleaned_data.get("material_correction") and obj.status == Article.Status.PUBLISHED:
            Correction.objects.create(
                article=obj, note=form.cleaned_data["correction_note"].strip(), made_by=request.user
            )

    def save_formset(self, request, form, formset, change):
        instances = formset.save(commit=False)
        for instance in instances:
            if isinstance(instance, Correction) and not instance.made_by_id:
                instance.made_by = request.user
        formset.save_m2m()
        for obj in formset.deleted_objects:
            obj.delete()
        for instance in instances:
            instance.save()

    # --- Status actions ------------------------------------------------------------

    def has_publish_permission(self, request):
        return can_publish(request.user)

    @admin.action(description=_("Kirim ke peninjauan"), permissions=["change"])
    def send_to_review(self, request, queryset):
        self._move(request, queryset.filter(status=Article.Status.DRAFT), Article.Status.IN_REVIEW)

    @admin.action(description=_("Terbitkan"), permissions=["publish"])
    def publish(self, request, queryset):
        self._move(
            request, queryset.exclude(status=Article.Status.PUBLISHED), Article.Status.PUBLISHED
        )

    @admin.action(description=_("Tarik dari situs"), permissions=["publish"])
    def withdraw(self, request, queryset):
        self._move(
            request, queryset.filter(status=Article.Status.PUBLISHED), Article.Status.WITHDRAWN
        )

    def _move(self, request, queryset, status):
        if status in PUBLIC_STATUSES and not can_publish(request.user):
            raise PermissionDenied  # the actions list hides it; a forged POST lands here
        moved = 0
        with transaction.atomic():
            # Lock the articles only: the changelist joins its nullable foreign keys
            # (outlet, province), and PostgreSQL cannot lock an outer join's null side.
            for article in queryset.select_for_update(of=("self",)):
                if publishing.crosses_public_line(article.status, status) and not can_publish(
                    request.user
                ):
                    raise PermissionDenied
                article.status = status
                article.save(update_fields=["status", "updated_at"])
                moved += 1
        label = Article.Status(status).label
        message = ngettext(
            "%(count)d berita kini berstatus “%(status)s”.",
            "%(count)d berita kini berstatus “%(status)s”.",
            moved,
        ) % {"count": moved, "status": label}
        self.message_user(request, message, messages.SUCCESS)

    def get_urls(self):
        from .admin_import import ImportView

        extra = [
            path(
                "import/",
                self.admin_site.admin_view(ImportView.as_view(model_admin=self)),
                name="reports_article_import",
            ),
        ]
        return extra + super().get_urls()


# --- Units, people: merging duplicates ---------------------------------------------------


class MergeForm(forms.Form):
    target = forms.ModelChoiceField(queryset=None, label=_("Gabungkan ke"))

    def __init__(self, *args, queryset, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].queryset = queryset


class MergeMixin:
    """An admin action that merges the selected duplicates into one of them:
    every link moves to the kept entry and the others' names stay as aliases."""

    merge_function = None

    @admin.action(description=_("Gabungkan duplikat ke satu entri"), permissions=["change"])
    def merge_duplicates(self, request, queryset):
        if queryset.count() < 2:
            self.message_user(
                request, gettext("Pilih setidaknya dua entri untuk digabung."), messages.WARNING
            )
            return None
        form = MergeForm(request.POST if "apply" in request.POST else None, queryset=queryset)
        if form.is_valid():
            target = form.cleaned_data["target"]
            duplicates = [obj for obj in queryset if obj.pk != target.pk]
            with transaction.atomic():
                for duplicate in duplicates:
                    type(self).merge_function(duplicate, target)
            self.message_user(
                request,
                ngettext(
                    "%(count)d entri digabung ke “%(target)s”; nama lamanya disimpan "
                    "sebagai nama lain.",
                    "%(count)d entri digabung ke “%(target)s”; nama lamanya disimpan "
                    "sebagai nama lain.",
                    len(duplicates),
                )
                % {"count": len(duplicates), "target": target},
                messages.SUCCESS,
            )
            return None
        return TemplateResponse(
            request,
            "admin/reports/merge.html",
            {
                **self.admin_site.each_context(request),
                "title": gettext("Gabungkan duplikat"),
                "opts": self.model._meta,
                "objects": queryset,
                "form": form,
                "action": "merge_duplicates",
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            },
        )


class UnitAliasInline(admin.TabularInline):
    model = UnitAlias
    extra = 0


@admin.register(PoliceUnit)
class PoliceUnitAdmin(MergeMixin, DeskHistoryAdmin):
    list_display = ["name", "level", "parent", "region", "needs_review"]
    list_filter = ["level", "needs_review", ("parent", admin.RelatedOnlyFieldListFilter)]
    show_facets = admin.ShowFacets.ALWAYS
    search_fields = ["name", "aliases__name", "region__name"]
    autocomplete_fields = ["parent", "region"]
    list_select_related = ["parent", "region"]
    inlines = [UnitAliasInline]
    actions = ["merge_duplicates"]
    merge_function = merging.merge_units
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Person)
class PersonAdmin(MergeMixin, DeskHistoryAdmin):
    list_display = ["name", "slug", "needs_review", "appearance_count"]
    list_filter = ["needs_review"]
    show_facets = admin.ShowFacets.ALWAYS
    search_fields = ["name", "slug", "appearances__position"]
    actions = ["merge_duplicates"]
    merge_function = merging.merge_people
    prepopulated_fields = {"slug": ["name"]}

    @admin.display(description=_("Disebut"))
    def appearance_count(self, obj):
        return obj.appearances.count()

    def get_search_results(self, request, queryset, search_term):
        queryset, duplicates = super().get_search_results(request, queryset, search_term)
        return queryset, duplicates or bool(search_term)


# --- The rest of the vocabulary ------------------------------------------------------


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "level", "parent"]
    list_filter = ["level"]
    show_facets = admin.ShowFacets.ALWAYS
    search_fields = ["code", "name"]
    list_select_related = ["parent"]
    readonly_fields = ["code", "name", "level", "parent"]

    def has_add_permission(self, request):
        return False  # the official codes come from the area data, by migration

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Election)
class ElectionAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "kind", "voting_day"]
    search_fields = ["name", "slug"]


@admin.register(Operation)
class OperationAdmin(DeskHistoryAdmin):
    list_display = ["name", "kind", "election", "polda", "starts_on", "ends_on", "needs_review"]
    list_filter = ["kind", "election", "needs_review"]
    show_facets = admin.ShowFacets.ALWAYS
    search_fields = ["name", "code_name"]
    autocomplete_fields = ["polda"]
    list_select_related = ["election", "polda"]
    readonly_fields = ["name", "slug"]


@admin.register(Outlet)
class OutletAdmin(DeskHistoryAdmin):
    list_display = ["name", "domain", "slug"]
    search_fields = ["name", "domain"]


@admin.register(Story)
class StoryAdmin(admin.ModelAdmin):
    list_display = ["title", "created_at"]
    search_fields = ["title", "articles__title"]


@admin.register(UnitAlias)
class UnitAliasAdmin(admin.ModelAdmin):
    list_display = ["name", "unit"]
    search_fields = ["name", "unit__name"]
    autocomplete_fields = ["unit"]


@admin.register(Appearance)
class AppearanceAdmin(admin.ModelAdmin):
    list_display = ["person", "rank", "position", "article"]
    search_fields = ["person__name", "position", "article__title"]
    autocomplete_fields = ["article", "person"]
    list_select_related = ["person", "article"]


@admin.register(Quote)
class QuoteAdmin(admin.ModelAdmin):
    list_display = ["__str__", "speaker", "article"]
    search_fields = ["text", "speaker__name", "article__title"]
    autocomplete_fields = ["article", "speaker"]
    list_select_related = ["speaker", "article"]


@admin.register(Correction)
class CorrectionAdmin(admin.ModelAdmin):
    list_display = ["article", "made_on", "made_by", "note"]
    search_fields = ["note", "article__title"]
    autocomplete_fields = ["article"]
    readonly_fields = ["made_by"]


@admin.register(ArchiveState)
class ArchiveStateAdmin(admin.ModelAdmin):
    list_display = ["version", "changed_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class BoundedImportBatchAdmin(BoundedChangeListMixin, ImportBatchAdmin):
    """Past uploads (reports/admin_import.py), their date hierarchy bounded."""


admin.site.register(ImportBatch, BoundedImportBatchAdmin)
