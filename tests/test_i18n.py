"""The public site in Indonesian (at /, the msgids) and English (under /en/).

The catalogue is locale/en/LC_MESSAGES/django.po, with its compiled django.mo
committed beside it (docs/i18n.md). These tests say that it is complete, that it
covers every string the code marks, that the .mo is the .po compiled, and that every
public page under /en/ shows no Indonesian interface word outside the archive's data.
"""

from __future__ import annotations

import ast
import gettext
import json
import re
import shutil
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation
from django.views.defaults import server_error

from reports.models import (
    Appearance,
    Article,
    Correction,
    Election,
    Operation,
    Outlet,
    Person,
    PoliceUnit,
    Quote,
    Region,
    UnitAlias,
)
from tests.factories import make_article

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "locale" / "en" / "LC_MESSAGES"
PO, MO = CATALOGUE / "django.po", CATALOGUE / "django.mo"


# --- Reading a .po file -------------------------------------------------------------


@dataclass
class Entry:
    context: str | None
    msgid: str
    plural: str | None = None
    msgstr: list[str] = field(default_factory=list)
    flags: set[str] = field(default_factory=set)

    @property
    def key(self) -> tuple[str | None, str]:
        return (self.context, self.msgid)


def read_po(path: Path) -> list[Entry]:
    """The entries of a .po file, the header and obsolete (#~) entries left out."""
    entries = []
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        fields: dict[str, list[str]] = {}
        flags: set[str] = set()
        current = None
        for line in block.strip().splitlines():
            if line.startswith("#,"):
                flags |= {flag.strip() for flag in line[2:].split(",")}
            elif line.startswith("#"):
                continue
            elif match := re.match(
                r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?) (".*")$', line
            ):
                current = match.group(1)
                fields[current] = [match.group(2)]
            elif line.startswith('"') and current:
                fields[current].append(line)
        if "msgid" not in fields:
            continue

        def text(name: str, fields=fields) -> str:
            return "".join(ast.literal_eval(part) for part in fields[name])

        if text("msgid") == "":
            continue  # the header
        strings = sorted(name for name in fields if name.startswith("msgstr"))
        entries.append(
            Entry(
                context=text("msgctxt") if "msgctxt" in fields else None,
                msgid=text("msgid"),
                plural=text("msgid_plural") if "msgid_plural" in fields else None,
                msgstr=[text(name) for name in strings],
                flags=flags,
            )
        )
    return entries


def catalogue_of(entries: list[Entry]) -> dict:
    """What msgfmt makes of `entries`, as Python's gettext reads a .mo: keys are
    "context\\x04msgid", plural forms (msgid, n); fuzzy and empty entries are left out."""
    catalog = {}
    for entry in entries:
        if "fuzzy" in entry.flags or not all(entry.msgstr):
            continue
        msgid = f"{entry.context}\x04{entry.msgid}" if entry.context else entry.msgid
        if entry.plural is None:
            catalog[msgid] = entry.msgstr[0]
        else:
            for n, value in enumerate(entry.msgstr):
                catalog[(msgid, n)] = value
    return catalog


def _has_gettext() -> bool:
    return all(shutil.which(tool) for tool in ("xgettext", "msgmerge", "msguniq", "msgattrib"))


# --- The catalogue -------------------------------------------------------------------


def test_every_interface_string_has_an_english_translation():
    entries = read_po(PO)
    assert len(entries) > 150
    untranslated = [e.key for e in entries if not all(s.strip() for s in e.msgstr)]
    fuzzy = [e.key for e in entries if "fuzzy" in e.flags]
    assert not untranslated, f"no English yet: {untranslated}"
    assert not fuzzy, f"fuzzy (check, then remove the flag): {fuzzy}"
    for entry in entries:
        forms = 1 if entry.plural is None else 2
        assert len(entry.msgstr) == forms, entry.key


