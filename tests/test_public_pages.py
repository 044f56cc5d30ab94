"""The public archive: every page type, its filters and facets, and bad input.

Runs on SQLite and PostgreSQL alike (.ci/run); the expected results are the same.
"""

from urllib.parse import urlencode

import pytest

from reports.models import Article
from tests.factories import make_article

KALTENG = "Jelang Pemungutan Suara Pilkada Serentak, Polda Kalteng Tingkatkan Pengamanan Kantor KPU"
JEMBER = (
    "Siagakan Personel 24 Jam, Polres Jember Pastikan Kantor Dan Gudang Logistik KPU "
    "Dalam Keadaan Aman"
)
PATROLI = "Polres Malang Tingkatkan Patroli untuk Jaga Kamtibmas Menjelang Pilkada 2024"
NETRAL = "Polres Malang Jaga Netralitas dalam Pilkada Serentak 2024"
PEMILU_MALANG = "Jelang Pemilu 2024 Polres Malang Siagakan Personel di Kantor KPU"
JAWA_TIMUR = {JEMBER, PATROLI, NETRAL, PEMILU_MALANG}


def listed(response) -> list[str]:
    assert response.status_code == 200, response.content[:500]
    return [a.title for a in response.context["browse"].page.object_list]


def body(response) -> str:
    assert response.status_code == 200, response
    if response.streaming:
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


def facet(response, name: str, title_start: str = "") -> dict[str, int]:
    for f in response.context["browse"].facets:
        if f.name == name and f.title.startswith(title_start):
            return {link.label: link.count for link in f.links}
    return {}


def facet_link(response, label: str):
    return next(
        link for f in response.context["browse"].facets for link in f.links if link.label == label
    )


@pytest.mark.django_db
def test_a_province_lists_its_reports_with_facet_counts(client, seeded):
    response = client.get("/articles/?region=35")
    assert set(listed(response)) == JAWA_TIMUR
    # The other provinces stay, with their counts: picking one adds it (OR).
    assert facet(response, "region", "Provinsi") == {"Jawa Timur": 4, "Kalimantan Tengah": 1}
    assert facet(response, "region", "Kabupaten/kota") == {
        "Kabupaten Malang": 3,
        "Kabupaten Jember": 1,
    }
    # A Polda counts the reports of its Polres: what ?unit=polda-jawa-timur lists.
    assert facet(response, "unit") == {
        "Polres Malang": 3,
        "Polres Jember": 1,
        "Polda Jawa Timur": 4,
    }
    assert facet(response, "election") == {"Pemilu 2024": 2, "Pilkada 2024": 2}


@pytest.mark.django_db
def test_a_regency_lists_only_its_reports(client, seeded):
    assert listed(client.get("/articles/?region=35.09")) == [JEMBER]


@pytest.mark.django_db
@pytest.mark.parametrize("word", ["mengimbau", "imbauan"])
def test_search_finds_the_three_reports_that_use_imbau(client, seeded, word):
    response = client.get(f"/articles/?q={word}")
    assert set(listed(response)) == {JEMBER, PATROLI, NETRAL}
    assert response.context["browse"].sort == "relevance"
    assert b"<mark>" in response.content


@pytest.mark.django_db
def test_election_and_a_date_range_find_the_august_malang_reports(client, seeded):
    response = client.get(
        "/articles/?election=pilkada-2024&date_from=2024-08-01&date_to=2024-08-31"
    )
    assert listed(response) == [PATROLI, NETRAL]  # newest first
    assert facet(response, "region", "Provinsi") == {"Jawa Timur": 2}
    assert facet(response, "unit") == {"Polres Malang": 2, "Polda Jawa Timur": 2}
    assert facet(response, "operation") == {"Operasi Mantap Praja 2024": 1}
    assert facet(response, "election") == {"Pilkada 2024": 2}
    assert facet(response, "outlet") == {"surabayapagi.com": 1}
    assert [(m.label, m.count) for m in response.context["browse"].months] == [("Agustus 2024", 2)]


