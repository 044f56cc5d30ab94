"""People named in the story: name, rank and position, one record per person.

Officers are found by their rank ("Iptu Ahmad Taufik", "Komisaris Polisi Imam
Mustolih", "Letkol Inf Nama"), civilians by their position ("Ketua KPU Kabupaten
Malang, Nama", "Bupati Jember Nama"). A position is read before the rank or name
("Kapolres Malang, AKBP ...", "Kepala Bagian Operasi (Kabag Ops) Polres X Kompol ...")
or after the name ("AKBP X, Kapolres Malang, mengatakan"). Later, shorter forms of a
name ("Taufik", "Ipda Dicka") are the same person as the full one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from reports.importer import areas, units, vocab
from reports.importer.vocab import word_set


def _alternation(words) -> str:
    """A regex matching any of `words` (spaces as `\\s+`), built as a trie so that a scan
    over a long table of positions stays fast; longer words are preferred."""
    trie: dict = {}
    for word in {" ".join(w.lower().split()) for w in words}:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def build(node: dict) -> str:
        branches = [
            (r"\s+" if char == " " else re.escape(char)) + build(child)
            for char, child in sorted(node.items())
            if char
        ]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if "" in node:
            return f"(?:{body})?"
        return body

    return build(trie)


_RANKS = {**vocab.TNI_RANKS, **vocab.POLICE_RANKS}
# "Kombes Pol.", "Irjen Pol", "Kombespol", "Komisaris Polisi", "Letkol Inf", "AKBP".
_RANK = re.compile(
    rf"(?<![\w-])(?P<rank>{_alternation(_RANKS)})\.?(?P<pol>\s+Pol(?:isi)?\.?(?![\w]))?"
    rf"(?P<corps>\s+(?:{_alternation(vocab.TNI_CORPS)})\.?(?:\s*\([A-Z]{{1,3}}\))?(?![\w]))?",
    re.I,
)
# A rank as a whole word ("AKBP", "Ajun Komisaris Besar Polisi", not "Serda" of "Serdang").
_RANK_WORD = re.compile(rf"(?<![\w-])(?:{_alternation(_RANKS)})(?![\w])", re.I)
_RANK_BRACKET = re.compile(r"\s*\([A-Za-z. ]{2,24}\)")
# A name word: "Putu", "Moh", "M.", "I", "O'Neil", "Al-Farisi", "PUTU"; degrees and
# honorifics are read as words too and removed afterwards ("Drs.", "S.I.K.", "MM").
_NAME_TOKEN = re.compile(
    r"[ \t]*((?:[A-Z][a-z]{0,3}\.){1,5}[A-Za-z]{0,5}\.?(?![\w'’-])"
    r"|[A-Z][A-Za-z'’]*(?:-[A-Za-z]+)*\.?)"
)
_COMMA_DEGREE = re.compile(r"\s*,\s*((?:[A-Z][A-Za-z]{0,5}\.?){1,5})(?=[\s,.;:)]|$)")
# An acting holder's prefix before a position ("Pj Gubernur", "Pjs Wali Kota", "Plt
# Kepala Dinas", "Penjabat Sementara (Pjs) Wali Kota", "Pelaksana Tugas (Plt) Bupati").
_ACTING = _alternation(vocab.ACTING_PREFIXES)
_ACTING_PREFIX = re.compile(rf"^(?:{_ACTING})\s+(?:\([A-Za-z]{{2,5}}\)\s+)?", re.I)
_POSITION_START = re.compile(
    rf"(?<![\w])(?:(?:{_ACTING})\s+(?:\([A-Za-z]{{2,5}}\)\s+)?)?"
    rf"(?:{_alternation(vocab.POSITION_WORDS)})(?![\w])",
    re.I,
)
# Where the text before a name stops belonging to its position ("... Aryana melalui
# Kasihumas Iptu ...", "kata Kapolres ...", "bersama Dandim ...").
_POSITION_CUT = re.compile(
    r"(?:^|\s)(?:melalui|oleh|bersama|beserta|didampingi|serta|dan|kepada|dengan|yakni|"
    r"yaitu|bahwa|kata|ujar|ucap|tutur|ungkap|jelas|tegas|menurut|selaku|sebagai|"
    r"mewakili|dipimpin|dihadiri|pimpinan|hadir|turut|antara|lain|juga|pun|saat|ketika|"
    r"mengatakan|menjelaskan|menyampaikan|menegaskan)\s",
    re.I,
)
# Words of a position phrase: capitalised words, numbers and codes ("Dandim 0824/Jember",
# "Kaopsda Telabang 2024"), bracketed abbreviations ("(Kabag Ops)"), "Prov."
_POSITION_WORD = re.compile(r"^(?:[A-Z0-9][\w./’'-]*|\([^()]{1,30}\)|RI|&)$")
_POSITION_AFTER = re.compile(
    r"\s*,?\s*(?:selaku|sebagai|yang\s+juga(?:\s+menjabat)?|yang\s+merupakan)?\s*"
)
# Capitalised words that end a name ("Selasa", "Polres", "Kabupaten", "Saat").
_NAME_STOP = frozenset(
    {w for w in vocab.WEEKDAYS}
    | {m for m in vocab.MONTHS if len(m) > 3}
    | {w.split()[0] for w in vocab.POSITION_WORDS}
    | {w.split()[0] for w in _RANKS}
    | word_set(
        "polres polda polsek polresta polrestabes polri mapolres mapolda tni kpu bawaslu "
        "dprd kabupaten kab kota provinsi prov kecamatan kec desa kelurahan jalan jl dusun "
        "kapanewon kemantren kalurahan padukuhan distrik nagari gampong pekon "
        "linmas satlinmas tps kpps pps ppk panwascam gakkumdu "
        "pemilu pilkada pileg pilpres operasi ops satgas saat ketika dalam di pada untuk "
        "dengan yang dan serta bersama beserta mengatakan menjelaskan menyampaikan "
        "usai bahwa kami kita warga masyarakat jajaran personel apel rakor wib wita wit "
        "kantor gudang aula halaman mako markas selaku sebagai melalui kasat kasi humas "
        "bid sat unit bagian seksi republik indonesia negara "
        # words of spelled-out police and civil units, never a name: "Kepala Bidang
        # Hubungan Masyarakat", "Kepala Biro Operasi", "Kepala Subbidang Penerangan"
        "bidang subbidang biro subbagian subbag hubungan penerangan intelijen keamanan "
        "satuan reserse kriminal lalu lintas pembinaan operasi badan komisi dinas "
        "pengawas pemilihan "
        # army units, never a name: "bersama Babinsa Koramil X", "personel Kodim Y"
        "kodam korem kodim koramil lanal lanud lantamal yonif brigif batalyon kompi "
        # venues, never a name: "di Lapangan Merdeka", "Gedung Graha", "Hotel Santika"
        "lapangan gedung hotel alun-alun masjid stadion gor balai pendopo taman pasar "
        "terminal pelabuhan bandara lapas rutan sekolah kampus posko ruang aula graha"
    )
)


@dataclass(slots=True)
class Person:
    name: str
    rank: str | None = None
    position: str | None = None
    mentions: list[int] = field(default_factory=list)  # offsets in the story

    @property
    def tokens(self) -> list[str]:
        return self.name.lower().split()


@dataclass(frozen=True, slots=True)
class Mention:
    """One surface form of a person in the text."""

    name: str
    rank: str | None
    position: str | None
    start: int
    end: int
    reach: int = 0  # the end of a position written after the name (", Kapolres X,")


def normalise_rank(raw: str, pol: str | None, corps: str | None, position: str | None) -> str:
    key = " ".join(raw.lower().split())
    rank = _RANKS.get(key, raw)
    tni_context = bool(position) and position.split()[0].lower() in vocab.TNI_POSITIONS
    if corps:
        corps_text = " ".join(corps.split()).rstrip(".")
        paren = re.search(r"\([A-Z]{1,3}\)", corps_text)
        word = re.sub(r"\s*\([^)]*\)", "", corps_text).lower()
        short = vocab.TNI_CORPS.get(word, corps_text)
        if rank.endswith(" Pol") and short == "TNI":
            rank = rank.replace(" Pol", " TNI")
        elif short != "TNI" and rank in vocab.TNI_RANKS.values():
            rank = f"{rank} {short}" + (f" {paren.group(0)}" if paren else "")
    if tni_context and rank.endswith(" Pol"):
        rank = rank.replace(" Pol", " TNI")
    return rank


def _is_degree(token: str) -> bool:
    bare = token.replace(".", "").replace(",", "").lower()
    if not bare:
        return True
    if bare in vocab.DEGREES or bare in vocab.HONORIFICS:
        return True
    return token.count(".") >= 2 and len(bare) <= 8  # "S.I.K.", "M.Tr.Opsla"


def _is_trailing_degree(token: str) -> bool:
    """A degree written after a name ("S.H.", "M.Si."), not an honorific before one
    ("H.", "Hj.", "Drs.")."""
    return _is_degree(token) and token.replace(".", "").lower() not in vocab.HONORIFICS


# Abbreviated name words that keep their dot ("Moh.", "Muh.", "Abd.").
_NAME_ABBREVIATIONS = ("moh", "muh", "mohd", "abd", "ach", "achm", "st", "yb")


def read_name(text: str, pos: int) -> tuple[str, int] | None:
    """The name starting at `pos` (degrees and honorifics dropped) and where it ends."""
    tokens: list[str] = []
    end = pos
    cursor = pos
    # Degrees close a name: "Drs. Ahmad Luthfi, S.H. Sebanyak ..." is Ahmad Luthfi.
    closed = False
    initials: set[int] = set()
    while len(tokens) < 8:
        match = _NAME_TOKEN.match(text, cursor)
        if not match:
            break
        token = match.group(1)
        bare = token.rstrip(".").lower()
        if bare in _NAME_STOP and not _is_degree(token):
            break
        if not closed and _is_initials(text, match):
            initials.add(len(tokens))  # "Fredrickus W.A. Maclarimboen": initials
            tokens.append(token)
            cursor = end = match.end()
            continue
        if _is_degree(token):
            closed = closed or any(not _is_degree(t) for t in tokens)
        elif closed:
            break
        # "Toha." ends a sentence unless it is an abbreviation ("Moh.", "Muh.")
        if (
            token.endswith(".")
            and not _is_degree(token)
            and len(token) > 3
            and bare not in _NAME_ABBREVIATIONS
        ):
            tokens.append(token[:-1])
            end = match.end() - 1
            break
        tokens.append(token)
        cursor = end = match.end()
        degree = _COMMA_DEGREE.match(text, cursor)
        while degree and _is_degree(degree.group(1)):
            cursor = degree.end()
            closed = True
            degree = _COMMA_DEGREE.match(text, cursor)
    name_tokens = [
        t
        if i in initials or len(t.rstrip(".")) <= 1 or t.rstrip(".").lower() in _NAME_ABBREVIATIONS
        else t.rstrip(".")
        for i, t in enumerate(tokens)
        if i in initials or not _is_degree(t)
    ]
    # "M." stays an initial; a trailing honorific-less single letter is dropped.
    while name_tokens and _is_degree(name_tokens[-1]):
        name_tokens.pop()
    if not name_tokens or not any(len(t.rstrip(".")) >= 2 for t in name_tokens):
        return None
    # Six words at most: "I Gusti Ngurah Agung Ari Wibawa" (Balinese names are long).
    if len(name_tokens) > 6:
        name_tokens = name_tokens[:6]
    name = " ".join(_title_if_caps(t) for t in name_tokens)
    return name, max(end, cursor)


# Initials inside a name ("W.A.", "R.M."): single letters with dots, no degree.
_INITIALS = re.compile(r"(?:[A-Z]\.){2,4}")


def _is_initials(text: str, match: re.Match) -> bool:
    """Initials between name words: not a known degree, and a name word follows
    ("Fredrickus W.A. Maclarimboen"; not "Nama S.H. Kapolres", "Nama, S.E.")."""
    token = match.group(1)
    bare = token.replace(".", "").lower()
    if not _INITIALS.fullmatch(token) or bare in vocab.DEGREES or bare in vocab.HONORIFICS:
        return False
    if text[match.start() : match.start(1)].strip():
        return False
    following = _NAME_TOKEN.match(text, match.end())
    if not following or following.start(1) == match.end():
        return False
    word = following.group(1)
    return (
        not _is_degree(word)
        and word.rstrip(".").lower() not in _NAME_STOP
        and len(word.rstrip(".")) > 1
    )


def _title_if_caps(token: str) -> str:
    if token.isupper() and len(token) > 3 and "." not in token:
        return token.capitalize()
    return token


def clean_position(text: str) -> str | None:
    """A position as written, with a spelled-out title replaced by its abbreviation:
    "Kepala Bagian Operasi (Kabag Ops) Polres X" -> "Kabag Ops Polres X", "Ketua Badan
    Pengawas Pemilu (Bawaslu) Kabupaten X" -> "Ketua Bawaslu Kabupaten X", "Komandan
    Kodim (Dandim) 0722/Kudus" -> "Dandim 0722/Kudus"; a bracketed place or any other
    bracket is dropped ("Kapolda Kalimantan Tengah (Kalteng)")."""
    text = " ".join(text.split()).strip(" ,;:-–")
    for _ in range(3):
        match = re.match(r"^(?P<full>[^()]+?)\s*\((?P<abbr>[^()]{2,24})\)\s*(?P<rest>.*)$", text)
        if not match:
            break
        full, abbr, rest = match.group("full").split(), match.group("abbr"), match.group("rest")
        size = abbreviated_words(full, abbr)
        place = any(
            spells(full[-tail:], abbr)
            and (
                areas.find_regencies(" ".join(full[-tail:]))
                or areas.find_provinces(" ".join(full[-tail:]))
            )
            for tail in range(1, size + 1)
        )
        if size and not place:
            text = " ".join([*full[:-size], abbr, rest]).strip()
        else:
            text = " ".join([*full, rest]).strip()
    text = re.sub(r"\s*\([^()]*\)?", "", text)
    text = text.strip(" ,;:-–")
    return text or None


def abbreviated_words(words: list[str], abbreviation: str) -> int:
    """How many of the last `words` an abbreviation in brackets after them stands for
    (0 when it spells none): its letters, in order, taken from each of those words
    ("Kabag Ops" <- Kepala Bagian Operasi, "Bawaslu" <- Badan Pengawas Pemilu, "Dandim"
    <- Komandan Kodim, "Pjs" <- Penjabat Sementara, "Loteng" <- Lombok Tengah)."""
    letters = re.sub(r"[^a-z]", "", abbreviation.lower())
    if not letters or len(letters) > 16:
        return 0
    best = 0
    for size in range(1, min(len(words), len(letters), 6) + 1):
        tail = [re.sub(r"[^a-z]", "", w.lower()) for w in words[-size:]]
        if all(tail) and _spells(letters, tail):
            best = size
    return best


def spells(words: list[str], abbreviation: str) -> bool:
    """Whether `abbreviation` is made of letters of each of `words` in order."""
    letters = re.sub(r"[^a-z]", "", abbreviation.lower())
    tail = [re.sub(r"[^a-z]", "", w.lower()) for w in words]
    return bool(letters) and len(letters) <= 16 and all(tail) and _spells(letters, tail)


def _spells(letters: str, words: list[str]) -> bool:
    """Whether `letters` split into one non-empty piece per word, each piece a
    subsequence of its word."""
    if not words:
        return not letters
    for size in range(1, len(letters) - len(words) + 2):
        if _subsequence(letters[:size], words[0]) and _spells(letters[size:], words[1:]):
            return True
    return False


def _subsequence(piece: str, word: str) -> bool:
    chars = iter(word)
    return all(char in chars for char in piece)


# A chief's unit whose official name joins two places ("Kapolresta Pulau X dan
# Pulau-Pulau Y"): the "dan" belongs to the unit, not between two people.
_CHIEF = re.compile(r"\b(?:Waka|Ka)(Polrestabes|Polresta|Polres|Polsek|Polda)\b", re.I)
_JOINED_WORD = re.compile(r"\s+([A-Z][\w'’-]*|dan)(?![\w'’-])")


def _joined_unit_end(text: str, match: re.Match) -> int:
    """Where the long unit name after a chief's title ends (`match.end()` if none)."""
    ends: list[int] = []
    words: list[str] = []
    cursor = match.end()
    while len(words) < 6:
        word = _JOINED_WORD.match(text, cursor)
        if not word:
            break
        words.append(word.group(1))
        cursor = word.end()
        ends.append(cursor)
    if "dan" not in words:
        return match.end()
    for size in range(len(words), 2, -1):
        if (
            words[size - 1] != "dan"
            and "dan" in words[:size]
            and units.is_table_name(f"{match.group(1)} {' '.join(words[:size])}")
        ):
            return ends[size - 1]
    return match.end()


