"""What the story is about: elections, operations, police units, personnel count."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from reports.importer import areas, units, vocab
from reports.importer.vocab import word_set

# --- Elections -------------------------------------------------------------------------

_MASK = re.compile("|".join(rf"\b{w}\b" for w in vocab.ELECTION_MASK), re.I)
# A cue followed by another year is another election ("Pemilu 2019", "Pilkada 2020").
_OTHER_YEAR = re.compile(r"^\s*(?:serentak\s+)?(?:tahun\s+)?(20[0-2][0-35-9]|19\d\d)\b", re.I)
_PEMILU = re.compile("|".join(rf"\b{w}\b" for w in vocab.PEMILU_WORDS), re.I)
_PILKADA = re.compile("|".join(rf"\b{w}\b" for w in vocab.PILKADA_WORDS), re.I)
# Words of any election story, for a story that names neither election ("pesta
# demokrasi", "pemungutan suara", "TPS", "logistik KPU").
_GENERIC_ELECTION = re.compile(
    r"\b(?:pesta\s+demokrasi|pemungutan\s+suara|tps|kpu|bawaslu|kampanye|rekapitulasi|"
    r"logistik|surat\s+suara|pemilihan)\b",
    re.I,
)
PEMILU = "pemilu-2024"
PILKADA = "pilkada-2024"
# The last voting-related work for Pemilu 2024 ended by April 2024; Pilkada 2024's
# stages began in mid-2024 (docs/domain.md).
_PEMILU_UNTIL = dt.date(2024, 4, 30)
_PILKADA_FROM = dt.date(2024, 5, 1)


def _count(pattern: re.Pattern, text: str) -> int:
    masked = _MASK.sub(" ", text)
    return sum(1 for m in pattern.finditer(masked) if not _OTHER_YEAR.match(masked[m.end() :]))


def elections(title: str, body: str, operations: list[str], when: dt.date | None) -> list[str]:
    """The election(s) the security work is for, by the story's own words.

    Title words count three times, operations (Mantap Brata / Mantap Praja) three times;
    a second election is kept only when it is nearly as present as the first.
    """
    scores = {
        PEMILU: 3 * _count(_PEMILU, title) + _count(_PEMILU, body),
        PILKADA: 3 * _count(_PILKADA, title) + _count(_PILKADA, body),
    }
    for operation in operations:
        scores[PEMILU if "Brata" in operation else PILKADA] += 3
    top = max(scores.values())
    if top == 0:
        if when and _GENERIC_ELECTION.search(f"{title} {body}"):
            if when <= _PEMILU_UNTIL:
                return [PEMILU]
            if when >= _PILKADA_FROM:
                return [PILKADA]
        return []
    return [name for name, score in scores.items() if score and score * 2 >= top]


# --- Operations ------------------------------------------------------------------------

# "Operasi Mantap Praja Telabang 2024", "Operasi Kepolisian Mantap Brata 2023-2024",
# "Ops Mantap Brata Candi", "OMP Telabang 2024", "OMB Seligi 2023/2024".
_OPERATION = re.compile(
    r"\b(?:Operasi\s+(?:Kepolisian\s+)?(?:Terpusat\s+)?Mantap\s+(?P<kind>Brata|Praja)|"
    r"Ops\.?\s+Mantap\s+(?P<kind2>Brata|Praja)|(?P<abbr>OMB|OMP))\b",
    re.I,
)
_YEAR = re.compile(r"^(?:tahun\s+|th\.?\s+)?(20\d\d)(?:\s*[-/–]\s*((?:20)?\d\d))?\b", re.I)
# A code name is one to three capitalised words: "Candi", "Sapu Jagad", "Tirta
# Kencana" (docs/domain.md: each Polda's own sandi).
_CODE_WORD = re.compile(r"[ \t]*([A-Z][a-z]+(?:-[A-Z][a-z]+)?|[A-Z]{3,})\b")
# A phase numbered after the code: "Mansinam II 2024".
_CODE_PHASE = re.compile(r"[ \t]+(I{1,3}|IV|V|VI{1,3})\b")
_CODE_WORDS = 3


@dataclass(frozen=True, slots=True)
class _Operation:
    kind: str
    code: str | None
    year: str | None

    def name(self) -> str:
        return " ".join(p for p in ("Operasi Mantap", self.kind, self.code, self.year) if p)


def _year_at(text: str) -> tuple[str | None, int]:
    match = _YEAR.match(text)
    if not match:
        return None, 0
    first, second = match.group(1), match.group(2)
    if second:
        second = second if len(second) == 4 else first[:2] + second
        if int(second) == int(first) + 1:
            return f"{first}-{second}", match.end()
    return first, match.end()


def _code_at(text: str) -> tuple[str | None, int]:
    """The code name at the start of `text` and where it ends; the words stop at one that
    is not a code ("Polda", "Tahun", "di")."""
    words: list[str] = []
    end = 0
    while len(words) < _CODE_WORDS:
        match = _CODE_WORD.match(text, end)
        if not match or match.group(1).lower() in vocab.NOT_OPERATION_CODE:
            break
        if not words and match.start(1) != 0:
            break
        words.append(match.group(1))
        end = match.end()
    phase = _CODE_PHASE.match(text, end) if words else None
    if phase:
        words.append(phase.group(1))
        end = phase.end()
    if not words:
        return None, 0
    return " ".join(words), end


def _stops_a_code(text: str) -> bool:
    """Whether the capitalised word opening `text` is a known non-code word ("Polda",
    "Polres", "Tahun"): the code before it is complete ("OMB Candi Polres Semarang")."""
    match = _CODE_WORD.match(text)
    return bool(match) and match.group(1).lower() in vocab.NOT_OPERATION_CODE


def operations(title: str, body: str) -> list[str]:
    """Election operations named in the story, abbreviations expanded, deduplicated."""
    found: list[tuple[_Operation, bool]] = []
    for text, in_title in ((title, True), (body, False)):
        for match in _OPERATION.finditer(text):
            kind = (match.group("kind") or match.group("kind2") or "").title()
            abbr = match.group("abbr")
            if abbr and not abbr.isupper():
                continue  # "omp" in lower case is not the abbreviation
            kind = kind or ("Brata" if abbr.upper() == "OMB" else "Praja")
            rest = text[match.end() : match.end() + 60]
            # "Operasi Mantap Brata (OMB) 2023-2024": skip the abbreviation in brackets.
            stripped = re.sub(r"^\s*\(\s*OM[BP]\s*\)", "", rest).lstrip()
            code, used = _code_at(stripped)
            # "Maleo-2023", "Siginjai 2024": the year after the code, a hyphen allowed.
            year, _ = _year_at(stripped[used:].lstrip(" \t-–")) if code else _year_at(stripped)
            after_code = stripped[used:]
            # In a headline every word is capitalised: a code there needs a year after it.
            # In the story, a code is followed by a year, punctuation, a lowercase word or
            # a word that is never a code ("OMB Candi Polres Semarang").
            if (
                code
                and not year
                and (
                    in_title
                    or (re.match(r"^\s*[A-Z]", after_code) and not _stops_a_code(after_code))
                )
            ):
                code = None
            found.append((_Operation(kind, code, year), in_title))
    known_codes = {(op.kind, op.code) for op, _ in found if op.code}
    result: list[_Operation] = []
    for op, _ in found:
        if op.code is None and op.year is None and any(k == op.kind for k, _ in known_codes):
            continue
        if op not in result:
            result.append(op)
    # Drop the less specific forms of the same operation ("OMP Telabang" beside
    # "Operasi Mantap Praja Telabang 2024"; the bare kind beside a coded one).
    kept = [
        op
        for op in result
        if not any(
            other != op
            and other.kind == op.kind
            and (op.code is None or op.code == other.code)
            and (
                op.year is None or op.year == other.year or op.year in (other.year or "").split("-")
            )
            for other in result
        )
    ]
    return [op.name() for op in kept]


# --- Police units ----------------------------------------------------------------------

# A unit and the words after it: "Polres Malang", "Kapolres Serang", "Mapolres Malang",
# "Polda Kalimantan Tengah (Kalteng)", "Kepolisian Resor (Polres) Jember",
# "Wakil Kepala Kepolisian Resor Malang", "Kepolisian Daerah Jawa Timur".
_UNIT = re.compile(
    r"\b(?P<head>Kepolisian\s+(?:Daerah|Resort?(?:\s+Kota(?:\s+Besar)?)?|Sektor(?:\s+Kota)?)\b"
    r"(?:\s*\((?:Polda|Polres|Polresta|Polrestabes|Polsek|Polsekta)\))?"
    r"|(?:Ma|Waka|Ka)?(?:Polrestabes|Polresta|Polres|Polsekta|Polsek|Polda)\b\.?)",
    re.I,
)
_PLACE_TOKEN = re.compile(
    r"[ \t]*([A-Z][A-Za-z'’]*(?:-[A-Za-z]+)?|[A-Z]{2,}|Kab\.|dan(?=\s+[A-Z]))"
)
# The official names of some units join two places: "Polresta Pulau X dan Pulau-Pulau Y",
# "Polres Kepulauan X dan Y"; such a reading is taken only when the units table knows it.
_JOINED = "dan"
_PLACE_TOKENS = 6
# Capitalised words after a unit that are not its place ("Polres Jember Pastikan ...",
# "Kapolres AKBP ...", "Polres Bersama TNI").
_NOT_PLACE = frozenset(
    {r.split()[0] for r in vocab.POLICE_RANKS} | {r.split()[0] for r in vocab.TNI_RANKS}
) | word_set(
    "dan di ke dari bersama beserta dalam untuk pada jajaran setempat menggelar gelar "
    "pastikan siagakan amankan tingkatkan jaga laksanakan kerahkan terjunkan lakukan "
    "siap gandeng bersinergi imbau ajak tni kpu bawaslu polri jelang menjelang usai "
    "saat selama hingga sampai pemilu pilkada polres polresta polrestabes polsek polda "
    "mapolres mapolda bapak ibu pak bu kabupaten kab provinsi kecamatan "
    # pronouns opening the next sentence or clause ("dipantau Kapolresta. Ia meminta")
    "ia dia beliau mereka kami kita pihaknya anda"
)
# Headline verbs made with -kan ("Polresta Siagakan 200 Personel", "Polres Kerahkan"):
# a word so made that is no known area is not a unit's place.
_VERB_SUFFIX = re.compile(r"^[A-Z][a-z]{3,}kan$")
# Words that may follow a place in a unit's name ("Polres Malang Kota", "Polres OKU
# Timur", "Polres Metro Jakarta Utara").
_PLACE_SUFFIX = word_set(
    "kota utara selatan timur barat tengah raya besar pusat hulu hilir laut darat jaya "
    "baru induk daya kepulauan"
)


@dataclass(frozen=True, slots=True)
class UnitMention:
    name: str  # canonical
    start: int
    chief: bool  # "Kapolres X": the unit's chief is named


# A bracketed short form inside a unit's name: "Polres Ogan Komering Ulu (OKU) Timur".
_INNER_SHORT_FORM = re.compile(r"[ \t]*\([A-Z][A-Za-z]{1,9}\)(?=[ \t]+[A-Z][a-z])")


def _place_tokens(text: str) -> list[str]:
    tokens: list[str] = []
    pos = 0
    while len(tokens) < _PLACE_TOKENS:
        match = _PLACE_TOKEN.match(text, pos)
        if not match:
            inner = _INNER_SHORT_FORM.match(text, pos) if tokens else None
            if inner:
                pos = inner.end()
                continue
            break
        tokens.append(match.group(1))
        pos = match.end()
    return tokens


def unit_mentions(
    text: str, province_code: str | None = None, *, headline: bool = False
) -> list[UnitMention]:
    """Police units named in `text`, in order, generic ones ("polres jajaran") left out.

    In a headline every word is capitalised, so an unknown place there is one word.
    """
    mentions: list[UnitMention] = []
    for match in _UNIT.finditer(text):
        head = match.group("head")
        if head[0].islower() and not head.lower().startswith(("kepolisian", "ka", "ma", "waka")):
            continue  # "polres" in lower case is a generic reference
        head_word = re.sub(r"\s*\([^)]*\)", "", head)
        if head.endswith(".") and text[match.end() : match.end() + 1].isspace():
            continue  # "dipantau Kapolresta. Ia ...": the sentence ends with the unit word
        tokens = _place_tokens(text[match.end() : match.end() + 160])
        name = _best_unit(head_word, tokens, province_code, headline)
        if name:
            chief = head.lower().startswith(("ka", "waka")) or text[
                max(0, match.start() - 16) : match.start()
            ].lower().rstrip().endswith(("kepala", "wakil kepala"))
            mentions.append(UnitMention(name, match.start(), chief))
    return mentions


def _best_unit(
    head: str, tokens: list[str], province_code: str | None, headline: bool = False
) -> str | None:
    """The longest reading of `head + tokens` that names a known unit or area."""
    for size in range(len(tokens), 0, -1):
        if tokens[size - 1] == _JOINED:
            continue
        candidate = f"{head} {' '.join(tokens[:size])}"
        if _JOINED in tokens[:size] and not units.is_table_name(candidate):
            continue
        name = units.canonical_unit_name(candidate)
        if name and units.resolve_unit(name, province_code=province_code).resolved:
            return name
    # Every Polda is in polda.csv (a province's, or Metro Jaya): one the tables do not
    # place is no Polda ("Kapolda Nama Lengkap menegaskan": the chief's name).
    if head.lower().endswith(("polda", "daerah")):
        return None
    # Unknown to the tables: the first capitalised word, with a direction or "Kota".
    kept: list[str] = []
    for token in tokens:
        low = token.lower().rstrip(".")
        if low in _NOT_PLACE or len(kept) >= 3 or (kept and headline and low not in _PLACE_SUFFIX):
            break
        if _VERB_SUFFIX.match(token) and not _is_area_word(token):
            break
        kept.append(token)
    if not kept:
        return None
    return units.canonical_unit_name(f"{head} {' '.join(kept)}")


def _is_area_word(word: str) -> bool:
    return bool(
        areas.find_regencies(word) or areas.find_districts(word) or areas.find_provinces(word)
    )


# --- Personnel count -------------------------------------------------------------------

_NUMBER_WORDS = "|".join(sorted(vocab.NUMBER_WORDS, key=len, reverse=True))
# "1.250 personel", "300 personel gabungan", "6 orang", "150 personil", "enam orang"
_COUNT = re.compile(
    rf"(?<![\d.,/-])(?P<number>(?:\d{{1,3}}(?:\.\d{{3}})+|\d{{1,6}}|(?:{_NUMBER_WORDS})"
    rf"(?:\s+(?:puluh|ratus|ribu))?)(?:\s+ribu)?)"
    rf"\s+(?P<noun>{'|'.join(vocab.COUNT_NOUNS)})\b",
    re.I,
)
_SENTENCE_SPLIT = re.compile(r"(?<=[.!?])\s+(?=[A-Z“\"])")
_MARKERS = re.compile(r"\b(?:" + "|".join(re.escape(m) for m in vocab.COUNT_MARKERS) + r")\b", re.I)
_PER_UNIT = re.compile(
    r"\b(?:" + "|".join(re.escape(m) for m in vocab.PER_UNIT_WORDS) + r")\b", re.I
)
# A number of guards at one post is not a deployment total ("tiga personel yang berjaga
# di pintu gudang", "2 personel per TPS", "dua personel di setiap pintu masuk").
_PER_POST = re.compile(
    r"^\s*(?:\w+\s+){0,4}?(?:per|setiap|tiap|di\s+(?:setiap\s+)?pintu|di\s+pos|di\s+depan)\b",
    re.I,
)
_NOT_FORCE = re.compile(
    r"^\s*(?:" + "|".join(re.escape(w) for w in vocab.NOT_FORCE_AFTER) + r")\b", re.I
)
_POLICE_NOUN = re.compile(
    r"\b(?:personel|personil|petugas|anggota|aparat|pasukan|prajurit)\b", re.I
)


# A few officers in a sentence about one kind of post ("Untuk TPS rawan, pihaknya
# menempatkan dua personel", "pos pengamanan dijaga tiga anggota") guard each post; a
# total names how many posts ("1.250 personel di 2.954 TPS").
_SMALL_COUNT = 10
_POST = re.compile(
    r"(?P<before>\S+\s+)?\b(?:TPS|pos|pintu|titik|regu|tim|giliran|shift|sif)\b", re.I
)


# Words after "N personel" that make it a deployment: "300 personel gabungan", "1.015
# personel siap kawal", "30 personel Brimob disiagakan", "500 personel disebar ke TPS",
# "900 personel yang akan diterjunkan", "1.300 personel telah bergeser ke TPS".
_DEPLOYED_AFTER = re.compile(
    r"^\s*(?:(?:polri|tni|brimob|sabhara|samapta|polairud|bko|cadangan)\s+){0,2}"
    r"(?:(?:polri\s+)?gabungan|bko|bawah\s+kendali\s+operasi|(?:yang\s+)?(?:telah\s+|sudah\s+|akan\s+)?(?:dikerahkan|"
    r"diterjunkan|disiagakan|diturunkan|dilibatkan|ditempatkan|disebar|disebarkan|disiapkan|"
    r"diberangkatkan|bergeser|digeser|terlibat|bertugas|siap|siaga|bersiaga))\b",
    re.I,
)


def _single_post(sentence: str) -> bool:
    for match in _POST.finditer(sentence):
        before = (match.group("before") or "").strip().lower()
        if not (before[:1].isdigit() or before in vocab.NUMBER_WORDS or before == "seluruh"):
            return True
    return False


def _number(text: str) -> int | None:
    text = text.lower()
    factor = 1
    if text.endswith(" ribu"):  # "434 ribu personel"
        text, factor = text[: -len(" ribu")], 1000
    if text[0].isdigit():
        return int(text.replace(".", "")) * factor
    parts = text.split()
    value = vocab.NUMBER_WORDS.get(parts[0])
    if value is None:
        return None
    if len(parts) == 2:
        value *= {"puluh": 10, "ratus": 100, "ribu": 1000}.get(parts[1], 1)
    return value * factor


def personnel_count(title: str, body: str) -> int | None:
    """The deployment total as stated ("sebanyak 1.250 personel"), None when not given.

    A number counts when a deployment word stands before it in its sentence
    ("melibatkan", "sebanyak", "berjumlah") or it is followed by "personel"/"personil";
    "orang" counts only in a sentence about officers ("Petugas ... berjumlah 6 orang").
    Per-post numbers ("setiap TPS dijaga 2 personel") are left out.
    """
    best: int | None = None
    headline: int | None = None
    stated: set[int] = set()
    for part, in_title in ((title, True), (body, False)):
        for sentence in _SENTENCE_SPLIT.split(part):
            for match in _COUNT.finditer(sentence):
                value = _number(match.group("number"))
                if not value or value > 2_000_000:
                    continue
                noun = match.group("noun").lower()
                before = sentence[max(0, match.start() - 60) : match.start()]
                after = sentence[match.end() : match.end() + 40]
                if _PER_UNIT.search(before[-25:]) or _PER_POST.match(after):
                    continue
                if value < _SMALL_COUNT and (
                    _single_post(sentence) or _PER_UNIT.search(sentence[: match.start()])
                ):
                    # "untuk TPS rawan ditempatkan dua personel": per post; "Setiap malam,
                    # regu piket diisi empat personel": per shift, however far the "setiap"
                    continue
                if _NOT_FORCE.match(after):
                    continue  # "sebanyak 5 anggota KPPS", "300 orang warga"
                marked = bool(_MARKERS.search(before))
                if noun in vocab.STRONG_COUNT_NOUNS:
                    ok = marked or bool(_DEPLOYED_AFTER.match(after))
                elif noun == "orang":
                    ok = marked and bool(
                        _POLICE_NOUN.search(sentence[max(0, match.start() - 300) : match.start()])
                        or _POLICE_NOUN.search(after)
                    )
                else:
                    ok = marked
                if not ok:
                    continue
                if in_title:
                    headline = value if headline is None else headline
                    continue
                stated.add(value)
                best = value if best is None else max(best, value)
    # The headline's count wins when the story states it too, or states none: a line
    # taken as the headline by mistake (another story's) does not bring its number in.
    if headline is not None and (best is None or headline in stated or _states(body, headline)):
        return headline
    return best


def _states(text: str, value: int) -> bool:
    """Whether a text writes a number ("1.250", "1250")."""
    plain, dotted = str(value), f"{value:,}".replace(",", ".")
    return any(
        re.search(rf"(?<![\d.,]){re.escape(form)}(?![\d]|[.,]\d)", text) for form in {plain, dotted}
    )
