"""The parser, read as a specification: seeds first, then one convention per test.

Snippets are small and realistic: other outlets (ANTARA, detik, Tribun, Kompas,
Tribratanews), other provinces, ranks and attribution verbs than the seeds.
"""

import contextlib
import datetime as dt
import random
import time
from pathlib import Path

import pytest

from reports.importer import byline, dates
from reports.importer.parse import parse_article
from reports.importer.records import ParseError
from tests.contract import assert_matches_contract, differences, load_expected

ROOT = Path(__file__).resolve().parents[1]
SEEDS = sorted((ROOT / "fixtures" / "seeds").glob("*.txt"))
EXPECTED = {row["file"]: row for row in load_expected(ROOT / "tests/data/seeds_expected.json")}


def parse(text: str):
    return parse_article(text, "snippet.txt")


def article(*paragraphs: str, title: str = "Pengamanan Tahapan Pemilu 2024 Berjalan Lancar") -> str:
    """A page with a headline and the given paragraphs, as scraped."""
    return "\n\n".join([title, *paragraphs])


# --- The seeds -------------------------------------------------------------------------


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.name)
def test_seed_article_matches_the_contract(path):
    record = parse_article(path.read_text(encoding="utf-8"), path.name)
    assert_matches_contract(record.as_contract(), EXPECTED[path.name])


def test_contract_comparison_names_the_differing_key():
    expected = EXPECTED[SEEDS[0].name]
    actual = dict(expected, regency="Kota Malang", police_units=["polres malang "])
    found = differences(actual, expected)
    assert len(found) == 1 and found[0].startswith("regency:")
    with pytest.raises(AssertionError, match="regency"):
        assert_matches_contract(actual, expected)


def test_seeds_parse_in_a_few_milliseconds():
    texts = [p.read_text(encoding="utf-8") for p in SEEDS]
    for text in texts:
        parse(text)
    start = time.perf_counter()
    for _ in range(10):
        for text in texts:
            parse(text)
    per_article = (time.perf_counter() - start) / (10 * len(texts))
    assert per_article < 0.05


# --- Robustness ------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["", "   \n\t", "0\n12\n", "BOSSMAN", "\x00\x01\x02"])
def test_text_without_a_headline_raises_parse_error(text):
    with pytest.raises(ParseError):
        parse(text)


def test_headline_without_a_story_raises_parse_error():
    with pytest.raises(ParseError, match="body"):
        parse("Polres Malang Siagakan Personel di Kantor KPU\n\n0\n12\n")


def test_random_text_raises_nothing_but_parse_error():
    rnd = random.Random(7)
    alphabet = 'aB .,-–"“”()/:\n0123456789PolresAKBP Iptu‘’\ufeff#*é漢😀'
    seed = SEEDS[0].read_text(encoding="utf-8")
    for _ in range(300):
        texts = [
            "".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 300))),
            seed[rnd.randint(0, len(seed)) :],
            seed.replace(" ", rnd.choice(['"', "\n", "-", ""])),
        ]
        for text in texts:
            with contextlib.suppress(ParseError):
                parse(text)


def test_huge_input_is_read_in_linear_time():
    start = time.perf_counter()
    with pytest.raises(ParseError):
        parse("-" * 3_000_000)
    text = article("MALANG - " + "Polres Malang kata AKBP Nama, " * 200_000)
    record = parse(text)
    assert any("long" in w for w in record.warnings)
    assert time.perf_counter() - start < 30


def test_non_text_input_raises_parse_error():
    with pytest.raises(ParseError):
        parse_article(b"bytes", "x.txt")  # type: ignore[arg-type]


# --- Headline and chrome ---------------------------------------------------------------


def test_title_skips_logo_lines_and_markdown():
    record = parse(
        "\n\n24Jam\n\n# Polres Contoh Amankan Pilkada 2024\n\nMALANG - Polres " + "a " * 40
    )
    assert record.title == "Polres Contoh Amankan Pilkada 2024"


def test_title_drops_a_scraped_date_prefix_and_gives_the_page_date():
    record = parse(
        article("KUPANG - Polda NTT siaga " + "x " * 40, title="date 2024-02-20 Polda NTT Siaga")
    )
    assert record.title == "Polda NTT Siaga"
    assert record.published_date == dt.date(2024, 2, 20)


def test_body_drops_chrome_and_keeps_paragraph_order():
    text = "\n".join(
        [
            "Polres Contoh Gelar Patroli Jelang Pilkada",
            "",
            "0",
            "12",
            "",
            "Polres Contoh Gelar Patroli Jelang Pilkada",
            "",
            "BANDUNG - Polres Contoh menggelar patroli dialogis ke sejumlah kampung hari ini.",
            "",
            "Baca Juga: Polres Lain Gelar Operasi Zebra 2024",
            "",
            "Patroli melibatkan anggota Samapta dan Bhabinkamtibmas di tiap desa setempat.",
            "",
            "Editor : Moch Ilham",
            "",
            "BERITA TERBARU",
            "",
            "Polres Lain Ungkap Kasus Narkoba",
            "TINGGALKAN KOMENTAR",
            "Silakan masukkan komentar anda!",
        ]
    )
    record = parse(text)
    assert record.body == (
        "BANDUNG - Polres Contoh menggelar patroli dialogis ke sejumlah kampung hari ini."
        "\n\nPatroli melibatkan anggota Samapta dan Bhabinkamtibmas di tiap desa setempat."
    )
    assert "Polres Lain" not in record.police_units


def test_sentence_broken_over_two_lines_is_one_paragraph():
    record = parse(
        article("PALU - Personel Polda Sulteng kembali melaksanakan", "pengamanan di KPU.")
    )
    assert record.body == "PALU - Personel Polda Sulteng kembali melaksanakan pengamanan di KPU."


def test_tribun_republication_note_is_not_body():
    record = parse(
        article(
            "JAKARTA - Polda Metro Jaya menjaga kantor KPU DKI Jakarta sepanjang malam ini.",
            "Artikel ini telah tayang di Tribunnews.com dengan judul Polda Metro Jaga KPU",
        )
    )
    assert "tayang" not in record.body


# --- Outlet, author, dateline ----------------------------------------------------------


@pytest.mark.parametrize(
    ("first_line", "place"),
    [
        ("MALANG - Polres Malang", "Malang"),
        ("PALANGKA RAYA - Personel Polda", "Palangka Raya"),
        ("Jember-Sebagai langkah antisipasi", "Jember"),
        ("SURABAYAPAGI.COM, Malang - Polres Malang", "Malang"),
        ("JAKARTA, KOMPAS.com - Polda Metro Jaya", "Jakarta"),
        ("Tanjung Selor (ANTARA) - Polres Bulungan", "Tanjung Selor"),
        ("Medan (harianSIB.com)-Polrestabes Medan", "Medan"),
        ("Pekanbaru - Polda Riau menyiagakan", "Pekanbaru"),
        ("Kota Bima, NTB - Polres Bima Kota", "Kota Bima"),
        ("Jakarta, CNN Indonesia -- Polri menyiagakan", "Jakarta"),
        ("BAU-BAU – Polres Baubau", "Bau-Bau"),
    ],
)
def test_dateline_with_outlet_domain_keeps_the_place(first_line, place):
    assert byline.find_dateline(first_line + " menggelar apel.").place == place


def test_story_opening_without_dateline_has_none():
    assert byline.find_dateline("Polres Malang melakukan penjagaan ketat di KPU.") is None
    record = parse(
        article("Polres Contoh melakukan penjagaan ketat di sekitar Kantor KPU hari ini.")
    )
    assert record.dateline is None


def test_outlet_from_byline_domain_and_author_before_it():
    text = "Judul Berita Polres Jember Amankan KPU\n\nSiswandi - JEMBER.BOSSMAN.CO.ID\n\n" + (
        "Jan 4, 2024 - 09:26\n\nJember - Polres Jember menjaga " + "kantor " * 20
    )
    record = parse(text)
    assert (record.outlet, record.author) == ("jember.bossman.co.id", "Siswandi")
    assert record.published_date == dt.date(2024, 1, 4)


def test_outlet_name_from_antara_dateline_and_pewarta_as_author():
    text = article(
        "Tanjung Selor (ANTARA) - Polres Bulungan mengamankan rapat pleno KPU.",
        "Pewarta: Budi Santoso",
        "Editor: Rina Wati",
        "COPYRIGHT © ANTARA 2024",
        title="Polres Bulungan Amankan Pleno KPU",
    )
    record = parse(text)
    assert (record.outlet, record.author) == ("antara", "Budi Santoso")


def test_outlet_byline_is_not_an_author():
    text = article(
        "Selasa, 13 Agu 2024 18:13 WIB",
        "SURABAYAPAGI.COM, Malang - Polres Malang menjaga netralitas seluruh jajaran.",
    ).replace("\n\nSelasa", "\n\nauthor surabayapagi.com\n\n- Pewarta\n\nSelasa")
    record = parse(text)
    assert (record.outlet, record.author) == ("surabayapagi.com", None)


def test_tribun_reporter_line_gives_author_and_outlet():
    text = article(
        "TRIBUNNEWS.COM, JAKARTA - Kapolres Metro Jakarta Selatan memimpin apel hari ini.",
        title="Kapolres Cek Kesiapan Personel",
    ).replace("\n\nTRIBUN", "\n\nLaporan Wartawan Tribunnews.com, Ibriza Fasti Ifhami\n\nTRIBUN")
    record = parse(text)
    assert (record.outlet, record.author) == ("tribunnews.com", "Ibriza Fasti Ifhami")


def test_detik_byline_without_domain_gives_printed_outlet():
    text = article(
        "Surabaya - Polrestabes Surabaya menyiapkan personel untuk Pilwali Surabaya.",
        title="Polrestabes Surabaya Siapkan Personel",
    ).replace("\n\nSurabaya -", "\n\nFaiq Azmi - detikJatim\n\nSurabaya -")
    record = parse(text)
    assert (record.outlet, record.author) == ("detikjatim", "Faiq Azmi")


