"""python manage.py export_dataset [--output PATH]: regenerate the dataset download."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from reports import dataset


class Command(BaseCommand):
    help = "Write the full-dataset zip (CSV of every public table, dictionary, licences)."

    def add_arguments(self, parser):
        parser.add_argument("--output", type=Path, default=settings.DATASET_PATH)

    def handle(self, *args, output, **options):
        counts = dataset.export(output)
        self.stdout.write(f"Wrote {output}: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
