"""python manage.py import_articles [--dry-run] [--format=json|text] [--status=...] FILE|DIR..."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from reports.db import refresh_statistics
from reports.importer.load import LoadCounts
from reports.importer.pipeline import import_files
from reports.models import Article


class Command(BaseCommand):
    help = (
        "Import raw scraped articles (.txt files, or directories of them). With "
        "--dry-run --format=json, print the importer's records and write nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", type=Path, metavar="FILE")
        parser.add_argument("--dry-run", action="store_true", help="Parse only; write nothing.")
        parser.add_argument("--format", choices=["text", "json"], default="text")
        parser.add_argument(
            "--status",
            choices=Article.Status.values,
            default=Article.Status.DRAFT,
            help="Status of newly created articles (default: draft, for review).",
        )

    def handle(self, *args, paths, dry_run, format, status, verbosity, **options):
        show_progress = verbosity >= 1 and (len(paths) > 1 or any(p.is_dir() for p in paths))

        def progress(index, total, result):
            if show_progress:
                what = (result.error and "error") or result.outcome or "parsed"
                self.stderr.write(f"[{index}/{total}] {result.name}: {what}")

        results = list(import_files(paths, dry_run=dry_run, status=status, progress=progress))
        counts = LoadCounts()
        for result in results:
            if result.error:
                self.stderr.write(f"error: {result.source}: {result.error}")
            elif result.outcome:
                counts.add(result.outcome)

        if format == "json":
            self.stdout.write(
                json.dumps([r.as_contract() for r in results], ensure_ascii=False, indent=2)
            )
        else:
            for result in results:
                if result.ok:
                    what = result.outcome or "parsed"
                    self.stdout.write(f"{what}: {result.name}: {result.record.title}")
            if not dry_run:
                self.stdout.write(
                    ", ".join(f"{n} {label}" for label, n in counts.as_dict().items())
                )

        if not dry_run and counts.created + counts.updated >= 100:
            refresh_statistics()  # a bulk load: let the planner see the new data
        failed = sum(1 for r in results if not r.ok)
        if failed:
            raise CommandError(f"{failed} of {len(results)} files could not be imported.")
