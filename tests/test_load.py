"""The loader: records in, rows out, by natural keys, all or nothing."""

import pytest
from django.db import DatabaseError, IntegrityError, connection, transaction

from reports import search
from reports.importer.load import Lookups, Outcome, content_hash, load_article, lost_a_race
from reports.importer.parse import parse_article
from reports.importer.records import ArticleRecord, ParseError, PersonRecord, QuoteRecord
from reports.models import Article, Operation, Outlet, Person, PoliceUnit, Quote, Region
from tests.conftest import DATA


def load_seed(path, **options):
    text = path.read_text(encoding="utf-8")
    return load_article(parse_article(text, path.name), raw_text=text, source=path.name, **options)


def record(**fields) -> ArticleRecord:
    defaults = {"file": "x.txt", "title": "Polres Contoh Amankan Kantor KPU", "body": "Isi."}
    return ArticleRecord(**(defaults | fields))


@pytest.mark.django_db
def test_loading_a_seed_links_units_regions_people_and_quotes(seed_paths):
    article, outcome = load_seed(seed_paths[3])  # Polres Jember
    assert outcome is Outcome.CREATED
    assert article.status == Article.Status.DRAFT
    assert article.regency.code == "35.09" and article.province.code == "35"
    jember = article.units.get()
    assert jember.name == "Polres Jember"
    assert jember.region.code == "35.09"
    assert jember.parent.name == "Polda Jawa Timur"
    assert not jember.needs_review
    appearance = article.appearances.get(person__name="Toha")
    assert (appearance.rank, appearance.position) == ("Kompol", "Kabag Ops Polres Jember")
    assert article.quotes.count() == 3
    assert {q.speaker.name for q in article.quotes.all()} == {"Toha"}
    assert article.personnel_count == 6
    assert article.date.isoformat() == "2024-01-03"
    assert article.content_hash == content_hash(seed_paths[3].read_text(encoding="utf-8"))


@pytest.mark.django_db
def test_loading_the_same_text_twice_changes_nothing(seed_paths):
    load_seed(seed_paths[0])
    counts = [m.objects.count() for m in (Article, Person, PoliceUnit, Outlet, Quote)]
    _, outcome = load_seed(seed_paths[0])
    assert outcome is Outcome.UNCHANGED
    assert [m.objects.count() for m in (Article, Person, PoliceUnit, Outlet, Quote)] == counts


@pytest.mark.django_db
def test_a_draft_is_updated_when_the_parser_says_something_new(seed_paths):
    text = seed_paths[0].read_text(encoding="utf-8")
    first = parse_article(text, seed_paths[0].name)
    load_article(first, raw_text=text)
    first.personnel_count = 40
    _, outcome = load_article(first, raw_text=text)
    assert outcome is Outcome.UPDATED
    assert Article.objects.get().personnel_count == 40


@pytest.mark.django_db
def test_a_published_article_is_left_to_the_desk_on_reimport(seed_paths):
    text = seed_paths[0].read_text(encoding="utf-8")
    record = parse_article(text, seed_paths[0].name)
    article, _ = load_article(record, raw_text=text, status=Article.Status.PUBLISHED)
    Article.objects.filter(pk=article.pk).update(title="Judul yang dikoreksi editor")
    record.personnel_count = 40
    _, outcome = load_article(record, raw_text=text)
    assert outcome is Outcome.UNCHANGED
    assert Article.objects.get().title == "Judul yang dikoreksi editor"


@pytest.mark.django_db
def test_the_same_text_with_windows_line_endings_is_the_same_article(seed_paths):
    text = seed_paths[1].read_text(encoding="utf-8")
    load_article(parse_article(text, "a.txt"), raw_text=text)
    _, outcome = load_article(
        parse_article(text, "a.txt"), raw_text=text.replace("\n", "\r\n") + "\n"
    )
    assert outcome is Outcome.UNCHANGED
    assert Article.objects.count() == 1


