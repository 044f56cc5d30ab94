"""`import_articles`: the command editors and other tools rely on."""

import json
import subprocess
import sys
from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connections, transaction
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reports.importer import load, pipeline
from reports.importer.load import Outcome, content_hash
from reports.models import Article, Outlet, Person, PoliceUnit, Quote
from tests.conftest import DATA, ROOT
from tests.contract import assert_matches_contract
from tests.test_load import archive_state


def run(*args) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("import_articles", *map(str, args), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def row_counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (Article, Outlet, Person, PoliceUnit, Quote)
    }


@pytest.mark.django_db
def test_dry_run_json_on_the_seeds_equals_the_expected_records(seed_paths):
    out, _ = run("--dry-run", "--format=json", *seed_paths)
    expected = json.loads((DATA / "seeds_expected.json").read_text(encoding="utf-8"))
    actual = json.loads(out)
    assert [record["file"] for record in actual] == [path.name for path in seed_paths]
    for got, want in zip(actual, expected, strict=True):
        assert_matches_contract(got, want)


@pytest.mark.django_db
def test_dry_run_writes_nothing(seed_paths):
    before = row_counts()
    run("--dry-run", "--format=json", *seed_paths)
    assert row_counts() == before


@pytest.mark.django_db
def test_import_creates_the_seeds_and_a_second_import_creates_nothing(seed_paths):
    out, _ = run(*seed_paths)
    assert out.strip().endswith("5 created, 0 updated, 0 unchanged")
    after_first = row_counts()

    out, _ = run(*seed_paths)
    assert out.strip().endswith("0 created, 0 updated, 5 unchanged")
    assert row_counts() == after_first


@pytest.mark.django_db
def test_importing_a_directory_reports_progress_per_file(seed_paths):
    _, err = run(seed_paths[0].parent)
    lines = [line for line in err.splitlines() if line.startswith("[")]
    assert lines[0].startswith(f"[1/{len(seed_paths)}] {seed_paths[0].name}: created")
    assert len(lines) == len(seed_paths)


def bad_inputs(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.txt").write_text("  \n\n \t\n", encoding="utf-8")
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 40)
    (tmp_path / "latin1.txt").write_bytes(
        "Polres Malang siagakan personel di Kantor KPU, kata Kapolres.\n".encode("utf-16")
    )
    (tmp_path / "cp1252.txt").write_bytes(
        "Pengamanan \u201cPilkada\u201d di Malang\n\nIsi berita.".encode("cp1252")
    )
    (tmp_path / "huge.txt").write_bytes(b"Judul\n\n" + b"kata " * (2 * 1024 * 1024))
    (tmp_path / "no-headline.txt").write_text("0\n12\n\n- \n\n***\n", encoding="utf-8")
    return {
        "empty.txt": "empty",
        "blank.txt": "empty",
        "binary.txt": "binary",
        "latin1.txt": "binary",
        "cp1252.txt": "not UTF-8",
        "huge.txt": "MB",
        "no-headline.txt": "headline",
        "missing.txt": "no such file",
    }


@pytest.mark.django_db
def test_each_bad_input_gives_one_line_naming_the_file_and_the_reason(tmp_path):
    reasons = bad_inputs(tmp_path)
    for name, reason in reasons.items():
        before = row_counts()
        err = StringIO()
        with pytest.raises(CommandError, match="1 of 1 files could not be imported"):
            call_command("import_articles", str(tmp_path / name), stdout=StringIO(), stderr=err)
        error_lines = err.getvalue().strip().splitlines()
        assert len(error_lines) == 1, (name, error_lines)
        assert error_lines[0].startswith(f"error: {name}: "), error_lines
        assert reason in error_lines[0], error_lines
        assert row_counts() == before


@pytest.mark.django_db
def test_bad_files_in_json_mode_get_an_error_object_in_their_place(tmp_path, seed_paths):
    bad_inputs(tmp_path)
    out = StringIO()
    with pytest.raises(CommandError):
        call_command(
            "import_articles",
            "--dry-run",
            "--format=json",
            str(seed_paths[0]),
            str(tmp_path / "empty.txt"),
            str(seed_paths[1]),
            stdout=out,
            stderr=StringIO(),
        )
    records = json.loads(out.getvalue())
    assert [r["file"] for r in records] == [seed_paths[0].name, "empty.txt", seed_paths[1].name]
    assert set(records[1]) == {"file", "error"}
    assert "empty" in records[1]["error"]
    assert "title" in records[0] and "title" in records[2]


