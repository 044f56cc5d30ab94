"""Stored text cannot break what the archive serves: every text field cleans itself
on every write path (docs/data-model.md, "Clean text"), and the feeds clean anything
that got past them (hypothesis)."""

import contextlib
import csv
import io
import json
import re
from urllib.parse import urlsplit
from xml.etree import ElementTree

import feedparser
import pytest
from django.apps import apps
from django.contrib.auth.models import User
from django.db import connection, models
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reports.importer.load import load_article
from reports.importer.records import ArticleRecord, PersonRecord, QuoteRecord
from reports.models import Article, Election, Operation, Quote, Region, Story, UnitAlias
from reports.models.fields import CleanTextMixin
from reports.text import clean_text
from tests.test_admin import change_form_data, staff
from tests.test_hostile import ROUTES

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


# --- Any text, through the real write paths, served by every output -----------------


def desk_form_data(response) -> dict:
    """What the browser would post back from an admin change page, unchanged: the
    main form and every inline form, from the page's own bound fields."""
    data = {}
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        management = formset.management_form
        data |= {
            management.add_prefix(name): management[name].value() for name in management.fields
        }
        forms += list(formset.forms)
    for form in forms:
        for name in form.fields:
            value = form[name].value()
            key = form.add_prefix(name)
            if value is None or value is False:
                continue
            if value is True:
                data[key] = "on"
            elif isinstance(value, list | tuple):
                data[key] = [str(v) for v in value]
            else:
                data[key] = str(value)
    return data


def editable_text_fields(form) -> list[str]:
    """The form's fields that are a model's free-text field (not a choice, not a slug)."""
    model_fields = {f.name: f for f in form._meta.model._meta.concrete_fields}
    return [
        name
        for name in form.fields
        if (field := model_fields.get(name)) is not None
        and isinstance(field, models.CharField | models.TextField)
        and not isinstance(field, models.SlugField)
        and not field.choices
    ]


def write_through_the_desk(client, obj, text: str) -> int:
    """Put `text` in every free-text field of `obj`'s admin change form and of its
    inline forms (one new inline row each, where the inline has free text), as an
    editor's browser would post it. Returns the response's status."""
    text = re.sub("[\ud800-\udfff]", "\ufffd", text)  # what a browser sends for one
    opts = obj._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
    page = client.get(url)
    if page.status_code != 200 or "adminform" not in page.context:
        return page.status_code
    data = desk_form_data(page)
    main = page.context["adminform"].form
    for name in editable_text_fields(main):
        field = main.fields[name]
        data[main.add_prefix(name)] = text[: field.max_length or None]
    for inline in page.context["inline_admin_formsets"]:
        formset = inline.formset
        form = formset.empty_form
        names = editable_text_fields(form)
        if not names or formset.total_form_count() >= formset.max_num:
            continue
        index = formset.total_form_count()
        form.prefix = formset.add_prefix(index)
        data[formset.management_form.add_prefix("TOTAL_FORMS")] = str(index + 1)
        for name in names:
            data[form.add_prefix(name)] = text[: form.fields[name].max_length or None] or "x"
        for name, field in form.fields.items():  # the row's other required fields
            if name in names or not field.required:
                continue
            if name == "order":
                data[form.add_prefix(name)] = str(100 + index)
            elif field.initial is not None:  # a date defaulting to today
                initial = field.initial() if callable(field.initial) else field.initial
                data[form.add_prefix(name)] = str(initial)
            elif hasattr(field, "queryset"):  # one the other rows do not name: no clash
                used = {data.get(f"{formset.add_prefix(i)}-{name}") for i in range(index)}
                choices = field.queryset.order_by("pk").values_list("pk", flat=True)
                data[form.add_prefix(name)] = next(
                    str(pk) for pk in choices.iterator() if str(pk) not in used
                )
    if "title" in main.fields:  # the article's: keep it publishable
        data["material_correction"] = "on"
        data["correction_note"] = text or "Koreksi."
    return client.post(url, data).status_code


