"""A deterministic demo newsroom, written as the weekly CMS exports Sorot ingests.

The files imitate what a portal like beritajakarta.id really sends: several
encodings and delimiters, Indonesian and English headers, mixed date and number
formats, co-written bylines, edited titles, URL variants of one article, and a
handful of bad rows. Every feature of the dashboard has something to show.

Only ``random.Random(seed)`` is used, and nothing depends on the clock, so the
same arguments always give byte-identical files.
"""

from __future__ import annotations

import csv
import datetime
import io
import math
import pathlib
import random
import re
import unicodedata
from dataclasses import dataclass

from etl.newsroom.calendar import MONTHS_ID, WEEKDAYS_ID

DEMO_END = datetime.date(2024, 11, 10)

KECAMATAN_CSV = pathlib.Path(__file__).parent / "newsroom" / "data" / "jakarta_kecamatan.csv"
URL_BASE = "https://www.beritajakarta.id/read"
EXPORT_PREFIX = "sorot-export-"

# How long the CMS keeps an article in its export (evergreen ones stay forever).
EXPORT_WINDOW_DAYS = 120
# Articles are published from this many days before the first snapshot.
LEAD_IN_DAYS = 28

HEADERS_ID = ["Judul", "Tautan", "Tanggal Terbit", "Penulis", "Fotografer", "Kanal", "Wilayah", "Dilihat"]
HEADERS_EN = ["Title", "URL", "Publish Date", "Author", "Photographer", "Category", "Region", "Views"]

TIYO = "Tiyo Surya Sakti"
TIYO_MISSPELLINGS = ["tiyo surya  sakti", "TIYO SURYA SAKTI", "Tiyo  Surya Sakti"]

REPORTERS = [
    TIYO, "Dessy Suciati", "Aldi Geri Lumban Tobing", "Nurito", "Rudi Hermawan",
    "Anita Karyati", "Folmer Silalahi", "Budhi Firmansyah Surapati", "Erna Martiyanti",
    "Ilham Kurniawan", "Nania Daen", "Suriaman Panjaitan", "Devi Lusianawati",
    "Wuri Setyaningsih", "Reza Pahlevi", "Andry Suwarno", "Yudha Peranginangin",
    "Adriana Megawati", "Rezki Apriliya Iskandar", "Nofian Pratama", "Maulana Hasanuddin",
    "Dewi Sartika Ramadhani", "Agus Salim Siregar", "Kurnia Dwi Lestari", "Fakhrizal Fakhri",
    "Hendra Gunawan", "Putri Ayu Wulandari", "Yanto Sugiarto", "Lina Marlina", "Arief Rahman Hakim",
]
PHOTOGRAPHERS = [
    "Reza Hapiz", "Mochamad Tresna Suheryanto", "Budi Santoso", "Dedi Kurniawan",
    "Ahmad Zulfikar", "Ibnu Hajar Nasution", "Yopie Oscar",
]
CO_AUTHOR_SEPARATORS = [", ", " dan ", " & ", "/"]
BYLINE_PREFIXES = ["Oleh: ", "Reporter: "]

CATEGORY_WEIGHTS = {
    "Pemerintahan": 22, "Ekonomi": 10, "Kesehatan": 10, "Pendidikan": 9, "Lingkungan": 10,
    "Transportasi": 11, "Olahraga": 8, "Budaya": 7, "Keamanan": 6, "Sosial": 7,
}
# Readers click some desks more than others.
CATEGORY_APPEAL = {
    "Pemerintahan": 0.8, "Ekonomi": 1.1, "Kesehatan": 1.1, "Pendidikan": 1.0, "Lingkungan": 1.0,
    "Transportasi": 1.4, "Olahraga": 0.9, "Budaya": 0.8, "Keamanan": 1.5, "Sosial": 1.0,
}

CITY_WEIGHTS = {
    "Jakarta Pusat": 30, "Jakarta Selatan": 25, "Jakarta Timur": 20,
    "Jakarta Barat": 13, "Jakarta Utara": 12,
}
SERIBU = "Kepulauan Seribu"
DKI = "DKI Jakarta"
SERIBU_COLUMN_FORMS = ["Kepulauan Seribu", "Kep. Seribu", "Kab. Adm. Kepulauan Seribu"]
SERIBU_TITLE_FORMS = ["Kepulauan Seribu", "Kep. Seribu", "Pulau Seribu"]