def test_translations_keep_every_placeholder():
    placeholder = re.compile(r"%\(\w+\)[sd]")
    for entry in read_po(PO):
        wanted = set(placeholder.findall(entry.msgid))
        for value in entry.msgstr:
            assert set(placeholder.findall(value)) == wanted, entry.key


@pytest.mark.skipif(not _has_gettext(), reason="makemessages needs GNU gettext")
def test_the_catalogue_covers_every_marked_string_and_no_other(tmp_path, settings, monkeypatch):
    """makemessages, run as docs/i18n.md says on a copy of the sources, finds exactly
    the msgids of the committed .po: none missing, none left over."""
    for source in ROOT.rglob("*"):
        relative = source.relative_to(ROOT)
        top = relative.parts[0]
        if top.startswith(".") or top in {"tests", "locale", "node_modules", "artifacts"}:
            continue
        if source.is_file() and source.suffix in {".py", ".html", ".txt"}:
            target = tmp_path / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
    (tmp_path / "locale").mkdir()
    settings.LOCALE_PATHS = [tmp_path / "locale"]
    monkeypatch.chdir(tmp_path)
    call_command("makemessages", locale=["en"], ignore_patterns=[".venv", "tests"], verbosity=0)

    made = {(e.key, e.plural) for e in read_po(tmp_path / "locale/en/LC_MESSAGES/django.po")}
    committed = {(e.key, e.plural) for e in read_po(PO)}
    assert not made - committed, f"marked in the code, missing from the .po: {made - committed}"
    assert not committed - made, f"in the .po, no longer in the code: {committed - made}"


def test_the_committed_mo_is_the_po_compiled():
    with MO.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    catalog = {key: value for key, value in compiled._catalog.items() if key != ""}
    assert catalog == catalogue_of(read_po(PO)), (
        "django.mo is stale: run `manage.py compilemessages -l en --ignore=.venv`"
    )


def test_indonesian_pages_show_the_msgids_as_written():
    """No msgid of ours is also a msgid of Django's own Indonesian catalogue, which
    would otherwise put Django's words on the Indonesian pages."""
    with translation.override("id"):
        for entry in read_po(PO):
            if entry.plural is not None and entry.context:
                shown = translation.npgettext(entry.context, entry.msgid, entry.plural, 1)
            elif entry.plural is not None:
                shown = translation.ngettext(entry.msgid, entry.plural, 1)
            elif entry.context:
                shown = translation.pgettext(entry.context, entry.msgid)
            else:
                shown = translation.gettext(entry.msgid)
            assert shown == entry.msgid


# --- Every public page in English ----------------------------------------------------

# An article's id depends on the database (PostgreSQL's sequences are not rolled
# back between tests): its page is found by its title when the test runs.
ARTICLE = "/en{jember}"
JEMBER = (
    "Siagakan Personel 24 Jam, Polres Jember Pastikan Kantor Dan Gudang Logistik KPU "
    "Dalam Keadaan Aman"
)
ENGLISH_PAGES = {
    "home": ("/en/", 200),
    "articles": ("/en/articles/", 200),
    "search": ("/en/articles/?q=imbau", 200),
    "filters": ("/en/articles/?region=35&unit=polres-malang&date_from=2024-01-01&sort=oldest", 200),
    "article": (ARTICLE, 200),
    "regions": ("/en/regions/", 200),
    "province": ("/en/regions/35/", 200),
    "regency": ("/en/regions/35.07/", 200),
    "units": ("/en/units/", 200),
    "unit": ("/en/units/polres-malang/", 200),
    "operations": ("/en/operations/", 200),
    "operation": ("/en/operations/operasi-mantap-praja-2024/", 200),
    "people": ("/en/people/", 200),
    "person": ("/en/people/dicka-ermantara/", 200),
    "outlets": ("/en/outlets/", 200),
    "outlet": ("/en/outlets/jember-bossman-co-id/", 200),
    "election": ("/en/elections/pemilu-2024/", 200),
    "data": ("/en/data/", 200),
    "not found": ("/en/no-such-page/", 404),
    "bad request": ("/en/articles/?date_from=2024-13-45&page=x", 400),
}
# Words the English pages may show although the Indonesian msgids have them too.
ENGLISH_TOO = {"feed", "valid"}
# Indonesian month and day names, full and short, that English does not share
# (April, September and November are the same in both).
MONTHS_AND_DAYS = {
    *("januari", "februari", "maret", "mei", "juni", "juli", "agustus", "oktober"),
    *("desember", "agu", "okt", "des"),
    *("senin", "selasa", "rabu", "kamis", "jumat", "sabtu", "minggu"),
}


