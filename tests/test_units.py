"""Unit vocabulary: canonical names and the regions units cover (no database)."""

import datetime as dt

import pytest

from reports.importer import units


@pytest.mark.parametrize(
    ("written", "canonical"),
    [
        ("Polda Jatim", "Polda Jawa Timur"),
        ("Polda Kepri", "Polda Kepulauan Riau"),
        ("Polda Kalimantan Tengah (Kalteng)", "Polda Kalimantan Tengah"),
        ("Kepolisian Daerah Jawa Timur", "Polda Jawa Timur"),
        ("Polda DKI Jakarta", "Polda Metro Jaya"),
        ("Kepolisian Resor (Polres) Malang", "Polres Malang"),
        ("Kepolisian Resor Malang", "Polres Malang"),
        ("Kepolisian Resor Kota Besar Medan", "Polrestabes Medan"),
        ("POLRESTABES MEDAN", "Polrestabes Medan"),
        ("Mapolres Malang", "Polres Malang"),
        ("Kapolres Serang", "Polres Serang"),
        ("Wakapolresta Palangka Raya", "Polresta Palangka Raya"),
        ("Polres Malang Kota", "Polresta Malang Kota"),
        ("Polres Kota Malang", "Polresta Malang Kota"),
        ("Polres Kota Batu", "Polres Batu"),  # a city with no Kabupaten of its name
        ("Polres Kab. Malang", "Polres Malang"),
        ("Kepolisian Sektor (Polsek) Kaliwates", "Polsek Kaliwates"),
    ],
)
def test_canonical_unit_name(written, canonical):
    assert units.canonical_unit_name(written) == canonical


@pytest.mark.parametrize("generic", ["Polres jajaran", "Polsek se-Kabupaten Malang", "Polda", ""])
def test_generic_unit_references_have_no_canonical_name(generic):
    assert units.canonical_unit_name(generic) is None


def test_polres_covers_the_kabupaten_of_its_name():
    ref = units.resolve_unit("Polres Malang")
    assert (ref.level, ref.regency_code, ref.province_code) == ("polres", "35.07", "35")
    assert ref.polda == "Polda Jawa Timur"


def test_polres_of_a_name_without_kabupaten_covers_the_kota():
    assert units.resolve_unit("Polres Batu").regency_code == "35.79"  # Kota Batu


def test_polres_x_kota_covers_the_kota():
    assert units.resolve_unit("Polres Bima Kota").regency_code == "52.72"  # Kota Bima
    assert units.resolve_unit("Polres Bima").regency_code == "52.06"  # Kabupaten Bima


def test_polrestabes_covers_the_kota():
    ref = units.resolve_unit("Polrestabes Semarang")
    assert ref.regency_code == "33.74"
    assert units.resolve_unit("Polrestabes Medan").regency_code == "12.71"


def test_polresta_prefers_the_kota_then_the_kabupaten():
    assert units.resolve_unit("Polresta Palangka Raya").regency_code == "62.71"
    assert units.resolve_unit("Polresta Deli Serdang").regency_code == "12.07"


def test_metro_units_belong_to_polda_metro_jaya():
    ref = units.resolve_unit("Polres Metro Jakarta Utara")
    assert ref.regency_code == "31.72"
    assert ref.polda == "Polda Metro Jaya"
    bekasi = units.resolve_unit("Polres Metro Bekasi Kota")
    assert (bekasi.regency_code, bekasi.province_code) == ("32.75", "32")
    assert bekasi.polda == "Polda Metro Jaya"


def test_polda_resolves_to_its_province_without_regency():
    ref = units.resolve_unit("Polda Kalteng")
    assert ref.name == "Polda Kalimantan Tengah"
    assert (ref.level, ref.province_code, ref.regency_code) == ("polda", "62", None)


def test_polsek_lies_in_its_district_with_its_polres_as_parent():
    ref = units.resolve_unit("Polsek Kaliwates")
    assert (ref.district_code, ref.regency_code) == ("35.09.19", "35.09")
    assert ref.parent == "Polres Jember"


def test_polsek_named_after_a_common_district_needs_a_hint():
    assert units.resolve_unit("Polsek Sukorejo", province_code="35").regency_code is None
    ref = units.resolve_unit("Polsek Sukorejo", regency_code="35.14")
    assert ref.district_code is not None
    assert ref.regency_code == "35.14"