def position_before(text: str, start: int, floor: int) -> str | None:
    """The position written just before a rank or name at `start`."""
    window_start = max(floor, start - 140)
    window = text[window_start:start]
    joined = [(m.end(), _joined_unit_end(window, m)) for m in _CHIEF.finditer(window)]
    cut = 0
    for match in _POSITION_CUT.finditer(window):
        if any(a <= match.start() < b for a, b in joined):
            continue  # "Kapolresta Pulau X dan Pulau-Pulau Y": one unit's name
        cut = match.end()
    for sentence_end in re.finditer(r"[.!?;:\"“”]\s", window):
        cut = max(cut, sentence_end.end())
    window = window[cut:]
    for match in _POSITION_START.finditer(window):
        if not window[match.start()].isupper():
            continue
        before = window[: match.start()]
        if before.count("(") > before.count(")"):
            continue  # "(Dandim)" in "Komandan Kodim (Dandim) 0722/Kudus"
        phrase = window[match.start() :].strip().rstrip(",").strip()
        tokens = re.findall(r"\([^()]*\)|[^\s,()]+|,", phrase)
        if any(b > a for a, b in joined):
            tokens = [t for t in tokens if t != "dan"]
        if all(_POSITION_WORD.match(t) or t == "," for t in tokens) and "," not in tokens[:-1]:
            return clean_position(phrase)
        if all(_POSITION_WORD.match(t) for t in phrase.split(",")[0].split()):
            inner = phrase.split(",")
            if len(inner) == 2 and not inner[1].strip():
                return clean_position(inner[0])
    return None