@pytest.mark.django_db
def test_values_of_one_parameter_are_or_ed_and_parameters_and_ed(client, seeded):
    assert set(listed(client.get("/articles/?region=35.09&region=62"))) == {JEMBER, KALTENG}
    assert listed(client.get("/articles/?region=35.09&region=62&election=pilkada-2024")) == [
        KALTENG
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path", ["/articles/", "/articles.json", "/feeds/articles.atom", "/api/articles"]
)
def test_an_outlet_filter_answers_with_that_outlets_reports(client, seeded, path):
    one = body(client.get(path, {"outlet": "jember-bossman-co-id"}))
    both = body(client.get(path, {"outlet": ["jember-bossman-co-id", "surabayapagi-com"]}))
    assert JEMBER in one and NETRAL not in one
    assert JEMBER in both and NETRAL in both


@pytest.mark.django_db
def test_a_polda_includes_its_polres(client, seeded):
    assert set(listed(client.get("/articles/?unit=polda-jawa-timur"))) == JAWA_TIMUR
    assert set(listed(client.get("/articles/?unit=polres-malang"))) == JAWA_TIMUR - {JEMBER}


@pytest.mark.django_db
def test_a_national_operation_includes_its_code_named_parts(client, seeded):
    assert set(listed(client.get("/articles/?operation=operasi-mantap-praja-2024"))) == {
        NETRAL,
        KALTENG,
    }
    assert listed(client.get("/articles/?operation=operasi-mantap-praja-telabang-2024")) == [
        KALTENG
    ]


@pytest.mark.django_db
def test_sorting(client, seeded):
    assert listed(client.get("/articles/?sort=oldest"))[0] == PEMILU_MALANG
    assert listed(client.get("/articles/?sort=newest"))[0] == KALTENG
    assert listed(client.get("/articles/"))[0] == KALTENG


@pytest.mark.django_db
def test_a_regency_link_narrows_the_province_and_a_chip_removes_it(client, seeded):
    link = facet_link(client.get("/articles/?region=35&q=polres"), "Kabupaten Jember")
    assert link.url == "?q=polres&region=35.09"  # in place of the province
    narrowed = client.get("/articles/" + link.url)
    assert listed(narrowed) == [JEMBER]
    chips = {chip.label: chip.url for chip in narrowed.context["browse"].chips}
    assert chips["Wilayah: Kabupaten Jember"] == "?q=polres"


@pytest.mark.django_db
def test_a_province_link_adds_a_province_to_those_chosen(client, seeded):
    link = facet_link(client.get("/articles/?region=35"), "Kalimantan Tengah")
    assert link.url == "?region=35&region=62" and not link.selected
    assert set(listed(client.get("/articles/" + link.url))) == JAWA_TIMUR | {KALTENG}


@pytest.mark.django_db
def test_paging_keeps_the_filters(client, seeded, settings):
    settings.ARTICLES_PER_PAGE = 2
    first = client.get("/articles/?region=35")
    assert len(listed(first)) == 2
    assert b'href="?region=35&amp;page=2"' in first.content
    second = client.get("/articles/?region=35&page=2")
    assert len(listed(second)) == 2
    assert set(listed(first)) | set(listed(second)) == JAWA_TIMUR


# --- Every page type -----------------------------------------------------------------

PAGES = [
    "/",
    "/articles/",
    "/regions/",
    "/regions/35/",
    "/regions/35.07/",
    "/regions/35.07.01/",
    "/units/",
    "/units/polda-jawa-timur/",
    "/units/polres-malang/",
    "/operations/",
    "/operations/operasi-mantap-praja-2024/",
    "/operations/operasi-mantap-praja-telabang-2024/",
    "/people/",
    "/people/toha/",
    "/outlets/",
    "/outlets/surabayapagi-com/",
    "/elections/pemilu-2024/",
    "/elections/pilkada-2024/",
]
UNKNOWN = [
    "/articles/999999/x/",
    "/regions/99/",
    "/regions/35.99/",
    "/units/polres-atlantis/",
    "/operations/operasi-zebra/",
    "/people/nobody/",
    "/outlets/nowhere-com/",
    "/elections/pemilu-1999/",
    "/regions/abc/",
]
LISTS_WITH_FILTERS = [
    page
    for page in PAGES
    if page not in ("/", "/regions/", "/units/", "/operations/", "/people/", "/outlets/")
]


