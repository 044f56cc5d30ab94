"""Full-text search over articles, the same on SQLite and PostgreSQL.

The query language (docs/search.md): words are AND-ed; `"..."` is a phrase; `-word`
or `-"..."` excludes; `OR` between two terms makes either do. Indonesian inflections
match each other (`mengimbau`, `imbauan`, `diimbau` all stem to `imbau`).

Two backends hide behind `search()`, `rank_and_snippets()` and `reindex()`:

- PostgreSQL: a stored `tsvector` column on `reports_article` (title weight A, the
  names of its people and units B, body C) built with the `indonesian` text-search
  configuration, a GIN index, `ts_rank` and `ts_headline`.
- SQLite: an FTS5 table `reports_article_fts` (title, names, body) holding the same
  text stemmed here with the Snowball Indonesian stemmer, the algorithm behind
  PostgreSQL's `indonesian` configuration, so both find the same articles; `bm25`
  with the same weights ranks them and snippets are cut here.

The index is kept current by signals (reports/signals.py) and rebuilt by
`python manage.py rebuild_search_index`.
"""

from __future__ import annotations

import datetime as dt
import heapq
import html
import re
import sys
import threading
from array import array
from collections.abc import Iterable, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache

import snowballstemmer
from django.db import connection, transaction
from django.db.models import QuerySet
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

MAX_QUERY_LENGTH = 200
MAX_TERMS = 20
FTS_TABLE = "reports_article_fts"
PG_TABLE = "reports_search"  # (article_id, document tsvector): migration 0011
# Weights of title, names (people and units), body: the same on both backends.
WEIGHTS = (1.0, 0.4, 0.2)

WORD = re.compile(r"\w+", re.UNICODE)
# `"kantor kpu"`, `-"kantor kpu"`, `-hoaks`, `OR`, `imbauan`; an unbalanced quote
# runs to the end of the query, as people type it.
TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')


class QueryError(ValueError):
    """A search text that cannot be searched for; the message says why."""


@dataclass(frozen=True)
class Term:
    """A word or a phrase, as the words the reader typed (lowercase)."""

    words: tuple[str, ...]

    @property
    def is_phrase(self) -> bool:
        return len(self.words) > 1


@dataclass(frozen=True)
class Query:
    """`all_of` groups are AND-ed; the terms in a group are OR-ed; `none_of` excluded."""

    all_of: tuple[tuple[Term, ...], ...] = ()
    none_of: tuple[Term, ...] = ()
    text: str = field(default="", compare=False)

    def __bool__(self) -> bool:
        return bool(self.all_of or self.none_of)

    @property
    def positive_terms(self) -> list[Term]:
        return [term for group in self.all_of for term in group]


def parse_query(text: str) -> Query:
    """Read the reader's search text; raise QueryError when it cannot be searched."""
    if len(text) > MAX_QUERY_LENGTH:
        raise QueryError(
            _("Teks pencarian terlalu panjang (maksimal %(limit)d karakter).")
            % {"limit": MAX_QUERY_LENGTH}
        )
    if any(ord(char) < 32 or ord(char) == 127 for char in text):
        raise QueryError(_("Teks pencarian mengandung karakter kontrol."))
    groups: list[list[Term]] = []
    excluded: list[Term] = []
    join_next = False
    for match in TOKEN.finditer(text):
        negate, quoted, bare = match.groups()
        if bare is not None and bare == "OR":
            join_next = bool(groups)
            continue
        if bare is not None and bare.startswith("-") and len(bare) > 1:
            negate, bare = "-", bare[1:]
        words = tuple(w.lower() for w in WORD.findall(quoted if quoted is not None else bare))
        if not words:
            continue
        term = Term(words)
        if negate:
            excluded.append(term)
        elif join_next:
            groups[-1].append(term)
        else:
            groups.append([term])
        join_next = False
    if len(excluded) + sum(map(len, groups)) > MAX_TERMS:
        raise QueryError(
            _("Terlalu banyak kata pencarian (maksimal %(limit)d).") % {"limit": MAX_TERMS}
        )
    return Query(tuple(tuple(g) for g in groups), tuple(excluded), text)


