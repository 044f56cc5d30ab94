"""What every page's <head> and header need."""

from django.conf import settings
from django.urls import translate_url

from .metadata import canonical_url


def site(request) -> dict:
    """The canonical URL, and this page in each language (for hreflang and the switch)."""
    query = request.META.get("QUERY_STRING", "")
    path = request.path
    languages = []
    for code, name in settings.LANGUAGES:
        url = translate_url(path, code)
        if query:
            url += "?" + query
        languages.append(
            {"code": code, "name": name, "url": url, "absolute": request.build_absolute_uri(url)}
        )
    return {"canonical_url": canonical_url(request), "languages": languages}
