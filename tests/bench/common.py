"""What the benchmark measures, and the small helpers every part shares.

No Django here: the driver (run.py) imports this without setting Django up, and the
in-process measurements (inproc.py) import it after.
"""

from __future__ import annotations

import math
import os
import statistics
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "artifacts" / "bench"

# --- The query set ---------------------------------------------------------------
# A common word, a rare word, three words, a phrase, an exclusion; each alone, with
# a region filter and with a date range; and the list with no query (date order).
#
# The rare word: the operations' code names come into generated bodies through the
# sentence bank (reports/corpus/sentences.txt), so "telabang" is in ~10% of the
# generated articles; a regency's name is only in the reports placed there. Kabupaten
# Trenggalek (35.03) is in ~0.17% of them, all in Jawa Timur (region=35), so the
# region filter keeps its hits.
QUERIES = [
    ("common", "pengamanan"),
    ("rare", "trenggalek"),
    ("three words", "kantor kpu logistik"),
    ("phrase", '"gudang logistik"'),
    ("exclusion", "pilkada -pemilu"),
]
FILTERS = [
    ("", {}),
    ("region", {"region": "35"}),
    ("dates", {"date_from": "2024-01-01", "date_to": "2024-03-31"}),
]
# The same searches in FTS5's own syntax, for Datasette's `_searchmode=raw`.
FTS5_SYNTAX = {
    "pengamanan": "pengamanan",
    "trenggalek": "trenggalek",
    "kantor kpu logistik": "kantor kpu logistik",
    '"gudang logistik"': '"gudang logistik"',
    "pilkada -pemilu": "pilkada NOT pemilu",
}


def search_variants() -> list[dict]:
    """Every (query, filter) of the set, then the list page without a query."""
    variants = []
    for kind, text in QUERIES:
        for filter_name, params in FILTERS:
            label = f"{kind}: {text}" + (f" + {filter_name}" if filter_name else "")
            variants.append(
                {"label": label, "kind": kind, "q": text, "filter": filter_name, "params": params}
            )
    variants.append(
        {
            "label": "list, no query (newest first)",
            "kind": "list",
            "q": "",
            "filter": "",
            "params": {},
        }
    )
    return variants


def our_search_url(variant: dict) -> str:
    params = ({"q": variant["q"]} if variant["q"] else {}) | variant["params"]
    return "/articles/" + (f"?{urlencode(params)}" if params else "")


def datasette_search_url(variant: dict) -> str:
    """The same search on Datasette's table page: `_search` in raw FTS5 syntax,
    region as the exported province code, dates as column filters."""
    params: dict[str, str] = {}
    if variant["q"]:
        params |= {"_search": FTS5_SYNTAX[variant["q"]], "_searchmode": "raw"}
    else:
        params["_sort_desc"] = "date"
    if "region" in variant["params"]:
        params["province"] = variant["params"]["region"]
    if "date_from" in variant["params"]:
        params["date__gte"] = variant["params"]["date_from"]
        params["date__lte"] = variant["params"]["date_to"]
    return "/db/articles?" + urlencode(params)


# Pages whose queries are counted at every size (the article, person and outlet are
# picked by inproc.pick_targets and stay the same as the corpus grows).
FIXED_PAGES = {
    "home": "/",
    "list": "/articles/",
    "search": "/articles/?q=pengamanan",
    "region": "/regions/35/",
    "unit": "/units/polda-jawa-timur/",
    "operation": "/operations/operasi-mantap-praja-2024/",
    "election": "/elections/pilkada-2024/",
}