def test_whatsapp_and_email_domains_are_not_outlets():
    record = parse(
        article(
            "MALANG - Warga bisa melapor ke wa.me/62811482000 atau humas@polri.go.id kapan saja.",
        )
    )
    assert record.outlet is None


def test_baca_juga_link_loses_to_the_dateline_domain():
    record = parse(
        article(
            "Semarang, tribratanews.jateng.polri.go.id - Polda Jateng siaga penuh hari ini.",
            "Baca Juga: https://www.radarsemarang.id/berita-lain",
        )
    )
    assert record.outlet == "tribratanews.jateng.polri.go.id"


# --- Dates -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "day"),
    [
        ("Nov 3, 2023 - 08:45", dt.date(2023, 11, 3)),
        ("Selasa, 13 Agu 2024 18:13 WIB", dt.date(2024, 8, 13)),
        ("3 November 2023", dt.date(2023, 11, 3)),
        ("03/11/2023", dt.date(2023, 11, 3)),
        ("Kamis, 2 Nopember 2023 | 10:00 WITA", dt.date(2023, 11, 2)),
        ("Diterbitkan: 2024-02-20", dt.date(2024, 2, 20)),
    ],
)
def test_page_date_forms(line, day):
    assert dates.is_date_line(line)
    assert dates.page_date([line]) == day


def test_sentence_with_a_date_is_not_a_date_line():
    assert not dates.is_date_line("Polres Malang menggelar apel pada 3 November 2023 di Mapolres")


@pytest.mark.parametrize(
    ("text", "published", "event"),
    [
        ("kata dia, Kamis (2/11/2023).", None, dt.date(2023, 11, 2)),
        ("di Malang, Selasa (13/8).", dt.date(2024, 8, 13), dt.date(2024, 8, 13)),
        ("pagi, Rabu (3/01/2024) pagi.", None, dt.date(2024, 1, 3)),
        ("Jumat (12/1/24)", None, dt.date(2024, 1, 12)),
        ("Jum'at (12/1)", dt.date(2024, 1, 13), dt.date(2024, 1, 12)),
        # a January page about a December event, and a December page about January
        ("Sabtu (30/12)", dt.date(2024, 1, 2), dt.date(2023, 12, 30)),
        ("Selasa (2/1)", dt.date(2023, 12, 30), dt.date(2024, 1, 2)),
        ("Senin (5/2)", None, dt.date(2024, 2, 5)),
        ("Kamis (31/2/2024)", None, None),
    ],
)
def test_event_date_from_weekday_pattern(text, published, event):
    assert dates.event_date(text, published) == event


# --- Elections and operations ----------------------------------------------------------


def test_kpu_and_bawaslu_names_do_not_make_a_pemilu_story():
    record = parse(
        article(
            "MALANG - Polres Malang mengamankan Kantor Komisi Pemilihan Umum (KPU) dan Badan "
            "Pengawas Pemilu (Bawaslu) menjelang pemilihan kepala daerah.",
            title="Polres Malang Jaga KPU Jelang Pilkada Serentak",
        )
    )
    assert record.elections == ["pilkada-2024"]


@pytest.mark.parametrize(
    ("words", "election"),
    [
        ("Pileg dan Pilpres", "pemilu-2024"),
        ("Pemilu Serentak 2024", "pemilu-2024"),
        ("Pilgub Jawa Tengah", "pilkada-2024"),
        ("Pilbup dan Pilwali", "pilkada-2024"),
        ("Pemilihan Gubernur dan Wakil Gubernur", "pilkada-2024"),
    ],
)
def test_election_words(words, election):
    record = parse(
        article(
            f"SEMARANG - Polda Jateng mengamankan tahapan {words} di wilayahnya.",
            title="Polda Jateng Siaga",
        )
    )
    assert record.elections == [election]


def test_past_elections_do_not_count():
    record = parse(
        article(
            "SEMARANG - Berkaca dari Pilkada 2020, Polda Jateng menyiagakan pasukan untuk Pemilu.",
            title="Polda Jateng Siaga",
        )
    )
    assert record.elections == ["pemilu-2024"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "dalam Operasi Mantap Praja Telabang 2024, dan OMP Telabang 2024",
            ["Operasi Mantap Praja Telabang 2024"],
        ),
        ("diperkuat dengan pelaksanaan Operasi Mantap Praja, fokus", ["Operasi Mantap Praja"]),
        ("Operasi Mantap Brata Candi 2023-2024 digelar", ["Operasi Mantap Brata Candi 2023-2024"]),
        (
            "OMB Seligi 2023/2024 dan Ops Mantap Brata Seligi",
            ["Operasi Mantap Brata Seligi 2023-2024"],
        ),
        ("Operasi Mantap Praja Tahun 2024 dimulai", ["Operasi Mantap Praja 2024"]),
        ("Operasi Patuh Semeru 2024 dan Operasi Zebra, Operasi Lilin", []),
    ],
)
def test_operations_are_expanded_and_deduplicated(text, expected):
    record = parse(article(f"MEDAN - Personel dikerahkan {text} di seluruh wilayah hukum."))
    assert record.operations == expected


# --- Police units and region -----------------------------------------------------------


def test_named_chief_implies_the_unit_and_generic_units_are_left_out():
    record = parse(
        article(
            "SERANG - Kapolres Serang AKBP Condro Sasongko memimpin apel bersama Polsek jajaran.",
            title="Apel Siaga Pilkada",
        )
    )
    assert record.police_units == ["Polres Serang"]
    assert (record.province, record.regency) == ("Banten", "Kabupaten Serang")


def test_units_in_a_title_case_headline_stop_at_the_verb():
    record = parse(
        article(
            "JEMBER - Personel berjaga di gudang logistik selama 24 jam.",
            title="Polres Jember Pastikan Gudang KPU Aman",
        )
    )
    assert record.police_units == ["Polres Jember"]


def test_polda_story_has_no_regency():
    record = parse(
        article(
            "PALU - Polda Sulawesi Tengah (Sulteng) menggelar apel di lapangan Polresta Palu.",
            title="Polda Sulteng Gelar Apel Pengamanan Pilkada",
        )
    )
    assert record.police_units == ["Polda Sulawesi Tengah", "Polresta Palu"]
    assert (record.province, record.regency) == ("Sulawesi Tengah", None)


def test_metro_jakarta_unit_gives_jakarta_regions():
    record = parse(article("JAKARTA - Polres Metro Jakarta Selatan menyiagakan personel di TPS."))
    assert record.police_units == ["Polres Metro Jakarta Selatan"]
    assert record.province == "Daerah Khusus Ibukota Jakarta"
    assert record.regency == "Kota Administrasi Jakarta Selatan"


def test_polsek_story_is_placed_by_the_regency_named_in_it():
    record = parse(
        article(
            "PASURUAN - Kapolsek Sukorejo AKP Slamet Riyadi memantau gudang di Kecamatan "
            "Sukorejo, Kabupaten Pasuruan.",
            title="Polsek Sukorejo Amankan Gudang Logistik Pemilu",
        )
    )
    assert record.police_units == ["Polsek Sukorejo"]
    assert record.regency == "Kabupaten Pasuruan"


def test_unit_only_in_baca_juga_is_not_listed():
    record = parse(
        article(
            "MALANG - Polres Malang menggelar rapat koordinasi di aula hari ini.",
            "Baca Juga: Polresta Malang Kota Gelar Turnamen Voli",
        )
    )
    assert "Polresta Malang Kota" not in record.police_units


def test_province_falls_back_to_the_dateline_place():
    record = parse(article("PEKANBARU - Tim gabungan menjaga gudang logistik KPU semalaman."))
    assert record.police_units == []
    assert (record.province, record.regency) == ("Riau", None)


# --- People ----------------------------------------------------------------------------


def people_of(*paragraphs):
    return {p.name: (p.rank, p.position) for p in parse(article(*paragraphs)).people}


def test_spelled_out_rank_is_abbreviated_and_position_kept_as_written():
    found = people_of(
        '"Aman," kata Wakil Kepala Kepolisian Resor Malang Komisaris Polisi Imam Mustolih.'
    )
    assert found == {"Imam Mustolih": ("Kompol", "Wakil Kepala Kepolisian Resor Malang")}


def test_spelled_out_position_with_abbreviation_uses_the_abbreviation():
    found = people_of(
        "Kepala Bagian Operasi (Kabag Ops) Polres Gresik Kompol Rudi Hartono mengecek TPS."
    )
    assert found == {"Rudi Hartono": ("Kompol", "Kabag Ops Polres Gresik")}


def test_high_ranks_get_pol_and_degrees_are_dropped():
    found = people_of(
        "Kapolda Jatim Irjen Imam Sugianto dan Kabid Humas Kombes Pol. Dirmanto, S.H., M.Si., "
        "serta Kapolres Jember AKBP Moh Nurhidayat SIK MM meninjau TPS."
    )
    assert found == {
        "Imam Sugianto": ("Irjen Pol", "Kapolda Jatim"),
        "Dirmanto": ("Kombes Pol", "Kabid Humas"),
        "Moh Nurhidayat": ("AKBP", "Kapolres Jember"),
    }


def test_chief_named_through_melalui_is_a_person():
    found = people_of(
        "Kapolres Malang, AKBP Putu Kholis Aryana melalui Kasihumas Iptu Ahmad Taufik, "
        "mengatakan pengamanan berjalan lancar."
    )
    assert found == {
        "Putu Kholis Aryana": ("AKBP", "Kapolres Malang"),
        "Ahmad Taufik": ("Iptu", "Kasihumas"),
    }


def test_tni_officer_keeps_rank_and_corps():
    found = people_of("Dandim 0824/Jember Letkol Inf Rizal Fahmi hadir dalam apel tersebut.")
    assert found == {"Rizal Fahmi": ("Letkol Inf", "Dandim 0824/Jember")}


