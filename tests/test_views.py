"""The first public pages: the home list and an article with its facts."""

import json

import pytest

from reports.models import Article
from tests.conftest import DATA

EXPECTED = json.loads((DATA / "seeds_expected.json").read_text(encoding="utf-8"))


@pytest.mark.django_db
def test_home_lists_the_published_seed_titles_newest_first(client, seeded):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    titles = [record["title"] for record in EXPECTED]
    for title in titles:
        assert title in html
    positions = {title: html.index(title) for title in titles}
    newest = (
        "Jelang Pemungutan Suara Pilkada Serentak, Polda Kalteng Tingkatkan Pengamanan Kantor KPU"
    )
    oldest = "Jelang Pemilu 2024 Polres Malang Siagakan Personel di Kantor KPU"
    assert positions[newest] < positions[oldest]


@pytest.mark.django_db
def test_drafts_are_not_public(client, seeded):
    article = Article.objects.get(title__startswith="Siagakan Personel 24 Jam")
    Article.objects.filter(pk=article.pk).update(status=Article.Status.DRAFT)
    assert article.title not in client.get("/").content.decode()
    assert client.get(article.get_absolute_url()).status_code == 404


@pytest.mark.django_db
def test_an_article_page_shows_its_facts(client, seeded):
    article = Article.objects.get(title__startswith="Siagakan Personel 24 Jam")
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    for fact in (
        "jember.bossman.co.id",
        "Siswandi",
        "4 Januari 2024",
        "3 Januari 2024",
        "Jawa Timur",
        "Kabupaten Jember",
        "Polres Jember",
        "Polda Jawa Timur",
        "Moh Nurhidayat",
        "AKBP",
        "Kapolres Jember",
        "Kabag Ops Polres Jember",
        "Pengamanan ini dilakukan untuk mencegah",
        "Pemilu 2024",
        "003_d162cbefd3c39f99.txt",
    ):
        assert fact in html, fact
    assert "<dt>Personel dikerahkan</dt><dd>6</dd>" in html


@pytest.mark.django_db
def test_a_wrong_slug_redirects_to_the_article_address(client, seeded):
    article = Article.objects.first()
    response = client.get(f"/articles/{article.pk}/wrong-slug/")
    assert response.status_code == 301
    assert response["Location"] == article.get_absolute_url()


@pytest.mark.django_db
def test_an_unknown_article_is_404(client, seeded):
    assert client.get("/articles/999999/x/").status_code == 404
