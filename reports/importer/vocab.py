"""Word tables of Indonesian police news, each with the real usage it was written for.

Extending the parser to a new outlet or a new turn of phrase is usually one line here.
Entries are lowercase unless said otherwise; matching is case-insensitive.
"""

from __future__ import annotations


def word_set(text: str) -> frozenset[str]:
    """The space-separated words of `text`, for long word lists that read as prose."""
    return frozenset(text.split())


# --- Dates -----------------------------------------------------------------------------

# Month names and abbreviations, Indonesian and English: "13 Agu 2024", "Nov 3, 2023",
# "3 November 2023", "2 Nopember 2023" (old spelling), "Sept. 5, 2024", "Pebruari".
MONTHS: dict[str, int] = {
    "januari": 1, "january": 1, "jan": 1,
    "februari": 2, "pebruari": 2, "february": 2, "feb": 2, "peb": 2,
    "maret": 3, "march": 3, "mar": 3,
    "april": 4, "apr": 4,
    "mei": 5, "may": 5,
    "juni": 6, "june": 6, "jun": 6,
    "juli": 7, "july": 7, "jul": 7,
    "agustus": 8, "august": 8, "agu": 8, "agt": 8, "agst": 8, "aug": 8, "ags": 8,
    "september": 9, "sept": 9, "sep": 9,
    "oktober": 10, "october": 10, "okt": 10, "oct": 10,
    "november": 11, "nopember": 11, "nov": 11, "nop": 11,
    "desember": 12, "december": 12, "des": 12, "dec": 12,
}  # fmt: skip

# Weekdays, Monday = 0 as in `date.weekday()`: "Kamis (2/11/2023)", "Jum'at (12/1)",
# "Minggu (25/8)", "Ahad (1/9)"; English ones appear in scraped page dates ("Friday").
WEEKDAYS: dict[str, int] = {
    "senin": 0, "selasa": 1, "rabu": 2, "kamis": 3, "jumat": 4, "jum'at": 4, "jum’at": 4,
    "sabtu": 5, "minggu": 6, "ahad": 6,
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4,
    "saturday": 5, "sunday": 6,
}  # fmt: skip

# --- Page chrome -----------------------------------------------------------------------

# A short line starting with one of these ends the article: what follows is comment
# forms, related headlines, tags or the footer ("TINGGALKAN KOMENTAR", "BERITA TERBARU",
# "Berita Terkait", "Check Also", "Tags: Pemilu 2024", "Editor : Moch Ilham").
END_MARKERS: tuple[str, ...] = (
    "tinggalkan komentar", "tinggalkan balasan", "leave a reply", "leave a comment",
    "berikan komentar", "tulis komentar", "komentar", "comments", "silakan masukkan komentar",
    "berita terbaru", "berita terkait", "berita lainnya", "berita populer", "berita pilihan",
    "baca berita lainnya", "artikel terkait", "artikel lainnya", "related posts",
    "related articles", "related news", "check also", "you may also like", "terpopuler",
    "populer", "most popular", "trending", "rekomendasi", "rekomendasi untuk anda",
    "pilihan editor", "terkini", "tags", "tag", "topik", "copyright", "©", "share this",
    "bagikan", "editor", "redaktur", "penyunting", "simak breaking news",
    "ikuti berita", "dapatkan update", "about the author", "tentang penulis", "lainnya dari",
)  # fmt: skip

# A line starting with one of these is dropped wherever it is ("Baca Juga: Polres Malang
# Gelar ...", "ADVERTISEMENT", "SCROLL TO CONTINUE WITH CONTENT", "Foto: Humas Polres").
NOISE_LINE_STARTS: tuple[str, ...] = (
    "baca juga", "baca pula", "simak juga", "lihat juga", "baca selengkapnya",
    "simak video", "tonton juga", "advertisement", "scroll to continue", "iklan",
    "gabung ke saluran", "ikuti kami", "follow us", "klik di sini", "klik disini",
    "download aplikasi", "halaman selanjutnya", "halaman berikutnya", "next page",
    "foto:", "foto :", "foto/", "(foto", "[foto", "ilustrasi", "sumber foto", "dok.", "dok:",
    "caption:", "keterangan foto", "photo:", "image:", "share:", "share on", "copy link",
    "salin link", "dibaca", "views", "print", "cetak", "font", "a+", "a-", "loading",
    # "Artikel ini telah tayang di Tribunnews.com dengan judul ..." (Tribun network)
    "artikel ini telah tayang", "artikel ini sudah tayang", "berita ini telah tayang",
    "simak berita", "dapatkan berita", "update berita", "ikuti saluran", "cek berita",
)  # fmt: skip