@pytest.mark.django_db
def test_a_bad_file_does_not_stop_the_good_ones(tmp_path, seed_paths):
    bad_inputs(tmp_path)
    with pytest.raises(CommandError, match="1 of 3 files"):
        run(seed_paths[0], tmp_path / "binary.txt", seed_paths[1])
    assert Article.objects.count() == 2


def test_the_real_command_exits_non_zero_on_bad_input(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    process = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "import_articles",
            "--dry-run",
            "--format=json",
            str(tmp_path / "empty.txt"),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert process.returncode != 0
    assert json.loads(process.stdout) == [{"file": "empty.txt", "error": "the file is empty"}]
    assert "error: empty.txt: the file is empty" in process.stderr


TUMPANG = """# Polsek Tumpang Amankan Gudang Logistik KPU Jelang Pemilu 2024

**Rina Wulandari - WARTACONTOH.CO.ID**

Jan 5, 2024 - 10:00

MALANG - Polsek Tumpang Polres Malang mengamankan gudang logistik Komisi Pemilihan \
Umum (KPU) di Kecamatan Tumpang, Kabupaten Malang, menjelang pemungutan suara Pemilu 2024.

Kapolsek Tumpang, AKP Bambang Sutejo, mengatakan sebanyak 12 personel disiagakan \
bergantian siang dan malam di gudang tersebut.

"Kami siap mengamankan logistik sampai hari pemungutan suara. Warga tidak perlu \
khawatir," kata AKP Bambang Sutejo, Jumat (5/1/2024).

{closing}
"""


@pytest.mark.django_db
@pytest.mark.parametrize("whole_tables", [False, True], ids=["one-by-one", "whole-tables"])
def test_a_file_that_rolls_back_leaves_nothing_for_the_next_file_of_the_run(
    tmp_path, monkeypatch, whole_tables
):
    # Two reports naming the same new outlet, Polsek and Kapolsek. The first fails
    # while saving, after its transaction has created all three; the second must get
    # them afresh, not the rolled-back rows the run looked up for the first.
    first, second = tmp_path / "1-first.txt", tmp_path / "2-second.txt"
    first.write_text(TUMPANG.format(closing="Patroli juga ditingkatkan."), encoding="utf-8")
    second.write_text(TUMPANG.format(closing="Gudang dijaga sampai 14 Februari."), encoding="utf-8")
    assert not Outlet.objects.filter(domain="wartacontoh.co.id").exists()
    assert not PoliceUnit.objects.filter(name="Polsek Tumpang").exists()
    assert not Person.objects.filter(name="Bambang Sutejo").exists()

    bulk_create = Quote.objects.bulk_create

    def fail_the_first_file(quotes, *args, **kwargs):
        quotes = list(quotes)
        if any("Patroli juga" in quote.article.raw_text for quote in quotes):
            raise DatabaseError("disk full")
        return bulk_create(quotes, *args, **kwargs)

    monkeypatch.setattr(Quote.objects, "bulk_create", fail_the_first_file)
    # A large run reads the units and people whole; here from two files on.
    monkeypatch.setattr(pipeline, "WHOLE_TABLES_FROM", 2 if whole_tables else 10**9)
    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError, match="1 of 2 files could not be imported"):
        call_command("import_articles", str(tmp_path), stdout=out, stderr=err)

    errors = [line for line in err.getvalue().splitlines() if line.startswith("error:")]
    assert errors == ["error: 1-first.txt: could not be saved (disk full)"]
    assert "1 created, 0 updated, 0 unchanged" in out.getvalue()
    article = Article.objects.get()
    assert article.content_hash == content_hash(second.read_text(encoding="utf-8"))
    assert article.outlet == Outlet.objects.get(domain="wartacontoh.co.id")
    assert PoliceUnit.objects.get(name="Polsek Tumpang") in article.units.all()
    assert article.appearances.get().person == Person.objects.get(name="Bambang Sutejo")
    assert article.quotes.get().speaker.name == "Bambang Sutejo"

    # The run's result is the one of importing the second file alone, and the first
    # file, imported again, now goes in beside it with the same rows.
    monkeypatch.undo()
    out, _ = run(first)
    assert out.strip().endswith("1 created, 0 updated, 0 unchanged")
    assert Outlet.objects.filter(domain="wartacontoh.co.id").count() == 1
    assert PoliceUnit.objects.filter(name="Polsek Tumpang").count() == 1
    assert Person.objects.filter(name="Bambang Sutejo").count() == 1