@pytest.mark.django_db
@pytest.mark.parametrize("url", PAGES)
def test_every_page_type_answers_200(client, seeded, url):
    assert client.get(url).status_code == 200


@pytest.mark.django_db
def test_an_article_page_answers_200(client, seeded):
    article = Article.objects.get(title=JEMBER)
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    assert b"Cara mengutip" in response.content


@pytest.mark.django_db
@pytest.mark.parametrize("url", UNKNOWN)
def test_unknown_objects_answer_404(client, seeded, url):
    assert client.get(url).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"date_from": "2024-13-45"}, b"date_from"),
        ({"date_to": "14/02/2024"}, b"date_to"),
        ({"page": "abc"}, b"page"),
        ({"page": "0"}, b"page"),
        ({"unit": "polres-atlantis"}, b"unit"),
        ({"region": "99.99"}, b"region"),
        ({"operation": "operasi-zebra"}, b"operation"),
        ({"outlet": "nowhere"}, b"outlet"),
        ({"election": "pemilu-1999"}, b"election"),
        ({"sort": "random"}, b"sort"),
        ({"q": "x" * 201}, b"200"),
        ({"q": "pemilu\x07"}, b"kontrol"),
        ({"date_from": "2024-09-01", "date_to": "2024-08-01"}, b"date_from"),
    ],
)
def test_bad_parameters_answer_400_saying_what_was_wrong(client, seeded, params, message):
    response = client.get("/articles/?" + urlencode(params))
    assert response.status_code == 400
    assert message in response.content


@pytest.mark.django_db
def test_a_page_past_the_end_is_404(client, seeded):
    assert client.get("/articles/?page=2").status_code == 404
    assert client.get("/people/?page=9").status_code == 404


HOSTILE = [
    "",
    " ",
    "\x00",
    "\x00abc",
    "'; DROP TABLE reports_article; --",
    '" OR 1=1 --',
    "<script>alert(1)</script>",
    "%",
    "_",
    "*",
    "NEAR(a b)",
    "a" * 5000,
    "９",
    "😀",
    "\u202e",
    "-",
    '"',
    "OR",
    "-1",
    "1e309",
    "2024-02-30",
    "../../etc/passwd",
    "35.",
    "35..07",
]
PARAMS = [
    "q",
    "region",
    "unit",
    "operation",
    "outlet",
    "election",
    "date_from",
    "date_to",
    "sort",
    "page",
]


@pytest.mark.django_db
@pytest.mark.parametrize("param", PARAMS)
def test_no_parameter_value_gives_a_500_or_reflects_markup(client, seeded, param):
    for url in ("/articles/", "/regions/35/", "/units/polda-jawa-timur/"):
        for value in HOSTILE:
            response = client.get(url, {param: value})
            assert response.status_code in (200, 400, 404), (url, param, value)
            assert b"<script>alert(1)</script>" not in response.content
        response = client.get(url + "?" + urlencode([(param, "35"), (param, "x" * 300)]))
        assert response.status_code in (200, 400, 404)


# --- Query budgets -------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("url", [*PAGES, "/articles/?q=pengamanan&region=35&sort=oldest"])
def test_each_page_makes_a_fixed_number_of_queries(client, seeded, url, django_assert_num_queries):
    client.get(url)  # warm caches (content types, sessions) out of the count
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for n in range(25):
        make_article(
            title=f"Pengamanan tambahan {n}",
            body="Pengamanan kantor KPU oleh Polres Malang.",
            units=("polres-malang", "polda-jawa-timur"),
            people=((f"Orang Uji {n}", "AKP", "Kapolsek Uji"), ("Toha", "Kompol", "Kabag Ops")),
        )
    client.get(url)  # the first request after a change rebuilds the counts' snapshot
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few), [q["sql"][:120] for q in many.captured_queries]
    assert len(many) <= 30


@pytest.mark.django_db
def test_the_operations_index_has_one_section_an_election(client, seeded):
    from reports import corpus

    corpus.generate(40, seed=9, batch=40)  # code names of both elections, in any order
    html = client.get("/operations/").content.decode()
    assert html.count('id="election-pemilu-2024"') == 1
    assert html.count('id="election-pilkada-2024"') == 1
