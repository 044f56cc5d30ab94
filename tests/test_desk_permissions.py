"""No route of the desk lets an Editor publish or withdraw (docs/editors.md, issue 11).

Not examples but a walk: every URL pattern of the admin (the site's own and each
ModelAdmin's `get_urls()`, so a page added later is walked too) is filled with every
article in each status and every history version of it, and every other registered
model's objects; each page is fetched and each of its forms posted back as a browser
would (unchanged, with `status` forced to each value, and each registered action,
offered or not, with each article selected); the public API is sent every method.
After each request the articles' statuses are compared with those before it: an
Editor's walk must never move one to, from or between published and withdrawn. A
chief editor's walk must (so that the walk can fail). Each request starts from the
same archive: it runs in a savepoint that is rolled back.
"""

from __future__ import annotations

import re
from contextlib import contextmanager
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.contrib import admin
from django.contrib.admin import ActionLocation
from django.contrib.auth.models import Group, User
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.urls import URLPattern, reverse
from django.urls.resolvers import RoutePattern
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reports import publishing
from reports.api import api
from reports.models import Article, Correction, ImportBatch, Story
from tests.factories import make_article

STATUSES = list(Article.Status.values)
ADMIN = reverse("admin:index")


# --- Reading pages as a browser does ---------------------------------------------------


class Forms(HTMLParser):
    """The POST forms of a page: each one's action and fields (name, kind, value,
    and for a select its options and whether it is multiple)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[dict] = []
        self.form = self.select = self.textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.form = {
                "method": (attrs.get("method") or "get").lower(),
                "action": attrs.get("action"),
                "fields": [],
                "buttons": [],
            }
            self.forms.append(self.form)
        elif self.form is None:
            return
        elif tag == "input":
            kind = (attrs.get("type") or "text").lower()
            if kind in ("submit", "image"):
                if attrs.get("name"):
                    self.form["buttons"].append((attrs["name"], attrs.get("value", "")))
            elif kind in ("checkbox", "radio"):
                if "checked" in attrs and attrs.get("name"):
                    self.form["fields"].append([attrs["name"], attrs.get("value", "on")])
                if attrs.get("name"):
                    self.form.setdefault("boxes", []).append(
                        (attrs["name"], attrs.get("value", "on"))
                    )
            elif kind != "file" and attrs.get("name"):
                self.form["fields"].append([attrs["name"], attrs.get("value", "")])
        elif tag == "button" and attrs.get("name") and (attrs.get("type") or "submit") == "submit":
            self.form["buttons"].append((attrs["name"], attrs.get("value", "")))
        elif tag == "select" and attrs.get("name"):
            self.select = {
                "name": attrs["name"],
                "multiple": "multiple" in attrs,
                "options": [],
                "selected": [],
            }
            self.form.setdefault("selects", []).append(self.select)
        elif tag == "option" and self.select is not None:
            value = attrs.get("value", "")
            self.select["options"].append(value)
            if "selected" in attrs:
                self.select["selected"].append(value)
        elif tag == "textarea" and attrs.get("name"):
            self.textarea = [attrs["name"], ""]
            self.form["fields"].append(self.textarea)

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.form = None
        elif tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None


def post_forms(response, page_url: str) -> list[dict]:
    """The page's POST forms, each with its address and the data a browser sends
    (a single select with nothing selected sends its first option)."""
    if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
        return []
    parser = Forms()
    parser.feed(response.content.decode())
    forms = []
    for form in parser.forms:
        if form["method"] != "post":
            continue
        data: dict[str, list[str]] = {}
        for name, value in form["fields"]:
            data.setdefault(name, []).append(value)
        selects = form.get("selects", [])
        for select in selects:
            chosen = select["selected"] or ([] if select["multiple"] else select["options"][:1])
            data.setdefault(select["name"], []).extend(chosen)
        data = {k: v for k, v in data.items() if "__prefix__" not in k}
        forms.append(
            {
                "url": urljoin(page_url, form["action"] or page_url),
                "data": data,
                "buttons": form["buttons"] or [None],
                "selects": {select["name"] for select in selects},
                "boxes": form.get("boxes", []),
            }
        )
    return forms


# --- What the walk fills the URL patterns with ------------------------------------------


def history_of(obj) -> list | None:
    """The object's history versions, oldest first; None if its history is not kept."""
    manager = getattr(type(obj)._meta, "simple_history_manager_attribute", None)
    return list(getattr(obj, manager).order_by("history_id")) if manager else None


