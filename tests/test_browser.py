"""A real browser on the real site: reading, navigating, accessibility (axe-core)."""

import pytest

from tests.conftest import axe_violations, screenshot

pytestmark = pytest.mark.browser


def test_reader_opens_an_article_from_the_home_page(live_site, page):
    page.goto(live_site + "/")
    assert page.title().startswith("Beranda")
    assert page.locator("article.card").count() == 5
    assert axe_violations(page) == []
    screenshot(page, "home")

    page.get_by_role("link", name="Siagakan Personel 24 Jam").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text().startswith("Siagakan Personel 24 Jam")
    assert page.get_by_text("Kabag Ops Polres Jember").first.is_visible()
    assert axe_violations(page) == []
    screenshot(page, "article")


def test_skip_link_moves_focus_to_the_main_content(live_site, page):
    page.goto(live_site + "/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Langsung ke isi")
    assert skip.evaluate("el => el === document.activeElement")
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"