# --- A run's transactions ------------------------------------------------------------

# Twelve reports that share units, people, outlets and operations with each other.
RUN = sorted((DATA / "blind3").glob("*.txt"))[:12]


def summary(results) -> list[tuple]:
    return [(r.name, r.error, r.outcome and r.outcome.value) for r in results]


@pytest.fixture
def commits(monkeypatch) -> list[int]:
    """Each commit of the default connection, as it happens."""
    connection, made = connections["default"], []
    commit = connection.commit

    def counted():
        made.append(1)
        commit()

    monkeypatch.setattr(connection, "commit", counted)
    return made


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_run_commits_a_group_of_files_at_a_time_and_reports_each_after_its_commit(
    monkeypatch, commits
):
    monkeypatch.setattr(pipeline, "GROUP_FILES", 5)
    reported = []

    def progress(index, total, result):
        reported.append((index, len(commits), connections["default"].in_atomic_block))

    with CaptureQueriesContext(connections["default"]) as queries:
        results = list(pipeline.import_files(RUN, progress=progress))

    assert [r.outcome for r in results] == [Outcome.CREATED] * 12
    assert len(commits) == 3  # 5 files, 5, 2
    # A file is reported once the transaction that saved it has committed, not before.
    assert [made for _, made, _ in reported] == [1] * 5 + [2] * 5 + [3] * 2
    assert not any(in_block for *_, in_block in reported)
    # The facet rows of a group are refreshed at once, in its transaction.
    refreshes = [
        q for q in queries.captured_queries if "DELETE FROM reports_articlefacet" in q["sql"]
    ]
    assert len(refreshes) == 3


@pytest.mark.django_db
def test_a_group_writes_its_links_people_and_quotes_a_table_at_a_time(monkeypatch):
    monkeypatch.setattr(pipeline, "GROUP_FILES", 5)
    with CaptureQueriesContext(connections["default"]) as queries:
        list(pipeline.import_files(RUN[:5]))
    inserts = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("INSERT")]
    for table in ("reports_quote", "reports_appearance", "reports_article_units"):
        assert sum(f'INSERT INTO "{table}"' in sql for sql in inserts) == 1, table
    assert Article.objects.count() == 5


@pytest.mark.django_db
def test_the_same_text_twice_in_one_group_is_the_article_imported_once(
    tmp_path, django_capture_on_commit_callbacks
):
    text = RUN[0].read_text(encoding="utf-8")
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text(text, encoding="utf-8")

    def run_of(paths):
        with transaction.atomic(), django_capture_on_commit_callbacks(execute=True):
            outcomes = [result.outcome for result in pipeline.import_files(paths)]
            state = archive_state()
            transaction.set_rollback(True)
        return outcomes, state

    outcomes, twice = run_of([tmp_path / "a.txt", tmp_path / "b.txt"])
    assert outcomes == [Outcome.CREATED, Outcome.UNCHANGED]
    assert twice == run_of([tmp_path / "a.txt"])[1]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_race_lost_in_a_group_commits_the_files_before_it_and_loads_the_file_again(
    monkeypatch, commits
):
    # The third file's first attempt meets a row another run has just committed.
    monkeypatch.setattr(pipeline, "GROUP_FILES", 5)
    monkeypatch.setattr(load, "lost_a_race", lambda error: "taken first" in str(error))
    new_links, attempts = load._new_links, []

    def lose_once(article, resolved):
        attempts.append(article.source)
        if article.source == RUN[2].name and attempts.count(RUN[2].name) == 1:
            raise load.IntegrityError("taken first")
        return new_links(article, resolved)

    monkeypatch.setattr(load, "_new_links", lose_once)
    results = list(pipeline.import_files(RUN))

    assert summary(results) == [(path.name, None, "created") for path in RUN]
    assert attempts.count(RUN[2].name) == 2
    # The first two files (the other run may be waiting for their locks), the third
    # alone, the rest of its group, then the next two groups.
    assert len(commits) == 5
    assert Article.objects.count() == 12


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_group_whose_commit_fails_is_imported_again_file_by_file(monkeypatch, commits):
    monkeypatch.setattr(pipeline, "GROUP_FILES", 5)
    connection = connections["default"]
    commit = connection.commit

    failed = []

    def fail_the_first(*args):
        if not failed:
            failed.append(1)
            raise DatabaseError("disk I/O error")
        commit()

    monkeypatch.setattr(connection, "commit", fail_the_first)
    results = list(pipeline.import_files(RUN))

    assert summary(results) == [(path.name, None, "created") for path in RUN]
    assert len(commits) == 5 + 2  # the first group's files alone, then two groups
    assert Article.objects.count() == 12


