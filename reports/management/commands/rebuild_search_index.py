"""python manage.py rebuild_search_index: reindex every article (docs/search.md)."""

from django.core.management.base import BaseCommand
from django.db import transaction

from reports import search
from reports.db import refresh_statistics
from reports.models import Article


class Command(BaseCommand):
    help = "Rebuild the full-text search index of every article."

    def handle(self, *args, **options):
        ids = list(Article.objects.values_list("pk", flat=True))
        with transaction.atomic():
            for start in range(0, len(ids), 1000):
                search.reindex(ids[start : start + 1000])
        refresh_statistics()
        self.stdout.write(f"Reindexed {len(ids)} articles.")