def test_civilians_with_positions_have_no_rank():
    found = people_of(
        "Ketua KPU Kabupaten Malang, Muhammad Hisyam, mengapresiasi kesiapan aparat.",
        "Pj Bupati Bima, Drs. H. Ahmad Yani, turut hadir.",
    )
    assert found == {
        "Muhammad Hisyam": (None, "Ketua KPU Kabupaten Malang"),
        "Ahmad Yani": (None, "Pj Bupati Bima"),
    }


def test_shorter_forms_of_a_name_are_the_same_person():
    record = parse(
        article(
            "Kasihumas Polres Malang, Ipda Dicka Ermantara, menjelaskan patroli.",
            '"Patroli ini rutin," ujar Ipda Dicka.',
            "Dicka menambahkan bahwa warga bisa melapor.",
        )
    )
    assert [p.name for p in record.people] == ["Dicka Ermantara"]


def test_position_after_the_name():
    found = people_of("AKBP Ronny Sidabutar, Kapolres Bulungan, memimpin apel pagi ini.")
    assert found == {"Ronny Sidabutar": ("AKBP", "Kapolres Bulungan")}


# --- Quotes ----------------------------------------------------------------------------


def quotes_of(*paragraphs):
    return [(q.speaker, q.text_start) for q in parse(article(*paragraphs)).quotes]


def test_quote_speaker_from_pronoun_verbs_and_names():
    found = quotes_of(
        "Kabag Ops Polres Jember, Kompol Toha, memimpin pengamanan.",
        "“Kami berjaga penuh selama tahapan berlangsung,” kata Kompol Toha.",
        '"Kami siap," ucapnya.',
        '"Gudang aman dan terkendali," pungkas Kabag Ops.',
        '"Warga tenang saja," ujar Toha.',
        '"Semua sudah siap," ucap dia.',
    )
    assert found == [
        ("Toha", "Kami berjaga penuh selama tahapan berlangsung"),
        ("Toha", "Kami siap"),
        ("Toha", "Gudang aman dan terkendali"),
        ("Toha", "Warga tenang saja"),
        ("Toha", "Semua sudah siap"),
    ]


def test_quote_speaker_named_before_the_quote():
    found = quotes_of(
        "Kasatgashumas Kombes Pol Erlan Munaji memantau kantor KPU.",
        "Ketua KPU Kalteng, Harmain Ibrohim, juga hadir.",
        'Erlan mengatakan, "Kami pastikan setiap personel paham tugasnya."',
    )
    assert found == [("Erlan Munaji", "Kami pastikan setiap personel paham tugasnya")]


def test_quote_of_a_civilian_after_an_officer():
    found = quotes_of(
        "Kapolres Bulungan AKBP Ronny Sidabutar memimpin apel.",
        "Ketua KPU Bulungan, Lili Suryani, mengapresiasi kesiapan aparat.",
        '"Terima kasih kepada TNI-Polri yang telah mengawal," ujar Lili.',
    )
    assert found == [("Lili Suryani", "Terima kasih kepada TNI-Polri yang telah")]


def test_multi_paragraph_quote_is_one_span():
    found = quotes_of(
        "Kapolres Batu AKBP Andi Yudha memberi arahan.",
        '"Kami akan terus hadir di tengah masyarakat sampai selesai.',
        '"Kami juga mengimbau masyarakat menahan diri," lanjutnya.',
    )
    assert found == [("Andi Yudha", "Kami akan terus hadir di tengah")]


def test_scare_quoted_terms_are_not_quotes():
    found = quotes_of(
        'MALANG - Polres Malang memakai istilah "cooling system" untuk meredam suasana.',
        'Kegiatan bertema "Pemilu Damai" itu diikuti warga.',
    )
    assert found == []


def test_quote_without_any_speaker_has_none():
    found = quotes_of(
        '"Pemilu damai adalah tanggung jawab kita bersama semua warga," tulis spanduk itu.'
    )
    assert found == [(None, "Pemilu damai adalah tanggung jawab kita")]


# --- Personnel count -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "count"),
    [
        ("Petugas yang disiagakan di gudang KPU berjumlah 6 orang.", 6),
        ("Polda Jatim menerjunkan sebanyak 1.250 personel.", 1250),
        ("Pengamanan melibatkan 300 personel gabungan TNI-Polri.", 300),
        ("Polres menerjunkan 150 personil ke TPS.", 150),
        ("Petugas berjaga 24 jam dan warga bisa menghubungi Call Center 110.", None),
        ("Hubungi nomor 0811-48-2000 kapan saja, Kamis (2/11/2023).", None),
        ("Setiap TPS dijaga 2 personel.", None),
        ("Pemantauan melibatkan tiga personel yang berjaga di pintu gudang.", None),
        ("Sebanyak 500 orang warga hadir dalam deklarasi damai.", None),
    ],
)
def test_personnel_count(sentence, count):
    record = parse(article(f"MALANG - Polres Malang mengamankan gudang logistik. {sentence}"))
    assert record.personnel_count == count


# --- Warnings --------------------------------------------------------------------------


def test_warnings_tell_the_editor_what_to_check():
    record = parse(article("MALANG - Polres Antah Berantah berjaga."))
    text = " ".join(record.warnings)
    assert "publication date" in text
    assert "Polres Antah Berantah" in text
    assert "short" in text


# --- More conventions ------------------------------------------------------------------


def test_position_up_to_a_comma_and_village_or_district_places():
    found = people_of(
        "Komisioner KPU Divisi Teknis Penyelenggaraan, Dewi Sartika, menjelaskan tahapan.",
        "Kegiatan dihadiri Camat Kaliwates Bambang Sutejo dan Kepala Desa Sengon, Warsito.",
    )
    assert found == {
        "Dewi Sartika": (None, "Komisioner KPU Divisi Teknis Penyelenggaraan"),
        "Bambang Sutejo": (None, "Camat Kaliwates"),
        "Warsito": (None, "Kepala Desa Sengon"),
    }


def test_rank_spelled_out_with_its_abbreviation_in_brackets():
    found = people_of(
        "Kepala Kepolisian Resor (Kapolres) Malang Ajun Komisaris Besar Polisi (AKBP) "
        "Putu Kholis Aryana memimpin apel."
    )
    assert found == {"Putu Kholis Aryana": ("AKBP", "Kapolres Malang")}


def test_officer_rank_after_a_position_is_not_part_of_it():
    found = people_of(
        "Kapolresta didampingi Kabag Ops Kompol Bagus Rahmat dan Kasat Intelkam AKP Ronald "
        "Sipayung."
    )
    assert found == {
        "Bagus Rahmat": ("Kompol", "Kabag Ops"),
        "Ronald Sipayung": ("AKP", "Kasat Intelkam"),
    }


def test_tni_high_ranks_and_chief_of_police():
    found = people_of(
        "Kapolri Jenderal Polisi Drs. Listyo Sigit Prabowo, M.Si. dan Pangdam V/Brawijaya "
        "Mayjen TNI Rafael Granada Baay memimpin apel."
    )
    assert found == {
        "Listyo Sigit Prabowo": ("Jenderal Pol", "Kapolri"),
        "Rafael Granada Baay": ("Mayjen TNI", "Pangdam V/Brawijaya"),
    }


def test_attribution_to_a_position_and_through_a_spokesperson():
    found = quotes_of(
        "Kapolresta Samarinda Kombes Pol Ary Fadli melalui Kasi Humas AKP Novi Saputro hadir.",
        '"Kami ingin masyarakat merasa aman," ujar Kapolresta melalui Kasi Humas AKP Novi.',
        '"Patroli terus berjalan," kata Kapolresta.',
    )
    assert found == [
        ("Novi Saputro", "Kami ingin masyarakat merasa aman"),
        ("Ary Fadli", "Patroli terus berjalan"),
    ]


def test_first_quote_with_nya_goes_to_the_last_person_named():
    found = quotes_of(
        "Kapolres Batu AKBP Andi Yudha memberi arahan kepada personel.",
        '"Jaga netralitas," tegasnya.',
    )
    assert found == [("Andi Yudha", "Jaga netralitas")]


@pytest.mark.parametrize(
    ("text", "event"),
    [
        ("Sabtu-Minggu (2-3/11/2024)", dt.date(2024, 11, 2)),
        ("pada Kamis 2/11/2023 lalu", dt.date(2023, 11, 2)),
        ("pada Kamis, 2 November 2023 lalu", dt.date(2023, 11, 2)),
    ],
)
def test_event_date_variants(text, event):
    assert dates.event_date(text, None) == event


def test_outlet_only_dateline_has_no_place_and_byline_line_gives_the_date():
    text = "\n\n".join(
        [
            "POLRI SIAPKAN 434 RIBU PERSONEL AMANKAN PEMILU 2024",
            "By Admin | Kamis, 8 Februari 2024 - 10:11",
            "KOMPAS.com - Polri menyiapkan personel untuk mengamankan Pemilu 2024 nanti.",
        ]
    )
    record = parse(text)
    assert (record.dateline, record.outlet) == (None, "kompas.com")
    assert record.published_date == dt.date(2024, 2, 8)
    assert record.author is None
    assert record.personnel_count == 434_000


def test_menu_line_above_the_headline_is_skipped():
    text = "Home Berita Daerah Nasional Olahraga\n\nPolres Blitar Siagakan Personel\n\n" + (
        "BLITAR - Polres Blitar menyiagakan personel di gudang logistik KPU hari ini."
    )
    assert parse(text).title == "Polres Blitar Siagakan Personel"


def test_counts_of_election_staff_are_not_personnel():
    record = parse(article("MALANG - Sebanyak 7 anggota KPPS dilantik di setiap desa hari ini."))
    assert record.personnel_count is None


def test_repeated_headline_beats_a_sidebar_headline_above_it():
    text = "\n\n".join(
        [
            "BERITA TERPOPULER",
            "Polres Lain Ungkap Kasus Narkoba Besar",
            "Polres Blitar Siagakan Personel di KPU",
            "Polres Blitar Siagakan Personel di KPU",
            "BLITAR - Polres Blitar menyiagakan personel di gudang logistik KPU hari ini.",
        ]
    )
    record = parse(text)
    assert record.title == "Polres Blitar Siagakan Personel di KPU"
    assert record.police_units == ["Polres Blitar"]


