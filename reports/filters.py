"""The public list's GET parameters (docs/search.md), as django-filter FilterSets.

Values of one parameter are OR-ed (`region=35&region=62`), different parameters
AND-ed. A value that is not valid (an unknown slug, a date like 2024-13-45, an
overlong or control-character search) is a form error, which the views answer
with 400 and the message.
"""

from __future__ import annotations

import django_filters
from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from . import search
from .models import Article, Election, Operation, Outlet, Person, PoliceUnit, Region

ISO_DATE = ["%Y-%m-%d"]
# The parameters with a facet on the list pages (reports/browse.py); `all=<one>` lists
# all of its values instead of the first few.
FACETS = ("region", "unit", "operation", "election", "outlet")


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
        method="filter_facet",
    )
    unit = django_filters.ModelMultipleChoiceFilter(
        label=pgettext_lazy("filter", "Satuan"),
        queryset=PoliceUnit.objects.all(),
        to_field_name="slug",
        method="filter_facet",
    )
    operation = django_filters.ModelMultipleChoiceFilter(
        label=pgettext_lazy("filter", "Operasi"),
        queryset=Operation.objects.all(),
        to_field_name="slug",
        method="filter_facet",
    )
    outlet = django_filters.ModelMultipleChoiceFilter(
        label=pgettext_lazy("filter", "Media"),
        queryset=Outlet.objects.all(),
        to_field_name="slug",
        method="filter_facet",
    )
    person = django_filters.ModelMultipleChoiceFilter(
        label=pgettext_lazy("filter", "Orang"),
        queryset=Person.objects.all(),
        to_field_name="slug",
        method="filter_facet",
    )
    election = django_filters.ModelMultipleChoiceFilter(
        label=pgettext_lazy("filter", "Pemilihan"),
        queryset=Election.objects.all(),
        to_field_name="slug",
        method="filter_facet",
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

    all = django_filters.ChoiceFilter(
        label=pgettext_lazy("filter", "Semua nilai dari"),
        choices=[(name, name) for name in FACETS],
        method="filter_sort",
    )

    class Meta:
        model = Article
        fields = []
        form = ArticleFilterForm

    @classmethod
    def saved(cls, param: str, value, queryset):
        """`queryset` as `?<param>=<value>` filters it (an entity page's articles)."""
        return cls(queryset=queryset).filters[param].filter(queryset, [value])

    def filter_queryset(self, queryset, without: str | None = None):
        """Every filter (but `without`, for a facet's counts), the search last;
        `unsearched` keeps the list before it, for ranking in one pass over the index
        (reports.search.RankedResults)."""
        data = dict(self.form.cleaned_data)
        text = data.pop("q", None)
        for name, value in data.items():
            if name != without:
                queryset = self.filters[name].filter(queryset, value)
        if without is None:
            self.unsearched = queryset
        return self.filters["q"].filter(queryset, text)

    def filter_q(self, queryset, name, value):
        return queryset.search(search.parse_query(value)) if value else queryset

    # Each facet filter reads the facet index, as its counts do (reports/facets.py):
    # a region takes in the areas inside it, a unit the units below it, a national
    # operation its code-named parts. Values of one parameter are OR-ed.

    def filter_facet(self, queryset, name, values):
        return queryset.under(name, values) if values else queryset

    def filter_sort(self, queryset, name, value):
        return queryset  # how the list is shown, not what it holds (reports.browse)