def indonesian_interface_words() -> set[str]:
    """Every word of a msgid that no English translation uses (cari, wilayah, satuan,
    beranda, terbaru, urutkan...), with the Indonesian month and day names."""
    indonesian, english = set(), set()
    for entry in read_po(PO):
        indonesian |= words(entry.msgid)
        for value in entry.msgstr:
            english |= words(value)
    return (indonesian - english - ENGLISH_TOO) | MONTHS_AND_DAYS | {"laporan"}


def words(text: str) -> set[str]:
    text = re.sub(r"<[^>]+>|%\(\w+\)[sd]|&\w+;", " ", text)
    return {word.lower() for word in re.findall(r"[^\W\d_]+", text)}


class InterfaceText(HTMLParser):
    """The text a reader meets on a page (text, aria-label, placeholder, title and alt
    attributes), without scripts and without what carries a lang of its own (the
    reports' words are lang="id" on every page; the switch names each language in
    itself)."""

    VOID = {"meta", "link", "input", "br", "img", "hr", "source", "col", "area", "wbr"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool]] = []
        self.parts: list[str] = []

    @property
    def hidden(self) -> bool:
        return any(skip for _, skip in self.stack)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        lang = attrs.get("lang")
        # The page's own language is on <html>; any other lang= marks text that
        # stays as it is (the reports' words, the switch's language names).
        skip = tag in {"script", "style"} or (lang is not None and tag != "html")
        if not self.hidden and not skip:
            for name in ("aria-label", "placeholder", "title", "alt"):
                if attrs.get(name):
                    self.parts.append(attrs[name])
            if tag == "meta" and attrs.get("property") == "og:description":
                self.parts.append(attrs.get("content", ""))
        if tag not in self.VOID:
            self.stack.append((tag, skip))

    def handle_endtag(self, tag):
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                break

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(data)


def archive_data() -> list[str]:
    """The archive's own strings (names, titles, ranks, positions...), longest first:
    they are Indonesian in every language and are taken out before the check."""
    values = [
        *Region.objects.values_list("name", flat=True),
        *PoliceUnit.objects.values_list("name", flat=True),
        *UnitAlias.objects.values_list("name", flat=True),
        *Operation.objects.values_list("name", flat=True),
        *Operation.objects.values_list("code_name", flat=True),
        *Person.objects.values_list("name", flat=True),
        *Outlet.objects.values_list("name", flat=True),
        *Outlet.objects.values_list("domain", flat=True),
        *Election.objects.values_list("name", flat=True),
        *Article.objects.values_list("title", flat=True),
        *Article.objects.values_list("author", flat=True),
        *Article.objects.values_list("dateline", flat=True),
        *Article.objects.values_list("source", flat=True),
        *Appearance.objects.values_list("rank", flat=True),
        *Appearance.objects.values_list("position", flat=True),
        *Quote.objects.values_list("text", flat=True),
        *Correction.objects.values_list("note", flat=True),
    ]
    return sorted({v for v in values if v}, key=len, reverse=True)


def untranslated_words(html: str, data: list[str]) -> set[str]:
    parser = InterfaceText()
    parser.feed(html)
    text = "\n".join(" ".join(part.split()) for part in parser.parts)
    for value in data:
        text = text.replace(" ".join(value.split()), " ")
    text = re.sub(r"https?://\S+", " ", text)  # permalinks carry the title's slug
    return words(text) & indonesian_interface_words()


