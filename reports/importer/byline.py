"""Who published the page: outlet, author and the dateline's place.

Outlets are read from domains anywhere on the page, best evidence first: a byline
("Achmad Sarjono - MALANG.INFORMAN.ID", "author surabayapagi.com"), the dateline
("SURABAYAPAGI.COM, Malang -", "Medan (harianSIB.com)"), a banner or a photo credit;
links in "Baca Juga" lists, e-mail addresses and WhatsApp numbers count least or not at
all. Without a domain, the name printed in the dateline ("Tanjung Selor (ANTARA) -").
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from reports.importer import areas, dates, vocab
from reports.importer.chrome import Page, starts_with_any
from reports.importer.vocab import word_set

# Runs of characters that may be a domain ("MALANG.INFORMAN.ID", "harianSIB.com",
# "https://www.detik.com/x"); checked label by label in `_as_domain`. Bounded, so linear.
_DOMAIN_RUN = re.compile(r"(?<![\w@.-])[A-Za-z0-9][A-Za-z0-9.-]{2,120}")
_URL_SCHEME = re.compile(r"https?://", re.I)
_LABEL = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$")

# The place at the start of the first paragraph: one to four capitalised words
# ("MALANG", "Palangka Raya", "Tanjung Selor", "KOTA BIMA", "Bau-Bau", "Kab. Malang").
_PLACE = r"[A-Z][A-Za-z'’.]*(?:-[A-Za-z][A-Za-z'’.]*)?(?:\s+[A-Z][A-Za-z'’.]*(?:-[A-Za-z]+)?){0,3}"
_DASH = r"\s*(?:-{1,2}|–|—|−)\s*"
# "MALANG - Polres ...", "Pekanbaru - ", "PALANGKA RAYA – Personel ..."
_DATELINE_DASH = re.compile(rf"^(?P<place>{_PLACE}){_DASH}(?=\S)")
# "Tanjung Selor (ANTARA) -", "Medan (harianSIB.com)-Polrestabes", "Jakarta (ANTARA) :"
_DATELINE_PAREN = re.compile(
    rf"^(?P<place>{_PLACE})\s*\((?P<outlet>[^()\n]{{2,40}})\)\s*[-–—−:]*\s*"
)
# "JAKARTA, KOMPAS.com -", "SURABAYAPAGI.COM, Malang -", "Kota Bima, NTB -",
# "Jakarta, CNN Indonesia --"
_DATELINE_COMMA = re.compile(
    rf"^(?P<first>[A-Za-z0-9][\w.'’ -]{{0,40}}?)\s*,\s*"
    rf"(?P<second>[A-Za-z0-9][\w.'’ ]{{0,40}}?){_DASH}(?=\S)"
)
# "Jember-Sebagai langkah ...": a one-word place glued to the first word.
_DATELINE_GLUED = re.compile(r"^(?P<place>[A-Z][A-Za-z]{2,}|[A-Z]{3,})-(?=[A-Z][a-z])")
# "Jayapura: Kepolisian Resor ..." (Medcom, Metro TV), "KBRN, Bandar Lampung: Polsek ..."
# (RRI): a colon after the place, taken only when the place is a known area.
_DATELINE_COLON = re.compile(
    rf"^(?:(?P<outlet>[A-Z][\w.]{{1,30}}),\s*)?(?P<place>{_PLACE}):\s+(?=[A-Z])"
)
# "Tribratanews.polri.go.id - Jakarta. Kapolri ..."
_DATELINE_SITE_FIRST = re.compile(
    rf"^(?P<site>[\w.-]+\.[a-z]{{2,}}){_DASH}(?P<place>{_PLACE})[.,]\s"
)

# A byline naming the writer and the site: "Achmad Sarjono - MALANG.INFORMAN.ID". A
# hyphen needs spaces around it: "RADAR-BANYUWANGI.COM" is a domain, not "Radar - BANYUWANGI.COM".
_BYLINE_NAME_SITE = re.compile(
    r"^(?P<name>[^\W\d_][\w.'’ ]{1,60}?)(?:\s+-\s+|\s*[–—|]\s*)(?P<site>\S+\.\S+)$"
)
# A byline naming the writer and the outlet without a domain: "Faiq Azmi - detikJatim",
# "Rina Wati - Tribun Jatim", "Nama | Kompas".
_BYLINE_NAME_OUTLET = re.compile(
    r"^(?P<name>[A-Z][\w.'’]*(?:\s+[A-Z][\w.'’]*){0,4})\s+[-–—|]\s+(?P<outlet>[A-Za-z][\w.]*(?:\s+[A-Z][\w.]*){0,2})$"
)
# "Laporan Wartawan Tribunjatim.com, Nama", "Laporan wartawan detikJatim Nama"
# "Laporan Wartawan Tribun Jambi, Nama": an outlet of several words, then a comma.
_LAPORAN = re.compile(
    r"^laporan\s+(?:wartawan|reporter|kontributor|jurnalis)\s+"
    r"(?:(?P<outlet>[^,\n]{1,40}),\s*(?P<after_comma>.+)|(?P<site>\S+?)\s+(?P<name>.+))$",
    re.I,
)
# A byline naming the writer then their role, the page date often glued after it
# (Okezone): "Nama Penulis , Jurnalis-Kamis, 14 November 2024 |09:30 WIB", "Nama,
# Kontributor", "Nama, Wartawan · Senin, 5 Februari 2024".
_WRITER_ROLES = r"(?i:jurnalis|wartawan|reporter|kontributor|koresponden|penulis|pewarta)"
_BYLINE_NAME_ROLE = re.compile(
    rf"^(?P<name>[A-Z][\w.'’]*(?:\s+[A-Z][\w.'’]*){{0,4}})\s*,\s*{_WRITER_ROLES}"
    r"(?:\s*(?:[-–—|·•:]|$)(?P<rest>.*))?$"
)
_LABELLED = re.compile(r"^(?P<label>[A-Za-z][A-Za-z ]{1,25}?)\s*[:|]\s*(?P<value>.+)$")
_NAME_WORD = re.compile(r"^[A-Z][A-Za-z'’.-]*$|^[A-Z]\.?$")


@dataclass(frozen=True, slots=True)
class Dateline:
    place: str  # "" when the dateline names only the outlet ("KOMPAS.com -")
    outlet: str | None  # the outlet printed in it ("KOMPAS.com", "ANTARA"), if any
    end: int  # where the story text after the dateline starts


def _as_domain(run: str) -> str | None:
    text = run.lower().rstrip(".-")
    if text.startswith("www."):
        text = text[4:]
    labels = text.split(".")
    if len(labels) < 2 or labels[-1] not in vocab.TLDS:
        return None
    if not all(_LABEL.match(label) for label in labels):
        return None
    if not any(ch.isalpha() for ch in labels[-2]) or len(labels[-2]) < 2:
        return None
    if len(labels) == 2 and labels[0] in ("co", "go", "ac", "or", "my", "web", "sch"):
        return None
    return text


@lru_cache(maxsize=4096)
def _domains_cached(line: str) -> tuple[str, ...]:
    found = []
    text = _URL_SCHEME.sub(" ", line)
    for match in _DOMAIN_RUN.finditer(text):
        if "." not in match.group(0):
            continue
        after = text[match.end() : match.end() + 1]
        domain = _as_domain(match.group(0))
        if domain and "@" not in after and not _is_social(domain):
            found.append(domain)
    return tuple(found)


def domains_in(line: str) -> list[str]:
    """Domains in a line, not e-mail addresses ("humas@polri.go.id") nor social links."""
    if "." not in line:
        return []
    if len(line) > 2000:
        return list(_domains_cached.__wrapped__(line))
    return list(_domains_cached(line))


def _is_social(domain: str) -> bool:
    return any(domain == d or domain.endswith("." + d) for d in vocab.NOT_OUTLET_DOMAINS)


def title_case(text: str) -> str:
    """`PALANGKA RAYA` -> `Palangka Raya`, `bau-bau` -> `Bau-Bau`; mixed case is kept."""
    if not (text.isupper() or text.islower()):
        return text
    return re.sub(r"[^\W\d_]+", lambda m: m.group(0)[0].upper() + m.group(0)[1:].lower(), text)


def _is_area(text: str) -> bool:
    name = text.strip()
    return bool(
        areas.find_provinces(name) or areas.find_regencies(name) or areas.find_districts(name)
    )


def find_dateline(paragraph: str) -> Dateline | None:
    """The dateline at the start of a paragraph, if it has one."""
    head = paragraph[:160]
    match = _DATELINE_SITE_FIRST.match(head)
    if match and domains_in(match.group("site")):
        return Dateline(title_case(match.group("place")), match.group("site"), match.end())
    match = _DATELINE_PAREN.match(head)
    # "Kepala Bagian Operasi (Kabag Ops) Polres ..." is not a dateline: one needs a dash
    # after the bracket, or an outlet in it ("(ANTARA)", "(harianSIB.com)").
    outlet = match.group("outlet").strip() if match else ""
    if (
        match
        and (re.search(r"[-–—−:]\s*$", match.group(0)) or domains_in(outlet) or outlet.isupper())
        and _plausible_place(match.group("place"))
    ):
        return Dateline(
            title_case(match.group("place")), match.group("outlet").strip(), match.end()
        )
    match = _DATELINE_COMMA.match(head)
    if match:
        first, second = match.group("first").strip(), match.group("second").strip()
        place, outlet = _order_comma_dateline(first, second)
        if place:
            return Dateline(title_case(place), outlet, match.end())
    match = _DATELINE_DASH.match(head)
    if match and domains_in(match.group("place")):
        return Dateline("", match.group("place"), match.end())  # "KOMPAS.com - Polri ..."
    if match and _plausible_place(match.group("place")):
        return Dateline(title_case(match.group("place")), None, match.end())
    match = _DATELINE_GLUED.match(head)
    place = match.group("place") if match else ""
    if match and ((place.isupper() and len(place) > 3) or _is_area(place)):
        return Dateline(title_case(match.group("place")), None, match.end())
    match = _DATELINE_COLON.match(head)
    if match and _is_area(match.group("place")):
        outlet = match.group("outlet")
        return Dateline(title_case(match.group("place")), outlet, match.end())
    return None


def _plausible_place(place: str) -> bool:
    """A dateline place is in capitals or a known area ("MALANG", "Pekanbaru")."""
    if len(place.split()) > 4:
        return False
    return place.isupper() or _is_area(place) or len(place.split()) <= 2


def _order_comma_dateline(first: str, second: str) -> tuple[str | None, str | None]:
    """Which side of "X, Y -" is the place: the outlet is the side with a domain, then
    the side that is not an area ("JAKARTA, KOMPAS.com -", "SURABAYAPAGI.COM, Malang -",
    "Kota Bima, NTB -" where NTB only qualifies the place)."""
    if len(first.split()) > 4 or len(second.split()) > 4:
        return None, None
    if domains_in(first) and not domains_in(second):
        return second, first
    if domains_in(second):
        return first, second
    if _is_area(first) and _is_area(second):
        return first, None
    if first.isupper() and not second.isupper():
        return first, second
    if _is_area(first):
        return first, second
    if _is_area(second):
        return second, first
    if first[:1].isupper() and second[:1].isupper():
        return first, second
    return None, None


def is_dateline_line(line: str) -> bool:
    return find_dateline(line) is not None and len(line) >= 40


# --- Outlet ----------------------------------------------------------------------------

_BANNER_SCORE = 8
_BYLINE_SCORE = 10
_BODY_SCORE = 4
_NOISE_SCORE = 1
_CREDIT_SCORE = 6
# Photo credits name the outlet's own domain ("Foto: tribratanews.polri.go.id").
_PHOTO_CREDIT = ("foto", "(foto", "[foto", "dok.", "dok:", "sumber foto", "photo", "ist.")


def find_outlet(page: Page, dateline: Dateline | None) -> str | None:
    """The outlet: the best-evidenced domain on the page, else the printed name."""
    return _outlet_domain(page, dateline) or _printed_outlet(page, dateline)


def _outlet_domain(page: Page, dateline: Dateline | None) -> str | None:
    """The domain named with the best evidence (a byline or dateline over a banner, a
    banner over the body, the body over a photo credit or the noise around the story);
    ties to the domain named first."""
    scores: dict[str, tuple[int, int]] = {}
    for order, (domain, score) in enumerate(_domains_named(page, dateline)):
        best = scores.get(domain)
        if best is None or score > best[0]:
            scores[domain] = (score, -order if best is None else best[1])
    return max(scores, key=lambda d: scores[d]) if scores else None


def _domains_named(page: Page, dateline: Dateline | None) -> Iterator[tuple[str, int]]:
    """Each domain the page names, in page order, with the score of where it stands."""
    if dateline and dateline.outlet:
        for domain in domains_in(dateline.outlet):
            yield domain, _BYLINE_SCORE
    for line in [*page.before_title, *page.header]:
        for domain in domains_in(line):
            yield domain, _header_score(line)
    for line in page.paragraphs:
        for domain in domains_in(line):
            yield domain, _BODY_SCORE
    for line in page.tail + page.noise:
        for domain in domains_in(line):
            yield domain, _noise_score(line)


def _header_score(line: str) -> int:
    """How much a domain above the story says about the outlet: a byline most."""
    if _BYLINE_NAME_SITE.match(line) or starts_with_any(line, vocab.AUTHOR_LABELS):
        return _BYLINE_SCORE
    if starts_with_any(line, _PHOTO_CREDIT):
        return _CREDIT_SCORE
    if starts_with_any(line, vocab.NOISE_LINE_STARTS):
        return _NOISE_SCORE
    return _BANNER_SCORE


def _noise_score(line: str) -> int:
    """How much a domain below or around the story says: a writer's line or a
    copyright more than the rest."""
    if _BYLINE_NAME_SITE.match(line) or starts_with_any(line, ("penulis", "reporter", "pewarta")):
        return _BANNER_SCORE
    if starts_with_any(line, _PHOTO_CREDIT):
        return _CREDIT_SCORE
    if _LAPORAN.match(line) or starts_with_any(line, ("©", "copyright", "sumber")):
        return _BODY_SCORE
    return _NOISE_SCORE


def _printed_outlet(page: Page, dateline: Dateline | None) -> str | None:
    """The outlet's name as the page prints it, when it names no domain: the
    dateline's, a byline's ("Nama/Outlet"), a reporter's ("Laporan Wartawan Tribun
    Jambi"), the copyright holder's, the page title's suffix, the logo's."""
    printed = [dateline.outlet] if dateline and dateline.outlet else []
    for line in page.header + page.before_title:
        match = _BYLINE_NAME_OUTLET.match(line)
        if match and clean_writer(match.group("name")) and not _is_area(match.group("name")):
            printed.append(match.group("outlet"))
    for line in page.before_title + page.header + page.noise + page.tail:
        # "Laporan Wartawan Tribun Jambi, Nama": the outlet the reporter writes for.
        match = _LAPORAN.match(line)
        if match and match.group("outlet"):
            printed.append(match.group("outlet"))
    # The holder of the page's copyright ("Copyright © 2024 Nama Media. All rights
    # reserved."), then the site's name printed as its logo above the headline.
    printed += [name for name in map(_copyright_holder, page.tail + page.noise) if name]
    printed += [name for name in (_title_suffix(line, page.title) for line in page.lines) if name]
    logo = _logo_name(page.before_title)
    if logo:
        printed.append(logo)
    for outlet in printed:
        name = " ".join(outlet.split()).strip(" .,-").lower()
        if name and not _is_area(name) and not any(ch.isdigit() for ch in name):
            return name
    return None


