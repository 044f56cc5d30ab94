"""The public list's GET parameters (docs/search.md), as django-filter FilterSets.

Values of one parameter are OR-ed (`region=35&region=62`), different parameters
AND-ed. A value that is not valid (an unknown slug, a date like 2024-13-45, an
overlong or control-character search) is a form error, which the views answer
with 400 and the message.
"""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from . import search
from .models import Appearance, Article, Election, Operation, Outlet, Person, PoliceUnit, Region

ISO_DATE = ["%Y-%m-%d"]


class SearchField(forms.CharField):
    """The `q` parameter: read with the search grammar, refused when it cannot be."""

    def clean(self, value):
        value = super().clean(value)
        if value:
            try:
                search.parse_query(value)
            except search.QueryError as error:
                raise forms.ValidationError(str(error), code="bad_query") from None
        return value


class SearchFilter(django_filters.CharFilter):
    field_class = SearchField


class ArticleFilterForm(forms.Form):
    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            raise forms.ValidationError(
                _("Tanggal awal (date_from) jatuh setelah tanggal akhir (date_to)."),
                code="date_order",
            )
        return data


class ArticleFilter(django_filters.FilterSet):
    """Filters of /articles/ (and of the article lists on entity pages)."""

    SORTS = [
        ("relevance", gettext_lazy("Relevansi")),
        ("newest", gettext_lazy("Terbaru")),
        ("oldest", gettext_lazy("Terlama")),
    ]

    q = SearchFilter(
        label=pgettext_lazy("filter", "Cari"),
        method="filter_q",
        max_length=search.MAX_QUERY_LENGTH,
        strip=True,
    )
    region = django_filters.ModelMultipleChoiceFilter(
        label=pgettext_lazy("filter", "Wilayah"),
        queryset=Region.objects.all(),
        to_field_name="code",
        method="filter_region",
    )
    unit = django_filters.ModelMultipleChoiceFilter(
        label=pgettext_lazy("filter", "Satuan"),
        queryset=PoliceUnit.objects.all(),
        to_field_name="slug",
        method="filter_unit",
    )
    operation = django_filters.ModelMultipleChoiceFilter(
        label=pgettext_lazy("filter", "Operasi"),
        queryset=Operation.objects.all(),
        to_field_name="slug",
        method="filter_operation",
    )
    outlet = django_filters.ModelMultipleChoiceFilter(
        label=pgettext_lazy("filter", "Media"),
        queryset=Outlet.objects.all(),
        to_field_name="slug",
        method="filter_outlet",
    )
    person = django_filters.ModelMultipleChoiceFilter(
        label=pgettext_lazy("filter", "Orang"),
        queryset=Person.objects.all(),
        to_field_name="slug",
        method="filter_person",
    )
    election = django_filters.ModelMultipleChoiceFilter(
        label=pgettext_lazy("filter", "Pemilihan"),
        queryset=Election.objects.all(),
        to_field_name="slug",
        method="filter_election",
    )
    date_from = django_filters.DateFilter(
        label=pgettext_lazy("filter", "Dari tanggal"),
        field_name="date",
        lookup_expr="gte",
        input_formats=ISO_DATE,
    )
    date_to = django_filters.DateFilter(
        label=pgettext_lazy("filter", "Sampai tanggal"),
        field_name="date",
        lookup_expr="lte",
        input_formats=ISO_DATE,
    )
    sort = django_filters.ChoiceFilter(
        label=pgettext_lazy("filter", "Urutkan"),
        choices=SORTS,
        method="filter_sort",
        empty_label=None,
    )

    class Meta:
        model = Article
        fields = []
        form = ArticleFilterForm

    def filter_queryset(self, queryset):
        """Every filter, the search last; `unsearched` keeps the list before it, for
        ranking in one pass over the index (reports.search.RankedResults)."""
        data = dict(self.form.cleaned_data)
        text = data.pop("q", None)
        for name, value in data.items():
            queryset = self.filters[name].filter(queryset, value)
        self.unsearched = queryset
        return self.filters["q"].filter(queryset, text)

    def filter_q(self, queryset, name, value):
        return queryset.search(search.parse_query(value)) if value else queryset

    def filter_region(self, queryset, name, regions):
        if not regions:
            return queryset
        by_level = {level: [r.pk for r in regions if r.level == level] for level in Region.Level}
        return queryset.filter(
            Q(province__in=by_level[Region.Level.PROVINCE])
            | Q(regency__in=by_level[Region.Level.REGENCY])
            | Q(district__in=by_level[Region.Level.DISTRICT])
        )

    def filter_unit(self, queryset, name, units):
        return queryset.by_units(units) if units else queryset

    def filter_operation(self, queryset, name, operations):
        if not operations:
            return queryset
        # A national operation takes in its Polda's code-named parts: "Operasi
        # Mantap Praja 2024" finds the reports of "Operasi Mantap Praja Telabang 2024".
        wanted = Q(pk__in=[op.pk for op in operations])
        for op in operations:
            if not op.code_name:
                wanted |= Q(kind=op.kind, election=op.election_id)
        linked = Article.operations.through.objects.filter(
            operation__in=Operation.objects.filter(wanted)
        ).values("article_id")
        return queryset.filter(pk__in=linked)

    def filter_outlet(self, queryset, name, outlets):
        # A method, not django-filter's default predicate: with to_field_name that
        # compares the slug with the foreign key (`outlet=<slug>`), a 500.
        return queryset.filter(outlet__in=outlets) if outlets else queryset

    def filter_person(self, queryset, name, people):
        if not people:
            return queryset
        named = Appearance.objects.filter(person__in=people).values("article_id")
        return queryset.filter(pk__in=named)

    def filter_election(self, queryset, name, elections):
        if not elections:
            return queryset
        linked = Article.elections.through.objects.filter(election__in=elections).values(
            "article_id"
        )
        return queryset.filter(pk__in=linked)

    def filter_sort(self, queryset, name, value):
        return queryset  # ordering is the view's, after filtering (reports.browse)