# Lines of the page header before the body that are not the headline: logo and menu
# words ("BOSSMAN", "24Jam" are caught by shape; these are the words).
MENU_WORDS: frozenset[str] = word_set(
    "home beranda berita news menu cari search login masuk daftar register headline "
    "breaking trending nasional daerah regional polri hukum politik pemilu pilkada "
    "kriminal peristiwa advertisement iklan index indeks kanal redaksi olahraga sport "
    "ekonomi bisnis teknologi tekno otomotif gaya hidup lifestyle hiburan entertainment "
    "internasional opini video foto galeri kesehatan pendidikan edukasi wisata religi "
    "metro terkini terpopuler populer kontak tentang kami pedoman media siber "
    "hubungi lainnya more"
)

# Words of a site's tagline or section label above the headline, beside MENU_WORDS and
# area names: "Berita Jambi Terkini dan Terpercaya", "Info Sidoarjo Hari Ini", "Portal
# Berita Online Terpercaya", "Berita Utama", "Info Riau Terupdate", a news agency's "Kantor
# Berita Nasional" (kantor berita: news agency). A candidate headline
# made only of these words is not the headline.
TAGLINE_WORDS: frozenset[str] = word_set(
    "berita kabar info informasi portal situs media koran harian mingguan online warta "
    "terkini terbaru terupdate terpercaya tepercaya terdepan terlengkap teraktual aktual akurat "
    "tajam cepat lugas independen berimbang faktual inspiratif mencerahkan hari ini "
    "update utama pilihan seputar sekitar dan & di dari untuk dalam se indonesia "
    "nusantara daily today times post kantor"
)

# Domains that are links, not outlets (WhatsApp numbers, social media, short links).
NOT_OUTLET_DOMAINS: frozenset[str] = word_set(
    "wa.me whatsapp.com api.whatsapp.com chat.whatsapp.com facebook.com fb.com fb.me "
    "twitter.com x.com instagram.com youtube.com youtu.be tiktok.com t.me telegram.me "
    "linktr.ee bit.ly s.id tinyurl.com google.com news.google.com goo.gl play.google.com "
    "apps.apple.com gmail.com yahoo.com yahoo.co.id hotmail.com outlook.com wordpress.com "
    "blogspot.com linkedin.com pinterest.com threads.net line.me"
)

# Top-level domains news sites use; anything else ("S.H.", "No.129", "Prov.Kalteng",
# "Kec.Kaliwates") is not a domain.
TLDS: frozenset[str] = word_set(
    "id com net org info news co tv online site xyz today media asia top pro live club "
    "biz web me link one world group press network digital tech space website blog io cc "
    "my"
)

# --- Bylines ---------------------------------------------------------------------------

# Labels that introduce a named writer ("Penulis: X", "Reporter : X", "Pewarta: X",
# "Laporan Wartawan Tribunjatim.com, X", "Oleh: X", "Kontributor: X", "Ditulis oleh X").
AUTHOR_LABELS: tuple[str, ...] = (
    "penulis", "reporter", "pewarta", "wartawan", "kontributor", "jurnalis", "oleh", "rep",
    "ditulis oleh", "written by", "by", "author", "laporan wartawan", "laporan reporter",
    "laporan kontributor", "laporan",
)  # fmt: skip

