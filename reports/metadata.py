"""How pages present themselves to machines: canonical URLs, JSON-LD, citations."""

from __future__ import annotations

import json
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .models import Article

# What json_script escapes, so that no string can close the <script> element.
_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}
IGNORED_IN_CANONICAL = {"page", "sort"}


def ld_json(data: dict) -> SafeString:
    """JSON for a <script type="application/ld+json"> block, safe inside HTML."""
    return mark_safe(json.dumps(data, ensure_ascii=False).translate(_ESCAPES))


def canonical_url(request, path: str | None = None) -> str:
    """This page's one address: without paging or sorting, filters in a fixed order.
    `path` gives the same page in another language (its hreflang alternate)."""
    pairs = sorted(
        (key, value)
        for key, values in request.GET.lists()
        if key not in IGNORED_IN_CANONICAL
        for value in values
    )
    base = request.build_absolute_uri(path or request.path)
    return f"{base}?{urlencode(pairs)}" if pairs else base


def news_article(article: Article, url: str) -> dict:
    """schema.org NewsArticle for an article page."""
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.title[:110],
        "url": url,
        "mainEntityOfPage": url,
        "articleBody": article.body[:5000],
        "inLanguage": "id",
        "isAccessibleForFree": True,
        "about": [unit.name for unit in article.units.all()]
        + [operation.name for operation in article.operations.all()],
    }
    if article.published_date or article.date:
        data["datePublished"] = (article.published_date or article.date).isoformat()
    if article.updated_at:
        data["dateModified"] = article.updated_at.isoformat()
    if article.author:
        data["author"] = {"@type": "Person", "name": article.author}
    if article.outlet:
        data["publisher"] = {"@type": "Organization", "name": article.outlet.name}
        if article.outlet.domain:
            data["publisher"]["url"] = f"https://{article.outlet.domain}"
    if article.regency or article.province:
        place = article.regency or article.province
        data["contentLocation"] = {"@type": "Place", "name": f"{place.name}, Indonesia"}
    if article.source.startswith(("http://", "https://")):
        data["isBasedOn"] = article.source
    return data


def dataset(request, total: int) -> dict:
    """schema.org Dataset for the home page, for dataset search engines."""
    absolute = request.build_absolute_uri
    return {
        "@context": "https://schema.org",
        "@type": "Dataset",
        "name": _("Polsec Archive: berita pengamanan Pemilu dan Pilkada 2024 oleh Polri"),
        "description": _(
            "Arsip berita tentang pengamanan Pemilu 2024 dan Pilkada 2024 oleh kepolisian "
            "Indonesia: satuan (Polda, Polres, Polsek), operasi (Mantap Brata, Mantap "
            "Praja), wilayah, tanggal, orang dan kutipan."
        )
        + " "
        + ngettext("%(total)d berita.", "%(total)d berita.", total) % {"total": total},
        "url": absolute(reverse("reports:home")),
        "inLanguage": ["id", "en"],
        "license": "https://opendatacommons.org/licenses/odbl/1-0/",
        "creditText": _("Polsec Archive; data wilayah idn-area-data (ODbL)"),
        "temporalCoverage": "2023-01-01/2024-12-31",
        "spatialCoverage": {"@type": "Place", "name": "Indonesia"},
        "keywords": [
            "Pemilu 2024",
            "Pilkada 2024",
            "Polri",
            "pengamanan pemilu",
            "Operasi Mantap Brata",
            "Operasi Mantap Praja",
        ],
        "distribution": [
            {
                "@type": "DataDownload",
                "encodingFormat": "text/csv",
                "contentUrl": absolute(reverse("reports:articles-csv")),
            },
            {
                "@type": "DataDownload",
                "encodingFormat": "application/json",
                "contentUrl": absolute(reverse("reports:articles-json")),
            },
        ],
    }


def citation(article: Article, permalink: str) -> str:
    """A plain-text citation: outlet, author, date, title, then the archive's page."""
    parts = [article.outlet.name if article.outlet else "", article.author]
    when = article.published_date or article.date
    head = ". ".join(p for p in parts if p)
    dated = f"({date_format(when, 'j F Y')})" if when else _("(tanpa tanggal)")
    return f"{head} {dated}. “{article.title}”. Polsec Archive, {permalink}".strip()


def bibtex(article: Article, permalink: str) -> str:
    """A BibTeX @misc entry for the article as archived here."""
    when = article.published_date or article.date

    def field(value: str) -> str:
        return value.replace("\\", "").replace("{", "").replace("}", "")

    lines = [f"@misc{{polsec{article.pk},", f"  title = {{{{{field(article.title)}}}}},"]
    if article.author:
        lines.append(f"  author = {{{field(article.author)}}},")
    if article.outlet:
        lines.append(f"  howpublished = {{{field(article.outlet.name)}}},")
    if when:
        lines.append(f"  year = {{{when.year}}},")
        lines.append(f"  month = {{{when.month}}},")
        lines.append(f"  date = {{{when.isoformat()}}},")
    lines.append(f"  url = {{{permalink}}},")
    note = field(_("Diarsipkan di Polsec Archive"))
    lines.append(f"  note = {{{note}}},")
    lines.append("}")
    return "\n".join(lines)
