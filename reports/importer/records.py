"""What the parser hands to the loader: plain dataclasses, no database.

`ArticleRecord.as_contract()` is the JSON object of docs/importer-contract.md, the
shape `import_articles --dry-run --format=json` prints and other tools rely on.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

CONTRACT_KEYS = (
    "file",
    "title",
    "outlet",
    "author",
    "published_date",
    "event_date",
    "dateline",
    "elections",
    "police_units",
    "operations",
    "people",
    "quotes",
    "personnel_count",
    "province",
    "regency",
)

QUOTE_START_TOKENS = 6
_TRAILING_PUNCTUATION = re.compile(r"[\s.,;:!?\"'“”‘’)\]…-]+$")


class ParseError(ValueError):
    """A text that cannot become a record; the message is one sentence saying why."""


@dataclass(frozen=True, slots=True)
class PersonRecord:
    """A person named in the body, with rank and position as stated in this article."""

    name: str
    rank: str | None = None
    position: str | None = None

    def as_contract(self) -> dict:
        return {"name": self.name, "rank": self.rank, "position": self.position}


@dataclass(frozen=True, slots=True)
class QuoteRecord:
    """One quoted span of the body and who said it (a name from `people`, or None)."""

    speaker: str | None
    text: str

    @property
    def text_start(self) -> str:
        """The first six whitespace tokens, trailing punctuation of the last removed."""
        start = " ".join(self.text.split()[:QUOTE_START_TOKENS])
        return _TRAILING_PUNCTUATION.sub("", start)

    def as_contract(self) -> dict:
        return {"speaker": self.speaker, "text_start": self.text_start}


@dataclass(slots=True)
class ArticleRecord:
    """Everything the importer extracts from one raw article."""

    file: str
    title: str
    body: str
    outlet: str | None = None
    author: str | None = None
    published_date: dt.date | None = None
    event_date: dt.date | None = None
    dateline: str | None = None
    elections: list[str] = field(default_factory=list)
    police_units: list[str] = field(default_factory=list)
    operations: list[str] = field(default_factory=list)
    people: list[PersonRecord] = field(default_factory=list)
    quotes: list[QuoteRecord] = field(default_factory=list)
    personnel_count: int | None = None
    province: str | None = None
    regency: str | None = None
    # Not part of the contract: things an editor should check (no date, unknown unit...).
    warnings: list[str] = field(default_factory=list)

    def as_contract(self) -> dict:
        def iso(value: dt.date | None) -> str | None:
            return value.isoformat() if value else None

        record = {
            "file": self.file,
            "title": self.title,
            "outlet": self.outlet,
            "author": self.author,
            "published_date": iso(self.published_date),
            "event_date": iso(self.event_date),
            "dateline": self.dateline,
            "elections": list(self.elections),
            "police_units": list(self.police_units),
            "operations": list(self.operations),
            "people": [person.as_contract() for person in self.people],
            "quotes": [quote.as_contract() for quote in self.quotes],
            "personnel_count": self.personnel_count,
            "province": self.province,
            "regency": self.regency,
        }
        assert tuple(record) == CONTRACT_KEYS
        return record