@pytest.mark.django_db
@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(group=st.integers(1, 13), failing=st.sets(st.sampled_from([p.name for p in RUN])))
def test_a_run_in_groups_saves_and_reports_what_importing_file_by_file_does(
    monkeypatch, django_capture_on_commit_callbacks, group, failing
):
    # Some files fail after writing everything (their history last); the others must
    # be imported, and reported, as if the failing files had never been in the run.
    record_histories = load._record_histories

    def fail(loaded):
        if any(article.source in failing for article, _ in loaded):
            raise DatabaseError("disk full")
        record_histories(loaded)

    def run_of(paths, files_a_group):
        with (
            monkeypatch.context() as patch,
            transaction.atomic(),
            django_capture_on_commit_callbacks(execute=True),
        ):
            patch.setattr(pipeline, "GROUP_FILES", files_a_group)
            patch.setattr(load, "_record_histories", fail)
            results = summary(pipeline.import_files(paths))
            state = archive_state()
            transaction.set_rollback(True)
        return results, state

    results, state = run_of(RUN, group)
    alone, alone_state = run_of([p for p in RUN if p.name not in failing], 1)

    assert [r for r in results if r[0] in failing] == [
        (name, "could not be saved (disk full)", None) for name in sorted(failing)
    ]
    assert [r for r in results if r[0] not in failing] == alone
    assert state == alone_state


@pytest.mark.django_db
def test_a_large_run_parses_in_a_worker_process_what_it_would_parse_here(tmp_path, monkeypatch):
    (tmp_path / "empty.txt").write_bytes(b"")
    paths = [*sorted(DATA.glob("**/*.txt")), tmp_path / "empty.txt", tmp_path / "missing.txt"]
    pools = []

    class Pool(pipeline.ProcessPoolExecutor):
        def __init__(self, *args, **kwargs):
            pools.append(self)
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(pipeline, "ProcessPoolExecutor", Pool)
    monkeypatch.setattr(pipeline, "PARSE_AHEAD_FROM", 10**9)
    here = [r.as_contract() for r in pipeline.import_files(paths, dry_run=True)]
    assert pools == []

    monkeypatch.setattr(pipeline, "PARSE_AHEAD_FROM", 1)
    monkeypatch.setattr(pipeline, "PARSE_AHEAD", 30)  # a few chunks ahead, not all
    ahead = [r.as_contract() for r in pipeline.import_files(paths, dry_run=True)]
    assert len(pools) == 1
    assert ahead == here
    assert ahead[-2:] == [
        {"file": "empty.txt", "error": "the file is empty"},
        {"file": "missing.txt", "error": "no such file"},
    ]

    # Should the worker die (killed, out of memory), the run parses here, losing nothing.
    class Dead(Pool):
        def submit(self, *args, **kwargs):
            future = Future()
            future.set_exception(BrokenProcessPool("killed"))
            return future

    monkeypatch.setattr(pipeline, "ProcessPoolExecutor", Dead)
    assert [r.as_contract() for r in pipeline.import_files(paths, dry_run=True)] == here