# Civilian titles written in lower case inside a sentence, before the body they belong
# to: "anggota Bawaslu Kabupaten X Nama", "Nama, komisioner KPU Kota X,", "ketua PPK".
_LOWERCASE_TITLES = frozenset(
    {"anggota", "ketua", "wakil ketua", "komisioner", "koordinator", "tokoh masyarakat",
     "tokoh agama"}
)  # fmt: skip
_LOWERCASE_TITLE_ORG = re.compile(
    r"\s+(?:[A-Z]{2,8}\b|(?:Bawaslu|Panwaslu|Panwascam|Panwaslih|Gakkumdu|Sentra|Desa|"
    r"Kelurahan|Dusun|Kecamatan|Kabupaten|Kota|Provinsi)\b)"
)


def _opens_position(text: str, match: re.Match) -> bool:
    """A position word that opens a title: capitalised, or a lower-case civilian title
    followed by its body ("anggota Bawaslu", "ketua KPPS")."""
    if text[match.start()].isupper():
        return True
    words = match.group(0).split()
    title = " ".join(words[:2]) if " ".join(words[:2]) in _LOWERCASE_TITLES else words[0]
    if title not in _LOWERCASE_TITLES:
        return False
    if len(words) > len(title.split()):
        return True  # "ketua kpu": the body is part of the position word
    if title.startswith("tokoh") and _area_prefix(text, match.end(), districts=True):
        return True  # "tokoh agama Kalibaru, K.H. Nama": a figure of a named place
    return bool(_LOWERCASE_TITLE_ORG.match(text, match.end()))


