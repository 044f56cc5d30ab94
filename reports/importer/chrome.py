"""Split a scraped page into headline, header chrome, body paragraphs and tail.

Scraped news pages carry chrome around the story: logo lines ("BOSSMAN", "24Jam"),
the headline repeated, bylines ("Achmad Sarjono - MALANG.INFORMAN.ID"), date lines
("Nov 3, 2023 - 08:45"), share counters (a lone "0", "12"), "Baca Juga:" links,
editor lines, related-headline lists ("BERITA TERBARU") and comment forms
("TINGGALKAN KOMENTAR"). This module finds the story between them; it keeps every
removed line so that bylines and outlets can still be read from it.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from reports.importer import areas, vocab
from reports.text import clean_text

# Invisible characters scraped pages carry (zero-width spaces, BOM); control
# characters are clean_text's (reports/text.py), shared with the models' fields.
_INVISIBLE = re.compile(r"[\u200b-\u200f\u2060\ufeff\u00ad]")
_WIDE_SPACE = re.compile(r"[\t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
# Markdown left by the scraper: "# Jelang Pemilu ...", "**Achmad Sarjono - ...**",
# "(\*)", "![foto](...)", "[Baca juga](https://...)", "> quote", "- Pewarta", "* item".
_MD_HEADING = re.compile(r"^#{1,6}\s+")
_MD_IMAGE = re.compile(r"!\[[^\]\n]{0,300}\]\([^)\n]{0,500}\)")
_MD_LINK = re.compile(r"\[([^\]\n]{0,300})\]\([^)\n]{0,500}\)")
_MD_EMPHASIS = re.compile(r"\*\*|__")
_MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!>|~])")
_MD_BULLET = re.compile(r"^(?:[*•·▪►>]|-(?=\s))\s*")
# A date the scraper put before the headline: "date 2024-02-20 Polres ...".
_TITLE_DATE_PREFIX = re.compile(r"^(?:date|tanggal|published)?\s*:?\s*(\d{4}-\d{2}-\d{2})\s+", re.I)
# "Polres X Amankan TPS | Tribratanews" : the site name after a bar in a page title.
_TITLE_SITE_SUFFIX = re.compile(r"\s+[|│]\s+[^|│]{1,40}$")
_BAR = re.compile(r"\s*[|│]\s*")
# A cookie-consent banner ("Situs ini menggunakan cookie ... [Setuju]", "We use cookies").
_COOKIE = re.compile(r"\bcookies?\b", re.I)

_WORD = re.compile(r"[^\W\d_][\w'’.-]*")
_LONE_NUMBER = re.compile(r"^[\d.,:/()+\s-]{0,20}$")  # share counters "0", "12", "1.2K"?
_LONE_COUNTER = re.compile(r"^\d+(?:[.,]\d+)?\s*[kKrRbB]?\s*(?:views?|kali|dibaca|shares?)?$")
_DOMAIN_ONLY = re.compile(r"^(?:https?://)?(?:www\.)?[\w-]+(?:\.[\w-]+)+/?\S*$", re.I)
_SENTENCE_END = re.compile(r"[.!?:;\"”’)\]…]$")
# A domain inside running text ("Humaspolresx.com, Kota -", "JAKARTA, KOMPAS.com -").
_DOMAIN_IN_TEXT = re.compile(
    rf"(?<![\w.-])(?:https?://)?[\w-]+(?:\.[\w-]+){{0,4}}\.(?:{'|'.join(sorted(vocab.TLDS))})(?![\w-])",
    re.I,
)


@dataclass(slots=True)
class Page:
    """A scraped page cut into its parts; every input line lands in exactly one list."""

    lines: list[str]
    title: str
    title_index: int
    title_date: str | None = None
    before_title: list[str] = field(default_factory=list)
    header: list[str] = field(default_factory=list)
    paragraphs: list[str] = field(default_factory=list)
    noise: list[str] = field(default_factory=list)
    tail: list[str] = field(default_factory=list)


def normalise(text: str) -> str:
    """Unify line ends and spaces, drop invisible characters, and clean the rest as
    every stored text is (controls to spaces, no lone surrogates)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n")
    text = _INVISIBLE.sub("", text)
    text = _WIDE_SPACE.sub(" ", text)
    return clean_text(text)


