"""Quoted speech and who said it.

A quote is a span between quote marks, straight or curly ("...", “...”), that may run
to the end of its paragraph without closing and go on in the next paragraph (which
then opens with a quote mark again). The speaker is named after the quote
('," kata Iptu Ahmad Taufik', '," ujarnya', '," ucap dia', '," pungkas Kabag Ops')
or before it ('Erlan mengatakan, "...', 'Menurut Erlan, "...'); a pronoun or a
"-nya" verb means the last speaker. Short scare-quoted terms inside a sentence
(istilah "cooling system") are not quotes.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from reports.importer import areas, vocab
from reports.importer.people import (
    _NAME_STOP,
    _RANK,
    Person,
    match_person,
    people_by_position,
    read_name,
)

_OPEN = '"“„«‟'
_CLOSE = '"”»‟'
_ANY_QUOTE = re.compile(r"[\"“”„«»‟]")

_VERBS_AFTER = "|".join(sorted(vocab.SPEECH_VERBS_AFTER, key=len, reverse=True))
# '," kata Iptu Ahmad Taufik saat ...', '," ujarnya.', '," ucap dia.', '" tegas Kapolres.'
_ATTRIBUTION_AFTER = re.compile(
    rf"^\s*[,.!?]?\s*(?:(?:demikian|begitu)\s+)?(?P<verb>{_VERBS_AFTER})(?P<nya>nya)?\b"
    r"(?:\s+(?:pula|juga|lagi))?[ \t]*(?P<rest>[^\n]{0,120})",
    re.I,
)
_VERBS_BEFORE = "|".join(sorted(vocab.SPEECH_VERBS_BEFORE, key=len, reverse=True))
# 'Erlan mengatakan, "', 'Kapolres juga menegaskan bahwa "', 'Ia menambahkan: "'
_ATTRIBUTION_BEFORE = re.compile(
    rf"(?P<subject>[^.!?\"“”]{{0,160}}?)\s*,?\s*(?:juga\s+|pun\s+|kembali\s+|lebih\s+lanjut\s+|pula\s+)?"
    rf"(?P<verb>{_VERBS_BEFORE})\b(?:\s+bahwa)?(?:\s+[a-z]+){{0,3}}?\s*[,:]?\s*$",
    re.I,
)
# The end of `_ATTRIBUTION_BEFORE` alone: a speech verb, at most three words and a
# comma or colon before the quote ('... mengatakan, "', '... menegaskan bahwa "').
# Searched for first, in linear time: see `_attribution_before`.
_VERB_AT_END = re.compile(
    rf"(?:{_VERBS_BEFORE})\b(?:\s+bahwa)?(?:\s+[a-z]+){{0,3}}?\s*[,:]?\s*$", re.I
)
_SUBJECT_STOPS = '.!?"“”'  # what `_ATTRIBUTION_BEFORE`'s subject cannot hold
# 'Menurut Erlan, "', 'Menurutnya, "'
_MENURUT = re.compile(r"\bmenurut(?P<nya>nya)?\s*(?P<who>[^,]{0,80}?)\s*,\s*$", re.I)
# Capitalised words after a speech verb that are not a name ("kata Kapolres", "ujar
# Kasatgas", "jelas Ketua KPU", "kata Polri").
_NOT_A_NAME = (
    _NAME_STOP
    | {w.split()[0] for w in vocab.POSITION_WORDS}
    | {
        "polri",
        "tni",
        "kpu",
        "bawaslu",
        "pemkab",
        "pemkot",
        "pemprov",
        "mantan",
        "pria",
        "wanita",
        # pronouns: "Pihaknya menegaskan, “...”" is the last speaker, not a new person
        "pihaknya",
        "dia",
        "ia",
        "beliau",
        "mereka",
    }
)
_PRONOUN_START = re.compile(r"^(?:dia|ia|beliau|pihaknya)\b", re.I)


@dataclass(slots=True)
class Span:
    paragraph: int  # where it opens
    start: int  # offset of the opening mark in its paragraph
    end: int  # offset after the closing mark in `end_paragraph` (its end when unclosed)
    text: str
    closed: bool
    at_start: bool  # the paragraph opens with it
    end_paragraph: int = -1


def quote_spans(paragraphs: list[str]) -> list[Span]:
    """Quoted spans; a quote left open at a paragraph's end and continued in the next
    one (which opens with a quote mark) is one span."""
    spans: list[Span] = []
    carry: Span | None = None
    for index, paragraph in enumerate(paragraphs):
        marks = [(m.start(), m.group(0)) for m in _ANY_QUOTE.finditer(paragraph)]
        curly = any(ch in "“„" for _, ch in marks)
        inside_at: int | None = None
        found: list[tuple[int, int, bool]] = []
        for pos, ch in marks:
            opener = ch in _OPEN if curly else True
            if inside_at is None:
                if opener or not curly:
                    inside_at = pos
                elif ch in "”»":
                    inside_at = pos  # ” used as an opening mark
            else:
                if ch in _CLOSE or not curly:
                    found.append((inside_at, pos + 1, True))
                    inside_at = None
                else:  # a new opening before the last one closed
                    found.append((inside_at, pos, False))
                    inside_at = pos
        if inside_at is not None:
            found.append((inside_at, len(paragraph), False))
        for number, (start, end, closed) in enumerate(found):
            inner = paragraph[start + 1 : end - 1 if closed else end].strip()
            at_start = start == 0
            if carry is not None and number == 0 and at_start and not carry.closed:
                carry.text = f"{carry.text} {inner}".strip()
                carry.closed, carry.end, carry.end_paragraph = closed, end, index
                carry = None if closed else carry
                continue
            span = Span(index, start, end, inner, closed, at_start, index)
            spans.append(span)
            carry = None if closed else span
        if not found:
            carry = None
    return spans


def is_real_quote(span: Span, paragraphs: list[str]) -> bool:
    """Speech, not a scare-quoted term ('istilah "cooling system"', 'tema "Pemilu Damai"')."""
    paragraph = paragraphs[span.paragraph]
    words = span.text.split()
    if not words:
        return False
    if _ATTRIBUTION_AFTER.match(paragraphs[span.end_paragraph][span.end : span.end + 200]):
        return True
    if span.end_paragraph != span.paragraph:
        return True  # a quote running over paragraphs is speech
    before = paragraph[max(0, span.start - 40) : span.start].rstrip()
    if span.at_start or (before.endswith((":", ",")) and len(words) >= 4):
        return len(words) >= 3 or span.text.rstrip()[-1:] in ".!?,"
    ends_like_speech = span.text.rstrip()[-1:] in ".!?,"
    return len(words) >= 8 and ends_like_speech


@dataclass(frozen=True, slots=True)
class Quote:
    speaker: str | None
    text: str


def _resolve_reference(
    rest: str, people: list[Person], last: Person | None
) -> tuple[Person | None, bool]:
    """The person an attribution names; (person, whether it named anyone at all)."""
    rest = rest.strip()
    # '," kata Kapolres Malang melalui Kasihumas Iptu B': B speaks for the chief.
    through = re.search(r"\bmelalui\s+", rest[:120])
    if through:
        person, named = _resolve_reference(rest[through.end() :], people, last)
        if person:
            return person, named
    if _PRONOUN_START.match(rest):
        return last, True
    rank = _RANK.match(rest)
    if rank:
        found = read_name(rest, rank.end())
        if found:
            person = match_person(people, found[0])
            if person:
                return person, True
    by_position = _position_reference(rest, people)
    if by_position:
        return by_position, True
    found = read_name(rest, 0)
    if found:
        person = match_person(people, found[0])
        if person is None and _is_new_name(found[0]):
            # '," ujar Rina.': a speaker named only here is still a person of the story.
            person = Person(found[0])
            people.append(person)
        return person, True
    return None, False


def _is_new_name(name: str) -> bool:
    words = name.split()
    if len(words) > 1 and words[0] == "I":
        words = words[1:]  # "I Made Sudarma": a Balinese name opens with "I"
    if not 1 <= len(words) <= 4 or any(len(w) < 2 for w in words):
        return False
    if any(w.lower().rstrip(".") in _NOT_A_NAME for w in words):
        return False
    return not (areas.find_regencies(name) or areas.find_provinces(name))


def _position_reference(rest: str, people: list[Person]) -> Person | None:
    words = [w.rstrip(".") for w in re.findall(r"[A-Za-z0-9/.-]+", rest[:80])]
    words = [w for w in words if w]
    for size in range(min(6, len(words)), 0, -1):
        phrase = " ".join(words[:size])
        if not phrase[:1].isupper():
            return None
        person = people_by_position(people, phrase)
        if person:
            return person
    return None


# Position words too general to stand for one person alone ("Ketua" needs "Ketua KPU").
_GENERAL_POSITION = frozenset(
    {"ketua", "wakil", "kepala", "anggota", "komisioner", "pj", "plt", "plh", "sekretaris"}
)


def _position_key(position: str) -> str:
    words = position.split()
    size = 2 if words[0].lower() in _GENERAL_POSITION and len(words) > 1 else 1
    return " ".join(words[:size])


@functools.lru_cache(maxsize=4096)
def _whole_word(word: str) -> re.Pattern:
    """`word` as a whole word ("Toha" in "kata Toha," not in "Tohari"): compiled once,
    since each quote asks for every person's names again."""
    return re.compile(rf"\b{re.escape(word)}\b")