# Every public page type, as a first visitor gets it (page cache off), for the cold
# pages section: issue 12's targets are a median at or under 100 ms and a p95 at or
# under 150 ms for each at 100,000 articles on both databases, and a median at or
# under 300 ms at 1,000,000 on PostgreSQL. `{outlet}`, `{person}`, `{article}` and
# `{polres}` are filled in from inproc.pick_targets.
COLD_PAGES = [
    ("home", "/"),
    ("list", "/articles/"),
    ("list, page 20", "/articles/?page=20"),
    ("search: common word", "/articles/?q=pengamanan"),
    ("search: rare word", "/articles/?q=trenggalek"),
    ("search: three words", "/articles/?q=kantor+kpu+logistik"),
    ("search: phrase", "/articles/?q=%22gudang+logistik%22"),
    ("search: exclusion", "/articles/?q=patroli+-malang"),
    ("search: OR", "/articles/?q=logistik+OR+gudang"),
    ("search: page 20", "/articles/?q=tps&page=20"),
    ("search: oldest first", "/articles/?q=pengamanan&sort=oldest"),
    ("search + dates", "/articles/?q=pengamanan&date_from=2024-01-01&date_to=2024-03-31"),
    ("search + province", "/articles/?q=pengamanan&region=35"),
    ("search + unit", "/articles/?q=pengamanan&unit=polda-jawa-timur"),
    ("search + operation", "/articles/?q=patroli&operation=operasi-mantap-praja-2024"),
    ("search + election", "/articles/?q=logistik&election=pilkada-2024"),
    ("search + outlet", "/articles/?q=pengamanan&outlet={outlet}"),
    ("filter: province", "/articles/?region=35"),
    ("filter: regency", "/articles/?region=35.07"),
    ("filter: two provinces", "/articles/?region=35&region=62"),
    ("filter: Polda", "/articles/?unit=polda-jawa-timur"),
    ("filter: operation", "/articles/?operation=operasi-mantap-praja-2024"),
    ("filter: election, oldest first", "/articles/?election=pilkada-2024&sort=oldest"),
    ("filter: outlet", "/articles/?outlet={outlet}"),
    ("filter: person", "/articles/?person={person}"),
    ("filter: dates", "/articles/?date_from=2024-01-01&date_to=2024-03-31"),
    ("filters combined", "/articles/?region=35&election=pilkada-2024&date_from=2024-09-01"),
    ("facet expanded", "/articles/?all=outlet"),
    ("province page", "/regions/35/"),
    ("regency page", "/regions/35.07/"),
    ("Polda page", "/units/polda-jawa-timur/"),
    ("Polres page", "{polres}"),
    ("operation page", "/operations/operasi-mantap-praja-2024/"),
    ("election page", "/elections/pilkada-2024/"),
    ("outlet page", "/outlets/{outlet}/"),
    ("person page", "/people/{person}/"),
    ("article page", "{article}"),
    ("regions index", "/regions/"),
    ("units index", "/units/"),
    ("operations index", "/operations/"),
    ("outlets index", "/outlets/"),
    ("people index", "/people/"),
]
TARGET_COLD_P50_MS = {100000: 100.0, 1000000: 300.0}
TARGET_COLD_P95_MS = {100000: 150.0}


def cold_pages(targets: dict) -> list[tuple[str, str]]:
    """COLD_PAGES with the picked outlet, person, article and Polres filled in."""
    fill = {
        "outlet": targets["outlet"].strip("/").split("/")[-1],
        "person": targets["person"].strip("/").split("/")[-1],
        "article": targets["article"],
        "polres": targets.get("polres", "/units/polda-jawa-timur/"),
    }
    return [(label, url.format(**fill)) for label, url in COLD_PAGES]


# Pages loaded with wrk under gunicorn (the article's URL and the static file's hashed
# name are filled in at run time).
THROUGHPUT_PAGES = {
    "static file": None,
    "home": "/",
    "filtered list": "/articles/?region=35&election=pilkada-2024",
    "search": "/articles/?q=pengamanan",
    "article": None,
    "entity (unit)": "/units/polda-jawa-timur/",
}

# --- Targets (2 cores) -------------------------------------------------------------
TARGET_SEARCH_P95_MS = 50.0
TARGET_IMPORT_PER_S = 100.0
TARGET_EXPORT_PEAK_MB = 150.0
TARGET_PAGE_VS_STATIC = 0.5


# --- Statistics ----------------------------------------------------------------------


def percentile(values: list[float], p: float) -> float:
    """Linear interpolation between closest ranks (numpy's default)."""
    if not values:
        return math.nan
    ordered = sorted(values)
    rank = (len(ordered) - 1) * p / 100
    low, high = math.floor(rank), math.ceil(rank)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def summary_ms(seconds: list[float]) -> dict:
    ms = [s * 1000 for s in seconds]
    return {
        "n": len(ms),
        "p50_ms": round(percentile(ms, 50), 2),
        "p95_ms": round(percentile(ms, 95), 2),
        "max_ms": round(max(ms), 2),
        "mean_ms": round(statistics.fmean(ms), 2),
    }


def bench_env(database_url: str, static_root: Path | None = None) -> dict[str, str]:
    """Production-like settings (DEBUG off, a bench secret key, hashed static files)."""
    env = dict(os.environ)
    env.update(
        DATABASE_URL=database_url,
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="bench-only-secret-key-not-for-production-0123456789abcdef",
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
        DJANGO_LOG_LEVEL="ERROR",
        DJANGO_SETTINGS_MODULE="polsec_site.settings",
        PYTHONPATH=str(ROOT),
    )
    if static_root is not None:
        env["DJANGO_STATIC_ROOT"] = str(static_root)
    return env