def objects_of(model, articles) -> list:
    if model is Article:
        return articles
    return list(model._default_manager.order_by("pk")[:1]) + (
        list(ImportBatch.objects.order_by("pk")) if model is ImportBatch else []
    )


def fillings(name: str | None, pattern, model, articles) -> list[tuple]:
    """Every argument tuple to reverse `pattern` with. A pattern whose arguments the
    walk does not know fails the test: teach the walk, do not skip the page."""
    if isinstance(pattern.pattern.regex.pattern, str) and pattern.pattern.regex.groups == 0:
        return [()]
    converters = list(getattr(pattern.pattern, "converters", {}) or {})
    groups = converters or list(pattern.pattern.regex.groupindex)
    if name and name.endswith("_simple_history"):
        return [
            (obj.pk, version.history_id)
            for obj in objects_of(model, articles)
            for version in history_of(obj) or []
        ]
    if groups in (["object_id"], ["id"]):
        return [(obj.pk,) for obj in objects_of(model, articles)]
    if groups == ["content_type_id", "object_id"]:
        article_type = ContentType.objects.get_for_model(Article).pk
        return [(article_type, article.pk) for article in articles]
    if groups == ["app_label"]:
        return [(label,) for label in sorted({m._meta.app_label for m in admin.site._registry})]
    if groups == ["url"]:
        return [("no-such-page/",)]
    pytest.fail(f"the walk cannot fill {groups} of {pattern.pattern} ({name}): teach it")


# Query strings a page is reached with; the import page shows each batch by its id.
QUERIES = {
    "reports_article_import": lambda: (
        [""] + [f"?batch={pk}" for pk in ImportBatch.objects.values_list("pk", flat=True)]
    )
}


def admin_pages(articles) -> list[tuple[str, str]]:
    """(pattern name, URL) for every admin URL pattern and every filling of it."""
    patterns = [(p, None) for p in admin.site.get_urls() if isinstance(p, URLPattern)]
    for model, model_admin in admin.site._registry.items():
        patterns += [(p, model) for p in model_admin.get_urls()]
    pages = []
    for pattern, model in patterns:
        prefix = f"{model._meta.app_label}/{model._meta.model_name}/" if model else ""
        label = pattern.name or f"{prefix}{pattern.pattern}"
        for args in fillings(pattern.name, pattern, model, articles):
            if pattern.name:
                url = reverse(f"admin:{pattern.name}", args=args)
            else:
                route = str(pattern.pattern)
                for value in args:
                    route = re.sub(r"<[^>]+>", str(value), route, count=1)
                literal = isinstance(pattern.pattern, RoutePattern)
                url = ADMIN + prefix + (route if literal else args[0])
            for query in QUERIES.get(pattern.name, lambda: [""])():
                pages.append((label, url + query))
    return pages


def action_names(url: str, select: str) -> list[str]:
    """Every action registered for the admin that serves `url` at the select's place
    (the change list, or Django 6.1's change form), offered to this user or not."""
    location = (
        ActionLocation.CHANGE_FORM
        if select.startswith("CHANGE_FORM")
        else ActionLocation.CHANGE_LIST
    )
    names = set()
    for model, model_admin in admin.site._registry.items():
        if urlsplit(url).path.startswith(
            ADMIN + f"{model._meta.app_label}/{model._meta.model_name}/"
        ):
            names |= {action.name for action in model_admin._get_base_actions(location)}
    return sorted(names)


