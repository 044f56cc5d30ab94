"""The editors' import page: an upload read, checked, previewed, then saved as drafts.

1. `create_batch` stores the upload (reports/models/imports.py): one item per file,
   with its text or the reason it was refused, and its content hash. Quick: nothing
   is parsed yet.
2. `read_next` parses a chunk of items (a few ms each), checks each record (the
   parser's warnings and the page's own) and looks for duplicates: exact (the same
   text in the archive or earlier in the upload) and near (another outlet's copy of
   the same press release: found with the full-text search, scored by shingles,
   reports/importer/duplicates.py). When every item is read, near duplicates within
   the upload are found too, and the batch waits for the editor.
3. `confirm` records the editor's choices; `save_next` saves a chunk of items as
   drafts, each in its own transaction with its item's outcome: exact duplicates are
   skipped, near duplicates join their candidate's story (one is made, titled after
   the earlier report, when it has none). Nothing here ever publishes.

The page calls `read_next` and `save_next` once per request and refreshes itself
until the batch is done, so hundreds of files never hold one request for long.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from reports import search
from reports.models import Article, ImportBatch, ImportItem, PoliceUnit, Region, Story

from . import duplicates, messages
from .load import content_hash
from .messages import RecordWarning
from .pipeline import import_text
from .records import ArticleRecord
from .uploads import UploadedText

READ_CHUNK = 50  # files parsed and checked per request (about 10 ms each)
SAVE_CHUNK = 20  # files saved per request (about 50 ms each)
CANDIDATES = 10  # archive articles the search hands to the shingle comparison, per file
SHOWN_CANDIDATES = 3  # near duplicates kept per file, best first
# A body outside these bounds is worth a look (the parser's thresholds, docs/importer.md).
SHORT_BODY_WORDS = 80
LONG_BODY_WORDS = 3000

Outcome = ImportItem.Outcome
logger = logging.getLogger(__name__)


# --- 1. Upload -----------------------------------------------------------------------


def create_batch(user, texts: list[UploadedText]) -> ImportBatch:
    """Store an upload as a batch of items, exact duplicates within it marked."""
    with transaction.atomic():
        batch = ImportBatch.objects.create(created_by=user)
        items = [
            ImportItem(
                batch=batch,
                order=order,
                name=text.name[:500],
                source=text.source[:500],
                raw_text=text.text or "",
                content_hash=content_hash(text.text) if text.text is not None else "",
                error=text.error or "",
                analysed=text.text is None,  # a refused file has nothing to read
            )
            for order, text in enumerate(texts)
        ]
        ImportItem.objects.bulk_create(items)
        items = list(batch.items.only("pk", "content_hash").order_by("order"))
        first: dict[str, ImportItem] = {}
        repeated = []
        for item in items:
            if not item.content_hash:
                continue
            if item.content_hash in first:
                item.duplicate_in_batch = first[item.content_hash]
                repeated.append(item)
            else:
                first[item.content_hash] = item
        ImportItem.objects.bulk_update(repeated, ["duplicate_in_batch"])
    return batch


# --- 2. Reading and checking ---------------------------------------------------------


def read_next(batch: ImportBatch, limit: int = READ_CHUNK) -> None:
    """Parse and check the next `limit` unread items; when none is left, find near
    duplicates within the upload and open the batch for preview."""
    if batch.status != ImportBatch.Status.READING:
        return
    for item in batch.items.filter(analysed=False).order_by("order")[:limit]:
        try:
            analyse(item)
        except Exception as error:  # one odd file must not stall the upload
            logger.exception("import item %s could not be checked", item.pk)
            ImportItem.objects.filter(pk=item.pk).update(
                analysed=True, error=f"tidak dapat diperiksa ({type(error).__name__})"
            )
    if not batch.items.filter(analysed=False).exists():
        link_within_batch(batch)
        ImportBatch.objects.filter(pk=batch.pk, status=ImportBatch.Status.READING).update(
            status=ImportBatch.Status.PREVIEW
        )
        batch.refresh_from_db(fields=["status"])


def analyse(item: ImportItem) -> None:
    """Parse one item, check its record, and look for its duplicates."""
    result = import_text(item.raw_text, name=item.name, source=item.source, dry_run=True)
    if result.error:
        item.error = messages.reason(result.error)
    else:
        record = result.record
        item.record = {**record.as_contract(), "body": record.body}
        item.warnings = [warning.as_dict() for warning in check_record(record)]
        item.duplicate_of = (
            Article.objects.filter(content_hash=item.content_hash).only("pk").first()
        )
        if not item.is_exact_duplicate:
            found = near_duplicates(record.body, exclude_hash=item.content_hash)
            item.near_duplicates = [candidate.as_dict() for candidate in found]
            if found:
                item.near_article_id = found[0].article_id
                item.near_score = found[0].score
    item.analysed = True
    item.save()


def check_record(record: ArticleRecord) -> list[RecordWarning]:
    """What an editor should look at before saving: the page's own checks (dates,
    units the archive does not know, regions, speakers, body length), then the
    parser's warnings about anything else."""
    own: list[RecordWarning] = []
    if record.published_date is None:
        own.append(RecordWarning("no_published_date", "Tanggal terbit tidak ditemukan di halaman."))
    for name in record.police_units:
        if not PoliceUnit.objects.named(name).exists():
            own.append(
                RecordWarning(
                    f"unknown_unit:{name}",
                    f"Satuan “{name}” belum ada di arsip: akan dibuat dan ditandai "
                    "perlu diperiksa.",
                )
            )
    if not record.province:
        own.append(RecordWarning("no_province", "Provinsi tidak dapat ditentukan."))
    elif not _region_exists(record.province, Region.Level.PROVINCE):
        own.append(
            RecordWarning("no_province", f"Provinsi “{record.province}” tidak ada di data wilayah.")
        )
    if record.regency and not _region_exists(record.regency, Region.Level.REGENCY):
        own.append(
            RecordWarning(
                "no_regency", f"Kabupaten/kota “{record.regency}” tidak ada di data wilayah."
            )
        )
    elif not record.regency and _names_only_district_units(record.police_units):
        own.append(
            RecordWarning(
                "no_regency",
                "Kabupaten/kota tidak dapat ditentukan, padahal berita ini tentang satuan "
                "tingkat Polres atau Polsek.",
            )
        )
    unattributed = sum(1 for quote in record.quotes if not quote.speaker)
    if unattributed:
        own.append(
            RecordWarning("no_speaker", f"{unattributed} kutipan tanpa pembicara yang dikenali.")
        )
    size = len(record.body.split())
    if size < SHORT_BODY_WORDS:
        own.append(
            RecordWarning(
                "short_body",
                f"Isi berita sangat pendek ({size} kata): periksa apakah halamannya lengkap.",
            )
        )
    elif size > LONG_BODY_WORDS:
        own.append(
            RecordWarning(
                "long_body",
                f"Isi berita sangat panjang ({size} kata): periksa apakah ada berita lain "
                "yang ikut terbawa.",
            )
        )
    return messages.combine(own, record.warnings)