# Templates with {loc}: any place name (kecamatan, city, short form, two of them).
LOCAL_TEMPLATES = {
    "Pemerintahan": [
        "Musrenbang di {loc} Tampung {n} Usulan Warga",
        "Layanan Adminduk Keliling Sambangi {n} RW di {loc}",
        "Lurah se-{loc} Ikuti Bimtek Administrasi Kependudukan",
        "Sosialisasi Pilkada Ramah Disabilitas Digelar di {loc}",
        "Rakor Wilayah {loc} Bahas Penataan PKL",
        "Kantor Kelurahan di {loc} Buka Layanan Akhir Pekan",
        "Pejabat Baru di {loc} Dilantik, {n} Posisi Terisi",
    ],
    "Ekonomi": [
        "Bazar UMKM di {loc} Diikuti {n} Pelaku Usaha",
        "Harga Cabai di {loc} Mulai Turun",
        "Pelatihan Wirausaha Digital untuk {n} Warga {loc}",
        "Pasar Murah Sembako Digelar di {n} Titik {loc}",
        "Jakpreneur {loc} Pamerkan Produk Kuliner Lokal",
        "Gerakan Pangan Murah Sasar {N} Warga {loc}",
    ],
    "Kesehatan": [
        "Puskesmas {loc} Gelar Imunisasi untuk {N} Balita",
        "Kasus DBD di {loc} Meningkat, Warga Diminta Gencarkan PSN",
        "{n} Posyandu di {loc} Terima Alat Ukur Stunting",
        "Pemeriksaan Kesehatan Gratis untuk {N} Lansia di {loc}",
        "Fogging Dilakukan di {n} RT di {loc}",
        "Donor Darah di {loc} Kumpulkan {N} Kantong",
    ],
    "Pendidikan": [
        "{n} Sekolah di {loc} Ikuti Lomba Sekolah Sehat",
        "Siswa SMPN {n} {loc} Raih Juara Olimpiade Sains",
        "Perpustakaan Keliling Sambangi Anak-anak di {loc}",
        "{N} Guru PAUD se-{loc} Ikuti Pelatihan Kurikulum",
        "Pendaftaran KJP Plus di {loc} Dibuka hingga Akhir Bulan",
    ],
    "Lingkungan": [
        "Kerja Bakti Bersihkan {n} Saluran Air di {loc}",
        "Sudin LH Angkut {n} Ton Sampah dari Kali di {loc}",
        "{N} Bibit Pohon Ditanam di {loc}",
        "Bank Sampah di {loc} Hasilkan Rp{n} Juta per Bulan",
        "Rintik Hujan Diprediksi Basahi {loc} di Malam Hari",
        "Kualitas Udara di {loc} Membaik, {n} Titik Dipantau",
    ],
    "Transportasi": [
        "Rekayasa Lalu Lintas Diberlakukan di {n} Ruas Jalan {loc}",
        "{n} Halte Transjakarta di {loc} Direvitalisasi",
        "Dishub Tertibkan {n} Kendaraan Parkir Liar di {loc}",
        "Rute Baru Mikrotrans Layani Warga {loc}",
        "Perbaikan {n} Titik Jalan Berlubang di {loc} Rampung",
    ],
    "Olahraga": [
        "Turnamen Futsal Antar-RW Digelar di {loc}, {n} Tim Bertanding",
        "Atlet Muda {loc} Raih {n} Medali Emas di Porprov",
        "GOR {loc} Kembali Dibuka untuk Umum",
        "{n} Tim Ramaikan Liga Sepak Bola Usia Dini di {loc}",
        "Fun Run {loc} Diikuti {N} Pelari",
    ],
    "Budaya": [
        "Festival Palang Pintu Meriahkan {loc}",
        "{n} Sanggar Tari di {loc} Lestarikan Budaya Betawi",
        "Pentas Ondel-ondel Hibur Warga {loc}",
        "Lomba Kuliner Betawi di {loc} Diikuti {n} Peserta",
    ],
    "Keamanan": [
        "Satpol PP Tertibkan {n} Lapak PKL di {loc}",
        "Damkar Padamkan Kebakaran {n} Rumah di {loc}",
        "Simulasi Penanganan Kebakaran Digelar di {loc}",
        "Siskamling Diaktifkan Kembali di {n} RW {loc}",
        "Petugas Gabungan Razia {n} Rumah Kos di {loc}",
    ],
    "Sosial": [
        "Baznas Bazis Salurkan Bantuan untuk {N} Warga {loc}",
        "Bedah Rumah Warga Kurang Mampu di {loc}",
        "Bansos Disalurkan kepada {N} KPM di {loc}",
        "Dasawisma {loc} Gelar Lomba Kebersihan",
        "Warga {loc} Gotong Royong Perbaiki {n} Musala",
    ],
}