def test_headline_in_sentence_case_is_still_a_headline():
    text = "Polres malang tingkatkan patroli jelang pilkada serentak tahun 2024\n\n" + (
        "MALANG - Polres Malang meningkatkan patroli di wilayah hukumnya hari ini."
    )
    assert parse(text).title.startswith("Polres malang tingkatkan")


def test_civilians_named_with_an_age_or_only_as_speakers_are_people():
    record = parse(
        article(
            "MALANG - Salah satu warga, Budi Santoso (45), mengaku senang dengan patroli polisi.",
            '"Kami merasa aman," kata Budi.',
            '"Pelayanan bagus sekali," ujar Rina, warga lain.',
            '"Semua baik," kata Kapolres.',
        )
    )
    assert [(p.name, p.rank, p.position) for p in record.people] == [
        ("Budi Santoso", None, None),
        ("Rina", None, None),
    ]
    assert [q.speaker for q in record.quotes] == ["Budi Santoso", "Rina", None]


def test_speaker_introduced_by_position_before_a_colon():
    found = quotes_of(
        "MALANG - Kapolres Malang AKBP Putu Kholis Aryana memimpin apel bersama Kasihumas "
        "Iptu Ahmad Taufik.",
        "Kapolres menyampaikan sejumlah pesan kepada personel:",
        '"Jaga netralitas dan jangan terprovokasi isu hoaks di media sosial."',
    )
    assert found == [("Putu Kholis Aryana", "Jaga netralitas dan jangan terprovokasi isu")]


def test_photo_credit_domain_beats_a_baca_juga_link():
    record = parse(
        article(
            "MALANG - Polres Malang menyiagakan personel di gudang logistik KPU hari ini.",
            "Baca Juga: https://lain.com/berita-lain",
            "Foto: Dok. humas.polresmalang.id",
        )
    )
    assert record.outlet == "humas.polresmalang.id"


# --- Generalisation rules (own snippets; none is taken from an evaluation article) -----


def test_site_tagline_and_section_label_are_not_the_headline():
    text = "\n\n".join(
        [
            "WARTASIDOARJO.COM",
            "Kabar Sidoarjo Terkini dan Terpercaya",
            "Jawa Timur | Sidoarjo",
            "Polresta Sidoarjo Kerahkan 900 Personel Amankan Pleno KPU",
            "Kamis, 5 Desember 2024 | 09:10 WIB",
            "SIDOARJO - Polresta Sidoarjo mengerahkan 900 personel untuk mengamankan pleno.",
        ]
    )
    assert parse(text).title == "Polresta Sidoarjo Kerahkan 900 Personel Amankan Pleno KPU"


@pytest.mark.parametrize(
    "banner",
    [
        "Berita Utama | Sidoarjo | Pilkada 2024",
        "WARTASIDOARJO.COM | Berita Sidoarjo Terkini",
        "Info Sidoarjo Hari Ini",
    ],
)
def test_banner_lines_with_bars_or_only_label_words_are_skipped(banner):
    text = "\n\n".join(
        [
            banner,
            "Polresta Sidoarjo Jaga Gudang Logistik Pilkada",
            "SIDOARJO - Polresta Sidoarjo menjaga gudang logistik KPU sepanjang malam ini.",
        ]
    )
    assert parse(text).title == "Polresta Sidoarjo Jaga Gudang Logistik Pilkada"


def test_news_agency_tagline_is_not_the_headline_of_a_sentence_case_one():
    # "Kantor berita" is a news agency: its tagline is a label (even with the page's date
    # under it), so the headline in sentence case below it is the headline.
    text = "\n\n".join(
        [
            "Kantor Berita Jawa Timur",
            "Kamis, 5 Desember 2024",
            "Polres Tuban kerahkan 300 personel untuk kawal rapat pleno KPU",
            "Tuban (ANTARA) - Polres Tuban mengerahkan 300 personel untuk mengawal pleno KPU.",
        ]
    )
    assert parse(text).title == "Polres Tuban kerahkan 300 personel untuk kawal rapat pleno KPU"


def test_cookie_banner_does_not_end_the_headline_search():
    text = "\n\n".join(
        [
            "Portal Berita Jember",
            "Kami menggunakan cookie agar situs berjalan baik. Dengan melanjutkan, Anda "
            "menyetujui kebijakan privasi kami. [Terima]",
            "Polres Jember Patroli ke Gudang Logistik KPU",
            "JEMBER - Polres Jember menggelar patroli ke gudang logistik KPU pada malam hari.",
        ]
    )
    record = parse(text)
    assert record.title == "Polres Jember Patroli ke Gudang Logistik KPU"
    assert "cookie" not in record.body


def test_headline_shares_words_with_the_lead_over_a_sidebar_headline():
    text = "\n\n".join(
        [
            "Polres Lain Bekuk Pengedar Sabu di Terminal",
            "12 Feb 2024",
            "Polres Klaten Siagakan Personel di Gudang Logistik",
            "12 Feb 2024",
            "KLATEN - Polres Klaten menyiagakan personel di gudang logistik KPU Klaten.",
        ]
    )
    assert parse(text).title == "Polres Klaten Siagakan Personel di Gudang Logistik"


def test_headline_made_only_of_label_words_is_kept_when_nothing_else_is_found():
    text = "Pilkada Jawa Timur\n\nSURABAYA - Polda Jatim menyiagakan personel di seluruh wilayah."
    assert parse(text).title == "Pilkada Jawa Timur"


@pytest.mark.parametrize(
    ("dateline_line", "place", "outlet"),
    [
        ("Sampit (sampitpos.id)", "Sampit", "sampitpos.id"),
        ("KANDANGAN -", "Kandangan", None),
    ],
)
def test_dateline_on_a_line_of_its_own_opens_the_first_paragraph(dateline_line, place, outlet):
    text = "\n\n".join(
        [
            "Polres Kotim Siagakan Personel di Gudang KPU",
            "Senin, 25 November 2024",
            f"{dateline_line}\nPolres Kotawaringin Timur menyiagakan personel di gudang KPU.",
        ]
    )
    record = parse(text)
    assert record.dateline == place
    assert record.outlet == outlet
    assert record.body.startswith(dateline_line)


def test_hyphenated_site_domain_is_not_a_name_byline():
    text = "\n\n".join(
        [
            "RADAR-BANYUWANGI.COM",
            "Polresta Banyuwangi Jaga Rekapitulasi Suara",
            "Laporan Wartawan Radar Banyuwangi, Dewi Kartika",
            "BANYUWANGI - Polresta Banyuwangi menjaga rekapitulasi suara di kantor KPU.",
        ]
    )
    record = parse(text)
    assert record.author == "Dewi Kartika"
    assert record.outlet == "radar-banyuwangi.com"


def test_laporan_line_names_the_outlet_when_no_domain_is_printed():
    text = "\n\n".join(
        [
            "Polresta Jambi Jaga Rekapitulasi Suara",
            "Laporan Wartawan Tribun Jambi, Rara Wulandari",
            "JAMBI - Polresta Jambi menjaga rekapitulasi suara di kantor KPU Kota Jambi.",
        ]
    )
    record = parse(text)
    assert (record.author, record.outlet) == ("Rara Wulandari", "tribun jambi")


def test_spelled_out_titles_take_their_bracketed_abbreviation():
    found = people_of(
        "Ketua Komisi Pemilihan Umum (KPU) Kabupaten Kudus Ahmad Syafii hadir.",
        "Komandan Distrik Militer (Dandim) 0722/Kudus Letkol Inf Yudha Pratama ikut hadir.",
        "Pelaksana Tugas (Plt) Bupati Kudus Hendra Wijaya, S.H. membuka rapat.",
        "Kepala Seksi Hubungan Masyarakat (Kasi Humas) Polres Kudus AKP Sutarno menambahkan.",
    )
    assert found == {
        "Ahmad Syafii": (None, "Ketua KPU Kabupaten Kudus"),
        "Yudha Pratama": ("Letkol Inf", "Dandim 0722/Kudus"),
        "Hendra Wijaya": (None, "Plt Bupati Kudus"),
        "Sutarno": ("AKP", "Kasi Humas Polres Kudus"),
    }


def test_a_bracketed_place_short_form_is_dropped_from_a_position():
    found = people_of("Kapolres Kotawaringin Barat (Kobar) AKBP Yusfandi Usman memimpin apel.")
    assert found == {"Yusfandi Usman": ("AKBP", "Kapolres Kotawaringin Barat")}


def test_words_of_a_spelled_out_unit_are_never_a_name():
    found = people_of(
        "Kepala Bagian Sumber Daya (Kabag SDM) Polres Kudus Kompol Budi Lestari hadir.",
        "Kepala Subbagian Humas (Kasubbag Humas) Polres Kudus Iptu Rina Melati menjelaskan.",
        "Kasubbid Penmas Bidhumas Polda Jateng AKBP Sri Wahyuni menyampaikan hal itu.",
    )
    assert set(found) == {"Budi Lestari", "Rina Melati", "Sri Wahyuni"}


def test_acting_prefix_and_degrees_around_a_civilian_name():
    found = people_of(
        "Apel dihadiri Pj Gubernur Jawa Tengah Dr. H. Nana Sudjana, M.Si., dan Forkopimda.",
        "Penjabat Sementara (Pjs) Bupati Kudus Drs. Bergas Catursasi, M.M. ikut memantau.",
    )
    assert found == {
        "Nana Sudjana": (None, "Pj Gubernur Jawa Tengah"),
        "Bergas Catursasi": (None, "Pjs Bupati Kudus"),
    }


