"""Search: the query language, Indonesian stemming, ranking and snippets.

These tests run unchanged on SQLite (FTS5) and PostgreSQL (tsvector): the same
query must find the same seed articles on both (docs/search.md).
"""

import pytest
from django.db import connection

from reports import search
from reports.models import Article
from reports.search import QueryError, Term, parse_query
from tests.factories import make_article

JEMBER = (
    "Siagakan Personel 24 Jam, Polres Jember Pastikan Kantor Dan Gudang Logistik KPU "
    "Dalam Keadaan Aman"
)
KALTENG = "Jelang Pemungutan Suara Pilkada Serentak, Polda Kalteng Tingkatkan Pengamanan Kantor KPU"
PATROLI = "Polres Malang Tingkatkan Patroli untuk Jaga Kamtibmas Menjelang Pilkada 2024"
NETRAL = "Polres Malang Jaga Netralitas dalam Pilkada Serentak 2024"
PEMILU_MALANG = "Jelang Pemilu 2024 Polres Malang Siagakan Personel di Kantor KPU"


def found(text: str) -> set[str]:
    query = parse_query(text)
    return set(Article.objects.published().search(query).values_list("title", flat=True))


# --- The query language ------------------------------------------------------------


def test_words_are_and_ed():
    assert parse_query("polres malang").all_of == ((Term(("polres",)),), (Term(("malang",)),))


def test_a_quoted_phrase_is_one_term():
    assert parse_query('"kantor KPU" jember').all_of == (
        (Term(("kantor", "kpu")),),
        (Term(("jember",)),),
    )


def test_a_minus_excludes_a_word_or_a_phrase():
    query = parse_query('pilkada -netralitas -"kantor kpu"')
    assert query.all_of == ((Term(("pilkada",)),),)
    assert query.none_of == (Term(("netralitas",)), Term(("kantor", "kpu")))


def test_or_joins_the_terms_beside_it():
    assert parse_query("jember OR telabang patroli").all_of == (
        (Term(("jember",)), Term(("telabang",))),
        (Term(("patroli",)),),
    )


def test_a_lowercase_or_is_an_ordinary_word():
    assert parse_query("jember or malang").all_of[1] == (Term(("or",)),)


def test_punctuation_alone_is_no_query():
    assert not parse_query(' ; , - " ')


def test_an_overlong_query_is_refused():
    with pytest.raises(QueryError, match="terlalu panjang"):
        parse_query("a" * (search.MAX_QUERY_LENGTH + 1))


def test_control_characters_are_refused():
    with pytest.raises(QueryError, match="kontrol"):
        parse_query("pemilu\x00")


def test_indonesian_inflections_share_a_stem():
    assert search.stem("mengimbau") == search.stem("imbauan") == search.stem("diimbau")
    assert search.stem("pengamanan") == search.stem("mengamankan")


def inflected_words() -> list[str]:
    """Some 28,000 distinct Indonesian-looking words: the seeds' words with the
    prefixes and suffixes the stemmer strips (so each one walks most of it)."""
    from tests.conftest import SEED_DIR

    roots = sorted(
        {
            w.lower()
            for path in SEED_DIR.glob("*.txt")
            for w in search.WORD.findall(path.read_text())
        }
    )
    prefixes = ("", "me", "mem", "di", "pe", "pen", "ber", "ter")
    suffixes = ("", "kan", "an", "i", "nya", "lah", "kah")
    return [p + root + s for root in roots for p in prefixes for s in suffixes]


def test_stemming_from_many_threads_gives_the_single_threaded_stems():
    # gunicorn's gthread workers search from 4 threads at once (polsec_site/
    # gunicorn.conf.py); one shared Snowball stemmer answered IndexError and wrong
    # stems, and lru_cache kept a wrong stem for the worker's lifetime.
    import sys
    import threading
    from collections import Counter

    import snowballstemmer

    words = inflected_words()
    reference = snowballstemmer.stemmer("indonesian")
    expected = {word: reference.stemWord(word) for word in words}
    previous = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # switch threads often, as a loaded worker does
    search.stem.cache_clear()
    threads_count = 4
    results: list[dict[str, str]] = [{} for _ in range(threads_count)]
    errors: list[str] = []
    start = threading.Barrier(threads_count)

    def work(index: int) -> None:
        start.wait()
        for word in words[index::threads_count]:
            try:
                results[index][word] = search.stem(word)
            except Exception as error:  # counted: the assertion shows how many
                errors.append(type(error).__name__)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(threads_count)]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        sys.setswitchinterval(previous)
        search.stem.cache_clear()
    stemmed = {word: stem for result in results for word, stem in result.items()}
    wrong = [word for word, stem in stemmed.items() if stem != expected[word]]
    assert (Counter(errors), len(wrong)) == (Counter(), 0)
    assert stemmed == expected