# --- Stemming ----------------------------------------------------------------

# A Snowball stemmer keeps the word it is working on in its own attributes, so one
# shared by gunicorn's threads (4 a worker) mixes their words up: IndexError, and
# wrong stems that lru_cache would then keep. Each thread gets its own (cheap: a
# few attributes); every stem in the project (search, index, duplicate detection)
# comes through `stem()`.
_stemmers = threading.local()


def _stemmer():
    stemmer = getattr(_stemmers, "indonesian", None)
    if stemmer is None:
        stemmer = _stemmers.indonesian = snowballstemmer.stemmer("indonesian")
    return stemmer


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """The word's Indonesian stem (lowercase). Safe to call from any thread."""
    return _stemmer().stemWord(word.lower())


def stemmed_text(text: str) -> str:
    """The text as the SQLite index holds it: each word replaced by its stem."""
    return " ".join(stem(word) for word in WORD.findall(text))


# --- Backends ----------------------------------------------------------------


def is_postgres() -> bool:
    return connection.vendor == "postgresql"


def _fts_string(term: Term) -> str:
    # Stems contain only word characters, so quoting them is always safe in FTS5.
    return '"' + " ".join(stem(word) for word in term.words) + '"'


def fts_expression(terms: Sequence[Sequence[Term]]) -> str:
    """An FTS5 MATCH expression: groups AND-ed, terms in a group OR-ed."""
    return " AND ".join(
        "(" + " OR ".join(_fts_string(term) for term in group) + ")" for group in terms
    )


def _ts_term(term: Term) -> tuple[str, list[str]]:
    """SQL for one term as a tsquery, with its parameter."""
    function = "phraseto_tsquery" if term.is_phrase else "plainto_tsquery"
    return f"{function}('indonesian', %s)", [" ".join(term.words)]


def tsquery_sql(terms: Sequence[Sequence[Term]]) -> tuple[str, list[str]]:
    """SQL building one tsquery: groups AND-ed (&&), terms in a group OR-ed (||)."""
    parts, params = [], []
    for group in terms:
        sqls = []
        for term in group:
            sql, term_params = _ts_term(term)
            sqls.append(sql)
            params += term_params
        parts.append("(" + " || ".join(sqls) + ")")
    return "(" + " && ".join(parts) + ")", params


def match_sql(query: Query) -> tuple[str, list[str]]:
    """SQL selecting the ids of every article that matches `query`, read from the
    index in one pass: the exclusions are part of the index query (`&& !!` on
    PostgreSQL, `NOT` in FTS5), not a second scan. A query of exclusions alone has
    nothing to look up; `search()` handles it."""
    if is_postgres():
        sql, params = tsquery_sql(query.all_of)
        if query.none_of:
            excluded, more = tsquery_sql([query.none_of])
            sql, params = f"({sql} && !!{excluded})", [*params, *more]
        return f"SELECT article_id FROM {PG_TABLE} WHERE document @@ {sql}", params
    return f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s", [fts_match(query)]


def fts_match(query: Query) -> str:
    """The FTS5 MATCH expression of a query with at least one positive term."""
    expression = fts_expression(query.all_of)
    if query.none_of:
        expression = f"({expression}) NOT ({fts_expression([query.none_of])})"
    return expression


