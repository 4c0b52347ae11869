"""The chain's links and the checkpoints of its head.

Both tables are append-only: on PostgreSQL a trigger refuses UPDATE and DELETE
(``audit.sql``), except inside ``audit.chain.erase``.
"""

from __future__ import annotations

from django.db import models


class Entry(models.Model):
    """One link of the chain: one audited row (by table label and primary key, with the digest
    of its canonical form), or an erasure record.

    ``hash`` = SHA-256(``prev_hash`` ‖ canonical JSON of this entry); see ``audit.chain`` and
    docs/decisions/0008-audit-chain.md. ``seq`` is gapless: appends are serialised."""

    seq = models.BigIntegerField(primary_key=True)
    at = models.DateTimeField()
    source = models.CharField(max_length=100, help_text="table label, e.g. referrals.referralevent")
    object_pk = models.CharField(max_length=64, blank=True)
    form = models.PositiveSmallIntegerField(help_text="version of the source's canonical field list")
    row_digest = models.CharField(max_length=64, blank=True)
    data = models.JSONField(default=dict, blank=True)
    # Unique: two entries can never follow the same one, whatever a writer does (no fork).
    prev_hash = models.CharField(max_length=64, unique=True)
    hash = models.CharField(max_length=64)

    class Meta:
        ordering = ["seq"]
        verbose_name_plural = "entries"
        indexes = [models.Index(fields=["source", "object_pk"])]
        permissions = [("verify_chain", "Can verify the audit chain")]

    def __str__(self) -> str:
        return f"#{self.seq} {self.source} {self.object_pk}"


class Checkpoint(models.Model):
    """The head of the chain as recorded on one day, after a full verification.

    The same line also goes to a file outside the database and to the auditors by e-mail
    (``audit.heads``), so that a rewrite of the whole chain no longer matches it."""

    day = models.DateField(unique=True)
    seq = models.BigIntegerField()
    hash = models.CharField(max_length=64)
    valid = models.BooleanField(help_text="whether the full verification passed when it was recorded")
    checked = models.BigIntegerField(default=0)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["day"]

    def __str__(self) -> str:
        return f"{self.day}: #{self.seq} {self.hash[:12]}"