def clean_line(line: str) -> str:
    """One line without markdown and surplus spaces."""
    line = line.strip()
    if not line:
        return ""
    line = _MD_IMAGE.sub("", line)
    line = _MD_LINK.sub(r"\1", line)
    line = _MD_HEADING.sub("", line)
    line = _MD_EMPHASIS.sub("", line)
    line = _MD_ESCAPE.sub(r"\1", line)
    line = _MD_BULLET.sub("", line.strip())
    return " ".join(line.split())


def words(line: str) -> list[str]:
    return _WORD.findall(line)


def lowercase_share(line: str) -> float:
    found = words(line)
    if not found:
        return 0.0
    return sum(1 for w in found if w[0].islower()) / len(found)


def is_prose(line: str) -> bool:
    """A sentence of running text, not a headline or a label (most words lowercase)."""
    return len(words(line)) >= 8 and lowercase_share(line) >= 0.35


def starts_with_any(line: str, starts: tuple[str, ...]) -> str | None:
    low = line.lower()
    for start in starts:
        if low.startswith(start):
            rest = low[len(start) : len(start) + 1]
            if not rest or not rest.isalnum() or not start[-1].isalnum():
                return start
    return None


def is_end_marker(line: str) -> bool:
    """A short line that opens the page's footer ("BERITA TERBARU", "Editor : X")."""
    found = words(line)
    if len(found) > 8 or not found:
        return False
    start = starts_with_any(line, vocab.END_MARKERS)
    if start is None:
        return False
    rest = line[len(start) :].strip()
    # "Komentar", "Tags: Pemilu", "Editor : Moch Ilham", "© 2024 Kompas"
    return not rest or rest[0] in ":|-–—©" or len(found) <= 3 or not start[-1].isalnum()


def is_noise_line(line: str, title: str) -> bool:
    """A line of chrome inside the story: links, captions, counters, the title again."""
    if starts_with_any(line, vocab.NOISE_LINE_STARTS) or is_cookie_banner(line):
        return True
    if _LONE_NUMBER.match(line) or _LONE_COUNTER.match(line):
        return True
    if same_text(line, title):
        return True
    if _DOMAIN_ONLY.match(line):
        return True
    return bool(line.startswith("#") and " " not in line.strip("# "))  # "#Pemilu2024"


_NON_WORD = re.compile(r"[\W_]+")


def _key(text: str) -> str:
    return _NON_WORD.sub("", text.lower())


def same_text(a: str, b: str) -> bool:
    return bool(a) and _key(a) == _key(b)


def is_headline_like(line: str) -> bool:
    """A related story's headline: capitalised words, no closing punctuation, no quote."""
    found = words(line)
    if len(found) < 4 or _SENTENCE_END.search(line) or any(q in line for q in '"“”'):
        return False
    return lowercase_share(line) <= 0.25


def _is_brand_line(line: str) -> bool:
    """Logo, menu and breadcrumb lines above the headline ("BOSSMAN", "24Jam", "Home »")."""
    found = words(line)
    if len(found) <= 2 and len(line) <= 24:
        return True
    # "Home Berita Daerah Nasional Olahraga": a menu, most of its words menu words.
    menu = sum(1 for w in found if w.lower() in vocab.MENU_WORDS)
    if menu == len(found) or (len(found) >= 4 and menu / len(found) >= 0.6):
        return True
    if any(sep in line for sep in (" » ", " › ", " / ", " > ")) and not is_prose(line):
        return True
    return bool(_DOMAIN_ONLY.match(line))


def _title_candidate(line: str) -> bool:
    found = words(line)
    return len(found) >= 3 and len(line) >= 15 and len(line) <= 300


def _shared_words(headline: str, lead: str) -> float:
    """The share of the headline's words of four letters or more found in the story's
    lead, affixes allowed ("Siagakan" in "menyiagakan")."""
    found = {w.lower() for w in words(headline) if len(w) >= 4}
    if not found or not lead:
        return 0.0
    text = lead.lower()
    return sum(1 for w in found if w in text) / len(found)


def is_cookie_banner(line: str) -> bool:
    """A consent banner ("Situs ini menggunakan cookie ... Anda menyetujui ...")."""
    return bool(_COOKIE.search(line) and _COOKIE_CONSENT.search(line))


_COOKIE_CONSENT = re.compile(
    r"setuju|menyetujui|terima|menggunakan|accept|agree|consent|privasi|privacy|use", re.I
)