def _mentioned_people(text: str, people: list[Person]) -> list[tuple[int, Person]]:
    """People named in a stretch of text, by the offset of their name, or of their
    position when no one else holds it ("Kapolres menegaskan", "Kasatgashumas")."""
    found: list[tuple[int, Person]] = []
    for person in people:
        for token in {person.name.split()[0], person.name.split()[-1]}:
            if len(token) < 3:
                continue  # "I" of "I Made Sukadana"
            for match in _whole_word(token).finditer(text):
                found.append((match.start(), person))
    keys = [_position_key(p.position) if p.position else "" for p in people]
    for person, key in zip(people, keys, strict=True):
        if key and keys.count(key) == 1:
            for match in _whole_word(key).finditer(text):
                found.append((match.start(), person))
    return sorted(found, key=lambda item: item[0])


def _speaker_of_narrative(text: str, people: list[Person]) -> Person | None:
    """Who speaks last in narrative: per sentence, the person before a speech verb ("A
    melalui B, mengatakan" is B), else the person the sentence opens with ("Ketua KPU X,
    Nama, mengapresiasi ...", "Lurah Y Nama yang mendampingi patroli mengaku ...")."""
    speaker = None
    previous = ""
    for sentence in _SENTENCE.split(text):
        found = _speaker_by_verb(sentence, people) or _subject(sentence, people)
        if not found and previous and _PRONOUN_START.match(sentence.strip()):
            # "Materi disampaikan Kasat Reskrim AKP Nama. Ia mengingatkan ...": the
            # pronoun is the person the sentence before named last.
            named = _mentioned_people(previous, people)
            found = named[-1][1] if named else None
        if found:
            speaker = found
        previous = sentence
    return speaker


