"""Compare importer records with the contract's rules (docs/importer-contract.md).

Lists are compared as sets; strings ignore case and surrounding whitespace. Reusable by
any test that checks `ArticleRecord.as_contract()` output or the command's JSON.
"""

from __future__ import annotations

import json
from typing import Any

from reports.importer.records import CONTRACT_KEYS


def _scalar(value: Any) -> Any:
    if isinstance(value, str):
        return value.strip().lower()
    return value


def _item(value: Any) -> Any:
    """A hashable, normalised form of a list item (a string or a person/quote dict)."""
    if isinstance(value, dict):
        return tuple(sorted((key, _scalar(val)) for key, val in value.items()))
    return _scalar(value)


def normalise(record: dict) -> dict:
    """The record as the contract compares it: lists become sets, strings fold case."""
    result = {}
    for key, value in record.items():
        if isinstance(value, list):
            result[key] = frozenset(_item(v) for v in value)
        else:
            result[key] = _scalar(value)
    return result


def differences(actual: dict, expected: dict) -> list[str]:
    """One line per key whose value differs, naming the key and both values."""
    lines = []
    left, right = normalise(actual), normalise(expected)
    for key in CONTRACT_KEYS:
        if key not in actual:
            lines.append(f"{key}: missing from the record")
            continue
        if key not in expected:
            continue
        if left[key] != right[key]:
            if isinstance(left[key], frozenset):
                extra = sorted(map(str, left[key] - right[key]))
                missing = sorted(map(str, right[key] - left[key]))
                lines.append(f"{key}: unexpected {extra}, missing {missing}")
            else:
                lines.append(f"{key}: got {actual[key]!r}, expected {expected[key]!r}")
    return lines


def assert_matches_contract(actual: dict, expected: dict) -> None:
    """Fail with every differing key when `actual` does not match `expected`."""
    found = differences(actual, expected)
    if found:
        name = expected.get("file") or actual.get("file") or "record"
        raise AssertionError(f"{name} differs from the contract:\n  " + "\n  ".join(found))


def load_expected(path) -> list[dict]:
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)