def matching_ids(query: Query) -> tuple[Sequence[int], bool]:
    """The ids of the articles whose text matches `query` (any status), read from the
    index in one pass, and whether the query is one of exclusions alone: then these
    are the ids of the articles it excludes.

    On PostgreSQL the planner picks a sequential scan for a word found in most
    reports, not counting that it must decompress every document to test it (0.43 s
    at 100,000 reports); the GIN index's bitmap answers it without reading any
    document (17 ms). So the sequential scan is off for this statement only (`SET
    LOCAL`, set back to its default after it), and the bitmap is given the memory to
    stay exact (SEARCH_WORK_MEM). The ids come back as one string of 4-byte integers,
    not a row each: 98,000 ids in 19 ms rather than 37."""
    only_excluded = not query.all_of
    sql, params = match_sql(Query(all_of=(query.none_of,)) if only_excluded else query)
    with connection.cursor() as cursor:
        if not is_postgres():
            cursor.execute(sql, params)
            return [row[0] for row in cursor.fetchall()], only_excluded
        with transaction.atomic():
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute(f"SET LOCAL work_mem = '{SEARCH_WORK_MEM}'")
            cursor.execute(
                f"SELECT string_agg(int4send(article_id), ''::bytea) FROM ({sql}) found",
                params,
            )
            ids = _int4s(cursor.fetchone()[0])
            cursor.execute("SET LOCAL enable_seqscan TO DEFAULT")
            cursor.execute("SET LOCAL work_mem TO DEFAULT")
        return ids, only_excluded


# The memory PostgreSQL may use for one search's bitmap of matching rows. Past the
# default 4 MB a word in most of 1,000,000 reports makes the bitmap lossy (whole pages
# instead of rows), and every document on those pages is decompressed to be tested
# again: 1.65 s instead of 0.5 s. 16 MB keeps it exact at 1,000,000 reports.
SEARCH_WORK_MEM = "32MB"


def _int4s(packed: bytes | None) -> array:
    """Integers sent by `int4send` (4 bytes each, most significant first)."""
    ids = array("i", packed or b"")
    if sys.byteorder == "little":
        ids.byteswap()
    return ids


def search(queryset: QuerySet, query: Query) -> QuerySet:
    """The articles of `queryset` that match `query` (unranked)."""
    from django.db.models.expressions import RawSQL

    if query.all_of:
        sql, params = match_sql(query)
        return queryset.filter(pk__in=RawSQL(sql, params))
    if query.none_of:
        # Only exclusions: everything but the articles with any excluded term.
        only = Query(all_of=(query.none_of,))
        sql, params = match_sql(only)
        return queryset.exclude(pk__in=RawSQL(sql, params))
    return queryset


def ranked(queryset: QuerySet, query: Query) -> QuerySet:
    """`queryset` (already searched) ordered by relevance, best first; ties newest.

    A QuerySet, so it chains; on SQLite, lists of results should page through
    `RankedResults` instead, which ranks in one pass over the index."""
    from django.db.models import F, FloatField
    from django.db.models.expressions import RawSQL

    if not query.all_of:
        return queryset.order_by(F("date").desc(nulls_last=True), "-pk")
    if is_postgres():
        sql, params = tsquery_sql(query.all_of)
        rank = RawSQL(
            f"(SELECT ts_rank('{PG_WEIGHTS}'::float4[], s.document, {sql}) "
            f"FROM {PG_TABLE} s WHERE s.article_id = reports_article.id)",
            params,
            output_field=FloatField(),
        )
    else:
        rank = RawSQL(
            f"(SELECT -bm25({FTS_TABLE}, %s, %s, %s) FROM {FTS_TABLE} "
            f"WHERE {FTS_TABLE} MATCH %s AND {FTS_TABLE}.rowid = reports_article.id)",
            [*WEIGHTS, fts_expression(query.all_of)],
            output_field=FloatField(),
        )
    return queryset.annotate(relevance=rank).order_by(
        F("relevance").desc(), F("date").desc(nulls_last=True), "-pk"
    )


# ts_rank takes the weights as {D, C, B, A}; D is unused.
PG_WEIGHTS = "{" + ", ".join(str(w) for w in (0.1, *reversed(WEIGHTS))) + "}"