def _region_exists(name: str, level: str) -> bool:
    return Region.objects.filter(level=level, name__iexact=name.strip()).exists()


def _names_only_district_units(names: list[str]) -> bool:
    """Whether the record names units, none of them a Polda or Mabes: its regency
    should then be known."""
    district = ("polres", "polresta", "polrestabes", "polsek")
    return bool(names) and all(name.lower().startswith(district) for name in names)


@dataclass(frozen=True, slots=True)
class Candidate:
    """An article of the archive that may be another copy of a new report."""

    article_id: int
    title: str
    outlet: str
    status: str
    score: float
    jaccard: float

    def as_dict(self) -> dict:
        return {
            "article": self.article_id,
            "title": self.title,
            "outlet": self.outlet,
            "status": self.status,
            "score": round(self.score, 3),
            "jaccard": round(self.jaccard, 3),
        }


def near_duplicates(body: str, *, exclude_hash: str = "") -> list[Candidate]:
    """Articles of the archive that copy `body`, best first: the search's best
    `CANDIDATES` matches for its distinctive words, kept when their shingle score
    reaches `duplicates.NEAR_DUPLICATE_SCORE`. Two queries whatever the archive's size."""
    query = duplicates.candidate_query(body)
    if query is None:
        return []
    base = Article.objects.filter(is_generated=False).exclude(content_hash=exclude_hash)
    ids = search.RankedResults(base, query, listing=None).ids(0, CANDIDATES)
    if not ids:
        return []
    mine = duplicates.shingles(body)
    found = []
    for article in (
        Article.objects.filter(pk__in=ids)
        .select_related("outlet")
        .only("pk", "title", "body", "status", "outlet__name")
    ):
        similarity = duplicates.compare(mine, duplicates.shingles(article.body))
        if similarity.is_near_duplicate:
            found.append(
                Candidate(
                    article_id=article.pk,
                    title=article.title,
                    outlet=article.outlet.name if article.outlet else "",
                    status=article.status,
                    score=similarity.score,
                    jaccard=similarity.jaccard,
                )
            )
    found.sort(key=lambda candidate: (-candidate.score, candidate.article_id))
    return found[:SHOWN_CANDIDATES]