def _is_label_only(text: str) -> bool:
    """A site tagline or section label, not a headline: every word is a menu or tagline
    word or part of an area's name ("Berita Jambi Terkini dan Terpercaya", "Info
    Sidoarjo Hari Ini", "Jawa Timur", "Berita Kepulauan Bangka Belitung Terkini")."""
    tokens = [w.strip(".'’-").lower() for w in words(text)]
    # A site's own domain is a label word too ("WARTASIDOARJO.COM Berita Jatim Terkini").
    tokens = [t for t in tokens if t and not _DOMAIN_ONLY.match(t)]
    if not tokens:
        return True
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if token in vocab.MENU_WORDS or token in vocab.TAGLINE_WORDS:
            index += 1
            continue
        for size in (3, 2, 1):
            name = " ".join(tokens[index : index + size])
            if len(name.split()) == size and (
                areas.find_regencies(name) or areas.find_provinces(name)
            ):
                index += size
                break
        else:
            return False
    return True


def _headline_of(line: str) -> str | None:
    """The headline a candidate line holds, or None when it is a banner or label.

    "Polres X Amankan TPS | Tribratanews" gives the part before the bar; a line of
    short parts between bars is a breadcrumb or section label ("Berita Utama | Sidoarjo |
    Pilkada 2024", "Jawa Timur | Sidoarjo", "SITE.COM | Berita Riau Terkini").
    """
    if not _title_candidate(line):
        return None
    parts = [part.strip() for part in _BAR.split(line) if part.strip()]
    if len(parts) > 1:
        headlines = [
            part
            for part in parts
            if _title_candidate(part) and not _DOMAIN_ONLY.match(part) and not _is_label_only(part)
        ]
        others = [part for part in parts if part not in headlines]
        if len(headlines) != 1 or any(len(part) > 40 for part in others):
            return None
        line = headlines[0]
    if _DOMAIN_ONLY.match(line) or _is_label_only(line):
        return None
    return line


def split_page(text: str, is_dateline, is_metadata) -> Page | None:
    """Cut the page; None when no headline can be found.

    `is_dateline(line)` tells a first paragraph by its dateline ("MALANG - ...");
    `is_metadata(line)` tells a byline or date line ("Nov 3, 2023 - 08:45").

    Four steps: the lines that could be the headline, above the story; the one that
    is; where the story starts below it; and the story's paragraphs, cut from the noise
    around them.
    """
    lines = [clean_line(raw) for raw in normalise(text).split("\n")]
    candidates, lead_index = _headline_candidates(lines, is_dateline, is_metadata)
    if not candidates:
        return None
    title_index, title, title_date = _headline(
        lines, candidates, lead_index, is_dateline, is_metadata
    )
    if not words(title):
        return None

    page = Page(lines=lines, title=title, title_index=title_index, title_date=title_date)
    page.before_title = [line for line in lines[:title_index] if line]
    rest = list(range(title_index + 1, len(lines)))
    captions = _captions_under_credits(lines, title_index + 1, is_dateline)
    start = _story_start(lines, title_index, title, captions, is_dateline, is_metadata)
    if start is None:
        page.header = [lines[i] for i in rest if lines[i]]
        return page
    _join_dateline_above(lines, start, title_index, is_dateline)
    page.header = [lines[i] for i in rest if i < start and lines[i]]
    _cut_story(page, start, captions, is_dateline, is_metadata)
    return page


Candidate = tuple[int, str, str | None]  # (line index, headline, date prefix)


