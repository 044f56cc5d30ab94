"""A reproducible, realistic corpus of generated articles for benchmarks.

`generate(n, seed)` adds `n` published articles to the current database, each
marked `is_generated` (they never enter the fixtures): every province and many
regencies, district units and Polsek under their Polda, both elections and their
operations with regional code names, dates over 2023-2024 peaking before the voting
days, people with ranks and positions, quotes, outlets of very different sizes, and
bodies recombined from real sentences (`sentences.txt`), so searches hit as they
would on real reports. The same seed gives the same corpus.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
import re
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify

from reports import search
from reports.importer.units import polda_for_province
from reports.models import (
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
from reports.text import clean_text

SENTENCES = Path(__file__).with_name("sentences.txt")
SOURCE_PREFIX = "generated corpus"
PEMILU_DAY, PILKADA_DAY = dt.date(2024, 2, 14), dt.date(2024, 11, 27)

# Code names a Polda runs its part of an operation under. The first are the real
# ones the archive has met (Semeru, Candi, Telabang...); the rest are words of the
# same kind, for the generated corpus only.
CODE_NAMES = [
    "Semeru",
    "Candi",
    "Telabang",
    "Jaya",
    "Toba",
    "Lodaya",
    "Pallawa",
    "Seulawah",
    "Rinjani",
    "Kapuas",
    "Turangga",
    "Singgalang",
    "Lancang Kuning",
    "Siginjai",
    "Musi",
    "Rafflesia",
    "Menumbing",
    "Intan",
    "Mahakam",
    "Kayan",
    "Tinombala",
    "Anoa",
    "Bahari",
    "Nusa",
    "Merapi",
    "Bromo",
    "Barito",
    "Sentani",
    "Cendrawasih",
    "Halmahera",
    "Banda",
    "Tondano",
    "Agung",
    "Krakatau",
    "Batanghari",
    "Maninjau",
]
FIRST_NAMES = [
    "Agus",
    "Ahmad",
    "Andi",
    "Arif",
    "Bambang",
    "Budi",
    "Dedi",
    "Dewi",
    "Dian",
    "Eko",
    "Fajar",
    "Fitri",
    "Hadi",
    "Hendra",
    "Indra",
    "Joko",
    "Kurniawan",
    "Lestari",
    "Made",
    "Muhammad",
    "Nanang",
    "Nur",
    "Putu",
    "Rahmat",
    "Rina",
    "Rudi",
    "Sigit",
    "Sri",
    "Teguh",
    "Wahyu",
    "Yohanes",
    "Yusuf",
    "Ketut",
    "Ratna",
    "Imam",
    "Hasan",
    "Ridwan",
    "Anton",
]
LAST_NAMES = [
    "Santoso",
    "Saputra",
    "Wibowo",
    "Prasetyo",
    "Hidayat",
    "Nugroho",
    "Siregar",
    "Lubis",
    "Nasution",
    "Harahap",
    "Pratama",
    "Setiawan",
    "Kusuma",
    "Wijaya",
    "Gunawan",
    "Sitorus",
    "Simanjuntak",
    "Rahman",
    "Hakim",
    "Susanto",
    "Firmansyah",
    "Suryadi",
    "Purnomo",
    "Hutapea",
    "Tanjung",
    "Sembiring",
    "Manurung",
    "Pangaribuan",
    "Wardana",
    "Suharto",
]
TITLES = [
    "{unit} Siagakan Personel Amankan Kantor KPU {place}",
    "{unit} Gelar Apel Pasukan Jelang {election}",
    "Jelang {election}, {unit} Tingkatkan Patroli di {place}",
    "{unit} Kawal Distribusi Logistik {election} ke TPS",
    "Ratusan Personel {unit} Siap Amankan {election} di {place}",
    "{unit} Gelar Rakor Lintas Sektoral Pengamanan {election}",
    "Kapolres Ajak Warga {place} Jaga Kondusivitas {election}",
    "{unit} Patroli Cegah Politik Uang Jelang {election}",
    "Cooling System, {unit} Sambangi Tokoh Agama di {place}",
    "{unit} Jaga Gudang Logistik KPU {place} 24 Jam",
    "Pengamanan Rekapitulasi Suara di {place}, {unit} Kerahkan Personel",
    "{unit} Imbau Masyarakat {place} Tidak Termakan Hoaks {election}",
]
POLICE_ROLES = [  # (position pattern, ranks)
    ("Kapolres {place}", ["AKBP"]),
    ("Wakapolres {place}", ["Kompol"]),
    ("Kabag Ops {unit}", ["Kompol", "AKP"]),
    ("Kasihumas {unit}", ["Iptu", "AKP", "Ipda"]),
    ("Kasat Samapta {unit}", ["AKP", "Iptu"]),
    ("Kasat Intelkam {unit}", ["AKP"]),
]
CIVILIAN_ROLES = ["Ketua KPU {regency}", "Ketua Bawaslu {regency}", "Pj Bupati {place}"]


@dataclass
class _World:
    """What generated articles are made of, fetched or created once."""

    districts_units: list[PoliceUnit]
    polsek_of: dict[int, list[PoliceUnit]]
    operations: dict[tuple[str, int], list[Operation]]
    national: dict[str, Operation]
    elections: dict[str, Election]
    outlets: list[Outlet]
    outlet_weights: list[float]
    people: list[Person]
    sentences: list[str]
    quotes: list[str]


def _bare(name: str) -> str:
    return re.sub(r"^(Kabupaten|Kota Administrasi|Kota)\s+", "", name)


def _sentences() -> tuple[list[str], list[str]]:
    lines = [
        line.strip()
        for line in SENTENCES.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    quotes = [line.strip('"“”').rstrip(",") for line in lines if line[:1] in '"“']
    # The bulk path writes the text as it is, without the models' cleaning: it must
    # be clean already (no control characters, one line each).
    unclean = [line for line in lines if clean_text(line, multiline=False) != line]
    if unclean:
        raise ValueError(f"{SENTENCES.name}: control characters in {unclean[0]!r}")
    return lines, quotes


def _units(rng: random.Random) -> tuple[list[PoliceUnit], dict[int, list[PoliceUnit]]]:
    """A district unit for every regency and Polsek in some of its districts."""
    poldas = {u.name: u for u in PoliceUnit.objects.poldas()}
    taken = set(PoliceUnit.objects.values_list("name", flat=True))
    taken_slugs = set(PoliceUnit.objects.values_list("slug", flat=True))
    have = set(
        PoliceUnit.objects.district_units().exclude(region=None).values_list("region_id", flat=True)
    )
    kabupaten = set(
        Region.objects.regencies()
        .filter(name__startswith="Kabupaten ")
        .values_list("name", flat=True)
    )
    new = []
    for regency in Region.objects.regencies().order_by("code"):
        if regency.pk in have:
            continue
        place = _bare(regency.name)
        if regency.name.startswith("Kota") and f"Kabupaten {place}" in kabupaten:
            name, level = f"Polres {place} Kota", PoliceUnit.Level.POLRES
        elif regency.name.startswith("Kota"):
            name, level = f"Polresta {place}", PoliceUnit.Level.POLRESTA
        else:
            name, level = f"Polres {place}", PoliceUnit.Level.POLRES
        polda = poldas.get(polda_for_province(regency.code[:2], on=dt.date(2024, 1, 1)) or "")
        if name in taken or slugify(name) in taken_slugs or polda is None:
            continue
        taken.add(name)
        taken_slugs.add(slugify(name))
        new.append(
            PoliceUnit(
                name=name,
                slug=slugify(name),
                level=level,
                parent=polda,
                region=regency,
                source=SOURCE_PREFIX,
            )
        )
    PoliceUnit.objects.bulk_create(new, batch_size=500)
    district_units = list(
        PoliceUnit.objects.district_units().exclude(region=None).select_related("region", "parent")
    )
    by_regency = {u.region_id: u for u in district_units}
    existing_polsek = {}
    for unit in PoliceUnit.objects.filter(level=PoliceUnit.Level.POLSEK).exclude(region=None):
        existing_polsek.setdefault(unit.parent_id, []).append(unit)
    new = []
    for district in Region.objects.districts().order_by("code"):
        parent = by_regency.get(district.parent_id)
        if parent is None or rng.random() > 0.3:
            continue
        name = f"Polsek {district.name}"
        if name in taken or slugify(name) in taken_slugs:
            continue
        taken.add(name)
        taken_slugs.add(slugify(name))
        new.append(
            PoliceUnit(
                name=name,
                slug=slugify(name),
                level=PoliceUnit.Level.POLSEK,
                parent=parent,
                region=district,
                source=SOURCE_PREFIX,
            )
        )
    PoliceUnit.objects.bulk_create(new, batch_size=1000)
    polsek_of: dict[int, list[PoliceUnit]] = {}
    for unit in PoliceUnit.objects.filter(level=PoliceUnit.Level.POLSEK).exclude(region=None):
        polsek_of.setdefault(unit.parent_id, []).append(unit)
    return district_units, polsek_of


def _operations(rng: random.Random) -> tuple[dict, dict]:
    elections = {e.slug: e for e in Election.objects.all()}
    national = {op.kind: op for op in Operation.objects.national()}
    names = list(CODE_NAMES)
    rng.shuffle(names)
    regional: dict[tuple[str, int], list[Operation]] = {}
    for index, polda in enumerate(PoliceUnit.objects.poldas().order_by("name")):
        code = names[index % len(names)]
        for kind in Operation.Kind:
            election = elections[Operation.ELECTION_OF_KIND[kind]]
            existing = Operation.objects.filter(polda=polda, kind=kind, election=election).first()
            if existing is None:
                existing, _ = Operation.objects.get_or_create(
                    kind=kind,
                    code_name=code,
                    election=election,
                    defaults={"period": Operation.PERIOD_OF_KIND[kind], "polda": polda},
                )
            regional.setdefault((kind, polda.pk), []).append(existing)
    return regional, national


def _outlets(rng: random.Random) -> tuple[list[Outlet], list[float]]:
    words = ["kabar", "warta", "suara", "berita", "info", "lintas", "detak", "pos", "radar"]
    outlets = []
    for index in range(150):
        domain = f"{words[index % len(words)]}{index:03d}.example"
        outlet, _ = Outlet.objects.get_or_create(domain=domain, defaults={"name": domain})
        outlets.append(outlet)
    # Zipf-like: a few outlets carry most reports, most carry a handful.
    weights = [1 / (rank + 1) ** 1.1 for rank in range(len(outlets))]
    return outlets, weights


def _people(rng: random.Random, count: int = 3000) -> list[Person]:
    names = sorted(
        {
            f"{rng.choice(FIRST_NAMES)} {rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
            for _ in range(count * 2)
        }
    )[:count]
    existing = set(
        Person.objects.filter(slug__in=[slugify(n) for n in names]).values_list("slug", flat=True)
    )
    Person.objects.bulk_create(
        [Person(name=n, slug=slugify(n)) for n in names if slugify(n) not in existing],
        batch_size=1000,
    )
    return list(Person.objects.filter(slug__in=[slugify(n) for n in names]).order_by("slug"))


def _day(rng: random.Random) -> dt.date:
    """Dates over 2023-2024, most in the months before each voting day."""
    roll = rng.random()
    if roll < 0.45:
        return PEMILU_DAY - dt.timedelta(days=int(rng.triangular(-40, 150, 5)))
    if roll < 0.9:
        return PILKADA_DAY - dt.timedelta(days=int(rng.triangular(-35, 120, 5)))
    return dt.date(2023, 1, 1) + dt.timedelta(days=rng.randrange(730))


def build_world(seed: int) -> _World:
    rng = random.Random(seed)
    district_units, polsek_of = _units(rng)
    operations, national = _operations(rng)
    outlets, weights = _outlets(rng)
    sentences, quotes = _sentences()
    return _World(
        districts_units=district_units,
        polsek_of=polsek_of,
        operations=operations,
        national=national,
        elections={e.slug: e for e in Election.objects.all()},
        outlets=outlets,
        outlet_weights=weights,
        people=_people(rng),
        sentences=sentences,
        quotes=quotes,
    )


# --- Drawing: what each article is -------------------------------------------------

# The articles are drawn in blocks of this many (each block: the articles' own draws,
# then their links'), whatever the size of the batches written: the order of draws
# of the ORM path with its default batch of 1,000, so a seed gives the corpus every
# benchmark has measured (tests/test_corpus.py holds its fingerprint).
DRAW_BLOCK = 1000


@dataclass
class _Drawn:
    """One article as plain values: its row (without id) and its links' rows."""

    row: tuple
    units: list[int]
    election: int
    operations: list[int]
    appearances: list[tuple]  # (person_id, rank, position, order)
    quotes: list[tuple]  # (speaker_id, text, order)


