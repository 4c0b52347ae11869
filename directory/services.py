"""Writes to the directory that are more than a plain form save."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from directory.models import Organisation, Regulation, Service


@transaction.atomic
def set_published(*, entry: Organisation | Service | Regulation, published: bool, actor: Any) -> bool:
    """Publish or unpublish a directory entry; returns whether anything changed.

    The row is locked so that two editors switching at once leave one history row each
    in order; an entry already in the asked state writes nothing."""
    locked = type(entry).objects.select_for_update().get(pk=entry.pk)
    if locked.published == published:
        entry.published = published
        return False
    locked.published = published
    locked._history_user = actor  # type: ignore[union-attr]
    locked.save(update_fields=["published", "updated_at"])
    entry.published = published
    return True