def _headline_candidates(
    lines: list[str], is_dateline, is_metadata
) -> tuple[list[Candidate], int | None]:
    """The lines above the story that could be its headline (else the one label, a
    tagline or section name, that could), and the index of the line the search stopped
    at when it reads as the story's first (None when it stopped on a candidate)."""
    candidates: list[Candidate] = []
    lead_index = None  # the first line of the story, where the search stops
    labels: list[Candidate] = []  # taglines and section labels
    for index, line in enumerate(lines[:400]):
        if not line:
            continue
        prefix = _TITLE_DATE_PREFIX.match(line)
        candidate = line[prefix.end() :] if prefix else line
        if _is_brand_line(candidate) or is_metadata(candidate) or is_cookie_banner(candidate):
            continue
        lead_index = index
        # A line of five words or more ending in a full stop is a sentence of the story.
        sentence = len(words(candidate)) >= 5 and candidate.endswith(".")
        # A headline in sentence case right above the page's date (ANTARA: "Polres X
        # siagakan 400 personel amankan TPS" / "Senin, 23 September 2024 17:12 WIB")
        # is a headline, also below a tagline or a sidebar headline.
        story = is_prose(candidate) or is_dateline(candidate) or sentence
        if (
            story
            and candidates
            and not (_sentence_case_headline(candidate) and _dated_below(lines, index, is_metadata))
        ):
            break  # the story starts here
        if is_prose(candidate) and is_dateline(candidate):
            break
        if is_prose(candidate) and (len(candidate) > 200 or candidate.endswith(".")):
            break  # a sentence, not a headline in sentence case
        lead_index = None
        if (
            candidates
            and candidates[-1][0] == _previous_index(lines, index)
            and _is_name_line(candidate)
            and is_metadata(_next_line(lines, index))
        ):
            continue  # "Headline" / "Nama Penulis" / "Kamis, 12 September 2024": a byline
        headline = _headline_of(candidate)
        if headline and not is_end_marker(candidate):
            candidates.append((index, headline, prefix.group(1) if prefix else None))
        elif _title_candidate(candidate) and not labels and not _DOMAIN_ONLY.match(candidate):
            labels.append((index, _TITLE_SITE_SUFFIX.sub("", candidate).strip(), None))
    # A page whose only headline-like line reads as a label ("Pilkada Jawa Timur") still
    # has that line as its headline.
    return candidates or labels, lead_index


def _headline(
    lines: list[str], candidates: list[Candidate], lead_index: int | None, is_dateline, is_metadata
) -> Candidate:
    """The candidate that is the headline.

    Pages repeat their headline (page title, then the article's heading): a repeated
    candidate beats a sidebar headline printed above it. A page prints its date or
    byline right under the headline ("Rabu, 27 November 2024 | 19:22 WITA", "Oleh:
    Redaksi"). And a headline shares its words with the story's lead, a tagline or a
    sidebar headline less so. Ties go to the first candidate."""
    seen = Counter(_key(c[1]) for c in candidates)
    lead = (
        " ".join(line for line in lines[lead_index : lead_index + 6] if line) if lead_index else ""
    )
    # The site's name is in its domain, which the dateline repeats ("HUMAS POLRES X" above
    # "Humaspolresx.com, Kota - ..."): words found only there are not shared.
    lead = _DOMAIN_IN_TEXT.sub(" ", lead)

    def score(candidate: Candidate) -> float:
        return (
            2.0 * (seen[_key(candidate[1])] > 1)
            + 1.0 * is_metadata(_next_line(lines, candidate[0]))
            + _shared_words(candidate[1], lead)
        )

    chosen = max(candidates, key=lambda c: (score(c), -c[0]))
    if lead_index is not None and score(chosen) < 0.5:
        # Nothing marks the chosen line as the headline (a tagline, a sidebar headline),
        # and the line the search stopped at reads as a headline in sentence case, above
        # the story and sharing its words: that line is the headline.
        below = _story_below(lines, lead_index, is_dateline, is_metadata)
        if (
            below
            and _sentence_case_headline(lines[lead_index])
            and not is_dateline(lines[lead_index])
            and _shared_words(lines[lead_index], below) >= 0.6
        ):
            return lead_index, lines[lead_index], None
    return chosen


def _story_start(
    lines: list[str], title_index: int, title: str, captions, is_dateline, is_metadata
) -> int | None:
    """The index of the story's first line: its dateline or the first sentence of
    running text, with the short sentences just above it; or else the first
    sentence-like line after the headline; None when there is none."""
    rest = range(title_index + 1, len(lines))
    start = None
    # A share bar or an editor's line above the story ("Bagikan", "Editor: X") is not its
    # end: an end marker stops the search for a dateline only once a sentence was read.
    read_sentence = False
    for index in rest[:80]:
        line = lines[index]
        if line and is_dateline(line) and not is_metadata(line) and index not in captions:
            start = index
            break
        if line and is_end_marker(line) and read_sentence:
            break
        if (
            line
            and _is_sentence(line)
            and not is_caption(line)
            and index not in captions
            and not is_metadata(line)
        ):
            read_sentence = True
    if start is None:
        start = next(
            (
                i
                for i in rest
                if lines[i]
                and is_prose(lines[i])
                and not is_metadata(lines[i])
                and not starts_with_any(lines[i], vocab.NOISE_LINE_STARTS)
                and not is_caption(lines[i])
                and i not in captions
                and not (_sentence_case_headline(lines[i]) and _dated_below(lines, i, is_metadata))
            ),
            None,
        )
    if start is None:
        # No running text: the first sentence-like line after the headline.
        return next(
            (
                i
                for i in rest
                if lines[i]
                and _is_sentence(lines[i])
                and not is_metadata(lines[i])
                and not is_noise_line(lines[i], title)
            ),
            None,
        )
    # Short sentences just above the first paragraph of running text belong to the
    # story ("Kasatgashumas Kombes Pol Erlan Munaji memantau kantor KPU.").
    earlier = start - 1
    while earlier > title_index:
        line = lines[earlier]
        if line and not (
            _is_sentence(line)
            and not is_metadata(line)
            and not is_noise_line(line, title)
            and not is_caption(line)
            and earlier not in captions
        ):
            break
        if line:
            start = earlier
        earlier -= 1
    return start