# --- Results on the seed archive (both databases) --------------------------------------

IMBAU = {JEMBER, PATROLI, NETRAL}


@pytest.mark.django_db
@pytest.mark.parametrize("word", ["mengimbau", "imbauan", "diimbau", "imbau"])
def test_every_form_of_imbau_finds_the_three_seed_reports_that_use_one(seeded, word):
    assert found(word) == IMBAU


@pytest.mark.django_db
def test_a_phrase_must_appear_in_order(seeded):
    assert found('"gudang logistik"') == {JEMBER}
    assert found('"logistik gudang"') == set()


@pytest.mark.django_db
def test_an_excluded_word_removes_reports(seeded):
    assert found("pilkada -netralitas") == {KALTENG, PATROLI}


@pytest.mark.django_db
def test_or_finds_either(seeded):
    assert found("jember OR telabang") == {JEMBER, KALTENG}


@pytest.mark.django_db
def test_names_of_people_and_units_are_searched(seeded):
    assert found("toha") == {JEMBER}
    assert found("Erlan Munaji") == {KALTENG}


@pytest.mark.django_db
def test_only_exclusions_return_everything_else(seeded):
    assert found("-malang") == {JEMBER, KALTENG}


@pytest.mark.django_db
def test_drafts_are_never_found(seeded):
    Article.objects.filter(title=JEMBER).update(status=Article.Status.DRAFT)
    assert found("toha") == set()


@pytest.mark.django_db
def test_a_match_in_the_title_ranks_above_a_match_in_the_body(db):
    in_body = make_article(title="Apel pasukan", body="Sambang warga dan tokoh netralitas.")
    in_title = make_article(title="Netralitas dijaga", body="Apel pasukan di lapangan.")
    query = parse_query("netralitas")
    ranked = list(Article.objects.published().search(query).by_relevance(query))
    assert ranked == [in_title, in_body]


@pytest.mark.django_db
def test_the_index_follows_edits_and_deletions(db):
    article = make_article(title="Apel gelar pasukan", body="Isi.")
    assert found("apel") == {"Apel gelar pasukan"}
    article.title = "Rakor lintas sektoral"
    article.save()
    assert found("apel") == set()
    assert found("rakor") == {"Rakor lintas sektoral"}
    article.delete()
    assert found("rakor") == set()


def indexed(pk: int) -> bool:
    """Whether the search index holds a row for this article id."""
    if search.is_postgres():
        sql = f"SELECT 1 FROM {search.PG_TABLE} WHERE article_id = %s"
    else:
        sql = f"SELECT 1 FROM {search.FTS_TABLE} WHERE rowid = %s"
    with connection.cursor() as cursor:
        cursor.execute(sql, [pk])
        return cursor.fetchone() is not None


@pytest.mark.django_db
def test_an_article_gone_leaves_no_row_in_the_index_whatever_deletes_it(db):
    by_orm = make_article(title="Apel")
    by_sql = make_article(title="Rakor", units=(), elections=())
    by_truncate = make_article(title="Sambang")
    assert all(indexed(a.pk) for a in (by_orm, by_sql, by_truncate))
    by_orm.delete()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM reports_articlefacet WHERE article_id = %s", [by_sql.pk])
        cursor.execute("DELETE FROM reports_article WHERE id = %s", [by_sql.pk])
    assert not indexed(by_orm.pk) and not indexed(by_sql.pk)
    assert indexed(by_truncate.pk)
    if search.is_postgres():  # a flush truncates; SQLite has no TRUNCATE
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("TRUNCATE reports_article CASCADE")
        assert not indexed(by_truncate.pk)


@pytest.mark.django_db
def test_snippets_mark_the_matching_words_and_escape_the_rest(db):
    make_article(title="T", body="Polisi <b>mengimbau</b> warga & tokoh agar tenang.")
    query = parse_query("imbauan")
    articles = list(Article.objects.published().search(query))
    snippet = search.snippets(articles, query)[articles[0].pk]
    assert "<mark>" in snippet and "mengimbau" in snippet
    assert "<b>" not in snippet  # escaped here, or dropped by PostgreSQL's ts_headline
    assert "&amp;" in snippet
