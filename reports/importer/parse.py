"""Raw scraped article text -> `ArticleRecord` (docs/importer-contract.md).

Pure and deterministic: no Django, no database, no network. The stages, each in its
own module, are described in docs/importer.md:

1. chrome:  headline, header chrome, body paragraphs, noise and tail (`chrome.py`);
2. byline:  dateline, outlet and author (`byline.py`); dates (`dates.py`);
3. facts:   operations, elections, police units, personnel count (`facts.py`);
4. people and quotes (`people.py`, `quotes.py`);
5. region:  the lead unit's regency and province (`units.py`, `areas.py`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections import Counter

from reports.importer import areas, byline, chrome, dates, facts, people, quotes, units
from reports.importer.records import ArticleRecord, ParseError, PersonRecord, QuoteRecord

# Beyond this many characters a text is not one article; the rest is ignored.
MAX_CHARS = 500_000
SHORT_BODY_WORDS = 80
LONG_BODY_WORDS = 3000
# A labelled page date below the story ("Diterbitkan: 3 November 2023").
_PUBLISHED_LABEL = ("diterbitkan", "dipublikasikan", "published", "posted", "terbit", "tanggal")
_DISTRICT_LEVELS = ("polres", "polresta", "polrestabes", "polsek")
# Provinces named outright in the story ("Provinsi Kalimantan Tengah", "Prov. Kalteng").
_REGENCY_WORD = re.compile(r"\b(?:Kabupaten|Kab\.|Kota)\s+[A-Z][\w-]*(?:\s+[A-Z][\w-]*){0,2}")
_PROVINCE_WORD = re.compile(
    r"\b(?:Provinsi|Prov\.?|Propinsi)\s+([A-Z][\w.]*(?:\s+[A-Z][\w]*){0,3})"
)


def parse_article(text: str, file: str) -> ArticleRecord:
    """Parse one article; raise `ParseError` (and nothing else) when it cannot be read."""
    if not isinstance(text, str):
        raise ParseError("The article is not text.")
    try:
        return _parse(text, file if isinstance(file, str) else str(file))
    except ParseError:
        raise
    except Exception as exc:
        # A bug must not crash an import run: the editor sees which file failed and why.
        raise ParseError(f"The article could not be parsed ({type(exc).__name__}).") from exc


def _is_metadata(line: str) -> bool:
    return dates.is_date_line(line) or byline.is_byline(line)


def _parse(text: str, file: str) -> ArticleRecord:
    warnings: list[str] = []
    if len(text) > MAX_CHARS:
        text = text[:MAX_CHARS]
        warnings.append("The text is very long; only its first 500,000 characters were read.")
    if not text.strip():
        raise ParseError("The text is empty.")
    page = chrome.split_page(text, byline.is_dateline_line, _is_metadata)
    if page is None:
        raise ParseError("No headline was found in the text.")
    if not page.paragraphs:
        raise ParseError("No article body was found after the headline.")

    paragraphs = page.paragraphs
    body = "\n\n".join(paragraphs)
    dateline = byline.find_dateline(paragraphs[0])

    published = _published(page)
    event = dates.event_date(body, published or dates.year_hint(body))

    operations = facts.operations(page.title, body)
    elections = facts.elections(page.title, body, operations, event or published)

    # People and quotes are read from the story without its dateline ("MALANG - ").
    story = [paragraphs[0][dateline.end :] if dateline else paragraphs[0], *paragraphs[1:]]
    found_people, _ = people.find_people(story)
    found_quotes = quotes.find_quotes(story, found_people)

    place = (dateline.place or None) if dateline else None
    unit_refs, lead = _units(
        page.title,
        paragraphs,
        event or published,
        place,
        dateline.end if dateline else 0,
        people_names={p.name.lower() for p in found_people},
    )
    province, regency = _region(lead, unit_refs, dateline, body, event or published)

    record = ArticleRecord(
        file=file,
        title=page.title,
        body=body,
        outlet=byline.find_outlet(page, dateline),
        author=byline.find_author(page),
        published_date=published,
        event_date=event,
        dateline=(dateline.place or None) if dateline else None,
        elections=elections,
        police_units=[ref.name for ref in unit_refs],
        operations=operations,
        people=[PersonRecord(p.name, p.rank, p.position) for p in found_people],
        quotes=[QuoteRecord(q.speaker, q.text) for q in found_quotes],
        personnel_count=facts.personnel_count(page.title, body),
        province=province,
        regency=regency,
        warnings=warnings,
    )
    _check(record, unit_refs)
    return record


def _published(page: chrome.Page) -> dt.date | None:
    if page.title_date:
        try:
            return dt.date.fromisoformat(page.title_date)
        except ValueError:
            pass
    found = dates.page_date(page.before_title + page.header)
    if found:
        return found
    # A date on a byline line: "By Admin | Kamis, 8 Februari 2024 - 10:11".
    found = dates.page_date(page.before_title + page.header, loose=True)
    if found:
        return found
    labelled = [
        line for line in page.noise + page.tail if chrome.starts_with_any(line, _PUBLISHED_LABEL)
    ]
    return dates.page_date(labelled)


def _regency_hints(
    paragraphs: list[str], place: str | None, province_code: str | None
) -> list[str]:
    """Regencies the story is set in, for placing a Polsek: the dateline's place, then
    regencies named outright ("Kecamatan Sukorejo, Kabupaten Pasuruan")."""
    hints: list[str] = []
    found = list(areas.find_regencies(place, province_code=province_code)) if place else []
    for paragraph in paragraphs:
        found += [
            a
            for a in _regencies_named(paragraph)
            if province_code is None or a.province_code == province_code
        ]
    for area in found:
        if area.code not in hints:
            hints.append(area.code)
    return hints


def _regencies_named(text: str) -> list[areas.Area]:
    """Regencies written out in a text ("Kabupaten Malang", "Kota Palangka Raya")."""
    found: list[areas.Area] = []
    for match in _REGENCY_WORD.finditer(text):
        words = match.group(0).split()
        for size in range(len(words), 1, -1):
            named = areas.find_regencies(" ".join(words[:size]))
            if named:
                found += named
                break
    return found


# A place's short form defined in the story: "Polres Lombok Tengah (Loteng)", "Kabupaten
# Hulu Sungai Selatan (HSS)"; a later "Polres Loteng" or "Kapolres HSS" is that unit.
_PLACE_SHORT_FORM = re.compile(
    r"((?:[A-Z][\w'’-]*\s+){0,3}[A-Z][\w'’-]*)\s*\(([A-Z][A-Za-z]{1,9})\)"
)


def place_short_forms(text: str) -> dict[str, str]:
    """Short forms of regency and province names the text defines, lowercase -> name."""
    found: dict[str, str] = {}
    for match in _PLACE_SHORT_FORM.finditer(text):
        words, short = match.group(1).split(), match.group(2)
        for size in range(len(words), 0, -1):
            place = " ".join(words[-size:])
            if not (areas.find_regencies(place) or areas.find_provinces(place)):
                continue
            if people.spells(words[-size:], short) and _key(short) != _key(place):
                found.setdefault(short.lower(), place)
            break
    return found


def _key(text: str) -> str:
    return areas.name_key(text)


def _expand_short_form(mention: facts.UnitMention, short_forms: dict[str, str]):
    """`Polres Loteng` as `Polres Lombok Tengah` where the story defined `Loteng`."""
    head, _, place = mention.name.partition(" ")
    full = short_forms.get(place.lower())
    if not full:
        return mention
    name = units.canonical_unit_name(f"{head} {full}")
    return dataclasses.replace(mention, name=name) if name else mention


def _expand_press_short_form(
    mention: facts.UnitMention, province_code: str | None, when: dt.date | None
) -> facts.UnitMention:
    """`Polres Halbar` as `Polres Halmahera Barat`: a district unit whose place is no known
    name but the press's short form of one Kabupaten (each word's start, `areas`)."""
    head, _, place = mention.name.partition(" ")
    if head not in ("Polres", "Polresta") or units.resolve_unit(mention.name, on=when).resolved:
        return mention
    found = areas.regencies_abbreviated(place)
    if not found and len(place) <= 4:
        found = areas.regencies_abbreviated(place.upper())  # "HSU", title-cased as "Hsu"
    if province_code and len(found) > 1:
        found = tuple(a for a in found if a.province_code == province_code)
    if len(found) != 1:
        return mention
    name = units.canonical_unit_name(f"{head} {found[0].bare_name}")
    return dataclasses.replace(mention, name=name) if name else mention


def _province_hint(
    mentions: list[facts.UnitMention], place: str | None, when: dt.date | None
) -> str | None:
    """The province the story is in: a Polda named, else any placed unit, else the
    dateline's place when it names one province."""
    refs = [units.resolve_unit(m.name, on=when) for m in mentions]
    for ref in refs:
        if ref.level == "polda" and ref.province_code:
            return ref.province_code
    for ref in refs:
        if ref.province_code:
            return ref.province_code
    if place:
        codes = {
            a.province_code for a in areas.find_regencies(place) or areas.find_provinces(place)
        }
        if len(codes) == 1:
            return codes.pop()
    return None