@pytest.mark.django_db
@pytest.mark.parametrize("url, status", ENGLISH_PAGES.values(), ids=ENGLISH_PAGES.keys())
def test_every_public_page_under_en_shows_no_indonesian_interface_word(client, seeded, url, status):
    if url == ARTICLE:
        with translation.override("id"):
            url = ARTICLE.format(jember=Article.objects.get(title=JEMBER).get_absolute_url())
    response = client.get(url)
    assert response.status_code == status
    html = response.content.decode()
    assert '<html lang="en">' in html
    data = archive_data()
    assert untranslated_words(html, data) == set()
    # The check would see Indonesian: the same page at / is full of it.
    indonesian = client.get(url.removeprefix("/en"))
    assert untranslated_words(indonesian.content.decode(), data) >= {"cari", "wilayah"}


@pytest.mark.django_db
def test_the_english_home_page_says_what_the_archive_is_in_english(client, seeded):
    html = client.get("/en/").content.decode()
    assert "Latest reports" in html and "Explore the archive" in html
    assert (
        '<meta name="description" content="An archive of news reports on how Polri '
        'secured Pemilu and Pilkada 2024: units, operations, regions, dates and quotes.">'
    ) in html
    assert "news reports on how Polri secured Pemilu and Pilkada 2024" in html  # JSON-LD


@pytest.mark.django_db
def test_the_indonesian_pages_stay_as_they_were(client, seeded):
    html = client.get("/articles/?region=35").content.decode()
    assert '<html lang="id">' in html
    for text in ("Cari", "Wilayah", "Satuan", "Urutkan:", "Hasil: 4 berita", "Saring hasil"):
        assert text in html
    assert "Kabupaten/kota di Jawa Timur" in html


@pytest.mark.django_db
def test_a_server_error_page_follows_the_language():
    request = RequestFactory().get("/en/articles/")
    with translation.override("en"):
        html = server_error(request).content.decode()
    assert '<html lang="en">' in html and "Something went wrong on the server (500)" in html
    assert 'href="/en/"' in html
    with translation.override("id"):
        html = server_error(RequestFactory().get("/articles/")).content.decode()
    assert '<html lang="id">' in html and "Terjadi kesalahan di server (500)" in html


# --- Dates and numbers ---------------------------------------------------------------


@pytest.mark.django_db
def test_dates_are_written_in_the_pages_language(client, seeded):
    english = client.get("/en/elections/pemilu-2024/").content.decode()
    indonesian = client.get("/elections/pemilu-2024/").content.decode()
    assert "Wednesday, 14 February 2024" in english
    assert "Rabu, 14 Februari 2024" in indonesian
    assert "Simultaneous general election" in english  # the reference description
    assert "Pemilihan umum serentak" in indonesian


@pytest.mark.django_db
def test_month_facets_chips_and_timelines_use_the_pages_language(client, seeded):
    english = client.get("/en/articles/?region=35&date_from=2024-08-01").content.decode()
    assert "August 2024" in english and "From: 1 August 2024" in english
    indonesian = client.get("/articles/?region=35&date_from=2024-08-01").content.decode()
    assert "Agustus 2024" in indonesian and "Dari: 1 Agustus 2024" in indonesian
    timeline = client.get("/en/").content.decode()
    assert "November 2023: 1 report<" in timeline and "Reports per month (5 reports)" in timeline


# --- The language switch, hreflang, canonical URLs, the cache ---------------------------


def switch_links(html: str) -> dict[str, str]:
    found = re.search(r'<ul class="language-switch".*?</ul>', html, re.S)
    assert found, "no language switch"
    return {
        code: href.replace("&amp;", "&")
        for href, code in re.findall(r'<a href="([^"]*)" hreflang="(\w+)"', found.group(0))
    }


