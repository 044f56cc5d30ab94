"""Backups of the configured database, and restoring one (`make backup`, `make restore`).

    python .ci/ops/backup.py backup [--dir backups]
    python .ci/ops/backup.py restore FILE [--force]
    python .ci/ops/backup.py counts            # rows per table, as JSON

The database is the one the site uses (DATABASE_URL, read through polsec_site.settings).

- SQLite: an online, consistent copy through SQLite's backup API (the site may keep
  serving and importing meanwhile), checked with `PRAGMA integrity_check`;
  `backups/polsec-sqlite-<name>-<UTC time>.sqlite3`.
- PostgreSQL: `pg_dump -Fc` (one snapshot of the whole database);
  `backups/polsec-postgresql-<name>-<UTC time>.pgdump`. The rows per table are
  counted inside the very snapshot pg_dump dumps (an exported snapshot).

Beside each backup, `<backup>.json`: engine, time, size, SHA-256, the migrations
applied and the rows per table. `restore` checks the SHA-256 first and the rows
per table after.

`restore` writes into the configured database only when it is empty (no tables),
unless --force, which first removes every table there. After a restore it runs
ANALYZE (PostgreSQL keeps no statistics in a dump), checks that the restored
schema is the code's (`manage.py migrate --check`; exit 3 if migrations are
missing: run `manage.py migrate`) and clears the cache. Restart the site after a
restore: the page cache of each gunicorn worker is in its own memory.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "polsec_site.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402

SUFFIX = {"sqlite": ".sqlite3", "postgresql": ".pgdump"}
EXIT_REFUSED = 2
EXIT_MIGRATIONS = 3


class Failure(Exception):
    def __init__(self, message: str, code: int = 1):
        super().__init__(message)
        self.code = code


def say(message: str) -> None:
    print(message, flush=True)


# --- The configured database ---------------------------------------------------------


def engine() -> str:
    vendor = connection.vendor
    if vendor not in SUFFIX:
        raise Failure(f"backups support SQLite and PostgreSQL, not {vendor}")
    return vendor


def db_settings() -> dict:
    return settings.DATABASES["default"]


def sqlite_path() -> Path:
    return Path(db_settings()["NAME"])


def pg_bin(tool: str) -> str:
    """pg_dump/pg_restore: $PG_BIN, else the newest /usr/lib/postgresql/*/bin, else PATH."""
    candidates = []
    if os.environ.get("PG_BIN"):
        candidates.append(Path(os.environ["PG_BIN"]) / tool)
    versions = sorted(
        Path("/usr/lib/postgresql").glob("*/bin"),
        key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0,
    )
    candidates += [folder / tool for folder in reversed(versions)]
    for candidate in candidates:
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return str(candidate)
    found = shutil.which(tool)
    if not found:
        raise Failure(
            f"{tool} not found: install PostgreSQL's client (apt-get install postgresql-client)"
        )
    return found


def pg_args_env() -> tuple[list[str], dict]:
    """Connection arguments for pg_dump/pg_restore, and PGPASSWORD in the environment."""
    db = db_settings()
    args = []
    if db.get("HOST"):
        args += ["-h", str(db["HOST"])]
    if db.get("PORT"):
        args += ["-p", str(db["PORT"])]
    if db.get("USER"):
        args += ["-U", str(db["USER"])]
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    sslmode = (db.get("OPTIONS") or {}).get("sslmode")
    if sslmode:
        env["PGSSLMODE"] = sslmode
    return args, env


def describe_target() -> str:
    db = db_settings()
    if engine() == "sqlite":
        return f"SQLite {db['NAME']}"
    where = f"{db.get('HOST') or 'local'}:{db.get('PORT') or 5432}"
    return f"PostgreSQL {db.get('USER') or ''}@{where}/{db['NAME']}"


# --- Tables and rows -------------------------------------------------------------------


def sqlite_tables(conn: sqlite3.Connection) -> list[str]:
    rows = conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "ORDER BY name"
    ).fetchall()
    return [name for (name,) in rows]


def sqlite_counts(path: Path) -> dict[str, int]:
    conn = sqlite3.connect(path)
    try:
        return {
            t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0]
            for t in sqlite_tables(conn)
        }
    finally:
        conn.close()


def pg_tables(cursor) -> list[str]:
    cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
    return [name for (name,) in cursor.fetchall()]


def pg_counts(cursor) -> dict[str, int]:
    counts = {}
    for table in pg_tables(cursor):
        cursor.execute(f'SELECT count(*) FROM public."{table}"')
        counts[table] = cursor.fetchone()[0]
    return counts


def current_counts() -> dict[str, int]:
    if engine() == "sqlite":
        return sqlite_counts(sqlite_path()) if sqlite_path().exists() else {}
    with connection.cursor() as cursor:
        return pg_counts(cursor)


