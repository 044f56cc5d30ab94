"""Writing parsed records to the database: idempotent, by natural keys, atomic.

`load_article` turns one `ArticleRecord` into an `Article` and what it links to.
Everything it looks up is found by a natural key (a unit's name or alias, a
person's slug, an outlet's domain, an operation's kind, code name and election), so
loading the same record twice creates nothing the second time. It runs in one
transaction: a failure leaves the database as it was.

An article is identified by the SHA-256 of its raw text. A draft is brought up to
date with the parser's record; once an editor has sent an article to review or
published it, the desk owns it and a re-import leaves it alone.
"""

from __future__ import annotations

import enum
import functools
import hashlib
import re
import sqlite3
import threading
from collections import Counter, defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.db import DatabaseError, IntegrityError, OperationalError, transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.text import slugify
from simple_history.manager import HistoryManager

from reports import search
from reports.models import (
    Appearance,
    Article,
    Election,
    Operation,
    Outlet,
    Person,
    PoliceUnit,
    Quote,
    Region,
)
from reports.text import clean_text

from .records import ArticleRecord
from .units import UnitRef, polda_for_province, resolve_unit


class Outcome(enum.StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"


@dataclass
class LoadCounts:
    """How many articles a load created, updated or left unchanged."""

    counts: Counter = field(default_factory=Counter)

    def add(self, outcome: Outcome) -> None:
        self.counts[outcome] += 1

    @property
    def created(self) -> int:
        return self.counts[Outcome.CREATED]

    @property
    def updated(self) -> int:
        return self.counts[Outcome.UPDATED]

    @property
    def unchanged(self) -> int:
        return self.counts[Outcome.UNCHANGED]

    def as_dict(self) -> dict[str, int]:
        return {outcome.value: self.counts[outcome] for outcome in Outcome}


def content_hash(raw_text: str) -> str:
    """SHA-256 of the raw text with line endings and outer whitespace normalised, so
    the same page saved on Windows or with a trailing newline is the same article."""
    normalised = raw_text.replace("\r\n", "\n").replace("\r", "\n").strip()
    # surrogatepass: a lone surrogate (no file decodes to one, a caller's str may
    # hold one) is hashed, not an error; the stored raw text is cleaned of it.
    return hashlib.sha256(normalised.encode("utf-8", "surrogatepass")).hexdigest()


# `Operasi Mantap Praja Telabang 2024`, `Operasi Mantap Brata 2023-2024`,
# `Operasi Mantap Praja`: the parser's canonical operation names.
OPERATION_NAME = re.compile(
    r"^Operasi Mantap (?P<kind>Brata|Praja)"
    r"(?: (?P<code>(?!\d)[^\d].*?))?"
    r"(?: (?P<period>\d{4}(?:-\d{4})?))?$",
    re.IGNORECASE,
)


class Lookups:
    """What a run of imports looks up again and again (regions by name, units by name
    or alias, elections, outlets, people), remembered for the run: one query the first
    time, none after. Made per run (the command, an upload), never kept longer, so an
    editor's merge or rename is seen by the next run.

    A file's lookups can create rows (a new outlet, person, unit, operation), and
    those rows exist only if the file's transaction commits. So what is found or
    made inside `atomic()` is staged and joins the run's memory when that
    transaction commits (`transaction.on_commit`); a file that rolls back (a bad
    record, the database going away) leaves nothing behind for the next file, and a
    run gives the same result as importing each file alone.

    With `whole_tables` (a run of many files), the regions, the units with their
    aliases and the people are read whole, one query each, the first time one is looked up: most
    files of a large run name a unit or district not seen before, and a miss then
    costs no query. The answers are those of the query a name (`_UnitsTable`)."""

    def __init__(self, *, whole_tables: bool = False) -> None:
        self.memo: dict[tuple, object] = {}
        self.staged: dict[tuple, object] | None = None  # the open transaction's finds
        self.whole_tables = whole_tables

    def get(self, key: tuple, fetch):
        if key in self.memo:
            return self.memo[key]
        if self.staged is not None:
            if key not in self.staged:
                self.staged[key] = fetch()
            return self.staged[key]
        self.memo[key] = fetch()
        return self.memo[key]

    def remember(self, key: tuple, value) -> None:
        if self.staged is not None:
            self.staged[key] = value
        else:
            self.memo[key] = value

    def forget(self) -> None:
        """Drop everything remembered: another run has committed rows since (a
        person, a unit) that the remembered answers and tables do not know."""
        self.memo.clear()

    @contextmanager
    def atomic(self) -> Iterator[None]:
        """`transaction.atomic()`, keeping what was looked up inside it only if it commits.

        Nested (a file's savepoint inside a run's transaction of several files), it
        starts from what the enclosing block has found so far and hands its finds to
        that block when it ends without error; the outermost block's join the run's
        memory when the transaction commits."""
        outer = self.staged
        self.staged = {} if outer is None else dict(outer)
        try:
            with transaction.atomic():
                yield
                staged = self.staged
                if outer is not None:
                    outer.update(staged)
                else:
                    # Runs after the outermost transaction commits; dropped if this
                    # block or one around it rolls back.
                    transaction.on_commit(lambda: self.memo.update(staged))
        finally:
            self.staged = outer


def load_article(
    record: ArticleRecord,
    *,
    raw_text: str,
    source: str = "",
    status: str = Article.Status.DRAFT,
    lookups: Lookups | None = None,
    retry_lost_race: bool = True,
) -> tuple[Article, Outcome]:
    """Create or update the article for `record`; return it and what happened.

    One transaction (a savepoint inside the caller's); the search index is brought up
    to date once, inside it, and the article's history gets one record for the
    import, not one per field set. An import running at the same time that saves the
    same article, person or unit first is not an error here: the transaction rolls
    back and the record is loaded again against what the other import committed
    (`lost_a_race`). Unless `retry_lost_race` is false: then `LostRace` is raised at
    once, for a caller whose transaction holds other files, whose locks the other
    import may be waiting for (it commits them, then loads this file again alone)."""
    lookups = lookups or Lookups()
    for attempt in range(1, RACE_ATTEMPTS + 1):
        try:
            with lookups.atomic(), search.batch(), pending_rows() as pending:
                mark = pending.mark()
                try:
                    return _load(
                        record, raw_text=raw_text, source=source, status=status, lookups=lookups
                    )
                except BaseException:
                    pending.drop_since(mark)  # this file's savepoint rolls back
                    raise
        except (IntegrityError, OperationalError) as error:
            if not lost_a_race(error):
                raise
            if not retry_lost_race:
                raise LostRace from error
            if attempt == RACE_ATTEMPTS:
                raise
            # Another import committed the same article, person or unit first: load
            # again against what it wrote (the transaction left nothing behind).
            lookups.forget()
    raise AssertionError("unreachable")


class LostRace(Exception):
    """Another import committed a row this file's transaction was writing (its
    savepoint rolled back): load the file again in a transaction of its own."""


# How often a file is loaded before a lost race is reported as an error. Each retry
# sees what the other run committed, so a second attempt almost always succeeds.
RACE_ATTEMPTS = 4

# PostgreSQL: unique_violation (two runs inserted the same natural key; the second
# waits for the first to commit, then fails), serialization_failure, deadlock_detected.
_RACE_SQLSTATES = {"23505", "40001", "40P01"}
# SQLite takes one writer at a time, but a run's remembered tables can miss a row
# another run committed between two of its files.
_RACE_SQLITE = {"SQLITE_CONSTRAINT_UNIQUE", "SQLITE_CONSTRAINT_PRIMARYKEY"}


def lost_a_race(error: DatabaseError) -> bool:
    """Whether `error` means a concurrent import got there first (worth loading the
    file again), not that the record itself is wrong (a check constraint, a value)."""
    cause = error.__cause__
    if isinstance(cause, sqlite3.Error):
        return getattr(cause, "sqlite_errorname", None) in _RACE_SQLITE
    return getattr(cause, "sqlstate", None) in _RACE_SQLSTATES


def _load(record: ArticleRecord, *, raw_text: str, source: str, status: str, lookups: Lookups):
    digest = content_hash(raw_text)
    article = Article.objects.filter(content_hash=digest).order_by("pk").first()  # unique
    if article is not None and article.status != Article.Status.DRAFT:
        return article, Outcome.UNCHANGED

    resolved = _Resolver(record, lookups).resolve()
    pending = _pending.block
    if article is None:
        article = Article(content_hash=digest, raw_text=raw_text, status=status)
        article.imported_at = timezone.now()
        outcome = Outcome.CREATED
    elif article.pk in pending.states:
        # The same text twice in one block: its links are not written yet.
        if pending.states[article.pk] == resolved.state():
            return article, Outcome.UNCHANGED
        raise PendingConflict(f"article {article.pk} loaded twice in one block, differently")
    elif _current_state(article) == resolved.state():
        return article, Outcome.UNCHANGED
    else:
        outcome = Outcome.UPDATED

    for name, value in resolved.fields.items():
        setattr(article, name, value)
    article.source = article.source or source
    # Its check constraints (a status of the choices, a title) are the fields' own
    # validation again, and the database enforces them: not a SELECT each here.
    article.full_clean(
        exclude=["slug", "content_hash", "imported_at", *_valid_in_hand(article)],
        validate_constraints=False,
    )
    article.skip_history_when_saving = True  # one history record below, with the links
    article.save()
    if outcome is Outcome.CREATED:
        links = _new_links(article, resolved)
    else:
        links = _replace_links(article, resolved)
    pending.add(
        Appearance(article=article, person=person, rank=rank, position=position, order=order)
        for order, (person, rank, position) in enumerate(resolved.appearances)
    )
    pending.add(
        Quote(article=article, speaker=speaker, text=text, order=order)
        for order, (speaker, text) in enumerate(resolved.quotes)
    )
    del article.skip_history_when_saving
    pending.histories.append((article, links))
    pending.states[article.pk] = resolved.state()
    # The search index from what is in hand, not read back (the article is complete).
    search.index_soon(
        article.pk,
        search.document(
            article.title,
            (person for person, _, _ in resolved.appearances),
            resolved.units,
            article.body,
        ),
    )
    return article, outcome


def _valid_in_hand(article: Article) -> list[str]:
    """The foreign keys `full_clean` need not look up: those whose row the loader holds,
    read from the database (or made) in this run, and which meets the field's
    `limit_choices_to` (a province for `province`...). Their validation is a SELECT
    asking just that; any other value is validated by `full_clean` as usual, and the
    database checks every key when the transaction commits."""
    valid = []
    for fk in Article._meta.concrete_fields:
        if not fk.many_to_one or not fk.is_cached(article):
            continue
        row, choices = fk.get_cached_value(article), fk.get_limit_choices_to()
        if (
            row is not None
            and row.pk is not None
            and isinstance(choices, dict)
            and all(getattr(row, name) == value for name, value in choices.items())
        ):
            valid.append(fk.name)
    return valid


# The article's links, by many-to-many field: elections, units, operations.
_LINKS = {"elections": "election_id", "units": "policeunit_id", "operations": "operation_id"}


def _new_links(article: Article, resolved: _Resolved) -> dict[str, list]:
    """A new article's links, as the rows `article.units.set()` would write, in the
    same order (so with the same ids once written), left to the block's bulk INSERT."""
    links = {}
    for name, column in _LINKS.items():
        through = getattr(Article, name).through
        ids = set()
        for target in getattr(resolved, name):
            ids.add(target.pk)
        # `add()` inserts the ids missing from the field, `ids.difference(existing)`,
        # in that set's order.
        rows = [through(article_id=article.pk, **{column: pk}) for pk in ids.difference(())]
        _pending.block.add(rows)
        links[name] = rows
    return links


def _replace_links(article: Article, resolved: _Resolved) -> dict[str, list]:
    """A draft brought up to date: its links set anew, its people and quotes cleared."""
    links = {}
    for name in _LINKS:
        getattr(article, name).set(getattr(resolved, name))
        links[name] = list(getattr(Article, name).through.objects.filter(article=article))
    article.appearances.all().delete()
    article.quotes.all().delete()
    return links


@functools.cache
def _history(model: type[Model]) -> HistoryManager:
    """A model's history manager, made once: simple-history builds a new manager
    class at every `Model.history`."""
    return model.history


def _create(model: type[Model], **fields) -> Model:
    """`model.objects.create(**fields)` with the history record ("+") simple-history
    would write after the save, written through a manager made once (with the block's
    rows, inside one)."""
    row = model(**fields)
    row.skip_history_when_saving = True
    row.save(force_insert=True)
    del row.skip_history_when_saving
    if _pending.block is not None:
        _pending.block.created[model].append(row)
    else:
        _history(model).bulk_history_create([row], default_change_reason=None)
    return row


@functools.cache
def _article_history() -> tuple[HistoryManager, dict[str, type]]:
    """The article's history manager and the history models of its links."""
    manager = _history(Article)
    return manager, {name: getattr(manager.model, name).model for name in _LINKS}


def _record_histories(loaded: list[tuple[Article, dict[str, list]]]) -> None:
    """Each import's one history record: the article as saved, with its links.

    What django-simple-history writes on a save (`~`, the request's user, the links of
    each tracked many-to-many field in the order the database lists them, by target),
    written from the rows in hand instead of read back: a save would query the
    article's excluded fields and each field's links again."""
    if not loaded:
        return
    manager, link_models = _article_history()
    histories = manager.bulk_history_create(
        [article for article, _ in loaded], update=True, default_change_reason=None
    )
    for name, column in _LINKS.items():
        model = link_models[name]
        rows = [
            model(history=history, **{f.attname: getattr(row, f.attname) for f in row._meta.fields})
            for history, (_, links) in zip(histories, loaded, strict=True)
            for row in sorted(links[name], key=lambda row: getattr(row, column))
        ]
        model.objects.bulk_create(rows, batch_size=BULK_BATCH)


# --- Rows written a block at a time ---------------------------------------------------

BULK_BATCH = 1000  # rows an INSERT


class PendingConflict(IntegrityError):
    """The same article loaded twice in one block with different results: the block
    is given up (its transaction rolls back) and its files loaded one by one."""


class _Pending:
    """The rows that hang off the articles loaded in a block (`pending_rows`): their
    links, people and quotes, their history records and those of the people and units
    they made, written a bulk INSERT a table when the block ends rather than a few
    INSERTs a file (a run of 50 files a transaction: 9 statements, not 450)."""

    def __init__(self) -> None:
        self.rows: list[Model] = []  # links, appearances, quotes
        self.histories: list[tuple[Article, dict[str, list]]] = []
        self.created: defaultdict[type[Model], list[Model]] = defaultdict(list)
        self.states: dict[int, tuple] = {}  # article pk -> what it was loaded as

    def add(self, rows) -> None:
        self.rows.extend(rows)

    def mark(self) -> tuple:
        return (
            len(self.rows),
            len(self.histories),
            {model: len(rows) for model, rows in self.created.items()},
            set(self.states),
        )

    def drop_since(self, mark: tuple) -> None:
        """Forget what was added after `mark` (its savepoint rolled back)."""
        rows, histories, created, states = mark
        del self.rows[rows:]
        del self.histories[histories:]
        for model, made in self.created.items():
            del made[created.get(model, 0) :]
        for pk in set(self.states) - states:
            del self.states[pk]

    def write(self) -> None:
        for model, made in self.created.items():
            _history(model).bulk_history_create(made, default_change_reason=None)
        by_model: defaultdict[type[Model], list[Model]] = defaultdict(list)
        for row in self.rows:
            by_model[type(row)].append(row)
        for model, rows in by_model.items():
            model.objects.bulk_create(rows, batch_size=BULK_BATCH)
        _record_histories(self.histories)


class _Block(threading.local):
    block: _Pending | None = None


_pending = _Block()


@contextmanager
def pending_rows() -> Iterator[_Pending]:
    """A block whose articles' dependent rows are written together when it ends,
    inside its transaction (before the search index is brought up to date, which
    reads them). Nested, the outermost block writes."""
    if _pending.block is not None:
        yield _pending.block
        return
    _pending.block = _Pending()
    try:
        yield _pending.block
        _pending.block.write()
    finally:
        _pending.block = None


@dataclass
class _Resolved:
    fields: dict
    elections: list[Election]
    units: list[PoliceUnit]
    operations: list[Operation]
    appearances: list[tuple[Person, str, str]]
    quotes: list[tuple[Person | None, str]]

    def state(self) -> tuple:
        f = self.fields
        return (
            f["title"],
            f["body"],
            getattr(f["outlet"], "pk", None),
            f["author"],
            f["published_date"],
            f["event_date"],
            f["dateline"],
            getattr(f["province"], "pk", None),
            getattr(f["regency"], "pk", None),
            getattr(f["district"], "pk", None),
            f["personnel_count"],
            sorted(e.pk for e in self.elections),
            sorted(u.pk for u in self.units),
            sorted(o.pk for o in self.operations),
            [(p.pk, rank, position) for p, rank, position in self.appearances],
            [(getattr(s, "pk", None), text) for s, text in self.quotes],
        )


def _current_state(article: Article) -> tuple:
    return (
        article.title,
        article.body,
        article.outlet_id,
        article.author,
        article.published_date,
        article.event_date,
        article.dateline,
        article.province_id,
        article.regency_id,
        article.district_id,
        article.personnel_count,
        sorted(article.elections.values_list("pk", flat=True)),
        sorted(article.units.values_list("pk", flat=True)),
        sorted(article.operations.values_list("pk", flat=True)),
        list(article.appearances.order_by("order").values_list("person_id", "rank", "position")),
        [tuple(q) for q in article.quotes.order_by("order").values_list("speaker_id", "text")],
    )


class _Resolver:
    """Finds or creates, by natural key, everything one record refers to."""

    def __init__(self, record: ArticleRecord, lookups: Lookups) -> None:
        self.record = record
        self.lookups = lookups
        self.day = record.event_date or record.published_date

    def resolve(self) -> _Resolved:
        record = self.record
        province = self._region(record.province, Region.Level.PROVINCE)
        regency = self._region(record.regency, Region.Level.REGENCY)
        if regency and not province:
            province = regency.parent
        self.province = province
        refs = [
            resolve_unit(name, province_code=province.code if province else None)
            for name in record.police_units
        ]
        units = [self._unit(ref, refs) for ref in refs]
        district = self._district(units, regency)
        people = {p.name: person for p in record.people if (person := self._person(p.name))}
        return _Resolved(
            fields={
                "title": record.title.strip(),
                "body": record.body,
                "outlet": self._outlet(record.outlet),
                "author": record.author or "",
                "published_date": record.published_date,
                "event_date": record.event_date,
                "dateline": record.dateline or "",
                "province": province,
                "regency": regency,
                "district": district,
                "personnel_count": record.personnel_count,
            },
            elections=[
                election
                for slug in record.elections
                if (
                    election := self.lookups.get(
                        ("election", slug),
                        lambda slug=slug: Election.objects.filter(slug=slug).first(),
                    )
                )
            ],
            units=_unique(units),
            operations=_unique(self._operation(name, units) for name in record.operations),
            # One appearance per person: the first, where the report introduces them.
            appearances=_unique(
                (
                    (people[p.name], p.rank or "", p.position or "")
                    for p in record.people
                    if p.name in people
                ),
                key=lambda appearance: appearance[0].pk,
            ),
            quotes=[
                (people.get(q.speaker) if q.speaker else None, q.text)
                for q in record.quotes
                if clean_text(q.text).strip()  # as stored: bulk_create skips full_clean
            ],
        )

    def _region(self, name: str | None, level: str) -> Region | None:
        if not name:
            return None
        key = ("region", level, name.strip().lower())
        if self.lookups.whole_tables:
            return self._regions_table().by_name.get(key[1:])
        return self.lookups.get(
            key,
            lambda: (
                Region.objects.select_related("parent")
                .filter(level=level, name__iexact=name.strip())
                .first()
            ),
        )

    def _region_by_code(self, code: str) -> Region | None:
        if self.lookups.whole_tables:
            return self._regions_table().by_code.get(code)
        return self.lookups.get(
            ("region code", code),
            lambda: Region.objects.select_related("parent").filter(code=code).first(),
        )

    def _regions_table(self) -> _RegionsTable:
        return self.lookups.get(("regions table",), _RegionsTable.read)

    def _units_table(self) -> _UnitsTable:
        return self.lookups.get(("units table",), _UnitsTable.read)

    def _outlet(self, name: str | None) -> Outlet | None:
        name = (name or "").strip().lower()
        if not slugify(name.replace(".", "-")):
            return None  # symbols only ("—"): no page could name it

        def fetch():
            if "." in name:
                return Outlet.objects.get_or_create(domain=name, defaults={"name": name})[0]
            return Outlet.objects.get_or_create(slug=slugify(name), defaults={"name": name})[0]

        return self.lookups.get(("outlet", name), fetch)

    def _person(self, name: str) -> Person | None:
        slug = slugify(name)
        if not slug:
            return None  # symbols only: no page could name them
        if self.lookups.whole_tables:
            # The table says whether the person exists: a new one is only inserted.
            return self.lookups.get(
                ("person", slug),
                lambda: (
                    self.lookups.get(("people table",), _people_table).get(slug)
                    or _create(Person, slug=slug, name=name)
                ),
            )
        return self.lookups.get(
            ("person", slug),
            lambda: Person.objects.get_or_create(slug=slug, defaults={"name": name})[0],
        )

    def _named_unit(self, name: str) -> PoliceUnit | None:
        key = " ".join(name.split()).lower()
        if self.lookups.whole_tables:
            return self.lookups.get(("unit", key), lambda: self._units_table().by_name.get(key))
        return self.lookups.get(
            ("unit", key),
            lambda: PoliceUnit.objects.named(name).select_related("parent", "region").first(),
        )

    def _free_unit_slug(self, name: str) -> str:
        if not self.lookups.whole_tables:
            return _free_slug(PoliceUnit, name)
        base = slugify(name)[:110] or "satuan"
        slug, n = base, 1
        while self.lookups.get(
            ("unit slug", slug), lambda slug=slug: slug in self._units_table().slugs
        ):
            n += 1
            slug = f"{base}-{n}"
        return slug

    def _unit(self, ref: UnitRef, refs: list[UnitRef]) -> PoliceUnit:
        """The unit `ref` names, created with its region and parent the first time."""
        existing = self._named_unit(ref.name)
        if existing is not None:
            return existing
        region_code = (
            ref.district_code
            if ref.level == PoliceUnit.Level.POLSEK
            else ref.province_code
            if ref.level == PoliceUnit.Level.POLDA
            else ref.regency_code
        )
        region = self._region_by_code(region_code) if region_code else None
        parent = self._parent(ref, refs)
        unit = _create(
            PoliceUnit,
            name=ref.name,
            slug=self._free_unit_slug(ref.name),
            level=ref.level,
            region=region,
            parent=parent,
            needs_review=region is None or parent is None,
            source="importer: first seen in a report",
        )
        self.lookups.remember(("unit", " ".join(ref.name.split()).lower()), unit)
        self.lookups.remember(("unit slug", unit.slug), True)
        return unit

    def _parent(self, ref: UnitRef, refs: list[UnitRef]) -> PoliceUnit | None:
        if ref.level == PoliceUnit.Level.POLDA:
            return self.lookups.get(
                ("mabes",), lambda: PoliceUnit.objects.filter(level=PoliceUnit.Level.MABES).first()
            )
        if ref.level in PoliceUnit.DISTRICT_LEVELS:
            return self._named_unit(ref.polda) if ref.polda else None
        if ref.level == PoliceUnit.Level.POLSEK:
            # The Polres over a Polsek: as resolved, else the report's own district
            # unit whose regency holds the Polsek's district.
            parent = ref.parent or next(
                (
                    other.name
                    for other in refs
                    if other.level in PoliceUnit.DISTRICT_LEVELS
                    and other.regency_code
                    and ref.district_code
                    and ref.district_code.startswith(other.regency_code + ".")
                ),
                None,
            )
            if parent:
                return self._unit(resolve_unit(parent), refs)
        return None

    def _district(self, units: list[PoliceUnit], regency: Region | None) -> Region | None:
        """The district of the report's lead Polsek, when it lies in the report's regency."""
        for unit in units:
            if (
                unit.level == PoliceUnit.Level.POLSEK
                and unit.region_id
                and (regency is None or unit.region.parent_id == regency.pk)
            ):
                return unit.region
        return None

    def _operation(self, name: str, units: list[PoliceUnit]) -> Operation | None:
        match = OPERATION_NAME.match(" ".join(name.split()))
        if not match:
            return None
        kind = (
            Operation.Kind.MANTAP_BRATA
            if match["kind"].lower() == "brata"
            else Operation.Kind.MANTAP_PRAJA
        )
        code = (match["code"] or "").strip().title()
        slug = Operation.ELECTION_OF_KIND[kind]
        election = self.lookups.get(("election", slug), lambda: Election.objects.get(slug=slug))
        key = ("operation", kind, code.lower())
        operation = self.lookups.get(
            key,
            lambda: Operation.objects.filter(
                kind=kind, code_name__iexact=code, election=election
            ).first(),
        )
        if operation is not None:
            return operation
        polda = self._owning_polda(units)
        operation = Operation(
            kind=kind,
            code_name=code,
            period=match["period"] or Operation.PERIOD_OF_KIND[kind],
            election=election,
            polda=polda,
            needs_review=polda is None,
        )
        operation.save()
        self.lookups.remember(key, operation)
        return operation

    def _owning_polda(self, units: list[PoliceUnit]) -> PoliceUnit | None:
        """The Polda a regional code name belongs to: the report's Polda, or the Polda
        over its units, or the Polda of its province."""
        for unit in units:
            if unit.level == PoliceUnit.Level.POLDA:
                return unit
        for unit in units:
            if unit.parent_id and unit.parent.level == PoliceUnit.Level.POLDA:
                return unit.parent
        if self.province is not None:
            name = polda_for_province(self.province.code, on=self.day)
            if name:
                return self._named_unit(name)
        return None


@dataclass
class _RegionsTable:
    """Every region by code, and by level and lower-case name (the first by code, as
    `.filter(level=..., name__iexact=...).first()` gives; the names are ASCII)."""

    by_code: dict[str, Region]
    by_name: dict[tuple[str, str], Region]

    @classmethod
    def read(cls) -> _RegionsTable:
        table = cls({}, {})
        for region in Region.objects.select_related("parent").order_by("code"):
            table.by_code[region.code] = region
            table.by_name.setdefault((region.level, region.name.lower()), region)
        return table


@dataclass
class _UnitsTable:
    """Every unit by its lower-case name and aliases (the first by name, as
    `PoliceUnit.objects.named(name).first()` gives), and the slugs taken."""

    by_name: dict[str, PoliceUnit]
    slugs: set[str]

    @classmethod
    def read(cls) -> _UnitsTable:
        table = cls({}, set())
        units = PoliceUnit.objects.select_related("parent", "region").prefetch_related("aliases")
        for unit in units.order_by("name"):
            table.slugs.add(unit.slug)
            for name in [unit.name, *(alias.name for alias in unit.aliases.all())]:
                table.by_name.setdefault(name.lower(), unit)
        return table


def _people_table() -> dict[str, Person]:
    """Every person by slug."""
    return {person.slug: person for person in Person.objects.all()}


def _unique(items, key=lambda item: item):
    """Items without None and without repeats (by `key`), first occurrence kept."""
    seen, result = set(), []
    for item in items:
        if item is not None and key(item) not in seen:
            seen.add(key(item))
            result.append(item)
    return result


def _free_slug(model, name: str) -> str:
    base = slugify(name)[:110] or "satuan"
    slug, n = base, 1
    while model.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug
