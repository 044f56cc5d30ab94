"""python manage.py seed_fixture [--check]: rewrite (or check) fixtures/seeds.json."""

from django.core.management.base import BaseCommand, CommandError

from reports import seeds


class Command(BaseCommand):
    help = "Rebuild fixtures/seeds.json from fixtures/seeds/*.txt with the importer."

    def add_arguments(self, parser):
        parser.add_argument(
            "--check", action="store_true", help="Fail if the fixture is out of date."
        )

    def handle(self, *args, check, **options):
        text = seeds.build_fixture()
        if check:
            current = seeds.FIXTURE.read_text(encoding="utf-8") if seeds.FIXTURE.exists() else "[]"
            if seeds.comparable(current) != seeds.comparable(text):
                raise CommandError(f"{seeds.FIXTURE} is out of date: run `make fixtures`.")
            self.stdout.write(f"{seeds.FIXTURE} is up to date.")
            return
        seeds.FIXTURE.write_text(text, encoding="utf-8")
        self.stdout.write(f"Wrote {seeds.FIXTURE} ({len(seeds.seed_files())} articles).")