# Labels of people who are not the writer ("Editor : Moch Ilham", "Redaktur: X",
# "Foto: X", "Penyunting", "Fotografer").
NOT_AUTHOR_LABELS: tuple[str, ...] = (
    "editor", "redaktur", "penyunting", "foto", "fotografer", "photo", "video",
    "sumber", "publisher", "penerbit", "uploader", "admin",
    # Republika's "Rep: Nama Red: Nama" (Rep is the reporter, Red the redaktur)
    "red",
)  # fmt: skip

# Byline "names" that are not a person ("author surabayapagi.com", "admin", "Tim
# Redaksi", "Humas Polres Malang", "Redaksi", "Rilis").
NOT_A_WRITER: frozenset[str] = word_set(
    "admin administrator redaksi tim humas rilis release editor redaktur staf staff "
    "kontributor wartawan reporter penulis pewarta polres polda polsek polresta "
    "polrestabes bidhumas sihumas berita news media com id"
)

# --- Elections -------------------------------------------------------------------------

# Words for Pemilu 2024 and Pilkada 2024 (docs/domain.md). "Pemilihan Umum" inside "Komisi
# Pemilihan Umum (KPU)" and "Pemilu" in "Badan Pengawas Pemilu (Bawaslu)" name the
# institutions, not the election, and are masked before counting (see ELECTION_MASK).
PEMILU_WORDS: tuple[str, ...] = (
    r"pemilu(?:\s+serentak)?", r"pileg", r"pilpres", r"pemilihan\s+umum",
    r"pemilihan\s+presiden", r"pemilihan\s+legislatif", r"operasi\s+mantap\s+brata",
    r"ops\.?\s+mantap\s+brata", r"mantap\s+brata", r"omb",
)  # fmt: skip
PILKADA_WORDS: tuple[str, ...] = (
    r"pilkada(?:\s+serentak)?", r"pilgub", r"pilbup", r"pilwali", r"pilwalkot",
    r"pemilihan\s+kepala\s+daerah", r"pemilihan\s+gubernur", r"pemilihan\s+bupati",
    r"pemilihan\s+wali\s*kota", r"pemilihan\s+serentak", r"mantap\s+praja", r"omp",
)  # fmt: skip
# Institutions whose names contain election words: "Komisi Pemilihan Umum (KPU)",
# "Badan Pengawas Pemilu", "Panitia Pengawas Pemilu", "penyelenggara Pemilu" (the KPU).
ELECTION_MASK: tuple[str, ...] = (
    r"komisi\s+pemilihan\s+umum", r"pengawas\s+pemilu", r"pengawas\s+pemilihan\s+umum",
    r"penyelenggara\s+pemilu", r"penyelenggaraan\s+pemilu",
)  # fmt: skip

# --- Operations ------------------------------------------------------------------------

# Capitalised words after "Operasi Mantap Praja" that are not a code name: "Operasi
# Mantap Praja Tahun 2024", "OMB Polda Jatim", "Ops Mantap Brata di Wilayah".
NOT_OPERATION_CODE: frozenset[str] = word_set(
    "tahun polda polres polresta polrestabes polsek polri dan di ke yang untuk dalam serta "
    "jelang menjelang pada guna bagi dengan oleh sebagai kepolisian wilayah jajaran ini "
    "itu tersebut tni kpu bawaslu pilkada pemilu periode tingkat pusat terpusat kewilayahan "
    "hari digelar resmi sudah telah akan mulai berjalan berlangsung dimulai"
)

# --- People ----------------------------------------------------------------------------

