"""The desk's import page: upload, preview, confirm, duplicates and stories, bad files.

Nothing reaches the articles before the editor confirms; what is saved is a draft;
the same text is never imported twice; another outlet's copy of the same press
release joins the earlier report's story."""

import io
import re
import zipfile
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from reports.admin_import import ImportView
from reports.importer import duplicates, uploads
from reports.importer.load import content_hash
from reports.importer.uploads import UploadReader
from reports.models import Article, ImportBatch, ImportItem, Story

DATA = Path(__file__).resolve().parent / "data"
SECOND_OUTLET = DATA / "imports" / "jember_second_outlet.txt"
JEMBER_SEED = "003_d162cbefd3c39f99.txt"
JEMBER_TITLE = (
    "Siagakan Personel 24 Jam, Polres Jember Pastikan Kantor Dan Gudang Logistik KPU "
    "Dalam Keadaan Aman"
)
SECOND_TITLE = "Polres Jember Siagakan Personel 24 Jam di Kantor dan Gudang Logistik KPU"


def staff(username: str, *groups: str) -> User:
    user = User.objects.create_user(username, password="kata-sandi-rahasia-1", is_staff=True)
    for group in groups:
        user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def editor(db):
    return staff("redaktur", "Editor")


@pytest.fixture
def chief(db):
    return staff("pemred", "Chief editor")


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def import_url(**params) -> str:
    url = reverse("admin:reports_article_import")
    return url + ("?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else "")


def upload(client, files=(), text="", source=""):
    """Post the upload form; return the page it leads to (the preview for a small upload)."""
    data = {"action": "upload", "text": text, "source": source}
    data["files"] = [SimpleUploadedFile(name, content) for name, content in files]
    return client.post(import_url(), data, follow=True)


def seed_files(seed_paths):
    return [(path.name, path.read_bytes()) for path in seed_paths]


def zipped(members) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members:
            archive.writestr(name, content)
    return buffer.getvalue()


def latest_batch() -> ImportBatch:
    return ImportBatch.objects.order_by("-pk").first()


def confirm(client, batch, **choices):
    return client.post(
        import_url(), {"action": "confirm", "batch": batch.pk, **choices}, follow=True
    )


def text_of(response) -> str:
    """The page's text, tags dropped, whitespace collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


# --- Preview, then confirm ---------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("packed", ["files", "zip"])
def test_the_preview_of_the_seeds_shows_their_records_and_writes_no_article(
    editor_client, seed_paths, packed
):
    files = seed_files(seed_paths)
    if packed == "zip":
        files = [("seeds.zip", zipped(files))]
    response = upload(editor_client, files)

    assert response.status_code == 200
    page = text_of(response)
    assert "Pratinjau impor" in page and "Belum ada yang disimpan" in page
    assert "Simpan 5 berkas sebagai draf" in page
    for label in (
        "Judul",
        "Media",
        "Penulis",
        "Tanggal terbit",
        "Tanggal kejadian",
        "Dateline",
        "Pemilihan",
        "Satuan polisi",
        "Operasi",
        "Jumlah personel",
        "Provinsi",
        "Kabupaten/kota",
        "Orang yang disebut",
        "Kutipan",
        "Teks mentah",
    ):
        assert label in page, label
    # Each record as extracted: the Jember seed's title, outlet, people, quotes, region.
    assert JEMBER_TITLE in page
    assert "jember.bossman.co.id" in page
    assert "Kabag Ops Polres Jember" in page and "Kompol" in page
    assert "Pengamanan ini dilakukan untuk mencegah terjadinya" in page
    assert "Kabupaten Jember" in page and "Pemilu 2024" in page
    assert "Rabu, 3 Januari 2024" in page  # the event date, read as a date
    # The seed without a page date is flagged, in the desk's language.
    assert "Tanggal terbit tidak ditemukan di halaman." in page
    assert Article.objects.count() == 0
    assert latest_batch().status == ImportBatch.Status.PREVIEW


@pytest.mark.django_db
def test_confirming_saves_the_seeds_as_five_drafts_with_links(editor_client, seed_paths):
    upload(editor_client, seed_files(seed_paths))
    batch = latest_batch()
    response = confirm(editor_client, batch)

    assert response.status_code == 200
    page = text_of(response)
    assert "Hasil impor" in page and "5 dibuat sebagai draf" in page
    articles = Article.objects.all()
    assert articles.count() == 5
    assert set(articles.values_list("status", flat=True)) == {Article.Status.DRAFT}
    assert set(articles.values_list("source", flat=True)) == {p.name for p in seed_paths}
    for article in articles:
        assert reverse("admin:reports_article_change", args=[article.pk]) in (
            response.content.decode()
        )
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.DONE
    assert batch.confirmed_by.username == "redaktur"


@pytest.mark.django_db
def test_a_pasted_article_keeps_the_url_it_came_from(editor_client, seed_paths):
    text = seed_paths[3].read_text()
    upload(editor_client, text=text, source="https://jember.bossman.co.id/siagakan-personel")
    confirm(editor_client, latest_batch())
    article = Article.objects.get()
    assert article.title == JEMBER_TITLE
    assert article.source == "https://jember.bossman.co.id/siagakan-personel"


@pytest.mark.django_db
def test_cancelling_saves_nothing(editor_client, seed_paths):
    upload(editor_client, seed_files(seed_paths))
    batch = latest_batch()
    response = editor_client.post(
        import_url(), {"action": "cancel", "batch": batch.pk}, follow=True
    )
    assert "Impor dibatalkan" in text_of(response)
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.CANCELLED
    confirm(editor_client, batch)  # too late: a cancelled batch cannot be confirmed
    assert Article.objects.count() == 0


@pytest.mark.django_db
def test_an_empty_form_asks_for_text_or_files(editor_client):
    response = editor_client.post(import_url(), {"action": "upload", "text": "  "})
    assert response.status_code == 400
    assert "Tempel teks satu berita atau pilih berkas" in text_of(response)
    assert ImportBatch.objects.count() == 0


# --- Exact duplicates ----------------------------------------------------------------------


@pytest.mark.django_db
def test_importing_a_file_already_in_the_archive_is_flagged_and_skipped(
    editor_client, seeded, seed_paths
):
    existing = Article.objects.get(title=JEMBER_TITLE)
    response = upload(editor_client, [(JEMBER_SEED, seed_paths[3].read_bytes())])
    page = text_of(response)
    assert "Duplikat persis" in page and "sudah ada di arsip" in page
    assert reverse("admin:reports_article_change", args=[existing.pk]) in (
        response.content.decode()
    )
    assert "Simpan 0 berkas sebagai draf" in page

    response = confirm(editor_client, latest_batch())
    page = text_of(response)
    assert "0 dibuat sebagai draf" in page and "1 dilewati karena duplikat persis" in page
    assert "Teks yang sama sudah ada di arsip" in page
    assert Article.objects.count() == 5
    item = ImportItem.objects.get()
    assert (item.outcome, item.article) == (ImportItem.Outcome.DUPLICATE, existing)


@pytest.mark.django_db
def test_the_same_text_twice_in_one_upload_is_saved_once(editor_client, seed_paths):
    data = seed_paths[0].read_bytes()
    # The same page saved on Windows is the same text.
    response = upload(editor_client, [("a.txt", data), ("b.txt", data.replace(b"\n", b"\r\n"))])
    assert "sama dengan berkas 1" in text_of(response)
    confirm(editor_client, latest_batch())
    assert Article.objects.count() == 1
    second = ImportItem.objects.get(name="b.txt")
    assert second.outcome == ImportItem.Outcome.DUPLICATE
    assert second.article == Article.objects.get()


@pytest.mark.django_db
def test_a_second_import_of_a_confirmed_upload_is_flagged_as_exact_duplicates(
    editor_client, seed_paths
):
    upload(editor_client, seed_files(seed_paths))
    confirm(editor_client, latest_batch())
    response = upload(editor_client, seed_files(seed_paths))
    assert text_of(response).count("Duplikat persis") >= 5
    confirm(editor_client, latest_batch())
    assert Article.objects.count() == 5


# --- Near duplicates and stories ----------------------------------------------------------


@pytest.mark.django_db
def test_another_outlets_copy_is_a_near_duplicate_with_a_score_and_a_link(editor_client, seeded):
    earlier = Article.objects.get(title=JEMBER_TITLE)
    response = upload(editor_client, [("tapalkuda.txt", SECOND_OUTLET.read_bytes())])
    page = text_of(response)
    assert "Kemungkinan peristiwa yang sama" in page
    score = re.search(r"Mirip (\d+)%", page)
    assert score and int(score.group(1)) >= 80
    assert reverse("admin:reports_article_change", args=[earlier.pk]) in (response.content.decode())
    # The other seeds (other events, other press releases) are not candidates.
    assert "Polres Malang Jaga Netralitas" not in page
    item = ImportItem.objects.get()
    assert item.near_article == earlier and item.near_score >= 0.8
    assert Article.objects.count() == 5


@pytest.mark.django_db
def test_confirming_groups_the_copy_and_the_earlier_report_into_one_story(
    editor_client, seeded, client
):
    earlier = Article.objects.get(title=JEMBER_TITLE)
    upload(editor_client, [("tapalkuda.txt", SECOND_OUTLET.read_bytes())])
    response = confirm(editor_client, latest_batch())
    assert "Digabung ke peristiwa" in text_of(response)

    copy = Article.objects.get(title=SECOND_TITLE)
    earlier.refresh_from_db()
    assert copy.status == Article.Status.DRAFT
    assert copy.story is not None and copy.story == earlier.story
    assert copy.story.title == earlier.title  # titled after the earlier report
    assert Story.objects.count() == 1

    # The public page names the other outlet only once the copy is published.
    page = client.get(earlier.get_absolute_url())
    assert "Juga diberitakan oleh" not in text_of(page)
    copy.status = Article.Status.PUBLISHED
    copy.save()
    page = text_of(client.get(earlier.get_absolute_url()))
    assert "Juga diberitakan oleh" in page and "tapalkuda.news" in page
    page = text_of(client.get(copy.get_absolute_url()))
    assert "Juga diberitakan oleh" in page and "jember.bossman.co.id" in page


@pytest.mark.django_db
def test_a_third_copy_joins_the_existing_story(editor_client, seeded):
    earlier = Article.objects.get(title=JEMBER_TITLE)
    upload(editor_client, [("tapalkuda.txt", SECOND_OUTLET.read_bytes())])
    confirm(editor_client, latest_batch())
    third = SECOND_OUTLET.read_text().replace("TAPALKUDA.NEWS", "LINTASJEMBER.COM")
    third = third.replace("Rina Puspitasari", "Agus Salim")
    upload(editor_client, [("lintas.txt", third.encode())])
    confirm(editor_client, latest_batch())
    earlier.refresh_from_db()
    assert Story.objects.count() == 1
    assert earlier.story.articles.count() == 3


@pytest.mark.django_db
def test_copies_uploaded_together_are_grouped_into_one_story(editor_client, seed_paths):
    files = [
        (JEMBER_SEED, seed_paths[3].read_bytes()),
        ("tapalkuda.txt", SECOND_OUTLET.read_bytes()),
    ]
    response = upload(editor_client, files)
    page = text_of(response)
    assert "berkas 003_d162cbefd3c39f99.txt di unggahan ini" in page
    confirm(editor_client, latest_batch())
    first, second = Article.objects.get(title=JEMBER_TITLE), Article.objects.get(title=SECOND_TITLE)
    assert first.story is not None and first.story == second.story
    assert first.story.title == JEMBER_TITLE


@pytest.mark.django_db
def test_the_editor_can_skip_a_file_or_keep_a_copy_out_of_the_story(
    editor_client, seeded, seed_paths
):
    new = seed_paths[0].read_text().replace("Achmad Sarjono", "Penulis Lain")
    upload(
        editor_client, [("tapalkuda.txt", SECOND_OUTLET.read_bytes()), ("lain.txt", new.encode())]
    )
    batch = latest_batch()
    copy, other = batch.items.order_by("order")
    confirm(editor_client, batch, ungroup=[copy.pk], exclude=[other.pk])
    copy.refresh_from_db()
    other.refresh_from_db()
    assert copy.outcome == ImportItem.Outcome.CREATED and copy.article.story is None
    assert other.outcome == ImportItem.Outcome.EXCLUDED and other.article is None
    assert Story.objects.count() == 0


@pytest.mark.django_db
def test_the_article_page_makes_as_many_queries_for_one_copy_as_for_many(client, seeded):
    earlier = Article.objects.get(title=JEMBER_TITLE)
    story = Story.objects.create(title=earlier.title)
    earlier.story = story
    earlier.save()
    from tests.factories import make_article

    def copy(n):
        article = make_article(title=f"Salinan {n}", outlet=f"salinan{n}.co.id")
        article.story = story
        article.save()

    copy(0)
    client.get(earlier.get_absolute_url())
    with CaptureQueriesContext(connection) as one:
        client.get(earlier.get_absolute_url())
    for n in range(1, 6):
        copy(n)
    with CaptureQueriesContext(connection) as many:
        page = text_of(client.get(earlier.get_absolute_url()))
    assert "salinan5.co.id" in page
    assert len(many) == len(one)


# --- Bad files ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_bad_files_are_listed_with_their_reasons_while_good_ones_go_on(editor_client, seed_paths):
    good_member = seed_paths[1].read_bytes()
    files = [
        ("kosong.txt", b"   \n"),
        ("biner.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20),
        ("latin1.txt", "Polres Malang siagakan personel di kantor KPU".encode("latin-1") + b"\xe9"),
        ("besar.txt", b"kata " * (1024 * 1024 // 5 + 10)),
        ("catatan.pdf", b"%PDF-1.4"),
        ("bukan.zip", b"PK but not a zip"),
        (
            "jahat.zip",
            zipped(
                [
                    ("../jahat.txt", b"x"),
                    ("berita/baik.txt", good_member),
                    ("gambar.png", b"\x89PNG"),
                ]
            ),
        ),
        (seed_paths[0].name, seed_paths[0].read_bytes()),
    ]
    response = upload(editor_client, files)
    page = text_of(response)
    for reason in (
        "berkas kosong",
        "berkas biner, bukan teks",
        "bukan teks UTF-8",
        "melebihi batas 1 MB untuk satu berita",
        "bukan berkas .txt atau .zip",
        "bukan arsip zip yang sah",
        "keluar dari folder arsip",
        "bukan berkas .txt",
    ):
        assert reason in page, reason
    assert "Simpan 2 berkas sebagai draf" in page

    page = text_of(confirm(editor_client, latest_batch()))
    assert "2 dibuat sebagai draf" in page and "8 gagal" in page
    assert "keluar dari folder arsip" in page  # the summary repeats the reasons
    assert Article.objects.count() == 2
    assert Article.objects.filter(source="jahat.zip/berita/baik.txt").exists()


def test_a_zip_with_too_many_members_or_bytes_is_refused_whole(monkeypatch):
    archive = zipped([(f"{n}.txt", b"Judul\n\nIsi berita.") for n in range(5)])
    monkeypatch.setattr(uploads, "MAX_ZIP_MEMBERS", 4)
    reader = UploadReader()
    reader.add_file("banyak.zip", io.BytesIO(archive), len(archive))
    [refused] = reader.texts
    assert "berisi 5 berkas, melebihi batas 4" in refused.error

    monkeypatch.setattr(uploads, "MAX_ZIP_MEMBERS", 1000)
    bomb = zipped([("bom.txt", b"a" * 5_000_000)])  # 5 MB of one letter, a few KB zipped
    assert len(bomb) < 20_000
    monkeypatch.setattr(uploads, "MAX_TOTAL_BYTES", 1_000_000)
    reader = UploadReader()
    reader.add_file("bom.zip", io.BytesIO(bomb), len(bomb))
    [refused] = reader.texts
    assert "setelah diekstrak, melebihi batas" in refused.error


def test_a_member_whose_header_lies_about_its_size_is_read_no_further():
    bomb = bytearray(zipped([("bom.txt", b"a" * 3_000_000)]))
    # Forge the sizes in both headers to 10 bytes: the bounded read still stops.
    central = bomb.rfind(b"PK\x01\x02")
    bomb[central + 24 : central + 28] = (10).to_bytes(4, "little")
    bomb[22:26] = (10).to_bytes(4, "little")
    reader = UploadReader()
    reader.add_file("bohong.zip", io.BytesIO(bytes(bomb)), len(bomb))
    [refused] = reader.texts
    assert refused.error and refused.text is None


def test_an_upload_past_the_file_limit_lists_the_rest_on_one_line(monkeypatch):
    monkeypatch.setattr(uploads, "MAX_FILES", 3)
    reader = UploadReader()
    for n in range(5):
        reader.add_file(f"{n}.txt", io.BytesIO(b"Judul berita\n\nIsi."), 18)
    texts = reader.texts
    assert len(texts) == 4
    assert texts[-1].name == "2 berkas lainnya" and "melebihi batas 3" in texts[-1].error


# --- Who may import, and that it never publishes ---------------------------------------------


@pytest.mark.django_db
def test_a_user_without_the_import_permission_gets_403(client, seed_paths):
    client.force_login(staff("tamu"))
    assert client.get(import_url()).status_code == 403
    response = client.post(
        import_url(),
        {"action": "upload", "files": [SimpleUploadedFile("a.txt", seed_paths[0].read_bytes())]},
    )
    assert response.status_code == 403
    assert ImportBatch.objects.count() == 0


@pytest.mark.django_db
def test_a_reader_who_is_not_staff_is_sent_to_the_login(client):
    client.force_login(User.objects.create_user("pembaca", password="kata-sandi-rahasia-1"))
    response = client.get(import_url())
    assert response.status_code == 302 and "login" in response["Location"]


@pytest.mark.django_db
def test_the_change_list_offers_the_import_page_to_editors(editor_client):
    html = editor_client.get(reverse("admin:reports_article_changelist")).content.decode()
    assert import_url() in html


@pytest.mark.django_db
def test_the_page_never_publishes_even_for_a_chief_editor(client, chief, seed_paths):
    client.force_login(chief)
    client.post(
        import_url(),
        {
            "action": "upload",
            "status": "published",
            "files": [SimpleUploadedFile(p.name, p.read_bytes()) for p in seed_paths],
        },
    )
    batch = latest_batch()
    client.post(import_url(), {"action": "confirm", "batch": batch.pk, "status": "published"})
    assert Article.objects.count() == 5
    assert not Article.objects.exclude(status=Article.Status.DRAFT).exists()
    assert client.get("/articles/?q=jember").content.count(b"Polres Jember Pastikan") == 0


@pytest.mark.django_db
def test_an_unknown_batch_is_404(editor_client):
    assert editor_client.get(import_url(batch=999)).status_code == 404
    assert editor_client.get(import_url(batch="x")).status_code == 404


# --- Large uploads: a chunk per request, a page that refreshes itself -------------------------


@pytest.mark.django_db
def test_a_large_upload_is_read_and_saved_a_chunk_per_request(
    editor_client, seed_paths, monkeypatch
):
    monkeypatch.setattr(ImportView, "read_chunk", 2)
    monkeypatch.setattr(ImportView, "save_chunk", 2)
    response = upload(editor_client, seed_files(seed_paths))
    batch = latest_batch()
    url = batch.get_absolute_url()

    # Read: 2 files in the upload request, 2 more in each visit of the page it leads to.
    assert '<meta http-equiv="refresh" content="0">' in response.content.decode()
    assert "4 dari 5 berkas" in text_of(response)
    page = editor_client.get(url)
    assert "Pratinjau impor" in text_of(page)
    assert b'http-equiv="refresh"' not in page.content
    assert Article.objects.count() == 0

    # Save: 2 in the confirming request, then 2 per visit; each file on its own.
    response = confirm(editor_client, batch)
    assert "Menyimpan draf" in text_of(response) and "4 dari 5 berkas" in text_of(response)
    assert Article.objects.count() == 4
    page = text_of(editor_client.get(url))
    assert "5 dibuat sebagai draf" in page
    assert Article.objects.count() == 5
    # A visit after the end changes nothing.
    editor_client.get(url)
    assert Article.objects.count() == 5


@pytest.mark.django_db
def test_two_requests_never_save_one_file_twice(editor_client, seed_paths):
    from reports.importer import batches

    upload(editor_client, seed_files(seed_paths[:1]))
    batch = latest_batch()
    batches.confirm(batch, None)
    item = batch.items.get()
    batches.save_item(item.pk)
    batches.save_item(item.pk)  # a second refresh that saw the item pending
    assert Article.objects.count() == 1


@pytest.mark.django_db
def test_an_unforeseen_failure_marks_the_file_failed_and_the_rest_go_on(
    editor_client, seed_paths, monkeypatch
):
    from reports.importer import batches

    real_save = batches._save

    def fragile(item):
        if item.order == 1:
            raise RuntimeError("boom")
        real_save(item)

    monkeypatch.setattr(batches, "_save", fragile)
    upload(editor_client, seed_files(seed_paths[:3]))
    page = text_of(confirm(editor_client, latest_batch()))
    assert "2 dibuat sebagai draf" in page and "1 gagal" in page
    assert "Tidak dapat disimpan (RuntimeError)" in page
    assert Article.objects.count() == 2


@pytest.mark.django_db
def test_a_file_that_cannot_be_checked_is_refused_and_the_rest_previewed(
    editor_client, seed_paths, monkeypatch
):
    from reports.importer import batches

    real_analyse = batches.analyse

    def fragile(item):
        if item.order == 0:
            raise ValueError("boom")
        real_analyse(item)

    monkeypatch.setattr(batches, "analyse", fragile)
    page = text_of(upload(editor_client, seed_files(seed_paths[:2])))
    assert "tidak dapat diperiksa (ValueError)" in page
    assert "Simpan 1 berkas sebagai draf" in page


@pytest.mark.django_db
def test_the_preview_of_many_files_is_paged(editor_client, seed_paths, monkeypatch):
    monkeypatch.setattr("reports.admin_import.DETAILS_PER_PAGE", 2)
    response = upload(editor_client, seed_files(seed_paths))
    page = text_of(response)
    assert "Rincian berkas 1–2 dari 5" in page
    assert "Simpan 5 berkas sebagai draf" in page  # the form covers every file
    url = latest_batch().get_absolute_url() + "&page=3"
    assert "Rincian berkas 5–5 dari 5" in text_of(editor_client.get(url))


# --- Shingles and candidates (pure) ------------------------------------------------------------

RELEASE = (
    "Kapolres Sampang AKBP Hartono memimpin apel gelar pasukan pengamanan tahapan "
    "pemungutan suara di halaman Mapolres Sampang pada Senin pagi. Sebanyak 450 personel "
    "gabungan dikerahkan ke 1.200 tempat pemungutan suara yang tersebar di empat belas "
    "kecamatan, dengan prioritas pada desa yang dinilai rawan gangguan."
)


def test_shingles_are_runs_of_five_words_without_case_or_punctuation():
    assert duplicates.shingles("Satu, dua tiga EMPAT lima enam.") == {
        ("satu", "dua", "tiga", "empat", "lima"),
        ("dua", "tiga", "empat", "lima", "enam"),
    }
    assert duplicates.shingles("tiga kata saja") == {("tiga", "kata", "saja")}
    assert duplicates.shingles("  ") == frozenset()


def test_a_lightly_edited_copy_scores_high_and_another_report_low():
    edited = RELEASE.replace("Senin pagi", "Senin (12/2/2024)").replace("Sebanyak ", "")
    edited = "SAMPANG - " + edited + " Editor: Redaksi."
    copy = duplicates.similarity(RELEASE, edited)
    assert copy.is_near_duplicate and copy.score > 0.7
    assert 0 < copy.jaccard < copy.containment
    other = duplicates.similarity(
        RELEASE,
        "Polres Sampang menggelar patroli malam di sejumlah kecamatan untuk memastikan "
        "suasana tetap kondusif menjelang pemungutan suara, kata Kasihumas Polres Sampang.",
    )
    assert not other.is_near_duplicate and other.score < 0.1


def test_containment_finds_a_copy_with_an_added_paragraph():
    longer = (
        RELEASE
        + " "
        + (
            "Redaksi juga menerima laporan warga tentang spanduk kampanye yang dipasang di "
            "pohon peneduh jalan protokol, yang kemudian ditertibkan petugas Satpol PP. " * 2
        )
    )
    result = duplicates.similarity(RELEASE, longer)
    assert result.containment == 1.0 and result.jaccard < 0.7 and result.is_near_duplicate


def test_very_short_texts_are_scored_by_resemblance():
    short = "apel gelar pasukan pengamanan pemilu di halaman mapolres"
    result = duplicates.similarity(short, short + " sampang pada senin pagi ini")
    assert result.containment == 1.0 and result.score == result.jaccard < 0.5


def test_distinctive_words_skip_the_archives_common_words_and_favour_names():
    chosen = duplicates.distinctive_words(RELEASE)
    assert chosen[0] in {"sampang", "hartono"}
    assert "hartono" in chosen and "450" in chosen
    assert not {"polres", "personel", "pengamanan", "yang", "kapolres"} & set(chosen)


def test_the_candidate_query_deals_words_into_and_ed_groups():
    query = duplicates.candidate_query(RELEASE)
    assert len(query.all_of) == duplicates.QUERY_GROUPS
    words = [term.words[0] for group in query.all_of for term in group]
    assert words and len(words) == len(set(words)) <= duplicates.QUERY_WORDS
    assert duplicates.candidate_query("yang dan di") is None


def test_near_duplicates_within_an_upload_point_to_the_earlier_copy():
    texts = [RELEASE, "Patroli malam Polres Sampang di pasar kota.", "SAMPANG - " + RELEASE]
    found = duplicates.near_duplicates_within(texts)
    assert list(found) == [2]
    earlier, result = found[2]
    assert earlier == 0 and result.score > 0.9


def test_content_hash_ignores_line_endings_so_a_windows_copy_is_exact():
    assert content_hash("a\r\nb\n") == content_hash("a\nb")


# --- What the editor reads: reasons and warnings in Indonesian --------------------------------


def test_the_readers_reasons_are_said_in_indonesian_and_unknown_ones_kept():
    from reports.importer import messages

    assert messages.reason("the file is empty") == "berkas kosong"
    assert messages.reason(
        "the file is not UTF-8 text (byte 0xe9 at position 45 cannot be decoded)"
    ) == ("bukan teks UTF-8 (byte 0xe9 di posisi 45 tidak dapat dibaca)")
    assert messages.reason("No headline was found in the text.") == ("judul berita tidak ditemukan")
    assert messages.reason("something new") == "something new"


def test_the_pages_checks_and_the_parsers_warnings_show_once():
    from reports.importer import messages
    from reports.importer.messages import RecordWarning

    own = [RecordWarning("no_published_date", "Tanggal terbit tidak ditemukan di halaman.")]
    combined = messages.combine(
        own,
        [
            "No publication date was found on the page.",
            "The region of Polres Xyz could not be resolved.",
            "A brand new warning.",
        ],
    )
    assert [w.text for w in combined] == [
        "Tanggal terbit tidak ditemukan di halaman.",
        "Wilayah Polres Xyz tidak dapat ditentukan.",
        "A brand new warning.",
    ]


@pytest.mark.django_db
def test_a_record_is_checked_for_units_regions_speakers_and_length(seeded, seed_paths):
    from reports.importer.batches import check_record
    from reports.importer.parse import parse_article
    from reports.importer.records import QuoteRecord

    record = parse_article(seed_paths[3].read_text(), JEMBER_SEED)
    assert check_record(record) == []  # the seed is clean, Polres Jember is known
    record.published_date = None
    record.police_units = ["Polres Jember", "Polres Atlantis"]
    record.regency = "Kabupaten Atlantis"
    record.quotes.append(QuoteRecord(speaker=None, text="Aman terkendali."))
    record.body = "Terlalu pendek."
    texts = [warning.text for warning in check_record(record)]
    assert texts == [
        "Tanggal terbit tidak ditemukan di halaman.",
        "Satuan “Polres Atlantis” belum ada di arsip: akan dibuat dan ditandai perlu diperiksa.",
        "Kabupaten/kota “Kabupaten Atlantis” tidak ada di data wilayah.",
        "1 kutipan tanpa pembicara yang dikenali.",
        "Isi berita sangat pendek (2 kata): periksa apakah halamannya lengkap.",
    ]


@pytest.mark.django_db
def test_the_import_page_lists_your_last_uploads(editor_client, seed_paths):
    upload(editor_client, seed_files(seed_paths[:1]))
    page = text_of(editor_client.get(import_url()))
    assert "Unggahan terakhir Anda" in page and f"#{latest_batch().pk}" in page


# --- A batch is its owner's (and the chief editors') ------------------------------------


@pytest.fixture
def other_editors_batch(db, seed_paths):
    """A batch uploaded by another editor (in a browser of their own), waiting for
    confirmation."""
    from django.test import Client

    other = Client()
    other.force_login(staff("redaktur-lain", "Editor"))
    upload(other, seed_files(seed_paths[:1]))
    batch = latest_batch()
    assert batch.status == ImportBatch.Status.PREVIEW
    return batch


@pytest.mark.django_db
def test_another_editors_batch_cannot_be_seen_confirmed_or_cancelled(
    editor_client, other_editors_batch
):
    batch = other_editors_batch
    assert editor_client.get(import_url(batch=batch.pk)).status_code == 404
    assert editor_client.get(import_url(batch=batch.pk, page=1)).status_code == 404
    for action in ("confirm", "cancel"):
        response = editor_client.post(import_url(), {"action": action, "batch": batch.pk})
        assert response.status_code == 404, action
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.PREVIEW
    assert not Article.objects.exists()


@pytest.mark.django_db
def test_the_batch_list_shows_an_editor_only_their_own(editor_client, other_editors_batch):
    upload(editor_client, text=(DATA / "imports" / "jember_second_outlet.txt").read_text())
    mine = latest_batch()
    changelist = editor_client.get(reverse("admin:reports_importbatch_changelist"))
    assert changelist.status_code == 200
    html = changelist.content.decode()
    assert f'?batch={mine.pk}"' in html
    assert f'?batch={other_editors_batch.pk}"' not in html
    change = reverse("admin:reports_importbatch_change", args=[other_editors_batch.pk])
    response = editor_client.get(change, follow=True)
    assert f"Impor #{other_editors_batch.pk}" not in response.content.decode()
    history = reverse("admin:reports_importbatch_history", args=[other_editors_batch.pk])
    response = editor_client.get(history, follow=True)
    assert f"Impor #{other_editors_batch.pk}" not in response.content.decode()


@pytest.mark.django_db
def test_a_chief_editor_sees_and_confirms_any_batch(client, chief, other_editors_batch):
    client.force_login(chief)
    changelist = client.get(reverse("admin:reports_importbatch_changelist")).content.decode()
    assert f'?batch={other_editors_batch.pk}"' in changelist
    assert client.get(import_url(batch=other_editors_batch.pk)).status_code == 200
    confirm(client, other_editors_batch)
    other_editors_batch.refresh_from_db()
    assert other_editors_batch.status == ImportBatch.Status.DONE
    assert Article.objects.get().status == Article.Status.DRAFT
