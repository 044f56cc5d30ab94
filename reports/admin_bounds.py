"""The desk's change lists answer a date out of range as a bad filter, not a 500.

Django's ChangeList turns the date hierarchy's `date__year/month/day` into bounds
with `datetime(year, month, day)`, catching ValueError only: a year past C's int
(`?date__year=99999999999`) raises OverflowError, and year 9999 raises when it adds
the year after (`datetime.replace(year=10000)`) or a day past 9999-12-31. Both are
the filter's values being wrong, so they become IncorrectLookupParameters, which the
admin answers as for any bad filter: a redirect to the list with `?e=1`.
"""

from __future__ import annotations

from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ChangeList


class BoundedChangeList(ChangeList):
    def get_filters(self, request):
        try:
            return super().get_filters(request)
        except (OverflowError, ValueError) as error:
            raise IncorrectLookupParameters(error) from error


class BoundedChangeListMixin:
    """For a ModelAdmin with a `date_hierarchy` (tests/test_hostile.py walks them all)."""

    def get_changelist(self, request, **kwargs):
        return BoundedChangeList