# Police ranks (docs/domain.md), spelled out or abbreviated, to the standard abbreviation;
# high ranks carry " Pol" ("Komisaris Polisi" -> "Kompol", "Kombes" -> "Kombes Pol",
# "Irjen Pol" stays, "Brigadir" alone is "Brigpol"). Keys are lowercase, single spaces.
POLICE_RANKS: dict[str, str] = {
    "jenderal polisi": "Jenderal Pol", "jenderal pol": "Jenderal Pol",
    "jendral polisi": "Jenderal Pol", "jenderal": "Jenderal Pol",
    "komisaris jenderal polisi": "Komjen Pol", "komjen pol": "Komjen Pol", "komjen": "Komjen Pol",
    "komjenpol": "Komjen Pol",
    "inspektur jenderal polisi": "Irjen Pol", "irjen pol": "Irjen Pol", "irjen": "Irjen Pol",
    "irjenpol": "Irjen Pol",
    "brigadir jenderal polisi": "Brigjen Pol", "brigjen pol": "Brigjen Pol",
    "brigjen": "Brigjen Pol", "brigjenpol": "Brigjen Pol",
    "komisaris besar polisi": "Kombes Pol", "kombes pol": "Kombes Pol", "kombes": "Kombes Pol",
    "kombespol": "Kombes Pol",
    "ajun komisaris besar polisi": "AKBP", "akbp": "AKBP",
    "komisaris polisi": "Kompol", "kompol": "Kompol",
    "ajun komisaris polisi": "AKP", "akp": "AKP",
    "inspektur polisi satu": "Iptu", "iptu": "Iptu",
    "inspektur polisi dua": "Ipda", "ipda": "Ipda",
    "ajun inspektur polisi satu": "Aiptu", "aiptu": "Aiptu",
    "ajun inspektur polisi dua": "Aipda", "aipda": "Aipda",
    "brigadir polisi kepala": "Bripka", "bripka": "Bripka",
    "brigadir polisi satu": "Briptu", "briptu": "Briptu",
    "brigadir polisi dua": "Bripda", "bripda": "Bripda",
    "brigadir polisi": "Brigpol", "brigpol": "Brigpol", "brigadir": "Brigpol",
    "ajun brigadir polisi satu": "Abriptu", "abriptu": "Abriptu",
    "ajun brigadir polisi dua": "Abripda", "abripda": "Abripda",
    "ajun brigadir polisi": "Abrippol", "abrippol": "Abrippol",
    "bhayangkara kepala": "Bharaka", "bharaka": "Bharaka",
    "bhayangkara satu": "Bharatu", "bharatu": "Bharatu",
    "bhayangkara dua": "Bharada", "bharada": "Bharada",
}  # fmt: skip

# TNI ranks ("Dandim 0824 Letkol Inf Nama", "Letnan Kolonel Infanteri", "Mayjen TNI",
# "Kapten Czi", "Serka"); the corps after them is kept ("Letkol Inf", "Kolonel Arm").
TNI_RANKS: dict[str, str] = {
    "jenderal tni": "Jenderal TNI", "letnan jenderal tni": "Letjen TNI", "letjen tni": "Letjen TNI",
    "letjen": "Letjen TNI", "mayor jenderal tni": "Mayjen TNI", "mayjen tni": "Mayjen TNI",
    "mayjen": "Mayjen TNI", "brigadir jenderal tni": "Brigjen TNI", "brigjen tni": "Brigjen TNI",
    "laksamana pertama tni": "Laksma TNI", "laksma tni": "Laksma TNI",
    "marsekal pertama tni": "Marsma TNI", "marsma tni": "Marsma TNI",
    "kolonel": "Kolonel", "letnan kolonel": "Letkol", "letkol": "Letkol", "mayor": "Mayor",
    "kapten": "Kapten", "letnan satu": "Lettu", "lettu": "Lettu", "letnan dua": "Letda",
    "letda": "Letda", "pembantu letnan satu": "Peltu", "peltu": "Peltu",
    "pembantu letnan dua": "Pelda", "pelda": "Pelda", "sersan mayor": "Serma", "serma": "Serma",
    "sersan kepala": "Serka", "serka": "Serka", "sersan satu": "Sertu", "sertu": "Sertu",
    "sersan dua": "Serda", "serda": "Serda", "kopral kepala": "Kopka", "kopka": "Kopka",
    "kopral satu": "Koptu", "koptu": "Koptu", "kopral dua": "Kopda", "kopda": "Kopda",
    "prajurit kepala": "Praka", "praka": "Praka", "prajurit satu": "Pratu", "pratu": "Pratu",
    "prajurit dua": "Prada", "prada": "Prada",
}  # fmt: skip

