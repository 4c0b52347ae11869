"""Where issued documents are kept: ``STORAGES["handovers"]`` (the var directory, or an S3 store).

A document is stored once under a name of its own (its handover, version and hash), never
overwritten and never rendered again; ``read`` gives back exactly the stored bytes.
"""

from __future__ import annotations

import hashlib

from django.core.files.base import ContentFile
from django.core.files.storage import Storage, storages

from referrals.models import Handover


def backend() -> Storage:
    """Looked up on each use, so that a change of ``STORAGES`` (tests, settings) is followed."""
    return storages["handovers"]


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def store(handover: Handover, data: bytes, digest: str) -> str:
    """Save the bytes under a new name; the name actually used (the storage never overwrites)."""
    name = f"{handover.referral_id}/{handover.id}-v{handover.version}-{digest[:16]}.pdf"
    return backend().save(name, ContentFile(data))


def read(name: str) -> bytes:
    with backend().open(name, "rb") as handle:
        data: bytes = handle.read()
    return data


def discard(name: str) -> None:
    """Remove a stored file that lost the race to become a handover's document (or was erased)."""
    backend().delete(name)
