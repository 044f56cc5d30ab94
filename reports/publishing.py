"""Who may move a report to or from the public site: one rule, asked by every route.

A report is public while it is published or withdrawn (a withdrawn report was public
and says so). Only a chief editor (`reports.publish_article`) moves a report to,
from or between those statuses; an editor moves reports between draft and review.

The rule compares with the status stored in the database now, read fresh, never with
the instance a form or view was handed: the history revert hands over an old version,
whose status says nothing about the report today. The desk's change form, its revert
page and its actions all ask here (reports/admin.py); the walk in
tests/test_desk_permissions.py checks that every admin route does.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from .models import Article

PUBLIC_STATUSES = frozenset({Article.Status.PUBLISHED, Article.Status.WITHDRAWN})


def can_publish(user) -> bool:
    return user.has_perm("reports.publish_article")


def crosses_public_line(old: str | None, new: str | None) -> bool:
    """Whether going from `old` to `new` publishes, withdraws or republishes
    (None: no report, before it is made or after it is deleted)."""
    return old != new and (old in PUBLIC_STATUSES or new in PUBLIC_STATUSES)


def stored_status(pk: int | None, *, lock: bool = False) -> str | None:
    """The report's status in the database now; None for a report not saved yet.
    `lock` holds the row until the transaction ends (call it inside one)."""
    if pk is None:
        return None
    rows = Article.objects.filter(pk=pk)
    if lock:
        rows = rows.select_for_update()
    return rows.values_list("status", flat=True).first()


def may_set_status(user, pk: int | None, new: str, *, lock: bool = False) -> bool:
    """Whether `user` may give report `pk` (None: a new one, which starts as a
    draft) the status `new`."""
    old = stored_status(pk, lock=lock) or Article.Status.DRAFT
    return can_publish(user) or not crosses_public_line(old, new)


def check_status(user, pk: int | None, new: str) -> None:
    """Refuse (PermissionDenied) unless `user` may give report `pk` the status `new`.
    Locks the report's row: call it inside the transaction that saves."""
    if not may_set_status(user, pk, new, lock=True):
        raise PermissionDenied
