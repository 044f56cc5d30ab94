"""Text fields that clean what they store (reports/text.py).

Every CharField, SlugField and TextField of the archive's models is one of these:
whatever writes a value (a form, the importer's `save()` and `bulk_create()`, a
`QuerySet.update()`, `bulk_update()`) passes through `get_prep_value`, so no write
path can store a control character or a lone surrogate. `to_python` cleans too, so
that a validated form or `full_clean()` holds what will be stored.
"""

from __future__ import annotations

from django.db import models

from reports.text import clean_text


class CleanTextMixin:
    """Cleans every value on its way in; a single line unless `multiline`."""

    multiline = False

    def _clean(self, value):
        if isinstance(value, str):
            return clean_text(value, multiline=self.multiline)
        return value

    def to_python(self, value):
        return self._clean(super().to_python(value))

    def get_prep_value(self, value):
        return self._clean(super().get_prep_value(value))

    def pre_save(self, model_instance, add):
        value = self._clean(super().pre_save(model_instance, add))
        setattr(model_instance, self.attname, value)  # the instance holds what is stored
        return value


class CleanCharField(CleanTextMixin, models.CharField):
    """A CharField of one line of clean text."""


class CleanSlugField(CleanTextMixin, models.SlugField):
    """A SlugField of clean text (a slug is ASCII anyway; a script may not know)."""


class CleanTextField(CleanTextMixin, models.TextField):
    """A TextField of clean text; tabs and line breaks are kept."""

    multiline = True
