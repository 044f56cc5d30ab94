"""python manage.py generate_corpus --articles N --seed S [--batch B] [--clear]"""

from django.core.management.base import BaseCommand, CommandError

from reports import corpus
from reports.db import refresh_statistics


class Command(BaseCommand):
    help = (
        "Add N generated, published articles (marked as generated) for benchmarks. "
        "The same seed gives the same corpus, whatever the batch size. The articles "
        "are written in batches, each its own transaction, then indexed (search and "
        "facet counts) at the end, 20,000 a transaction: a run interrupted before "
        "its end leaves the articles not indexed yet published but neither found by "
        "a search nor counted (--clear removes them; rebuild_search_index indexes "
        "them)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int, default=1000, metavar="N")
        parser.add_argument("--seed", type=int, default=1, metavar="S")
        parser.add_argument(
            "--batch", type=int, default=10_000, help="Articles per transaction (memory)."
        )
        parser.add_argument("--clear", action="store_true", help="Delete generated articles first.")

    def handle(self, *args, articles, seed, batch, clear, verbosity, **options):
        if articles < 0 or batch < 1:
            raise CommandError("--articles must be 0 or more and --batch at least 1.")
        if clear:
            self.stdout.write(f"Deleted {corpus.clear()} generated rows.")

        def progress(stage, done, total):
            if verbosity >= 1:
                what = "articles written" if stage == "articles" else "articles indexed"
                self.stderr.write(f"\r{done}/{total} {what}", ending="")

        created = corpus.generate(articles, seed, batch=batch, progress=progress)
        refresh_statistics()
        if verbosity >= 1 and articles:
            self.stderr.write("")
        self.stdout.write(f"Generated {created} articles (seed {seed}).")