# Province-wide stories: no place in the title, so the region is DKI Jakarta.
PROVINCE_TEMPLATES = [
    "Pemprov DKI Adakan Rakor {topic}",
    "Pj Gubernur DKI Tinjau Kesiapan {topic}",
    "DPRD DKI Bahas Anggaran {topic}",
    "Pemprov DKI Luncurkan Program {topic}",
    "Jakarta Targetkan {topic} Rampung Tahun Depan",
    "Balai Kota Jadi Tuan Rumah Forum {topic}",
    "{n} Kelurahan di Jakarta Jadi Percontohan {topic}",
    "Sekda DKI Minta Wali Kota Kawal {topic}",
]
PROVINCE_TOPICS = {
    "Pemerintahan": ["Pilkada Ramah Anak", "Reformasi Birokrasi", "Pelayanan Publik Digital",
                     "Penataan Aset Daerah", "Satu Data Jakarta"],
    "Ekonomi": ["Pengendalian Inflasi", "Ketahanan Pangan", "Pemberdayaan UMKM", "Investasi Daerah"],
    "Kesehatan": ["Penurunan Stunting", "Pencegahan DBD", "Layanan Puskesmas 24 Jam", "Imunisasi Polio"],
    "Pendidikan": ["Sekolah Swasta Gratis", "KJP Plus", "Sekolah Ramah Anak", "Beasiswa KJMU"],
    "Lingkungan": ["Pengendalian Polusi Udara", "Penanganan Banjir", "Pengelolaan Sampah", "Ruang Terbuka Hijau"],
    "Transportasi": ["Integrasi Transportasi Publik", "Uji Emisi Kendaraan", "Jalur Sepeda", "Tarif Transjakarta"],
    "Olahraga": ["Jakarta International Marathon", "Porprov DKI", "Fasilitas Olahraga Publik"],
    "Budaya": ["Festival Betawi", "Pelestarian Cagar Budaya", "Museum Gratis"],
    "Keamanan": ["Pencegahan Kebakaran", "Penertiban Reklame", "Keamanan Pilkada"],
    "Sosial": ["Bansos Tepat Sasaran", "Penanganan PMKS", "Pendampingan Lansia"],
}
# Words that look like a place but are not one (a region gazetteer must not bite).
TRAP_TEMPLATES = [
    "Delegasi Makassar Studi Banding {topic} ke Balai Kota",
    "Wali Kota Makassar Pelajari {topic} di Jakarta",
    "CFD Minggu Pagi Diramaikan Kampanye {topic}",
    "Layanan {topic} Tetap Buka pada Hari Minggu",
    "Tim Makassar Timba Ilmu {topic} dari Pemprov DKI",
]
TITLE_SUFFIXES = [" Pekan Ini", " Hari Ini", " Tahap II", " Tahap III", " Jelang Akhir Tahun", " untuk Kedua Kalinya"]
TITLE_EDITS = [", Ini Jadwalnya", ", Warga Antusias", " (Update)", ", Ini Lokasinya", " Mulai Besok"]


@dataclass(frozen=True)
class Showcase:
    """A hand-written story that must be in every demo, whatever its size."""

    title: str
    category: str
    region_column: str
    day: int  # days after the first publication day
    evergreen: bool = False
    tiyo_misspelled: bool = False