def test_unknown_unit_keeps_its_name_and_no_codes():
    ref = units.resolve_unit("Polres Antah Berantah")
    assert ref.name == "Polres Antah Berantah"
    assert ref.regency_code is None
    assert not ref.resolved


def test_resolve_unit_never_raises_on_junk():
    for junk in ["", "   ", "Polres", "Polsek ()", "x" * 500, "Polda \x00"]:
        assert isinstance(units.resolve_unit(junk), units.UnitRef)


def test_polda_for_province_follows_the_papua_split():
    assert units.polda_for_province("35") == "Polda Jawa Timur"
    assert units.polda_for_province("94", dt.date(2024, 2, 14)) == "Polda Papua"
    assert units.polda_for_province("94", dt.date(2024, 11, 27)) == "Polda Papua Tengah"
    assert units.polda_for_province("93", dt.date(2024, 11, 27)) == "Polda Papua"
    assert units.polda_for_province("") is None


def test_units_table_is_read_at_run_time(tmp_path, monkeypatch):
    table = tmp_path / "police_units.csv"
    table.write_text(
        "name,level,regency_code,polda,aliases,source\n"
        "Polres Uji Coba,polres,35.09,Polda Jawa Timur,Polres Ujicoba;Polres Uji,test\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(units, "UNITS_CSV", table)
    assert units.canonical_unit_name("Polres Uji") == "Polres Uji Coba"
    assert units.resolve_unit("Polres Ujicoba").regency_code == "35.09"


def test_levels_are_the_contract_levels():
    assert units.LEVELS == ("mabes", "polda", "polres", "polresta", "polrestabes", "polsek")


def test_polsek_parent_prefers_the_territorial_unit_over_a_port_unit():
    # Kota Surabaya has Polrestabes Surabaya and Polres Pelabuhan Tanjung Perak; Kota
    # Administrasi Jakarta Utara has Polres Metro Jakarta Utara and Polres Pelabuhan
    # Tanjung Priok. The answer must not depend on set order.
    assert units.resolve_unit("Polsek Gubeng").parent == "Polrestabes Surabaya"
    assert units.resolve_unit("Polsek Cilincing").parent == "Polres Metro Jakarta Utara"


def test_parent_choice_is_deterministic_and_territorial(tmp_path, monkeypatch):
    table = tmp_path / "police_units.csv"
    table.write_text(
        "name,level,regency_code,polda,aliases,source\n"
        "Polres Pelabuhan Uji,polres,35.09,Polda Jawa Timur,,test\n"
        "Polres Uji Darat,polres,35.09,Polda Jawa Timur,,test\n"
        "Polresta Bandara Uji,polresta,35.09,Polda Jawa Timur,,test\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(units, "UNITS_CSV", table)
    assert units.resolve_unit("Polsek Kaliwates").parent == "Polres Uji Darat"


def test_table_row_of_another_province_gives_way_to_the_province_hint():
    # Polres Banjar of Polda Jawa Barat covers Kota Banjar (the table's row); Polres
    # Banjar of Polda Kalimantan Selatan covers Kabupaten Banjar.
    assert units.resolve_unit("Polres Banjar").regency_code == "32.79"
    assert units.resolve_unit("Polres Banjar", province_code="32").regency_code == "32.79"
    south = units.resolve_unit("Polres Banjar", province_code="63")
    assert (south.regency_code, south.polda) == ("63.03", "Polda Kalimantan Selatan")


def test_table_row_is_kept_when_the_hint_province_has_no_such_regency():
    # Polda Metro Jaya stands for province 31, its Bekasi unit lies in Jawa Barat.
    ref = units.resolve_unit("Polres Metro Bekasi", province_code="31")
    assert (ref.regency_code, ref.polda) == ("32.16", "Polda Metro Jaya")


@pytest.mark.parametrize(
    ("written", "canonical", "regency"),
    [
        ("Polres Lobar", "Polres Lombok Barat", "52.01"),
        ("Kapolres Loteng", "Polres Lombok Tengah", "52.02"),
        ("Polres Taput", "Polres Tapanuli Utara", "12.02"),
        ("Polres Lamsel", "Polres Lampung Selatan", "18.01"),
    ],
)
def test_press_short_forms_of_polres_names(written, canonical, regency):
    assert units.canonical_unit_name(written) == canonical
    assert units.resolve_unit(written).regency_code == regency