def test_a_name_ends_at_its_degrees_before_the_next_sentence():
    found = people_of(
        "Apel dipimpin Kapolda Jawa Tengah Irjen Pol Drs. Ahmad Luthfi, S.H. Sebanyak 900 "
        "personel ikut apel."
    )
    assert found == {"Ahmad Luthfi": ("Irjen Pol", "Kapolda Jawa Tengah")}


def test_civilian_named_before_a_position_after_a_comma():
    found = people_of(
        "Sementara itu, Dewi Anggraini Putri, Ketua Bawaslu Kota Kudus, memastikan "
        "pengawasan berjalan."
    )
    assert found == {"Dewi Anggraini Putri": (None, "Ketua Bawaslu Kota Kudus")}


def test_village_head_position_takes_the_village_name():
    found = people_of(
        "Lurah Sukamaju Rudi Hartanto menyambut patroli itu.",
        "Perbekel Sayan I Made Arta juga hadir.",
    )
    assert found == {
        "Rudi Hartanto": (None, "Lurah Sukamaju"),
        "I Made Arta": (None, "Perbekel Sayan"),
    }


def test_long_organisation_name_runs_to_its_area_or_to_an_honorific():
    found = people_of(
        "Kepala Dinas Pendidikan dan Kebudayaan Kota Kudus Sri Lestari meninjau TPS.",
        "Kepala Badan Kesatuan Bangsa dan Politik Kota Kudus Drs. H. Anwar Hadi ikut hadir.",
    )
    assert found == {
        "Sri Lestari": (None, "Kepala Dinas Pendidikan dan Kebudayaan Kota Kudus"),
        "Anwar Hadi": (None, "Kepala Badan Kesatuan Bangsa dan Politik Kota Kudus"),
    }


def test_quote_after_a_new_subject_in_narrative_is_theirs():
    found = quotes_of(
        "KUDUS - Kapolres Kudus AKBP Ronni Bonic memimpin patroli.",
        '"Kami jaga setiap TPS sampai penghitungan selesai," kata Ronni.',
        "Ketua KPU Kabupaten Kudus, Ahmad Fauzi, mengapresiasi kehadiran polisi.",
        '"Penyelenggara bisa bekerja dengan tenang karena pengamanan ini," ujarnya.',
        "Seorang warga, Budi Raharjo (52), mengaku senang melihat patroli.",
        '"Kami jadi berani datang ke TPS pagi-pagi sekali," katanya.',
    )
    assert [speaker for speaker, _ in found] == ["Ronni Bonic", "Ahmad Fauzi", "Budi Raharjo"]


def test_few_officers_at_one_kind_of_post_are_not_a_total():
    record = parse(
        article(
            "KUDUS - Untuk TPS sangat rawan, pihaknya menempatkan tiga personel dibantu Linmas.",
        )
    )
    assert record.personnel_count is None
    record = parse(article("KUDUS - Polres Kudus menempatkan 420 personel di 1.600 TPS."))
    assert record.personnel_count == 420


@pytest.mark.parametrize(
    ("sentence", "count"),
    [
        ("Sekitar 640 personel telah bergeser ke TPS sejak sore.", 640),
        ("Kapolda mengecek kesiapan 2.300 personel pengamanan.", 2300),
        ("Sebanyak 75 personel siap mengawal logistik.", 75),
    ],
)
def test_deployment_totals_in_other_phrasings(sentence, count):
    assert parse(article(f"KUDUS - {sentence}")).personnel_count == count


def test_unit_short_form_defined_in_the_story_is_the_same_unit():
    record = parse(
        article(
            "KANDANGAN - Kepolisian Resor Hulu Sungai Selatan (HSS) menggelar apel pasukan.",
            "Kapolres HSS AKBP Joko Santoso memimpin apel itu.",
            title="Polres HSS Gelar Apel Pergeseran Pasukan Pilkada",
        )
    )
    assert record.police_units == ["Polres Hulu Sungai Selatan"]
    assert record.regency == "Kabupaten Hulu Sungai Selatan"


def test_press_short_form_of_a_polres_from_the_units_table():
    record = parse(
        article(
            "PRAYA - Polres Loteng menggelar patroli ke gudang logistik KPU.",
            title="Polres Loteng Patroli ke Gudang KPU",
        )
    )
    assert record.police_units == ["Polres Lombok Tengah"]
    assert record.regency == "Kabupaten Lombok Tengah"


def test_polres_named_like_a_unit_of_another_province_follows_the_polda():
    record = parse(
        article(
            "MARTAPURA - Polres Banjar, Polda Kalimantan Selatan, mengawal logistik Pilkada.",
            title="Polres Banjar Kawal Logistik Pilkada",
        )
    )
    assert (record.province, record.regency) == ("Kalimantan Selatan", "Kabupaten Banjar")


# --- Rules from the second dev set (kinds of failure; own snippets, no article's strings) --


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "bagian dari Operasi Mantap Brata Sapu Jagad 2023-2024.",
            ["Operasi Mantap Brata Sapu Jagad 2023-2024"],
        ),
        (
            "dalam OMP Tirta Kencana 2024-2025 yang",
            ["Operasi Mantap Praja Tirta Kencana 2024-2025"],
        ),
        ("Operasi Mantap Praja Sapu Jagad yang digelar", ["Operasi Mantap Praja Sapu Jagad"]),
        ("Operasi Mantap Praja Tirta II 2024", ["Operasi Mantap Praja Tirta II 2024"]),
        ("OMP Tirta-2024 dan OMP Tirta", ["Operasi Mantap Praja Tirta 2024"]),
        ("OMB Rinjani Polres Lombok Timur", ["Operasi Mantap Brata Rinjani"]),
        ("Operasi Mantap Praja Kapolres Bima AKBP Eko Sutomo", ["Operasi Mantap Praja"]),
    ],
)
def test_operation_code_names_of_several_words(text, expected):
    record = parse(article(f"MEDAN - Personel dikerahkan {text} di seluruh wilayah hukum."))
    assert record.operations == expected


def test_code_name_of_several_words_in_a_headline_needs_its_year():
    record = parse(
        article(
            "MEDAN - Polda Sumut menggelar apel pasukan di Lapangan Merdeka Medan.",
            title="Polda Sumut Gelar Apel Operasi Mantap Praja Sapu Jagad 2024",
        )
    )
    assert record.operations == ["Operasi Mantap Praja Sapu Jagad 2024"]


def test_outlet_printed_only_as_a_name_in_the_copyright_or_the_logo():
    story = "RAHA – Polres Muna menyisir permukiman warga pada masa tenang Pemilu 2024."
    page = "\n\n".join(
        [
            "SUARA LEMBAH",
            "Berita Sulawesi Terkini",
            "Polres Muna Sisir Permukiman Warga di Masa Tenang",
            story,
            "Copyright © 2024 Suara Lembah. All rights reserved.",
        ]
    )
    assert parse(page).outlet == "suara lembah"
    logo_only = "\n\n".join(["KABAR LEMBAH", "Polres Muna Sisir Permukiman Warga", story])
    assert parse(logo_only).outlet == "kabar lembah"
    menu_only = "\n\n".join(["Beranda › Berita", "Polres Muna Sisir Permukiman Warga", story])
    assert parse(menu_only).outlet is None
    title_suffix = "\n\n".join(
        [
            "Polres Muna Sisir Permukiman Warga - Kabar Lembah Online",
            "Beranda / Peristiwa",
            "Polres Muna Sisir Permukiman Warga",
            story,
        ]
    )
    assert parse(title_suffix).outlet == "kabar lembah online"


def test_a_domain_still_beats_a_printed_name():
    page = "\n\n".join(
        [
            "SUARA LEMBAH",
            "Polres Muna Sisir Permukiman Warga di Masa Tenang",
            "RAHA, suaralembah.id – Polres Muna menyisir permukiman warga pada masa tenang.",
            "© 2024 Suara Lembah",
        ]
    )
    assert parse(page).outlet == "suaralembah.id"


def test_polresta_followed_by_a_verb_or_a_pronoun_is_not_a_unit():
    record = parse(
        article(
            "SORONG - Polresta Sorong Kota menurunkan 200 personel untuk mengamankan pleno.",
            "Kegiatan itu dipantau langsung oleh Kapolresta. Ia meminta personel waspada.",
            title="Polresta Siagakan 200 Personel Jaga Gudang Logistik",
        )
    )
    assert record.police_units == ["Polresta Sorong Kota"]


def test_unknown_unit_of_a_headline_is_kept_only_when_the_story_names_it():
    record = parse(
        article(
            "BIMA - Polres Bima Kota mengawal logistik Pilkada ke kecamatan.",
            title="Polres Kawal Logistik Pilkada ke Kecamatan",
        )
    )
    assert record.police_units == ["Polres Bima Kota"]


