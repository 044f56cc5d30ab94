"""Keep the search index in step with what it indexes (reports/search.py).

An article's document is its title, the names of its people and units, and its
body, so a change to any of those reindexes the articles concerned. Inside
`search.batch()` (the importer, the corpus generator) the work is done once per
article at the end instead of once per change.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from . import search
from .models import (
    Appearance,
    Article,
    Election,
    Operation,
    Outlet,
    Person,
    PoliceUnit,
    Quote,
    Region,
)

# Whatever public pages show: a change to any of these makes cached pages stale.
SHOWN = (Article, Appearance, Quote, Person, PoliceUnit, Operation, Outlet, Election, Region)


@receiver(post_save, sender=Article)
def article_saved(sender, instance, **kwargs):
    search.reindex_soon([instance.pk])


@receiver(m2m_changed, sender=Article.units.through)
def article_units_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action not in {"post_add", "post_remove", "post_clear"}:
        return
    if not reverse:
        search.reindex_soon([instance.pk])
    elif pk_set:
        search.reindex_soon(pk_set)
    elif action == "post_clear":
        search.reindex_soon(instance.articles.values_list("pk", flat=True))


@receiver([post_save, post_delete], sender=Appearance)
def appearance_changed(sender, instance, **kwargs):
    search.reindex_soon([instance.article_id])


@receiver(post_save, sender=Person)
@receiver(post_save, sender=PoliceUnit)
def name_changed(sender, instance, created, raw, **kwargs):
    if not created and not raw:
        search.reindex_soon(instance.articles.values_list("pk", flat=True))


def archive_changed(sender, **kwargs):
    search.archive_changed_soon()


for model in SHOWN:
    post_save.connect(archive_changed, sender=model, dispatch_uid=f"bump-save-{model.__name__}")
    post_delete.connect(archive_changed, sender=model, dispatch_uid=f"bump-del-{model.__name__}")
for through in (Article.units.through, Article.operations.through, Article.elections.through):
    m2m_changed.connect(archive_changed, sender=through, dispatch_uid=f"bump-m2m-{through}")