SHOWCASE = [
    Showcase("Kafe ‘Rindu’ di Menteng Jadi Tempat Nongkrong Favorit", "Ekonomi", "", 1, evergreen=True),
    Showcase("CFD Digelar Setiap Minggu Pagi di Jalan Sudirman", "Transportasi", "", 2, evergreen=True),
    Showcase("Puskesmas Mampang Prapatan Wakili Jaksel di Lomba Konvensi Mutu Tingkat Provinsi",
             "Kesehatan", "Jaksel", 3, tiyo_misspelled=True),
    Showcase("Pemprov DKI Adakan Rakor Pilkada Ramah Anak", "Pemerintahan", DKI, 4),
    Showcase("DPRD-Kanwil Kemenag DKI Bahas Sekolah Madrasah Gratis", "Pendidikan", "", 5),
    Showcase("Delegasi Makassar Studi Banding Pengelolaan Sampah ke Balai Kota", "Lingkungan", "", 6),
    Showcase("Rintik Hujan Diprediksi Basahi Jaksel dan Jaktim di Malam Hari", "Lingkungan", "", 7),
    Showcase("Festival Café Betawi Meriahkan Kemayoran", "Budaya", "Jakarta Pusat", 8),
    Showcase("Pentas “Lenong Bocah” Hibur Warga Jagakarsa", "Budaya", "", 9),
    Showcase("Pulau Pramuka Jadi Lokasi Penanaman 1.000 Mangrove", "Lingkungan", "Kab. Adm. Kepulauan Seribu", 10),
    Showcase("Dermaga Baru di Kepulauan Seribu Utara Mulai Beroperasi", "Transportasi", "Kep. Seribu", 11),
    Showcase("Sudin Bina Marga Perbaiki Jalan Rusak di Cakung", "Transportasi",
             "Kota Administrasi Jakarta Timur", 12),
    Showcase("Banjir Rob Genangi Penjaringan dan Kalideres", "Lingkungan", "Jakarta Barat, Jakarta Utara", 13),
    Showcase("Bazar UMKM Digelar di Kantor Wali Kota Jakarta Selatan", "Ekonomi", "Jakarta Selatan", 14),
    Showcase("Warga Tebet Pasang Spanduk <b>Tolak</b> Parkir Liar", "Sosial", "", 15),
    Showcase("Resep Soto Betawi ala Chef André Jadi Primadona di Cilandak", "Budaya", "", 16),
    Showcase("Jakut Gelar Lomba Perahu Naga di Waduk Pluit", "Olahraga", "Jakut", 17),
    Showcase("Kawasan Kota Tua di Taman Sari Dipadati Wisatawan", "Budaya", "Jakbar", 18, evergreen=True),
]

SHOWCASE_TITLES = frozenset(item.title for item in SHOWCASE)

# Guides readers keep finding through search, published long before the demo.
OLD_EVERGREEN = [
    ("Cara Mengurus KTP Elektronik di Kelurahan, Ini Syaratnya", "Pemerintahan", 412),
    ("Daftar Lokasi Samsat Keliling di Jakarta", "Transportasi", 305),
    ("Panduan Lengkap Mendaftar KJP Plus", "Pendidikan", 233),
    ("Rute Transjakarta Koridor 1 Blok M–Kota", "Transportasi", 190),
]


@dataclass
class Article:
    article_no: int
    slug: str
    title: str
    published: datetime.datetime
    authors: tuple[str, ...]
    separator: str
    prefix: str
    photographer: str
    category: str
    region_column: str
    total: float  # views the first burst settles at
    tau: float  # days until ~63% of the first burst
    evergreen_per_day: float = 0.0
    resurge_after: float = 0.0  # days after publication; 0 = never
    resurge_total: float = 0.0
    evergreen: bool = False
    misspelled_author: str = ""
    edited_title: str = ""
    edited_from: datetime.date | None = None


@dataclass(frozen=True)
class ExportFormat:
    extension: str
    encoding: str  # Python codec; a BOM is written by hand where wanted
    bom: bool
    delimiter: str
    headers: list[str]
    date_style: str  # iso | dmy | long
    views_style: str  # plain | dots
    comma_views_share: float = 0.0
    snapshot_column: bool = False
    extra_column: bool = False


# --------------------------------------------------------------------------- public


def snapshot_dates(end: datetime.date, weeks: int) -> list[datetime.date]:
    """Weekly snapshot dates, oldest first, the last one being ``end``."""
    return [end - datetime.timedelta(days=7 * (weeks - 1 - i)) for i in range(weeks)]


def write_demo_exports(
    out_dir: pathlib.Path,
    *,
    weeks: int = 26,
    articles_per_day: int = 40,
    seed: int = 20241110,
    end: datetime.date = DEMO_END,
) -> list[pathlib.Path]:
    """(Re)create the demo's weekly export files in ``out_dir``; return them in snapshot order."""
    if weeks < 1:
        raise ValueError("weeks must be at least 1")
    out_dir = pathlib.Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    for old in sorted(out_dir.glob(EXPORT_PREFIX + "*")):
        old.unlink()

    rng = random.Random(seed)
    snapshots = snapshot_dates(end, weeks)
    articles = _plan_articles(rng, snapshots, articles_per_day)
    quirks = _plan_quirks(rng, articles, snapshots)

    paths = []
    for week_no, snapshot in enumerate(snapshots, start=1):
        fmt = export_format(week_no)
        rows = _export_rows(rng, articles, snapshots, week_no - 1, fmt, quirks)
        path = out_dir / f"{EXPORT_PREFIX}{snapshot.isoformat()}.{fmt.extension}"
        _write_file(path, fmt, rows)
        paths.append(path)
    return paths