def position_after(text: str, end: int) -> str | None:
    """A position written after a name: ", Kapolres Malang," or "selaku Ketua KPU"."""
    return _position_after(text, end)[0]


def _position_after(text: str, end: int) -> tuple[str | None, int]:
    """The position after a name and where it ends (`end` when there is none)."""
    match = _POSITION_AFTER.match(text, end)
    cursor = match.end() if match else end
    if cursor == end:
        return None, end
    start = _POSITION_START.match(text, cursor)
    if not start or not _opens_position(text, start):
        return None, end
    words: list[str] = []
    title_end = start.end() - cursor  # "anggota" of "anggota Bawaslu X" may be lower case
    for token in re.finditer(r"\S+", text[cursor : cursor + 120]):
        word = token.group(0)
        bare = word.rstrip(",.;:")
        if not _POSITION_WORD.match(bare) and token.end() > title_end:
            break
        if _RANK.match(bare):
            return None, end  # ", Kasihumas Iptu B": the position of the next person
        words.append(bare)
        if word != bare:
            break
    if not words or _RANK.match(text, cursor + len(" ".join(words)) + 1):
        return None, end
    return clean_position(" ".join(words)), cursor + len(" ".join(words))


def _rank_mentions(text: str) -> list[Mention]:
    mentions: list[Mention] = []
    floor = 0
    for match in _RANK.finditer(text):
        if match.start() < floor:
            continue
        raw = match.group("rank")
        if raw[0].islower():
            continue  # "mayor" in running text, not a rank before a name
        # "Ajun Komisaris Besar Polisi (AKBP) Putu ...": the abbreviation in brackets.
        bracket = _RANK_BRACKET.match(text, match.end())
        found = read_name(text, bracket.end() if bracket else match.end())
        if not found:
            continue
        name, end = found
        position = position_before(text, match.start(), floor)
        reach = end
        if position is None:
            position, reach = _position_after(text, end)
        rank = normalise_rank(raw, match.group("pol"), match.group("corps"), position)
        mentions.append(Mention(name, rank, position, match.start(), end, reach))
        floor = end
    return mentions


