"""Backups (`make backup`, `make restore`, .ci/ops/backup.py): a backup restored into
an empty database holds every row of every table, the same.

The archive is built in a database of its own (migrations, the seed fixture,
generated articles, imported raw files with their history rows, a user), backed
up by the script, restored by the script into a second, empty database, and the
two are compared table by table, row by row: the app's tables, auth, sessions,
the history tables, the search index (SQLite's FTS5 tables, PostgreSQL's
reports_search table) and the sequences.

SQLite always; PostgreSQL too when DATABASE_URL names one (`make test-postgres`):
the test creates and drops two databases of its own on that server.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / ".ci" / "ops" / "backup.py"
RAW_FILES = sorted((ROOT / "tests" / "data" / "blind3").glob("*.txt"))[:4]

BUILD = f"""
from django.contrib.auth.models import Group, User
from django.core.management import call_command

call_command("migrate", "--no-input", verbosity=0)
call_command("loaddata", "fixtures/seeds.json", verbosity=0)
call_command("generate_corpus", articles=40, seed=11, verbosity=0)
# Imported through the ORM: history rows, quotes, appearances, new people/units.
call_command("import_articles", *{[str(p) for p in RAW_FILES]!r}, verbosity=0)
user = User.objects.create_user("redaktur", "r@example.org", "a-long-passphrase-2024")
user.is_staff = True
user.save()
user.groups.set([Group.objects.get(name="Editor")])
"""

POSTGRES_URL = os.environ.get("DATABASE_URL", "")
IS_POSTGRES = POSTGRES_URL.startswith(("postgres://", "postgresql://"))


def run(args: list[str], database_url: str, check: bool = True) -> subprocess.CompletedProcess:
    env = os.environ | {"DATABASE_URL": database_url, "DJANGO_DEBUG": "1"}
    result = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True)
    if check and result.returncode != 0:
        raise AssertionError(
            f"{args} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}"
        )
    return result


def build_archive(database_url: str) -> None:
    run([sys.executable, "manage.py", "shell", "--no-imports", "-c", BUILD], database_url)


# --- Reading every row ------------------------------------------------------------------


def sqlite_dump(path: Path) -> dict[str, list]:
    conn = sqlite3.connect(path)
    try:
        names = [
            name
            for (name,) in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
            )
        ]
        tables = {}
        for name in names:
            cursor = conn.execute(f'SELECT * FROM "{name}"')
            columns = tuple(d[0] for d in cursor.description)
            tables[name] = [columns, sorted(cursor.fetchall(), key=repr)]
        schema = sorted(conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master"))
        tables["(schema)"] = [("type", "name", "tbl_name", "sql"), schema]
        return tables
    finally:
        conn.close()


def postgres_dump(url: str) -> dict[str, list]:
    import psycopg

    with psycopg.connect(url) as conn, conn.cursor() as cursor:
        cursor.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
        )
        names = [name for (name,) in cursor.fetchall()]
        tables = {}
        for name in names:
            cursor.execute(f'SELECT * FROM public."{name}"')
            columns = tuple(d.name for d in cursor.description)
            tables[name] = [columns, sorted(cursor.fetchall(), key=repr)]
        cursor.execute(
            "SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = 'public' "
            "ORDER BY sequencename"
        )
        tables["(sequences)"] = [("sequence", "last_value"), cursor.fetchall()]
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' "
            "ORDER BY indexname"
        )
        tables["(indexes)"] = [("index", "definition"), cursor.fetchall()]
        return tables


def assert_same(source: dict[str, list], restored: dict[str, list]) -> None:
    assert sorted(restored) == sorted(source), "the restored database has other tables"
    for name, (columns, rows) in source.items():
        restored_columns, restored_rows = restored[name]
        assert restored_columns == columns, f"{name}: other columns"
        assert len(restored_rows) == len(rows), (
            f"{name}: {len(restored_rows)} rows, not {len(rows)}"
        )
        assert restored_rows == rows, f"{name}: rows differ"


def assert_archive_built(tables: dict[str, list]) -> None:
    """The source holds what the comparison must cover, so that it proves something."""
    rows = {name: len(content[1]) for name, content in tables.items()}
    assert rows["reports_article"] >= 45
    for name in (
        "reports_historicalarticle",
        "reports_quote",
        "reports_appearance",
        "reports_region",
        "auth_user",
        "auth_user_groups",
        "auth_group_permissions",
        "django_migrations",
    ):
        assert rows[name] > 0, f"{name} is empty in the source: the test would prove nothing"


# --- The databases under test ------------------------------------------------------------


class SQLiteDatabases:
    def __init__(self, folder: Path):
        self.folder = folder

    def url(self, name: str) -> str:
        return f"sqlite:///{self.folder / name}.sqlite3"

    def dump(self, name: str) -> dict[str, list]:
        return sqlite_dump(self.folder / f"{name}.sqlite3")

    def create(self, name: str) -> None:
        pass  # a missing file is an empty database

    def drop_all(self) -> None:
        pass


class PostgresDatabases:
    def __init__(self, server_url: str):
        self.server = urlsplit(server_url)
        self.prefix = f"polsec_backup_{uuid.uuid4().hex[:8]}_"
        self.created: list[str] = []

    def url(self, name: str) -> str:
        return urlunsplit(self.server._replace(path="/" + self.prefix + name))

    def dump(self, name: str) -> dict[str, list]:
        return postgres_dump(self.url(name))

    def _admin(self, sql: str) -> None:
        import psycopg

        with psycopg.connect(urlunsplit(self.server), autocommit=True) as conn:
            conn.execute(sql)

    def create(self, name: str) -> None:
        self._admin(f'CREATE DATABASE "{self.prefix + name}"')
        self.created.append(self.prefix + name)

    def drop_all(self) -> None:
        for database in self.created:
            self._admin(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


@pytest.fixture(
    params=[
        "sqlite",
        pytest.param(
            "postgresql",
            marks=[
                pytest.mark.postgres,
                pytest.mark.skipif(not IS_POSTGRES, reason="DATABASE_URL is not PostgreSQL"),
            ],
        ),
    ]
)
def databases(request, tmp_path):
    dbs = (
        SQLiteDatabases(tmp_path) if request.param == "sqlite" else PostgresDatabases(POSTGRES_URL)
    )
    yield dbs
    dbs.drop_all()


def test_backup_restores_every_row_into_an_empty_database(databases, tmp_path):
    databases.create("source")
    build_archive(databases.url("source"))
    source = databases.dump("source")
    assert_archive_built(source)

    folder = tmp_path / "backups"
    run([sys.executable, str(SCRIPT), "backup", "--dir", str(folder)], databases.url("source"))
    [backup] = [p for p in folder.iterdir() if not p.name.endswith(".json")]
    manifest = json.loads(Path(f"{backup}.json").read_text())
    assert manifest["tables"]["reports_article"] == len(source["reports_article"][1])

    databases.create("restored")
    restored_url = databases.url("restored")
    result = run([sys.executable, str(SCRIPT), "restore", str(backup)], restored_url)
    assert "migrate --check" in result.stdout
    assert_same(source, databases.dump("restored"))

    # A database with tables in it is refused, and FORCE replaces it entirely.
    refused = run([sys.executable, str(SCRIPT), "restore", str(backup)], restored_url, check=False)
    assert refused.returncode == 2, refused.stderr
    assert "not empty" in refused.stderr
    run([sys.executable, str(SCRIPT), "restore", "--force", str(backup)], restored_url)
    assert_same(source, databases.dump("restored"))

    # The restored archive works: it serves, and new rows get new ids.
    check = run(
        [
            sys.executable,
            "manage.py",
            "shell",
            "--no-imports",
            "-c",
            "from reports.models import Outlet; o = Outlet.objects.create(name='Baru', "
            "domain='baru.example'); print(o.pk, Outlet.objects.count())",
        ],
        restored_url,
    )
    new_pk, count = map(int, check.stdout.split())
    assert count == len(source["reports_outlet"][1]) + 1
    assert new_pk > max(row[0] for row in source["reports_outlet"][1])