def _draw(world: _World, rng: random.Random, seed: int, n: int, now: str):
    """Yield the `n` articles, a block of DRAW_BLOCK held at a time."""
    for start in range(0, n, DRAW_BLOCK):
        yield from _draw_block(world, rng, seed, start, min(DRAW_BLOCK, n - start), now)


def _draw_block(world: _World, rng: random.Random, seed: int, start: int, size: int, now: str):
    # The text is clean by construction (the sentence bank is checked on loading, the
    # names and titles are ours), so the rows skip the models' text cleaning
    # (reports/models/fields.py): what it would store is what is here.
    date_value = connection.ops.adapt_datefield_value
    drawn, plans = [], []
    for index in range(start, start + size):
        unit = rng.choice(world.districts_units)
        regency = unit.region
        polda = unit.parent
        polsek = (
            rng.choice(world.polsek_of[unit.pk])
            if world.polsek_of.get(unit.pk) and rng.random() < 0.25
            else None
        )
        day = _day(rng)
        election = "pemilu-2024" if day < dt.date(2024, 5, 1) else "pilkada-2024"
        kind = (
            Operation.Kind.MANTAP_BRATA
            if election == "pemilu-2024"
            else Operation.Kind.MANTAP_PRAJA
        )
        place = _bare(regency.name)
        lead = polsek or unit
        speakers = rng.sample(world.people, k=rng.randint(1, 3))
        fill = {
            "unit": lead.name,
            "place": place,
            "regency": regency.name,
            "province": regency.parent.name if regency.parent_id else "",
            "election": "Pemilu 2024" if election == "pemilu-2024" else "Pilkada 2024",
            "person": speakers[0].name,
            "surname": speakers[0].name.split()[-1],
        }
        title = rng.choice(TITLES).format(**fill)
        body = " ".join(s.format(**fill) for s in rng.sample(world.sentences, k=rng.randint(8, 16)))
        paragraphs = re.sub(r"(?<=[.”\"]) (?=[A-Z“\"])", "\n\n", body, count=6)
        text = f"{lead.name.upper()} - {paragraphs}"
        digest = hashlib.sha256(f"{SOURCE_PREFIX}:{seed}:{index}".encode()).hexdigest()
        # In the order the draws were made before (keyword arguments, left to right).
        outlet = rng.choices(world.outlets, weights=world.outlet_weights)[0]
        author = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}" if rng.random() < 0.6 else ""
        published = day + dt.timedelta(days=rng.choice([0, 0, 1]))
        personnel = rng.choice([None, None, rng.randint(20, 2500)])
        row = {
            "title": title,
            "slug": slugify(title)[:120].strip("-") or "berita",
            "body": text,
            "raw_text": f"{title}\n\n{text}",
            "outlet_id": outlet.pk,
            "author": author,
            "published_date": date_value(published),
            "event_date": date_value(day),
            "date": date_value(day),  # event date, else published date (Article.save)
            "dateline": place,
            "province_id": regency.parent_id,
            "regency_id": regency.pk,
            "district_id": polsek.region_id if polsek else None,
            "personnel_count": personnel,
            "status": Article.Status.PUBLISHED.value,
            "source": f"{SOURCE_PREFIX} (seed {seed}, #{index})",
            "content_hash": digest,
            "imported_at": now,
            "updated_at": now,
            "story_id": None,
            "is_generated": True,
        }
        operations = []
        if rng.random() < 0.5:
            regional = world.operations.get((kind, polda.pk))
            operations.append(
                rng.choice(regional) if regional and rng.random() < 0.6 else world.national[kind]
            )
        drawn.append(
            _Drawn(
                row=tuple(row[column] for column in ARTICLE_COLUMNS),
                units=[],
                election=world.elections[election].pk,
                operations=[op.pk for op in operations],
                appearances=[],
                quotes=[],
            )
        )
        plans.append((lead, unit, polda, speakers, regency, place))

    for article, (lead, unit, polda, speakers, regency, place) in zip(drawn, plans, strict=True):
        article.units = list({lead.pk, unit.pk} | ({polda.pk} if rng.random() < 0.3 else set()))
        for order, person in enumerate(speakers):
            if order == 0 or rng.random() < 0.7:
                position, ranks = rng.choice(POLICE_ROLES)
                rank = rng.choice(ranks)
                position = position.format(place=place, unit=unit.name)
            else:
                rank, position = (
                    "",
                    rng.choice(CIVILIAN_ROLES).format(place=place, regency=regency.name),
                )
            article.appearances.append((person.pk, rank, position, order))
        for order in range(rng.randint(1, 4)):
            speaker = rng.choice(speakers)
            text = rng.choice(world.quotes).format(
                unit=unit.name,
                place=place,
                regency=regency.name,
                province="",
                election="",
                person="",
                surname="",
            )
            article.quotes.append((speaker.pk, text, order))
    return drawn