def _opens(text: str, mentions: list[facts.UnitMention], start: int = 0) -> str | None:
    """The unit a headline or a lead sentence opens with, its subject: the first unit
    named, with at most three words before it ("Jelang Pencoblosan, Polres X Sebar")."""
    if not mentions:
        return None
    first = min(mentions, key=lambda m: m.start)
    return first.name if len(text[start : first.start].split()) <= 3 else None


def _without_chief_names(
    mentions: list[facts.UnitMention], people_names: set[str] | frozenset[str], when
) -> list[facts.UnitMention]:
    """Mentions whose unknown place is the name of a person of the story left out:
    "Kapolres Nama Lengkap menegaskan" names the chief, not a Polres."""
    kept = []
    for mention in mentions:
        place = f" {mention.name.partition(' ')[2].lower()} "
        if (
            place.strip()
            and any(place in f" {name} " for name in people_names)
            and not units.resolve_unit(mention.name, on=when).resolved
        ):
            continue
        kept.append(mention)
    return kept


def _units(
    title: str,
    paragraphs: list[str],
    when: dt.date | None,
    place: str | None,
    lead_start: int = 0,
    people_names: set[str] | frozenset[str] = frozenset(),
) -> tuple[list[units.UnitRef], units.UnitRef | None]:
    """Units in order of first mention, and the lead one (most present, title first)."""
    short_forms = place_short_forms("\n".join([title, *paragraphs]))
    title_mentions = [
        _expand_short_form(m, short_forms) for m in facts.unit_mentions(title, headline=True)
    ]
    by_paragraph = [
        [_expand_short_form(m, short_forms) for m in facts.unit_mentions(p)] for p in paragraphs
    ]
    if people_names:
        by_paragraph = [_without_chief_names(found, people_names, when) for found in by_paragraph]
    body_mentions = [m for found in by_paragraph for m in found]
    in_first = len(by_paragraph[0])  # the first paragraph's mentions open the story's
    # A Polda named in the story tells the province of the other units' names.
    hint = _province_hint(title_mentions + body_mentions, place, when)
    title_mentions = [_expand_press_short_form(m, hint, when) for m in title_mentions]
    body_mentions = [_expand_press_short_form(m, hint, when) for m in body_mentions]
    first_mentions = body_mentions[:in_first]
    # A unit of the headline is kept when the story names it too: a headline capitalises
    # its verbs ("Polres Kawal Logistik"), and a line taken as the headline by mistake (a
    # sidebar headline, a tagline) must not bring in another story's unit. Only a story
    # that names no unit at all leaves the headline's units standing alone.
    in_body = {m.name for m in body_mentions}
    title_mentions = [
        m
        for m in title_mentions
        if m.name in in_body or (not in_body and units.resolve_unit(m.name, on=when).resolved)
    ]
    all_mentions = title_mentions + body_mentions
    if not all_mentions:
        return [], None

    score: Counter[str] = Counter()
    first_paragraph = {m.name for m in first_mentions}
    for mention in title_mentions:
        score[mention.name] += 3
    for mention in body_mentions:
        score[mention.name] += 1 + int(mention.chief)
    for name in first_paragraph:
        score[name] += 2
    # The subject of the headline and of the lead sentence acts; a unit it works with
    # ("Polres A Gandeng Polres B Patroli Perbatasan") is named as often but follows.
    for subject in (
        _opens(title, title_mentions),
        _opens(paragraphs[0], [m for m in first_mentions if m.start >= lead_start], lead_start),
    ):
        if subject:
            score[subject] += 1

    order: list[str] = []
    for mention in all_mentions:
        if mention.name not in order:
            order.append(mention.name)
    refs = {name: units.resolve_unit(name, province_code=hint, on=when) for name in order}
    district_units = [n for n in order if refs[n].level in _DISTRICT_LEVELS]
    lead_district = max(
        district_units,
        key=lambda n: (score[n], refs[n].level != "polsek", -order.index(n)),
        default=None,
    )
    regency_hints = [
        refs[n].regency_code for n in district_units if refs[n].level != "polsek"
    ] + _regency_hints(paragraphs, place, hint)
    for name in order:
        if refs[name].level != "polsek":
            continue
        for regency_hint in filter(None, regency_hints):
            ref = units.resolve_unit(name, province_code=hint, regency_code=regency_hint, on=when)
            if ref.resolved:
                refs[name] = ref
                break
    lead = max(order, key=lambda n: (score[n], refs[n].level != "polda", -order.index(n)))
    if refs[lead].level != "polda" and lead_district:
        lead = lead_district
    return [refs[n] for n in order], refs[lead]


