"""Consistency check for the blind4 set (not a pytest module).

Run from the repository root:  python tests/data/blind4/check_expected.py
It checks expected.json against the raw files and the area/unit CSVs; it does not
run the importer.
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
KEYS = json.loads((ROOT / "tests" / "data" / "seeds_expected.json").read_text())[0].keys()

provinces = {r["code"]: r["name"] for r in csv.DictReader(open(AREA / "provinces.csv"))}
regencies = {r["name"]: r for r in csv.DictReader(open(AREA / "regencies.csv"))}
districts = list(csv.DictReader(open(AREA / "districts.csv")))
poldas = {r["name"] for r in csv.DictReader(open(ROOT / "reports" / "data" / "polda.csv"))}

RANKS = {"Jenderal Pol", "Komjen Pol", "Irjen Pol", "Brigjen Pol", "Kombes Pol", "AKBP",
         "Kompol", "AKP", "Iptu", "Ipda", "Aiptu", "Aipda", "Bripka", "Brigpol", "Briptu",
         "Bripda", "Abrippol", "Abriptu", "Abripda", "Bharaka", "Bharatu", "Bharada"}
TNI_RANK = re.compile(r"^(Letkol|Kolonel|Mayor|Kapten|Lettu|Letda|Serka|Serda|Sertu|Pelda|Peltu)"
                      r" (Inf|Kav|Arm|Czi|Arh|Cpl|Chb)$|^(Mayjen|Brigjen|Letjen) TNI$")
OPS = re.compile(r"^Operasi Mantap (Brata|Praja)( [A-Z][a-z]+( [A-Z][a-z]+)?)?( 2024| 2023-2024)?$")
UNIT = re.compile(r"^(Polda|Polres|Polresta|Polrestabes|Polsek) [A-Z]")
QUOTES = "\"\u201c\u201d"
DAYS = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"]
PUNCT = ".,;:!?\"'\u201c\u201d)"

errors = []
notes = []
polda_rows = {r["name"]: r for r in csv.DictReader(open(ROOT / "reports" / "data" / "polda.csv"))}
unit_rows = list(csv.DictReader(open(ROOT / "reports" / "data" / "police_units.csv")))
reg_by_name = {r["name"].lower(): r for r in regencies.values()}


def resolve(unit, prov_code):
    """Regency codes a district unit name points to."""
    for row in unit_rows:
        forms = [row["name"]] + [a for a in row["aliases"].split(";") if a]
        if unit.lower() in (x.lower() for x in forms):
            if polda_rows[row["polda"]]["province_code"] == prov_code or row["polda"] == "Polda Metro Jaya":
                return [row["regency_code"]]
    level, place = unit.split(" ", 1)
    if place.lower().startswith("metro "):
        place = place[6:]
    cands = []
    if level == "Polrestabes" or place.endswith(" Kota"):
        cands = ["kota " + place.removesuffix(" Kota").lower()]
    elif level == "Polresta":
        cands = ["kota " + place.lower(), "kabupaten " + place.lower()]
    else:
        cands = ["kabupaten " + place.lower(), "kota " + place.lower()]
    for c in cands:
        for rr in regencies.values():
            if rr["name"].lower() == c and (prov_code is None or rr["province_code"] == prov_code):
                return [rr["code"]]
    return []



def err(f, msg):
    errors.append(f"{f}: {msg}")


def first_tokens(text, n):
    toks = text.split()[:n]
    if toks:
        toks[-1] = toks[-1].rstrip(PUNCT)
    return " ".join(toks)


records = json.loads((HERE / "expected.json").read_text())
files = sorted(p.name for p in HERE.glob("*.txt"))
names = [r["file"] for r in records]
if names != files:
    err("expected.json", f"files listed {names} != files on disk {files}")
if len(set(names)) != len(names):
    err("expected.json", "a file is listed twice")
for i, f in enumerate(files):
    if not re.match(rf"^{400 + i}_[a-z0-9_]+\.txt$", f):
        err(f, "name not NNN_<slug>.txt in sequence from 400")

for r in records:
    f = r["file"]
    if list(r.keys()) != list(KEYS):
        err(f, f"keys {list(r.keys())} != {list(KEYS)}")
        continue
    text = (HERE / f).read_text()
    low = text.lower()
    words = len(text.split())
    if not 250 <= words <= 600:
        err(f, f"{words} words")

    # title: a whole line, or the tail of a line carrying a scraped prefix
    lines = [l.strip() for l in text.splitlines()]
    if r["title"] not in lines and not any(l.endswith(" " + r["title"]) for l in lines):
        err(f, "title is not a line of the file")

    for k in ("outlet", "author", "dateline"):
        if r[k] is not None and r[k].lower() not in low:
            err(f, f"{k} {r[k]!r} not in file")
    if r["outlet"] is not None and r["outlet"] != r["outlet"].lower():
        err(f, "outlet not lowercase")

    for k in ("published_date", "event_date"):
        if r[k] is not None:
            datetime.date.fromisoformat(r[k])

    # event date: every Hari (d/m[/yyyy]) in the file must agree with it
    pats = re.findall(r"\b(Senin|Selasa|Rabu|Kamis|Jum'?at|Sabtu|Minggu) \((\d{1,2})/(\d{1,2})(?:/(\d{4}))?\)", text)
    if not pats and r["event_date"] is not None:
        err(f, "event_date without a Hari (d/m) pattern")
    if pats and r["event_date"] is None:
        err(f, "Hari (d/m) pattern present but event_date null")
    for day, d, m, y in pats:
        year = int(y) if y else int(r["published_date"][:4])
        date = datetime.date(year, int(m), int(d))
        if date.isoformat() != r["event_date"]:
            err(f, f"pattern {day} ({d}/{m}/{y}) gives {date}, expected {r['event_date']}")
        if DAYS[date.weekday()] != day.replace("'", ""):
            err(f, f"{date} is a {DAYS[date.weekday()]}, text says {day}")
    if r["published_date"] and r["event_date"] and r["event_date"] > r["published_date"]:
        err(f, "event after publication")

    if not set(r["elections"]) <= {"pemilu-2024", "pilkada-2024"} or not r["elections"]:
        err(f, f"elections {r['elections']}")

    # police units
    prov_code = None
    if r["province"] is not None:
        codes = [c for c, n in provinces.items() if n == r["province"]]
        if not codes:
            err(f, f"province {r['province']!r} not in provinces.csv")
        else:
            prov_code = codes[0]
    reg = None
    if r["regency"] is not None:
        reg = regencies.get(r["regency"])
        if reg is None:
            err(f, f"regency {r['regency']!r} not in regencies.csv")
        elif reg["province_code"] != prov_code:
            err(f, f"regency {r['regency']} not in province {r['province']}")
    for u in r["police_units"]:
        if not UNIT.match(u):
            err(f, f"unit {u!r} malformed")
        if u.startswith("Polda ") and u not in poldas:
            err(f, f"{u} not in polda.csv")
        if u.startswith("Polsek "):
            place = u[len("Polsek "):]
            hits = [d for d in districts if d["name"] == place]
            if not hits:
                err(f, f"{u}: no district {place!r}")
            elif reg is not None and not any(d["regency_code"] == reg["code"] for d in hits):
                err(f, f"{u}: district {place} not in {r['regency']}")
    lead_is_polda = all(u.startswith("Polda ") for u in r["police_units"])
    if lead_is_polda != (r["regency"] is None):
        err(f, "regency must be null exactly for a Polda-only story")

    # lead district unit -> regency, by the table in police_units.csv, else the naming rule
    # of docs/police-units.md (a table row of another Polda yields to the rule)
    district_units = [u for u in r["police_units"] if u.split()[0] in ("Polres", "Polresta", "Polrestabes")]
    if district_units and reg is not None:
        got = resolve(district_units[0], prov_code)
        if not any(got_r == reg["code"] for got_r in got):
            err(f, f"{district_units[0]} resolves to {got}, not {r['regency']} ({reg['code']})")
    for u in r["police_units"]:
        if u.startswith("Polda ") and prov_code is not None:
            row = polda_rows[u]
            if prov_code != row["province_code"] and prov_code not in row["also_covers"].split(";"):
                notes.append(f"{f}: {u} is not the Polda of {r['province']} (expected exception)")

    for o in r["operations"]:
        if not OPS.match(o):
            err(f, f"operation {o!r} malformed")

    # people
    pnames = [p["name"] for p in r["people"]]
    if len(set(pnames)) != len(pnames):
        err(f, "person listed twice")
    for p in r["people"]:
        if set(p) != {"name", "rank", "position"}:
            err(f, f"person keys {set(p)}")
        if p["name"] not in text:
            err(f, f"name {p['name']!r} not in file as written")
        if re.search(r"\b(S\.|M\.|Drs\.|Dr\.|H\.|Hj\.|K\.H\.)", p["name"]):
            err(f, f"name {p['name']!r} keeps a title")
        rank = p["rank"]
        if rank is not None and rank not in RANKS and not TNI_RANK.match(rank):
            err(f, f"rank {rank!r} not standard")
        if p["position"] is not None and p["position"] not in text:
            # bracketed abbreviations give a position not found verbatim: check its parts
            if not all(w in text for w in p["position"].split()):
                err(f, f"position {p['position']!r} not derivable from the text")

    # quotes
    for q in r["quotes"]:
        if q["speaker"] not in pnames:
            err(f, f"speaker {q['speaker']!r} not among people")
        ts = q["text_start"]
        n = len(ts.split())
        ok = False
        for m in re.finditer(re.escape(ts.split()[0]), text):
            i = m.start()
            if i == 0 or text[i - 1] not in QUOTES:
                continue
            toks = text[i:].split()
            if first_tokens(text[i:], n) != ts:
                continue
            closed = [k for k, t in enumerate(toks[:6]) if any(c in t for c in QUOTES)]
            # six tokens unless the quote closes earlier, in which case it stops there
            ok = (n == 6 and (not closed or closed[0] >= 5)) or (n < 6 and closed and closed[0] == n - 1)
            if ok:
                break
        if not ok:
            err(f, f"text_start {ts!r} not found after a quote mark (or wrong length)")
    if len(r["quotes"]) != len({(q["speaker"], q["text_start"]) for q in r["quotes"]}):
        err(f, "duplicate quote")

    # personnel count: the number must be printed in the file (Indonesian thousands dot)
    c = r["personnel_count"]
    if c is not None:
        printed = f"{c:,}".replace(",", ".")
        if not re.search(rf"\b{re.escape(printed)} (personel|orang)", text):
            err(f, f"personnel_count {c} not printed as '{printed} personel'")

print("\n".join(notes))
if errors:
    print("\n".join(errors))
    sys.exit(1)
print(f"OK: {len(records)} records, {len(files)} files")