# --- Writing: plain rows, in bulk ---------------------------------------------------

# Every column of reports_article but the id (allocated here) and PostgreSQL's
# search_vector (not a model field; built at the end). tests/test_corpus.py checks
# that this is every column the model has, so a new field cannot be left out.
ARTICLE_COLUMNS = (
    "title",
    "slug",
    "body",
    "raw_text",
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
    "status",
    "source",
    "content_hash",
    "imported_at",
    "updated_at",
    "story_id",
    "is_generated",
)


def _tables() -> dict[str, tuple[str, tuple[str, ...]]]:
    """{what: (table, columns)} of the rows written, the first column the article's id."""

    def through(field: str):
        model = Article._meta.get_field(field).remote_field.through
        target = model._meta.get_field(Article._meta.get_field(field).m2m_reverse_field_name())
        return model._meta.db_table, ("article_id", target.column)

    return {
        "article": (Article._meta.db_table, ("id", *ARTICLE_COLUMNS)),
        "units": through("units"),
        "elections": through("elections"),
        "operations": through("operations"),
        "appearances": (
            Appearance._meta.db_table,
            ("article_id", "person_id", "rank", "position", "order"),
        ),
        "quotes": (Quote._meta.db_table, ("article_id", "speaker_id", "text", "order")),
    }


