"""A real browser on the real site: reading, searching, filtering, paging, and
accessibility (axe-core, WCAG 2.1 A/AA) on every page type, at desktop and phone
widths. The site under test serves pages of two reports (DJANGO_ARTICLES_PER_PAGE)."""

import pytest

from tests.conftest import axe_violations, screenshot

pytestmark = pytest.mark.browser

PAGE_TYPES = {
    "home": "/",
    "articles": "/articles/",
    "search": "/articles/?q=mengimbau",
    "filtered": "/articles/?region=35&election=pilkada-2024",
    "regions": "/regions/",
    "province": "/regions/35/",
    "regency": "/regions/35.07/",
    "units": "/units/",
    "unit": "/units/polda-jawa-timur/",
    "operations": "/operations/",
    "operation": "/operations/operasi-mantap-praja-2024/",
    "people": "/people/",
    "person": "/people/toha/",
    "outlets": "/outlets/",
    "outlet": "/outlets/surabayapagi-com/",
    "election": "/elections/pilkada-2024/",
    "bad-request": "/articles/?date_from=2024-13-45",
    "not-found": "/regions/99/",
}


@pytest.mark.parametrize("name", PAGE_TYPES)
def test_every_page_type_has_no_accessibility_violation(live_site, page, name):
    page.goto(live_site + PAGE_TYPES[name])
    assert axe_violations(page) == []
    screenshot(page, name)


def first_article_path(live_site, page) -> str:
    page.goto(live_site + "/articles/")
    return page.locator("article.card h3 a").first.get_attribute("href")


def test_the_article_page_has_no_accessibility_violation(live_site, page):
    page.goto(live_site + first_article_path(live_site, page))
    assert axe_violations(page) == []


@pytest.mark.parametrize("name", [*PAGE_TYPES, "article", "data"])
def test_no_page_scrolls_sideways(live_site, page, name):
    """Wide things (the timeline, tables, the citation) scroll or wrap inside the page."""
    paths = PAGE_TYPES | {"article": first_article_path(live_site, page), "data": "/data/"}
    page.goto(live_site + paths[name])
    width = page.evaluate("document.documentElement.clientWidth")
    assert page.evaluate("document.documentElement.scrollWidth") <= width


def test_reader_searches_filters_drills_pages_and_opens_an_article(live_site, page):
    page.goto(live_site + "/")
    page.get_by_role("searchbox", name="Cari di arsip").fill("pengamanan")
    page.get_by_role("button", name="Cari").last.click()
    page.wait_for_url("**/articles/?q=pengamanan")
    assert page.locator("h2#results-heading").inner_text().startswith("Hasil:")
    assert page.locator("mark").count() >= 1

    # Filter by a facet: the province, then drill into one of its regencies.
    facets = page.get_by_role("complementary", name="Saring hasil")
    facets.get_by_role("link", name="Jawa Timur", exact=True).click()
    page.wait_for_url("**region=35**")
    assert "Wilayah: Jawa Timur" in page.locator(".chips").inner_text()
    facets.get_by_role("link", name="Kabupaten Malang", exact=True).click()
    page.wait_for_url("**region=35.07**")
    heading = page.locator("h2#results-heading").inner_text()
    assert heading.endswith("berita")

    # Page through the results (two per page on this site).
    page.get_by_role("link", name="Berikutnya").click()
    page.wait_for_url("**page=2**")
    assert "Halaman 2" in page.locator(".pagination").inner_text()
    assert "q=pengamanan" in page.url and "region=35.07" in page.url

    # Open an article from the list.
    first = page.locator("article.card h3 a").first
    title = first.inner_text()
    first.click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == title
    assert page.get_by_role("heading", name="Cara mengutip").is_visible()
    screenshot(page, "article")


def test_a_chip_removes_its_filter(live_site, page):
    page.goto(live_site + "/articles/?region=35&election=pilkada-2024")
    page.get_by_role("link", name="Pemilihan: Pilkada 2024").click()
    page.wait_for_load_state()
    assert "election" not in page.url and "region=35" in page.url


def test_the_search_form_keeps_the_facet_filters(live_site, page):
    page.goto(live_site + "/articles/?region=35")
    page.get_by_label("Cari", exact=True).fill("patroli")
    page.get_by_role("button", name="Terapkan").click()
    page.wait_for_load_state()
    assert "region=35" in page.url and "q=patroli" in page.url


def test_skip_link_moves_focus_to_the_main_content(live_site, page):
    page.goto(live_site + "/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Langsung ke isi")
    assert skip.evaluate("el => el === document.activeElement")
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"
