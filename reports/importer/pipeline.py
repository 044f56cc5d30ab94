"""From a raw file to a saved article: read, parse, load, one result per file.

The `import_articles` command and the editors' import page both go through
`import_text`, so a file is judged the same way wherever it comes from. Each file is
loaded in a transaction of its own (a savepoint): a bad file is reported and the others
go on. A run of the command shares a transaction among a group of files
(`GROUP_FILES`), so that the group's commit, search index and facet rows are written
once; a file is reported only when the transaction that saved it has committed. A
large run reads and parses its files in a second process (`reading.py`, pure) while
this one loads them.
"""

from __future__ import annotations

import dataclasses
import logging
import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import DatabaseError

from reports import search

from .load import Lookups, LostRace, load_article, pending_rows
from .reading import FileResult, parse_text, parsed, read_file, read_files, start_worker
from .sources import expand_paths

__all__ = ["FileResult", "import_files", "import_text", "parse_text"]

logger = logging.getLogger(__name__)

# From how many files a run reads the regions and units tables whole (about 8,000
# regions and the units: some 70 ms, what a few hundred lookups one by one cost).
WHOLE_TABLES_FROM = 50

# How many files of a run share a transaction, each in a savepoint of its own. Their
# commit (on PostgreSQL a wait for the disk), search index and facet rows are written
# once a group instead of once a file. 50 files hold SQLite's one write lock, or
# PostgreSQL's row locks, for about half a second.
GROUP_FILES = 50

# From how many files a run reads and parses its files in a second process while
# this one loads (the parser is pure, reports/importer/reading.py): parsing is about
# a third of an import's time, and a second core does it beside the loading. The
# worker starts in about 0.2 s, so small runs parse here. `PARSE_CHUNK` files go to the
# worker at a time, at most `PARSE_AHEAD` of them ahead of the loading.
PARSE_AHEAD_FROM = 50
PARSE_CHUNK = 10
PARSE_AHEAD = 200


def import_text(
    text: str,
    *,
    name: str,
    source: str = "",
    dry_run: bool = False,
    status: str | None = None,
    lookups: Lookups | None = None,
) -> FileResult:
    """Parse one article's text and, unless `dry_run`, load it."""
    result = parsed(text, name=name, source=source)
    if not dry_run and result.ok:
        _load(result, text, status=status, lookups=lookups)
    return result


def _load(
    result: FileResult,
    text: str,
    *,
    status: str | None,
    lookups: Lookups | None,
    retry_lost_race: bool = True,
) -> None:
    """Load a parsed result's record (`load_article`): its outcome, or why it failed."""
    try:
        options = {"status": status} if status else {}
        article, result.outcome = load_article(
            result.record,
            raw_text=text,
            source=result.source,
            lookups=lookups,
            retry_lost_race=retry_lost_race,
            **options,
        )
        result.article_id = article.pk
    except (ValidationError, DatabaseError) as error:
        logger.exception("could not save %s", result.name)
        result.error = f"could not be saved ({_one_line(error)})"


def import_files(
    paths: Iterable[Path],
    *,
    dry_run: bool = False,
    status: str | None = None,
    progress: Callable[[int, int, FileResult], None] | None = None,
) -> Iterator[FileResult]:
    """Import each path (directories expanded to their .txt files), in order, a group
    of files a transaction; each result is given once its file's transaction has
    committed."""
    files = list(expand_paths(paths))
    # One run: each region, unit, person... looked up once; tables read whole when
    # there are enough files to repay it.
    lookups = Lookups(whole_tables=len(files) >= WHOLE_TABLES_FROM)
    done = 0
    with _reader(files) as reads:
        while done < len(files):
            if dry_run:
                results = [next(reads)[0]]
            else:
                group = [next(reads) for _ in range(min(GROUP_FILES, len(files) - done))]
                results = _import_group(group, status=status, lookups=lookups)
            for result in results:
                done += 1
                if progress:
                    progress(done, len(files), result)
                yield result


class _reader:
    """The files read and parsed, in order: here, or for a large run in a worker
    process, a few chunks ahead of the caller."""

    def __init__(self, files: list[Path]) -> None:
        self.files = files
        self.pool = None
        if len(files) >= PARSE_AHEAD_FROM and (os.cpu_count() or 1) > 1:
            # A fresh interpreter: it imports the parser only, and inherits no
            # database connection.
            context = multiprocessing.get_context("spawn")
            self.pool = ProcessPoolExecutor(
                max_workers=1, mp_context=context, initializer=start_worker
            )

    def __enter__(self) -> Iterator[tuple[FileResult, str | None]]:
        if self.pool is None:
            return (read_file(path) for path in self.files)
        return self._ahead()

    def _ahead(self) -> Iterator[tuple[FileResult, str | None]]:
        chunks = (self.files[i : i + PARSE_CHUNK] for i in range(0, len(self.files), PARSE_CHUNK))
        pending = deque()
        for chunk in chunks:
            pending.append((chunk, self._submit(chunk)))
            if len(pending) * PARSE_CHUNK >= PARSE_AHEAD:
                yield from self._result(*pending.popleft())
        while pending:
            yield from self._result(*pending.popleft())

    def _submit(self, chunk: list[Path]) -> Future | None:
        try:
            return self.pool.submit(read_files, chunk)
        except BrokenProcessPool:
            return None

    def _result(self, chunk: list[Path], future: Future | None):
        """The chunk's results from the worker; read here should the worker have died
        (nothing a file holds kills it: the parser's failures are results)."""
        try:
            if future is not None:
                return future.result()
        except BrokenProcessPool:
            logger.exception("the parsing process stopped; parsing here")
        return read_files(chunk)

    def __exit__(self, *exc) -> None:
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)


def _import_group(
    group: list[tuple[FileResult, str | None]], *, status: str | None, lookups: Lookups
) -> list[FileResult]:
    """Load these parsed files in one transaction, each in a savepoint of its own, and
    return their results once it has committed.

    A file that loses a race to another import ends the group there: the files before
    it commit (releasing the locks the other import may be waiting for), it is loaded
    again in a transaction of its own, and the files after it make a new group. A
    group whose transaction fails as a whole (its search index, its commit) is loaded
    again a file a transaction, as if it had never been tried."""
    results = []
    try:
        with lookups.atomic(), search.batch(), pending_rows():
            for read, text in group:
                result = _loaded(read, text, status, lookups, retry_lost_race=False)
                if result is None:
                    break
                results.append(result)
    except DatabaseError:
        logger.exception("a group of %d files could not be saved; one by one now", len(group))
        return [_loaded(read, text, status, lookups) for read, text in group]
    if len(results) < len(group):  # a lost race
        lookups.forget()
        read, text = group[len(results)]
        results.append(_loaded(read, text, status, lookups))
        results += _import_group(group[len(results) :], status=status, lookups=lookups)
    return results


def _loaded(
    read: FileResult, text: str | None, status, lookups, *, retry_lost_race: bool = True
) -> FileResult | None:
    """A copy of a file's parsed result, loaded (unless the file was refused); None if
    it lost a race and `retry_lost_race` is false."""
    result = dataclasses.replace(read)
    if result.ok:
        try:
            _load(result, text, status=status, lookups=lookups, retry_lost_race=retry_lost_race)
        except LostRace:
            return None
    return result


def _one_line(error: Exception) -> str:
    if isinstance(error, ValidationError):
        return (
            "; ".join(
                f"{field}: {' '.join(messages)}" for field, messages in error.message_dict.items()
            )
            if hasattr(error, "error_dict")
            else " ".join(error.messages)
        )
    return " ".join(str(error).split())[:200]