# TNI corps after a rank, spelled out or short ("Letkol Inf", "Letnan Kolonel
# Infanteri", "Kolonel Czi", "Mayor Laut (P)", "Kapten Cpm").
TNI_CORPS: dict[str, str] = {
    "infanteri": "Inf", "inf": "Inf", "kavaleri": "Kav", "kav": "Kav",
    "artileri medan": "Arm", "arm": "Arm", "artileri pertahanan udara": "Arh", "arh": "Arh",
    "zeni": "Czi", "czi": "Czi", "perhubungan": "Chb", "chb": "Chb", "kesehatan": "Ckm",
    "ckm": "Ckm", "polisi militer": "Cpm", "cpm": "Cpm", "ajudan jenderal": "Caj", "caj": "Caj",
    "peralatan": "Cpl", "cpl": "Cpl", "pembekalan angkutan": "Cba", "cba": "Cba",
    "topografi": "Ctp", "ctp": "Ctp", "hukum": "Chk", "chk": "Chk", "keuangan": "Cku",
    "cku": "Cku", "penerbang": "Cpn", "cpn": "Cpn", "pnb": "Pnb", "lek": "Lek", "kal": "Kal",
    "sus": "Sus", "adm": "Adm", "psk": "Psk", "nav": "Nav", "mar": "Mar", "tek": "Tek",
    "laut": "Laut", "tni": "TNI",
}  # fmt: skip

# Degrees and honorifics that are not part of a name, compared without dots and case
# ("Drs. Djoko Poerwanto", "Moh Nurhidayat SIK MM", "Toha S.H.", "M.H.", "H.", "Hj.").
DEGREES: frozenset[str] = word_set(
    "sik sh mh msi mm ssos skom st mt se msc spd mpd sag mag sip map mba phd lc ma shut "
    "spsi mkn mkes skm strk mhan sikom spi chrmp sstmp stp sst sp mhum shi sap mikom "
    "mtropsla mtr mtrk sh mh psi ak cpa mkom mpsi ssi mh skep ns sked ked mp sos msos "
    "sfarm apt sstp mtp mbm mba mps mtropsla mipol mm ms mih sktm skg"
)
HONORIFICS: frozenset[str] = word_set(
    "dr drs dra ir prof h hj hm kh kyai ustadz ustaz haji hajjah bapak ibu pak bu sdr saudara "
    "saudari tuan nyonya "
    # clergy, also before a short form of the name: "K.H. Nama Lengkap" then "pesan Kiai
    # Lengkap", "Ustazah Nama", "Pdt. Nama"; Aceh's "Tgk."/"Teungku", Lombok's "TGH" (Tuan
    # Guru Haji), Minangkabau's "Buya"
    "kiai ustad ustadzah ustazah pdt tgk teungku tgh buya"
)