def applied_migrations() -> dict[str, str]:
    """The last applied migration of each app (empty before `migrate`)."""
    if "django_migrations" not in connection.introspection.table_names():
        return {}
    with connection.cursor() as cursor:
        cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
        last: dict[str, str] = {}
        for app, name in cursor.fetchall():
            last[app] = name
    return last


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


# --- Backup ----------------------------------------------------------------------------


def backup_name(folder: Path, kind: str) -> Path:
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    name = Path(str(db_settings()["NAME"])).stem or "db"
    base = f"polsec-{kind}-{name}-{stamp}"
    path = folder / f"{base}{SUFFIX[kind]}"
    n = 2
    while path.exists():
        path = folder / f"{base}-{n}{SUFFIX[kind]}"
        n += 1
    return path


def copy_sqlite(src, dst, journal_mode: str, what: str) -> None:
    """Copy one SQLite database into another with the backup API, set the copy's
    journal mode, check its integrity, and close both connections."""
    try:
        src.backup(dst)
        dst.execute(f"PRAGMA journal_mode={journal_mode}").fetchone()
        check = dst.execute("PRAGMA integrity_check").fetchone()[0]
        if check != "ok":
            raise Failure(f"{what} fails PRAGMA integrity_check: {check}")
    finally:
        dst.close()
        src.close()


def backup_sqlite(target: Path) -> dict[str, int]:
    source = sqlite_path()
    if not source.exists():
        raise Failure(f"no database at {source}")
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    # Page by page, under SQLite's own locking: a consistent copy while the site
    # reads and writes (WAL); one self-contained file, no -wal beside it.
    copy_sqlite(
        sqlite3.connect(source, timeout=30),
        sqlite3.connect(partial),
        journal_mode="DELETE",
        what="the copy",
    )
    counts = sqlite_counts(partial)
    partial.replace(target)
    return counts


def backup_postgresql(target: Path) -> dict[str, int]:
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    args, env = pg_args_env()
    # Export a snapshot, count the rows in it and have pg_dump dump exactly that.
    connection.ensure_connection()
    connection.set_autocommit(False)
    try:
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            counts = pg_counts(cursor)
            dump = [pg_bin("pg_dump"), "-Fc", "--snapshot", snapshot, "-f", str(partial)]
            dump += [*args, str(db_settings()["NAME"])]
            result = subprocess.run(dump, env=env, capture_output=True, text=True)
    finally:
        connection.rollback()
        connection.set_autocommit(True)
    if result.returncode != 0:
        partial.unlink(missing_ok=True)
        raise Failure(f"pg_dump failed ({result.returncode}): {result.stderr.strip()}")
    partial.replace(target)
    return counts


def do_backup(folder: Path) -> Path:
    kind = engine()
    folder.mkdir(parents=True, exist_ok=True)
    target = backup_name(folder, kind)
    say(f"Backing up {describe_target()} to {target}")
    started = dt.datetime.now(dt.UTC)
    counts = backup_sqlite(target) if kind == "sqlite" else backup_postgresql(target)
    manifest = {
        "engine": kind,
        "file": target.name,
        "created_utc": started.isoformat(timespec="seconds"),
        "source": describe_target(),
        "bytes": target.stat().st_size,
        "sha256": sha256(target),
        "migrations": applied_migrations(),
        "tables": counts,
        "tool": "sqlite3 backup API"
        if kind == "sqlite"
        else subprocess.run(
            [pg_bin("pg_dump"), "--version"], capture_output=True, text=True
        ).stdout.strip(),
    }
    Path(f"{target}.json").write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
    articles = counts.get("reports_article", 0)
    say(
        f"Backup done: {target} ({manifest['bytes'] / 1e6:.1f} MB, {len(counts)} tables, "
        f"{articles} articles, {(dt.datetime.now(dt.UTC) - started).total_seconds():.1f} s)"
    )
    return target


# --- Restore ---------------------------------------------------------------------------


def is_empty() -> tuple[bool, str]:
    """Whether the configured database has no tables at all (what restore writes into)."""
    if engine() == "sqlite":
        path = sqlite_path()
        if not path.exists() or path.stat().st_size == 0:
            return True, "no database file"
        conn = sqlite3.connect(path)
        try:
            tables = sqlite_tables(conn)
        finally:
            conn.close()
    else:
        with connection.cursor() as cursor:
            tables = pg_tables(cursor)
    if not tables:
        return True, "no tables"
    counts = current_counts()
    return False, f"{len(tables)} tables, {counts.get('reports_article', 0)} articles"