_VERB_BEFORE = re.compile(rf"\b(?:{_VERBS_BEFORE})\b", re.I)


_VERB_PASSIVE = re.compile(
    rf"\b(?:{'|'.join(vocab.SPEECH_VERBS_PASSIVE)})\s+(?:oleh\s+)?(?=[A-Z])", re.I
)


def _speaker_by_verb(text: str, people: list[Person]) -> Person | None:
    speaker = None
    found: list[tuple[int, Person]] = []
    for verb in _VERB_BEFORE.finditer(text):
        before = text[max(0, verb.start() - 200) : verb.start()]
        named = _mentioned_people(before, people)
        if named:
            found.append((verb.start(), named[-1][1]))
    # "Hal senada disampaikan Ketua KPU X Nama": the speaker follows a passive verb.
    for verb in _VERB_PASSIVE.finditer(text):
        after = text[verb.end() : verb.end() + 160]
        through = re.search(r"\bmelalui\s+", after)  # "... Kapolres melalui Kasi Humas B"
        named = _mentioned_people(after[through.end() :] if through else after, people)
        if named:
            found.append((verb.start(), named[0][1]))
    if found:
        speaker = max(found, key=lambda item: item[0])[1]
    return speaker


# Sentence ends: a word of three lowercase letters or more, then ". " ("Drs. H." and
# "S.I.K." inside a name do not end a sentence).
_SENTENCE = re.compile(r"(?<=[a-z]{3}[.!?])\s+(?=[A-Z\"“])")
# Words opening a sentence before its subject: "Sementara itu,", "Di sisi lain,",
# "Dalam kesempatan yang sama,", "Pada kesempatan itu,", "Di lokasi yang sama,", "Pada
# saat bersamaan,", "Secara terpisah,", "Terpisah,", "Adapun". Those with "yang" or a
# word like a verb ("terpisah", "bersamaan") would otherwise end the subject at once.
_CONNECTIVE = re.compile(
    r"^(?:(?:sementara|selain|setelah|sebelum)\s+itu|di\s+sisi\s+lain|(?:di|pada)\s+"
    r"(?:tempat|lokasi)\s+(?:yang\s+sama|terpisah)|(?:dalam|pada|di)\s+kesempatan\s+"
    r"(?:yang\s+sama|itu|tersebut)|(?:pada|di|dalam)\s+(?:saat|waktu)\s+(?:yang\s+sama|"
    r"bersamaan)|secara\s+terpisah|lebih\s+lanjut|adapun|kemudian|sedangkan|namun|"
    r"terpisah|senada)\s*,?\s*",
    re.I,
)
# The subject of a sentence ends at its verb or at "yang"/"juga": "Ketua KPU X, Nama,
# mengapresiasi", "Seorang saksi, Anton (41), mengaku", "Lurah Y Nama yang mendampingi".
_PREDICATE = re.compile(
    r"\s(?:yang|juga|pun|turut|ikut|telah|sudah|akan|tidak|(?:me|ber|di|ter)[a-z]{3,})\b"
)