def _join_dateline_above(lines: list[str], start: int, title_index: int, is_dateline) -> None:
    """A dateline printed on its own line above the first paragraph ("Sampit
    (sampitpos.id)" / "Kepolisian Resor ..."; "MALANG -" / "Polres ...") opens it: the
    two lines become one (in place)."""
    opening = lines[start]
    previous = next((i for i in range(start - 1, title_index, -1) if lines[i]), None)
    if (
        previous is not None
        and len(words(lines[previous])) <= 6
        and not is_caption(lines[previous])
        and not is_dateline(opening)
        and is_dateline(f"{lines[previous]} {opening}")
    ):
        lines[start] = f"{lines[previous]} {opening}"
        lines[previous] = ""


def _cut_story(page: Page, start: int, captions, is_dateline, is_metadata) -> None:
    """The page's paragraphs from `start` to the end marker, noise and captions set
    aside (`page.noise`), what follows the end kept as `page.tail`."""
    lines, title = page.lines, page.title
    blocks: list[str] = []
    ended = False
    for position, line in enumerate(lines[start:], start):
        if ended:
            if line:
                page.tail.append(line)
            continue
        if not line:
            blocks.append("")
            continue
        if is_end_marker(line):
            if _story_goes_on(lines, position, blocks):
                page.noise.append(line)  # a share bar under a headline read as the story
                continue
            ended = True
            page.tail.append(line)
            continue
        headline = is_headline_like(line) and not (is_dateline(line) and not blocks)
        caption = is_caption(line) or position in captions
        if is_noise_line(line, title) or is_metadata(line) or headline or caption:
            page.noise.append(line)
            continue
        blocks.append(line)
    page.paragraphs = _join_broken(blocks)


def _next_line(lines: list[str], index: int) -> str:
    return next((line for line in lines[index + 1 : index + 12] if line), "")


def _dated_below(lines: list[str], index: int, is_metadata) -> bool:
    """Whether the page's date or byline comes next below a line, past a share bar or a
    counter ("Bagikan", "0")."""
    for line in lines[index + 1 : index + 12]:
        if line and is_metadata(line):
            return True
        if len(words(line)) > 2:
            return False
    return False


def _story_below(lines: list[str], index: int, is_dateline, is_metadata) -> str:
    """The story's first lines when one opens right below `index` (past a share bar, a
    date, a caption): a dateline or a sentence; "" when another line comes first."""
    for position in range(index + 1, min(len(lines), index + 12)):
        line = lines[position]
        if not line or len(words(line)) <= 2 or is_caption(line) or is_metadata(line):
            continue
        if is_dateline(line) or (is_prose(line) and _is_sentence(line)):
            return " ".join(part for part in lines[position : position + 6] if part)
        return ""
    return ""


def _previous_index(lines: list[str], index: int) -> int | None:
    return next((i for i in range(index - 1, max(-1, index - 12), -1) if lines[i]), None)


def _sentence_case_headline(line: str) -> bool:
    """A line that may be a headline in sentence case: four to twenty-five words, no
    closing full stop, no quotation."""
    found = words(line)
    return (
        4 <= len(found) <= 25
        and len(line) <= 200
        and not re.search(r"[.,;:]$", line)
        and not any(q in line for q in '"“”')
    )


# A writer's name printed alone between the headline and the date: two to four
# capitalised words, none of them a menu, tagline, unit or headline verb ("-kan").
_NAME_LINE_WORD = re.compile(r"^(?:[A-Z][a-z'’]+(?:-[A-Z]?[a-z'’]+)?|[A-Z]\.?)$")
_NOT_NAME_WORDS = frozenset(
    {"polda", "polres", "polresta", "polrestabes", "polsek", "polri", "tni", "kpu", "bawaslu",
     "tps", "operasi", "personel", "apel", "kapolda", "kapolres", "kapolresta", "kapolsek"}
)  # fmt: skip


