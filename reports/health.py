"""/healthz and /readyz for the load balancer and monitoring (docs/operations.md)."""

import shutil
from pathlib import Path

from django.db import DatabaseError, OperationalError, connection, transaction
from django.http import HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache

from .middleware import unavailable_cause

# Below this much free space beside the SQLite file, writes are about to fail
# (SQLITE_FULL): not ready. PostgreSQL's disk is the server's to watch.
MIN_FREE_BYTES = 16 * 1024 * 1024


@never_cache
def healthz(request):
    """The process is up and answering. Touches nothing else."""
    return HttpResponse("ok\n", content_type="text/plain")


@never_cache
def readyz(request):
    """The process can serve: the database answers, and can be written (an editor's
    login, an import). 503 with `{"database": "unavailable" | "read-only" |
    "disk-full", "error": ...}` otherwise. Writes nothing."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        problem = _sqlite_problem() if connection.vendor == "sqlite" else _postgres_problem()
    except Exception as error:  # any database failure means "not ready"
        cause = unavailable_cause(error) or "unavailable"
        return JsonResponse({"database": cause, "error": type(error).__name__}, status=503)
    if problem:
        return JsonResponse({"database": problem[0], "error": problem[1]}, status=503)
    return JsonResponse({"database": "ok"})


def _postgres_problem() -> tuple[str, str] | None:
    """A standby, or sessions read-only by default, refuses every write (25006)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_is_in_recovery(), current_setting('transaction_read_only')")
        in_recovery, read_only = cursor.fetchone()
    if in_recovery:
        return "read-only", "pg_is_in_recovery"
    if read_only == "on":
        return "read-only", "transaction_read_only"
    return None


def _sqlite_problem() -> tuple[str, str] | None:
    """Write the database header's user_version back unchanged and roll it back: a
    read-only file (or file system, or `mode=ro`) refuses it with SQLITE_READONLY,
    and nothing is left. A writer holding the lock (an import) means the file can be
    written: no wait for it. Then the free space beside the file."""
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA busy_timeout")
        (timeout,) = cursor.fetchone()
        cursor.execute("PRAGMA busy_timeout = 0")
        try:
            with transaction.atomic():
                cursor.execute("PRAGMA user_version")
                (version,) = cursor.fetchone()
                cursor.execute(f"PRAGMA user_version = {int(version)}")
                transaction.set_rollback(True)
        except OperationalError as error:
            name = getattr(error.__cause__, "sqlite_errorname", "") or ""
            if not name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
                raise
        finally:
            cursor.execute(f"PRAGMA busy_timeout = {int(timeout)}")
    if connection.is_in_memory_db():
        return None
    try:
        free = shutil.disk_usage(_sqlite_path().parent).free
    except (OSError, DatabaseError):
        return None
    if free < MIN_FREE_BYTES:
        return "disk-full", f"{free} bytes free"
    return None


def _sqlite_path() -> Path:
    name = str(connection.settings_dict["NAME"])
    if name.startswith("file:"):
        name = name.removeprefix("file:").split("?", 1)[0]
    return Path(name).resolve()