class PagedByIds:
    """A list of articles a Paginator (or a loop) can slice, for results whose order
    is worked out as ids: subclasses give `count()` and `ids(offset, limit)`, and
    `listing(ids)` fetches the page's articles ready to show ({id: article})."""

    listing = None

    def count(self) -> int:
        raise NotImplementedError

    def ids(self, offset: int, limit: int) -> list[int]:
        raise NotImplementedError

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        start, stop = index.start or 0, index.stop if index.stop is not None else self.count()
        ids = self.ids(start, max(0, stop - start))
        articles = self.listing(ids)
        return [articles[pk] for pk in ids if pk in articles]


class RankedResults(PagedByIds):
    """The articles of `base` that match `query`, best first, as a sequence a
    Paginator can page through: `count()` and slices, each one query (two to fetch
    the page's articles).

    `base` is the filtered list before the search (status, region, dates...). On
    SQLite the index is read once per call, materialised, and joined to `base`: far
    cheaper than asking FTS5 for each article's score (docs/benchmarks.md)."""

    def __init__(self, base: QuerySet, query: Query, listing):
        self.base = base.order_by()
        self.query = query
        self.listing = listing  # ids -> the page's articles, ready to show
        self._count = None

    def _filtered_sql(self) -> tuple[str, list]:
        sql, params = self.base.values("pk").query.sql_with_params()
        return sql, list(params)

    def _sqlite(
        self, select: str, tail: str = "", tail_params=(), scored: bool = True
    ) -> tuple[str, list]:
        base_sql, base_params = self._filtered_sql()
        score = f"bm25({FTS_TABLE}, %s, %s, %s)" if scored else "0"
        sql = (
            f"WITH m AS MATERIALIZED (SELECT rowid AS id, {score} AS score "
            f"FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s) "
            f"SELECT {select} FROM m WHERE m.id IN ({base_sql})"
        )
        params = [*(WEIGHTS if scored else ()), fts_match(self.query), *base_params]
        return sql + tail, [*params, *tail_params]

    def count(self) -> int:
        if self._count is None:
            if is_postgres():
                self._count = search(self.base, self.query).count()
            else:
                with connection.cursor() as cursor:
                    cursor.execute(*self._sqlite("count(*)", scored=False))
                    self._count = cursor.fetchone()[0]
        return self._count

    def ids(self, offset: int, limit: int) -> list[int]:
        if is_postgres():
            return list(
                ranked(search(self.base, self.query), self.query).values_list("pk", flat=True)[
                    offset : offset + limit
                ]
            )
        sql, params = self._sqlite(
            "m.id", " ORDER BY m.score, m.id DESC LIMIT %s OFFSET %s", (limit, offset)
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return [row[0] for row in cursor.fetchall()]


# The most matches ranked for one list: past it, relevance orders the RANK_LIMIT
# matches added last (the highest ids), and the page says so. Scoring every one of
# 100,000 matches costs 0.3 s on SQLite and more on PostgreSQL; these are scored in
# a few milliseconds (docs/search.md, "Ranking").
RANK_LIMIT = 1000
RANK_WINDOW = 2000  # FTS5 rows read at a time, newest id first, looking for candidates


def best_of(query: Query, candidates, wanted: int) -> tuple[list[int], bool]:
    """The ids of the `wanted` best matches of `query` among `candidates` (a
    container of article ids: the selection), best first, ties newest; and whether
    the ranking was bounded (more than RANK_LIMIT candidates: only the RANK_LIMIT
    with the highest ids were scored)."""
    if is_postgres():
        highest = getattr(candidates, "highest", None)  # a faster way, when it has one
        ids = highest(RANK_LIMIT + 1) if highest else heapq.nlargest(RANK_LIMIT + 1, candidates)
        bounded = len(ids) > RANK_LIMIT
        sql, params = tsquery_sql(query.all_of)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT a.id, ts_rank('{PG_WEIGHTS}'::float4[], s.document, {sql}), a.date "
                f"FROM reports_article a JOIN {PG_TABLE} s ON s.article_id = a.id "
                "WHERE a.id = ANY(%s)",
                [*params, ids[:RANK_LIMIT]],
            )
            scored = [(-rank, _newest(day), -pk) for pk, rank, day in cursor.fetchall()]
    else:
        scored, bounded = _sqlite_scored(query, candidates)
    # The order RankedResults gives: best first, ties as its SQL breaks them.
    scored.sort()
    return [-negative_pk for *_rest, negative_pk in scored[:wanted]], bounded


