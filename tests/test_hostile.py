"""Hostile input, generated: no parameter of any public or API route gives a 5xx or
reflects markup into a page, NUL and out-of-range values are 400, and the importer
returns a record or a clear error for any text (hypothesis). The routes are walked
from the URL resolver and the parameters taken from the filters and the API's
OpenAPI document, so a route or parameter added later is attacked without an edit."""

import re
from urllib.parse import quote, urlsplit

import pytest
from django.test import Client
from django.urls import get_resolver, resolve
from django.urls.converters import IntConverter
from django.urls.resolvers import LocalePrefixPattern, URLResolver
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reports.api import api
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
EXTREMES = [
    "99999999999999999999",
    "-99999999999999999999",
    "99999999999",
    "-1",
    "0",
    "1e309",
    "-1e309",
    "inf",
    "NaN",
    "9999-12-31",
    "0000-00-00",
    "99999999999-01-01",
]
# A NUL, a lone surrogate or a control character somewhere in ordinary text.
SPIKED = st.builds(
    lambda before, spike, after: before + spike + after,
    st.text(max_size=10),
    st.sampled_from(["\x00", "\ud800", "\udfff", "\x0b", "\x1f", "\x85", "\ufffe"]),
    st.text(max_size=10),
)
values = st.one_of(
    st.sampled_from(NASTY + EXTREMES),
    SPIKED,
    st.text(max_size=300),
    st.text(alphabet=st.characters(codec=None), max_size=50),  # lone surrogates too
    st.text(alphabet=st.characters(codec=None, categories=["Cc", "Cs", "Cf"]), max_size=20),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=1000, max_size=100_000),
    st.from_regex(r"\d{2}(\.\d{2}){0,3}", fullmatch=True),
    st.dates().map(str),
    st.integers().map(str),
)
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


# --- Every GET parameter of every public and API route (generated) -----------------


def _walk(patterns, prefix=()):
    """(route parts, converters, locale-prefixed) of every URL pattern but the admin's."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue  # the desk: tests/test_admin.py and the tests below
            part = (
                "{lang}"
                if isinstance(pattern.pattern, LocalePrefixPattern)
                else str(pattern.pattern)
            )
            yield from _walk(pattern.url_patterns, (*prefix, part))
        else:
            yield "".join((*prefix, str(pattern.pattern))), pattern.pattern.converters


ROUTES = dict(_walk(get_resolver().url_patterns))
_CONVERTER = re.compile(r"<(?:(?P<kind>[^>:]+):)?(?P<name>[^>]+)>")


def api_query_parameters() -> dict[str, set[str]]:
    """The query parameters of each path in the API's own OpenAPI document."""
    schema = api.get_openapi_schema()
    return {
        path: {
            parameter["name"]
            for operation in operations.values()
            for parameter in operation.get("parameters", [])
            if parameter["in"] == "query"
        }
        for path, operations in schema["paths"].items()
    }


API_PARAMS = api_query_parameters()
# Every filter of the article lists, every API operation's query parameters, and the
# ones views read by hand: a new one is attacked as soon as it exists.
READ_BY_HAND = {"page", "sort", "q", "format", "lang"}
PARAMS = sorted({*ArticleFilter.base_filters, *READ_BY_HAND}.union(*API_PARAMS.values()))


def own_parameters(route: str) -> list[str]:
    """The parameters `route` itself reads, drawn more often than the rest: an API
    operation's from the OpenAPI document, the list filters for the pages."""
    openapi_path = "/" + _CONVERTER.sub(lambda m: "{" + m["name"] + "}", route)
    if openapi_path in API_PARAMS:
        return sorted(API_PARAMS[openapi_path] | {"page"})
    return sorted({*ArticleFilter.base_filters, *READ_BY_HAND})


@pytest.fixture
def seed_paths_values(seeded) -> dict[str, list[str]]:
    """Valid path values from the seed archive, by converter: every URL its sitemaps
    list, resolved back into the kwargs of its route (ids differ between databases)."""

    client, locations = Client(), []
    index = client.get("/sitemap.xml").content.decode()
    for section in re.findall(r"<loc>([^<]+)</loc>", index):
        page = client.get(urlsplit(section).path).content.decode()
        locations += [urlsplit(loc).path for loc in re.findall(r"<loc>([^<]+)</loc>", page)]
    sections = re.findall(r"<loc>[^<]*/sitemap-([^<]+)\.xml</loc>", index)
    pool: dict[str, set[str]] = {"str": set(sections)}
    for location in locations:
        match = resolve(location.removeprefix("/en"))  # the same values in English
        for name, value in match.kwargs.items():
            pool.setdefault(name, set()).add(str(value))
            pool["str"].add(str(value))
    pool["article_id"] = pool["pk"]  # the API's name for an article's id
    return {name: sorted(found) for name, found in pool.items()}


def encode(text: str) -> str:
    """Percent-encoded UTF-8, lone surrogates as their (invalid) three bytes."""
    return quote(text.encode("utf-8", "surrogatepass"), safe="")


def fill(route: str, converters: dict, valid: dict[str, list[str]], draw) -> str:
    """The route with its language prefix and converters filled: valid seed values,
    values the converter accepts, or anything."""

    def value(match):
        name = match["name"]
        converter = converters[name]
        choices = [st.from_regex(converter.regex, fullmatch=True), values, SPIKED]
        known = valid.get(name) or valid["str"]
        choices.insert(0, st.sampled_from(known))
        if isinstance(converter, IntConverter):
            choices.append(st.sampled_from(["99999999999999999999", "0", "2147483648"]))
        return encode(draw(st.one_of(*choices)))

    path = route.replace("{lang}", draw(st.sampled_from(["", "en/"])))
    return "/" + _CONVERTER.sub(value, path)


@pytest.mark.django_db
@pytest.mark.parametrize("route", sorted(ROUTES))
@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)
@given(data=st.data())
def test_no_value_of_any_parameter_on_any_route_gives_a_5xx(
    client, seed_paths_values, settings, route, data
):
    settings.RATE_LIMIT_PER_MINUTE = 0
    path = fill(route, ROUTES[route], seed_paths_values, data.draw)
    keys = st.one_of(st.sampled_from(own_parameters(route)), st.sampled_from(PARAMS))
    params = data.draw(st.lists(st.tuples(keys, values), max_size=6))
    query = "&".join(f"{encode(key)}={encode(value)}" for key, value in params)
    response = client.get(f"{path}?{query}" if query else path)
    assert response.status_code < 500, (path, params, response.status_code)
    content = body(response)
    if response.get("Content-Type", "").startswith("text/html"):
        assert MARKUP.encode() not in content  # escaped in every page


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