# "Copyright © 2024 Nama Media. All rights reserved.", "© 2023-2024 NAMA MEDIA |
# Pedoman Media Siber", "Hak Cipta © Nama Media 2024".
_COPYRIGHT = re.compile(
    r"^(?:copyright|hak\s+cipta)?\s*(?:©|\(c\)|copyright)\s*(?:\d{4}(?:\s*[-–]\s*\d{4})?\s*)?"
    r"(?P<name>[A-Z][\w'’&-]*(?:\s+[A-Z][\w'’&-]*){0,3})",
    re.I,
)
_NOT_A_NAME = word_set("all rights reserved hak cipta dilindungi undang-undang by oleh")


def _copyright_holder(line: str) -> str | None:
    match = _COPYRIGHT.match(line)
    if not match:
        return None
    kept: list[str] = []
    for word in match.group("name").split():
        if word.lower() in _NOT_A_NAME or word.isdigit() or not word[0].isupper():
            break
        kept.append(word)
    return " ".join(kept) or None


def _title_suffix(line: str, title: str) -> str | None:
    """The site's name after the headline in the page title ("Headline - Nama Situs")."""
    if not line or not title or not line.lower().startswith(title.lower()) or line == title:
        return None
    match = re.match(r"^\s*[-–—|:]\s*([A-Za-z][\w.'’ ]{1,40})$", line[len(title) :])
    if not match or len(match.group(1).split()) > 4:
        return None
    return match.group(1).strip()