def _newest(day) -> float:
    """A sort key putting later dates first and undated ones last."""
    if day is None:
        return float("inf")
    if isinstance(day, str):
        day = dt.date.fromisoformat(day)
    return -day.toordinal()


def _sqlite_scored(query: Query, candidates) -> tuple[list[tuple], bool]:
    """(bm25, minus the id) of the candidates, reading the FTS5 index newest id first in
    windows (it walks its lists in id order and stops at the LIMIT, scoring only what
    it returns) until RANK_LIMIT candidates are found or the matches run out."""
    expression = fts_match(query)
    scored, below = [], None
    with connection.cursor() as cursor:
        while len(scored) < RANK_LIMIT:
            cursor.execute(
                f"SELECT rowid, bm25({FTS_TABLE}, %s, %s, %s) FROM {FTS_TABLE} "
                f"WHERE {FTS_TABLE} MATCH %s"
                + (" AND rowid < %s" if below is not None else "")
                + " ORDER BY rowid DESC LIMIT %s",
                [*WEIGHTS, expression, *([below] if below is not None else []), RANK_WINDOW],
            )
            rows = cursor.fetchall()
            scored += [(score, -pk) for pk, score in rows if pk in candidates]
            if len(rows) < RANK_WINDOW:
                return scored, False
            below = rows[-1][0]
    return scored[:RANK_LIMIT], True


# --- Snippets ----------------------------------------------------------------

SNIPPET_WORDS = 40
_START, _STOP = "\x02", "\x03"


def snippets(articles: Iterable, query: Query) -> dict[int, SafeString]:
    """A highlighted passage of each article's body that shows why it matched."""
    articles = list(articles)
    if not articles or not query.positive_terms:
        return {}
    if is_postgres():
        return _pg_snippets([a.pk for a in articles], query)
    return {a.pk: highlight(a.body, query) for a in articles}


def _pg_snippets(ids: list[int], query: Query) -> dict[int, SafeString]:
    sql, params = tsquery_sql(query.all_of)
    options = (
        f"StartSel={_START}, StopSel={_STOP}, MaxWords={SNIPPET_WORDS}, MinWords=15, "
        'MaxFragments=2, FragmentDelimiter=" … "'
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id, ts_headline('indonesian', body, {sql}, %s) "
            "FROM reports_article WHERE id = ANY(%s)",
            [*params, options, ids],
        )
        rows = cursor.fetchall()
    return {pk: _marked(headline) for pk, headline in rows}


def _marked(text: str) -> SafeString:
    escaped = html.escape(text.replace("\n", " "))
    return mark_safe(escaped.replace(_START, "<mark>").replace(_STOP, "</mark>"))