# Civilians and officers named by position only: "Ketua KPU Kabupaten Malang, Ahmad",
# "Bupati Jember Hendy Siswanto", "Pj Gubernur Kalteng, Nama".
# The organisation words of a position before the holder's name ("Ketua KPU Kabupaten
# Malang", "Wakil Kepala Kepolisian Resor Malang", "Kepala Dinas Sosial", "Kepala Desa").
_CIVIL_ORG = re.compile(
    r"^(?:[A-Z]{2,8}|RI|Kabupaten|Kab\.|Kota|Provinsi|Prov\.|Kecamatan|Kec\.|Desa|Kelurahan|"
    r"Umum|Divisi|Bidang|Kepolisian|Resor|Resort|Daerah|Sektor|Besar|Dinas|Badan|Bagian|"
    r"Seksi|Satuan|Sub|Subbagian|Urusan|Unit|Kantor|Komisi|Pemilihan|Pengawas|Pemilu|"
    r"Dewan|Perwakilan|Rakyat|Partai|Kejaksaan|Negeri|Tinggi|Pengadilan|Lembaga|Sosial|"
    r"Perhubungan|Kesehatan|Pendidikan|Komando|Distrik|Militer|Resort|Operasi|Humas|Ops|"
    r"Harian|Sementara|Administrasi|Metro|Kapanewon|Kemantren|Kalurahan|Padukuhan|Distrik|"
    r"Nagari|Gampong|Pekon|Bawaslu|Panwaslu|Panwascam|Panwaslih|Gakkumdu|Satpol|Linmas|"
    r"Kesbangpol|Bakesbangpol|Pemkab|Pemkot|Pemprov|Diskominfo|Pelaksana)$"
)


def _civil_mentions(text: str, taken: list[tuple[int, int]]) -> list[Mention]:
    """Civilians named by their position ("Ketua KPU Kabupaten X Nama"), outside the
    spans `taken` by officers: the position, then the name after it, kept when the
    name reads as a holder's."""
    mentions: list[Mention] = []
    for match in _POSITION_START.finditer(text):
        if not _opens_position(text, match) or any(a <= match.start() < b for a, b in taken):
            continue
        cursor = _organisation_end(text, _civil_position_end(text, match))
        position = text[match.start() : cursor]
        lead = re.match(r"^\s*,?\s*", text[cursor : cursor + 200])
        name_start = cursor + (lead.end() if lead else 0)
        if _RANK.match(text, name_start):
            continue  # an officer: read with the rank
        found = read_name(text, name_start)
        if not found:
            continue
        name, end = found
        # "Perbekel Tegal Harum I Made X": a Balinese name opens at "I"/"Ni"; the words
        # before it are the position's place.
        opener = _BALINESE_OPENER.search(text, name_start, end)
        if opener and opener.start(1) > name_start:
            cursor = opener.start(1)
            position = text[match.start() : cursor]
            found = read_name(text, cursor)
            if not found:
                continue
            name, end = found
        if _holds_the_position(text, match, name, name_start, end):
            mentions.append(Mention(name, None, clean_position(position), match.start(), end))
    return mentions