def _allocate_ids(cursor, count: int) -> list[int]:
    """`count` new article ids, after every id the table has had: from the identity
    sequence on PostgreSQL (safe beside other writers; no setval needed after), and
    on SQLite (one writer at a time: the transaction is IMMEDIATE) after both the
    largest id and AUTOINCREMENT's high-water mark, so that a deleted article's id
    (and its history rows) is never given to a generated one."""
    table = Article._meta.db_table
    if connection.vendor == "postgresql":
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [table, count],
        )
        return sorted(row[0] for row in cursor.fetchall())
    cursor.execute(
        f"SELECT max(coalesce((SELECT max(id) FROM {table}), 0), coalesce("
        f"(SELECT seq FROM sqlite_sequence WHERE name = %s), 0))",
        [table],
    )
    first = cursor.fetchone()[0] + 1
    return list(range(first, first + count))


def _write(drawn: list[_Drawn], tables: dict) -> list[int]:
    """Write these articles and their links (inside a transaction); return their ids."""
    with connection.cursor() as cursor:
        ids = _allocate_ids(cursor, len(drawn))
        pairs = list(zip(ids, drawn, strict=True))
        rows = {
            "article": [(pk, *a.row) for pk, a in pairs],
            "units": [(pk, unit) for pk, a in pairs for unit in a.units],
            "elections": [(pk, a.election) for pk, a in pairs],
            "operations": [(pk, op) for pk, a in pairs for op in a.operations],
            "appearances": [(pk, *row) for pk, a in pairs for row in a.appearances],
            "quotes": [(pk, *row) for pk, a in pairs for row in a.quotes],
        }
        for what, (table, columns) in tables.items():
            names = ", ".join(connection.ops.quote_name(c) for c in columns)
            if connection.vendor == "postgresql":
                # COPY: the fastest way in; psycopg adapts each value by its type.
                with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                    for row in rows[what]:
                        copy.write_row(row)
            else:
                marks = ", ".join("%s" for _ in columns)
                cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows[what])
    return ids