def variants(form: dict) -> list[tuple[str, dict]]:
    """The data to post a form back with: as it is (with each of its submit buttons),
    with each registered action and selection, and with `status` forced to each value
    on an article's form (offered or not, present or read-only)."""
    out = []
    for button in form["buttons"]:
        data = dict(form["data"]) | ({button[0]: [button[1]]} if button else {})
        out.append((f"as is{f' ({button[0]}={button[1]})' if button else ''}", data))
    base = form["data"]
    for select in sorted(s for s in form["selects"] if s == "action" or s.endswith("-action")):
        boxes = [value for name, value in form["boxes"] if name == "_selected_action"]
        selections = [[value] for value in boxes] + ([boxes] if len(boxes) > 1 else [])
        for name in action_names(form["url"], select):
            for selected in selections:
                out.append(
                    (
                        f"action {name} on {selected}",
                        base | {select: [name], "_selected_action": selected},
                    )
                )
    if (
        urlsplit(form["url"]).path.startswith(reverse("admin:reports_article_changelist"))
        and "title" in base
    ):
        for status in STATUSES:
            out.append((f"status={status}", base | {"status": [status]}))
    return out


# --- The walk ---------------------------------------------------------------------------


def statuses() -> dict[int, str]:
    return dict(Article.objects.values_list("pk", "status"))


@contextmanager
def rolled_back(client):
    """Whatever happens inside is undone: the database (a savepoint) and the
    client's cookies (a logout, a language)."""
    cookies = client.cookies
    client.cookies = type(cookies)(cookies)
    try:
        with transaction.atomic():
            yield
            transaction.set_rollback(True)
    finally:
        client.cookies = cookies


class Walk:
    def __init__(self, client, user, articles):
        self.client, self.articles = client, articles
        client.force_login(user)
        self.crossings: list[tuple[str, str, str, str, str | None, str | None]] = []
        self.requests = 0
        self.seen_forms: set = set()
        self.walked: set[str] = set()

    def request(self, label: str, method: str, url: str, data=None, variant: str = ""):
        before = statuses()
        response = (
            getattr(self.client, method)(url, data)
            if data is not None
            else getattr(self.client, method)(url)
        )
        self.requests += 1
        assert response.status_code < 500, (method, url, variant, response.status_code)
        after = statuses()
        for pk in before.keys() | after.keys():
            if publishing.crosses_public_line(before.get(pk), after.get(pk)):
                self.crossings.append((label, method, url, variant, before.get(pk), after.get(pk)))
        return response

    def page(self, label: str, url: str) -> None:
        self.walked.add(label)
        with rolled_back(self.client):
            response = self.request(label, "get", url)
            for form in post_forms(response, url):
                self.post_back(label, form, depth=1)

    def post_back(self, label: str, form: dict, depth: int) -> None:
        for variant, data in variants(form) if depth == 1 else variants(form)[:1]:
            key = (form["url"], variant, tuple(sorted((k, tuple(v)) for k, v in data.items())))
            if key in self.seen_forms:
                continue
            self.seen_forms.add(key)
            with rolled_back(self.client):
                response = self.request(label, "post", form["url"], data, variant)
                if depth == 1:  # a page that asks again (delete, merge): answer it
                    for follow_up in post_forms(response, form["url"]):
                        self.post_back(label, follow_up, depth=2)

    def api(self) -> None:
        for pattern in api.urls[0]:
            route = str(pattern.pattern)
            for pk in [a.pk for a in self.articles] if "<article_id>" in route else [0]:
                url = "/api/" + re.sub(r"<[^>]+>", "x", route.replace("<article_id>", str(pk)))
                for method in ("get", "post", "put", "patch", "delete"):
                    with rolled_back(self.client):
                        self.request("api", method, url)

    def run(self) -> Walk:
        for label, url in admin_pages(self.articles):
            self.page(label, url)
        self.api()
        return self


def staff(username: str, group: str) -> User:
    user = User.objects.create_user(username, password="kata-sandi-rahasia-1", is_staff=True)
    user.groups.add(Group.objects.get(name=group))  # the real groups, from migration 0007
    return user


def article_in(status: str) -> Article:
    """An article now in `status` that has been in every status (a version each)."""
    article = make_article(status=Article.Status.DRAFT, title=f"Berita {status}")
    for step in [s for s in STATUSES if s not in (Article.Status.DRAFT, status)] + [status]:
        article.status = step
        article.save()
    return article