def highlight(body: str, query: Query, words: int = SNIPPET_WORDS) -> SafeString:
    """The window of `words` words of `body` with the most query stems, marked."""
    wanted = {stem(w) for term in query.positive_terms for w in term.words}
    tokens = body.split()
    if not tokens:
        return mark_safe("")
    hits = [any(stem(w) in wanted for w in WORD.findall(token)) for token in tokens]
    prefix = [0]
    for hit in hits:
        prefix.append(prefix[-1] + hit)
    starts = range(max(1, len(tokens) - words + 1))
    best_start = max(
        starts, key=lambda start: (prefix[min(start + words, len(tokens))] - prefix[start], -start)
    )
    # Put the first hit of the best window a third of the way in, not at its edge.
    first_hit = next((i for i in range(best_start, len(tokens)) if hits[i]), best_start)
    best_start = max(0, min(first_hit - words // 3, len(tokens) - words))
    window = tokens[best_start : best_start + words]
    out = []
    for token, hit in zip(window, hits[best_start : best_start + words], strict=True):
        out.append(f"{_START}{token}{_STOP}" if hit else token)
    text = " ".join(out)
    if best_start > 0:
        text = "… " + text
    if best_start + words < len(tokens):
        text += " …"
    return _marked(text)


# --- Index maintenance -------------------------------------------------------


def documents(article_ids: Iterable[int]) -> dict[int, tuple[str, str, str]]:
    """(title, names, body) of each article; names are its people and units."""
    from reports.models import Appearance, Article

    ids = list(article_ids)
    docs = {
        pk: [title, [], body]
        for pk, title, body in Article.objects.filter(pk__in=ids).values_list("pk", "title", "body")
    }
    # People in the order the report names them, then units by id: the order
    # `document()` and `index_range` (on PostgreSQL) put them in.
    for pk, name in (
        Appearance.objects.filter(article_id__in=ids)
        .order_by("article_id", "order", "pk")
        .values_list("article_id", "person__name")
    ):
        docs[pk][1].append(name)
    for pk, name in (
        Article.units.through.objects.filter(article_id__in=ids)
        .order_by("article_id", "policeunit_id")
        .values_list("article_id", "policeunit__name")
    ):
        docs[pk][1].append(name)
    return {pk: (title, " ".join(names), body) for pk, (title, names, body) in docs.items()}


def document(title: str, people: Iterable, units: Iterable, body: str) -> tuple[str, str, str]:
    """An article's (title, names, body) from the rows a caller holds, as `documents()`
    reads it: the people's names in the order they appear, then the units' by id."""
    names = [person.name for person in people]
    names += [unit.name for unit in sorted(units, key=lambda unit: unit.pk)]
    return title, " ".join(names), body


_pending = threading.local()


@contextmanager
def batch():
    """Collect the reindexing (and the archive version bump) asked for inside the
    block and do each once at the end.

    Blocks nest (a run's transaction, each file's savepoint inside it): the outermost
    does the work. The documents handed in (`index_soon`) by an inner block that
    ends in an exception, its savepoint rolled back, are dropped with it."""
    if getattr(_pending, "ids", None) is not None:
        outer, _pending.docs = _pending.docs, {}
        try:
            yield
            outer.update(_pending.docs)
        finally:
            _pending.docs = outer
        return
    _pending.ids, _pending.docs, _pending.changed = set(), {}, False
    try:
        yield
        ids, docs, changed = _pending.ids, _pending.docs, _pending.changed
    finally:
        _pending.ids = _pending.docs = None
    reindex(ids, docs)
    if changed:
        from reports.models import ArchiveState

        ArchiveState.bump()


def archive_changed_soon() -> None:
    """Bump the archive's version now, or once at the end of the enclosing `batch()`."""
    if getattr(_pending, "ids", None) is not None:
        _pending.changed = True
        return
    from reports.models import ArchiveState

    ArchiveState.bump()


def reindex_soon(article_ids: Iterable[int]) -> None:
    """Reindex these articles now, or at the end of the enclosing `batch()` (reading
    their documents then: a document handed in before this call may be stale)."""
    pending = getattr(_pending, "ids", None)
    if pending is not None:
        article_ids = set(article_ids)
        pending.update(article_ids)
        for pk in article_ids & _pending.docs.keys():
            del _pending.docs[pk]
    else:
        reindex(article_ids)


def index_soon(article_id: int, doc: tuple[str, str, str]) -> None:
    """Reindex this article with `doc`, its (title, names, body) as `documents()`
    would read them, instead of reading them back: the importer holds them. Now, or
    at the end of the enclosing `batch()` unless the article changes again before."""
    if getattr(_pending, "ids", None) is not None:
        _pending.ids.add(article_id)
        _pending.docs[article_id] = doc
    else:
        reindex([article_id], {article_id: doc})


def reindex(
    article_ids: Iterable[int], known: dict[int, tuple[str, str, str]] | None = None
) -> None:
    """Bring the search index and the facet index (reports/facets.py) up to date for
    these articles (deleted ones removed); the documents of those in `known` are
    taken from it, the others read from the database."""
    from reports import facets

    ids = sorted(set(article_ids))
    if not ids:
        return
    facets.refresh(ids)
    _write_documents(ids, known)


def _write_documents(ids: list[int], known: dict | None = None) -> None:
    """The search index's rows of these articles, from their documents: those in
    `known` as given, the others read from the database."""
    known = known or {}
    docs = {pk: known[pk] for pk in ids if pk in known}
    docs.update(documents(pk for pk in ids if pk not in known))
    docs = {pk: docs[pk] for pk in ids if pk in docs}
    with connection.cursor() as cursor:
        if is_postgres():
            gone = [pk for pk in ids if pk not in docs]
            if gone:
                cursor.execute(f"DELETE FROM {PG_TABLE} WHERE article_id = ANY(%s)", [gone])
            cursor.executemany(
                f"INSERT INTO {PG_TABLE} (article_id, document) SELECT %s, "
                "setweight(to_tsvector('indonesian', %s), 'A') || "
                "setweight(to_tsvector('indonesian', %s), 'B') || "
                "setweight(to_tsvector('indonesian', %s), 'C') "
                "ON CONFLICT (article_id) DO UPDATE SET document = EXCLUDED.document",
                [(pk, *doc) for pk, doc in docs.items()],
            )
            return
        for chunk in _chunks(ids, 500):
            marks = ",".join("%s" for _ in chunk)
            cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid IN ({marks})", chunk)
        cursor.executemany(
            f"INSERT INTO {FTS_TABLE} (rowid, title, names, body) VALUES (%s, %s, %s, %s)",
            [(pk, *map(stemmed_text, doc)) for pk, doc in docs.items()],
        )


# The PostgreSQL document of the articles in a range of ids, in one statement: what
# `reindex` writes for each (names: people by their order, then units by id).
_PG_INDEX_RANGE = f"""
INSERT INTO {PG_TABLE} (article_id, document)
SELECT a.id,
    setweight(to_tsvector('indonesian', a.title), 'A') ||
    setweight(to_tsvector('indonesian', coalesce((
        SELECT string_agg(n.name, ' ' ORDER BY n.part, n.position, n.tie) FROM (
            SELECT 0 AS part, ap."order" AS position, ap.id AS tie, p.name
            FROM reports_appearance ap JOIN reports_person p ON p.id = ap.person_id
            WHERE ap.article_id = a.id
            UNION ALL
            SELECT 1, t.policeunit_id, 0, u.name
            FROM reports_article_units t JOIN reports_policeunit u ON u.id = t.policeunit_id
            WHERE t.article_id = a.id
        ) n
    ), '')), 'B') ||
    setweight(to_tsvector('indonesian', a.body), 'C')
FROM reports_article a
WHERE a.id BETWEEN %s AND %s
ON CONFLICT (article_id) DO UPDATE SET document = EXCLUDED.document"""
# Articles stemmed and written a statement on SQLite (bounds the memory).
SQLITE_INDEX_CHUNK = 2000


def index_range(first: int, last: int) -> None:
    """The search index of the articles with ids first..last, after a bulk load (the
    corpus generator; the facet index is `facets.refresh_range`'s): one UPDATE on
    PostgreSQL; on SQLite the documents read, stemmed here and written a chunk at a
    time, as `reindex` does."""
    if is_postgres():
        with connection.cursor() as cursor:
            cursor.execute(_PG_INDEX_RANGE, [first, last])
        return
    for start in range(first, last + 1, SQLITE_INDEX_CHUNK):
        _write_documents(list(range(start, min(start + SQLITE_INDEX_CHUNK - 1, last) + 1)))


def _chunks(items: list, size: int):
    for start in range(0, len(items), size):
        yield items[start : start + size]