def _civil_position_end(text: str, match: re.Match) -> int:
    """Where a civilian position that starts at `match` ends (before its organisation's
    name is read on): at the comma before the name, or where the position's words end."""
    cursor = match.end()
    chief = _CHIEF.match(text, match.start())
    if chief and chief.end() == match.end():
        cursor = _joined_unit_end(text, chief)  # "Kapolresta Pulau X dan Pulau-Pulau Y"
    comma_form = _POSITION_COMMA_NAME.match(text, cursor)
    # "Pj Bupati X Drs. H. Nama, M.Si.": a comma after degrees closes a name, not a
    # position.
    after_comma = (
        _COMMA_DEGREE.match(text, comma_form.end(1)) if comma_form else None
    )  # "Bupati X Nama, S.H.": the comma opens the degrees; not "Ketua X, Hj. Nama"
    if (
        comma_form
        and not any(_RANK.fullmatch(w) or _is_degree(w) for w in comma_form.group(1).split())
        and not (after_comma and _is_trailing_degree(after_comma.group(1)))
    ):
        # "Komisioner KPU Divisi Teknis, Dewi Sartika,": the comma ends the position.
        return comma_form.start(1) + len(comma_form.group(1))
    cursor = _position_end(text, cursor)
    head_word = _ACTING_PREFIX.sub("", match.group(0)).lower()
    if cursor == match.end() and " ".join(head_word.split()) in vocab.VILLAGE_HEADS:
        # "Lurah Sukamaju Rudi Hartanto": the village, then its head's name.
        village = re.match(r"\s+[A-Z][\w'’-]*(?=\s+[A-Z])", text[cursor : cursor + 40])
        cursor += village.end() if village else 0
    return cursor


def _holds_the_position(text: str, match: re.Match, name: str, name_start: int, end: int) -> bool:
    """Whether the name read after a position is its holder's, not a list, an acronym,
    another position, a unit's function or a place."""
    after = text[end : end + 1]
    if (after and after not in " ,.;:)\n") or (len(name.split()) == 1 and len(name) < 3):
        return False
    if text[match.start()].islower() and len(name.split()) < 2:
        return False  # "kenali ketua KPPS, Linmas, dan ...": a list, not a holder
    if re.fullmatch(r"[A-Z]{2,5}", text[name_start:end].strip()):
        return False  # "Menurut Kapolres, TPS di ...": an acronym, not the holder's name
    if re.match(r"^\s*(?:\d|\()", text[end : end + 20]) or _RANK.match(text, end + 1):
        return False  # "Kaopsda Telabang 2024 Irjen ...": a position, not a name
    if _UNIT_NEXT.match(text, end):
        return False  # "Kasubbid Penmas Bidhumas Polda X AKBP ...": a function, not a name
    head = name.split()
    return not (
        head[0].lower() in _NAME_STOP
        or any(
            areas.find_regencies(" ".join(head[:size]))
            or areas.find_provinces(" ".join(head[:size]))
            for size in {2, len(head)}
        )
    )  # "Kapolres Metro Jakarta Selatan ...": a place, not a name


# A Balinese name opens with "I" (men) or "Ni" (women) before a capitalised word.
_BALINESE_OPENER = re.compile(r"\s((?:I|Ni)\s+[A-Z][a-z])")

# A unit right after a would-be name: the name was a function of that unit
# ("Kasubbid Penmas Bidhumas Polda Jateng", "Kasi Propam Sipropam Polres X"), also of an
# army unit ("Dansatgas Pamtas RI-PNG Yonif 122").
_UNIT_NEXT = re.compile(
    r"\s+(?:Polda|Polres|Polresta|Polrestabes|Polsek|Polri|Mabes|Kodam|Korem|Kodim|Koramil|"
    r"Lanal|Lanud|Lantamal|Yonif|Brigif|Batalyon|Kompi)\b"
)

# "Position Words, Name": capitalised words up to a comma, then the name.
_POSITION_COMMA_NAME = re.compile(
    r"((?:\s+(?:[A-Z0-9][\w./’'-]*|\([^()]{1,30}\))){0,8}),\s*(?=[A-Z])"
)
# A place word that is followed by a village or district name ("Desa Sengon").
# The regional names of districts and villages: "Kapanewon" and "Kemantren" (DIY's
# kecamatan), "Kalurahan" and "Padukuhan" (DIY), "Distrik" (Papua), "Nagari" and "Jorong"
# (Sumatera Barat), "Gampong" (Aceh), "Pekon" (Lampung). Not "Lembang" (Toraja) nor
# "Jorong": both are also district names (Kecamatan Lembang, Kecamatan Jorong).
_REGIONAL_AREAS = frozenset(
    {"kapanewon", "kemantren", "kalurahan", "padukuhan", "distrik", "nagari", "gampong", "pekon"}
)
_BEFORE_LOCAL_NAME = frozenset(
    {"desa", "kelurahan", "dusun", "kecamatan", "kec.", "kampung", *_REGIONAL_AREAS}
)


# Capitalised words up to a bracketed abbreviation, inside a position ("Bidang Hubungan
# Masyarakat (Kabid Humas)", "Badan Pengawas Pemilihan Umum (Bawaslu)", "(KPU)").
_SPELLED_TITLE = re.compile(r"(?:\s+[A-Z][a-z]+){0,5}\s*\([A-Za-z][A-Za-z .]{1,24}\)")


