"""Reference data every archive starts with.

- Regions: all 38 provinces, 514 regencies and cities and 7,285 districts from
  reports/data/idn-area (idn-area-data 4.0.1, Kemendagri codes, ODbL).
- Police: Mabes Polri and every Polda (reports/data/polda.csv, with sources), each
  linked to its province, with the short names reports use as aliases.
- The two elections of 2024 and the two national operations that secured them.

The CSVs are read here directly (not through app code) so that this migration
keeps working as the app's helpers change.
"""

import csv
import datetime as dt
from pathlib import Path

from django.db import migrations
from django.utils.text import slugify

DATA = Path(__file__).resolve().parent.parent / "data"


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def load_regions(apps, schema_editor):
    Region = apps.get_model("reports", "Region")
    area = DATA / "idn-area"
    ids: dict[str, int] = {}

    def create(level, records, parent_key):
        objects = [
            Region(
                code=row["code"],
                name=row["name"],
                level=level,
                parent_id=ids[row[parent_key]] if parent_key else None,
            )
            for row in records
        ]
        Region.objects.bulk_create(objects, batch_size=1000)
        ids.update(
            Region.objects.filter(level=level).values_list("code", "pk").iterator()
        )

    create("province", rows(area / "provinces.csv"), None)
    create("regency", rows(area / "regencies.csv"), "province_code")
    create("district", rows(area / "districts.csv"), "regency_code")


def load_police(apps, schema_editor):
    Region = apps.get_model("reports", "Region")
    PoliceUnit = apps.get_model("reports", "PoliceUnit")
    UnitAlias = apps.get_model("reports", "UnitAlias")

    mabes = PoliceUnit.objects.create(
        name="Mabes Polri",
        slug="mabes-polri",
        level="mabes",
        source="https://www.polri.go.id/",
    )
    UnitAlias.objects.create(unit=mabes, name="Markas Besar Polri")
    for row in rows(DATA / "polda.csv"):
        polda = PoliceUnit.objects.create(
            name=row["name"],
            slug=slugify(row["name"]),
            level="polda",
            parent=mabes,
            region=Region.objects.get(code=row["province_code"]),
            established=dt.date.fromisoformat(row["established"]) if row["established"] else None,
            source=row["source"],
        )
        for alias in filter(None, (a.strip() for a in row["aliases"].split(";"))):
            UnitAlias.objects.create(unit=polda, name=alias)


def load_elections(apps, schema_editor):
    Election = apps.get_model("reports", "Election")
    Operation = apps.get_model("reports", "Operation")
    pemilu = Election.objects.create(
        slug="pemilu-2024",
        name="Pemilu 2024",
        kind="pemilu",
        voting_day=dt.date(2024, 2, 14),
        description="Pemilihan umum serentak: presiden dan wakil presiden, DPR, DPD, DPRD.",
    )
    pilkada = Election.objects.create(
        slug="pilkada-2024",
        name="Pilkada 2024",
        kind="pilkada",
        voting_day=dt.date(2024, 11, 27),
        description="Pemilihan kepala daerah serentak: gubernur, bupati, dan wali kota "
        "di 37 provinsi dan 508 kabupaten/kota.",
    )
    # Operasi Mantap Brata 2023-2024: 222 days from 19 October 2023 (docs/domain.md);
    # Operasi Mantap Praja 2024: 1 August to 31 December 2024, 153 days.
    for kind, label, period, election, starts, ends in (
        ("mantap-brata", "Operasi Mantap Brata", "2023-2024", pemilu,
         dt.date(2023, 10, 19), dt.date(2024, 5, 27)),
        ("mantap-praja", "Operasi Mantap Praja", "2024", pilkada,
         dt.date(2024, 8, 1), dt.date(2024, 12, 31)),
    ):
        name = f"{label} {period}"
        Operation.objects.create(
            kind=kind,
            code_name="",
            period=period,
            election=election,
            starts_on=starts,
            ends_on=ends,
            name=name,
            slug=slugify(name),
        )


class Migration(migrations.Migration):
    dependencies = [("reports", "0001_initial")]

    operations = [
        migrations.RunPython(load_regions, migrations.RunPython.noop, elidable=False),
        migrations.RunPython(load_police, migrations.RunPython.noop, elidable=False),
        migrations.RunPython(load_elections, migrations.RunPython.noop, elidable=False),
    ]
