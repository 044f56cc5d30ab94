"""Is every article an import left behind complete? (`make chaos`)

    python .ci/ops/import_check.py DIR [--out result.json]

Each file of DIR is parsed as `import_articles --dry-run` parses it (nothing is
written), and the article with the file's content hash, when the database has one,
is compared with that record: title and body, one appearance per person in the
record's order, every quote's text in order, the elections, and at least one
unit and at most one per unit name (when the record names units) and no more
operations than the record names. An article that is there but differs is
"incomplete": a half-written import. Prints a JSON summary; exit 1 if any article
is incomplete.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "polsec_site.settings")

import django  # noqa: E402

django.setup()

from django.utils.text import slugify  # noqa: E402

from reports.importer.load import content_hash  # noqa: E402
from reports.importer.pipeline import parse_text  # noqa: E402
from reports.importer.records import ParseError  # noqa: E402
from reports.importer.sources import expand_paths, read_article_file  # noqa: E402
from reports.models import Article  # noqa: E402


def unique(items):
    seen, out = set(), []
    for item in items:
        if item not in seen:
            seen.add(item)
            out.append(item)
    return out


def differences(article: Article, record) -> list[str]:
    """What in the database differs from what the record says (empty: complete)."""
    problems = []
    if article.title != record.title.strip():
        problems.append("title")
    if article.body != record.body:
        problems.append("body")
    quotes = list(article.quotes.order_by("order").values_list("text", flat=True))
    expected_quotes = [quote.text for quote in record.quotes]
    if quotes != expected_quotes:
        problems.append(
            f"quotes: {len(quotes)} in the database, {len(expected_quotes)} in the file"
        )
    people = list(article.appearances.order_by("order").values_list("person__slug", flat=True))
    expected_people = unique(slugify(person.name) for person in record.people)
    if people != expected_people:
        problems.append(
            f"people: {len(people)} in the database, {len(expected_people)} in the file"
        )
    elections = sorted(article.elections.values_list("slug", flat=True))
    if elections != sorted(set(record.elections)):
        problems.append(f"elections: {elections} vs {sorted(set(record.elections))}")
    units = article.units.count()
    names = len(set(record.police_units))
    if (names and units == 0) or units > names:
        problems.append(f"units: {units} in the database, {names} names in the file")
    operations = article.operations.count()
    if operations > len(set(record.operations)):
        problems.append(f"operations: {operations} in the database, {len(record.operations)} named")
    return problems


def check(folder: Path) -> dict:
    files = list(expand_paths([folder]))
    present, absent, unparsed, incomplete = [], [], [], []
    for path in files:
        try:
            text = read_article_file(path)
            record = parse_text(text, path.name)
        except ParseError as error:
            unparsed.append({"file": path.name, "error": str(error)})
            continue
        article = Article.objects.filter(content_hash=content_hash(text)).first()
        if article is None:
            absent.append(path.name)
            continue
        present.append(path.name)
        problems = differences(article, record)
        if problems:
            incomplete.append({"file": path.name, "article": article.pk, "problems": problems})
    return {
        "files": len(files),
        "present": len(present),
        "absent": len(absent),
        "absent_files": absent,
        "unparsed": unparsed,
        "complete": len(present) - len(incomplete),
        "incomplete": incomplete,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    result = check(args.folder)
    text = json.dumps(result, indent=1, ensure_ascii=False)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")
    print(text)
    return 1 if result["incomplete"] else 0


if __name__ == "__main__":
    sys.exit(main())
