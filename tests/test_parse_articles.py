"""The parser on realistic articles it was not written for (docs/importer.md).

- tests/data/unseen: twenty articles from other outlets and provinces, written by
  someone who had not seen the parser, then used to improve it (the first dev set): the
  parser must now reproduce every record exactly.
- tests/data/heldout: twenty more, written blind. It measured generalisation once (the
  first scores are kept below), and has since been used for tuning too: the kinds of
  failure it showed were fixed with general rules, each stated by its own snippet in
  tests/test_parse.py. It is now a second dev set, no longer a blind measure; the floor
  is what it scores after that tuning, and a change that lowers a field's score fails.
- tests/data/blind3: twenty-five more, written blind by someone else while the held-out
  set was being used for tuning. It measured generalisation once (the first scores are
  kept below), and has since been used for tuning too, the same way: each kind of
  failure it showed was fixed with a general rule stated by its own snippet in
  tests/test_parse.py (no name, place or string of the set in code or tests). It is now
  a third dev set, no longer a blind measure; the floor is what it scores after that
  tuning.
- tests/data/blind4: twenty more, written blind after those three rounds. It measured
  generalisation once (the first scores are kept below), and has since been used for a
  tuning round too, the same way as blind3: each kind of failure it showed was fixed
  with a general rule stated by its own snippet in tests/test_parse.py (no name, place
  or string of the set in code or tests), except one the other sets contradict (a quote
  continued into the next paragraph, one span there and two here). It is now a fourth
  dev set, no longer a blind measure; the floor is what it scores after that tuning.
"""

import json
from collections import Counter

import pytest

from reports.importer.parse import parse_article
from tests.conftest import DATA
from tests.contract import differences, normalise

FIELDS = [
    "title",
    "outlet",
    "author",
    "published_date",
    "event_date",
    "dateline",
    "elections",
    "police_units",
    "operations",
    "people",
    "quotes",
    "personnel_count",
    "province",
    "regency",
]
# Fields exactly right out of 20 on the held-out set when it was first measured, before
# it was used for tuning: title 20, outlet 19, author 19, published_date 20, event_date
# 20, dateline 19, elections 20, police_units 18, operations 18, people 17, quotes 19,
# personnel_count 19, province 20, regency 19.
# The floor: the scores after tuning on it (every field of every record).
HELDOUT_FLOOR = {
    "title": 20,
    "outlet": 20,
    "author": 20,
    "published_date": 20,
    "event_date": 20,
    "dateline": 20,
    "elections": 20,
    "police_units": 20,
    "operations": 20,
    "people": 20,
    "quotes": 20,
    "personnel_count": 20,
    "province": 20,
    "regency": 20,
}


def records(folder: str) -> list[tuple[dict, dict]]:
    expected = json.loads((DATA / folder / "expected.json").read_text(encoding="utf-8"))
    pairs = []
    for record in expected:
        text = (DATA / folder / record["file"]).read_text(encoding="utf-8")
        pairs.append((parse_article(text, record["file"]).as_contract(), record))
    return pairs


@pytest.mark.parametrize("pair", records("unseen"), ids=lambda pair: pair[1]["file"])
def test_the_dev_set_is_parsed_exactly(pair):
    actual, expected = pair
    assert not differences(actual, expected)


def test_the_held_out_set_scores_at_least_its_floor():
    score = Counter()
    for actual, expected in records("heldout"):
        got, want = normalise(actual), normalise(expected)
        score.update(field for field in FIELDS if got[field] == want[field])
    below = {f: (score[f], HELDOUT_FLOOR[f]) for f in FIELDS if score[f] < HELDOUT_FLOOR[f]}
    assert not below, f"fields below their floor (score, floor): {below}"


# Fields exactly right out of 25 on tests/data/blind3 when first measured, blind, before
# it was used for tuning: title 22, outlet 25, author 24, published_date 24, event_date
# 24, dateline 23, elections 25, police_units 24, operations 24, people 20, quotes 20,
# personnel_count 24, province 25, regency 24.
# The floor: the scores after tuning on it (every field of every record).
BLIND3_FLOOR = {
    "title": 25,
    "outlet": 25,
    "author": 25,
    "published_date": 25,
    "event_date": 25,
    "dateline": 25,
    "elections": 25,
    "police_units": 25,
    "operations": 25,
    "people": 25,
    "quotes": 25,
    "personnel_count": 25,
    "province": 25,
    "regency": 25,
}


def test_the_third_dev_set_scores_at_least_its_floor():
    score = Counter()
    for actual, expected in records("blind3"):
        got, want = normalise(actual), normalise(expected)
        score.update(field for field in FIELDS if got[field] == want[field])
    below = {f: (score[f], BLIND3_FLOOR[f]) for f in FIELDS if score[f] < BLIND3_FLOOR[f]}
    assert not below, f"fields below their floor (score, floor): {below}"


# Fields exactly right out of 20 on tests/data/blind4 when first measured, blind, after
# three rounds of tuning and before it was used for tuning: title 19, outlet 20, author
# 17, published_date 20, event_date 20, dateline 17, elections 20, police_units 19,
# operations 20, people 16, quotes 15, personnel_count 20, province 20, regency 20.
# The floor: the scores after tuning on it. Quotes stay at 19: 403 continues a quote
# into the next paragraph (the first paragraph left open, the next opening with a
# mark) and expects two spans, where the unseen and held-out sets expect one for the
# same shape (101, 103, 204; test_multi_paragraph_quote_is_one_span).
BLIND4_FLOOR = {
    "title": 20,
    "outlet": 20,
    "author": 20,
    "published_date": 20,
    "event_date": 20,
    "dateline": 20,
    "elections": 20,
    "police_units": 20,
    "operations": 20,
    "people": 20,
    "quotes": 19,
    "personnel_count": 20,
    "province": 20,
    "regency": 20,
}


def test_the_fourth_dev_set_scores_at_least_its_floor():
    score = Counter()
    for actual, expected in records("blind4"):
        got, want = normalise(actual), normalise(expected)
        score.update(field for field in FIELDS if got[field] == want[field])
    below = {f: (score[f], BLIND4_FLOOR[f]) for f in FIELDS if score[f] < BLIND4_FLOOR[f]}
    assert not below, f"fields below their floor (score, floor): {below}"