def link_within_batch(batch: ImportBatch) -> None:
    """Mark each item that copies an earlier item of the same upload (two outlets'
    copies of one release uploaded together), so that both land in one story."""
    items = list(
        batch.items.filter(
            error="", duplicate_in_batch=None, duplicate_of=None, record__isnull=False
        )
        .only("pk", "name", "record", "near_duplicates", "near_score")
        .order_by("order")
    )
    found = duplicates.near_duplicates_within([item.record["body"] for item in items])
    changed = []
    for index, (earlier, similarity) in found.items():
        item, other = items[index], items[earlier]
        item.near_item = other
        item.near_duplicates = [
            {
                "item": other.pk,
                "title": other.record["title"],
                "outlet": other.record.get("outlet") or "",
                "name": other.name,
                "score": round(similarity.score, 3),
                "jaccard": round(similarity.jaccard, 3),
            },
            *item.near_duplicates,
        ]
        item.near_score = max(similarity.score, item.near_score or 0)
        changed.append(item)
    ImportItem.objects.bulk_update(changed, ["near_item", "near_duplicates", "near_score"])


# --- 3. Confirming and saving ----------------------------------------------------------


def confirm(
    batch: ImportBatch, user, *, excluded: set[int] = frozenset(), ungrouped: set[int] = frozenset()
) -> bool:
    """The editor's go-ahead: leave out the `excluded` items, do not group the
    `ungrouped` ones into stories, and start saving. False if the batch was not
    waiting for confirmation (already confirmed, cancelled)."""
    with transaction.atomic():
        started = ImportBatch.objects.filter(pk=batch.pk, status=ImportBatch.Status.PREVIEW).update(
            status=ImportBatch.Status.SAVING, confirmed_by=user, confirmed_at=timezone.now()
        )
        if not started:
            return False
        batch.items.filter(pk__in=excluded).update(exclude=True)
        batch.items.filter(pk__in=ungrouped).update(group_story=False)
    batch.refresh_from_db()
    return True


def cancel(batch: ImportBatch) -> bool:
    """Drop a batch waiting for confirmation; nothing was saved, nothing will be."""
    return bool(
        ImportBatch.objects.filter(
            pk=batch.pk, status__in=[ImportBatch.Status.READING, ImportBatch.Status.PREVIEW]
        ).update(status=ImportBatch.Status.CANCELLED, finished_at=timezone.now())
    )