# Positions that start a person's title, longest forms first where they overlap
# ("Kapolres Malang", "Kasihumas Polres Malang", "Kabag Ops Polres Jember", "Kaopsda
# Telabang 2024", "Kasatgashumas", "Wakil Kepala Kepolisian Resor Malang", "Dandim 0824",
# "Ketua KPU Kabupaten Malang", "Pj Bupati", "Kabid Humas Polda Jatim").
POSITION_WORDS: tuple[str, ...] = (
    # police chiefs and deputies
    "kapolri", "wakapolri", "kapolda", "wakapolda", "kapolres", "wakapolres", "kapolresta",
    "wakapolresta", "kapolrestabes", "wakapolrestabes", "kapolsek", "wakapolsek",
    "kapolsekta", "kapospol", "kapolsubsektor",
    # spelled out: "Kepala Kepolisian Resor", "Wakil Kepala Kepolisian Daerah"
    "wakil kepala", "kepala", "plt kepala", "plh kepala",
    # functions (docs/domain.md)
    "kabag ops", "kabagops", "kabag", "kasat", "kasatreskrim", "kasat reskrim",
    "kasatlantas", "kasat lantas", "kasat samapta", "kasatsamapta", "kasat intelkam",
    "kasatintelkam", "kasat binmas", "kasatbinmas", "kasi humas", "kasihumas", "kasi",
    "kasubsi", "kasubsi penmas", "kasubbag humas", "kasubbaghumas", "kasubbag", "kabid humas",
    "kabidhumas", "kabid", "kasubbid", "kasubbid penmas", "kabid propam", "dir", "direktur",
    "dirbinmas", "dirlantas", "dirreskrimum", "dirreskrimsus", "dirintelkam", "dirsamapta",
    "dirpamobvit", "karo ops", "karoops", "karo", "kaopsda", "kaops", "waka ops", "wakaopsda",
    "kasatgas", "kasatgashumas", "kasatgasda", "kasatgaswil", "kasatgas humas", "kaur",
    "kaurbinops", "kanit", "panit", "kasubnit", "kapospam", "kapos", "bhabinkamtibmas",
    "kadiv humas", "kadivhumas", "karopenmas", "kabagpenum", "kabag penum", "kasubdit",
    "wadir", "pamen", "pama", "perwira", "kasiwas", "kasipropam", "kasidokkes", "kasium",
    "kabaglog", "kabag log", "kabag sdm", "kabagren", "kabag ren", "kapolairud",
    "danki", "danyon", "dansat brimob", "danyon brimob", "dansat", "kasat brimob",
    # TNI
    "panglima", "pangdam", "kasdam", "danrem", "kasrem", "dandim", "kasdim", "danramil",
    "babinsa", "danlanal", "danlanud", "pasiops", "pasi ops", "pasi intel", "danpomdam",
    # task-force, post and unit commanders: "Dansatgas Pamtas RI-PNG", "Danyonif 123"
    "dansatgas", "wadansatgas", "danpos", "danyonif", "danbrigif", "danlantamal",
    # civilians
    "ketua", "wakil ketua", "anggota", "komisioner", "sekretaris", "koordinator", "kordiv",
    "bupati", "wakil bupati", "wabup", "pj bupati", "penjabat bupati", "plt bupati",
    "wali kota", "walikota", "wakil wali kota", "wakil walikota", "pj wali kota",
    "pj walikota", "penjabat wali kota", "gubernur", "wakil gubernur", "pj gubernur",
    "penjabat gubernur", "sekda", "sekretaris daerah", "asisten", "camat", "lurah",
    "kepala desa", "kades", "kapolsubsektor", "menteri", "presiden", "wakil presiden",
    "kajari", "kajati", "kepala kejaksaan", "kalapas", "kepala dinas", "kadis", "kaban",
    "kalak bpbd", "kepala badan", "ketua dprd", "ketua kpu", "ketua bawaslu", "ketua ppk",
    "ketua pps", "ketua kpps", "tokoh masyarakat", "tokoh agama", "pengamat", "direktur",
    # commanders spelled out: "Komandan Kodim (Dandim) 0824/Jember", "Komandan Korem 084"
    "komandan", "wakil komandan",
    # village heads of other regions: "Perbekel Sayan" (Bali), "Keuchik Gampong" (Aceh),
    # "Wali Nagari" (Sumatera Barat), "Kepala Lingkungan", "Kepala Kampung" (Papua)
    "perbekel", "keuchik", "geuchik", "wali nagari", "kepala lingkungan", "kepala kampung",
    "kepala dusun", "kadus", "bendesa", "kepala kelurahan",
    # Bali's customary village and hamlet heads: "Bendesa Adat X", "Kelian Banjar Y"
    "bendesa adat", "kelian banjar", "klian banjar", "kelian banjar adat", "klian banjar adat",
    "kelian adat", "klian adat", "kelian dinas", "klian dinas",
    # heads of a district under a regional name, the district named next like a camat's:
    # "Panewu Playen" (DIY's kapanewon), "Mantri Pamong Praja Kraton" (DIY's kemantren),
    # "Kepala Distrik Abepura" (Papua); and of villages and hamlets: "Dukuh X" (DIY),
    # "Kepala Pekon X" / "Peratin X" (Lampung), "Kepala Lembang X" (Toraja), "Wali
    # Jorong X" (Sumatera Barat)
    "panewu", "panewu anom", "mantri pamong praja", "kepala distrik", "dukuh",
    "kepala padukuhan", "kepala pekon", "peratin", "kepala lembang", "wali jorong",
    "kepala jorong",
)  # fmt: skip
# Prefixes of an acting holder before a position: "Pj Bupati Bima", "Pjs Wali Kota
# Kudus", "Plt Kepala Dinas", "Plh Sekda", "Penjabat Sementara (Pjs) Wali Kota X",
# "Pelaksana Tugas (Plt) Bupati X", "Pelaksana Harian (Plh) Kapolres".
ACTING_PREFIXES: tuple[str, ...] = (
    "pj", "pjs", "plt", "plh", "penjabat", "penjabat sementara", "pelaksana tugas",
    "pelaksana harian",
)  # fmt: skip
# Positions whose holder's village or ward is named next ("Lurah Sukamaju Ahmad", "Perbekel
# Sayan I Made X", "Kepala Lingkungan Y", "Keuchik Gampong Z" in Aceh, "Wali Nagari").
VILLAGE_HEADS: frozenset[str] = frozenset(
    {"lurah", "kades", "perbekel", "keuchik", "geuchik", "kepala lingkungan", "wali nagari",
     "kepala kampung", "kepala dusun", "kadus", "bendesa", "kepala kelurahan", "dukuh",
     "kepala padukuhan", "kepala pekon", "peratin", "kepala lembang", "wali jorong",
     "kepala jorong", "bendesa adat", "kelian banjar", "klian banjar", "kelian banjar adat",
     "klian banjar adat", "kelian adat", "klian adat", "kelian dinas", "klian dinas"}
)  # fmt: skip

