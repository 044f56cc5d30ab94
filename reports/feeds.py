"""Atom and RSS feeds of any list: /feeds/articles.atom and /feeds/articles.rss take
the parameters of /articles/ (a monitor subscribes to ?operation=...&region=14)."""

from __future__ import annotations

import datetime as dt

from django.contrib.syndication.views import Feed
from django.http import HttpResponseBadRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import gettext as _

from .browse import BadParameters, select, with_params
from .models import Article
from .text import xml_safe

FEED_SIZE = 50


def _xml_safe(value):
    """A feed's value with what XML 1.0 cannot carry removed (strings, and the
    strings in lists such as categories)."""
    if isinstance(value, str):
        return xml_safe(value)
    if isinstance(value, list | tuple):
        return type(value)(_xml_safe(v) for v in value)
    return value


class XmlSafeFeedMixin:
    """A feed generator that cannot be broken by stored text: every string reaches
    Django's XML writer (which raises on control characters) cleaned. The models'
    fields clean what they store; this is the defence behind them, for a value that
    got in some other way (raw SQL, a restored old backup)."""

    def __init__(self, *args, **kwargs):
        super().__init__(
            *(_xml_safe(a) for a in args), **{k: _xml_safe(v) for k, v in kwargs.items()}
        )

    def add_item(self, *args, **kwargs):
        super().add_item(
            *(_xml_safe(a) for a in args), **{k: _xml_safe(v) for k, v in kwargs.items()}
        )


class SafeAtom1Feed(XmlSafeFeedMixin, Atom1Feed):
    pass


class SafeRss201rev2Feed(XmlSafeFeedMixin, Rss201rev2Feed):
    pass


class ArticleFeed(Feed):
    """The newest published articles matching the request's parameters."""

    feed_type = SafeAtom1Feed
    suffix = "atom"
    # No `language`: Django writes the active one, "id" at /feeds/, "en" at /en/feeds/.

    def __call__(self, request, *args, **kwargs):
        try:
            self.selection = select(request, Article.objects.published())
        except BadParameters as error:
            lines = [f"{key}: {' '.join(messages)}" for key, messages in error.errors.items()]
            return HttpResponseBadRequest("\n".join(lines), content_type="text/plain")
        self.query_string = with_params(request.GET)
        return super().__call__(request, *args, **kwargs)

    def title(self):
        chips = [chip.label for chip in _chips(self.selection)]
        if chips:
            return _("Polsec Archive: %(filters)s") % {"filters": ", ".join(chips)}
        return _("Polsec Archive: berita terbaru")

    def subtitle(self):
        return _("Berita pengamanan Pemilu dan Pilkada 2024 oleh Polri.")

    description = subtitle

    def link(self):
        return reverse("reports:articles") + (self.query_string if self.query_string != "?" else "")

    def feed_url(self):
        return reverse(f"reports:feed-{self.suffix}") + (
            self.query_string if self.query_string != "?" else ""
        )

    def items(self):
        newest = self.selection.filtered.newest_first()
        return list(
            newest.select_related("outlet", "province", "regency").defer("raw_text")[:FEED_SIZE]
        )

    def item_title(self, item: Article) -> str:
        return item.title

    def item_description(self, item: Article) -> str:
        where = ", ".join(r.name for r in (item.regency, item.province) if r)
        lead = item.body.split("\n\n")[0][:600]
        return " · ".join(p for p in (item.outlet.name if item.outlet else "", where, lead) if p)

    def item_author_name(self, item: Article) -> str | None:
        return item.author or (item.outlet.name if item.outlet else None)

    def item_pubdate(self, item: Article):
        day = item.published_date or item.date
        if day is None:
            return item.imported_at
        return timezone.make_aware(dt.datetime.combine(day, dt.time(12)))

    def item_updateddate(self, item: Article):
        return item.updated_at

    def item_guid(self, item: Article) -> str:
        return f"polsec-article-{item.pk}"

    item_guid_is_permalink = False


class ArticleRssFeed(ArticleFeed):
    feed_type = SafeRss201rev2Feed
    suffix = "rss"


def _chips(selection):
    from .browse import chips

    return chips(selection.filterset.form.data, selection.data)
