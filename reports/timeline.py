"""Reports over time, drawn on the server as an SVG bar chart (no JavaScript).

`timeline(articles)` counts reports per month (or per week over a short span) and
lays out the bars, the axis labels and the election voting days; the template
`includes/timeline.html` draws it and repeats the numbers as a table for screen
readers. Labels are written in the active language (month names by Django's l10n).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Max, Min, QuerySet
from django.db.models.functions import TruncWeek
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from .models import Election

WIDTH, HEIGHT = 720, 180
MARGIN_LEFT, MARGIN_BOTTOM, MARGIN_TOP = 34, 34, 18
WEEKLY_UNDER_DAYS = 200  # spans shorter than this are drawn week by week


@dataclass
class Bar:
    start: dt.date
    count: int
    x: float
    y: float
    width: float
    height: float
    label: str


@dataclass
class Marker:
    x: float
    label: str
    day: dt.date

    @property
    def anchor(self) -> str:
        """Keep the label inside the chart near its edges."""
        if self.x > WIDTH * 0.8:
            return "end"
        return "start" if self.x < WIDTH * 0.2 else "middle"


@dataclass
class Tick:
    x: float
    label: str


@dataclass
class Timeline:
    granularity: str  # "month" or "week"
    bars: list[Bar]
    markers: list[Marker]
    ticks: list[Tick]
    y_ticks: list[tuple[float, int]]
    max_count: int
    total: int
    width: int = WIDTH
    height: int = HEIGHT

    @property
    def chart_bottom(self) -> int:
        return HEIGHT - MARGIN_BOTTOM

    @property
    def chart_left(self) -> int:
        return MARGIN_LEFT


def timeline(
    articles: QuerySet, elections: list[Election] | None = None, *, snapshot=None, positions=None
) -> Timeline | None:
    """The timeline of `articles` (by their date), or None when none has a date.

    With a `snapshot` of the published archive (reports/bitmaps.py), `positions` (None
    for all of it) are counted on it instead: the same articles as `articles`."""
    dated = articles.filter(date__isnull=False).order_by()
    if snapshot is not None:
        bounds = snapshot.date_bounds(positions)
    else:
        found = dated.aggregate(first=Min("date"), last=Max("date"))
        bounds = (found["first"], found["last"]) if found["first"] else None
    if bounds is None:
        return None
    elections = elections if elections is not None else list(Election.objects.all())
    first, last = _with_nearby_voting_days(*bounds, elections)
    granularity = "week" if (last - first).days < WEEKLY_UNDER_DAYS else "month"
    if snapshot is not None:
        starts = _buckets(_bucket_start(first, granularity), last, granularity)
        spans = [(start, _bucket_end(start, granularity)) for start in starts]
        counts = dict(zip(starts, snapshot.date_counts(positions, spans), strict=True))
    elif granularity == "week":
        rows = dated.annotate(bucket=TruncWeek("date")).values("bucket").annotate(n=Count("pk"))
        counts = {_as_date(row["bucket"]): row["n"] for row in rows}
    else:
        from .browse import year_month

        rows = dated.annotate(bucket=year_month("date")).values("bucket").annotate(n=Count("pk"))
        counts = {dt.date.fromisoformat(row["bucket"] + "-01"): row["n"] for row in rows}
    return layout(counts, _bucket_start(first, granularity), last, granularity, elections)


def _with_nearby_voting_days(first, last, elections, within=dt.timedelta(days=90)):
    """Stretch [first, last] to take in voting days close to it: a run of reports
    just before an election reads best with the voting day on the chart."""
    for election in elections:
        if first - within <= election.voting_day <= last + within:
            first, last = min(first, election.voting_day), max(last, election.voting_day)
    return first, last


def _bucket_start(day: dt.date, granularity: str) -> dt.date:
    if granularity == "week":
        return day - dt.timedelta(days=day.weekday())
    return day.replace(day=1)


def _as_date(value) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


def _buckets(first: dt.date, last: dt.date, granularity: str) -> list[dt.date]:
    buckets, current = [], first
    while current <= last:
        buckets.append(current)
        if granularity == "week":
            current += dt.timedelta(days=7)
        else:
            current = (current.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return buckets


def layout(
    counts: dict[dt.date, int],
    first: dt.date,
    last: dt.date,
    granularity: str,
    elections: list[Election],
) -> Timeline:
    """Bars for each bucket from `first` to `last` (empty ones too), axis and markers."""
    buckets = _buckets(first, last, granularity)
    span_start = buckets[0]
    span_end = _bucket_end(buckets[-1], granularity)
    plot_width = WIDTH - MARGIN_LEFT - 8
    plot_height = HEIGHT - MARGIN_BOTTOM - MARGIN_TOP
    step = plot_width / len(buckets)
    top = max(counts.values())
    bars = []
    for index, start in enumerate(buckets):
        count = counts.get(start, 0)
        height = plot_height * count / top if top else 0
        bars.append(
            Bar(
                start=start,
                count=count,
                x=round(MARGIN_LEFT + index * step + step * 0.1, 2),
                y=round(HEIGHT - MARGIN_BOTTOM - height, 2),
                width=round(max(step * 0.8, 1), 2),
                height=round(height, 2),
                label=_bucket_label(start, granularity),
            )
        )
    total_days = (span_end - span_start).days + 1

    def x_of(day: dt.date) -> float:
        return round(MARGIN_LEFT + plot_width * ((day - span_start).days + 0.5) / total_days, 2)

    markers = [
        Marker(x_of(e.voting_day), f"{e.name}: {date_format(e.voting_day, 'j M Y')}", e.voting_day)
        for e in elections
        if span_start <= e.voting_day <= span_end
    ]
    every = max(1, len(buckets) // 8)
    ticks = [
        Tick(round(bar.x + bar.width / 2, 2), _tick_label(bar.start, granularity))
        for bar in bars[::every]
    ]
    y_ticks = [
        (round(HEIGHT - MARGIN_BOTTOM - plot_height * v / top, 2), v)
        for v in sorted({0, top // 2, top})
        if top
    ]
    return Timeline(
        granularity=granularity,
        bars=bars,
        markers=markers,
        ticks=ticks,
        y_ticks=y_ticks,
        max_count=top,
        total=sum(counts.values()),
    )


def _bucket_end(start: dt.date, granularity: str) -> dt.date:
    if granularity == "week":
        return start + dt.timedelta(days=6)
    return (start.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)


def _bucket_label(start: dt.date, granularity: str) -> str:
    if granularity == "week":
        return _("Pekan mulai %(day)s") % {"day": date_format(start, "j F Y")}
    return date_format(start, "F Y")


def _tick_label(start: dt.date, granularity: str) -> str:
    return date_format(start, "j M" if granularity == "week" else "M Y")