@pytest.mark.django_db
def test_a_unit_whose_region_cannot_be_resolved_is_flagged_for_an_editor():
    load_article(record(police_units=["Polsek Tidakadadimana"]), raw_text="x")
    unit = PoliceUnit.objects.get(name="Polsek Tidakadadimana")
    assert unit.needs_review
    assert unit.region is None


@pytest.mark.django_db
def test_a_new_polres_is_created_with_its_regency_and_polda():
    load_article(record(police_units=["Polres Serang"], province="Banten"), raw_text="y")
    unit = PoliceUnit.objects.get(name="Polres Serang")
    assert unit.region == Region.objects.get(name="Kabupaten Serang")
    assert unit.parent.name == "Polda Banten"
    assert not unit.needs_review


@pytest.mark.django_db
def test_a_bare_operation_kind_links_to_the_national_operation():
    article, _ = load_article(
        record(operations=["Operasi Mantap Praja"], elections=["pilkada-2024"]), raw_text="z"
    )
    assert [op.name for op in article.operations.all()] == ["Operasi Mantap Praja 2024"]
    assert Operation.objects.count() == 2  # only the two national operations


@pytest.mark.django_db
def test_a_code_named_operation_belongs_to_the_polda_of_the_report():
    article, _ = load_article(
        record(
            operations=["Operasi Mantap Praja Telabang 2024"],
            police_units=["Polda Kalimantan Tengah"],
            province="Kalimantan Tengah",
        ),
        raw_text="t",
    )
    operation = article.operations.get()
    assert operation.code_name == "Telabang"
    assert operation.polda.name == "Polda Kalimantan Tengah"
    assert operation.election.slug == "pilkada-2024"
    assert operation.period == "2024"


@pytest.mark.django_db
def test_the_same_person_keeps_one_row_and_gets_a_dated_appearance_per_report():
    for n, rank in enumerate(["AKBP", "Kombes Pol"]):
        load_article(
            record(people=[PersonRecord("Budi Santoso", rank, "Kapolres Contoh")], title=f"T{n}"),
            raw_text=f"text {n}",
        )
    person = Person.objects.get(name="Budi Santoso")
    assert sorted(person.appearances.values_list("rank", flat=True)) == ["AKBP", "Kombes Pol"]


@pytest.mark.django_db
def test_a_failure_part_way_leaves_nothing_half_written(monkeypatch):
    def fail(*args, **kwargs):
        raise DatabaseError("disk full")

    monkeypatch.setattr(Quote.objects, "bulk_create", fail)
    data = record(
        people=[PersonRecord("Siti Aminah", None, "Ketua KPU")],
        quotes=[QuoteRecord("Siti Aminah", "Kami siap.")],
        outlet="contoh.co.id",
    )
    with pytest.raises(DatabaseError):
        load_article(data, raw_text="w")
    assert not Article.objects.exists()
    assert not Person.objects.filter(name="Siti Aminah").exists()
    assert not Outlet.objects.filter(domain="contoh.co.id").exists()


@pytest.mark.django_db
@pytest.mark.parametrize("whole_tables", [False, True], ids=["one-by-one", "whole-tables"])
def test_the_run_remembers_only_what_committed_transactions_looked_up(
    monkeypatch, django_capture_on_commit_callbacks, whole_tables
):
    lookups = Lookups(whole_tables=whole_tables)
    with django_capture_on_commit_callbacks(execute=True):
        load_article(record(outlet="tetap.co.id"), raw_text="kept", lookups=lookups)
    assert lookups.memo[("outlet", "tetap.co.id")] == Outlet.objects.get(domain="tetap.co.id")

    # The load fails after its lookups made the outlet.
    monkeypatch.setattr(Article, "full_clean", lambda *a, **k: 1 / 0)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ZeroDivisionError):
        load_article(record(outlet="batal.co.id"), raw_text="rolled back", lookups=lookups)
    assert not Outlet.objects.filter(domain="batal.co.id").exists()
    assert ("outlet", "batal.co.id") not in lookups.memo
    assert lookups.staged is None


