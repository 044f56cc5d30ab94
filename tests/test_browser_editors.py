"""The desk in a real browser: an editor imports a new report and sends it to review,
a chief editor publishes it, and only then do readers find it. Screenshots of each
step go to artifacts/screenshots/ (and, at desktop width, to docs/images/editors/
for docs/editors.md); axe-core checks the import and preview pages."""

from pathlib import Path
from urllib.parse import quote_plus

import pytest

from tests.conftest import axe_violations, screenshot

pytestmark = pytest.mark.browser

DATA = Path(__file__).resolve().parent / "data" / "imports"
DOCS_IMAGES = Path(__file__).resolve().parent.parent / "docs" / "images" / "editors"
# A new report per width, so that each run imports something the archive lacks.
ARTICLES = {
    "desktop": (
        DATA / "sampang_apel_pasukan.txt",
        "Apel Gelar Pasukan, Polres Sampang Kerahkan 450 Personel Amankan Pemungutan Suara",
    ),
    "phone": (
        DATA / "bangkalan_distribusi_logistik.txt",
        "Polres Bangkalan Kawal Distribusi Logistik Pilkada ke 18 Kecamatan",
    ),
}


def shot(page, name: str, *, whole_page_in_docs: bool = False) -> None:
    """A full-page screenshot in artifacts/; at desktop width, a copy for the guide
    (the first screen only, unless asked: admin pages run long)."""
    screenshot(page, f"editors-{name}")
    if page.viewport_name == "desktop":
        DOCS_IMAGES.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(DOCS_IMAGES / f"{name}.png"), full_page=whole_page_in_docs)


def log_in(page, live_site, username: str, password: str) -> None:
    page.context.clear_cookies()
    page.goto(live_site + "/admin/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(password)
    page.locator('#login-form input[type="submit"]').click()
    page.wait_for_url(live_site + "/admin/")


def run_action(page, live_site, title: str, action: str) -> None:
    """Select the report in the article list and run an admin action on it."""
    page.goto(live_site + "/admin/reports/article/")
    row = page.locator("#result_list tbody tr").filter(has_text=title)
    row.locator("input.action-select").check()
    page.locator('select[name="action"]').select_option(label=action)
    page.locator('button[name="index"]').first.click()
    page.wait_for_load_state()


def public_titles(page, live_site, title: str) -> list[str]:
    page.goto(f"{live_site}/articles/?q={quote_plus(title)}")
    return page.locator("article.card h3 a").all_inner_texts()


def test_an_editor_imports_and_a_chief_editor_publishes(live_site, desk_users, page):
    path, title = ARTICLES[page.viewport_name]
    assert title not in public_titles(page, live_site, title)

    # The editor logs in and opens the import page from the list of reports.
    log_in(page, live_site, *desk_users["editor"])
    shot(page, "desk")
    page.goto(live_site + "/admin/reports/article/")
    page.get_by_role("link", name="Impor dari teks mentah").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Impor berita dari teks mentah"
    assert axe_violations(page) == []
    shot(page, "import")

    # Upload a file: the preview shows the record, the raw text, and a warning about
    # a unit the archive does not know yet; nothing is saved.
    page.get_by_label("Atau unggah berkas").set_input_files(str(path))
    page.get_by_role("button", name="Baca dan tampilkan pratinjau").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Pratinjau impor"
    item = page.locator("section.import-item").first
    assert title in item.locator(".import-record").inner_text()
    assert "belum ada di arsip" in item.locator(".import-note-warning").inner_text()
    assert axe_violations(page) == []
    shot(page, "preview", whole_page_in_docs=True)
    assert title not in public_titles(page, live_site, title)
    page.go_back()

    # Confirm: one draft, linked from the summary.
    page.get_by_role("button", name="Simpan 1 berkas sebagai draf").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Hasil impor"
    assert "1 dibuat sebagai draf" in page.locator(".import-counts").inner_text()
    assert axe_violations(page) == []
    shot(page, "summary")
    page.get_by_role("link", name=title).click()
    page.wait_for_load_state()
    assert page.locator("#id_status").input_value() == "draft"
    assert page.locator(".desk-raw").is_visible()
    shot(page, "draft")

    # Send it to review; an editor is not offered "Terbitkan".
    run_action(page, live_site, title, "Kirim ke peninjauan")
    assert "kini berstatus “Ditinjau”" in page.locator(".messagelist").inner_text()
    assert "Terbitkan" not in page.locator('select[name="action"]').inner_text()
    shot(page, "review")
    assert title not in public_titles(page, live_site, title)

    # The chief editor publishes it; now readers find it.
    log_in(page, live_site, *desk_users["chief"])
    run_action(page, live_site, title, "Terbitkan")
    assert "kini berstatus “Terbit”" in page.locator(".messagelist").inner_text()
    shot(page, "published")
    assert title in public_titles(page, live_site, title)
    shot(page, "public-search")
    page.locator("article.card h3 a", has_text=title).first.click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == title
    shot(page, "public-article")


def test_the_preview_flags_duplicates_and_bad_files_accessibly(
    live_site, desk_users, page, seed_paths, tmp_path
):
    """Every kind of note at once: an exact duplicate of a seed, another outlet's copy
    of a seed, an empty file; then the upload is cancelled and nothing is saved."""
    empty = tmp_path / "kosong.txt"
    empty.write_bytes(b"")
    files = [str(seed_paths[3]), str(DATA / "jember_second_outlet.txt"), str(empty)]
    log_in(page, live_site, *desk_users["editor"])
    page.goto(live_site + "/admin/reports/article/import/")
    page.get_by_label("Atau unggah berkas").set_input_files(files)
    page.get_by_role("button", name="Baca dan tampilkan pratinjau").click()
    page.wait_for_load_state()
    table = page.locator(".import-files table").inner_text()
    assert "Duplikat persis" in table and "Mirip" in table and "berkas kosong" in table
    assert "Kemungkinan peristiwa yang sama" in page.locator("#content").inner_text()
    assert axe_violations(page) == []
    shot(page, "preview-duplicates", whole_page_in_docs=True)

    page.get_by_role("button", name="Batalkan impor").click()
    page.wait_for_load_state()
    assert "Impor dibatalkan" in page.locator(".messagelist").inner_text()
    assert axe_violations(page) == []