def test_long_official_unit_name_with_two_places(tmp_path, monkeypatch):
    from reports.importer import units

    table = tmp_path / "police_units.csv"
    table.write_text(
        "name,level,regency_code,polda,aliases,source\n"
        "Polresta Contoh,polresta,35.07,Polda Jawa Timur,"
        "Polresta Pulau Contoh dan Pulau-Pulau Seberang,test\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(units, "UNITS_CSV", table)
    record = parse(
        article(
            "KEPANJEN - Kepolisian Resor Kota Pulau Contoh dan Pulau-Pulau Seberang (Polresta "
            "Contoh) menggelar apel pergeseran pasukan.",
            "Apel dipimpin Kapolresta Pulau Contoh dan Pulau-Pulau Seberang Kombes Hendra "
            "Wijaya, S.I.K. dan dihadiri Bupati Malang Sanusi.",
        )
    )
    assert record.police_units == ["Polresta Contoh"]
    assert record.regency == "Kabupaten Malang"
    people = {p.name: p for p in record.people}
    assert set(people) == {"Hendra Wijaya", "Sanusi"}
    assert people["Hendra Wijaya"].position == "Kapolresta Pulau Contoh dan Pulau-Pulau Seberang"
    assert people["Hendra Wijaya"].rank == "Kombes Pol"


def test_unit_name_with_a_bracketed_short_form_inside():
    record = parse(
        article("MUARADUA - Polres Ogan Komering Ulu (OKU) Selatan menggelar patroli skala besar.")
    )
    assert record.police_units == ["Polres Ogan Komering Ulu Selatan"]


@pytest.mark.parametrize(
    ("sentence", "name", "position"),
    [
        (
            "Sementara itu, anggota Bawaslu Kota Palu Rahmawati Lamato, S.H. mengatakan "
            "pengawasan berjalan.",
            "Rahmawati Lamato",
            "anggota Bawaslu Kota Palu",
        ),
        (
            "Sementara itu, Rahmawati Lamato, anggota Bawaslu Kota Palu, mengatakan "
            "pengawasan berjalan.",
            "Rahmawati Lamato",
            "anggota Bawaslu Kota Palu",
        ),
        (
            "Rahmat Hidayat selaku ketua PPK Kecamatan Mantikulore menyebut logistik lengkap.",
            "Rahmat Hidayat",
            "ketua PPK Kecamatan Mantikulore",
        ),
        (
            "Ketua Panwascam Playen Budi Raharjo mengatakan hal itu.",
            "Budi Raharjo",
            "Ketua Panwascam Playen",
        ),
        (
            "Panewu Playen Drs. Heru Sutopo, M.M. mengapresiasi kegiatan itu.",
            "Heru Sutopo",
            "Panewu Playen",
        ),
        (
            "Kepala Distrik Abepura Yan Pieter Mote mengatakan warga siap.",
            "Yan Pieter Mote",
            "Kepala Distrik Abepura",
        ),
        (
            "Mantri Pamong Praja Kraton Dwi Sutanto menyambut baik kegiatan itu.",
            "Dwi Sutanto",
            "Mantri Pamong Praja Kraton",
        ),
        (
            "Ketua KPU Sidrap, Hj. Andi Nurhikmah, S.Sos., mengucapkan terima kasih.",
            "Andi Nurhikmah",
            "Ketua KPU Sidrap",
        ),
        (
            "Menurut Kepala Pelaksana BPBD Sleman Makwan, jalur evakuasi aman.",
            "Makwan",
            "Kepala Pelaksana BPBD Sleman",
        ),
    ],
)
def test_civilian_titles_in_lower_case_and_regional_titles(sentence, name, position):
    record = parse(article(f"PALU - {sentence}"))
    assert [(p.name, p.rank, p.position) for p in record.people] == [(name, None, position)]


def test_a_lower_case_title_before_a_list_is_not_a_person():
    record = parse(
        article('PALU - "Kenali ketua KPPS, Linmas, dan tokoh setempat," kata Iptu Budi.')
    )
    assert [p.name for p in record.people] == ["Budi"]


def test_initials_inside_a_name_are_kept():
    record = parse(
        article("SENTANI - Kapolres Jayapura AKBP Markus R.T. Simanjuntak, S.I.K. hadir.")
    )
    assert [p.name for p in record.people] == ["Markus R.T. Simanjuntak"]


def test_long_balinese_name_and_abbreviated_name_words():
    record = parse(
        article(
            "GIANYAR - Kapolres Gianyar AKBP I Gusti Ngurah Agung Ari Wibawa, S.I.K. dan "
            "Kasat Samapta AKP Andi Muh. Takdir memimpin apel."
        )
    )
    assert [p.name for p in record.people] == [
        "I Gusti Ngurah Agung Ari Wibawa",
        "Andi Muh. Takdir",
    ]


def test_pihaknya_before_a_quote_is_the_last_speaker():
    record = parse(
        article(
            "KUDUS - Dandim 0722/Kudus Letkol Inf Yusuf Wicaksono turut hadir. Pihaknya "
            "menegaskan, “TNI siap membantu Polri kapan saja.”",
        )
    )
    assert [p.name for p in record.people] == ["Yusuf Wicaksono"]
    assert [q.speaker for q in record.quotes] == ["Yusuf Wicaksono"]


@pytest.mark.parametrize(
    "sentence",
    [
        "Setiap malam, regu piket di gudang itu diisi empat personel bersenjata lengkap.",
        "Tiap shift, gudang dijaga empat personel secara bergantian.",
    ],
)
def test_a_few_officers_per_shift_are_not_a_total(sentence):
    assert parse(article(f"SALATIGA - {sentence}")).personnel_count is None


def test_a_unit_word_between_the_count_and_its_deployment_verb():
    record = parse(article("KUDUS - Satu pleton atau 30 personel Brimob disiagakan di Mapolres."))
    assert record.personnel_count == 30


@pytest.mark.parametrize(
    ("header", "author"),
    [
        ("Dewi Anggraini , Jurnalis-Kamis, 14 November 2024 |09:30 WIB", "Dewi Anggraini"),
        ("Dewi Anggraini, Jurnalis · Kamis, 14 November 2024 - 09:30 WIB", "Dewi Anggraini"),
        ("Dewi Anggraini · Kamis, 14 November 2024 - 09:30:00 WIB", "Dewi Anggraini"),
        ("Dewi Anggraini\nKamis, 14 November 2024 - 09:30 WIB", "Dewi Anggraini"),
        ("Oleh Dewi Anggraini pada 14 Nov 2024, 09:30 WIB", "Dewi Anggraini"),
        ("Penulis Kontributor Kediri, Dewi Anggraini | Editor Andi Hartik", "Dewi Anggraini"),
        ("Rep: Dewi Anggraini Red: Andi Hartik", "Dewi Anggraini"),
        ("Red: Andi Hartik\nKamis, 14 November 2024 - 09:30 WIB", None),
        ("Nasional  |  Hukum\nKamis, 14 November 2024 - 09:30 WIB", None),
        ("Kamis, 14 November 2024 - 09:30 WIB\nJawa Timur", None),
    ],
)
def test_bylines_without_a_label(header, author):
    record = parse(
        "\n\n".join(
            [
                "Polres Kediri Kota Geser 400 Personel ke TPS",
                header,
                "KEDIRI - Polres Kediri Kota menggeser 400 personel ke TPS Pilkada 2024.",
            ]
        )
    )
    assert record.author == author
    assert record.title == "Polres Kediri Kota Geser 400 Personel ke TPS"
    assert record.dateline == "Kediri"


@pytest.mark.parametrize(
    ("opening", "place"),
    [
        ("Jayapura: Kepolisian Resor Jayapura mengawal distribusi logistik Pemilu.", "Jayapura"),
        (
            "KBRN, Bandar Lampung: Polresta Bandar Lampung menggelar patroli dialogis.",
            "Bandar Lampung",
        ),
        ("Catatan: Polres Jayapura mengawal distribusi logistik Pemilu ke distrik.", None),
    ],
)
def test_dateline_with_a_colon_after_a_known_place(opening, place):
    assert parse(article(opening)).dateline == place


@pytest.mark.parametrize(
    ("story", "unit", "regency"),
    [
        (
            "JAILOLO - Polres Halbar menyiagakan personel di gudang logistik KPU.",
            "Polres Halmahera Barat",
            "Kabupaten Halmahera Barat",
        ),
        (
            "AMUNTAI - Kapolres HSU AKBP Budi Santoso memimpin apel pasukan.",
            "Polres Hulu Sungai Utara",
            "Kabupaten Hulu Sungai Utara",
        ),
        # "Kotim" is Kotawaringin Timur or Kolaka Timur: the Polda named decides.
        (
            "KOLAKA - Polres Kotim, Polda Sultra, menggelar apel pasukan.",
            "Polres Kolaka Timur",
            "Kabupaten Kolaka Timur",
        ),
    ],
)
def test_press_short_form_of_a_kabupaten_not_in_the_table(story, unit, regency):
    record = parse(article(story, title="Apel Pasukan Pengamanan Pilkada"))
    assert record.police_units[0] == unit
    assert record.regency == regency


def test_ambiguous_press_short_form_is_left_as_written():
    record = parse(article("Polres Mura menggelar apel pasukan pengamanan Pilkada di Mapolres."))
    assert record.police_units == ["Polres Mura"]
    assert record.regency is None


# --- A wrong headline must not take the story with it -----------------------------------

AGENCY_PAGE = """ANTARA
Jaringan Warta Rakyat Sejak Dulu

Beranda > Kalimantan Selatan > Politik

Polres Tapin kerahkan 350 personel kawal rapat pleno KPU

Kamis, 5 Desember 2024 10:05 WIB

Bagikan

Personel Polres Tapin bersiaga di depan kantor KPU Tapin. ANTARA/HO-Humas Polres Tapin

Rantau (ANTARA) - Kepolisian Resor (Polres) Tapin mengerahkan 350 personel untuk \
mengamankan rapat pleno rekapitulasi suara Pilkada 2024 di kantor KPU Kabupaten Tapin, \
Rabu (4/12).

Kapolres Tapin AKBP Doni Hadiyanto mengatakan personel disiagakan sejak pagi di \
sekitar kantor KPU dan gudang logistik.

"Kami pastikan pleno berjalan aman dan tertib sampai selesai," kata Doni.

Pewarta: Rina Kartika
Editor: Agus Salim
"""


@pytest.mark.parametrize("date", ["Kamis, 5 Desember 2024 10:05 WIB", "05/12/2024 10:05"])
def test_sentence_case_headline_above_the_page_date_is_the_headline(date):
    # ANTARA prints its headline in sentence case, under its tagline and a breadcrumb,
    # with the date right below it (and a share bar under the date).
    record = parse(AGENCY_PAGE.replace("Kamis, 5 Desember 2024 10:05 WIB", date))
    assert record.title == "Polres Tapin kerahkan 350 personel kawal rapat pleno KPU"
    assert record.published_date == dt.date(2024, 12, 5)
    assert record.dateline == "Rantau"
    assert record.body.startswith("Rantau (ANTARA) - Kepolisian Resor")


def test_sentence_case_headline_above_the_date_beats_a_sidebar_headline_above_it():
    page = AGENCY_PAGE.replace(
        "Beranda > Kalimantan Selatan > Politik",
        "Polres Tapin Siagakan Personel Kawal Pleno Rekapitulasi KPU",
    )
    assert parse(page).title == "Polres Tapin kerahkan 350 personel kawal rapat pleno KPU"


def test_sentence_case_headline_right_above_the_story_beats_an_unmarked_tagline():
    # No date under the headline, and a tagline of words no table knows above it: the
    # line the story follows (past a share bar and a caption), sharing its words, wins.
    page = AGENCY_PAGE.replace("Kamis, 5 Desember 2024 10:05 WIB\n\n", "")
    assert parse(page).title == "Polres Tapin kerahkan 350 personel kawal rapat pleno KPU"


def test_share_bar_and_caption_above_the_story_do_not_end_or_open_it():
    # Whatever line is taken as the headline, the story is found by its dateline below
    # a share bar ("Bagikan") and a photo caption, and every field is read from it.
    page = AGENCY_PAGE.replace("Kamis, 5 Desember 2024 10:05 WIB\n\n", "")
    record = parse(page)
    assert record.dateline == "Rantau"
    assert record.event_date == dt.date(2024, 12, 4)
    assert record.police_units == ["Polres Tapin"]
    assert [(p.name, p.position) for p in record.people] == [("Doni Hadiyanto", "Kapolres Tapin")]
    assert [q.speaker for q in record.quotes] == ["Doni Hadiyanto"]
    assert record.personnel_count == 350
    assert record.regency == "Kabupaten Tapin"
    assert "ANTARA/HO" not in record.body


def test_a_sidebar_headline_taken_as_headline_brings_no_unit_or_count():
    # The page's headline is in sentence case with no date under it, and a sidebar
    # headline above it has the page's date under it, so the sidebar headline is read as
    # the headline: its unit and number are not the story's, and the rest stands.
    record = parse(
        "\n\n".join(
            [
                "Polres Balangan Siagakan 500 Personel Jaga Gudang Logistik",
                "Kamis, 5 Desember 2024 10:05 WIB",
                "Polres Tapin kerahkan 350 personel kawal rapat pleno KPU",
                "Rantau - Polres Tapin mengerahkan 350 personel untuk mengamankan rapat "
                "pleno rekapitulasi suara Pilkada 2024 di kantor KPU Kabupaten Tapin.",
            ]
        )
    )
    assert record.title == "Polres Balangan Siagakan 500 Personel Jaga Gudang Logistik"
    assert record.published_date == dt.date(2024, 12, 5)
    assert record.police_units == ["Polres Tapin"]
    assert record.personnel_count == 350
    assert record.regency == "Kabupaten Tapin"


def test_name_between_headline_and_date_is_the_writer_not_the_headline():
    record = parse(
        "\n\n".join(
            [
                "iNews.id",
                "Pleno Kabupaten, Polres Kukar Siapkan 900 Personel Amankan KPU",
                "Rizky Ananda Putra\nKamis, 5 Desember 2024 - 19:35:00 WIB",
                "TENGGARONG, iNews.id - Polres Kukar menyiapkan 900 personel untuk "
                "mengamankan rapat pleno KPU Kabupaten Kutai Kartanegara, Kamis (5/12/2024).",
            ]
        )
    )
    assert record.title == "Pleno Kabupaten, Polres Kukar Siapkan 900 Personel Amankan KPU"
    assert record.author == "Rizky Ananda Putra"


def test_photo_caption_with_a_credit_is_not_the_opening_paragraph():
    record = parse(
        "\n\n".join(
            [
                "Jelang Pencoblosan, Polres Banjarbaru Sebar 600 Personel ke TPS",
                "Rina Kartika - detikKalimantan\nSenin, 25 Nov 2024 16:05 WIB",
                "Bagikan 0 komentar",
                "Apel pergeseran pasukan di Mapolres. Foto: Rina Kartika/detikKalimantan",
                "Banjarbaru - Polres Banjarbaru menyebar 600 personel untuk mengamankan "
                "TPS Pilkada 2024, Senin (25/11/2024).",
            ]
        )
    )
    assert record.dateline == "Banjarbaru"
    assert record.body.startswith("Banjarbaru - Polres")


# --- People: regional titles and names ------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "name", "position"),
    [
        # Bali: a customary village head, the village, then a Balinese name.
        (
            "Bendesa Adat Pecatu I Ketut Wirawan mengatakan, pecalang membantu polisi.",
            "I Ketut Wirawan",
            "Bendesa Adat Pecatu",
        ),
        (
            "Kelian Banjar Tegal Ni Made Sariasih menyebut warga tertib datang ke TPS.",
            "Ni Made Sariasih",
            "Kelian Banjar Tegal",
        ),
        # A village of several words ends where the Balinese name opens ("I", "Ni").
        (
            "Perbekel Tegal Harum I Made Suparta menyebut warga tertib datang ke TPS.",
            "I Made Suparta",
            "Perbekel Tegal Harum",
        ),
        # The press's short form of a Kabupaten after an organisation.
        (
            "Ketua KPU Kukar Rahmat Hidayat, S.Pd. mengajak pasangan calon berkampanye damai.",
            "Rahmat Hidayat",
            "Ketua KPU Kukar",
        ),
        # A compass word ends the area's name, it never opens the holder's.
        (
            "Ketua Bawaslu OKU Selatan Rudi Hartono, S.Sos. mengatakan pengawasan diperketat.",
            "Rudi Hartono",
            "Ketua Bawaslu OKU Selatan",
        ),
    ],
)
def test_civilian_positions_with_regional_titles_and_short_forms(sentence, name, position):
    record = parse(article(f"KUTA - {sentence}"))
    assert [(p.name, p.position) for p in record.people] == [(name, position)]