def archive_state() -> dict:
    """What the loader wrote, by natural keys (no ids or times: sequences differ
    between runs on PostgreSQL)."""
    articles = {
        article.content_hash: (
            article.title,
            article.outlet and article.outlet.domain,
            article.province and article.province.code,
            article.regency and article.regency.code,
            article.district and article.district.code,
            article.personnel_count,
            sorted(article.elections.values_list("slug", flat=True)),
            sorted(article.units.values_list("name", flat=True)),
            sorted(article.operations.values_list("slug", flat=True)),
            list(article.appearances.values_list("person__slug", "rank", "position", "order")),
            list(article.quotes.values_list("speaker__slug", "text", "order")),
            article.history.count(),
        )
        for article in Article.objects.all()
    }
    units = sorted(
        PoliceUnit.objects.values_list(
            "name", "slug", "level", "region__code", "parent__name", "needs_review"
        )
    )
    people = sorted(Person.objects.values_list("slug", "name"))
    return {"articles": articles, "units": units, "people": people}


@pytest.mark.django_db
def test_a_run_reading_whole_tables_loads_what_lookups_one_by_one_load(
    django_capture_on_commit_callbacks,
):
    texts = []
    for path in sorted(DATA.glob("**/*.txt")):
        text = path.read_text(encoding="utf-8")
        try:
            texts.append((parse_article(text, path.name), text))
        except ParseError:
            continue
    states = []
    for whole_tables in (False, True):
        lookups = Lookups(whole_tables=whole_tables)
        with transaction.atomic():
            for record_, text in texts:
                with django_capture_on_commit_callbacks(execute=True):
                    load_article(record_, raw_text=text, lookups=lookups)
            states.append(archive_state())
            transaction.set_rollback(True)
    assert len(states[0]["articles"]) > 50
    assert states[1] == states[0]


# A typical report (a Polres, its chief and an officer, three quotes, a new outlet)
# in a run that has looked up the reference tables: 27 statements today (the
# article, its links and their history, two new people and a unit with their
# history, the search index written from the document in hand, the facet rows, the
# archive's version, savepoints). A regression shows here first.
IMPORT_BUDGET = 27