def export_format(week_no: int) -> ExportFormat:
    """The file format of the ``week_no``-th export (1-based), as a real newsroom's mix."""
    date_style = ["iso", "dmy", "long"][week_no % 3]
    views_style = "dots" if week_no % 4 in (1, 2) else "plain"
    comma_share = 0.03 if week_no % 6 == 3 else 0.0
    if week_no % 7 == 0:  # Excel "Unicode text"
        return ExportFormat("txt", "utf-16-le", True, "\t", HEADERS_EN, "iso", "plain", comma_share)
    if week_no % 5 == 0:  # Excel "CSV" on an Indonesian Windows
        return ExportFormat("csv", "cp1252", False, ";", HEADERS_ID, "dmy", "dots", comma_share)
    if week_no == 2:
        return ExportFormat("csv", "utf-8", True, "|", HEADERS_ID, date_style, views_style, comma_share,
                            extra_column=True)
    return ExportFormat("csv", "utf-8", False, ",", HEADERS_ID, date_style, views_style, comma_share,
                        snapshot_column=week_no == 3)


# --------------------------------------------------------------------------- articles


def _plan_articles(rng: random.Random, snapshots: list[datetime.date], per_day: int) -> list[Article]:
    places = _load_places()
    weights = _reporter_weights(rng)
    first_day = snapshots[0] - datetime.timedelta(days=LEAD_IN_DAYS)
    used_titles: set[str] = set()
    drafts: list[tuple[datetime.datetime, str, str, str, dict]] = []

    for item in SHOWCASE:
        published = _publish_time(rng, first_day + datetime.timedelta(days=item.day))
        used_titles.add(item.title)
        drafts.append((published, item.title, item.category, item.region_column,
                       {"evergreen": item.evergreen, "tiyo": item.tiyo_misspelled, "showcase": True}))
    for title, category, days_before in OLD_EVERGREEN:
        published = _publish_time(rng, first_day - datetime.timedelta(days=days_before))
        used_titles.add(title)
        drafts.append((published, title, category, "", {"evergreen": True, "showcase": True}))

    day = first_day
    while day <= snapshots[-1]:
        for _ in range(_articles_on(rng, day, per_day)):
            category = _weighted(rng, CATEGORY_WEIGHTS)
            title, region_column = _headline(rng, category, places, used_titles)
            drafts.append((_publish_time(rng, day), title, category, region_column, {}))
        day += datetime.timedelta(days=1)

    drafts.sort(key=lambda d: d[0])
    articles = []
    article_no = 138_200
    for published, title, category, region_column, flags in drafts:
        article_no += rng.choice([1, 1, 1, 2, 3])
        articles.append(_make_article(rng, article_no, published, title, category, region_column,
                                      weights, flags))
    _plan_title_edits(rng, articles, snapshots)
    return articles


def _load_places() -> dict[str, list[str]]:
    """Place names a headline may use, by region: kecamatan names plus city forms."""
    places: dict[str, list[str]] = {}
    short_forms: dict[str, str] = {}
    with KECAMATAN_CSV.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            places.setdefault(row["region"], []).append(row["kecamatan"])
            short_forms[row["region"]] = row["short"]
    places["_short"] = [short_forms[city] for city in CITY_WEIGHTS]
    return places


def _reporter_weights(rng: random.Random) -> dict[str, float]:
    # Productivity spread 1x..3.6x; Tiyo is a busy one so his misspellings show up.
    spread = [1.0 + 2.6 * i / (len(REPORTERS) - 1) for i in range(len(REPORTERS))]
    rng.shuffle(spread)
    weights = dict(zip(REPORTERS, spread))
    weights[TIYO] = 3.6
    return weights


def _articles_on(rng: random.Random, day: datetime.date, per_day: int) -> int:
    weekday_factor = [1.15, 1.15, 1.15, 1.1, 1.05, 0.75, 0.65][day.weekday()]
    return max(1, round(per_day * weekday_factor * rng.uniform(0.85, 1.15)))