@pytest.fixture
def desk(seeded, client):
    """The seed archive, an article in each status with a version in every status,
    a story, a correction, and two import batches waiting for confirmation: the
    editor's own and another editor's."""
    from django.test import Client

    from tests.test_admin_import import upload

    articles = [article_in(status) for status in STATUSES]
    Story.objects.create(title="Peristiwa uji")
    for model in admin.site._registry:  # a version to revert to, for each kept history
        first = model._default_manager.order_by("pk").first()
        if first is not None and history_of(first) == []:
            first.save()
    Correction.objects.create(article=articles[2], note="Koreksi uji.")
    editor, chief = staff("redaktur", "Editor"), staff("pemred", "Chief editor")
    for user, text in (
        (editor, "milik redaktur"),
        (staff("redaktur-lain", "Editor"), "milik rekan"),
    ):
        other = Client()
        other.force_login(user)
        body = " ".join(["Personel Polres Jember mengamankan gudang logistik KPU", text] * 20)
        upload(other, text=f"Judul unggahan {text}\n\nJember - {body}.")
    return {"articles": articles, "editor": editor, "chief": chief}


@pytest.mark.django_db
def test_no_admin_route_or_action_lets_an_editor_publish_or_withdraw(client, desk):
    walk = Walk(client, desk["editor"], desk["articles"]).run()
    assert walk.crossings == []
    # The walk went everywhere: every named page of the archive's own models (the
    # revert, change, add, history and delete pages, the change list and its
    # actions, the import page) and hundreds of forms posted back.
    reports_pages = {
        pattern.name
        for model, model_admin in admin.site._registry.items()
        if model._meta.app_label == "reports"
        for pattern in model_admin.get_urls()
        if pattern.name
    }
    assert reports_pages <= walk.walked, reports_pages - walk.walked
    assert {
        "reports_article_simple_history",
        "reports_article_change",
        "reports_article_changelist",
        "reports_article_import",
    } <= walk.walked
    assert walk.requests > 300


@pytest.mark.django_db
def test_the_same_walk_lets_a_chief_editor_publish_and_withdraw(client, desk):
    walk = Walk(client, desk["chief"], desk["articles"]).run()
    routes = {label for label, *_ in walk.crossings}
    # The revert, the change form and the actions all cross for a chief editor:
    # the walk can see a crossing by each route it checks an editor's.
    assert {
        "reports_article_simple_history",
        "reports_article_change",
        "reports_article_changelist",
    } <= routes
    moves = {(before, after) for *_, before, after in walk.crossings}
    assert (Article.Status.IN_REVIEW, Article.Status.PUBLISHED) in moves
    assert (Article.Status.PUBLISHED, Article.Status.WITHDRAWN) in moves


# --- Sequences: an editor's history grows as they work --------------------------------------

STEP = st.one_of(
    st.tuples(
        st.just("action"),
        st.sampled_from(["send_to_review", "publish", "withdraw"]),
        st.integers(0, 3),
    ),
    st.tuples(st.just("change"), st.sampled_from(STATUSES), st.integers(0, 3)),
    st.tuples(st.just("revert"), st.sampled_from(STATUSES), st.integers(0, 3)),
)


@pytest.mark.django_db
@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(steps=st.lists(STEP, min_size=1, max_size=6))
def test_no_sequence_of_editor_steps_crosses_the_public_line(client, desk, steps):
    """Each step may revert to a version an earlier step made: whatever the order,
    an editor never moves an article across the line."""
    from tests.test_admin import change_form_data

    walk = Walk(client, desk["editor"], desk["articles"])
    with rolled_back(client):
        for kind, value, index in steps:
            article = Article.objects.get(pk=desk["articles"][index].pk)
            if kind == "action":
                data = {"action": value, "_selected_action": [article.pk]}
                walk.request(kind, "post", reverse("admin:reports_article_changelist"), data)
            elif kind == "change":
                url = reverse("admin:reports_article_change", args=[article.pk])
                walk.request(kind, "post", url, change_form_data(article, status=value))
            else:
                versions = article.history.filter(status=value).order_by("-history_id")
                url = reverse(
                    "admin:reports_article_simple_history",
                    args=[article.pk, versions[0].history_id],
                )
                walk.request(kind, "post", url, change_form_data(article, status=value))
    assert walk.crossings == []
