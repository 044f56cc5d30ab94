"""Sanity checks for the held-out set (run: python tests/data/heldout/validate_expected.py).

Checks the hand-written expected.json against its own articles and the area CSVs;
it does not run or import the importer.
"""
import csv
import datetime
import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
AREA = ROOT / "reports" / "data" / "idn-area"
DATA = ROOT / "reports" / "data"

KEYS = ["file", "title", "outlet", "author", "published_date", "event_date", "dateline",
        "elections", "police_units", "operations", "people", "quotes", "personnel_count",
        "province", "regency"]
OPEN_QUOTES = '"\u201c'
DAYS = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"]
RANKS = {"AKBP", "Kompol", "AKP", "Iptu", "Ipda", "Aiptu", "Aipda", "Bripka", "Brigpol",
         "Briptu", "Bripda", "Kombes Pol", "Brigjen Pol", "Irjen Pol", "Komjen Pol",
         "Letkol Inf", "Letkol Arm", "Kapten Inf", "Kolonel Inf", None}
OPERATION = re.compile(r"^Operasi Mantap (Brata|Praja)( [A-Z][A-Za-z]+( [A-Z][a-z]+)?)?( \d{4}(-\d{4})?)?$")

errors = []


def err(msg):
    errors.append(msg)


def text_start(quote_text):
    tokens = quote_text.split()[:6]
    tokens[-1] = tokens[-1].rstrip(".,;:!?")
    return " ".join(tokens)


def position_in(position, text):
    """As written, or with a spelled-out title replaced by its bracketed abbreviation."""
    if position.lower() in text.lower():
        return True
    words = position.split()
    for k in range(len(words)):
        for l in range(k + 1, len(words) + 1):
            a, abbr, b = " ".join(words[:k]), " ".join(words[k:l]), " ".join(words[l:])
            pat = (re.escape(a) + (" " if a else "") + r"[\w ]+? \(" + re.escape(abbr)
                   + r"\)" + ((" " + re.escape(b)) if b else ""))
            if re.search(pat, text):
                return True
    return False


def main():
    records = json.loads((HERE / "expected.json").read_text(encoding="utf-8"))
    files = sorted(p.name for p in HERE.glob("*.txt"))
    listed = [r["file"] for r in records]
    if listed != files:
        err(f"files listed {listed} != files on disk {files}")

    provinces = {r["name"]: r["code"] for r in csv.DictReader(open(AREA / "provinces.csv"))}
    regencies = {r["name"]: r["province_code"] for r in csv.DictReader(open(AREA / "regencies.csv"))}
    districts = {r["name"] for r in csv.DictReader(open(AREA / "districts.csv"))}
    poldas = {r["name"] for r in csv.DictReader(open(DATA / "polda.csv"))}
    units_csv = {r["name"] for r in csv.DictReader(open(DATA / "police_units.csv"))}

    for r in records:
        f = r["file"]
        if list(r) != KEYS:
            err(f"{f}: keys {list(r)}")
        text = (HERE / f).read_text(encoding="utf-8")
        low = text.lower()

        # strings that must occur on the page
        for key in ("title", "outlet", "author", "dateline"):
            if r[key] is not None and r[key].lower() not in low:
                err(f"{f}: {key} {r[key]!r} not in text")

        # province / regency
        if r["province"] not in provinces:
            err(f"{f}: province {r['province']!r} not in provinces.csv")
        if r["regency"] is not None:
            if r["regency"] not in regencies:
                err(f"{f}: regency {r['regency']!r} not in regencies.csv")
            elif regencies[r["regency"]] != provinces.get(r["province"]):
                err(f"{f}: regency {r['regency']!r} not inside {r['province']!r}")

        # dates, and the weekday written beside the event date
        for key in ("published_date", "event_date"):
            if r[key] is not None:
                datetime.date.fromisoformat(r[key])
        if r["event_date"]:
            ev = datetime.date.fromisoformat(r["event_date"])
            pat = re.compile(r"(%s) ?\((\d{1,2})/(\d{1,2})(?:/(\d{2,4}))?\)" % "|".join(DAYS))
            hits = [m for m in pat.finditer(text)
                    if int(m.group(2)) == ev.day and int(m.group(3)) == ev.month]
            if not hits:
                err(f"{f}: no 'Hari (d/m)' for event_date {ev}")
            for m in hits:
                if DAYS.index(m.group(1)) != ev.weekday():
                    err(f"{f}: weekday {m.group(1)} does not match {ev}")
                if m.group(4) and int(m.group(4)) % 100 != ev.year % 100:
                    err(f"{f}: year in {m.group(0)} does not match {ev}")
            if r["published_date"]:
                pub = datetime.date.fromisoformat(r["published_date"])
                if not (datetime.timedelta(0) <= pub - ev <= datetime.timedelta(days=7)):
                    err(f"{f}: event {ev} not within a week before publication {pub}")

        # elections, operations, units
        if not r["elections"] or set(r["elections"]) - {"pemilu-2024", "pilkada-2024"}:
            err(f"{f}: elections {r['elections']}")
        for op in r["operations"]:
            if not OPERATION.match(op):
                err(f"{f}: operation {op!r} malformed")
        for u in r["police_units"]:
            if u.startswith("Polda "):
                ok = u in poldas
            elif u.startswith("Polsek "):
                ok = u[len("Polsek "):] in districts
            else:
                kind, _, place = u.partition(" ")
                ok = u in units_csv or (kind == "Polres" and f"Kabupaten {place}" in regencies)
            if not ok:
                err(f"{f}: police unit {u!r} not canonical")

        # people and quotes
        names = [p["name"] for p in r["people"]]
        if len(set(names)) != len(names):
            err(f"{f}: duplicate people")
        for p in r["people"]:
            if set(p) != {"name", "rank", "position"}:
                err(f"{f}: person keys {p}")
            if p["name"] not in text:
                err(f"{f}: name {p['name']!r} not in text")
            if p["position"] is not None and not position_in(p["position"], text):
                err(f"{f}: position {p['position']!r} not in text")
            if p["rank"] not in RANKS:
                err(f"{f}: rank {p['rank']!r} unknown")
        for q in r["quotes"]:
            if q["speaker"] not in names:
                err(f"{f}: speaker {q['speaker']!r} not in people")
            ts = q["text_start"]
            at = [m.start() for m in re.finditer(re.escape(ts), text)]
            if not any(i > 0 and text[i - 1] in OPEN_QUOTES for i in at):
                err(f"{f}: text_start {ts!r} not found after a quote mark")
            else:
                i = next(i for i in at if text[i - 1] in OPEN_QUOTES)
                rest = re.split(r'["\u201d]', text[i:], maxsplit=1)[0]
                if text_start(rest) != ts:
                    err(f"{f}: text_start {ts!r} != computed {text_start(rest)!r}")
        if len({q["text_start"] for q in r["quotes"]}) != len(r["quotes"]):
            err(f"{f}: duplicate quotes")

        # personnel count as printed (1.250 style)
        n = r["personnel_count"]
        if n is not None and f"{n:,}".replace(",", ".") not in text:
            err(f"{f}: personnel_count {n} not printed in text")

    for e in errors:
        print("ERROR", e)
    print(f"{len(records)} records checked, {len(errors)} errors")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
