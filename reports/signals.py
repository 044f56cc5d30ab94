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


@receiver(post_delete, sender=Article)
def article_deleted(sender, instance, **kwargs):
    """Deleting a report deletes its people's appearances first, and each of those
    reindexes it while it still exists: reindexed once more when it is gone, so no
    facet row or index entry outlives it."""
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


@receiver(m2m_changed, sender=Article.operations.through)
@receiver(m2m_changed, sender=Article.elections.through)
def article_links_changed(sender, instance, action, reverse, pk_set, **kwargs):
    """Operations and elections are not in the search document, but in the facet
    index (reports/facets.py), which the same upkeep keeps."""
    article_units_changed(sender, instance, action, reverse, pk_set, **kwargs)


@receiver([post_save, post_delete], sender=Appearance)
def appearance_changed(sender, instance, **kwargs):
    search.reindex_soon([instance.article_id])


@receiver(post_save, sender=Person)
def name_changed(sender, instance, created, raw, **kwargs):
    if not created and not raw:
        search.reindex_soon(instance.articles.values_list("pk", flat=True))


@receiver(post_save, sender=PoliceUnit)
def unit_changed(sender, instance, created, raw, **kwargs):
    """A unit renamed or moved: its reports and its sub-units' (their facet rows name
    the units above them)."""
    if not created and not raw:
        search.reindex_soon(Article.objects.by_units([instance]).values_list("pk", flat=True))


@receiver(post_save, sender=Operation)
def operation_changed(sender, instance, created, raw, **kwargs):
    """An operation's kind or election decides which national operation counts its
    reports: those of every operation of its kind and election."""
    if raw or (created and instance.code_name):
        return  # a new code name has no reports yet, and changes no other's rows
    search.reindex_soon(
        Article.operations.through.objects.filter(
            operation__kind=instance.kind, operation__election_id=instance.election_id
        ).values_list("article_id", flat=True)
    )


def archive_changed(sender, **kwargs):
    search.archive_changed_soon()


for model in SHOWN:
    post_save.connect(archive_changed, sender=model, dispatch_uid=f"bump-save-{model.__name__}")
    post_delete.connect(archive_changed, sender=model, dispatch_uid=f"bump-del-{model.__name__}")
for through in (Article.units.through, Article.operations.through, Article.elections.through):
    m2m_changed.connect(archive_changed, sender=through, dispatch_uid=f"bump-m2m-{through}")