_NOT_LOGO = word_set("sponsored promoted live streaming premium subscribe langganan close tutup")
_UNIT_WORDS = word_set("polda polres polresta polrestabes polsek bidhumas sihumas")


def _logo_name(lines: list[str]) -> str | None:
    """The site's name printed as a logo: the first line of the page that is not a menu,
    breadcrumb, tagline or date, of one to three words ("NAMA TERKINI", "Kabar Kota")."""
    for line in lines[:3]:
        found = line.split()
        if any(sep in line for sep in ("»", "›", "/", "|", ">", ":")):
            continue
        if not found or len(found) > 3 or not all(w.isalpha() for w in found):
            return None
        lows = [w.lower() for w in found]
        if all(w in vocab.MENU_WORDS or w in vocab.TAGLINE_WORDS or w in _NOT_LOGO for w in lows):
            continue
        if any(w in _UNIT_WORDS for w in lows):
            return None  # "Bidhumas Polda X": a source's label, not the site's name
        if _is_area(line) or any(w in vocab.MONTHS or w in vocab.WEEKDAYS for w in lows):
            return None
        return line
    return None


# --- Author ----------------------------------------------------------------------------


# Where a writer's name ends in a byline value: a bar, slash or bracket, " - ", an editor
# after it ("Nama, Editor", "Nama Red: Nama"), or the date ("Nama pada 25 Nov 2024").
_WRITER_END = re.compile(
    rf"\s*[|/(]\s*|\s+-\s+|,\s*(?=editor|redaktur|{_WRITER_ROLES}\b)"
    r"|\s+(?=(?:editor|redaktur|red|penyunting)\s*:)"
    rf"|\s*(?:,|\s(?:pada|on))?\s+(?=\d{{1,2}}\b|(?:{'|'.join(vocab.WEEKDAYS)})\b)",
    re.I,
)


