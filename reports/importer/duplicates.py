"""Is this report one the archive already has? Pure functions, no database.

Two kinds of duplicate (docs/editors.md):

- **Exact**: the same raw text (`load.content_hash`), found by the hash.
- **Near**: the same police press release carried by another outlet, lightly
  edited (another dateline, a byline, a sentence added or cut). Candidates come
  from the full-text search (`candidate_query`: a report's distinctive words); each
  is then scored here by how many of its 5-word shingles the two bodies share.

A shingle is a run of five consecutive words (lower case, punctuation dropped):
"polres jember melaksanakan pengamanan di". Two independent reports of the same
kind of event share common phrases but few runs of five words; two copies of one
release share most of them. The score is the *containment* of the shorter body in
the longer (the share of the shorter body's shingles found in the other), so an
outlet that adds its own opening paragraph to the release still scores high; for
very short bodies, where containment says little, it is the Jaccard resemblance.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from reports.search import Query, Term, stem

SHINGLE_WORDS = 5
# Two bodies sharing half the shingles of the shorter one are copies of one text:
# independent reports of one event share a few percent (the seeds: under 3%).
NEAR_DUPLICATE_SCORE = 0.5
# Under this many shingles, containment is too easily 1.0: use the resemblance.
MIN_SHINGLES_FOR_CONTAINMENT = 20
# How many words `candidate_query` looks for, in how many AND-ed groups of OR-ed words.
QUERY_WORDS = 12
QUERY_GROUPS = 3

WORD = re.compile(r"\w+", re.UNICODE)


def _word_set(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Words too common to tell one report from another: Indonesian function words and
# the archive's own vocabulary (every report names a Polres, the KPU and an election).
COMMON_WORDS = _word_set(
    """
    yang dan di ke dari untuk dengan dalam pada ini itu atau juga tidak akan telah sudah
    oleh sebagai bahwa agar serta para kami kita mereka ia dia adalah yaitu karena secara
    bagi setiap seluruh semua masih dapat bisa harus lebih sangat tersebut hal saat
    kata ujar ucap ungkap jelas tutur sebut pungkas menurut mengatakan menjelaskan
    polri polda polres polresta polrestabes polsek kepolisian resor sektor daerah
    kapolda kapolres kapolresta kapolsek kasihumas humas personel anggota petugas aparat
    pengamanan keamanan ketertiban kamtibmas masyarakat kondusif aman lancar
    pemilu pilkada pemilihan umum kepala serentak kpu bawaslu tps tni
    kabupaten kota provinsi kecamatan desa kelurahan wilayah jawa timur barat tengah
    selatan utara kantor komisi operasi mantap brata praja memastikan melaksanakan
    dilakukan menjelang pelaksanaan penyelenggaraan berlangsung kegiatan upaya
    akbp kompol akp iptu ipda aiptu aipda bripka brigpol bripda kombes irjen brigjen pol
    tahun hari senin selasa rabu kamis jumat sabtu minggu
    """
)


@dataclass(frozen=True, slots=True)
class Similarity:
    """How much two bodies share, as shares of their 5-word shingles."""

    shared: int
    jaccard: float
    containment: float
    smaller: int

    @property
    def score(self) -> float:
        """Containment of the shorter body, or the resemblance when it is very short."""
        if self.smaller < MIN_SHINGLES_FOR_CONTAINMENT:
            return self.jaccard
        return self.containment

    @property
    def is_near_duplicate(self) -> bool:
        return self.score >= NEAR_DUPLICATE_SCORE


def words(text: str) -> list[str]:
    """The text's words, lower case, punctuation dropped: `"Pemilu 2024," kata` ->
    `["pemilu", "2024", "kata"]`."""
    return WORD.findall(text.lower())


def shingles(text: str, size: int = SHINGLE_WORDS) -> frozenset[tuple[str, ...]]:
    """Every run of `size` consecutive words; a shorter text is one shingle of all its
    words, and an empty text none."""
    tokens = words(text)
    if len(tokens) < size:
        return frozenset([tuple(tokens)]) if tokens else frozenset()
    return frozenset(tuple(tokens[i : i + size]) for i in range(len(tokens) - size + 1))


def compare(a: frozenset, b: frozenset) -> Similarity:
    """The similarity of two shingle sets (from `shingles`)."""
    if not a or not b:
        return Similarity(shared=0, jaccard=0.0, containment=0.0, smaller=min(len(a), len(b)))
    shared = len(a & b)
    return Similarity(
        shared=shared,
        jaccard=shared / len(a | b),
        containment=shared / min(len(a), len(b)),
        smaller=min(len(a), len(b)),
    )


def similarity(a: str, b: str) -> Similarity:
    """The similarity of two texts: `similarity(body, other_body).score`."""
    return compare(shingles(a), shingles(b))


def distinctive_words(text: str, limit: int = QUERY_WORDS) -> list[str]:
    """The words most likely to find another copy of this text, best first.

    Not the common words; one word per stem (the search matches stems); favoured:
    names and places (capitalised inside a sentence: `Nurhidayat`, `Kaliwates`),
    numbers of two digits or more (`129`, `2024` is common but `1600` is not), and
    long words (`antisipasi`, `integritas`); repeated words a little more."""
    counts: Counter[str] = Counter()
    capitalised: set[str] = set()
    first_seen: dict[str, int] = {}
    previous = "."
    for match in re.finditer(r"\w+|[.!?]", text):
        token = match.group()
        if token in ".!?":
            previous = token
            continue
        word = token.lower()
        if previous not in ".!?" and token[0].isupper():
            capitalised.add(word)
        previous = token
        if word in COMMON_WORDS or (len(word) < 4 and not word.isdigit()):
            continue
        if word.isdigit() and (len(word) < 2 or word in {"2023", "2024"}):
            continue
        counts[word] += 1
        first_seen.setdefault(word, match.start())

    def weight(word: str) -> float:
        score = min(len(word), 12) / 4
        if word in capitalised:
            score += 2
        if word.isdigit():
            score += 1.5
        return score + min(counts[word], 3) * 0.5

    chosen, stems = [], set()
    for word in sorted(counts, key=lambda w: (-weight(w), first_seen[w])):
        if stem(word) in stems:
            continue
        stems.add(stem(word))
        chosen.append(word)
        if len(chosen) == limit:
            break
    return chosen


def candidate_query(text: str) -> Query | None:
    """A search (reports.search) for reports that may be copies of `text`: its
    distinctive words dealt into AND-ed groups of OR-ed words, so that a candidate
    has at least one word of each group. None when the text has no usable word."""
    chosen = distinctive_words(text)
    if not chosen:
        return None
    groups = min(QUERY_GROUPS, len(chosen))
    dealt = [chosen[i::groups] for i in range(groups)]
    return Query(
        all_of=tuple(tuple(Term((word,)) for word in group) for group in dealt),
        text=" ".join(chosen),
    )


def near_duplicates_within(
    texts: Sequence[str], threshold: float = NEAR_DUPLICATE_SCORE
) -> dict[int, tuple[int, Similarity]]:
    """For each text that copies an earlier one of `texts`, the index of the closest
    earlier text and their similarity: `{2: (0, Similarity(...))}`.

    One pass with an index of shingles, so hundreds of texts take well under a
    second: only pairs that share shingles are compared."""
    sets = [shingles(text) for text in texts]
    seen_in: dict[tuple[str, ...], list[int]] = defaultdict(list)
    found: dict[int, tuple[int, Similarity]] = {}
    for index, current in enumerate(sets):
        shared: Counter[int] = Counter()
        for shingle in current:
            shared.update(seen_in[shingle])
        best = None
        for earlier, count in shared.items():
            if count < threshold * min(len(current), len(sets[earlier])):
                continue  # too few shared shingles for either score to reach the threshold
            result = compare(current, sets[earlier])
            if result.score >= threshold and (best is None or result.score > best[1].score):
                best = (earlier, result)
        if best is not None:
            found[index] = best
        for shingle in current:
            seen_in[shingle].append(index)
    return found
