"""From a path to a parsed record, without the database: the first half of an import.

`read_file` reads one file and parses it; its result carries the record or the reason
the file is refused. Nothing here touches Django or the database, so a run of the
command can do this half in a second process, ahead of the loading
(`pipeline.import_files`), and get the same results.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .parse import parse_article
from .records import ArticleRecord, ParseError
from .sources import read_article_file

if TYPE_CHECKING:
    from .load import Outcome

logger = logging.getLogger("reports.importer.pipeline")


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


def parsed(text: str, *, name: str, source: str = "") -> FileResult:
    """One article's text parsed: a result with its record, or with the parser's reason."""
    result = FileResult(name=name, source=source or name)
    try:
        result.record = parse_text(text, name)
    except ParseError as error:
        result.error = str(error)
    return result


def read_file(path: Path) -> tuple[FileResult, str | None]:
    """One file read and parsed, and its text (None if it could not be read)."""
    try:
        text = read_article_file(path)
    except ParseError as error:
        return FileResult(name=path.name, source=path.name, error=str(error)), None
    return parsed(text, name=path.name, source=path.name), text


def read_files(paths: list[Path]) -> list[tuple[FileResult, str | None]]:
    """`read_file` of each path, in order (a worker process's share of a run)."""
    return [read_file(path) for path in paths]


def start_worker() -> None:
    """A worker process's logging, as Django sets it up in the command's process (what
    the parser logs goes where it would have gone); the parser needs nothing else."""
    from django.conf import settings
    from django.utils.log import configure_logging

    configure_logging(settings.LOGGING_CONFIG, settings.LOGGING)