# Positions of the army: a high rank next to them is a TNI rank ("Brigjen" of a Danrem).
TNI_POSITIONS: frozenset[str] = word_set(
    "panglima pangdam kasdam danrem kasrem dandim kasdim danramil babinsa danlanal danlanud "
    "pasiops danpomdam danyonif danbrigif danlantamal"
)

# Speech verbs after a quote ('," kata Iptu Ahmad Taufik', '," ujarnya', '," ucap dia',
# '," pungkas Kabag Ops', '," tutupnya') and before one ('Erlan mengatakan, "...').
SPEECH_VERBS_AFTER: tuple[str, ...] = (
    "kata", "ujar", "ucap", "tutur", "ungkap", "jelas", "tegas", "terang", "sebut", "tambah",
    "imbuh", "pungkas", "tutup", "papar", "lanjut", "sambung", "pesan", "harap", "ajak",
    "pinta", "imbau", "himbau", "urai", "beber", "tandas", "timpal", "seru", "akui", "klaim",
    "catat", "nilai", "tanya", "jawab", "kenang", "cerita", "sahut", "tukas", "kilah",
    "ingat", "ingatkan", "tekan", "katakan", "ujarkan", "sampaikan", "tuturkan", "jelaskan",
    "tegaskan", "terangkan", "ungkapkan", "tambahkan", "paparkan", "pungkaskan", "kata dia",
)  # fmt: skip
SPEECH_VERBS_BEFORE: tuple[str, ...] = (
    "mengatakan", "menjelaskan", "menegaskan", "menambahkan", "menuturkan", "mengungkapkan",
    "menyampaikan", "menerangkan", "mengimbau", "menghimbau", "mengajak", "berharap",
    "berpesan", "menyebutkan", "menyebut", "memaparkan", "mengingatkan", "meminta",
    "menekankan", "berkata", "bertutur", "mengucapkan", "melanjutkan", "menyatakan",
    "membeberkan", "menandaskan", "mengaku", "mengakui", "menuturkan", "menginstruksikan",
    "memerintahkan", "berujar", "berucap", "bilang", "katanya", "ujarnya", "menurutnya",
    "menurut", "kata", "ujar", "tutur", "ungkap", "jelas", "tegas",
)  # fmt: skip
# Passive speech verbs: the speaker follows ("Hal itu disampaikan Kapolres X", "Hal senada
# diungkapkan oleh Ketua KPU Y").
SPEECH_VERBS_PASSIVE: tuple[str, ...] = (
    "disampaikan", "dikatakan", "diungkapkan", "ditegaskan", "dijelaskan", "diutarakan",
    "dipaparkan", "diucapkan", "disebutkan", "dituturkan", "diterangkan", "ditekankan",
)  # fmt: skip