def _publish_time(rng: random.Random, day: datetime.date) -> datetime.datetime:
    hour_weights = [1, 1, 1, 1, 1, 2, 5, 8, 10, 10, 10, 9, 8, 9, 10, 9, 8, 7, 6, 6, 5, 4, 3, 2]
    hour = rng.choices(range(24), weights=hour_weights)[0]
    return datetime.datetime.combine(day, datetime.time(hour, rng.randrange(60)))


def _headline(rng: random.Random, category: str, places: dict[str, list[str]],
              used: set[str]) -> tuple[str, str]:
    """A fresh headline for ``category`` and the value of its region column (often empty)."""
    for _ in range(8):
        title, column_forms = _draft_headline(rng, category, places)
        if title not in used:
            break
    else:
        base = title
        for suffix in TITLE_SUFFIXES + [f" di RW {n:02d}" for n in range(1, 100)]:
            title = base + suffix
            if title not in used:
                break
    used.add(title)
    region_column = rng.choice(column_forms) if rng.random() < 0.5 else ""
    return title, region_column


def _draft_headline(rng: random.Random, category: str,
                    places: dict[str, list[str]]) -> tuple[str, list[str]]:
    """A headline and the region-column values that fit it."""
    kind = rng.random()
    numbers = {"n": rng.randint(2, 60), "N": _indonesian_number(rng.choice(range(100, 2600, 50)))}
    if kind < 0.05:
        topic = rng.choice(PROVINCE_TOPICS[category])
        return rng.choice(TRAP_TEMPLATES).format(topic=topic), [DKI]
    if kind < 0.27:
        topic = rng.choice(PROVINCE_TOPICS[category])
        return rng.choice(PROVINCE_TEMPLATES).format(topic=topic, **numbers), [DKI]
    template = rng.choice(LOCAL_TEMPLATES[category])
    if kind < 0.33:
        cities = rng.sample(list(CITY_WEIGHTS), 2)
        loc = _two_places(rng, cities, places)
        return template.format(loc=loc, **numbers), [", ".join(cities)]
    if kind < 0.35:
        loc = rng.choice(SERIBU_TITLE_FORMS + places[SERIBU])
        return template.format(loc=loc, **numbers), SERIBU_COLUMN_FORMS
    city = _weighted(rng, CITY_WEIGHTS)
    loc = _one_place(rng, city, places)
    return template.format(loc=loc, **numbers), _city_column_forms(city, places)


def _one_place(rng: random.Random, city: str, places: dict[str, list[str]]) -> str:
    form = rng.random()
    if form < 0.55:
        return rng.choice(places[city])
    if form < 0.75:
        return _short_form(city, places)
    return city


def _two_places(rng: random.Random, cities: list[str], places: dict[str, list[str]]) -> str:
    form = rng.random()
    if form < 0.4:
        a, b = (_short_form(c, places) for c in cities)
    elif form < 0.7:
        a, b = cities
    else:
        a, b = (rng.choice(places[c]) for c in cities)
    return f"{a} dan {b}"


def _short_form(city: str, places: dict[str, list[str]]) -> str:
    return places["_short"][list(CITY_WEIGHTS).index(city)]


def _city_column_forms(city: str, places: dict[str, list[str]]) -> list[str]:
    return [city, city, _short_form(city, places), f"Kota Administrasi {city}"]


def _make_article(rng: random.Random, article_no: int, published: datetime.datetime, title: str,
                  category: str, region_column: str, weights: dict[str, float], flags: dict) -> Article:
    authors = _pick_authors(rng, weights, force_tiyo=flags.get("tiyo", False))
    separator = rng.choice(CO_AUTHOR_SEPARATORS)
    prefix = rng.choice(BYLINE_PREFIXES) if rng.random() < 0.04 else ""
    photographer = _pick_photographer(rng, authors)
    # Lognormal appeal: median a few hundred views, the top stories tens of thousands.
    total = math.exp(rng.gauss(math.log(330), 1.25)) * CATEGORY_APPEAL[category]
    article = Article(
        article_no=article_no, slug=_slug(title), title=title, published=published,
        authors=authors, separator=separator, prefix=prefix, photographer=photographer,
        category=category, region_column=region_column, total=total, tau=rng.uniform(0.4, 2.5),
    )
    evergreen = flags.get("evergreen", False) or (not flags and rng.random() < 0.012)
    if evergreen:
        article.evergreen = True
        article.total = max(total, 2500.0 if flags else total)
        article.evergreen_per_day = article.total / rng.uniform(25, 80)
    elif not flags and rng.random() < 0.008:
        article.resurge_after = rng.uniform(14, 70)
        article.resurge_total = total * rng.uniform(1.5, 5.0)
    if TIYO in authors and (flags.get("tiyo") or rng.random() < 0.35):
        article.misspelled_author = TIYO_MISSPELLINGS[0] if flags.get("tiyo") else rng.choice(TIYO_MISSPELLINGS)
    return article