def _is_name_line(line: str) -> bool:
    tokens = line.split()
    if not 2 <= len(tokens) <= 4 or not all(_NAME_LINE_WORD.match(t) for t in tokens):
        return False
    lows = [t.lower().rstrip(".") for t in tokens]
    if any(w in vocab.MENU_WORDS or w in vocab.TAGLINE_WORDS or w in _NOT_NAME_WORDS for w in lows):
        return False
    if any(w.endswith("kan") for w in lows):
        return False  # "Polisi Amankan Gudang": a verb of a headline
    return not (areas.find_regencies(line) or areas.find_provinces(line))


# A photo caption: a line that ends with its credit ("... di Soreang. Foto: Nama/detik",
# "... di halaman Mapolres. ANTARA/HO-Humas Polres X", "(Foto: Humas Polres X)"). The
# credit may name the site by its domain, as Tribun network pages print it on a line of
# its own ("SITE-KOTA.COM/NAMA WARTAWAN", "SITEPOST.CO.ID/NAMA").
_CAPTION_CREDIT = re.compile(
    r"(?:[.!?)]\s+|^|\()(?:(?:Foto|Photo|Dok|Dokumentasi|Sumber\s+foto)\s*[:.]\s*[^.:!?]{2,80}"
    r"|[A-Z][A-Z0-9-]{2,}(?:\.[A-Za-z]{2,4}){0,2}/[A-Z][\w .,&-]{1,70})\)?$"
)


def is_caption(line: str) -> bool:
    return len(words(line)) <= 45 and bool(_CAPTION_CREDIT.search(line))


def _captions_under_credits(lines: list[str], first: int, is_dateline) -> set[int]:
    """Lines that are the caption of a photo credit printed alone beside them, in the
    eighty lines from `first` where the story is looked for. Tribun network pages print
    "SITE.COM/NAMA WARTAWAN", then the caption, often opening with a label in capitals
    like a dateline ("SIAGA TPS - Personel Polres X menyeberangi ..."), then the story's
    dateline; other pages put the credit under the caption ("Foto: Nama/Humas"). The line
    beside a bare credit is a caption when a dateline follows the pair within a few
    lines, so a story opening right under (or over) a credit keeps its first paragraph."""
    found: set[int] = set()
    for index in range(first, min(len(lines), first + 80)):
        line = lines[index]
        if not line or len(words(line)) > 8 or not is_caption(line):
            continue
        below = [i for i in range(index + 1, min(len(lines), index + 12)) if lines[i]][:4]
        above = _previous_index(lines, index)
        if (
            below
            and len(words(lines[below[0]])) <= 45
            and any(is_dateline(lines[i]) for i in below[1:])
        ):
            found.add(below[0])
        elif (
            above is not None
            and above >= first
            and len(words(lines[above])) <= 45
            and any(is_dateline(lines[i]) for i in below[:3])
        ):
            found.add(above)
    return found


def _story_goes_on(lines: list[str], index: int, blocks: list[str]) -> bool:
    """Whether an end marker at `index` stands above the story rather than below it: what
    was read so far is no more than a headline (under twenty words, no sentence), and
    running text follows before the next end marker."""
    read = [block for block in blocks if block]
    if sum(len(words(block)) for block in read) >= 20 or any(_is_sentence(block) for block in read):
        return False
    following = 0
    for line in lines[index + 1 : index + 40]:
        if not line:
            continue
        if is_end_marker(line):
            break
        if is_prose(line) and _is_sentence(line) and not is_caption(line):
            following += 1
    return following >= 2


def _is_sentence(line: str) -> bool:
    """A line that reads as a sentence: five words or more and closing punctuation."""
    return len(words(line)) >= 5 and bool(re.search(r"[.!?\"”]$", line))


def _join_broken(blocks: list[str]) -> list[str]:
    """Paragraphs from lines; a sentence cut by a stray break is joined again.

    "... kembali melaksanakan" / "pengamanan di Kantor KPU ..." is one sentence: the
    first part has no closing punctuation and the second starts in lowercase.
    """
    paragraphs: list[str] = []
    for block in blocks:
        if not block:
            continue
        if paragraphs and not _SENTENCE_END.search(paragraphs[-1]) and block[:1].islower():
            paragraphs[-1] = f"{paragraphs[-1]} {block}"
        else:
            paragraphs.append(block)
    return paragraphs