def clean_writer(text: str) -> str | None:
    """A person's name from a byline value, or None ("surabayapagi.com", "admin")."""
    text = _WRITER_END.split(text.strip(), maxsplit=1)[0]
    text = text.strip(" .,:;-–—*")
    # Kompas: "Penulis Kontributor Banyuwangi, Nama": the writer after the role and place;
    # "Kontributor: Malang, Nama".
    role = re.match(rf"^{_WRITER_ROLES}\b[^,]{{0,40}},\s*(?=[A-Z])", text)
    if role:
        text = text[role.end() :]
    place = re.match(r"^([A-Z][\w ]{1,30}),\s*(?=[A-Z])", text)
    if place and _is_area(place.group(1)):
        text = text[place.end() :]
    if not text or domains_in(text) or "@" in text:
        return None
    tokens = text.split()
    if not 1 <= len(tokens) <= 5:
        return None
    if any(t.lower().strip(".") in vocab.NOT_A_WRITER for t in tokens):
        return None
    if all(t.lower() in vocab.MENU_WORDS for t in tokens):
        return None  # "Nasional | Hukum": a menu, not a writer and an outlet
    if not all(
        _NAME_WORD.match(t) or (t.islower() and t in ("bin", "binti", "van", "de")) for t in tokens
    ):
        if text.isupper() and all(t.isalpha() for t in tokens):
            return title_case(text)
        return None
    return text