def test_balinese_names_named_only_by_age_or_as_speaker():
    record = parse(
        article(
            "KUTA - Salah satu warga, I Wayan Sukerta (45), mengaku merasa aman.",
            '"Petugas datang sejak pagi," kata I Wayan Sukerta.',
            '"Kami tidak khawatir lagi," ujar Ni Kadek Sriani.',
        )
    )
    assert [p.name for p in record.people] == ["I Wayan Sukerta", "Ni Kadek Sriani"]
    assert [q.speaker for q in record.quotes] == ["I Wayan Sukerta", "Ni Kadek Sriani"]


def test_position_after_an_officers_name_is_not_a_civilians():
    record = parse(
        article(
            "Salah satunya Brigadir Polisi Kepala Agus Salim, Bhabinkamtibmas Desa Sungai "
            "Rangas Hambuku, yang rutin menggelar patroli dialogis bersama Babinsa."
        )
    )
    assert [(p.name, p.rank, p.position) for p in record.people] == [
        ("Agus Salim", "Bripka", "Bhabinkamtibmas Desa Sungai Rangas Hambuku")
    ]


def test_task_force_commander_is_a_position():
    record = parse(
        article(
            "Dansatgas Pamtas RI-PNG Yonif 122 Letkol Inf Andreas Tarigan mengatakan, "
            "prajurit disiagakan di pos-pos perbatasan selama pemungutan suara."
        )
    )
    assert [(p.name, p.rank, p.position) for p in record.people] == [
        ("Andreas Tarigan", "Letkol Inf", "Dansatgas Pamtas RI-PNG Yonif 122")
    ]


def test_pronoun_after_a_newly_named_officer_is_that_officer():
    record = parse(
        article(
            "Kapolres Tabalong AKBP Anib Bastian membuka pelatihan Pam TPS.",
            '"Personel harus netral," kata Anib.',
            "Materi pengamanan TPS disampaikan Kasat Samapta Polres Tabalong AKP Eko "
            "Prasetyo. Ia mengingatkan personel agar tidak meninggalkan TPS.",
            '"Jangan tinggalkan kotak suara sebelum rekapitulasi selesai," ujarnya.',
        )
    )
    assert [q.speaker for q in record.quotes] == ["Anib Bastian", "Eko Prasetyo"]


@pytest.mark.parametrize(
    ("said", "speaker"),
    [
        ("Hal senada disampaikan Ketua Bawaslu Kabupaten Tapin Rahmat Hidayat.", "Rahmat Hidayat"),
        ("Hal itu diungkapkan Kapolres melalui Kasi Humas Ipda Rudi Hartono.", "Rudi Hartono"),
    ],
)
def test_speaker_after_a_passive_speech_verb(said, speaker):
    record = parse(
        article(
            "RANTAU - Kapolres Tapin AKBP Doni Hadiyanto memimpin apel bersama Kasi Humas "
            "Polres Tapin Ipda Rudi Hartono.",
            '"Personel harus netral," kata Doni.',
            said,
            '"Kami awasi semua tahapan," katanya.',
        )
    )
    assert [q.speaker for q in record.quotes] == ["Doni Hadiyanto", speaker]


# --- Units, counts -------------------------------------------------------------------------


def test_the_subject_of_a_joint_operation_is_its_lead_unit():
    # Polres Banjar is named as often as Polres Tanah Laut, and its deputy chief is
    # named; Polres Tanah Laut opens the headline and the lead sentence.
    record = parse(
        article(
            "PELAIHARI - Polres Tanah Laut menggandeng Polres Banjar menggelar patroli "
            "gabungan di perbatasan kedua kabupaten menjelang Pilkada 2024.",
            "Patroli melibatkan 100 personel Polres Tanah Laut dan Polres Banjar.",
            "Wakapolres Banjar Kompol Heru Santoso mengatakan patroli menyasar jalan desa.",
            title="Polres Tanah Laut Gandeng Polres Banjar Patroli Perbatasan",
        )
    )
    assert record.regency == "Kabupaten Tanah Laut"
    assert set(record.police_units) == {"Polres Tanah Laut", "Polres Banjar"}


