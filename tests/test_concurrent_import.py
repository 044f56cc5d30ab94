"""Imports that run at the same time (two editors, a cron job and an editor) report
only real failures: a file the other run saved first is `unchanged` here, and the
entities both runs meet (people, units, outlets, operations) exist once."""

import shutil
import threading
from collections import Counter

import pytest
from django.db import connection, connections

from reports.importer import pipeline
from reports.importer.pipeline import import_files
from reports.models import Article, Operation, Outlet, Person, PoliceUnit
from tests.conftest import DATA, SEED_DIR

# Reports that share units, people, outlets and operations with each other: the two
# runs race for the same new rows all the time.
FILES = sorted((DATA / "blind3").glob("*.txt")) + sorted(SEED_DIR.glob("*.txt"))


def run_at_once(orders: list[list]) -> list[list]:
    """Run `import_files` over each list of paths, each in a thread of its own (its own
    database connection), all starting together; their results, in the same order."""
    start = threading.Barrier(len(orders))
    results: list = [None] * len(orders)
    failures: list = []

    def run(index, paths):
        try:
            start.wait()
            results[index] = list(import_files(paths))
        except BaseException as error:  # reported below, not lost in the thread
            failures.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, paths)) for i, paths in enumerate(orders)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert not failures, failures
    return results


@pytest.fixture
def files(tmp_path):
    for path in FILES:
        shutil.copy(path, tmp_path / path.name)
    return sorted(tmp_path.glob("*.txt"))


@pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason="SQLite takes one writer at a time (BEGIN IMMEDIATE): no race to lose",
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("second_order", ["same", "reversed"])
@pytest.mark.parametrize("group", [5, pipeline.GROUP_FILES], ids=["groups-of-5", "one-group"])
def test_two_imports_of_the_same_files_at_once_report_no_false_failure(
    files, second_order, group, monkeypatch
):
    # Each run holds the locks of a group of files until it commits them: a race lost
    # in the middle of a group must not deadlock or fail the file.
    monkeypatch.setattr(pipeline, "GROUP_FILES", group)
    second = files if second_order == "same" else files[::-1]
    first_run, second_run = run_at_once([files, second])

    errors = [f"{r.name}: {r.error}" for run in (first_run, second_run) for r in run if r.error]
    assert errors == []
    # Every file saved once: created by one run, unchanged (or created) in the other.
    outcomes = Counter(r.outcome.value for run in (first_run, second_run) for r in run)
    assert outcomes["created"] == len(files)
    assert Article.objects.count() == len(files)
    # Nothing both runs made exists twice.
    for model, field in [
        (Person, "name"),
        (PoliceUnit, "name"),
        (Outlet, "name"),
        (Operation, "name"),
    ]:
        names = Counter(model.objects.values_list(field, flat=True))
        assert [name for name, n in names.items() if n > 1] == [], model.__name__