def save_next(batch: ImportBatch, limit: int = SAVE_CHUNK) -> None:
    """Save the next `limit` pending items, each in its own transaction; mark the
    batch done when none is left."""
    if batch.status != ImportBatch.Status.SAVING:
        return
    pending = batch.items.filter(outcome=Outcome.PENDING).order_by("order")
    for pk in list(pending.values_list("pk", flat=True)[:limit]):
        save_item(pk)
    if not pending.exists():
        ImportBatch.objects.filter(pk=batch.pk, status=ImportBatch.Status.SAVING).update(
            status=ImportBatch.Status.DONE, finished_at=timezone.now()
        )
        batch.refresh_from_db(fields=["status", "finished_at"])


def save_item(pk: int) -> None:
    """Save one item as a draft (or skip it, saying why) and its outcome, in one
    transaction. Should anything unforeseen fail, nothing of it stays and the item
    is marked failed, so that one odd file cannot stall the batch."""
    try:
        with transaction.atomic(), search.batch():
            # Claim the item: an UPDATE takes the row (PostgreSQL) or the database
            # (SQLite) for this transaction, so a second request refreshing the same
            # progress page cannot save it twice.
            if not ImportItem.objects.filter(pk=pk, outcome=Outcome.PENDING).update(
                outcome=Outcome.PENDING
            ):
                return
            item = ImportItem.objects.select_related("duplicate_in_batch", "near_item").get(pk=pk)
            _save(item)
            item.save()
    except Exception as error:
        logger.exception("import item %s could not be saved", pk)
        ImportItem.objects.filter(pk=pk, outcome=Outcome.PENDING).update(
            outcome=Outcome.FAILED,
            message=f"Tidak dapat disimpan ({type(error).__name__}); tidak ada yang berubah.",
        )


def _save(item: ImportItem) -> None:
    if item.error:
        item.outcome, item.message = Outcome.FAILED, item.error
        return
    if item.exclude:
        item.outcome, item.message = Outcome.EXCLUDED, "Tidak diimpor atas pilihan editor."
        return
    if item.duplicate_in_batch is not None:
        item.outcome = Outcome.DUPLICATE
        item.article_id = item.duplicate_in_batch.article_id
        item.message = (
            f"Teks yang sama dengan berkas “{item.duplicate_in_batch.name}” di unggahan ini."
        )
        return
    existing = Article.objects.filter(content_hash=item.content_hash).only("pk", "title").first()
    if existing is not None:
        item.outcome, item.article = Outcome.DUPLICATE, existing
        item.message = f"Teks yang sama sudah ada di arsip: “{existing.title}”."
        return
    result = import_text(
        item.raw_text, name=item.name, source=item.source, status=Article.Status.DRAFT
    )
    if result.error:
        item.outcome, item.message = Outcome.FAILED, messages.reason(result.error)
        return
    item.outcome, item.article_id = Outcome.CREATED, result.article_id
    item.message = "Disimpan sebagai draf."
    if item.group_story:
        story = _group(item)
        if story is not None:
            item.message += f" Digabung ke peristiwa “{story.title}”."


def _group(item: ImportItem) -> Story | None:
    """Put the new article in the story of its near duplicate: the archive's
    candidate, else the earlier copy in this upload. A candidate without a story
    gets one, titled after it (the earlier report)."""
    target_id = item.near_article_id
    if target_id is None and item.near_item is not None:
        target_id = item.near_item.article_id
    if target_id is None or target_id == item.article_id:
        return None
    target = Article.objects.select_for_update().filter(pk=target_id).first()
    if target is None:
        return None
    if target.story_id is None:
        target.story = Story.objects.create(title=target.title)
        target.save(update_fields=["story", "updated_at"])
    article = Article.objects.get(pk=item.article_id)
    article.story = target.story
    article.save(update_fields=["story", "updated_at"])
    return target.story
