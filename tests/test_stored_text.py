"""Stored text cannot break what the archive serves: every text field cleans itself
on every write path (docs/data-model.md, "Clean text"), and the feeds clean anything
that got past them (hypothesis)."""

import re

import feedparser
import pytest
from django.apps import apps
from django.db import connection, models
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from reports.models import Article, Quote
from reports.models.fields import CleanTextMixin
from reports.text import clean_text
from tests.test_admin import change_form_data, staff

# Raw controls in served text: C0 but tab, LF and CR; DEL; C1; lone surrogates.
RAW_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
REPORT_MODELS = [m for m in apps.get_app_config("reports").get_models() if not m._meta.auto_created]


def text_fields(model) -> list[models.Field]:
    return [
        f
        for f in model._meta.concrete_fields
        if isinstance(f, models.CharField | models.TextField)
        and not f.name.startswith("history_")  # simple_history's own bookkeeping
    ]


hostile_text = st.one_of(
    st.text(alphabet=st.characters(codec=None, categories=["Cc", "Cs", "Cf", "Zl", "Zp"])),
    st.text(),
    st.text(alphabet=st.characters(codec=None)),  # surrogates included
    st.sampled_from(
        [
            "Judul\x0bbaru",
            "\x00",
            "a\x00b\x1fc\x7fd\x85e\ud800f",
            "<script>alert('x')</script>",
            "\u202eRTL\u200f\u200e",
            '=HYPERLINK("http://x")',
            "\ufffe\uffff",
        ]
    ),
)


# --- The fields ------------------------------------------------------------------


def test_every_text_field_of_every_model_cleans_what_it_stores():
    plain = [
        f"{model.__name__}.{field.name}"
        for model in REPORT_MODELS
        for field in text_fields(model)
        if not isinstance(field, CleanTextMixin)
    ]
    assert plain == []


@settings(max_examples=200, deadline=None)
@given(text=hostile_text)
def test_no_text_field_prepares_a_control_character_or_a_surrogate(text):
    for model in REPORT_MODELS:
        for field in text_fields(model):
            stored = field.get_prep_value(text)
            assert not RAW_CONTROL.search(stored), (model.__name__, field.name, stored)
            assert field.to_python(text) == stored
            if not isinstance(field, models.TextField):
                assert "\n" not in stored and "\t" not in stored
            assert len(stored) <= len(text)
            assert clean_text(stored, multiline=isinstance(field, models.TextField)) == stored


@pytest.mark.django_db
def test_save_bulk_create_and_update_store_clean_text():
    article = Article.objects.create(
        title="Judul\x0bbaru\x00",
        body="Satu\r\ndua\x0ctiga",
        raw_text="x",
        content_hash="a" * 64,
        imported_at="2024-08-14T00:00Z",
    )
    assert (article.title, article.body) == ("Judul baru ", "Satu\ndua tiga")
    Quote.objects.bulk_create([Quote(article=article, text="kata\x1bnya", order=0)])
    Article.objects.filter(pk=article.pk).update(author="Penulis\x85satu")
    article.refresh_from_db()
    assert article.title == "Judul baru "
    assert article.author == "Penulis satu"
    assert Quote.objects.get().text == "kata nya"


@pytest.mark.django_db
def test_a_vertical_tab_pasted_into_a_title_on_the_desk_leaves_the_feeds_working(client, seeded):
    article = Article.objects.published().first()
    client.force_login(staff("pemred", "Chief editor"))
    url = reverse("admin:reports_article_change", args=[article.pk])
    data = change_form_data(article, title="Pengamanan TPS\x0bPolres Jember")
    assert client.post(url, data).status_code == 302
    article.refresh_from_db()
    assert article.title == "Pengamanan TPS Polres Jember"
    for feed in ("/feeds/articles.atom", "/feeds/articles.rss"):
        response = client.get(feed)
        assert response.status_code == 200
        assert not feedparser.parse(response.content).bozo


@pytest.mark.django_db
@pytest.mark.parametrize("feed", ["/feeds/articles.atom", "/feeds/articles.rss"])
def test_a_feed_survives_control_characters_stored_behind_the_models_back(client, seeded, feed):
    article = Article.objects.published().first()
    with connection.cursor() as cursor:  # raw SQL: no field cleans it
        cursor.execute(
            "UPDATE reports_article SET title = %s, author = %s, body = %s WHERE id = %s",
            ["Judul\x0bbaru\x1f", "Pen\x08ulis", "Isi\x0c berita", article.pk],
        )
    response = client.get(feed)
    assert response.status_code == 200
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo
    assert any(entry.title == "Judulbaru" for entry in parsed.entries)
