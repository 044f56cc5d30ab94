"""Search: the query language, Indonesian stemming, ranking and snippets.

These tests run unchanged on SQLite (FTS5) and PostgreSQL (tsvector): the same
query must find the same seed articles on both (docs/search.md).
"""

import pytest

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


@pytest.mark.django_db
def test_snippets_mark_the_matching_words_and_escape_the_rest(db):
    make_article(title="T", body="Polisi <b>mengimbau</b> warga & tokoh agar tenang.")
    query = parse_query("imbauan")
    articles = list(Article.objects.published().search(query))
    snippet = search.snippets(articles, query)[articles[0].pk]
    assert "<mark>" in snippet and "mengimbau" in snippet
    assert "<b>" not in snippet  # escaped here, or dropped by PostgreSQL's ts_headline
    assert "&amp;" in snippet
