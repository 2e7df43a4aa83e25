from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from carehub.audit.chain import HASHED_FIELDS, verify
from carehub.audit.models import AuditChainHead, AuditEvent


class Command(BaseCommand):
    help = (
        "Check that no audit event was changed, removed or inserted: recompute the hash "
        "chain and compare it with the chain head. Exits with status 1 on tampering."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        head = AuditChainHead.objects.filter(pk=1).first()
        rows = (
            AuditEvent.objects.order_by("seq")
            .values(*HASHED_FIELDS, "prev_hash", "hash")
            .iterator(chunk_size=2000)
        )
        problems = verify(
            rows,
            head_seq=head.seq if head else None,
            head_hash=head.hash if head else None,
        )
        if problems:
            for problem in problems:
                self.stderr.write(f"Event #{problem.seq}: {problem.message}")
            raise CommandError(f"The audit chain is broken ({len(problems)} problems)")
        self.stdout.write(f"The audit chain is intact: {head.seq if head else 0} events checked")