# --- Personnel counts ------------------------------------------------------------------

# Words that make a number a deployment count ("sebanyak 1.250 personel", "berjumlah 6
# orang", "melibatkan 300 personel gabungan", "menerjunkan 150 personil").
COUNT_NOUNS: tuple[str, ...] = (
    "personel",
    "personil",
    "anggota",
    "petugas",
    "pasukan",
    "aparat",
    "orang",
    "prajurit",
)
STRONG_COUNT_NOUNS: frozenset[str] = frozenset({"personel", "personil", "pasukan"})
COUNT_MARKERS: tuple[str, ...] = (
    "sebanyak", "berjumlah", "jumlah", "total", "totalnya", "kekuatan", "sejumlah",
    "melibatkan", "dilibatkan", "menerjunkan", "diterjunkan", "mengerahkan", "dikerahkan",
    "menurunkan", "diturunkan", "menyiagakan", "disiagakan", "menempatkan", "ditempatkan",
    "menyiapkan", "disiapkan", "mempersiapkan", "dipersiapkan", "memplot", "diplot",
    "diploting", "mengerahkan", "bko", "terdiri", "terdiri dari", "terdiri atas", "mencapai",
    "menugaskan", "ditugaskan",
    # sending reinforcements: "Polda X Berangkatkan 2.000 Personel BKO", "menggeser 300
    # personel", "mengirim 150 personel", "menyebar 1.200 personel"
    "memberangkatkan", "berangkatkan", "diberangkatkan", "menggeser", "geser", "digeser",
    "mengirim", "mengirimkan", "dikirim", "menyebar", "menyebarkan", "disebar", "disebarkan",
    # headline verbs: "Polda Sumut Kerahkan 12.500 Personel", "Polri Siapkan 434 Ribu"
    "kerahkan", "terjunkan", "siagakan", "siapkan", "turunkan", "libatkan", "tempatkan",
    "sebar", "sebarkan", "plot", "tugaskan", "kirim", "kirimkan", "kekuatan penuh",
    # "sekitar 1.300 personel", "mengecek kesiapan 2.500 personel", "apel diikuti 800
    # personel", "Polda Siagakan Ribuan ... hingga 1.200 personel"
    "sekitar", "kurang lebih", "kesiapan", "diikuti", "mengikuti", "hingga",
)  # fmt: skip
# Counted people who are not the security force ("sebanyak 5 anggota KPPS", "12 petugas
# Linmas", "300 orang warga", "anggota DPRD").
NOT_FORCE_AFTER: tuple[str, ...] = (
    "kpps", "pps", "ppk", "kpu", "linmas", "bawaslu", "panwaslu", "panwascam", "pengawas",
    "tps", "dprd", "partai", "warga", "masyarakat", "pemilih", "peserta", "relawan",
    "saksi", "pendukung", "simpatisan", "massa", "pelajar", "mahasiswa",
)  # fmt: skip
# Per-post numbers are not a total ("setiap TPS dijaga 2 personel", "masing-masing 3").
PER_UNIT_WORDS: tuple[str, ...] = ("setiap", "tiap", "per", "masing-masing", "tiap-tiap")

# Indonesian number words ("berjumlah enam orang", "dua ratus personel").
NUMBER_WORDS: dict[str, int] = {
    "satu": 1, "dua": 2, "tiga": 3, "empat": 4, "lima": 5, "enam": 6, "tujuh": 7,
    "delapan": 8, "sembilan": 9, "sepuluh": 10, "sebelas": 11, "seratus": 100,
    "seribu": 1000,
}  # fmt: skip
