"""Look-ups over the idn-area CSVs (no database)."""

import pytest

from reports.importer import areas


def test_province_by_code_and_by_name():
    assert areas.province("35").name == "Jawa Timur"
    assert [a.code for a in areas.find_provinces("jawa  timur")] == ["35"]
    assert [a.code for a in areas.find_provinces("Provinsi Jawa Timur")] == ["35"]


def test_province_short_names_used_by_the_press():
    assert areas.find_provinces("Kalteng")[0].name == "Kalimantan Tengah"
    assert areas.find_provinces("Prov. Kalteng")[0].name == "Kalimantan Tengah"
    assert areas.find_provinces("DKI Jakarta")[0].code == "31"
    assert areas.find_provinces("NTB")[0].name == "Nusa Tenggara Barat"


def test_regency_name_with_kind_decides_between_kabupaten_and_kota():
    assert {a.name for a in areas.find_regencies("Malang")} == {"Kabupaten Malang", "Kota Malang"}
    assert [a.name for a in areas.find_regencies("Kab. Malang")] == ["Kabupaten Malang"]
    assert [a.name for a in areas.find_regencies("Kabupaten Malang")] == ["Kabupaten Malang"]
    assert [a.name for a in areas.find_regencies("kota malang")] == ["Kota Malang"]


def test_regency_lookup_ignores_spaces_and_hyphens():
    assert [a.name for a in areas.find_regencies("Palangka Raya")] == ["Kota Palangkaraya"]
    assert areas.find_regencies("Pematang Siantar")[0].name == "Kota Pematangsiantar"


def test_jakarta_cities_are_found_without_administrasi():
    found = areas.find_regencies("Jakarta Utara")
    assert [a.name for a in found] == ["Kota Administrasi Jakarta Utara"]
    assert found[0].is_city
    assert found[0].bare_name == "Jakarta Utara"


def test_regency_in_a_province_narrows_a_shared_name():
    assert {a.province_code for a in areas.find_regencies("Banjar")} == {"32", "63"}
    assert [a.code for a in areas.find_regencies("Banjar", province_code="63")] == ["63.03"]


def test_district_by_name_within_regency():
    found = areas.find_districts("Kaliwates")
    assert [(a.code, a.parent_code) for a in found] == [("35.09.19", "35.09")]
    assert areas.find_districts("Kec. Kaliwates", regency_code="35.09")[0].name == "Kaliwates"
    assert areas.find_districts("Kaliwates", regency_code="35.07") == ()


def test_area_levels_and_parents():
    district = areas.district("35.09.19")
    assert district.level == areas.DISTRICT
    assert district.province_code == "35"
    assert areas.regency(district.parent_code).name == "Kabupaten Jember"
    assert areas.province_of("35.09.19").name == "Jawa Timur"
    assert areas.get("99.99") is None


def test_listings_cover_the_whole_country():
    assert len(areas.provinces()) == 38
    assert len(areas.regencies()) == 514
    assert all(a.parent_code == "62" for a in areas.regencies("62"))
    assert len(areas.districts("35.09")) > 20


def test_empty_names_find_nothing():
    assert areas.find_provinces("") == ()
    assert areas.find_regencies("  ") == ()
    assert areas.find_districts("-") == ()


@pytest.mark.parametrize(
    ("short", "names"),
    [
        ("Halbar", ["Kabupaten Halmahera Barat"]),
        ("Kobar", ["Kabupaten Kotawaringin Barat"]),
        ("Bolmong", ["Kabupaten Bolaang Mongondow"]),
        ("HSS", ["Kabupaten Hulu Sungai Selatan"]),
        ("SBB", ["Kabupaten Seram Bagian Barat"]),
        ("Pangkep", ["Kabupaten Pangkajene dan Kepulauan"]),
        ("Mura", ["Kabupaten Murung Raya", "Kabupaten Musi Rawas"]),
        ("Malang", []),  # one word of its own, not a short form
        ("Kawal", []),
        ("polres", []),
    ],
)
def test_press_short_forms_of_kabupaten(short, names):
    assert sorted(a.name for a in areas.regencies_abbreviated(short)) == names
