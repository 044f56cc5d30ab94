"""Merging a duplicate unit or person into the right one.

Every link moves to the kept entry, the duplicate's name stays as an alias (units)
so the importer finds the right entry next time, and the duplicate goes. Callers run
this inside a transaction (the admin action does); history records the change.
"""

from __future__ import annotations

from . import search
from .models import Appearance, Article, Operation, Person, PoliceUnit, Quote, UnitAlias


def merge_units(duplicate: PoliceUnit, target: PoliceUnit) -> None:
    """Move `duplicate`'s reports, sub-units, operations and aliases to `target`."""
    if duplicate.pk == target.pk:
        return
    # Every report under the duplicate, sub-units' included: their facet rows name it.
    search.reindex_soon(Article.objects.by_units([duplicate]).values_list("pk", flat=True))
    through = Article.units.through
    already = set(through.objects.filter(policeunit=target).values_list("article_id", flat=True))
    through.objects.filter(policeunit=duplicate, article_id__in=already).delete()
    for article in Article.objects.filter(units=duplicate):
        article.units.remove(duplicate)
        article.units.add(target)
    PoliceUnit.objects.filter(parent=duplicate).exclude(pk=target.pk).update(parent=target)
    Operation.objects.filter(polda=duplicate).update(polda=target)
    UnitAlias.objects.filter(unit=duplicate).update(unit=target)
    if not UnitAlias.objects.filter(name__iexact=duplicate.name).exists():
        UnitAlias.objects.create(unit=target, name=duplicate.name)
    if target.region_id is None and duplicate.region_id is not None:
        target.region = duplicate.region
        target.needs_review = target.parent_id is None
        target.save()
    duplicate.delete()


def merge_people(duplicate: Person, target: Person) -> None:
    """Move `duplicate`'s appearances and quotes to `target`.

    Where both appear in one report, the target's appearance is kept (with the
    duplicate's rank or position filling any blank)."""
    if duplicate.pk == target.pk:
        return
    for appearance in Appearance.objects.filter(person=duplicate):
        kept = Appearance.objects.filter(article_id=appearance.article_id, person=target).first()
        if kept is None:
            appearance.person = target
            appearance.save()
            continue
        kept.rank = kept.rank or appearance.rank
        kept.position = kept.position or appearance.position
        kept.save()
        appearance.delete()
    Quote.objects.filter(speaker=duplicate).update(speaker=target)
    duplicate.delete()
