"""Region gazetteer, written from SPEC §1 Regions and the kecamatan reference."""

import csv
from pathlib import Path

import pytest

from etl.newsroom.regions import (
    REGIONS,
    SHORT_FORMS,
    infer_regions,
    region_from_name,
    regions_for,
    regions_from_column,
)

KECAMATAN_CSV = Path(__file__).parents[1] / "etl" / "newsroom" / "data" / "jakarta_kecamatan.csv"
with KECAMATAN_CSV.open(encoding="utf-8", newline="") as handle:
    KECAMATAN_ROWS = [(row["kecamatan"], row["region"]) for row in csv.DictReader(handle)]

PUSAT, UTARA, BARAT, SELATAN, TIMUR, SERIBU, DKI = (
    "Jakarta Pusat", "Jakarta Utara", "Jakarta Barat", "Jakarta Selatan", "Jakarta Timur",
    "Kepulauan Seribu", "DKI Jakarta",
)


def test_regions_in_display_order():
    assert REGIONS == (PUSAT, UTARA, BARAT, SELATAN, TIMUR, SERIBU, DKI)


def test_short_forms():
    assert SHORT_FORMS == {
        PUSAT: "Jakpus", UTARA: "Jakut", BARAT: "Jakbar", SELATAN: "Jaksel",
        TIMUR: "Jaktim", SERIBU: "Kep. Seribu", DKI: "DKI",
    }


def test_reference_has_44_kecamatan():
    assert len(KECAMATAN_ROWS) == 44
    assert {region for _, region in KECAMATAN_ROWS} == set(REGIONS) - {DKI}


# --- inference from titles --------------------------------------------------------------


@pytest.mark.parametrize(("kecamatan", "region"), KECAMATAN_ROWS)
def test_every_kecamatan_in_a_title(kecamatan, region):
    assert infer_regions(f"Banjir di {kecamatan} surut") == [region]
    assert infer_regions(f"BANJIR DI {kecamatan.upper()} SURUT") == [region]


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Macet Parah di Jakarta Pusat", [PUSAT]),
        ("Macet parah di Jakpus pagi ini", [PUSAT]),
        ("Jakut siaga rob", [UTARA]),
        ("Warga Jakbar antre air bersih", [BARAT]),
        ("Jaksel, Jaktim waspada", [SELATAN, TIMUR]),
        ("Kapal ke Kepulauan Seribu ditunda", [SERIBU]),
        ("Wisata Kep. Seribu ramai", [SERIBU]),
        ("Wisata Kep Seribu ramai", [SERIBU]),
        ("Libur ke Pulau Seribu", [SERIBU]),
        ("Bupati Kab. Adm. Kepulauan Seribu dilantik", [SERIBU]),
        ("Kabupaten Administrasi Kepulauan Seribu", [SERIBU]),
        ("Pemkot Kota Administrasi Jakarta Selatan", [SELATAN]),
        ("Rintik Hujan Diprediksi Basahi Jaksel dan Jaktim di Malam Hari", [SELATAN, TIMUR]),
        # reported in title order Timur, Pusat; returned in display order
        ("Tawuran di Jatinegara merembet ke Senen", [PUSAT, TIMUR]),
        ("Kebakaran di Tebet dan Tebet lagi", [SELATAN]),
        ("Jaksel: pohon tumbang di Tebet", [SELATAN]),
    ],
)
def test_city_names_and_multiple_regions(title, expected):
    assert infer_regions(title) == expected


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        # Makassar is the Sulawesi city, not kecamatan Makasar
        ("Banjir rendam Makassar", []),
        ("Macet di Makasar, Jakarta Timur", [TIMUR]),
        ("PSM Makassar menang", []),
        # the weekday Minggu is not Pasar Minggu
        ("Ganjil genap berlaku Senin hingga Minggu", []),
        ("Car free day hari Minggu", []),
        ("Minggu ini Pasar Minggu banjir", [SELATAN]),
        # the island kecamatan are Kepulauan Seribu only
        ("Nelayan Kepulauan Seribu Utara melaut", [SERIBU]),
        ("Sekolah di Kepulauan Seribu Selatan", [SERIBU]),
        # whole words next to punctuation
        ("Banjir Jaksel, warga mengungsi", [SELATAN]),
        ("Pohon tumbang (Tebet)", [SELATAN]),
        ("Koja-Cilincing macet", [UTARA]),
        ("\"Gambir\" ramai pemudik", [PUSAT]),
        ("Tanjung Priok padat", [UTARA]),
        ("Tj. Priok padat", [UTARA]),
        # spelling variants
        ("Banjir di Pal Merah", [BARAT]),
        ("Banjir di Palmerah", [BARAT]),
        ("Pasar Kramat Jati", [TIMUR]),
        ("Pasar Kramatjati", [TIMUR]),
        ("Terminal Pulo Gadung", [TIMUR]),
        ("Terminal Pulogadung", [TIMUR]),
        ("Setia Budi macet", [SELATAN]),
        ("Kebon Jeruk banjir", [BARAT]),
        ("Kali Deres banjir", [BARAT]),
        ("Kalideres banjir", [BARAT]),
        ("Taman Sari banjir", [BARAT]),
        ("Tamansari banjir", [BARAT]),
        # Jakarta alone says nothing about where
        ("Jakarta diguyur hujan", []),
        ("Gubernur DKI Jakarta meresmikan MRT", []),
        # not whole words
        ("Tebetan bukan nama tempat", []),
        ("Kojang", []),
        ("Jakselnya", []),
        # the same name elsewhere
        ("Letusan Gunung Tambora 1815", []),
        ("Banjir di Pancoran Mas, Depok", []),
        ("Banjir di Pancoran", [SELATAN]),
        ("", []),
    ],
)
def test_inference_traps(title, expected):
    assert infer_regions(title) == expected