def load_through_the_importer(text: str, n: int) -> None:
    """The importer's loader (save and bulk_create) with `text` everywhere a record
    holds text, published; refused with a validation error is fine too."""
    from django.core.exceptions import ValidationError

    short = text[:100]
    record = ArticleRecord(
        file="fuzz.txt",
        title=("Judul " + text)[:500],
        body=text + "\n\nPersonel Polres Jember mengamankan TPS.",
        outlet=short or None,
        author=short or None,
        dateline=short or None,
        people=[PersonRecord(name=("Budi " + short)[:120], rank=text[:40], position=short)],
        quotes=[QuoteRecord(speaker=None, text=text or "Aman.")],
        police_units=["Polres Jember"],
        regency="Kabupaten Jember",
    )
    with contextlib.suppress(ValidationError):  # refused with a reason: fine too
        load_article(record, raw_text=f"{n}\n{text}", status=Article.Status.PUBLISHED)


def served_urls(client, objects) -> list[str]:
    """Every public and API route without a path parameter (both languages), the pages
    and API records of `objects`, and every sitemap."""
    urls = []
    for route, converters in ROUTES.items():
        if converters or "healthz" in route or "readyz" in route or "dataset" in route:
            continue
        for lang in ("", "en/"):
            urls.append("/" + route.replace("{lang}", lang))
    for obj in objects:
        if hasattr(obj, "get_absolute_url"):
            urls.append(obj.get_absolute_url())
    index = client.get("/sitemap.xml").content.decode()
    urls += [urlsplit(loc).path for loc in re.findall(r"<loc>([^<]+)</loc>", index)]
    urls += [f"/api/articles/{obj.pk}" for obj in objects if isinstance(obj, Article)]
    return sorted(set(urls))


def assert_served_safely(url: str, response) -> None:
    assert response.status_code < 500, (url, response.status_code)
    content = b"".join(response.streaming_content) if response.streaming else response.content
    text = content.decode("utf-8")
    assert not RAW_CONTROL.search(text), (url, RAW_CONTROL.search(text))
    kind = response.get("Content-Type", "")
    if response.status_code != 200:
        return
    if "json" in kind:
        json.loads(text)
    elif "atom" in kind or "rss" in kind:
        parsed = feedparser.parse(content)
        assert not parsed.bozo, (url, parsed.bozo_exception)
    elif "csv" in kind:
        for row in csv.reader(io.StringIO(text.removeprefix("\ufeff"))):
            assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in row)
    elif "xml" in kind:
        ElementTree.fromstring(content)


STORED_TEXT = st.one_of(
    hostile_text,
    st.text(alphabet=st.characters(codec=None), min_size=300, max_size=3000),
    st.builds(
        lambda a, b: f"{a}<b>&amp;</b>\u202e{b}\u200f\x0b\x00\ud800",
        st.text(max_size=20),
        st.text(max_size=20),
    ),
)


@pytest.mark.django_db
@settings(
    max_examples=10,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(text=STORED_TEXT)
def test_any_text_stored_through_the_desk_and_the_importer_is_served_safely(
    client, seeded, settings, text
):
    settings.RATE_LIMIT_PER_MINUTE = 0
    chief = User.objects.filter(username="pemred").first() or staff("pemred", "Chief editor")
    load_through_the_importer(text, Article.objects.count())
    client.force_login(chief)
    article = Article.objects.published().order_by("pk").first()
    edited = [article, *article.people.all()[:1], *article.units.all()[:1], article.outlet]
    edited += [Operation.objects.first(), Election.objects.first(), Story.objects.first()]
    edited += [Region.objects.get(code="35.09"), UnitAlias.objects.first()]
    for obj in filter(None, edited):
        status = write_through_the_desk(client, obj, text)
        assert status in (200, 302, 403), (type(obj).__name__, status)
    client.logout()
    for url in served_urls(client, [o for o in edited if o is not None]):
        assert_served_safely(url, client.get(url))
