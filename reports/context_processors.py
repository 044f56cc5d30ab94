"""What every page's <head> and header need."""

from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language_from_path

from .metadata import canonical_url


def site(request) -> dict:
    """The canonical URL, and this page in each language: `url` for the language switch,
    `absolute` (that language's canonical URL) for <link rel="alternate" hreflang>.

    The switch is plain links, so it works without JavaScript and each language's page
    is cached under its own URL (reports/cache.py); the whole query string is kept, so
    /articles/?region=35&q=imbau switches to /en/articles/?region=35&q=imbau."""
    query = request.META.get("QUERY_STRING", "")
    languages = []
    for code, name in settings.LANGUAGES:
        path = in_language(request.path, code)
        languages.append(
            {
                "code": code,
                "name": name,
                "url": f"{path}?{query}" if query else path,
                "absolute": canonical_url(request, path),
            }
        )
    default = next(lang for lang in languages if lang["code"] == settings.LANGUAGE_CODE)
    return {
        "canonical_url": canonical_url(request),
        "languages": languages,
        # hreflang="x-default": the Indonesian page, the site's own language.
        "default_language": default,
    }


def in_language(path: str, code: str) -> str:
    """`path` in language `code`: Django's translate_url for a page that resolves, the
    prefix swapped by hand for one that does not (a 404 keeps its language switch)."""
    translated = translate_url(path, code)
    current = get_language_from_path(path)
    if translated != path or current == code:
        return translated
    if current and current != settings.LANGUAGE_CODE:
        path = path.removeprefix(f"/{current}")  # /en/x -> /x
    if code != settings.LANGUAGE_CODE:
        path = f"/{code}{path}"
    return path
