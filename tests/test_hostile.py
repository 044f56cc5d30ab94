"""Hostile input, generated: no public parameter gives a 5xx or reflects markup, and
the importer returns a record or a clear error for any text (hypothesis)."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reports.filters import ArticleFilter
from reports.importer.parse import parse_article
from reports.importer.records import ParseError
from reports.importer.sources import decode_article_bytes
from tests.conftest import SEED_DIR

MARKUP = "<script>alert('x')</script>"
NASTY = [
    "",
    " ",
    "\x00",
    "\x00\x00abc",
    "'",
    '"',
    "' OR '1'='1",
    "1; DROP TABLE reports_article",
    "%",
    "_",
    "*",
    "\\",
    "../..",
    "NEAR(a b)",
    "a OR",
    "-",
    "\u202e",
    "\ufeff",
    "😀",
    "٣٥",
    "35.",
    "35..07",
    "2024-02-30",
    "-1",
    "0",
    "99999999999999999999",
    "1e309",
    "NaN",
    MARKUP,
    "&lt;",
    "{{ request }}",
    "%(x)s",
    "\r\n",
    "a" * 5000,
]
values = st.one_of(
    st.sampled_from(NASTY),
    st.text(max_size=300),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=1000, max_size=100_000),
    st.from_regex(r"\d{2}(\.\d{2}){0,3}", fullmatch=True),
    st.dates().map(str),
)
# Every filter of the article lists, so a new one is attacked as soon as it exists.
PUBLIC_PARAMS = [*ArticleFilter.base_filters, "page"]
PAGES = [
    "/articles/",
    "/regions/35/",
    "/units/polda-jawa-timur/",
    "/people/",
    "/feeds/articles.atom",
    "/articles.json",
    "/articles.csv",
    "/api/articles",
    "/api/regions",
    "/api/units",
    "/api/people",
    "/sitemap-articles.xml",
]
API_PARAMS = ["level", "parent", "polda", "name", "page"]
COMMON = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)


def body(response) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def assert_safe(response):
    assert response.status_code < 500, response.status_code
    assert MARKUP.encode() not in body(response)


@pytest.mark.django_db
@COMMON
@given(
    page=st.sampled_from(PAGES),
    params=st.lists(
        st.tuples(st.sampled_from(PUBLIC_PARAMS + API_PARAMS), values), min_size=1, max_size=6
    ),
)
def test_no_public_parameter_gives_a_5xx_or_reflects_markup(client, seeded, settings, page, params):
    settings.RATE_LIMIT_PER_MINUTE = 0
    query = {}
    for key, value in params:  # repeated parameters included
        query.setdefault(key, []).append(value)
    assert_safe(client.get(page, query))


@pytest.mark.django_db
@COMMON
@given(path=st.text(min_size=1, max_size=200))
def test_no_path_gives_a_5xx(client, settings, path):
    settings.RATE_LIMIT_PER_MINUTE = 0
    from urllib.parse import quote

    assert_safe(client.get("/" + quote(path, safe="/")))


# --- The importer --------------------------------------------------------------------

SEEDS = [p.read_text(encoding="utf-8") for p in sorted(SEED_DIR.glob("*.txt"))]


@st.composite
def mutated_seed(draw):
    text = draw(st.sampled_from(SEEDS))
    for _ in range(draw(st.integers(1, 8))):
        at = draw(st.integers(0, len(text)))
        action = draw(st.sampled_from(["cut", "insert", "repeat", "swap"]))
        if action == "cut":
            text = text[:at] + text[at + draw(st.integers(1, 400)) :]
        elif action == "insert":
            text = text[:at] + draw(st.one_of(st.sampled_from(NASTY), st.text())) + text[at:]
        elif action == "repeat":
            text = text[:at] + text[at : at + 200] * draw(st.integers(2, 20)) + text[at:]
        else:
            lines = text.split("\n")
            draw(st.randoms()).shuffle(lines)
            text = "\n".join(lines)
    return text


def parse_or_clear_error(text: str):
    try:
        record = parse_article(text, "fuzz.txt")
    except ParseError as error:
        assert str(error).strip()
        return None
    assert record.title.strip()
    return record


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated_seed())
def test_the_importer_survives_mutated_articles(text):
    parse_or_clear_error(text)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=5000))
def test_the_importer_survives_random_text(text):
    parse_or_clear_error(text)


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=5000))
def test_random_bytes_are_read_or_refused_with_a_reason(data):
    try:
        text = decode_article_bytes(data)
    except ParseError as error:
        assert str(error)
        return
    parse_or_clear_error(text)


# --- NUL and out-of-range values: 400, on either database ----------------------------

NUL_REQUESTS = [
    "/api/people?name=%00",
    "/api/regions?parent=%00",
    "/api/units?polda=%00",
    "/api/articles?q=a%00b",
    "/api/articles/%00",
    "/api/people/%00",
    "/api/units/%00",
    "/api/regions/%00",
    "/api/outlets/%00",
    "/api/operations/%00",
    "/api/elections/%00",
    "/articles/?q=%00",
    "/articles/?%00=1",
    "/people/%00/",
    "/en/articles/?region=%00",
    "/articles.json?q=%00",
    "/articles.csv?unit=%00",
    "/feeds/articles.atom?q=%00",
    "/admin/autocomplete/?app_label=reports&model_name=appearance&field_name=person&term=%00",
    "/admin/reports/article/?q=%00",
]


@pytest.mark.django_db
@pytest.mark.parametrize("url", NUL_REQUESTS)
def test_a_nul_in_the_path_or_a_parameter_is_refused_with_400(client, seeded, url):
    from django.contrib.auth.models import User

    client.force_login(User.objects.create_superuser("pemred", password="x" * 20))
    response = client.get(url)
    assert response.status_code == 400, (url, response.status_code)
    if url.startswith("/api/") or ".json" in url:
        assert "NUL" in response.json()["detail"]
    else:
        assert b"NUL" in response.content


def changelists():
    from django.contrib import admin

    return [
        (model, model_admin)
        for model, model_admin in admin.site._registry.items()
        if model._meta.app_label == "reports"
    ]


OUT_OF_RANGE = ["99999999999", "99999999999999999999", "9999", "10000", "0", "-1", "1e309", "12"]


@pytest.mark.django_db
@COMMON
@given(
    year=st.sampled_from(OUT_OF_RANGE),
    month=st.none() | st.sampled_from(OUT_OF_RANGE),
    day=st.none() | st.sampled_from([*OUT_OF_RANGE, "31"]),
)
def test_an_out_of_range_date_in_any_changelists_date_hierarchy_is_not_a_5xx(
    admin_client, year, month, day
):
    for model, model_admin in changelists():
        if not model_admin.date_hierarchy:
            continue
        opts = model._meta
        field = model_admin.date_hierarchy
        query = {f"{field}__year": year}
        if month is not None:
            query[f"{field}__month"] = month
            if day is not None:
                query[f"{field}__day"] = day
        url = f"/admin/{opts.app_label}/{opts.model_name}/"
        response = admin_client.get(url, query)
        assert response.status_code in (200, 302, 400), (url, query, response.status_code)
        if response.status_code == 302:
            assert response["Location"].endswith("?e=1")
