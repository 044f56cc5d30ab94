"""From a raw file to a saved article: read, parse, load, one result per file.

The `import_articles` command and the editors' import page both go through
`import_text`, so a file is judged the same way wherever it comes from. Each file is
loaded in a transaction of its own (a savepoint): a bad file is reported and the others
go on. A run of the command shares a transaction among a group of files
(`GROUP_FILES`), so that the group's commit, search index and facet rows are written
once; a file is reported only when the transaction that saved it has committed.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import DatabaseError

from reports import search

from .load import Lookups, LostRace, Outcome, load_article
from .parse import parse_article
from .records import ArticleRecord, ParseError
from .sources import expand_paths, read_article_file

logger = logging.getLogger(__name__)

# From how many files a run reads the regions and units tables whole (about 8,000
# regions and the units: some 70 ms, what a few hundred lookups one by one cost).
WHOLE_TABLES_FROM = 50

# How many files of a run share a transaction, each in a savepoint of its own. Their
# commit (on PostgreSQL a wait for the disk), search index and facet rows are written
# once a group instead of once a file. 50 files hold SQLite's one write lock, or
# PostgreSQL's row locks, for about half a second.
GROUP_FILES = 50


@dataclass
class FileResult:
    """What became of one file: a record (and, unless a dry run, an outcome), or an error."""

    name: str
    source: str
    record: ArticleRecord | None = None
    error: str | None = None
    outcome: Outcome | None = None
    article_id: int | None = None

    @property
    def ok(self) -> bool:
        return self.error is None

    def as_contract(self) -> dict:
        """The contract's JSON object for this file (docs/importer-contract.md)."""
        if self.record is not None and self.error is None:
            return self.record.as_contract()
        return {"file": self.name, "error": self.error}


def parse_text(text: str, name: str) -> ArticleRecord:
    """Parse, turning any parser failure into a ParseError with a reason."""
    try:
        return parse_article(text, name)
    except ParseError:
        raise
    except Exception as error:  # one odd file must not stop a batch of hundreds
        logger.exception("parser failed on %s", name)
        raise ParseError(f"the parser failed on this text ({type(error).__name__})") from error


def import_text(
    text: str,
    *,
    name: str,
    source: str = "",
    dry_run: bool = False,
    status: str | None = None,
    lookups: Lookups | None = None,
    retry_lost_race: bool = True,
) -> FileResult:
    """Parse one article's text and, unless `dry_run`, load it (`load_article`)."""
    result = FileResult(name=name, source=source or name)
    try:
        result.record = parse_text(text, name)
    except ParseError as error:
        result.error = str(error)
        return result
    if dry_run:
        return result
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
        logger.exception("could not save %s", name)
        result.error = f"could not be saved ({_one_line(error)})"
    return result


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
    options = {"dry_run": dry_run, "status": status, "lookups": lookups}
    done = 0
    while done < len(files):
        if dry_run:
            results = [_import_path(files[done], **options)]
        else:
            results = _import_group(files[done : done + GROUP_FILES], **options)
        for result in results:
            done += 1
            if progress:
                progress(done, len(files), result)
            yield result


def _import_path(path: Path, **options) -> FileResult:
    try:
        text = read_article_file(path)
    except ParseError as error:
        return FileResult(name=path.name, source=path.name, error=str(error))
    return import_text(text, name=path.name, source=path.name, **options)


def _import_group(paths: list[Path], *, lookups: Lookups, **options) -> list[FileResult]:
    """Import `paths` in one transaction, each file in a savepoint of its own, and
    return their results once it has committed.

    A file that loses a race to another import ends the group there: the files before
    it commit (releasing the locks the other import may be waiting for), and it is
    loaded again in a transaction of its own; the caller goes on with the rest. A
    group whose transaction fails as a whole (its search index, its commit) is
    imported again a file a transaction, as if it had never been tried."""
    results = []
    try:
        with lookups.atomic(), search.batch():
            for path in paths:
                try:
                    results.append(
                        _import_path(path, lookups=lookups, retry_lost_race=False, **options)
                    )
                except LostRace:
                    lookups.forget()
                    break
    except DatabaseError:
        logger.exception("a group of %d files could not be saved; one by one now", len(paths))
        return [_import_path(path, lookups=lookups, **options) for path in paths]
    if len(results) < len(paths):
        results.append(_import_path(paths[len(results)], lookups=lookups, **options))
    return results


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