def _ranges(ids: list[int], ranges: list[list[int]]) -> None:
    """Add sorted `ids` to `ranges` ([first, last] runs of consecutive ids)."""
    for pk in ids:
        if ranges and ranges[-1][1] == pk - 1:
            ranges[-1][1] = pk
        else:
            ranges.append([pk, pk])


def generate(
    n: int,
    seed: int = 1,
    *,
    batch: int = 10_000,
    progress: Callable[[str, int, int], None] | None = None,
) -> int:
    """Add `n` generated published articles; return how many were created.

    The bulk path: the articles are drawn as plain rows (a block of DRAW_BLOCK held
    at a time) and written `batch` at a time, each batch its own transaction (COPY on
    PostgreSQL, executemany on SQLite), ids allocated here so that the links need no
    read-back. Then the search index and the facet index of the new articles are
    built in SQL over their ids (reports/search.py `index_range`, reports/facets.py
    `refresh_range`), INDEX_CHUNK articles a transaction (both indexes of an article
    in the same one), and the archive's version is bumped. Until its chunk commits, a
    written article is published but neither found by a search nor counted; if the
    run is interrupted, the articles not indexed yet stay so (`generate_corpus
    --clear` removes them, `rebuild_search_index` indexes them).

    One path for every `n`: the tests' small corpora are made as the benchmarks' are.
    `progress(stage, done, total)` is told after each batch ("articles") and each
    chunk of the indexing ("index")."""
    from reports.models import ArchiveState

    with transaction.atomic():
        world = build_world(seed)
    rng = random.Random(seed * 7919 + 1)
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    tables = _tables()
    ranges: list[list[int]] = []
    pending: list[_Drawn] = []
    created = 0
    for article in _draw(world, rng, seed, n, now):
        pending.append(article)
        if len(pending) == batch or created + len(pending) == n:
            with transaction.atomic():
                _ranges(_write(pending, tables), ranges)
            created += len(pending)
            pending = []
            if progress:
                progress("articles", created, n)

    with _page_cache():
        _index(ranges, created, progress)
    if created:
        ArchiveState.bump()
    return created