def _position_end(text: str, cursor: int) -> int:
    """The end of a position's organisation and area ("KPU Kabupaten Malang", "Jember",
    "Desa Sengon", "Kecamatan Sumbersari") written before its holder's name."""
    while True:
        token = re.match(r"\s+(\S+)", text[cursor : cursor + 40])
        if not token:
            return cursor
        word = token.group(1).rstrip(",.;:")
        if _RANK.fullmatch(word):
            return cursor  # "Kasat Intelkam AKP Ronald": the rank starts an officer's name
        # "(Bawaslu)" after "Badan Pengawas Pemilihan Umum"; a spelled-out title up to its
        # abbreviation: "Kepala [Bidang Hubungan Masyarakat (Kabid Humas)] Polda X".
        spelled = _SPELLED_TITLE.match(text, cursor)
        if spelled and not any(
            rank.group(0)[0].isupper() for rank in _RANK_WORD.finditer(spelled.group(0))
        ):
            cursor = spelled.end()
            continue
        compass = word in _COMPASS and cursor > 0 and text[cursor - 1 : cursor].isalnum()
        if _CIVIL_ORG.match(word) or word[:1].isdigit() or compass:
            # "Ketua Bawaslu OKU Timur Nama": a compass word goes on the area before it.
            cursor += token.end() - (len(token.group(1)) - len(word))
            if word.lower() in _BEFORE_LOCAL_NAME:
                local = re.match(r"\s+[A-Z][\w'’-]*", text[cursor : cursor + 40])
                area_len = _area_prefix(text, cursor, districts=True)
                cursor += area_len or (local.end() if local else 0)
                return cursor
            continue
        return cursor + _area_prefix(text, cursor, districts=True)


# A long organisation name goes on past the words `_position_end` knows: up to the
# holder's honorific ("Kepala Badan Kesatuan Bangsa dan Politik Kota X Drs. H. Nama"), or
# up to the area it ends with ("Kepala Dinas Pendidikan dan Kebudayaan Kabupaten X Nama").
_HONORIFIC_AHEAD = re.compile(
    r"(?:\s+(?!(?:Drs?|Dra|Ir|Hj?|Prof)\.)(?:dan|&|[A-Z][\w./’'-]*|\([^()]{1,30}\))){1,8}?"
    r"(?=\s+(?:Drs?|Dra|Ir|Hj?|Prof)\.\s*[A-Z])"
)
_AREA_AHEAD = re.compile(
    r"(?:\s+(?:dan|&|[A-Z][\w’'-]*)){1,5}?(?=\s+(?:Kabupaten|Kab\.|Kota|Provinsi|Prov\.)\s+[A-Z])"
)


def _organisation_end(text: str, cursor: int) -> int:
    def plain(words: str) -> bool:  # no rank or position inside: one organisation
        return not _RANK_WORD.search(words) and not _POSITION_START.search(words)

    for _ in range(2):
        ahead = _HONORIFIC_AHEAD.match(text, cursor)
        if ahead and plain(ahead.group(0)):
            return ahead.end()
        ahead = _AREA_AHEAD.match(text, cursor)
        if not ahead or not plain(ahead.group(0)):
            return cursor
        cursor = _position_end(text, ahead.end())
    return cursor


# Compass words end a place's name ("OKU Timur", "Kota X Utara"), never open a person's.
_COMPASS = frozenset({"Utara", "Selatan", "Timur", "Barat", "Tengah", "Tenggara", "Daya", "Laut"})


def _area_prefix(text: str, cursor: int, *, districts: bool = False) -> int:
    """Length of the area name (1-3 capitalised words) at `cursor`, 0 if none; with
    `districts`, also a district, or the press's short form of a Kabupaten followed by
    the holder's name ("Ketua KPU Kukar Nama": `areas.regencies_abbreviated`)."""
    tokens = list(re.finditer(r"\s+([A-Z][A-Za-z'’-]*)", text[cursor : cursor + 60]))
    chain: list[re.Match] = []
    for token in tokens:
        if chain and token.start() != chain[-1].end():
            break
        if not chain and token.start() != 0:
            break
        chain.append(token)

    def with_compass(size: int) -> int:
        # "Ketua KPU Bolmong Timur Nama": a compass word after the area's name or short
        # form belongs to it when a name follows; it never opens the holder's name.
        if len(chain) > size + 1 and chain[size].group(1) in _COMPASS:
            return chain[size].end()
        return chain[size - 1].end()

    for size in range(min(3, len(chain)), 0, -1):
        name = " ".join(t.group(1) for t in chain[:size])
        if (
            areas.find_regencies(name)
            or areas.find_provinces(name)
            or (districts and areas.find_districts(name))
        ):
            return with_compass(size)
    if districts and len(chain) >= 2 and areas.regencies_abbreviated(chain[0].group(1)):
        return with_compass(1)
    return 0


# A civilian introduced with an age: "Salah satu warga, Budi Santoso (45), mengaku ...".
_NAME_WITH_AGE = re.compile(
    r"\b((?:I\s+)?[A-Z][a-z]+(?:\s+[A-Z][a-z]+){0,3})\s+\((\d{2})(?:\s*tahun)?\)"
)


def _aged_mentions(text: str) -> list[Mention]:
    mentions = []
    for match in _NAME_WITH_AGE.finditer(text):
        name = match.group(1)
        words = name.split()
        if any(w.lower() in _NAME_STOP for w in words) or areas.find_regencies(name):
            continue
        mentions.append(Mention(name, None, None, match.start(), match.end()))
    return mentions