@pytest.mark.django_db
def test_the_language_switch_keeps_the_page_and_its_query(client, seeded):
    html = client.get("/articles/?region=35&q=imbau").content.decode()
    assert switch_links(html) == {
        "id": "/articles/?region=35&q=imbau",
        "en": "/en/articles/?region=35&q=imbau",
    }
    english = client.get("/en/articles/?region=35&q=imbau")
    assert english.status_code == 200
    assert [a.title for a in english.context["browse"].page.object_list] == [
        a.title
        for a in client.get("/articles/?region=35&q=imbau").context["browse"].page.object_list
    ]
    assert switch_links(english.content.decode())["id"] == "/articles/?region=35&q=imbau"


@pytest.mark.django_db
def test_the_language_switch_works_on_a_page_that_is_not_found(client, seeded):
    html = client.get("/en/no-such-page/?x=1").content.decode()
    assert switch_links(html) == {"id": "/no-such-page/?x=1", "en": "/en/no-such-page/?x=1"}


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/articles/?region=35&page=1", "/regions/35/"])
def test_every_page_names_its_alternates_and_its_canonical_url(client, seeded, path):
    for prefix, lang in (("", "id"), ("/en", "en")):
        html = client.get(prefix + path).content.decode().replace("&amp;", "&")
        alternates = dict(
            re.findall(r'<link rel="alternate" hreflang="([\w-]+)" href="([^"]+)"', html)
        )
        canonical = re.search(r'<link rel="canonical" href="([^"]+)"', html).group(1)
        bare = path.replace("&page=1", "")  # paging is not part of the canonical URL
        assert alternates == {
            "id": f"http://testserver{bare}",
            "en": f"http://testserver/en{bare}",
            "x-default": f"http://testserver{bare}",
        }
        assert canonical == alternates[lang]
        assert f'<html lang="{lang}">' in html


@pytest.mark.django_db
def test_the_page_cache_keeps_each_language_apart(client, seeded, settings):
    from django.core.cache import cache

    settings.PUBLIC_PAGE_CACHE_SECONDS = 600
    cache.clear()
    assert "Latest reports" in client.get("/en/").content.decode()
    assert "Berita terbaru" in client.get("/").content.decode()
    assert "Latest reports" in client.get("/en/").content.decode()  # from the cache
    # Accept-Language does not pick the language at /: the URL does.
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Berita terbaru" in html


# --- Data keeps its keys; feeds and exports under /en/ ---------------------------------


@pytest.mark.django_db
def test_exports_keep_their_field_names_in_english(client, seeded):
    def content(url):
        return b"".join(client.get(url).streaming_content).decode()

    def header(url):
        return content(url).splitlines()[0]

    assert header("/en/articles.csv?region=35") == header("/articles.csv?region=35")
    english = json.loads(content("/en/articles.json"))
    indonesian = json.loads(content("/articles.json"))
    assert english.keys() == indonesian.keys()
    # The data is not translated; only each report's page link is the English one.
    assert english["articles"][0]["url"].startswith("http://testserver/en/articles/")
    for rows in (english["articles"], indonesian["articles"]):
        for row in rows:
            row.pop("url")
    assert english["articles"] == indonesian["articles"]


@pytest.mark.django_db
def test_the_english_feed_is_titled_in_english_and_links_to_english_pages(client, seeded):
    xml = client.get("/en/feeds/articles.atom?region=35").content.decode()
    assert "<title>Polsec Archive: Region: Jawa Timur</title>" in xml
    assert 'xml:lang="en"' in xml and "http://testserver/en/articles/?region=35" in xml
    xml = client.get("/feeds/articles.atom").content.decode()
    assert "<title>Polsec Archive: berita terbaru</title>" in xml and 'xml:lang="id"' in xml


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/en/articles.csv", "/en/feeds/articles.rss"])
def test_english_exports_and_feeds_are_rate_limited_too(client, settings, url):
    settings.RATE_LIMIT_PER_MINUTE = 2
    for _ in range(2):
        assert client.get(url).status_code == 200
    limited = client.get(url)
    assert limited.status_code == 429
    assert limited.content.decode().startswith("Too many requests: at most 2 a minute.")