def test_infer_from_several_texts():
    assert infer_regions("Banjir surut", None, "Warga Cakung", "", "tag: Koja") == [UTARA, TIMUR]
    assert infer_regions() == []
    assert infer_regions(None, None) == []


# --- the --region option ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Jakpus", PUSAT), ("Jakut", UTARA), ("Jakbar", BARAT), ("Jaksel", SELATAN),
        ("Jaktim", TIMUR), ("Kep. Seribu", SERIBU), ("DKI", DKI),
        ("jaksel", SELATAN), ("JAKSEL", SELATAN), ("  Jaksel  ", SELATAN),
        ("Jakarta Pusat", PUSAT), ("Jakarta Utara", UTARA), ("Jakarta Barat", BARAT),
        ("Jakarta Selatan", SELATAN), ("jakarta   selatan", SELATAN), ("Jakarta Timur", TIMUR),
        ("Kepulauan Seribu", SERIBU), ("Pulau Seribu", SERIBU), ("Kep Seribu", SERIBU),
        ("kep.seribu", SERIBU), ("DKI Jakarta", DKI), ("dki jakarta", DKI), ("Jakarta", DKI),
        ("Kota Administrasi Jakarta Selatan", SELATAN), ("Kota Adm. Jakarta Selatan", SELATAN),
        ("Kota Jakarta Utara", UTARA),
        ("Kab. Adm. Kepulauan Seribu", SERIBU),
        ("Kabupaten Administrasi Kepulauan Seribu", SERIBU),
        ("Provinsi DKI Jakarta", DKI),
    ],
)
def test_region_from_name(name, expected):
    assert region_from_name(name) == expected


@pytest.mark.parametrize("region", REGIONS)
def test_region_from_name_round_trips_names_and_short_forms(region):
    assert region_from_name(region) == region
    assert region_from_name(SHORT_FORMS[region]) == region


@pytest.mark.parametrize("name", ["Bogor", "", "Jaksel2", "Jakarta Sel.", "Tebet"])
def test_region_from_name_unknown(name):
    with pytest.raises(ValueError, match="unknown region") as error:
        region_from_name(name)
    assert "Jakpus, Jakut, Jakbar, Jaksel, Jaktim, Kep. Seribu, DKI Jakarta" in str(error.value)


def test_unknown_region_message_quotes_the_input():
    with pytest.raises(ValueError) as error:
        region_from_name("Bogor")
    assert str(error.value) == (
        "unknown region 'Bogor'; use one of Jakpus, Jakut, Jakbar, Jaksel, Jaktim, "
        "Kep. Seribu, DKI Jakarta"
    )


# --- the region column ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("Jakarta Selatan", [SELATAN]),
        ("Jaksel", [SELATAN]),
        ("Jaktim, Jaksel", [SELATAN, TIMUR]),
        ("Jaksel; Jakut", [UTARA, SELATAN]),
        ("Jaksel / Jakut", [UTARA, SELATAN]),
        ("Jaksel|Jakut", [UTARA, SELATAN]),
        ("Jaksel & Jakpus", [PUSAT, SELATAN]),
        ("Jaksel dan Jakbar", [BARAT, SELATAN]),
        ("Jaksel, Jaksel, Jakarta Selatan", [SELATAN]),
        ("Kep. Seribu", [SERIBU]),
        ("DKI Jakarta", [DKI]),
        ("Tebet", [SELATAN]),
        ("Kramat Jati", [TIMUR]),
        ("Tebet, Koja", [UTARA, SELATAN]),
        ("Kota Adm. Jakarta Barat", [BARAT]),
        ("Bogor", []),
        ("Nasional", []),
        ("", []),
        ("   ", []),
    ],
)
def test_regions_from_column(cell, expected):
    assert regions_from_column(cell) == expected


# --- putting it together ----------------------------------------------------------------------------


def test_regions_for_prefers_the_column():
    assert regions_for("Jaktim", "Banjir di Tebet") == [TIMUR]


def test_regions_for_infers_when_the_column_names_no_region():
    assert regions_for(None, "Banjir di Tebet") == [SELATAN]
    assert regions_for("", "Banjir di Tebet") == [SELATAN]
    assert regions_for("Nasional", "Banjir di Tebet") == [SELATAN]
    assert regions_for(None, "Judul tanpa tempat", "Isi menyebut Cakung") == [TIMUR]


def test_regions_for_falls_back_to_dki_jakarta():
    assert regions_for(None, "Gubernur DKI Jakarta meresmikan MRT") == [DKI]
    assert regions_for(None) == [DKI]
    assert regions_for("Bogor", "Banjir di Makassar", None) == [DKI]
