"""Writes to the directory that are more than a plain form save."""

from __future__ import annotations

import datetime
from typing import Any, TypeVar

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext

from directory.models import Organisation, Regulation, Service
from nvm.errors import PreconditionFailed


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


# --- Creating and editing entries (the API's serializers and the editor's pages) ------------------------------------

E = TypeVar("E", bound=models.Model)

#: Fields whose change moves ``capacity_updated_at`` along.
_CAPACITY_FIELDS = frozenset({"capacity_total", "capacity_free"})


class StaleEntry(PreconditionFailed):
    """The editor's copy is older than the entry: someone saved it in between."""


def version_of(entry: Organisation | Service | Regulation) -> str:
    """The version an editor's form carries: the moment of the entry's last save."""
    return entry.updated_at.isoformat()


def _split(model: type[models.Model], values: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Plain fields and many-to-many relations of ``values``."""
    to_many = {field.name for field in model._meta.many_to_many}
    plain = {name: value for name, value in values.items() if name not in to_many}
    return plain, {name: value for name, value in values.items() if name in to_many}


@transaction.atomic
def entry_create(*, model: type[E], values: dict[str, Any], actor: Any) -> E:
    """Create a directory entry (a draft unless ``published`` says otherwise) with its relations;
    the history names the actor."""
    plain, to_many = _split(model, values)
    entry = model(**plain)
    entry._history_user = actor  # type: ignore[attr-defined]  # read by simple-history
    entry.save()
    for name, related in to_many.items():
        getattr(entry, name).set(related)
    return entry


@transaction.atomic
def entry_update(
    *,
    entry: Organisation | Service | Regulation,
    values: dict[str, Any],
    actor: Any,
    expected_version: str | None = None,
) -> bool:
    """Change a directory entry; returns whether anything changed (a no-op writes nothing).

    The row is locked and, when the caller names the version it started from, compared with it
    under the lock: a stale copy raises ``StaleEntry`` and changes nothing. Any change, also one of
    the relations only, moves ``updated_at`` on, so that the next stale copy is noticed."""
    locked: Any = type(entry).objects.select_for_update().get(pk=entry.pk)
    if expected_version is not None and version_of(locked) != expected_version:
        raise StaleEntry(
            gettext(
                "Iemand anders heeft dit item opgeslagen nadat u het opende. Uw wijzigingen zijn niet "
                "opgeslagen: laad het item opnieuw en breng ze dan opnieuw aan."
            )
        )
    plain, to_many = _split(type(locked), values)
    changed: list[str] = [name for name, value in plain.items() if getattr(locked, name) != value]
    relations = {
        name: related
        for name, related in to_many.items()
        if {obj.pk for obj in related} != set(getattr(locked, name).values_list("pk", flat=True))
    }
    if not changed and not relations:
        return False
    for name in changed:
        setattr(locked, name, plain[name])
    if _CAPACITY_FIELDS & set(changed) and "capacity_updated_at" not in changed:
        locked.capacity_updated_at = timezone.now()
        changed.append("capacity_updated_at")
    locked._history_user = actor
    # Relations first, so that the last history row (written by the save) holds every new value.
    for name, related in relations.items():
        getattr(locked, name).set(related)
    locked.save(update_fields=[*changed, "updated_at"])
    _copy(locked, entry, [*changed, "updated_at"])
    return True


def _copy(source: models.Model, target: models.Model, names: list[str]) -> None:
    for name in names:
        setattr(target, name, getattr(source, name))


@transaction.atomic
def entry_mark_reviewed(*, entry: Service | Regulation, actor: Any, on: datetime.date | None = None) -> bool:
    """Record that an editor checked the entry today; returns whether anything changed."""
    locked = type(entry).objects.select_for_update().get(pk=entry.pk)
    day = on or timezone.localdate()
    if locked.last_reviewed == day:
        entry.last_reviewed = day
        return False
    locked.last_reviewed = day
    locked._history_user = actor  # type: ignore[union-attr]
    locked.save(update_fields=["last_reviewed", "updated_at"])
    _copy(locked, entry, ["last_reviewed", "updated_at"])
    return True
