"""Shared fixtures: the seed archive, raw seed texts, small factories."""

from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parent.parent
SEED_DIR = ROOT / "fixtures" / "seeds"
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(autouse=True)
def no_page_cache(settings):
    """Tests see every request served fresh; tests/test_cache.py turns the cache on."""
    from django.core.cache import cache

    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    cache.clear()


@pytest.fixture
def seed_paths() -> list[Path]:
    return sorted(SEED_DIR.glob("*.txt"))


@pytest.fixture
def seeded(db):
    """The archive as `make run` serves it: migrations plus the seed fixture."""
    call_command("loaddata", "fixtures/seeds.json", verbosity=0)


# --- Browser tests ------------------------------------------------------------
# Playwright drives Debian's chromium (CHROMIUM, default /usr/bin/chromium); the
# flags keep it off the closed network. `make test-browser` installs what's needed.
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE = Path(__file__).resolve().parent / "browser" / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = ROOT / "artifacts" / "screenshots"


@pytest.fixture
def database_down(monkeypatch):
    """Every new query fails as it does while PostgreSQL restarts."""
    from django.db import OperationalError, connection

    def down(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(connection, "cursor", down)


@pytest.fixture(scope="session")
def browser():
    import os

    from playwright.sync_api import sync_playwright

    executable = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def live_site(tmp_path_factory):
    """The real site, in production mode (DEBUG off: the site's own error pages,
    hashed static files served by whitenoise, secure cookies), served by `manage.py
    runserver` from a database file of its own (migrated, with the seed fixture), as
    a reader would reach it over HTTP (no TLS redirect on the loopback).

    A separate process keeps Playwright's event loop away from the test database;
    what a browser test changes, it changes through the site itself."""
    import os
    import socket
    import subprocess
    import sys
    import time
    import urllib.request

    folder = tmp_path_factory.mktemp("live-site")
    env = os.environ | {
        "DATABASE_URL": f"sqlite:///{folder / 'db.sqlite3'}",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "browser-tests-only-" + "x" * 40,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SSL_REDIRECT": "0",
        "DJANGO_STATIC_ROOT": str(folder / "static"),
        "PYTHONUNBUFFERED": "1",
        # Small pages, so that five seed reports are enough to page through.
        "DJANGO_ARTICLES_PER_PAGE": "2",
    }
    manage = [sys.executable, str(ROOT / "manage.py")]
    for args in (
        ["collectstatic", "--no-input", "-v0"],
        ["migrate", "--no-input", "-v0"],
        ["loaddata", "fixtures/seeds.json", "-v0"],
    ):
        subprocess.run(manage + args, cwd=ROOT, env=env, check=True)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    log = (folder / "server.log").open("w")
    server = subprocess.Popen(
        [*manage, "runserver", "--noreload", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(url + "/", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        else:
            raise RuntimeError(f"the site did not start: see {folder / 'server.log'}")
        yield url
    finally:
        server.terminate()
        server.wait(timeout=10)
        log.close()


@pytest.fixture(params=[(1280, 900), (375, 812)], ids=["desktop", "phone"])
def page(request, browser):
    width, height = request.param
    # bypass_csp lets the test inject axe-core; the site's own CSP stays as served.
    context = browser.new_context(
        viewport={"width": width, "height": height}, bypass_csp=True, locale="id-ID"
    )
    page = context.new_page()
    page.viewport_name = "phone" if width < 600 else "desktop"
    yield page
    context.close()


def axe_violations(page) -> list[dict]:
    """Run axe-core (WCAG 2.1 A and AA rules) on the page; return the violations."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        """async () => await axe.run(document, {
            runOnly: {type: 'tag',
                      values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}
        })"""
    )
    return [
        {"id": v["id"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
    ]


def screenshot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}-{page.viewport_name}.png"), full_page=True)


# --- The desk's people on the live site (tests/test_browser_editors.py) ---------------
DESK_PASSWORD = "meja-redaksi-2024"
DESK_USERS = {"editor": ("redaktur", "Editor"), "chief": ("pemred", "Chief editor")}


@pytest.fixture(scope="session")
def desk_users(live_site, tmp_path_factory):
    """An editor and a chief editor with a known password on the live site, made in
    its database (found beside its server log) by `manage.py shell -c`.
    Returns {"editor": (username, password), "chief": (username, password)}."""
    import os
    import subprocess
    import sys

    [database] = tmp_path_factory.getbasetemp().glob("live-site[0-9]*/db.sqlite3")
    code = (
        "from django.contrib.auth.models import Group, User\n"
        f"for username, group in {list(DESK_USERS.values())!r}:\n"
        "    user, _ = User.objects.get_or_create(username=username)\n"
        "    user.is_staff = True\n"
        f"    user.set_password({DESK_PASSWORD!r})\n"
        "    user.save()\n"
        "    user.groups.set([Group.objects.get(name=group)])\n"
    )
    env = os.environ | {"DATABASE_URL": f"sqlite:///{database}", "DJANGO_DEBUG": "1"}
    subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "shell", "--no-imports", "-c", code],
        cwd=ROOT,
        env=env,
        check=True,
    )
    return {role: (username, DESK_PASSWORD) for role, (username, _) in DESK_USERS.items()}