# Where a civilian's name ends and their position follows: "Dewi Anggraini, Ketua Bawaslu
# Kota Kudus, memastikan", "Dewi Lestari selaku Ketua Bawaslu Kota X".
_NAME_THEN_POSITION = re.compile(
    r"\s*(?:,|\s(?:selaku|yang\s+juga))\s*"
    r"(?=[A-Z]|(?:anggota|ketua|wakil\s+ketua|komisioner|koordinator|tokoh)\s)"
)


_PLACE_BEFORE = re.compile(r"\b(?:di|ke|dari|pada|dalam|menuju|sekitar|depan|jalan)\s+$", re.I)


def _named_before_position(text: str, taken: list[tuple[int, int]]) -> list[Mention]:
    """Civilians named first, their position after a comma or "selaku"."""
    mentions: list[Mention] = []
    for match in _NAME_THEN_POSITION.finditer(text):
        if not _POSITION_START.match(text, match.end()):
            continue
        # The name: the run of capitalised words right before the comma, opening the
        # sentence or following a lowercase word or a comma ("Sementara itu, Nama").
        run = re.search(r"(?:^|(?<=[\s,(]))((?:[A-Z][\w'’.-]*\s+){1,5}[A-Z][\w'’.-]*)$",
                        text[max(0, match.start() - 80) : match.start()])  # fmt: skip
        if not run:
            continue
        start = max(0, match.start() - 80) + run.start(1)
        if any(a <= start < b for a, b in taken) or _PLACE_BEFORE.search(text[:start]):
            continue  # "di Lapangan Merdeka, Kapolres ...": a place, not a person
        found = read_name(text, start)
        if not found or found[1] < match.start() - 1 or len(found[0].split()) < 2:
            continue
        name, end = found
        head = name.split()
        if any(
            areas.find_regencies(" ".join(head[:size]))
            or areas.find_provinces(" ".join(head[:size]))
            for size in {2, len(head)}
        ):
            continue
        position = position_after(text, end)
        if position:
            mentions.append(Mention(name, None, position, start, end))
    return mentions


def find_people(paragraphs: list[str]) -> tuple[list[Person], list[tuple[int, Mention]]]:
    """People in the story and each mention (paragraph index, mention)."""
    people: list[Person] = []
    all_mentions: list[tuple[int, Mention]] = []
    offset = 0
    for index, paragraph in enumerate(paragraphs):
        ranked = _rank_mentions(paragraph)
        # "Bripka Nama, Bhabinkamtibmas Desa X Y, ...": the position after an officer's
        # name is no civilian's position.
        civil = _civil_mentions(paragraph, [(m.start, max(m.end, m.reach)) for m in ranked])
        taken = [(m.start, m.end) for m in ranked + civil]
        named = _named_before_position(paragraph, taken)
        taken += [(m.start, m.end) for m in named]
        aged = [m for m in _aged_mentions(paragraph) if not any(a <= m.start < b for a, b in taken)]
        for mention in sorted(ranked + civil + named + aged, key=lambda m: m.start):
            all_mentions.append((index, mention))
            _merge(people, mention, offset)
        offset += len(paragraph) + 2
    return people, all_mentions


def _merge(people: list[Person], mention: Mention, offset: int) -> Person:
    compatible = [p for p in people if not (p.rank and mention.rank and p.rank != mention.rank)]
    person = match_person(compatible, mention.name)
    if person is None:
        person = Person(mention.name, mention.rank, mention.position)
        people.append(person)
    else:
        if len(mention.name.split()) > len(person.name.split()) and person.tokens == [
            t for t in mention.name.lower().split() if t in person.tokens
        ]:
            person.name = mention.name
        person.rank = person.rank or mention.rank
        person.position = person.position or mention.position
    person.mentions.append(offset + mention.start)
    return person


def match_person(people: list[Person], name: str) -> Person | None:
    """The person a (possibly shorter) name refers to: "Taufik" is "Ahmad Taufik",
    "Dicka" is "Dicka Ermantara"; the most recently named one when several fit."""
    tokens = [t for t in name.lower().replace(".", " ").split() if t not in vocab.HONORIFICS]
    if not tokens:
        return None
    fits = []
    for person in people:
        own = [t.rstrip(".") for t in person.tokens]
        if all(t in own for t in tokens) or all(t in tokens for t in own):
            fits.append(person)
    if not fits:
        return None
    return max(fits, key=lambda p: p.mentions[-1] if p.mentions else -1)


def people_by_position(people: list[Person], phrase: str) -> Person | None:
    """The person holding a position named in an attribution ("pungkas Kabag Ops")."""
    key = " ".join(phrase.lower().split())
    if not key:
        return None
    fits = [
        p
        for p in people
        if p.position
        and (
            p.position.lower().startswith(key)
            or key.startswith(p.position.lower())
            or p.position.lower().replace(" ", "") == key.replace(" ", "")
        )
    ]
    if not fits:
        return None
    return max(fits, key=lambda p: p.mentions[-1] if p.mentions else -1)
