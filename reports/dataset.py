"""The whole archive as a download: CSV files of every public table, a data
dictionary and the licences, in one zip (`python manage.py export_dataset`).

Only what the public site shows goes in: published articles and what they link to.
Rows are written a chunk at a time, so the export runs in flat memory.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import tempfile
import zipfile
from pathlib import Path

from django.conf import settings
from django.db import models
from django.utils import timezone

from .models import (
    Appearance,
    Article,
    Correction,
    Election,
    Operation,
    Outlet,
    Person,
    PoliceUnit,
    Quote,
    Region,
    Story,
    UnitAlias,
)

AREA_LICENCE = Path(settings.BASE_DIR) / "reports" / "data" / "idn-area" / "LICENSE-ODbL.md"


def tables() -> dict[str, tuple[models.QuerySet, list[str]]]:
    """File name -> (rows, columns): the public part of every table."""
    published = Article.objects.published()
    article_ids = published.values("pk")
    person_ids = Appearance.objects.filter(article__in=article_ids).values("person")
    article_fields = [
        "id",
        "title",
        "slug",
        "body",
        "outlet_id",
        "author",
        "published_date",
        "event_date",
        "date",
        "dateline",
        "province_id",
        "regency_id",
        "district_id",
        "personnel_count",
        "story_id",
        "source",
        "content_hash",
        "imported_at",
        "updated_at",
    ]
    return {
        "articles.csv": (published.order_by("pk"), article_fields),
        "article_units.csv": (
            Article.units.through.objects.filter(article__in=article_ids).order_by("pk"),
            ["article_id", "policeunit_id"],
        ),
        "article_operations.csv": (
            Article.operations.through.objects.filter(article__in=article_ids).order_by("pk"),
            ["article_id", "operation_id"],
        ),
        "article_elections.csv": (
            Article.elections.through.objects.filter(article__in=article_ids).order_by("pk"),
            ["article_id", "election_id"],
        ),
        "appearances.csv": (
            Appearance.objects.filter(article__in=article_ids).order_by("pk"),
            ["id", "article_id", "person_id", "rank", "position", "order"],
        ),
        "quotes.csv": (
            Quote.objects.filter(article__in=article_ids).order_by("pk"),
            ["id", "article_id", "speaker_id", "text", "order"],
        ),
        "corrections.csv": (
            Correction.objects.filter(article__in=article_ids).order_by("pk"),
            ["id", "article_id", "made_on", "note"],
        ),
        "people.csv": (
            Person.objects.filter(pk__in=person_ids).order_by("pk"),
            ["id", "name", "slug"],
        ),
        "outlets.csv": (Outlet.objects.order_by("pk"), ["id", "name", "domain", "slug"]),
        "stories.csv": (Story.objects.order_by("pk"), ["id", "title", "created_at"]),
        "police_units.csv": (
            PoliceUnit.objects.order_by("pk"),
            ["id", "name", "slug", "level", "parent_id", "region_id", "established", "source"],
        ),
        "unit_aliases.csv": (UnitAlias.objects.order_by("pk"), ["id", "unit_id", "name"]),
        "operations.csv": (
            Operation.objects.order_by("pk"),
            [
                "id",
                "name",
                "slug",
                "kind",
                "code_name",
                "period",
                "election_id",
                "polda_id",
                "starts_on",
                "ends_on",
            ],
        ),
        "elections.csv": (
            Election.objects.order_by("pk"),
            ["id", "slug", "name", "kind", "voting_day"],
        ),
        "regions.csv": (
            Region.objects.order_by("pk"),
            ["id", "code", "name", "level", "parent_id"],
        ),
    }


def _cell(value):
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return "" if value is None else value


def write_csv(stream, queryset, columns) -> int:
    writer = csv.writer(stream)
    writer.writerow(columns)
    count = 0
    for row in queryset.values_list(*columns).iterator(chunk_size=2000):
        writer.writerow([_cell(value) for value in row])
        count += 1
    return count


def dictionary(counts: dict[str, int]) -> str:
    """DATA_DICTIONARY.md: every file and column, from the models' own descriptions."""
    lines = [
        "# Polsec Archive: data dictionary",
        "",
        f"Exported {timezone.now():%Y-%m-%d %H:%M %Z}. CSV files, UTF-8, comma-separated, one",
        "header row. `*_id` columns refer to the `id` of the file named after them.",
        "",
    ]
    for name, (queryset, columns) in tables().items():
        model = queryset.model
        lines += [
            f"## {name} ({counts.get(name, 0)} rows)",
            "",
            (model.__doc__ or "").strip().split("\n\n")[0].replace("\n", " "),
            "",
            "| column | meaning |",
            "|---|---|",
        ]
        fields = {f.attname: f for f in model._meta.concrete_fields}
        for column in columns:
            field = fields.get(column)
            meaning = ""
            if field is not None:
                meaning = str(field.help_text or field.verbose_name)
            lines.append(f"| `{column}` | {meaning} |")
        lines.append("")
    return "\n".join(lines)


README = """# Polsec Archive dataset

News reports on how Indonesia's police secured Pemilu 2024 and Pilkada 2024, with the
police units, operations, places, people and quotes they name: every published
article of the archive and the tables it links to. See DATA_DICTIONARY.md.

Licence: this database is offered under the Open Database License (ODbL) 1.0
(LICENSE-ODbL.md). Credit: "Polsec Archive; Indonesian area data: idn-area-data,
ODbL". The area codes and names (regions.csv) come from idn-area-data 4.0.1
(Kemendagri codes). Article texts belong to their outlets and are included for
research and citation.
"""


def export(path: Path) -> dict[str, int]:
    """Write the dataset zip to `path` (atomically: a temporary file, then a rename)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    counts: dict[str, int] = {}
    handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".zip.part")
    os.close(handle)
    try:
        with zipfile.ZipFile(temporary, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for name, (queryset, columns) in tables().items():
                with (
                    archive.open(name, "w") as member,
                    io.TextIOWrapper(member, encoding="utf-8", newline="") as stream,
                ):
                    counts[name] = write_csv(stream, queryset, columns)
            archive.writestr("DATA_DICTIONARY.md", dictionary(counts))
            archive.writestr("README.md", README)
            archive.write(AREA_LICENCE, "LICENSE-ODbL.md")
        os.replace(temporary, path)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
    return counts