def test_reinforcements_sent_by_a_polda_are_its_count():
    record = parse(
        article(
            "BANJARMASIN - Polda Kalimantan Selatan memberangkatkan 1.150 personel bawah "
            "kendali operasi (BKO) ke polres jajaran untuk pengamanan TPS Pilkada 2024.",
            title="Polda Kalsel Berangkatkan 1.150 Personel BKO ke Polres Jajaran",
        )
    )
    assert record.personnel_count == 1150
    assert record.regency is None


# --- Captions under a credit, site taglines, acronyms -----------------------------------


@pytest.mark.parametrize(
    ("credit", "caption"),
    [
        # A label in capitals opens the caption like a dateline.
        (
            "TRIBUN-KALBAR.COM/ANDI PRATAMA",
            "SIAGA TPS - Personel Polres Kapuas Hulu menyeberangi sungai menuju TPS di "
            "pedalaman, Minggu (24/11/2024).\n\nLaporan Wartawan Tribun Kalbar, Andi Pratama",
        ),
        # A caption in sentence case right above the story, the credit naming a .co.id
        # domain: neither is the story's first sentence.
        (
            "KALBARPOST.CO.ID/ANDI PRATAMA",
            "Personel Polres Kapuas Hulu bersiap naik perahu motor menuju TPS di pedalaman.",
        ),
    ],
)
def test_caption_under_a_credit_line_is_not_the_story(credit, caption):
    record = parse(
        "\n\n".join(
            [
                "Polres Kapuas Hulu Geser 310 Personel Amankan TPS Pilkada 2024",
                "Minggu, 24 November 2024 10:15 WIB",
                "Penulis: Andi Pratama | Editor: Rina Sari",
                credit,
                caption,
                "PUTUSSIBAU - Polres Kapuas Hulu menggeser 310 personel untuk mengamankan "
                "TPS Pilkada 2024, Minggu (24/11/2024).",
            ]
        )
    )
    assert record.dateline == "Putussibau"
    assert record.body.startswith("PUTUSSIBAU - Polres Kapuas Hulu")


def test_caption_over_a_credit_line_is_not_the_story():
    record = parse(
        "\n\n".join(
            [
                "Polres Kapuas Hulu Geser 310 Personel Amankan TPS Pilkada 2024",
                "Minggu, 24 November 2024 10:15 WIB",
                "SIAGA TPS - Personel Polres Kapuas Hulu menyeberangi sungai menuju TPS di "
                "pedalaman, Minggu (24/11/2024).",
                "Foto: Humas Polres Kapuas Hulu",
                "PUTUSSIBAU - Polres Kapuas Hulu menggeser 310 personel untuk mengamankan "
                "TPS Pilkada 2024, Minggu (24/11/2024).",
            ]
        )
    )
    assert record.dateline == "Putussibau"
    assert record.body.startswith("PUTUSSIBAU - Polres Kapuas Hulu")


def test_story_right_under_a_credit_line_keeps_its_dateline():
    record = parse(
        "\n\n".join(
            [
                "Polres Kapuas Hulu Geser 310 Personel Amankan TPS Pilkada 2024",
                "TRIBUN-KALBAR.COM/ANDI PRATAMA",
                "PUTUSSIBAU - Polres Kapuas Hulu menggeser 310 personel untuk mengamankan "
                "TPS Pilkada 2024, Minggu (24/11/2024).",
                "Kapolres Kapuas Hulu AKBP Hendra Wijaya memimpin apel pergeseran pasukan.",
            ]
        )
    )
    assert record.dateline == "Putussibau"


def test_site_logo_and_tagline_above_the_headline_is_not_the_writer():
    record = parse(
        "\n\n".join(
            [
                "WARTAPANTURA.COM",
                "Warta Pantura - Suara Warga Pesisir",
                "Polres Batang Kawal Rapat Pleno Rekapitulasi Suara di Kantor KPU",
                "Kamis, 5 Desember 2024 | 10:00 WIB",
                "Penulis: Yoga Pratama | Editor: Sri Wahyuni",
                "BATANG - Polres Batang mengawal rapat pleno rekapitulasi suara Pilkada 2024 "
                "di kantor KPU Kabupaten Batang, Kamis (5/12/2024).",
            ]
        )
    )
    assert record.author == "Yoga Pratama"


def test_site_logo_and_tagline_above_the_headline_is_no_writer_at_all():
    record = parse(
        "\n\n".join(
            [
                "Warta Pantura - Suara Warga Pesisir",
                "Polres Batang Kawal Rapat Pleno Rekapitulasi Suara di Kantor KPU",
                "Kamis, 5 Desember 2024 | 10:00 WIB",
                "BATANG - Polres Batang mengawal rapat pleno rekapitulasi suara Pilkada 2024 "
                "di kantor KPU Kabupaten Batang, Kamis (5/12/2024).",
            ]
        )
    )
    assert record.author is None


def test_acronym_after_a_position_and_comma_is_not_a_name():
    record = parse(
        article(
            "KAPUAS - Kapolres Kapuas AKBP Hendra Wijaya memantau TPS di tepi sungai.",
            "Menurut Kapolres, TPS di bantaran sungai dijaga bersama Linmas.",
            "Menurut Kasat Samapta, BPBD ikut menyiagakan perahu karet.",
            '"Kami siaga sampai penghitungan selesai," kata Kapolres.',
        )
    )
    assert [(p.name, p.position) for p in record.people] == [("Hendra Wijaya", "Kapolres Kapuas")]
    assert [q.speaker for q in record.quotes] == ["Hendra Wijaya"]


def test_compass_word_after_an_areas_short_form_belongs_to_the_position():
    record = parse(
        article(
            "KOTAMOBAGU - Ketua KPU Bolmong Timur Sofyan Lasabuda meninjau gudang logistik "
            "bersama polisi.",
            'Menurut Sofyan, "Surat suara untuk semua kecamatan sudah kami sortir dan lipat."',
        )
    )
    assert [(p.name, p.position) for p in record.people] == [
        ("Sofyan Lasabuda", "Ketua KPU Bolmong Timur")
    ]
    assert [q.speaker for q in record.quotes] == ["Sofyan Lasabuda"]


@pytest.mark.parametrize(
    "sentence",
    [
        "Patroli malam digelar polisi dan Babinsa Koramil Sungai Raya di sekitar gudang.",
        "Personel Kodim Ketapang turut berjaga di gudang logistik KPU.",
    ],
)
def test_an_army_unit_after_a_position_is_not_a_persons_name(sentence):
    record = parse(article(f"KETAPANG - {sentence}"))
    assert record.people == []


def test_a_polda_the_tables_do_not_place_is_no_unit():
    # Every Polda is in polda.csv; "Kapolda Nama" is the chief named without the place.
    record = parse(
        article(
            "KENDARI - Apel dipimpin Kapolda Sulawesi Tenggara Irjen Pol Andi Rahmat.",
            "Kapolda Andi Rahmat dalam amanatnya meminta personel tidak berpihak.",
        )
    )
    assert record.police_units == ["Polda Sulawesi Tenggara"]


@pytest.mark.parametrize(
    ("written", "said"), [("K.H.", "Kiai"), ("Tgk.", "Teungku"), ("Buya", "Buya")]
)
def test_clergy_honorific_before_a_short_name_is_the_full_named_person(written, said):
    record = parse(
        article(
            f"GRESIK - Ketua MUI Kecamatan Bungah, {written} Abdul Karim, mengajak warga "
            "menjaga kerukunan selama masa kampanye.",
            f'"Jaga persaudaraan, jangan saling menghujat," pesan {said} Karim.',
        )
    )
    assert [(p.name, p.position) for p in record.people] == [
        ("Abdul Karim", "Ketua MUI Kecamatan Bungah")
    ]
    assert [q.speaker for q in record.quotes] == ["Abdul Karim"]


def test_lowercase_tokoh_title_takes_the_place_named_after_it():
    record = parse(
        article(
            "GRESIK - Sementara itu, tokoh masyarakat Bungah, H. Slamet Riyadi, mengajak "
            "warga menjaga kerukunan selama masa kampanye."
        )
    )
    assert [(p.name, p.position) for p in record.people] == [
        ("Slamet Riyadi", "tokoh masyarakat Bungah")
    ]


@pytest.mark.parametrize(
    "connective",
    ["Pada kesempatan yang sama", "Di lokasi yang sama", "Pada saat bersamaan", "Secara terpisah"],
)
def test_speaker_after_a_connective_is_the_new_subject(connective):
    record = parse(
        article(
            "WATAMPONE - Ketua KPU Bone Nurul Hidayah memaparkan jadwal distribusi logistik.",
            '"Semua kotak suara sudah kami segel," ujarnya.',
            f"{connective}, Kapolsek Tanete Riattang Iptu Hasrul Amin meninjau pos "
            "pengamanan di kantor PPK.",
            'Menurut dia, "Kami tempatkan dua regu yang berganti jaga tiap delapan jam."',
        )
    )
    assert [q.speaker for q in record.quotes] == ["Nurul Hidayah", "Hasrul Amin"]


def test_site_name_sharing_words_only_with_the_domain_is_not_the_headline():
    # The logo's words are in the site's domain, which the dateline repeats; the
    # headline's are in the story itself.
    record = parse(
        "\n\n".join(
            [
                "HUMAS POLRES KAMPAR",
                "Polres Kampar Kerahkan 600 Personel Amankan Rapat Pleno KPU",
                "Humaspolreskampar.com, Bangkinang – Polres Kampar mengerahkan 600 personel "
                "untuk mengamankan rapat pleno rekapitulasi suara di kantor KPU Kabupaten "
                "Kampar, Selasa (3/12/2024).",
            ]
        )
    )
    assert record.title == "Polres Kampar Kerahkan 600 Personel Amankan Rapat Pleno KPU"


def test_a_chief_named_without_the_units_place_brings_no_unit():
    record = parse(
        article(
            "PUTUSSIBAU - Apel dipimpin Kapolres Kapuas Hulu AKBP Hendra Wijaya.",
            "Kapolres Hendra Wijaya dalam arahannya meminta personel tidak berpihak.",
        )
    )
    assert record.police_units == ["Polres Kapuas Hulu"]