def clear_postgresql() -> None:
    """Remove every table, view, sequence and function in the public schema."""
    with connection.cursor() as cursor:
        for kind, query in (
            ("VIEW", "SELECT viewname FROM pg_views WHERE schemaname = 'public'"),
            ("TABLE", "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"),
            ("SEQUENCE", "SELECT sequencename FROM pg_sequences WHERE schemaname = 'public'"),
        ):
            cursor.execute(query)
            names = [name for (name,) in cursor.fetchall()]
            if names:
                quoted = ", ".join(f'public."{name}"' for name in names)
                cursor.execute(f"DROP {kind} IF EXISTS {quoted} CASCADE")
        cursor.execute(
            "SELECT p.oid::regprocedure::text FROM pg_proc p JOIN pg_namespace n "
            "ON n.oid = p.pronamespace WHERE n.nspname = 'public'"
        )
        for (signature,) in cursor.fetchall():
            cursor.execute(f"DROP FUNCTION IF EXISTS {signature} CASCADE")


def restore_sqlite(backup: Path) -> None:
    target = sqlite_path()
    target.parent.mkdir(parents=True, exist_ok=True)
    # The backup API replaces the target's pages under its write lock: any reader
    # sees the old database or the new one, never a mix.
    copy_sqlite(
        sqlite3.connect(f"file:{backup}?mode=ro", uri=True),
        sqlite3.connect(target, timeout=30),
        journal_mode="WAL",
        what="the restored database",
    )


def restore_postgresql(backup: Path) -> None:
    args, env = pg_args_env()
    result = subprocess.run(
        [
            pg_bin("pg_restore"),
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            "--single-transaction",
            "-d",
            str(db_settings()["NAME"]),
            *args,
            str(backup),
        ],
        env=env,
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise Failure(f"pg_restore failed ({result.returncode}): {result.stderr.strip()}")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def do_restore(backup: Path, force: bool) -> int:
    kind = engine()
    if not backup.is_file():
        raise Failure(f"no backup at {backup}")
    file_kind = next((k for k, suffix in SUFFIX.items() if backup.name.endswith(suffix)), None)
    if file_kind != kind:
        raise Failure(
            f"{backup.name} is not a {kind} backup (expected a {SUFFIX[kind]} file): the "
            f"configured database is {describe_target()}"
        )
    manifest_path = Path(f"{backup}.json")
    manifest = json.loads(manifest_path.read_text()) if manifest_path.exists() else None
    if manifest is None:
        say(f"warning: no {manifest_path.name} beside the backup; restoring without checks")
    elif sha256(backup) != manifest["sha256"]:
        raise Failure(f"{backup.name} does not match the SHA-256 in {manifest_path.name}")

    empty, what = is_empty()
    if not empty and not force:
        raise Failure(
            f"refusing to restore into {describe_target()}: it is not empty ({what}). "
            "Restore into an empty database, or FORCE=1 (--force) to replace everything in it.",
            EXIT_REFUSED,
        )
    say(f"Restoring {backup.name} into {describe_target()} ({what})")
    started = dt.datetime.now(dt.UTC)
    if kind == "sqlite":
        restore_sqlite(backup)
    else:
        if not empty:
            say("--force: removing every table first")
            clear_postgresql()
        restore_postgresql(backup)
    connection.close()

    if manifest is not None:
        counts = current_counts()
        if counts != manifest["tables"]:
            differ = sorted(
                t
                for t in set(counts) | set(manifest["tables"])
                if counts.get(t) != manifest["tables"].get(t)
            )
            raise Failure(f"rows per table differ from the backup's manifest: {differ[:10]}")
        say(f"Rows per table match the manifest ({len(counts)} tables)")
    seconds = (dt.datetime.now(dt.UTC) - started).total_seconds()
    say(f"Restored in {seconds:.1f} s")

    from django.core.cache import cache

    cache.clear()
    check = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "migrate", "--check", "--plan", "--no-input"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    if check.returncode != 0:
        say(check.stdout.strip())
        say(
            "The restored database lacks migrations this code has: run `manage.py migrate` "
            "before serving it."
        )
        return EXIT_MIGRATIONS
    say("Migrations: the restored schema is the code's (manage.py migrate --check)")
    say("Restart the site's processes now (each gunicorn worker caches pages in memory).")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser("backup", help="back up the configured database")
    b.add_argument("--dir", type=Path, default=ROOT / "backups")
    r = sub.add_parser("restore", help="restore a backup into the configured database")
    r.add_argument("file", type=Path)
    r.add_argument("--force", action="store_true", help="replace a non-empty database")
    sub.add_parser("counts", help="rows per table of the configured database, as JSON")
    args = parser.parse_args()
    try:
        if args.command == "backup":
            do_backup(args.dir)
            return 0
        if args.command == "restore":
            return do_restore(args.file.resolve(), args.force)
        print(json.dumps(current_counts(), indent=1))
        return 0
    except Failure as failure:
        print(f"error: {failure}", file=sys.stderr)
        return failure.code


if __name__ == "__main__":
    sys.exit(main())