def find_author(page: Page) -> str | None:
    """The named writer from the byline or a writer's label; never an editor."""
    candidates = [*page.before_title, *page.header, *page.noise, *page.tail]
    # "Name - Outlet" without a domain or a label is the weakest byline: a site's logo and
    # tagline read the same ("Harian Kota - Suara Rakyat Kota", "Radar Kota | Berita Kota
    # Terkini"), so it counts only below the headline, where bylines stand, and only when
    # no labelled writer is on the page.
    unlabelled: str | None = None
    for line in candidates:
        if starts_with_any(line, vocab.NOT_AUTHOR_LABELS) and not starts_with_any(
            line, ("author",)
        ):
            continue
        match = _LAPORAN.match(line)
        if match:
            name = clean_writer(match.group("after_comma") or match.group("name"))
            if name:
                return name
        match = _BYLINE_NAME_SITE.match(line)
        if match and domains_in(match.group("site")):
            name = clean_writer(match.group("name"))
            if name:
                return name
        match = _BYLINE_NAME_ROLE.match(line)
        if match and not _is_area(match.group("name")):
            name = clean_writer(match.group("name"))
            if name:
                return name
        match = _BYLINE_NAME_OUTLET.match(line)
        if (
            match
            and unlabelled is None
            and line in page.header
            and not _is_area(match.group("name"))
        ):
            name = clean_writer(match.group("name"))
            if name and not _is_area(match.group("outlet")):
                unlabelled = name
                continue
        label = starts_with_any(line, vocab.AUTHOR_LABELS)
        if label:
            value = line[len(label) :].strip(" :|-–—")
            name = clean_writer(value)
            if name:
                return name
            continue
        match = _LABELLED.match(line)
        if match and match.group("label").strip().lower() in vocab.AUTHOR_LABELS:
            name = clean_writer(match.group("value"))
            if name:
                return name
    return unlabelled or _writer_beside_date(page.header)