def _subject(sentence: str, people: list[Person]) -> Person | None:
    """The person a sentence of narrative opens with, if any (not a pronoun)."""
    text = _CONNECTIVE.sub("", sentence.strip(), count=1)
    predicate = _PREDICATE.search(text[:160])
    if not predicate:
        return None
    named = _mentioned_people(text[: predicate.start()], people)
    return named[-1][1] if named else None


def _last_named(people: list[Person], before: int) -> Person | None:
    """The person named last before an offset of the story."""
    best: tuple[int, Person] | None = None
    for person in people:
        earlier = [m for m in person.mentions if m < before]
        if earlier and (best is None or earlier[-1] > best[0]):
            best = (earlier[-1], person)
    return best[1] if best else None


def find_quotes(paragraphs: list[str], people: list[Person]) -> list[Quote]:
    quotes: list[Quote] = []
    last: Person | None = None
    spans = [s for s in quote_spans(paragraphs) if is_real_quote(s, paragraphs)]
    offset = 0
    for index, paragraph in enumerate(paragraphs):
        if index:
            offset += len(paragraphs[index - 1]) + 2
        here = [s for s in spans if s.paragraph == index]
        # Narrative before the first quote of the paragraph may name a new speaker.
        first_start = min((s.start for s in here), default=len(paragraph))
        narrative = _speaker_of_narrative(paragraph[:first_start], people)
        if narrative:
            last = narrative
        for span in here:
            # Before any speaker is known, "-nya" and "dia" mean the last person named.
            current = last or _last_named(people, offset + span.start)
            speaker, named = _attribution(paragraphs, span, people, current)
            if not named:
                speaker = last
            if speaker is not None:
                last = speaker
            quotes.append(Quote(speaker.name if speaker else None, span.text))
        if not here and not any(ch in paragraph for ch in '"“”'):
            narrative = _speaker_of_narrative(paragraph, people)
            if narrative:
                last = narrative
    return quotes


def _attribution(
    paragraphs: list[str], span: Span, people: list[Person], last: Person | None
) -> tuple[Person | None, bool]:
    paragraph = paragraphs[span.paragraph]
    after = _ATTRIBUTION_AFTER.match(paragraphs[span.end_paragraph][span.end : span.end + 200])
    if after:
        if after.group("nya"):
            return last, True
        rest = after.group("rest")
        person, named = _resolve_reference(rest, people, last)
        if named:
            return person, True
        if rest.strip()[:1].isupper():
            return None, True  # '," kata Kapolres.' with no Kapolres named in the story
        return last, True
    # The sentence before the quote ('Erlan mengatakan, "'), at most a few hundred characters.
    before_text = paragraph[max(0, span.start - 300) : span.start] if span.start > 0 else ""
    menurut = _MENURUT.search(before_text)
    if menurut:
        if menurut.group("nya"):
            return last, True
        return _resolve_reference(menurut.group("who"), people, last)
    before = _attribution_before(before_text) if before_text.strip() else None
    if before:
        subject = before.group("subject").strip()
        if not subject or _PRONOUN_START.search(subject.split(",")[-1].strip()):
            return last, True
        named = _mentioned_people(subject, people)
        if named:
            return named[-1][1], True
        person, found = _resolve_reference(subject.split(",")[-1], people, last)
        if found:
            return person, True
        return _position_reference(subject, people), True
    return None, False


def _attribution_before(text: str) -> re.Match | None:
    """`_ATTRIBUTION_BEFORE.search(text)`, without its cost where it cannot match.

    Searched from every start of 300 characters, each with a subject of up to 160, the
    pattern took milliseconds a quote. It can only match where a speech verb ends the
    text (`_VERB_AT_END`), and it cannot start before the last `.!?` or quote mark
    ahead of that verb (its subject holds none, and what stands between subject and
    verb is spaces, a comma and `juga`/`pun`/...), so the search starts there: the
    same match, from one sentence instead of the whole window."""
    verb = _VERB_AT_END.search(text)
    if verb is None:
        return None
    stop = max(text.rfind(mark, 0, verb.start()) for mark in _SUBJECT_STOPS)
    return _ATTRIBUTION_BEFORE.search(text, stop + 1)