@contextmanager
def _page_cache(mib: int = 256):
    """On SQLite, a page cache that holds what an index chunk writes (the default is
    2 MiB): with it, 20,000 articles index in 16.5 s instead of 61.7 s, of which 39.8
    s were read() calls fetching the transaction's own pages back from the WAL."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        before = int(cursor.fetchone()[0])
        cursor.execute(f"PRAGMA cache_size = -{int(mib) * 1024}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {before}")


def _index(ranges: list[list[int]], created: int, progress) -> None:
    """Both indexes of the articles in `ranges`, INDEX_CHUNK articles a transaction."""
    from reports import facets

    indexed = 0
    for first, last in ranges:
        for start in range(first, last + 1, INDEX_CHUNK):
            stop = min(start + INDEX_CHUNK - 1, last)
            with transaction.atomic():  # an article is indexed for search and counts, or not
                facets.refresh_range(start, stop)
                search.index_range(start, stop)
            indexed += stop - start + 1
            if progress:
                progress("index", indexed, created)


# Articles indexed a transaction: bounds the memory (SQLite stems them in Python),
# each statement's work (PostgreSQL) and the write-ahead log. One transaction for
# the whole index, with SQLite's default page cache, re-read its own uncommitted
# pages from the WAL: 100,000 articles read 1.1 TB through read() and were not done
# in 12 minutes (see `_page_cache`).
INDEX_CHUNK = 20_000


def clear() -> int:
    """Delete every generated article, and the units and outlets made for them.
    (Generated people and code-named operations stay: nothing public shows them
    without articles.) The indexes' upkeep waits for the end (`search.batch()`):
    done as each article's people go, it would write facet rows for the articles
    about to go."""
    with transaction.atomic(), search.batch():
        deleted, _ = Article.objects.filter(is_generated=True).delete()
        PoliceUnit.objects.filter(
            source=SOURCE_PREFIX, articles=None, level=PoliceUnit.Level.POLSEK
        ).delete()
        PoliceUnit.objects.filter(source=SOURCE_PREFIX, articles=None, children=None).delete()
        Outlet.objects.filter(domain__endswith=".example", articles=None).delete()
    return deleted
