"""``manage.py render_handovers --failed`` (or ids): render handover documents that failed again."""

from __future__ import annotations

import uuid
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from referrals.handovers.services import handover_retry
from referrals.models import Handover, HandoverState


class Command(BaseCommand):
    help = "Render failed handover documents again, from the first try (after fixing what made them fail)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("ids", nargs="*", help="handover ids (default with --failed: every failed handover)")
        parser.add_argument("--failed", action="store_true", help="every handover whose rendering failed")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            ids = [uuid.UUID(raw) for raw in options["ids"]]
        except ValueError:
            raise CommandError("give handover ids (UUIDs)") from None
        if options["failed"] and not ids:
            ids = list(Handover.objects.filter(state=HandoverState.FAILED).values_list("id", flat=True))
        if not ids:
            raise CommandError("name handover ids, or pass --failed")
        count = handover_retry(handover_ids=ids)
        self.stdout.write(f"{count} handover(s) scheduled for rendering")
