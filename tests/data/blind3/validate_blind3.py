"""Consistency checks for the blind3 expected records (not a pytest module).

Run from the repository root:  python tests/data/blind3/validate_blind3.py

Checks: the JSON loads; every article file is listed exactly once, in name
order, with exactly the contract's keys; values have the contract's types and
vocabularies; provinces and regencies are exact names from idn-area and the
regency lies in the province; every quote speaker is a name in the record's
people; every text_start is found in its file right after an opening quote mark
and equals the first six whitespace tokens of that quoted span with the last
token's trailing punctuation removed. It also lists every quoted span of every
file (with its first tokens) so a reviewer can see which were left out as
scare quotes or page chrome.
"""
import csv
import json
import re
import string
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
AREA = HERE.parents[2] / "reports" / "data" / "idn-area"

KEYS = ["file", "title", "outlet", "author", "published_date", "event_date",
        "dateline", "elections", "police_units", "operations", "people",
        "quotes", "personnel_count", "province", "regency"]
UNIT_RE = re.compile(r"^(Polda|Polres|Polresta|Polrestabes|Polsek) \S.*$")
OP_RE = re.compile(r"^Operasi Mantap (Brata|Praja)( [A-Z][\w-]*)*( \d{4}(-\d{4})?)?$")
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
OPEN = {'"': '"', "\u201c": "\u201d"}
TRAIL = string.punctuation + "\u201d\u2019\u2026"

errors = []


def err(msg):
    errors.append(msg)


def load_area():
    with open(AREA / "provinces.csv", newline="", encoding="utf-8") as f:
        provinces = {r["name"]: r["code"] for r in csv.DictReader(f)}
    with open(AREA / "regencies.csv", newline="", encoding="utf-8") as f:
        regencies = {r["name"]: r["province_code"] for r in csv.DictReader(f)}
    return provinces, regencies


def quoted_spans(text):
    """Yield (start, span_text) for straight and curly double-quoted spans."""
    i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        if ch == "\u201c":
            j = text.find("\u201d", i + 1)
        elif ch == '"':
            j = text.find('"', i + 1)
        else:
            i += 1
            continue
        if j == -1:
            break
        yield i, text[i + 1:j]
        i = j + 1


def text_start_of(span):
    toks = span.split()[:6]
    if toks:
        toks[-1] = toks[-1].rstrip(TRAIL)
    return " ".join(toks)


def main():
    provinces, regencies = load_area()
    data = json.loads((HERE / "expected.json").read_text(encoding="utf-8"))
    files = sorted(p.name for p in HERE.glob("*.txt"))
    listed = [r.get("file") for r in data]
    if listed != files:
        err(f"files listed {listed} != files on disk {files}")
    for rec in data:
        f = rec.get("file")
        if list(rec.keys()) != KEYS:
            err(f"{f}: keys {list(rec.keys())}")
            continue
        text = (HERE / f).read_text(encoding="utf-8")
        words = len(text.split())
        if not 250 <= words <= 600:
            err(f"{f}: {words} words")
        for k in ("title", "outlet", "author", "dateline"):
            if rec[k] is not None and not isinstance(rec[k], str):
                err(f"{f}: {k} not a string")
        if rec["outlet"] is not None and rec["outlet"] != rec["outlet"].lower():
            err(f"{f}: outlet not lowercase")
        if rec["title"] not in text:
            err(f"{f}: title not in text")
        if rec["author"] is not None and rec["author"] not in text:
            err(f"{f}: author not in text")
        if rec["outlet"] is not None and rec["outlet"] not in text.lower():
            err(f"{f}: outlet not in text")
        if rec["dateline"] is not None and rec["dateline"].lower() not in text.lower():
            err(f"{f}: dateline not in text")
        for k in ("published_date", "event_date"):
            if rec[k] is not None and not DATE_RE.match(rec[k]):
                err(f"{f}: bad {k}")
        if not rec["elections"] or set(rec["elections"]) - {"pemilu-2024", "pilkada-2024"}:
            err(f"{f}: elections {rec['elections']}")
        for u in rec["police_units"]:
            if not UNIT_RE.match(u):
                err(f"{f}: unit {u!r}")
        for o in rec["operations"]:
            if not OP_RE.match(o):
                err(f"{f}: operation {o!r}")
        names = set()
        for p in rec["people"]:
            if set(p) != {"name", "rank", "position"}:
                err(f"{f}: person keys {p}")
                continue
            names.add(p["name"])
            if p["name"].split()[-1] not in text:
                err(f"{f}: person {p['name']!r} not in text")
            if p["position"] is not None and p["position"].split()[0] not in text:
                err(f"{f}: position {p['position']!r} not in text")
        spans = list(quoted_spans(text))
        for q in rec["quotes"]:
            if q["speaker"] not in names:
                err(f"{f}: speaker {q['speaker']!r} not in people")
            hits = [s for pos, s in spans if s.startswith(q["text_start"])]
            if not hits:
                err(f"{f}: text_start {q['text_start']!r} not after a quote mark")
            elif text_start_of(hits[0]) != q["text_start"]:
                err(f"{f}: text_start {q['text_start']!r} != {text_start_of(hits[0])!r}")
        pc = rec["personnel_count"]
        if pc is not None and (not isinstance(pc, int) or isinstance(pc, bool)):
            err(f"{f}: personnel_count {pc!r}")
        prov, reg = rec["province"], rec["regency"]
        if prov is not None and prov not in provinces:
            err(f"{f}: province {prov!r} not in provinces.csv")
        if reg is not None:
            if reg not in regencies:
                err(f"{f}: regency {reg!r} not in regencies.csv")
            elif prov is None or regencies[reg] != provinces.get(prov):
                err(f"{f}: regency {reg!r} not inside province {prov!r}")
        expected_starts = {q["text_start"] for q in rec["quotes"]}
        for pos, s in spans:
            mark = "QUOTE" if text_start_of(s) in expected_starts else "left out"
            print(f"  {f[:3]} [{mark:8}] {text_start_of(s)!r}")
    if errors:
        print("\n".join(["FAILED:"] + errors))
        return 1
    print(f"OK: {len(data)} records")
    return 0


if __name__ == "__main__":
    sys.exit(main())