def _pick_authors(rng: random.Random, weights: dict[str, float], force_tiyo: bool) -> tuple[str, ...]:
    first = TIYO if force_tiyo else _weighted(rng, weights)
    if rng.random() < 0.004 and not force_tiyo:
        return ()  # the CMS left the byline empty
    if rng.random() < 0.10:
        second = _weighted(rng, weights)
        while second == first:
            second = _weighted(rng, weights)
        return (first, second)
    return (first,)


def _pick_photographer(rng: random.Random, authors: tuple[str, ...]) -> str:
    roll = rng.random()
    if roll < 0.3:
        return ""
    if roll < 0.85:
        return rng.choice(PHOTOGRAPHERS)
    # A reporter shooting for a colleague: never one of the article's own authors.
    return rng.choice([name for name in REPORTERS if name not in authors])


def _plan_title_edits(rng: random.Random, articles: list[Article], snapshots: list[datetime.date]) -> None:
    candidates = [a for a in articles if not _is_special(a)]
    for article in rng.sample(candidates, k=min(len(candidates), max(3, len(articles) // 250))):
        later = [s for s in snapshots[1:] if s > article.published.date() + datetime.timedelta(days=7)]
        if later:
            article.edited_title = article.title + rng.choice(TITLE_EDITS)
            article.edited_from = rng.choice(later[:4])


def _is_special(article: Article) -> bool:
    return article.title in SHOWCASE_TITLES or article.evergreen


# --------------------------------------------------------------------------- views


def views_at(article: Article, snapshot: datetime.date) -> int:
    """Cumulative views at the end of ``snapshot`` (WIB): fast first burst, then a long tail."""
    end = datetime.datetime.combine(snapshot + datetime.timedelta(days=1), datetime.time())
    t = max(0.0, (end - article.published).total_seconds() / 86400)
    views = article.total * (1 - math.exp(-t / article.tau)) + article.evergreen_per_day * t
    if article.resurge_after and t > article.resurge_after:
        views += article.resurge_total * (1 - math.exp(-(t - article.resurge_after) / 1.5))
    return int(views)


def _in_export(article: Article, snapshot: datetime.date) -> bool:
    age = (snapshot - article.published.date()).days
    return age >= 0 and (article.evergreen or age <= EXPORT_WINDOW_DAYS)


# --------------------------------------------------------------------------- quirks


@dataclass
class Quirks:
    missing: set[tuple[int, int]]  # (article_no, week index) left out of that week
    corrected: dict[tuple[int, int], int]  # views lowered by a CMS correction
    bad: dict[tuple[int, int], str]  # a broken row, by kind
    tiyo_fixed_from: int  # week index from which the CMS spells Tiyo's name right


BAD_ROW_KINDS = ["views_na", "views_negative", "views_decimal", "impossible_date",
                 "empty_title", "missing_url", "ragged", "duplicate"]


def _plan_quirks(rng: random.Random, articles: list[Article], snapshots: list[datetime.date]) -> Quirks:
    weeks = len(snapshots)
    quirks = Quirks(set(), {}, {}, tiyo_fixed_from=max(1, weeks - 3))
    ordinary = [a for a in articles if not _is_special(a)]

    def present_around(week: int) -> list[Article]:
        return [a for a in ordinary
                if all(_in_export(a, snapshots[w]) for w in (week - 1, week, week + 1))]

    if weeks >= 3:
        for _ in range(6):
            week = rng.randint(1, weeks - 2)
            quirks.missing.add((rng.choice(present_around(week)).article_no, week))
        for _ in range(2):
            week = rng.randint(1, weeks - 2)
            pool = sorted(present_around(week), key=lambda a: -views_at(a, snapshots[week - 1]))[:50]
            article = rng.choice(pool)
            quirks.corrected[(article.article_no, week)] = int(views_at(article, snapshots[week - 1]) * 0.97)

    for j, kind in enumerate(BAD_ROW_KINDS):
        week = (3 * j + 1) % weeks
        pool = [a for a in ordinary if _in_export(a, snapshots[week])
                and (a.article_no, week) not in quirks.missing
                and (a.article_no, week) not in quirks.corrected
                and (a.article_no, week) not in quirks.bad]
        quirks.bad[(rng.choice(pool).article_no, week)] = kind
    return quirks


# --------------------------------------------------------------------------- rows and files


def _export_rows(rng: random.Random, articles: list[Article], snapshots: list[datetime.date],
                 week: int, fmt: ExportFormat, quirks: Quirks) -> list[list[str]]:
    snapshot = snapshots[week]
    header = list(fmt.headers)
    if fmt.snapshot_column:
        header.append("Per Tanggal")
    if fmt.extra_column:
        header.append("Komentar")
    rows, tail = [header], []
    # The CMS lists the newest first.
    for article in reversed(articles):
        key = (article.article_no, week)
        if not _in_export(article, snapshot) or key in quirks.missing:
            continue
        views = quirks.corrected.get(key, views_at(article, snapshot))
        row = _article_row(rng, article, snapshot, week, views, fmt, quirks)
        kind = quirks.bad.get(key)
        if kind == "duplicate":
            # The same story listed twice (a CMS join glitch), the copy with older numbers.
            tail.append(_article_row(rng, article, snapshot, week, int(views * 0.9), fmt, quirks))
        elif kind:
            row = _break_row(row, kind)
        rows.append(row)
    rows.extend(tail)
    return rows


def _article_row(rng: random.Random, article: Article, snapshot: datetime.date, week: int,
                 views: int, fmt: ExportFormat, quirks: Quirks) -> list[str]:
    title = article.title
    if article.edited_from and snapshot >= article.edited_from:
        title = article.edited_title
    row = [
        title,
        _url_variant(rng, article),
        _format_date(article.published, fmt.date_style),
        _byline(article, misspell=week < quirks.tiyo_fixed_from),
        article.photographer,
        article.category,
        article.region_column,
        _format_views(rng, views, fmt),
    ]
    if fmt.snapshot_column:
        row.append(snapshot.isoformat())
    if fmt.extra_column:
        row.append(str(rng.randint(0, 40)))
    return row


def _break_row(row: list[str], kind: str) -> list[str]:
    broken = list(row)
    if kind == "views_na":
        broken[7] = "n/a"
    elif kind == "views_negative":
        broken[7] = "-4"
    elif kind == "views_decimal":
        broken[7] = "2.5"
    elif kind == "impossible_date":
        broken[2] = "31/02/2024"
    elif kind == "empty_title":
        broken[0] = ""
    elif kind == "missing_url":
        broken[1] = ""
    elif kind == "ragged":
        broken = broken[:4]
    return broken


def _url_variant(rng: random.Random, article: Article) -> str:
    url = f"{URL_BASE}/{article.article_no}/{article.slug}"
    roll = rng.random()
    if roll < 0.0015:
        return url.replace("https://www.", "http://")
    if roll < 0.003:
        return url + "?utm_source=wa"
    if roll < 0.004:
        return url + "/"
    return url


def _byline(article: Article, misspell: bool) -> str:
    names = [article.misspelled_author if misspell and name == TIYO and article.misspelled_author else name
             for name in article.authors]
    if not names:
        return ""
    return article.prefix + article.separator.join(names)


def _format_date(published: datetime.datetime, style: str) -> str:
    if style == "iso":
        return published.strftime("%Y-%m-%d %H:%M")
    if style == "dmy":
        return published.strftime("%d/%m/%Y %H.%M") + " WIB"
    weekday = WEEKDAYS_ID[published.weekday()]
    month = MONTHS_ID[published.month - 1]
    return f"{weekday}, {published.day} {month} {published.year} {published:%H:%M} WIB"


def _format_views(rng: random.Random, views: int, fmt: ExportFormat) -> str:
    if fmt.comma_views_share and views >= 1000 and rng.random() < fmt.comma_views_share:
        return f"{views:,}"
    if fmt.views_style == "dots":
        return _indonesian_number(views)
    return str(views)


def _write_file(path: pathlib.Path, fmt: ExportFormat, rows: list[list[str]]) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=fmt.delimiter, lineterminator="\r\n")
    writer.writerows(rows)
    text = ("\ufeff" if fmt.bom else "") + buffer.getvalue()
    path.write_bytes(text.encode(fmt.encoding))


# --------------------------------------------------------------------------- helpers


def _weighted(rng: random.Random, weights: dict[str, float]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _indonesian_number(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def _slug(title: str) -> str:
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    ascii_title = re.sub(r"<[^>]+>", " ", ascii_title)
    return re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")[:90].rstrip("-")