@pytest.mark.django_db
def test_the_database_unavailable_page_speaks_the_language_of_its_url(client, database_down):
    # The page cache answers it before LocaleMiddleware runs: the URL decides.
    english = client.get("/en/regions/")
    assert english.status_code == 503
    assert "temporarily unavailable" in english.content.decode()
    assert 'href="/en/"' in english.content.decode()
    assert "Arsip sedang tidak tersedia" in client.get("/regions/").content.decode()


@pytest.mark.django_db
def test_a_bad_parameter_is_explained_in_the_pages_language(client, seeded):
    english = client.get("/en/articles/?date_from=2024-09-01&date_to=2024-08-01")
    assert english.status_code == 400
    assert "The start date (date_from) falls after the end date (date_to)." in (
        english.content.decode()
    )
    indonesian = client.get("/articles/?date_from=2024-09-01&date_to=2024-08-01")
    assert "Tanggal awal (date_from) jatuh setelah tanggal akhir (date_to)." in (
        indonesian.content.decode()
    )


@pytest.mark.django_db
def test_robots_txt_keeps_crawlers_off_the_english_exports_too(client):
    text = client.get("/robots.txt").content.decode()
    for path in ("/articles.csv", "/articles.json", "/en/articles.csv", "/en/articles.json"):
        assert f"Disallow: {path}\n" in text


@pytest.mark.django_db
def test_the_desk_follows_the_editors_browser_language(client):
    chief = User.objects.create_user("pemred-en", password="kata-sandi-rahasia-1", is_staff=True)
    chief.groups.add(Group.objects.get(name="Chief editor"))
    client.force_login(chief)
    article = make_article(title="Polres Contoh amankan KPU")
    changelist = reverse("admin:reports_article_changelist")
    change = reverse("admin:reports_article_change", args=[article.pk])
    upload = reverse("admin:reports_article_import")

    def page(url, **headers):
        response = client.get(url, **headers)
        assert response.status_code == 200
        return response.content.decode()

    english = {"HTTP_ACCEPT_LANGUAGE": "en"}
    text = page(changelist, **english)
    assert ">Publish</option>" in text and ">Withdraw</option>" in text
    assert ">Send to review</option>" in text and "Import from raw text" in text
    text = page(change, **english)
    assert "Source and dates" in text and "Material correction" in text
    text = page(upload, **english)
    assert "Import reports from raw text" in text and "Read and preview" in text
    assert "Tempel teks satu berita" not in text

    # No preference, or Indonesian asked for: the desk as it has always read.
    text = page(changelist)
    assert ">Terbitkan</option>" in text and ">Tarik dari situs</option>" in text
    assert "Sumber dan waktu" in page(change, HTTP_ACCEPT_LANGUAGE="id")
    text = page(upload)
    assert "Impor berita dari teks mentah" in text and "Baca dan tampilkan pratinjau" in text

    # The language cookie wins over the browser's header.
    client.cookies["django_language"] = "en"
    assert "Import reports from raw text" in page(upload, HTTP_ACCEPT_LANGUAGE="id")

    # The preview says the importer's stored (Indonesian) reasons in the page's language.
    del client.cookies["django_language"]
    data = {"action": "upload", "text": "", "source": ""}
    data["files"] = [SimpleUploadedFile("kosong.txt", b"")]
    preview = client.post(upload, data, follow=True, HTTP_ACCEPT_LANGUAGE="en")
    assert "Import preview" in preview.content.decode()
    assert "the file is empty" in preview.content.decode()
    assert "berkas kosong" not in preview.content.decode()
    batch_url = preview.redirect_chain[-1][0]
    assert "berkas kosong" in page(batch_url)