def _region(
    lead: units.UnitRef | None,
    refs: list[units.UnitRef],
    dateline: byline.Dateline | None,
    body: str,
    when: dt.date | None,
) -> tuple[str | None, str | None]:
    """(province, regency) names as in idn-area: the lead unit's, then fallbacks."""
    regency_name = None
    province_code = None
    if lead is not None:
        province_code = lead.province_code
        if lead.level != "polda" and lead.regency_code:
            area = areas.regency(lead.regency_code)
            regency_name = area.name if area else None
    if province_code is None:
        province_code = next((r.province_code for r in refs if r.province_code), None)
    if province_code is None and dateline:
        found = areas.find_regencies(dateline.place) or areas.find_provinces(dateline.place)
        codes = {a.province_code for a in found}
        if len(codes) == 1:
            province_code = codes.pop()
    if province_code is None:
        # "di Kabupaten Jember": a regency named in the story, when it is one place.
        codes = {area.province_code for area in _regencies_named(body)}
        if len(codes) == 1:
            province_code = codes.pop()
    if province_code is None:
        for match in _PROVINCE_WORD.finditer(body):
            words = match.group(1).split()
            for size in range(len(words), 0, -1):
                found = areas.find_provinces(" ".join(words[:size]))
                if len(found) == 1:
                    province_code = found[0].code
                    break
            if province_code:
                break
    province = areas.province(province_code) if province_code else None
    return (province.name if province else None), regency_name


def _check(record: ArticleRecord, refs: list[units.UnitRef]) -> None:
    """Warnings for an editor: things the parser could not decide."""
    warnings = record.warnings
    if record.published_date is None:
        warnings.append("No publication date was found on the page.")
    if record.event_date is None:
        warnings.append("No event date (\u201cHari (d/m/yyyy)\u201d) was found in the story.")
    for ref in refs:
        if not ref.resolved:
            warnings.append(f"The region of {ref.name} could not be resolved.")
    if not refs:
        warnings.append("No police unit was found in the story.")
    if not record.elections:
        warnings.append("The story names neither Pemilu 2024 nor Pilkada 2024.")
    if record.province is None:
        warnings.append("The province could not be decided.")
    unattributed = sum(1 for q in record.quotes if q.speaker is None)
    if unattributed:
        warnings.append(f"{unattributed} quote(s) have no identified speaker.")
    size = len(record.body.split())
    if size < SHORT_BODY_WORDS:
        warnings.append(f"The body is very short ({size} words): check the page was complete.")
    elif size > LONG_BODY_WORDS:
        warnings.append(f"The body is very long ({size} words): check no other story was kept.")
    if record.outlet is None:
        warnings.append("No outlet was found on the page.")