# "Nama Penulis · Sabtu, 10 Februari 2024 - 14:30 WIB", "Nama | 12/02/2024 10:00".
_NAME_THEN_DATE = re.compile(r"^(?P<name>[^|·•]{2,60}?)\s*(?:[|·•]|\s[-–—]\s)\s*(?P<date>.+)$")


def _writer_beside_date(header: list[str]) -> str | None:
    """A writer named without a label, beside the page's date: on its line ("Nama ·
    Sabtu, 10 Februari 2024") or alone on the line right above or below it."""
    for index, line in enumerate(header):
        match = _NAME_THEN_DATE.match(line)
        if match and dates.is_date_line(match.group("date")):
            name = _plain_writer(match.group("name"))
            if name:
                return name
        if not dates.is_date_line(line):
            continue
        for other in header[max(0, index - 1) : index] + header[index + 1 : index + 2]:
            if 2 <= len(other.split()) <= 4 and not dates.find_date(other):
                name = _plain_writer(other)
                if name:
                    return name
    return None


def _plain_writer(text: str) -> str | None:
    """A name and nothing else: no menu, tagline or area words ("Nasional", "Jawa Timur")."""
    name = clean_writer(text)
    if not name or name != text.strip() or _is_area(name):
        return None
    if any(w.lower() in vocab.MENU_WORDS or w.lower() in vocab.TAGLINE_WORDS for w in name.split()):
        return None
    return name


def is_byline(line: str) -> bool:
    """A header line naming the writer or the site ("Siswandi - JEMBER.BOSSMAN.CO.ID")."""
    if _BYLINE_NAME_SITE.match(line) and domains_in(line):
        return True
    match = _BYLINE_NAME_OUTLET.match(line)
    if match and clean_writer(match.group("name")) and not _is_area(match.group("name")):
        return True
    if _LAPORAN.match(line):
        return True
    match = _BYLINE_NAME_ROLE.match(line)
    if match and clean_writer(match.group("name")) and not _is_area(match.group("name")):
        return True
    label = starts_with_any(line, vocab.AUTHOR_LABELS + vocab.NOT_AUTHOR_LABELS)
    if not label or len(line.split()) > 8:
        return False
    rest = line[len(label) :].strip()
    # "Pewarta", "Editor : Moch Ilham", "author surabayapagi.com", "Oleh Achmad Sarjono",
    # but not "Oleh karena itu, ..." nor "Sumber daya ..." in a story.
    return not rest or rest[0] in ":|" or bool(domains_in(rest)) or clean_writer(rest) is not None