@pytest.mark.django_db
def test_loading_a_typical_report_in_a_run_stays_within_its_query_budget(
    seed_paths, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    lookups = Lookups(whole_tables=True)
    with django_capture_on_commit_callbacks(execute=True):
        load_seed(seed_paths[0], lookups=lookups)  # the run has read its tables
    with django_assert_max_num_queries(IMPORT_BUDGET):
        _, outcome = load_seed(seed_paths[3], lookups=lookups)  # Polres Jember
    assert outcome is Outcome.CREATED


@pytest.mark.django_db
def test_reimporting_an_unchanged_report_stays_within_its_query_budget(
    seed_paths, django_assert_max_num_queries
):
    load_seed(seed_paths[3])
    with django_assert_max_num_queries(15):
        _, outcome = load_seed(seed_paths[3])
    assert outcome is Outcome.UNCHANGED


@pytest.mark.django_db
@pytest.mark.parametrize("whole_tables", [False, True], ids=["one-by-one", "whole-tables"])
def test_a_unit_named_by_an_editors_alias_is_that_unit(whole_tables):
    unit = PoliceUnit.objects.create(
        name="Polres Contoh Raya", slug="polres-contoh-raya", level=PoliceUnit.Level.POLRES
    )
    unit.aliases.create(name="Polres Cora")
    article, _ = load_article(
        record(police_units=["Polres Cora"]),
        raw_text="alias",
        lookups=Lookups(whole_tables=whole_tables),
    )
    assert list(article.units.all()) == [unit]


@pytest.mark.django_db
def test_a_run_that_missed_another_runs_new_rows_loads_the_file_all_the_same(
    seed_paths, django_capture_on_commit_callbacks
):
    # This run reads the people and units tables whole with its first file, and
    # remembers them once that file commits...
    lookups = Lookups(whole_tables=True)
    with django_capture_on_commit_callbacks(execute=True):
        load_seed(seed_paths[0], lookups=lookups)
    # ...then another import commits the Jember report, with its new people...
    load_seed(seed_paths[3])
    # ...and this run meets the same people in another report of its own.
    text = seed_paths[3].read_text(encoding="utf-8") + "\nPengamanan berlanjut.\n"
    article, outcome = load_article(
        parse_article(text, "jember-2.txt"), raw_text=text, source="jember-2.txt", lookups=lookups
    )
    assert outcome is Outcome.CREATED
    assert Person.objects.filter(name="Toha").count() == 1
    assert article.appearances.filter(person__name="Toha").exists()


@pytest.mark.django_db
def test_only_a_natural_key_taken_first_counts_as_a_lost_race():
    Person.objects.create(slug="sama", name="Sama")
    with pytest.raises(IntegrityError) as taken, transaction.atomic():
        Person.objects.create(slug="sama", name="Sama Lagi")
    assert lost_a_race(taken.value)
    province = Region.objects.get(code="35")
    with pytest.raises(IntegrityError) as refused, transaction.atomic():
        Region.objects.create(code="99.1", name="X", level="regency", parent=province)
    assert not lost_a_race(refused.value)


@pytest.mark.django_db
def test_an_outlet_or_person_whose_name_gives_no_slug_is_left_out():
    """A name of symbols only ("\x7f", "—") would make a page with an empty slug,
    which no URL can reach: every list naming it would fail."""
    record = ArticleRecord(
        file="x.txt",
        title="Polres Jember amankan TPS",
        body="Personel Polres Jember mengamankan TPS.",
        outlet="\x7f—",
        people=[PersonRecord(name="—", rank="AKBP"), PersonRecord(name="Budi", rank="Kompol")],
        quotes=[QuoteRecord(speaker="—", text="Aman terkendali.")],
    )
    article, _ = load_article(record, raw_text="x")
    assert article.outlet is None
    assert [a.person.name for a in article.appearances.all()] == ["Budi"]
    assert not Outlet.objects.filter(slug="").exists()
    assert not Person.objects.filter(slug="").exists()


@pytest.mark.django_db
def test_a_raw_text_with_a_lone_surrogate_is_hashed_and_stored_clean():
    record = ArticleRecord(file="x.txt", title="Judul", body="Isi berita.")
    article, _ = load_article(record, raw_text="Judul\ud800\n\nIsi berita.")
    article.refresh_from_db()
    assert article.raw_text == "Judul\n\nIsi berita."


@pytest.mark.django_db
def test_a_quote_that_cleans_to_nothing_is_left_out_not_an_error():
    record = ArticleRecord(
        file="x.txt",
        title="Judul",
        body="Isi berita.",
        quotes=[QuoteRecord(speaker=None, text="\ud800\x0b"), QuoteRecord(None, "Aman.")],
    )
    article, _ = load_article(record, raw_text="quotes")
    assert [q.text for q in article.quotes.all()] == ["Aman."]


def index_rows() -> dict:
    """The search index as stored: FTS5's rows on SQLite, the tsvectors on PostgreSQL."""
    with connection.cursor() as cursor:
        if search.is_postgres():
            cursor.execute(f"SELECT article_id, document::text FROM {search.PG_TABLE}")
        else:
            cursor.execute(f"SELECT rowid, title, names, body FROM {search.FTS_TABLE}")
        return {row[0]: row[1:] for row in cursor.fetchall()}


@pytest.mark.django_db
def test_the_index_written_from_the_loaders_documents_is_the_one_read_back(
    django_capture_on_commit_callbacks,
):
    # Every parseable text of the test data (units, people, quotes, regions of every
    # kind), loaded as a run does: the index the loader writes from what it holds is
    # the one `reindex` writes from the database.
    lookups = Lookups(whole_tables=True)
    for path in sorted(DATA.glob("**/*.txt")):
        text = path.read_text(encoding="utf-8")
        try:
            parsed = parse_article(text, path.name)
        except ParseError:
            continue
        with django_capture_on_commit_callbacks(execute=True):
            load_article(parsed, raw_text=text, source=path.name, lookups=lookups)
    written = index_rows()
    assert len(written) > 50
    search.reindex(Article.objects.values_list("pk", flat=True))
    assert index_rows() == written
